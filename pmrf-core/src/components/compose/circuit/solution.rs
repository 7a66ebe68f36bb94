//! [`Solution`]: the voltages of the nets and the currents into every terminal of a circuit at
//! one frequency, for given powers into its ports.

use num_complex::Complex64;

use super::{Connection, Netlisted, Scratch, Topology, shorts};
use crate::network::reference::{WaveDef, renormalize_s};
use crate::network::{Mat, Z0};
use crate::{Error, Result};

/// The state of a circuit at one frequency for one excitation: peak phasors, as scikit-rf's
/// `Circuit.voltages` and `Circuit.currents` give them.
///
/// Port `k` is driven by a source matched to its reference `z0_k` delivering the available
/// power `P_k` at phase `phi_k`: its incident power wave is `a_k = sqrt(2 P_k) e^(j phi_k)`
/// (peak), so a matched 50 ohm load driven with 1 W sees 10 V and 0.2 A.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Resistor;
///
/// #[derive(Model, pmrf::Circuit, Clone, Debug)]
/// #[circuit(port(1, top))]
/// struct Load<T: Scalar = f64> {
///     #[circuit(top, gnd)]
///     r: Resistor<T>,
/// }
///
/// let state = pmrf::components::circuit::solution(&Load { r: Resistor::new(50.0) }, 1e9, [1.0], [0.0])?;
/// assert!((state.voltage("top")? - 10.0).norm() < 1e-12);
/// assert!((state.current("r", 0)? - 0.2).norm() < 1e-12); // into the resistor
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    nets: Vec<String>,
    net_voltages: Vec<Complex64>,
    parts: Vec<String>,
    /// Per part, per terminal: the current into the part.
    currents: Vec<Vec<Complex64>>,
    /// Per external port: voltage and current into the circuit.
    ports: Vec<(Complex64, Complex64)>,
}

impl Solution {
    /// The voltage of `net` to ground (V, peak); 0 for [`GROUND`](super::GROUND).
    ///
    /// # Errors
    /// [`Error::UnknownName`] if there is no such net.
    pub fn voltage(&self, net: &str) -> Result<Complex64> {
        match self.nets.iter().position(|n| n == net) {
            Some(i) => Ok(self.net_voltages[i]),
            None => Err(Error::UnknownName {
                what: "net",
                name: net.into(),
                available: self.nets.join(", "),
            }),
        }
    }

    /// The current (A, peak) into `part` through its terminal `terminal` (0-based: the port
    /// of a `K`-port, or the first or second net of a 1-port between two nets). NaN for a
    /// part on a loop of zero-ohm parts, whose current the circuit does not determine.
    ///
    /// # Errors
    /// [`Error::UnknownName`] if there is no such part, [`Error::PortOutOfRange`] if it has
    /// no such terminal.
    pub fn current(&self, part: &str, terminal: usize) -> Result<Complex64> {
        let Some(p) = self.parts.iter().position(|n| n == part) else {
            return Err(Error::UnknownName {
                what: "part",
                name: part.into(),
                available: self.parts.join(", "),
            });
        };
        self.currents[p]
            .get(terminal)
            .copied()
            .ok_or_else(|| Error::PortOutOfRange {
                part: format!("part `{part}` of the circuit"),
                port: terminal,
                ports: self.currents[p].len(),
            })
    }

    /// The voltage (V, peak) at external port `port` (from 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a port that does not exist.
    pub fn port_voltage(&self, port: usize) -> Result<Complex64> {
        Ok(self.port(port)?.0)
    }

    /// The current (A, peak) into the circuit at external port `port` (from 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a port that does not exist.
    pub fn port_current(&self, port: usize) -> Result<Complex64> {
        Ok(self.port(port)?.1)
    }

    fn port(&self, port: usize) -> Result<(Complex64, Complex64)> {
        (port >= 1)
            .then(|| self.ports.get(port - 1).copied())
            .flatten()
            .ok_or_else(|| {
                let expected = format!("an external port, 1 to {}", self.ports.len());
                Error::invalid("port", port as f64, expected)
            })
    }
}

/// The voltages of the nets and the currents into every terminal of `circuit` at `f` (Hz),
/// with the available powers `power_w` (W) at phases `phase_rad` into its ports (see
/// [`Solution`]). Computed by the exact connection method.
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative or non-finite frequency or power, or a
/// non-finite phase; [`Error::InvalidNetwork`] where the circuit is singular at `f`.
pub fn solution<C, const N: usize>(
    circuit: &C,
    f: f64,
    power_w: [f64; N],
    phase_rad: [f64; N],
) -> Result<Solution>
where
    C: Netlisted<f64, N>,
{
    if !(f.is_finite() && f >= 0.0) {
        return Err(Error::invalid("f", f, "finite and >= 0 Hz"));
    }
    if let Some(k) = power_w.iter().position(|p| !(p.is_finite() && *p >= 0.0)) {
        let name = format!("power_w[{k}] (port {})", k + 1);
        return Err(Error::invalid(&name, power_w[k], "finite and >= 0 W"));
    }
    if let Some(k) = phase_rad.iter().position(|p| !p.is_finite()) {
        let name = format!("phase_rad[{k}] (port {})", k + 1);
        return Err(Error::invalid(&name, phase_rad[k], "finite"));
    }
    let topo: &Topology = circuit.topology();
    let mut scratch = Scratch::new();
    circuit_parts_s(circuit, topo, f, &mut scratch);
    let merged = shorts::merge_loops(&topo.net, &scratch.parts);
    let own = merged.as_ref().map(|(net, _)| Connection::new::<N>(net));
    let net = merged.as_ref().map_or(&topo.net, |(net, _)| net);
    let connection = own.as_ref().unwrap_or(&topo.connection);
    let singular = || {
        Error::InvalidNetwork(format!(
            "circuit: singular at {f} Hz (a lossless resonance with no outlet, or a floating net)"
        ))
    };
    // The port waves at the ports' own references, then the same state in 50 ohm waves.
    let s50: Mat<f64, N> = connection.solve(&mut scratch).ok_or_else(singular)?;
    let z0: [Complex64; N] = std::array::from_fn(|k| Complex64::new(topo.checked.z0[k], 0.0));
    let s = renormalize_s(&s50, &[Complex64::new(Z0, 0.0); N], &z0, WaveDef::Power);
    let a: [Complex64; N] =
        std::array::from_fn(|k| Complex64::from_polar((2.0 * power_w[k]).sqrt(), phase_rad[k]));
    let ports: Vec<(Complex64, Complex64)> = (0..N)
        .map(|p| {
            let b: Complex64 = (0..N).map(|q| s[p][q] * a[q]).sum();
            let r = z0[p].re.sqrt();
            ((a[p] + b) * r, (a[p] - b) / r)
        })
        .collect();
    let a50: [Complex64; N] =
        std::array::from_fn(|k| (ports[k].0 + ports[k].1 * Z0) / (2.0 * Z0.sqrt()));
    let waves = connection.waves(&mut scratch, &a50).ok_or_else(singular)?;
    // Voltages of the solver's nodes (merged ones included), from the waves at every terminal
    // and the external ports; currents into every terminal of every part that stays (the
    // parts on a zero-ohm loop keep NaN).
    let nan = Complex64::new(f64::NAN, f64::NAN);
    let mut node_v = vec![nan; topo.net.grounded.len()];
    for (k, &node) in net.externals.iter().enumerate() {
        node_v[node] = ports[k].0;
    }
    let mut currents: Vec<Vec<Complex64>> = (topo.checked.parts.iter())
        .map(|p| vec![nan; p.nodes.len()])
        .collect();
    let mut unknowns = waves.iter();
    for el in &net.elements {
        let part = topo.net.elements.iter().position(|e| e.offset == el.offset);
        for (local, &node) in el.nodes.iter().enumerate() {
            let Some(&(into, out)) = unknowns.next() else {
                break;
            };
            node_v[node] = (into + out) * Z0.sqrt();
            if let Some(p) = part {
                currents[p][local] = (into - out) / Z0.sqrt();
            }
        }
    }
    let net_voltages = (0..topo.net.grounded.len())
        .map(|n| {
            let m = merged.as_ref().map_or(n, |(_, map)| map[n]);
            if topo.net.grounded[n] || net.grounded[m] {
                Complex64::new(0.0, 0.0)
            } else {
                node_v[m]
            }
        })
        .collect();
    Ok(Solution {
        nets: topo.checked.nets.clone(),
        net_voltages,
        parts: topo.checked.names.clone(),
        currents,
        ports,
    })
}

/// Writes the parts' S at `f` into `scratch.parts` as the solvers read them.
fn circuit_parts_s<C: Netlisted<f64, N>, const N: usize>(
    circuit: &C,
    topo: &Topology,
    f: f64,
    scratch: &mut Scratch<f64>,
) {
    let zero = Complex64::new(0.0, 0.0);
    scratch.raw.resize(topo.raw_len, zero);
    scratch.parts.resize(topo.parts_len, zero);
    circuit.write_s(f, &mut scratch.raw);
    topo.expand_s(scratch);
}

//! [`Network`]: network data over a frequency grid, what every model evaluates to. The type,
//! its constructors, accessors and entry names live here (the user-facing conventions are on
//! the type); features (magnitude, dB, phase, VSWR, group delay) in `features`, physical checks
//! in `checks` (the Gram matrix and its Cholesky test in `gram`, eigenvalues in `eig`), cropping and
//! interpolation in `interp`; algebra (connect, cascade, de-embed, renormalise, ports, stitching,
//! statistics) in `ops`; time domain (impulse, step, DC extrapolation, gating) in `time`;
//! single-ended <-> mixed-mode in `mixed_mode`.

mod checks;
mod eig;
mod features;
mod gram;
mod interp;
mod mixed_mode;
mod ops;
mod time;

use std::fmt;

use ndarray::{Array1, Array2, Array3};
use num_complex::Complex64;

pub(crate) use features::{gradient, unwrap_offsets};
pub use interp::Interpolation;
pub(crate) use interp::{spline, spline_moments};
pub use time::{Gate, GateMethod, GateMode, TimeOptions, TimeResponse, Window};

use crate::network::Z0;
use crate::{Error, Frequency, Result};

/// Network data: S-parameters over a frequency grid with per-port reference impedances.
///
/// What a model's evaluation, a Touchstone file, a fit target and a plot share. Conventions, as
/// everywhere in pmrf:
/// - frequency first: S has shape `(nfreq, nports, nports)`, z0 `(nfreq, nports)`; the port
///   count is a run-time value, since data files have any number of ports;
/// - row = receiving port, column = driving port: `s()[[k, 1, 0]]` is S21 at point `k`, the
///   wave leaving port 2 when port 1 is driven;
/// - ports are 0-based in code ([`Network::trace`]) and 1-based in names ([`Network::entry`]);
/// - S-parameters are power waves (Kurokawa) referred to `z0` (ohm), which may be complex with
///   `Re(z0) > 0` and may differ per port and per frequency point;
/// - a NaN entry of S means "does not exist" (a measurement gap, a representation that is
///   singular there). It propagates through the features (dB, phase, ...), and a network with a
///   NaN entry passes none of the checks ([`Network::is_passive`], ...).
///
/// Built by a checked constructor ([`Network::new`], [`Network::new_uniform`],
/// [`Network::from_s`]); the fields are private so every `Network` has consistent shapes and
/// valid reference impedances.
///
/// A model's S-parameters become a `Network` in one line:
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesR;
///
/// let freq = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz)?;
/// let model = SeriesR::new(50.0);
/// // 50 ohm on every port, as `Component::s` computes:
/// let net = Network::from_s(freq.clone(), model.s(&freq))?.with_name("50 ohm series");
/// assert_eq!((net.len(), net.nports()), (11, 2));
/// // S21 of a series R between 50 ohm ports: 2 Z0 / (2 Z0 + R) = 2/3.
/// let s21 = net.entry("s21")?;
/// assert!((s21[0].re - 2.0 / 3.0).abs() < 1e-15);
/// assert_eq!(s21, net.trace(1, 0)?);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    frequency: Frequency,
    s: Array3<Complex64>,
    z0: Array2<Complex64>,
    name: String,
}

/// `(nfreq, nports)` reference impedances all equal to `z0`.
pub(crate) fn uniform_z0(nfreq: usize, nports: usize, z0: Complex64) -> Array2<Complex64> {
    Array2::from_elem((nfreq, nports), z0)
}

impl Network {
    /// A network from its frequency grid, S-parameters `(nfreq, n, n)` and reference impedances
    /// `(nfreq, n)` in ohm. The name is empty; set it with [`Network::with_name`].
    ///
    /// Entries of `s` may be NaN (the entry does not exist at that point) but not infinite.
    ///
    /// # Errors
    /// [`Error::Shape`] if `s` is not `(nfreq, n, n)` or `z0` is not `(nfreq, n)`, where
    /// `nfreq = frequency.len()`; [`Error::InvalidNetwork`] for a reference impedance that is not
    /// finite or has `Re(z0) <= 0`, or an infinite S-parameter.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::ndarray::{Array2, Array3};
    /// use pmrf::num_complex::Complex64;
    ///
    /// let freq = Frequency::from_hz([1e9, 2e9])?;
    /// let s = Array3::<Complex64>::zeros((2, 1, 1)); // a matched load
    /// let z0 = Array2::from_elem((2, 1), Complex64::new(75.0, 0.0));
    /// let load = Network::new(freq.clone(), s.clone(), z0)?;
    /// assert_eq!(load.z0()[[1, 0]].re, 75.0);
    ///
    /// let bad = Array2::from_elem((2, 1), Complex64::new(-50.0, 0.0));
    /// assert!(Network::new(freq, s, bad).is_err()); // Re(z0) <= 0
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn new(frequency: Frequency, s: Array3<Complex64>, z0: Array2<Complex64>) -> Result<Self> {
        let nfreq = frequency.len();
        let (sf, n, m) = s.dim();
        if sf != nfreq || n != m {
            return Err(Error::Shape(format!(
                "S of a network over {nfreq} points must have shape ({nfreq}, n, n), got \
                 ({sf}, {n}, {m})"
            )));
        }
        if n == 0 {
            return Err(Error::Shape(
                "a network needs at least one port, got S of shape (nfreq, 0, 0)".into(),
            ));
        }
        if z0.dim() != (nfreq, n) {
            return Err(Error::Shape(format!(
                "z0 of a {n}-port over {nfreq} points must have shape ({nfreq}, {n}), got {:?}",
                z0.dim()
            )));
        }
        if let Some(((k, p), z)) = z0
            .indexed_iter()
            .find(|(_, z)| !(z.re.is_finite() && z.im.is_finite() && z.re > 0.0))
        {
            return Err(Error::InvalidNetwork(format!(
                "reference impedance of port {} at point {k} ({} Hz) is {z} ohm; it must be \
                 finite with a positive real part",
                p + 1,
                frequency.hz()[k]
            )));
        }
        if let Some(((k, i, j), v)) = s
            .indexed_iter()
            .find(|(_, v)| v.re.is_infinite() || v.im.is_infinite())
        {
            return Err(Error::InvalidNetwork(format!(
                "{} at point {k} ({} Hz) is {v}; S-parameters must be finite, or NaN where \
                 they do not exist",
                Self::entry_name(i, j),
                frequency.hz()[k]
            )));
        }
        Ok(Self {
            frequency,
            s,
            z0,
            name: String::new(),
        })
    }

    /// A network whose ports all have the same reference impedance `z0` (ohm) at every point.
    ///
    /// # Errors
    /// As [`Network::new`].
    pub fn new_uniform(
        frequency: Frequency,
        s: Array3<Complex64>,
        z0: impl Into<Complex64>,
    ) -> Result<Self> {
        let z0 = uniform_z0(frequency.len(), s.dim().1, z0.into());
        Self::new(frequency, s, z0)
    }

    /// A network at the default reference impedance [`Z0`] (50 ohm) on every port: the
    /// reference of [`Component::s`](crate::Component::s), so `Network::from_s(freq.clone(),
    /// model.s(&freq))` turns a model's evaluation into data.
    ///
    /// # Errors
    /// As [`Network::new`].
    pub fn from_s(frequency: Frequency, s: Array3<Complex64>) -> Result<Self> {
        Self::new_uniform(frequency, s, Complex64::new(Z0, 0.0))
    }

    /// The same network with name `name` (a label for plots and files).
    #[must_use]
    pub fn with_name(self, name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..self
        }
    }

    /// The frequency grid.
    pub fn frequency(&self) -> &Frequency {
        &self.frequency
    }

    /// The S-parameters, shape `(nfreq, nports, nports)`; `s()[[k, 1, 0]]` is S21 at point `k`.
    pub fn s(&self) -> &Array3<Complex64> {
        &self.s
    }

    /// The reference impedances in ohm, shape `(nfreq, nports)`.
    pub fn z0(&self) -> &Array2<Complex64> {
        &self.z0
    }

    /// The number of ports (at least 1).
    pub fn nports(&self) -> usize {
        self.s.dim().1
    }

    /// The number of frequency points (at least 1).
    pub fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Always `false`: a network has at least one frequency point.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The name (empty unless set with [`Network::with_name`]).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The frequency grid, S-parameters, reference impedances and name, by value.
    pub fn into_parts(self) -> (Frequency, Array3<Complex64>, Array2<Complex64>, String) {
        (self.frequency, self.s, self.z0, self.name)
    }

    /// The trace of S from port `from` to port `to` (0-based), shape `(nfreq,)`:
    /// `trace(1, 0)` is S21.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if a port is out of range.
    pub fn trace(&self, to: usize, from: usize) -> Result<Array1<Complex64>> {
        self.check_port(to)?;
        self.check_port(from)?;
        Ok(self.s.slice(ndarray::s![.., to, from]).to_owned())
    }

    /// The trace named as engineers write it, 1-based, shape `(nfreq,)`.
    ///
    /// The grammar, case-insensitive (`s` or `S`):
    /// - `s<to><from>`: exactly two digits, each a port 1-9: `"s21"` is S21, the wave out of
    ///   port 2 when port 1 is driven;
    /// - `s<to>_<from>`: any port numbers, for networks with ten ports or more: `"s10_2"`,
    ///   `"s1_12"` (also accepted for small ones: `"s2_1"` is `"s21"`).
    ///
    /// Three or more digits without `_` (`"s110"`) are ambiguous and rejected.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] for a name outside this grammar, port 0 or a port beyond
    /// [`Network::nports`].
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(0.0).s(&freq))?; // a thru
    /// assert_eq!(net.entry("S21")?[0].re, 1.0);
    /// assert_eq!(net.entry("s1_1")?[0].re, 0.0);
    /// assert!(net.entry("s31").is_err()); // a 2-port has no port 3
    /// assert!(net.entry("s01").is_err()); // names are 1-based
    /// assert!(net.entry("z21").is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn entry(&self, name: &str) -> Result<Array1<Complex64>> {
        let (to, from) = parse_entry(name)?;
        for p in [to, from] {
            if p == 0 || p > self.nports() {
                return Err(Error::InvalidNetwork(format!(
                    "`{name}` names port {p}, but the network has ports 1 to {} (names are \
                     1-based)",
                    self.nports()
                )));
            }
        }
        self.trace(to - 1, from - 1)
    }

    /// The name of the entry from port `from` to port `to` (0-based), as [`Network::entry`]
    /// reads it: `entry_name(1, 0)` is `"s21"`, `entry_name(9, 1)` is `"s10_2"`.
    pub fn entry_name(to: usize, from: usize) -> String {
        let (a, b) = (to + 1, from + 1);
        if a <= 9 && b <= 9 {
            format!("s{a}{b}")
        } else {
            format!("s{a}_{b}")
        }
    }

    fn check_port(&self, p: usize) -> Result<()> {
        if p < self.nports() {
            Ok(())
        } else {
            Err(Error::InvalidNetwork(format!(
                "port {p} out of range for a {}-port (ports are 0-based here: 0 to {})",
                self.nports(),
                self.nports() - 1
            )))
        }
    }
}

/// Parses `s21` / `s10_2` into 1-based `(to, from)`; range checks are the caller's.
pub(crate) fn parse_entry(name: &str) -> Result<(usize, usize)> {
    let bad = |why: &str| {
        Error::InvalidNetwork(format!(
            "cannot read `{name}` as an S-parameter name: {why}; expected `s<to><from>` with two \
             digits 1-9 (`s21`) or `s<to>_<from>` for any ports (`s10_2`), 1-based"
        ))
    };
    let rest = name
        .strip_prefix(['s', 'S'])
        .ok_or_else(|| bad("it does not start with `s`"))?;
    let number = |t: &str| -> Result<usize> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("a port is not a decimal number"));
        }
        t.parse().map_err(|_| bad("a port number is too large"))
    };
    match rest.split_once('_') {
        Some((a, b)) => Ok((number(a)?, number(b)?)),
        None => {
            if rest.len() != 2 {
                return Err(bad(if rest.len() > 2 {
                    "more than two digits without `_` are ambiguous"
                } else {
                    "it needs two ports"
                }));
            }
            let (a, b) = rest.split_at(1);
            Ok((number(a)?, number(b)?))
        }
    }
}

impl fmt::Display for Network {
    /// `"2-port network `thru`, 1-2 GHz, 11 pts, z0 = 50 ohm"`; the z0 part is `z0 = 50 ohm`
    /// when every port has the same real impedance at every point, `z0 varies` otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-port network", self.nports())?;
        if !self.name.is_empty() {
            write!(f, " `{}`", self.name)?;
        }
        write!(f, ", {}", self.frequency)?;
        let z = self.z0[[0, 0]];
        if z.im == 0.0 && self.z0.iter().all(|&x| x == z) {
            write!(f, ", z0 = {} ohm", z.re)
        } else if self.z0.iter().all(|&x| x == z) {
            write!(f, ", z0 = {z} ohm")
        } else {
            write!(f, ", z0 varies")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thru(nports: usize) -> Network {
        let f = Frequency::from_hz([1e9, 2e9])
            .unwrap()
            .with_unit(crate::FrequencyUnit::GHz);
        let s = Array3::from_shape_fn((2, nports, nports), |(k, i, j)| {
            Complex64::new((100 * k + 10 * i + j) as f64, 0.0)
        });
        Network::from_s(f, s).unwrap()
    }

    #[test]
    fn names_parse() {
        assert_eq!(parse_entry("s21").unwrap(), (2, 1));
        assert_eq!(parse_entry("S12").unwrap(), (1, 2));
        assert_eq!(parse_entry("s10_2").unwrap(), (10, 2));
        assert_eq!(parse_entry("s1_12").unwrap(), (1, 12));
        assert_eq!(parse_entry("s2_1").unwrap(), (2, 1));
        for bad in [
            "",
            "s",
            "s1",
            "s110",
            "21",
            "z21",
            "s2_",
            "s_2",
            "s+1_2",
            "s2 1",
            " s21",
            "s٢١",
            "s1_2_3",
            "s99999999999999999999999_1",
        ] {
            match parse_entry(bad) {
                Err(Error::InvalidNetwork(msg)) => assert!(msg.contains("s10_2"), "{msg}"),
                other => panic!("{bad:?} parsed as {other:?}"),
            }
        }
    }

    #[test]
    fn entry_and_trace_index_the_same_data() {
        let net = thru(12);
        assert_eq!(net.entry("s21").unwrap()[1].re, 110.0);
        assert_eq!(net.entry("s10_2").unwrap()[0].re, 91.0);
        assert_eq!(net.entry("s12_12").unwrap(), net.trace(11, 11).unwrap());
        for (to, from) in [(0, 0), (1, 0), (9, 1), (11, 3)] {
            let name = Network::entry_name(to, from);
            assert_eq!(net.entry(&name).unwrap(), net.trace(to, from).unwrap());
        }
        assert_eq!(Network::entry_name(1, 0), "s21");
        assert_eq!(Network::entry_name(9, 1), "s10_2");
        assert!(
            matches!(net.entry("s13_1"), Err(Error::InvalidNetwork(m)) if m.contains("1 to 12"))
        );
        assert!(net.entry("s0_1").is_err());
        assert!(net.trace(12, 0).is_err());
        assert!(net.trace(0, 12).is_err());
    }

    #[test]
    fn display() {
        let net = thru(2).with_name("thru");
        assert_eq!(
            net.to_string(),
            "2-port network `thru`, 1-2 GHz, 2 pts, z0 = 50 ohm"
        );
    }
}

//! [`NetCircuit`]: named models on named nets, solved by the S-parameter connection method at
//! every frequency point, with its exact Jacobian; and `Circuit`, `connect`, `renumber` for
//! Python, which build one.
//!
//! The netlist is checked by pmrf's own [`Topology`] (its messages name the part, net or port),
//! then solved here on run-time blocks: pmrf's solvers need the port counts of the parts at
//! compile time, a Python model has them at run time only.
//!
//! # The solution, and its derivative
//!
//! Every net is an ideal junction of its `n` connections (scattering `2/n - delta`), the ground
//! a short (`-1`), as scikit-rf's `Circuit`. With `S` the block-diagonal S of the parts' `U`
//! ports and the junctions' scattering split into part ports (`p`) and external ports (`e`),
//! the waves into the parts are `a_p = C_pp S a_p + C_pe a_e`, so
//! `S_ext = C_ee + C_ep S X` with `M = I - C_pp S` and `X = M^-1 C_pe`.
//! Differentiating (implicit differentiation of the connection system):
//! `dS_ext = L dS X` with `L = C_ep + C_ep S M^-1 C_pp`; one LU of `M` per point gives `X` and
//! (transposed) `L`, and each parameter's column costs only its own part's block of `dS`.

use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array2, Array3, Array4};
use pmrf::components::circuit::{PartInfo, Topology};
use pmrf::components::{GROUND, Netlist};
use pmrf::network::MAX_PORTS;
use pmrf::{Error, Frequency};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::{DynModel, Edit, ParamRow, PyModel};
use crate::error::IntoPy;

/// A part of a circuit: a model, its name and the nets its terminals are on.
#[derive(Clone)]
struct Part {
    name: String,
    model: Arc<dyn DynModel>,
    nets: Vec<String>,
}

/// A part's ports as the solver sees them.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Its first unknown (port) in the solver's numbering.
    first: usize,
    /// Its number of solver ports: its own, or 2 for a 1-port between two nets.
    ports: usize,
    /// A 1-port between two nets: the series 2-port of its reflection.
    between: bool,
}

/// The connection system of a checked netlist: which scattering joins which ports.
#[derive(Debug)]
struct Plan {
    slots: Vec<Slot>,
    /// The number of part ports (unknowns) and of external ports.
    u: usize,
    n: usize,
    /// The junctions' scattering, row-major: part to part (`u x u`), external to part
    /// (`u x n`), part to external (`n x u`), external to external (`n x n`).
    cpp: Vec<f64>,
    cpe: Vec<f64>,
    cep: Vec<f64>,
    cee: Vec<f64>,
}

impl Plan {
    /// The plan of `parts` (checked) with external ports on the nets `ports`, in order.
    fn new(parts: &[Part], ports: &[String]) -> Self {
        let mut nets: Vec<String> = Vec::new();
        let mut node = |net: &str| match nets.iter().position(|n| n == net) {
            Some(i) => i,
            None => {
                nets.push(net.to_owned());
                nets.len() - 1
            }
        };
        let (mut slots, mut on) = (Vec::new(), Vec::new());
        for p in parts {
            let between = p.model.nports() == 1 && p.nets.len() == 2;
            slots.push(Slot {
                first: on.len(),
                ports: p.nets.len(),
                between,
            });
            on.extend(p.nets.iter().map(|n| node(n)));
        }
        let ext: Vec<usize> = ports.iter().map(|n| node(n)).collect();
        let (u, n) = (on.len(), ext.len());
        // Connections per node; the ground is a short for each port on it.
        let mut count = vec![0usize; nets.len()];
        for &k in on.iter().chain(&ext) {
            count[k] += 1;
        }
        let grounded = |k: usize| nets[k] == GROUND;
        let weight = |k: usize| 2.0 / count[k] as f64;
        let delta = |i: usize, j: usize| if i == j { 1.0 } else { 0.0 };
        let mut cpp = vec![0.0; u * u];
        for i in 0..u {
            for j in 0..u {
                if on[i] == on[j] {
                    cpp[i * u + j] = if grounded(on[i]) {
                        -delta(i, j)
                    } else {
                        weight(on[i]) - delta(i, j)
                    };
                }
            }
        }
        let mut cpe = vec![0.0; u * n];
        let mut cep = vec![0.0; n * u];
        for i in 0..u {
            for e in 0..n {
                if on[i] == ext[e] {
                    cpe[i * n + e] = weight(on[i]);
                    cep[e * u + i] = weight(on[i]);
                }
            }
        }
        let mut cee = vec![0.0; n * n];
        for e in 0..n {
            for f in 0..n {
                if ext[e] == ext[f] {
                    cee[e * n + f] = weight(ext[e]) - delta(e, f);
                }
            }
        }
        Plan {
            slots,
            u,
            n,
            cpp,
            cpe,
            cep,
            cee,
        }
    }
}

/// Checks the netlist with pmrf's [`Topology`] (`N` is a const there, so one arm per count).
fn check(layout: &[PartInfo], netlist: &Netlist, n: usize) -> pmrf::Result<()> {
    macro_rules! arms {
        ($($k:literal)*) => {
            match n {
                // No port: the check names that before it compares the count.
                0 => Topology::new::<1>(layout, netlist).map(|_| ()),
                $($k => Topology::new::<$k>(layout, netlist).map(|_| ()),)*
                _ => Err(Error::InvalidNetwork(format!(
                    "circuit: {n} external ports; a circuit has 1 to {MAX_PORTS}"
                ))),
            }
        };
    }
    arms!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32)
}

/// A circuit of models: named parts on named nets, external ports on nets in order, the net
/// `"gnd"` the ground; a [`DynModel`] whose parameters are named `<part>.<name>`.
#[derive(Clone)]
pub struct NetCircuit {
    parts: Vec<Part>,
    ports: Vec<String>,
    plan: Arc<Plan>,
}

impl NetCircuit {
    /// The circuit of `parts` (name, model, nets; in order) with external ports on the nets
    /// `ports` (port 1 first), checked by pmrf's netlist rules.
    ///
    /// # Errors
    /// `InvalidNetwork` naming the part, net or port (see [`Netlist`]): a net with one
    /// terminal (misspelt or dangling), a part given the wrong number of nets, a port on the
    /// ground, two parts of one name, a part name with a `.` (it would split its parameters'
    /// names), no external port.
    pub fn build(
        parts: Vec<(String, Arc<dyn DynModel>, Vec<String>)>,
        ports: Vec<String>,
    ) -> pmrf::Result<Arc<dyn DynModel>> {
        if let Some((name, ..)) = parts.iter().find(|(name, ..)| name.contains('.')) {
            return Err(Error::InvalidNetwork(format!(
                "circuit: part `{name}` has a `.` in its name; parameters are named \
                 `<part>.<name>`, so part names have none"
            )));
        }
        let mut netlist = Netlist::new();
        let mut layout = Vec::with_capacity(parts.len());
        for (name, model, nets) in &parts {
            netlist.part(name.clone(), nets.iter().cloned());
            layout.push(PartInfo {
                name: name.clone(),
                ports: model.nports(),
            });
        }
        for (k, net) in ports.iter().enumerate() {
            netlist.port(k + 1, net.clone());
        }
        check(&layout, &netlist, ports.len())?;
        let parts: Vec<Part> = (parts.into_iter())
            .map(|(name, model, nets)| Part { name, model, nets })
            .collect();
        let plan = Arc::new(Plan::new(&parts, &ports));
        Ok(Arc::new(NetCircuit { parts, ports, plan }))
    }

    /// The same circuit over new models of its parts.
    fn with_models(&self, models: Vec<Arc<dyn DynModel>>) -> Arc<dyn DynModel> {
        let parts = (self.parts.iter().zip(models))
            .map(|(p, model)| Part { model, ..p.clone() })
            .collect();
        Arc::new(NetCircuit {
            parts,
            ports: self.ports.clone(),
            plan: self.plan.clone(),
        })
    }

    /// The part owning the parameter `name`, and the name within it.
    fn owner<'a>(&self, name: &'a str) -> Option<(usize, &'a str)> {
        (self.parts.iter().enumerate())
            .find_map(|(i, p)| Some((i, name.strip_prefix(&p.name)?.strip_prefix('.')?)))
    }

    /// S (and with `jac`, the Jacobian) from the parts' S (and Jacobians) `sp`, `jp`.
    fn solve(
        &self,
        freq: &Frequency,
        sp: &[&Array3<Complex64>],
        jp: Option<&[&Array4<Complex64>]>,
    ) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)> {
        let plan = &self.plan;
        let (u, n) = (plan.u, plan.n);
        let nfree: usize = jp.map_or(0, |j| j.iter().map(|j| j.shape()[3]).sum());
        let nf = freq.len();
        let mut s_out = Array3::zeros((nf, n, n));
        let mut j_out = Array4::zeros((nf, n, n, nfree));
        let zero = Complex64::new(0.0, 0.0);
        // Buffers reused across points: the parts' S (block diagonal, kept dense per row),
        // the LU of M, X, W = C_ep S, and for the Jacobian L and a part's dS.
        let mut s = vec![zero; u * u];
        let mut lu = Lu::new(u);
        let mut x = vec![zero; u * n];
        let mut w = vec![zero; n * u];
        let mut l = vec![zero; n * u];
        let mut zt = vec![zero; u * n];
        let mut ds = Vec::new();
        for k in 0..nf {
            for (slot, part) in plan.slots.iter().zip(sp) {
                write_block(&mut s, u, slot, |a, b| part[[k, a, b]]);
            }
            // M = I - C_pp S; S is block diagonal, so only the block's rows of S count.
            for i in 0..u {
                for slot in &plan.slots {
                    for j in slot.first..slot.first + slot.ports {
                        let mut acc = zero;
                        for q in slot.first..slot.first + slot.ports {
                            acc += s[q * u + j] * plan.cpp[i * u + q];
                        }
                        lu.a[i * u + j] = if i == j { 1.0 - acc } else { -acc };
                    }
                }
            }
            for slot in &plan.slots {
                for j in slot.first..slot.first + slot.ports {
                    for e in 0..n {
                        let mut acc = zero;
                        for q in slot.first..slot.first + slot.ports {
                            acc += s[q * u + j] * plan.cep[e * u + q];
                        }
                        w[e * u + j] = acc;
                    }
                }
            }
            for (xi, &c) in x.iter_mut().zip(&plan.cpe) {
                *xi = Complex64::new(c, 0.0);
            }
            if !lu.factor() {
                return Err(singular(freq.hz()[k]));
            }
            lu.solve(&mut x, n);
            for e in 0..n {
                for f in 0..n {
                    let mut acc = Complex64::new(plan.cee[e * n + f], 0.0);
                    for j in 0..u {
                        acc += w[e * u + j] * x[j * n + f];
                    }
                    s_out[[k, e, f]] = acc;
                }
            }
            let Some(jp) = jp else { continue };
            // L = C_ep + (W M^-1) C_pp, with W M^-1 from M^T Z^T = W^T.
            for e in 0..n {
                for j in 0..u {
                    zt[j * n + e] = w[e * u + j];
                }
            }
            lu.solve_transposed(&mut zt, n);
            for e in 0..n {
                for j in 0..u {
                    let mut acc = Complex64::new(plan.cep[e * u + j], 0.0);
                    for i in 0..u {
                        acc += zt[i * n + e] * plan.cpp[i * u + j];
                    }
                    l[e * u + j] = acc;
                }
            }
            let mut col = 0;
            for ((slot, part), jac) in plan.slots.iter().zip(sp).zip(jp) {
                let m = slot.ports;
                ds.resize(m * m, zero);
                for p in 0..jac.shape()[3] {
                    block_derivative(&mut ds, slot, part[[k, 0, 0]], |a, b| jac[[k, a, b, p]]);
                    for e in 0..n {
                        for f in 0..n {
                            let mut acc = zero;
                            for a in 0..m {
                                let la = l[e * u + slot.first + a];
                                for b in 0..m {
                                    acc += la * ds[a * m + b] * x[(slot.first + b) * n + f];
                                }
                            }
                            j_out[[k, e, f, col]] = acc;
                        }
                    }
                    col += 1;
                }
            }
        }
        let finite = |z: &Complex64| z.re.is_finite() && z.im.is_finite();
        if !s_out.iter().all(finite) || !j_out.iter().all(finite) {
            return Err(Error::NonFiniteResult(
                "circuit: S or its Jacobian is not finite (a part whose S is not, or a \
                 singular connection)"
                    .to_owned(),
            ));
        }
        Ok((s_out, j_out))
    }
}

/// The error for a connection system that cannot be solved at `f`.
fn singular(f: f64) -> Error {
    Error::InvalidNetwork(format!(
        "circuit: singular at {f} Hz (a lossless loop or resonance with no outlet, such as a \
         loop of zero-ohm parts or a floating LC tank)"
    ))
}

/// Writes a part's S (`part(a, b)`, its own ports) into its block of the dense `s` (`u` wide).
/// A 1-port of reflection `G` between two nets is the series 2-port
/// `[[1 + G, 2 (1 - G)], [2 (1 - G), 1 + G]] / (3 - G)`, as pmrf's solvers place it.
fn write_block(
    s: &mut [Complex64],
    u: usize,
    slot: &Slot,
    part: impl Fn(usize, usize) -> Complex64,
) {
    let at = |a: usize, b: usize| (slot.first + a) * u + slot.first + b;
    if slot.between {
        let g = part(0, 0);
        let d = 1.0 / (3.0 - g);
        let (refl, thru) = ((1.0 + g) * d, 2.0 * (1.0 - g) * d);
        s[at(0, 0)] = refl;
        s[at(1, 1)] = refl;
        s[at(0, 1)] = thru;
        s[at(1, 0)] = thru;
        return;
    }
    for a in 0..slot.ports {
        for b in 0..slot.ports {
            s[at(a, b)] = part(a, b);
        }
    }
}

/// Writes the derivative of a part's block (`ports x ports`, row-major) into `ds`, from the
/// derivative of its own S (`d(a, b)`) and, for a 1-port between nets, its reflection `g`:
/// `d refl / dG = 4 / (3 - G)^2 = -d thru / dG`.
fn block_derivative(
    ds: &mut [Complex64],
    slot: &Slot,
    g: Complex64,
    d: impl Fn(usize, usize) -> Complex64,
) {
    if slot.between {
        let dg = d(0, 0) * 4.0 / ((3.0 - g) * (3.0 - g));
        ds.copy_from_slice(&[dg, -dg, -dg, dg]);
        return;
    }
    let m = slot.ports;
    for a in 0..m {
        for b in 0..m {
            ds[a * m + b] = d(a, b);
        }
    }
}

/// A square complex matrix and its LU factors with partial pivoting, in place.
struct Lu {
    n: usize,
    /// The matrix, row-major; after [`Lu::factor`], `L` (unit, below) and `U`.
    a: Vec<Complex64>,
    /// The row swapped with row `k` at step `k`.
    piv: Vec<usize>,
}

impl Lu {
    fn new(n: usize) -> Self {
        Lu {
            n,
            a: vec![Complex64::new(0.0, 0.0); n * n],
            piv: vec![0; n],
        }
    }

    /// Factors `a`; `false` where it is singular (a pivot below 1e-13 of the largest entry,
    /// which the identity in `M = I - C S` keeps at 1 or more).
    fn factor(&mut self) -> bool {
        let (n, a) = (self.n, &mut self.a);
        let scale = a.iter().map(|z| z.norm()).fold(0.0, f64::max);
        for k in 0..n {
            let p = (k..n)
                .max_by(|&i, &j| a[i * n + k].norm().total_cmp(&a[j * n + k].norm()))
                .unwrap_or(k);
            let pivot = a[p * n + k];
            let size = pivot.norm();
            if size.is_nan() || size <= 1e-13 * scale {
                return false;
            }
            self.piv[k] = p;
            if p != k {
                for j in 0..n {
                    a.swap(k * n + j, p * n + j);
                }
            }
            for i in k + 1..n {
                let f = a[i * n + k] / pivot;
                a[i * n + k] = f;
                for j in k + 1..n {
                    let akj = a[k * n + j];
                    a[i * n + j] -= f * akj;
                }
            }
        }
        true
    }

    /// Solves `A X = B` in place, `B` being `n x cols` row-major.
    fn solve(&self, b: &mut [Complex64], cols: usize) {
        let (n, a) = (self.n, &self.a);
        for k in 0..n {
            if self.piv[k] != k {
                for c in 0..cols {
                    b.swap(k * cols + c, self.piv[k] * cols + c);
                }
            }
        }
        for i in 0..n {
            for k in 0..i {
                for c in 0..cols {
                    let v = a[i * n + k] * b[k * cols + c];
                    b[i * cols + c] -= v;
                }
            }
        }
        for i in (0..n).rev() {
            for k in i + 1..n {
                for c in 0..cols {
                    let v = a[i * n + k] * b[k * cols + c];
                    b[i * cols + c] -= v;
                }
            }
            for c in 0..cols {
                b[i * cols + c] /= a[i * n + i];
            }
        }
    }

    /// Solves `A^T X = B` in place (`P A = L U`, so `A^T = U^T L^T P`).
    fn solve_transposed(&self, b: &mut [Complex64], cols: usize) {
        let (n, a) = (self.n, &self.a);
        for i in 0..n {
            for k in 0..i {
                for c in 0..cols {
                    let v = a[k * n + i] * b[k * cols + c];
                    b[i * cols + c] -= v;
                }
            }
            for c in 0..cols {
                b[i * cols + c] /= a[i * n + i];
            }
        }
        for i in (0..n).rev() {
            for k in i + 1..n {
                for c in 0..cols {
                    let v = a[k * n + i] * b[k * cols + c];
                    b[i * cols + c] -= v;
                }
            }
        }
        for k in (0..n).rev() {
            if self.piv[k] != k {
                for c in 0..cols {
                    b.swap(k * cols + c, self.piv[k] * cols + c);
                }
            }
        }
    }
}

impl DynModel for NetCircuit {
    fn nports(&self) -> usize {
        self.ports.len()
    }

    fn nparams(&self) -> usize {
        self.parts.iter().map(|p| p.model.nparams()).sum()
    }

    fn sample(&self, n: usize, seed: u64) -> pmrf::Result<Array2<f64>> {
        // Each part from its own stream, as a composite's children.
        let prefixes: Vec<String> = self.parts.iter().map(|p| format!("{}.", p.name)).collect();
        let children = (prefixes.iter().zip(&self.parts)).map(|(q, p)| (q.as_str(), &p.model));
        super::compose::sample_children(children, n, seed)
    }

    fn params(&self) -> Vec<ParamRow> {
        let mut rows = Vec::new();
        for p in &self.parts {
            rows.extend(p.model.params().into_iter().map(|r| ParamRow {
                name: format!("{}.{}", p.name, r.name),
                tied_to: r.tied_to.map(|t| format!("{}.{t}", p.name)),
                ..r
            }));
        }
        rows
    }

    fn with_values(&self, values: &[f64]) -> pmrf::Result<Arc<dyn DynModel>> {
        let counts: Vec<usize> = self.parts.iter().map(|p| p.model.nparams()).collect();
        let total: usize = counts.iter().sum();
        if values.len() != total {
            return Err(Error::ParamCount {
                expected: total,
                got: values.len(),
            });
        }
        let mut rest = values;
        let mut models = Vec::with_capacity(counts.len());
        for (p, n) in self.parts.iter().zip(counts) {
            let (mine, tail) = rest.split_at(n);
            rest = tail;
            models.push(
                p.model
                    .with_values(mine)
                    .map_err(|e| prefixed(e, &p.name))?,
            );
        }
        Ok(self.with_models(models))
    }

    fn edit(&self, name: &str, edit: &Edit) -> pmrf::Result<Arc<dyn DynModel>> {
        let Some((i, local)) = self.owner(name) else {
            return Err(super::unknown(&self.params(), name));
        };
        let mut models: Vec<_> = self.parts.iter().map(|p| p.model.clone()).collect();
        models[i] = models[i]
            .edit(local, edit)
            .map_err(|e| prefixed(e, &self.parts[i].name))?;
        Ok(self.with_models(models))
    }

    fn s(&self, freq: &Frequency) -> pmrf::Result<Array3<Complex64>> {
        let sp: Vec<Array3<Complex64>> = (self.parts.iter())
            .map(|p| p.model.s(freq))
            .collect::<pmrf::Result<_>>()?;
        let refs: Vec<&Array3<Complex64>> = sp.iter().collect();
        Ok(self.solve(freq, &refs, None)?.0)
    }

    fn s_jacobian(&self, freq: &Frequency) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)> {
        let parts: Vec<(Array3<Complex64>, Array4<Complex64>)> = (self.parts.iter())
            .map(|p| p.model.s_jacobian(freq))
            .collect::<pmrf::Result<_>>()?;
        let sp: Vec<&Array3<Complex64>> = parts.iter().map(|(s, _)| s).collect();
        let jp: Vec<&Array4<Complex64>> = parts.iter().map(|(_, j)| j).collect();
        self.solve(freq, &sp, Some(&jp))
    }
}

/// `e` with the parameter name it carries prefixed by `<part>.`, as the circuit's user sees it.
fn prefixed(e: Error, part: &str) -> Error {
    super::compose::prefixed(e, &format!("{part}."))
}

/// A circuit of models: named parts on named nets (pmrf's ``Netlist``), solved exactly by the
/// S-parameter connection method at every frequency, as scikit-rf's ``Circuit``.
///
/// ``parts`` maps each part's name to ``(model, nets)``: a model with ``K`` ports takes ``K``
/// nets (its port ``k`` on the ``k``-th, each referenced to ground); a 1-port takes one net
/// (to ground) or two (a two-terminal element between them). ``"gnd"`` is the ground; every
/// other net joins two or more terminals. ``ports`` lists the nets of the external ports,
/// port 1 first (50 ohm). Any model is a part: catalogue parts, cascades, circuits,
/// ``DataBlock``\ s. The result is a ``Model`` whose parameters are named
/// ``"<part>.<name>"``, with an exact Jacobian. Bad netlists raise ``PmrfError`` naming the
/// part, net or port.
///
/// >>> from pmrf_rs import Circuit, Frequency
/// >>> from pmrf_rs.components import Capacitor, Inductor, Resistor
/// >>> lowpass = Circuit({
/// ...     "c1": (Capacitor(c=2e-12), ["in", "a"]), "esr1": (Resistor(r=0.1), ["a", "gnd"]),
/// ...     "l": (Inductor(l=5e-9), ["in", "out"]),
/// ...     "c2": (Capacitor(c=2e-12), ["out", "b"]), "esr2": (Resistor(r=0.1), ["b", "gnd"]),
/// ... }, ports=["in", "out"])
/// >>> lowpass.names
/// ['c1.c', 'esr1.r', 'l.l', 'c2.c', 'esr2.r']
/// >>> bool(abs(lowpass.s(Frequency.linspace(0.1, 0.1, 1))[0, 1, 0]) > 0.99)
/// True
#[pyfunction]
#[pyo3(name = "Circuit", signature = (parts, ports))]
pub fn circuit(parts: &Bound<'_, PyDict>, ports: Vec<String>) -> PyResult<PyModel> {
    let mut list = Vec::with_capacity(parts.len());
    for (name, entry) in parts.iter() {
        let name: String = name.extract()?;
        let (model, nets): (Bound<'_, PyModel>, Vec<String>) = entry.extract().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "part `{name}`: expected a tuple (model, [net, ...]), got {}",
                entry.get_type()
            ))
        })?;
        list.push((name, model.get().inner.clone(), nets));
    }
    Ok(PyModel::new(NetCircuit::build(list, ports).py_err()?))
}

/// Port ``port_a`` of ``a`` joined to port ``port_b`` of ``b`` (0-based, as scikit-rf's
/// ``connect`` and pmrf's ``Connected``): a model of the remaining ports, those of ``a``
/// then those of ``b`` in order, except that when ``b`` is a 2-port and ``a`` has more than
/// two ports, ``b``'s other port takes the place of ``port_a`` (as scikit-rf). Parameters
/// are named ``a.<name>`` and ``b.<name>``.
///
/// >>> from pmrf_rs import connect
/// >>> from pmrf_rs.components import SeriesL, ShuntC
/// >>> connect(SeriesL(l=3e-9), 1, ShuntC(c=2e-12), 0).names
/// ['a.l', 'b.c']
#[pyfunction]
pub fn connect(a: &PyModel, port_a: usize, b: &PyModel, port_b: usize) -> PyResult<PyModel> {
    Ok(PyModel::new(
        connected(a.inner.clone(), port_a, b.inner.clone(), port_b).py_err()?,
    ))
}

/// The circuit of [`connect`].
fn connected(
    a: Arc<dyn DynModel>,
    port_a: usize,
    b: Arc<dyn DynModel>,
    port_b: usize,
) -> pmrf::Result<Arc<dyn DynModel>> {
    let (na, nb) = (a.nports(), b.nports());
    for (port, ports, role) in [(port_a, na, "a"), (port_b, nb, "b")] {
        if port >= ports {
            return Err(Error::PortOutOfRange {
                part: format!("model `{role}` of connect"),
                port,
                ports,
            });
        }
    }
    let net = |side: &str, k: usize, joined: usize| {
        if k == joined {
            "joint".to_owned()
        } else {
            format!("{side}{k}")
        }
    };
    let nets_a: Vec<String> = (0..na).map(|k| net("a", k, port_a)).collect();
    let nets_b: Vec<String> = (0..nb).map(|k| net("b", k, port_b)).collect();
    let rest_b: Vec<String> = nets_b.iter().filter(|n| *n != "joint").cloned().collect();
    let ports: Vec<String> = if nb == 2 && na > 2 {
        (nets_a.iter())
            .map(|n| {
                if n == "joint" {
                    rest_b[0].clone()
                } else {
                    n.clone()
                }
            })
            .collect()
    } else {
        (nets_a.iter().filter(|n| *n != "joint").cloned())
            .chain(rest_b)
            .collect()
    };
    NetCircuit::build(
        vec![("a".into(), a, nets_a), ("b".into(), b, nets_b)],
        ports,
    )
}

/// ``model`` with its ports renumbered: new port ``i`` is its port ``order[i]`` (0-based,
/// as pmrf's ``Renumbered`` and scikit-rf's ``renumbered(order, range(n))``). Parameters are
/// named ``network.<name>``.
///
/// >>> from pmrf_rs import renumber
/// >>> from pmrf_rs.components import SeriesL
/// >>> renumber(SeriesL(l=1e-9), [1, 0]).names
/// ['network.l']
#[pyfunction]
pub fn renumber(model: &PyModel, order: Vec<usize>) -> PyResult<PyModel> {
    Ok(PyModel::new(
        renumbered(model.inner.clone(), &order).py_err()?,
    ))
}

/// The circuit of [`renumber`].
fn renumbered(model: Arc<dyn DynModel>, order: &[usize]) -> pmrf::Result<Arc<dyn DynModel>> {
    let n = model.nports();
    let mut seen = vec![false; n];
    for &p in order {
        if p >= n {
            return Err(Error::PortOutOfRange {
                part: format!("the model of renumber (order {order:?})"),
                port: p,
                ports: n,
            });
        }
        if std::mem::replace(&mut seen[p], true) {
            break;
        }
    }
    if order.len() != n || seen.contains(&false) {
        return Err(Error::InvalidNetwork(format!(
            "renumber: the order {order:?} is not a permutation of the ports 0 to {} of this \
             {n}-port",
            n.saturating_sub(1)
        )));
    }
    let nets = (0..n).map(|k| format!("p{k}")).collect();
    let ports = order.iter().map(|k| format!("p{k}")).collect();
    NetCircuit::build(vec![("network".into(), model, nets)], ports)
}

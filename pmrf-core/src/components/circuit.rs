//! [`Circuit`]: a netlist of heterogeneous parts, solved at every frequency point; its parts
//! ([`Part`] via [`part`], [`CircuitPort`], [`Ground`]) and the tuple view the solver reads
//! ([`Parts`]).

use std::marker::PhantomData;

use ndarray::{Array3, ArrayViewMut3};
use num_complex::Complex;

use crate::network::{Component, Mat, assert_ports, domain, sweep, sweep_into};
use crate::params::{ParamMeta, Path};
use crate::{Error, Frequency, Model, Result, Scalar};

/// What a part is to the netlist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartRole {
    /// A component ([`Part`]): its ports' waves are unknowns of the solver.
    Element,
    /// An external port ([`CircuitPort`]).
    Port,
    /// The ground ([`Ground`]): shorts its node.
    Ground,
}

/// One part of a [`Circuit`]: a [`Part`], a [`CircuitPort`] or a [`Ground`].
pub trait CircuitPart<T: Scalar>: Model<Scalar = T> {
    /// Its number of ports.
    const PORTS: usize;
    /// What it is to the netlist.
    const ROLE: PartRole;
    /// Writes its S-parameters at `f` (Hz, 50 ohm) row-major into `out` (`PORTS * PORTS`
    /// values); only called for [`PartRole::Element`].
    fn write_s(&self, f: T, out: &mut [Complex<T>]);
    /// A short name for error messages.
    fn name() -> &'static str;
}

/// A component `M` with its port count `K` fixed in the type: build it with [`part`].
///
/// Transparent to parameter names: `parts[2].l`, not `parts[2].model.l`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part<M, const K: usize> {
    /// The component.
    pub model: M,
}

/// Wraps a `K`-port component as a circuit part, `K` inferred from its `Component<K>` impl.
pub fn part<M: Component<K>, const K: usize>(model: M) -> Part<M, K> {
    Part { model }
}

impl<M: Model, const K: usize> Model for Part<M, K> {
    type Scalar = M::Scalar;
    type Rebind<U: Scalar> = Part<M::Rebind<U>, K>;

    fn visit_params<F>(&self, path: &mut Path, f: &mut F)
    where
        F: FnMut(&Path, Self::Scalar, &ParamMeta),
    {
        self.model.visit_params(path, f)
    }

    fn visit_params_mut<F>(&mut self, f: &mut F)
    where
        F: FnMut(&mut Self::Scalar),
    {
        self.model.visit_params_mut(f)
    }

    fn try_map_params<U, E, F>(&self, f: &mut F) -> Result<Self::Rebind<U>, E>
    where
        U: Scalar,
        F: FnMut(Self::Scalar) -> Result<U, E>,
    {
        Ok(Part {
            model: self.model.try_map_params(f)?,
        })
    }
}

impl<T: Scalar, M: Component<K, Scalar = T>, const K: usize> CircuitPart<T> for Part<M, K> {
    const PORTS: usize = K;
    const ROLE: PartRole = PartRole::Element;
    #[inline]
    fn write_s(&self, f: T, out: &mut [Complex<T>]) {
        let s = self.model.s_at(f);
        for (o, v) in out.chunks_exact_mut(K).zip(s.iter()) {
            o.copy_from_slice(v);
        }
    }
    fn name() -> &'static str {
        short_name(std::any::type_name::<M>())
    }
}

/// An external port of a [`Circuit`] (a marker with one connection, no parameters). External
/// ports are numbered in the order their markers appear in the parts tuple.
#[derive(Model, Clone, Copy, Debug, Default, PartialEq)]
pub struct CircuitPort<T: Scalar = f64> {
    _t: PhantomData<T>,
}

impl<T: Scalar> CircuitPort<T> {
    /// An external port.
    pub fn new() -> Self {
        CircuitPort { _t: PhantomData }
    }
}

impl<T: Scalar> CircuitPart<T> for CircuitPort<T> {
    const PORTS: usize = 1;
    const ROLE: PartRole = PartRole::Port;
    fn write_s(&self, _: T, _: &mut [Complex<T>]) {}
    fn name() -> &'static str {
        "CircuitPort"
    }
}

/// The ground: in a [`Circuit`], the node it is on is shorted (0 V). As a component, an ideal
/// short, `S = -1`.
#[derive(Model, Clone, Copy, Debug, Default, PartialEq)]
pub struct Ground<T: Scalar = f64> {
    _t: PhantomData<T>,
}

impl<T: Scalar> Ground<T> {
    /// The ground.
    pub fn new() -> Self {
        Ground { _t: PhantomData }
    }
}

impl<T: Scalar> Component<1> for Ground<T> {
    type Domain = domain::S;
    fn primary(&self, _: T) -> Mat<T, 1> {
        [[Complex::new(-T::one(), T::zero())]]
    }
}

impl<T: Scalar> CircuitPart<T> for Ground<T> {
    const PORTS: usize = 1;
    const ROLE: PartRole = PartRole::Ground;
    fn write_s(&self, _: T, _: &mut [Complex<T>]) {}
    fn name() -> &'static str {
        "Ground"
    }
}

/// `a::b::Name<c::D>` -> `Name`.
fn short_name(full: &'static str) -> &'static str {
    let head = full.split('<').next().unwrap_or(full);
    head.rsplit("::").next().unwrap_or(head)
}

/// A tuple of circuit parts (1 to 12): the runtime view the solver reads.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a tuple of circuit parts",
    label = "circuit parts must be a tuple of `Part`, `CircuitPort` and `Ground`",
    note = "wrap each component with `part(...)`; mark external ports with `CircuitPort::new()` and ground with `Ground::new()`"
)]
pub trait Parts<T: Scalar>: Model<Scalar = T> {
    /// Each part's role, port count and short name, in order.
    fn layout() -> Vec<(PartRole, usize, &'static str)>;
    /// Writes the S-parameters at `f` of the [`PartRole::Element`] parts, each row-major
    /// (`K * K` values), one after the other in tuple order.
    fn write_s(&self, f: T, out: &mut [Complex<T>]);
}

macro_rules! tuple_parts {
    ($($name:ident $idx:tt),+) => {
        impl<T: Scalar, $($name: CircuitPart<T>),+> Parts<T> for ($($name,)+) {
            fn layout() -> Vec<(PartRole, usize, &'static str)> {
                vec![$(($name::ROLE, $name::PORTS, $name::name())),+]
            }
            #[inline]
            fn write_s(&self, f: T, out: &mut [Complex<T>]) {
                let mut offset = 0;
                $(
                    if $name::ROLE == PartRole::Element {
                        let len = $name::PORTS * $name::PORTS;
                        self.$idx.write_s(f, &mut out[offset..offset + len]);
                        offset += len;
                    }
                )+
                let _ = offset;
            }
        }
    };
}

tuple_parts!(M0 0);
tuple_parts!(M0 0, M1 1);
tuple_parts!(M0 0, M1 1, M2 2);
tuple_parts!(M0 0, M1 1, M2 2, M3 3);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8, M9 9);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8, M9 9, M10 10);
tuple_parts!(M0 0, M1 1, M2 2, M3 3, M4 4, M5 5, M6 6, M7 7, M8 8, M9 9, M10 10, M11 11);

/// One port of an element part: an unknown of the solver.
#[derive(Clone, Debug, PartialEq)]
struct Unknown {
    /// The unknown index of its part's first port.
    first: usize,
    /// Its part's port count.
    ports: usize,
    /// Its index within its part.
    local: usize,
    /// Where its part's S starts in the S buffer.
    s_offset: usize,
    /// Its node.
    node: usize,
}

/// A node: the unknowns and external ports on it.
#[derive(Clone, Debug, PartialEq)]
struct Node {
    unknowns: Vec<usize>,
    externals: Vec<usize>,
    /// `2 / n` with `n` its connections (grounds excluded), 0 if grounded.
    weight: f64,
    grounded: bool,
}

/// One term of the connection system: `a[dst] += coef * s[src]`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stamp {
    dst: usize,
    src: usize,
    coef: f64,
}

/// The checked netlist, in the solver's terms.
#[derive(Clone, Debug, PartialEq)]
struct Topology {
    unknowns: Vec<Unknown>,
    /// The non-identity terms of the augmented system `[I - S C | S C_ext]` (row-major,
    /// `unknowns + N` wide), merged and without zero coefficients.
    stamps: Vec<Stamp>,
    nodes: Vec<Node>,
    /// The node of each external port.
    externals: Vec<usize>,
    /// Length of the S buffer.
    s_len: usize,
    /// The netlist as given.
    netlist: Vec<Vec<(usize, usize)>>,
}

/// A netlist of heterogeneous parts with `N` external ports, solved at every frequency point;
/// itself an `N`-port component.
///
/// # Netlist conventions
///
/// - **Parts** are a tuple (up to 12) of:
///   - [`Part`]s: any component wrapped by [`part`], which fixes its port count `K` in the type
///     (inferred from its single `Component<K>` impl). A circuit is a component, so circuits
///     nest: `part(inner_circuit)`.
///   - [`CircuitPort`]s: the external ports of the circuit, one connection each. They are
///     numbered **in the order they appear in the parts tuple**: the first `CircuitPort` is port
///     0 (`s11`), the next port 1, and so on.
///   - [`Ground`]s: the ground (reference) node, one connection each. A node holding a
///     `Ground` is shorted: every port on it sees 0 V. A `Ground` is also an ordinary 1-port
///     (an ideal short, S = -1) outside circuits.
/// - **Nodes** are a `Vec` of connections `(part index, port)`, both 0-based (the part index is
///   the position in the tuple, markers included). Every port of every part is on exactly one
///   node. A node with a single connection leaves that port open. All ports are at the real
///   reference impedance [`Z0`](crate::network::Z0) = 50 ohm.
/// - The external port count `N` is a const parameter of the type (`Circuit<_, 2>`) and must
///   equal the number of `CircuitPort`s. [`Circuit::new`] checks the netlist: a part or port
///   index out of range, a port on no node (dangling) or on two, an empty node, no external
///   port, or a port count other than `N` is an [`Error::InvalidNetwork`] naming the culprit.
/// - Parameter names are the parts' paths: `parts[2].l` (a `Part` is transparent).
///
/// # Solver
///
/// The S-parameter connection method (as scikit-rf's `Circuit`): every node is an ideal
/// junction (`S = 2/n - delta`, `n` connections at 50 ohm); a grounded node is a short for every
/// port on it. The unknowns are the waves leaving the `U` ports of the (non-marker) parts; with
/// `S` their block-diagonal S-matrix and `C` the junctions, `(I - S C) b = S C_ext a_ext` is solved
/// by dense complex LU with partial pivoting (`O(U^3)` per point, one right-hand side per external
/// port), generic over the scalar so it differentiates. It is exact for ideal elements, shorts,
/// opens and ports tied together: there is no conductance to ground added anywhere. Where the
/// system is singular at some frequency (a lossless resonance of the network with no outlet),
/// every S-parameter at that point is NaN; [`Network`](crate::Network) and the derivative
/// layer report such results as errors. The system's sparsity pattern is precomputed by
/// [`Circuit::new`] (so a point costs the parts' S, one pass over those terms, and the LU).
/// Sweeps through `s` and `s_into` reuse their scratch buffers across frequency points; a single
/// `s_at` (as in gradients) allocates them once. [`Circuit::unknowns`] gives `U`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Circuit, CircuitPort, Ground, part};
///
/// // A pi low-pass: C to ground, L in series, C to ground, between two ports.
/// let lowpass = Circuit::<_, 2>::new(
///     (
///         CircuitPort::new(),     // 0: external port 1
///         part(SeriesC::new(2e-12)), // 1: first capacitor, port 1 to ground
///         part(SeriesL::new(5e-9)),  // 2: the inductor
///         part(SeriesC::new(2e-12)), // 3: second capacitor
///         CircuitPort::new(),     // 4: external port 2
///         Ground::new(),          // 5
///     ),
///     vec![
///         vec![(0, 0), (1, 0), (2, 0)],
///         vec![(2, 1), (3, 0), (4, 0)],
///         vec![(1, 1), (3, 1), (5, 0)],
///     ],
/// )?;
/// assert_eq!(lowpass.param_names(), ["parts[1].c", "parts[2].l", "parts[3].c"]);
/// let chain = Cascade::new((ShuntC::new(2e-12), SeriesL::new(5e-9), ShuntC::new(2e-12)));
/// let (a, b) = (lowpass.s_at(1e9), chain.s_at(1e9));
/// assert!((a[1][0] - b[1][0]).norm() < 1e-14 && (a[0][0] - b[0][0]).norm() < 1e-14);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Circuit<P, const N: usize, T: Scalar = f64> {
    /// The parts, in netlist order.
    pub parts: P,
    topology: Topology,
    _scalar: PhantomData<T>,
}

fn netlist_error(msg: String) -> Error {
    Error::InvalidNetwork(format!("netlist: {msg}"))
}

impl<P: Parts<T>, const N: usize, T: Scalar> Circuit<P, N, T> {
    /// The circuit of `parts` connected by `nodes`: each node lists its connections
    /// `(part index, port)`, 0-based.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] for a part index or port out of range, a port on no node or
    /// on more than one, an empty node, no external port ([`CircuitPort`]), or a number of
    /// external ports other than `N`.
    pub fn new(parts: P, nodes: Vec<Vec<(usize, usize)>>) -> Result<Self> {
        assert_ports!(N);
        let layout = P::layout();
        let describe = |i: usize| {
            let (_, k, name) = layout[i];
            format!(
                "part {i} ({name}, {k} port{})",
                if k == 1 { "" } else { "s" }
            )
        };
        // Where each (part, port) sits.
        let mut seen: Vec<Vec<Option<usize>>> =
            layout.iter().map(|&(_, k, _)| vec![None; k]).collect();
        for (n, node) in nodes.iter().enumerate() {
            if node.is_empty() {
                return Err(netlist_error(format!("node {n} has no connection")));
            }
            for &(p, port) in node {
                if p >= layout.len() {
                    return Err(netlist_error(format!(
                        "node {n} names part {p}, but there are {} parts (0-based)",
                        layout.len()
                    )));
                }
                if port >= layout[p].1 {
                    return Err(netlist_error(format!(
                        "node {n} names port {port} of {}, which has no such port (0-based)",
                        describe(p)
                    )));
                }
                if let Some(other) = seen[p][port].replace(n) {
                    return Err(netlist_error(if other == n {
                        format!("port {port} of {} is listed twice on node {n}", describe(p))
                    } else {
                        format!(
                            "port {port} of {} is on two nodes, {other} and {n}",
                            describe(p)
                        )
                    }));
                }
            }
        }
        for (p, ports) in seen.iter().enumerate() {
            if let Some(port) = ports.iter().position(Option::is_none) {
                return Err(netlist_error(format!(
                    "port {port} of {} is on no node (dangling)",
                    describe(p)
                )));
            }
        }
        let ext_count = layout.iter().filter(|l| l.0 == PartRole::Port).count();
        if ext_count == 0 {
            return Err(netlist_error(
                "no external port: mark at least one with a CircuitPort part".into(),
            ));
        }
        if ext_count != N {
            return Err(netlist_error(format!(
                "{ext_count} external port(s) (CircuitPort parts), but the circuit type has N = {N}"
            )));
        }
        // Number the unknowns (element ports) and external ports in tuple order.
        let mut unknowns = Vec::new();
        let mut index: Vec<Vec<usize>> = Vec::with_capacity(layout.len());
        let mut ext_index = vec![0; layout.len()];
        let (mut s_len, mut ext) = (0, 0);
        for (p, &(role, k, _)) in layout.iter().enumerate() {
            let mut ids = Vec::new();
            match role {
                PartRole::Element => {
                    let first = unknowns.len();
                    for (local, node) in seen[p].iter().enumerate() {
                        ids.push(unknowns.len());
                        unknowns.push(Unknown {
                            first,
                            ports: k,
                            local,
                            s_offset: s_len,
                            node: node.unwrap_or_default(),
                        });
                    }
                    s_len += k * k;
                }
                PartRole::Port => {
                    ext_index[p] = ext;
                    ext += 1;
                }
                PartRole::Ground => {}
            }
            index.push(ids);
        }
        let mut externals = vec![0; N];
        let topo_nodes: Vec<Node> = (nodes.iter().enumerate())
            .map(|(n, node)| {
                let mut out = Node {
                    unknowns: Vec::new(),
                    externals: Vec::new(),
                    weight: 0.0,
                    grounded: false,
                };
                for &(p, port) in node {
                    match layout[p].0 {
                        PartRole::Element => out.unknowns.push(index[p][port]),
                        PartRole::Port => {
                            externals[ext_index[p]] = n;
                            out.externals.push(ext_index[p]);
                        }
                        PartRole::Ground => out.grounded = true,
                    }
                }
                let count = out.unknowns.len() + out.externals.len();
                if !out.grounded && count > 0 {
                    out.weight = 2.0 / count as f64;
                }
                out
            })
            .collect();
        let stamps = stamps::<N>(&unknowns, &topo_nodes);
        Ok(Circuit {
            parts,
            topology: Topology {
                unknowns,
                stamps,
                nodes: topo_nodes,
                externals,
                s_len,
                netlist: nodes,
            },
            _scalar: PhantomData,
        })
    }

    /// The netlist as given to [`Circuit::new`].
    pub fn nodes(&self) -> &[Vec<(usize, usize)>] {
        &self.topology.netlist
    }

    /// The number of unknowns of the solver: the ports of all parts other than external ports
    /// and grounds. Each frequency point costs one LU of this size.
    pub fn unknowns(&self) -> usize {
        self.topology.unknowns.len()
    }

    /// Solves at `f` with the scratch buffers `scratch`.
    fn solve(&self, f: T, scratch: &mut Scratch<T>) -> Mat<T, N> {
        let topo = &self.topology;
        let u = topo.unknowns.len();
        let width = u + N;
        let zero = Complex::new(T::zero(), T::zero());
        let one = Complex::new(T::one(), T::zero());
        scratch.s.clear();
        scratch.s.resize(topo.s_len, zero);
        scratch.a.clear();
        scratch.a.resize(u * width, zero);
        self.parts.write_s(f, &mut scratch.s);
        let (s, a) = (&scratch.s, &mut scratch.a);
        // Augmented [I - S C | S C_ext], one row per unknown, from the precomputed stamps.
        for i in 0..u {
            a[i * width + i] = one;
        }
        for st in &topo.stamps {
            a[st.dst] += s[st.src].scale(T::from(st.coef));
        }
        let x = if lu_solve(a, u, width, &mut scratch.cols) {
            a
        } else {
            return [[Complex::new(T::from(f64::NAN), T::from(f64::NAN)); N]; N];
        };
        // The wave leaving external port p: out of its junction towards the matched port.
        std::array::from_fn(|p| {
            let node = &topo.nodes[topo.externals[p]];
            std::array::from_fn(|q| {
                let delta = if p == q { one } else { zero };
                if node.grounded {
                    return -delta;
                }
                let mut sum = zero;
                for &j in &node.unknowns {
                    sum += x[j * width + u + q];
                }
                for &e in &node.externals {
                    if e == q {
                        sum += one;
                    }
                }
                sum.scale(T::from(node.weight)) - delta
            })
        })
    }
}

/// The terms of `[I - S C | S C_ext]` beyond the identity: row `i` (unknown `i`) gets
/// `S_ik` times row `k` of `-C` (for every port `k` of the same part), where row `k` of `C` is
/// `2/n - delta` over the connections of `k`'s node (`-delta` on a grounded node).
fn stamps<const N: usize>(unknowns: &[Unknown], nodes: &[Node]) -> Vec<Stamp> {
    let width = unknowns.len() + N;
    let mut terms = std::collections::BTreeMap::<(usize, usize), f64>::new();
    for (i, unk) in unknowns.iter().enumerate() {
        for k in 0..unk.ports {
            let kk = unk.first + k;
            let src = unk.s_offset + unk.local * unk.ports + k;
            *terms.entry((i * width + kk, src)).or_default() += 1.0;
            let node = &nodes[unknowns[kk].node];
            if node.grounded {
                continue;
            }
            for &j in &node.unknowns {
                *terms.entry((i * width + j, src)).or_default() -= node.weight;
            }
            for &e in &node.externals {
                *terms
                    .entry((i * width + unknowns.len() + e, src))
                    .or_default() += node.weight;
            }
        }
    }
    (terms.into_iter())
        .filter(|&(_, coef)| coef != 0.0)
        .map(|((dst, src), coef)| Stamp { dst, src, coef })
        .collect()
}

/// Scratch buffers of the solver, reused across the points of a sweep.
struct Scratch<T> {
    s: Vec<Complex<T>>,
    a: Vec<Complex<T>>,
    cols: Vec<usize>,
}

impl<T> Scratch<T> {
    fn new() -> Self {
        Scratch {
            s: Vec::new(),
            a: Vec::new(),
            cols: Vec::new(),
        }
    }
}

/// Gaussian elimination with partial pivoting of the `n x n` left block of the row-major
/// `n x width` matrix `a`, applied to the right-hand sides in its other columns, which end up
/// holding the solution (the diagonal holds the pivots' inverses). `false` if the matrix is singular (a zero pivot).
fn lu_solve<T: Scalar>(
    a: &mut [Complex<T>],
    n: usize,
    width: usize,
    cols: &mut Vec<usize>,
) -> bool {
    let mag = |z: Complex<T>| z.re.re().abs() + z.im.re().abs();
    for col in 0..n {
        let (mut best, mut pivot) = (col, mag(a[col * width + col]));
        for r in col + 1..n {
            let m = mag(a[r * width + col]);
            if m > pivot {
                (best, pivot) = (r, m);
            }
        }
        if pivot == 0.0 || pivot.is_nan() {
            return false;
        }
        if best != col {
            for c in col..width {
                a.swap(col * width + c, best * width + c);
            }
        }
        let (top, rest) = a.split_at_mut((col + 1) * width);
        let inv = top[col * width + col].inv();
        top[col * width + col] = inv;
        let prow = &top[col * width..(col + 1) * width];
        // Connection systems are sparse: update only where the pivot row is not zero.
        cols.clear();
        cols.extend((col + 1..width).filter(|&c| !is_zero(prow[c])));
        for row in rest.chunks_exact_mut(width).take(n - col - 1) {
            if is_zero(row[col]) {
                continue; // already eliminated
            }
            let factor = row[col] * inv;
            for &c in cols.iter() {
                row[c] -= factor * prow[c];
            }
        }
    }
    // Back substitution on the right-hand sides.
    for col in (0..n).rev() {
        let (top, rest) = a.split_at_mut((col + 1) * width);
        let row = &mut top[col * width..(col + 1) * width];
        let inv = row[col]; // the pivot's inverse, stored by the elimination
        for r in col + 1..n {
            let m = row[r];
            if is_zero(m) {
                continue;
            }
            let sol = &rest[(r - col - 1) * width..(r - col) * width];
            for c in n..width {
                row[c] -= m * sol[c];
            }
        }
        for v in &mut row[n..] {
            *v *= inv;
        }
    }
    true
}

/// Whether `z` is exactly zero, derivative parts included (so skipping it changes nothing).
#[inline]
fn is_zero<T: Scalar>(z: Complex<T>) -> bool {
    z.re == T::zero() && z.im == T::zero()
}

impl<P: Parts<T>, const N: usize, T: Scalar> Component<N> for Circuit<P, N, T> {
    type Domain = domain::S;

    #[inline]
    fn primary(&self, f: T) -> Mat<T, N> {
        self.solve(f, &mut Scratch::new())
    }

    // Sweeps reuse one scratch buffer across points.
    fn s(&self, freq: &Frequency) -> Array3<Complex<T>> {
        let mut scratch = Scratch::new();
        sweep(freq, |f| self.solve(f, &mut scratch))
    }

    fn s_into(&self, freq: &Frequency, out: ArrayViewMut3<'_, Complex<T>>) -> Result<()> {
        let mut scratch = Scratch::new();
        sweep_into(freq, out, |f| self.solve(f, &mut scratch))
    }
}

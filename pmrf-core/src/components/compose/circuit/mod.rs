//! [`Circuit`]: a netlist of heterogeneous parts, solved at every frequency point; its parts
//! ([`Part`] via [`part`], [`CircuitPort`], [`Ground`]) and the tuple view the solver reads
//! ([`Parts`]).

use std::marker::PhantomData;

use ndarray::{Array3, ArrayViewMut3};
use num_complex::Complex;

use crate::network::{Component, Mat, assert_ports, domain, sweep, sweep_into};
use crate::params::{ParamMeta, Path};
use crate::{Error, Frequency, Model, Result, Scalar};

mod connection;
mod nodal;
mod shorts;

use connection::Connection;
use nodal::Nodal;

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
    /// Writes its admittance matrix at `f` (siemens, ports referenced to ground) row-major into
    /// `out`, or returns `false` where it has none that is well conditioned; only called for
    /// [`PartRole::Element`].
    fn write_y(&self, f: T, out: &mut [Complex<T>]) -> bool;
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
        copy_into(&self.model.s_at(f), out);
    }
    #[inline]
    fn write_y(&self, f: T, out: &mut [Complex<T>]) -> bool {
        self.model.try_y_at(f).map(|y| copy_into(&y, out)).is_some()
    }
    fn name() -> &'static str {
        short_name(std::any::type_name::<M>())
    }
}

/// Writes `m` row-major into `out`.
#[inline]
fn copy_into<T: Scalar, const K: usize>(m: &Mat<T, K>, out: &mut [Complex<T>]) {
    for (o, row) in out.chunks_exact_mut(K).zip(m) {
        o.copy_from_slice(row);
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
    fn write_y(&self, _: T, _: &mut [Complex<T>]) -> bool {
        true
    }
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
    fn write_y(&self, _: T, _: &mut [Complex<T>]) -> bool {
        true
    }
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
    /// Writes the admittance matrices at `f` of the [`PartRole::Element`] parts, laid out as in
    /// [`Parts::write_s`]; `false` as soon as one has none that is well conditioned.
    fn write_y(&self, f: T, out: &mut [Complex<T>]) -> bool;
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
            #[inline]
            fn write_y(&self, f: T, out: &mut [Complex<T>]) -> bool {
                let mut offset = 0;
                $(
                    if $name::ROLE == PartRole::Element {
                        let len = $name::PORTS * $name::PORTS;
                        if !self.$idx.write_y(f, &mut out[offset..offset + len]) {
                            return false;
                        }
                        offset += len;
                    }
                )+
                let _ = offset;
                true
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

/// The checked netlist, as the solvers read it.
#[derive(Clone, Debug, PartialEq)]
struct Net {
    /// The element parts, in tuple order.
    elements: Vec<Element>,
    /// Whether each node holds a [`Ground`].
    grounded: Vec<bool>,
    /// The node of each external port, in port order.
    externals: Vec<usize>,
}

/// An element part in the netlist.
#[derive(Clone, Debug, PartialEq)]
struct Element {
    /// Where its matrix starts in the parts' buffer.
    offset: usize,
    /// The node of each of its ports.
    nodes: Vec<usize>,
}

/// The checked netlist, precomputed for both solvers.
#[derive(Clone, Debug, PartialEq)]
struct Topology {
    connection: Connection,
    nodal: Nodal,
    /// The netlist as the solvers read it, for merging zero-impedance loops.
    net: Net,
    /// Length of the parts' buffer.
    parts_len: usize,
    /// The netlist as given.
    netlist: Vec<Vec<(usize, usize)>>,
}

/// Scratch buffers of the solvers, reused across the points of a sweep.
struct Scratch<T> {
    /// The element parts' S or Y, row-major, one after the other.
    parts: Vec<Complex<T>>,
    /// The augmented system being solved.
    system: Vec<Complex<T>>,
}

impl<T> Scratch<T> {
    fn new() -> Self {
        Scratch {
            parts: Vec::new(),
            system: Vec::new(),
        }
    }
}

/// How a [`Circuit`] is solved at each frequency point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CircuitSolver {
    /// Nodal analysis on the parts' admittance matrices where every part has a well
    /// conditioned one at the point, else the exact connection method (the default).
    #[default]
    Nodal,
    /// Always the S-parameter connection method.
    Connection,
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
/// # Solvers
///
/// Two solvers, generic over the scalar so both differentiate, neither adding a conductance to
/// ground anywhere (no GMIN):
///
/// - **Nodal analysis** (the default, [`CircuitSolver::Nodal`]): each element part's admittance
///   matrix ([`Component::try_y_at`]) is stamped into
///   the nodal matrix of the non-grounded nodes, each external port is a matched source, and
///   one LU of size *nodes* gives S. It is used at a frequency point only where every part has
///   a well-conditioned admittance matrix there (losing at most about three digits), and the
///   nodal matrix is not singular.
/// - **The S-parameter connection method** (as scikit-rf's `Circuit`,
///   [`CircuitSolver::Connection`]), exact for every netlist: each node is an ideal junction
///   (`S = 2/n - delta`, `n` connections at 50 ohm), a grounded node a short; the unknowns are
///   the waves leaving the `U` ports of the element parts ([`Circuit::unknowns`]), and
///   `(I - S C) b = S C_ext a_ext` is solved by dense LU with partial pivoting. The nodal
///   solver falls back to it, point by point, for parts without a usable admittance matrix: a
///   thru, a shunt 2-port (its two ports are one node), an ideal transformer, a series L at DC
///   or a resistor far below 50 ohm. Results are the same either way; only the cost differs.
/// - **Zero-impedance elements**: a part whose S at a point is exactly a wire (`[[0, 1], [1, 0]]`:
///   a 0-ohm resistor, a series L at DC, a thru) or a short on every port (`S = -I`) joins its
///   nodes. Where such parts close a loop (both ends on one node, two in parallel, a short on
///   a grounded node), the current around it is undetermined; the connection solver then
///   drops the parts on the loop and merges their nodes, which is exact, derivatives included
///   (a part on such a loop is shorted by the rest of it). The test is on the value, so a
///   dual number whose value is 0 merges too.
///
/// Where the system is singular at some frequency (a lossless resonance with no outlet, a
/// floating node between opens), every S-parameter at that point is NaN; [`Network`](crate::Network)
/// and the derivative layer report such results as errors. Both systems' sparsity patterns are
/// precomputed by [`Circuit::new`]; sweeps through `s` and `s_into` reuse their scratch buffers
/// across frequency points, and a single `s_at` (as in gradients) allocates them once.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Circuit, CircuitPort, Ground, SeriesC, SeriesL, ShuntC, part};
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
    solver: CircuitSolver,
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
        // The element parts and external ports, in tuple order.
        let mut net = Net {
            elements: Vec::new(),
            grounded: vec![false; nodes.len()],
            externals: Vec::new(),
        };
        let mut parts_len = 0;
        for (p, &(role, k, _)) in layout.iter().enumerate() {
            let on: Vec<usize> = seen[p].iter().map(|n| n.unwrap_or_default()).collect();
            match role {
                PartRole::Element => {
                    net.elements.push(Element {
                        offset: parts_len,
                        nodes: on,
                    });
                    parts_len += k * k;
                }
                PartRole::Port => net.externals.push(on[0]),
                PartRole::Ground => net.grounded[on[0]] = true,
            }
        }
        Ok(Circuit {
            parts,
            topology: Topology {
                connection: Connection::new::<N>(&net),
                nodal: Nodal::new(&net),
                net,
                parts_len,
                netlist: nodes,
            },
            solver: CircuitSolver::default(),
            _scalar: PhantomData,
        })
    }

    /// The netlist as given to [`Circuit::new`].
    pub fn nodes(&self) -> &[Vec<(usize, usize)>] {
        &self.topology.netlist
    }

    /// The number of unknowns of the exact (connection) solver: the ports of all parts other
    /// than external ports and grounds.
    pub fn unknowns(&self) -> usize {
        self.topology.connection.unknowns()
    }

    /// The same circuit solved with `solver`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{Circuit, CircuitPort, CircuitSolver, SeriesL, part};
    ///
    /// let netlist = vec![vec![(0, 0), (1, 0)], vec![(1, 1), (2, 0)]];
    /// let nodal = Circuit::<_, 2>::new(
    ///     (CircuitPort::new(), part(SeriesL::new(5e-9)), CircuitPort::new()),
    ///     netlist,
    /// )?;
    /// let exact = nodal.clone().with_solver(CircuitSolver::Connection);
    /// let (a, b) = (nodal.s_at(1e9), exact.s_at(1e9));
    /// assert!((a[1][0] - b[1][0]).norm() < 1e-14);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn with_solver(mut self, solver: CircuitSolver) -> Self {
        self.solver = solver;
        self
    }

    /// How the circuit is solved.
    pub fn solver(&self) -> CircuitSolver {
        self.solver
    }

    /// Solves at `f` with the scratch buffers `scratch`.
    fn solve(&self, f: T, scratch: &mut Scratch<T>) -> Mat<T, N> {
        let topo = &self.topology;
        // Every element writes its whole block: the buffer needs no clearing between points.
        (scratch.parts).resize(topo.parts_len, Complex::new(T::zero(), T::zero()));
        if self.solver == CircuitSolver::Nodal
            && self.parts.write_y(f, &mut scratch.parts)
            && let Some(s) = topo.nodal.solve(scratch)
        {
            return s;
        }
        self.parts.write_s(f, &mut scratch.parts);
        let solved = match shorts::merge_loops(&topo.net, &scratch.parts) {
            None => topo.connection.solve(scratch),
            Some(net) => Connection::new::<N>(&net).solve(scratch),
        };
        solved.unwrap_or([[Complex::new(T::from(f64::NAN), T::from(f64::NAN)); N]; N])
    }
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

//! [`Circuit`]: named parts on named nets, solved at every frequency point.
//!
//! A circuit is a list of named parts ([`PartList`], which `#[derive(Circuit)]` writes for a
//! struct whose fields are the parts) and the nets their terminals are on ([`Netlist`], or the
//! `#[circuit(...)]` attributes of the derive). This pi low-pass with ESRs,
//!
//! ```text
//!   port 1                     l                  port 2
//!     o------ input ------+---LLLL---+------ output ------o
//!                         |          |
//!                        c1         c2
//!                         |          |
//!                       esr1       esr2
//!                         |          |
//!   gnd ------------------+----------+-----------------------
//! ```
//!
//! is, built at run time (with `#[derive(Circuit)]` the same nets go in attributes and are
//! checked at compile time):
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::{Capacitor, Circuit, Inductor, Netlist, Resistor};
//!
//! #[derive(Model, pmrf::Circuit, Clone, Debug)]
//! struct PiParts<T: Scalar = f64> {
//!     c1: Capacitor<T>,
//!     esr1: Resistor<T>,
//!     l: Inductor<T>,
//!     c2: Capacitor<T>,
//!     esr2: Resistor<T>,
//! }
//!
//! let mut net = Netlist::new();
//! net.port(1, "input").port(2, "output");
//! net.part("c1", ["input", "a"]).part("esr1", ["a", "gnd"]);
//! net.part("l", ["input", "output"]);
//! net.part("c2", ["output", "b"]).part("esr2", ["b", "gnd"]);
//! let parts = PiParts {
//!     c1: Capacitor::new(2e-12),
//!     esr1: Resistor::new(0.1),
//!     l: Inductor::new(5e-9),
//!     c2: Capacitor::new(2e-12),
//!     esr2: Resistor::new(0.1),
//! };
//! let lowpass = Circuit::<_, 2>::new(parts, &net)?;
//! assert_eq!(lowpass.param_names(), ["c1.c", "esr1.r", "l.l", "c2.c", "esr2.r"]);
//! assert!(lowpass.s_at(100e6)[1][0].norm() > 0.99);
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::sync::Arc;

use ndarray::{Array3, ArrayViewMut3};
use num_complex::{Complex, Complex64};

use crate::network::{Component, Mat, Z0, assert_ports, domain, sweep, sweep_into};
use crate::params::{ParamMeta, Path};
use crate::{Model, Result, Scalar};

mod blocks;
mod connection;
mod netlist;
mod nodal;
mod noise;
mod shorts;
mod solution;

pub use blocks::{FixedParts, WithBlocks};
use connection::Connection;
use netlist::{Checked, Placement};
pub use netlist::{ExternalPort, GROUND, Netlist, PartInfo};
pub(crate) use nodal::small_s;
use nodal::{Nodal, NoiseWork};
pub(crate) use noise::bosma_into;
pub use solution::{Solution, solution};

/// Named parts, as a circuit's netlist addresses them; `#[derive(Circuit)]` implements it for
/// a struct whose fields are the parts (a field of type `Vec<P>` or `[P; K]` is the parts
/// `name[0]`, `name[1]`, ...).
///
/// Every part is a component with a fixed port count. The parts are written one after the
/// other in the order of [`PartList::layout`], each `K * K` values row-major.
pub trait PartList<T: Scalar>: Model<Scalar = T> {
    /// Appends each part's name and port count to `out`, in order.
    fn layout(&self, out: &mut Vec<PartInfo>);
    /// Writes each part's S-parameters at `f` (Hz, 50 ohm).
    fn write_s(&self, f: T, out: &mut [Complex<T>]);
    /// Writes each part's admittance matrix at `f` (siemens, ports referenced to ground), or
    /// returns `false` as soon as one has none that is well conditioned.
    fn write_y(&self, f: T, out: &mut [Complex<T>]) -> bool;
    /// Writes each part's S (as [`write_s`](PartList::write_s)) and noise-wave correlation
    /// matrix (kelvin, same layout) at `f` (Hz) and physical temperature `temperature` (K):
    /// each part's [`Component::s_noise_at`]. The default, right where every part is passive
    /// and at `temperature`, is Bosma's theorem on each part's S; `#[derive(Circuit)]` writes
    /// each part's own, so active parts and parts at other temperatures count.
    fn write_s_noise(&self, f: T, temperature: T, s: &mut [Complex<T>], c: &mut [Complex<T>]) {
        self.write_s(f, s);
        let mut layout = Vec::new();
        self.layout(&mut layout);
        let mut at = 0;
        for part in &layout {
            let len = part.ports * part.ports;
            bosma_into(
                &s[at..at + len],
                part.ports,
                temperature,
                &mut c[at..at + len],
            );
            at += len;
        }
    }
    /// The parts whose S depends on the frequency only (data blocks), which the exact solver
    /// eliminates once per frequency point and caches ([`WithBlocks`]); `None` (the default)
    /// if there are none.
    fn fixed_parts(&self) -> Option<&FixedParts> {
        None
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

/// The checked netlist as the solvers read it: parts on numbered nodes.
#[derive(Clone, Debug, PartialEq)]
struct Net {
    /// The parts, in part-list order.
    elements: Vec<Element>,
    /// Whether each node is the ground.
    grounded: Vec<bool>,
    /// The node of each external port, in port order.
    externals: Vec<usize>,
}

/// A part on its nodes, as the solvers see it: a `K`-port block in the solvers' buffer.
#[derive(Clone, Debug, PartialEq)]
struct Element {
    /// Where its matrix starts in the solvers' buffer.
    offset: usize,
    /// The node of each of its ports.
    nodes: Vec<usize>,
}

/// A part's block in the parts' own buffer and in the solvers' one.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Block {
    /// Where the part writes its `K * K` values.
    raw: usize,
    ports: usize,
    placement: Placement,
    /// Where the solvers read it: `K * K` values, or `2 * 2` for a 1-port between two nets.
    offset: usize,
}

/// A checked netlist, precomputed for both solvers: what [`Circuit::new`] builds from a
/// [`Netlist`], and `#[derive(Circuit)]` once per type.
#[derive(Clone, Debug, PartialEq)]
pub struct Topology {
    checked: Checked,
    blocks: Vec<Block>,
    raw_len: usize,
    parts_len: usize,
    net: Net,
    connection: Connection,
    nodal: Nodal,
    /// The external ports' references, if any is not [`Z0`].
    z0: Option<Vec<f64>>,
}

impl Topology {
    /// Checks `netlist` against the parts `layout` for a circuit of `N` external ports.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`](crate::Error::InvalidNetwork) naming the part, port or net:
    /// see [`Netlist`].
    pub fn new<const N: usize>(layout: &[PartInfo], netlist: &Netlist) -> Result<Self> {
        assert_ports!(N);
        let checked = netlist::check(layout, netlist, N)?;
        let mut grounded = vec![false; checked.nets.len()];
        if let Some(g) = checked.ground {
            grounded[g] = true;
        }
        let (mut raw, mut offset) = (0, 0);
        let mut blocks = Vec::with_capacity(checked.parts.len());
        let mut elements = Vec::with_capacity(checked.parts.len());
        for part in &checked.parts {
            let k = part.ports;
            let solved = part.nodes.len();
            blocks.push(Block {
                raw,
                ports: k,
                placement: part.placement,
                offset,
            });
            elements.push(Element {
                offset,
                nodes: part.nodes.clone(),
            });
            raw += k * k;
            offset += solved * solved;
        }
        let net = Net {
            elements,
            grounded,
            externals: checked.externals.clone(),
        };
        let z0 = (checked.z0.iter().any(|&z| z != Z0)).then(|| checked.z0.clone());
        Ok(Topology {
            connection: Connection::new::<N>(&net),
            nodal: Nodal::new(&net, &blocks),
            net,
            blocks,
            raw_len: raw,
            parts_len: offset,
            z0,
            checked,
        })
    }

    /// The net names; the ground is [`GROUND`].
    pub fn nets(&self) -> &[String] {
        &self.checked.nets
    }

    /// The part names, in part-list order.
    pub fn part_names(&self) -> &[String] {
        &self.checked.names
    }

    /// The real reference impedance of each external port, in port order.
    pub fn port_z0(&self) -> &[f64] {
        &self.checked.z0
    }

    /// The number of unknowns of the exact (connection) solver: the ports of all parts, a
    /// 1-port between two nets counting two.
    pub fn unknowns(&self) -> usize {
        self.connection.unknowns()
    }

    /// The circuit's S at `f` (at 50 ohm on every port; see [`Component::s_at`]).
    fn solve<T: Scalar, P: PartList<T>, const N: usize>(
        &self,
        parts: &P,
        solver: CircuitSolver,
        f: T,
        scratch: &mut Scratch<T>,
    ) -> Mat<T, N> {
        let zero = Complex::new(T::zero(), T::zero());
        // Every part writes its whole block: the buffers need no clearing between points.
        scratch.raw.resize(self.raw_len, zero);
        // The nodal solver stamps the parts' Y straight from where they write them.
        if solver == CircuitSolver::Nodal
            && parts.write_y(f, &mut scratch.raw)
            && let Some(s) =
                self.nodal
                    .solve(&scratch.raw, &mut scratch.system, &mut scratch.values)
        {
            return s;
        }
        scratch.parts.resize(self.parts_len, zero);
        parts.write_s(f, &mut scratch.raw);
        self.expand_s(scratch);
        let solved = match shorts::merge_loops(&self.net, &scratch.parts) {
            None => match parts.fixed_parts() {
                // Constant parts are constant only at a frequency without derivatives.
                Some(fixed) if f.eps().iter().all(|&e| e == 0.0) => {
                    match fixed.reduced::<T, N>(self, f.re(), &scratch.parts) {
                        Some(red) => self.connection.solve_reduced(&red, scratch),
                        None => self.connection.solve(scratch),
                    }
                }
                _ => self.connection.solve(scratch),
            },
            Some((net, _)) => Connection::new::<N>(&net).solve(scratch),
        };
        solved.unwrap_or([[Complex::new(T::from(f64::NAN), T::from(f64::NAN)); N]; N])
    }

    /// The circuit's S and noise correlation matrix at `f` and physical temperature
    /// `temperature` (see [`circuit_s_noise`]): by nodal analysis where `solver` is
    /// [`CircuitSolver::Nodal`] and it applies, else by the connection method.
    fn solve_noise<T: Scalar, P: PartList<T>, const N: usize>(
        &self,
        parts: &P,
        solver: CircuitSolver,
        f: T,
        temperature: T,
        scratch: &mut Scratch<T>,
    ) -> (Mat<T, N>, Mat<T, N>) {
        let zero = Complex::new(T::zero(), T::zero());
        scratch.raw.resize(self.raw_len, zero);
        scratch.raw_noise.resize(self.raw_len, zero);
        scratch.parts.resize(self.parts_len, zero);
        scratch.parts_noise.resize(self.parts_len, zero);
        parts.write_s_noise(f, temperature, &mut scratch.raw, &mut scratch.raw_noise);
        if solver == CircuitSolver::Nodal
            && let Some(solved) = self.nodal.solve_noise(
                &self.blocks,
                &scratch.raw,
                &scratch.raw_noise,
                &mut scratch.nodal_noise,
            )
        {
            return solved;
        }
        self.expand_s(scratch);
        self.expand_noise(scratch);
        // Parts dropped on a loop of zero-ohm parts are wires or shorts: lossless, so their
        // (passive) noise is none.
        let solved = match shorts::merge_loops(&self.net, &scratch.parts) {
            None => self.connection.solve_noise(scratch),
            Some((net, _)) => Connection::new::<N>(&net).solve_noise(scratch),
        };
        let nan = Complex::new(T::from(f64::NAN), T::from(f64::NAN));
        solved.unwrap_or(([[nan; N]; N], [[nan; N]; N]))
    }

    /// The parts' noise as the solvers read it, like [`Topology::expand_s`] (which must have
    /// run): a 1-port between two nets is [`noise::between`].
    fn expand_noise<T: Scalar>(&self, scratch: &mut Scratch<T>) {
        let (raw, s, out) = (&scratch.raw, &scratch.raw_noise, &mut scratch.parts_noise);
        for b in &self.blocks {
            let len = b.ports * b.ports;
            match b.placement {
                Placement::Ported => {
                    out[b.offset..b.offset + len].copy_from_slice(&s[b.raw..b.raw + len])
                }
                Placement::Between => out[b.offset..b.offset + 4]
                    .copy_from_slice(&noise::between(raw[b.raw], s[b.raw])),
            }
        }
    }

    /// The parts' S as the solvers read them: a 1-port of reflection `G` between two nets is
    /// the series 2-port `[[1 + G, 2 (1 - G)], [2 (1 - G), 1 + G]] / (3 - G)`, exact for
    /// every `G` on the unit disc (opens and shorts included).
    fn expand_s<T: Scalar>(&self, scratch: &mut Scratch<T>) {
        let (raw, out) = (&scratch.raw, &mut scratch.parts);
        for b in &self.blocks {
            let len = b.ports * b.ports;
            match b.placement {
                Placement::Ported => {
                    out[b.offset..b.offset + len].copy_from_slice(&raw[b.raw..b.raw + len])
                }
                Placement::Between => {
                    let g = raw[b.raw];
                    let one = Complex::new(T::one(), T::zero());
                    let d = (one + one + one - g).inv();
                    let (refl, thru) = ((one + g) * d, (one - g) * d * T::from(2.0));
                    out[b.offset..b.offset + 4].copy_from_slice(&[refl, thru, thru, refl]);
                }
            }
        }
    }
}

/// Scratch buffers of the solvers, reused across the points of a sweep.
struct Scratch<T> {
    /// The parts' S or Y as they write them.
    raw: Vec<Complex<T>>,
    /// The parts' S or Y as the solvers read them.
    parts: Vec<Complex<T>>,
    /// The augmented system being solved.
    system: Vec<Complex<T>>,
    /// The value parts of the nodal system, where `T` carries derivatives.
    values: Vec<Complex64>,
    /// The parts' noise correlation matrices as they write them, and as the solvers read them.
    raw_noise: Vec<Complex<T>>,
    parts_noise: Vec<Complex<T>>,
    /// The nodal noise solver's buffers.
    nodal_noise: NoiseWork<T>,
}

impl<T> Scratch<T> {
    fn new() -> Self {
        Scratch {
            raw: Vec::new(),
            parts: Vec::new(),
            system: Vec::new(),
            values: Vec::new(),
            raw_noise: Vec::new(),
            parts_noise: Vec::new(),
            nodal_noise: NoiseWork::new(),
        }
    }
}

/// A circuit of `N` external ports: parts with a checked [`Topology`]. Implemented by
/// [`Circuit`] and by `#[derive(Circuit)]` structs with port attributes; every circuit is a
/// `Component<N>` through [`circuit_s`], [`circuit_sweep`] and [`circuit_sweep_into`].
pub trait Netlisted<T: Scalar, const N: usize>: PartList<T> {
    /// Its checked netlist.
    fn topology(&self) -> &Topology;
    /// How it is solved.
    fn solver(&self) -> CircuitSolver {
        CircuitSolver::Nodal
    }
    /// The S-parameters at `f` by a nodal solve specialised to this netlist, tried first by
    /// the [`CircuitSolver::Nodal`] solver; `None` (the default) where it has none or it does
    /// not apply at `f`, and the topology's solvers decide. `#[derive(Circuit)]` writes one
    /// for static netlists of at most four non-grounded nets: the same stamps and condition
    /// test as the run-time nodal solver, with the matrix size and every index known at
    /// compile time.
    #[inline]
    fn nodal_s(&self, f: T) -> Option<Mat<T, N>> {
        let _ = f;
        None
    }
}

/// One point of a circuit: its specialised nodal solve where it has one that applies, else
/// the topology's solvers.
#[inline]
fn solve_point<C: Netlisted<T, N>, T: Scalar, const N: usize>(
    c: &C,
    f: T,
    scratch: &mut Scratch<T>,
) -> Mat<T, N> {
    let solver = c.solver();
    if solver == CircuitSolver::Nodal
        && let Some(s) = c.nodal_s(f)
    {
        return s;
    }
    c.topology().solve(c, solver, f, scratch)
}

/// The S-parameters at `f` (50 ohm) of a circuit: its `Component::primary`.
#[inline]
pub fn circuit_s<C: Netlisted<T, N>, T: Scalar, const N: usize>(c: &C, f: T) -> Mat<T, N> {
    solve_point(c, f, &mut Scratch::new())
}

/// The S-parameters and noise-wave correlation matrix (kelvin, see
/// [`noise`](crate::network::noise)) at `f` (Hz, 50 ohm) of a circuit whose parts are at physical
/// temperature `temperature` (K) unless they say otherwise: its [`Component::s_noise_at`].
///
/// The parts' noise waves `c` (each part's own `s_noise_at`) enter the connection system
/// `(I - S C) b = S C_ext a_ext + c`; with `E` the map from the parts' outgoing waves to the
/// external ones, the circuit's noise is `T c`, `T = E (I - S C)^-1`, so `C' = T C_parts T^H`.
/// One LU of the transposed system gives `T`, and the circuit's S as `T S C_ext` plus the
/// direct paths. Where the circuit's solver is [`CircuitSolver::Nodal`] and every part has a
/// well-conditioned Y at the point, the same noise comes cheaper from nodal analysis: each
/// part's noise waves as noise currents at its terminals, carried to the ports by the inverse
/// nodal matrix. S agrees with [`Component::s_at`]'s to rounding either way. Exact
/// for any netlist: a passive circuit at one temperature satisfies Bosma's theorem for its own
/// S, a lossless one adds no noise, and active parts or parts at other temperatures propagate.
/// Data blocks ([`WithBlocks`]) are solved with the others, without the cached elimination.
/// NaN where the system is singular, as for S.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Resistor;
/// use pmrf::network::noise::{self, T0};
///
/// #[derive(Model, pmrf::Circuit, Clone, Debug)]
/// #[circuit(port(1, a), port(2, b))]
/// struct Pad<T: Scalar = f64> {
///     #[circuit(a, b)]
///     series: Resistor<T>,
/// }
///
/// // 50 ohm in series between 50 ohm ports: F = 2 (3 dB) at T0, its loss.
/// let (s, c) = Pad { series: Resistor::new(50.0) }.s_noise_at(1e9, T0);
/// let f = noise::noise_figure(&s, &c, 0, 1, Complex::new(0.0, 0.0));
/// assert!((f - 2.0).abs() < 1e-12);
/// ```
pub fn circuit_s_noise<C: Netlisted<T, N>, T: Scalar, const N: usize>(
    c: &C,
    f: T,
    temperature: T,
) -> (Mat<T, N>, Mat<T, N>) {
    c.topology()
        .solve_noise(c, c.solver(), f, temperature, &mut Scratch::new())
}

/// [`Component::s`] of a circuit: one scratch buffer for all points.
pub fn circuit_sweep<C: Netlisted<T, N>, T: Scalar, const N: usize>(
    c: &C,
    freq: &crate::Frequency,
) -> Array3<Complex<T>> {
    let mut scratch = Scratch::new();
    sweep(freq, |f| solve_point(c, f, &mut scratch))
}

/// [`Component::s_into`] of a circuit: one scratch buffer for all points.
pub fn circuit_sweep_into<C: Netlisted<T, N>, T: Scalar, const N: usize>(
    c: &C,
    freq: &crate::Frequency,
    out: ArrayViewMut3<'_, Complex<T>>,
) -> Result<()> {
    let mut scratch = Scratch::new();
    sweep_into(freq, out, |f| solve_point(c, f, &mut scratch))
}

/// The external ports' references of a circuit, `None` if all are [`Z0`]: its
/// `Component::port_z0`.
pub fn circuit_port_z0<C: Netlisted<T, N>, T: Scalar, const N: usize>(
    c: &C,
) -> Option<[Complex64; N]> {
    let z0 = c.topology().z0.as_ref()?;
    Some(std::array::from_fn(|i| Complex64::new(z0[i], 0.0)))
}

/// A circuit whose netlist is data: the parts `P` ([`PartList`]) on the nets of a
/// [`Netlist`], checked when built; itself an `N`-port component, so circuits nest, cascade
/// and differentiate like any other.
///
/// Parameter names are the parts' own (`c1.c`, `l[3].l`): the circuit adds no level.
///
/// # Solvers
///
/// Two solvers, generic over the scalar so both differentiate, neither adding a conductance to
/// ground anywhere (no GMIN):
///
/// - **Nodal analysis** (the default, [`CircuitSolver::Nodal`]): each part's admittance
///   matrix ([`Component::try_y_at`]) is stamped into the nodal matrix of the non-grounded
///   nets, each external port is a matched source, and one LU of size *nets* gives S (up to four
///   nets in closed form or on the stack; where the scalar carries derivatives, the LU is of the
///   values only and the derivatives follow from its factors, `dZ = -Z dG Z`). It is
///   used at a frequency point only where every part has a well-conditioned admittance matrix
///   there (losing at most about three digits), and the nodal matrix is not singular.
/// - **The S-parameter connection method** (as scikit-rf's `Circuit`,
///   [`CircuitSolver::Connection`]), exact for every netlist: each net is an ideal junction
///   (`S = 2/n - delta`, `n` connections at 50 ohm), the ground a short; the unknowns are the
///   waves leaving the ports of the parts ([`Topology::unknowns`]), and
///   `(I - S C) b = S C_ext a_ext` is solved by dense LU with partial pivoting. The nodal
///   solver falls back to it, point by point, for parts without a usable admittance matrix: a
///   thru, a shunt 2-port (its two ports are one net), an ideal transformer, an inductor at DC
///   or a resistor far below 50 ohm. Results are the same either way; only the cost differs.
/// - **Zero-impedance elements**: a part whose S at a point is exactly a wire (`[[0, 1], [1, 0]]`:
///   a 0-ohm resistor between two nets, an inductor at DC, a thru) or a short on every port
///   (`S = -I`) joins its nets. Where such parts close a loop, the current around it is
///   undetermined; the connection solver then drops the parts on the loop and merges their
///   nets, which is exact, derivatives included. The test is on the value, so a dual number
///   whose value is 0 merges too.
///
/// - **Data blocks** ([`WithBlocks`]): measured or simulated networks of any port count next
///   to the parametric parts. Their rows of the connection system are constant, so at each
///   frequency point they are eliminated once (cached) and only the parametric parts' ports
///   are solved for afterwards: re-evaluating a 54-port package with 10 tuning parts costs a
///   system of the tuning parts' size. A `DataBlock<N>` field of a derived part list is
///   solved like any other part (no cache).
///
/// Where the system is singular at some frequency (a lossless resonance with no outlet, a
/// floating net between opens), every S-parameter at that point is NaN; [`Network`](crate::Network)
/// and the derivative layer report such results as errors.
///
/// # Noise
///
/// [`Component::s_noise_at`] carries every part's own noise waves (its `s_noise_at` at the
/// temperature passed down, so active parts and parts at their own temperatures count) to the
/// external ports, by the nodal solver where it applies and the connection method elsewhere:
/// see [`circuit_s_noise`]. The parts' noise comes from [`PartList::write_s_noise`].
///
/// # Reference impedances
///
/// [`Component::s_at`] is at 50 ohm on every port, as for every component, so circuits
/// compose with everything else; [`Component::network`] reports at the external ports' own
/// references ([`Netlist::port_z0`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Circuit<P, const N: usize, T: Scalar = f64> {
    parts: P,
    topology: Arc<Topology>,
    solver: CircuitSolver,
    _scalar: std::marker::PhantomData<T>,
}

impl<P: PartList<T>, const N: usize, T: Scalar> Circuit<P, N, T> {
    /// The circuit of `parts` on the nets of `netlist`.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`](crate::Error::InvalidNetwork), naming the part, port or net,
    /// for: a part the netlist names that is not in `parts`, a part on no net or given its
    /// nets twice, a number of nets other than the part's port count (or 1 or 2 for a 1-port),
    /// a 1-port between a net and itself, a net with one terminal, external ports not numbered
    /// `1..=N` each once, a port on the ground, or a `z0` not finite and positive.
    pub fn new(parts: P, netlist: &Netlist) -> Result<Self> {
        let mut layout = Vec::new();
        parts.layout(&mut layout);
        Ok(Circuit {
            topology: Arc::new(Topology::new::<N>(&layout, netlist)?),
            parts,
            solver: CircuitSolver::default(),
            _scalar: std::marker::PhantomData,
        })
    }

    /// The parts.
    pub fn parts(&self) -> &P {
        &self.parts
    }

    /// The checked netlist.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// The same circuit solved with `solver`.
    pub fn with_solver(mut self, solver: CircuitSolver) -> Self {
        self.solver = solver;
        self
    }

    /// How the circuit is solved.
    pub fn solver(&self) -> CircuitSolver {
        self.solver
    }
}

impl<P: Model, const N: usize, T: Scalar> Model for Circuit<P, N, T> {
    type Scalar = P::Scalar;
    type Rebind<U: Scalar> = Circuit<P::Rebind<U>, N, U>;

    fn visit_params<F>(&self, path: &mut Path, f: &mut F)
    where
        F: FnMut(&Path, Self::Scalar, &ParamMeta),
    {
        self.parts.visit_params(path, f)
    }

    fn visit_params_mut<F>(&mut self, f: &mut F)
    where
        F: FnMut(&mut Self::Scalar),
    {
        self.parts.visit_params_mut(f)
    }

    fn try_map_params<U, E, F>(&self, f: &mut F) -> std::result::Result<Self::Rebind<U>, E>
    where
        U: Scalar,
        F: FnMut(Self::Scalar) -> std::result::Result<U, E>,
    {
        Ok(Circuit {
            parts: self.parts.try_map_params(f)?,
            topology: Arc::clone(&self.topology),
            solver: self.solver,
            _scalar: std::marker::PhantomData,
        })
    }
}

impl<P: PartList<T>, const N: usize, T: Scalar> PartList<T> for Circuit<P, N, T> {
    fn layout(&self, out: &mut Vec<PartInfo>) {
        self.parts.layout(out)
    }
    #[inline]
    fn write_s(&self, f: T, out: &mut [Complex<T>]) {
        self.parts.write_s(f, out)
    }
    #[inline]
    fn write_y(&self, f: T, out: &mut [Complex<T>]) -> bool {
        self.parts.write_y(f, out)
    }
    fn write_s_noise(&self, f: T, temperature: T, s: &mut [Complex<T>], c: &mut [Complex<T>]) {
        self.parts.write_s_noise(f, temperature, s, c)
    }
    fn fixed_parts(&self) -> Option<&FixedParts> {
        self.parts.fixed_parts()
    }
}

impl<P: PartList<T>, const N: usize, T: Scalar> Netlisted<T, N> for Circuit<P, N, T> {
    fn topology(&self) -> &Topology {
        &self.topology
    }
    fn solver(&self) -> CircuitSolver {
        self.solver
    }
}

impl<P: PartList<T>, const N: usize, T: Scalar> Component<N> for Circuit<P, N, T> {
    type Domain = domain::S;

    #[inline]
    fn primary(&self, f: T) -> Mat<T, N> {
        circuit_s(self, f)
    }

    fn s(&self, freq: &crate::Frequency) -> Array3<Complex<T>> {
        circuit_sweep(self, freq)
    }

    fn s_into(&self, freq: &crate::Frequency, out: ArrayViewMut3<'_, Complex<T>>) -> Result<()> {
        circuit_sweep_into(self, freq, out)
    }

    fn port_z0(&self) -> Option<[Complex64; N]> {
        circuit_port_z0(self)
    }

    fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, N>, Mat<T, N>) {
        circuit_s_noise(self, f, temperature)
    }
}

//! [`WithBlocks`]: parametric parts next to data blocks of any port count in one run-time
//! circuit, the blocks eliminated once per frequency point ([`FixedParts`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use num_complex::{Complex, Complex64};

use super::connection::Reduced;
use super::{PartInfo, PartList, Topology};
use crate::components::DynBlock;
use crate::params::{ParamMeta, Path};
use crate::{Error, Model, Result, Scalar};

/// The parts `P` (parametric, any [`PartList`]) followed by data blocks ([`DynBlock`]) of any
/// port count, each named by its network's name: the parts of a run-time
/// [`Circuit`](super::Circuit) around measured or simulated data.
///
/// # Representation, and why
///
/// Parts with a port count known at compile time keep their stack matrices (`Mat<T, K>`,
/// at most [`MAX_PORTS`](crate::network::MAX_PORTS)); a block writes its S straight into the
/// circuit's heap buffer, so its port count is unbounded, and the circuit is solved by the
/// exact connection method on heap matrices (blocks have no admittance matrix to stamp).
///
/// The blocks are constants, so their rows of the connection system are too: at each
/// frequency point the solver eliminates their ports once (a Schur complement, an LU of the
/// size of their ports, cached per point in this value and shared by its clones, e.g. by
/// every `with_params` of the circuit) and afterwards solves only for the ports of the
/// parametric parts: re-evaluating after a parameter changes costs a system the size of the
/// parametric parts' ports, whatever the blocks' size. The cache holds, per frequency point,
/// `(block ports) x (parametric ports + external ports)` complex numbers; it is bypassed
/// where the frequency carries derivatives (then the blocks are not constant).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Capacitor, Circuit, DynBlock, Netlist, SeriesL, WithBlocks};
///
/// #[derive(Model, pmrf::Circuit, Clone, Debug)]
/// struct Tuning<T: Scalar = f64> {
///     c: Capacitor<T>,
/// }
///
/// let grid = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz)?;
/// let fixture = SeriesL::new(2e-9).network(&grid)?.with_name("fixture");
/// let parts = WithBlocks::new(Tuning { c: Capacitor::new(1e-12) }, vec![
///     DynBlock::new(&fixture, Interpolation::Linear)?,
/// ])?;
/// let mut net = Netlist::new();
/// net.part("fixture", ["in", "a"]).part("c", ["a", "gnd"]);
/// net.port(1, "in").port(2, "a");
/// let circuit = Circuit::<_, 2>::new(parts, &net)?;
/// assert_eq!(circuit.param_names(), ["c.c"]);
/// let s = circuit.s(&grid); // blocks eliminated and cached here
/// let tuned = circuit.with_params(&[2e-12])?; // reuses the cache
/// assert!((tuned.s(&grid)[[5, 1, 0]] - s[[5, 1, 0]]).norm() > 1e-3);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct WithBlocks<P, T: Scalar = f64> {
    parts: P,
    blocks: Vec<DynBlock<T>>,
    /// Where the blocks start in the parts' buffer.
    raw: usize,
    fixed: Arc<FixedParts>,
}

impl<P: PartList<T>, T: Scalar> WithBlocks<P, T> {
    /// The parts `parts` followed by the data `blocks`, each named by its network's name.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] for a block whose network has no name (it is the part's name
    /// in the netlist).
    pub fn new(parts: P, blocks: Vec<DynBlock<T>>) -> Result<Self> {
        if let Some(i) = blocks.iter().position(|b| b.name().is_empty()) {
            return Err(Error::InvalidNetwork(format!(
                "circuit: data block {i} (a {}-port) has no name; name its network \
                 (`Network::with_name`): the netlist places it by that name",
                blocks[i].ports()
            )));
        }
        let mut layout = Vec::new();
        parts.layout(&mut layout);
        Ok(WithBlocks {
            raw: layout.iter().map(|p| p.ports * p.ports).sum(),
            fixed: Arc::new(FixedParts::new(layout.len())),
            parts,
            blocks,
        })
    }

    /// The parametric parts.
    pub fn parts(&self) -> &P {
        &self.parts
    }

    /// The data blocks.
    pub fn blocks(&self) -> &[DynBlock<T>] {
        &self.blocks
    }
}

impl<P: PartialEq, T: Scalar> PartialEq for WithBlocks<P, T> {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts && self.blocks == other.blocks
    }
}

impl<P: Model<Scalar = T>, T: Scalar> Model for WithBlocks<P, T> {
    type Scalar = T;
    type Rebind<U: Scalar> = WithBlocks<P::Rebind<U>, U>;

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
        let parts = self.parts.try_map_params(f)?;
        let blocks = (self.blocks.iter()).map(|b| b.try_map_params(f));
        Ok(WithBlocks {
            parts,
            blocks: blocks.collect::<std::result::Result<_, E>>()?,
            raw: self.raw,
            fixed: Arc::clone(&self.fixed),
        })
    }
}

impl<P: PartList<T>, T: Scalar> PartList<T> for WithBlocks<P, T> {
    fn layout(&self, out: &mut Vec<PartInfo>) {
        self.parts.layout(out);
        out.extend(self.blocks.iter().map(|b| PartInfo {
            name: b.name().to_string(),
            ports: b.ports(),
        }));
    }

    fn write_s(&self, f: T, out: &mut [Complex<T>]) {
        self.parts.write_s(f, out);
        let mut at = self.raw;
        for b in &self.blocks {
            b.write_s(f, &mut out[at..]);
            at += b.ports() * b.ports();
        }
    }

    /// The parts' own noise, then each block's: Bosma's theorem at `temperature`, clamped
    /// to positive semi-definite where the data are not passive ([`DynBlock::write_s_noise`]).
    fn write_s_noise(&self, f: T, temperature: T, s: &mut [Complex<T>], c: &mut [Complex<T>]) {
        self.parts.write_s_noise(f, temperature, s, c);
        let mut at = self.raw;
        for b in &self.blocks {
            b.write_s_noise(f, temperature, &mut s[at..], &mut c[at..]);
            at += b.ports() * b.ports();
        }
    }

    /// Blocks have no admittance matrix: circuits with blocks take the connection solver.
    fn write_y(&self, _: T, _: &mut [Complex<T>]) -> bool {
        false
    }

    fn fixed_parts(&self) -> Option<&FixedParts> {
        Some(&self.fixed)
    }
}

/// The eliminations by (topology address, frequency bits); `None` where singular.
type Cache = HashMap<(usize, u64), Option<Arc<Reduced>>>;

/// The constant parts of a circuit (the parts from a position of the part list on) and their
/// eliminations, cached per circuit topology and frequency point (see [`WithBlocks`]).
pub struct FixedParts {
    /// The first constant part, in part-list order.
    first: usize,
    cache: Mutex<Cache>,
}

impl std::fmt::Debug for FixedParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let points = self.cache.lock().map_or(0, |c| c.len());
        write!(
            f,
            "FixedParts {{ first: {}, cached points: {points} }}",
            self.first
        )
    }
}

impl FixedParts {
    fn new(first: usize) -> Self {
        FixedParts {
            first,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Drops the cached eliminations (they are rebuilt on the next evaluation).
    pub fn clear(&self) {
        if let Ok(mut c) = self.cache.lock() {
            c.clear();
        }
    }

    /// The elimination of the constant parts of `topology` at `f` (Hz), from the parts' S
    /// `parts` as the solvers read them; `None` where their block is singular.
    pub(super) fn reduced<T: Scalar, const N: usize>(
        &self,
        topology: &Topology,
        f: f64,
        parts: &[Complex<T>],
    ) -> Option<Arc<Reduced>> {
        let key = (std::ptr::from_ref(topology) as usize, f.to_bits());
        if let Some(hit) = self.cache.lock().ok()?.get(&key) {
            return hit.clone();
        }
        let values: Vec<Complex64> = parts
            .iter()
            .map(|z| Complex64::new(z.re.re(), z.im.re()))
            .collect();
        let fixed: Vec<bool> = (topology.net.elements.iter().enumerate())
            .flat_map(|(p, el)| std::iter::repeat_n(p >= self.first, el.nodes.len()))
            .collect();
        let red = topology
            .connection
            .reduce::<N>(&values, &fixed)
            .map(Arc::new);
        self.cache.lock().ok()?.insert(key, red.clone());
        red
    }
}

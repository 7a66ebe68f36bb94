//! Batches: one model structure and an `(n, p)` block of parameter values, evaluated in parallel.
//!
//! This is pmrf's `filter_vmap`: members are never built as separate objects up front; each
//! worker reuses one model and writes a member's values into it before evaluating it. Work is
//! split in chunks of members across all cores (rayon), so memory beyond the requested output is
//! bounded, and (with feature `progress`) a progress bar appears on a terminal for long runs.
//!
//! Output memory: [`Batch::s`] returns a fresh array; [`Batch::s_into`] (and `z_into`,
//! `y_into`, `abcd_into`) writes into a buffer you reuse, which for large batches is several
//! times faster (no allocation, no first-touch page faults); [`Batch::s_chunks`] hands the
//! output over chunk by chunk through one reused buffer, and [`BatchSampler`] draws the members
//! of [`Batch::sample`] chunk by chunk too, so that batches larger than memory run in the
//! memory of one chunk.
//!
//! [`YieldRun`] is a Monte Carlo yield: members drawn by global index (the same set however the
//! run is split over threads, chunks or, with feature `mpi`, processes), reduced to the
//! fraction meeting every [`Spec`], per-frequency moments of chosen features and their
//! quantiles from a mergeable [`QuantileSketch`].
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesC;
//!
//! // 10 capacitors of 1-5 pF, seeded, evaluated at 100 points.
//! let mut params = SeriesC::new(1e-12).params()?;
//! params.set_prior("c", Prior::uniform(1e-12, 5e-12)?)?;
//! let batch = Batch::sample(&params, &Filter::Free, 10, 42)?;
//! let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz)?;
//! let s = batch.s(&freq)?;
//! assert_eq!(s.shape(), [10, 100, 2, 2]);
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::mem::MaybeUninit;

use ndarray::{Array2, Array3, Array4, ArrayView2, ArrayView3};
use num_complex::Complex64;
use rayon::prelude::*;

use crate::network::Component;
use crate::params::{AsParams, Filter, Model, Params, Partition};
use crate::{Error, Frequency, Result};

mod eval;
mod progress;
mod sketch;
mod stream;
mod yield_run;
use progress::Progress;
pub use sketch::QuantileSketch;
pub use stream::BatchSampler;
#[cfg(feature = "mpi")]
pub(crate) use yield_run::chunks;
pub use yield_run::{Spec, YieldRun, YieldStats};

/// Members evaluated by one task: large enough to amortise scheduling, small enough to balance.
const CHUNK: usize = 256;

/// One model structure and `n` sets of its parameter values.
///
/// Members are checked against the parameter table the batch is made from (a model's declared
/// metadata or a [`Params`] table with per-instance bounds and ties), so every member is a
/// valid instance.
///
/// ```
/// use ndarray::array;
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
///
/// let lowpass = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12)));
/// let batch = Batch::from_values(&lowpass, array![[3e-9, 2e-12], [4e-9, 1e-12], [5e-9, 3e-12]])?;
/// let freq = Frequency::linspace(0.5, 3.0, 6, FrequencyUnit::GHz)?;
/// assert_eq!(batch.s(&freq)?.shape(), [3, 6, 2, 2]);
/// // Any function of each member, in parallel, without keeping S: here |S21| at 3 GHz.
/// let s21 = batch.map_s(&freq, |s| s[[5, 1, 0]].norm());
/// assert!(s21[0] > s21[2]); // more L and C: a lower cut-off
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Batch<M> {
    params: Params<M>,
    values: Array2<f64>,
    progress: bool,
}

impl<M: Model<Scalar = f64>> Batch<M> {
    /// A batch with explicit values: `values` is `(n, p)` with `p` the number of parameters of
    /// `source` (a model or its table), each row checked against that table (not NaN, within
    /// bounds, ties respected).
    pub fn from_values<S: AsParams<Model = M>>(source: &S, values: Array2<f64>) -> Result<Self> {
        let params = source.as_params()?.into_owned();
        if values.ncols() != params.len() {
            return Err(Error::ParamCount {
                expected: params.len(),
                got: values.ncols(),
            });
        }
        for row in values.rows() {
            match row.as_slice() {
                Some(row) => params.check_values(row)?,
                None => params.check_values(&row.to_vec())?,
            }
        }
        Ok(Self::unchecked(params, values))
    }

    /// A batch that varies only the parameters selected in `partition`: `selected` is `(n, k)`
    /// with `k = partition.len()`; the others keep their values and ties are followed, every
    /// member checked against the partition's table.
    pub fn from_partition(partition: &Partition<M>, selected: ArrayView2<f64>) -> Result<Self> {
        if selected.ncols() != partition.len() {
            return Err(Error::ParamCount {
                expected: partition.len(),
                got: selected.ncols(),
            });
        }
        let all = partition.all();
        let base = all.values();
        let mut values = zeros(selected.nrows(), all.len())?;
        // No allocation per row (this is the hot path of `BatchSampler` over millions of
        // members): the row is combined in place and checked as a whole, which accepts exactly
        // the rows `Partition::combine` accepts; `combine` then says why a row was rejected.
        let mut sel = vec![0.0; partition.len()];
        let slots = values
            .as_slice_mut()
            .ok_or_else(|| Error::Shape("a fresh table is contiguous".into()))?;
        for (row, full) in
            (selected.rows().into_iter()).zip(slots.chunks_exact_mut(base.len().max(1)))
        {
            for (s, v) in sel.iter_mut().zip(row) {
                *s = *v;
            }
            full.copy_from_slice(&base);
            partition.combine_into(&sel, full)?;
            if let Err(e) = all.check_values(full) {
                partition.combine(&sel)?;
                return Err(e);
            }
        }
        Ok(Self::unchecked(all.clone(), values))
    }

    /// `n` members whose parameters selected by `filter` are drawn from their priors (kept
    /// within bounds) or, without a prior, uniformly between finite bounds; reproducible for a
    /// given `seed`. `source` is the model (declared metadata) or its table (per-instance).
    ///
    /// Members are drawn one after the other from one stream, so member `i` is the same for
    /// every `n > i`; [`BatchSampler`] draws the same stream in pieces, for batches too large
    /// to hold.
    ///
    /// # Errors
    /// Those of [`BatchSampler::new`] (a selected parameter with no prior and an infinite
    /// bound is [`Error::NotSampleable`]) and of [`BatchSampler::draw`].
    pub fn sample<S: AsParams<Model = M>>(
        source: &S,
        filter: &Filter,
        n: usize,
        seed: u64,
    ) -> Result<Self> {
        BatchSampler::new(source, filter, seed)?.draw(n)
    }

    fn unchecked(params: Params<M>, values: Array2<f64>) -> Self {
        Batch {
            params,
            values,
            progress: true,
        }
    }

    /// Shows (the default) or hides the progress bar of long runs (feature `progress`).
    pub fn with_progress(mut self, show: bool) -> Self {
        self.progress = show;
        self
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.values.nrows()
    }

    /// Whether the batch has no members.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `(n, p)` block of values, columns in flat parameter order.
    pub fn values(&self) -> ArrayView2<'_, f64> {
        self.values.view()
    }

    /// Parameter names (the columns of [`Batch::values`]).
    pub fn names(&self) -> Vec<&str> {
        self.params.names()
    }

    /// The parameter table the members were checked against.
    pub fn params(&self) -> &Params<M> {
        &self.params
    }

    /// Member `i` as a model of its own.
    pub fn member(&self, i: usize) -> Option<M> {
        (i < self.len()).then(|| {
            let mut model = self.params.model().clone();
            self.load(&mut model, i);
            model
        })
    }

    /// Applies `f` to every member, in parallel; results in member order.
    pub fn map<R: Send>(&self, f: impl Fn(&M) -> R + Sync + Send) -> Vec<R> {
        let bar = self.bar(self.len());
        let out = (0..self.len())
            .into_par_iter()
            .with_min_len(CHUNK)
            .map_init(
                || self.params.model().clone(),
                |model, i| {
                    self.load(model, i);
                    bar.inc(1);
                    f(model)
                },
            )
            .collect();
        bar.finish();
        out
    }

    /// Applies `f` to the S-parameters `(nfreq, N, N)` of every member, in parallel, without
    /// keeping them: memory stays at one matrix block per worker.
    pub fn map_s<const N: usize, R: Send>(
        &self,
        freq: &Frequency,
        f: impl Fn(ArrayView3<Complex64>) -> R + Sync + Send,
    ) -> Vec<R>
    where
        M: Component<N>,
    {
        let bar = self.bar(self.len() * freq.len());
        let out = (0..self.len())
            .into_par_iter()
            .with_min_len(CHUNK)
            .map_init(
                || {
                    (
                        self.params.model().clone(),
                        Array3::zeros((freq.len(), N, N)),
                    )
                },
                |(model, s), i| {
                    self.load(model, i);
                    // The buffer has the shape `s_into` checks for; it cannot fail here.
                    let _ = model.s_into(freq, s.view_mut());
                    bar.inc(freq.len());
                    f(s.view())
                },
            )
            .collect();
        bar.finish();
        out
    }

    /// Writes the values of member `i` into `model`.
    fn load(&self, model: &mut M, i: usize) {
        let mut row = self.values.row(i).into_iter();
        model.visit_params_mut(&mut |x| {
            if let Some(v) = row.next() {
                *x = *v;
            }
        });
    }

    /// A progress bar for `points` units of work (see [`Batch::with_progress`]).
    fn bar(&self, points: usize) -> Progress {
        Progress::new(points, self.progress)
    }
}

/// An `(n, p)` block of zeros, or [`Error::TooLarge`] instead of a capacity panic.
fn zeros(n: usize, p: usize) -> Result<Array2<f64>> {
    let len = checked_len(&[n, p], std::mem::size_of::<f64>())?;
    let mut v = Vec::new();
    v.try_reserve_exact(len)
        .map_err(|e| Error::TooLarge(format!("{n} x {p} parameter values: {e}")))?;
    v.resize(len, 0.0);
    Array2::from_shape_vec((n, p), v).map_err(|e| Error::Shape(e.to_string()))
}

/// An uninitialised output array, or [`Error::TooLarge`] instead of a capacity panic.
fn uninit(shape: (usize, usize, usize, usize)) -> Result<Array4<MaybeUninit<Complex64>>> {
    let (n, k, a, b) = shape;
    let len = checked_len(&[n, k, a, b], std::mem::size_of::<Complex64>())?;
    let mut v: Vec<MaybeUninit<Complex64>> = Vec::new();
    v.try_reserve_exact(len).map_err(|e| {
        Error::TooLarge(format!(
            "an output of {n} members x {k} points x {a} x {b}: {e}"
        ))
    })?;
    // SAFETY: `MaybeUninit` needs no initialisation, and the capacity was just reserved.
    unsafe { v.set_len(len) };
    Array4::from_shape_vec(shape, v).map_err(|e| Error::Shape(e.to_string()))
}

/// The product of `dims`, checked so that it fits in memory addresses at `size` bytes each.
fn checked_len(dims: &[usize], size: usize) -> Result<usize> {
    let len = dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    match len {
        Some(len)
            if len
                .checked_mul(size)
                .is_some_and(|b| b <= isize::MAX as usize) =>
        {
            Ok(len)
        }
        _ => Err(Error::TooLarge(format!(
            "{} elements of {size} bytes exceed the address space",
            dims.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(" x ")
        ))),
    }
}

/// Asks the kernel to back a large fresh buffer with huge pages. For big batches, first-touch
/// page faults of the output cost several times the evaluation itself; with 2 MiB pages they
/// nearly vanish. Only a hint: without transparent huge pages nothing changes.
fn advise_huge_pages<T>(buf: &mut [T]) {
    #[cfg(target_os = "linux")]
    {
        const HUGE_PAGE: usize = 2 << 20;
        let start = buf.as_mut_ptr() as usize;
        let end = start + std::mem::size_of_val(buf);
        let (first, last) = (start.next_multiple_of(HUGE_PAGE), end & !(HUGE_PAGE - 1));
        if last > first {
            // SAFETY: `[first, last)` is page-aligned and lies inside `buf`, which we own;
            // MADV_HUGEPAGE changes only how the kernel backs the pages, never their contents.
            unsafe {
                libc::madvise(
                    first as *mut libc::c_void,
                    last - first,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buf;
}

//! Evaluation of a batch over a frequency grid: into a fresh array ([`Batch::s`] and its Z, Y,
//! ABCD siblings) or into a caller's buffer ([`Batch::s_into`] and siblings), which skips the
//! allocation and first-touch page faults that dominate large fresh outputs.

use std::mem::MaybeUninit;

use ndarray::{Array4, ArrayViewMut4, Axis};
use num_complex::Complex64;
use rayon::prelude::*;

use super::progress::Progress;
use super::{Batch, CHUNK, advise_huge_pages, uninit};
use crate::network::{Component, Mat, TwoPort};
use crate::params::Model;
use crate::{Error, Frequency, Result};

/// Where one evaluated value goes: an element of a caller's (initialised) buffer or of a fresh,
/// uninitialised one.
pub(super) trait Slot: Send {
    /// Stores `v`.
    fn put(&mut self, v: Complex64);
}

impl Slot for Complex64 {
    #[inline(always)]
    fn put(&mut self, v: Complex64) {
        *self = v;
    }
}

impl Slot for MaybeUninit<Complex64> {
    #[inline(always)]
    fn put(&mut self, v: Complex64) {
        self.write(v);
    }
}

impl<M: Model<Scalar = f64>> Batch<M> {
    /// S-parameters of every member, shape `(n, nfreq, N, N)`, in a fresh array.
    ///
    /// To evaluate the same batch (or batches of the same size) repeatedly, [`Batch::s_into`]
    /// writes into a buffer you keep and is several times faster for large batches; for
    /// batches larger than memory, see [`Batch::s_chunks`].
    ///
    /// # Errors
    /// [`Error::TooLarge`] if the output cannot be allocated.
    pub fn s<const N: usize>(&self, freq: &Frequency) -> Result<Array4<Complex64>>
    where
        M: Component<N>,
    {
        self.eval(freq, |m, f| m.s_at(f))
    }

    /// Z-parameters of every member, shape `(n, nfreq, N, N)` (NaN where they do not exist).
    pub fn z<const N: usize>(&self, freq: &Frequency) -> Result<Array4<Complex64>>
    where
        M: Component<N>,
    {
        self.eval(freq, |m, f| m.z_at(f))
    }

    /// Y-parameters of every member, shape `(n, nfreq, N, N)` (NaN where they do not exist).
    pub fn y<const N: usize>(&self, freq: &Frequency) -> Result<Array4<Complex64>>
    where
        M: Component<N>,
    {
        self.eval(freq, |m, f| m.y_at(f))
    }

    /// ABCD parameters of every member of a batch of 2-ports, shape `(n, nfreq, 2, 2)`.
    pub fn abcd(&self, freq: &Frequency) -> Result<Array4<Complex64>>
    where
        M: TwoPort,
    {
        self.eval(freq, |m, f| m.abcd_at(f))
    }

    /// S-parameters of every member written into `out`, which must have the shape
    /// `(n, nfreq, N, N)` of [`Batch::s`]; the values are identical (bit for bit) to
    /// [`Batch::s`].
    ///
    /// No memory is allocated for the output: reuse one buffer across evaluations of batches of
    /// the same size. Any memory layout works (a slice of a larger array, a transposed view);
    /// a standard (C-order, contiguous) one is the fastest.
    ///
    /// ```
    /// use pmrf::ndarray::{Array2, Array4};
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesC;
    ///
    /// let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz)?;
    /// let mut s = Array4::zeros((3, freq.len(), 2, 2)); // allocated once
    /// for scale in [1.0, 2.0] {
    ///     let c = Array2::from_shape_fn((3, 1), |(i, _)| scale * (i + 1) as f64 * 1e-12);
    ///     let batch = Batch::from_values(&SeriesC::new(1e-12), c)?;
    ///     batch.s_into(&freq, s.view_mut())?;
    ///     assert_eq!(s, batch.s(&freq)?);
    /// }
    /// // A buffer of the wrong shape is an error, not a panic.
    /// let mut wrong = Array4::zeros((2, freq.len(), 2, 2));
    /// let batch = Batch::from_values(&SeriesC::new(1e-12), Array2::from_elem((3, 1), 1e-12))?;
    /// assert!(matches!(batch.s_into(&freq, wrong.view_mut()), Err(Error::Shape(_))));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Shape`] if `out` is not `(n, nfreq, N, N)`; `out` is then left unchanged.
    pub fn s_into<const N: usize>(
        &self,
        freq: &Frequency,
        out: ArrayViewMut4<'_, Complex64>,
    ) -> Result<()>
    where
        M: Component<N>,
    {
        self.eval_into(freq, out, "S", |m, f| m.s_at(f))
    }

    /// Z-parameters of every member written into `out` (shape `(n, nfreq, N, N)`, see
    /// [`Batch::s_into`]); identical to [`Batch::z`].
    ///
    /// # Errors
    /// [`Error::Shape`] if `out` is not `(n, nfreq, N, N)`.
    pub fn z_into<const N: usize>(
        &self,
        freq: &Frequency,
        out: ArrayViewMut4<'_, Complex64>,
    ) -> Result<()>
    where
        M: Component<N>,
    {
        self.eval_into(freq, out, "Z", |m, f| m.z_at(f))
    }

    /// Y-parameters of every member written into `out` (shape `(n, nfreq, N, N)`, see
    /// [`Batch::s_into`]); identical to [`Batch::y`].
    ///
    /// # Errors
    /// [`Error::Shape`] if `out` is not `(n, nfreq, N, N)`.
    pub fn y_into<const N: usize>(
        &self,
        freq: &Frequency,
        out: ArrayViewMut4<'_, Complex64>,
    ) -> Result<()>
    where
        M: Component<N>,
    {
        self.eval_into(freq, out, "Y", |m, f| m.y_at(f))
    }

    /// ABCD parameters of every member of a batch of 2-ports written into `out` (shape
    /// `(n, nfreq, 2, 2)`, see [`Batch::s_into`]); identical to [`Batch::abcd`].
    ///
    /// # Errors
    /// [`Error::Shape`] if `out` is not `(n, nfreq, 2, 2)`.
    pub fn abcd_into(&self, freq: &Frequency, out: ArrayViewMut4<'_, Complex64>) -> Result<()>
    where
        M: TwoPort,
    {
        self.eval_into(freq, out, "ABCD", |m, f| m.abcd_at(f))
    }

    /// `at(member, f)` of every member at every point, into a fresh `(n, nfreq, N, N)` array.
    fn eval<const N: usize>(
        &self,
        freq: &Frequency,
        at: impl Fn(&M, f64) -> Mat<f64, N> + Sync,
    ) -> Result<Array4<Complex64>> {
        let mut out = uninit((self.len(), freq.len(), N, N))?;
        let bar = self.bar(self.len() * freq.len());
        let slots = out
            .as_slice_mut()
            .ok_or_else(|| Error::Shape("a fresh array is contiguous".into()))?;
        advise_huge_pages(slots);
        self.fill(0, freq.hz(), slots, &bar, &at);
        bar.finish();
        // SAFETY: `fill` writes every element of `slots`, which is all of `out` (see there).
        Ok(unsafe { out.assume_init() })
    }

    /// `at(member, f)` of every member at every point, into `out` after a shape check.
    fn eval_into<const N: usize>(
        &self,
        freq: &Frequency,
        mut out: ArrayViewMut4<'_, Complex64>,
        what: &str,
        at: impl Fn(&M, f64) -> Mat<f64, N> + Sync,
    ) -> Result<()> {
        let expected = (self.len(), freq.len(), N, N);
        if out.dim() != expected {
            return Err(Error::Shape(format!(
                "{what} of a batch of {} {N}-port members over {} points needs an output of \
                 shape {expected:?}, got {:?}",
                self.len(),
                freq.len(),
                out.dim()
            )));
        }
        let bar = self.bar(self.len() * freq.len());
        if let Some(slots) = out.as_slice_mut() {
            self.fill(0, freq.hz(), slots, &bar, &at);
        } else {
            // Any other layout: member by member through the view's strides.
            out.axis_iter_mut(Axis(0))
                .into_par_iter()
                .enumerate()
                .with_min_len(CHUNK)
                .for_each_init(
                    || self.params.model().clone(),
                    |model, (i, mut member)| {
                        self.load(model, i);
                        for (k, &f) in freq.hz().iter().enumerate() {
                            for (r, row) in at(model, f).iter().enumerate() {
                                for (c, v) in row.iter().enumerate() {
                                    member[[k, r, c]] = *v;
                                }
                            }
                        }
                        bar.inc(freq.len());
                    },
                );
        }
        bar.finish();
        Ok(())
    }

    /// Evaluates members `first, first + 1, ...` into `out`, a standard-layout
    /// `(m, hz.len(), N, N)` block for `m` members, in parallel; every element of `out` is
    /// written exactly once (for `hz` empty, `out` is empty).
    ///
    /// `out.len()` must be a multiple of `hz.len() * N * N` and `first + m <= self.len()`.
    pub(super) fn fill<S: Slot, const N: usize>(
        &self,
        first: usize,
        hz: &[f64],
        out: &mut [S],
        bar: &Progress,
        at: &(impl Fn(&M, f64) -> Mat<f64, N> + Sync),
    ) {
        let per_member = hz.len() * N * N;
        if per_member == 0 {
            return;
        }
        debug_assert!(
            out.len().is_multiple_of(per_member) && first + out.len() / per_member <= self.len()
        );
        out.par_chunks_mut(CHUNK * per_member)
            .enumerate()
            .for_each(|(c, chunk)| {
                let mut model = self.params.model().clone();
                for (r, member) in chunk.chunks_exact_mut(per_member).enumerate() {
                    self.load(&mut model, first + c * CHUNK + r);
                    for (&f, block) in hz.iter().zip(member.chunks_exact_mut(N * N)) {
                        let m = at(&model, f);
                        for (slot, v) in block.iter_mut().zip(m.iter().flatten()) {
                            slot.put(*v);
                        }
                    }
                }
                bar.inc(chunk.len() / per_member * hz.len());
            });
    }
}

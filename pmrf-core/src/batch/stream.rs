//! Batches in chunks of members, for batches whose output (or parameter table) does not fit in
//! memory: each chunk is evaluated in parallel into one buffer that is reused for the next, and
//! handed to the caller before it is overwritten. Memory stays at one chunk's output (and, with
//! [`BatchSampler`], one chunk's parameter values) whatever the number of members.

use ndarray::ArrayView4;
use num_complex::Complex64;
use rand::{SeedableRng, rngs::StdRng};

use super::progress::Progress;
use super::{Batch, checked_len, zeros};
use crate::network::{Component, Mat};
use crate::params::{AsParams, Filter, Model, Partition};
use crate::{Error, Frequency, Result};

impl<M: Model<Scalar = f64>> Batch<M> {
    /// S-parameters of the batch in chunks of at most `chunk` members: for members
    /// `offset..offset + m` (`m <= chunk`, in order), `f(offset, s)` receives their
    /// S-parameters `s`, shape `(m, nfreq, N, N)`, identical (bit for bit) to
    /// `batch.s(freq)?.slice(s![offset..offset + m, .., .., ..])`.
    ///
    /// Each chunk is evaluated in parallel into one buffer of `chunk` members, reused for the
    /// next chunk: memory is bounded by the chunk, not the batch. `f` runs on the calling
    /// thread; an error from it stops the run and is returned. A few thousand members per chunk
    /// keep every core busy; to stream members that are themselves too many to hold, draw them
    /// with [`BatchSampler::s_chunks`].
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesC;
    ///
    /// let mut params = SeriesC::new(1e-12).params()?;
    /// params.set_prior("c", Prior::uniform(1e-12, 5e-12)?)?;
    /// let batch = Batch::sample(&params, &Filter::Free, 1000, 7)?;
    /// let freq = Frequency::linspace(0.1, 1.0, 100, FrequencyUnit::GHz)?;
    /// // The worst return loss over the batch, 128 members in memory at a time.
    /// let mut worst = 0.0f64;
    /// batch.s_chunks(&freq, 128, |_offset, s| {
    ///     worst = s.iter().step_by(4).map(|s11| s11.norm()).fold(worst, f64::max);
    ///     Ok::<(), Error>(())
    /// })?;
    /// assert!(worst > 0.0 && worst < 1.0);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Shape`] if `chunk` is 0, [`Error::TooLarge`] if one chunk's output cannot be
    /// allocated, or the first error `f` returns.
    pub fn s_chunks<const N: usize, E: From<Error>>(
        &self,
        freq: &Frequency,
        chunk: usize,
        mut f: impl FnMut(usize, ArrayView4<'_, Complex64>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E>
    where
        M: Component<N>,
    {
        let at = |m: &M, f: f64| m.s_at(f);
        let bar = self.bar(self.len() * freq.len());
        let mut buffer = ChunkBuffer::new::<N>(chunk, self.len(), freq.len())?;
        for offset in (0..self.len()).step_by(chunk) {
            let m = chunk.min(self.len() - offset);
            self.fill(offset, freq.hz(), buffer.slots::<N>(m), &bar, &at);
            f(offset, buffer.view::<N>(m)?)?;
        }
        bar.finish();
        Ok(())
    }
}

/// The reused output of a chunked run: room for `chunk` members of `(nfreq, N, N)` values.
struct ChunkBuffer {
    data: Vec<Complex64>,
    nfreq: usize,
}

impl ChunkBuffer {
    /// A buffer for chunks of `chunk` members (fewer if the run has only `len`).
    fn new<const N: usize>(chunk: usize, len: usize, nfreq: usize) -> Result<Self> {
        if chunk == 0 {
            return Err(Error::Shape(
                "a chunk must hold at least one member, got 0".into(),
            ));
        }
        let members = chunk.min(len);
        let size = checked_len(&[members, nfreq, N, N], size_of::<Complex64>())?;
        let mut data = Vec::new();
        data.try_reserve_exact(size).map_err(|e| {
            Error::TooLarge(format!(
                "a chunk of {members} members x {nfreq} points x {N} x {N}: {e}"
            ))
        })?;
        data.resize(size, Complex64::new(0.0, 0.0));
        Ok(ChunkBuffer { data, nfreq })
    }

    /// The slots of the first `m` members (`m` at most the chunk).
    fn slots<const N: usize>(&mut self, m: usize) -> &mut [Complex64] {
        &mut self.data[..m * self.nfreq * N * N]
    }

    /// The first `m` members as an `(m, nfreq, N, N)` view.
    fn view<const N: usize>(&self, m: usize) -> Result<ArrayView4<'_, Complex64>> {
        let per_member = self.nfreq * N * N;
        ArrayView4::from_shape((m, self.nfreq, N, N), &self.data[..m * per_member])
            .map_err(|e| Error::Shape(e.to_string()))
    }
}

/// Draws the members of [`Batch::sample`] in pieces, so that batches too large to hold (their
/// parameter table or their output) can be evaluated chunk by chunk with bounded memory.
///
/// The members come from one seeded stream, drawn row by row: the first `n` members drawn by a
/// sampler, in pieces of any sizes, are exactly the members of `Batch::sample(source, filter,
/// n, seed)`, and member `i` does not depend on how many are drawn after it.
///
/// ```
/// use pmrf::batch::BatchSampler;
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
///
/// let mut params = SeriesC::new(1e-12).params()?;
/// params.set_prior("c", Prior::uniform(1e-12, 5e-12)?)?;
/// let freq = Frequency::linspace(0.1, 1.0, 100, FrequencyUnit::GHz)?;
///
/// // 50 000 capacitors, 1024 in memory at a time (the same for 1e7): the lowest |S21| at
/// // 100 MHz.
/// let mut sampler = BatchSampler::new(&params, &Filter::Free, 42)?;
/// let mut lowest = f64::INFINITY;
/// sampler.s_chunks(50_000, &freq, 1024, |_offset, s| {
///     lowest = s.outer_iter().map(|m| m[[0, 1, 0]].norm()).fold(lowest, f64::min);
///     Ok::<(), Error>(())
/// })?;
/// assert!(lowest > 0.0 && lowest < 1.0);
///
/// // The same members as one batch.
/// let mut again = BatchSampler::new(&params, &Filter::Free, 42)?;
/// let first = again.draw(10)?;
/// let second = again.draw(5)?;
/// let whole = Batch::sample(&params, &Filter::Free, 15, 42)?;
/// assert_eq!(first.values(), whole.values().slice(pmrf::ndarray::s![..10, ..]));
/// assert_eq!(second.values(), whole.values().slice(pmrf::ndarray::s![10.., ..]));
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug)]
pub struct BatchSampler<M> {
    partition: Partition<M>,
    /// The distribution of each sampled parameter, in the partition's order.
    priors: crate::params::Draws,
    rng: StdRng,
    drawn: usize,
    progress: bool,
}

impl<M: Model<Scalar = f64>> BatchSampler<M> {
    /// A sampler of the parameters selected by `filter`, drawn from their priors (kept within
    /// bounds) or, without a prior, uniformly between finite bounds, from the stream of `seed`
    /// (see [`Batch::sample`]).
    ///
    /// # Errors
    /// The errors of [`ParamMeta::sampling_prior`](crate::params::ParamMeta::sampling_prior)
    /// ([`Error::NotSampleable`] for a selected parameter with no prior and an infinite bound),
    /// and the errors of the filter.
    pub fn new<S: AsParams<Model = M>>(source: &S, filter: &Filter, seed: u64) -> Result<Self> {
        let partition = source.as_params()?.partition(filter)?;
        let priors = crate::params::Draws::new(&partition)?;
        Ok(BatchSampler {
            partition,
            priors,
            rng: StdRng::seed_from_u64(seed),
            drawn: 0,
            progress: true,
        })
    }

    /// Shows (the default) or hides the progress bar of long runs of
    /// [`BatchSampler::s_chunks`] (feature `progress`).
    pub fn with_progress(mut self, show: bool) -> Self {
        self.progress = show;
        self
    }

    /// How many members have been drawn so far: the index of the next one.
    pub fn drawn(&self) -> usize {
        self.drawn
    }

    /// The next `n` members as a batch.
    ///
    /// # Errors
    /// [`Error::TooLarge`] if their values cannot be allocated; errors of the table (a tied
    /// parameter pushed out of its own bounds). After an error the sampler's stream position
    /// is unspecified.
    pub fn draw(&mut self, n: usize) -> Result<Batch<M>> {
        let mut selected = zeros(n, self.partition.len())?;
        let width = self.partition.len().max(1);
        for row in selected
            .as_slice_mut()
            .into_iter()
            .flat_map(|s| s.chunks_mut(width))
        {
            self.priors.fill(row, &mut self.rng)?;
        }
        self.drawn += n;
        Batch::from_partition(&self.partition, selected.view())
    }

    /// Draws the next `n` members in chunks of at most `chunk` and hands the S-parameters of
    /// each chunk to `f` as [`Batch::s_chunks`] does: `f(offset, s)` with `offset` counted
    /// from the first member of this call (add [`BatchSampler::drawn`] from before the call
    /// for the stream index) and `s` of shape `(m, nfreq, N, N)`, `m <= chunk`.
    ///
    /// Memory is two chunks' values (the next chunk is drawn while one is evaluated) and one
    /// chunk's output, reused, whatever `n` is. After an error, the stream position is
    /// unspecified.
    ///
    /// # Errors
    /// [`Error::Shape`] if `chunk` is 0, the errors of [`BatchSampler::draw`], or the first
    /// error `f` returns.
    pub fn s_chunks<const N: usize, E: From<Error>>(
        &mut self,
        n: usize,
        freq: &Frequency,
        chunk: usize,
        mut f: impl FnMut(usize, ArrayView4<'_, Complex64>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E>
    where
        M: Component<N>,
    {
        let at = |m: &M, f: f64| -> Mat<f64, N> { m.s_at(f) };
        let bar = Progress::new(n * freq.len(), self.progress);
        let mut buffer = ChunkBuffer::new::<N>(chunk, n, freq.len())?;
        // Drawing is sequential (one stream); it runs beside the parallel evaluation of the
        // chunk before, so that no core waits for it.
        let mut pending = if n > 0 {
            Some(self.draw(chunk.min(n))?)
        } else {
            None
        };
        let mut offset = 0;
        while let Some(batch) = pending.take() {
            let m = batch.len();
            let following = chunk.min(n - offset - m);
            let slots = buffer.slots::<N>(m);
            let ((), next) = rayon::join(
                || batch.fill(0, freq.hz(), slots, &bar, &at),
                || (following > 0).then(|| self.draw(following)),
            );
            pending = next.transpose()?;
            f(offset, buffer.view::<N>(m)?)?;
            offset += m;
        }
        bar.finish();
        Ok(())
    }
}

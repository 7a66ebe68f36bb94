//! Monte Carlo yield: members drawn by global index, evaluated chunk by chunk in bounded memory,
//! reduced to the fraction that meets every [`Spec`], to per-frequency moments of chosen
//! features and to their per-frequency quantiles.
//!
//! Member `i` comes from its own random stream, a counter-based hash of `(seed, i)`, so the
//! member set is the same whatever the chunk size, the number of threads or (with feature
//! `mpi`, `pmrf::distributed`) the number of processes. The statistics are folded in member
//! order within a run and merged exactly (Chan's parallel update) between runs over disjoint
//! ranges, so splitting a run changes only rounding. Quantiles come from a
//! [`QuantileSketch`] per point, whose merge adds integer counts: they do not change at all.

use std::ops::{Range, RangeInclusive};

use ndarray::Array3;
use num_complex::Complex64;
use rand::{SeedableRng, rngs::StdRng};
use rayon::prelude::*;

use super::QuantileSketch;
use crate::fit::{Bound, Feature, Transform};
use crate::network::Component;
use crate::network::noise::NoiseSweep;
use crate::params::{AsParams, Filter, Model, Partition};
use crate::{Error, Frequency, Result};

/// A specification a member must meet: a real, single-trace feature kept at or below
/// ([`Bound::Below`]) or at or above ([`Bound::Above`]) a limit at every point of the run's
/// grid inside a band (Hz, inclusive). A non-finite value (NaN) never meets a spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    feature: Feature,
    bound: Bound,
    band: RangeInclusive<f64>,
}

impl Spec {
    /// `feature` kept on the side `bound` says over `band` (Hz).
    ///
    /// # Errors
    /// [`Error::Fit`] for a complex or every-trace feature, a non-finite limit, or a band that
    /// is empty or not finite.
    pub fn new(feature: Feature, bound: Bound, band: RangeInclusive<f64>) -> Result<Self> {
        check_feature(&feature, "spec")?;
        let (Bound::Below(v) | Bound::Above(v)) = bound;
        if !v.is_finite() {
            return Err(Error::Fit(format!(
                "spec on `{feature}`: the limit {v} is not finite"
            )));
        }
        if !(band.start().is_finite() && band.end().is_finite() && band.start() <= band.end()) {
            return Err(Error::Fit(format!(
                "spec on `{feature}`: the band {} to {} Hz is not an ascending pair of finite \
                 frequencies",
                band.start(),
                band.end()
            )));
        }
        Ok(Spec {
            feature,
            bound,
            band,
        })
    }

    /// Whether `value` is on the right side of the limit.
    fn meets(&self, value: f64) -> bool {
        match self.bound {
            Bound::Below(limit) => value <= limit,
            Bound::Above(limit) => value >= limit,
        }
    }
}

/// A yield run: a model's table, the parameters drawn (by `filter`, from each one's
/// [`sampling_prior`](crate::params::ParamMeta::sampling_prior) within its bounds), a frequency
/// grid, the specs and the features whose statistics are kept.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::batch::{Spec, YieldRun};
/// use pmrf::components::SeriesR;
/// use pmrf::fit::Bound;
///
/// // A series resistor of 0-100 ohm: |S21| >= -3.52 dB (S21 = 100 / (100 + R)) holds for
/// // R <= 50 ohm, half of the members.
/// let mut params = SeriesR::new(10.0).params()?;
/// params.set_prior("r", Prior::uniform(0.0, 100.0)?)?;
/// let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
/// let limit = 20.0 * (100.0f64 / 150.0).log10();
/// let run = YieldRun::new(&params, &Filter::Free, &freq, 7)?
///     .spec(Spec::new("s21_db".parse()?, Bound::Above(limit), 1e9..=2e9)?)?
///     .statistics("s21_db".parse()?)?;
/// let stats = run.run(20_000, 1024)?;
/// assert!((stats.yield_fraction() - 0.5).abs() < 0.02);
/// let (lo, hi) = stats.wilson(1.96);
/// assert!(lo < stats.yield_fraction() && stats.yield_fraction() < hi);
/// assert_eq!(stats.mean(&"s21_db".parse()?).unwrap().len(), 3);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct YieldRun<M> {
    partition: Partition<M>,
    priors: crate::params::Draws,
    freq: Frequency,
    seed: u64,
    /// Every feature evaluated per member (those of specs and of statistics, once each).
    evaluated: Vec<Feature>,
    /// Each spec, the index of its feature in `evaluated` and its points on the grid.
    specs: Vec<(Spec, usize, Range<usize>)>,
    /// Indices into `evaluated` of the features with statistics.
    statistics: Vec<usize>,
    /// Indices into `evaluated` of the features with quantiles, and their relative accuracy.
    quantiles: Vec<usize>,
    accuracy: f64,
    record_failures: bool,
}

impl<M: Model<Scalar = f64>> YieldRun<M> {
    /// A run drawing the parameters of `source` selected by `filter`, evaluated over `freq`,
    /// member `i` drawn from the stream of `(seed, i)`.
    ///
    /// # Errors
    /// Those of [`crate::batch::BatchSampler::new`]: [`Error::NotSampleable`] for a selected
    /// parameter with no prior and an infinite bound, and the errors of the filter.
    pub fn new<S: AsParams<Model = M>>(
        source: &S,
        filter: &Filter,
        freq: &Frequency,
        seed: u64,
    ) -> Result<Self> {
        let partition = source.as_params()?.partition(filter)?;
        let priors = crate::params::Draws::new(&partition)?;
        Ok(YieldRun {
            partition,
            priors,
            freq: freq.clone(),
            seed,
            evaluated: Vec::new(),
            specs: Vec::new(),
            statistics: Vec::new(),
            quantiles: Vec::new(),
            accuracy: DEFAULT_ACCURACY,
            record_failures: false,
        })
    }

    /// Adds a spec every passing member must meet.
    ///
    /// # Errors
    /// [`Error::Fit`] if no point of the run's grid lies in the spec's band.
    pub fn spec(mut self, spec: Spec) -> Result<Self> {
        let hz = self.freq.hz();
        let first = hz.iter().position(|f| spec.band.contains(f));
        let last = hz.iter().rposition(|f| spec.band.contains(f));
        let (Some(first), Some(last)) = (first, last) else {
            return Err(Error::Fit(format!(
                "spec on `{}`: no point of the grid ({} to {} Hz) lies in its band {} to {} Hz",
                spec.feature,
                hz.first().copied().unwrap_or(f64::NAN),
                hz.last().copied().unwrap_or(f64::NAN),
                spec.band.start(),
                spec.band.end()
            )));
        };
        let k = self.feature_index(spec.feature);
        self.specs.push((spec, k, first..last + 1));
        Ok(self)
    }

    /// Keeps the per-frequency mean and standard deviation of `feature` over all members.
    ///
    /// # Errors
    /// [`Error::Fit`] for a complex or every-trace feature.
    pub fn statistics(mut self, feature: Feature) -> Result<Self> {
        check_feature(&feature, "statistics")?;
        let k = self.feature_index(feature);
        if !self.statistics.contains(&k) {
            self.statistics.push(k);
        }
        Ok(self)
    }

    /// Keeps per-frequency quantiles of `feature` over all members (any `q`, read with
    /// [`YieldStats::quantile`]), to the relative accuracy of
    /// [`YieldRun::quantile_accuracy`] (default 1e-3): one [`QuantileSketch`] per grid point.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::batch::YieldRun;
    /// use pmrf::components::SeriesR;
    ///
    /// // |S21| = 100 / (100 + R), R uniform in 0-100 ohm: the median is 100 / 150.
    /// let mut params = SeriesR::new(10.0).params()?;
    /// params.set_prior("r", Prior::uniform(0.0, 100.0)?)?;
    /// let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
    /// let s21: pmrf::fit::Feature = "s21_mag".parse()?;
    /// let run = YieldRun::new(&params, &Filter::Free, &freq, 7)?.quantiles(s21)?;
    /// let stats = run.run(20_000, 1024)?;
    /// let median = stats.quantile(&s21, 0.5)?;
    /// assert_eq!(median.len(), 3);
    /// assert!((median[0] - 100.0 / 150.0).abs() < 0.01);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Fit`] for a complex or every-trace feature.
    pub fn quantiles(mut self, feature: Feature) -> Result<Self> {
        check_feature(&feature, "quantiles")?;
        let k = self.feature_index(feature);
        if !self.quantiles.contains(&k) {
            self.quantiles.push(k);
        }
        Ok(self)
    }

    /// The relative accuracy of every quantile kept (default 1e-3): a reported quantile is
    /// within `accuracy * |value|` of the member value it stands for.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `1e-6 <= accuracy < 1`.
    pub fn quantile_accuracy(mut self, accuracy: f64) -> Result<Self> {
        QuantileSketch::new(accuracy)?;
        self.accuracy = accuracy;
        Ok(self)
    }

    /// Keeps the indices of the members that fail a spec (default: only their count).
    pub fn record_failures(mut self, record: bool) -> Self {
        self.record_failures = record;
        self
    }

    /// The grid the members are evaluated on.
    pub fn frequency(&self) -> &Frequency {
        &self.freq
    }

    /// All parameter values of member `i` (flat order, ties resolved).
    ///
    /// # Errors
    /// The errors of drawing from a prior and of the table's checks.
    pub fn member_values(&self, i: u64) -> Result<Vec<f64>> {
        let mut full = self.partition.all().values();
        let mut selected = vec![0.0; self.partition.len()];
        self.draw_into(i, &mut selected, &mut full)?;
        Ok(full)
    }

    /// The statistics of no members, to fold chunks into with [`YieldRun::accumulate`].
    pub fn empty_stats(&self) -> YieldStats {
        YieldStats {
            members: 0,
            passed: 0,
            moments: (self.statistics.iter())
                .map(|&k| (self.evaluated[k], Moments::new(self.freq.len())))
                .collect(),
            sketches: (self.quantiles.iter())
                .map(|&k| {
                    // The accuracy was checked when it was set.
                    let empty = QuantileSketch::new(self.accuracy).expect("a checked accuracy");
                    (self.evaluated[k], vec![empty; self.freq.len()])
                })
                .collect(),
            failures: self.record_failures.then(Vec::new),
        }
    }

    /// Members `0..n`, evaluated in chunks of `chunk` members on every core.
    ///
    /// # Errors
    /// [`Error::Shape`] if `chunk` is 0; the first error of [`YieldRun::accumulate`].
    pub fn run<const N: usize>(&self, n: u64, chunk: usize) -> Result<YieldStats>
    where
        M: Component<N>,
    {
        self.run_range(0..n, chunk)
    }

    /// Members `range` (by global index), evaluated in chunks of `chunk` members on every core.
    ///
    /// # Errors
    /// [`Error::Shape`] if `chunk` is 0; the first error of [`YieldRun::accumulate`].
    pub fn run_range<const N: usize>(&self, range: Range<u64>, chunk: usize) -> Result<YieldStats>
    where
        M: Component<N>,
    {
        let mut stats = self.empty_stats();
        for piece in chunks(range, chunk)? {
            self.accumulate(piece, &mut stats)?;
        }
        Ok(stats)
    }

    /// Evaluates members `range` in parallel and folds them, in index order, into `stats`
    /// (from [`YieldRun::empty_stats`] of this run): memory is the range's feature values.
    ///
    /// # Errors
    /// [`Error::Shape`] if `stats` is not of this run, the errors of drawing a member (a prior
    /// that cannot be sampled, a tie out of bounds) and of its features.
    pub fn accumulate<const N: usize>(
        &self,
        range: Range<u64>,
        stats: &mut YieldStats,
    ) -> Result<()>
    where
        M: Component<N>,
    {
        let shape_ok = stats.moments.len() == self.statistics.len()
            && (stats.moments.iter().zip(&self.statistics))
                .all(|((f, m), &k)| *f == self.evaluated[k] && m.mean.len() == self.freq.len())
            && stats.sketches.len() == self.quantiles.len()
            && (stats.sketches.iter().zip(&self.quantiles)).all(|((f, s), &k)| {
                *f == self.evaluated[k]
                    && s.len() == self.freq.len()
                    && s.iter().all(|s| s.accuracy() == self.accuracy)
            });
        if !shape_ok {
            return Err(Error::Shape(
                "yield statistics of another run: start from this run's `empty_stats()`".into(),
            ));
        }
        let nf = self.freq.len();
        let stride = self.evaluated.len() * nf;
        let m = (range.end.saturating_sub(range.start)) as usize;
        // One slot per member even without features, so that every member is evaluated.
        let mut values = vec![0.0; m * stride.max(1)];
        let mut passed = vec![false; m];
        let base = self.partition.all().values();
        let noisy = self.evaluated.iter().any(Feature::needs_noise);
        (values.par_chunks_mut(stride.max(1)).take(m))
            .zip(passed.par_iter_mut())
            .enumerate()
            .try_for_each_init(
                || {
                    (
                        self.partition.all().model().clone(),
                        Array3::<Complex64>::zeros((nf, N, N)),
                        vec![0.0; self.partition.len()],
                        base.clone(),
                    )
                },
                |(model, s, selected, full), (k, (out, pass))| {
                    let i = range.start + k as u64;
                    self.draw_into(i, selected, full)?;
                    let mut it = full.iter();
                    model.visit_params_mut(&mut |x| {
                        if let Some(v) = it.next() {
                            *x = *v;
                        }
                    });
                    // The noise figures need the noise too (parts at 290 K).
                    let noise = if noisy {
                        let (sn, cn) = NoiseSweep::s_noise(&*model, &self.freq);
                        s.assign(&sn);
                        Some(cn)
                    } else {
                        model.s_into(&self.freq, s.view_mut())?;
                        None
                    };
                    for (slot, feature) in out.chunks_exact_mut(nf).zip(&self.evaluated) {
                        let values = match &noise {
                            Some(c) => {
                                feature.values_noisy(&self.freq, s.view(), c.view(), None)?
                            }
                            None => feature.values(&self.freq, s.view())?,
                        };
                        slot.copy_from_slice(&values);
                    }
                    *pass = (self.specs.iter()).all(|(spec, f, points)| {
                        out[f * nf..][points.clone()].iter().all(|&v| spec.meets(v))
                    });
                    Ok::<(), Error>(())
                },
            )?;
        // Folded in member order, so the result is the same for any number of threads.
        for (k, pass) in passed.iter().enumerate() {
            stats.members += 1;
            if *pass {
                stats.passed += 1;
            } else if let Some(failures) = &mut stats.failures {
                failures.push(range.start + k as u64);
            }
            let out = &values[k * stride.max(1)..][..stride];
            for ((_, moments), &f) in stats.moments.iter_mut().zip(&self.statistics) {
                moments.push(&out[f * nf..][..nf]);
            }
        }
        // Counts add up in any order: one task per feature and block of points, reading each
        // member's values of the block in a row.
        const BLOCK: usize = 16;
        let stride = stride.max(1);
        let tasks: Vec<_> = (stats.sketches.iter_mut().zip(&self.quantiles))
            .flat_map(|((_, sketches), &f)| {
                (sketches.chunks_mut(BLOCK).enumerate()).map(move |(b, s)| (f * nf + b * BLOCK, s))
            })
            .collect();
        tasks.into_par_iter().for_each(|(at, sketches)| {
            for k in 0..m {
                let row = &values[k * stride + at..][..sketches.len()];
                for (sketch, &x) in sketches.iter_mut().zip(row) {
                    sketch.add(x);
                }
            }
        });
        Ok(())
    }

    /// Draws member `i`'s selected values and writes all values (ties resolved) into `full`.
    fn draw_into(&self, i: u64, selected: &mut [f64], full: &mut [f64]) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(member_seed(self.seed, i));
        self.priors.fill(selected, &mut rng)?;
        self.partition.combine_into(selected, full)?;
        self.partition.all().check_values(full)
    }

    fn feature_index(&mut self, feature: Feature) -> usize {
        match self.evaluated.iter().position(|f| *f == feature) {
            Some(k) => k,
            None => {
                self.evaluated.push(feature);
                self.evaluated.len() - 1
            }
        }
    }
}

/// `range` in consecutive pieces of at most `chunk` members.
///
/// # Errors
/// [`Error::Shape`] if `chunk` is 0.
pub(crate) fn chunks(range: Range<u64>, chunk: usize) -> Result<impl Iterator<Item = Range<u64>>> {
    if chunk == 0 {
        return Err(Error::Shape(
            "a chunk must hold at least one member, got 0".into(),
        ));
    }
    let step = chunk as u64;
    Ok((range.start..range.end)
        .step_by(chunk)
        .map(move |s| s..(s + step).min(range.end)))
}

/// The seed of member `i`'s stream: SplitMix64 finalisers of the seed and the index, so that
/// neighbouring indices and seeds give unrelated streams.
fn member_seed(seed: u64, i: u64) -> u64 {
    splitmix64(splitmix64(seed) ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn check_feature(feature: &Feature, what: &str) -> Result<()> {
    if feature.transform() == Transform::Complex {
        return Err(Error::Fit(format!(
            "{what} on `{feature}`: a complex feature has no order or spread; use a real one \
             such as `{feature}_db` or `{feature}_mag`"
        )));
    }
    if !feature.is_single() {
        return Err(Error::Fit(format!(
            "{what} on `{feature}`: name one trace, such as `s21_{}`",
            feature.transform().suffix()
        )));
    }
    Ok(())
}

/// Per-point count, mean and sum of squared deviations (Welford), mergeable (Chan et al.).
#[derive(Debug, Clone, PartialEq)]
struct Moments {
    n: u64,
    mean: Vec<f64>,
    m2: Vec<f64>,
}

impl Moments {
    fn new(points: usize) -> Self {
        Moments {
            n: 0,
            mean: vec![0.0; points],
            m2: vec![0.0; points],
        }
    }

    fn push(&mut self, x: &[f64]) {
        self.n += 1;
        let n = self.n as f64;
        for ((mean, m2), &x) in self.mean.iter_mut().zip(&mut self.m2).zip(x) {
            let delta = x - *mean;
            *mean += delta / n;
            *m2 += delta * (x - *mean);
        }
    }

    fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        let (na, nb) = (self.n as f64, other.n as f64);
        let n = na + nb;
        for ((mean, m2), (mb, m2b)) in
            (self.mean.iter_mut().zip(&mut self.m2)).zip(other.mean.iter().zip(&other.m2))
        {
            let delta = mb - *mean;
            *mean += delta * nb / n;
            *m2 += m2b + delta * delta * na * nb / n;
        }
        self.n += other.n;
    }
}

/// The relative accuracy of quantiles unless [`YieldRun::quantile_accuracy`] says otherwise.
const DEFAULT_ACCURACY: f64 = 1e-3;

/// What a yield run reduces to: how many members ran and passed, the per-frequency moments and
/// quantile sketches of the chosen features, and (if asked) the indices of the members that
/// failed.
#[derive(Debug, Clone, PartialEq)]
pub struct YieldStats {
    members: u64,
    passed: u64,
    moments: Vec<(Feature, Moments)>,
    sketches: Vec<(Feature, Vec<QuantileSketch>)>,
    failures: Option<Vec<u64>>,
}

impl YieldStats {
    /// Members evaluated.
    pub fn members(&self) -> u64 {
        self.members
    }

    /// Members that met every spec.
    pub fn passed(&self) -> u64 {
        self.passed
    }

    /// The fraction of members that met every spec (NaN for no members).
    pub fn yield_fraction(&self) -> f64 {
        self.passed as f64 / self.members as f64
    }

    /// The Wilson score interval of the yield at `z` standard normal quantiles (1.96 for 95 %):
    /// `(lower, upper)`, within `[0, 1]`; `(0, 1)` for no members.
    pub fn wilson(&self, z: f64) -> (f64, f64) {
        if self.members == 0 {
            return (0.0, 1.0);
        }
        let n = self.members as f64;
        let p = self.passed as f64 / n;
        let z2 = z * z;
        let denom = 1.0 + z2 / n;
        let centre = (p + z2 / (2.0 * n)) / denom;
        let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
        ((centre - half).max(0.0), (centre + half).min(1.0))
    }

    /// The per-frequency mean of `feature` over all members, if its statistics were kept.
    pub fn mean(&self, feature: &Feature) -> Option<&[f64]> {
        self.moments_of(feature).map(|m| m.mean.as_slice())
    }

    /// The per-frequency sample standard deviation (divisor `n - 1`) of `feature`, if its
    /// statistics were kept; NaN for fewer than two members.
    pub fn std(&self, feature: &Feature) -> Option<Vec<f64>> {
        let m = self.moments_of(feature)?;
        let d = m.n as f64 - 1.0;
        Some(
            m.m2.iter()
                .map(|&m2| if m.n < 2 { f64::NAN } else { (m2 / d).sqrt() })
                .collect(),
        )
    }

    /// The per-frequency `q` quantile of `feature` over all members (the member of rank
    /// `floor(q (n - 1))` in ascending order, see [`QuantileSketch`]), within the run's
    /// relative accuracy. Members whose value is NaN at a point take no rank there (count them
    /// with [`YieldStats::sketches`]); NaN at a point with no other values.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `0 <= q <= 1`; [`Error::Fit`] if the run kept no
    /// quantiles of `feature` (see [`YieldRun::quantiles`]).
    pub fn quantile(&self, feature: &Feature, q: f64) -> Result<Vec<f64>> {
        let sketches = self.sketches(feature).ok_or_else(|| {
            Error::Fit(format!(
                "quantiles of `{feature}` were not kept: add them with `YieldRun::quantiles`"
            ))
        })?;
        sketches.iter().map(|s| s.quantile(q)).collect()
    }

    /// The per-frequency sketches of `feature` (counts, NaN counts, any quantile), if its
    /// quantiles were kept.
    pub fn sketches(&self, feature: &Feature) -> Option<&[QuantileSketch]> {
        (self.sketches.iter()).find_map(|(f, s)| (f == feature).then_some(s.as_slice()))
    }

    /// The indices of the members that failed a spec, ascending, if
    /// [`YieldRun::record_failures`] was set (in a distributed run, on the ranks that hold
    /// them).
    pub fn failures(&self) -> Option<&[u64]> {
        self.failures.as_deref()
    }

    /// Merges the statistics of another range of the same run: exact counts and quantile
    /// sketches, and moments by Chan's update, so the result differs from one run over both
    /// ranges only by the rounding of the moments.
    /// Failure indices are appended; merge ranges in ascending order to keep them sorted.
    ///
    /// # Errors
    /// [`Error::Shape`] if `other` keeps other features.
    pub fn merge(&mut self, other: &YieldStats) -> Result<()> {
        let same = self.moments.len() == other.moments.len()
            && (self.moments.iter().zip(&other.moments))
                .all(|((a, ma), (b, mb))| a == b && ma.mean.len() == mb.mean.len())
            && self.sketches.len() == other.sketches.len()
            && (self.sketches.iter().zip(&other.sketches)).all(|((a, sa), (b, sb))| {
                a == b
                    && sa.len() == sb.len()
                    && (sa.iter().zip(sb)).all(|(x, y)| x.accuracy() == y.accuracy())
            });
        if !same {
            return Err(Error::Shape(
                "cannot merge yield statistics of runs that keep different features (or \
                 quantile accuracies)"
                    .into(),
            ));
        }
        self.members += other.members;
        self.passed += other.passed;
        for ((_, a), (_, b)) in self.moments.iter_mut().zip(&other.moments) {
            a.merge(b);
        }
        for ((_, a), (_, b)) in self.sketches.iter_mut().zip(&other.sketches) {
            for (a, b) in a.iter_mut().zip(b) {
                a.merge(b)?;
            }
        }
        if let (Some(a), Some(b)) = (&mut self.failures, &other.failures) {
            a.extend_from_slice(b);
        }
        Ok(())
    }

    fn moments_of(&self, feature: &Feature) -> Option<&Moments> {
        (self.moments.iter()).find_map(|(f, m)| (f == feature).then_some(m))
    }

    #[cfg(feature = "mpi")]
    /// Takes the failure indices out (kept locally, e.g. before sending the rest).
    pub(crate) fn take_failures(&mut self) -> Option<Vec<u64>> {
        self.failures.as_mut().map(std::mem::take)
    }

    #[cfg(feature = "mpi")]
    /// Puts failure indices back.
    pub(crate) fn set_failures(&mut self, failures: Option<Vec<u64>>) {
        self.failures = failures;
    }

    #[cfg(feature = "mpi")]
    /// Counts and moments as one flat message: `[members, passed, then per feature n, mean..,
    /// m2..]` (counts as f64, exact below 2^53).
    pub(crate) fn to_words(&self) -> Vec<f64> {
        let mut w = vec![self.members as f64, self.passed as f64];
        for (_, m) in &self.moments {
            w.push(m.n as f64);
            w.extend_from_slice(&m.mean);
            w.extend_from_slice(&m.m2);
        }
        w
    }

    #[cfg(feature = "mpi")]
    /// The counts and moments of `words` (from [`YieldStats::to_words`] of a run shaped as
    /// `self`), without failures and with empty sketches (read them with
    /// [`YieldStats::read_sketch_words`]).
    pub(crate) fn read_words(&self, words: &[f64]) -> Result<YieldStats> {
        let expected = 2
            + (self.moments.iter())
                .map(|(_, m)| 1 + 2 * m.mean.len())
                .sum::<usize>();
        if words.len() != expected {
            return Err(Error::Shape(format!(
                "yield statistics message of {} words, expected {expected}",
                words.len()
            )));
        }
        let mut at = 2;
        let moments = (self.moments.iter())
            .map(|(f, m)| {
                let p = m.mean.len();
                let n = words[at] as u64;
                let mean = words[at + 1..][..p].to_vec();
                let m2 = words[at + 1 + p..][..p].to_vec();
                at += 1 + 2 * p;
                (*f, Moments { n, mean, m2 })
            })
            .collect();
        Ok(YieldStats {
            members: words[0] as u64,
            passed: words[1] as u64,
            moments,
            sketches: (self.sketches.iter())
                .map(|(f, s)| {
                    let empty = s.iter().map(|s| QuantileSketch::new(s.accuracy()));
                    Ok((*f, empty.collect::<Result<_>>()?))
                })
                .collect::<Result<_>>()?,
            failures: None,
        })
    }

    #[cfg(feature = "mpi")]
    /// Whether quantile sketches are kept (then [`YieldStats::sketch_words`] is a message).
    pub(crate) fn keeps_quantiles(&self) -> bool {
        !self.sketches.is_empty()
    }

    #[cfg(feature = "mpi")]
    /// The quantile sketches as one message of variable length (see
    /// [`QuantileSketch::write_words`]).
    pub(crate) fn sketch_words(&self) -> Vec<u64> {
        let mut w = Vec::new();
        for s in self.sketches.iter().flat_map(|(_, s)| s) {
            s.write_words(&mut w);
        }
        w
    }

    #[cfg(feature = "mpi")]
    /// Replaces the sketches with those of `words` (from [`YieldStats::sketch_words`] of a
    /// run shaped as `self`).
    pub(crate) fn read_sketch_words(&mut self, words: &[u64]) -> Result<()> {
        let mut rest = words;
        for s in self.sketches.iter_mut().flat_map(|(_, s)| s) {
            *s = s.read_words(&mut rest)?;
        }
        if !rest.is_empty() {
            return Err(Error::Shape(format!(
                "quantile sketch message of {} words has {} words too many",
                words.len(),
                rest.len()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::SeriesR;
    use crate::{FrequencyUnit, params::Prior};

    #[test]
    fn the_result_does_not_depend_on_the_thread_count() {
        let mut params = SeriesR::new(10.0).params().unwrap();
        params
            .set_prior("r", Prior::uniform(0.0, 100.0).unwrap())
            .unwrap();
        let freq = Frequency::linspace(1.0, 3.0, 4, FrequencyUnit::GHz).unwrap();
        let run = YieldRun::new(&params, &Filter::Free, &freq, 9)
            .unwrap()
            .spec(Spec::new("s21_db".parse().unwrap(), Bound::Above(-3.0), 1e9..=3e9).unwrap())
            .unwrap()
            .statistics("s11_db".parse().unwrap())
            .unwrap()
            .quantiles("s11_db".parse().unwrap())
            .unwrap()
            .record_failures(true);
        let on = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| run.run(2000, 300).unwrap())
        };
        let one = on(1);
        assert_eq!(one, on(3)); // bit for bit
        assert!(one.passed() > 0 && one.passed() < 2000);
    }

    #[test]
    fn member_seeds_differ_between_neighbours() {
        let seeds = [member_seed(0, 0), member_seed(0, 1), member_seed(1, 0)];
        assert!(seeds[0] != seeds[1] && seeds[0] != seeds[2] && seeds[1] != seeds[2]);
    }
}

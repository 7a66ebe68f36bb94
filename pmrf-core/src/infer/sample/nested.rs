//! Nested sampling with slice sampling inside the likelihood constraint.
//!
//! Skilling's nested sampling (*Nested sampling for general Bayesian computation*, Bayesian
//! Analysis 1 (2006) 833-860) integrates `Z = int L(x) pi(x) dx = int_0^1 L(X) dX` over the prior
//! volume `X(l) = P(L > l)`: a set of live points drawn from the prior is repeatedly stripped of
//! its worst point, whose likelihood `L_i` becomes a dead point at volume `X_i`, and replaced by a
//! new prior draw constrained to `L > L_i`. With `n` live points `ln X` shrinks by `1/n` on average
//! per death, so `Z ~ sum_i L_i w_i` with `w_i` the trapezoid widths `(X_{i-1} - X_{i+1}) / 2`, and
//! the dead points weighted by `L_i w_i / Z` are posterior samples. The statistical error of
//! `ln Z` is `sqrt(H / n)` with `H = sum_i p_i ln(L_i / Z)` the information (Skilling 2006,
//! section 6).
//!
//! The constrained draws are made as in PolyChord (Handley, Hobson and Lasenby, *PolyChord: next
//! generation nested sampling*, MNRAS 453 (2015) 4384-4398): start at a random live point (all of
//! them satisfy the constraint), and make `n_repeats` slice-sampling steps (Neal, *Slice
//! sampling*, Ann. Statist. 31 (2003) 705-767: stepping out, then shrinkage) inside `L > L_i` and
//! the unit hypercube, along directions that run through random orthonormal bases of the space
//! whitened by the live points' covariance (the Cholesky factor of that covariance maps whitened
//! to hypercube directions, so the steps follow the shape of the constrained region).
//!
//! Parallelism: each iteration removes the `batch` worst points at once (dead with `n, n-1, ...,
//! n - batch + 1` live points, the exact bookkeeping for a varying number of live points, as in
//! dynamic nested sampling, Higson et al., Stat. Comput. 29 (2019) 891-913) and draws their
//! replacements in parallel above the highest removed likelihood, each from its own generator
//! derived from the seed, iteration and slot: the result does not depend on the number of
//! threads. The run stops when the evidence still in the live points, estimated as `X max L_live`,
//! changes `ln Z` by less than `dlogz`; the remaining live points then die one by one (with `n,
//! n - 1, ..., 1` live points, the last taking the rest of the volume), and are part of the
//! output.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use ndarray::{Array1, Array2};
use rand::RngExt;
use rand_distr::StandardNormal;
use rayon::prelude::*;

use super::{SamplerRng, Summary, stream_rng};
use crate::{Error, Result};

/// Settings of a nested-sampling run; `None` fields take defaults from the dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedSettings {
    /// Number of live points; default `max(25 dim, 100)` (PolyChord's `25 dim`, with a floor),
    /// at least `2 (dim + 1)` (the slice steps are whitened by the covariance of the live
    /// points a batch leaves). More live points give smaller evidence errors (`~ 1/sqrt(n)`)
    /// and more posterior samples.
    pub n_live: Option<usize>,
    /// Slice-sampling steps per replacement; default `3 dim`. PolyChord recommends `5 dim` for
    /// reliable posteriors of hard (curved, multi-modal) shapes; fewer correlate the new point
    /// with its start.
    pub n_repeats: Option<usize>,
    /// Stop when the evidence left in the live points changes `ln Z` by less than this.
    pub dlogz: f64,
    /// Points replaced per iteration, in parallel (default 8; live sets smaller than `2 batch`
    /// use `n_live / 2`). Part of the algorithm (not the number of threads), so results stay
    /// reproducible on any machine; each extra point per batch costs about as much evidence
    /// accuracy as half a live point.
    pub batch: usize,
    /// Seed of the run.
    pub seed: u64,
    /// Stop (without convergence, see [`NestedOutput::converged`]) after this many likelihood
    /// calls; at least the `n_live` calls of the initial live points.
    pub max_calls: u64,
}

impl Default for NestedSettings {
    fn default() -> Self {
        NestedSettings {
            n_live: None,
            n_repeats: None,
            dlogz: 0.01,
            batch: 8,
            seed: 0,
            max_calls: u64::MAX,
        }
    }
}

/// What the progress callback of [`nested()`] sees after every iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NestedProgress {
    /// Iterations so far (each removes [`NestedSettings::batch`] points).
    pub iteration: usize,
    /// Likelihood calls so far.
    pub n_calls: u64,
    /// Dead points so far.
    pub n_dead: usize,
    /// Current estimate of `ln Z` from the dead points.
    pub log_z: f64,
    /// `ln(Z + Z_live) - ln Z`, the stopping criterion (stops below `dlogz`).
    pub dlogz: f64,
    /// The current likelihood threshold `ln L*`.
    pub log_l_min: f64,
}

/// Weighted posterior samples and the evidence of a nested-sampling run.
#[derive(Debug, Clone)]
pub struct NestedOutput {
    /// The dead points (the final live points included) in parameter space, `(n, dim)`, in
    /// order of increasing likelihood.
    pub points: Array2<f64>,
    /// The same points in the unit hypercube, `(n, dim)`.
    pub unit_points: Array2<f64>,
    /// Log-likelihood of each point.
    pub log_likelihood: Array1<f64>,
    /// Normalised posterior log-weight of each point (`logsumexp = 0`).
    pub log_weights: Array1<f64>,
    /// Log prior volume `ln X_i` at each point's death (expected values).
    pub log_volume: Array1<f64>,
    /// Log-evidence `ln Z`.
    pub log_z: f64,
    /// Its statistical error, Skilling's `sqrt(H / n)` with `n = n_live - (batch - 1) / 2`, the
    /// mean number of live points at a death; infinite for a run stopped on `max_calls` before
    /// converging, whose evidence misses likelihood mass that no error bar accounts for.
    pub log_z_err: f64,
    /// Information `H = sum p_i ln(L_i / Z)` in nats (Kullback-Leibler divergence of the
    /// posterior from the prior).
    pub information: f64,
    /// Likelihood calls of the whole run.
    pub n_calls: u64,
    /// Iterations.
    pub iterations: usize,
    /// Number of live points used.
    pub n_live: usize,
    /// Whether the run stopped on `dlogz` (`false`: on `max_calls`).
    pub converged: bool,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl NestedOutput {
    /// Kish's effective sample size of the weighted points, `1 / sum w_i^2`.
    pub fn ess(&self) -> f64 {
        1.0 / self
            .log_weights
            .iter()
            .map(|lw| (2.0 * lw).exp())
            .sum::<f64>()
    }

    /// Mean, standard deviation and quantiles ([`Summary::PROBS`]) of the weighted posterior.
    pub fn summary(&self) -> Result<Summary> {
        Summary::of(
            self.points.view(),
            Some(self.log_weights.view()),
            &Summary::PROBS,
        )
    }

    /// `n` equally weighted posterior draws, by systematic resampling of the weighted points
    /// (`(n, dim)`, seeded).
    pub fn resample(&self, n: usize, seed: u64) -> Array2<f64> {
        let dim = self.points.ncols();
        let mut out = Array2::zeros((n, dim));
        let mut rng = stream_rng(seed, u64::MAX);
        let offset: f64 = rng.random();
        let mut cumulative = 0.0;
        let mut i = 0;
        for (k, mut row) in out.outer_iter_mut().enumerate() {
            let target = (k as f64 + offset) / n as f64;
            while i + 1 < self.points.nrows() && cumulative + self.log_weights[i].exp() < target {
                cumulative += self.log_weights[i].exp();
                i += 1;
            }
            row.assign(&self.points.row(i));
        }
        out
    }
}

/// Runs nested sampling of `loglike(prior_transform(u))` over the unit hypercube `u in [0, 1]^dim`.
///
/// `prior_transform(u, x)` writes the parameters `x` whose prior quantiles are `u` (for
/// independent priors the inverse CDFs, coordinate by coordinate; `|u, x| x.copy_from_slice(u)`
/// for a likelihood over the hypercube itself); `loglike(x)` returns `ln L(x)`. `-inf` is a
/// valid log-likelihood (zero likelihood, outside the support); NaN, `+inf` or an `Err` stop the
/// run with an error. Both closures are called from rayon's threads. `progress` is called after
/// every iteration; `ControlFlow::Break(())` stops the run with [`Error::Cancelled`].
///
/// A likelihood that is the same at every live point (flat over the prior, or over the
/// region the run has shrunk to) has its evidence exactly: the run stops there, converged.
///
/// Errors: `dim` zero, fewer than `2 (dim + 1)` live points (or too many to allocate), a
/// `batch` of 0, `dlogz` not positive, `n_repeats` of 0, `max_calls` below `n_live`, a
/// log-likelihood NaN or `+inf`, or `-inf` at every live point (nothing to sample), a plateau
/// of the likelihood holding more live points than a batch, and the closure's errors.
///
/// ```
/// use std::ops::ControlFlow;
/// use pmrf::infer::sample::{NestedSettings, nested};
/// // A narrow normal likelihood (sigma = 0.1 at 0.5) over the unit square: Z = 2 pi 0.1^2.
/// let sigma: f64 = 0.1;
/// let loglike = |x: &[f64]| {
///     let r2: f64 = x.iter().map(|v| (v - 0.5) * (v - 0.5)).sum();
///     Ok(-0.5 * r2 / (sigma * sigma) - (2.0 * std::f64::consts::PI * sigma * sigma).ln())
/// };
/// let settings = NestedSettings { n_live: Some(200), seed: 1, ..Default::default() };
/// let out = nested(2, loglike, |u, x| x.copy_from_slice(u), &settings, |_| ControlFlow::Continue(()))?;
/// // ln Z = 0 up to the mass outside the square (~1e-6).
/// assert!(out.log_z.abs() < 4.0 * out.log_z_err, "{} +- {}", out.log_z, out.log_z_err);
/// let summary = out.summary()?;
/// assert!((summary.mean[0] - 0.5).abs() < 0.02 && (summary.sd[1] - 0.1).abs() < 0.02);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn nested<L, T, P>(
    dim: usize,
    loglike: L,
    prior_transform: T,
    settings: &NestedSettings,
    progress: P,
) -> Result<NestedOutput>
where
    L: Fn(&[f64]) -> Result<f64> + Sync,
    T: Fn(&[f64], &mut [f64]) + Sync,
    P: FnMut(&NestedProgress) -> ControlFlow<()>,
{
    nested_on(&Threads, dim, loglike, prior_transform, settings, progress)
}

/// Who makes the likelihood calls of a run: this process's threads ([`Threads`]), or every rank
/// of an MPI communicator (`distributed::nested`). Every worker keeps the whole run (the live
/// set, the dead points): the bookkeeping is cheap and deterministic, so replicating it costs
/// one exchange of the new points per iteration where a coordinating rank would need two.
pub(crate) trait Workers {
    /// `record(slot)` for every slot of `0..n`, each `width` numbers, concatenated in slot
    /// order, on every worker.
    fn map(
        &self,
        n: usize,
        width: usize,
        record: &(dyn Fn(usize) -> Result<Vec<f64>> + Sync),
    ) -> Result<Vec<f64>>;

    /// Makes the workers agree: an error on any of them is an error on all.
    fn agree(&self, local: Result<()>) -> Result<()>;
}

/// The threads of rayon's pool.
pub(crate) struct Threads;

impl Workers for Threads {
    fn map(
        &self,
        n: usize,
        _width: usize,
        record: &(dyn Fn(usize) -> Result<Vec<f64>> + Sync),
    ) -> Result<Vec<f64>> {
        let records: Vec<Vec<f64>> = (0..n).into_par_iter().map(record).collect::<Result<_>>()?;
        Ok(records.concat())
    }

    fn agree(&self, local: Result<()>) -> Result<()> {
        local
    }
}

/// [`nested()`] with its likelihood calls made by `workers`; every worker returns the same
/// output (but for `elapsed`), whatever their number.
pub(crate) fn nested_on<W, L, T, P>(
    workers: &W,
    dim: usize,
    loglike: L,
    prior_transform: T,
    settings: &NestedSettings,
    mut progress: P,
) -> Result<NestedOutput>
where
    W: Workers + ?Sized,
    L: Fn(&[f64]) -> Result<f64> + Sync,
    T: Fn(&[f64], &mut [f64]) + Sync,
    P: FnMut(&NestedProgress) -> ControlFlow<()>,
{
    let start = Instant::now();
    let (n_live, n_repeats, batch) = validate(dim, settings)?;
    let target = Target {
        dim,
        loglike: &loglike,
        prior_transform: &prior_transform,
    };

    // Initial live points: uniform in the hypercube, drawn in order, evaluated in parallel.
    let mut rng = stream_rng(settings.seed, 0);
    let units: Vec<Vec<f64>> = (0..n_live)
        .map(|_| (0..dim).map(|_| rng.random::<f64>()).collect())
        .collect();
    let width = Point::width(dim);
    let words = workers.map(n_live, width, &|slot| {
        Ok(target.point(units[slot].clone())?.to_words(1))
    })?;
    let mut live: Vec<Point> = (words.chunks_exact(width))
        .map(|w| Point::from_words(w, dim).0)
        .collect();
    let mut n_calls = n_live as u64;
    if live.iter().all(|p| p.log_l == f64::NEG_INFINITY) {
        return Err(Error::Sampling(
            "the log-likelihood is -inf at every initial live point: nothing to sample".into(),
        ));
    }

    // A likelihood flat over the prior: Z is that likelihood, the posterior the prior.
    let flat = (live.iter().all(|p| p.log_l == live[0].log_l)).then_some(live[0].log_l);
    let mut dead: Vec<Dead> = Vec::new();
    let mut log_x = 0.0; // ln X after the last death
    let mut log_z = f64::NEG_INFINITY; // running rectangle-rule estimate for the stopping rule
    let mut iteration = 0;
    let mut converged = false;
    loop {
        // Remaining-evidence criterion before this iteration's deaths.
        let max_live = live
            .iter()
            .map(|p| p.log_l)
            .fold(f64::NEG_INFINITY, f64::max);
        let remaining = logaddexp(log_z, max_live + log_x) - log_z;
        // Live points all alike: the evidence left is exactly `L X`, their dying gives it.
        if remaining < settings.dlogz || live.iter().all(|p| p.log_l == max_live) {
            converged = true;
            break;
        }
        if n_calls >= settings.max_calls {
            break;
        }

        // The `batch` worst points die, with n, n-1, ... live points.
        live.sort_by(|a, b| b.log_l.total_cmp(&a.log_l));
        let threshold = live[n_live - batch].log_l;
        for j in 0..batch {
            let p = live.pop().unwrap_or_else(|| unreachable!("batch < n_live"));
            let new_log_x = log_x - 1.0 / (n_live - j) as f64;
            log_z = logaddexp(log_z, p.log_l + log_diff_exp(log_x, new_log_x));
            dead.push(Dead {
                point: p,
                log_x: new_log_x,
            });
            log_x = new_log_x;
        }
        // Replacements above the highest removed likelihood: start from a live point above it.
        let starts: Vec<usize> = (0..live.len())
            .filter(|&i| live[i].log_l > threshold)
            .collect();
        if starts.is_empty() {
            return Err(Error::Sampling(format!(
                "no live point above the likelihood threshold ln L = {threshold}: the \
                 likelihood is flat (a plateau) at more than the batch of {batch} of the \
                 {n_live} live points, so the constrained prior cannot shrink; a smaller \
                 batch or a likelihood without plateaus is needed"
            )));
        }
        let whitening = cholesky_of_covariance(&live, dim);
        iteration += 1;
        let words = workers.map(batch, width, &|slot| {
            let mut rng = stream_rng(settings.seed, (iteration * batch + slot) as u64);
            let from = &live[starts[rng.random_range(0..starts.len())]];
            let (p, calls) = slice_walk(&target, from, threshold, &whitening, n_repeats, &mut rng)?;
            Ok(p.to_words(calls))
        })?;
        for w in words.chunks_exact(width) {
            let (p, calls) = Point::from_words(w, dim);
            n_calls += calls;
            live.push(p);
        }

        let report = NestedProgress {
            iteration,
            n_calls,
            n_dead: dead.len(),
            log_z,
            dlogz: remaining,
            log_l_min: threshold,
        };
        let carry_on = match progress(&report) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(Error::Cancelled),
        };
        workers.agree(carry_on)?;
    }

    // The live points die one by one, with n, n-1, ..., 1 live points.
    live.sort_by(|a, b| b.log_l.total_cmp(&a.log_l));
    let mut k = live.len();
    while let Some(p) = live.pop() {
        log_x -= 1.0 / k as f64;
        k -= 1;
        dead.push(Dead { point: p, log_x });
    }
    // Deaths happen with n_live - (batch - 1) / 2 live points on average.
    let n_effective = n_live as f64 - (batch as f64 - 1.0) / 2.0;
    let mut out = finish(
        dead,
        dim,
        (n_live, n_effective),
        n_calls,
        iteration,
        converged,
        start.elapsed(),
    )?;
    if let Some(log_l) = flat {
        // Exact, where the quadrature over the expected volumes would miss ~1 / n_live of Z.
        out.log_z = log_l;
        let n = out.log_weights.len() as f64;
        out.log_weights.fill(-n.ln());
        (out.log_z_err, out.information) = (0.0, 0.0);
    }
    Ok(out)
}

/// The number of live points, slice steps and the batch size of a run.
fn validate(dim: usize, s: &NestedSettings) -> Result<(usize, usize, usize)> {
    let bad = |m: String| Err(Error::Sampling(m));
    if dim == 0 {
        return bad("nested sampling needs at least one dimension".into());
    }
    let n_live = s.n_live.unwrap_or((25 * dim).max(100));
    let n_repeats = s.n_repeats.unwrap_or(3 * dim);
    if n_live < 2 * (dim + 1) {
        return bad(format!(
            "n_live = {n_live} live points are too few for {dim} dimensions: give at least {} \
             (the slice steps are whitened by the live points a batch leaves)",
            2 * (dim + 1)
        ));
    }
    if s.max_calls < n_live as u64 {
        return bad(format!(
            "max_calls = {} is fewer than the calls of the {n_live} initial live points: \
             nothing could be estimated",
            s.max_calls
        ));
    }
    if s.batch == 0 {
        return bad("batch must be at least 1".into());
    }
    if n_live.checked_mul(dim).is_none_or(|n| n > 1 << 32) {
        return Err(Error::TooLarge(format!(
            "{n_live} live points of {dim} dimensions"
        )));
    }
    if n_repeats == 0 {
        return bad("n_repeats must be at least 1".into());
    }
    if s.dlogz.is_nan() || s.dlogz <= 0.0 {
        return bad(format!("dlogz must be positive, got {}", s.dlogz));
    }
    Ok((n_live, n_repeats, s.batch.min(n_live / 2)))
}

/// A point of the hypercube with its parameters and log-likelihood.
#[derive(Debug, Clone)]
struct Point {
    u: Vec<f64>,
    x: Vec<f64>,
    log_l: f64,
}

impl Point {
    /// Numbers in a point's record: `u`, `x`, `ln L` and the calls that made it.
    fn width(dim: usize) -> usize {
        2 * dim + 2
    }

    /// The record of this point and the likelihood calls that made it (exact below 2^53).
    fn to_words(&self, calls: u64) -> Vec<f64> {
        let mut w = Vec::with_capacity(Point::width(self.u.len()));
        w.extend_from_slice(&self.u);
        w.extend_from_slice(&self.x);
        w.extend([self.log_l, calls as f64]);
        w
    }

    /// The point and calls of a record from [`Point::to_words`].
    fn from_words(w: &[f64], dim: usize) -> (Point, u64) {
        let point = Point {
            u: w[..dim].to_vec(),
            x: w[dim..2 * dim].to_vec(),
            log_l: w[2 * dim],
        };
        (point, w[2 * dim + 1] as u64)
    }
}

#[derive(Debug)]
struct Dead {
    point: Point,
    log_x: f64,
}

struct Target<'a, L, T> {
    dim: usize,
    loglike: &'a L,
    prior_transform: &'a T,
}

impl<L, T> Target<'_, L, T>
where
    L: Fn(&[f64]) -> Result<f64> + Sync,
    T: Fn(&[f64], &mut [f64]) + Sync,
{
    /// Evaluates the likelihood at `u`: `-inf` allowed, NaN and `+inf` errors.
    fn point(&self, u: Vec<f64>) -> Result<Point> {
        let mut x = vec![0.0; self.dim];
        (self.prior_transform)(&u, &mut x);
        let log_l = (self.loglike)(&x)?;
        if log_l.is_nan() || log_l == f64::INFINITY {
            return Err(Error::NonFiniteResult(format!(
                "log-likelihood {log_l} at {x:?} (unit cube {u:?})"
            )));
        }
        Ok(Point { u, x, log_l })
    }
}

/// `n_repeats` slice-sampling steps from `from` inside `L > threshold` and the unit hypercube,
/// along whitened random orthonormal directions. Returns the end point and the calls made.
fn slice_walk<L, T>(
    target: &Target<'_, L, T>,
    from: &Point,
    threshold: f64,
    whitening: &Array2<f64>,
    n_repeats: usize,
    rng: &mut SamplerRng,
) -> Result<(Point, u64)>
where
    L: Fn(&[f64]) -> Result<f64> + Sync,
    T: Fn(&[f64], &mut [f64]) + Sync,
{
    let dim = target.dim;
    let mut current = from.clone();
    let mut calls = 0u64;
    let mut basis: Vec<Vec<f64>> = Vec::new();
    // Evaluates `current + t d`: None outside the cube or the constraint.
    let inside = |u0: &[f64], d: &[f64], t: f64, calls: &mut u64| -> Result<Option<Point>> {
        let u: Vec<f64> = u0.iter().zip(d).map(|(a, b)| a + t * b).collect();
        if u.iter().any(|v| !(0.0..=1.0).contains(v)) {
            return Ok(None);
        }
        *calls += 1;
        let p = target.point(u)?;
        Ok((p.log_l > threshold).then_some(p))
    };
    for _ in 0..n_repeats {
        if basis.is_empty() {
            basis = random_basis(dim, rng);
        }
        let w = basis
            .pop()
            .unwrap_or_else(|| unreachable!("refilled above"));
        // The direction in the hypercube: the whitened unit vector through the Cholesky factor.
        let d: Vec<f64> = (0..dim)
            .map(|i| (0..=i).map(|j| whitening[[i, j]] * w[j]).sum())
            .collect();
        // Stepping out with unit width (one standard deviation of the live points), at most 100
        // steps a side, then shrinkage (Neal 2003, figures 3 and 5).
        let offset: f64 = rng.random();
        let (mut lo, mut hi) = (-offset, 1.0 - offset);
        for _ in 0..100 {
            if inside(&current.u, &d, lo, &mut calls)?.is_none() {
                break;
            }
            lo -= 1.0;
        }
        for _ in 0..100 {
            if inside(&current.u, &d, hi, &mut calls)?.is_none() {
                break;
            }
            hi += 1.0;
        }
        loop {
            let t = lo + (hi - lo) * rng.random::<f64>();
            if let Some(p) = inside(&current.u, &d, t, &mut calls)? {
                current = p;
                break;
            }
            if t < 0.0 {
                lo = t;
            } else {
                hi = t;
            }
            // The bracket has shrunk onto the current point (`t = 0` is inside): stay there.
            if hi - lo < 1e-12 {
                break;
            }
        }
    }
    Ok((current, calls))
}

/// `dim` orthonormal vectors in random orientation (Gram-Schmidt of Gaussian vectors).
fn random_basis(dim: usize, rng: &mut SamplerRng) -> Vec<Vec<f64>> {
    let mut basis: Vec<Vec<f64>> = Vec::with_capacity(dim);
    while basis.len() < dim {
        let mut v: Vec<f64> = (0..dim).map(|_| rng.sample(StandardNormal)).collect();
        for b in &basis {
            let dot: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
            v.iter_mut().zip(b).for_each(|(x, y)| *x -= dot * y);
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 1e-8 {
            basis.push(v.into_iter().map(|x| x / norm).collect());
        }
    }
    basis
}

/// Lower Cholesky factor of the covariance of the live points in the hypercube, regularised by
/// `1e-12` on the diagonal (degenerate live sets); falls back to the diagonal if not positive.
fn cholesky_of_covariance(live: &[Point], dim: usize) -> Array2<f64> {
    let n = live.len() as f64;
    let mut mean = vec![0.0; dim];
    for p in live {
        mean.iter_mut().zip(&p.u).for_each(|(m, u)| *m += u / n);
    }
    let mut cov = Array2::<f64>::zeros((dim, dim));
    for p in live {
        for i in 0..dim {
            for j in 0..=i {
                cov[[i, j]] += (p.u[i] - mean[i]) * (p.u[j] - mean[j]) / (n - 1.0);
            }
        }
    }
    for i in 0..dim {
        cov[[i, i]] += 1e-12;
        for j in 0..i {
            cov[[j, i]] = cov[[i, j]];
        }
    }
    let mut l = Array2::<f64>::zeros((dim, dim));
    for i in 0..dim {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum();
            if i == j {
                let d = cov[[i, i]] - s;
                if d.is_nan() || d <= 0.0 {
                    return Array2::from_diag(&cov.diag().mapv(f64::sqrt));
                }
                l[[i, i]] = d.sqrt();
            } else {
                l[[i, j]] = (cov[[i, j]] - s) / l[[j, j]];
            }
        }
    }
    l
}

fn finish(
    dead: Vec<Dead>,
    dim: usize,
    (n_live, n_effective): (usize, f64),
    n_calls: u64,
    iterations: usize,
    converged: bool,
    elapsed: Duration,
) -> Result<NestedOutput> {
    let n = dead.len();
    // Trapezoid widths (X_{i-1} - X_{i+1}) / 2 with X_0 = 1 and X_{n+1} = 0.
    let log_x: Vec<f64> = dead.iter().map(|d| d.log_x).collect();
    let at = |i: isize| -> f64 {
        if i < 0 {
            0.0
        } else if i as usize >= n {
            f64::NEG_INFINITY
        } else {
            log_x[i as usize]
        }
    };
    let log_l: Vec<f64> = dead.iter().map(|d| d.point.log_l).collect();
    let log_mass: Vec<f64> = (0..n as isize)
        .map(|i| {
            let width = log_diff_exp(at(i - 1), at(i + 1)) - std::f64::consts::LN_2;
            log_l[i as usize] + width
        })
        .collect();
    let log_z = log_mass.iter().copied().fold(f64::NEG_INFINITY, logaddexp);
    if !log_z.is_finite() {
        return Err(Error::Sampling(format!(
            "the evidence is not finite (ln Z = {log_z})"
        )));
    }
    let log_weights: Vec<f64> = log_mass.iter().map(|m| m - log_z).collect();
    let information: f64 = log_weights
        .iter()
        .zip(&log_l)
        .filter(|(lw, _)| lw.is_finite())
        .map(|(lw, ll)| lw.exp() * (ll - log_z))
        .sum::<f64>()
        .max(0.0);
    let matrix = |f: &dyn Fn(&Point) -> &Vec<f64>| {
        Array2::from_shape_vec(
            (n, dim),
            dead.iter().flat_map(|d| f(&d.point).clone()).collect(),
        )
        .map_err(|e| Error::Sampling(format!("inconsistent nested-sampling output: {e}")))
    };
    Ok(NestedOutput {
        points: matrix(&|p| &p.x)?,
        unit_points: matrix(&|p| &p.u)?,
        log_likelihood: Array1::from(log_l),
        log_weights: Array1::from(log_weights),
        log_volume: Array1::from(log_x),
        log_z,
        log_z_err: if converged {
            (information / n_effective).sqrt()
        } else {
            f64::INFINITY
        },
        information,
        n_calls,
        iterations,
        n_live,
        converged,
        elapsed,
    })
}

fn logaddexp(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        m
    } else {
        m + ((a - m).exp() + (b - m).exp()).ln()
    }
}

/// `ln(e^a - e^b)` for `a >= b`.
fn log_diff_exp(a: f64, b: f64) -> f64 {
    if b == f64::NEG_INFINITY {
        a
    } else {
        a + (-(b - a).exp()).ln_1p()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_helpers() {
        assert!((logaddexp(1.0f64.ln(), 2.0f64.ln()) - 3.0f64.ln()).abs() < 1e-15);
        assert_eq!(
            logaddexp(f64::NEG_INFINITY, f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
        assert!((log_diff_exp(3.0f64.ln(), 1.0f64.ln()) - 2.0f64.ln()).abs() < 1e-15);
        assert_eq!(log_diff_exp(0.5, f64::NEG_INFINITY), 0.5);
    }

    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let run = || {
            let loglike = |x: &[f64]| Ok(-0.5 * ((x[0] - 0.3) / 0.05).powi(2) - x[1]);
            let settings = NestedSettings {
                n_live: Some(50),
                ..Default::default()
            };
            nested(
                2,
                loglike,
                |u, x| x.copy_from_slice(u),
                &settings,
                |_| ControlFlow::Continue(()),
            )
            .unwrap()
        };
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let one = pool(1).install(run);
        let three = pool(3).install(run);
        assert_eq!(one.points, three.points);
        assert_eq!(one.log_z, three.log_z);
        assert_eq!(one.n_calls, three.n_calls);
    }

    #[test]
    fn basis_is_orthonormal() {
        let mut rng = stream_rng(3, 0);
        let b = random_basis(4, &mut rng);
        for i in 0..4 {
            for j in 0..4 {
                let dot: f64 = b[i].iter().zip(&b[j]).map(|(x, y)| x * y).sum();
                assert!((dot - f64::from(u8::from(i == j))).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn cholesky_reproduces_the_covariance() {
        let mut rng = stream_rng(5, 0);
        let live: Vec<Point> = (0..200)
            .map(|_| {
                let a: f64 = rng.random();
                let b: f64 = rng.random();
                let u = vec![a, 0.5 * a + 0.3 * b, b * b];
                Point {
                    x: u.clone(),
                    u,
                    log_l: 0.0,
                }
            })
            .collect();
        let l = cholesky_of_covariance(&live, 3);
        let c = l.dot(&l.t());
        let mean = |k: usize| live.iter().map(|p| p.u[k]).sum::<f64>() / 200.0;
        for i in 0..3 {
            for j in 0..3 {
                let cov = live
                    .iter()
                    .map(|p| (p.u[i] - mean(i)) * (p.u[j] - mean(j)))
                    .sum::<f64>()
                    / 199.0;
                assert!((c[[i, j]] - cov).abs() < 1e-11, "{i}{j}");
            }
        }
    }
}

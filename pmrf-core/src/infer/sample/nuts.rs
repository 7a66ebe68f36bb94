//! The No-U-Turn sampler on an unconstrained space, several chains in parallel.
//!
//! The sampler is Hoffman and Gelman's NUTS (*The No-U-Turn Sampler: adaptively setting path
//! lengths in Hamiltonian Monte Carlo*, JMLR 15 (2014) 1593-1623) in the multinomial form of
//! Betancourt (*A conceptual introduction to Hamiltonian Monte Carlo*, arXiv:1701.02434), as
//! implemented by the `nuts-rs` crate (the sampler behind nutpie, PyMC's Rust backend): dual
//! averaging of the step size to a target acceptance rate and a mass matrix adapted during
//! tuning from the draws and gradients (nutpie's scheme): diagonal by default, or low-rank plus
//! diagonal, or dense, for correlated posteriors ([`MassMatrix`]). This module runs its chains on
//! rayon's thread pool, seeds them (chain `c` from the seed and `c` alone, so any subset of
//! the chains can run elsewhere and be collected later), reports progress, stops on request and
//! collects draws, statistics and [`Diagnostics`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ndarray::{Array2, Array3};
use nuts_rs::{
    Chain, CpuLogpFunc, CpuMath, CpuMathError, DiagNutsSettings, HasDims, LowRankNutsSettings,
    Math, SamplerStats, Settings,
};
use rand::RngExt;
use rayon::prelude::*;

use super::{Diagnostics, SamplerRng, Summary, stream_rng};
use crate::{Error, Result};

/// A closure that draws a chain's start from the chain's generator.
pub type DrawStart = Arc<dyn Fn(&mut SamplerRng) -> Vec<f64> + Send + Sync>;

/// Where the chains start.
#[derive(Clone)]
pub enum Init {
    /// Uniform in `[-r, r]` in every coordinate, independently per chain (Stan's default is
    /// `r = 2`). A start whose log density is not finite (or errors) is drawn again, up to 100
    /// times.
    Uniform(f64),
    /// Every chain starts at this point.
    Point(Vec<f64>),
    /// One point per chain (as many as chains).
    Points(Vec<Vec<f64>>),
    /// A closure draws the start of each chain from the chain's own generator; redrawn like
    /// [`Init::Uniform`] if the log density is not finite there.
    Draw(DrawStart),
}

impl fmt::Debug for Init {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Init::Uniform(r) => f.debug_tuple("Uniform").field(r).finish(),
            Init::Point(p) => f.debug_tuple("Point").field(p).finish(),
            Init::Points(p) => f.debug_tuple("Points").field(p).finish(),
            Init::Draw(_) => f.write_str("Draw(..)"),
        }
    }
}

/// The mass matrix (metric) NUTS adapts during tuning: the scaling of the space the leapfrog
/// steps move in. The closer its inverse is to the posterior covariance, the longer and cheaper
/// the trajectories; a diagonal one cannot undo correlations between parameters.
///
/// All three are adapted as nutpie adapts them (through nuts-rs), from windows of draws *and*
/// their gradients, so a window of a few dozen draws already gives a good estimate. The
/// diagonal one is the default and keeps earlier runs' draws exactly.
///
/// On a 10-D Gaussian with correlation 0.99 between every pair (tests/nuts_mass.rs, 4 chains
/// of 1000 tuning steps and 1000 draws) the smallest bulk ESS per gradient evaluation is about
/// 0.002 with the diagonal metric, 0.12 low-rank and 0.14 dense.
///
/// ```
/// use std::ops::ControlFlow;
/// use pmrf::infer::sample::{MassMatrix, NutsSettings, nuts};
/// // A 2-D Gaussian, unit variances, correlation 0.99.
/// let rho = 0.99;
/// let logp = move |x: &[f64], g: &mut [f64]| {
///     let q = 1.0 / (1.0 - rho * rho);
///     g[0] = -q * (x[0] - rho * x[1]);
///     g[1] = -q * (x[1] - rho * x[0]);
///     Ok(0.5 * (x[0] * g[0] + x[1] * g[1]))
/// };
/// let settings = NutsSettings {
///     chains: 2,
///     draws: 500,
///     tune: 500,
///     mass_matrix: MassMatrix::dense(),
///     ..Default::default()
/// };
/// let out = nuts(2, logp, &settings, |_| ControlFlow::Continue(()))?;
/// let x = out.flat_draws();
/// let r = x.column(0).dot(&x.column(1)) / (x.column(0).dot(&x.column(0)) * x.column(1).dot(&x.column(1))).sqrt();
/// assert!((r - rho).abs() < 0.005, "{r}");
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum MassMatrix {
    /// A diagonal mass matrix, per coordinate `sqrt(var(x) / var(grad))` (the default).
    #[default]
    Diagonal,
    /// The diagonal scaling, then a correction of rank `k` from the eigen-decomposition of the
    /// covariance estimated, in the diagonally scaled space, from the draws and gradients of the
    /// window: eigendirections whose eigenvalue lies outside `[1 / eigval_cutoff,
    /// eigval_cutoff]` are corrected, the others left to the diagonal. Memory and cost per
    /// leapfrog step grow as `dim * k`, so it suits many parameters with a few strong
    /// correlations. [`MassMatrix::low_rank()`] has nutpie's defaults.
    LowRank {
        /// Regularisation: the estimate in the scaled space is `I + S / gamma` for the summed
        /// outer products `S` of the window, so a smaller `gamma` trusts the window more.
        /// Positive; default `1e-5`.
        gamma: f64,
        /// Eigenvalues within a factor `eigval_cutoff` of 1 are dropped from the correction.
        /// At least 1; default 2. At 1 every eigendirection is kept: [`MassMatrix::Dense`].
        eigval_cutoff: f64,
        /// Tuning steps between recomputations of the estimate (each one decomposes a
        /// `dim x dim` matrix). At least 1; default 20.
        update_every: u64,
    },
    /// A full dense mass matrix: [`MassMatrix::LowRank`] keeping every eigendirection
    /// (`eigval_cutoff = 1`), so the metric is the full estimated covariance (in the span of
    /// the window's draws and gradients, the whole space once the window holds `dim` draws).
    /// Each leapfrog step costs `O(dim^2)`: best for a few dozen strongly correlated
    /// parameters. [`MassMatrix::dense()`] has nutpie's defaults.
    Dense {
        /// Regularisation, as for [`MassMatrix::LowRank`]; default `1e-5`.
        gamma: f64,
        /// Tuning steps between recomputations; default 20.
        update_every: u64,
    },
}

impl MassMatrix {
    /// [`MassMatrix::LowRank`] with nutpie's defaults: `gamma = 1e-5`, `eigval_cutoff = 2`,
    /// recomputed every 20 tuning steps.
    pub fn low_rank() -> MassMatrix {
        MassMatrix::LowRank {
            gamma: 1e-5,
            eigval_cutoff: 2.0,
            update_every: 20,
        }
    }

    /// [`MassMatrix::Dense`] with nutpie's defaults: `gamma = 1e-5`, recomputed every 20 tuning
    /// steps.
    pub fn dense() -> MassMatrix {
        MassMatrix::Dense {
            gamma: 1e-5,
            update_every: 20,
        }
    }
}

/// Settings of a NUTS run. `NutsSettings::default()` is 4 chains of 1000 tuning steps and 1000
/// draws, target acceptance 0.8, maximum tree depth 10, a diagonal mass matrix, starts uniform
/// in `[-2, 2]`, seed 0.
#[derive(Debug, Clone)]
pub struct NutsSettings {
    /// Number of chains (run in parallel).
    pub chains: usize,
    /// Draws kept per chain, after tuning.
    pub draws: usize,
    /// Tuning (warm-up) steps per chain: step size and mass matrix adapt, draws are discarded.
    pub tune: usize,
    /// Seed: equal seeds and settings give equal draws, whatever the number of threads.
    pub seed: u64,
    /// Maximum tree depth: at most `2^max_depth - 1` leapfrog steps per draw.
    pub max_depth: u64,
    /// Target mean acceptance probability of the step-size adaptation, in `(0, 1)`.
    pub target_accept: f64,
    /// An energy error above this makes the trajectory a divergence.
    pub max_energy_error: f64,
    /// The mass matrix adapted during tuning.
    pub mass_matrix: MassMatrix,
    /// Where the chains start.
    pub init: Init,
    /// If `true`, an `Err` from the log density counts as a divergence (the trajectory stops
    /// there, as at a non-finite value); if `false` (default) it stops the run and is returned.
    pub errors_are_divergences: bool,
}

impl Default for NutsSettings {
    fn default() -> Self {
        NutsSettings {
            chains: 4,
            draws: 1000,
            tune: 1000,
            seed: 0,
            max_depth: 10,
            target_accept: 0.8,
            max_energy_error: 1000.0,
            mass_matrix: MassMatrix::Diagonal,
            init: Init::Uniform(2.0),
            errors_are_divergences: false,
        }
    }
}

/// What the progress callback of [`nuts()`] sees after every draw of every chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NutsProgress {
    /// The chain that drew.
    pub chain: usize,
    /// Its draw number, counting tuning steps (`0 .. tune + draws`).
    pub draw: usize,
    /// `tune + draws`.
    pub total: usize,
    /// Whether this was a tuning step.
    pub tuning: bool,
    /// Whether the trajectory diverged.
    pub diverging: bool,
    /// The step size used.
    pub step_size: f64,
    /// Leapfrog steps of the trajectory.
    pub n_steps: u64,
}

/// Per-draw statistics of the kept draws, each `(chains, draws)`.
#[derive(Debug, Clone, PartialEq)]
pub struct NutsStats {
    /// Whether the trajectory of the draw diverged (energy error above the limit, or a
    /// non-finite log density on the way).
    pub diverging: Array2<bool>,
    /// Tree depth of the trajectory.
    pub depth: Array2<u64>,
    /// Whether the trajectory stopped at the maximum depth (not at a U-turn).
    pub max_depth_reached: Array2<bool>,
    /// Leapfrog steps of the trajectory.
    pub n_steps: Array2<u64>,
    /// Step size (constant after tuning within a chain).
    pub step_size: Array2<f64>,
    /// Log density at the draw.
    pub logp: Array2<f64>,
    /// Hamiltonian (potential plus kinetic energy) at the draw, for the energy diagnostic.
    pub energy: Array2<f64>,
}

/// Draws and statistics of a NUTS run.
#[derive(Debug, Clone)]
pub struct NutsOutput {
    /// Kept draws, `(chains, draws, dim)`.
    pub draws: Array3<f64>,
    /// Per-draw statistics of the kept draws.
    pub stats: NutsStats,
    /// R-hat and effective sample sizes per dimension.
    pub diagnostics: Diagnostics,
    /// Gradient evaluations of the whole run, tuning included.
    pub n_gradients: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl NutsOutput {
    /// All chains' draws stacked, `(chains * draws, dim)`, chain after chain.
    pub fn flat_draws(&self) -> Array2<f64> {
        let (c, n, d) = self.draws.dim();
        self.draws
            .to_shape((c * n, d))
            .map(|v| v.to_owned())
            .unwrap_or_else(|_| unreachable!("a standard-layout array reshapes"))
    }

    /// Number of divergent draws (after tuning).
    pub fn divergences(&self) -> usize {
        self.stats.diverging.iter().filter(|d| **d).count()
    }

    /// Energy Bayesian fraction of missing information per chain (Betancourt, *Diagnosing
    /// suboptimal cotangent disintegrations in Hamiltonian Monte Carlo*, arXiv:1604.00695):
    /// `sum (E_n - E_{n-1})^2 / sum (E_n - mean E)^2`; below ~0.3 the momentum resampling explores
    /// the energy levels poorly. NaN for a chain of constant energy.
    pub fn e_bfmi(&self) -> Vec<f64> {
        self.stats
            .energy
            .outer_iter()
            .map(|e| {
                let n = e.len() as f64;
                let mean = e.sum() / n;
                let var = e.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>();
                let diff = e
                    .windows(2)
                    .into_iter()
                    .map(|w| (w[1] - w[0]) * (w[1] - w[0]))
                    .sum::<f64>();
                diff / var
            })
            .collect()
    }

    /// Mean, standard deviation and quantiles ([`Summary::PROBS`]) of all chains together,
    /// with R-hat and bulk ESS.
    pub fn summary(&self) -> Result<Summary> {
        Summary::of(self.flat_draws().view(), None, &Summary::PROBS)?
            .with_diagnostics(&self.diagnostics)
    }
}

/// Samples the density `exp(logp)` on `R^dim` with NUTS.
///
/// `logp(x, grad)` returns `ln p(x)` (up to a constant) and writes its gradient into `grad`. A
/// non-finite value or gradient ends the trajectory as a divergence (the sampler stays where it
/// was); an `Err` stops the run and is returned (or counts as a divergence with
/// [`NutsSettings::errors_are_divergences`]). `progress` is called after every draw of every
/// chain (from the chains' threads, one call at a time); returning `ControlFlow::Break(())`
/// stops all chains and the run returns [`Error::Cancelled`].
///
/// Chains run on rayon's pool, each with its own generator derived from the seed, so the result
/// does not depend on the number of threads (nor, with `pmrf::distributed::nuts`, feature
/// `mpi`, on the number of processes).
///
/// Errors: `dim`, `chains` or `draws` zero, more than `2^32` values to store
/// ([`Error::TooLarge`]), settings out of range (the [`MassMatrix`] knobs included), a start
/// of the wrong length or with a non-finite log density, no finite start found in 100 random
/// draws, or the errors above.
///
/// ```
/// use std::ops::{ControlFlow, Range};
/// use pmrf::infer::sample::{NutsSettings, nuts};
/// // A standard normal in 2-D.
/// let logp = |x: &[f64], g: &mut [f64]| {
///     g[0] = -x[0];
///     g[1] = -x[1];
///     Ok(-0.5 * (x[0] * x[0] + x[1] * x[1]))
/// };
/// let settings = NutsSettings { chains: 2, draws: 500, tune: 300, ..Default::default() };
/// let out = nuts(2, logp, &settings, |_| ControlFlow::Continue(()))?;
/// assert_eq!(out.draws.dim(), (2, 500, 2));
/// let summary = out.summary()?;
/// assert!(summary.mean[0].abs() < 0.2 && (summary.sd[1] - 1.0).abs() < 0.15);
/// assert!(out.diagnostics.rhat.iter().all(|r| *r < 1.05));
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn nuts<F, P>(dim: usize, logp: F, settings: &NutsSettings, progress: P) -> Result<NutsOutput>
where
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
    P: FnMut(&NutsProgress) -> ControlFlow<()> + Send,
{
    let start = Instant::now();
    let chains = run_chains(dim, &logp, settings, 0..settings.chains, progress)?;
    collect(chains, settings, dim, start.elapsed())
}

/// The settings every nuts-rs NUTS settings value takes from ours, whatever its mass matrix.
macro_rules! common {
    ($n:ident, $s:expr) => {
        $n.num_tune = $s.tune as u64;
        $n.num_draws = $s.draws as u64;
        $n.maxdepth = $s.max_depth;
        $n.max_energy_error = $s.max_energy_error;
        $n.num_chains = $s.chains;
        $n.seed = $s.seed;
        $n.adapt_options.step_size_settings.target_accept = $s.target_accept;
    };
}

/// Runs the chains `chains` (global indices, a part of `0..settings.chains`) on rayon's pool
/// and returns their outputs in chain order: chain `c` depends on the seed and `c` alone, so
/// the parts run anywhere [`collect`] into the output of one [`nuts()`] run. The settings are
/// validated whether or not the range is empty.
pub(crate) fn run_chains<F, P>(
    dim: usize,
    logp: &F,
    settings: &NutsSettings,
    chains: Range<usize>,
    progress: P,
) -> Result<Vec<ChainOut>>
where
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
    P: FnMut(&NutsProgress) -> ControlFlow<()> + Send,
{
    validate(dim, settings)?;
    match settings.mass_matrix {
        MassMatrix::Diagonal => {
            let mut n = DiagNutsSettings::default();
            common!(n, settings);
            run_metric(n, dim, logp, settings, chains, progress)
        }
        MassMatrix::LowRank {
            gamma,
            eigval_cutoff,
            update_every,
        } => {
            let n = low_rank(settings, gamma, eigval_cutoff, update_every)?;
            run_metric(n, dim, logp, settings, chains, progress)
        }
        MassMatrix::Dense {
            gamma,
            update_every,
        } => {
            let n = low_rank(settings, gamma, 1.0, update_every)?;
            run_metric(n, dim, logp, settings, chains, progress)
        }
    }
}

/// nuts-rs' low-rank settings: its defaults (nutpie's) with our knobs.
fn low_rank(
    s: &NutsSettings,
    gamma: f64,
    eigval_cutoff: f64,
    update_every: u64,
) -> Result<LowRankNutsSettings> {
    let bad = |m: String| Err(Error::Sampling(m));
    if !(gamma.is_finite() && gamma > 0.0) {
        return bad(format!(
            "the mass matrix' gamma must be positive and finite, got {gamma}"
        ));
    }
    if !(eigval_cutoff.is_finite() && eigval_cutoff >= 1.0) {
        return bad(format!(
            "the mass matrix' eigval_cutoff must be finite and at least 1, got {eigval_cutoff}"
        ));
    }
    if update_every == 0 {
        return bad("the mass matrix' update_every must be at least 1, got 0".into());
    }
    let mut n = LowRankNutsSettings::default();
    common!(n, s);
    n.adapt_options.mass_matrix_options.gamma = gamma;
    n.adapt_options.mass_matrix_options.eigval_cutoff = eigval_cutoff;
    n.adapt_options.mass_matrix_update_freq = update_every;
    Ok(n)
}

/// [`run_chains`] with the nuts-rs settings of one mass matrix.
fn run_metric<S, F, P>(
    nuts_settings: S,
    dim: usize,
    logp: &F,
    settings: &NutsSettings,
    chains: Range<usize>,
    progress: P,
) -> Result<Vec<ChainOut>>
where
    S: Metric,
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
    P: FnMut(&NutsProgress) -> ControlFlow<()> + Send,
{
    nuts_settings
        .validate()
        .map_err(|e| Error::Sampling(format!("invalid NUTS settings: {}", message(&e))))?;
    let progress = Mutex::new(progress);
    let stop = AtomicBool::new(false);
    let runs: Vec<Result<ChainOut>> = chains
        .into_par_iter()
        .map(|chain| {
            let out = run_chain(chain, dim, logp, settings, &nuts_settings, &progress, &stop);
            if out.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            out
        })
        .collect();
    // The first real failure wins over the cancellations it caused in other chains.
    let mut chains = Vec::with_capacity(runs.len());
    let mut cancelled = false;
    let mut failure = None;
    for run in runs {
        match run {
            Ok(c) => chains.push(c),
            Err(Error::Cancelled) => cancelled = true,
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    if cancelled {
        return Err(Error::Cancelled);
    }
    Ok(chains)
}

/// Checks the settings every mass matrix shares.
fn validate(dim: usize, s: &NutsSettings) -> Result<()> {
    let bad = |m: String| Err(Error::Sampling(m));
    if dim == 0 {
        return bad("NUTS needs at least one dimension".into());
    }
    if s.chains == 0 || s.draws == 0 {
        return bad(format!(
            "NUTS needs at least one chain and one draw (got {} chains, {} draws)",
            s.chains, s.draws
        ));
    }
    let values = s
        .chains
        .checked_mul(s.draws)
        .and_then(|n| n.checked_mul(dim))
        .filter(|n| *n <= 1 << 32);
    if values.is_none() || s.tune.checked_add(s.draws).is_none() {
        return Err(Error::TooLarge(format!(
            "{} chains of {} draws in {dim} dimensions",
            s.chains, s.draws
        )));
    }
    if !(s.target_accept > 0.0 && s.target_accept < 1.0) {
        return bad(format!(
            "target_accept must lie in (0, 1), got {}",
            s.target_accept
        ));
    }
    if s.max_energy_error.is_nan() || s.max_energy_error <= 0.0 {
        return bad(format!(
            "max_energy_error must be positive, got {}",
            s.max_energy_error
        ));
    }
    if s.max_depth == 0 || s.max_depth > 30 {
        return bad(format!("max_depth must be 1 ..= 30, got {}", s.max_depth));
    }
    match &s.init {
        Init::Uniform(r) if !(r.is_finite() && *r >= 0.0) => {
            return bad(format!("Init::Uniform needs a finite radius >= 0, got {r}"));
        }
        Init::Point(p) if p.len() != dim => {
            return bad(format!(
                "start point has {} coordinates, the density {dim}",
                p.len()
            ));
        }
        Init::Points(ps) if ps.len() != s.chains || ps.iter().any(|p| p.len() != dim) => {
            return bad(format!(
                "Init::Points needs {} points of {dim} coordinates",
                s.chains
            ));
        }
        _ => {}
    }
    Ok(())
}

/// The kept draws and statistics of one chain, as [`collect`] stacks them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChainOut {
    /// The chain's global index.
    chain: usize,
    draws: Vec<f64>,
    diverging: Vec<bool>,
    depth: Vec<u64>,
    max_depth_reached: Vec<bool>,
    n_steps: Vec<u64>,
    step_size: Vec<f64>,
    logp: Vec<f64>,
    energy: Vec<f64>,
    n_gradients: u64,
}

/// Counts and flags travel as `f64` words: exact up to 2^53.
const EXACT: f64 = 9_007_199_254_740_992.0;

// The words are what `distributed::nuts` sends between ranks (feature `mpi`).
#[cfg_attr(not(feature = "mpi"), allow(dead_code))]
impl ChainOut {
    /// Words of one chain of `draws` draws in `dim` dimensions in [`ChainOut::to_words`].
    pub(crate) fn word_len(draws: usize, dim: usize) -> usize {
        2 + draws * (dim + 7)
    }

    /// The chain as flat `f64` words (for MPI messages), every value exact: its index and
    /// gradient count, the draws, then each statistic (counts and flags as whole numbers).
    pub(crate) fn to_words(&self, words: &mut Vec<f64>) {
        let flag = |b: &bool| f64::from(u8::from(*b));
        words.push(self.chain as f64);
        words.push(self.n_gradients as f64);
        words.extend(&self.draws);
        words.extend(self.diverging.iter().map(flag));
        words.extend(self.depth.iter().map(|v| *v as f64));
        words.extend(self.max_depth_reached.iter().map(flag));
        words.extend(self.n_steps.iter().map(|v| *v as f64));
        words.extend(&self.step_size);
        words.extend(&self.logp);
        words.extend(&self.energy);
    }

    /// The chains written one after the other by [`ChainOut::to_words`], `draws` draws in
    /// `dim` dimensions each.
    ///
    /// # Errors
    /// [`Error::Sampling`] if the length is not a whole number of chains, or a count or flag
    /// is not a whole number (a flag 0 or 1).
    pub(crate) fn read_words(words: &[f64], draws: usize, dim: usize) -> Result<Vec<ChainOut>> {
        let len = Self::word_len(draws, dim);
        if !words.len().is_multiple_of(len) {
            return Err(Error::Sampling(format!(
                "chain words: {} words is not a whole number of chains of {len} \
                 ({draws} draws in {dim} dimensions)",
                words.len()
            )));
        }
        words
            .chunks(len)
            .map(|w| Self::read_one(w, draws, dim))
            .collect()
    }

    fn read_one(w: &[f64], n: usize, dim: usize) -> Result<ChainOut> {
        let count = |x: f64, what: &str| {
            if (0.0..EXACT).contains(&x) && x.fract() == 0.0 {
                Ok(x as u64)
            } else {
                Err(Error::Sampling(format!(
                    "chain words: {what} must be a whole number in 0..2^53, got {x}"
                )))
            }
        };
        let flag = |x: &f64| match *x {
            0.0 => Ok(false),
            1.0 => Ok(true),
            x => Err(Error::Sampling(format!(
                "chain words: a flag must be 0 or 1, got {x}"
            ))),
        };
        let (head, rest) = w.split_at(2);
        let (draws, rest) = rest.split_at(n * dim);
        let mut stat = rest.chunks(n);
        let mut next = || stat.next().unwrap_or_default();
        let counts = |s: &[f64], what: &str| -> Result<Vec<u64>> {
            s.iter().map(|x| count(*x, what)).collect()
        };
        Ok(ChainOut {
            chain: count(head[0], "the chain index")? as usize,
            n_gradients: count(head[1], "the gradient count")?,
            draws: draws.to_vec(),
            diverging: next().iter().map(flag).collect::<Result<_>>()?,
            depth: counts(next(), "a tree depth")?,
            max_depth_reached: next().iter().map(flag).collect::<Result<_>>()?,
            n_steps: counts(next(), "a step count")?,
            step_size: next().to_vec(),
            logp: next().to_vec(),
            energy: next().to_vec(),
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn run_chain<S, F, P>(
    chain: usize,
    dim: usize,
    logp: &F,
    settings: &NutsSettings,
    nuts_settings: &S,
    progress: &Mutex<P>,
    stop: &AtomicBool,
) -> Result<ChainOut>
where
    S: Metric,
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
    P: FnMut(&NutsProgress) -> ControlFlow<()> + Send,
{
    let mut rng = stream_rng(settings.seed, chain as u64);
    let start = start_point(chain, dim, logp, settings, &mut rng)?;
    let failure = RefCell::new(None);
    let density = Density {
        f: logp,
        dim,
        failure: &failure,
        errors_are_divergences: settings.errors_are_divergences,
    };
    let mut sampler = nuts_settings
        .new_chain(chain as u64, CpuMath::new(density), &mut rng)
        .map_err(|e| Error::Sampling(format!("cannot start chain {chain}: {}", message(&e))))?;
    let failed = |e: anyhow::Error, what: &str| match failure.borrow_mut().take() {
        Some(user) => user,
        None => Error::Sampling(format!("chain {chain} failed {what}: {}", message(&e))),
    };
    sampler
        .set_position(&start)
        .map_err(|e| failed(e, "at its start"))?;
    let total = settings.tune + settings.draws;
    let mut out = ChainOut {
        chain,
        draws: Vec::with_capacity(settings.draws * dim),
        diverging: Vec::with_capacity(settings.draws),
        depth: Vec::with_capacity(settings.draws),
        max_depth_reached: Vec::with_capacity(settings.draws),
        n_steps: Vec::with_capacity(settings.draws),
        step_size: Vec::with_capacity(settings.draws),
        logp: Vec::with_capacity(settings.draws),
        energy: Vec::with_capacity(settings.draws),
        n_gradients: 0,
    };
    for draw in 0..total {
        if stop.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let (position, _, stats, info) = sampler
            .expanded_draw()
            .map_err(|e| failed(e, &format!("at draw {draw}")))?;
        let stats = S::draw_stats(&stats);
        out.n_gradients += info.num_gradients;
        let report = NutsProgress {
            chain,
            draw,
            total,
            tuning: draw < settings.tune,
            diverging: info.diverging,
            step_size: info.step_size,
            n_steps: info.num_steps,
        };
        if draw >= settings.tune {
            out.draws.extend_from_slice(&position);
            out.diverging.push(info.diverging);
            out.depth.push(stats.depth);
            out.max_depth_reached.push(stats.max_depth_reached);
            out.n_steps.push(info.num_steps);
            out.step_size.push(info.step_size);
            out.logp.push(stats.logp);
            out.energy.push(stats.energy);
        }
        let mut callback = progress.lock().unwrap_or_else(|p| p.into_inner());
        if (callback)(&report).is_break() {
            stop.store(true, Ordering::Relaxed);
            return Err(Error::Cancelled);
        }
    }
    Ok(out)
}

/// What [`run_chain`] keeps of nuts-rs' statistics of a draw.
struct DrawStats {
    depth: u64,
    max_depth_reached: bool,
    logp: f64,
    energy: f64,
}

/// The nuts-rs NUTS settings of one kind of mass matrix: one chain loop serves them all. Their
/// chains' statistics are one generic struct nuts-rs does not export, so each kind reads its
/// own (the same fields, by one macro).
trait Metric: Settings {
    fn draw_stats<M: Math>(stats: &<Self::Chain<M> as SamplerStats<M>>::Stats) -> DrawStats;
}

macro_rules! metric {
    ($($kind:ty),*) => {$(
        impl Metric for $kind {
            fn draw_stats<M: Math>(s: &<Self::Chain<M> as SamplerStats<M>>::Stats) -> DrawStats {
                DrawStats {
                    depth: s.depth,
                    max_depth_reached: s.maxdepth_reached,
                    logp: s.point.logp,
                    energy: s.point.energy,
                }
            }
        }
    )*};
}
metric!(DiagNutsSettings, LowRankNutsSettings);

/// The start of one chain, checked to have a finite log density and gradient.
fn start_point<F>(
    chain: usize,
    dim: usize,
    logp: &F,
    settings: &NutsSettings,
    rng: &mut SamplerRng,
) -> Result<Vec<f64>>
where
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
{
    let mut grad = vec![0.0; dim];
    let mut finite = |x: &[f64]| -> Result<bool> {
        let v = logp(x, &mut grad)?;
        Ok(v.is_finite() && grad.iter().all(|g| g.is_finite()))
    };
    let fixed = match &settings.init {
        Init::Point(p) => Some(p.clone()),
        Init::Points(ps) => Some(ps[chain].clone()),
        _ => None,
    };
    if let Some(p) = fixed {
        if p.iter().any(|v| !v.is_finite()) || !finite(&p)? {
            return Err(Error::Sampling(format!(
                "the log density or its gradient is not finite at the start of chain {chain}"
            )));
        }
        return nudge_off_zero_gradient(p, logp, chain);
    }
    for _ in 0..100 {
        let p = match &settings.init {
            Init::Uniform(r) => (0..dim)
                .map(|_| r * (2.0 * rng.random::<f64>() - 1.0))
                .collect(),
            Init::Draw(draw) => draw(rng),
            _ => unreachable!("fixed starts are handled above"),
        };
        if p.len() != dim {
            return Err(Error::Sampling(format!(
                "the start drawn for chain {chain} has {} coordinates, the density {dim}",
                p.len()
            )));
        }
        // A random start where the density errors is redrawn, like a non-finite one.
        if p.iter().all(|v| v.is_finite()) && finite(&p).unwrap_or(false) {
            return nudge_off_zero_gradient(p, logp, chain);
        }
    }
    Err(Error::Sampling(format!(
        "no start with a finite log density and gradient in 100 draws for chain {chain}"
    )))
}

/// nuts-rs starts every kind of mass matrix from a diagonal one from the gradient and refuses a start where a component
/// of the gradient is exactly zero (a start at a mode or on a symmetry plane). Such coordinates
/// are moved by `1e-8 (1 + |x|)`, at most 8 times; a coordinate the density does not depend on
/// stays at zero gradient and is an error.
fn nudge_off_zero_gradient<F>(mut p: Vec<f64>, logp: &F, chain: usize) -> Result<Vec<f64>>
where
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
{
    let mut grad = vec![0.0; p.len()];
    for _ in 0..8 {
        let v = logp(&p, &mut grad)?;
        let ok = v.is_finite() && grad.iter().all(|g| g.is_finite());
        if !ok {
            break;
        }
        if grad.iter().all(|g| *g != 0.0) {
            return Ok(p);
        }
        for (x, g) in p.iter_mut().zip(&grad) {
            if *g == 0.0 {
                *x += 1e-8 * (1.0 + x.abs());
            }
        }
    }
    Err(Error::Sampling(format!(
        "no usable start for chain {chain}: NUTS' mass-matrix initialisation needs a finite, \
         nowhere exactly zero gradient (a coordinate the density does not depend on?)"
    )))
}

/// The output of a run from the outputs of all its chains, in chain order, with the
/// cross-chain diagnostics.
pub(crate) fn collect(
    chains: Vec<ChainOut>,
    settings: &NutsSettings,
    dim: usize,
    elapsed: Duration,
) -> Result<NutsOutput> {
    let (c, n) = (chains.len(), settings.draws);
    let shape = |e| Error::Sampling(format!("inconsistent chain output: {e}"));
    if c != settings.chains || chains.iter().enumerate().any(|(i, ch)| ch.chain != i) {
        let got: Vec<usize> = chains.iter().map(|ch| ch.chain).collect();
        return Err(Error::Sampling(format!(
            "inconsistent chain output: chains {got:?}, expected 0..{}",
            settings.chains
        )));
    }
    let stack2 = |f: &dyn Fn(&ChainOut) -> Vec<f64>| {
        Array2::from_shape_vec((c, n), chains.iter().flat_map(f).collect()).map_err(shape)
    };
    let draws = Array3::from_shape_vec(
        (c, n, dim),
        chains.iter().flat_map(|ch| ch.draws.clone()).collect(),
    )
    .map_err(shape)?;
    let u64s = |f: &dyn Fn(&ChainOut) -> &Vec<u64>| {
        Array2::from_shape_vec((c, n), chains.iter().flat_map(|ch| f(ch).clone()).collect())
            .map_err(shape)
    };
    let bools = |f: &dyn Fn(&ChainOut) -> &Vec<bool>| {
        Array2::from_shape_vec((c, n), chains.iter().flat_map(|ch| f(ch).clone()).collect())
            .map_err(shape)
    };
    let stats = NutsStats {
        diverging: bools(&|ch| &ch.diverging)?,
        depth: u64s(&|ch| &ch.depth)?,
        max_depth_reached: bools(&|ch| &ch.max_depth_reached)?,
        n_steps: u64s(&|ch| &ch.n_steps)?,
        step_size: stack2(&|ch| ch.step_size.clone())?,
        logp: stack2(&|ch| ch.logp.clone())?,
        energy: stack2(&|ch| ch.energy.clone())?,
    };
    let diagnostics = Diagnostics::of(draws.view());
    Ok(NutsOutput {
        draws,
        stats,
        diagnostics,
        n_gradients: chains.iter().map(|ch| ch.n_gradients).sum(),
        elapsed,
    })
}

/// An error of nuts-rs as one line: its messages may embed a Debug form with a backtrace.
fn message(e: &anyhow::Error) -> String {
    let text = format!("{e:#}");
    match text.find("\n\nStack backtrace:") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The user's closure as nuts-rs sees it.
struct Density<'a, F> {
    f: &'a F,
    dim: usize,
    /// The user's error that stopped the chain, to hand back unchanged.
    failure: &'a RefCell<Option<Error>>,
    errors_are_divergences: bool,
}

/// Why the log density could not be used at a point.
#[derive(Debug, thiserror::Error)]
enum LogpFailure {
    /// A NaN or infinite value or gradient: a divergence.
    #[error("non-finite log density or gradient")]
    NonFinite,
    /// The closure's own error, kept in `Density::failure`; a divergence if the settings say so.
    #[error("the log density failed: {message}")]
    Closure { message: String, recoverable: bool },
}

impl nuts_rs::LogpError for LogpFailure {
    fn is_recoverable(&self) -> bool {
        match self {
            LogpFailure::NonFinite => true,
            LogpFailure::Closure { recoverable, .. } => *recoverable,
        }
    }
}

impl<F> HasDims for Density<'_, F> {
    fn dim_sizes(&self) -> HashMap<String, u64> {
        HashMap::from([
            ("unconstrained_parameter".to_string(), self.dim as u64),
            ("dim".to_string(), self.dim as u64),
        ])
    }
}

impl<F> CpuLogpFunc for Density<'_, F>
where
    F: Fn(&[f64], &mut [f64]) -> Result<f64> + Sync,
{
    type LogpError = LogpFailure;
    type FlowParameters = ();
    type ExpandedVector = Vec<f64>;

    fn dim(&self) -> usize {
        self.dim
    }

    fn logp(&mut self, position: &[f64], gradient: &mut [f64]) -> Result<f64, LogpFailure> {
        match (self.f)(position, gradient) {
            Ok(v) if v.is_finite() && gradient.iter().all(|g| g.is_finite()) => Ok(v),
            // `+inf` is no density either: a divergence, as NaN.
            Ok(_) => Err(LogpFailure::NonFinite),
            Err(e) => {
                let message = e.to_string();
                if !self.errors_are_divergences {
                    *self.failure.borrow_mut() = Some(e);
                }
                Err(LogpFailure::Closure {
                    message,
                    recoverable: self.errors_are_divergences,
                })
            }
        }
    }

    fn expand_vector<R: rand::Rng + ?Sized>(
        &mut self,
        _rng: &mut R,
        array: &[f64],
    ) -> Result<Vec<f64>, CpuMathError> {
        Ok(array.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let run = || {
            let logp = |x: &[f64], g: &mut [f64]| {
                g[0] = -x[0];
                g[1] = -4.0 * x[1];
                Ok(-0.5 * x[0] * x[0] - 2.0 * x[1] * x[1])
            };
            let settings = NutsSettings {
                chains: 3,
                draws: 50,
                tune: 50,
                ..Default::default()
            };
            nuts(2, logp, &settings, |_| ControlFlow::Continue(())).unwrap()
        };
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let one = pool(1).install(run);
        let three = pool(3).install(run);
        assert_eq!(one.draws, three.draws);
        assert_eq!(one.stats, three.stats);
    }

    fn gaussian(x: &[f64], g: &mut [f64]) -> Result<f64> {
        g[0] = -x[0];
        g[1] = -4.0 * x[1];
        Ok(-0.5 * x[0] * x[0] - 2.0 * x[1] * x[1])
    }

    fn small() -> NutsSettings {
        NutsSettings {
            chains: 4,
            draws: 40,
            tune: 40,
            seed: 3,
            ..Default::default()
        }
    }

    fn go(_: &NutsProgress) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }

    #[test]
    fn chains_run_in_parts_collect_into_the_one_run_output() {
        let settings = small();
        let one = nuts(2, gaussian, &settings, go).unwrap();
        // Parts as three ranks of `distributed::block` would run them, one of them empty.
        let mut chains = Vec::new();
        for part in [0..1, 1..1, 1..4] {
            chains.extend(run_chains(2, &gaussian, &settings, part, go).unwrap());
        }
        assert_eq!(
            chains.iter().map(|c| c.chain).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        let parts = collect(chains, &settings, 2, Duration::ZERO).unwrap();
        assert_eq!(parts.draws, one.draws);
        assert_eq!(parts.stats, one.stats);
        assert_eq!(parts.diagnostics, one.diagnostics);
        assert_eq!(parts.n_gradients, one.n_gradients);
        assert!(one.n_gradients > 0);
        // Out of order or missing chains are refused.
        let mut two = run_chains(2, &gaussian, &settings, 0..2, go).unwrap();
        assert!(matches!(
            collect(two.clone(), &settings, 2, Duration::ZERO),
            Err(Error::Sampling(m)) if m.contains("chains [0, 1], expected 0..4")
        ));
        two.swap(0, 1);
        let all = [two, run_chains(2, &gaussian, &settings, 2..4, go).unwrap()].concat();
        assert!(collect(all, &settings, 2, Duration::ZERO).is_err());
    }

    #[test]
    fn every_mass_matrix_runs_in_parts_as_in_one_run() {
        for mass_matrix in [MassMatrix::low_rank(), MassMatrix::dense()] {
            let settings = NutsSettings {
                mass_matrix,
                ..small()
            };
            let one = nuts(2, gaussian, &settings, go).unwrap();
            let mut chains = run_chains(2, &gaussian, &settings, 0..3, go).unwrap();
            chains.extend(run_chains(2, &gaussian, &settings, 3..4, go).unwrap());
            let parts = collect(chains, &settings, 2, Duration::ZERO).unwrap();
            assert_eq!(parts.draws, one.draws);
            assert_eq!(parts.stats, one.stats);
            // A different metric is a different sampler: not the diagonal run's draws.
            assert_ne!(one.draws, nuts(2, gaussian, &small(), go).unwrap().draws);
        }
    }

    #[test]
    fn chain_words_round_trip_exactly() {
        let settings = small();
        let chains = run_chains(2, &gaussian, &settings, 1..3, go).unwrap();
        let mut words = Vec::new();
        for c in &chains {
            c.to_words(&mut words);
        }
        assert_eq!(words.len(), 2 * ChainOut::word_len(40, 2));
        assert_eq!(words.len(), 2 * (2 + 40 * 2 + 7 * 40));
        assert_eq!(words[0], 1.0);
        assert_eq!(words[1], chains[0].n_gradients as f64);
        let back = ChainOut::read_words(&words, 40, 2).unwrap();
        assert_eq!(back, chains);
        // Bit for bit, not just equal.
        let bits = |c: &[ChainOut]| -> Vec<u64> {
            c.iter()
                .flat_map(|c| c.draws.iter().chain(&c.energy).map(|v| v.to_bits()))
                .collect()
        };
        assert_eq!(bits(&back), bits(&chains));
        assert!(ChainOut::read_words(&[], 40, 2).unwrap().is_empty());
    }

    #[test]
    fn bad_chain_words_are_errors() {
        let settings = small();
        let chain = run_chains(2, &gaussian, &settings, 0..1, go).unwrap();
        let mut words = Vec::new();
        chain[0].to_words(&mut words);
        let refused = |w: &[f64], what: &str| match ChainOut::read_words(w, 40, 2) {
            Err(Error::Sampling(m)) => assert!(m.contains(what), "{m}"),
            other => panic!("{other:?}"),
        };
        refused(
            &words[1..],
            "361 words is not a whole number of chains of 362",
        );
        let mut w = words.clone();
        w[1] = 2.5;
        refused(
            &w,
            "the gradient count must be a whole number in 0..2^53, got 2.5",
        );
        let mut w = words.clone();
        w[2 + 80] = 2.0; // the first divergence flag
        refused(&w, "a flag must be 0 or 1, got 2");
        let mut w = words;
        w[2 + 80 + 40] = -1.0; // the first tree depth
        refused(&w, "a tree depth must be a whole number in 0..2^53, got -1");
    }

    #[test]
    fn starts_at_a_mode_are_moved_off_the_zero_gradient() {
        let logp = |x: &[f64], g: &mut [f64]| {
            g[0] = -x[0];
            Ok(-0.5 * x[0] * x[0])
        };
        let p = nudge_off_zero_gradient(vec![0.0], &logp, 0).unwrap();
        assert!(p[0] != 0.0 && p[0].abs() < 1e-7);
        // A coordinate the density ignores cannot be fixed.
        let flat = |x: &[f64], g: &mut [f64]| {
            g[0] = -x[0];
            g[1] = 0.0;
            Ok(-0.5 * x[0] * x[0])
        };
        assert!(matches!(
            nudge_off_zero_gradient(vec![1.0, 1.0], &flat, 0),
            Err(Error::Sampling(_))
        ));
    }
}

//! Convergence diagnostics of Markov chains: rank-normalised split R-hat, bulk and tail effective
//! sample size.
//!
//! The definitions are those of Vehtari, Gelman, Simpson, Carpenter and Bürkner, *Rank-normalization,
//! folding, and localization: an improved R-hat for assessing convergence of MCMC*, Bayesian
//! Analysis 16 (2021) 667-718, as implemented by Stan, ArviZ and posterior:
//!
//! - each chain is split in two halves (a trend inside a chain then shows as disagreement between
//!   halves; with an odd number of draws the middle draw is dropped);
//! - draws are *rank-normalised*: replaced by `Phi^-1((r - 3/8) / (S + 1/4))` with `r` the average
//!   rank among all `S` draws, so the diagnostics are defined for heavy tails and invariant under
//!   monotone transforms;
//! - `R-hat = max(R-hat of the rank-normalised draws, R-hat of the rank-normalised folded draws
//!   |x - median|)` (a single chain is split too, so R-hat is defined for it), the latter catching chains that differ in scale only; each is
//!   `sqrt((W (n-1)/n + B/n) / W)` with `W` the mean within-chain variance and `B/n` the variance
//!   of the chain means;
//! - the effective sample size is `M N / tau`, the integrated autocorrelation time `tau` from the
//!   combined autocorrelation estimate of all chains, truncated by Geyer's initial positive and
//!   monotone sequence (Geyer 1992); bulk ESS uses the rank-normalised split chains, tail ESS the
//!   smaller of the ESS of the indicators `x <= q05` and `x <= q95`.
//!
//! All functions take the draws of one quantity as `(chains, draws)`. They return `NaN` when the
//! statistic is undefined: fewer than 4 draws per chain, a non-finite draw, or draws that are all
//! equal (no variance).
//!
//! ```
//! use pmrf::infer::sample::diagnostics::{ess_bulk, split_rhat};
//! use pmrf::ndarray::Array2;
//! // Two chains stuck at different places: R-hat far above 1.
//! let stuck = Array2::from_shape_fn((2, 100), |(c, i)| c as f64 * 10.0 + (i as f64 * 0.7).sin());
//! assert!(split_rhat(stuck.view()) > 1.5);
//! assert!(ess_bulk(stuck.view()) < 20.0);
//! ```

use ndarray::{Array1, Array2, ArrayView2, ArrayView3, Axis, s};
use num_complex::Complex64;

use crate::special::normal;
use crate::stats::{quantile, sorted};

/// Diagnostics of every dimension of a set of chains.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostics {
    /// Rank-normalised split R-hat per dimension (1 for converged chains; above 1.01 is suspect).
    pub rhat: Array1<f64>,
    /// Bulk effective sample size per dimension (rank-normalised split chains).
    pub ess_bulk: Array1<f64>,
    /// Tail effective sample size per dimension (5 % and 95 % quantile indicators).
    pub ess_tail: Array1<f64>,
}

impl Diagnostics {
    /// Diagnoses draws shaped `(chains, draws, dim)`.
    pub fn of(draws: ArrayView3<f64>) -> Diagnostics {
        let dim = draws.len_of(Axis(2));
        let per = |f: fn(ArrayView2<f64>) -> f64| {
            Array1::from_shape_fn(dim, |k| f(draws.index_axis(Axis(2), k)))
        };
        Diagnostics {
            rhat: per(split_rhat),
            ess_bulk: per(ess_bulk),
            ess_tail: per(ess_tail),
        }
    }
}

/// Rank-normalised split R-hat, the larger of the bulk and the folded (tail) value
/// (Vehtari et al. 2021, eq. 4-5 with section 4.2).
pub fn split_rhat(x: ArrayView2<f64>) -> f64 {
    if !valid(x) {
        return f64::NAN;
    }
    let halves = split(x);
    let bulk = rhat(z_scale(halves.view()).view());
    // Folded about the median of the split draws (the middle draw of odd chains left out).
    let median = quantile(&sorted(halves.iter().copied()), 0.5);
    let folded = halves.mapv(|v| (v - median).abs());
    let tail = rhat(z_scale(folded.view()).view());
    // `max` ignoring a NaN of the folded draws (constant |x - median|, e.g. two-valued draws).
    if tail.is_nan() { bulk } else { bulk.max(tail) }
}

/// Bulk effective sample size: ESS of the rank-normalised split chains.
pub fn ess_bulk(x: ArrayView2<f64>) -> f64 {
    if !valid(x) {
        return f64::NAN;
    }
    ess(z_scale(split(x).view()).view())
}

/// Tail effective sample size: the smaller ESS of the indicators `x <= q05` and `x <= q95`.
pub fn ess_tail(x: ArrayView2<f64>) -> f64 {
    if !valid(x) {
        return f64::NAN;
    }
    let all = sorted(x.iter().copied());
    let q05 = quantile(&all, 0.05);
    let q95 = quantile(&all, 0.95);
    let below = |q: f64| split(x.mapv(|v| f64::from(u8::from(v <= q))).view());
    ess(below(q05).view()).min(ess(below(q95).view()))
}

/// Effective sample size of the split chains without rank normalisation (ArviZ's `"mean"`
/// method): the ESS for estimating the mean of a quantity with finite variance.
pub fn ess_mean(x: ArrayView2<f64>) -> f64 {
    if !valid(x) {
        return f64::NAN;
    }
    ess(split(x).view())
}

/// Effective sample size of chains `(chains, draws)` as they are (no splitting, no ranks), with
/// the multi-chain autocorrelation estimate and Geyer's initial monotone sequence (Stan's and
/// ArviZ's `ess`). `NaN` if undefined (fewer than 4 draws or a non-finite draw); constant draws
/// give `chains * draws`, as in ArviZ.
pub fn ess(x: ArrayView2<f64>) -> f64 {
    let (m, n) = x.dim();
    if m == 0 || n < 4 || x.iter().any(|v| !v.is_finite()) {
        return f64::NAN;
    }
    // Constant draws (up to rounding) carry no autocorrelation: every draw counts (as ArviZ).
    let (lo, hi) = x.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
        (a.min(v), b.max(v))
    });
    if hi - lo < 1e-15 {
        return (m * n) as f64;
    }
    let nf = n as f64;
    let acov: Vec<Vec<f64>> = x.outer_iter().map(|c| autocov(c.to_vec())).collect();
    let chain_mean: Vec<f64> = x.outer_iter().map(|c| c.sum() / nf).collect();
    let mean_acov = |t: usize| acov.iter().map(|a| a[t]).sum::<f64>() / m as f64;
    let mean_var = mean_acov(0) * nf / (nf - 1.0);
    let mut var_plus = mean_var * (nf - 1.0) / nf;
    if m > 1 {
        var_plus += variance(&chain_mean);
    }
    if var_plus.is_nan() || var_plus <= 0.0 {
        return f64::NAN;
    }
    let rho = |t: usize| 1.0 - (mean_var - mean_acov(t)) / var_plus;
    let mut rho_hat = vec![0.0; n];
    rho_hat[0] = 1.0;
    let mut rho_even = 1.0;
    let mut rho_odd = rho(1);
    rho_hat[1] = rho_odd;
    // Geyer's initial positive sequence: sums of adjacent pairs while they stay positive.
    let mut t = 1;
    while t < n - 3 && rho_even + rho_odd > 0.0 {
        rho_even = rho(t + 1);
        rho_odd = rho(t + 2);
        if rho_even + rho_odd >= 0.0 {
            rho_hat[t + 1] = rho_even;
            rho_hat[t + 2] = rho_odd;
        }
        t += 2;
    }
    let max_t = t - 2;
    // The next even lag improves the estimate for antithetic chains (as Stan and ArviZ).
    if rho_even > 0.0 {
        rho_hat[max_t + 1] = rho_even;
    }
    // Initial monotone sequence.
    let mut t = 1;
    while t + 2 <= max_t {
        if rho_hat[t + 1] + rho_hat[t + 2] > rho_hat[t - 1] + rho_hat[t] {
            rho_hat[t + 1] = (rho_hat[t - 1] + rho_hat[t]) / 2.0;
            rho_hat[t + 2] = rho_hat[t + 1];
        }
        t += 2;
    }
    let total = (m * n) as f64;
    let tau = -1.0 + 2.0 * rho_hat[..=max_t].iter().sum::<f64>() + rho_hat[max_t + 1];
    total / tau.max(1.0 / total.log10())
}

/// Plain (not rank-normalised) R-hat of chains as given: `sqrt((B/W + n - 1) / n)`.
fn rhat(x: ArrayView2<f64>) -> f64 {
    let (m, n) = x.dim();
    if m < 2 {
        return f64::NAN;
    }
    let means: Vec<f64> = x.outer_iter().map(|c| c.sum() / n as f64).collect();
    let within = x.outer_iter().map(|c| variance(&c.to_vec())).sum::<f64>() / m as f64;
    let between = n as f64 * variance(&means);
    ((between / within + n as f64 - 1.0) / n as f64).sqrt()
}

fn valid(x: ArrayView2<f64>) -> bool {
    let (m, n) = x.dim();
    let Some(&first) = x.iter().next() else {
        return false;
    };
    m >= 1 && n >= 4 && x.iter().all(|v| v.is_finite()) && x.iter().any(|&v| v != first)
}

/// Splits each chain in two halves: `(m, n)` -> `(2m, n/2)`, dropping a middle draw.
fn split(x: ArrayView2<f64>) -> Array2<f64> {
    let (m, n) = x.dim();
    let half = n / 2;
    let mut out = Array2::zeros((2 * m, half));
    out.slice_mut(s![..m, ..]).assign(&x.slice(s![.., ..half]));
    out.slice_mut(s![m.., ..])
        .assign(&x.slice(s![.., n - half..]));
    out
}

/// Rank normalisation: `Phi^-1((r - 3/8) / (S + 1/4))`, `r` the average rank (1-based) of
/// every draw among all draws.
fn z_scale(x: ArrayView2<f64>) -> Array2<f64> {
    let values: Vec<f64> = x.iter().copied().collect();
    let total = values.len();
    let mut order: Vec<usize> = (0..total).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut rank = vec![0.0; total];
    let mut i = 0;
    while i < total {
        let mut j = i;
        while j + 1 < total && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their average.
        let average = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            rank[k] = average;
        }
        i = j + 1;
    }
    let z: Vec<f64> = rank
        .iter()
        .map(|r| normal::inv_cdf((r - 0.375) / (total as f64 + 0.25)))
        .collect();
    Array2::from_shape_vec(x.dim(), z).unwrap_or_else(|_| unreachable!("same number of values"))
}

/// Sample variance with `n - 1` in the denominator.
fn variance(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)
}

/// Biased autocovariance `sum_t (x_t - m)(x_{t+k} - m) / n` for every lag `k < n`, by FFT.
fn autocov(x: Vec<f64>) -> Vec<f64> {
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let size = (2 * n).next_power_of_two();
    let mut buf: Vec<Complex64> = x.iter().map(|v| Complex64::new(v - mean, 0.0)).collect();
    buf.resize(size, Complex64::new(0.0, 0.0));
    fft(&mut buf, false);
    for z in &mut buf {
        *z = Complex64::new(z.norm_sqr(), 0.0);
    }
    fft(&mut buf, true);
    buf[..n]
        .iter()
        .map(|z| z.re / size as f64 / n as f64)
        .collect()
}

/// In-place iterative radix-2 FFT (length a power of two); `inverse` uses `exp(+i...)` and does
/// not divide by the length.
fn fft(a: &mut [Complex64], inverse: bool) {
    let n = a.len();
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            a.swap(i, j);
        }
    }
    let sign = if inverse { 1.0 } else { -1.0 };
    let mut len = 2;
    while len <= n {
        let angle = sign * std::f64::consts::TAU / len as f64;
        let w_len = Complex64::from_polar(1.0, angle);
        for chunk in a.chunks_mut(len) {
            let mut w = Complex64::new(1.0, 0.0);
            let (lo, hi) = chunk.split_at_mut(len / 2);
            for (u, v) in lo.iter_mut().zip(hi.iter_mut()) {
                let t = *v * w;
                *v = *u - t;
                *u += t;
                w *= w_len;
            }
        }
        len <<= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fft_autocov_matches_the_direct_sum() {
        let x: Vec<f64> = (0..37)
            .map(|i| ((i * i) as f64 * 0.37).sin() + 0.1 * i as f64)
            .collect();
        let n = x.len();
        let mean = x.iter().sum::<f64>() / n as f64;
        let fast = autocov(x.clone());
        for (k, f) in fast.iter().enumerate() {
            let direct: f64 = (0..n - k)
                .map(|t| (x[t] - mean) * (x[t + k] - mean))
                .sum::<f64>()
                / n as f64;
            assert!((f - direct).abs() < 1e-12, "lag {k}: {f} vs {direct}");
        }
    }

    #[test]
    fn ranks_average_ties() {
        let x = Array2::from_shape_vec((1, 4), vec![3.0, 1.0, 3.0, 2.0]).unwrap();
        let z = z_scale(x.view());
        // Ranks 3.5, 1, 3.5, 2 of S = 4.
        for (zi, r) in z.iter().zip([3.5, 1.0, 3.5, 2.0]) {
            assert!((zi - normal::inv_cdf((r - 0.375) / 4.25)).abs() < 1e-15);
        }
    }

    #[test]
    fn undefined_cases_are_nan() {
        let constant = Array2::from_elem((2, 10), 1.0);
        assert!(split_rhat(constant.view()).is_nan());
        assert!(ess_bulk(constant.view()).is_nan());
        let short = Array2::from_shape_fn((2, 3), |(c, i)| (c + i) as f64);
        assert!(ess_bulk(short.view()).is_nan());
        let mut nan = Array2::from_shape_fn((2, 10), |(c, i)| (c * i) as f64);
        nan[[1, 3]] = f64::NAN;
        assert!(split_rhat(nan.view()).is_nan());
    }
}

//! A Gaussian-process [`Discrepancy`] between model and data (ParamRF's
//! `stats.GaussianProcess`): the differences `model - data` are not independent noise but a
//! smooth function of frequency plus noise, `d ~ N(0, K + sigma^2 I)` with `K` a [`Kernel`] over
//! frequency; and its log likelihood by Cholesky, with the gradients NUTS needs.

use crate::params::Prior;

/// The correlation of the discrepancy at two frequencies `r` Hz apart, for a length scale `l`
/// (Hz): all are stationary, 1 at `r = 0`, and fall off over about `l`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kernel {
    /// The squared exponential, `exp(-r^2 / (2 l^2))`: infinitely smooth.
    Rbf,
    /// Matérn with `nu = 1/2`, `exp(-r / l)`: continuous, not differentiable (a random walk).
    Matern12,
    /// Matérn with `nu = 3/2`, `(1 + s) exp(-s)` with `s = sqrt(3) r / l`: once differentiable.
    Matern32,
    /// Matérn with `nu = 5/2`, `(1 + s + s^2 / 3) exp(-s)` with `s = sqrt(5) r / l`: twice
    /// differentiable.
    Matern52,
}

impl Kernel {
    /// The correlation at distance `r` for length `l`, and its derivative in `l`.
    pub(super) fn correlation(self, r: f64, l: f64) -> (f64, f64) {
        match self {
            Kernel::Rbf => {
                let t = r / l;
                let f = (-0.5 * t * t).exp();
                (f, f * t * t / l)
            }
            Kernel::Matern12 => {
                let t = r / l;
                let f = (-t).exp();
                (f, f * t / l)
            }
            Kernel::Matern32 => {
                let s = 3f64.sqrt() * r / l;
                let e = (-s).exp();
                ((1.0 + s) * e, s * s * e / l)
            }
            Kernel::Matern52 => {
                let s = 5f64.sqrt() * r / l;
                let e = (-s).exp();
                (
                    (1.0 + s + s * s / 3.0) * e,
                    s * s * (1.0 + s) * e / (3.0 * l),
                )
            }
        }
    }
}

/// A hyper-parameter of a [`Discrepancy`]: known, or inferred with the model.
#[derive(Clone, Debug, PartialEq)]
pub enum Hyper {
    /// Known; finite and positive.
    Fixed(f64),
    /// A coordinate of the posterior inferred with this prior (truncated to `(0, inf)`), as
    /// [`Noise::Inferred`](super::Noise::Inferred).
    Inferred(Prior),
}

/// A Gaussian-process discrepancy between model and data, added to a
/// [`Likelihood`](super::Likelihood) by [`Likelihood::discrepancy`](super::Likelihood::discrepancy):
/// the differences of each real series are `d ~ N(0, K + sigma^2 I)` with
/// `K_ij = amplitude^2 k(|f_i - f_j|, length)`, [`Kernel`] `k`, the likelihood's noise `sigma`,
/// instead of independent noise.
///
/// A real series is one real value of one compared trace of one term (the real or the
/// imaginary part of one S entry, or one real feature such as `s21_db`) over the frequency
/// points the term keeps (band, point weights and gaps). The series are independent Gaussian
/// processes that share the kernel and its hyper-parameters (`amplitude`, in the units of the
/// compared feature, and `length`, in Hz) and the noise level `sigma`: one smooth error of
/// the model per series, of the same size and smoothness in all of them.
///
/// Inferred hyper-parameters are coordinates of the posterior after `sigma`, named
/// `gp_amplitude` and `gp_length`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
/// use pmrf::fit::{Objective, Term};
/// use pmrf::infer::{Discrepancy, Hyper, Likelihood, Noise, Posterior};
///
/// let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
/// let data = SeriesC::new(2.2e-12).network(&freq)?;
/// let mut params = SeriesC::new(2e-12).params()?;
/// params.set_bounds("c", 1e-12, 4e-12)?;
/// let likelihood = Likelihood::new(Objective::new().term(Term::new(data)))
///     .noise(Noise::Fixed(1e-3))
///     .discrepancy(Discrepancy::rbf(
///         Hyper::Inferred(Prior::uniform(1e-4, 0.1)?),
///         Hyper::Fixed(0.5e9),
///     ));
/// let posterior = Posterior::new(&params, likelihood)?;
/// assert_eq!(posterior.names(), ["c", "gp_amplitude"]);
/// let ln_l = posterior.log_likelihood(&[2.2e-12, 1e-2])?;
/// assert!(ln_l.is_finite());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Discrepancy {
    /// The kernel.
    pub kernel: Kernel,
    /// The standard deviation of the discrepancy, in the units of the compared feature.
    pub amplitude: Hyper,
    /// The kernel's length scale, Hz.
    pub length: Hyper,
}

impl Discrepancy {
    /// A discrepancy with `kernel`.
    pub fn new(kernel: Kernel, amplitude: Hyper, length: Hyper) -> Self {
        Discrepancy {
            kernel,
            amplitude,
            length,
        }
    }

    /// With the squared-exponential kernel ([`Kernel::Rbf`]).
    pub fn rbf(amplitude: Hyper, length: Hyper) -> Self {
        Self::new(Kernel::Rbf, amplitude, length)
    }

    /// With the Matérn 1/2 kernel ([`Kernel::Matern12`]).
    pub fn matern12(amplitude: Hyper, length: Hyper) -> Self {
        Self::new(Kernel::Matern12, amplitude, length)
    }

    /// With the Matérn 3/2 kernel ([`Kernel::Matern32`]).
    pub fn matern32(amplitude: Hyper, length: Hyper) -> Self {
        Self::new(Kernel::Matern32, amplitude, length)
    }

    /// With the Matérn 5/2 kernel ([`Kernel::Matern52`]).
    pub fn matern52(amplitude: Hyper, length: Hyper) -> Self {
        Self::new(Kernel::Matern52, amplitude, length)
    }
}

/// Where the real series are in the differences: series with the same frequency points
/// share one covariance, so one factorisation.
#[derive(Clone, Debug, Default)]
pub(super) struct Layout {
    groups: Vec<Group>,
}

#[derive(Clone, Debug)]
struct Group {
    /// The frequency points, Hz.
    hz: Vec<f64>,
    /// Each series' indices into the differences.
    series: Vec<Vec<usize>>,
}

impl Layout {
    /// From each difference's series and frequency ([`Objective::difference_series`](crate::fit::Objective)).
    pub(super) fn new(points: &[(usize, f64)]) -> Layout {
        let count = points.iter().map(|p| p.0 + 1).max().unwrap_or(0);
        let mut series: Vec<(Vec<usize>, Vec<f64>)> = vec![Default::default(); count];
        for (i, &(s, hz)) in points.iter().enumerate() {
            series[s].0.push(i);
            series[s].1.push(hz);
        }
        let mut groups: Vec<Group> = Vec::new();
        for (indices, hz) in series.into_iter().filter(|s| !s.0.is_empty()) {
            match groups.iter_mut().find(|g| g.hz == hz) {
                Some(g) => g.series.push(indices),
                None => groups.push(Group {
                    hz,
                    series: vec![indices],
                }),
            }
        }
        Layout { groups }
    }
}

/// `ln L` of the differences `d`, with (if `gradient`) its derivatives in `sigma`, the
/// amplitude and the length, and `alpha = (K + sigma^2 I)^-1 d` (the model parameters'
/// gradient is `-alpha^T dd/dtheta`).
///
/// A covariance that is not positive definite to working precision gives `-inf` and NaN
/// derivatives.
pub(super) fn log_likelihood(
    kernel: Kernel,
    layout: &Layout,
    d: &[f64],
    [sigma, amplitude, length]: [f64; 3],
    gradient: bool,
) -> (f64, [f64; 3], Vec<f64>) {
    let mut value = 0.0;
    let mut grad = [0.0; 3];
    let mut alpha = vec![0.0; d.len()];
    let a2 = amplitude * amplitude;
    for group in &layout.groups {
        let n = group.hz.len();
        let m = group.series.len() as f64;
        let cov =
            |i: usize, j: usize| kernel.correlation((group.hz[i] - group.hz[j]).abs(), length);
        let mut l = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                l[i * n + j] = a2 * cov(i, j).0;
            }
            l[i * n + i] += sigma * sigma;
        }
        if !cholesky(&mut l, n) {
            return (f64::NEG_INFINITY, [f64::NAN; 3], vec![f64::NAN; d.len()]);
        }
        let log_det: f64 = 2.0 * (0..n).map(|i| l[i * n + i].ln()).sum::<f64>();
        value -= 0.5 * m * (log_det + n as f64 * std::f64::consts::TAU.ln());
        // W = sum_s alpha_s alpha_s^T - m C^-1: d ln L / d theta = tr(W dC/dtheta) / 2.
        let mut w = if gradient {
            let mut inverse = vec![0.0; n * n];
            for j in 0..n {
                let mut e = vec![0.0; n];
                e[j] = 1.0;
                solve(&l, n, &mut e);
                for i in 0..n {
                    inverse[i * n + j] = -m * e[i];
                }
            }
            inverse
        } else {
            Vec::new()
        };
        for indices in &group.series {
            let mut a: Vec<f64> = indices.iter().map(|&i| d[i]).collect();
            solve(&l, n, &mut a);
            value -= 0.5
                * (indices.iter().zip(&a))
                    .map(|(&i, x)| d[i] * x)
                    .sum::<f64>();
            if gradient {
                for i in 0..n {
                    for j in 0..n {
                        w[i * n + j] += a[i] * a[j];
                    }
                }
            }
            for (&i, x) in indices.iter().zip(a) {
                alpha[i] = x;
            }
        }
        if gradient {
            for i in 0..n {
                grad[0] += w[i * n + i] * sigma;
                for j in 0..n {
                    let (f, dl) = cov(i, j);
                    grad[1] += 0.5 * w[i * n + j] * 2.0 * amplitude * f;
                    grad[2] += 0.5 * w[i * n + j] * a2 * dl;
                }
            }
        }
    }
    (value, grad, alpha)
}

/// The lower Cholesky factor of the symmetric matrix whose lower triangle is in `a`
/// (row-major, `n x n`), in place; `false` if it is not positive definite.
fn cholesky(a: &mut [f64], n: usize) -> bool {
    for j in 0..n {
        let diag = a[j * n + j] - (0..j).map(|k| a[j * n + k] * a[j * n + k]).sum::<f64>();
        if !(diag > 0.0 && diag.is_finite()) {
            return false;
        }
        let diag = diag.sqrt();
        a[j * n + j] = diag;
        for i in j + 1..n {
            let s = a[i * n + j] - (0..j).map(|k| a[i * n + k] * a[j * n + k]).sum::<f64>();
            a[i * n + j] = s / diag;
        }
    }
    true
}

/// Solves `L L^T x = b` in place for the factor `l` of [`cholesky`].
fn solve(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let s = b[i] - (0..i).map(|k| l[i * n + k] * b[k]).sum::<f64>();
        b[i] = s / l[i * n + i];
    }
    for i in (0..n).rev() {
        let s = b[i] - (i + 1..n).map(|k| l[k * n + i] * b[k]).sum::<f64>();
        b[i] = s / l[i * n + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlation_derivatives_in_the_length() {
        for kernel in [
            Kernel::Rbf,
            Kernel::Matern12,
            Kernel::Matern32,
            Kernel::Matern52,
        ] {
            let (r, l, h) = (0.7e9, 0.5e9, 1e3);
            let (f, dl) = kernel.correlation(r, l);
            assert_eq!(kernel.correlation(0.0, l).0, 1.0);
            assert!(f > 0.0 && f < 1.0);
            let fd = (kernel.correlation(r, l + h).0 - kernel.correlation(r, l - h).0) / (2.0 * h);
            assert!(
                (dl - fd).abs() <= 1e-6 * fd.abs(),
                "{kernel:?}: {dl} vs {fd}"
            );
        }
    }

    #[test]
    fn cholesky_solves() {
        let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let mut l = a;
        assert!(cholesky(&mut l, 3));
        let mut x = [1.0, -2.0, 0.5];
        solve(&l, 3, &mut x);
        for i in 0..3 {
            let back: f64 = (0..3).map(|k| a[i * 3 + k] * x[k]).sum();
            assert!((back - [1.0, -2.0, 0.5][i]).abs() < 1e-14);
        }
        let mut singular = [1.0, 1.0, 1.0, 1.0];
        assert!(!cholesky(&mut singular, 2));
    }
}

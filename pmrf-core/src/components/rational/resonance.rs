//! The resonant frequency and Q a pole pair implies, with standard errors propagated from the
//! covariance of a least-squares fit by the delta method (first order, with the exact gradient
//! of `f0` and `Q` with respect to the pole's real and imaginary part).

use ndarray::Array2;

use super::pole_residue::{PolePair, PoleResidue};
use crate::{Error, Result};

/// The resonance of a [`PolePair`] `p = a + j b`: `f0 = |p| / (2 pi)` and
/// `Q = |p| / (2 |a|)`, with standard errors (see [`PolePair::resonance`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resonance {
    /// The resonant (undamped) frequency, Hz.
    pub f0: f64,
    /// Its standard error, Hz.
    pub f0_std_error: f64,
    /// The quality factor.
    pub q: f64,
    /// Its standard error.
    pub q_std_error: f64,
    /// The correlation of the errors of `f0` and `Q`.
    pub correlation: f64,
}

impl PolePair<f64> {
    /// `f0` and `Q` with their standard errors from `cov`, the covariance of the pole's
    /// `(re, im)` (rad/s squared, SI: as [`FitResult::covariance`](crate::fit::FitResult::covariance)
    /// gives it), by the delta method: with `m = |p|`,
    ///
    /// ```text
    /// grad f0 = (a, b) / (2 pi m),    grad Q = sign(a) (-b^2 / a, b) / (2 m |a|)
    /// var = grad^T cov grad
    /// ```
    ///
    /// First order: accurate while the errors are small against `|a|` (the half bandwidth).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::PolePair;
    ///
    /// let pair = PolePair::new(Complex::new(-1e8, 1e10), vec![Complex::new(1e8, 0.0)])?;
    /// // 1e6 rad/s on the real part, nothing on the imaginary: Q = |p| / 2|a| moves by 1 %.
    /// let r = pair.resonance([[1e12, 0.0], [0.0, 0.0]])?;
    /// assert!((r.q - pair.q()).abs() < 1e-12 && (r.q_std_error / r.q - 0.01).abs() < 1e-4);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a covariance with a negative or non-finite variance, or
    /// a pole on the axis (`re = 0`: `Q` infinite).
    pub fn resonance(&self, cov: [[f64; 2]; 2]) -> Result<Resonance> {
        for (k, v) in [cov[0][0], cov[1][1]].into_iter().enumerate() {
            if !(v >= 0.0 && v.is_finite() && cov[0][1].is_finite() && cov[1][0].is_finite()) {
                return Err(Error::InvalidArgument {
                    name: format!("cov[{k}][{k}]"),
                    value: v,
                    expected: "a finite covariance with non-negative variances".into(),
                });
            }
        }
        let (a, b) = (self.re, self.im);
        if a == 0.0 {
            return Err(Error::InvalidArgument {
                name: "re".into(),
                value: a,
                expected: "a damped pole (re != 0); on the axis Q is infinite".into(),
            });
        }
        let m = a.hypot(b);
        let tau = std::f64::consts::TAU;
        let gf = [a / (tau * m), b / (tau * m)];
        let gq = [
            -a.signum() * b * b / (2.0 * m * a * a),
            b / (2.0 * m * a.abs()),
        ];
        let quad = |g: [f64; 2], h: [f64; 2]| {
            (0..2)
                .map(|i| (0..2).map(|j| g[i] * cov[i][j] * h[j]).sum::<f64>())
                .sum::<f64>()
        };
        let (vf, vq) = (quad(gf, gf).max(0.0), quad(gq, gq).max(0.0));
        let correlation = if vf > 0.0 && vq > 0.0 {
            quad(gf, gq) / (vf * vq).sqrt()
        } else {
            0.0
        };
        Ok(Resonance {
            f0: m / tau,
            f0_std_error: vf.sqrt(),
            q: m / (2.0 * a.abs()),
            q_std_error: vq.sqrt(),
            correlation,
        })
    }
}

impl<const N: usize> PoleResidue<f64, N> {
    /// The [`Resonance`] of every pole pair, from the covariance `cov` of the fitted
    /// parameters `names` (as [`FitResult::names`](crate::fit::FitResult::names) and
    /// [`FitResult::covariance`](crate::fit::FitResult::covariance) give them): pair `i` reads
    /// the entries of `pairs[i].re` and `pairs[i].im`; a part that was not fitted (fixed)
    /// has no error.
    ///
    /// # Errors
    /// [`Error::Shape`] when `cov` is not `names.len()` square, and those of
    /// [`PolePair::resonance`].
    pub fn resonances(&self, names: &[String], cov: &Array2<f64>) -> Result<Vec<Resonance>> {
        if cov.dim() != (names.len(), names.len()) {
            return Err(Error::Shape(format!(
                "the covariance is {:?}; {} fitted parameters need ({1}, {1})",
                cov.dim(),
                names.len()
            )));
        }
        let at = |name: String| names.iter().position(|n| *n == name);
        (0..self.pairs.len())
            .map(|i| {
                let idx = [at(format!("pairs[{i}].re")), at(format!("pairs[{i}].im"))];
                let c = |r: usize, s: usize| match (idx[r], idx[s]) {
                    (Some(x), Some(y)) => cov[[x, y]],
                    _ => 0.0,
                };
                self.pairs[i].resonance([[c(0, 0), c(0, 1)], [c(1, 0), c(1, 1)]])
            })
            .collect()
    }
}

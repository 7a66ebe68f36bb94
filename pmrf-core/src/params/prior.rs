//! Prior distributions of parameters.

use rand::Rng;
use rand_distr::{Distribution, LogNormal, Normal, Uniform};

use crate::{Error, Result};

/// A prior distribution of one parameter, over its SI value.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Prior {
    /// Uniform on `[low, high)`.
    Uniform {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
    /// Normal with mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        std: f64,
    },
    /// Log-normal: `ln x` is normal with mean `mu` and standard deviation `sigma`.
    LogNormal {
        /// Mean of `ln x`.
        mu: f64,
        /// Standard deviation of `ln x` (> 0).
        sigma: f64,
    },
}

impl std::fmt::Display for Prior {
    /// The `#[param(prior = ...)]` syntax, in SI units: `normal(5e-9, 1e-10)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Prior::Uniform { low, high } => write!(f, "uniform({low:e}, {high:e})"),
            Prior::Normal { mean, std } => write!(f, "normal({mean:e}, {std:e})"),
            Prior::LogNormal { mu, sigma } => write!(f, "log_normal({mu}, {sigma})"),
        }
    }
}

impl Prior {
    /// Checks the arguments: finite, `low < high`, positive spreads.
    pub fn validate(&self) -> Result<()> {
        let ok = match *self {
            Prior::Uniform { low, high } => low.is_finite() && high.is_finite() && low < high,
            Prior::Normal { mean, std } => mean.is_finite() && std.is_finite() && std > 0.0,
            Prior::LogNormal { mu, sigma } => mu.is_finite() && sigma.is_finite() && sigma > 0.0,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidPrior(format!(
                "{self:?} (need finite arguments, low < high, positive spread)"
            )))
        }
    }

    /// Draws one value.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<f64> {
        self.validate()?;
        let invalid = |e: &dyn std::fmt::Display| Error::InvalidPrior(e.to_string());
        Ok(match *self {
            Prior::Uniform { low, high } => Uniform::new(low, high)
                .map_err(|e| invalid(&e))?
                .sample(rng),
            Prior::Normal { mean, std } => {
                Normal::new(mean, std).map_err(|e| invalid(&e))?.sample(rng)
            }
            Prior::LogNormal { mu, sigma } => LogNormal::new(mu, sigma)
                .map_err(|e| invalid(&e))?
                .sample(rng),
        })
    }

    /// Natural log of the probability density at `x` (`-inf` outside the support).
    pub fn ln_pdf(&self, x: f64) -> f64 {
        const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
        match *self {
            Prior::Uniform { low, high } => {
                if (low..high).contains(&x) {
                    -(high - low).ln()
                } else {
                    f64::NEG_INFINITY
                }
            }
            Prior::Normal { mean, std } => {
                let z = (x - mean) / std;
                -0.5 * z * z - std.ln() - LN_SQRT_2PI
            }
            Prior::LogNormal { mu, sigma } => {
                if x <= 0.0 {
                    return f64::NEG_INFINITY;
                }
                let z = (x.ln() - mu) / sigma;
                -0.5 * z * z - (x * sigma).ln() - LN_SQRT_2PI
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{SeedableRng, rngs::StdRng};

    #[test]
    fn ln_pdf_matches_closed_forms() {
        let n = Prior::Normal {
            mean: 1.0,
            std: 2.0,
        };
        let expect = -0.5 * 0.25f64 - 2f64.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln();
        assert!((n.ln_pdf(2.0) - expect).abs() < 1e-14);
        let u = Prior::Uniform {
            low: 1.0,
            high: 5.0,
        };
        assert!((u.ln_pdf(2.0) + 4f64.ln()).abs() < 1e-15);
        assert_eq!(u.ln_pdf(6.0), f64::NEG_INFINITY);
        let l = Prior::LogNormal {
            mu: 0.0,
            sigma: 1.0,
        };
        // density of the standard log-normal at x = e: exp(-1/2)/(e sqrt(2 pi))
        let e = std::f64::consts::E;
        let expect = (-0.5f64).exp() / (e * (2.0 * std::f64::consts::PI).sqrt());
        assert!((l.ln_pdf(e) - expect.ln()).abs() < 1e-14);
        assert_eq!(l.ln_pdf(-1.0), f64::NEG_INFINITY);
    }

    #[test]
    fn samples_have_the_right_moments() {
        let mut rng = StdRng::seed_from_u64(7);
        let n = Prior::Normal {
            mean: 3.0,
            std: 0.5,
        };
        let xs: Vec<f64> = (0..20_000).map(|_| n.sample(&mut rng).unwrap()).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!((mean - 3.0).abs() < 0.02, "{mean}");
        assert!((var.sqrt() - 0.5).abs() < 0.02, "{var}");
        let u = Prior::Uniform {
            low: 1.0,
            high: 2.0,
        };
        assert!((0..1000).all(|_| (1.0..2.0).contains(&u.sample(&mut rng).unwrap())));
    }

    #[test]
    fn invalid_priors_are_errors() {
        assert!(
            Prior::Normal {
                mean: 0.0,
                std: 0.0
            }
            .validate()
            .is_err()
        );
        assert!(
            Prior::Uniform {
                low: 2.0,
                high: 1.0
            }
            .validate()
            .is_err()
        );
        assert!(
            Prior::LogNormal {
                mu: f64::NAN,
                sigma: 1.0
            }
            .validate()
            .is_err()
        );
        let mut rng = StdRng::seed_from_u64(1);
        assert!(matches!(
            Prior::Normal {
                mean: 0.0,
                std: -1.0
            }
            .sample(&mut rng),
            Err(Error::InvalidPrior(_))
        ));
    }
}

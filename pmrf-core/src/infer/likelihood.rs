//! The [`Likelihood`] of measured data under a model: the [`Objective`]'s differences
//! `model - data`, independent noise of a [`Distribution`] and a [`Noise`] level, fixed or
//! inferred.

use crate::Scalar;
use crate::fit::Objective;
use crate::params::Prior;
use crate::special::gamma::ln_gamma;

/// The noise of a likelihood: a standard deviation per real value of the compared features
/// (complex values are split into real and imaginary parts, each with this noise).
#[derive(Clone, Debug, PartialEq)]
pub enum Noise {
    /// Known.
    Fixed(f64),
    /// A parameter `sigma` inferred with the model, with this prior (truncated to `(0, inf)`).
    Inferred(Prior),
}

impl Default for Noise {
    /// Inferred with ParamRF's default prior, `Uniform(1e-6, 0.1)`.
    fn default() -> Self {
        Noise::Inferred(Prior::Uniform {
            low: 1e-6,
            high: 0.1,
        })
    }
}

/// The distribution of each difference between model and data.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Distribution {
    /// Gaussian, `N(0, sigma^2)`.
    #[default]
    Gaussian,
    /// Student's t with `nu` degrees of freedom and scale `sigma`: heavier tails, robust to
    /// outliers.
    StudentT {
        /// Degrees of freedom, `> 0`.
        nu: f64,
    },
}

/// The likelihood of the data in an [`Objective`]'s terms (their features, bands and point
/// selection; losses and goals play no part): every difference `model - data` is independent
/// noise of the given [`Distribution`] and [`Noise`] level.
#[derive(Clone, Debug)]
pub struct Likelihood {
    pub(super) data: Objective,
    pub(super) noise: Noise,
    pub(super) distribution: Distribution,
}

impl Likelihood {
    /// Gaussian noise of an inferred level with ParamRF's default prior ([`Noise::default`]).
    pub fn new(data: Objective) -> Self {
        Likelihood {
            data,
            noise: Noise::default(),
            distribution: Distribution::Gaussian,
        }
    }

    /// With `noise` instead.
    pub fn noise(self, noise: Noise) -> Self {
        Likelihood { noise, ..self }
    }

    /// With `distribution` instead.
    pub fn distribution(self, distribution: Distribution) -> Self {
        Likelihood {
            distribution,
            ..self
        }
    }

    /// `ln L` for the differences `d` at noise level `sigma`, and `d ln L / d sigma`.
    pub(super) fn of(&self, d: &[f64], sigma: f64) -> (f64, f64) {
        let n = d.len() as f64;
        match self.distribution {
            Distribution::Gaussian => {
                let ss: f64 = d.iter().map(|x| x * x).sum();
                let s2 = sigma * sigma;
                let value = -0.5 * ss / s2 - n * sigma.ln() - 0.5 * n * std::f64::consts::TAU.ln();
                (value, ss / (s2 * sigma) - n / sigma)
            }
            Distribution::StudentT { nu } => {
                let c = ln_gamma(0.5 * (nu + 1.0))
                    - ln_gamma(0.5 * nu)
                    - 0.5 * (nu * std::f64::consts::PI).ln();
                let (mut value, mut grad) = (n * (c - sigma.ln()), -n / sigma);
                for x in d {
                    let t = x * x / (nu * sigma * sigma);
                    value -= 0.5 * (nu + 1.0) * t.ln_1p();
                    grad += (nu + 1.0) * t / (sigma * (1.0 + t));
                }
                (value, grad)
            }
        }
    }

    /// The part of `ln L` that depends on the model, over dual numbers, at a fixed `sigma`: its
    /// gradient in the model parameters is that of `ln L`.
    pub(super) fn model_part<T: Scalar>(&self, d: &[T], sigma: f64) -> T {
        let zero = T::zero();
        match self.distribution {
            Distribution::Gaussian => {
                d.iter().fold(zero, |acc, &x| acc + x * x) * (-0.5 / (sigma * sigma))
            }
            Distribution::StudentT { nu } => d.iter().fold(zero, |acc, &x| {
                acc - (x * x * (1.0 / (nu * sigma * sigma))).ln_1p() * (0.5 * (nu + 1.0))
            }),
        }
    }
}

//! The [`Likelihood`] of measured data under a model: the [`Objective`]'s differences
//! `model - data`, independent noise of a [`Distribution`] and a [`Noise`] level, fixed or
//! inferred, or a Gaussian-process [`Discrepancy`] along frequency plus that noise.

use super::gp::{self, Discrepancy, Hyper, Layout};
use crate::fit::Objective;
use crate::params::Prior;
use crate::special::gamma::ln_gamma;
use crate::{Error, Result, Scalar};

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
/// noise of the given [`Distribution`] and [`Noise`] level, or, with a [`Discrepancy`], a
/// Gaussian process along frequency plus Gaussian noise of that level.
#[derive(Clone, Debug)]
pub struct Likelihood {
    pub(super) data: Objective,
    pub(super) noise: Noise,
    pub(super) distribution: Distribution,
    pub(super) discrepancy: Option<Discrepancy>,
    /// The differences' series, for a discrepancy ([`Likelihood::prepared`]).
    layout: Layout,
}

/// `ln L` at a point, with what its gradients need.
pub(super) struct Evaluated {
    /// `ln L`.
    pub(super) value: f64,
    /// `d ln L` in the likelihood's inferred coordinates ([`Likelihood::inferred`]).
    pub(super) gradient: Vec<f64>,
    sigma: f64,
    /// `(K + sigma^2 I)^-1 d`, with a discrepancy.
    alpha: Vec<f64>,
}

impl Likelihood {
    /// Gaussian noise of an inferred level with ParamRF's default prior ([`Noise::default`]).
    pub fn new(data: Objective) -> Self {
        Likelihood {
            data,
            noise: Noise::default(),
            distribution: Distribution::Gaussian,
            discrepancy: None,
            layout: Layout::default(),
        }
    }

    /// With a Gaussian-process `discrepancy` along frequency (Gaussian distribution only: the
    /// posterior rejects it with [`Distribution::StudentT`]).
    pub fn discrepancy(self, discrepancy: Discrepancy) -> Self {
        Likelihood {
            discrepancy: Some(discrepancy),
            ..self
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

    /// The coordinates the likelihood adds to the posterior, in order: `sigma`,
    /// `gp_amplitude`, `gp_length`, those inferred, with their priors.
    pub(super) fn inferred(&self) -> Vec<(&'static str, &Prior)> {
        let mut out = Vec::new();
        if let Noise::Inferred(prior) = &self.noise {
            out.push(("sigma", prior));
        }
        if let Some(gp) = &self.discrepancy {
            for (name, hyper) in [("gp_amplitude", &gp.amplitude), ("gp_length", &gp.length)] {
                if let Hyper::Inferred(prior) = hyper {
                    out.push((name, prior));
                }
            }
        }
        out
    }

    /// Checked for use, with the discrepancy's series laid out.
    ///
    /// # Errors
    /// A discrepancy with a Student-t distribution, or with a fixed hyper-parameter that is
    /// not finite and positive; the data side's errors of the objective.
    pub(super) fn prepared(mut self) -> Result<Self> {
        if let Some(gp) = &self.discrepancy {
            if let Distribution::StudentT { nu } = self.distribution {
                return Err(Error::Sampling(format!(
                    "a Gaussian-process discrepancy needs the Gaussian distribution, not \
                     Student's t (nu = {nu}): the differences are jointly Gaussian"
                )));
            }
            for (name, hyper) in [("amplitude", &gp.amplitude), ("length", &gp.length)] {
                if let Hyper::Fixed(v) = hyper
                    && !(v.is_finite() && *v > 0.0)
                {
                    return Err(Error::Sampling(format!(
                        "the discrepancy's {name} {v} must be finite and positive"
                    )));
                }
            }
            self.layout = Layout::new(&self.data.difference_series()?);
        }
        Ok(self)
    }

    /// `ln L` for the differences `d` at the likelihood's inferred coordinates `extra`
    /// ([`Likelihood::inferred`]), with its gradient in them if `gradient`.
    pub(super) fn evaluate(&self, d: &[f64], extra: &[f64], gradient: bool) -> Evaluated {
        let mut extra = extra.iter().copied();
        let mut next =
            |fixed: Option<f64>| fixed.unwrap_or_else(|| extra.next().unwrap_or(f64::NAN));
        let sigma = next(match self.noise {
            Noise::Fixed(s) => Some(s),
            Noise::Inferred(_) => None,
        });
        let Some(gp) = &self.discrepancy else {
            let (value, dsigma) = self.of(d, sigma);
            let inferred = matches!(self.noise, Noise::Inferred(_));
            return Evaluated {
                value,
                gradient: if inferred { vec![dsigma] } else { Vec::new() },
                sigma,
                alpha: Vec::new(),
            };
        };
        let fixed = |h: &Hyper| match h {
            Hyper::Fixed(v) => Some(*v),
            Hyper::Inferred(_) => None,
        };
        let hypers = [sigma, next(fixed(&gp.amplitude)), next(fixed(&gp.length))];
        let (value, all, alpha) = gp::log_likelihood(gp.kernel, &self.layout, d, hypers, gradient);
        let inferred = [
            matches!(self.noise, Noise::Inferred(_)),
            fixed(&gp.amplitude).is_none(),
            fixed(&gp.length).is_none(),
        ];
        Evaluated {
            value,
            gradient: (all.iter().zip(inferred))
                .filter(|(_, i)| *i)
                .map(|(g, _)| *g)
                .collect(),
            sigma,
            alpha,
        }
    }

    /// `ln L` for the differences `d` at noise level `sigma`, and `d ln L / d sigma`.
    fn of(&self, d: &[f64], sigma: f64) -> (f64, f64) {
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

    /// A function of the differences over dual numbers whose gradient in the model parameters
    /// is that of `ln L` at the point `at` ([`Likelihood::evaluate`] of the same differences):
    /// the part of `ln L` that depends on the model, at a fixed `sigma`; with a discrepancy,
    /// `-alpha^T d` with `alpha = (K + sigma^2 I)^-1 d` held fixed (the gradient of
    /// `-d^T (K + sigma^2 I)^-1 d / 2`).
    pub(super) fn model_part<T: Scalar>(&self, d: &[T], at: &Evaluated) -> T {
        let zero = T::zero();
        let sigma = at.sigma;
        if self.discrepancy.is_some() {
            return (d.iter().zip(&at.alpha)).fold(zero, |acc, (&x, &a)| acc - x * a);
        }
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

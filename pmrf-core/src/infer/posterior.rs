//! A model's posterior: its free parameters' priors times a likelihood of measured data, in the
//! forms the samplers need (an unconstrained space with exact gradients for NUTS, the unit
//! hypercube for nested sampling) and the maximum a posteriori point ([`Map`]); the samplers'
//! draws become [`Samples`].

use std::ops::ControlFlow;

use ndarray::Array2;
use num_dual::Dual64;

use super::bijection::Bijection;
use super::likelihood::{Evaluated, Likelihood, Noise};
use super::sample::{self, NestedSettings};
#[cfg(feature = "nuts")]
use super::sample::{Diagnostics, NutsOutput, NutsSettings};
use super::samples::{Run, Samples};
use crate::diff::{Differentiable, FEW_LANES, Grad, Grad4, LANES, value_and_gradient_lanes};
use crate::network::Component;
use crate::optim::{self, Bounds, Options, Report, symmetric_inverse};
use crate::params::{Filter, JointPrior, Model, Params, Partition, Prior, joint_blocks};
use crate::{Error, Result};

/// One coordinate of the posterior: its prior (truncated to its bounds; `None` in a joint
/// prior) and transform, and its unit and display scale for summaries.
#[derive(Clone, Debug)]
pub(super) struct Coordinate {
    prior: Option<Prior>,
    bounds: (f64, f64),
    pub(super) transform: Bijection,
    pub(super) unit: String,
    pub(super) scale: f64,
}

/// The posterior of a model's free parameters (and after them the noise level `sigma` and a
/// [`Discrepancy`](super::Discrepancy)'s `gp_amplitude` and `gp_length`, those inferred) given a
/// [`Likelihood`].
///
/// Every free parameter needs a proper prior: its declared or per-instance [`Prior`]
/// (truncated to its bounds), or, without one, uniform between finite bounds, or a
/// [`JointPrior`] of the table (which replaces the individual priors of its parameters; how
/// it meets their bounds is told there).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
/// use pmrf::fit::{Objective, Term};
/// use pmrf::infer::{Likelihood, Noise, Posterior};
/// use pmrf::infer::sample::NutsSettings;
///
/// let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
/// let data = SeriesC::new(2.2e-12).network(&freq)?;
/// let mut params = SeriesC::new(2e-12).params()?;
/// params.set_bounds("c", 1e-12, 4e-12)?;
/// let likelihood = Likelihood::new(Objective::new().term(Term::new(data))).noise(Noise::Fixed(1e-3));
/// let posterior = Posterior::new(&params, likelihood)?;
/// let settings = NutsSettings { chains: 2, draws: 200, tune: 200, ..Default::default() };
/// let samples = posterior.nuts(&settings)?;
/// let c = samples.summary()?.mean[0];
/// assert!((c / 2.2e-12 - 1.0).abs() < 1e-3);
/// assert_eq!(samples.batch().len(), 400);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub struct Posterior<M: Model<Scalar = f64>> {
    pub(super) partition: Partition<M>,
    likelihood: Likelihood,
    pub(super) coordinates: Vec<Coordinate>,
    /// The joint priors, with the coordinates of their parameters.
    joints: Vec<(JointPrior, Vec<usize>)>,
}

impl<M: Model<Scalar = f64>> Posterior<M> {
    /// The posterior of the free parameters of `params` given `likelihood`.
    ///
    /// # Errors
    /// No free parameter ([`Error::NoFreeParameter`]); the errors of
    /// [`ParamMeta::sampling_prior`](crate::params::ParamMeta::sampling_prior) (a free
    /// parameter with no prior and an infinite bound, or whose prior has no probability within
    /// its bounds, named with the prior and the bounds); a noise
    /// prior with no mass above 0, or a fixed noise that is not finite and positive.
    pub fn new(params: &Params<M>, likelihood: Likelihood) -> Result<Self> {
        let partition = params.partition(&Filter::Free)?;
        if partition.is_empty() {
            return Err(Error::NoFreeParameter);
        }
        let joints = joint_blocks(&partition)?;
        let mut coordinates = Vec::new();
        for (k, p) in partition.params().enumerate() {
            let (lo, hi) = p.meta().bounds();
            let prior = if joints.iter().any(|(_, at)| at.contains(&k)) {
                None
            } else {
                Some(p.meta().sampling_prior(p.name())?)
            };
            coordinates.push(Coordinate {
                prior,
                bounds: (lo, hi),
                transform: Bijection::of(lo, hi),
                unit: p.meta().unit().to_string(),
                scale: p.meta().scale(),
            });
        }
        if let Noise::Fixed(s) = likelihood.noise
            && !(s.is_finite() && s > 0.0)
        {
            return Err(Error::Sampling(format!(
                "the noise level {s} must be finite and positive"
            )));
        }
        let likelihood = likelihood.prepared()?;
        // `sigma` and the discrepancy's hyper-parameters, if inferred.
        for (name, prior) in likelihood.inferred() {
            let what = if name == "sigma" { "noise" } else { name };
            if prior.mass_within(0.0, f64::INFINITY) <= 0.0 {
                return Err(Error::Sampling(format!(
                    "the {what} prior has no mass above 0"
                )));
            }
            let (lo, hi) = match prior {
                Prior::Uniform { low, high } => (low.max(0.0), *high),
                _ => (0.0, f64::INFINITY),
            };
            // The noise and the amplitude are in the units of the compared features, which
            // vary (S is dimensionless, a group delay in seconds): no unit is claimed.
            coordinates.push(Coordinate {
                prior: Some(*prior),
                bounds: (lo, hi),
                transform: Bijection::of(lo, hi),
                unit: if name == "gp_length" { "Hz" } else { "" }.into(),
                scale: 1.0,
            });
        }
        Ok(Posterior {
            partition,
            likelihood,
            coordinates,
            joints,
        })
    }

    /// The number of coordinates: the free parameters, then `sigma`, `gp_amplitude` and
    /// `gp_length` (a [`Discrepancy`](super::Discrepancy)'s), those inferred.
    pub fn dim(&self) -> usize {
        self.coordinates.len()
    }

    /// The names of the coordinates (the free parameters', then `sigma`, `gp_amplitude` and
    /// `gp_length`, those inferred).
    pub fn names(&self) -> Vec<String> {
        let names = self.partition.names();
        let inferred = self.likelihood.inferred();
        let extra = inferred.iter().map(|(name, _)| *name);
        names
            .iter()
            .copied()
            .chain(extra)
            .map(String::from)
            .collect()
    }
}

impl<M: Model<Scalar = f64> + Sync> Posterior<M> {
    /// `ln L` at the physical coordinates `x` (free parameters, then the likelihood's inferred
    /// coordinates, [`Posterior::names`]).
    ///
    /// # Errors
    /// `x` not of length [`Posterior::dim`], values outside the bounds, or a likelihood that
    /// does not fit the model.
    pub fn log_likelihood<const N: usize>(&self, x: &[f64]) -> Result<f64>
    where
        M: Component<N>,
    {
        if x.len() != self.dim() {
            return Err(Error::ParamCount {
                expected: self.dim(),
                got: x.len(),
            });
        }
        // Checked and ties resolved by `combine`; no copy of the table (names included).
        let full = self.partition.combine(&x[..self.partition.len()])?;
        let model = self.partition.all().model().with_params_unchecked(&full);
        let d = self.likelihood.data.differences(&model)?;
        let extra = &x[self.partition.len()..];
        Ok(self.likelihood.evaluate(&d, extra, false).value)
    }

    /// The log posterior density on the unconstrained space NUTS samples
    /// (`ln L + ln prior + ln |dx/dz|`) at `z`, with its exact gradient written into `grad`.
    ///
    /// Coordinate `k` maps to its bounds by `x = lo + (hi - lo) sigmoid(z)` (both finite),
    /// `lo + exp(z)`, `hi - exp(z)` or `x = z`. The priors are not normalised to their bounds
    /// (a constant), so this is the log density up to a constant. A model that evaluates to
    /// NaN or infinity (a singular circuit) gives a non-finite value, which NUTS treats as a
    /// divergence.
    ///
    /// # Errors
    /// `z` or `grad` not of length [`Posterior::dim`]; a likelihood that does not fit the model.
    pub fn log_density<const N: usize>(&self, z: &[f64], grad: &mut [f64]) -> Result<f64>
    where
        M: Differentiable<N>,
    {
        if z.len() != self.dim() || grad.len() != self.dim() {
            return Err(Error::ParamCount {
                expected: self.dim(),
                got: z.len().min(grad.len()),
            });
        }
        let n = self.partition.len();
        let mut x = vec![0.0; z.len()];
        let mut total = 0.0;
        let mut dxdz = vec![0.0; z.len()];
        for (k, c) in self.coordinates.iter().enumerate() {
            let (xk, dx, log_j, dlog_j) = c.transform.forward(z[k]);
            x[k] = xk;
            dxdz[k] = dx;
            let p = (c.prior.as_ref()).map_or(Dual64::from(0.0), |prior| {
                prior.ln_pdf(Dual64::from(xk).derivative())
            });
            total += p.re + log_j;
            grad[k] = p.eps * dx + dlog_j;
        }
        for (joint, at) in &self.joints {
            let (p, dp) = joint.ln_pdf(&at.iter().map(|&k| x[k]).collect::<Vec<_>>());
            total += p;
            for (&k, d) in at.iter().zip(dp) {
                grad[k] += d * dxdz[k];
            }
        }
        let (x, extra) = x.split_at(n);
        let at = self.likelihood_and_gradient::<N>(x, extra, &dxdz, grad)?;
        total += at.value;
        for (k, g) in at.gradient.iter().enumerate() {
            grad[n + k] += g * dxdz[n + k];
        }
        Ok(total)
    }

    /// `ln L` at the free parameters `x` and the likelihood's coordinates `extra`, with its
    /// gradient in those; adds `d ln L / d x_k * dxdz[k]` to `grad[k]`.
    ///
    /// Every direction in one vector-dual pass (two, in parallel, above 8 parameters): the
    /// samplers already run their chains (NUTS) or replacements (nested sampling) in
    /// parallel, and parallel passes inside them only add scheduling overhead (measured by
    /// `examples/bayes_speed.rs`). A model that does not evaluate to finite numbers gives NaN,
    /// which NUTS treats as a divergence.
    fn likelihood_and_gradient<const N: usize>(
        &self,
        x: &[f64],
        extra: &[f64],
        dxdz: &[f64],
        grad: &mut [f64],
    ) -> Result<Evaluated>
    where
        M: Differentiable<N>,
    {
        let table = self.partition.table_at(x)?;
        let data = &self.likelihood.data;
        let values = data.differences(table.model())?;
        let at = self.likelihood.evaluate(&values, extra, true);
        let model_grad = if x.len() <= FEW_LANES {
            value_and_gradient_lanes::<FEW_LANES, _>(&table, &Filter::Free, |m| {
                let d = (data.differences(m)).unwrap_or_else(|_| vec![Grad4::from(f64::NAN)]);
                self.likelihood.model_part(&d, &at)
            })
        } else {
            value_and_gradient_lanes::<LANES, _>(&table, &Filter::Free, |m| {
                let d = (data.differences(m)).unwrap_or_else(|_| vec![Grad::from(f64::NAN)]);
                self.likelihood.model_part(&d, &at)
            })
        };
        let model_grad = match model_grad {
            Ok((_, g)) => g,
            Err(Error::NonFiniteResult(_)) => vec![f64::NAN; x.len()],
            Err(e) => return Err(e),
        };
        for (k, g) in model_grad.iter().enumerate() {
            grad[k] += g * dxdz[k];
        }
        Ok(at)
    }

    /// The maximum a posteriori point (on the unconstrained space NUTS samples, so the
    /// Jacobian of the bound transforms is included, as Stan's optimiser does) by projected
    /// L-BFGS with the exact gradient, started at the table's values, and the Laplace
    /// approximation there: the covariance of the physical coordinates from the inverse
    /// Hessian of `-ln p(z)` (central differences of the exact gradient), mapped by the
    /// transforms' slopes. `None` covariance if the Hessian is not positive definite.
    ///
    /// # Errors
    /// Errors of the optimiser or of the likelihood.
    pub fn map<const N: usize>(&self, options: Options<'_>) -> Result<Map>
    where
        M: Differentiable<N>,
    {
        let dim = self.dim();
        let z0 = self.start()?;
        let report = optim::lbfgsb(
            |z, g| {
                let v = self.log_density::<N>(z, g)?;
                g.iter_mut().for_each(|x| *x = -*x);
                Ok(-v)
            },
            &z0,
            &Bounds::unbounded(dim),
            options,
        )?;
        let z = &report.x;
        let mut hessian = Array2::zeros((dim, dim));
        let (mut up, mut down) = (vec![0.0; dim], vec![0.0; dim]);
        for j in 0..dim {
            let h = 1e-5 * (1.0 + z[j].abs());
            let mut zz = z.clone();
            zz[j] = z[j] + h;
            self.log_density::<N>(&zz, &mut up)?;
            zz[j] = z[j] - h;
            self.log_density::<N>(&zz, &mut down)?;
            for i in 0..dim {
                hessian[[i, j]] = -(up[i] - down[i]) / (2.0 * h);
            }
        }
        let hessian = (&hessian + &hessian.t()) * 0.5;
        let slopes: Vec<f64> = (self.coordinates.iter().zip(z))
            .map(|(c, &zk)| c.transform.forward(zk).1)
            .collect();
        let covariance = symmetric_inverse(&hessian)
            .map(|c| Array2::from_shape_fn((dim, dim), |(i, k)| c[[i, k]] * slopes[i] * slopes[k]));
        Ok(Map {
            names: self.names(),
            values: (self.coordinates.iter().zip(z))
                .map(|(c, &zk)| c.transform.forward(zk).0)
                .collect(),
            covariance,
            report,
        })
    }

    /// The unconstrained start: the table's values, and the medians of the priors of the
    /// likelihood's coordinates (`sigma`, the discrepancy's).
    fn start(&self) -> Result<Vec<f64>> {
        let mut start: Vec<f64> = (self.partition.selected().iter().zip(&self.coordinates))
            .map(|(x, c)| c.transform.inverse(*x))
            .collect();
        for c in &self.coordinates[self.partition.len()..] {
            // The noise and discrepancy coordinates, which always have their own priors.
            if let Some(prior) = &c.prior {
                let median = prior.quantile_within(c.bounds.0, c.bounds.1, 0.5)?;
                start.push(c.transform.inverse(median));
            }
        }
        Ok(start)
    }

    /// The physical coordinates of the unit-hypercube point `u` (each prior's inverse CDF
    /// within its bounds; a joint prior's `mean + L Phi^-1(u)`, not truncated).
    fn unit_to_values(&self, u: &[f64], x: &mut [f64]) {
        for ((c, &uk), xk) in self.coordinates.iter().zip(u).zip(x.iter_mut()) {
            if let Some(prior) = &c.prior {
                *xk = (prior.quantile_within(c.bounds.0, c.bounds.1, uk)).unwrap_or(f64::NAN);
            }
        }
        for (joint, at) in &self.joints {
            let v = joint.from_unit(&at.iter().map(|&k| u[k]).collect::<Vec<_>>());
            for (&k, v) in at.iter().zip(v) {
                x[k] = v;
            }
        }
    }

    /// Whether a joint prior put a coordinate of `x` outside its bounds (zero likelihood
    /// for nested sampling).
    fn outside_joint_bounds(&self, x: &[f64]) -> bool {
        (self.joints.iter().flat_map(|(_, at)| at)).any(|&k| {
            let (lo, hi) = self.coordinates[k].bounds;
            !(lo..=hi).contains(&x[k])
        })
    }

    /// Samples by NUTS on the unconstrained space, chains started near the table's values
    /// (feature `nuts`).
    ///
    /// # Errors
    /// Errors of the sampler or of the likelihood (see [`sample::nuts`]).
    #[cfg(feature = "nuts")]
    pub fn nuts<const N: usize>(&self, settings: &NutsSettings) -> Result<Samples<M>>
    where
        M: Differentiable<N>,
    {
        let out = sample::nuts(
            self.dim(),
            |z, g| self.log_density::<N>(z, g),
            &self.nuts_settings(settings)?,
            |_| ControlFlow::Continue(()),
        )?;
        self.nuts_samples(&out)
    }

    /// The settings [`Posterior::nuts`] runs: a uniform start becomes the table's values.
    #[cfg(feature = "nuts")]
    pub(crate) fn nuts_settings(&self, settings: &NutsSettings) -> Result<NutsSettings> {
        let mut settings = settings.clone();
        if matches!(settings.init, sample::Init::Uniform(_)) {
            // Start every chain at the table's values (and the noise prior's median), jittered
            // by the sampler's own first steps.
            settings.init = sample::Init::Point(self.start()?);
        }
        Ok(settings)
    }

    /// The physical samples of a NUTS run on the unconstrained space, with their diagnostics.
    #[cfg(feature = "nuts")]
    pub(crate) fn nuts_samples(&self, out: &NutsOutput) -> Result<Samples<M>> {
        let z = out.flat_draws();
        let x = Array2::from_shape_fn(z.dim(), |(i, k)| {
            self.coordinates[k].transform.forward(z[[i, k]]).0
        });
        // The diagnostics of the physical draws: the rank-normalised statistics do not change
        // under the monotone transforms, but the folded R-hat (`|x - median|`) does.
        let (chains, draws, dim) = out.draws.dim();
        let physical = x
            .to_shape((chains, draws, dim))
            .map_err(|e| Error::Shape(e.to_string()))?;
        let diagnostics = Diagnostics::of(physical.view());
        let run = Run {
            elapsed: out.elapsed,
            evaluations: out.n_gradients,
            divergences: out.divergences(),
            converged: true,
        };
        Samples::new(self, x, None, None, Some(diagnostics), run)
    }

    /// Samples by nested sampling on the unit hypercube, with the log-evidence.
    ///
    /// # Errors
    /// Errors of the sampler or of the likelihood (see [`sample::nested`]).
    pub fn nested<const N: usize>(&self, settings: &NestedSettings) -> Result<Samples<M>>
    where
        M: Component<N>,
    {
        self.nested_on::<_, N>(&sample::nested::Threads, settings)
    }

    /// [`Posterior::nested`] with the likelihood calls made by `workers`.
    pub(crate) fn nested_on<W, const N: usize>(
        &self,
        workers: &W,
        settings: &NestedSettings,
    ) -> Result<Samples<M>>
    where
        W: sample::nested::Workers + ?Sized,
        M: Component<N>,
    {
        let out = sample::nested::nested_on(
            workers,
            self.dim(),
            |x| {
                if self.outside_joint_bounds(x) {
                    Ok(f64::NEG_INFINITY)
                } else {
                    self.log_likelihood::<N>(x)
                }
            },
            |u, x| self.unit_to_values(u, x),
            settings,
            |_| ControlFlow::Continue(()),
        )?;
        let run = Run {
            elapsed: out.elapsed,
            evaluations: out.n_calls,
            divergences: 0,
            converged: out.converged,
        };
        Samples::new(
            self,
            out.points,
            Some(out.log_weights),
            Some((out.log_z, out.log_z_err)),
            None,
            run,
        )
    }
}

/// The maximum a posteriori point and the Laplace approximation around it
/// ([`Posterior::map`]).
#[derive(Clone, Debug)]
pub struct Map {
    /// The coordinates' names ([`Posterior::names`]).
    pub names: Vec<String>,
    /// The MAP values, physical units.
    pub values: Vec<f64>,
    /// The Laplace covariance of the physical coordinates; `None` if the Hessian at the MAP
    /// is not positive definite.
    pub covariance: Option<Array2<f64>>,
    /// What the optimiser reports.
    pub report: Report,
}

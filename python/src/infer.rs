//! Bayesian inference from Python: the [`PyPosterior`] of a `Model`'s free parameters given a
//! measured `Network`, sampled by NUTS ([`nuts`]) or nested sampling ([`nested`]) into
//! [`PySamples`].
//!
//! The density is pmrf's `Posterior` over a [`DynModel`]: every free parameter has its prior
//! (truncated to its bounds) or, without one, a uniform prior between finite bounds; the
//! likelihood takes each real difference `model - data` of the compared features (inside the
//! band) as independent Gaussian (or Student's t) noise of level `sigma`, fixed or inferred
//! with ParamRF's default prior `uniform(1e-6, 0.1)`. NUTS samples the unconstrained space of
//! pmrf's bijections (logit between two finite bounds, log beyond one), the log-Jacobians
//! included; its gradient is exact, from the model's S Jacobian ([`DynModel::s_jacobian`])
//! pushed through the features (fit's [`Problem`]).

use std::ops::ControlFlow;
use std::sync::Arc;

use numpy::ndarray::{Array1, Array2, Array3, Axis, s};
use numpy::{PyArray1, PyArray2, PyArray3, PyReadonlyArray1, ToPyArray};
use pmrf::infer::Noise;
use pmrf::infer::sample::{
    Diagnostics, MassMatrix, NestedSettings, NutsSettings, Summary, nested as run_nested,
    nuts as run_nuts,
};
use pmrf::params::Prior;
use pmrf::{Dual64, Error, Network};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::IntoPy;
use crate::fit::problem::{Problem, Term};
use crate::fit::{network, terms};
use crate::model::{DynModel, ParamRow, PyModel};
use crate::watch::{Progress, Watch};
use pmrf::fit::Loss;
use pmrf::infer::Bijection;
use pmrf::special::ln_gamma;

/// One coordinate of the posterior: its prior, bounds and transform.
#[derive(Clone, Debug)]
struct Coordinate {
    prior: Prior,
    bounds: (f64, f64),
    transform: Bijection,
}

/// A prior as the parameter table writes it (`"normal(2e-12, 1e-13)"`), read back: Rust
/// prints floats in their shortest round-trip form, so nothing is lost.
fn parse_prior(text: &str) -> pmrf::Result<Prior> {
    let bad = || Error::InvalidPrior(format!("cannot read the prior `{text}`"));
    let (kind, rest) = text.split_once('(').ok_or_else(bad)?;
    let inner = rest.strip_suffix(')').ok_or_else(bad)?;
    let args = (inner.split(','))
        .map(|a| a.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<pmrf::Result<Vec<_>>>()?;
    crate::model::prior(kind.trim(), &args)
}

/// The distribution a free parameter is sampled from: pmrf's `ParamMeta::sampling_prior`
/// (its prior, or uniform between finite bounds), with probability within its bounds.
fn sampling_prior(row: &ParamRow) -> pmrf::Result<Prior> {
    let (lo, hi) = row.bounds;
    let prior = match &row.prior {
        Some(text) => parse_prior(text)?,
        None if lo.is_finite() && hi.is_finite() => Prior::uniform(lo, hi)?,
        None => {
            return Err(Error::NotSampleable {
                name: row.name.clone(),
            });
        }
    };
    let mass = prior.mass_within(lo, hi);
    if mass.is_nan() || mass <= 0.0 {
        return Err(Error::InvalidPrior(format!(
            "`{}`: {prior} has no probability within the bounds [{lo:e}, {hi:e}]",
            row.name
        )));
    }
    Ok(prior)
}

/// The posterior density over a `DynModel` (no Python inside: used with the GIL released).
struct Density {
    /// The residuals `model - data` (term scales set to 1 inside the band, 0 outside) and
    /// their Jacobian by the SI free values (`Problem::scale` all 1).
    problem: Problem,
    /// The number of real differences compared (inside the band).
    count: usize,
    /// The free parameters, then `sigma` if inferred.
    coordinates: Vec<Coordinate>,
    /// The names of the coordinates.
    names: Vec<String>,
    /// Unit and display scale of each coordinate, for summaries.
    units: Vec<String>,
    scales: Vec<f64>,
    /// A known noise level (`None`: inferred, the last coordinate).
    sigma: Option<f64>,
    /// Student's t degrees of freedom (`None`: Gaussian).
    nu: Option<f64>,
}

impl Density {
    fn new(
        model: Arc<dyn DynModel>,
        data: &Network,
        features: &[(String, f64)],
        band: Option<(f64, f64)>,
        sigma: Option<f64>,
        nu: Option<f64>,
    ) -> pmrf::Result<Self> {
        if data.nports() != model.nports() {
            return Err(Error::Shape(format!(
                "the data `{}` has {} ports, the model {}",
                data.name(),
                data.nports(),
                model.nports()
            )));
        }
        let rows = model.params();
        let free: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].free).collect();
        if free.is_empty() {
            return Err(Error::NoFreeParameter);
        }
        let mut coordinates = Vec::new();
        let (mut names, mut units, mut scales) = (Vec::new(), Vec::new(), Vec::new());
        for &i in &free {
            let r = &rows[i];
            coordinates.push(Coordinate {
                prior: sampling_prior(r)?,
                bounds: r.bounds,
                transform: Bijection::of(r.bounds.0, r.bounds.1),
            });
            names.push(r.name.clone());
            units.push(r.unit.clone());
            let s = r.scale.abs();
            scales.push(if s.is_finite() && s > 0.0 { s } else { 1.0 });
        }
        match sigma {
            Some(s) if !(s.is_finite() && s > 0.0) => {
                return Err(Error::Sampling(format!(
                    "the noise level sigma = {s} must be finite and positive (or None to \
                     infer it)"
                )));
            }
            Some(_) => {}
            None => {
                let Noise::Inferred(prior) = Noise::default() else {
                    unreachable!("pmrf's default noise is inferred")
                };
                let (lo, hi) = match prior {
                    Prior::Uniform { low, high, .. } => (low.max(0.0), high),
                    _ => (0.0, f64::INFINITY),
                };
                coordinates.push(Coordinate {
                    prior,
                    bounds: (lo, hi),
                    transform: Bijection::of(lo, hi),
                });
                names.push("sigma".into());
                units.push(String::new());
                scales.push(1.0);
            }
        }
        if let Some(nu) = nu
            && !(nu.is_finite() && nu > 0.0)
        {
            return Err(Error::Sampling(format!(
                "Student's t needs nu > 0 degrees of freedom, got nu = {nu}"
            )));
        }
        let mut terms = (features.iter())
            .map(|(name, w)| Term::new(name, *w, data, band))
            .collect::<pmrf::Result<Vec<_>>>()?;
        // The likelihood compares the plain differences: every kept value weighs 1.
        let count = terms.iter_mut().map(Term::unweighted).sum();
        let n = free.len();
        let problem = Problem::new(
            model,
            data.frequency().clone(),
            terms,
            free,
            vec![1.0; n],
            Loss::Mse,
            Vec::new(),
            vec![None; n],
        )?;
        Ok(Density {
            problem,
            count,
            coordinates,
            names,
            units,
            scales,
            sigma,
            nu,
        })
    }

    fn dim(&self) -> usize {
        self.coordinates.len()
    }

    fn nfree(&self) -> usize {
        self.problem.free().len()
    }

    /// The noise level at the physical coordinates `x`.
    fn sigma_at(&self, x: &[f64]) -> f64 {
        self.sigma.unwrap_or_else(|| x[self.nfree()])
    }

    /// `ln L` of the differences `d` at noise level `sigma`, and `d ln L / d sigma`
    /// (pmrf's `Likelihood`).
    fn of(&self, d: &[f64], sigma: f64) -> (f64, f64) {
        let n = self.count as f64;
        match self.nu {
            None => {
                let ss: f64 = d.iter().map(|x| x * x).sum();
                let s2 = sigma * sigma;
                let value = -0.5 * ss / s2 - n * sigma.ln() - 0.5 * n * std::f64::consts::TAU.ln();
                (value, ss / (s2 * sigma) - n / sigma)
            }
            Some(nu) => {
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

    /// `d ln L / d d_i` at the difference `d_i` (the model part, `sigma` fixed).
    fn slope(&self, d: f64, sigma: f64) -> f64 {
        match self.nu {
            None => -d / (sigma * sigma),
            Some(nu) => {
                let t = d * d / (nu * sigma * sigma);
                -(nu + 1.0) * d / (nu * sigma * sigma * (1.0 + t))
            }
        }
    }

    /// `ln L` at the physical coordinates `x` (free parameters SI, then `sigma` if inferred).
    /// A model that does not evaluate to finite numbers gives NaN.
    fn log_likelihood(&self, x: &[f64]) -> pmrf::Result<f64> {
        let p = &self.problem;
        let model = p.model_at(&x[..self.nfree()])?;
        let s = match model.s(p.freq()) {
            Ok(s) => s,
            Err(Error::NonFiniteResult(_)) => return Ok(f64::NAN),
            Err(e) => return Err(e),
        };
        let mut d = vec![0.0; p.objective_rows()];
        p.residuals(&s, &mut d)?;
        Ok(self.of(&d, self.sigma_at(x)).0)
    }

    /// The log posterior density on the unconstrained space at `z` (`ln L + ln prior +
    /// ln |dx/dz|`, priors not normalised to their bounds: pmrf's `Posterior::log_density`),
    /// with its exact gradient written into `grad`. A model that does not evaluate to finite
    /// numbers gives NaN (a divergence for NUTS).
    fn log_density(&self, z: &[f64], grad: &mut [f64]) -> pmrf::Result<f64> {
        let n = self.nfree();
        let mut x = vec![0.0; z.len()];
        let mut dxdz = vec![0.0; z.len()];
        let mut total = 0.0;
        for (k, c) in self.coordinates.iter().enumerate() {
            let (xk, dx, log_j, dlog_j) = c.transform.forward(z[k]);
            x[k] = xk;
            dxdz[k] = dx;
            let p = c.prior.ln_pdf(Dual64::from(xk).derivative());
            total += p.re + log_j;
            grad[k] = p.eps * dx + dlog_j;
        }
        let p = &self.problem;
        let model = p.model_at(&x[..n])?;
        let (s, ds) = match model.s_jacobian(p.freq()) {
            Ok(v) => v,
            Err(Error::NonFiniteResult(_)) => {
                grad.iter_mut().for_each(|g| *g = f64::NAN);
                return Ok(f64::NAN);
            }
            Err(e) => return Err(e),
        };
        let mut d = vec![0.0; p.objective_rows()];
        p.residuals(&s, &mut d)?;
        let mut j = Array2::zeros((p.objective_rows(), n));
        p.jacobian(&s, &ds, j.view_mut())?;
        let sigma = self.sigma_at(&x);
        let (value, dsigma) = self.of(&d, sigma);
        total += value;
        for (d, row) in d.iter().zip(j.rows()) {
            if *d == 0.0 {
                continue;
            }
            let slope = self.slope(*d, sigma);
            for k in 0..n {
                grad[k] += slope * row[k] * dxdz[k];
            }
        }
        if self.sigma.is_none() {
            grad[n] += dsigma * dxdz[n];
        }
        Ok(total)
    }

    /// The unconstrained start: the model's values, and the noise prior's median.
    fn start(&self) -> pmrf::Result<Vec<f64>> {
        let p = &self.problem;
        let mut z: Vec<f64> = (p.free().iter().zip(&self.coordinates))
            .map(|(&i, c)| c.transform.inverse(p.values()[i]))
            .collect();
        for c in &self.coordinates[p.free().len()..] {
            let median = c.prior.quantile_within(c.bounds.0, c.bounds.1, 0.5)?;
            z.push(c.transform.inverse(median));
        }
        Ok(z)
    }

    /// The physical coordinates of the unconstrained `z`.
    fn physical(&self, z: &[f64]) -> Vec<f64> {
        (self.coordinates.iter().zip(z))
            .map(|(c, &z)| c.transform.forward(z).0)
            .collect()
    }

    /// The physical coordinates of the unit-hypercube point `u` (each prior's inverse CDF
    /// within its bounds).
    fn unit_to_values(&self, u: &[f64], x: &mut [f64]) {
        for ((c, &uk), xk) in self.coordinates.iter().zip(u).zip(x.iter_mut()) {
            *xk = (c.prior.quantile_within(c.bounds.0, c.bounds.1, uk)).unwrap_or(f64::NAN);
        }
    }
}

/// The posterior of a model's free parameters given measured data: the density NUTS and
/// nested sampling see (pmrf's `Posterior`).
///
/// `Posterior(model, data, features="s", *, sigma=None, nu=None, band=None)`: `data` is a
/// `Network` or ``skrf.Network`` with the model's ports; `features` a feature name or list
/// (as for `fit`); `sigma` the known noise level of every real difference `model - data`, or
/// None to infer it (prior ``uniform(1e-6, 0.1)``, ParamRF's); `nu` Student's t degrees of
/// freedom instead of Gaussian noise; `band` `(f_start, f_stop)` in Hz. Every free parameter
/// needs a prior (`Model.with_prior`) or finite bounds (then uniform between them).
///
/// The coordinates (`names`) are the free parameters (SI) and then `sigma` if inferred.
/// `log_density(z)` is on the unconstrained space NUTS samples: a coordinate between two
/// finite bounds is `x = lo + (hi - lo) sigmoid(z)`, above a lower bound `lo + exp(z)`, below
/// an upper one `hi - exp(z)`; the log-Jacobians are included, the priors are not normalised
/// to their bounds (a constant).
#[pyclass(module = "pmrf_rs", name = "Posterior", frozen)]
pub struct PyPosterior {
    density: Arc<Density>,
    model: Arc<dyn DynModel>,
}

impl PyPosterior {
    fn check(&self, what: &str, v: &[f64]) -> PyResult<()> {
        if v.len() != self.density.dim() {
            return Err(crate::PmrfError::new_err(format!(
                "{what} has {} values; the posterior has {} coordinates ({})",
                v.len(),
                self.density.dim(),
                self.density.names.join(", ")
            )));
        }
        Ok(())
    }
}

#[pymethods]
impl PyPosterior {
    #[new]
    #[pyo3(signature = (model, data, features = None, *, sigma = None, nu = None, band = None))]
    fn new(
        py: Python<'_>,
        model: &PyModel,
        data: &Bound<'_, PyAny>,
        features: Option<&Bound<'_, PyAny>>,
        sigma: Option<f64>,
        nu: Option<f64>,
        band: Option<(f64, f64)>,
    ) -> PyResult<Self> {
        let features = match features {
            Some(f) => terms(f, None)?,
            None => terms(&"s".into_pyobject(py)?.into_any(), None)?,
        };
        let data = network(data)?;
        let density = Density::new(model.inner.clone(), &data, &features, band, sigma, nu);
        Ok(PyPosterior {
            density: Arc::new(density.py_err()?),
            model: model.inner.clone(),
        })
    }

    /// The coordinates' names: the free parameters, then `"sigma"` if inferred.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.density.names.clone()
    }

    /// The number of coordinates.
    #[getter]
    fn dim(&self) -> usize {
        self.density.dim()
    }

    /// The number of real differences `model - data` the likelihood compares.
    #[getter]
    fn count(&self) -> usize {
        self.density.count
    }

    /// The log posterior density at the unconstrained point `z` and its exact gradient:
    /// `(float, float64 array)`.
    fn log_density<'py>(
        &self,
        py: Python<'py>,
        z: PyReadonlyArray1<'_, f64>,
    ) -> PyResult<(f64, Bound<'py, PyArray1<f64>>)> {
        let z = z.as_array().to_vec();
        self.check("z", &z)?;
        let mut grad = vec![0.0; z.len()];
        let d = &self.density;
        let value = py.detach(|| d.log_density(&z, &mut grad)).py_err()?;
        Ok((value, PyArray1::from_vec(py, grad)))
    }

    /// The log-likelihood `ln L` (normalised) at the physical coordinates `x` (SI).
    fn log_likelihood(&self, py: Python<'_>, x: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
        let x = x.as_array().to_vec();
        self.check("x", &x)?;
        let d = &self.density;
        py.detach(|| d.log_likelihood(&x)).py_err()
    }

    /// The physical coordinates (SI) of the unconstrained point `z`.
    fn to_physical<'py>(
        &self,
        py: Python<'py>,
        z: PyReadonlyArray1<'_, f64>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let z = z.as_array().to_vec();
        self.check("z", &z)?;
        Ok(PyArray1::from_vec(py, self.density.physical(&z)))
    }

    /// The unconstrained point of the physical coordinates `x` (SI; clamped just inside
    /// the bounds).
    fn to_unconstrained<'py>(
        &self,
        py: Python<'py>,
        x: PyReadonlyArray1<'_, f64>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let x = x.as_array().to_vec();
        self.check("x", &x)?;
        let z = (self.density.coordinates.iter().zip(&x))
            .map(|(c, &x)| c.transform.inverse(x))
            .collect();
        Ok(PyArray1::from_vec(py, z))
    }

    /// Samples by NUTS: see `pmrf_rs.nuts`.
    #[pyo3(signature = (*, draws = 1000, tune = 1000, chains = 4, seed = 0,
                        mass_matrix = "diagonal", target_accept = 0.8, max_depth = 10,
                        progress = Progress::Hidden))]
    #[allow(clippy::too_many_arguments)]
    fn nuts(
        &self,
        py: Python<'_>,
        draws: usize,
        tune: usize,
        chains: usize,
        seed: u64,
        mass_matrix: &str,
        target_accept: f64,
        max_depth: u64,
        progress: Progress,
    ) -> PyResult<PySamples> {
        let mass_matrix = match mass_matrix {
            "diagonal" => MassMatrix::Diagonal,
            "low_rank" => MassMatrix::low_rank(),
            "dense" => MassMatrix::dense(),
            other => {
                return Err(crate::PmrfError::new_err(format!(
                    "unknown mass_matrix `{other}`: use \"diagonal\", \"low_rank\" or \"dense\""
                )));
            }
        };
        if !(target_accept > 0.0 && target_accept < 1.0) {
            return Err(crate::PmrfError::new_err(format!(
                "target_accept = {target_accept} must lie in (0, 1)"
            )));
        }
        let d = &self.density;
        let mut settings = NutsSettings {
            chains,
            draws,
            tune,
            seed,
            max_depth,
            target_accept,
            mass_matrix,
            ..NutsSettings::default()
        };
        let watch = Watch::new("nuts", progress);
        let out = py.detach(|| {
            // Every chain starts at the model's values (and the noise prior's median).
            settings.init = pmrf::infer::sample::Init::Point(d.start()?);
            let total = chains.saturating_mul(tune + draws);
            let mut done = 0;
            run_nuts(
                d.dim(),
                |z, g| d.log_density(z, g),
                &settings,
                |_| {
                    done += 1;
                    if watch.tick(done, total) {
                        ControlFlow::Continue(())
                    } else {
                        ControlFlow::Break(())
                    }
                },
            )
        });
        watch.finish(py)?;
        let out = out.py_err()?;
        // Physical draws; the diagnostics of those (the folded R-hat changes under the
        // transforms), as pmrf's `Posterior::nuts`.
        let (c, n, dim) = out.draws.dim();
        let mut x = Array3::zeros((c, n, dim));
        for ((a, b, k), v) in x.indexed_iter_mut() {
            *v = d.coordinates[k].transform.forward(out.draws[[a, b, k]]).0;
        }
        let diagnostics = Diagnostics::of(x.view());
        Ok(PySamples {
            kind: Kind::Nuts {
                diverging: out.stats.diverging.clone(),
                diagnostics,
            },
            density: self.density.clone(),
            model: self.model.clone(),
            draws: x,
            evaluations: out.n_gradients,
            seconds: out.elapsed.as_secs_f64(),
        })
    }

    /// Samples by nested sampling: see `pmrf_rs.nested`.
    #[pyo3(signature = (*, n_live = None, n_repeats = None, dlogz = 0.01, batch = 8, seed = 0,
                        max_calls = None, progress = Progress::Hidden))]
    #[allow(clippy::too_many_arguments)]
    fn nested(
        &self,
        py: Python<'_>,
        n_live: Option<usize>,
        n_repeats: Option<usize>,
        dlogz: f64,
        batch: usize,
        seed: u64,
        max_calls: Option<u64>,
        progress: Progress,
    ) -> PyResult<PySamples> {
        let settings = NestedSettings {
            n_live,
            n_repeats,
            dlogz,
            batch,
            seed,
            max_calls: max_calls.unwrap_or(u64::MAX),
        };
        let d = &self.density;
        let watch = Watch::new("nested", progress);
        let out = py.detach(|| {
            run_nested(
                d.dim(),
                |x| d.log_likelihood(x),
                |u, x| d.unit_to_values(u, x),
                &settings,
                |p| {
                    // No total is known in advance: the dead points so far, of as many.
                    if watch.tick(p.n_dead, p.n_dead) {
                        ControlFlow::Continue(())
                    } else {
                        ControlFlow::Break(())
                    }
                },
            )
        });
        watch.finish(py)?;
        let out = out.py_err()?;
        // Equally weighted draws: systematic resampling to Kish's effective sample size.
        let n = (out.ess().round() as usize).max(1);
        let resampled = out.resample(n, seed);
        let draws = resampled.insert_axis(Axis(0)).to_owned();
        let (evaluations, seconds) = (out.n_calls, out.elapsed.as_secs_f64());
        Ok(PySamples {
            kind: Kind::Nested {
                points: out.points,
                log_weights: out.log_weights,
                log_z: out.log_z,
                log_z_err: out.log_z_err,
                converged: out.converged,
            },
            density: self.density.clone(),
            model: self.model.clone(),
            draws,
            evaluations,
            seconds,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Posterior({} coordinates: {}; {} compared values)",
            self.density.dim(),
            self.density.names.join(", "),
            self.density.count
        )
    }
}

/// What produced the draws.
enum Kind {
    /// NUTS: per-draw divergences and the chains' diagnostics.
    Nuts {
        diverging: Array2<bool>,
        diagnostics: Diagnostics,
    },
    /// Nested sampling: the weighted points and the evidence.
    Nested {
        points: Array2<f64>,
        log_weights: Array1<f64>,
        log_z: f64,
        log_z_err: f64,
        converged: bool,
    },
}

/// Posterior draws of a model's free parameters (from `nuts` or `nested`), in SI units.
///
/// `draws` is `(chains, draws, nparams)` over `names` (the free parameters); `sigma` holds the
/// inferred noise level's draws. Nested sampling gives one "chain" of equally weighted draws
/// (systematically resampled to the effective sample size); its weighted points are
/// `points` / `log_weights`, its evidence `log_evidence` +- `log_evidence_error`.
#[pyclass(module = "pmrf_rs", name = "Samples", frozen)]
pub struct PySamples {
    kind: Kind,
    density: Arc<Density>,
    model: Arc<dyn DynModel>,
    /// Every coordinate, `(chains, draws, dim)`.
    draws: Array3<f64>,
    /// Density evaluations of the run (NUTS: gradients, tuning included; nested sampling:
    /// likelihood calls) and its wall-clock seconds.
    evaluations: u64,
    seconds: f64,
}

impl PySamples {
    /// The model at the free values `x` (SI).
    fn model_at(&self, x: &[f64]) -> PyResult<PyModel> {
        let p = &self.density.problem;
        let mut values = p.values().to_vec();
        for (&i, v) in p.free().iter().zip(x) {
            values[i] = *v;
        }
        Ok(PyModel::new(self.model.with_values(&values).py_err()?))
    }

    fn nfree(&self) -> usize {
        self.density.nfree()
    }
}

#[pymethods]
impl PySamples {
    /// `"nuts"` or `"nested"`.
    #[getter]
    fn sampler(&self) -> &'static str {
        match self.kind {
            Kind::Nuts { .. } => "nuts",
            Kind::Nested { .. } => "nested",
        }
    }

    /// The names of the free parameters: the last axis of `draws`.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.density.names[..self.nfree()].to_vec()
    }

    /// The draws of the free parameters (SI), float64 `(chains, draws, nparams)`.
    #[getter]
    fn draws<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray3<f64>> {
        self.draws.slice(s![.., .., ..self.nfree()]).to_pyarray(py)
    }

    /// The draws of the inferred noise level, `(chains, draws)`; None if `sigma` was given.
    #[getter]
    fn sigma<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<f64>>> {
        let n = self.nfree();
        (self.density.sigma.is_none()).then(|| self.draws.slice(s![.., .., n]).to_pyarray(py))
    }

    /// Density evaluations of the run: gradients for NUTS (tuning included), likelihood
    /// calls for nested sampling.
    #[getter]
    fn evaluations(&self) -> u64 {
        self.evaluations
    }

    /// Wall-clock seconds of the run.
    #[getter]
    fn seconds(&self) -> f64 {
        self.seconds
    }

    /// Divergent transitions after tuning (NUTS; 0 for nested sampling).
    #[getter]
    fn divergences(&self) -> usize {
        match &self.kind {
            Kind::Nuts { diverging, .. } => diverging.iter().filter(|d| **d).count(),
            Kind::Nested { .. } => 0,
        }
    }

    /// Whether each draw's trajectory diverged, bool `(chains, draws)` (NUTS; None otherwise).
    #[getter]
    fn diverging<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<bool>>> {
        match &self.kind {
            Kind::Nuts { diverging, .. } => Some(diverging.to_pyarray(py)),
            Kind::Nested { .. } => None,
        }
    }

    /// The log-evidence `ln Z` (nested sampling; None for NUTS).
    #[getter]
    fn log_evidence(&self) -> Option<f64> {
        match self.kind {
            Kind::Nested { log_z, .. } => Some(log_z),
            Kind::Nuts { .. } => None,
        }
    }

    /// The statistical error of `log_evidence` (infinite if the run stopped on `max_calls`).
    #[getter]
    fn log_evidence_error(&self) -> Option<f64> {
        match self.kind {
            Kind::Nested { log_z_err, .. } => Some(log_z_err),
            Kind::Nuts { .. } => None,
        }
    }

    /// Whether nested sampling stopped on `dlogz` (False: on `max_calls`); True for NUTS.
    #[getter]
    fn converged(&self) -> bool {
        match self.kind {
            Kind::Nested { converged, .. } => converged,
            Kind::Nuts { .. } => true,
        }
    }

    /// Nested sampling's weighted points, `(n, nparams)` (SI, free parameters; None for NUTS).
    #[getter]
    fn points<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<f64>>> {
        match &self.kind {
            Kind::Nested { points, .. } => {
                Some(points.slice(s![.., ..self.nfree()]).to_pyarray(py))
            }
            Kind::Nuts { .. } => None,
        }
    }

    /// The normalised log-weights of `points` (`logsumexp = 0`; None for NUTS).
    #[getter]
    fn log_weights<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        match &self.kind {
            Kind::Nested { log_weights, .. } => Some(log_weights.to_pyarray(py)),
            Kind::Nuts { .. } => None,
        }
    }

    /// Mean, standard deviation and quantiles (5, 25, 50, 75, 95 %) of every coordinate (the
    /// free parameters, then `sigma` if inferred), with R-hat and bulk ESS for NUTS (Kish's
    /// ESS for nested sampling's weighted points): pmrf's `Summary`.
    fn summary(&self) -> PyResult<PySummary> {
        let d = &self.density;
        let summary = match &self.kind {
            Kind::Nuts { diagnostics, .. } => {
                let (c, n, dim) = self.draws.dim();
                let flat = (self.draws.to_shape((c * n, dim)))
                    .map_err(|e| crate::PmrfError::new_err(e.to_string()))?;
                Summary::of(flat.view(), None, &Summary::PROBS)
                    .and_then(|s| s.with_diagnostics(diagnostics))
            }
            Kind::Nested {
                points,
                log_weights,
                ..
            } => Summary::of(points.view(), Some(log_weights.view()), &Summary::PROBS),
        };
        let summary = summary
            .and_then(|s| s.with_labels(d.names.clone(), d.units.clone(), d.scales.clone()))
            .py_err()?;
        Ok(PySummary { inner: summary })
    }

    /// The model at draw `i` of the flattened draws (chain after chain; negative counts from
    /// the end).
    fn model(&self, i: isize) -> PyResult<PyModel> {
        let (c, n, _) = self.draws.dim();
        let total = (c * n) as isize;
        let k = if i < 0 { i + total } else { i };
        if !(0..total).contains(&k) {
            return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                "draw {i} out of range: there are {total} draws ({c} chains of {n})"
            )));
        }
        let k = k as usize;
        let x = self.draws.slice(s![k / n, k % n, ..self.nfree()]).to_vec();
        self.model_at(&x)
    }

    /// The model at the posterior median of every free parameter (marginal medians).
    fn median_model(&self) -> PyResult<PyModel> {
        let s = self.summary()?.inner;
        let at = (s.probs.iter().position(|p| *p == 0.5)).unwrap_or(2);
        let x: Vec<f64> = (0..self.nfree()).map(|k| s.quantiles[[k, at]]).collect();
        self.model_at(&x)
    }

    /// An ``arviz.InferenceData``: group `posterior` (dims chain, draw; one variable per
    /// name, and `sigma` if inferred) and `sample_stats` (`diverging`, NUTS). Needs ArviZ
    /// (ImportError otherwise).
    fn to_arviz<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let module = slf.py().import("pmrf_rs.arviz")?;
        module.call_method1("to_arviz", (slf,))
    }

    fn __repr__(&self) -> PyResult<String> {
        let (c, n, _) = self.draws.dim();
        let head = match self.kind {
            Kind::Nuts { .. } => format!(
                "Samples(nuts, {c} chains x {n} draws, {} divergences)",
                self.divergences()
            ),
            Kind::Nested {
                log_z, log_z_err, ..
            } => format!("Samples(nested, {n} draws, ln Z = {log_z:.4} +- {log_z_err:.4})"),
        };
        Ok(format!("{head}\n{}", self.summary()?.inner))
    }
}

/// Posterior statistics per coordinate (pmrf's `Summary`): `names`, `mean`, `sd`, `probs`,
/// `quantiles` `(ncoords, nprobs)`, `r_hat` and `ess_bulk` (None where unknown). Printed, a
/// table in display units; `summary["stages[0].c"]` is a dict of one coordinate's numbers.
#[pyclass(module = "pmrf_rs", name = "Summary", frozen)]
pub struct PySummary {
    inner: Summary,
}

impl PySummary {
    fn index(&self, name: &str) -> PyResult<usize> {
        (self.inner.names.iter().position(|n| n == name)).ok_or_else(|| {
            pyo3::exceptions::PyKeyError::new_err(format!(
                "`{name}` is not summarised; the names are {}",
                self.inner.names.join(", ")
            ))
        })
    }
}

#[pymethods]
impl PySummary {
    /// The coordinates' names.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names.clone()
    }

    /// Posterior means (SI).
    #[getter]
    fn mean<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.mean.to_pyarray(py)
    }

    /// Posterior standard deviations (SI).
    #[getter]
    fn sd<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.sd.to_pyarray(py)
    }

    /// The probabilities of `quantiles`.
    #[getter]
    fn probs(&self) -> Vec<f64> {
        self.inner.probs.clone()
    }

    /// Quantiles (SI), `(ncoords, nprobs)`.
    #[getter]
    fn quantiles<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        self.inner.quantiles.to_pyarray(py)
    }

    /// Rank-normalised split R-hat per coordinate (NUTS; None for nested sampling).
    #[getter]
    fn r_hat<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.inner.rhat.as_ref().map(|r| r.to_pyarray(py))
    }

    /// Bulk effective sample size per coordinate (Kish's for weighted draws).
    #[getter]
    fn ess_bulk<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.inner.ess.as_ref().map(|e| e.to_pyarray(py))
    }

    /// One coordinate's numbers: `mean`, `sd`, `q5`, `q25`, `q50`, `q75`, `q95`, `r_hat`,
    /// `ess_bulk` (the last two None where unknown).
    fn __getitem__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
        let k = self.index(name)?;
        let s = &self.inner;
        let d = PyDict::new(py);
        d.set_item("mean", s.mean[k])?;
        d.set_item("sd", s.sd[k])?;
        for (j, p) in s.probs.iter().enumerate() {
            d.set_item(format!("q{}", (p * 100.0).round()), s.quantiles[[k, j]])?;
        }
        d.set_item("r_hat", s.rhat.as_ref().map(|r| r[k]))?;
        d.set_item("ess_bulk", s.ess.as_ref().map(|e| e[k]))?;
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.inner.names.len()
    }

    fn __repr__(&self) -> String {
        self.inner.to_string().trim_end().to_owned()
    }
}

/// Samples the posterior of the free parameters of `model` given the measured `data` by NUTS
/// (pmrf's No-U-Turn sampler, exact gradients) and returns `Samples`.
///
/// `features`, `sigma`, `nu` and `band` define the posterior as for `Posterior`: every free
/// parameter needs a prior or finite bounds; `sigma=None` infers the noise level with
/// ParamRF's default prior ``uniform(1e-6, 0.1)``. Settings are pmrf's `NutsSettings`:
/// `chains` (run in parallel) of `tune` tuning steps and `draws` kept draws each, `seed`
/// (equal seeds give equal draws), `mass_matrix` ``"diagonal"``, ``"low_rank"`` or
/// ``"dense"``, `target_accept`, `max_depth`. Every chain starts at the model's values. The
/// GIL is released; Ctrl-C stops the run (KeyboardInterrupt); `progress=True` shows the draws
/// on stderr, a callable gets `progress(done, total)` (draws of all chains, tuning included).
///
/// >>> from pmrf_rs import Frequency, nuts
/// >>> from pmrf_rs.components import SeriesC
/// >>> freq = Frequency.linspace(0.5, 5, 20)
/// >>> data = SeriesC(c=2e-12).network(freq)
/// >>> model = SeriesC(c=2.1e-12).bounded("c", 1e-12, 3e-12)
/// >>> samples = nuts(model, data, sigma=0.01, draws=200, tune=200, chains=2)
/// >>> samples.draws.shape
/// (2, 200, 1)
/// >>> bool(abs(samples.summary().mean[0] / 2e-12 - 1) < 0.01)
/// True
#[pyfunction]
#[pyo3(signature = (model, data, features = None, *, sigma = None, nu = None, band = None,
                    draws = 1000, tune = 1000, chains = 4, seed = 0, mass_matrix = "diagonal",
                    target_accept = 0.8, max_depth = 10, progress = Progress::Hidden))]
#[allow(clippy::too_many_arguments)]
pub fn nuts(
    py: Python<'_>,
    model: &PyModel,
    data: &Bound<'_, PyAny>,
    features: Option<&Bound<'_, PyAny>>,
    sigma: Option<f64>,
    nu: Option<f64>,
    band: Option<(f64, f64)>,
    draws: usize,
    tune: usize,
    chains: usize,
    seed: u64,
    mass_matrix: &str,
    target_accept: f64,
    max_depth: u64,
    progress: Progress,
) -> PyResult<PySamples> {
    let posterior = PyPosterior::new(py, model, data, features, sigma, nu, band)?;
    posterior.nuts(
        py,
        draws,
        tune,
        chains,
        seed,
        mass_matrix,
        target_accept,
        max_depth,
        progress,
    )
}

/// Samples the posterior of the free parameters of `model` given the measured `data` by
/// nested sampling (pmrf's, slice sampling within the likelihood constraint) and returns
/// `Samples` with the log-evidence.
///
/// The posterior is as for `nuts` (`features`, `sigma`, `nu`, `band`). Settings are pmrf's
/// `NestedSettings`: `n_live` live points (default `max(25 dim, 100)`), `n_repeats` slice
/// steps per replacement (default `3 dim`), `dlogz` the stopping tolerance on `ln Z`, `batch`
/// points replaced per iteration in parallel, `seed`, `max_calls` a budget of likelihood calls.
/// The GIL is released; Ctrl-C stops it; `progress` as for `nuts` (`done` = dead points).
///
/// >>> from pmrf_rs import Frequency, nested
/// >>> from pmrf_rs.components import SeriesC
/// >>> freq = Frequency.linspace(0.5, 5, 20)
/// >>> data = SeriesC(c=2e-12).network(freq)
/// >>> model = SeriesC(c=2.1e-12).bounded("c", 1e-12, 3e-12)
/// >>> samples = nested(model, data, sigma=0.01, n_live=50)
/// >>> samples.log_evidence > 0 and samples.log_evidence_error < 1
/// True
#[pyfunction]
#[pyo3(signature = (model, data, features = None, *, sigma = None, nu = None, band = None,
                    n_live = None, n_repeats = None, dlogz = 0.01, batch = 8, seed = 0,
                    max_calls = None, progress = Progress::Hidden))]
#[allow(clippy::too_many_arguments)]
pub fn nested(
    py: Python<'_>,
    model: &PyModel,
    data: &Bound<'_, PyAny>,
    features: Option<&Bound<'_, PyAny>>,
    sigma: Option<f64>,
    nu: Option<f64>,
    band: Option<(f64, f64)>,
    n_live: Option<usize>,
    n_repeats: Option<usize>,
    dlogz: f64,
    batch: usize,
    seed: u64,
    max_calls: Option<u64>,
    progress: Progress,
) -> PyResult<PySamples> {
    let posterior = PyPosterior::new(py, model, data, features, sigma, nu, band)?;
    posterior.nested(
        py, n_live, n_repeats, dlogz, batch, seed, max_calls, progress,
    )
}

/// Adds `Posterior`, `Samples`, `Summary`, `nuts` and `nested` to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPosterior>()?;
    m.add_class::<PySamples>()?;
    m.add_class::<PySummary>()?;
    m.add_function(wrap_pyfunction!(nuts, m)?)?;
    m.add_function(wrap_pyfunction!(nested, m)?)?;
    Ok(())
}

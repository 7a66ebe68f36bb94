//! Fits from Python: [`fit`] adjusts a `Model`'s free parameters to a measured `Network` by
//! bounded Levenberg-Marquardt (pmrf's [`levenberg_marquardt`]) with the exact Jacobian, and
//! returns a [`PyFitResult`].
//!
//! Features are pmrf's ([`Feature`], parsed from names like `"s"`, `"s21"`, `"s21_db"`); their
//! derivatives are exact: each column of the model's S Jacobian is pushed through the feature
//! on dual numbers. The loss is the weighted sum of each term's mean squared error, the mean
//! over its frequency points (inside the band) and traces of `|model - data|^2`, as pmrf's
//! `Loss::Mse` and ParamRF's `MSELoss`. The optimiser sees `value / scale` (the parameters'
//! declared scales) and their bounds, as pmrf's `Fit`; covariance and standard errors are
//! pmrf's too: `s^2 (J^T J)^-1` with `s^2 = sum r^2 / (m - n)` over the `m` residuals that
//! depend on the parameters.

use std::ops::ControlFlow;
use std::sync::Arc;

use numpy::ndarray::{Array2, Array3, Array4, ArrayViewMut2};
use numpy::{Complex64, PyArray1, PyArray2, ToPyArray};
use pmrf::fit::Feature;
use pmrf::optim::{Bounds, LeastSquares, Options, Report, levenberg_marquardt};
use pmrf::{Complex, Dual64, Error, Frequency, Network};
use pyo3::prelude::*;

use crate::error::IntoPy;
use crate::model::{DynModel, PyModel};
use crate::network::PyNetwork;
use crate::watch::{Progress, Watch};

/// One term of the loss: a feature, its data and the residual weight of each value.
pub(crate) struct Term {
    pub(crate) feature: Feature,
    /// The data's feature values.
    pub(crate) target: Vec<f64>,
    /// `sqrt(term weight * point weight)` per value; zero outside the band.
    pub(crate) scale: Vec<f64>,
}

impl Term {
    /// The term on `name` of `data`, weighted `weight` and restricted to `band` (Hz).
    pub(crate) fn new(
        name: &str,
        weight: f64,
        data: &Network,
        band: Option<(f64, f64)>,
    ) -> pmrf::Result<Self> {
        let feature: Feature = name.parse()?;
        if feature.needs_noise() || feature.two_port_metric().is_some() {
            return Err(Error::Fit(format!(
                "feature `{name}`: fits compare traces of S, Z, Y or ABCD (`s`, `s21`, \
                 `s21_db`, `z11_im`, ...), not 2-port figures"
            )));
        }
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(Error::Fit(format!(
                "weight {weight} of the term on `{name}`: weights must be finite and non-negative"
            )));
        }
        let freq = data.frequency();
        let target = feature.values_at(freq, data.s().view(), Some(data.z0().view()))?;
        let nf = freq.len();
        let per_point = target.len() / nf;
        let per = feature.values_per_point();
        if let Some((k, _)) = target.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::Fit(format!(
                "feature `{name}` of the data `{}` is {} at {} Hz (point {}): the fit needs \
                 finite data (NaN or a zero trace in dB); restrict the band or pick another \
                 feature",
                data.name(),
                target[k],
                freq.hz()[k / per_point],
                k / per_point
            )));
        }
        let hz = freq.hz();
        let inside = |k: usize| band.is_none_or(|(lo, hi)| lo <= hz[k] && hz[k] <= hi);
        let points = (0..nf).filter(|&k| inside(k)).count();
        if points == 0 {
            let (lo, hi) = band.unwrap_or_default();
            return Err(Error::Fit(format!(
                "the band [{lo}, {hi}] Hz holds none of the {nf} frequency points of the data \
                 `{}` ({} to {} Hz)",
                data.name(),
                hz[0],
                hz[nf - 1]
            )));
        }
        // Each point of each trace weighs the same (a complex value counts once): the mean of
        // |model - data|^2, as pmrf's Objective.
        let count = (points * per_point / per) as f64;
        let w = (weight / count).sqrt();
        let scale = (0..target.len())
            .map(|i| if inside(i / per_point) { w } else { 0.0 })
            .collect();
        Ok(Term {
            feature,
            target,
            scale,
        })
    }
}

/// The least-squares problem: the model's free parameters against the terms.
pub(crate) struct Problem {
    pub(crate) model: Arc<dyn DynModel>,
    pub(crate) freq: Frequency,
    pub(crate) terms: Vec<Term>,
    /// Every parameter's value (SI), flat order; the free ones are overwritten.
    pub(crate) values: Vec<f64>,
    /// Positions of the free parameters in `values`.
    pub(crate) free: Vec<usize>,
    /// The optimiser's units: `x = value / scale`.
    pub(crate) scale: Vec<f64>,
    pub(crate) rows: usize,
}

impl Problem {
    /// The model at the scaled free values `x`.
    pub(crate) fn model_at(&self, x: &[f64]) -> pmrf::Result<Arc<dyn DynModel>> {
        let mut values = self.values.clone();
        for ((&i, x), s) in self.free.iter().zip(x).zip(&self.scale) {
            values[i] = x * s;
        }
        self.model.with_values(&values)
    }

    /// The residuals of S `s` into `r`.
    pub(crate) fn residuals(&self, s: &Array3<Complex64>, r: &mut [f64]) -> pmrf::Result<()> {
        let mut at = 0;
        for t in &self.terms {
            let values = t.feature.values(&self.freq, s.view())?;
            let diff = t.feature.difference(&values, &t.target);
            for ((r, d), w) in r[at..].iter_mut().zip(&diff).zip(&t.scale) {
                *r = d * w;
            }
            at += diff.len();
        }
        Ok(())
    }

    /// The derivatives of the residuals by the SI values of the free parameters from S `s` and
    /// its Jacobian `ds` (column `k` pushed through each feature on dual numbers).
    pub(crate) fn jacobian(
        &self,
        s: &Array3<Complex64>,
        ds: &Array4<Complex64>,
        mut j: ArrayViewMut2<'_, f64>,
    ) -> pmrf::Result<()> {
        for k in 0..self.free.len() {
            let dual = Array3::from_shape_fn(s.raw_dim(), |(f, a, b)| {
                let (v, d) = (s[[f, a, b]], ds[[f, a, b, k]]);
                Complex::new(Dual64::new(v.re, d.re), Dual64::new(v.im, d.im))
            });
            let mut at = 0;
            for t in &self.terms {
                let values = t.feature.values(&self.freq, dual.view())?;
                let diff = t.feature.difference(&values, &t.target);
                for (i, (d, w)) in diff.iter().zip(&t.scale).enumerate() {
                    j[[at + i, k]] = d.eps * w;
                }
                at += diff.len();
            }
        }
        Ok(())
    }
}

/// What a fit returns, in SI units.
struct Outcome {
    model: Arc<dyn DynModel>,
    names: Vec<String>,
    values: Vec<f64>,
    loss: f64,
    report: Report,
    covariance: Option<Array2<f64>>,
}

/// The fit itself (no Python inside: it runs with the GIL released).
fn run(
    model: Arc<dyn DynModel>,
    data: &Network,
    terms: &[(String, f64)],
    band: Option<(f64, f64)>,
    options: Options<'_>,
) -> pmrf::Result<Outcome> {
    if data.nports() != model.nports() {
        return Err(Error::Shape(format!(
            "the data `{}` has {} ports, the model {}",
            data.name(),
            data.nports(),
            model.nports()
        )));
    }
    let rows = model.params();
    let free: Vec<usize> = (rows.iter().enumerate())
        .filter(|(_, r)| r.free)
        .map(|(i, _)| i)
        .collect();
    if free.is_empty() {
        return Err(Error::NoFreeParameter);
    }
    let terms = (terms.iter())
        .map(|(name, w)| Term::new(name, *w, data, band))
        .collect::<pmrf::Result<Vec<_>>>()?;
    let scale: Vec<f64> = (free.iter())
        .map(|&i| {
            let s = rows[i].scale.abs();
            if s.is_finite() && s > 0.0 { s } else { 1.0 }
        })
        .collect();
    let x0: Vec<f64> = free
        .iter()
        .zip(&scale)
        .map(|(&i, s)| rows[i].value / s)
        .collect();
    let lower = free.iter().zip(&scale).map(|(&i, s)| rows[i].bounds.0 / s);
    let upper = free.iter().zip(&scale).map(|(&i, s)| rows[i].bounds.1 / s);
    let bounds = Bounds::new(lower.collect::<Vec<_>>(), upper.collect::<Vec<_>>())?;
    let problem = Problem {
        rows: terms.iter().map(|t| t.target.len()).sum(),
        model,
        freq: data.frequency().clone(),
        terms,
        values: rows.iter().map(|r| r.value).collect(),
        free,
        scale,
    };
    let p = &problem;
    let residuals = |x: &[f64], r: &mut [f64]| p.residuals(&p.model_at(x)?.s(&p.freq)?, r);
    let jacobian = |x: &[f64], mut j: ArrayViewMut2<'_, f64>| -> pmrf::Result<()> {
        let (s, ds) = p.model_at(x)?.s_jacobian(&p.freq)?;
        p.jacobian(&s, &ds, j.view_mut())?;
        // The optimiser's units: d r / d x = d r / d value * scale.
        for (mut col, s) in j.columns_mut().into_iter().zip(&p.scale) {
            col *= *s;
        }
        Ok(())
    };
    let lsq = LeastSquares::new(p.rows, residuals).with_jacobian(jacobian);
    let report = levenberg_marquardt(lsq, &x0, &bounds, options)?;

    let fitted = p.model_at(&report.x)?;
    let (s, ds) = fitted.s_jacobian(&p.freq)?;
    let mut r = vec![0.0; p.rows];
    p.residuals(&s, &mut r)?;
    let mut j = Array2::zeros((p.rows, p.free.len()));
    p.jacobian(&s, &ds, j.view_mut())?;
    let names = p.free.iter().map(|&i| rows[i].name.clone()).collect();
    let values = report.x.iter().zip(&p.scale).map(|(x, s)| x * s).collect();
    Ok(Outcome {
        loss: r.iter().map(|v| v * v).sum(),
        covariance: covariance(&j, &r, &p.scale),
        model: fitted,
        names,
        values,
        report,
    })
}

/// The Gauss-Newton covariance `s^2 (J^T J)^-1` (SI) from the residuals' Jacobian `j` by the SI
/// values, with `s^2 = sum r^2 / (m - n)` over the `m` residuals that depend on the parameters
/// (pmrf's `FitResult::covariance`); `None` if `J^T J` is singular or `m <= n`. Inverted in the
/// units `value / scale`, where `J^T J` is well conditioned.
fn covariance(j: &Array2<f64>, r: &[f64], scale: &[f64]) -> Option<Array2<f64>> {
    let n = j.ncols();
    let informative = (j.rows().into_iter())
        .filter(|row| row.iter().any(|&v| v != 0.0))
        .count();
    if informative <= n {
        return None;
    }
    let s2 = r.iter().map(|x| x * x).sum::<f64>() / (informative - n) as f64;
    let mut js = j.clone();
    for (mut col, s) in js.columns_mut().into_iter().zip(scale) {
        col *= *s;
    }
    let inv = spd_inverse(&js.t().dot(&js))?;
    Some(Array2::from_shape_fn((n, n), |(a, b)| {
        inv[[a, b]] * s2 * scale[a] * scale[b]
    }))
}

/// The inverse of a symmetric positive definite matrix by Cholesky, equilibrated by its
/// diagonal; `None` if it is not (numerically) positive definite.
fn spd_inverse(a: &Array2<f64>) -> Option<Array2<f64>> {
    let n = a.nrows();
    let d: Vec<f64> = (0..n).map(|i| a[[i, i]].sqrt()).collect();
    if d.iter().any(|d| !(d.is_finite() && *d > 0.0)) {
        return None;
    }
    let b = Array2::from_shape_fn((n, n), |(i, k)| a[[i, k]] / (d[i] * d[k]));
    // b = L L^T.
    let mut l = Array2::<f64>::zeros((n, n));
    for i in 0..n {
        for k in 0..=i {
            let sum = b[[i, k]] - (0..k).map(|m| l[[i, m]] * l[[k, m]]).sum::<f64>();
            if i == k {
                if sum <= 1e-13 {
                    return None;
                }
                l[[i, i]] = sum.sqrt();
            } else {
                l[[i, k]] = sum / l[[k, k]];
            }
        }
    }
    // b^-1 column by column: solve L y = e, then L^T x = y.
    let mut inv = Array2::zeros((n, n));
    for c in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let e = if i == c { 1.0 } else { 0.0 };
            y[i] = (e - (0..i).map(|m| l[[i, m]] * y[m]).sum::<f64>()) / l[[i, i]];
        }
        for i in (0..n).rev() {
            y[i] = (y[i] - (i + 1..n).map(|m| l[[m, i]] * y[m]).sum::<f64>()) / l[[i, i]];
        }
        for i in 0..n {
            inv[[i, c]] = y[i] / (d[i] * d[c]);
        }
    }
    Some(inv)
}

/// The outcome of `fit`: the fitted model, the loss, how the optimiser ended, and the
/// fitted parameters with their standard errors and covariance (SI units, in the order of
/// `names`, the model's free parameters).
#[pyclass(module = "pmrf_rs", name = "FitResult", frozen)]
pub struct PyFitResult {
    model: PyModel,
    names: Vec<String>,
    values: Vec<f64>,
    loss: f64,
    report: Report,
    covariance: Option<Array2<f64>>,
}

#[pymethods]
impl PyFitResult {
    /// The model at the fitted values (its metadata as given).
    #[getter]
    fn model(&self) -> PyModel {
        self.model.clone()
    }

    /// The names of the fitted (free) parameters, in order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The fitted values (SI), float64, in the order of `names`.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.values)
    }

    /// The loss at the fitted values: the weighted sum of each feature's mean squared error.
    #[getter]
    fn loss(&self) -> f64 {
        self.loss
    }

    /// Levenberg-Marquardt iterations (Jacobian evaluations).
    #[getter]
    fn iterations(&self) -> usize {
        self.report.iterations
    }

    /// Residual evaluations.
    #[getter]
    fn evaluations(&self) -> usize {
        self.report.evaluations
    }

    /// True if the optimiser stopped at a minimum (a tolerance test held), False if it ran out
    /// of iterations or evaluations.
    #[getter]
    fn converged(&self) -> bool {
        self.report.termination.is_converged()
    }

    /// Why the optimiser stopped, in words.
    #[getter]
    fn message(&self) -> String {
        self.report.termination.to_string()
    }

    /// The covariance of the fitted values (SI), `s^2 (J^T J)^-1` with `s^2` the residual
    /// variance; None if the data do not determine every parameter.
    #[getter]
    fn covariance<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<f64>>> {
        self.covariance.as_ref().map(|c| c.to_pyarray(py))
    }

    /// The standard errors of the fitted values (SI, square roots of the covariance's
    /// diagonal); None where the covariance is.
    #[getter]
    fn standard_errors<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        let c = self.covariance.as_ref()?;
        let se: Vec<f64> = c.diag().iter().map(|v| v.sqrt()).collect();
        Some(PyArray1::from_vec(py, se))
    }

    fn __repr__(&self) -> String {
        let width = self.names.iter().map(String::len).max().unwrap_or(4).max(4);
        let mut out = format!(
            "FitResult(loss {:.6e}, {} iterations, {})\n",
            self.loss, self.report.iterations, self.report.termination
        );
        for (k, name) in self.names.iter().enumerate() {
            let se = (self.covariance.as_ref())
                .map_or("-".to_owned(), |c| format!("{:.4e}", c[[k, k]].sqrt()));
            out.push_str(&format!(
                "{name:width$}  {:>12.6e}  +- {se}\n",
                self.values[k]
            ));
        }
        out.trim_end().to_owned()
    }
}

/// `data` as a pmrf `Network`: a `pmrf_rs.Network`, or a `skrf.Network` converted (needs
/// scikit-rf); a `TypeError` otherwise.
pub(crate) fn network(data: &Bound<'_, PyAny>) -> PyResult<Network> {
    if let Ok(net) = data.cast::<PyNetwork>() {
        return Ok(net.get().inner.clone());
    }
    let module = data.get_type().module().map(|m| m.to_string());
    if module.is_ok_and(|m| m == "skrf" || m.starts_with("skrf.")) {
        let converted =
            (data.py().import("pmrf_rs.skrf")?).call_method1("network_from_skrf", (data,))?;
        return Ok(converted.cast::<PyNetwork>()?.get().inner.clone());
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "data must be a pmrf_rs.Network or a skrf.Network (the measurement to fit)",
    ))
}

/// The feature names and term weights of `features` (a name or a list of names) and `weights`.
pub(crate) fn terms(
    features: &Bound<'_, PyAny>,
    weights: Option<Vec<f64>>,
) -> PyResult<Vec<(String, f64)>> {
    let names: Vec<String> = match features.extract::<String>() {
        Ok(name) => vec![name],
        Err(_) => features.extract().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(
                "features must be a feature name (\"s21_db\") or a list of names",
            )
        })?,
    };
    if names.is_empty() {
        return Err(crate::PmrfError::new_err(
            "features is empty: name at least one (\"s\", \"s21\", \"s21_db\", ...)",
        ));
    }
    let weights = weights.unwrap_or_else(|| vec![1.0; names.len()]);
    if weights.len() != names.len() {
        return Err(crate::PmrfError::new_err(format!(
            "{} weights for {} features: give one weight per feature",
            weights.len(),
            names.len()
        )));
    }
    Ok(names.into_iter().zip(weights).collect())
}

/// Fits the free parameters of `model` to the measured `data` (a `Network` or a
/// ``skrf.Network``, on its own frequency grid, with as many ports as the model) and returns
/// a `FitResult`.
///
/// `features` names what is compared: `"s"` (every entry, complex; the default), `"s21"`
/// (complex), `"s21_db"`, `"s21_mag"`, `"s21_deg"` (unwrapped), `"s21_re"`, `"s11_im"`,
/// `"z11_re"`, ... or a list of such names. The loss is the sum over features of
/// `weight * mean |model - data|^2` over the points inside `band` (`(f_start, f_stop)` in Hz,
/// default: all); `weights` gives one weight per feature (default 1).
///
/// The fit is pmrf's bounded Levenberg-Marquardt on the values divided by their `scale`, with
/// the exact Jacobian (dual numbers), stopping when the relative tolerances `ftol`, `xtol`,
/// `gtol` (default 1e-8 each) hold, at `max_iterations`, or after `20 * max_iterations`
/// residual evaluations (a budget that ends a run stuck rejecting steps). Fixed and tied parameters stay;
/// bounds hold. The GIL is released while it runs; Ctrl-C stops it (KeyboardInterrupt);
/// `progress=True` shows the iterations on stderr, a callable gets `progress(done, total)`.
/// The model is evaluated at 50 ohm and the data compared as they are: renormalise data at
/// other reference impedances first (`data.renormalized(50.0)`).
///
/// >>> from pmrf_rs import Frequency, Network, cascade, fit
/// >>> from pmrf_rs.components import SeriesL, ShuntC
/// >>> freq = Frequency.linspace(0.1, 3, 31)
/// >>> truth = cascade([SeriesL(l=5e-9), ShuntC(c=2e-12)])
/// >>> data = truth.network(freq)
/// >>> result = fit(truth.with_params({"stages[0].l": 4e-9, "stages[1].c": 3e-12}), data)
/// >>> result.names, result.converged
/// (['stages[0].l', 'stages[1].c'], True)
/// >>> round(result.values[0] * 1e9, 6), round(result.values[1] * 1e12, 6)
/// (5.0, 2.0)
#[pyfunction]
#[pyo3(signature = (model, data, features = None, *, weights = None, band = None,
                    max_iterations = 1000, ftol = None, xtol = None, gtol = None,
                    progress = Progress::Hidden))]
#[allow(clippy::too_many_arguments)]
pub fn fit(
    py: Python<'_>,
    model: &PyModel,
    data: &Bound<'_, PyAny>,
    features: Option<&Bound<'_, PyAny>>,
    weights: Option<Vec<f64>>,
    band: Option<(f64, f64)>,
    max_iterations: usize,
    ftol: Option<f64>,
    xtol: Option<f64>,
    gtol: Option<f64>,
    progress: Progress,
) -> PyResult<PyFitResult> {
    let terms = match features {
        Some(f) => terms(f, weights)?,
        None => terms(&"s".into_pyobject(py)?.into_any(), weights)?,
    };
    let data = network(data)?;
    let (model, data) = (model.inner.clone(), &data);
    let watch = Watch::new("fit", progress);
    let out = py.detach(|| {
        let options = Options {
            ftol,
            xtol,
            gtol,
            ..Options::default()
        }
        .with_max_iterations(max_iterations)
        // A budget: the optimiser can reject steps without end on a problem that does not
        // determine every parameter (`s21` alone of a symmetric cascade).
        .with_max_evaluations(max_iterations.saturating_mul(20).max(100))
        // Ctrl-C (and a raising progress callback) stops the optimiser; raised below.
        .with_callback(|step| {
            if watch.tick(step.iteration, max_iterations) {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        });
        run(model, data, &terms, band, options)
    });
    watch.finish(py)?;
    let out = out.py_err()?;
    Ok(PyFitResult {
        model: PyModel::new(out.model),
        names: out.names,
        values: out.values,
        loss: out.loss,
        report: out.report,
        covariance: out.covariance,
    })
}

/// Adds `fit` and `FitResult` to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFitResult>()?;
    m.add_function(wrap_pyfunction!(fit, m)?)?;
    Ok(())
}

//! Fits from Python: [`fit`] adjusts a `Model`'s free parameters to a measured `Network`
//! and/or design goals ([`PyGoal`]) with pmrf's optimisers (bounded Levenberg-Marquardt,
//! L-BFGS-B, Nelder-Mead, chosen as pmrf's `Method`), and returns a [`PyFitResult`].
//!
//! Features are pmrf's ([`Feature`], parsed from names like `"s"`, `"s21"`, `"s21_db"`); their
//! derivatives are exact: each column of the model's S Jacobian is pushed through the feature
//! on dual numbers. Each feature is a term scored by pmrf's [`Loss`] (MSE by default, the mean
//! over its frequency points inside the band and traces of `|model - data|^2`, as ParamRF's
//! `MSELoss`); goals add pmrf's hinge penalties; a MAP fit adds `-ln p` of the priors
//! (`problem` has the formulas). The optimiser sees `value / scale` (the parameters'
//! declared scales) and their bounds, as pmrf's `Fit`; covariance and standard errors are
//! pmrf's too: `s^2 (J^T J)^-1` with `s^2 = sum r^2 / (m - n)` over the `m` residuals that
//! depend on the parameters (`run` runs the stages and computes them).

use numpy::ndarray::Array2;
use numpy::{PyArray1, PyArray2, ToPyArray};
use pmrf::Network;
use pmrf::fit::{Bound as Limit, Feature, Loss, Method};
use pmrf::optim::Report;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::error::IntoPy;
use crate::frequency::PyFrequency;
use crate::model::PyModel;
use crate::network::PyNetwork;
use crate::watch::{Progress, Watch};

pub(crate) mod problem;
pub(crate) mod run;

use problem::GoalSpec;

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
    method: Method,
    residuals: Option<Vec<f64>>,
    fitted: Option<Network>,
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

    /// The loss at the fitted values: the sum over terms of `weight * loss` (the mean squared
    /// error by default), plus the goals' penalties and, for a MAP fit, `-ln p` of the priors.
    /// Without priors and for the losses `"mse"` and Huber, `sum(residuals**2)` equals it.
    #[getter]
    fn loss(&self) -> f64 {
        self.loss
    }

    /// The optimiser's iterations (Levenberg-Marquardt: Jacobian evaluations), summed over
    /// stages.
    #[getter]
    fn iterations(&self) -> usize {
        self.report.iterations
    }

    /// Residual (or loss) evaluations, summed over stages.
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

    /// The optimiser that ran: ``"lm"``, ``"lbfgs"`` or ``"nelder-mead"``.
    #[getter]
    fn method(&self) -> &'static str {
        method_name(self.method)
    }

    /// The residuals at the fitted values, float64: each data term's differences (its points
    /// inside the band, feature values in order) times `sqrt(weight / points)` (Huber's scaled
    /// beyond `delta`), then each goal's violations; `sum(residuals**2)` is the loss without
    /// priors. None for the losses `"rmse"` and `"log_mse"`, which are not sums of squares.
    #[getter]
    fn residuals<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.residuals.as_ref().map(|r| PyArray1::from_slice(py, r))
    }

    /// The fitted model on the data's frequency grid, a `Network` (50 ohm); None for a fit
    /// to goals alone.
    #[getter]
    fn fitted(&self) -> Option<PyNetwork> {
        self.fitted.clone().map(PyNetwork::from)
    }

    /// One dict per fitted parameter: ``name``, ``value`` (SI) and ``std_error`` (SI, None
    /// where the covariance is).
    #[getter]
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for (k, name) in self.names.iter().enumerate() {
            let row = PyDict::new(py);
            row.set_item("name", name)?;
            row.set_item("value", self.values[k])?;
            let se = self.covariance.as_ref().map(|c| c[[k, k]].max(0.0).sqrt());
            row.set_item("std_error", se)?;
            out.append(row)?;
        }
        Ok(out)
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

/// pmrf's loss named by `loss`: `"mse"`, `"rmse"`, `"log_mse"`, or `("huber", delta)`.
fn parse_loss(loss: &Bound<'_, PyAny>) -> PyResult<Loss> {
    let type_error = || {
        pyo3::exceptions::PyTypeError::new_err(
            "loss must be a name (\"mse\", \"rmse\", \"log_mse\") or (\"huber\", delta)",
        )
    };
    let (name, arg): (String, Option<f64>) = match loss.extract::<String>() {
        Ok(name) => (name, None),
        Err(_) => {
            let (name, delta): (String, f64) = loss.extract().map_err(|_| type_error())?;
            (name, Some(delta))
        }
    };
    let unknown = |what: &str| {
        crate::PmrfError::new_err(format!(
            "{what}: the losses are \"mse\" (mean squared error, the default), \"rmse\", \
             \"log_mse\" and (\"huber\", delta) (MSE up to delta, linear beyond; delta in \
             units of the feature)"
        ))
    };
    match (name.to_ascii_lowercase().as_str(), arg) {
        ("mse", None) => Ok(Loss::Mse),
        ("rmse", None) => Ok(Loss::Rmse),
        ("log_mse" | "logmse", None) => Ok(Loss::LogMse),
        ("huber", Some(delta)) if delta.is_finite() && delta > 0.0 => Ok(Loss::Huber { delta }),
        ("huber", Some(delta)) => Err(crate::PmrfError::new_err(format!(
            "Huber delta {delta}: delta must be positive and finite (where the penalty turns \
             linear, in units of the feature)"
        ))),
        ("huber", None) => Err(unknown(
            "the Huber loss needs its delta: loss=(\"huber\", 0.1)",
        )),
        (_, Some(_)) => Err(unknown(&format!("the loss `{name}` takes no number"))),
        _ => Err(unknown(&format!("unknown loss `{name}`"))),
    }
}

/// pmrf's `Method` named `method`.
fn parse_method(method: &str) -> PyResult<Method> {
    match method.to_ascii_lowercase().as_str() {
        "auto" => Ok(Method::Auto),
        "lm" | "levenberg-marquardt" => Ok(Method::LevenbergMarquardt),
        "lbfgs" | "l-bfgs-b" | "lbfgsb" => Ok(Method::Lbfgs),
        "nelder-mead" | "nelder_mead" => Ok(Method::NelderMead),
        _ => Err(crate::PmrfError::new_err(format!(
            "unknown method `{method}`: the methods are \"auto\" (the default: \"lm\" for \
             least-squares losses, else \"lbfgs\"), \"lm\" (Levenberg-Marquardt), \"lbfgs\" \
             (bounded L-BFGS-B) and \"nelder-mead\""
        ))),
    }
}

/// The name `fit` gives `method`.
fn method_name(method: Method) -> &'static str {
    match method {
        Method::LevenbergMarquardt => "lm",
        Method::Lbfgs => "lbfgs",
        Method::NelderMead => "nelder-mead",
        _ => "auto",
    }
}

/// The stages of `stages`: each a name or glob, or a list of them.
fn parse_stages(stages: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Vec<String>>> {
    let Some(stages) = stages else {
        return Ok(Vec::new());
    };
    let list = stages.cast::<PyList>().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(
            "stages must be a list of stages, each a parameter name or glob or a list of them \
             ([[\"*.l\"], [\"*\"]])",
        )
    })?;
    if list.is_empty() {
        return Err(crate::PmrfError::new_err(
            "stages is empty: give at least one stage of parameter names or globs",
        ));
    }
    list.iter()
        .map(|stage| match stage.extract::<String>() {
            Ok(one) => Ok(vec![one]),
            Err(_) => stage.extract::<Vec<String>>().map_err(|_| {
                pyo3::exceptions::PyTypeError::new_err(
                    "each stage must be a parameter name or glob, or a list of them",
                )
            }),
        })
        .collect()
}

/// A design goal for `fit`: a real feature of the model kept below or above a limit at every
/// point of a frequency grid, penalised by its mean squared violation (pmrf's `Goal`; zero
/// where it is met).
///
/// ``Goal("s11_db <= -20", freq)`` keeps ``|S11|`` under -20 dB over ``freq``; the operators
/// are ``<=`` (or ``<``) and ``>=`` (or ``>``), the features the real ones of `fit`
/// (``s21_db``, ``s11_mag``, ``s21_deg``, ``z11_re``, ...; S at 50 ohm). ``weight`` scales it
/// in the sum with the data terms.
///
/// >>> from pmrf_rs import Frequency, Goal
/// >>> Goal("s11_db <= -20", Frequency.linspace(1, 2, 11))
/// Goal('s11_db <= -20', 11 points from 1e9 to 2e9 Hz, weight 1)
#[pyclass(module = "pmrf_rs", name = "Goal", frozen)]
#[derive(Clone)]
pub struct PyGoal {
    spec: GoalSpec,
}

#[pymethods]
impl PyGoal {
    #[new]
    #[pyo3(signature = (spec, frequency, weight = 1.0))]
    fn new(spec: &str, frequency: &PyFrequency, weight: f64) -> PyResult<Self> {
        let bad = || {
            crate::PmrfError::new_err(format!(
                "goal `{spec}`: write it as \"<feature> <= <limit>\" or \"<feature> >= \
                 <limit>\", e.g. \"s11_db <= -20\""
            ))
        };
        let (feature, below, limit) = ["<=", ">=", "<", ">"]
            .iter()
            .find_map(|op| {
                spec.split_once(op)
                    .map(|(f, l)| (f.trim(), op.starts_with('<'), l.trim()))
            })
            .ok_or_else(bad)?;
        let limit: f64 = limit.parse().map_err(|_| bad())?;
        let feature: Feature = feature.parse().py_err()?;
        let bound = if below {
            Limit::Below(limit)
        } else {
            Limit::Above(limit)
        };
        let spec = GoalSpec::new(feature, bound, frequency.inner.clone(), weight).py_err()?;
        Ok(PyGoal { spec })
    }

    /// The feature the goal keeps (``"s11_db"``).
    #[getter]
    fn feature(&self) -> String {
        self.spec.feature.to_string()
    }

    /// The limit, in units of the feature.
    #[getter]
    fn limit(&self) -> f64 {
        let (Limit::Below(v) | Limit::Above(v)) = self.spec.bound;
        v
    }

    /// True if the feature must stay at or below the limit, False if at or above.
    #[getter]
    fn below(&self) -> bool {
        matches!(self.spec.bound, Limit::Below(_))
    }

    /// Its weight in the sum with the data terms.
    #[getter]
    fn weight(&self) -> f64 {
        self.spec.weight
    }

    fn __repr__(&self) -> String {
        let op = if self.below() { "<=" } else { ">=" };
        let hz = self.spec.frequency.hz();
        format!(
            "Goal('{} {op} {}', {} points from {:e} to {:e} Hz, weight {})",
            self.feature(),
            self.limit(),
            hz.len(),
            hz[0],
            hz[hz.len() - 1],
            self.spec.weight
        )
    }
}

/// Fits the free parameters of `model` to the measured `data` (a `Network` or a
/// ``skrf.Network``, on its own frequency grid, with as many ports as the model), to design
/// `goals`, or both, and returns a `FitResult`.
///
/// `features` names what is compared: `"s"` (every entry, complex; the default), `"s21"`
/// (complex), `"s21_db"`, `"s21_mag"`, `"s21_deg"` (unwrapped), `"s21_re"`, `"s11_im"`,
/// `"z11_re"`, ... or a list of such names. Each feature is a term scored over the points
/// inside `band` (`(f_start, f_stop)` in Hz, default: all) by `loss`, pmrf's `Loss`:
/// `"mse"` (the default: mean of `|model - data|^2`), `"rmse"` (its square root), `"log_mse"`
/// (its log10), or `("huber", delta)` (Huber's: squared up to `delta`, linear beyond, robust to
/// outliers; `delta` in units of the feature). The loss is the sum over terms of `weight *
/// loss`; `weights` gives one weight per feature (default 1). `goals` (a list of `Goal`) add
/// their penalties (mean squared violation times weight); with goals, `data` may be None
/// (design by optimisation).
///
/// `priors=True` makes it a MAP fit, as pmrf's `Fit::with_priors`: the free parameters'
/// priors (`Model.with_prior`) add `-ln p(value)` to the loss; normal priors enter
/// Levenberg-Marquardt as residuals `(value - mean) / (std sqrt 2)`, others need `"lbfgs"` or
/// `"nelder-mead"`. The loss reported includes the penalty; the residuals and covariance are
/// those of the data and goals.
///
/// `method` is pmrf's optimiser: `"auto"` (the default: `"lm"` for the least-squares losses
/// `"mse"` and Huber with normal or no priors, else `"lbfgs"`), `"lm"` (bounded
/// Levenberg-Marquardt, exact Jacobian), `"lbfgs"` (bounded L-BFGS-B, exact gradient) or
/// `"nelder-mead"` (no derivatives). Each runs on the values divided by their `scale`,
/// stopping when the relative tolerances `ftol`, `xtol`, `gtol` (default 1e-8 each) hold, at
/// `max_iterations`, or after `20 * max_iterations` evaluations (a budget, for Nelder-Mead
/// above all, whose iterations take several evaluations each). Fixed and tied parameters stay; bounds hold.
///
/// `stages` (ParamRF's `fit_sequential`) fits in turn: each stage a parameter name or glob
/// or a list of them, fitted from where the stage before left the others (``[["*.l"],
/// ["*"]]``: the inductances first, then everything). The result's names, values and
/// covariance are the last stage's; its iterations and evaluations are summed over stages.
///
/// The GIL is released while it runs; Ctrl-C stops it (KeyboardInterrupt); `progress=True`
/// shows the iterations on stderr, a callable gets `progress(done, total)`. The model is
/// evaluated at 50 ohm and the data compared as they are: renormalise data at other reference
/// impedances first (`data.renormalized(50.0)`).
///
/// >>> from pmrf_rs import Frequency, Network, cascade, fit
/// >>> from pmrf_rs.components import SeriesL, ShuntC
/// >>> freq = Frequency.linspace(0.1, 3, 31)
/// >>> truth = cascade([SeriesL(l=5e-9), ShuntC(c=2e-12)])
/// >>> data = truth.network(freq)
/// >>> result = fit(truth.with_params({"stages[0].l": 4e-9, "stages[1].c": 3e-12}), data)
/// >>> result.names, result.converged
/// (['stages[0].l', 'stages[1].c'], True)
/// >>> print(round(result.values[0] * 1e9, 6), round(result.values[1] * 1e12, 6))
/// 5.0 2.0
///
/// Design by optimisation: the series C that brings `|S11|` to -20 dB at 1 GHz.
///
/// >>> from pmrf_rs import Goal
/// >>> from pmrf_rs.components import SeriesC
/// >>> design = fit(SeriesC(c=1e-12), goals=[Goal("s11_db <= -20", Frequency([1e9]))])
/// >>> print(f"{design.values[0] * 1e12:.2f} pF")
/// 15.84 pF
#[pyfunction]
#[pyo3(signature = (model, data = None, features = None, *, weights = None, band = None,
                    loss = None, method = "auto", goals = None, priors = false, stages = None,
                    max_iterations = 1000, ftol = None, xtol = None, gtol = None,
                    progress = Progress::Hidden))]
#[allow(clippy::too_many_arguments)]
pub fn fit(
    py: Python<'_>,
    model: &PyModel,
    data: Option<&Bound<'_, PyAny>>,
    features: Option<&Bound<'_, PyAny>>,
    weights: Option<Vec<f64>>,
    band: Option<(f64, f64)>,
    loss: Option<&Bound<'_, PyAny>>,
    method: &str,
    goals: Option<Vec<Bound<'_, PyGoal>>>,
    priors: bool,
    stages: Option<&Bound<'_, PyAny>>,
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
    let loss = match loss {
        Some(l) => parse_loss(l)?,
        None => Loss::Mse,
    };
    let method = parse_method(method)?;
    let stages = parse_stages(stages)?;
    let goals: Vec<GoalSpec> = (goals.unwrap_or_default().iter())
        .map(|g| g.get().spec.clone())
        .collect();
    let data = data.filter(|d| !d.is_none()).map(network).transpose()?;
    let request = run::Request {
        data: data.as_ref(),
        terms: &terms,
        band,
        loss,
        method,
        goals: &goals,
        priors,
        stages: &stages,
        max_iterations,
        tolerances: (ftol, xtol, gtol),
    };
    let model = model.inner.clone();
    let watch = Watch::new("fit", progress);
    let out = py.detach(|| run::run(model, &request, &watch));
    watch.finish(py)?;
    let out = out.py_err()?;
    Ok(PyFitResult {
        model: PyModel::new(out.model),
        names: out.names,
        values: out.values,
        loss: out.loss,
        report: out.report,
        covariance: out.covariance,
        method: out.method,
        residuals: out.residuals,
        fitted: out.fitted,
    })
}

/// Adds `fit`, `FitResult` and `Goal` to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFitResult>()?;
    m.add_class::<PyGoal>()?;
    m.add_function(wrap_pyfunction!(fit, m)?)?;
    Ok(())
}

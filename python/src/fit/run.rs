//! The fit itself, with the GIL released: pmrf's optimisers (Levenberg-Marquardt, L-BFGS-B,
//! Nelder-Mead, chosen as pmrf's `Method`) on a [`Problem`], in stages, and the covariance
//! of the result.

use std::ops::ControlFlow;
use std::sync::Arc;

use numpy::ndarray::{Array2, ArrayViewMut2};
use pmrf::fit::{Loss, Method};
use pmrf::optim::{
    Bounds, LeastSquares, Options, Report, lbfgsb, levenberg_marquardt, nelder_mead,
};
use pmrf::params::{Prior, glob_match};
use pmrf::{Error, Network};

use super::problem::{GoalSpec, Problem, Term};
use crate::model::DynModel;
use crate::watch::Watch;

/// What a fit is asked: everything but the model.
pub(crate) struct Request<'a> {
    pub data: Option<&'a Network>,
    /// Feature names and term weights.
    pub terms: &'a [(String, f64)],
    pub band: Option<(f64, f64)>,
    pub loss: Loss,
    pub method: Method,
    pub goals: &'a [GoalSpec],
    /// A MAP fit: the free parameters' priors enter.
    pub priors: bool,
    /// The parameter patterns fitted in each stage; one stage of all free ones if empty.
    pub stages: &'a [Vec<String>],
    pub max_iterations: usize,
    pub tolerances: (Option<f64>, Option<f64>, Option<f64>),
}

/// What a fit returns, in SI units.
pub(crate) struct Outcome {
    pub model: Arc<dyn DynModel>,
    pub names: Vec<String>,
    pub values: Vec<f64>,
    pub loss: f64,
    /// The last stage's report, with the iterations and evaluations of every stage.
    pub report: Report,
    pub method: Method,
    pub covariance: Option<Array2<f64>>,
    /// The objective's residuals at the fit (least-squares losses only).
    pub residuals: Option<Vec<f64>>,
    /// The fitted model on the data's grid (50 ohm).
    pub fitted: Option<Network>,
}

/// Runs the fit of `model`'s free parameters for `request`, stage after stage; `watch` sees
/// the iterations and stops the run.
pub(crate) fn run(
    model: Arc<dyn DynModel>,
    request: &Request<'_>,
    watch: &Watch,
) -> pmrf::Result<Outcome> {
    if let Some(data) = request.data
        && data.nports() != model.nports()
    {
        return Err(Error::Shape(format!(
            "the data `{}` has {} ports, the model {}",
            data.name(),
            data.nports(),
            model.nports()
        )));
    }
    if request.data.is_none() && request.goals.is_empty() {
        return Err(Error::Fit(
            "nothing to fit: give data (a Network) or goals (design by optimisation)".into(),
        ));
    }
    let rows = model.params();
    let free: Vec<usize> = (rows.iter().enumerate())
        .filter(|(_, r)| r.free)
        .map(|(i, _)| i)
        .collect();
    if free.is_empty() {
        return Err(Error::NoFreeParameter);
    }
    // Priors: every free parameter's, parsed from pmrf's own notation.
    let priors: Vec<Option<Prior>> = if request.priors {
        let priors = (free.iter())
            .map(|&i| rows[i].prior.as_deref().map(parse_prior).transpose())
            .collect::<pmrf::Result<Vec<_>>>()?;
        if priors.iter().all(Option::is_none) {
            return Err(Error::Fit(
                "priors=True, but no free parameter has a prior: set them with \
                 `model.with_prior(name, \"normal\", mean, std)`"
                    .into(),
            ));
        }
        priors
    } else {
        vec![None; free.len()]
    };
    // The stages, as positions in `free`.
    let all = vec!["*".to_owned()];
    let stages: Vec<&[String]> = if request.stages.is_empty() {
        vec![&all]
    } else {
        request.stages.iter().map(Vec::as_slice).collect()
    };
    let mut selected = Vec::with_capacity(stages.len());
    for (n, patterns) in stages.iter().enumerate() {
        if patterns.is_empty() {
            return Err(Error::Fit(format!(
                "stage {n} names no parameter: give names or globs of free parameters"
            )));
        }
        let mut stage = Vec::new();
        for pattern in patterns.iter() {
            let hits: Vec<usize> = (0..free.len())
                .filter(|&k| glob_match(pattern, &rows[free[k]].name))
                .collect();
            if hits.is_empty() {
                let names: Vec<&str> = free.iter().map(|&i| rows[i].name.as_str()).collect();
                return Err(Error::UnknownParam {
                    pattern: format!("{pattern} (stage {n})"),
                    available: names.join(", "),
                });
            }
            stage.extend(hits);
        }
        stage.sort_unstable();
        stage.dedup();
        selected.push(stage);
    }
    let freq = match request.data {
        Some(data) => data.frequency().clone(),
        None => request.goals[0].frequency.clone(),
    };
    if let Loss::Huber { delta } = request.loss
        && !(delta.is_finite() && delta > 0.0)
    {
        return Err(Error::Fit(format!(
            "Huber delta {delta}: delta must be positive and finite (where the penalty turns \
             linear, in units of the feature)"
        )));
    }
    let nstages = selected.len();
    let mut model = model;
    let mut iterations = 0;
    let mut evaluations = 0;
    let mut last = None;
    for (n, stage) in selected.iter().enumerate() {
        let stage_free: Vec<usize> = stage.iter().map(|&k| free[k]).collect();
        let scale: Vec<f64> = (stage_free.iter())
            .map(|&i| {
                let s = rows[i].scale.abs();
                if s.is_finite() && s > 0.0 { s } else { 1.0 }
            })
            .collect();
        let problem = Problem::new(
            model.clone(),
            freq.clone(),
            // The same terms each stage (the data's side, computed again: cheap).
            terms_of(request)?,
            stage_free.clone(),
            scale,
            request.loss,
            request.goals.to_vec(),
            stage.iter().map(|&k| priors[k]).collect(),
        )?;
        let method = method_for(&problem, request.method)?;
        let offset = n * request.max_iterations;
        let total = nstages * request.max_iterations;
        let (t0, t1, t2) = request.tolerances;
        let options = Options {
            ftol: t0,
            xtol: t1,
            gtol: t2,
            ..Options::default()
        }
        .with_max_iterations(request.max_iterations)
        // A budget on evaluations too: one iteration can take many (rejected LM steps,
        // Nelder-Mead's shrinks).
        .with_max_evaluations(request.max_iterations.saturating_mul(20).max(100))
        // Ctrl-C (and a raising progress callback) stops the optimiser; raised by the caller.
        .with_callback(move |step| {
            if watch.tick(offset + step.iteration, total) {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        });
        let current = model.params();
        let x0: Vec<f64> = (stage_free.iter().zip(problem.scale()))
            .map(|(&i, s)| current[i].value / s)
            .collect();
        let report = optimise(
            &problem,
            method,
            &x0,
            &rows_bounds(&rows, &stage_free, problem.scale())?,
            options,
        )?;
        iterations += report.iterations;
        evaluations += report.evaluations;
        model = problem.model_at(&report.x)?;
        let stopped = matches!(report.termination, pmrf::optim::Termination::Cancelled);
        last = Some((problem, report, method));
        if stopped {
            break;
        }
    }
    let Some((problem, mut report, method)) = last else {
        return Err(Error::Fit("no stage to fit".into()));
    };
    report.iterations = iterations;
    report.evaluations = evaluations;
    finish(&problem, &rows, report, method, request.data.is_some())
}

/// The data terms of `request` (none without data).
fn terms_of(request: &Request<'_>) -> pmrf::Result<Vec<Term>> {
    match request.data {
        Some(data) => (request.terms.iter())
            .map(|(name, w)| Term::new(name, *w, data, request.band))
            .collect(),
        None => Ok(Vec::new()),
    }
}

/// The bounds of the parameters at `free` in the optimiser's units.
fn rows_bounds(
    rows: &[crate::model::ParamRow],
    free: &[usize],
    scale: &[f64],
) -> pmrf::Result<Bounds> {
    let lower = free.iter().zip(scale).map(|(&i, s)| rows[i].bounds.0 / s);
    let upper = free.iter().zip(scale).map(|(&i, s)| rows[i].bounds.1 / s);
    Bounds::new(lower.collect::<Vec<_>>(), upper.collect::<Vec<_>>())
}

/// The optimiser `asked` resolves to for `problem`, as pmrf's `Fit`: `Auto` is
/// Levenberg-Marquardt for least-squares losses with normal priors (if any), else L-BFGS.
fn method_for(problem: &Problem, asked: Method) -> pmrf::Result<Method> {
    let lsq = problem.is_least_squares();
    let normal = problem.normal_priors();
    Ok(match asked {
        Method::Auto if lsq && normal => Method::LevenbergMarquardt,
        Method::Auto => Method::Lbfgs,
        Method::LevenbergMarquardt if !lsq => {
            return Err(Error::Fit(
                "method \"lm\" (Levenberg-Marquardt) needs a sum of squares: the loss \"mse\" or \
                 (\"huber\", delta); use method \"lbfgs\" or \"nelder-mead\" (or \"auto\") for \
                 \"rmse\" and \"log_mse\""
                    .into(),
            ));
        }
        Method::LevenbergMarquardt if !normal => {
            return Err(Error::Fit(
                "method \"lm\" (Levenberg-Marquardt) takes only normal priors (as residuals): \
                 use method \"lbfgs\" or \"nelder-mead\" (or \"auto\")"
                    .into(),
            ));
        }
        m => m,
    })
}

/// One run of `method` on `problem` from `x0`.
fn optimise(
    problem: &Problem,
    method: Method,
    x0: &[f64],
    bounds: &Bounds,
    options: Options<'_>,
) -> pmrf::Result<Report> {
    let p = problem;
    match method {
        Method::LevenbergMarquardt => {
            let residuals = |x: &[f64], r: &mut [f64]| p.lsq_residuals(x, r);
            let jacobian = |x: &[f64], j: ArrayViewMut2<'_, f64>| p.lsq_jacobian(x, j);
            let lsq = LeastSquares::new(p.lsq_rows(), residuals).with_jacobian(jacobian);
            levenberg_marquardt(lsq, x0, bounds, options)
        }
        Method::Lbfgs => lbfgsb(|x, g| p.loss(x, Some(g)), x0, bounds, options),
        _ => nelder_mead(|x| p.loss(x, None), x0, bounds, options),
    }
}

/// The outcome at the end of the last stage: loss, residuals, covariance (of the last
/// stage's parameters) and the fitted network.
fn finish(
    p: &Problem,
    rows: &[crate::model::ParamRow],
    report: Report,
    method: Method,
    has_data: bool,
) -> pmrf::Result<Outcome> {
    let x = &report.x;
    let fitted = p.model_at(x)?;
    // S on the data's grid once, for the residuals and the fitted network.
    let s = if has_data {
        Some(fitted.s(p.freq())?)
    } else {
        None
    };
    let (loss, residuals, covariance) = if p.is_least_squares() {
        let m = p.objective_rows();
        let mut r = vec![0.0; m];
        p.objective_residuals_of(&*fitted, s.as_ref(), &mut r)?;
        let mut j = Array2::zeros((m, x.len()));
        p.objective_jacobian(x, j.view_mut())?;
        let c = covariance(&j, &r, p.scale());
        // A sum of squares: the loss is that of the residuals, plus the priors' penalty.
        let loss = r.iter().map(|v| v * v).sum::<f64>() + p.prior_penalty(x);
        (loss, Some(r), c)
    } else {
        (p.loss(x, None)?, None, None)
    };
    let fitted_net = match s {
        Some(s) => Some(Network::from_s(p.freq().clone(), s)?.with_name("fit")),
        None => None,
    };
    let free = p.free();
    Ok(Outcome {
        names: free.iter().map(|&i| rows[i].name.clone()).collect(),
        values: x.iter().zip(p.scale()).map(|(x, s)| x * s).collect(),
        model: fitted,
        loss,
        report,
        method,
        covariance,
        residuals,
        fitted: fitted_net,
    })
}

/// pmrf's prior from its own notation (`"normal(2e-12, 1e-13)"`, as `Prior` displays it:
/// shortest round-trip numbers, so the parse is exact).
fn parse_prior(text: &str) -> pmrf::Result<Prior> {
    let bad = || Error::InvalidPrior(format!("cannot read the prior `{text}`"));
    let (kind, rest) = text.split_once('(').ok_or_else(bad)?;
    let args = (rest.strip_suffix(')').ok_or_else(bad)?.split(','))
        .map(|a| a.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<pmrf::Result<Vec<_>>>()?;
    crate::model::prior(kind.trim(), &args)
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

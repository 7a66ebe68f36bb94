//! [`Fit`]: a model's free parameters fitted to an [`Objective`] by one of the bounded
//! optimisers of [`optim`](crate::optim), with exact derivatives from dual numbers, and the
//! [`FitResult`] with uncertainties.
//!
//! The optimisers see the selected parameters in scaled units (`value / scale`, the `scale` of
//! their `#[param]` metadata), so a capacitance in pF and a resistance in ohm are both of order
//! one, and their bounds divided alike. The result is always inside the bounds.

use std::fmt;

use ndarray::{Array2, ArrayViewMut2};
use num_dual::Dual64;

use super::{DifferentiableParts, Objective, Parts};
use crate::diff::{
    Differentiable, FEW_LANES, Grad, Grad4, LANES, jacobian_lanes, value_and_gradient_lanes,
};
use crate::network::Component;
use crate::optim::{self, Bounds, LeastSquares, Options, Report, symmetric_inverse};
use crate::params::{AsParams, Filter, JointPrior, Model, Params, Partition, Prior, joint_blocks};
use crate::units::prefixed;
use crate::{Error, Network, Result, Scalar};

/// The optimiser a [`Fit`] runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// Levenberg-Marquardt on the residuals, with the exact Jacobian (vector-dual passes of
    /// up to 8 parameters each, in parallel) when every term is a sum of squares; else L-BFGS.
    #[default]
    Auto,
    /// Bounded Levenberg-Marquardt ([`optim::levenberg_marquardt()`]); needs a least-squares
    /// objective ([`Objective::is_least_squares`]).
    LevenbergMarquardt,
    /// Projected L-BFGS ([`optim::lbfgsb()`]) with the exact gradient.
    Lbfgs,
    /// Nelder-Mead ([`optim::nelder_mead()`]): no derivatives.
    NelderMead,
}

/// A fit of a model's parameters to an objective.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
/// use pmrf::fit::{Fit, Objective, Term};
///
/// // Data from a 2.2 pF capacitor; fit a capacitor started at 3 pF.
/// let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
/// let data = SeriesC::new(2.2e-12).network(&freq)?;
/// let result = Fit::new(&SeriesC::new(3e-12), Objective::new().term(Term::new(data)))?.run()?;
/// assert!((result.model().c / 2.2e-12 - 1.0).abs() < 1e-9);
/// assert!(result.report().termination.is_converged());
/// # Ok::<(), pmrf::Error>(())
/// ```
pub struct Fit<'a, M: Model<Scalar = f64>> {
    params: Params<M>,
    filter: Filter,
    objective: Objective,
    method: Method,
    options: Options<'a>,
    priors: bool,
}

impl<'a, M: Model<Scalar = f64>> Fit<'a, M> {
    /// A fit of the free parameters of `source` (a model: its declared metadata; or its
    /// [`Params`] table: per-instance fixes, bounds, ties and start values) to `objective`.
    ///
    /// # Errors
    /// Values outside their bounds (from a model).
    pub fn new<S: AsParams<Model = M>>(source: &S, objective: Objective) -> Result<Self> {
        Ok(Fit {
            params: source.as_params()?.into_owned(),
            filter: Filter::Free,
            objective,
            method: Method::Auto,
            options: Options::default(),
            priors: false,
        })
    }

    /// Adds the fitted parameters' priors to what is minimised, `-ln p(x)` summed over those
    /// that have one: the maximum a posteriori point of the objective as a least-squares
    /// likelihood (a MAP fit, as ParamRF's priors as penalties). Levenberg-Marquardt takes
    /// normal priors as residuals `(x - mean) / (std sqrt 2)`; other priors need a scalar method,
    /// which [`Method::Auto`] then picks (L-BFGS). A [`JointPrior`] of the table replaces its
    /// parameters' own priors and enters as the whitened residuals `L^-1 (x - mean) / sqrt 2`
    /// (`L` the Cholesky factor of its covariance), so it keeps Levenberg-Marquardt; a fit
    /// that selects only part of a joint prior's parameters is refused.
    /// The result's [`FitResult::loss`] includes
    /// the penalty; its covariance and standard errors stay those of the data term.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesC;
    /// use pmrf::fit::{Fit, Objective, Term};
    ///
    /// let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
    /// let data = SeriesC::new(2.2e-12).network(&freq)?;
    /// // A tight prior at 2.0 pF pulls the fit from the data's 2.2 pF towards it.
    /// let params = SeriesC::new(2.1e-12).params()?.with_prior("c", Prior::normal(2.0e-12, 1e-15)?)?;
    /// let map = Fit::new(&params, Objective::new().term(Term::new(data)))?.with_priors().run()?;
    /// let c = map.model().c;
    /// assert!(c < 2.01e-12 && c > 2.0e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn with_priors(self) -> Self {
        Fit {
            priors: true,
            ..self
        }
    }

    /// Fits the parameters `filter` selects instead of the free ones.
    pub fn select(self, filter: Filter) -> Self {
        Fit { filter, ..self }
    }

    /// Runs `method` instead of [`Method::Auto`].
    pub fn method(self, method: Method) -> Self {
        Fit { method, ..self }
    }

    /// The optimiser's limits, tolerances and progress callback (see [`Options`]).
    pub fn options(self, options: Options<'a>) -> Self {
        Fit { options, ..self }
    }

    /// Runs the fit: [`Fit::run_parts`] of the model as a joint model of one part, the
    /// unnamed one, which every term and goal measures.
    ///
    /// # Errors
    /// An objective that does not fit the model or makes no sense (see [`Objective::loss`]:
    /// checked before the optimiser starts, so it is never blamed on the start); a filter that
    /// selects nothing ([`Error::NoFreeParameter`]); [`Method::LevenbergMarquardt`] on an
    /// objective that is not a sum of squares ([`Error::Fit`]); a start where the objective is
    /// not finite; errors of the optimiser. A run that stops without converging is not an
    /// error: see [`Report::termination`].
    pub fn run<const N: usize>(self) -> Result<FitResult<M>>
    where
        M: Differentiable<N>,
    {
        self.run_with(&AsWhole::<N>)
    }

    /// Runs the fit of a joint model: each term compares the part it names ([`Parts`]), all
    /// with one set of parameters. See [`Parts`] for an example.
    ///
    /// # Errors
    /// As [`Fit::run`], with [`Objective::loss_parts`] for the objective's.
    pub fn run_parts(self) -> Result<FitResult<M>>
    where
        M: DifferentiableParts,
    {
        self.run_with(&AsJoint)
    }

    fn run_with<E>(self, view: &E) -> Result<FitResult<M>>
    where
        M: Sync,
        E: View<M, f64> + View<M::Rebind<Grad>, Grad> + View<M::Rebind<Grad4>, Grad4>,
    {
        let partition = self.params.partition(&self.filter)?;
        if partition.is_empty() {
            return Err(Error::NoFreeParameter);
        }
        // The objective's own errors (weights, gaps, losses) before any optimiser sees it.
        let skipped_points = self.objective.skipped_points()?;
        let scaled = Scaled::new(&partition);
        let objective = &self.objective;
        let filter = &self.filter;
        let x0 = scaled.to_x(&partition.selected());
        let bounds = scaled.bounds()?;
        let least_squares = objective.is_least_squares();
        // A joint prior replaces the individual priors of its parameters.
        let joints = if self.priors {
            joint_blocks(&partition)?
        } else {
            Vec::new()
        };
        let priors: Vec<Option<Prior>> = (partition.params().enumerate())
            .map(|(k, p)| {
                let joined = joints.iter().any(|(_, at)| at.contains(&k));
                p.meta().prior().copied().filter(|_| self.priors && !joined)
            })
            .collect();
        // The joint priors as whitened residual rows `L^-1 (v - mean) / sqrt 2`: their rows
        // of `L^-1 / sqrt 2`, and their first row.
        let joint_rows: Vec<(Vec<Vec<f64>>, usize)> = (joints.iter())
            .scan(prior_rows_len(&priors), |row, (j, _)| {
                let first = *row;
                *row += j.len();
                let w = j.whitening();
                let w = (w.into_iter())
                    .map(|r| {
                        r.into_iter()
                            .map(|v| v * std::f64::consts::FRAC_1_SQRT_2)
                            .collect()
                    })
                    .collect();
                Some((w, first))
            })
            .collect();
        let n_joint: usize = joints.iter().map(|(j, _)| j.len()).sum();
        let normal_priors = priors
            .iter()
            .all(|p| matches!(p, None | Some(Prior::Normal { .. })));
        let method = match self.method {
            Method::Auto if least_squares && normal_priors => Method::LevenbergMarquardt,
            Method::Auto => Method::Lbfgs,
            Method::LevenbergMarquardt if !normal_priors => {
                return Err(Error::Fit(
                    "Levenberg-Marquardt takes only normal priors (as residuals): fit with \
                     Method::Lbfgs or Method::NelderMead, or Method::Auto"
                        .into(),
                ));
            }
            m => m,
        };
        // The normal priors as residual rows: (index, mean, 1 / (std sqrt 2)).
        let prior_rows: Vec<(usize, f64, f64)> = (priors.iter().enumerate())
            .filter_map(|(k, p)| match p {
                Some(Prior::Normal { mean, std, .. }) => {
                    Some((k, *mean, 1.0 / (std * std::f64::consts::SQRT_2)))
                }
                _ => None,
            })
            .collect();
        let model_at = |x: &[f64]| partition.apply(&scaled.to_values(x));
        let table_at = |x: &[f64]| partition.table_at(&scaled.to_values(x));
        let report = match method {
            Method::LevenbergMarquardt => {
                let start = partition.apply(&partition.selected())?;
                let m = objective.residuals_parts(&view.as_joint(&start))?.len();
                let residuals = |x: &[f64], r: &mut [f64]| -> Result<()> {
                    r[..m].copy_from_slice(
                        &objective.residuals_parts(&view.as_joint(&model_at(x)?))?,
                    );
                    let v = scaled.to_values(x);
                    for (row, &(k, mean, w)) in prior_rows.iter().enumerate() {
                        r[m + row] = (v[k] - mean) * w;
                    }
                    for ((j, at), (_, first)) in joints.iter().zip(&joint_rows) {
                        let w = j.whiten(&at.iter().map(|&k| v[k]).collect::<Vec<_>>());
                        for (i, w) in w.iter().enumerate() {
                            r[m + first + i] = w * std::f64::consts::FRAC_1_SQRT_2;
                        }
                    }
                    Ok(())
                };
                let jac = |x: &[f64], mut j: ArrayViewMut2<'_, f64>| -> Result<()> {
                    let d = residual_jacobian(view, objective, &table_at(x)?, filter, m)?;
                    for ((i, k), v) in d.indexed_iter() {
                        j[[i, k]] = v * scaled.scale[k];
                    }
                    for (row, &(k, _, w)) in prior_rows.iter().enumerate() {
                        j.row_mut(m + row).fill(0.0);
                        j[[m + row, k]] = w * scaled.scale[k];
                    }
                    for ((_, at), (rows, first)) in joints.iter().zip(&joint_rows) {
                        for (i, r) in rows.iter().enumerate() {
                            j.row_mut(m + first + i).fill(0.0);
                            for (&k, v) in at.iter().zip(r) {
                                j[[m + first + i, k]] = v * scaled.scale[k];
                            }
                        }
                    }
                    Ok(())
                };
                let problem =
                    LeastSquares::new(m + prior_rows.len() + n_joint, residuals).with_jacobian(jac);
                optim::levenberg_marquardt(problem, &x0, &bounds, self.options)?
            }
            Method::Lbfgs => {
                let fg = |x: &[f64], g: &mut [f64]| -> Result<f64> {
                    let (value, grad) = loss_gradient(view, objective, &table_at(x)?, filter)?;
                    let (penalty, dp) = prior_penalty(&priors, &joints, &scaled.to_values(x));
                    for (((g, d), p), s) in g.iter_mut().zip(grad).zip(dp).zip(&scaled.scale) {
                        *g = (d + p) * s;
                    }
                    Ok(value + penalty)
                };
                optim::lbfgsb(fg, &x0, &bounds, self.options)?
            }
            Method::NelderMead | Method::Auto => {
                let f = |x: &[f64]| {
                    let penalty = prior_penalty(&priors, &joints, &scaled.to_values(x)).0;
                    Ok(objective.loss_parts(&view.as_joint(&model_at(x)?))? + penalty)
                };
                optim::nelder_mead(f, &x0, &bounds, self.options)?
            }
        };
        let values = scaled.to_values(&report.x);
        let params = partition.table_at(&values)?;
        let model = params.model().clone();
        let loss = objective.loss_parts(&view.as_joint(&model))?
            + prior_penalty(&priors, &joints, &values).0;
        let (covariance, residuals) = if least_squares {
            let residuals = objective.residuals_parts(&view.as_joint(&model))?;
            let j = residual_jacobian(view, objective, &params, filter, residuals.len())?;
            (covariance(&j, &residuals), Some(residuals))
        } else {
            (None, None)
        };
        Ok(FitResult {
            names: partition.names().iter().map(|s| s.to_string()).collect(),
            values,
            model,
            params,
            loss,
            report,
            covariance,
            residuals,
            skipped_points,
        })
    }
}

/// The number of residual rows of the normal priors.
fn prior_rows_len(priors: &[Option<Prior>]) -> usize {
    (priors.iter())
        .filter(|p| matches!(p, Some(Prior::Normal { .. })))
        .count()
}

/// `-ln p(v)` summed over the parameters that have a prior and the joint priors (`v` in SI),
/// and its gradient.
fn prior_penalty(
    priors: &[Option<Prior>],
    joints: &[(JointPrior, Vec<usize>)],
    v: &[f64],
) -> (f64, Vec<f64>) {
    let mut total = 0.0;
    let mut grad = vec![0.0; v.len()];
    for ((p, &x), g) in priors.iter().zip(v).zip(&mut grad) {
        if let Some(p) = p {
            let d = p.ln_pdf(Dual64::new(x, 1.0));
            total -= d.re;
            *g = -d.eps;
        }
    }
    for (j, at) in joints {
        let (p, dp) = j.ln_pdf(&at.iter().map(|&k| v[k]).collect::<Vec<_>>());
        total -= p;
        for (&k, d) in at.iter().zip(dp) {
            grad[k] -= d;
        }
    }
    (total, grad)
}

/// How a fit sees its model, of type `Mo` over the scalar `T` (`f64`, and the dual numbers of
/// its derivatives), as a joint model ([`Parts`]): a joint model is itself ([`AsJoint`]), a whole
/// `N`-port is the joint model of one unnamed part ([`AsWhole`]). The one place a fit tells the
/// two apart; the objective sees only joint models.
trait View<Mo, T: Scalar>: Sync {
    fn as_joint<'m>(&self, model: &'m Mo) -> impl Parts<T> + 'm;
}

/// A whole `N`-port, seen as the joint model of one unnamed part.
struct AsWhole<const N: usize>;

impl<T: Scalar, Mo: Component<N, Scalar = T>, const N: usize> View<Mo, T> for AsWhole<N> {
    fn as_joint<'m>(&self, model: &'m Mo) -> impl Parts<T> + 'm {
        super::parts::Whole::<Mo, N>(model)
    }
}

/// A joint model, seen as itself.
struct AsJoint;

impl<T: Scalar, Mo: Parts<T>> View<Mo, T> for AsJoint {
    fn as_joint<'m>(&self, model: &'m Mo) -> impl Parts<T> + 'm {
        model
    }
}

/// The loss and its gradient with respect to the selected parameters (SI units), all
/// directions in one vector-dual pass ([`Grad4`] for at most [`FEW_LANES`] parameters, else
/// [`Grad`]); a failed evaluation gives NaN, which the derivative layer reports.
fn loss_gradient<M, E>(
    view: &E,
    objective: &Objective,
    params: &Params<M>,
    filter: &Filter,
) -> Result<(f64, Vec<f64>)>
where
    M: Model<Scalar = f64> + Sync,
    E: View<M::Rebind<Grad>, Grad> + View<M::Rebind<Grad4>, Grad4>,
{
    if params.partition(filter)?.len() <= FEW_LANES {
        value_and_gradient_lanes::<FEW_LANES, _>(params, filter, |model| {
            objective
                .loss_parts(&view.as_joint(model))
                .unwrap_or(Grad4::from(f64::NAN))
        })
    } else {
        value_and_gradient_lanes::<LANES, _>(params, filter, |model| {
            objective
                .loss_parts(&view.as_joint(model))
                .unwrap_or(Grad::from(f64::NAN))
        })
    }
}

/// The Jacobian of the `m` residuals with respect to the selected parameters (SI units), as
/// [`loss_gradient`] does.
fn residual_jacobian<M, E>(
    view: &E,
    objective: &Objective,
    params: &Params<M>,
    filter: &Filter,
    m: usize,
) -> Result<Array2<f64>>
where
    M: Model<Scalar = f64> + Sync,
    E: View<M::Rebind<Grad>, Grad> + View<M::Rebind<Grad4>, Grad4>,
{
    if params.partition(filter)?.len() <= FEW_LANES {
        jacobian_lanes::<FEW_LANES, _>(params, filter, |model| {
            objective
                .residuals_parts(&view.as_joint(model))
                .unwrap_or_else(|_| vec![Grad4::from(f64::NAN); m])
        })
    } else {
        jacobian_lanes::<LANES, _>(params, filter, |model| {
            objective
                .residuals_parts(&view.as_joint(model))
                .unwrap_or_else(|_| vec![Grad::from(f64::NAN); m])
        })
    }
}

/// The selected parameters in the optimiser's scaled units.
struct Scaled {
    scale: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
}

impl Scaled {
    fn new<M: Model<Scalar = f64>>(partition: &Partition<M>) -> Self {
        let mut s = Scaled {
            scale: Vec::new(),
            lower: Vec::new(),
            upper: Vec::new(),
        };
        for p in partition.params() {
            let meta = p.meta();
            let scale = meta.scale().abs();
            let scale = if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            };
            let (lo, hi) = meta.bounds();
            s.scale.push(scale);
            s.lower.push(lo / scale);
            s.upper.push(hi / scale);
        }
        s
    }

    fn to_x(&self, values: &[f64]) -> Vec<f64> {
        values.iter().zip(&self.scale).map(|(v, s)| v / s).collect()
    }

    fn to_values(&self, x: &[f64]) -> Vec<f64> {
        x.iter().zip(&self.scale).map(|(x, s)| x * s).collect()
    }

    fn bounds(&self) -> Result<Bounds> {
        Bounds::new(self.lower.clone(), self.upper.clone())
    }
}

/// The Gauss-Newton covariance `s^2 (J^T J)^-1` of the selected parameters (SI units) at the
/// optimum from the residuals' Jacobian `j`, with `s^2 = sum r^2 / (m - n)` over the `m`
/// residuals that depend on them; `None` if `J^T J` is singular (a parameter the data do not
/// determine) or `m <= n`.
fn covariance(j: &Array2<f64>, r: &[f64]) -> Option<Array2<f64>> {
    let n = j.ncols();
    let informative = j
        .rows()
        .into_iter()
        .filter(|row| row.iter().any(|&v| v != 0.0))
        .count();
    if informative <= n {
        return None;
    }
    let s2 = r.iter().map(|x| x * x).sum::<f64>() / (informative - n) as f64;
    let jtj = j.t().dot(j);
    symmetric_inverse(&jtj).map(|inv| inv * s2)
}

/// The outcome of a [`Fit`].
#[derive(Clone, Debug)]
pub struct FitResult<M: Model<Scalar = f64>> {
    names: Vec<String>,
    values: Vec<f64>,
    model: M,
    params: Params<M>,
    loss: f64,
    report: Report,
    covariance: Option<Array2<f64>>,
    residuals: Option<Vec<f64>>,
    skipped_points: usize,
}

impl<M: Model<Scalar = f64>> FitResult<M> {
    /// The fitted model.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The fitted parameter table: every parameter, with the per-instance state it was fitted
    /// with (save it with serde and reload it with [`Params::load`]).
    pub fn params(&self) -> &Params<M> {
        &self.params
    }

    /// The objective's loss at the fitted model, plus `-ln p` of its priors for a MAP fit
    /// ([`Fit::with_priors`]).
    pub fn loss(&self) -> f64 {
        self.loss
    }

    /// What the optimiser reports: iterations, evaluations, why it stopped.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The frequency points of the data skipped as measurement gaps (NaN), summed over the
    /// terms ([`Objective::skipped_points`]).
    pub fn skipped_points(&self) -> usize {
        self.skipped_points
    }

    /// The names of the fitted parameters, in the order of [`FitResult::values`].
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The fitted values (SI units).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The covariance of the fitted parameters (SI units, in the order of
    /// [`FitResult::names`]) from the Jacobian at the optimum (Gauss-Newton); `None` for
    /// objectives that are not sums of squares, or when the data do not determine every
    /// parameter.
    pub fn covariance(&self) -> Option<&Array2<f64>> {
        self.covariance.as_ref()
    }

    /// The residuals at the fitted model ([`Objective::residuals`]: `sum r^2` is the loss), for
    /// least-squares objectives.
    pub fn residuals(&self) -> Option<&[f64]> {
        self.residuals.as_deref()
    }

    /// The standard error of each fitted parameter (square roots of the covariance's diagonal).
    pub fn std_errors(&self) -> Option<Vec<f64>> {
        self.covariance
            .as_ref()
            .map(|c| (0..c.nrows()).map(|i| c[[i, i]].max(0.0).sqrt()).collect())
    }

    /// The fitted model evaluated like `data`: on its grid, at its reference impedances.
    ///
    /// # Errors
    /// As [`Component::network_z0`]-style evaluation: a non-finite result.
    pub fn fitted<const N: usize>(&self, data: &Network) -> Result<Network>
    where
        M: Component<N>,
    {
        let s = self.model.s_z0_per_frequency(
            data.frequency(),
            data.z0().view(),
            crate::network::WaveDef::Power,
        )?;
        Ok(
            Network::new(data.frequency().clone(), s, data.z0().clone())?
                .with_name(format!("{} (fit)", data.name())),
        )
    }
}

impl<M: Model<Scalar = f64> + Parts<f64>> FitResult<M> {
    /// The part `name` of a fitted joint model evaluated like `data`: on its grid, at its
    /// reference impedances.
    ///
    /// # Errors
    /// A part the model does not have, a port count other than the data's, a non-finite result.
    pub fn fitted_part(&self, name: &str, data: &Network) -> Result<Network> {
        let s = super::objective::part_s(&self.model, name, data)?;
        Ok(
            Network::new(data.frequency().clone(), s, data.z0().clone())?
                .with_name(format!("{} (fit)", data.name())),
        )
    }
}

impl<M: Model<Scalar = f64>> fmt::Display for FitResult<M> {
    /// The fitted parameters in their declared units with standard errors, and the loss and
    /// the optimiser's report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.std_errors();
        writeln!(
            f,
            "{:<28} {:>14} {:>12}  unit",
            "parameter", "value", "std error"
        )?;
        for (k, name) in self.names.iter().enumerate() {
            let meta = self.params.get(name).map(|p| p.meta());
            let (scale, unit) = meta.map_or((1.0, ""), |m| (m.scale(), m.unit()));
            let unit = prefixed(scale, unit);
            let err = errors
                .as_ref()
                .map_or("-".to_string(), |e| format!("{:.4e}", e[k] / scale));
            writeln!(
                f,
                "{name:<28} {:>14.6} {err:>12}  {unit}",
                self.values[k] / scale
            )?;
        }
        write!(
            f,
            "loss {:.6e}; {} after {} iterations, {} evaluations",
            self.loss, self.report.termination, self.report.iterations, self.report.evaluations
        )?;
        if self.skipped_points > 0 {
            write!(f, "; {} gap points (NaN data) skipped", self.skipped_points)?;
        }
        Ok(())
    }
}

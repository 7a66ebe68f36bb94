//! What a fit from Python minimises: data [`Term`]s scored by one pmrf [`Loss`], design
//! [`GoalSpec`]s (hinge penalties, as pmrf's `Goal`) and, for a MAP fit, the parameters'
//! priors; the residuals, the scalar loss and their exact derivatives over the free
//! parameters of a [`DynModel`].
//!
//! The formulas are pmrf's `Objective`: a term's loss is `weight * loss(mean |d|^2)` over its
//! points, Huber's residuals are `d sqrt(2 rho(|d|)) / |d|`, a goal's residuals are its
//! violations times `sqrt(weight / points)`.

use std::sync::Arc;

use numpy::Complex64;
use numpy::ndarray::{Array3, Array4, ArrayView3, ArrayViewMut2};
use pmrf::fit::{Bound, Feature, Goal, Loss};
use pmrf::params::Prior;
use pmrf::{Complex, Dual64, Error, Frequency, Network, Scalar};

use crate::model::DynModel;

/// One term of the loss: a feature, its data and the residual weight of each value.
pub(crate) struct Term {
    feature: Feature,
    /// The data's feature values.
    target: Vec<f64>,
    /// `sqrt(term weight * point weight)` per value; zero outside the band.
    scale: Vec<f64>,
    /// The term's weight.
    weight: f64,
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
            weight,
        })
    }

    /// Its residuals from S `s` into `out`: differences times their weights, Huber's scaled
    /// beyond `delta`.
    /// Every value inside the band weighs 1 (a likelihood compares plain differences);
    /// returns how many values are inside.
    pub(crate) fn unweighted(&mut self) -> usize {
        let mut count = 0;
        for w in &mut self.scale {
            if *w > 0.0 {
                *w = 1.0;
                count += 1;
            }
        }
        count
    }

    fn rows<T: Scalar>(
        &self,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
        delta: Option<f64>,
        out: &mut [T],
    ) -> pmrf::Result<()> {
        let values = self.feature.values(freq, s)?;
        let diff = self.feature.difference(&values, &self.target);
        let per = self.feature.values_per_point();
        for ((d, w), out) in (diff.chunks_exact(per))
            .zip(self.scale.chunks_exact(per))
            .zip(out.chunks_exact_mut(per))
        {
            let huber = delta.map_or(T::one(), |delta| huber_scale(d, delta));
            for ((o, &d), &w) in out.iter_mut().zip(d).zip(w) {
                *o = d * huber * w;
            }
        }
        Ok(())
    }
}

/// `sqrt(2 rho(a)) / a` for `a = |d|`: 1 up to `delta`, then `sqrt(delta (2a - delta)) / a`
/// (pmrf's Huber residuals).
fn huber_scale<T: Scalar>(d: &[T], delta: f64) -> T {
    let sq = d.iter().fold(T::zero(), |s, &x| s + x * x);
    if sq.re() <= delta * delta {
        return T::one();
    }
    let a = sq.sqrt();
    ((a * 2.0 - delta) * delta).sqrt() / a
}

/// A design goal, as pmrf's [`Goal`]: a real feature kept below or above a limit at every
/// point of a grid, penalised by the mean squared violation.
#[derive(Clone, Debug)]
pub(crate) struct GoalSpec {
    pub(crate) feature: Feature,
    pub(crate) bound: Bound,
    pub(crate) frequency: Frequency,
    pub(crate) weight: f64,
}

impl GoalSpec {
    /// The goal, checked as pmrf's [`Goal::new`] checks it (a real feature, a finite limit),
    /// and for what a Python model can give (S-parameter traces, not noise or 2-port figures).
    pub(crate) fn new(
        feature: Feature,
        bound: Bound,
        frequency: Frequency,
        weight: f64,
    ) -> pmrf::Result<Self> {
        Goal::new(feature, bound, frequency.clone())?;
        if feature.needs_noise() || feature.two_port_metric().is_some() {
            return Err(Error::Fit(format!(
                "goal on `{feature}`: goals from Python keep traces of S, Z, Y or ABCD \
                 (`s11_db`, `s21_mag`, ...), not noise or 2-port figures"
            )));
        }
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(Error::Fit(format!(
                "weight {weight} of the goal on `{feature}`: weights must be finite and \
                 non-negative"
            )));
        }
        Ok(GoalSpec {
            feature,
            bound,
            frequency,
            weight,
        })
    }

    /// Its residuals from S `s` (on its grid) into `out`: the violations times
    /// `sqrt(weight / points)`, zero where the goal is met.
    fn rows<T: Scalar>(&self, s: ArrayView3<'_, Complex<T>>, out: &mut [T]) -> pmrf::Result<()> {
        let values = self.feature.values(&self.frequency, s)?;
        let scale = (self.weight / values.len() as f64).sqrt();
        for (o, v) in out.iter_mut().zip(values) {
            let excess = match self.bound {
                Bound::Below(limit) => v - limit,
                Bound::Above(limit) => -(v - limit),
            };
            *o = if excess.re() > 0.0 {
                excess * scale
            } else {
                T::zero()
            };
        }
        Ok(())
    }

    /// Its number of residuals on a model of `nports` ports.
    fn len(&self, nports: usize) -> pmrf::Result<usize> {
        let s = Array3::from_elem(
            (self.frequency.len(), nports, nports),
            Complex64::new(0.0, 0.0),
        );
        Ok(self.feature.values(&self.frequency, s.view())?.len())
    }
}

/// The least-squares problem: the model's free parameters against the terms.
pub(crate) struct Problem {
    model: Arc<dyn DynModel>,
    freq: Frequency,
    terms: Vec<Term>,
    /// Every parameter's value (SI), flat order; the free ones are overwritten.
    values: Vec<f64>,
    /// Positions of the fitted parameters in `values`.
    free: Vec<usize>,
    /// Their columns in the model's Jacobian (over all its free parameters): a stage fits
    /// some of them.
    columns: Vec<usize>,
    /// The optimiser's units: `x = value / scale`.
    scale: Vec<f64>,
    /// Rows of the data terms.
    rows: usize,
    /// How the terms score their differences.
    loss: Loss,
    goals: Vec<GoalSpec>,
    /// Rows of each goal.
    goal_rows: Vec<usize>,
    /// The prior of each free parameter that enters (a MAP fit), in the order of `free`.
    priors: Vec<Option<Prior>>,
}

impl Problem {
    /// The problem of fitting the parameters at positions `free` of `model` (their values
    /// divided by `scale`) to `terms` on the grid `freq` (the data's), scored by `loss`, with
    /// `goals`, and `priors` (one per free parameter, `None` where none enters).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        model: Arc<dyn DynModel>,
        freq: Frequency,
        terms: Vec<Term>,
        free: Vec<usize>,
        scale: Vec<f64>,
        loss: Loss,
        goals: Vec<GoalSpec>,
        priors: Vec<Option<Prior>>,
    ) -> pmrf::Result<Self> {
        let nports = model.nports();
        let rows = model.params();
        let model_free: Vec<usize> = (rows.iter().enumerate())
            .filter(|(_, r)| r.free)
            .map(|(i, _)| i)
            .collect();
        let columns = (free.iter())
            .map(|i| {
                model_free.iter().position(|j| j == i).ok_or_else(|| {
                    Error::Fit(format!(
                        "parameter `{}` is not free: a fit varies free parameters only",
                        rows.get(*i).map_or("?", |r| r.name.as_str())
                    ))
                })
            })
            .collect::<pmrf::Result<_>>()?;
        let goal_rows = (goals.iter())
            .map(|g| g.len(nports))
            .collect::<pmrf::Result<_>>()?;
        Ok(Problem {
            rows: terms.iter().map(|t| t.target.len()).sum(),
            values: rows.iter().map(|r| r.value).collect(),
            columns,
            model,
            freq,
            terms,
            free,
            scale,
            loss,
            goals,
            goal_rows,
            priors,
        })
    }

    /// The model at the scaled free values `x`.
    pub(crate) fn model_at(&self, x: &[f64]) -> pmrf::Result<Arc<dyn DynModel>> {
        let mut values = self.values.clone();
        for ((&i, x), s) in self.free.iter().zip(x).zip(&self.scale) {
            values[i] = x * s;
        }
        self.model.with_values(&values)
    }

    /// Every parameter's value (SI), flat order, as the problem started.
    pub(crate) fn values(&self) -> &[f64] {
        &self.values
    }

    /// The Huber `delta` of the loss, if it is Huber.
    fn delta(&self) -> Option<f64> {
        match self.loss {
            Loss::Huber { delta } => Some(delta),
            _ => None,
        }
    }

    /// The residuals of the data terms from S `s` (on the data's grid) into `r`.
    pub(crate) fn residuals(&self, s: &Array3<Complex64>, r: &mut [f64]) -> pmrf::Result<()> {
        let mut at = 0;
        for t in &self.terms {
            let n = t.target.len();
            t.rows(&self.freq, s.view(), self.delta(), &mut r[at..at + n])?;
            at += n;
        }
        Ok(())
    }

    /// The derivatives of the data terms' residuals by the SI values of the fitted parameters
    /// from S `s` and its Jacobian `ds` over the model's free parameters (each fitted one's
    /// column pushed through each feature on dual numbers).
    pub(crate) fn jacobian(
        &self,
        s: &Array3<Complex64>,
        ds: &Array4<Complex64>,
        mut j: ArrayViewMut2<'_, f64>,
    ) -> pmrf::Result<()> {
        let mut col = vec![Dual64::from(0.0); self.rows];
        for (k, &c) in self.columns.iter().enumerate() {
            let dual = dual_column(s, ds, c);
            let mut at = 0;
            for t in &self.terms {
                let n = t.target.len();
                t.rows(&self.freq, dual.view(), self.delta(), &mut col[at..at + n])?;
                at += n;
            }
            for (i, d) in col.iter().enumerate() {
                j[[i, k]] = d.eps;
            }
        }
        Ok(())
    }

    /// Rows of the objective: the data terms', then the goals'.
    pub(crate) fn objective_rows(&self) -> usize {
        self.rows + self.goal_rows.iter().sum::<usize>()
    }

    /// The rows of the normal priors, as Levenberg-Marquardt takes them: `(position, mean,
    /// 1 / (std sqrt 2))`.
    fn prior_rows(&self) -> Vec<(usize, f64, f64)> {
        (self.priors.iter().enumerate())
            .filter_map(|(k, p)| match p {
                Some(Prior::Normal { mean, std, .. }) => {
                    Some((k, *mean, 1.0 / (std * std::f64::consts::SQRT_2)))
                }
                _ => None,
            })
            .collect()
    }

    /// Whether every prior that enters is normal (so Levenberg-Marquardt takes them as rows).
    pub(crate) fn normal_priors(&self) -> bool {
        (self.priors.iter()).all(|p| matches!(p, None | Some(Prior::Normal { .. })))
    }

    /// All rows Levenberg-Marquardt sees: the objective's, then one per normal prior.
    pub(crate) fn lsq_rows(&self) -> usize {
        self.objective_rows() + self.prior_rows().len()
    }

    /// The objective's residuals (data terms, then goals) at the scaled values `x` into `r`.
    pub(crate) fn objective_residuals(&self, x: &[f64], r: &mut [f64]) -> pmrf::Result<()> {
        let model = self.model_at(x)?;
        let s = if self.rows > 0 {
            Some(model.s(&self.freq)?)
        } else {
            None
        };
        self.objective_residuals_of(&*model, s.as_ref(), r)
    }

    /// The objective's residuals of `model`, whose S on the data's grid is `s` (`None`
    /// without data terms), into `r`.
    pub(crate) fn objective_residuals_of(
        &self,
        model: &dyn DynModel,
        s: Option<&Array3<Complex64>>,
        r: &mut [f64],
    ) -> pmrf::Result<()> {
        if let Some(s) = s {
            self.residuals(s, &mut r[..self.rows])?;
        }
        let mut at = self.rows;
        for (g, &n) in self.goals.iter().zip(&self.goal_rows) {
            g.rows(model.s(&g.frequency)?.view(), &mut r[at..at + n])?;
            at += n;
        }
        Ok(())
    }

    /// `-ln p` of the priors that enter, at the scaled values `x`.
    pub(crate) fn prior_penalty(&self, x: &[f64]) -> f64 {
        (self.priors.iter().zip(x).zip(&self.scale))
            .filter_map(|((p, x), s)| p.as_ref().map(|p| -p.ln_pdf(x * s)))
            .sum()
    }

    /// The Jacobian of [`Problem::objective_residuals`] by the SI values at the scaled
    /// values `x` into `j`.
    pub(crate) fn objective_jacobian(
        &self,
        x: &[f64],
        mut j: ArrayViewMut2<'_, f64>,
    ) -> pmrf::Result<()> {
        let model = self.model_at(x)?;
        if self.rows > 0 {
            let (s, ds) = model.s_jacobian(&self.freq)?;
            self.jacobian(&s, &ds, j.slice_mut(numpy::ndarray::s![..self.rows, ..]))?;
        }
        let mut at = self.rows;
        for (g, &n) in self.goals.iter().zip(&self.goal_rows) {
            let (s, ds) = model.s_jacobian(&g.frequency)?;
            let mut col = vec![Dual64::from(0.0); n];
            for (k, &c) in self.columns.iter().enumerate() {
                g.rows(dual_column(&s, &ds, c).view(), &mut col)?;
                for (i, d) in col.iter().enumerate() {
                    j[[at + i, k]] = d.eps;
                }
            }
            at += n;
        }
        Ok(())
    }

    /// The residuals Levenberg-Marquardt minimises at `x`: the objective's, then the normal
    /// priors' `(value - mean) / (std sqrt 2)`.
    pub(crate) fn lsq_residuals(&self, x: &[f64], r: &mut [f64]) -> pmrf::Result<()> {
        let m = self.objective_rows();
        self.objective_residuals(x, &mut r[..m])?;
        for (row, (k, mean, w)) in self.prior_rows().into_iter().enumerate() {
            r[m + row] = (x[k] * self.scale[k] - mean) * w;
        }
        Ok(())
    }

    /// The Jacobian of [`Problem::lsq_residuals`] in the optimiser's units (by `x`).
    pub(crate) fn lsq_jacobian(
        &self,
        x: &[f64],
        mut j: ArrayViewMut2<'_, f64>,
    ) -> pmrf::Result<()> {
        let m = self.objective_rows();
        self.objective_jacobian(x, j.slice_mut(numpy::ndarray::s![..m, ..]))?;
        for (row, (k, _, w)) in self.prior_rows().into_iter().enumerate() {
            j.row_mut(m + row).fill(0.0);
            j[[m + row, k]] = w;
        }
        // The optimiser's units: d r / d x = d r / d value * scale.
        for (mut col, s) in j.columns_mut().into_iter().zip(&self.scale) {
            col *= *s;
        }
        Ok(())
    }

    /// The scalar loss at `x` (pmrf's `Objective::loss` plus `-ln p` of the priors that
    /// enter) and, into `grad` if given, its gradient by `x`.
    pub(crate) fn loss(&self, x: &[f64], grad: Option<&mut [f64]>) -> pmrf::Result<f64> {
        let m = self.objective_rows();
        let mut r = vec![0.0; m];
        self.objective_residuals(x, &mut r)?;
        // d loss / d r, row by row: each term's loss is a function of its sum of squares.
        let mut dr = vec![0.0; m];
        let mut total = 0.0;
        let mut at = 0;
        for t in &self.terms {
            let n = t.target.len();
            let rows = &r[at..at + n];
            let squares: f64 = rows.iter().map(|v| v * v).sum();
            // `squares` is `weight * mse` (Huber: `weight * sum w 2 rho`).
            let (value, slope) = match self.loss {
                Loss::Rmse if t.weight > 0.0 => {
                    let v = (t.weight * squares).sqrt();
                    (v, if v > 0.0 { t.weight / (2.0 * v) } else { 0.0 })
                }
                Loss::LogMse if t.weight > 0.0 => (
                    t.weight * (squares / t.weight).log10(),
                    t.weight / (squares * std::f64::consts::LN_10),
                ),
                Loss::Rmse | Loss::LogMse => (0.0, 0.0),
                _ => (squares, 1.0),
            };
            total += value;
            for (d, v) in dr[at..at + n].iter_mut().zip(rows) {
                *d = 2.0 * slope * v;
            }
            at += n;
        }
        for (d, v) in dr[at..].iter_mut().zip(&r[at..]) {
            total += v * v;
            *d = 2.0 * v;
        }
        let values: Vec<f64> = x.iter().zip(&self.scale).map(|(x, s)| x * s).collect();
        for (p, &v) in self.priors.iter().zip(&values) {
            if let Some(p) = p {
                total -= p.ln_pdf(v);
            }
        }
        if let Some(grad) = grad {
            let mut j = numpy::ndarray::Array2::zeros((m, self.free.len()));
            self.objective_jacobian(x, j.view_mut())?;
            for (k, g) in grad.iter_mut().enumerate() {
                let mut d: f64 = j.column(k).iter().zip(&dr).map(|(j, d)| j * d).sum();
                if let Some(p) = &self.priors[k] {
                    d -= p.ln_pdf(Dual64::new(values[k], 1.0)).eps;
                }
                *g = d * self.scale[k];
            }
        }
        Ok(total)
    }

    /// The scales of the free parameters (the optimiser's units).
    pub(crate) fn scale(&self) -> &[f64] {
        &self.scale
    }

    /// Positions of the fitted parameters in the model's flat order.
    pub(crate) fn free(&self) -> &[usize] {
        &self.free
    }

    /// The data's grid.
    pub(crate) fn freq(&self) -> &Frequency {
        &self.freq
    }

    /// Whether the data terms are sums of squares (MSE or Huber), as Levenberg-Marquardt and
    /// the covariance need.
    pub(crate) fn is_least_squares(&self) -> bool {
        self.loss.is_least_squares()
    }
}

/// S on dual numbers whose derivative part is column `k` of the Jacobian `ds`.
fn dual_column(s: &Array3<Complex64>, ds: &Array4<Complex64>, k: usize) -> Array3<Complex<Dual64>> {
    Array3::from_shape_fn(s.raw_dim(), |(f, a, b)| {
        let (v, d) = (s[[f, a, b]], ds[[f, a, b, k]]);
        Complex::new(Dual64::new(v.re, d.re), Dual64::new(v.im, d.im))
    })
}

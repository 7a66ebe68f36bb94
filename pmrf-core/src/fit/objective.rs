//! What a fit minimises: a weighted sum of [`Term`]s (a feature of the model against the same
//! feature of a measurement, scored by a [`Loss`]) and design [`Goal`]s (hinge penalties on a
//! feature over a band).
//!
//! Every loss is a mean over the points it covers, so terms over grids of different sizes
//! weigh alike unless given weights. A complex feature's point is one complex value: its error
//! is `|model - data|^2`, so [`Loss::Mse`] on [`Feature::all`] is ParamRF's complex MSE.
//!
//! A NaN in the data is a measurement gap (as [`Network`] documents): the points whose data
//! feature is NaN are skipped, as if their weight were zero, and counted
//! ([`Objective::skipped_points`]). Data that leave no point to fit are an error.

use std::fmt;
use std::sync::{Arc, OnceLock};

use ndarray::{Array3, ArrayView2, ArrayView3};
use num_complex::{Complex, Complex64};

use super::feature::{ErasedFeature, erased_values};
use super::parts::{PartVisitor, Parts, Whole};
use super::{CustomFeature, Feature, Transform};
use crate::network::noise::{NoiseSweep, SAndNoise};
use crate::network::{Component, WaveDef};
use crate::{Error, Frequency, Network, Result, Scalar};

/// How the differences between a model's feature and the data's are scored, per term.
///
/// With `d` the difference at a point (a complex point counts once, `|d|^2 = re^2 + im^2`) and
/// `w` the point weights normalised to sum to 1:
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Loss {
    /// `sum w |d|^2`, the mean squared error (the default, as ParamRF).
    #[default]
    Mse,
    /// `sqrt(MSE)`: the same minimiser as MSE for a single term; in units of the feature.
    Rmse,
    /// `log10(MSE)`: spreads the loss over decades, for scalar optimisers.
    LogMse,
    /// `sum w 2 rho(|d|)` with Huber's `rho(a) = a^2 / 2` up to `delta`, `delta (a - delta / 2)`
    /// beyond: MSE for small errors, linear (robust to outliers) for large ones.
    Huber {
        /// Where the penalty turns linear, in units of the feature: positive and finite (else
        /// the objective's evaluation is an error).
        delta: f64,
    },
}

impl Loss {
    /// Whether it is a sum of squares, as least-squares optimisers need.
    pub fn is_least_squares(&self) -> bool {
        matches!(self, Loss::Mse | Loss::Huber { .. })
    }
}

/// A measurement and how the model is compared with it.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
/// use pmrf::fit::{Loss, Objective, Term};
///
/// let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz)?;
/// let data = SeriesC::new(1e-12).network(&freq)?;
/// let objective = Objective::new()
///     .term(Term::new(data.clone()))                                    // all of S, MSE
///     .term(Term::new(data).feature("s21_db".parse()?).band(1e9, 2e9).loss(Loss::Huber { delta: 0.5 }));
/// assert_eq!(objective.loss(&SeriesC::new(1e-12))?, 0.0);
/// assert!(objective.loss(&SeriesC::new(1.2e-12))? > 0.0);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Term {
    data: Network,
    feature: Compared,
    part: Option<String>,
    band: Option<(f64, f64)>,
    point_weights: Option<Vec<f64>>,
    loss: Loss,
    weight: f64,
}

impl Term {
    /// The model against `data` on all of S (complex), MSE, weight 1.
    pub fn new(data: Network) -> Self {
        Term {
            data,
            feature: Compared::Builtin(Feature::all()),
            part: None,
            band: None,
            point_weights: None,
            loss: Loss::Mse,
            weight: 1.0,
        }
    }

    /// Compares `feature` instead of all of S.
    pub fn feature(self, feature: Feature) -> Self {
        Term {
            feature: Compared::Builtin(feature),
            ..self
        }
    }

    /// Compares the user's `feature` instead of all of S.
    pub fn custom(self, feature: impl CustomFeature) -> Self {
        Term {
            feature: Compared::Custom(Arc::new(feature)),
            ..self
        }
    }

    /// The data measure the part `name` of a joint model ([`Parts`]), not the whole model.
    pub fn of(self, name: impl Into<String>) -> Self {
        Term {
            part: Some(name.into()),
            ..self
        }
    }

    /// Only the points with `f_start <= f <= f_stop` (Hz) count. Features along frequency
    /// (unwrapped phase, group delay) are still computed over the whole grid.
    pub fn band(self, f_start: f64, f_stop: f64) -> Self {
        Term {
            band: Some((f_start, f_stop)),
            ..self
        }
    }

    /// A weight per frequency point of the data (finite, non-negative, not all zero in the
    /// band). A point of weight zero is skipped, as a NaN (gap) in the data is.
    pub fn point_weights(self, weights: Vec<f64>) -> Self {
        Term {
            point_weights: Some(weights),
            ..self
        }
    }

    /// Scores the differences with `loss`.
    pub fn loss(self, loss: Loss) -> Self {
        Term { loss, ..self }
    }

    /// The weight of this term in the sum (default 1): finite and non-negative, else the
    /// objective's evaluation is an error; zero leaves the term out (but an objective whose
    /// every term and goal weighs zero is an error).
    pub fn weight(self, weight: f64) -> Self {
        Term { weight, ..self }
    }

    /// The measurement.
    pub fn data(&self) -> &Network {
        &self.data
    }

    /// Its built-in feature, `None` for a [`CustomFeature`].
    pub fn compared(&self) -> Option<Feature> {
        match &self.feature {
            Compared::Builtin(f) => Some(*f),
            Compared::Custom(_) => None,
        }
    }

    /// The part of a joint model it measures ([`Term::of`]).
    pub fn part(&self) -> Option<&str> {
        self.part.as_deref()
    }
}

/// What a term compares: a built-in feature or the user's.
#[derive(Clone)]
enum Compared {
    Builtin(Feature),
    Custom(Arc<dyn ErasedFeature>),
}

impl Compared {
    /// The values of S at the reference impedances `z0` (which Z, Y and ABCD features need).
    fn values<T: Scalar>(
        &self,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
        z0: ArrayView2<'_, Complex64>,
    ) -> Result<Vec<T>> {
        match self {
            Compared::Builtin(f) => f.values_at(freq, s, Some(z0)),
            Compared::Custom(f) => erased_values(&**f, freq, s),
        }
    }

    /// Values per scored point: a custom feature's values are scored one by one.
    fn values_per_point(&self) -> usize {
        match self {
            Compared::Builtin(f) => f.values_per_point(),
            Compared::Custom(_) => 1,
        }
    }

    fn difference<T: Scalar>(&self, model: &[T], data: &[f64]) -> Vec<T> {
        match self {
            Compared::Builtin(f) => f.difference(model, data),
            Compared::Custom(_) => model.iter().zip(data).map(|(&m, &d)| m - d).collect(),
        }
    }
}

impl fmt::Display for Compared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Compared::Builtin(feature) => write!(f, "{feature}"),
            Compared::Custom(feature) => write!(f, "{}", feature.name()),
        }
    }
}

impl fmt::Debug for Compared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// Which side of a limit a [`Goal`] keeps its feature on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// The feature should stay at or below the value.
    Below(f64),
    /// The feature should stay at or above the value.
    Above(f64),
}

/// A design goal: a real feature kept below or above a limit over a frequency grid, scored by
/// the mean squared violation (a hinge penalty, zero where the goal is met).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
/// use pmrf::fit::{Bound, Goal, Objective};
///
/// // |S11| < -15 dB from 0.5 to 1 GHz.
/// let band = Frequency::linspace(0.5, 1.0, 11, FrequencyUnit::GHz)?;
/// let goal = Goal::new("s11_db".parse()?, Bound::Below(-15.0), band)?;
/// let objective = Objective::new().goal(goal);
/// assert_eq!(objective.loss(&SeriesC::new(100e-12))?, 0.0); // nearly a thru: met
/// assert!(objective.loss(&SeriesC::new(1e-12))? > 0.0);      // reflects: violated
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Goal {
    feature: Feature,
    bound: Bound,
    frequency: Frequency,
    part: Option<String>,
    weight: f64,
}

impl Goal {
    /// `feature` kept on the side `bound` says, at every point of `frequency` (Z, Y and ABCD
    /// features at 50 ohm references).
    ///
    /// # Errors
    /// [`Error::Fit`] for a complex feature (no order) or a non-finite limit.
    pub fn new(feature: Feature, bound: Bound, frequency: Frequency) -> Result<Self> {
        if feature.transform() == Transform::Complex {
            return Err(Error::Fit(format!(
                "goal on `{feature}`: a complex feature has no order; use a real one such as \
                 `{feature}_db` or `{feature}_mag`"
            )));
        }
        let (Bound::Below(v) | Bound::Above(v)) = bound;
        if !v.is_finite() {
            return Err(Error::Fit(format!(
                "goal on `{feature}`: the limit {v} is not finite"
            )));
        }
        Ok(Goal {
            feature,
            bound,
            frequency,
            part: None,
            weight: 1.0,
        })
    }

    /// The weight of this goal in the sum (default 1): finite and non-negative, as
    /// [`Term::weight`].
    pub fn weight(self, weight: f64) -> Self {
        Goal { weight, ..self }
    }

    /// The goal is on the part `name` of a joint model ([`Parts`]), not the whole model.
    pub fn of(self, name: impl Into<String>) -> Self {
        Goal {
            part: Some(name.into()),
            ..self
        }
    }
}

/// A weighted sum of terms and goals: what a fit minimises.
///
/// [`Objective::loss`] is `sum weight_t loss_t`. When every term's loss is a sum of squares
/// ([`Loss::is_least_squares`]; goals always are), [`Objective::residuals`] gives the vector
/// `r` with `sum r^2` equal to that loss, for least-squares optimisers.
#[derive(Clone, Debug, Default)]
pub struct Objective {
    terms: Vec<Term>,
    goals: Vec<Goal>,
    /// The terms' data sides, computed on first use: terms do not change once added.
    sides: OnceLock<Vec<DataSide>>,
}

/// One term's data side: the feature's target values and each point's weight.
#[derive(Clone, Debug)]
struct DataSide {
    /// The data's feature; a gap (NaN) is replaced by 0, its weight being 0.
    target: Vec<f64>,
    /// Normalised weight of each point (frequency-major, traces within), summing to 1.
    weights: Vec<f64>,
    /// Frequency points with a gap (a NaN in the data's feature).
    gaps: usize,
}

/// A term with its data side.
struct Prepared<'a> {
    term: &'a Term,
    target: &'a [f64],
    weights: &'a [f64],
    gaps: usize,
}

impl Objective {
    /// An empty objective.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a term.
    pub fn term(mut self, term: Term) -> Self {
        self.terms.push(term);
        self.sides = OnceLock::new();
        self
    }

    /// Adds a goal.
    pub fn goal(mut self, goal: Goal) -> Self {
        self.goals.push(goal);
        self
    }

    /// Its terms.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The parts its terms and goals name, `None` for those that name none.
    pub(super) fn named_parts(&self) -> impl Iterator<Item = Option<&str>> {
        let terms = self.terms.iter().map(|t| t.part.as_deref());
        terms.chain(self.goals.iter().map(|g| g.part.as_deref()))
    }

    /// The objective with its terms and goals that name no part naming `name`.
    pub(super) fn of_part(mut self, name: &str) -> Self {
        for part in (self.terms.iter_mut().map(|t| &mut t.part))
            .chain(self.goals.iter_mut().map(|g| &mut g.part))
        {
            part.get_or_insert_with(|| name.to_owned());
        }
        self
    }

    /// The frequency points skipped as measurement gaps, summed over the terms: those where
    /// a term's data feature is NaN (only the NaN values of such a point are skipped, e.g. one
    /// entry of S for [`Feature::all`]).
    ///
    /// # Errors
    /// As [`Objective::loss`], for the data side.
    pub fn skipped_points(&self) -> Result<usize> {
        Ok(self.prepare()?.iter().map(|p| p.gaps).sum())
    }

    /// Whether every term is a sum of squares, so [`Objective::residuals`] exists.
    pub fn is_least_squares(&self) -> bool {
        self.terms.iter().all(|t| t.loss.is_least_squares())
    }

    /// The loss of `model`: [`Objective::loss_parts`] of the model as a joint model of one
    /// part, the unnamed one, which every term and goal measures.
    ///
    /// # Errors
    /// An empty objective; a data set whose port count is not the model's; a feature the data
    /// cannot give (a port beyond its ports, a group delay on one point); a band, weights or
    /// gaps (NaN data) that leave no point; non-finite or negative weights (of points, terms or
    /// goals), or all weights zero; a Huber `delta` that is not positive and finite; a term or
    /// goal that names a part ([`Term::of`]: use [`Objective::loss_parts`]). Each is an
    /// [`Error::Fit`], but for shapes that do not match ([`Error::Shape`]: point weights of
    /// another length than the data, a feature with a different number of values per point)
    /// and the feature's own errors ([`Feature::values`]).
    pub fn loss<T: Scalar, M: Component<N, Scalar = T>, const N: usize>(
        &self,
        model: &M,
    ) -> Result<T> {
        self.loss_parts(&Whole::<M, N>(model))
    }

    /// The loss of a joint model: each term and goal compares the part it names.
    ///
    /// # Errors
    /// As [`Objective::loss`], and a term or goal that names no part (when the model has no
    /// unnamed part, [`Parts::unnamed`]), or a part the model does not have.
    pub fn loss_parts<T: Scalar, P: Parts<T>>(&self, model: &P) -> Result<T> {
        let mut total = T::zero();
        for p in self.prepare()? {
            let diffs = diffs(&p, model)?;
            let mse = squares(&p, &diffs, None);
            let loss = match p.term.loss {
                Loss::Mse => mse,
                Loss::Rmse => mse.sqrt(),
                Loss::LogMse => mse.log10(),
                Loss::Huber { delta } => squares(&p, &diffs, Some(delta)),
            };
            total += loss * p.term.weight;
        }
        for goal in &self.goals {
            let r = goal_residuals(goal, model)?;
            total += r.iter().fold(T::zero(), |acc, &x| acc + x * x) * goal.weight;
        }
        Ok(total)
    }

    /// The residuals `r` of `model`, with `sum r^2` equal to [`Objective::loss`]: each term's
    /// differences times `sqrt(weight * point weight)` (Huber's scaled beyond `delta`), then
    /// each goal's violations. [`Objective::residuals_parts`] of the model as a joint model of
    /// one part, as [`Objective::loss`].
    ///
    /// # Errors
    /// As [`Objective::loss`], and [`Error::Fit`] if a term's loss is not a sum of
    /// squares (RMSE, log-MSE: use a scalar optimiser).
    pub fn residuals<T: Scalar, M: Component<N, Scalar = T>, const N: usize>(
        &self,
        model: &M,
    ) -> Result<Vec<T>> {
        self.residuals_parts(&Whole::<M, N>(model))
    }

    /// [`Objective::residuals`] of a joint model (see [`Objective::loss_parts`]).
    ///
    /// # Errors
    /// As [`Objective::residuals`] and [`Objective::loss_parts`].
    pub fn residuals_parts<T: Scalar, P: Parts<T>>(&self, model: &P) -> Result<Vec<T>> {
        if let Some(t) = self.terms.iter().find(|t| !t.loss.is_least_squares()) {
            return Err(Error::Fit(format!(
                "the {:?} loss of the term on `{}` is not a sum of squares: least-squares \
                 optimisers need MSE or Huber terms",
                t.loss, t.feature
            )));
        }
        let mut out = Vec::new();
        for p in self.prepare()? {
            let diffs = diffs(&p, model)?;
            let per = p.term.feature.values_per_point();
            let delta = match p.term.loss {
                Loss::Huber { delta } => Some(delta),
                _ => None,
            };
            out.reserve(diffs.len());
            for (d, &w) in diffs.chunks_exact(per).zip(p.weights) {
                let scale = (w * p.term.weight).sqrt();
                let huber = delta.map_or(T::one(), |delta| huber_scale(d, delta));
                out.extend(d.iter().map(|&x| x * huber * scale));
            }
        }
        for goal in &self.goals {
            out.extend(goal_residuals(goal, model)?);
        }
        Ok(out)
    }

    /// The differences `model - data` of every term's feature at the points its band and point
    /// weights keep (weight > 0), unweighted, term after term: what a likelihood models as
    /// noise. Goals are not data and are left out. [`Objective::differences_parts`] of the
    /// model as a joint model of one part, as [`Objective::loss`].
    ///
    /// # Errors
    /// As [`Objective::loss`].
    pub fn differences<T: Scalar, M: Component<N, Scalar = T>, const N: usize>(
        &self,
        model: &M,
    ) -> Result<Vec<T>> {
        self.differences_parts(&Whole::<M, N>(model))
    }

    /// [`Objective::differences`] of a joint model (see [`Objective::loss_parts`]).
    ///
    /// # Errors
    /// As [`Objective::loss_parts`].
    pub fn differences_parts<T: Scalar, P: Parts<T>>(&self, model: &P) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for p in self.prepare()? {
            let per = p.term.feature.values_per_point();
            let diffs = diffs(&p, model)?;
            for (d, &w) in diffs.chunks_exact(per).zip(p.weights) {
                if w > 0.0 {
                    out.extend_from_slice(d);
                }
            }
        }
        Ok(out)
    }

    /// For each value of [`Objective::differences`], the real series it belongs to and the
    /// frequency (Hz) of its point: a series is one real value of one trace of one term (the
    /// real or imaginary part of one compared S entry) over that term's kept points. What a
    /// likelihood with differences correlated along frequency needs.
    ///
    /// # Errors
    /// As [`Objective::loss`], for the data side.
    pub(crate) fn difference_series(&self) -> Result<Vec<(usize, f64)>> {
        let mut out = Vec::new();
        let mut first = 0;
        for (p, term) in self.prepare()?.iter().zip(&self.terms) {
            let per = p.term.feature.values_per_point();
            let hz = term.data.frequency().hz();
            let traces = p.weights.len() / hz.len();
            for (i, &w) in p.weights.iter().enumerate() {
                if w > 0.0 {
                    let series = first + (i % traces) * per;
                    out.extend((0..per).map(|c| (series + c, hz[i / traces])));
                }
            }
            first += traces * per;
        }
        Ok(out)
    }

    /// The terms with their data sides, prepared once.
    fn prepare(&self) -> Result<Vec<Prepared<'_>>> {
        if self.terms.is_empty() && self.goals.is_empty() {
            return Err(Error::Fit(
                "the objective is empty: add a term (data to fit) or a goal".into(),
            ));
        }
        let sides = match self.sides.get() {
            Some(sides) => sides,
            None => {
                let sides = self.terms.iter().map(data_side).collect::<Result<_>>()?;
                self.sides.get_or_init(|| sides)
            }
        };
        for goal in &self.goals {
            if !(goal.weight.is_finite() && goal.weight >= 0.0) {
                return Err(Error::Fit(format!(
                    "weight {} of the goal on `{}`: weights must be finite and non-negative",
                    goal.weight, goal.feature
                )));
            }
        }
        let weights = self.terms.iter().map(|t| t.weight);
        if weights
            .chain(self.goals.iter().map(|g| g.weight))
            .all(|w| w == 0.0)
        {
            return Err(Error::Fit(
                "every term and goal of the objective has weight 0: nothing to fit (give one \
                 a positive weight)"
                    .into(),
            ));
        }
        Ok((self.terms.iter().zip(sides))
            .map(|(term, side)| Prepared {
                term,
                target: &side.target,
                weights: &side.weights,
                gaps: side.gaps,
            })
            .collect())
    }
}

/// The name of a term's data set, for messages.
fn data_name(data: &Network) -> &str {
    if data.name().is_empty() {
        "data"
    } else {
        data.name()
    }
}

fn data_side(term: &Term) -> Result<DataSide> {
    let data = &term.data;
    let name = data_name(data);
    if !(term.weight.is_finite() && term.weight >= 0.0) {
        return Err(Error::Fit(format!(
            "weight {} of the term on `{}` of `{name}`: term weights must be finite and \
             non-negative",
            term.weight, term.feature
        )));
    }
    if let Loss::Huber { delta } = term.loss
        && !(delta.is_finite() && delta > 0.0)
    {
        return Err(Error::Fit(format!(
            "Huber delta {delta} of the term on `{}` of `{name}`: delta must be positive and \
             finite (where the penalty turns linear, in units of the feature)",
            term.feature
        )));
    }
    let mut target = term
        .feature
        .values(data.frequency(), data.s().view(), data.z0().view())?;
    let per_point = term.feature.values_per_point() * data.len();
    if target.is_empty() || target.len() % per_point != 0 {
        return Err(Error::Shape(format!(
            "feature `{}` gave {} values for the {} frequency points of `{name}`: expected the \
             same number at every point",
            term.feature,
            target.len(),
            data.len()
        )));
    }
    let per_freq = target.len() / per_point;
    let hz = data.frequency().hz();
    if let Some(w) = &term.point_weights {
        if w.len() != data.len() {
            return Err(Error::Shape(format!(
                "{} point weights for `{name}`, which has {} frequency points",
                w.len(),
                data.len()
            )));
        }
        if let Some(bad) = w.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
            return Err(Error::Fit(format!(
                "point weight {bad} for `{name}`: weights must be finite and non-negative"
            )));
        }
    }
    let mut raw: Vec<f64> = (0..data.len())
        .flat_map(|k| {
            let inside = term.band.is_none_or(|(lo, hi)| lo <= hz[k] && hz[k] <= hi);
            let w = if inside {
                term.point_weights.as_ref().map_or(1.0, |w| w[k])
            } else {
                0.0
            };
            std::iter::repeat_n(w, per_freq)
        })
        .collect();
    // Gaps: a point with a NaN value weighs nothing; its target becomes finite so that
    // `0 * difference` stays 0.
    let per = term.feature.values_per_point();
    let mut gaps = 0;
    for (k, freq_point) in target.chunks_exact_mut(per * per_freq).enumerate() {
        let mut gap = false;
        for (j, point) in freq_point.chunks_exact_mut(per).enumerate() {
            if point.iter().any(|v| v.is_nan()) {
                point.fill(0.0);
                raw[k * per_freq + j] = 0.0;
                gap = true;
            }
        }
        gaps += usize::from(gap);
    }
    let sum: f64 = raw.iter().sum();
    if sum <= 0.0 {
        return Err(Error::Fit(format!(
            "the term on `{}` of `{name}` covers no point: {gaps} of its {} frequency points \
             are NaN (gaps), and its band {:?} and point weights leave nothing to fit",
            term.feature,
            data.len(),
            term.band
        )));
    }
    Ok(DataSide {
        target,
        weights: raw.iter().map(|w| w / sum).collect(),
        gaps,
    })
}

/// Where a term's or goal's S-parameters come from: the part of the model it names.
struct Request<'a> {
    /// The part; `None` for the unnamed one ([`Parts::unnamed`]), a whole model's.
    part: Option<&'a str>,
    freq: &'a Frequency,
    /// The data's reference impedances, `None` for the default.
    z0: Option<ArrayView2<'a, Complex64>>,
    /// The data's port count and name, to check against the model's.
    data: Option<(usize, &'a str)>,
}

/// S of the part of `model` that `request` names: the one code path of whole and joint models
/// (a whole model is the joint model [`Whole`] of one unnamed part).
fn part_s_for<T: Scalar, P: Parts<T>>(
    model: &P,
    request: &Request<'_>,
) -> Result<Array3<Complex<T>>> {
    visit_part(model, request.part, request)
}

/// What `visitor` makes of the part `part` of `model` (`None`: the unnamed one), or the error
/// that says why there is no such part.
fn visit_part<T: Scalar, P: Parts<T>, X, V: PartVisitor<T, Output = Result<X>>>(
    model: &P,
    part: Option<&str>,
    visitor: V,
) -> Result<X> {
    match part {
        None => model.unnamed(visitor).unwrap_or_else(|| {
            Err(Error::Fit(
                "in a joint fit every term and goal names the part it measures (`Term::of`): \
                 the model has no unnamed part (`fit::Parts::unnamed`)"
                    .into(),
            ))
        }),
        Some(part) => model.part(part, visitor).unwrap_or_else(|| {
            Err(Error::Fit(if model.unnamed(Exists).is_some() {
                // A whole model (`Whole`), or a joint one with an unnamed part.
                format!(
                    "the model has no part called `{part}`: a model fitted as a whole has only \
                     its unnamed part; a joint model names its parts (`fit::Parts`) and is \
                     fitted with `Fit::run_parts`"
                )
            } else {
                format!("the joint model has no part called `{part}`")
            }))
        }),
    }
}

/// A visit that gives S and the noise correlation matrices of a part over a grid, its parts
/// at 290 K (for the noise figures of goals).
struct NoiseOver<'a>(&'a Frequency);

impl<T: Scalar> PartVisitor<T> for NoiseOver<'_> {
    type Output = Result<SAndNoise<T>>;
    fn visit<const N: usize, C: Component<N, Scalar = T>>(self, part: &C) -> Self::Output {
        Ok(NoiseSweep::s_noise(part, self.0))
    }
}

/// A visit that only tells that the part exists.
struct Exists;

impl<T: Scalar> PartVisitor<T> for Exists {
    type Output = ();
    fn visit<const N: usize, C: Component<N, Scalar = T>>(self, _: &C) {}
}

impl<T: Scalar> PartVisitor<T> for &Request<'_> {
    type Output = Result<Array3<Complex<T>>>;
    fn visit<const N: usize, C: Component<N, Scalar = T>>(self, part: &C) -> Self::Output {
        evaluate(part, self)
    }
}

/// S of an `N`-port for `request`: on its grid, at its reference impedances.
fn evaluate<T: Scalar, C: Component<N, Scalar = T>, const N: usize>(
    model: &C,
    request: &Request<'_>,
) -> Result<Array3<Complex<T>>> {
    if let Some((nports, name)) = request.data
        && nports != N
    {
        let of = request
            .part
            .map_or(String::new(), |p| format!(" (part `{p}`)"));
        return Err(Error::Fit(format!(
            "`{name}` is a {nports}-port, the model{of} a {N}-port"
        )));
    }
    match request.z0 {
        Some(z0)
            if z0
                .iter()
                .any(|&z| z != Complex64::new(crate::network::Z0, 0.0)) =>
        {
            model.s_z0_per_frequency(request.freq, z0, WaveDef::Power)
        }
        _ => Ok(model.s(request.freq)),
    }
}

/// The S-parameters of the part `name` of `model` on `data`'s grid and reference impedances.
pub(crate) fn part_s<P: Parts<f64>>(
    model: &P,
    name: &str,
    data: &Network,
) -> Result<Array3<Complex64>> {
    part_s_for(
        model,
        &Request {
            part: Some(name),
            freq: data.frequency(),
            z0: Some(data.z0().view()),
            data: Some((data.nports(), data_name(data))),
        },
    )
}

/// The model's feature minus the data's, on the data's grid and reference impedances (phases
/// wrapped, see [`Feature::difference`]).
fn diffs<T: Scalar>(p: &Prepared<'_>, model: &impl Parts<T>) -> Result<Vec<T>> {
    let data = &p.term.data;
    let s = part_s_for(
        model,
        &Request {
            part: p.term.part.as_deref(),
            freq: data.frequency(),
            z0: Some(data.z0().view()),
            data: Some((data.nports(), data_name(data))),
        },
    )?;
    let values = p
        .term
        .feature
        .values(data.frequency(), s.view(), data.z0().view())?;
    if values.len() != p.target.len() {
        return Err(Error::Shape(format!(
            "feature `{}` gave {} values for the model and {} for the data",
            p.term.feature,
            values.len(),
            p.target.len()
        )));
    }
    Ok(p.term.feature.difference(&values, p.target))
}

/// `sum w |d|^2` over the points, or with Huber's `2 rho(|d|)` for `Some(delta)`.
fn squares<T: Scalar>(p: &Prepared<'_>, diffs: &[T], delta: Option<f64>) -> T {
    let per = p.term.feature.values_per_point();
    (diffs.chunks_exact(per).zip(p.weights)).fold(T::zero(), |acc, (d, &w)| {
        let sq = d.iter().fold(T::zero(), |s, &x| s + x * x);
        let sq = match delta {
            Some(delta) if sq.re() > delta * delta => (sq.sqrt() * 2.0 - delta) * delta,
            _ => sq,
        };
        acc + sq * w
    })
}

/// `sqrt(2 rho(a)) / a` for `a = |d|`: 1 up to `delta`, then `sqrt(delta (2a - delta)) / a`.
fn huber_scale<T: Scalar>(d: &[T], delta: f64) -> T {
    let sq = d.iter().fold(T::zero(), |s, &x| s + x * x);
    if sq.re() <= delta * delta {
        return T::one();
    }
    let a = sq.sqrt();
    ((a * 2.0 - delta) * delta).sqrt() / a
}

/// A goal's violations, each times `sqrt(weight / points)`.
fn goal_residuals<T: Scalar>(goal: &Goal, model: &impl Parts<T>) -> Result<Vec<T>> {
    let values = if goal.feature.needs_noise() {
        let (s, c) = visit_part(model, goal.part.as_deref(), NoiseOver(&goal.frequency))?;
        goal.feature
            .values_noisy(&goal.frequency, s.view(), c.view(), None)?
    } else {
        let s = part_s_for(
            model,
            &Request {
                part: goal.part.as_deref(),
                freq: &goal.frequency,
                z0: None,
                data: None,
            },
        )?;
        goal.feature.values(&goal.frequency, s.view())?
    };
    let scale = (goal.weight / values.len() as f64).sqrt();
    Ok(values
        .into_iter()
        .map(|v| {
            let excess = match goal.bound {
                Bound::Below(limit) => v - limit,
                Bound::Above(limit) => -(v - limit),
            };
            if excess.re() > 0.0 {
                excess * scale
            } else {
                T::zero()
            }
        })
        .collect())
}

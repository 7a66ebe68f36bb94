//! [`Sequential`]: a joint model's parts fitted one after the other, each to its own
//! measurements (ParamRF's `fit_sequential`), each stage's result fixing or starting its
//! parameters for the stages after it.

use std::fmt;

use super::{DifferentiableParts, Fit, FitResult, Method, Objective, Options, PartVisitor, Parts};
use crate::network::Component;
use crate::params::{AsParams, Filter, Model, Params};
use crate::{Error, Result, Scalar};

/// One stage of a [`Sequential`] fit: an objective, and the parameters it fits.
///
/// A stage of a part ([`Stage::new`]) fits the free parameters under the part's path (`name`,
/// `name.*`, `name[*]...`: a part that is a field of the model) to measurements of that part;
/// its terms and goals that name no part measure it. A whole stage ([`Stage::whole`]) fits
/// every parameter still free to any terms (of the unnamed part or of named ones). Either may
/// choose its parameters explicitly with [`Stage::params`].
pub struct Stage<'a> {
    part: Option<String>,
    objective: Objective,
    params: Option<Filter>,
    keep_free: bool,
    method: Method,
    options: Options<'a>,
}

impl<'a> Stage<'a> {
    /// A stage fitting the part `name` ([`Parts::part`]) to `objective`, whose terms and goals
    /// measure that part (those that name no part are taken to).
    pub fn new(name: impl Into<String>, objective: Objective) -> Self {
        Stage {
            part: Some(name.into()),
            ..Stage::whole(objective)
        }
    }

    /// A stage fitting every parameter still free (not fixed by the table nor by an earlier
    /// stage) to `objective`, as [`Fit::run_parts`] does.
    pub fn whole(objective: Objective) -> Self {
        Stage {
            part: None,
            objective,
            params: None,
            keep_free: false,
            method: Method::Auto,
            options: Options::default(),
        }
    }

    /// Fits the free parameters `filter` selects instead of those under the part's path (or,
    /// for a whole stage, all free ones): for a part that is not a field of the model.
    pub fn params(self, filter: impl Into<Filter>) -> Self {
        Stage {
            params: Some(filter.into()),
            ..self
        }
    }

    /// The stage's result only starts its parameters for later stages, which may fit them
    /// again; by default it fixes them.
    pub fn keep_free(self) -> Self {
        Stage {
            keep_free: true,
            ..self
        }
    }

    /// Runs `method` instead of [`Method::Auto`].
    pub fn method(self, method: Method) -> Self {
        Stage { method, ..self }
    }

    /// The optimiser's limits, tolerances and progress callback for this stage.
    pub fn options(self, options: Options<'a>) -> Self {
        Stage { options, ..self }
    }

    /// The part it fits, `None` for a whole stage.
    pub fn part(&self) -> Option<&str> {
        self.part.as_deref()
    }

    /// How the stage is called in results and errors: its part, or `whole`.
    fn label(&self) -> &str {
        self.part.as_deref().unwrap_or("whole")
    }
}

/// A sequential fit of a joint model ([`Parts`]): stages run in order, each a [`Fit`] of some
/// parameters to its own measurements, and each stage's fitted parameters are fixed (or, with
/// [`Stage::keep_free`], only started) for the stages after it. Typical: fit the connectors
/// to their own measurement, then the line between them to the assembly's with the connectors
/// fixed, or finally everything at once from these good starts.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::ShuntC;
/// use pmrf::components::lines::DelayLine;
/// use pmrf::fit::{Objective, PartVisitor, Parts, Sequential, Stage, Term};
///
/// /// A cable: a line between two connectors (a shunt C each), the connector measured alone.
/// #[derive(Model, Clone, Debug)]
/// struct Cable<T: Scalar = f64> {
///     connector: ShuntC<T>,
///     line: DelayLine<T>,
/// }
///
/// impl<T: Scalar> Parts<T> for Cable<T> {
///     fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output> {
///         (name == "connector").then(|| visitor.visit(&self.connector))
///     }
///     fn unnamed<V: PartVisitor<T>>(&self, visitor: V) -> Option<V::Output> {
///         Some(visitor.visit(&Cascade::new((self.connector, self.line, self.connector))))
///     }
/// }
///
/// let truth = Cable { connector: ShuntC::new(0.3e-12), line: DelayLine::new(60.0, 0.4e-9) };
/// let freq = Frequency::linspace(0.1, 5.0, 50, FrequencyUnit::GHz)?;
/// let connector = truth.connector.network(&freq)?;
/// let cable = Cascade::new((truth.connector, truth.line, truth.connector)).network(&freq)?;
///
/// let start = Cable { connector: ShuntC::new(0.4e-12), line: DelayLine::new(50.0, 0.35e-9) };
/// let fit = Sequential::new(&start)?
///     .stage(Stage::new("connector", Objective::new().term(Term::new(connector))))
///     .stage(Stage::whole(Objective::new().term(Term::new(cable))))
///     .run()?;
/// assert!((fit.model().connector.c / 0.3e-12 - 1.0).abs() < 1e-8);
/// assert!((fit.model().line.z0 / 60.0 - 1.0).abs() < 1e-8);
/// // The connector stage fitted `connector.c` only, the whole stage the line.
/// assert_eq!(fit.stage("connector").unwrap().names(), ["connector.c"]);
/// assert_eq!(fit.stages()[1].1.names(), ["line.z0", "line.delay"]);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub struct Sequential<'a, M: Model<Scalar = f64>> {
    params: Params<M>,
    stages: Vec<Stage<'a>>,
}

impl<'a, M: Model<Scalar = f64>> Sequential<'a, M> {
    /// A sequential fit starting from `source` (a model: its declared metadata; or its
    /// [`Params`] table: per-instance fixes, bounds, ties and start values), with no stage yet.
    ///
    /// # Errors
    /// Values outside their bounds (from a model).
    pub fn new<S: AsParams<Model = M>>(source: &S) -> Result<Self> {
        Ok(Sequential {
            params: source.as_params()?.into_owned(),
            stages: Vec::new(),
        })
    }

    /// Adds a stage, run after those added before.
    pub fn stage(mut self, stage: Stage<'a>) -> Self {
        self.stages.push(stage);
        self
    }

    /// Runs the stages in order.
    ///
    /// # Errors
    /// [`Error::Fit`], naming the stage (its number and part), for: no stage; a part the model
    /// does not have; a stage of a part whose terms or goals name another part; a stage with
    /// no free parameter to fit (all fixed, also by earlier stages); and the errors of
    /// [`Fit::run_parts`] of a stage.
    pub fn run(self) -> Result<SequentialResult<M>>
    where
        M: DifferentiableParts,
    {
        if self.stages.is_empty() {
            return Err(Error::Fit(
                "a sequential fit needs at least one stage: add them with Sequential::stage".into(),
            ));
        }
        let mut params = self.params;
        let was_fixed: Vec<bool> = params.iter().map(|p| p.meta().is_fixed()).collect();
        let mut stages = Vec::with_capacity(self.stages.len());
        for (k, stage) in self.stages.into_iter().enumerate() {
            let label = stage.label().to_owned();
            let at = format!("stage {} (`{label}`)", k + 1);
            let objective = match &stage.part {
                Some(name) => part_objective(params.model(), name, stage.objective, &at)?,
                None => stage.objective,
            };
            let chosen = match (&stage.params, &stage.part) {
                (Some(filter), _) => filter.clone(),
                (None, Some(name)) => under(name),
                (None, None) => Filter::All,
            };
            let filter = chosen.and(Filter::Free);
            if params.partition(&filter)?.is_empty() {
                return Err(Error::Fit(format!(
                    "{at} has no free parameter to fit: those it selects are fixed (by the table, \
                     or by an earlier stage: keep them free with Stage::keep_free), or it \
                     selects none (choose them with Stage::params)"
                )));
            }
            let fit = Fit::new(&params, objective)?
                .select(filter)
                .method(stage.method)
                .options(stage.options)
                .run_parts()
                .map_err(|e| match e {
                    Error::Fit(m) => Error::Fit(format!("{at}: {m}")),
                    e => e,
                })?;
            params = fit.params().clone();
            if !stage.keep_free {
                for name in fit.names() {
                    params.fix(name)?;
                }
            }
            stages.push((label, fit));
        }
        // The table given back has the fixes and freedoms it came with.
        let names: Vec<String> = params.names().iter().map(|s| s.to_string()).collect();
        for (name, fixed) in names.iter().zip(was_fixed) {
            if !fixed && params.get(name).is_some_and(|p| p.meta().is_fixed()) {
                params.free(name)?;
            }
        }
        Ok(SequentialResult { params, stages })
    }
}

/// The parameters under the path `name`: `name` itself, its fields and its elements.
fn under(name: &str) -> Filter {
    let name = name.to_owned();
    Filter::predicate(move |p| {
        let rest = p.name().strip_prefix(name.as_str());
        rest.is_some_and(|r| r.is_empty() || r.starts_with('.') || r.starts_with('['))
    })
}

/// A part stage's objective: its terms and goals on the part `name`, which the model has.
fn part_objective<M: Parts<f64>>(
    model: &M,
    name: &str,
    objective: Objective,
    at: &str,
) -> Result<Objective> {
    if model.part(name, Exists).is_none() {
        return Err(Error::Fit(format!(
            "{at}: the model has no part called `{name}` (see its Parts::part)"
        )));
    }
    if let Some(other) = objective.named_parts().flatten().find(|p| *p != name) {
        return Err(Error::Fit(format!(
            "{at}: a term or goal measures the part `{other}`, but the stage fits `{name}`: \
             measure `{name}`, give `{other}` a stage of its own, or use Stage::whole"
        )));
    }
    Ok(objective.of_part(name))
}

/// A visitor that only says the part exists.
struct Exists;

impl<T: Scalar> PartVisitor<T> for Exists {
    type Output = ();
    fn visit<const N: usize, C: Component<N, Scalar = T>>(self, _: &C) {}
}

/// The outcome of a [`Sequential`] fit: the final model and each stage's [`FitResult`].
#[derive(Clone, Debug)]
pub struct SequentialResult<M: Model<Scalar = f64>> {
    params: Params<M>,
    stages: Vec<(String, FitResult<M>)>,
}

impl<M: Model<Scalar = f64>> SequentialResult<M> {
    /// The model after the last stage.
    pub fn model(&self) -> &M {
        self.params.model()
    }

    /// Its parameter table, with the fixes and freedoms the fit started with (a stage's fixes
    /// hold only for the stages after it).
    pub fn params(&self) -> &Params<M> {
        &self.params
    }

    /// Each stage's label (its part, or `whole`) and result, in order.
    pub fn stages(&self) -> &[(String, FitResult<M>)] {
        &self.stages
    }

    /// The result of the first stage of the part `name` (`"whole"` for a whole stage).
    pub fn stage(&self, name: &str) -> Option<&FitResult<M>> {
        self.stages.iter().find(|(n, _)| n == name).map(|(_, r)| r)
    }
}

impl<M: Model<Scalar = f64>> fmt::Display for SequentialResult<M> {
    /// Each stage's result ([`FitResult`]'s display) under its number and label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, (name, fit)) in self.stages.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            writeln!(f, "stage {} ({name}):", k + 1)?;
            write!(f, "{fit}")?;
        }
        Ok(())
    }
}

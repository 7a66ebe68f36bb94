//! [`Params`]: the run-time table of one model's parameters, bound to that model, changed per
//! instance: values, fixed/free, bounds, priors and ties, and its display. Its partition by a
//! filter is in [`partition`](super::partition), its saved form in [`saved`](super::saved).
//!
//! The table is the one source of per-instance state: values, fixed/free, bounds, priors and ties.
//! Every consumer (gradients, Jacobians, batches, sampling, fitting, updates) reads it, so a user
//! who fixes, re-bounds or ties a parameter gets exactly that everywhere. A table is bound to its
//! model by type (`Params<M>` only fits `M`) and by layout (the path names, checked wherever a
//! table meets a model at run time, e.g. when a saved table is loaded).
//!
//! Invariant: every value in a table is a number within its bounds (infinite only where the
//! bounds reach infinity), and equal to its tie map of its source where tied (ties acyclic);
//! bounds and priors are valid and every prior has probability within its parameter's bounds;
//! a tie joins parameters of one unit. Every update that would break it is an error and changes nothing.

use std::fmt;
use std::ops::RangeInclusive;

use num_dual::DualStruct;

use super::tie::{tie_order, tie_root};
use super::{Model, ParamMeta, Path, Prior, TieMap, glob_match};
use crate::units::{prefixed, short};
use crate::{Error, Result};

/// One parameter: its path name, value (SI) and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub(super) name: String,
    pub(super) value: f64,
    pub(super) meta: ParamMeta,
    pub(super) tied_to: Option<usize>,
    pub(super) tie_map: TieMap,
}

impl Param {
    /// Path name, e.g. `"stages[2].c"`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Current value, SI units.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Metadata (defaults from `#[param]`, changed per instance through [`Params`]).
    pub fn meta(&self) -> &ParamMeta {
        &self.meta
    }

    /// Whether this parameter takes its value from another (see [`Params::tie`]).
    pub fn is_tied(&self) -> bool {
        self.tied_to.is_some()
    }

    /// Flat index of the parameter this one is tied to (its direct source; that one may be
    /// tied in turn, see [`Params::tie_root`]).
    pub fn tied_to(&self) -> Option<usize> {
        self.tied_to
    }

    /// How this parameter's value follows its source (the identity where untied).
    pub fn tie_map(&self) -> TieMap {
        self.tie_map
    }

    /// Neither fixed nor tied, and at a finite value: free to vary.
    pub fn is_free(&self) -> bool {
        !self.meta.is_fixed() && !self.is_tied() && self.value.is_finite()
    }

    /// At an infinite value (where the bounds allow it): held there, never selected to vary.
    pub fn is_infinite(&self) -> bool {
        self.value.is_infinite()
    }

    pub(super) fn check(&self, value: f64) -> Result<()> {
        self.meta.check(&self.name, value)
    }
}

/// The parameters of one model instance, bound to it: names, values and metadata, in flat order.
///
/// Built by [`Model::params`], which checks the model's values against their declared bounds.
/// Change metadata per instance by exact name or glob, then [`Params::partition`] by a
/// [`Filter`](super::Filter) to get the vector a fitter, sampler or gradient works on, and
/// [`Partition::apply`](super::Partition::apply) a new vector to get the model back. [`Params::model`] is the model at the table's values.
///
/// Each change comes in two forms: on a table you hold (`fix`, `set_bounds`, `tie`,
/// `set_prior`, chained through `&mut`), and owned, to build the table in one expression
/// (`model.params()?.fixed(..)?.bounded("c", 0.1e-12..=20e-12)?`: [`Params::fixed`],
/// [`Params::bounded`], [`Params::tied`], [`Params::with_prior`]).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
///
/// let lowpass = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(3e-9)));
/// let mut params = lowpass.params()?;
/// assert_eq!(params.names(), ["stages[0].l", "stages[1].c", "stages[2].l"]);
/// params.fix("stages[1].c")?.tie("stages[2].l", "stages[0].l")?;
///
/// let free = params.partition(&Filter::Free)?;
/// assert_eq!(free.names(), ["stages[0].l"]);
/// let tuned = free.apply(&[4e-9])?; // both inductors follow the one free value
/// assert_eq!(tuned.param_values(), [4e-9, 2e-12, 4e-9]);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Infinite values
///
/// Where a parameter's bounds reach infinity, an infinite value is a value: a lossless tank
/// ([`ShuntParallelRlc`](crate::components::ShuntParallelRlc) with `r = inf`), a coax shield
/// of infinite thickness. It evaluates and appears in the table, and it is held there: no
/// [`Filter`](super::Filter) selects it (a derivative or a step at infinity means nothing), so
/// gradients, batches, fits and samplers work on the others. Set a finite value to let it vary
/// again.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::ShuntParallelRlc;
///
/// let tank = ShuntParallelRlc::new(f64::INFINITY, 2e-9, 5e-12).params()?;
/// assert_eq!(tank.partition(&Filter::Free)?.names(), ["l", "c"]);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// A table made for one model type does not fit another: this does not compile.
///
/// ```compile_fail,E0308
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, SeriesR, ShuntC};
///
/// let ll = Cascade::new((SeriesL::new(1e-9), SeriesL::new(1e-9)));
/// let cr = Cascade::new((ShuntC::new(1e-12), SeriesR::new(5.0)));
/// ll.params()?.check_layout(&cr)?; // expected `Cascade<(SeriesL, SeriesL)>`
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Params<M> {
    pub(super) model: M,
    pub(super) entries: Vec<Param>,
    /// Joint priors over free parameters, which replace their individual priors.
    pub(super) joints: Vec<super::JointPrior>,
}

impl<M: Model> Params<M> {
    /// The parameters of `model` with their default metadata, its values checked against them.
    ///
    /// # Errors
    /// [`Error::NonFinite`] or [`Error::OutOfBounds`] for the first value that is NaN or
    /// lies outside its declared bounds (e.g. `SeriesC::new(-1e-12)`).
    pub fn of(model: &M) -> Result<Self> {
        let params = Self::of_unchecked(model);
        for p in &params.entries {
            p.check(p.value)?;
        }
        Ok(params)
    }

    /// The model at the table's values.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the model has no parameters.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All parameters in flat order.
    pub fn iter(&self) -> std::slice::Iter<'_, Param> {
        self.entries.iter()
    }

    /// Path names in flat order.
    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|p| p.name.as_str()).collect()
    }

    /// Values in flat order.
    pub fn values(&self) -> Vec<f64> {
        self.entries.iter().map(|p| p.value).collect()
    }

    /// The parameter with this exact name.
    pub fn get(&self, name: &str) -> Option<&Param> {
        self.entries.iter().find(|p| p.name == name)
    }

    /// Index of the parameter with this exact name.
    pub fn index_of(&self, name: &str) -> Result<usize> {
        self.entries
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| self.unknown(name))
    }

    /// Indices of the parameters matching an exact name or glob; an error if none matches.
    pub fn select(&self, pattern: &str) -> Result<Vec<usize>> {
        let hits: Vec<usize> = (0..self.len())
            .filter(|&i| glob_match(pattern, &self.entries[i].name))
            .collect();
        if hits.is_empty() {
            Err(self.unknown(pattern))
        } else {
            Ok(hits)
        }
    }

    fn unknown(&self, pattern: &str) -> Error {
        Error::UnknownParam {
            pattern: pattern.to_owned(),
            available: self.names().join(", "),
        }
    }

    /// Applies `f` to the matching parameters of a copy of the table, resolves ties, checks the
    /// invariant and only then keeps the copy: a failure part-way changes nothing.
    fn update(
        &mut self,
        pattern: &str,
        mut f: impl FnMut(&mut Param) -> Result<()>,
    ) -> Result<&mut Self> {
        let hits = self.select(pattern)?;
        let mut entries = self.entries.clone();
        for i in hits {
            f(&mut entries[i])?;
            entries[i].meta.validate(&entries[i].name)?;
        }
        sync_ties(&mut entries)?;
        self.set_entries(entries);
        Ok(self)
    }

    /// Keeps `entries` (which satisfy the invariant) and writes their values into the model.
    pub(super) fn set_entries(&mut self, entries: Vec<Param>) {
        let mut values = entries.iter().map(|p| p.value);
        self.model.visit_params_mut(&mut |x| {
            if let Some(v) = values.next() {
                *x = M::Scalar::from(v);
            }
        });
        self.entries = entries;
    }

    /// Holds the matching parameters constant.
    pub fn fix(&mut self, pattern: &str) -> Result<&mut Self> {
        self.update(pattern, |p| {
            p.meta.set_fixed(true);
            Ok(())
        })
    }

    /// Lets the matching parameters vary.
    pub fn free(&mut self, pattern: &str) -> Result<&mut Self> {
        self.update(pattern, |p| {
            p.meta.set_fixed(false);
            Ok(())
        })
    }

    /// Sets the bounds (SI) of the matching parameters; their current values must lie inside.
    ///
    /// # Errors
    /// [`Error::InvalidBounds`] for `lower >= upper`, a NaN end, or finite ends whose width
    /// overflows `f64` (`[-1e308, 1e308]`; leave an end infinite for no bound);
    /// [`Error::OutOfBounds`] for a current value outside; [`Error::InvalidPrior`] where a prior
    /// has no probability within the new bounds.
    pub fn set_bounds(&mut self, pattern: &str, lower: f64, upper: f64) -> Result<&mut Self> {
        self.update(pattern, |p| {
            p.meta.set_bounds(lower, upper);
            p.meta.validate(&p.name)?;
            p.check(p.value)
        })
    }

    /// Sets the prior of the matching parameters (`None` removes it).
    ///
    /// # Errors
    /// [`Error::InvalidPrior`] for a prior with no probability within a parameter's bounds.
    pub fn set_prior(
        &mut self,
        pattern: &str,
        prior: impl Into<Option<Prior>>,
    ) -> Result<&mut Self> {
        let prior = prior.into();
        if let Some(prior) = &prior {
            prior.validate()?;
        }
        self.update(pattern, |p| {
            p.meta.set_prior(prior);
            Ok(())
        })
    }

    /// Sets the value (SI) of the matching parameters, checked against their bounds; parameters
    /// tied to them follow and must stay within their own bounds.
    ///
    /// # Errors
    /// [`Error::OutOfBounds`] / [`Error::NonFinite`] for a bad value (of the parameter or of a
    /// tied follower), [`Error::InvalidTie`] if a matching parameter is tied (set its source).
    pub fn set_value(&mut self, pattern: &str, value: f64) -> Result<&mut Self> {
        let entries = self.entries.clone();
        self.update(pattern, |p| {
            if let Some(s) = p.tied_to {
                return Err(Error::InvalidTie(format!(
                    "`{}` is tied to `{}` and takes its value; set `{}` or untie `{}` first",
                    p.name, entries[s].name, entries[s].name, p.name
                )));
            }
            p.check(value)?;
            p.value = value;
            Ok(())
        })
    }

    /// Ties the matching parameters to `source` (an exact name): they take its value (which must
    /// lie within their bounds) and are no longer selected by any filter. Both must have one
    /// unit: a capacitance cannot take the value of an inductance. [`tie_with`](Self::tie_with)
    /// ties through a map (`c2 = 2 c1`).
    ///
    /// Chains are allowed (`a` tied to `b` tied to `c`: both follow `c`); cycles are not.
    pub fn tie(&mut self, pattern: &str, source: &str) -> Result<&mut Self> {
        self.tie_with(pattern, source, TieMap::IDENTITY)
    }

    /// Ties the matching parameters to `source` through `map`: they take the value
    /// `map.apply(source)`, which must lie within their own bounds, and follow every change of
    /// the source (in partitions, batches, gradients, fits and samplers). Otherwise as
    /// [`tie`](Self::tie).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesL, ShuntC};
    ///
    /// // Two inductors of a transformer-like ladder: l2 = l1 / n^2 with n = 2, and l3 = l2.
    /// let model = Cascade::new((SeriesL::new(8e-9), ShuntC::new(1e-12), SeriesL::new(2e-9),
    ///                           SeriesL::new(2e-9)));
    /// let mut params = model.params()?;
    /// params
    ///     .tie_with("stages[2].l", "stages[0].l", TieMap::scaled(1.0 / 4.0)?)?
    ///     .tie("stages[3].l", "stages[2].l")?; // a chain: follows stages[0].l through stages[2].l
    /// params.set_value("stages[0].l", 12e-9)?;
    /// assert_eq!(params.values(), [12e-9, 1e-12, 3e-9, 3e-9]);
    /// assert_eq!(params.tie_root(3), (0, 0.25)); // d l3 / d l0
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::UnknownParam`] for an unknown name; [`Error::InvalidTie`] naming both
    /// parameters where the units differ, a parameter would follow itself (directly or through
    /// a chain), or the tied value `map.apply(source)` lies outside the follower's bounds. A
    /// failed tie changes nothing.
    pub fn tie_with(&mut self, pattern: &str, source: &str, map: TieMap) -> Result<&mut Self> {
        let src = self.index_of(source)?;
        let src_param = self.entries[src].clone();
        let hits = self.select(pattern)?;
        // A cycle: a follower lies on the source's own chain (or is the source).
        let mut at = Some(src);
        while let Some(i) = at {
            if hits.contains(&i) {
                let name = &self.entries[i].name;
                return Err(Error::InvalidTie(if i == src {
                    format!("`{source}` cannot be tied to itself")
                } else {
                    format!(
                        "`{name}` cannot be tied to `{source}`, which follows `{name}` itself \
                         (a cycle of ties)"
                    )
                }));
            }
            at = self.entries[i].tied_to;
        }
        self.update(pattern, |p| {
            same_unit(p, &src_param)?;
            p.tied_to = Some(src);
            p.tie_map = map;
            Ok(())
        })
    }

    /// The untied parameter that parameter `i` follows (through a chain of ties) and the
    /// derivative of `i`'s value with respect to it: `(i, 1.0)` for an untied parameter.
    ///
    /// # Panics
    /// If `i` is not an index of the table (`i >= self.len()`).
    pub fn tie_root(&self, i: usize) -> (usize, f64) {
        tie_root(&self.entries, i)
    }

    /// Releases ties of the matching parameters; they keep their current value (those tied to
    /// them now follow them).
    pub fn untie(&mut self, pattern: &str) -> Result<&mut Self> {
        self.update(pattern, |p| {
            p.tied_to = None;
            p.tie_map = TieMap::IDENTITY;
            Ok(())
        })
    }

    /// The table with the matching parameters held constant: [`fix`](Self::fix) as one step of
    /// an expression that builds the table.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesL, ShuntC};
    ///
    /// let lowpass = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(3e-9)));
    /// let params = lowpass
    ///     .params()?
    ///     .fixed("stages[1].c")?
    ///     .bounded("stages[*].l", 1e-9..=10e-9)?
    ///     .tied("stages[2].l", "stages[0].l")?;
    /// assert_eq!(params.partition(&Filter::Free)?.names(), ["stages[0].l"]);
    /// assert_eq!(params.get("stages[2].l").unwrap().meta().bounds(), (1e-9, 10e-9));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`fix`](Self::fix): [`Error::UnknownParam`] where `pattern` matches nothing.
    pub fn fixed(mut self, pattern: &str) -> Result<Self> {
        self.fix(pattern)?;
        Ok(self)
    }

    /// The table with the matching parameters free: [`free`](Self::free) as one step of an
    /// expression that builds the table, e.g. after fixing everything (`.fixed("*")?
    /// .freed("stages[0].l")?`).
    ///
    /// # Errors
    /// As [`free`](Self::free): [`Error::UnknownParam`] where `pattern` matches nothing.
    pub fn freed(mut self, pattern: &str) -> Result<Self> {
        self.free(pattern)?;
        Ok(self)
    }

    /// The table with the matching parameters bounded to `bounds` (SI, both ends included):
    /// [`set_bounds`](Self::set_bounds) as one step of an expression that builds the table.
    /// An end may be infinite for no bound on that side
    /// (`0.0..=f64::INFINITY`).
    ///
    /// # Errors
    /// As [`set_bounds`](Self::set_bounds): [`Error::InvalidBounds`] for an empty or one-point
    /// range (`start >= end`), a NaN end, or finite ends whose width overflows `f64`;
    /// [`Error::OutOfBounds`] for a current value outside; [`Error::InvalidPrior`] where a prior
    /// has no probability within the new bounds.
    pub fn bounded(mut self, pattern: &str, bounds: RangeInclusive<f64>) -> Result<Self> {
        let (lower, upper) = bounds.into_inner();
        self.set_bounds(pattern, lower, upper)?;
        Ok(self)
    }

    /// The table with the matching parameters tied to `source`: [`tie`](Self::tie) as one step
    /// of an expression that builds the table.
    ///
    /// # Errors
    /// As [`tie`](Self::tie).
    pub fn tied(mut self, pattern: &str, source: &str) -> Result<Self> {
        self.tie(pattern, source)?;
        Ok(self)
    }

    /// The table with the matching parameters tied to `source` through `map`:
    /// [`tie_with`](Self::tie_with) as one step of an expression that builds the table.
    ///
    /// # Errors
    /// As [`tie_with`](Self::tie_with).
    pub fn tied_with(mut self, pattern: &str, source: &str, map: TieMap) -> Result<Self> {
        self.tie_with(pattern, source, map)?;
        Ok(self)
    }

    /// The table with the prior of the matching parameters set (`None` removes it):
    /// [`set_prior`](Self::set_prior) as one step of an expression that builds the table.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesC;
    ///
    /// let params = SeriesC::new(2e-12).params()?.with_prior("c", Prior::uniform(1e-12, 5e-12)?)?;
    /// assert!(params.get("c").unwrap().meta().prior().is_some());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`set_prior`](Self::set_prior).
    pub fn with_prior(mut self, pattern: &str, prior: impl Into<Option<Prior>>) -> Result<Self> {
        self.set_prior(pattern, prior)?;
        Ok(self)
    }

    /// Checks a full value vector against the table: its length, each value a number within
    /// bounds, and tied values equal to their sources' through their maps.
    pub fn check_values(&self, values: &[f64]) -> Result<()> {
        if values.len() != self.len() {
            return Err(Error::ParamCount {
                expected: self.len(),
                got: values.len(),
            });
        }
        for (p, &v) in self.entries.iter().zip(values) {
            p.check(v)?;
            if let Some(s) = p.tied_to
                && v != p.tie_map.apply(values[s])
            {
                return Err(Error::InvalidTie(format!(
                    "`{}` = {v} but it is tied to `{}` = {}{}, which gives {}",
                    p.name,
                    self.entries[s].name,
                    values[s],
                    p.tie_map,
                    p.tie_map.apply(values[s])
                )));
            }
        }
        Ok(())
    }

    /// Checks that this table describes `model`: the same parameter path names, in order.
    ///
    /// Tables are bound to their model type at compile time; this catches what types cannot,
    /// such as a saved table of a cascade with 3 stages loaded for one with 4.
    pub fn check_layout(&self, model: &M) -> Result<()> {
        let mut index = 0;
        let mut mismatch = None;
        model.visit_params(&mut Path::new(), &mut |path, _, _| {
            if mismatch.is_none() {
                let ours = self.entries.get(index).map(|p| p.name.as_str());
                if ours != Some(path.as_str()) {
                    mismatch = Some((index, path.to_string(), ours.map(str::to_owned)));
                }
            }
            index += 1;
        });
        if mismatch.is_none() && index != self.len() {
            let extra = self.entries.get(index).map(|p| p.name.clone());
            mismatch = Some((index, "(none)".to_owned(), extra));
        }
        match mismatch {
            None => Ok(()),
            Some((i, theirs, ours)) => Err(Error::Layout(format!(
                "parameter {i} of the model is `{theirs}` but the table has `{}` \
                 (the model has {index} parameters, the table {})",
                ours.as_deref().unwrap_or("(none)"),
                self.len()
            ))),
        }
    }

    /// A copy of the table with all values replaced (checked by [`Params::check_values`]).
    pub fn with_values(&self, values: &[f64]) -> Result<Self> {
        self.check_values(values)?;
        let mut table = self.clone();
        let mut entries = self.entries.clone();
        for (p, &v) in entries.iter_mut().zip(values) {
            p.value = v;
        }
        table.set_entries(entries);
        Ok(table)
    }

    /// Sum of the log prior densities of all parameters that have a prior (flat elsewhere),
    /// but those held at an infinite value, which nothing varies.
    /// A [`JointPrior`](super::JointPrior) counts once, in place of its parameters' own priors.
    pub fn ln_prior(&self) -> f64 {
        (self.entries.iter().enumerate())
            .filter(|(i, p)| !p.is_infinite() && !self.in_joint(*i))
            .filter_map(|(_, p)| p.meta.prior().map(|prior| prior.ln_pdf(p.value)))
            .sum::<f64>()
            + self.joint_ln_prior()
    }

    /// The table of `model` with its declared metadata, values not checked.
    pub(super) fn of_unchecked(model: &M) -> Self {
        let mut entries = Vec::new();
        model.visit_params(&mut Path::new(), &mut |path, value, meta| {
            entries.push(Param {
                name: path.to_string(),
                value: value.re(),
                meta: meta.clone(),
                tied_to: None,
                tie_map: TieMap::IDENTITY,
            })
        });
        Params {
            model: model.clone(),
            entries,
            joints: Vec::new(),
        }
    }
}

/// `Ok` if `follower` and `source` have one unit (`""` and `"1"` both say dimensionless).
pub(super) fn same_unit(follower: &Param, source: &Param) -> Result<()> {
    let unit = |p: &Param| match p.meta.unit() {
        "" | "1" => "dimensionless".to_owned(),
        u => u.to_owned(),
    };
    if unit(follower) == unit(source) {
        return Ok(());
    }
    Err(Error::InvalidTie(format!(
        "`{}` ({}) cannot take the value of `{}` ({}): the units differ",
        follower.name,
        unit(follower),
        source.name,
        unit(source)
    )))
}

/// Sets every tied value to its map of its source's value (chains in order) and checks it
/// against the follower's bounds.
pub(super) fn sync_ties(entries: &mut [Param]) -> Result<()> {
    for i in tie_order(entries)? {
        if let Some(s) = entries[i].tied_to {
            let map = entries[i].tie_map;
            let value = map.apply(entries[s].value);
            entries[i].check(value).map_err(|e| {
                Error::InvalidTie(format!(
                    "`{}` is tied to `{}` = {}{map}: {e}",
                    entries[i].name, entries[s].name, entries[s].value
                ))
            })?;
            entries[i].value = value;
        }
    }
    Ok(())
}

impl<'a, M> IntoIterator for &'a Params<M> {
    type Item = &'a Param;
    type IntoIter = std::slice::Iter<'a, Param>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl<M> fmt::Display for Params<M> {
    /// A table: name, value in its declared scale, unit, bounds, state and prior.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .entries
            .iter()
            .map(|p| p.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(f, "{:width$}  {:>12}  {:8}  state", "name", "value", "unit")?;
        for p in &self.entries {
            let unit = prefixed(p.meta.scale(), p.meta.unit());
            let state = match p.tied_to {
                Some(s) => format!("tied to {}{}", self.entries[s].name, p.tie_map),
                None if p.meta.is_fixed() => "fixed".to_owned(),
                None if p.is_infinite() => "held".to_owned(),
                None => "free".to_owned(),
            };
            let value = p.value / p.meta.scale();
            write!(f, "{:width$}  {value:>12.6}  {unit:8}  {state:6}", p.name)?;
            let (lo, hi) = p.meta.bounds();
            if lo.is_finite() || hi.is_finite() {
                let (lo, hi) = (short(lo / p.meta.scale()), short(hi / p.meta.scale()));
                write!(f, "  in [{lo}, {hi}] {unit}")?;
            }
            if let Some(j) = self.joints.iter().find(|j| j.names().contains(&p.name)) {
                write!(f, "  prior joint normal over {}", j.names().join(", "))?;
            } else if let Some(prior) = p.meta.prior() {
                write!(f, "  prior {prior}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scalar;
    use crate::params::Filter;

    #[derive(crate::Model, Clone, Debug, PartialEq)]
    struct Rc<T: Scalar = f64> {
        #[param]
        r: T,
        #[param(unit = "F", scale = 1e-12)]
        c: T,
    }

    #[derive(crate::Model, Clone, Debug, PartialEq)]
    struct Cap<T: Scalar = f64> {
        #[param(unit = "F")]
        c: T,
    }

    #[derive(crate::Model, Clone, Debug, PartialEq)]
    struct Two<T: Scalar = f64> {
        a: Rc<T>,
        b: [Cap<T>; 2],
    }

    fn model() -> Two {
        Two {
            a: Rc { r: 1.0, c: 2.0 },
            b: [Cap { c: 3.0 }, Cap { c: 4.0 }],
        }
    }

    fn table() -> Params<Two> {
        model().params().unwrap()
    }

    #[test]
    fn select_by_name_and_glob() {
        let p = table();
        assert_eq!(p.names(), ["a.r", "a.c", "b[0].c", "b[1].c"]);
        assert_eq!(p.select("a.c").unwrap(), [1]);
        assert_eq!(p.select("*.c").unwrap(), [1, 2, 3]);
        assert_eq!(p.select("b[*].c").unwrap(), [2, 3]);
        let e = p.select("x").unwrap_err();
        assert!(e.to_string().contains("a.r, a.c, b[0].c, b[1].c"), "{e}");
    }

    #[test]
    fn failed_updates_change_nothing() {
        let mut p = table();
        p.set_bounds("a.*", 0.0, 10.0).unwrap();
        let before = p.clone();
        // a.c = 2 lies outside [1.5, 1.8]... a.r = 1 is also outside: whole update rejected.
        assert!(matches!(
            p.set_bounds("a.*", 1.5, 1.8),
            Err(Error::OutOfBounds { .. })
        ));
        assert_eq!(p, before);
        assert!(matches!(
            p.set_value("*", 20.0),
            Err(Error::OutOfBounds { .. })
        ));
        assert_eq!(p, before);
        assert!(matches!(
            p.set_bounds("a.r", 2.0, 1.0),
            Err(Error::InvalidBounds { .. })
        ));
        assert!(matches!(
            p.set_value("a.r", f64::NAN),
            Err(Error::NonFinite { .. })
        ));
        // Infinite where the bounds are finite: out of them.
        assert!(matches!(
            p.set_value("a.r", f64::INFINITY),
            Err(Error::OutOfBounds { .. })
        ));
        assert_eq!(p, before);
    }

    #[test]
    fn values_reach_the_model() {
        let mut p = table();
        p.set_value("b[*].c", 7.0).unwrap();
        assert_eq!(p.model().b[1].c, 7.0);
        assert_eq!(p.model().param_values(), p.values());
        let q = p.with_values(&[1.0, 2.0, 5.0, 6.0]).unwrap();
        assert_eq!(q.model().b[0].c, 5.0);
        assert!(p.with_values(&[1.0]).is_err());
    }

    #[test]
    fn fix_free_and_partition() {
        let mut p = table();
        p.fix("*.c").unwrap().free("b[1].c").unwrap();
        let free = p.partition(&Filter::Free).unwrap();
        assert_eq!(free.names(), ["a.r", "b[1].c"]);
        assert_eq!(free.selected(), [1.0, 4.0]);
        assert_eq!(free.rest(), [2.0, 3.0]);
        assert_eq!(free.combine(&[10.0, 40.0]).unwrap(), [10.0, 2.0, 3.0, 40.0]);
        assert_eq!(free.apply(&[10.0, 40.0]).unwrap().b[1].c, 40.0);
        assert!(matches!(
            free.combine(&[1.0]),
            Err(Error::ParamCount {
                expected: 2,
                got: 1
            })
        ));
        assert!(matches!(
            free.combine(&[1.0, f64::NAN]),
            Err(Error::NonFinite { .. })
        ));
        let fixed = p.partition(&Filter::Fixed).unwrap();
        assert_eq!(fixed.indices(), [1, 2]);
        let named = p
            .partition(&Filter::glob("b[*].c").and(Filter::Free.not()))
            .unwrap();
        assert_eq!(named.indices(), [2]);
        let pred = p
            .partition(&Filter::predicate(|q| q.value() > 2.5))
            .unwrap();
        assert_eq!(pred.indices(), [2, 3]);
        assert!(matches!(
            p.partition(&Filter::names(["a.r", "zz*"])),
            Err(Error::UnknownParam { .. })
        ));
    }

    #[test]
    fn per_instance_bounds_govern_apply() {
        let mut p = table();
        p.set_bounds("a.r", 0.0, 1000.0).unwrap();
        let free = p.partition(&Filter::glob("a.r")).unwrap();
        assert_eq!(free.apply(&[500.0]).unwrap().a.r, 500.0);
        assert!(free.apply(&[2000.0]).is_err());
    }

    #[test]
    fn ties_follow_their_source() {
        let mut p = table();
        p.tie("b[*].c", "a.c").unwrap();
        assert_eq!(p.values(), [1.0, 2.0, 2.0, 2.0]);
        assert_eq!(p.model().b[1].c, 2.0);
        let all = p.partition(&Filter::All).unwrap();
        assert_eq!(all.names(), ["a.r", "a.c"]);
        assert_eq!(all.combine(&[5.0, 6.0]).unwrap(), [5.0, 6.0, 6.0, 6.0]);
        p.set_value("a.c", 7.0).unwrap();
        assert_eq!(p.values(), [1.0, 7.0, 7.0, 7.0]);
        assert!(matches!(p.tie("a.r", "b[0].c"), Err(Error::InvalidTie(_))));
        assert!(matches!(p.tie("a.c", "a.r"), Err(Error::InvalidTie(_))));
        assert!(matches!(p.tie("a.c", "a.c"), Err(Error::InvalidTie(_))));
        p.untie("b[0].c").unwrap();
        assert_eq!(p.partition(&Filter::All).unwrap().len(), 3);
    }

    #[test]
    fn ties_respect_bounds() {
        let mut p = table();
        p.set_bounds("b[1].c", 0.0, 5.0).unwrap();
        // Tying to a source whose value lies outside the follower's bounds fails.
        p.set_value("a.c", 6.0).unwrap();
        let before = p.clone();
        assert!(matches!(p.tie("b[1].c", "a.c"), Err(Error::InvalidTie(_))));
        assert_eq!(p, before);
        p.set_value("a.c", 2.0)
            .unwrap()
            .tie("b[1].c", "a.c")
            .unwrap();
        // Setting a tied parameter is an error, not a silent no-op.
        let e = p.set_value("b[1].c", 3.0).unwrap_err();
        assert!(e.to_string().contains("set `a.c`"), "{e}");
        // Setting the source beyond the follower's bounds fails and changes nothing.
        let before = p.clone();
        assert!(matches!(p.set_value("a.c", 6.0), Err(Error::InvalidTie(_))));
        assert_eq!(p, before);
        // So does combining a selected vector that would push the follower out.
        let all = p.partition(&Filter::All).unwrap();
        assert!(matches!(
            all.combine(&[1.0, 6.0, 3.0]),
            Err(Error::InvalidTie(_))
        ));
        assert!(all.combine(&[1.0, 4.0, 3.0]).is_ok());
        // Explicit full vectors must agree with ties.
        assert!(p.check_values(&[1.0, 4.0, 3.0, 4.0]).is_ok());
        assert!(matches!(
            p.check_values(&[1.0, 4.0, 3.0, 3.0]),
            Err(Error::InvalidTie(_))
        ));
    }

    #[test]
    fn values_from_struct_literals_are_checked() {
        #[derive(crate::Model, Clone, Debug)]
        struct Bounded<T: Scalar = f64> {
            #[param(bounds = (0.0, 100.0), fixed)]
            r: T,
        }
        let e = Bounded { r: 500.0 }.params().unwrap_err();
        assert!(matches!(e, Error::OutOfBounds { .. }), "{e}");
        assert!(Bounded { r: f64::NAN }.params().is_err());
    }

    #[test]
    fn layout_is_checked_by_name() {
        let p = table();
        assert!(p.check_layout(&model()).is_ok());
        let other = Two {
            a: Rc { r: 1.0, c: 2.0 },
            b: [Cap { c: 3.0 }, Cap { c: 4.0 }],
        };
        assert!(p.check_layout(&other).is_ok());
        let mut t = p.table();
        t.records.swap(0, 1);
        let e = Params::load(&model(), t).unwrap_err();
        assert!(matches!(e, Error::Layout(_)), "{e}");
        let mut t = p.table();
        t.records.pop();
        assert!(matches!(Params::load(&model(), t), Err(Error::Layout(_))));
    }

    #[test]
    fn saved_tables_load_with_their_state() {
        let mut p = table();
        p.set_bounds("a.r", 0.0, 10.0)
            .unwrap()
            .fix("a.c")
            .unwrap()
            .tie("b[1].c", "b[0].c")
            .unwrap()
            .set_prior(
                "a.r",
                Prior::Normal {
                    mean: 1.0,
                    std: 0.5,
                },
            )
            .unwrap();
        let loaded = Params::load(&model(), p.table()).unwrap();
        assert_eq!(loaded, p);
        // A saved value outside its bounds is rejected on load.
        let mut t = p.table();
        t.records[0].value = 50.0;
        assert!(matches!(
            Params::load(&model(), t),
            Err(Error::OutOfBounds { .. })
        ));
        let mut t = p.table();
        t.records[3].tied_to = Some("nope".into());
        assert!(matches!(
            Params::load(&model(), t),
            Err(Error::InvalidTie(_))
        ));
    }

    #[test]
    fn display_uses_declared_units() {
        let p = Rc { r: 1.0, c: 2e-12 }.params().unwrap();
        let text = p.to_string();
        assert!(text.contains("pF"), "{text}");
        assert!(text.contains("2.000000"), "{text}");
    }
}

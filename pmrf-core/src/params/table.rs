//! [`Params`]: a run-time table of one model's parameters, changed per instance and partitioned
//! by filters.

use std::fmt;

use num_dual::DualStruct;

use super::{Filter, Model, ParamMeta, Path, Prior, glob_match};
use crate::{Error, Result};

/// One parameter: its path name, value (SI) and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Path name, e.g. `"stages[2].c"`.
    pub name: String,
    /// Current value, SI units.
    pub value: f64,
    /// Metadata (defaults from `#[param]`, changed per instance through [`Params`]).
    pub meta: ParamMeta,
    tied_to: Option<usize>,
}

impl Param {
    /// Whether this parameter takes its value from another (see [`Params::tie`]).
    pub fn is_tied(&self) -> bool {
        self.tied_to.is_some()
    }

    /// Index of the parameter this one is tied to.
    pub fn tied_to(&self) -> Option<usize> {
        self.tied_to
    }

    /// Neither fixed nor tied.
    pub fn is_free(&self) -> bool {
        !self.meta.is_fixed() && !self.is_tied()
    }
}

/// The parameters of one model instance: names, values and metadata, in flat order.
///
/// Built by [`Model::params`]. Change metadata per instance by exact name or glob, then
/// [`Params::partition`] by a [`Filter`] to get the vector a fitter, sampler or gradient works on,
/// and [`Params::apply`] values back to the model.
///
/// ```
/// use pmrf::prelude::*;
///
/// let lowpass = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(3e-9)));
/// let mut params = lowpass.params();
/// assert_eq!(params.names(), ["stages[0].l", "stages[1].c", "stages[2].l"]);
/// params.fix("stages[1].c")?.tie("stages[2].l", "stages[0].l")?;
///
/// let free = params.partition(&Filter::Free)?;
/// assert_eq!(free.names(), ["stages[0].l"]);
/// let values = free.combine(&[4e-9])?; // both inductors follow the one free value
/// assert_eq!(values, [4e-9, 2e-12, 4e-9]);
/// let tuned = lowpass.with_params(&values)?;
/// # let _ = tuned;
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params {
    entries: Vec<Param>,
}

impl Params {
    /// The parameters of `model` with their default metadata.
    pub fn of<M: Model>(model: &M) -> Self {
        let mut entries = Vec::new();
        model.visit_params(&mut Path::new(), &mut |path, value, meta| {
            entries.push(Param {
                name: path.to_string(),
                value: value.re(),
                meta: meta.clone(),
                tied_to: None,
            })
        });
        Params { entries }
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

    fn update(
        &mut self,
        pattern: &str,
        mut f: impl FnMut(&mut Param) -> Result<()>,
    ) -> Result<&mut Self> {
        let hits = self.select(pattern)?;
        // Apply to a copy so that a failure part-way leaves `self` unchanged.
        let mut entries = self.entries.clone();
        for i in hits {
            f(&mut entries[i])?;
        }
        self.entries = entries;
        Ok(self)
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
    pub fn set_bounds(&mut self, pattern: &str, lower: f64, upper: f64) -> Result<&mut Self> {
        self.update(pattern, |p| {
            if lower.is_nan() || upper.is_nan() || lower >= upper {
                return Err(Error::InvalidBounds {
                    name: p.name.clone(),
                    lower,
                    upper,
                });
            }
            p.meta.set_bounds(lower, upper);
            p.meta.check(&p.name, p.value)
        })
    }

    /// Sets the prior of the matching parameters.
    pub fn set_prior(&mut self, pattern: &str, prior: Prior) -> Result<&mut Self> {
        prior.validate()?;
        self.update(pattern, |p| {
            p.meta.set_prior(Some(prior));
            Ok(())
        })
    }

    /// Sets the value (SI) of the matching parameters, checked against their bounds.
    pub fn set_value(&mut self, pattern: &str, value: f64) -> Result<&mut Self> {
        self.update(pattern, |p| {
            p.meta.check(&p.name, value)?;
            p.value = value;
            Ok(())
        })?;
        self.sync_ties();
        Ok(self)
    }

    /// Ties the matching parameters to `source` (an exact name): they take its value and are no
    /// longer selected by any filter. Chains are rejected: a source cannot itself be tied, and a
    /// tied parameter cannot be a source.
    pub fn tie(&mut self, pattern: &str, source: &str) -> Result<&mut Self> {
        let src = self.index_of(source)?;
        if self.entries[src].is_tied() {
            return Err(Error::InvalidTie(format!(
                "source `{source}` is itself tied"
            )));
        }
        let sources: Vec<String> = (self.entries.iter())
            .filter_map(|p| p.tied_to.map(|s| self.entries[s].name.clone()))
            .collect();
        let value = self.entries[src].value;
        self.update(pattern, |p| {
            if p.name == source {
                return Err(Error::InvalidTie(format!(
                    "`{source}` cannot be tied to itself"
                )));
            }
            if sources.contains(&p.name) {
                return Err(Error::InvalidTie(format!(
                    "`{}` is the source of another tie",
                    p.name
                )));
            }
            p.meta.check(&p.name, value)?;
            p.tied_to = Some(src);
            p.value = value;
            Ok(())
        })
    }

    /// Releases ties of the matching parameters; they keep their current value.
    pub fn untie(&mut self, pattern: &str) -> Result<&mut Self> {
        self.update(pattern, |p| {
            p.tied_to = None;
            Ok(())
        })
    }

    fn sync_ties(&mut self) {
        for i in 0..self.entries.len() {
            if let Some(s) = self.entries[i].tied_to {
                self.entries[i].value = self.entries[s].value;
            }
        }
    }

    /// Checks a full value vector: its length, and each value finite and within bounds.
    pub fn check_values(&self, values: &[f64]) -> Result<()> {
        if values.len() != self.len() {
            return Err(Error::ParamCount {
                expected: self.len(),
                got: values.len(),
            });
        }
        (self.entries.iter().zip(values)).try_for_each(|(p, &v)| p.meta.check(&p.name, v))
    }

    /// Checks that this table describes `model`: the same number of parameters.
    pub fn check_layout<M: Model>(&self, model: &M) -> Result<()> {
        let expected = model.num_params();
        if expected == self.len() {
            Ok(())
        } else {
            Err(Error::ParamCount {
                expected,
                got: self.len(),
            })
        }
    }

    /// Writes these values into `model` (which must have the same parameter layout).
    pub fn apply<M: Model<Scalar = f64>>(&self, model: &M) -> Result<M> {
        self.check_layout(model)?;
        let values = self.values();
        self.check_values(&values)?;
        Ok(model.with_params_unchecked(&values))
    }

    /// Splits the parameters into those `filter` selects and the rest.
    ///
    /// Every name pattern in the filter must match at least one parameter.
    pub fn partition(&self, filter: &Filter) -> Result<Partition> {
        for pattern in filter.patterns() {
            self.select(pattern)?;
        }
        let selected = (0..self.len())
            .filter(|&i| filter.matches(&self.entries[i]))
            .collect();
        Ok(Partition {
            params: self.clone(),
            selected,
        })
    }

    /// Sum of the log prior densities of all parameters that have a prior (flat elsewhere).
    pub fn ln_prior(&self) -> f64 {
        (self.entries.iter())
            .filter_map(|p| p.meta.prior().map(|prior| prior.ln_pdf(p.value)))
            .sum()
    }
}

impl<'a> IntoIterator for &'a Params {
    type Item = &'a Param;
    type IntoIter = std::slice::Iter<'a, Param>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl fmt::Display for Params {
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
            let unit = display_unit(p.meta.scale(), p.meta.unit());
            let state = match p.tied_to {
                Some(s) => format!("tied to {}", self.entries[s].name),
                None if p.meta.is_fixed() => "fixed".to_owned(),
                None => "free".to_owned(),
            };
            let value = p.value / p.meta.scale();
            write!(f, "{:width$}  {value:>12.6}  {unit:8}  {state:6}", p.name)?;
            let (lo, hi) = p.meta.bounds();
            if lo.is_finite() || hi.is_finite() {
                let (lo, hi) = (short(lo / p.meta.scale()), short(hi / p.meta.scale()));
                write!(f, "  in [{lo}, {hi}] {unit}")?;
            }
            if let Some(prior) = p.meta.prior() {
                write!(f, "  prior {prior}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// A number in at most 6 significant digits, without trailing zeros: `999.9999999999999` -> `1000`.
fn short(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return x.to_string();
    }
    let digits = (5 - x.abs().log10().floor() as i32).clamp(0, 15) as usize;
    let text = format!("{x:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// `1e-12` and `"F"` read as `"pF"`; other scales as `"x1e-5 F"`.
fn display_unit(scale: f64, unit: &str) -> String {
    const PREFIXES: [(f64, &str); 11] = [
        (1e-15, "f"),
        (1e-12, "p"),
        (1e-9, "n"),
        (1e-6, "u"),
        (1e-3, "m"),
        (1.0, ""),
        (1e3, "k"),
        (1e6, "M"),
        (1e9, "G"),
        (1e12, "T"),
        (1e15, "P"),
    ];
    match PREFIXES
        .iter()
        .find(|(s, _)| (scale / s - 1.0).abs() < 1e-12)
    {
        Some((_, prefix)) => format!("{prefix}{unit}"),
        None => format!("x{scale:e} {unit}"),
    }
}

/// The parameters a [`Filter`] selected, and the rest held at their values.
///
/// `selected()` is the vector a fitter, sampler or gradient works on; `combine` puts a new
/// selected vector back into a full one (ties resolved), ready for [`Model::with_params`].
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    params: Params,
    selected: Vec<usize>,
}

impl Partition {
    /// Number of selected parameters.
    pub fn len(&self) -> usize {
        self.selected.len()
    }

    /// Whether nothing was selected.
    pub fn is_empty(&self) -> bool {
        self.selected.is_empty()
    }

    /// Flat indices of the selected parameters.
    pub fn indices(&self) -> &[usize] {
        &self.selected
    }

    /// Names of the selected parameters.
    pub fn names(&self) -> Vec<&str> {
        (self.selected.iter())
            .map(|&i| self.params.entries[i].name.as_str())
            .collect()
    }

    /// The selected parameters.
    pub fn params(&self) -> impl Iterator<Item = &Param> {
        self.selected.iter().map(|&i| &self.params.entries[i])
    }

    /// The full table this partition was taken from.
    pub fn all(&self) -> &Params {
        &self.params
    }

    /// Current values of the selected parameters.
    pub fn selected(&self) -> Vec<f64> {
        self.params().map(|p| p.value).collect()
    }

    /// Current values of the parameters not selected, in flat order.
    pub fn rest(&self) -> Vec<f64> {
        (self.params.entries.iter().enumerate())
            .filter(|(i, _)| !self.selected.contains(i))
            .map(|(_, p)| p.value)
            .collect()
    }

    /// The full value vector with the selected values replaced, checked (length, finite,
    /// bounds) and ties resolved.
    pub fn combine(&self, selected: &[f64]) -> Result<Vec<f64>> {
        if selected.len() != self.len() {
            return Err(Error::ParamCount {
                expected: self.len(),
                got: selected.len(),
            });
        }
        for (p, &v) in self.params().zip(selected) {
            p.meta.check(&p.name, v)?;
        }
        let mut full = self.params.values();
        self.combine_into(selected, &mut full)?;
        Ok(full)
    }

    /// Writes `selected` into `full` (all values, e.g. from [`Params::values`]) and resolves
    /// ties, checking only the lengths: the hot path of batches and gradients.
    pub fn combine_into(&self, selected: &[f64], full: &mut [f64]) -> Result<()> {
        for (expected, got) in [
            (self.len(), selected.len()),
            (self.params.len(), full.len()),
        ] {
            if expected != got {
                return Err(Error::ParamCount { expected, got });
            }
        }
        for (&i, &v) in self.selected.iter().zip(selected) {
            full[i] = v;
        }
        for (i, p) in self.params.entries.iter().enumerate() {
            if let Some(s) = p.tied_to {
                full[i] = full[s];
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Params {
        let mk = |name: &str, value: f64| Param {
            name: name.into(),
            value,
            meta: ParamMeta::DEFAULT,
            tied_to: None,
        };
        Params {
            entries: vec![
                mk("a.r", 1.0),
                mk("a.c", 2.0),
                mk("b[0].c", 3.0),
                mk("b[1].c", 4.0),
            ],
        }
    }

    #[test]
    fn select_by_name_and_glob() {
        let p = table();
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
            p.set_value("a.r", f64::INFINITY),
            Err(Error::NonFinite { .. })
        ));
        assert_eq!(p, before);
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
        let pred = p.partition(&Filter::predicate(|q| q.value > 2.5)).unwrap();
        assert_eq!(pred.indices(), [2, 3]);
        assert!(matches!(
            p.partition(&Filter::names(["a.r", "zz*"])),
            Err(Error::UnknownParam { .. })
        ));
    }

    #[test]
    fn ties_follow_their_source() {
        let mut p = table();
        p.tie("b[*].c", "a.c").unwrap();
        assert_eq!(p.values(), [1.0, 2.0, 2.0, 2.0]);
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
    fn display_uses_declared_units() {
        let mut p = table();
        p.entries[1].meta = ParamMeta::DEFAULT.with_unit("F").with_scale(1e-12);
        p.entries[1].value = 2e-12;
        let text = p.to_string();
        assert!(text.contains("pF"), "{text}");
        assert!(text.contains("2.000000"), "{text}");
        assert_eq!(short(999.9999999999999), "1000");
        assert_eq!(short(0.1), "0.1");
        assert_eq!(short(f64::INFINITY), "inf");
        assert_eq!(short(123456789.0), "123456789");
    }
}

//! [`ParamTable`]: a parameter table without its model, what is saved and loaded (with feature
//! `serde`), and [`Params::table`] / [`Params::load`] between the two.

use super::table::{same_unit, sync_ties};
use super::{Model, ParamMeta, Params, Prior, TieMap};
use crate::units::num;
use crate::{Error, Result};

impl<M: Model> Params<M> {
    /// The table without its model: names, values and metadata, for saving.
    pub fn table(&self) -> ParamTable {
        ParamTable {
            records: (self.entries.iter())
                .map(|p| Record {
                    name: p.name.clone(),
                    value: p.value,
                    unit: Some(p.meta.unit().to_owned()),
                    scale: Some(p.meta.scale()),
                    bounds: p.meta.bounds(),
                    fixed: p.meta.is_fixed(),
                    prior: p.meta.prior().copied(),
                    tied_to: p.tied_to.map(|s| self.entries[s].name.clone()),
                    tie_map: (!p.tie_map.is_identity()).then_some(p.tie_map),
                })
                .collect(),
        }
    }

    /// Binds a saved table to `model`: the names must be the model's, in order; units and
    /// scales are the model's (a table that states others is refused); values, bounds, priors
    /// (against their bounds) and ties (of one unit) are checked as every update is. The model
    /// takes the table's values. A failed load returns an error and builds nothing.
    ///
    /// # Errors
    /// [`Error::Layout`] for other names, units or scales; [`Error::InvalidBounds`],
    /// [`Error::InvalidPrior`], [`Error::InvalidTie`], [`Error::OutOfBounds`] or
    /// [`Error::NonFinite`] for state no update could have made.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesL, ShuntC};
    ///
    /// let model = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12)));
    /// let mut params = model.params()?;
    /// params.fix("stages[1].c")?.set_value("stages[0].l", 5e-9)?;
    /// let saved = params.table(); // serde: `serde_json::to_string(&saved)` with feature `serde`
    /// let loaded = Params::load(&model, saved)?;
    /// assert_eq!(loaded, params);
    /// assert!(Params::load(&Cascade::new((SeriesL::new(3e-9),))   , params.table()).is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn load(model: &M, table: ParamTable) -> Result<Self> {
        let mut params = Self::of_unchecked(model);
        params.check_layout_names(&table)?;
        let mut entries = params.entries.clone();
        for (p, r) in entries.iter_mut().zip(&table.records) {
            r.check_declared(&p.meta)?;
            p.tied_to = match &r.tied_to {
                None => None,
                Some(source) => Some(params.index_of(source).map_err(|_| {
                    Error::InvalidTie(format!("`{}` is tied to unknown `{source}`", r.name))
                })?),
            };
            p.tie_map = match (&p.tied_to, r.tie_map) {
                (None, Some(_)) => {
                    return Err(Error::InvalidTie(format!(
                        "`{}` has a tie map but is not tied (no `tied_to`)",
                        r.name
                    )));
                }
                (_, map) => match map {
                    Some(m) => TieMap::affine(m.scale(), m.offset())?,
                    None => TieMap::IDENTITY,
                },
            };
            p.value = r.value;
            p.meta.set_bounds(r.bounds.0, r.bounds.1);
            p.meta.set_fixed(r.fixed);
            p.meta.set_prior(r.prior);
            p.meta.validate(&p.name)?;
        }
        for p in &entries {
            if let Some(s) = p.tied_to {
                if entries[s].name == p.name {
                    return Err(Error::InvalidTie(format!(
                        "`{}` cannot be tied to itself",
                        p.name
                    )));
                }
                same_unit(p, &entries[s])?;
            }
        }
        // Cycles of ties are refused here (a chain is fine).
        sync_ties(&mut entries)?;
        for p in &entries {
            p.check(p.value)?;
        }
        params.set_entries(entries);
        Ok(params)
    }

    fn check_layout_names(&self, table: &ParamTable) -> Result<()> {
        let theirs = table.records.iter().map(|r| r.name.as_str());
        let ours = self.entries.iter().map(|p| p.name.as_str());
        if theirs.clone().eq(ours) {
            return Ok(());
        }
        let names: Vec<&str> = theirs.collect();
        Err(Error::Layout(format!(
            "the table's parameters [{}] are not the model's [{}]",
            names.join(", "),
            self.names().join(", ")
        )))
    }
}

/// A parameter table without its model: what is saved and loaded (with feature `serde`).
///
/// Ties are stored by name (with their map where it is not the identity); infinite bounds as `null`, infinite values as `"inf"`. Unknown
/// fields are refused (a misspelt `"fixd": true` must not leave a parameter free); `unit` and
/// `scale` may be left out, as they come from the model. [`Params::load`] binds a table to a
/// model and checks it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ParamTable {
    pub(super) records: Vec<Record>,
}

impl ParamTable {
    /// The parameter names, in flat order.
    pub fn names(&self) -> Vec<&str> {
        self.records.iter().map(|r| r.name.as_str()).collect()
    }
}

/// One saved parameter. Unit and scale belong to the model: they are written for the reader,
/// may be left out, and must agree with the model's where given. Unknown fields are refused (a
/// misspelt `"fixd": true` must not leave a parameter free).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub(super) struct Record {
    pub(super) name: String,
    #[cfg_attr(feature = "serde", serde(with = "super::json::value"))]
    pub(super) value: f64,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) unit: Option<String>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) scale: Option<f64>,
    #[cfg_attr(feature = "serde", serde(with = "super::json::bounds"))]
    pub(super) bounds: (f64, f64),
    pub(super) fixed: bool,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) prior: Option<Prior>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(super) tied_to: Option<String>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(super) tie_map: Option<TieMap>,
}

impl Record {
    /// `Ok` if the saved unit and scale, where given, are the model's `declared` ones.
    fn check_declared(&self, declared: &ParamMeta) -> Result<()> {
        let mismatch = |what: &str, theirs: String, ours: String| {
            Err(Error::Layout(format!(
                "`{}` has {what} {theirs} in the table, but the model declares {ours}",
                self.name
            )))
        };
        if let Some(unit) = &self.unit
            && unit != declared.unit()
        {
            return mismatch(
                "unit",
                format!("{unit:?}"),
                format!("{:?}", declared.unit()),
            );
        }
        if let Some(scale) = self.scale
            && scale != declared.scale()
        {
            return mismatch("scale", num(scale), num(declared.scale()));
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl<M: Model> serde::Serialize for Params<M> {
    /// Serialised as its [`ParamTable`].
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.table().serialize(s)
    }
}

//! [`Partition`]: the parameters a [`Filter`] selected from a [`Params`] table, and the rest
//! held at their values.

use super::tie::tie_order;
use super::{Filter, Model, Param, Params};
use crate::{Error, Result};

impl<M: Model> Params<M> {
    /// Splits the parameters into those `filter` selects and the rest.
    ///
    /// Every name pattern in the filter must match at least one parameter.
    pub fn partition(&self, filter: &Filter) -> Result<Partition<M>> {
        for pattern in filter.patterns() {
            self.select(pattern)?;
        }
        let selected = (0..self.len())
            .filter(|&i| filter.matches(&self.entries[i]))
            .collect();
        Ok(Partition {
            params: self.clone(),
            selected,
            ties: tie_order(&self.entries)?,
        })
    }
}

/// The parameters a [`Filter`] selected from a [`Params`] table, and the rest held at their
/// values.
///
/// `selected()` is the vector a fitter, sampler or gradient works on; [`Partition::apply`] turns
/// a new selected vector into the model, checked against the table's (per-instance) bounds with
/// ties resolved, and [`Partition::combine`] into the full value vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition<M> {
    params: Params<M>,
    selected: Vec<usize>,
    /// The tied parameters, every follower after its source (chains resolve in one pass).
    ties: Vec<usize>,
}

impl<M: Model> Partition<M> {
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
    pub fn all(&self) -> &Params<M> {
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
    /// bounds) and ties resolved (the followers within their own bounds).
    ///
    /// Selected values vary, so they must be finite: an optimiser or sampler that steps to
    /// infinity gets an error. Hold a parameter at infinity with [`Params::set_value`].
    pub fn combine(&self, selected: &[f64]) -> Result<Vec<f64>> {
        if selected.len() != self.len() {
            return Err(Error::ParamCount {
                expected: self.len(),
                got: selected.len(),
            });
        }
        for (p, &v) in self.params().zip(selected) {
            if v.is_infinite() {
                return Err(Error::NonFinite {
                    name: p.name.clone(),
                    value: v,
                });
            }
            p.check(v)?;
        }
        let mut full = self.params.values();
        self.combine_into(selected, &mut full)?;
        for (p, &v) in self.params.entries.iter().zip(&full) {
            if let Some(s) = p.tied_to {
                p.check(v).map_err(|e| {
                    Error::InvalidTie(format!(
                        "`{}` is tied to `{}` = {}{}: {e}",
                        p.name, self.params.entries[s].name, full[s], p.tie_map
                    ))
                })?;
            }
        }
        Ok(full)
    }

    /// The table with the selected values replaced (checked as [`Partition::combine`]).
    pub fn table_at(&self, selected: &[f64]) -> Result<Params<M>> {
        let full = self.combine(selected)?;
        let mut table = self.params.clone();
        let mut entries = table.entries.clone();
        for (p, v) in entries.iter_mut().zip(full) {
            p.value = v;
        }
        table.set_entries(entries);
        Ok(table)
    }

    /// The model with the selected values replaced (checked as [`Partition::combine`]).
    pub fn apply(&self, selected: &[f64]) -> Result<M> {
        Ok(self.table_at(selected)?.model)
    }

    /// Writes `selected` into `full` (all values, e.g. from [`Params::values`]) and resolves
    /// ties (through their maps, chains in order), checking only the lengths: the hot path of batches and gradients, for values that
    /// were checked before.
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
        for &i in &self.ties {
            let p = &self.params.entries[i];
            if let Some(s) = p.tied_to {
                full[i] = p.tie_map.apply(full[s]);
            }
        }
        Ok(())
    }
}

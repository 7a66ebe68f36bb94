//! [`TieMap`]: how a tied parameter's value follows its source (`c2 = 2 c1`, `l2 = l1 / n^2`),
//! and the order in which chains of ties (`a` tied to `b` tied to `c`) are resolved.

use std::fmt;

use super::Param;
use crate::units::num;
use crate::{Error, Result};

/// The map from a tie's source value to the tied value: `scale * source + offset`, with both
/// of one unit (a capacitance follows a capacitance).
///
/// Affine maps keep ties exact everywhere they are read: the tied value is computed from its
/// source's value by the same two operations in every consumer (tables, partitions, batches),
/// and the derivative with respect to the source is the constant `scale` (a chain's is the
/// product of its scales), so gradients through ties are exact. The identity map copies the
/// source's value bit for bit.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
///
/// let model = Cascade::new((ShuntC::new(1e-12), SeriesL::new(8e-9), ShuntC::new(2e-12)));
/// let params = model.params()?.tied_with("stages[2].c", "stages[0].c", TieMap::scaled(2.0)?)?;
/// let free = params.partition(&Filter::Free)?;
/// assert_eq!(free.names(), ["stages[0].c", "stages[1].l"]);
/// let tuned = free.apply(&[1.5e-12, 8e-9])?;
/// assert_eq!(tuned.param_values(), [1.5e-12, 8e-9, 3e-12]); // c2 = 2 c0
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct TieMap {
    scale: f64,
    offset: f64,
}

impl TieMap {
    /// The tied value equals its source's.
    pub const IDENTITY: TieMap = TieMap {
        scale: 1.0,
        offset: 0.0,
    };

    /// `scale * source + offset`.
    ///
    /// # Errors
    /// [`Error::InvalidTie`] for a scale that is zero (a constant follows nothing: fix the
    /// parameter instead) or not finite, or an offset that is not finite.
    pub fn affine(scale: f64, offset: f64) -> Result<Self> {
        if !scale.is_finite() || scale == 0.0 || !offset.is_finite() {
            return Err(Error::InvalidTie(format!(
                "a tie map `scale * source + offset` needs a finite, non-zero scale and a \
                 finite offset, got scale {} and offset {}",
                num(scale),
                num(offset)
            )));
        }
        Ok(TieMap { scale, offset })
    }

    /// `scale * source` (`TieMap::scaled(2.0)` for `c2 = 2 c1`, `1.0 / (n * n)` for
    /// `l2 = l1 / n^2`).
    ///
    /// # Errors
    /// As [`TieMap::affine`].
    pub fn scaled(scale: f64) -> Result<Self> {
        Self::affine(scale, 0.0)
    }

    /// The factor on the source.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The constant added.
    pub fn offset(&self) -> f64 {
        self.offset
    }

    /// Whether this is the identity (the tied value is a copy).
    pub fn is_identity(&self) -> bool {
        *self == Self::IDENTITY
    }

    /// The tied value for a source value `x` (`x` itself, bit for bit, for the identity).
    pub fn apply(&self, x: f64) -> f64 {
        if self.is_identity() {
            x
        } else {
            self.scale * x + self.offset
        }
    }

    /// The derivative of the tied value with respect to its source: the scale.
    pub fn derivative(&self) -> f64 {
        self.scale
    }
}

impl Default for TieMap {
    fn default() -> Self {
        Self::IDENTITY
    }
}

impl fmt::Display for TieMap {
    /// `""` for the identity, else ` * 2` / ` * 2 + 1e-12` (read after the source's name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_identity() {
            return Ok(());
        }
        write!(f, " * {}", num(self.scale))?;
        if self.offset != 0.0 {
            write!(f, " + {}", num(self.offset))?;
        }
        Ok(())
    }
}

/// The tied parameters in an order that resolves chains: every follower after its source.
///
/// # Errors
/// [`Error::InvalidTie`] naming the parameters of a cycle (`a` tied to `b` tied to `a`) or a
/// tie to an index outside the table.
pub(super) fn tie_order(entries: &[Param]) -> Result<Vec<usize>> {
    let mut depth = vec![0usize; entries.len()];
    for (i, d) in depth.iter_mut().enumerate() {
        let mut at = i;
        while let Some(s) = entries[at].tied_to {
            if s >= entries.len() {
                return Err(Error::InvalidTie(format!(
                    "`{}` is tied to parameter {s}, but the table has {}",
                    entries[at].name,
                    entries.len()
                )));
            }
            *d += 1;
            if *d > entries.len() {
                return Err(Error::InvalidTie(format!(
                    "the ties of `{}` form a cycle (through `{}`)",
                    entries[i].name, entries[s].name
                )));
            }
            at = s;
        }
    }
    let mut order: Vec<usize> = (0..entries.len()).filter(|&i| depth[i] > 0).collect();
    order.sort_by_key(|&i| depth[i]);
    Ok(order)
}

/// The untied parameter at the end of `i`'s chain and the derivative of `i`'s value with
/// respect to it (the product of the scales on the way; `(i, 1)` for an untied parameter).
pub(super) fn tie_root(entries: &[Param], i: usize) -> (usize, f64) {
    let (mut at, mut slope) = (i, 1.0);
    // Chains are acyclic (every update checks it); the bound only guards the loop.
    for _ in 0..=entries.len() {
        match entries[at].tied_to {
            Some(s) => {
                slope *= entries[at].tie_map.derivative();
                at = s;
            }
            None => break,
        }
    }
    (at, slope)
}

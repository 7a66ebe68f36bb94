//! Parameter metadata: unit, scale, bounds, fixed flag and prior.

use std::borrow::Cow;

use super::Prior;
use crate::units::num;
use crate::{Error, Result};

/// Metadata of one parameter. Defaults come from `#[param(...)]`; [`crate::Params`] changes them
/// per instance.
///
/// Values are always SI (ohm, H, F, ...). `scale` is the magnitude the parameter is written in
/// (`1e-12` for pF): it names the display unit and sets the O(1) units optimisers work in.
/// `bounds` are SI values; unbounded ends are infinite. Fields are private so that metadata can
/// grow; read them through the accessors and build with the `with_*` methods.
///
/// ```
/// use pmrf::params::ParamMeta;
/// let meta = ParamMeta::default().with_unit("F").with_scale(1e-12).with_bounds(0.0, 1e-9);
/// assert_eq!(meta.unit(), "F");
/// assert!(meta.check("c", 2e-12).is_ok());
/// assert!(meta.check("c", -1e-12).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ParamMeta {
    unit: Cow<'static, str>,
    scale: f64,
    #[cfg_attr(feature = "serde", serde(with = "super::json::bounds"))]
    bounds: (f64, f64),
    fixed: bool,
    prior: Option<Prior>,
}

impl Default for ParamMeta {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl ParamMeta {
    /// No unit, scale 1, unbounded, free, no prior.
    pub const DEFAULT: Self =
        Self::declared("", 1.0, f64::NEG_INFINITY, f64::INFINITY, false, None);

    /// Metadata as `#[param(...)]` declares it, in one constant expression (used by the derive).
    #[doc(hidden)]
    pub const fn declared(
        unit: &'static str,
        scale: f64,
        lower: f64,
        upper: f64,
        fixed: bool,
        prior: Option<Prior>,
    ) -> Self {
        Self {
            unit: Cow::Borrowed(unit),
            scale,
            bounds: (lower, upper),
            fixed,
            prior,
        }
    }

    /// Unit symbol, e.g. `"F"`; empty if dimensionless.
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// Typical magnitude (> 0), e.g. `1e-12` for a capacitance in pF.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// `(lower, upper)` in SI units; `(-inf, inf)` if unbounded.
    pub fn bounds(&self) -> (f64, f64) {
        self.bounds
    }

    /// Whether the parameter is held constant by fitting, sampling and gradients.
    pub fn is_fixed(&self) -> bool {
        self.fixed
    }

    /// Prior distribution, if any.
    pub fn prior(&self) -> Option<&Prior> {
        self.prior.as_ref()
    }

    /// Sets the unit symbol.
    pub fn with_unit(mut self, unit: impl Into<Cow<'static, str>>) -> Self {
        self.unit = unit.into();
        self
    }

    /// Sets the scale (> 0; not checked here).
    pub fn with_scale(mut self, scale: f64) -> Self {
        self.scale = scale;
        self
    }

    /// Sets the bounds (not checked here; [`crate::Params::set_bounds`] checks).
    pub fn with_bounds(mut self, lower: f64, upper: f64) -> Self {
        self.bounds = (lower, upper);
        self
    }

    /// Sets the fixed flag.
    pub fn with_fixed(mut self, fixed: bool) -> Self {
        self.fixed = fixed;
        self
    }

    /// Sets or clears the prior.
    pub fn with_prior(mut self, prior: impl Into<Option<Prior>>) -> Self {
        self.prior = prior.into();
        self
    }

    pub(crate) fn set_fixed(&mut self, fixed: bool) {
        self.fixed = fixed;
    }

    pub(crate) fn set_bounds(&mut self, lower: f64, upper: f64) {
        self.bounds = (lower, upper);
    }

    pub(crate) fn set_prior(&mut self, prior: Option<Prior>) {
        self.prior = prior;
    }

    /// Whether both bounds are finite.
    pub fn is_bounded(&self) -> bool {
        self.bounds.0.is_finite() && self.bounds.1.is_finite()
    }

    /// The distribution the parameter `name` is sampled from (by [`crate::batch`] and
    /// [`crate::infer`] alike): its prior, truncated to the bounds by the sampler, or, without
    /// one, uniform between its bounds.
    ///
    /// ```
    /// use pmrf::params::{ParamMeta, Prior};
    /// let bounded = ParamMeta::default().with_bounds(1.0, 3.0);
    /// assert_eq!(bounded.sampling_prior("c")?, Prior::uniform(1.0, 3.0)?);
    /// let normal = Prior::normal(2.0, 0.5)?;
    /// assert_eq!(bounded.with_prior(normal).sampling_prior("c")?, normal);
    /// assert!(ParamMeta::default().sampling_prior("c").is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NotSampleable`] without a prior and with an infinite bound;
    /// [`Error::InvalidPrior`] if the prior has no probability within the bounds (naming the
    /// parameter, the prior and the bounds).
    pub fn sampling_prior(&self, name: &str) -> Result<Prior> {
        let (lower, upper) = self.bounds;
        let prior = match self.prior {
            Some(prior) => prior,
            None if self.is_bounded() => Prior::uniform(lower, upper)?,
            None => {
                return Err(Error::NotSampleable {
                    name: name.to_owned(),
                });
            }
        };
        mass_within_bounds(name, &prior, lower, upper)?;
        Ok(prior)
    }

    /// Checks one value of the parameter `name`: a number within the bounds. An infinite
    /// value is a value where the bounds reach infinity (a lossless tank's `r = inf`); such a
    /// parameter is held at its value, never selected to vary (see [`crate::Params`]).
    pub fn check(&self, name: &str, value: f64) -> Result<()> {
        if value.is_nan() {
            return Err(Error::NonFinite {
                name: name.to_owned(),
                value,
            });
        }
        let (lower, upper) = self.bounds;
        if value < lower || value > upper {
            return Err(Error::OutOfBounds {
                name: name.to_owned(),
                value,
                lower,
                upper,
            });
        }
        Ok(())
    }

    /// Checks the metadata of the parameter `name`: bounds with `lower < upper`, no NaN and
    /// a width `f64` can hold (or an infinite end), a valid prior with probability within
    /// the bounds.
    pub(crate) fn validate(&self, name: &str) -> Result<()> {
        let (lower, upper) = self.bounds;
        let overflows = lower.is_finite() && upper.is_finite() && !(upper - lower).is_finite();
        if lower.is_nan() || upper.is_nan() || lower >= upper || overflows {
            return Err(Error::InvalidBounds {
                name: name.to_owned(),
                lower,
                upper,
            });
        }
        if let Some(prior) = &self.prior {
            prior.validate()?;
            mass_within_bounds(name, prior, lower, upper)?;
        }
        Ok(())
    }
}

/// Checks that `prior` (of the parameter `name`) has probability within `[lower, upper]`.
fn mass_within_bounds(name: &str, prior: &Prior, lower: f64, upper: f64) -> Result<()> {
    let mass = prior.mass_within(lower, upper);
    if mass.is_nan() || mass <= 0.0 {
        return Err(Error::InvalidPrior(format!(
            "`{name}`: {prior} has no probability within the bounds [{}, {}]",
            num(lower),
            num(upper)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_what_was_wrong() {
        let m = ParamMeta::default().with_bounds(0.0, 1.0);
        assert!(m.check("c", 0.5).is_ok());
        assert!(matches!(
            m.check("c", f64::NAN),
            Err(Error::NonFinite { .. })
        ));
        let e = m.check("c", 2.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "parameter `c` = 2 is outside its bounds [0, 1]"
        );
    }
}

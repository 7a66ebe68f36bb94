//! Prior distributions of parameters: densities, distribution functions, quantiles, and draws
//! truncated to a parameter's bounds.

use rand::Rng;
use rand::distr::Open01;

use crate::special::{gamma, normal};
use crate::units::{num, width};
use crate::{Error, Result, Scalar};

/// How many standard deviations from the centre a draw can reach: [`Prior::sample`] takes `u`
/// from `(0, 1)` no closer to 0 or 1 than `2^-54`, whose standard normal quantile is `-8.3`.
const DRAW_REACH: f64 = 9.0;

/// A prior distribution of one parameter, over its SI value.
///
/// Build one with the checked constructors [`Prior::uniform`], [`Prior::normal`],
/// [`Prior::log_normal`], [`Prior::truncated_normal`] and [`Prior::gamma`], or ParamRF's relative forms
/// [`Prior::relative_normal`] and [`Prior::relative_truncated_normal`] (the first three also
/// as `#[param(prior = ...)]`); the enum and its variants are
/// `#[non_exhaustive]` so that new families can be added and no invalid prior can be written
/// as a literal. Match on it with `Prior::Normal { mean, std, .. }`.
///
/// Besides the density ([`ln_pdf`](Prior::ln_pdf), on any [`Scalar`] so that gradient samplers
/// get exact derivatives) a prior has a distribution function ([`cdf`](Prior::cdf),
/// [`sf`](Prior::sf)) and its inverse ([`quantile`](Prior::quantile)), and everything again
/// restricted to the bounds of a parameter: [`mass_within`](Prior::mass_within),
/// [`quantile_within`](Prior::quantile_within) (the unit-hypercube transform of nested
/// sampling) and [`sample_within`](Prior::sample_within) (by inverse CDF, never by rejection).
///
/// ```
/// use pmrf::params::Prior;
/// let c = Prior::normal(2e-12, 1e-13)?;
/// assert!((c.quantile(0.975) - (2e-12 + 1.959963984540054 * 1e-13)).abs() < 1e-26);
/// // The prior truncated to bounds (a prior's tail: 0.13% of its mass lies above 2.3 pF).
/// let u = c.quantile_within(2.3e-12, f64::INFINITY, 0.5)?;
/// assert!(u > 2.3e-12 && u < 2.35e-12);
/// assert!(Prior::normal(0.0, -1.0).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", try_from = "Repr")
)]
#[non_exhaustive]
pub enum Prior {
    /// Uniform on `[low, high]`.
    #[non_exhaustive]
    Uniform {
        /// Lower end (finite).
        low: f64,
        /// Upper end (finite, > `low`).
        high: f64,
    },
    /// Normal with mean and standard deviation.
    #[non_exhaustive]
    Normal {
        /// Mean (finite).
        mean: f64,
        /// Standard deviation (finite, > 0).
        std: f64,
    },
    /// Log-normal: `ln x` is normal with mean `mu` and standard deviation `sigma`.
    #[non_exhaustive]
    LogNormal {
        /// Mean of `ln x` (finite).
        mu: f64,
        /// Standard deviation of `ln x` (finite, > 0).
        sigma: f64,
    },
    /// Normal with mean and standard deviation, truncated to `[low, high]` and renormalised
    /// (either end may be infinite).
    #[non_exhaustive]
    TruncatedNormal {
        /// Mean of the normal before truncation (finite).
        mean: f64,
        /// Standard deviation before truncation (finite, > 0).
        std: f64,
        /// Lower end of the support.
        low: f64,
        /// Upper end of the support (> `low`).
        high: f64,
    },
    /// Gamma with shape `k` and rate `beta` (scale `theta = 1 / beta`): density
    /// `beta^k x^(k - 1) e^(-beta x) / Gamma(k)` on `x > 0`, mean `k / beta`, variance
    /// `k / beta^2`.
    #[non_exhaustive]
    Gamma {
        /// Shape `k` (finite, > 0).
        shape: f64,
        /// Rate `beta` (finite, > 0); the scale is `1 / rate`.
        rate: f64,
    },
}

/// The serialized form, which deserialization checks through the constructors.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Repr {
    Uniform {
        low: f64,
        high: f64,
    },
    Normal {
        mean: f64,
        std: f64,
    },
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    /// An infinite end is written as `null` by JSON; its side gives its sign.
    TruncatedNormal {
        mean: f64,
        std: f64,
        low: Option<f64>,
        high: Option<f64>,
    },
    Gamma {
        shape: f64,
        rate: f64,
    },
}

#[cfg(feature = "serde")]
impl TryFrom<Repr> for Prior {
    type Error = Error;

    fn try_from(repr: Repr) -> Result<Self> {
        match repr {
            Repr::Uniform { low, high } => Prior::uniform(low, high),
            Repr::Normal { mean, std } => Prior::normal(mean, std),
            Repr::LogNormal { mu, sigma } => Prior::log_normal(mu, sigma),
            Repr::TruncatedNormal {
                mean,
                std,
                low,
                high,
            } => Prior::truncated_normal(
                mean,
                std,
                low.unwrap_or(f64::NEG_INFINITY),
                high.unwrap_or(f64::INFINITY),
            ),
            Repr::Gamma { shape, rate } => Prior::gamma(shape, rate),
        }
    }
}

impl std::fmt::Display for Prior {
    /// The `#[param(prior = ...)]` syntax, in SI units: `normal(5e-9, 1e-10)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Prior::Uniform { low, high } => write!(f, "uniform({low:e}, {high:e})"),
            Prior::Normal { mean, std } => write!(f, "normal({mean:e}, {std:e})"),
            Prior::LogNormal { mu, sigma } => write!(f, "log_normal({mu}, {sigma})"),
            Prior::TruncatedNormal {
                mean,
                std,
                low,
                high,
            } => write!(f, "truncated_normal({mean:e}, {std:e}, {low:e}, {high:e})"),
            Prior::Gamma { shape, rate } => write!(f, "gamma({shape}, {rate:e})"),
        }
    }
}

/// How a prior computes its distribution function and quantiles.
#[derive(Clone, Copy)]
enum Form {
    Uniform {
        low: f64,
        high: f64,
    },
    Standard(Standard),
    /// The gamma in units of its scale: `rate * x` has shape `shape` and rate 1.
    Gamma {
        shape: f64,
        rate: f64,
    },
}

/// A prior of the normal family seen through the map `x -> z` to the standard normal.
#[derive(Clone, Copy)]
enum Standard {
    /// `z = (x - mean) / std`.
    Normal { mean: f64, std: f64 },
    /// `z = (ln x - mu) / sigma`; `x <= 0` maps to `-inf`.
    LogNormal { mu: f64, sigma: f64 },
}

impl Standard {
    fn z(self, x: f64) -> f64 {
        match self {
            Standard::Normal { mean, std } => (x - mean) / std,
            Standard::LogNormal { mu, sigma } => {
                if x > 0.0 {
                    (x.ln() - mu) / sigma
                } else if x.is_nan() {
                    x
                } else {
                    f64::NEG_INFINITY
                }
            }
        }
    }

    fn x(self, z: f64) -> f64 {
        match self {
            Standard::Normal { mean, std } => mean + std * z,
            Standard::LogNormal { mu, sigma } => (mu + sigma * z).exp(),
        }
    }
}

impl Prior {
    /// Uniform on `[low, high]`; `low < high`, both finite.
    pub fn uniform(low: f64, high: f64) -> Result<Prior> {
        Prior::uniform_unchecked(low, high).checked()
    }

    /// Normal with `mean` (finite) and standard deviation `std` (finite, > 0).
    pub fn normal(mean: f64, std: f64) -> Result<Prior> {
        Prior::normal_unchecked(mean, std).checked()
    }

    /// Log-normal: `ln x` is normal with mean `mu` (finite) and standard deviation `sigma`
    /// (finite, > 0).
    pub fn log_normal(mu: f64, sigma: f64) -> Result<Prior> {
        Prior::log_normal_unchecked(mu, sigma).checked()
    }

    /// Gamma with `shape` `k` and `rate` `beta` (both finite, > 0), mean `k / beta`; for the
    /// scale form `Gamma(k, theta)` pass `rate = 1 / theta`. A positive quantity whose spread
    /// grows with its size; `shape = 1` is the exponential distribution.
    ///
    /// ```
    /// use pmrf::params::Prior;
    /// let p = Prior::gamma(2.0, 1e12)?; // mean 2 pF, scale theta = 1 pF
    /// // cdf of shape 2: 1 - e^-y (1 + y), y = rate * x
    /// assert!((p.cdf(1e-12) - (1.0 - 2.0 * (-1f64).exp())).abs() < 1e-15);
    /// assert!((p.quantile(p.cdf(3e-12)) / 3e-12 - 1.0).abs() < 1e-14);
    /// assert!(Prior::gamma(0.0, 1.0).is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidPrior`] for a `shape` or `rate` that is not finite and > 0, naming it.
    pub fn gamma(shape: f64, rate: f64) -> Result<Prior> {
        Prior::Gamma { shape, rate }.checked()
    }

    /// Normal with `mean` and standard deviation `mean.abs() * rel_std`: ParamRF's
    /// `RelativeNormal` (a part's tolerance, `rel_std = 0.05` for 5 %). A plain
    /// [`Prior::Normal`].
    ///
    /// ```
    /// use pmrf::params::Prior;
    /// assert_eq!(Prior::relative_normal(2e-12, 0.05)?, Prior::normal(2e-12, 1e-13)?);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidPrior`] for a zero or non-finite `mean`, or a `rel_std` that is not
    /// finite and > 0.
    pub fn relative_normal(mean: f64, rel_std: f64) -> Result<Prior> {
        Prior::normal(mean, relative_std(mean, rel_std)?)
    }

    /// Normal with `mean` (finite) and standard deviation `std` (finite, > 0), truncated to
    /// `[low, high]` and renormalised. An end may be infinite (`0.0, f64::INFINITY` for a
    /// positive quantity); the interval must hold probability of the normal.
    ///
    /// Unlike a [`Prior::Normal`] on a bounded parameter (which samplers truncate to the
    /// bounds, and whose [`ln_pdf`](Prior::ln_pdf) is not renormalised), this prior is truncated
    /// by itself: its density integrates to 1 over `[low, high]`, wherever it is used.
    ///
    /// ```
    /// use pmrf::params::Prior;
    /// let p = Prior::truncated_normal(0.0, 1.0, 0.0, f64::INFINITY)?; // the half-normal
    /// assert!((p.ln_pdf(0.0) - (2.0 / std::f64::consts::PI).sqrt().ln()).abs() < 1e-15);
    /// assert!((p.quantile(0.5) - 0.6744897501960817).abs() < 1e-15);
    /// assert!(Prior::truncated_normal(0.0, 1.0, 40.0, 50.0).is_err()); // no mass there
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidPrior`] for arguments [`Prior::normal`] refuses, `low >= high` or a NaN
    /// end, or an interval without probability.
    pub fn truncated_normal(mean: f64, std: f64, low: f64, high: f64) -> Result<Prior> {
        Prior::TruncatedNormal {
            mean,
            std,
            low,
            high,
        }
        .checked()
    }

    /// ParamRF's `RelativeTruncatedNormal`: a [`Prior::relative_normal`] truncated to
    /// `mean +- trunc_std` of its standard deviations (ParamRF's default is 3).
    ///
    /// ```
    /// use pmrf::params::Prior;
    /// let p = Prior::relative_truncated_normal(10.0, 0.1, 2.0)?;
    /// assert_eq!(p, Prior::truncated_normal(10.0, 1.0, 8.0, 12.0)?);
    /// assert_eq!(p.mass_within(8.0, 12.0), 1.0);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Prior::relative_normal`], and for a `trunc_std` that is not finite and > 0.
    pub fn relative_truncated_normal(mean: f64, rel_std: f64, trunc_std: f64) -> Result<Prior> {
        let std = relative_std(mean, rel_std)?;
        if !(trunc_std.is_finite() && trunc_std > 0.0) {
            return Err(Error::InvalidPrior(format!(
                "relative truncated normal of mean {}: the truncation trunc_std = {} (in \
                 standard deviations) must be finite and > 0",
                num(mean),
                num(trunc_std)
            )));
        }
        Prior::truncated_normal(mean, std, mean - trunc_std * std, mean + trunc_std * std)
    }

    /// The normal a truncated normal truncates, with its support; `None` for the others.
    fn truncation(&self) -> Option<(Prior, f64, f64)> {
        match *self {
            Prior::TruncatedNormal {
                mean,
                std,
                low,
                high,
            } => Some((Prior::Normal { mean, std }, low, high)),
            _ => None,
        }
    }

    /// [`Prior::uniform`] without the check, for constants the derive has checked.
    pub(crate) const fn uniform_unchecked(low: f64, high: f64) -> Prior {
        Prior::Uniform { low, high }
    }

    /// [`Prior::normal`] without the check, for constants the derive has checked.
    pub(crate) const fn normal_unchecked(mean: f64, std: f64) -> Prior {
        Prior::Normal { mean, std }
    }

    /// [`Prior::log_normal`] without the check, for constants the derive has checked.
    pub(crate) const fn log_normal_unchecked(mu: f64, sigma: f64) -> Prior {
        Prior::LogNormal { mu, sigma }
    }

    fn checked(self) -> Result<Prior> {
        self.validate().map(|()| self)
    }

    /// Checks the arguments: finite, `low < high`, positive spreads, and a distribution that
    /// `f64` can hold: the uniform's width, and the values a draw can take (within
    /// 9 standard deviations of the normal's mean, of the log-normal's `mu`).
    /// Priors from the constructors (and from deserialization) always pass.
    pub fn validate(&self) -> Result<()> {
        let problem = match *self {
            Prior::TruncatedNormal {
                mean,
                std,
                low,
                high,
            } => {
                let parent = Prior::Normal { mean, std };
                if let Err(Error::InvalidPrior(e)) = parent.validate() {
                    Some(e)
                } else if low.is_nan() || high.is_nan() || low >= high {
                    Some("need low < high".to_owned())
                } else if parent.mass_within(low, high).is_nan()
                    || parent.mass_within(low, high) <= 0.0
                {
                    Some("the normal has no probability within [low, high]".to_owned())
                } else {
                    None
                }
            }
            Prior::Gamma { shape, rate } => {
                if !(shape.is_finite() && shape > 0.0) {
                    Some(format!("the shape {} must be finite and > 0", num(shape)))
                } else if !(rate.is_finite() && rate > 0.0) {
                    Some(format!("the rate {} must be finite and > 0", num(rate)))
                } else if !(gamma::inverse_regularized_gamma(shape, f64::EPSILON / 2.0, true)
                    / rate)
                    .is_finite()
                {
                    Some("draws reach beyond f64 (the rate is too small)".to_owned())
                } else {
                    None
                }
            }
            Prior::Uniform { low, high } => {
                if !(low.is_finite() && high.is_finite() && low < high) {
                    Some("need finite low < high".to_owned())
                } else if !(high - low).is_finite() {
                    Some(format!("the width {} overflows f64", width(low, high)))
                } else {
                    None
                }
            }
            Prior::Normal { mean, std } => {
                if !mean.is_finite() {
                    Some("the mean must be finite".to_owned())
                } else if !(std.is_finite() && std > 0.0) {
                    Some("the standard deviation must be finite and > 0".to_owned())
                } else if !(mean.abs() + DRAW_REACH * std).is_finite() {
                    Some(format!(
                        "draws reach mean +- {DRAW_REACH} std = {} +- {}, beyond f64",
                        num(mean),
                        num(DRAW_REACH * std)
                    ))
                } else {
                    None
                }
            }
            Prior::LogNormal { mu, sigma } => {
                let representable = |ln_x: f64| ln_x.exp().is_finite() && ln_x.exp() > 0.0;
                if !mu.is_finite() {
                    Some("mu must be finite".to_owned())
                } else if !(sigma.is_finite() && sigma > 0.0) {
                    Some("sigma must be finite and > 0".to_owned())
                } else if !representable(mu) {
                    Some(format!(
                        "mu = {} puts the median at exp({}), beyond f64",
                        num(mu),
                        num(mu)
                    ))
                } else if !(representable(mu - DRAW_REACH * sigma)
                    && representable(mu + DRAW_REACH * sigma))
                {
                    Some(format!(
                        "sigma = {} puts draws at exp({} +- {DRAW_REACH} * {}), beyond f64",
                        num(sigma),
                        num(mu),
                        num(sigma)
                    ))
                } else {
                    None
                }
            }
        };
        match problem {
            None => Ok(()),
            Some(problem) => Err(Error::InvalidPrior(format!("{self}: {problem}"))),
        }
    }

    /// The uniform as it is, the normal family through its standard form.
    fn form(&self) -> Form {
        match *self {
            Prior::Uniform { low, high } => Form::Uniform { low, high },
            Prior::Normal { mean, std } => Form::Standard(Standard::Normal { mean, std }),
            Prior::LogNormal { mu, sigma } => Form::Standard(Standard::LogNormal { mu, sigma }),
            Prior::TruncatedNormal { mean, std, .. } => {
                Form::Standard(Standard::Normal { mean, std })
            }
            Prior::Gamma { shape, rate } => Form::Gamma { shape, rate },
        }
    }

    /// Natural log of the probability density at `x`; `-inf` outside the support.
    ///
    /// Generic over the scalar: on a dual number the derivative is exact (`d/dx` of the log
    /// density, what gradient samplers need). Outside the support the value is `-inf` with a
    /// zero derivative.
    pub fn ln_pdf<T: Scalar>(&self, x: T) -> T {
        let outside = || T::from(f64::NEG_INFINITY);
        match *self {
            Prior::Uniform { low, high } => {
                if (low..=high).contains(&x.re()) {
                    T::from(-(high - low).ln())
                } else {
                    outside()
                }
            }
            Prior::Normal { mean, std } => {
                let z = (x - mean) / std;
                -(z * z) * 0.5 - (std.ln() + normal::LN_SQRT_2PI)
            }
            Prior::LogNormal { mu, sigma } => {
                if x.re() <= 0.0 {
                    return outside();
                }
                let ln_x = x.ln();
                let z = (ln_x - mu) / sigma;
                -(z * z) * 0.5 - ln_x - (sigma.ln() + normal::LN_SQRT_2PI)
            }
            Prior::TruncatedNormal {
                mean,
                std,
                low,
                high,
            } => {
                if !(low..=high).contains(&x.re()) {
                    return outside();
                }
                let parent = Prior::Normal { mean, std };
                parent.ln_pdf(x) - parent.mass_within(low, high).ln()
            }
            Prior::Gamma { shape, rate } => {
                if x.re() <= 0.0 {
                    return outside();
                }
                x.ln() * (shape - 1.0) - x * rate + (shape * rate.ln() - gamma::ln_gamma(shape))
            }
        }
    }

    /// The distribution function `P(X <= x)`.
    ///
    /// Relatively accurate everywhere, far into the lower tail: the standard normal `Phi(z)` is
    /// within 2 ulp of the exact value for `z` from -37.5 to 8 (below, results are subnormal
    /// and lose precision gracefully). For the upper tail use [`sf`](Prior::sf).
    pub fn cdf(&self, x: f64) -> f64 {
        if self.truncation().is_some() {
            return self.mass_within(f64::NEG_INFINITY, x);
        }
        match self.form() {
            Form::Standard(s) => normal::cdf(s.z(x)),
            Form::Uniform { low, high } => ((x - low) / (high - low)).clamp(0.0, 1.0),
            Form::Gamma { shape, rate } => gamma::regularized_gamma(shape, rate * x).0,
        }
    }

    /// The survival function `P(X > x) = 1 - cdf(x)`, relatively accurate in the upper tail.
    pub fn sf(&self, x: f64) -> f64 {
        if self.truncation().is_some() {
            return self.mass_within(x, f64::INFINITY);
        }
        match self.form() {
            Form::Standard(s) => normal::sf(s.z(x)),
            Form::Uniform { low, high } => ((high - x) / (high - low)).clamp(0.0, 1.0),
            Form::Gamma { shape, rate } => gamma::regularized_gamma(shape, rate * x).1,
        }
    }

    /// The quantile (inverse distribution function): the `x` with `cdf(x) = p`.
    ///
    /// `p = 0` and `p = 1` give the ends of the support (`-inf`/`inf` for the normal, `0`/`inf`
    /// for the log-normal); `p` outside `[0, 1]` or NaN gives NaN. Relatively accurate to
    /// `~1e-15` (the standard normal quantile is `Phi^-1(p)` to a few ulp for every `p`, from
    /// the smallest subnormal up; near `p = 1` the spacing of `f64` limits what `p` can say).
    pub fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if let Some((parent, low, high)) = self.truncation() {
            return parent.quantile_within(low, high, p).unwrap_or(f64::NAN);
        }
        match self.form() {
            Form::Standard(s) => s.x(normal::inv_cdf(p)),
            Form::Uniform { low, high } => (low + p * (high - low)).clamp(low, high),
            Form::Gamma { shape, rate } => gamma_quantile(shape, rate, p, 1.0 - p),
        }
    }

    /// The prior probability of `[lower, upper]` (either end may be infinite); 0 for an empty
    /// interval or NaN ends.
    ///
    /// Relatively accurate wherever the bounds sit, including far in either tail: to ~1e-14
    /// (`normal(0, 1)` on `[8, 9]`: `6.2e-16`), and to ~1e-13 for intervals as narrow as 1e-3
    /// standard deviations, where only the difference of two tail probabilities is available.
    /// Masses below ~1e-308 lose precision and underflow to 0 about 38 standard deviations out.
    pub fn mass_within(&self, lower: f64, upper: f64) -> f64 {
        if lower.is_nan() || upper.is_nan() || lower >= upper {
            return 0.0;
        }
        if let Some((parent, low, high)) = self.truncation() {
            let within = parent.mass_within(lower.max(low), upper.min(high));
            return (within / parent.mass_within(low, high)).min(1.0);
        }
        match self.form() {
            Form::Standard(s) => normal::mass(s.z(lower), s.z(upper)),
            Form::Uniform { low, high } => {
                let (lo, hi) = (low.max(lower), high.min(upper));
                if lo < hi {
                    (hi - lo) / (high - low)
                } else {
                    0.0
                }
            }
            Form::Gamma { shape, rate } => {
                let (p_lo, q_lo) = gamma::regularized_gamma(shape, rate * lower);
                let (p_hi, q_hi) = gamma::regularized_gamma(shape, rate * upper);
                // The difference of the smaller tails, for precision far out in either.
                if p_lo < 0.5 { p_hi - p_lo } else { q_lo - q_hi }.clamp(0.0, 1.0)
            }
        }
    }

    /// The `u`-quantile of the prior truncated to `[lower, upper]`: maps `u` in `[0, 1]`
    /// monotonically onto the bounds so that a uniform `u` gives the truncated prior. This is
    /// the unit-hypercube transform of nested sampling.
    ///
    /// Stable when the bounds sit far in a tail (on the upper side it counts probability with
    /// the survival function). `u = 0` and `u = 1` give the ends of the truncated support,
    /// which are infinite for an unbounded normal. The result always lies within
    /// `[lower, upper]`.
    ///
    /// Errors ([`Error::InvalidPrior`]): the prior has no mass within the bounds (they are
    /// empty, NaN, outside the support, or so far in a tail that the mass underflows), `u` is
    /// outside `[0, 1]`, or the prior itself is invalid.
    pub fn quantile_within(&self, lower: f64, upper: f64, u: f64) -> Result<f64> {
        if !(0.0..=1.0).contains(&u) {
            return Err(Error::InvalidPrior(format!(
                "{self}: the probability u = {u} given for the bounds [{lower:e}, {upper:e}] \
                 is outside [0, 1]"
            )));
        }
        self.validate()?;
        let mass = self.mass_within(lower, upper);
        if mass.is_nan() || mass <= 0.0 {
            return Err(Error::InvalidPrior(format!(
                "{self} has no probability within the bounds [{lower:e}, {upper:e}]"
            )));
        }
        if let Some((parent, low, high)) = self.truncation() {
            // The truncated prior on [lower, upper] is its normal on the intersection.
            return parent.quantile_within(lower.max(low), upper.min(high), u);
        }
        let x = match self.form() {
            Form::Standard(s) => s.x(normal::quantile_within(s.z(lower), s.z(upper), u)),
            Form::Uniform { low, high } => {
                let (lo, hi) = (low.max(lower), high.min(upper));
                (lo + u * (hi - lo)).clamp(lo, hi)
            }
            Form::Gamma { shape, rate } => {
                let (p_lo, q_lo) = gamma::regularized_gamma(shape, rate * lower);
                gamma_quantile(shape, rate, p_lo + u * mass, q_lo - u * mass)
            }
        };
        Ok(x.clamp(lower, upper))
    }

    /// Draws one value by inverse CDF. Errors only if the prior is invalid (built without the
    /// constructors).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<f64> {
        self.sample_within(f64::NEG_INFINITY, f64::INFINITY, rng)
    }

    /// Draws one value from the prior truncated to `[lower, upper]`, by inverse CDF
    /// ([`quantile_within`](Prior::quantile_within) of a uniform `u` in `(0, 1)`): no
    /// rejection, so the cost and the outcome do not depend on how many values are drawn, and
    /// the value is finite and within the bounds.
    ///
    /// Errors ([`Error::InvalidPrior`], naming the prior and the bounds) only when the prior has
    /// no mass within the bounds.
    pub fn sample_within<R: Rng + ?Sized>(
        &self,
        lower: f64,
        upper: f64,
        rng: &mut R,
    ) -> Result<f64> {
        let u: f64 = rand::RngExt::sample(rng, Open01);
        self.quantile_within(lower, upper, u)
    }
}

/// The gamma quantile at lower-tail probability `p` (= `1 - q`), from whichever tail is
/// smaller so that both are relatively accurate.
fn gamma_quantile(shape: f64, rate: f64, p: f64, q: f64) -> f64 {
    let y = if p <= 0.5 {
        gamma::inverse_regularized_gamma(shape, p.max(0.0), false)
    } else {
        gamma::inverse_regularized_gamma(shape, q.clamp(0.0, 1.0), true)
    };
    y / rate
}

/// `mean.abs() * rel_std`, checked: the spread of a relative prior.
fn relative_std(mean: f64, rel_std: f64) -> Result<f64> {
    let std = mean.abs() * rel_std;
    let valid = mean != 0.0 && mean.is_finite() && rel_std.is_finite() && rel_std > 0.0;
    if !valid || std.is_nan() || std <= 0.0 {
        return Err(Error::InvalidPrior(format!(
            "relative normal: need a finite, non-zero mean and a finite rel_std > 0 (the \
             standard deviation is |mean| * rel_std), got mean {} and rel_std {}",
            num(mean),
            num(rel_std)
        )));
    }
    Ok(std)
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;
    use rand::{SeedableRng, rngs::StdRng};
    use std::f64::consts::{E, PI};

    fn rel(a: f64, b: f64) -> f64 {
        if a == b { 0.0 } else { ((a - b) / b).abs() }
    }

    fn std_normal() -> Prior {
        Prior::normal(0.0, 1.0).unwrap()
    }

    #[test]
    fn constructors_check_their_arguments() {
        assert_eq!(
            Prior::normal(1.0, 2.0).unwrap(),
            Prior::Normal {
                mean: 1.0,
                std: 2.0
            }
        );
        assert!(Prior::uniform(0.0, 1.0).is_ok());
        assert!(Prior::log_normal(0.0, 0.5).is_ok());
        for bad in [
            Prior::normal(0.0, 0.0),
            Prior::normal(0.0, -1.0),
            Prior::normal(f64::INFINITY, 1.0),
            Prior::uniform(2.0, 1.0),
            Prior::uniform(1.0, 1.0),
            Prior::uniform(0.0, f64::INFINITY),
            Prior::log_normal(f64::NAN, 1.0),
            Prior::log_normal(0.0, f64::NAN),
        ] {
            assert!(matches!(bad, Err(Error::InvalidPrior(_))), "{bad:?}");
        }
        let e = Prior::normal(0.0, -1.0).unwrap_err().to_string();
        assert!(
            e.contains("normal(0e0, -1e0)") && e.contains("standard deviation"),
            "{e}"
        );
        // What __private (the derive) builds is what the checked constructors build.
        assert_eq!(
            crate::__private::normal(1.0, 2.0),
            Prior::normal(1.0, 2.0).unwrap()
        );
        assert_eq!(
            crate::__private::uniform(1.0, 2.0),
            Prior::uniform(1.0, 2.0).unwrap()
        );
        assert_eq!(
            crate::__private::log_normal(1.0, 2.0),
            Prior::log_normal(1.0, 2.0).unwrap()
        );
        // Unchecked priors are still caught where they are used.
        let mut rng = StdRng::seed_from_u64(1);
        let invalid = Prior::normal_unchecked(0.0, -1.0);
        assert!(invalid.validate().is_err());
        assert!(matches!(
            invalid.sample(&mut rng),
            Err(Error::InvalidPrior(_))
        ));
    }

    #[test]
    fn display_is_the_attribute_syntax() {
        assert_eq!(
            Prior::normal(5e-9, 1e-10).unwrap().to_string(),
            "normal(5e-9, 1e-10)"
        );
        assert_eq!(
            Prior::uniform(1.0, 2.0).unwrap().to_string(),
            "uniform(1e0, 2e0)"
        );
        assert_eq!(
            Prior::log_normal(-1.5, 0.5).unwrap().to_string(),
            "log_normal(-1.5, 0.5)"
        );
    }

    #[test]
    fn ln_pdf_matches_closed_forms() {
        let n = Prior::normal(1.0, 2.0).unwrap();
        let expect = -0.5 * 0.25f64 - 2f64.ln() - 0.5 * (2.0 * PI).ln();
        assert!((n.ln_pdf(2.0) - expect).abs() < 1e-14);
        let u = Prior::uniform(1.0, 5.0).unwrap();
        assert!((u.ln_pdf(2.0) + 4f64.ln()).abs() < 1e-15);
        // The support is closed: the bounds of a parameter often coincide with it.
        assert_eq!(u.ln_pdf(1.0), u.ln_pdf(5.0));
        assert_eq!(u.ln_pdf(6.0), f64::NEG_INFINITY);
        assert_eq!(u.ln_pdf(0.999), f64::NEG_INFINITY);
        let l = Prior::log_normal(0.0, 1.0).unwrap();
        // density of the standard log-normal at x = e: exp(-1/2)/(e sqrt(2 pi))
        let expect = (-0.5f64).exp() / (E * (2.0 * PI).sqrt());
        assert!((l.ln_pdf(E) - expect.ln()).abs() < 1e-14);
        assert_eq!(l.ln_pdf(-1.0), f64::NEG_INFINITY);
        assert_eq!(l.ln_pdf(0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn ln_pdf_derivatives_are_exact() {
        let d = |prior: &Prior, x: f64| prior.ln_pdf(Dual64::from(x).derivative());
        let central = |prior: &Prior, x: f64| {
            let h = 1e-6 * x.abs().max(1e-3);
            (prior.ln_pdf(x + h) - prior.ln_pdf(x - h)) / (2.0 * h)
        };
        // normal: d/dx = -(x - mean)/std^2
        let n = Prior::normal(1e-12, 2e-13).unwrap();
        for x in [5e-13, 1e-12, 1.3e-12] {
            let v = d(&n, x);
            assert_eq!(v.re, n.ln_pdf(x));
            let exact = -(x - 1e-12) / 4e-26;
            assert!(rel(v.eps, exact) < 1e-12 || (v.eps - exact).abs() < 1e-3);
            assert!((v.eps - central(&n, x)).abs() <= 1e-6 * exact.abs().max(1e12));
        }
        // log-normal: d/dx = -(1 + (ln x - mu)/sigma^2)/x
        let l = Prior::log_normal(0.3, 0.7).unwrap();
        for x in [0.2, 1.0, 3.0] {
            let v = d(&l, x);
            assert!(rel(v.re, l.ln_pdf(x)) < 1e-15);
            let exact = -(1.0 + (f64::ln(x) - 0.3) / 0.49) / x;
            assert!(rel(v.eps, exact) < 1e-14, "{} {exact}", v.eps);
            assert!(rel(central(&l, x), exact) < 1e-7);
        }
        // uniform: flat inside, -inf with zero slope outside.
        let u = Prior::uniform(0.0, 2.0).unwrap();
        assert_eq!(d(&u, 1.0).eps, 0.0);
        assert_eq!(d(&u, 3.0).re, f64::NEG_INFINITY);
        assert_eq!(d(&u, 3.0).eps, 0.0);
        assert_eq!(d(&l, -1.0).re, f64::NEG_INFINITY);
    }

    /// Reference values from mpmath at 50 digits (`ncdf`, `sqrt(2) erfinv(2p - 1)`).
    #[test]
    fn standard_normal_matches_known_values() {
        let phi = [
            (-38.0, 2.88542835e-316),
            (-30.0, 4.906713927148187e-198),
            (-20.0, 2.7536241186062337e-89),
            (-10.0, 7.619853024160525e-24),
            (-8.0, 6.220960574271784e-16),
            (-5.0, 2.866515718791939e-7),
            (-2.5, 0.006209665325776135),
            (-1.0, 0.15865525393145705),
            (-0.3, 0.3820885778110474),
            (-1e-10, 0.49999999996010575),
            (0.0, 0.5),
            (0.7, 0.758036347776927),
            (1.5, 0.9331927987311419),
            (3.0, 0.9986501019683699),
        ];
        let n = std_normal();
        for (x, expect) in phi {
            let tol = if expect < 1e-307 { 1e-6 } else { 4e-16 };
            assert!(rel(n.cdf(x), expect) < tol, "Phi({x}) = {}", n.cdf(x));
            assert!(rel(n.sf(-x), expect) < tol, "Q({}) = {}", -x, n.sf(-x));
        }
        assert_eq!(n.cdf(f64::NEG_INFINITY), 0.0);
        assert_eq!(n.cdf(f64::INFINITY), 1.0);
        assert_eq!(n.sf(f64::INFINITY), 0.0);
        assert_eq!(n.cdf(-40.0), 0.0);

        let quantiles = [
            (1e-300, -37.0470962993612),
            (1e-100, -21.273453560965326),
            (1e-20, -9.262340089798407),
            (1e-10, -6.361340902404057),
            (1e-3, -3.0902323061678136),
            (0.02, -2.053748910631823),
            (0.025, -1.9599639845400543),
            (0.1, -1.2815515655446004),
            (0.3, -0.5244005127080408),
            (0.49, -0.025068908258711057),
            (0.5 - 1e-12, -2.5065728237018603e-12),
            (0.5, 0.0),
            (0.8, 0.8416212335729144),
            (0.975, 1.9599639845400538),
            (0.99, 2.3263478740408408),
            (1.0 - 1e-10, 6.361340889697422),
        ];
        for (p, expect) in quantiles {
            let tol = if p == 1.0 - 1e-10 { 1e-9 } else { 4e-16 };
            assert!(
                rel(n.quantile(p), expect) < tol,
                "Phi^-1({p}) = {}",
                n.quantile(p)
            );
        }
        assert_eq!(n.quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(n.quantile(1.0), f64::INFINITY);
        assert!(n.quantile(1.5).is_nan() && n.quantile(f64::NAN).is_nan());
        // The smallest subnormal still inverts to a finite, sane value.
        let tiny = n.quantile(f64::from_bits(1));
        assert!((-38.5..-38.4).contains(&tiny), "{tiny}");
    }

    #[test]
    fn quantile_inverts_cdf() {
        let priors = [
            std_normal(),
            Prior::normal(3e-9, 2e-10).unwrap(),
            Prior::log_normal(-2.0, 0.4).unwrap(),
            Prior::uniform(-1.0, 3.0).unwrap(),
        ];
        let mut worst = 0.0f64;
        for prior in priors {
            for i in 1..400 {
                let p = i as f64 / 400.0;
                let x = prior.quantile(p);
                worst = worst.max(rel(prior.cdf(x), p));
                // and the other way round, through the tail the value sits in
                let (q, back) = if p < 0.5 {
                    (prior.cdf(x), prior.quantile(prior.cdf(x)))
                } else {
                    (prior.sf(x), prior.quantile(1.0 - prior.sf(x)))
                };
                assert!(q.is_finite());
                worst = worst.max(rel(back, x).min((back - x).abs()));
            }
        }
        assert!(worst < 1e-14, "{worst}");
        // Far in the lower tail: x -> cdf -> quantile round-trips to a few ulp.
        let n = std_normal();
        for x in [-37.0, -30.0, -20.0, -12.5, -9.0, -6.0, -3.0] {
            assert!(rel(n.quantile(n.cdf(x)), x) < 1e-15, "{x}");
        }
    }

    #[test]
    fn mass_within_bounds() {
        let n = std_normal();
        assert!(rel(n.mass_within(-1.0, 1.0), 0.6826894921370859) < 1e-15);
        assert!(rel(n.mass_within(0.0, f64::INFINITY), 0.5) < 1e-16);
        assert_eq!(n.mass_within(f64::NEG_INFINITY, f64::INFINITY), 1.0);
        // Far tails, on both sides (mpmath: ncdf(9) - ncdf(8)).
        assert!(rel(n.mass_within(8.0, 9.0), 6.21983198586583e-16) < 1e-14);
        assert!(rel(n.mass_within(-9.0, -8.0), 6.21983198586583e-16) < 1e-14);
        assert!(rel(n.mass_within(-1e-9, 1e-9), 7.978845608028654e-10) < 1e-15);
        // Empty, reversed, NaN, beyond underflow.
        assert_eq!(n.mass_within(1.0, 1.0), 0.0);
        assert_eq!(n.mass_within(2.0, 1.0), 0.0);
        assert_eq!(n.mass_within(f64::NAN, 1.0), 0.0);
        assert_eq!(n.mass_within(40.0, 41.0), 0.0);
        // Log-normal: nothing at or below 0.
        let l = Prior::log_normal(0.0, 1.0).unwrap();
        assert_eq!(l.mass_within(-5.0, 0.0), 0.0);
        assert!(rel(l.mass_within(-5.0, 1.0), 0.5) < 1e-16);
        let u = Prior::uniform(0.0, 4.0).unwrap();
        assert_eq!(u.mass_within(-1.0, 1.0), 0.25);
        assert_eq!(u.mass_within(5.0, 6.0), 0.0);
    }

    #[test]
    fn quantile_within_is_the_truncated_quantile() {
        let n = Prior::normal(1.0, 2.0).unwrap();
        // Truncated to [mean, inf): the half-normal, whose median is mean + std Phi^-1(3/4).
        let med = n.quantile_within(1.0, f64::INFINITY, 0.5).unwrap();
        assert!(rel(med, 1.0 + 2.0 * 0.6744897501960817) < 1e-15, "{med}");
        // Ends map to ends, monotone in between.
        assert_eq!(n.quantile_within(-1.0, 4.0, 0.0).unwrap(), -1.0);
        assert_eq!(n.quantile_within(-1.0, 4.0, 1.0).unwrap(), 4.0);
        assert_eq!(
            n.quantile_within(f64::NEG_INFINITY, 4.0, 0.0).unwrap(),
            f64::NEG_INFINITY
        );
        let mut last = f64::NEG_INFINITY;
        for i in 0..=1000 {
            let x = n.quantile_within(-1.0, 4.0, i as f64 / 1000.0).unwrap();
            assert!(x >= last && (-1.0..=4.0).contains(&x));
            last = x;
        }
        // Far-tail truncation: normal(0, 1) on [8, 9]. The truncated law is close to
        // 8 + Exp(rate 8) so its median is near 8 + ln 2 / 8; exact value from mpmath.
        let s = std_normal();
        let m = s.quantile_within(8.0, 9.0, 0.5).unwrap();
        assert!(rel(m, 8.084888899018166) < 1e-14, "{m}");
        let m = s.quantile_within(-9.0, -8.0, 0.5).unwrap();
        assert!(rel(m, -8.084888899018166) < 1e-14, "{m}");
        // A bound around the mode, with the upper part counted from the upper tail.
        let u = 1.0 - 1e-12;
        let m = s.quantile_within(-0.1, 30.0, u).unwrap();
        assert!(
            rel(s.sf(m) / s.mass_within(-0.1, 30.0), 1.0 - u) < 1e-13,
            "{m}"
        );
        // Uniform: the intersection of its range with the bounds.
        let u = Prior::uniform(0.0, 4.0).unwrap();
        assert_eq!(u.quantile_within(1.0, 10.0, 0.5).unwrap(), 2.5);
        // Log-normal under bounds reaching below its support.
        let l = Prior::log_normal(0.0, 1.0).unwrap();
        assert!(rel(l.quantile_within(-3.0, 1.0, 0.5).unwrap(), l.quantile(0.25)) < 1e-15);
        // Zero mass and bad u are errors that say what was wrong.
        let e = s.quantile_within(40.0, 41.0, 0.5).unwrap_err().to_string();
        assert!(
            e.contains("normal(0e0, 1e0)") && e.contains("[4e1, 4.1e1]"),
            "{e}"
        );
        assert!(l.quantile_within(-2.0, 0.0, 0.5).is_err());
        assert!(u.quantile_within(5.0, 6.0, 0.5).is_err());
        assert!(s.quantile_within(1.0, 1.0, 0.5).is_err());
        assert!(s.quantile_within(2.0, 1.0, 0.5).is_err());
        assert!(s.quantile_within(f64::NAN, 1.0, 0.5).is_err());
        assert!(s.quantile_within(0.0, 1.0, 1.5).is_err());
        assert!(s.quantile_within(0.0, 1.0, f64::NAN).is_err());
    }

    fn moments(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        (mean, var)
    }

    fn draws(prior: &Prior, lower: f64, upper: f64, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..n)
            .map(|_| {
                let x = prior.sample_within(lower, upper, &mut rng).unwrap();
                assert!(x.is_finite() && (lower..=upper).contains(&x), "{x}");
                x
            })
            .collect()
    }

    #[test]
    fn untruncated_samples_have_the_right_moments() {
        let mut rng = StdRng::seed_from_u64(7);
        let n = Prior::normal(3.0, 0.5).unwrap();
        let xs: Vec<f64> = (0..20_000).map(|_| n.sample(&mut rng).unwrap()).collect();
        let (mean, var) = moments(&xs);
        // standard errors: 0.5/sqrt(20000) = 0.0035 for the mean, ~0.0025 for the std
        assert!((mean - 3.0).abs() < 0.015, "{mean}");
        assert!((var.sqrt() - 0.5).abs() < 0.012, "{var}");
        let u = Prior::uniform(1.0, 2.0).unwrap();
        assert!((0..1000).all(|_| (1.0..=2.0).contains(&u.sample(&mut rng).unwrap())));
        // log-normal: E[x] = exp(mu + sigma^2/2)
        let l = Prior::log_normal(0.5, 0.25).unwrap();
        let xs: Vec<f64> = (0..20_000).map(|_| l.sample(&mut rng).unwrap()).collect();
        let (mean, _) = moments(&xs);
        assert!(rel(mean, (0.5f64 + 0.03125).exp()) < 0.005, "{mean}");
    }

    #[test]
    fn truncated_samples_have_the_right_moments() {
        let n = 40_000;
        // Half-normal: mean + std sqrt(2/pi), variance std^2 (1 - 2/pi).
        let p = Prior::normal(2.0, 0.5).unwrap();
        let (mean, var) = moments(&draws(&p, 2.0, f64::INFINITY, n, 11));
        let (m, v) = (2.0 + 0.5 * (2.0 / PI).sqrt(), 0.25 * (1.0 - 2.0 / PI));
        // standard error of the mean: sqrt(v / n) = 0.0015
        assert!((mean - m).abs() < 0.006, "{mean} vs {m}");
        assert!(rel(var, v) < 0.03, "{var} vs {v}");

        // Two-sided: standard normal on [a, b] has mean (phi(a) - phi(b)) / Z and variance
        // 1 + (a phi(a) - b phi(b)) / Z - mean^2.
        let pdf = |z: f64| (-0.5 * z * z).exp() / (2.0 * PI).sqrt();
        let s = std_normal();
        for (a, b) in [(-0.5, 2.0), (1.0, 1.5), (-3.0, -2.0)] {
            let z = s.mass_within(a, b);
            let m = (pdf(a) - pdf(b)) / z;
            let v = 1.0 + (a * pdf(a) - b * pdf(b)) / z - m * m;
            let (mean, var) = moments(&draws(&s, a, b, n, 5));
            assert!(
                (mean - m).abs() < 4.0 * (v / n as f64).sqrt(),
                "[{a}, {b}]: {mean}"
            );
            assert!(rel(var, v) < 0.04, "[{a}, {b}]: {var} vs {v}");
        }

        // Far tail, [8, 9]: mean (phi(8) - phi(9)) / Z, where Z = 6.22e-16.
        let xs = draws(&s, 8.0, 9.0, n, 3);
        let m = (pdf(8.0) - pdf(9.0)) / s.mass_within(8.0, 9.0);
        let (mean, var) = moments(&xs);
        assert!(
            (mean - m).abs() < 4.0 * (var / n as f64).sqrt(),
            "{mean} vs {m}"
        );
        assert!(xs.iter().all(|&x| (8.0..=9.0).contains(&x)));

        // Log-normal truncated to [1, inf) = exp of the half-normal of ln x: E[x] =
        // exp(mu + sigma^2/2) Phi(sigma - (0 - mu)/sigma) / Phi(mu / sigma)... here mu = 0:
        // E[x] = exp(sigma^2/2) * 2 Phi(sigma).
        let l = Prior::log_normal(0.0, 0.5).unwrap();
        let (mean, _) = moments(&draws(&l, 1.0, f64::INFINITY, n, 9));
        let m = (0.125f64).exp() * 2.0 * s.cdf(0.5);
        assert!(rel(mean, m) < 0.005, "{mean} vs {m}");

        // Uniform under bounds that cut it: uniform on the intersection.
        let u = Prior::uniform(0.0, 10.0).unwrap();
        let (mean, var) = moments(&draws(&u, 4.0, 20.0, n, 13));
        assert!(
            (mean - 7.0).abs() < 0.03 && rel(var, 3.0) < 0.03,
            "{mean} {var}"
        );
    }

    #[test]
    fn zero_mass_is_an_error_whatever_the_number_of_draws() {
        let mut rng = StdRng::seed_from_u64(2);
        let s = std_normal();
        let e = s.sample_within(50.0, 60.0, &mut rng).unwrap_err();
        assert!(matches!(e, Error::InvalidPrior(_)));
        assert!(e.to_string().contains("[5e1, 6e1]"), "{e}");
        let l = Prior::log_normal(0.0, 1.0).unwrap();
        assert!(l.sample_within(-2.0, -1.0, &mut rng).is_err());
        // A small but positive mass always succeeds, on the first draw.
        let x = s.sample_within(30.0, f64::INFINITY, &mut rng).unwrap();
        assert!((30.0..31.0).contains(&x), "{x}");
    }
}

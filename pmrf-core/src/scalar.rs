//! The scalar a model is evaluated on: `f64` for values, dual numbers for exact derivatives.

use ndarray::ArrayView3;
use num_complex::Complex;
use num_dual::{Dual64, DualNum};

use crate::fit::ErasedFeature;
use crate::network::Mat;
use crate::network::twoport::{self, Abcd};
use crate::{Error, Frequency, Result};

mod dualn;
pub use dualn::DualN;

/// A real number type that model code is written against.
///
/// Every model is generic over `T: Scalar` (default `f64`); the derive rebinds `T` to a dual number
/// to differentiate the very same code. `Scalar` is implemented for `f64`, [`Dual64`] and [`DualN`] (`N` derivatives
/// in one pass).
///
/// Mixed arithmetic with `f64` works (`c * 2.0`, `c + 1.0`); `x.re()` reads the value part as
/// `f64` (num-dual's [`DualStruct::re`](crate::DualStruct), the only `re` method in scope, which
/// the prelude imports) and `T::from(x)` lifts a constant.
///
/// ```
/// use pmrf::prelude::*;
///
/// fn reactance<T: Scalar>(c: T, f: T) -> T {
///     -(c * f * (2.0 * std::f64::consts::PI)).recip()
/// }
/// /// Generic code reads the value part with `x.re()`: one method, no ambiguity.
/// fn is_capacitive<T: Scalar>(x: T) -> bool {
///     x.re() < 0.0
/// }
/// let x = reactance(Dual64::from(1e-12).derivative(), Dual64::from(1e9));
/// assert!(is_capacitive(x) && is_capacitive(x.re()));
/// assert!((x.re() + 159.15494309189535).abs() < 1e-9);
/// // d/dC (-1/(wC)) = 1/(w C^2)
/// assert!((x.eps / 1.5915494309189535e14 - 1.0).abs() < 1e-12);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a pmrf scalar",
    note = "models are evaluated on `f64`, `num_dual::Dual64` or `pmrf::DualN<N>`"
)]
pub trait Scalar: DualNum<Primitive = f64> + Copy + Send + Sync + 'static {
    /// Runs a user's [`CustomFeature`](crate::fit::CustomFeature) on this scalar (the dispatch
    /// from generic fit code to the feature's method for this type).
    #[doc(hidden)]
    fn custom_feature(
        feature: &dyn ErasedFeature,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Self>>,
    ) -> Result<Vec<Self>>;

    /// `true` if the value and every derivative are exactly 0, so that a term can be skipped
    /// without changing any derivative (`==` and num-traits' `is_zero` see only the value).
    /// `false` when unsure, as by default.
    #[doc(hidden)]
    #[inline]
    fn is_exactly_zero(&self) -> bool {
        false
    }

    /// `true` if [`chain_abcd`](Scalar::chain_abcd) needs every hint at once (the adjoint rule
    /// of [`DualN`]); otherwise a cascade chains its stages one by one as their hints come.
    #[doc(hidden)]
    const GATHERS_HINTS: bool = false;

    /// The S-parameters at `z0` of 2-ports chained by their ABCD hints, or `None` where a
    /// stage has no hint or the product is too ill-conditioned: the fast path of
    /// [`Cascade`](crate::components::Cascade), stage by stage. [`DualN`] overrides it to
    /// take the derivative of the product by the adjoint rule (a few complex products per
    /// non-zero derivative lane of each stage, instead of every lane through every product).
    #[doc(hidden)]
    #[inline(always)]
    fn chain_abcd(stages: &[Option<Abcd<Self>>], z0: f64) -> Option<Mat<Self, 2>> {
        twoport::chain_forward(stages.iter().copied(), z0)
    }
}

impl Scalar for f64 {
    #[inline]
    fn is_exactly_zero(&self) -> bool {
        *self == 0.0
    }

    fn custom_feature(
        feature: &dyn ErasedFeature,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Self>>,
    ) -> Result<Vec<Self>> {
        feature.values_f64(freq, s)
    }
}

impl Scalar for Dual64 {
    #[inline]
    fn is_exactly_zero(&self) -> bool {
        self.re == 0.0 && self.eps == 0.0
    }

    fn custom_feature(
        feature: &dyn ErasedFeature,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Self>>,
    ) -> Result<Vec<Self>> {
        feature.values_dual64(freq, s)
    }
}

impl<const N: usize> Scalar for DualN<N> {
    const GATHERS_HINTS: bool = true;

    #[inline]
    fn is_exactly_zero(&self) -> bool {
        self.re == 0.0 && self.eps.iter().all(|&e| e == 0.0)
    }

    fn chain_abcd(stages: &[Option<Abcd<Self>>], z0: f64) -> Option<Mat<Self, 2>> {
        twoport::chain_lanes(stages, z0)
    }

    /// Forward mode is linear in the seed: derivative lane `k` of the result is the `Dual64`
    /// derivative of the feature seeded with lane `k` of every input, one pass per lane.
    fn custom_feature(
        feature: &dyn ErasedFeature,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Self>>,
    ) -> Result<Vec<Self>> {
        let value = feature.values_f64(freq, s.mapv(|z| Complex::new(z.re.re, z.im.re)).view())?;
        let mut out: Vec<Self> = value.into_iter().map(DualN::constant).collect();
        for k in 0..N {
            let lane = |x: Self| Dual64::new(x.re, x.eps[k]);
            let seeded = s.mapv(|z| Complex::new(lane(z.re), lane(z.im)));
            let d = feature.values_dual64(freq, seeded.view())?;
            if d.len() != out.len() {
                return Err(Error::Shape(format!(
                    "feature `{}` gave {} values in one pass and {} in another",
                    feature.name(),
                    out.len(),
                    d.len()
                )));
            }
            for (o, d) in out.iter_mut().zip(d) {
                o.eps[k] = d.eps;
            }
        }
        Ok(out)
    }
}

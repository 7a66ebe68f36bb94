//! The scalar a model is evaluated on: `f64` for values, dual numbers for exact derivatives.

use ndarray::ArrayView3;
use num_complex::Complex;
use num_dual::{Dual64, DualNum};

use crate::fit::ErasedFeature;
use crate::{Frequency, Result};

/// A real number type that model code is written against.
///
/// Every model is generic over `T: Scalar` (default `f64`); the derive rebinds `T` to a dual number
/// to differentiate the very same code. `Scalar` is implemented for `f64` and [`Dual64`].
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
    note = "models are evaluated on `f64` or on `num_dual::Dual64`"
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
}

impl Scalar for f64 {
    fn custom_feature(
        feature: &dyn ErasedFeature,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Self>>,
    ) -> Result<Vec<Self>> {
        feature.values_f64(freq, s)
    }
}

impl Scalar for Dual64 {
    fn custom_feature(
        feature: &dyn ErasedFeature,
        freq: &Frequency,
        s: ArrayView3<'_, Complex<Self>>,
    ) -> Result<Vec<Self>> {
        feature.values_dual64(freq, s)
    }
}

//! The scalar a model is evaluated on: `f64` for values, dual numbers for exact derivatives.

use num_dual::{Dual64, DualNum};

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
pub trait Scalar: DualNum<Primitive = f64> + Copy + Send + Sync + 'static {}

impl Scalar for f64 {}
impl Scalar for Dual64 {}
impl<const N: usize> Scalar for DualN<N> {}

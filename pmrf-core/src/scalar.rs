//! The scalar a model is evaluated on: `f64` for values, dual numbers for exact derivatives.

use num_dual::{Dual64, DualNum};

mod dualn;
pub use dualn::DualN;

/// A real number type that model code is written against.
///
/// Every model is generic over `T: Scalar` (default `f64`); the derive rebinds `T` to a dual number
/// to differentiate the very same code. `Scalar` is implemented for `f64`, [`Dual64`] and
/// [`DualN`] (`N` derivatives in one pass), and for no other type: it is sealed, because fits,
/// cascades and derivatives read a number's parts through [`eps`](Scalar::eps) and rely on
/// them following forward mode.
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
pub trait Scalar: DualNum<Primitive = f64> + Copy + Send + Sync + 'static + sealed::Sealed {
    /// The number of derivative parts: 0 for `f64`, 1 for [`Dual64`], `N` for [`DualN<N>`].
    const DERIVATIVES: usize;

    /// The derivative parts, [`DERIVATIVES`](Scalar::DERIVATIVES) of them (the value part is
    /// [`re`](crate::DualStruct::re)). Code that must see every part of a number (to skip an
    /// exact zero, or to take the derivative of a product by hand) reads them here.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::DualN;
    ///
    /// assert!(2.0_f64.eps().is_empty());
    /// assert_eq!(Dual64::new(2.0, 3.0).eps(), &[3.0]);
    /// assert_eq!(DualN::new(2.0, [3.0, 4.0]).eps(), &[3.0, 4.0]);
    /// ```
    fn eps(&self) -> &[f64];

    /// The derivative parts, to write.
    fn eps_mut(&mut self) -> &mut [f64];

    /// An array of one `E` per derivative part, `[E; DERIVATIVES]`: scratch space that follows
    /// the number's lanes, on the stack and of a length the compiler knows.
    type Lanes<E: Copy>: Copy + AsRef<[E]> + AsMut<[E]>;

    /// The array of `f(l)` for each derivative part `l`.
    fn lanes<E: Copy>(f: impl FnMut(usize) -> E) -> Self::Lanes<E>;
}

/// Seals [`Scalar`] to the three number types above.
mod sealed {
    pub trait Sealed {}
    impl Sealed for f64 {}
    impl Sealed for num_dual::Dual64 {}
    impl<const N: usize> Sealed for super::DualN<N> {}
}

impl Scalar for f64 {
    const DERIVATIVES: usize = 0;
    type Lanes<E: Copy> = [E; 0];

    #[inline(always)]
    fn lanes<E: Copy>(f: impl FnMut(usize) -> E) -> Self::Lanes<E> {
        std::array::from_fn(f)
    }

    #[inline(always)]
    fn eps(&self) -> &[f64] {
        &[]
    }

    #[inline(always)]
    fn eps_mut(&mut self) -> &mut [f64] {
        &mut []
    }
}

impl Scalar for Dual64 {
    const DERIVATIVES: usize = 1;
    type Lanes<E: Copy> = [E; 1];

    #[inline(always)]
    fn lanes<E: Copy>(f: impl FnMut(usize) -> E) -> Self::Lanes<E> {
        std::array::from_fn(f)
    }

    #[inline(always)]
    fn eps(&self) -> &[f64] {
        std::slice::from_ref(&self.eps)
    }

    #[inline(always)]
    fn eps_mut(&mut self) -> &mut [f64] {
        std::slice::from_mut(&mut self.eps)
    }
}

impl<const N: usize> Scalar for DualN<N> {
    const DERIVATIVES: usize = N;
    type Lanes<E: Copy> = [E; N];

    #[inline(always)]
    fn lanes<E: Copy>(f: impl FnMut(usize) -> E) -> Self::Lanes<E> {
        std::array::from_fn(f)
    }

    #[inline(always)]
    fn eps(&self) -> &[f64] {
        &self.eps
    }

    #[inline(always)]
    fn eps_mut(&mut self) -> &mut [f64] {
        &mut self.eps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derivative parts of a number, through the capability.
    fn parts<T: Scalar>(x: T) -> (f64, Vec<f64>) {
        assert_eq!(x.eps().len(), T::DERIVATIVES);
        (x.re(), x.eps().to_vec())
    }

    #[test]
    fn the_lanes_are_the_derivative_parts() {
        assert_eq!(parts(2.5), (2.5, vec![]));
        assert_eq!(parts(Dual64::new(2.5, -1.0)), (2.5, vec![-1.0]));
        assert_eq!(
            parts(DualN::new(2.5, [1.0, 0.0, 3.0])),
            (2.5, vec![1.0, 0.0, 3.0])
        );
        assert_eq!(parts(DualN::<0>::constant(4.0)), (4.0, vec![]));
    }

    #[test]
    fn derivative_parts_can_be_written_and_lanes_follow_them() {
        fn set<T: Scalar>(re: f64, eps: &[f64]) -> T {
            let mut x = T::from(re);
            x.eps_mut().copy_from_slice(eps);
            x
        }
        assert_eq!(set::<f64>(1.5, &[]), 1.5);
        let d: Dual64 = set(1.5, &[2.0]);
        assert_eq!((d.re, d.eps), (1.5, 2.0));
        let n: DualN<2> = set(1.5, &[2.0, -3.0]);
        assert_eq!((n.re, n.eps), (1.5, [2.0, -3.0]));
        assert!(<f64 as Scalar>::lanes(|l| l).is_empty());
        assert_eq!(<Dual64 as Scalar>::lanes(|l| l * 10), [0]);
        assert_eq!(<DualN<3> as Scalar>::lanes(|l| l * 10), [0, 10, 20]);
    }
}

//! [`Series`] and [`Shunt`]: any 1-port as the series or shunt arm of a 2-port.

use std::marker::PhantomData;

use num_complex::Complex;

use crate::network::{Component, Mat, domain};
use crate::{Model, Scalar};

/// A 1-port `arm` in series between port 1 and port 2 (ParamRF's `Series`).
///
/// With `G` the arm's reflection coefficient at 50 ohm, `S11 = S22 = (1 + G) / (3 - G)` and
/// `S21 = S12 = 2 (1 - G) / (3 - G)`: the arm's impedance `z = (1 + G) / (1 - G)` (normalised)
/// in series, written in `G` so that an open arm (`G = 1`: nothing passes) and a short
/// (`G = -1`: a through) are exact. Parameter names are the arm's, under `arm`: `arm.r`. The
/// arm's noise wave `c` ([`Component::s_noise_at`]) leaves as `2 c / (3 - G)` at port 1 and
/// `-2 c / (3 - G)` at port 2.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{LoadZ, Series, SeriesL, SeriesR};
///
/// // 25 + 10j ohm in series: the same network as a series R and L of that impedance.
/// let arm = Series::new(LoadZ::new(25.0, 10.0));
/// let (r, x) = (25.0, 10.0);
/// let l = x / (std::f64::consts::TAU * 1e9);
/// let lumped = Cascade::new((SeriesR::new(r), SeriesL::new(l))).s_at(1e9);
/// let s = arm.s_at(1e9);
/// assert!((s[0][0] - lumped[0][0]).norm() < 1e-15 && (s[1][0] - lumped[1][0]).norm() < 1e-15);
/// assert_eq!(arm.param_names(), ["arm.r", "arm.x"]);
/// // An open arm passes nothing, exactly.
/// let open = Series::new(LoadZ::new(f64::INFINITY, 0.0)).s_at(1e9);
/// assert_eq!((open[0][0], open[1][0]), (Complex::new(1.0, 0.0), Complex::new(0.0, 0.0)));
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Series<P, T: Scalar = f64> {
    /// The 1-port in the series arm.
    pub arm: P,
    _scalar: PhantomData<T>,
}

/// A 1-port `arm` from the line between port 1 and port 2 to ground (ParamRF's `Shunt`).
///
/// With `G` the arm's reflection coefficient at 50 ohm, `S11 = S22 = (G - 1) / (G + 3)` and
/// `S21 = S12 = 2 (1 + G) / (G + 3)`: the arm's admittance `y = (1 - G) / (1 + G)`
/// (normalised) to ground, written in `G` so that a short arm (`G = -1`: nothing passes) and
/// an open (`G = 1`: a through) are exact. Parameter names are the arm's, under `arm`. The
/// arm's noise wave `c` ([`Component::s_noise_at`]) leaves as `2 c / (3 + G)` at both ports.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{LoadZ, Short, Shunt, ShuntR};
///
/// // 100 ohm to ground: the same network as a shunt R.
/// let s = Shunt::new(LoadZ::new(100.0, 0.0)).s_at(1e9);
/// let lumped = ShuntR::new(100.0).s_at(1e9);
/// assert!((s[0][0] - lumped[0][0]).norm() < 1e-15 && (s[1][0] - lumped[1][0]).norm() < 1e-15);
/// // A short to ground reflects everything, inverted, exactly.
/// let shorted = Shunt::new(Short::<f64, 1>::default()).s_at(1e9);
/// assert_eq!((shorted[0][0], shorted[1][0]), (Complex::new(-1.0, 0.0), Complex::new(0.0, 0.0)));
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Shunt<P, T: Scalar = f64> {
    /// The 1-port from the line to ground.
    pub arm: P,
    _scalar: PhantomData<T>,
}

impl<P: Component<1, Scalar = T>, T: Scalar> Series<P, T> {
    /// `arm` in series between port 1 and port 2.
    pub fn new(arm: P) -> Self {
        Series {
            arm,
            _scalar: PhantomData,
        }
    }
}

impl<P: Component<1, Scalar = T>, T: Scalar> Shunt<P, T> {
    /// `arm` from the line between port 1 and port 2 to ground.
    pub fn new(arm: P) -> Self {
        Shunt {
            arm,
            _scalar: PhantomData,
        }
    }
}

/// The symmetric 2-port with `S11 = S22 = s11`, `S21 = S12 = s21`.
#[inline]
fn symmetric<T: Scalar>(s11: Complex<T>, s21: Complex<T>) -> Mat<T, 2> {
    [[s11, s21], [s21, s11]]
}

impl<P, T> Component<2> for Series<P, T>
where
    T: Scalar,
    P: Component<1, Scalar = T>,
    Self: Model<Scalar = T>,
{
    type Domain = domain::S;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 2> {
        let g = self.arm.s_at(f)[0][0];
        let one = Complex::new(T::one(), T::zero());
        let d = (one * T::from(3.0) - g).inv();
        symmetric((one + g) * d, (one - g) * d * T::from(2.0))
    }

    /// The arm's noise wave `c` leaves as `2 c / (3 - G)` at port 1 and its negative at port 2
    /// (the arm's Thevenin voltage `2 c sqrt(z0) / (1 - G)` across the series element).
    fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let ([[g]], [[c]]) = self.arm.s_noise_at(f, temperature);
        let one = Complex::new(T::one(), T::zero());
        let d = (one * T::from(3.0) - g).inv();
        let s = symmetric((one + g) * d, (one - g) * d * T::from(2.0));
        let p = Complex::new((d * T::from(2.0)).norm_sqr() * c.re, T::zero());
        (s, symmetric(p, -p))
    }
}

impl<P, T> Component<2> for Shunt<P, T>
where
    T: Scalar,
    P: Component<1, Scalar = T>,
    Self: Model<Scalar = T>,
{
    type Domain = domain::S;
    #[inline]
    fn primary(&self, f: T) -> Mat<T, 2> {
        let g = self.arm.s_at(f)[0][0];
        let one = Complex::new(T::one(), T::zero());
        let d = (g + one * T::from(3.0)).inv();
        symmetric((g - one) * d, (one + g) * d * T::from(2.0))
    }

    /// The arm's noise wave `c` leaves as `2 c / (3 + G)` at both ports (the arm's Thevenin
    /// voltage `2 c sqrt(z0) / (1 - G)` on the line through its admittance).
    fn s_noise_at(&self, f: T, temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let ([[g]], [[c]]) = self.arm.s_noise_at(f, temperature);
        let one = Complex::new(T::one(), T::zero());
        let d = (g + one * T::from(3.0)).inv();
        let s = symmetric((g - one) * d, (one + g) * d * T::from(2.0));
        let p = Complex::new((d * T::from(2.0)).norm_sqr() * c.re, T::zero());
        (s, symmetric(p, p))
    }
}

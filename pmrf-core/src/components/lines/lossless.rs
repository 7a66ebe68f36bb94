//! Lossless lines of real characteristic impedance: [`DelayLine`] and [`PhaseLine`].

use num_complex::Complex;

use super::{LineSection, UniformLine, check_frequency, omega};
use crate::network::twoport::Abcd;
use crate::{Model, Result, Scalar};

/// A lossless line of characteristic impedance `z0` (real, ohm) and time delay `delay` (s):
/// `Zc = z0`, `gamma l = j w delay`.
///
/// Its S-parameters are unitary at every frequency; it is a thru at `delay = 0` and at DC, and
/// has no reflection when `z0` equals the reference impedance (S21 = `e^(-j w delay)`). `z0 = 0`
/// is a short between the ports' grounds (`S11 = -1`) wherever `w delay` is not a multiple of
/// `pi`, a thru where it is 0; as ParamRF's `DelayLine(z0, td)`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::DelayLine;
///
/// // A matched 1 ns line: a pure delay, S21 = e^(-j 2 pi f tau).
/// let line = DelayLine::new(50.0, 1e-9);
/// let s = line.s_at(250e6);
/// assert!(s[0][0].norm() < 1e-15);
/// assert!((s[1][0] - Complex::new(0.0, -1.0)).norm() < 1e-15); // a quarter period
/// // A 75 ohm line at 50 ohm reflects, but loses nothing.
/// let s = DelayLine::new(75.0, 1e-9).s_at(1.1e9);
/// assert!((s[0][0].norm_sqr() + s[1][0].norm_sqr() - 1.0).abs() < 1e-15);
/// assert_eq!(line.param_names(), ["z0", "delay"]);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct DelayLine<T: Scalar = f64> {
    /// Characteristic impedance, ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z0: T,
    /// Time delay, s.
    #[param(unit = "s", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub delay: T,
}

impl<T: Scalar> DelayLine<T> {
    /// A line of characteristic impedance `z0` (ohm) and delay `delay` (s).
    pub fn new(z0: T, delay: T) -> Self {
        DelayLine { z0, delay }
    }

    /// The electrical length (rad) at `f` (Hz), `w delay`.
    fn electrical_length(&self, f: T) -> T {
        omega(f) * self.delay
    }
}

impl<T: Scalar> UniformLine for DelayLine<T> {
    fn section(&self, f: T) -> LineSection<T> {
        LineSection::from_zc_theta(
            Complex::new(self.z0, T::zero()),
            Complex::new(T::zero(), self.electrical_length(f)),
        )
    }
}

impl<T: Scalar> crate::network::Component<2> for DelayLine<T> {
    type Domain = crate::network::domain::S;
    #[inline]
    fn primary(&self, f: T) -> crate::network::Mat<T, 2> {
        let theta = self.electrical_length(f);
        lossless_s(self.z0, theta).unwrap_or_else(|| self.section(f).s(crate::network::Z0))
    }

    /// `[[cos wt, j z0 sin wt], [j sin wt / z0, cos wt]]`; `None` for `z0 = 0` (a short) and
    /// where not finite.
    #[inline]
    fn abcd_hint(&self, f: T) -> Option<Abcd<T>> {
        lossless_abcd(self.z0, self.electrical_length(f))
    }
}

/// S of a lossless line of real `z0` and electrical length `theta` (rad) at the reference
/// [`Z0`](crate::network::Z0), in closed form: with `r = z0 / Z0`, `k = (r + 1/r) / 2 >= 1` and
/// `m = (r - 1/r) / 2`, `S21 = 1 / (cos theta + j k sin theta)` and `S11 = j m sin theta S21`.
/// One `sin_cos` and one reciprocal instead of the general section's complex exponentials
/// (4x less work, on dual numbers too); a thru at `theta = 0` and no reflection at `r = 1`,
/// exactly. `None` (the general section then) unless `z0` is finite and positive and `theta`
/// finite.
#[inline]
fn lossless_s<T: Scalar>(z0: T, theta: T) -> Option<crate::network::Mat<T, 2>> {
    if !(z0.re() > 0.0 && z0.re().is_finite() && theta.re().is_finite()) {
        return None;
    }
    let r = z0 / crate::network::Z0;
    let rinv = r.recip();
    let (k, m) = ((r + rinv) * 0.5, (r - rinv) * 0.5);
    let (sin, cos) = theta.sin_cos();
    let s21 = crate::cmath::recip(Complex::new(cos, k * sin));
    let s11 = Complex::new(T::zero(), m * sin) * s21;
    Some([[s11, s21], [s21, s11]])
}

/// ABCD of a lossless line of real `z0` and electrical length `theta` (rad),
/// `[[cos theta, j z0 sin theta], [j sin theta / z0, cos theta]]`; `None` unless `z0` is
/// finite and positive and the matrix finite.
#[inline]
fn lossless_abcd<T: Scalar>(z0: T, theta: T) -> Option<Abcd<T>> {
    if !(z0.re() > 0.0 && z0.re().is_finite()) {
        return None;
    }
    let (sin, cos) = theta.sin_cos();
    if !(sin.re().is_finite() && cos.re().is_finite()) {
        return None;
    }
    let cos = Complex::new(cos, T::zero());
    Some(Abcd::Reciprocal([
        [cos, Complex::new(T::zero(), sin * z0)],
        [Complex::new(T::zero(), sin / z0), cos],
    ]))
}

/// A lossless line of characteristic impedance `z0` (real, ohm) and electrical length `theta`
/// (degrees) at the frequency `f0` (Hz): `Zc = z0`, `gamma l = j theta (pi / 180) f / f0`.
///
/// `f0` is static data fixed at construction (not a parameter: only the ratio `theta / f0`,
/// a delay, is observable, so `theta` alone is the parameter), as ParamRF's
/// `PhaseLine(theta, z0, f0=...)`. A 90 degree line is a quarter-wave transformer at `f0`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::PhaseLine;
///
/// let line = PhaseLine::new(50.0, 90.0, 1e9)?;
/// assert!((line.s_at(1e9)[1][0] - Complex::new(0.0, -1.0)).norm() < 1e-15);
/// assert!(PhaseLine::new(50.0, 90.0, 0.0).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct PhaseLine<T: Scalar = f64> {
    /// Characteristic impedance, ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z0: T,
    /// Electrical length at `f0`, degrees.
    #[param(unit = "deg", bounds = (0.0, f64::INFINITY))]
    pub theta: T,
    f0: f64,
}

impl<T: Scalar> PhaseLine<T> {
    /// A line of characteristic impedance `z0` (ohm) and electrical length `theta` (degrees)
    /// at `f0` (Hz).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) if `f0` is not a finite
    /// positive frequency.
    pub fn new(z0: T, theta: T, f0: f64) -> Result<Self> {
        check_frequency("f0", f0)?;
        Ok(PhaseLine { z0, theta, f0 })
    }

    /// The frequency (Hz) at which the electrical length is `theta`.
    pub fn f0(&self) -> f64 {
        self.f0
    }

    /// The electrical length (rad) at `f` (Hz), `theta f / f0` in radians.
    fn electrical_length(&self, f: T) -> T {
        self.theta * f * (std::f64::consts::PI / 180.0 / self.f0)
    }
}

impl<T: Scalar> UniformLine for PhaseLine<T> {
    fn section(&self, f: T) -> LineSection<T> {
        LineSection::from_zc_theta(
            Complex::new(self.z0, T::zero()),
            Complex::new(T::zero(), self.electrical_length(f)),
        )
    }
}

impl<T: Scalar> crate::network::Component<2> for PhaseLine<T> {
    type Domain = crate::network::domain::S;
    #[inline]
    fn primary(&self, f: T) -> crate::network::Mat<T, 2> {
        self.section(f).s(crate::network::Z0)
    }

    /// The lossless line's ABCD matrix at `theta f / f0`; `None` for `z0 = 0` (a short).
    #[inline]
    fn abcd_hint(&self, f: T) -> Option<Abcd<T>> {
        lossless_abcd(self.z0, self.electrical_length(f))
    }
}

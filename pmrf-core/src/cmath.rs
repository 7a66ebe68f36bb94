//! Complex elementary functions on `Complex<T>` for any [`Scalar`] `T`.
//!
//! `num_complex::Complex<T>` has `exp`, `sqrt`, `tanh` ... only when `T` is a `num_traits::Float`,
//! which dual numbers are not. The functions here work on `Complex<f64>` and `Complex<Dual64>`
//! alike, so one model implementation gives values and exact derivatives. On `f64` they agree with
//! `num_complex` to a few ulp; [`tanh`] stays finite for any real part (lossy lines with large
//! `gamma * l`), where the textbook formula gives `inf / inf = NaN`.
//!
//! ```
//! use pmrf::cmath;
//! use pmrf::{Complex, Dual64};
//!
//! // tanh(gamma * l) of a line section, on f64 ...
//! let gl = Complex::new(0.1, 1.2);
//! let t = cmath::tanh(gl);
//! assert!((t - gl.tanh()).norm() < 1e-14);
//!
//! // ... and on dual numbers: d/dx tanh(x + jy) = 1 - tanh^2.
//! let gl_d = Complex::new(Dual64::from(0.1).derivative(), Dual64::from(1.2));
//! let td = cmath::tanh(gl_d);
//! let slope = Complex::new(td.re.eps, td.im.eps);
//! assert!((slope - (1.0 - t * t)).norm() < 1e-14);
//!
//! // Very lossy sections do not overflow.
//! assert_eq!(cmath::tanh(Complex::new(800.0, 0.3)), Complex::new(1.0, 0.0));
//! ```

use num_complex::Complex;

use crate::Scalar;

/// The value part of a scalar, as `f64`.
#[inline]
fn val<T: Scalar>(x: T) -> f64 {
    x.re()
}

/// `|x|`, with the derivative of `x` for `x >= +0`.
#[inline]
fn abs_real<T: Scalar>(x: T) -> T {
    if val(x) < 0.0 { -x } else { x }
}

/// The imaginary unit `j`.
#[inline]
pub fn j<T: Scalar>() -> Complex<T> {
    Complex::new(T::zero(), T::one())
}

/// The real number `x` as a complex number `x + j0`.
#[inline]
pub fn real<T: Scalar>(x: T) -> Complex<T> {
    Complex::new(x, T::zero())
}

/// The reciprocal `1 / z`, scaled (Smith's algorithm) so that it neither overflows nor underflows
/// early: exact for `|z|` up to `f64::MAX`, where the textbook `conj(z) / |z|^2` already fails
/// above `|z| ~ 1.3e154`.
///
/// `1 / (±inf + jy) = 1 / (x ± j inf) = 0` for finite `x`, `y`; `1 / 0`, NaN and both parts
/// infinite give NaN.
/// On dual numbers the derivative is `-1 / z^2`, exactly.
///
/// ```
/// use pmrf::{Complex, Dual64, cmath};
///
/// let z = Complex::new(3e200, -4e200);
/// let r = cmath::recip(z);
/// assert!((r * z - 1.0).norm() < 1e-15);
/// assert_eq!(cmath::recip(Complex::new(f64::INFINITY, 2.0)), Complex::new(0.0, -0.0));
///
/// // d/dx 1/(x + 2j) = -1/(x + 2j)^2 at x = 1.
/// let rd = cmath::recip(Complex::new(Dual64::from(1.0).derivative(), Dual64::from(2.0)));
/// let w: Complex<f64> = Complex::new(1.0, 2.0);
/// assert!((Complex::new(rd.re.eps, rd.im.eps) + 1.0 / (w * w)).norm() < 1e-15);
/// ```
#[inline]
pub fn recip<T: Scalar>(z: Complex<T>) -> Complex<T> {
    // Divide by the larger part first, so that no intermediate exceeds |z| or 1/|z|.
    if val(z.re).abs() >= val(z.im).abs() {
        let r = z.im / z.re;
        let d = (z.re + z.im * r).recip();
        Complex::new(d, -r * d)
    } else {
        let r = z.re / z.im;
        let d = (z.im + z.re * r).recip();
        Complex::new(r * d, -d)
    }
}

/// The quotient `a / b` through the scaled reciprocal [`recip`]: no early overflow or
/// underflow in `b`, unlike `Complex`'s `/` (which forms `|b|^2`).
///
/// ```
/// use pmrf::{Complex, cmath};
///
/// let b = Complex::new(1e200, 1e200);
/// assert!((cmath::div(b, b) - 1.0).norm() < 1e-15);
/// assert!(Complex::new(1e200, 1e200) / b != Complex::new(1.0, 0.0)); // the naive quotient
/// ```
#[inline]
pub fn div<T: Scalar>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    a * recip(b)
}

/// Mixed arithmetic of `Complex<T>` with real `f64` constants, for any [`Scalar`] `T`.
///
/// `Complex<f64> * 2.0` compiles but `Complex<Dual64> * 2.0` does not (num-complex only mixes
/// `Complex<T>` with `T`). Model code generic over `T` uses these methods instead; they are in
/// the prelude.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::cmath;
///
/// /// The reflection coefficient `(z - 50) / (z + 50)` of a load, generic over the scalar.
/// fn gamma<T: Scalar>(z: Complex<T>) -> Complex<T> {
///     cmath::div(z.add_f64(-50.0), z.add_f64(50.0))
/// }
/// // 150 ohm: 0.5, and d gamma / dR = 100 / (R + 50)^2 = 0.0025.
/// let g = gamma(Complex::new(Dual64::from(150.0).derivative(), Dual64::from(0.0)));
/// assert!((g.re.re() - 0.5).abs() < 1e-15 && (g.re.eps - 0.0025).abs() < 1e-15);
/// let half = Complex::<Dual64>::from_real(0.25).scale_f64(2.0);
/// assert_eq!((half.re.re(), half.im.re()), (0.5, 0.0));
/// ```
pub trait ComplexExt: Sized {
    /// The real constant `x` as `x + j0`.
    fn from_real(x: f64) -> Self;
    /// `self * k` for a real constant `k`.
    #[must_use]
    fn scale_f64(self, k: f64) -> Self;
    /// `self + k` for a real constant `k`.
    #[must_use]
    fn add_f64(self, k: f64) -> Self;
}

impl<T: Scalar> ComplexExt for Complex<T> {
    #[inline]
    fn from_real(x: f64) -> Self {
        Complex::new(T::from(x), T::zero())
    }
    #[inline]
    fn scale_f64(self, k: f64) -> Self {
        Complex::new(self.re * k, self.im * k)
    }
    #[inline]
    fn add_f64(self, k: f64) -> Self {
        Complex::new(self.re + k, self.im)
    }
}

/// The complex number with modulus `r` and angle `theta` (radians): `r e^(j theta)`.
#[inline]
pub fn from_polar<T: Scalar>(r: T, theta: T) -> Complex<T> {
    let (s, c) = theta.sin_cos();
    Complex::new(r * c, r * s)
}

/// The modulus `|z|`, computed hypot-style so that it neither overflows nor underflows early.
///
/// At `z = 0` the derivative is undefined; the result is `0` with derivative `0`.
#[inline]
pub fn abs<T: Scalar>(z: Complex<T>) -> T {
    let a = abs_real(z.re);
    let b = abs_real(z.im);
    if val(a).is_infinite() || val(b).is_infinite() {
        return T::from(f64::INFINITY);
    }
    let (big, small) = if val(a) >= val(b) { (a, b) } else { (b, a) };
    if val(big) == 0.0 {
        return T::zero();
    }
    let r = small / big;
    big * (r * r + 1.0).sqrt()
}

/// The argument (phase angle) of `z` in radians, in `(-pi, pi]`, like `atan2(im, re)`.
///
/// The branch cut is the negative real axis: `-1 + j0` gives `pi`, `-1 - j0` gives `-pi`.
/// Unlike `DualNum::atan2`, derivatives stay finite on the imaginary axis.
pub fn arg<T: Scalar>(z: Complex<T>) -> T {
    use std::f64::consts::{FRAC_PI_2, PI};
    let (x, y) = (val(z.re), val(z.im));
    if (x == 0.0 && y == 0.0) || x.is_nan() || y.is_nan() {
        return T::from(y.atan2(x));
    }
    if x.abs() >= y.abs() {
        let t = (z.im / z.re).atan();
        if x > 0.0 {
            t
        } else if y.is_sign_negative() {
            t - PI
        } else {
            t + PI
        }
    } else {
        let t = -(z.re / z.im).atan();
        if y > 0.0 {
            t + FRAC_PI_2
        } else {
            t - FRAC_PI_2
        }
    }
}

/// The complex exponential `e^z = e^re (cos im + j sin im)`.
///
/// For a purely real argument whose exponential overflows, the imaginary part stays `0`
/// (not `inf * 0 = NaN`).
pub fn exp<T: Scalar>(z: Complex<T>) -> Complex<T> {
    let e = z.re.exp();
    let (s, c) = z.im.sin_cos();
    let im = if val(z.im) == 0.0 && !val(e).is_finite() {
        z.im
    } else {
        e * s
    };
    Complex::new(e * c, im)
}

/// The principal square root, with non-negative real part.
///
/// The branch cut is the negative real axis, continuous from above like `num_complex`:
/// `sqrt(-4 + j0) = 2j`, `sqrt(-4 - j0) = -2j`. Uses the cancellation-free formula.
pub fn sqrt<T: Scalar>(z: Complex<T>) -> Complex<T> {
    let (x, y) = (val(z.re), val(z.im));
    if x == 0.0 && y == 0.0 {
        return Complex::new(T::zero(), z.im);
    }
    let m = abs(z);
    if x >= 0.0 {
        let t = ((m + z.re) * 0.5).sqrt();
        Complex::new(t, z.im / (t * 2.0))
    } else {
        let t = ((m - z.re) * 0.5).sqrt();
        let s = if y.is_sign_negative() { -1.0 } else { 1.0 };
        Complex::new(z.im * s / (t * 2.0), t * s)
    }
}

/// The principal natural logarithm `ln|z| + j arg(z)`; branch cut on the negative real axis.
pub fn ln<T: Scalar>(z: Complex<T>) -> Complex<T> {
    Complex::new(abs(z).ln(), arg(z))
}

/// The hyperbolic sine `sinh(x) cos(y) + j cosh(x) sin(y)`.
pub fn sinh<T: Scalar>(z: Complex<T>) -> Complex<T> {
    let (s, c) = z.im.sin_cos();
    Complex::new(z.re.sinh() * c, z.re.cosh() * s)
}

/// The hyperbolic cosine `cosh(x) cos(y) + j sinh(x) sin(y)`.
pub fn cosh<T: Scalar>(z: Complex<T>) -> Complex<T> {
    let (s, c) = z.im.sin_cos();
    Complex::new(z.re.cosh() * c, z.re.sinh() * s)
}

/// The hyperbolic tangent, finite for any finite `z` away from its poles `j pi (k + 1/2)`.
///
/// For `|Re z| > 1` it uses `sign * (1 - w) / (1 + w)` with `w = e^(-2 sign z)`, which tends to
/// `±1` (derivative `0`) instead of overflowing; `tanh(±800 + jy) = ±1`.
pub fn tanh<T: Scalar>(z: Complex<T>) -> Complex<T> {
    let x = val(z.re);
    if x.abs() <= 1.0 {
        let (two_re, two_im) = (z.re * 2.0, z.im * 2.0);
        let den = two_re.cosh() + two_im.cos();
        Complex::new(two_re.sinh() / den, two_im.sin() / den)
    } else {
        let sign = if x > 0.0 { 1.0 } else { -1.0 };
        let w = exp(z.scale_f64(-2.0 * sign));
        let one = real(T::one());
        ((one - w) / (one + w)).scale_f64(sign)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;

    type C = Complex<f64>;
    type CD = Complex<Dual64>;

    /// Grid of points in all four quadrants and on both axes.
    fn points() -> Vec<C> {
        let coords = [
            -7.5, -3.0, -1.5, -1.0, -0.3, -1e-3, -1e-9, 0.0, 1e-9, 1e-3, 0.4, 1.0, 1.2, 2.5, 6.0,
        ];
        let mut v = Vec::new();
        for &x in &coords {
            for &y in &coords {
                v.push(C::new(x, y));
            }
        }
        v
    }

    fn close(got: C, want: C, rel: f64) -> bool {
        (got - want).norm() <= rel * want.norm().max(1e-300)
    }

    fn check(name: &str, f: impl Fn(C) -> C, g: impl Fn(C) -> C, skip: impl Fn(C) -> bool) {
        let mut n = 0;
        for z in points() {
            if skip(z) {
                continue;
            }
            let (got, want) = (f(z), g(z));
            assert!(
                close(got, want, 1e-13),
                "{name}({z}) = {got}, expected {want}"
            );
            n += 1;
        }
        assert!(n > 150, "{name}: only {n} points checked");
    }

    #[test]
    fn values_match_num_complex() {
        let never = |_: C| false;
        check("exp", exp, |z| z.exp(), never);
        check("sqrt", sqrt, |z| z.sqrt(), never);
        check("ln", ln, |z| z.ln(), |z| z == C::new(0.0, 0.0));
        check("sinh", sinh, |z| z.sinh(), never);
        check("cosh", cosh, |z| z.cosh(), never);
        check("tanh", tanh, |z| z.tanh(), never);
        for z in points() {
            let (a, b) = (abs(z), z.norm());
            assert!((a - b).abs() <= 1e-15 * b, "abs({z})");
            assert!(
                (arg(z) - z.arg()).abs() <= 1e-15 * z.arg().abs(),
                "arg({z})"
            );
        }
    }

    #[test]
    fn branch_cuts_and_signed_zeros() {
        assert_eq!(sqrt(C::new(-4.0, 0.0)), C::new(0.0, 2.0));
        assert_eq!(sqrt(C::new(-4.0, -0.0)), C::new(0.0, -2.0));
        assert_eq!(sqrt(C::new(9.0, 0.0)), C::new(3.0, 0.0));
        assert_eq!(sqrt(C::new(0.0, 0.0)), C::new(0.0, 0.0));
        assert_eq!(arg(C::new(-1.0, 0.0)), std::f64::consts::PI);
        assert_eq!(arg(C::new(-1.0, -0.0)), -std::f64::consts::PI);
        assert_eq!(ln(C::new(-1.0, 0.0)).im, std::f64::consts::PI);
        assert_eq!(ln(C::new(-1.0, -0.0)).im, -std::f64::consts::PI);
        assert_eq!(arg(C::new(0.0, 2.0)), std::f64::consts::FRAC_PI_2);
        assert_eq!(arg(C::new(0.0, -2.0)), -std::f64::consts::FRAC_PI_2);
    }

    #[test]
    fn abs_is_overflow_and_underflow_safe() {
        let big = C::new(3e300, 4e300);
        assert!((abs(big) / 5e300 - 1.0).abs() < 1e-15);
        let tiny = C::new(3e-310, 4e-310);
        assert!((abs(tiny) / 5e-310 - 1.0).abs() < 1e-6);
        assert_eq!(abs(C::new(0.0, 0.0)), 0.0);
        assert_eq!(abs(C::new(f64::NEG_INFINITY, 1.0)), f64::INFINITY);
        assert!(abs(C::new(f64::NAN, 1.0)).is_nan());
    }

    #[test]
    fn tanh_is_stable_for_large_real_part() {
        for y in [-2.0, -0.3, 0.0, 0.7, 1.5, 3.0] {
            assert_eq!(tanh(C::new(800.0, y)), C::new(1.0, 0.0));
            assert_eq!(tanh(C::new(-800.0, y)), C::new(-1.0, 0.0));
            let t = tanh(CD::new(Dual64::from(800.0).derivative(), Dual64::from(y)));
            assert!(t.re.eps == 0.0 && t.im.eps == 0.0 && t.re.re == 1.0);
            let t = tanh(CD::new(Dual64::from(-800.0), Dual64::from(y).derivative()));
            assert!(t.re.eps == 0.0 && t.im.eps == 0.0 && t.re.re == -1.0);
        }
        // Moderately large: compare against the closed form via exp(-2|x|).
        let z = C::new(20.0, 1.0);
        let w = (-2.0 * z).exp();
        assert!(close(tanh(z), (1.0 - w) / (1.0 + w), 1e-15));
        assert_eq!(exp(C::new(800.0, 0.0)), C::new(f64::INFINITY, 0.0));
    }

    #[test]
    fn helpers() {
        assert_eq!(j::<f64>(), C::new(0.0, 1.0));
        assert_eq!(j::<f64>() * j::<f64>(), C::new(-1.0, 0.0));
        assert_eq!(real(2.5), C::new(2.5, 0.0));
        assert_eq!(C::new(1.0, -2.0).scale_f64(3.0), C::new(3.0, -6.0));
        let p = from_polar(2.0, std::f64::consts::FRAC_PI_3);
        assert!(close(
            p,
            C::from_polar(2.0, std::f64::consts::FRAC_PI_3),
            1e-15
        ));
        let pd = from_polar(Dual64::from(2.0).derivative(), Dual64::from(0.5));
        assert!((pd.re.eps - 0.5f64.cos()).abs() < 1e-15);
        assert!((pd.im.eps - 0.5f64.sin()).abs() < 1e-15);
        let sd = CD::new(Dual64::from(1.0).derivative(), Dual64::from(2.0)).scale_f64(-2.0);
        assert_eq!((sd.re.re, sd.re.eps, sd.im.re), (-2.0, -2.0, -4.0));
    }

    #[test]
    fn recip_is_scaled_and_exact() {
        for z in points().into_iter().filter(|z| z.norm() > 0.0) {
            assert!(close(recip(z), 1.0 / z, 1e-15), "recip({z})");
            assert!(close(
                div(C::new(2.0, -1.0), z),
                C::new(2.0, -1.0) / z,
                1e-15
            ));
            // Far beyond where |z|^2 overflows or underflows.
            for k in [1e-300, 1e160, 1e300] {
                if k < 1.0 && z.norm() < 1e-3 {
                    continue; // 1 / (z k) itself overflows
                }
                let got = recip(z * k);
                assert!(close(got * k, 1.0 / z, 1e-15), "recip({z} * {k:e}) = {got}");
            }
        }
        assert_eq!(recip(C::new(f64::INFINITY, 3.0)), C::new(0.0, 0.0));
        assert_eq!(recip(C::new(-2.0, f64::NEG_INFINITY)), C::new(0.0, 0.0));
        assert!(recip(C::new(0.0, 0.0)).re.is_nan());
        assert!(recip(C::new(f64::NAN, 1.0)).im.is_nan());
        // d/dz (1/z) = -1/z^2 on both branches (|re| >= |im| and |re| < |im|), also when huge.
        check_derivative("recip", recip, recip, |z| -1.0 / (z * z), near_cut);
        let (dx, _) = dual_partials(&recip, C::new(3e150, -4e150));
        let want = -1e-300 / (C::new(3.0, -4.0) * C::new(3.0, -4.0));
        assert!(close(dx, want, 1e-14), "{dx} vs {want}");
    }

    #[test]
    fn complex_ext() {
        let z = CD::new(Dual64::from(1.0).derivative(), Dual64::from(-2.0));
        let w = z.scale_f64(3.0).add_f64(0.5);
        assert_eq!((w.re.re, w.re.eps, w.im.re), (3.5, 3.0, -6.0));
        assert_eq!(
            CD::from_real(2.5),
            CD::new(Dual64::from(2.5), Dual64::from(0.0))
        );
        assert_eq!(C::from_real(-1.0), C::new(-1.0, 0.0));
    }

    /// `d f / d re` and `d f / d im` of `f` at `z`, from dual numbers.
    fn dual_partials(f: &impl Fn(CD) -> CD, z: C) -> (C, C) {
        let zx = CD::new(Dual64::from(z.re).derivative(), Dual64::from(z.im));
        let zy = CD::new(Dual64::from(z.re), Dual64::from(z.im).derivative());
        let (fx, fy) = (f(zx), f(zy));
        (C::new(fx.re.eps, fx.im.eps), C::new(fy.re.eps, fy.im.eps))
    }

    /// Checks `f` on duals against the closed-form derivative `df` (analytic: d/dx = f',
    /// d/dy = j f') and against central differences of the `Complex<f64>` version.
    fn check_derivative(
        name: &str,
        fd: impl Fn(CD) -> CD,
        f: impl Fn(C) -> C,
        df: impl Fn(C) -> C,
        skip: impl Fn(C) -> bool,
    ) {
        let mut n = 0;
        for z in points() {
            if skip(z) {
                continue;
            }
            let (dx, dy) = dual_partials(&fd, z);
            let want = df(z);
            assert!(close(dx, want, 1e-12), "{name}'({z}): {dx} vs {want}");
            assert!(close(dy, j::<f64>() * want, 1e-12), "{name}_y({z})");
            // Value part on duals equals the f64 version.
            let zd = CD::new(Dual64::from(z.re), Dual64::from(z.im));
            let v = fd(zd);
            assert!(close(C::new(v.re.re, v.im.re), f(z), 1e-15));
            // Truncation O(h^2) plus rounding O(eps |f| / h).
            let h = 1e-6 * z.norm().max(1e-2);
            let tol = 1e-6 * (want.norm() + f(z).norm());
            let cd = (f(z + h) - f(z - h)) / (2.0 * h);
            assert!(
                (dx - cd).norm() < tol,
                "{name}'({z}) = {dx}, central diff. {cd}"
            );
            let cdy = (f(z + C::new(0.0, h)) - f(z - C::new(0.0, h))) / (2.0 * h);
            assert!(
                (dy - cdy).norm() < tol,
                "{name}_y({z}) = {dy}, central diff. {cdy}"
            );
            n += 1;
        }
        assert!(n > 100, "{name}: only {n} points checked");
    }

    /// Points too close to a branch cut, singularity or pole for central differences.
    fn near_cut(z: C) -> bool {
        z.re <= 1e-2 && z.im.abs() <= 1e-2
    }

    #[test]
    fn derivatives_of_analytic_functions() {
        let never = |_: C| false;
        check_derivative("exp", exp, exp, exp, never);
        check_derivative("sqrt", sqrt, sqrt, |z| 0.5 / sqrt(z), near_cut);
        check_derivative("ln", ln, ln, |z| 1.0 / z, near_cut);
        check_derivative("sinh", sinh, sinh, cosh, never);
        check_derivative("cosh", cosh, cosh, sinh, never);
        // tanh' = 1 - tanh^2 = 1 / cosh^2 (the latter without cancellation where tanh -> ±1).
        let pole = |z: C| cosh(z).norm() < 0.2;
        check_derivative("tanh", tanh, tanh, |z| 1.0 / (cosh(z) * cosh(z)), pole);
        for z in points()
            .into_iter()
            .filter(|&z| !pole(z) && z.re.abs() < 2.0)
        {
            let t = tanh(z);
            let (dx, _) = dual_partials(&tanh, z);
            assert!(close(dx, 1.0 - t * t, 1e-12), "tanh'({z}) vs 1 - tanh^2");
        }
    }

    #[test]
    fn derivatives_of_abs_and_arg() {
        for z in points() {
            if z.norm() < 1e-2 {
                continue;
            }
            let zx = CD::new(Dual64::from(z.re).derivative(), Dual64::from(z.im));
            let zy = CD::new(Dual64::from(z.re), Dual64::from(z.im).derivative());
            let r = z.norm();
            assert!((abs(zx).eps - z.re / r).abs() < 1e-14, "d|z|/dx at {z}");
            assert!((abs(zy).eps - z.im / r).abs() < 1e-14, "d|z|/dy at {z}");
            let r2 = z.norm_sqr();
            let (ax, ay) = (arg(zx).eps, arg(zy).eps);
            assert!(ax.is_finite() && ay.is_finite());
            assert!((ax + z.im / r2).abs() < 1e-13 * (1.0 / r), "darg/dx at {z}");
            assert!((ay - z.re / r2).abs() < 1e-13 * (1.0 / r), "darg/dy at {z}");
        }
    }
}

//! Per-unit-length internal impedance of round conductors with skin effect: the half-space
//! [`surface_impedance`], a solid round wire ([`rod_internal_impedance`]) and a tube carrying
//! the return current on its inner surface, the outer conductor of a coaxial line
//! ([`tube_internal_impedance`]).
//!
//! Conventions: time dependence `e^{j w t}`, `w = 2 pi f`; the wave number in the metal is
//! `k = sqrt(j w mu0 mu_r sigma) = (1 + j) / delta` with the skin depth
//! `delta = sqrt(2 / (w mu0 mu_r sigma))`; the surface impedance is `Zs = k / sigma`. Units are
//! SI: `f` in Hz, lengths in m, `sigma` in S/m; impedances in ohm/m (ohm for `Zs`). The
//! displacement current in the metal is neglected (`sigma >> w eps`).
//!
//! The formulas are Schelkunoff's (S. A. Schelkunoff, "The electromagnetic theory of coaxial
//! transmission lines and cylindrical shields", Bell Syst. Tech. J. 13, 532-579, 1934; also
//! Ramo, Whinnery and Van Duzer, "Fields and Waves in Communication Electronics", 3rd ed.,
//! section 5.6). Every function is exact from DC to the skin-effect limit, with no `0/0` at
//! `f = 0`, and differentiates (on dual numbers) in every argument, at DC too.
//!
//! Invalid input (`f < 0`, a radius, `sigma` or `mu_r` not positive, a tube with
//! `inner >= outer`, NaN anywhere) gives NaN. Infinite values give their physical limits where
//! one exists: `sigma = inf` (a perfect conductor) or an infinite wire radius give 0; a tube
//! with `outer = inf` is a conductor filling all space beyond `inner`; `f = inf` gives
//! `inf (1 + j)`. `mu_r` must be finite.

use std::f64::consts::{PI, TAU};

use num_complex::Complex;

use crate::Scalar;
use crate::cmath::{self, ComplexExt};
use crate::special::bessel;

use crate::constants::MU0;

/// Below this `|k r|^2` (`|k r| <= 2`) the impedances are summed as power series in
/// `(k r)^2 = j w mu sigma r^2`, which are finite and analytic at DC.
const SERIES_MAX_SQ: f64 = 4.0;

/// NaN as a complex scalar.
#[inline]
fn nan<T: Scalar>() -> Complex<T> {
    Complex::new(T::from(f64::NAN), T::from(f64::NAN))
}

/// Whether a value is a positive number (`inf` included, NaN excluded).
#[inline]
fn positive<T: Scalar>(x: T) -> bool {
    x.re() > 0.0
}

/// The surface impedance of a conducting half-space,
/// `Zs = sqrt(j w mu0 mu_r / sigma) = (1 + j) sqrt(pi f mu0 mu_r / sigma)`, in ohm.
///
/// `0` at DC, `0` for `sigma = inf`. At DC the derivative part is 0 in every argument: the
/// true slope in `f` is infinite (`sqrt(f)`), and the dual-number rule `dx / (2 sqrt(0))`
/// would make the derivatives in `sigma` and `mu_r` (whose `dx` is 0 there) `0/0 = NaN`.
///
/// ```
/// use pmrf::components::materials::skin_effect::surface_impedance;
///
/// // Copper at 1 GHz: Rs = 8.25 mohm.
/// let zs = surface_impedance(1e9, 5.8e7, 1.0);
/// assert!((zs.re - 8.250_226_496_279e-3).abs() < 1e-15 && zs.re == zs.im);
/// ```
pub fn surface_impedance<T: Scalar>(f: T, sigma: T, mu_r: T) -> Complex<T> {
    if !(f.re() >= 0.0 && positive(sigma) && positive(mu_r) && mu_r.re().is_finite()) {
        return nan();
    }
    let x = f * mu_r * (PI * MU0) / sigma;
    let r = if x.re() == 0.0 { T::zero() } else { x.sqrt() };
    Complex::new(r, r)
}

/// The internal impedance per unit length of a solid round wire of radius `radius`, in ohm/m:
///
/// `Z = k / (2 pi a sigma) I0(k a) / I1(k a)`, `k = sqrt(j w mu0 mu_r sigma)`
///
/// (Schelkunoff 1934, eq. for the solid wire; Ramo-Whinnery-Van Duzer eq. 5.6(9)). It tends to
/// `1 / (sigma pi a^2)` at DC (where `Im Z = w mu / (8 pi)`, the internal inductance
/// `mu / (8 pi)`), and to `Zs / (2 pi a) (1 + 1 / (2 k a) + ...)` in the skin-effect limit
/// (`delta << a`).
///
/// For `|k a| <= 2` it is summed as `Z = R_dc P(t) / Q(t)` with `t = (k a)^2 / 4` and the
/// series `P = I0`, `Q = 2 I1 / (k a)` (exact at `f = 0`, no `0/0`); above, with
/// [`bessel::i0_over_i1`]. Relative accuracy ~`1e-15`.
///
/// ```
/// use pmrf::components::materials::skin_effect::{rod_internal_impedance, surface_impedance};
/// use pmrf::{Complex, Dual64};
/// use std::f64::consts::PI;
///
/// // 1 mm copper wire: DC resistance, and the internal inductance mu0/(8 pi) as dZ/dw at DC.
/// let (a, sigma) = (0.5e-3, 5.8e7);
/// let z = rod_internal_impedance(Dual64::from(0.0).derivative(), Dual64::from(a),
///     Dual64::from(sigma), Dual64::from(1.0));
/// assert_eq!(z.re.re, 1.0 / (sigma * PI * a * a));
/// let l_int = z.im.eps / (2.0 * PI);
/// assert!((l_int / (pmrf::constants::MU0 / (8.0 * PI)) - 1.0).abs() < 1e-14);
///
/// // At 10 GHz the skin depth is 0.66 um: Z ~ Zs/(2 pi a) (1 + 1/(2 k a)).
/// let z = rod_internal_impedance(1e10, a, sigma, 1.0);
/// let zs = surface_impedance(1e10, sigma, 1.0);
/// let ka = zs * sigma * a;
/// assert!((z / (zs / (2.0 * PI * a)) - (1.0 + 0.5 / ka)).norm() < 1e-6);
/// ```
pub fn rod_internal_impedance<T: Scalar>(f: T, radius: T, sigma: T, mu_r: T) -> Complex<T> {
    let ok = f.re() >= 0.0 && positive(radius) && positive(sigma) && positive(mu_r);
    if !ok || !mu_r.re().is_finite() {
        return nan();
    }
    let inf_param = radius.re().is_infinite() || sigma.re().is_infinite();
    if f.re().is_infinite() {
        return if inf_param { nan() } else { inf_1j() };
    }
    if inf_param {
        return Complex::from_real(0.0);
    }
    // |k|^2 = w mu sigma and |k a|^2.
    let k2 = f * mu_r * sigma * (TAU * MU0);
    let ka2 = k2 * radius * radius;
    if ka2.re() <= SERIES_MAX_SQ {
        let t = Complex::new(T::zero(), ka2 * 0.25);
        let s = bessel::series::<T, false>(t);
        let r_dc = (radius * radius * sigma * PI).recip();
        cmath::div(s.p, s.q) * r_dc
    } else {
        // k = kr (1 + j), Zs = k / sigma.
        let kr = (k2 * 0.5).sqrt();
        let ka = kr * radius;
        let zs = kr / sigma;
        let ratio = bessel::i0_over_i1(Complex::new(ka, ka));
        ratio * Complex::new(zs, zs) / (radius * TAU)
    }
}

/// The internal impedance per unit length of a tube (inner radius `inner`, outer radius
/// `outer`) whose current returns on its inner surface, as the outer conductor of a coaxial
/// line, in ohm/m:
///
/// `Z = k / (2 pi b sigma) [I0(kb) K1(kc) + K0(kb) I1(kc)] / [I1(kc) K1(kb) - I1(kb) K1(kc)]`
///
/// with `b = inner`, `c = outer`, `k = sqrt(j w mu0 mu_r sigma)` (Schelkunoff 1934, `Z_bb` of a
/// tube with the return path inside). It is the boundary-value problem
/// `E'' + E'/r = k^2 E` on `b < r < c` with `H_phi(c) = 0` (no field outside) and
/// `H_phi(b) = -I / (2 pi b)`, solved with `E = A I0(kr) + B K0(kr)`; `Z = E(b) / I`. It tends to
/// `1 / (sigma pi (c^2 - b^2))` at DC and to `Zs / (2 pi b) (1 - 1 / (2 k b) + ...)` when the
/// skin depth is small against both `b` and `c - b` (the curvature term has the opposite sign
/// of the wire's).
///
/// For `|k c| <= 2` the Bessel functions are replaced by their power series with the
/// logarithms of `kb` and `kc` combined into `ln(c/b)`, which makes `Z` a ratio of series in
/// `(kr)^2`: exact at DC. Above, the scaled functions ([`bessel::ik01e`]) keep it finite for
/// thick tubes at high frequency, where `I1(kc)` overflows:
///
/// `Z = Zs/(2 pi b) [E i0e(kb) k1e(kc) + k0e(kb) i1e(kc)] / [i1e(kc) k1e(kb) - E i1e(kb) k1e(kc)]`,
/// `E = exp((kb + Re kb) - (kc + Re kc))`, `|E| = exp(-2 (c - b) / delta) <= 1`, evaluated
/// divided through by `i1e(kc)`, so that `c` enters only through `E k1e(kc) / i1e(kc)`: for a
/// wall of many skin depths the derivative in `c` is exponentially small, not rounding noise.
///
/// Both forms subtract nearly equal terms for thin tubes: the relative error is about
/// `3e-16 b / (c - b)` (`3e-13` measured for a wall of a thousandth of the radius). That is the
/// problem's own conditioning: `Z` moves by `~c / (c - b)` times any relative change of `c`.
///
/// `outer = inf` is a conductor filling `r > b`: `Z = Zs/(2 pi b) K0(kb)/K1(kb)`, 0 at DC.
///
/// ```
/// use pmrf::components::materials::skin_effect::{surface_impedance, tube_internal_impedance};
/// use std::f64::consts::PI;
///
/// // The outer conductor of a 50 ohm air line: b = 3.5 mm, 0.5 mm wall, copper.
/// let (b, c, sigma) = (3.5e-3, 4.0e-3, 5.8e7);
/// let z_dc = tube_internal_impedance(0.0, b, c, sigma, 1.0);
/// assert!((z_dc.re * sigma * PI * (c * c - b * b) - 1.0).abs() < 1e-15 && z_dc.im == 0.0);
/// let z = tube_internal_impedance(1e9, b, c, sigma, 1.0);
/// let zs = surface_impedance(1e9, sigma, 1.0);
/// let kb = zs * sigma * b;
/// assert!((z / (zs / (2.0 * PI * b)) - (1.0 - 0.5 / kb)).norm() < 1e-6);
/// ```
pub fn tube_internal_impedance<T: Scalar>(
    f: T,
    inner: T,
    outer: T,
    sigma: T,
    mu_r: T,
) -> Complex<T> {
    let ok = f.re() >= 0.0
        && positive(inner)
        && inner.re().is_finite()
        && outer.re() > inner.re()
        && positive(sigma)
        && positive(mu_r)
        && mu_r.re().is_finite();
    if !ok {
        return nan();
    }
    let thick = outer.re().is_infinite();
    if f.re().is_infinite() {
        return if sigma.re().is_infinite() {
            nan()
        } else {
            inf_1j()
        };
    }
    if sigma.re().is_infinite() || (thick && f.re() == 0.0) {
        return Complex::from_real(0.0);
    }
    let (b, c) = (inner, outer);
    let k2 = f * mu_r * sigma * (TAU * MU0);
    if thick {
        let kr = (k2 * 0.5).sqrt();
        let kb = kr * b;
        let zs = kr / sigma;
        let ratio = bessel::k0_over_k1(Complex::new(kb, kb));
        return ratio * Complex::new(zs, zs) / (b * TAU);
    }
    if (k2 * c * c).re() <= SERIES_MAX_SQ {
        // t = (kr)^2 / 4 = j |k|^2 r^2 / 4 at r = b and r = c.
        let tb = Complex::new(T::zero(), k2 * b * b * 0.25);
        let tc = Complex::new(T::zero(), k2 * c * c * 0.25);
        let sb = bessel::series::<T, true>(tb);
        let sc = bessel::series::<T, true>(tc);
        let ln_cb = (c / b).ln();
        let one = Complex::<T>::from_real(1.0);
        // With A(x) = x I1(x) = 2 t Q, B(x) = x (K1 - ln(x/2) I1) = 1 - t U,
        // S0(x) = K0 + ln(x/2) I0 = R: v = c k u(b) (u = I0(kr) K1(kc) + K0(kr) I1(kc)),
        // v = ln(c/b) I0(kb) A(kc) + I0(kb) B(kc) + S0(kb) A(kc), entire in k^2.
        let a_c = (tc * sc.q).scale_f64(2.0);
        let b_b = one - tb * sb.u;
        let b_c = one - tc * sc.u;
        let v = sb.p * a_c * ln_cb + sb.p * b_c + sb.r * a_c;
        // (kb)(kc) D / k^2 with D = I1(kc) K1(kb) - I1(kb) K1(kc):
        // -ln(c/b) (kb)^2 (kc)^2 / (4 k^2) Q(b) Q(c) + (c^2/2) Q(c) B(b) - (b^2/2) Q(b) B(c).
        let den = -(tb * sb.q * sc.q * (c * c * ln_cb)) + sc.q * b_b * (c * c * 0.5)
            - sb.q * b_c * (b * b * 0.5);
        // Z = (w mu / (2 pi)) ... = v / (2 pi sigma den)
        cmath::div(v, den) / (sigma * TAU)
    } else {
        let kr = (k2 * 0.5).sqrt();
        let (kb, kc) = (kr * b, kr * c);
        let zs = kr / sigma;
        let x = bessel::ik01e(Complex::new(kb, kb));
        let y = bessel::ik01e(Complex::new(kc, kc));
        // (x + Re x) - (y + Re y) = kr (b - c) (2 + j).
        let d = kr * (b - c);
        let e = cmath::exp(Complex::new(d * 2.0, d));
        // Divided through by i1e(kc): the outer radius enters only through E k1e(kc)/i1e(kc),
        // so that Z and its derivatives lose their dependence on it as E -> 0.
        let er = e * cmath::div(y.k1e, y.i1e);
        let num = er * x.i0e + x.k0e;
        let den = x.k1e - er * x.i1e;
        cmath::div(num, den) * Complex::new(zs, zs) / (b * TAU)
    }
}

/// `inf (1 + j)`, the limit `f -> inf`.
#[inline]
fn inf_1j<T: Scalar>() -> Complex<T> {
    Complex::new(T::from(f64::INFINITY), T::from(f64::INFINITY))
}

//! Per-port complex reference impedances: S <-> Z <-> Y (N ports), S <-> ABCD (2 ports) and
//! renormalisation of S, for power waves (the default) or pseudo waves.
//!
//! # Wave definitions
//!
//! With voltage `V_i`, current `I_i` (into port `i`) and reference impedance `z_i` of port `i`,
//! `R_i = Re(z_i)`:
//!
//! * [`WaveDef::Power`], power waves (K. Kurokawa, "Power waves and the scattering matrix",
//!   IEEE Trans. MTT 13(2), 1965, eqs. 1 and 19; scikit-rf `s_def='power'`):
//!   `a_i = (V_i + z_i I_i) / (2 sqrt(R_i))`, `b_i = (V_i - conj(z_i) I_i) / (2 sqrt(R_i))`.
//!   `|a|^2 - |b|^2` is the power delivered to the port, so a passive network has `|S| <= 1` for
//!   any reference, and a reciprocal network has a symmetric S for any reference.
//! * [`WaveDef::Pseudo`], pseudo waves (R. B. Marks and D. F. Williams, "A general waveguide
//!   circuit theory", J. Res. NIST 97(5), 1992, eqs. 55-56 and 74, with the normalisation of
//!   scikit-rf `s_def='pseudo'`): `a_i = sqrt(R_i) / (2 |z_i|) (V_i + z_i I_i)`,
//!   `b_i = sqrt(R_i) / (2 |z_i|) (V_i - z_i I_i)`. With this normalisation (scikit-rf's) a
//!   reciprocal network has a symmetric S only if the references are real or all equal
//!   (`S = K (I - 2 G W) K^-1` with `W = (Z + G)^-1` symmetric is symmetric iff `Re z_i / conj(z_i)`
//!   is the same on every port); `|S| <= 1` no longer follows from passivity.
//!
//! For real references both definitions coincide with each other and with the real-`z0`
//! functions of [`convert`](super::convert) (the fast 50 ohm path).
//!
//! # Formulas
//!
//! Both definitions are `a = K (V + G I)`, `b = K (V - H I)` with diagonal `G = diag(z)` and
//! power: `H = conj(G)`, `K = diag(1 / sqrt(R))`; pseudo: `H = G`, `K = diag(sqrt(R) / |z|)`
//! (a common factor of `K` cancels). Then, with `S' = K^-1 S K`:
//!
//! * `S = K (Z - H)(Z + G)^-1 K^-1`, `Z = (I - S')^-1 (S' G + H)`
//! * `S = K (I - H Y)(I + G Y)^-1 K^-1`, `Y = (H + S' G)^-1 (I - S')`
//! * renormalisation from `(G1, H1, K1)` to `(G2, H2, K2)`, with `M = K2 K1^-1 (G1 + H1)^-1`:
//!   `S2 = M [(H1 - H2) + (G1 + H2) S1] [(H1 + G2) + (G1 - G2) S1]^-1 M^-1`. This needs no Z or
//!   Y matrix, so opens, shorts and thrus renormalise exactly.
//! * ABCD (`V1 = A V2 - B I2`, `I1 = C V2 - D I2`) with `Δ = A g2 + B + C g1 g2 + D g1`:
//!   `S11 = (A g2 + B - C h1 g2 - D h1) / Δ`, `S12 = (k1/k2)(g1 + h1)(AD - BC) / Δ`,
//!   `S21 = (k2/k1)(g2 + h2) / Δ`, `S22 = (-A h2 + B - C g1 h2 + D g1) / Δ`; and back, with
//!   `q = k2 / (k1 (g1 + h1) S21)`:
//!   `A = q [(h1 + g1 S11)(1 - S22) + g1 S12 S21]`, `B = q [(h1 + g1 S11)(h2 + g2 S22) - g1 g2 S12 S21]`,
//!   `C = q [(1 - S11)(1 - S22) - S12 S21]`, `D = q [(1 - S11)(h2 + g2 S22) + g2 S12 S21]`
//!   (as in D. A. Frickey, IEEE Trans. MTT 42(2), 1994, for power waves).
//!
//! # Singular cases
//!
//! Like [`convert`](super::convert), nothing panics: where a representation does not exist the
//! result is all NaN. That is: Z of an open, of a series element or of a thru (`I - S'`
//! singular); Y of a short, of a shunt element or of a thru; ABCD of a network without
//! transmission (`S21 = 0`); S of a network whose ports are loaded by the negative of their
//! reference (`Z + G` singular, e.g. a 1-port of impedance `-z`, with either definition). A lossless line of electrical length `bl = k pi` has ABCD `±I` (a thru), so neither Z
//! nor Y, but its S is exact. Ideal elements at DC (a series C, a shunt L) are opens and shorts,
//! whose S renormalises exactly. Matrices singular to working precision count as singular (see
//! [`matrix::inverse`](super::matrix::inverse)).
//!
//! # Conditioning
//!
//! Renormalisation uses the direct formula above (no Z or Y), so it loses only what the
//! problem itself loses. With power waves, a reference `z` close to the imaginary axis
//! (`Re z << |z|`) crowds every S-parameter towards the unit circle (a 1-port:
//! `1 - S = 2 Re(z) / (Z + z)`), so S at `z` holds the network to an absolute accuracy of
//! one ulp only, and the information about the network is scaled by `Re(z) / |z|`. Going back from
//! `z` therefore amplifies the rounding of S by about `|z| / Re(z)`: a round trip
//! `50 -> z -> 50` loses about `ε |z| / Re(z)` (ε = 2.2e-16; 1.3e-8 at `z = 1e-6 + 50j`,
//! 1.7e-6 at `1e-8 + 50j`), and no formula can do better once S at `z` is rounded to f64.
//! Pseudo waves do not crowd (`K` carries `1 / |z|`), and their round trips stay at a few ulps.
//! tests/reference_impedance.rs pins both bounds.
//!
//! **Reference impedances must have `Re(z) > 0`** (and be finite): power waves divide by
//! `sqrt(Re z)`, and this normalisation of pseudo waves vanishes at `Re z = 0`. For any port with
//! `Re(z) <= 0` (or a NaN or infinite `z`) every function here returns all NaN.
//!
//! Everything is generic over the [`Scalar`], including the reference impedances, so results
//! differentiate with respect to the network *and* to `z0`.
//!
//! ```
//! use pmrf::Complex;
//! use pmrf::network::reference::{self, WaveDef};
//!
//! // A 1-port load of 40 + 30j ohm seen from a 40 - 30j ohm reference: conjugately matched
//! // with power waves (Gamma = (Z - conj z0) / (Z + z0) = 0), not with pseudo waves.
//! let zl = [[Complex::new(40.0, 30.0)]];
//! let z0 = [Complex::new(40.0, -30.0)];
//! let power = reference::z2s(&zl, &z0, WaveDef::Power);
//! assert!(power[0][0].norm() < 1e-15);
//! let pseudo = reference::z2s(&zl, &z0, WaveDef::Pseudo);
//! let want = (zl[0][0] - z0[0]) / (zl[0][0] + z0[0]);
//! assert!((pseudo[0][0] - want).norm() < 1e-15);
//! // And back.
//! let z = reference::s2z(&pseudo, &z0, WaveDef::Pseudo);
//! assert!((z[0][0] - zl[0][0]).norm() < 1e-13);
//! ```

use num_complex::{Complex, Complex64};

use super::Mat;
use super::matrix::{inverse_scaled, mul, row_scales};
use crate::Scalar;
use crate::cmath::{self, ComplexExt, recip};

/// How S-parameters are defined from voltages and currents at complex reference impedances.
///
/// The names follow scikit-rf's `s_def`. For real reference impedances all definitions agree.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum WaveDef {
    /// Power waves (Kurokawa 1965): `a = (V + z I) / (2 sqrt(Re z))`,
    /// `b = (V - conj(z) I) / (2 sqrt(Re z))`. The default, as in scikit-rf.
    #[default]
    Power,
    /// Pseudo waves (Marks & Williams 1992): `a = sqrt(Re z) / (2 |z|) (V + z I)`,
    /// `b = sqrt(Re z) / (2 |z|) (V - z I)`.
    Pseudo,
}

/// The per-port coefficients of a wave definition: `a = k (V + g I)`, `b = k (V - h I)`.
struct Ports<T: Scalar, const N: usize> {
    g: [Complex<T>; N],
    h: [Complex<T>; N],
    k: [T; N],
}

impl<T: Scalar, const N: usize> Ports<T, N> {
    /// `None` if a reference impedance has `Re z <= 0` or is not finite.
    fn new(z0: &[Complex<T>; N], waves: WaveDef) -> Option<Self> {
        let ok = z0.iter().all(|z| {
            let (re, im) = (z.re.re(), z.im.re());
            re > 0.0 && re.is_finite() && im.is_finite()
        });
        if !ok {
            return None;
        }
        Some(match waves {
            WaveDef::Power => Ports {
                g: *z0,
                h: z0.map(|z| z.conj()),
                k: z0.map(|z| z.re.sqrt().recip()),
            },
            WaveDef::Pseudo => Ports {
                g: *z0,
                h: *z0,
                k: z0.map(|z| z.re.sqrt() / cmath::abs(z)),
            },
        })
    }

    /// `d m d^-1` for the diagonal `d`: element `(r, c)` times `d_r / d_c`.
    fn similar(m: &Mat<T, N>, d: &[Complex<T>; N]) -> Mat<T, N> {
        let inv = d.map(recip);
        std::array::from_fn(|r| std::array::from_fn(|c| m[r][c] * d[r] * inv[c]))
    }

    /// `K m K^-1`.
    fn k_similar(&self, m: &Mat<T, N>) -> Mat<T, N> {
        Self::similar(m, &self.k.map(real))
    }

    /// `K^-1 m K`.
    fn k_inv_similar(&self, m: &Mat<T, N>) -> Mat<T, N> {
        Self::similar(m, &self.k.map(|k| real(k.recip())))
    }
}

#[inline]
fn real<T: Scalar>(x: T) -> Complex<T> {
    Complex::new(x, T::zero())
}

/// `|re| + |im|` of the value part.
#[inline]
fn mag<T: Scalar>(z: &Complex<T>) -> f64 {
    z.re.re().abs() + z.im.re().abs()
}

fn nan<T: Scalar, const N: usize>() -> Mat<T, N> {
    [[Complex::from_real(f64::NAN); N]; N]
}

/// `d + m diag(e)`: the diagonal `d` plus `m` with column `c` scaled by `e_c`, and the row scales
/// `max(|d_r|, max_c |m_rc e_c|)` its rounding is judged against.
fn diag_plus<T: Scalar, const N: usize>(
    d: &[Complex<T>; N],
    m: &Mat<T, N>,
    e: &[Complex<T>; N],
) -> (Mat<T, N>, [f64; N]) {
    let mut out: Mat<T, N> = std::array::from_fn(|r| std::array::from_fn(|c| m[r][c] * e[c]));
    let mut scales = row_scales(&out);
    for r in 0..N {
        out[r][r] += d[r];
        scales[r] = scales[r].max(mag(&d[r]));
    }
    (out, scales)
}

/// `d + diag(e) m`: the diagonal `d` plus `m` with row `r` scaled by `e_r`, and its row scales.
fn diag_plus_left<T: Scalar, const N: usize>(
    d: &[Complex<T>; N],
    e: &[Complex<T>; N],
    m: &Mat<T, N>,
) -> (Mat<T, N>, [f64; N]) {
    let mut out: Mat<T, N> = std::array::from_fn(|r| std::array::from_fn(|c| e[r] * m[r][c]));
    let mut scales = row_scales(&out);
    for r in 0..N {
        out[r][r] += d[r];
        scales[r] = scales[r].max(mag(&d[r]));
    }
    (out, scales)
}

/// `num den^-1`, or NaN if `den` is singular against `scales`.
fn right_divide<T: Scalar, const N: usize>(
    num: &Mat<T, N>,
    den: &Mat<T, N>,
    scales: &[f64; N],
) -> Mat<T, N> {
    inverse_scaled(den, scales).map_or_else(nan, |inv| mul(num, &inv))
}

/// `den^-1 num`, or NaN if `den` is singular against `scales`.
fn left_divide<T: Scalar, const N: usize>(
    den: &Mat<T, N>,
    scales: &[f64; N],
    num: &Mat<T, N>,
) -> Mat<T, N> {
    inverse_scaled(den, scales).map_or_else(nan, |inv| mul(&inv, num))
}

/// Reference impedances given as `Complex64`, lifted to the scalar `T` (constants: zero
/// derivative), for the functions here and [`Component::s_at_z0`](super::Component::s_at_z0).
///
/// ```
/// use pmrf::{Complex, Dual64, DualStruct};
/// use pmrf::network::reference;
///
/// let z0: [Complex<Dual64>; 2] = reference::lift(&[Complex::new(25.0, -10.0); 2]);
/// assert_eq!(z0[1].im.re(), -10.0);
/// ```
pub fn lift<T: Scalar, const N: usize>(z0: &[Complex64; N]) -> [Complex<T>; N] {
    z0.map(|z| Complex::new(T::from(z.re), T::from(z.im)))
}

/// Z -> S at per-port reference impedances `z0`: `S = K (Z - H)(Z + G)^-1 K^-1`.
///
/// NaN if `Z + G` is singular or a `Re(z0) <= 0`.
pub fn z2s<T: Scalar, const N: usize>(
    z: &Mat<T, N>,
    z0: &[Complex<T>; N],
    waves: WaveDef,
) -> Mat<T, N> {
    let Some(p) = Ports::new(z0, waves) else {
        return nan();
    };
    let (num, den, scales) = {
        let mut num = *z;
        let mut den = *z;
        let mut scales = row_scales(z);
        for r in 0..N {
            num[r][r] -= p.h[r];
            den[r][r] += p.g[r];
            scales[r] = scales[r].max(mag(&p.g[r]));
        }
        (num, den, scales)
    };
    p.k_similar(&right_divide(&num, &den, &scales))
}

/// S -> Z at per-port reference impedances `z0`: `Z = (I - S')^-1 (S' G + H)`, `S' = K^-1 S K`.
///
/// NaN if `I - S'` is singular (an open, a series element, a thru) or a `Re(z0) <= 0`.
pub fn s2z<T: Scalar, const N: usize>(
    s: &Mat<T, N>,
    z0: &[Complex<T>; N],
    waves: WaveDef,
) -> Mat<T, N> {
    let Some(p) = Ports::new(z0, waves) else {
        return nan();
    };
    let sp = p.k_inv_similar(s);
    let one = [Complex::from_real(1.0); N];
    let minus_sp = sp.map(|row| row.map(|x| -x));
    let (den, scales) = diag_plus(&one, &minus_sp, &one);
    let (num, _) = diag_plus(&p.h, &sp, &p.g);
    left_divide(&den, &scales, &num)
}

/// Y -> S at per-port reference impedances `z0`: `S = K (I - H Y)(I + G Y)^-1 K^-1`.
///
/// NaN if `I + G Y` is singular or a `Re(z0) <= 0`.
pub fn y2s<T: Scalar, const N: usize>(
    y: &Mat<T, N>,
    z0: &[Complex<T>; N],
    waves: WaveDef,
) -> Mat<T, N> {
    let Some(p) = Ports::new(z0, waves) else {
        return nan();
    };
    let one = [Complex::from_real(1.0); N];
    let (den, scales) = diag_plus_left(&one, &p.g, y);
    let minus_h = p.h.map(|h| -h);
    let (num, _) = diag_plus_left(&one, &minus_h, y);
    p.k_similar(&right_divide(&num, &den, &scales))
}

/// S -> Y at per-port reference impedances `z0`: `Y = (H + S' G)^-1 (I - S')`, `S' = K^-1 S K`.
///
/// NaN if `H + S' G` is singular (a short, a shunt element, a thru) or a `Re(z0) <= 0`.
pub fn s2y<T: Scalar, const N: usize>(
    s: &Mat<T, N>,
    z0: &[Complex<T>; N],
    waves: WaveDef,
) -> Mat<T, N> {
    let Some(p) = Ports::new(z0, waves) else {
        return nan();
    };
    let sp = p.k_inv_similar(s);
    let one = [Complex::from_real(1.0); N];
    let (den, scales) = diag_plus(&p.h, &sp, &p.g);
    let minus_sp = sp.map(|row| row.map(|x| -x));
    let (num, _) = diag_plus(&one, &minus_sp, &one);
    left_divide(&den, &scales, &num)
}

/// Renormalises S from reference impedances `z_from` to `z_to` (per port), both under `waves`.
///
/// `S2 = M [(H1 - H2) + (G1 + H2) S1] [(H1 + G2) + (G1 - G2) S1]^-1 M^-1` with
/// `M = K2 K1^-1 (G1 + H1)^-1` (see the [module docs](self)). Exact for opens, shorts and thrus;
/// NaN if the new reference makes the incident waves dependent (a 1-port of impedance `-z_to`)
/// or a `Re(z) <= 0`.
///
/// ```
/// use pmrf::Complex;
/// use pmrf::network::reference::{self, WaveDef};
///
/// // A 25 - 10j ohm load, measured at 50 ohm, seen from a 75 ohm reference.
/// let zl = [[Complex::new(25.0, -10.0)]];
/// let s50 = reference::z2s(&zl, &[Complex::new(50.0, 0.0)], WaveDef::Power);
/// let s75 = reference::renormalize_s(&s50, &[Complex::new(50.0, 0.0)], &[Complex::new(75.0, 0.0)], WaveDef::Power);
/// let want = (zl[0][0] - 75.0) / (zl[0][0] + 75.0);
/// assert!((s75[0][0] - want).norm() < 1e-15);
/// ```
pub fn renormalize_s<T: Scalar, const N: usize>(
    s: &Mat<T, N>,
    z_from: &[Complex<T>; N],
    z_to: &[Complex<T>; N],
    waves: WaveDef,
) -> Mat<T, N> {
    let (Some(p1), Some(p2)) = (Ports::new(z_from, waves), Ports::new(z_to, waves)) else {
        return nan();
    };
    let e_num: [Complex<T>; N] = std::array::from_fn(|i| p1.g[i] + p2.h[i]);
    let d_num: [Complex<T>; N] = std::array::from_fn(|i| p1.h[i] - p2.h[i]);
    let e_den: [Complex<T>; N] = std::array::from_fn(|i| p1.g[i] - p2.g[i]);
    let d_den: [Complex<T>; N] = std::array::from_fn(|i| p1.h[i] + p2.g[i]);
    let (num, _) = diag_plus_left(&d_num, &e_num, s);
    let (den, scales) = diag_plus_left(&d_den, &e_den, s);
    let m: [Complex<T>; N] =
        std::array::from_fn(|i| real(p2.k[i] / p1.k[i]) * recip(p1.g[i] + p1.h[i]));
    Ports::similar(&right_divide(&num, &den, &scales), &m)
}

/// ABCD -> S of a 2-port at per-port reference impedances `z0` (see the [module docs](self)).
///
/// NaN if `Δ = A g2 + B + C g1 g2 + D g1 = 0` or a `Re(z0) <= 0`.
pub fn a2s<T: Scalar>(abcd: &Mat<T, 2>, z0: &[Complex<T>; 2], waves: WaveDef) -> Mat<T, 2> {
    let Some(p) = Ports::new(z0, waves) else {
        return nan();
    };
    let [[a, b], [c, d]] = *abcd;
    let ([g1, g2], [h1, h2], [k1, k2]) = (p.g, p.h, p.k);
    let inv = recip(a * g2 + b + c * g1 * g2 + d * g1);
    let r = real(k1 / k2);
    [
        [
            (a * g2 + b - c * h1 * g2 - d * h1) * inv,
            r * (g1 + h1) * (a * d - b * c) * inv,
        ],
        [
            (g2 + h2) * inv / r,
            (-a * h2 + b - c * g1 * h2 + d * g1) * inv,
        ],
    ]
}

/// S -> ABCD of a 2-port at per-port reference impedances `z0` (see the [module docs](self)).
///
/// NaN if `S21 = 0` (no transmission) or a `Re(z0) <= 0`.
pub fn s2a<T: Scalar>(s: &Mat<T, 2>, z0: &[Complex<T>; 2], waves: WaveDef) -> Mat<T, 2> {
    let Some(p) = Ports::new(z0, waves) else {
        return nan();
    };
    let [[s11, s12], [s21, s22]] = *s;
    let ([g1, g2], [h1, h2], [k1, k2]) = (p.g, p.h, p.k);
    let q = real(k2 / k1) * recip((g1 + h1) * s21);
    let p12 = s12 * s21;
    let (l1, l2) = (h1 + g1 * s11, h2 + g2 * s22);
    let (m1, m2) = ((-s11).add_f64(1.0), (-s22).add_f64(1.0));
    [
        [(l1 * m2 + g1 * p12) * q, (l1 * l2 - g1 * g2 * p12) * q],
        [(m1 * m2 - p12) * q, (m1 * l2 + g2 * p12) * q],
    ]
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::super::test_rng::Rng;
    use super::*;
    use num_dual::Dual64;

    type C = Complex<f64>;

    fn dev<const N: usize>(a: &Mat<f64, N>, b: &Mat<f64, N>) -> f64 {
        let scale = b.iter().flatten().map(|z| z.norm()).fold(1.0, f64::max);
        a.iter()
            .flatten()
            .zip(b.iter().flatten())
            .map(|(x, y)| (x - y).norm())
            .fold(0.0, f64::max)
            / scale
    }

    fn check<const N: usize>(rng: &mut Rng) {
        for k in 0..20 {
            let s: Mat<f64, N> = rng.mat(0.6 / N as f64, C::new(0.0, 0.0), k % 2 == 0);
            let z0: [C; N] = std::array::from_fn(|_| {
                let c = rng.c();
                C::new(30.0 + 20.0 * c.re, 30.0 * c.im)
            });
            let real: [C; N] = std::array::from_fn(|i| C::new(z0[i].re, 0.0));
            for w in [WaveDef::Power, WaveDef::Pseudo] {
                assert!(dev(&z2s(&s2z(&s, &z0, w), &z0, w), &s) < 1e-12);
                assert!(dev(&y2s(&s2y(&s, &z0, w), &z0, w), &s) < 1e-12);
                let s2 = renormalize_s(&s, &z0, &real, w);
                assert!(dev(&renormalize_s(&s2, &real, &z0, w), &s) < 1e-12);
                // Renormalising agrees with going through Z.
                assert!(dev(&s2, &z2s(&s2z(&s, &z0, w), &real, w)) < 1e-11);
            }
            // Equal real z0: the fast path.
            let r = [C::new(z0[0].re, 0.0); N];
            for w in [WaveDef::Power, WaveDef::Pseudo] {
                assert!(dev(&s2z(&s, &r, w), &convert::s2z(&s, r[0].re)) < 1e-12);
                assert!(dev(&s2y(&s, &r, w), &convert::s2y(&s, r[0].re)) < 1e-12);
            }
        }
    }

    #[test]
    fn round_trips() {
        let mut rng = Rng(11);
        check::<1>(&mut rng);
        check::<2>(&mut rng);
        check::<3>(&mut rng);
        check::<4>(&mut rng);
    }

    #[test]
    fn abcd_matches_z_route() {
        let mut rng = Rng(12);
        for _ in 0..50 {
            let s: Mat<f64, 2> = rng.mat(0.3, C::new(0.0, 0.0), false);
            let z0 = [C::new(30.0, 5.0), C::new(60.0, -20.0)];
            for w in [WaveDef::Power, WaveDef::Pseudo] {
                let a = s2a(&s, &z0, w);
                // ABCD does not depend on the reference: same as from Z.
                assert!(dev(&a, &convert::z2a(&s2z(&s, &z0, w))) < 1e-12);
                assert!(dev(&a2s(&a, &z0, w), &s) < 1e-12);
            }
        }
    }

    #[test]
    fn derivative_with_respect_to_z0() {
        // 1-port load, pseudo: S = (Z - z0)/(Z + z0), dS/dRe(z0) = -2 Z / (Z + z0)^2.
        let zl = C::new(20.0, 35.0);
        let z0 = C::new(40.0, -10.0);
        let zd = [[Complex::new(Dual64::from(zl.re), Dual64::from(zl.im))]];
        let z0d = [Complex::new(
            Dual64::from(z0.re).derivative(),
            Dual64::from(z0.im),
        )];
        let s = z2s(&zd, &z0d, WaveDef::Pseudo)[0][0];
        let want = -2.0 * zl / ((zl + z0) * (zl + z0));
        assert!((C::new(s.re.eps, s.im.eps) - want).norm() < 1e-15);
        // Power: S = (Z - conj z0)/(Z + z0), dS/dRe(z0) = -(2 Z + z0 - conj z0)/(Z + z0)^2.
        let s = z2s(&zd, &z0d, WaveDef::Power)[0][0];
        let want = -(2.0 * zl + z0 - z0.conj()) / ((zl + z0) * (zl + z0));
        assert!((C::new(s.re.eps, s.im.eps) - want).norm() < 1e-15);
    }

    #[test]
    fn invalid_reference_is_nan() {
        let s = [[C::new(0.1, 0.2)]];
        for z in [C::new(0.0, 50.0), C::new(-1.0, 0.0), C::new(f64::NAN, 0.0)] {
            for w in [WaveDef::Power, WaveDef::Pseudo] {
                assert!(s2z(&s, &[z], w)[0][0].re.is_nan());
                assert!(
                    renormalize_s(&s, &[C::new(50.0, 0.0)], &[z], w)[0][0]
                        .re
                        .is_nan()
                );
            }
        }
    }
}

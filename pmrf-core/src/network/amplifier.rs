//! Stability and gain of 2-ports: what an amplifier designer checks next to noise.
//!
//! Every function here takes one frequency point's S-matrix `s` (a [`Mat<T, 2>`], at the
//! network's reference impedances, [`Z0`](super::Z0) for a model) and is generic over the
//! [`Scalar`], so on a model's dual numbers its derivatives are exact. Over a frequency grid use
//! [`sweep`] on any [`Component<2>`] or [`on_network`] on measured data.
//!
//! With `D = S11 S22 - S12 S21` ([`delta`]):
//!
//! - Rollett's stability factor `K = (1 - |S11|^2 - |S22|^2 + |D|^2) / (2 |S12 S21|)`
//!   ([`rollett_k`]; J. M. Rollett, *Stability and power-gain invariants of linear twoports*, IRE
//!   Trans. Circuit Theory 9 (1962) 29-32): unconditionally stable iff `K > 1` and `|D| < 1`.
//! - Edwards and Sinsky's `mu = (1 - |S11|^2) / (|S22 - D conj(S11)| + |S12 S21|)` ([`mu`]) and
//!   `mu' = (1 - |S22|^2) / (|S11 - D conj(S22)| + |S12 S21|)` ([`mu_prime`]): the distance from
//!   the centre of the Smith chart to the nearest unstable load (source) reflection; the 2-port is
//!   unconditionally stable iff `mu > 1` (equivalently `mu' > 1`), and larger is more stable
//!   (M. L. Edwards and J. H. Sinsky, *A new criterion for linear 2-port stability using
//!   geometrically derived parameters*, IEEE Trans. MTT 40 (1992) 2303-2311).
//! - Source and load [`StabilityCircle`]s, the transducer, available and operating power gains
//!   ([`transducer_gain`], [`available_gain`], [`operating_gain`]), constant gain circles
//!   ([`available_gain_circle`], [`operating_gain_circle`], and for unilateral designs
//!   [`unilateral_gain_circle`]), the maximum stable and available
//!   gains and the simultaneous conjugate match ([`conjugate_match`]), as in G. Gonzalez,
//!   *Microwave Transistor Amplifiers: Analysis and Design*, 2nd ed., Prentice Hall 1997,
//!   chapters 2 and 3.
//!
//! Gains are linear power ratios (`10 log10` for dB).
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::network::amplifier;
//!
//! // A transistor at one frequency (Gonzalez, example 3.6.1 style numbers), S = [[S11, S12], [S21, S22]].
//! let p = |m: f64, deg: f64| Complex::from_polar(m, deg.to_radians());
//! let s = [[p(0.552, 169.0), p(0.049, 23.0)], [p(1.681, 26.0), p(0.839, -67.0)]];
//! let k = amplifier::rollett_k(&s);
//! assert!(k > 1.0 && amplifier::delta(&s).norm() < 1.0 && amplifier::mu(&s) > 1.0);
//! // The simultaneous conjugate match gives the maximum available gain.
//! let (gs, gl) = amplifier::conjugate_match(&s).unwrap();
//! let gt = amplifier::transducer_gain(&s, gs, gl);
//! assert!((gt / amplifier::max_available_gain(&s) - 1.0).abs() < 1e-12);
//! ```

use ndarray::Array1;
use num_complex::Complex;

use super::{Component, Mat, Network};
use crate::{Error, Frequency, Result, Scalar, cmath};

fn c<T: Scalar>(x: f64) -> Complex<T> {
    Complex::new(T::from(x), T::zero())
}

/// The determinant `D = S11 S22 - S12 S21`.
pub fn delta<T: Scalar>(s: &Mat<T, 2>) -> Complex<T> {
    s[0][0] * s[1][1] - s[0][1] * s[1][0]
}

/// Rollett's stability factor `K = (1 - |S11|^2 - |S22|^2 + |D|^2) / (2 |S12 S21|)`; infinite
/// for a unilateral 2-port (`S12 S21 = 0`), as scikit-rf's `Network.stability`.
///
/// `K > 1` with `|D| < 1` is unconditional stability; `K` alone is not enough (use [`mu`] for a
/// single test).
pub fn rollett_k<T: Scalar>(s: &Mat<T, 2>) -> T {
    let loop_gain = cmath::abs(s[0][1] * s[1][0]);
    if loop_gain.re() == 0.0 {
        return T::from(f64::INFINITY);
    }
    let d = delta(s);
    (T::one() - s[0][0].norm_sqr() - s[1][1].norm_sqr() + d.norm_sqr()) / (loop_gain * 2.0)
}

/// Edwards and Sinsky's load-side stability measure `mu = (1 - |S11|^2) / (|S22 - D conj(S11)| +
/// |S12 S21|)`: the distance from the origin of the load plane to the nearest load reflection
/// that makes `|Gamma_in| = 1`. The 2-port is unconditionally stable iff `mu > 1`.
pub fn mu<T: Scalar>(s: &Mat<T, 2>) -> T {
    let d = delta(s);
    (T::one() - s[0][0].norm_sqr())
        / (cmath::abs(s[1][1] - d * s[0][0].conj()) + cmath::abs(s[0][1] * s[1][0]))
}

/// Edwards and Sinsky's source-side `mu' = (1 - |S22|^2) / (|S11 - D conj(S22)| + |S12 S21|)`:
/// [`mu`] with the ports swapped, the distance to the nearest unstable source reflection.
pub fn mu_prime<T: Scalar>(s: &Mat<T, 2>) -> T {
    mu(&flip(s))
}

/// `S11` and `S22` swapped, `S12` and `S21` kept: every formula here depends on the
/// transmissions only through `S12 S21` and `|S21|^2`, so this turns an input-side formula into
/// its output-side twin (`D` and `K` are unchanged).
fn flip<T: Scalar>(s: &Mat<T, 2>) -> Mat<T, 2> {
    [[s[1][1], s[0][1]], [s[1][0], s[0][0]]]
}

/// The input reflection `Gamma_in = S11 + S12 S21 Gamma_L / (1 - S22 Gamma_L)` with the output
/// terminated in `gamma_l`.
pub fn gamma_in<T: Scalar>(s: &Mat<T, 2>, gamma_l: Complex<T>) -> Complex<T> {
    s[0][0] + cmath::div(s[0][1] * s[1][0] * gamma_l, c::<T>(1.0) - s[1][1] * gamma_l)
}

/// The output reflection `Gamma_out = S22 + S12 S21 Gamma_S / (1 - S11 Gamma_S)` with the input
/// driven from `gamma_s`.
pub fn gamma_out<T: Scalar>(s: &Mat<T, 2>, gamma_s: Complex<T>) -> Complex<T> {
    gamma_in(&flip(s), gamma_s)
}

/// A circle in the reflection plane where a port's reflection has magnitude 1: `|Gamma_in| = 1`
/// on the load circle ([`load_stability_circle`]), `|Gamma_out| = 1` on the source circle
/// ([`source_stability_circle`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StabilityCircle<T: Scalar = f64> {
    /// The centre, in the reflection plane.
    pub center: Complex<T>,
    /// The radius.
    pub radius: T,
    /// Whether the stable terminations (those giving a reflection of magnitude below 1 at the
    /// other port) are inside the circle; else they are outside.
    pub stable_inside: bool,
}

impl<T: Scalar> StabilityCircle<T> {
    /// Whether the termination `gamma` is on the stable side (on the circle counts as unstable).
    pub fn is_stable(&self, gamma: Complex<T>) -> bool {
        let (d2, r2) = (
            (gamma - self.center).norm_sqr().re(),
            self.radius.re().powi(2),
        );
        d2 != r2 && (d2 < r2) == self.stable_inside
    }
}

/// The load stability circle: the loads with `|Gamma_in| = 1`, centre `conj(S22 - D conj(S11))
/// / (|S22|^2 - |D|^2)`, radius `|S12 S21| / ||S22|^2 - |D|^2|` (Gonzalez eq. 3.3.7-3.3.8,
/// scikit-rf's `stability_circle(1)`).
///
/// The stable side is the one holding the matched load `Gamma_L = 0` if `|S11| < 1`, the other
/// one otherwise. Where `|S22| = |D|` the circle is a straight line: centre and radius are
/// infinite or NaN.
pub fn load_stability_circle<T: Scalar>(s: &Mat<T, 2>) -> StabilityCircle<T> {
    let d = delta(s);
    let den = s[1][1].norm_sqr() - d.norm_sqr();
    let center = (s[1][1] - d * s[0][0].conj()).conj() / den;
    let radius = cmath::abs(s[0][1] * s[1][0]) / den.abs();
    // Gamma_L = 0 gives Gamma_in = S11.
    let origin_inside = cmath::abs(center).re() < radius.re();
    let origin_stable = s[0][0].norm_sqr().re() < 1.0;
    StabilityCircle {
        center,
        radius,
        stable_inside: origin_inside == origin_stable,
    }
}

/// The source stability circle: the source reflections with `|Gamma_out| = 1`, centre
/// `conj(S11 - D conj(S22)) / (|S11|^2 - |D|^2)`, radius `|S12 S21| / ||S11|^2 - |D|^2|`
/// (Gonzalez eq. 3.3.9-3.3.10, scikit-rf's `stability_circle(0)`); as
/// [`load_stability_circle`] with the ports swapped.
pub fn source_stability_circle<T: Scalar>(s: &Mat<T, 2>) -> StabilityCircle<T> {
    load_stability_circle(&flip(s))
}

/// The transducer power gain `G_T` (power delivered to the load over the power available from
/// the source) for source and load reflections `gamma_s`, `gamma_l`:
/// `|S21|^2 (1 - |Gamma_S|^2) (1 - |Gamma_L|^2) / |(1 - S11 Gamma_S)(1 - S22 Gamma_L) - S12 S21
/// Gamma_S Gamma_L|^2` (Gonzalez eq. 2.6.4).
pub fn transducer_gain<T: Scalar>(s: &Mat<T, 2>, gamma_s: Complex<T>, gamma_l: Complex<T>) -> T {
    let one = c::<T>(1.0);
    let den = (one - s[0][0] * gamma_s) * (one - s[1][1] * gamma_l)
        - s[0][1] * s[1][0] * gamma_s * gamma_l;
    s[1][0].norm_sqr() * (T::one() - gamma_s.norm_sqr()) * (T::one() - gamma_l.norm_sqr())
        / den.norm_sqr()
}

/// The available power gain `G_A` (power available at the output over that available from the
/// source) for a source reflection `gamma_s`: `|S21|^2 (1 - |Gamma_S|^2) / (|1 - S11 Gamma_S|^2
/// (1 - |Gamma_out|^2))` (Gonzalez eq. 2.6.11); the transducer gain with a conjugate-matched
/// load.
pub fn available_gain<T: Scalar>(s: &Mat<T, 2>, gamma_s: Complex<T>) -> T {
    let out = gamma_out(s, gamma_s);
    s[1][0].norm_sqr() * (T::one() - gamma_s.norm_sqr())
        / ((c::<T>(1.0) - s[0][0] * gamma_s).norm_sqr() * (T::one() - out.norm_sqr()))
}

/// The operating power gain `G_P` (power delivered to the load over the power into the input)
/// for a load reflection `gamma_l`: `|S21|^2 (1 - |Gamma_L|^2) / (|1 - S22 Gamma_L|^2 (1 -
/// |Gamma_in|^2))` (Gonzalez eq. 2.6.10); the transducer gain with a conjugate-matched source.
pub fn operating_gain<T: Scalar>(s: &Mat<T, 2>, gamma_l: Complex<T>) -> T {
    available_gain(&flip(s), gamma_l)
}

/// The maximum stable gain `MSG = |S21| / |S12|`: the limit of the maximum available gain as `K`
/// falls to 1 (scikit-rf's `max_stable_gain`).
pub fn max_stable_gain<T: Scalar>(s: &Mat<T, 2>) -> T {
    cmath::abs(s[1][0]) / cmath::abs(s[0][1])
}

/// The maximum available gain `MAG = |S21 / S12| (K - sqrt(K^2 - 1))` (Gonzalez eq. 3.6.10),
/// the transducer gain at the simultaneous [`conjugate_match`]; NaN where `K <= 1` (no
/// simultaneous conjugate match exists). For `K > 1` with `|D| > 1` (as scikit-rf) it is the
/// formula's value, but the 2-port is then not unconditionally stable and no stable passive
/// match reaches it: check [`mu`].
pub fn max_available_gain<T: Scalar>(s: &Mat<T, 2>) -> T {
    let k = rollett_k(s);
    if k.re() <= 1.0 || k.re().is_nan() {
        return T::from(f64::NAN);
    }
    if k.re().is_infinite() {
        // Unilateral: the limit |S21|^2 / ((1 - |S11|^2) (1 - |S22|^2)).
        return max_unilateral_gain(s);
    }
    // K - sqrt(K^2 - 1) = 1 / (K + sqrt(K^2 - 1)), without the cancellation at large K.
    max_stable_gain(s) / (k + (k * k - 1.0).sqrt())
}

/// The maximum gain: [`max_available_gain`] where `K > 1`, else [`max_stable_gain`] (scikit-rf's
/// `max_gain`, Keysight ADS's `max_gain` in linear units).
pub fn max_gain<T: Scalar>(s: &Mat<T, 2>) -> T {
    if rollett_k(s).re() > 1.0 {
        max_available_gain(s)
    } else {
        max_stable_gain(s)
    }
}

/// The maximum unilateral transducer gain `G_TU,max = |S21|^2 / ((1 - |S11|^2)(1 - |S22|^2))`,
/// the transducer gain of both ports conjugate matched with `S12` taken as zero (Gonzalez eq.
/// 3.2.7).
pub fn max_unilateral_gain<T: Scalar>(s: &Mat<T, 2>) -> T {
    s[1][0].norm_sqr() / ((T::one() - s[0][0].norm_sqr()) * (T::one() - s[1][1].norm_sqr()))
}

/// The unilateral figure of merit `U = |S11 S12 S21 S22| / ((1 - |S11|^2)(1 - |S22|^2))`: the
/// true transducer gain over [`max_unilateral_gain`] is between `1 / (1 + U)^2` and `1 / (1 -
/// U)^2` (Gonzalez eq. 3.2.8-3.2.9).
pub fn unilateral_figure_of_merit<T: Scalar>(s: &Mat<T, 2>) -> T {
    cmath::abs(s[0][0] * s[0][1] * s[1][0] * s[1][1])
        / ((T::one() - s[0][0].norm_sqr()) * (T::one() - s[1][1].norm_sqr()))
}

/// Mason's unilateral power gain `U = |S21/S12 - 1|^2 / (2 K |S21/S12| - 2 Re(S21/S12))`, the
/// gain after lossless feedback makes the 2-port unilateral, invariant to lossless reciprocal
/// embedding (S. J. Mason 1954; M. S. Gupta, IEEE Trans. MTT 40 (1992) 864-879; scikit-rf's
/// `unilateral_gain`).
pub fn mason_unilateral_gain<T: Scalar>(s: &Mat<T, 2>) -> T {
    let r = cmath::div(s[1][0], s[0][1]);
    (r - c::<T>(1.0)).norm_sqr() / (rollett_k(s) * cmath::abs(r) * 2.0 - r.re * 2.0)
}

/// A circle of constant gain in the reflection plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GainCircle<T: Scalar = f64> {
    /// The centre, in the reflection plane.
    pub center: Complex<T>,
    /// The radius; NaN where the gain is out of reach.
    pub radius: T,
}

/// The circle of source reflections `Gamma_S` with available gain [`available_gain`] `= gain`
/// (linear), for a bilateral 2-port: with `g = gain / |S21|^2` and `C1 = S11 - D conj(S22)`,
/// centre `g conj(C1) / (1 + g (|S11|^2 - |D|^2))`, radius `sqrt(1 - 2 K |S12 S21| g + |S12
/// S21|^2 g^2) / |1 + g (|S11|^2 - |D|^2)|` (Gonzalez eq. 3.8.2-3.8.3 with the ports swapped).
/// The radius shrinks to 0 at the maximum available gain (for `K > 1`, where the circle is the
/// point `Gamma_MS`) and is NaN above it (and may be at it, by rounding).
pub fn available_gain_circle<T: Scalar>(s: &Mat<T, 2>, gain: T) -> GainCircle<T> {
    operating_gain_circle(&flip(s), gain)
}

/// The circle of load reflections `Gamma_L` with operating gain [`operating_gain`] `= gain`
/// (linear): with `g = gain / |S21|^2` and `C2 = S22 - D conj(S11)`, centre `g conj(C2) / (1 +
/// g (|S22|^2 - |D|^2))`, radius `sqrt(1 - 2 K |S12 S21| g + |S12 S21|^2 g^2) / |1 + g (|S22|^2
/// - |D|^2)|` (Gonzalez eq. 3.7.6-3.7.7). NaN radius above the maximum available gain.
pub fn operating_gain_circle<T: Scalar>(s: &Mat<T, 2>, gain: T) -> GainCircle<T> {
    let d = delta(s);
    let g = gain / s[1][0].norm_sqr();
    let c2 = s[1][1] - d * s[0][0].conj();
    let den = T::one() + g * (s[1][1].norm_sqr() - d.norm_sqr());
    let loop_gain = (s[0][1] * s[1][0]).norm_sqr();
    // 2 K |S12 S21|, finite for a unilateral 2-port too.
    let two_k_loop = T::one() - s[0][0].norm_sqr() - s[1][1].norm_sqr() + d.norm_sqr();
    let disc = T::one() - two_k_loop * g + loop_gain * g * g;
    GainCircle {
        center: c2.conj() * (g / den),
        radius: disc.sqrt() / den.abs(),
    }
}

/// The circle of reflections `Gamma` at one port of a unilateral design (`S12` taken as 0) whose
/// matching section there has gain `gain` (linear): `(1 - |Gamma|^2) / |1 - S Gamma|^2 = gain`
/// with `S` = `S11` at `port` 0 (the source side), `S22` at `port` 1 (the load side). With `g =
/// gain (1 - |S|^2)`, centre `g conj(S) / (1 - (1 - g) |S|^2)`, radius `sqrt(1 - g) (1 -
/// |S|^2) / (1 - (1 - g) |S|^2)` (Gonzalez eq. 3.3.3-3.3.4; scikit-rf's `gain_circle`, which
/// takes the gain in dB and clips `g` to 1). The radius is NaN above the section's maximum
/// `1 / (1 - |S|^2)`; NaN centre and radius for a `port` other than 0 or 1.
pub fn unilateral_gain_circle<T: Scalar>(s: &Mat<T, 2>, port: usize, gain: T) -> GainCircle<T> {
    if port > 1 {
        let nan = T::from(f64::NAN);
        return GainCircle {
            center: Complex::new(nan, nan),
            radius: nan,
        };
    }
    let r = s[port][port];
    let one_minus = T::one() - r.norm_sqr();
    let g = gain * one_minus;
    let den = T::one() - (T::one() - g) * r.norm_sqr();
    GainCircle {
        center: r.conj() * (g / den),
        radius: (T::one() - g).sqrt() * one_minus / den,
    }
}

/// The simultaneous conjugate match `(Gamma_MS, Gamma_ML)`: the source and load reflections with
/// `Gamma_in = conj(Gamma_MS)` and `Gamma_out = conj(Gamma_ML)`, giving the transducer gain
/// [`max_available_gain`]. With `B1 = 1 + |S11|^2 - |S22|^2 - |D|^2`, `C1 = S11 - D conj(S22)`,
/// `Gamma_MS = (B1 - sqrt(B1^2 - 4 |C1|^2)) / (2 C1)`, and `Gamma_ML` the same with the ports
/// swapped (Gonzalez eq. 3.6.5-3.6.8).
///
/// `None` unless `K > 1` and `|D| < 1` (unconditional stability): for `K < 1` the roots have
/// magnitude 1 (no passive match), for `K > 1` with `|D| > 1` the passive root lies in the
/// unstable region.
pub fn conjugate_match<T: Scalar>(s: &Mat<T, 2>) -> Option<(Complex<T>, Complex<T>)> {
    if !(rollett_k(s).re() > 1.0 && delta(s).norm_sqr().re() < 1.0) {
        return None;
    }
    Some((match_root(s), match_root(&flip(s))))
}

/// `Gamma_MS` of [`conjugate_match`], for `K > 1` and `|D| < 1` (so `B1 > 0`).
fn match_root<T: Scalar>(s: &Mat<T, 2>) -> Complex<T> {
    let d = delta(s);
    let b1 = T::one() + s[0][0].norm_sqr() - s[1][1].norm_sqr() - d.norm_sqr();
    let c1 = s[0][0] - d * s[1][1].conj();
    let c1_sq = c1.norm_sqr();
    if c1_sq.re() == 0.0 {
        return c::<T>(0.0); // S11 = D conj(S22): the input already matches, Gamma_MS = 0
    }
    // (B1 - sqrt(B1^2 - 4|C1|^2)) / (2 C1) = 2 conj(C1) / (B1 + sqrt(...)): no cancellation.
    let root = b1 + (b1 * b1 - c1_sq * 4.0).sqrt();
    c1.conj() * (T::from(2.0) / root)
}

/// `metric` of `component`'s S-parameters (at [`Z0`](super::Z0)) at every point of `freq`,
/// such as `amplifier::sweep(&model, &freq, amplifier::mu)`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesR, ShuntR};
/// use pmrf::network::amplifier;
///
/// // A resistive L-pad (50 ohm in series, then 50 ohm in shunt) is unconditionally stable:
/// // mu > 1, K = 3, and its maximum available gain is MSG (K - sqrt(K^2 - 1)) = 3 - 2 sqrt(2).
/// let pad = Cascade::new((SeriesR::new(50.0), ShuntR::new(50.0)));
/// let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
/// let mu = amplifier::sweep(&pad, &freq, amplifier::mu);
/// assert!(mu.iter().all(|&m| m > 1.0));
/// let mag = amplifier::sweep(&pad, &freq, amplifier::max_available_gain);
/// assert!((mag[0] - (3.0 - 2.0 * 2f64.sqrt())).abs() < 1e-12);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn sweep<C: Component<2>, R>(
    component: &C,
    freq: &Frequency,
    metric: impl Fn(&Mat<C::Scalar, 2>) -> R,
) -> Array1<R> {
    (freq.hz().iter())
        .map(|&f| metric(&component.s_at(C::Scalar::from(f))))
        .collect()
}

/// `metric` of a measured 2-port's S-parameters (at its reference impedances) at every point,
/// such as `amplifier::on_network(&data, amplifier::rollett_k)?`.
///
/// # Errors
/// [`Error::InvalidNetwork`] if `network` is not a 2-port.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesR, ShuntR};
/// use pmrf::network::amplifier;
///
/// let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
/// let data = Cascade::new((SeriesR::new(50.0), ShuntR::new(50.0))).network(&freq)?;
/// let k = amplifier::on_network(&data, amplifier::rollett_k)?;
/// assert!((k[1] - 3.0).abs() < 1e-12); // the L-pad of `sweep`
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn on_network<R>(network: &Network, metric: impl Fn(&Mat<f64, 2>) -> R) -> Result<Array1<R>> {
    if network.nports() != 2 {
        return Err(Error::InvalidNetwork(format!(
            "stability and gain are for 2-ports; network `{}` has {} ports",
            network.name(),
            network.nports()
        )));
    }
    Ok((network.s().outer_iter())
        .map(|m| {
            let s: Mat<f64, 2> = [[m[[0, 0]], m[[0, 1]]], [m[[1, 0]], m[[1, 1]]]];
            metric(&s)
        })
        .collect())
}

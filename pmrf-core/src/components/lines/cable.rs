//! Lines given by their nominal impedance and loss figures: [`PhysicalLine`] and
//! [`DatasheetCable`].

use std::f64::consts::LN_10;

use num_complex::Complex;

use super::{C0, LineSection, UniformLine, check_frequency, line_component, omega, sqrt0};
use crate::{Model, Result, Scalar};

/// Np per dB of a field quantity: `ln(10) / 20`.
const NP_PER_DB: f64 = LN_10 / 20.0;

/// The per-unit-length immittances of a TEM line of nominal impedance `zn`, phase velocity
/// `v`, conductor attenuation `ac` and dielectric attenuation `ad` (Np/m) at angular frequency
/// `w`: `R = 2 zn ac`, `L = zn / v`, `G = 2 ad / zn`, `C = 1 / (zn v)`, with the skin-effect
/// internal reactance equal to `R`: `Z' = R + j (w L + R)`, `Y' = G + j w C`.
fn skin_effect_line<T: Scalar>(zn: T, v: T, ac: T, ad: T, w: T) -> (Complex<T>, Complex<T>) {
    let r = zn * ac * 2.0;
    let z = Complex::new(r, w * zn / v + r);
    let y = Complex::new(ad * 2.0 / zn, w / (zn * v));
    (z, y)
}

/// A TEM line of nominal impedance `z0` (ohm) in a dielectric of relative permittivity `eps_r`,
/// with a skin-effect conductor loss of `loss` dB/m at the frequency `f_ref` and a dielectric
/// loss tangent `tand`, `length` metres long (ParamRF's `PhysicalLine`, checked here).
///
/// With `v = c0 / sqrt(eps_r)`, the attenuations (Np/m) are
/// `alpha_c = loss ln(10)/20 sqrt(f / f_ref)` (the skin effect: surface resistance
/// `~ sqrt(f)`) and `alpha_d = pi f sqrt(eps_r) tand / c0` (a TEM dielectric with complex
/// permittivity `eps_r (1 - j tand)`, Pozar, *Microwave Engineering*, 4th ed., eq. 3.30), and
/// the line is the RLGC line
///
/// ```text
/// R = 2 z0 alpha_c,  L = z0 / v,  G = 2 alpha_d / z0 = w C tand,  C = 1 / (z0 v)
/// Z' = R + j (w L + R),  Y' = G + j w C
/// ```
///
/// where the `+ j R` is the internal inductance of the skin effect (a conductor's surface
/// impedance is `(1 + j) R_s`), which keeps the line causal. At low loss
/// `alpha = Re gamma = alpha_c + alpha_d` to first order, so `loss` is the conductor loss of a
/// matched line at `f_ref`; `Zc` approaches `z0` at high frequency. At DC the line is a thru
/// (no DC resistance is modelled); a frequency derivative there (the group delay) leaves out
/// the skin-effect term, whose slope `d sqrt(f) / df` is infinite at DC. `f_ref` is static data fixed at construction (only
/// `loss / sqrt(f_ref)` is observable). `z0 = 0` gives NaN.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::PhysicalLine;
///
/// // 0.5 dB/m at 1 GHz, PTFE, 2 m: about 1 dB of conductor loss at 1 GHz, 2 dB at 4 GHz.
/// let line = PhysicalLine::new(50.0, 2.1, 0.5, 1e9, 0.0, 2.0)?;
/// let db = |f: f64| -20.0 * line.s_at(f)[1][0].norm().log10();
/// assert!((db(1e9) - 1.0).abs() < 2e-3 && (db(4e9) - 2.0).abs() < 2e-3);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct PhysicalLine<T: Scalar = f64> {
    /// Nominal (high-frequency) characteristic impedance, ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z0: T,
    /// Relative permittivity of the dielectric.
    #[param(unit = "1", bounds = (1.0, f64::INFINITY))]
    pub eps_r: T,
    /// Conductor loss at `f_ref`, dB/m.
    #[param(unit = "dB/m", bounds = (0.0, f64::INFINITY))]
    pub loss: T,
    /// Dielectric loss tangent.
    #[param(unit = "1", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub tand: T,
    /// Length, m.
    #[param(unit = "m", bounds = (0.0, f64::INFINITY))]
    pub length: T,
    f_ref: f64,
}

impl<T: Scalar> PhysicalLine<T> {
    /// A line of nominal impedance `z0` (ohm), permittivity `eps_r`, conductor loss `loss`
    /// (dB/m) at `f_ref` (Hz), loss tangent `tand` and length `length` (m).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) if `f_ref` is not a finite
    /// positive frequency.
    pub fn new(z0: T, eps_r: T, loss: T, f_ref: f64, tand: T, length: T) -> Result<Self> {
        check_frequency("f_ref", f_ref)?;
        Ok(PhysicalLine {
            z0,
            eps_r,
            loss,
            tand,
            length,
            f_ref,
        })
    }

    /// The frequency (Hz) at which the conductor loss is `loss`.
    pub fn f_ref(&self) -> f64 {
        self.f_ref
    }
}

impl<T: Scalar> UniformLine for PhysicalLine<T> {
    fn section(&self, f: T) -> LineSection<T> {
        let sqrt_er = self.eps_r.sqrt();
        let v = sqrt_er.recip() * C0;
        let ac = self.loss * NP_PER_DB * sqrt0(f / self.f_ref);
        let ad = f * sqrt_er * self.tand * (std::f64::consts::PI / C0);
        let (z, y) = skin_effect_line(self.z0, v, ac, ad, omega(f));
        LineSection::from_immittance(z, y, self.length)
    }
}

line_component!(PhysicalLine<T> where T: Scalar);

/// A cable from its datasheet: nominal impedance `z0` (ohm), velocity factor `vf`, loss
/// coefficients `k1`, `k2` and `length` (m).
///
/// # The datasheet convention
///
/// The matched loss in dB per 100 m at the frequency `f_MHz` (in MHz) is
/// `k1 sqrt(f_MHz) + k2 f_MHz`: `k1` (dB/100 m/sqrt(MHz)) is the conductor (skin-effect) loss,
/// `k2` (dB/100 m/MHz) the dielectric loss, as cable makers fit their attenuation tables
/// (e.g. RG-58: `k1 ~ 1.3`, `k2 ~ 0.0025`). In Np/m:
/// `alpha_c = k1 sqrt(f / 1 MHz) ln(10) / 2000`, `alpha_d = k2 (f / 1 MHz) ln(10) / 2000`. The
/// line is the RLGC line of [`PhysicalLine`] with `v = vf c0`:
/// `R = 2 z0 alpha_c`, `L = z0 / v`, `G = 2 alpha_d / z0`, `C = 1 / (z0 v)`,
/// `Z' = R + j (w L + R)`, `Y' = G + j w C`, so `Re gamma = alpha_c + alpha_d` to first order
/// in the loss (ParamRF's `DatasheetLine` with `loss_coeffs_normalized=False` computes the
/// same). At DC the cable is a thru (a frequency derivative there leaves out the
/// `sqrt(f)` term, as for [`PhysicalLine`]); `z0 = 0` or `vf = 0` give NaN.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::DatasheetCable;
///
/// // RG-58-like: 100 m lose 1.3 sqrt(100) + 0.0025 * 100 = 13.25 dB at 100 MHz (13.19 dB:
/// // the convention holds to first order in R / (w L), here 0.9 %).
/// let cable = DatasheetCable::new(50.0, 0.66, 1.3, 0.0025, 100.0);
/// let db = -20.0 * cable.s_at(100e6)[1][0].norm().log10();
/// assert!((db - 13.25).abs() < 0.1);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct DatasheetCable<T: Scalar = f64> {
    /// Nominal characteristic impedance, ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z0: T,
    /// Velocity factor `v / c0`.
    #[param(unit = "1", bounds = (0.0, 1.0))]
    pub vf: T,
    /// Conductor loss coefficient, dB/100 m/sqrt(MHz).
    #[param(unit = "dB/100m/sqrt(MHz)", bounds = (0.0, f64::INFINITY))]
    pub k1: T,
    /// Dielectric loss coefficient, dB/100 m/MHz.
    #[param(unit = "dB/100m/MHz", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub k2: T,
    /// Length, m.
    #[param(unit = "m", bounds = (0.0, f64::INFINITY))]
    pub length: T,
}

impl<T: Scalar> DatasheetCable<T> {
    /// A cable of impedance `z0` (ohm), velocity factor `vf`, loss coefficients `k1`
    /// (dB/100 m/sqrt(MHz)) and `k2` (dB/100 m/MHz), and length `length` (m).
    pub fn new(z0: T, vf: T, k1: T, k2: T, length: T) -> Self {
        DatasheetCable {
            z0,
            vf,
            k1,
            k2,
            length,
        }
    }
}

impl<T: Scalar> UniformLine for DatasheetCable<T> {
    fn section(&self, f: T) -> LineSection<T> {
        let f_mhz = f * 1e-6;
        let ac = self.k1 * sqrt0(f_mhz) * (NP_PER_DB / 100.0);
        let ad = self.k2 * f_mhz * (NP_PER_DB / 100.0);
        let (z, y) = skin_effect_line(self.z0, self.vf * C0, ac, ad, omega(f));
        LineSection::from_immittance(z, y, self.length)
    }
}

line_component!(DatasheetCable<T> where T: Scalar);

//! [`RlgcLine`]: a line of constant per-unit-length R, L, G, C.

use num_complex::Complex;

use super::{LineSection, UniformLine, line_component, omega};
use crate::{Model, Scalar};

/// A uniform line of constant per-unit-length resistance `r` (ohm/m), inductance `l` (H/m),
/// conductance `g` (S/m) and capacitance `c` (F/m), `length` metres long.
///
/// `Z' = r + j w l`, `Y' = g + j w c`, `Zc = sqrt(Z' / Y')`, `gamma = sqrt(Z' Y')` (the
/// telegrapher's equations; Pozar, *Microwave Engineering*, 4th ed., sec. 2.1), evaluated by
/// [`LineSection::from_immittance`], which is exact at the limits:
///
/// * at DC with `g = 0` (`Zc = sqrt(r / 0)`, `gamma = 0`) the line is the series resistance
///   `r * length`; with `g > 0` it is the distributed R-G ladder
///   (`Zc = sqrt(r / g)`, `gamma = sqrt(r g)`); with `r = g = 0` a thru;
/// * zero length is a thru; `r = g = 0` is lossless (unitary S);
/// * derivatives (by frequency too) are finite everywhere, DC included.
///
/// All four constants may be zero (`l = c = 0` is a distributed resistor-conductance line).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::RlgcLine;
///
/// // 250 nH/m and 100 pF/m: Zc = 50 ohm, v = 2e8 m/s.
/// let line = RlgcLine::new(0.5, 250e-9, 0.0, 100e-12, 2.0);
/// let s = line.s_at(0.0); // at DC: 1 ohm in series
/// assert!((s[1][0].re - 100.0 / 101.0).abs() < 1e-15 && s[1][0].im == 0.0);
/// let s = line.s_at(1e9); // matched up to the loss: small reflection
/// assert!(s[0][0].norm() < 1e-3 && (s[1][0].norm() - (-0.5f64 / 50.0).exp()).abs() < 1e-5);
/// assert_eq!(line.param_names(), ["r", "l", "g", "c", "length"]);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct RlgcLine<T: Scalar = f64> {
    /// Series resistance per metre, ohm/m.
    #[param(unit = "ohm/m", bounds = (0.0, f64::INFINITY))]
    pub r: T,
    /// Series inductance per metre, H/m.
    #[param(unit = "H/m", scale = 1e-7, bounds = (0.0, f64::INFINITY))]
    pub l: T,
    /// Shunt conductance per metre, S/m.
    #[param(unit = "S/m", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub g: T,
    /// Shunt capacitance per metre, F/m.
    #[param(unit = "F/m", scale = 1e-10, bounds = (0.0, f64::INFINITY))]
    pub c: T,
    /// Length, m.
    #[param(unit = "m", bounds = (0.0, f64::INFINITY))]
    pub length: T,
}

impl<T: Scalar> RlgcLine<T> {
    /// A line of per-unit-length `r` (ohm/m), `l` (H/m), `g` (S/m), `c` (F/m) and `length` (m).
    pub fn new(r: T, l: T, g: T, c: T, length: T) -> Self {
        RlgcLine { r, l, g, c, length }
    }
}

impl<T: Scalar> UniformLine for RlgcLine<T> {
    fn section(&self, f: T) -> LineSection<T> {
        let w = omega(f);
        LineSection::from_immittance(
            Complex::new(self.r, w * self.l),
            Complex::new(self.g, w * self.c),
            self.length,
        )
    }
}

line_component!(RlgcLine<T> where T: Scalar);

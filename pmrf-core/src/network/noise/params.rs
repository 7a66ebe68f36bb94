//! The noise parameters of a 2-port (minimum noise factor, optimum source reflection,
//! equivalent noise resistance) and their correlation matrix.

use num_complex::Complex;

use super::{T0, forms};
use crate::network::{Mat, Z0};
use crate::{Error, Result, Scalar};

/// The four noise parameters of a 2-port at one frequency, at the 50 ohm reference [`Z0`]:
/// the noise factor from a source of reflection `gamma_s` is
///
/// `F = F_min + 4 (R_n / Z0) |gamma_s - gamma_opt|^2 / ((1 - |gamma_s|^2) |1 + gamma_opt|^2)`.
///
/// `nf_min` is the minimum noise factor, LINEAR (`10 log10` of it is the minimum noise figure
/// in dB, see [`NoiseParams::nf_min_db`]); `gamma_opt` the source reflection that gives it;
/// `rn` the equivalent noise resistance in ohm (not normalised: Touchstone's `rn` times 50).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::network::noise::NoiseParams;
///
/// let p = NoiseParams::from_db(1.0, Complex::new(0.3, 0.4), 20.0);
/// // The correlation matrix of a 2-port with these parameters, and back:
/// let s = [[Complex::new(0.1, 0.2), Complex::new(0.05, 0.0)],
///          [Complex::new(3.0, -1.0), Complex::new(0.2, -0.1)]];
/// let back = NoiseParams::from_s(&s, &p.to_s(&s))?;
/// assert!((back.nf_min_db() - 1.0).abs() < 1e-12 && (back.rn - 20.0).abs() < 1e-12);
/// // From gamma_opt the noise factor is the minimum:
/// assert!((p.noise_factor(p.gamma_opt) - p.nf_min).abs() < 1e-12);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoiseParams<T: Scalar = f64> {
    /// The minimum noise factor, linear (>= 1 for a physical 2-port).
    pub nf_min: T,
    /// The source reflection coefficient (at 50 ohm) that gives `nf_min`.
    pub gamma_opt: Complex<T>,
    /// The equivalent noise resistance, ohm.
    pub rn: T,
}

impl<T: Scalar> NoiseParams<T> {
    /// The parameters of a minimum noise figure `nf_min_db` in dB, `gamma_opt`, and `rn` in
    /// ohm.
    pub fn from_db(nf_min_db: T, gamma_opt: Complex<T>, rn: T) -> Self {
        NoiseParams {
            nf_min: (nf_min_db * T::from(std::f64::consts::LN_10 / 10.0)).exp(),
            gamma_opt,
            rn,
        }
    }

    /// The minimum noise figure, dB (`10 log10 nf_min`).
    pub fn nf_min_db(&self) -> T {
        self.nf_min.log10() * T::from(10.0)
    }

    /// The optimum source admittance (S), `(1 - gamma_opt) / (1 + gamma_opt) / Z0`.
    pub fn y_opt(&self) -> Complex<T> {
        let one = Complex::new(T::one(), T::zero());
        (one - self.gamma_opt) / ((one + self.gamma_opt) * T::from(Z0))
    }

    /// The chain form `C_A` (see [`s_to_abcd`](super::s_to_abcd)) of these parameters:
    /// `4 T0 [[Rn, (F_min - 1)/2 - Rn Y_opt*], [(F_min - 1)/2 - Rn Y_opt, Rn |Y_opt|^2]]`.
    pub fn to_abcd(&self) -> Mat<T, 2> {
        let k = T::from(4.0 * T0);
        let y = self.y_opt();
        let half = Complex::new((self.nf_min - T::one()) * T::from(0.5), T::zero());
        let re = |x: T| Complex::new(x * k, T::zero());
        [
            [re(self.rn), (half - y.conj() * self.rn) * k],
            [(half - y * self.rn) * k, re(self.rn * y.norm_sqr())],
        ]
    }

    /// The noise parameters of the chain form `ca` of a 2-port's noise.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if `ca` is not a noise correlation matrix with parameters:
    /// `<|v_n|^2> <= 0` (no noise voltage, so no finite optimum source), or `|Y_opt|^2 <
    /// B_opt^2` (not positive semi-definite).
    pub fn from_abcd(ca: &Mat<T, 2>) -> Result<Self> {
        let cvv = ca[0][0].re;
        if cvv.re().is_nan() || cvv.re() <= 0.0 {
            return Err(Error::InvalidNetwork(format!(
                "noise parameters need a positive input noise voltage <|v_n|^2>, got {} K ohm \
                 (a noiseless input or a matrix that is not a noise correlation matrix)",
                cvv.re()
            )));
        }
        let b = ca[0][1].im / cvv;
        let g2 = ca[1][1].re / cvv - b * b;
        if g2.re() < -1e-12 * (ca[1][1].re / cvv).re().abs().max(f64::MIN_POSITIVE) {
            return Err(Error::InvalidNetwork(format!(
                "the chain noise matrix is not positive semi-definite: |Y_opt|^2 = {} S^2 is \
                 below B_opt^2 = {} S^2",
                (ca[1][1].re / cvv).re(),
                (b * b).re()
            )));
        }
        // Rounding may take a zero G_opt just below zero.
        let g = if g2.re() > 0.0 { g2.sqrt() } else { T::zero() };
        let y = Complex::new(g, b);
        let one = Complex::new(T::one(), T::zero());
        let yz = y * T::from(Z0);
        Ok(NoiseParams {
            nf_min: T::one() + (ca[0][1].re + cvv * g) * T::from(2.0 / (4.0 * T0)),
            gamma_opt: (one - yz) / (one + yz),
            rn: cvv / T::from(4.0 * T0),
        })
    }

    /// The noise waves `C` (K) of a 2-port of scattering matrix `s` (50 ohm) with these
    /// parameters.
    pub fn to_s(&self, s: &Mat<T, 2>) -> Mat<T, 2> {
        forms::abcd_to_s(s, &self.to_abcd())
    }

    /// The noise parameters of a noisy 2-port `(s, c)`.
    ///
    /// # Errors
    /// As [`forms::s_to_abcd`](super::s_to_abcd) (`S21 = 0`) and [`NoiseParams::from_abcd`].
    pub fn from_s(s: &Mat<T, 2>, c: &Mat<T, 2>) -> Result<Self> {
        Self::from_abcd(&forms::s_to_abcd(s, c)?)
    }

    /// The noise factor (linear) from a source of reflection `gamma_s`; NaN for `|gamma_s| >=
    /// 1`.
    pub fn noise_factor(&self, gamma_s: Complex<T>) -> T {
        let one = Complex::new(T::one(), T::zero());
        let passive = T::one() - gamma_s.norm_sqr();
        if passive.re().is_nan() || passive.re() <= 0.0 {
            return T::from(f64::NAN);
        }
        let excess = (gamma_s - self.gamma_opt).norm_sqr()
            / (passive * (one + self.gamma_opt).norm_sqr())
            * T::from(4.0 / Z0);
        self.nf_min + excess * self.rn
    }

    /// The circle of constant noise factor `f` (linear) in the source reflection plane:
    /// `(centre, radius)`, `centre = gamma_opt / (1 + n)`, `radius = sqrt(n (n + 1 -
    /// |gamma_opt|^2)) / (1 + n)` with `n = (f - F_min) |1 + gamma_opt|^2 / (4 R_n / Z0)`.
    /// `None` for `f < F_min` (no such source); the point `gamma_opt` for `f = F_min`.
    pub fn circle(&self, f: T) -> Option<(Complex<T>, T)> {
        let n = (f - self.nf_min) * (Complex::new(T::one(), T::zero()) + self.gamma_opt).norm_sqr()
            / (self.rn * T::from(4.0 / Z0));
        if n.re().is_nan() || n.re() < 0.0 {
            return None;
        }
        let one = T::one();
        let radius = (n * (n + one - self.gamma_opt.norm_sqr())).sqrt() / (n + one);
        Some((self.gamma_opt / (n + one), radius))
    }
}

//! Dielectrics: [`ConstantDielectric`] and [`DjordjevicSarkar`].

use num_complex::Complex;

use super::Dielectric;
use crate::components::lines::check_frequency;
use crate::{Error, Model, Result, Scalar};

/// A dielectric of constant complex relative permittivity `eps_r (1 - j tand)`.
///
/// Not causal for `tand > 0` (a constant loss tangent violates Kramers-Kronig); use
/// [`DjordjevicSarkar`] for wideband or time-domain work.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{ConstantDielectric, Dielectric};
///
/// let ptfe = ConstantDielectric::new(2.1, 2e-4);
/// assert_eq!(ptfe.permittivity(1e9), Complex::new(2.1, -2.1 * 2e-4));
/// assert_eq!(ptfe.param_names(), ["eps_r", "tand"]);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct ConstantDielectric<T: Scalar = f64> {
    /// Relative permittivity (real part).
    #[param(unit = "1", bounds = (1.0, f64::INFINITY))]
    pub eps_r: T,
    /// Loss tangent.
    #[param(unit = "1", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub tand: T,
}

impl<T: Scalar> ConstantDielectric<T> {
    /// A dielectric of permittivity `eps_r` and loss tangent `tand`.
    pub fn new(eps_r: T, tand: T) -> Self {
        ConstantDielectric { eps_r, tand }
    }
}

impl<T: Scalar> Dielectric for ConstantDielectric<T> {
    fn permittivity(&self, _f: T) -> Complex<T> {
        Complex::new(self.eps_r, -(self.eps_r * self.tand))
    }
}

/// The Djordjevic-Sarkar wideband dielectric: causal, with a nearly constant loss tangent
/// between `f_low` and `f_high`, given by its permittivity `eps_r` and loss tangent `tand` at
/// the frequency `f_ref`.
///
/// A. R. Djordjevic, R. M. Biljic, V. D. Likar-Smiljanic, T. K. Sarkar, "Wideband
/// frequency-domain characterization of FR-4 and time-domain causality", IEEE Trans. EMC 43(4),
/// 2001, eq. (6) (a continuous distribution of Debye poles between `w1 = 2 pi f_low` and
/// `w2 = 2 pi f_high`):
///
/// ```text
/// eps(f) = eps_inf + eps_d ln((f_high + j f) / (f_low + j f))
/// ```
///
/// (their `delta_eps / ((m2 - m1) ln 10) = eps_d`), with `eps_d` and `eps_inf` chosen so that
/// `eps(f_ref) = eps_r (1 - j tand)` exactly: with `k = ln((f_high + j f_ref)/(f_low + j f_ref))`,
/// `eps_d = -eps_r tand / Im k` and `eps_inf = eps_r (1 + tand Re k / Im k)` (as scikit-rf's
/// `MLine` and ParamRF). At DC it is lossless, `eps(0) = eps_inf + eps_d ln(f_high / f_low)`.
///
/// `f_ref`, `f_low` and `f_high` are static data fixed at construction; `eps_r` and `tand` are
/// the parameters. The constructors refuse a loss so large that `eps_inf < 1` (see
/// [`with_band`](Self::with_band)); parameters changed later (`with_params`) are not checked
/// against it, and lines then compute with the unphysical permittivity (a microstrip with
/// `Re eps(f) < 0.9` gives NaN).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{Dielectric, DjordjevicSarkar};
///
/// let fr4 = DjordjevicSarkar::new(4.3, 0.02, 1e9)?;
/// let at_ref = fr4.permittivity(1e9);
/// assert!((at_ref - Complex::new(4.3, -0.086)).norm() < 1e-14);
/// // The permittivity falls with frequency, the loss tangent stays nearly constant.
/// let hi = fr4.permittivity(10e9);
/// assert!(hi.re < 4.3 && (-hi.im / hi.re - 0.02).abs() < 1e-3);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct DjordjevicSarkar<T: Scalar = f64> {
    /// Relative permittivity (real part) at `f_ref`.
    #[param(unit = "1", bounds = (1.0, f64::INFINITY))]
    pub eps_r: T,
    /// Loss tangent at `f_ref`.
    #[param(unit = "1", scale = 1e-3, bounds = (0.0, f64::INFINITY))]
    pub tand: T,
    f_ref: f64,
    f_low: f64,
    f_high: f64,
}

impl<T: Scalar> DjordjevicSarkar<T> {
    /// A dielectric with permittivity `eps_r` and loss tangent `tand` at `f_ref` (Hz), over the
    /// band 1 kHz to 1 THz (scikit-rf's default).
    ///
    /// # Errors
    /// As [`with_band`](Self::with_band).
    pub fn new(eps_r: T, tand: T, f_ref: f64) -> Result<Self> {
        Self::with_band(eps_r, tand, f_ref, 1e3, 1e12)
    }

    /// A dielectric with permittivity `eps_r` and loss tangent `tand` at `f_ref` (Hz), with
    /// its loss spread between `f_low` and `f_high` (Hz).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if a frequency is not finite and positive;
    /// [`Error::OutOfBounds`] if `f_low >= f_high` or
    /// the loss is too large for the permittivity: a dielectric whose permittivity falls by
    /// `eps_r tand (-Re k / Im k)` from `f_ref` to `eps_inf` needs `eps_inf >= 1` (a lossy
    /// medium with `eps_r = 1` does not exist; with the default band and `f_ref = 1` GHz,
    /// `tand <= (1 - 1 / eps_r) / 4.4`).
    pub fn with_band(eps_r: T, tand: T, f_ref: f64, f_low: f64, f_high: f64) -> Result<Self> {
        check_frequency("f_ref", f_ref)?;
        check_frequency("f_low", f_low)?;
        check_frequency("f_high", f_high)?;
        if f_low >= f_high {
            return Err(Error::OutOfBounds {
                name: "f_low".into(),
                value: f_low,
                lower: 0.0,
                upper: f_high,
            });
        }
        let ds = DjordjevicSarkar {
            eps_r,
            tand,
            f_ref,
            f_low,
            f_high,
        };
        // eps_inf >= 1: tand (-Re k / Im k) <= 1 - 1 / eps_r.
        let (kr, ki) = ds.log_ratio(f_ref);
        let max_tand = (1.0 - eps_r.re().recip()) / (-kr / ki);
        if !(ds.eps_inf().re() >= 1.0 && eps_r.re().is_finite() && tand.re() >= 0.0) {
            return Err(Error::OutOfBounds {
                name: "tand".into(),
                value: tand.re(),
                lower: 0.0,
                upper: max_tand.max(0.0),
            });
        }
        Ok(ds)
    }

    /// The high-frequency permittivity `eps_inf = eps_r (1 + tand Re k / Im k)`, which a
    /// physical dielectric keeps `>= 1`.
    pub fn eps_inf(&self) -> T {
        let (kr, ki) = self.log_ratio(self.f_ref);
        self.eps_r * (self.tand * (kr / ki) + 1.0)
    }

    /// The frequency (Hz) at which the permittivity is `eps_r (1 - j tand)`.
    pub fn f_ref(&self) -> f64 {
        self.f_ref
    }

    /// The band `(f_low, f_high)` (Hz) of the model.
    pub fn band(&self) -> (f64, f64) {
        (self.f_low, self.f_high)
    }

    /// `ln((f_high + j f) / (f_low + j f))` as `(re, im)`.
    fn log_ratio<S: Scalar>(&self, f: S) -> (S, S) {
        let (lo, hi) = (self.f_low, self.f_high);
        let f2 = f * f;
        let re = ((f2 + hi * hi) / (f2 + lo * lo)).ln() * 0.5;
        let im = (f / hi).atan() - (f / lo).atan();
        (re, im)
    }
}

impl<T: Scalar> Dielectric for DjordjevicSarkar<T> {
    fn permittivity(&self, f: T) -> Complex<T> {
        let (_, ki) = self.log_ratio(self.f_ref);
        let eps_d = -(self.eps_r * self.tand) / ki;
        let eps_inf = self.eps_inf();
        let (lr, li) = self.log_ratio(f);
        Complex::new(eps_inf + eps_d * lr, eps_d * li)
    }
}

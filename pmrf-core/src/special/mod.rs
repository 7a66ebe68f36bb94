//! Special functions of physical models, generic over the [`Scalar`](crate::Scalar) so that they
//! differentiate: [`bessel`] (modified Bessel functions `I0`, `I1`, `K0`, `K1` of complex
//! argument, exponentially scaled variants and the ratios `I0/I1`, `K0/K1`).
//!
//! The Bessel functions are computed in `f64`; on dual numbers their derivative part comes from
//! the exact derivative identities (`I0' = I1`, `K0' = -K1`, ...), so derivatives are as
//! accurate as values. The skin-effect impedances of round wires and tubes built on them are
//! physics of conductors, not special functions: they live with the conductors that use them,
//! in `components::materials::skin_effect`.
//!
//! Inside the crate, on `f64` only: the standard normal distribution (`erf`, `erfc`, `Phi`, its
//! inverse and truncated quantiles; behind the priors and the sampler diagnostics) and
//! `ln Gamma` (behind the Student-t likelihood) with the regularised incomplete gamma functions
//! and their inverse (behind the gamma prior).
//!
//! ```
//! use pmrf::special::bessel;
//! use pmrf::Complex;
//!
//! // K0 / K1 at 45 degrees (a skin-effect argument), and its large-|z| limit 1 - 1/(2z).
//! let z = Complex::from_polar(2000.0, std::f64::consts::FRAC_PI_4);
//! let q = bessel::k0_over_k1(z);
//! assert!((q - (1.0 - 0.5 / z)).norm() < 1e-7);
//! ```

pub mod bessel;
pub(crate) mod gamma;
pub use gamma::ln_gamma;
pub(crate) mod normal;

//! Special functions of physical models, generic over the [`Scalar`](crate::Scalar) so that they
//! differentiate: [`bessel`] (modified Bessel functions `I0`, `I1`, `K0`, `K1` of complex
//! argument, exponentially scaled variants and the ratios `I0/I1`, `K0/K1`) and [`conductor`]
//! (the internal impedance of round wires and tubes with skin effect, Schelkunoff 1934).
//!
//! The Bessel functions are computed in `f64`; on dual numbers their derivative part comes from
//! the exact derivative identities (`I0' = I1`, `K0' = -K1`, ...), so derivatives are as
//! accurate as values. The conductor impedances are built on them, and below `|k r| = 2` sum
//! their power series in `(k r)^2` on the scalar itself, which keeps them and their derivatives
//! exact and finite down to DC.
//!
//! Inside the crate, on `f64` only: the standard normal distribution (`erf`, `erfc`, `Phi`, its
//! inverse and truncated quantiles; behind the priors and the sampler diagnostics) and
//! `ln Gamma` (behind the Student-t likelihood).
//!
//! ```
//! use pmrf::special::{bessel, conductor};
//! use pmrf::Complex;
//!
//! // K0 / K1 at 45 degrees (a skin-effect argument), and its large-|z| limit 1 - 1/(2z).
//! let z = Complex::from_polar(2000.0, std::f64::consts::FRAC_PI_4);
//! let q = bessel::k0_over_k1(z);
//! assert!((q - (1.0 - 0.5 / z)).norm() < 1e-7);
//!
//! // A copper wire of 0.5 mm radius: DC resistance at 0 Hz, skin effect at 1 GHz.
//! let z_dc = conductor::rod_internal_impedance(0.0, 0.5e-3, 5.8e7, 1.0);
//! assert!((z_dc.re * 5.8e7 * std::f64::consts::PI * 0.25e-6 - 1.0).abs() < 1e-15);
//! let z_hf = conductor::rod_internal_impedance(1e9, 0.5e-3, 5.8e7, 1.0);
//! let zs = conductor::surface_impedance(1e9, 5.8e7, 1.0);
//! assert!((z_hf / (zs / (std::f64::consts::TAU * 0.5e-3)) - 1.0).norm() < 2e-3);
//! ```

pub mod bessel;
pub mod conductor;
pub(crate) mod gamma;
pub(crate) mod normal;

//! Materials of transmission lines, as sub-models: dielectrics, conductors, surface roughness
//! and planar substrates, and the skin-effect physics of round conductors ([`skin_effect`]).
//!
//! A line takes any material through the traits [`Dielectric`] and [`Conductor`] (generic type
//! parameters with the usual material as default), and a material's parameters nest under the
//! line's field: `coax.dielectric.tand`, `ms.substrate.conductor.sigma`,
//! `ms.substrate.conductor.roughness.rms`.
//!
//! Every parameter is free by default (a fit adjusts it) except material constants users
//! rarely fit, which a fit would otherwise move to unphysical values: a conductor's `mu_r`.
//! Free them per instance with [`Params::free`](crate::params::Params::free).
//!
//! | model | parameters | what |
//! |---|---|---|
//! | [`ConstantDielectric`] | `eps_r`, `tand` | `eps_r (1 - j tand)` at every frequency |
//! | [`DjordjevicSarkar`] | `eps_r`, `tand` (at a fixed `f_ref`) | causal wideband dielectric, Djordjevic et al. 2001 |
//! | [`Debye`] | `eps_inf`, `delta[k]`, `tau[k]` | multipole Debye relaxation, causal |
//! | [`ColeCole`] | `eps_inf`, `delta`, `tau`, `alpha` | Cole-Cole (broadened Debye) relaxation, causal |
//! | [`TabulatedDielectric`] | - | measured `eps_r(f)`, `tand(f)`, linearly interpolated |
//! | [`BulkConductor`] | `sigma`, `mu_r` (fixed by default) | a smooth metal: surface and internal impedance |
//! | [`TescheConductor`] | `sigma`, `mu_r` (fixed by default) | a smooth metal with Tesche's equivalent-circuit round conductors |
//! | [`PerfectConductor`] | - | no conductor loss |
//! | [`RoughConductor`] | `bulk.*`, `roughness.*` | a conductor with rough surface |
//! | [`HammerstadRoughness`] | `rms` | `K = 1 + (2/pi) atan(1.4 (rms/delta)^2)` |
//! | [`Substrate`] | `h`, `t`, `dielectric.*`, `conductor.*` | a planar board: height, metal thickness, materials |
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::materials::{BulkConductor, Conductor, ConstantDielectric, Dielectric};
//!
//! let fr4 = ConstantDielectric::new(4.3, 0.02);
//! assert_eq!(fr4.permittivity(1e9), Complex::new(4.3, -4.3 * 0.02));
//! let cu = BulkConductor::copper();
//! let zs = cu.surface_impedance(1e9); // (1 + j) sqrt(pi f mu0 / sigma)
//! assert!((zs.re - 8.25e-3).abs() < 1e-5 && zs.re == zs.im);
//! ```

mod conductor;
mod dielectric;
mod relaxation;
mod roughness;
pub mod skin_effect;
mod substrate;
mod tabulated;
mod tesche;

pub use conductor::{BulkConductor, PerfectConductor, RoughConductor};
pub use dielectric::{ConstantDielectric, DjordjevicSarkar};
pub use relaxation::{ColeCole, Debye};
pub use roughness::HammerstadRoughness;
pub use substrate::Substrate;
pub use tabulated::TabulatedDielectric;
pub use tesche::TescheConductor;

use num_complex::Complex;
// `recip` on `Self::Scalar`: an associated type's `Scalar` bound does not bring `DualNum`'s
// methods into scope.
use num_dual::DualNum as _;

use crate::Model;

/// A dielectric: its complex relative permittivity at each frequency.
///
/// Implement it for a dielectric model of your own to use it in any line.
pub trait Dielectric: Model {
    /// The complex relative permittivity `eps' - j eps''` at `f` (Hz); `eps'' >= 0` is the
    /// loss (`tan delta = eps'' / eps'`).
    fn permittivity(&self, f: Self::Scalar) -> Complex<Self::Scalar>;
}

/// A conductor: its surface impedance, and the internal impedances of round conductors made
/// of it.
///
/// Implement it for a conductor model of your own to use it in any line; the provided round
/// conductor impedances are the skin-effect asymptotes of [`surface_impedance`]
/// (`Zs / (2 pi r)`), which [`BulkConductor`] replaces with the exact (Schelkunoff) ones.
///
/// [`surface_impedance`]: Conductor::surface_impedance
pub trait Conductor: Model {
    /// Conductivity, S/m (infinite for a perfect conductor).
    fn conductivity(&self) -> Self::Scalar;
    /// Relative permeability.
    fn mu_r(&self) -> Self::Scalar;
    /// Surface impedance of a half space of this conductor at `f` (Hz), ohm per square:
    /// `(1 + j) R_s` for a smooth metal.
    fn surface_impedance(&self, f: Self::Scalar) -> Complex<Self::Scalar>;
    /// Internal impedance per metre (ohm/m) of a solid round wire of radius `radius` (m) at
    /// `f` (Hz). Default: `Zs / (2 pi radius)`.
    fn rod_internal_impedance(
        &self,
        f: Self::Scalar,
        radius: Self::Scalar,
    ) -> Complex<Self::Scalar> {
        self.surface_impedance(f) * (radius * std::f64::consts::TAU).recip()
    }
    /// Internal impedance per metre (ohm/m) of a tube of inner radius `inner` and outer radius
    /// `outer` (m) whose current returns on its inner surface (a coax shield), at `f` (Hz).
    /// Default: `Zs / (2 pi inner)`.
    fn tube_internal_impedance(
        &self,
        f: Self::Scalar,
        inner: Self::Scalar,
        outer: Self::Scalar,
    ) -> Complex<Self::Scalar> {
        let _ = outer;
        self.surface_impedance(f) * (inner * std::f64::consts::TAU).recip()
    }
}

/// A surface roughness model: the factor by which it multiplies a smooth conductor's surface
/// impedance.
pub trait Roughness: Model {
    /// The roughness factor (`>= 1`) at `f` (Hz) on a conductor of conductivity `sigma` (S/m)
    /// and relative permeability `mu_r`.
    fn factor(&self, f: Self::Scalar, sigma: Self::Scalar, mu_r: Self::Scalar) -> Self::Scalar;
}

//! Transmission lines: uniform 2-port sections computed in S from their characteristic impedance
//! and propagation constant, tapers cascaded from them, and the 4-port of a line whose return
//! conductor floats.
//!
//! Every line evaluates one [`LineSection`] per frequency point, the line core, which is exact
//! for lossy lines (complex `Zc`), does not overflow for electrically long or very lossy lines,
//! is a thru at zero length and takes the DC limit of RLGC lines (a series resistance `R l`
//! where `Zc = sqrt(R / G)` is `0 / 0`). Write a line of your own with it, or implement
//! [`UniformLine`] to expose its section.
//!
//! | line | parameters | model |
//! |---|---|---|
//! | [`DelayLine`] | `z0`, `delay` | lossless, `theta = j w tau` |
//! | [`PhaseLine`] | `z0`, `theta` (deg at fixed `f0`) | lossless, `theta = j theta0 f / f0` |
//! | [`RlgcLine`] | `r`, `l`, `g`, `c`, `length` | constant per-unit-length RLGC |
//! | [`PhysicalLine`] | `z0`, `eps_r`, `loss` (dB/m at fixed `f_ref`), `tand`, `length` | skin-effect `sqrt(f)` conductor and `tan delta` dielectric loss |
//! | [`DatasheetCable`] | `z0`, `vf`, `k1`, `k2`, `length` | datasheet loss `k1 sqrt(f_MHz) + k2 f_MHz` dB/100 m |
//! | [`CoaxialLine`] | `d_in`, `d_out`, `t_shield`, `length`, `dielectric.*`, `conductor.*` | TEM coax with conductor internal impedances |
//! | [`Microstrip`] | `w`, `length`, `substrate.*` | Hammerstad-Jensen or Wheeler, Kirschning-Jansen dispersion, Wheeler current distribution |
//! | [`Stripline`] | `w`, `length`, `substrate.*` | Cohn impedance, Pozar conductor loss |
//! | [`TaperedLine`] | `z1`, `z2`, `eps_r`, `length` | linear, exponential or Klopfenstein [`TaperProfile`], stepped |
//! | [`FloatingLine`] | the wrapped line's | 4-port of a line whose return conductor floats |
//! | [`CoplanarWaveguide`] | `w`, `s`, `length`, `substrate.*` | Ghione-Naldi, with or without a backside ground; Frankel-Gevorgian dispersion; Ghione conductor loss |
//! | [`RectangularWaveguide`] | `a`, `b`, `length`, `dielectric.*`, `conductor.*` | TE10 with wall loss (Lomakin), evanescent below cutoff |
//!
//! Materials (dielectrics, conductors, roughness, substrates) are sub-models from
//! [`materials`](super::materials), so parameter names nest: `coax.dielectric.tand`,
//! `ms.substrate.conductor.sigma`.
//!
//! Physical constants are CODATA 2022 ([`C0`], [`MU0`], [`EPS0`]).

mod cable;
mod coaxial;
mod cpw;
mod floating;
mod lossless;
mod microstrip;
mod rlgc;
mod stripline;
mod taper;
mod uniform;
mod waveguide;

pub use cable::{DatasheetCable, PhysicalLine};
pub use coaxial::CoaxialLine;
pub use cpw::CoplanarWaveguide;
pub use floating::FloatingLine;
pub use lossless::{DelayLine, PhaseLine};
pub use microstrip::{Microstrip, Quasistatic};
pub use rlgc::RlgcLine;
pub use stripline::Stripline;
pub use taper::{TaperProfile, TaperedLine};
pub use uniform::LineSection;
pub use waveguide::RectangularWaveguide;

use crate::{Error, Model, Result, Scalar};

use crate::constants::{C0, EPS0, MU0};

/// A uniform transmission line: its [`LineSection`] at each frequency, from which its
/// S-parameters, characteristic impedance and propagation follow.
///
/// Every line of this module implements it (and [`Component<2>`](crate::Component) through
/// [`LineSection::s`]).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::lines::{RlgcLine, UniformLine};
///
/// let line = RlgcLine::new(0.0, 250e-9, 0.0, 100e-12, 1.0);
/// let zc = line.section(1e9).zc();
/// assert!((zc.re - 50.0).abs() < 1e-12 && zc.im.abs() < 1e-12);
/// ```
pub trait UniformLine: Model {
    /// The line section at frequency `f` (Hz).
    fn section(&self, f: Self::Scalar) -> LineSection<Self::Scalar>;
}

/// Implements `Component<2>` in S through the line's section.
macro_rules! line_component {
    ($name:ident < $($g:ident),* > where $($bounds:tt)*) => {
        impl<$($g),*> $crate::network::Component<2> for $name<$($g),*>
        where
            $($bounds)*
        {
            type Domain = $crate::network::domain::S;
            #[inline]
            fn primary(&self, f: T) -> $crate::network::Mat<T, 2> {
                $crate::components::lines::UniformLine::section(self, f).s($crate::network::Z0)
            }
        }
    };
}
pub(crate) use line_component;

/// `sqrt(x)` for `x >= 0` that is `0` with derivative `0` at `x = 0` (where the dual number
/// rule `1 / (2 sqrt 0)` would give `0 * inf = NaN` for derivatives of other parameters).
#[inline]
pub(crate) fn sqrt0<T: Scalar>(x: T) -> T {
    if x.re() == 0.0 { T::zero() } else { x.sqrt() }
}

/// `x^n` for `x >= 0` and `n > 1`: `0` with derivative `0` at `x = 0` (num-dual's `powf`
/// gives NaN there).
#[inline]
pub(crate) fn pow0<T: Scalar>(x: T, n: f64) -> T {
    if x.re() == 0.0 { T::zero() } else { x.powf(n) }
}

/// `2 pi f`.
#[inline]
pub(crate) fn omega<T: Scalar>(f: T) -> T {
    f * std::f64::consts::TAU
}

/// `Ok` for a finite positive frequency, else the error naming it.
pub(crate) fn check_frequency(name: &str, f: f64) -> Result<()> {
    if f > 0.0 && f.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(name, f, "a finite frequency > 0 Hz"))
    }
}

/// `cosh(sqrt x)` for real `x` (`cos(sqrt(-x))` for `x < 0`), from its power series near 0 so
/// that derivatives are finite at `x = 0` (where `sqrt` has none).
pub(crate) fn cosh_sqrt<T: Scalar>(x: T) -> T {
    let v = x.re();
    if v.abs() <= 1.0 {
        // sum x^k / (2k)!, truncated below 1 / 26! < 3e-27.
        let mut c = T::one();
        for k in (1..=13).rev() {
            let (k1, k2) = ((2 * k - 1) as f64, (2 * k) as f64);
            c = c * x * (1.0 / (k1 * k2)) + 1.0;
        }
        c
    } else if v > 0.0 {
        x.sqrt().cosh()
    } else {
        (-x).sqrt().cos()
    }
}

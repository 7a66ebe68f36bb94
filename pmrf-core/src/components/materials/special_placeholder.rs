//! Placeholder for `pmrf_core::special::conductor`, which the `special` branch provides.
//!
//! TODO(special): delete this file and its `mod` line in `materials/mod.rs`, and point the
//! `use` in `materials/conductor.rs` at `crate::special::conductor`, once the `special` branch
//! (Schelkunoff internal impedances through complex Bessel functions) is merged. The
//! signatures here are the same; only the skin-effect asymptotes are implemented, so the DC
//! resistance and the low-frequency internal inductance of round conductors are missing until
//! then.

/// Internal impedances of round conductors, per metre of line (skin-effect asymptotes only).
pub(crate) mod conductor {
    use num_complex::Complex;

    use crate::Scalar;
    use crate::components::lines::{MU0, sqrt0};

    /// Surface impedance of a conducting half space, ohm per square:
    /// `Zs = (1 + j) sqrt(pi f mu0 mu_r / sigma)` (exact for the half space).
    pub fn surface_impedance<T: Scalar>(f: T, sigma: T, mu_r: T) -> Complex<T> {
        let rs = sqrt0(f * mu_r / sigma * (std::f64::consts::PI * MU0));
        Complex::new(rs, rs)
    }

    /// Internal impedance of a solid round wire of radius `radius`, ohm/m.
    /// Placeholder: the skin-effect asymptote `Zs / (2 pi radius)`.
    pub fn rod_internal_impedance<T: Scalar>(f: T, radius: T, sigma: T, mu_r: T) -> Complex<T> {
        let k = (radius * std::f64::consts::TAU).recip();
        surface_impedance(f, sigma, mu_r) * k
    }

    /// Internal impedance of a tube (inner radius `inner`, outer radius `outer`) whose current
    /// returns on its inner surface (a coax shield), ohm/m.
    /// Placeholder: the skin-effect asymptote `Zs / (2 pi inner)`.
    pub fn tube_internal_impedance<T: Scalar>(
        f: T,
        inner: T,
        _outer: T,
        sigma: T,
        mu_r: T,
    ) -> Complex<T> {
        let k = (inner * std::f64::consts::TAU).recip();
        surface_impedance(f, sigma, mu_r) * k
    }
}

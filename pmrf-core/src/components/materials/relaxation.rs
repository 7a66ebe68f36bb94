//! Relaxation dielectrics: multipole [`Debye`] and [`ColeCole`].

use crate::components::lines::omega;
use crate::{Error, Model, Result, Scalar};
use num_complex::Complex;

use super::Dielectric;

/// Checks a high-frequency permittivity and relaxations `(delta, tau)`, naming them `delta[k]`
/// (`delta` for a single pole when not `indexed`).
fn check_relaxation(eps_inf: f64, poles: &[(f64, f64)], indexed: bool) -> Result<()> {
    let name = |what: &str, k: usize| {
        if indexed {
            format!("{what}[{k}]")
        } else {
            what.to_owned()
        }
    };
    if !(eps_inf >= 1.0 && eps_inf.is_finite()) {
        return Err(Error::invalid("eps_inf", eps_inf, "finite and >= 1"));
    }
    for (k, &(delta, tau)) in poles.iter().enumerate() {
        if !(delta >= 0.0 && delta.is_finite()) {
            return Err(Error::invalid(&name("delta", k), delta, "finite and >= 0"));
        }
        if !(tau > 0.0 && tau.is_finite()) {
            return Err(Error::invalid(&name("tau", k), tau, "finite and > 0 s"));
        }
    }
    Ok(())
}

/// A multipole Debye dielectric: causal (Kramers-Kronig consistent), lossless at DC and at
/// high frequency,
///
/// ```text
/// eps(f) = eps_inf + sum_k delta_k / (1 + j w tau_k)
/// ```
///
/// with the static permittivity `eps_s = eps_inf + sum_k delta_k`. Each pole's loss
/// `eps''_k = delta_k w tau_k / (1 + (w tau_k)^2)` peaks at `f = 1 / (2 pi tau_k)` with the
/// value `delta_k / 2`, where its `eps'` is halfway between its limits (P. Debye, *Polar
/// Molecules*, 1929; the form of circuit simulators' multipole Debye models).
///
/// Parameter names are `eps_inf`, `delta[k]`, `tau[k]` (s).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{Debye, Dielectric};
///
/// // Water at 20 C: eps_s = 80.2, eps_inf = 5.6, tau = 9.4 ps (relaxation at 17 GHz).
/// let water = Debye::new(5.6, &[(74.6, 9.4e-12)])?;
/// let fp = 1.0 / (2.0 * std::f64::consts::PI * 9.4e-12);
/// let eps = water.permittivity(fp);
/// assert!((eps - Complex::new(5.6 + 37.3, -37.3)).norm() < 1e-12);
/// assert!((water.static_permittivity() - 80.2).abs() < 1e-12);
/// assert_eq!(water.param_names(), ["eps_inf", "delta[0]", "tau[0]"]);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct Debye<T: Scalar = f64> {
    /// High-frequency relative permittivity.
    #[param(unit = "1", bounds = (1.0, f64::INFINITY))]
    pub eps_inf: T,
    /// Relaxation strengths `delta_k = eps_s,k - eps_inf,k`.
    #[param(unit = "1", bounds = (0.0, f64::INFINITY))]
    pub delta: Vec<T>,
    /// Relaxation times, s.
    #[param(unit = "s", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub tau: Vec<T>,
}

impl Debye {
    /// A dielectric of high-frequency permittivity `eps_inf` and the relaxations
    /// `(delta_k, tau_k)` (tau in s); no poles is the constant `eps_inf`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the value if `eps_inf` is not finite and `>= 1`, a
    /// `delta` not finite and `>= 0`, or a `tau` not finite and `> 0`.
    pub fn new(eps_inf: f64, poles: &[(f64, f64)]) -> Result<Self> {
        check_relaxation(eps_inf, poles, true)?;
        Ok(Debye {
            eps_inf,
            delta: poles.iter().map(|p| p.0).collect(),
            tau: poles.iter().map(|p| p.1).collect(),
        })
    }
}

impl<T: Scalar> Debye<T> {
    /// The static (DC) relative permittivity `eps_inf + sum delta_k`.
    pub fn static_permittivity(&self) -> T {
        self.delta.iter().fold(self.eps_inf, |s, &d| s + d)
    }
}

impl<T: Scalar> Dielectric for Debye<T> {
    fn permittivity(&self, f: T) -> Complex<T> {
        let w = omega(f);
        let (mut re, mut im) = (self.eps_inf, T::zero());
        for (&d, &tau) in self.delta.iter().zip(&self.tau) {
            let x = w * tau;
            let r = d / (x * x + 1.0);
            re += r;
            im -= r * x;
        }
        Complex::new(re, im)
    }
}

/// A Cole-Cole dielectric: a Debye relaxation broadened symmetrically in log frequency by
/// `0 <= alpha < 1`,
///
/// ```text
/// eps(f) = eps_inf + delta / (1 + (j w tau)^(1 - alpha))
/// ```
///
/// (K. S. Cole and R. H. Cole, J. Chem. Phys. 9, 1941). `alpha = 0` is the [`Debye`] pole;
/// the loss peaks at `f = 1 / (2 pi tau)` with
/// `eps'' = delta cos(alpha pi / 2) / (2 (1 + sin(alpha pi / 2)))`. It is causal.
/// At DC its derivative in `f` is infinite for `alpha > 0`; it is taken as 0 there.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{ColeCole, Debye, Dielectric};
///
/// let cc = ColeCole::new(4.0, 10.0, 1e-10, 0.0)?;
/// let debye = Debye::new(4.0, &[(10.0, 1e-10)])?;
/// assert!((cc.permittivity(3e9) - debye.permittivity(3e9)).norm() < 1e-13);
/// assert_eq!(cc.param_names(), ["eps_inf", "delta", "tau", "alpha"]);
/// assert!(ColeCole::new(4.0, 10.0, 1e-10, 1.0).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct ColeCole<T: Scalar = f64> {
    /// High-frequency relative permittivity.
    #[param(unit = "1", bounds = (1.0, f64::INFINITY))]
    pub eps_inf: T,
    /// Relaxation strength `eps_s - eps_inf`.
    #[param(unit = "1", bounds = (0.0, f64::INFINITY))]
    pub delta: T,
    /// Relaxation time, s.
    #[param(unit = "s", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub tau: T,
    /// Broadening, `0` for Debye.
    #[param(unit = "1", scale = 0.1, bounds = (0.0, 1.0))]
    pub alpha: T,
}

impl ColeCole {
    /// A Cole-Cole dielectric of high-frequency permittivity `eps_inf`, strength `delta`,
    /// relaxation time `tau` (s) and broadening `alpha`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the value if `eps_inf` is not finite and `>= 1`,
    /// `delta` not finite and `>= 0`, `tau` not finite and `> 0`, or `alpha` not in `[0, 1)`.
    pub fn new(eps_inf: f64, delta: f64, tau: f64, alpha: f64) -> Result<Self> {
        check_relaxation(eps_inf, &[(delta, tau)], false)?;
        if !(0.0..1.0).contains(&alpha) {
            return Err(Error::invalid("alpha", alpha, "in [0, 1)"));
        }
        Ok(ColeCole {
            eps_inf,
            delta,
            tau,
            alpha,
        })
    }
}

impl<T: Scalar> Dielectric for ColeCole<T> {
    fn permittivity(&self, f: T) -> Complex<T> {
        // (j x)^n = x^n e^(j n pi / 2), n = 1 - alpha.
        let n = -self.alpha + 1.0;
        let xn = pow_dual(omega(f) * self.tau, n);
        let phi = n * std::f64::consts::FRAC_PI_2;
        let (s, c) = phi.sin_cos();
        let den = Complex::new(xn * c + 1.0, xn * s);
        let r = crate::cmath::recip(den) * self.delta;
        Complex::new(r.re + self.eps_inf, r.im)
    }
}

/// `x^n` for `x >= 0` with both `x` and `n` carrying derivatives: `0` (derivatives `0`) at
/// `x = 0`.
fn pow_dual<T: Scalar>(x: T, n: T) -> T {
    if x.re() == 0.0 {
        T::zero()
    } else if n.re() == 1.0 {
        // e^(n ln x) exactly x at n = 1, with the derivative in n still from ln x.
        x * ((n - 1.0) * x.ln()).exp()
    } else {
        (n * x.ln()).exp()
    }
}

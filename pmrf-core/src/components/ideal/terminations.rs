//! Terminations: [`Open`], [`Short`], [`Match`], [`Port`] and loads given by impedance or
//! reflection ([`LoadZ`], [`LoadGamma`], [`LoadGammaPolar`]).

use std::f64::consts::PI;
use std::marker::PhantomData;

use num_complex::Complex;

use super::{diagonal, re, reflection};
use crate::cmath;
use crate::network::{Component, Mat, domain};
use crate::{Model, Scalar};

macro_rules! termination {
    ($(#[$doc:meta])* $name:ident, $value:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Model, Clone, Copy, Debug, PartialEq)]
        pub struct $name<T: Scalar = f64, const N: usize = 1> {
            _t: PhantomData<T>,
        }

        impl $name<f64, 1> {
            #[doc = concat!("A 1-port ", $what, ". For `N` ports (each one ", $what, ") use `",
                stringify!($name), "::<f64, N>::default()`; over any scalar `T` (in generic \
                model code), `", stringify!($name), "::<T>::default()`.")]
            pub fn new() -> Self {
                Self::default()
            }
        }

        /// No bound on `T`: generic model code builds it over any scalar.
        impl<T: Scalar, const N: usize> Default for $name<T, N> {
            fn default() -> Self {
                $name { _t: PhantomData }
            }
        }

        impl<T: Scalar, const N: usize> Component<N> for $name<T, N> {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, _f: T) -> Mat<T, N> {
                diagonal($value)
            }
        }
    };
}

termination!(
    /// An ideal open circuit on each of its `N` ports (1 by default): `S = I`.
    ///
    /// An open at 50 ohm is an open at every reference impedance.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{Open, Short};
    ///
    /// assert_eq!(Open::new().s_at(1e9), [[Complex::new(1.0, 0.0)]]);
    /// assert_eq!(Short::<f64, 2>::default().s_at(1e9)[1][1], Complex::new(-1.0, 0.0));
    /// ```
    Open, 1.0, "open"
);

termination!(
    /// An ideal short circuit on each of its `N` ports (1 by default): `S = -I`. A short at every
    /// reference impedance. (In a [`Circuit`](crate::components::Circuit), ground is the net
    /// `gnd`.)
    Short, -1.0, "short"
);

termination!(
    /// An ideal matched load of [`Z0`](crate::network::Z0) = 50 ohm on each of its `N` ports (1 by default):
    /// `S = 0`.
    ///
    /// It is a 50 ohm resistor: at another reference impedance `z` it reflects
    /// `(50 - z)/(50 + z)` (use [`Port`] for a load matched to another impedance).
    Match, 0.0, "matched load"
);

/// A port's reference impedance as a termination: a resistive load of `z0` ohm (ParamRF's `Port`,
/// a load matched at its own `z0`), `S = (z0 - 50) / (z0 + 50)` at 50 ohm.
///
/// At `z0 = 50` it is a [`Match`]; `z0 = 0` is a short and `z0 = inf` an open. (The external
/// ports of a [`Circuit`](crate::components::Circuit) are declared on its netlist, with their own
/// `z0`; this is a component.)
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Port;
///
/// assert!(Port::new(50.0).s_at(1e9)[0][0].norm() < 1e-15);
/// assert!((Port::new(75.0).s_at(1e9)[0][0] - 0.2).norm() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Port<T: Scalar = f64> {
    /// Reference impedance (real), in ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub z0: T,
}

impl<T: Scalar> Port<T> {
    /// A port of reference impedance `z0` (ohm).
    pub fn new(z0: T) -> Self {
        Port { z0 }
    }
}

impl<T: Scalar> Component<1> for Port<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[reflection(re(self.z0))]]
    }
}

/// A 1-port load of impedance `Z = R + jX`: `S = (Z - 50) / (Z + 50)`.
///
/// `Z = 0` is a short, an infinite `R` or `X` an open (exactly `S = 1`).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::LoadZ;
///
/// let s = LoadZ::new(25.0, 25.0).s_at(1e9)[0][0];
/// assert!((s - Complex::new(-25.0, 25.0) / Complex::new(75.0, 25.0)).norm() < 1e-15);
/// assert_eq!(LoadZ::new(f64::INFINITY, 0.0).s_at(1e9)[0][0], Complex::new(1.0, 0.0));
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct LoadZ<T: Scalar = f64> {
    /// Resistance, in ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub r: T,
    /// Reactance, in ohm.
    #[param(unit = "ohm", bounds = (f64::NEG_INFINITY, f64::INFINITY))]
    pub x: T,
}

impl<T: Scalar> LoadZ<T> {
    /// A load of impedance `r + jx` (ohm).
    pub fn new(r: T, x: T) -> Self {
        LoadZ { r, x }
    }
}

impl<T: Scalar> Component<1> for LoadZ<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[reflection(Complex::new(self.r, self.x))]]
    }
}

/// A 1-port load of reflection coefficient `Gamma = re + j im` at 50 ohm (scikit-rf's
/// `Media.load`, ParamRF's `Load`).
///
/// Passive for `|Gamma| <= 1`; the bounds are the square around that disk (use
/// [`LoadGammaPolar`] to bound `|Gamma|` itself).
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct LoadGamma<T: Scalar = f64> {
    /// Real part of the reflection coefficient.
    #[param(bounds = (-1.0, 1.0))]
    pub gamma_re: T,
    /// Imaginary part of the reflection coefficient.
    #[param(bounds = (-1.0, 1.0))]
    pub gamma_im: T,
}

impl<T: Scalar> LoadGamma<T> {
    /// A load reflecting `gamma_re + j gamma_im` at 50 ohm.
    pub fn new(gamma_re: T, gamma_im: T) -> Self {
        LoadGamma { gamma_re, gamma_im }
    }
}

impl<T: Scalar> Component<1> for LoadGamma<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[Complex::new(self.gamma_re, self.gamma_im)]]
    }
}

/// A 1-port load of reflection coefficient `Gamma = mag e^(j deg pi/180)` at 50 ohm.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::LoadGammaPolar;
///
/// let s = LoadGammaPolar::new(0.5, 90.0).s_at(1e9)[0][0];
/// assert!((s - Complex::new(0.0, 0.5)).norm() < 1e-15);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct LoadGammaPolar<T: Scalar = f64> {
    /// Magnitude of the reflection coefficient (passive: at most 1).
    #[param(bounds = (0.0, 1.0))]
    pub gamma_mag: T,
    /// Phase of the reflection coefficient, in degrees.
    #[param(unit = "deg", scale = 90.0, bounds = (f64::NEG_INFINITY, f64::INFINITY))]
    pub gamma_deg: T,
}

impl<T: Scalar> LoadGammaPolar<T> {
    /// A load reflecting `gamma_mag` at `gamma_deg` degrees, at 50 ohm.
    pub fn new(gamma_mag: T, gamma_deg: T) -> Self {
        LoadGammaPolar {
            gamma_mag,
            gamma_deg,
        }
    }
}

impl<T: Scalar> Component<1> for LoadGammaPolar<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[cmath::from_polar(
            self.gamma_mag,
            self.gamma_deg * (PI / 180.0),
        )]]
    }
}

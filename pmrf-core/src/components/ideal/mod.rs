//! Ideal components, all computed directly in S at the reference impedance [`Z0`] = 50 ohm:
//! terminations ([`Open`], [`Short`], [`Match`], [`Port`], [`LoadZ`], [`LoadGamma`],
//! [`LoadGammaPolar`]), matched 2-ports ([`Attenuator`], [`Isolator`], [`Amplifier`]),
//! transformers ([`IdealTransformer`], [`IdealTransformer4`]), a [`DirectionalCoupler`], the
//! lossless N-way [`Junction`] ([`Tee`]) and resistive splitters ([`ResistiveSplitter`],
//! [`PowerSplitter`]). The ground of a circuit, an ideal short, is
//! [`Ground`](super::Ground).
//!
//! They follow ParamRF's `ideal.py` and scikit-rf's `Media` where those have the part; where a
//! part here has more (finite isolation, insertion loss, a 2-port transformer), its formula is
//! derived on the type. Levels in dB are `|S| = 10^(-dB/20)` of a loss or isolation and
//! `10^(+dB/20)` of a gain. Being defined in S at 50 ohm, each part is what it says at 50 ohm
//! and renormalises exactly to other reference impedances ([`Component::s_at_z0`]): an
//! [`Attenuator`] is matched to 50 ohm, not to every reference.

use num_complex::Complex;
use std::f64::consts::LN_10;

use crate::Scalar;
use crate::cmath::{self, ComplexExt};
use crate::network::{Mat, Z0};

mod multiports;
mod terminations;
mod transformers;
mod two_ports;

pub use multiports::{DirectionalCoupler, Junction, PowerSplitter, ResistiveSplitter, Tee};
pub use terminations::{LoadGamma, LoadGammaPolar, LoadZ, Match, Open, Port, Short};
pub use transformers::{IdealTransformer, IdealTransformer4};
pub use two_ports::{Amplifier, Attenuator, Isolator};

/// `10^(-db/20)`: the magnitude of a loss of `db` decibels (`0` for `db = inf`).
#[inline]
fn db_loss<T: Scalar>(db: T) -> T {
    (db * (-LN_10 / 20.0)).exp()
}

#[inline]
fn re<T: Scalar>(x: T) -> Complex<T> {
    cmath::real(x)
}

#[inline]
fn zero<T: Scalar>() -> Complex<T> {
    Complex::new(T::zero(), T::zero())
}

/// `x I` for an N x N identity.
#[inline]
fn diagonal<T: Scalar, const N: usize>(x: f64) -> Mat<T, N> {
    std::array::from_fn(|i| std::array::from_fn(|j| re(T::from(if i == j { x } else { 0.0 }))))
}

/// `1 - 2 z0 / (z + z0)`: the reflection `(z - z0)/(z + z0)` of an impedance `z`, which is `1`
/// for an infinite `z` (either part) instead of `inf / inf`.
#[inline]
fn reflection<T: Scalar>(z: Complex<T>) -> Complex<T> {
    let z = if z.re.re().is_infinite() || z.im.re().is_infinite() {
        Complex::new(T::from(f64::INFINITY), T::zero())
    } else {
        z
    };
    (-cmath::recip(z.add_f64(Z0)).scale_f64(2.0 * Z0)).add_f64(1.0)
}

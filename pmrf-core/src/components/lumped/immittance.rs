//! One element's immittance and its three placements: the two-terminal 1-port (reflection at
//! [`Z0`]), in series between two ports and in shunt to ground (S, Y and ABCD hints).
//!
//! An element states its immittance once, as an impedance or an admittance (whichever stays
//! finite at its limits); every placement is computed from that one value here, so the 1-port
//! `Capacitor`, the 2-ports `SeriesC` and `ShuntC` cannot disagree.

use num_complex::Complex;

use super::{Mat, Scalar, Z0, recip_inf};
use crate::cmath::{self, ComplexExt};
use crate::network::twoport::{
    Abcd, series_admittance, series_admittance_abcd, series_impedance, series_impedance_abcd,
    shunt_admittance, shunt_admittance_abcd, shunt_impedance, shunt_impedance_abcd,
};

/// An element's immittance at one frequency: an impedance `Z` or an admittance `Y`, either of
/// which may be infinite (an open, resp. a short).
///
/// A pure reactance or susceptance (an ideal L or C) has a variant of its own: its reciprocal
/// is one real division (`1 / (jX) = -j / X`), which the chain's ABCD hints and the nodal
/// solver's admittances use, rather than a complex reciprocal.
#[derive(Clone, Copy, Debug)]
pub(super) enum Immittance<T: Scalar> {
    /// An impedance `Z` (ohm).
    Z(Complex<T>),
    /// An admittance `Y` (S).
    Y(Complex<T>),
    /// A pure reactance `X`, `Z = jX` (ohm): an inductor's `wL`.
    Reactance(T),
    /// A pure susceptance `B`, `Y = jB` (S): a capacitor's `wC`.
    Susceptance(T),
}

/// `true` if both parts of `z` are finite.
#[inline]
fn finite<T: Scalar>(z: Complex<T>) -> bool {
    z.re.re().is_finite() && z.im.re().is_finite()
}

/// `j x`.
#[inline]
fn j<T: Scalar>(x: T) -> Complex<T> {
    Complex::new(T::zero(), x)
}

/// `1 / (j x) = -j / x`, infinite for `x = 0`, `0` for an infinite `x`.
#[inline]
fn over_j<T: Scalar>(x: T) -> Complex<T> {
    Complex::new(T::zero(), -x.recip())
}

impl<T: Scalar> Immittance<T> {
    /// The 1-port's reflection at [`Z0`]: `(Z - Z0) / (Z + Z0) = (1 - Z0 Y) / (1 + Z0 Y)`,
    /// exactly `1` for an infinite `Z` (an open) and `-1` for an infinite `Y` (a short).
    #[inline]
    pub(super) fn reflection(self) -> Complex<T> {
        let one = Complex::new(T::one(), T::zero());
        match self {
            Self::Reactance(x) => Self::Z(j(x)).reflection(),
            Self::Susceptance(b) => Self::Y(j(b)).reflection(),
            Self::Z(z) if !finite(z) => one,
            Self::Y(y) if !finite(y) => -one,
            // The difference is formed directly, so a near match keeps its relative accuracy.
            Self::Z(z) => cmath::div(z.add_f64(-Z0), z.add_f64(Z0)),
            Self::Y(y) => {
                let w = y.scale_f64(Z0);
                cmath::div((-w).add_f64(1.0), w.add_f64(1.0))
            }
        }
    }

    /// The admittance `y`, if finite (not a short).
    #[inline]
    pub(super) fn admittance(self) -> Option<Complex<T>> {
        let y = match self {
            Self::Z(z) => recip_inf(z),
            Self::Y(y) => y,
            Self::Reactance(x) => over_j(x),
            Self::Susceptance(b) => j(b),
        };
        finite(y).then_some(y)
    }

    /// S of the element in series between port 1 and port 2.
    #[inline]
    pub(super) fn series_s(self) -> Mat<T, 2> {
        match self {
            Self::Z(z) => series_impedance(z, Z0),
            Self::Y(y) => series_admittance(y, Z0),
            Self::Reactance(x) => series_impedance(j(x), Z0),
            Self::Susceptance(b) => series_admittance(j(b), Z0),
        }
    }

    /// Y of the element in series, `y [[1, -1], [-1, 1]]`; `None` for a short (no Y).
    #[inline]
    pub(super) fn series_y(self) -> Option<Mat<T, 2>> {
        self.admittance().map(|y| [[y, -y], [-y, y]])
    }

    /// ABCD of the element in series, `[[1, Z], [0, 1]]`; `None` for an open (no ABCD), and
    /// for an infinite `Y` (a thru: the exact S joins it to the chain).
    #[inline]
    pub(super) fn series_abcd(self) -> Option<Abcd<T>> {
        match self {
            Self::Z(z) => series_impedance_abcd(z),
            Self::Y(y) => series_admittance_abcd(y),
            Self::Reactance(x) => series_impedance_abcd(j(x)),
            Self::Susceptance(b) => series_impedance_abcd(over_j(b)),
        }
    }

    /// S of the element from the through line to ground.
    #[inline]
    pub(super) fn shunt_s(self) -> Mat<T, 2> {
        match self {
            Self::Z(z) => shunt_impedance(z, Z0),
            Self::Y(y) => shunt_admittance(y, Z0),
            Self::Reactance(x) => shunt_impedance(j(x), Z0),
            Self::Susceptance(b) => shunt_admittance(j(b), Z0),
        }
    }

    /// Y of the element in shunt: none, its two ports are one node.
    #[inline]
    pub(super) fn shunt_y(self) -> Option<Mat<T, 2>> {
        None
    }

    /// ABCD of the element in shunt, `[[1, 0], [Y, 1]]`; `None` for a short (no ABCD), and for
    /// an infinite `Z` (a thru: the exact S joins it to the chain).
    #[inline]
    pub(super) fn shunt_abcd(self) -> Option<Abcd<T>> {
        match self {
            Self::Z(z) => shunt_impedance_abcd(z),
            Self::Y(y) => shunt_admittance_abcd(y),
            Self::Reactance(x) => shunt_admittance_abcd(over_j(x)),
            Self::Susceptance(b) => shunt_admittance_abcd(j(b)),
        }
    }
}

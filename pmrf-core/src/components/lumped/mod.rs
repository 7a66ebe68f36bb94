//! Lumped elements: ideal R, L, C; lossy capacitors and inductors (constant Q, or a series
//! resistance); series and parallel RLC resonators; and frequency-independent impedances and
//! admittances. Each comes in three placements, declared together from one formula:
//!
//! * a two-terminal element, a [`Component<1>`](Component): [`Resistor`], [`Capacitor`], [`InductorQ`],
//!   [`RlcParallel`], [`Impedance`], ... For a circuit's two nets (its impedance in series
//!   between them, or from one net to ground), or as the arm of a
//!   [`Series`](crate::components::Series) or [`Shunt`](crate::components::Shunt) 2-port;
//! * in series between port 1 and port 2: [`SeriesR`], [`SeriesC`], [`SeriesLQ`], ...;
//! * in shunt from the through line to ground: [`ShuntR`], [`ShuntC`], [`ShuntLQ`], ...
//!
//! The three share their parameters (names, units, bounds) and their immittance, an impedance
//! `Z` or an admittance `Y` written once per element, from which the 1-port's reflection
//! `(Z - Z0) / (Z + Z0)`, the 2-ports' S (directly, with the forms of
//! [`twoport`](crate::network::twoport)), their Y-parameters and ABCD hints are computed
//! (reference impedance [`Z0`]). The immittance used is the one that stays finite at DC and
//! vanishes linearly with a reactive element's value: R and L (alone, lossy or with an ESR)
//! through `Z`; anything with a C in series (a C, a lossy C, a series RLC) through
//! `Y = jwC / (...)`; a parallel RLC through `Z = jwL / (...)`. So derivatives are exact at
//! `C = 0` and `L = 0` too, the lower bounds parasitic elements are fitted from (not only
//! wherever the values are finite and nonzero).
//!
//! Every element is exact over its whole parameter range, including the limits: `R = 0` or
//! `L = 0` is a short (in series a thru, in shunt a short to ground); `C = 0` is an open (in
//! series an open, in shunt a thru); infinite values give the opposite limit (an infinite R or
//! L, at `f > 0`, is an open, an infinite C a short). At DC an inductor is a short and a
//! capacitor an open for every value, infinite included, whatever its losses. An immittance
//! with an infinite part is the open (impedance) or short (admittance) it tends to, never
//! `inf / inf = NaN`; a 1-port's reflection is exactly `1` at an open and `-1` at a short.
//!
//! Z and Y parameters follow from S and are NaN where they do not exist (see
//! [`convert`](crate::network::convert)): a series element has no Z and a shunt element no Y;
//! at DC a series L or shunt C is a thru (neither Z nor Y), a series C leaves two open ports
//! (`Y = 0`, no Z) and a shunt L shorts both ports (`Z = 0`, no Y). A 1-port has a `Z` unless
//! it is an open and a `Y` unless it is a short; [`Component::try_y_at`] gives its `[[y]]`
//! exactly, for circuits' nodal solver.

use std::f64::consts::TAU;

use num_complex::Complex;

use crate::cmath;
use crate::network::{Component, Mat, Z0, domain};
use crate::{Model, Scalar};

mod generic;
mod immittance;
mod lossy;
mod resonators;

pub use generic::{
    Admittance, Impedance, SeriesAdmittance, SeriesImpedance, ShuntAdmittance, ShuntImpedance,
};
use immittance::Immittance;
pub use lossy::{
    CapacitorEsr, CapacitorQ, InductorEsr, InductorQ, SeriesCEsr, SeriesCQ, SeriesLEsr, SeriesLQ,
    ShuntCEsr, ShuntCQ, ShuntLEsr, ShuntLQ,
};
pub use resonators::{
    RlcParallel, RlcSeries, SeriesParallelRlc, SeriesRlc, ShuntParallelRlc, ShuntRlc,
};

/// `w x = 2 pi f x` for a real `x` at frequency `f`.
///
/// At DC (`f = 0`) this is `0` for every `x`, infinite included (not `0 * inf = NaN`): an
/// inductor is a short and a capacitor an open at DC whatever its value, so an ideal choke
/// (`L = inf`) passes DC and an ideal DC block (`C = inf`) stops it, as in a bias tee.
#[inline]
fn w_times<T: Scalar>(f: T, x: T) -> T {
    if f.re() == 0.0 && x.re().is_infinite() {
        f
    } else {
        f * x * TAU
    }
}

/// `1 / x` for a real `x >= 0`, with `1 / 0 = inf` (not NaN): the reactance `1 / (w C)` of a
/// capacitor at DC, the conductance `1 / R` of a short.
#[inline]
fn inv<T: Scalar>(x: T) -> T {
    if x.re() == 0.0 {
        T::from(f64::INFINITY)
    } else {
        x.recip()
    }
}

/// `a * b` for `a, b >= 0` with `0 * inf = 0`: the loss resistance `w L / Q` of an inductor at
/// DC is `0` even for `Q = 0`, and no loss at all for `Q = inf`.
#[inline]
fn mul0<T: Scalar>(a: T, b: T) -> T {
    let (x, y) = (a.re(), b.re());
    if (x == 0.0 && y.is_infinite()) || (y == 0.0 && x.is_infinite()) {
        T::zero()
    } else {
        a * b
    }
}

/// `re + j im`, or `inf + j0` if either part is infinite: an impedance with an infinite part is
/// an open, an admittance a short, and the S forms take `inf + j0` exactly (both parts infinite
/// would be `inf / inf = NaN`).
#[inline]
fn immittance<T: Scalar>(re: T, im: T) -> Complex<T> {
    if re.re().is_infinite() || im.re().is_infinite() {
        Complex::new(T::from(f64::INFINITY), T::zero())
    } else {
        Complex::new(re, im)
    }
}

/// `1 / z`, with `1 / 0 = inf` (a short for an impedance, an open for an admittance) and
/// `1 / inf = 0` for an infinite part.
#[inline]
fn recip_inf<T: Scalar>(z: Complex<T>) -> Complex<T> {
    if z.re.re() == 0.0 && z.im.re() == 0.0 {
        Complex::new(T::from(f64::INFINITY), T::zero())
    } else {
        cmath::recip(immittance(z.re, z.im))
    }
}

/// `j x / den`, or `inf` if `den = 0`, with an infinite part of `den` making it `0`.
#[inline]
fn j_over<T: Scalar>(x: T, den_re: T, den_im: T) -> Complex<T> {
    if den_re.re() == 0.0 && den_im.re() == 0.0 {
        Complex::new(T::from(f64::INFINITY), T::zero())
    } else {
        Complex::new(T::zero(), x) * cmath::recip(immittance(den_re, den_im))
    }
}

/// `Y = 1 / (R + jwL + 1/(jwC)) = jwC / (1 - w^2 LC + jwCR)` of R, L and C in series: `0` at
/// DC and at `C = 0`, with the derivative `jw` in C there; `inf` (a short) at a lossless series
/// resonance. An infinite C leaves the R-L branch, `1 / (R + jwL)`.
#[inline]
fn y_series_rlc<T: Scalar>(f: T, r: T, l: T, c: T) -> Complex<T> {
    let (wl, wc) = (w_times(f, l), w_times(f, c));
    if wc.re().is_infinite() {
        return recip_inf(immittance(r, wl));
    }
    j_over(wc, -mul0(wl, wc) + 1.0, mul0(wc, r))
}

/// `Z = 1 / (1/R + 1/(jwL) + jwC) = jwL / (1 - w^2 LC + jwL/R)` of R, L and C in parallel: `0`
/// at DC and at `L = 0`, with the derivative `jw` in L there; `inf` (an open) at a lossless
/// parallel resonance. An infinite L leaves the R-C branch, `1 / (1/R + jwC)`.
#[inline]
fn z_parallel_rlc<T: Scalar>(f: T, r: T, l: T, c: T) -> Complex<T> {
    let (wl, wc) = (w_times(f, l), w_times(f, c));
    if wl.re().is_infinite() {
        return recip_inf(immittance(inv(r), wc));
    }
    j_over(wl, -mul0(wl, wc) + 1.0, mul0(wl, inv(r)))
}

/// Declares a 2-port of its own (the sections do; an element's placements come from
/// [`element!`]): the struct with its `#[param]` fields (in declaration order), a constructor
/// taking them in that order, and its `Component<2>` impl, in S unless a domain (`in Abcd`,
/// `in Y`, ...) is given, with the exact Y-parameters `y: |m, f| ...` for circuits' nodal
/// solver ([`Component::try_y_at`]) if given.
macro_rules! lumped {
    (
        $(#[$doc:meta])*
        $name:ident { $($field:ident: $unit:literal, $scale:literal, $bounds:tt, $what:literal;)+ }
        |$s:ident, $f:ident| $body:expr
        $(, y: |$ys:ident, $yf:ident| $ybody:expr)?
        $(, abcd: |$as:ident, $af:ident| $abody:expr)?
    ) => {
        lumped!(
            $(#[$doc])*
            $name { $($field: $unit, $scale, $bounds, $what;)+ } in S |$s, $f| $body
            $(, y: |$ys, $yf| $ybody)?
            $(, abcd: |$as, $af| $abody)?
        );
    };
    (
        $(#[$doc:meta])*
        $name:ident { $($field:ident: $unit:literal, $scale:literal, $bounds:tt, $what:literal;)+ }
        in $domain:ident |$s:ident, $f:ident| $body:expr
        $(, y: |$ys:ident, $yf:ident| $ybody:expr)?
        $(, abcd: |$as:ident, $af:ident| $abody:expr)?
    ) => {
        $crate::components::lumped::element!(
            @struct $(#[$doc])* $name { $($field: $unit, $scale, $bounds, $what;)+ }
        );

        impl<T: Scalar> Component<2> for $name<T> {
            type Domain = domain::$domain;
            #[inline]
            fn primary(&self, f: T) -> Mat<T, 2> {
                let ($s, $f) = (self, f);
                $body
            }
            $(
                #[inline]
                fn try_y_at(&self, f: T) -> Option<Mat<T, 2>> {
                    let ($ys, $yf) = (self, f);
                    $ybody
                }
            )?
            $(
                #[inline]
                fn abcd_hint(&self, f: T) -> Option<crate::network::twoport::Abcd<T>> {
                    let ($as, $af) = (self, f);
                    $abody
                }
            )?
        }
    };
}
pub(crate) use lumped;

/// Declares one element in its three placements from its immittance `|m, f| ...`, an
/// [`Immittance`] written once for the 1-port `m` at frequency `f`: the two-terminal
/// `Component<1>` (first name), the `Component<2>` in series (second) and the one in shunt
/// (third), each with its doc comments, the same `#[param]` fields (in declaration order) and
/// a constructor taking them in that order. The 2-ports give their exact Y-parameters
/// ([`Component::try_y_at`]) and ABCD hints ([`Component::abcd_hint`]) from the same value.
macro_rules! element {
    // The struct, with its doc comments and `#[param]` fields, and its constructor.
    (@struct $(#[$doc:meta])* $name:ident { $($field:ident: $unit:literal, $scale:literal, $bounds:tt, $what:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Model, Clone, Copy, Debug, PartialEq)]
        pub struct $name<T: Scalar = f64> {
            $(
                #[doc = concat!($what, ".")]
                #[param(unit = $unit, scale = $scale, bounds = $bounds)]
                pub $field: T,
            )+
        }

        impl<T: Scalar> $name<T> {
            #[doc = concat!(
                "A new element from ",
                $("`", stringify!($field), "`, ",)+
                "in SI units (not checked: [`Model::params`](crate::Model::params) and ",
                "[`Model::with_params`](crate::Model::with_params) check the bounds)."
            )]
            pub fn new($($field: T),+) -> Self {
                Self { $($field),+ }
            }
        }
    };
    // The `Component<2>` of a 2-port placing the 1-port `$one` by its immittance's methods.
    (@two $name:ident, $one:ident, $s:ident, $y:ident, $abcd:ident { $($field:ident)+ }) => {
        impl<T: Scalar> Component<2> for $name<T> {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, f: T) -> Mat<T, 2> {
                $one { $($field: self.$field),+ }.immittance(f).$s()
            }
            #[inline]
            fn try_y_at(&self, f: T) -> Option<Mat<T, 2>> {
                $one { $($field: self.$field),+ }.immittance(f).$y()
            }
            #[inline]
            fn abcd_hint(&self, f: T) -> Option<crate::network::twoport::Abcd<T>> {
                $one { $($field: self.$field),+ }.immittance(f).$abcd()
            }
        }
    };
    (
        $(#[$one_doc:meta])* $one:ident,
        $(#[$series_doc:meta])* $series:ident,
        $(#[$shunt_doc:meta])* $shunt:ident,
        { $($field:ident: $unit:literal, $scale:literal, $bounds:tt, $what:literal;)+ }
        |$m:ident, $f:ident| $immittance:expr
    ) => {
        element!(@struct $(#[$one_doc])* $one { $($field: $unit, $scale, $bounds, $what;)+ });
        element!(@struct $(#[$series_doc])* $series { $($field: $unit, $scale, $bounds, $what;)+ });
        element!(@struct $(#[$shunt_doc])* $shunt { $($field: $unit, $scale, $bounds, $what;)+ });

        impl<T: Scalar> $one<T> {
            /// The element's immittance at `f` (Hz): its one formula, for all three placements.
            #[inline]
            fn immittance(&self, f: T) -> Immittance<T> {
                let ($m, $f) = (self, f);
                $immittance
            }
        }

        impl<T: Scalar> Component<1> for $one<T> {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, f: T) -> Mat<T, 1> {
                [[self.immittance(f).reflection()]]
            }
            #[inline]
            fn try_y_at(&self, f: T) -> Option<Mat<T, 1>> {
                self.immittance(f).admittance().map(|y| [[y]])
            }
        }

        element!(@two $series, $one, series_s, series_y, series_abcd { $($field)+ });
        element!(@two $shunt, $one, shunt_s, shunt_y, shunt_abcd { $($field)+ });
    };
}
pub(crate) use element;

element!(
    /// A resistor, `Z = R`: a two-terminal element (a 1-port: between two nets of a circuit,
    /// or the arm of a [`Series`](crate::components::Series) or
    /// [`Shunt`](crate::components::Shunt)). `R = 0` is a short, `R = inf` an open.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{Resistor, Series, SeriesR, Shunt, ShuntR};
    ///
    /// // 150 ohm at 50 ohm: S = (150 - 50) / (150 + 50) = 1/2, Y = 1/150.
    /// let r = Resistor::new(150.0);
    /// assert!((r.s_at(1e9)[0][0] - 0.5).norm() < 1e-15);
    /// assert!((r.try_y_at(1e9).unwrap()[0][0] - 1.0 / 150.0).norm() < 1e-18);
    /// // In series or in shunt, it is the 2-port SeriesR or ShuntR.
    /// let (s, want) = (Series::new(r).s_at(1e9), SeriesR::new(150.0).s_at(1e9));
    /// assert!((s[0][0] - want[0][0]).norm() < 1e-15 && (s[1][0] - want[1][0]).norm() < 1e-15);
    /// let (s, want) = (Shunt::new(r).s_at(1e9), ShuntR::new(150.0).s_at(1e9));
    /// assert!((s[0][0] - want[0][0]).norm() < 1e-15 && (s[1][0] - want[1][0]).norm() < 1e-15);
    /// // The limits are exact.
    /// assert_eq!(Resistor::new(0.0).s_at(1e9)[0][0], Complex::new(-1.0, 0.0));
    /// assert_eq!(Resistor::new(f64::INFINITY).s_at(1e9)[0][0], Complex::new(1.0, 0.0));
    /// ```
    Resistor,
    /// A resistor in series between port 1 and port 2.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    /// let f = Frequency::from_hz([1e9])?;
    /// let s = SeriesR::new(50.0).s(&f);
    /// assert!((s[[0, 0, 0]].re - 1.0 / 3.0).abs() < 1e-15); // 50/(50 + 100)
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    SeriesR,
    /// A resistor from the through line to ground.
    ShuntR,
    { r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm"; }
    |m, _f| Immittance::Z(Complex::new(m.r, T::zero()))
);

element!(
    /// An inductor, `Z = jwL`: a two-terminal element (a 1-port), a short at DC.
    Inductor,
    /// An inductor in series between port 1 and port 2.
    SeriesL,
    /// An inductor from the through line to ground (a short at DC).
    ShuntL,
    { l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H"; }
    |m, f| Immittance::Reactance(w_times(f, m.l))
);

element!(
    /// A capacitor, `Y = jwC`: a two-terminal element (a 1-port), an open at DC and at `C = 0`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::Capacitor;
    ///
    /// // 1 pF at 1 GHz: S = (1 - j w C 50) / (1 + j w C 50), on the unit circle.
    /// let (c, f) = (1e-12, 1e9);
    /// let w = Complex::new(0.0, std::f64::consts::TAU * f * c * 50.0);
    /// let s = Capacitor::new(c).s_at(f)[0][0];
    /// assert!((s - (1.0 - w) / (1.0 + w)).norm() < 1e-15 && (s.norm() - 1.0).abs() < 1e-15);
    /// // An open at DC, with admittance 0 for the nodal solver.
    /// assert_eq!(Capacitor::new(c).s_at(0.0)[0][0], Complex::new(1.0, 0.0));
    /// assert_eq!(Capacitor::new(c).try_y_at(0.0), Some([[Complex::new(0.0, 0.0)]]));
    /// ```
    Capacitor,
    /// A capacitor in series between port 1 and port 2 (an open circuit at DC).
    SeriesC,
    /// A capacitor from the through line to ground.
    ShuntC,
    { c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F"; }
    |m, f| Immittance::Susceptance(w_times(f, m.c))
);

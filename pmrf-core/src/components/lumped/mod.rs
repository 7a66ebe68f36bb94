//! Lumped elements in series between the two ports, or in shunt to ground: ideal R, L, C; lossy
//! capacitors and inductors (constant Q, or a series resistance); series and parallel RLC
//! resonators; and frequency-independent impedances and admittances.
//!
//! Each element is one immittance (an impedance `Z` or an admittance `Y`) placed in series
//! between port 1 and port 2 or in shunt from the through line to ground, and is computed
//! directly in S (reference impedance [`Z0`]) with the forms of
//! [`twoport`](crate::network::twoport). The immittance used is the one that stays finite at DC
//! and vanishes linearly with a reactive element's value: R and L (alone, lossy or with an ESR)
//! through `Z`; anything with a C in series (a C, a lossy C, a series RLC) through
//! `Y = jwC / (...)`; a parallel RLC through `Z = jwL / (...)`. So derivatives are exact at
//! `C = 0` and `L = 0` too, the lower bounds parasitic elements are fitted from (not only
//! wherever the values are finite and nonzero).
//!
//! Every element is exact over its whole parameter range, including the limits: `R = 0` or
//! `L = 0` in series is a thru, in shunt a short; `C = 0` in series is an open, in shunt a thru;
//! infinite values give the opposite limit (an infinite series R, L or shunt C at `f > 0` is an
//! open, resp. a short). At DC an inductor is a short and a capacitor an open for every value,
//! infinite included, whatever its losses. An immittance with an infinite part is the open
//! (impedance) or short (admittance) it tends to, never `inf / inf = NaN`.
//!
//! Z and Y parameters follow from S and are NaN where they do not exist (see
//! [`convert`](crate::network::convert)): a series element has no Z and a shunt element no Y;
//! at DC a series L or shunt C is a thru (neither Z nor Y), a series C leaves two open ports
//! (`Y = 0`, no Z) and a shunt L shorts both ports (`Z = 0`, no Y).

use std::f64::consts::TAU;

use num_complex::Complex;

use crate::cmath;
use crate::network::twoport::{
    series_admittance, series_impedance, series_impedance_abcd, shunt_admittance,
    shunt_admittance_abcd, shunt_impedance, shunt_impedance_abcd,
};
use crate::network::{Component, Mat, Z0, domain};
use crate::{Model, Scalar};

mod generic;
mod lossy;
mod resonators;

pub use generic::{SeriesAdmittance, SeriesImpedance, ShuntAdmittance, ShuntImpedance};
pub use lossy::{
    SeriesCEsr, SeriesCQ, SeriesLEsr, SeriesLQ, ShuntCEsr, ShuntCQ, ShuntLEsr, ShuntLQ,
};
pub use resonators::{SeriesParallelRlc, SeriesRlc, ShuntParallelRlc, ShuntRlc};

/// The Y-parameters of a series admittance `y`, `y [[1, -1], [-1, 1]]`; `None` if `y` is not
/// finite (a short: no Y). A shunt element has no Y at all: its two ports are one node.
#[inline]
fn series_y<T: Scalar>(y: Complex<T>) -> Option<Mat<T, 2>> {
    (y.re.re().is_finite() && y.im.re().is_finite()).then_some([[y, -y], [-y, y]])
}

/// `j w x` for a real `x` at frequency `f`.
///
/// At DC (`f = 0`) this is `0` for every `x`, infinite included (not `0 * inf = NaN`): an
/// inductor is a short and a capacitor an open at DC whatever its value, so an ideal choke
/// (`L = inf`) passes DC and an ideal DC block (`C = inf`) stops it, as in a bias tee.
#[inline]
fn jw<T: Scalar>(f: T, x: T) -> Complex<T> {
    Complex::new(T::zero(), w_times(f, x))
}

/// `1 / (j w x) = -j / (w x)` by one real reciprocal: infinite (no ABCD hint) at DC and for
/// `x = 0`.
#[inline]
fn over_jw<T: Scalar>(f: T, x: T) -> Complex<T> {
    Complex::new(T::zero(), -w_times(f, x).recip())
}

/// `w x = 2 pi f x`, `0` at DC for every `x` (see [`jw`]).
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

/// Declares a lumped element: the struct with its `#[param]` fields (in declaration order), a
/// constructor taking them in that order, and its `Component<2>` impl, in S unless a domain
/// (`in Abcd`, `in Y`, ...) is given, with the exact Y-parameters `y: |m, f| ...` for circuits'
/// nodal solver ([`Component::try_y_at`]) if given.
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

lumped!(
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
    SeriesR { r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm"; }
    |m, _f| series_impedance(Complex::new(m.r, T::zero()), Z0),
    y: |m, _f| series_y(recip_inf(Complex::new(m.r, T::zero()))),
    abcd: |m, _f| series_impedance_abcd(Complex::new(m.r, T::zero()))
);

lumped!(
    /// An inductor in series between port 1 and port 2.
    SeriesL { l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H"; }
    |m, f| series_impedance(jw(f, m.l), Z0),
    y: |m, f| series_y(recip_inf(jw(f, m.l))),
    abcd: |m, f| series_impedance_abcd(jw(f, m.l))
);

lumped!(
    /// A capacitor in series between port 1 and port 2 (an open circuit at DC).
    SeriesC { c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F"; }
    |m, f| series_admittance(jw(f, m.c), Z0),
    y: |m, f| series_y(jw(f, m.c)),
    abcd: |m, f| series_impedance_abcd(over_jw(f, m.c))
);

lumped!(
    /// A resistor from the through line to ground.
    ShuntR { r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm"; }
    |m, _f| shunt_impedance(Complex::new(m.r, T::zero()), Z0),
    y: |_m, _f| None,
    abcd: |m, _f| shunt_impedance_abcd(Complex::new(m.r, T::zero()))
);

lumped!(
    /// An inductor from the through line to ground (a short at DC).
    ShuntL { l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H"; }
    |m, f| shunt_impedance(jw(f, m.l), Z0),
    y: |_m, _f| None,
    abcd: |m, f| shunt_admittance_abcd(over_jw(f, m.l))
);

lumped!(
    /// A capacitor from the through line to ground.
    ShuntC { c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F"; }
    |m, f| shunt_admittance(jw(f, m.c), Z0),
    y: |_m, _f| None,
    abcd: |m, f| shunt_admittance_abcd(jw(f, m.c))
);

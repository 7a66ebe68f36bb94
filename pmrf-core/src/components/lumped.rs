//! Lumped elements in series between the two ports, or in shunt to ground.
//!
//! Each is computed directly in S (reference impedance [`Z0`]) with the forms of
//! [`twoport`](crate::network::twoport), chosen so that the argument stays finite at DC: series
//! and shunt R and L through their impedance, C through its admittance. Every element is exact
//! over its whole range `[0, inf]`, including the limits: `R = 0` or `L = 0` in series is a thru,
//! in shunt a short; `C = 0` in series is an open, in shunt a thru; infinite values give the
//! opposite limit (an infinite series R, L or shunt C at `f > 0` is an open, resp. a short). At DC
//! an inductor is a short and a capacitor an open for every value, infinite included.
//!
//! Z and Y parameters follow from S and are NaN where they do not exist (see
//! [`convert`](crate::network::convert)): a series element has no Z and a shunt element no Y;
//! at DC a series L or shunt C is a thru (neither Z nor Y), a series C leaves two open ports
//! (`Y = 0`, no Z) and a shunt L shorts both ports (`Z = 0`, no Y).

use std::f64::consts::TAU;

use num_complex::Complex;

use crate::network::twoport::{
    series_admittance, series_impedance, shunt_admittance, shunt_impedance,
};
use crate::network::{Component, Mat, Z0, domain};
use crate::{Model, Scalar, cmath};

/// `j w x` for a real `x` at frequency `f`.
///
/// At DC (`f = 0`) this is `0` for every `x`, infinite included (not `0 * inf = NaN`): an
/// inductor is a short and a capacitor an open at DC whatever its value, so an ideal choke
/// (`L = inf`) passes DC and an ideal DC block (`C = inf`) stops it, as in a bias tee.
#[inline]
fn jw<T: Scalar>(f: T, x: T) -> Complex<T> {
    let w = if f.re() == 0.0 && x.re().is_infinite() {
        f
    } else {
        f * x * TAU
    };
    Complex::new(T::zero(), w)
}

/// The Y-parameters of a series admittance `y`, `y [[1, -1], [-1, 1]]`; `None` if `y` is not
/// finite (a short: no Y). A shunt element has no Y at all (its two ports are one node).
#[inline]
fn series_y<T: Scalar>(y: Complex<T>) -> Option<Mat<T, 2>> {
    (y.re.re().is_finite() && y.im.re().is_finite()).then_some([[y, -y], [-y, y]])
}

macro_rules! lumped {
    (
        $(#[$doc:meta])*
        $name:ident, $field:ident, $unit:literal, $scale:literal, $what:literal,
        |$s:ident, $f:ident| $body:expr,
        y: |$ys:ident, $yf:ident| $ybody:expr
    ) => {
        $(#[$doc])*
        #[derive(Model, Clone, Copy, Debug, PartialEq)]
        pub struct $name<T: Scalar = f64> {
            #[doc = concat!($what, ", in ", $unit, ".")]
            #[param(unit = $unit, scale = $scale, bounds = (0.0, f64::INFINITY))]
            pub $field: T,
        }

        impl<T: Scalar> $name<T> {
            #[doc = concat!("A new element with ", $what, " `", stringify!($field), "` (", $unit, ").")]
            pub fn new($field: T) -> Self {
                Self { $field }
            }
        }

        impl<T: Scalar> Component<2> for $name<T> {
            type Domain = domain::S;
            #[inline]
            fn primary(&self, f: T) -> Mat<T, 2> {
                let ($s, $f) = (self, f);
                $body
            }
            #[inline]
            fn try_y_at(&self, f: T) -> Option<Mat<T, 2>> {
                let ($ys, $yf) = (self, f);
                $ybody
            }
        }
    };
}

lumped!(
    /// A resistor in series between port 1 and port 2.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// let f = Frequency::from_hz([1e9])?;
    /// let s = SeriesR::new(50.0).s(&f);
    /// assert!((s[[0, 0, 0]].re - 1.0 / 3.0).abs() < 1e-15); // 50/(50 + 100)
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    SeriesR, r, "ohm", 1.0, "resistance",
    |m, _f| series_impedance(Complex::new(m.r, T::zero()), Z0),
    y: |m, _f| series_y(Complex::new(m.r.recip(), T::zero()))
);

lumped!(
    /// An inductor in series between port 1 and port 2.
    SeriesL, l, "H", 1e-9, "inductance",
    |m, f| series_impedance(jw(f, m.l), Z0),
    y: |m, f| series_y(cmath::recip(jw(f, m.l)))
);

lumped!(
    /// A capacitor in series between port 1 and port 2 (an open circuit at DC).
    SeriesC, c, "F", 1e-12, "capacitance",
    |m, f| series_admittance(jw(f, m.c), Z0),
    y: |m, f| series_y(jw(f, m.c))
);

lumped!(
    /// A resistor from the through line to ground.
    ShuntR, r, "ohm", 1.0, "resistance",
    |m, _f| shunt_impedance(Complex::new(m.r, T::zero()), Z0),
    y: |_m, _f| None
);

lumped!(
    /// An inductor from the through line to ground (a short at DC).
    ShuntL, l, "H", 1e-9, "inductance",
    |m, f| shunt_impedance(jw(f, m.l), Z0),
    y: |_m, _f| None
);

lumped!(
    /// A capacitor from the through line to ground.
    ShuntC, c, "F", 1e-12, "capacitance",
    |m, f| shunt_admittance(jw(f, m.c), Z0),
    y: |_m, _f| None
);

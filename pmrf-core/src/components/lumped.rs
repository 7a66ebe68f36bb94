//! Lumped elements in series between the two ports, or in shunt to ground.
//!
//! Each is computed directly in S (reference impedance [`Z0`]) in the form that stays exact at
//! DC and at zero or infinite element values: series elements through their impedance or
//! admittance, shunt ones likewise.

use std::f64::consts::TAU;

use num_complex::Complex;

use crate::network::{Component, Mat, Z0, domain};
use crate::{Model, Scalar};

/// S of a series impedance `z`: S11 = S22 = z/(z + 2 Z0), S21 = S12 = 2 Z0/(z + 2 Z0).
#[inline]
fn series_z<T: Scalar>(z: Complex<T>) -> Mat<T, 2> {
    let inv = (z + T::from(2.0 * Z0)).inv();
    let s11 = z * inv;
    let s21 = inv * T::from(2.0 * Z0);
    [[s11, s21], [s21, s11]]
}

/// S of a series admittance `y`: S11 = 1/(1 + 2 Z0 y), S21 = 2 Z0 y/(1 + 2 Z0 y).
#[inline]
fn series_y<T: Scalar>(y: Complex<T>) -> Mat<T, 2> {
    let y2 = y * T::from(2.0 * Z0);
    let s11 = (y2 + T::one()).inv();
    let s21 = y2 * s11;
    [[s11, s21], [s21, s11]]
}

/// S of a shunt admittance `y`: S11 = -Z0 y/(2 + Z0 y), S21 = 2/(2 + Z0 y).
#[inline]
fn shunt_y<T: Scalar>(y: Complex<T>) -> Mat<T, 2> {
    let yz = y * T::from(Z0);
    let inv = (yz + T::from(2.0)).inv();
    let s11 = -yz * inv;
    let s21 = inv * T::from(2.0);
    [[s11, s21], [s21, s11]]
}

/// S of a shunt impedance `z`: S11 = -Z0/(2z + Z0), S21 = 2z/(2z + Z0).
#[inline]
fn shunt_z<T: Scalar>(z: Complex<T>) -> Mat<T, 2> {
    let z2 = z * T::from(2.0);
    let inv = (z2 + T::from(Z0)).inv();
    let s11 = inv * T::from(-Z0);
    let s21 = z2 * inv;
    [[s11, s21], [s21, s11]]
}

/// `j w x` for a real `x` at frequency `f`.
#[inline]
fn jw<T: Scalar>(f: T, x: T) -> Complex<T> {
    Complex::new(T::zero(), f * x * TAU)
}

macro_rules! lumped {
    (
        $(#[$doc:meta])*
        $name:ident, $field:ident, $unit:literal, $scale:literal, $what:literal,
        |$s:ident, $f:ident| $body:expr
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
    |m, _f| series_z(Complex::new(m.r, T::zero()))
);

lumped!(
    /// An inductor in series between port 1 and port 2.
    SeriesL, l, "H", 1e-9, "inductance",
    |m, f| series_z(jw(f, m.l))
);

lumped!(
    /// A capacitor in series between port 1 and port 2 (an open circuit at DC).
    SeriesC, c, "F", 1e-12, "capacitance",
    |m, f| series_y(jw(f, m.c))
);

lumped!(
    /// A resistor from the through line to ground.
    ShuntR, r, "ohm", 1.0, "resistance",
    |m, _f| shunt_z(Complex::new(m.r, T::zero()))
);

lumped!(
    /// An inductor from the through line to ground (a short at DC).
    ShuntL, l, "H", 1e-9, "inductance",
    |m, f| shunt_z(jw(f, m.l))
);

lumped!(
    /// A capacitor from the through line to ground.
    ShuntC, c, "F", 1e-12, "capacitance",
    |m, f| shunt_y(jw(f, m.c))
);

//! Numbers to matrices: pairs to complex values, the file's order to S's layout, and Y, Z, H, G
//! to S at real per-port references (formulas in the module documentation of `touchstone`).

use num_complex::Complex64;

use super::{MatrixFormat, NumberFormat, Parameter};
use crate::network::lu::lu_solve;

type C = Complex64;

/// `magnitude * exp(j angle)` for an angle in degrees, exact at multiples of 90 degrees and
/// accurate for large angles: the angle is reduced modulo 360 and to the nearest quadrant in
/// degrees (both exact in floating point) before it is converted to radians.
pub(super) fn polar_deg(magnitude: f64, degrees: f64) -> C {
    let r = degrees % 360.0; // exact, in (-360, 360)
    let q = (r / 90.0).round(); // -4..=4
    let x = r - 90.0 * q; // exact (Sterbenz), in [-45, 45]
    let (s, c) = x.to_radians().sin_cos();
    let (re, im) = match (q as i64).rem_euclid(4) {
        0 => (c, s),
        1 => (-s, c),
        2 => (-c, -s),
        _ => (s, -c),
    };
    C::new(magnitude * re, magnitude * im)
}

/// The angle of `z` in degrees, in (-180, 180].
pub(super) fn angle_deg(z: C) -> f64 {
    z.im.atan2(z.re).to_degrees()
}

/// `10 tenth exp(j angle)` for an angle in degrees: a magnitude beyond the largest `f64` (which
/// an S with parts up to `f64::MAX` has) given by its tenth. `None` where a part of the value
/// is beyond the range of an `f64`.
pub(super) fn polar_tenth(tenth: f64, degrees: f64) -> Option<C> {
    let z = polar_deg(tenth, degrees) * 10.0;
    (z.re.is_finite() && z.im.is_finite()).then_some(z)
}

/// A pair of numbers as a complex value. `Err` with a message for a DB magnitude that
/// overflows.
pub(super) fn pair(format: NumberFormat, a: f64, b: f64) -> Result<C, String> {
    match format {
        NumberFormat::RealImaginary => Ok(C::new(a, b)),
        NumberFormat::MagnitudeAngle => Ok(polar_deg(a, b)),
        NumberFormat::DecibelAngle => {
            if a == f64::NEG_INFINITY {
                return Ok(C::new(0.0, 0.0));
            }
            let m = 10f64.powf(a / 20.0);
            if m.is_finite() {
                return Ok(polar_deg(m, b));
            }
            polar_tenth(10f64.powf(a / 20.0 - 1.0), b).ok_or_else(|| {
                format!("a magnitude of {a} dB is beyond the range of a 64-bit float")
            })
        }
    }
}

/// The position in the `n x n` matrix (row, column) of each value of a point, in file order.
pub(super) fn layout(n: usize, matrix: MatrixFormat, two_port_21_12: bool) -> Vec<(usize, usize)> {
    match matrix {
        MatrixFormat::Full if n == 2 && two_port_21_12 => vec![(0, 0), (1, 0), (0, 1), (1, 1)],
        MatrixFormat::Full => (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).collect(),
        MatrixFormat::Lower => (0..n).flat_map(|i| (0..=i).map(move |j| (i, j))).collect(),
        MatrixFormat::Upper => (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect(),
    }
}

/// Turns one point's matrix `m` (row-major, `n x n`) of `parameter` into S in place. `r` are
/// the real references per port; `normalised` says whether the values are already divided by
/// them (version 1) or in ohm and siemens (version 2). Where S does not exist (a singular
/// matrix) or is not finite, the point is all NaN.
pub(super) fn to_s(parameter: Parameter, m: &mut [C], n: usize, r: &[f64], normalised: bool) {
    match parameter {
        Parameter::S => return,
        Parameter::Z | Parameter::Y => {
            if !normalised {
                // z = R^-1/2 Z R^-1/2, y = R^1/2 Y R^1/2.
                let sq: Vec<f64> = r.iter().map(|x| x.sqrt()).collect();
                for i in 0..n {
                    for j in 0..n {
                        let k = sq[i] * sq[j];
                        m[i * n + j] = if parameter == Parameter::Z {
                            m[i * n + j] / k
                        } else {
                            m[i * n + j] * k
                        };
                    }
                }
            }
            // Z: S = (z + I)^-1 (z - I); Y: S = (I + y)^-1 (I - y) = (y + I)^-1 (-(y - I)).
            let mut den = m.to_vec();
            let sign = if parameter == Parameter::Z { 1.0 } else { -1.0 };
            for i in 0..n {
                den[i * n + i] += 1.0;
                m[i * n + i] -= 1.0;
            }
            for v in m.iter_mut() {
                *v *= sign;
            }
            if !solve_in_place(&den, m, n) {
                m.fill(C::new(f64::NAN, f64::NAN));
            }
        }
        Parameter::H | Parameter::G => {
            let (mut a11, mut a12, mut a21, mut a22) = (m[0], m[1], m[2], m[3]);
            if !normalised {
                let k = (r[1] / r[0]).sqrt();
                if parameter == Parameter::H {
                    (a11, a12, a21, a22) = (a11 / r[0], a12 * k, a21 * k, a22 * r[1]);
                } else {
                    (a11, a12, a21, a22) = (a11 * r[0], a12 / k, a21 / k, a22 / r[1]);
                }
            }
            let one = C::new(1.0, 0.0);
            let p = a12 * a21;
            let d = (one + a11) * (one + a22) - p;
            let s = if parameter == Parameter::H {
                [
                    (a11 - one) * (a22 + one) - p,
                    a12 * 2.0,
                    -a21 * 2.0,
                    (one + a11) * (one - a22) + p,
                ]
            } else {
                [
                    (one - a11) * (one + a22) + p,
                    -a12 * 2.0,
                    a21 * 2.0,
                    (one + a11) * (a22 - one) - p,
                ]
            };
            for (v, x) in m.iter_mut().zip(s) {
                *v = x / d;
            }
        }
    }
    for v in m.iter_mut() {
        if !(v.re.is_finite() && v.im.is_finite()) {
            *v = C::new(f64::NAN, f64::NAN);
        }
    }
}

/// Solves `a x = b` for the `n x n` matrices `a` and `b` (overwritten by `x`), with the
/// crate's LU. `false` if `a` is singular to working precision (a pivot at most `n eps` times
/// its largest entry) or not finite.
fn solve_in_place(a: &[C], b: &mut [C], n: usize) -> bool {
    // The augmented matrix `[a | b]`, row-major `n x 2n`.
    let mut ab: Vec<C> = (0..n)
        .flat_map(|i| a[i * n..(i + 1) * n].iter().chain(&b[i * n..(i + 1) * n]))
        .copied()
        .collect();
    if !lu_solve(&mut ab, n, 2 * n, n as f64 * f64::EPSILON) {
        return false;
    }
    for (row, x) in b.chunks_exact_mut(n).zip(ab.chunks_exact(2 * n)) {
        row.copy_from_slice(&x[n..]);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polar_is_exact_on_the_axes() {
        for (deg, want) in [
            (0.0, C::new(2.0, 0.0)),
            (90.0, C::new(0.0, 2.0)),
            (180.0, C::new(-2.0, 0.0)),
            (-90.0, C::new(0.0, -2.0)),
            (270.0, C::new(0.0, -2.0)),
            (720.0, C::new(2.0, 0.0)),
            (-540.0, C::new(-2.0, 0.0)),
        ] {
            assert_eq!(polar_deg(2.0, deg), want, "{deg}");
        }
        for deg in [
            -359.9,
            -200.0,
            -45.0,
            1e-9,
            30.0,
            44.999,
            45.0,
            135.5,
            1e6 + 0.25,
        ] {
            let want = C::from_polar(1.5, (deg % 360.0f64).to_radians());
            assert!((polar_deg(1.5, deg) - want).norm() < 2e-15, "{deg}");
        }
    }

    #[test]
    fn solve_small_systems() {
        let a = vec![
            C::new(2.0, 0.0),
            C::new(1.0, 0.0),
            C::new(1.0, 0.0),
            C::new(3.0, 0.0),
        ];
        let mut b = vec![
            C::new(3.0, 0.0),
            C::new(5.0, 0.0),
            C::new(4.0, 0.0),
            C::new(5.0, 0.0),
        ];
        assert!(solve_in_place(&a, &mut b, 2));
        // [[2,1],[1,3]]^-1 [[3,5],[4,5]] = [[1, 2], [1, 1]]
        let want = [1.0, 2.0, 1.0, 1.0];
        for (x, w) in b.iter().zip(want) {
            assert!((x - w).norm() < 1e-15);
        }
        let singular = vec![C::new(1.0, 0.0); 4];
        assert!(!solve_in_place(&singular, &mut b, 2));
    }
}

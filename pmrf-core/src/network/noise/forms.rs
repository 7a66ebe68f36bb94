//! The noise correlation matrix in the impedance, admittance and chain (ABCD) forms, and its
//! conversions to and from the noise-wave (S) form.
//!
//! Every form is `<x x^H>` per unit bandwidth over Boltzmann's constant, like the S form: a
//! resistor `R` at temperature `T` has an open-circuit noise voltage of `<|v|^2> = 4 T R`
//! (kelvin ohm) and a short-circuit noise current of `<|i|^2> = 4 T / R` (kelvin siemens).
//!
//! * impedance form `C_Z` (K ohm): `V = Z I + v`, the open-circuit noise voltages `v` of the
//!   ports (currents into the ports);
//! * admittance form `C_Y` (K S): `I = Y V + i`, the short-circuit noise currents `i`;
//! * chain form `C_A` of a 2-port: `[V1, I1] = A [V2, -I2] + [v_n, i_n]`, a noise voltage in
//!   series with and a noise current across the input of the noiseless 2-port, `C_A =
//!   [[<|v_n|^2> (K ohm), <v_n i_n*> (K)], [<i_n v_n*> (K), <|i_n|^2> (K S)]]`
//!   (Hillbrand and Russer 1976; scikit-rf's `Network.noise` is `k C_A`).
//!
//! With power waves at a real reference `Z0` the noise waves are `c = (I - S) v / (2 sqrt Z0)`
//! and `c = -(sqrt Z0 / 2) (I + S) i`, and `c = M [v_n, i_n]` with `M = [[1 - S11, -Z0 (1 +
//! S11)], [-S21, -Z0 S21]] / (2 sqrt Z0)` for the chain form.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesR;
//! use pmrf::network::noise::{self, T0};
//!
//! // 50 ohm in series at T0: its short-circuit noise currents are 4 T0 / R at both ports,
//! // and all of its noise is the chain form's series voltage 4 T0 R.
//! let (s, c) = SeriesR::new(50.0).s_noise_at(1e9, T0);
//! let cy = noise::s_to_y(&s, &c)?;
//! assert!((cy[0][0].re - 4.0 * T0 / 50.0).abs() < 1e-9);
//! let ca = noise::s_to_abcd(&s, &c)?;
//! assert!((ca[0][0].re - 4.0 * T0 * 50.0).abs() < 1e-9 && ca[1][1].norm() < 1e-9);
//! # Ok::<(), pmrf::Error>(())
//! ```

use num_complex::Complex;

use crate::network::{Mat, Z0, matrix};
use crate::{Error, Result, Scalar};

/// `a m a^H`.
fn sandwich<T: Scalar, const N: usize>(a: &Mat<T, N>, m: &Mat<T, N>) -> Mat<T, N> {
    let ah: Mat<T, N> = std::array::from_fn(|i| std::array::from_fn(|j| a[j][i].conj()));
    matrix::mul(&matrix::mul(a, m), &ah)
}

fn real<T: Scalar>(x: T) -> Complex<T> {
    Complex::new(x, T::zero())
}

fn z0<T: Scalar>() -> T {
    T::from(Z0)
}

/// `I + sign S`.
fn identity_plus<T: Scalar, const N: usize>(s: &Mat<T, N>, sign: f64) -> Mat<T, N> {
    let one = real(T::one());
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let d = if i == j { one } else { real(T::zero()) };
            d + s[i][j] * T::from(sign)
        })
    })
}

fn singular(what: &str, form: &str) -> Error {
    Error::InvalidNetwork(format!(
        "the noise correlation matrix has no {form} form: {what} is singular (the network \
         has no {form} parameters); use the S form, or a form the network has"
    ))
}

/// The impedance form `C_Z` (K ohm: `<v v^H>` of the open-circuit noise voltages, `V = Z I +
/// v`, per unit bandwidth over Boltzmann's constant; `4 T R` for a resistor) of the noise
/// waves `c` (K) of a network of scattering matrix `s` (50 ohm): `C_Z = 4 Z0 (I - S)^-1 C (I - S)^-H`.
///
/// # Errors
/// [`Error::InvalidNetwork`] if `I - S` is singular (no Z parameters, e.g. a series
/// element or an ideal transformer).
pub fn s_to_z<T: Scalar, const N: usize>(s: &Mat<T, N>, c: &Mat<T, N>) -> Result<Mat<T, N>> {
    let inv = matrix::inverse(&identity_plus(s, -1.0)).ok_or_else(|| singular("I - S", "Z"))?;
    Ok(matrix::scale(
        &sandwich(&inv, c),
        real(z0::<T>() * T::from(4.0)),
    ))
}

/// The noise waves `C` (K) of a network of scattering matrix `s` (50 ohm) from its impedance
/// form `cz` (K ohm): `C = (I - S) C_Z (I - S)^H / (4 Z0)`.
pub fn z_to_s<T: Scalar, const N: usize>(s: &Mat<T, N>, cz: &Mat<T, N>) -> Mat<T, N> {
    let k = (z0::<T>() * T::from(4.0)).recip();
    matrix::scale(&sandwich(&identity_plus(s, -1.0), cz), real(k))
}

/// The admittance form `C_Y` (K S: `<i i^H>` of the short-circuit noise currents, `I = Y V +
/// i`; `4 T / R` for a resistor) of the noise waves `c` (K) of a network of scattering
/// matrix `s` (50 ohm): `C_Y = (4 / Z0) (I + S)^-1 C (I + S)^-H`.
///
/// # Errors
/// [`Error::InvalidNetwork`] if `I + S` is singular (no Y parameters, e.g. a shunt element).
pub fn s_to_y<T: Scalar, const N: usize>(s: &Mat<T, N>, c: &Mat<T, N>) -> Result<Mat<T, N>> {
    let inv = matrix::inverse(&identity_plus(s, 1.0)).ok_or_else(|| singular("I + S", "Y"))?;
    Ok(matrix::scale(
        &sandwich(&inv, c),
        real(T::from(4.0) / z0::<T>()),
    ))
}

/// The noise waves `C` (K) of a network of scattering matrix `s` (50 ohm) from its admittance
/// form `cy` (K S): `C = (Z0 / 4) (I + S) C_Y (I + S)^H`.
pub fn y_to_s<T: Scalar, const N: usize>(s: &Mat<T, N>, cy: &Mat<T, N>) -> Mat<T, N> {
    matrix::scale(
        &sandwich(&identity_plus(s, 1.0), cy),
        real(z0::<T>() / T::from(4.0)),
    )
}

/// `M` of `c = M [v_n, i_n]`.
fn chain_map<T: Scalar>(s: &Mat<T, 2>) -> Mat<T, 2> {
    let one = real(T::one());
    let (r, k) = (z0::<T>(), (z0::<T>().sqrt() * T::from(2.0)).recip());
    [
        [(one - s[0][0]) * k, -(one + s[0][0]) * (r * k)],
        [-s[1][0] * k, -s[1][0] * (r * k)],
    ]
}

/// The chain (ABCD) form `C_A` of the noise waves `c` (K) of a 2-port of scattering matrix
/// `s` (50 ohm): the noise voltage `v_n` in series with and the current `i_n` across the input
/// of the noiseless 2-port, `[V1, I1] = A [V2, -I2] + [v_n, i_n]`, as `C_A = [[<|v_n|^2> (K
/// ohm), <v_n i_n*> (K)], [<i_n v_n*> (K), <|i_n|^2> (K S)]]` per unit bandwidth over
/// Boltzmann's constant (scikit-rf's `Network.noise` is `k C_A`). It is `M^-1 C M^-H` with
/// `M = [[1 - S11, -Z0 (1 + S11)], [-S21, -Z0 S21]] / (2 sqrt Z0)`.
///
/// # Errors
/// [`Error::InvalidNetwork`] if `S21 = 0` (no ABCD parameters: the input does not reach the
/// output, so no input-referred sources describe its noise).
pub fn s_to_abcd<T: Scalar>(s: &Mat<T, 2>, c: &Mat<T, 2>) -> Result<Mat<T, 2>> {
    let m = chain_map(s);
    let s21 = s[1][0].norm_sqr().re();
    if s21.is_nan() || s21 <= 0.0 {
        return Err(singular("S21 = 0, so the chain map", "ABCD"));
    }
    let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    let inv = [
        [m[1][1] / det, -m[0][1] / det],
        [-m[1][0] / det, m[0][0] / det],
    ];
    Ok(sandwich(&inv, c))
}

/// The noise waves `C` (K) of a 2-port of scattering matrix `s` (50 ohm) from its chain form
/// `ca`: `C = M C_A M^H`.
pub fn abcd_to_s<T: Scalar>(s: &Mat<T, 2>, ca: &Mat<T, 2>) -> Mat<T, 2> {
    sandwich(&chain_map(s), ca)
}

//! The noise of a circuit: its parts' noise waves carried to the external ports by the
//! connection method (see [`circuit_s_noise`](super::circuit_s_noise)).

use num_complex::Complex;

use crate::Scalar;

/// Bosma's theorem on a `k`-port in a heap buffer: `t (I - S S^H)` of the row-major `k * k`
/// matrix `s`, into `out` (see [`noise::bosma`](crate::network::noise::bosma)).
pub(crate) fn bosma_into<T: Scalar>(s: &[Complex<T>], k: usize, t: T, out: &mut [Complex<T>]) {
    for i in 0..k {
        for j in 0..k {
            let ss: Complex<T> = (0..k).fold(Complex::new(T::zero(), T::zero()), |acc, l| {
                acc + s[i * k + l] * s[j * k + l].conj()
            });
            let delta = if i == j { T::one() } else { T::zero() };
            out[i * k + j] = Complex::new(delta - ss.re, -ss.im) * t;
        }
    }
}

/// The noise of a 1-port of reflection `g` and noise `<|c|^2> = c11` between two nets, as the
/// series 2-port the solvers see (`[[1 + G, 2 (1 - G)], ...] / (3 - G)`): its noise voltage
/// drives one loop current through both ports, so `C = 4 c11 / |3 - G|^2 [[1, -1], [-1, 1]]`
/// (Bosma's theorem of that 2-port where the 1-port is passive).
pub(super) fn between<T: Scalar>(g: Complex<T>, c11: Complex<T>) -> [Complex<T>; 4] {
    let three = Complex::new(T::from(3.0), T::zero());
    let v = c11 * T::from(4.0) / (three - g).norm_sqr();
    [v, -v, -v, v]
}

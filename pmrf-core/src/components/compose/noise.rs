//! How composites combine their parts' noise waves: the outgoing noise of a composite is a
//! linear map `t` of its parts' noise waves, so its correlation matrix is `t C t^H`
//! (Hillbrand and Russer 1976), `C` the parts' matrices side by side.

use num_complex::Complex;

use crate::Scalar;
use crate::cmath::ComplexExt;
use crate::network::Mat;

/// `t c t^H`: the correlation matrix of the waves `t x`, `x` of correlation matrix `c`.
#[inline]
pub(super) fn propagate<T: Scalar, const P: usize, const K: usize>(
    t: &[[Complex<T>; P]; K],
    c: &Mat<T, P>,
) -> Mat<T, K> {
    let zero = Complex::new(T::zero(), T::zero());
    // t c first (K x P), then times t^H; the result is Hermitian, so half of it is mirrored.
    let tc: [[Complex<T>; P]; K] = std::array::from_fn(|i| {
        std::array::from_fn(|q| (0..P).fold(zero, |acc, p| acc + t[i][p] * c[p][q]))
    });
    let mut out = [[zero; K]; K];
    for i in 0..K {
        for j in i..K {
            let x = (0..P).fold(zero, |acc, q| acc + tc[i][q] * t[j][q].conj());
            out[i][j] = x;
            out[j][i] = x.conj();
        }
        // A diagonal entry is a power: real, exactly.
        out[i][i] = Complex::new(out[i][i].re, T::zero());
    }
    out
}

/// The block-diagonal `diag(a, b)`: two networks' noise, uncorrelated, over the joint
/// numbering (`a`'s ports, then `b`'s).
#[inline]
pub(super) fn block_diag<T: Scalar, const N: usize, const M: usize, const P: usize>(
    a: &Mat<T, N>,
    b: &Mat<T, M>,
) -> Mat<T, P> {
    const { assert!(N + M == P) };
    let zero = Complex::new(T::zero(), T::zero());
    std::array::from_fn(|i| {
        std::array::from_fn(|j| match (i < N, j < N) {
            (true, true) => a[i][j],
            (false, false) => b[i - N][j - N],
            _ => zero,
        })
    })
}

/// The star product of two noisy 2-ports `(S, C)`, port 2 of `a` to port 1 of `b`: `S` as
/// [`star`](crate::network::twoport::star), `C` by the same connection in closed form.
///
/// With `d = 1 / (1 - a22 b11)`, the outgoing noise is `c1 = ca1 + x ca2 + y cb1` and
/// `c2 = cb2 + u ca2 + v cb1` with `x = d a12 b11`, `y = d a12`, `u = d b21`, `v = d b21 a22`.
#[inline]
pub(super) fn star_noise<T: Scalar>(
    (sa, ca): (Mat<T, 2>, Mat<T, 2>),
    (sb, cb): (Mat<T, 2>, Mat<T, 2>),
) -> (Mat<T, 2>, Mat<T, 2>) {
    // S as [`star`] computes it, sharing its reciprocal `d` with the noise.
    let d = (-(sa[1][1] * sb[0][0])).add_f64(1.0).inv();
    let (a21, b12) = (sa[1][0] * d, sb[0][1] * d);
    let s = [
        [sa[0][0] + sa[0][1] * sb[0][0] * a21, sa[0][1] * b12],
        [sb[1][0] * a21, sb[1][1] + sb[1][0] * sa[1][1] * b12],
    ];
    let y = sa[0][1] * d;
    let x = y * sb[0][0];
    let u = sb[1][0] * d;
    let v = u * sa[1][1];
    let c11 = ca[0][0].re
        + (x * ca[1][0]).re * T::from(2.0)
        + x.norm_sqr() * ca[1][1].re
        + y.norm_sqr() * cb[0][0].re;
    let c22 = cb[1][1].re
        + (v * cb[0][1]).re * T::from(2.0)
        + v.norm_sqr() * cb[0][0].re
        + u.norm_sqr() * ca[1][1].re;
    let c12 = u.conj() * (ca[0][1] + x * ca[1][1]) + y * (cb[0][1] + v.conj() * cb[0][0]);
    let zero = T::zero();
    let c = [
        [Complex::new(c11, zero), c12],
        [c12.conj(), Complex::new(c22, zero)],
    ];
    (s, c)
}

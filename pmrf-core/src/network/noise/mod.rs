//! Noise waves: the correlation matrix of the noise a network sends out of its ports, and what
//! follows from it (noise figure and temperature).
//!
//! A noisy `N`-port is `b = S a + c`: the waves `b` leaving its ports are the scattered
//! incident waves plus noise waves `c` (Penfield 1962; Hillbrand and Russer, *An efficient
//! method for computer aided noise analysis of linear amplifier networks*, IEEE Trans. CAS 23
//! (1976) 235-238; Wedge and Rutledge, *Wave techniques for noise modeling and measurement*,
//! IEEE Trans. MTT 40 (1992) 2004-2012). Their correlation matrix `C = <c c^H>`, per unit
//! bandwidth and divided by Boltzmann's constant, is in kelvin: a matched load at temperature
//! `T` sends `|c|^2 = T`. pmrf's noise waves are power waves at the components' reference
//! [`Z0`](super::Z0) on every port, like their S-parameters.
//!
//! Every [`Component`](super::Component) gives its `(S, C)` at a frequency and a physical
//! temperature through [`Component::s_noise_at`](super::Component::s_noise_at). Its default is
//! Bosma's theorem for a passive network in thermal equilibrium, [`bosma`]: `C = T (I - S
//! S^H)`, zero for a lossless one. Composites combine their parts' noise; active parts give
//! their own.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesR;
//! use pmrf::network::noise::{self, T0};
//!
//! // A passive network at T0 from a matched source: F is its available-gain loss,
//! // 1 / G_A = (1 - |S22|^2) / |S21|^2 (2, 3 dB, for 50 ohm in series between 50 ohm ports).
//! let (s, c) = SeriesR::new(50.0).s_noise_at(1e9, T0);
//! let f = noise::noise_figure(&s, &c, 0, 1, Complex::new(0.0, 0.0));
//! let loss = (1.0 - s[1][1].norm_sqr()) / s[1][0].norm_sqr();
//! assert!((f - loss).abs() < 1e-12 && (f - 2.0).abs() < 1e-12);
//! ```
//!
//! Around it: the noise parameters of a 2-port and their matrix ([`NoiseParams`]), the
//! matrix in the impedance, admittance and chain forms ([`s_to_z`], [`s_to_y`],
//! [`s_to_abcd`] and back), and the outputs of any noisy network ([`noise_temperature`],
//! [`noise_params`], sweeps over a grid for any component through [`NoiseSweep`]).

mod forms;
mod outputs;
mod params;

pub use forms::{abcd_to_s, s_to_abcd, s_to_y, s_to_z, y_to_s, z_to_s};
pub use outputs::{NoiseSweep, SAndNoise, noise_params, noise_temperature, two_port};
pub use params::NoiseParams;

use num_complex::Complex;

use super::Mat;
use crate::Scalar;

/// The standard noise temperature `T0 = 290 K` of noise figures (IEEE), and the physical
/// temperature of parts unless told otherwise.
pub const T0: f64 = 290.0;

/// Bosma's theorem: the noise correlation matrix `T (I - S S^H)` (kelvin) of a passive network
/// of scattering matrix `s` in thermal equilibrium at physical temperature `temperature` (K)
/// (H. Bosma, *On the theory of linear noisy systems*, Philips Res. Rep. Suppl. 10 (1967)).
pub fn bosma<T: Scalar, const N: usize>(s: &Mat<T, N>, temperature: T) -> Mat<T, N> {
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let ss: Complex<T> = (0..N).fold(Complex::new(T::zero(), T::zero()), |acc, k| {
                acc + s[i][k] * s[j][k].conj()
            });
            let delta = if i == j { T::one() } else { T::zero() };
            Complex::new(delta - ss.re, -ss.im) * temperature
        })
    })
}

/// The noise factor `F` (linear; `10 log10 F` is the noise figure in dB) from port `input` to
/// port `output` of a noisy network `(s, c)` driven by a source of reflection `gamma_s` at
/// [`T0`], the other ports terminated in matched loads at `T0` (whose noise counts as the
/// network's, as a resistor's would).
///
/// `F = 1 + N_added / N_source`: the noise power at the output from the network's noise waves
/// (and the other ports' loads) over that from the source's wave (`<|a_s|^2> = T0 (1 -
/// |gamma_s|^2)`), each carried through the mismatch at the input. NaN where the input does
/// not reach the output (`S_out,in = 0`), for `|gamma_s| >= 1`, and for ports that are equal or
/// not ports of the network.
pub fn noise_figure<T: Scalar, const N: usize>(
    s: &Mat<T, N>,
    c: &Mat<T, N>,
    input: usize,
    output: usize,
    gamma_s: Complex<T>,
) -> T {
    let inside = gamma_s.norm_sqr().re() < 1.0; // false for NaN too
    if input == output || input >= N || output >= N || !inside {
        return T::from(f64::NAN);
    }
    let one = Complex::new(T::one(), T::zero());
    let zero = Complex::new(T::zero(), T::zero());
    // a_in = m (a_s + gamma_s b_in') with b_in' the wave leaving the input but for S_in,in a_in,
    // so a wave w leaving the input reaches the output as gain gamma_s w.
    let gain = s[output][input] / (one - gamma_s * s[input][input]);
    let loop_back = gain * gamma_s;
    // Each noise wave c_k leaves port k: the output's goes straight out, the input's comes back
    // from the source; the others are absorbed by their matched loads.
    let t: [Complex<T>; N] = std::array::from_fn(|k| match k {
        k if k == output => one,
        k if k == input => loop_back,
        _ => zero,
    });
    let mut added = T::zero();
    for i in 0..N {
        for j in 0..N {
            added += (t[i] * c[i][j] * t[j].conj()).re;
        }
    }
    // The matched loads on the other ports send T0 each: straight to the output, and through
    // the input and the source back.
    let t0 = T::from(T0);
    for k in (0..N).filter(|&k| k != input && k != output) {
        added += (s[output][k] + loop_back * s[input][k]).norm_sqr() * t0;
    }
    let source = gain.norm_sqr() * t0 * (T::one() - gamma_s.norm_sqr());
    T::one() + added / source
}

//! What a designer reads off a noisy network: noise temperature, the noise parameters between
//! two ports of any `N`-port, and sweeps of them over a frequency grid for any component.

use ndarray::{Array1, Array3};
use num_complex::Complex;
use num_dual::DualNum as _;

use super::{NoiseParams, T0, noise_figure};
use crate::network::{Component, Mat};
use crate::{Error, Frequency, Result, Scalar};

/// The noise temperature `Te = T0 (F - 1)` (K) of a noise factor `f` (linear).
pub fn noise_temperature<T: Scalar>(f: T) -> T {
    (f - T::one()) * T::from(T0)
}

/// The 2-port from port `input` to port `output` of a noisy `N`-port `(s, c)` whose other
/// ports are terminated in matched loads at [`T0`]: its S (`[[S_ii, S_io], [S_oi, S_oo]]`)
/// and noise waves, the loads' noise included (`C' = C + T0 sum_k S_.k S_.k^*` over the other
/// ports `k`), as [`noise_figure`] counts them.
///
/// # Errors
/// [`Error::Shape`] if the ports are equal or not ports of the network.
pub fn two_port<T: Scalar, const N: usize>(
    s: &Mat<T, N>,
    c: &Mat<T, N>,
    input: usize,
    output: usize,
) -> Result<(Mat<T, 2>, Mat<T, 2>)> {
    check_ports::<N>(input, output)?;
    let p = [input, output];
    let s2 = std::array::from_fn(|i| std::array::from_fn(|j| s[p[i]][p[j]]));
    let t0 = T::from(T0);
    let c2 = std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            (0..N)
                .filter(|&k| k != input && k != output)
                .fold(c[p[i]][p[j]], |acc, k| {
                    acc + s[p[i]][k] * s[p[j]][k].conj() * t0
                })
        })
    });
    Ok((s2, c2))
}

/// The noise parameters (minimum noise factor, optimum source reflection, noise resistance)
/// from port `input` to port `output` of a noisy `N`-port `(s, c)`, the other ports matched at
/// [`T0`] (see [`two_port`]).
///
/// # Errors
/// As [`two_port`] and [`NoiseParams::from_s`] (the input does not reach the output, or no
/// input noise voltage).
pub fn noise_params<T: Scalar, const N: usize>(
    s: &Mat<T, N>,
    c: &Mat<T, N>,
    input: usize,
    output: usize,
) -> Result<NoiseParams<T>> {
    let (s2, c2) = two_port(s, c, input, output)?;
    NoiseParams::from_s(&s2, &c2)
}

fn check_ports<const N: usize>(input: usize, output: usize) -> Result<()> {
    if input >= N || output >= N || input == output {
        return Err(Error::Shape(format!(
            "noise from port {input} to port {output} (0-based) of a {N}-port: the ports must \
             be two different ports below {N}"
        )));
    }
    Ok(())
}

/// S and the noise correlation matrices (kelvin) over a grid, each `(nfreq, N, N)`.
pub type SAndNoise<T> = (Array3<Complex<T>>, Array3<Complex<T>>);

/// Noise sweeps of any component over a frequency grid, from its
/// [`s_noise_at`](Component::s_noise_at) at [`T0`] (implemented for every [`Component`]).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{Attenuator, NoisyAmplifier};
/// use pmrf::network::noise::NoiseSweep;
///
/// let grid = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
/// let zero = Complex::new(0.0, 0.0);
/// // A 3 dB attenuator at T0 has a 3 dB noise figure, 290 K of noise temperature:
/// let nf = Attenuator::new(3.0).noise_figure_db(&grid, 0, 1, zero)?;
/// assert!(nf.iter().all(|x| (x - 3.0).abs() < 1e-12));
/// // A matched amplifier of 100 K: its noise parameters are F_min = 1 + 100 / 290 at
/// // gamma_opt = 0, whatever its gain.
/// let p = NoisyAmplifier::new(20.0, 100.0).noise_params(&grid, 0, 1)?;
/// assert!((p[0].nf_min - (1.0 + 100.0 / 290.0)).abs() < 1e-12 && p[0].gamma_opt.norm() < 1e-12);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub trait NoiseSweep<const N: usize>: Component<N> {
    /// S and the noise correlation matrices (kelvin) at every point of `freq`, the passive
    /// parts at [`T0`]: two arrays of shape `(nfreq, N, N)`.
    fn s_noise(&self, freq: &Frequency) -> SAndNoise<Self::Scalar> {
        let t0 = Self::Scalar::from(T0);
        let mut s = Array3::from_elem(
            (freq.len(), N, N),
            Complex::new(Self::Scalar::from(0.0), Self::Scalar::from(0.0)),
        );
        let mut c = s.clone();
        for (k, &f) in freq.hz().iter().enumerate() {
            let (sk, ck) = self.s_noise_at(Self::Scalar::from(f), t0);
            for i in 0..N {
                for j in 0..N {
                    s[[k, i, j]] = sk[i][j];
                    c[[k, i, j]] = ck[i][j];
                }
            }
        }
        (s, c)
    }

    /// The noise figure (dB) from port `input` to port `output` with a source of reflection
    /// `gamma_s` at every point of `freq` (NaN where [`noise_figure`] is).
    ///
    /// # Errors
    /// [`Error::Shape`] if the ports are equal or not ports of the component.
    fn noise_figure_db(
        &self,
        freq: &Frequency,
        input: usize,
        output: usize,
        gamma_s: Complex<Self::Scalar>,
    ) -> Result<Array1<Self::Scalar>> {
        let f = self.noise_factor(freq, input, output, gamma_s)?;
        Ok(f.mapv(|x| x.log10() * Self::Scalar::from(10.0)))
    }

    /// The noise factor (linear), as [`NoiseSweep::noise_figure_db`].
    ///
    /// # Errors
    /// As [`NoiseSweep::noise_figure_db`].
    fn noise_factor(
        &self,
        freq: &Frequency,
        input: usize,
        output: usize,
        gamma_s: Complex<Self::Scalar>,
    ) -> Result<Array1<Self::Scalar>> {
        check_ports::<N>(input, output)?;
        let t0 = Self::Scalar::from(T0);
        Ok(freq
            .hz()
            .iter()
            .map(|&f| {
                let (s, c) = self.s_noise_at(Self::Scalar::from(f), t0);
                noise_figure(&s, &c, input, output, gamma_s)
            })
            .collect())
    }

    /// The noise temperature `T0 (F - 1)` (K), as [`NoiseSweep::noise_figure_db`].
    ///
    /// # Errors
    /// As [`NoiseSweep::noise_figure_db`].
    fn noise_temperature(
        &self,
        freq: &Frequency,
        input: usize,
        output: usize,
        gamma_s: Complex<Self::Scalar>,
    ) -> Result<Array1<Self::Scalar>> {
        Ok(self
            .noise_factor(freq, input, output, gamma_s)?
            .mapv(noise_temperature))
    }

    /// The noise parameters from port `input` to port `output` (the other ports matched at
    /// [`T0`]) at every point of `freq`.
    ///
    /// # Errors
    /// As [`noise_params`], naming the frequency.
    fn noise_params(
        &self,
        freq: &Frequency,
        input: usize,
        output: usize,
    ) -> Result<Vec<NoiseParams<Self::Scalar>>> {
        check_ports::<N>(input, output)?;
        let t0 = Self::Scalar::from(T0);
        (freq.hz().iter())
            .map(|&f| {
                let (s, c) = self.s_noise_at(Self::Scalar::from(f), t0);
                noise_params(&s, &c, input, output).map_err(|e| match e {
                    Error::InvalidNetwork(m) => Error::InvalidNetwork(format!("at {f} Hz: {m}")),
                    e => e,
                })
            })
            .collect()
    }
}

impl<const N: usize, C: Component<N>> NoiseSweep<N> for C {}

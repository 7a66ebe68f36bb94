//! Active noisy 2-ports: [`NoisyAmplifier`] (parametric, for design and tests) and
//! [`NoisyTwoPort`] (measured S-parameters and noise parameters). Both give their own noise
//! from [`Component::s_noise_at`], ignoring the physical temperature passed down: their noise
//! is what their parameters or measurements say.

use std::f64::consts::LN_10;
use std::sync::Arc;

use ndarray::{Array3, ArrayViewMut3};
use num_complex::{Complex, Complex64};

use super::{DataBlock, Extrapolation};
use crate::network::noise::NoiseParams;
use crate::network::{Component, Interpolation, Mat, domain};
use crate::{Error, Frequency, Model, Network, Result, Scalar};

/// A matched, unilateral amplifier from port 1 to port 2 with noise: `S = [[0, 0], [g, 0]]`,
/// `g = 10^(gain/20)`, and an input noise temperature `noise_temperature` (K), all of its noise
/// leaving the output: `C = [[0, 0], [0, |g|^2 Te]]`.
///
/// Its noise parameters are `F_min = 1 + Te / T0` at `gamma_opt = 0` and `R_n = Z0 Te / (4
/// T0)`: from a matched source its noise figure is `10 log10(1 + Te / T0)` and its noise
/// temperature `Te`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::NoisyAmplifier;
/// use pmrf::network::noise::{self, T0};
///
/// let amp = NoisyAmplifier::new(20.0, 75.0);
/// let (s, c) = amp.s_noise_at(1e9, T0);
/// let f = noise::noise_figure(&s, &c, 0, 1, Complex::new(0.0, 0.0));
/// assert!((noise::noise_temperature(f) - 75.0).abs() < 1e-9);
/// // A dB figure instead of a temperature:
/// let amp = NoisyAmplifier::from_noise_figure_db(20.0, 1.0);
/// assert!((amp.noise_temperature - T0 * (10f64.powf(0.1) - 1.0)).abs() < 1e-9);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct NoisyAmplifier<T: Scalar = f64> {
    /// Gain, in dB (`20 log10 |S21|`).
    #[param(unit = "dB", scale = 10.0, bounds = (f64::NEG_INFINITY, f64::INFINITY))]
    pub gain_db: T,
    /// Input-referred noise temperature, K.
    #[param(unit = "K", scale = 100.0, bounds = (0.0, f64::INFINITY))]
    pub noise_temperature: T,
}

impl<T: Scalar> NoisyAmplifier<T> {
    /// An amplifier of gain `gain_db` (dB) and noise temperature `noise_temperature` (K).
    pub fn new(gain_db: T, noise_temperature: T) -> Self {
        NoisyAmplifier {
            gain_db,
            noise_temperature,
        }
    }

    /// An amplifier of gain `gain_db` and noise figure `nf_db` (both dB): `Te = T0 (10^(NF/10)
    /// - 1)`.
    pub fn from_noise_figure_db(gain_db: T, nf_db: T) -> Self {
        let f = (nf_db * T::from(LN_10 / 10.0)).exp();
        Self::new(gain_db, crate::network::noise::noise_temperature(f))
    }

    fn gain(&self) -> T {
        (self.gain_db * T::from(LN_10 / 20.0)).exp()
    }
}

impl<T: Scalar> Component<2> for NoisyAmplifier<T> {
    type Domain = domain::S;

    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let zero = Complex::new(T::zero(), T::zero());
        [[zero, zero], [Complex::new(self.gain(), T::zero()), zero]]
    }

    fn s_noise_at(&self, f: T, _temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let zero = Complex::new(T::zero(), T::zero());
        let g = self.gain();
        let out = Complex::new(g * g * self.noise_temperature, T::zero());
        (self.s_at(f), [[zero, zero], [zero, out]])
    }
}

/// The measured noise of a [`NoisyTwoPort`]: the chain form of its correlation matrix (K ohm,
/// K, K S; independent of any reference impedance) on the noise block's frequencies.
#[derive(Debug, PartialEq)]
struct NoiseTable {
    hz: Vec<f64>,
    ca: Vec<Mat<f64, 2>>,
    extrapolation: Extrapolation,
}

impl NoiseTable {
    /// `C_A` at `f`, linear in frequency between the points (scikit-rf interpolates the same
    /// matrix the same way), NaN or the edge's outside them.
    fn at<T: Scalar>(&self, f: T) -> Mat<T, 2> {
        let (hz, fv) = (&self.hz, f.re());
        let last = hz.len() - 1;
        let lift = |m: &Mat<f64, 2>| -> Mat<T, 2> {
            m.map(|row| row.map(|z| Complex::new(T::from(z.re), T::from(z.im))))
        };
        if !(hz[0]..=hz[last]).contains(&fv) {
            if self.extrapolation == Extrapolation::HoldEdge && !fv.is_nan() {
                return lift(&self.ca[if fv < hz[0] { 0 } else { last }]);
            }
            let nan = T::from(f64::NAN);
            return [[Complex::new(nan, nan); 2]; 2];
        }
        if last == 0 {
            return lift(&self.ca[0]);
        }
        let i = hz.partition_point(|&x| x <= fv).clamp(1, last) - 1;
        let t = (f - hz[i]) / (hz[i + 1] - hz[i]);
        let (a, b) = (&self.ca[i], &self.ca[i + 1]);
        std::array::from_fn(|r| {
            std::array::from_fn(|c| {
                let (a, b) = (a[r][c], b[r][c]);
                let one = T::one();
                Complex::new((one - t) * a.re + t * b.re, (one - t) * a.im + t * b.im)
            })
        })
    }
}

/// A measured active 2-port: S-parameters interpolated as a [`DataBlock`] does, and noise
/// parameters (on their own frequencies, e.g. a Touchstone file's noise block) whose
/// correlation matrix, in the chain form, is interpolated linearly in frequency (as
/// scikit-rf does) and turned into noise waves with the S at the same frequency.
///
/// Outside its data it follows its [`Extrapolation`]: with [`Extrapolation::Refuse`] S is NaN
/// outside the S data and the noise is NaN outside the noise data (so noise figures there are
/// NaN), and [`NoisyTwoPort::covers`] (S and noise) and [`Component::network`] (S) are
/// errors naming the block and the frequency; [`Extrapolation::HoldEdge`] holds the edge values of both. It has no
/// parameters; the physical temperature passed to [`Component::s_noise_at`] is ignored.
///
/// Build it from a Touchstone file with
/// [`Touchstone::noisy_two_port`](crate::io::touchstone::Touchstone::noisy_two_port).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::NoisyTwoPort;
/// use pmrf::network::noise::{self, NoiseParams, T0};
///
/// let grid = Frequency::linspace(1.0, 3.0, 3, FrequencyUnit::GHz)?;
/// let s = ndarray::Array3::from_shape_fn((3, 2, 2), |(_, i, j)| {
///     if (i, j) == (1, 0) { Complex::new(10.0, 0.0) } else { Complex::new(0.0, 0.0) }
/// });
/// let net = Network::from_s(grid, s)?.with_name("lna");
/// let p = NoiseParams::from_db(1.0, Complex::new(0.2, 0.1), 10.0);
/// let lna = NoisyTwoPort::new(&net, &[1e9, 3e9], &[p, p], Interpolation::Linear)?;
/// let (s, c) = lna.s_noise_at(2e9, T0);
/// let f = noise::noise_figure(&s, &c, 0, 1, p.gamma_opt);
/// assert!((10.0 * f.log10() - 1.0).abs() < 1e-12);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model)]
pub struct NoisyTwoPort<T: Scalar = f64> {
    block: DataBlock<2, T>,
    noise: Arc<NoiseTable>,
}

impl<T: Scalar> Clone for NoisyTwoPort<T> {
    fn clone(&self) -> Self {
        NoisyTwoPort {
            block: self.block.clone(),
            noise: Arc::clone(&self.noise),
        }
    }
}

impl<T: Scalar> std::fmt::Debug for NoisyTwoPort<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NoisyTwoPort({:?})", self.block)
    }
}

impl<T: Scalar> PartialEq for NoisyTwoPort<T> {
    fn eq(&self, other: &Self) -> bool {
        self.block == other.block && self.noise == other.noise
    }
}

impl NoisyTwoPort {
    /// The 2-port of S-parameters `network` (interpolated by `method`) and noise parameters
    /// `noise[k]` (at 50 ohm) at `noise_hz[k]`, refusing to extrapolate.
    ///
    /// # Errors
    /// As [`DataBlock::new`]; [`Error::Shape`] if `noise_hz` and `noise` differ in length or
    /// are empty; [`Error::InvalidFrequency`] if `noise_hz` is not strictly ascending and
    /// finite; [`Error::InvalidNetwork`] for a non-finite noise parameter.
    pub fn new(
        network: &Network,
        noise_hz: &[f64],
        noise: &[NoiseParams],
        method: Interpolation,
    ) -> Result<Self> {
        Self::with_extrapolation(network, noise_hz, noise, method, Extrapolation::Refuse)
    }

    /// As [`NoisyTwoPort::new`], with what it gives outside the data (S and noise alike).
    ///
    /// # Errors
    /// As [`NoisyTwoPort::new`].
    pub fn with_extrapolation(
        network: &Network,
        noise_hz: &[f64],
        noise: &[NoiseParams],
        method: Interpolation,
        extrapolation: Extrapolation,
    ) -> Result<Self> {
        let block = DataBlock::with_extrapolation(network, method, extrapolation)?;
        let label = block_label(network);
        if noise_hz.len() != noise.len() || noise.is_empty() {
            return Err(Error::Shape(format!(
                "{label}: noise parameters at {} frequencies need as many frequencies, got {} \
                 (and at least one)",
                noise.len(),
                noise_hz.len()
            )));
        }
        let ascending = noise_hz.windows(2).all(|w| w[0] < w[1]);
        if !ascending || noise_hz.iter().any(|f| !f.is_finite()) {
            return Err(Error::InvalidFrequency(format!(
                "{label}: the noise frequencies must be finite and strictly ascending, got \
                 {noise_hz:?}"
            )));
        }
        if let Some((k, p)) = noise.iter().enumerate().find(|(_, p)| {
            !(p.nf_min.is_finite() && p.rn.is_finite() && p.gamma_opt.norm().is_finite())
        }) {
            return Err(Error::InvalidNetwork(format!(
                "{label}: noise parameters at {} Hz are not finite: {p:?}",
                noise_hz[k]
            )));
        }
        let ca = noise.iter().map(NoiseParams::to_abcd).collect();
        Ok(NoisyTwoPort {
            block,
            noise: Arc::new(NoiseTable {
                hz: noise_hz.to_vec(),
                ca,
                extrapolation,
            }),
        })
    }
}

fn block_label(network: &Network) -> String {
    if network.name().is_empty() {
        "noisy 2-port".to_string()
    } else {
        format!("noisy 2-port `{}`", network.name())
    }
}

impl<T: Scalar> NoisyTwoPort<T> {
    /// The network's name.
    pub fn name(&self) -> &str {
        self.block.name()
    }

    /// The frequencies of the noise data (Hz).
    pub fn noise_frequencies(&self) -> &[f64] {
        &self.noise.hz
    }

    /// `Ok` if the block gives S and noise at every point of `freq`; else an error naming the
    /// block and the first frequency outside its S or noise data.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`], as described.
    pub fn covers(&self, freq: &Frequency) -> Result<()> {
        self.block.covers(freq)?;
        if self.noise.extrapolation == Extrapolation::HoldEdge {
            return Ok(());
        }
        let (lo, hi) = (self.noise.hz[0], self.noise.hz[self.noise.hz.len() - 1]);
        match freq.hz().iter().find(|&&f| !(lo..=hi).contains(&f)) {
            None => Ok(()),
            Some(f) => Err(Error::InvalidFrequency(format!(
                "noisy 2-port `{}` has noise data from {lo} to {hi} Hz but is asked for {f} \
                 Hz; it does not extrapolate (crop the grid to the noise data, or opt in with \
                 `Extrapolation::HoldEdge`)",
                self.name()
            ))),
        }
    }

    /// The block of its S-parameters alone.
    pub fn data_block(&self) -> &DataBlock<2, T> {
        &self.block
    }
}

impl<T: Scalar> Component<2> for NoisyTwoPort<T> {
    type Domain = domain::S;

    #[inline]
    fn primary(&self, f: T) -> Mat<T, 2> {
        self.block.primary(f)
    }

    fn s_noise_at(&self, f: T, _temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let s = self.block.primary(f);
        let c = crate::network::noise::abcd_to_s(&s, &self.noise.at(f));
        (s, c)
    }

    fn s(&self, freq: &Frequency) -> Array3<Complex<T>> {
        self.block.s(freq)
    }

    fn s_into(&self, freq: &Frequency, out: ArrayViewMut3<'_, Complex<T>>) -> Result<()> {
        self.block.s_into(freq, out)
    }

    fn network(&self, freq: &Frequency) -> Result<Network>
    where
        Self: Model<Scalar = f64>,
    {
        self.block.covers(freq)?;
        Ok(Network::from_s(freq.clone(), Component::s(self, freq))?.with_name(self.name()))
    }
}

/// The 50 ohm noise parameters of a measured row at reference resistance `r` (ohm): minimum
/// noise figure `nf_min_db` (dB), optimum source reflection `gamma_opt` at `r`, noise
/// resistance `rn_normalised * r`.
pub(crate) fn params_at_reference(
    nf_min_db: f64,
    gamma_opt: Complex64,
    rn_normalised: f64,
    r: f64,
) -> NoiseParams {
    let z0 = crate::network::Z0;
    let gamma = if r == z0 {
        gamma_opt
    } else {
        let one = Complex64::new(1.0, 0.0);
        let z = (one + gamma_opt) / (one - gamma_opt) * r;
        (z - z0) / (z + z0)
    };
    NoiseParams::from_db(nf_min_db, gamma, rn_normalised * r)
}

//! Noise from Python, where pmrf has it: the noise parameters of a measured 2-port (a
//! Touchstone noise block, [`Noise`]), the thermal noise of passive models (Bosma's theorem,
//! [`bosma`]), noise figures, and the cascade of noisy 2-ports ([`cascade`]).
//!
//! Noise waves are pmrf's: power waves at 50 ohm, their correlation matrices in kelvin (a
//! matched load at `T` sends `T`), noise figures from a source at [`T0`] (290 K).

use numpy::Complex64;
use numpy::ndarray::{Array1, Array3};
use pmrf::components::{DataBlock, Extrapolation, NoisyTwoPort};
use pmrf::io::touchstone::Touchstone;
use pmrf::network::convert::{a2s, s2a};
use pmrf::network::noise::{self, NoiseParams, NoiseSweep, T0};
use pmrf::network::{Interpolation, Mat, Z0};
use pmrf::{Component, Error, Frequency, Network};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyComplex;

use crate::error::{IntoPy, PmrfError};
use crate::frequency::PyFrequency;
use crate::model::PyModel;
use crate::network::PyNetwork;

/// The measured noise of a 2-port: its noise parameters (at 50 ohm) on the noise grid, and
/// pmrf's [`NoisyTwoPort`] of the network and those parameters (both interpolated linearly),
/// which gives noise figures on any grid inside both bands.
#[derive(Debug, Clone, PartialEq)]
pub struct Noise {
    /// The noise frequencies.
    pub frequency: Frequency,
    /// The noise parameters at each noise frequency, at 50 ohm.
    pub params: Vec<NoiseParams>,
    part: NoisyTwoPort,
}

impl Noise {
    /// The noise of `network` with parameters `params` (50 ohm) at the frequencies `frequency`.
    ///
    /// # Errors
    /// As [`NoisyTwoPort::new`] (not a 2-port, lengths, non-finite parameters).
    pub fn new(
        network: &Network,
        frequency: Frequency,
        params: Vec<NoiseParams>,
    ) -> pmrf::Result<Self> {
        let part = NoisyTwoPort::with_extrapolation(
            network,
            frequency.hz(),
            &params,
            Interpolation::Linear,
            Extrapolation::Refuse,
        )?;
        Ok(Self {
            frequency,
            params,
            part,
        })
    }

    /// The noise block of a Touchstone file, `None` if it has none.
    ///
    /// # Errors
    /// As [`Touchstone::noisy_two_port`]: a reference at port 1 that is not a positive
    /// resistance, non-finite noise parameters.
    pub fn of_touchstone(file: &Touchstone) -> pmrf::Result<Option<Self>> {
        let Some(block) = &file.noise else {
            return Ok(None);
        };
        let part = file.noisy_two_port(Interpolation::Linear, Extrapolation::Refuse)?;
        // noisy_two_port has checked that it is a positive resistance.
        let r = file.network.z0()[[0, 0]].re;
        let params = (0..block.rn.len())
            .map(|k| at_50_ohm(block.nf_min_db[k], block.gamma_opt[k], block.rn[k], r))
            .collect();
        Ok(Some(Self {
            frequency: block.frequency.clone(),
            params,
            part,
        }))
    }

    /// The noise factor (linear) from a source of reflection `gamma_s` at every point of `freq`.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`] for a point outside the S or the noise band (no
    /// extrapolation); [`Error::InvalidNetwork`] for `|gamma_s| >= 1`.
    pub fn noise_factor(&self, freq: &Frequency, gamma_s: Complex64) -> pmrf::Result<Array1<f64>> {
        check_gamma(gamma_s)?;
        self.covers(freq)?;
        self.part.noise_factor(freq, 0, 1, gamma_s)
    }

    /// The S-parameters and noise waves (K) at `f` Hz.
    fn s_noise_at(&self, f: f64) -> (Mat<f64, 2>, Mat<f64, 2>) {
        self.part.s_noise_at(f, T0)
    }

    /// `Ok` if every point of `freq` lies inside both the S and the noise band.
    fn covers(&self, freq: &Frequency) -> pmrf::Result<()> {
        let hz = self.frequency.hz();
        let (lo, hi) = (hz[0], hz[hz.len() - 1]);
        if let Some(f) = freq.hz().iter().find(|&&f| !(lo..=hi).contains(&f)) {
            return Err(Error::InvalidFrequency(format!(
                "noise at {f} Hz: the noise data cover {lo} Hz to {hi} Hz (no extrapolation)"
            )));
        }
        Component::network(&self.part, freq).map(|_| ())
    }
}

/// The 50 ohm noise parameters of a Touchstone row at reference resistance `r` (what pmrf's
/// `noisy_two_port` does inside): `gamma_opt` re-referred, `rn = rn_normalised * r` in ohm.
fn at_50_ohm(nf_min_db: f64, gamma_opt: Complex64, rn_normalised: f64, r: f64) -> NoiseParams {
    let gamma = if r == Z0 {
        gamma_opt
    } else {
        let one = Complex64::new(1.0, 0.0);
        let z = (one + gamma_opt) / (one - gamma_opt) * r;
        (z - Z0) / (z + Z0)
    };
    NoiseParams::from_db(nf_min_db, gamma, rn_normalised * r)
}

/// An error unless `gamma_s` is a passive source reflection (`|gamma_s| < 1`).
fn check_gamma(gamma_s: Complex64) -> pmrf::Result<()> {
    if gamma_s.norm() < 1.0 {
        return Ok(());
    }
    Err(Error::InvalidNetwork(format!(
        "gamma_s = {gamma_s} is not a passive source reflection: |gamma_s| must be below 1"
    )))
}

/// An error unless `temperature` is a physical temperature (finite, >= 0 K).
fn check_temperature(temperature: f64) -> pmrf::Result<()> {
    if temperature.is_finite() && temperature >= 0.0 {
        return Ok(());
    }
    Err(Error::InvalidNetwork(format!(
        "temperature = {temperature} K: a physical temperature must be finite and >= 0 K"
    )))
}

/// A source reflection from Python: a complex number or a real one; `TypeError` otherwise.
pub fn gamma_arg(obj: &Bound<'_, PyAny>) -> PyResult<Complex64> {
    if let Ok(c) = obj.cast::<PyComplex>() {
        return Ok(Complex64::new(c.real(), c.imag()));
    }
    obj.extract::<f64>()
        .map(|r| Complex64::new(r, 0.0))
        .map_err(|_| PyTypeError::new_err("gamma_s must be a complex or real number"))
}

/// The `N`-port matrix at point `k` of `s`.
fn mat_at<const N: usize>(s: &Array3<Complex64>, k: usize) -> Mat<f64, N> {
    std::array::from_fn(|i| std::array::from_fn(|j| s[[k, i, j]]))
}

/// Bosma's matrices at every point, `N` ports, checked for passivity.
fn bosma_n<const N: usize>(
    freq: &Frequency,
    s: &Array3<Complex64>,
    temperature: f64,
) -> pmrf::Result<Array3<Complex64>> {
    let mut out = Array3::zeros(s.raw_dim());
    for k in 0..s.shape()[0] {
        let m = mat_at::<N>(s, k);
        for (i, row) in m.iter().enumerate() {
            // The power leaving port i per unit incident power on every port: above 1, gain.
            let out_power: f64 = row.iter().map(|x| x.norm_sqr()).sum();
            if !out_power.is_finite() {
                return Err(Error::NonFiniteResult(format!(
                    "noise at {} Hz: S is not finite (row of port {})",
                    freq.hz()[k],
                    i + 1
                )));
            }
            if out_power > 1.0 + 1e-9 {
                return Err(Error::InvalidNetwork(format!(
                    "Bosma's theorem needs a passive network: at {} Hz port {} gives out more \
                     power than it receives (sum of |S{}k|^2 = {out_power})",
                    freq.hz()[k],
                    i + 1,
                    i + 1
                )));
            }
        }
        let c = noise::bosma(&m, temperature);
        for (i, row) in c.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                out[[k, i, j]] = x;
            }
        }
    }
    Ok(out)
}

/// The noise correlation matrices (K) of a passive network of S-parameters `s` (`(nfreq, n,
/// n)` at 50 ohm over `freq`) in thermal equilibrium at `temperature` (K): Bosma's theorem
/// `C = T (I - S S^H)` ([`noise::bosma`]), zero for a lossless network.
///
/// # Errors
/// [`Error::InvalidNetwork`] for a temperature that is negative or not finite, or an S that
/// is not passive (a port gives out more power than it receives); [`Error::Shape`] beyond 4
/// ports.
pub fn bosma(
    freq: &Frequency,
    s: &Array3<Complex64>,
    temperature: f64,
) -> pmrf::Result<Array3<Complex64>> {
    check_temperature(temperature)?;
    match s.shape()[1] {
        1 => bosma_n::<1>(freq, s, temperature),
        2 => bosma_n::<2>(freq, s, temperature),
        3 => bosma_n::<3>(freq, s, temperature),
        4 => bosma_n::<4>(freq, s, temperature),
        n => Err(Error::Shape(format!(
            "noise of models of 1 to 4 ports; this one has {n}"
        ))),
    }
}

fn factor_n<const N: usize>(
    s: &Array3<Complex64>,
    c: &Array3<Complex64>,
    input: usize,
    output: usize,
    gamma_s: Complex64,
) -> Array1<f64> {
    (0..s.shape()[0])
        .map(|k| {
            noise::noise_figure(
                &mat_at::<N>(s, k),
                &mat_at::<N>(c, k),
                input,
                output,
                gamma_s,
            )
        })
        .collect()
}

/// The noise factor (linear) from port `input` to port `output` (0-based) of a passive network
/// of S `s` at physical `temperature` ([`bosma`]), a source of reflection `gamma_s` at [`T0`],
/// the other ports matched at [`T0`] ([`noise::noise_figure`]).
///
/// # Errors
/// As [`bosma`]; [`Error::Shape`] for ports that are equal or not ports of the network;
/// [`Error::InvalidNetwork`] for `|gamma_s| >= 1`.
pub fn passive_noise_factor(
    freq: &Frequency,
    s: &Array3<Complex64>,
    temperature: f64,
    gamma_s: Complex64,
    (input, output): (usize, usize),
) -> pmrf::Result<Array1<f64>> {
    check_gamma(gamma_s)?;
    let n = s.shape()[1];
    if input >= n || output >= n || input == output {
        return Err(Error::Shape(format!(
            "noise from port {input} to port {output} (0-based) of a {n}-port: the ports must be \
             two different ports below {n}"
        )));
    }
    let c = bosma(freq, s, temperature)?;
    Ok(match n {
        2 => factor_n::<2>(s, &c, input, output, gamma_s),
        3 => factor_n::<3>(s, &c, input, output, gamma_s),
        _ => factor_n::<4>(s, &c, input, output, gamma_s),
    })
}

/// One stage of a noisy cascade.
pub enum Stage {
    /// A measured 2-port with its noise data.
    Noisy(Noise),
    /// A 2-port without noise data, passive at the cascade's temperature (S interpolated
    /// linearly, as a pmrf [`DataBlock`]).
    Passive(Box<DataBlock<2>>),
    /// A model's S over the cascade's grid, passive at the cascade's temperature.
    Computed(Array3<Complex64>),
}

impl Stage {
    /// A network as a stage: its noise if it has some, else passive.
    ///
    /// # Errors
    /// As [`DataBlock::new`] (not a 2-port).
    pub fn network(net: &Network, noise: Option<&Noise>) -> pmrf::Result<Self> {
        Ok(match noise {
            Some(n) => Stage::Noisy(n.clone()),
            None => Stage::Passive(Box::new(DataBlock::new(net, Interpolation::Linear)?)),
        })
    }
}

/// The cascade of noisy 2-ports `stages` (port 2 of each to port 1 of the next) over `freq`,
/// the passive ones at physical `temperature`: its network and its noise, the noise parameters
/// of the whole at every point of `freq` (the chain form adds as `C_A = C_A1 + A1 C_A2
/// A1^H`, Hillbrand and Russer; pmrf's [`noise::s_to_abcd`] and [`noise::abcd_to_s`]).
///
/// # Errors
/// [`Error::Shape`] without stages; [`Error::InvalidFrequency`] for a point outside a
/// measured stage's band; as [`bosma`] for a stage that is not passive; [`Error::InvalidNetwork`]
/// where a stage does not pass its input to its output (S21 = 0: no chain form) or the whole
/// has no noise parameters (a noiseless cascade).
pub fn cascade(
    stages: &[Stage],
    freq: &Frequency,
    temperature: f64,
) -> pmrf::Result<(Network, Noise)> {
    check_temperature(temperature)?;
    if stages.is_empty() {
        return Err(Error::Shape(
            "a noise cascade needs at least one stage".to_owned(),
        ));
    }
    let nf = freq.len();
    // Each stage's S and noise waves over the grid.
    let mut parts = Vec::with_capacity(stages.len());
    for st in stages {
        let (s, c) = match st {
            Stage::Noisy(n) => {
                n.covers(freq)?;
                let mut s = Array3::zeros((nf, 2, 2));
                let mut c = Array3::zeros((nf, 2, 2));
                for (k, &f) in freq.hz().iter().enumerate() {
                    let (sk, ck) = n.s_noise_at(f);
                    for i in 0..2 {
                        for j in 0..2 {
                            s[[k, i, j]] = sk[i][j];
                            c[[k, i, j]] = ck[i][j];
                        }
                    }
                }
                (s, c)
            }
            Stage::Passive(block) => {
                block.covers(freq)?;
                let s = Component::s(block.as_ref(), freq);
                let c = bosma(freq, &s, temperature)?;
                (s, c)
            }
            Stage::Computed(s) => (s.clone(), bosma(freq, s, temperature)?),
        };
        parts.push((s, c));
    }
    let mut s_out = Array3::zeros((nf, 2, 2));
    let mut params = Vec::with_capacity(nf);
    for (k, &f) in freq.hz().iter().enumerate() {
        let at = |e: Error| match e {
            Error::InvalidNetwork(m) => Error::InvalidNetwork(format!("at {f} Hz: {m}")),
            e => e,
        };
        let mut total: Option<(Mat<f64, 2>, Mat<f64, 2>)> = None;
        for (s, c) in &parts {
            let (s, c) = (mat_at::<2>(s, k), mat_at::<2>(c, k));
            let (a, ca) = (s2a(&s, Z0), noise::s_to_abcd(&s, &c).map_err(at)?);
            total = Some(match total {
                None => (a, ca),
                Some((a1, ca1)) => (matmul(&a1, &a), add(&ca1, &sandwich(&a1, &ca))),
            });
        }
        let (a, ca) = total.expect("at least one stage");
        let s = a2s(&a, Z0);
        for i in 0..2 {
            for j in 0..2 {
                s_out[[k, i, j]] = s[i][j];
            }
        }
        params.push(NoiseParams::from_abcd(&ca).map_err(at)?);
    }
    let net = Network::from_s(freq.clone(), s_out)?;
    let noise = Noise::new(&net, freq.clone(), params)?;
    Ok((net, noise))
}

fn matmul(a: &Mat<f64, 2>, b: &Mat<f64, 2>) -> Mat<f64, 2> {
    std::array::from_fn(|i| std::array::from_fn(|j| a[i][0] * b[0][j] + a[i][1] * b[1][j]))
}

fn add(a: &Mat<f64, 2>, b: &Mat<f64, 2>) -> Mat<f64, 2> {
    std::array::from_fn(|i| std::array::from_fn(|j| a[i][j] + b[i][j]))
}

/// `a c a^H`.
fn sandwich(a: &Mat<f64, 2>, c: &Mat<f64, 2>) -> Mat<f64, 2> {
    let ac = matmul(a, c);
    std::array::from_fn(|i| {
        std::array::from_fn(|j| ac[i][0] * a[j][0].conj() + ac[i][1] * a[j][1].conj())
    })
}

/// The error for noise asked of a network without noise data.
pub fn no_noise(net: &Network) -> PyErr {
    PmrfError::new_err(format!(
        "network `{}` has no noise data: read a Touchstone file with a noise block, or build \
         one with pmrf_rs.noise_cascade",
        net.name()
    ))
}

/// The cascade of noisy 2-ports, port 2 of each to port 1 of the next, over ``frequency``:
/// a ``Network`` with noise data on that grid (its ``noise_figure``, ``nfmin``, ...).
///
/// ``stages`` are ``Network``s (with noise data: measured, e.g. an amplifier; without: passive
/// at ``temperature``) and ``Model``s (passive at ``temperature``, K, by Bosma's theorem).
/// Measured stages are interpolated linearly onto ``frequency``, never extrapolated.
///
/// Raises ``PmrfError`` for no stage, a stage that is not a 2-port, a point outside a measured
/// stage's band, a model that is not passive, a stage with S21 = 0, or a noiseless whole;
/// ``TypeError`` for a stage that is neither a ``Network`` nor a ``Model``.
#[pyfunction]
#[pyo3(signature = (stages, frequency, temperature = T0))]
pub fn noise_cascade(
    py: Python<'_>,
    stages: Vec<Bound<'_, PyAny>>,
    frequency: &PyFrequency,
    temperature: f64,
) -> PyResult<PyNetwork> {
    let freq = &frequency.inner;
    let mut parts = Vec::with_capacity(stages.len());
    for (i, st) in stages.iter().enumerate() {
        let part = if let Ok(net) = st.cast::<PyNetwork>() {
            let net = net.get();
            Stage::network(&net.inner, net.noise.as_deref())
        } else if let Ok(model) = st.cast::<PyModel>() {
            let model = &model.get().inner;
            if model.nports() != 2 {
                return Err(PmrfError::new_err(format!(
                    "stage {i} of a noise cascade must be a 2-port, got a {}-port model",
                    model.nports()
                )));
            }
            py.detach(|| model.s(freq)).map(Stage::Computed)
        } else {
            return Err(PyTypeError::new_err(format!(
                "stage {i} of a noise cascade must be a Network or a Model, got a `{}`",
                st.get_type().name()?
            )));
        };
        parts.push(part.py_err()?);
    }
    let (net, noise) = py.detach(|| cascade(&parts, freq, temperature)).py_err()?;
    Ok(PyNetwork {
        inner: net,
        noise: Some(std::sync::Arc::new(noise)),
    })
}

/// Adds `noise_cascade` to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(noise_cascade, m)?)
}

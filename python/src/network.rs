//! `Network`: S-parameters over a frequency grid, measured (Touchstone) or computed; its
//! Z/Y/ABCD, features, algebra and Touchstone files.

use std::path::PathBuf;
use std::sync::Arc;

use numpy::ndarray::{Array2, Array3, Ix1, Ix2, Ix3};
use numpy::{Complex64, IntoPyArray, PyArray1, PyArray2, PyArray3};
use pmrf::Network;
use pmrf::io::touchstone::{NumberFormat, Version, WriteOptions};
use pmrf::network::noise::NoiseParams;
use pmrf::network::{Interpolation, Mat, WaveDef, reference};
use pyo3::prelude::*;
use pyo3::types::PyComplex;

use crate::arrays;
use crate::error::{IntoPy, PmrfError};
use crate::frequency::{self, PyFrequency};
use crate::noise::{self, Noise};

/// S-parameters over a frequency grid, with per-port reference impedances.
///
/// ``s`` is a complex128 array of shape ``(nfreq, n, n)`` (row = receiving port, column =
/// driving port: ``s[k, 1, 0]`` is S21 at point ``k``), ``z0`` one of shape ``(nfreq, n)`` in
/// ohm. S-parameters are power waves, as in scikit-rf. A network never changes: operations
/// return new networks, and ``s``/``z0`` are read-only views of its memory.
///
/// ``Network(frequency, s, z0=None, name="")``: ``s`` complex128 of any memory layout (copied
/// once, into the network), ``z0`` a number, per port ``(n,)`` or ``(nfreq, n)`` (default
/// 50 ohm). A ``TypeError`` if ``s`` is not a complex128 array of 3 dimensions; a
/// ``PmrfError`` for a wrong shape, an infinite entry or a reference impedance without a
/// positive real part.
///
/// >>> f = Frequency.linspace(1.0, 2.0, 3, "GHz")
/// >>> thru = Network(f, np.array([[[0, 1], [1, 0]]] * 3, dtype=complex))
/// >>> thru["s21"]
/// array([1.+0.j, 1.+0.j, 1.+0.j])
#[pyclass(module = "pmrf_rs", name = "Network", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyNetwork {
    pub inner: Network,
    /// The noise data of a 2-port (a Touchstone noise block, a noise cascade), if any. Kept by
    /// `renamed` only: every other operation returns a network without noise.
    pub noise: Option<Arc<Noise>>,
}

impl From<Network> for PyNetwork {
    fn from(inner: Network) -> Self {
        Self { inner, noise: None }
    }
}

impl PyNetwork {
    /// The noise data, or a `PmrfError` saying the network has none.
    fn noise_data(&self) -> PyResult<&Noise> {
        self.noise
            .as_deref()
            .ok_or_else(|| noise::no_noise(&self.inner))
    }

    /// The noise factor (linear) from `gamma_s` (default 0) over `frequency` (default: the
    /// noise frequencies).
    fn noise_factor_at(
        &self,
        py: Python<'_>,
        gamma_s: Option<&Bound<'_, PyAny>>,
        frequency: Option<&PyFrequency>,
    ) -> PyResult<numpy::ndarray::Array1<f64>> {
        let data = self.noise_data()?;
        let gamma = gamma_s
            .map(noise::gamma_arg)
            .transpose()?
            .unwrap_or_default();
        let freq = frequency.map_or(&data.frequency, |f| &f.inner);
        py.detach(|| data.noise_factor(freq, gamma)).py_err()
    }
}

/// The wave definition named `s_def` (scikit-rf's names).
fn wave_def(s_def: &str) -> PyResult<WaveDef> {
    match s_def.to_ascii_lowercase().as_str() {
        "power" => Ok(WaveDef::Power),
        "pseudo" => Ok(WaveDef::Pseudo),
        _ => Err(PmrfError::new_err(format!(
            "unknown wave definition s_def=`{s_def}`: use \"power\" or \"pseudo\""
        ))),
    }
}

/// The reference impedances `z0` given from Python for `n` ports over `nfreq` points: a number
/// (every port, every point), `(n,)` (per port) or `(nfreq, n)`.
fn reference_impedances(
    z0: &Bound<'_, PyAny>,
    nfreq: usize,
    n: usize,
) -> PyResult<Array2<Complex64>> {
    let number = match z0.cast::<PyComplex>() {
        Ok(c) => Some(Complex64::new(c.real(), c.imag())),
        Err(_) => z0.extract::<f64>().ok().map(|r| Complex64::new(r, 0.0)),
    };
    if let Some(z) = number {
        return Ok(Array2::from_elem((nfreq, n), z));
    }
    let expected = format!("({nfreq}, {n}) or ({n},), or a number");
    let array = z0
        .py()
        .import("numpy")?
        .call_method1("asarray", (z0, "complex128"))?;
    match array.getattr("ndim")?.extract::<usize>()? {
        1 => {
            let row = arrays::complex::<Ix1>(&array, "z0", &expected)?;
            let row = row.as_array();
            if row.len() != n {
                return Err(PmrfError::new_err(format!(
                    "z0 of a {n}-port must have shape ({n},) or ({nfreq}, {n}), got ({},)",
                    row.len()
                )));
            }
            Ok(Array2::from_shape_fn((nfreq, n), |(_, p)| row[p]))
        }
        2 => Ok(arrays::complex::<Ix2>(&array, "z0", &expected)?
            .as_array()
            .to_owned()),
        d => Err(PmrfError::new_err(format!(
            "z0 must have shape {expected}, got an array of {d} dimensions"
        ))),
    }
}

/// One of the conversions of [`reference`] (`s2z`, `s2y`), point by point for `N` ports.
type Convert<const N: usize> = fn(&Mat<f64, N>, &[Complex64; N], WaveDef) -> Mat<f64, N>;

fn convert<const N: usize>(net: &Network, f: Convert<N>) -> Array3<Complex64> {
    let (s, z0) = (net.s(), net.z0());
    let mut out = Array3::zeros(s.raw_dim());
    for k in 0..net.len() {
        let sk: Mat<f64, N> = std::array::from_fn(|i| std::array::from_fn(|j| s[[k, i, j]]));
        let zk: [Complex64; N] = std::array::from_fn(|i| z0[[k, i]]);
        let m = f(&sk, &zk, WaveDef::Power);
        for (i, row) in m.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                out[[k, i, j]] = *v;
            }
        }
    }
    out
}

/// The most ports [`Network.z`](PyNetwork::z) and [`Network.y`](PyNetwork::y) convert (pmrf's
/// conversions are sized at compile time).
const MAX_PORTS: usize = 16;

/// `reference::$f` for the run-time port count of `$net`, or an error beyond [`MAX_PORTS`].
macro_rules! by_ports {
    ($net:expr, $f:ident, $what:literal, $($n:literal)*) => {
        match $net.nports() {
            $($n => Ok(convert::<$n>($net, reference::$f::<f64, $n>)),)*
            n => Err(PmrfError::new_err(format!(
                "{} of a {n}-port: converts networks of up to {MAX_PORTS} ports",
                $what
            ))),
        }
    };
}

#[pymethods]
impl PyNetwork {
    /// The network of ``s`` (complex128, shape ``(nfreq, n, n)``, any memory layout) over
    /// ``frequency``, at reference impedances ``z0`` (ohm: a number, per port ``(n,)`` or
    /// ``(nfreq, n)``; default 50). ``s`` is copied once, into the network.
    ///
    /// Raises ``TypeError`` if ``s`` is not a complex128 array of 3 dimensions, ``PmrfError``
    /// for a wrong shape, an infinite entry or a reference without a positive real part.
    #[new]
    #[pyo3(signature = (frequency, s, z0 = None, name = ""))]
    fn new(
        frequency: &PyFrequency,
        s: &Bound<'_, PyAny>,
        z0: Option<&Bound<'_, PyAny>>,
        name: &str,
    ) -> PyResult<Self> {
        let s = arrays::complex::<Ix3>(s, "s", "(nfreq, n, n)")?;
        let s = s.as_array().to_owned();
        let (nfreq, n) = (frequency.inner.len(), s.dim().1);
        let net = match z0 {
            None => Network::from_s(frequency.inner.clone(), s),
            Some(z0) => {
                let z0 = reference_impedances(z0, nfreq, n)?;
                Network::new(frequency.inner.clone(), s, z0)
            }
        };
        Ok(net.py_err()?.with_name(name).into())
    }

    /// Reads a Touchstone file: ``.sNp`` (also ``.yNp``, ``.zNp``, ``.hNp``, ``.gNp``, whose
    /// parameters become S) and ``.ts`` (version 2), named after the file's stem. A noise
    /// block (2-ports) is kept as the network's noise data (``has_noise``, ``nfmin``,
    /// ``noise_figure``, ...).
    ///
    /// Raises ``PmrfError`` naming the file and line of anything malformed, or for a noise
    /// block that cannot be used (a reference at port 1 that is not a positive resistance).
    #[staticmethod]
    fn read(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let (net, noise) = py
            .detach(|| {
                let file = pmrf::io::touchstone::read(&path)?;
                let noise = Noise::of_touchstone(&file)?;
                Ok((file.into_network(), noise))
            })
            .py_err()?;
        Ok(Self {
            inner: net,
            noise: noise.map(Arc::new),
        })
    }

    /// Writes a Touchstone file at ``path``: ``format`` ``"RI"`` (real-imaginary, the
    /// default; read back exactly), ``"MA"`` (magnitude-angle) or ``"DB"`` (dB-angle), the
    /// frequencies in ``unit`` (default: the grid's unit), ``version`` 1 or 2 (2 keeps
    /// per-port references). A ``.sNp`` name must match the port count.
    #[pyo3(signature = (path, format = "RI", unit = None, version = 1))]
    fn write(
        &self,
        py: Python<'_>,
        path: PathBuf,
        format: &str,
        unit: Option<&str>,
        version: u8,
    ) -> PyResult<()> {
        let format = match format.to_ascii_uppercase().as_str() {
            "RI" => NumberFormat::RealImaginary,
            "MA" => NumberFormat::MagnitudeAngle,
            "DB" => NumberFormat::DecibelAngle,
            _ => {
                return Err(PmrfError::new_err(format!(
                    "unknown Touchstone format `{format}`: use \"RI\", \"MA\" or \"DB\""
                )));
            }
        };
        let version = match version {
            1 => Version::V1,
            2 => Version::V2,
            v => {
                return Err(PmrfError::new_err(format!(
                    "unknown Touchstone version {v}: use 1 or 2"
                )));
            }
        };
        let mut options = WriteOptions::new().format(format).version(version);
        if let Some(unit) = unit {
            options = options.unit(frequency::unit(unit)?);
        }
        py.detach(|| self.inner.write_touchstone(&path, &options))
            .py_err()
    }

    /// The S-parameters, complex128 ``(nfreq, n, n)``: a read-only view of the network's
    /// memory (no copy; ``np.array(net.s)`` for a writable copy).
    #[getter]
    fn s<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        arrays::view(slf.get().inner.s(), slf.clone().into_any())
    }

    /// The reference impedances in ohm, complex128 ``(nfreq, n)``: a read-only view.
    #[getter]
    fn z0<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArray2<Complex64>>> {
        arrays::view(slf.get().inner.z0(), slf.clone().into_any())
    }

    /// The impedance parameters in ohm, complex128 ``(nfreq, n, n)`` (scikit-rf ``z``, power
    /// waves at ``z0``). NaN at points where Z does not exist (a thru, a series element).
    ///
    /// Raises ``PmrfError`` for more than 16 ports.
    #[getter]
    fn z<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        let net = &self.inner;
        let z = py.detach(|| by_ports!(net, s2z, "Z", 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))?;
        Ok(z.into_pyarray(py))
    }

    /// The admittance parameters in siemens, complex128 ``(nfreq, n, n)`` (scikit-rf ``y``).
    /// NaN at points where Y does not exist (a thru, a shunt element).
    ///
    /// Raises ``PmrfError`` for more than 16 ports.
    #[getter]
    fn y<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        let net = &self.inner;
        let y = py.detach(|| by_ports!(net, s2y, "Y", 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))?;
        Ok(y.into_pyarray(py))
    }

    /// The chain (ABCD) parameters of a 2-port, complex128 ``(nfreq, 2, 2)``
    /// (``[[A, B], [C, D]]``, B in ohm, C in siemens; scikit-rf ``a``). NaN where S21 = 0.
    ///
    /// Raises ``PmrfError`` unless the network is a 2-port.
    #[getter]
    fn abcd<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        let net = &self.inner;
        if net.nports() != 2 {
            return Err(PmrfError::new_err(format!(
                "ABCD parameters of network `{}`: they exist for 2-ports, it has {} ports",
                net.name(),
                net.nports()
            )));
        }
        Ok(convert::<2>(net, reference::s2a::<f64>).into_pyarray(py))
    }

    /// ``20 log10 |S|`` in dB, float64 ``(nfreq, n, n)``.
    #[getter]
    fn s_db<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray3<f64>> {
        self.inner.s_db().into_pyarray(py)
    }

    /// ``|S|``, float64 ``(nfreq, n, n)``.
    #[getter]
    fn s_mag<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray3<f64>> {
        self.inner.s_mag().into_pyarray(py)
    }

    /// The phase of S in degrees, in (-180, 180], float64 ``(nfreq, n, n)``.
    #[getter]
    fn s_deg<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray3<f64>> {
        self.inner.s_deg().into_pyarray(py)
    }

    /// The phase of S in degrees, unwrapped along frequency, float64 ``(nfreq, n, n)``.
    #[getter]
    fn s_deg_unwrap<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray3<f64>> {
        self.inner.s_deg_unwrap().into_pyarray(py)
    }

    /// The trace named ``name``, complex128 ``(nfreq,)``: ``net["s21"]`` is S21 (1-based,
    /// any case; ``"s10_2"`` for ports beyond 9).
    ///
    /// Raises ``PmrfError`` for a name outside that grammar or a port the network lacks.
    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        name: &str,
    ) -> PyResult<Bound<'py, PyArray1<Complex64>>> {
        Ok(self.inner.entry(name).py_err()?.into_pyarray(py))
    }

    /// The frequency grid.
    #[getter]
    fn frequency(&self) -> PyFrequency {
        PyFrequency {
            inner: self.inner.frequency().clone(),
        }
    }

    /// The frequencies in Hz, float64 ``(nfreq,)`` (scikit-rf ``f``).
    #[getter]
    fn f<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, self.inner.frequency().hz())
    }

    /// The number of ports.
    #[getter]
    fn nports(&self) -> usize {
        self.inner.nports()
    }

    /// The name (the file's stem when read from one).
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The same network named ``name`` (with its noise data, if any).
    fn renamed(&self, name: &str) -> Self {
        Self {
            inner: self.inner.clone().with_name(name),
            noise: self.noise.clone(),
        }
    }

    /// The network on the grid ``frequency``, which must lie within this one's band:
    /// ``method`` ``"linear"`` (real and imaginary parts, the default), ``"mag_phase"``
    /// (magnitude and unwrapped phase: exact for a delay) or ``"cubic"`` (natural splines).
    #[pyo3(signature = (frequency, method = "linear"))]
    fn interpolate(&self, frequency: &PyFrequency, method: &str) -> PyResult<Self> {
        let method = match method.to_ascii_lowercase().as_str() {
            "linear" => Interpolation::Linear,
            "mag_phase" | "magnitude_phase" => Interpolation::MagnitudePhase,
            "cubic" => Interpolation::Cubic,
            _ => {
                return Err(PmrfError::new_err(format!(
                    "unknown interpolation `{method}`: use \"linear\", \"mag_phase\" or \"cubic\""
                )));
            }
        };
        Ok(self
            .inner
            .interpolate(&frequency.inner, method)
            .py_err()?
            .into())
    }

    /// The points from ``start`` to ``stop`` (Hz), both included.
    fn cropped(&self, start: f64, stop: f64) -> PyResult<Self> {
        Ok(self.inner.crop(start, stop).py_err()?.into())
    }

    /// This network followed by ``other`` (scikit-rf ``self ** other``): 2-ports port 2 to
    /// port 1; a 2N-port's ports N..2N to ``other``'s first N (``other`` a 2N-port, or an
    /// N-port termination). Also ``net ** other``.
    fn cascade(&self, other: &Self) -> PyResult<Self> {
        Ok(self.inner.cascade(&other.inner).py_err()?.into())
    }

    /// ``net ** other``: the same as ``net.cascade(other)``.
    fn __pow__(&self, other: &Self, modulo: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        if modulo.is_some() {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "net ** other takes no modulo",
            ));
        }
        self.cascade(other)
    }

    /// Port ``k`` (0-based) of this network connected to port ``l`` of ``other`` (scikit-rf
    /// ``connect(self, k, other, l)``, same port order).
    fn connect(&self, k: usize, other: &Self, l: usize) -> PyResult<Self> {
        Ok(self.inner.connect(k, &other.inner, l).py_err()?.into())
    }

    /// Ports ``k`` and ``l`` (0-based) of this network connected to each other (scikit-rf
    /// ``innerconnect``).
    fn inner_connect(&self, k: usize, l: usize) -> PyResult<Self> {
        Ok(self.inner.inner_connect(k, l).py_err()?.into())
    }

    /// The network at new reference impedances ``z0`` (a number, ``(n,)`` or ``(nfreq, n)``)
    /// under the wave definition ``s_def`` (``"power"`` or ``"pseudo"``; scikit-rf
    /// ``renormalize``).
    #[pyo3(signature = (z0, s_def = "power"))]
    fn renormalized(&self, z0: &Bound<'_, PyAny>, s_def: &str) -> PyResult<Self> {
        let z0 = reference_impedances(z0, self.inner.len(), self.inner.nports())?;
        Ok(self
            .inner
            .renormalized(&z0, wave_def(s_def)?)
            .py_err()?
            .into())
    }

    /// The cascade inverse of a 2N-port (scikit-rf ``inv``): ``net.inverse() ** net`` is a
    /// thru.
    fn inverse(&self) -> PyResult<Self> {
        Ok(self.inner.inverse().py_err()?.into())
    }

    /// This measurement with the fixtures ``left`` and/or ``right`` removed (scikit-rf
    /// ``left.inv ** meas ** right.inv``).
    #[pyo3(signature = (left = None, right = None))]
    fn deembed(&self, left: Option<&Self>, right: Option<&Self>) -> PyResult<Self> {
        let (l, r) = (left.map(|n| &n.inner), right.map(|n| &n.inner));
        Ok(self.inner.deembed(l, r).py_err()?.into())
    }

    /// The 2N-port with its two halves of ports swapped (scikit-rf ``flipped``).
    fn flipped(&self) -> PyResult<Self> {
        Ok(self.inner.flipped().py_err()?.into())
    }

    /// The network of the ports ``ports`` (0-based, in that order; scikit-rf
    /// ``subnetwork``).
    fn subnetwork(&self, ports: Vec<usize>) -> PyResult<Self> {
        Ok(self.inner.subnetwork(&ports).py_err()?.into())
    }

    /// This network as a ``skrf.Network`` (exact copies of f, s, z0, and its noise data if it
    /// has any; needs scikit-rf).
    fn to_skrf<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        skrf(slf.py())?.call_method1("network_to_skrf", (slf,))
    }

    /// The network of a ``skrf.Network`` (exact copies of f, s, z0, and its noise data if it is
    /// ``noisy``; needs scikit-rf).
    #[staticmethod]
    fn from_skrf(ntwk: &Bound<'_, PyAny>) -> PyResult<Self> {
        skrf(ntwk.py())?
            .call_method1("network_from_skrf", (ntwk,))?
            .cast::<Self>()
            .map(|n| n.get().clone())
            .map_err(Into::into)
    }

    // --- noise ---
    /// This 2-port with noise data: at the noise frequencies ``frequency`` (a grid of its own),
    /// the minimum noise figure ``nfmin_db`` (dB), the optimum source reflection ``gamma_opt``
    /// (at 50 ohm) and the noise resistance ``rn`` (ohm), each an array of ``len(frequency)``
    /// (as a Touchstone noise block, with ``rn`` not normalised).
    ///
    /// Raises ``PmrfError`` for a network that is not a 2-port, lengths that differ, or
    /// values that are not finite or not physical (``rn <= 0``, ``|gamma_opt| >= 1``).
    fn with_noise<'py>(
        &self,
        py: Python<'py>,
        frequency: &PyFrequency,
        nfmin_db: &Bound<'py, PyAny>,
        gamma_opt: &Bound<'py, PyAny>,
        rn: &Bound<'py, PyAny>,
    ) -> PyResult<Self> {
        // Any sequence or array numpy reads as 1-D float64 / complex128.
        let numpy = py.import("numpy")?;
        let as_1d = |x: &Bound<'py, PyAny>, dtype: &str| -> PyResult<Bound<'py, PyAny>> {
            numpy.call_method1("ravel", (numpy.call_method1("asarray", (x, dtype))?,))
        };
        let nfmin_db: Vec<f64> = as_1d(nfmin_db, "float64")?
            .call_method0("tolist")?
            .extract()?;
        let rn: Vec<f64> = as_1d(rn, "float64")?.call_method0("tolist")?.extract()?;
        let gamma = as_1d(gamma_opt, "complex128")?;
        let gamma_opt: Vec<Complex64> = (gamma.getattr("real")?.call_method0("tolist")?)
            .extract::<Vec<f64>>()?
            .into_iter()
            .zip(
                gamma
                    .getattr("imag")?
                    .call_method0("tolist")?
                    .extract::<Vec<f64>>()?,
            )
            .map(|(re, im)| Complex64::new(re, im))
            .collect();
        let n = frequency.inner.len();
        if nfmin_db.len() != n || gamma_opt.len() != n || rn.len() != n {
            return Err(PmrfError::new_err(format!(
                "noise data: {n} noise frequencies need as many nfmin_db, gamma_opt and rn \
                 values, got {}, {} and {}",
                nfmin_db.len(),
                gamma_opt.len(),
                rn.len()
            )));
        }
        if let Some(k) = (0..n).find(|&k| !(rn[k] > 0.0 && gamma_opt[k].norm() < 1.0)) {
            return Err(PmrfError::new_err(format!(
                "noise data at {} Hz: rn = {} ohm must be positive and |gamma_opt| = {} below 1",
                frequency.inner.hz()[k],
                rn[k],
                gamma_opt[k].norm()
            )));
        }
        let params = (0..n)
            .map(|k| NoiseParams::from_db(nfmin_db[k], gamma_opt[k], rn[k]))
            .collect();
        let noise = Noise::new(&self.inner, frequency.inner.clone(), params).py_err()?;
        Ok(Self {
            inner: self.inner.clone(),
            noise: Some(Arc::new(noise)),
        })
    }

    /// Whether the network has noise data (a Touchstone noise block, a noise cascade).
    #[getter]
    fn has_noise(&self) -> bool {
        self.noise.is_some()
    }

    /// The frequencies of the noise data (a grid of its own, not necessarily the network's).
    ///
    /// Raises ``PmrfError`` if the network has no noise data (likewise every noise accessor).
    #[getter]
    fn noise_frequency(&self) -> PyResult<PyFrequency> {
        Ok(PyFrequency {
            inner: self.noise_data()?.frequency.clone(),
        })
    }

    /// The minimum noise factor at each noise frequency, LINEAR (scikit-rf ``nfmin``), float64
    /// ``(nnoise,)``; ``nfmin_db`` is it in dB.
    #[getter]
    fn nfmin<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let p = &self.noise_data()?.params;
        Ok(PyArray1::from_iter(py, p.iter().map(|p| p.nf_min)))
    }

    /// The minimum noise figure in dB (``10 log10 nfmin``; the Touchstone column), float64
    /// ``(nnoise,)``.
    #[getter]
    fn nfmin_db<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let p = &self.noise_data()?.params;
        Ok(PyArray1::from_iter(py, p.iter().map(|p| p.nf_min_db())))
    }

    /// The optimum source reflection at 50 ohm at each noise frequency (scikit-rf ``g_opt``),
    /// complex128 ``(nnoise,)``.
    #[getter]
    fn gamma_opt<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<Complex64>>> {
        let p = &self.noise_data()?.params;
        Ok(PyArray1::from_iter(py, p.iter().map(|p| p.gamma_opt)))
    }

    /// The equivalent noise resistance in OHM (the Touchstone column is normalised: times the
    /// reference resistance) at each noise frequency, float64 ``(nnoise,)``.
    #[getter]
    fn rn<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let p = &self.noise_data()?.params;
        Ok(PyArray1::from_iter(py, p.iter().map(|p| p.rn)))
    }

    /// The noise figure in dB from a source of reflection ``gamma_s`` (at 50 ohm, a complex
    /// or real number, ``|gamma_s| < 1``) at ``T0`` = 290 K, port 1 to port 2, at every point
    /// of ``frequency`` (default: the noise frequencies), S and noise interpolated linearly:
    /// float64 ``(nfreq,)``.
    ///
    /// Raises ``PmrfError`` without noise data, for a point outside the S or the noise band
    /// (no extrapolation), or ``|gamma_s| >= 1``; ``TypeError`` for a ``gamma_s`` that is not a
    /// number.
    #[pyo3(signature = (gamma_s = None, frequency = None))]
    fn noise_figure<'py>(
        &self,
        py: Python<'py>,
        gamma_s: Option<&Bound<'py, PyAny>>,
        frequency: Option<&PyFrequency>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let f = self.noise_factor_at(py, gamma_s, frequency)?;
        Ok(f.mapv(|x| 10.0 * x.log10()).into_pyarray(py))
    }

    /// The noise temperature ``T0 (F - 1)`` in kelvin, as ``noise_figure``.
    #[pyo3(signature = (gamma_s = None, frequency = None))]
    fn noise_temperature<'py>(
        &self,
        py: Python<'py>,
        gamma_s: Option<&Bound<'py, PyAny>>,
        frequency: Option<&PyFrequency>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let f = self.noise_factor_at(py, gamma_s, frequency)?;
        Ok(f.mapv(pmrf::network::noise::noise_temperature)
            .into_pyarray(py))
    }
    // --- end noise ---

    /// The number of frequency points.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Network({:?}, {} ports, {})",
            self.inner.name(),
            self.inner.nports(),
            self.inner.frequency()
        )
    }
}

/// The pure-Python scikit-rf border, `pmrf_rs.skrf`.
pub fn skrf(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pmrf_rs.skrf")
}

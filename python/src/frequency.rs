//! `Frequency`: a grid of frequencies, in Hz, with the unit it is shown in.

use numpy::ndarray::ArrayView1;
use numpy::{AllowTypeChange, PyArray1, PyArrayLike1};
use pmrf::{Frequency, FrequencyUnit};
use pyo3::prelude::*;

use crate::arrays;
use crate::error::{IntoPy, PmrfError};
use crate::network::skrf;

/// The unit named `unit` (`"Hz"`, `"kHz"`, `"MHz"`, `"GHz"`, `"THz"`, any case).
pub fn unit(unit: &str) -> PyResult<FrequencyUnit> {
    FrequencyUnit::ALL
        .into_iter()
        .find(|u| u.symbol().eq_ignore_ascii_case(unit))
        .ok_or_else(|| {
            PmrfError::new_err(format!(
                "unknown frequency unit `{unit}`: use Hz, kHz, MHz, GHz or THz"
            ))
        })
}

/// A frequency grid: ascending, finite, non-negative values in Hz, shown in `unit`.
///
/// Grids are equal when their values in Hz are (the display unit aside); ``np.asarray(f)``
/// is ``f.hz``.
///
/// >>> f = Frequency.linspace(1.0, 3.0, 201, "GHz")
/// >>> f.hz[0], len(f), f.scaled[-1]
/// (1000000000.0, 201, 3.0)
#[pyclass(module = "pmrf_rs", name = "Frequency", frozen)]
#[derive(Clone)]
pub struct PyFrequency {
    pub inner: Frequency,
}

#[pymethods]
impl PyFrequency {
    /// `npoints` evenly spaced values from `start` to `stop` in `unit` (default GHz).
    #[staticmethod]
    #[pyo3(signature = (start, stop, npoints, unit = "GHz"))]
    fn linspace(start: f64, stop: f64, npoints: usize, unit: &str) -> PyResult<Self> {
        let unit = self::unit(unit)?;
        Ok(Self {
            inner: Frequency::linspace(start, stop, npoints, unit).py_err()?,
        })
    }

    /// `npoints` logarithmically spaced values from `start` to `stop` in `unit`.
    #[staticmethod]
    #[pyo3(signature = (start, stop, npoints, unit = "GHz"))]
    fn logspace(start: f64, stop: f64, npoints: usize, unit: &str) -> PyResult<Self> {
        let unit = self::unit(unit)?;
        Ok(Self {
            inner: Frequency::logspace(start, stop, npoints, unit).py_err()?,
        })
    }

    /// The grid of the values `hz` (a 1-D array or sequence of numbers, in Hz), shown in `unit`.
    #[new]
    #[pyo3(signature = (hz, unit = "Hz"))]
    fn new(hz: PyArrayLike1<'_, f64, AllowTypeChange>, unit: &str) -> PyResult<Self> {
        let unit = self::unit(unit)?;
        let f = Frequency::from_hz(hz.as_array().to_vec()).py_err()?;
        Ok(Self {
            inner: f.with_unit(unit),
        })
    }

    /// The values in Hz, float64 ``(nfreq,)``: a read-only view of the grid's memory (no
    /// copy; ``np.array(f.hz)`` for a writable copy).
    #[getter]
    fn hz<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        arrays::view(
            &ArrayView1::from(slf.get().inner.hz()),
            slf.clone().into_any(),
        )
    }

    /// The values in the display unit (``1.5`` for 1.5 GHz shown in GHz), a new float64 array.
    #[getter]
    fn scaled<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_vec(py, self.inner.scaled())
    }

    /// The first (lowest) value in Hz.
    #[getter]
    fn start(&self) -> f64 {
        self.inner.start()
    }

    /// The last (highest) value in Hz.
    #[getter]
    fn stop(&self) -> f64 {
        self.inner.stop()
    }

    /// The same grid shown in ``unit`` (``"Hz"`` ... ``"THz"``).
    fn with_unit(&self, unit: &str) -> PyResult<Self> {
        Ok(Self {
            inner: self.inner.clone().with_unit(self::unit(unit)?),
        })
    }

    /// This grid as a ``skrf.Frequency`` (exact values, same unit; needs scikit-rf).
    fn to_skrf<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        skrf(slf.py())?.call_method1("frequency_to_skrf", (slf,))
    }

    /// The grid of a ``skrf.Frequency`` (exact values, same unit; needs scikit-rf).
    #[staticmethod]
    fn from_skrf(frequency: &Bound<'_, PyAny>) -> PyResult<Self> {
        skrf(frequency.py())?
            .call_method1("frequency_from_skrf", (frequency,))?
            .cast::<Self>()
            .map(|f| f.get().clone())
            .map_err(Into::into)
    }

    /// ``np.asarray(f)``: the values in Hz, the read-only view of ``hz``; a new array when
    /// ``dtype`` is given or ``copy`` is true.
    #[pyo3(signature = (dtype = None, copy = None))]
    fn __array__<'py>(
        slf: &Bound<'py, Self>,
        dtype: Option<&Bound<'py, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let hz = Self::hz(slf)?.into_any();
        if dtype.is_none() && copy != Some(true) {
            return Ok(hz);
        }
        slf.py().import("numpy")?.call_method1("array", (hz, dtype))
    }

    /// Equal grids: the same values in Hz (the display unit aside).
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Self>()
            .is_ok_and(|o| o.get().inner.hz() == self.inner.hz())
    }

    /// The display unit's symbol (`"GHz"`).
    #[getter]
    fn unit(&self) -> &'static str {
        self.inner.unit().symbol()
    }

    /// The number of points.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("Frequency({})", self.inner)
    }
}

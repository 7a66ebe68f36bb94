//! `Frequency`: a grid of frequencies, in Hz, with the unit it is shown in.

use numpy::{PyArray1, PyReadonlyArray1};
use pmrf::{Frequency, FrequencyUnit};
use pyo3::prelude::*;

use crate::error::{IntoPy, PmrfError};

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
/// >>> f = Frequency.linspace(1.0, 3.0, 201, "GHz")
/// >>> f.hz[0], len(f)
/// (1000000000.0, 201)
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

    /// The grid of the values `hz` (a 1-D float array or sequence, in Hz), shown in `unit`.
    #[new]
    #[pyo3(signature = (hz, unit = "Hz"))]
    fn new(hz: PyReadonlyArray1<'_, f64>, unit: &str) -> PyResult<Self> {
        let unit = self::unit(unit)?;
        let f = Frequency::from_hz(hz.as_slice()?.to_vec()).py_err()?;
        Ok(Self {
            inner: f.with_unit(unit),
        })
    }

    /// The values in Hz, a new float64 array.
    #[getter]
    fn hz<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, self.inner.hz())
    }

    /// The display unit's symbol (`"GHz"`).
    #[getter]
    fn unit(&self) -> &'static str {
        self.inner.unit().symbol()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("Frequency({})", self.inner)
    }
}

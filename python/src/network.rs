//! `Network`: S-parameters over a frequency grid, measured (Touchstone) or computed.

use std::path::PathBuf;

use numpy::{Complex64, IntoPyArray, PyArray3, PyReadonlyArray3};
use pmrf::Network;
use pmrf::io::touchstone::WriteOptions;
use pyo3::prelude::*;

use crate::error::IntoPy;
use crate::frequency::PyFrequency;

/// S-parameters over a frequency grid: `s` is a complex128 array of shape `(nfreq, n, n)`.
#[pyclass(module = "pmrf_rs", name = "Network", frozen)]
#[derive(Clone)]
pub struct PyNetwork {
    pub inner: Network,
}

#[pymethods]
impl PyNetwork {
    /// The network of `s` (complex, `(nfreq, n, n)`) over `frequency`, at 50 ohm.
    #[new]
    #[pyo3(signature = (frequency, s, name = ""))]
    fn new(
        frequency: &PyFrequency,
        s: PyReadonlyArray3<'_, Complex64>,
        name: &str,
    ) -> PyResult<Self> {
        let net = Network::from_s(frequency.inner.clone(), s.as_array().to_owned()).py_err()?;
        Ok(Self {
            inner: net.with_name(name),
        })
    }

    /// Reads a Touchstone file (`.sNp`, versions 1 and 2).
    #[staticmethod]
    fn read(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let net = py.detach(|| Network::from_touchstone(&path)).py_err()?;
        Ok(Self { inner: net })
    }

    /// Writes a Touchstone file (version 1, real-imaginary).
    fn write(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.write_touchstone(&path, &WriteOptions::new()))
            .py_err()
    }

    /// The S-parameters, a new complex128 array `(nfreq, n, n)`.
    #[getter]
    fn s<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray3<Complex64>> {
        self.inner.s().clone().into_pyarray(py)
    }

    /// The frequency grid.
    #[getter]
    fn frequency(&self) -> PyFrequency {
        PyFrequency {
            inner: self.inner.frequency().clone(),
        }
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

//! pmrf's errors as Python exceptions: [`PmrfError`], a `ValueError`, carrying pmrf's message.

use pyo3::PyErr;

pyo3::create_exception!(
    pmrf_rs,
    PmrfError,
    pyo3::exceptions::PyValueError,
    "An error of the pmrf engine: bad input (a wrong parameter name or count, NaN, a malformed \
     file, an empty grid) or a model that cannot be evaluated. The message says what and where."
);

/// `Result` of pmrf's calls into Python's.
pub trait IntoPy<T> {
    /// The value, or a [`PmrfError`] with pmrf's message.
    fn py_err(self) -> Result<T, PyErr>;
}

impl<T> IntoPy<T> for pmrf::Result<T> {
    fn py_err(self) -> Result<T, PyErr> {
        self.map_err(|e| PmrfError::new_err(e.to_string()))
    }
}

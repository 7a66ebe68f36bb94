//! numpy at the border: complex128 inputs checked with messages that name the expected shape,
//! and read-only views of data Rust owns.
//!
//! Inputs are read in place (any strides: C order, Fortran order or a slice) and copied once,
//! into the `Network` that owns them. Outputs that a frozen Python object owns (a network's S
//! and z0, a grid's Hz) are read-only views into that object's Rust memory, no copy; computed
//! arrays (Z, dB, ...) are handed to numpy without a copy too (numpy takes the allocation).

use numpy::ndarray::{ArrayBase, Data, Dimension};
use numpy::{Complex64, Element, PyArray, PyArrayMethods, PyReadonlyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::PmrfError;

/// `obj` as a complex128 array of `D`'s dimension, without a copy; a `TypeError` naming
/// `what`, the expected `shape` and what `obj` is otherwise.
pub fn complex<'py, D: Dimension>(
    obj: &Bound<'py, PyAny>,
    what: &str,
    shape: &str,
) -> PyResult<PyReadonlyArray<'py, Complex64, D>> {
    match obj.cast::<PyArray<Complex64, D>>() {
        Ok(array) => Ok(array.try_readonly().map_err(|e| {
            PmrfError::new_err(format!(
                "{what}: the array is being written elsewhere ({e})"
            ))
        })?),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be a complex128 numpy array of shape {shape}, got {}",
            describe(obj)
        ))),
    }
}

/// What `obj` is, for messages: dtype and shape of an array, else its type.
fn describe(obj: &Bound<'_, PyAny>) -> String {
    match (obj.getattr("dtype"), obj.getattr("shape")) {
        (Ok(dtype), Ok(shape)) => format!("an array of dtype {dtype} and shape {shape}"),
        _ => match obj.get_type().name() {
            Ok(name) => format!("a `{name}`"),
            Err(_) => "another object".into(),
        },
    }
}

/// A read-only numpy view of `array`, which `owner` (a frozen Python object) owns and never
/// changes: no copy, and the view keeps `owner` alive.
pub fn view<'py, T: Element, S: Data<Elem = T>, D: Dimension>(
    array: &ArrayBase<S, D>,
    owner: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyArray<T, D>>> {
    // SAFETY: `owner` holds `array`'s memory and is frozen (its Rust data is never mutated or
    // moved while it lives); the view is made read-only below, so numpy never writes to it.
    let view = unsafe { PyArray::borrow_from_array(array, owner) };
    read_only(&view)?;
    Ok(view)
}

/// Clears numpy's WRITEABLE flag of `array`.
fn read_only<T: Element, D: Dimension>(array: &Bound<'_, PyArray<T, D>>) -> PyResult<()> {
    let kwargs = PyDict::new(array.py());
    kwargs.set_item("write", false)?;
    array.call_method("setflags", (), Some(&kwargs))?;
    Ok(())
}

//! `pmrf_rs`, the pmrf engine from Python: numpy arrays in and out, pmrf's errors as Python
//! exceptions ([`PmrfError`]), long runs with the GIL released.
//!
//! One module per concept: [`frequency`] (the grid), [`network`] (measured or computed
//! S-parameters, Touchstone, network algebra), [`arrays`] (numpy in and out, views where Rust
//! owns the data), [`model`] (parametric models erased to [`model::DynModel`], the catalogue,
//! composition with exact Jacobians), [`fit`] (fits of a model's free parameters to a
//! measured network). The Python package `pmrf_rs` (folder `pmrf_rs/`) re-exports
//! this extension module, `pmrf_rs._core`, and adds the pure-Python conveniences (scikit-rf
//! conversion).

use pyo3::prelude::*;

pub mod arrays;
pub mod error;
pub mod fit;
pub mod frequency;
pub mod model;
pub mod network;

pub use error::PmrfError;

/// The extension module `pmrf_rs._core`.
#[pymodule]
#[pyo3(name = "_core")]
fn core_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("PmrfError", m.py().get_type::<PmrfError>())?;
    m.add_class::<frequency::PyFrequency>()?;
    m.add_class::<network::PyNetwork>()?;
    model::register(m)?;
    fit::register(m)?;
    Ok(())
}

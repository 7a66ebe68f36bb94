//! `pmrf_rs`, the pmrf engine from Python: numpy arrays in and out, pmrf's errors as Python
//! exceptions ([`PmrfError`]), long runs with the GIL released.
//!
//! One module per concept: [`frequency`] (the grid), [`network`] (measured or computed
//! S-parameters, Touchstone, network algebra), [`arrays`] (numpy in and out, views where Rust
//! owns the data), [`model`] (parametric models erased to [`model::DynModel`]: the catalogue,
//! composition and circuits with exact Jacobians, data blocks, ties), [`fit`] (fits of a
//! model's free parameters: features, losses, goals, methods, MAP, stages), [`infer`] (NUTS
//! and nested sampling), [`batch`] (members drawn from the priors, evaluated in parallel),
//! [`noise`] (noise parameters, passive noise, noisy cascades),
//! [`watch`] (Ctrl-C and progress for long runs). The Python package `pmrf_rs` (folder
//! `pmrf_rs/`) re-exports this extension module, `pmrf_rs._core`, and adds the pure-Python
//! conveniences (scikit-rf conversion, ArviZ).
//!
//! Models written in Rust by users reach Python through [`export_models!`] ([`export`]): one
//! call in a user crate builds its own extension module, this whole engine plus its parts
//! (`python/template/` is a crate to copy).

use pyo3::prelude::*;

pub mod arrays;
pub mod batch;
pub mod error;
pub mod export;
pub mod fit;
pub mod frequency;
pub mod infer;
pub mod model;
pub mod network;
pub mod noise;
pub mod watch;

pub use error::PmrfError;
// For `export_models!` in user crates, which need not depend on PyO3 themselves.
#[doc(hidden)]
pub use pyo3;

/// The extension module `pmrf_rs._core`.
#[pymodule]
#[pyo3(name = "_core")]
fn core_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    register_all(m)
}

/// Adds the whole engine to `m`: `PmrfError`, `Frequency`, `Network`, `Model`, the
/// composition and circuit functions, the submodule `components`, fits, samplers and noise. `pmrf_rs._core` is this, and so is
/// every user module built by [`export_models!`] (see [`export`]).
pub fn register_all(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("PmrfError", m.py().get_type::<PmrfError>())?;
    m.add_class::<frequency::PyFrequency>()?;
    m.add_class::<network::PyNetwork>()?;
    model::register(m)?;
    fit::register(m)?;
    noise::register(m)?;
    infer::register(m)?;
    Ok(())
}

/// mimalloc for the engine's arrays (feature `mimalloc`, on by default): it reuses freed
/// pages, where glibc returns them to the kernel and every call of a loop (a gradient per
/// optimiser step) faults them in again, 0.1-0.3 ms of a 0.3 ms gradient.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

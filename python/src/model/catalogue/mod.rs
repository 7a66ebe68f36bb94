//! The catalogue from Python: pmrf's parts as functions with SI keyword arguments, each
//! returning a `Model` (the Python submodule `pmrf_rs.components`), by family: [`lumped`]
//! elements and sections, [`ideal`] terminations and multi-ports, [`coupled`] parts (magnetic
//! and hybrids) and transmission [`lines`].
//!
//! Parts with a port count in their type take it as the keyword `ports=` (1 to
//! [`MAX_PORTS`]), dispatched here over the const generic. Parts that need Rust-only inputs
//! (closures, tables, networks, rational fits) are not here.

// The functions carry the parts' names, as Python users call them (`SeriesC(c=1e-12)`).
#![allow(non_snake_case)]

mod coupled;
mod ideal;
mod lines;
mod lumped;

use pyo3::prelude::*;

use super::{Leaf, PyModel};
use crate::error::{IntoPy, PmrfError};

/// The largest port count `ports=` takes.
pub const MAX_PORTS: i64 = 8;

/// A catalogue part `model` (an `N`-port) as a `Model`, its values checked.
fn part<M, const N: usize>(model: M) -> PyResult<PyModel>
where
    M: crate::model::leaf::LeafPart<N> + Clone + Send + Sync + 'static,
{
    Ok(PyModel::new(Leaf::<M, N>::new(model).py_err()?.into_dyn()))
}

/// The error of a port count outside `1..=MAX_PORTS` for `part`.
fn ports_error(part: &str, ports: i64) -> PyErr {
    PmrfError::new_err(format!(
        "{part}: ports = {ports} is out of range; expected a port count from 1 to {MAX_PORTS}"
    ))
}

/// `$body` with the const `$n` set to `$ports` (1 to [`MAX_PORTS`]), else a `PmrfError`
/// naming `$part`.
macro_rules! by_ports {
    ($ports:expr, $part:literal, $n:ident => $body:expr) => {
        match $ports {
            1 => {
                const $n: usize = 1;
                $body
            }
            2 => {
                const $n: usize = 2;
                $body
            }
            3 => {
                const $n: usize = 3;
                $body
            }
            4 => {
                const $n: usize = 4;
                $body
            }
            5 => {
                const $n: usize = 5;
                $body
            }
            6 => {
                const $n: usize = 6;
                $body
            }
            7 => {
                const $n: usize = 7;
                $body
            }
            8 => {
                const $n: usize = 8;
                $body
            }
            other => Err($crate::model::catalogue::ports_error($part, other)),
        }
    };
}
use by_ports;

/// Defines `#[pyfunction]`s of parts built from numbers alone, all keyword arguments required:
/// `name(args) = Part::new(args)`.
macro_rules! parts {
    ($($(#[$doc:meta])* $name:ident($($arg:ident),*) => $part:ident, $n:literal;)+) => {$(
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (*, $($arg),*))]
        pub fn $name($($arg: f64),*) -> pyo3::PyResult<$crate::model::PyModel> {
            $crate::model::catalogue::part::<_, $n>(
                pmrf::components::$part::new($($arg),*)
            )
        }
    )+};
}
use parts;

/// Adds the functions `$f` to the module `$m`.
macro_rules! add {
    ($m:expr, $($f:ident),+ $(,)?) => {{
        $($m.add_function(pyo3::wrap_pyfunction!($f, $m)?)?;)+
        Ok(())
    }};
}
use add;

/// Adds the catalogue's functions to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    lumped::register(m)?;
    ideal::register(m)?;
    coupled::register(m)?;
    lines::register(m)
}

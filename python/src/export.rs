//! Models written in Rust, used from Python: [`export_models!`](crate::export_models) builds a
//! user crate's own extension module, the whole engine plus a constructor per user part.
//!
//! A user crate (see `python/template/`) depends on `pmrf` and on this crate (`pmrf-python`,
//! lib name `pmrf_rs`), writes its `#[derive(Model)]` parts and calls the macro once:
//!
//! ```ignore
//! pmrf_rs::export_models!(my_models, [MyPart, Other]);
//! ```
//!
//! `import my_models` then holds `Frequency`, `Network`, `Model`, `cascade`, `terminate`,
//! `flip`, the catalogue `my_models.components`, and `my_models.MyPart(**params)`.
//!
//! **Why one module holds everything.** Each Python extension module is its own shared
//! library with its own copy of the Rust code: its `Model` class and the `DynModel` trait
//! objects inside are distinct types from those of another extension (`pmrf_rs._core`), and
//! Rust trait objects cannot cross that boundary. So a user part composes only with the
//! catalogue, the `Model` class and the functions of its *own* module; mixing a `my_models`
//! model with a `pmrf_rs` one raises `TypeError` (never a crash).
//!
//! **What a part needs.** `Default` (the constructor starts from the default instance, so
//! every parameter the caller leaves out keeps its default value) and pmrf's
//! [`Differentiable<N>`](pmrf::diff::Differentiable) on the duals
//! [`LeafPart`](crate::model::leaf::LeafPart) names, which `#[derive(Model)]` on a struct
//! generic over `T: Scalar = f64` implementing `Component<N>` gives. The keyword arguments
//! are the part's parameter path names (`names`), values SI; names that are not Python
//! identifiers (`"rlc.l"`, `"stages[0].c"`) go through `**{"rlc.l": 1e-9}`.
//!
//! **The allocator.** `pmrf-python`'s default feature `mimalloc` makes mimalloc the global
//! allocator of the extension module built, the user's too; a crate with a global allocator
//! of its own depends on `pmrf-python` with `default-features = false`.

use std::ffi::CString;

use pmrf::Error;
use pmrf::params::Params;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyTuple};

use crate::error::IntoPy;
use crate::model::leaf::LeafPart;
use crate::model::{Leaf, PyModel};

/// Builds a Python extension module named `$module` holding the whole `pmrf_rs` engine
/// ([`register_all`](crate::register_all)) and one constructor per part, named as the part's
/// type, taking the part's parameters as keyword arguments and returning a `Model`.
///
/// Each part must implement `Default` and [`LeafPart<N>`](crate::model::leaf::LeafPart) (a
/// `#[derive(Model)]` component). Call it once, at the root of a `cdylib` crate that
/// depends on `pmrf-python` under its lib name `pmrf_rs` (the generated code names
/// `::pmrf_rs`). See the [module docs](crate::export) for why everything lives in one module.
///
/// ```ignore
/// #[derive(Model, Clone, Debug, Default)]
/// pub struct Stub<T: Scalar = f64> { /* #[param] fields */ }
/// // impl Component<2> for Stub<T> { ... }
///
/// pmrf_rs::export_models!(my_models, [Stub]);
/// // Python: import my_models; my_models.Stub(length=0.01) ** my_models.components.ShuntC(c=1e-12)
/// ```
#[macro_export]
macro_rules! export_models {
    ($module:ident, [$($part:ident),* $(,)?]) => {
        /// The extension module: the pmrf engine and this crate's parts.
        #[$crate::pyo3::pymodule]
        #[pyo3(crate = "::pmrf_rs::pyo3")]
        fn $module(
            m: &$crate::pyo3::Bound<'_, $crate::pyo3::types::PyModule>,
        ) -> $crate::pyo3::PyResult<()> {
            $crate::pyo3::types::PyModuleMethods::add(m, "__version__", env!("CARGO_PKG_VERSION"))?;
            $crate::register_all(m)?;
            $( $crate::export::add_part::<$part, _>(m, stringify!($part))?; )*
            Ok(())
        }
    };
}

/// Adds to `m` a function `name(**params)` that builds part `M` from its default instance
/// with the keyword arguments set by parameter name, checked, as a `Model`.
///
/// # Errors
/// `PmrfError` if `M::default()` has a value that is NaN or out of its bounds; `ValueError`
/// if `name` contains a NUL byte.
pub fn add_part<M, const N: usize>(m: &Bound<'_, PyModule>, name: &str) -> PyResult<()>
where
    M: LeafPart<N> + Default + Clone + Send + Sync + 'static,
{
    let table = Params::of(&M::default()).py_err()?;
    let names = table.names().join(", ");
    let doc = format!(
        "{name}(**params)\n--\n\nThe {N}-port part `{name}` (written in Rust) as a Model, its \
         parameters set by name as keyword arguments (SI); the others keep their defaults.\n\n\
         Parameters: {names}.\n\nRaises PmrfError for an unknown name, NaN or a value out of \
         bounds; TypeError for positional arguments or a value that is not a number."
    );
    // The docstring's first line is the signature `help()` and `inspect` show. PyO3 keeps a
    // function's name and docstring as `&'static CStr`; these two strings are
    // made once per module import, so leaking them costs a few hundred bytes, once.
    let cname = leak(name)?;
    let cdoc = leak(&doc)?;
    let owner = name.to_owned();
    let build = PyCFunction::new_closure(
        m.py(),
        Some(cname),
        Some(cdoc),
        move |args: &Bound<'_, PyTuple>, kwargs: Option<&Bound<'_, PyDict>>| {
            if !args.is_empty() {
                return Err(PyTypeError::new_err(format!(
                    "{owner} takes its parameters as keyword arguments only, got {} positional \
                     argument(s); the parameters are: {}",
                    args.len(),
                    table.names().join(", ")
                )));
            }
            let mut values = table.values();
            for (key, value) in kwargs.into_iter().flat_map(|d| d.iter()) {
                let key: String = key.extract()?;
                let Some(i) = table.iter().position(|p| p.name() == key) else {
                    return Err(Error::UnknownParam {
                        pattern: key,
                        available: table.names().join(", "),
                    })
                    .py_err();
                };
                values[i] = value.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "{owner}: parameter `{key}` must be a real number, got {}",
                        value
                            .get_type()
                            .name()
                            .map_or_else(|_| "?".into(), |n| n.to_string())
                    ))
                })?;
            }
            let params = table.with_values(&values).py_err()?;
            Ok(PyModel::new(Leaf::<M, N>::from_params(params).into_dyn()))
        },
    )?;
    m.add(name, build)
}

/// `s` as a C string that lives as long as the process.
fn leak(s: &str) -> PyResult<&'static std::ffi::CStr> {
    let c = CString::new(s).map_err(|e| PyValueError::new_err(format!("`{s}`: {e}")))?;
    Ok(Box::leak(c.into_boxed_c_str()))
}

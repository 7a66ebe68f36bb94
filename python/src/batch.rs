//! Batches from Python: many members of one model, drawn from its priors
//! ([`DynModel::sample`]) and evaluated in parallel ([`evaluate`]).
//!
//! A batch is a `(members, nparams)` block of values, every parameter in flat order (as
//! `Model.values`). Members are evaluated on all cores (rayon), each into its own slice of
//! one output array (no allocation per member for catalogue parts, see
//! [`DynModel::s_member`]), with the GIL released, Ctrl-C and progress through [`Watch`].
//! Every member is checked (count, NaN, bounds, ties) and a bad one is reported by its index
//! and the parameter's name.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use numpy::ndarray::{ArrayView2, ArrayViewMut3, ArrayViewMut4, Axis};
use numpy::{Complex64, PyArray4, PyArrayMethods, PyReadonlyArray2, PyUntypedArrayMethods};
use pmrf::{Error, Frequency};
use pyo3::exceptions::PyMemoryError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

use crate::error::PmrfError;
use crate::frequency::PyFrequency;
use crate::model::{DynModel, Repr, convert};
use crate::watch::{Progress, Watch};

/// Why a batch stopped.
pub enum Stop {
    /// Member `.0` is invalid or could not be evaluated.
    Member(usize, Error),
    /// The whole batch is invalid (e.g. the wrong number of columns).
    Batch(Error),
    /// The watch said stop (Ctrl-C or the progress callback raised).
    Interrupted,
}

impl Stop {
    /// As a Python exception; `Interrupted` is raised by [`Watch::finish`] instead.
    pub fn into_py(self) -> PyErr {
        match self {
            Stop::Member(i, e) => PmrfError::new_err(format!("member {i} of the batch: {e}")),
            Stop::Batch(e) => PmrfError::new_err(e.to_string()),
            Stop::Interrupted => {
                pyo3::exceptions::PyKeyboardInterrupt::new_err("the batch was interrupted")
            }
        }
    }
}

/// `Model.s_batch` and its siblings: `repr` (S when `None`) of `model` at the rows of
/// `values`, with the GIL released and `progress` shown.
pub(crate) fn run<'py>(
    py: Python<'py>,
    model: &Arc<dyn DynModel>,
    freq: &PyFrequency,
    values: &Bound<'py, PyAny>,
    repr: Option<Repr>,
    progress: Progress,
    out: Option<Bound<'py, PyArray4<Complex64>>>,
) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
    let values = self::values(values)?;
    let (freq, values) = (&freq.inner, values.as_array());
    columns(model.as_ref(), values).map_err(Stop::into_py)?;
    let n = model.nports();
    let shape = (values.nrows(), freq.len(), n, n);
    let out = match out {
        Some(out) => given(out, shape)?,
        None => output(py, shape)?,
    };
    {
        let mut guard = out.try_readwrite().map_err(|e| {
            pyo3::exceptions::PyValueError::new_err(format!("out: {e} (a writeable array)"))
        })?;
        let mut view = guard.as_array_mut();
        let watch = Watch::new("batch", progress);
        let done =
            py.detach(|| evaluate(model.as_ref(), freq, values, repr, &watch, view.view_mut()));
        watch.finish(py)?;
        done.map_err(Stop::into_py)?;
    }
    Ok(out)
}

/// The caller's `out=` array, checked: C-contiguous and of `shape`.
fn given<'py>(
    out: Bound<'py, PyArray4<Complex64>>,
    shape: (usize, usize, usize, usize),
) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
    let (m, f, a, b) = shape;
    if out.shape() != [m, f, a, b] || !out.is_c_contiguous() {
        return Err(PmrfError::new_err(format!(
            "out must be a C-contiguous complex128 array of shape ({m}, {f}, {a}, {b}), got \
             shape {:?}{}",
            out.shape(),
            if out.is_c_contiguous() {
                ""
            } else {
                ", not C-contiguous"
            }
        )));
    }
    Ok(out)
}

/// A zeroed complex128 array of `shape` from numpy's allocator, which asks the kernel for huge
/// pages on large arrays (a fresh 64 MB batch writes 3-4x faster than into `malloc`'s 4 KiB
/// pages); a `PmrfError` (not an abort) when it cannot be allocated.
fn output(
    py: Python<'_>,
    shape: (usize, usize, usize, usize),
) -> PyResult<Bound<'_, PyArray4<Complex64>>> {
    let (m, f, a, b) = shape;
    let too_large = || {
        PmrfError::new_err(format!(
            "a batch of {m} members x {f} points x {a} x {b} complex values is too large for \
             memory"
        ))
    };
    [f, a, b]
        .iter()
        .try_fold(m, |acc, &x| acc.checked_mul(x))
        .filter(|&len| len <= isize::MAX as usize / size_of::<Complex64>())
        .ok_or_else(too_large)?;
    let numpy = py.import("numpy")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("dtype", numpy.getattr("complex128")?)?;
    let out = match numpy.call_method("zeros", ((m, f, a, b),), Some(&kwargs)) {
        Ok(out) => out,
        Err(e) if e.is_instance_of::<PyMemoryError>(py) => return Err(too_large()),
        Err(e) => return Err(e),
    };
    Ok(out.cast_into::<PyArray4<Complex64>>()?)
}

/// `Ok` if `values` has one column per parameter of `model`.
fn columns(model: &dyn DynModel, values: ArrayView2<'_, f64>) -> Result<(), Stop> {
    let nparams = model.nparams();
    if values.ncols() != nparams {
        return Err(Stop::Batch(Error::Shape(format!(
            "a batch of this model needs one column per parameter ({nparams}: the model's \
             `names`), got an array of {} columns",
            values.ncols()
        ))));
    }
    Ok(())
}

/// The network matrices (`repr`: S when `None`, else Z, Y or ABCD) of `model` at every row of
/// `values` (`(members, nparams)`, SI, flat order) written into `out`, `(members, nfreq, n,
/// n)`, in parallel, ticking `watch` once per chunk of members.
///
/// # Errors
/// [`Stop::Batch`] for the wrong number of columns or shape of `out`, [`Stop::Member`] for the
/// first invalid member (by index), [`Stop::Interrupted`] when the watch says stop.
pub(crate) fn evaluate(
    model: &dyn DynModel,
    freq: &Frequency,
    values: ArrayView2<'_, f64>,
    repr: Option<Repr>,
    watch: &Watch,
    mut out: ArrayViewMut4<'_, Complex64>,
) -> Result<(), Stop> {
    columns(model, values)?;
    let (members, nparams, n) = (values.nrows(), model.nparams(), model.nports());
    if out.shape() != [members, freq.len(), n, n] {
        return Err(Stop::Batch(Error::Shape(format!(
            "the output of a batch must have shape ({members}, {}, {n}, {n}), not {:?}",
            freq.len(),
            out.shape()
        ))));
    }
    let done = AtomicUsize::new(0);
    (out.axis_chunks_iter_mut(Axis(0), CHUNK)
        .into_par_iter()
        .enumerate())
    .try_for_each_init(
        || vec![0.0; nparams],
        |row, (c, mut chunk)| {
            for (r, mut slot) in chunk.outer_iter_mut().enumerate() {
                let i = c * CHUNK + r;
                // A contiguous row even if `values` is a Fortran-ordered or strided array.
                for (x, v) in row.iter_mut().zip(values.row(i)) {
                    *x = *v;
                }
                let fail = |e| Stop::Member(i, e);
                // Each member straight into its place: the pages are first touched by the
                // worker that computes them.
                model.s_member(row, freq, slot.view_mut()).map_err(fail)?;
                if let Some(repr) = repr {
                    let m = convert(&slot.to_owned(), repr).map_err(fail)?;
                    slot.assign(&m);
                }
            }
            let done = done.fetch_add(chunk.len_of(Axis(0)), Ordering::Relaxed);
            if watch.tick(done + chunk.len_of(Axis(0)), members) {
                Ok(())
            } else {
                Err(Stop::Interrupted)
            }
        },
    )
}

/// Members per task: enough to amortise rayon's hand-over and the progress tick on tiny
/// models, few enough to share a batch between the cores.
const CHUNK: usize = 32;

/// Copies `s` into `out`, an error unless the shapes agree.
pub fn assign(
    out: &mut ArrayViewMut3<'_, Complex64>,
    s: &numpy::ndarray::Array3<Complex64>,
) -> pmrf::Result<()> {
    if out.shape() != s.shape() {
        return Err(Error::Shape(format!(
            "a member's S has shape {:?}, its slot {:?}",
            s.shape(),
            out.shape()
        )));
    }
    out.assign(s);
    Ok(())
}

/// The seed of child `c`'s stream in a composite drawn with `seed`: SplitMix64's finaliser,
/// so neighbouring children and seeds get unrelated streams.
pub fn child_seed(seed: u64, c: usize) -> u64 {
    let mut z = seed ^ (c as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `obj` as the float64 `(members, nparams)` block of a batch, without a copy; a `TypeError`
/// saying what it is otherwise.
pub fn values<'py>(obj: &Bound<'py, PyAny>) -> PyResult<PyReadonlyArray2<'py, f64>> {
    obj.extract().map_err(|_| {
        let what = match (obj.getattr("dtype"), obj.getattr("shape")) {
            (Ok(dtype), Ok(shape)) => format!("an array of dtype {dtype} and shape {shape}"),
            _ => format!(
                "a `{}`",
                obj.get_type()
                    .name()
                    .map_or_else(|_| "?".into(), |n| n.to_string())
            ),
        };
        pyo3::exceptions::PyTypeError::new_err(format!(
            "values must be a float64 numpy array of shape (members, nparams), got {what}"
        ))
    })
}

//! Batches from Python: many members of one model, drawn from its priors
//! ([`DynModel::sample`]) and evaluated in parallel ([`evaluate`]).
//!
//! A batch is a `(members, nparams)` block of values, every parameter in flat order (as
//! `Model.values`). Members are evaluated on all cores (rayon), each into its own slice of
//! one output array (no allocation per member for catalogue parts, see
//! [`DynModel::s_member`]), with the GIL released, Ctrl-C and progress through [`Watch`].
//! Every member is checked (count, NaN, bounds, ties) and a bad one is reported by its index
//! and the parameter's name.

use std::mem::MaybeUninit;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use numpy::ndarray::{Array3, Array4, ArrayView2, ArrayViewMut3, Axis};
use numpy::{Complex64, IntoPyArray, PyArray4, PyReadonlyArray2};
use pmrf::{Error, Frequency};
use pyo3::prelude::*;
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
) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
    let values = self::values(values)?;
    let (freq, values) = (&freq.inner, values.as_array());
    let watch = Watch::new("batch", progress);
    let out = py.detach(|| evaluate(model.as_ref(), freq, values, repr, &watch));
    watch.finish(py)?;
    Ok(out.map_err(Stop::into_py)?.into_pyarray(py))
}

/// The network matrices (`repr`: S when `None`, else Z, Y or ABCD) of `model` at every row of
/// `values` (`(members, nparams)`, SI, flat order): `(members, nfreq, n, n)`, in parallel,
/// ticking `watch` once per member.
///
/// # Errors
/// [`Stop::Batch`] for the wrong number of columns, [`Stop::Member`] for the first invalid
/// member (by index), [`Stop::Interrupted`] when the watch says stop.
pub(crate) fn evaluate(
    model: &dyn DynModel,
    freq: &Frequency,
    values: ArrayView2<'_, f64>,
    repr: Option<Repr>,
    watch: &Watch,
) -> Result<Array4<Complex64>, Stop> {
    let nparams = model.nparams();
    if values.ncols() != nparams {
        return Err(Stop::Batch(Error::Shape(format!(
            "a batch of this model needs one column per parameter ({nparams}: the model's \
             `names`), got an array of {} columns",
            values.ncols()
        ))));
    }
    let (members, n) = (values.nrows(), model.nports());
    // Not zeroed first: every element is written exactly once below, from the worker that
    // computes it (so the pages are also first touched in parallel).
    let mut out = uninit((members, freq.len(), n, n)).map_err(Stop::Batch)?;
    let done = AtomicUsize::new(0);
    (out.axis_chunks_iter_mut(Axis(0), CHUNK)
        .into_par_iter()
        .enumerate())
    .try_for_each_init(
        || (vec![0.0; nparams], Array3::zeros((freq.len(), n, n))),
        |(row, scratch), (c, mut chunk)| {
            for (r, mut slot) in chunk.outer_iter_mut().enumerate() {
                let i = c * CHUNK + r;
                // A contiguous row even if `values` is a Fortran-ordered or strided array.
                for (x, v) in row.iter_mut().zip(values.row(i)) {
                    *x = *v;
                }
                let fail = |e| Stop::Member(i, e);
                model
                    .s_member(row, freq, scratch.view_mut())
                    .map_err(fail)?;
                if let Some(repr) = repr {
                    *scratch = convert(scratch, repr).map_err(fail)?;
                }
                for (o, x) in slot.iter_mut().zip(scratch.iter()) {
                    o.write(*x);
                }
            }
            let done = done.fetch_add(chunk.len_of(Axis(0)), Ordering::Relaxed);
            if watch.tick(done + chunk.len_of(Axis(0)), members) {
                Ok(())
            } else {
                Err(Stop::Interrupted)
            }
        },
    )?;
    // SAFETY: the loop ran to completion (an error returns above), so every chunk, every
    // member of it and every element of that member (the scratch has the member's shape) was
    // written.
    Ok(unsafe { out.assume_init() })
}

/// An uninitialised array of `shape`; `TooLarge` (not an abort) when it cannot be allocated.
fn uninit(shape: (usize, usize, usize, usize)) -> pmrf::Result<Array4<MaybeUninit<Complex64>>> {
    let (m, f, a, b) = shape;
    let too_large = || {
        Error::TooLarge(format!(
            "a batch of {m} members x {f} points x {a} x {b} complex values does not fit in memory"
        ))
    };
    let len = [f, a, b]
        .iter()
        .try_fold(m, |acc, &x| acc.checked_mul(x))
        .filter(|&len| len <= isize::MAX as usize / size_of::<Complex64>())
        .ok_or_else(too_large)?;
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(len).map_err(|_| too_large())?;
    buffer.resize_with(len, MaybeUninit::uninit);
    Array4::from_shape_vec(shape, buffer).map_err(|e| Error::Shape(e.to_string()))
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

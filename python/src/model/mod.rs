//! Models from Python: [`DynModel`], the type-erased model Python holds, and [`PyModel`], the
//! `Model` class around it.
//!
//! A model is immutable: every update (`with_params`, `fixed`, `bounded`, ...) returns a new
//! one, so a failed update changes nothing. Leaves are any pmrf component through
//! [`Leaf`] ([`leaf`]); composites (cascade, terminate, flip) combine their children's S and
//! Jacobians ([`compose`]); the catalogue of parts with keyword arguments is [`catalogue`].
//! Circuits of named parts on named nets, `connect` and `renumber` are [`circuit`]; measured
//! data as a part, [`data`]; parameters tied to others, [`tie`].

pub mod catalogue;
pub mod circuit;
pub mod compose;
pub mod data;
pub mod leaf;
pub mod tie;

use std::fmt::Write as _;
use std::sync::Arc;

use numpy::ndarray::{Array2, Array3, Array4, ArrayViewMut3};
use numpy::{Complex64, IntoPyArray, PyArray1, PyArray2, PyArray3, PyArray4, PyReadonlyArray1};
use pmrf::network::Mat;
use pmrf::network::convert::{s2a, s2y_checked, s2z};
use pmrf::params::{Prior, TieMap, glob_match};
use pmrf::{Error, Frequency};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::error::{IntoPy, PmrfError};
use crate::frequency::PyFrequency;
use crate::network::PyNetwork;
use crate::watch::Progress;

pub use compose::Composite;
pub use leaf::Leaf;

/// The reference impedance of every port, ohm (pmrf's `Z0`).
pub const Z0: f64 = 50.0;

/// One parameter as the table shows it: what [`DynModel::params`] lists, in flat order.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamRow {
    /// Path name, e.g. `"stages[1].c"`.
    pub name: String,
    /// Value, SI.
    pub value: f64,
    /// SI unit (`"F"`), empty when dimensionless.
    pub unit: String,
    /// The declared scale (the typical magnitude, e.g. `1e-12` for a capacitance).
    pub scale: f64,
    /// Lower and upper bound, SI.
    pub bounds: (f64, f64),
    /// Held constant by the user.
    pub fixed: bool,
    /// Varied by derivatives and fits: not fixed, not tied, not at an infinite value. The
    /// Jacobian has one column per such parameter, in this order.
    pub free: bool,
    /// The prior, as pmrf writes it (`"normal(2e-12, 1e-13)"`).
    pub prior: Option<String>,
    /// The name of the parameter this one is tied to.
    pub tied_to: Option<String>,
    /// How it follows `tied_to`: `value = scale * source + offset` (identity when untied).
    pub tie_map: TieMap,
}

/// A change of one parameter's metadata.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    /// Hold it constant.
    Fix,
    /// Let it vary.
    Free,
    /// New bounds (SI); its value must lie inside.
    Bounds(f64, f64),
    /// A new prior (`None` removes it).
    Prior(Option<Prior>),
}

/// A model behind a trait object: what the Python `Model` class holds.
///
/// Implemented by [`Leaf`] for any pmrf component and by [`Composite`]; a user crate exposes
/// its own `#[derive(Model)]` parts through [`Leaf`]. Every update returns a new model.
pub trait DynModel: Send + Sync {
    /// The number of ports.
    fn nports(&self) -> usize;

    /// Every parameter, in flat (declaration) order.
    fn params(&self) -> Vec<ParamRow>;

    /// The number of parameters (`params().len()`, without building the rows).
    fn nparams(&self) -> usize {
        self.params().len()
    }

    /// The same model at the values `values` (all parameters, flat order, SI), checked: count,
    /// NaN, bounds, ties.
    fn with_values(&self, values: &[f64]) -> pmrf::Result<Arc<dyn DynModel>>;

    /// The model with `edit` applied to the parameter named exactly `name`.
    fn edit(&self, name: &str, edit: &Edit) -> pmrf::Result<Arc<dyn DynModel>>;

    /// S-parameters at 50 ohm, `(nfreq, n, n)`.
    fn s(&self, freq: &Frequency) -> pmrf::Result<Array3<Complex64>>;

    /// S-parameters and their exact derivatives by the free parameters,
    /// `(nfreq, n, n)` and `(nfreq, n, n, nfree)`.
    fn s_jacobian(&self, freq: &Frequency) -> pmrf::Result<(Array3<Complex64>, Array4<Complex64>)>;

    /// The model as a [`tie::Tied`] (ties added from Python), so that new ties join its own
    /// rather than wrapping it again; `None` for every other model.
    fn as_tied(&self) -> Option<&tie::Tied> {
        None
    }

    /// `n` members' values of every parameter, `(n, nparams)` in flat order: the free ones
    /// drawn from their priors (within bounds) or, without a prior, uniformly within finite
    /// bounds, the others at their values (ties followed); reproducible for a given `seed`.
    /// The default: an error (a model that does not expose its priors cannot be sampled).
    fn sample(&self, n: usize, seed: u64) -> pmrf::Result<Array2<f64>> {
        let _ = (n, seed);
        Err(Error::InvalidPrior(
            "this model cannot draw samples (its type does not expose its priors)".to_owned(),
        ))
    }

    /// The S-parameters of the model at `values` (all parameters, flat order, checked as
    /// [`with_values`](DynModel::with_values)) written into `out`, `(nfreq, n, n)`: one member
    /// of a batch. The default builds the member and copies its S; parts override it to
    /// evaluate in place.
    fn s_member(
        &self,
        values: &[f64],
        freq: &Frequency,
        mut out: ArrayViewMut3<'_, Complex64>,
    ) -> pmrf::Result<()> {
        let s = self.with_values(values)?.s(freq)?;
        crate::batch::assign(&mut out, &s)
    }
}

/// The names of `rows` matching the exact name or glob `pattern`; an error naming the
/// parameters there are if none does.
fn select(rows: &[ParamRow], pattern: &str) -> pmrf::Result<Vec<String>> {
    let hits: Vec<String> = (rows.iter())
        .filter(|r| glob_match(pattern, &r.name))
        .map(|r| r.name.clone())
        .collect();
    if hits.is_empty() {
        return Err(unknown(rows, pattern));
    }
    Ok(hits)
}

/// The error for a name or pattern that matches none of `rows`.
fn unknown(rows: &[ParamRow], pattern: &str) -> Error {
    let available = rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>();
    Error::UnknownParam {
        pattern: pattern.to_owned(),
        available: available.join(", "),
    }
}

/// The S matrices of `s` mapped point by point by `f` on `N`-port matrices.
fn per_point<const N: usize>(
    s: &Array3<Complex64>,
    f: impl Fn(&Mat<f64, N>) -> Option<Mat<f64, N>>,
) -> Option<Array3<Complex64>> {
    let mut out = Array3::zeros(s.raw_dim());
    for k in 0..s.shape()[0] {
        let m: Mat<f64, N> = std::array::from_fn(|i| std::array::from_fn(|j| s[[k, i, j]]));
        let r = f(&m)?;
        for (i, row) in r.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                out[[k, i, j]] = x;
            }
        }
    }
    Some(out)
}

/// Which network matrix to compute from S.
#[derive(Clone, Copy)]
pub(crate) enum Repr {
    Z,
    Y,
    Abcd,
}

/// Z, Y or ABCD from S (at [`Z0`]), for 1- to 4-ports (ABCD: 2-ports only).
pub(crate) fn convert(s: &Array3<Complex64>, repr: Repr) -> pmrf::Result<Array3<Complex64>> {
    let n = s.shape()[1];
    let out = match (repr, n) {
        (Repr::Abcd, 2) => per_point::<2>(s, |m| Some(s2a(m, Z0))),
        (Repr::Abcd, _) => {
            return Err(Error::Shape(format!(
                "ABCD parameters are defined for 2-ports; this model has {n} ports"
            )));
        }
        (Repr::Z, 1) => per_point::<1>(s, |m| Some(s2z(m, Z0))),
        (Repr::Z, 2) => per_point::<2>(s, |m| Some(s2z(m, Z0))),
        (Repr::Z, 3) => per_point::<3>(s, |m| Some(s2z(m, Z0))),
        (Repr::Z, 4) => per_point::<4>(s, |m| Some(s2z(m, Z0))),
        (Repr::Y, 1) => per_point::<1>(s, |m| s2y_checked(m, Z0)),
        (Repr::Y, 2) => per_point::<2>(s, |m| s2y_checked(m, Z0)),
        (Repr::Y, 3) => per_point::<3>(s, |m| s2y_checked(m, Z0)),
        (Repr::Y, 4) => per_point::<4>(s, |m| s2y_checked(m, Z0)),
        _ => {
            return Err(Error::Shape(format!(
                "Z and Y are available for 1- to 4-ports; this model has {n} ports"
            )));
        }
    };
    let what = match repr {
        Repr::Z => "Z",
        Repr::Y => "Y",
        Repr::Abcd => "ABCD",
    };
    let out = out.ok_or_else(|| {
        Error::NonFiniteResult(format!(
            "{what} does not exist at some frequency (singular)"
        ))
    })?;
    if out.iter().any(|x| !x.re.is_finite() || !x.im.is_finite()) {
        return Err(Error::NonFiniteResult(format!(
            "{what} is infinite at some frequency (a short or an open, whose {what} does not exist)"
        )));
    }
    Ok(out)
}

/// pmrf's prior named `kind` with its numbers `args`.
pub(crate) fn prior(kind: &str, args: &[f64]) -> pmrf::Result<Prior> {
    let need = |n: usize, names: &str| -> pmrf::Result<()> {
        if args.len() == n {
            Ok(())
        } else {
            Err(Error::InvalidPrior(format!(
                "a {kind} prior takes {n} numbers ({names}), got {}",
                args.len()
            )))
        }
    };
    match kind {
        "uniform" => need(2, "low, high").and_then(|()| Prior::uniform(args[0], args[1])),
        "normal" => need(2, "mean, std").and_then(|()| Prior::normal(args[0], args[1])),
        "log_normal" => need(2, "mu, sigma").and_then(|()| Prior::log_normal(args[0], args[1])),
        "gamma" => need(2, "shape, rate").and_then(|()| Prior::gamma(args[0], args[1])),
        "relative_normal" => {
            need(2, "mean, rel_std").and_then(|()| Prior::relative_normal(args[0], args[1]))
        }
        "truncated_normal" => need(4, "mean, std, low, high")
            .and_then(|()| Prior::truncated_normal(args[0], args[1], args[2], args[3])),
        _ => Err(Error::InvalidPrior(format!(
            "unknown prior `{kind}`: use uniform, normal, log_normal, gamma, relative_normal or \
             truncated_normal"
        ))),
    }
}

/// A parametric, differentiable RF model: a catalogue part (`pmrf_rs.components`) or a
/// composition of parts (`cascade`, `terminate`, `flip`).
///
/// Models are immutable: `with_params`, `fixed`, `free`, `bounded` and `with_prior` return
/// new models. Parameters are named by path (`"stages[1].c"`) and selected by exact name or
/// glob (`"*.c"`). Evaluation (`s`, `z`, `y`, `abcd`, `jacobian`) releases the GIL.
///
/// >>> from pmrf_rs import Frequency, cascade
/// >>> from pmrf_rs.components import SeriesL, ShuntC
/// >>> lowpass = cascade([SeriesL(l=5e-9), ShuntC(c=2e-12)])
/// >>> lowpass.names
/// ['stages[0].l', 'stages[1].c']
/// >>> lowpass.s(Frequency.linspace(1, 2, 11)).shape
/// (11, 2, 2)
#[pyclass(module = "pmrf_rs", name = "Model", frozen)]
#[derive(Clone)]
pub struct PyModel {
    /// The model.
    pub inner: Arc<dyn DynModel>,
}

impl PyModel {
    /// Wraps a model.
    pub fn new(inner: Arc<dyn DynModel>) -> Self {
        Self { inner }
    }

    /// The model with `edit` applied to every parameter matching `pattern`.
    fn edited(&self, pattern: &str, edit: &Edit) -> PyResult<Self> {
        let names = select(&self.inner.params(), pattern).py_err()?;
        let mut model = self.inner.clone();
        for name in names {
            model = model.edit(&name, edit).py_err()?;
        }
        Ok(Self::new(model))
    }

    fn eval(
        &self,
        py: Python<'_>,
        freq: &PyFrequency,
        repr: Option<Repr>,
    ) -> PyResult<Array3<Complex64>> {
        let (model, freq) = (&self.inner, &freq.inner);
        py.detach(|| {
            let s = model.s(freq)?;
            match repr {
                None => Ok(s),
                Some(repr) => convert(&s, repr),
            }
        })
        .py_err()
    }
}

/// A parameter table in the layout of pmrf's: name, value (SI), unit, state, bounds, prior.
fn table_text(rows: &[ParamRow]) -> String {
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let mut out = format!("{:width$}  {:>12}  {:5}  state\n", "name", "value", "unit");
    for r in rows {
        let state = match (&r.tied_to, r.fixed, r.free) {
            (Some(s), _, _) => format!("tied to {s}{}", r.tie_map),
            (None, true, _) => "fixed".to_owned(),
            (None, false, false) => "held".to_owned(),
            (None, false, true) => "free".to_owned(),
        };
        let _ = write!(
            out,
            "{:width$}  {:>12.6e}  {:5}  {state:6}",
            r.name, r.value, r.unit
        );
        let (lo, hi) = r.bounds;
        if lo.is_finite() || hi.is_finite() {
            let _ = write!(out, "  in [{}, {}]", short(lo), short(hi));
        }
        if let Some(p) = &r.prior {
            let _ = write!(out, "  prior {p}");
        }
        out.push('\n');
    }
    out
}

/// `x` briefly: `0`, `inf`, `1e-9`, `2.5`.
fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-3..1e4).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

#[pymethods]
impl PyModel {
    /// The number of ports.
    #[getter]
    fn nports(&self) -> usize {
        self.inner.nports()
    }

    /// The parameter names, in flat order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.params().into_iter().map(|r| r.name).collect()
    }

    /// The parameter values (SI), a new float64 array in flat order.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        let values: Vec<f64> = self.inner.params().iter().map(|r| r.value).collect();
        PyArray1::from_vec(py, values)
    }

    /// The names of the free parameters: the Jacobian's columns, in order.
    #[getter]
    fn free_names(&self) -> Vec<String> {
        (self.inner.params().into_iter())
            .filter(|r| r.free)
            .map(|r| r.name)
            .collect()
    }

    /// The parameter table: one dict per parameter with keys `name`, `value`, `unit`, `scale`,
    /// `bounds` (a `(lo, hi)` tuple), `fixed`, `free`, `prior` (text or None), `tied_to`
    /// (a name or None), `tie_scale` and `tie_offset` (`value = tie_scale * source +
    /// tie_offset`; 1 and 0 when untied).
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for r in self.inner.params() {
            let d = PyDict::new(py);
            d.set_item("name", r.name)?;
            d.set_item("value", r.value)?;
            d.set_item("unit", r.unit)?;
            d.set_item("scale", r.scale)?;
            d.set_item("bounds", r.bounds)?;
            d.set_item("fixed", r.fixed)?;
            d.set_item("free", r.free)?;
            d.set_item("prior", r.prior)?;
            d.set_item("tied_to", r.tied_to)?;
            d.set_item("tie_scale", r.tie_map.scale())?;
            d.set_item("tie_offset", r.tie_map.offset())?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The model at new values: a dict `{name: value}` (the rest kept) or a float array of
    /// every value in flat order. Values are SI and checked (count, NaN, bounds).
    fn with_params(&self, params: &Bound<'_, PyAny>) -> PyResult<Self> {
        let rows = self.inner.params();
        let mut values: Vec<f64> = rows.iter().map(|r| r.value).collect();
        if let Ok(dict) = params.cast::<PyDict>() {
            for (k, v) in dict.iter() {
                let name: String = k.extract()?;
                let i = (rows.iter().position(|r| r.name == name))
                    .ok_or_else(|| PmrfError::new_err(unknown(&rows, &name).to_string()))?;
                values[i] = v.extract()?;
            }
        } else {
            let array: PyReadonlyArray1<'_, f64> = params.extract()?;
            values = array.as_array().to_vec();
        }
        Ok(Self::new(self.inner.with_values(&values).py_err()?))
    }

    /// The model with the parameters matching `pattern` (a name or glob) held constant.
    fn fixed(&self, pattern: &str) -> PyResult<Self> {
        self.edited(pattern, &Edit::Fix)
    }

    /// The model with the parameters matching `pattern` (a name or glob) free to vary.
    fn free(&self, pattern: &str) -> PyResult<Self> {
        self.edited(pattern, &Edit::Free)
    }

    /// The model with bounds `[lo, hi]` (SI) on the parameters matching `pattern`; their
    /// values must lie inside.
    fn bounded(&self, pattern: &str, lo: f64, hi: f64) -> PyResult<Self> {
        self.edited(pattern, &Edit::Bounds(lo, hi))
    }

    /// The model with a prior on the parameters matching `pattern`: `kind` is `"uniform"`
    /// (low, high), `"normal"` (mean, std), `"log_normal"` (mu, sigma), `"gamma"` (shape,
    /// rate), `"relative_normal"` (mean, rel_std) or `"truncated_normal"` (mean, std, low,
    /// high); `kind=None` removes the prior.
    #[pyo3(signature = (pattern, kind, *args))]
    fn with_prior(&self, pattern: &str, kind: Option<&str>, args: Vec<f64>) -> PyResult<Self> {
        let p = kind.map(|k| prior(k, &args)).transpose().py_err()?;
        self.edited(pattern, &Edit::Prior(p))
    }

    /// S-parameters at 50 ohm over `freq`: complex128 `(nfreq, n, n)`.
    fn s<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
    ) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        Ok(self.eval(py, freq, None)?.into_pyarray(py))
    }

    /// Z-parameters (ohm) over `freq`: complex128 `(nfreq, n, n)`.
    fn z<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
    ) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        Ok(self.eval(py, freq, Some(Repr::Z))?.into_pyarray(py))
    }

    /// Y-parameters (S) over `freq`: complex128 `(nfreq, n, n)`.
    fn y<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
    ) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        Ok(self.eval(py, freq, Some(Repr::Y))?.into_pyarray(py))
    }

    /// ABCD parameters of a 2-port over `freq`: complex128 `(nfreq, 2, 2)`.
    fn abcd<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
    ) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        Ok(self.eval(py, freq, Some(Repr::Abcd))?.into_pyarray(py))
    }

    /// The S-parameters over `freq` as a `Network` (50 ohm).
    fn network(&self, py: Python<'_>, freq: &PyFrequency) -> PyResult<PyNetwork> {
        let s = self.eval(py, freq, None)?;
        let net = pmrf::Network::from_s(freq.inner.clone(), s).py_err()?;
        Ok(net.into())
    }

    /// The S-parameters over `freq` as a ``skrf.Network`` (needs scikit-rf), so
    /// ``model.to_skrf(freq).plot_s_db()`` works.
    fn to_skrf<'py>(&self, py: Python<'py>, freq: &PyFrequency) -> PyResult<Bound<'py, PyAny>> {
        let net = Bound::new(py, self.network(py, freq)?)?;
        net.call_method0("to_skrf")
    }

    /// The exact derivatives of S by the free parameters (`free_names`, SI):
    /// complex128 `(nfreq, n, n, nfree)`.
    fn jacobian<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
    ) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
        let (model, f) = (&self.inner, &freq.inner);
        let (_, j) = py.detach(|| model.s_jacobian(f)).py_err()?;
        Ok(j.into_pyarray(py))
    }

    /// `a ** b`: the cascade of two 2-ports (as in scikit-rf).
    fn __pow__(&self, other: &Self, modulo: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        if modulo.is_some() {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "pow() with a modulus is not a cascade",
            ));
        }
        Ok(Self::new(
            Composite::cascade(vec![self.inner.clone(), other.inner.clone()]).py_err()?,
        ))
    }

    fn __len__(&self) -> usize {
        self.inner.params().len()
    }

    fn __repr__(&self) -> String {
        let rows = self.inner.params();
        format!(
            "Model({} ports, {} parameters)\n{}",
            self.inner.nports(),
            rows.len(),
            table_text(&rows).trim_end()
        )
    }

    // --- noise ---
    /// The noise correlation matrices (kelvin) of this model as a passive network in thermal
    /// equilibrium at ``temperature`` (K) over ``freq``: Bosma's theorem ``C = T (I - S S^H)``
    /// (power waves at 50 ohm; zero for a lossless model), complex128 ``(nfreq, n, n)``.
    ///
    /// Raises ``PmrfError`` for a temperature that is negative or not finite, or a model that is
    /// not passive (a port gives out more power than it receives), or beyond 4 ports.
    #[pyo3(signature = (freq, temperature = pmrf::network::noise::T0))]
    fn noise_correlation<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
        temperature: f64,
    ) -> PyResult<Bound<'py, PyArray3<Complex64>>> {
        let (model, f) = (&self.inner, &freq.inner);
        let c = py
            .detach(|| crate::noise::bosma(f, &model.s(f)?, temperature))
            .py_err()?;
        Ok(c.into_pyarray(py))
    }

    /// The noise figure in dB from port ``input`` to port ``output`` (0-based) of this model
    /// as a passive network at physical ``temperature`` (K; see ``noise_correlation``), from
    /// a source of reflection ``gamma_s`` (at 50 ohm, ``|gamma_s| < 1``) at 290 K, the other
    /// ports matched at 290 K: float64 ``(nfreq,)``. An attenuator of L dB at 290 K has
    /// NF = L dB; a lossless model 0 dB.
    ///
    /// Raises ``PmrfError`` as ``noise_correlation``, for ports that are equal or missing, or
    /// ``|gamma_s| >= 1``; ``TypeError`` for a ``gamma_s`` that is not a number.
    #[pyo3(signature = (freq, gamma_s = None, temperature = pmrf::network::noise::T0, input = 0, output = 1))]
    fn noise_figure<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
        gamma_s: Option<&Bound<'py, PyAny>>,
        temperature: f64,
        input: usize,
        output: usize,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let gamma = gamma_s.map(crate::noise::gamma_arg).transpose()?;
        let (model, f) = (&self.inner, &freq.inner);
        let factor = py
            .detach(|| {
                let s = model.s(f)?;
                let gamma = gamma.unwrap_or_default();
                crate::noise::passive_noise_factor(f, &s, temperature, gamma, (input, output))
            })
            .py_err()?;
        Ok(factor.mapv(|x| 10.0 * x.log10()).into_pyarray(py))
    }
    // --- end noise ---

    // --- ties ---
    /// The model with the parameters matching ``name`` (an exact name or glob) tied to the
    /// parameter ``to`` (an exact name): their value is ``scale * value(to) + offset``, they
    /// are no longer free (the Jacobian and fits see only ``to``, derivatives stay exact), and
    /// they follow every change of ``to`` (``with_params``, fits). Ties work across the parts of
    /// composites (``"stages[2].l"`` to ``"stages[0].l"``), chain (``a`` to ``b`` to ``c``), and
    /// show in ``table()`` (``tied_to``) and ``repr``. ``untied`` releases them.
    ///
    /// Raises ``PmrfError`` for an unknown name, units that differ, a cycle of ties, a tied
    /// value outside the follower's bounds, or a zero or non-finite ``scale``.
    #[pyo3(signature = (name, to, scale = 1.0, offset = 0.0))]
    fn tied(&self, name: &str, to: &str, scale: f64, offset: f64) -> PyResult<Self> {
        let map = pmrf::params::TieMap::affine(scale, offset).py_err()?;
        Ok(Self::new(
            tie::Tied::tie(&self.inner, name, to, map).py_err()?,
        ))
    }

    /// The model with the ties of the parameters matching ``name`` (a name or glob) released:
    /// they keep their current values and are free again (unless fixed).
    ///
    /// Raises ``PmrfError`` for a name that matches nothing.
    fn untied(&self, name: &str) -> PyResult<Self> {
        Ok(Self::new(tie::Tied::untie(&self.inner, name).py_err()?))
    }
    // --- end ties ---
    // --- batches ---
    /// `n` members' values drawn from the priors: float64 `(n, len(names))`, every parameter
    /// in flat order (the free ones drawn from their priors, kept within bounds, or uniformly
    /// within finite bounds when they have none; fixed and tied ones as the model has them).
    /// Reproducible: the same `seed` gives the same members, and member `i` does not depend on
    /// `n`. A free parameter with neither a prior nor finite bounds raises `PmrfError`
    /// naming it. Feed the result to `s_batch`.
    #[pyo3(signature = (n, seed = 0))]
    fn sample<'py>(
        &self,
        py: Python<'py>,
        n: usize,
        seed: u64,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let model = &self.inner;
        let values = py.detach(|| model.sample(n, seed)).py_err()?;
        Ok(values.into_pyarray(py))
    }

    /// S-parameters of a batch: one member per row of `values` (float64 `(members,
    /// len(names))`, SI, flat order, e.g. from `sample`), evaluated in parallel with the GIL
    /// released: complex128 `(members, nfreq, n, n)`, member `i` exactly
    /// `with_params(values[i]).s(freq)`. Every member is checked; a bad one raises `PmrfError`
    /// naming its index and parameter. `progress`: `None`/`False`, `True` (a line on stderr)
    /// or `progress(done, total)`; Ctrl-C stops the batch. `out`: a writeable, C-contiguous
    /// complex128 array of the result's shape to write into and return (numpy's `out=`): a
    /// loop over batches then reuses one buffer instead of faulting in fresh memory each time.
    #[pyo3(signature = (freq, values, progress = Progress::Hidden, out = None))]
    fn s_batch<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
        values: &Bound<'py, PyAny>,
        progress: Progress,
        out: Option<Bound<'py, PyArray4<Complex64>>>,
    ) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
        crate::batch::run(py, &self.inner, freq, values, None, progress, out)
    }

    /// Z-parameters (ohm) of a batch, complex128 `(members, nfreq, n, n)`: as `s_batch`.
    #[pyo3(signature = (freq, values, progress = Progress::Hidden, out = None))]
    fn z_batch<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
        values: &Bound<'py, PyAny>,
        progress: Progress,
        out: Option<Bound<'py, PyArray4<Complex64>>>,
    ) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
        crate::batch::run(py, &self.inner, freq, values, Some(Repr::Z), progress, out)
    }

    /// Y-parameters (S) of a batch, complex128 `(members, nfreq, n, n)`: as `s_batch`.
    #[pyo3(signature = (freq, values, progress = Progress::Hidden, out = None))]
    fn y_batch<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
        values: &Bound<'py, PyAny>,
        progress: Progress,
        out: Option<Bound<'py, PyArray4<Complex64>>>,
    ) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
        crate::batch::run(py, &self.inner, freq, values, Some(Repr::Y), progress, out)
    }

    /// ABCD parameters of a batch of 2-ports, complex128 `(members, nfreq, 2, 2)`: as
    /// `s_batch`.
    #[pyo3(signature = (freq, values, progress = Progress::Hidden, out = None))]
    fn abcd_batch<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
        values: &Bound<'py, PyAny>,
        progress: Progress,
        out: Option<Bound<'py, PyArray4<Complex64>>>,
    ) -> PyResult<Bound<'py, PyArray4<Complex64>>> {
        crate::batch::run(
            py,
            &self.inner,
            freq,
            values,
            Some(Repr::Abcd),
            progress,
            out,
        )
    }

    /// The S-parameters and their exact derivatives by the free parameters in one evaluation:
    /// `(s(freq), jacobian(freq))`, complex128 `(nfreq, n, n)` and `(nfreq, n, n, nfree)`; the
    /// gradient of a loss of S needs both, and this computes S once.
    #[allow(clippy::type_complexity)]
    fn s_and_jacobian<'py>(
        &self,
        py: Python<'py>,
        freq: &PyFrequency,
    ) -> PyResult<(
        Bound<'py, PyArray3<Complex64>>,
        Bound<'py, PyArray4<Complex64>>,
    )> {
        let (model, f) = (&self.inner, &freq.inner);
        let (s, j) = py.detach(|| model.s_jacobian(f)).py_err()?;
        Ok((s.into_pyarray(py), j.into_pyarray(py)))
    }
    // --- end batches ---
}

/// The cascade of 2-port models, port 2 of each to port 1 of the next (also `a ** b`).
/// Parameters are named `stages[i].<name>`.
#[pyfunction]
pub fn cascade(stages: Vec<Bound<'_, PyModel>>) -> PyResult<PyModel> {
    let stages = stages.iter().map(|m| m.get().inner.clone()).collect();
    Ok(PyModel::new(Composite::cascade(stages).py_err()?))
}

/// The 2-port `network` terminated at its port 2 by the 1-port `load`: a 1-port. Parameters
/// are named `network.<name>` and `load.<name>`.
#[pyfunction]
pub fn terminate(network: &PyModel, load: &PyModel) -> PyResult<PyModel> {
    Ok(PyModel::new(
        Composite::terminate(network.inner.clone(), load.inner.clone()).py_err()?,
    ))
}

/// The 2-port `network` with its ports swapped. Parameters are named `network.<name>`.
#[pyfunction]
pub fn flip(network: &PyModel) -> PyResult<PyModel> {
    Ok(PyModel::new(
        Composite::flip(network.inner.clone()).py_err()?,
    ))
}

/// Adds `Model`, the composition functions and the submodule `components` to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyModel>()?;
    m.add_function(wrap_pyfunction!(cascade, m)?)?;
    m.add_function(wrap_pyfunction!(terminate, m)?)?;
    m.add_function(wrap_pyfunction!(flip, m)?)?;
    // --- circuits ---
    m.add_function(wrap_pyfunction!(circuit::circuit, m)?)?;
    m.add_function(wrap_pyfunction!(circuit::connect, m)?)?;
    m.add_function(wrap_pyfunction!(circuit::renumber, m)?)?;
    m.add_function(wrap_pyfunction!(data::data_block, m)?)?;
    // --- end circuits ---
    let components = PyModule::new(m.py(), "components")?;
    catalogue::register(&components)?;
    m.add_submodule(&components)?;
    Ok(())
}

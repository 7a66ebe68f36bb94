//! Exact derivatives through dual numbers.
//!
//! A model over `f64` is lifted to the vector dual number [`Grad`] ([`DualN<8>`](DualN)): each
//! lane of its derivative part carries one selected parameter (seeded to 1, the parameters
//! tied to it to their tie's slope), and one pass shares the value part and every transcendental function between
//! its lanes. [`value_and_gradient`], [`gradient`] and [`jacobian`] take a closure over that
//! lifted model, so the same generic model code gives values and derivatives: one pass for up
//! to [`LANES`] parameters, passes in parallel beyond. [`value_and_gradient_lanes`] and
//! [`jacobian_lanes`] take the width as a constant, for hot loops that know their parameter
//! count (what [`crate::fit::Fit`] and [`crate::infer::Posterior`] do: [`Grad4`] for at most
//! [`FEW_LANES`] parameters, else [`Grad`]); a model they can differentiate is
//! [`Differentiable`]. Derivatives with respect to frequency ([`frequency_derivative`],
//! [`group_delay`]) need one direction and run on [`Dual64`].
//!
//! Parameter state comes from an [`AsParams`] source: pass the model for its declared
//! metadata, or its [`crate::Params`] table for per-instance fixes, bounds, ties and values. A
//! value or derivative that is not finite (a singular circuit, a representation that does not
//! exist) is an [`Error::NonFiniteResult`], never a silent number.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesC;
//!
//! // d|S21|^2/dC of a 1 pF series capacitor at 2 GHz, against the closed form.
//! let cap = SeriesC::new(1e-12);
//! let g = gradient(&cap, &Filter::Free, |m| m.s_at(Grad::from(2e9))[1][0].norm_sqr())?;
//! let (w, c, z0) = (std::f64::consts::TAU * 2e9, 1e-12, 50.0);
//! let x = 1.0 / (w * c);
//! let exact = 4.0 * z0 * z0 * 2.0 * x * x / c / (4.0 * z0 * z0 + x * x).powi(2);
//! assert!((g[0] / exact - 1.0).abs() < 1e-12);
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::convert::Infallible;

use ndarray::Array2;
use num_dual::Dual64;
use rayon::prelude::*;

use crate::network::Component;
use crate::params::{AsParams, Filter, Model, Partition};
use crate::{DualN, Error, Frequency, Result};

/// Directions per pass of [`Grad`]: the width of [`value_and_gradient`], [`gradient`] and
/// [`jacobian`], and of the gradients in [`Fit`](crate::fit::Fit) and
/// [`Posterior`](crate::infer::Posterior) with more than [`FEW_LANES`] parameters.
///
/// One pass shares the value part and every transcendental function between its lanes, and
/// cascades differentiate their ABCD chain by the adjoint rule (a few complex products per
/// parameter of each stage), so a pass costs about one `f64` evaluation plus two thirds of one
/// per lane, used or not. Measured (`benches/speed_gradient.rs`,
/// 2 shared cores, alternating runs): the gradient of `sum |S21|^2` of a 6-parameter cascade at
/// 1001 points took 0.20-0.27 ms on one `DualN<8>` pass, 0.17-0.23 ms on one `DualN<6>` pass
/// (1.13-1.32x less), against 0.05-0.08 ms for a hand-written closed-form gradient and 0.07 ms
/// for one `f64` evaluation.
pub const LANES: usize = 8;

/// Directions per pass of [`Grad4`], which [`Fit`](crate::fit::Fit) and
/// [`Posterior`](crate::infer::Posterior) use for at most this many parameters (the 3-parameter
/// RLC fit objective's gradient, one run: 50 us on `DualN<4>`, 87 us on `DualN<8>`, 103 us on
/// three `DualN<1>` passes).
pub const FEW_LANES: usize = 4;

/// The dual number [`value_and_gradient`], [`gradient`] and [`jacobian`] evaluate on:
/// [`LANES`] directions per pass. Write the function of the model with it
/// (`m.s_at(Grad::from(1e9))`).
pub type Grad = DualN<LANES>;

/// The narrower vector dual: [`FEW_LANES`] directions per pass (see
/// [`value_and_gradient_lanes`]).
pub type Grad4 = DualN<FEW_LANES>;

/// An `N`-port model over `f64` that also evaluates on [`Grad`] and [`Grad4`]: what
/// [`Fit::run`](crate::fit::Fit::run) and [`Posterior`](crate::infer::Posterior) need to
/// differentiate it. Every model written generic over its scalar is one (a blanket impl); write
/// it as the bound of generic code that fits or samples.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesL;
/// use pmrf::diff::Differentiable;
/// use pmrf::fit::{Fit, Objective, Term};
///
/// /// Refits `start` to `data` (any 2-port model).
/// fn refit<M: Differentiable<2>>(start: &M, data: Network) -> pmrf::Result<M> {
///     let objective = Objective::new().term(Term::new(data));
///     Ok(Fit::new(start, objective)?.run::<2>()?.model().clone())
/// }
///
/// let freq = Frequency::linspace(1.0, 3.0, 21, FrequencyUnit::GHz)?;
/// let data = SeriesL::new(5e-9).network(&freq)?;
/// let fitted = refit(&SeriesL::new(4e-9), data)?;
/// assert!((fitted.l / 5e-9 - 1.0).abs() < 1e-6);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub trait Differentiable<const N: usize>:
    Component<
        N,
        Scalar = f64,
        Rebind<Grad>: Component<N, Scalar = Grad>,
        Rebind<Grad4>: Component<N, Scalar = Grad4>,
    >
{
}

impl<M, const N: usize> Differentiable<N> for M
where
    M: Component<N, Scalar = f64>,
    M::Rebind<Grad>: Component<N, Scalar = Grad>,
    M::Rebind<Grad4>: Component<N, Scalar = Grad4>,
{
}

/// `x` if its value and derivative are finite, else the error naming what was differentiated.
fn finite(x: Dual64, name: Option<&str>) -> Result<Dual64> {
    if x.re.is_finite() && x.eps.is_finite() {
        return Ok(x);
    }
    let (what, part) = if x.re.is_finite() {
        ("derivative", x.eps)
    } else {
        ("value", x.re)
    };
    let by = name.map_or(String::new(), |n| format!(" with respect to `{n}`"));
    Err(Error::NonFiniteResult(format!(
        "the function's {what}{by} is {part} (a singular circuit, or a representation that does \
         not exist at these values, such as Y of an open)"
    )))
}

/// The model lifted to [`DualN<W>`] at the values of `partition`, lane `l` seeded with
/// direction `first + l` (its parameter gets derivative part 1 there, those tied to it the
/// slope of their tie).
fn seeded_lanes<M: Model<Scalar = f64>, const W: usize>(
    partition: &Partition<M>,
    first: usize,
) -> M::Rebind<DualN<W>> {
    let selected = partition.indices();
    let lanes = &selected[first.min(selected.len())..(first + W).min(selected.len())];
    let mut params = partition.all().iter().enumerate();
    let Ok(lifted) = partition
        .all()
        .model()
        .try_map_params::<DualN<W>, Infallible, _>(&mut |x| {
            let mut dual = DualN::constant(x);
            // The table is built from this very model, so every leaf has its entry.
            if let Some((i, _)) = params.next() {
                // A tied leaf moves with the parameter at the end of its chain, by the chain's slope.
                let (root, slope) = partition.all().tie_root(i);
                for (lane, &s) in lanes.iter().enumerate() {
                    if root == s {
                        dual.eps[lane] = slope;
                    }
                }
            }
            Ok(dual)
        });
    lifted
}

/// `x` if its value and derivative parts are finite, else the error naming the first
/// direction (of those from `first`) whose derivative is not.
fn finite_lanes<const W: usize>(
    x: DualN<W>,
    first: usize,
    lanes: usize,
    names: &[&str],
) -> Result<DualN<W>> {
    let bad = (0..lanes).find(|&l| !x.eps[l].is_finite());
    if x.re.is_finite() && bad.is_none() {
        return Ok(x);
    }
    let (re, eps) = (x.re, bad.map_or(0.0, |l| x.eps[l]));
    let name = bad.and_then(|l| names.get(first + l).copied());
    finite(Dual64::new(re, eps), name).map(|_| x)
}

/// The passes of width `W` covering `n` directions: their first directions.
fn chunks<const W: usize>(n: usize) -> Vec<usize> {
    (0..n).step_by(W.max(1)).collect()
}

/// Runs `pass(first)` for every chunk of `W` directions, in parallel when there are two or more
/// chunks (each pass is then long enough to pay for a thread).
fn lane_passes<R: Send, const W: usize>(n: usize, pass: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let firsts = chunks::<W>(n);
    if firsts.len() >= 2 {
        firsts.into_par_iter().map(&pass).collect()
    } else {
        firsts.into_iter().map(pass).collect()
    }
}

/// The value of the scalar function `f` of the model and its gradient with respect to the
/// parameters `filter` selects from `source` (a model or its table), in flat order.
///
/// `f` takes the model lifted to [`Grad`]: one pass carries [`LANES`] parameters (and the
/// value), and more parameters take passes in parallel. [`value_and_gradient_lanes`] sets
/// the width.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{SeriesL, ShuntC};
///
/// // |S21|^2 of a 5 nH / 2 pF lowpass at 2 GHz, and its derivatives by L and C.
/// let lowpass = Cascade::new((SeriesL::new(5e-9), ShuntC::new(2e-12)));
/// let at = Grad::from(2e9);
/// let (value, grad) = value_and_gradient(&lowpass, &Filter::Free, |m| m.s_at(at)[1][0].norm_sqr())?;
/// assert!((value - lowpass.s_at(2e9)[1][0].norm_sqr()).abs() < 1e-15);
/// // Above its corner, more L or more C transmits less.
/// assert!(grad.len() == 2 && grad[0] < 0.0 && grad[1] < 0.0);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Errors
/// A filter name that matches nothing, values outside their bounds (from a model), or a
/// non-finite value or derivative.
pub fn value_and_gradient<S, F>(source: &S, filter: &Filter, f: F) -> Result<(f64, Vec<f64>)>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Grad>) -> Grad + Sync,
{
    value_and_gradient_lanes::<LANES, S>(source, filter, f)
}

/// The gradient of the scalar function `f` of the model with respect to the parameters
/// `filter` selects from `source` (a model or its table); see [`value_and_gradient`].
///
/// # Errors
/// As [`value_and_gradient`].
pub fn gradient<S, F>(source: &S, filter: &Filter, f: F) -> Result<Vec<f64>>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Grad>) -> Grad + Sync,
{
    Ok(value_and_gradient(source, filter, f)?.1)
}

/// Jacobian, shape `(outputs, selected parameters)`, of the vector function `f` of the model
/// with respect to the parameters `filter` selects from `source`, in passes of [`Grad`] as
/// [`value_and_gradient`]. Complex outputs are split by the caller (e.g. push `re` and `im`).
///
/// # Errors
/// As [`value_and_gradient`]; [`Error::Shape`] if two passes return different numbers of
/// outputs.
pub fn jacobian<S, F>(source: &S, filter: &Filter, f: F) -> Result<Array2<f64>>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Grad>) -> Vec<Grad> + Sync,
{
    jacobian_lanes::<LANES, S>(source, filter, f)
}

/// [`value_and_gradient`] with `W` directions per pass on [`DualN<W>`]: `ceil(n / W)` passes
/// for `n` selected parameters (in parallel when more than one), each carrying the value.
/// Every lane costs work, used or not (see [`LANES`]), so the narrowest width that holds every
/// parameter is the fastest (e.g. `DualN<4>` for a 3-parameter fit objective, see
/// [`FEW_LANES`]; `DualN<6>` for 6 parameters, 1.1-1.3x faster than [`value_and_gradient`]).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::DualN;
/// use pmrf::diff::value_and_gradient_lanes;
///
/// let rlc = pmrf::components::SeriesRlc::new(10.0, 20e-9, 1e-12);
/// let (v4, g4) = value_and_gradient_lanes::<4, _>(&rlc, &Filter::Free, |m| {
///     m.s_at(DualN::<4>::from(2e9))[1][0].norm_sqr()
/// })?;
/// let (v, g) = value_and_gradient(&rlc, &Filter::Free, |m| m.s_at(Grad::from(2e9))[1][0].norm_sqr())?;
/// assert_eq!((v4, g4.len()), (v, 3));
/// assert!(g4.iter().zip(&g).all(|(a, b)| (a - b).abs() <= 1e-14 * b.abs()));
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Errors
/// As [`value_and_gradient`].
pub fn value_and_gradient_lanes<const W: usize, S>(
    source: &S,
    filter: &Filter,
    f: impl Fn(&<S::Model as Model>::Rebind<DualN<W>>) -> DualN<W> + Sync,
) -> Result<(f64, Vec<f64>)>
where
    S: AsParams,
{
    const { assert!(W > 0, "a pass needs at least one lane") };
    let partition = source.as_params()?.partition(filter)?;
    let names = partition.names();
    let n = partition.len();
    if n == 0 {
        let v = f(&seeded_lanes::<_, W>(&partition, 0));
        return Ok((finite_lanes(v, 0, 0, &names)?.re, Vec::new()));
    }
    let passes = lane_passes::<_, W>(n, |first| {
        let lanes = W.min(n - first);
        finite_lanes(f(&seeded_lanes(&partition, first)), first, lanes, &names)
    });
    let mut grad = Vec::with_capacity(n);
    let mut value = 0.0;
    for (pass, first) in passes.into_iter().zip(chunks::<W>(n)) {
        let pass = pass?;
        value = pass.re;
        grad.extend_from_slice(&pass.eps[..W.min(n - first)]);
    }
    Ok((value, grad))
}

/// [`jacobian`] with `W` directions per pass on [`DualN<W>`]: `ceil(n / W)` passes for `n`
/// selected parameters (in parallel when more than one); see [`value_and_gradient_lanes`].
///
/// # Errors
/// As [`jacobian`].
pub fn jacobian_lanes<const W: usize, S>(
    source: &S,
    filter: &Filter,
    f: impl Fn(&<S::Model as Model>::Rebind<DualN<W>>) -> Vec<DualN<W>> + Sync,
) -> Result<Array2<f64>>
where
    S: AsParams,
{
    const { assert!(W > 0, "a pass needs at least one lane") };
    let partition = source.as_params()?.partition(filter)?;
    let names = partition.names();
    let n = partition.len();
    let passes = lane_passes::<_, W>(n, |first| -> Result<Vec<DualN<W>>> {
        let lanes = W.min(n - first);
        (f(&seeded_lanes(&partition, first)).into_iter())
            .map(|x| finite_lanes(x, first, lanes, &names))
            .collect()
    });
    let passes: Vec<Vec<DualN<W>>> = passes.into_iter().collect::<Result<_>>()?;
    let outputs = passes.first().map_or(0, Vec::len);
    if let Some(bad) = passes.iter().find(|c| c.len() != outputs) {
        return Err(Error::Shape(format!(
            "the function returned {} outputs in one pass and {} in another",
            outputs,
            bad.len()
        )));
    }
    Ok(Array2::from_shape_fn((outputs, n), |(i, k)| {
        passes[k / W][i].eps[k % W]
    }))
}

/// Derivative of `f(model, frequency)` with respect to frequency (per Hz) at every point.
///
/// # Errors
/// [`Error::NonFiniteResult`] if the value or derivative is not finite at some point.
pub fn frequency_derivative<M, F>(model: &M, freq: &Frequency, f: F) -> Result<Vec<f64>>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>, Dual64) -> Dual64,
{
    let lifted = model.lift::<Dual64>();
    (freq.hz().iter())
        .map(|&hz| {
            finite(f(&lifted, Dual64::from(hz).derivative()), Some("frequency")).map(|d| d.eps)
        })
        .collect()
}

/// Group delay `-d(arg S_ij)/d(omega)` in seconds of the path from port `from` to port `to`
/// (0-based), exact at every frequency point.
///
/// # Errors
/// [`Error::PortOutOfRange`] for a port out of range; [`Error::NonFiniteResult`] where the
/// transmission is zero (the phase, and so the delay, is undefined there) or not finite.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesL;
/// use pmrf::diff::group_delay;
///
/// // A series inductor: S21 = 2 Z0/(2 Z0 + jwL), so tau = (L/(2 Z0))/(1 + (wL/(2 Z0))^2).
/// let freq = Frequency::from_hz([1e9])?;
/// let tau = group_delay(&SeriesL::new(10e-9), &freq, 1, 0)?;
/// let x = std::f64::consts::TAU * 1e9 * 10e-9 / 100.0;
/// assert!((tau[0] / (10e-9 / 100.0 / (1.0 + x * x)) - 1.0).abs() < 1e-12);
/// # Ok::<(), pmrf::Error>(())
/// ```
pub fn group_delay<M, const N: usize>(
    model: &M,
    freq: &Frequency,
    to: usize,
    from: usize,
) -> Result<Vec<f64>>
where
    M: Model<Scalar = f64>,
    M::Rebind<Dual64>: Component<N, Scalar = Dual64>,
{
    if let Some(port) = [to, from].into_iter().find(|&p| p >= N) {
        return Err(Error::PortOutOfRange {
            part: format!(
                "model `{}` of group_delay",
                crate::components::part_name::<M>()
            ),
            port,
            ports: N,
        });
    }
    let lifted = model.lift::<Dual64>();
    (freq.hz().iter())
        .map(|&hz| {
            let s = lifted.s_at(Dual64::from(hz).derivative())[to][from];
            // d(arg s)/df = Im(s'/s); omega = 2 pi f.
            let (v, dv) = (
                num_complex::Complex::new(s.re.re, s.im.re),
                num_complex::Complex::new(s.re.eps, s.im.eps),
            );
            let tau = -(dv / v).im / std::f64::consts::TAU;
            if tau.is_finite() {
                Ok(tau)
            } else {
                Err(Error::NonFiniteResult(format!(
                    "the group delay of S{}{} at {hz} Hz is {tau}: S{}{} = {v}",
                    to + 1,
                    from + 1,
                    to + 1,
                    from + 1
                )))
            }
        })
        .collect()
}

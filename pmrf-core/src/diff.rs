//! Exact derivatives through dual numbers.
//!
//! A model over `f64` is lifted to [`Dual64`], one pass per selected parameter with that
//! parameter's derivative part seeded to 1 (and the parameters tied to it). Passes run in parallel
//! when there are enough of them. Functions differentiated here take the lifted model, so the
//! same generic model code gives values and derivatives.
//!
//! Vector dual numbers carry several directions in one pass: [`DualN<N>`] shares the value part
//! and every transcendental function between its `N` lanes. [`value_and_gradient_vec`] and
//! [`jacobian_vec`] take a closure over [`Grad`] (`DualN<8>`); [`value_and_gradient_of`] and
//! [`jacobian_of`] take a function written once for every scalar ([`ScalarFn`], [`VectorFn`]);
//! [`value_and_gradient_lanes`] and [`jacobian_lanes`] choose the width. They give the same
//! numbers as the `Dual64` functions (to rounding) in fewer, cheaper passes: about 2.3x faster on
//! a 6-parameter cascade. [`crate::fit::Fit`] and [`crate::infer::Posterior`] use them.
//!
//! Parameter state comes from an [`AsParams`] source: pass the model for its declared
//! metadata, or its [`crate::Params`] table for per-instance fixes, bounds, ties and values. A
//! value or derivative that is not finite (a singular circuit, a representation that does not
//! exist) is an [`Error::NonFiniteResult`], never a silent number.
//!
//! ```
//! use pmrf::prelude::*;
//!
//! // d|S21|^2/dC of a 1 pF series capacitor at 2 GHz, against the closed form.
//! let cap = SeriesC::new(1e-12);
//! let g = gradient(&cap, &Filter::Free, |m| m.s_at(Dual64::from(2e9))[1][0].norm_sqr())?;
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
use crate::{DualN, Error, Frequency, Result, Scalar};

/// Fewer directions than this run sequentially: a pass is too short to pay for a thread.
const PARALLEL_DIRECTIONS: usize = 4;

/// The model lifted to dual numbers at the values of `partition`, with direction `k` seeded:
/// its parameter and those tied to it get derivative part 1.
fn seeded<M: Model<Scalar = f64>>(partition: &Partition<M>, k: Option<usize>) -> M::Rebind<Dual64> {
    let seed = k.map(|k| partition.indices()[k]);
    let mut params = partition.all().iter().enumerate();
    let Ok(lifted) = partition
        .all()
        .model()
        .try_map_params::<Dual64, Infallible, _>(&mut |x| {
            let dual = Dual64::from(x);
            // The table is built from this very model, so every leaf has its entry.
            let seeded = params
                .next()
                .is_some_and(|(i, p)| seed.is_some() && (Some(i) == seed || p.tied_to() == seed));
            Ok(if seeded { dual.derivative() } else { dual })
        });
    lifted
}

/// Runs `pass(k)` for every direction, in parallel where it pays.
fn directions<R: Send>(n: usize, pass: impl Fn(usize) -> R + Sync) -> Vec<R> {
    if n >= PARALLEL_DIRECTIONS {
        (0..n).into_par_iter().map(&pass).collect()
    } else {
        (0..n).map(pass).collect()
    }
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

/// The value of the scalar function `f` of the model and its gradient with respect to the
/// parameters `filter` selects from `source` (a model or its table), in flat order.
///
/// # Errors
/// A filter name that matches nothing, values outside their bounds (from a model), or a
/// non-finite value or derivative.
pub fn value_and_gradient<S, F>(source: &S, filter: &Filter, f: F) -> Result<(f64, Vec<f64>)>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Dual64>) -> Dual64 + Sync,
{
    let partition = source.as_params()?.partition(filter)?;
    let names = partition.names();
    let passes = directions(partition.len(), |k| {
        finite(f(&seeded(&partition, Some(k))), Some(names[k]))
    });
    let grad: Vec<Dual64> = passes.into_iter().collect::<Result<_>>()?;
    // Every seeded pass carries the value; only a model with nothing selected needs its own.
    let value = match grad.first() {
        Some(first) => first.re,
        None => finite(f(&seeded(&partition, None)), None)?.re,
    };
    Ok((value, grad.iter().map(|d| d.eps).collect()))
}

/// The gradient of the scalar function `f` of the model with respect to the parameters
/// `filter` selects from `source` (a model or its table); see [`value_and_gradient`].
pub fn gradient<S, F>(source: &S, filter: &Filter, f: F) -> Result<Vec<f64>>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Dual64>) -> Dual64 + Sync,
{
    Ok(value_and_gradient(source, filter, f)?.1)
}

/// Jacobian, shape `(outputs, selected parameters)`, of the vector function `f` of the model
/// with respect to the parameters `filter` selects from `source`. Complex outputs are split by
/// the caller (e.g. push `re` and `im`).
pub fn jacobian<S, F>(source: &S, filter: &Filter, f: F) -> Result<Array2<f64>>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Dual64>) -> Vec<Dual64> + Sync,
{
    let partition = source.as_params()?.partition(filter)?;
    let names = partition.names();
    let columns = directions(partition.len(), |k| -> Result<Vec<f64>> {
        (f(&seeded(&partition, Some(k))).into_iter())
            .map(|x| finite(x, Some(names[k])).map(|x| x.eps))
            .collect()
    });
    let columns: Vec<Vec<f64>> = columns.into_iter().collect::<Result<_>>()?;
    let outputs = columns.first().map_or(0, Vec::len);
    if let Some(bad) = columns.iter().find(|c| c.len() != outputs) {
        return Err(Error::Shape(format!(
            "the function returned {} outputs in one pass and {} in another",
            outputs,
            bad.len()
        )));
    }
    Ok(Array2::from_shape_fn((outputs, columns.len()), |(i, k)| {
        columns[k][i]
    }))
}

/// Directions per pass of [`Grad`], the vector dual of [`value_and_gradient_vec`] and
/// [`jacobian_vec`], and of the gradients in [`Fit`](crate::fit::Fit) and
/// [`Posterior`](crate::infer::Posterior) with more than [`FEW_LANES`] parameters; the widest
/// pass of the `_of` functions ([`pass_width`]).
///
/// One pass shares the value part and every transcendental function between its lanes, and
/// cascades differentiate their ABCD chain by the adjoint rule (a few complex products per
/// parameter of each stage), so one pass of 6 or 8 lanes costs a small multiple of one `f64`
/// evaluation. Measured (`benches/speed_gradient.rs`, 2 shared cores, one run): the gradient
/// of `sum |S21|^2` of a 6-parameter cascade at 1001 points took 0.33 ms on one `DualN<6>`
/// pass, 0.47 ms on six `Dual64` passes on 2 threads, against 0.053 ms for one `f64`
/// evaluation and 0.084 ms for a hand-written closed-form gradient.
pub const LANES: usize = 8;

/// Directions per pass of [`Grad4`], which [`Fit`](crate::fit::Fit) and
/// [`Posterior`](crate::infer::Posterior) use for at most this many parameters (the 3-parameter
/// RLC fit objective's gradient: 93 us on `DualN<4>`, 126 us on `DualN<8>`, 180 us on three
/// `Dual64` passes).
pub const FEW_LANES: usize = 4;

/// The dual number the closure-based vector functions ([`value_and_gradient_vec`],
/// [`jacobian_vec`]) evaluate on: [`LANES`] directions per pass.
pub type Grad = DualN<LANES>;

/// The narrower vector dual: [`FEW_LANES`] directions per pass (see
/// [`value_and_gradient_lanes`]).
pub type Grad4 = DualN<FEW_LANES>;

/// A scalar function of a model written once for every scalar type, so that the gradient
/// functions ([`value_and_gradient_of`]) can choose the dual number (and how many directions it
/// carries per pass). Implement it on a struct holding what the function needs.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::diff::{ScalarFn, value_and_gradient_of};
///
/// /// `sum_f |S21|^2` over a list of frequencies.
/// struct Transmission(Vec<f64>);
///
/// impl ScalarFn<Cascade<(SeriesL, ShuntC)>> for Transmission {
///     fn eval<T: Scalar>(&self, m: &Cascade<(SeriesL<T>, ShuntC<T>), T>) -> T {
///         self.0.iter().map(|&f| m.s_at(T::from(f))[1][0].norm_sqr()).sum()
///     }
/// }
///
/// let lowpass = Cascade::new((SeriesL::new(5e-9), ShuntC::new(2e-12)));
/// let f = Transmission(vec![1e9, 2e9, 3e9]);
/// let (value, grad) = value_and_gradient_of(&lowpass, &Filter::Free, &f)?;
/// // The same numbers as one Dual64 pass per parameter.
/// let (v1, g1) = value_and_gradient(&lowpass, &Filter::Free, |m| f.eval(m))?;
/// assert!((value - v1).abs() < 1e-15 && (grad[0] - g1[0]).abs() < 1e-12 * g1[0].abs());
/// assert!((grad[1] - g1[1]).abs() < 1e-12 * g1[1].abs());
/// # Ok::<(), pmrf::Error>(())
/// ```
pub trait ScalarFn<M: Model>: Sync {
    /// The function of the model over scalar `T`.
    fn eval<T: Scalar>(&self, model: &M::Rebind<T>) -> T;
}

/// A vector function of a model written once for every scalar type, for [`jacobian_of`]. Every
/// evaluation returns the same number of outputs; complex outputs are split by the
/// implementation (e.g. push `re` and `im`).
pub trait VectorFn<M: Model>: Sync {
    /// The function of the model over scalar `T`.
    fn eval<T: Scalar>(&self, model: &M::Rebind<T>) -> Vec<T>;
}

/// The model lifted to [`DualN<W>`] at the values of `partition`, lane `l` seeded with
/// direction `first + l` (its parameter and those tied to it get derivative part 1 there).
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
            if let Some((i, p)) = params.next() {
                for (lane, &s) in lanes.iter().enumerate() {
                    if i == s || p.tied_to() == Some(s) {
                        dual.eps[lane] = 1.0;
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

/// [`value_and_gradient`] with `W` directions per pass on [`DualN<W>`]: `ceil(n / W)` passes
/// for `n` selected parameters (in parallel when more than one), each carrying the value.
///
/// # Errors
/// As [`value_and_gradient`].
pub fn value_and_gradient_lanes<S, F, const W: usize>(
    source: &S,
    filter: &Filter,
    f: F,
) -> Result<(f64, Vec<f64>)>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<DualN<W>>) -> DualN<W> + Sync,
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

/// [`value_and_gradient`] on [`Grad`] ([`LANES`] directions per pass): a closure over one
/// concrete vector dual number. One pass of [`DualN<8>`] costs less than three [`Dual64`]
/// passes (see [`LANES`]), so this is the faster choice from three parameters on.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::diff::{Grad, value_and_gradient_vec};
///
/// let cap = SeriesC::new(1e-12);
/// let (v, g) = value_and_gradient_vec(&cap, &Filter::Free, |m| {
///     m.s_at(Grad::from(2e9))[1][0].norm_sqr()
/// })?;
/// let (v1, g1) = value_and_gradient(&cap, &Filter::Free, |m| {
///     m.s_at(Dual64::from(2e9))[1][0].norm_sqr()
/// })?;
/// assert_eq!((v, g.len()), (v1, 1));
/// assert!((g[0] / g1[0] - 1.0).abs() < 1e-14);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Errors
/// As [`value_and_gradient`].
pub fn value_and_gradient_vec<S, F>(source: &S, filter: &Filter, f: F) -> Result<(f64, Vec<f64>)>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Grad>) -> Grad + Sync,
{
    value_and_gradient_lanes::<S, F, LANES>(source, filter, f)
}

/// [`value_and_gradient`] of a [`ScalarFn`] in one vector-dual pass: on the narrowest
/// [`DualN`] of 2, 4, 6 or 8 lanes that holds every direction, or in passes of [`LANES`]
/// beyond (see [`pass_width`]).
///
/// # Errors
/// As [`value_and_gradient`].
pub fn value_and_gradient_of<S, F>(source: &S, filter: &Filter, f: &F) -> Result<(f64, Vec<f64>)>
where
    S: AsParams,
    F: ScalarFn<S::Model>,
{
    match pass_width(source.as_params()?.partition(filter)?.len()) {
        2 => value_and_gradient_lanes::<S, _, 2>(source, filter, |m| f.eval::<DualN<2>>(m)),
        4 => value_and_gradient_lanes::<S, _, 4>(source, filter, |m| f.eval::<DualN<4>>(m)),
        6 => value_and_gradient_lanes::<S, _, 6>(source, filter, |m| f.eval::<DualN<6>>(m)),
        _ => value_and_gradient_vec(source, filter, |m| f.eval::<Grad>(m)),
    }
}

/// The lanes per pass the `_of` functions ([`value_and_gradient_of`], [`jacobian_of`]) take
/// for `n` directions: the narrowest of 2, 4, 6 and [`LANES`] that holds them all, so no
/// lane is computed in vain (a lane costs about a tenth of a pass), and [`LANES`] beyond.
///
/// ```
/// use pmrf::diff::pass_width;
///
/// assert_eq!([1, 2, 3, 6, 7, 20].map(pass_width), [2, 2, 4, 6, 8, 8]);
/// ```
pub const fn pass_width(n: usize) -> usize {
    match n {
        0..=2 => 2,
        3..=4 => 4,
        5..=6 => 6,
        _ => LANES,
    }
}

/// [`jacobian`] with `W` directions per pass on [`DualN<W>`]: `ceil(n / W)` passes for `n`
/// selected parameters (in parallel when more than one).
///
/// # Errors
/// As [`jacobian`].
pub fn jacobian_lanes<S, F, const W: usize>(
    source: &S,
    filter: &Filter,
    f: F,
) -> Result<Array2<f64>>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<DualN<W>>) -> Vec<DualN<W>> + Sync,
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

/// [`jacobian`] on [`Grad`] ([`LANES`] directions per pass).
///
/// # Errors
/// As [`jacobian`].
pub fn jacobian_vec<S, F>(source: &S, filter: &Filter, f: F) -> Result<Array2<f64>>
where
    S: AsParams,
    F: Fn(&<S::Model as Model>::Rebind<Grad>) -> Vec<Grad> + Sync,
{
    jacobian_lanes::<S, F, LANES>(source, filter, f)
}

/// [`jacobian`] of a [`VectorFn`] in vector-dual passes of [`pass_width`] lanes, as
/// [`value_and_gradient_of`].
///
/// # Errors
/// As [`jacobian`].
pub fn jacobian_of<S, F>(source: &S, filter: &Filter, f: &F) -> Result<Array2<f64>>
where
    S: AsParams,
    F: VectorFn<S::Model>,
{
    match pass_width(source.as_params()?.partition(filter)?.len()) {
        2 => jacobian_lanes::<S, _, 2>(source, filter, |m| f.eval::<DualN<2>>(m)),
        4 => jacobian_lanes::<S, _, 4>(source, filter, |m| f.eval::<DualN<4>>(m)),
        6 => jacobian_lanes::<S, _, 6>(source, filter, |m| f.eval::<DualN<6>>(m)),
        _ => jacobian_vec(source, filter, |m| f.eval::<Grad>(m)),
    }
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

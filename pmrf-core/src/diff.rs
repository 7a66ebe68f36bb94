//! Exact derivatives through dual numbers.
//!
//! A model over `f64` is lifted to [`Dual64`], one pass per selected parameter with that
//! parameter's derivative part seeded to 1 (and the parameters tied to it). Passes run in parallel
//! when there are enough of them. Functions differentiated here take the lifted model, so the
//! same generic model code gives values and derivatives.
//!
//! Each function comes in two forms: `gradient(model, &filter, f)` selects with the model's
//! default metadata (from `#[param]`), and `gradient_in(model, &partition, f)` with per-instance
//! metadata, fixes and ties: `model.params()`, changed, then `.partition(&filter)?`.
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
use crate::params::{Filter, Model, Partition};
use crate::{Frequency, Result};

/// Fewer directions than this run sequentially: a pass is too short to pay for a thread.
const PARALLEL_DIRECTIONS: usize = 4;

/// The model lifted to dual numbers at the values of `partition` (ties resolved), with
/// direction `k` seeded: its parameter and those tied to it get derivative part 1.
fn seeded<M: Model<Scalar = f64>>(
    model: &M,
    partition: &Partition,
    k: Option<usize>,
) -> M::Rebind<Dual64> {
    let seed = k.map(|k| partition.indices()[k]);
    let mut params = partition.all().iter().enumerate();
    let Ok(lifted) = model.try_map_params::<Dual64, Infallible, _>(&mut |x| {
        let Some((i, p)) = params.next() else {
            return Ok(Dual64::from(x)); // unreachable: layouts are checked before
        };
        let dual = Dual64::from(p.value);
        Ok(
            if seed.is_some() && (Some(i) == seed || p.tied_to() == seed) {
                dual.derivative()
            } else {
                dual
            },
        )
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

/// Gradient of the scalar function `f` of `model` with respect to the parameters `filter`
/// selects (default metadata; see [`gradient_in`] for per-instance parameters), in flat order.
pub fn gradient<M, F>(model: &M, filter: &Filter, f: F) -> Result<Vec<f64>>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>) -> Dual64 + Sync,
{
    gradient_in(model, &model.params().partition(filter)?, f)
}

/// Gradient of `f` with respect to the parameters selected in `partition`, at the values the
/// partition holds (ties followed); `model` gives the structure.
pub fn gradient_in<M, F>(model: &M, partition: &Partition, f: F) -> Result<Vec<f64>>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>) -> Dual64 + Sync,
{
    partition.all().check_layout(model)?;
    Ok(directions(partition.len(), |k| {
        f(&seeded(model, partition, Some(k))).eps
    }))
}

/// The value of `f` and its gradient with respect to the parameters `filter` selects (default
/// metadata; see [`value_and_gradient_in`]).
pub fn value_and_gradient<M, F>(model: &M, filter: &Filter, f: F) -> Result<(f64, Vec<f64>)>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>) -> Dual64 + Sync,
{
    value_and_gradient_in(model, &model.params().partition(filter)?, f)
}

/// The value of `f` and its gradient with respect to the parameters selected in `partition`.
pub fn value_and_gradient_in<M, F>(
    model: &M,
    partition: &Partition,
    f: F,
) -> Result<(f64, Vec<f64>)>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>) -> Dual64 + Sync,
{
    let value = f(&seeded(model, partition, None)).re;
    Ok((value, gradient_in(model, partition, f)?))
}

/// Jacobian, shape `(outputs, selected parameters)`, of the vector function `f` of `model` with
/// respect to the parameters `filter` selects. Complex outputs are split by the caller (e.g.
/// push `re` and `im`).
pub fn jacobian<M, F>(model: &M, filter: &Filter, f: F) -> Result<Array2<f64>>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>) -> Vec<Dual64> + Sync,
{
    jacobian_in(model, &model.params().partition(filter)?, f)
}

/// Jacobian of `f` with respect to the parameters selected in `partition`.
pub fn jacobian_in<M, F>(model: &M, partition: &Partition, f: F) -> Result<Array2<f64>>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>) -> Vec<Dual64> + Sync,
{
    partition.all().check_layout(model)?;
    let columns = directions(partition.len(), |k| f(&seeded(model, partition, Some(k))));
    let outputs = columns.first().map_or(0, Vec::len);
    if let Some(bad) = columns.iter().find(|c| c.len() != outputs) {
        return Err(crate::Error::Shape(format!(
            "the function returned {} outputs in one pass and {} in another",
            outputs,
            bad.len()
        )));
    }
    Ok(Array2::from_shape_fn((outputs, columns.len()), |(i, k)| {
        columns[k][i].eps
    }))
}

/// Derivative of `f(model, frequency)` with respect to frequency (per Hz) at every point.
pub fn frequency_derivative<M, F>(model: &M, freq: &Frequency, f: F) -> Vec<f64>
where
    M: Model<Scalar = f64>,
    F: Fn(&M::Rebind<Dual64>, Dual64) -> Dual64,
{
    let lifted = model.lift::<Dual64>();
    (freq.hz().iter())
        .map(|&hz| f(&lifted, Dual64::from(hz).derivative()).eps)
        .collect()
}

/// Group delay `-d(arg S_ij)/d(omega)` in seconds of the path from port `from` to port `to`
/// (0-based), exact at every frequency point.
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
    if to >= N || from >= N {
        return Err(crate::Error::Shape(format!(
            "port pair ({to}, {from}) out of range for a {N}-port (ports are 0-based)"
        )));
    }
    let lifted = model.lift::<Dual64>();
    Ok((freq.hz().iter())
        .map(|&hz| {
            let s = lifted.s_at(Dual64::from(hz).derivative())[to][from];
            // d(arg s)/df = Im(s'/s); omega = 2 pi f.
            let (v, dv) = (
                num_complex::Complex::new(s.re.re, s.im.re),
                num_complex::Complex::new(s.re.eps, s.im.eps),
            );
            -(dv / v).im / std::f64::consts::TAU
        })
        .collect())
}

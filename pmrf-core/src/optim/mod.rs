//! Bounded numerical optimisers on plain `f64` vectors, shared by `fit::Fit` and
//! `infer::Posterior::map` (this module imports nothing of either).
//!
//! The optimisers know nothing of models: they see the free parameters as one vector `x` (in the
//! scaled units the parameter table provides), a box `lower <= x <= upper` ([`Bounds`], infinite
//! ends allowed), and closures over `&[f64]`. Errors returned by the closures stop the run and
//! propagate unchanged.
//!
//! | method | problem | derivatives | module |
//! | --- | --- | --- | --- |
//! | [`levenberg_marquardt`] | `min ½‖r(x)‖²` ([`LeastSquares`]) | Jacobian, or forward differences | [`lm`] |
//! | [`lbfgsb`](fn@lbfgsb) | `min f(x)` | gradient | [`lbfgsb`](mod@lbfgsb) |
//! | [`nelder_mead`](fn@nelder_mead) | `min f(x)` | none | [`nelder_mead`](mod@nelder_mead) |
//!
//! All three take the same [`Options`] (iteration and evaluation limits, tolerances, a progress
//! callback that can cancel) and return the same [`Report`]: the best point found, its loss, the
//! counts, and why the run stopped ([`Termination`]). Every point a closure sees, and the
//! returned `x`, lies inside the bounds; a start outside them is first projected onto the box.
//!
//! Non-finite values (NaN, ±inf) from a closure at a trial point are treated as a failed trial:
//! the trust region shrinks (LM), the line search backs off (L-BFGS) or the vertex ranks worst
//! (Nelder-Mead). When the closure keeps returning them ([`MAX_NONFINITE`] trials in a row), or
//! returns them at an accepted point (a non-finite Jacobian or gradient), the run stops with
//! [`Termination::NonFinite`] and the best point so far. A non-finite value at the start is an
//! [`Error::NonFiniteResult`]: there is no point to return.
//!
//! ```
//! use pmrf::optim::{Bounds, Options, lbfgsb};
//!
//! // min (x - 3)² + (y + 1)² on the box [0, 2] x [-5, 5]: x stops on its upper bound.
//! let fg = |x: &[f64], g: &mut [f64]| {
//!     g[0] = 2.0 * (x[0] - 3.0);
//!     g[1] = 2.0 * (x[1] + 1.0);
//!     Ok((x[0] - 3.0).powi(2) + (x[1] + 1.0).powi(2))
//! };
//! let bounds = Bounds::new(vec![0.0, -5.0], vec![2.0, 5.0])?;
//! let report = lbfgsb(fg, &[1.0, 1.0], &bounds, Options::default())?;
//! assert!(report.termination.is_converged());
//! assert_eq!(report.x[0], 2.0);
//! assert!((report.x[1] + 1.0).abs() < 1e-8 && (report.loss - 1.0).abs() < 1e-12);
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::cell::RefCell;
use std::fmt;
use std::ops::ControlFlow;
use std::rc::Rc;

use crate::{Error, Result};

pub mod lbfgsb;
mod linalg;
pub mod lm;
pub mod nelder_mead;
mod report;

pub use lbfgsb::lbfgsb;
pub(crate) use linalg::symmetric_inverse;
pub use lm::{LeastSquares, levenberg_marquardt};
pub use nelder_mead::nelder_mead;
pub use report::{Progress, Report, Termination};

/// Non-finite trial values in a row after which a run stops with [`Termination::NonFinite`].
pub const MAX_NONFINITE: usize = 20;

/// A box `lower <= x <= upper`, checked once: no NaN, `lower < upper`, infinite ends allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds {
    lower: Vec<f64>,
    upper: Vec<f64>,
}

impl Bounds {
    /// The box between `lower` and `upper`.
    ///
    /// # Errors
    /// [`Error::Shape`] for lengths that differ, [`Error::InvalidBounds`] (naming `x[i]`) for a
    /// NaN end, `lower >= upper`, a lower bound of `+inf` or an upper bound of `-inf`.
    pub fn new(lower: impl Into<Vec<f64>>, upper: impl Into<Vec<f64>>) -> Result<Self> {
        let (lower, upper) = (lower.into(), upper.into());
        if lower.len() != upper.len() {
            return Err(Error::Shape(format!(
                "{} lower bounds but {} upper bounds",
                lower.len(),
                upper.len()
            )));
        }
        for (i, (&lo, &hi)) in lower.iter().zip(&upper).enumerate() {
            if lo.is_nan()
                || hi.is_nan()
                || lo >= hi
                || lo == f64::INFINITY
                || hi == f64::NEG_INFINITY
            {
                return Err(Error::InvalidBounds {
                    name: format!("x[{i}]"),
                    lower: lo,
                    upper: hi,
                });
            }
        }
        Ok(Bounds { lower, upper })
    }

    /// No bounds on `n` variables: `(-inf, inf)` each.
    pub fn unbounded(n: usize) -> Self {
        Bounds {
            lower: vec![f64::NEG_INFINITY; n],
            upper: vec![f64::INFINITY; n],
        }
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// True for a box of no variables.
    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Lower bounds.
    pub fn lower(&self) -> &[f64] {
        &self.lower
    }

    /// Upper bounds.
    pub fn upper(&self) -> &[f64] {
        &self.upper
    }

    /// True if every `x[i]` lies in `[lower[i], upper[i]]` (false for a wrong length or NaN).
    pub fn contains(&self, x: &[f64]) -> bool {
        x.len() == self.len()
            && (x.iter().zip(&self.lower).zip(&self.upper)).all(|((x, lo), hi)| lo <= x && x <= hi)
    }

    /// Moves every `x[i]` to the nearest point of `[lower[i], upper[i]]`.
    pub fn project(&self, x: &mut [f64]) {
        for ((x, &lo), &hi) in x.iter_mut().zip(&self.lower).zip(&self.upper) {
            *x = x.clamp(lo, hi);
        }
    }

    /// The start `x0`, checked against the box and projected onto it.
    fn start(&self, x0: &[f64]) -> Result<Vec<f64>> {
        if x0.len() != self.len() {
            return Err(Error::ParamCount {
                expected: self.len(),
                got: x0.len(),
            });
        }
        if let Some((i, &v)) = x0.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::NonFinite {
                name: format!("x[{i}]"),
                value: v,
            });
        }
        let mut x = x0.to_vec();
        self.project(&mut x);
        Ok(x)
    }
}

/// The progress callback: called once per iteration; `ControlFlow::Break(())` cancels. The
/// clones of an [`Options`] share it. Made by [`Options::with_callback`].
#[derive(Clone)]
pub struct Callback<'a>(Rc<dyn Notify + 'a>);

/// A callback behind a shared reference (a trait object keeps [`Callback`] covariant in its
/// lifetime, as a `Box<dyn FnMut>` is, so `Options<'static>` still takes a local closure).
trait Notify {
    fn notify(&self, progress: &Progress<'_>) -> ControlFlow<()>;
}

impl<F: FnMut(&Progress<'_>) -> ControlFlow<()>> Notify for RefCell<F> {
    fn notify(&self, progress: &Progress<'_>) -> ControlFlow<()> {
        (self.borrow_mut())(progress)
    }
}

/// Limits, tolerances and the progress callback of a run; shared by all optimisers.
///
/// A tolerance left at `None` (the default) takes the method's own default, chosen so that
/// each converges on real fits (a flat valley, a loss near `1e-5`) without running to the
/// iteration limit:
///
/// | tolerance | [`levenberg_marquardt`] | [`lbfgsb`](fn@lbfgsb) | [`nelder_mead`](fn@nelder_mead) |
/// | --- | --- | --- | --- |
/// | `ftol` | 1e-8, relative reduction of `‖r‖²` | 1e-8, relative reduction of `f` (no floor) | 1e-8, spread of `f` over the simplex `<= ftol (1 + f)` (absolute below 1) |
/// | `xtol` | 1e-8, trust region relative to `‖D x‖` | 1e-8, step relative to `1 + ‖x‖∞` | 1e-4, simplex size relative to `1 + ‖x‖∞` (SciPy's `xatol`) |
/// | `gtol` | 1e-8, cosine between `r` and `J`'s columns | 1e-8, absolute projected gradient `‖P(x − g) − x‖∞` | not used |
///
/// Every `x` is in the scaled units the optimiser sees (a fit's `value / scale`). Each
/// method's docs say exactly how its tests read. A tolerance `<= 0` switches its test off;
/// NaN or infinite is an error. Build with struct update syntax or the `with_*` methods; a
/// clone shares the callback:
///
/// ```
/// use std::ops::ControlFlow;
/// use pmrf::optim::Options;
///
/// let options = Options { ftol: Some(1e-12), ..Options::default() }
///     .with_max_iterations(200)
///     .with_callback(|p| {
///         eprintln!("{:4} {:12.6e}", p.iteration, p.loss);
///         ControlFlow::Continue(())
///     });
/// let again = options.clone();
/// assert_eq!((again.ftol, again.xtol, again.max_iterations), (Some(1e-12), None, 200));
/// ```
#[derive(Clone)]
pub struct Options<'a> {
    /// At most this many iterations (LM: Jacobian evaluations; L-BFGS: line searches;
    /// Nelder-Mead: simplex updates). Default 10 000.
    pub max_iterations: usize,
    /// At most this many evaluations of the residuals or objective (default: no limit).
    pub max_evaluations: usize,
    /// Tolerance on the reduction of the loss, relative to the loss (`None`: the method's
    /// default, see the table above).
    pub ftol: Option<f64>,
    /// Tolerance on the step or simplex size, relative (`None`: the method's default).
    pub xtol: Option<f64>,
    /// Tolerance on the gradient (`None`: the method's default).
    pub gtol: Option<f64>,
    /// Called once per iteration (see [`Options::with_callback`]); default none.
    pub callback: Option<Callback<'a>>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            max_iterations: 10_000,
            max_evaluations: usize::MAX,
            ftol: None,
            xtol: None,
            gtol: None,
            callback: None,
        }
    }
}

/// The tolerances a method runs with: the options', or the method's defaults.
#[derive(Clone, Copy, Debug)]
struct Tolerances {
    ftol: f64,
    xtol: f64,
    gtol: f64,
}

impl fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("max_iterations", &self.max_iterations)
            .field("max_evaluations", &self.max_evaluations)
            .field("ftol", &self.ftol)
            .field("xtol", &self.xtol)
            .field("gtol", &self.gtol)
            .field("callback", &self.callback.as_ref().map(|_| "FnMut"))
            .finish()
    }
}

impl<'a> Options<'a> {
    /// Sets [`Options::max_iterations`].
    pub fn with_max_iterations(mut self, n: usize) -> Self {
        self.max_iterations = n;
        self
    }

    /// Sets [`Options::max_evaluations`].
    pub fn with_max_evaluations(mut self, n: usize) -> Self {
        self.max_evaluations = n;
        self
    }

    /// Sets all three tolerances.
    pub fn with_tolerances(mut self, ftol: f64, xtol: f64, gtol: f64) -> Self {
        (self.ftol, self.xtol, self.gtol) = (Some(ftol), Some(xtol), Some(gtol));
        self
    }

    /// Calls `callback` once per iteration with the [`Progress`]; returning
    /// `ControlFlow::Break(())` stops the run with [`Termination::Cancelled`].
    pub fn with_callback(
        mut self,
        callback: impl FnMut(&Progress<'_>) -> ControlFlow<()> + 'a,
    ) -> Self {
        self.callback = Some(Callback(Rc::new(RefCell::new(callback))));
        self
    }

    /// The tolerances to run with, `defaults` for those left at `None`; checked finite
    /// (`<= 0` switches a test off).
    fn tolerances(&self, defaults: Tolerances) -> Result<Tolerances> {
        let mut t = defaults;
        for (name, set, tol) in [
            ("ftol", self.ftol, &mut t.ftol),
            ("xtol", self.xtol, &mut t.xtol),
            ("gtol", self.gtol, &mut t.gtol),
        ] {
            if let Some(v) = set {
                if !v.is_finite() {
                    return Err(Error::NonFinite {
                        name: format!("options.{name}"),
                        value: v,
                    });
                }
                *tol = v;
            }
        }
        Ok(t)
    }

    /// Reports an iteration to the callback; `true` if the caller cancels.
    fn cancelled(&mut self, iteration: usize, evaluations: usize, loss: f64, x: &[f64]) -> bool {
        self.callback.as_ref().is_some_and(|callback| {
            let progress = Progress {
                iteration,
                evaluations,
                loss,
                x,
            };
            callback.0.notify(&progress).is_break()
        })
    }
}

/// Euclidean norm, scaled against overflow and underflow only where the plain sum fails.
fn norm(x: &[f64]) -> f64 {
    let s: f64 = x.iter().map(|v| v * v).sum();
    if s.is_finite() && s > 1e-280 {
        return s.sqrt();
    }
    let big = x.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if big == 0.0 || !big.is_finite() {
        return big;
    }
    big * x.iter().map(|v| (v / big).powi(2)).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_reject_bad_input() {
        assert!(Bounds::new(vec![0.0], vec![1.0, 2.0]).is_err());
        assert!(Bounds::new(vec![1.0], vec![1.0]).is_err());
        assert!(Bounds::new(vec![2.0], vec![1.0]).is_err());
        assert!(Bounds::new(vec![f64::NAN], vec![1.0]).is_err());
        assert!(Bounds::new(vec![f64::INFINITY], vec![f64::INFINITY]).is_err());
        assert!(Bounds::new(vec![f64::NEG_INFINITY], vec![f64::INFINITY]).is_ok());
        let b = Bounds::new(vec![0.0, -1.0], vec![1.0, 1.0]).unwrap();
        assert!(b.start(&[0.5]).is_err());
        assert!(b.start(&[0.5, f64::NAN]).is_err());
        assert_eq!(b.start(&[2.0, -3.0]).unwrap(), vec![1.0, -1.0]);
    }

    #[test]
    fn norm_is_safe_at_extremes() {
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
        assert_eq!(norm(&[]), 0.0);
        assert!((norm(&[3e200, 4e200]) / 5e200 - 1.0).abs() < 1e-15);
        assert!((norm(&[3e-200, 4e-200]) / 5e-200 - 1.0).abs() < 1e-15);
    }
}

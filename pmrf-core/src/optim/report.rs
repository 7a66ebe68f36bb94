//! What an optimiser reports: per iteration ([`Progress`]) and at the end ([`Report`]).

use std::fmt;

/// The state after one iteration, handed to the [`Options`](super::Options) callback.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    /// Iterations done so far (1 at the first call).
    pub iteration: usize,
    /// Evaluations of the residuals or objective so far.
    pub evaluations: usize,
    /// Loss at `x`: `½‖r‖²` for least squares, `f` otherwise.
    pub loss: f64,
    /// The current (best) point.
    pub x: &'a [f64],
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Termination {
    /// The relative reduction of the loss fell below `ftol`.
    Ftol,
    /// The step (or simplex) fell below `xtol` relative to `x`.
    Xtol,
    /// Both the `ftol` and the `xtol` tests held at the same iteration.
    FtolXtol,
    /// The (projected) gradient fell below `gtol`: a stationary point of the box problem.
    Gtol,
    /// No further reduction is possible at machine precision (the tolerances are too small for
    /// this problem). The point is as good as floating point allows.
    Stalled,
    /// `max_iterations` was reached.
    MaxIterations,
    /// `max_evaluations` was reached.
    MaxEvaluations,
    /// The callback returned `ControlFlow::Break`.
    Cancelled,
    /// The closures kept returning NaN or infinite values (or did so for a Jacobian or
    /// gradient): the report holds the best finite point.
    NonFinite,
}

impl Termination {
    /// True for the tolerance tests and [`Termination::Stalled`]: the run ended at a point it
    /// considers a (local) minimum.
    pub fn is_converged(self) -> bool {
        matches!(
            self,
            Termination::Ftol
                | Termination::Xtol
                | Termination::FtolXtol
                | Termination::Gtol
                | Termination::Stalled
        )
    }
}

impl fmt::Display for Termination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Termination::Ftol => "converged: relative reduction of the loss below ftol",
            Termination::Xtol => "converged: relative step below xtol",
            Termination::FtolXtol => "converged: loss reduction below ftol and step below xtol",
            Termination::Gtol => "converged: projected gradient below gtol",
            Termination::Stalled => "converged to machine precision: no further reduction",
            Termination::MaxIterations => "stopped: maximum number of iterations reached",
            Termination::MaxEvaluations => "stopped: maximum number of evaluations reached",
            Termination::Cancelled => "stopped: cancelled by the callback",
            Termination::NonFinite => "stopped: the function returned non-finite values",
        })
    }
}

/// The outcome of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The best point found; always inside the bounds.
    pub x: Vec<f64>,
    /// Loss at `x`: `½‖r(x)‖²` for least squares, `f(x)` otherwise.
    pub loss: f64,
    /// Iterations done (see [`Options::max_iterations`](super::Options::max_iterations)).
    pub iterations: usize,
    /// Evaluations of the residuals or objective, including those of finite differences.
    pub evaluations: usize,
    /// Evaluations of the Jacobian (LM, analytic or by differences) or gradient (L-BFGS);
    /// 0 for Nelder-Mead.
    pub jacobian_evaluations: usize,
    /// Why the run stopped.
    pub termination: Termination,
}

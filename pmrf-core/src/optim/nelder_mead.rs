//! Derivative-free Nelder-Mead simplex search with bounds by reflection and adaptive
//! coefficients.
//!
//! # Method
//! The simplex method of Nelder and Mead (Computer Journal 7, 1965) in the form of Lagarias,
//! Reeds, Wright and Wright (SIAM J. Optim. 9, 1998): reflection, expansion (greedy
//! minimisation), outside and inside contraction, shrink. The coefficients are those of Gao and
//! Han ("Implementing the Nelder-Mead simplex algorithm with adaptive parameters", Comput.
//! Optim. Appl. 51, 2012) for `n > 2`: reflection 1, expansion `1 + 2/n`, contraction
//! `0.75 − 1/(2n)`, shrink `1 − 1/n`; for `n <= 2` the standard 1, 2, ½, ½ (which they equal at
//! `n = 2`).
//!
//! Bounds: a reflected or expanded point that leaves the box is mirrored back at the bound it
//! crossed (and clamped if the image overshoots the opposite bound); contractions and shrinks
//! are convex combinations of feasible points and stay feasible. Mirroring rather than
//! projecting keeps the simplex from collapsing onto a face of the box: a projected reflection
//! followed by a contraction towards it can leave every vertex on the face, away from the
//! optimum. The initial simplex is `x0`
//! and `x0 ± h_i e_i` with `h_i = 0.05 |x0_i|` (`0.00025` at 0, as SciPy), pointing into the box.
//!
//! Restarts: when the simplex has converged it is rebuilt around the best point (same rule as
//! the start) and the search resumes, at most [`MAX_RESTARTS`] times, until a restart no longer
//! lowers the loss by more than `ftol (1 + |f|)`. A degenerate simplex is thereby renewed.
//!
//! # Tolerances (absolute with a relative part, as SciPy's `fatol`/`xatol`)
//! The simplex has converged when both `max_i |f_i − f_best| <= ftol (1 + |f_best|)` and
//! `max_i ‖x_i − x_best‖_∞ <= xtol (1 + ‖x_best‖_∞)` ([`Termination::FtolXtol`]); `gtol` is not
//! used. The defaults are `ftol = 1e-8` and `xtol = 1e-4` (SciPy's `xatol`): along a flat
//! direction of the loss the simplex shrinks only slowly, and a smaller `xtol` spends thousands
//! of iterations there without lowering the loss. A simplex whose vertices agree to rounding (`4 ε` relative) has converged too, as far
//! as floating point allows ([`Termination::Stalled`]). A non-finite value ranks a vertex worst.
//!
//! ```
//! use pmrf::optim::{Bounds, Options, nelder_mead};
//!
//! // A shifted quadratic bowl in 3-D, its minimum (1, -2, 0.5) inside the box.
//! let f = |x: &[f64]| Ok((x[0] - 1.0).powi(2) + 2.0 * (x[1] + 2.0).powi(2) + (x[2] - 0.5).powi(2));
//! let bounds = Bounds::new(vec![-5.0; 3], vec![5.0; 3])?;
//! let options = Options::default().with_tolerances(1e-14, 1e-9, 0.0);
//! let report = nelder_mead(f, &[0.0, 0.0, 0.0], &bounds, options)?;
//! assert!(report.termination.is_converged());
//! assert!((report.x[0] - 1.0).abs() < 1e-6 && (report.x[1] + 2.0).abs() < 1e-6);
//! # Ok::<(), pmrf::Error>(())
//! ```

use super::{Bounds, MAX_NONFINITE, Options, Report, Termination, Tolerances};
use crate::{Error, Result};

/// The tolerances an [`Options`] leaves at `None` run with.
const DEFAULTS: Tolerances = Tolerances {
    ftol: 1e-8,
    xtol: 1e-4,
    gtol: 0.0,
};

/// Restarts of a converged simplex (see the module docs).
pub const MAX_RESTARTS: usize = 10;

/// Minimises `f(x)` over `bounds` from `x0` by Nelder-Mead (see the [module docs](self)).
///
/// # Errors
/// [`Error::ParamCount`] if `x0` and `bounds` differ in length, [`Error::NonFinite`] for a NaN or
/// infinite start or tolerance, [`Error::NonFiniteResult`] if `f(x0)` is not finite, and any
/// error of `f`.
pub fn nelder_mead<F>(
    mut f: F,
    x0: &[f64],
    bounds: &Bounds,
    mut options: Options<'_>,
) -> Result<Report>
where
    F: FnMut(&[f64]) -> Result<f64>,
{
    let tol = options.tolerances(DEFAULTS)?;
    let x = bounds.start(x0)?;
    let n = x.len();
    let f0 = f(&x)?;
    if !f0.is_finite() {
        return Err(Error::NonFiniteResult(format!(
            "the objective at the start is {f0}; the optimiser needs a finite start"
        )));
    }
    let mut search = Search {
        f,
        lo: bounds.lower(),
        hi: bounds.upper(),
        n,
        nfev: 1,
        nonfinite_run: 0,
        max_evaluations: options.max_evaluations,
    };
    if n == 0 {
        return Ok(report(x, f0, 0, 1, Termination::FtolXtol));
    }
    let nf = n as f64;
    let (alpha, beta, gamma, delta) = if n > 2 {
        (1.0, 1.0 + 2.0 / nf, 0.75 - 0.5 / nf, 1.0 - 1.0 / nf)
    } else {
        (1.0, 2.0, 0.5, 0.5)
    };

    // Vertices row by row, their values, and their order by value.
    let mut simplex = vec![0.0; (n + 1) * n];
    let mut fv = vec![0.0; n + 1];
    let mut order: Vec<usize> = (0..=n).collect();
    let (mut c, mut xr, mut xe, mut xc) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    simplex[..n].copy_from_slice(&x);
    fv[0] = f0;
    let mut iterations = 0;
    let mut restarts = 0;
    let mut f_at_restart = f64::INFINITY;

    let termination = 'run: loop {
        // (Re)build the simplex around vertex 0.
        if let Err(stop) = search.build(&mut simplex, &mut fv) {
            break 'run stop?;
        }
        loop {
            order.sort_unstable_by(|&a, &b| fv[a].total_cmp(&fv[b]));
            let (best, worst, second) = (order[0], order[n], order[n - 1]);
            let fb = fv[best];
            let xb = &simplex[best * n..(best + 1) * n];
            let xb_inf = xb.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            let f_spread = fv[worst] - fb;
            let x_spread = (0..=n).fold(0.0_f64, |m, k| {
                let xk = &simplex[k * n..(k + 1) * n];
                xk.iter().zip(xb).fold(m, |m, (a, b)| m.max((a - b).abs()))
            });
            let tolerances =
                f_spread <= tol.ftol * (1.0 + fb.abs()) && x_spread <= tol.xtol * (1.0 + xb_inf);
            // A simplex collapsed to rounding can do no better, whatever the tolerances.
            let collapsed = x_spread <= 4.0 * f64::EPSILON * (1.0 + xb_inf);
            if tolerances || collapsed {
                let improved = f_at_restart - fb > tol.ftol * (1.0 + fb.abs());
                if restarts < MAX_RESTARTS && improved {
                    restarts += 1;
                    f_at_restart = fb;
                    // Move the best vertex to slot 0 and rebuild around it.
                    if best != 0 {
                        for i in 0..n {
                            simplex.swap(i, best * n + i);
                        }
                        fv.swap(0, best);
                    }
                    continue 'run;
                }
                break 'run if tolerances {
                    Termination::FtolXtol
                } else {
                    Termination::Stalled
                };
            }
            if iterations >= options.max_iterations {
                break 'run Termination::MaxIterations;
            }
            iterations += 1;

            // Centroid of all but the worst.
            c.fill(0.0);
            for &k in &order[..n] {
                for (c, v) in c.iter_mut().zip(&simplex[k * n..(k + 1) * n]) {
                    *c += v;
                }
            }
            for v in &mut c {
                *v /= nf;
            }
            let xw = &simplex[worst * n..(worst + 1) * n];
            for i in 0..n {
                xr[i] = mirror(c[i] + alpha * (c[i] - xw[i]), search.lo[i], search.hi[i]);
            }
            let fr = match search.eval(&xr) {
                Ok(v) => v,
                Err(stop) => break 'run stop?,
            };
            let mut shrink = false;
            if fr < fb {
                for i in 0..n {
                    xe[i] = mirror(c[i] + beta * (xr[i] - c[i]), search.lo[i], search.hi[i]);
                }
                let fe = match search.eval(&xe) {
                    Ok(v) => v,
                    Err(stop) => break 'run stop?,
                };
                if fe < fr {
                    set(&mut simplex, &mut fv, n, worst, &xe, fe);
                } else {
                    set(&mut simplex, &mut fv, n, worst, &xr, fr);
                }
            } else if fr < fv[second] {
                set(&mut simplex, &mut fv, n, worst, &xr, fr);
            } else if fr < fv[worst] {
                // Outside contraction.
                for i in 0..n {
                    xc[i] = c[i] + gamma * (xr[i] - c[i]);
                }
                let fc = match search.eval(&xc) {
                    Ok(v) => v,
                    Err(stop) => break 'run stop?,
                };
                if fc <= fr {
                    set(&mut simplex, &mut fv, n, worst, &xc, fc);
                } else {
                    shrink = true;
                }
            } else {
                // Inside contraction.
                for i in 0..n {
                    xc[i] = c[i] + gamma * (xw[i] - c[i]);
                }
                let fc = match search.eval(&xc) {
                    Ok(v) => v,
                    Err(stop) => break 'run stop?,
                };
                if fc < fv[worst] {
                    set(&mut simplex, &mut fv, n, worst, &xc, fc);
                } else {
                    shrink = true;
                }
            }
            if shrink {
                for k in 0..=n {
                    if k == best {
                        continue;
                    }
                    for i in 0..n {
                        let b = simplex[best * n + i];
                        simplex[k * n + i] = b + delta * (simplex[k * n + i] - b);
                    }
                    fv[k] = match search.eval(&simplex[k * n..(k + 1) * n]) {
                        Ok(v) => v,
                        Err(stop) => break 'run stop?,
                    };
                }
            }
            let best = (0..=n).fold(0, |b, k| if fv[k] < fv[b] { k } else { b });
            if options.cancelled(
                iterations,
                search.nfev,
                fv[best],
                &simplex[best * n..(best + 1) * n],
            ) {
                break 'run Termination::Cancelled;
            }
        }
    };
    let best = (0..=n).fold(0, |b, k| if fv[k] < fv[b] { k } else { b });
    let xbest = simplex[best * n..(best + 1) * n].to_vec();
    Ok(report(
        xbest,
        fv[best],
        iterations,
        search.nfev,
        termination,
    ))
}

fn report(
    x: Vec<f64>,
    loss: f64,
    iterations: usize,
    nfev: usize,
    termination: Termination,
) -> Report {
    Report {
        x,
        loss,
        iterations,
        evaluations: nfev,
        jacobian_evaluations: 0,
        termination,
    }
}

/// `v` reflected back into `[lo, hi]` at the bound it crossed (and clamped if the mirror image
/// overshoots the other bound).
fn mirror(v: f64, lo: f64, hi: f64) -> f64 {
    if v > hi {
        (hi - (v - hi)).max(lo)
    } else if v < lo {
        (lo + (lo - v)).min(hi)
    } else {
        v
    }
}

/// Replaces vertex `k` by `x` with value `fx`.
fn set(simplex: &mut [f64], fv: &mut [f64], n: usize, k: usize, x: &[f64], fx: f64) {
    simplex[k * n..(k + 1) * n].copy_from_slice(x);
    fv[k] = fx;
}

/// The objective with its counters: evaluations, non-finite values in a row, the limit.
struct Search<'b, F> {
    f: F,
    lo: &'b [f64],
    hi: &'b [f64],
    n: usize,
    nfev: usize,
    nonfinite_run: usize,
    max_evaluations: usize,
}

/// Why an evaluation stops the run: a termination, or an error of the closure.
type Stop = Result<Termination>;

impl<F: FnMut(&[f64]) -> Result<f64>> Search<'_, F> {
    /// `f(x)`, a non-finite value as `+inf`; `Err` to stop the run.
    fn eval(&mut self, x: &[f64]) -> std::result::Result<f64, Stop> {
        if self.nfev >= self.max_evaluations {
            return Err(Ok(Termination::MaxEvaluations));
        }
        let v = (self.f)(x).map_err(Err)?;
        self.nfev += 1;
        if v.is_finite() {
            self.nonfinite_run = 0;
            Ok(v)
        } else {
            self.nonfinite_run += 1;
            if self.nonfinite_run >= MAX_NONFINITE {
                return Err(Ok(Termination::NonFinite));
            }
            Ok(f64::INFINITY)
        }
    }

    /// Rebuilds vertices 1..=n around vertex 0 and evaluates them.
    fn build(&mut self, simplex: &mut [f64], fv: &mut [f64]) -> std::result::Result<(), Stop> {
        let n = self.n;
        for k in 1..=n {
            let i = k - 1;
            simplex.copy_within(0..n, k * n);
            let x = simplex[i];
            let h = if x == 0.0 { 0.00025 } else { 0.05 * x.abs() };
            let (lo, hi) = (self.lo[i], self.hi[i]);
            simplex[k * n + i] = if x + h <= hi {
                x + h
            } else if x - h >= lo {
                x - h
            } else if hi - x >= x - lo {
                x + 0.5 * (hi - x)
            } else {
                x - 0.5 * (x - lo)
            };
            fv[k] = self.eval(&simplex[k * n..(k + 1) * n])?;
        }
        Ok(())
    }
}

//! The bounded optimisers of `pmrf::optim`: Rosenbrock (free and on bounds), the NIST StRD
//! nonlinear least-squares problems against their certified values, stopping reasons, bad
//! input, and feasibility of every evaluated point over random boxes.
//!
//! Run with `--nocapture` to see iterations, evaluations and the time per solve.

use std::cell::{Cell, RefCell};
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Instant;

use pmrf::Error;
use pmrf::ndarray::{Array2, ArrayViewMut2};
use pmrf::optim::{
    Bounds, LeastSquares, Options, Report, Termination, lbfgsb, levenberg_marquardt, nelder_mead,
};

// ---------------------------------------------------------------------------------------------
// Problems as residuals with a Jacobian; L-BFGS sees f = ‖r‖², g = 2 Jᵀr, Nelder-Mead f.

trait Problem {
    fn m(&self) -> usize;
    fn n(&self) -> usize;
    fn residuals(&self, x: &[f64], r: &mut [f64]);
    fn jacobian(&self, x: &[f64], j: ArrayViewMut2<'_, f64>);

    fn f(&self, x: &[f64]) -> f64 {
        let mut r = vec![0.0; self.m()];
        self.residuals(x, &mut r);
        r.iter().map(|v| v * v).sum()
    }

    fn fg(&self, x: &[f64], g: &mut [f64]) -> f64 {
        let mut r = vec![0.0; self.m()];
        self.residuals(x, &mut r);
        let mut j = Array2::zeros((self.m(), self.n()));
        self.jacobian(x, j.view_mut());
        for (k, g) in g.iter_mut().enumerate() {
            *g = 2.0 * (0..self.m()).map(|i| j[[i, k]] * r[i]).sum::<f64>();
        }
        r.iter().map(|v| v * v).sum()
    }
}

/// The chained Rosenbrock function `Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)²` as `2 (n − 1)`
/// residuals.
struct Rosenbrock(usize);

impl Problem for Rosenbrock {
    fn m(&self) -> usize {
        2 * (self.0 - 1)
    }
    fn n(&self) -> usize {
        self.0
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        for i in 0..self.0 - 1 {
            r[2 * i] = 10.0 * (x[i + 1] - x[i] * x[i]);
            r[2 * i + 1] = 1.0 - x[i];
        }
    }
    fn jacobian(&self, x: &[f64], mut j: ArrayViewMut2<'_, f64>) {
        for i in 0..self.0 - 1 {
            j[[2 * i, i]] = -20.0 * x[i];
            j[[2 * i, i + 1]] = 10.0;
            j[[2 * i + 1, i]] = -1.0;
        }
    }
}

/// The extended (separable) Rosenbrock function of Moré, Garbow and Hillstrom (1981): `n / 2`
/// independent 2-D Rosenbrock pairs.
struct ExtendedRosenbrock(usize);

impl Problem for ExtendedRosenbrock {
    fn m(&self) -> usize {
        self.0
    }
    fn n(&self) -> usize {
        self.0
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        for p in 0..self.0 / 2 {
            let (a, b) = (x[2 * p], x[2 * p + 1]);
            r[2 * p] = 10.0 * (b - a * a);
            r[2 * p + 1] = 1.0 - a;
        }
    }
    fn jacobian(&self, x: &[f64], mut j: ArrayViewMut2<'_, f64>) {
        for p in 0..self.0 / 2 {
            j[[2 * p, 2 * p]] = -20.0 * x[2 * p];
            j[[2 * p, 2 * p + 1]] = 10.0;
            j[[2 * p + 1, 2 * p]] = -1.0;
        }
    }
}

fn run_lm<P: Problem>(p: &P, x0: &[f64], bounds: &Bounds, options: Options<'_>) -> Report {
    let problem = LeastSquares::new(p.m(), |x: &[f64], r: &mut [f64]| {
        assert!(
            bounds.contains(x),
            "residuals evaluated outside the bounds at {x:?}"
        );
        p.residuals(x, r);
        Ok(())
    })
    .with_jacobian(|x: &[f64], j: ArrayViewMut2<'_, f64>| {
        assert!(
            bounds.contains(x),
            "Jacobian evaluated outside the bounds at {x:?}"
        );
        p.jacobian(x, j);
        Ok(())
    });
    let report = levenberg_marquardt(problem, x0, bounds, options).unwrap();
    assert!(bounds.contains(&report.x));
    report
}

fn run_lbfgs<P: Problem>(p: &P, x0: &[f64], bounds: &Bounds, options: Options<'_>) -> Report {
    let fg = |x: &[f64], g: &mut [f64]| {
        assert!(
            bounds.contains(x),
            "objective evaluated outside the bounds at {x:?}"
        );
        Ok(p.fg(x, g))
    };
    let report = lbfgsb(fg, x0, bounds, options).unwrap();
    assert!(bounds.contains(&report.x));
    report
}

fn run_nm<P: Problem>(p: &P, x0: &[f64], bounds: &Bounds, options: Options<'_>) -> Report {
    let f = |x: &[f64]| {
        assert!(
            bounds.contains(x),
            "objective evaluated outside the bounds at {x:?}"
        );
        Ok(p.f(x))
    };
    let report = nelder_mead(f, x0, bounds, options).unwrap();
    assert!(bounds.contains(&report.x));
    report
}

/// Runs `solve`, prints a one-line summary with the time per solve, returns the report.
/// Asserts that `report` converged to within `tol` of `target` (largest component), printing
/// the deviation.
fn assert_at(report: &Report, target: &[f64], tol: f64) {
    assert!(report.termination.is_converged(), "{report:?}");
    let dev = max_dev(&report.x, target);
    eprintln!("    max |x - x*| = {dev:.1e}");
    assert!(dev < tol, "{:?}", report.x);
}

fn timed(label: &str, solve: impl Fn() -> Report) -> Report {
    let start = Instant::now();
    let report = solve();
    let once = start.elapsed();
    // Repeat short solves for a steadier figure.
    let reps = (0.05 / once.as_secs_f64().max(1e-7)).clamp(1.0, 200.0) as u32;
    let start = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(solve());
    }
    let per = start.elapsed() / reps;
    eprintln!(
        "{label:<34} {:>5} it {:>6} ev {:>5} jac  {:>10.1?}/solve  {:?}",
        report.iterations, report.evaluations, report.jacobian_evaluations, per, report.termination
    );
    report
}

fn max_dev(x: &[f64], target: &[f64]) -> f64 {
    x.iter()
        .zip(target)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max)
}

/// The standard start of the chained Rosenbrock function: (−1.2, 1, −1.2, 1, …) — in 2-D the
/// classic (−1.2, 1).
fn rosen_start(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

fn tight() -> Options<'static> {
    Options::default().with_tolerances(1e-15, 1e-15, 1e-15)
}

// ---------------------------------------------------------------------------------------------
// Rosenbrock, unconstrained.

#[test]
fn rosenbrock_unbounded_all_methods() {
    for n in [2, 10] {
        let p = Rosenbrock(n);
        let x0 = rosen_start(n);
        let ones = vec![1.0; n];
        let free = Bounds::unbounded(n);

        let lm = timed(&format!("LM rosenbrock {n}-D"), || {
            run_lm(&p, &x0, &free, tight())
        });
        assert_at(&lm, &ones, 1e-8);

        let lb = timed(&format!("L-BFGS rosenbrock {n}-D"), || {
            run_lbfgs(
                &p,
                &x0,
                &free,
                Options::default().with_tolerances(0.0, 0.0, 1e-12),
            )
        });
        assert_at(&lb, &ones, 1e-8);

        let nm = timed(&format!("Nelder-Mead rosenbrock {n}-D"), || {
            run_nm(
                &p,
                &x0,
                &free,
                Options::default().with_tolerances(1e-16, 1e-10, 0.0),
            )
        });
        assert_at(&nm, &ones, 1e-5);
    }
}

// ---------------------------------------------------------------------------------------------
// Rosenbrock with the optimum on a bound.

/// 2-D with `x0 <= 0.5`: `f >= (1 − x0)² >= 1/4`, attained at (0.5, 0.25) only.
#[test]
fn rosenbrock_on_upper_bound() {
    let p = Rosenbrock(2);
    let bounds = Bounds::new(vec![f64::NEG_INFINITY; 2], vec![0.5, f64::INFINITY]).unwrap();
    let target = [0.5, 0.25];
    let lm = timed("LM rosenbrock 2-D, x0 <= 0.5", || {
        run_lm(&p, &[-1.2, 1.0], &bounds, tight())
    });
    assert_at(&lm, &target, 1e-8);
    assert!((lm.loss - 0.125).abs() < 1e-14); // ½ f
    let lb = timed("L-BFGS rosenbrock 2-D, x0 <= 0.5", || {
        run_lbfgs(
            &p,
            &[-1.2, 1.0],
            &bounds,
            Options::default().with_tolerances(0.0, 0.0, 1e-12),
        )
    });
    assert_at(&lb, &target, 1e-8);
    assert!((lb.loss - 0.25).abs() < 1e-14);
    let nm = timed("Nelder-Mead rosenbrock 2-D, x0 <= 0.5", || {
        run_nm(
            &p,
            &[-1.2, 1.0],
            &bounds,
            Options::default().with_tolerances(1e-16, 1e-10, 0.0),
        )
    });
    assert_at(&nm, &target, 1e-5);
}

/// 10-D extended Rosenbrock with alternating bounds on the first variable of each pair:
/// `a <= 0.5` gives (0.5, 0.25) with `f = 1/4`; `a >= 1.2` gives (1.2, 1.44) with `f = 0.04`
/// (`(1 − a)²` grows away from 1 and `b = a²` zeroes the other term). The first pair starts on
/// the wrong side of nothing, the others from the standard (−1.2, 1) where feasible.
#[test]
fn extended_rosenbrock_on_both_kinds_of_bound() {
    let n = 10;
    let p = ExtendedRosenbrock(n);
    let mut lower = vec![f64::NEG_INFINITY; n];
    let mut upper = vec![f64::INFINITY; n];
    let mut target = vec![0.0; n];
    let mut x0 = vec![0.0; n];
    for k in 0..n / 2 {
        if k % 2 == 0 {
            upper[2 * k] = 0.5;
            (target[2 * k], target[2 * k + 1]) = (0.5, 0.25);
            (x0[2 * k], x0[2 * k + 1]) = (-1.2, 1.0);
        } else {
            lower[2 * k] = 1.2;
            (target[2 * k], target[2 * k + 1]) = (1.2, 1.44);
            (x0[2 * k], x0[2 * k + 1]) = (2.0, 1.0);
        }
    }
    let f_min = 3.0 * 0.25 + 2.0 * 0.04;
    let bounds = Bounds::new(lower, upper).unwrap();
    let lm = timed("LM ext. rosenbrock 10-D, bounds", || {
        run_lm(&p, &x0, &bounds, tight())
    });
    assert_at(&lm, &target, 1e-8);
    assert!((2.0 * lm.loss - f_min).abs() < 1e-13);
    let lb = timed("L-BFGS ext. rosenbrock 10-D, bounds", || {
        run_lbfgs(
            &p,
            &x0,
            &bounds,
            Options::default().with_tolerances(0.0, 0.0, 1e-12),
        )
    });
    assert_at(&lb, &target, 1e-8);
    assert!((lb.loss - f_min).abs() < 1e-13);
    let nm = timed("Nelder-Mead ext. rosenbrock 10-D, bounds", || {
        // Vertices pinned on the faces of the box leave a flat simplex: slower than in the open.
        let options = Options::default().with_tolerances(1e-16, 1e-10, 0.0);
        run_nm(&p, &x0, &bounds, options.with_max_iterations(100_000))
    });
    assert_at(&nm, &target, 1e-5);
}

// ---------------------------------------------------------------------------------------------
// NIST StRD nonlinear least squares (tests/data/nist, see its README).

struct Nist {
    name: &'static str,
    starts: [Vec<f64>; 2],
    certified: Vec<f64>,
    ssr: f64,
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Nist {
    /// Parses a StRD `.dat` file: start values, certified values, the certified residual sum
    /// of squares and the data.
    fn load(name: &'static str) -> Nist {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/nist/{name}.dat"));
        let text = std::fs::read_to_string(path).unwrap();
        let (mut starts, mut certified) = ([vec![], vec![]], vec![]);
        let (mut ssr, mut x, mut y) = (f64::NAN, vec![], vec![]);
        let mut in_data = false;
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if in_data {
                if let [yv, xv] = words[..] {
                    y.push(yv.parse().unwrap());
                    x.push(xv.parse().unwrap());
                }
            } else if words.len() == 6 && words[0].starts_with('b') && words[1] == "=" {
                starts[0].push(words[2].parse().unwrap());
                starts[1].push(words[3].parse().unwrap());
                certified.push(words[4].parse().unwrap());
            } else if line.starts_with("Residual Sum of Squares:") {
                ssr = words[4].parse().unwrap();
            } else if words[..] == ["Data:", "y", "x"] {
                in_data = true;
            }
        }
        assert!(ssr.is_finite() && !x.is_empty() && certified.len() == starts[0].len());
        Nist {
            name,
            starts,
            certified,
            ssr,
            x,
            y,
        }
    }

    /// The model value at `x` and its gradient in `b` (written to `d`).
    fn model(&self, b: &[f64], x: f64, d: &mut [f64]) -> f64 {
        match self.name {
            "Misra1a" | "BoxBOD" => {
                let e = (-b[1] * x).exp();
                d[0] = 1.0 - e;
                d[1] = b[0] * x * e;
                b[0] * (1.0 - e)
            }
            "Thurber" => {
                let num = b[0] + x * (b[1] + x * (b[2] + x * b[3]));
                let den = 1.0 + x * (b[4] + x * (b[5] + x * b[6]));
                let q = num / den;
                // ∂/∂b1..b4 = x^k / den, ∂/∂b5..b7 = −q x^k / den (k = 1..3).
                let mut xk = 1.0;
                for k in 0..4 {
                    d[k] = xk / den;
                    if k > 0 {
                        d[3 + k] = -q * xk / den;
                    }
                    xk *= x;
                }
                q
            }
            "MGH09" => {
                let num = x * x + x * b[1];
                let den = x * x + x * b[2] + b[3];
                d[0] = num / den;
                d[1] = b[0] * x / den;
                d[2] = -b[0] * num * x / (den * den);
                d[3] = -b[0] * num / (den * den);
                b[0] * num / den
            }
            "MGH10" => {
                let e = (b[1] / (x + b[2])).exp();
                d[0] = e;
                d[1] = b[0] * e / (x + b[2]);
                d[2] = -b[0] * e * b[1] / (x + b[2]).powi(2);
                b[0] * e
            }
            "Eckerle4" => {
                let u = (x - b[2]) / b[1];
                let e = (-0.5 * u * u).exp();
                d[0] = e / b[1];
                d[1] = b[0] * e * (u * u - 1.0) / (b[1] * b[1]);
                d[2] = b[0] * e * u / (b[1] * b[1]);
                b[0] / b[1] * e
            }
            "Rat42" => {
                let e = (b[1] - b[2] * x).exp();
                let w = 1.0 + e;
                d[0] = 1.0 / w;
                d[1] = -b[0] * e / (w * w);
                d[2] = b[0] * x * e / (w * w);
                b[0] / w
            }
            "Rat43" => {
                let e = (b[1] - b[2] * x).exp();
                let w = 1.0 + e;
                let p = w.powf(-1.0 / b[3]);
                d[0] = p;
                d[1] = -b[0] * p * e / (w * b[3]);
                d[2] = b[0] * p * e * x / (w * b[3]);
                d[3] = b[0] * p * w.ln() / (b[3] * b[3]);
                b[0] * p
            }
            "Bennett5" => {
                let p = (b[1] + x).powf(-1.0 / b[2]);
                d[0] = p;
                d[1] = -b[0] * p / (b[2] * (b[1] + x));
                d[2] = b[0] * p * (b[1] + x).ln() / (b[2] * b[2]);
                b[0] * p
            }
            other => panic!("no model for {other}"),
        }
    }
}

impl Problem for Nist {
    fn m(&self) -> usize {
        self.x.len()
    }
    fn n(&self) -> usize {
        self.certified.len()
    }
    fn residuals(&self, b: &[f64], r: &mut [f64]) {
        let mut d = [0.0; 7];
        for ((r, &x), &y) in r.iter_mut().zip(&self.x).zip(&self.y) {
            *r = self.model(b, x, &mut d) - y;
        }
    }
    fn jacobian(&self, b: &[f64], mut j: ArrayViewMut2<'_, f64>) {
        let mut d = [0.0; 7];
        for (i, &x) in self.x.iter().enumerate() {
            self.model(b, x, &mut d);
            for k in 0..self.n() {
                j[[i, k]] = d[k];
            }
        }
    }
}

/// Log relative error, the StRD measure of agreement in significant digits (capped at 15).
fn lre(value: f64, certified: f64) -> f64 {
    let rel = ((value - certified) / certified).abs();
    if rel == 0.0 {
        15.0
    } else {
        (-rel.log10()).min(15.0)
    }
}

/// The data sets solved from both starts: two of lower, the others of higher difficulty.
const NIST: [&str; 9] = [
    "Misra1a", "Thurber", "MGH09", "BoxBOD", "Eckerle4", "Rat43", "Rat42", "MGH10", "Bennett5",
];

#[test]
fn nist_jacobians_match_central_differences() {
    for name in NIST {
        let p = Nist::load(name);
        for b in [&p.starts[0], &p.starts[1], &p.certified] {
            let mut j = Array2::zeros((p.m(), p.n()));
            p.jacobian(b, j.view_mut());
            for k in 0..p.n() {
                let h = 1e-6 * b[k].abs();
                let (mut up, mut down) = (b.clone(), b.clone());
                up[k] += h;
                down[k] -= h;
                let (mut ru, mut rd) = (vec![0.0; p.m()], vec![0.0; p.m()]);
                p.residuals(&up, &mut ru);
                p.residuals(&down, &mut rd);
                let scale = j.column(k).iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                for i in 0..p.m() {
                    let fd = (ru[i] - rd[i]) / (2.0 * h);
                    assert!(
                        (fd - j[[i, k]]).abs() <= 1e-6 * scale,
                        "{name} d r{i}/d b{k}: {} vs {fd}",
                        j[[i, k]]
                    );
                }
            }
        }
    }
}

/// Solves `p` from start `s` by LM and returns (min LRE of the parameters, LRE of the SSR).
fn lm_nist(p: &Nist, s: usize, analytic: bool) -> (f64, f64, Report) {
    let bounds = Bounds::unbounded(p.n());
    let label = format!(
        "LM{} {} start {}",
        if analytic { "" } else { " (fd)" },
        p.name,
        s + 1
    );
    let report = timed(&label, || {
        if analytic {
            run_lm(p, &p.starts[s], &bounds, tight())
        } else {
            let problem = LeastSquares::new(p.m(), |x: &[f64], r: &mut [f64]| {
                p.residuals(x, r);
                Ok(())
            });
            levenberg_marquardt(problem, &p.starts[s], &bounds, tight()).unwrap()
        }
    });
    let params = (report.x.iter().zip(&p.certified))
        .map(|(&v, &c)| lre(v, c))
        .fold(15.0, f64::min);
    let ssr = lre(2.0 * report.loss, p.ssr);
    eprintln!("    LRE: parameters {params:.1}, residual sum of squares {ssr:.1}");
    (params, ssr, report)
}

#[test]
fn nist_strd_levenberg_marquardt() {
    let mut failures = vec![];
    for name in NIST {
        let p = Nist::load(name);
        for s in 0..2 {
            let (params, ssr, report) = lm_nist(&p, s, true);
            if !(report.termination.is_converged() && params >= 6.0 && ssr >= 9.0) {
                failures.push(format!(
                    "{name} start {}: LRE {params:.1}/{ssr:.1} {report:?}",
                    s + 1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Forward differences instead of the Jacobian still reach the certified values.
#[test]
fn nist_strd_levenberg_marquardt_forward_differences() {
    for name in ["Misra1a", "Thurber", "Rat43"] {
        let p = Nist::load(name);
        for s in 0..2 {
            let (params, ssr, report) = lm_nist(&p, s, false);
            assert!(report.termination.is_converged(), "{report:?}");
            assert!(params >= 6.0 && ssr >= 9.0, "{name} {s}: {params} {ssr}");
            assert!(report.evaluations > report.jacobian_evaluations * p.n());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stopping reasons.

#[test]
fn max_iterations_is_reported() {
    let p = Rosenbrock(2);
    let free = Bounds::unbounded(2);
    let x0 = [-1.2, 1.0];
    let lm = run_lm(&p, &x0, &free, tight().with_max_iterations(3));
    assert_eq!(
        (lm.termination, lm.iterations),
        (Termination::MaxIterations, 3)
    );
    assert_eq!(lm.jacobian_evaluations, 3);
    let lb = run_lbfgs(&p, &x0, &free, tight().with_max_iterations(3));
    assert_eq!(
        (lb.termination, lb.iterations),
        (Termination::MaxIterations, 3)
    );
    let nm = run_nm(&p, &x0, &free, tight().with_max_iterations(3));
    assert_eq!(
        (nm.termination, nm.iterations),
        (Termination::MaxIterations, 3)
    );
    // The best point so far, better than the start.
    assert!((lm.loss - 0.5 * p.f(&lm.x)).abs() < 1e-15 && lm.loss < 0.5 * p.f(&x0));
    assert!(lb.loss == p.f(&lb.x) && lb.loss < p.f(&x0));
    assert!(nm.loss == p.f(&nm.x) && nm.loss < p.f(&x0));
}

#[test]
fn max_evaluations_is_reported() {
    let p = Rosenbrock(2);
    let free = Bounds::unbounded(2);
    let x0 = [-1.2, 1.0];
    for limit in [1, 7] {
        let lm = run_lm(&p, &x0, &free, tight().with_max_evaluations(limit));
        let lb = run_lbfgs(&p, &x0, &free, tight().with_max_evaluations(limit));
        let nm = run_nm(&p, &x0, &free, tight().with_max_evaluations(limit));
        for r in [lm, lb, nm] {
            assert_eq!(r.termination, Termination::MaxEvaluations, "{r:?}");
            assert!(r.evaluations <= limit, "{r:?}");
        }
    }
}

#[test]
fn callback_sees_every_iteration_and_can_cancel() {
    let p = Rosenbrock(2);
    let free = Bounds::unbounded(2);
    let x0 = [-1.2, 1.0];
    type Run = fn(&Rosenbrock, &[f64], &Bounds, Options<'_>) -> Report;
    let runs: [(&str, Run); 3] = [
        ("LM", run_lm),
        ("L-BFGS", run_lbfgs),
        ("Nelder-Mead", run_nm),
    ];
    for (name, run) in runs {
        let seen = RefCell::new(vec![]);
        let options = tight().with_callback(|progress| {
            assert!(progress.loss.is_finite() && progress.x.len() == 2);
            seen.borrow_mut()
                .push((progress.iteration, progress.evaluations, progress.loss));
            if progress.iteration == 5 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        let report = run(&p, &x0, &free, options);
        let seen = seen.into_inner();
        assert_eq!(report.termination, Termination::Cancelled, "{name}");
        assert_eq!(report.iterations, 5, "{name}");
        assert_eq!(
            seen.iter().map(|s| s.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5],
            "{name}"
        );
        // Evaluations grow, the best loss never rises, and the report is the last state.
        assert!(
            seen.windows(2).all(|w| w[1].1 > w[0].1 && w[1].2 <= w[0].2),
            "{name}: {seen:?}"
        );
        assert_eq!(
            (report.evaluations, report.loss),
            (seen[4].1, seen[4].2),
            "{name}"
        );
    }
}

/// After `k` finite evaluations the closures return NaN forever: each method stops with
/// `NonFinite` and the best finite point it had.
#[test]
fn nan_from_the_closure_stops_cleanly() {
    let p = Rosenbrock(2);
    let free = Bounds::unbounded(2);
    let x0 = [-1.2, 1.0];
    let k = 12;

    let calls = Cell::new(0);
    let broken = |x: &[f64]| {
        calls.set(calls.get() + 1);
        calls.get() > k || x.iter().any(|v| !v.is_finite())
    };
    let problem = LeastSquares::new(p.m(), |x: &[f64], r: &mut [f64]| {
        p.residuals(x, r);
        if broken(x) {
            r[0] = f64::NAN;
        }
        Ok(())
    })
    .with_jacobian(|x: &[f64], j: ArrayViewMut2<'_, f64>| {
        p.jacobian(x, j);
        Ok(())
    });
    let lm = levenberg_marquardt(problem, &x0, &free, tight()).unwrap();
    assert_eq!(lm.termination, Termination::NonFinite, "{lm:?}");
    assert!(lm.x.iter().all(|v| v.is_finite()));
    assert!((lm.loss - 0.5 * p.f(&lm.x)).abs() < 1e-15 && lm.loss < 0.5 * p.f(&x0));

    calls.set(0);
    let fg = |x: &[f64], g: &mut [f64]| Ok(if broken(x) { f64::NAN } else { p.fg(x, g) });
    let lb = lbfgsb(fg, &x0, &free, tight()).unwrap();
    assert_eq!(lb.termination, Termination::NonFinite, "{lb:?}");
    assert!(lb.loss == p.f(&lb.x) && lb.loss < p.f(&x0));

    calls.set(0);
    let f = |x: &[f64]| Ok(if broken(x) { f64::NAN } else { p.f(x) });
    let nm = nelder_mead(f, &x0, &free, tight()).unwrap();
    assert_eq!(nm.termination, Termination::NonFinite, "{nm:?}");
    assert!(nm.loss == p.f(&nm.x) && nm.loss < p.f(&x0));

    // A NaN Jacobian at an accepted point stops LM at that point.
    let problem = LeastSquares::new(p.m(), |x: &[f64], r: &mut [f64]| {
        p.residuals(x, r);
        Ok(())
    })
    .with_jacobian(|x: &[f64], mut j: ArrayViewMut2<'_, f64>| {
        p.jacobian(x, j.view_mut());
        if x != x0 {
            j[[0, 0]] = f64::NAN;
        }
        Ok(())
    });
    let lm = levenberg_marquardt(problem, &x0, &free, tight()).unwrap();
    assert_eq!(
        (lm.termination, lm.jacobian_evaluations),
        (Termination::NonFinite, 2)
    );
    assert!(lm.loss < 0.5 * p.f(&x0));
}

/// Regions where the function is undefined are stepped around, not stopped at: a trial that
/// returns NaN counts as a failed step.
#[test]
fn occasional_nan_is_a_failed_trial() {
    let p = Rosenbrock(2);
    let free = Bounds::unbounded(2);
    // NaN wherever x1 > 1.5 (the path from (−1.2, 1) does not need it).
    let undefined = |x: &[f64]| x[1] > 1.5;
    let problem = LeastSquares::new(p.m(), |x: &[f64], r: &mut [f64]| {
        p.residuals(x, r);
        if undefined(x) {
            r.fill(f64::NAN);
        }
        Ok(())
    })
    .with_jacobian(|x: &[f64], j: ArrayViewMut2<'_, f64>| {
        p.jacobian(x, j);
        Ok(())
    });
    let lm = levenberg_marquardt(problem, &[-1.2, 1.0], &free, tight()).unwrap();
    assert!(lm.termination.is_converged(), "{lm:?}");
    assert!(max_dev(&lm.x, &[1.0, 1.0]) < 1e-8);
    let fg = |x: &[f64], g: &mut [f64]| Ok(if undefined(x) { f64::NAN } else { p.fg(x, g) });
    let lb = lbfgsb(
        fg,
        &[-1.2, 1.0],
        &free,
        Options::default().with_tolerances(0.0, 0.0, 1e-12),
    )
    .unwrap();
    assert!(lb.termination.is_converged(), "{lb:?}");
    assert!(max_dev(&lb.x, &[1.0, 1.0]) < 1e-8);
    let f = |x: &[f64]| Ok(if undefined(x) { f64::NAN } else { p.f(x) });
    let nm = nelder_mead(
        f,
        &[-1.2, 1.0],
        &free,
        Options::default().with_tolerances(1e-16, 1e-10, 0.0),
    )
    .unwrap();
    assert!(nm.termination.is_converged(), "{nm:?}");
    assert!(max_dev(&nm.x, &[1.0, 1.0]) < 1e-5);
}

// ---------------------------------------------------------------------------------------------
// Bad input is an error, errors of the closures propagate unchanged.

#[test]
fn bad_input_is_an_error() {
    let two = Bounds::unbounded(2);
    let r = |x: &[f64], r: &mut [f64]| {
        r[0] = x[0];
        r[1] = x[1];
        Ok(())
    };
    let f = |x: &[f64]| Ok(x[0] * x[0] + x[1] * x[1]);
    let fg = |x: &[f64], g: &mut [f64]| {
        g[0] = 2.0 * x[0];
        g[1] = 2.0 * x[1];
        Ok(x[0] * x[0] + x[1] * x[1])
    };
    let lm = |x0: &[f64], b: &Bounds, o: Options<'_>| {
        levenberg_marquardt(LeastSquares::new(2, r), x0, b, o)
    };

    // Mismatched lengths.
    let count = Error::ParamCount {
        expected: 2,
        got: 3,
    };
    assert_eq!(lm(&[1.0; 3], &two, Options::default()), Err(count.clone()));
    assert_eq!(
        lbfgsb(fg, &[1.0; 3], &two, Options::default()),
        Err(count.clone())
    );
    assert_eq!(
        nelder_mead(f, &[1.0; 3], &two, Options::default()),
        Err(count)
    );
    assert!(matches!(
        Bounds::new(vec![0.0; 2], vec![1.0; 3]),
        Err(Error::Shape(_))
    ));
    // lower > upper, NaN bounds.
    assert!(matches!(
        Bounds::new(vec![0.0, 2.0], vec![1.0, 1.0]),
        Err(Error::InvalidBounds { .. })
    ));
    assert!(matches!(
        Bounds::new(vec![f64::NAN], vec![1.0]),
        Err(Error::InvalidBounds { .. })
    ));
    // NaN or infinite start.
    for bad in [f64::NAN, f64::INFINITY] {
        let e = |r: Result<Report, Error>| matches!(r, Err(Error::NonFinite { .. }));
        assert!(e(lm(&[0.0, bad], &two, Options::default())));
        assert!(e(lbfgsb(fg, &[bad, 0.0], &two, Options::default())));
        assert!(e(nelder_mead(f, &[bad, 0.0], &two, Options::default())));
    }
    // Bad tolerances.
    let nan_tol = Options {
        ftol: Some(f64::NAN),
        ..Options::default()
    };
    assert!(matches!(
        lm(&[1.0, 1.0], &two, nan_tol),
        Err(Error::NonFinite { .. })
    ));
    let infinite = Options {
        gtol: Some(f64::INFINITY),
        ..Options::default()
    };
    assert!(matches!(
        lbfgsb(fg, &[1.0, 1.0], &two, infinite),
        Err(Error::NonFinite { .. })
    ));
    // A negative tolerance switches its test off, like 0.
    let off = Options::default().with_tolerances(-1.0, -1.0, -1.0);
    let report = lbfgsb(fg, &[1.0, 1.0], &two, off.with_max_iterations(50)).unwrap();
    assert!(report.x.iter().all(|x| x.abs() < 1e-12), "{report:?}");
    // No residuals.
    let none = LeastSquares::new(0, |_: &[f64], _: &mut [f64]| Ok(()));
    assert!(matches!(
        levenberg_marquardt(none, &[1.0, 1.0], &two, Options::default()),
        Err(Error::Shape(_))
    ));
    // A non-finite start value.
    let nan_r = LeastSquares::new(1, |_: &[f64], r: &mut [f64]| {
        r[0] = f64::NAN;
        Ok(())
    });
    assert!(matches!(
        levenberg_marquardt(nan_r, &[1.0, 1.0], &two, Options::default()),
        Err(Error::NonFiniteResult(_))
    ));
    let nan_f = |_: &[f64]| Ok(f64::NAN);
    assert!(matches!(
        nelder_mead(nan_f, &[1.0, 1.0], &two, Options::default()),
        Err(Error::NonFiniteResult(_))
    ));
    let nan_g = |_: &[f64], g: &mut [f64]| {
        g[0] = f64::NAN;
        Ok(1.0)
    };
    assert!(matches!(
        lbfgsb(nan_g, &[1.0, 1.0], &two, Options::default()),
        Err(Error::NonFiniteResult(_))
    ));
}

#[test]
fn closure_errors_propagate() {
    let two = Bounds::unbounded(2);
    let boom = Error::InvalidNetwork("singular at this point".into());
    let calls = Cell::new(0);
    // Fails on the third evaluation.
    let fail = || {
        calls.set(calls.get() + 1);
        if calls.get() == 3 {
            Err(boom.clone())
        } else {
            Ok(())
        }
    };
    let problem = LeastSquares::new(2, |x: &[f64], r: &mut [f64]| {
        fail()?;
        r.copy_from_slice(x);
        Ok(())
    });
    assert_eq!(
        levenberg_marquardt(problem, &[1.0, 2.0], &two, Options::default()),
        Err(boom.clone())
    );
    calls.set(0);
    let fg = |x: &[f64], g: &mut [f64]| {
        fail()?;
        g.copy_from_slice(x);
        Ok(0.5 * (x[0] * x[0] + x[1] * x[1]))
    };
    assert_eq!(
        lbfgsb(fg, &[1.0, 2.0], &two, Options::default()),
        Err(boom.clone())
    );
    calls.set(0);
    let f = |x: &[f64]| {
        fail()?;
        Ok(x[0] * x[0] + x[1] * x[1])
    };
    assert_eq!(
        nelder_mead(f, &[1.0, 2.0], &two, Options::default()),
        Err(boom.clone())
    );
    // A Jacobian's error too.
    let problem = LeastSquares::new(2, |x: &[f64], r: &mut [f64]| {
        r.copy_from_slice(x);
        Ok(())
    })
    .with_jacobian(|_: &[f64], _: ArrayViewMut2<'_, f64>| Err(boom.clone()));
    assert_eq!(
        levenberg_marquardt(problem, &[1.0, 2.0], &two, Options::default()),
        Err(boom)
    );
}

/// Fewer residuals than parameters: LM pads the QR with zero rows and finds a zero of the
/// residuals (here the line `x0 + 2 x1 = 3` in the box, from a start off it).
#[test]
fn underdetermined_least_squares() {
    let bounds = Bounds::new(vec![0.0, 0.0], vec![10.0, 1.0]).unwrap();
    let problem = LeastSquares::new(1, |x: &[f64], r: &mut [f64]| {
        r[0] = x[0] + 2.0 * x[1] - 3.0;
        Ok(())
    })
    .with_jacobian(|_: &[f64], mut j: ArrayViewMut2<'_, f64>| {
        j[[0, 0]] = 1.0;
        j[[0, 1]] = 2.0;
        Ok(())
    });
    let report = levenberg_marquardt(problem, &[8.0, 0.9], &bounds, tight()).unwrap();
    assert!(report.termination.is_converged(), "{report:?}");
    assert!(bounds.contains(&report.x));
    assert!(
        (report.x[0] + 2.0 * report.x[1] - 3.0).abs() < 1e-12,
        "{report:?}"
    );
}

/// A start outside the box is projected onto it, and a problem with nothing free is solved at
/// once.
#[test]
fn start_outside_is_projected() {
    let bounds = Bounds::new(vec![0.0, 0.0], vec![1.0, 1.0]).unwrap();
    let seen = RefCell::new(vec![]);
    let f = |x: &[f64]| {
        seen.borrow_mut().push(x.to_vec());
        Ok((x[0] - 2.0).powi(2) + (x[1] + 1.0).powi(2))
    };
    let report = nelder_mead(f, &[5.0, -3.0], &bounds, tight()).unwrap();
    assert_eq!(seen.borrow()[0], [1.0, 0.0]);
    assert!(max_dev(&report.x, &[1.0, 0.0]) < 1e-8, "{report:?}");
    let none = lbfgsb(
        |_: &[f64], _: &mut [f64]| Ok(3.0),
        &[],
        &Bounds::unbounded(0),
        tight(),
    )
    .unwrap();
    assert!(none.termination.is_converged() && none.x.is_empty() && none.loss == 3.0);
}

// ---------------------------------------------------------------------------------------------
// Feasibility and the optimum over random boxes.

mod random_boxes {
    use super::*;
    use proptest::prelude::*;

    /// `Σ w_i (x_i − c_i)² + coupling`, with residuals `√w_i (x_i − c_i)` and, for the
    /// nonlinear variant, `0.5 sin(x_0 x_{n−1})`.
    struct Bowl {
        w: Vec<f64>,
        c: Vec<f64>,
        nonlinear: bool,
    }

    impl Problem for Bowl {
        fn m(&self) -> usize {
            self.c.len() + 1
        }
        fn n(&self) -> usize {
            self.c.len()
        }
        fn residuals(&self, x: &[f64], r: &mut [f64]) {
            let n = self.n();
            for i in 0..n {
                r[i] = self.w[i].sqrt() * (x[i] - self.c[i]);
            }
            r[n] = if self.nonlinear {
                0.5 * (x[0] * x[n - 1]).sin()
            } else {
                0.0
            };
        }
        fn jacobian(&self, x: &[f64], mut j: ArrayViewMut2<'_, f64>) {
            let n = self.n();
            for i in 0..n {
                j[[i, i]] = self.w[i].sqrt();
            }
            if self.nonlinear {
                let c = 0.5 * (x[0] * x[n - 1]).cos();
                j[[n, 0]] += c * x[n - 1];
                j[[n, n - 1]] += c * x[0];
            }
        }
    }

    /// Per variable: lower bound, width, centre, start, weight.
    type Var = (f64, f64, f64, f64, f64);

    fn case() -> impl Strategy<Value = (Vec<Var>, bool)> {
        let var = (-5.0..5.0, 0.1..10.0, -10.0..10.0, -15.0..15.0, 0.5..5.0);
        (prop::collection::vec(var, 1..6), any::<bool>())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn every_point_is_feasible_and_the_box_optimum_is_found((vars, nonlinear) in case()) {
            let lower: Vec<f64> = vars.iter().map(|v| v.0).collect();
            let upper: Vec<f64> = vars.iter().map(|v| v.0 + v.1).collect();
            let bounds = Bounds::new(lower.clone(), upper.clone()).unwrap();
            let p = Bowl {
                w: vars.iter().map(|v| v.4).collect(),
                c: vars.iter().map(|v| v.2).collect(),
                nonlinear,
            };
            let x0: Vec<f64> = vars.iter().map(|v| v.3).collect();
            // run_* assert that every evaluated point and the result lie in the box.
            let lm = run_lm(&p, &x0, &bounds, tight());
            // Forward differences step backward at an upper bound: still never outside.
            let fd = LeastSquares::new(p.m(), |x: &[f64], r: &mut [f64]| {
                assert!(bounds.contains(x), "difference step outside the bounds at {x:?}");
                p.residuals(x, r);
                Ok(())
            });
            let lm_fd = levenberg_marquardt(fd, &x0, &bounds, tight()).unwrap();
            prop_assert!(bounds.contains(&lm_fd.x));
            prop_assert!(lm_fd.termination.is_converged(), "{:?}", lm_fd);
            let lb = run_lbfgs(&p, &x0, &bounds, Options::default().with_tolerances(0.0, 0.0, 1e-10));
            let nm = run_nm(&p, &x0, &bounds, Options::default().with_tolerances(1e-14, 1e-9, 0.0));
            prop_assert!(lm.termination.is_converged(), "{:?}", lm);
            prop_assert!(lb.termination.is_converged(), "{:?}", lb);
            prop_assert!(nm.termination.is_converged(), "{:?}", nm);
            if !nonlinear {
                // The separable quadratic's minimiser over the box is the clamped centre.
                let target: Vec<f64> = (0..p.n()).map(|i| p.c[i].clamp(lower[i], upper[i])).collect();
                // Where the active bounds leave a large loss, the free variables are determined
                // only to about √(ε f): compare the loss to rounding, x to 1e-6 (the analytic
                // LM step is exact here, so LM gets 1e-9).
                let best = p.f(&target);
                let near = |loss: f64| loss - best <= 1e-13 * (1.0 + best);
                prop_assert!(max_dev(&lm.x, &target) < 1e-9, "{:?} vs {:?}", lm.x, target);
                prop_assert!(max_dev(&lm_fd.x, &target) < 1e-6, "{:?} vs {:?}", lm_fd.x, target);
                prop_assert!(near(2.0 * lm_fd.loss), "{:?}", lm_fd);
                prop_assert!(max_dev(&lb.x, &target) < 1e-6, "{:?} vs {:?}", lb.x, target);
                prop_assert!(near(lb.loss), "{:?}", lb);
                prop_assert!(max_dev(&nm.x, &target) < 1e-4, "{:?} vs {:?}", nm.x, target);
            } else {
                // The three agree on the loss they reach, up to local minima of the coupling:
                // none is worse than the start.
                prop_assert!(2.0 * lm.loss <= p.f(&bounds_start(&bounds, &x0)) + 1e-12);
                prop_assert!(lb.loss <= p.f(&bounds_start(&bounds, &x0)) + 1e-12);
                prop_assert!(nm.loss <= p.f(&bounds_start(&bounds, &x0)) + 1e-12);
            }
        }
    }

    fn bounds_start(bounds: &Bounds, x0: &[f64]) -> Vec<f64> {
        let mut x = x0.to_vec();
        bounds.project(&mut x);
        x
    }
}

// ---------------------------------------------------------------------------------------------
// NIST problems under bounds that cut off the certified optimum (SciPy trf reference, KKT
// checked; scripts/gen_optim_fixtures.py).

/// Checks the first-order conditions of the box problem at `b`: the gradient of ½‖r‖² vanishes
/// (relative to its terms) on free variables and points out of the box on active ones.
fn assert_kkt(p: &Nist, b: &[f64], bounds: &Bounds, tol: f64) {
    let mut r = vec![0.0; p.m()];
    p.residuals(b, &mut r);
    let mut j = Array2::zeros((p.m(), p.n()));
    p.jacobian(b, j.view_mut());
    for k in 0..p.n() {
        let g: f64 = (0..p.m()).map(|i| j[[i, k]] * r[i]).sum();
        let scale: f64 = (0..p.m()).map(|i| (j[[i, k]] * r[i]).abs()).sum();
        if b[k] <= bounds.lower()[k] {
            assert!(g >= 0.0, "{} b{k} on its lower bound with g = {g}", p.name);
        } else if b[k] >= bounds.upper()[k] {
            assert!(g <= 0.0, "{} b{k} on its upper bound with g = {g}", p.name);
        } else {
            assert!(
                g.abs() <= tol * scale,
                "{} b{k} free with g = {g} ({scale})",
                p.name
            );
        }
    }
}

#[test]
fn nist_strd_on_bounds() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/optim_bounded.json");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let numbers = |v: &serde_json::Value, missing: f64| -> Vec<f64> {
        (v.as_array().unwrap().iter())
            .map(|x| x.as_f64().unwrap_or(missing))
            .collect()
    };
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["dataset"].as_str().unwrap();
        let p = Nist::load(NIST.into_iter().find(|n| *n == name).unwrap());
        let start = case["start"].as_u64().unwrap() as usize - 1;
        let lower = numbers(&case["lower"], f64::NEG_INFINITY);
        let upper = numbers(&case["upper"], f64::INFINITY);
        let bounds = Bounds::new(lower, upper).unwrap();
        let x_ref = numbers(&case["x"], f64::NAN);
        let ssr_ref = case["ssr"].as_f64().unwrap();
        let active: Vec<usize> = (case["active"].as_array().unwrap().iter())
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();

        let lm = timed(&format!("LM {name} start {} on bounds", start + 1), || {
            run_lm(&p, &p.starts[start], &bounds, tight())
        });
        assert!(lm.termination.is_converged(), "{lm:?}");
        let params = (lm.x.iter().zip(&x_ref))
            .map(|(&v, &c)| lre(v, c))
            .fold(15.0, f64::min);
        let ssr = lre(2.0 * lm.loss, ssr_ref);
        eprintln!("    LRE vs SciPy trf: parameters {params:.1}, residual sum of squares {ssr:.1}");
        assert!(
            params >= 6.0 && ssr >= 9.0,
            "{name}: {:?} vs {x_ref:?}",
            lm.x
        );
        // The same variables end exactly on their bounds.
        for k in 0..p.n() {
            let on = lm.x[k] == bounds.lower()[k] || lm.x[k] == bounds.upper()[k];
            assert_eq!(on, active.contains(&k), "{name} b{k} = {}", lm.x[k]);
        }
        assert_kkt(&p, &lm.x, &bounds, 1e-8);

        // L-BFGS on the variables scaled by the reference (as the model layer scales them).
        let s: Vec<f64> = x_ref.iter().map(|v| v.abs()).collect();
        let scaled = |b: &[f64]| -> Vec<f64> { b.iter().zip(&s).map(|(b, s)| b / s).collect() };
        let unscaled = |x: &[f64]| -> Vec<f64> { x.iter().zip(&s).map(|(x, s)| x * s).collect() };
        let sbounds = Bounds::new(scaled(bounds.lower()), scaled(bounds.upper())).unwrap();
        let fg = |x: &[f64], g: &mut [f64]| {
            let b = unscaled(x);
            let f = p.fg(&b, g);
            // The loss relative to the reference, so that ftol and gtol are relative too.
            for (g, s) in g.iter_mut().zip(&s) {
                *g *= s / ssr_ref;
            }
            Ok(f / ssr_ref)
        };
        let options = || Options::default().with_tolerances(0.0, 0.0, 1e-13);
        let lb = timed(
            &format!("L-BFGS {name} start {} on bounds", start + 1),
            || lbfgsb(fg, &scaled(&p.starts[start]), &sbounds, options()).unwrap(),
        );
        let b = unscaled(&lb.x);
        let params = (b.iter().zip(&x_ref))
            .map(|(&v, &c)| lre(v, c))
            .fold(15.0, f64::min);
        let ssr = lre(lb.loss * ssr_ref, ssr_ref);
        eprintln!("    LRE vs SciPy trf: parameters {params:.1}, residual sum of squares {ssr:.1}");
        assert!(lb.termination.is_converged(), "{lb:?}");
        assert!(params >= 6.0 && ssr >= 9.0, "{name}: {b:?} vs {x_ref:?}");
        for (k, x) in lb.x.iter().enumerate() {
            let on = *x == sbounds.lower()[k] || *x == sbounds.upper()[k];
            assert_eq!(on, active.contains(&k), "{name} b{k} = {}", b[k]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Defaults and the options type.

#[test]
fn options_are_clone_share_the_callback_and_are_reachable_from_fit() {
    let calls = Cell::new(0);
    let options: pmrf::fit::Options<'_> = Options::default().with_callback(|_| {
        calls.set(calls.get() + 1);
        ControlFlow::Continue(())
    });
    let copy = options.clone();
    let (p, free) = (Rosenbrock(2), Bounds::unbounded(2));
    let a = run_lbfgs(&p, &rosen_start(2), &free, options);
    let b = run_lbfgs(&p, &rosen_start(2), &free, copy);
    assert_eq!(a, b);
    assert_eq!(calls.get(), 2 * a.iterations);
}

#[test]
fn lbfgs_defaults_do_not_depend_on_the_size_of_the_loss() {
    // Rosenbrock times 1e-4 (a fit's loss is often that small): the minimiser is the same,
    // and the default relative ftol must not stop on the first iteration that gains < 1e-8.
    let p = Rosenbrock(2);
    let fg = |x: &[f64], g: &mut [f64]| {
        let f = p.fg(x, g);
        g.iter_mut().for_each(|g| *g *= 1e-4);
        Ok(f * 1e-4)
    };
    let report = lbfgsb(
        fg,
        &rosen_start(2),
        &Bounds::unbounded(2),
        Options::default(),
    )
    .unwrap();
    assert!(report.termination.is_converged(), "{report:?}");
    assert!(max_dev(&report.x, &[1.0, 1.0]) < 1e-4, "{report:?}");
}

#[test]
fn lm_never_accepts_a_projected_step_that_raises_the_loss() {
    // r = (10 (x0 + x1), x1 + 1) with x1 >= 0, from (0, 0.1): the Gauss-Newton step to (1, -1)
    // projects to (1, 0), where the loss is 50.5 (from 1.105). Its predicted reduction is
    // negative too: a ratio of two negatives must not accept it.
    let residuals = |x: &[f64], r: &mut [f64]| {
        r[0] = 10.0 * (x[0] + x[1]);
        r[1] = x[1] + 1.0;
        Ok(())
    };
    let jacobian = |_: &[f64], mut j: ArrayViewMut2<'_, f64>| {
        j[[0, 0]] = 10.0;
        j[[0, 1]] = 10.0;
        j[[1, 1]] = 1.0;
        Ok(())
    };
    let losses = RefCell::new(vec![1.105]);
    let options = Options::default().with_callback(|p| {
        losses.borrow_mut().push(p.loss);
        ControlFlow::Continue(())
    });
    let bounds = Bounds::new(vec![f64::NEG_INFINITY, 0.0], vec![f64::INFINITY; 2]).unwrap();
    let problem = LeastSquares::new(2, residuals).with_jacobian(jacobian);
    let report = levenberg_marquardt(problem, &[0.0, 0.1], &bounds, options).unwrap();
    let losses = losses.into_inner();
    assert!(losses.windows(2).all(|w| w[1] <= w[0]), "{losses:?}");
    assert!(report.termination.is_converged(), "{report:?}");
    assert!(
        max_dev(&report.x, &[0.0, 0.0]) < 1e-8 && (report.loss - 0.5).abs() < 1e-12,
        "{report:?}"
    );
}

/// Two parameters that only enter as their sum: the Jacobian's columns are equal everywhere,
/// so it is rank-deficient at every point. LM must still converge (on the sum) and stop.
struct SumOnly;

impl Problem for SumOnly {
    fn m(&self) -> usize {
        20
    }
    fn n(&self) -> usize {
        3
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        for (i, r) in r.iter_mut().enumerate() {
            let t = i as f64 / 10.0;
            let model = (-(x[0] + x[1]) * t).exp() + x[2] * t;
            let data = (-t).exp() + 0.3 * t;
            *r = model - data;
        }
    }
    fn jacobian(&self, x: &[f64], mut j: ArrayViewMut2<'_, f64>) {
        for i in 0..20 {
            let t = i as f64 / 10.0;
            let e = -t * (-(x[0] + x[1]) * t).exp();
            j[[i, 0]] = e;
            j[[i, 1]] = e;
            j[[i, 2]] = t;
        }
    }
}

#[test]
fn rank_deficient_problems_converge_and_stop() {
    for bounds in [
        Bounds::unbounded(3),
        Bounds::new(vec![0.0; 3], vec![f64::INFINITY; 3]).unwrap(),
    ] {
        for x0 in [[0.2, 0.2, 0.0], [0.1, 0.4, 1.0], [2.0, 2.0, 0.5]] {
            let report = run_lm(&SumOnly, &x0, &bounds, Options::default());
            assert!(report.termination.is_converged(), "{x0:?}: {report:?}");
            assert!((report.x[0] + report.x[1] - 1.0).abs() < 1e-7, "{report:?}");
            assert!((report.x[2] - 0.3).abs() < 1e-7, "{report:?}");
            assert!(report.evaluations < 200, "{report:?}");
        }
    }
}

/// S21 alone of a symmetric L-C-L low-pass from a symmetric start: the two inductors' columns
/// are equal, the Gauss-Newton step runs along the null direction into the bound `l >= 0`, and
/// the projected step goes uphill. MINPACK's trust-region update assumed a descent direction
/// and kept the region's size: LM rejected steps without end.
#[test]
fn lm_shrinks_its_region_when_a_projected_step_goes_uphill() {
    use pmrf::components::{Cascade, SeriesL, ShuntC};
    use pmrf::prelude::*;
    let freq = Frequency::linspace(0.1, 3.0, 31, FrequencyUnit::GHz).unwrap();
    let s21 = |x: &[f64]| {
        let model = Cascade::new((
            SeriesL::new(x[0] * 1e-9),
            ShuntC::new(x[1] * 1e-12),
            SeriesL::new(x[2] * 1e-9),
        ));
        model.s(&freq).slice(pmrf::ndarray::s![.., 1, 0]).to_vec()
    };
    let data = s21(&[5.0, 2.0, 5.0]);
    let problem = LeastSquares::new(2 * data.len(), |x: &[f64], r: &mut [f64]| {
        for (k, (m, d)) in s21(x).iter().zip(&data).enumerate() {
            r[2 * k] = m.re - d.re;
            r[2 * k + 1] = m.im - d.im;
        }
        Ok(())
    });
    let bounds = Bounds::new(vec![0.0; 3], vec![f64::INFINITY; 3]).unwrap();
    let options = Options::default().with_max_evaluations(10_000);
    let report = levenberg_marquardt(problem, &[4.0, 3.0, 4.0], &bounds, options).unwrap();
    assert!(report.termination.is_converged(), "{report:?}");
    assert!(report.loss < 1e-20, "{report:?}");
    assert!(report.evaluations < 500, "{report:?}");
    // S21 fixes the total inductance and the capacitance.
    assert!(
        (report.x[0] + report.x[2] - 10.0).abs() < 1e-6,
        "{report:?}"
    );
    assert!((report.x[1] - 2.0).abs() < 1e-6, "{report:?}");
}

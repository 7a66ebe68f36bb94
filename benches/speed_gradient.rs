//! Issue 11, workload 3: value and gradient of `sum_f |S21|^2` of cascade_5 (series 8 nH, shunt
//! 1.5 pF, 75 ohm / 150 ps lossless line, series 5 ohm, shunt 20 nH; 6 parameters) at 1001
//! points, through pmrf and through a hand-written closed-form kernel.
//!
//! `cargo bench -p pmrf-benches --bench speed_gradient`. The setup asserts that both agree to
//! 1e-10 relative before timing.

use std::f64::consts::TAU;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesL, SeriesR, ShuntC, ShuntL};
use pmrf::diff::value_and_gradient_lanes;
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;

/// cascade_5 over scalar `T`.
type Cascade5<T = f64> = Cascade<(SeriesL<T>, ShuntC<T>, DelayLine<T>, SeriesR<T>, ShuntL<T>), T>;

/// Parameter values in flat order: L1, C2, Z0 and delay of the line, R4, L5.
const VALUES: [f64; 6] = [8e-9, 1.5e-12, 75.0, 150e-12, 5.0, 20e-9];

fn cascade5() -> Cascade5 {
    let [l1, c2, zc, tau, r4, l5] = VALUES;
    Cascade::new((
        SeriesL::new(l1),
        ShuntC::new(c2),
        DelayLine::new(zc, tau),
        SeriesR::new(r4),
        ShuntL::new(l5),
    ))
}

type M2 = [[Complex64; 2]; 2];

/// `[1, z0] M` for a row vector.
fn row_times(v: [Complex64; 2], m: &M2) -> [Complex64; 2] {
    [
        v[0] * m[0][0] + v[1] * m[1][0],
        v[0] * m[0][1] + v[1] * m[1][1],
    ]
}

/// `M v` for a column vector.
fn times_col(m: &M2, v: [Complex64; 2]) -> [Complex64; 2] {
    [
        m[0][0] * v[0] + m[0][1] * v[1],
        m[1][0] * v[0] + m[1][1] * v[1],
    ]
}

/// `u^T M v`.
fn bilinear(u: [Complex64; 2], m: &M2, v: [Complex64; 2]) -> Complex64 {
    let mv = times_col(m, v);
    u[0] * mv[0] + u[1] * mv[1]
}

/// The hand-written kernel: per point, the ABCD of each stage and its closed-form derivative
/// with respect to each of its parameters. With a 50 ohm reference, `S21 = 2 / den` and
/// `den = [1, Z0] (A1 ... A5) [1, 1/Z0]^T`, so the derivative of `den` with respect to a
/// parameter of stage `k` is `l_{k-1} dA_k r_{k+1}` with the prefix row vectors
/// `l_k = [1, Z0] A1 ... Ak` and suffix column vectors `r_k = Ak ... A5 [1, 1/Z0]^T`, and
/// `d|S21|^2 = -8 Re(conj(den) d den) / |den|^4`.
fn hand(freqs: &[f64], p: &[f64; 6]) -> (f64, [f64; 6]) {
    let [l1, c2, zc, tau, r4, l5] = *p;
    let z0 = 50.0;
    let zero = Complex64::new(0.0, 0.0);
    let one = Complex64::new(1.0, 0.0);
    let mut value = 0.0;
    let mut grad = [0.0; 6];
    for &f in freqs {
        let w = TAU * f;
        let (s, c) = (w * tau).sin_cos();
        let j = Complex64::new(0.0, 1.0);
        let a1 = [[one, j * (w * l1)], [zero, one]];
        let a2 = [[one, zero], [j * (w * c2), one]];
        let a3 = [
            [Complex64::new(c, 0.0), j * (zc * s)],
            [j * (s / zc), Complex64::new(c, 0.0)],
        ];
        let a4 = [[one, Complex64::new(r4, 0.0)], [zero, one]];
        let a5 = [[one, zero], [-j / (w * l5), one]];
        // Derivatives of each stage's ABCD.
        let d1 = [[zero, j * w], [zero, zero]];
        let d2 = [[zero, zero], [j * w, zero]];
        let d3z = [[zero, j * s], [-j * (s / (zc * zc)), zero]];
        let d3t = [
            [Complex64::new(-w * s, 0.0), j * (w * zc * c)],
            [j * (w * c / zc), Complex64::new(-w * s, 0.0)],
        ];
        let d4 = [[zero, one], [zero, zero]];
        let d5 = [[zero, zero], [j / (w * l5 * l5), zero]];
        let l0 = [one, Complex64::new(z0, 0.0)];
        let r6 = [one, Complex64::new(1.0 / z0, 0.0)];
        let lv1 = row_times(l0, &a1);
        let lv2 = row_times(lv1, &a2);
        let lv3 = row_times(lv2, &a3);
        let lv4 = row_times(lv3, &a4);
        let r5 = times_col(&a5, r6);
        let r4v = times_col(&a4, r5);
        let r3 = times_col(&a3, r4v);
        let r2 = times_col(&a2, r3);
        let den = lv4[0] * r5[0] + lv4[1] * r5[1];
        let dden = [
            bilinear(l0, &d1, r2),
            bilinear(lv1, &d2, r3),
            bilinear(lv2, &d3z, r4v),
            bilinear(lv2, &d3t, r4v),
            bilinear(lv3, &d4, r5),
            bilinear(lv4, &d5, r6),
        ];
        let n2 = den.norm_sqr();
        value += 4.0 / n2;
        let scale = -8.0 / (n2 * n2);
        for (g, dd) in grad.iter_mut().zip(dden) {
            *g += scale * (den.conj() * dd).re;
        }
    }
    (value, grad)
}

/// `sum_f |S21|^2` through pmrf's generic model code.
fn loss<T: Scalar>(m: &Cascade5<T>, freqs: &[f64]) -> T {
    freqs
        .iter()
        .map(|&f| m.s_at(T::from(f))[1][0].norm_sqr())
        .sum::<T>()
}

fn gradient(c: &mut Criterion) {
    let freq = Frequency::linspace(0.01, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let freqs = freq.hz().to_vec();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-10 * a.abs().max(b.abs());
    let model = cascade5();
    // The plain route a newcomer calls: one pass of `Grad` (8 lanes).
    let pmrf = || value_and_gradient(&model, &Filter::Free, |m| loss(m, &freqs)).unwrap();
    let (v, g) = pmrf();
    let (hv, hg) = hand(&freqs, &VALUES);
    assert!(close(v, hv), "value: pmrf {v}, hand {hv}");
    assert_eq!(g.len(), 6);
    for (k, (a, b)) in g.iter().zip(hg).enumerate() {
        assert!(close(*a, b), "gradient[{k}]: pmrf {a}, hand {b}");
    }
    assert!(close(loss(&model, &freqs), hv));
    c.bench_function("speed/gradient_cascade5/pmrf", |b| {
        b.iter(|| black_box(pmrf()))
    });
    macro_rules! lanes {
        ($($w:literal),*) => {$(
            c.bench_function(concat!("speed/gradient_cascade5/pmrf_lanes", $w), |b| {
                b.iter(|| {
                    black_box(
                        value_and_gradient_lanes::<$w, _>(&model, &Filter::Free, |m| {
                            loss(m, &freqs)
                        })
                        .unwrap(),
                    )
                })
            });
        )*};
    }
    lanes!(1, 3, 4, 6);
    c.bench_function("speed/gradient_cascade5/hand", |b| {
        b.iter(|| black_box(hand(black_box(&freqs), black_box(&VALUES))))
    });
    c.bench_function("speed/gradient_cascade5/value_only", |b| {
        b.iter(|| black_box(loss(black_box(&model), &freqs)))
    });
}

/// The gradient of ParamRF's RLC fit objective (series RLC, 301 points, all of S, MSE; three
/// parameters) by the plain route (one pass of 8 lanes) and by vector duals of other widths:
/// what `Fit`'s L-BFGS computes at every step (on 4 lanes).
fn fit_objective(c: &mut Criterion) {
    use pmrf::components::SeriesRlc;
    use pmrf::fit::{Objective, Term};
    let freq = Frequency::linspace(1e6, 3e9, 301, FrequencyUnit::Hz).unwrap();
    let data = SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap();
    let objective = Objective::new().term(Term::new(data));
    let start = SeriesRlc::new(15.0, 15e-9, 1.5e-12);
    c.bench_function("speed/gradient_rlc_loss/plain", |b| {
        b.iter(|| {
            value_and_gradient(&start, &Filter::Free, |m| objective.loss(m).unwrap()).unwrap()
        })
    });
    macro_rules! lanes {
        ($($w:literal),*) => {$(
            c.bench_function(concat!("speed/gradient_rlc_loss/lanes", $w), |b| {
                b.iter(|| {
                    value_and_gradient_lanes::<$w, _>(&start, &Filter::Free, |m| {
                        objective.loss(m).unwrap()
                    })
                    .unwrap()
                })
            });
        )*};
    }
    lanes!(1, 2, 3, 4);
}

criterion_group!(benches, gradient, fit_objective);
criterion_main!(benches);

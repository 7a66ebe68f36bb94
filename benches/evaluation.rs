//! Criterion benchmarks: one evaluation, a batch, a gradient and catalogue parts (circuits:
//! `benches/circuits.rs`).
//!
//! `cargo bench -p pmrf-benches`. For the side-by-side comparison with ParamRF and
//! scikit-rf, see `scripts/compare_speed.sh`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pmrf::components::lines::{CoaxialLine, DelayLine, Microstrip};
use pmrf::components::materials::{BulkConductor, ConstantDielectric, Substrate};
use pmrf::components::{SeriesC, SeriesL, SeriesR, SeriesRlc, ShuntC, ShuntL};
use pmrf::diff::value_and_gradient;
use pmrf::fit::{Fit, Method, Objective, Term};
use pmrf::ndarray::Array2;
use pmrf::prelude::*;

/// A 5-section LC low-pass filter over scalar `T`.
type Lowpass<T = f64> = Cascade<(SeriesL<T>, ShuntC<T>, SeriesL<T>, ShuntC<T>, SeriesL<T>), T>;

fn lowpass() -> Lowpass {
    Cascade::new((
        SeriesL::new(3e-9),
        ShuntC::new(2e-12),
        SeriesL::new(5e-9),
        ShuntC::new(2e-12),
        SeriesL::new(3e-9),
    ))
}

fn evaluation(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let cap = SeriesC::new(1e-12);
    c.bench_function("s/series_c/1001pts", |b| {
        b.iter(|| black_box(&cap).s(&freq))
    });
    let filter = lowpass();
    c.bench_function("s/lowpass5/1001pts", |b| {
        b.iter(|| black_box(&filter).s(&freq))
    });
}

fn batch(c: &mut Criterion) {
    let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz).unwrap();
    let n = 10_000;
    let values = Array2::from_shape_fn((n, 1), |(i, _)| 1e-12 + 4e-12 * i as f64 / n as f64);
    let caps = Batch::from_values(&SeriesC::new(1e-12), values).unwrap();
    c.bench_function("batch/series_c/1e4x100pts", |b| b.iter(|| caps.s(&freq)));
    let mut params = lowpass().params().unwrap();
    params
        .set_prior("*", Prior::log_normal((3e-9f64).ln(), 0.05).unwrap())
        .unwrap()
        .set_bounds("*", 0.0, 1.0)
        .unwrap();
    let filters = Batch::sample(&params, &Filter::Free, n, 1).unwrap();
    c.bench_function("batch/lowpass5/1e4x100pts", |b| b.iter(|| filters.s(&freq)));
}

fn gradient(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 10.0, 101, FrequencyUnit::GHz).unwrap();
    let model = lowpass();
    let loss = |m: &Lowpass<Grad>| {
        freq.hz()
            .iter()
            .map(|&f| m.s_at(Grad::from(f))[1][0].norm_sqr())
            .sum::<Grad>()
    };
    c.bench_function("gradient/lowpass5/5params/101pts", |b| {
        b.iter(|| value_and_gradient(black_box(&model), &Filter::Free, loss).unwrap())
    });
}

/// The catalogue at 1001 points: the 5-section cascade of the speed issue built from library
/// parts (series 8 nH, shunt 1.5 pF, 75 ohm / 150 ps delay line, series 5 ohm, shunt 20 nH), a
/// 1 m copper coax and a 5 cm microstrip on FR-4.
fn catalogue(c: &mut Criterion) {
    let freq = Frequency::linspace(0.01, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let cascade5 = Cascade::new((
        SeriesL::new(8e-9),
        ShuntC::new(1.5e-12),
        DelayLine::new(75.0, 150e-12),
        SeriesR::new(5.0),
        ShuntL::new(20e-9),
    ));
    c.bench_function("catalogue/cascade5_delay_line/1001pts", |b| {
        b.iter(|| black_box(&cascade5).s(&freq))
    });
    let coax = CoaxialLine::new(
        0.91e-3,
        2.95e-3,
        0.2e-3,
        1.0,
        ConstantDielectric::new(2.3, 2e-4),
        BulkConductor::copper(),
    )
    .unwrap();
    c.bench_function("catalogue/coax/1001pts", |b| {
        b.iter(|| black_box(&coax).s(&freq))
    });
    let fr4 = Substrate::new(
        1.6e-3,
        35e-6,
        ConstantDielectric::new(4.3, 0.02),
        BulkConductor::copper(),
    );
    let microstrip = Microstrip::new(3e-3, 0.05, fr4);
    c.bench_function("catalogue/microstrip/1001pts", |b| {
        b.iter(|| black_box(&microstrip).s(&freq))
    });
}

/// ParamRF's RLC fit benchmark end to end: series RLC (10 ohm, 20 nH, 1 pF), 301 points
/// 1 MHz-3 GHz, all of S, MSE, from R = 15, L = 15 nH, C = 1.5 pF within R 1-100, L 1-100 nH,
/// C 0.1-10 pF (`scripts/bench_fit_reference.py` times ParamRF on the same).
fn fit(c: &mut Criterion) {
    let freq = Frequency::linspace(1e6, 3e9, 301, FrequencyUnit::Hz).unwrap();
    let data = SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap();
    let objective = Objective::new().term(Term::new(data));
    let mut params = SeriesRlc::new(15.0, 15e-9, 1.5e-12).params().unwrap();
    params.set_bounds("r", 1.0, 100.0).unwrap();
    params.set_bounds("l", 1e-9, 100e-9).unwrap();
    params.set_bounds("c", 0.1e-12, 10e-12).unwrap();
    for (name, method) in [("lm", Method::LevenbergMarquardt), ("lbfgs", Method::Lbfgs)] {
        c.bench_function(&format!("fit/rlc_301pts/{name}"), |b| {
            b.iter(|| {
                let result = Fit::new(&params, objective.clone())
                    .unwrap()
                    .method(method)
                    .run()
                    .unwrap();
                assert!(result.report().termination.is_converged());
                black_box(result)
            })
        });
    }
}

criterion_group!(benches, evaluation, batch, gradient, catalogue, fit);
criterion_main!(benches);

//! Speed issue, workload 4: S-parameters of 1e4 series capacitors (C from 1 to 5 pF) at 100
//! points from 100 MHz to 1 GHz, against a hand-written kernel (num-complex + rayon, the closed
//! form, no framework).
//!
//! `cargo bench -p pmrf-benches --bench speed_batch`. Ids:
//! - `speed/batch_series_c/pmrf`: [`Batch::s`], a fresh output each time;
//! - `speed/batch_series_c/pmrf_into`: [`Batch::s_into`] into a buffer reused across runs;
//! - `speed/batch_series_c/hand`: the hand-written kernel into a reused buffer;
//! - `speed/batch_series_c/hand_fresh`: the same kernel into a fresh allocation each time.
//!
//! The setup asserts that all four agree (to 1e-15 absolute: the closed form below and pmrf's
//! scaled reciprocal round differently).

use std::f64::consts::TAU;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use num_complex::Complex64;
use pmrf::components::SeriesC;
use pmrf::ndarray::{Array2, Array4};
use pmrf::prelude::*;
use rayon::prelude::*;

const N: usize = 10_000;
const Z0: f64 = 50.0;

/// The capacitances of the batch, 1-5 pF.
fn capacitances() -> Vec<f64> {
    (0..N)
        .map(|i| 1e-12 + 4e-12 * (i as f64 + 0.5) / N as f64)
        .collect()
}

/// S of a series capacitor in closed form: with `x = 2 z0 w C`,
/// `S11 = 1 / (1 + j x) = (1 - j x) / (1 + x^2)`, `S21 = j x / (1 + j x) = (x^2 + j x) / (1 + x^2)`,
/// written for every member and point into `out` (`n x nfreq x 2 x 2`, row-major), in parallel.
fn hand_into(c: &[f64], hz: &[f64], out: &mut [Complex64]) {
    let per_member = hz.len() * 4;
    out.par_chunks_mut(per_member)
        .with_min_len(64)
        .zip(c.par_iter())
        .for_each(|(member, &c)| {
            for (block, &f) in member.chunks_exact_mut(4).zip(hz) {
                let x = 2.0 * Z0 * TAU * f * c;
                let d = 1.0 / (1.0 + x * x);
                let s11 = Complex64::new(d, -x * d);
                let s21 = Complex64::new(x * x * d, x * d);
                block[0] = s11;
                block[1] = s21;
                block[2] = s21;
                block[3] = s11;
            }
        });
}

/// The same kernel into a fresh allocation.
fn hand_fresh(c: &[f64], hz: &[f64]) -> Vec<Complex64> {
    let mut out = vec![Complex64::new(0.0, 0.0); c.len() * hz.len() * 4];
    hand_into(c, hz, &mut out);
    out
}

fn max_diff(a: &[Complex64], b: &[Complex64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max)
}

fn batch_series_c(c: &mut Criterion) {
    let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz).unwrap();
    let caps = capacitances();
    let values = Array2::from_shape_vec((N, 1), caps.clone()).unwrap();
    let batch = Batch::from_values(&SeriesC::new(1e-12), values)
        .unwrap()
        .with_progress(false);

    // Agreement of every variant before timing anything.
    let fresh = batch.s(&freq).unwrap();
    let reference = fresh.as_slice().unwrap();
    let mut hand = vec![Complex64::new(0.0, 0.0); N * freq.len() * 4];
    hand_into(&caps, freq.hz(), &mut hand);
    let dev = max_diff(reference, &hand);
    assert!(dev <= 1e-15, "hand-written kernel differs by {dev:e}");
    assert_eq!(hand_fresh(&caps, freq.hz()), hand);
    let mut reused = Array4::<Complex64>::zeros((N, freq.len(), 2, 2));
    batch.s_into(&freq, reused.view_mut()).unwrap();
    assert_eq!(reused, fresh, "s_into differs from s");

    let mut group = c.benchmark_group("speed/batch_series_c");
    group.bench_function("pmrf", |b| b.iter(|| black_box(&batch).s(&freq).unwrap()));
    group.bench_function("pmrf_into", |b| {
        b.iter(|| black_box(&batch).s_into(&freq, reused.view_mut()).unwrap())
    });
    group.bench_function("hand", |b| {
        b.iter(|| hand_into(black_box(&caps), freq.hz(), &mut hand))
    });
    group.bench_function("hand_fresh", |b| {
        b.iter(|| hand_fresh(black_box(&caps), freq.hz()))
    });
    group.finish();
}

criterion_group!(benches, batch_series_c);
criterion_main!(benches);

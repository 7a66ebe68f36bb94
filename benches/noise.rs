//! Noise through a cascade: a 10-part chain at 1001 points, its S alone (`Component::s`, the
//! ABCD fast path) against S with the noise correlation matrix (`s_noise_at` at every point,
//! the star product of `(S, C)` pairs); the target is noise within 3x of S alone. In the
//! second chain three stages have no ABCD hint (attenuators), so S joins runs per junction.
//!
//! `cargo bench -p pmrf-benches --bench noise -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pmrf::components::{Attenuator, SeriesL, SeriesR, ShuntC, ShuntR};
use pmrf::network::noise::T0;
use pmrf::prelude::*;

/// S and C at every point of `freq`.
fn s_noise<M: Component<2, Scalar = f64>>(
    model: &M,
    freq: &Frequency,
) -> Vec<(Mat<f64, 2>, Mat<f64, 2>)> {
    freq.hz().iter().map(|&f| model.s_noise_at(f, T0)).collect()
}

fn noise(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let lumped = Cascade::new((
        SeriesR::new(2.0),
        SeriesL::new(3e-9),
        ShuntC::new(1e-12),
        ShuntR::new(500.0),
        SeriesL::new(4e-9),
        ShuntC::new(2e-12),
        SeriesR::new(1.0),
        SeriesL::new(3e-9),
        ShuntC::new(1e-12),
        ShuntR::new(800.0),
    ));
    let mixed = Cascade::new((
        SeriesR::new(2.0),
        Attenuator::new(0.5),
        ShuntC::new(1e-12),
        ShuntR::new(500.0),
        Attenuator::new(0.3),
        ShuntC::new(2e-12),
        SeriesR::new(1.0),
        Attenuator::new(0.2),
        ShuntC::new(1e-12),
        ShuntR::new(800.0),
    ));
    let mut group = c.benchmark_group("noise_cascade_10_parts_1001_points");
    group.bench_function("lumped: s", |b| b.iter(|| black_box(&lumped).s(&freq)));
    group.bench_function("lumped: s_noise_at", |b| {
        b.iter(|| s_noise(black_box(&lumped), &freq))
    });
    group.bench_function("mixed: s", |b| b.iter(|| black_box(&mixed).s(&freq)));
    group.bench_function("mixed: s_noise_at", |b| {
        b.iter(|| s_noise(black_box(&mixed), &freq))
    });
    group.finish();
}

criterion_group!(benches, noise);
criterion_main!(benches);

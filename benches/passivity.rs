//! `Network::is_passive` on one frequency point of a large random lossless network (a unitary S
//! scaled by 0.999, so every Cholesky pivot is taken and nothing exits early), at 256 and 1000
//! ports; the target is at most 1 s per point at 1000 ports. `max_singular_value` (Householder
//! tridiagonalisation and bisection; before, cyclic Jacobi, the route `is_passive` took too)
//! at the same sizes.
//!
//! `cargo bench -p pmrf-benches --bench passivity`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use num_complex::Complex64;
use pmrf::ndarray::{Array2, Array3};
use pmrf::prelude::*;

/// SplitMix64, uniform in [-1, 1).
fn uniform(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

/// One point of `scale` times a unitary `n x n` S: random phases on the diagonal, then two
/// Householder reflections `I - 2 v v^H / |v|^2` applied in O(n^2) each.
fn network(n: usize, scale: f64) -> Network {
    let mut state = 7;
    let mut u = Array2::from_shape_fn((n, n), |(i, j)| {
        let phase = Complex64::from_polar(scale, 3.0 * uniform(&mut state));
        if i == j {
            phase
        } else {
            Complex64::new(0.0, 0.0)
        }
    });
    for _ in 0..2 {
        let v: Vec<Complex64> = (0..n)
            .map(|_| Complex64::new(uniform(&mut state), uniform(&mut state)))
            .collect();
        let nn: f64 = v.iter().map(|x| x.norm_sqr()).sum();
        for j in 0..n {
            let dot: Complex64 = (0..n).map(|i| v[i].conj() * u[[i, j]]).sum();
            for i in 0..n {
                u[[i, j]] -= 2.0 * v[i] * dot / nn;
            }
        }
    }
    let freq = Frequency::from_hz([1e9]).unwrap();
    let s: Array3<Complex64> = u.into_shape_with_order((1, n, n)).unwrap();
    Network::from_s(freq, s).unwrap()
}

fn passivity(c: &mut Criterion) {
    let mut group = c.benchmark_group("passivity");
    group.sample_size(10);
    for n in [256, 1000] {
        let net = network(n, 0.999);
        assert!(net.is_passive(0.0) && !net.is_passive(-0.01));
        group.bench_function(format!("is_passive/{n}"), |b| {
            b.iter(|| black_box(&net).is_passive(0.0))
        });
    }
    for n in [256, 1000] {
        let net = network(n, 0.999);
        assert!((net.max_singular_value()[0] - 0.999).abs() < 1e-12);
        group.bench_function(format!("max_singular_value/{n}"), |b| {
            b.iter(|| black_box(&net).max_singular_value())
        });
    }
    group.finish();
}

criterion_group!(benches, passivity);
criterion_main!(benches);

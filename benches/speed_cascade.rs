//! Issue 11, workloads 1 and 2: a single cascade evaluation and a batch of cascades, each next to
//! a plain hand-written kernel (num-complex + rayon, closed-form ABCD chain per point) that
//! computes the same numbers. The setup asserts that both agree to 1e-12.
//!
//! * `speed/pi_lowpass/{pmrf,hand}`: the 3rd-order pi low-pass (shunt 2 pF, series 5 nH,
//!   shunt 2 pF) as a `Cascade`, one `s()` at 1001 points from 0.1 to 10 GHz.
//! * `speed/cascade5_batch/{pmrf,hand}`: 1000 variants of cascade_5 (series 8 nH, shunt 1.5 pF,
//!   75 ohm / 150 ps lossless line, series 5 ohm, shunt 20 nH; every value uniform within
//!   +-20 %) at 1001 points from 10 MHz to 10 GHz, `Batch::s`.
//!
//! `cargo bench -p pmrf-benches --bench speed_cascade`; `scripts/compare_speed.sh` prints the
//! ratios side by side with ParamRF.

use std::f64::consts::TAU;
use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use num_complex::Complex64;
use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesL, SeriesR, ShuntC, ShuntL};
use pmrf::ndarray::{Array2, Array3, Array4};
use pmrf::prelude::*;
use rayon::prelude::*;

/// A 2x2 complex matrix, row-major.
type M2 = [[Complex64; 2]; 2];

const Z0: f64 = 50.0;
const ONE: Complex64 = Complex64::new(1.0, 0.0);
const ZERO: Complex64 = Complex64::new(0.0, 0.0);

fn mul(a: &M2, b: &M2) -> M2 {
    [
        [
            a[0][0] * b[0][0] + a[0][1] * b[1][0],
            a[0][0] * b[0][1] + a[0][1] * b[1][1],
        ],
        [
            a[1][0] * b[0][0] + a[1][1] * b[1][0],
            a[1][0] * b[0][1] + a[1][1] * b[1][1],
        ],
    ]
}

fn series(z: Complex64) -> M2 {
    [[ONE, z], [ZERO, ONE]]
}

fn shunt(y: Complex64) -> M2 {
    [[ONE, ZERO], [y, ONE]]
}

/// S of an ABCD matrix at `Z0` on both ports (one reciprocal of the common denominator).
fn a2s(m: &M2) -> M2 {
    let [[a, b], [c, d]] = *m;
    let (bz, cz) = (b / Z0, c * Z0);
    let inv = (a + bz + cz + d).inv();
    [
        [(a + bz - cz - d) * inv, 2.0 * (a * d - b * c) * inv],
        [2.0 * inv, (-a + bz - cz + d) * inv],
    ]
}

/// The hand-written pi low-pass: S at every point of `hz`, `(nfreq, 2, 2)` flattened.
fn hand_pi(hz: &[f64], c1: f64, l: f64, c2: f64) -> Vec<Complex64> {
    let mut out = vec![ZERO; hz.len() * 4];
    for (&f, block) in hz.iter().zip(out.chunks_exact_mut(4)) {
        let w = TAU * f;
        let m = mul(
            &mul(
                &shunt(Complex64::new(0.0, w * c1)),
                &series(Complex64::new(0.0, w * l)),
            ),
            &shunt(Complex64::new(0.0, w * c2)),
        );
        let s = a2s(&m);
        block.copy_from_slice(&[s[0][0], s[0][1], s[1][0], s[1][1]]);
    }
    out
}

/// S of one cascade_5 member `[l1, c2, z0, delay, r4, l5]` at `f`.
#[inline]
fn hand_cascade5_at(p: &[f64], f: f64) -> M2 {
    let w = TAU * f;
    let (sin, cos) = (w * p[3]).sin_cos();
    let line = [
        [Complex64::new(cos, 0.0), Complex64::new(0.0, p[2] * sin)],
        [Complex64::new(0.0, sin / p[2]), Complex64::new(cos, 0.0)],
    ];
    let m = mul(
        &series(Complex64::new(0.0, w * p[0])),
        &shunt(Complex64::new(0.0, w * p[1])),
    );
    let m = mul(&mul(&m, &line), &series(Complex64::new(p[4], 0.0)));
    a2s(&mul(&m, &shunt(Complex64::new(0.0, -1.0 / (w * p[5])))))
}

/// The hand-written batch: S of every member (rows of `values`) at every point of `hz`, in
/// parallel, into a fresh buffer of `(n, nfreq)` blocks `[re S11, im S11, re S12, ..., im S22]`
/// (zeroed by the allocator: `vec!` of `f64` arrays is `calloc`, no `memset`).
fn hand_cascade5(values: &Array2<f64>, hz: &[f64]) -> Vec<[f64; 8]> {
    let mut out = vec![[0.0; 8]; values.nrows() * hz.len()];
    out.par_chunks_mut(hz.len())
        .zip(values.axis_iter(pmrf::ndarray::Axis(0)).into_par_iter())
        .for_each(|(member, row)| {
            let p = row
                .as_slice()
                .expect("rows of a standard array are contiguous");
            for (&f, block) in hz.iter().zip(member.iter_mut()) {
                let [[s11, s12], [s21, s22]] = hand_cascade5_at(p, f);
                *block = [
                    s11.re, s11.im, s12.re, s12.im, s21.re, s21.im, s22.re, s22.im,
                ];
            }
        });
    out
}

/// The largest absolute deviation between pmrf's result and the hand kernel's.
fn max_dev<'a>(a: impl IntoIterator<Item = &'a Complex64>, b: &[Complex64]) -> f64 {
    let mut n = 0;
    let d = a
        .into_iter()
        .zip(b)
        .map(|(x, y)| {
            n += 1;
            (x - y).norm()
        })
        .fold(0.0, f64::max);
    assert_eq!(n, b.len(), "pmrf and the hand kernel differ in size");
    d
}

/// The pi low-pass C-L-C values.
const PI: (f64, f64, f64) = (2e-12, 5e-9, 2e-12);

type PiLowpass = Cascade<(ShuntC, SeriesL, ShuntC)>;

/// Workload 1: its grid and cascade, checked against the hand kernel.
fn pi_setup() -> (Frequency, PiLowpass) {
    let freq = Frequency::linspace(0.1, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let (c1, l, c2) = PI;
    let chain = Cascade::new((ShuntC::new(c1), SeriesL::new(l), ShuntC::new(c2)));
    let s: Array3<Complex64> = chain.s(&freq);
    let d = max_dev(s.iter(), &hand_pi(freq.hz(), c1, l, c2));
    assert!(
        d <= 1e-12,
        "pi low-pass: pmrf and the hand kernel differ by {d:e}"
    );
    (freq, chain)
}

fn pi_lowpass(c: &mut Criterion) {
    let (freq, chain) = pi_setup();
    let (c1, l, c2) = PI;
    c.bench_function("speed/pi_lowpass/pmrf", |b| {
        b.iter(|| black_box(&chain).s(&freq))
    });
    c.bench_function("speed/pi_lowpass/hand", |b| {
        b.iter(|| hand_pi(black_box(freq.hz()), c1, l, c2))
    });
}

type Cascade5 = Cascade<(SeriesL, ShuntC, DelayLine, SeriesR, ShuntL)>;

/// Workload 2: its grid, member values and batch, checked against the hand kernel.
fn cascade5_setup() -> (Frequency, Array2<f64>, Batch<Cascade5>) {
    let freq = Frequency::linspace(0.01, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let nominal = [8e-9, 1.5e-12, 75.0, 150e-12, 5.0, 20e-9];
    let model = Cascade::new((
        SeriesL::new(nominal[0]),
        ShuntC::new(nominal[1]),
        DelayLine::new(nominal[2], nominal[3]),
        SeriesR::new(nominal[4]),
        ShuntL::new(nominal[5]),
    ));
    assert_eq!(
        model.param_names(),
        [
            "stages[0].l",
            "stages[1].c",
            "stages[2].z0",
            "stages[2].delay",
            "stages[3].r",
            "stages[4].l"
        ]
    );
    // +-20 % uniform, from a fixed 64-bit LCG (Knuth's MMIX constants).
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut uniform = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let n = 1000;
    let values = Array2::from_shape_fn((n, 6), |(_, j)| nominal[j] * (0.8 + 0.4 * uniform()));
    let batch = Batch::from_values(&model, values.clone())
        .unwrap()
        .with_progress(false);
    let s: Array4<Complex64> = batch.s(&freq).unwrap();
    let hand: Vec<Complex64> = (hand_cascade5(&values, freq.hz()).iter())
        .flat_map(|b| (0..4).map(move |k| Complex64::new(b[2 * k], b[2 * k + 1])))
        .collect();
    let d = max_dev(s.iter(), &hand);
    assert!(
        d <= 1e-12,
        "cascade_5 batch: pmrf and the hand kernel differ by {d:e}"
    );
    (freq, values, batch)
}

fn cascade5_batch(c: &mut Criterion) {
    let (freq, values, batch) = cascade5_setup();
    let mut group = c.benchmark_group("speed/cascade5_batch");
    group.sample_size(20);
    group.bench_function("pmrf", |b| b.iter(|| batch.s(black_box(&freq)).unwrap()));
    group.bench_function("hand", |b| {
        b.iter(|| hand_cascade5(black_box(&values), freq.hz()))
    });
    group.finish();
}

criterion_group!(benches, pi_lowpass, cascade5_batch);

/// Runs the benchmarks, or with `SPEED_PROFILE=<workload>/<pmrf|hand>` (and optionally
/// `SPEED_REPS`, default 100) just that kernel, for a profiler:
/// `SPEED_PROFILE=pi_lowpass/pmrf valgrind --tool=callgrind target/release/deps/speed_cascade-*`.
fn main() {
    let Ok(what) = std::env::var("SPEED_PROFILE") else {
        benches();
        Criterion::default().configure_from_args().final_summary();
        return;
    };
    let reps: usize = std::env::var("SPEED_REPS").map_or(100, |r| r.parse().expect("SPEED_REPS"));
    match what.as_str() {
        "pi_lowpass/pmrf" | "pi_lowpass/hand" => {
            let (freq, chain) = pi_setup();
            let (c1, l, c2) = PI;
            for _ in 0..reps {
                if what.ends_with("pmrf") {
                    black_box(black_box(&chain).s(&freq));
                } else {
                    black_box(hand_pi(black_box(freq.hz()), c1, l, c2));
                }
            }
        }
        "cascade5_batch/pmrf" | "cascade5_batch/hand" => {
            let (freq, values, batch) = cascade5_setup();
            for _ in 0..reps {
                if what.ends_with("pmrf") {
                    black_box(batch.s(black_box(&freq)).unwrap());
                } else {
                    black_box(hand_cascade5(black_box(&values), freq.hz()));
                }
            }
        }
        _ => panic!(
            "SPEED_PROFILE: one of pi_lowpass/pmrf, pi_lowpass/hand, cascade5_batch/pmrf, cascade5_batch/hand"
        ),
    }
}

//! Criterion benchmarks of a measured 54-port inside a model (issue 20):
//!
//! - `data_blocks/54port/first`: a passive, reciprocal 54-port data block (1001 points) with 10
//!   parametric parts on 8 of its ports (2 external ports, the other 46 ports terminated by
//!   fixed loads), built and evaluated once: interpolation tables, the elimination of the
//!   constant blocks per point and the solve (target: <= 0.5 s);
//! - `data_blocks/54port/reevaluate`: the same model after one parameter changes, the
//!   eliminations cached (target: <= 20 ms);
//!
//! The same circuit is in `scripts/bench_data_blocks_reference.py` for scikit-rf and ParamRF;
//! it reads the 54-port this bench writes when `PMRF_WRITE_S54P=<path.s54p>` is set.
//!
//! `cargo bench -p pmrf-benches --bench data_blocks`.

use std::f64::consts::PI;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use num_complex::Complex64;
use pmrf::components::{Capacitor, Circuit, DynBlock, Inductor, Netlist, Resistor, WithBlocks};
use pmrf::io::touchstone::WriteOptions;
use pmrf::ndarray::Array3;
use pmrf::prelude::*;

const PORTS: usize = 54;

/// The 10 parametric parts.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct Tuners<T: Scalar = f64> {
    /// In series at the external ports: `l[0]` from `in` to `p1`, `l[1]` from `p2` to `out`.
    l: Vec<Inductor<T>>,
    /// From `p1`, `p2`, `p3`, `p5`, `p7` to ground.
    c: Vec<Capacitor<T>>,
    /// From `p4`, `p6`, `p8` to ground.
    r: Vec<Resistor<T>>,
}

fn tuners() -> Tuners {
    Tuners {
        l: vec![Inductor::new(1e-9), Inductor::new(1.2e-9)],
        c: [0.5e-12, 0.6e-12, 1e-12, 1.5e-12, 2e-12]
            .map(Capacitor::new)
            .to_vec(),
        r: [25.0, 50.0, 100.0].map(Resistor::new).to_vec(),
    }
}

/// A passive, reciprocal `n`-port: `S_ij = a_ij exp(-j (w tau_ij + b_ij))`, symmetric, scaled
/// at each point to a Frobenius norm (>= the largest singular value) of 0.95.
pub fn synthetic(n: usize, freq: &Frequency) -> Network {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let coef: Vec<(f64, f64, f64)> = (0..n * n)
        .map(|_| (0.2 + next(), 2.0 * PI * next(), 0.2e-9 + 2e-9 * next()))
        .collect();
    let mut s = Array3::from_shape_fn((freq.len(), n, n), |(k, i, j)| {
        let (a, b, tau) = coef[i.min(j) * n + i.max(j)];
        Complex64::from_polar(a, -(2.0 * PI * freq.hz()[k] * tau + b))
    });
    for mut m in s.outer_iter_mut() {
        let norm = m.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        m.mapv_inplace(|z| z * (0.95 / norm));
    }
    Network::from_s(freq.clone(), s).unwrap().with_name("pkg")
}

/// The fixed load on port `k` (1-based, 9..=54): a reflection `0.3 exp(j k / 7)`.
fn load(k: usize, freq: &Frequency) -> DynBlock {
    let g = Complex64::from_polar(0.3, k as f64 / 7.0);
    let s = Array3::from_elem((freq.len(), 1, 1), g);
    let net = Network::from_s(freq.clone(), s)
        .unwrap()
        .with_name(format!("load{k}"));
    DynBlock::new(&net, Interpolation::Linear).unwrap()
}

fn netlist() -> Netlist {
    let mut net = Netlist::new();
    net.part("pkg", (1..=PORTS).map(|k| format!("p{k}")));
    net.part("l[0]", ["in", "p1"]).part("l[1]", ["p2", "out"]);
    for (i, p) in ["p1", "p2", "p3", "p5", "p7"].iter().enumerate() {
        net.part(format!("c[{i}]"), [*p, "gnd"]);
    }
    for (i, p) in ["p4", "p6", "p8"].iter().enumerate() {
        net.part(format!("r[{i}]"), [*p, "gnd"]);
    }
    for k in 9..=PORTS {
        net.part(format!("load{k}"), [format!("p{k}")]);
    }
    net.port(1, "in").port(2, "out");
    net
}

type Model54 = Circuit<WithBlocks<Tuners>, 2>;

fn build(pkg: &Network, freq: &Frequency) -> Model54 {
    let mut blocks = vec![DynBlock::new(pkg, Interpolation::Linear).unwrap()];
    blocks.extend((9..=PORTS).map(|k| load(k, freq)));
    Circuit::new(WithBlocks::new(tuners(), blocks).unwrap(), &netlist()).unwrap()
}

fn bench(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let pkg = synthetic(PORTS, &freq);
    assert!(
        pkg.is_passive(1e-12),
        "the synthetic 54-port must be passive"
    );
    if let Ok(path) = std::env::var("PMRF_WRITE_S54P") {
        pkg.write_touchstone(&path, &WriteOptions::new()).unwrap();
        let s = build(&pkg, &freq).s(&freq);
        eprintln!(
            "data_blocks: wrote {path}; pmrf S21[0] = {}, S21[1000] = {}",
            s[[0, 1, 0]],
            s[[1000, 1, 0]]
        );
    }
    let mut group = c.benchmark_group("data_blocks/54port");
    group.sample_size(10);
    group.bench_function("first", |b| {
        b.iter(|| build(black_box(&pkg), &freq).s(&freq))
    });
    let model = build(&pkg, &freq);
    let _ = model.s(&freq); // fills the cache
    let mut values = model.param_values();
    group.bench_function("reevaluate", |b| {
        b.iter(|| {
            values[2] *= 1.0001; // c[0]
            let tuned = model.with_params(black_box(&values)).unwrap();
            tuned.s(&freq)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Criterion benchmarks of circuits, each next to what it must keep up with (issue 19):
//!
//! - `circuits/pi_lowpass/{derived,cascade}`: the C-L-C pi low-pass as a `#[derive(Circuit)]`
//!   struct and as a `Cascade` (target: at most 1.5x); `{netlist,netlist_connection}`: the same
//!   parts on a run-time `Netlist`, by the nodal and by the connection solver;
//! - `circuits/mesh40/{pmrf,hand_nodal}`: a 40-part, 25-net circuit as a run-time `Circuit` and
//!   as a plain nodal solve written here (complex LU per point; target: at most 2x); the same
//!   circuit is in `scripts/bench_circuit_reference.py` for scikit-rf and ParamRF;
//! - `circuits/ladder10/{value,value_and_gradient}`: a loss over a 10-parameter circuit, alone
//!   and with its gradient (target: at most 3x). Its 10 parameters take two `Grad` passes, run
//!   in parallel, so the ratio depends on a free core; `RAYON_NUM_THREADS=1` gives the CPU cost;
//! - `circuits/noise10/{s,s_at,s_noise_at}`: that 10-part circuit over 1001 points, its S alone
//!   (the sweep, and point by point) and its S with its noise correlation matrix (issue 22:
//!   target at most 3x).
//!
//! `cargo bench -p pmrf-benches --bench circuits`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use num_complex::Complex64;
use pmrf::components::{Circuit, CircuitSolver, Netlist, SeriesC, SeriesL, SeriesR, ShuntC};
use pmrf::diff::value_and_gradient;
use pmrf::prelude::*;

/// The pi low-pass C-L-C, its netlist checked at compile time.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct PiLowpass<T: Scalar = f64> {
    #[circuit(input, gnd)]
    c1: SeriesC<T>,
    #[circuit(input, output)]
    l: SeriesL<T>,
    #[circuit(output, gnd)]
    c2: SeriesC<T>,
}

fn pi_lowpass(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let pi = PiLowpass {
        c1: SeriesC::new(2e-12),
        l: SeriesL::new(5e-9),
        c2: SeriesC::new(2e-12),
    };
    let chain = Cascade::new((ShuntC::new(2e-12), SeriesL::new(5e-9), ShuntC::new(2e-12)));
    c.bench_function("circuits/pi_lowpass/derived/1001pts", |b| {
        b.iter(|| black_box(&pi).s(&freq))
    });
    c.bench_function("circuits/pi_lowpass/cascade/1001pts", |b| {
        b.iter(|| black_box(&chain).s(&freq))
    });
    let mut nets = Netlist::new();
    nets.port(1, "input").port(2, "output");
    nets.part("c1", ["input", "gnd"])
        .part("l", ["input", "output"])
        .part("c2", ["output", "gnd"]);
    let netlist = Circuit::<_, 2>::new(pi.clone(), &nets).unwrap();
    c.bench_function("circuits/pi_lowpass/netlist/1001pts", |b| {
        b.iter(|| black_box(&netlist).s(&freq))
    });
    let exact = netlist.clone().with_solver(CircuitSolver::Connection);
    c.bench_function("circuits/pi_lowpass/netlist_connection/1001pts", |b| {
        b.iter(|| black_box(&exact).s(&freq))
    });
}

/// The parts of the 40-part circuit: a series-L chain, shunt capacitors and bridging resistors.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct MeshParts<T: Scalar = f64> {
    l: Vec<SeriesL<T>>,
    c: Vec<SeriesC<T>>,
    r: Vec<SeriesR<T>>,
}

/// The 24 non-grounded nodes `n0..n23` (and `gnd`): `l[i]` from `n{i}` to `n{i+1}` (23 parts),
/// `c[i]` from `n{2i}` to ground (12), `r[i]` from `n{4i+1}` to `n{4i+6}` (5); port 1 on `n0`,
/// port 2 on `n23`. Each as `(kind, index, node a, node b)`, node 24 the ground.
fn mesh_edges() -> Vec<(char, usize, usize, usize)> {
    let mut edges = Vec::new();
    edges.extend((0..23).map(|i| ('l', i, i, i + 1)));
    edges.extend((0..12).map(|i| ('c', i, 2 * i, GND)));
    edges.extend((0..5).map(|i| ('r', i, 4 * i + 1, 4 * i + 6)));
    edges
}
const GND: usize = 24;
const L_MESH: f64 = 2e-9;
const C_MESH: f64 = 0.8e-12;
const R_MESH: f64 = 100.0;

fn mesh() -> Circuit<MeshParts, 2> {
    let parts = MeshParts {
        l: vec![SeriesL::new(L_MESH); 23],
        c: vec![SeriesC::new(C_MESH); 12],
        r: vec![SeriesR::new(R_MESH); 5],
    };
    let name = |n: usize| {
        if n == GND {
            "gnd".to_string()
        } else {
            format!("n{n}")
        }
    };
    let mut net = Netlist::new();
    net.port(1, "n0").port(2, "n23");
    for (kind, i, a, b) in mesh_edges() {
        net.part(format!("{kind}[{i}]"), [name(a), name(b)]);
    }
    Circuit::new(parts, &net).unwrap()
}

/// The same circuit solved by hand: the 24 x 24 nodal matrix (ports as 50 ohm loads), LU with
/// partial pivoting and the two port columns solved per point, `S = (2 / 50) Z - I`.
fn hand_nodal(freq: &[f64], out: &mut [[Complex64; 4]]) {
    const N: usize = 24;
    let edges = mesh_edges();
    for (s, &f) in out.iter_mut().zip(freq) {
        let w = 2.0 * std::f64::consts::PI * f;
        let mut g = [[Complex64::new(0.0, 0.0); N + 2]; N];
        for &(kind, _, a, b) in &edges {
            let y = match kind {
                'l' => Complex64::new(0.0, -1.0 / (w * L_MESH)),
                'c' => Complex64::new(0.0, w * C_MESH),
                _ => Complex64::new(1.0 / R_MESH, 0.0),
            };
            g[a][a] += y;
            if b != GND {
                g[b][b] += y;
                g[a][b] -= y;
                g[b][a] -= y;
            }
        }
        g[0][0] += 1.0 / 50.0;
        g[23][23] += 1.0 / 50.0;
        g[0][N] = Complex64::new(1.0, 0.0);
        g[23][N + 1] = Complex64::new(1.0, 0.0);
        for col in 0..N {
            let p = (col..N)
                .max_by(|&i, &j| g[i][col].norm_sqr().total_cmp(&g[j][col].norm_sqr()))
                .unwrap();
            g.swap(col, p);
            let inv = g[col][col].inv();
            let (top, rest) = g.split_at_mut(col + 1);
            let pivot = &top[col];
            for row in rest {
                let m = row[col] * inv;
                for (x, p) in row[col..].iter_mut().zip(&pivot[col..]) {
                    *x -= m * p;
                }
            }
        }
        let mut z = [[Complex64::new(0.0, 0.0); 2]; N];
        for r in (0..N).rev() {
            for k in 0..2 {
                let mut v = g[r][N + k];
                for c in r + 1..N {
                    v -= g[r][c] * z[c][k];
                }
                z[r][k] = v / g[r][r];
            }
        }
        let k = 2.0 / 50.0;
        *s = [
            z[0][0] * k - 1.0,
            z[0][1] * k,
            z[23][0] * k,
            z[23][1] * k - 1.0,
        ];
    }
}

fn mesh40(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 10.0, 1001, FrequencyUnit::GHz).unwrap();
    let circuit = mesh();
    // The two agree before they race.
    let mut hand = vec![[Complex64::new(0.0, 0.0); 4]; freq.len()];
    hand_nodal(freq.hz(), &mut hand);
    let s = circuit.s(&freq);
    for (k, h) in hand.iter().enumerate() {
        let ours = [s[[k, 0, 0]], s[[k, 0, 1]], s[[k, 1, 0]], s[[k, 1, 1]]];
        for (a, b) in ours.iter().zip(h) {
            assert!((a - b).norm() < 1e-9, "point {k}: {a} vs {b}");
        }
    }
    c.bench_function("circuits/mesh40/pmrf/1001pts", |b| {
        b.iter(|| black_box(&circuit).s(&freq))
    });
    c.bench_function("circuits/mesh40/hand_nodal/1001pts", |b| {
        b.iter(|| hand_nodal(black_box(freq.hz()), &mut hand))
    });
}

/// A 10-parameter circuit: five series inductors from `n0` to `n5`, a capacitor from each of
/// `n1..n5` to ground; ports on `n0` and `n5`.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct LadderParts<T: Scalar = f64> {
    l: [SeriesL<T>; 5],
    c: [SeriesC<T>; 5],
}

/// A 10-part LC ladder: 5 series L, 5 shunt C, 6 nets.
fn ladder() -> Circuit<LadderParts, 2> {
    let mut net = Netlist::new();
    net.port(1, "n0").port(2, "n5");
    for i in 0..5 {
        net.part(format!("l[{i}]"), [format!("n{i}"), format!("n{}", i + 1)]);
        net.part(
            format!("c[{i}]"),
            [format!("n{}", i + 1), "gnd".to_string()],
        );
    }
    let parts = LadderParts {
        l: std::array::from_fn(|i| SeriesL::new(3e-9 + 1e-9 * i as f64)),
        c: std::array::from_fn(|i| SeriesC::new(1e-12 + 0.2e-12 * i as f64)),
    };
    let ladder: Circuit<LadderParts, 2> = Circuit::new(parts, &net).unwrap();
    ladder
}

fn ladder10(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 5.0, 101, FrequencyUnit::GHz).unwrap();
    let ladder = ladder();
    assert_eq!(ladder.param_names().len(), 10);
    fn loss<T: Scalar>(m: &Circuit<LadderParts<T>, 2, T>, freq: &Frequency) -> T {
        (freq.hz().iter())
            .map(|&f| m.s_at(T::from(f))[1][0].norm_sqr())
            .fold(T::zero(), |a, b| a + b)
    }
    c.bench_function("circuits/ladder10/value/101pts", |b| {
        b.iter(|| loss(black_box(&ladder), &freq))
    });
    c.bench_function("circuits/ladder10/value_and_gradient/101pts", |b| {
        b.iter(|| {
            value_and_gradient(black_box(&ladder), &Filter::Free, |m| loss(m, &freq)).unwrap()
        })
    });
}

fn noise10(c: &mut Criterion) {
    let freq = Frequency::linspace(0.1, 5.0, 1001, FrequencyUnit::GHz).unwrap();
    let ladder = ladder();
    c.bench_function("circuits/noise10/s/1001pts", |b| {
        b.iter(|| black_box(&ladder).s(&freq))
    });
    c.bench_function("circuits/noise10/s_at/1001pts", |b| {
        b.iter(|| {
            (freq.hz().iter())
                .map(|&f| black_box(&ladder).s_at(f)[1][0].re)
                .sum::<f64>()
        })
    });
    c.bench_function("circuits/noise10/s_noise_at/1001pts", |b| {
        b.iter(|| {
            (freq.hz().iter())
                .map(|&f| black_box(&ladder).s_noise_at(f, 290.0).1[1][1].re)
                .sum::<f64>()
        })
    });
}

criterion_group!(benches, pi_lowpass, mesh40, ladder10, noise10);
criterion_main!(benches);

//! Measured networks as blocks: `DataBlock` (N ports), `DynBlock` in run-time circuits
//! (`WithBlocks`), interpolation, out-of-band errors, group delay, and the cached elimination
//! of constant blocks against the full solve.

use std::f64::consts::PI;

use pmrf::components::{
    Capacitor, Circuit, DataBlock, DynBlock, Extrapolation, Inductor, Netlist, Resistor, SeriesL,
    WithBlocks,
};
use pmrf::ndarray::{Array2, Array3};
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;

fn c(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

/// A 1-port on `hz` with reflections `s`.
fn oneport(hz: &[f64], s: &[Complex64]) -> Network {
    let freq = Frequency::from_hz(hz.to_vec()).unwrap();
    let s = Array3::from_shape_fn((hz.len(), 1, 1), |(k, _, _)| s[k]);
    Network::from_s(freq, s).unwrap().with_name("load")
}

/// A reciprocal `n`-port with smooth, deterministic pseudo-random S (|S| well below 1).
fn synthetic(n: usize, freq: &Frequency, name: &str) -> Network {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let coef: Vec<(f64, f64, f64)> = (0..n * n).map(|_| (next(), next(), next())).collect();
    let scale = 0.9 / n as f64;
    let s = Array3::from_shape_fn((freq.len(), n, n), |(k, i, j)| {
        let (a, b, tau) = coef[i.min(j) * n + i.max(j)];
        let w = 2.0 * PI * freq.hz()[k] * (1.0 + tau) * 1e-9;
        Complex64::from_polar(scale * (0.6 + a), -w + b)
    });
    Network::from_s(freq.clone(), s).unwrap().with_name(name)
}

fn grid() -> Frequency {
    Frequency::linspace(1.0, 3.0, 21, FrequencyUnit::GHz).unwrap()
}

fn max_diff(a: &Array3<Complex64>, b: &Array3<Complex64>) -> f64 {
    assert_eq!(a.dim(), b.dim());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max)
}

const METHODS: [Interpolation; 3] = [
    Interpolation::Linear,
    Interpolation::MagnitudePhase,
    Interpolation::Cubic,
];

#[test]
fn on_its_own_grid_a_block_is_the_data_exactly() {
    let freq = grid();
    let net = synthetic(3, &freq, "three");
    for m in METHODS {
        let block = DataBlock::<3>::new(&net, m).unwrap();
        assert_eq!(block.s(&freq), *net.s(), "{m:?}");
        assert_eq!(block.to_dyn().ports(), 3);
    }
    let wrong = DataBlock::<2>::new(&net, Interpolation::Linear).unwrap_err();
    assert!(wrong.to_string().contains("`three` has 3 ports"), "{wrong}");
}

#[test]
fn interpolation_matches_hand_values() {
    // Linear: halfway between 0.5 and 0.5j.
    let net = oneport(&[1e9, 2e9], &[c(0.5, 0.0), c(0.0, 0.5)]);
    let lin = DataBlock::<1>::new(&net, Interpolation::Linear).unwrap();
    assert!((lin.s_at(1.5e9)[0][0] - c(0.25, 0.25)).norm() < 1e-15);
    // Magnitude-phase: |S| from 1 to 0.5 and the phase from 0 to pi/2, a quarter of the way.
    let net = oneport(&[1e9, 2e9], &[c(1.0, 0.0), c(0.0, 0.5)]);
    let mp = DataBlock::<1>::new(&net, Interpolation::MagnitudePhase).unwrap();
    let want = Complex64::from_polar(0.875, PI / 8.0);
    assert!((mp.s_at(1.25e9)[0][0] - want).norm() < 1e-15);
    let want = Complex64::from_polar(0.625, 3.0 * PI / 8.0); // anchored at the upper end
    assert!((mp.s_at(1.75e9)[0][0] - want).norm() < 1e-15);
    // Natural cubic spline through (1, 0), (2, 1), (3, 0) GHz: 0.6875 at 1.5 GHz (second
    // derivative -3 per GHz^2 in the middle, 0 at the ends).
    let net = oneport(&[1e9, 2e9, 3e9], &[c(0.0, 0.0), c(1.0, -1.0), c(0.0, 0.0)]);
    let cubic = DataBlock::<1>::new(&net, Interpolation::Cubic).unwrap();
    let got = cubic.s_at(1.5e9)[0][0];
    assert!((got - c(0.6875, -0.6875)).norm() < 1e-14, "{got}");
    // Network::interpolate agrees with the block.
    let fine = Frequency::from_hz([1.5e9, 2.5e9]).unwrap();
    let dense = net.interpolate(&fine, Interpolation::Cubic).unwrap();
    assert!((dense.s()[[0, 0, 0]] - got).norm() < 1e-15);
    assert!((dense.s()[[1, 0, 0]] - c(0.6875, -0.6875)).norm() < 1e-14);
}

#[test]
fn out_of_band_is_an_error_naming_the_block() {
    let net = synthetic(2, &grid(), "fixture");
    let block = DataBlock::<2>::new(&net, Interpolation::Linear).unwrap();
    assert!(block.s_at(3.5e9)[1][0].re.is_nan());
    assert!(block.s_at(0.5e9)[0][0].im.is_nan());
    let wide = Frequency::linspace(2.0, 4.0, 3, FrequencyUnit::GHz).unwrap();
    for e in [
        block.network(&wide).unwrap_err(),
        block.covers(&wide).unwrap_err(),
        block
            .s_into(&wide, Array3::zeros((3, 2, 2)).view_mut())
            .unwrap_err(),
    ] {
        let msg = e.to_string();
        assert!(
            msg.contains("`fixture`") && msg.contains("3000000000 Hz"),
            "{msg}"
        );
    }
    assert!(block.covers(&grid()).is_ok());
    // Opted in: the edge value, held.
    let held =
        DataBlock::<2>::with_extrapolation(&net, Interpolation::Linear, Extrapolation::HoldEdge)
            .unwrap();
    assert_eq!(held.s_at(3.5e9)[1][0], net.s()[[20, 1, 0]]);
    assert_eq!(held.s_at(0.1e9)[0][1], net.s()[[0, 0, 1]]);
    assert!(held.network(&wide).is_ok());
}

#[test]
fn group_delay_through_a_delay_line_block_is_the_delay() {
    let freq = Frequency::linspace(1.0, 2.0, 101, FrequencyUnit::GHz).unwrap();
    let tau = 1.3e-9;
    let s = Array3::from_shape_fn((freq.len(), 2, 2), |(k, i, j)| {
        let w = 2.0 * PI * freq.hz()[k];
        if i == j {
            c(0.0, 0.0)
        } else {
            Complex64::from_polar(0.9, -w * tau)
        }
    });
    let line = Network::from_s(freq.clone(), s).unwrap().with_name("line");
    let block = DataBlock::<2>::new(&line, Interpolation::MagnitudePhase).unwrap();
    let off_grid = Frequency::linspace(1.0023, 1.9971, 37, FrequencyUnit::GHz).unwrap();
    let delay = group_delay(&block, &off_grid, 1, 0).unwrap();
    for d in delay {
        assert!((d / tau - 1.0).abs() < 1e-12, "{d}");
    }
    // Through a cubic spline (smooth in frequency) it is close, not exact.
    let cubic = DataBlock::<2>::new(&line, Interpolation::Cubic).unwrap();
    for d in group_delay(&cubic, &off_grid, 1, 0).unwrap() {
        assert!((d / tau - 1.0).abs() < 1e-3, "{d}");
    }
}

#[test]
fn complex_reference_data_are_renormalised_to_50_ohm() {
    let freq = grid();
    let at50 = synthetic(2, &freq, "dut");
    let z0 = Array2::from_shape_fn((freq.len(), 2), |(k, p)| c(30.0 + 5.0 * p as f64, k as f64));
    let other = at50.renormalized(&z0, WaveDef::Power).unwrap();
    let block = DataBlock::<2>::new(&other, Interpolation::Linear).unwrap();
    assert!(max_diff(&block.s(&freq), at50.s()) < 1e-13);
}

#[test]
fn a_block_in_a_cascade_equals_skrf() {
    // scikit-rf's ind ** open, from the network algebra fixtures (tests/fixtures/network_ops.json).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/network_ops.json")).unwrap(),
    )
    .unwrap();
    let read = |name: &str| {
        let file = json["networks"][name]["file"].as_str().unwrap();
        Network::from_touchstone(root.join(file)).unwrap()
    };
    let (ind, open) = (read("ind"), read("open"));
    let want = &json["cases"]["cascade_ind_open"]["expect"];
    let chain = Cascade::new((
        DataBlock::<2>::new(&ind, Interpolation::Linear).unwrap(),
        DataBlock::<2>::new(&open, Interpolation::Linear).unwrap(),
    ));
    let hz: Vec<f64> = serde_json::from_value(want["f"].clone()).unwrap();
    let freq = Frequency::from_hz(hz).unwrap();
    let got = chain.network(&freq).unwrap();
    let (re, im) = (&want["s_re"], &want["s_im"]);
    let mut worst = 0.0f64;
    for ((k, i, j), g) in got.s().indexed_iter() {
        let w = c(re[k][i][j].as_f64().unwrap(), im[k][i][j].as_f64().unwrap());
        worst = worst.max((g - w).norm());
    }
    assert!(worst < 1e-12, "{worst:e}");
}

#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct Tuners<T: Scalar = f64> {
    l: Inductor<T>,
    c: Capacitor<T>,
    r: Resistor<T>,
}

#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct TunersAndBlock<T: Scalar = f64> {
    l: Inductor<T>,
    c: Capacitor<T>,
    r: Resistor<T>,
    dut: DataBlock<4, T>,
}

#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct TunersAndModel<T: Scalar = f64> {
    l: Inductor<T>,
    c: Capacitor<T>,
    r: Resistor<T>,
    dut: SeriesL<T>,
}

fn tuners() -> Tuners {
    Tuners {
        l: Inductor::new(3e-9),
        c: Capacitor::new(1.5e-12),
        r: Resistor::new(20.0),
    }
}

/// The 4-port `dut` with the tuners on its ports 2 and 3 (port 4 shorted through `r`): ports
/// 1 and 2 external.
fn netlist(dut_nets: [&str; 4]) -> Netlist {
    let mut net = Netlist::new();
    net.part("dut", dut_nets);
    net.part("l", ["b", "c"])
        .part("c", ["c", "gnd"])
        .part("r", ["d", "gnd"]);
    net.port(1, "a").port(2, "c");
    net
}

#[test]
fn a_block_in_a_circuit_equals_the_parametric_part() {
    let freq = grid();
    // A series inductor as data and as a model, between two nets.
    let model = SeriesL::new(2e-9);
    let data = model.network(&freq).unwrap().with_name("dut");
    let mut net = Netlist::new();
    net.part("dut", ["a", "b"]);
    net.part("l", ["b", "c"])
        .part("c", ["c", "gnd"])
        .part("r", ["b", "gnd"]);
    net.port(1, "a").port(2, "c");
    let parts = WithBlocks::new(
        tuners(),
        vec![DynBlock::new(&data, Interpolation::Cubic).unwrap()],
    )
    .unwrap();
    let with_block = Circuit::<_, 2>::new(parts, &net).unwrap();
    let t = tuners();
    let with_model = Circuit::<_, 2>::new(
        TunersAndModel {
            l: t.l,
            c: t.c,
            r: t.r,
            dut: model,
        },
        &net,
    )
    .unwrap();
    assert_eq!(with_block.param_names(), ["l.l", "c.c", "r.r"]);
    let d = max_diff(&with_block.s(&freq), &with_model.s(&freq));
    assert!(d < 1e-12, "{d:e}");
    // Twice: the second evaluation reads the cached elimination.
    assert!(max_diff(&with_block.s(&freq), &with_model.s(&freq)) < 1e-12);
}

#[test]
fn reduced_evaluation_equals_the_full_solve() {
    let freq = grid();
    let data = synthetic(4, &freq, "dut");
    let nets = ["a", "b", "c", "d"];
    let reduced = Circuit::<_, 2>::new(
        WithBlocks::new(
            tuners(),
            vec![DynBlock::new(&data, Interpolation::Linear).unwrap()],
        )
        .unwrap(),
        &netlist(nets),
    )
    .unwrap();
    let t = tuners();
    let full = Circuit::<_, 2>::new(
        TunersAndBlock {
            l: t.l,
            c: t.c,
            r: t.r,
            dut: DataBlock::new(&data, Interpolation::Linear).unwrap(),
        },
        &netlist(nets),
    )
    .unwrap();
    let d = max_diff(&reduced.s(&freq), &full.s(&freq));
    assert!(d < 1e-12, "{d:e}");
    // After a parameter changes, the cached elimination still gives the full answer, also
    // between the data's points.
    let tuned = reduced.with_params(&[5e-9, 0.7e-12, 3.0]).unwrap();
    let tuned_full = full.with_params(&[5e-9, 0.7e-12, 3.0]).unwrap();
    let fine = Frequency::linspace(1.0, 3.0, 57, FrequencyUnit::GHz).unwrap();
    for f in [&freq, &fine] {
        let d = max_diff(&tuned.s(f), &tuned_full.s(f));
        assert!(d < 1e-12, "{d:e}");
    }
    // Derivatives with respect to the parameters go through the reduction too.
    let out = |s: Mat<pmrf::diff::Grad, 2>| vec![s[1][0].re, s[1][0].im, s[0][0].re];
    let j = jacobian(&tuned, &Filter::All, |m| out(m.s_at(1.7e9.into()))).unwrap();
    let jf = jacobian(&tuned_full, &Filter::All, |m| out(m.s_at(1.7e9.into()))).unwrap();
    let scale = jf.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    for (a, b) in j.iter().zip(&jf) {
        assert!((a - b).abs() <= 1e-9 * scale, "{a} {b}");
    }
}

#[test]
fn a_block_of_more_than_32_ports_is_one_model() {
    let freq = Frequency::linspace(1.0, 2.0, 5, FrequencyUnit::GHz).unwrap();
    // A 40-port with every port but 1 and 2 terminated by a capacitor: one model of 2 ports.
    let data = synthetic(40, &freq, "big");
    let nets: Vec<String> = (0..40).map(|p| format!("p{p}")).collect();
    #[derive(Model, pmrf::Circuit, Clone, Debug)]
    struct Loads<T: Scalar = f64> {
        c: Vec<Capacitor<T>>,
    }
    let loads = Loads {
        c: (0..40)
            .map(|k| Capacitor::new(1e-12 * (1.0 + k as f64)))
            .collect(),
    };
    let mut full = Netlist::new();
    full.part("big", nets.clone());
    for (k, n) in nets.iter().enumerate().skip(2) {
        full.part(format!("c[{k}]"), [n.as_str(), "gnd"]);
    }
    full.part("c[0]", ["p0", "gnd"]).part("c[1]", ["p1", "gnd"]);
    full.port(1, "p0").port(2, "p1");
    let circuit = Circuit::<_, 2>::new(
        WithBlocks::new(
            loads,
            vec![DynBlock::new(&data, Interpolation::Linear).unwrap()],
        )
        .unwrap(),
        &full,
    )
    .unwrap();
    let s = circuit.s(&freq);
    assert!(s.iter().all(|z| z.norm() <= 1.0 + 1e-12));
    // Same answer by the full solve: the circuit solved twice (cached) and a fresh one.
    let again = circuit.with_params(&circuit.param_values()).unwrap();
    assert!(max_diff(&again.s(&freq), &s) < 1e-12);
    assert_eq!(circuit.topology().unknowns(), 40 + 2 * 40);
}

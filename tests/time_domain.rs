//! Time domain of network data against scikit-rf 2.2.0 (tests/fixtures/time_domain.json, made by
//! scripts/gen_time_fixtures.py from the scikit-rf data files in tests/data/touchstone/ and a
//! synthetic two-reflection line): impulse and step responses, extrapolation to DC, time gates.
//! Agreement is measured as the largest difference relative to the largest magnitude of the
//! reference vector. Then physics (a delay's impulse, gating a second reflection away) and bad
//! input.

use std::f64::consts::PI;
use std::path::Path;

use pmrf::io::touchstone;
use pmrf::ndarray::{Array2, Array3};
use pmrf::network::{Gate, GateMethod, TimeOptions, Window};
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;
use serde_json::Value;

const TOL: f64 = 1e-10;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/time_domain.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The numbers of `v`, nested arrays flattened in order.
fn floats(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().flat_map(floats).collect(),
        x => vec![x.as_f64().unwrap()],
    }
}

fn complexes(v: &Value) -> Vec<Complex64> {
    floats(&v["re"])
        .into_iter()
        .zip(floats(&v["im"]))
        .map(|(r, i)| Complex64::new(r, i))
        .collect()
}

fn file(name: &str) -> Network {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/touchstone");
    touchstone::read(dir.join(name)).unwrap().into_network()
}

fn one_port(hz: &[f64], s: &[Complex64]) -> Network {
    let freq = Frequency::from_hz(hz.to_vec()).unwrap();
    Network::from_s(
        freq,
        Array3::from_shape_fn((s.len(), 1, 1), |(k, _, _)| s[k]),
    )
    .unwrap()
}

fn source(fx: &Value, name: &str) -> Network {
    match name {
        "ntwk1_dc" => file("ntwk1.s2p").extrapolate_to_dc(None, None).unwrap(),
        "ring" => file("ring slot measured.s1p"),
        "line" => one_port(&floats(&fx["line"]["f"]), &complexes(&fx["line"]["s"])),
        _ => panic!("unknown source {name}"),
    }
}

fn window(v: &Value) -> Option<Window> {
    match v {
        Value::Null => None,
        Value::String(name) => Some(name.parse().unwrap()),
        Value::Array(a) => Some(
            format!("{}({})", a[0].as_str().unwrap(), a[1].as_f64().unwrap())
                .parse()
                .unwrap(),
        ),
        _ => panic!("window {v}"),
    }
}

/// Largest difference relative to the largest reference magnitude.
fn rel(got: &[Complex64], want: &[Complex64]) -> f64 {
    assert_eq!(got.len(), want.len());
    let scale = want.iter().map(|v| v.norm()).fold(0.0, f64::max);
    got.iter()
        .zip(want)
        .map(|(a, b)| (a - b).norm())
        .fold(0.0, f64::max)
        / scale
}

fn rel_real(got: &[f64], want: &[f64]) -> f64 {
    let c = |v: &[f64]| {
        v.iter()
            .map(|&x| Complex64::new(x, 0.0))
            .collect::<Vec<_>>()
    };
    rel(&c(got), &c(want))
}

fn options(case: &Value) -> TimeOptions {
    TimeOptions {
        window: window(&case["window"]),
        n: case["n"].as_u64().map(|n| n as usize),
        pad: case["pad"].as_u64().unwrap() as usize,
        bandpass: case.get("bandpass").and_then(Value::as_bool),
    }
}

fn port(case: &Value, key: &str) -> usize {
    case[key].as_u64().unwrap() as usize
}

#[test]
fn extrapolation_to_dc_matches_skrf() {
    let fx = fixture();
    let case = &fx["extrapolate"][0];
    let dc = file("ntwk1.s2p").extrapolate_to_dc(None, None).unwrap();
    let hz = floats(&case["f"]);
    assert_eq!(dc.len(), hz.len());
    assert!(rel_real(dc.frequency().hz(), &hz) < 1e-15);
    let want = complexes(&case["s"]);
    let got: Vec<Complex64> = dc.s().iter().copied().collect();
    let r = rel(&got, &want);
    println!("extrapolate_to_dc: {r:.1e}");
    assert!(r < TOL, "{r}");
    assert_eq!(dc.s()[[0, 1, 0]].im, 0.0);
}

#[test]
fn impulse_responses_match_skrf() {
    let fx = fixture();
    for case in fx["impulse"].as_array().unwrap() {
        let net = source(&fx, case["source"].as_str().unwrap());
        let ir = net
            .impulse_response(port(case, "to"), port(case, "from"), &options(case))
            .unwrap();
        let (rt, ry) = (
            rel_real(ir.t.as_slice().unwrap(), &floats(&case["t"])),
            rel(ir.y.as_slice().unwrap(), &complexes(&case["y"])),
        );
        println!(
            "impulse {} {} n={} pad={}: t {rt:.1e}, y {ry:.1e}",
            case["source"], case["window"], case["n"], case["pad"]
        );
        assert!(rt < TOL && ry < TOL, "{case:.80}: t {rt}, y {ry}");
    }
}

#[test]
fn step_responses_match_skrf() {
    let fx = fixture();
    for case in fx["step"].as_array().unwrap() {
        let net = source(&fx, case["source"].as_str().unwrap());
        let st = net
            .step_response(port(case, "to"), port(case, "from"), &options(case))
            .unwrap();
        let (rt, ry) = (
            rel_real(st.t.as_slice().unwrap(), &floats(&case["t"])),
            rel(st.y.as_slice().unwrap(), &complexes(&case["y"])),
        );
        println!(
            "step {} {} n={} pad={}: t {rt:.1e}, y {ry:.1e}",
            case["source"], case["window"], case["n"], case["pad"]
        );
        assert!(rt < TOL && ry < TOL, "t {rt}, y {ry}");
    }
}

#[test]
fn time_gates_match_skrf() {
    let fx = fixture();
    for case in fx["gate"].as_array().unwrap() {
        let net = source(&fx, case["source"].as_str().unwrap());
        let mut gate = match case.get("center") {
            Some(c) => Gate::center_span(c.as_f64().unwrap(), case["span"].as_f64().unwrap()),
            None => Gate::start_stop(
                case["start"].as_f64().unwrap(),
                case["stop"].as_f64().unwrap(),
            ),
        }
        .window(window(&case["window"]).unwrap())
        .fft_window(window(&case["fft_window"]));
        if case["mode"] == "bandstop" {
            gate = gate.bandstop();
        }
        if case["method"] == "rfft" {
            gate = gate.method(GateMethod::Rfft);
        }
        let gated = net.time_gate(&gate).unwrap();
        let (to, from) = (port(case, "to"), port(case, "from"));
        let r = rel(
            gated.trace(to, from).unwrap().as_slice().unwrap(),
            &complexes(&case["s"]),
        );
        println!(
            "gate {} {} {} {}: {r:.1e}",
            case["source"], case["mode"], case["method"], case["window"]
        );
        assert!(r < TOL, "{r}");
    }
}

fn delay(f: f64, t: f64) -> Complex64 {
    Complex64::from_polar(1.0, -2.0 * PI * f * t)
}

fn two_reflections() -> (Vec<f64>, Network) {
    let hz: Vec<f64> = (0..201).map(|k| k as f64 * 50e6).collect();
    let s: Vec<Complex64> = hz
        .iter()
        .map(|&f| delay(f, 1e-9) * 0.5 + delay(f, 3e-9) * 0.25)
        .collect();
    (hz.clone(), one_port(&hz, &s))
}

#[test]
fn a_pure_delay_peaks_at_the_delay() {
    for tau in [0.5e-9, 1.3e-9, 2e-9] {
        let hz: Vec<f64> = (0..201).map(|k| k as f64 * 50e6).collect();
        let s: Vec<Complex64> = hz.iter().map(|&f| delay(f, tau)).collect();
        let net = one_port(&hz, &s);
        for bandpass in [false, true] {
            let opts = TimeOptions {
                pad: 2000,
                bandpass: Some(bandpass),
                ..Default::default()
            };
            let ir = net.impulse_response(0, 0, &opts).unwrap();
            let k = (0..ir.t.len())
                .max_by(|&a, &b| ir.y[a].norm().total_cmp(&ir.y[b].norm()))
                .unwrap();
            let dt = ir.t[1] - ir.t[0];
            assert!(
                (ir.t[k] - tau).abs() <= dt,
                "tau {tau}, bandpass {bandpass}: peak at {}",
                ir.t[k]
            );
        }
    }
    // The step of a matched delay line's transmission settles to the sum of the half window.
    let net = one_port(&[0.0, 1e9, 2e9], &[Complex64::new(1.0, 0.0); 3]);
    let st = net
        .step_response(
            0,
            0,
            &TimeOptions {
                window: None,
                ..Default::default()
            },
        )
        .unwrap();
    assert!((st.y[st.y.len() - 1].re - 1.0).abs() < 1e-12);
}

#[test]
fn gating_removes_the_second_reflection() {
    let (hz, net) = two_reflections();
    for method in [GateMethod::Fft, GateMethod::Rfft] {
        let first = net
            .time_gate(&Gate::center_span(1e-9, 1e-9).method(method))
            .unwrap();
        let second = net
            .time_gate(&Gate::start_stop(0.5e-9, 1.5e-9).bandstop().method(method))
            .unwrap();
        // Away from the band edges (where the spectrum window, divided out, amplifies the
        // gate's leakage), each is one reflection, to the sidelobes of the other (~1%).
        for (k, &f) in hz.iter().enumerate().take(160).skip(40) {
            assert!(
                (first.s()[[k, 0, 0]] - delay(f, 1e-9) * 0.5).norm() < 0.02,
                "{method:?} k {k}"
            );
            assert!(
                (second.s()[[k, 0, 0]] - delay(f, 3e-9) * 0.25).norm() < 0.02,
                "{method:?} k {k}"
            );
        }
        // In time, the gated data has no second reflection left: at 3 ns its impulse is below
        // 1% of the first reflection's, where the data's is half of it. (Without a spectrum
        // window: dividing it out blows up the band edges, which spreads over all times.)
        let first = net
            .time_gate(
                &Gate::center_span(1e-9, 1e-9)
                    .method(method)
                    .fft_window(None),
            )
            .unwrap();
        let second = net
            .time_gate(
                &Gate::start_stop(0.5e-9, 1.5e-9)
                    .bandstop()
                    .method(method)
                    .fft_window(None),
            )
            .unwrap();
        let at = |net: &Network, t: f64| {
            let ir = net.impulse_response(0, 0, &TimeOptions::default()).unwrap();
            let k = (0..ir.t.len())
                .min_by(|&a, &b| (ir.t[a] - t).abs().total_cmp(&(ir.t[b] - t).abs()))
                .unwrap();
            ir.y[k].norm()
        };
        assert!(at(&net, 3e-9) / at(&net, 1e-9) > 0.45);
        assert!(
            at(&first, 3e-9) / at(&first, 1e-9) < 1e-2,
            "{}",
            at(&first, 3e-9) / at(&first, 1e-9)
        );
        assert!(at(&second, 1e-9) / at(&second, 3e-9) < 1e-2);
        // Band-pass plus band-stop of the same gate is the data.
        let back = net
            .time_gate(
                &Gate::center_span(1e-9, 1e-9)
                    .bandstop()
                    .method(method)
                    .fft_window(None),
            )
            .unwrap();
        let total = first.s() + back.s();
        assert!(
            total
                .iter()
                .zip(net.s())
                .all(|(a, b)| (a - b).norm() < 1e-12)
        );
    }
}

#[test]
fn multiport_gates_gate_each_entry() {
    let fx = fixture();
    let net = source(&fx, "ntwk1_dc");
    let gate = Gate::center_span(0.2e-9, 1e-9);
    let all = net.time_gate(&gate).unwrap();
    for (to, from) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
        let s = net.trace(to, from).unwrap();
        let one = one_port(net.frequency().hz(), s.as_slice().unwrap())
            .time_gate(&gate)
            .unwrap();
        assert_eq!(all.trace(to, from).unwrap(), one.trace(0, 0).unwrap());
    }
    assert_eq!(all.z0(), net.z0());
}

fn message(r: Result<impl std::fmt::Debug, pmrf::Error>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn bad_input_is_a_clear_error() {
    let (_, net) = two_reflections();
    // A grid that is not uniform.
    let s = [Complex64::new(0.1, 0.0); 4];
    let uneven = one_port(&[0.0, 1e9, 2e9, 4e9], &s).with_name("uneven");
    let m = message(uneven.impulse_response(0, 0, &TimeOptions::default()));
    assert!(
        m.contains("uniform") && m.contains("`uneven`") && m.contains("point 1 at 1000000000 Hz"),
        "{m}"
    );
    assert!(message(uneven.time_gate(&Gate::center_span(0.0, 1e-10))).contains("uniform"));
    // Too few points.
    let single = one_port(&[1e9], &s[..1]);
    let m = message(single.step_response(0, 0, &TimeOptions::default()));
    assert!(
        m.contains("at least 2 points") && m.contains("has 1"),
        "{m}"
    );
    assert!(message(single.extrapolate_to_dc(None, None)).contains("at least 2"));
    // Low-pass without DC.
    let no_dc = one_port(&[1e9, 2e9, 3e9], &s[..3]);
    let m = message(no_dc.step_response(0, 0, &TimeOptions::default()));
    assert!(m.contains("0 Hz") && m.contains("extrapolate_to_dc"), "{m}");
    // A gate outside the time span (+-10 ns for 50 MHz steps), backwards, or not finite.
    let m = message(net.time_gate(&Gate::start_stop(1e-9, 20e-9)));
    assert!(m.contains("outside the time span"), "{m}");
    assert!(message(net.time_gate(&Gate::start_stop(2e-9, 1e-9))).contains("start < stop"));
    assert!(message(net.time_gate(&Gate::center_span(f64::NAN, 1e-9))).contains("finite"));
    // A spectrum window with a zero, which the gate would divide by.
    let m = message(net.time_gate(&Gate::center_span(1e-9, 1e-9).fft_window(Some(Window::Hann))));
    assert!(m.contains("is 0 at sample 0"), "{m}");
    // Unknown windows.
    for bad in ["gaussian", "kaiser", "kaiser(x)", ""] {
        let m = message(bad.parse::<Window>());
        assert!(
            m.contains("unknown window") && m.contains("kaiser(beta)"),
            "{bad}: {m}"
        );
    }
    // Ports, DC matrices and lengths.
    assert!(net.impulse_response(1, 0, &TimeOptions::default()).is_err());
    let opts = TimeOptions {
        n: Some(0),
        ..Default::default()
    };
    assert!(message(net.impulse_response(0, 0, &opts)).contains("n must be >= 1"));
    assert!(
        message(net.step_response(
            0,
            0,
            &TimeOptions {
                bandpass: Some(true),
                ..Default::default()
            }
        ))
        .contains("low-pass only")
    );
    let m = message(no_dc.extrapolate_to_dc(None, Some(&Array2::zeros((2, 2)))));
    assert!(m.contains("(1, 1)"), "{m}");
}

#[test]
fn extrapolation_uses_a_given_dc_value_and_keeps_dc_data() {
    let s = [
        Complex64::new(0.2, 0.1),
        Complex64::new(0.3, 0.0),
        Complex64::new(0.4, 0.0),
    ];
    let no_dc = one_port(&[1e9, 2e9, 3e9], &s);
    let dc = no_dc
        .extrapolate_to_dc(
            None,
            Some(&Array2::from_elem((1, 1), Complex64::new(0.1, 0.5))),
        )
        .unwrap();
    assert_eq!(dc.frequency().hz(), &[0.0, 1e9, 2e9, 3e9]);
    // DC made real, the data kept.
    assert_eq!(dc.s()[[0, 0, 0]], Complex64::new(0.1, 0.0));
    assert!((dc.s()[[2, 0, 0]] - s[1]).norm() < 1e-15);
    let with_dc = one_port(&[0.0, 1e9], &s[..2]);
    assert_eq!(with_dc.extrapolate_to_dc(Some(7), None).unwrap(), with_dc);
}

//! Noise of active 2-ports: noise parameters and their correlation matrices in every form,
//! `NoisyAmplifier` and `NoisyTwoPort`, the noise outputs, against scikit-rf 2.2.0
//! (`tests/fixtures/noise.json`, made by `scripts/gen_noise_fixtures.py`) and closed forms.

use pmrf::components::{
    Attenuator, Extrapolation, NoisyAmplifier, NoisyTwoPort, ResistiveSplitter, SeriesR, ShuntR,
};
use pmrf::io::touchstone;
use pmrf::network::convert::s2a;
use pmrf::network::noise::{self, NoiseParams, NoiseSweep, T0};
use pmrf::network::{Z0, matrix};
use pmrf::prelude::*;
use serde_json::Value;

type C = Complex<f64>;

fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/noise.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// Element `k` of a `{"re": [...], "im": [...]}` array (any depth, by `at`).
fn cplx(v: &Value, at: impl Fn(&Value) -> &Value) -> C {
    C::new(num(at(&v["re"])), num(at(&v["im"])))
}

fn mat(v: &Value, k: usize) -> Mat<f64, 2> {
    std::array::from_fn(|i| std::array::from_fn(|j| cplx(v, |x| &x[k][i][j])))
}

fn gammas(fx: &Value) -> Vec<C> {
    let n = fx["gamma_s"]["re"].as_array().unwrap().len();
    (0..n).map(|k| cplx(&fx["gamma_s"], |x| &x[k])).collect()
}

/// skrf's noise parameters at point `k` of an entry.
fn params(e: &Value, k: usize) -> NoiseParams {
    NoiseParams {
        nf_min: num(&e["nf_min"][k]),
        gamma_opt: cplx(&e["gamma_opt"], |x| &x[k]),
        rn: num(&e["rn_ohm"][k]),
    }
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

fn mat_rel(a: &Mat<f64, 2>, b: &Mat<f64, 2>) -> f64 {
    let scale = b.iter().flatten().map(|z| z.norm()).fold(0.0, f64::max);
    common_dev(a, b) / scale
}

fn common_dev(a: &Mat<f64, 2>, b: &Mat<f64, 2>) -> f64 {
    (a.iter().flatten().zip(b.iter().flatten()))
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max)
}

fn assert_params(got: &NoiseParams, want: &NoiseParams, tol: f64, what: &str) {
    let devs = [
        rel(got.nf_min, want.nf_min),
        (got.gamma_opt - want.gamma_opt).norm(),
        rel(got.rn, want.rn),
    ];
    assert!(devs.iter().all(|&d| d < tol), "{what}: {got:?} vs {want:?}");
}

#[test]
fn params_round_trip_through_every_form_exactly() {
    let fx = fixture();
    for (name, e) in fx["files"].as_object().unwrap() {
        for k in 0..e["f_hz"].as_array().unwrap().len() {
            let (p, s) = (params(e, k), mat(&e["s"], k));
            // The chain form is scikit-rf's `Network.noise / k`:
            assert!(
                mat_rel(&p.to_abcd(), &mat(&e["ca"], k)) < 1e-12,
                "{name} {k}"
            );
            let c = p.to_s(&s);
            assert_params(&NoiseParams::from_s(&s, &c).unwrap(), &p, 1e-12, name);
            assert_params(
                &NoiseParams::from_abcd(&p.to_abcd()).unwrap(),
                &p,
                1e-12,
                name,
            );
            let cz = noise::s_to_z(&s, &c).unwrap();
            assert!(mat_rel(&noise::z_to_s(&s, &cz), &c) < 1e-12, "{name} {k} Z");
            let cy = noise::s_to_y(&s, &c).unwrap();
            assert!(mat_rel(&noise::y_to_s(&s, &cy), &c) < 1e-12, "{name} {k} Y");
            let ca = noise::s_to_abcd(&s, &c).unwrap();
            assert!(
                mat_rel(&noise::abcd_to_s(&s, &ca), &c) < 1e-12,
                "{name} {k} ABCD"
            );
        }
    }
}

#[test]
fn noisy_two_port_matches_scikit_rf_on_noisy_touchstone_files() {
    let fx = fixture();
    let gs = gammas(&fx);
    let mut worst = 0.0f64;
    for (name, e) in fx["files"].as_object().unwrap() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(e["path"].as_str().unwrap());
        let file = touchstone::read(&path).unwrap();
        let part = file
            .noisy_two_port(Interpolation::Linear, Extrapolation::Refuse)
            .unwrap();
        let hz: Vec<f64> = (e["f_hz"].as_array().unwrap().iter()).map(num).collect();
        for (k, &f) in hz.iter().enumerate() {
            let (s, c) = part.s_noise_at(f, T0);
            assert!(common_dev(&s, &mat(&e["s"], k)) < 1e-12, "{name} S at {f}");
            let p = NoiseParams::from_s(&s, &c).unwrap();
            assert_params(&p, &params(e, k), 1e-12, &format!("{name} at {f} Hz"));
            for (j, &g) in gs.iter().enumerate() {
                let want = num(&e["nf"][j][k]);
                let got = noise::noise_figure(&s, &c, 0, 1, g);
                worst = worst.max(rel(got, want)).max(rel(p.noise_factor(g), want));
                assert!(
                    rel(got, want) < 1e-12,
                    "{name} at {f} Hz, gamma_s {g}: {got} vs {want}"
                );
            }
        }
        // The sweeps agree with the points.
        let grid = Frequency::from_hz(hz.clone()).unwrap();
        let nf = part.noise_figure_db(&grid, 0, 1, gs[1]).unwrap();
        for k in 0..hz.len() {
            assert!(
                (nf[k] - 10.0 * num(&e["nf"][1][k]).log10()).abs() < 1e-11,
                "{name}"
            );
        }
        let te = part.noise_temperature(&grid, 0, 1, gs[0]).unwrap();
        assert!(
            (te[0] - T0 * (num(&e["nf"][0][0]) - 1.0)).abs() < 1e-9,
            "{name}"
        );
    }
    eprintln!("worst relative deviation of NF from scikit-rf: {worst:.1e}");
}

/// The 2-port noise cascade in chain form, `C = A1 C2 A1^H + C1` (Hillbrand and Russer), here
/// only to check the fixture and the forms; composites propagate noise themselves.
fn cascade_ca(s1: &Mat<f64, 2>, c1: &Mat<f64, 2>, c2: &Mat<f64, 2>) -> Mat<f64, 2> {
    let a = s2a(s1, Z0);
    let ah = [
        [a[0][0].conj(), a[1][0].conj()],
        [a[0][1].conj(), a[1][1].conj()],
    ];
    matrix::add(&matrix::mul(&matrix::mul(&a, c2), &ah), c1)
}

#[test]
fn chain_form_cascade_matches_scikit_rf() {
    let fx = fixture();
    let gs = gammas(&fx);
    let att = Attenuator::new(num(&fx["attenuator_db"]));
    for (name, e) in fx["cascades"].as_object().unwrap() {
        let stages = &e["stages"];
        for (k, &f) in (e["f_hz"].as_array().unwrap().iter())
            .map(num)
            .collect::<Vec<_>>()
            .iter()
            .enumerate()
        {
            let s1 = mat(&stages[0]["s"], k);
            let (c1, c2) = (
                params(&stages[0], k).to_abcd(),
                params(&stages[1], k).to_abcd(),
            );
            let ca = cascade_ca(&s1, &c1, &c2);
            assert!(mat_rel(&ca, &mat(&e["ca"], k)) < 1e-12, "{name} at {f}");
            let s = mat(&e["s"], k);
            let c = noise::abcd_to_s(&s, &ca);
            assert_params(
                &NoiseParams::from_s(&s, &c).unwrap(),
                &params(e, k),
                1e-11,
                name,
            );
            for (j, &g) in gs.iter().enumerate() {
                let got = noise::noise_figure(&s, &c, 0, 1, g);
                assert!(
                    rel(got, num(&e["nf"][j][k])) < 1e-11,
                    "{name} at {f}, gamma_s {g}"
                );
            }
        }
        // The fixture's attenuator (closed form) is Bosma's at T0.
        for st in stages.as_array().unwrap() {
            if (num(&st["nf_min"][0]) - 10f64.powf(0.3)).abs() < 1e-9 {
                let (s, c) = att.s_noise_at(2e9, T0);
                let p = NoiseParams::from_s(&s, &c).unwrap();
                assert_params(&p, &params(st, 0), 1e-12, "attenuator");
            }
        }
    }
}

#[test]
fn friis_for_matched_stages() {
    let (a1, a2) = (
        NoisyAmplifier::new(12.0, 60.0),
        NoisyAmplifier::new(18.0, 400.0),
    );
    let (s1, c1) = a1.s_noise_at(1e9, T0);
    let (s2, c2) = a2.s_noise_at(1e9, T0);
    let ca = cascade_ca(
        &s1,
        &noise::s_to_abcd(&s1, &c1).unwrap(),
        &noise::s_to_abcd(&s2, &c2).unwrap(),
    );
    let s = [
        [C::new(0.0, 0.0); 2],
        [s1[1][0] * s2[1][0], C::new(0.0, 0.0)],
    ];
    let c = noise::abcd_to_s(&s, &ca);
    let f = noise::noise_figure(&s, &c, 0, 1, C::new(0.0, 0.0));
    let (f1, f2, g1) = (1.0 + 60.0 / T0, 1.0 + 400.0 / T0, 10f64.powf(1.2));
    assert!(rel(f, f1 + (f2 - 1.0) / g1) < 1e-12, "{f}");
    assert!(rel(noise::noise_temperature(f), 60.0 + 400.0 / g1) < 1e-12);
}

#[test]
fn noisy_amplifier_closed_forms_and_sweeps() {
    let amp = NoisyAmplifier::new(15.0, 120.0);
    let grid = Frequency::linspace(1.0, 3.0, 5, FrequencyUnit::GHz).unwrap();
    for p in amp.noise_params(&grid, 0, 1).unwrap() {
        assert!(rel(p.nf_min, 1.0 + 120.0 / T0) < 1e-13 && p.gamma_opt.norm() < 1e-13);
        assert!(rel(p.rn, Z0 * 120.0 / (4.0 * T0)) < 1e-13);
    }
    let g = C::new(0.4, -0.3);
    let want = 1.0 + 120.0 / (T0 * (1.0 - g.norm_sqr()));
    let nf = amp.noise_figure_db(&grid, 0, 1, g).unwrap();
    assert!(nf.iter().all(|x| (x - 10.0 * want.log10()).abs() < 1e-12));
    let amp = NoisyAmplifier::from_noise_figure_db(10.0, 2.0);
    let te = amp
        .noise_temperature(&grid, 0, 1, C::new(0.0, 0.0))
        .unwrap();
    assert!(rel(te[0], T0 * (10f64.powf(0.2) - 1.0)) < 1e-12);
    // The physical temperature passed down does not change an active part's noise.
    assert_eq!(amp.s_noise_at(1e9, T0), amp.s_noise_at(1e9, 77.0));
}

#[test]
fn resistors_have_their_closed_form_z_and_y_noise() {
    // A series R: short-circuit currents of 4 k T / R (opposite at the two ports), all of it
    // the chain form's series voltage 4 k T R; it has no Z form.
    let (s, c) = SeriesR::new(30.0).s_noise_at(1e9, T0);
    let ca = noise::s_to_abcd(&s, &c).unwrap();
    assert!(rel(ca[0][0].re, 4.0 * T0 * 30.0) < 1e-12 && ca[1][1].norm() < 1e-9);
    let cy = noise::s_to_y(&s, &c).unwrap();
    for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let sign = if i == j { 1.0 } else { -1.0 };
        assert!(rel(cy[i][j].re, sign * 4.0 * T0 / 30.0) < 1e-12 && cy[i][j].im.abs() < 1e-12);
    }
    assert!(noise::s_to_z(&s, &c).is_err_and(|e| e.to_string().contains("no Z form")));
    // A shunt R: open-circuit voltages of 4 k T R at both ports, the chain form's current
    // 4 k T / R; it has no Y form.
    let (s, c) = ShuntR::new(80.0).s_noise_at(1e9, T0);
    let cz = noise::s_to_z(&s, &c).unwrap();
    assert!(
        cz.iter()
            .flatten()
            .all(|z| rel(z.re, 4.0 * T0 * 80.0) < 1e-12 && z.im.abs() < 1e-9)
    );
    let ca = noise::s_to_abcd(&s, &c).unwrap();
    assert!(ca[0][0].norm() < 1e-9 && rel(ca[1][1].re, 4.0 * T0 / 80.0) < 1e-12);
    assert!(noise::s_to_y(&s, &c).is_err_and(|e| e.to_string().contains("no Y form")));
}

#[test]
fn n_port_noise_parameters_match_its_noise_figure() {
    // A resistive splitter at T0 from port 1 to port 2, port 3 matched at T0: the 2-port view
    // gives noise parameters whose F(gamma_s) is the N-port noise figure.
    let (s, c) = ResistiveSplitter::new(50.0 / 3.0).s_noise_at(1e9, T0);
    let p = noise::noise_params(&s, &c, 0, 1).unwrap();
    for g in [C::new(0.0, 0.0), C::new(0.5, 0.2), C::new(-0.3, -0.6)] {
        let f = noise::noise_figure(&s, &c, 0, 1, g);
        assert!(
            rel(p.noise_factor(g), f) < 1e-12,
            "{g}: {} vs {f}",
            p.noise_factor(g)
        );
    }
    // Matched at T0 it is 1 / G_A: 6 dB of loss, F = 4.
    assert!(rel(p.nf_min, 4.0) < 1e-12 && p.gamma_opt.norm() < 1e-12);
}

#[test]
fn noise_circles_hold_their_noise_factor() {
    let p = NoiseParams::from_db(1.2, C::from_polar(0.45, 2.1), 14.0);
    for f in [p.nf_min * 1.1, p.nf_min + 0.5, 3.0] {
        let (centre, radius) = p.circle(f).unwrap();
        for k in 0..8 {
            let g = centre + C::from_polar(radius, k as f64 * 0.8);
            assert!(rel(p.noise_factor(g), f) < 1e-12, "{f} at {g}");
        }
    }
    assert_eq!(p.circle(p.nf_min), Some((p.gamma_opt, 0.0)));
    assert_eq!(p.circle(p.nf_min * 0.9), None);
}

#[derive(Model, Clone, Debug, PartialEq)]
struct TwoStage<T: Scalar = f64> {
    first: NoisyAmplifier<T>,
    second: NoisyAmplifier<T>,
}

/// The noise figure (dB) of two stages in cascade from a mismatched source.
fn two_stage_nf_db<T: Scalar>(m: &TwoStage<T>) -> T {
    let (s1, c1) = m.first.s_noise_at(T::from(1e9), T::from(T0));
    let (s2, c2) = m.second.s_noise_at(T::from(1e9), T::from(T0));
    let (a1, a2) = (
        noise::s_to_abcd(&s1, &c1).unwrap(),
        noise::s_to_abcd(&s2, &c2).unwrap(),
    );
    let a = pmrf::network::convert::s2a(&s1, Z0);
    let ah = [
        [a[0][0].conj(), a[1][0].conj()],
        [a[0][1].conj(), a[1][1].conj()],
    ];
    let ca = matrix::add(&matrix::mul(&matrix::mul(&a, &a2), &ah), &a1);
    let zero = Complex::new(T::zero(), T::zero());
    let s = [[zero, zero], [s1[1][0] * s2[1][0], zero]];
    let c = noise::abcd_to_s(&s, &ca);
    let g = Complex::new(T::from(0.3), T::from(-0.2));
    noise::noise_figure(&s, &c, 0, 1, g).log10() * T::from(10.0)
}

#[test]
fn noise_figure_derivatives_match_central_differences() {
    let model = TwoStage {
        first: NoisyAmplifier::new(8.0, 90.0),
        second: NoisyAmplifier::new(14.0, 350.0),
    };
    let grad = gradient(&model, &Filter::All, two_stage_nf_db).unwrap();
    // [first.gain_db, first.noise_temperature, second.gain_db, second.noise_temperature]
    assert!(
        grad[2].abs() < 1e-15,
        "the last gain does not change NF: {grad:?}"
    );
    let x = model.param_values();
    for k in [0, 1, 3] {
        let h = x[k] * 1e-6;
        let at = |d: f64| {
            let mut v = x.clone();
            v[k] += d;
            two_stage_nf_db(&model.with_params(&v).unwrap())
        };
        let fd = (at(h) - at(-h)) / (2.0 * h);
        assert!(
            grad[k].abs() > 1e-6 && rel(grad[k], fd) < 1e-6,
            "{k}: {} vs {fd}",
            grad[k]
        );
    }
}

#[test]
fn out_of_band_noise_is_nan_and_an_error_unless_held() {
    let text = "# GHz S MA R 50\n1 0 0 10 0 0 0 0 0\n2 0 0 10 0 0 0 0 0\n3 0 0 10 0 0 0 0 0\n\
                1.5 1.0 0.3 45 0.2\n2.5 2.0 0.2 90 0.4\n";
    let file = touchstone::read_str(text, Some(2)).unwrap();
    let part = file
        .noisy_two_port(Interpolation::Linear, Extrapolation::Refuse)
        .unwrap();
    assert_eq!(part.noise_frequencies(), &[1.5e9, 2.5e9]);
    let (s, c) = part.s_noise_at(1.2e9, T0);
    assert!(s[1][0].re == 10.0 && c[0][0].re.is_nan());
    let grid = Frequency::linspace(1.0, 3.0, 5, FrequencyUnit::GHz).unwrap();
    let nf = part.noise_figure_db(&grid, 0, 1, C::new(0.0, 0.0)).unwrap();
    assert!(nf[0].is_nan() && nf[1].is_finite() && nf[4].is_nan());
    let err = part.covers(&grid).unwrap_err().to_string();
    assert!(
        err.contains("noise data from 1500000000 to 2500000000 Hz") && err.contains("1000000000"),
        "{err}"
    );
    assert!(part.network(&grid).is_ok(), "S itself covers the grid");
    let held = file
        .noisy_two_port(Interpolation::Linear, Extrapolation::HoldEdge)
        .unwrap();
    let (pa, pb) = (
        NoiseParams::from_db(1.0, C::from_polar(0.3, 0.25 * std::f64::consts::PI), 10.0),
        NoiseParams::from_db(2.0, C::from_polar(0.2, 0.5 * std::f64::consts::PI), 20.0),
    );
    let nf = held.noise_figure_db(&grid, 0, 1, pa.gamma_opt).unwrap();
    let edge = 10.0 * pb.noise_factor(pa.gamma_opt).log10();
    assert!(
        (nf[0] - 1.0).abs() < 1e-12 && (nf[4] - edge).abs() < 1e-12,
        "{nf:?}"
    );
    held.covers(&grid).unwrap();
    // Noise parameters in between: the chain matrix is linear in frequency.
    let (s, c) = part.s_noise_at(2e9, T0);
    let mid = NoiseParams::from_s(&s, &c).unwrap();
    let ca = matrix::scale(&matrix::add(&pa.to_abcd(), &pb.to_abcd()), C::new(0.5, 0.0));
    assert_params(
        &mid,
        &NoiseParams::from_abcd(&ca).unwrap(),
        1e-12,
        "midpoint",
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let no_noise = touchstone::read_str("# GHz S MA R 50\n1 0 0 1 0 1 0 0 0\n", Some(2)).unwrap();
    let err = no_noise
        .noisy_two_port(Interpolation::Linear, Extrapolation::Refuse)
        .unwrap_err();
    assert!(err.to_string().contains("no noise block"), "{err}");
    let net = no_noise.network.clone();
    let p = NoiseParams::from_db(1.0, C::new(0.0, 0.0), 10.0);
    let err = NoisyTwoPort::new(&net, &[1e9, 2e9], &[p], Interpolation::Linear).unwrap_err();
    assert!(
        err.to_string().contains("at 1 frequencies need as many"),
        "{err}"
    );
    let err = NoisyTwoPort::new(&net, &[2e9, 1e9], &[p, p], Interpolation::Linear).unwrap_err();
    assert!(err.to_string().contains("strictly ascending"), "{err}");
    let nan = NoiseParams { rn: f64::NAN, ..p };
    let err = NoisyTwoPort::new(&net, &[1e9], &[nan], Interpolation::Linear).unwrap_err();
    assert!(err.to_string().contains("not finite"), "{err}");
    let amp = NoisyAmplifier::new(10.0, 100.0);
    let grid = Frequency::linspace(1.0, 2.0, 2, FrequencyUnit::GHz).unwrap();
    let err = amp
        .noise_figure_db(&grid, 0, 2, C::new(0.0, 0.0))
        .unwrap_err();
    assert!(err.to_string().contains("port 0 to port 2"), "{err}");
    assert!(amp.noise_params(&grid, 1, 1).is_err());
    // No path from input to output: no chain form, no noise parameters.
    let (s, c) = Attenuator::new(f64::INFINITY).s_noise_at(1e9, T0);
    let err = NoiseParams::from_s(&s, &c).unwrap_err();
    assert!(err.to_string().contains("S21 = 0"), "{err}");
    let err = NoiseParams::from_abcd(&[[C::new(0.0, 0.0); 2]; 2]).unwrap_err();
    assert!(
        err.to_string().contains("positive input noise voltage"),
        "{err}"
    );
}

/// A fixture stage as a measured noisy 2-port on its own grid (no interpolation at its points).
fn stage(st: &Value) -> NoisyTwoPort {
    let hz: Vec<f64> = st["f_hz"].as_array().unwrap().iter().map(num).collect();
    let freq = Frequency::from_hz(hz.clone()).unwrap();
    let s =
        pmrf::ndarray::Array3::from_shape_fn((hz.len(), 2, 2), |(k, i, j)| mat(&st["s"], k)[i][j]);
    let net = Network::from_s(freq, s).unwrap();
    let p: Vec<NoiseParams> = (0..hz.len()).map(|k| params(st, k)).collect();
    NoisyTwoPort::new(&net, &hz, &p, Interpolation::Linear).unwrap()
}

#[test]
fn cascades_propagate_noise_as_scikit_rf() {
    let fx = fixture();
    let gs = gammas(&fx);
    for (name, e) in fx["cascades"].as_object().unwrap() {
        let st = e["stages"].as_array().unwrap();
        let chain = Cascade::new((stage(&st[0]), stage(&st[1])));
        for (k, f) in e["f_hz"].as_array().unwrap().iter().map(num).enumerate() {
            let (s, c) = chain.s_noise_at(f, T0);
            assert!(mat_rel(&s, &mat(&e["s"], k)) < 1e-12, "{name} S at {f}");
            let p = NoiseParams::from_s(&s, &c).unwrap();
            assert_params(&p, &params(e, k), 1e-12, name);
            for (j, &g) in gs.iter().enumerate() {
                let got = noise::noise_figure(&s, &c, 0, 1, g);
                assert!(
                    rel(got, num(&e["nf"][j][k])) < 1e-12,
                    "{name} at {f}, gamma_s {g}: {got} vs {}",
                    num(&e["nf"][j][k])
                );
            }
        }
    }
}

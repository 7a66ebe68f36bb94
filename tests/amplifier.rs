//! Stability and gain of 2-ports (`pmrf-core/src/network/amplifier.rs`, and the amplifier fit
//! features of `pmrf-core/src/fit/feature.rs`) against scikit-rf 2.2.0 on the BFU520 transistor
//! it ships with its tutorials and on seeded synthetic 2-ports, against closed forms written
//! independently in `scripts/gen_amplifier_fixtures.py` (`tests/fixtures/amplifier.json`), and
//! against the textbook identities: points on a stability circle have `|Gamma| = 1` at the other
//! port, points on a gain circle have its gain, the conjugate match conjugate-matches both ports
//! and gives MAG. Derivatives of the features against central differences, and a `mu1 > 1` goal.

use std::path::Path;

use pmrf::fit::{Bound, Feature, Fit, Goal, Objective, Transform, TwoPortMetric};
use pmrf::ndarray::Array3;
use pmrf::network::amplifier::{self, StabilityCircle};
use pmrf::network::domain;

use pmrf::num_complex::Complex64;
use pmrf::prelude::*;
use serde_json::Value;

/// Agreement required, relative to `max(1, |expected|)`.
const TOL: f64 = 1e-12;

/// A real figure of one point's S.
type Figure = fn(&Mat<f64, 2>) -> f64;
/// A port's reflection from the termination of the other.
type Reflection = fn(&Mat<f64, 2>, Complex64) -> Complex64;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/amplifier.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Reals, null read as NaN.
fn reals(v: &Value) -> Vec<f64> {
    (v.as_array().unwrap().iter())
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn complexes(v: &Value) -> Vec<Complex64> {
    (reals(&v["re"]).into_iter().zip(reals(&v["im"])))
        .map(|(re, im)| Complex64::new(re, im))
        .collect()
}

fn network(case: &Value) -> Network {
    if let Some(file) = case["file"].as_str() {
        return Network::from_touchstone(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    }
    let f = Frequency::from_hz(reals(&case["f"])).unwrap();
    let (re, im) = (&case["s_re"], &case["s_im"]);
    let s = Array3::from_shape_fn((f.len(), 2, 2), |(k, i, j)| {
        Complex64::new(re[k][i][j].as_f64().unwrap(), im[k][i][j].as_f64().unwrap())
    });
    Network::from_s(f, s).unwrap()
}

fn mats(net: &Network) -> Vec<Mat<f64, 2>> {
    amplifier::on_network(net, |s| *s).unwrap().to_vec()
}

fn close(what: &str, got: f64, want: f64) {
    if want.is_nan() {
        assert!(got.is_nan(), "{what}: {got}, expected NaN");
        return;
    }
    let err = (got - want).abs() / want.abs().max(1.0);
    assert!(err < TOL, "{what}: {got} vs {want} (rel {err:e})");
}

fn close_all(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        close(&format!("{what}[{k}]"), *g, *w);
    }
}

fn close_c(what: &str, got: Complex64, want: Complex64) {
    close(&format!("{what}.re"), got.re, want.re);
    close(&format!("{what}.im"), got.im, want.im);
}

fn per_point(net: &Network, f: impl Fn(&Mat<f64, 2>) -> f64) -> Vec<f64> {
    amplifier::on_network(net, f).unwrap().to_vec()
}

#[test]
fn agrees_with_scikit_rf() {
    let fx = fixture();
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let net = network(case);
        let sk = &case["skrf"];
        close_all(
            &format!("{name} K"),
            &per_point(&net, amplifier::rollett_k),
            &reals(&sk["k"]),
        );
        close_all(
            &format!("{name} MSG"),
            &per_point(&net, amplifier::max_stable_gain),
            &reals(&sk["max_stable_gain"]),
        );
        close_all(
            &format!("{name} max gain"),
            &per_point(&net, amplifier::max_gain),
            &reals(&sk["max_gain"]),
        );
        close_all(
            &format!("{name} Mason U"),
            &per_point(&net, amplifier::mason_unilateral_gain),
            &reals(&sk["unilateral_gain"]),
        );
        for (key, circle) in [
            (
                "source_circle",
                amplifier::source_stability_circle as fn(&_) -> _,
            ),
            ("load_circle", amplifier::load_stability_circle),
        ] {
            let got = amplifier::on_network(&net, circle).unwrap();
            let (center, radius) = (complexes(&sk[key]["center"]), reals(&sk[key]["radius"]));
            for (k, c) in got.iter().enumerate() {
                close_c(&format!("{name} {key}[{k}] centre"), c.center, center[k]);
                close(&format!("{name} {key}[{k}] radius"), c.radius, radius[k]);
            }
        }
        let gain = 10f64.powf(sk["unilateral_gain_db"].as_f64().unwrap() / 10.0);
        for (port, key) in [(0, "source_gain_circle"), (1, "load_gain_circle")] {
            let got =
                amplifier::on_network(&net, |s| amplifier::unilateral_gain_circle(s, port, gain))
                    .unwrap();
            let (center, radius) = (complexes(&sk[key]["center"]), reals(&sk[key]["radius"]));
            for (k, c) in got.iter().enumerate() {
                close_c(&format!("{name} {key}[{k}] centre"), c.center, center[k]);
                close(&format!("{name} {key}[{k}] radius"), c.radius, radius[k]);
                // On it, the matching section's gain (1 - |G|^2) / |1 - S G|^2 is `gain`.
                let s = net.s()[[k, port, port]];
                for g in around(c.center, c.radius) {
                    let section = (1.0 - g.norm_sqr()) / (1.0 - s * g).norm_sqr();
                    assert!((section / gain - 1.0).abs() < 1e-9, "{name} {key}[{k}]");
                }
            }
        }
    }
}

#[test]
fn agrees_with_closed_forms() {
    let fx = fixture();
    let lift = |v: &Value| Complex64::new(v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
    let (gs, gl) = (lift(&fx["gamma_s"]), lift(&fx["gamma_l"]));
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let net = network(case);
        let cf = &case["closed"];
        let scalar: [(&str, Figure); 8] = [
            ("delta_mag", |s| amplifier::delta(s).norm()),
            ("k", amplifier::rollett_k),
            ("mu", amplifier::mu),
            ("mu_prime", amplifier::mu_prime),
            ("mag", amplifier::max_available_gain),
            ("gmax", amplifier::max_gain),
            ("gtu_max", amplifier::max_unilateral_gain),
            ("u", amplifier::unilateral_figure_of_merit),
        ];
        for (key, f) in scalar {
            close_all(
                &format!("{name} {key}"),
                &per_point(&net, f),
                &reals(&cf[key]),
            );
        }
        let s = mats(&net);
        let gain = reals(&cf["circle_gain"]);
        let (ms, ml) = (complexes(&cf["gamma_ms"]), complexes(&cf["gamma_ml"]));
        let circle = |key: &str| (complexes(&cf[key]["center"]), reals(&cf[key]["radius"]));
        let (ac, ar) = circle("available_circle");
        let (oc, or) = circle("operating_circle");
        for (k, s) in s.iter().enumerate() {
            let at = |what: &str| format!("{name} {what}[{k}]");
            close(
                &at("G_T"),
                amplifier::transducer_gain(s, gs, gl),
                reals(&cf["transducer_gain"])[k],
            );
            close(
                &at("G_A"),
                amplifier::available_gain(s, gs),
                reals(&cf["available_gain"])[k],
            );
            close(
                &at("G_P"),
                amplifier::operating_gain(s, gl),
                reals(&cf["operating_gain"])[k],
            );
            let a = amplifier::available_gain_circle(s, gain[k]);
            close_c(&at("available circle centre"), a.center, ac[k]);
            close(&at("available circle radius"), a.radius, ar[k]);
            let o = amplifier::operating_gain_circle(s, gain[k]);
            close_c(&at("operating circle centre"), o.center, oc[k]);
            close(&at("operating circle radius"), o.radius, or[k]);
            match amplifier::conjugate_match(s) {
                Some((gms, gml)) => {
                    close_c(&at("Gamma_MS"), gms, ms[k]);
                    close_c(&at("Gamma_ML"), gml, ml[k]);
                }
                None => assert!(ms[k].re.is_nan() && ml[k].re.is_nan(), "{}", at("match")),
            }
        }
    }
}

/// Points around a circle.
fn around(center: Complex64, radius: f64) -> impl Iterator<Item = Complex64> {
    (0..12).map(move |i| {
        center + Complex64::from_polar(radius, i as f64 * std::f64::consts::FRAC_PI_6 + 0.1)
    })
}

#[test]
fn textbook_identities_hold() {
    let fx = fixture();
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        for (k, s) in mats(&network(case)).iter().enumerate() {
            let at = format!("{name}[{k}]");
            // Stability circles: |Gamma_in| = 1 on the load circle, |Gamma_out| = 1 on the
            // source circle; the stable side gives |Gamma| < 1, the other side > 1.
            let checks: [(StabilityCircle, Reflection); 2] = [
                (amplifier::load_stability_circle(s), amplifier::gamma_in),
                (amplifier::source_stability_circle(s), amplifier::gamma_out),
            ];
            for (circle, reflection) in checks {
                for g in around(circle.center, circle.radius) {
                    let m = reflection(s, g).norm();
                    assert!((m - 1.0).abs() < 1e-9, "{at}: |Gamma| = {m} on the circle");
                }
                for scale in [0.5, 1.5] {
                    for g in around(circle.center, circle.radius * scale) {
                        let stable = reflection(s, g).norm() < 1.0;
                        assert_eq!(circle.is_stable(g), stable, "{at}: side of {g}");
                    }
                }
            }
            // mu > 1 (and mu' > 1) exactly where K > 1 and |D| < 1.
            let unconditional = amplifier::rollett_k(s) > 1.0 && amplifier::delta(s).norm() < 1.0;
            assert_eq!(amplifier::mu(s) > 1.0, unconditional, "{at}: mu");
            assert_eq!(amplifier::mu_prime(s) > 1.0, unconditional, "{at}: mu'");
            // Gain circles: the gain on them is theirs (half the maximum gain, reachable).
            let gain = 0.5 * amplifier::max_gain(s);
            let a = amplifier::available_gain_circle(s, gain);
            for g in around(a.center, a.radius) {
                let ga = amplifier::available_gain(s, g);
                assert!((ga / gain - 1.0).abs() < 1e-9, "{at}: G_A {ga} vs {gain}");
            }
            let o = amplifier::operating_gain_circle(s, gain);
            for g in around(o.center, o.radius) {
                let gp = amplifier::operating_gain(s, g);
                assert!((gp / gain - 1.0).abs() < 1e-9, "{at}: G_P {gp} vs {gain}");
            }
            // The simultaneous conjugate match: both ports matched, G_T = MAG = G_A = G_P.
            if let Some((gms, gml)) = amplifier::conjugate_match(s) {
                assert!(gms.norm() < 1.0 && gml.norm() < 1.0, "{at}");
                assert!(
                    (amplifier::gamma_in(s, gml) - gms.conj()).norm() < 1e-12,
                    "{at}"
                );
                assert!(
                    (amplifier::gamma_out(s, gms) - gml.conj()).norm() < 1e-12,
                    "{at}"
                );
                let mag = amplifier::max_available_gain(s);
                for g in [
                    amplifier::transducer_gain(s, gms, gml),
                    amplifier::available_gain(s, gms),
                    amplifier::operating_gain(s, gml),
                ] {
                    assert!((g / mag - 1.0).abs() < 1e-12, "{at}: {g} vs MAG {mag}");
                }
                // The gain circle shrinks to the match as the gain rises to MAG.
                let c = amplifier::available_gain_circle(s, mag * (1.0 - 1e-10));
                assert!(
                    (c.center - gms).norm() < 1e-4 && c.radius < 1e-3,
                    "{at}: {c:?}"
                );
            } else {
                assert!(amplifier::max_available_gain(s).is_nan() || !unconditional);
            }
            // Matched terminations: G_T = |S21|^2.
            let z = Complex64::new(0.0, 0.0);
            let gt = amplifier::transducer_gain(s, z, z);
            assert!((gt - s[1][0].norm_sqr()).abs() < 1e-12 * gt, "{at}");
        }
    }
}

#[test]
fn only_two_ports_are_amplifiers() {
    let freq = Frequency::from_hz([1e9, 2e9]).unwrap();
    let one = Network::from_s(freq, Array3::zeros((2, 1, 1))).unwrap();
    let err = amplifier::on_network(&one, amplifier::rollett_k).unwrap_err();
    assert!(
        err.to_string().contains("2-ports") && err.to_string().contains("1 ports"),
        "{err}"
    );
}

/// A FET's small-signal Y-matrix (gate-source and gate-drain capacitances, transconductance,
/// output conductance) with a shunt resistor `r_in` across its input, the stabiliser.
#[derive(Model, Clone, Debug)]
struct Fet<T: Scalar = f64> {
    #[param(unit = "S", scale = 1e-3, bounds = (0.0, 1.0))]
    gm: T,
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-9))]
    cgs: T,
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-9))]
    cgd: T,
    #[param(unit = "S", scale = 1e-3, bounds = (0.0, 1.0))]
    gds: T,
    #[param(unit = "ohm", scale = 100.0, bounds = (1.0, 1e4))]
    r_in: T,
}

impl<T: Scalar> Component<2> for Fet<T> {
    type Domain = domain::Y;
    fn primary(&self, f: T) -> Mat<T, 2> {
        let w = f * std::f64::consts::TAU;
        let jw = |c: T| Complex::new(T::zero(), w * c);
        [
            [jw(self.cgs + self.cgd) + self.r_in.recip(), -jw(self.cgd)],
            [
                Complex::from(self.gm) - jw(self.cgd),
                jw(self.cgd) + self.gds,
            ],
        ]
    }
}

fn fet(r_in: f64) -> Fet {
    Fet {
        gm: 0.04,
        cgs: 0.5e-12,
        cgd: 0.05e-12,
        gds: 2e-3,
        r_in,
    }
}

#[test]
fn features_are_the_amplifier_figures() {
    let fx = fixture();
    let net = network(&fx["cases"][0]);
    let s = net.s().view();
    let freq = net.frequency();
    let figures: [(&str, Figure, bool); 10] = [
        ("k", amplifier::rollett_k, false),
        ("mu1", amplifier::mu, false),
        ("mu", amplifier::mu, false),
        ("mu2", amplifier::mu_prime, false),
        ("delta", |s| amplifier::delta(s).norm(), false),
        ("mag_db", amplifier::max_available_gain, true),
        ("msg_db", amplifier::max_stable_gain, true),
        ("gmax_db", amplifier::max_gain, true),
        ("gu", amplifier::max_unilateral_gain, false),
        ("mason_u_db10", amplifier::mason_unilateral_gain, true),
    ];
    for (name, f, db) in figures {
        let feature: Feature = name.parse().unwrap();
        let got = feature.values(freq, s).unwrap();
        let want: Vec<f64> = per_point(&net, f)
            .into_iter()
            .map(|v| if db { 10.0 * v.log10() } else { v })
            .collect();
        close_all(name, &got, &want);
    }
    // The transistor is conditionally stable below 1.55 GHz: MAG is NaN there, MSG in gmax.
    let gmax = "gmax_db"
        .parse::<Feature>()
        .unwrap()
        .values(freq, s)
        .unwrap();
    let msg = "msg_db"
        .parse::<Feature>()
        .unwrap()
        .values(freq, s)
        .unwrap();
    assert_eq!(gmax[0], msg[0]);
    assert!(gmax[36] < msg[36]);
    // Errors: not a 2-port, a transform a figure does not have.
    let one = pmrf::ndarray::Array3::<Complex64>::zeros((freq.len(), 1, 1));
    let err = "k".parse::<Feature>().unwrap().values(freq, one.view());
    assert!(err.unwrap_err().to_string().contains("2-ports"));
    let k_deg = Feature::two_port(TwoPortMetric::K).with(Transform::Deg);
    let err = k_deg.values(freq, s).unwrap_err().to_string();
    assert!(err.contains("takes no transform"), "{err}");
    assert!("k_db".parse::<Feature>().is_err());
}

/// `grad` against central differences of `value` (relative steps of 1e-6), as the change per
/// relative change of each parameter (`x dv/dx`), to `1e-8` of `max(1, |v|)`: a figure that
/// does not depend on a parameter (K on a lossless shunt capacitance) has a rounding-level
/// derivative, not a relative match.
fn assert_central_differences(model: &Fet, grad: &[f64], value: impl Fn(&Fet) -> f64) {
    let x = model.param_values();
    let scale = value(model).abs().max(1.0);
    for (k, g) in grad.iter().enumerate() {
        let h = x[k] * 1e-6;
        let at = |d: f64| {
            let mut v = x.clone();
            v[k] += d;
            value(&model.with_params(&v).unwrap())
        };
        let fd = (at(h) - at(-h)) / (2.0 * h);
        assert!((g - fd).abs() * x[k] < 1e-8 * scale, "{k}: {g} vs {fd}");
    }
}

#[test]
fn feature_derivatives_are_exact() {
    let model = fet(300.0);
    let freq = Frequency::linspace(0.5, 3.0, 6, FrequencyUnit::GHz).unwrap();
    for name in [
        "k",
        "mu1",
        "mu2",
        "delta",
        "msg_db",
        "gmax_db",
        "gu_db",
        "mason_u_db",
    ] {
        let feature: Feature = name.parse().unwrap();
        // The sum over the band, a scalar to differentiate.
        let total = |m: &Fet<Grad>| {
            let s = m.s(&freq);
            (feature.values(&freq, s.view()).unwrap().into_iter()).sum::<Grad>()
        };
        let (v, g) = value_and_gradient(&model, &Filter::Free, total).unwrap();
        let plain = |m: &Fet| {
            let s = m.s(&freq);
            feature.values(&freq, s.view()).unwrap().iter().sum::<f64>()
        };
        assert!(
            (v - plain(&model)).abs() <= 1e-12 * v.abs().max(1.0),
            "{name}"
        );
        assert_central_differences(&model, &g, plain);
    }
    // MAG where the model is unconditionally stable (r_in = 50 ohm).
    let stable = fet(50.0);
    let feature: Feature = "mag_db".parse().unwrap();
    let (_, g) = value_and_gradient(&stable, &Filter::Free, |m: &Fet<Grad>| {
        let s = m.s(&freq);
        feature
            .values(&freq, s.view())
            .unwrap()
            .into_iter()
            .sum::<Grad>()
    })
    .unwrap();
    assert_central_differences(&stable, &g, |m| {
        let s = m.s(&freq);
        feature.values(&freq, s.view()).unwrap().iter().sum::<f64>()
    });
}

#[test]
fn a_mu_goal_stabilises_a_conditionally_stable_fet() {
    let band = Frequency::linspace(0.5, 3.0, 26, FrequencyUnit::GHz).unwrap();
    let goal = Goal::new("mu1".parse().unwrap(), Bound::Above(1.0), band.clone()).unwrap();
    let objective = Objective::new().goal(goal);
    // At r_in = 300 ohm mu < 1 above 1 GHz: the loss is the mean squared shortfall.
    let model = fet(300.0);
    let mu = amplifier::sweep(&model, &band, amplifier::mu);
    assert!(mu[0] > 1.0 && mu[25] < 1.0);
    let want = mu.iter().map(|m| (1.0 - m).max(0.0).powi(2)).sum::<f64>() / mu.len() as f64;
    let loss = objective.loss(&model).unwrap();
    assert!((loss / want - 1.0).abs() < 1e-12, "{loss} vs {want}");
    // Its gradient: a larger input resistor is less stable.
    let (_, g) = value_and_gradient(&model, &Filter::Free, |m: &Fet<Grad>| {
        objective.loss(m).unwrap()
    })
    .unwrap();
    assert!(g[4] > 0.0);
    // The fit of r_in alone meets the goal: mu > 1 over the band.
    let fit = Fit::new(&model, objective.clone())
        .unwrap()
        .select(Filter::names(["r_in"]))
        .run::<2>()
        .unwrap();
    assert!(fit.loss() < 1e-12, "{}", fit.loss());
    let mu = amplifier::sweep(fit.model(), &band, amplifier::mu);
    assert!(mu.iter().all(|&m| m > 1.0 - 1e-6), "{mu}");
    assert!(fit.model().r_in < 300.0);
}

#[test]
fn a_unilateral_two_port_has_its_limits() {
    // S12 = 0: K infinite, MAG = G_TU,max, the conjugate match conj(S11), conj(S22).
    let p = |m: f64, deg: f64| Complex64::from_polar(m, deg.to_radians());
    let s = [[p(0.5, 30.0), p(0.0, 0.0)], [p(3.0, 100.0), p(0.4, -60.0)]];
    assert_eq!(amplifier::rollett_k(&s), f64::INFINITY);
    let gtu = 9.0 / ((1.0 - 0.25) * (1.0 - 0.16));
    close("G_TU,max", amplifier::max_unilateral_gain(&s), gtu);
    close("MAG", amplifier::max_available_gain(&s), gtu);
    close("max gain", amplifier::max_gain(&s), gtu);
    assert_eq!(amplifier::unilateral_figure_of_merit(&s), 0.0);
    let (gms, gml) = amplifier::conjugate_match(&s).unwrap();
    close_c("Gamma_MS", gms, s[0][0].conj());
    close_c("Gamma_ML", gml, s[1][1].conj());
    close("G_T", amplifier::transducer_gain(&s, gms, gml), gtu);
    // mu = (1 - |S11|^2) / |S22 - D conj(S11)| = (1 - |S11|^2) / (|S22| (1 - |S11|^2)) = 1 / |S22|.
    close("mu", amplifier::mu(&s), 1.0 / 0.4);
    close("mu'", amplifier::mu_prime(&s), 1.0 / 0.5);
    // Gain circles hold where 2 K |S12 S21| is a limit (K infinite, S12 S21 = 0).
    let c = amplifier::operating_gain_circle(&s, 0.5 * gtu);
    for g in around(c.center, c.radius) {
        close(
            "G_P on its circle",
            amplifier::operating_gain(&s, g),
            0.5 * gtu,
        );
    }
}

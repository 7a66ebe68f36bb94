//! `Network`, the data type models evaluate to: closed forms for every feature and check,
//! interpolation against closed forms, and the error cases.

use std::f64::consts::{PI, TAU};

use pmrf::components::{SeriesC, SeriesL, SeriesR, ShuntR};
use pmrf::ndarray::{Array2, Array3, s};
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;

use crate::common::SplitMix;

const Z0: f64 = 50.0;

fn c(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

fn ghz(a: f64, b: f64, n: usize) -> Frequency {
    Frequency::linspace(a, b, n, FrequencyUnit::GHz).unwrap()
}

/// A 2-port from its four traces as functions of frequency (Hz).
fn two_port(freq: &Frequency, f: impl Fn(f64) -> [[Complex64; 2]; 2]) -> Network {
    let hz = freq.hz().to_vec();
    let s = Array3::from_shape_fn((hz.len(), 2, 2), |(k, i, j)| f(hz[k])[i][j]);
    Network::from_s(freq.clone(), s).unwrap()
}

/// A lossless matched line of delay `tau`: S21 = S12 = exp(-j w tau).
fn delay_line(freq: &Frequency, tau: f64) -> Network {
    two_port(freq, |f| {
        let t = Complex64::from_polar(1.0, -TAU * f * tau);
        [[c(0.0, 0.0), t], [t, c(0.0, 0.0)]]
    })
}

/// S of a series impedance `z` between two `Z0` ports.
fn series(z: Complex64) -> [[Complex64; 2]; 2] {
    let d = z + 2.0 * Z0;
    let (r, t) = (z / d, c(2.0 * Z0, 0.0) / d);
    [[r, t], [t, r]]
}

#[test]
fn re_exported_at_the_root_and_in_the_prelude() {
    let f = ghz(1.0, 2.0, 3);
    let a: pmrf::Network = Network::from_s(f.clone(), SeriesR::new(1.0).s(&f)).unwrap();
    let b = pmrf::network::Network::from_s(f.clone(), SeriesR::new(1.0).s(&f)).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        pmrf::network::Interpolation::default(),
        Interpolation::Linear
    );
}

#[test]
fn constructors_and_accessors() {
    let f = ghz(1.0, 3.0, 3);
    let s = SeriesR::new(25.0).s(&f);
    let net = Network::from_s(f.clone(), s.clone()).unwrap();
    assert_eq!((net.len(), net.nports(), net.name()), (3, 2, ""));
    assert!(!net.is_empty());
    assert_eq!(net.frequency(), &f);
    assert_eq!(net.s(), &s);
    assert!(net.z0().iter().all(|&z| z == c(50.0, 0.0)));
    assert_eq!(net.z0().dim(), (3, 2));

    let named = net.clone().with_name("dut");
    assert_eq!(named.name(), "dut");
    assert_eq!(
        named.to_string(),
        "2-port network `dut`, 1-3 GHz, 3 pts, z0 = 50 ohm"
    );

    let z = c(25.0, -10.0);
    let uniform = Network::new_uniform(f.clone(), s.clone(), z).unwrap();
    assert!(uniform.z0().iter().all(|&x| x == z));
    assert!(
        uniform.to_string().ends_with("z0 = 25-10i ohm"),
        "{uniform}"
    );
    let per_port = Array2::from_shape_fn((3, 2), |(k, p)| c(50.0 + k as f64, p as f64));
    let general = Network::new(f.clone(), s.clone(), per_port.clone()).unwrap();
    assert_eq!(general.z0(), &per_port);
    assert!(general.to_string().ends_with("z0 varies"));
    let (f2, s2, z2, name) = named.into_parts();
    assert_eq!((f2, s2, name), (f, s, "dut".to_string()));
    assert_eq!(z2.dim(), (3, 2));
}

#[test]
fn series_resistor_closed_forms() {
    // R = 100 ohm: S11 = R/(R + 2 Z0) = 1/2, S21 = 2 Z0/(R + 2 Z0) = 1/2;
    // Zin = R + Z0 = 150 ohm, VSWR = Zin/Z0 = 3 at both ports.
    let f = ghz(0.0, 10.0, 11);
    let net = Network::from_s(f.clone(), SeriesR::new(100.0).s(&f)).unwrap();
    let mag = net.s_mag();
    let db = net.s_db();
    for k in 0..net.len() {
        for (i, j) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            assert!((mag[[k, i, j]] - 0.5).abs() < 1e-15);
            assert!((db[[k, i, j]] + 6.020599913279624).abs() < 1e-13);
            assert!(net.s_deg()[[k, i, j]].abs() < 1e-12);
        }
    }
    for port in 0..2 {
        let v = net.vswr(port).unwrap();
        assert!(v.iter().all(|x| (x - 3.0).abs() < 1e-14), "{v}");
    }
    // Resistive: passive, reciprocal, not lossless; sigma_max = |S11| + |S21| = 1 exactly
    // here (eigenvalues of [[1/2, 1/2], [1/2, 1/2]] are 1 and 0).
    assert!(net.is_reciprocal(1e-15));
    assert!(net.is_passive(1e-12));
    assert!(!net.is_lossless(1e-3));
    assert!(
        net.max_singular_value()
            .iter()
            .all(|x| (x - 1.0).abs() < 1e-14)
    );
    // A thru (R = 0) is lossless and has VSWR 1.
    let thru = Network::from_s(f.clone(), SeriesR::new(0.0).s(&f)).unwrap();
    assert!(thru.is_lossless(1e-14));
    assert!(thru.vswr(1).unwrap().iter().all(|&x| x == 1.0));
}

#[test]
fn matched_and_reflecting_loads() {
    let f = ghz(1.0, 2.0, 4);
    let load = |g: Complex64| Network::from_s(f.clone(), Array3::from_elem((4, 1, 1), g)).unwrap();
    let matched = load(c(0.0, 0.0));
    assert!(matched.vswr(0).unwrap().iter().all(|&x| x == 1.0));
    assert!(matched.s_db().iter().all(|&x| x == f64::NEG_INFINITY));
    assert!(matched.is_passive(0.0) && matched.is_reciprocal(0.0));
    assert!(!matched.is_lossless(0.5));
    // A short: total reflection, VSWR infinite, lossless, phase 180 degrees.
    let short = load(c(-1.0, 0.0));
    assert!(short.vswr(0).unwrap().iter().all(|&x| x == f64::INFINITY));
    assert!(short.is_lossless(0.0) && short.is_passive(0.0));
    assert!(short.s_deg().iter().all(|&x| x == 180.0));
    assert!(short.s_rad().iter().all(|&x| x == PI));
    // |Gamma| > 1: an active port has no VSWR.
    let active = load(c(1.5, 0.0));
    assert!(active.vswr(0).unwrap().iter().all(|x| x.is_nan()));
    assert!(!active.is_passive(0.1));
    assert!((active.max_singular_value()[0] - 1.5).abs() < 1e-15);
}

#[test]
fn delay_line_is_lossless_with_group_delay_tau() {
    let tau = 1.3e-9;
    // Phase runs to -2 pi * 20 GHz * 1.3 ns = -163 rad: many wraps, 0.52 rad per step.
    let f = ghz(0.0, 20.0, 2001);
    let line = delay_line(&f, tau);
    assert!(line.is_lossless(1e-14) && line.is_passive(1e-14) && line.is_reciprocal(0.0));
    let gd = line.group_delay(1, 0).unwrap();
    assert!(gd.iter().all(|d| (d / tau - 1.0).abs() < 1e-9), "{gd}");
    let phase = line.s_rad_unwrap();
    for (k, &hz) in f.hz().iter().enumerate() {
        assert!((phase[[k, 1, 0]] + TAU * hz * tau).abs() < 1e-9);
    }
    let deg = line.s_deg_unwrap();
    assert!((deg[[2000, 0, 1]] + 360.0 * 20e9 * tau).abs() < 1e-7);
    // Non-uniform (log) grid: the central difference is exact for a linear phase too.
    let f = Frequency::logspace(0.1, 10.0, 301, FrequencyUnit::GHz).unwrap();
    let gd = delay_line(&f, tau).group_delay(0, 1).unwrap();
    assert!(gd.iter().all(|d| (d / tau - 1.0).abs() < 1e-9), "{gd}");
}

#[test]
fn group_delay_of_a_model_agrees_with_the_exact_one() {
    // Series L: tau = (L/(2 Z0)) / (1 + (w L/(2 Z0))^2); finite differences on a fine grid are
    // second-order accurate inside, first-order at the ends.
    let l = 10e-9;
    let f = ghz(0.5, 3.0, 501);
    let net = Network::from_s(f.clone(), SeriesL::new(l).s(&f)).unwrap();
    let gd = net.group_delay(1, 0).unwrap();
    let exact = pmrf::diff::group_delay(&SeriesL::new(l), &f, 1, 0).unwrap();
    for k in 1..f.len() - 1 {
        assert!(
            (gd[k] / exact[k] - 1.0).abs() < 1e-4,
            "{k}: {} vs {}",
            gd[k],
            exact[k]
        );
    }
    for k in [0, f.len() - 1] {
        assert!(
            (gd[k] / exact[k] - 1.0).abs() < 1e-2,
            "{k}: {} vs {}",
            gd[k],
            exact[k]
        );
    }
}

#[test]
fn attenuator_is_passive_not_lossless_and_gain_is_not_passive() {
    let f = ghz(1.0, 2.0, 5);
    // A matched 6 dB attenuator: S = [[0, k], [k, 0]], k = 10^(-6/20).
    let k = 10f64.powf(-6.0 / 20.0);
    let att = two_port(&f, |_| [[c(0.0, 0.0), c(k, 0.0)], [c(k, 0.0), c(0.0, 0.0)]]);
    assert!(att.is_passive(0.0) && att.is_reciprocal(0.0));
    assert!(!att.is_lossless(0.1));
    assert!(
        att.max_singular_value()
            .iter()
            .all(|x| (x - k).abs() < 1e-15)
    );
    assert!(
        att.s_db()
            .slice(s![.., 1, 0])
            .iter()
            .all(|x| (x + 6.0).abs() < 1e-12)
    );
    // The same attenuator built from resistors (pi: 150.48 / 37.35 / 150.48 ohm) as a model.
    let pi_att = Cascade::new((
        ShuntR::new(150.476),
        SeriesR::new(37.352),
        ShuntR::new(150.476),
    ));
    let net = Network::from_s(f.clone(), pi_att.s(&f)).unwrap();
    assert!(net.is_passive(0.0) && !net.is_lossless(0.1) && net.is_reciprocal(1e-14));
    assert!(
        net.s_db()
            .slice(s![.., 1, 0])
            .iter()
            .all(|x| (x + 6.0).abs() < 1e-3)
    );
    // An amplifier-like 2-port, S21 = 2: not passive (sigma_max = 2), not reciprocal.
    let amp = two_port(&f, |_| {
        [[c(0.0, 0.0), c(0.0, 0.0)], [c(2.0, 0.0), c(0.0, 0.0)]]
    });
    assert!(!amp.is_passive(0.5) && !amp.is_reciprocal(0.5) && !amp.is_lossless(0.5));
    assert!(
        amp.max_singular_value()
            .iter()
            .all(|x| (x - 2.0).abs() < 1e-15)
    );
    // An isolator is passive and lossy but not reciprocal; a circulator is lossless.
    let one = c(1.0, 0.0);
    let zero = c(0.0, 0.0);
    let iso = two_port(&f, |_| [[zero, zero], [one, zero]]);
    assert!(iso.is_passive(1e-15) && !iso.is_reciprocal(0.5) && !iso.is_lossless(0.5));
    let circ = Network::from_s(
        f.clone(),
        Array3::from_shape_fn(
            (5, 3, 3),
            |(_, i, j)| if i == (j + 1) % 3 { one } else { zero },
        ),
    )
    .unwrap();
    assert!(circ.is_lossless(0.0) && circ.is_passive(1e-15) && !circ.is_reciprocal(0.5));
}

#[test]
fn passivity_of_random_unitary_and_scaled_networks() {
    // A lossless 4-port (a unitary S from two Householder reflections with complex phases)
    // has sigma_max = 1; scaled by 0.9 it is passive but lossy, by 1.01 it is not passive.
    let f = ghz(1.0, 2.0, 3);
    let n = 4;
    let v = [c(1.0, 0.5), c(-0.3, 0.2), c(0.7, -1.1), c(0.1, 0.4)];
    let w = [c(0.2, -0.1), c(1.0, 0.0), c(-0.5, 0.3), c(0.6, 0.9)];
    let householder = |v: &[Complex64; 4]| {
        let nn: f64 = v.iter().map(|x| x.norm_sqr()).sum();
        Array2::from_shape_fn((n, n), |(i, j)| {
            let id = if i == j { 1.0 } else { 0.0 };
            c(id, 0.0) - 2.0 * v[i] * v[j].conj() / nn
        })
    };
    let u = householder(&v).dot(&householder(&w));
    for (scale, passive, lossless) in [(1.0, true, true), (0.9, true, false), (1.01, false, false)]
    {
        let s = Array3::from_shape_fn((3, n, n), |(k, i, j)| {
            u[[i, j]] * scale * Complex64::from_polar(1.0, k as f64)
        });
        let net = Network::from_s(f.clone(), s).unwrap();
        assert_eq!(net.is_passive(1e-12), passive, "{scale}");
        assert_eq!(net.is_lossless(1e-12), lossless, "{scale}");
        assert!(
            net.max_singular_value()
                .iter()
                .all(|x| (x - scale).abs() < 1e-13)
        );
    }
}

#[test]
fn entries_by_name_and_by_index() {
    let f = ghz(1.0, 2.0, 3);
    let net = Network::from_s(f.clone(), SeriesR::new(100.0).s(&f)).unwrap();
    assert_eq!(net.entry("s21").unwrap(), net.s().slice(s![.., 1, 0]));
    assert_eq!(net.entry("S12").unwrap(), net.trace(0, 1).unwrap());
    assert_eq!(net.entry("s2_2").unwrap(), net.trace(1, 1).unwrap());
    // A 12-port: `s10_2` is port 10 receiving from port 2; `s21` still works.
    let big = Network::from_s(
        f.clone(),
        Array3::from_shape_fn((3, 12, 12), |(_, i, j)| c(i as f64, j as f64)),
    )
    .unwrap();
    assert_eq!(big.entry("s10_2").unwrap()[0], c(9.0, 1.0));
    assert_eq!(big.entry("s2_10").unwrap()[0], c(1.0, 9.0));
    assert_eq!(big.entry("s21").unwrap()[0], c(1.0, 0.0));
    assert_eq!(Network::entry_name(11, 0), "s12_1");
    for (name, why) in [
        ("s31", "1 to 2"),
        ("s0_1", "1-based"),
        ("s102", "ambiguous"),
        ("y21", "start with `s`"),
        ("s2", "two ports"),
        ("s2_x", "decimal"),
    ] {
        let net_for = if name == "s102" { &big } else { &net };
        match net_for.entry(name) {
            Err(Error::InvalidNetwork(msg)) => {
                assert!(msg.contains(why), "{name}: {msg}");
                assert!(msg.contains(&format!("`{name}`")), "{name}: {msg}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(matches!(net.trace(2, 0), Err(Error::InvalidNetwork(_))));
    assert!(matches!(net.vswr(2), Err(Error::InvalidNetwork(_))));
    assert!(matches!(
        net.group_delay(0, 5),
        Err(Error::InvalidNetwork(_))
    ));
}

#[test]
fn constructor_errors() {
    let f = ghz(1.0, 2.0, 3);
    let s = Array3::<Complex64>::zeros((3, 2, 2));
    let z = |v: Complex64| Array2::from_elem((3, 2), v);
    // Shapes.
    for bad in [(2, 2, 2), (3, 2, 3), (3, 0, 0)] {
        let r = Network::new(f.clone(), Array3::zeros(bad), z(c(50.0, 0.0)));
        assert!(matches!(r, Err(Error::Shape(_))), "{bad:?}: {r:?}");
    }
    for bad in [(3, 1), (2, 2)] {
        let r = Network::new(f.clone(), s.clone(), Array2::from_elem(bad, c(50.0, 0.0)));
        assert!(
            matches!(r, Err(Error::Shape(m)) if m.contains("(3, 2)")),
            "{bad:?}"
        );
    }
    // Reference impedances: finite with Re > 0.
    for bad in [
        c(0.0, 0.0),
        c(-50.0, 0.0),
        c(0.0, 50.0),
        c(f64::NAN, 0.0),
        c(50.0, f64::INFINITY),
        c(f64::INFINITY, 0.0),
    ] {
        let mut zz = z(c(50.0, 0.0));
        zz[[2, 1]] = bad;
        match Network::new(f.clone(), s.clone(), zz) {
            Err(Error::InvalidNetwork(m)) => assert!(m.contains("port 2 at point 2"), "{m}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert!(Network::new_uniform(f.clone(), s.clone(), -1.0).is_err());
    assert!(Network::new_uniform(f.clone(), s.clone(), c(1.0, -300.0)).is_ok());
    // S: NaN means "does not exist" and is allowed; infinity is not.
    let mut with_nan = s.clone();
    with_nan[[1, 1, 0]] = c(f64::NAN, f64::NAN);
    let gap = Network::from_s(f.clone(), with_nan).unwrap();
    assert!(gap.s_db()[[1, 1, 0]].is_nan() && gap.s_db()[[0, 1, 0]] == f64::NEG_INFINITY);
    assert!(!gap.is_passive(1.0) && !gap.is_reciprocal(1.0) && !gap.is_lossless(10.0));
    assert!(gap.max_singular_value()[1].is_nan() && gap.max_singular_value()[0] == 0.0);
    let mut with_inf = s.clone();
    with_inf[[2, 0, 1]] = c(1.0, f64::NEG_INFINITY);
    match Network::from_s(f.clone(), with_inf) {
        Err(Error::InvalidNetwork(m)) => assert!(m.contains("s12 at point 2"), "{m}"),
        other => panic!("{other:?}"),
    }
    // Group delay needs two points.
    let one = Frequency::from_hz([1e9]).unwrap();
    let net = Network::from_s(one.clone(), SeriesR::new(1.0).s(&one)).unwrap();
    assert!(matches!(
        net.group_delay(1, 0),
        Err(Error::InvalidFrequency(_))
    ));
}

#[test]
fn crop_is_inclusive_and_keeps_everything_else() {
    let f = ghz(1.0, 10.0, 10);
    let z0 = Array2::from_shape_fn((10, 2), |(k, p)| c(50.0 + k as f64, p as f64));
    let net = Network::new(f.clone(), SeriesL::new(1e-9).s(&f), z0.clone())
        .unwrap()
        .with_name("l");
    let band = net.crop(3e9, 5e9).unwrap();
    assert_eq!(band.frequency().hz(), &[3e9, 4e9, 5e9]);
    assert_eq!(band.frequency().unit(), FrequencyUnit::GHz);
    assert_eq!(band.s(), &net.s().slice(s![2..5, .., ..]));
    assert_eq!(band.z0(), &z0.slice(s![2..5, ..]));
    assert_eq!(band.name(), "l");
    assert_eq!(net.crop(0.0, 1e12).unwrap(), net);
    assert_eq!(net.crop(4e9, 4e9).unwrap().len(), 1);
    for (a, b) in [
        (4.1e9, 4.9e9),
        (11e9, 12e9),
        (0.0, 0.5e9),
        (5e9, 3e9),
        (f64::NAN, 1e9),
    ] {
        match net.crop(a, b) {
            Err(Error::InvalidFrequency(m)) => assert!(m.contains("Hz"), "{m}"),
            other => panic!("[{a}, {b}]: {other:?}"),
        }
    }
    let m = format!("{:?}", net.crop(11e9, 12e9));
    assert!(m.contains("1000000000 to 10000000000 Hz"), "{m}");
}

#[test]
fn linear_interpolation_of_a_series_rc_matches_the_closed_form() {
    // Series R = 10 ohm, C = 1 pF, sampled at 201 points over 1-10 GHz (45 MHz steps) and
    // interpolated onto 1999 points. Linear interpolation errs by at most h^2/8 max|S''|,
    // which is 1.22e-4 here (h = 45 MHz, |S''| largest at 1 GHz); measured: 1.20e-4 for
    // linear re/im, 0.94e-4 for magnitude/phase. The tolerance is 2e-4 for both.
    let (r, cap) = (10.0, 1e-12);
    let closed = |f: f64| series(c(r, -1.0 / (TAU * f * cap)));
    let coarse = ghz(1.0, 10.0, 201);
    let fine = ghz(1.0, 10.0, 1999);
    let net = two_port(&coarse, closed);
    // The closed form is what the model computes.
    let model = Cascade::new((SeriesR::new(r), SeriesC::new(cap))).s(&coarse);
    assert!(
        model
            .iter()
            .zip(net.s())
            .all(|(a, b)| (a - b).norm() < 1e-14)
    );
    for method in [Interpolation::Linear, Interpolation::MagnitudePhase] {
        let mut worst = 0.0f64;
        let dense = net.interpolate(&fine, method).unwrap();
        assert_eq!(dense.frequency(), &fine);
        for (k, &hz) in fine.hz().iter().enumerate() {
            let want = closed(hz);
            for (i, row) in want.iter().enumerate() {
                for (j, w) in row.iter().enumerate() {
                    let err = (dense.s()[[k, i, j]] - w).norm();
                    worst = worst.max(err);
                    assert!(err < 2e-4, "{method:?} {hz} Hz S{}{}: {err}", i + 1, j + 1);
                }
            }
        }
        assert!(
            worst > 5e-5,
            "the grid should be coarse enough to matter: {worst}"
        );
        // At the data's own points, the data come back unchanged.
        let same = net.interpolate(&coarse, method).unwrap();
        assert_eq!(same.s(), net.s());
    }
}

#[test]
fn magnitude_phase_interpolation_of_a_delay_is_exact() {
    // 0.5 ns at 101 points over 1-11 GHz: 0.31 rad per step. Magnitude/phase interpolation
    // reproduces exp(-j w tau) to rounding; linear re/im cuts the chord and loses up to
    // 1 - cos(0.31/2) = 1.2e-2 in magnitude.
    let tau = 0.5e-9;
    let coarse = ghz(1.0, 11.0, 101);
    let fine = Frequency::logspace(1.0, 11.0, 777, FrequencyUnit::GHz).unwrap();
    let net = delay_line(&coarse, tau);
    let exact = |f: f64| Complex64::from_polar(1.0, -TAU * f * tau);
    let mp = net
        .interpolate(&fine, Interpolation::MagnitudePhase)
        .unwrap();
    let lin = net.interpolate(&fine, Interpolation::Linear).unwrap();
    let mut lin_worst = 0.0f64;
    for (k, &hz) in fine.hz().iter().enumerate() {
        assert!((mp.s()[[k, 1, 0]] - exact(hz)).norm() < 1e-12, "{hz}");
        assert_eq!(mp.s()[[k, 0, 0]], c(0.0, 0.0));
        lin_worst = lin_worst.max((lin.s()[[k, 1, 0]] - exact(hz)).norm());
    }
    assert!(lin_worst > 1e-2, "{lin_worst}");
    assert!(mp.is_lossless(1e-12) && !lin.is_lossless(1e-3));
    assert!(
        mp.group_delay(1, 0)
            .unwrap()
            .iter()
            .all(|d| (d / tau - 1.0).abs() < 1e-8)
    );
}

#[test]
fn interpolation_carries_z0_and_refuses_to_extrapolate() {
    let f = ghz(1.0, 3.0, 3);
    let z0 = Array2::from_shape_fn((3, 1), |(k, _)| c(50.0 + 10.0 * k as f64, -(k as f64)));
    let net = Network::new(f.clone(), Array3::zeros((3, 1, 1)), z0)
        .unwrap()
        .with_name("z");
    let g = ghz(1.5, 2.5, 3);
    let i = net.interpolate(&g, Interpolation::MagnitudePhase).unwrap();
    assert_eq!(i.name(), "z");
    for (k, want) in [c(55.0, -0.5), c(60.0, -1.0), c(65.0, -1.5)]
        .iter()
        .enumerate()
    {
        assert!((i.z0()[[k, 0]] - want).norm() < 1e-12, "{}", i.z0());
    }
    for bad in [ghz(0.5, 2.0, 3), ghz(1.0, 3.5, 3), ghz(0.1, 0.2, 2)] {
        match net.interpolate(&bad, Interpolation::Linear) {
            Err(Error::InvalidFrequency(m)) => {
                assert!(m.contains("1000000000 to 3000000000 Hz"), "{m}");
                assert!(m.contains("extrapolate"), "{m}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    // A single-point network interpolates onto its own point only.
    let one = Frequency::from_hz([2e9]).unwrap();
    let single = net.interpolate(&one, Interpolation::Linear).unwrap();
    assert_eq!(
        single.interpolate(&one, Interpolation::Linear).unwrap(),
        single
    );
    assert!(single.interpolate(&f, Interpolation::Linear).is_err());
}

#[test]
fn nan_gaps_stay_local_under_interpolation() {
    let f = ghz(1.0, 5.0, 5);
    let mut s = Array3::from_elem((5, 1, 1), c(0.5, 0.0));
    s[[2, 0, 0]] = c(f64::NAN, f64::NAN);
    let net = Network::from_s(f.clone(), s).unwrap();
    let g = ghz(1.0, 5.0, 9);
    for method in [Interpolation::Linear, Interpolation::MagnitudePhase] {
        let i = net.interpolate(&g, method).unwrap();
        let v: Vec<bool> = i.s().iter().map(|x| x.re.is_nan()).collect();
        // Points at 1, 1.5, 2 GHz and 4, 4.5, 5 GHz are untouched; 2.5-3.5 GHz touch the gap.
        assert_eq!(
            v,
            [false, false, false, true, true, true, false, false, false],
            "{method:?}"
        );
        assert!((i.s()[[1, 0, 0]] - c(0.5, 0.0)).norm() < 1e-15);
    }
}

/// Deterministic test matrices of any size.
struct Rng(SplitMix);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0.symmetric()
    }

    fn c(&mut self) -> Complex64 {
        c(self.next(), self.next())
    }

    /// A random `n x n` unitary: a product of three Householder reflections with random
    /// complex vectors, times a diagonal of random phases.
    fn unitary(&mut self, n: usize) -> Array2<Complex64> {
        let mut u = Array2::from_shape_fn((n, n), |(i, j)| {
            if i == j {
                Complex64::from_polar(1.0, 3.0 * self.next())
            } else {
                c(0.0, 0.0)
            }
        });
        for _ in 0..3 {
            let v: Vec<Complex64> = (0..n).map(|_| self.c()).collect();
            let nn: f64 = v.iter().map(|x| x.norm_sqr()).sum();
            let h = Array2::from_shape_fn((n, n), |(i, j)| {
                let id = if i == j { 1.0 } else { 0.0 };
                c(id, 0.0) - 2.0 * v[i] * v[j].conj() / nn
            });
            u = h.dot(&u);
        }
        u
    }
}

fn one_point(s: Array2<Complex64>) -> Network {
    let n = s.dim().0;
    let f = Frequency::from_hz([1e9]).unwrap();
    Network::from_s(f, s.into_shape_with_order((1, n, n)).unwrap()).unwrap()
}

#[test]
fn passivity_equals_the_singular_value_definition() {
    // sigma_max <= 1 + tol, decided 1e-9 away from the boundary on either side, at sizes
    // on both sides of the Gram matrix's cache blocks (32 rows).
    let mut rng = Rng(SplitMix(21));
    for n in [1, 2, 5, 31, 33, 64, 100] {
        let u = rng.unitary(n);
        for (scale, tol, passive) in [
            (1.0 + 1e-9, 0.0, false),
            (1.0 - 1e-9, 0.0, true),
            (1.0 + 1e-9, 2e-9, true),
            (1.0 + 1e-9, 0.5e-9, false),
            (0.5, -0.5 + 1e-9, true),
            (0.5, -0.5 - 1e-9, false),
            (0.5, -2.0, false),
            (1e-300, 0.0, true),
        ] {
            let net = one_point(u.mapv(|x| x * scale));
            assert_eq!(
                net.is_passive(tol),
                passive,
                "n = {n}, scale {scale}, tol {tol}"
            );
        }
        // A lossless network is passive at tol = 0 (sigma_max = 1 up to rounding).
        assert!(one_point(u.clone()).is_passive(0.0), "n = {n}");
        // A random, non-unitary S: at its own sigma_max +- 1e-9; a scaled unitary: its scale.
        let m = Array2::from_shape_fn((n, n), |_| rng.c());
        let sv = one_point(m.clone()).max_singular_value()[0];
        let net = one_point(m.mapv(|x| x / sv));
        assert!(net.is_passive(1e-9) && !net.is_passive(-1e-9), "n = {n}");
        let sv = one_point(u.mapv(|x| x * 0.7)).max_singular_value()[0];
        assert!((sv - 0.7).abs() < 1e-14, "n = {n}: {sv}");
        // A NaN anywhere: not passive, whatever the tolerance.
        let mut s = u.mapv(|x| x * 0.5);
        s[[n / 2, n - 1]] = c(0.0, f64::NAN);
        assert!(!one_point(s).is_passive(1e3), "n = {n}");
        assert!(!one_point(u.clone()).is_passive(f64::NAN));
    }
}

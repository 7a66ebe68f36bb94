//! The ideal catalogue: terminations, attenuator, isolator, amplifier, transformers, coupler,
//! junctions and splitters. Closed forms, limits, scikit-rf 2.2.0 / ParamRF 0.37.6 references
//! (tests/fixtures/catalogue_ideal.json, scripts/gen_catalogue_fixtures.py), passivity,
//! reciprocity and losslessness, renormalisation, and derivatives against central differences.

use std::f64::consts::LN_10;

use pmrf::components::{
    Amplifier, Attenuator, DirectionalCoupler, IdealTransformer, IdealTransformer4, Isolator,
    Junction, LoadGamma, LoadGammaPolar, LoadZ, Match, Open, Port, PowerSplitter,
    ResistiveSplitter, Short, Tee, Terminated,
};
use pmrf::network::WaveDef;
use pmrf::prelude::*;

use crate::common;
use common::{Reference, assert_central_differences, max_dev};

type C = Complex<f64>;
const INF: f64 = f64::INFINITY;
const FILE: &str = "catalogue_ideal.json";

fn re(x: f64) -> C {
    C::new(x, 0.0)
}

fn db(x: f64) -> f64 {
    10f64.powf(-x / 20.0)
}

/// The deviation of `template`, with the fixture's parameters of `case` (of type `model`),
/// from its reference S.
fn deviation<M: Component<N, Scalar = f64>, const N: usize>(
    reference: &Reference,
    case: &str,
    model: &str,
    template: M,
) -> f64 {
    let params = reference.params(case, model);
    // Perfect isolation is infinite: a value within the bounds, taken as any other.
    let m = template.with_params(&params).unwrap();
    reference.report(case, model, &m)
}

#[test]
fn agree_with_scikit_rf_and_paramrf() {
    let r = Reference::load(FILE);
    let devs = [
        deviation(&r, "open", "Open", Open::new()),
        deviation(&r, "short", "Short", Short::new()),
        deviation(&r, "match", "Match", Match::new()),
        deviation(&r, "open3", "Open<3>", Open::<f64, 3>::default()),
        deviation(&r, "short2", "Short<2>", Short::<f64, 2>::default()),
        deviation(&r, "match2", "Match<2>", Match::<f64, 2>::default()),
        deviation(&r, "port_75", "Port", Port::new(1.0)),
        deviation(&r, "load_z", "LoadZ", LoadZ::new(1.0, 1.0)),
        deviation(&r, "load_gamma", "LoadGamma", LoadGamma::new(0.0, 0.0)),
        deviation(
            &r,
            "load_gamma_polar",
            "LoadGammaPolar",
            LoadGammaPolar::new(0.0, 0.0),
        ),
        deviation(&r, "attenuator", "Attenuator", Attenuator::new(1.0)),
        deviation(&r, "isolator", "Isolator", Isolator::new(1.0, 1.0)),
        deviation(&r, "isolator_finite", "Isolator", Isolator::new(1.0, 1.0)),
        deviation(&r, "amplifier", "Amplifier", Amplifier::new(1.0, 1.0)),
        deviation(
            &r,
            "transformer4",
            "IdealTransformer4",
            IdealTransformer4::new(1.0),
        ),
        deviation(
            &r,
            "transformer2",
            "IdealTransformer",
            IdealTransformer::new(1.0),
        ),
        deviation(
            &r,
            "coupler",
            "DirectionalCoupler",
            DirectionalCoupler::new(1.0, 30.0).unwrap(),
        ),
        deviation(&r, "tee", "Tee", Tee::new()),
        deviation(&r, "junction4", "Junction<4>", Junction::<f64, 4>::new()),
        deviation(
            &r,
            "resistive_splitter",
            "ResistiveSplitter",
            ResistiveSplitter::new(1.0),
        ),
        deviation(
            &r,
            "resistive_splitter_10",
            "ResistiveSplitter",
            ResistiveSplitter::new(1.0),
        ),
        deviation(
            &r,
            "resistive_splitter4",
            "ResistiveSplitter<4>",
            ResistiveSplitter::<f64, 4> { r: 1.0 },
        ),
        deviation(
            &r,
            "power_splitter",
            "PowerSplitter",
            PowerSplitter::new(1.0),
        ),
        deviation(
            &r,
            "power_splitter_20",
            "PowerSplitter",
            PowerSplitter::new(1.0),
        ),
    ];
    assert_eq!(devs.len(), r.case_count());
    let worst = devs.iter().copied().fold(0.0, f64::max);
    eprintln!("worst: {worst:.1e}");
    assert!(worst <= 1e-9, "{worst}");
}

#[test]
fn matched_two_ports_are_their_closed_forms() {
    let f = 2.4e9;
    let o = re(0.0);
    for loss in [0.0, 0.5, 3.0, 20.0, 80.0] {
        let s = Attenuator::new(loss).s_at(f);
        assert!(max_dev(&s, &[[o, re(db(loss))], [re(db(loss)), o]]) < 1e-16);
        for iso in [0.0, 15.0, 40.0] {
            let s = Isolator::new(loss, iso).s_at(f);
            assert!(max_dev(&s, &[[o, re(db(iso))], [re(db(loss)), o]]) < 1e-16);
        }
    }
    for gain in [-10.0, 0.0, 13.0, 30.0] {
        for iso in [0.0, 25.0] {
            let s = Amplifier::new(gain, iso).s_at(f);
            let want = [[o, re(db(iso))], [re(db(-gain)), o]];
            assert!(max_dev(&s, &want) < 2e-14, "{gain} {iso}");
        }
    }
    // Infinite levels: no transmission at all.
    assert_eq!(max_dev(&Attenuator::new(INF).s_at(f), &[[o; 2]; 2]), 0.0);
    assert_eq!(max_dev(&Isolator::new(INF, INF).s_at(f), &[[o; 2]; 2]), 0.0);
    assert_eq!(
        max_dev(&Amplifier::new(-INF, INF).s_at(f), &[[o; 2]; 2]),
        0.0
    );
    assert_eq!(Isolator::new(0.0, INF).s_at(f)[1][0], re(1.0));
}

#[test]
fn terminations_and_loads() {
    let f = 1e9;
    assert_eq!(Open::new().s_at(f), [[re(1.0)]]);
    assert_eq!(Short::new().s_at(f), [[re(-1.0)]]);
    assert_eq!(Match::new().s_at(f), [[re(0.0)]]);
    let s = Short::<f64, 3>::default().s_at(f);
    assert!((0..3).all(|i| (0..3).all(|j| s[i][j] == re(if i == j { -1.0 } else { 0.0 }))));
    for (r, x) in [
        (0.0, 0.0),
        (50.0, 0.0),
        (20.0, 35.0),
        (1e3, -400.0),
        (0.0, 50.0),
    ] {
        let z = C::new(r, x);
        let s = LoadZ::new(r, x).s_at(f)[0][0];
        assert!((s - (z - 50.0) / (z + 50.0)).norm() < 1e-15, "{z}");
        assert!(s.norm() <= 1.0 + 1e-15);
    }
    // An infinite part is an open, exactly.
    for (r, x) in [(INF, 0.0), (3.0, INF), (3.0, -INF), (INF, INF)] {
        assert_eq!(LoadZ::new(r, x).s_at(f)[0][0], re(1.0), "{r} {x}");
    }
    assert_eq!(Port::new(INF).s_at(f)[0][0], re(1.0));
    assert_eq!(Port::new(0.0).s_at(f)[0][0], re(-1.0));
    for z0 in [1.0, 25.0, 50.0, 75.0, 300.0] {
        let s = Port::new(z0).s_at(f)[0][0];
        assert!((s - re((z0 - 50.0) / (z0 + 50.0))).norm() < 1e-15);
        // Matched at its own reference impedance.
        let at = Port::new(z0).s_at_z0(f, &[re(z0)], WaveDef::Power)[0][0];
        assert!(at.norm() < 1e-14, "{z0}: {at}");
    }
    // A Match is 50 ohm: at 75 ohm it reflects (50 - 75)/(50 + 75); an open is an open anywhere.
    let s = Match::new().s_at_z0(f, &[re(75.0)], WaveDef::Power)[0][0];
    assert!((s + 0.2).norm() < 1e-15);
    assert!((Open::new().s_at_z0(f, &[re(75.0)], WaveDef::Power)[0][0] - 1.0).norm() < 1e-15);
    let g = LoadGamma::new(0.3, -0.4).s_at(f)[0][0];
    assert_eq!(g, C::new(0.3, -0.4));
    let g = LoadGammaPolar::new(0.5, -120.0).s_at(f)[0][0];
    assert!((g - C::from_polar(0.5, -120f64.to_radians())).norm() < 1e-16);
}

#[test]
fn transformers() {
    let f = 1e9;
    for n in [0.0, 0.3, 1.0, 1.7, 5.0, 1e6, INF] {
        let s = IdealTransformer::new(n).s_at(f);
        if n.is_finite() {
            let (s11, s21) = ((1.0 - n * n) / (1.0 + n * n), 2.0 * n / (1.0 + n * n));
            let want = [[re(s11), re(s21)], [re(s21), re(-s11)]];
            assert!(max_dev(&s, &want) < 1e-15, "{n}");
            let s4 = IdealTransformer4::new(n).s_at(f);
            let (a, b, c) = (
                1.0 / (1.0 + n * n),
                n * n / (1.0 + n * n),
                n / (1.0 + n * n),
            );
            let want =
                [[a, b, c, -c], [b, a, -c, c], [c, -c, b, a], [-c, c, a, b]].map(|r| r.map(re));
            assert!(max_dev(&s4, &want) < 1e-15, "{n}");
        }
        // Grounding both windings' lower terminals gives the 2-port.
        let half = Terminated::new(IdealTransformer4::new(n), 3, Short::new()).unwrap();
        let grounded = Terminated::new(half, 1, Short::new()).unwrap();
        let d = max_dev(&grounded.s_at(f), &s);
        assert!(d < 1e-15, "{n}: {d:e}");
        for m in [
            IdealTransformer::new(n)
                .network(&Frequency::from_hz([f]).unwrap())
                .unwrap(),
            IdealTransformer4::new(n)
                .network(&Frequency::from_hz([f]).unwrap())
                .unwrap(),
        ] {
            assert!(m.is_lossless(1e-15) && m.is_reciprocal(0.0), "{n}");
        }
    }
    // n = 0 opens port 1 and shorts port 2; n = inf the other way round.
    let o = re(0.0);
    assert_eq!(
        IdealTransformer::new(0.0).s_at(f),
        [[re(1.0), o], [o, re(-1.0)]]
    );
    assert_eq!(
        IdealTransformer::new(INF).s_at(f),
        [[re(-1.0), o], [o, re(1.0)]]
    );
    // Port 1 sees the load on port 2 divided by n^2.
    for (n, r, x) in [(2.0, 50.0, 0.0), (0.5, 20.0, 30.0), (3.0, 100.0, -70.0)] {
        let t = Terminated::new(IdealTransformer::new(n), 1, LoadZ::new(r, x)).unwrap();
        let z = C::new(r, x) / (n * n);
        assert!(
            (t.s_at(f)[0][0] - (z - 50.0) / (z + 50.0)).norm() < 1e-15,
            "{n}"
        );
    }
    // Between 50 ohm and 50 n^2 ohm it is a matched thru.
    let n: f64 = 1.7;
    let s = IdealTransformer::new(n).s_at_z0(f, &[re(50.0), re(50.0 * n * n)], WaveDef::Power);
    let thru = [[o, re(1.0)], [re(1.0), o]];
    assert!(max_dev(&s, &thru) < 1e-15, "{s:?}");
}

#[test]
fn directional_coupler() {
    let f = 1e9;
    for (cdb, idb) in [
        (3.0, INF),
        (10.0, INF),
        (20.0, 30.0),
        (6.0, 10.0),
        (0.5, 20.0),
    ] {
        let s = DirectionalCoupler::new(cdb, idb).unwrap().s_at(f);
        let (c, i) = (db(cdb), if idb.is_infinite() { 0.0 } else { db(idb) });
        let t = (1.0 - c * c).sqrt() - i;
        let (jc, o) = (C::new(0.0, c), re(0.0));
        let want = [
            [o, re(t), jc, re(i)],
            [re(t), o, re(i), jc],
            [jc, re(i), o, re(t)],
            [re(i), jc, re(t), o],
        ];
        assert!(max_dev(&s, &want) < 1e-15, "{cdb} {idb}");
        let net = DirectionalCoupler::new(cdb, idb)
            .unwrap()
            .network(&Frequency::from_hz([f]).unwrap())
            .unwrap();
        assert!(net.is_reciprocal(0.0));
        // Passive with as little loss as finite isolation allows: the largest singular value
        // is exactly 1, and lossless with perfect isolation.
        let sv = net.max_singular_value()[0];
        assert!((sv - 1.0).abs() < 1e-14, "{cdb} {idb}: {sv}");
        assert_eq!(net.is_lossless(1e-14), idb.is_infinite(), "{cdb} {idb}");
    }
    // The coupled arm is -coupling dB at +90 degrees, the through arm in phase.
    let s = DirectionalCoupler::new(20.0, INF).unwrap().s_at(f);
    assert!((s[2][0] - C::new(0.0, 0.1)).norm() < 1e-16);
    assert!(s[3][0].norm() == 0.0 && s[0][0].norm() == 0.0);
    // Bad input is an error.
    assert!(matches!(
        DirectionalCoupler::new(f64::NAN, 20.0),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        DirectionalCoupler::new(-1.0, 20.0),
        Err(Error::OutOfBounds { .. })
    ));
    // More leakage than through: 10 dB coupling needs at least -10 log10(0.9) = 0.458 dB.
    let lower = -10.0 * (1.0 - 0.1f64).log10();
    assert!(DirectionalCoupler::new(10.0, lower + 1e-9).is_ok());
    match DirectionalCoupler::new(10.0, 0.4) {
        Err(Error::OutOfBounds { name, lower: l, .. }) => {
            assert_eq!(name, "isolation_db");
            assert!((l - lower).abs() < 1e-12);
        }
        other => panic!("{other:?}"),
    }
    assert!(DirectionalCoupler::new(0.0, 50.0).is_err()); // 0 dB coupling leaves no through
    assert!(DirectionalCoupler::new(0.0, INF).is_ok());
}

#[test]
fn junctions_and_splitters() {
    let f = 1e9;
    fn junction<const N: usize>() {
        let s = Junction::<f64, N>::new().s_at(1e9);
        let n = N as f64;
        for (i, row) in s.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let want = if i == j { (2.0 - n) / n } else { 2.0 / n };
                assert!((v - want).norm() < 1e-16);
            }
        }
        let net = Junction::<f64, N>::new()
            .network(&Frequency::from_hz([1e9]).unwrap())
            .unwrap();
        assert!(net.is_lossless(1e-15) && net.is_reciprocal(0.0), "{N}");
        // The matched star splitter, and its limits: r = 0 is the junction, r = inf N opens.
        let matched = ResistiveSplitter::<f64, N> {
            r: ResistiveSplitter::<f64, N>::MATCHED_R,
        };
        if N >= 2 {
            let s = matched.s_at(1e9);
            for (i, row) in s.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    let want = if i == j { 0.0 } else { 1.0 / (n - 1.0) };
                    assert!((v - want).norm() < 1e-15, "{N}");
                }
            }
        }
        let zero = ResistiveSplitter::<f64, N> { r: 0.0 }.s_at(1e9);
        assert!(max_dev(&zero, &Junction::<f64, N>::new().s_at(1e9)) < 1e-15);
        let open = ResistiveSplitter::<f64, N> { r: INF }.s_at(1e9);
        assert_eq!(max_dev(&open, &Open::<f64, N>::default().s_at(1e9)), 0.0);
    }
    junction::<1>();
    junction::<2>();
    junction::<3>();
    junction::<4>();
    junction::<6>();
    // Two ports: a thru.
    let thru = Junction::<f64, 2>::new().s_at(f);
    assert_eq!(thru, [[re(0.0), re(1.0)], [re(1.0), re(0.0)]]);
    assert_eq!(
        ResistiveSplitter::matched(),
        ResistiveSplitter::new(50.0 / 3.0)
    );
    // The star of three arms: closed form g = 1/(1 + r/50), S_ij = 2g/3, S_ii = 1 - 4g/3.
    for r in [0.0, 5.0, 50.0 / 3.0, 100.0] {
        let g = 1.0 / (1.0 + r / 50.0);
        let s = ResistiveSplitter::new(r).s_at(f);
        assert!((s[0][0] - (1.0 - 4.0 * g / 3.0)).norm() < 1e-15);
        assert!((s[1][0] - 2.0 * g / 3.0).norm() < 1e-15);
    }
    // The power splitter: the instrument one, a tee at r = 0, ports 2 and 3 open at r = inf.
    let s = PowerSplitter::new(50.0).s_at(f);
    let want = [[0.0, 0.5, 0.5], [0.5, 0.25, 0.25], [0.5, 0.25, 0.25]].map(|r| r.map(re));
    assert!(max_dev(&s, &want) < 1e-16);
    assert!(max_dev(&PowerSplitter::new(0.0).s_at(f), &Tee::new().s_at(f)) < 1e-15);
    let open = PowerSplitter::new(INF).s_at(f);
    let want = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]].map(|r| r.map(re));
    assert_eq!(max_dev(&open, &want), 0.0);
}

#[test]
fn names_and_constructors() {
    assert_eq!(Open::new().num_params(), 0);
    assert_eq!(Tee::new().num_params(), 0);
    assert_eq!(Attenuator::new(3.0).param_names(), ["loss_db"]);
    assert_eq!(
        Isolator::new(0.5, 20.0).param_names(),
        ["loss_db", "isolation_db"]
    );
    assert_eq!(
        Amplifier::new(10.0, 20.0).param_names(),
        ["gain_db", "isolation_db"]
    );
    let coupler = DirectionalCoupler::new(10.0, 30.0).unwrap();
    assert_eq!(coupler.param_names(), ["coupling_db", "isolation_db"]);
    assert_eq!(LoadZ::new(1.0, 2.0).param_names(), ["r", "x"]);
    assert_eq!(
        LoadGamma::new(0.1, 0.2).param_names(),
        ["gamma_re", "gamma_im"]
    );
    assert_eq!(
        LoadGammaPolar::new(0.1, 0.2).param_names(),
        ["gamma_mag", "gamma_deg"]
    );
    assert_eq!(Port::new(75.0).param_names(), ["z0"]);
    assert_eq!(IdealTransformer::new(2.0).param_names(), ["n"]);
    assert_eq!(PowerSplitter::new(50.0).param_names(), ["r"]);
    // Bounds: levels in dB are not negative, a passive reflection is at most 1.
    assert!(Attenuator::new(3.0).with_params(&[-1.0]).is_err());
    assert!(
        LoadGammaPolar::new(0.5, 0.0)
            .with_params(&[1.1, 0.0])
            .is_err()
    );
    assert!(
        LoadGammaPolar::new(0.5, 0.0)
            .with_params(&[0.9, -400.0])
            .is_ok()
    );
    assert!(
        Amplifier::new(3.0, 20.0)
            .with_params(&[-30.0, 20.0])
            .is_ok()
    );
    assert!(IdealTransformer::new(2.0).with_params(&[-1.0]).is_err());
    // Composites see the parts' paths.
    let chain = Cascade::new((Attenuator::new(3.0), Isolator::new(0.5, 25.0)));
    assert_eq!(
        chain.param_names(),
        [
            "stages[0].loss_db",
            "stages[1].loss_db",
            "stages[1].isolation_db"
        ]
    );
}

/// A weighted sum of every entry's real and imaginary parts and of `|S_ij|^2`.
fn objective<M: Component<N>, const N: usize>(m: &M) -> M::Scalar {
    let s = m.s_at(M::Scalar::from(1.7e9));
    let mut acc = M::Scalar::from(0.0);
    for (i, row) in s.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            // Not linear in (i, j): the columns of a 4-port transformer's S - I sum to zero.
            let (i, j) = (i as f64, j as f64);
            let a = 1.0 + 0.1 * i + 0.07 * j + 0.05 * i * j + 0.02 * i * i;
            let b = 0.5 - 0.03 * i + 0.11 * j + 0.04 * i * j;
            acc += v.re * a + v.im * b + v.norm_sqr() * 0.3;
        }
    }
    acc
}

fn check_gradient<M, const N: usize>(model: M) -> Vec<f64>
where
    M: Component<N, Scalar = f64>,
    M::Rebind<Grad>: Component<N, Scalar = Grad>,
{
    let g = gradient(&model, &Filter::Free, objective).unwrap();
    assert!(g.iter().all(|x| x.is_finite() && *x != 0.0), "{g:?}");
    assert_central_differences(&model, &g, 1e-6, |m| objective(m));
    g
}

#[test]
fn gradients_match_central_differences() {
    let g = check_gradient(Attenuator::new(6.0));
    // The objective is (1.07 + 1.12) t + 0.3 (2 t^2) with t = 10^(-loss/20), dt/dloss = -t ln10/20.
    let t = db(6.0);
    let want = (2.19 + 1.2 * t) * (-t * LN_10 / 20.0);
    assert!((g[0] / want - 1.0).abs() < 1e-12, "{} vs {want}", g[0]);
    check_gradient(Isolator::new(0.7, 25.0));
    check_gradient(Amplifier::new(12.0, 30.0));
    check_gradient(LoadZ::new(20.0, 35.0));
    check_gradient(LoadGamma::new(0.3, -0.4));
    check_gradient(LoadGammaPolar::new(0.7, 135.0));
    check_gradient(Port::new(75.0));
    check_gradient(IdealTransformer::new(1.7));
    check_gradient(IdealTransformer::new(0.6));
    check_gradient(IdealTransformer4::new(2.5));
    check_gradient(DirectionalCoupler::new(10.0, 25.0).unwrap());
    check_gradient(ResistiveSplitter::new(10.0));
    check_gradient(ResistiveSplitter::<f64, 5> { r: 40.0 });
    check_gradient(PowerSplitter::new(50.0));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn net<const N: usize>(m: &impl Component<N, Scalar = f64>) -> Network {
        m.network(&Frequency::from_hz([1e9]).unwrap()).unwrap()
    }

    fn level() -> impl Strategy<Value = f64> {
        prop_oneof![1 => Just(0.0), 1 => Just(INF), 8 => 0.0..100.0f64]
    }

    fn resistance() -> impl Strategy<Value = f64> {
        prop_oneof![1 => Just(0.0), 1 => Just(INF), 8 => 0.0..1e4f64]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn passive_parts_are_passive(
            loss in level(), iso in level(), coupling in level(), extra in 0.0..40.0f64,
            r in resistance(), x in -1e4..1e4f64, n in prop_oneof![Just(0.0), Just(INF), 0.0..20.0f64],
            mag in 0.0..=1.0f64, deg in -720.0..720.0f64, gain in -60.0..=0.0f64,
        ) {
            let tol = 1e-12;
            prop_assert!(net(&Attenuator::new(loss)).is_passive(tol));
            prop_assert!(net(&Attenuator::new(loss)).is_reciprocal(0.0));
            prop_assert!(net(&Isolator::new(loss, iso)).is_passive(tol));
            prop_assert!(net(&Amplifier::new(gain, iso)).is_passive(tol));
            // Any isolation at or above the least the coupling allows.
            let c = db(coupling);
            let lower = -10.0 * (1.0 - c * c).log10();
            let coupler = DirectionalCoupler::new(coupling, lower + extra).unwrap();
            let cnet = net(&coupler);
            prop_assert!(cnet.is_passive(tol) && cnet.is_reciprocal(0.0), "{:?}", coupler);
            for load in [net(&LoadZ::new(r, x)), net(&Port::new(r)), net(&LoadGammaPolar::new(mag, deg))] {
                prop_assert!(load.is_passive(tol), "{} {} {} {}", r, x, mag, deg);
            }
            let two = net(&IdealTransformer::new(n));
            prop_assert!(two.is_lossless(1e-14) && two.is_reciprocal(0.0), "{}", n);
            prop_assert!(net(&IdealTransformer4::new(n)).is_lossless(1e-14));
            for three in [net(&ResistiveSplitter::new(r)), net(&PowerSplitter::new(r))] {
                prop_assert!(three.is_passive(tol) && three.is_reciprocal(1e-16), "{}", r);
            }
            let four = net(&ResistiveSplitter::<f64, 4> { r });
            prop_assert!(four.is_passive(tol) && four.is_reciprocal(1e-16));
            // |Gamma| = 1 is lossless.
            prop_assert!(net(&LoadGammaPolar::new(1.0, deg)).is_lossless(1e-15));
        }

        #[test]
        fn gain_is_active_and_isolation_nonreciprocal(gain in 0.01..60.0f64, iso in level()) {
            let amp = net(&Amplifier::new(gain, iso));
            prop_assert!(!amp.is_passive(1e-12));
            prop_assert!(!net(&Isolator::new(0.0, 20.0 + gain)).is_reciprocal(1e-3));
        }
    }
}

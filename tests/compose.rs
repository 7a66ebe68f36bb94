//! Terminated, flipped and renumbered networks against closed forms, their derivatives against
//! central differences, and batches of them.

use pmrf::components::{
    Connected, Flipped, LoadZ, Renumbered, Series, SeriesL, SeriesR, Shunt, ShuntC, Terminated,
};
use pmrf::ndarray::array;
use pmrf::network::{domain, twoport};
use pmrf::prelude::*;

use crate::common;
use common::{RcLoad, Reference, Tee, assert_central_differences, max_dev};

/// A 1-port given by its (real) reflection coefficient: `1` is an open, `-1` a short.
#[derive(Model, Clone, Debug)]
struct Reflect<T: Scalar = f64> {
    #[param(bounds = (-1.0, 1.0))]
    g: T,
}

impl<T: Scalar> Component<1> for Reflect<T> {
    type Domain = domain::S;
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[Complex::new(self.g, T::zero())]]
    }
}

fn close(a: Complex<f64>, b: Complex<f64>, tol: f64) -> bool {
    (a - b).norm() <= tol
}

#[test]
fn a_terminated_two_port_is_its_input_impedance() {
    let load = RcLoad { r: 20.0, c: 3e-12 };
    let t = Terminated::new(SeriesR::new(30.0), 1, load.clone()).unwrap();
    for f in [1e6, 1e8, 1e9, 1e10] {
        let zin = Complex::new(30.0, 0.0) + load.z_at(f)[0][0];
        let want = (zin - 50.0) / (zin + 50.0);
        assert!(close(t.s_at(f)[0][0], want, 1e-14), "{f}");
    }
    // Terminating port 1 instead: the same element seen from port 2.
    let t1 = Terminated::new(SeriesR::new(30.0), 0, load).unwrap();
    assert!(close(t1.s_at(1e9)[0][0], t.s_at(1e9)[0][0], 1e-15));
    // Ideal loads: an open leaves nothing but the open, a short leaves 30 ohm.
    let open = Terminated::new(SeriesR::new(30.0), 1, Reflect { g: 1.0 }).unwrap();
    assert!(close(open.s_at(1e9)[0][0], Complex::new(1.0, 0.0), 1e-15));
    let short = Terminated::new(SeriesR::new(30.0), 1, Reflect { g: -1.0 }).unwrap();
    assert!(close(
        short.s_at(1e9)[0][0],
        Complex::new(-20.0 / 80.0, 0.0),
        1e-15
    ));
    assert!(Terminated::new(SeriesR::new(30.0), 2, RcLoad { r: 1.0, c: 1.0 }).is_err());
}

#[test]
fn a_tee_with_a_load_on_one_arm_is_a_shunt_impedance() {
    let load = RcLoad { r: 15.0, c: 2e-12 };
    for port in 0..3 {
        let t = Terminated::new(Tee::default(), port, load.clone()).unwrap();
        for f in [1e8, 1e9, 5e9] {
            let got: Mat<f64, 2> = t.s_at(f);
            let want = twoport::shunt_impedance(load.z_at(f)[0][0], 50.0);
            for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                assert!(close(got[i][j], want[i][j], 1e-14), "port {port}, {f} Hz");
            }
        }
    }
}

#[test]
fn derivatives_through_a_termination_match_central_differences() {
    let model = Terminated::new(SeriesL::new(5e-9), 1, RcLoad { r: 20.0, c: 3e-12 }).unwrap();
    let f = 1.3e9;
    let g = gradient(&model, &Filter::Free, |m| {
        m.s_at(Grad::from(f))[0][0].norm_sqr()
    })
    .unwrap();
    assert_eq!(model.param_names(), ["network.l", "load.r", "load.c"]);
    assert_central_differences(&model, &g, 1e-6, |m| m.s_at(f)[0][0].norm_sqr());
}

#[test]
fn terminated_networks_batch() {
    let model = Terminated::new(SeriesL::new(5e-9), 1, RcLoad { r: 20.0, c: 3e-12 }).unwrap();
    let batch =
        Batch::from_values(&model, array![[5e-9, 20.0, 3e-12], [6e-9, 30.0, 1e-12]]).unwrap();
    let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz).unwrap();
    let s = batch.s::<1>(&freq).unwrap();
    let second = batch.member(1).unwrap();
    assert_eq!(second.load.r, 30.0);
    assert_eq!(s.index_axis(pmrf::ndarray::Axis(0), 1), second.s(&freq));
}

#[test]
fn flips_and_renumberings_permute_s() {
    let filter = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesR::new(5.0)));
    let twice = Flipped::new(Flipped::new(filter.clone()));
    assert_eq!(twice.s_at(2e9), filter.s_at(2e9));
    let flipped = Flipped::new(filter.clone());
    let r = Renumbered::new(filter.clone(), [1, 0]).unwrap();
    assert_eq!(flipped.s_at(2e9), r.s_at(2e9));
    // A 3-port renumbered: new port i is old port order[i].
    let tee_loaded = Terminated::new(
        Renumbered::new(Tee::default(), [2, 0, 1]).unwrap(),
        0,
        RcLoad { r: 10.0, c: 1e-12 },
    )
    .unwrap();
    let direct = Terminated::new(Tee::default(), 2, RcLoad { r: 10.0, c: 1e-12 }).unwrap();
    let (a, b): (Mat<f64, 2>, Mat<f64, 2>) = (tee_loaded.s_at(1e9), direct.s_at(1e9));
    assert_eq!(a, b);
    assert!(Renumbered::new(Tee::<f64>::default(), [0, 1, 3]).is_err());
    assert_eq!(Flipped::new(filter).param_names()[0], "network.stages[0].l");
}

#[test]
fn connecting_a_one_port_is_terminating() {
    let load = RcLoad { r: 20.0, c: 3e-12 };
    let net = Cascade::new((SeriesL::new(4e-9), ShuntC::new(1e-12)));
    for port in 0..2 {
        let t = Terminated::new(net.clone(), port, load.clone()).unwrap();
        let c = Connected::new(net.clone(), port, load.clone(), 0).unwrap();
        let c2 = Connected::new(load.clone(), 0, net.clone(), port).unwrap();
        for f in [1e8, 2e9] {
            let (t, c, c2): (Mat<f64, 1>, Mat<f64, 1>, Mat<f64, 1>) =
                (t.s_at(f), c.s_at(f), c2.s_at(f));
            assert!(max_dev(&t, &c) < 1e-15 && max_dev(&t, &c2) < 1e-15);
        }
    }
    assert!(Connected::new(net, 2, load, 0).is_err());
}

#[test]
fn connections_chain_like_cascades_and_agree_with_terminations() {
    let (a, b, c) = (SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesR::new(7.0));
    let chain = Cascade::new((a, b, c));
    let left = Connected::new(Connected::new(a, 1, b, 0).unwrap(), 1, c, 0).unwrap();
    let right = Connected::new(a, 1, Connected::new(b, 1, c, 0).unwrap(), 0).unwrap();
    for f in [0.0, 1e8, 3e9] {
        let (x, y, z): (Mat<f64, 2>, Mat<f64, 2>, Mat<f64, 2>) =
            (chain.s_at(f), left.s_at(f), right.s_at(f));
        assert!(max_dev(&x, &y) < 1e-15 && max_dev(&x, &z) < 1e-15, "{f}");
    }
    assert_eq!(left.param_names(), ["a.a.l", "a.b.c", "b.r"]);

    // A tee arm extended by a series R and closed by a match is the tee closed by R + 50 ohm.
    let arm = Connected::new(Tee::default(), 2, SeriesR::new(30.0), 0).unwrap();
    let closed = Terminated::new(arm, 2, Reflect { g: 0.0 }).unwrap();
    let direct = Terminated::new(
        Tee::default(),
        2,
        RcLoad {
            r: 80.0,
            c: f64::INFINITY,
        },
    )
    .unwrap();
    let (x, y): (Mat<f64, 2>, Mat<f64, 2>) = (closed.s_at(1e9), direct.s_at(1e9));
    assert!(max_dev(&x, &y) < 1e-15);
}

#[test]
fn a_resistive_star_divider_is_reciprocal_and_splits_evenly() {
    // Three 50/3 ohm arms from a tee: the classic resistive divider, S21 = S31 = 1/2, matched.
    let r = 50.0 / 3.0;
    let one = Connected::new(Tee::default(), 0, SeriesR::new(r), 1).unwrap();
    let two = Connected::new(one, 1, SeriesR::new(r), 1).unwrap();
    let star = Connected::new(two, 2, SeriesR::new(r), 1).unwrap();
    let s: Mat<f64, 3> = star.s_at(1e9);
    for (i, j) in (0..3).flat_map(|i| (0..3).map(move |j| (i, j))) {
        assert!((s[i][j] - s[j][i]).norm() < 1e-15, "reciprocal");
        let want = if i == j { 0.0 } else { 0.5 }; // matched, -6 dB to each other port
        assert!(
            (s[i][j] - Complex::new(want, 0.0)).norm() < 1e-15,
            "{i}, {j}"
        );
    }
    // Exact derivatives through nested connections.
    let g = gradient(&star, &Filter::Free, |m| {
        let s: Mat<Grad, 3> = m.s_at(Grad::from(1e9));
        s[1][0].norm_sqr()
    })
    .unwrap();
    let x = star.param_values();
    for k in 0..3 {
        let h = 1e-6;
        let at = |d: f64| {
            let mut v = x.clone();
            v[k] += d;
            let s: Mat<f64, 3> = star.with_params(&v).unwrap().s_at(1e9);
            s[1][0].norm_sqr()
        };
        let fd = (at(h) - at(-h)) / (2.0 * h);
        assert!((g[k] - fd).abs() < 1e-9, "{k}: {} vs {fd}", g[k]);
    }
}

#[test]
fn composites_agree_with_scikit_rf() {
    let reference = Reference::load("compose.json");
    let (l, c, r7) = (SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesR::new(7.0));
    let lcr = Cascade::new((l, c, r7));
    let rc = RcLoad { r: 20.0, c: 3e-12 };
    let r3 = || SeriesR::new(50.0 / 3.0);
    let arm = Connected::new(Tee::default(), 2, SeriesR::new(30.0), 0).unwrap();
    // A 2-port on a junction keeps the junction's port numbers: arms 0, 1, 2 in turn.
    let star = Connected::new(
        Connected::new(
            Connected::new(Tee::default(), 0, r3(), 1).unwrap(),
            1,
            r3(),
            1,
        )
        .unwrap(),
        2,
        r3(),
        1,
    )
    .unwrap();
    let deviations = [
        (
            "l_to_c",
            reference.deviation::<2>("l_to_c", &Connected::new(l, 1, c, 0).unwrap()),
        ),
        ("tee_arm_r30", reference.deviation::<3>("tee_arm_r30", &arm)),
        (
            "lcr_terminated_rc",
            reference.deviation::<1>(
                "lcr_terminated_rc",
                &Terminated::new(lcr.clone(), 1, rc.clone()).unwrap(),
            ),
        ),
        (
            "lcr_port1_terminated_rc",
            reference.deviation::<1>(
                "lcr_port1_terminated_rc",
                &Terminated::new(lcr.clone(), 0, rc).unwrap(),
            ),
        ),
        (
            "star_divider",
            reference.deviation::<3>("star_divider", &star),
        ),
        (
            "lcr_flipped",
            reference.deviation::<2>("lcr_flipped", &Flipped::new(lcr)),
        ),
        (
            "tee_arm_r30_renumbered",
            reference.deviation::<3>(
                "tee_arm_r30_renumbered",
                &Renumbered::new(arm, [2, 0, 1]).unwrap(),
            ),
        ),
    ];
    for (case, dev) in deviations {
        assert!(dev <= 1e-12, "{case}: {dev:e}");
    }
}

mod properties {
    //! Identities of composites over random passive parts.

    use super::*;
    use proptest::prelude::*;

    /// A random passive lossy 2-port: series L with series R, then shunt C (values in SI).
    fn stage() -> impl Strategy<Value = Cascade<(SeriesR, SeriesL, ShuntC)>> {
        (0.0..50.0, 0.1e-9..20e-9, 0.1e-12..10e-12)
            .prop_map(|(r, l, c)| Cascade::new((SeriesR::new(r), SeriesL::new(l), ShuntC::new(c))))
    }

    fn load() -> impl Strategy<Value = RcLoad> {
        (0.0..200.0, 0.1e-12..20e-12).prop_map(|(r, c)| RcLoad { r, c })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn joining_is_associative_and_equals_the_cascade(
            a in stage(), b in stage(), c in stage(), f in 1e6..2e10f64,
        ) {
            let left = Connected::new(Connected::new(a.clone(), 1, b.clone(), 0).unwrap(), 1, c.clone(), 0).unwrap();
            let right = Connected::new(a.clone(), 1, Connected::new(b.clone(), 1, c.clone(), 0).unwrap(), 0).unwrap();
            let chain = Cascade::new((a, b, c));
            let (x, y, z): (Mat<f64, 2>, Mat<f64, 2>, Mat<f64, 2>) = (left.s_at(f), right.s_at(f), chain.s_at(f));
            prop_assert!(max_dev(&x, &z) < 1e-12 && max_dev(&y, &z) < 1e-12);
        }

        #[test]
        fn passive_reciprocal_parts_make_passive_reciprocal_composites(
            a in stage(), b in stage(), l in load(), port in 0..3usize,
        ) {
            let freq = Frequency::logspace(1e6, 2e10, 7, FrequencyUnit::Hz).unwrap();
            // A 3-port: a tee with a stage on one arm; then one arm closed by a load.
            let arm = Connected::new(Tee::default(), port, a, 0).unwrap();
            let three = arm.network(&freq).unwrap();
            prop_assert!(three.is_reciprocal(1e-12) && three.is_passive(1e-12));
            let closed = Terminated::new(arm, (port + 1) % 3, l).unwrap();
            let two = Connected::new(closed, 1, b, 0).unwrap();
            let net = two.network(&freq).unwrap();
            prop_assert!(net.is_reciprocal(1e-12) && net.is_passive(1e-12));
        }

        #[test]
        fn terminating_equals_connecting_a_one_port(
            a in stage(), l in load(), port in 0..2usize, f in 1e6..2e10f64,
        ) {
            let t = Terminated::new(a.clone(), port, l.clone()).unwrap();
            let c = Connected::new(a, port, l, 0).unwrap();
            let (x, y): (Mat<f64, 1>, Mat<f64, 1>) = (t.s_at(f), c.s_at(f));
            prop_assert!(max_dev(&x, &y) < 1e-14);
        }
    }
}

#[test]
fn port_errors_say_which_port_of_which_part() {
    let net = Cascade::new((SeriesL::new(4e-9), ShuntC::new(1e-12)));
    let load = RcLoad { r: 20.0, c: 3e-12 };
    let e = Terminated::new(SeriesR::new(30.0), 2, load.clone()).unwrap_err();
    assert_eq!(
        e,
        Error::PortOutOfRange {
            part: "network `SeriesR` of Terminated::new".into(),
            port: 2,
            ports: 2,
        }
    );
    assert_eq!(
        e.to_string(),
        "port 2 is out of range for network `SeriesR` of Terminated::new, which has \
         2 ports: 0 to 1 (ports are 0-based)"
    );
    let e = Connected::new(net.clone(), 0, load.clone(), 1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "port 1 is out of range for network `b` (`RcLoad`) of Connected::new, which has \
         1 port: 0 (ports are 0-based)"
    );
    let e = Connected::new(net, 5, load, 0).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("port 5 is out of range for network `a`"),
        "{e}"
    );
    let e = Renumbered::new(Tee::<f64>::default(), [0, 1, 3]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "port 3 is out of range for network `Tee` of Renumbered::new (order [0, 1, 3]), \
         which has 3 ports: 0 to 2 (ports are 0-based)"
    );
    let e = Renumbered::new(Tee::<f64>::default(), [0, 1, 1]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid network: the order [0, 1, 1] of Renumbered::new names port 1 twice; \
         give each port 0 to 2 once"
    );
}

#[test]
fn one_ports_as_series_and_shunt_arms() {
    let load = RcLoad { r: 20.0, c: 3e-12 };
    let (series, shunt) = (Series::new(load.clone()), Shunt::new(load.clone()));
    assert_eq!(series.param_names(), ["arm.r", "arm.c"]);
    // A shunt 1-port by hand: a junction with the load on its third port.
    let by_hand = Connected::new(Tee::default(), 2, load.clone(), 0).unwrap();
    for f in [1e8, 1.3e9, 7e9] {
        let z = load.z_at(f)[0][0];
        for (got, want) in [
            (series.s_at(f), twoport::series_impedance(z, 50.0)),
            (shunt.s_at(f), twoport::shunt_impedance(z, 50.0)),
            (shunt.s_at(f), by_hand.s_at(f)),
        ] {
            assert!(max_dev(&got, &want) < 1e-15, "{f} Hz: {got:?} vs {want:?}");
        }
    }
    // Opens and shorts are exact: no 0/0 where the arm's impedance is 0 or infinite.
    let one = Complex::new(1.0, 0.0);
    let zero = Complex::new(0.0, 0.0);
    let (open, short) = (LoadZ::new(f64::INFINITY, 0.0), LoadZ::new(0.0, 0.0));
    let through = [[zero, one], [one, zero]];
    assert_eq!(Series::new(open).s_at(1e9), [[one, zero], [zero, one]]);
    assert_eq!(Series::new(short).s_at(1e9), through);
    assert_eq!(Shunt::new(short).s_at(1e9), [[-one, zero], [zero, -one]]);
    assert_eq!(Shunt::new(open).s_at(1e9), through);
    // Stages of a cascade, and differentiable like any part.
    let ladder = Cascade::new((series, shunt));
    assert_eq!(
        ladder.param_names(),
        [
            "stages[0].arm.r",
            "stages[0].arm.c",
            "stages[1].arm.r",
            "stages[1].arm.c"
        ]
    );
    let f = 1.3e9;
    let g = gradient(&ladder, &Filter::Free, |m| {
        m.s_at(Grad::from(f))[1][0].norm_sqr()
    })
    .unwrap();
    assert_central_differences(&ladder, &g, 1e-6, |m| m.s_at(f)[1][0].norm_sqr());
}

#[test]
fn the_const_forms_build_what_the_checked_forms_build() {
    // 30 ohm in series into a matched load: port 1 sees 80 ohm.
    let t = Terminated::at::<1>(SeriesR::new(30.0), Reflect { g: 0.0 });
    assert!(close(t.s_at(1e9)[0][0], Complex::from(30.0 / 130.0), 1e-15));
    assert_eq!(t.port(), 1);
    let checked = Terminated::new(SeriesR::new(30.0), 1, Reflect { g: 0.0 }).unwrap();
    assert_eq!((checked.port(), checked.s_at(1e9)), (t.port(), t.s_at(1e9)));
    // Every port of a tee, each a distinct type instance of `at`.
    let load = RcLoad { r: 10.0, c: 1e-12 };
    let by_const = [
        Terminated::at::<0>(Tee::default(), load.clone()),
        Terminated::at::<1>(Tee::default(), load.clone()),
        Terminated::at::<2>(Tee::default(), load.clone()),
    ];
    for (port, t) in by_const.into_iter().enumerate() {
        let checked = Terminated::new(Tee::default(), port, load.clone()).unwrap();
        assert_eq!(t.port(), port);
        let (a, b): (Mat<f64, 2>, Mat<f64, 2>) = (t.s_at(1e9), checked.s_at(1e9));
        assert_eq!(a, b);
    }
    // Two 2-ports joined port 2 to port 1 are a cascade.
    let (l, c) = (SeriesL::new(3e-9), ShuntC::new(2e-12));
    let joined = Connected::at::<1, 0>(l, c);
    assert_eq!(joined.ports(), (1, 0));
    assert_eq!(joined, Connected::new(l, 1, c, 0).unwrap());
    let (a, b): (Mat<f64, 2>, Mat<f64, 2>) = (joined.s_at(2e9), Cascade::new((l, c)).s_at(2e9));
    assert!(max_dev(&a, &b) < 1e-15);
    // The star divider of the composites example: -6.02 dB from port 1 to each other port.
    let r = || SeriesR::new(50.0 / 3.0);
    let divider = Connected::at::<2, 1>(
        Connected::at::<1, 1>(Connected::at::<0, 1>(Tee::default(), r()), r()),
        r(),
    );
    let s: Mat<f64, 3> = divider.s_at(1e9);
    assert!(s[0][0].norm() < 1e-15);
    assert!(close(s[1][0], Complex::from(0.5), 1e-15) && close(s[2][0], Complex::from(0.5), 1e-15));
}

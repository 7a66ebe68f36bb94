//! Circuit netlists against cascades, terminations and closed forms, against scikit-rf's
//! `Circuit` (tests/fixtures/circuit.json, scripts/gen_circuit_fixtures.py), their derivatives
//! against central differences, batches of them, and the netlist errors.

use pmrf::components::{
    Circuit, CircuitPort, CircuitSolver, Ground, LoadZ, Open, Parts, SeriesC, SeriesL, SeriesR,
    ShuntC, ShuntL, Terminated, part,
};
use pmrf::prelude::*;

use crate::common;
use common::{RcLoad, Reference, Tee, assert_central_differences, max_dev};

const FREQS: [f64; 6] = [0.0, 1e6, 1e8, 1e9, 3.3e9, 1e10];

type PiParts<T = f64> = (
    CircuitPort<T>,
    pmrf::components::Part<SeriesC<T>, 2>,
    pmrf::components::Part<SeriesL<T>, 2>,
    pmrf::components::Part<SeriesC<T>, 2>,
    CircuitPort<T>,
    Ground<T>,
);

/// The pi low-pass C-L-C as a netlist: series capacitors from the line to ground.
fn pi_lowpass(c1: f64, l: f64, c2: f64) -> Circuit<PiParts, 2> {
    Circuit::new(
        (
            CircuitPort::new(),
            part(SeriesC::new(c1)),
            part(SeriesL::new(l)),
            part(SeriesC::new(c2)),
            CircuitPort::new(),
            Ground::new(),
        ),
        vec![
            vec![(0, 0), (1, 0), (2, 0)],
            vec![(2, 1), (3, 0), (4, 0)],
            vec![(1, 1), (3, 1), (5, 0)],
        ],
    )
    .unwrap()
}

#[test]
fn a_pi_netlist_equals_the_cascade() {
    let circuit = pi_lowpass(2e-12, 5e-9, 3e-12);
    let chain = Cascade::new((ShuntC::new(2e-12), SeriesL::new(5e-9), ShuntC::new(3e-12)));
    assert_eq!(
        circuit.param_names(),
        ["parts[1].c", "parts[2].l", "parts[3].c"]
    );
    assert_eq!(circuit.unknowns(), 6);
    for f in FREQS {
        let d = max_dev(&circuit.s_at(f), &chain.s_at(f));
        assert!(d <= 1e-12, "{f} Hz: {d}");
    }
    // The sweep (scratch reused) is the point-wise solution.
    let freq = Frequency::linspace(0.1, 10.0, 51, FrequencyUnit::GHz).unwrap();
    let (a, b) = (circuit.s(&freq), chain.s(&freq));
    let d = (&a - &b).iter().map(|z| z.norm()).fold(0.0, f64::max);
    assert!(d <= 1e-12, "{d}");
    assert_eq!(a[[7, 1, 0]], circuit.s_at(freq.hz()[7])[1][0]);
}

#[test]
fn shunt_two_ports_on_the_line_equal_the_cascade_too() {
    // The same filter with the library's shunt 2-ports chained through nodes.
    let circuit = Circuit::<_, 2>::new(
        (
            CircuitPort::new(),
            part(ShuntC::new(2e-12)),
            part(SeriesL::new(5e-9)),
            part(ShuntC::new(3e-12)),
            CircuitPort::new(),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0)],
            vec![(2, 1), (3, 0)],
            vec![(3, 1), (4, 0)],
        ],
    )
    .unwrap();
    let chain = Cascade::new((ShuntC::new(2e-12), SeriesL::new(5e-9), ShuntC::new(3e-12)));
    for f in FREQS {
        assert!(max_dev(&circuit.s_at(f), &chain.s_at(f)) <= 1e-12, "{f}");
    }
}

/// Three ports, each through `r` to a centre node.
fn star(r: f64) -> Circuit<impl Parts<f64>, 3> {
    Circuit::<_, 3>::new(
        (
            CircuitPort::new(),
            CircuitPort::new(),
            CircuitPort::new(),
            part(SeriesR::new(r)),
            part(SeriesR::new(r)),
            part(SeriesR::new(r)),
        ),
        vec![
            vec![(0, 0), (3, 0)],
            vec![(1, 0), (4, 0)],
            vec![(2, 0), (5, 0)],
            vec![(3, 1), (4, 1), (5, 1)],
        ],
    )
    .unwrap()
}

#[test]
fn a_star_divider_is_matched_and_halves() {
    let s = star(50.0 / 3.0).s_at(1e9);
    for (i, row) in s.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let want = if i == j { 0.0 } else { 0.5 };
            assert!((v - want).norm() < 1e-15, "{i}{j}: {v}");
        }
    }
    // A bare ideal tee (three ports on one node): 2/3 through, -1/3 back.
    let tee = Circuit::<_, 3>::new(
        (CircuitPort::new(), CircuitPort::new(), CircuitPort::new()),
        vec![vec![(0, 0), (1, 0), (2, 0)]],
    )
    .unwrap();
    assert_eq!(tee.unknowns(), 0);
    let s = tee.s_at(1e9);
    assert!((s[0][0] + 1.0 / 3.0).norm() < 1e-15 && (s[2][1] - 2.0 / 3.0).norm() < 1e-15);
}

#[test]
fn ideal_shorts_and_opens_are_exact() {
    // A port on ground is a short; a port alone on a node is an open.
    let shorted = Circuit::<_, 2>::new(
        (CircuitPort::new(), Ground::new(), CircuitPort::new()),
        vec![vec![(0, 0), (1, 0)], vec![(2, 0)]],
    )
    .unwrap();
    assert_eq!(
        shorted.s_at(1e9),
        [
            [Complex::new(-1.0, 0.0), Complex::new(0.0, 0.0)],
            [Complex::new(0.0, 0.0), Complex::new(1.0, 0.0)]
        ]
    );
    // Zero-ohm and zero-henry elements and a grounded shunt L at DC: still exact, no GMIN.
    let c = Circuit::<_, 2>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(0.0)),
            part(SeriesL::new(2e-9)),
            Ground::new(),
            CircuitPort::new(),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0), (4, 0)],
            vec![(2, 1), (3, 0)],
        ],
    )
    .unwrap();
    let dc = c.s_at(0.0);
    let short = [
        [Complex::new(-1.0, 0.0), Complex::new(0.0, 0.0)],
        [Complex::new(0.0, 0.0), Complex::new(-1.0, 0.0)],
    ];
    assert!(max_dev(&dc, &short) < 1e-15, "{dc:?}");
    let shunt = ShuntL::new(2e-9);
    assert!(max_dev(&c.s_at(1e9), &shunt.s_at(1e9)) < 1e-15);
}

#[test]
fn a_netlist_with_a_load_equals_terminated() {
    let load = RcLoad { r: 20.0, c: 3e-12 };
    let net = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesR::new(7.0)));
    let terminated = Terminated::new(net.clone(), 1, load.clone()).unwrap();
    let circuit = Circuit::<_, 1>::new(
        (CircuitPort::new(), part(net), part(load)),
        vec![vec![(0, 0), (1, 0)], vec![(1, 1), (2, 0)]],
    )
    .unwrap();
    assert_eq!(
        circuit.param_names(),
        [
            "parts[1].stages[0].l",
            "parts[1].stages[1].c",
            "parts[1].stages[2].r",
            "parts[2].r",
            "parts[2].c"
        ]
    );
    for f in &FREQS[1..] {
        assert!(
            max_dev(&circuit.s_at(*f), &terminated.s_at(*f)) < 1e-14,
            "{f}"
        );
    }
}

#[test]
fn circuits_nest_and_sit_in_cascades() {
    let inner = pi_lowpass(2e-12, 5e-9, 2e-12);
    // Two pi sections as parts of an outer netlist.
    let outer = Circuit::<_, 2>::new(
        (
            CircuitPort::new(),
            part(inner.clone()),
            part(inner.clone()),
            CircuitPort::new(),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0)],
            vec![(2, 1), (3, 0)],
        ],
    )
    .unwrap();
    assert_eq!(
        outer.param_names()[3..5],
        ["parts[2].parts[1].c", "parts[2].parts[2].l"]
    );
    let chain = Cascade::new((inner.clone(), inner.clone()));
    let flat = Cascade::new((
        ShuntC::new(2e-12),
        SeriesL::new(5e-9),
        ShuntC::new(2e-12),
        ShuntC::new(2e-12),
        SeriesL::new(5e-9),
        ShuntC::new(2e-12),
    ));
    for f in FREQS {
        assert!(max_dev(&outer.s_at(f), &flat.s_at(f)) < 1e-12, "{f}");
        assert!(max_dev(&chain.s_at(f), &flat.s_at(f)) < 1e-12, "{f}");
    }
}

#[test]
fn derivatives_of_a_circuit_match_central_differences() {
    let model = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesL::new(5e-9)),
            part(RcLoad { r: 20.0, c: 3e-12 }),
            part(SeriesR::new(40.0)),
            Ground::new(),
        ),
        // L from the port to a node with the RC load and 40 ohm to ground.
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0), (3, 0)],
            vec![(3, 1), (4, 0)],
        ],
    )
    .unwrap();
    let f = 1.3e9;
    let g = gradient(&model, &Filter::Free, |m| {
        m.s_at(Grad::from(f))[0][0].norm_sqr()
    })
    .unwrap();
    assert_eq!(
        model.param_names(),
        ["parts[1].l", "parts[2].r", "parts[2].c", "parts[3].r"]
    );
    assert_central_differences(&model, &g, 1e-6, |m| m.s_at(f)[0][0].norm_sqr());
}

#[test]
fn circuits_batch() {
    let model = pi_lowpass(2e-12, 5e-9, 3e-12);
    let batch = Batch::from_values(
        &model,
        pmrf::ndarray::array![[2e-12, 5e-9, 3e-12], [1e-12, 4e-9, 2e-12]],
    )
    .unwrap();
    let freq = Frequency::linspace(0.1, 3.0, 30, FrequencyUnit::GHz).unwrap();
    let s = batch.s::<2>(&freq).unwrap();
    let second = batch.member(1).unwrap();
    assert_eq!(second.parts.2.model.l, 4e-9);
    assert_eq!(s.index_axis(pmrf::ndarray::Axis(0), 1), second.s(&freq));
}

#[test]
fn a_singular_system_gives_nan() {
    // A floating node between two opens: its voltage is undetermined, so the connection
    // system is singular and every S-parameter is NaN (no hidden GMIN).
    let floating = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(50.0)),
            Ground::new(),
            part(Open::<f64>::default()),
            part(Open::<f64>::default()),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0)],
            vec![(3, 0), (4, 0)],
        ],
    )
    .unwrap();
    assert!(floating.s_at(1e9)[0][0].re.is_nan());
    let freq = Frequency::from_hz([1e9]).unwrap();
    assert!(floating.network(&freq).is_err() || floating.s(&freq)[[0, 0, 0]].is_nan());
    // A zero-ohm wire from ground to ground is no such case (it was, before zero-impedance
    // loops were merged): like 1 ohm there, it leaves the port its 50 ohm match.
    for r in [0.0, 1.0] {
        let looped = Circuit::<_, 1>::new(
            (
                CircuitPort::new(),
                part(SeriesR::new(50.0)),
                Ground::new(),
                part(SeriesR::new(r)),
            ),
            vec![vec![(0, 0), (1, 0)], vec![(1, 1), (2, 0), (3, 0), (3, 1)]],
        )
        .unwrap();
        assert!(looped.s_at(1e9)[0][0].norm() < 1e-15, "{r} ohm");
    }
}

#[test]
fn netlist_errors_name_the_culprit() {
    let parts = || {
        (
            CircuitPort::<f64>::new(),
            part(SeriesL::new(1e-9)),
            CircuitPort::new(),
        )
    };
    let err = |nodes: Vec<Vec<(usize, usize)>>| {
        Circuit::<_, 2>::new(parts(), nodes)
            .unwrap_err()
            .to_string()
    };
    let dangling = err(vec![vec![(0, 0), (1, 0)], vec![(2, 0)]]);
    assert!(
        dangling.contains("port 1 of part 1 (SeriesL, 2 ports) is on no node"),
        "{dangling}"
    );
    let twice = err(vec![vec![(0, 0), (1, 0)], vec![(1, 1), (2, 0), (1, 0)]]);
    assert!(
        twice.contains("port 0 of part 1 (SeriesL, 2 ports) is on two nodes, 0 and 1"),
        "{twice}"
    );
    let same = err(vec![vec![(0, 0), (1, 0), (1, 0)], vec![(1, 1), (2, 0)]]);
    assert!(same.contains("listed twice on node 0"), "{same}");
    let range = err(vec![vec![(0, 0), (1, 0)], vec![(1, 1), (3, 0)]]);
    assert!(
        range.contains("names part 3, but there are 3 parts"),
        "{range}"
    );
    let port = err(vec![vec![(0, 0), (1, 0)], vec![(1, 2), (2, 0)]]);
    assert!(
        port.contains("names port 2 of part 1 (SeriesL, 2 ports)"),
        "{port}"
    );
    let empty = err(vec![vec![(0, 0), (1, 0)], vec![], vec![(1, 1), (2, 0)]]);
    assert!(empty.contains("node 1 has no connection"), "{empty}");
    // Wrong N.
    let wrong = Circuit::<_, 3>::new(parts(), vec![vec![(0, 0), (1, 0)], vec![(1, 1), (2, 0)]])
        .unwrap_err()
        .to_string();
    assert!(
        wrong.contains("2 external port(s)") && wrong.contains("N = 3"),
        "{wrong}"
    );
    // No external port at all.
    let none = Circuit::<_, 1>::new(
        (part(SeriesL::<f64>::new(1e-9)), Ground::new()),
        vec![vec![(0, 0), (1, 0)], vec![(0, 1)]],
    )
    .unwrap_err()
    .to_string();
    assert!(none.contains("no external port"), "{none}");
}

#[test]
fn circuits_agree_with_scikit_rf() {
    let reference = Reference::load("circuit.json");
    let mut worst = 0.0f64;
    let mut check = |case: &str, d: f64| {
        assert!(d <= 1e-9, "{case}: {d}");
        worst = worst.max(d);
    };
    check(
        "pi_lowpass",
        reference.deviation("pi_lowpass", &pi_lowpass(2e-12, 5e-9, 2e-12)),
    );
    check(
        "star_divider",
        reference.deviation("star_divider", &star(50.0 / 3.0)),
    );
    let terminated = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesL::new(3e-9)),
            part(ShuntC::new(2e-12)),
            part(SeriesR::new(7.0)),
            part(SeriesR::new(20.0)),
            part(SeriesC::new(3e-12)),
            Ground::new(),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0)],
            vec![(2, 1), (3, 0)],
            vec![(3, 1), (4, 0)],
            vec![(4, 1), (5, 0)],
            vec![(5, 1), (6, 0)],
        ],
    )
    .unwrap();
    check(
        "lcr_terminated_rc",
        reference.deviation("lcr_terminated_rc", &terminated),
    );
    let bridged = Circuit::<_, 2>::new(
        (
            CircuitPort::new(),
            CircuitPort::new(),
            Ground::new(),
            part(SeriesR::new(30.0)),
            part(SeriesL::new(4e-9)),
            part(SeriesL::new(4e-9)),
            part(SeriesC::new(1.5e-12)),
        ),
        vec![
            vec![(0, 0), (3, 0), (4, 0)],
            vec![(1, 0), (3, 1), (5, 1)],
            vec![(4, 1), (5, 0), (6, 0)],
            vec![(6, 1), (2, 0)],
        ],
    )
    .unwrap();
    check("bridged_t", reference.deviation("bridged_t", &bridged));
    check(
        "esr_pi",
        reference.deviation("esr_pi", &esr_pi(2e-12, 0.3, 5e-9)),
    );
    check(
        "mixed_fallback",
        reference.deviation("mixed_fallback", &mixed_fallback()),
    );
    println!("largest deviation from scikit-rf: {worst:e}");
}

/// The pi low-pass with capacitor ESR: each shunt branch is `c` in series with `esr` to ground
/// (the branch midpoints are internal nodes), `l` between the ports.
fn esr_pi(c: f64, esr: f64, l: f64) -> Circuit<impl Parts<f64>, 2> {
    Circuit::new(
        (
            CircuitPort::new(),
            part(SeriesC::new(c)),
            part(SeriesL::new(l)),
            part(SeriesC::new(c)),
            CircuitPort::new(),
            part(SeriesR::new(esr)),
            part(SeriesR::new(esr)),
            Ground::new(),
        ),
        vec![
            vec![(0, 0), (1, 0), (2, 0)],
            vec![(2, 1), (3, 0), (4, 0)],
            vec![(1, 1), (5, 0)],
            vec![(3, 1), (6, 0)],
            vec![(5, 1), (6, 1), (7, 0)],
        ],
    )
    .unwrap()
}

/// Parts without a usable admittance matrix (a shunt C 2-port, a 1 mohm resistor, an ideal
/// tee), two external ports on one node, an inductor to ground.
fn mixed_fallback() -> Circuit<impl Parts<f64>, 3> {
    Circuit::new(
        (
            CircuitPort::new(),
            part(ShuntC::new(1e-12)),
            part(SeriesR::new(1e-3)),
            part(Tee::default()),
            CircuitPort::new(),
            CircuitPort::new(),
            part(SeriesL::new(2e-9)),
            Ground::new(),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0)],
            vec![(2, 1), (3, 0)],
            vec![(3, 1), (4, 0), (5, 0)],
            vec![(3, 2), (6, 0)],
            vec![(6, 1), (7, 0)],
        ],
    )
    .unwrap()
}

/// A ladder of 4 L-C sections (series `l[k]`, then `c[k]` to ground) as a netlist with 5
/// non-grounded nodes (past the nodal solver's stack sizes), and as a cascade.
#[allow(clippy::type_complexity)]
fn ladder(
    l: [f64; 4],
    c: [f64; 4],
) -> (Circuit<impl Parts<f64>, 2>, impl Component<2, Scalar = f64>) {
    let circuit = Circuit::new(
        (
            CircuitPort::new(),
            part(SeriesL::new(l[0])),
            part(SeriesC::new(c[0])),
            part(SeriesL::new(l[1])),
            part(SeriesC::new(c[1])),
            part(SeriesL::new(l[2])),
            part(SeriesC::new(c[2])),
            part(SeriesL::new(l[3])),
            part(SeriesC::new(c[3])),
            CircuitPort::new(),
            Ground::new(),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0), (3, 0)],
            vec![(3, 1), (4, 0), (5, 0)],
            vec![(5, 1), (6, 0), (7, 0)],
            vec![(7, 1), (8, 0), (9, 0)],
            vec![(2, 1), (4, 1), (6, 1), (8, 1), (10, 0)],
        ],
    )
    .unwrap();
    let chain = Cascade::new(std::array::from_fn::<_, 4, _>(|k| {
        Cascade::new((SeriesL::new(l[k]), ShuntC::new(c[k])))
    }));
    (circuit, chain)
}

/// The largest difference between the nodal and the connection solver over `freqs`.
fn solver_gap<P: Parts<f64>, const N: usize>(circuit: &Circuit<P, N>, freqs: &[f64]) -> f64 {
    assert_eq!(circuit.solver(), CircuitSolver::Nodal);
    let exact = circuit.clone().with_solver(CircuitSolver::Connection);
    (freqs.iter())
        .map(|&f| max_dev(&circuit.s_at(f), &exact.s_at(f)))
        .fold(0.0, f64::max)
}

#[test]
fn the_nodal_solver_agrees_with_the_connection_method() {
    let mut freqs = FREQS.to_vec();
    freqs.extend([1.0, 1e3, 2.2e9, 4e10]);
    let gaps = [
        ("pi", solver_gap(&pi_lowpass(2e-12, 5e-9, 3e-12), &freqs)),
        ("esr_pi", solver_gap(&esr_pi(2e-12, 0.3, 5e-9), &freqs)),
        ("star", solver_gap(&star(50.0 / 3.0), &freqs)),
        ("mixed", solver_gap(&mixed_fallback(), &freqs)),
        // Extreme values: a DC block, a near-short and a near-open.
        (
            "dc_block",
            solver_gap(&pi_lowpass(1e-6, 1e-12, 1e-15), &freqs),
        ),
        ("tiny_esr", solver_gap(&esr_pi(1e-9, 1e-4, 1e-6), &freqs)),
        ("big_star", solver_gap(&star(1e6), &freqs)),
        (
            "ladder",
            solver_gap(
                &ladder([3e-9, 6e-9, 6e-9, 3e-9], [1e-12, 2e-12, 2e-12, 1e-12]).0,
                &freqs,
            ),
        ),
    ];
    for (name, gap) in gaps {
        assert!(gap <= 1e-13, "{name}: {gap:e}");
    }
}

#[test]
fn a_ladder_past_the_stack_sizes_equals_its_cascade() {
    let (circuit, chain) = ladder([3e-9, 6e-9, 6e-9, 3e-9], [1e-12, 2e-12, 2e-12, 1e-12]);
    for f in FREQS {
        let d = max_dev(&circuit.s_at(f), &chain.s_at(f));
        assert!(d <= 1e-13, "{f}: {d:e}");
    }
}

mod properties {
    //! Identities of circuits over random passive parts, on both solvers.

    use super::*;
    use pmrf::components::Connected;
    use proptest::prelude::*;

    fn solvers() -> impl Strategy<Value = CircuitSolver> {
        prop_oneof![Just(CircuitSolver::Nodal), Just(CircuitSolver::Connection)]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn lossy_circuits_are_reciprocal_and_passive(
            c in 0.1e-12..20e-12f64, esr in 0.0..5.0f64, l in 0.1e-9..50e-9f64,
            r in 0.0..1e3f64, solver in solvers(),
        ) {
            let freq = Frequency::logspace(1e6, 4e10, 9, FrequencyUnit::Hz).unwrap();
            let pi = esr_pi(c, esr, l).with_solver(solver).network(&freq).unwrap();
            prop_assert!(pi.is_reciprocal(1e-12) && pi.is_passive(1e-12));
            let divider = star(r).with_solver(solver).network(&freq).unwrap();
            prop_assert!(divider.is_reciprocal(1e-12) && divider.is_passive(1e-12));
        }

        #[test]
        fn ladders_equal_their_cascades(
            l in prop::array::uniform4(0.1e-9..30e-9f64),
            c in prop::array::uniform4(0.1e-12..10e-12f64),
            f in 1e6..2e10f64,
        ) {
            let (circuit, chain) = ladder(l, c);
            let want = chain.s_at(f);
            prop_assert!(max_dev(&circuit.s_at(f), &want) < 1e-12);
            let exact = circuit.with_solver(CircuitSolver::Connection);
            prop_assert!(max_dev(&exact.s_at(f), &want) < 1e-12);
        }

        #[test]
        fn terminate_and_connect_agree_with_circuits(
            l in 0.1e-9..30e-9f64, c in 0.1e-12..10e-12f64, r in 0.0..200.0f64,
            lc in 0.1e-12..20e-12f64, f in 1e6..2e10f64, solver in solvers(),
        ) {
            // A 2-port (series L, shunt C) closed on port 2 by an R-C load ...
            let two = Cascade::new((SeriesL::new(l), ShuntC::new(c)));
            let load = RcLoad { r, c: lc };
            let terminated = Terminated::new(two.clone(), 1, load.clone()).unwrap();
            let circuit = Circuit::<_, 1>::new(
                (CircuitPort::new(), part(two.clone()), part(load.clone())),
                vec![vec![(0, 0), (1, 0)], vec![(1, 1), (2, 0)]],
            )
            .unwrap()
            .with_solver(solver);
            prop_assert!(max_dev(&circuit.s_at(f), &terminated.s_at(f)) < 1e-12);
            // ... and two 2-ports joined port to port, as `connect` and as a netlist.
            let joined = Connected::new(two.clone(), 1, Cascade::new((SeriesR::new(r), SeriesC::new(lc))), 0).unwrap();
            let netlist = Circuit::<_, 2>::new(
                (
                    CircuitPort::new(),
                    part(two),
                    part(Cascade::new((SeriesR::new(r), SeriesC::new(lc)))),
                    CircuitPort::new(),
                ),
                vec![vec![(0, 0), (1, 0)], vec![(1, 1), (2, 0)], vec![(2, 1), (3, 0)]],
            )
            .unwrap()
            .with_solver(solver);
            prop_assert!(max_dev(&netlist.s_at(f), &joined.s_at(f)) < 1e-12);
        }
    }
}

/// `(z - 50) / (z + 50)`: a port loaded by `z` to ground.
fn gamma(z: Complex<f64>) -> Complex<f64> {
    (z - 50.0) / (z + 50.0)
}

#[test]
fn a_zero_ohm_element_on_one_node_is_a_no_op() {
    // Both ends of a 0-ohm resistor on the port's node: no voltage across it, no current.
    // Alone, the port sees an open; with 100 ohm to ground, the 100 ohm.
    let open = Circuit::<_, 1>::new(
        (CircuitPort::new(), part(SeriesR::new(0.0))),
        vec![vec![(0, 0), (1, 0), (1, 1)]],
    )
    .unwrap();
    let loaded = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(0.0)),
            part(SeriesR::new(100.0)),
            Ground::new(),
        ),
        vec![vec![(0, 0), (1, 0), (1, 1), (2, 0)], vec![(2, 1), (3, 0)]],
    )
    .unwrap();
    for solver in [CircuitSolver::Nodal, CircuitSolver::Connection] {
        for f in FREQS {
            let s = open.clone().with_solver(solver).s_at(f)[0][0];
            assert_eq!(s, Complex::new(1.0, 0.0), "{solver:?} at {f} Hz");
            let s = loaded.clone().with_solver(solver).s_at(f)[0][0];
            let want = gamma(Complex::new(100.0, 0.0));
            assert!((s - want).norm() < 1e-15, "{solver:?} at {f} Hz: {s}");
        }
    }
}

#[test]
fn zero_impedance_loops_merge_their_nodes() {
    // Two 0-ohm resistors in parallel from the port's node to a node with 25 ohm and a 2 pF
    // shunt capacitor: the port sees 25 ohm || 2 pF, as if the nodes were one.
    let parallel = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(0.0)),
            part(SeriesR::new(0.0)),
            part(SeriesR::new(25.0)),
            part(SeriesC::new(2e-12)),
            Ground::new(),
        ),
        vec![
            vec![(0, 0), (1, 0), (2, 0)],
            vec![(1, 1), (2, 1), (3, 0), (4, 0)],
            vec![(3, 1), (4, 1), (5, 0)],
        ],
    )
    .unwrap();
    let merged = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(25.0)),
            part(SeriesC::new(2e-12)),
            Ground::new(),
        ),
        vec![vec![(0, 0), (1, 0), (2, 0)], vec![(1, 1), (2, 1), (3, 0)]],
    )
    .unwrap();
    // A 0-ohm resistor and an inductor at DC (0 ohm too) from a node to ground, and a short
    // 1-port (LoadZ 0 ohm) on a grounded node: each a loop through ground.
    let to_ground = Circuit::<_, 2>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(0.0)),
            part(SeriesL::new(1e-9)),
            Ground::new(),
            CircuitPort::new(),
            part(LoadZ::new(0.0, 0.0)),
        ),
        vec![
            vec![(0, 0), (1, 0), (2, 0)],
            vec![(1, 1), (2, 1), (3, 0), (5, 0)],
            vec![(4, 0)],
        ],
    )
    .unwrap();
    for solver in [CircuitSolver::Nodal, CircuitSolver::Connection] {
        for f in FREQS {
            let s = parallel.clone().with_solver(solver).s_at(f)[0][0];
            let zc = Complex::new(0.0, -1.0 / (std::f64::consts::TAU * f * 2e-12));
            let z = 25.0 * zc / (zc + 25.0);
            let want = if f == 0.0 {
                gamma(Complex::new(25.0, 0.0))
            } else {
                gamma(z)
            };
            assert!(
                (s - want).norm() < 1e-14,
                "{solver:?} at {f} Hz: {s} vs {want}"
            );
            assert!((s - merged.s_at(f)[0][0]).norm() < 1e-14);
            let s = to_ground.clone().with_solver(solver).s_at(f);
            let want = [[-1.0, 0.0], [0.0, 1.0]].map(|row| row.map(|x| Complex::new(x, 0.0)));
            assert!(max_dev(&s, &want) < 1e-15, "{solver:?} at {f} Hz: {s:?}");
        }
    }
}

#[test]
fn derivatives_through_zero_ohm_elements() {
    // d S11 / dR at R = 0 (a dual with value 0 still merges): 0 for a resistor on one node
    // (a no-op at any R) and for each of two in parallel (each shorted by the other); for a
    // single 0-ohm resistor in series with a 30 ohm load, that of (R + 30 - 50) / (R + 80).
    let looped = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(0.0)),
            part(SeriesR::new(0.0)),
            part(SeriesR::new(30.0)),
            Ground::new(),
            part(SeriesR::new(0.0)),
        ),
        vec![
            vec![(0, 0), (1, 0), (2, 0), (5, 0), (5, 1)],
            vec![(1, 1), (2, 1), (3, 0)],
            vec![(3, 1), (4, 0)],
        ],
    )
    .unwrap();
    let bridge = Circuit::<_, 1>::new(
        (
            CircuitPort::new(),
            part(SeriesR::new(0.0)),
            part(SeriesR::new(30.0)),
            Ground::new(),
        ),
        vec![
            vec![(0, 0), (1, 0)],
            vec![(1, 1), (2, 0)],
            vec![(2, 1), (3, 0)],
        ],
    )
    .unwrap();
    for solver in [CircuitSolver::Nodal, CircuitSolver::Connection] {
        let model = looped.clone().with_solver(solver);
        let g = gradient(&model, &Filter::Free, |m| m.s_at(Grad::from(1e9))[0][0].re).unwrap();
        assert_eq!([g[0], g[1], g[3]], [0.0; 3], "{solver:?}");
        // The 30 ohm load, through the merged node: d/dR (R - 50) / (R + 50) at 30.
        assert!(
            (g[2] - 100.0 / 80.0 / 80.0).abs() < 1e-15,
            "{solver:?}: {g:?}"
        );
        assert!((model.s_at(1e9)[0][0] - gamma(Complex::new(30.0, 0.0))).norm() < 1e-15);
        let model = bridge.clone().with_solver(solver);
        let g = gradient(&model, &Filter::Free, |m| m.s_at(Grad::from(1e9))[0][0].re).unwrap();
        // (Before, the LU skipped S11 = 0 of the 0-ohm part as if its derivative were 0 too.)
        assert!(
            (g[0] - 100.0 / 80.0 / 80.0).abs() < 1e-15,
            "{solver:?}: {g:?}"
        );
        assert!((model.s_at(1e9)[0][0] - gamma(Complex::new(30.0, 0.0))).norm() < 1e-15);
    }
}

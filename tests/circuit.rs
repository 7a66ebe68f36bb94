//! Circuits of named parts on named nets (`#[derive(Circuit)]` static netlists and run-time
//! [`Netlist`]s) against cascades, terminations and closed forms, against scikit-rf's `Circuit`
//! (tests/fixtures/circuit.json, scripts/gen_circuit_fixtures.py), the two solvers against each
//! other (on random circuits too), derivatives against central differences, hierarchy (circuits
//! in circuits, cascades, batches, fits), reference impedances of external ports, and the
//! run-time errors of netlists and of `solution`.

use pmrf::components::circuit::{PartInfo, Topology, solution};
use pmrf::components::{
    Circuit, CircuitSolver, LoadZ, Netlist, Open, PartList, SeriesC, SeriesL, SeriesR, Short,
    ShuntC, ShuntL, Terminated,
};
use pmrf::prelude::*;

use crate::common;
use common::{RcLoad, Reference, Tee, assert_central_differences, max_dev};

const FREQS: [f64; 6] = [0.0, 1e6, 1e8, 1e9, 3.3e9, 1e10];

/// Parts by kind for run-time netlists: `r[i]`, `l[i]`, `c[i]`, each a two-terminal element
/// (the series 2-port, a port on each of its nets).
#[derive(Model, pmrf::Circuit, Clone, Debug, Default)]
struct Rlc<T: Scalar = f64> {
    r: Vec<SeriesR<T>>,
    l: Vec<SeriesL<T>>,
    c: Vec<SeriesC<T>>,
}

/// The pi low-pass C-L-C: capacitors from the line to ground.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Pi<T: Scalar = f64> {
    #[circuit(input, gnd)]
    c1: SeriesC<T>,
    #[circuit(input, output)]
    l: SeriesL<T>,
    #[circuit(output, gnd)]
    c2: SeriesC<T>,
}

fn pi_lowpass(c1: f64, l: f64, c2: f64) -> Pi {
    Pi {
        c1: SeriesC::new(c1),
        l: SeriesL::new(l),
        c2: SeriesC::new(c2),
    }
}

/// [`Pi`]'s netlist, for run-time circuits of the same parts.
fn pi_net() -> Netlist {
    let mut net = Netlist::new();
    net.port(1, "input").port(2, "output");
    net.part("c1", ["input", "gnd"])
        .part("l", ["input", "output"])
        .part("c2", ["output", "gnd"]);
    net
}

/// The pi low-pass with capacitor ESR: each shunt branch is `c` in series with `esr` to ground
/// (the branch midpoints `a` and `b` are internal nets), `l` between the ports.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct EsrPi<T: Scalar = f64> {
    #[circuit(input, a)]
    c1: SeriesC<T>,
    #[circuit(a, gnd)]
    esr1: SeriesR<T>,
    #[circuit(input, output)]
    l: SeriesL<T>,
    #[circuit(output, b)]
    c2: SeriesC<T>,
    #[circuit(b, gnd)]
    esr2: SeriesR<T>,
}

fn esr_pi(c: f64, esr: f64, l: f64) -> EsrPi {
    EsrPi {
        c1: SeriesC::new(c),
        esr1: SeriesR::new(esr),
        l: SeriesL::new(l),
        c2: SeriesC::new(c),
        esr2: SeriesR::new(esr),
    }
}

fn esr_pi_net() -> Netlist {
    let mut net = Netlist::new();
    net.port(1, "input").port(2, "output");
    net.part("c1", ["input", "a"]).part("esr1", ["a", "gnd"]);
    net.part("l", ["input", "output"]);
    net.part("c2", ["output", "b"]).part("esr2", ["b", "gnd"]);
    net
}

/// Three ports, each through `r` to a centre net.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p1), port(2, p2), port(3, p3))]
struct Star<T: Scalar = f64> {
    #[circuit(p1, centre)]
    r1: SeriesR<T>,
    #[circuit(p2, centre)]
    r2: SeriesR<T>,
    #[circuit(p3, centre)]
    r3: SeriesR<T>,
}

fn star(r: f64) -> Star {
    Star {
        r1: SeriesR::new(r),
        r2: SeriesR::new(r),
        r3: SeriesR::new(r),
    }
}

fn star_net() -> Netlist {
    let mut net = Netlist::new();
    net.port(1, "p1").port(2, "p2").port(3, "p3");
    for k in 1..=3 {
        net.part(format!("r{k}"), [format!("p{k}"), "centre".into()]);
    }
    net
}

/// The run-time circuit of `parts` on `net`, solved by `solver`.
fn runtime<P: PartList<f64>, const N: usize>(
    parts: P,
    net: &Netlist,
    solver: CircuitSolver,
) -> Circuit<P, N> {
    Circuit::<P, N>::new(parts, net)
        .unwrap()
        .with_solver(solver)
}

const SOLVERS: [CircuitSolver; 2] = [CircuitSolver::Nodal, CircuitSolver::Connection];

#[test]
fn a_pi_netlist_equals_the_cascade() {
    let circuit = pi_lowpass(2e-12, 5e-9, 3e-12);
    let chain = Cascade::new((ShuntC::new(2e-12), SeriesL::new(5e-9), ShuntC::new(3e-12)));
    assert_eq!(circuit.param_names(), ["c1.c", "l.l", "c2.c"]);
    let topology = pmrf::components::circuit::Netlisted::<f64, 2>::topology(&circuit);
    assert_eq!(topology.unknowns(), 6);
    assert_eq!(topology.nets(), ["input", "gnd", "output"]);
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
    // The static netlist and the same one built at run time are the same circuit.
    let built = runtime::<_, 2>(circuit.clone(), &pi_net(), CircuitSolver::Nodal);
    assert_eq!(built.param_names(), circuit.param_names());
    assert_eq!(built.s(&freq), a);
}

/// The same filter with the library's shunt 2-ports between nets of the line.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, n0), port(2, n3))]
struct ShuntsOnTheLine<T: Scalar = f64> {
    #[circuit(n0, n1)]
    c1: ShuntC<T>,
    #[circuit(n1, n2)]
    l: SeriesL<T>,
    #[circuit(n2, n3)]
    c2: ShuntC<T>,
}

#[test]
fn shunt_two_ports_on_the_line_equal_the_cascade_too() {
    let circuit = ShuntsOnTheLine {
        c1: ShuntC::new(2e-12),
        l: SeriesL::new(5e-9),
        c2: ShuntC::new(3e-12),
    };
    let chain = Cascade::new((ShuntC::new(2e-12), SeriesL::new(5e-9), ShuntC::new(3e-12)));
    for f in FREQS {
        assert!(max_dev(&circuit.s_at(f), &chain.s_at(f)) <= 1e-12, "{f}");
    }
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
    // A bare ideal tee (three external ports on one net, no part): 2/3 through, -1/3 back.
    let mut net = Netlist::new();
    net.port(1, "n").port(2, "n").port(3, "n");
    let tee = runtime::<_, 3>(Rlc::default(), &net, CircuitSolver::Nodal);
    assert_eq!(tee.topology().unknowns(), 0);
    let s = tee.s_at(1e9);
    assert!((s[0][0] + 1.0 / 3.0).norm() < 1e-15 && (s[2][1] - 2.0 / 3.0).norm() < 1e-15);
}

/// A port shorted to ground by a `Short`, another open (an `Open` on its net).
#[derive(Model, pmrf::Circuit, Clone, Debug, Default)]
#[circuit(port(1, a), port(2, b))]
struct ShortAndOpen<T: Scalar = f64> {
    #[circuit(a)]
    short: Short<T>,
    #[circuit(b)]
    open: Open<T>,
}

/// A 0-ohm resistor between the ports and an inductor from port 2 to ground.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p1), port(2, p2))]
struct WireAndShuntL<T: Scalar = f64> {
    #[circuit(p1, p2)]
    wire: SeriesR<T>,
    #[circuit(p2, gnd)]
    l: SeriesL<T>,
}

#[test]
fn ideal_shorts_and_opens_are_exact() {
    let c = |x: f64| Complex::new(x, 0.0);
    assert_eq!(
        ShortAndOpen::default().s_at(1e9),
        [[c(-1.0), c(0.0)], [c(0.0), c(1.0)]]
    );
    // Zero-ohm and zero-henry elements (a grounded shunt L at DC): still exact, no GMIN.
    let circuit = WireAndShuntL {
        wire: SeriesR::new(0.0),
        l: SeriesL::new(2e-9),
    };
    let dc = circuit.s_at(0.0);
    let short = [[c(-1.0), c(0.0)], [c(0.0), c(-1.0)]];
    assert!(max_dev(&dc, &short) < 1e-15, "{dc:?}");
    let shunt = ShuntL::new(2e-9);
    assert!(max_dev(&circuit.s_at(1e9), &shunt.s_at(1e9)) < 1e-15);
}

/// Series L, shunt C, series R.
type LcrChain<T> = Cascade<(SeriesL<T>, ShuntC<T>, SeriesR<T>), T>;

/// A 2-port (series L, shunt C, series R) closed by an R-C load: a 1-port on one net.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input))]
struct Loaded<T: Scalar = f64> {
    #[circuit(input, a)]
    two: LcrChain<T>,
    #[circuit(a)]
    load: RcLoad<T>,
}

#[test]
fn a_netlist_with_a_load_equals_terminated() {
    let load = RcLoad { r: 20.0, c: 3e-12 };
    let two = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesR::new(7.0)));
    let terminated = Terminated::new(two.clone(), 1, load.clone()).unwrap();
    let circuit = Loaded { two, load };
    assert_eq!(
        circuit.param_names(),
        [
            "two.stages[0].l",
            "two.stages[1].c",
            "two.stages[2].r",
            "load.r",
            "load.c"
        ]
    );
    for f in &FREQS[1..] {
        let d = max_dev(&circuit.s_at(*f), &terminated.s_at(*f));
        assert!(d < 1e-14, "{f}: {d}");
    }
}

/// Two [`Pi`] circuits as the parts of another circuit.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct TwoPi<T: Scalar = f64> {
    #[circuit(input, mid)]
    first: Pi<T>,
    #[circuit(mid, output)]
    second: Pi<T>,
}

fn two_pi() -> TwoPi {
    TwoPi {
        first: pi_lowpass(2e-12, 5e-9, 2e-12),
        second: pi_lowpass(2e-12, 5e-9, 2e-12),
    }
}

#[test]
fn circuits_nest_and_sit_in_cascades() {
    let inner = pi_lowpass(2e-12, 5e-9, 2e-12);
    let outer = two_pi();
    assert_eq!(outer.param_names()[3..5], ["second.c1.c", "second.l.l"]);
    let chain = Cascade::new((inner.clone(), inner.clone()));
    assert_eq!(chain.param_names()[4], "stages[1].l.l");
    let flat = Cascade::new((
        ShuntC::new(2e-12),
        SeriesL::new(5e-9),
        ShuntC::new(2e-12),
        ShuntC::new(2e-12),
        SeriesL::new(5e-9),
        ShuntC::new(2e-12),
    ));
    // A nested circuit in a cascade, and a cascade of circuits as a part of a run-time one.
    let mixed = Cascade::new((outer.clone(), SeriesL::new(1e-9)));
    let mixed_flat = Cascade::new((flat.clone(), SeriesL::new(1e-9)));
    for f in FREQS {
        assert!(max_dev(&outer.s_at(f), &flat.s_at(f)) < 1e-12, "{f}");
        assert!(max_dev(&chain.s_at(f), &flat.s_at(f)) < 1e-12, "{f}");
        assert!(max_dev(&mixed.s_at(f), &mixed_flat.s_at(f)) < 1e-12, "{f}");
    }
}

/// L from the port to a net with an R-C load and 40 ohm to ground.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p))]
struct LrLoad<T: Scalar = f64> {
    #[circuit(p, a)]
    l: SeriesL<T>,
    #[circuit(a)]
    load: RcLoad<T>,
    #[circuit(a, gnd)]
    r: SeriesR<T>,
}

#[test]
fn derivatives_of_a_circuit_match_central_differences() {
    let model = LrLoad {
        l: SeriesL::new(5e-9),
        load: RcLoad { r: 20.0, c: 3e-12 },
        r: SeriesR::new(40.0),
    };
    let f = 1.3e9;
    let g = gradient(&model, &Filter::Free, |m| {
        m.s_at(Grad::from(f))[0][0].norm_sqr()
    })
    .unwrap();
    assert_eq!(model.param_names(), ["l.l", "load.r", "load.c", "r.r"]);
    assert_central_differences(&model, &g, 1e-6, |m| m.s_at(f)[0][0].norm_sqr());
}

/// A bridged-T band-pass with lossy branches: 10 parameters, 6 nets.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct TenParts<T: Scalar = f64> {
    #[circuit(input, a)]
    l1: SeriesL<T>,
    #[circuit(a, output)]
    l2: SeriesL<T>,
    #[circuit(input, output)]
    bridge: SeriesR<T>,
    #[circuit(a, b)]
    c1: SeriesC<T>,
    #[circuit(b, gnd)]
    r1: SeriesR<T>,
    #[circuit(input, c)]
    c2: SeriesC<T>,
    #[circuit(c, gnd)]
    r2: SeriesR<T>,
    #[circuit(output, d)]
    c3: SeriesC<T>,
    #[circuit(d, gnd)]
    l3: SeriesL<T>,
    #[circuit(b, output)]
    c4: SeriesC<T>,
}

/// A loss over four frequencies: reflection plus half the transmission, in power.
fn ten_loss<T: Scalar>(m: &TenParts<T>) -> T {
    let mut loss = T::zero();
    for f in [0.3e9, 0.9e9, 1.7e9, 2.6e9] {
        let s = m.s_at(T::from(f));
        loss = loss + s[0][0].norm_sqr() + s[1][0].norm_sqr() * T::from(0.5);
    }
    loss
}

#[test]
fn gradients_of_a_ten_parameter_circuit_loss_match_central_differences() {
    let model = TenParts {
        l1: SeriesL::new(4e-9),
        l2: SeriesL::new(6e-9),
        bridge: SeriesR::new(120.0),
        c1: SeriesC::new(1.5e-12),
        r1: SeriesR::new(8.0),
        c2: SeriesC::new(0.7e-12),
        r2: SeriesR::new(30.0),
        c3: SeriesC::new(2.2e-12),
        l3: SeriesL::new(9e-9),
        c4: SeriesC::new(0.4e-12),
    };
    assert_eq!(model.param_names().len(), 10);
    let (value, g) = value_and_gradient(&model, &Filter::Free, ten_loss).unwrap();
    assert!((value / ten_loss(&model) - 1.0).abs() < 1e-14, "{value}");
    assert!(g.iter().all(|g| g.abs() > 0.0), "{g:?}");
    assert_central_differences(&model, &g, 1e-5, ten_loss);
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
    assert_eq!(second.l.l, 4e-9);
    assert_eq!(s.index_axis(pmrf::ndarray::Axis(0), 1), second.s(&freq));
    // A nested circuit batches too.
    let outer = two_pi();
    let mut values = pmrf::ndarray::Array2::from_shape_fn((3, 6), |(_, j)| outer.param_values()[j]);
    values[[2, 4]] = 7e-9;
    let batch = Batch::from_values(&outer, values).unwrap();
    let s = batch.s::<2>(&freq).unwrap();
    let third = batch.member(2).unwrap();
    assert_eq!(third.second.l.l, 7e-9);
    assert_eq!(s.index_axis(pmrf::ndarray::Axis(0), 2), third.s(&freq));
    assert_eq!(s.index_axis(pmrf::ndarray::Axis(0), 0), outer.s(&freq));
}

#[test]
fn a_fit_recovers_a_capacitor_of_a_circuit() {
    use pmrf::fit::{Fit, Objective, Term};
    let freq = Frequency::linspace(0.05, 4.0, 81, FrequencyUnit::GHz).unwrap();
    let data = esr_pi(2e-12, 0.3, 5e-9).network(&freq).unwrap();
    let mut start = esr_pi(2e-12, 0.3, 5e-9);
    start.c2 = SeriesC::new(3.1e-12);
    let mut params = start.params().unwrap();
    params.set_bounds("c2.c", 0.1e-12, 20e-12).unwrap();
    let result = Fit::new(&params, Objective::new().term(Term::new(data)))
        .unwrap()
        .select(Filter::names(["c2.c"]))
        .run()
        .unwrap();
    assert_eq!(result.names(), ["c2.c"]);
    let c = result.values()[0];
    assert!((c / 2e-12 - 1.0).abs() < 1e-6, "{c}\n{result}");
    assert_eq!(result.model().c1.c, 2e-12);
    // A nested circuit fits alike, its parameter addressed by path.
    let data = two_pi().network(&freq).unwrap();
    let mut start = two_pi();
    start.second.c1 = SeriesC::new(1.2e-12);
    let mut params = start.params().unwrap();
    params.set_bounds("second.c1.c", 0.1e-12, 20e-12).unwrap();
    let result = Fit::new(&params, Objective::new().term(Term::new(data)))
        .unwrap()
        .select(Filter::names(["second.c1.c"]))
        .run()
        .unwrap();
    let c = result.values()[0];
    assert!((c / 2e-12 - 1.0).abs() < 1e-6, "{c}\n{result}");
}

#[test]
fn derivatives_of_a_nested_circuit_match_central_differences() {
    let outer = two_pi();
    let f = 2.1e9;
    let g = gradient(&outer, &Filter::Free, |m| {
        m.s_at(Grad::from(f))[1][0].norm_sqr()
    })
    .unwrap();
    assert_eq!(g.len(), 6);
    assert_central_differences(&outer, &g, 1e-6, |m| m.s_at(f)[1][0].norm_sqr());
}

/// [`Pi`] with port 2 at 75 ohm.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output, z0 = 75.0))]
struct Pi75<T: Scalar = f64> {
    #[circuit(input, gnd)]
    c1: SeriesC<T>,
    #[circuit(input, output)]
    l: SeriesL<T>,
    #[circuit(output, gnd)]
    c2: SeriesC<T>,
}

#[test]
fn a_port_at_75_ohm_is_reported_at_75_ohm() {
    let freq = Frequency::linspace(0.1, 3.0, 7, FrequencyUnit::GHz).unwrap();
    let at50 = pi_lowpass(2e-12, 5e-9, 3e-12);
    let at75 = Pi75 {
        c1: SeriesC::new(2e-12),
        l: SeriesL::new(5e-9),
        c2: SeriesC::new(3e-12),
    };
    let z0 = [Complex::new(50.0, 0.0), Complex::new(75.0, 0.0)];
    let want = at50.network_z0(&freq, &z0).unwrap();
    let net = pi_net();
    let mut built = Netlist::new();
    built.port(1, "input").port_z0(2, "output", 75.0);
    for (part, nets) in net.parts() {
        built.part(part, nets.iter().cloned());
    }
    let run_time = runtime::<_, 2>(at50.clone(), &built, CircuitSolver::Connection);
    for got in [
        at75.network(&freq).unwrap(),
        run_time.network(&freq).unwrap(),
    ] {
        for k in 0..freq.len() {
            assert_eq!(got.z0()[[k, 0]], z0[0]);
            assert_eq!(got.z0()[[k, 1]], z0[1]);
        }
        let d = (got.s() - want.s())
            .iter()
            .map(|z| z.norm())
            .fold(0.0, f64::max);
        assert!(d < 1e-14, "{d}");
    }
    // `s_at` stays at 50 ohm, so the circuit composes like any other.
    assert_eq!(at75.s_at(1e9), at50.s_at(1e9));
    assert_eq!(at50.network(&freq).unwrap().z0()[[0, 1]], z0[0]);
}

/// An R-50 port and two opens on a floating net.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p))]
struct Floating<T: Scalar = f64> {
    #[circuit(p, gnd)]
    r: SeriesR<T>,
    #[circuit(x)]
    o1: Open<T>,
    #[circuit(x)]
    o2: Open<T>,
}

#[test]
fn a_singular_system_gives_nan() {
    // A floating net between two opens: its voltage is undetermined, so the connection
    // system is singular and every S-parameter is NaN (no hidden GMIN).
    let floating = Floating {
        r: SeriesR::new(50.0),
        o1: Open::default(),
        o2: Open::default(),
    };
    assert!(floating.s_at(1e9)[0][0].re.is_nan());
    let freq = Frequency::from_hz([1e9]).unwrap();
    assert!(floating.network(&freq).is_err() || floating.s(&freq)[[0, 0, 0]].is_nan());
    let err = solution(&floating, 1e9, [1.0], [0.0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("singular at 1000000000 Hz"), "{err}");
    // A zero-ohm wire from ground to ground is no such case: like 1 ohm there, it leaves the
    // port its 50 ohm match.
    let mut net = Netlist::new();
    net.port(1, "p")
        .part("r[0]", ["p", "gnd"])
        .part("r[1]", ["gnd", "gnd"]);
    for r in [0.0, 1.0] {
        let looped = runtime::<_, 1>(resistors(&[50.0, r]), &net, CircuitSolver::Nodal);
        assert!(looped.s_at(1e9)[0][0].norm() < 1e-15, "{r} ohm");
    }
}

/// Parts of the netlist-error tests: a 2-port and a 1-port.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct LineLoad<T: Scalar = f64> {
    l: SeriesL<T>,
    load: LoadZ<T>,
}

fn line_load() -> LineLoad {
    LineLoad {
        l: SeriesL::new(1e-9),
        load: LoadZ::new(50.0, 0.0),
    }
}

fn layout(parts: &[(&str, usize)]) -> Vec<PartInfo> {
    (parts.iter())
        .map(|&(name, ports)| PartInfo {
            name: name.into(),
            ports,
        })
        .collect()
}

/// The message of checking `net` against `parts` for a circuit of `N` ports.
fn check_err<const N: usize>(parts: &[(&str, usize)], net: &Netlist) -> String {
    Topology::new::<N>(&layout(parts), net)
        .unwrap_err()
        .to_string()
}

/// `l` from port 1 (`in`) to port 2 (`out`), with `load` on `out`; each terminal of `parts`
/// given by `connect`.
fn netlist(connect: &[(&str, &[&str])], ports: &[(usize, &str)]) -> Netlist {
    let mut net = Netlist::new();
    for &(part, nets) in connect {
        net.part(part, nets.iter().copied());
    }
    for &(k, on) in ports {
        net.port(k, on);
    }
    net
}

const LINE_LOAD: [(&str, usize); 2] = [("l", 2), ("load", 1)];
const IN_OUT: [(usize, &str); 2] = [(1, "in"), (2, "out")];

#[test]
fn netlist_errors_name_the_part_the_port_and_the_net() {
    let good = netlist(&[("l", &["in", "out"]), ("load", &["out"])], &IN_OUT);
    assert!(Topology::new::<2>(&layout(&LINE_LOAD), &good).is_ok());
    let cases: Vec<(String, &str)> = vec![
        (
            check_err::<2>(&[("l", 2), ("l", 2)], &good),
            "two parts are named `l`",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(
                    &[("l", &["in", "out"]), ("lod", &["out"]), ("load", &["out"])],
                    &IN_OUT,
                ),
            ),
            "names the part `lod`, but there is no such part (the parts are: l, load)",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(
                    &[
                        ("l", &["in", "out"]),
                        ("load", &["out"]),
                        ("l", &["in", "out"]),
                    ],
                    &IN_OUT,
                ),
            ),
            "part `l` is connected twice",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(&[("l", &["in", "out", "gnd"]), ("load", &["out"])], &IN_OUT),
            ),
            "part `l` has 2 ports but is given 3 nets",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(&[("l", &["in", "out"]), ("load", &["out", "out"])], &IN_OUT),
            ),
            "part `load` is between net `out` and itself",
        ),
        (
            check_err::<2>(&LINE_LOAD, &netlist(&[("l", &["in", "out"])], &IN_OUT)),
            "part `load` (1 port) is on no net",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(
                    &[("l", &["in", "out"]), ("load", &["out"])],
                    &[(1, "in"), (3, "out")],
                ),
            ),
            "external ports are numbered 1 to 2 without gaps, but they are numbered [1, 3]",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(
                    &[("l", &["in", "out"]), ("load", &["out"])],
                    &[(0, "in"), (1, "out")],
                ),
            ),
            "numbered [0, 1]",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(
                    &[("l", &["in", "out"]), ("load", &["out"])],
                    &[(1, "in"), (1, "out")],
                ),
            ),
            "external port 1 is given twice, on nets `in` and `out`",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(
                    &[("l", &["in", "out"]), ("load", &["out"])],
                    &[(1, "in"), (2, "gnd")],
                ),
            ),
            "external port 2 is on the ground net `gnd`",
        ),
        (
            check_err::<1>(
                &LINE_LOAD,
                &netlist(&[("l", &["in", "gnd"]), ("load", &["in"])], &[]),
            ),
            "no external port",
        ),
        (
            check_err::<3>(&LINE_LOAD, &good),
            "the netlist has 2 external ports, but the circuit type has N = 3",
        ),
        (
            check_err::<2>(
                &LINE_LOAD,
                &netlist(&[("l", &["in", "ouy"]), ("load", &["out"])], &IN_OUT),
            ),
            "net `ouy` has one terminal (port 1 of `l`)",
        ),
        (
            check_err::<1>(
                &LINE_LOAD,
                &netlist(
                    &[("l", &["in", "a"]), ("load", &["b", "gnd"])],
                    &[(1, "in")],
                ),
            ),
            "net `a` has one terminal (port 1 of `l`)",
        ),
    ];
    // Every case is checked before failing, so one run lists every wrong message.
    let wrong: Vec<String> = (cases.iter())
        .filter(|(got, want)| {
            !(got.starts_with("invalid network: circuit: ") && got.contains(want))
        })
        .map(|(got, want)| format!("{got}\n  should contain: {want}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The netlist two of the cases failed on is unchanged, and builds its circuit.
    let copy = good.clone();
    assert!(Topology::new::<2>(&layout(&LINE_LOAD), &good).is_ok());
    assert_eq!(good, copy);
    for z0 in [0.0, -50.0, f64::NAN, f64::INFINITY] {
        let mut net = netlist(&[("l", &["in", "out"]), ("load", &["out"])], &[(1, "in")]);
        net.port_z0(2, "out", z0);
        let got = check_err::<2>(&LINE_LOAD, &net);
        assert!(
            got.contains(&format!("external port 2 (net `out`) has z0 = {z0}")),
            "{got}"
        );
    }
}

#[test]
fn a_failed_netlist_is_unchanged_and_can_be_fixed() {
    // Each mistake leaves the netlist as it was; fixed, the same netlist builds the circuit.
    let mut net = netlist(&[("l", &["in", "out"])], &IN_OUT);
    let before = net.clone();
    let err = Circuit::<_, 2>::new(line_load(), &net)
        .unwrap_err()
        .to_string();
    assert!(err.contains("part `load` (1 port) is on no net"), "{err}");
    assert_eq!(net, before);
    net.part("load", ["out"]);
    let fixed = Circuit::<_, 2>::new(line_load(), &net).unwrap();
    // Series Z = jwL, then 50 ohm across port 2: ABCD [[1 + Z/50, Z], [1/50, 1]], so
    // S21 = 2 / (3 + Z/25).
    let z = Complex::new(0.0, std::f64::consts::TAU * 1e9 * 1e-9);
    let want = 2.0 / (3.0 + z / 25.0);
    let got = fixed.s_at(1e9)[1][0];
    assert!((got - want).norm() < 1e-15, "{got} vs {want}");

    let mut net = netlist(&[("l", &["in", "out"]), ("load", &["mid"])], &[(1, "in")]);
    let before = net.clone();
    let err = Circuit::<_, 1>::new(line_load(), &net)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("net `out` has one terminal (port 1 of `l`)"),
        "{err}"
    );
    assert_eq!(net, before);
    net.part("dummy", ["mid", "gnd"]);
    let err = Circuit::<_, 1>::new(line_load(), &net)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no such part (the parts are: l, load)"),
        "{err}"
    );

    let mut net = Netlist::new();
    net.part("l", ["in", "out"]).part("load", ["out"]);
    let before = net.clone();
    let err = Circuit::<_, 1>::new(line_load(), &net)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no external port"), "{err}");
    assert_eq!(net, before);
    net.port(1, "in");
    // Now `in` has two terminals: port 0 of `l` and external port 1.
    let ok = Circuit::<_, 1>::new(line_load(), &net).unwrap();
    assert_eq!(ok.topology().nets(), ["in", "out"]);
    assert_eq!(ok.topology().part_names(), ["l", "load"]);
}

#[test]
fn solution_errors_name_the_argument() {
    let pi = pi_lowpass(2e-12, 5e-9, 3e-12);
    let err = |r: pmrf::Result<pmrf::components::circuit::Solution>| r.unwrap_err().to_string();
    for f in [f64::NAN, -1.0, f64::INFINITY] {
        let e = err(solution(&pi, f, [1.0, 0.0], [0.0; 2]));
        assert!(e.contains("`f`") && e.contains("finite and >= 0 Hz"), "{e}");
    }
    let e = err(solution(&pi, 1e9, [-1.0, 0.0], [0.0; 2]));
    assert!(
        e.contains("`power_w[0] (port 1)`") && e.contains(">= 0 W"),
        "{e}"
    );
    let e = err(solution(&pi, 1e9, [0.0, f64::INFINITY], [0.0; 2]));
    assert!(e.contains("`power_w[1] (port 2)`"), "{e}");
    let e = err(solution(&pi, 1e9, [1.0, 0.0], [0.0, f64::NAN]));
    assert!(
        e.contains("`phase_rad[1] (port 2)`") && e.contains("finite"),
        "{e}"
    );

    let state = solution(&pi, 1e9, [1.0, 0.0], [0.0; 2]).unwrap();
    assert_eq!(state.voltage("gnd").unwrap(), Complex::new(0.0, 0.0));
    let v1 = state.voltage("input").unwrap();
    assert!((v1 - state.port_voltage(1).unwrap()).norm() < 1e-12);
    // The current into port 1 flows into c1 and l.
    let i1 = state.port_current(1).unwrap();
    let parts = state.current("c1", 0).unwrap() + state.current("l", 0).unwrap();
    assert!((i1 - parts).norm() < 1e-12, "{i1} vs {parts}");
    let e = state.voltage("inptu").unwrap_err().to_string();
    assert!(
        e.contains("no net named `inptu`") && e.contains("input"),
        "{e}"
    );
    let e = state.current("c3", 0).unwrap_err().to_string();
    assert!(
        e.contains("no part named `c3`") && e.contains("c1, l, c2"),
        "{e}"
    );
    let e = state.current("l", 2).unwrap_err().to_string();
    assert!(
        e.contains("port 2 is out of range for part `l` of the circuit, which has 2 ports"),
        "{e}"
    );
    for k in [0, 3] {
        let e = state.port_voltage(k).unwrap_err().to_string();
        assert!(e.contains("an external port, 1 to 2"), "{e}");
        let e = state.port_current(k).unwrap_err().to_string();
        assert!(e.contains("an external port, 1 to 2"), "{e}");
    }
}

/// Parts without a usable admittance matrix (a shunt C 2-port, a 1 mohm resistor, an ideal
/// tee), two external ports on one net, an inductor to ground.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct MixedParts<T: Scalar = f64> {
    shunt: ShuntC<T>,
    r: SeriesR<T>,
    tee: Tee<T>,
    l: SeriesL<T>,
}

fn mixed_fallback(solver: CircuitSolver) -> Circuit<MixedParts, 3> {
    let parts = MixedParts {
        shunt: ShuntC::new(1e-12),
        r: SeriesR::new(1e-3),
        tee: Tee::default(),
        l: SeriesL::new(2e-9),
    };
    let mut net = Netlist::new();
    net.port(1, "p1").port(2, "c").port(3, "c");
    net.part("shunt", ["p1", "a"]).part("r", ["a", "b"]);
    net.part("tee", ["b", "c", "d"]).part("l", ["d", "gnd"]);
    runtime(parts, &net, solver)
}

/// Port, series L, shunt C 2-port, 7 ohm, 20 ohm and 3 pF to ground, in a chain.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p1))]
struct LcrTerminated<T: Scalar = f64> {
    #[circuit(p1, a)]
    l: SeriesL<T>,
    #[circuit(a, b)]
    shunt: ShuntC<T>,
    #[circuit(b, c)]
    r7: SeriesR<T>,
    #[circuit(c, d)]
    r20: SeriesR<T>,
    #[circuit(d, gnd)]
    c: SeriesC<T>,
}

/// A bridged T: 30 ohm across two 4 nH inductors, 1.5 pF from their junction to ground.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, p1), port(2, p2))]
struct BridgedT<T: Scalar = f64> {
    #[circuit(p1, p2)]
    r: SeriesR<T>,
    #[circuit(p1, m)]
    l1: SeriesL<T>,
    #[circuit(m, p2)]
    l2: SeriesL<T>,
    #[circuit(m, gnd)]
    c: SeriesC<T>,
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
    let terminated = LcrTerminated {
        l: SeriesL::new(3e-9),
        shunt: ShuntC::new(2e-12),
        r7: SeriesR::new(7.0),
        r20: SeriesR::new(20.0),
        c: SeriesC::new(3e-12),
    };
    check(
        "lcr_terminated_rc",
        reference.deviation("lcr_terminated_rc", &terminated),
    );
    let bridged = BridgedT {
        r: SeriesR::new(30.0),
        l1: SeriesL::new(4e-9),
        l2: SeriesL::new(4e-9),
        c: SeriesC::new(1.5e-12),
    };
    check("bridged_t", reference.deviation("bridged_t", &bridged));
    check(
        "esr_pi",
        reference.deviation("esr_pi", &esr_pi(2e-12, 0.3, 5e-9)),
    );
    for solver in SOLVERS {
        check(
            "mixed_fallback",
            reference.deviation("mixed_fallback", &mixed_fallback(solver)),
        );
    }
    println!("largest deviation from scikit-rf: {worst:e}");
}

/// A ladder of 4 L-C sections (series `l[k]`, then `c[k]` to ground) as a run-time netlist
/// with 5 non-grounded nets (past the nodal solver's stack sizes), and as a cascade.
fn ladder(l: [f64; 4], c: [f64; 4]) -> (Circuit<Rlc, 2>, impl Component<2, Scalar = f64>) {
    let mut net = Netlist::new();
    net.port(1, "n0").port(2, "n4");
    for k in 0..4 {
        net.part(format!("l[{k}]"), [format!("n{k}"), format!("n{}", k + 1)]);
        net.part(format!("c[{k}]"), [format!("n{}", k + 1), "gnd".into()]);
    }
    let parts = Rlc {
        r: Vec::new(),
        l: l.map(SeriesL::new).to_vec(),
        c: c.map(SeriesC::new).to_vec(),
    };
    let chain = Cascade::new(std::array::from_fn::<_, 4, _>(|k| {
        Cascade::new((SeriesL::new(l[k]), ShuntC::new(c[k])))
    }));
    (runtime(parts, &net, CircuitSolver::Nodal), chain)
}

/// The largest difference between the nodal and the connection solver over `freqs`.
fn solver_gap<P: PartList<f64>, const N: usize>(circuit: &Circuit<P, N>, freqs: &[f64]) -> f64 {
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
    let nodal = CircuitSolver::Nodal;
    let pi = |c1, l, c2| runtime::<_, 2>(pi_lowpass(c1, l, c2), &pi_net(), nodal);
    let esr = |c, r, l| runtime::<_, 2>(esr_pi(c, r, l), &esr_pi_net(), nodal);
    let star = |r| runtime::<_, 3>(star(r), &star_net(), nodal);
    let gaps = [
        ("pi", solver_gap(&pi(2e-12, 5e-9, 3e-12), &freqs)),
        ("esr_pi", solver_gap(&esr(2e-12, 0.3, 5e-9), &freqs)),
        ("star", solver_gap(&star(50.0 / 3.0), &freqs)),
        ("mixed", solver_gap(&mixed_fallback(nodal), &freqs)),
        // Extreme values: a DC block, a near-short and a near-open.
        ("dc_block", solver_gap(&pi(1e-6, 1e-12, 1e-15), &freqs)),
        ("tiny_esr", solver_gap(&esr(1e-9, 1e-4, 1e-6), &freqs)),
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
    assert_eq!(circuit.param_names()[..2], ["l[0].l", "l[1].l"]);
    assert_eq!(circuit.param_names()[7], "c[3].c");
    for f in FREQS {
        let d = max_dev(&circuit.s_at(f), &chain.s_at(f));
        assert!(d <= 1e-13, "{f}: {d:e}");
    }
}

/// `(z - 50) / (z + 50)`: a port loaded by `z` to ground.
fn gamma(z: Complex<f64>) -> Complex<f64> {
    (z - 50.0) / (z + 50.0)
}

/// Resistors only, `r[i]`, for the zero-ohm tests.
fn resistors(r: &[f64]) -> Rlc {
    Rlc {
        r: r.iter().map(|&r| SeriesR::new(r)).collect(),
        ..Rlc::default()
    }
}

#[test]
fn a_zero_ohm_element_on_one_net_is_a_no_op() {
    // Both ends of a 0-ohm resistor on the port's net: no voltage across it, no current.
    // Alone, the port sees an open; with 100 ohm to ground, the 100 ohm.
    let mut open = Netlist::new();
    open.port(1, "p").part("r[0]", ["p", "p"]);
    let mut loaded = open.clone();
    loaded.part("r[1]", ["p", "gnd"]);
    for solver in SOLVERS {
        let open = runtime::<_, 1>(resistors(&[0.0]), &open, solver);
        let loaded = runtime::<_, 1>(resistors(&[0.0, 100.0]), &loaded, solver);
        for f in FREQS {
            let s = open.s_at(f)[0][0];
            assert_eq!(s, Complex::new(1.0, 0.0), "{solver:?} at {f} Hz");
            let s = loaded.s_at(f)[0][0];
            let want = gamma(Complex::new(100.0, 0.0));
            assert!((s - want).norm() < 1e-15, "{solver:?} at {f} Hz: {s}");
        }
    }
}

/// A 0-ohm resistor and an inductor from port 1 to ground, a short on the ground, port 2 open.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct ToGround<T: Scalar = f64> {
    wire: SeriesR<T>,
    l: SeriesL<T>,
    short: LoadZ<T>,
    open: Open<T>,
}

#[test]
fn zero_impedance_loops_merge_their_nets() {
    // Two 0-ohm resistors in parallel from the port's net to a net with 25 ohm and a 2 pF
    // capacitor to ground: the port sees 25 ohm || 2 pF, as if the nets were one.
    let mut parallel = Netlist::new();
    parallel.port(1, "p");
    parallel.part("r[0]", ["p", "m"]).part("r[1]", ["p", "m"]);
    parallel
        .part("r[2]", ["m", "gnd"])
        .part("c[0]", ["m", "gnd"]);
    let parallel_parts = Rlc {
        c: vec![SeriesC::new(2e-12)],
        ..resistors(&[0.0, 0.0, 25.0])
    };
    let mut merged = Netlist::new();
    merged.port(1, "p");
    merged.part("r[0]", ["p", "gnd"]).part("c[0]", ["p", "gnd"]);
    let merged_parts = Rlc {
        c: vec![SeriesC::new(2e-12)],
        ..resistors(&[25.0])
    };
    // A 0-ohm resistor and an inductor at DC (0 ohm too) from a net to ground, and a short
    // 1-port (LoadZ 0 ohm) on the ground: each a loop through ground.
    let mut to_ground = Netlist::new();
    to_ground.port(1, "p").port(2, "q");
    to_ground.part("wire", ["p", "gnd"]).part("l", ["p", "gnd"]);
    to_ground.part("short", ["gnd"]).part("open", ["q"]);
    let to_ground_parts = ToGround {
        wire: SeriesR::new(0.0),
        l: SeriesL::new(1e-9),
        short: LoadZ::new(0.0, 0.0),
        open: Open::default(),
    };
    for solver in SOLVERS {
        let parallel = runtime::<_, 1>(parallel_parts.clone(), &parallel, solver);
        let merged = runtime::<_, 1>(merged_parts.clone(), &merged, solver);
        let to_ground = runtime::<_, 2>(to_ground_parts.clone(), &to_ground, solver);
        for f in FREQS {
            let s = parallel.s_at(f)[0][0];
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
            let s = to_ground.s_at(f);
            let want = [[-1.0, 0.0], [0.0, 1.0]].map(|row| row.map(|x| Complex::new(x, 0.0)));
            assert!(max_dev(&s, &want) < 1e-15, "{solver:?} at {f} Hz: {s:?}");
        }
    }
}

#[test]
fn derivatives_through_zero_ohm_elements() {
    // d S11 / dR at R = 0 (a dual with value 0 still merges): 0 for a resistor on one net
    // (a no-op at any R) and for each of two in parallel (each shorted by the other); for a
    // single 0-ohm resistor in series with a 30 ohm load, that of (R + 30 - 50) / (R + 80).
    let mut looped = Netlist::new();
    looped.port(1, "p");
    looped.part("r[0]", ["p", "m"]).part("r[1]", ["p", "m"]);
    looped.part("r[2]", ["m", "gnd"]).part("r[3]", ["p", "p"]);
    let mut bridge = Netlist::new();
    bridge.port(1, "p");
    bridge.part("r[0]", ["p", "m"]).part("r[1]", ["m", "gnd"]);
    for solver in SOLVERS {
        let model = runtime::<_, 1>(resistors(&[0.0, 0.0, 30.0, 0.0]), &looped, solver);
        let g = gradient(&model, &Filter::Free, |m| m.s_at(Grad::from(1e9))[0][0].re).unwrap();
        assert_eq!([g[0], g[1], g[3]], [0.0; 3], "{solver:?}");
        // The 30 ohm load, through the merged net: d/dR (R - 50) / (R + 50) at 30.
        assert!(
            (g[2] - 100.0 / 80.0 / 80.0).abs() < 1e-15,
            "{solver:?}: {g:?}"
        );
        assert!((model.s_at(1e9)[0][0] - gamma(Complex::new(30.0, 0.0))).norm() < 1e-15);
        let model = runtime::<_, 1>(resistors(&[0.0, 30.0]), &bridge, solver);
        let g = gradient(&model, &Filter::Free, |m| m.s_at(Grad::from(1e9))[0][0].re).unwrap();
        assert!(
            (g[0] - 100.0 / 80.0 / 80.0).abs() < 1e-15,
            "{solver:?}: {g:?}"
        );
        assert!((model.s_at(1e9)[0][0] - gamma(Complex::new(30.0, 0.0))).norm() < 1e-15);
    }
}

mod properties {
    //! Identities of circuits over random passive parts, on both solvers, and the two solvers
    //! against each other on random circuits.

    use super::*;
    use pmrf::components::Connected;
    use proptest::prelude::*;

    fn solvers() -> impl Strategy<Value = CircuitSolver> {
        prop_oneof![Just(CircuitSolver::Nodal), Just(CircuitSolver::Connection)]
    }

    /// A 2-port `two` closed by `load`, and two 2-ports joined port to port.
    #[derive(Model, pmrf::Circuit, Clone, Debug)]
    struct Joined<T: Scalar = f64> {
        first: Cascade<(SeriesL<T>, ShuntC<T>), T>,
        second: Cascade<(SeriesR<T>, SeriesC<T>), T>,
    }

    /// A random circuit: `nets` nets besides the ground, `ports` external ports (port `k` on
    /// net `k % nets`), each net tied to the ground or an earlier net by a part (so nothing
    /// floats), then `extra` parts between random nets, at a frequency `f`.
    #[derive(Clone, Debug)]
    struct Random {
        nets: usize,
        ports: usize,
        /// (kind, value in [0, 1), anchor): net `i`'s part to the ground (0) or net `anchor - 1`.
        tree: Vec<(u8, f64, usize)>,
        /// (kind, value in [0, 1), net, net) with the ground as 0.
        extra: Vec<(u8, f64, usize, usize)>,
        f: f64,
    }

    fn random() -> impl Strategy<Value = Random> {
        (1usize..=5, 1usize..=4).prop_flat_map(|(nets, ports)| {
            let tree: Vec<_> = (0..nets).map(|i| (0u8..3, 0.0..1.0f64, 0..=i)).collect();
            let extra = prop::collection::vec((0u8..3, 0.0..1.0f64, 0..=nets, 0..=nets), 0..8);
            (tree, extra, 1e6..1e10f64).prop_map(move |(tree, extra, f)| Random {
                nets,
                ports,
                tree,
                extra,
                f,
            })
        })
    }

    /// The parts and netlist of `spec`: R from 1 ohm to 1 kohm, L from 0.1 to 100 nH, C from
    /// 0.1 to 100 pF (log-uniform); a net left with one terminal gets 100 ohm to ground.
    fn build(spec: &Random) -> (Rlc, Netlist) {
        let name = |i: usize| match i {
            0 => "gnd".to_string(),
            i => format!("n{}", i - 1),
        };
        let mut edges: Vec<(u8, f64, usize, usize)> = (spec.tree.iter().enumerate())
            .map(|(i, &(kind, u, anchor))| (kind, u, i + 1, anchor))
            .collect();
        for &(kind, u, a, b) in &spec.extra {
            let b = if a == b { (a + 1) % (spec.nets + 1) } else { b };
            edges.push((kind, u, a, b));
        }
        let mut terminals = vec![0usize; spec.nets + 1];
        let mut net = Netlist::new();
        for k in 0..spec.ports {
            let on = 1 + k % spec.nets;
            net.port(k + 1, name(on));
            terminals[on] += 1;
        }
        for &(_, _, a, b) in &edges {
            terminals[a] += 1;
            terminals[b] += 1;
        }
        for (i, &t) in terminals.iter().enumerate().skip(1) {
            if t < 2 {
                edges.push((0, 2.0 / 3.0, i, 0));
            }
        }
        let mut parts = Rlc::default();
        for (kind, u, a, b) in edges {
            let scale = 10f64.powf(3.0 * u);
            let part = match kind {
                0 => {
                    parts.r.push(SeriesR::new(scale));
                    format!("r[{}]", parts.r.len() - 1)
                }
                1 => {
                    parts.l.push(SeriesL::new(1e-10 * scale));
                    format!("l[{}]", parts.l.len() - 1)
                }
                _ => {
                    parts.c.push(SeriesC::new(1e-13 * scale));
                    format!("c[{}]", parts.c.len() - 1)
                }
            };
            net.part(part, [name(a), name(b)]);
        }
        (parts, net)
    }

    /// The relative gap between the solvers on `spec`, `None` where either is singular.
    fn random_gap<const N: usize>(spec: &Random) -> Option<f64> {
        let (parts, net) = build(spec);
        let nodal = runtime::<_, N>(parts, &net, CircuitSolver::Nodal);
        let exact = nodal.clone().with_solver(CircuitSolver::Connection);
        let (a, b) = (nodal.s_at(spec.f), exact.s_at(spec.f));
        let all = a.iter().flatten().chain(b.iter().flatten());
        if all.clone().any(|z| !(z.re.is_finite() && z.im.is_finite())) {
            return None;
        }
        let scale = all.map(|z| z.norm()).fold(1.0, f64::max);
        Some(max_dev(&a, &b) / scale)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn lossy_circuits_are_reciprocal_and_passive(
            c in 0.1e-12..20e-12f64, esr in 0.0..5.0f64, l in 0.1e-9..50e-9f64,
            r in 0.0..1e3f64, solver in solvers(),
        ) {
            let freq = Frequency::logspace(1e6, 4e10, 9, FrequencyUnit::Hz).unwrap();
            let pi = runtime::<_, 2>(esr_pi(c, esr, l), &esr_pi_net(), solver).network(&freq).unwrap();
            prop_assert!(pi.is_reciprocal(1e-12) && pi.is_passive(1e-12));
            let divider = runtime::<_, 3>(star(r), &star_net(), solver).network(&freq).unwrap();
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
            let mut net = Netlist::new();
            net.port(1, "input").part("two", ["input", "a"]).part("load", ["a"]);
            let circuit = runtime::<_, 1>(super::Loaded2 { two: two.clone(), load }, &net, solver);
            prop_assert!(max_dev(&circuit.s_at(f), &terminated.s_at(f)) < 1e-12);
            // ... and two 2-ports joined port to port, as `connect` and as a netlist.
            let second = Cascade::new((SeriesR::new(r), SeriesC::new(lc)));
            let joined = Connected::new(two.clone(), 1, second.clone(), 0).unwrap();
            let mut net = Netlist::new();
            net.port(1, "p1").port(2, "p2");
            net.part("first", ["p1", "mid"]).part("second", ["mid", "p2"]);
            let netlist = runtime::<_, 2>(Joined { first: two, second }, &net, solver);
            prop_assert!(max_dev(&netlist.s_at(f), &joined.s_at(f)) < 1e-12);
        }

        #[test]
        fn the_solvers_agree_on_random_circuits(spec in random()) {
            let gap = match spec.ports {
                1 => random_gap::<1>(&spec),
                2 => random_gap::<2>(&spec),
                3 => random_gap::<3>(&spec),
                _ => random_gap::<4>(&spec),
            };
            if let Some(gap) = gap {
                prop_assert!(gap <= 1e-9, "{gap:e}");
            }
        }
    }
}

/// [`Loaded`]'s parts for a run-time netlist (no port attributes).
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct Loaded2<T: Scalar = f64> {
    two: Cascade<(SeriesL<T>, ShuntC<T>), T>,
    load: RcLoad<T>,
}

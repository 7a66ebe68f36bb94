//! Circuits built at run time from a neutral description, against scikit-rf's `Circuit` on the
//! same circuits (tests/fixtures/circuit_topologies.json, from
//! scripts/gen_circuit_topologies.py): S at the ports' own references, node voltages and the
//! currents into every terminal, by both solvers.

use pmrf::components::circuit::solution;
use pmrf::components::lines::DelayLine;
use pmrf::components::{
    Capacitor, Circuit, CircuitSolver, Inductor, Netlist, PartList, Resistor, SeriesC, SeriesL,
    SeriesR,
};
use pmrf::prelude::*;
use serde_json::Value;

/// The parts of every fixture circuit, by kind: a two-terminal element either as a 1-port
/// between its two nets (`r`, `l`, `c`) or as the series 2-port with a port on each
/// (`sr`, `sl`, `sc`: the form every K-port takes); the circuits are built both ways.
#[derive(Model, pmrf::Circuit, Clone, Debug, Default)]
struct Parts<T: Scalar = f64> {
    r: Vec<Resistor<T>>,
    l: Vec<Inductor<T>>,
    c: Vec<Capacitor<T>>,
    sr: Vec<SeriesR<T>>,
    sl: Vec<SeriesL<T>>,
    sc: Vec<SeriesC<T>>,
    line: Vec<DelayLine<T>>,
}

/// How a two-terminal element is built.
#[derive(Clone, Copy, Debug)]
enum Form {
    OnePort,
    SeriesTwoPort,
}

fn fixtures() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/circuit_topologies.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["circuits"].as_array().unwrap().clone()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn complex(v: &Value, k: usize) -> Complex<f64> {
    Complex::new(num(&v["re"][k]), num(&v["im"][k]))
}

/// The fixture's circuit: its parts by kind, its netlist with the parts named `r[0]`, ..., and
/// the map from the fixture's part names to those names.
fn build(case: &Value, form: Form) -> (Parts, Netlist, Vec<(String, String)>) {
    let mut parts = Parts::default();
    let mut net = Netlist::new();
    let mut names = Vec::new();
    for part in case["parts"].as_array().unwrap() {
        let v = &part["values"];
        let name = match (part["kind"].as_str().unwrap(), form) {
            ("resistor", Form::SeriesTwoPort) => {
                parts.sr.push(SeriesR::new(num(&v["r"])));
                format!("sr[{}]", parts.sr.len() - 1)
            }
            ("inductor", Form::SeriesTwoPort) => {
                parts.sl.push(SeriesL::new(num(&v["l"])));
                format!("sl[{}]", parts.sl.len() - 1)
            }
            ("capacitor", Form::SeriesTwoPort) => {
                parts.sc.push(SeriesC::new(num(&v["c"])));
                format!("sc[{}]", parts.sc.len() - 1)
            }
            ("resistor", _) => {
                parts.r.push(Resistor::new(num(&v["r"])));
                format!("r[{}]", parts.r.len() - 1)
            }
            ("inductor", _) => {
                parts.l.push(Inductor::new(num(&v["l"])));
                format!("l[{}]", parts.l.len() - 1)
            }
            ("capacitor", _) => {
                parts.c.push(Capacitor::new(num(&v["c"])));
                format!("c[{}]", parts.c.len() - 1)
            }
            ("line", _) => {
                parts
                    .line
                    .push(DelayLine::new(num(&v["z0"]), num(&v["delay"])));
                format!("line[{}]", parts.line.len() - 1)
            }
            (other, _) => panic!("unknown kind {other}"),
        };
        let nets: Vec<&str> = (part["nets"].as_array().unwrap().iter())
            .map(|n| n.as_str().unwrap())
            .collect();
        net.part(name.clone(), nets);
        names.push((part["name"].as_str().unwrap().to_string(), name));
    }
    for (k, port) in case["ports"].as_array().unwrap().iter().enumerate() {
        net.port_z0(k + 1, port["net"].as_str().unwrap(), num(&port["z0"]));
    }
    (parts, net, names)
}

/// The largest deviation of the circuit's S (at the ports' references), voltages and
/// currents from the fixture's, by both solvers.
fn deviation<const N: usize>(case: &Value, form: Form) -> f64 {
    let (parts, net, names) = build(case, form);
    let nodal = Circuit::<_, N>::new(parts, &net).unwrap();
    let exact = nodal.clone().with_solver(CircuitSolver::Connection);
    let freq = Frequency::from_hz(
        (case["freq_hz"].as_array().unwrap().iter())
            .map(num)
            .collect::<Vec<f64>>(),
    )
    .unwrap();
    let mut worst = 0.0f64;
    for circuit in [&nodal, &exact] {
        let data = circuit.network(&freq).unwrap();
        for k in 0..freq.len() {
            for i in 0..N {
                for j in 0..N {
                    let want =
                        Complex::new(num(&case["s_re"][k][i][j]), num(&case["s_im"][k][i][j]));
                    worst = worst.max((data.s()[[k, i, j]] - want).norm());
                }
            }
        }
    }
    let Some(excitation) = case.get("excitation") else {
        return worst;
    };
    let power: [f64; N] = std::array::from_fn(|k| num(&excitation["power_w"][k]));
    let phase: [f64; N] = std::array::from_fn(|k| num(&excitation["phase_rad"][k]));
    for (k, &f) in freq.hz().iter().enumerate() {
        let state = solution(&nodal, f, power, phase).unwrap();
        let scale = 1.0f64.max(num(&case["port_voltages"][0]["re"][k]).abs());
        for (net_name, v) in case["net_voltages"].as_object().unwrap() {
            let got = state.voltage(net_name).unwrap();
            worst = worst.max((got - complex(v, k)).norm() / scale);
        }
        for (fixture, ours) in &names {
            for (t, i) in (case["currents"][fixture].as_array().unwrap().iter()).enumerate() {
                let got = state.current(ours, t).unwrap();
                worst = worst.max((got - complex(i, k)).norm() / scale);
            }
        }
        for p in 0..N {
            let v = state.port_voltage(p + 1).unwrap();
            let i = state.port_current(p + 1).unwrap();
            worst = worst.max((v - complex(&case["port_voltages"][p], k)).norm() / scale);
            worst = worst.max((i - complex(&case["port_currents"][p], k)).norm() / scale);
        }
    }
    worst
}

#[test]
fn seventeen_topologies_agree_with_scikit_rf_with_either_form_of_element() {
    let cases = fixtures();
    assert!(cases.len() >= 12);
    let mut report = Vec::new();
    for case in &cases {
        for form in [Form::OnePort, Form::SeriesTwoPort] {
            let d = match case["ports"].as_array().unwrap().len() {
                1 => deviation::<1>(case, form),
                2 => deviation::<2>(case, form),
                3 => deviation::<3>(case, form),
                4 => deviation::<4>(case, form),
                n => panic!("{n} ports"),
            };
            report.push(format!(
                "{} ({form:?}): {d:.1e}",
                case["name"].as_str().unwrap()
            ));
            assert!(d <= 1e-12, "{} ({form:?}): {d:e}", case["name"]);
        }
    }
    println!("{}", report.join("\n"));
}

#[test]
fn a_run_time_ladder_names_its_parts_by_index() {
    let case = &fixtures()[0];
    let (parts, _, _) = build(case, Form::OnePort);
    let mut layout = Vec::new();
    parts.layout(&mut layout);
    assert_eq!(layout.len(), 1);
    assert_eq!((layout[0].name.as_str(), layout[0].ports), ("r[0]", 1));
    let (parts, _, _) = build(case, Form::SeriesTwoPort);
    let mut layout = Vec::new();
    parts.layout(&mut layout);
    assert_eq!((layout[0].name.as_str(), layout[0].ports), ("sr[0]", 2));
}

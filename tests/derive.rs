//! Runtime behaviour of the code `#[derive(Model)]` generates: names, order, values, metadata,
//! functional updates, rebinding to dual numbers and in-place visits.

use std::marker::PhantomData;

use pmrf::params::{ParamMeta, Path};
use pmrf::prelude::*;
// The prelude's `Model` is the trait only (for now); this brings the derive too.
use pmrf::Model;

#[derive(Model, Clone, Debug, PartialEq)]
pub struct SeriesRlc<T: Scalar = f64> {
    #[param(unit = "ohm", bounds = (0.0, 1e3))]
    pub r: T,
    #[param(unit = "H", scale = 1e-9, prior = normal(3e-9, 1e-10))]
    pub l: T,
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-6), fixed)]
    pub c: T,
    #[param(name = "taps", unit = "S")]
    pub g: [T; 3],
    #[param]
    pub extra: Vec<T>,
    pub label: String,
}

#[derive(Model, Clone, Debug)]
pub struct Filter<T: Scalar = f64> {
    pub rlc: SeriesRlc<T>,
    pub stages: Vec<SeriesRlc<T>>,
    pub opt: Option<SeriesRlc<T>>,
    pub arr: [SeriesRlc<T>; 2],
    pub n: usize,
}

#[derive(Model, Clone, Debug)]
pub struct Cascade<T: Scalar = f64, S = ()> {
    pub stages: S,
    _scalar: PhantomData<T>,
}

#[derive(Model, Clone, Debug, PartialEq)]
pub struct Rc<T: Scalar = f64> {
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub r: T,
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-9))]
    pub c: T,
}

fn rlc(base: f64, label: &str) -> SeriesRlc {
    SeriesRlc {
        r: base,
        l: base * 1e-9,
        c: base * 1e-12,
        g: [base + 0.1, base + 0.2, base + 0.3],
        extra: vec![base + 0.5],
        label: label.to_owned(),
    }
}

fn filter() -> Filter {
    Filter {
        rlc: rlc(1.0, "main"),
        stages: vec![rlc(2.0, "s0"), rlc(3.0, "s1")],
        opt: Some(rlc(4.0, "opt")),
        arr: [rlc(5.0, "a0"), rlc(6.0, "a1")],
        n: 7,
    }
}

/// Every (name, value, meta) that `visit_params` reports.
fn visited<M: Model<Scalar = f64>>(model: &M) -> Vec<(String, f64, ParamMeta)> {
    let mut out = Vec::new();
    model.visit_params(&mut Path::new(), &mut |p, v, m| {
        out.push((p.to_string(), v, m.clone()))
    });
    out
}

const RLC_NAMES: [&str; 7] = ["r", "l", "c", "taps[0]", "taps[1]", "taps[2]", "extra[0]"];

#[test]
fn leaves_are_named_in_declaration_order() {
    let m = rlc(1.0, "x");
    assert_eq!(m.param_names(), RLC_NAMES);
    assert_eq!(m.num_params(), 7);
    assert_eq!(m.param_values(), [1.0, 1e-9, 1e-12, 1.1, 1.2, 1.3, 1.5]);
}

#[test]
fn sub_models_nest_with_dots_and_indices() {
    let f = filter();
    let names = f.param_names();
    let mut expected = Vec::new();
    for prefix in ["rlc", "stages[0]", "stages[1]", "opt", "arr[0]", "arr[1]"] {
        expected.extend(RLC_NAMES.iter().map(|n| format!("{prefix}.{n}")));
    }
    assert_eq!(names, expected);
    assert!(names.contains(&"stages[1].c".to_owned()));
    assert!(names.contains(&"arr[0].l".to_owned()));
    assert!(names.contains(&"rlc.taps[2]".to_owned()));
    let values = f.param_values();
    assert_eq!(values[0], 1.0);
    assert_eq!(values[7], 2.0); // stages[0].r
    assert_eq!(values[7 * 3], 4.0); // opt.r
    assert_eq!(values[7 * 5 + 2], 6e-12); // arr[1].c

    // `None` contributes no parameters.
    let mut g = filter();
    g.opt = None;
    assert_eq!(g.num_params(), 5 * 7);
    assert!(g.param_names().iter().all(|n| !n.starts_with("opt")));
}

#[test]
fn tuple_stages_are_indexed() {
    let c = Cascade {
        stages: (rlc(1.0, "a"), Rc { r: 50.0, c: 2e-12 }),
        _scalar: PhantomData,
    };
    let names = c.param_names();
    assert_eq!(names[0], "stages[0].r");
    assert_eq!(names[2], "stages[0].c");
    assert_eq!(names[7..], ["stages[1].r", "stages[1].c"]);
    assert_eq!(c.param_values()[7..], [50.0, 2e-12]);

    let nested = Cascade {
        stages: (Cascade {
            stages: (Rc { r: 1.0, c: 1e-12 },),
            _scalar: PhantomData,
        },),
        _scalar: PhantomData,
    };
    assert_eq!(
        nested.param_names(),
        ["stages[0].stages[0].r", "stages[0].stages[0].c"]
    );
}

#[test]
fn metadata_comes_from_the_attributes() {
    let v = visited(&rlc(1.0, "x"));
    let meta = |name: &str| v.iter().find(|(n, _, _)| n == name).unwrap().2.clone();

    let r = meta("r");
    assert_eq!(r.unit(), "ohm");
    assert_eq!(r.scale(), 1.0);
    assert_eq!(r.bounds(), (0.0, 1e3));
    assert!(!r.is_fixed());
    assert_eq!(r.prior().copied(), None);

    let l = meta("l");
    assert_eq!(l.unit(), "H");
    assert_eq!(l.scale(), 1e-9);
    assert_eq!(l.bounds(), (f64::NEG_INFINITY, f64::INFINITY));
    assert_eq!(
        l.prior().copied(),
        Some(Prior::normal(3e-9, 1e-10).unwrap())
    );

    let c = meta("c");
    assert_eq!(
        (c.unit(), c.scale(), c.bounds(), c.is_fixed()),
        ("F", 1e-12, (0.0, 1e-6), true)
    );

    for i in 0..3 {
        let g = meta(&format!("taps[{i}]"));
        assert_eq!(g.unit(), "S");
        assert!(!g.is_fixed());
    }
    assert_eq!(meta("extra[0]"), ParamMeta::DEFAULT);

    // Values are reported with the metadata.
    assert_eq!(v[3].1, 1.1);

    // Nested visits see the metadata of the sub-model's fields.
    let v = visited(&filter());
    let c = v.iter().find(|(n, _, _)| n == "stages[1].c").unwrap();
    assert_eq!((c.1, c.2.unit(), c.2.is_fixed()), (3e-12, "F", true));
}

#[test]
fn with_params_round_trips() {
    let f = filter();
    let values = f.param_values();
    let same = f.with_params(&values).unwrap();
    assert_eq!(same.param_values(), values);

    let shifted: Vec<f64> = values.iter().map(|v| v * 0.5).collect();
    let g = f.with_params(&shifted).unwrap();
    assert_eq!(g.param_values(), shifted);
    assert_eq!(g.stages[1].c, 1.5e-12);
    assert_eq!(g.arr[0].g, [2.55, 2.6, 2.65]);
    // Static data is kept.
    assert_eq!(g.n, 7);
    assert_eq!(g.stages[1].label, "s1");
}

#[test]
fn with_params_reports_bad_input() {
    let rc = Rc { r: 50.0, c: 2e-12 };
    assert_eq!(
        rc.with_params(&[1.0]),
        Err(Error::ParamCount {
            expected: 2,
            got: 1
        })
    );
    assert_eq!(
        rc.with_params(&[1.0, 2.0, 3.0]),
        Err(Error::ParamCount {
            expected: 2,
            got: 3
        })
    );
    match rc.with_params(&[f64::NAN, 1e-12]) {
        Err(Error::NonFinite { name, value }) => {
            assert_eq!(name, "r");
            assert!(value.is_nan());
        }
        other => panic!("expected NonFinite, got {other:?}"),
    }
    assert_eq!(
        rc.with_params(&[75.0, 2e-9]),
        Err(Error::OutOfBounds {
            name: "c".to_owned(),
            value: 2e-9,
            lower: 0.0,
            upper: 1e-9
        })
    );
    // Bounds are inclusive and infinite ends are unbounded.
    assert!(rc.with_params(&[1e300, 1e-9]).is_ok());
    assert!(matches!(
        rc.with_params(&[-1.0, 0.0]),
        Err(Error::OutOfBounds { .. })
    ));

    // Nested names appear in the errors.
    let f = filter();
    let mut values = f.param_values();
    values[7 * 2] = -1.0; // stages[1].r below its lower bound 0
    match f.with_params(&values) {
        Err(Error::OutOfBounds { name, .. }) => assert_eq!(name, "stages[1].r"),
        other => panic!("expected OutOfBounds, got {other:?}"),
    }
}

#[test]
fn lift_to_dual_keeps_values_and_static_fields() {
    let f = filter();
    let d: Filter<Dual64> = f.lift();
    assert_eq!(d.rlc.label, "main");
    assert_eq!(d.stages[1].label, "s1");
    assert_eq!(d.n, 7);
    assert_eq!(d.arr[1].g[2].re, 6.3);
    assert_eq!(d.arr[1].g[2].eps, 0.0);
    assert_eq!(d.param_names(), f.param_names());
    assert_eq!(d.param_values(), f.param_values());

    let c = Cascade {
        stages: (rlc(1.0, "a"), Rc { r: 50.0, c: 2e-12 }),
        _scalar: PhantomData,
    };
    let d: Cascade<Dual64, (SeriesRlc<Dual64>, Rc<Dual64>)> = c.lift();
    assert_eq!(d.stages.1.r.re, 50.0);
    assert_eq!(d.stages.0.label, "a");

    // Metadata survives the rebind.
    let v: Vec<(String, ParamMeta)> = {
        let mut out = Vec::new();
        d.visit_params(&mut Path::new(), &mut |p, _, m| {
            out.push((p.to_string(), m.clone()))
        });
        out
    };
    assert_eq!(v[2].0, "stages[0].c");
    assert!(v[2].1.is_fixed());
}

#[test]
fn try_map_params_visits_in_flat_order_and_stops_at_the_first_error() {
    let f = filter();
    let mut seen = Vec::new();
    let mapped: Result<Filter<f64>, ()> = f.try_map_params(&mut |x: f64| {
        seen.push(x);
        Ok(x * 2.0)
    });
    assert_eq!(seen, f.param_values());
    let mapped = mapped.unwrap();
    assert_eq!(mapped.stages[0].extra, [5.0]);
    assert_eq!(mapped.opt.as_ref().unwrap().label, "opt");

    let mut calls = 0;
    let failed: Result<Filter<Dual64>, String> = f.try_map_params(&mut |x: f64| {
        calls += 1;
        if calls == 10 {
            Err(format!("stop at {x}"))
        } else {
            Ok(Dual64::from(x))
        }
    });
    assert_eq!(
        failed.unwrap_err(),
        format!("stop at {}", f.param_values()[9])
    );
    assert_eq!(calls, 10);

    // An error inside an array leaf stops too.
    let mut calls = 0;
    let failed: Result<SeriesRlc<f64>, usize> = rlc(1.0, "x").try_map_params(&mut |x: f64| {
        calls += 1;
        if x == 1.2 { Err(calls) } else { Ok(x) }
    });
    assert_eq!(failed, Err(5));
    assert_eq!(calls, 5);
}

#[test]
fn visit_params_mut_reaches_every_leaf_in_order() {
    let mut f = filter();
    let mut i = 0.0;
    f.visit_params_mut(&mut |x: &mut f64| {
        *x = i;
        i += 1.0;
    });
    let expected: Vec<f64> = (0..f.num_params()).map(|k| k as f64).collect();
    assert_eq!(f.param_values(), expected);
    assert_eq!(f.rlc.g, [3.0, 4.0, 5.0]);
    assert_eq!(f.arr[1].extra, [(6 * 7 - 1) as f64]); // the last leaf
    assert_eq!(f.n, 7);

    let mut c = Cascade {
        stages: (Rc { r: 1.0, c: 1e-12 }, rlc(1.0, "b")),
        _scalar: PhantomData,
    };
    c.visit_params_mut(&mut |x: &mut f64| *x = -*x);
    assert_eq!(c.stages.0, Rc { r: -1.0, c: -1e-12 });
    assert_eq!(c.stages.1.extra, [-1.5]);
}

#[test]
fn params_table_sees_the_metadata() {
    let params = rlc(1.0, "x").params().unwrap();
    assert_eq!(params.names(), RLC_NAMES);
    let c = params.get("c").unwrap();
    assert!(c.meta().is_fixed());
    assert!(!c.is_free());
    assert_eq!(params.get("taps[1]").unwrap().value(), 1.2);
}

//! The structs of the derive's specification: leaves, sub-models, tuple stages, PhantomData,
//! static fields.

use std::marker::PhantomData;

use pmrf::Model;
use pmrf::prelude::*;

#[derive(Model, Clone, Debug)]
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
    pub boxed: Box<SeriesRlc<T>>,
    pub arr: [SeriesRlc<T>; 2],
    pub n: usize,
}

#[derive(Model, Clone, Debug)]
pub struct Cascade<T: Scalar = f64, S = ()> {
    pub stages: S,
    _scalar: PhantomData<T>,
}

fn rlc(r: f64) -> SeriesRlc {
    SeriesRlc {
        r,
        l: 1e-9,
        c: 1e-12,
        g: [1.0, 2.0, 3.0],
        extra: vec![],
        label: "x".into(),
    }
}

fn main() {
    let f = Filter {
        rlc: rlc(1.0),
        stages: vec![rlc(2.0); 3],
        opt: None,
        boxed: Box::new(rlc(3.0)),
        arr: [rlc(4.0), rlc(5.0)],
        n: 3,
    };
    assert_eq!(f.num_params(), 7 * 6);
    assert_eq!(f.param_names()[6 * 4], "boxed.r");
    let d: Filter<Dual64> = f.lift();
    assert_eq!(d.n, 3);

    let c = Cascade {
        stages: (rlc(1.0), f.clone(), vec![rlc(2.0)]),
        _scalar: PhantomData,
    };
    assert_eq!(c.param_names()[0], "stages[0].r");
    assert_eq!(c.param_names()[6], "stages[1].rlc.r");
    assert_eq!(c.param_names().last().unwrap(), "stages[2][0].taps[2]");
    let d: Cascade<Dual64, _> = c.lift();
    assert_eq!(d.stages.2[0].g[1].re, 2.0);
}

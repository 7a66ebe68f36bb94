//! Type parameters that are not sub-models: domain markers in `PhantomData`, data kept with
//! `#[model(skip)]`, parameter-free parts, and `#[model(crate = ...)]` naming the crate.

use std::marker::PhantomData;

use pmrf::network::domain;
use pmrf::{Model, Scalar};

/// `D` appears only in `PhantomData`: it is not a model and `Rebind` keeps it.
#[derive(Model, Clone, Debug)]
pub struct Tagged<D, T: Scalar = f64> {
    _d: PhantomData<D>,
    #[param]
    pub x: T,
}

/// `D` is data, cloned as is; `S` is a sub-model.
#[derive(Model, Clone, Debug)]
pub struct Labelled<D, S, T: Scalar = f64> {
    #[model(skip)]
    pub data: D,
    #[model(skip)]
    pub more: Vec<D>,
    pub stages: S,
    #[param]
    pub gain: T,
}

/// The sub-model rule is unchanged: a bare type parameter field is a sub-model.
#[derive(Model, Clone, Debug)]
pub struct Cascade<S, T: Scalar = f64> {
    pub stages: S,
    _t: PhantomData<T>,
}

/// A part without parameters: a marker field holds the scalar type.
#[derive(Model, Clone, Debug, Default)]
pub struct Open<T: Scalar = f64> {
    _t: PhantomData<T>,
}

/// The crate named by a path and by a string (the default is `::pmrf`).
#[derive(Model, Clone, Debug)]
#[model(crate = ::pmrf)]
pub struct ByPath<T: Scalar = f64> {
    #[param]
    pub x: T,
}

#[derive(Model, Clone, Debug)]
#[model(crate = "pmrf")]
pub struct ByString<T: Scalar = f64> {
    #[param]
    pub x: T,
}

fn main() {
    let t: Tagged<domain::S> = Tagged {
        _d: PhantomData,
        x: 2.0,
    };
    assert_eq!(t.param_names(), ["x"]);
    let td: Tagged<domain::S, pmrf::Dual64> = t.lift();
    assert_eq!(td.x.re, 2.0);

    let l = Labelled {
        data: String::from("port 1"),
        more: vec![String::from("a")],
        stages: (t.clone(), Tagged::<domain::Y> { _d: PhantomData, x: 3.0 }),
        gain: 0.5,
    };
    assert_eq!(l.param_names(), ["stages[0].x", "stages[1].x", "gain"]);
    let ld = l.lift::<pmrf::Dual64>();
    assert_eq!(ld.data, "port 1");
    assert_eq!(ld.stages.1.x.re, 3.0);

    let c: Cascade<Vec<Tagged<domain::Z>>> = Cascade {
        stages: vec![Tagged { _d: PhantomData, x: 1.0 }],
        _t: PhantomData,
    };
    assert_eq!(c.param_names(), ["stages[0].x"]);

    let open: Open = Open::default();
    assert_eq!(open.num_params(), 0);
    let _: Open<pmrf::Dual64> = open.lift();

    assert_eq!(ByPath { x: 1.0 }.param_values(), [1.0]);
    assert_eq!(ByString { x: 1.0 }.param_values(), [1.0]);
}

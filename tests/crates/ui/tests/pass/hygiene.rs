//! The expansion uses absolute paths only: it works without the prelude and next to items that
//! shadow the names it uses.

#[allow(dead_code)]
mod shadows {
    pub struct Result;
    pub struct Ok;
    pub struct Path;
    pub struct ParamMeta;
    pub struct PhantomData;
    pub trait Model {}
    pub trait Clone {}
    pub trait FnMut {}
    pub fn visit_leaf() {}
}

#[no_implicit_prelude]
mod model {
    #[allow(unused_imports)]
    use super::shadows::*;

    #[derive(::pmrf::Model, ::std::clone::Clone, ::std::fmt::Debug)]
    pub struct Stage<T: ::pmrf::Scalar = f64> {
        #[param(unit = "ohm")]
        pub r: T,
        #[param]
        pub taps: ::std::vec::Vec<T>,
        pub label: ::std::string::String,
        pub marker: ::std::marker::PhantomData<T>,
    }

    #[derive(::pmrf::Model, ::std::clone::Clone, ::std::fmt::Debug)]
    pub struct Chain<T: ::pmrf::Scalar = f64> {
        pub stages: ::std::vec::Vec<Stage<T>>,
    }
}

use pmrf::Model;

fn main() {
    let s = model::Stage {
        r: 1.0,
        taps: vec![2.0, 3.0],
        label: "s".into(),
        marker: std::marker::PhantomData,
    };
    let c = model::Chain {
        stages: vec![s.clone(), s],
    };
    assert_eq!(
        c.param_names(),
        [
            "stages[0].r",
            "stages[0].taps[0]",
            "stages[0].taps[1]",
            "stages[1].r",
            "stages[1].taps[0]",
            "stages[1].taps[1]"
        ]
    );
    let d: model::Chain<pmrf::Dual64> = c.lift();
    assert_eq!(d.stages[1].label, "s");
}

//! Generics: a renamed scalar parameter, the `Scalar` bound in a `where` clause, sub-model type
//! parameters before the scalar, const parameters, user `where` clauses.

use pmrf::Model;

/// The scalar parameter can have any name and a qualified bound.
#[derive(Model, Clone, Debug)]
pub struct M<S: pmrf::Scalar = f64> {
    #[param]
    pub x: S,
}

/// The bound may sit in the `where` clause, next to other predicates.
#[derive(Model, Clone, Debug)]
pub struct W<X, const N: usize, Y = f64>
where
    Y: pmrf::Scalar + Copy,
    X: Clone,
{
    #[param(unit = "m")]
    pub taps: [Y; N],
    pub inner: X,
    pub count: [u8; N],
}

/// Sub-model parameters in any position, and in containers.
#[derive(Model, Clone, Debug)]
pub struct Pair<A, B, T: pmrf::Scalar = f64> {
    pub first: A,
    pub rest: Vec<B>,
    pub maybe: Option<Box<A>>,
    #[param]
    pub gain: T,
}

/// Names that the expansion uses internally are fine as user generics.
#[derive(Model, Clone, Debug)]
pub struct Clash<__U: pmrf::Scalar = f64, __F = M<__U>, const __E: usize = 1> {
    #[param]
    pub v: [__U; __E],
    pub sub: __F,
}

/// Generic over a model type with an extra trait bound written inline.
#[derive(Model, Clone, Debug)]
pub struct Bounded<T: pmrf::Scalar, S: Clone + Send = M<T>> {
    pub s: S,
    #[param]
    pub t: T,
}

fn main() {
    let m = M { x: 1.5 };
    assert_eq!(m.param_names(), ["x"]);

    let w = W {
        taps: [1.0, 2.0],
        inner: M { x: 3.0 },
        count: [7, 8],
    };
    assert_eq!(w.param_names(), ["taps[0]", "taps[1]", "inner.x"]);
    let wd: W<M<pmrf::Dual64>, 2, pmrf::Dual64> = w.lift();
    assert_eq!(wd.count, [7, 8]);
    assert_eq!(wd.inner.x.re, 3.0);

    let p = Pair {
        first: M { x: 1.0 },
        rest: vec![w.clone(), w],
        maybe: Some(Box::new(M { x: 2.0 })),
        gain: 0.5,
    };
    assert_eq!(
        p.param_names(),
        [
            "first.x",
            "rest[0].taps[0]",
            "rest[0].taps[1]",
            "rest[0].inner.x",
            "rest[1].taps[0]",
            "rest[1].taps[1]",
            "rest[1].inner.x",
            "maybe.x",
            "gain",
        ]
    );
    assert_eq!(p.with_params(&[9.0; 9]).unwrap().maybe.unwrap().x, 9.0);

    let c: Clash = Clash {
        v: [1.0],
        sub: M { x: 2.0 },
    };
    assert_eq!(c.param_values(), [1.0, 2.0]);
    let _: Clash<pmrf::Dual64> = c.lift();

    let b: Bounded<f64> = Bounded {
        s: M { x: 1.0 },
        t: 2.0,
    };
    assert_eq!(b.param_names(), ["s.x", "t"]);
}

use my_pmrf::{Model, Scalar};
use pmrf_test_renamed::Rc;

/// A sub-model, through the crate path as a string.
#[derive(Model, Clone, Debug)]
#[model(crate = "my_pmrf")]
struct Pair<T: Scalar = f64> {
    first: Rc<T>,
    #[param(fixed)]
    gain: T,
}

#[test]
fn derives_with_a_renamed_crate() {
    let p = Pair {
        first: Rc { r: 50.0, c: 1e-12 },
        gain: 2.0,
    };
    assert_eq!(p.param_names(), ["first.r", "first.c", "gain"]);
    assert_eq!(p.param_values(), [50.0, 1e-12, 2.0]);
    let d: Pair<my_pmrf::Dual64> = p.lift();
    assert_eq!(d.first.c.re, 1e-12);
    assert!(p.with_params(&[2e3, 1e-12, 2.0]).is_err()); // out of bounds
}

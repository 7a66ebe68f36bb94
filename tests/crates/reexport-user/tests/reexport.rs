use pmrf_test_renamed::my_pmrf::{self, Model, Scalar};

#[derive(Model, Clone, Debug)]
#[model(crate = pmrf_test_renamed::my_pmrf)]
struct Stage<T: Scalar = f64> {
    #[param(unit = "H", scale = 1e-9)]
    l: T,
    rc: pmrf_test_renamed::Rc<T>,
    taps: Vec<pmrf_test_renamed::Rc<T>>,
}

#[test]
fn derives_through_a_reexport() {
    let rc = pmrf_test_renamed::Rc { r: 1.0, c: 2.0 };
    let s = Stage {
        l: 3.0,
        rc: rc.clone(),
        taps: vec![rc],
    };
    assert_eq!(
        s.param_names(),
        ["l", "rc.r", "rc.c", "taps[0].r", "taps[0].c"]
    );
    assert_eq!(s.param_values(), [3.0, 1.0, 2.0, 1.0, 2.0]);
    let d: Stage<my_pmrf::Dual64> = s.lift();
    assert_eq!(d.taps[0].r.re, 1.0);
}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(fixed, prior = normal(50.0, 1.0))]
    r: T,
    // `fixed = false` with a prior is fine.
    #[param(fixed = false, prior = normal(1e-12, 1e-13))]
    c: T,
}

fn main() {}

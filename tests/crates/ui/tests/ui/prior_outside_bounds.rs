use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(bounds = (0.0, 1e3), prior = uniform(-10.0, 100.0))]
    r: T,
    // Inside the bounds: fine.
    #[param(bounds = (0.0, 1e-9), prior = uniform(1e-12, 1e-10))]
    c: T,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(prior = normal(50.0))]
    r: T,
    #[param(prior = uniform(0.0, 1.0, 2.0))]
    c: T,
}

fn main() {}

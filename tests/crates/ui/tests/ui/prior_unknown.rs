use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(prior = gaussian(50.0, 1.0))]
    r: T,
    #[param(prior = 1e-12)]
    c: T,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(prior = normal(50.0, 0.0))]
    r: T,
    #[param(prior = log_normal(-27.6, -0.1))]
    c: T,
    #[param(prior = uniform(2.0, 1.0))]
    g: T,
}

fn main() {}

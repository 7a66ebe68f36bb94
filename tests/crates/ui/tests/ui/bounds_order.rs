use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(bounds = (1e3, 0.0))]
    r: T,
    #[param(bounds = (1e-12, 1e-12))]
    c: T,
    #[param(bounds = (f64::INFINITY, -f64::INFINITY))]
    g: T,
}

fn main() {}

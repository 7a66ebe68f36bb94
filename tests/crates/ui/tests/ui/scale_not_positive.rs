use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(scale = 0.0)]
    r: T,
    #[param(unit = "F", scale = -1e-12)]
    c: T,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(unit = ohm, scale = "1e-3", fixed = 1)]
    a: T,
    #[param(bounds = 0.0, prior = normal)]
    b: T,
    #[param(scale = 1e999, bounds = (0.0, x))]
    c: T,
    #[param(scale = 1.0f32, prior = normal(f64::INFINITY, 1.0))]
    d: T,
    #[param(name)]
    e: T,
    #[param = "x"]
    f: T,
}

fn main() {}

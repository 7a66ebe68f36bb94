use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(unit = "ohm", scale = 1.0, unit = "kohm")]
    r: T,
    #[param(fixed, bounds = (0.0, 1.0), fixed = false)]
    c: T,
}

fn main() {}

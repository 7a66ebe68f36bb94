use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(unit = "ohm", min = 0.0)]
    r: T,
    #[param(frozen, unit = "F")]
    c: T,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(unit = "ohm")]
    #[param(fixed)]
    r: T,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
#[param(unit = "ohm")]
struct Rc<T: Scalar = f64> {
    #[param]
    r: T,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param]
    r: T,
    #[param(name = "r")]
    r2: T,
}

#[derive(Model, Clone)]
struct Net<T: Scalar = f64> {
    #[param(name = "rc")]
    gain: T,
    rc: Rc<T>,
}

fn main() {}

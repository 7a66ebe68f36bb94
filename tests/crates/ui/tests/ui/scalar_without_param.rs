use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    r: T,
    taps: [T; 2],
    extra: Vec<T>,
}

fn main() {}

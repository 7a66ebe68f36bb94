use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Stub<T: Scalar = f64> {
    #[param]
    r: T,
    // Optional parameters are not supported, with or without `#[param]`.
    l: Option<T>,
    #[param]
    c: Option<T>,
    taps: Option<Vec<T>>,
}

fn main() {}

use pmrf::{Complex, Model, Scalar};

#[derive(Model, Clone)]
struct Load<T: Scalar = f64> {
    // A complex parameter is two real ones, with or without `#[param]`.
    gamma: Complex<T>,
    #[param]
    z: Complex<T>,
    zs: Vec<Complex<T>>,
}

fn main() {}

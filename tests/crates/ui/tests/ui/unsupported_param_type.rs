use pmrf::{Complex, Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param]
    r: f64,
    #[param]
    c: Option<T>,
    #[param]
    z: Complex<T>,
    #[param]
    g: Vec<Vec<T>>,
}

fn main() {}

use pmrf::{Complex, Model, Scalar};

// Fields that mention `T` without `#[param]` are sub-models; these types are not.
#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param]
    r: T,
    z: Complex<T>,
}

fn main() {}

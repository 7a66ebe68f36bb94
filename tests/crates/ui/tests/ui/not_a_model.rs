use pmrf::{Model, Scalar};

// Fields that mention `T` without `#[param]` are sub-models; this type is not.
#[derive(Clone)]
struct Curve<T> {
    points: Vec<(T, T)>,
}

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param]
    r: T,
    z: Curve<T>,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param]
    r: T,
}

#[derive(Model, Clone)]
struct Ladder<T: Scalar = f64, S = Rc<T>> {
    #[param]
    first: Rc<T>,
    #[param(name = "rest")]
    stages: Vec<S>,
}

fn main() {}

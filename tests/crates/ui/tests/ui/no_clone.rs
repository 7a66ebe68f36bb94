use pmrf::{Model, Scalar};

// `Model` needs `Clone`: one error, at the struct's name.
#[derive(Model)]
struct Rc<T: Scalar = f64> {
    #[param]
    r: T,
}

fn main() {}

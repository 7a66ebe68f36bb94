use pmrf::{Model, Scalar};

// Struct options: only `crate`, once, naming a path.
#[derive(Model, Clone)]
#[model(crate = pmrf, skip, colour = "red")]
#[model(crate = "not a path")]
struct A<T: Scalar = f64> {
    #[param]
    r: T,
}

#[derive(Model, Clone)]
#[model(crate = 5)]
#[model]
struct B<S, T: Scalar = f64> {
    // Field options: only `skip`, on data that does not change with the scalar.
    #[model(skip)]
    #[param]
    r: T,
    #[model(skip)]
    taps: Vec<T>,
    #[model(skip, skip, crate = pmrf)]
    label: String,
    stages: S,
    #[model(skip)]
    spare: Option<S>,
}

fn main() {}

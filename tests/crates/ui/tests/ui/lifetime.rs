use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Labelled<'a, T: Scalar = f64> {
    #[param]
    r: T,
    label: &'a str,
}

fn main() {}

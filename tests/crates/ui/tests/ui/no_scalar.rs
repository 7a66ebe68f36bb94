use pmrf::Model;

// A type parameter without the `Scalar` bound.
#[derive(Model, Clone)]
struct Rc<T = f64> {
    #[param]
    r: T,
}

// No type parameter at all.
#[derive(Model, Clone)]
struct Fixed {
    r: f64,
}

fn main() {}

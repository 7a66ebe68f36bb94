use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64, U = f64>
where
    U: Scalar,
{
    #[param]
    r: T,
    #[param]
    c: U,
}

fn main() {}

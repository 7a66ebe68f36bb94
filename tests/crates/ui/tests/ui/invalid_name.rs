use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    #[param(name = "")]
    a: T,
    #[param(name = "r.1")]
    b: T,
    #[param(name = "c[0]")]
    c: T,
    #[param(name = "l*")]
    d: T,
    #[param(name = "two words")]
    e: T,
}

fn main() {}

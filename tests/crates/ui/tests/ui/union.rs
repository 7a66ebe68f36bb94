use pmrf::{Model, Scalar};

#[derive(Model, Clone, Copy)]
union Bits<T: Scalar = f64> {
    value: T,
    raw: u64,
}

fn main() {}

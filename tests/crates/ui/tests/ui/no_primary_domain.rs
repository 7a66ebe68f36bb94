// A model without a primary domain is a parameter tree, not a network: it cannot be batched
// as one or evaluated.
use pmrf::prelude::*;

#[derive(Model, Clone, Debug)]
struct Bare<T: Scalar = f64> {
    #[param]
    x: T,
}

fn main() {
    let freq = Frequency::from_hz([1e9]).unwrap();
    let batch = Batch::from_values(&Bare { x: 1.0 }, pmrf::ndarray::Array2::zeros((1, 1))).unwrap();
    let _ = batch.s::<2>(&freq);
    let _ = Cascade::new((Bare { x: 1.0 },));
}

// Nets on the parts, but no external port on the struct.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
struct Thru<T: Scalar = f64> {
    #[circuit(input, output)]
    l: SeriesL<T>,
}

fn main() {}

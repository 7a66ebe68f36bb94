// A 1-port given three nets: it sits between two nets, or on one.
use pmrf::components::{LoadZ, SeriesL};
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Filter<T: Scalar = f64> {
    #[circuit(input, output)]
    l: SeriesL<T>,
    #[circuit(input, output, gnd)]
    load: LoadZ<T>,
}

fn main() {}

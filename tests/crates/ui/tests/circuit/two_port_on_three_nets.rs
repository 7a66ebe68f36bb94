// A 2-port given three nets.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Filter<T: Scalar = f64> {
    #[circuit(input, output, gnd)]
    l: SeriesL<T>,
    #[circuit(input, output)]
    l2: SeriesL<T>,
}

fn main() {}

// A part's nets are given once.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Thru<T: Scalar = f64> {
    #[circuit(input, output)]
    #[circuit(output, input)]
    l: SeriesL<T>,
}

fn main() {}

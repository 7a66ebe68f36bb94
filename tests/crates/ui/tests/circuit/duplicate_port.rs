// External port 1 declared twice.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(1, output))]
struct Thru<T: Scalar = f64> {
    #[circuit(input, output)]
    l: SeriesL<T>,
}

fn main() {}

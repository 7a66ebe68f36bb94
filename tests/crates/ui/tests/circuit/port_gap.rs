// External ports 1 and 3, no port 2.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(3, output))]
struct Thru<T: Scalar = f64> {
    #[circuit(input, output)]
    l: SeriesL<T>,
}

fn main() {}

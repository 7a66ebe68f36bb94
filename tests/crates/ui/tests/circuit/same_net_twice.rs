// Both terminals of a part on one net: it is shorted out.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Thru<T: Scalar = f64> {
    #[circuit(input, output)]
    l: SeriesL<T>,
    #[circuit(output, output)]
    l2: SeriesL<T>,
}

fn main() {}

// Reference impedances of 0 and -50 ohm.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input, z0 = 0.0), port(2, output, z0 = -50.0))]
struct Thru<T: Scalar = f64> {
    #[circuit(input, output)]
    l: SeriesL<T>,
}

fn main() {}

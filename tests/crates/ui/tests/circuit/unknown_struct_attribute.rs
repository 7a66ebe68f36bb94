// `ports` is not a circuit attribute; `port` is.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(ports(1, input))]
struct Thru<T: Scalar = f64> {
    #[circuit(input, gnd)]
    l: SeriesL<T>,
}

fn main() {}

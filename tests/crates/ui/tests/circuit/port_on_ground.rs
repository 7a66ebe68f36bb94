// An external port on the ground net.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, gnd))]
struct Shunt<T: Scalar = f64> {
    #[circuit(input, gnd)]
    l: SeriesL<T>,
    #[circuit(input, gnd)]
    l2: SeriesL<T>,
}

fn main() {}

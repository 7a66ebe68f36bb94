// A `Vec` of parts has run-time length: a static netlist cannot name its parts.
use pmrf::components::SeriesL;
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Ladder<T: Scalar = f64> {
    #[circuit(input, output)]
    l: Vec<SeriesL<T>>,
}

fn main() {}

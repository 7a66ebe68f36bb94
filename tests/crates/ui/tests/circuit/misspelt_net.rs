// `ouptut` is a misspelling of `output`: both nets then have one terminal.
use pmrf::components::{SeriesC, SeriesL};
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Lowpass<T: Scalar = f64> {
    #[circuit(input, ouptut)]
    l: SeriesL<T>,
    #[circuit(input, gnd)]
    c: SeriesC<T>,
}

fn main() {}

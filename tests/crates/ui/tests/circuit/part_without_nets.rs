// In a static circuit every part has nets.
use pmrf::components::{SeriesC, SeriesL};
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Lowpass<T: Scalar = f64> {
    #[circuit(input, output)]
    l: SeriesL<T>,
    c: SeriesC<T>,
}

fn main() {}

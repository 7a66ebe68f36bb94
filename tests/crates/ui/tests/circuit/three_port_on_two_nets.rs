// A 3-port (a tee) given two nets: a part with K ports takes K nets.
use pmrf::components::{SeriesL, Tee};
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Split<T: Scalar = f64> {
    #[circuit(input, output)]
    tee: Tee<T>,
    #[circuit(input, output)]
    l: SeriesL<T>,
}

fn main() {
    let split = Split { tee: Tee::new(), l: SeriesL::new(1e-9) };
    let _ = split.s_at(1e9);
}

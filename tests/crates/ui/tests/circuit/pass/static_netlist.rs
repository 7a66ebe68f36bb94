// A static netlist builds and evaluates; this pass case also makes trybuild build (not only
// check) the cases beside it, where the port-count errors of parts appear.
use pmrf::components::{LoadZ, SeriesC, SeriesL, Tee};
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output, z0 = 75.0))]
struct Stub<T: Scalar = f64> {
    #[circuit(input, a, b)]
    tee: Tee<T>,
    #[circuit(a, output)]
    l: SeriesL<T>,
    #[circuit(b, c)]
    c: SeriesC<T>,
    #[circuit(c, gnd)]
    load: LoadZ<T>,
    #[circuit(input, output)]
    bypass: SeriesL<T>,
}

fn main() {
    let stub = Stub {
        tee: Tee::new(),
        l: SeriesL::new(1e-9),
        c: SeriesC::new(1e-12),
        load: LoadZ::new(50.0, 0.0),
        bypass: SeriesL::new(1e-6),
    };
    let s = stub.s_at(1e9);
    assert!(s[1][0].norm() > 0.0 && s[1][0].norm() <= 1.0);
}

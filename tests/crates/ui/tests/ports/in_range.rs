// Ports in range build and evaluate; this pass case also makes trybuild build (not only check)
// the cases beside it, where the port errors appear.
use pmrf::components::{Connected, Open, SeriesL, SeriesR, Terminated};
use pmrf::prelude::*;

fn main() {
    let closed = Terminated::at::<1>(SeriesR::new(30.0), Open::new());
    assert_eq!(closed.s_at(1e9)[0][0], Complex::new(1.0, 0.0));
    let joined = Connected::at::<1, 0>(SeriesL::new(3e-9), Open::new());
    // An open behind a lossless inductor still reflects everything.
    assert!((joined.s_at(1e9)[0][0].norm() - 1.0).abs() < 1e-15);
}

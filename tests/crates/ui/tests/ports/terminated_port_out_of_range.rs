// A 2-port has ports 0 and 1: closing port 2 is refused when the code compiles.
use pmrf::components::{Open, SeriesR, Terminated};
use pmrf::prelude::*;

fn main() {
    let closed = Terminated::at::<2>(SeriesR::new(30.0), Open::new());
    println!("{:?}", closed.s_at(1e9));
}

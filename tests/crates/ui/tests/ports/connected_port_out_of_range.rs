// A 1-port has port 0 only: joining its port 1 is refused when the code compiles.
use pmrf::components::{Connected, Open, SeriesL};
use pmrf::prelude::*;

fn main() {
    let joined = Connected::at::<1, 1>(SeriesL::new(3e-9), Open::new());
    println!("{:?}", joined.s_at(1e9));
}

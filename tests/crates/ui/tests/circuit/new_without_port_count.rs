// `Circuit::new` without the port count `::<_, N>`.
use pmrf::components::{Circuit, Netlist, SeriesL};
use pmrf::prelude::*;

#[derive(Model, Circuit, Clone, Debug)]
struct Parts<T: Scalar = f64> {
    l: SeriesL<T>,
}

fn main() -> pmrf::Result<()> {
    let mut net = Netlist::new();
    net.port(1, "input").port(2, "output").part("l", ["input", "output"]);
    let thru = Circuit::new(Parts { l: SeriesL::new(1e-9) }, &net)?;
    let _ = thru.s_at(1e9);
    Ok(())
}

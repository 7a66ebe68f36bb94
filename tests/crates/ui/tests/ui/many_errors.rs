use pmrf::{Model, Scalar};

// Every mistake in one struct is reported in one compile.
#[derive(Model, Clone)]
struct Rlc<T: Scalar = f64> {
    #[param(unit = "ohm", min = 0.0)]
    r: T,
    #[param(unit = "H", scale = 0.0)]
    l: T,
    #[param(fixed, prior = normal(1e-12, 1e-13))]
    c: T,
    g: T,
    #[param(name = "r")]
    r2: T,
}

fn main() {
    // The struct still implements `Model` (a stub), so its uses cause no further errors.
    let rlc = Rlc { r: 1.0, l: 1e-9, c: 1e-12, g: 0.0, r2: 2.0 };
    let _ = rlc.param_names();
}

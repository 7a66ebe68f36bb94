//! Depends on pmrf renamed as `my_pmrf` (so `::pmrf` does not resolve here) and re-exports it,
//! as a facade crate would.

pub use my_pmrf;

use my_pmrf::{Model, Scalar};

/// Derived with the renamed crate.
#[derive(Model, Clone, Debug)]
#[model(crate = my_pmrf)]
pub struct Rc<T: Scalar = f64> {
    #[param(unit = "ohm", bounds = (0.0, 1e3), prior = normal(50.0, 5.0))]
    pub r: T,
    #[param(unit = "F", scale = 1e-12)]
    pub c: T,
}

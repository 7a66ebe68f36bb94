use pmrf::fit::{Fit, Objective, Term};
use pmrf::network::domain;
use pmrf::prelude::*;

// A component written for `f64` only cannot be differentiated, so it cannot be fitted: one
// error per dual width `Fit::run` uses, each naming its bound `Differentiable<2>`.
#[derive(Model, Clone, Debug)]
struct Resistor<T: Scalar = f64> {
    #[param]
    r: T,
}

impl Component<2> for Resistor<f64> {
    type Domain = domain::Z;
    fn primary(&self, _f: f64) -> Mat<f64, 2> {
        let z = Complex::new(self.r, 0.0);
        [[z, z], [z, z]]
    }
}

fn main() -> pmrf::Result<()> {
    let freq = Frequency::from_hz([1e9])?;
    let data = Resistor { r: 5.0 }.network(&freq)?;
    let _ = Fit::new(&Resistor { r: 1.0 }, Objective::new().term(Term::new(data)))?.run::<2>()?;
    Ok(())
}

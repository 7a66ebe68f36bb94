// A cascade joins 2-ports; a 1-port (a load) in the chain must not compile.
use pmrf::{components::SeriesL, network::domain};
use pmrf::prelude::*;

#[derive(Model, Clone, Debug)]
struct Load<T: Scalar = f64> {
    #[param(unit = "ohm")]
    r: T,
}

impl<T: Scalar> Component<1> for Load<T> {
    type Domain = domain::Z;
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[Complex::new(self.r, T::zero())]]
    }
}

fn main() {
    let _ = Cascade::new((SeriesL::new(1e-9), Load { r: 50.0 }));
}

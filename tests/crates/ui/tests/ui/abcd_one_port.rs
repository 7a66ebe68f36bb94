// ABCD (chain) parameters describe 2-ports only.
use pmrf::network::domain;
use pmrf::prelude::*;

#[derive(Model, Clone, Debug)]
struct Load<T: Scalar = f64> {
    #[param]
    r: T,
}

impl<T: Scalar> Component<1> for Load<T> {
    type Domain = domain::Abcd;
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[Complex::new(self.r, T::zero())]]
    }
}

fn main() {}

// Bounds and priors that valid-looking numbers make into distributions f64 cannot hold.
use pmrf::prelude::*;

#[derive(Model, Clone, Debug)]
pub struct Wide<T: Scalar = f64> {
    #[param(bounds = (-1e308, 1e308))]
    pub width: T,
    #[param(prior = uniform(-1e308, 1e308))]
    pub uniform: T,
    #[param(prior = log_normal(800.0, 1.0))]
    pub median: T,
    #[param(prior = log_normal(0.0, 100.0))]
    pub spread: T,
    #[param(prior = normal(0.0, 1e308))]
    pub normal: T,
}

fn main() {}

use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
struct Rc<T: Scalar = f64> {
    // No mass within the bounds: 20 standard deviations away.
    #[param(bounds = (0.0, 1e3), prior = normal(-200.0, 10.0))]
    r: T,
    // A log-normal lives on positive values.
    #[param(bounds = (-1.0, 0.0), prior = log_normal(0.0, 1.0))]
    g: T,
    // exp(mu) = 1 pF, bounds from 100 pF: ln(100) / 0.2 = 23 sigmas away.
    #[param(bounds = (1e-10, 1e-8), prior = log_normal(-27.631, 0.2))]
    c: T,
    // Little mass (3e-7) is fine: sampling uses the truncated distribution.
    #[param(bounds = (5.0, 6.0), prior = normal(0.0, 1.0))]
    l: T,
    #[param(bounds = (0.0, f64::INFINITY), prior = log_normal(0.0, 1.0))]
    q: T,
}

fn main() {}

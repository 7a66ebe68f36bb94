//! The bijection from the unconstrained line to a coordinate's bounds, on which NUTS samples
//! and the MAP is found, with its Jacobian (not [`fit::Transform`](crate::fit::Transform), the
//! fitter's public choice of transform).

/// How one coordinate maps from the unconstrained line to its bounds: what the samplers and
/// the MAP use, public so that other front ends (the Python package) build the same density.
///
/// ```
/// use pmrf::infer::Bijection;
///
/// let b = Bijection::of(1.0, 3.0); // a logit between the bounds
/// let (x, dx, _log_j, _dlog_j) = b.forward(0.0);
/// assert_eq!((x, dx), (2.0, 0.5));
/// assert!((b.forward(b.inverse(2.5)).0 - 2.5).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bijection {
    /// `x = lo + (hi - lo) sigmoid(z)`.
    Logit(f64, f64),
    /// `x = lo + exp(z)`.
    Lower(f64),
    /// `x = hi - exp(z)`.
    Upper(f64),
    /// `x = z`.
    Identity,
}

impl Bijection {
    /// The map onto `[lo, hi]`: logit between two finite bounds, log beyond one, identity
    /// when both are infinite.
    pub fn of(lo: f64, hi: f64) -> Self {
        match (lo.is_finite(), hi.is_finite()) {
            (true, true) => Bijection::Logit(lo, hi),
            (true, false) => Bijection::Lower(lo),
            (false, true) => Bijection::Upper(hi),
            (false, false) => Bijection::Identity,
        }
    }

    /// `x(z)`, `dx/dz` and `ln |dx/dz|` with its derivative in `z`.
    pub fn forward(self, z: f64) -> (f64, f64, f64, f64) {
        match self {
            Bijection::Logit(lo, hi) => {
                let s = if z >= 0.0 {
                    1.0 / (1.0 + (-z).exp())
                } else {
                    let e = z.exp();
                    e / (1.0 + e)
                };
                let x = (lo + (hi - lo) * s).clamp(lo, hi);
                let dx = (hi - lo) * s * (1.0 - s);
                // ln(s (1 - s)) = -softplus(-z) - softplus(z), stable for large |z|.
                let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
                let log_j = (hi - lo).ln() - softplus(-z) - softplus(z);
                (x, dx, log_j, 1.0 - 2.0 * s)
            }
            Bijection::Lower(lo) => (lo + z.exp(), z.exp(), z, 1.0),
            Bijection::Upper(hi) => (hi - z.exp(), -z.exp(), z, 1.0),
            Bijection::Identity => (z, 1.0, 0.0, 0.0),
        }
    }

    /// `z(x)`, for starting points.
    pub fn inverse(self, x: f64) -> f64 {
        match self {
            Bijection::Logit(lo, hi) => {
                let s = ((x - lo) / (hi - lo)).clamp(1e-12, 1.0 - 1e-12);
                (s / (1.0 - s)).ln()
            }
            Bijection::Lower(lo) => (x - lo).max(1e-300).ln(),
            Bijection::Upper(hi) => (hi - x).max(1e-300).ln(),
            Bijection::Identity => x,
        }
    }
}

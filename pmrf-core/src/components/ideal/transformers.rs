//! Ideal transformers: [`IdealTransformer`] (2-port) and [`IdealTransformer4`].

use super::re;
use crate::network::{Component, Mat, domain};
use crate::{Model, Scalar};

/// `(1, n^2, n) / (1 + n^2)`, exact for `n` in `[0, inf]`: the entries of an ideal transformer.
#[inline]
fn turns<T: Scalar>(n: T) -> (T, T, T) {
    if n.re() <= 1.0 {
        let d = (n * n + 1.0).recip();
        (d, n * n * d, n * d)
    } else {
        // Divided through by n^2: m = 1/n is 0 at n = inf.
        let m = n.recip();
        let d = (m * m + 1.0).recip();
        (m * m * d, d, m * d)
    }
}

/// An ideal transformer of turns ratio `1 : n` with a common ground, as a 2-port: `V2 = n V1`,
/// `I1 = -n I2` (currents into the ports), lossless and reciprocal.
///
/// `S11 = (1 - n^2) / (1 + n^2)`, `S21 = S12 = 2n / (1 + n^2)`, `S22 = -S11`. Port 1 sees
/// `Z_L / n^2`: a 1:2 transformer loaded by 50 ohm presents 12.5 ohm. This is the
/// [`IdealTransformer4`] with both windings' lower terminals grounded; from the constraint form
/// `S = I - 2 c c^T / (c^T c)` with `c = (n, -1)` (currents along `c`, voltages orthogonal to it).
/// `n = 0` shorts port 2 and opens port 1, `n = inf` the other way round.
///
/// (The formula `S11 = (n^2 - 1)/(n^2 + 1)` sometimes quoted for a "1:n" transformer is this one
/// with the ports exchanged, `V1 = n V2`.)
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::IdealTransformer;
///
/// let s = IdealTransformer::new(2.0).s_at(1e9);
/// assert!((s[0][0].re + 0.6).abs() < 1e-15 && (s[1][0].re - 0.8).abs() < 1e-15);
/// // Port 1 reflects like a 12.5 ohm load: (12.5 - 50) / (12.5 + 50) = -0.6.
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct IdealTransformer<T: Scalar = f64> {
    /// Turns ratio `n` of `1 : n` (secondary to primary voltage).
    #[param(bounds = (0.0, f64::INFINITY))]
    pub n: T,
}

impl<T: Scalar> IdealTransformer<T> {
    /// A `1 : n` transformer.
    pub fn new(n: T) -> Self {
        IdealTransformer { n }
    }
}

impl<T: Scalar> Component<2> for IdealTransformer<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let (a, b, c) = turns(self.n);
        let s11 = re(a - b);
        let s21 = re(c * 2.0);
        [[s11, s21], [s21, -s11]]
    }
}

/// An ideal transformer of turns ratio `1 : n` with floating windings, as a 4-port (ParamRF's
/// `Transformer`): primary between ports 1 (+) and 2 (-), secondary between ports 3 (+) and
/// 4 (-), `V3 - V4 = n (V1 - V2)`, `I1 = -I2 = -n I3 = n I4`.
///
/// `S = I - 2 c c^T / (c^T c)` with `c = (n, -n, -1, 1)`:
/// `S = [[1, n^2, n, -n], [n^2, 1, -n, n], [n, -n, n^2, 1], [-n, n, 1, n^2]] / (1 + n^2)`.
/// Lossless and reciprocal for every `n` in `[0, inf]`. Grounding ports 2 and 4 gives the
/// [`IdealTransformer`].
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct IdealTransformer4<T: Scalar = f64> {
    /// Turns ratio `n` of `1 : n` (secondary to primary voltage).
    #[param(bounds = (0.0, f64::INFINITY))]
    pub n: T,
}

impl<T: Scalar> IdealTransformer4<T> {
    /// A `1 : n` transformer with floating windings.
    pub fn new(n: T) -> Self {
        IdealTransformer4 { n }
    }
}

impl<T: Scalar> Component<4> for IdealTransformer4<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 4> {
        let (a, b, c) = turns(self.n);
        let (a, b, c, m) = (re(a), re(b), re(c), re(-c));
        [[a, b, c, m], [b, a, m, c], [c, m, b, a], [m, c, a, b]]
    }
}

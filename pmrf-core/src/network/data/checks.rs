//! Physical checks of network data: reciprocity, passivity, losslessness.
//!
//! With power waves (Kurokawa), these are properties of S alone, for any (complex, per-port)
//! reference impedances: a reciprocal network has `S = S^T`, a passive one absorbs power,
//! `S^H S <= I` (largest singular value of S at most 1), and a lossless one conserves it,
//! `S^H S = I`. Tolerances are absolute. A network with a NaN entry passes no check: data that do
//! not exist cannot confirm a property (crop the gap away first).

use ndarray::Array1;

use super::Network;
use super::eig::hermitian_max_eigenvalue;
use super::gram::{gram, norm_at_most};

impl Network {
    /// Whether `|S_ij - S_ji| <= tol` for every pair of ports at every point.
    ///
    /// With power waves, a reciprocal network (symmetric Z) has a symmetric S for any
    /// reference impedances, complex ones included. The tolerance is absolute; a NaN entry fails.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesL;
    ///
    /// let freq = Frequency::linspace(1.0, 2.0, 5, FrequencyUnit::GHz)?;
    /// let net = Network::from_s(freq.clone(), SeriesL::new(1e-9).s(&freq))?;
    /// assert!(net.is_reciprocal(1e-12));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn is_reciprocal(&self, tol: f64) -> bool {
        let n = self.nports();
        self.s
            .outer_iter()
            .all(|m| (0..n).all(|i| (0..n).all(|j| (m[[i, j]] - m[[j, i]]).norm() <= tol)))
    }

    /// The largest singular value of S at every point, shape `(nfreq,)`: the square root of the
    /// largest eigenvalue of the Hermitian `S^H S`, by Householder reduction to tridiagonal form
    /// and bisection (`O(n^3)`, about `1.5 n^3` complex multiply-adds per point). At most 1 for
    /// a passive network; NaN where S has a NaN entry.
    pub fn max_singular_value(&self) -> Array1<f64> {
        self.s
            .outer_iter()
            .map(|m| {
                let l = hermitian_max_eigenvalue(&gram(m));
                // Rounding can leave a zero eigenvalue slightly negative; NaN stays NaN.
                if l < 0.0 { 0.0 } else { l.sqrt() }
            })
            .collect()
    }

    /// Whether the network is passive: the largest singular value of S is at most `1 + tol` at
    /// every point (see [`Network::max_singular_value`]), that is `S^H S <= I`: with power waves
    /// the power a network absorbs is `|a|^2 - |b|^2` for any reference impedances. A NaN entry
    /// fails, and so does a NaN `tol` or one below -1.
    ///
    /// Decided without singular values, by one Cholesky factorisation of
    /// `(1 + tol)^2 I - S^H S` per point (`O(n^3)`, about `2/3 n^3` complex multiply-adds): well
    /// under a second per point at 1000 ports. A largest singular value within about
    /// `2 n` ulps of `1 + tol` (rounding) may be judged either way; one exactly at the boundary,
    /// such as a lossless network at `tol = 0`, is passive.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?;
    /// assert!(net.is_passive(1e-12));
    /// assert!(!net.is_lossless(1e-6)); // the resistor dissipates
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn is_passive(&self, tol: f64) -> bool {
        self.s
            .outer_iter()
            .all(|m| norm_at_most(gram(m), 1.0 + tol))
    }

    /// Whether the network is lossless: every entry of `S^H S - I` is at most `tol` in
    /// magnitude at every point (power waves: no power absorbed for any excitation). A NaN
    /// entry fails.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::ShuntC;
    ///
    /// let freq = Frequency::linspace(1.0, 2.0, 5, FrequencyUnit::GHz)?;
    /// let net = Network::from_s(freq.clone(), ShuntC::new(1e-12).s(&freq))?;
    /// assert!(net.is_lossless(1e-12) && net.is_passive(1e-12));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn is_lossless(&self, tol: f64) -> bool {
        let n = self.nports();
        self.s.outer_iter().all(|m| {
            let h = gram(m);
            (0..n).all(|i| {
                (0..n).all(|j| {
                    let id = if i == j { 1.0 } else { 0.0 };
                    (h.get(i, j) - id).norm() <= tol
                })
            })
        })
    }
}

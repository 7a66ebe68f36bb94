//! Single-ended <-> generalised mixed-mode S-parameters (Ferrero and Pirola, "Generalized
//! mixed-mode S-parameters", IEEE Trans. MTT 54(1), 2006), as scikit-rf's `Network.se2gmm` and
//! `Network.gmm2se` compute them with power waves: same port order, same default references,
//! same numbers.
//!
//! Port order: the single-ended ports `2l` and `2l + 1` (0-based) form pair `l` of `p`; in the
//! mixed-mode network port `l` is its differential mode and port `p + l` its common mode, and the
//! ports from `2p` on stay single-ended, in place. For a 4-port with `p = 2`: se ports (0, 1)
//! and (2, 3) become d0, d1, c0, c1 (so a line `0 -> 2`, `1 -> 3` becomes `d0 -> d1`).
//!
//! Each pair's waves map to its mode waves by `X = M_mm T M_se^-1` (the paper's eqs. 5, 12, 14,
//! 15): `M` turns a port's voltage and current into its power waves, `T` the pair's voltages and
//! currents into the modes' (`Vd = V1 - V2`, `Id = (I1 - I2)/2`, `Vc = (V1 + V2)/2`,
//! `Ic = I1 + I2`). Stacked over the ports, `(a_mm; b_mm) = Xi (a_se; b_se)`, whence
//! `S_mm = (Xi21 + Xi22 S)(Xi11 + Xi12 S)^-1` and back
//! `S_se = (Xi22 - S_mm Xi12)^-1 (S_mm Xi11 - Xi21)`.

use ndarray::{Array2, Array3, ArrayView2};
use num_complex::Complex64;

use super::Network;
use crate::network::lu::lu_solve;
use crate::{Error, Result};

impl Network {
    /// The generalised mixed-mode network of `p` differential pairs, at scikit-rf's default
    /// mixed-mode references: differential `2 z_avg`, common `z_avg / 2`, with `z_avg` the mean
    /// of the pair's two single-ended references (per point); single-ended ports keep theirs.
    ///
    /// Ports `2l` and `2l + 1` form pair `l`; the result has the differential modes on ports
    /// `0..p`, the common modes on `p..2p` and the remaining single-ended ports after them, as
    /// scikit-rf orders them. Power waves, as every [`Network`]. scikit-rf: `se2gmm(p)`.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] for an odd port count, `p = 0` or `2p` beyond the ports, or a
    /// point where the transformation is singular (naming the point).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::ndarray::Array3;
    /// use pmrf::num_complex::Complex64;
    ///
    /// // Two ideal uncoupled thru lines 1 -> 3 and 2 -> 4 (0-based 0 -> 2, 1 -> 3).
    /// let freq = Frequency::from_hz([1e9])?;
    /// let mut s = Array3::<Complex64>::zeros((1, 4, 4));
    /// for (i, j) in [(0, 2), (2, 0), (1, 3), (3, 1)] {
    ///     s[[0, i, j]] = Complex64::new(1.0, 0.0);
    /// }
    /// let mm = Network::from_s(freq, s)?.se2gmm(2)?;
    /// // SDD21 and SCC21 are thrus, no mode conversion; references 100 and 25 ohm.
    /// assert!((mm.s()[[0, 1, 0]].re - 1.0).abs() < 1e-15);
    /// assert!((mm.s()[[0, 3, 2]].re - 1.0).abs() < 1e-15);
    /// assert!(mm.s()[[0, 3, 0]].norm() < 1e-15);
    /// assert_eq!((mm.z0()[[0, 0]].re, mm.z0()[[0, 2]].re), (100.0, 25.0));
    /// // And back, exactly enough.
    /// assert!((mm.gmm2se(2)?.s()[[0, 2, 0]].re - 1.0).abs() < 1e-15);
    /// assert!(Network::from_s(Frequency::from_hz([1e9])?, Array3::zeros((1, 3, 3)))?
    ///     .se2gmm(1)
    ///     .is_err()); // odd port count
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn se2gmm(&self, p: usize) -> Result<Network> {
        self.check_pairs(p, "se2gmm")?;
        let mut z0_mm = self.z0.clone();
        for l in 0..p {
            for k in 0..self.len() {
                let avg = (self.z0[[k, 2 * l]] + self.z0[[k, 2 * l + 1]]) * 0.5;
                z0_mm[[k, l]] = avg * 2.0;
                z0_mm[[k, p + l]] = avg * 0.5;
            }
        }
        self.se2gmm_to(p, z0_mm)
    }

    /// [`Network::se2gmm`] at given mixed-mode references `z0_mm`, shape `(nfreq, 2p)`:
    /// column `l` for the differential mode of pair `l`, column `p + l` for its common mode.
    /// scikit-rf: `se2gmm(p, z0_mm)`.
    ///
    /// # Errors
    /// As [`Network::se2gmm`], and [`Error::Shape`] / [`Error::InvalidNetwork`] for `z0_mm` of
    /// the wrong shape or with a reference that is not finite with a positive real part.
    pub fn se2gmm_at(&self, p: usize, z0_mm: ArrayView2<'_, Complex64>) -> Result<Network> {
        self.check_pairs(p, "se2gmm_at")?;
        let z0 = self.with_mode_refs(p, z0_mm, "z0_mm")?;
        self.se2gmm_to(p, z0)
    }

    /// The single-ended network of a generalised mixed-mode network with `p` pairs (the inverse
    /// of [`Network::se2gmm`]), at scikit-rf's default single-ended references: both ports of
    /// pair `l` get `(z_d / 2 + 2 z_c) / 2` from its differential and common references, so
    /// `se2gmm(p)` then `gmm2se(p)` gives back a network whose pairs had equal references.
    /// scikit-rf: `gmm2se(p)`, whose default for `p >= 2` gives pair `l`'s value to ports `l`
    /// and `p + l` instead (the same for equal references on every pair; pass scikit-rf's
    /// choice to [`Network::gmm2se_at`] for its numbers otherwise).
    ///
    /// # Errors
    /// As [`Network::se2gmm`].
    pub fn gmm2se(&self, p: usize) -> Result<Network> {
        self.check_pairs(p, "gmm2se")?;
        let mut z0_se = self.z0.clone();
        for l in 0..p {
            for k in 0..self.len() {
                let avg = (self.z0[[k, l]] * 0.5 + self.z0[[k, p + l]] * 2.0) * 0.5;
                z0_se[[k, 2 * l]] = avg;
                z0_se[[k, 2 * l + 1]] = avg;
            }
        }
        self.gmm2se_to(p, z0_se)
    }

    /// [`Network::gmm2se`] at given single-ended references `z0_se`, shape `(nfreq, 2p)`, for
    /// ports `0..2p`. scikit-rf: `gmm2se(p, z0_se)`.
    ///
    /// # Errors
    /// As [`Network::se2gmm_at`].
    pub fn gmm2se_at(&self, p: usize, z0_se: ArrayView2<'_, Complex64>) -> Result<Network> {
        self.check_pairs(p, "gmm2se_at")?;
        let z0 = self.with_mode_refs(p, z0_se, "z0_se")?;
        self.gmm2se_to(p, z0)
    }

    fn check_pairs(&self, p: usize, what: &str) -> Result<()> {
        let n = self.nports();
        if !n.is_multiple_of(2) {
            return Err(Error::InvalidNetwork(format!(
                "{what}: {} has {n} ports, an odd count; mixed-mode conversion needs an even \
                 number of single-ended ports (pairs 1-2, 3-4, ...)",
                self.label()
            )));
        }
        if p == 0 || 2 * p > n {
            return Err(Error::InvalidNetwork(format!(
                "{what}: {p} differential pairs asked of {}, which has {n} ports; expected 1 \
                 to {} pairs",
                self.label(),
                n / 2
            )));
        }
        Ok(())
    }

    fn label(&self) -> String {
        if self.name.is_empty() {
            "the network".into()
        } else {
            format!("`{}`", self.name)
        }
    }

    /// The network's z0 with its first `2p` columns replaced by `refs`, checked.
    fn with_mode_refs(
        &self,
        p: usize,
        refs: ArrayView2<'_, Complex64>,
        what: &str,
    ) -> Result<Array2<Complex64>> {
        if refs.dim() != (self.len(), 2 * p) {
            return Err(Error::Shape(format!(
                "{what} for {p} pairs over {} points must have shape ({}, {}), got {:?}",
                self.len(),
                self.len(),
                2 * p,
                refs.dim()
            )));
        }
        if let Some(((k, i), z)) = refs
            .indexed_iter()
            .find(|(_, z)| !(z.re.is_finite() && z.im.is_finite() && z.re > 0.0))
        {
            return Err(Error::InvalidNetwork(format!(
                "{what}[{k}, {i}] is {z} ohm; a reference impedance must be finite with a \
                 positive real part"
            )));
        }
        let mut z0 = self.z0.clone();
        z0.slice_mut(ndarray::s![.., ..2 * p]).assign(&refs);
        Ok(z0)
    }

    fn se2gmm_to(&self, p: usize, z0_mm: Array2<Complex64>) -> Result<Network> {
        let n = self.nports();
        let mut out = Array3::zeros((self.len(), n, n));
        let mut aug = vec![Complex64::default(); n * 2 * n];
        for k in 0..self.len() {
            let xi = xi_tilde(n, p, self.z0.row(k), z0_mm.row(k));
            let s = |i: usize, j: usize| self.s[[k, i, j]];
            // S_mm B = A with A = Xi21 + Xi22 S, B = Xi11 + Xi12 S: solve B^T S_mm^T = A^T.
            for r in 0..n {
                for c in 0..n {
                    let (mut a, mut b) = (xi[(n + r) * 2 * n + c], xi[r * 2 * n + c]);
                    for m in 0..n {
                        a += xi[(n + r) * 2 * n + n + m] * s(m, c);
                        b += xi[r * 2 * n + n + m] * s(m, c);
                    }
                    aug[c * 2 * n + r] = b; // B^T
                    aug[c * 2 * n + n + r] = a; // A^T
                }
            }
            self.solve_point(&mut aug, n, k, "se2gmm")?;
            for r in 0..n {
                for c in 0..n {
                    out[[k, r, c]] = aug[c * 2 * n + n + r];
                }
            }
        }
        Network::new(self.frequency.clone(), out, z0_mm).map(|net| net.with_name(&self.name))
    }

    fn gmm2se_to(&self, p: usize, z0_se: Array2<Complex64>) -> Result<Network> {
        let n = self.nports();
        let mut out = Array3::zeros((self.len(), n, n));
        let mut aug = vec![Complex64::default(); n * 2 * n];
        for k in 0..self.len() {
            let xi = xi_tilde(n, p, z0_se.row(k), self.z0.row(k));
            let s = |i: usize, j: usize| self.s[[k, i, j]];
            // (Xi22 - S Xi12) S_se = S Xi11 - Xi21.
            for r in 0..n {
                for c in 0..n {
                    let (mut a, mut b) = (xi[(n + r) * 2 * n + n + c], -xi[(n + r) * 2 * n + c]);
                    for m in 0..n {
                        a -= s(r, m) * xi[m * 2 * n + n + c];
                        b += s(r, m) * xi[m * 2 * n + c];
                    }
                    aug[r * 2 * n + c] = a;
                    aug[r * 2 * n + n + c] = b;
                }
            }
            self.solve_point(&mut aug, n, k, "gmm2se")?;
            for r in 0..n {
                for c in 0..n {
                    out[[k, r, c]] = aug[r * 2 * n + n + c];
                }
            }
        }
        Network::new(self.frequency.clone(), out, z0_se).map(|net| net.with_name(&self.name))
    }

    fn solve_point(&self, aug: &mut [Complex64], n: usize, k: usize, what: &str) -> Result<()> {
        if lu_solve(aug, n, 2 * n, n as f64 * f64::EPSILON) {
            Ok(())
        } else {
            Err(Error::InvalidNetwork(format!(
                "{what}: the wave transformation of {} is singular at point {k} ({} Hz)",
                self.label(),
                self.frequency.hz()[k]
            )))
        }
    }
}

/// The row-major `2n x 2n` map `(a_mm; b_mm) = Xi (a_se; b_se)` at one point (the paper's
/// `P Xi Q^T`, eq. 31), from the single-ended and mixed-mode references of every port.
fn xi_tilde(
    n: usize,
    p: usize,
    z_se: ndarray::ArrayView1<'_, Complex64>,
    z_mm: ndarray::ArrayView1<'_, Complex64>,
) -> Vec<Complex64> {
    let w = 2 * n;
    let mut xi = vec![Complex64::default(); w * w];
    for i in 2 * p..n {
        xi[i * w + i] = Complex64::new(1.0, 0.0);
        xi[(n + i) * w + n + i] = Complex64::new(1.0, 0.0);
    }
    for l in 0..p {
        let x = pair_map(z_se[2 * l], z_se[2 * l + 1], z_mm[l], z_mm[p + l]);
        let from = [2 * l, n + 2 * l, 2 * l + 1, n + 2 * l + 1]; // (a1, b1, a2, b2)
        let to = [l, n + l, p + l, n + p + l]; // (ad, bd, ac, bc)
        for (r, &row) in to.iter().enumerate() {
            for (c, &col) in from.iter().enumerate() {
                xi[row * w + col] = x[r][c];
            }
        }
    }
    xi
}

/// `X = M_mm T M_se^-1`: the waves `(a1, b1, a2, b2)` of a pair to `(ad, bd, ac, bc)`.
fn pair_map(z1: Complex64, z2: Complex64, zd: Complex64, zc: Complex64) -> [[Complex64; 4]; 4] {
    // Power waves: (a, b) = [[1, z], [1, -conj z]] (V, I) / (2 sqrt(Re z)), whose inverse is
    // [[conj z, z], [1, -1]] / sqrt(Re z).
    let m = |z: Complex64| {
        let k = 0.5 / z.re.sqrt();
        [[k.into(), k * z], [k.into(), -k * z.conj()]]
    };
    let m_inv = |z: Complex64| {
        let k = 1.0 / z.re.sqrt();
        [[k * z.conj(), k * z], [k.into(), (-k).into()]]
    };
    let (md, mc, m1, m2) = (m(zd), m(zc), m_inv(z1), m_inv(z2));
    // (Vd, Id, Vc, Ic) from (V1, I1, V2, I2).
    let t = [
        [1.0, 0.0, -1.0, 0.0],
        [0.0, 0.5, 0.0, -0.5],
        [0.5, 0.0, 0.5, 0.0],
        [0.0, 1.0, 0.0, 1.0],
    ];
    let zero = Complex64::default();
    let mut left = [[zero; 4]; 4]; // M_mm T
    for r in 0..4 {
        let (mb, off) = if r < 2 { (&md, 0) } else { (&mc, 2) };
        for c in 0..4 {
            left[r][c] = mb[r - off][0] * t[off][c] + mb[r - off][1] * t[off + 1][c];
        }
    }
    let mut x = [[zero; 4]; 4];
    for r in 0..4 {
        for c in 0..4 {
            let (mb, off) = if c < 2 { (&m1, 0) } else { (&m2, 2) };
            x[r][c] = left[r][off] * mb[0][c - off] + left[r][off + 1] * mb[1][c - off];
        }
    }
    x
}

//! Renormalisation of network data to new (complex, per-port) reference impedances.

use ndarray::{Array2, Array3, ArrayView1, ArrayView2};
use num_complex::Complex64;

use super::super::Network;
use super::label;
use crate::network::WaveDef;
use crate::network::lu::lu_solve;
use crate::{Error, Result};

/// The coefficients `(g, h, k)` of a wave definition at reference `z`: `a = k (V + g I)`,
/// `b = k (V - h I)` (see [`reference`](crate::network::reference)).
fn coefficients(z: Complex64, waves: WaveDef) -> (Complex64, Complex64, f64) {
    match waves {
        WaveDef::Power => (z, z.conj(), 1.0 / z.re.sqrt()),
        WaveDef::Pseudo => (z, z, z.re.sqrt() / z.norm()),
    }
}

/// S at references `z1` renormalised to `z2` at one point, both under `waves`; `None` where the
/// new incident waves are dependent. The formula of
/// [`reference::renormalize_s`](crate::network::reference::renormalize_s), on heap matrices:
/// `S2 = M [(H1 - H2) + (G1 + H2) S1] [(H1 + G2) + (G1 - G2) S1]^-1 M^-1`,
/// `M = K2 K1^-1 (G1 + H1)^-1`.
pub(super) fn renormalize_point(
    s: ArrayView2<Complex64>,
    z1: ArrayView1<Complex64>,
    z2: ArrayView1<Complex64>,
    waves: WaveDef,
) -> Option<Array2<Complex64>> {
    let n = s.nrows();
    let width = 2 * n;
    let p1: Vec<_> = z1.iter().map(|&z| coefficients(z, waves)).collect();
    let p2: Vec<_> = z2.iter().map(|&z| coefficients(z, waves)).collect();
    // Row-major [den^T | num^T]: solving gives X = den^-T num^T = (num den^-1)^T.
    let mut a = vec![Complex64::new(0.0, 0.0); n * width];
    for r in 0..n {
        let ((g1, h1, _), (g2, h2, _)) = (p1[r], p2[r]);
        for c in 0..n {
            let sv = s[[r, c]];
            let (mut den, mut num) = ((g1 - g2) * sv, (g1 + h2) * sv);
            if r == c {
                den += h1 + g2;
                num += h1 - h2;
            }
            a[c * width + r] = den;
            a[c * width + n + r] = num;
        }
    }
    if !lu_solve(&mut a, n, width, f64::EPSILON) {
        return None;
    }
    let m: Vec<Complex64> = (0..n)
        .map(|i| (p2[i].2 / p1[i].2) / (p1[i].0 + p1[i].1))
        .collect();
    Some(Array2::from_shape_fn((n, n), |(r, c)| {
        a[c * width + n + r] * m[r] / m[c]
    }))
}

impl Network {
    /// The same network at new reference impedances `z0` (ohm, shape `(nfreq, nports)`, complex
    /// with `Re > 0`), S read and written under the wave definition `waves` (scikit-rf
    /// `renormalize(z_new, s_def)`). Exact for opens, shorts and thrus (no Z or Y on the way);
    /// see [`reference`](crate::network::reference) for the formulas and their conditioning.
    ///
    /// # Errors
    /// [`Error::Shape`] if `z0` is not `(nfreq, nports)`; [`Error::InvalidNetwork`] naming the
    /// port and point of a reference that is not finite or has `Re(z0) <= 0`, or of a point
    /// where the new reference makes the incident waves dependent (a port loaded by `-z0`).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    /// use pmrf::ndarray::Array2;
    /// use pmrf::num_complex::Complex64;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(50.0).s(&freq))?;
    /// // A series 50 ohm between 25 ohm ports: S11 = R / (R + 2 * 25) = 1/2.
    /// let z0 = Array2::from_elem((1, 2), Complex64::new(25.0, 0.0));
    /// let at25 = net.renormalized(&z0, WaveDef::Power)?;
    /// assert!((at25.s()[[0, 0, 0]].re - 0.5).abs() < 1e-15);
    /// assert_eq!(at25.z0()[[0, 1]].re, 25.0);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn renormalized(&self, z0: &Array2<Complex64>, waves: WaveDef) -> Result<Network> {
        let (nfreq, n) = (self.len(), self.nports());
        if z0.dim() != (nfreq, n) {
            return Err(Error::Shape(format!(
                "cannot renormalise {}: new reference impedances must have shape ({nfreq}, {n}), \
                 got {:?}",
                label(self),
                z0.dim()
            )));
        }
        if let Some(((k, p), z)) = z0
            .indexed_iter()
            .find(|(_, z)| !(z.re.is_finite() && z.im.is_finite() && z.re > 0.0))
        {
            return Err(Error::InvalidNetwork(format!(
                "cannot renormalise {} to {z} ohm at port {p}, point {k} ({} Hz): a reference \
                 impedance must be finite with a positive real part",
                label(self),
                self.frequency.hz()[k]
            )));
        }
        let mut s = Array3::zeros((nfreq, n, n));
        for k in 0..nfreq {
            let sk = renormalize_point(
                self.s.slice(ndarray::s![k, .., ..]),
                self.z0.row(k),
                z0.row(k),
                waves,
            )
            .ok_or_else(|| {
                Error::InvalidNetwork(format!(
                    "cannot renormalise {} at point {k} ({} Hz): at the new references its \
                         incident waves are dependent (a port loaded by minus its reference)",
                    label(self),
                    self.frequency.hz()[k]
                ))
            })?;
            s.slice_mut(ndarray::s![k, .., ..]).assign(&sk);
        }
        Ok(Network::new(self.frequency.clone(), s, z0.clone())?.with_name(self.name.clone()))
    }

    /// The same network with every port at the reference impedance `z0` (ohm) at every point:
    /// [`Network::renormalized`] with a uniform `z0`.
    ///
    /// # Errors
    /// As [`Network::renormalized`].
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(50.0).s(&freq))?;
    /// let back = net.renormalized_uniform(75.0, WaveDef::Power)?.renormalized_uniform(50.0, WaveDef::Power)?;
    /// assert!((back.s()[[0, 1, 0]] - net.s()[[0, 1, 0]]).norm() < 1e-15);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn renormalized_uniform(
        &self,
        z0: impl Into<Complex64>,
        waves: WaveDef,
    ) -> Result<Network> {
        let z0 = super::super::uniform_z0(self.len(), self.nports(), z0.into());
        self.renormalized(&z0, waves)
    }
}

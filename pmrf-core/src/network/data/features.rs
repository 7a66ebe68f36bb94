//! Features of network data: magnitude, dB, phase (wrapped and unwrapped), VSWR, group delay.
//!
//! The whole-matrix features return `(nfreq, nports, nports)` arrays indexed like
//! [`Network::s`]; take one trace with `ndarray::s![.., to, from]`. NaN entries stay NaN.

use std::f64::consts::{PI, TAU};

use ndarray::{Array1, Array3, ArrayViewMut1, Axis};

use super::Network;
use crate::{Error, Result, Scalar};

impl Network {
    /// `|S|`, shape `(nfreq, nports, nports)`.
    pub fn s_mag(&self) -> Array3<f64> {
        self.s.mapv(|v| v.norm())
    }

    /// `20 log10 |S|` in dB, shape `(nfreq, nports, nports)`; `-inf` where `S = 0`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// // A 50 ohm series resistor between 50 ohm ports: S21 = 2/3, S11 = 1/3.
    /// let net = Network::from_s(freq.clone(), SeriesR::new(50.0).s(&freq))?;
    /// let db = net.s_db();
    /// assert!((db[[0, 1, 0]] - 20.0 * (2.0f64 / 3.0).log10()).abs() < 1e-12); // -3.52 dB
    /// assert!((db[[0, 0, 0]] + 9.542425094393248).abs() < 1e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn s_db(&self) -> Array3<f64> {
        self.s.mapv(|v| 20.0 * v.norm().log10())
    }

    /// The phase `arg S` in radians, in `(-pi, pi]`, shape `(nfreq, nports, nports)`.
    pub fn s_rad(&self) -> Array3<f64> {
        self.s.mapv(|v| v.arg())
    }

    /// The phase `arg S` in degrees, in `(-180, 180]`, shape `(nfreq, nports, nports)`.
    pub fn s_deg(&self) -> Array3<f64> {
        self.s.mapv(|v| v.arg().to_degrees())
    }

    /// The phase in radians, unwrapped along frequency, shape `(nfreq, nports, nports)`.
    ///
    /// As `numpy.unwrap`: starting from the wrapped phase at the first point, wherever the phase
    /// jumps by more than `pi` from one point to the next, multiples of `2 pi` are added so the
    /// jump becomes the equivalent step in `[-pi, pi]`. The result is only the true phase if the
    /// grid is fine enough that it changes by less than `pi` between neighbouring points. A NaN
    /// point stays NaN and is skipped: the next finite point is unwrapped against the last
    /// finite one.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::num_complex::Complex64;
    /// use pmrf::ndarray::Array3;
    ///
    /// // A pure delay of 1 ns: S21 = exp(-j w tau), phase -2 pi f tau, down to -4 pi at 2 GHz.
    /// let freq = Frequency::linspace(0.0, 2.0, 41, FrequencyUnit::GHz)?;
    /// let s = Array3::from_shape_fn((41, 1, 1), |(k, _, _)| {
    ///     Complex64::from_polar(1.0, -std::f64::consts::TAU * freq.hz()[k] * 1e-9)
    /// });
    /// let net = Network::from_s(freq, s)?;
    /// assert!((net.s_rad_unwrap()[[40, 0, 0]] + 4.0 * std::f64::consts::PI).abs() < 1e-12);
    /// assert!(net.s_rad()[[40, 0, 0]].abs() < 1e-12); // wrapped
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn s_rad_unwrap(&self) -> Array3<f64> {
        let mut p = self.s_rad();
        for lane in p.lanes_mut(Axis(0)) {
            unwrap_phase(lane);
        }
        p
    }

    /// The phase in degrees, unwrapped along frequency (see [`Network::s_rad_unwrap`]).
    pub fn s_deg_unwrap(&self) -> Array3<f64> {
        self.s_rad_unwrap().mapv(f64::to_degrees)
    }

    /// The voltage standing wave ratio `(1 + |S_pp|) / (1 - |S_pp|)` at port `port` (0-based),
    /// shape `(nfreq,)`.
    ///
    /// `1` for a matched port, `+inf` for total reflection (`|S_pp| = 1`). Where `|S_pp| > 1`
    /// (an active port) a VSWR does not exist and the value is NaN.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if `port` is out of range.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// // A 100 ohm series resistor into a matched 50 ohm port 2 presents 150 ohm at port 1:
    /// // Gamma = (150 - 50)/(150 + 50) = 1/2, VSWR = 3 = 150/50.
    /// let net = Network::from_s(freq.clone(), SeriesR::new(100.0).s(&freq))?;
    /// assert!((net.vswr(0)?[0] - 3.0).abs() < 1e-12);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn vswr(&self, port: usize) -> Result<Array1<f64>> {
        Ok(self.trace(port, port)?.mapv(|v| {
            let g = v.norm();
            if g == 1.0 {
                f64::INFINITY
            } else if g > 1.0 {
                f64::NAN
            } else {
                (1.0 + g) / (1.0 - g)
            }
        }))
    }

    /// Group delay `-d phi / d omega` in seconds of the path from port `from` to port `to`
    /// (0-based), from the data, shape `(nfreq,)`.
    ///
    /// `phi` is the unwrapped phase ([`Network::s_rad_unwrap`]) and `omega = 2 pi f`. The
    /// derivative is taken by finite differences along the grid exactly as `numpy.gradient`
    /// with its defaults: second-order central differences at interior points (the
    /// non-uniform-grid formula, exact for a phase linear or quadratic in frequency), first-order
    /// one-sided differences at the two end points. A pure delay `exp(-j omega tau)` gives `tau`
    /// at every point, to rounding. For the exact group delay of a model, use
    /// [`crate::diff::group_delay`].
    ///
    /// Finite differences need the phase to change by less than `pi` between points (see the
    /// unwrapping); NaN points give NaN delays at and next to them.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if a port is out of range; [`Error::InvalidFrequency`] for a
    /// network of a single point (no derivative along frequency).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::num_complex::Complex64;
    /// use pmrf::ndarray::Array3;
    ///
    /// let tau = 250e-12;
    /// let freq = Frequency::linspace(1.0, 10.0, 91, FrequencyUnit::GHz)?;
    /// let s = Array3::from_shape_fn((91, 2, 2), |(k, i, j)| {
    ///     let t = Complex64::from_polar(1.0, -std::f64::consts::TAU * freq.hz()[k] * tau);
    ///     if i == j { Complex64::new(0.0, 0.0) } else { t }
    /// });
    /// let line = Network::from_s(freq, s)?;
    /// assert!(line.group_delay(1, 0)?.iter().all(|d| (d / tau - 1.0).abs() < 1e-9));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn group_delay(&self, to: usize, from: usize) -> Result<Array1<f64>> {
        let trace = self.trace(to, from)?;
        if self.len() < 2 {
            return Err(Error::InvalidFrequency(format!(
                "group delay from data needs at least 2 frequency points, the network has {}",
                self.len()
            )));
        }
        let mut phase: Vec<f64> = trace.iter().map(|v| v.arg()).collect();
        unwrap_phase(ArrayViewMut1::from(&mut phase[..]));
        let omega: Vec<f64> = self.frequency.hz().iter().map(|f| TAU * f).collect();
        let d = gradient(&phase, &omega);
        Ok(Array1::from_iter(d.into_iter().map(|x| -x)))
    }
}

/// Unwraps a phase in radians in place, as `numpy.unwrap` with `period = 2 pi`, skipping NaN.
pub(super) fn unwrap_phase(mut p: ArrayViewMut1<'_, f64>) {
    let raw: Vec<f64> = p.iter().copied().collect();
    for (x, offset) in p.iter_mut().zip(unwrap_offsets(&raw)) {
        *x += offset;
    }
}

/// What unwrapping adds to each wrapped phase `raw` (radians), as `numpy.unwrap` with
/// `period = 2 pi`; NaN points are skipped (the next finite point is unwrapped against the last
/// finite one). Adding these to a phase that carries derivatives keeps them.
pub(crate) fn unwrap_offsets(raw: &[f64]) -> Vec<f64> {
    let mut last: Option<f64> = None; // the last finite raw (wrapped) phase
    let mut correction = 0.0;
    let mut out = Vec::with_capacity(raw.len());
    for &x in raw {
        if !x.is_nan() {
            if let Some(prev) = last {
                let dd = x - prev;
                // The equivalent step in [-pi, pi); a step of exactly +pi stays +pi (numpy).
                let mut ddmod = (dd + PI).rem_euclid(TAU) - PI;
                if ddmod == -PI && dd > 0.0 {
                    ddmod = PI;
                }
                if dd.abs() >= PI {
                    correction += ddmod - dd;
                }
            }
            last = Some(x);
        }
        out.push(correction);
    }
    out
}

/// `dy/dx` at every point as `numpy.gradient(y, x)` (edge order 1); needs `x.len() >= 2`.
pub(crate) fn gradient<T: Scalar>(y: &[T], x: &[f64]) -> Vec<T> {
    let n = y.len();
    debug_assert!(n >= 2 && x.len() == n);
    let mut d = vec![T::zero(); n];
    d[0] = (y[1] - y[0]) / (x[1] - x[0]);
    d[n - 1] = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]);
    for i in 1..n - 1 {
        let (hl, hr) = (x[i] - x[i - 1], x[i + 1] - x[i]);
        d[i] = (y[i + 1] * (hl * hl) - y[i - 1] * (hr * hr) + y[i] * (hr * hr - hl * hl))
            / (hl * hr * (hl + hr));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array1;

    fn unwrapped(v: &[f64]) -> Vec<f64> {
        let mut a = Array1::from(v.to_vec());
        unwrap_phase(a.view_mut());
        a.to_vec()
    }

    #[test]
    fn unwrap_matches_numpy() {
        // numpy.unwrap([0, 3, -3, 0.5, -2.9, 3.1]) = [0, 3, 2pi - 3, 0.5, 2pi - 2.9, 3.1].
        let got = unwrapped(&[0.0, 3.0, -3.0, 0.5, -2.9, 3.1]);
        let want = [0.0, 3.0, TAU - 3.0, 0.5, TAU - 2.9, 3.1];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-14, "{got:?}");
        }
        // A step of exactly pi is kept; -pi too.
        assert_eq!(unwrapped(&[0.0, PI]), [0.0, PI]);
        assert_eq!(unwrapped(&[0.0, -PI]), [0.0, -PI]);
    }

    #[test]
    fn unwrap_skips_nan() {
        let got = unwrapped(&[3.0, f64::NAN, -3.0]);
        assert!(got[1].is_nan());
        assert!((got[2] - (TAU - 3.0)).abs() < 1e-15);
        let got = unwrapped(&[f64::NAN, 1.0, 2.0]);
        assert!(got[0].is_nan() && got[1] == 1.0 && got[2] == 2.0);
    }

    #[test]
    fn gradient_matches_numpy() {
        // numpy.gradient([1, 4, 9, 25], [1, 2, 3, 5]) = [3, 4, 6, 8]: exact for x^2 inside.
        let got = gradient(&[1.0, 4.0, 9.0, 25.0], &[1.0, 2.0, 3.0, 5.0]);
        assert_eq!(got, [3.0, 4.0, 6.0, 8.0]);
        assert_eq!(gradient(&[1.0, 3.0], &[0.0, 0.5]), [4.0, 4.0]);
    }
}

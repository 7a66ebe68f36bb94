//! Cropping network data to a band and interpolating it onto another frequency grid.

use ndarray::{Array2, Array3, Axis};
use num_complex::Complex64;

use super::Network;
use super::features::unwrap_phase;
use crate::{Error, Frequency, Result};

/// How [`Network::interpolate`] interpolates S between the data's frequency points.
///
/// Every method gives the data unchanged at the data's own points. The reference impedances
/// are always interpolated linearly in real and imaginary part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Interpolation {
    /// Real and imaginary parts linearly. Simple, but cuts the chord between two points on a
    /// rotating phasor, so `|S|` dips between points where the phase turns quickly.
    #[default]
    Linear,
    /// `|S|` linearly and the phase unwrapped along frequency (see
    /// [`Network::s_rad_unwrap`]) linearly. Exact for a pure delay `exp(-j omega tau)` (constant
    /// magnitude, phase linear in frequency) and the better choice for electrically long lines,
    /// provided the phase changes by less than `pi` between data points.
    MagnitudePhase,
    /// Real and imaginary parts each by a natural cubic spline through all points (zero second
    /// derivative at the two ends): smooth first derivative, so group delay through it is
    /// continuous; needs no phase unwrapping. Accurate to `O(h^4)` inside the band.
    Cubic,
}

/// The second derivatives `m` of the natural cubic spline through `(x[i], y[i])` (`x`
/// ascending): the tridiagonal system of the spline, solved by the Thomas algorithm.
pub(crate) fn spline_moments(x: &[f64], y: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut m = vec![0.0; n];
    if n < 3 {
        return m;
    }
    // Interior rows: h0 m[i-1] + 2 (h0 + h1) m[i] + h1 m[i+1] = 6 (dy1/h1 - dy0/h0).
    let (mut diag, mut rhs) = (vec![0.0; n], vec![0.0; n]);
    for i in 1..n - 1 {
        let (h0, h1) = (x[i] - x[i - 1], x[i + 1] - x[i]);
        diag[i] = 2.0 * (h0 + h1);
        rhs[i] = 6.0 * ((y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0);
        if i > 1 {
            let w = h0 / diag[i - 1];
            diag[i] -= w * h0;
            rhs[i] -= w * rhs[i - 1];
        }
    }
    for i in (1..n - 1).rev() {
        let h1 = x[i + 1] - x[i];
        m[i] = (rhs[i] - h1 * m[i + 1]) / diag[i];
    }
    m
}

/// The cubic spline between `(0, a)` and `(h, b)` with second derivatives `ma`, `mb`, at the
/// fraction `t` of the way: exactly `a` at `t = 0` and `b` at `t = 1`.
#[inline]
pub(crate) fn spline<T: crate::Scalar>(a: f64, b: f64, ma: f64, mb: f64, h: f64, t: T) -> T {
    let one = T::one();
    let u = one - t;
    u * a + t * b + ((u * u * u - u) * ma + (t * t * t - t) * mb) * (h * h / 6.0)
}

/// Where `f` falls in the ascending grid `hz`, which covers it: the point below and the
/// fraction `t` of the way to the next (`t = 0` exactly at a data point).
fn locate(hz: &[f64], f: f64) -> (usize, f64) {
    let i = hz.partition_point(|&x| x < f); // first point >= f
    if i < hz.len() && hz[i] == f {
        (i, 0.0)
    } else {
        // hz[0] <= f <= hz[last] and f is no data point, so 1 <= i < hz.len().
        (i - 1, (f - hz[i - 1]) / (hz[i] - hz[i - 1]))
    }
}

fn lerp(a: f64, b: f64, t: f64) -> f64 {
    if t == 0.0 { a } else { a + (b - a) * t }
}

fn clerp(a: Complex64, b: Complex64, t: f64) -> Complex64 {
    Complex64::new(lerp(a.re, b.re, t), lerp(a.im, b.im, t))
}

impl Network {
    /// The points with `f_start <= f <= f_stop` (Hz, both inclusive), with their S and z0.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`] if a bound is NaN, `f_start > f_stop`, or no point lies in
    /// the band (the message names the data's range).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::linspace(1.0, 10.0, 10, FrequencyUnit::GHz)?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?;
    /// let band = net.crop(2e9, 4.5e9)?;
    /// assert_eq!(band.frequency().hz(), &[2e9, 3e9, 4e9]);
    /// assert!(net.crop(20e9, 30e9).is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn crop(&self, f_start: f64, f_stop: f64) -> Result<Network> {
        if f_start.is_nan() || f_stop.is_nan() || f_start > f_stop {
            return Err(Error::InvalidFrequency(format!(
                "cannot crop to [{f_start}, {f_stop}] Hz: need f_start <= f_stop, no NaN"
            )));
        }
        let hz = self.frequency.hz();
        let (lo, hi) = (
            hz.partition_point(|&x| x < f_start),
            hz.partition_point(|&x| x <= f_stop),
        );
        if lo >= hi {
            return Err(Error::InvalidFrequency(format!(
                "no point of the network lies in [{f_start}, {f_stop}] Hz; the data span \
                 {} to {} Hz ({})",
                self.frequency.start(),
                self.frequency.stop(),
                self.frequency
            )));
        }
        let frequency = Frequency::from_hz(&hz[lo..hi])?.with_unit(self.frequency.unit());
        let s = self.s.slice(ndarray::s![lo..hi, .., ..]).to_owned();
        let z0 = self.z0.slice(ndarray::s![lo..hi, ..]).to_owned();
        Ok(Network::new(frequency, s, z0)?.with_name(self.name.clone()))
    }

    /// The network interpolated onto `frequency`, which must lie within the data's range (no
    /// extrapolation). S follows `method`; z0 is interpolated linearly. The name is kept.
    ///
    /// Linear interpolation of a smooth response is accurate to about `h^2/8 max|S''|` for a
    /// data spacing `h`; see [`Interpolation`] for when to prefer magnitude and phase.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`] if `frequency` reaches below or above the data's range (the
    /// message names both ranges).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let coarse = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz)?;
    /// let fine = Frequency::linspace(1.0, 2.0, 101, FrequencyUnit::GHz)?;
    /// let net = Network::from_s(coarse.clone(), SeriesR::new(10.0).s(&coarse))?;
    /// let dense = net.interpolate(&fine, Interpolation::Linear)?;
    /// assert_eq!(dense.len(), 101);
    /// assert!((dense.s()[[50, 1, 0]].re - 100.0 / 110.0).abs() < 1e-15);
    ///
    /// let wider = Frequency::linspace(0.5, 2.0, 11, FrequencyUnit::GHz)?;
    /// assert!(net.interpolate(&wider, Interpolation::Linear).is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn interpolate(&self, frequency: &Frequency, method: Interpolation) -> Result<Network> {
        let data = &self.frequency;
        if frequency.start() < data.start() || frequency.stop() > data.stop() {
            return Err(Error::InvalidFrequency(format!(
                "cannot interpolate onto {} to {} Hz ({frequency}): it reaches outside the \
                 data's range {} to {} Hz ({data}); pmrf does not extrapolate, crop the target \
                 grid to the data's range",
                frequency.start(),
                frequency.stop(),
                data.start(),
                data.stop()
            )));
        }
        let hz = data.hz();
        let n = self.nports();
        let at: Vec<(usize, f64)> = frequency.hz().iter().map(|&f| locate(hz, f)).collect();
        let next = |i: usize, t: f64| if t == 0.0 { i } else { i + 1 };
        let s = match method {
            Interpolation::Linear => Array3::from_shape_fn((at.len(), n, n), |(k, r, c)| {
                let (i, t) = at[k];
                clerp(self.s[[i, r, c]], self.s[[next(i, t), r, c]], t)
            }),
            Interpolation::MagnitudePhase => {
                let mag = self.s_mag();
                let mut phase = self.s_rad();
                for lane in phase.lanes_mut(Axis(0)) {
                    unwrap_phase(lane);
                }
                Array3::from_shape_fn((at.len(), n, n), |(k, r, c)| {
                    let (i, t) = at[k];
                    if t == 0.0 {
                        return self.s[[i, r, c]];
                    }
                    let j = i + 1;
                    let m = lerp(mag[[i, r, c]], mag[[j, r, c]], t);
                    let p = lerp(phase[[i, r, c]], phase[[j, r, c]], t);
                    Complex64::from_polar(m, p)
                })
            }
            Interpolation::Cubic => {
                let mut s = Array3::zeros((at.len(), n, n));
                let mut lane = vec![0.0; hz.len()];
                for r in 0..n {
                    for c in 0..n {
                        let mut parts = [Vec::new(), Vec::new()];
                        for (part, moments) in parts.iter_mut().enumerate() {
                            for (k, v) in lane.iter_mut().enumerate() {
                                let z = self.s[[k, r, c]];
                                *v = if part == 0 { z.re } else { z.im };
                            }
                            *moments = spline_moments(hz, &lane);
                        }
                        for (k, &(i, t)) in at.iter().enumerate() {
                            let (a, j) = (self.s[[i, r, c]], next(i, t));
                            let (b, h) = (self.s[[j, r, c]], hz[j] - hz[i]);
                            let [mre, mim] = &parts;
                            s[[k, r, c]] = if t == 0.0 {
                                a
                            } else {
                                Complex64::new(
                                    spline(a.re, b.re, mre[i], mre[j], h, t),
                                    spline(a.im, b.im, mim[i], mim[j], h, t),
                                )
                            };
                        }
                    }
                }
                s
            }
        };
        let z0 = Array2::from_shape_fn((at.len(), n), |(k, p)| {
            let (i, t) = at[k];
            clerp(self.z0[[i, p]], self.z0[[next(i, t), p]], t)
        });
        Ok(Network::new(frequency.clone(), s, z0)?.with_name(self.name.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_points_and_intervals() {
        let hz = [1.0, 2.0, 4.0];
        assert_eq!(locate(&hz, 1.0), (0, 0.0));
        assert_eq!(locate(&hz, 4.0), (2, 0.0));
        assert_eq!(locate(&hz, 3.0), (1, 0.5));
        assert_eq!(locate(&hz, 1.5), (0, 0.5));
        assert_eq!(locate(&[5.0], 5.0), (0, 0.0));
    }

    #[test]
    fn natural_spline_by_hand() {
        // Through (0, 0), (1, 1), (2, 0): m1 = 6 (-1 - 1) / 4 = -3, ends 0.
        let m = spline_moments(&[0.0, 1.0, 2.0], &[0.0, 1.0, 0.0]);
        assert_eq!(m, [0.0, -3.0, 0.0]);
        // At x = 0.5: 0.5 * 1 + (0.125 - 0.5) * (-3) / 6 = 0.6875.
        assert!((spline(0.0, 1.0, 0.0, -3.0, 1.0, 0.5) - 0.6875).abs() < 1e-15);
        assert_eq!(spline(0.3, 1.0, 0.0, -3.0, 1.0, 0.0), 0.3);
        assert_eq!(spline(0.3, 1.0, 0.0, -3.0, 1.0, 1.0), 1.0);
    }
}

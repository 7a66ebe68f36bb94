//! [`TabulatedDielectric`]: measured permittivity and loss tangent, interpolated.

use std::marker::PhantomData;

use num_complex::Complex;

use super::Dielectric;
use crate::{Error, Model, Result, Scalar};

/// A dielectric given by a table of measured `eps_r` and `tan delta` at frequencies `f_k` (Hz),
/// linearly interpolated in frequency (each of `eps_r` and `tand`), and held at the first
/// (last) entry below (above) the table: `eps(f) = eps_r(f) (1 - j tand(f))`.
///
/// The table is static data (no parameters): fit a parametric model ([`Debye`](super::Debye),
/// [`DjordjevicSarkar`](super::DjordjevicSarkar)) to vary it. The interpolation is continuous,
/// with derivatives in `f` inside the table (a group delay sees its slope). Measured tables
/// are rarely causal; interpolate densely sampled data.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::materials::{Dielectric, TabulatedDielectric};
///
/// // A datasheet: eps_r and tand at 1, 5 and 10 GHz.
/// let ro4350b = TabulatedDielectric::<f64>::new(&[1e9, 5e9, 10e9], &[3.70, 3.67, 3.66], &[0.0031, 0.0035, 0.0037])?;
/// let eps = ro4350b.permittivity(3e9); // halfway between 1 and 5 GHz
/// assert!((eps.re - 3.685).abs() < 1e-12 && (-eps.im / eps.re - 0.0033).abs() < 1e-12);
/// assert_eq!(ro4350b.permittivity(20e9), Complex::new(3.66, -3.66 * 0.0037));
/// assert!(TabulatedDielectric::<f64>::new(&[1e9, 1e9], &[3.7, 3.7], &[0.0, 0.0]).is_err());
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Model, Clone, Debug, PartialEq)]
pub struct TabulatedDielectric<T: Scalar = f64> {
    freq: Vec<f64>,
    eps_r: Vec<f64>,
    tand: Vec<f64>,
    _t: PhantomData<T>,
}

impl<T: Scalar> TabulatedDielectric<T> {
    /// A dielectric of permittivity `eps_r[k]` and loss tangent `tand[k]` at `freq[k]` (Hz).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the entry if the table is empty, the three lengths
    /// differ, a frequency is not finite and `>= 0` or not above the previous one, an `eps_r`
    /// is not finite and `>= 1`, or a `tand` not finite and `>= 0`.
    pub fn new(freq: &[f64], eps_r: &[f64], tand: &[f64]) -> Result<Self> {
        if freq.is_empty() {
            return Err(Error::invalid("freq.len()", 0.0, "at least 1 entry"));
        }
        for (name, len) in [("eps_r.len()", eps_r.len()), ("tand.len()", tand.len())] {
            if len != freq.len() {
                return Err(Error::invalid(
                    name,
                    len as f64,
                    format!("{} (one per frequency)", freq.len()),
                ));
            }
        }
        for k in 0..freq.len() {
            let (f, e, t) = (freq[k], eps_r[k], tand[k]);
            let prev = if k > 0 {
                freq[k - 1]
            } else {
                f64::NEG_INFINITY
            };
            if !(f >= 0.0 && f.is_finite() && f > prev) {
                return Err(Error::invalid(
                    &format!("freq[{k}]"),
                    f,
                    "finite, >= 0 Hz and above the previous frequency",
                ));
            }
            if !(e >= 1.0 && e.is_finite()) {
                return Err(Error::invalid(&format!("eps_r[{k}]"), e, "finite and >= 1"));
            }
            if !(t >= 0.0 && t.is_finite()) {
                return Err(Error::invalid(&format!("tand[{k}]"), t, "finite and >= 0"));
            }
        }
        Ok(TabulatedDielectric {
            freq: freq.to_vec(),
            eps_r: eps_r.to_vec(),
            tand: tand.to_vec(),
            _t: PhantomData,
        })
    }

    /// The table's frequencies (Hz).
    pub fn frequencies(&self) -> &[f64] {
        &self.freq
    }
}

impl<T: Scalar> Dielectric for TabulatedDielectric<T> {
    fn permittivity(&self, f: T) -> Complex<T> {
        let n = self.freq.len();
        let v = f.re();
        // The segment [k, k + 1] holding f; clamped outside the table.
        let (e, t) = if n == 1 || v <= self.freq[0] {
            (T::from(self.eps_r[0]), T::from(self.tand[0]))
        } else if v >= self.freq[n - 1] {
            (T::from(self.eps_r[n - 1]), T::from(self.tand[n - 1]))
        } else {
            let k = self.freq.partition_point(|&x| x <= v) - 1;
            let u = (f - self.freq[k]) * (self.freq[k + 1] - self.freq[k]).recip();
            let lerp = |y: &[f64]| u * (y[k + 1] - y[k]) + y[k];
            (lerp(&self.eps_r), lerp(&self.tand))
        };
        Complex::new(e, -(e * t))
    }
}

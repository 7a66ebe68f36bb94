//! Statistics of S over a set of networks on one grid: mean, standard deviation, covariance.

use ndarray::{Array3, Axis};
use num_complex::Complex64;

use super::super::Network;
use super::{label, same_grid, z0_close};
use crate::{Error, Result};

/// The first network after checking that all share its grid, port count and references.
fn common<'a>(networks: &'a [Network], what: &str, at_least: usize) -> Result<&'a Network> {
    if networks.len() < at_least {
        return Err(Error::InvalidNetwork(format!(
            "cannot take the {what} of {} networks: it needs at least {at_least}",
            networks.len()
        )));
    }
    let first = &networks[0];
    for net in &networks[1..] {
        if net.nports() != first.nports() {
            return Err(Error::InvalidNetwork(format!(
                "cannot take the {what} of {} ({} ports) and {} ({} ports): all networks must \
                 have the same ports",
                label(first),
                first.nports(),
                label(net),
                net.nports()
            )));
        }
        same_grid(first, net, &format!("take the {what} of"))?;
        if let Some(((f, p), _)) =
            (first.z0.indexed_iter()).find(|&((f, p), &z)| !z0_close(z, net.z0[[f, p]]))
        {
            return Err(Error::InvalidNetwork(format!(
                "cannot take the {what} of {} and {}: the reference impedance of port {p} at \
                 point {f} is {} ohm and {} ohm; renormalise them to one reference first",
                label(first),
                label(net),
                first.z0[[f, p]],
                net.z0[[f, p]]
            )));
        }
    }
    Ok(first)
}

impl Network {
    /// The mean of S over `networks` at every point and entry (scikit-rf `NetworkSet.mean_s`),
    /// at their common references. The name is empty.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] for an empty set, or naming the networks whose port counts or
    /// references differ (and the port and point); [`Error::InvalidFrequency`] naming those on
    /// different grids.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let r = |ohm| Network::from_s(freq.clone(), SeriesR::new(ohm).s(&freq));
    /// let (a, b) = (r(10.0)?, r(30.0)?);
    /// let mean = Network::mean(&[a.clone(), b.clone()])?;
    /// assert_eq!(mean.s()[[0, 0, 0]], (a.s()[[0, 0, 0]] + b.s()[[0, 0, 0]]) / 2.0);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn mean(networks: &[Network]) -> Result<Network> {
        let first = common(networks, "mean", 1)?;
        let s = mean_s(networks);
        Network::new(first.frequency.clone(), s, first.z0.clone())
    }

    /// The standard deviation of S over `networks` at every point and entry,
    /// `sqrt(mean |S - mean S|^2)` (divided by the number of networks, as numpy's `std` and
    /// scikit-rf `NetworkSet.std_s`), as the real part of the result's S. The name is empty.
    ///
    /// # Errors
    /// As [`Network::mean`].
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let r = |ohm| Network::from_s(freq.clone(), SeriesR::new(ohm).s(&freq));
    /// let (a, b) = (r(10.0)?, r(30.0)?);
    /// let std = Network::std(&[a.clone(), b.clone()])?;
    /// let half_gap = (a.s()[[0, 0, 0]] - b.s()[[0, 0, 0]]).norm() / 2.0;
    /// assert!((std.s()[[0, 0, 0]].re - half_gap).abs() < 1e-15);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn std(networks: &[Network]) -> Result<Network> {
        let first = common(networks, "standard deviation", 1)?;
        let mean = mean_s(networks);
        let mut var = Array3::<f64>::zeros(mean.dim());
        for net in networks {
            var.zip_mut_with(&(&net.s - &mean), |v, d| *v += d.norm_sqr());
        }
        let count = networks.len() as f64;
        let s = var.mapv(|v| Complex64::new((v / count).sqrt(), 0.0));
        Network::new(first.frequency.clone(), s, first.z0.clone())
    }

    /// The covariance of the real and imaginary parts of S over `networks` at every point
    /// (scikit-rf `NetworkSet.cov`, normalised by `count - 1` as numpy's `cov`), shape
    /// `(nfreq, 2 n^2, 2 n^2)`. The variables are the entries row by row (`S11, S12, ..., S21,
    /// ...`), each as its real then its imaginary part: entry `(i, j)` is variables
    /// `2 (n i + j)` and `2 (n i + j) + 1`. (scikit-rf orders the entries column by column.)
    ///
    /// # Errors
    /// As [`Network::mean`], and [`Error::InvalidNetwork`] for fewer than 2 networks.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let r = |ohm| Network::from_s(freq.clone(), SeriesR::new(ohm).s(&freq));
    /// let set = [r(10.0)?, r(20.0)?, r(40.0)?];
    /// let cov = Network::covariance(&set)?;
    /// assert_eq!(cov.dim(), (1, 8, 8));
    /// // The variance of Re(S11) sits on the diagonal; S11 is real here, so Im has none.
    /// let re: Vec<f64> = set.iter().map(|n| n.s()[[0, 0, 0]].re).collect();
    /// let m = re.iter().sum::<f64>() / 3.0;
    /// let var = re.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 2.0;
    /// assert!((cov[[0, 0, 0]] - var).abs() < 1e-15 && cov[[0, 1, 1]] == 0.0);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn covariance(networks: &[Network]) -> Result<Array3<f64>> {
        let first = common(networks, "covariance", 2)?;
        let (nfreq, n) = (first.len(), first.nports());
        let vars = 2 * n * n;
        let mean = mean_s(networks);
        let mut cov = Array3::<f64>::zeros((nfreq, vars, vars));
        let mut x = vec![0.0; vars];
        for net in networks {
            for (f, mut c) in cov.axis_iter_mut(Axis(0)).enumerate() {
                for (v, d) in x.chunks_exact_mut(2).zip(
                    net.s
                        .index_axis(Axis(0), f)
                        .iter()
                        .zip(mean.index_axis(Axis(0), f))
                        .map(|(s, m)| s - m),
                ) {
                    v[0] = d.re;
                    v[1] = d.im;
                }
                for (i, xi) in x.iter().enumerate() {
                    for (j, xj) in x.iter().enumerate() {
                        c[[i, j]] += xi * xj;
                    }
                }
            }
        }
        cov /= (networks.len() - 1) as f64;
        Ok(cov)
    }
}

/// The mean of S over a non-empty set of networks of one shape.
fn mean_s(networks: &[Network]) -> Array3<Complex64> {
    let mut sum = Array3::<Complex64>::zeros(networks[0].s.dim());
    for net in networks {
        sum += &net.s;
    }
    sum / networks.len() as f64
}

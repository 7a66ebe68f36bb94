//! Vector fitting with the model order chosen from the data (as scikit-rf's
//! `VectorFitting.auto_fit`, without its pole skimming): start from few poles, and while the
//! fit misses the data, add a complex pole pair where the error is largest and relocate all
//! poles again.

use num_complex::Complex64;

use super::vector_fit::{Samples, VectorFit, VectorFitSettings, starting_poles};
use crate::network::Component;
use crate::{Error, Network, Result};

/// The settings of [`auto_fit`].
#[derive(Clone, Debug, PartialEq)]
pub struct AutoFitSettings {
    /// The starting poles, their spacing, and the relocations per order (defaults: one pole
    /// pair, no real pole, and [`VectorFitSettings`]' iterations and tolerance).
    pub start: VectorFitSettings,
    /// Stop once the root mean square error over the data is at most this (default `1e-3`).
    pub target_rms: f64,
    /// The largest model order (poles, a pair counting two) tried (default 30).
    pub max_order: usize,
}

impl Default for AutoFitSettings {
    fn default() -> Self {
        AutoFitSettings {
            start: VectorFitSettings {
                real_poles: 0,
                pole_pairs: 1,
                ..Default::default()
            },
            target_rms: 1e-3,
            max_order: 30,
        }
    }
}

/// The outcome of [`auto_fit`]: the last (best) fit and how the error fell with the order.
#[derive(Clone, Debug)]
pub struct AutoFit<const N: usize> {
    /// The fit at the chosen order.
    pub fit: VectorFit<N>,
    /// `(order, rms error)` of every order tried, in the order tried.
    pub history: Vec<(usize, f64)>,
    /// Whether the fit reached [`AutoFitSettings::target_rms`] (otherwise the order reached
    /// [`AutoFitSettings::max_order`] or what the data's points determine).
    pub reached_target: bool,
}

/// Vector-fits `network` choosing the number of poles (scikit-rf's `auto_fit`, simplified):
/// from [`AutoFitSettings::start`], relocate the poles as [`vector_fit`](super::vector_fit)
/// does; while the rms error exceeds [`AutoFitSettings::target_rms`], add a pole pair at
/// `2 pi f (-0.01 + j)` where `f` is the data point of the largest error (summed over the
/// entries of S) and relocate every pole again, up to [`AutoFitSettings::max_order`] poles.
/// Relocation may turn a pair into two real poles, so the order found counts both kinds.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::{AutoFitSettings, PolePair, PoleResidue, auto_fit};
///
/// // Two resonances, 1.5 and 3 GHz: four poles.
/// let pair = |f: f64, r: f64| {
///     let w = std::f64::consts::TAU * f;
///     PolePair::new(Complex::new(-w / 60.0, w), vec![Complex::new(r, 0.0)])
/// };
/// let truth = PoleResidue::<f64, 1>::new(vec![0.1], vec![], vec![pair(1.5e9, -2e8)?, pair(3e9, -3e8)?])?;
/// let freq = Frequency::linspace(0.5, 4.0, 351, FrequencyUnit::GHz)?;
/// let data = Network::from_s(freq.clone(), truth.s(&freq))?;
/// let settings = AutoFitSettings { target_rms: 1e-8, ..Default::default() };
/// let auto = auto_fit::<1>(&data, &settings)?;
/// assert!(auto.reached_target);
/// assert_eq!(auto.fit.model.order(), 4);
/// assert_eq!(auto.history.iter().map(|h| h.0).collect::<Vec<_>>(), [2, 4]);
/// # Ok::<(), pmrf::Error>(())
/// ```
///
/// # Errors
/// Those of [`vector_fit`](super::vector_fit); [`Error::InvalidArgument`] for a `target_rms`
/// that is not positive and finite, or a `max_order` below the starting order.
pub fn auto_fit<const N: usize>(
    network: &Network,
    settings: &AutoFitSettings,
) -> Result<AutoFit<N>> {
    let data = Samples::of::<N>(network)?;
    if !(settings.target_rms > 0.0 && settings.target_rms.is_finite()) {
        return Err(Error::InvalidArgument {
            name: "target_rms".into(),
            value: settings.target_rms,
            expected: "a positive, finite rms error".into(),
        });
    }
    let start = settings.start.real_poles + 2 * settings.start.pole_pairs;
    if start == 0 || settings.max_order < start {
        return Err(Error::InvalidArgument {
            name: "max_order".into(),
            value: settings.max_order as f64,
            expected: format!("at least the starting order {start} (which must be at least 1)"),
        });
    }
    data.check_order(start)?;
    let mut poles = starting_poles(network.frequency().hz(), &settings.start, data.norm);
    let mut history = Vec::new();
    loop {
        let (settled, iterations, converged) = data.settle(poles, &settings.start)?;
        let fit = data.finish::<N>(&settled, network, iterations, converged)?;
        history.push((settled.count(), fit.rms_error));
        let next = settled.count() + 2;
        if fit.rms_error <= settings.target_rms
            || next > settings.max_order
            || data.check_order(next).is_err()
        {
            let reached_target = fit.rms_error <= settings.target_rms;
            return Ok(AutoFit {
                fit,
                history,
                reached_target,
            });
        }
        // The worst point, over every entry of S.
        let fitted = fit.model.s(network.frequency());
        let s = network.s();
        let worst = (0..s.dim().0)
            .map(|k| {
                let e = (&fitted.index_axis(ndarray::Axis(0), k)
                    - &s.index_axis(ndarray::Axis(0), k))
                    .iter()
                    .map(|z| z.norm_sqr())
                    .sum::<f64>();
                (k, e)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(0, |(k, _)| k);
        let w = data.s[worst].im.max(1e-3);
        poles = settled;
        poles.pairs.push(Complex64::new(-0.01 * w, w));
    }
}

//! Matched 2-ports: [`Attenuator`], [`Isolator`], [`Amplifier`].

use super::{db_loss, re, zero};
use crate::network::{Component, Mat, domain};
use crate::{Model, Scalar};

/// A matched attenuator: `S = [[0, t], [t, 0]]`, `t = 10^(-loss/20)` (scikit-rf's
/// `Media.attenuator`, ParamRF's `Attenuator`).
///
/// `loss_db = 0` is a thru, `loss_db = inf` two matched loads.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Attenuator;
///
/// let s = Attenuator::new(6.0).s_at(1e9);
/// assert!((s[1][0].re - 0.501187233627272).abs() < 1e-15 && s[0][0].norm() == 0.0);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Attenuator<T: Scalar = f64> {
    /// Attenuation, in dB (`-20 log10 |S21|`).
    #[param(unit = "dB", bounds = (0.0, f64::INFINITY))]
    pub loss_db: T,
}

impl<T: Scalar> Attenuator<T> {
    /// An attenuator of `loss_db` decibels.
    pub fn new(loss_db: T) -> Self {
        Attenuator { loss_db }
    }
}

impl<T: Scalar> Component<2> for Attenuator<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let t = re(db_loss(self.loss_db));
        [[zero(), t], [t, zero()]]
    }
}

/// A matched isolator, passing from port 1 to port 2: `S = [[0, i], [t, 0]]` with the
/// insertion loss `t = 10^(-loss/20)` and the isolation `i = 10^(-isolation/20)`.
///
/// scikit-rf's `Media.isolator` is `loss_db = 0`, `isolation_db = inf`; ParamRF's `Isolator`
/// has `loss_db = 0`. Passive and not reciprocal (unless `loss_db = isolation_db`).
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Isolator;
///
/// let s = Isolator::new(0.5, f64::INFINITY).s_at(1e9);
/// assert!((s[1][0].re - 10f64.powf(-0.5 / 20.0)).abs() < 1e-15);
/// assert_eq!(s[0][1].norm(), 0.0);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Isolator<T: Scalar = f64> {
    /// Insertion loss from port 1 to port 2, in dB (`-20 log10 |S21|`).
    #[param(unit = "dB", bounds = (0.0, f64::INFINITY))]
    pub loss_db: T,
    /// Isolation from port 2 to port 1, in dB (`-20 log10 |S12|`).
    #[param(unit = "dB", scale = 10.0, bounds = (0.0, f64::INFINITY))]
    pub isolation_db: T,
}

impl<T: Scalar> Isolator<T> {
    /// An isolator of insertion loss `loss_db` and isolation `isolation_db` (dB).
    pub fn new(loss_db: T, isolation_db: T) -> Self {
        Isolator {
            loss_db,
            isolation_db,
        }
    }
}

impl<T: Scalar> Component<2> for Isolator<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let (t, i) = (db_loss(self.loss_db), db_loss(self.isolation_db));
        [[zero(), re(i)], [re(t), zero()]]
    }
}

/// A matched amplifier from port 1 to port 2: `S = [[0, i], [g, 0]]` with the gain
/// `g = 10^(gain/20)` and the reverse isolation `i = 10^(-isolation/20)`.
///
/// ParamRF's `Amplifier` is `isolation_db = inf`. Active for `gain_db > 0`.
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::Amplifier;
///
/// let s = Amplifier::new(20.0, f64::INFINITY).s_at(1e9);
/// assert!((s[1][0].re - 10.0).abs() < 1e-14 && s[0][1].norm() == 0.0);
/// ```
#[derive(Model, Clone, Copy, Debug, PartialEq)]
pub struct Amplifier<T: Scalar = f64> {
    /// Gain, in dB (`20 log10 |S21|`).
    #[param(unit = "dB", scale = 10.0, bounds = (f64::NEG_INFINITY, f64::INFINITY))]
    pub gain_db: T,
    /// Reverse isolation, in dB (`-20 log10 |S12|`).
    #[param(unit = "dB", scale = 10.0, bounds = (0.0, f64::INFINITY))]
    pub isolation_db: T,
}

impl<T: Scalar> Amplifier<T> {
    /// An amplifier of gain `gain_db` and reverse isolation `isolation_db` (dB).
    pub fn new(gain_db: T, isolation_db: T) -> Self {
        Amplifier {
            gain_db,
            isolation_db,
        }
    }
}

impl<T: Scalar> Component<2> for Amplifier<T> {
    type Domain = domain::S;
    #[inline]
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let (g, i) = (db_loss(-self.gain_db), db_loss(self.isolation_db));
        [[zero(), re(i)], [re(g), zero()]]
    }
}

//! De-embedding: the inverse of a 2-port fixture, and a DUT freed of the fixtures around it.

use ndarray::{Array2, Array3, s};
use num_complex::Complex64;

use super::super::Network;
use crate::network::WaveDef;
use crate::{Error, Result};

impl Network {
    /// The cascade inverse of a 2-port (scikit-rf `Network.inv`): the 2-port `X` with
    /// `X.cascade(self)` a thru, so cascading with it removes `self` from the left of a
    /// measurement (and `self.cascade(X)` from the right). With `S = [[a, b], [c, d]]`,
    /// `X = [[-a, c], [b, -d]] / (b c - a d)`, at the references of `self` with its ports
    /// swapped. That formula holds at real references (scikit-rf applies it at any); at complex
    /// ones, where power waves jump across a junction, `self` is first renormalised to the
    /// real references `|z0|` and `X` back to the swapped complex ones, so that `X` connected
    /// to `self` is a physical thru there too. The name is kept.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if the network is not a 2-port, or, naming it and the point,
    /// if it is singular there: no transmission in one direction (`S21` or `S12` zero) or
    /// `S12 S21 = S11 S22`.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let r = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?;
    /// let thru = r.inverse()?.cascade(&r)?;
    /// assert!((thru.s()[[0, 1, 0]].re - 1.0).abs() < 1e-15);
    /// assert!(thru.s()[[0, 0, 0]].norm() < 1e-15);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn inverse(&self) -> Result<Network> {
        if self.nports() != 2 {
            return Err(Error::InvalidNetwork(format!(
                "cannot invert {}: cascade inverses are of 2-ports, it has {} ports",
                self.label(),
                self.nports()
            )));
        }
        // The S formula inverts a direct connection, which holds at real references only
        // (power waves jump across a junction at a complex one): there, go through real ones.
        let complex = self.z0.iter().any(|z| z.im != 0.0);
        let real;
        let base = if complex {
            real = self.renormalized(
                &self.z0.mapv(|z| Complex64::new(z.norm(), 0.0)),
                WaveDef::Power,
            )?;
            &real
        } else {
            self
        };
        let mut s = Array3::zeros(self.s.dim());
        for (f, m) in base.s.outer_iter().enumerate() {
            let (a, b, c, d) = (m[[0, 0]], m[[0, 1]], m[[1, 0]], m[[1, 1]]);
            let det = b * c - a * d;
            let scale = [a, b, c, d].iter().fold(0.0f64, |x, z| x.max(z.norm()));
            let tiny = 1e-13 * scale;
            if !(b.norm() > tiny && c.norm() > tiny && det.norm() > tiny * scale) {
                return Err(Error::InvalidNetwork(format!(
                    "{} is singular at point {f} ({} Hz), so it cannot be de-embedded: S21 = \
                     {c}, S12 = {b}, S12 S21 - S11 S22 = {det}; a fixture must transmit in both \
                     directions",
                    self.label(),
                    self.frequency.hz()[f]
                )));
            }
            let x = [[-a, c], [b, -d]];
            for (i, row) in x.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    s[[f, i, j]] = v / det;
                }
            }
        }
        let swapped = |z: &Array2<Complex64>| {
            let mut out = z.clone();
            out.slice_mut(s![.., 0]).assign(&z.slice(s![.., 1]));
            out.slice_mut(s![.., 1]).assign(&z.slice(s![.., 0]));
            out
        };
        let inverse = Network::new(self.frequency.clone(), s, swapped(&base.z0))?
            .with_name(self.name.clone());
        if complex {
            inverse.renormalized(&swapped(&self.z0), WaveDef::Power)
        } else {
            Ok(inverse)
        }
    }

    /// The 2-port DUT inside this measurement, freed of the fixture `left` on its port 0 side
    /// and `right` on its port 1 side (either may be `None`): `left^-1 ** self ** right^-1`, as
    /// scikit-rf's `left.inv ** meas ** right.inv`. Each fixture has its outer port first
    /// (port 0 of `left` at the measurement's port 0, port 1 of `right` at its port 1). The
    /// result's references are the fixtures' inner ones; the name is `self`'s. Complex
    /// references are handled physically (see [`Network::inverse`] and
    /// [`Network::connect`]): a DUT embedded with [`Network::cascade`] comes back exactly.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if a network is not a 2-port, or naming the fixture and the
    /// point where it is singular (see [`Network::inverse`]); [`Error::InvalidFrequency`]
    /// naming the networks if a fixture is on another grid.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesL, ShuntC, SeriesR};
    ///
    /// let freq = Frequency::linspace(1.0, 5.0, 5, FrequencyUnit::GHz)?;
    /// let net = |s| Network::from_s(freq.clone(), s);
    /// let left = net(SeriesL::new(1e-9).s(&freq))?.with_name("left");
    /// let right = net(ShuntC::new(1e-12).s(&freq))?.with_name("right");
    /// let dut = net(SeriesR::new(20.0).s(&freq))?;
    /// let measured = left.cascade(&dut)?.cascade(&right)?;
    /// let back = measured.deembed(Some(&left), Some(&right))?;
    /// assert!((back.s() - dut.s()).iter().all(|d| d.norm() < 1e-12));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn deembed(&self, left: Option<&Network>, right: Option<&Network>) -> Result<Network> {
        for net in [Some(self), left, right].into_iter().flatten() {
            if net.nports() != 2 {
                return Err(Error::InvalidNetwork(format!(
                    "cannot de-embed {} from {}: de-embedding takes 2-ports, {} has {} ports",
                    [left, right]
                        .into_iter()
                        .flatten()
                        .map(Network::label)
                        .collect::<Vec<_>>()
                        .join(" and "),
                    self.label(),
                    net.label(),
                    net.nports()
                )));
            }
            self.check_same_grid(net, "de-embed")?;
        }
        let mut out = match left {
            Some(l) => l.inverse()?.cascade(self)?,
            None => self.clone(),
        };
        if let Some(r) = right {
            out = out.cascade(&r.inverse()?)?;
        }
        Ok(out.with_name(self.name.clone()))
    }
}

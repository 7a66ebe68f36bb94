//! Choosing, reordering and combining ports, and stitching bands.

use ndarray::{Array2, Array3, Axis, concatenate};

use super::super::Network;
use super::{label, port_in, same_grid};
use crate::{Error, Frequency, Result};

impl Network {
    /// The network seen at `ports` only (0-based; scikit-rf `subnetwork`), the others left
    /// as they are (terminated in their references): new port `i` is port `ports[i]`, with its
    /// reference impedance. The name is kept.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] naming the network and port if `ports` is empty, names a port
    /// out of range or one port twice.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?;
    /// let s22 = net.subnetwork(&[1])?;
    /// assert_eq!(s22.nports(), 1);
    /// assert_eq!(s22.s()[[0, 0, 0]], net.s()[[0, 1, 1]]);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn subnetwork(&self, ports: &[usize]) -> Result<Network> {
        let what = "take a subnetwork";
        if ports.is_empty() {
            return Err(Error::InvalidNetwork(format!(
                "cannot {what} of {}: no ports given",
                label(self)
            )));
        }
        for (i, &p) in ports.iter().enumerate() {
            port_in(self, p, what)?;
            if ports[..i].contains(&p) {
                return Err(Error::InvalidNetwork(format!(
                    "cannot {what} of {}: port {p} is given twice in {ports:?}",
                    label(self)
                )));
            }
        }
        let s = self.s.select(Axis(1), ports).select(Axis(2), ports);
        let z0 = self.z0.select(Axis(1), ports);
        Ok(Network::new(self.frequency.clone(), s, z0)?.with_name(self.name.clone()))
    }

    /// The same network with its ports renumbered: new port `i` is port `order[i]` (0-based),
    /// with its reference impedance; `order` is a permutation of `0..nports` (scikit-rf
    /// `renumbered(order, range(n))`). The name is kept.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] naming the network if `order` is not a permutation of its
    /// ports.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?;
    /// assert_eq!(net.renumbered(&[1, 0])?, net.flipped()?);
    /// assert!(net.renumbered(&[0, 0]).is_err());
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn renumbered(&self, order: &[usize]) -> Result<Network> {
        if order.len() != self.nports() {
            return Err(Error::InvalidNetwork(format!(
                "cannot renumber the ports of {}: the order {order:?} has {} ports, expected a \
                 permutation of all {} ports (0-based)",
                label(self),
                order.len(),
                self.nports()
            )));
        }
        self.subnetwork(order)
    }

    /// The network with its two halves of ports swapped (scikit-rf `flipped`): for a 2N-port,
    /// ports 0..N become N..2N and back; a 2-port turned around. The name is kept.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] naming the network if its port count is odd.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesR, ShuntR};
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let net = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?
    ///     .cascade(&Network::from_s(freq.clone(), ShuntR::new(10.0).s(&freq))?)?;
    /// let flipped = net.flipped()?;
    /// assert_eq!(flipped.s()[[0, 0, 0]], net.s()[[0, 1, 1]]);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn flipped(&self) -> Result<Network> {
        let n = self.nports();
        if !n.is_multiple_of(2) {
            return Err(Error::InvalidNetwork(format!(
                "cannot flip {}: it has {n} ports, and flipping swaps two halves of an even \
                 number of ports",
                label(self)
            )));
        }
        let order: Vec<usize> = (n / 2..n).chain(0..n / 2).collect();
        self.subnetwork(&order)
    }

    /// One-ports side by side as an N-port (scikit-rf `n_oneports_2_nport` with the
    /// off-diagonal entries zero): port `i` is `oneports[i]`, with its reference impedance, and
    /// no coupling between ports. The name is empty.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if the list is empty or names the network that is not a
    /// 1-port; [`Error::InvalidFrequency`] naming the networks on different grids.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::ndarray::Array3;
    /// use pmrf::num_complex::Complex64;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let short = Network::from_s(freq.clone(), Array3::from_elem((1, 1, 1), Complex64::new(-1.0, 0.0)))?;
    /// let open = Network::from_s(freq.clone(), Array3::from_elem((1, 1, 1), Complex64::new(1.0, 0.0)))?;
    /// let both = Network::from_oneports(&[short, open])?;
    /// assert_eq!((both.s()[[0, 0, 0]].re, both.s()[[0, 1, 1]].re, both.s()[[0, 1, 0]].re), (-1.0, 1.0, 0.0));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn from_oneports(oneports: &[Network]) -> Result<Network> {
        let Some(first) = oneports.first() else {
            return Err(Error::InvalidNetwork(
                "cannot combine one-ports into an N-port: none given".into(),
            ));
        };
        for (i, net) in oneports.iter().enumerate() {
            if net.nports() != 1 {
                return Err(Error::InvalidNetwork(format!(
                    "cannot combine one-ports into an N-port: {} (number {i} of the list) has \
                     {} ports",
                    label(net),
                    net.nports()
                )));
            }
            same_grid(first, net, "combine into an N-port")?;
        }
        let n = oneports.len();
        let nfreq = first.len();
        let mut s = Array3::zeros((nfreq, n, n));
        let mut z0 = Array2::zeros((nfreq, n));
        for (i, net) in oneports.iter().enumerate() {
            for f in 0..nfreq {
                s[[f, i, i]] = net.s[[f, 0, 0]];
                z0[[f, i]] = net.z0[[f, 0]];
            }
        }
        Network::new(first.frequency.clone(), s, z0)
    }

    /// This network's band followed by `other`'s (scikit-rf `stitch`): their points, S and
    /// reference impedances one after the other (each point keeps its own references), in
    /// `self`'s display unit and with its name. `other` must start above `self`'s last point.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] naming both networks if their port counts differ;
    /// [`Error::InvalidFrequency`] naming both if the bands overlap or touch.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let band = |a, b| Frequency::linspace(a, b, 3, FrequencyUnit::GHz);
    /// let (lo, hi) = (band(1.0, 2.0)?, band(3.0, 4.0)?);
    /// let r = SeriesR::new(10.0);
    /// let both = Network::from_s(lo.clone(), r.s(&lo))?.stitched(&Network::from_s(hi.clone(), r.s(&hi))?)?;
    /// assert_eq!(both.len(), 6);
    /// assert_eq!(both.frequency().hz()[3], 3e9);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn stitched(&self, other: &Network) -> Result<Network> {
        if self.nports() != other.nports() {
            return Err(Error::InvalidNetwork(format!(
                "cannot stitch {} ({} ports) and {} ({} ports): the bands must have the same \
                 ports",
                label(self),
                self.nports(),
                label(other),
                other.nports()
            )));
        }
        let (last, first) = (self.frequency.stop(), other.frequency.start());
        if first <= last {
            return Err(Error::InvalidFrequency(format!(
                "cannot stitch {} (up to {last} Hz) and {} (from {first} Hz): the second band \
                 must start above the first",
                label(self),
                label(other)
            )));
        }
        let hz: Vec<f64> = self
            .frequency
            .hz()
            .iter()
            .chain(other.frequency.hz())
            .copied()
            .collect();
        let frequency = Frequency::from_hz(hz)?.with_unit(self.frequency.unit());
        let s = concatenate(Axis(0), &[self.s.view(), other.s.view()])
            .map_err(|e| Error::Shape(e.to_string()))?;
        let z0 = concatenate(Axis(0), &[self.z0.view(), other.z0.view()])
            .map_err(|e| Error::Shape(e.to_string()))?;
        Ok(Network::new(frequency, s, z0)?.with_name(self.name.clone()))
    }
}

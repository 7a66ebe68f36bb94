//! Connecting ports: two ports of one network (`inner_connect`), a port of one network to a
//! port of another (`connect`), and cascades of 2-ports and 2N-ports (`cascade`).
//!
//! Two connected ports must have one reference impedance for their waves to meet: where they
//! differ, or are complex (power waves jump across a junction at a complex reference), both
//! ports are first renormalised to a common real reference, which changes no other port. This
//! is what scikit-rf does (an impedance mismatch, and pseudo waves for complex references) and
//! gives its numbers.

use ndarray::{Array2, Array3, s};
use num_complex::Complex64;

use super::super::Network;
use super::renorm::renormalize_point;
use super::z0_close;
use super::{label, port_in, same_grid};
use crate::network::WaveDef;
use crate::{Error, Result};

/// S and z0 of a network while its ports are being connected.
struct Ports {
    s: Array3<Complex64>,
    z0: Array2<Complex64>,
}

impl Ports {
    fn of(net: &Network) -> Self {
        Self {
            s: net.s.clone(),
            z0: net.z0.clone(),
        }
    }

    /// `a` and `b` side by side, unconnected: S block-diagonal, ports of `a` first.
    fn side_by_side(a: &Network, b: &Network) -> Self {
        let (na, nb) = (a.nports(), b.nports());
        let nfreq = a.len();
        let mut s = Array3::zeros((nfreq, na + nb, na + nb));
        s.slice_mut(s![.., ..na, ..na]).assign(&a.s);
        s.slice_mut(s![.., na.., na..]).assign(&b.s);
        let mut z0 = Array2::zeros((nfreq, na + nb));
        z0.slice_mut(s![.., ..na]).assign(&a.z0);
        z0.slice_mut(s![.., na..]).assign(&b.z0);
        Self { s, z0 }
    }

    /// Connects port `k` to port `l` (`k != l`); the other ports keep their order. `what`
    /// describes the connection for an error at a point where it is singular.
    fn close(self, k: usize, l: usize, hz: &[f64], what: &dyn Fn() -> String) -> Result<Self> {
        let (nfreq, n, _) = self.s.dim();
        let keep: Vec<usize> = (0..n).filter(|&p| p != k && p != l).collect();
        let mut s_out = Array3::zeros((nfreq, n - 2, n - 2));
        for f in 0..nfreq {
            let (zk, zl) = (self.z0[[f, k]], self.z0[[f, l]]);
            let sf = if zk.im == 0.0 && z0_close(zk, zl) {
                self.s.slice(s![f, .., ..]).to_owned()
            } else {
                // Both to one real reference (only these two ports change).
                let r = Complex64::new(if zk.im == 0.0 { zk.re } else { zk.norm() }, 0.0);
                let mut z2 = self.z0.row(f).to_owned();
                z2[k] = r;
                z2[l] = r;
                renormalize_point(
                    self.s.slice(s![f, .., ..]),
                    self.z0.row(f),
                    z2.view(),
                    WaveDef::Power,
                )
                .ok_or_else(|| singular(what, f, hz))?
            };
            // Waves meet: a_k = b_l, a_l = b_k. Solve for (a_k, a_l) from the outer waves.
            let (skk, skl, slk, sll) = (sf[[k, k]], sf[[k, l]], sf[[l, k]], sf[[l, l]]);
            let det = skk * sll - (skl - 1.0) * (slk - 1.0);
            let scale = 1.0f64
                .max(skk.norm())
                .max(sll.norm())
                .max(skl.norm())
                .max(slk.norm());
            if det.is_nan() || det.norm() <= 1e-14 * scale * scale {
                return Err(singular(what, f, hz));
            }
            for (i, &pi) in keep.iter().enumerate() {
                for (j, &pj) in keep.iter().enumerate() {
                    let (rk, rl) = (sf[[k, pj]], sf[[l, pj]]);
                    let ak = -(sll * rk + (1.0 - skl) * rl) / det;
                    let al = -((1.0 - slk) * rk + skk * rl) / det;
                    s_out[[f, i, j]] = sf[[pi, pj]] + sf[[pi, k]] * ak + sf[[pi, l]] * al;
                }
            }
        }
        let z0 = self.z0.select(ndarray::Axis(1), &keep);
        Ok(Self { s: s_out, z0 })
    }

    /// Ports reordered: new port `i` is port `order[i]`.
    fn reorder(self, order: &[usize]) -> Self {
        let s = self.s.select(ndarray::Axis(1), order);
        Self {
            s: s.select(ndarray::Axis(2), order),
            z0: self.z0.select(ndarray::Axis(1), order),
        }
    }

    fn into_network(self, like: &Network) -> Result<Network> {
        Ok(Network::new(like.frequency.clone(), self.s, self.z0)?.with_name(like.name.clone()))
    }
}

fn singular(what: &dyn Fn() -> String, f: usize, hz: &[f64]) -> Error {
    Error::InvalidNetwork(format!(
        "cannot {} at point {f} ({} Hz): the connection is singular there (the loop it \
         closes has a gain of exactly 1)",
        what(),
        hz[f]
    ))
}

impl Network {
    /// Ports `k` and `l` (0-based, `k != l`) of this network connected to each other (scikit-rf
    /// `innerconnect(ntwk, k, l)`): an `(n - 2)`-port whose ports are the others in their
    /// order, with their reference impedances. The two ports may have different or complex
    /// references (both are first renormalised to one real reference, which changes no other port). The name is kept.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] naming the network and ports if a port is out of range, `k ==
    /// l`, the network has fewer than 3 ports (nothing would be left), or, naming the point, the
    /// connection is singular there.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    /// use pmrf::ndarray::Array3;
    /// use pmrf::num_complex::Complex64;
    ///
    /// // Two thrus side by side (ports 0-1 and 2-3); joining ports 1 and 2 leaves one thru.
    /// let freq = Frequency::from_hz([1e9])?;
    /// let mut s = Array3::<Complex64>::zeros((1, 4, 4));
    /// for (i, j) in [(0, 1), (1, 0), (2, 3), (3, 2)] {
    ///     s[[0, i, j]] = Complex64::new(1.0, 0.0);
    /// }
    /// let thru = Network::from_s(freq, s)?.inner_connect(1, 2)?;
    /// assert_eq!(thru.nports(), 2);
    /// assert!((thru.s()[[0, 1, 0]].re - 1.0).abs() < 1e-15);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn inner_connect(&self, k: usize, l: usize) -> Result<Network> {
        let what = || format!("connect port {k} to port {l} of {}", label(self));
        port_in(self, k, &what())?;
        port_in(self, l, &what())?;
        if k == l || self.nports() < 3 {
            return Err(Error::InvalidNetwork(format!(
                "cannot {}: {}",
                what(),
                if k == l {
                    "a port cannot be connected to itself"
                } else {
                    "it has 2 ports, so nothing would be left (terminate a port instead)"
                }
            )));
        }
        Ports::of(self)
            .close(k, l, self.frequency.hz(), &what)?
            .into_network(self)
    }

    /// Port `k` of this network connected to port `l` of `other` (0-based; scikit-rf
    /// `connect(self, k, other, l)`). The result has the ports of `self` but `k`, then those of
    /// `other` but `l`, each with its reference impedance; as in scikit-rf, when `other` is a
    /// 2-port and `self` has more than 2 ports, the other port of `other` takes the place of
    /// `k` instead (inserting a 2-port keeps the numbering). Connected ports may have
    /// different or complex references (both are first renormalised to one real reference, which changes no other port). The name is `self`'s.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`] naming both networks if their grids differ;
    /// [`Error::InvalidNetwork`] naming the network and port if a port is out of range, if both
    /// are 1-ports (nothing would be left), or, naming the point, if the connection is
    /// singular there.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesR, ShuntR};
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let series = Network::from_s(freq.clone(), SeriesR::new(30.0).s(&freq))?;
    /// let shunt = Network::from_s(freq.clone(), ShuntR::new(20.0).s(&freq))?;
    /// // Port 1 of the series R to port 0 of the shunt R: the same as a cascade.
    /// let net = series.connect(1, &shunt, 0)?;
    /// assert_eq!(net, series.cascade(&shunt)?);
    /// // S11 of 30 ohm in series with 20 || 50 ohm, at 50 ohm.
    /// let z = 30.0 + 20.0 * 50.0 / 70.0;
    /// assert!((net.s()[[0, 0, 0]].re - (z - 50.0) / (z + 50.0)).abs() < 1e-15);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn connect(&self, k: usize, other: &Network, l: usize) -> Result<Network> {
        let what = || {
            format!(
                "connect port {k} of {} to port {l} of {}",
                label(self),
                label(other)
            )
        };
        same_grid(self, other, "connect")?;
        port_in(self, k, &what())?;
        port_in(other, l, &what())?;
        let (na, nb) = (self.nports(), other.nports());
        if na + nb == 2 {
            return Err(Error::InvalidNetwork(format!(
                "cannot {}: both are 1-ports, so nothing would be left",
                what()
            )));
        }
        let joined =
            Ports::side_by_side(self, other).close(k, na + l, self.frequency.hz(), &what)?;
        let joined = if nb == 2 && na > 2 {
            // The other port of `other` (last now) in the place of `k`.
            let order: Vec<usize> = (0..k).chain([na - 1]).chain(k..na - 1).collect();
            joined.reorder(&order)
        } else {
            joined
        };
        joined.into_network(self)
    }

    /// This network followed by `other` (scikit-rf `self ** other`): for a 2N-port `self`, its
    /// ports N to 2N-1 connected to ports 0 to N-1 of `other`, which is a 2N-port (the result
    /// is a 2N-port: ports 0 to N-1 of `self`, then N to 2N-1 of `other`) or an N-port (a
    /// termination: the result is an N-port). 2-ports cascade port 1 to port 0. Connected
    /// ports may have different or complex references (both are first renormalised to one real reference, which changes no other port). The name
    /// is `self`'s.
    ///
    /// # Errors
    /// [`Error::InvalidFrequency`] naming both networks if their grids differ;
    /// [`Error::InvalidNetwork`] naming both networks and their port counts if `self` does not
    /// have an even number of ports or `other` has neither as many nor half as many, or,
    /// naming the ports and point, if a connection is singular there.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesR;
    ///
    /// let freq = Frequency::from_hz([1e9])?;
    /// let r = |ohm| Network::from_s(freq.clone(), SeriesR::new(ohm).s(&freq));
    /// let chain = r(10.0)?.cascade(&r(15.0)?)?;
    /// assert!((chain.s()[[0, 0, 0]] - r(25.0)?.s()[[0, 0, 0]]).norm() < 1e-15);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    pub fn cascade(&self, other: &Network) -> Result<Network> {
        let (na, nb) = (self.nports(), other.nports());
        let half = na / 2;
        if !na.is_multiple_of(2) || (nb != na && nb != half) {
            return Err(Error::InvalidNetwork(format!(
                "cannot cascade {} ({na} ports) with {} ({nb} ports): the first must have 2N \
                 ports and the second 2N (a cascade) or N (a termination)",
                label(self),
                label(other)
            )));
        }
        same_grid(self, other, "cascade")?;
        let mut joined = Ports::side_by_side(self, other);
        // Pair i joins port half + i of `self` with port i of `other`; each connection removes
        // the two ports of the pair before it, so the pair is at (half, na - i) then.
        for i in 0..half {
            let what = || {
                format!(
                    "cascade {} with {} (port {} to port {i})",
                    label(self),
                    label(other),
                    half + i
                )
            };
            joined = joined.close(half, na - i, self.frequency.hz(), &what)?;
        }
        joined.into_network(self)
    }
}

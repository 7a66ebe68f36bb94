//! De-embedding: the cascade inverse of a 2N-port fixture, and a DUT freed of the fixtures around it.

use ndarray::{Array2, Array3, ArrayView2, Axis, s};
use num_complex::Complex64;

use super::super::Network;
use super::{label, same_grid};
use crate::network::WaveDef;
use crate::network::lu::lu_solve;
use crate::{Error, Result};

impl Network {
    /// The cascade inverse of a 2N-port (scikit-rf `Network.inv`): the 2N-port `X` with
    /// `X.cascade(self)` a thru (ports `i` and `N + i` joined), so cascading with it removes
    /// `self` from the left of a measurement (and `self.cascade(X)` from the right). `X` is
    /// `P S^-1 P` with `P` swapping the two halves of the ports (for a 2-port with
    /// `S = [[a, b], [c, d]]`: `X = [[-a, c], [b, -d]] / (b c - a d)`), at the references of
    /// `self` with the halves swapped. That formula holds at real references (scikit-rf applies
    /// it at any); at complex ones, where power waves jump across a junction, `self` is first
    /// renormalised to the real references `|z0|` and `X` back to the swapped complex ones, so
    /// that `X` connected to `self` is a physical thru there too. The name is kept.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if the port count is odd, or, naming the network and the
    /// point, if it is singular there: no transmission in one direction (the block `S21` or
    /// `S12` singular, for a 2-port `S21 = 0` or `S12 = 0`) or `S` singular.
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
        let n = self.nports();
        if !n.is_multiple_of(2) {
            return Err(Error::InvalidNetwork(format!(
                "cannot invert {}: cascade inverses are of 2N-ports, it has {n} ports",
                label(self)
            )));
        }
        let half = n / 2;
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
            let singular = |why: &str| {
                Error::InvalidNetwork(format!(
                    "{} is singular at point {f} ({} Hz), so it cannot be de-embedded: {why}; a \
                     fixture must transmit in both directions",
                    label(self),
                    self.frequency.hz()[f]
                ))
            };
            let scale = m.iter().fold(0.0f64, |x, z| x.max(z.norm()));
            if !regular(m.slice(s![half.., ..half]), scale) {
                return Err(singular(&format!(
                    "no transmission from ports 0..{half} to ports {half}..{n} (the block S21 \
                     is singular; {} = {})",
                    Network::entry_name(half, 0),
                    m[[half, 0]]
                )));
            }
            if !regular(m.slice(s![..half, half..]), scale) {
                return Err(singular(&format!(
                    "no transmission from ports {half}..{n} to ports 0..{half} (the block S12 \
                     is singular; {} = {})",
                    Network::entry_name(0, half),
                    m[[0, half]]
                )));
            }
            // [S | I] -> [. | S^-1], row-major.
            let width = 2 * n;
            let mut a = vec![Complex64::new(0.0, 0.0); n * width];
            for ((i, j), v) in m.indexed_iter() {
                a[i * width + j] = *v;
            }
            for i in 0..n {
                a[i * width + n + i] = Complex64::new(1.0, 0.0);
            }
            if !lu_solve(&mut a, n, width, 1e-13) {
                return Err(singular("its S matrix is singular"));
            }
            let swap = |i: usize| (i + half) % n;
            for i in 0..n {
                for j in 0..n {
                    s[[f, i, j]] = a[swap(i) * width + n + swap(j)];
                }
            }
        }
        let order: Vec<usize> = (half..n).chain(0..half).collect();
        let swapped = |z: &Array2<Complex64>| z.select(Axis(1), &order);
        let inverse = Network::new(self.frequency.clone(), s, swapped(&base.z0))?
            .with_name(self.name.clone());
        if complex {
            inverse.renormalized(&swapped(&self.z0), WaveDef::Power)
        } else {
            Ok(inverse)
        }
    }

    /// The DUT inside this measurement, freed of the fixture `left` on its input side and
    /// `right` on its output side (either may be `None`): `left^-1 ** self ** right^-1`, as
    /// scikit-rf's `left.inv ** meas ** right.inv`. All are 2N-ports with the same N (2-ports,
    /// or 2N-ports with ports 0..N in and N..2N out, as [`Network::cascade`] joins them); each
    /// fixture has its outer ports first (`left`'s ports 0..N at the measurement's inputs,
    /// `right`'s ports N..2N at its outputs). The result's references are the fixtures' inner
    /// ones; the name is `self`'s. Complex references are handled physically (see
    /// [`Network::inverse`] and [`Network::connect`]): a DUT embedded with
    /// [`Network::cascade`] comes back exactly.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] naming the network whose port count is odd or differs from
    /// the measurement's, or naming the fixture and the point where it is singular (see
    /// [`Network::inverse`]); [`Error::InvalidFrequency`] naming the networks if a fixture is
    /// on another grid.
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
        let n = self.nports();
        for net in [Some(self), left, right].into_iter().flatten() {
            if !net.nports().is_multiple_of(2) || net.nports() != n {
                return Err(Error::InvalidNetwork(format!(
                    "cannot de-embed {} from {}: the measurement and its fixtures must all have \
                     the same even number of ports, {} has {} and {} has {n}",
                    [left, right]
                        .into_iter()
                        .flatten()
                        .map(label)
                        .collect::<Vec<_>>()
                        .join(" and "),
                    label(self),
                    label(net),
                    net.nports(),
                    label(self)
                )));
            }
            same_grid(self, net, "de-embed")?;
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

/// Whether the square block `m` is regular: no pivot of its LU at most 1e-13 `scale` (the
/// size of the whole matrix it is part of).
fn regular(m: ArrayView2<Complex64>, scale: f64) -> bool {
    let n = m.nrows();
    let mut a: Vec<Complex64> = m.iter().copied().collect();
    let largest = a.iter().fold(0.0f64, |x, z| x.max(z.re.abs() + z.im.abs()));
    largest > 0.0 && lu_solve(&mut a, n, n, 1e-13 * scale / largest)
}

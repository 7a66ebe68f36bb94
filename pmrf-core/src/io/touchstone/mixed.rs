//! `[Mixed-Mode Order]`: which mode of which single-ended ports each port of a version 2 file's
//! data is, and the conversion of such data to single-ended S.

use std::fmt;

use ndarray::{Array2, Array3};

use crate::{Error, Network, Result};

/// One port of mixed-mode data, named by the single-ended ports (1-based, as the file writes
/// them) it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModePort {
    /// `D<a>,<b>`: the differential mode of ports `a` (positive) and `b`, `Vd = Va - Vb`.
    Differential(usize, usize),
    /// `C<a>,<b>`: the common mode of ports `a` and `b`, `Vc = (Va + Vb) / 2`.
    Common(usize, usize),
    /// `S<a>`: single-ended port `a`.
    Single(usize),
}

impl fmt::Display for ModePort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ModePort::Differential(a, b) => write!(f, "D{a},{b}"),
            ModePort::Common(a, b) => write!(f, "C{a},{b}"),
            ModePort::Single(a) => write!(f, "S{a}"),
        }
    }
}

/// The `[Mixed-Mode Order]` of a version 2 file: the mode of each port of its data, in order.
///
/// Read into [`Touchstone::mixed_mode_order`](super::Touchstone::mixed_mode_order) (the
/// network then holds the data as the file lists it, see [`MixedModeOrder::references`]),
/// written with [`WriteOptions::mixed_mode_order`](super::WriteOptions::mixed_mode_order).
///
/// ```
/// use pmrf::io::touchstone::{MixedModeOrder, ModePort};
///
/// let order: MixedModeOrder = "D1,2 C1,2 S3".parse()?;
/// assert_eq!(order.ports()[0], ModePort::Differential(1, 2));
/// assert_eq!(order.to_string(), "D1,2 C1,2 S3");
/// assert!("D1,2 S3".parse::<MixedModeOrder>().is_err()); // D1,2 without C1,2
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MixedModeOrder(Vec<ModePort>);

impl MixedModeOrder {
    /// An order from its ports, checked as [`str::parse`] checks a keyword's text.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] unless the single-ended ports `1..=n` (`n` the number of
    /// entries) each appear exactly once as `S<a>` or in one pair, and every `D<a>,<b>` has its
    /// `C<a>,<b>` (or `C<b>,<a>`) and the other way round.
    pub fn new(ports: Vec<ModePort>) -> Result<Self> {
        let n = ports.len();
        let bad = |why: String| {
            Error::InvalidNetwork(format!(
                "[Mixed-Mode Order] `{}`: {why}",
                MixedModeOrder(ports.clone())
            ))
        };
        if n == 0 {
            return Err(bad("no ports; expected one entry per port".into()));
        }
        let mut seen = vec![0u8; n]; // per single-ended port: 1 if S, 2 per mode of a pair
        for &p in &ports {
            let (ends, weight): (&[usize], u8) = match &p {
                ModePort::Single(a) => (std::slice::from_ref(a), 2),
                ModePort::Differential(a, b) | ModePort::Common(a, b) => {
                    if a == b {
                        return Err(bad(format!("`{p}` pairs port {a} with itself")));
                    }
                    let other = match p {
                        ModePort::Differential(..) => ModePort::Common(*a, *b),
                        _ => ModePort::Differential(*a, *b),
                    };
                    let swapped = match other {
                        ModePort::Differential(a, b) => ModePort::Differential(b, a),
                        ModePort::Common(a, b) => ModePort::Common(b, a),
                        s => s,
                    };
                    if !ports.contains(&other) && !ports.contains(&swapped) {
                        return Err(bad(format!("`{p}` without `{other}`")));
                    }
                    (&[*a, *b][..], 1)
                }
            };
            for &a in ends {
                if a == 0 || a > n {
                    return Err(bad(format!(
                        "`{p}` names port {a}; the data have ports 1 to {n}"
                    )));
                }
                seen[a - 1] += weight;
            }
        }
        if let Some(a) = seen.iter().position(|&s| s != 2) {
            return Err(bad(format!(
                "single-ended port {} is {}; each port is in one pair (its D and C) or single",
                a + 1,
                if seen[a] == 0 {
                    "missing"
                } else {
                    "used twice"
                }
            )));
        }
        Ok(Self(ports))
    }

    /// The ports, in the order of the data.
    pub fn ports(&self) -> &[ModePort] {
        &self.0
    }

    /// The number of ports.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: an order has at least one port.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The reference of each mode port from the single-ended references `se` (indexed by
    /// single-ended port, 0-based), as scikit-rf reads them and [`Network::se2gmm`] defaults
    /// to: `Ra + Rb` for `D<a>,<b>`, `(Ra + Rb) / 4` for `C<a>,<b>` and `Ra` for `S<a>`.
    pub fn references(&self, se: &[f64]) -> Vec<f64> {
        (self.0.iter())
            .map(|p| match *p {
                ModePort::Differential(a, b) => se[a - 1] + se[b - 1],
                ModePort::Common(a, b) => (se[a - 1] + se[b - 1]) / 4.0,
                ModePort::Single(a) => se[a - 1],
            })
            .collect()
    }

    /// The single-ended references (by single-ended port) of mode references `mode` (in data
    /// order), each pair's two being equal: the inverse of [`MixedModeOrder::references`].
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if a pair's common reference is not a quarter of its
    /// differential one (Touchstone cannot hold it).
    pub(crate) fn single_ended_references(&self, mode: &[f64]) -> Result<Vec<f64>> {
        let mut se = vec![0.0; self.len()];
        for (&p, &z) in self.0.iter().zip(mode) {
            match p {
                ModePort::Differential(a, b) => {
                    se[a - 1] = z / 2.0;
                    se[b - 1] = z / 2.0;
                }
                ModePort::Single(a) => se[a - 1] = z,
                ModePort::Common(..) => {}
            }
        }
        for (&p, &z) in self.0.iter().zip(mode) {
            if let ModePort::Common(a, b) = p
                && z != (se[a - 1] + se[b - 1]) / 4.0
            {
                return Err(Error::InvalidNetwork(format!(
                    "the reference of `{p}` is {z} ohm, but its differential mode's is {} ohm; \
                     a Touchstone file holds one reference per single-ended port, so common \
                     mode must be a quarter of differential",
                    se[a - 1] + se[b - 1]
                )));
            }
        }
        Ok(se)
    }

    /// The single-ended network of mixed-mode data listed in this order (the ports of
    /// `network` are the entries of the order): single-ended port `a` becomes port `a - 1`.
    /// Each pair's references become `(z_d / 2 + 2 z_c) / 2` (see [`Network::gmm2se`]), single
    /// ports keep theirs.
    ///
    /// # Errors
    /// [`Error::InvalidNetwork`] if the network does not have one port per entry, or as
    /// [`Network::gmm2se`].
    pub fn to_single_ended(&self, network: &Network) -> Result<Network> {
        let n = self.len();
        if network.nports() != n {
            return Err(Error::InvalidNetwork(format!(
                "[Mixed-Mode Order] `{self}` has {n} ports, the network {}",
                network.nports()
            )));
        }
        // pmrf's generalised mixed-mode layout: d0..dp, c0..cp, singles.
        let pairs: Vec<(usize, usize)> = (self.0.iter())
            .filter_map(|p| match *p {
                ModePort::Differential(a, b) => Some((a, b)),
                _ => None,
            })
            .collect();
        let find = |want: &dyn Fn(&ModePort) -> bool| self.0.iter().position(want);
        let mut layout = Vec::with_capacity(n); // layout port -> data port
        for &(a, b) in &pairs {
            layout.push(find(&|p| *p == ModePort::Differential(a, b)).unwrap_or(0));
        }
        for &(a, b) in &pairs {
            let common =
                |p: &ModePort| *p == ModePort::Common(a, b) || *p == ModePort::Common(b, a);
            layout.push(find(&common).unwrap_or(0));
        }
        let singles: Vec<usize> = (self.0.iter())
            .filter_map(|p| match *p {
                ModePort::Single(a) => Some(a),
                _ => None,
            })
            .collect();
        for &a in &singles {
            layout.push(find(&|p| *p == ModePort::Single(a)).unwrap_or(0));
        }
        let mm = permuted(network, &layout)?;
        let se = if pairs.is_empty() {
            mm
        } else {
            mm.gmm2se(pairs.len())?
        };
        // Layout port -> single-ended port number (0-based), then into that order.
        let mut target: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a - 1, b - 1]).collect();
        target.extend(singles.iter().map(|a| a - 1));
        let mut back = vec![0; n];
        for (from, &to) in target.iter().enumerate() {
            back[to] = from;
        }
        permuted(&se, &back)
    }
}

/// `network` with port `i` of the result taken from port `order[i]`.
fn permuted(network: &Network, order: &[usize]) -> Result<Network> {
    let (s, z0) = (network.s(), network.z0());
    let (nf, n) = (network.len(), order.len());
    let s = Array3::from_shape_fn((nf, n, n), |(k, i, j)| s[[k, order[i], order[j]]]);
    let z0 = Array2::from_shape_fn((nf, n), |(k, i)| z0[[k, order[i]]]);
    Network::new(network.frequency().clone(), s, z0).map(|net| net.with_name(network.name()))
}

impl fmt::Display for MixedModeOrder {
    /// The keyword's text: entries separated by one space (`D1,2 C1,2 S3`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for MixedModeOrder {
    type Err = Error;

    /// The keyword's text: entries `D<a>,<b>`, `C<a>,<b>` and `S<a>` (any case) separated by
    /// white space, checked as [`MixedModeOrder::new`].
    fn from_str(text: &str) -> Result<Self> {
        let entry = |tok: &str| -> Result<ModePort> {
            let bad = || {
                Error::InvalidNetwork(format!(
                    "[Mixed-Mode Order] entry `{tok}`: expected `D<a>,<b>`, `C<a>,<b>` or \
                     `S<a>` with 1-based port numbers"
                ))
            };
            let port = |t: &str| -> Result<usize> {
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                t.parse().map_err(|_| bad())
            };
            let (kind, rest) = tok.split_at_checked(1).ok_or_else(bad)?;
            match (kind.to_ascii_uppercase().as_str(), rest.split_once(',')) {
                ("S", None) => Ok(ModePort::Single(port(rest)?)),
                ("D", Some((a, b))) => Ok(ModePort::Differential(port(a)?, port(b)?)),
                ("C", Some((a, b))) => Ok(ModePort::Common(port(a)?, port(b)?)),
                _ => Err(bad()),
            }
        };
        let ports = text
            .split_ascii_whitespace()
            .map(entry)
            .collect::<Result<Vec<_>>>()?;
        Self::new(ports)
    }
}

//! Algebra on network data at any port count, as scikit-rf users do it daily: connecting and
//! cascading (`connect`), de-embedding (`deembed`), renormalising to new references (`renorm`),
//! selecting, reordering and combining ports and stitching bands (`ports`), and statistics over
//! a set of networks (`stats`).
//!
//! Every operation returns a new [`Network`] and leaves its inputs unchanged; bad input (other
//! grids, port counts or references, ports out of range, a singular fixture) is an [`Error`]
//! naming the networks by [`Network::name`] and the ports (0-based, as everywhere in code).
//! Matrices are on the heap (`ndarray`), so port counts are limited by memory only. The numbers
//! match scikit-rf 2.2.0 to 1e-12 (`tests/network_ops.rs`).

mod connect;
mod deembed;
mod ports;
mod renorm;
mod stats;

use num_complex::Complex64;

use super::Network;
use crate::{Error, Result};

/// How errors name a network: `` `name` `` or, without a name, `an unnamed 2-port`.
fn label(net: &Network) -> String {
    if net.name.is_empty() {
        format!("an unnamed {}-port", net.nports())
    } else {
        format!("`{}`", net.name)
    }
}

/// An error unless `this` and `other` are on the same frequency grid (to 1e-12 relative per point).
fn same_grid(this: &Network, other: &Network, what: &str) -> Result<()> {
    let (a, b) = (this.frequency.hz(), other.frequency.hz());
    let mismatch = if a.len() != b.len() {
        Some(format!("{} and {} points", a.len(), b.len()))
    } else {
        a.iter()
            .zip(b)
            .position(|(x, y)| (x - y).abs() > 1e-12 * x.abs().max(y.abs()))
            .map(|k| format!("point {k} is {} Hz and {} Hz", a[k], b[k]))
    };
    match mismatch {
        None => Ok(()),
        Some(why) => Err(Error::InvalidFrequency(format!(
            "cannot {what} {} and {}: they are on different frequency grids ({why}); \
                 interpolate one onto the other's grid first",
            label(this),
            label(other)
        ))),
    }
}

/// An error naming `net` unless `port` is one of its ports (0-based).
fn port_in(net: &Network, port: usize, what: &str) -> Result<()> {
    if port < net.nports() {
        Ok(())
    } else {
        Err(Error::InvalidNetwork(format!(
            "cannot {what}: port {port} is out of range for {} (ports are 0-based: 0 to {})",
            label(net),
            net.nports() - 1
        )))
    }
}

/// Whether two reference impedances agree to 1e-12 relative.
pub(crate) fn z0_close(a: Complex64, b: Complex64) -> bool {
    (a - b).norm() <= 1e-12 * a.norm().max(b.norm())
}

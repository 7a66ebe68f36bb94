//! Sets of networks: a directory of Touchstone files read into a map from name to
//! [`Network`], and a set brought onto one frequency grid.
//!
//! Maps are [`BTreeMap`]s, so iteration is in name order, the same on every run.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesR;
//! use pmrf::io::collection;
//! use pmrf::io::touchstone::WriteOptions;
//!
//! let dir = tempfile::tempdir().unwrap();
//! for (name, r, start) in [("r10", 10.0, 1.0), ("r20", 20.0, 1.5)] {
//!     let freq = Frequency::linspace(start, 3.0, 7, FrequencyUnit::GHz)?;
//!     let net = Network::from_s(freq.clone(), SeriesR::new(r).s(&freq))?;
//!     net.write_touchstone(dir.path().join(format!("{name}.s2p")), &WriteOptions::new())?;
//! }
//! let set = collection::read_dir(dir.path())?;
//! assert_eq!(set.keys().collect::<Vec<_>>(), ["r10", "r20"]);
//!
//! // One grid for all: 11 points over the band every network covers (1.5 to 3 GHz).
//! let grid = collection::common_frequency(&set, 11)?;
//! assert_eq!((grid.start(), grid.stop()), (1.5e9, 3e9));
//! let aligned = collection::interpolate(&set, &grid, Interpolation::Linear)?;
//! assert!(aligned.values().all(|n| n.frequency() == &grid));
//! # Ok::<(), pmrf::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::touchstone;
use crate::network::Interpolation;
use crate::{Error, Frequency, Network, Result};

/// Reads every Touchstone file directly in `dir` (`.sNp`, `.yNp`, `.zNp`, `.hNp`, `.gNp`, `.ts`,
/// any case; not recursive; other files are skipped) into a map from the file's stem to its
/// network, sorted by name. An empty directory gives an empty map.
///
/// # Errors
/// [`Error::Touchstone`] naming the directory if it cannot be listed, or naming the file that
/// cannot be read or is malformed; the same for two files with the same stem (`a.s1p` and
/// `a.s2p`), which would get the same name.
pub fn read_dir(dir: impl AsRef<Path>) -> Result<BTreeMap<String, Network>> {
    let dir = dir.as_ref();
    let list_error = |e: std::io::Error| Error::Touchstone {
        file: Some(dir.to_path_buf()),
        line: 0,
        message: format!("cannot list the directory: {e}"),
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(list_error)? {
        let path = entry.map_err(list_error)?.path();
        if path.is_file() && touchstone::is_touchstone_path(&path) {
            paths.push(path);
        }
    }
    paths.sort();
    let mut networks = BTreeMap::new();
    let mut sources = BTreeMap::new();
    for path in paths {
        let network = Network::from_touchstone(&path)?;
        let name = network.name().to_string();
        if let Some(first) = sources.insert(name.clone(), path.clone()) {
            return Err(Error::Touchstone {
                file: Some(path),
                line: 0,
                message: format!(
                    "`{}` has the same name `{name}` as this file; a collection is keyed by the \
                     file stem, rename one",
                    first.display()
                ),
            });
        }
        networks.insert(name, network);
    }
    Ok(networks)
}

/// The band every network of the set covers: the largest start and the smallest stop
/// frequency (Hz).
///
/// # Errors
/// [`Error::InvalidFrequency`] for an empty set, or if the networks' bands do not overlap (the
/// message names the two networks that leave no common band).
pub fn common_band(networks: &BTreeMap<String, Network>) -> Result<(f64, f64)> {
    let mut it = networks.iter();
    let Some((first, net)) = it.next() else {
        return Err(Error::InvalidFrequency(
            "an empty set of networks has no common band".into(),
        ));
    };
    let (mut lo, mut hi) = (
        (first, net.frequency().start()),
        (first, net.frequency().stop()),
    );
    for (name, net) in it {
        if net.frequency().start() > lo.1 {
            lo = (name, net.frequency().start());
        }
        if net.frequency().stop() < hi.1 {
            hi = (name, net.frequency().stop());
        }
    }
    if lo.1 > hi.1 {
        return Err(Error::InvalidFrequency(format!(
            "the networks have no common band: `{}` starts at {} Hz, after `{}` stops at {} Hz",
            lo.0, lo.1, hi.0, hi.1
        )));
    }
    Ok((lo.1, hi.1))
}

/// `npoints` evenly spaced points over the [`common_band`] of the set, in the display unit of
/// the set's first network (by name).
///
/// # Errors
/// As [`common_band`], and as [`Frequency::linspace`] (`npoints = 0`; more than one point in a
/// band that is a single frequency).
pub fn common_frequency(networks: &BTreeMap<String, Network>, npoints: usize) -> Result<Frequency> {
    let (lo, hi) = common_band(networks)?;
    let unit = networks
        .values()
        .next()
        .map_or(crate::FrequencyUnit::Hz, |n| n.frequency().unit());
    let m = unit.multiplier();
    let grid = Frequency::linspace(lo / m, hi / m, npoints, unit)?;
    // The ends exactly (dividing by the unit and multiplying back may round).
    let mut hz = grid.hz().to_vec();
    hz[0] = lo;
    if npoints > 1 {
        hz[npoints - 1] = hi;
    }
    Ok(Frequency::from_hz(hz)?.with_unit(unit))
}

/// Every network of the set interpolated onto `frequency` (see [`Network::interpolate`]),
/// under the same names.
///
/// # Errors
/// [`Error::InvalidFrequency`] naming the first network (by name) whose data do not cover
/// `frequency` (pmrf does not extrapolate; [`common_frequency`] gives a grid that fits all).
pub fn interpolate(
    networks: &BTreeMap<String, Network>,
    frequency: &Frequency,
    method: Interpolation,
) -> Result<BTreeMap<String, Network>> {
    networks
        .iter()
        .map(|(name, net)| {
            net.interpolate(frequency, method)
                .map(|n| (name.clone(), n))
                .map_err(|e| match e {
                    Error::InvalidFrequency(m) => {
                        Error::InvalidFrequency(format!("network `{name}`: {m}"))
                    }
                    other => other,
                })
        })
        .collect()
}

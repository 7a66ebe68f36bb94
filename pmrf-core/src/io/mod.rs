//! Measured and simulated data in and out: Touchstone files ([`touchstone`]) and directories of
//! them ([`collection`]).
//!
//! Everything here reads into and writes from a [`Network`](crate::Network), the one data type
//! a model's evaluation, a file and a fit target share.
//!
//! ```
//! use pmrf::prelude::*;
//! use pmrf::components::SeriesR;
//! use pmrf::io::touchstone::{self, NumberFormat, WriteOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("attenuator.s2p");
//! let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz)?;
//! let net = Network::from_s(freq.clone(), SeriesR::new(10.0).s(&freq))?;
//! net.write_touchstone(&path, &WriteOptions::new().format(NumberFormat::DecibelAngle))?;
//!
//! let back = Network::from_touchstone(&path)?;
//! assert_eq!(back.name(), "attenuator");
//! assert!((back.s()[[0, 1, 0]] - net.s()[[0, 1, 0]]).norm() < 1e-15);
//! # Ok::<(), pmrf::Error>(())
//! ```

pub mod collection;
pub mod touchstone;

//! Composition: models made of other models, whose parameter names are their parts' paths.
//!
//! A [`Cascade`] of 2-ports, two networks [`Connected`] port to port, an N-port [`Terminated`]
//! by a 1-port, a 1-port as the [`Series`] or [`Shunt`] arm of a 2-port, [`Flipped`] and
//! [`Renumbered`] ports, a part or sub-assembly [`AtTemperature`] (its physical temperature, for
//! noise, as a parameter), and a [`Circuit`] of named parts on named nets. Everything here is
//! re-exported by [`components`](super).

mod arms;
mod cascade;
pub mod circuit;
mod connected;
mod noise;
mod ports;
mod temperature;
mod terminate;

pub use arms::{Series, Shunt};
pub use cascade::{Cascade, Stages};
pub use circuit::{Circuit, CircuitSolver, GROUND, Netlist, PartList, WithBlocks};
pub use connected::Connected;
pub use ports::{Flipped, Renumbered};
pub use temperature::AtTemperature;
pub use terminate::Terminated;

//! Built-in components, all declared with `#[derive(Model)]`: lumped series and shunt R, L, C;
//! and composites whose parameter names are their parts' paths: the 2-port [`Cascade`] of any
//! number of heterogeneous 2-ports, two networks [`Connected`] port to port, an N-port
//! [`Terminated`] by a 1-port, a [`Flipped`] 2-port, a [`Renumbered`] N-port, and a
//! [`Circuit`] netlist of any of them.

mod cascade;
mod circuit;
mod connect;
pub mod lines;
mod lumped;
pub mod materials;
mod ports;
mod terminate;

pub use cascade::{Cascade, Stages};
pub use circuit::{Circuit, CircuitPart, CircuitPort, Ground, Part, PartRole, Parts, part};
pub use connect::Connected;
pub use lines::{
    CoaxialLine, DatasheetCable, DelayLine, LineSection, Microstrip, PhaseLine, PhysicalLine,
    RlgcLine, Stripline, UniformLine,
};
pub use lumped::{SeriesC, SeriesL, SeriesR, ShuntC, ShuntL, ShuntR};
pub use ports::{Flipped, Renumbered};
pub use terminate::Terminated;

//! The facade's tests, one module per file, built as one test binary: 27 binaries each
//! linked pmrf and monomorphized its generics again (about twice the build time of one).
//! Run one file's tests with `cargo test -p pmrf --test suite touchstone::`.

#[macro_use]
mod common;

mod amplifier;
mod batch;
mod cascade_fast_path;
mod circuit;
mod circuit_topologies;
mod compose;
mod data_blocks;
mod derive;
mod diff;
mod elements;
mod fit;
mod fit_many;
mod fit_parts;
mod fit_sequential;
mod gp;
mod ideal;
mod infer;
mod lines;
mod lumped;
mod magnetic;
mod materials;
mod media;
mod mixed_mode;
mod network;
mod network_data;
mod network_ops;
mod noise;
mod noise_circuit;
mod noise_compose;
mod noise_goals;
mod numerics;
mod nuts_mass;
mod optim;
mod params;
mod params_ties;
mod plot;
mod plot_corner;
mod plot_layout;
mod priors;
mod priors_joint;
mod rational;
mod reference;
mod reference_impedance;
mod samplers;
mod special;
mod tapers;
mod time_domain;
mod touchstone;
mod vector_duals;
mod workflow;
mod yield_run;

//! Fitting models to data. So far: the bounded numerical [`optim`]isers the fits run on.

pub mod optim;

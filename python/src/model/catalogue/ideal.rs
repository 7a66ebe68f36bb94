//! Ideal parts: terminations (any port count), loads, attenuators, isolators, amplifiers,
//! transformers, couplers, junctions and splitters.

use pmrf::components as pc;
use pyo3::prelude::*;

use super::{add, by_ports, part, parts};
use crate::error::{IntoPy, PmrfError};
use crate::model::PyModel;

parts! {
    /// A 1-port load of impedance `r + j x` (ohm).
    LoadZ(r, x) => LoadZ, 1;
    /// A 1-port load of reflection `gamma_re + j gamma_im` (at 50 ohm).
    LoadGamma(gamma_re, gamma_im) => LoadGamma, 1;
    /// A 1-port load of reflection `gamma_mag` at angle `gamma_deg` (degrees).
    LoadGammaPolar(gamma_mag, gamma_deg) => LoadGammaPolar, 1;
    /// A matched attenuator of `loss_db` (dB).
    Attenuator(loss_db) => Attenuator, 2;
    /// A matched isolator: forward loss `loss_db` (dB), reverse isolation `isolation_db` (dB,
    /// `inf` for none back).
    Isolator(loss_db, isolation_db) => Isolator, 2;
    /// A matched amplifier: forward gain `gain_db` (dB), reverse isolation `isolation_db` (dB,
    /// `inf` for none back).
    Amplifier(gain_db, isolation_db) => Amplifier, 2;
    /// An ideal transformer of turns ratio `n` (1 : n) as a 2-port (grounded windings).
    IdealTransformer(n) => IdealTransformer, 2;
    /// An ideal transformer of turns ratio `n` (1 : n) as a 4-port (floating windings: ports
    /// 1, 2 the primary, 3, 4 the secondary).
    IdealTransformer4(n) => IdealTransformer4, 4;
    /// The two-resistor power splitter: port 1 the common input, arms of `r` (ohm) to ports 2
    /// and 3.
    PowerSplitter(r) => PowerSplitter, 3;
}

/// An ideal, matched directional coupler: `coupling_db` (dB, port 1 to 3) and isolation
/// `isolation_db` (dB, port 1 to 4, `inf` for ideal); port 2 takes the rest.
#[pyfunction]
#[pyo3(signature = (*, coupling_db, isolation_db))]
pub fn DirectionalCoupler(coupling_db: f64, isolation_db: f64) -> PyResult<PyModel> {
    part::<_, 4>(pc::DirectionalCoupler::new(coupling_db, isolation_db).py_err()?)
}

/// An ideal open (S = 1 at every port) of `ports` ports (1 to 8).
#[pyfunction]
#[pyo3(signature = (*, ports = 1))]
pub fn Open(ports: i64) -> PyResult<PyModel> {
    by_ports!(ports, "Open", N => part::<_, N>(pc::Open::<f64, N>::default()))
}

/// An ideal short (S = -1 at every port) of `ports` ports (1 to 8).
#[pyfunction]
#[pyo3(signature = (*, ports = 1))]
pub fn Short(ports: i64) -> PyResult<PyModel> {
    by_ports!(ports, "Short", N => part::<_, N>(pc::Short::<f64, N>::default()))
}

/// A matched load (S = 0) of `ports` ports (1 to 8).
#[pyfunction]
#[pyo3(signature = (*, ports = 1))]
pub fn Match(ports: i64) -> PyResult<PyModel> {
    by_ports!(ports, "Match", N => part::<_, N>(pc::Match::<f64, N>::default()))
}

/// A port of reference impedance `z0` (ohm, default 50), as a 1-port load at 50 ohm.
#[pyfunction]
#[pyo3(signature = (*, z0 = 50.0))]
pub fn Port(z0: f64) -> PyResult<PyModel> {
    part::<_, 1>(pc::Port::new(z0))
}

/// An ideal lossless junction of `ports` ports (1 to 8, default 3) at one node:
/// `S_ii = (2 - N)/N`, `S_ij = 2/N`.
#[pyfunction]
#[pyo3(signature = (*, ports = 3))]
pub fn Junction(ports: i64) -> PyResult<PyModel> {
    by_ports!(ports, "Junction", N => part::<_, N>(pc::Junction::<f64, N>::new()))
}

/// The ideal 3-way junction (a `Junction` of 3 ports).
#[pyfunction]
pub fn Tee() -> PyResult<PyModel> {
    part::<_, 3>(pc::Tee::new())
}

/// A resistive star splitter of `ports` ports (1 to 8, default 3), each arm `r` (ohm); it
/// matches every port at `r = 50 (N - 2) / N` (the default, `None`, for 2 ports or more).
#[pyfunction]
#[pyo3(signature = (*, r = None, ports = 3))]
pub fn ResistiveSplitter(r: Option<f64>, ports: i64) -> PyResult<PyModel> {
    by_ports!(ports, "ResistiveSplitter", N => {
        // Only N >= 2 ports can be matched: a lone arm ends in an open.
        let r = match r {
            Some(r) => r,
            None if N >= 2 => pc::ResistiveSplitter::<f64, N>::MATCHED_R,
            None => {
                return Err(PmrfError::new_err(format!(
                    "ResistiveSplitter: ports = {N} has no matched arm resistance; give r (ohm)"
                )));
            }
        };
        part::<_, N>(pc::ResistiveSplitter::<f64, N> { r })
    })
}

/// Adds the ideal parts to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add!(
        m,
        Open,
        Short,
        Match,
        Port,
        LoadZ,
        LoadGamma,
        LoadGammaPolar,
        Attenuator,
        Isolator,
        Amplifier,
        IdealTransformer,
        IdealTransformer4,
        DirectionalCoupler,
        Junction,
        Tee,
        ResistiveSplitter,
        PowerSplitter,
    )
}

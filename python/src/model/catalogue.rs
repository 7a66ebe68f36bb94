//! The catalogue from Python: pmrf's parts as functions with SI keyword arguments, each
//! returning a `Model` (the Python submodule `pmrf_rs.components`).

// The functions carry the parts' names, as Python users call them (`SeriesC(c=1e-12)`).
#![allow(non_snake_case)]

use pmrf::components as pc;
use pmrf::components::materials::{BulkConductor, ConstantDielectric, PerfectConductor, Substrate};
use pyo3::prelude::*;

use super::{Leaf, PyModel};
use crate::error::IntoPy;

/// A catalogue part `model` (an `N`-port) as a `Model`, its values checked.
fn part<M, const N: usize>(model: M) -> PyResult<PyModel>
where
    M: pmrf::diff::Differentiable<N> + Clone + Send + Sync + 'static,
{
    Ok(PyModel::new(Leaf::<M, N>::new(model).py_err()?.into_dyn()))
}

/// Defines `#[pyfunction]`s of one-parameter-list parts: `name(args) = Part::new(args)`.
macro_rules! parts {
    ($($(#[$doc:meta])* $name:ident($($arg:ident),*) => $part:ident, $n:literal;)+) => {$(
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (*, $($arg),*))]
        pub fn $name($($arg: f64),*) -> PyResult<PyModel> {
            part::<_, $n>(pc::$part::new($($arg),*))
        }
    )+};
}

parts! {
    /// A resistor `r` (ohm) in series between port 1 and port 2.
    SeriesR(r) => SeriesR, 2;
    /// An inductor `l` (H) in series between port 1 and port 2.
    SeriesL(l) => SeriesL, 2;
    /// A capacitor `c` (F) in series between port 1 and port 2.
    SeriesC(c) => SeriesC, 2;
    /// A resistor `r` (ohm) from the through line to ground.
    ShuntR(r) => ShuntR, 2;
    /// An inductor `l` (H) from the through line to ground.
    ShuntL(l) => ShuntL, 2;
    /// A capacitor `c` (F) from the through line to ground.
    ShuntC(c) => ShuntC, 2;
    /// A series RLC (`r` ohm, `l` H, `c` F, in series with each other) between port 1 and 2.
    SeriesRlc(r, l, c) => SeriesRlc, 2;
    /// A series RLC (`r` ohm, `l` H, `c` F, in series with each other) from the line to ground.
    ShuntRlc(r, l, c) => ShuntRlc, 2;
    /// A resistor `r` (ohm) as a 1-port.
    Resistor(r) => Resistor, 1;
    /// An inductor `l` (H) as a 1-port.
    Inductor(l) => Inductor, 1;
    /// A capacitor `c` (F) as a 1-port.
    Capacitor(c) => Capacitor, 1;
    /// A 1-port load of impedance `r + j x` (ohm).
    LoadZ(r, x) => LoadZ, 1;
    /// A matched attenuator of `loss_db` (dB).
    Attenuator(loss_db) => Attenuator, 2;
    /// RLGC transmission line: per metre `r` (ohm/m), `l` (H/m), `g` (S/m), `c` (F/m), and
    /// `length` (m).
    RlgcLine(r, l, g, c, length) => RlgcLine, 2;
}

/// An ideal open (a 1-port, S = 1).
#[pyfunction]
pub fn Open() -> PyResult<PyModel> {
    part::<_, 1>(pc::Open::new())
}

/// An ideal short (a 1-port, S = -1).
#[pyfunction]
pub fn Short() -> PyResult<PyModel> {
    part::<_, 1>(pc::Short::new())
}

/// A matched load (a 1-port, S = 0).
#[pyfunction]
pub fn Match() -> PyResult<PyModel> {
    part::<_, 1>(pc::Match::new())
}

/// A lossless line of characteristic impedance `z0` (ohm, default 50) and delay `delay` (s).
#[pyfunction]
#[pyo3(signature = (*, delay, z0 = 50.0))]
pub fn DelayLine(delay: f64, z0: f64) -> PyResult<PyModel> {
    part::<_, 2>(pc::DelayLine::new(z0, delay))
}

/// The conductor of `sigma` (S/m, default copper 5.8e7) and `mu_r`.
fn conductor(sigma: Option<f64>, mu_r: f64) -> BulkConductor {
    BulkConductor::new(sigma.unwrap_or(BulkConductor::copper().sigma), mu_r)
}

/// A coaxial line: inner and outer diameters `d_in`, `d_out` (m), `length` (m), shield
/// thickness `t_shield` (m, default infinite), a dielectric `eps_r`, `tand` and a conductor
/// `sigma` (S/m, default copper; `inf` for a perfect conductor), `mu_r`.
#[pyfunction]
#[pyo3(signature = (*, d_in, d_out, length, eps_r = 1.0, tand = 0.0, t_shield = f64::INFINITY, sigma = None, mu_r = 1.0))]
#[allow(clippy::too_many_arguments)]
pub fn CoaxialLine(
    d_in: f64,
    d_out: f64,
    length: f64,
    eps_r: f64,
    tand: f64,
    t_shield: f64,
    sigma: Option<f64>,
    mu_r: f64,
) -> PyResult<PyModel> {
    let dielectric = ConstantDielectric::new(eps_r, tand);
    if sigma == Some(f64::INFINITY) {
        let line = pc::CoaxialLine::new(
            d_in,
            d_out,
            t_shield,
            length,
            dielectric,
            PerfectConductor::default(),
        );
        return part::<_, 2>(line.py_err()?);
    }
    let line = pc::CoaxialLine::new(
        d_in,
        d_out,
        t_shield,
        length,
        dielectric,
        conductor(sigma, mu_r),
    );
    part::<_, 2>(line.py_err()?)
}

/// A microstrip of width `w` and `length` (m) on a substrate of height `h` and metal
/// thickness `t` (m), dielectric `eps_r`, `tand`, conductor `sigma` (S/m, default copper),
/// `mu_r` (`sigma=inf`: a perfect conductor) (Hammerstad-Jensen with Kirschning-Jansen dispersion).
#[pyfunction]
#[pyo3(signature = (*, w, length, h, eps_r, t = 0.0, tand = 0.0, sigma = None, mu_r = 1.0))]
#[allow(clippy::too_many_arguments)]
pub fn Microstrip(
    w: f64,
    length: f64,
    h: f64,
    eps_r: f64,
    t: f64,
    tand: f64,
    sigma: Option<f64>,
    mu_r: f64,
) -> PyResult<PyModel> {
    let dielectric = ConstantDielectric::new(eps_r, tand);
    if sigma == Some(f64::INFINITY) {
        let substrate = Substrate::new(h, t, dielectric, PerfectConductor::default());
        return part::<_, 2>(pc::Microstrip::new(w, length, substrate));
    }
    let substrate = Substrate::new(h, t, dielectric, conductor(sigma, mu_r));
    part::<_, 2>(pc::Microstrip::new(w, length, substrate))
}

/// Adds the catalogue's functions to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(SeriesR, m)?)?;
    m.add_function(wrap_pyfunction!(SeriesL, m)?)?;
    m.add_function(wrap_pyfunction!(SeriesC, m)?)?;
    m.add_function(wrap_pyfunction!(ShuntR, m)?)?;
    m.add_function(wrap_pyfunction!(ShuntL, m)?)?;
    m.add_function(wrap_pyfunction!(ShuntC, m)?)?;
    m.add_function(wrap_pyfunction!(SeriesRlc, m)?)?;
    m.add_function(wrap_pyfunction!(ShuntRlc, m)?)?;
    m.add_function(wrap_pyfunction!(Resistor, m)?)?;
    m.add_function(wrap_pyfunction!(Inductor, m)?)?;
    m.add_function(wrap_pyfunction!(Capacitor, m)?)?;
    m.add_function(wrap_pyfunction!(LoadZ, m)?)?;
    m.add_function(wrap_pyfunction!(Attenuator, m)?)?;
    m.add_function(wrap_pyfunction!(RlgcLine, m)?)?;
    m.add_function(wrap_pyfunction!(Open, m)?)?;
    m.add_function(wrap_pyfunction!(Short, m)?)?;
    m.add_function(wrap_pyfunction!(Match, m)?)?;
    m.add_function(wrap_pyfunction!(DelayLine, m)?)?;
    m.add_function(wrap_pyfunction!(CoaxialLine, m)?)?;
    m.add_function(wrap_pyfunction!(Microstrip, m)?)?;
    Ok(())
}

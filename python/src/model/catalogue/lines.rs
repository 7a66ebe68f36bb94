//! Transmission lines built from numbers: ideal and RLGC lines, cables, the planar and
//! coaxial lines and the rectangular waveguide (dielectric and conductor as keywords),
//! tapers and the floating line.

use pmrf::components as pc;
use pmrf::components::materials::{BulkConductor, ConstantDielectric, PerfectConductor, Substrate};
use pyo3::prelude::*;

use super::{add, part, parts};
use crate::error::{IntoPy, PmrfError};
use crate::model::PyModel;

parts! {
    /// RLGC transmission line: per metre `r` (ohm/m), `l` (H/m), `g` (S/m), `c` (F/m), and
    /// `length` (m).
    RlgcLine(r, l, g, c, length) => RlgcLine, 2;
    /// A cable from its datasheet: `z0` (ohm), velocity factor `vf`, loss coefficients `k1`
    /// (dB/100 m/sqrt(MHz), conductor) and `k2` (dB/100 m/MHz, dielectric), `length` (m).
    DatasheetCable(z0, vf, k1, k2, length) => DatasheetCable, 2;
}

/// A lossless line of characteristic impedance `z0` (ohm, default 50) and delay `delay` (s).
#[pyfunction]
#[pyo3(signature = (*, delay, z0 = 50.0))]
pub fn DelayLine(delay: f64, z0: f64) -> PyResult<PyModel> {
    part::<_, 2>(pc::DelayLine::new(z0, delay))
}

/// A lossless line of characteristic impedance `z0` (ohm, default 50) and electrical length
/// `theta` (degrees) at `f0` (Hz; `f0` is fixed, not a parameter).
#[pyfunction]
#[pyo3(signature = (*, theta, f0, z0 = 50.0))]
pub fn PhaseLine(theta: f64, f0: f64, z0: f64) -> PyResult<PyModel> {
    part::<_, 2>(pc::PhaseLine::new(z0, theta, f0).py_err()?)
}

/// A line from physical data: `z0` (ohm), `eps_r`, conductor loss `loss` (dB/m) at `f_ref`
/// (Hz, fixed, not a parameter; the loss grows as `sqrt(f)`), dielectric loss tangent `tand`,
/// `length` (m).
#[pyfunction]
#[pyo3(signature = (*, z0, eps_r, loss, f_ref, tand, length))]
pub fn PhysicalLine(
    z0: f64,
    eps_r: f64,
    loss: f64,
    f_ref: f64,
    tand: f64,
    length: f64,
) -> PyResult<PyModel> {
    part::<_, 2>(pc::PhysicalLine::new(z0, eps_r, loss, f_ref, tand, length).py_err()?)
}

/// `$body` with `$c` the conductor of `$sigma` (S/m; `None` copper, `inf` a perfect
/// conductor) and `$mu_r`: the line types differ by conductor type, hence a macro.
macro_rules! on_conductor {
    ($sigma:expr, $mu_r:expr, $c:ident => $body:expr) => {
        if $sigma == Some(f64::INFINITY) {
            let $c = PerfectConductor::default();
            $body
        } else {
            let sigma = $sigma.unwrap_or(BulkConductor::copper().sigma);
            let $c = BulkConductor::new(sigma, $mu_r);
            $body
        }
    };
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
    on_conductor!(sigma, mu_r, c => {
        part::<_, 2>(pc::CoaxialLine::new(d_in, d_out, t_shield, length, dielectric, c).py_err()?)
    })
}

/// A microstrip of width `w` and `length` (m) on a substrate of height `h` and metal
/// thickness `t` (m), dielectric `eps_r`, `tand`, conductor `sigma` (S/m, default copper),
/// `mu_r` (`sigma=inf`: a perfect conductor), with Kirschning-Jansen dispersion;
/// `quasistatic` picks the static formulas: `"hammerstad-jensen"` (default) or `"wheeler"`
/// (scikit-rf's `MLine(model='wheeler')`).
#[pyfunction]
#[pyo3(signature = (*, w, length, h, eps_r, t = 0.0, tand = 0.0, sigma = None, mu_r = 1.0, quasistatic = "hammerstad-jensen"))]
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
    quasistatic: &str,
) -> PyResult<PyModel> {
    let quasistatic = match quasistatic {
        "hammerstad-jensen" => pc::Quasistatic::HammerstadJensen,
        "wheeler" => pc::Quasistatic::Wheeler,
        other => {
            return Err(PmrfError::new_err(format!(
                "Microstrip: unknown quasistatic '{other}'; expected 'hammerstad-jensen' or 'wheeler'"
            )));
        }
    };
    let dielectric = ConstantDielectric::new(eps_r, tand);
    on_conductor!(sigma, mu_r, c => {
        let substrate = Substrate::new(h, t, dielectric, c);
        part::<_, 2>(pc::Microstrip::new(w, length, substrate).with_quasistatic(quasistatic))
    })
}

/// A symmetric stripline of width `w` and `length` (m) between ground planes `h` (m) apart,
/// strip thickness `t` (m), dielectric `eps_r`, `tand`, conductor `sigma` (S/m, default
/// copper; `inf` for a perfect conductor), `mu_r`.
#[pyfunction]
#[pyo3(signature = (*, w, length, h, eps_r, t = 0.0, tand = 0.0, sigma = None, mu_r = 1.0))]
#[allow(clippy::too_many_arguments)]
pub fn Stripline(
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
    on_conductor!(sigma, mu_r, c => {
        part::<_, 2>(pc::Stripline::new(w, length, Substrate::new(h, t, dielectric, c)))
    })
}

/// A coplanar waveguide: strip width `w`, gaps `s` and `length` (m) on a substrate of height
/// `h` and metal thickness `t` (m), dielectric `eps_r`, `tand`, conductor `sigma` (S/m,
/// default copper; `inf` for a perfect conductor; a lossy one needs `t > 0`), `mu_r`;
/// `grounded=True` adds a ground plane under the substrate (CPWG).
#[pyfunction]
#[pyo3(signature = (*, w, s, length, h, eps_r, t = 0.0, tand = 0.0, sigma = None, mu_r = 1.0, grounded = false))]
#[allow(clippy::too_many_arguments)]
pub fn CoplanarWaveguide(
    w: f64,
    s: f64,
    length: f64,
    h: f64,
    eps_r: f64,
    t: f64,
    tand: f64,
    sigma: Option<f64>,
    mu_r: f64,
    grounded: bool,
) -> PyResult<PyModel> {
    let dielectric = ConstantDielectric::new(eps_r, tand);
    on_conductor!(sigma, mu_r, c => {
        let substrate = Substrate::new(h, t, dielectric, c);
        let line = if grounded {
            pc::CoplanarWaveguide::grounded(w, s, length, substrate)
        } else {
            pc::CoplanarWaveguide::new(w, s, length, substrate)
        };
        part::<_, 2>(line.py_err()?)
    })
}

/// A rectangular waveguide (TE10) of broad side `a`, narrow side `b` and `length` (m), filled
/// with a dielectric `eps_r`, `tand`, walls of conductivity `sigma` (S/m, default copper;
/// `inf` for perfect walls), `mu_r`.
#[pyfunction]
#[pyo3(signature = (*, a, b, length, eps_r = 1.0, tand = 0.0, sigma = None, mu_r = 1.0))]
#[allow(clippy::too_many_arguments)]
pub fn RectangularWaveguide(
    a: f64,
    b: f64,
    length: f64,
    eps_r: f64,
    tand: f64,
    sigma: Option<f64>,
    mu_r: f64,
) -> PyResult<PyModel> {
    let dielectric = ConstantDielectric::new(eps_r, tand);
    on_conductor!(sigma, mu_r, c => {
        part::<_, 2>(pc::RectangularWaveguide::new(a, b, length, dielectric, c).py_err()?)
    })
}

/// A stepped taper from `z1` to `z2` (ohm) in a dielectric `eps_r`, `length` (m) long, of
/// `sections` uniform sections (a setting, not a parameter); `profile` is `"linear"`, `"exponential"` or
/// `"klopfenstein"` (which needs `ripple`, the passband reflection in (0, 1)).
#[pyfunction]
#[pyo3(signature = (*, z1, z2, length, sections, eps_r = 1.0, profile = "linear", ripple = None))]
pub fn TaperedLine(
    z1: f64,
    z2: f64,
    length: f64,
    sections: i64,
    eps_r: f64,
    profile: &str,
    ripple: Option<f64>,
) -> PyResult<PyModel> {
    let Ok(sections) = usize::try_from(sections) else {
        return Err(PmrfError::new_err(format!(
            "TaperedLine: sections = {sections}; expected a section count of at least 1"
        )));
    };
    let profile = match (profile, ripple) {
        ("linear", None) => pc::TaperProfile::Linear,
        ("exponential", None) => pc::TaperProfile::Exponential,
        ("klopfenstein", Some(ripple)) => pc::TaperProfile::Klopfenstein { ripple },
        ("klopfenstein", None) => {
            return Err(PmrfError::new_err(
                "TaperedLine: profile 'klopfenstein' needs ripple (the passband reflection, 0 < ripple < 1)",
            ));
        }
        ("linear" | "exponential", Some(_)) => {
            return Err(PmrfError::new_err(format!(
                "TaperedLine: ripple is for profile 'klopfenstein' only, not '{profile}'"
            )));
        }
        (other, _) => {
            return Err(PmrfError::new_err(format!(
                "TaperedLine: unknown profile '{other}'; expected 'linear', 'exponential' or 'klopfenstein'"
            )));
        }
    };
    part::<_, 2>(pc::TaperedLine::new(profile, z1, z2, eps_r, length, sections).py_err()?)
}

/// An RLGC line (per metre `r` ohm/m, `l` H/m, `g` S/m, `c` F/m, `length` m) with its return
/// conductor floating, a 4-port: ports 1 and 2 the signal conductor at the two ends, ports 3
/// and 4 the return conductor at the same ends (scikit-rf's `Media.line_floating`).
/// Grounding ports 3 and 4 gives `RlgcLine`. Parameters `line.r`, ..., `line.length`.
#[pyfunction]
#[pyo3(signature = (*, r, l, g, c, length))]
pub fn FloatingLine(r: f64, l: f64, g: f64, c: f64, length: f64) -> PyResult<PyModel> {
    part::<_, 4>(pc::FloatingLine::new(pc::RlgcLine::new(r, l, g, c, length)))
}

/// Adds the lines to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add!(
        m,
        DelayLine,
        PhaseLine,
        RlgcLine,
        DatasheetCable,
        PhysicalLine,
        CoaxialLine,
        Microstrip,
        Stripline,
        CoplanarWaveguide,
        RectangularWaveguide,
        TaperedLine,
        FloatingLine,
    )
}

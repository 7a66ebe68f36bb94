//! `my_models`: a pmrf part written in Rust, from Python. Copy this crate to start your own
//! (see README.md).

use std::f64::consts::TAU;

use pmrf::network::twoport;
use pmrf::prelude::*;

/// A series RLC (`r` ohm, `l` H, `c` F) between port 1 and port 2 with a parasitic capacitance
/// `cp` (F) across it: `Z = Zs / (1 + j w cp Zs)`, `Zs = r + j w l + 1 / (j w c)`.
///
/// ```
/// use my_models::RlcParasitic;
/// use pmrf::prelude::*;
///
/// // At resonance of l and c, Zs = r: with no parasitic, S21 = 2 Z0 / (r + 2 Z0).
/// let part = RlcParasitic { r: 10.0, l: 1e-9, c: 1e-12, cp: 0.0 };
/// let f0 = 1.0 / (std::f64::consts::TAU * (1e-9_f64 * 1e-12).sqrt());
/// assert!((part.s_at(f0)[1][0].re - 100.0 / 110.0).abs() < 1e-9);
/// ```
#[derive(Model, Clone, Debug)]
pub struct RlcParasitic<T: Scalar = f64> {
    /// Series resistance, ohm.
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub r: T,
    /// Series inductance, H.
    #[param(unit = "H", scale = 1e-9, bounds = (0.0, f64::INFINITY))]
    pub l: T,
    /// Series capacitance, F.
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, f64::INFINITY))]
    pub c: T,
    /// Parasitic capacitance across the whole RLC, F.
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, f64::INFINITY))]
    pub cp: T,
}

/// The defaults `export_models!` starts from: the keyword arguments a Python caller leaves
/// out keep these values.
impl Default for RlcParasitic {
    fn default() -> Self {
        Self {
            r: 1.0,
            l: 1e-9,
            c: 1e-12,
            cp: 0.1e-12,
        }
    }
}

impl<T: Scalar> Component<2> for RlcParasitic<T> {
    type Domain = domain::S;
    fn primary(&self, f: T) -> Mat<T, 2> {
        let w = f * TAU;
        let j = Complex::new(T::zero(), T::one());
        let zs = Complex::new(self.r, w * self.l) + (j * (w * self.c)).inv();
        let z = zs / (j * (w * self.cp) * zs + T::one());
        twoport::series_impedance(z, 50.0)
    }
}

// The Python module `my_models`: the pmrf engine and `my_models.RlcParasitic(**params)`.
pmrf_rs::export_models!(my_models, [RlcParasitic]);

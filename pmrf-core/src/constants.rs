//! Physical constants, SI units: CODATA 2022 (the speed of light is exact by definition).

/// The speed of light in vacuum, m/s (exact).
pub const C0: f64 = 299_792_458.0;
/// The vacuum magnetic permeability, H/m (CODATA 2022).
pub const MU0: f64 = 1.256_637_061_27e-6;
/// The vacuum electric permittivity, F/m (CODATA 2022).
pub const EPS0: f64 = 8.854_187_818_8e-12;
/// The impedance of free space `mu0 c0`, ohm.
pub const ETA0: f64 = MU0 * C0;

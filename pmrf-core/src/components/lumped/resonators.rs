//! RLC resonators: R, L and C in series (`Z = R + jwL + 1/(jwC)`) or in parallel
//! (`Y = 1/R + 1/(jwL) + jwC`), each placed in series between the ports or in shunt to ground.
//!
//! Both resonate at `f0 = 1 / (2 pi sqrt(LC))`: the series RLC is `R` there (a notch when in
//! shunt, a band-pass when in series), the parallel RLC is `R` there too (a band-stop in series,
//! a band-pass in shunt). The limits are those of the elements: at DC the series RLC is an open
//! (its C) and the parallel RLC a short (its L); `C = 0` opens a series RLC, `L = 0` shorts a
//! parallel one; `R = inf` removes the resistor from a parallel RLC and opens a series one.

use super::{
    Component, Mat, Model, Scalar, Z0, domain, lumped, recip_inf, series_y, y_series_rlc,
    z_parallel_rlc,
};
use crate::network::twoport::{
    series_admittance, series_admittance_abcd, series_impedance, series_impedance_abcd,
    shunt_admittance, shunt_admittance_abcd, shunt_impedance, shunt_impedance_abcd,
};

lumped!(
    /// A series RLC (R, L and C in series) in series between port 1 and port 2:
    /// `Z = R + jwL + 1/(jwC)`. A band-pass: `Z = R` at `f0 = 1/(2 pi sqrt(LC))`, an open at
    /// DC.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesRlc;
    ///
    /// let (r, l, c): (f64, f64, f64) = (5.0, 10e-9, 1e-12);
    /// let f0 = 1.0 / (std::f64::consts::TAU * (l * c).sqrt());
    /// let s = SeriesRlc::new(r, l, c).s_at(f0);
    /// // At resonance only R is left: S21 = 100 / (R + 100).
    /// assert!((s[1][0] - 100.0 / (r + 100.0)).norm() < 1e-12);
    /// ```
    SeriesRlc {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm";
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
    }
    |m, f| series_admittance(y_series_rlc(f, m.r, m.l, m.c), Z0),
    y: |m, f| series_y(y_series_rlc(f, m.r, m.l, m.c)),
    abcd: |m, f| series_admittance_abcd(y_series_rlc(f, m.r, m.l, m.c))
);

lumped!(
    /// A series RLC from the through line to ground: `Z = R + jwL + 1/(jwC)`. A notch
    /// (band-stop) at `f0 = 1/(2 pi sqrt(LC))`, a thru at DC.
    ShuntRlc {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm";
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
    }
    |m, f| shunt_admittance(y_series_rlc(f, m.r, m.l, m.c), Z0),
    y: |_m, _f| None,
    abcd: |m, f| shunt_admittance_abcd(y_series_rlc(f, m.r, m.l, m.c))
);

lumped!(
    /// A parallel RLC (R, L and C in parallel, a tank) in series between port 1 and port 2:
    /// `Y = 1/R + 1/(jwL) + jwC`. A band-stop: `Y = 1/R` at `f0 = 1/(2 pi sqrt(LC))`, a thru at
    /// DC. `R = inf` is a lossless tank; its parameter table holds `r` there (fits and
    /// gradients vary `l` and `c`: see [`Params`](crate::Params)).
    SeriesParallelRlc {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm";
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
    }
    |m, f| series_impedance(z_parallel_rlc(f, m.r, m.l, m.c), Z0),
    y: |m, f| series_y(recip_inf(z_parallel_rlc(f, m.r, m.l, m.c))),
    abcd: |m, f| series_impedance_abcd(z_parallel_rlc(f, m.r, m.l, m.c))
);

lumped!(
    /// A parallel RLC (a tank) from the through line to ground: `Y = 1/R + 1/(jwL) + jwC`.
    /// A band-pass: `Y = 1/R` at `f0 = 1/(2 pi sqrt(LC))`, a short at DC.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::ShuntParallelRlc;
    ///
    /// // A lossless tank (R = inf) is transparent at resonance and shorts DC. Its table holds
    /// // r at inf: fits and gradients vary l and c.
    /// let (l, c) = (2e-9, 5e-12);
    /// let tank = ShuntParallelRlc::new(f64::INFINITY, l, c);
    /// let f0 = 1.0 / (std::f64::consts::TAU * (l * c).sqrt());
    /// assert!((tank.s_at(f0)[1][0] - 1.0).norm() < 1e-12);
    /// assert_eq!(tank.s_at(0.0)[0][0], Complex::new(-1.0, 0.0));
    /// assert_eq!(tank.params()?.partition(&Filter::Free)?.names(), ["l", "c"]);
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    ShuntParallelRlc {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm";
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
    }
    |m, f| shunt_impedance(z_parallel_rlc(f, m.r, m.l, m.c), Z0),
    y: |_m, _f| None,
    abcd: |m, f| shunt_impedance_abcd(z_parallel_rlc(f, m.r, m.l, m.c))
);

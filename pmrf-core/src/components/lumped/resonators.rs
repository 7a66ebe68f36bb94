//! RLC resonators: R, L and C in series (`Z = R + jwL + 1/(jwC)`) or in parallel
//! (`Y = 1/R + 1/(jwL) + jwC`), each a two-terminal element ([`RlcSeries`], [`RlcParallel`])
//! or placed in series between the ports or in shunt to ground.
//!
//! Both resonate at `f0 = 1 / (2 pi sqrt(LC))`: the series RLC is `R` there (a notch when in
//! shunt, a band-pass when in series), the parallel RLC is `R` there too (a band-stop in series,
//! a band-pass in shunt). The limits are those of the elements: at DC the series RLC is an open
//! (its C) and the parallel RLC a short (its L); `C = 0` opens a series RLC, `L = 0` shorts a
//! parallel one; `R = inf` removes the resistor from a parallel RLC and opens a series one.

use super::{
    Component, Immittance, Mat, Model, Scalar, domain, element, y_series_rlc, z_parallel_rlc,
};

element!(
    /// A series RLC (R, L and C in series), `Z = R + jwL + 1/(jwC)`: a two-terminal element
    /// (a 1-port). `Z = R` at `f0 = 1/(2 pi sqrt(LC))`, an open at DC.
    ///
    /// Named by its topology, `Rlc` first: in this catalogue a `Series` or `Shunt` prefix says
    /// where a 2-port places its element ([`SeriesRlc`], [`ShuntRlc`]).
    RlcSeries,
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
    SeriesRlc,
    /// A series RLC from the through line to ground: `Z = R + jwL + 1/(jwC)`. A notch
    /// (band-stop) at `f0 = 1/(2 pi sqrt(LC))`, a thru at DC.
    ShuntRlc,
    {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm";
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
    }
    |m, f| Immittance::Y(y_series_rlc(f, m.r, m.l, m.c))
);

element!(
    /// A parallel RLC (R, L and C in parallel, a tank), `Y = 1/R + 1/(jwL) + jwC`: a
    /// two-terminal element (a 1-port). `Z = R` at `f0 = 1/(2 pi sqrt(LC))`, a short at DC.
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::RlcParallel;
    ///
    /// let (r, l, c): (f64, f64, f64) = (200.0, 2e-9, 5e-12);
    /// let tank = RlcParallel::new(r, l, c);
    /// let f0 = 1.0 / (std::f64::consts::TAU * (l * c).sqrt());
    /// // At resonance only R is left: S = (200 - 50) / (200 + 50).
    /// assert!((tank.s_at(f0)[0][0] - 0.6).norm() < 1e-12);
    /// assert_eq!(tank.s_at(0.0)[0][0], Complex::new(-1.0, 0.0)); // its L shorts DC
    /// ```
    RlcParallel,
    /// A parallel RLC (R, L and C in parallel, a tank) in series between port 1 and port 2:
    /// `Y = 1/R + 1/(jwL) + jwC`. A band-stop: `Y = 1/R` at `f0 = 1/(2 pi sqrt(LC))`, a thru at
    /// DC. `R = inf` is a lossless tank; its parameter table holds `r` there (fits and
    /// gradients vary `l` and `c`: see [`Params`](crate::Params)).
    SeriesParallelRlc,
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
    ShuntParallelRlc,
    {
        r: "ohm", 1.0, (0.0, f64::INFINITY), "Resistance, in ohm";
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
    }
    |m, f| Immittance::Z(z_parallel_rlc(f, m.r, m.l, m.c))
);

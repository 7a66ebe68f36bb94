//! Lossy capacitors and inductors: a constant quality factor `Q`, or a series resistance (ESR);
//! each a two-terminal element or placed in series or in shunt.
//!
//! Two loss models cover what datasheets give:
//!
//! * **Constant Q** ([`CapacitorQ`], [`InductorQ`]; [`SeriesCQ`], [`ShuntLQ`], ...), as ParamRF's
//!   `CapacitorQ` and `InductorQ`: `Q = |X| / R`, the ratio of the reactance to the series loss
//!   resistance, is the same at every frequency, so the loss resistance scales as `1 / f` for a
//!   capacitor and as `f` for an inductor. `Z_C = (1 + j/Q) / (jwC) = 1/(wCQ) + 1/(jwC)` and
//!   `Z_L = wL (1/Q + j)`. This is the usual model for fitting a part over a band around the
//!   frequency its Q is quoted at.
//! * **Series resistance** ([`CapacitorEsr`], [`InductorEsr`]; [`SeriesCEsr`], ...):
//!   `Z_C = ESR + 1/(jwC)`, `Z_L = ESR + jwL`, with a frequency-independent ESR (a capacitor's
//!   ESR, an inductor's DC resistance), so `Q = 1/(wC ESR)` falls and `Q = wL/ESR` rises with
//!   frequency.
//!
//! (scikit-rf's `capacitor_q` and `inductor_q` are other models again: a parallel resistance
//! fixed by the Q at one frequency, resp. a series resistance growing from a DC value; build
//! them from these parts or a user [`Component`] if you need them.)
//!
//! At DC a capacitor is an open and an inductor a short for every value of C, L, Q and ESR
//! (the loss resistance `wL/Q` of an inductor vanishes there, even for `Q = 0`); `Q = inf` or
//! `ESR = 0` is the lossless element, `Q = 0` or `ESR = inf` an open in place of the element at
//! `f > 0`. An infinite C or L (which [`Model::with_params`] rejects as non-finite) is the
//! lossless short / open it tends to, with its series ESR kept.

use num_complex::Complex;

use super::{
    Component, Immittance, Mat, Model, Scalar, domain, element, immittance, inv, j_over, mul0,
    w_times, y_series_rlc,
};

/// `Y = jwC / (1 + j/Q)`, the admittance of `Z = (1 + j/Q) / (jwC)`: `0` at DC, at `C = 0`
/// (derivative `jw / (1 + j/Q)` in C there) and at `Q = 0`; an infinite C is a short.
#[inline]
fn y_cq<T: Scalar>(f: T, c: T, q: T) -> Complex<T> {
    let wc = w_times(f, c);
    if wc.re().is_infinite() {
        return Complex::new(T::from(f64::INFINITY), T::zero());
    }
    j_over(wc, T::one(), inv(q))
}

/// `Z = wL (1/Q + j)`.
#[inline]
fn z_lq<T: Scalar>(f: T, l: T, q: T) -> Complex<T> {
    let wl = w_times(f, l);
    immittance(mul0(wl, inv(q)), wl)
}

/// `Z = ESR + jwL`.
#[inline]
fn z_lesr<T: Scalar>(f: T, l: T, esr: T) -> Complex<T> {
    immittance(esr, w_times(f, l))
}

element!(
    /// A capacitor of constant quality factor `Q`, `Z = (1 + j/Q) / (jwC)`: a two-terminal
    /// element (a 1-port), an open at DC. ParamRF's `CapacitorQ`; see [`SeriesCQ`].
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::CapacitorQ;
    ///
    /// // 1 pF with Q = 100 at 1 GHz: Z = X / 100 - jX with X = 1 / (wC) = 159.15 ohm.
    /// let (c, q, f) = (1e-12, 100.0, 1e9);
    /// let x = 1.0 / (std::f64::consts::TAU * f * c);
    /// let z = Complex::new(x / q, -x);
    /// let s = CapacitorQ::new(c, q).s_at(f)[0][0];
    /// assert!((s - (z - 50.0) / (z + 50.0)).norm() < 1e-15);
    /// assert!(s.norm() < 1.0); // lossy
    /// ```
    CapacitorQ,
    /// A capacitor of constant quality factor `Q` in series between port 1 and port 2:
    /// `Z = (1 + j/Q) / (jwC)`, that is a loss resistance `1/(wCQ)` in series with `C`.
    ///
    /// Source: ParamRF `CapacitorQ`; `Q = |X|/R` as in D. M. Pozar, *Microwave Engineering*,
    /// 4th ed., Wiley 2011, sec. 6.1. An open at DC; `Q = inf` is [`SeriesC`](super::SeriesC).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesCQ;
    ///
    /// // 1 pF with Q = 100 at 1 GHz: X = 159.15 ohm, R = X / 100.
    /// let (c, q, f) = (1e-12, 100.0, 1e9);
    /// let x = 1.0 / (std::f64::consts::TAU * f * c);
    /// let z = Complex::new(x / q, -x);
    /// let s = SeriesCQ::new(c, q).s_at(f);
    /// assert!((s[1][0] - 100.0 / (z + 100.0)).norm() < 1e-15);
    /// assert!(SeriesCQ::new(c, q).network(&Frequency::from_hz([f])?)?.is_passive(1e-12));
    /// # Ok::<(), pmrf::Error>(())
    /// ```
    SeriesCQ,
    /// A capacitor of constant quality factor `Q` from the through line to ground:
    /// `Z = (1 + j/Q) / (jwC)` (see [`SeriesCQ`]). A thru at DC.
    ShuntCQ,
    {
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
        q: "", 1.0, (0.0, f64::INFINITY), "Quality factor `|X| / R` (dimensionless)";
    }
    |m, f| Immittance::Y(y_cq(f, m.c, m.q))
);

element!(
    /// An inductor of constant quality factor `Q`, `Z = wL (1/Q + j)`: a two-terminal element
    /// (a 1-port), a short at DC. ParamRF's `InductorQ`; see [`SeriesLQ`].
    InductorQ,
    /// An inductor of constant quality factor `Q` in series between port 1 and port 2:
    /// `Z = wL (1/Q + j)`, that is a loss resistance `wL/Q` in series with `L`.
    ///
    /// Source: ParamRF `InductorQ`; `Q = X/R` as in Pozar, *Microwave Engineering*, sec. 6.1.
    /// A thru at DC; `Q = inf` is [`SeriesL`](super::SeriesL).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::SeriesLQ;
    ///
    /// // 10 nH with Q = 40 at 2 GHz: |S21|^2 < 1 by the loss, and a thru at DC.
    /// let ind = SeriesLQ::new(10e-9, 40.0);
    /// let wl = std::f64::consts::TAU * 2e9 * 10e-9;
    /// let z = Complex::new(wl / 40.0, wl);
    /// assert!((ind.s_at(2e9)[0][0] - z / (z + 100.0)).norm() < 1e-15);
    /// assert_eq!(ind.s_at(0.0)[1][0], Complex::new(1.0, 0.0));
    /// ```
    SeriesLQ,
    /// An inductor of constant quality factor `Q` from the through line to ground:
    /// `Z = wL (1/Q + j)` (see [`SeriesLQ`]). A short at DC.
    ShuntLQ,
    {
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        q: "", 1.0, (0.0, f64::INFINITY), "Quality factor `X / R` (dimensionless)";
    }
    |m, f| Immittance::Z(z_lq(f, m.l, m.q))
);

element!(
    /// A capacitor with an equivalent series resistance, `Z = ESR + 1/(jwC)`: a two-terminal
    /// element (a 1-port), an open at DC; `ESR = 0` is a [`Capacitor`](super::Capacitor).
    CapacitorEsr,
    /// A capacitor with an equivalent series resistance in series between port 1 and port 2:
    /// `Z = ESR + 1/(jwC)`. An open at DC; `ESR = 0` is [`SeriesC`](super::SeriesC).
    ///
    /// ```
    /// use pmrf::prelude::*;
    /// use pmrf::components::{SeriesCEsr, SeriesR};
    ///
    /// // A large DC block: 100 nF with 0.1 ohm ESR is almost a 0.1 ohm resistor at 1 GHz.
    /// let s = SeriesCEsr::new(100e-9, 0.1).s_at(1e9);
    /// assert!((s[0][0] - SeriesR::new(0.1).s_at(1e9)[0][0]).norm() < 2e-5);
    /// assert_eq!(SeriesCEsr::new(100e-9, 0.1).s_at(0.0)[0][0], Complex::new(1.0, 0.0));
    /// ```
    SeriesCEsr,
    /// A capacitor with an equivalent series resistance from the through line to ground:
    /// `Z = ESR + 1/(jwC)`. A thru at DC; `ESR = 0` is [`ShuntC`](super::ShuntC).
    ShuntCEsr,
    {
        c: "F", 1e-12, (0.0, f64::INFINITY), "Capacitance, in F";
        esr: "ohm", 1.0, (0.0, f64::INFINITY), "Equivalent series resistance, in ohm";
    }
    |m, f| Immittance::Y(y_series_rlc(f, m.esr, T::zero(), m.c))
);

element!(
    /// An inductor with a series (winding) resistance, `Z = ESR + jwL`: a two-terminal
    /// element (a 1-port), the resistance alone at DC; `ESR = 0` is an
    /// [`Inductor`](super::Inductor).
    InductorEsr,
    /// An inductor with a series (winding) resistance in series between port 1 and port 2:
    /// `Z = ESR + jwL`. The resistance alone at DC; `ESR = 0` is [`SeriesL`](super::SeriesL).
    SeriesLEsr,
    /// An inductor with a series (winding) resistance from the through line to ground:
    /// `Z = ESR + jwL`. The resistance alone to ground at DC; `ESR = 0` is
    /// [`ShuntL`](super::ShuntL).
    ShuntLEsr,
    {
        l: "H", 1e-9, (0.0, f64::INFINITY), "Inductance, in H";
        esr: "ohm", 1.0, (0.0, f64::INFINITY), "Series (DC) resistance, in ohm";
    }
    |m, f| Immittance::Z(z_lesr(f, m.l, m.esr))
);

//! Two-terminal elements (1-ports): each against its closed form `(Z - 50) / (Z + 50)` at
//! several frequencies, DC and its limits included; as the arm of `Series` / `Shunt`, equal to
//! the 2-port `SeriesX` / `ShuntX` of the same parameters (one immittance, three placements);
//! `try_y_at` against S; parameters as the 2-ports'; derivatives against central differences.

use std::f64::consts::TAU;
use std::fmt::Debug;

use pmrf::components::{
    Admittance, Capacitor, CapacitorEsr, CapacitorQ, Impedance, Inductor, InductorEsr, InductorQ,
    Resistor, RlcParallel, RlcSeries, Series, SeriesAdmittance, SeriesC, SeriesCEsr, SeriesCQ,
    SeriesImpedance, SeriesL, SeriesLEsr, SeriesLQ, SeriesParallelRlc, SeriesR, SeriesRlc, Shunt,
    ShuntAdmittance, ShuntC, ShuntCEsr, ShuntCQ, ShuntImpedance, ShuntL, ShuntLEsr, ShuntLQ,
    ShuntParallelRlc, ShuntR, ShuntRlc,
};
use pmrf::prelude::*;

use crate::common;
use common::{assert_central_differences, max_dev};

type C = Complex<f64>;
const INF: f64 = f64::INFINITY;
/// DC, low, mid and high frequencies (Hz).
const FREQS: [f64; 5] = [0.0, 1e6, 450e6, 1.3e9, 7.3e9];
const OPEN: C = C::new(1.0, 0.0);
const SHORT: C = C::new(-1.0, 0.0);

fn j() -> C {
    C::new(0.0, 1.0)
}

/// The textbook reflection of an impedance `z` at 50 ohm.
fn gamma_z(z: C) -> C {
    (z - 50.0) / (z + 50.0)
}

/// The textbook reflection of an admittance `y` at 50 ohm.
fn gamma_y(y: C) -> C {
    (1.0 - y * 50.0) / (1.0 + y * 50.0)
}

fn w(f: f64) -> f64 {
    TAU * f
}

/// `m`'s reflection at `f` is `want` within 1e-14 (and exactly, if `want` is an open or short).
fn check<M: Component<1, Scalar = f64> + Debug>(m: &M, f: f64, want: C) {
    let got = m.s_at(f)[0][0];
    if want == OPEN || want == SHORT {
        assert_eq!(got, want, "{m:?} at {f} Hz");
    } else {
        assert!(
            (got - want).norm() < 1e-14,
            "{m:?} at {f} Hz: {got} vs {want}"
        );
    }
}

#[test]
fn ideal_elements_match_their_closed_forms() {
    for f in FREQS {
        for r in [0.0, 12.5, 50.0, 1e3, 1e12] {
            check(&Resistor::new(r), f, gamma_z(C::new(r, 0.0)));
        }
        check(&Resistor::new(INF), f, OPEN);
        for l in [1e-10, 4.7e-9, 1e-6] {
            let want = if f == 0.0 {
                SHORT
            } else {
                gamma_z(j() * w(f) * l)
            };
            check(&Inductor::new(l), f, want);
        }
        check(&Inductor::new(0.0), f, SHORT);
        check(&Inductor::new(INF), f, if f == 0.0 { SHORT } else { OPEN });
        for c in [1e-14, 2.2e-12, 1e-9] {
            check(&Capacitor::new(c), f, gamma_y(j() * w(f) * c));
        }
        check(&Capacitor::new(0.0), f, OPEN);
        check(&Capacitor::new(INF), f, if f == 0.0 { OPEN } else { SHORT });
    }
    // A matched resistor reflects nothing, exactly.
    assert_eq!(Resistor::new(50.0).s_at(1e9)[0][0], C::new(0.0, 0.0));
}

#[test]
fn lossy_elements_match_their_closed_forms() {
    for f in FREQS.into_iter().filter(|&f| f > 0.0) {
        let wf = w(f);
        for (c, q) in [(1e-12, 50.0), (3.3e-12, 400.0), (1e-10, 2.0)] {
            let z = (1.0 + j() / q) / (j() * wf * c);
            check(&CapacitorQ::new(c, q), f, gamma_z(z));
            check(
                &CapacitorEsr::new(c, 1.0 / q),
                f,
                gamma_z(1.0 / q + 1.0 / (j() * wf * c)),
            );
        }
        for (l, q) in [(1e-9, 30.0), (22e-9, 80.0), (1e-7, 0.5)] {
            check(
                &InductorQ::new(l, q),
                f,
                gamma_z(C::new(wf * l / q, wf * l)),
            );
            check(&InductorEsr::new(l, q), f, gamma_z(C::new(q, wf * l)));
        }
        // Q = inf and ESR = 0 are the lossless elements; Q = 0 or ESR = inf opens them.
        check(&CapacitorQ::new(1e-12, INF), f, gamma_y(j() * wf * 1e-12));
        check(&InductorQ::new(1e-9, INF), f, gamma_z(j() * wf * 1e-9));
        check(&CapacitorEsr::new(1e-12, 0.0), f, gamma_y(j() * wf * 1e-12));
        check(&InductorEsr::new(1e-9, 0.0), f, gamma_z(j() * wf * 1e-9));
        check(&CapacitorQ::new(1e-12, 0.0), f, OPEN);
        check(&InductorQ::new(1e-9, 0.0), f, OPEN);
        check(&CapacitorEsr::new(1e-12, INF), f, OPEN);
        check(&InductorEsr::new(1e-9, INF), f, OPEN);
        // An infinite C leaves its ESR.
        check(&CapacitorEsr::new(INF, 7.0), f, gamma_z(C::new(7.0, 0.0)));
    }
    // At DC a capacitor is an open and an inductor a short (plus its ESR), whatever the losses.
    for q in [0.0, 3.0, INF] {
        check(&CapacitorQ::new(1e-12, q), 0.0, OPEN);
        check(&InductorQ::new(1e-9, q), 0.0, SHORT);
        check(&CapacitorEsr::new(1e-12, q), 0.0, OPEN);
    }
    check(&InductorEsr::new(1e-9, 0.0), 0.0, SHORT);
    check(
        &InductorEsr::new(1e-9, 20.0),
        0.0,
        gamma_z(C::new(20.0, 0.0)),
    );
}

#[test]
fn resonators_and_immittances_match_their_closed_forms() {
    let (r, l, c) = (3.0, 8e-9, 1.5e-12);
    let f0 = 1.0 / (TAU * (l * c).sqrt());
    for f in FREQS.into_iter().filter(|&f| f > 0.0).chain([f0]) {
        let wf = w(f);
        let z = r + j() * wf * l + 1.0 / (j() * wf * c);
        check(&RlcSeries::new(r, l, c), f, gamma_z(z));
        let y = 1.0 / (r * 100.0) + 1.0 / (j() * wf * l) + j() * wf * c;
        check(&RlcParallel::new(r * 100.0, l, c), f, gamma_y(y));
    }
    // At resonance only R is left; lossless, a short (series) or an open (parallel).
    check(&RlcSeries::new(r, l, c), f0, gamma_z(C::new(r, 0.0)));
    check(
        &RlcParallel::new(300.0, l, c),
        f0,
        gamma_z(C::new(300.0, 0.0)),
    );
    assert!((RlcSeries::new(0.0, l, c).s_at(f0)[0][0] - SHORT).norm() < 1e-7);
    assert!((RlcParallel::new(INF, l, c).s_at(f0)[0][0] - OPEN).norm() < 1e-7);
    // DC and the zero limits.
    check(&RlcSeries::new(r, l, c), 0.0, OPEN);
    check(&RlcParallel::new(r, l, c), 0.0, SHORT);
    check(&RlcSeries::new(r, l, 0.0), 1e9, OPEN);
    check(&RlcParallel::new(r, 0.0, c), 1e9, SHORT);
    check(&RlcSeries::new(INF, l, c), 1e9, OPEN);

    for f in FREQS {
        for (a, b) in [(0.0, 0.0), (30.0, -40.0), (50.0, 0.0), (1e3, 2e3)] {
            check(&Impedance::new(a, b), f, gamma_z(C::new(a, b)));
            check(
                &Admittance::new(a * 1e-3, b * 1e-3),
                f,
                gamma_y(C::new(a, b) * 1e-3),
            );
        }
        check(&Impedance::new(0.0, 0.0), f, SHORT);
        check(&Impedance::new(INF, 0.0), f, OPEN);
        check(&Impedance::new(10.0, -INF), f, OPEN);
        check(&Admittance::new(0.0, 0.0), f, OPEN);
        check(&Admittance::new(0.0, INF), f, SHORT);
    }
}

/// `one` as the arm of `Series` and of `Shunt` equals the 2-ports `series` and `shunt`, to
/// 1e-14 at every frequency; so do their Y-parameters and they agree on having none.
fn check_placements<P, S, H>(one: P, series: S, shunt: H)
where
    P: Component<1, Scalar = f64> + Clone + Debug,
    S: Component<2, Scalar = f64>,
    H: Component<2, Scalar = f64>,
    Series<P>: Component<2, Scalar = f64>,
    Shunt<P>: Component<2, Scalar = f64>,
{
    for f in FREQS {
        let (arm_s, arm_h) = (Series::new(one.clone()), Shunt::new(one.clone()));
        let dev = max_dev(&arm_s.s_at(f), &series.s_at(f));
        assert!(dev < 1e-14, "Series({one:?}) at {f} Hz: {dev:e}");
        let dev = max_dev(&arm_h.s_at(f), &shunt.s_at(f));
        assert!(dev < 1e-14, "Shunt({one:?}) at {f} Hz: {dev:e}");
        // The series 2-port's Y is the 1-port's y in the stamp y [[1, -1], [-1, 1]].
        let y = one.try_y_at(f).map(|[[y]]| [[y, -y], [-y, y]]);
        assert_eq!(y, series.try_y_at(f), "{one:?} at {f} Hz");
        assert!(shunt.try_y_at(f).is_none());
    }
}

#[test]
fn series_and_shunt_arms_equal_the_two_ports() {
    for r in [0.0, 20.0, 50.0, 5e3, INF] {
        check_placements(Resistor::new(r), SeriesR::new(r), ShuntR::new(r));
    }
    for l in [0.0, 2e-9, 1e-6, INF] {
        check_placements(Inductor::new(l), SeriesL::new(l), ShuntL::new(l));
    }
    for c in [0.0, 1e-12, 1e-9, INF] {
        check_placements(Capacitor::new(c), SeriesC::new(c), ShuntC::new(c));
    }
    for (c, q) in [
        (1e-12, 60.0),
        (1e-12, 0.0),
        (1e-12, INF),
        (0.0, 5.0),
        (4e-11, 3.0),
    ] {
        check_placements(
            CapacitorQ::new(c, q),
            SeriesCQ::new(c, q),
            ShuntCQ::new(c, q),
        );
        let esr = if q == 0.0 { INF } else { 1.0 / q };
        let (ser, sh) = (SeriesCEsr::new(c, esr), ShuntCEsr::new(c, esr));
        check_placements(CapacitorEsr::new(c, esr), ser, sh);
    }
    for (l, q) in [
        (3e-9, 40.0),
        (3e-9, 0.0),
        (3e-9, INF),
        (0.0, 5.0),
        (1e-7, 0.7),
    ] {
        check_placements(
            InductorQ::new(l, q),
            SeriesLQ::new(l, q),
            ShuntLQ::new(l, q),
        );
        check_placements(
            InductorEsr::new(l, q),
            SeriesLEsr::new(l, q),
            ShuntLEsr::new(l, q),
        );
    }
    let (l, c) = (8e-9, 1.5e-12);
    for (r, l, c) in [
        (3.0, l, c),
        (0.0, l, c),
        (INF, l, c),
        (3.0, 0.0, c),
        (3.0, l, 0.0),
    ] {
        let (ser, sh) = (SeriesRlc::new(r, l, c), ShuntRlc::new(r, l, c));
        check_placements(RlcSeries::new(r, l, c), ser, sh);
        let (ser, sh) = (
            SeriesParallelRlc::new(r, l, c),
            ShuntParallelRlc::new(r, l, c),
        );
        check_placements(RlcParallel::new(r, l, c), ser, sh);
    }
    for (a, b) in [
        (0.0, 0.0),
        (30.0, -40.0),
        (1e3, 2e3),
        (INF, 0.0),
        (0.0, INF),
    ] {
        let (ser, sh) = (SeriesImpedance::new(a, b), ShuntImpedance::new(a, b));
        check_placements(Impedance::new(a, b), ser, sh);
        let (g, b) = (a * 1e-3, b * 1e-3);
        let (ser, sh) = (SeriesAdmittance::new(g, b), ShuntAdmittance::new(g, b));
        check_placements(Admittance::new(g, b), ser, sh);
    }
}

/// `m.try_y_at` is the `y = (1 - S) / (1 + S) / 50` of its S, to 1e-12, at `f > 0`.
fn check_y<M: Component<1, Scalar = f64> + Debug>(m: M) {
    for f in FREQS.into_iter().filter(|&f| f > 0.0) {
        let g = m.s_at(f)[0][0];
        let y = m.try_y_at(f).expect("a finite admittance")[0][0];
        let want = (1.0 - g) / (1.0 + g) / 50.0;
        assert!(
            (y - want).norm() < 1e-12 * want.norm(),
            "{m:?} at {f} Hz: {y} vs {want}"
        );
    }
}

#[test]
fn try_y_at_agrees_with_s() {
    check_y(Resistor::new(20.0));
    check_y(Inductor::new(3e-9));
    check_y(Capacitor::new(1e-12));
    check_y(CapacitorQ::new(1e-12, 40.0));
    check_y(InductorQ::new(3e-9, 25.0));
    check_y(CapacitorEsr::new(1e-12, 0.5));
    check_y(InductorEsr::new(3e-9, 2.0));
    check_y(RlcSeries::new(4.0, 8e-9, 1.5e-12));
    check_y(RlcParallel::new(400.0, 8e-9, 1.5e-12));
    check_y(Impedance::new(30.0, -40.0));
    check_y(Admittance::new(0.02, 0.01));
    // Exact values at the limits: a short has no Y, an open has y = 0.
    let zero = Some([[C::new(0.0, 0.0)]]);
    assert!(Resistor::new(0.0).try_y_at(1e9).is_none());
    assert!(Inductor::new(3e-9).try_y_at(0.0).is_none());
    assert!(Admittance::new(0.0, INF).try_y_at(1e9).is_none());
    assert_eq!(Resistor::new(INF).try_y_at(1e9), zero);
    assert_eq!(Capacitor::new(1e-12).try_y_at(0.0), zero);
    assert_eq!(
        Capacitor::new(1e-12).try_y_at(1e9),
        Some([[j() * w(1e9) * 1e-12]])
    );
    assert_eq!(
        Admittance::new(0.02, -0.01).try_y_at(5e9),
        Some([[C::new(0.02, -0.01)]])
    );
}

/// Names, units, scales and bounds of `m`'s parameters.
fn metadata<M: Model<Scalar = f64>>(m: &M) -> Vec<(String, pmrf::params::ParamMeta)> {
    let params = m.params().unwrap();
    params
        .iter()
        .map(|p| (p.name().to_string(), p.meta().clone()))
        .collect()
}

#[test]
fn parameters_are_the_two_ports() {
    assert_eq!(metadata(&Resistor::new(1.0)), metadata(&SeriesR::new(1.0)));
    assert_eq!(metadata(&Inductor::new(1e-9)), metadata(&ShuntL::new(1e-9)));
    assert_eq!(
        metadata(&Capacitor::new(1e-12)),
        metadata(&SeriesC::new(1e-12))
    );
    let (c, l, q) = (1e-12, 1e-9, 30.0);
    assert_eq!(
        metadata(&CapacitorQ::new(c, q)),
        metadata(&SeriesCQ::new(c, q))
    );
    assert_eq!(
        metadata(&InductorQ::new(l, q)),
        metadata(&ShuntLQ::new(l, q))
    );
    assert_eq!(
        metadata(&CapacitorEsr::new(c, q)),
        metadata(&ShuntCEsr::new(c, q))
    );
    assert_eq!(
        metadata(&InductorEsr::new(l, q)),
        metadata(&SeriesLEsr::new(l, q))
    );
    assert_eq!(
        metadata(&RlcSeries::new(q, l, c)),
        metadata(&SeriesRlc::new(q, l, c))
    );
    let (rp, sp) = (RlcParallel::new(q, l, c), ShuntParallelRlc::new(q, l, c));
    assert_eq!(metadata(&rp), metadata(&sp));
    assert_eq!(
        metadata(&Impedance::new(1.0, 2.0)),
        metadata(&SeriesImpedance::new(1.0, 2.0))
    );
    let (a, sa) = (Admittance::new(1.0, 2.0), ShuntAdmittance::new(1.0, 2.0));
    assert_eq!(metadata(&a), metadata(&sa));
    assert_eq!(CapacitorEsr::new(c, q).param_names(), ["c", "esr"]);
    assert_eq!(RlcParallel::new(q, l, c).param_names(), ["r", "l", "c"]);
    // Nested in an arm, under `arm`.
    assert_eq!(
        Series::new(CapacitorQ::new(c, q)).param_names(),
        ["arm.c", "arm.q"]
    );
}

/// `Re S + 0.7 Im S + |S|^2` at 1.7 GHz: touches both parts of the derivative.
fn objective<M: Component<1>>(m: &M) -> M::Scalar {
    let s = m.s_at(M::Scalar::from(1.7e9))[0][0];
    s.re + s.im * 0.7 + s.norm_sqr()
}

fn check_gradient<M>(model: M)
where
    M: Component<1, Scalar = f64> + Debug,
    M::Rebind<Grad>: Component<1, Scalar = Grad>,
{
    let g = gradient(&model, &Filter::Free, objective).unwrap();
    assert!(
        g.iter().all(|x| x.is_finite() && *x != 0.0),
        "{model:?}: {g:?}"
    );
    assert_central_differences(&model, &g, 1e-6, |m| objective(m));
}

#[test]
fn gradients_match_central_differences() {
    check_gradient(Resistor::new(27.0));
    check_gradient(Inductor::new(6e-9));
    check_gradient(Capacitor::new(1.2e-12));
    check_gradient(CapacitorQ::new(1.5e-12, 80.0));
    check_gradient(InductorQ::new(4e-9, 30.0));
    check_gradient(CapacitorEsr::new(2.2e-12, 1.5));
    check_gradient(InductorEsr::new(5e-9, 2.0));
    check_gradient(RlcSeries::new(4.0, 8e-9, 0.8e-12));
    check_gradient(RlcParallel::new(300.0, 3e-9, 2e-12));
    check_gradient(Impedance::new(30.0, -20.0));
    check_gradient(Admittance::new(0.01, 0.015));
}

#[test]
fn derivatives_at_zero_values_are_exact() {
    // dS/dC at C = 0: S = (1 - jwC 50) / (1 + jwC 50), so dS/dC = -2 jw 50.
    let f = 1.7e9;
    let d = |m: &Capacitor<Grad>| m.s_at(Grad::from(f))[0][0].im;
    let g = gradient(&Capacitor::new(0.0), &Filter::Free, d).unwrap();
    let want = -2.0 * w(f) * 50.0;
    assert!((g[0] / want - 1.0).abs() < 1e-14, "{} vs {want}", g[0]);
    // dS/dL at L = 0: S = (jwL - 50) / (jwL + 50), so dS/dL = 2 jw 50 / 50^2 = jw / 25.
    let d = |m: &Inductor<Grad>| m.s_at(Grad::from(f))[0][0].im;
    let g = gradient(&Inductor::new(0.0), &Filter::Free, d).unwrap();
    let want = w(f) / 25.0;
    assert!((g[0] / want - 1.0).abs() < 1e-14, "{} vs {want}", g[0]);
}

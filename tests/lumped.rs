//! The lumped catalogue: lossy C and L, RLC resonators, generic immittances and the pi / T / L
//! sections. Closed forms, limits, scikit-rf 2.2.0 / ParamRF 0.37.6 references
//! (tests/fixtures/catalogue_lumped.json, scripts/gen_catalogue_fixtures.py), passivity,
//! reciprocity and losslessness, and derivatives against central differences.

use std::f64::consts::TAU;

use pmrf::components::{
    LSection, LSectionLc, PiSection, PiSectionClc, SeriesAdmittance, SeriesC, SeriesCEsr, SeriesCQ,
    SeriesImpedance, SeriesL, SeriesLEsr, SeriesLQ, SeriesParallelRlc, SeriesR, SeriesRlc,
    ShuntAdmittance, ShuntC, ShuntCEsr, ShuntCQ, ShuntImpedance, ShuntL, ShuntLEsr, ShuntLQ,
    ShuntParallelRlc, ShuntRlc, TSection, TSectionLcl,
};
use pmrf::network::TwoPort;
use pmrf::prelude::*;

use crate::common;
use common::{Reference, assert_central_differences, max_dev};

type C = Complex<f64>;
const INF: f64 = f64::INFINITY;
const FILE: &str = "catalogue_lumped.json";

fn j() -> C {
    C::new(0.0, 1.0)
}

/// The textbook S of an impedance `z` in series at 50 ohm.
fn series_z(z: C) -> Mat<f64, 2> {
    let d = z + 100.0;
    [[z / d, 100.0 / d], [100.0 / d, z / d]]
}

/// The textbook S of an impedance `z` in shunt at 50 ohm.
fn shunt_z(z: C) -> Mat<f64, 2> {
    let d = z * 2.0 + 50.0;
    [[-50.0 / d, z * 2.0 / d], [z * 2.0 / d, -50.0 / d]]
}

const OPEN: Mat<f64, 2> = [
    [C::new(1.0, 0.0), C::new(0.0, 0.0)],
    [C::new(0.0, 0.0), C::new(1.0, 0.0)],
];
const SHORT: Mat<f64, 2> = [
    [C::new(-1.0, 0.0), C::new(0.0, 0.0)],
    [C::new(0.0, 0.0), C::new(-1.0, 0.0)],
];
const THRU: Mat<f64, 2> = [
    [C::new(0.0, 0.0), C::new(1.0, 0.0)],
    [C::new(1.0, 0.0), C::new(0.0, 0.0)],
];

/// The deviation of `template` with the fixture's parameters from the reference S of `case`.
fn deviation<M: Component<2, Scalar = f64>>(
    reference: &Reference,
    case: &str,
    model: &str,
    template: M,
) -> f64 {
    let m = template
        .with_params(&reference.params(case, model))
        .unwrap();
    reference.report(case, model, &m)
}

#[test]
fn agree_with_scikit_rf_and_paramrf() {
    let r = Reference::load(FILE);
    let devs = [
        deviation(&r, "series_cq", "SeriesCQ", SeriesCQ::new(1.0, 1.0)),
        deviation(&r, "shunt_cq", "ShuntCQ", ShuntCQ::new(1.0, 1.0)),
        deviation(&r, "series_lq", "SeriesLQ", SeriesLQ::new(1.0, 1.0)),
        deviation(&r, "shunt_lq", "ShuntLQ", ShuntLQ::new(1.0, 1.0)),
        deviation(&r, "series_cesr", "SeriesCEsr", SeriesCEsr::new(1.0, 1.0)),
        deviation(&r, "shunt_cesr", "ShuntCEsr", ShuntCEsr::new(1.0, 1.0)),
        deviation(&r, "series_lesr", "SeriesLEsr", SeriesLEsr::new(1.0, 1.0)),
        deviation(&r, "shunt_lesr", "ShuntLEsr", ShuntLEsr::new(1.0, 1.0)),
        deviation(&r, "series_rlc", "SeriesRlc", SeriesRlc::new(1.0, 1.0, 1.0)),
        deviation(&r, "shunt_rlc", "ShuntRlc", ShuntRlc::new(1.0, 1.0, 1.0)),
        deviation(
            &r,
            "series_parallel_rlc",
            "SeriesParallelRlc",
            SeriesParallelRlc::new(1.0, 1.0, 1.0),
        ),
        deviation(
            &r,
            "shunt_parallel_rlc",
            "ShuntParallelRlc",
            ShuntParallelRlc::new(1.0, 1.0, 1.0),
        ),
        deviation(
            &r,
            "series_impedance",
            "SeriesImpedance",
            SeriesImpedance::new(1.0, 1.0),
        ),
        deviation(
            &r,
            "shunt_impedance",
            "ShuntImpedance",
            ShuntImpedance::new(1.0, 1.0),
        ),
        deviation(
            &r,
            "series_admittance",
            "SeriesAdmittance",
            SeriesAdmittance::new(1.0, 1.0),
        ),
        deviation(
            &r,
            "shunt_admittance",
            "ShuntAdmittance",
            ShuntAdmittance::new(1.0, 1.0),
        ),
        deviation(
            &r,
            "pi_section",
            "PiSection",
            PiSection::new(1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        ),
        deviation(
            &r,
            "t_section",
            "TSection",
            TSection::new(1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        ),
        deviation(
            &r,
            "l_section",
            "LSection",
            LSection::new(1.0, 1.0, 1.0, 1.0),
        ),
        deviation(
            &r,
            "pi_section_clc",
            "PiSectionClc",
            PiSectionClc::new(1.0, 1.0, 1.0),
        ),
        deviation(
            &r,
            "t_section_lcl",
            "TSectionLcl",
            TSectionLcl::new(1.0, 1.0, 1.0),
        ),
        deviation(&r, "l_section_lc", "LSectionLc", LSectionLc::new(1.0, 1.0)),
    ];
    assert_eq!(devs.len(), r.case_count());
    let worst = devs.iter().copied().fold(0.0, f64::max);
    eprintln!("worst: {worst:.1e}");
    assert!(worst <= 1e-9, "{worst}");
}

/// S of each element against its textbook immittance, `(model S, expected S)` at `f`.
fn closed_forms(f: f64) -> Vec<(&'static str, Mat<f64, 2>, Mat<f64, 2>)> {
    let w = TAU * f;
    let zc = |c: f64| 1.0 / (j() * w * c);
    let zl = |l: f64| j() * w * l;
    vec![
        (
            "SeriesCQ",
            SeriesCQ::new(1.5e-12, 80.0).s_at(f),
            series_z((1.0 + j() / 80.0) * zc(1.5e-12)),
        ),
        (
            "ShuntCQ",
            ShuntCQ::new(2e-12, 25.0).s_at(f),
            shunt_z((1.0 + j() / 25.0) * zc(2e-12)),
        ),
        (
            "SeriesLQ",
            SeriesLQ::new(6e-9, 45.0).s_at(f),
            series_z(w * 6e-9 * (1.0 / 45.0 + j())),
        ),
        (
            "ShuntLQ",
            ShuntLQ::new(4e-9, 30.0).s_at(f),
            shunt_z(w * 4e-9 * (1.0 / 30.0 + j())),
        ),
        (
            "SeriesCEsr",
            SeriesCEsr::new(1.2e-12, 0.8).s_at(f),
            series_z(0.8 + zc(1.2e-12)),
        ),
        (
            "ShuntCEsr",
            ShuntCEsr::new(2.2e-12, 1.5).s_at(f),
            shunt_z(1.5 + zc(2.2e-12)),
        ),
        (
            "SeriesLEsr",
            SeriesLEsr::new(5e-9, 2.0).s_at(f),
            series_z(2.0 + zl(5e-9)),
        ),
        (
            "ShuntLEsr",
            ShuntLEsr::new(7e-9, 3.0).s_at(f),
            shunt_z(3.0 + zl(7e-9)),
        ),
        (
            "SeriesRlc",
            SeriesRlc::new(4.0, 8e-9, 0.8e-12).s_at(f),
            series_z(4.0 + zl(8e-9) + zc(0.8e-12)),
        ),
        (
            "ShuntRlc",
            ShuntRlc::new(2.0, 5e-9, 1.1e-12).s_at(f),
            shunt_z(2.0 + zl(5e-9) + zc(1.1e-12)),
        ),
        (
            "SeriesParallelRlc",
            SeriesParallelRlc::new(300.0, 3e-9, 1.5e-12).s_at(f),
            series_z(1.0 / (1.0 / 300.0 + 1.0 / zl(3e-9) + 1.0 / zc(1.5e-12))),
        ),
        (
            "ShuntParallelRlc",
            ShuntParallelRlc::new(150.0, 2e-9, 3e-12).s_at(f),
            shunt_z(1.0 / (1.0 / 150.0 + 1.0 / zl(2e-9) + 1.0 / zc(3e-12))),
        ),
        (
            "SeriesImpedance",
            SeriesImpedance::new(30.0, -20.0).s_at(f),
            series_z(C::new(30.0, -20.0)),
        ),
        (
            "ShuntImpedance",
            ShuntImpedance::new(40.0, 25.0).s_at(f),
            shunt_z(C::new(40.0, 25.0)),
        ),
        (
            "SeriesAdmittance",
            SeriesAdmittance::new(0.01, 0.02).s_at(f),
            series_z(1.0 / C::new(0.01, 0.02)),
        ),
        (
            "ShuntAdmittance",
            ShuntAdmittance::new(0.004, -0.015).s_at(f),
            shunt_z(1.0 / C::new(0.004, -0.015)),
        ),
    ]
}

#[test]
fn elements_match_their_textbook_immittances() {
    let mut worst: f64 = 0.0;
    for f in [1e6, 1e8, 1.3e9, 2.0e9, 7e9, 4e10] {
        for (name, got, want) in closed_forms(f) {
            let d = max_dev(&got, &want);
            assert!(d < 1e-14, "{name} at {f}: {d:e}");
            worst = worst.max(d);
        }
    }
    eprintln!("worst deviation from the closed forms: {worst:.1e}");
}

#[test]
fn resonators_resonate() {
    let (l, c): (f64, f64) = (8e-9, 0.8e-12);
    let f0 = 1.0 / (TAU * (l * c).sqrt());
    // Only R is left at resonance.
    let d = max_dev(
        &SeriesRlc::new(4.0, l, c).s_at(f0),
        &series_z(C::new(4.0, 0.0)),
    );
    assert!(d < 1e-12, "{d:e}");
    let d = max_dev(
        &ShuntRlc::new(4.0, l, c).s_at(f0),
        &shunt_z(C::new(4.0, 0.0)),
    );
    assert!(d < 1e-12, "{d:e}");
    let d = max_dev(
        &SeriesParallelRlc::new(400.0, l, c).s_at(f0),
        &series_z(C::new(400.0, 0.0)),
    );
    assert!(d < 1e-12, "{d:e}");
    // A lossless tank blocks (in series) or vanishes (in shunt).
    let d = max_dev(&SeriesParallelRlc::new(INF, l, c).s_at(f0), &OPEN);
    assert!(d < 1e-6, "{d:e}");
    let d = max_dev(&ShuntParallelRlc::new(INF, l, c).s_at(f0), &THRU);
    assert!(d < 1e-6, "{d:e}");
}

/// Exact (`== 0` or to rounding) limits at DC and at zero and infinite values.
#[test]
fn limits_are_exact() {
    let check = |name: &str, got: Mat<f64, 2>, want: Mat<f64, 2>, tol: f64| {
        let d = max_dev(&got, &want);
        assert!(d <= tol, "{name}: {got:?} vs {want:?}");
    };
    let values = [0.0, 1e-12, 1e-9, 1.0, 50.0, 1e6, INF];
    // At DC a capacitor is an open, an inductor a short, for every value and loss.
    for a in values {
        for b in values {
            check("SeriesCQ DC", SeriesCQ::new(a, b).s_at(0.0), OPEN, 0.0);
            check("ShuntCQ DC", ShuntCQ::new(a, b).s_at(0.0), THRU, 0.0);
            check("SeriesLQ DC", SeriesLQ::new(a, b).s_at(0.0), THRU, 0.0);
            check("ShuntLQ DC", ShuntLQ::new(a, b).s_at(0.0), SHORT, 0.0);
            check("SeriesCEsr DC", SeriesCEsr::new(a, b).s_at(0.0), OPEN, 0.0);
            check("ShuntCEsr DC", ShuntCEsr::new(a, b).s_at(0.0), THRU, 0.0);
            let z = if b.is_infinite() {
                OPEN
            } else {
                series_z(C::new(b, 0.0))
            };
            check("SeriesLEsr DC", SeriesLEsr::new(a, b).s_at(0.0), z, 4e-16);
            let z = if b.is_infinite() {
                THRU
            } else {
                shunt_z(C::new(b, 0.0))
            };
            check("ShuntLEsr DC", ShuntLEsr::new(a, b).s_at(0.0), z, 4e-16);
            for r in values {
                check("SeriesRlc DC", SeriesRlc::new(r, a, b).s_at(0.0), OPEN, 0.0);
                check("ShuntRlc DC", ShuntRlc::new(r, a, b).s_at(0.0), THRU, 0.0);
                let par = SeriesParallelRlc::new(r, a, b).s_at(0.0);
                check("SeriesParallelRlc DC", par, THRU, 0.0);
                let par = ShuntParallelRlc::new(r, a, b).s_at(0.0);
                check("ShuntParallelRlc DC", par, SHORT, 0.0);
            }
        }
    }
    // Every value at f > 0 is finite, infinite ones included.
    for f in [1e3, 1e9, 1e12] {
        for a in values {
            for b in values {
                let all = [
                    SeriesCQ::new(a, b).s_at(f),
                    ShuntCQ::new(a, b).s_at(f),
                    SeriesLQ::new(a, b).s_at(f),
                    ShuntLQ::new(a, b).s_at(f),
                    SeriesCEsr::new(a, b).s_at(f),
                    ShuntCEsr::new(a, b).s_at(f),
                    SeriesLEsr::new(a, b).s_at(f),
                    ShuntLEsr::new(a, b).s_at(f),
                ];
                for r in values {
                    let rlc = [
                        SeriesRlc::new(r, a, b).s_at(f),
                        ShuntRlc::new(r, a, b).s_at(f),
                        SeriesParallelRlc::new(r, a, b).s_at(f),
                        ShuntParallelRlc::new(r, a, b).s_at(f),
                    ];
                    for s in all.iter().chain(&rlc) {
                        let finite = s
                            .iter()
                            .flatten()
                            .all(|v| v.re.is_finite() && v.im.is_finite());
                        assert!(finite, "{a} {b} {r} at {f}: {s:?}");
                    }
                }
            }
        }
    }
    let f = 1.3e9;
    let c = |x: f64| SeriesC::new(x).s_at(f);
    let l = |x: f64| SeriesL::new(x).s_at(f);
    // Lossless limits are the ideal elements.
    check(
        "CQ q=inf",
        SeriesCQ::new(1e-12, INF).s_at(f),
        c(1e-12),
        1e-15,
    );
    check("LQ q=inf", SeriesLQ::new(1e-9, INF).s_at(f), l(1e-9), 1e-15);
    check(
        "ShuntCQ q=inf",
        ShuntCQ::new(1e-12, INF).s_at(f),
        ShuntC::new(1e-12).s_at(f),
        1e-15,
    );
    check(
        "ShuntLQ q=inf",
        ShuntLQ::new(1e-9, INF).s_at(f),
        ShuntL::new(1e-9).s_at(f),
        1e-15,
    );
    check(
        "CEsr 0",
        SeriesCEsr::new(1e-12, 0.0).s_at(f),
        c(1e-12),
        1e-15,
    );
    check("LEsr 0", SeriesLEsr::new(1e-9, 0.0).s_at(f), l(1e-9), 1e-15);
    // Q = 0 or an infinite ESR or R opens the element.
    check("CQ q=0", SeriesCQ::new(1e-12, 0.0).s_at(f), OPEN, 0.0);
    check("LQ q=0", SeriesLQ::new(1e-9, 0.0).s_at(f), OPEN, 0.0);
    check("ShuntLQ q=0", ShuntLQ::new(1e-9, 0.0).s_at(f), THRU, 0.0);
    check("CEsr inf", SeriesCEsr::new(1e-12, INF).s_at(f), OPEN, 0.0);
    check(
        "Rlc r=inf",
        SeriesRlc::new(INF, 1e-9, 1e-12).s_at(f),
        OPEN,
        0.0,
    );
    // Zero and infinite elements.
    check("CQ c=0", SeriesCQ::new(0.0, 50.0).s_at(f), OPEN, 0.0);
    check("LQ l=0", SeriesLQ::new(0.0, 50.0).s_at(f), THRU, 0.0);
    check("LQ l=inf", SeriesLQ::new(INF, 50.0).s_at(f), OPEN, 0.0);
    check("CQ c=inf", SeriesCQ::new(INF, 50.0).s_at(f), THRU, 0.0);
    check(
        "CEsr c=inf",
        SeriesCEsr::new(INF, 5.0).s_at(f),
        SeriesR::new(5.0).s_at(f),
        1e-15,
    );
    check(
        "Rlc c=inf",
        SeriesRlc::new(5.0, 1e-9, INF).s_at(f),
        SeriesLEsr::new(1e-9, 5.0).s_at(f),
        1e-15,
    );
    check(
        "Rlc l=inf c=0",
        SeriesRlc::new(5.0, INF, 0.0).s_at(f),
        OPEN,
        0.0,
    );
    check("Rlc c=0", ShuntRlc::new(5.0, 1e-9, 0.0).s_at(f), THRU, 0.0);
    check(
        "Par l=0",
        SeriesParallelRlc::new(5.0, 0.0, 1e-12).s_at(f),
        THRU,
        0.0,
    );
    check(
        "Par c=inf l=0",
        ShuntParallelRlc::new(5.0, 0.0, INF).s_at(f),
        SHORT,
        0.0,
    );
    check(
        "Par all open",
        SeriesParallelRlc::new(INF, INF, 0.0).s_at(f),
        OPEN,
        0.0,
    );
    check(
        "Par r=0",
        ShuntParallelRlc::new(0.0, 1e-9, 1e-12).s_at(f),
        SHORT,
        0.0,
    );
    // Generic immittances at zero.
    check("Z 0", SeriesImpedance::new(0.0, 0.0).s_at(f), THRU, 0.0);
    check(
        "shunt Z 0",
        ShuntImpedance::new(0.0, 0.0).s_at(f),
        SHORT,
        0.0,
    );
    check("Y 0", SeriesAdmittance::new(0.0, 0.0).s_at(f), OPEN, 0.0);
    check(
        "shunt Y 0",
        ShuntAdmittance::new(0.0, 0.0).s_at(f),
        THRU,
        0.0,
    );
}

#[test]
fn sections_equal_cascades_of_their_branches() {
    let (g1, b1, g2, b2, g3, b3) = (0.01, 0.02, 0.002, -0.01, 0.005, 0.03);
    let (r1, x1, r2, x2, r3, x3) = (10.0, 20.0, 5.0, -15.0, 30.0, -40.0);
    let mut worst: f64 = 0.0;
    for f in [0.0, 1e6, 1e9, 3.3e9, 1e10] {
        let pairs: [(&str, Mat<f64, 2>, Mat<f64, 2>); 6] = [
            (
                "pi",
                PiSection::new(g1, b1, g2, b2, g3, b3).s_at(f),
                Cascade::new((
                    ShuntAdmittance::new(g1, b1),
                    SeriesAdmittance::new(g3, b3),
                    ShuntAdmittance::new(g2, b2),
                ))
                .s_at(f),
            ),
            (
                "T",
                TSection::new(r1, x1, r2, x2, r3, x3).s_at(f),
                Cascade::new((
                    SeriesImpedance::new(r1, x1),
                    ShuntImpedance::new(r3, x3),
                    SeriesImpedance::new(r2, x2),
                ))
                .s_at(f),
            ),
            (
                "L",
                LSection::new(r1, x1, g2, b2).s_at(f),
                Cascade::new((SeriesImpedance::new(r1, x1), ShuntAdmittance::new(g2, b2))).s_at(f),
            ),
            (
                "CLC",
                PiSectionClc::new(1.2e-12, 4e-9, 2e-12).s_at(f),
                Cascade::new((ShuntC::new(1.2e-12), SeriesL::new(4e-9), ShuntC::new(2e-12)))
                    .s_at(f),
            ),
            (
                "LCL",
                TSectionLcl::new(3e-9, 1.5e-12, 5e-9).s_at(f),
                Cascade::new((SeriesL::new(3e-9), ShuntC::new(1.5e-12), SeriesL::new(5e-9)))
                    .s_at(f),
            ),
            (
                "LC",
                LSectionLc::new(6e-9, 2.5e-12).s_at(f),
                Cascade::new((SeriesL::new(6e-9), ShuntC::new(2.5e-12))).s_at(f),
            ),
        ];
        for (name, got, want) in pairs {
            let d = max_dev(&got, &want);
            assert!(d < 1e-14, "{name} at {f}: {d:e}");
            worst = worst.max(d);
        }
    }
    eprintln!("worst deviation of a section from its cascade: {worst:.1e}");
    // The primary matrices are the textbook ones.
    let f = 2e9;
    let w = TAU * f;
    let y = PiSection::new(g1, b1, g2, b2, g3, b3).y_at(f);
    let (y1, y2, y3) = (C::new(g1, b1), C::new(g2, b2), C::new(g3, b3));
    assert!(max_dev(&y, &[[y1 + y3, -y3], [-y3, y2 + y3]]) < 1e-15);
    let z = TSection::new(r1, x1, r2, x2, r3, x3).z_at(f);
    let (z1, z2, z3) = (C::new(r1, x1), C::new(r2, x2), C::new(r3, x3));
    assert!(max_dev(&z, &[[z1 + z3, z3], [z3, z2 + z3]]) < 1e-13);
    let (c1, l, c2) = (1.2e-12, 4e-9, 2e-12);
    let a = PiSectionClc::new(c1, l, c2).abcd_at(f);
    let want = [
        [C::new(1.0 - w * w * c2 * l, 0.0), j() * w * l],
        [
            j() * w * (c1 + c2 - w * w * c1 * c2 * l),
            C::new(1.0 - w * w * c1 * l, 0.0),
        ],
    ];
    assert!(max_dev(&a, &want) < 1e-15);
    let (l1, c, l2) = (3e-9, 1.5e-12, 5e-9);
    let a = TSectionLcl::new(l1, c, l2).abcd_at(f);
    let want = [
        [
            C::new(1.0 - w * w * l1 * c, 0.0),
            j() * w * (l1 + l2 - w * w * l1 * l2 * c),
        ],
        [j() * w * c, C::new(1.0 - w * w * l2 * c, 0.0)],
    ];
    assert!(max_dev(&a, &want) < 1e-15);
    // All-zero branches: the pi is two opens, the T two shorts, the L a thru.
    assert_eq!(
        max_dev(&PiSection::new(0.0, 0.0, 0.0, 0.0, 0.0, 0.0).s_at(f), &OPEN),
        0.0
    );
    assert_eq!(
        max_dev(&TSection::new(0.0, 0.0, 0.0, 0.0, 0.0, 0.0).s_at(f), &SHORT),
        0.0
    );
    assert_eq!(
        max_dev(&LSection::new(0.0, 0.0, 0.0, 0.0).s_at(f), &THRU),
        0.0
    );
    assert_eq!(
        max_dev(&PiSectionClc::new(0.0, 0.0, 0.0).s_at(f), &THRU),
        0.0
    );
}

#[test]
fn parameter_names_units_and_bounds() {
    let cq = SeriesCQ::new(1e-12, 50.0);
    assert_eq!(cq.param_names(), ["c", "q"]);
    let p = cq.params().unwrap();
    assert!(cq.with_params(&[1e-12, -1.0]).is_err());
    assert!(cq.with_params(&[-1e-12, 1.0]).is_err());
    assert_eq!(p.len(), 2);
    assert_eq!(
        SeriesRlc::new(1.0, 1e-9, 1e-12).param_names(),
        ["r", "l", "c"]
    );
    assert_eq!(
        PiSection::new(0.0, 0.0, 0.0, 0.0, 0.0, 0.0).param_names(),
        ["g1", "b1", "g2", "b2", "g3", "b3"]
    );
    assert_eq!(
        TSectionLcl::new(1e-9, 1e-12, 1e-9).param_names(),
        ["l1", "c", "l2"]
    );
    // Reactances and susceptances take either sign, resistances and conductances do not.
    assert!(
        SeriesImpedance::new(1.0, 1.0)
            .with_params(&[10.0, -1e6])
            .is_ok()
    );
    assert!(
        SeriesImpedance::new(1.0, 1.0)
            .with_params(&[-10.0, 1.0])
            .is_err()
    );
    assert!(
        ShuntAdmittance::new(1.0, 1.0)
            .with_params(&[-0.1, 0.0])
            .is_err()
    );
}

/// `|S21|^2 + 0.3 Re S11 - 0.2 Im S22` at 1.7 GHz: touches every entry's derivative.
fn objective<M: Component<2>>(m: &M) -> M::Scalar {
    let s = m.s_at(M::Scalar::from(1.7e9));
    s[1][0].norm_sqr() + s[0][0].re * 0.3 - s[1][1].im * 0.2 + s[0][1].im * 0.1
}

fn check_gradient<M>(model: M)
where
    M: Component<2, Scalar = f64>,
    M::Rebind<Grad>: Component<2, Scalar = Grad>,
{
    let g = gradient(&model, &Filter::Free, objective).unwrap();
    assert!(g.iter().all(|x| x.is_finite() && *x != 0.0), "{g:?}");
    assert_central_differences(&model, &g, 1e-6, |m| objective(m));
}

#[test]
fn gradients_match_central_differences() {
    // Lossy elements.
    check_gradient(SeriesCQ::new(1.5e-12, 80.0));
    check_gradient(ShuntLQ::new(4e-9, 30.0));
    check_gradient(ShuntCEsr::new(2.2e-12, 1.5));
    check_gradient(SeriesLEsr::new(5e-9, 2.0));
    // Resonators.
    check_gradient(SeriesRlc::new(4.0, 8e-9, 0.8e-12));
    check_gradient(ShuntRlc::new(2.0, 5e-9, 1.1e-12));
    check_gradient(SeriesParallelRlc::new(300.0, 3e-9, 1.5e-12));
    check_gradient(ShuntParallelRlc::new(150.0, 2e-9, 3e-12));
    // Generic immittances.
    check_gradient(SeriesImpedance::new(30.0, -20.0));
    check_gradient(ShuntAdmittance::new(0.004, -0.015));
    // Sections.
    check_gradient(PiSection::new(0.01, 0.02, 0.002, -0.01, 0.005, 0.03));
    check_gradient(TSection::new(10.0, 20.0, 5.0, -15.0, 30.0, -40.0));
    check_gradient(LSection::new(12.0, 35.0, 0.003, 0.012));
    check_gradient(PiSectionClc::new(1.2e-12, 4e-9, 2e-12));
    check_gradient(TSectionLcl::new(3e-9, 1.5e-12, 5e-9));
    check_gradient(LSectionLc::new(6e-9, 2.5e-12));
}

/// `d S21 / dx` by duals at `f`, for the parameter `k` of `model`.
fn ds21<M>(model: &M, k: usize, f: f64) -> C
where
    M: Component<2, Scalar = f64>,
    M::Rebind<Grad>: Component<2, Scalar = Grad>,
{
    let re = gradient(model, &Filter::Free, |m| m.s_at(Grad::from(f))[1][0].re).unwrap();
    let im = gradient(model, &Filter::Free, |m| m.s_at(Grad::from(f))[1][0].im).unwrap();
    C::new(re[k], im[k])
}

/// At `C = 0` and `L = 0`, the lower bounds parasitic elements are fitted from, the derivative
/// is the closed form (not lost to an infinite immittance).
#[test]
fn derivatives_at_zero_reactive_values() {
    let f = 1.3e9;
    let w = TAU * f;
    let jw = j() * w;
    let close = |name: &str, got: C, want: C| {
        assert!(
            (got - want).norm() <= 1e-12 * want.norm(),
            "{name}: {got} vs {want}"
        );
    };
    // Series Y = 0: S21 = 100 Y / (1 + 100 Y), dS21 = 100 dY. Shunt Y = 0: S21 = 2/(2 + 50 Y),
    // dS21 = -25 dY.
    close(
        "SeriesCQ",
        ds21(&SeriesCQ::new(0.0, 40.0), 0, f),
        jw / (1.0 + j() / 40.0) * 100.0,
    );
    close(
        "ShuntCQ",
        ds21(&ShuntCQ::new(0.0, 40.0), 0, f),
        jw / (1.0 + j() / 40.0) * -25.0,
    );
    close(
        "SeriesCEsr",
        ds21(&SeriesCEsr::new(0.0, 3.0), 0, f),
        jw * 100.0,
    );
    close(
        "ShuntCEsr",
        ds21(&ShuntCEsr::new(0.0, 3.0), 0, f),
        jw * -25.0,
    );
    close(
        "SeriesRlc",
        ds21(&SeriesRlc::new(3.0, 2e-9, 0.0), 2, f),
        jw * 100.0,
    );
    close(
        "ShuntRlc",
        ds21(&ShuntRlc::new(3.0, 2e-9, 0.0), 2, f),
        jw * -25.0,
    );
    // Series Z = 0: S21 = 100/(Z + 100), dS21 = -dZ/100. Shunt Z = 0: S21 = 2Z/(2Z + 50),
    // dS21 = dZ/25.
    let zq = w * (1.0 / 30.0 + j());
    close(
        "SeriesLQ",
        ds21(&SeriesLQ::new(0.0, 30.0), 0, f),
        -zq / 100.0,
    );
    close("ShuntLQ", ds21(&ShuntLQ::new(0.0, 30.0), 0, f), zq / 25.0);
    close(
        "SeriesLEsr",
        ds21(&SeriesLEsr::new(0.0, 0.0), 0, f),
        -jw / 100.0,
    );
    close(
        "ShuntLEsr",
        ds21(&ShuntLEsr::new(0.0, 0.0), 0, f),
        jw / 25.0,
    );
    let par = (
        SeriesParallelRlc::new(40.0, 0.0, 1e-12),
        ShuntParallelRlc::new(40.0, 0.0, 1e-12),
    );
    close("SeriesParallelRlc", ds21(&par.0, 1, f), -jw / 100.0);
    close("ShuntParallelRlc", ds21(&par.1, 1, f), jw / 25.0);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A network at one point `f`.
    fn net(s: Mat<f64, 2>, f: f64) -> Network {
        let freq = Frequency::from_hz([f]).unwrap();
        let s = pmrf::ndarray::Array3::from_shape_fn((1, 2, 2), |(_, i, j)| s[i][j]);
        Network::from_s(freq, s).unwrap()
    }

    /// Every lumped part and section at once, from positive values `v` and signed ones `x`.
    fn all(v: &[f64; 6], x: &[f64; 3], f: f64) -> Vec<(&'static str, Mat<f64, 2>)> {
        let (r, l, c, q, g) = (
            v[0] * 1e3,
            v[1] * 1e-7,
            v[2] * 1e-10,
            v[3] * 1e4,
            v[4] * 0.1,
        );
        let (xs, bs) = (x[0] * 1e3, x[1] * 0.1);
        vec![
            ("SeriesCQ", SeriesCQ::new(c, q).s_at(f)),
            ("ShuntCQ", ShuntCQ::new(c, q).s_at(f)),
            ("SeriesLQ", SeriesLQ::new(l, q).s_at(f)),
            ("ShuntLQ", ShuntLQ::new(l, q).s_at(f)),
            ("SeriesCEsr", SeriesCEsr::new(c, r).s_at(f)),
            ("ShuntCEsr", ShuntCEsr::new(c, r).s_at(f)),
            ("SeriesLEsr", SeriesLEsr::new(l, r).s_at(f)),
            ("ShuntLEsr", ShuntLEsr::new(l, r).s_at(f)),
            ("SeriesRlc", SeriesRlc::new(r, l, c).s_at(f)),
            ("ShuntRlc", ShuntRlc::new(r, l, c).s_at(f)),
            ("SeriesParallelRlc", SeriesParallelRlc::new(r, l, c).s_at(f)),
            ("ShuntParallelRlc", ShuntParallelRlc::new(r, l, c).s_at(f)),
            ("SeriesImpedance", SeriesImpedance::new(r, xs).s_at(f)),
            ("ShuntImpedance", ShuntImpedance::new(r, xs).s_at(f)),
            ("SeriesAdmittance", SeriesAdmittance::new(g, bs).s_at(f)),
            ("ShuntAdmittance", ShuntAdmittance::new(g, bs).s_at(f)),
            (
                "PiSection",
                PiSection::new(g, bs, v[5] * 0.1, x[2] * 0.1, g * 0.5, -bs).s_at(f),
            ),
            (
                "TSection",
                TSection::new(r, xs, v[5] * 1e3, x[2] * 1e3, r * 0.5, -xs).s_at(f),
            ),
            ("LSection", LSection::new(r, xs, g, bs).s_at(f)),
            (
                "PiSectionClc",
                PiSectionClc::new(c, l, v[5] * 1e-10).s_at(f),
            ),
            ("TSectionLcl", TSectionLcl::new(l, c, v[5] * 1e-7).s_at(f)),
            ("LSectionLc", LSectionLc::new(l, c).s_at(f)),
        ]
    }

    /// The lossless members: R = 0 (or infinite in a tank), Q = inf, G = 0.
    fn lossless(v: &[f64; 6], x: &[f64; 3], f: f64) -> Vec<(&'static str, Mat<f64, 2>)> {
        let (l, c) = (v[1] * 1e-7, v[2] * 1e-10);
        let (xs, bs) = (x[0] * 1e3, x[1] * 0.1);
        vec![
            ("SeriesCQ", SeriesCQ::new(c, INF).s_at(f)),
            ("ShuntLQ", ShuntLQ::new(l, INF).s_at(f)),
            ("ShuntCEsr", ShuntCEsr::new(c, 0.0).s_at(f)),
            ("SeriesRlc", SeriesRlc::new(0.0, l, c).s_at(f)),
            ("ShuntRlc", ShuntRlc::new(0.0, l, c).s_at(f)),
            (
                "SeriesParallelRlc",
                SeriesParallelRlc::new(INF, l, c).s_at(f),
            ),
            ("ShuntParallelRlc", ShuntParallelRlc::new(INF, l, c).s_at(f)),
            ("SeriesImpedance", SeriesImpedance::new(0.0, xs).s_at(f)),
            ("ShuntAdmittance", ShuntAdmittance::new(0.0, bs).s_at(f)),
            (
                "PiSection",
                PiSection::new(0.0, bs, 0.0, x[2] * 0.1, 0.0, -bs).s_at(f),
            ),
            (
                "TSection",
                TSection::new(0.0, xs, 0.0, x[2] * 1e3, 0.0, -xs).s_at(f),
            ),
            (
                "PiSectionClc",
                PiSectionClc::new(c, l, v[5] * 1e-10).s_at(f),
            ),
            ("TSectionLcl", TSectionLcl::new(l, c, v[5] * 1e-7).s_at(f)),
            ("LSectionLc", LSectionLc::new(l, c).s_at(f)),
        ]
    }

    /// Values in [0, 1], with 0 and 1 themselves a tenth of the time each.
    fn unit() -> impl Strategy<Value = f64> {
        prop_oneof![1 => Just(0.0), 1 => Just(1.0), 8 => 0.0..1.0f64]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn passive_and_reciprocal(
            v in proptest::array::uniform6(unit()),
            x in proptest::array::uniform3(-1.0..1.0f64),
            f in prop_oneof![Just(0.0), 1e6..2e10f64],
        ) {
            for (name, s) in all(&v, &x, f) {
                let n = net(s, f);
                prop_assert!(n.is_passive(1e-12), "{} {:?} {:?} at {}: {:?}", name, v, x, f, n.max_singular_value());
                prop_assert!(n.is_reciprocal(1e-12), "{} {:?}", name, s);
            }
        }

        #[test]
        fn lossless_when_without_resistance(
            v in proptest::array::uniform6(0.01..1.0f64),
            x in proptest::array::uniform3(-1.0..1.0f64),
            f in 1e6..2e10f64,
        ) {
            for (name, s) in lossless(&v, &x, f) {
                prop_assert!(net(s, f).is_lossless(1e-12), "{} {:?} {:?} at {}: {:?}", name, v, x, f, s);
            }
        }
    }
}

/// The exact Y-parameters series elements give circuits' nodal solver agree with Y converted
/// from S where that conversion is accurate; shunt elements and shorts have none.
#[test]
fn exact_admittances_agree_with_the_conversion() {
    use pmrf::network::convert::s2y;
    fn check<M: Component<2, Scalar = f64>>(name: &str, m: M, has_y: bool) {
        for f in [1e6, 1e8, 1e9, 7e9] {
            let exact = m.try_y_at(f);
            assert_eq!(exact.is_some(), has_y, "{name} at {f}");
            if let Some(y) = exact {
                let converted = s2y(&m.s_at(f), 50.0);
                let scale = y.iter().flatten().map(|v| v.norm()).fold(0.0, f64::max);
                assert!(
                    max_dev(&y, &converted) <= 1e-12 * scale.max(1e-3),
                    "{name} at {f}"
                );
            }
        }
    }
    check("SeriesR", SeriesR::new(75.0), true);
    check("SeriesL", SeriesL::new(3e-9), true);
    check("SeriesC", SeriesC::new(2e-12), true);
    check("SeriesCQ", SeriesCQ::new(2e-12, 50.0), true);
    check("SeriesLQ", SeriesLQ::new(3e-9, 30.0), true);
    check("SeriesCEsr", SeriesCEsr::new(2e-12, 0.5), true);
    check("SeriesLEsr", SeriesLEsr::new(3e-9, 0.5), true);
    check("SeriesRlc", SeriesRlc::new(5.0, 3e-9, 2e-12), true);
    check(
        "SeriesParallelRlc",
        SeriesParallelRlc::new(500.0, 3e-9, 2e-12),
        true,
    );
    check("SeriesImpedance", SeriesImpedance::new(10.0, -20.0), true);
    check("SeriesAdmittance", SeriesAdmittance::new(0.01, 0.02), true);
    check("ShuntC", ShuntC::new(2e-12), false);
    check("ShuntRlc", ShuntRlc::new(5.0, 3e-9, 2e-12), false);
    check("a short", SeriesR::new(0.0), false);
    assert!(SeriesL::new(3e-9).try_y_at(0.0).is_none()); // a thru at DC
    assert_eq!(SeriesC::new(2e-12).try_y_at(0.0).unwrap()[0][0].norm(), 0.0); // open at DC
}

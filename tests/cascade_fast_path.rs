//! The cascade fast path (issue 11): ABCD products of stages with a closed-form ABCD matrix
//! (`Component::abcd_hint`), joined per junction by the star product, against the star product
//! of the stages' S-parameters alone (`Stages::chain_s_star`): over random stages and
//! frequencies, at the limits (DC, zero and infinite values, blocking stages), for gradients
//! (vector duals), and on the cascades of the scikit-rf fixture tests/fixtures/lumped.json.

use crate::common;

use std::f64::consts::TAU;

use common::{Skewed, assert_central_differences, max_dev};
use pmrf::components::lines::{DelayLine, PhaseLine};
use pmrf::components::{
    SeriesC, SeriesL, SeriesLEsr, SeriesR, SeriesRlc, ShuntC, ShuntCQ, ShuntL, ShuntR, Stages,
};
use pmrf::diff::value_and_gradient;
use pmrf::network::twoport::{self, Abcd, Chain};
use pmrf::prelude::*;
use proptest::prelude::*;

/// Largest element deviation of `a` from `b`, relative to the largest element of `b` (at
/// least 1: S-parameters of passive networks are at most 1).
fn rel_dev(a: &Mat<f64, 2>, b: &Mat<f64, 2>) -> f64 {
    let scale = b.iter().flatten().map(|z| z.norm()).fold(1.0, f64::max);
    max_dev(a, b) / scale
}

/// Both paths of a cascade at `f`, and their relative deviation, which must be <= 1e-13.
fn check<S: Stages<f64>>(chain: &Cascade<S>, f: f64) -> Mat<f64, 2> {
    let fast = chain.s_at(f);
    let star = chain.stages.chain_s_star(f);
    let d = rel_dev(&fast, &star);
    assert!(
        d <= 1e-13,
        "f = {f:e}: fast path vs star product {d:e}\n{fast:?}\n{star:?}"
    );
    fast
}

type Five<T = f64> = Cascade<(SeriesL<T>, ShuntC<T>, DelayLine<T>, SeriesR<T>, ShuntL<T>), T>;

/// cascade_5 of the speed issue with values `p`.
fn cascade5(p: [f64; 6]) -> Five {
    Cascade::new((
        SeriesL::new(p[0]),
        ShuntC::new(p[1]),
        DelayLine::new(p[2], p[3]),
        SeriesR::new(p[4]),
        ShuntL::new(p[5]),
    ))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every stage with a hint: one ABCD run, over values from tiny to huge and 1 Hz - 1 THz.
    #[test]
    fn all_abcd_stages_agree_with_the_star_product(
        l1 in -12.0..-3.0f64, c2 in -15.0..-6.0f64, z0 in 0.0..3.0f64, delay in -13.0..-7.0f64,
        r4 in -3.0..4.0f64, l5 in -12.0..-3.0f64, f in 0.0..12.0f64,
    ) {
        let p = [l1, c2, z0, delay, r4, l5].map(|x| 10f64.powf(x));
        check(&cascade5(p), 10f64.powf(f));
    }

    /// Stages without a hint (lossy parts, a nested cascade) between ABCD runs: the
    /// per-junction chain.
    #[test]
    fn mixed_stages_agree_with_the_star_product(
        c in -14.0..-10.0f64, l in -10.0..-7.0f64, r in -1.0..2.0f64, q in 0.0..3.0f64,
        rs in 0.0..300.0f64, f in 6.0..11.0f64,
    ) {
        let (c, l, r, q, f) = (10f64.powf(c), 10f64.powf(l), 10f64.powf(r), 10f64.powf(q), 10f64.powf(f));
        let chain = Cascade::new((
            SeriesL::new(l),
            ShuntCQ::new(c, q),
            SeriesC::new(c),
            SeriesLEsr::new(l, r),
            Cascade::new((ShuntR::new(rs), SeriesR::new(r))),
            ShuntC::new(c),
            PhaseLine::new(60.0, 45.0, 1e9).unwrap(),
        ));
        check(&chain, f);
        // The per-junction chain itself, stage by stage.
        let mut by_junction = Chain::new();
        by_junction.push(&chain.stages.0, f);
        by_junction.push(&chain.stages.1, f);
        by_junction.push(&chain.stages.2, f);
        by_junction.push(&chain.stages.3, f);
        by_junction.push(&chain.stages.4, f);
        by_junction.push(&chain.stages.5, f);
        by_junction.push(&chain.stages.6, f);
        // `None` where a run is too ill-conditioned: then the cascade takes the star product.
        if let Some(s) = by_junction.s() {
            prop_assert!(rel_dev(&s, &chain.stages.chain_s_star(f)) <= 1e-13);
        }
    }

    /// `Vec` and array stages take the same paths: all hints (series L, series RLC), and
    /// none (nested cascades, the per-junction chain).
    #[test]
    fn vec_and_array_stages_agree(l in -10.0..-7.0f64, c in -13.0..-11.0f64, f in 7.0..11.0f64) {
        let (l, c, f) = (10f64.powf(l), 10f64.powf(c), 10f64.powf(f));
        let ls = [SeriesL::new(l), SeriesL::new(2.0 * l), SeriesL::new(l / 3.0)];
        let (a, b) = (check(&Cascade::new(ls.to_vec()), f), check(&Cascade::new(ls), f));
        prop_assert!(max_dev(&a, &b) == 0.0);
        let rlc = [SeriesRlc::new(1.0, l, c), SeriesRlc::new(0.0, 0.0, c)];
        let (a, b) = (check(&Cascade::new(rlc.to_vec()), f), check(&Cascade::new(rlc), f));
        prop_assert!(max_dev(&a, &b) == 0.0);
        let nested = [Cascade::new((SeriesL::new(l), ShuntC::new(c))), Cascade::new((SeriesL::new(l), ShuntC::new(c)))];
        let (a, b) = (check(&Cascade::new(nested.to_vec()), f), check(&Cascade::new(nested), f));
        prop_assert!(max_dev(&a, &b) == 0.0);
    }
}

#[test]
fn exact_cases_stay_exact() {
    let one = Complex::new(1.0, 0.0);
    let zero = Complex::new(0.0, 0.0);
    // At DC the pi low-pass is an exact thru (shunt C open, series L short).
    let pi = Cascade::new((ShuntC::new(2e-12), SeriesL::new(5e-9), ShuntC::new(2e-12)));
    assert_eq!(check(&pi, 0.0), [[zero, one], [one, zero]]);
    // A series C at DC blocks: the star product gives the exact open (S11 = 1, S21 = 0).
    let blocked = Cascade::new((SeriesL::new(5e-9), SeriesC::new(1e-12), ShuntC::new(1e-12)));
    let s = check(&blocked, 0.0);
    assert_eq!((s[0][0], s[1][0], s[0][1]), (one, zero, zero));
    assert!(SeriesC::new(1e-12).abcd_hint(0.0).is_none());
    // A shunt L at DC shorts: S11 = -1 exactly at port 1.
    let shorted = Cascade::new((SeriesR::new(0.0), ShuntL::new(1e-9), SeriesL::new(1e-9)));
    let s = check(&shorted, 0.0);
    assert_eq!((s[0][0], s[1][0]), (-one, zero));
    // Zero and infinite values: thru, open and short stages.
    for (chain, want11, want21) in [
        (
            cascade5([0.0, 0.0, 50.0, 0.0, 0.0, f64::INFINITY]),
            zero,
            one,
        ),
        (
            cascade5([f64::INFINITY, 1e-12, 50.0, 1e-10, 5.0, 1e-9]),
            one,
            zero,
        ),
        (
            cascade5([0.0, f64::INFINITY, 50.0, 1e-10, 5.0, 1e-9]),
            -one,
            zero,
        ),
    ] {
        let s = check(&chain, 1e9);
        assert_eq!((s[0][0], s[1][0]), (want11, want21), "{chain:?}");
    }
    // A matched 50 ohm line alone is a pure delay, both ways.
    let line = Cascade::new((DelayLine::new(50.0, 1e-9),));
    let s = check(&line, 250e6);
    assert!(s[0][0].norm() < 1e-15 && (s[1][0] - Complex::new(0.0, -1.0)).norm() < 1e-15);
    // z0 = 0 has no ABCD matrix: the line's own exact S.
    let shorted_line = Cascade::new((SeriesL::new(1e-9), DelayLine::new(0.0, 1e-10)));
    assert!(DelayLine::new(0.0, 1e-10).abcd_hint(1e9).is_none());
    check(&shorted_line, 1e9);
    // Reciprocal stages give S12 = S21 exactly on the fast path.
    let s = check(&cascade5([8e-9, 1.5e-12, 75.0, 150e-12, 5.0, 20e-9]), 3.3e9);
    assert_eq!(s[0][1], s[1][0]);
}

#[test]
fn non_reciprocal_stages_track_the_determinant() {
    let skew = Skewed {
        z: 20.0,
        y: 0.004,
        k: 1.7,
    };
    assert!(matches!(skew.abcd_hint(1e9), Some(Abcd::General(_))));
    let chain = Cascade::new((SeriesL::new(3e-9), skew.clone(), ShuntC::new(1e-12), skew));
    for f in [1e8, 1e9, 7e9] {
        let s = check(&chain, f);
        // det = (k - z (f / GHz) y)^2 over two skewed stages, so S12 = det S21.
        let det = (1.7f64 - 20.0 * (f / 1e9) * 0.004).powi(2);
        assert!((s[0][1] - s[1][0] * det).norm() <= 1e-14 * s[0][1].norm());
    }
}

#[test]
fn ill_conditioned_runs_fall_back_to_the_star_product() {
    // A series 1 uH at 10 GHz (63 kohm) then a shunt 1 nF (16 mohm): an L-section that
    // transforms by 1e7. The ABCD product is huge against its S denominator; the result must
    // still be the star product's.
    let chain = Cascade::new((SeriesL::new(1e-6), ShuntC::new(1e-9), SeriesL::new(1e-6)));
    let fast = chain.s_at(1e10);
    let star = chain.stages.chain_s_star(1e10);
    assert!(rel_dev(&fast, &star) <= 1e-13);
    // Huge elements whose ABCD entries overflow in the product.
    let chain = Cascade::new((SeriesL::new(1e200), ShuntC::new(1e200), SeriesL::new(1e200)));
    let s = check(&chain, 1e9);
    assert!(
        s.iter()
            .flatten()
            .all(|z| z.re.is_finite() && z.im.is_finite())
    );
}

#[test]
fn the_fixture_cascades_are_unchanged() {
    // tests/fixtures/lumped.json (scikit-rf and ParamRF, scripts/gen_fixtures.py): the new
    // path agrees with the star product to 1e-13 and still with scikit-rf to 1e-9.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lumped.json"),
    )
    .unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let freq: Vec<f64> = (data["frequency_hz"].as_array().unwrap().iter())
        .map(|f| f.as_f64().unwrap())
        .collect();
    let circuits = &data["circuits"];
    let p = |case: &str, name: &str| circuits[case]["params"][name].as_f64().unwrap();
    let skrf = |case: &str, k: usize| -> Mat<f64, 2> {
        let part = |which: &str, i: usize, j: usize| {
            circuits[case]["skrf"][which][k][i][j].as_f64().unwrap()
        };
        std::array::from_fn(|i| {
            std::array::from_fn(|j| Complex::new(part("re", i, j), part("im", i, j)))
        })
    };
    let lowpass = Cascade::new((
        SeriesL::new(p("lowpass", "l1")),
        ShuntC::new(p("lowpass", "c")),
        SeriesL::new(p("lowpass", "l2")),
    ));
    let series_rlc = Cascade::new((
        SeriesR::new(p("series_rlc", "r")),
        SeriesL::new(p("series_rlc", "l")),
        SeriesC::new(p("series_rlc", "c")),
    ));
    let pi_mixed = Cascade::new((
        ShuntC::new(p("pi_mixed", "c")),
        SeriesR::new(p("pi_mixed", "r")),
        SeriesL::new(p("pi_mixed", "l1")),
        ShuntL::new(p("pi_mixed", "l2")),
        ShuntR::new(p("pi_mixed", "r2")),
    ));
    let mut worst: f64 = 0.0;
    for (k, &f) in freq.iter().enumerate() {
        for (case, s) in [
            ("lowpass", check(&lowpass, f)),
            ("series_rlc", check(&series_rlc, f)),
            ("pi_mixed", check(&pi_mixed, f)),
        ] {
            worst = worst.max(max_dev(&s, &skrf(case, k)));
        }
    }
    assert!(worst <= 1e-9, "vs scikit-rf: {worst:e}");
}

#[test]
fn gradients_through_the_fast_path_are_exact() {
    let model = cascade5([8e-9, 1.5e-12, 75.0, 150e-12, 5.0, 20e-9]);
    let freq = Frequency::linspace(0.01, 10.0, 201, FrequencyUnit::GHz).unwrap();
    let hz = freq.hz().to_vec();
    let loss = |m: &Five<Grad>| {
        hz.iter()
            .map(|&f| m.s_at(Grad::from(f))[1][0].norm_sqr())
            .sum::<Grad>()
    };
    let star = |m: &Five<Grad>| {
        hz.iter()
            .map(|&f| m.stages.chain_s_star(Grad::from(f))[1][0].norm_sqr())
            .sum::<Grad>()
    };
    let (v, g) = value_and_gradient(&model, &Filter::Free, loss).unwrap();
    let (v_star, g_star) = value_and_gradient(&model, &Filter::Free, star).unwrap();
    assert!((v - v_star).abs() <= 1e-13 * v_star.abs());
    for (a, b) in g.iter().zip(&g_star) {
        assert!((a - b).abs() <= 1e-12 * b.abs(), "{a} vs {b}");
    }
    assert_central_differences(&model, &g, 1e-6, |m| {
        hz.iter().map(|&f| m.s_at(f)[1][0].norm_sqr()).sum()
    });
    // The ABCD forms of the hints differentiate like the S forms: d/dL at L = 0 too.
    let at0 = Cascade::new((SeriesL::new(0.0), ShuntC::new(1e-12)));
    let (_, g0) = value_and_gradient(&at0, &Filter::Free, |m| {
        m.s_at(Grad::from(2e9))[1][0].norm_sqr()
    })
    .unwrap();
    let (_, g0_star) = value_and_gradient(&at0, &Filter::Free, |m| {
        m.stages.chain_s_star(Grad::from(2e9))[1][0].norm_sqr()
    })
    .unwrap();
    for (a, b) in g0.iter().zip(&g0_star) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1e-30), "{a} vs {b}");
    }
}

#[test]
fn hints_are_the_abcd_matrices() {
    // Each hint against the conversion of the element's S-parameters.
    let f = 1.7e9;
    let check_hint = |hint: Option<Abcd<f64>>, s: Mat<f64, 2>| {
        let want = pmrf::network::convert::s2a(&s, 50.0);
        let got = hint.unwrap().matrix();
        let scale = want.iter().flatten().map(|z| z.norm()).fold(1.0, f64::max);
        assert!(max_dev(&got, &want) <= 1e-13 * scale, "{got:?} vs {want:?}");
    };
    // The structured forms chain cheapest: series and shunt elements, reciprocal lines.
    assert!(matches!(
        SeriesC::new(2e-12).abcd_hint(f),
        Some(Abcd::Series(_))
    ));
    assert!(matches!(
        ShuntL::new(6e-9).abcd_hint(f),
        Some(Abcd::Shunt(_))
    ));
    assert!(matches!(
        DelayLine::new(75.0, 1e-10).abcd_hint(f),
        Some(Abcd::Reciprocal(_))
    ));
    check_hint(SeriesR::new(30.0).abcd_hint(f), SeriesR::new(30.0).s_at(f));
    check_hint(SeriesL::new(3e-9).abcd_hint(f), SeriesL::new(3e-9).s_at(f));
    check_hint(
        SeriesC::new(2e-12).abcd_hint(f),
        SeriesC::new(2e-12).s_at(f),
    );
    check_hint(ShuntR::new(80.0).abcd_hint(f), ShuntR::new(80.0).s_at(f));
    check_hint(ShuntL::new(6e-9).abcd_hint(f), ShuntL::new(6e-9).s_at(f));
    check_hint(ShuntC::new(1e-12).abcd_hint(f), ShuntC::new(1e-12).s_at(f));
    let line = DelayLine::new(75.0, 130e-12);
    check_hint(line.abcd_hint(f), line.s_at(f));
    let line = PhaseLine::new(35.0, 70.0, 2e9).unwrap();
    check_hint(line.abcd_hint(f), line.s_at(f));
    let esr = SeriesLEsr::new(4e-9, 2.0);
    check_hint(esr.abcd_hint(f), esr.s_at(f));
    let cq = ShuntCQ::new(2e-12, 40.0);
    check_hint(cq.abcd_hint(f), cq.s_at(f));
    let rlc = SeriesRlc::new(3.0, 5e-9, 1e-12);
    check_hint(rlc.abcd_hint(f), rlc.s_at(f));
    check_hint(
        pmrf::components::ShuntImpedance::new(20.0, -7.0).abcd_hint(f),
        pmrf::components::ShuntImpedance::new(20.0, -7.0).s_at(f),
    );
    // A lossless series resonance is a short in series, a thru: no hint needed, the S form.
    let l = 5e-9;
    let c = 1.0 / (l * (TAU * f) * (TAU * f));
    assert!(
        SeriesRlc::new(0.0, l, c)
            .abcd_hint(f)
            .is_none_or(|m| m.matrix()[0][1].norm() < 1e-6)
    );
    // No hint where there is no ABCD matrix.
    assert!(ShuntR::new(0.0).abcd_hint(f).is_none());
    assert!(ShuntL::new(1e-9).abcd_hint(0.0).is_none());
    assert!(SeriesR::new(f64::INFINITY).abcd_hint(f).is_none());
    assert!(twoport::series_admittance_abcd(Complex::new(0.0, 0.0)).is_none());
    // An empty chain is a thru.
    let thru = Chain::<f64>::new().s().unwrap();
    assert_eq!(thru[1][0], Complex::new(1.0, 0.0));
}

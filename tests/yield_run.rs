//! Monte Carlo yield by global member index (`pmrf::batch::YieldRun`): a pass fraction and
//! moments known in closed form, members independent of how the run is split, exact merges.

use pmrf::batch::{Spec, YieldRun, YieldStats};
use pmrf::components::SeriesR;
use pmrf::fit::{Bound, Feature};
use pmrf::prelude::*;

fn s21_db() -> Feature {
    "s21_db".parse().unwrap()
}

/// A series resistor, R uniform in 0-100 ohm, between 50 ohm ports: S21 = 100 / (100 + R), so
/// |S21| >= 100 / 150 exactly when R <= 50 ohm (half of the members).
fn resistor_run(seed: u64) -> YieldRun<SeriesR> {
    let params = (SeriesR::new(10.0).params().unwrap())
        .with_prior("r", Prior::uniform(0.0, 100.0).unwrap())
        .unwrap();
    let freq = Frequency::linspace(1.0, 3.0, 5, FrequencyUnit::GHz).unwrap();
    let limit = 20.0 * (100.0f64 / 150.0).log10();
    YieldRun::new(&params, &Filter::Free, &freq, seed)
        .unwrap()
        .spec(Spec::new(s21_db(), Bound::Above(limit), 1e9..=3e9).unwrap())
        .unwrap()
        .statistics(s21_db())
        .unwrap()
        .statistics("s11_mag".parse().unwrap())
        .unwrap()
        .record_failures(true)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_known_pass_fraction_and_moments() {
    let n = 40_000;
    let stats = resistor_run(11).run(n, 1000).unwrap();
    assert_eq!(stats.members(), n);
    // Binomial: p = 0.5, sd = 0.0025; 4 sd.
    assert!(
        (stats.yield_fraction() - 0.5).abs() < 0.01,
        "{}",
        stats.yield_fraction()
    );
    let (lo, hi) = stats.wilson(1.96);
    assert!(lo < 0.5 && 0.5 < hi, "({lo}, {hi})");
    // |S21| dB = -20/ln10 ln(1 + u), u uniform in [0, 1]: E[ln(1+u)] = 2 ln2 - 1,
    // E[ln(1+u)^2] = 2 ln2^2 - 4 ln2 + 2.
    let (l2, k) = (2f64.ln(), 20.0 / 10f64.ln());
    let (m1, m2) = (2.0 * l2 - 1.0, 2.0 * l2 * l2 - 4.0 * l2 + 2.0);
    let (mean, std) = (-k * m1, k * (m2 - m1 * m1).sqrt());
    let got_mean = stats.mean(&s21_db()).unwrap();
    let got_std = stats.std(&s21_db()).unwrap();
    assert_eq!(got_mean.len(), 5);
    for (m, s) in got_mean.iter().zip(&got_std) {
        assert!((m - mean).abs() < 0.02, "mean {m} vs {mean}");
        assert!((s - std).abs() < 0.02, "std {s} vs {std}");
    }
    // The failures are exactly the members with R > 50 ohm, found by index.
    let run = resistor_run(11);
    let expected: Vec<u64> = (0..n)
        .filter(|&i| run.member_values(i).unwrap()[0] > 50.0)
        .collect();
    assert_eq!(stats.failures().unwrap(), expected.as_slice());
    assert_eq!(stats.passed(), n - expected.len() as u64);
}

#[test]
fn members_depend_on_seed_and_index_only() {
    let run = resistor_run(3);
    let whole = run.run(3000, 4096).unwrap();
    for chunk in [1, 7, 256, 3000] {
        assert_eq!(run.run(3000, chunk).unwrap(), whole, "chunk {chunk}");
    }
    // Member i is the same in any range that holds it.
    let tail = run.run_range(2000..3000, 100).unwrap();
    let from_whole: Vec<u64> = (whole.failures().unwrap().iter().copied())
        .filter(|&i| i >= 2000)
        .collect();
    assert_eq!(tail.failures().unwrap(), from_whole.as_slice());
    assert_eq!(
        run.member_values(2500).unwrap(),
        run.member_values(2500).unwrap()
    );
    assert_ne!(
        resistor_run(4).member_values(2500).unwrap(),
        run.member_values(2500).unwrap()
    );
}

#[test]
fn merges_are_exact_up_to_rounding() {
    let run = resistor_run(5);
    let whole = run.run(5000, 512).unwrap();
    // Uneven pieces, merged in order: counts and failures exact, moments to rounding.
    let mut merged = run.empty_stats();
    for piece in [0..1, 1..1234, 1234..1234, 1234..4000, 4000..5000] {
        merged.merge(&run.run_range(piece, 333).unwrap()).unwrap();
    }
    assert_eq!(merged.members(), whole.members());
    assert_eq!(merged.passed(), whole.passed());
    assert_eq!(merged.failures(), whole.failures());
    for f in [s21_db(), "s11_mag".parse().unwrap()] {
        let pairs = [
            (
                merged.mean(&f).unwrap().to_vec(),
                whole.mean(&f).unwrap().to_vec(),
            ),
            (merged.std(&f).unwrap(), whole.std(&f).unwrap()),
        ];
        for (a, b) in pairs {
            for (a, b) in a.iter().zip(&b) {
                assert!(close(*a, *b, 1e-12), "{f}: {a} vs {b}");
            }
        }
    }
    // Two-pass moments of the members themselves.
    let s11: Vec<f64> = (0..5000)
        .map(|i| {
            let r = run.member_values(i).unwrap()[0];
            r / (r + 100.0)
        })
        .collect();
    let mean = s11.iter().sum::<f64>() / 5000.0;
    let var = s11.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 4999.0;
    let f: Feature = "s11_mag".parse().unwrap();
    assert!(close(whole.mean(&f).unwrap()[2], mean, 1e-12));
    assert!(close(whole.std(&f).unwrap()[2], var.sqrt(), 1e-10));
}

#[test]
fn empty_and_single_member_runs() {
    let run = resistor_run(1);
    let none = run.run(0, 10).unwrap();
    assert_eq!((none.members(), none.passed()), (0, 0));
    assert!(none.yield_fraction().is_nan());
    assert_eq!(none.wilson(1.96), (0.0, 1.0));
    let one = run.run(1, 10).unwrap();
    assert!(one.std(&s21_db()).unwrap().iter().all(|s| s.is_nan()));
    assert_eq!(one.mean(&"s21_re".parse().unwrap()), None);
}

#[test]
fn bad_input_is_an_error() {
    let run = resistor_run(1);
    let e = run.run(10, 0).unwrap_err();
    assert!(e.to_string().contains("at least one member"), "{e}");
    let e = Spec::new("s21".parse().unwrap(), Bound::Below(0.0), 1e9..=2e9).unwrap_err();
    assert!(e.to_string().contains("complex feature"), "{e}");
    let e = Spec::new(s21_db(), Bound::Below(f64::NAN), 1e9..=2e9).unwrap_err();
    assert!(e.to_string().contains("not finite"), "{e}");
    let e = Spec::new(s21_db(), Bound::Below(0.0), 2e9..=1e9).unwrap_err();
    assert!(e.to_string().contains("band"), "{e}");
    let band = Spec::new(s21_db(), Bound::Below(0.0), 5e9..=6e9).unwrap();
    let e = resistor_run(1).spec(band).unwrap_err();
    assert!(e.to_string().contains("no point of the grid"), "{e}");
    let e = resistor_run(1)
        .statistics("s_db".parse().unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("name one trace"), "{e}");
    // Statistics of a run that keeps other features do not merge.
    let params = SeriesR::new(10.0)
        .params()
        .unwrap()
        .with_prior("r", Prior::uniform(0.0, 100.0).unwrap())
        .unwrap();
    let freq = Frequency::linspace(1.0, 3.0, 5, FrequencyUnit::GHz).unwrap();
    let other = YieldRun::new(&params, &Filter::Free, &freq, 1).unwrap();
    let mut stats: YieldStats = run.empty_stats();
    assert!(stats.merge(&other.empty_stats()).is_err());
    let mut foreign = other.empty_stats();
    assert!(run.accumulate(0..3, &mut foreign).is_err());
    // A parameter with no prior and infinite bounds cannot be drawn.
    let e = YieldRun::new(&SeriesR::new(10.0), &Filter::Free, &freq, 1).map(|_| ());
    assert!(matches!(e, Err(Error::NotSampleable { .. })), "{e:?}");
}

/// The resistor run with quantiles of |S21| in dB and of |S11| at accuracy `a`.
fn quantile_run(seed: u64, a: f64) -> YieldRun<SeriesR> {
    resistor_run(seed)
        .quantiles(s21_db())
        .unwrap()
        .quantiles("s11_mag".parse().unwrap())
        .unwrap()
        .quantile_accuracy(a)
        .unwrap()
}

#[test]
fn quantiles_match_sorted_members_and_do_not_depend_on_the_split() {
    let (n, a) = (6000u64, 1e-3);
    let run = quantile_run(21, a);
    let whole = run.run(n, 4096).unwrap();
    // Bit for bit, whatever the chunks (and the threads: the unit test in `batch::yield_run`,
    // as this test binary has no rayon of its own to build pools with).
    for chunk in [1, 7, 1000] {
        assert_eq!(run.run(n, chunk).unwrap(), whole, "chunks of {chunk}");
    }
    // Two halves merged equal the whole exactly (quantiles are integer counts).
    let mut halves = run.run_range(0..2500, 300).unwrap();
    halves.merge(&run.run_range(2500..n, 512).unwrap()).unwrap();
    let qs = [0.0, 0.05, 0.5, 0.95, 1.0];
    for f in [s21_db(), "s11_mag".parse().unwrap()] {
        for &q in &qs {
            assert_eq!(
                halves.quantile(&f, q).unwrap(),
                whole.quantile(&f, q).unwrap()
            );
        }
        assert_eq!(halves.sketches(&f), whole.sketches(&f));
    }
    // The members by hand: S21 = 100 / (100 + R), S11 = R / (R + 100), the same at every point.
    let r: Vec<f64> = (0..n).map(|i| run.member_values(i).unwrap()[0]).collect();
    let mut s21: Vec<f64> = r
        .iter()
        .map(|r| 20.0 * (100.0 / (100.0 + r)).log10())
        .collect();
    let mut s11: Vec<f64> = r.iter().map(|r| r / (r + 100.0)).collect();
    for (f, values) in [(s21_db(), &mut s21), ("s11_mag".parse().unwrap(), &mut s11)] {
        values.sort_by(f64::total_cmp);
        for &q in &qs {
            let exact = values[(q * (n - 1) as f64).floor() as usize];
            let got = whole.quantile(&f, q).unwrap();
            assert_eq!(got.len(), 5);
            for g in got {
                // The relative accuracy, with room for the rounding of the features.
                assert!(
                    (g - exact).abs() <= a * exact.abs() * (1.0 + 1e-6) + 1e-12,
                    "{f} q {q}: {g} vs {exact}"
                );
            }
        }
        let counts: Vec<u64> = whole
            .sketches(&f)
            .unwrap()
            .iter()
            .map(|s| s.count())
            .collect();
        assert_eq!(counts, vec![n; 5]);
    }
    // The median of |S11|: R uniform in 0-100 ohm, median 50 ohm, |S11| = 1/3.
    let median = whole.quantile(&"s11_mag".parse().unwrap(), 0.5).unwrap();
    assert!((median[0] - 1.0 / 3.0).abs() < 0.01, "{median:?}");
}

#[test]
fn quantiles_bad_input_is_an_error() {
    let run = quantile_run(1, 1e-2);
    let stats = run.run(10, 10).unwrap();
    for q in [-0.01, 1.01, f64::NAN] {
        let e = stats.quantile(&s21_db(), q).unwrap_err();
        assert!(e.to_string().contains("quantile in [0, 1]"), "{e}");
    }
    let e = stats.quantile(&"s21_re".parse().unwrap(), 0.5).unwrap_err();
    assert!(e.to_string().contains("were not kept"), "{e}");
    assert!(stats.sketches(&"s21_re".parse().unwrap()).is_none());
    let e = resistor_run(1)
        .quantiles("s21".parse().unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("complex feature"), "{e}");
    let e = resistor_run(1)
        .quantiles("s_db".parse().unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("name one trace"), "{e}");
    for a in [0.0, 1.0, f64::NAN] {
        let e = resistor_run(1).quantile_accuracy(a).unwrap_err();
        assert!(e.to_string().contains("relative accuracy"), "{e}");
    }
    // Other accuracies or no quantiles: statistics of another run, which do not merge.
    let mut stats = stats;
    assert!(stats.merge(&quantile_run(1, 1e-3).empty_stats()).is_err());
    assert!(stats.merge(&resistor_run(1).empty_stats()).is_err());
    let mut foreign = quantile_run(1, 1e-3).empty_stats();
    assert!(run.accumulate(0..3, &mut foreign).is_err());
    // No members: NaN quantiles.
    let none = run.run(0, 10).unwrap();
    assert!(
        none.quantile(&s21_db(), 0.5)
            .unwrap()
            .iter()
            .all(|q| q.is_nan())
    );
}

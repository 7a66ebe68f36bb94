//! User-defined features and joint fits of a model's separately measured parts: exact values
//! and derivatives against the built-in features and central differences, recovery, and the
//! errors of objectives that do not match their model.

use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesL, Short, ShuntC, Terminated};
use pmrf::fit::{Bound, CustomFeature, Fit, Goal, Method, Objective, PartVisitor, Parts, Term};
use pmrf::ndarray::ArrayView3;
use pmrf::num_complex::Complex;
use pmrf::prelude::*;

use crate::common;
use common::assert_central_differences;

fn grid() -> Frequency {
    Frequency::linspace(0.05, 5.0, 80, FrequencyUnit::GHz).unwrap()
}

/// `|S_ij|`, written as a user would: the built-in `sij_mag`, for comparison.
struct Magnitude(usize, usize);

impl CustomFeature for Magnitude {
    fn name(&self) -> String {
        format!("|s{}{}|", self.0 + 1, self.1 + 1)
    }
    fn values<T: Scalar>(
        &self,
        _freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
    ) -> pmrf::Result<Vec<T>> {
        Ok(s.outer_iter()
            .map(|m| m[[self.0, self.1]].norm_sqr().sqrt())
            .collect())
    }
}

/// The reflected and transmitted power fractions at every point: two values per point.
struct PowerFractions;

impl CustomFeature for PowerFractions {
    fn name(&self) -> String {
        "|s11|^2, |s21|^2".into()
    }
    fn values<T: Scalar>(
        &self,
        _freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
    ) -> pmrf::Result<Vec<T>> {
        Ok(s.outer_iter()
            .flat_map(|m| [m[[0, 0]].norm_sqr(), m[[1, 0]].norm_sqr()])
            .collect())
    }
}

/// A feature whose length depends on the data: wrong on purpose.
struct Ragged;

impl CustomFeature for Ragged {
    fn name(&self) -> String {
        "ragged".into()
    }
    fn values<T: Scalar>(
        &self,
        _freq: &Frequency,
        s: ArrayView3<'_, Complex<T>>,
    ) -> pmrf::Result<Vec<T>> {
        Ok(vec![s[[0, 0, 0]].re; 3])
    }
}

fn lowpass(l: f64, c: f64) -> Cascade<(SeriesL, ShuntC, SeriesL)> {
    Cascade::new((SeriesL::new(l), ShuntC::new(c), SeriesL::new(l)))
}

#[test]
fn a_custom_feature_scores_and_differentiates_like_the_built_in_one() {
    let freq = grid();
    let data = lowpass(10e-9, 4e-12).network(&freq).unwrap();
    let model = lowpass(12e-9, 3e-12);
    let custom = Objective::new().term(Term::new(data.clone()).custom(Magnitude(1, 0)));
    let builtin = Objective::new().term(Term::new(data).feature("s21_mag".parse().unwrap()));
    let (a, b) = (custom.loss(&model).unwrap(), builtin.loss(&model).unwrap());
    assert!(a > 0.0 && (a / b - 1.0).abs() < 1e-14, "{a} vs {b}");
    let ga = gradient(&model, &Filter::Free, |m| custom.loss(m).unwrap()).unwrap();
    let gb = gradient(&model, &Filter::Free, |m| builtin.loss(m).unwrap()).unwrap();
    for (x, y) in ga.iter().zip(&gb) {
        assert!((x / y - 1.0).abs() < 1e-12, "{x} vs {y}");
    }
    assert_central_differences(&model, &ga, 1e-6, |m| custom.loss(m).unwrap());
    assert!(custom.terms()[0].compared().is_none());
}

#[test]
fn a_custom_feature_with_several_values_per_point_fits_and_respects_the_band() {
    // An L-section: magnitudes determine L and C (up to the swap L/z0 <-> C z0, far away).
    let section = |l, c| Cascade::new((SeriesL::new(l), ShuntC::new(c)));
    let freq = grid();
    let data = section(5e-9, 4e-12).network(&freq).unwrap();
    let objective = Objective::new().term(Term::new(data).custom(PowerFractions).band(0.5e9, 4e9));
    // Outside the band the model may differ freely: only in-band points count.
    let residuals = objective.residuals(&section(6e-9, 3e-12)).unwrap();
    let in_band = (freq.hz().iter())
        .filter(|&&f| (0.5e9..=4e9).contains(&f))
        .count();
    let nonzero = residuals.iter().filter(|r| **r != 0.0).count();
    assert_eq!(nonzero, 2 * in_band);
    let start = section(6.5e-9, 2.8e-12);
    // L-BFGS stops on the loss's relative reduction, so nearer than LM's step criterion.
    for (method, tol) in [(Method::LevenbergMarquardt, 1e-8), (Method::Lbfgs, 1e-4)] {
        let fit = Fit::new(&start, objective.clone())
            .unwrap()
            .method(method)
            .run()
            .unwrap();
        let m = fit.model();
        assert!((m.stages.0.l / 5e-9 - 1.0).abs() < tol, "{method:?}: {m:?}");
        assert!(
            (m.stages.1.c / 4e-12 - 1.0).abs() < tol,
            "{method:?}: {m:?}"
        );
    }
}

#[test]
fn custom_features_that_do_not_fit_their_data_are_errors() {
    let freq = grid();
    let data = lowpass(10e-9, 4e-12).network(&freq).unwrap();
    let err = Objective::new()
        .term(Term::new(data.clone()).custom(Ragged))
        .loss(&lowpass(10e-9, 4e-12))
        .unwrap_err()
        .to_string();
    assert!(err.contains("ragged") && err.contains("3 values"), "{err}");
}

/// A board trace (a lossless line) between two launch pads (shunt C with a series L), whose
/// pad and bare trace were also measured alone.
#[derive(Model, Clone, Debug)]
struct Board<T: Scalar = f64> {
    pad_c: ShuntC<T>,
    pad_l: SeriesL<T>,
    trace: DelayLine<T>,
}

impl<T: Scalar> Parts<T> for Board<T> {
    fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output> {
        let pad = || (self.pad_c, self.pad_l);
        match name {
            "pad" => Some(visitor.visit(&Cascade::new(pad()))),
            "thru" => Some(visitor.visit(&Cascade::new((
                pad().0,
                pad().1,
                self.trace,
                self.pad_l,
                self.pad_c,
            )))),
            // A 1-port part: the pad terminated in a short.
            "pad_short" => Terminated::new(Cascade::new(pad()), 1, Short::<T>::default())
                .ok()
                .map(|t| visitor.visit(&t)),
            _ => None,
        }
    }
}

fn board(c: f64, l: f64, z0: f64, delay: f64) -> Board {
    Board {
        pad_c: ShuntC::new(c),
        pad_l: SeriesL::new(l),
        trace: DelayLine::new(z0, delay),
    }
}

/// The measured networks of `truth`'s parts, with seeded complex noise of rms `sigma`.
fn measure(truth: &Board, name: &str, sigma: f64, seed: u64) -> Network {
    struct Measure<'a>(&'a Frequency);
    impl PartVisitor<f64> for Measure<'_> {
        type Output = Network;
        fn visit<const N: usize, C: Component<N, Scalar = f64>>(self, part: &C) -> Network {
            part.network(self.0).unwrap()
        }
    }
    let freq = grid();
    let clean = truth.part(name, Measure(&freq)).unwrap();
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut normal = || {
        // Box-Muller on a 64-bit LCG: reproducible without a dependency.
        let mut u = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let (a, b) = (u(), u());
        (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
    };
    let s = clean
        .s()
        .mapv(|z| z + Complex::new(normal(), normal()) * (sigma / 2f64.sqrt()));
    Network::from_s(freq, s).unwrap().with_name(name)
}

#[test]
fn a_joint_fit_recovers_every_part_from_its_own_measurement() {
    let truth = board(0.35e-12, 0.6e-9, 62.0, 0.12e-9);
    let start = board(0.5e-12, 0.4e-9, 45.0, 0.16e-9); // 30-45 % off
    for sigma in [0.0, 2e-3] {
        let objective = Objective::new()
            .term(Term::new(measure(&truth, "pad", sigma, 1)).of("pad"))
            .term(Term::new(measure(&truth, "thru", sigma, 2)).of("thru"))
            .term(Term::new(measure(&truth, "pad_short", sigma, 3)).of("pad_short"));
        let fit = Fit::new(&start, objective.clone())
            .unwrap()
            .run_parts()
            .unwrap();
        assert!(fit.report().termination.is_converged(), "{fit}");
        let want = [0.35e-12, 0.6e-9, 62.0, 0.12e-9];
        let errors = fit.std_errors().unwrap();
        for ((got, want), err) in fit.values().iter().zip(want).zip(&errors) {
            if sigma == 0.0 {
                assert!((got / want - 1.0).abs() < 1e-8, "{got} vs {want}");
            } else {
                // Within 4 standard errors, which are small but not zero.
                assert!((got - want).abs() < 4.0 * err, "{got} vs {want} +- {err}");
                assert!(*err > 0.0 && err / want < 0.05, "{err} of {want}");
            }
        }
        // The fitted parts are evaluated like their data.
        let pad = objective.terms()[0].data();
        let fitted = fit.fitted_part("pad", pad).unwrap();
        let dev = (fitted.s() - pad.s())
            .iter()
            .map(|d| d.norm())
            .fold(0.0, f64::max);
        assert!(dev < 6.0 * sigma + 1e-9, "{dev}");
        assert!(fit.fitted_part("lid", pad).is_err());
        // The joint loss's gradient (here at the start, away from the minimum) is exact.
        let g = gradient(&start, &Filter::Free, |m| objective.loss_parts(m).unwrap()).unwrap();
        assert_central_differences(&start, &g, 1e-6, |m| objective.loss_parts(m).unwrap());
    }
}

#[test]
fn the_differences_of_a_joint_model_are_its_parts_minus_their_data() {
    let truth = board(0.35e-12, 0.6e-9, 62.0, 0.12e-9);
    let other = board(0.4e-12, 0.6e-9, 62.0, 0.12e-9);
    let (pad, thru) = (
        measure(&truth, "pad", 0.0, 1),
        measure(&truth, "thru", 0.0, 2),
    );
    let objective = Objective::new()
        .term(Term::new(pad.clone()).of("pad"))
        .term(Term::new(thru).of("thru"));
    let d = objective.differences_parts(&other).unwrap();
    // Complex S of two 2-ports at every point, real and imaginary parts.
    assert_eq!(d.len(), 2 * 2 * 4 * grid().len());
    let model_pad = Cascade::new((other.pad_c, other.pad_l)).s(&grid());
    let want = model_pad[[7, 1, 0]] - pad.s()[[7, 1, 0]];
    let at = (7 * 4 + 2) * 2; // point 7, entry s21
    assert_eq!((d[at], d[at + 1]), (want.re, want.im));
    assert!(
        objective
            .differences_parts(&truth)
            .unwrap()
            .iter()
            .all(|x| *x == 0.0)
    );
}

/// The board whose thru is its unnamed part: terms and goals that name no part measure it.
#[derive(Model, Clone, Debug)]
struct Thru<T: Scalar = f64> {
    board: Board<T>,
}

impl<T: Scalar> Parts<T> for Thru<T> {
    fn part<V: PartVisitor<T>>(&self, name: &str, visitor: V) -> Option<V::Output> {
        self.board.part(name, visitor)
    }
    fn unnamed<V: PartVisitor<T>>(&self, visitor: V) -> Option<V::Output> {
        self.board.part("thru", visitor)
    }
}

#[test]
fn terms_that_name_no_part_measure_the_unnamed_part() {
    let truth = board(0.35e-12, 0.6e-9, 62.0, 0.12e-9);
    let other = board(0.4e-12, 0.5e-9, 55.0, 0.1e-9);
    let (pad, thru) = (
        measure(&truth, "pad", 0.0, 1),
        measure(&truth, "thru", 0.0, 2),
    );
    let named = Objective::new()
        .term(Term::new(pad.clone()).of("pad"))
        .term(Term::new(thru.clone()).of("thru"));
    let unnamed = Objective::new()
        .term(Term::new(pad.clone()).of("pad"))
        .term(Term::new(thru));
    // The same comparisons, so the same loss to the last bit; a joint model by reference is
    // the joint model.
    let want = named.loss_parts(&other).unwrap();
    assert!(want > 0.0);
    let thru_of = |board: &Board| Thru {
        board: board.clone(),
    };
    assert_eq!(unnamed.loss_parts(&thru_of(&other)).unwrap(), want);
    assert_eq!(named.loss_parts(&&other).unwrap(), want);
    assert_eq!(unnamed.loss_parts(&thru_of(&truth)).unwrap(), 0.0);
    let fit = Fit::new(&thru_of(&other), unnamed)
        .unwrap()
        .run_parts()
        .unwrap();
    let want = [0.35e-12, 0.6e-9, 62.0, 0.12e-9];
    for (got, want) in fit.values().iter().zip(want) {
        assert!((got / want - 1.0).abs() < 1e-8, "{got} vs {want}");
    }
    // A part it does not have is still an error, which names it.
    let unknown = Objective::new().term(Term::new(pad).of("lid"));
    let err = unknown
        .loss_parts(&thru_of(&truth))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no part called `lid`"), "{err}");
}

#[test]
fn goals_constrain_parts_of_a_joint_model() {
    let truth = board(0.35e-12, 0.6e-9, 62.0, 0.12e-9);
    let band = Frequency::linspace(1.0, 3.0, 21, FrequencyUnit::GHz).unwrap();
    let goal = |limit| {
        Goal::new("s11_db".parse().unwrap(), Bound::Below(limit), band.clone())
            .unwrap()
            .of("thru")
    };
    let met = Objective::new().goal(goal(0.0));
    assert_eq!(met.loss_parts(&truth).unwrap(), 0.0);
    let violated = Objective::new().goal(goal(-60.0));
    assert!(violated.loss_parts(&truth).unwrap() > 0.0);
}

#[test]
fn objectives_that_do_not_match_their_model_are_errors() {
    let truth = board(0.35e-12, 0.6e-9, 62.0, 0.12e-9);
    let pad = measure(&truth, "pad", 0.0, 1);
    // Each is an `Error::Fit`, displayed with its message.
    let fit_error = |result: pmrf::Result<f64>| match result {
        Err(e @ Error::Fit(_)) => e.to_string(),
        other => panic!("expected Error::Fit, got {other:?}"),
    };
    let unnamed = Objective::new().term(Term::new(pad.clone()));
    let err = fit_error(unnamed.loss_parts(&truth));
    assert!(err.contains("names the part"), "{err}");
    let unknown = Objective::new().term(Term::new(pad.clone()).of("lid"));
    let err = fit_error(unknown.loss_parts(&truth));
    assert!(err.contains("no part called `lid`"), "{err}");
    let ports = Objective::new().term(Term::new(pad.clone()).of("pad_short"));
    let err = fit_error(ports.loss_parts(&truth));
    assert!(
        err.contains("part `pad_short`") && err.contains("1-port"),
        "{err}"
    );
    let whole = Objective::new().term(Term::new(pad).of("pad"));
    let err = fit_error(whole.loss(&lowpass(1e-9, 1e-12)));
    assert!(
        err.starts_with("fit: ")
            && err.contains("no part called `pad`")
            && err.contains("fitted as a whole")
            && err.contains("run_parts"),
        "{err}"
    );
}

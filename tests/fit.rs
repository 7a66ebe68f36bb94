//! The fit objective: losses against their definitions, residuals against losses, exact
//! Jacobians against central differences, and the errors of objectives that make no sense.

use pmrf::components::{SeriesL, SeriesR, ShuntC};
use pmrf::fit::{Bound, Feature, Goal, Loss, Objective, Term, Transform};
use pmrf::prelude::*;

use crate::common;
use common::assert_central_differences;

fn grid() -> Frequency {
    Frequency::linspace(0.05, 3.0, 60, FrequencyUnit::GHz).unwrap()
}

/// A low-pass whose parameters the tests perturb.
fn lowpass(l: f64, c: f64) -> Cascade<(SeriesL, ShuntC, SeriesL)> {
    Cascade::new((SeriesL::new(l), ShuntC::new(c), SeriesL::new(l)))
}

#[test]
fn mse_on_all_of_s_is_the_complex_mean_squared_error() {
    let freq = grid();
    let data = lowpass(10e-9, 4e-12).network(&freq).unwrap();
    let model = lowpass(12e-9, 3e-12);
    let (a, b) = (model.s(&freq), data.s().clone());
    let want = (&a - &b).iter().map(|d| d.norm_sqr()).sum::<f64>() / a.len() as f64;
    let objective = Objective::new().term(Term::new(data));
    let got = objective.loss(&model).unwrap();
    assert!((got / want - 1.0).abs() < 1e-13, "{got} vs {want}");
    // RMSE and log-MSE are functions of it.
    let rmse = Objective::new()
        .term(Term::new(objective.terms()[0].data().clone()).loss(Loss::Rmse))
        .loss(&model)
        .unwrap();
    assert!((rmse - want.sqrt()).abs() < 1e-13);
}

#[test]
fn residuals_square_to_the_loss() {
    let freq = grid();
    let data = lowpass(10e-9, 4e-12).network(&freq).unwrap();
    let model = lowpass(12e-9, 3e-12);
    let band = Frequency::linspace(0.1, 0.5, 9, FrequencyUnit::GHz).unwrap();
    let objective = Objective::new()
        .term(Term::new(data.clone()).weight(0.5))
        .term(
            Term::new(data.clone())
                .feature("s21_db".parse().unwrap())
                .band(0.5e9, 2.5e9)
                .loss(Loss::Huber { delta: 0.3 })
                .weight(2.0),
        )
        .term(
            Term::new(data)
                .feature("s11_deg".parse().unwrap())
                .point_weights((0..60).map(|k| 1.0 + k as f64).collect()),
        )
        .goal(Goal::new("s11_db".parse().unwrap(), Bound::Below(-20.0), band).unwrap());
    let loss = objective.loss(&model).unwrap();
    let r = objective.residuals(&model).unwrap();
    let sum: f64 = r.iter().map(|x| x * x).sum();
    assert!(
        loss > 0.0 && (sum / loss - 1.0).abs() < 1e-12,
        "{sum} vs {loss}"
    );
    assert_eq!(
        Objective::new()
            .term(Term::new(lowpass(1e-9, 1e-12).network(&freq).unwrap()))
            .loss(&lowpass(1e-9, 1e-12))
            .unwrap(),
        0.0
    );
}

#[test]
fn huber_is_mse_inside_delta_and_linear_beyond() {
    let freq = Frequency::from_hz([1e9]).unwrap();
    let data = SeriesR::new(50.0).network(&freq).unwrap();
    let term = |delta| {
        Objective::new().term(
            Term::new(data.clone())
                .feature(Feature::trace(0, 0).with(Transform::Re))
                .loss(Loss::Huber { delta }),
        )
    };
    // S11 of a series R into 50 ohm: R / (R + 100); the difference from R = 50 is d.
    let model = SeriesR::new(100.0);
    let d = 100.0 / 200.0 - 50.0 / 150.0;
    assert!((term(1.0).loss(&model).unwrap() - d * d).abs() < 1e-15);
    let delta = 0.05;
    let want = delta * (2.0 * d - delta);
    assert!((term(delta).loss(&model).unwrap() - want).abs() < 1e-15);
}

#[test]
fn loss_gradients_and_residual_jacobians_are_exact() {
    let freq = grid();
    let data = lowpass(10e-9, 4e-12).network(&freq).unwrap();
    let objective = Objective::new().term(Term::new(data.clone())).term(
        Term::new(data)
            .feature("s21_gd".parse().unwrap())
            .weight(1e18),
    );
    let model = lowpass(12e-9, 3e-12);
    let grad = gradient(&model, &Filter::Free, |m| objective.loss(m).unwrap()).unwrap();
    assert_central_differences(&model, &grad, 1e-6, |m| objective.loss(m).unwrap());
    // The loss is sum r^2, so its gradient is 2 J^T r.
    let jac = jacobian(&model, &Filter::Free, |m| objective.residuals(m).unwrap()).unwrap();
    let r = objective.residuals(&model).unwrap();
    for (k, g) in grad.iter().enumerate() {
        let jtr: f64 = jac.column(k).iter().zip(&r).map(|(j, r)| 2.0 * j * r).sum();
        assert!((jtr / g - 1.0).abs() < 1e-12, "{k}: {jtr} vs {g}");
    }
}

/// The message of an [`Error::Fit`]; any other error fails the test.
fn fit_error<T: std::fmt::Debug>(result: pmrf::Result<T>) -> String {
    match result {
        Err(Error::Fit(message)) => message,
        other => panic!("expected Error::Fit, got {other:?}"),
    }
}

#[test]
fn objectives_that_make_no_sense_are_errors() {
    let freq = grid();
    let two = lowpass(10e-9, 4e-12).network(&freq).unwrap();
    let model = lowpass(10e-9, 4e-12);
    let empty = fit_error(Objective::new().loss(&model));
    assert!(empty.contains("empty"), "{empty}");
    let one_port = Network::from_s(freq.clone(), pmrf::ndarray::Array3::zeros((60, 1, 1))).unwrap();
    let ports = fit_error(Objective::new().term(Term::new(one_port)).loss(&model));
    assert!(ports.contains("1-port"), "{ports}");
    let band = fit_error(
        Objective::new()
            .term(Term::new(two.clone()).band(5e9, 6e9))
            .loss(&model),
    );
    assert!(band.contains("no point"), "{band}");
    let weights = Objective::new()
        .term(Term::new(two.clone()).point_weights(vec![1.0; 3]))
        .loss(&model);
    assert!(
        matches!(&weights, Err(Error::Shape(m)) if m.contains("3 point weights")),
        "{weights:?}"
    );
    let rmse = fit_error(
        Objective::new()
            .term(Term::new(two.clone()).loss(Loss::Rmse))
            .residuals(&model),
    );
    assert!(rmse.contains("not a sum of squares"), "{rmse}");
    // A feature beyond the data's ports is the network's error, not the objective's.
    let port = Objective::new()
        .term(Term::new(two).feature("s31".parse().unwrap()))
        .loss(&model);
    assert!(
        matches!(&port, Err(Error::InvalidNetwork(m)) if m.contains("port")),
        "{port:?}"
    );
    let complex = fit_error(Goal::new(
        Feature::trace(0, 0),
        Bound::Below(0.0),
        freq.clone(),
    ));
    assert!(
        complex.contains("complex feature has no order"),
        "{complex}"
    );
    let limit = fit_error(Goal::new(
        "s11_db".parse().unwrap(),
        Bound::Above(f64::NAN),
        freq,
    ));
    assert!(limit.contains("not finite"), "{limit}");
}

/// No parameter to vary is one error, [`Error::NoFreeParameter`], in a fit as in a posterior
/// (`infer::posteriors_that_make_no_sense_are_errors`).
#[test]
fn a_fit_with_no_free_parameter_is_an_error() {
    use pmrf::fit::Fit;
    let freq = grid();
    let objective = Objective::new().term(Term::new(lowpass(10e-9, 4e-12).network(&freq).unwrap()));
    let mut fixed = lowpass(12e-9, 3e-12).params().unwrap();
    fixed.fix("*").unwrap();
    let err = Fit::new(&fixed, objective.clone())
        .unwrap()
        .run()
        .unwrap_err();
    assert_eq!(err, Error::NoFreeParameter);
    assert!(err.to_string().starts_with("no free parameter"), "{err}");
    // A filter that selects nothing, of a table with free parameters.
    let free = lowpass(12e-9, 3e-12).params().unwrap();
    let none = Fit::new(&free, objective)
        .unwrap()
        .select(Filter::Fixed)
        .run();
    assert_eq!(none.unwrap_err(), Error::NoFreeParameter);
}

mod recovery {
    //! Fits from starts 30-50 % off recover the parameters the data were made with.

    use super::*;
    use pmrf::components::SeriesRlc;
    use pmrf::components::lines::RlgcLine;
    use pmrf::fit::{Fit, Method, Options};
    use pmrf::ndarray::Array3;

    /// ParamRF's RLC benchmark: R = 10 ohm, L = 20 nH, C = 1 pF, 301 points 1 MHz-3 GHz,
    /// started at R = 15, L = 15 nH, C = 1.5 pF within R 1-100, L 1-100 nH, C 0.1-10 pF.
    fn rlc_problem() -> (Params<SeriesRlc>, Objective) {
        let freq = Frequency::linspace(1e6, 3e9, 301, FrequencyUnit::Hz).unwrap();
        let data = SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap();
        let mut params = SeriesRlc::new(15.0, 15e-9, 1.5e-12).params().unwrap();
        params.set_bounds("r", 1.0, 100.0).unwrap();
        params.set_bounds("l", 1e-9, 100e-9).unwrap();
        params.set_bounds("c", 0.1e-12, 10e-12).unwrap();
        (params, Objective::new().term(Term::new(data)))
    }

    #[test]
    fn every_method_recovers_the_rlc() {
        let (params, objective) = rlc_problem();
        for (method, tol) in [
            (Method::LevenbergMarquardt, 1e-9),
            (Method::Lbfgs, 1e-6),
            (Method::NelderMead, 1e-5),
        ] {
            let fit = Fit::new(&params, objective.clone()).unwrap().method(method);
            // Perfect data drive the loss to zero: the scalar methods need tighter tolerances
            // than their defaults to get the last digits.
            let fit = match method {
                Method::NelderMead => {
                    fit.options(Options::default().with_tolerances(1e-14, 1e-10, 0.0))
                }
                Method::Lbfgs => {
                    fit.options(Options::default().with_tolerances(1e-15, 1e-12, 1e-12))
                }
                _ => fit,
            };
            let result = fit.run().unwrap();
            let m = result.model();
            let errs = [m.r / 10.0 - 1.0, m.l / 20e-9 - 1.0, m.c / 1e-12 - 1.0];
            assert!(
                errs.iter().all(|e| e.abs() < tol),
                "{method:?}: {errs:?}\n{result}"
            );
            assert!(
                result.report().termination.is_converged(),
                "{method:?}: {result}"
            );
        }
    }

    #[test]
    fn noisy_data_give_honest_uncertainties() {
        // Complex Gaussian noise of 1e-3 on every S entry: the estimates fall within a few
        // standard errors of the truth, and the standard errors are small but not zero.
        let (params, objective) = rlc_problem();
        let data = objective.terms()[0].data();
        // A seeded xorshift for uniforms in [0, 1).
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut uniform = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let noise = Array3::from_shape_fn(data.s().dim(), |_| {
            let (a, b) = (uniform(), uniform());
            // Box-Muller
            let r = (-2.0 * (1.0 - a).ln()).sqrt() * 1e-3;
            Complex::from_polar(r, std::f64::consts::TAU * b)
        });
        let noisy = Network::from_s(data.frequency().clone(), data.s() + &noise).unwrap();
        let result = Fit::new(&params, Objective::new().term(Term::new(noisy)))
            .unwrap()
            .run()
            .unwrap();
        let errors = result.std_errors().expect("the data determine R, L and C");
        let r = result.residuals().unwrap();
        assert!((r.iter().map(|x| x * x).sum::<f64>() / result.loss() - 1.0).abs() < 1e-12);
        let truth = [10.0, 20e-9, 1e-12];
        for k in 0..3 {
            let z = (result.values()[k] - truth[k]) / errors[k];
            assert!(z.abs() < 4.0, "{}: z = {z}\n{result}", result.names()[k]);
            assert!(errors[k] > 0.0 && errors[k] < 0.05 * truth[k], "{result}");
        }
    }

    #[test]
    fn fixed_parameters_stay_and_bounds_hold() {
        let (mut params, objective) = rlc_problem();
        params.fix("r").unwrap().set_value("r", 12.0).unwrap();
        params.set_bounds("l", 1e-9, 18e-9).unwrap(); // the truth (20 nH) is outside
        let result = Fit::new(&params, objective).unwrap().run().unwrap();
        assert_eq!(result.names(), ["l", "c"]);
        assert_eq!(result.model().r, 12.0);
        assert!(result.model().l <= 18e-9 && (result.model().l / 18e-9 - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_lossy_line_is_recovered_from_s21_and_s11() {
        let truth = RlgcLine::new(5.0, 2.5e-7, 1e-4, 1e-10, 0.3);
        let freq = Frequency::linspace(0.01, 3.0, 151, FrequencyUnit::GHz).unwrap();
        let data = truth.network(&freq).unwrap();
        let start = RlgcLine::new(7.0, 3.5e-7, 0.6e-4, 0.7e-10, 0.3);
        let mut params = start.params().unwrap();
        params.fix("length").unwrap();
        for (name, hi) in [("r", 100.0), ("l", 1e-5), ("g", 1e-2), ("c", 1e-8)] {
            params.set_bounds(name, 0.0, hi).unwrap();
        }
        let objective = Objective::new()
            .term(Term::new(data.clone()).feature("s21".parse().unwrap()))
            .term(Term::new(data).feature("s11".parse().unwrap()));
        let result = Fit::new(&params, objective).unwrap().run().unwrap();
        let want = truth.param_values();
        for (name, v) in result.names().iter().zip(result.values()) {
            let k = truth.param_names().iter().position(|n| n == name).unwrap();
            assert!(
                (v / want[k] - 1.0).abs() < 1e-6,
                "{name}: {v} vs {}\n{result}",
                want[k]
            );
        }
    }

    #[test]
    fn an_eight_parameter_filter_is_recovered() {
        // A 5th-order low-pass with lossy inductors (ESR) and capacitors: 8 free parameters.
        type Filter8 = Cascade<(SeriesLEsr, ShuntC, SeriesLEsr, ShuntC, SeriesLEsr)>;
        use pmrf::components::SeriesLEsr;
        let make = |v: [f64; 8]| -> Filter8 {
            Cascade::new((
                SeriesLEsr::new(v[0], v[1]),
                ShuntC::new(v[2]),
                SeriesLEsr::new(v[3], v[4]),
                ShuntC::new(v[5]),
                SeriesLEsr::new(v[6], v[7]),
            ))
        };
        let truth = [8e-9, 0.5, 3e-12, 12e-9, 0.8, 3e-12, 8e-9, 0.5];
        let start = [11e-9, 0.7, 2e-12, 8e-9, 1.1, 4.2e-12, 5e-9, 0.3];
        let freq = Frequency::linspace(0.05, 4.0, 201, FrequencyUnit::GHz).unwrap();
        let data = make(truth).network(&freq).unwrap();
        let mut params = make(start).params().unwrap();
        params
            .set_bounds("*.l", 1e-9, 50e-9)
            .unwrap()
            .set_bounds("*.esr", 0.0, 5.0)
            .unwrap();
        params.set_bounds("*.c", 0.1e-12, 20e-12).unwrap();
        let result = Fit::new(&params, Objective::new().term(Term::new(data)))
            .unwrap()
            .run()
            .unwrap();
        assert_eq!(result.names().len(), 8);
        for (k, v) in result.values().iter().enumerate() {
            assert!(
                (v / truth[k] - 1.0).abs() < 1e-6,
                "{}: {v}\n{result}",
                result.names()[k]
            );
        }
    }
}

#[test]
fn a_fitted_table_saves_and_loads_against_its_model() {
    use pmrf::components::SeriesRlc;
    use pmrf::fit::Fit;
    let freq = Frequency::linspace(0.01, 3.0, 60, FrequencyUnit::GHz).unwrap();
    let data = SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap();
    let mut params = SeriesRlc::new(14.0, 15e-9, 1.4e-12).params().unwrap();
    params.set_bounds("r", 1.0, 100.0).unwrap();
    let result = Fit::new(&params, Objective::new().term(Term::new(data)))
        .unwrap()
        .run()
        .unwrap();
    let json = serde_json::to_string(&result.params().table()).unwrap();
    // Loaded onto a model of the same structure: the fitted values and the per-instance bounds.
    let table: pmrf::params::ParamTable = serde_json::from_str(&json).unwrap();
    let loaded = Params::load(&SeriesRlc::new(1.0, 1e-9, 1e-12), table).unwrap();
    assert_eq!(loaded.values(), result.values());
    assert_eq!(loaded.get("r").unwrap().meta().bounds(), (1.0, 100.0));
    assert_eq!(loaded.model().r, result.model().r);
    // Onto another structure: a layout error naming the difference.
    let table: pmrf::params::ParamTable = serde_json::from_str(&json).unwrap();
    assert!(Params::load(&SeriesL::new(1e-9), table).is_err());
}

#[test]
fn a_fit_reports_progress_and_can_be_cancelled() {
    use pmrf::components::SeriesRlc;
    use pmrf::fit::Fit;
    use pmrf::optim::{Options, Termination};
    use std::ops::ControlFlow;
    let freq = Frequency::linspace(0.01, 3.0, 60, FrequencyUnit::GHz).unwrap();
    let data = SeriesRlc::new(10.0, 20e-9, 1e-12).network(&freq).unwrap();
    let start = SeriesRlc::new(40.0, 50e-9, 3e-12);
    let mut seen = Vec::new();
    let options = Options::default().with_callback(|p| {
        seen.push(p.loss);
        if p.iteration >= 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    let result = Fit::new(&start, Objective::new().term(Term::new(data)))
        .unwrap()
        .options(options)
        .run()
        .unwrap();
    assert_eq!(result.report().termination, Termination::Cancelled);
    assert_eq!(seen.len(), 2);
    assert!(seen[1] <= seen[0]);
    assert!(
        result
            .params()
            .check_values(&result.params().values())
            .is_ok()
    );
}

#[test]
fn a_coax_is_recovered_from_its_dimensions_and_materials() {
    use pmrf::components::lines::CoaxialLine;
    use pmrf::components::materials::{BulkConductor, ConstantDielectric};
    use pmrf::fit::Fit;
    let coax = |d_in: f64, d_out: f64, len: f64, eps: f64, tand: f64, sigma: f64| {
        CoaxialLine::new(
            d_in,
            d_out,
            0.2e-3,
            len,
            ConstantDielectric::new(eps, tand),
            BulkConductor::new(sigma, 1.0),
        )
        .unwrap()
    };
    let truth = coax(0.91e-3, 2.95e-3, 2.0, 2.3, 4e-4, 5.8e7);
    // DC-near points fix the conductors' resistance; high ones the skin effect and the loss
    // tangent; the phase the length and permittivity; the match ln(b/a).
    let freq = Frequency::logspace(1e3, 6e9, 200, FrequencyUnit::Hz).unwrap();
    let data = truth.network(&freq).unwrap();
    let start = coax(0.6e-3, 4.0e-3, 1.4, 1.6, 6e-4, 4e7);
    let mut params = start.params().unwrap();
    params
        .set_bounds("d_in", 0.1e-3, 2e-3)
        .unwrap()
        .set_bounds("d_out", 2e-3, 6e-3)
        .unwrap();
    params
        .set_bounds("length", 0.5, 5.0)
        .unwrap()
        .set_bounds("dielectric.eps_r", 1.0, 5.0)
        .unwrap();
    params.set_bounds("dielectric.tand", 0.0, 1e-2).unwrap();
    params.set_bounds("conductor.sigma", 1e7, 1e8).unwrap();
    // Many wavelengths at 6 GHz make the full-band loss rippled far from the truth: fit the
    // band below 50 MHz (under a wavelength) first, then everything from there.
    let low = Objective::new().term(Term::new(data.clone()).band(0.0, 50e6));
    let first = Fit::new(&params, low).unwrap().run().unwrap();
    let all = Objective::new().term(Term::new(data));
    let result = Fit::new(first.params(), all).unwrap().run().unwrap();
    assert_eq!(result.names().len(), 6, "{result}");
    let want = truth.param_values();
    for (name, v) in result.names().iter().zip(result.values()) {
        let k = truth.param_names().iter().position(|n| n == name).unwrap();
        assert!(
            (v / want[k] - 1.0).abs() < 1e-4,
            "{name}: {v} vs {}\n{result}",
            want[k]
        );
    }
}

#[test]
fn phase_differences_are_wrapped() {
    // S11 of a shunt 50 ohm ... near 180 degrees: model and data on either side of the branch
    // cut differ by a little, not by a turn.
    let freq = Frequency::linspace(0.1, 1.0, 10, FrequencyUnit::GHz).unwrap();
    let data = ShuntC::new(40e-12).network(&freq).unwrap();
    let model = ShuntC::new(40.2e-12);
    let objective = Objective::new().term(Term::new(data).feature("s11_deg".parse().unwrap()));
    let d = objective.differences(&model).unwrap();
    assert!(d.iter().all(|x| x.abs() < 1.0), "{d:?}");
    let f = Feature::trace(0, 0).with(Transform::Deg);
    assert_eq!(f.difference(&[179.0], &[-179.0]), [-2.0]);
    assert_eq!(
        Feature::trace(0, 0)
            .with(Transform::Db)
            .difference(&[179.0], &[-179.0]),
        [358.0]
    );
}

mod trust {
    //! Data with gaps, and weights or losses that make no sense: gaps are skipped and counted,
    //! nonsense is a clear error naming the value.

    use super::*;
    use pmrf::fit::{Fit, Method};

    /// Data of the low-pass with the whole S matrix NaN at `gaps` (measurement gaps).
    fn with_gaps(gaps: &[usize]) -> Network {
        let data = lowpass(10e-9, 4e-12).network(&grid()).unwrap();
        let mut s = data.s().clone();
        for &k in gaps {
            s.index_axis_mut(pmrf::ndarray::Axis(0), k)
                .fill(Complex::new(f64::NAN, f64::NAN));
        }
        Network::from_s(data.frequency().clone(), s)
            .unwrap()
            .with_name("dut")
    }

    #[test]
    fn nan_points_are_gaps_skipped_and_counted() {
        let data = with_gaps(&[0, 17, 59]);
        let objective = Objective::new().term(Term::new(data));
        // The loss of the true model is zero: the gaps count for nothing.
        assert_eq!(objective.loss(&lowpass(10e-9, 4e-12)).unwrap(), 0.0);
        assert_eq!(objective.skipped_points().unwrap(), 3);
        for method in [
            Method::LevenbergMarquardt,
            Method::Lbfgs,
            Method::NelderMead,
        ] {
            let result = Fit::new(&lowpass(12e-9, 3e-12), objective.clone())
                .unwrap()
                .method(method)
                .run()
                .unwrap();
            let m = result.model();
            let (l, c) = (m.stages.0.l, m.stages.1.c);
            assert!(
                (l / 10e-9 - 1.0).abs() < 1e-3 && (c / 4e-12 - 1.0).abs() < 1e-3,
                "{method:?}: {result}"
            );
            assert_eq!(result.skipped_points(), 3, "{method:?}");
        }
    }

    #[test]
    fn data_that_are_all_gaps_are_an_error() {
        let data = with_gaps(&(0..60).collect::<Vec<_>>());
        let err = Fit::new(
            &lowpass(12e-9, 3e-12),
            Objective::new().term(Term::new(data)),
        )
        .unwrap()
        .run()
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("`dut`") && err.contains("60 of its 60 frequency points are NaN"),
            "{err}"
        );
    }

    #[test]
    fn term_weights_must_be_finite_and_non_negative() {
        let data = lowpass(10e-9, 4e-12).network(&grid()).unwrap();
        let model = lowpass(12e-9, 3e-12);
        for w in [f64::NAN, f64::INFINITY, -1.0] {
            let err = Objective::new()
                .term(Term::new(data.clone()).weight(w))
                .loss(&model)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!("weight {w}")) && err.contains("finite and non-negative"),
                "{w}: {err}"
            );
            // A fit says the same, whatever the method.
            for method in [
                Method::LevenbergMarquardt,
                Method::Lbfgs,
                Method::NelderMead,
            ] {
                let fit = Fit::new(
                    &model,
                    Objective::new().term(Term::new(data.clone()).weight(w)),
                );
                let err = fit.unwrap().method(method).run().unwrap_err().to_string();
                assert!(
                    err.contains(&format!("weight {w}")),
                    "{method:?} {w}: {err}"
                );
            }
        }
        let goal = Goal::new("s11_db".parse().unwrap(), Bound::Below(-20.0), grid()).unwrap();
        let err = Objective::new()
            .goal(goal.weight(-2.0))
            .loss(&model)
            .unwrap_err()
            .to_string();
        assert!(err.contains("weight -2"), "{err}");
    }

    #[test]
    fn an_objective_of_zero_weight_is_an_error_not_a_converged_start() {
        let data = lowpass(10e-9, 4e-12).network(&grid()).unwrap();
        let objective = Objective::new().term(Term::new(data.clone()).weight(0.0));
        for method in [
            Method::LevenbergMarquardt,
            Method::Lbfgs,
            Method::NelderMead,
        ] {
            let err = Fit::new(&lowpass(12e-9, 3e-12), objective.clone())
                .unwrap()
                .method(method)
                .run()
                .unwrap_err()
                .to_string();
            assert!(err.contains("weight 0"), "{method:?}: {err}");
        }
        // One zero-weight term among others is fine.
        let mixed = objective.term(Term::new(data));
        assert_eq!(mixed.loss(&lowpass(10e-9, 4e-12)).unwrap(), 0.0);
    }

    #[test]
    fn huber_delta_must_be_positive_and_finite() {
        let data = lowpass(10e-9, 4e-12).network(&grid()).unwrap();
        let model = lowpass(12e-9, 3e-12);
        for delta in [0.0, -0.5, f64::NAN, f64::INFINITY] {
            let objective =
                Objective::new().term(Term::new(data.clone()).loss(Loss::Huber { delta }));
            let err = objective.loss(&model).unwrap_err().to_string();
            assert!(
                err.contains(&format!("Huber delta {delta}")) && err.contains("positive"),
                "{delta}: {err}"
            );
            let err = Fit::new(&model, objective)
                .unwrap()
                .run()
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!("Huber delta {delta}")),
                "{delta}: {err}"
            );
        }
    }
}

mod flat_valley {
    //! A 10 m cable measured at 2001 points, with six parameters and one exactly flat
    //! direction (the per-metre constants and the length enter only through their products),
    //! and noise that leaves a loss near 4e-5: the optimisers' DEFAULT options must converge
    //! to the best loss, not stop early nor run to the iteration cap.

    use super::*;
    use pmrf::components::lines::RlgcLine;
    use pmrf::fit::{Fit, Method, Options};

    type Cable = Cascade<(SeriesL, RlgcLine)>;

    fn cable(x: [f64; 6]) -> Cable {
        Cascade::new((
            SeriesL::new(x[0]),
            RlgcLine::new(x[1], x[2], x[3], x[4], x[5]),
        ))
    }

    /// The data: the cable at known values plus deterministic complex noise of modulus 6.3e-3.
    fn objective() -> Objective {
        let freq = Frequency::linspace(1e6, 300e6, 2001, FrequencyUnit::Hz).unwrap();
        let truth = cable([2e-9, 0.5, 250e-9, 2e-5, 100e-12, 10.0]);
        let mut s = truth.s(&freq);
        for (k, v) in s.iter_mut().enumerate() {
            let phase = (k as f64 * 2.399_963_229_728_653).sin() * 40.0 + k as f64 * 0.7;
            *v += Complex::from_polar(6.3e-3, phase);
        }
        Objective::new().term(Term::new(Network::from_s(freq, s).unwrap()))
    }

    fn start() -> Cable {
        cable([4e-9, 0.65, 252.5e-9, 3e-5, 99e-12, 10.05])
    }

    #[test]
    fn default_options_converge_to_the_best_loss() {
        let objective = objective();
        let best = Fit::new(&start(), objective.clone())
            .unwrap()
            .method(Method::LevenbergMarquardt)
            .options(Options::default().with_tolerances(1e-15, 1e-15, 1e-15))
            .run()
            .unwrap();
        eprintln!("best: {best}");
        let best = best.loss();
        for method in [
            Method::LevenbergMarquardt,
            Method::Lbfgs,
            Method::NelderMead,
        ] {
            let result = Fit::new(&start(), objective.clone())
                .unwrap()
                .method(method)
                .run()
                .unwrap();
            eprintln!(
                "{method:?}: {result}\n  loss / best = {}",
                result.loss() / best
            );
            // Converged well before the cap (main: Nelder-Mead took 3812 iterations with its
            // former xtol of 1e-8, L-BFGS stopped at 6x the best loss, LM at 24 000x).
            let report = result.report();
            assert!(report.termination.is_converged(), "{method:?}: {result}");
            assert!(report.iterations < 2_000, "{method:?}: {result}");
            assert!(
                result.loss() < 1.01 * best,
                "{method:?}: {} vs best {best}",
                result.loss()
            );
        }
    }
}

/// Features in the Z, Y and ABCD domains, VSWR, wrapped phase and `db10`: closed forms, exact
/// derivatives, and a fit on a Z feature.
mod domains {
    use super::*;
    use pmrf::components::ShuntR;
    use pmrf::fit::Fit;
    use pmrf::num_complex::Complex64;

    const R: f64 = 30.0;
    const C: f64 = 2e-12;

    /// A series R then a shunt C: Z = [[R + 1/jwC, 1/jwC], [1/jwC, 1/jwC]],
    /// Y = [[1/R, -1/R], [-1/R, 1/R + jwC]], ABCD = [[1 + jwRC, R], [jwC, 1]].
    fn ell(r: f64, c: f64) -> Cascade<(SeriesR, ShuntC)> {
        Cascade::new((SeriesR::new(r), ShuntC::new(c)))
    }

    fn closed_form(name: &str, f: f64) -> Complex64 {
        let jw = Complex64::new(0.0, std::f64::consts::TAU * f);
        let zc = 1.0 / (jw * C);
        match name {
            "z11" => R + zc,
            "z21" | "z12" | "z22" => zc,
            "y11" => Complex64::from(1.0 / R),
            "y21" | "y12" => Complex64::from(-1.0 / R),
            "y22" => 1.0 / R + jw * C,
            "a11" => 1.0 + jw * R * C,
            "a12" => Complex64::from(R),
            "a21" => jw * C,
            "a22" => Complex64::from(1.0),
            _ => unreachable!(),
        }
    }

    #[test]
    fn z_y_and_abcd_features_are_the_closed_forms_at_any_reference() {
        let freq = Frequency::from_hz([0.3e9, 1.7e9]).unwrap();
        let model = ell(R, C);
        // The same network at 50 ohm and at complex per-port references.
        let at50 = model.network(&freq).unwrap();
        let z0 = [Complex64::new(30.0, 10.0), Complex64::new(75.0, -5.0)];
        let other = model.network_z0(&freq, &z0).unwrap();
        for net in [&at50, &other] {
            for entry in [
                "z11", "z21", "z22", "y11", "y21", "y22", "a11", "a12", "a21", "a22",
            ] {
                for (suffix, part) in [
                    ("re", (|z: Complex64| z.re) as fn(Complex64) -> f64),
                    ("im", |z| z.im),
                    ("mag", |z| z.norm()),
                    ("db", |z| 20.0 * z.norm().log10()),
                    ("db10", |z| 10.0 * z.norm().log10()),
                    ("deg_wrap", |z| z.arg().to_degrees()),
                    ("rad_wrap", |z| z.arg()),
                ] {
                    let name = format!("{entry}_{suffix}");
                    let feature: Feature = name.parse().unwrap();
                    assert_eq!(feature.to_string(), name);
                    let got = feature
                        .values_at(net.frequency(), net.s().view(), Some(net.z0().view()))
                        .unwrap();
                    // A real negative y21 is at +-180 degrees: compare phases modulo a turn.
                    let turn = match suffix {
                        "deg_wrap" => 360.0,
                        "rad_wrap" => std::f64::consts::TAU,
                        _ => f64::INFINITY,
                    };
                    for (k, &f) in freq.hz().iter().enumerate() {
                        let want = part(closed_form(entry, f));
                        let mut d = got[k] - want;
                        if turn.is_finite() {
                            d -= (d / turn).round() * turn;
                        }
                        let tol = 1e-12 * want.abs().max(1.0);
                        assert!(d.abs() < tol, "{name} at {f}: {} vs {want}", got[k]);
                    }
                }
            }
        }
    }

    #[test]
    fn vswr_and_wrapped_phase_of_s() {
        let freq = grid();
        let net = ell(R, C).network(&freq).unwrap();
        let s = net.s();
        let vswr: Feature = "vswr2".parse().unwrap();
        assert_eq!(vswr, "s22_vswr".parse().unwrap());
        let got = vswr.values(&freq, s.view()).unwrap();
        let wrapped = "s21_deg_wrap"
            .parse::<Feature>()
            .unwrap()
            .values(&freq, s.view())
            .unwrap();
        let unwrapped = "s21_deg_unwrap".parse::<Feature>().unwrap();
        assert_eq!(unwrapped, "s21_deg".parse().unwrap());
        for k in 0..freq.len() {
            let m = s[[k, 1, 1]].norm();
            assert!((got[k] - (1.0 + m) / (1.0 - m)).abs() < 1e-12);
            assert!((wrapped[k] - s[[k, 1, 0]].arg().to_degrees()).abs() < 1e-12);
            assert!(wrapped[k].abs() <= 180.0);
        }
    }

    #[test]
    fn representations_that_do_not_exist_are_nan_and_abcd_needs_two_ports() {
        let freq = Frequency::from_hz([1e9]).unwrap();
        let series = SeriesR::new(R).s(&freq); // no Z
        let shunt = ShuntR::new(R).s(&freq); // no Y
        let z: Feature = "z11_re".parse().unwrap();
        let y: Feature = "y".parse().unwrap();
        assert!(z.values(&freq, series.view()).unwrap()[0].is_nan());
        assert!(
            y.values(&freq, shunt.view())
                .unwrap()
                .iter()
                .all(|v| v.is_nan())
        );
        // The other representations exist: shunt R's z11 = R, series R's y11 = 1/R.
        assert!((z.values(&freq, shunt.view()).unwrap()[0] - R).abs() < 1e-12);
        let y11 = "y11_re"
            .parse::<Feature>()
            .unwrap()
            .values(&freq, series.view())
            .unwrap();
        assert!((y11[0] - 1.0 / R).abs() < 1e-15);
        let one_port = pmrf::ndarray::Array3::from_elem((1, 1, 1), Complex64::new(0.2, 0.0));
        let err = "a11_re"
            .parse::<Feature>()
            .unwrap()
            .values(&freq, one_port.view());
        assert!(matches!(err, Err(Error::InvalidNetwork(m)) if m.contains("2-ports")));
        for bad in ["x11_re", "z11_phase", "a0_1", "vswr0", "z21_"] {
            assert!(bad.parse::<Feature>().is_err(), "{bad}");
        }
    }

    #[test]
    fn derivatives_of_domain_features_are_exact() {
        let freq = grid();
        let z0 = [Complex64::new(40.0, 5.0), Complex64::new(60.0, 0.0)];
        let data = ell(R, C).network_z0(&freq, &z0).unwrap();
        let mut objective = Objective::new();
        for name in [
            "z11_im",
            "y21_db",
            "a21_re",
            "a12_deg_wrap",
            "s11_vswr",
            "z22_db10",
            "y",
        ] {
            objective = objective.term(Term::new(data.clone()).feature(name.parse().unwrap()));
        }
        let model = ell(36.0, 2.4e-12);
        let grad = gradient(&model, &Filter::Free, |m| objective.loss(m).unwrap()).unwrap();
        assert!(grad.iter().all(|g| g.abs() > 0.0));
        assert_central_differences(&model, &grad, 1e-6, |m| objective.loss(m).unwrap());
    }

    #[test]
    fn a_fit_on_z_features_recovers_the_values() {
        let freq = grid();
        let data = ell(R, C).network(&freq).unwrap();
        let objective = Objective::new()
            .term(Term::new(data.clone()).feature("z11_re".parse().unwrap()))
            .term(
                Term::new(data)
                    .feature("z22_im".parse().unwrap())
                    .weight(1e-4),
            );
        let mut params = ell(50.0, 3e-12).params().unwrap();
        let names = ell(R, C).param_names();
        params.set_bounds(&names[0], 1.0, 200.0).unwrap();
        params.set_bounds(&names[1], 0.1e-12, 10e-12).unwrap();
        let result = Fit::new(&params, objective).unwrap().run().unwrap();
        let v = result.values();
        assert!(
            (v[0] / R - 1.0).abs() < 1e-8 && (v[1] / C - 1.0).abs() < 1e-8,
            "{result}"
        );
    }
}

//! The fit objective: losses against their definitions, residuals against losses, exact
//! Jacobians against central differences, and the errors of objectives that make no sense.

use pmrf::fit::{Bound, Feature, Goal, Loss, Objective, Term, Transform};
use pmrf::prelude::*;

mod common;
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

#[test]
fn objectives_that_make_no_sense_are_errors() {
    let freq = grid();
    let two = lowpass(10e-9, 4e-12).network(&freq).unwrap();
    let model = lowpass(10e-9, 4e-12);
    let empty = Objective::new().loss(&model).unwrap_err().to_string();
    assert!(empty.contains("empty"), "{empty}");
    let one_port = Network::from_s(freq.clone(), pmrf::ndarray::Array3::zeros((60, 1, 1))).unwrap();
    let ports = Objective::new()
        .term(Term::new(one_port))
        .loss(&model)
        .unwrap_err()
        .to_string();
    assert!(ports.contains("1-port"), "{ports}");
    let band = Objective::new()
        .term(Term::new(two.clone()).band(5e9, 6e9))
        .loss(&model)
        .unwrap_err()
        .to_string();
    assert!(band.contains("no point"), "{band}");
    let weights = Objective::new()
        .term(Term::new(two.clone()).point_weights(vec![1.0; 3]))
        .loss(&model)
        .unwrap_err()
        .to_string();
    assert!(weights.contains("3 point weights"), "{weights}");
    let rmse = Objective::new()
        .term(Term::new(two.clone()).loss(Loss::Rmse))
        .residuals(&model)
        .unwrap_err()
        .to_string();
    assert!(rmse.contains("not a sum of squares"), "{rmse}");
    let port = Objective::new()
        .term(Term::new(two).feature("s31".parse().unwrap()))
        .loss(&model)
        .unwrap_err()
        .to_string();
    assert!(port.contains("port"), "{port}");
    assert!(Goal::new(Feature::trace(0, 0), Bound::Below(0.0), freq.clone()).is_err());
    assert!(Goal::new("s11_db".parse().unwrap(), Bound::Above(f64::NAN), freq).is_err());
}

//! Derivatives against closed forms and central differences.

use std::f64::consts::TAU;

use pmrf::components::{SeriesL, ShuntC, ShuntR};
use pmrf::diff::{frequency_derivative, jacobian, value_and_gradient};
use pmrf::network::domain;
use pmrf::prelude::*;

type Lowpass = Cascade<(SeriesL, ShuntC, SeriesL)>;
type LowpassDual = <Lowpass as Model>::Rebind<Dual64>;

fn lowpass() -> Lowpass {
    Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(4e-9)))
}

/// |S21|^2 summed over a few frequencies: a typical fitting-style objective.
fn objective<T: Scalar>(m: &<Lowpass as Model>::Rebind<T>) -> T {
    [0.5e9, 1.3e9, 2.9e9]
        .iter()
        .map(|&f| m.s_at(T::from(f))[1][0].norm_sqr())
        .sum()
}

#[test]
fn gradient_matches_central_differences() {
    let model = lowpass();
    let (value, grad) = value_and_gradient(&model, &Filter::Free, objective::<Grad>).unwrap();
    assert!((value - objective::<f64>(&model)).abs() < 1e-15);
    let x = model.param_values();
    for (k, g) in grad.iter().enumerate() {
        let h = x[k] * 1e-5;
        let mut plus = x.clone();
        let mut minus = x.clone();
        plus[k] += h;
        minus[k] -= h;
        let fd = (objective::<f64>(&model.with_params(&plus).unwrap())
            - objective::<f64>(&model.with_params(&minus).unwrap()))
            / (2.0 * h);
        assert!(
            (g / fd - 1.0).abs() < 1e-7,
            "param {k}: dual {g} vs fd {fd}"
        );
    }
}

#[test]
fn gradient_respects_filters_and_ties() {
    let model = lowpass();
    let full = gradient(&model, &Filter::All, objective::<Grad>).unwrap();
    let only_c = gradient(&model, &Filter::glob("*.c"), objective::<Grad>).unwrap();
    assert_eq!(only_c, [full[1]]);

    // Fixed parameters drop out; a tied parameter moves with its source.
    let mut params = model.params().unwrap();
    params.fix("stages[1].c").unwrap();
    params.tie("stages[2].l", "stages[0].l").unwrap();
    assert_eq!(
        params.partition(&Filter::Free).unwrap().names(),
        ["stages[0].l"]
    );
    // The table carries the values: stages[2].l follows stages[0].l = 3 nH.
    let g = gradient(&params, &Filter::Free, objective::<Grad>).unwrap();
    assert_eq!(g.len(), 1);
    let tied_model = params.model().clone();
    assert_eq!(tied_model.param_values()[2], 3e-9);
    let tied_full = gradient(&tied_model, &Filter::All, objective::<Grad>).unwrap();
    assert!((g[0] / (tied_full[0] + tied_full[2]) - 1.0).abs() < 1e-12);
}

#[test]
fn jacobian_of_complex_outputs_has_closed_form() {
    // S21 of a series L: 2 Z0/(2 Z0 + jwL); d/dL = -jw 2 Z0/(2 Z0 + jwL)^2.
    let freqs = [1e8, 1e9, 5e9];
    let j = jacobian(&SeriesL::new(5e-9), &Filter::Free, |m: &SeriesL<Grad>| {
        freqs
            .iter()
            .flat_map(|&f| {
                let s21 = m.s_at(Grad::from(f))[1][0];
                [s21.re, s21.im]
            })
            .collect()
    })
    .unwrap();
    assert_eq!(j.shape(), [6, 1]);
    for (i, &f) in freqs.iter().enumerate() {
        let jw = pmrf::num_complex::Complex64::new(0.0, TAU * f);
        let den = jw * 5e-9 + 100.0;
        let exact = -jw * 100.0 / (den * den);
        assert!((j[[2 * i, 0]] - exact.re).abs() <= 1e-12 * exact.norm());
        assert!((j[[2 * i + 1, 0]] - exact.im).abs() <= 1e-12 * exact.norm());
    }
}

#[test]
fn frequency_derivative_matches_central_differences() {
    let model = lowpass();
    let freq = Frequency::linspace(0.2, 3.0, 15, FrequencyUnit::GHz).unwrap();
    let d = frequency_derivative(&model, &freq, |m: &LowpassDual, f| {
        pmrf::cmath::abs(m.s_at(f)[1][0])
    })
    .unwrap();
    for (&f, dv) in freq.hz().iter().zip(&d) {
        let h = f * 1e-6;
        let fd = (model.s_at(f + h)[1][0].norm() - model.s_at(f - h)[1][0].norm()) / (2.0 * h);
        assert!((dv - fd).abs() < 1e-6 * fd.abs().max(1e-12), "{dv} vs {fd}");
    }
}

#[test]
fn group_delay_of_a_delay_like_lowpass_is_positive_and_rejects_bad_ports() {
    let freq = Frequency::linspace(0.1, 2.0, 20, FrequencyUnit::GHz).unwrap();
    let tau = group_delay(&lowpass(), &freq, 1, 0).unwrap();
    assert!(tau.iter().all(|&t| t > 0.0 && t < 1e-9));
    // Unwrapped phase of S21 differentiated numerically agrees.
    let s = lowpass().s(&freq);
    let dphi = (s[[11, 1, 0]].arg() - s[[9, 1, 0]].arg()) / (TAU * (freq.hz()[11] - freq.hz()[9]));
    assert!((-dphi / tau[10] - 1.0).abs() < 0.02);
    let e = group_delay(&lowpass(), &freq, 2, 0).unwrap_err();
    assert!(matches!(
        e,
        Error::PortOutOfRange {
            port: 2,
            ports: 2,
            ..
        }
    ));
    assert!(
        e.to_string()
            .starts_with("port 2 is out of range for model `Cascade<")
            && e.to_string()
                .ends_with("of group_delay, which has 2 ports: 0 to 1 (ports are 0-based)"),
        "{e}"
    );
}

#[test]
fn gradient_rejects_unknown_names() {
    let e = gradient(&lowpass(), &Filter::glob("nope"), objective::<Grad>).unwrap_err();
    assert!(matches!(e, Error::UnknownParam { .. }));
}

#[test]
fn the_declared_form_and_the_table_form_differ_only_where_the_table_does() {
    // README form: declared metadata, every parameter free.
    let model = lowpass();
    let declared = gradient(&model, &Filter::Free, objective::<Grad>).unwrap();
    assert_eq!(declared.len(), 3);
    // The same call on a table honours its fixes.
    let mut params = model.params().unwrap();
    params.fix("stages[0].l").unwrap();
    let fixed = gradient(&params, &Filter::Free, objective::<Grad>).unwrap();
    assert_eq!(fixed, declared[1..]);
}

#[test]
fn value_and_gradient_runs_one_pass_per_eight_parameters() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let calls = AtomicUsize::new(0);
    let (v, g) = value_and_gradient(&lowpass(), &Filter::Free, |m| {
        calls.fetch_add(1, Ordering::Relaxed);
        objective::<Grad>(m)
    })
    .unwrap();
    assert_eq!(calls.swap(0, Ordering::Relaxed), 1);
    assert_eq!(g.len(), 3);
    assert!((v - objective::<f64>(&lowpass())).abs() < 1e-15);
    // Ten inductors: two passes (8 + 2 lanes), the same numbers as one lane per pass.
    let ten = Cascade::new(
        (1..=10)
            .map(|k| SeriesL::new(k as f64 * 1e-9))
            .collect::<Vec<_>>(),
    );
    let s21 = |m: &Cascade<Vec<SeriesL<Grad>>, Grad>| m.s_at(Grad::from(1e9))[1][0].norm_sqr();
    let (v, g) = value_and_gradient(&ten, &Filter::Free, |m| {
        calls.fetch_add(1, Ordering::Relaxed);
        s21(m)
    })
    .unwrap();
    assert_eq!((calls.into_inner(), g.len()), (2, 10));
    let (v1, g1) = pmrf::diff::value_and_gradient_lanes::<1, _>(&ten, &Filter::Free, |m| {
        m.s_at(pmrf::DualN::from(1e9))[1][0].norm_sqr()
    })
    .unwrap();
    assert_eq!(v, v1);
    // Inductors in series: every one has the same derivative, dS/dL of the total.
    for (a, b) in g.iter().zip(&g1) {
        assert!((a - b).abs() <= 1e-14 * b.abs() && (a - g[0]).abs() <= 1e-12 * b.abs());
    }
}

/// A Z-domain 1-port resistor: its Y does not exist at r = 0.
#[derive(Model, Clone, Debug)]
struct Resistor<T: Scalar = f64> {
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    r: T,
}

impl<T: Scalar> Component<1> for Resistor<T> {
    type Domain = domain::Z;
    fn primary(&self, _f: T) -> Mat<T, 1> {
        [[Complex::new(self.r, T::zero())]]
    }
}

#[test]
fn singular_values_are_reported_not_hidden() {
    let y = |m: &Resistor<Grad>| m.y_at(Grad::from(1e9))[0][0].re;
    let e = gradient(&Resistor { r: 0.0 }, &Filter::Free, y).unwrap_err();
    assert!(matches!(e, Error::NonFiniteResult(_)), "{e}");
    let e = jacobian(&Resistor { r: 0.0 }, &Filter::Free, |m| vec![y(m)]).unwrap_err();
    assert!(matches!(e, Error::NonFiniteResult(_)), "{e}");
    // Fine away from the singularity: dG/dR = -1/R^2.
    let g = gradient(&Resistor { r: 10.0 }, &Filter::Free, y).unwrap();
    assert!((g[0] + 0.01).abs() < 1e-15);
    // Zero transmission has no group delay.
    let open = ShuntR::new(0.0);
    let freq = Frequency::from_hz([1e9]).unwrap();
    assert!(matches!(
        group_delay(&open, &freq, 1, 0),
        Err(Error::NonFiniteResult(_))
    ));
}

#[test]
fn values_outside_declared_bounds_are_rejected_at_entry() {
    let e = gradient(&SeriesL::new(-1e-9), &Filter::Free, |m| {
        m.s_at(Grad::from(1e9))[1][0].norm_sqr()
    })
    .unwrap_err();
    assert!(matches!(e, Error::OutOfBounds { .. }), "{e}");
}

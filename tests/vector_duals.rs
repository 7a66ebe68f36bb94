//! Vector dual numbers (`DualN`; `diff::value_and_gradient`, `jacobian` and their `_lanes`
//! forms): the same values and gradients as forward mode, one `Dual64` pass per direction
//! (1e-13 relative), on the derivative fixture, on cascade_5 of the speed benchmark, with fixed
//! and tied parameters, across pass boundaries, and inside `Fit` and `Posterior`.

use crate::common;

use common::Skewed;
use pmrf::components::lines::DelayLine;
use pmrf::components::{SeriesC, SeriesL, SeriesR, ShuntC, ShuntL};
use pmrf::diff::{LANES, jacobian_lanes, value_and_gradient_lanes};
use pmrf::fit::{Objective, Term};
use pmrf::ndarray::Array2;
use pmrf::params::AsParams;
use pmrf::prelude::*;
use pmrf::{DualN, Error};

/// The reference: forward mode, one `Dual64` pass per free direction with its parameter (and
/// those tied to it) seeded, independent of the vector duals and of the cascade's adjoint
/// chain. The outputs' values and their Jacobian `(outputs, directions)`.
fn forward<S: AsParams>(
    source: &S,
    f: impl Fn(&<S::Model as Model>::Rebind<Dual64>) -> Vec<Dual64>,
) -> (Vec<f64>, Array2<f64>) {
    let params = source.as_params().unwrap();
    let partition = params.partition(&Filter::Free).unwrap();
    let mut values = Vec::new();
    let mut columns = Vec::new();
    for &s in partition.indices() {
        let mut leaves = params.iter().enumerate();
        let lifted = (params.model())
            .try_map_params::<Dual64, std::convert::Infallible, _>(&mut |x| {
                let (i, p) = leaves.next().unwrap();
                let seeded = i == s || p.tied_to() == Some(s);
                Ok(if seeded {
                    Dual64::from(x).derivative()
                } else {
                    Dual64::from(x)
                })
            })
            .unwrap();
        let out = f(&lifted);
        values = out.iter().map(|d| d.re).collect();
        columns.push(out.iter().map(|d| d.eps).collect::<Vec<_>>());
    }
    let jac = Array2::from_shape_fn((values.len(), columns.len()), |(i, k)| columns[k][i]);
    (values, jac)
}

/// [`forward`] of a scalar function: its value and gradient (at least one direction).
fn forward_gradient<S: AsParams>(
    source: &S,
    f: impl Fn(&<S::Model as Model>::Rebind<Dual64>) -> Dual64,
) -> (f64, Vec<f64>) {
    let (value, jac) = forward(source, |m| vec![f(m)]);
    (value[0], jac.row(0).to_vec())
}

/// `|a - b| <= tol max(|a|, |b|)`, or both zero.
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs())
}

fn assert_same(what: &str, (v, g): &(f64, Vec<f64>), (v1, g1): &(f64, Vec<f64>)) {
    assert!(close(*v, *v1, 1e-13), "{what}: value {v} vs {v1}");
    assert_eq!(g.len(), g1.len(), "{what}");
    for (k, (a, b)) in g.iter().zip(g1).enumerate() {
        assert!(close(*a, *b, 1e-13), "{what}: gradient[{k}] {a} vs {b}");
    }
}

fn fixture() -> serde_json::Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/derivatives.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn fixture_gradients_through_vector_duals() {
    let data = fixture();
    let d = &data["series_c_ds21sq_dc"];
    let cap = SeriesC::new(1e-12);
    let (_, g) = value_and_gradient(&cap, &Filter::Free, |m| {
        m.s_at(Grad::from(2e9))[1][0].norm_sqr()
    })
    .unwrap();
    let (_, g1) = forward_gradient(&cap, |m| m.s_at(Dual64::from(2e9))[1][0].norm_sqr());
    let expect = d["value"].as_f64().unwrap();
    assert!(close(g[0], expect, 1e-12), "{g:?} vs {expect}");
    assert!(close(g[0], g1[0], 1e-13));

    let d = &data["series_rlc_grad_s21sq"];
    let rlc = Cascade::new((SeriesR::new(5.0), SeriesL::new(3e-9), SeriesC::new(1e-12)));
    let vec = value_and_gradient(&rlc, &Filter::Free, |m| {
        m.s_at(Grad::from(1e9))[1][0].norm_sqr()
    })
    .unwrap();
    let one = forward_gradient(&rlc, |m| m.s_at(Dual64::from(1e9))[1][0].norm_sqr());
    assert_same("series RLC", &vec, &one);
    let jax: Vec<f64> = (d["value"].as_array().unwrap().iter())
        .map(|x| x.as_f64().unwrap())
        .collect();
    for (ours, jax) in vec.1.iter().zip(jax) {
        assert!(close(*ours, jax, 1e-11), "{ours} vs {jax}");
    }
}

type Cascade5<T = f64> = Cascade<(SeriesL<T>, ShuntC<T>, DelayLine<T>, SeriesR<T>, ShuntL<T>), T>;

fn cascade5() -> Cascade5 {
    Cascade::new((
        SeriesL::new(8e-9),
        ShuntC::new(1.5e-12),
        DelayLine::new(75.0, 150e-12),
        SeriesR::new(5.0),
        ShuntL::new(20e-9),
    ))
}

fn freqs() -> Vec<f64> {
    (0..101).map(|k| 1e7 + 1e8 * k as f64).collect()
}

/// `sum_f |S21|^2` of any two-port, over scalar `T`.
fn transmission<T: Scalar, C: Component<2, Scalar = T>>(m: &C, freqs: &[f64]) -> T {
    freqs
        .iter()
        .map(|&f| m.s_at(T::from(f))[1][0].norm_sqr())
        .sum()
}

/// Re and Im of S11 and S21 at every frequency.
fn parts<T: Scalar>(m: &Cascade5<T>, freqs: &[f64]) -> Vec<T> {
    let mut out = Vec::new();
    for &f in freqs {
        let s = m.s_at(T::from(f));
        out.extend([s[0][0].re, s[0][0].im, s[1][0].re, s[1][0].im]);
    }
    out
}

#[test]
fn cascade5_every_width_matches_dual64() {
    let (model, f) = (cascade5(), freqs());
    let one = forward_gradient(&model, |m| transmission(m, &f));
    assert_eq!(one.1.len(), 6);
    assert_same(
        "plain",
        &value_and_gradient(&model, &Filter::Free, |m| transmission(m, &f)).unwrap(),
        &one,
    );
    // Several passes (in parallel), a last pass with unused lanes, one lane per pass.
    assert_same(
        "lanes 4",
        &value_and_gradient_lanes::<4, _>(&model, &Filter::Free, |m| transmission(m, &f)).unwrap(),
        &one,
    );
    assert_same(
        "lanes 5",
        &value_and_gradient_lanes::<5, _>(&model, &Filter::Free, |m| transmission(m, &f)).unwrap(),
        &one,
    );
    assert_same(
        "lanes 1",
        &value_and_gradient_lanes::<1, _>(&model, &Filter::Free, |m| transmission(m, &f)).unwrap(),
        &one,
    );
    // And the value is the f64 evaluation's.
    assert!(close(one.0, transmission(&model, &f), 1e-13));
}

#[test]
fn cascade5_jacobian_matches_dual64() {
    let (model, f) = (cascade5(), freqs());
    let (_, j1) = forward(&model, |m| parts(m, &f));
    let j = jacobian(&model, &Filter::Free, |m| parts(m, &f)).unwrap();
    assert_eq!(j.dim(), (4 * 101, 6));
    assert_eq!(j.dim(), j1.dim());
    let scale = j1.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    for ((i, k), a) in j.indexed_iter() {
        let b = j1[[i, k]];
        assert!(
            close(*a, b, 1e-13) || (a - b).abs() <= 1e-15 * scale,
            "({i}, {k}): {a} vs {b}"
        );
    }
}

#[test]
fn more_parameters_than_lanes_and_ties() {
    // Two cascade_5 in a row: 12 parameters, two passes of LANES = 8.
    let model = Cascade::new((cascade5(), cascade5()));
    let f = freqs();
    let one = forward_gradient(&model, |m| transmission(m, &f));
    assert_eq!(one.1.len(), 12);
    assert!(one.1.len() > LANES);
    let vec = value_and_gradient(&model, &Filter::Free, |m| transmission(m, &f)).unwrap();
    assert_same("12 parameters", &vec, &one);
    let (_, j1) = forward(&model, |m| {
        vec![transmission(m, &f), m.s_at(Dual64::from(3e9))[1][1].im]
    });
    let j = jacobian(&model, &Filter::Free, |m| {
        vec![transmission(m, &f), m.s_at(Grad::from(3e9))[1][1].im]
    })
    .unwrap();
    assert_eq!(j.dim(), (2, 12));
    for (a, b) in j.iter().zip(&j1) {
        assert!(close(*a, *b, 1e-13), "{a} vs {b}");
    }

    // Fixed parameters drop out; a tied one moves with its source, in whichever lane.
    let mut params = model.params().unwrap();
    let names: Vec<String> = params.names().iter().map(|s| s.to_string()).collect();
    params.fix(&names[3]).unwrap();
    params.tie(&names[11], &names[0]).unwrap();
    params.tie(&names[4], &names[8]).unwrap(); // ohm to ohm, from the second pass of lanes
    let one = forward_gradient(&params, |m| transmission(m, &f));
    assert_eq!(one.1.len(), 9);
    for w in [1, 2, 8] {
        let vec = match w {
            1 => value_and_gradient_lanes::<1, _>(&params, &Filter::Free, |m| transmission(m, &f)),
            2 => value_and_gradient_lanes::<2, _>(&params, &Filter::Free, |m| transmission(m, &f)),
            _ => value_and_gradient(&params, &Filter::Free, |m| transmission(m, &f)),
        }
        .unwrap();
        assert_same(&format!("ties, {w} lanes"), &vec, &one);
    }
    // A filter that selects nothing: the value alone.
    let none = value_and_gradient(&model, &Filter::Fixed, |m| transmission(m, &f)).unwrap();
    assert!(none.1.is_empty() && close(none.0, transmission(&model, &f), 1e-13));
}

#[test]
fn non_finite_derivatives_name_their_parameter() {
    let model = cascade5();
    let names = model.param_names();
    // (1e160 delay)^2 = 2.25e300 is finite, its derivative along the delay (3e310) is not,
    // the others are zero: the error names the delay, whatever the width.
    let err = value_and_gradient(&model, &Filter::Free, |m| {
        let x = m.stages.2.delay * 1e160;
        x * x + m.stages.0.l
    })
    .unwrap_err();
    let err1 = value_and_gradient_lanes::<1, _>(&model, &Filter::Free, |m| {
        let x = m.stages.2.delay * 1e160;
        x * x + m.stages.0.l
    })
    .unwrap_err();
    assert_eq!(err.to_string(), err1.to_string());
    match err {
        Error::NonFiniteResult(msg) => assert!(msg.contains(&names[3]), "{msg}"),
        e => panic!("{e}"),
    }
    let err = value_and_gradient(&model, &Filter::Free, |m| m.stages.0.l / 0.0).unwrap_err();
    assert!(matches!(err, Error::NonFiniteResult(_)));
}

#[test]
fn fit_and_posterior_objectives_match_dual64() {
    // The objective and likelihood code Fit and Posterior differentiate: the loss and the
    // residuals of an RLC against data, on Grad and on Dual64.
    let freq = Frequency::linspace(1e6, 3e9, 61, FrequencyUnit::Hz).unwrap();
    let data = pmrf::components::SeriesRlc::new(10.0, 20e-9, 1e-12)
        .network(&freq)
        .unwrap();
    let objective = Objective::new().term(Term::new(data));
    let start = pmrf::components::SeriesRlc::new(15.0, 15e-9, 1.5e-12);
    let one = forward_gradient(&start, |m| objective.loss(m).unwrap());
    let vec = value_and_gradient(&start, &Filter::Free, |m| objective.loss(m).unwrap()).unwrap();
    assert_same("loss", &vec, &one);
    let (_, j1) = forward(&start, |m| objective.residuals(m).unwrap());
    let j = jacobian(&start, &Filter::Free, |m| objective.residuals(m).unwrap()).unwrap();
    assert_eq!(j.dim(), j1.dim());
    for (a, b) in j.iter().zip(&j1) {
        assert!(close(*a, *b, 1e-13) || (a - b).abs() < 1e-300, "{a} vs {b}");
    }
}

#[test]
fn dualn_is_a_scalar_for_generic_code() {
    // A lifted model evaluates on DualN with the f64 values.
    let model = cascade5();
    let lifted = model.lift::<DualN<3>>();
    for f in [1e6, 1e9, 7.3e9] {
        let (a, b) = (lifted.s_at(DualN::from(f)), model.s_at(f));
        for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
            assert!((Complex::new(x.re.re, x.im.re) - y).norm() < 1e-15);
            assert_eq!((x.re.eps, x.im.eps), ([0.0; 3], [0.0; 3]));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The ABCD chain of a cascade on vector duals takes the adjoint rule (prefix rows, suffix
// columns); `Dual64` takes the forward one. Every S-parameter's Jacobian must agree.

/// Re and Im of every S-parameter of a two-port at every frequency, over scalar `T`.
fn all_s<T: Scalar, C: Component<2, Scalar = T>>(m: &C, freqs: &[f64]) -> Vec<T> {
    let mut out = Vec::new();
    for &f in freqs {
        out.extend(
            m.s_at(T::from(f))
                .iter()
                .flatten()
                .flat_map(|z| [z.re, z.im]),
        );
    }
    out
}

/// The Jacobian of [`all_s`] on `DualN` of 1, 3, 6 and 8 lanes equals the `Dual64` one (`tol`
/// relative, or a tenth of it of the largest entry; 1e-12 unless given).
macro_rules! assert_lanes_match_dual64 {
    ($what:expr, $source:expr, $freqs:expr) => {
        assert_lanes_match_dual64!($what, $source, $freqs, 1e-12)
    };
    ($what:expr, $source:expr, $freqs:expr, $tol:expr) => {{
        let (source, freqs) = (&$source, &$freqs);
        let (_, j1) = forward(source, |m| all_s(m, freqs));
        let scale = j1.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        assert!(scale > 0.0, "{}: a Jacobian of zeros checks nothing", $what);
        let widths = [
            jacobian_lanes::<1, _>(source, &Filter::Free, |m| all_s(m, freqs)),
            jacobian_lanes::<3, _>(source, &Filter::Free, |m| all_s(m, freqs)),
            jacobian_lanes::<6, _>(source, &Filter::Free, |m| all_s(m, freqs)),
            jacobian(source, &Filter::Free, |m| all_s(m, freqs)),
        ];
        for (w, j) in [1, 3, 6, 8].into_iter().zip(widths) {
            let j = j.unwrap();
            assert_eq!(j.dim(), j1.dim());
            for ((i, k), a) in j.indexed_iter() {
                let b = j1[[i, k]];
                assert!(
                    close(*a, b, $tol) || (a - b).abs() <= 0.1 * $tol * scale,
                    "{}, {w} lanes, ({i}, {k}): {a} vs {b}",
                    $what
                );
            }
        }
    }};
}

#[test]
fn adjoint_chain_matches_forward_mode() {
    let f = freqs();
    // Series, shunt, reciprocal and general stages; the determinant's lanes reach S12.
    let skewed = Skewed {
        z: 20.0,
        y: 0.004,
        k: 1.7,
    };
    let mixed = Cascade::new((
        SeriesL::new(3e-9),
        skewed.clone(),
        ShuntC::new(1e-12),
        DelayLine::new(60.0, 80e-12),
        SeriesR::new(4.0),
    ));
    assert_lanes_match_dual64!("series, general, shunt, line, series", mixed, f);
    // A parameter tied across two stages has lanes in both.
    let mut tied = cascade5().params().unwrap();
    tied.tie("stages[4].l", "stages[0].l").unwrap();
    assert_lanes_match_dual64!("tied across stages", tied, f);
    // Slices: up to 12 stages take the adjoint rule, longer ones the forward rule.
    let line = |k: usize| DelayLine::new(40.0 + 5.0 * k as f64, 20e-12 * (1 + k) as f64);
    assert_lanes_match_dual64!(
        "3 lines",
        Cascade::new((0..3).map(line).collect::<Vec<_>>()),
        f
    );
    assert_lanes_match_dual64!(
        "14 lines",
        Cascade::new((0..14).map(line).collect::<Vec<_>>()),
        f
    );
    // An ill-conditioned product (the star product instead) and a blocking stage at DC (no
    // hint): the cold paths. The L-section transforms 63 kohm to 16 mohm, so rounding (the
    // dual quotient rules differ in the order of operations) reaches 1e-10 there.
    let transformer = Cascade::new((SeriesL::new(1e-6), ShuntC::new(1e-9), SeriesL::new(1e-6)));
    assert!(transformer.s_at(1e10)[0][0].norm() > 0.9);
    assert_lanes_match_dual64!("ill-conditioned", transformer, [1e8, 1e10], 1e-9);
    let blocking = Cascade::new((SeriesC::new(1e-12), ShuntL::new(5e-9), SeriesR::new(3.0)));
    assert_lanes_match_dual64!("blocking at DC", blocking, [0.0, 1e9]);
}

//! Noise through composites: passive ones at one temperature against Bosma's theorem on their
//! S, active parts through Friis' formula, parts at their own temperature, and derivatives of
//! the noise figure against central differences.

use pmrf::components::{
    AtTemperature, Attenuator, Connected, Flipped, Junction, LoadZ, Renumbered, ResistiveSplitter,
    Series, SeriesL, SeriesR, Short, Shunt, ShuntC, ShuntR, Terminated,
};
use pmrf::network::noise::{self, T0};
use pmrf::prelude::*;

use crate::common::assert_central_differences;

const F: f64 = 1.3e9;

/// An ideal matched amplifier of voltage gain `g` and noise temperature `te` (K): `S = [[0, 0],
/// [g, 0]]`, `C = diag(0, g^2 te)`, its input noise referred to its output.
#[derive(Model, Clone, Debug, PartialEq)]
struct NoisyAmp<T: Scalar = f64> {
    #[param(unit = "1")]
    g: T,
    #[param(unit = "K")]
    te: T,
}

impl<T: Scalar> Component<2> for NoisyAmp<T> {
    type Domain = domain::S;
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let zero = Complex::new(T::zero(), T::zero());
        [[zero, zero], [Complex::new(self.g, T::zero()), zero]]
    }
    fn s_noise_at(&self, f: T, _temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let zero = Complex::new(T::zero(), T::zero());
        let added = Complex::new(self.g * self.g * self.te, T::zero());
        (self.s_at(f), [[zero, zero], [zero, added]])
    }
}

fn amp(gain_db: f64, te: f64) -> NoisyAmp {
    NoisyAmp {
        g: 10f64.powf(gain_db / 20.0),
        te,
    }
}

/// The largest deviation of `a` from `b` over the largest entry of `b`.
fn rel_dev<const N: usize>(a: &Mat<f64, N>, b: &Mat<f64, N>) -> f64 {
    let scale = b.iter().flatten().map(|x| x.norm()).fold(0.0, f64::max);
    let dev = (a.iter().flatten().zip(b.iter().flatten()))
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max);
    dev / scale
}

/// A passive composite at one temperature: its noise is Bosma's on its S, and the S of the
/// noise path is its S.
fn assert_bosma<const N: usize, M: Component<N, Scalar = f64>>(model: &M, what: &str) {
    for t in [T0, 77.0] {
        let (s, c) = model.s_noise_at(F, t);
        let s_ref = model.s_at(F);
        assert!(rel_dev(&s, &s_ref) < 1e-13, "{what}: S {s:?} vs {s_ref:?}");
        let want = noise::bosma(&s_ref, t);
        assert!(want[0][0].re > 1.0, "{what}: a lossy network at {t} K");
        let dev = rel_dev(&c, &want);
        assert!(dev < 1e-12, "{what} at {t} K: {dev:e}\n{c:?}\nvs {want:?}");
    }
}

fn gamma0() -> Complex<f64> {
    Complex::new(0.0, 0.0)
}

fn nf<M: Component<2, Scalar = f64>>(model: &M) -> f64 {
    let (s, c) = model.s_noise_at(F, T0);
    noise::noise_figure(&s, &c, 0, 1, gamma0())
}

#[test]
fn passive_cascades_are_bosma() {
    let chain = Cascade::new((
        SeriesR::new(20.0),
        ShuntC::new(1e-12),
        SeriesL::new(4e-9),
        ShuntR::new(200.0),
        Attenuator::new(2.0),
    ));
    assert_bosma(&chain, "tuple cascade");
    let v = Cascade::new(vec![
        SeriesR::new(10.0),
        SeriesR::new(30.0),
        SeriesR::new(5.0),
    ]);
    assert_bosma(&v, "Vec cascade");
    assert_bosma(&Cascade::new([ShuntR::new(80.0); 4]), "array cascade");
    // Nested: a cascade of cascades and arms.
    let nested = Cascade::new((
        chain.clone(),
        Series::new(LoadZ::new(25.0, 10.0)),
        Shunt::new(LoadZ::new(100.0, -20.0)),
        Flipped::new(chain),
    ));
    assert_bosma(&nested, "nested cascade");
    // An empty chain is a noiseless thru.
    let (s, c) = Cascade::new(Vec::<SeriesR>::new()).s_noise_at(F, T0);
    assert_eq!((s[1][0].re, c[1][1].re, c[0][0].re), (1.0, 0.0, 0.0));
}

#[test]
fn passive_connections_are_bosma() {
    let split3 = ResistiveSplitter::<f64, 3>::new(20.0);
    let split4 = ResistiveSplitter::<f64, 4> { r: 30.0 };
    let lossy = Cascade::new((SeriesR::new(15.0), ShuntC::new(2e-12)));
    // 3-port with a 2-port on one arm: a 3-port (b's free port in place of the joined one).
    assert_bosma(
        &Connected::at::<1, 0>(split3, lossy.clone()),
        "3-port + 2-port",
    );
    // 2-port into a 4-port: a 4-port; 4-port into 3-port: a 5-port; 3 + 3: a 4-port.
    assert_bosma(
        &Connected::at::<1, 2>(lossy.clone(), split4),
        "2-port + 4-port",
    );
    assert_bosma(&Connected::at::<3, 0>(split4, split3), "4-port + 3-port");
    assert_bosma(&Connected::at::<2, 1>(split3, split3), "3-port + 3-port");
    // A 1-port on a 2-port: a 1-port.
    assert_bosma(
        &Connected::at::<0, 1>(LoadZ::new(30.0, 5.0), lossy),
        "1-port + 2-port",
    );
}

#[test]
fn passive_terminations_flips_and_renumbering_are_bosma() {
    let split3 = ResistiveSplitter::<f64, 3>::new(20.0);
    let load = LoadZ::new(30.0, 10.0);
    assert_bosma(&Terminated::at::<2>(split3, load), "3-port terminated");
    assert_bosma(&Terminated::at::<0>(split3, load), "3-port terminated at 0");
    assert_bosma(
        &Terminated::at::<1>(SeriesR::new(30.0), load),
        "2-port terminated",
    );
    let lossy = Cascade::new((SeriesR::new(15.0), ShuntR::new(60.0)));
    assert_bosma(&Flipped::new(lossy.clone()), "flipped");
    assert_bosma(&Renumbered::new(split3, [2, 0, 1]).unwrap(), "renumbered");
    assert_bosma(&Series::new(load), "series arm");
    assert_bosma(&Shunt::new(load), "shunt arm");
    // Renumbering moves C like S.
    let r = Renumbered::new(Connected::at::<1, 0>(split3, lossy.clone()), [1, 2, 0]).unwrap();
    let (_, c) = r.s_noise_at(F, T0);
    let (_, c0) = Connected::at::<1, 0>(split3, lossy).s_noise_at(F, T0);
    assert_eq!((c[0][1], c[2][2]), (c0[1][2], c0[0][0]));
}

#[test]
fn lossless_composites_add_no_noise() {
    let lowpass = Cascade::new((SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesL::new(3e-9)));
    // A junction with a shorted stub on its third arm, and lossless arms.
    let stub = Terminated::at::<1>(SeriesL::new(5e-9), Short::<f64, 1>::new());
    let tee = Terminated::at::<2>(Junction::<f64, 3>::new(), stub);
    let arms = Cascade::new((
        Series::new(LoadZ::new(0.0, 30.0)),
        Shunt::new(LoadZ::new(0.0, -80.0)),
    ));
    for (what, f) in [
        ("lowpass", nf(&lowpass)),
        ("tee", nf(&tee)),
        ("arms", nf(&arms)),
    ] {
        assert!((f - 1.0).abs() < 1e-12, "{what}: F = {f}");
    }
    let (_, c) = Connected::at::<1, 0>(lowpass, tee).s_noise_at(F, T0);
    assert!(c.iter().flatten().all(|x| x.norm() < 1e-12), "{c:?}");
}

#[test]
fn matched_attenuators_at_t0_have_their_loss_as_noise_figure() {
    for (db, chain_f) in [
        (
            3.0,
            nf(&Cascade::new((Attenuator::new(1.0), Attenuator::new(2.0)))),
        ),
        (6.0, nf(&Cascade::new(vec![Attenuator::new(2.0); 3]))),
        (10.0, nf(&Flipped::new(Attenuator::new(10.0)))),
    ] {
        let loss = 10f64.powf(db / 10.0);
        assert!(
            (chain_f / loss - 1.0).abs() < 1e-12,
            "{db} dB: F = {chain_f}"
        );
    }
}

#[test]
fn friis_for_a_cascade_of_matched_noisy_stages() {
    let (a1, a2) = (amp(12.0, 75.0), amp(20.0, 400.0));
    let att = Attenuator::new(3.0);
    let chain = Cascade::new((a1.clone(), att, a2.clone()));
    let (g1, l) = (a1.g * a1.g, 10f64.powf(0.3));
    let te = 75.0 + (l - 1.0) * T0 / g1 + 400.0 * l / g1;
    let f = nf(&chain);
    assert!(
        (f / (1.0 + te / T0) - 1.0).abs() < 1e-12,
        "F = {f}, Te = {te}"
    );
    // The attenuator cooled: its share is (L - 1) 20 K.
    let cold = Cascade::new((a1, AtTemperature::new(att, 20.0), a2));
    let te = 75.0 + (l - 1.0) * 20.0 / g1 + 400.0 * l / g1;
    assert!((nf(&cold) / (1.0 + te / T0) - 1.0).abs() < 1e-12);
}

#[test]
fn a_cascade_and_nested_connections_agree() {
    let (a1, a2) = (amp(12.0, 75.0), amp(20.0, 400.0));
    let lossy = Cascade::new((SeriesR::new(15.0), ShuntC::new(2e-12), ShuntR::new(300.0)));
    let chain = Cascade::new((a1.clone(), lossy.clone(), Attenuator::new(3.0), a2.clone()));
    let nested = Connected::at::<1, 0>(
        Connected::at::<1, 0>(Connected::at::<1, 0>(a1, lossy), Attenuator::new(3.0)),
        a2,
    );
    let ((s, c), (s2, c2)) = (chain.s_noise_at(F, T0), nested.s_noise_at(F, T0));
    assert!(
        rel_dev(&s2, &s) < 1e-12 && rel_dev(&c2, &c) < 1e-12,
        "{c:?}\nvs {c2:?}"
    );
    assert!(c[1][1].re > 1e4);
}

#[test]
fn a_terminated_amplifier_sends_its_noise_and_its_loads() {
    // An amplifier driven from a 0 K match sends g^2 Te; from a T0 load, g^2 (Te + T0).
    let a = amp(10.0, 100.0);
    let cold = AtTemperature::new(LoadZ::new(50.0, 0.0), 0.0);
    let (_, [[c]]) = Terminated::at::<0>(a.clone(), cold).s_noise_at(F, T0);
    assert!((c.re / (10.0 * 100.0) - 1.0).abs() < 1e-12);
    let (_, [[c]]) = Terminated::at::<0>(a, LoadZ::new(50.0, 0.0)).s_noise_at(F, T0);
    assert!((c.re / (10.0 * (100.0 + T0)) - 1.0).abs() < 1e-12);
}

#[test]
fn an_attenuator_at_its_own_temperature() {
    for (db, t) in [(3.0, 77.0), (10.0, 4.0), (1.0, 400.0)] {
        let att = AtTemperature::new(Attenuator::new(db), t);
        assert_eq!(att.s_at(F), Attenuator::new(db).s_at(F));
        assert_eq!(att.abcd_hint(F), Attenuator::new(db).abcd_hint(F));
        let te = (nf(&att) - 1.0) * T0;
        let want = (10f64.powf(db / 10.0) - 1.0) * t;
        assert!((te / want - 1.0).abs() < 1e-12, "{db} dB at {t} K: Te {te}");
    }
    let nested = AtTemperature::new(
        Cascade::new((Attenuator::new(3.0), SeriesR::new(10.0))),
        50.0,
    );
    assert_eq!(
        nested.param_names(),
        [
            "model.stages[0].loss_db",
            "model.stages[1].r",
            "temperature"
        ]
    );
    // The whole sub-assembly at 50 K, whatever the temperature passed down.
    let (s, c) = nested.s_noise_at(F, T0);
    assert!(rel_dev(&c, &noise::bosma(&s, 50.0)) < 1e-12);
}

/// Noise after the last amplifier (the shunt R) makes its gain count.
type Chain = Cascade<(
    NoisyAmp,
    SeriesR,
    ShuntC,
    AtTemperature<Attenuator>,
    NoisyAmp,
    ShuntR,
)>;

fn noisy_chain() -> Chain {
    Cascade::new((
        amp(10.0, 60.0),
        SeriesR::new(12.0),
        ShuntC::new(1.5e-12),
        AtTemperature::new(Attenuator::new(2.5), 120.0),
        amp(15.0, 300.0),
        ShuntR::new(40.0),
    ))
}

fn chain_nf<T: Scalar>(m: &<Chain as Model>::Rebind<T>) -> T {
    let (s, c) = m.s_noise_at(T::from(F), T::from(T0));
    let zero = Complex::new(T::zero(), T::zero());
    noise::noise_figure(&s, &c, 0, 1, zero)
}

#[test]
fn noise_figure_derivatives_match_central_differences() {
    let chain = noisy_chain();
    assert_eq!(
        chain.param_names()[4..],
        [
            "stages[3].model.loss_db",
            "stages[3].temperature",
            "stages[4].g",
            "stages[4].te",
            "stages[5].r"
        ]
    );
    let grad = gradient(&chain, &Filter::Free, chain_nf::<Grad>).unwrap();
    assert!(grad.iter().all(|g| g.abs() > 1e-9), "{grad:?}");
    assert_central_differences(&chain, &grad, 1e-6, chain_nf::<f64>);
    // And on Dual64, by the temperature alone.
    let mut dual: <Chain as Model>::Rebind<Dual64> = chain.lift();
    dual.stages.3.temperature = Dual64::from(120.0).derivative();
    let d = chain_nf(&dual).eps;
    let h = 1e-3;
    let at = |t: f64| {
        let mut c = chain.clone();
        c.stages.3.temperature = t;
        chain_nf::<f64>(&c)
    };
    let fd = (at(120.0 + h) - at(120.0 - h)) / (2.0 * h);
    assert!((d / fd - 1.0).abs() < 1e-6, "{d} vs {fd}");
}

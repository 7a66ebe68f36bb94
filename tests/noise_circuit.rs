//! Noise through circuits (`Component::s_noise_at` of `Circuit`, `#[derive(Circuit)]` and
//! `WithBlocks`) and data blocks: Bosma's theorem for passive circuits of several topologies at
//! any uniform temperature, no noise from lossless ones, active parts and parts at their own
//! temperatures against closed forms (Friis, `(L - 1) T`, Johnson's `4kTR`), the clamp of
//! non-passive data, and derivatives of the noise figure against central differences.

use pmrf::components::{
    Attenuator, Capacitor, Circuit, DataBlock, DynBlock, Inductor, Netlist, ResistiveSplitter,
    Resistor, SeriesC, SeriesL, SeriesR, ShuntC, WithBlocks,
};
use pmrf::diff::{Grad, gradient};
use pmrf::ndarray::Array3;
use pmrf::network::noise::{self, T0};
use pmrf::network::{Mat, domain};
use pmrf::num_complex::Complex64;
use pmrf::params::Filter;
use pmrf::prelude::*;

use crate::common::{assert_central_differences, max_dev};

const FREQS: [f64; 4] = [1e6, 3e8, 1.1e9, 4.7e9];

/// `|C - T (I - S S^H)| <= 1e-12 T`, and S the same as `s_at`'s, at every frequency and at
/// two temperatures.
fn assert_bosma<const N: usize>(c: &impl Component<N, Scalar = f64>) {
    let mut most = 0.0f64;
    for f in FREQS {
        for t in [T0, 77.0] {
            let (s, noise) = c.s_noise_at(f, t);
            assert!(max_dev(&s, &c.s_at(f)) < 1e-12, "S at {f} Hz");
            let dev = max_dev(&noise, &noise::bosma(&s, t));
            assert!(dev < 1e-12 * t, "{f} Hz, {t} K: {dev}");
            most = most.max(noise[0][0].re / t);
        }
    }
    // Not trivially: these circuits are lossy.
    assert!(most > 1e-2, "{most}");
}

/// A bridged-T with lossy branches: 2-ports and 1-ports between nets, 6 nets.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct BridgedT<T: Scalar = f64> {
    #[circuit(input, a)]
    l1: SeriesL<T>,
    #[circuit(a, output)]
    l2: SeriesL<T>,
    #[circuit(input, output)]
    bridge: Resistor<T>,
    #[circuit(a, b)]
    c1: Capacitor<T>,
    #[circuit(b, gnd)]
    r1: Resistor<T>,
    #[circuit(output, d)]
    c3: SeriesC<T>,
    #[circuit(d, gnd)]
    l3: SeriesL<T>,
}

fn bridged_t() -> BridgedT {
    BridgedT {
        l1: SeriesL::new(4e-9),
        l2: SeriesL::new(6e-9),
        bridge: Resistor::new(120.0),
        c1: Capacitor::new(1.5e-12),
        r1: Resistor::new(8.0),
        c3: SeriesC::new(2.2e-12),
        l3: SeriesL::new(9e-9),
    }
}

#[test]
fn a_bridged_t_satisfies_bosma() {
    assert_bosma(&bridged_t());
}

/// The parts of a pi with ESRs, for a run-time netlist.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct PiParts<T: Scalar = f64> {
    c1: Capacitor<T>,
    esr1: Resistor<T>,
    l: Inductor<T>,
    c2: Capacitor<T>,
    esr2: Resistor<T>,
}

fn pi(esr: f64) -> Circuit<PiParts, 2> {
    let mut net = Netlist::new();
    net.port(1, "input").port(2, "output");
    net.part("c1", ["input", "a"]).part("esr1", ["a", "gnd"]);
    net.part("l", ["input", "output"]);
    net.part("c2", ["output", "b"]).part("esr2", ["b", "gnd"]);
    let parts = PiParts {
        c1: Capacitor::new(2e-12),
        esr1: Resistor::new(esr),
        l: Inductor::new(5e-9),
        c2: Capacitor::new(2e-12),
        esr2: Resistor::new(esr),
    };
    Circuit::new(parts, &net).unwrap()
}

#[test]
fn a_pi_satisfies_bosma_with_either_solver() {
    assert_bosma(&pi(3.0));
    assert_bosma(&pi(3.0).with_solver(pmrf::components::CircuitSolver::Connection));
}

/// A grounded 3-port (a resistive star, third port on the ground) and a floating element.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, a), port(2, c))]
struct StarAndFloating<T: Scalar = f64> {
    #[circuit(a, b, gnd)]
    star: ResistiveSplitter<T>,
    #[circuit(b, c)]
    floating: Resistor<T>,
    #[circuit(c, gnd)]
    c: Capacitor<T>,
}

#[test]
fn a_grounded_three_port_and_a_floating_element_satisfy_bosma() {
    assert_bosma(&StarAndFloating {
        star: ResistiveSplitter::new(20.0),
        floating: Resistor::new(33.0),
        c: Capacitor::new(1e-12),
    });
}

#[derive(Model, pmrf::Circuit, Clone, Debug)]
struct Tuning<T: Scalar = f64> {
    c: Capacitor<T>,
    r: Resistor<T>,
}

/// A lossy fixture (measured data, 4-port run-time block) around a tuning R-C.
fn with_block() -> Circuit<WithBlocks<Tuning>, 2> {
    let grid = Frequency::from_hz(FREQS.to_vec()).unwrap();
    let fixture = Cascade::new((SeriesR::new(7.0), SeriesL::new(2e-9), ShuntC::new(0.5e-12)))
        .network(&grid)
        .unwrap()
        .with_name("fixture");
    let parts = WithBlocks::new(
        Tuning {
            c: Capacitor::new(1e-12),
            r: Resistor::new(15.0),
        },
        vec![DynBlock::new(&fixture, Interpolation::Linear).unwrap()],
    )
    .unwrap();
    let mut net = Netlist::new();
    net.part("fixture", ["in", "a"])
        .part("c", ["a", "b"])
        .part("r", ["b", "gnd"]);
    net.port(1, "in").port(2, "a");
    Circuit::new(parts, &net).unwrap()
}

#[test]
fn a_circuit_with_a_data_block_satisfies_bosma() {
    assert_bosma(&with_block());
}

#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct LcLadder<T: Scalar = f64> {
    #[circuit(input, a)]
    l1: Inductor<T>,
    #[circuit(a, gnd)]
    c1: Capacitor<T>,
    #[circuit(a, output)]
    l2: SeriesL<T>,
    #[circuit(output, gnd)]
    c2: Capacitor<T>,
}

#[test]
fn a_lossless_circuit_adds_no_noise() {
    let ladder = LcLadder {
        l1: Inductor::new(8e-9),
        c1: Capacitor::new(3e-12),
        l2: SeriesL::new(8e-9),
        c2: Capacitor::new(1e-12),
    };
    for f in FREQS {
        let (s, c) = ladder.s_noise_at(f, T0);
        assert!(
            c.iter().flatten().all(|z| z.norm() < 1e-10),
            "{f} Hz: {c:?}"
        );
        let nf = noise::noise_figure(&s, &c, 0, 1, Complex::new(0.0, 0.0));
        assert!((nf - 1.0).abs() < 1e-12, "{f} Hz: F = {nf}");
    }
}

/// A test-only ideal matched amplifier: S = [[0, 0], [g, 0]], noise temperature `te` (K) at
/// its input, so C = diag(0, g^2 te) whatever the temperature it is given.
#[derive(Model, Clone, Debug)]
struct Amp<T: Scalar = f64> {
    #[param]
    g: T,
    #[param(unit = "K")]
    te: T,
}

impl<T: Scalar> Component<2> for Amp<T> {
    type Domain = domain::S;
    fn primary(&self, _f: T) -> Mat<T, 2> {
        let z = Complex::new(T::zero(), T::zero());
        [[z, z], [Complex::new(self.g, T::zero()), z]]
    }
    fn s_noise_at(&self, f: T, _temperature: T) -> (Mat<T, 2>, Mat<T, 2>) {
        let z = Complex::new(T::zero(), T::zero());
        let out = Complex::new(self.g * self.g * self.te, T::zero());
        (self.s_at(f), [[z, z], [z, out]])
    }
}

/// Amplifier, matched attenuator (at the circuit's temperature), amplifier.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Chain<T: Scalar = f64> {
    #[circuit(input, a)]
    amp1: Amp<T>,
    #[circuit(a, b)]
    pad: Attenuator<T>,
    #[circuit(b, output)]
    amp2: Amp<T>,
}

#[test]
fn matched_stages_follow_friis_with_the_attenuator_at_its_own_temperature() {
    let (g1, te1, loss_db, g2, te2) = (3.0, 75.0, 6.0, 5.0, 180.0);
    let chain = Chain {
        amp1: Amp { g: g1, te: te1 },
        pad: Attenuator::new(loss_db),
        amp2: Amp { g: g2, te: te2 },
    };
    let l = 10f64.powf(loss_db / 10.0);
    for t in [T0, 77.0, 400.0] {
        let (s, c) = chain.s_noise_at(1e9, t);
        assert!((s[1][0].norm_sqr() - (g1 * g2).powi(2) / l).abs() < 1e-12);
        // Friis: Te = Te1 + (L - 1) T / G1 + L Te2 / G1 (power gains G = g^2).
        let te = te1 + (l - 1.0) * t / (g1 * g1) + l * te2 / (g1 * g1);
        let f = noise::noise_figure(&s, &c, 0, 1, Complex::new(0.0, 0.0));
        assert!((f / (1.0 + te / T0) - 1.0).abs() < 1e-12, "{t} K: {f}");
        // The output noise with a noiseless matched source: Te times the gain.
        let out = c[1][1].re;
        assert!((out / (te * s[1][0].norm_sqr()) - 1.0).abs() < 1e-12);
    }
}

/// A test-only resistor between two nets at its own physical temperature `kelvin`.
#[derive(Model, Clone, Debug)]
struct HotR<T: Scalar = f64> {
    r: Resistor<T>,
    #[param(fixed, unit = "K")]
    kelvin: T,
}

impl<T: Scalar> Component<1> for HotR<T> {
    type Domain = domain::S;
    fn primary(&self, f: T) -> Mat<T, 1> {
        self.r.s_at(f)
    }
    fn s_noise_at(&self, f: T, _temperature: T) -> (Mat<T, 1>, Mat<T, 1>) {
        self.r.s_noise_at(f, self.kelvin)
    }
}

/// A hot series resistor between the ports, and a shunt one at the circuit's temperature at
/// the output.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, a), port(2, b))]
struct TwoTemperatures<T: Scalar = f64> {
    #[circuit(a, b)]
    series: HotR<T>,
    #[circuit(b, gnd)]
    shunt: Resistor<T>,
}

#[test]
fn resistors_at_two_temperatures_give_johnson_noise() {
    let (rs, ts, rp, tp) = (30.0, 1000.0, 80.0, 77.0);
    let circuit = TwoTemperatures {
        series: HotR {
            r: Resistor::new(rs),
            kelvin: ts,
        },
        shunt: Resistor::new(rp),
    };
    let (_, c) = circuit.s_noise_at(2e9, tp);
    // Both ports in matched (noiseless) loads: Johnson current sources 4 T / R (in kelvin per
    // ohm) into the nodal matrix; the wave leaving port k is v_k / sqrt(Z0).
    let (z0, gs, gp, g0) = (50.0, 1.0 / rs, 1.0 / rp, 1.0 / 50.0);
    // Nodal impedance matrix of [[g0 + gs, -gs], [-gs, g0 + gs + gp]].
    let det = (g0 + gs) * (g0 + gs + gp) - gs * gs;
    let z = [
        [(g0 + gs + gp) / det, gs / det],
        [gs / det, (g0 + gs) / det],
    ];
    // Sources: the series one, +i into a and -i into b; the shunt one into b.
    let (is2, ip2) = (4.0 * ts * gs, 4.0 * tp * gp);
    let v = |p: usize, q: usize| {
        let series = (z[p][0] - z[p][1]) * (z[q][0] - z[q][1]) * is2;
        (series + z[p][1] * z[q][1] * ip2) / z0
    };
    for p in 0..2 {
        for q in 0..2 {
            assert!(
                (c[p][q].re / v(p, q) - 1.0).abs() < 1e-12,
                "{p}{q}: {:?} vs {}",
                c[p][q],
                v(p, q)
            );
            assert!(c[p][q].im.abs() < 1e-12 * c[0][0].re);
        }
    }
    // At one temperature this is Bosma's again.
    let uniform = TwoTemperatures {
        series: HotR {
            r: Resistor::new(rs),
            kelvin: tp,
        },
        shunt: Resistor::new(rp),
    };
    let (s, c) = uniform.s_noise_at(2e9, tp);
    assert!(max_dev(&c, &noise::bosma(&s, tp)) < 1e-12 * tp);
}

/// A lossy match in front of an amplifier, the output padded: F depends on every part.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct Front<T: Scalar = f64> {
    #[circuit(input, a)]
    l: SeriesL<T>,
    #[circuit(a, b)]
    esr: Resistor<T>,
    #[circuit(b, gnd)]
    c: Capacitor<T>,
    #[circuit(a, out)]
    amp: Amp<T>,
    #[circuit(out, output)]
    r: Resistor<T>,
}

fn nf<T: Scalar>(m: &Front<T>) -> T {
    let (s, c) = m.s_noise_at(T::from(1.3e9), T::from(T0));
    let gamma_s = Complex::new(T::from(0.3), T::from(-0.2));
    noise::noise_figure(&s, &c, 0, 1, gamma_s)
}

#[test]
fn derivatives_of_the_noise_figure_match_central_differences() {
    let front = Front {
        l: SeriesL::new(3e-9),
        esr: Resistor::new(4.0),
        c: Capacitor::new(1.2e-12),
        amp: Amp { g: 4.0, te: 60.0 },
        r: Resistor::new(12.0),
    };
    assert_eq!(
        front.param_names(),
        ["l.l", "esr.r", "c.c", "amp.g", "amp.te", "r.r"]
    );
    let g = gradient(
        &front,
        &Filter::Free,
        |m: &<Front as Model>::Rebind<Grad>| nf(m),
    )
    .unwrap();
    assert!(g.iter().all(|d| d.abs() > 0.0), "{g:?}");
    assert_central_differences(&front, &g, 1e-6, nf);
}

/// A 2-port network of one S at two frequencies.
fn data(s: [[Complex64; 2]; 2]) -> Network {
    let freq = Frequency::from_hz(vec![1e9, 2e9]).unwrap();
    let s = Array3::from_shape_fn((2, 2, 2), |(_, i, j)| s[i][j]);
    Network::from_s(freq, s).unwrap().with_name("measured")
}

#[test]
fn non_passive_data_get_their_negative_noise_clamped_to_zero() {
    // S = U D with U unitary and D = diag(1.01, 0.5): I - S S^H = U diag(-0.0201, 0.75) U^H,
    // so C = T U diag(0, 0.75) U^H.
    let (cs, sn, phi) = (0.6, 0.8, 0.7);
    let e = Complex64::from_polar(1.0, phi);
    let u = [
        [Complex64::new(cs, 0.0), e * sn],
        [-e.conj() * sn, Complex64::new(cs, 0.0)],
    ];
    let d = [1.01, 0.5];
    let s: [[Complex64; 2]; 2] = std::array::from_fn(|i| std::array::from_fn(|j| u[i][j] * d[j]));
    let block = DataBlock::<2>::new(&data(s), Interpolation::Linear).unwrap();
    for t in [T0, 20.0] {
        let (got_s, c) = block.s_noise_at(1.5e9, t);
        assert!(max_dev(&got_s, &s) < 1e-15);
        let want: [[Complex64; 2]; 2] =
            std::array::from_fn(|i| std::array::from_fn(|j| u[i][1] * u[j][1].conj() * 0.75 * t));
        assert!(max_dev(&c, &want) < 1e-12 * t, "{c:?} vs {want:?}");
        // Unclamped it would have a negative eigenvalue.
        let b = noise::bosma(&s, t);
        let det = b[0][0].re * b[1][1].re - b[0][1].norm_sqr();
        assert!(det < 0.0);
    }
    // Passive data are Bosma's exactly, derivatives and all.
    let passive = [
        [Complex64::new(0.2, 0.1), Complex64::new(0.7, -0.3)],
        [Complex64::new(0.7, -0.3), Complex64::new(-0.1, 0.2)],
    ];
    let block = DataBlock::<2>::new(&data(passive), Interpolation::Linear).unwrap();
    let (s, c) = block.s_noise_at(1.2e9, T0);
    assert_eq!(c, noise::bosma(&s, T0));
    // The same for a run-time block.
    let dynamic = DynBlock::new(&data(passive), Interpolation::Linear).unwrap();
    let (mut s2, mut c2) = ([Complex64::new(0.0, 0.0); 4], [Complex64::new(0.0, 0.0); 4]);
    dynamic.write_s_noise(1.2e9, T0, &mut s2, &mut c2);
    assert_eq!(c2.as_slice(), c.as_flattened());
}

#[test]
fn the_nodal_and_connection_noise_solvers_agree() {
    let front = Front {
        l: SeriesL::new(3e-9),
        esr: Resistor::new(4.0),
        c: Capacitor::new(1.2e-12),
        amp: Amp { g: 4.0, te: 60.0 },
        r: Resistor::new(12.0),
    };
    let mut net = Netlist::new();
    net.port(1, "input").port(2, "output");
    net.part("l", ["input", "a"]).part("esr", ["a", "b"]);
    net.part("c", ["b", "gnd"]).part("amp", ["a", "out"]);
    net.part("r", ["out", "output"]);
    let nodal = Circuit::<_, 2>::new(front.clone(), &net).unwrap();
    let exact = nodal
        .clone()
        .with_solver(pmrf::components::CircuitSolver::Connection);
    for f in FREQS {
        for t in [T0, 77.0] {
            let (s1, c1) = front.s_noise_at(f, t);
            let (s2, c2) = nodal.s_noise_at(f, t);
            let (s3, c3) = exact.s_noise_at(f, t);
            let scale = c1.iter().flatten().map(|z| z.norm()).fold(0.0, f64::max);
            assert!(
                max_dev(&s1, &s3) < 1e-12 && max_dev(&s2, &s3) < 1e-12,
                "{f} Hz"
            );
            assert!(
                max_dev(&c1, &c3) < 1e-12 * scale,
                "{f} Hz: {c1:?} vs {c3:?}"
            );
            assert!(max_dev(&c2, &c3) < 1e-12 * scale, "{f} Hz");
        }
    }
    // A part without Y (a shunt 2-port, both ports one net) takes the connection method.
    let (s, c) = pi(3.0).s_noise_at(0.0, T0);
    assert!(max_dev(&c, &noise::bosma(&s, T0)) < 1e-12 * T0);
}

/// A receiver front end as a circuit: a lossy L match, the measured BFU520 (S and noise
/// parameters from its Touchstone file), and a pad at 77 K.
#[derive(Model, pmrf::Circuit, Clone, Debug)]
#[circuit(port(1, input), port(2, output))]
struct FrontEnd<T: Scalar = f64> {
    #[circuit(input, a)]
    l: pmrf::components::SeriesLQ<T>,
    #[circuit(a, b)]
    c: pmrf::components::ShuntCQ<T>,
    #[circuit(b, c)]
    transistor: pmrf::components::NoisyTwoPort<T>,
    #[circuit(c, output)]
    pad: pmrf::components::AtTemperature<Attenuator<T>, T>,
}

#[test]
fn a_circuit_has_the_noise_of_the_same_cascade() {
    use pmrf::components::{AtTemperature, Extrapolation, SeriesLQ, ShuntCQ};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/amplifier/BFU520_05V0_010mA_NF_SP.s2p");
    let transistor = pmrf::io::touchstone::read(path)
        .unwrap()
        .noisy_two_port(Interpolation::Linear, Extrapolation::Refuse)
        .unwrap();
    let (l, c, pad) = (
        SeriesLQ::new(4.7e-9, 40.0),
        ShuntCQ::new(1.2e-12, 150.0),
        AtTemperature::new(Attenuator::new(3.0), 77.0),
    );
    let circuit = FrontEnd {
        l,
        c,
        transistor: transistor.clone(),
        pad: pad.clone(),
    };
    let cascade = Cascade::new((l, c, transistor, pad));
    for f in [0.5e9, 1.0e9, 1.5e9, 2.0e9] {
        let (s1, c1) = circuit.s_noise_at(f, T0);
        let (s2, c2) = cascade.s_noise_at(f, T0);
        let scale = c2.iter().flatten().map(|z| z.norm()).fold(0.0, f64::max);
        assert!(max_dev(&s1, &s2) < 1e-12, "S at {f} Hz");
        assert!(
            max_dev(&c1, &c2) < 1e-12 * scale,
            "C at {f} Hz: {c1:?} vs {c2:?}"
        );
        let nf = |s: &Mat<f64, 2>, c: &Mat<f64, 2>| {
            noise::noise_figure(s, c, 0, 1, Complex::new(0.0, 0.0))
        };
        assert!((nf(&s1, &c1) / nf(&s2, &c2) - 1.0).abs() < 1e-12);
    }
}

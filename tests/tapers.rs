//! Tapered and floating lines against scikit-rf 2.2.0 and closed forms: the stepped tapers of
//! `skrf.taper` (same media, profile and section count), the uniform limit, Klopfenstein's
//! passband ripple, derivatives against central differences, errors; the floating line against
//! `Media.line_floating` and, with its return conductor grounded, against the 2-port line.
//!
//! The fixture `tests/fixtures/tapers.json` is written by `scripts/gen_taper_fixtures.py`.

use pmrf::components::lines::{
    DelayLine, FloatingLine, LineSection, RlgcLine, TaperProfile, TaperedLine, UniformLine,
};
use pmrf::components::{Renumbered, Short, Terminated};
use pmrf::constants::C0;
use pmrf::network::{WaveDef, domain};
use pmrf::prelude::*;
use serde_json::Value;

type C = Complex<f64>;

/// The fixture of `scripts/gen_taper_fixtures.py`.
struct Fixture(Value);

impl Fixture {
    fn load() -> Self {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tapers.json");
        Fixture(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
    }

    fn freq(&self) -> Vec<f64> {
        (self.0["frequency_hz"].as_array().unwrap().iter())
            .map(|f| f.as_f64().unwrap())
            .collect()
    }

    fn case(&self, name: &str) -> &Value {
        let c = &self.0["cases"][name];
        assert!(c.is_object(), "no case {name}");
        c
    }

    fn num(&self, case: &str, key: &str) -> f64 {
        self.case(case)[key].as_f64().unwrap()
    }

    /// Largest deviation of `at(f)` (an N-port) from the case's S over the grid.
    fn deviation<const N: usize>(&self, case: &str, at: impl Fn(f64) -> Mat<f64, N>) -> f64 {
        self.deviation_from(case, "s", at)
    }

    /// The same against the case's S stored as `{key}_re`, `{key}_im`.
    fn deviation_from<const N: usize>(
        &self,
        case: &str,
        key: &str,
        at: impl Fn(f64) -> Mat<f64, N>,
    ) -> f64 {
        let (re, im) = (format!("{key}_re"), format!("{key}_im"));
        let c = self.case(case);
        let mut worst = 0.0f64;
        for (k, &f) in self.freq().iter().enumerate() {
            let s = at(f);
            for i in 0..N {
                for j in 0..N {
                    let want = C::new(
                        c[&re][k][i][j].as_f64().unwrap(),
                        c[&im][k][i][j].as_f64().unwrap(),
                    );
                    worst = worst.max((s[i][j] - want).norm());
                }
            }
        }
        worst
    }

    fn taper(&self, case: &str) -> TaperedLine {
        let profile = match self.case(case)["profile"].as_str().unwrap() {
            "linear" => TaperProfile::Linear,
            "exponential" => TaperProfile::Exponential,
            _ => TaperProfile::Klopfenstein {
                ripple: self.num(case, "ripple"),
            },
        };
        let n = self.num(case, "sections") as usize;
        let (z1, z2) = (self.num(case, "z1"), self.num(case, "z2"));
        let (eps_r, length) = (self.num(case, "eps_r"), self.num(case, "length"));
        TaperedLine::new(profile, z1, z2, eps_r, length, n).unwrap()
    }
}

fn max_dev<const N: usize>(a: &Mat<f64, N>, b: &Mat<f64, N>) -> f64 {
    (a.iter().flatten().zip(b.iter().flatten()))
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max)
}

const TAPERS: [&str; 7] = [
    "linear",
    "linear_down",
    "exponential",
    "exponential_down",
    "klopfenstein",
    "klopfenstein_down",
    "klopfenstein_steep",
];

// ---------------------------------------------------------------------------------------------
// Tapers

#[test]
fn tapers_match_scikit_rf() {
    let fx = Fixture::load();
    for case in TAPERS {
        let taper = fx.taper(case);
        let want = fx.case(case)["impedances"].as_array().unwrap();
        let got = taper.impedances();
        assert_eq!(got.len(), want.len(), "{case}");
        for (g, w) in got.iter().zip(want) {
            let w = w.as_f64().unwrap();
            assert!(
                (g - w).abs() <= 1e-12 * w,
                "{case}: impedance {g} vs scikit-rf {w}"
            );
        }
        let dev = fx.deviation(case, |f| taper.s_at(f));
        assert!(dev < 1e-10, "{case}: |S - scikit-rf| = {dev:e}");
    }
}

#[test]
fn equal_impedances_are_a_uniform_line() {
    for profile in [
        TaperProfile::Linear,
        TaperProfile::Exponential,
        TaperProfile::Klopfenstein { ripple: 0.05 },
    ] {
        let taper = TaperedLine::new(profile, 65.0, 65.0, 2.5, 0.12, 25).unwrap();
        let line = DelayLine::new(65.0, 0.12 * 2.5f64.sqrt() / C0);
        for f in [1e6, 0.7e9, 3.3e9, 11e9] {
            let dev = max_dev(&taper.s_at(f), &line.s_at(f));
            assert!(dev < 1e-12, "{profile:?} at {f} Hz: {dev:e}");
        }
    }
}

#[test]
fn profiles_end_where_they_should() {
    let kl = TaperProfile::Klopfenstein { ripple: 0.03 };
    for profile in [TaperProfile::Linear, TaperProfile::Exponential, kl] {
        assert!((profile.impedance(1.0, 40.0, 90.0) - 90.0f64).abs() < 1e-12);
    }
    for profile in [TaperProfile::Linear, TaperProfile::Exponential] {
        assert!((profile.impedance(0.0, 40.0, 90.0) - 40.0f64).abs() < 1e-12);
    }
    // Klopfenstein steps by Gamma_max at port 1 (phi(-1, A) = -(cosh A - 1) / A^2): ln Z(0) =
    // ln z1 + Gamma_max; halfway it is the geometric mean; the profile is monotone.
    assert!((kl.impedance(0.0, 40.0, 90.0) - 40.0 * 0.03f64.exp()).abs() < 1e-12);
    assert!((kl.impedance(0.5, 40.0, 90.0) - 3600f64.sqrt()).abs() < 1e-12);
    let z: Vec<f64> = (0..=100)
        .map(|k| kl.impedance(k as f64 / 100.0, 40.0, 90.0))
        .collect();
    assert!(z.windows(2).all(|w| w[1] > w[0]));
    // A ripple above |Gamma_0| needs no taper: the geometric mean throughout.
    let flat = TaperProfile::Klopfenstein { ripple: 0.5 };
    assert!((flat.impedance(0.3, 40.0, 90.0) - 60.0f64).abs() < 1e-12);
}

/// Klopfenstein's response in the small-reflection theory (Pozar, *Microwave Engineering*, 4th
/// ed., eq. 5.75): `|Gamma| = |Gamma_0| |cos(sqrt((beta L)^2 - A^2))| / cosh A`, `cosh` of
/// `sqrt(A^2 - (beta L)^2)` below the cutoff `beta L = A`.
fn klopfenstein_first_order(g0: f64, a: f64, bl: f64) -> f64 {
    let x = bl * bl - a * a;
    let shape = if x >= 0.0 {
        x.sqrt().cos().abs()
    } else {
        (-x).sqrt().cosh()
    };
    g0 * shape / a.cosh()
}

#[test]
fn klopfenstein_follows_its_closed_form_and_ripple() {
    let length = 0.1;
    for (z1, z2, ripple) in [(50.0, 55.0, 0.002), (60.0, 50.0, 0.005), (50.0, 75.0, 0.01)] {
        let kl = TaperProfile::Klopfenstein { ripple };
        let taper = TaperedLine::new(kl, z1, z2, 1.0, length, 1000).unwrap();
        let g0 = f64::ln(z2 / z1).abs() / 2.0;
        let a = (g0 / ripple).acosh();
        let fc = taper.cutoff().unwrap();
        assert!((fc - a * C0 / (std::f64::consts::TAU * length)).abs() < 1e-6 * fc);
        let z0 = [C::from(z1), C::from(z2)];
        let mut peak = 0.0f64;
        for k in 0..300 {
            // 0.05 to 8 times the cutoff (sections stay below 1 / 400 wavelength).
            let f = fc * (0.05 + 7.95 * k as f64 / 299.0);
            let gamma = taper.s_at_z0(f, &z0, WaveDef::Power)[0][0].norm();
            let bl = std::f64::consts::TAU * f / C0 * length;
            // The theory neglects terms of order Gamma_0^3.
            let first = klopfenstein_first_order(g0, a, bl);
            assert!(
                (gamma - first).abs() < g0.powi(3),
                "{z1}->{z2} at {f}: {gamma} vs {first}"
            );
            if f >= fc {
                peak = peak.max(gamma);
            }
        }
        // Above the cutoff the ripple reaches Gamma_max and exceeds it by no more than the
        // theory's error.
        assert!(
            peak <= ripple + g0.powi(3),
            "{z1}->{z2}: peak {peak} > {ripple}"
        );
        assert!(
            peak >= 0.95 * ripple,
            "{z1}->{z2}: the ripple {peak} should reach {ripple}"
        );
    }
    // A small step: within 5 % of Gamma_max. At DC the taper is the step itself.
    let kl = TaperProfile::Klopfenstein { ripple: 0.002 };
    let taper = TaperedLine::new(kl, 50.0, 55.0, 1.0, length, 1000).unwrap();
    let (fc, z0) = (taper.cutoff().unwrap(), [C::from(50.0), C::from(55.0)]);
    let peak = (0..200)
        .map(|k| {
            taper.s_at_z0(fc * (1.0 + 7.0 * k as f64 / 199.0), &z0, WaveDef::Power)[0][0].norm()
        })
        .fold(0.0, f64::max);
    assert!(peak <= 0.002 * 1.05, "{peak}");
    let dc = taper.s_at_z0(1.0, &z0, WaveDef::Power)[0][0].norm();
    assert!((dc - 5.0 / 105.0).abs() < 1e-9, "{dc} at DC");
    let linear = TaperedLine::new(TaperProfile::Linear, 50.0, 75.0, 1.0, 0.1, 9).unwrap();
    assert_eq!(linear.cutoff(), None);
}

#[test]
fn more_sections_converge() {
    // The stepped exponential taper approaches the continuous one: halving the step size
    // roughly halves the change.
    let at = |n| {
        let t = TaperedLine::new(TaperProfile::Exponential, 50.0, 100.0, 1.0, 0.1, n).unwrap();
        t.s_at(2e9)
    };
    let (a, b, c) = (at(100), at(200), at(400));
    let (d1, d2) = (max_dev(&a, &b), max_dev(&b, &c));
    assert!(d2 < 0.6 * d1 && d2 < 2e-3, "{d1:e} {d2:e}");
}

#[test]
fn tapers_are_lossless_and_reciprocal() {
    let fx = Fixture::load();
    for case in TAPERS {
        let taper = fx.taper(case);
        for f in [1e8, 1.7e9, 5.5e9] {
            let s = taper.s_at(f);
            assert!((s[0][1] - s[1][0]).norm() < 1e-13);
            let p = s[0][0].norm_sqr() + s[1][0].norm_sqr();
            assert!((p - 1.0).abs() < 1e-13, "{case}: |S11|^2 + |S21|^2 = {p}");
        }
    }
}

#[test]
fn taper_derivatives_match_central_differences() {
    for profile in [
        TaperProfile::Linear,
        TaperProfile::Exponential,
        TaperProfile::Klopfenstein { ripple: 0.03 },
    ] {
        let taper = TaperedLine::new(profile, 45.0, 110.0, 2.2, 0.07, 30).unwrap();
        for f in [0.3e9, 2.1e9, 4.4e9] {
            let g = check_derivatives!(taper, f, 1e-6);
            assert!(
                g.iter().all(|x| x.is_finite() && *x != 0.0),
                "{profile:?}: {g:?}"
            );
        }
    }
    // Equal impedances: the Klopfenstein profile's A = 0 corner keeps finite derivatives.
    let flat = TaperedLine::new(
        TaperProfile::Klopfenstein { ripple: 0.03 },
        50.0,
        50.0,
        1.0,
        0.1,
        10,
    );
    let g = gradient(&flat.unwrap(), &Filter::All, |m| {
        m.s_at(Grad::from(1e9))[0][0].re
    })
    .unwrap();
    assert!(g.iter().all(|x| x.is_finite()), "{g:?}");
}

#[test]
fn bad_tapers_are_errors_naming_the_value() {
    let lin = TaperProfile::Linear;
    let kl = |ripple| TaperProfile::Klopfenstein { ripple };
    let cases = [
        (TaperedLine::new(lin, 0.0, 50.0, 1.0, 0.1, 10), "z1"),
        (TaperedLine::new(lin, 50.0, f64::NAN, 1.0, 0.1, 10), "z2"),
        (TaperedLine::new(lin, 50.0, 75.0, 0.5, 0.1, 10), "eps_r"),
        (TaperedLine::new(lin, 50.0, 75.0, 1.0, -0.1, 10), "length"),
        (TaperedLine::new(lin, 50.0, 75.0, 1.0, 0.1, 0), "sections"),
        (
            TaperedLine::new(kl(0.0), 50.0, 75.0, 1.0, 0.1, 10),
            "ripple",
        ),
        (
            TaperedLine::new(kl(1.5), 50.0, 75.0, 1.0, 0.1, 10),
            "ripple",
        ),
    ];
    for (result, name) in cases {
        let msg = result.unwrap_err().to_string();
        assert!(msg.contains(name), "{msg} should name {name}");
    }
    let t = TaperedLine::new(lin, 50.0, 75.0, 1.0, 0.1, 10).unwrap();
    assert!(t.with_sections(0).is_err());
    assert_eq!(t.with_sections(3).unwrap().impedances(), [50.0, 62.5, 75.0]);
    assert_eq!(t.sections(), 10);
    assert_eq!(t.profile(), lin);
}

// ---------------------------------------------------------------------------------------------
// Floating line

/// A line of constant complex `Zc` and `gamma = alpha + j w sqrt(eps_r) / c0`, as scikit-rf's
/// `DefinedGammaZ0`.
#[derive(Model, Clone, Debug)]
struct GammaLine<T: Scalar = f64> {
    #[param(unit = "ohm")]
    zc_re: T,
    #[param(unit = "ohm")]
    zc_im: T,
    #[param(unit = "Np/m")]
    alpha: T,
    #[param(unit = "1")]
    eps_r: T,
    #[param(unit = "m")]
    length: T,
}

impl<T: Scalar> UniformLine for GammaLine<T> {
    fn section(&self, f: T) -> LineSection<T> {
        let beta = f * std::f64::consts::TAU * self.eps_r.sqrt() / C0;
        let zc = Complex::new(self.zc_re, self.zc_im);
        LineSection::from_zc_gamma(zc, Complex::new(self.alpha, beta), self.length)
    }
}

impl<T: Scalar> Component<2> for GammaLine<T> {
    type Domain = domain::S;
    fn primary(&self, f: T) -> Mat<T, 2> {
        self.section(f).s(50.0)
    }
}

fn gamma_line(fx: &Fixture, case: &str) -> GammaLine {
    GammaLine {
        zc_re: fx.num(case, "zc_re"),
        zc_im: fx.num(case, "zc_im"),
        alpha: fx.num(case, "alpha"),
        eps_r: fx.num(case, "eps_r"),
        length: fx.num(case, "length"),
    }
}

#[test]
fn floating_line_matches_scikit_rf() {
    let fx = Fixture::load();
    for case in ["floating", "floating_lossy"] {
        let floating = FloatingLine::new(gamma_line(&fx, case));
        // scikit-rf's closed form at Zc, renormalised exactly; scikit-rf's own renormalisation
        // through the singular Z-parameters is good to about 1e-7.
        let dev = fx.deviation(case, |f| floating.s_at(f));
        assert!(dev < 1e-10, "{case}: |S - scikit-rf| = {dev:e}");
        let dev = fx.deviation_from(case, "skrf_s", |f| floating.s_at(f));
        assert!(dev < 5e-7, "{case}: |S - scikit-rf at 50 ohm| = {dev:e}");
    }
}

#[test]
fn floating_line_with_grounded_return_is_the_line() {
    let fx = Fixture::load();
    let lossy = gamma_line(&fx, "floating_lossy");
    let rlgc = RlgcLine::new(3.0, 300e-9, 1e-3, 110e-12, 0.4);
    for f in [0.0f64, 1e6, 0.9e9, 4.2e9] {
        // Shorts on ports 4 and 3 (0-based 3, then 2).
        let grounded = Terminated::at::<2>(
            Terminated::at::<3>(FloatingLine::new(lossy.clone()), Short::new()),
            Short::new(),
        );
        let dev = max_dev(&grounded.s_at(f.max(1.0)), &lossy.s_at(f.max(1.0)));
        assert!(dev < 1e-13, "at {f} Hz: {dev:e}");
        let grounded = Terminated::at::<2>(
            Terminated::at::<3>(FloatingLine::new(rlgc), Short::new()),
            Short::new(),
        );
        let dev = max_dev(&grounded.s_at(f), &rlgc.s_at(f));
        assert!(dev < 1e-13, "RLGC at {f} Hz: {dev:e}");
    }
}

#[test]
fn floating_line_is_reciprocal_passive_and_floats() {
    let floating = FloatingLine::new(RlgcLine::new(2.0, 250e-9, 1e-4, 100e-12, 0.3));
    for f in [1.0, 2e8, 3e9] {
        let s = floating.s_at(f);
        for (i, row) in s.iter().enumerate() {
            for (j, sij) in row.iter().enumerate() {
                assert!((sij - s[j][i]).norm() < 1e-14);
            }
            // Rows of a floating network: a common drive of all four ports sees an open (no
            // current to ground), so S 1 = 1.
            let sum: C = row.iter().sum();
            assert!((sum - 1.0).norm() < 1e-13, "row {i} sums to {sum}");
        }
        // Passive: power out <= power in (the column norms).
        for j in 0..4 {
            let p: f64 = s.iter().map(|row| row[j].norm_sqr()).sum();
            assert!(p <= 1.0 + 1e-13);
        }
    }
    // Derivatives through the wrapped line's parameters.
    check_derivatives!(4, floating.clone(), 1.3e9, 1e-6);
    assert_eq!(
        floating.param_names(),
        ["line.r", "line.l", "line.g", "line.c", "line.length"]
    );
}

#[test]
fn floating_line_in_paramrf_order_is_its_closed_form() {
    // ParamRF: ports (1+, 1-, 2+, 2-), with E = e^(gamma l), den = 9 E^2 - 1,
    // S = [[a, c, b, d], [c, a, d, b], [b, d, a, c], [d, b, c, a]] for a line matched to z0.
    let line = DelayLine::new(50.0, 0.37e-9);
    let paramrf = Renumbered::new(FloatingLine::new(line), [0, 2, 1, 3]).unwrap();
    for f in [1e6, 0.8e9, 2.9e9] {
        let e = Complex::new(0.0, std::f64::consts::TAU * f * 0.37e-9).exp();
        let den = e * e * 9.0 - 1.0;
        let (a, b, c) = (
            (e * e * 3.0 + 1.0) / den,
            e * 4.0 / den,
            (e * e * 6.0 - 2.0) / den,
        );
        let d = -b;
        let want = [[a, c, b, d], [c, a, d, b], [b, d, a, c], [d, b, c, a]];
        let dev = max_dev(&paramrf.s_at(f), &want);
        assert!(dev < 1e-14, "at {f} Hz: {dev:e}");
    }
}

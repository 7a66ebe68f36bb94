//! Materials of transmission lines against closed forms and scikit-rf 2.2.0: dielectrics,
//! conductors, roughness, substrates, and their derivatives.
//!
//! `tests/fixtures/lines_materials.json` is written by `scripts/gen_line_fixtures.py`.

use std::f64::consts::{FRAC_2_PI, PI, TAU};

use pmrf::components::materials::{
    BulkConductor, Conductor, ConstantDielectric, Dielectric, DjordjevicSarkar,
    HammerstadRoughness, PerfectConductor, RoughConductor, Roughness, Substrate,
};
use pmrf::constants::MU0;
use pmrf::prelude::*;
use serde_json::Value;

type C = Complex<f64>;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lines_materials.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// `(1 + j) sqrt(pi f mu0 mu_r / sigma)`.
fn zs(f: f64, sigma: f64, mu_r: f64) -> C {
    let rs = (PI * f * MU0 * mu_r / sigma).sqrt();
    C::new(rs, rs)
}

// ---------------------------------------------------------------------------------------------
// Dielectrics

#[test]
fn constant_dielectric_is_eps_r_one_minus_j_tand() {
    let d = ConstantDielectric::new(4.3, 0.02);
    for f in [0.0, 1e6, 1e9, 1e12] {
        assert_eq!(d.permittivity(f), C::new(4.3, -4.3 * 0.02));
    }
    assert_eq!(d.param_names(), ["eps_r", "tand"]);
    // eps_r < 1 and tand < 0 are out of bounds.
    assert!(d.with_params(&[0.5, 0.0]).is_err() && d.with_params(&[2.0, -1e-3]).is_err());
}

#[test]
fn djordjevic_sarkar_matches_scikit_rf() {
    let fx = fixture();
    let c = &fx["cases"]["djordjevic_sarkar"];
    let n = |k: &str| c[k].as_f64().unwrap();
    let ds =
        DjordjevicSarkar::with_band(n("eps_r"), n("tand"), n("f_ref"), n("f_low"), n("f_high"))
            .unwrap();
    let (re, im) = (floats(&c["eps_re"]), floats(&c["eps_im"]));
    let worst = (floats(&fx["frequency_hz"]).iter().enumerate())
        .map(|(k, &f)| (ds.permittivity(f) - C::new(re[k], im[k])).norm() / n("eps_r"))
        .fold(0.0, f64::max);
    println!("Djordjevic-Sarkar vs scikit-rf MLine: {worst:.1e} (relative)");
    assert!(worst < 1e-14);
}

#[test]
fn djordjevic_sarkar_closed_form_and_limits() {
    let (er, tand, f_ref, lo, hi) = (4.3, 0.02, 1e9, 1e3, 1e12);
    let ds = DjordjevicSarkar::with_band(er, tand, f_ref, lo, hi).unwrap();
    // Exactly eps_r (1 - j tand) at f_ref.
    assert!((ds.permittivity(f_ref) - C::new(er, -er * tand)).norm() < 1e-15 * er);
    // Djordjevic et al. 2001, eq. (6): eps_inf + eps_d ln((f_high + j f)/(f_low + j f)).
    let k = (C::new(hi, f_ref) / C::new(lo, f_ref)).ln();
    let eps_d = -er * tand / k.im;
    let eps_inf = er * (1.0 + tand * k.re / k.im);
    for f in [1.0, 1e5, 3e8, 2e10, 5e11] {
        let want = eps_inf + eps_d * (C::new(hi, f) / C::new(lo, f)).ln();
        assert!((ds.permittivity(f) - want).norm() < 1e-14 * er, "{f}");
    }
    // Lossless at DC, eps(0) = eps_inf + eps_d ln(f_high / f_low); tends to eps_inf far above.
    let dc = ds.permittivity(0.0);
    assert_eq!(dc.im, 0.0);
    assert!((dc.re - (eps_inf + eps_d * (hi / lo).ln())).abs() < 1e-14 * er);
    assert!((ds.permittivity(1e18).re - eps_inf).abs() < 1e-5);
    // Between the corners the loss tangent is nearly flat (it follows 1 / eps', which rises by
    // (2/pi) eps_r tand ln(10) = 0.13 per decade below f_ref) and eps' falls monotonically.
    let mut last = f64::INFINITY;
    for f in [1e5, 1e6, 1e7, 1e8, 1e9, 1e10] {
        let e = ds.permittivity(f);
        assert!((-e.im / e.re / tand - 1.0).abs() < 0.15, "{f}");
        assert!(e.re < last && e.im < 0.0);
        last = e.re;
    }
    // Kramers-Kronig in the form the model is built from: eps' falls by (2 / pi) eps'' per
    // natural-log unit of frequency in the flat band (d eps' / d ln f = -(2 / pi) eps'').
    let f = 1e7;
    let de = (ds.permittivity(f * 1.01).re - ds.permittivity(f / 1.01).re) / (2.0 * 1.01f64.ln());
    assert!(
        (de / (FRAC_2_PI * ds.permittivity(f).im) - 1.0).abs() < 1e-3,
        "{de}"
    );
}

#[test]
fn djordjevic_sarkar_constructor_refuses_bad_bands() {
    assert!(DjordjevicSarkar::new(4.3, 0.02, 0.0).is_err());
    assert!(DjordjevicSarkar::new(4.3, 0.02, f64::NAN).is_err());
    assert!(DjordjevicSarkar::with_band(4.3, 0.02, 1e9, 1e6, 1e6).is_err());
    assert!(DjordjevicSarkar::with_band(4.3, 0.02, 1e9, 1e9, 1e3).is_err());
    assert!(DjordjevicSarkar::with_band(4.3, 0.02, 1e9, -1.0, 1e3).is_err());
    // eps_inf >= 1: with the default band and f_ref = 1 GHz, tand <= (1 - 1 / eps_r) / 4.4.
    assert!(DjordjevicSarkar::new(1.0, 1e-3, 1e9).is_err());
    assert!(DjordjevicSarkar::new(1.0, 0.0, 1e9).is_ok());
    assert!(DjordjevicSarkar::new(2.0, 0.11, 1e9).is_ok());
    assert!(DjordjevicSarkar::new(2.0, 0.12, 1e9).is_err());
    assert!(DjordjevicSarkar::new(2.0, -0.01, 1e9).is_err());
    let ds = DjordjevicSarkar::new(4.3, 0.02, 1e9).unwrap();
    assert_eq!((ds.f_ref(), ds.band()), (1e9, (1e3, 1e12)));
    assert!((ds.eps_inf() - ds.permittivity(1e20).re).abs() < 1e-6);
    assert_eq!(ds.param_names(), ["eps_r", "tand"]);
}

#[test]
fn permittivity_derivatives_are_exact() {
    // d eps / d tand = -eps_r at f_ref (imaginary part) for both models; by duals elsewhere
    // against central differences.
    let ds = DjordjevicSarkar::new(3.66, 0.0037, 10e9).unwrap();
    for f in [1e6, 10e9, 40e9] {
        let g = gradient(&ds, &Filter::All, |m| m.permittivity(Grad::from(f)).im).unwrap();
        let at = |tand: f64| {
            DjordjevicSarkar::new(3.66, tand, 10e9)
                .unwrap()
                .permittivity(f)
                .im
        };
        let h = 1e-7;
        let fd = (at(0.0037 + h) - at(0.0037 - h)) / (2.0 * h);
        assert!((g[1] / fd - 1.0).abs() < 1e-7, "{f}: {} vs {fd}", g[1]);
        if f == 10e9 {
            assert!((g[1] + 3.66).abs() < 1e-13);
        }
    }
    let cd = ConstantDielectric::new(2.2, 1e-3);
    let g = gradient(&cd, &Filter::All, |m| m.permittivity(Grad::from(1e9)).im).unwrap();
    assert_eq!(g, [-1e-3, -2.2]);
}

// ---------------------------------------------------------------------------------------------
// Conductors

#[test]
fn bulk_conductor_surface_impedance_and_skin_depth() {
    let cu = BulkConductor::copper();
    for f in [1e3, 1e6, 1e9, 1e11] {
        assert!((cu.surface_impedance(f) - zs(f, 5.8e7, 1.0)).norm() < 1e-16 * f.sqrt());
        // R_s = 1 / (sigma delta).
        let d = cu.skin_depth(f);
        assert!((cu.surface_impedance(f).re * 5.8e7 * d - 1.0).abs() < 1e-14);
    }
    // Copper at 10 GHz: 0.66 um, 26 mOhm (Pozar Example 3.5 has 0.026 ohm).
    assert!((cu.skin_depth(10e9) - 0.661e-6).abs() < 1e-9);
    assert!((cu.surface_impedance(10e9).re - 0.0261).abs() < 1e-4);
    // DC: no surface impedance, infinite skin depth.
    assert_eq!(cu.surface_impedance(0.0), C::new(0.0, 0.0));
    assert!(cu.skin_depth(0.0).is_infinite());
    // Magnetic metal: nickel, mu_r = 100.
    let ni = BulkConductor::new(1.45e7, 100.0);
    assert!((ni.surface_impedance(1e9) - zs(1e9, 1.45e7, 100.0)).norm() < 1e-15);
    assert_eq!((ni.conductivity(), ni.mu_r()), (1.45e7, 100.0));
}

#[test]
fn bulk_conductor_from_resistivity() {
    let al = BulkConductor::from_resistivity(2.65e-8, 1.0).unwrap();
    assert!((al.sigma * 2.65e-8 - 1.0).abs() < 1e-15);
    for rho in [0.0, -1e-8, 2.0, f64::NAN, f64::INFINITY] {
        assert!(BulkConductor::from_resistivity(rho, 1.0).is_err(), "{rho}");
    }
    for mu in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(BulkConductor::from_resistivity(1e-8, mu).is_err(), "{mu}");
    }
    assert_eq!(BulkConductor::copper().param_names(), ["sigma", "mu_r"]);
}

#[test]
fn round_conductor_impedances_tend_to_the_skin_effect_limit() {
    // Exact (Schelkunoff): within delta / a of Zs / (2 pi r) once the skin depth is small.
    let cu = BulkConductor::copper();
    let (a, b, c) = (0.455e-3, 1.475e-3, 1.675e-3);
    for f in [1e9, 1e10, 1e11] {
        let delta = cu.skin_depth(f);
        let z = cu.surface_impedance(f);
        let rod = cu.rod_internal_impedance(f, a);
        let tube = cu.tube_internal_impedance(f, b, c);
        let tol = 2.0 * delta / a;
        assert!((rod / (z / (TAU * a)) - 1.0).norm() < tol, "{f}: {rod}");
        assert!((tube / (z / (TAU * b)) - 1.0).norm() < tol, "{f}: {tube}");
    }
    // At DC: the DC resistance.
    let rod = cu.rod_internal_impedance(0.0, a);
    let rdc = 1.0 / (5.8e7 * PI * a * a);
    assert!((rod - rdc).norm() < 1e-12 * rdc, "{rod}");
    let tube = cu.tube_internal_impedance(0.0, b, c);
    let rdc = 1.0 / (5.8e7 * PI * (c * c - b * b));
    assert!((tube - rdc).norm() < 1e-12 * rdc, "{tube}");
}

#[test]
fn a_conductor_of_your_own_gets_the_asymptotes() {
    /// A conductor given by a constant surface resistance.
    #[derive(Model, Clone, Debug)]
    struct Sheet<T: Scalar = f64> {
        #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
        rs: T,
    }
    impl<T: Scalar> Conductor for Sheet<T> {
        fn conductivity(&self) -> T {
            T::from(1e7)
        }
        fn mu_r(&self) -> T {
            T::one()
        }
        fn surface_impedance(&self, _f: T) -> Complex<T> {
            Complex::new(self.rs, self.rs)
        }
    }
    let s = Sheet { rs: 0.02 };
    let want = C::new(0.02, 0.02) / (TAU * 1e-3);
    assert!((s.rod_internal_impedance(1e9, 1e-3) - want).norm() < 1e-15);
    assert!((s.tube_internal_impedance(1e9, 1e-3, 2e-3) - want).norm() < 1e-15);
}

#[test]
fn perfect_conductor_has_no_impedance() {
    let pec: PerfectConductor = PerfectConductor::default();
    for f in [0.0, 1e9] {
        assert_eq!(pec.surface_impedance(f), C::new(0.0, 0.0));
        assert_eq!(pec.rod_internal_impedance(f, 1e-3), C::new(0.0, 0.0));
        assert_eq!(pec.tube_internal_impedance(f, 1e-3, 2e-3), C::new(0.0, 0.0));
    }
    assert!(pec.conductivity().is_infinite() && pec.mu_r() == 1.0);
    // Rough or not.
    let rough = RoughConductor::new(pec, HammerstadRoughness::new(1e-6));
    assert_eq!(rough.surface_impedance(1e9), C::new(0.0, 0.0));
}

// ---------------------------------------------------------------------------------------------
// Roughness

#[test]
fn hammerstad_roughness_factor() {
    let r = HammerstadRoughness::new(1e-6);
    let (sigma, mu_r) = (5.8e7, 1.0);
    for f in [1e6, 1e8, 1e9, 4e9, 1e10, 1e11] {
        let delta = 1.0 / (PI * f * MU0 * mu_r * sigma).sqrt();
        let want = 1.0 + FRAC_2_PI * (1.4 * (1e-6 / delta).powi(2)).atan();
        assert!((r.factor(f, sigma, mu_r) - want).abs() < 1e-15, "{f}");
    }
    // rms = delta: K = 1 + (2/pi) atan(1.4) = 1.6051.
    let f = 1.0 / (PI * MU0 * sigma * 1e-12);
    assert!((r.factor(f, sigma, mu_r) - 1.605_137).abs() < 1e-6);
    // Smooth, DC, and the limit 2.
    assert_eq!(HammerstadRoughness::new(0.0).factor(1e10, sigma, mu_r), 1.0);
    assert_eq!(r.factor(0.0, sigma, mu_r), 1.0);
    assert!(r.factor(1e15, sigma, mu_r) > 2.0 - 1e-5);
    assert_eq!(r.factor(1e9, f64::INFINITY, mu_r), 2.0);
}

#[test]
fn rough_conductor_scales_every_impedance() {
    let cu = BulkConductor::copper();
    let rough = RoughConductor::new(cu, HammerstadRoughness::new(0.5e-6));
    for f in [1e6, 1e9, 2e10] {
        let k = rough.roughness.factor(f, 5.8e7, 1.0);
        assert!((rough.surface_impedance(f) - cu.surface_impedance(f) * k).norm() < 1e-17);
        let (r, rc) = (
            rough.rod_internal_impedance(f, 1e-3),
            cu.rod_internal_impedance(f, 1e-3),
        );
        assert!((r - rc * k).norm() < 1e-15 * rc.norm());
        let (t, tc) = (
            rough.tube_internal_impedance(f, 1e-3, 1.2e-3),
            cu.tube_internal_impedance(f, 1e-3, 1.2e-3),
        );
        assert!((t - tc * k).norm() < 1e-15 * tc.norm());
    }
    assert_eq!((rough.conductivity(), rough.mu_r()), (5.8e7, 1.0));
    assert_eq!(
        rough.param_names(),
        ["bulk.sigma", "bulk.mu_r", "roughness.rms"]
    );
}

#[test]
fn conductor_derivatives_are_exact() {
    // d Zs / d sigma = -Zs / (2 sigma); d K / d rms by duals against central differences.
    let cu = BulkConductor::new(4e7, 1.0);
    let g = gradient(&cu, &Filter::All, |m| {
        m.surface_impedance(Grad::from(3e9)).re
    })
    .unwrap();
    let z = zs(3e9, 4e7, 1.0).re;
    assert!((g[0] / (-z / 8e7) - 1.0).abs() < 1e-14);
    assert!((g[1] / (z / 2.0) - 1.0).abs() < 1e-14);
    // At DC the derivatives are zero, not NaN (sqrt at 0).
    let g = gradient(&cu, &Filter::All, |m| {
        m.surface_impedance(Grad::from(0.0)).re
    })
    .unwrap();
    assert_eq!(g, [0.0, 0.0]);
    let rough = RoughConductor::new(cu, HammerstadRoughness::new(0.7e-6));
    let g = gradient(&rough, &Filter::All, |m| {
        m.surface_impedance(Grad::from(5e9)).re
    })
    .unwrap();
    let at = |rms: f64| {
        RoughConductor::new(cu, HammerstadRoughness::new(rms))
            .surface_impedance(5e9)
            .re
    };
    let h = 1e-12;
    let fd = (at(0.7e-6 + h) - at(0.7e-6 - h)) / (2.0 * h);
    assert!((g[2] / fd - 1.0).abs() < 1e-6, "{} vs {fd}", g[2]);
}

// ---------------------------------------------------------------------------------------------
// Substrate

#[test]
fn substrates_nest_their_materials() {
    let sub = Substrate::new(
        0.5e-3,
        18e-6,
        DjordjevicSarkar::new(3.66, 0.0037, 10e9).unwrap(),
        RoughConductor::new(BulkConductor::copper(), HammerstadRoughness::new(0.3e-6)),
    );
    assert_eq!(
        sub.param_names(),
        [
            "h",
            "t",
            "dielectric.eps_r",
            "dielectric.tand",
            "conductor.bulk.sigma",
            "conductor.bulk.mu_r",
            "conductor.roughness.rms"
        ]
    );
    // Functional updates reach the materials.
    let mut v = sub.param_values();
    v[3] = 0.01;
    let sub2 = sub.with_params(&v).unwrap();
    assert_eq!(sub2.dielectric.tand, 0.01);
    // A negative height is out of bounds.
    v[0] = -1.0;
    assert!(sub.with_params(&v).is_err());
}

#[test]
fn bulk_conductor_from_resistivity_says_what_a_value_must_be() {
    let e = BulkConductor::from_resistivity(-1e-8, 1.0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`rho` = -1e-8: must be in (0, 1] ohm m (sigma = 1 / rho >= 1 S/m)"
    );
    let e = BulkConductor::from_resistivity(1e-8, f64::INFINITY).unwrap_err();
    assert_eq!(e.to_string(), "`mu_r` = inf: must be finite and > 0");
}

// ---------------------------------------------------------------------------------------------
// Defaults for fits

fn free<M: Model<Scalar = f64>>(params: &Params<M>) -> Vec<String> {
    let p = params.partition(&Filter::Free).unwrap();
    p.names().iter().map(|s| s.to_string()).collect()
}

#[test]
fn material_constants_are_fixed_by_default() {
    // A conductor's mu_r is a constant users rarely fit: free, a fit moves it to wherever it
    // trades off against sigma. It is fixed by default, and can be freed.
    let mut cu = BulkConductor::copper().params().unwrap();
    assert_eq!(free(&cu), ["sigma"]);
    cu.free("mu_r").unwrap();
    assert_eq!(free(&cu), ["sigma", "mu_r"]);
    let sub = Substrate::new(
        0.5e-3,
        18e-6,
        ConstantDielectric::new(3.66, 0.0037),
        RoughConductor::new(BulkConductor::copper(), HammerstadRoughness::new(0.3e-6)),
    );
    assert_eq!(
        free(&sub.params().unwrap()),
        [
            "h",
            "t",
            "dielectric.eps_r",
            "dielectric.tand",
            "conductor.bulk.sigma",
            "conductor.roughness.rms"
        ]
    );
}

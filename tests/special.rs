//! Special functions: modified Bessel functions of complex argument and the internal impedance
//! of round conductors, against mpmath (tests/fixtures/special.json, written by
//! scripts/gen_special_fixtures.py), closed forms, limits, derivative identities and central
//! differences.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use pmrf::components::materials::skin_effect as conductor;
use pmrf::constants::MU0;
use pmrf::num_dual::DualNum;
use pmrf::special::bessel;
use pmrf::{Complex, Dual64};
use proptest::prelude::*;
use serde_json::Value;

type C = Complex<f64>;
type CD = Complex<Dual64>;

fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/special.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `[re, im]` as a complex number; `None` for `null`.
fn cplx(v: &Value) -> Option<C> {
    let a = v.as_array()?;
    Some(C::new(a[0].as_f64()?, a[1].as_f64()?))
}

/// An argument, written as a string in the fixture so that it parses to exactly the double the
/// reference was computed at (serde_json may read a number one ulp off).
fn arg(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

/// A complex argument `[re, im]` of strings.
fn zarg(v: &Value) -> C {
    C::new(arg(&v[0]), arg(&v[1]))
}

fn rel(got: C, want: C) -> f64 {
    if want == C::new(0.0, 0.0) {
        return got.norm();
    }
    (got - want).norm() / want.norm()
}

/// `d f / d(Re z)` and `d f / d(Im z)` of `f` at `z`, from dual numbers.
fn partials(f: impl Fn(CD) -> CD, z: C) -> (C, C) {
    let zx = CD::new(Dual64::from(z.re).derivative(), Dual64::from(z.im));
    let zy = CD::new(Dual64::from(z.re), Dual64::from(z.im).derivative());
    let (fx, fy) = (f(zx), f(zy));
    (C::new(fx.re.eps, fx.im.eps), C::new(fy.re.eps, fy.im.eps))
}

/// The value part of `f` on dual numbers.
fn dual_value(f: impl Fn(CD) -> CD, z: C) -> C {
    let v = f(CD::new(Dual64::from(z.re), Dual64::from(z.im)));
    C::new(v.re.re, v.im.re)
}

type Fns = (fn(C) -> C, fn(CD) -> CD);

fn functions() -> Vec<(&'static str, Fns)> {
    vec![
        ("i0e", (bessel::i0e, bessel::i0e)),
        ("i1e", (bessel::i1e, bessel::i1e)),
        ("k0e", (bessel::k0e, bessel::k0e)),
        ("k1e", (bessel::k1e, bessel::k1e)),
        ("i0", (bessel::i0, bessel::i0)),
        ("i1", (bessel::i1, bessel::i1)),
        ("k0", (bessel::k0, bessel::k0)),
        ("k1", (bessel::k1, bessel::k1)),
        ("i0_over_i1", (bessel::i0_over_i1, bessel::i0_over_i1)),
        ("k0_over_k1", (bessel::k0_over_k1, bessel::k0_over_k1)),
    ]
}

/// Every function at every fixture point, against mpmath: relative error below 1e-13 (the
/// brief asks 1e-12), the same on dual numbers, and [`bessel::ik01e`] agrees with the single
/// functions.
#[test]
fn bessel_matches_mpmath() {
    let fx = fixture();
    let points = fx["bessel"].as_array().unwrap();
    assert!(points.len() > 700);
    let mut worst = Vec::new();
    for (name, (f, fd)) in functions() {
        let (mut max, mut at, mut n) = (0.0f64, C::new(0.0, 0.0), 0);
        for p in points {
            let z = zarg(&p["z"]);
            let Some(want) = cplx(&p[name]) else { continue };
            let got = f(z);
            let e = rel(got, want);
            assert!(
                e < 1e-13,
                "{name}({z}) = {got}, mpmath {want} (rel. {e:.1e})"
            );
            assert_eq!(dual_value(fd, z), got, "{name}({z}) on duals");
            if e > max {
                (max, at) = (e, z);
            }
            n += 1;
        }
        assert!(n > 300, "{name}: {n} points");
        worst.push(format!("{name}: {max:.1e} at {at:.4e} ({n} points)"));
    }
    for p in points {
        let z = zarg(&p["z"]);
        let all = bessel::ik01e(z);
        assert_eq!(all.i0e, bessel::i0e(z));
        assert_eq!(all.i1e, bessel::i1e(z));
        if z.re >= 0.0 {
            assert_eq!(all.k0e, bessel::k0e(z));
            assert_eq!(all.k1e, bessel::k1e(z));
        } else {
            assert!(all.k0e.re.is_nan() && all.k1e.im.is_nan());
        }
    }
    println!(
        "max relative deviation from mpmath:\n  {}",
        worst.join("\n  ")
    );
}

/// The derivative parts on dual numbers follow the identities I0' = I1, I1' = I0 - I1/z,
/// K0' = -K1, K1' = -K0 - K1/z (in `Re z` and, analytic, `j` times that in `Im z`); the scaled
/// `I` add `-exp(-|Re z|) I` in `Re z`; the ratio derivatives match mpmath.
#[test]
fn derivatives_follow_the_identities() {
    let fx = fixture();
    let j = C::new(0.0, 1.0);
    let (mut max_ratio_i, mut max_ratio_k) = (0.0f64, 0.0f64);
    let (mut at_i, mut at_k) = (C::new(0.0, 0.0), C::new(0.0, 0.0));
    for p in fx["bessel"].as_array().unwrap() {
        let z = zarg(&p["z"]);
        let s = if z.re < 0.0 { -1.0 } else { 1.0 };
        let check = |name: &str, fd: fn(CD) -> CD, dx: C, dy: C| {
            let (gx, gy) = partials(fd, z);
            let tol = 1e-13 * dx.norm().max(dy.norm());
            assert!((gx - dx).norm() <= tol, "d{name}/dx at {z}: {gx} vs {dx}");
            assert!((gy - dy).norm() <= tol, "d{name}/dy at {z}: {gy} vs {dy}");
        };
        let (i0, i1) = (bessel::i0(z), bessel::i1(z));
        if i0.norm().is_finite() {
            check("I0", bessel::i0, i1, j * i1);
            let d = i0 - i1 / z;
            check("I1", bessel::i1, d, j * d);
        }
        let (i0e, i1e) = (bessel::i0e(z), bessel::i1e(z));
        check("i0e", bessel::i0e, i1e - s * i0e, j * i1e);
        let d = i0e - i1e / z;
        check("i1e", bessel::i1e, d - s * i1e, j * d);
        if z.re >= 0.0 {
            let (k0, k1) = (bessel::k0(z), bessel::k1(z));
            if k0.norm() > 1e-290 {
                check("K0", bessel::k0, -k1, -j * k1);
                let d = -k0 - k1 / z;
                check("K1", bessel::k1, d, j * d);
            }
            let (k0e, k1e) = (bessel::k0e(z), bessel::k1e(z));
            check("k0e", bessel::k0e, k0e - k1e, j * (k0e - k1e));
            let d = k1e - k0e - k1e / z;
            check("k1e", bessel::k1e, d, j * d);
            let want = cplx(&p["d_k0_over_k1"]).unwrap();
            let (gx, gy) = partials(bessel::k0_over_k1, z);
            let e = rel(gx, want).max(rel(gy, j * want));
            assert!(e < 1e-10, "(K0/K1)' at {z}: {gx} vs {want}");
            if e > max_ratio_k {
                (max_ratio_k, at_k) = (e, z);
            }
        }
        let want = cplx(&p["d_i0_over_i1"]).unwrap();
        let (gx, gy) = partials(bessel::i0_over_i1, z);
        let e = rel(gx, want).max(rel(gy, j * want));
        assert!(e < 1e-10, "(I0/I1)' at {z}: {gx} vs {want}");
        if e > max_ratio_i {
            (max_ratio_i, at_i) = (e, z);
        }
    }
    println!(
        "ratio derivatives, max rel. deviation: I0/I1 {max_ratio_i:.1e} at {at_i:.4e}, \
         K0/K1 {max_ratio_k:.1e} at {at_k:.4e}"
    );
}

/// Dual derivatives against central differences of the `f64` functions, an independent check
/// of the identities and of the continuity across the region boundaries (|z| = 2, 18).
#[test]
fn derivatives_match_central_differences() {
    let mut n = 0;
    for r in [0.01, 0.7, 1.99, 2.01, 5.0, 17.99, 18.01, 40.0, 500.0] {
        for deg in [-80.0, -30.0, 0.0, 30.0, 45.0, 60.0, 89.0f64] {
            let z = C::from_polar(r, deg.to_radians());
            for (name, (f, fd)) in functions() {
                let (gx, gy) = partials(fd, z);
                // Small against the scale of variation, min(|z|, 1) (e^{j Im z} in the scaled I);
                // the quotients divide by the steps actually taken (z + h rounds).
                let h = 1e-5 * r.min(1.0);
                let (xp, xm) = (z + h, z - h);
                let cx = (f(xp) - f(xm)) / (xp.re - xm.re);
                let (yp, ym) = (z + C::new(0.0, h), z - C::new(0.0, h));
                let cy = (f(yp) - f(ym)) / (yp.im - ym.im);
                let scale = f(z).norm() / r + gx.norm() + gy.norm();
                assert!(
                    (gx - cx).norm() < 1e-7 * scale,
                    "d{name}/dx at {z}: {gx} vs {cx}"
                );
                assert!(
                    (gy - cy).norm() < 1e-7 * scale,
                    "d{name}/dy at {z}: {gy} vs {cy}"
                );
                n += 1;
            }
        }
    }
    assert_eq!(n, 9 * 7 * 10);
}

/// Each function is continuous across the boundaries between its methods: the difference
/// between the two sides is the derivative times the step, to 1e-13 relative.
#[test]
fn continuous_across_region_boundaries() {
    for r in [2.0, 18.0] {
        for deg in [0.0, 20.0, 45.0, 70.0, 89.0, 90.0, -45.0f64] {
            let th = deg.to_radians();
            let lo = C::from_polar(r * (1.0 - 1e-10), th);
            let hi = C::from_polar(r * (1.0 + 1e-10), th);
            let mid = C::from_polar(r, th);
            for (name, (f, fd)) in functions() {
                let (a, b) = (f(lo), f(hi));
                // The scaled I are not analytic: df = f_x dx + f_y dy.
                let (dx, dy) = partials(fd, mid);
                let step = hi - lo;
                let jump = b - a - dx * step.re - dy * step.im;
                assert!(
                    jump.norm() < 1e-13 * a.norm(),
                    "{name} jumps at |z| = {r}, {deg} deg: {a} vs {b}"
                );
            }
        }
    }
}

#[test]
fn special_values() {
    let zero = C::new(0.0, 0.0);
    let inf = C::new(f64::INFINITY, 0.0);
    assert_eq!(bessel::i0(zero), C::new(1.0, 0.0));
    assert_eq!(bessel::i1(zero), zero);
    assert_eq!(bessel::i0e(zero), C::new(1.0, 0.0));
    assert_eq!(bessel::i1e(zero), zero);
    for k in [
        bessel::k0(zero),
        bessel::k1(zero),
        bessel::k0e(zero),
        bessel::k1e(zero),
    ] {
        assert_eq!(k, inf);
    }
    assert_eq!(bessel::i0_over_i1(zero), inf);
    assert_eq!(bessel::k0_over_k1(zero), zero);
    // On dual numbers: I1'(0) = 1/2, the K keep their infinite value (no NaN).
    let (d, _) = partials(bessel::i1, zero);
    assert_eq!(d, C::new(0.5, 0.0));
    let k = bessel::k0(CD::new(Dual64::from(0.0).derivative(), Dual64::from(0.0)));
    assert_eq!(k.re.re, f64::INFINITY);

    // K is NaN left of the imaginary axis, I is extended by symmetry.
    let z = C::new(-3.0, 1.5);
    for k in [bessel::k0(z), bessel::k1(z), bessel::k0e(z), bessel::k1e(z)] {
        assert!(k.re.is_nan() && k.im.is_nan());
    }
    assert!(bessel::k0_over_k1(z).re.is_nan());
    assert_eq!(bessel::i0(z), bessel::i0(-z));
    assert_eq!(bessel::i1(z), -bessel::i1(-z));
    assert_eq!(bessel::i0e(z), bessel::i0e(-z));
    assert_eq!(bessel::i0_over_i1(z), -bessel::i0_over_i1(-z));
    // -0.0 is on the axis, not left of it.
    assert!(bessel::k0(C::new(-0.0, 3.0)).norm().is_finite());

    // Non-finite arguments.
    let nan = C::new(f64::NAN, 1.0);
    for (name, (f, _)) in functions() {
        assert!(f(nan).re.is_nan(), "{name}(NaN)");
    }
    for z in [
        C::new(f64::INFINITY, 0.0),
        C::new(f64::INFINITY, -3.0),
        C::new(2.0, f64::INFINITY),
    ] {
        for f in [bessel::i0e, bessel::i1e, bessel::k0e, bessel::k1e] {
            assert_eq!(f(z), zero, "scaled function at {z}");
        }
    }
    assert_eq!(
        bessel::i0_over_i1(C::new(f64::INFINITY, 5.0)),
        C::new(1.0, 0.0)
    );
    assert_eq!(
        bessel::k0_over_k1(C::new(f64::INFINITY, 5.0)),
        C::new(1.0, 0.0)
    );
    assert_eq!(
        bessel::i0_over_i1(C::new(f64::NEG_INFINITY, 5.0)),
        C::new(-1.0, -0.0)
    );
    assert!(bessel::i0_over_i1(C::new(1.0, f64::INFINITY)).re.is_nan());
    // Overflow and underflow of the unscaled functions, where the scaled ones are fine.
    assert_eq!(bessel::i0(C::new(800.0, 0.0)).re, f64::INFINITY);
    assert_eq!(bessel::k0(C::new(800.0, 0.0)), zero);
    assert!((bessel::i0e(C::new(800.0, 0.0)).re * (TAU * 800.0).sqrt() - 1.0).abs() < 1e-3);
    // Huge arguments: the Hankel expansions to one term.
    let z = C::new(3e200, 4e200);
    let want = (FRAC_PI_2 / z).sqrt();
    assert!(rel(bessel::k0e(z), want) < 1e-15);
    assert!(rel(bessel::k1e(z), want) < 1e-15);
    assert!(rel(bessel::i0_over_i1(z), C::new(1.0, 0.0)) < 1e-15);
}

/// Conjugate symmetry `f(conj z) = conj f(z)` holds to the last bits.
#[test]
fn conjugate_symmetry() {
    for r in [0.3, 2.5, 9.0, 30.0, 2e3] {
        for deg in [10.0, 45.0, 89.0f64] {
            let z = C::from_polar(r, deg.to_radians());
            for (name, (f, _)) in functions() {
                if !f(z).norm().is_finite() {
                    continue; // the unscaled I overflow at |z| = 2e3
                }
                assert!(rel(f(z.conj()), f(z).conj()) < 1e-15, "{name} at {z}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The Wronskian `I0 K1 + I1 K0 = 1/z`, scaled: `(i0e k1e + i1e k0e) z e^{-j Im z} = 1`,
    /// over the right half-plane, `1e-3 <= |z| <= 1e5`.
    #[test]
    fn wronskian(lr in -3.0f64..5.0, th in -FRAC_PI_2..FRAC_PI_2) {
        let z = C::from_polar(10f64.powf(lr), th);
        let b = bessel::ik01e(z);
        let w = (b.i0e * b.k1e + b.i1e * b.k0e) * z * C::new(0.0, -z.im).exp();
        prop_assert!((w - 1.0).norm() < 1e-13, "{} at {}", w, z);
        // The ratios agree with the quotients of the scaled functions.
        prop_assert!(rel(bessel::i0_over_i1(z), b.i0e / b.i1e) < 1e-13);
        prop_assert!(rel(bessel::k0_over_k1(z), b.k0e / b.k1e) < 1e-13);
    }
}

// ---------------------------------------------------------------------------------------------
// Conductors
// ---------------------------------------------------------------------------------------------

#[test]
fn conductors_match_mpmath() {
    let fx = fixture();
    assert_eq!(fx["mu0"].as_f64(), Some(MU0));
    let mut max_rod = 0.0f64;
    for c in fx["rod"].as_array().unwrap() {
        let (f, a, s, m) = (
            arg(&c["f"]),
            arg(&c["radius"]),
            arg(&c["sigma"]),
            arg(&c["mu_r"]),
        );
        let want = cplx(&c["z"]).unwrap();
        let got = conductor::rod_internal_impedance(f, a, s, m);
        let e = rel(got, want);
        assert!(e < 1e-13, "rod f={f:e} a={a:e}: {got} vs {want} ({e:.1e})");
        max_rod = max_rod.max(e);
    }
    let (mut max_tube, mut worst_tube) = (0.0f64, String::new());
    for c in fx["tube"].as_array().unwrap() {
        let (f, b, o) = (arg(&c["f"]), arg(&c["inner"]), arg(&c["outer"]));
        let (s, m) = (arg(&c["sigma"]), arg(&c["mu_r"]));
        let want = cplx(&c["z"]).unwrap();
        let got = conductor::tube_internal_impedance(f, b, o, s, m);
        // Thin walls lose ~1e-16 b / (c - b) to cancellation (1e-13 for b / (c - b) = 1000).
        let tol = if o.is_finite() {
            2e-14 * (1.0 + b / (o - b))
        } else {
            1e-13
        };
        let e = rel(got, want);
        assert!(
            e < tol,
            "tube f={f:e} b={b:e} c={o:e}: {got} vs {want} ({e:.1e})"
        );
        if e > max_tube {
            (max_tube, worst_tube) = (e, format!("f = {f:e}, b = {b:e}, c = {o:e}"));
        }
    }
    println!(
        "max relative deviation from mpmath: rod {max_rod:.1e}, tube {max_tube:.1e} ({worst_tube})"
    );
}

/// DC values are the closed forms (no 0/0), with the DC internal inductances as slopes.
#[test]
fn dc_limits() {
    let (a, sigma) = (0.4e-3, 5.8e7);
    let z = conductor::rod_internal_impedance(0.0, a, sigma, 1.0);
    assert!(
        (z.re * sigma * PI * a * a - 1.0).abs() < 2e-16 && z.im == 0.0,
        "{z}"
    );
    let (b, c) = (1.6e-3, 1.9e-3);
    let z = conductor::tube_internal_impedance(0.0, b, c, sigma, 3.0);
    assert!(
        (z.re * sigma * PI * (c * c - b * b) - 1.0).abs() < 1e-15 && z.im == 0.0,
        "{z}"
    );
    assert_eq!(
        conductor::surface_impedance(0.0, sigma, 1.0),
        C::new(0.0, 0.0)
    );

    // dZ/df at f = 0 on duals: j 2 pi L_int with L_int = mu / (8 pi) for the wire and
    // (mu / 2 pi) [c^4 ln(c/b) / (c^2 - b^2)^2 - (3 c^2 - b^2) / (4 (c^2 - b^2))] for the tube.
    let d = |x: f64| Dual64::from(x);
    let mu_r = 3.0;
    let mu = MU0 * mu_r;
    let z = conductor::rod_internal_impedance(d(0.0).derivative(), d(a), d(sigma), d(mu_r));
    assert!((z.im.eps / (TAU * mu / (8.0 * PI)) - 1.0).abs() < 1e-14);
    assert_eq!(z.re.eps, 0.0);
    let z = conductor::tube_internal_impedance(d(0.0).derivative(), d(b), d(c), d(sigma), d(mu_r));
    let (b2, c2) = (b * b, c * c);
    let l_dc = mu / TAU
        * (c2 * c2 * (c / b).ln() / ((c2 - b2) * (c2 - b2)) - (3.0 * c2 - b2) / (4.0 * (c2 - b2)));
    assert!(
        (z.im.eps / (TAU * l_dc) - 1.0).abs() < 1e-12,
        "{} vs {}",
        z.im.eps,
        TAU * l_dc
    );
    // ... and dR/d(radius) = -2 / (sigma pi a^3) at DC.
    let z = conductor::rod_internal_impedance(d(0.0), d(a).derivative(), d(sigma), d(1.0));
    assert!((z.re.eps / (-2.0 / (sigma * PI * a * a * a)) - 1.0).abs() < 1e-15);
    // Every derivative is finite at DC, and the resistance ones are those of the closed forms.
    for k in 0..5 {
        let mut p = [d(0.0), d(b), d(c), d(sigma), d(mu_r)];
        p[k] = p[k].derivative();
        let z = conductor::tube_internal_impedance(p[0], p[1], p[2], p[3], p[4]);
        let r_dc = (p[3] * PI * (p[2] * p[2] - p[1] * p[1])).recip();
        assert!(
            (z.re.eps - r_dc.eps).abs() <= 1e-14 * r_dc.eps.abs(),
            "tube d/dp{k} at DC"
        );
        assert!(z.im.eps.is_finite());
        if k < 4 {
            let mut q = [d(0.0), d(a), d(sigma), d(mu_r)];
            q[k] = q[k].derivative();
            let z = conductor::rod_internal_impedance(q[0], q[1], q[2], q[3]);
            let r_dc = (q[2] * PI * q[1] * q[1]).recip();
            assert!(
                (z.re.eps - r_dc.eps).abs() <= 1e-14 * r_dc.eps.abs(),
                "rod d/dp{k} at DC"
            );
            assert!(z.im.eps.is_finite());
        }
    }
    // Thick tube (outer = inf): 0 at DC.
    assert_eq!(
        conductor::tube_internal_impedance(0.0, b, f64::INFINITY, sigma, 1.0),
        C::new(0.0, 0.0)
    );
}

/// At high frequency `Z -> Zs / (2 pi r) (1 ± 1/(2 k r) + 3/(8 (k r)^2) ...)`: the relative
/// difference to the flat-surface value goes to 0 like `1/(2kr)`, and what is left after the
/// first-order term like `3/(8 (kr)^2)`.
#[test]
fn skin_effect_limits() {
    let (a, sigma) = (0.5e-3, 5.8e7);
    let (b, c) = (3.5e-3, 4.0e-3);
    let mut last = (f64::INFINITY, f64::INFINITY);
    for f in [1e7, 1e8, 1e9, 1e10, 1e11, 1e12] {
        let zs = conductor::surface_impedance(f, sigma, 1.0);
        let k = zs * sigma;
        // Wire: I0/I1 = 1 + 1/(2ka) + 3/(8 (ka)^2) + ...
        let ka = k * a;
        let ratio = conductor::rod_internal_impedance(f, a, sigma, 1.0) / (zs / (TAU * a));
        let first = (ratio - 1.0).norm();
        let rest = (ratio - 1.0 - 0.5 / ka) / (3.0 / (8.0 * ka * ka));
        assert!(
            (rest - 1.0).norm() < 2.0 / ka.norm(),
            "rod at {f:e}: {rest}"
        );
        assert!(first < last.0 / 3.0);
        // Tube: K0/K1 = 1 - 1/(2kb) + 3/(8 (kb)^2) + ... (the wall is many skin depths).
        let kb = k * b;
        let ratio = conductor::tube_internal_impedance(f, b, c, sigma, 1.0) / (zs / (TAU * b));
        let first_t = (ratio - 1.0).norm();
        let rest = (ratio - 1.0 + 0.5 / kb) / (3.0 / (8.0 * kb * kb));
        assert!(
            (rest - 1.0).norm() < 2.0 / kb.norm(),
            "tube at {f:e}: {rest}"
        );
        assert!(first_t < last.1 / 3.0);
        last = (first, first_t);
    }
    // The limits f -> inf, sigma -> inf, radius -> inf.
    let inf = f64::INFINITY;
    assert_eq!(
        conductor::rod_internal_impedance(inf, a, sigma, 1.0),
        C::new(inf, inf)
    );
    assert_eq!(
        conductor::tube_internal_impedance(inf, b, c, sigma, 1.0),
        C::new(inf, inf)
    );
    assert_eq!(
        conductor::rod_internal_impedance(1e9, a, inf, 1.0),
        C::new(0.0, 0.0)
    );
    assert_eq!(
        conductor::rod_internal_impedance(1e9, inf, sigma, 1.0),
        C::new(0.0, 0.0)
    );
    assert_eq!(
        conductor::tube_internal_impedance(1e9, b, c, inf, 1.0),
        C::new(0.0, 0.0)
    );
    assert_eq!(
        conductor::surface_impedance(1e9, inf, 1.0),
        C::new(0.0, 0.0)
    );
}

#[test]
fn invalid_input_is_nan() {
    let bad_rod = [
        (-1.0, 1e-3, 5.8e7, 1.0),
        (1e9, 0.0, 5.8e7, 1.0),
        (1e9, -1e-3, 5.8e7, 1.0),
        (1e9, 1e-3, 0.0, 1.0),
        (1e9, 1e-3, 5.8e7, 0.0),
        (1e9, 1e-3, 5.8e7, f64::INFINITY),
        (f64::NAN, 1e-3, 5.8e7, 1.0),
        (1e9, 1e-3, f64::NAN, 1.0),
    ];
    for (f, a, s, m) in bad_rod {
        let z = conductor::rod_internal_impedance(f, a, s, m);
        assert!(
            z.re.is_nan() && z.im.is_nan(),
            "rod({f}, {a}, {s}, {m}) = {z}"
        );
    }
    for (f, b, c) in [
        (1e9, 2e-3, 2e-3),
        (1e9, 3e-3, 2e-3),
        (1e9, 0.0, 2e-3),
        (-1.0, 1e-3, 2e-3),
        (1e9, 1e-3, f64::NAN),
    ] {
        let z = conductor::tube_internal_impedance(f, b, c, 5.8e7, 1.0);
        assert!(z.re.is_nan() && z.im.is_nan(), "tube({f}, {b}, {c}) = {z}");
    }
    assert!(conductor::surface_impedance(-1.0, 5.8e7, 1.0).re.is_nan());
    assert!(conductor::surface_impedance(1.0, 0.0, 1.0).re.is_nan());
}

/// Duals in each argument against central differences, across DC, the series region, the
/// series/Bessel boundary and the skin-effect region.
#[test]
fn conductor_derivatives_match_central_differences() {
    let d = |x: f64| Dual64::from(x);
    let rod = |p: &[f64; 4]| conductor::rod_internal_impedance(p[0], p[1], p[2], p[3]);
    let tube = |p: &[f64; 5]| conductor::tube_internal_impedance(p[0], p[1], p[2], p[3], p[4]);
    let mut n = 0;
    let (a, sigma) = (0.5e-3, 5.8e7);
    // |ka| = 2 at f_2:
    let f2 = (2.0 / a) * (2.0 / a) / (TAU * MU0 * sigma);
    for f in [10.0, 1e3, 0.999 * f2, 1.001 * f2, 1e6, 1e8, 1e10] {
        for mu_r in [1.0, 50.0] {
            let p = [f, a, sigma, mu_r];
            for k in 0..4 {
                let mut pd = p.map(d);
                pd[k] = pd[k].derivative();
                let g = conductor::rod_internal_impedance(pd[0], pd[1], pd[2], pd[3]);
                let g = C::new(g.re.eps, g.im.eps);
                let h = p[k] * 1e-6;
                let (mut up, mut dn) = (p, p);
                up[k] += h;
                dn[k] -= h;
                let cd = (rod(&up) - rod(&dn)) / (2.0 * h);
                assert!(
                    (g - cd).norm() < 1e-6 * g.norm(),
                    "rod d/dp{k} at f={f:e}: {g} vs {cd}"
                );
                n += 1;
            }
        }
    }
    let (b, c) = (1.5e-3, 1.8e-3);
    let f2 = (2.0 / c) * (2.0 / c) / (TAU * MU0 * sigma);
    for f in [10.0, 1e3, 0.999 * f2, 1.001 * f2, 1e6, 1e8, 1e10] {
        for outer in [c, 1e-2, f64::INFINITY] {
            let p = [f, b, outer, sigma, 1.0];
            for k in 0..5 {
                if k == 2 && outer.is_infinite() {
                    continue;
                }
                let mut pd = p.map(d);
                pd[k] = pd[k].derivative();
                let g = conductor::tube_internal_impedance(pd[0], pd[1], pd[2], pd[3], pd[4]);
                let g = C::new(g.re.eps, g.im.eps);
                let h = p[k] * 1e-6;
                let (mut up, mut dn) = (p, p);
                up[k] += h;
                dn[k] -= h;
                let cd = (tube(&up) - tube(&dn)) / (2.0 * h);
                // Against |g| and the scale |Z| / p_k (dZ/d(outer) is tiny where little current
                // reaches the outer surface, and the difference quotient's rounding is not).
                let scale = g.norm() + tube(&p).norm() / p[k];
                assert!(
                    (g - cd).norm() < 1e-6 * scale,
                    "tube d/dp{k} at f={f:e}, outer={outer:e}: {g} vs {cd}"
                );
                n += 1;
            }
        }
    }
    // Surface impedance at DC: 0, and no NaN in the derivatives.
    for k in 0..3 {
        let mut p = [d(0.0), d(sigma), d(1.0)];
        p[k] = p[k].derivative();
        let zs = conductor::surface_impedance(p[0], p[1], p[2]);
        assert_eq!((zs.re.re, zs.re.eps, zs.im.eps), (0.0, 0.0, 0.0));
    }
    // Surface impedance: d/df sqrt(f) = 1/(2 sqrt(f)).
    let zs = conductor::surface_impedance(d(1e9).derivative(), d(sigma), d(1.0));
    assert!((zs.re.eps * 2e9 / zs.re.re - 1.0).abs() < 1e-15);
    assert!(n > 150);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Passivity: the resistance is positive and at least the DC resistance (the uniform
    /// current density has the least loss for a given current), the reactance is inductive.
    #[test]
    fn impedances_are_passive_and_inductive(
        lf in 0.0f64..12.0, la in -5.0f64..-1.5, lt in -3.0f64..1.0, ls in 5.0f64..8.0, mu_r in 1.0f64..500.0,
    ) {
        let (f, a, sigma) = (10f64.powf(lf) - 1.0, 10f64.powf(la), 10f64.powf(ls));
        let z = conductor::rod_internal_impedance(f, a, sigma, mu_r);
        let r_dc = 1.0 / (sigma * PI * a * a);
        prop_assert!(z.re >= r_dc * (1.0 - 1e-13) && z.im >= 0.0, "rod {}", z);
        let c = a * (1.0 + 10f64.powf(lt));
        let z = conductor::tube_internal_impedance(f, a, c, sigma, mu_r);
        let r_dc = 1.0 / (sigma * PI * (c * c - a * a));
        prop_assert!(z.re >= r_dc * (1.0 - 1e-12) && z.im >= 0.0, "tube {} (c = {})", z, c);
        let zs = conductor::surface_impedance(f, sigma, mu_r);
        prop_assert!(zs.re >= 0.0 && zs.re == zs.im);
    }
}

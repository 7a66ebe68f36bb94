//! Numerical edge cases: extreme element values, singular conversions, large port counts and
//! absurd frequency grids.

use pmrf::prelude::*;

type C = Complex<f64>;

const OPEN: (C, C) = (C::new(1.0, 0.0), C::new(0.0, 0.0));
const SHORT: (C, C) = (C::new(-1.0, 0.0), C::new(0.0, 0.0));
const THRU: (C, C) = (C::new(0.0, 0.0), C::new(1.0, 0.0));

/// `(S11, S21)` of a symmetric 2-port at `f` (Hz), checking symmetry and reciprocity.
fn s11_s21(m: &impl Component<2, Scalar = f64>, f: f64) -> (C, C) {
    let s = m.s_at(f);
    assert_eq!((s[1][1], s[0][1]), (s[0][0], s[1][0]));
    (s[0][0], s[1][0])
}

fn assert_limit(got: (C, C), want: (C, C), tol: f64, what: &str) {
    let dev = (got.0 - want.0).norm().max((got.1 - want.1).norm());
    assert!(
        dev <= tol,
        "{what}: (S11, S21) = {got:?}, expected {want:?}"
    );
}

/// Every element at 0, tiny, huge and infinite values, at DC and at 1 GHz, against its
/// physical limit; tiny and huge values deviate from it by about the value's ratio to Z0.
#[test]
fn elements_reach_their_limits_at_extreme_values() {
    let inf = f64::INFINITY;
    for f in [0.0, 1e9] {
        let dc = f == 0.0;
        // (name, element at value x, limit at x -> 0, limit at x -> inf) at frequency f.
        type Element = fn(f64) -> Box<dyn Fn(f64) -> (C, C)>;
        let cases: [(&str, Element, (C, C), (C, C)); 6] = [
            (
                "SeriesR",
                |x| Box::new(move |f| s11_s21(&SeriesR::new(x), f)),
                THRU,
                OPEN,
            ),
            (
                "SeriesL",
                |x| Box::new(move |f| s11_s21(&SeriesL::new(x), f)),
                THRU,
                OPEN,
            ),
            (
                "SeriesC",
                |x| Box::new(move |f| s11_s21(&SeriesC::new(x), f)),
                OPEN,
                THRU,
            ),
            (
                "ShuntR",
                |x| Box::new(move |f| s11_s21(&ShuntR::new(x), f)),
                SHORT,
                THRU,
            ),
            (
                "ShuntL",
                |x| Box::new(move |f| s11_s21(&ShuntL::new(x), f)),
                SHORT,
                THRU,
            ),
            (
                "ShuntC",
                |x| Box::new(move |f| s11_s21(&ShuntC::new(x), f)),
                THRU,
                SHORT,
            ),
        ];
        for (name, element, at0, at_inf) in cases {
            // At DC an inductor is a short and a capacitor an open, whatever the value.
            let at_inf = if dc && !name.ends_with('R') {
                at0
            } else {
                at_inf
            };
            for (x, want, tol) in [
                (0.0, at0, 0.0),
                (1e-300, at0, 1e-280),
                (1e160, at_inf, 1e-140),
                (1e300, at_inf, 1e-280),
                (inf, at_inf, 0.0),
            ] {
                let got = element(x)(f);
                assert_limit(got, want, tol, &format!("{name}({x:e}) at {f} Hz"));
            }
        }
    }
}

/// The cases of the issue, exactly.
#[test]
fn huge_resistors_are_a_thru_and_an_open() {
    let f = Frequency::from_hz([0.0, 1e9]).unwrap();
    let s = ShuntR::new(1e160).s(&f);
    assert_eq!(
        (s[[1, 1, 0]], s[[1, 0, 0]].norm() < 1e-150),
        (C::new(1.0, 0.0), true)
    );
    let s = SeriesR::new(1e160).s(&f);
    assert_eq!(
        (s[[1, 0, 0]], s[[1, 1, 0]].norm() < 1e-150),
        (C::new(1.0, 0.0), true)
    );
    for k in 0..2 {
        assert!(
            SeriesL::new(f64::INFINITY)
                .s(&f)
                .iter()
                .all(|z| z.re.is_finite())
        );
        assert!(ShuntC::new(f64::INFINITY).s(&f)[[k, 1, 1]].re.is_finite());
    }
}

/// Derivatives stay exact at extreme but finite values: dS21/dR of a series resistor is
/// `-2 Z0 / (R + 2 Z0)^2`, of a shunt resistor `2 Z0 / (2 R + Z0)^2`.
#[test]
fn derivatives_at_extreme_values() {
    let z0 = 50.0;
    for r in [1e-300, 1e-6, 1.0, 1e6, 1e100, 1e150] {
        let rd = Dual64::from(r).derivative();
        let s = SeriesR::new(rd).s_at(Dual64::from(1e9));
        let want = -2.0 * z0 / ((r + 2.0 * z0) * (r + 2.0 * z0));
        assert!(
            (s[1][0].re.eps - want).abs() <= 1e-15 * want.abs(),
            "series {r:e}"
        );
        assert!(
            (s[0][0].re.eps + want).abs() <= 1e-15 * want.abs(),
            "series {r:e}"
        );
        let s = ShuntR::new(rd).s_at(Dual64::from(1e9));
        let want = 2.0 * z0 / ((2.0 * r + z0) * (2.0 * r + z0));
        assert!(
            (s[1][0].re.eps - want).abs() <= 1e-15 * want.abs(),
            "shunt {r:e}"
        );
        assert!(
            (s[0][0].re.eps - want).abs() <= 1e-15 * want.abs(),
            "shunt {r:e}"
        );
    }
    // d/dC of a series capacitor at a huge value, against a central difference.
    let (c, f) = (1e-3, 1e9);
    let s = SeriesC::new(Dual64::from(c).derivative()).s_at(Dual64::from(f));
    let h = 1e-6 * c;
    let cd = (SeriesC::new(c + h).s_at(f)[0][0] - SeriesC::new(c - h).s_at(f)[0][0]) / (2.0 * h);
    let dual = C::new(s[0][0].re.eps, s[0][0].im.eps);
    assert!((dual - cd).norm() <= 1e-6 * cd.norm(), "{dual} vs {cd}");
}

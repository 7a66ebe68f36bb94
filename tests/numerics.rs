//! Numerical edge cases: extreme element values, singular conversions, large port counts and
//! absurd frequency grids.

use pmrf::components::{SeriesC, SeriesL, SeriesR, ShuntC, ShuntL, ShuntR};
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

/// An element: its name, `(S11, S21)` at a value and frequency, and its two limits.
type Case = (&'static str, fn(f64, f64) -> (C, C), (C, C), (C, C));

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
        // (name, (S11, S21) at value x and frequency f, limit at x -> 0, limit at x -> inf).
        let cases: [Case; 6] = [
            ("SeriesR", |x, f| s11_s21(&SeriesR::new(x), f), THRU, OPEN),
            ("SeriesL", |x, f| s11_s21(&SeriesL::new(x), f), THRU, OPEN),
            ("SeriesC", |x, f| s11_s21(&SeriesC::new(x), f), OPEN, THRU),
            ("ShuntR", |x, f| s11_s21(&ShuntR::new(x), f), SHORT, THRU),
            ("ShuntL", |x, f| s11_s21(&ShuntL::new(x), f), SHORT, THRU),
            ("ShuntC", |x, f| s11_s21(&ShuntC::new(x), f), THRU, SHORT),
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
                let got = element(x, f);
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

fn all_nan(a: &pmrf::ndarray::Array3<C>) -> bool {
    a.iter().all(|z| z.re.is_nan() && z.im.is_nan())
}

fn all_finite(a: &pmrf::ndarray::Array3<C>) -> bool {
    a.iter().all(|z| z.re.is_finite() && z.im.is_finite())
}

/// Values from tiny to huge, and the frequencies they are swept over.
fn sweep_values() -> (Vec<f64>, Frequency) {
    let values = (-15..=15).map(|e| 1.7 * 10f64.powi(e)).collect();
    (
        values,
        Frequency::logspace(1e3, 1e11, 41, FrequencyUnit::Hz).unwrap(),
    )
}

/// A series element has no Z matrix and a shunt element no Y matrix: NaN, never the rounding
/// noise of a singular `I - S` (which used to give `-6e17` ohm for a 50 ohm series resistor).
#[test]
fn series_z_and_shunt_y_do_not_exist() {
    let f = Frequency::from_hz([1e9]).unwrap();
    assert!(all_nan(&SeriesR::new(50.0).z(&f)));
    assert!(all_nan(&ShuntC::new(1e-12).y(&f)));
    let (values, freq) = sweep_values();
    for x in values {
        for (name, z, y) in [
            (
                "SeriesR",
                SeriesR::new(x).z(&freq),
                SeriesR::new(x).y(&freq),
            ),
            (
                "SeriesL",
                SeriesL::new(x * 1e-9).z(&freq),
                SeriesL::new(x * 1e-9).y(&freq),
            ),
            (
                "SeriesC",
                SeriesC::new(x * 1e-12).z(&freq),
                SeriesC::new(x * 1e-12).y(&freq),
            ),
        ] {
            assert!(all_nan(&z), "{name}({x:e}): Z = {z}");
            // The Y matrix exists where S resolves the element (not a thru to the last bit).
            if name == "SeriesR" && (1e-9..1e9).contains(&x) {
                assert!(all_finite(&y), "{name}({x:e}): Y = {y}");
            }
        }
        for (name, z, y) in [
            ("ShuntR", ShuntR::new(x).z(&freq), ShuntR::new(x).y(&freq)),
            (
                "ShuntL",
                ShuntL::new(x * 1e-9).z(&freq),
                ShuntL::new(x * 1e-9).y(&freq),
            ),
            (
                "ShuntC",
                ShuntC::new(x * 1e-12).z(&freq),
                ShuntC::new(x * 1e-12).y(&freq),
            ),
        ] {
            assert!(all_nan(&y), "{name}({x:e}): Y = {y}");
            if name == "ShuntR" && (1e-9..1e9).contains(&x) {
                assert!(all_finite(&z), "{name}({x:e}): Z = {z}");
            }
        }
    }
    // Where they exist, they are right: Y of a series R, Z of a shunt R.
    let y = SeriesR::new(25.0).y(&f);
    assert!((y[[0, 0, 0]] - 0.04).norm() < 1e-15 && (y[[0, 1, 0]] + 0.04).norm() < 1e-15);
    let z = ShuntR::new(25.0).z(&f);
    assert!(z.iter().all(|v| (v - 25.0).norm() < 1e-13));
}

/// The singular cases at DC, where inductors are shorts and capacitors opens: a series L or a
/// shunt C is a thru (neither Z nor Y), a series C two open ports (Y = 0, no Z), a shunt L two
/// shorted ports (Z = 0, no Y). The same holds for a thru of zero or infinite elements.
#[test]
fn singular_cases_at_dc_and_of_thrus() {
    let dc = Frequency::from_hz([0.0]).unwrap();
    for thru in [
        SeriesL::new(3e-9).s(&dc),
        ShuntC::new(2e-12).s(&dc),
        SeriesR::new(0.0).s(&dc),
        ShuntR::new(f64::INFINITY).s(&dc),
    ] {
        assert_eq!(thru[[0, 1, 0]], C::new(1.0, 0.0));
    }
    for z in [
        SeriesL::new(3e-9).z(&dc),
        ShuntC::new(2e-12).z(&dc),
        SeriesR::new(0.0).z(&dc),
    ] {
        assert!(all_nan(&z));
    }
    for y in [
        SeriesL::new(3e-9).y(&dc),
        ShuntC::new(2e-12).y(&dc),
        ShuntR::new(f64::INFINITY).y(&dc),
    ] {
        assert!(all_nan(&y));
    }
    assert!(all_nan(&SeriesC::new(1e-12).z(&dc)));
    assert!(SeriesC::new(1e-12).y(&dc).iter().all(|v| v.norm() == 0.0));
    assert!(all_nan(&ShuntL::new(1e-9).y(&dc)));
    assert!(ShuntL::new(1e-9).z(&dc).iter().all(|v| v.norm() == 0.0));
    // ABCD exists for all of them; of a series (shunt) element, C (B) is exactly 0.
    assert!(all_finite(&SeriesL::new(3e-9).abcd(&dc)));
    let f = Frequency::from_hz([1e9]).unwrap();
    assert_eq!(SeriesR::new(50.0).abcd(&f)[[0, 1, 0]], C::new(0.0, 0.0));
    assert_eq!(ShuntC::new(1e-12).abcd(&f)[[0, 0, 1]], C::new(0.0, 0.0));
}

/// One-port loads: an ideal open has no Z, an ideal short no Y; badly scaled but regular
/// matrices still invert.
#[test]
fn one_ports_and_badly_scaled_matrices() {
    use pmrf::network::{convert, matrix};
    let one = C::new(1.0, 0.0);
    let o = C::new(0.0, 0.0);
    assert!(convert::s2z(&[[one]], 50.0)[0][0].re.is_nan());
    assert!(convert::s2y(&[[-one]], 50.0)[0][0].re.is_nan());
    assert_eq!(convert::s2y(&[[one]], 50.0)[0][0], o);
    assert_eq!(convert::s2z(&[[-one]], 50.0)[0][0], o);
    // An almost-open load is not an open: S = 1 - 1e-12 is 1e14 ohm.
    let z = convert::s2z(&[[C::new(1.0 - 1e-12, 0.0)]], 50.0)[0][0];
    assert!((z.re / 1e14 - 1.0).abs() < 1e-3, "{z}");
    let big = [
        [one * 1e-200, o, o],
        [o, one * 1e200, o],
        [o, o, C::new(0.0, 3.0)],
    ];
    let inv = matrix::inverse(&big).expect("regular");
    assert_eq!((inv[0][0].re, inv[1][1].re), (1e200, 1e-200));
    let y = convert::z2y(&[[one * 1e-200, o], [o, one * 1e200]]);
    assert_eq!((y[0][0].re, y[1][1].re, y[0][1].re), (1e200, 1e-200, 0.0));
    // Rows of wildly different size that are dependent: singular.
    let r = [
        C::new(1.0 / 3.0, 0.1),
        C::new(2.0 / 3.0, 0.2),
        C::new(0.1, 0.0),
    ];
    let dep = [r, r.map(|x| x * 1e150), [one, o, one]];
    assert!(matrix::inverse(&dep).is_none());
}

/// Absurd grid sizes are errors, not capacity panics or aborts; overflowing ends report the
/// offending point.
#[test]
fn absurd_frequency_grids_are_errors() {
    use pmrf::frequency::MAX_POINTS;
    for n in [usize::MAX, MAX_POINTS + 1] {
        assert!(matches!(
            Frequency::linspace(1.0, 2.0, n, FrequencyUnit::GHz),
            Err(Error::InvalidFrequency(_))
        ));
        assert!(matches!(
            Frequency::logspace(1.0, 2.0, n, FrequencyUnit::GHz),
            Err(Error::InvalidFrequency(_))
        ));
    }
    assert!(matches!(
        Frequency::linspace(-1.7e308, 1.7e308, 11, FrequencyUnit::Hz),
        Err(Error::NegativeFrequency { index: 0, .. })
    ));
}

/// A Z-domain component with `N` ports: a diagonally dominant resistive network scaled by `r`.
#[derive(Model, Clone, Debug)]
struct Resistive<T: Scalar = f64, const N: usize = 2> {
    #[param]
    r: T,
}

impl<T: Scalar, const N: usize> Component<N> for Resistive<T, N> {
    type Domain = pmrf::network::domain::Z;
    fn primary(&self, _f: T) -> pmrf::network::Mat<T, N> {
        std::array::from_fn(|i| {
            std::array::from_fn(|j| {
                let k = if i == j {
                    4.0
                } else {
                    1.0 / (1.0 + (i + j) as f64)
                };
                Complex::new(self.r * k, T::zero())
            })
        })
    }
}

/// The deepest path at the port limit (S, Z and Y of a Z-domain component on duals, which
/// invert) runs on a thread with a 2 MiB stack (a rayon worker's), and the derivative is exact:
/// S(r) = (r K - z0)(r K + z0)^-1 gives dS/dr = 2 z0 K (r K + z0)^-2.
#[test]
fn max_ports_on_a_2_mib_stack() {
    use pmrf::network::{MAX_PORTS, convert, matrix};
    const N: usize = MAX_PORTS;
    let worker = std::thread::Builder::new().stack_size(2 << 20);
    let (s, y) = worker
        .spawn(|| {
            let m = Resistive::<Dual64, N> {
                r: Dual64::from(30.0).derivative(),
            };
            (m.s_at(Dual64::from(1e9)), m.y_at(Dual64::from(1e9)))
        })
        .unwrap()
        .join()
        .unwrap();
    let m = Resistive::<f64, N> { r: 30.0 };
    let z = m.z_at(1e9);
    let k = matrix::scale(&z, Complex::new(1.0 / 30.0, 0.0));
    let zy = matrix::mul(
        &z,
        &y.map(|row| row.map(|v| Complex::new(v.re.re, v.im.re))),
    );
    let inv = matrix::inverse(&matrix::add(
        &z,
        &matrix::scale(&matrix::identity(), Complex::new(50.0, 0.0)),
    ))
    .unwrap();
    let ds = matrix::scale(
        &matrix::mul(&matrix::mul(&k, &inv), &inv),
        Complex::new(100.0, 0.0),
    );
    let s0 = convert::z2s(&z, 50.0);
    for r in 0..N {
        for c in 0..N {
            let eye = if r == c { 1.0 } else { 0.0 };
            assert!((zy[r][c] - eye).norm() < 1e-12, "Z Y != I at {r}, {c}");
            assert!((Complex::new(s[r][c].re.re, s[r][c].im.re) - s0[r][c]).norm() < 1e-14);
            let d = Complex::new(s[r][c].re.eps, s[r][c].im.eps);
            assert!(
                (d - ds[r][c]).norm() < 1e-14,
                "dS/dr at {r}, {c}: {d} vs {}",
                ds[r][c]
            );
        }
    }
}

//! Network identities: domains agree, reciprocity, passivity, losslessness, associativity, DC.

use std::f64::consts::TAU;

use pmrf::components::{SeriesC, SeriesL, SeriesR, ShuntC, ShuntL, ShuntR};
use pmrf::network::domain;
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;

fn freq() -> Frequency {
    Frequency::linspace(0.0, 20.0, 81, FrequencyUnit::GHz).unwrap()
}

fn close(a: Complex64, b: Complex64, tol: f64) -> bool {
    (a - b).norm() <= tol * (1.0 + b.norm())
}

#[test]
fn domains_agree_with_closed_forms() {
    let f = 1.7e9;
    let w = TAU * f;
    // Series L: ABCD = [[1, jwL], [0, 1]].
    let a = SeriesL::new(4e-9).abcd_at(f);
    assert!(close(a[0][1], Complex64::new(0.0, w * 4e-9), 1e-13));
    assert!(close(a[0][0], Complex64::new(1.0, 0.0), 1e-13) && a[1][0].norm() < 1e-12);
    // Shunt R: Z = [[R, R], [R, R]]; Y of series C: jwC [[1, -1], [-1, 1]].
    let z = ShuntR::new(80.0).z_at(f);
    assert!(
        z.iter()
            .flatten()
            .all(|v| close(*v, Complex64::new(80.0, 0.0), 1e-12))
    );
    let y = SeriesC::new(3e-12).y_at(f);
    let jwc = Complex64::new(0.0, w * 3e-12);
    assert!(close(y[0][0], jwc, 1e-12) && close(y[0][1], -jwc, 1e-12));
}

/// A user 2-port written in each of the four domains gives the same S.
macro_rules! series_r_in {
    ($name:ident, $domain:ty, |$r:ident| $body:expr) => {
        #[derive(Model, Clone, Debug)]
        struct $name<T: Scalar = f64> {
            #[param]
            r: T,
        }
        impl<T: Scalar> Component<2> for $name<T> {
            type Domain = $domain;
            fn primary(&self, _f: T) -> Mat<T, 2> {
                let $r = Complex::new(self.r, T::zero());
                $body
            }
        }
    };
}

series_r_in!(RAbcd, domain::Abcd, |r| {
    let (one, zero) = (
        Complex::new(T::one(), T::zero()),
        Complex::new(T::zero(), T::zero()),
    );
    [[one, r], [zero, one]]
});
series_r_in!(RY, domain::Y, |r| {
    let y = Complex::new(T::one(), T::zero()) / r;
    [[y, -y], [-y, y]]
});
series_r_in!(RS, domain::S, |r| {
    let den = r + T::from(100.0);
    let (s11, s21) = (r / den, Complex::new(T::from(100.0), T::zero()) / den);
    [[s11, s21], [s21, s11]]
});

#[test]
fn every_primary_domain_converts_to_the_same_s() {
    let f = freq();
    let reference = SeriesR::new(30.0).s(&f);
    for s in [
        RAbcd { r: 30.0 }.s(&f),
        RY { r: 30.0 }.s(&f),
        RS { r: 30.0 }.s(&f),
    ] {
        for (a, b) in s.iter().zip(reference.iter()) {
            assert!(close(*a, *b, 1e-13), "{a} vs {b}");
        }
    }
    // ...and back to the primary domain.
    let a = RAbcd { r: 30.0 }.abcd_at(1e9);
    let via_s = RS { r: 30.0 }.abcd_at(1e9);
    for (x, y) in a.iter().flatten().zip(via_s.iter().flatten()) {
        assert!(close(*x, *y, 1e-12), "{x} vs {y}");
    }
}

#[test]
fn lossless_networks_conserve_power_and_lossy_ones_do_not_create_it() {
    let f = freq();
    let lossless = Cascade::new((
        SeriesL::new(3e-9),
        ShuntC::new(2e-12),
        SeriesC::new(1e-12),
        ShuntL::new(5e-9),
    ));
    let lossy = Cascade::new((
        SeriesR::new(10.0),
        ShuntC::new(2e-12),
        ShuntR::new(300.0),
        SeriesL::new(2e-9),
    ));
    for k in 0..f.len() {
        let s = lossless.s_at(f.hz()[k]);
        for j in 0..2 {
            let power: f64 = s.iter().map(|row| row[j].norm_sqr()).sum();
            assert!(
                (power - 1.0).abs() < 1e-12,
                "lossless column {j} at {k}: {power}"
            );
        }
        let s = lossy.s_at(f.hz()[k]);
        for j in 0..2 {
            let power: f64 = s.iter().map(|row| row[j].norm_sqr()).sum();
            assert!(power <= 1.0 + 1e-12, "lossy column {j} at {k}: {power}");
        }
        // Reciprocity.
        assert!(close(s[0][1], s[1][0], 1e-14));
    }
}

#[test]
fn cascades_are_associative() {
    let (a, b, c) = (SeriesL::new(3e-9), ShuntC::new(2e-12), SeriesR::new(12.0));
    let flat = Cascade::new((a, b, c)).s(&freq());
    let left = Cascade::new((Cascade::new((a, b)), c)).s(&freq());
    let right = Cascade::new((a, Cascade::new((b, c)))).s(&freq());
    for ((x, y), z) in flat.iter().zip(left.iter()).zip(right.iter()) {
        assert!(close(*x, *y, 1e-13) && close(*x, *z, 1e-13));
    }
    // Nested cascades have nested names.
    let nested = Cascade::new((Cascade::new((a, b)), c));
    assert_eq!(
        nested.param_names(),
        [
            "stages[0].stages[0].l",
            "stages[0].stages[1].c",
            "stages[1].r"
        ]
    );
}

#[test]
fn elements_are_exact_at_dc() {
    let dc = 0.0;
    // A series C is open, a shunt L is a short, at DC: no NaN.
    let s = SeriesC::new(1e-12).s_at(dc);
    assert_eq!(
        (s[0][0], s[1][0]),
        (Complex64::new(1.0, 0.0), Complex64::new(0.0, 0.0))
    );
    let s = ShuntL::new(1e-9).s_at(dc);
    assert_eq!(
        (s[0][0], s[1][0]),
        (Complex64::new(-1.0, 0.0), Complex64::new(0.0, 0.0))
    );
    let s = Cascade::new((SeriesL::new(1e-9), SeriesC::new(1e-12), ShuntL::new(1e-9))).s_at(dc);
    assert!(s.iter().flatten().all(|v| v.is_finite()));
    assert!((s[0][0] - Complex64::new(1.0, 0.0)).norm() < 1e-15);
}

#[test]
fn s_into_checks_the_output_shape() {
    let f = freq();
    let mut out = pmrf::ndarray::Array3::zeros((f.len(), 2, 2));
    SeriesL::new(1e-9).s_into(&f, out.view_mut()).unwrap();
    assert_eq!(out, SeriesL::new(1e-9).s(&f));
    let mut wrong = pmrf::ndarray::Array3::zeros((f.len() - 1, 2, 2));
    assert!(matches!(
        SeriesL::new(1e-9).s_into(&f, wrong.view_mut()),
        Err(Error::Shape(_))
    ));
}

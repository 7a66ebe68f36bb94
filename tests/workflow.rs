//! The user story of the model DSL, end to end, on the issue's own example: a series capacitor
//! declared with the derive, implemented in ABCD, checked against closed forms.

use std::f64::consts::TAU;

use pmrf::ndarray::Array2;
use pmrf::network::domain;
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;

/// A capacitor in series between port 1 and port 2.
#[derive(Model, Clone, Debug)]
pub struct SeriesCapacitor<T: Scalar = f64> {
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, 1e-6))]
    pub c: T,
}

impl<T: Scalar> Component<2> for SeriesCapacitor<T> {
    type Domain = domain::Abcd;
    fn primary(&self, f: T) -> Mat<T, 2> {
        let (one, zero) = (
            Complex::new(T::one(), T::zero()),
            Complex::new(T::zero(), T::zero()),
        );
        let z = Complex::new(T::zero(), -(self.c * f * TAU).recip()); // 1/(jwC)
        [[one, z], [zero, one]]
    }
}

/// S21 of a series capacitor: 2 jwC Z0 / (1 + 2 jwC Z0).
fn s21(c: f64, f: f64) -> Complex64 {
    let x = Complex64::new(0.0, 2.0 * TAU * f * c * 50.0);
    x / (1.0 + x)
}

#[test]
fn evaluate_inspect_update_differentiate_and_batch() -> Result<(), Error> {
    let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz)?;
    let cap = SeriesCapacitor { c: 1e-12 };

    // S over a frequency grid, against the closed form.
    let s = cap.s(&freq);
    assert_eq!(s.shape(), [100, 2, 2]);
    for (k, &f) in freq.hz().iter().enumerate() {
        assert!((s[[k, 1, 0]] - s21(1e-12, f)).norm() < 1e-14);
        assert!((s[[k, 0, 0]] - (1.0 - s21(1e-12, f))).norm() < 1e-14);
    }

    // Names, values, metadata, functional updates.
    assert_eq!(cap.param_names(), ["c"]);
    assert_eq!(cap.param_values(), [1e-12]);
    let meta = cap.params()?.get("c").map(|p| p.meta().clone()).unwrap();
    assert_eq!(
        (meta.unit(), meta.scale(), meta.bounds()),
        ("F", 1e-12, (0.0, 1e-6))
    );
    assert_eq!(cap.with_params(&[2e-12])?.c, 2e-12);
    assert!(matches!(
        cap.with_params(&[2e-6]),
        Err(Error::OutOfBounds { .. })
    ));

    // Exact gradient of |S21|^2 with respect to C, against its closed form:
    // |S21|^2 = x^2/(1 + x^2), x = 2 w C Z0, so d/dC = 2x/(1 + x^2)^2 * 2 w Z0.
    let f = 2e9;
    let g = gradient(&cap, &Filter::Free, |m| {
        m.s_at(Grad::from(f))[1][0].norm_sqr()
    })?;
    let x = 2.0 * TAU * f * 1e-12 * 50.0;
    let exact = 2.0 * x / (1.0 + x * x).powi(2) * 2.0 * TAU * f * 50.0;
    assert!((g[0] / exact - 1.0).abs() < 1e-13);

    // 10 000 variants evaluated in parallel, each equal to its closed form.
    let n = 10_000;
    let values = Array2::from_shape_fn((n, 1), |(i, _)| 1e-12 + 4e-12 * i as f64 / n as f64);
    let batch = Batch::from_values(&cap, values)?;
    let s = batch.s(&freq)?;
    assert_eq!(s.shape(), [n, 100, 2, 2]);
    for i in (0..n).step_by(997) {
        let c = batch.values()[[i, 0]];
        for (k, &f) in freq.hz().iter().enumerate().step_by(13) {
            assert!((s[[i, k, 1, 0]] - s21(c, f)).norm() < 1e-14);
        }
    }
    Ok(())
}

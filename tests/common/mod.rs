//! Parts and checks shared by the composite and circuit tests.

#![allow(dead_code)] // each test crate uses a subset

use pmrf::network::domain;
use pmrf::prelude::*;

/// A series R-C to ground: a 1-port load, Z = R + 1/(jwC).
#[derive(Model, Clone, Debug)]
pub struct RcLoad<T: Scalar = f64> {
    #[param(unit = "ohm", bounds = (0.0, f64::INFINITY))]
    pub r: T,
    #[param(unit = "F", scale = 1e-12, bounds = (0.0, f64::INFINITY))]
    pub c: T,
}

impl<T: Scalar> Component<1> for RcLoad<T> {
    type Domain = domain::Z;
    fn primary(&self, f: T) -> Mat<T, 1> {
        let w = f * std::f64::consts::TAU;
        [[Complex::new(self.r, -(w * self.c).recip())]]
    }
}

/// An ideal 3-way junction at 50 ohm: S = 2/3 everywhere off the diagonal, -1/3 on it.
#[derive(Model, Clone, Debug, Default)]
pub struct Tee<T: Scalar = f64> {
    _t: std::marker::PhantomData<T>,
}

impl<T: Scalar> Component<3> for Tee<T> {
    type Domain = domain::S;
    fn primary(&self, _f: T) -> Mat<T, 3> {
        std::array::from_fn(|i| {
            std::array::from_fn(|j| Complex::from_real(if i == j { -1.0 / 3.0 } else { 2.0 / 3.0 }))
        })
    }
}

/// Largest element deviation of two matrices.
pub fn max_dev<const N: usize>(a: &Mat<f64, N>, b: &Mat<f64, N>) -> f64 {
    (a.iter().flatten().zip(b.iter().flatten()))
        .map(|(x, y)| (x - y).norm())
        .fold(0.0, f64::max)
}

/// Checks `grad` (by duals) against central differences of `value` in every parameter of
/// `model`, with relative steps of 1e-6 and a relative tolerance `tol`.
pub fn assert_central_differences<M: Model<Scalar = f64>>(
    model: &M,
    grad: &[f64],
    tol: f64,
    value: impl Fn(&M) -> f64,
) {
    let x = model.param_values();
    assert_eq!(grad.len(), x.len());
    for (k, g) in grad.iter().enumerate() {
        let h = x[k] * 1e-6;
        let at = |d: f64| {
            let mut v = x.clone();
            v[k] += d;
            value(&model.with_params(&v).unwrap())
        };
        let fd = (at(h) - at(-h)) / (2.0 * h);
        assert!((g / fd - 1.0).abs() < tol, "{k}: {g} vs {fd}");
    }
}

/// scikit-rf reference S-parameters from a fixture of `scripts/gen_*_fixtures.py`.
pub struct Reference(serde_json::Value);

impl Reference {
    /// Reads `tests/fixtures/<file>`.
    pub fn load(file: &str) -> Self {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(file);
        Reference(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
    }

    /// S of `case` at point `k`.
    pub fn s<const N: usize>(&self, case: &str, k: usize) -> Mat<f64, N> {
        let c = &self.0["cases"][case];
        assert_eq!(c["nports"].as_u64(), Some(N as u64), "{case}");
        let part = |name: &str, i: usize, j: usize| c[name][k][i][j].as_f64().unwrap();
        std::array::from_fn(|i| {
            std::array::from_fn(|j| Complex::new(part("s_re", i, j), part("s_im", i, j)))
        })
    }

    /// The number of cases in the fixture.
    pub fn case_count(&self) -> usize {
        self.0["cases"].as_object().unwrap().len()
    }

    /// The parameter values of `case`, after checking it is of type `model` (`"inf"` for an
    /// infinite value).
    pub fn params(&self, case: &str, model: &str) -> Vec<f64> {
        let c = &self.0["cases"][case];
        assert_eq!(c["model"].as_str(), Some(model), "{case}");
        (c["params"].as_array().unwrap().iter())
            .map(|v| match v.as_str() {
                Some("inf") => f64::INFINITY,
                _ => v.as_f64().unwrap_or_else(|| panic!("{case}: {v}")),
            })
            .collect()
    }

    /// [`deviation`](Self::deviation), printed with the case and model names.
    pub fn report<const N: usize>(
        &self,
        case: &str,
        model: &str,
        m: &impl Component<N, Scalar = f64>,
    ) -> f64 {
        let dev = self.deviation(case, m);
        eprintln!("{case:>22} ({model}): max |S - reference| = {dev:.1e}");
        dev
    }

    /// Largest deviation of `model` from `case` over the fixture's grid.
    pub fn deviation<const N: usize>(
        &self,
        case: &str,
        model: &impl Component<N, Scalar = f64>,
    ) -> f64 {
        let f = self.0["frequency_hz"].as_array().unwrap();
        (f.iter().enumerate())
            .map(|(k, f)| max_dev(&model.s_at(f.as_f64().unwrap()), &self.s::<N>(case, k)))
            .fold(0.0, f64::max)
    }
}

/// A non-reciprocal 2-port in the ABCD domain, `[[1, z f / GHz], [y, k]]`
/// (`AD - BC = k - z y f / GHz`), whose ABCD hint is the general matrix.
#[derive(Model, Clone, Debug)]
pub struct Skewed<T: Scalar = f64> {
    #[param]
    pub z: T,
    #[param]
    pub y: T,
    #[param]
    pub k: T,
}

impl<T: Scalar> Component<2> for Skewed<T> {
    type Domain = domain::Abcd;
    fn primary(&self, f: T) -> Mat<T, 2> {
        let c = |x: T| Complex::new(x, T::zero());
        [[c(T::one()), c(self.z * f * 1e-9)], [c(self.y), c(self.k)]]
    }
}

/// SplitMix64: reproducible test data of any size without a generator crate.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [-1, 1).
    pub fn symmetric(&mut self) -> f64 {
        self.uniform() * 2.0 - 1.0
    }

    /// Standard normal, by Box-Muller.
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * self.uniform()).cos()
    }
}

/// The gradient (duals, all parameters) of a real function of S at `f` against
/// Richardson-extrapolated central differences (error O(h^4), steps 1e-5 relative), to the
/// relative tolerance `tol`; returns the gradient. `check_derivatives!(4, model, f, tol)` for
/// a 4-port, a 2-port without the count.
macro_rules! check_derivatives {
    ($model:expr, $f:expr, $tol:expr) => {
        check_derivatives!(2, $model, $f, $tol)
    };
    ($n:literal, $model:expr, $f:expr, $tol:expr) => {{
        let model = $model;
        let f = $f;
        let g = pmrf::diff::gradient(&model, &pmrf::params::Filter::All, |m| {
            let s = pmrf::network::Component::<$n>::s_at(m, pmrf::diff::Grad::from(f));
            s[1][0].re * 0.7 + s[1][0].im * 0.3 + s[0][0].re * 0.5 - s[0][0].im * 0.2
        })
        .unwrap();
        let value = |m: &_| {
            let s: pmrf::network::Mat<f64, $n> = pmrf::network::Component::<$n>::s_at(m, f);
            s[1][0].re * 0.7 + s[1][0].im * 0.3 + s[0][0].re * 0.5 - s[0][0].im * 0.2
        };
        let x = model.param_values();
        let names = model.param_names();
        for (k, gk) in g.iter().enumerate() {
            let at = |d: f64| {
                let mut v = x.clone();
                v[k] += d;
                value(&model.with_params_unchecked(&v))
            };
            let cd = |h: f64| (at(h) - at(-h)) / (2.0 * h);
            let h = x[k].abs() * 1e-5;
            let fd = (4.0 * cd(h / 2.0) - cd(h)) / 3.0;
            let ok = (gk - fd).abs() <= $tol * gk.abs().max(fd.abs()).max(1e-9);
            assert!(ok, "{} at {f} Hz: dual {gk} vs central {fd}", names[k]);
        }
        g
    }};
}

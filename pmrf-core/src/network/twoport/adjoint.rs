//! The ABCD chain of a run on vector duals, differentiated by the adjoint (product) rule, and
//! the choice between it and the forward rule by the scalar's number of derivative parts.
//!
//! Each stage of a cascade depends on a few parameters, so its matrix has a few non-zero
//! derivative lanes, yet forward mode carries all `N` lanes through every product. The
//! S-parameters of the normalised product `P = M_1 ... M_n` depend on `P` through three
//! bilinear forms: the denominator `den = [1, 1] P [1, 1]^T`, `S11`'s numerator
//! `[1, -1] P [1, 1]^T` and `S22`'s `[1, 1] P [-1, 1]^T`. By the product rule, the derivative
//! of `x^T P y` is the sum over the stages of `(x^T M_1 ... M_{k-1}) dM_k (M_{k+1} ... M_n y)`:
//! with those prefix rows and suffix columns of the values, each non-zero lane of a series or
//! shunt stage (whose `dM_k` has one entry) costs 3 complex products, and the S-parameters'
//! lanes follow by the quotient rule. This is what a hand-written gradient does; the values
//! take the `f64` run (the same products and the same guard against ill-conditioning).

use num_complex::{Complex, Complex64};

use super::STACK_STAGES;
use super::chain::{Abcd, AbcdRun, chain_forward, normalized};
use crate::Scalar;
use crate::network::Mat;

type M64 = Mat<f64, 2>;
type V64 = [Complex64; 2];

const ZERO: Complex64 = Complex::new(0.0, 0.0);
const ONE: Complex64 = Complex::new(1.0, 0.0);

/// The derivatives of the three forms (denominator, `S11`'s and `S22`'s numerators) along one
/// lane.
type Forms = [Complex64; 3];

/// The prefix rows `[1, 1] P_k` and `[1, -1] P_k`, or the suffix columns `S_k [1, 1]^T` and
/// `S_k [-1, 1]^T`, of a stage.
type Pair = [V64; 2];

/// `true` if a cascade on `T` gathers the ABCD hints of its stages for [`chain_abcd`]: where
/// `T` has several derivative parts (vector duals such as [`DualN`](crate::DualN)), for the
/// adjoint rule. Otherwise it chains its stages one by one as their hints come.
#[inline(always)]
pub(crate) fn gathers_hints<T: Scalar>() -> bool {
    T::DERIVATIVES >= 2
}

/// The S-parameters at `z0` of 2-ports chained by their ABCD hints, or `None` where a stage
/// has no hint or the product is too ill-conditioned: the fast path of
/// [`Cascade`](crate::components::Cascade). Where [`gathers_hints`], the derivative of the
/// product follows by the adjoint rule (a few complex products per non-zero derivative lane of
/// each stage, instead of every lane through every product).
#[inline(always)]
pub(crate) fn chain_abcd<T: Scalar>(stages: &[Option<Abcd<T>>], z0: f64) -> Option<Mat<T, 2>> {
    if gathers_hints::<T>() {
        chain_lanes(stages, z0)
    } else {
        chain_forward(stages.iter().copied(), z0)
    }
}

/// [`chain_forward`], with the derivative lanes by the adjoint rule.
fn chain_lanes<T: Scalar>(stages: &[Option<Abcd<T>>], z0: f64) -> Option<Mat<T, 2>> {
    let n = stages.len();
    if !(2..=STACK_STAGES).contains(&n) {
        return chain_forward(stages.iter().copied(), z0);
    }
    let first = stages[0].as_ref()?;
    let mut duals = [first; STACK_STAGES];
    for (d, stage) in duals.iter_mut().zip(stages) {
        *d = stage.as_ref()?;
    }
    let duals = &duals[..n];
    // The suffix columns of each stage: the values of the stages after it times the two
    // column vectors.
    let mut columns: [Pair; STACK_STAGES] = [[[ONE, ONE], [-ONE, ONE]]; STACK_STAGES];
    for k in (1..n).rev() {
        let value = value_of(duals[k]).normalized(z0);
        columns[k - 1] = columns[k].map(|c| value.times(c));
    }
    // The values' run as on `f64`, whose product before each stage gives its prefix rows, and
    // the lanes of the forms, stage by stage.
    let mut run = AbcdRun::new(&value_of(first), z0);
    let mut forms = T::lanes(|_| [ZERO; 3]);
    add_lanes(
        first,
        &[[ONE, ONE], [ONE, -ONE]],
        &columns[0],
        z0,
        &mut forms,
    );
    for (stage, columns) in duals.iter().zip(&columns).skip(1) {
        let [[a, b], [c, d]] = run.m;
        add_lanes(
            stage,
            &[[a + c, b + d], [a - c, b - d]],
            columns,
            z0,
            &mut forms,
        );
        run = run.then(&value_of(stage), z0);
    }
    // The determinant where some stage is not reciprocal, on duals (rare).
    let det = (duals.iter())
        .filter(|stage| matches!(stage, Abcd::General(_)))
        .filter_map(|stage| stage.normalized(z0).det())
        .reduce(|det, step| det * step);
    let s = run.s()?;
    Some(s_lanes(&run.m, &s, det.as_ref(), &forms))
}

impl Abcd<f64> {
    /// `self v` for a column vector `v`, one complex product for a series or shunt stage.
    fn times(&self, [v0, v1]: V64) -> V64 {
        match self {
            Abcd::Series(z) => [v0 + z * v1, v1],
            Abcd::Shunt(y) => [v0, y * v0 + v1],
            Abcd::Reciprocal([[a, b], [c, d]]) | Abcd::General([[a, b], [c, d]]) => {
                [a * v0 + b * v1, c * v0 + d * v1]
            }
        }
    }
}

/// The value part of a complex dual.
#[inline(always)]
fn value<T: Scalar>(z: &Complex<T>) -> Complex64 {
    Complex::new(z.re.re(), z.im.re())
}

/// Lane `l` of a complex dual.
#[inline(always)]
fn lane<T: Scalar>(z: &Complex<T>, l: usize) -> Complex64 {
    Complex::new(z.re.eps()[l], z.im.eps()[l])
}

/// The value part of a hint, in the same form.
fn value_of<T: Scalar>(abcd: &Abcd<T>) -> Abcd<f64> {
    let matrix = |m: &Mat<T, 2>| std::array::from_fn(|r| [value(&m[r][0]), value(&m[r][1])]);
    match abcd {
        Abcd::Series(z) => Abcd::Series(value(z)),
        Abcd::Shunt(y) => Abcd::Shunt(value(y)),
        Abcd::Reciprocal(m) => Abcd::Reciprocal(matrix(m)),
        Abcd::General(m) => Abcd::General(matrix(m)),
    }
}

/// Adds `row dM column` of each non-zero lane of `stage` (normalised to `z0`) to the lanes
/// of the three forms, for the (row, column) pairs of the forms: (`rows[0]`, `columns[0]`),
/// (`rows[1]`, `columns[0]`) and (`rows[0]`, `columns[1]`).
#[inline(always)]
fn add_lanes<T: Scalar>(
    stage: &Abcd<T>,
    rows: &Pair,
    columns: &Pair,
    z0: f64,
    forms: &mut T::Lanes<Forms>,
) {
    // The coefficient of the derivative of entry (i, j) of the stage in each form.
    let coefficients = |i: usize, j: usize| {
        [
            rows[0][i] * columns[0][j],
            rows[1][i] * columns[0][j],
            rows[0][i] * columns[1][j],
        ]
    };
    // A stage whose derivative has the one entry (i, j), `scale` times the dual's lanes.
    let mut single = |z: &Complex<T>, (i, j): (usize, usize), scale: f64| {
        let k = coefficients(i, j);
        for (l, form) in forms.as_mut().iter_mut().enumerate() {
            let dw = lane(z, l);
            if dw != ZERO {
                let dw = dw * scale;
                form[0] += k[0] * dw;
                form[1] += k[1] * dw;
                form[2] += k[2] * dw;
            }
        }
    };
    match stage {
        Abcd::Series(z) => single(z, (0, 1), 1.0 / z0),
        Abcd::Shunt(y) => single(y, (1, 0), z0),
        Abcd::Reciprocal(m) | Abcd::General(m) => {
            let k: [[[Complex64; 3]; 2]; 2] =
                std::array::from_fn(|i| std::array::from_fn(|j| coefficients(i, j)));
            for (l, form) in forms.as_mut().iter_mut().enumerate() {
                let dm = std::array::from_fn(|r| [lane(&m[r][0], l), lane(&m[r][1], l)]);
                if dm.iter().flatten().all(|d| *d == ZERO) {
                    continue;
                }
                let dm = normalized(&dm, z0);
                for (k, dm) in k.iter().flatten().zip(dm.iter().flatten()) {
                    form[0] += k[0] * dm;
                    form[1] += k[1] * dm;
                    form[2] += k[2] * dm;
                }
            }
        }
    }
}

/// The dual S-parameters of the normalised product `p` (value S `s`, determinant `det` where
/// not exactly 1) from the lanes of the three forms, by the quotient rule: with
/// `den = A + B + C + D`, `S11 = (A + B - C - D) / den`, `S21 = 2 / den`, `S12 = 2 det / den`,
/// `S22 = (B + D - A - C) / den`.
fn s_lanes<T: Scalar>(
    p: &M64,
    s: &M64,
    det: Option<&Complex<T>>,
    forms: &T::Lanes<Forms>,
) -> Mat<T, 2> {
    let [[a, b], [c, d]] = *p;
    let inv = (a + b + c + d).inv();
    let forms = forms.as_ref();
    let ds = T::lanes(|l| {
        let [dden, d11, d22] = forms[l];
        let s21 = -(s[1][0] * dden) * inv;
        let s12 = match det {
            None => s21,
            Some(det) => (lane(det, l).scale(2.0) - s[0][1] * dden) * inv,
        };
        [
            [(d11 - s[0][0] * dden) * inv, s12],
            [s21, (d22 - s[1][1] * dden) * inv],
        ]
    });
    std::array::from_fn(|r| {
        std::array::from_fn(|c| {
            let part = |f: fn(&Complex64) -> f64| {
                let mut x = T::from(f(&s[r][c]));
                for (x, ds) in x.eps_mut().iter_mut().zip(ds.as_ref()) {
                    *x = f(&ds[r][c]);
                }
                x
            };
            Complex::new(part(|z| z.re), part(|z| z.im))
        })
    })
}

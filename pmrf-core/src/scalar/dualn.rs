//! [`DualN`]: a dual number carrying `N` directional derivatives at once.

use std::fmt;
use std::iter::{Product, Sum};
use std::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, RemAssign, Sub, SubAssign,
};

use num_dual::{DualNum, DualStruct, Mappable};
use num_traits::{FromPrimitive, Inv, Num, One, Signed, Zero};

/// A dual number with `N` derivative parts: the value `re` and the derivatives `eps[k]` of
/// `re` along `N` directions, propagated together in one pass (forward mode).
///
/// Where [`Dual64`](num_dual::Dual64) differentiates along one direction per evaluation,
/// `DualN<N>` shares the value part (and every transcendental function of it) between `N`
/// directions: a gradient of `N` parameters costs one evaluation of about `1 + N` times the
/// arithmetic of an `f64` one, instead of `N` evaluations of twice that. The derivative parts
/// are a plain array, so the compiler vectorises their loops. Arithmetic follows exactly the
/// rules of `Dual64` (the product, quotient and chain rules), so every derivative part equals the
/// one a `Dual64` pass along that direction gives, up to rounding.
///
/// Use it through [`crate::diff::value_and_gradient`] and its siblings, or directly:
///
/// ```
/// use pmrf::prelude::*;
/// use pmrf::components::SeriesC;
/// use pmrf::DualN;
///
/// // d/dx and d/dy of x^2 y at (3, 2), in one pass.
/// let x = DualN::<2>::variable(3.0, 0);
/// let y = DualN::<2>::variable(2.0, 1);
/// let z = x * x * y;
/// assert_eq!((z.re, z.eps), (18.0, [12.0, 9.0]));
/// // Generic model code runs on it like on `f64` or `Dual64`.
/// let s21 = SeriesC::new(1e-12).lift::<DualN<1>>().s_at(DualN::from(1e9))[1][0];
/// assert!((s21.norm_sqr().re - SeriesC::new(1e-12).s_at(1e9)[1][0].norm_sqr()).abs() < 1e-15);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct DualN<const N: usize> {
    /// The value.
    pub re: f64,
    /// The derivatives of the value along each of the `N` directions.
    pub eps: [f64; N],
}

impl<const N: usize> DualN<N> {
    /// A number of value `re` and derivative parts `eps`.
    #[inline]
    pub const fn new(re: f64, eps: [f64; N]) -> Self {
        DualN { re, eps }
    }

    /// A constant: value `re`, every derivative part zero.
    #[inline]
    pub const fn constant(re: f64) -> Self {
        DualN { re, eps: [0.0; N] }
    }

    /// The independent variable of direction `k`: value `re`, derivative part `k` one, the
    /// others zero. A `k` out of range gives a constant.
    #[inline]
    pub fn variable(re: f64, k: usize) -> Self {
        let mut x = Self::constant(re);
        if let Some(e) = x.eps.get_mut(k) {
            *e = 1.0;
        }
        x
    }

    /// `f(self)` given `f0 = f(re)` and `f1 = f'(re)`.
    #[inline(always)]
    fn chain(&self, f0: f64, f1: f64) -> Self {
        DualN {
            re: f0,
            eps: self.eps.map(|e| e * f1),
        }
    }

    /// `a * self.eps + b * other.eps`, lane by lane.
    #[inline(always)]
    fn combine(&self, a: f64, other: &Self, b: f64) -> [f64; N] {
        let mut eps = [0.0; N];
        for ((e, x), y) in eps.iter_mut().zip(&self.eps).zip(&other.eps) {
            *e = a * x + b * y;
        }
        eps
    }
}

impl<const N: usize> Default for DualN<N> {
    fn default() -> Self {
        Self::constant(0.0)
    }
}

impl<const N: usize> From<f64> for DualN<N> {
    #[inline]
    fn from(re: f64) -> Self {
        Self::constant(re)
    }
}

impl<const N: usize> fmt::Display for DualN<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.re)?;
        for (k, e) in self.eps.iter().enumerate() {
            write!(f, " + {e}ε{k}")?;
        }
        Ok(())
    }
}

// ---- arithmetic between dual numbers -------------------------------------------------------

impl<const N: usize> Add for DualN<N> {
    type Output = Self;
    #[inline]
    fn add(mut self, other: Self) -> Self {
        self += other;
        self
    }
}

impl<const N: usize> Sub for DualN<N> {
    type Output = Self;
    #[inline]
    fn sub(mut self, other: Self) -> Self {
        self -= other;
        self
    }
}

impl<const N: usize> Mul for DualN<N> {
    type Output = Self;
    #[inline]
    fn mul(self, other: Self) -> Self {
        DualN {
            re: self.re * other.re,
            eps: self.combine(other.re, &other, self.re),
        }
    }
}

impl<const N: usize> Div for DualN<N> {
    type Output = Self;
    #[inline]
    fn div(self, other: Self) -> Self {
        // (a/b)' = (a' b - a b') / b^2, as Dual64 computes it.
        let inv = other.re.recip();
        let mut eps = self.combine(other.re, &other, -self.re);
        let inv2 = inv * inv;
        for e in &mut eps {
            *e *= inv2;
        }
        DualN {
            re: self.re * inv,
            eps,
        }
    }
}

impl<const N: usize> Rem for DualN<N> {
    type Output = Self;
    /// The remainder of the values; the derivative of `a - b trunc(a / b)` away from the jumps.
    #[inline]
    fn rem(self, other: Self) -> Self {
        let q = (self.re / other.re).trunc();
        DualN {
            re: self.re % other.re,
            eps: self.combine(1.0, &other, -q),
        }
    }
}

impl<const N: usize> Neg for DualN<N> {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        DualN {
            re: -self.re,
            eps: self.eps.map(|e| -e),
        }
    }
}

impl<const N: usize> AddAssign for DualN<N> {
    #[inline]
    fn add_assign(&mut self, other: Self) {
        self.re += other.re;
        for (e, o) in self.eps.iter_mut().zip(other.eps) {
            *e += o;
        }
    }
}

impl<const N: usize> SubAssign for DualN<N> {
    #[inline]
    fn sub_assign(&mut self, other: Self) {
        self.re -= other.re;
        for (e, o) in self.eps.iter_mut().zip(other.eps) {
            *e -= o;
        }
    }
}

impl<const N: usize> MulAssign for DualN<N> {
    #[inline]
    fn mul_assign(&mut self, other: Self) {
        *self = *self * other;
    }
}

impl<const N: usize> DivAssign for DualN<N> {
    #[inline]
    fn div_assign(&mut self, other: Self) {
        *self = *self / other;
    }
}

impl<const N: usize> RemAssign for DualN<N> {
    #[inline]
    fn rem_assign(&mut self, other: Self) {
        *self = *self % other;
    }
}

/// `Op<&DualN>` for `DualN`, through the by-value operator.
macro_rules! by_reference {
    ($($trt:ident $mth:ident),*) => {$(
        impl<'a, const N: usize> $trt<&'a DualN<N>> for DualN<N> {
            type Output = Self;
            #[inline]
            fn $mth(self, other: &'a DualN<N>) -> Self {
                $trt::$mth(self, *other)
            }
        }
        impl<'a, const N: usize> $trt<&'a DualN<N>> for &'a DualN<N> {
            type Output = DualN<N>;
            #[inline]
            fn $mth(self, other: &'a DualN<N>) -> DualN<N> {
                $trt::$mth(*self, *other)
            }
        }
    )*};
}
by_reference!(Add add, Sub sub, Mul mul, Div div, Rem rem);

// ---- arithmetic with f64 -------------------------------------------------------------------

impl<const N: usize> Add<f64> for DualN<N> {
    type Output = Self;
    #[inline]
    fn add(mut self, other: f64) -> Self {
        self.re += other;
        self
    }
}

impl<const N: usize> Sub<f64> for DualN<N> {
    type Output = Self;
    #[inline]
    fn sub(mut self, other: f64) -> Self {
        self.re -= other;
        self
    }
}

impl<const N: usize> Mul<f64> for DualN<N> {
    type Output = Self;
    #[inline]
    fn mul(self, other: f64) -> Self {
        DualN {
            re: self.re * other,
            eps: self.eps.map(|e| e * other),
        }
    }
}

impl<const N: usize> Div<f64> for DualN<N> {
    type Output = Self;
    #[inline]
    fn div(self, other: f64) -> Self {
        DualN {
            re: self.re / other,
            eps: self.eps.map(|e| e / other),
        }
    }
}

impl<const N: usize> Rem<f64> for DualN<N> {
    type Output = Self;
    /// The remainder of the value; the derivative parts are those of `self` (away from the jumps).
    #[inline]
    fn rem(mut self, other: f64) -> Self {
        self.re %= other;
        self
    }
}

/// `OpAssign<f64>` through the by-value operator.
macro_rules! assign_f64 {
    ($($trt:ident $mth:ident $op:tt),*) => {$(
        impl<const N: usize> $trt<f64> for DualN<N> {
            #[inline]
            fn $mth(&mut self, other: f64) {
                *self = *self $op other;
            }
        }
    )*};
}
assign_f64!(AddAssign add_assign +, SubAssign sub_assign -, MulAssign mul_assign *,
    DivAssign div_assign /, RemAssign rem_assign %);

// ---- num-traits ----------------------------------------------------------------------------

impl<const N: usize> Zero for DualN<N> {
    #[inline]
    fn zero() -> Self {
        Self::constant(0.0)
    }
    #[inline]
    fn is_zero(&self) -> bool {
        self.re == 0.0
    }
}

impl<const N: usize> One for DualN<N> {
    #[inline]
    fn one() -> Self {
        Self::constant(1.0)
    }
}

impl<const N: usize> Num for DualN<N> {
    type FromStrRadixErr = <f64 as Num>::FromStrRadixErr;
    /// A constant parsed from `s`.
    fn from_str_radix(s: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
        f64::from_str_radix(s, radix).map(Self::constant)
    }
}

impl<const N: usize> Signed for DualN<N> {
    #[inline]
    fn abs(&self) -> Self {
        if self.is_positive() { *self } else { -*self }
    }
    #[inline]
    fn abs_sub(&self, other: &Self) -> Self {
        if self.re > other.re {
            *self - *other
        } else {
            Self::zero()
        }
    }
    #[inline]
    fn signum(&self) -> Self {
        Self::constant(Signed::signum(&self.re))
    }
    #[inline]
    fn is_positive(&self) -> bool {
        Signed::is_positive(&self.re)
    }
    #[inline]
    fn is_negative(&self) -> bool {
        Signed::is_negative(&self.re)
    }
}

impl<const N: usize> Inv for DualN<N> {
    type Output = Self;
    #[inline]
    fn inv(self) -> Self {
        DualNum::recip(&self)
    }
}

impl<const N: usize> Sum for DualN<N> {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::zero(), |a, b| a + b)
    }
}

impl<'a, const N: usize> Sum<&'a DualN<N>> for DualN<N> {
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Self::zero(), |a, b| a + *b)
    }
}

impl<const N: usize> Product for DualN<N> {
    fn product<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::one(), |a, b| a * b)
    }
}

impl<'a, const N: usize> Product<&'a DualN<N>> for DualN<N> {
    fn product<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Self::one(), |a, b| a * *b)
    }
}

impl<const N: usize> FromPrimitive for DualN<N> {
    fn from_i64(n: i64) -> Option<Self> {
        f64::from_i64(n).map(Self::constant)
    }
    fn from_u64(n: u64) -> Option<Self> {
        f64::from_u64(n).map(Self::constant)
    }
    fn from_i128(n: i128) -> Option<Self> {
        f64::from_i128(n).map(Self::constant)
    }
    fn from_u128(n: u128) -> Option<Self> {
        f64::from_u128(n).map(Self::constant)
    }
    fn from_f32(n: f32) -> Option<Self> {
        f64::from_f32(n).map(Self::constant)
    }
    fn from_f64(n: f64) -> Option<Self> {
        Some(Self::constant(n))
    }
}

// ---- comparisons: on the value, as num-dual's types ----------------------------------------

impl<const N: usize> PartialEq for DualN<N> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.re == other.re
    }
}

impl<const N: usize> PartialEq<f64> for DualN<N> {
    #[inline]
    fn eq(&self, other: &f64) -> bool {
        self.re == *other
    }
}

impl<const N: usize> PartialOrd for DualN<N> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.re.partial_cmp(&other.re)
    }
}

impl<const N: usize> PartialOrd<f64> for DualN<N> {
    #[inline]
    fn partial_cmp(&self, other: &f64) -> Option<std::cmp::Ordering> {
        self.re.partial_cmp(other)
    }
}

// ---- num-dual ------------------------------------------------------------------------------

impl<const N: usize> DualStruct for DualN<N> {
    type Real = f64;
    type Inner = f64;
    #[inline]
    fn re(&self) -> f64 {
        self.re
    }
    #[inline]
    fn from_inner(inner: &f64) -> Self {
        Self::constant(*inner)
    }
}

impl<const N: usize> Mappable<Self> for DualN<N> {
    type Output<O> = O;
    #[inline]
    fn map_dual<G: Fn(Self) -> O, O>(self, g: G) -> O {
        g(self)
    }
}

impl<const N: usize> ndarray::ScalarOperand for DualN<N> {}

/// The functions follow num-dual's first-order rules: `f(x) = f(re) + f'(re) eps`.
impl<const N: usize> DualNum for DualN<N> {
    type Primitive = f64;
    const NDERIV: usize = 1;
    type InnerDual = f64;

    #[inline]
    fn from_re(re: f64) -> Self {
        Self::constant(re)
    }

    #[inline]
    fn scale(self, factor: &f64) -> Self {
        self * *factor
    }

    #[inline]
    fn recip(&self) -> Self {
        let r = self.re.recip();
        self.chain(r, -r * r)
    }

    #[inline]
    fn powi(&self, n: i32) -> Self {
        match n {
            0 => Self::one(),
            1 => *self,
            2 => *self * *self,
            _ => {
                let p = self.re.powi(n - 3);
                let f1 = p * self.re * self.re * f64::from(n);
                self.chain(p * self.re * self.re * self.re, f1)
            }
        }
    }

    #[inline]
    fn powf(&self, n: f64) -> Self {
        if n == 0.0 {
            Self::one()
        } else if n == 1.0 {
            *self
        } else if (n - 2.0).abs() < f64::EPSILON {
            *self * *self
        } else {
            let p = self.re.powf(n - 3.0);
            self.chain(p * self.re * self.re * self.re, p * self.re * self.re * n)
        }
    }

    #[inline]
    fn sqrt(&self) -> Self {
        let f0 = self.re.sqrt();
        self.chain(f0, f0 * self.re.recip() * 0.5)
    }

    #[inline]
    fn cbrt(&self) -> Self {
        let f0 = self.re.cbrt();
        self.chain(f0, f0 * self.re.recip() / 3.0)
    }

    #[inline]
    fn exp(&self) -> Self {
        let f = self.re.exp();
        self.chain(f, f)
    }

    #[inline]
    fn exp2(&self) -> Self {
        let f = self.re.exp2();
        self.chain(f, f * std::f64::consts::LN_2)
    }

    #[inline]
    fn exp_m1(&self) -> Self {
        self.chain(self.re.exp_m1(), self.re.exp())
    }

    #[inline]
    fn ln(&self) -> Self {
        self.chain(self.re.ln(), self.re.recip())
    }

    #[inline]
    fn log(&self, base: f64) -> Self {
        self.chain(self.re.log(base), self.re.recip() / base.ln())
    }

    #[inline]
    fn log2(&self) -> Self {
        self.chain(self.re.log2(), self.re.recip() / std::f64::consts::LN_2)
    }

    #[inline]
    fn log10(&self) -> Self {
        self.chain(self.re.log10(), self.re.recip() / std::f64::consts::LN_10)
    }

    #[inline]
    fn ln_1p(&self) -> Self {
        self.chain(self.re.ln_1p(), (self.re + 1.0).recip())
    }

    #[inline]
    fn sin(&self) -> Self {
        let (s, c) = self.re.sin_cos();
        self.chain(s, c)
    }

    #[inline]
    fn cos(&self) -> Self {
        let (s, c) = self.re.sin_cos();
        self.chain(c, -s)
    }

    #[inline]
    fn tan(&self) -> Self {
        let (s, c) = self.sin_cos();
        s / c
    }

    #[inline]
    fn sin_cos(&self) -> (Self, Self) {
        let (s, c) = self.re.sin_cos();
        (self.chain(s, c), self.chain(c, -s))
    }

    #[inline]
    fn asin(&self) -> Self {
        let rec = (1.0 - self.re * self.re).recip();
        self.chain(self.re.asin(), rec.sqrt())
    }

    #[inline]
    fn acos(&self) -> Self {
        let rec = (1.0 - self.re * self.re).recip();
        self.chain(self.re.acos(), -rec.sqrt())
    }

    #[inline]
    fn atan(&self) -> Self {
        let rec = (1.0 + self.re * self.re).recip();
        self.chain(self.re.atan(), rec)
    }

    #[inline]
    fn atan2(&self, other: Self) -> Self {
        let mut res = (*self / other).atan();
        res.re = self.re.atan2(other.re);
        res
    }

    #[inline]
    fn sinh(&self) -> Self {
        self.chain(self.re.sinh(), self.re.cosh())
    }

    #[inline]
    fn cosh(&self) -> Self {
        self.chain(self.re.cosh(), self.re.sinh())
    }

    #[inline]
    fn tanh(&self) -> Self {
        self.sinh() / self.cosh()
    }

    #[inline]
    fn asinh(&self) -> Self {
        let rec = (1.0 + self.re * self.re).recip();
        self.chain(self.re.asinh(), rec.sqrt())
    }

    #[inline]
    fn acosh(&self) -> Self {
        let rec = (self.re * self.re - 1.0).recip();
        self.chain(self.re.acosh(), rec.sqrt())
    }

    #[inline]
    fn atanh(&self) -> Self {
        let rec = (1.0 - self.re * self.re).recip();
        self.chain(self.re.atanh(), rec)
    }

    #[inline]
    fn sph_j0(&self) -> Self {
        if self.re.abs() < f64::EPSILON {
            Self::one() - *self * *self / 6.0
        } else {
            self.sin() / *self
        }
    }

    #[inline]
    fn sph_j1(&self) -> Self {
        if self.re.abs() < f64::EPSILON {
            *self / 3.0
        } else {
            let (s, c) = self.sin_cos();
            (s - *self * c) / (*self * *self)
        }
    }

    #[inline]
    fn sph_j2(&self) -> Self {
        if self.re.abs() < f64::EPSILON {
            *self * *self / 15.0
        } else {
            let (s, c) = self.sin_cos();
            let s2 = *self * *self;
            ((s - *self * c) * 3.0 - s2 * s) / (s2 * *self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;

    /// Every function and operator of `DualN<3>` against three `Dual64` passes.
    #[test]
    fn matches_dual64_lane_by_lane() {
        type F3 = fn(DualN<3>, DualN<3>) -> DualN<3>;
        type F1 = fn(Dual64, Dual64) -> Dual64;
        let cases: Vec<(&str, F3, F1)> = vec![
            ("mul", |x, y| x * y, |x, y| x * y),
            ("div", |x, y| x / y, |x, y| x / y),
            ("add", |x, y| x + y - 2.0, |x, y| x + y - 2.0),
            (
                "f64",
                |x, y| (x * 3.0 + 1.0) / 2.0 - y,
                |x, y| (x * 3.0 + 1.0) / 2.0 - y,
            ),
            ("recip", |x, _| x.recip(), |x, _| x.recip()),
            ("powi", |x, _| x.powi(5), |x, _| x.powi(5)),
            ("powf", |x, _| x.powf(2.5), |x, _| x.powf(2.5)),
            ("sqrt", |x, y| (x * y).sqrt(), |x, y| (x * y).sqrt()),
            ("cbrt", |x, _| x.cbrt(), |x, _| x.cbrt()),
            ("exp", |x, y| (x - y).exp(), |x, y| (x - y).exp()),
            ("exp2", |x, _| x.exp2(), |x, _| x.exp2()),
            ("exp_m1", |x, _| x.exp_m1(), |x, _| x.exp_m1()),
            ("ln", |x, y| (x * y).ln(), |x, y| (x * y).ln()),
            ("log", |x, _| x.log(3.0), |x, _| x.log(3.0)),
            ("log2", |x, _| x.log2(), |x, _| x.log2()),
            ("log10", |x, _| x.log10(), |x, _| x.log10()),
            ("ln_1p", |x, _| x.ln_1p(), |x, _| x.ln_1p()),
            ("sin", |x, y| (x * y).sin(), |x, y| (x * y).sin()),
            ("cos", |x, y| (x * y).cos(), |x, y| (x * y).cos()),
            ("tan", |x, _| x.tan(), |x, _| x.tan()),
            ("asin", |x, _| (x / 4.0).asin(), |x, _| (x / 4.0).asin()),
            ("acos", |x, _| (x / 4.0).acos(), |x, _| (x / 4.0).acos()),
            ("atan", |x, _| x.atan(), |x, _| x.atan()),
            ("atan2", |x, y| x.atan2(y), |x, y| x.atan2(y)),
            ("sinh", |x, _| x.sinh(), |x, _| x.sinh()),
            ("cosh", |x, _| x.cosh(), |x, _| x.cosh()),
            ("tanh", |x, _| x.tanh(), |x, _| x.tanh()),
            ("asinh", |x, _| x.asinh(), |x, _| x.asinh()),
            ("acosh", |x, _| x.acosh(), |x, _| x.acosh()),
            ("atanh", |x, _| (x / 4.0).atanh(), |x, _| (x / 4.0).atanh()),
            ("sph_j0", |x, _| x.sph_j0(), |x, _| x.sph_j0()),
            ("sph_j1", |x, _| x.sph_j1(), |x, _| x.sph_j1()),
            ("sph_j2", |x, _| x.sph_j2(), |x, _| x.sph_j2()),
            ("abs", |x, y| (y - x).abs(), |x, y| (y - x).abs()),
            (
                "sum",
                |x, y| [x, y, x].iter().sum(),
                |x, y| [x, y, x].iter().sum(),
            ),
            (
                "product",
                |x, y| [x, y].into_iter().product(),
                |x, y| [x, y].into_iter().product(),
            ),
        ];
        let (x0, y0) = (1.3, 0.7);
        // Direction 0: x; direction 1: y; direction 2: x and y together (a tie).
        let xv = DualN::new(x0, [1.0, 0.0, 1.0]);
        let yv = DualN::new(y0, [0.0, 1.0, 1.0]);
        for (name, f3, f1) in cases {
            let v = f3(xv, yv);
            for k in 0..3 {
                let x = Dual64::new(x0, xv.eps[k]);
                let y = Dual64::new(y0, yv.eps[k]);
                let d = f1(x, y);
                assert!(
                    (v.re - d.re).abs() <= 1e-15 * d.re.abs().max(1.0),
                    "{name} value"
                );
                assert!(
                    (v.eps[k] - d.eps).abs() <= 1e-14 * d.eps.abs().max(1.0),
                    "{name} direction {k}: {} vs {}",
                    v.eps[k],
                    d.eps
                );
            }
        }
    }

    #[test]
    fn constants_and_variables() {
        assert_eq!(DualN::<2>::variable(2.0, 1).eps, [0.0, 1.0]);
        assert_eq!(DualN::<2>::variable(2.0, 5).eps, [0.0, 0.0]);
        assert_eq!(DualN::<2>::from(4.0), DualN::constant(4.0));
        assert_eq!(DualN::<2>::from_f64(1.5).map(|x| x.re), Some(1.5));
        assert_eq!(format!("{}", DualN::new(1.0, [2.0])), "1 + 2ε0");
        assert_eq!((-DualN::new(1.0, [2.0])).eps, [-2.0]);
        assert_eq!(DualN::<1>::new(-1.0, [2.0]).abs().eps, [-2.0]);
    }
}

//! The standard normal distribution: `erf`, `erfc`, the CDF `Phi`, its complement and inverses,
//! and the quantile of the distribution truncated to an interval.
//!
//! Accurate to a few ulp in the body and relatively accurate far into both tails (the lower tail
//! works with `Phi`, the upper one with its complement `Q(z) = Phi(-z)`, so that no probability
//! is ever formed as `1 - tiny`). Results below the smallest normal `f64` (`|z| > 37.5`) lose
//! precision gracefully and reach 0 at `|z| ~ 38.5`.

use std::f64::consts::FRAC_1_SQRT_2;

/// `1/sqrt(2) - FRAC_1_SQRT_2`: the rounding error of the constant.
const FRAC_1_SQRT_2_LO: f64 = -4.833_646_656_726_457e-17;
/// `1/sqrt(pi)`.
const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;
/// `sqrt(2 pi)`.
const SQRT_2PI: f64 = 2.506_628_274_631_000_7;
/// `ln sqrt(2 pi)`.
pub(crate) const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `Phi(z)`, the standard normal CDF; relatively accurate in the lower tail.
pub(crate) fn cdf(z: f64) -> f64 {
    let w = -z * FRAC_1_SQRT_2;
    if z < -1.0 && z.is_finite() {
        // erfc(-z/sqrt 2) is sensitive to the rounding of its argument (relative error ~ 2 w^2
        // ulp: 100 ulp at z = -10). Take the exact argument as w + dw and correct to first
        // order: erfc(w + dw) = erfc(w) - 2/sqrt(pi) exp(-w^2) dw.
        let dw = -(z.mul_add(FRAC_1_SQRT_2, -(z * FRAC_1_SQRT_2)) + z * FRAC_1_SQRT_2_LO);
        0.5 * erfc(w) - FRAC_1_SQRT_PI * (-w * w).exp() * dw
    } else {
        0.5 * erfc(w)
    }
}

/// `Q(z) = 1 - Phi(z) = Phi(-z)`; relatively accurate in the upper tail.
pub(crate) fn sf(z: f64) -> f64 {
    cdf(-z)
}

/// `Phi^-1(p)` for `p` in `[0, 1]` (`-inf` at 0, `inf` at 1, NaN outside).
///
/// Acklam's rational approximation (relative error < 1.15e-9) polished by one Halley step
/// against [`cdf`], which makes it as accurate as `Phi` itself.
pub(crate) fn inv_cdf(p: f64) -> f64 {
    const P_LOW: f64 = 0.024_25;
    if !(0.0..=1.0).contains(&p) {
        f64::NAN
    } else if p == 0.0 {
        f64::NEG_INFINITY
    } else if p == 1.0 {
        f64::INFINITY
    } else if p < P_LOW {
        lower_tail(p)
    } else if p <= 1.0 - P_LOW {
        central(p)
    } else {
        // 1 - p is exact for p >= 1/2.
        -lower_tail(1.0 - p)
    }
}

/// `Q^-1(q) = -Phi^-1(q)`: relatively accurate for small `q`, i.e. far in the upper tail.
pub(crate) fn inv_sf(q: f64) -> f64 {
    -inv_cdf(q)
}

/// `Phi^-1(p)` for `0 < p < 0.02425`.
fn lower_tail(p: f64) -> f64 {
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let q = (-2.0 * p.ln()).sqrt();
    let num = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
    let den = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0;
    let x = num / den;
    // Halley on Phi(x) = p; u = (Phi(x) - p) / phi(x), formed in logs because phi(x) underflows
    // for the smallest (subnormal) p.
    let e = cdf(x) - p;
    if e == 0.0 {
        return x;
    }
    let u = e.signum() * (e.abs().ln() + LN_SQRT_2PI + 0.5 * x * x).exp();
    halley(x, u)
}

/// `Phi^-1(p)` for `0.02425 <= p <= 0.97575`.
fn central(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    let q = p - 0.5;
    let r = q * q;
    let num = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q;
    let den = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0;
    let x = num / den;
    // Phi(x) - p without cancellation: near p = 1/2 through erf (q is exact there), else from
    // the nearer tail.
    let e = if q < -0.25 {
        cdf(x) - p
    } else if q > 0.25 {
        (1.0 - p) - sf(x)
    } else {
        0.5 * erf(x * FRAC_1_SQRT_2) - q
    };
    halley(x, e * SQRT_2PI * (0.5 * x * x).exp())
}

/// One Halley step for `Phi(x) = p`, given `u = (Phi(x) - p) / phi(x)`.
fn halley(x: f64, u: f64) -> f64 {
    x - u / (1.0 + 0.5 * x * u)
}

/// `P(a <= Z <= b)` for `a <= b` (either may be infinite); 0 for an empty or NaN interval.
///
/// Relatively accurate wherever the interval lies: both ends in one tail use that tail's
/// function, an interval around 0 adds two same-signed `erf`s.
pub(crate) fn mass(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() || a >= b {
        0.0
    } else if a >= 0.0 {
        sf(a) - sf(b)
    } else if b <= 0.0 {
        cdf(b) - cdf(a)
    } else {
        0.5 * (erf(b * FRAC_1_SQRT_2) + erf(-a * FRAC_1_SQRT_2))
    }
}

/// The `u`-quantile (`u` in `[0, 1]`) of the standard normal truncated to `[a, b]`, which must
/// hold positive mass (see [`mass`]). Clamped into `[a, b]`.
pub(crate) fn quantile_within(a: f64, b: f64, u: f64) -> f64 {
    let z = if a >= 0.0 {
        // Upper side: count probability down from the upper tail.
        let (qa, qb) = (sf(a), sf(b));
        inv_sf(qa - u * (qa - qb))
    } else if b <= 0.0 {
        let (pa, pb) = (cdf(a), cdf(b));
        inv_cdf(pa + u * (pb - pa))
    } else {
        let m = mass(a, b);
        let p = cdf(a) + u * m;
        if p <= 0.5 {
            inv_cdf(p)
        } else {
            // The same point counted from the upper end, to keep the upper tail's precision.
            inv_sf(sf(b) + (1.0 - u) * m)
        }
    };
    z.clamp(a, b)
}

// erf and erfc below are a port of FreeBSD's msun s_erf.c (as carried by the Rust `libm` crate),
// under this notice:
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunPro, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
//
// Method (|x| ranges): [0, 0.84375] erf(x) = x + x R(x^2); [0.84375, 1.25] erf(1 + s) =
// erx + P1(s)/Q1(s); [1.25, 1/0.35] and [1/0.35, 28] erfc(x) = exp(-x^2 - 0.5625 + R/S)/x with
// x^2 split so that exp(-x^2) keeps full precision; beyond 28 erfc underflows. Error < 1 ulp.

const ERX: f64 = 0.8450629115104675;
const EFX8: f64 = 1.0270333367641007;
const PP: [f64; 5] = [
    0.12837916709551256,
    -0.3250421072470015,
    -0.02848174957559851,
    -0.005770270296489442,
    -2.3763016656650163e-05,
];
const QQ: [f64; 5] = [
    0.39791722395915535,
    0.0650222499887673,
    0.005081306281875766,
    0.00013249473800432164,
    -3.960228278775368e-06,
];
const PA: [f64; 7] = [
    -0.0023621185607526594,
    0.41485611868374833,
    -0.3722078760357013,
    0.31834661990116175,
    -0.11089469428239668,
    0.035478304325618236,
    -0.002166375594868791,
];
const QA: [f64; 6] = [
    0.10642088040084423,
    0.540397917702171,
    0.07182865441419627,
    0.12617121980876164,
    0.01363708391202905,
    0.011984499846799107,
];
const RA: [f64; 8] = [
    -0.009864944034847148,
    -0.6938585727071818,
    -10.558626225323291,
    -62.375332450326006,
    -162.39666946257347,
    -184.60509290671104,
    -81.2874355063066,
    -9.814329344169145,
];
const SA: [f64; 8] = [
    19.651271667439257,
    137.65775414351904,
    434.56587747522923,
    645.3872717332679,
    429.00814002756783,
    108.63500554177944,
    6.570249770319282,
    -0.0604244152148581,
];
const RB: [f64; 7] = [
    -0.0098649429247001,
    -0.799283237680523,
    -17.757954917754752,
    -160.63638485582192,
    -637.5664433683896,
    -1025.0951316110772,
    -483.5191916086514,
];
const SB: [f64; 7] = [
    30.33806074348246,
    325.7925129965739,
    1536.729586084437,
    3199.8582195085955,
    2553.0504064331644,
    474.52854120695537,
    -22.44095244658582,
];

/// Evaluates `c[0] + c[1] x + ... ` (Horner).
fn poly(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

/// `1 + c[0] x + c[1] x^2 + ...`.
fn poly1(c: &[f64], x: f64) -> f64 {
    1.0 + x * poly(c, x)
}

/// High 32 bits of `|x|`'s representation: the range tests of the original.
fn high_word(x: f64) -> u32 {
    ((x.to_bits() >> 32) as u32) & 0x7fff_ffff
}

/// `erf(x) - x` over `x` for `|x| < 0.84375`.
fn small_ratio(x: f64) -> f64 {
    let z = x * x;
    poly(&PP, z) / poly1(&QQ, z)
}

/// `erf(1 + s) - ERX` for `|x| = 1 + s` in `[0.84375, 1.25)`.
fn near_one(ax: f64) -> f64 {
    let s = ax - 1.0;
    poly(&PA, s) / poly1(&QA, s)
}

/// `erfc(|x|)` for `|x|` in `[1.25, 28)`.
fn erfc_tail(ax: f64) -> f64 {
    let s = 1.0 / (ax * ax);
    let (r, big_s) = if high_word(ax) < 0x4006_db6d {
        (poly(&RA, s), poly1(&SA, s))
    } else {
        (poly(&RB, s), poly1(&SB, s))
    };
    // z = ax with the low 32 bits cleared, so z*z is exact.
    let z = f64::from_bits(ax.to_bits() & 0xffff_ffff_0000_0000);
    (-z * z - 0.5625).exp() * ((z - ax) * (z + ax) + r / big_s).exp() / ax
}

/// The error function.
pub(crate) fn erf(x: f64) -> f64 {
    let ix = high_word(x);
    if ix >= 0x7ff0_0000 {
        // NaN stays NaN, erf(+-inf) = +-1.
        return if x.is_nan() { x } else { x.signum() };
    }
    if ix < 0x3feb_0000 {
        // |x| < 0.84375
        if ix < 0x3e30_0000 {
            // |x| < 2^-28
            return 0.125 * (8.0 * x + EFX8 * x);
        }
        return x + x * small_ratio(x);
    }
    let ax = x.abs();
    let y = if ix < 0x3ff4_0000 {
        ERX + near_one(ax)
    } else if ix < 0x4018_0000 {
        1.0 - erfc_tail(ax)
    } else {
        1.0
    };
    y.copysign(x)
}

/// The complementary error function `1 - erf(x)`, relatively accurate for large `x`.
pub(crate) fn erfc(x: f64) -> f64 {
    let ix = high_word(x);
    let negative = x.is_sign_negative();
    if ix >= 0x7ff0_0000 {
        // erfc(NaN) = NaN, erfc(inf) = 0, erfc(-inf) = 2.
        return if x.is_nan() {
            x
        } else if negative {
            2.0
        } else {
            0.0
        };
    }
    if ix < 0x3feb_0000 {
        // |x| < 0.84375
        if ix < 0x3c70_0000 {
            // |x| < 2^-56
            return 1.0 - x;
        }
        let y = small_ratio(x);
        return if negative || ix < 0x3fd0_0000 {
            // x < 1/4
            1.0 - (x + x * y)
        } else {
            0.5 - (x - 0.5 + x * y)
        };
    }
    let ax = x.abs();
    let tail = if ix < 0x3ff4_0000 {
        1.0 - ERX - near_one(ax)
    } else if ix < 0x403c_0000 {
        erfc_tail(ax)
    } else {
        0.0
    };
    if negative { 2.0 - tail } else { tail }
}

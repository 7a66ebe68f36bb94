//! Deterministic random test data for the matrix and conversion tests.

use num_complex::Complex;

use super::Mat;

type C = Complex<f64>;

/// SplitMix64: a tiny deterministic generator, uniform in [-1, 1).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }

    pub(crate) fn c(&mut self) -> C {
        C::new(self.next(), self.next())
    }

    /// A random matrix `scale * U + shift I`, symmetric if `reciprocal`.
    pub(crate) fn mat<const N: usize>(
        &mut self,
        scale: f64,
        shift: C,
        reciprocal: bool,
    ) -> Mat<f64, N> {
        let mut m: Mat<f64, N> = std::array::from_fn(|_| std::array::from_fn(|_| self.c() * scale));
        for (r, row) in m.iter_mut().enumerate() {
            row[r] += shift;
        }
        if reciprocal {
            let lower = m;
            m = std::array::from_fn(|r| std::array::from_fn(|c| lower[r.max(c)][r.min(c)]));
        }
        m
    }
}

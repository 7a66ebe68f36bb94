//! A mergeable quantile sketch with relative accuracy (DDSketch: Masson, Rim and Lee,
//! "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees",
//! VLDB 2019).
//!
//! A value `x != 0` is counted in bin `i = ceil(ln|x| / ln gamma)`, `gamma = (1 + a) / (1 - a)`,
//! of the store of its sign; every value of a bin lies within a relative `a` of the bin's
//! representative `2 gamma^i / (gamma + 1)`. Counts are integers, so merging adds them: the
//! result is the same, bit for bit, whatever order the values came in or how they were split.

use crate::{Error, Result};

/// Bins kept per sign. Above this the bins of the smallest magnitudes fold into the lowest
/// kept one, which depends only on the largest bin seen, so merges stay exact.
const MAX_BINS: usize = 1 << 15;

/// Quantiles of a stream of `f64` to a relative accuracy `a`, mergeable exactly.
///
/// The quantile `q` is the element of 0-based rank `floor(q (n - 1))` of the `n` values in
/// ascending order (the rule of DDSketch), returned to within a relative `a`: a value `v` is
/// reported as some `r` with `|r - v| <= a |v|` (up to the rounding of one logarithm). Zero,
/// `+inf` and `-inf` are counted exactly and reported as themselves; NaN is counted
/// ([`QuantileSketch::nan_count`]) and takes no rank.
///
/// Memory: at most 2^15 bins of 8 bytes per sign (256 KiB), and only the span of bins that
/// holds values (about `ln(max / min) / (2a)` bins for values of one sign between `min` and
/// `max`). If the magnitudes of one sign span more than `gamma^32768` (a factor of about 1e28
/// at `a = 1e-3`, 700 at `a = 1e-4`), those of the smallest magnitudes are counted in the
/// lowest kept bin and lose their relative accuracy (the others keep it).
///
/// ```
/// use pmrf::batch::QuantileSketch;
///
/// let mut a = QuantileSketch::new(1e-3)?;
/// let mut b = QuantileSketch::new(1e-3)?;
/// for i in 1..=500 {
///     a.add(i as f64);
///     b.add(-(i as f64));
/// }
/// a.merge(&b)?; // -500..=-1 and 1..=500
/// assert_eq!(a.count(), 1000);
/// let median = a.quantile(0.5)?; // rank floor(0.5 * 999) = 499: the value -1
/// assert!((median + 1.0).abs() <= 1.0001e-3); // 0.1 %, up to rounding
/// let top = a.quantile(1.0)?;
/// assert!((top - 500.0).abs() <= 500.0 * 1.0001e-3);
/// # Ok::<(), pmrf::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct QuantileSketch {
    accuracy: f64,
    gamma: f64,
    ln_gamma: f64,
    positive: Store,
    /// Magnitudes of the negative values.
    negative: Store,
    zero: u64,
    pos_inf: u64,
    neg_inf: u64,
    nan: u64,
}

impl QuantileSketch {
    /// An empty sketch of relative accuracy `accuracy` (1e-3 keeps 0.1 %).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `1e-6 <= accuracy < 1` (finer bins would overflow
    /// the bin index for the widest `f64` range).
    pub fn new(accuracy: f64) -> Result<Self> {
        if !(1e-6..1.0).contains(&accuracy) {
            return Err(Error::InvalidArgument {
                name: "accuracy".into(),
                value: accuracy,
                expected: "a relative accuracy in [1e-6, 1)".into(),
            });
        }
        let gamma = (1.0 + accuracy) / (1.0 - accuracy);
        Ok(QuantileSketch {
            accuracy,
            gamma,
            ln_gamma: gamma.ln(),
            positive: Store::default(),
            negative: Store::default(),
            zero: 0,
            pos_inf: 0,
            neg_inf: 0,
            nan: 0,
        })
    }

    /// The relative accuracy.
    pub fn accuracy(&self) -> f64 {
        self.accuracy
    }

    /// Counts `x` (NaN only in [`QuantileSketch::nan_count`]).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            self.nan += 1;
        } else if x == 0.0 {
            self.zero += 1;
        } else if x.is_infinite() {
            *(if x > 0.0 {
                &mut self.pos_inf
            } else {
                &mut self.neg_inf
            }) += 1;
        } else {
            let i = (x.abs().ln() / self.ln_gamma).ceil() as i32;
            (if x > 0.0 {
                &mut self.positive
            } else {
                &mut self.negative
            })
            .add(i, 1);
        }
    }

    /// Values counted, NaN aside.
    pub fn count(&self) -> u64 {
        self.zero + self.pos_inf + self.neg_inf + self.positive.total() + self.negative.total()
    }

    /// NaN values counted (they take no rank).
    pub fn nan_count(&self) -> u64 {
        self.nan
    }

    /// Adds the counts of `other`: exact, so merging in any order gives the same sketch.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `other` has another accuracy.
    pub fn merge(&mut self, other: &QuantileSketch) -> Result<()> {
        if other.accuracy != self.accuracy {
            return Err(Error::InvalidArgument {
                name: "accuracy".into(),
                value: other.accuracy,
                expected: format!("that of the sketch merged into, {}", self.accuracy),
            });
        }
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zero += other.zero;
        self.pos_inf += other.pos_inf;
        self.neg_inf += other.neg_inf;
        self.nan += other.nan;
        Ok(())
    }

    /// The `q` quantile (the rank `floor(q (n - 1))` value, to the relative accuracy); NaN if
    /// no value (other than NaN) was counted.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `0 <= q <= 1`.
    pub fn quantile(&self, q: f64) -> Result<f64> {
        if !(0.0..=1.0).contains(&q) {
            return Err(Error::InvalidArgument {
                name: "q".into(),
                value: q,
                expected: "a quantile in [0, 1]".into(),
            });
        }
        let n = self.count();
        if n == 0 {
            return Ok(f64::NAN);
        }
        let rank = (q * (n - 1) as f64).floor() as u64;
        // Ascending: -inf, negatives from the largest magnitude, 0, positives, +inf.
        let mut seen = self.neg_inf;
        if rank < seen {
            return Ok(f64::NEG_INFINITY);
        }
        let (lo, counts) = self.negative.bins();
        for (k, &c) in counts.iter().enumerate().rev() {
            seen += c;
            if rank < seen {
                return Ok(-self.value(lo + k as i32));
            }
        }
        seen += self.zero;
        if rank < seen {
            return Ok(0.0);
        }
        let (lo, counts) = self.positive.bins();
        for (k, &c) in counts.iter().enumerate() {
            seen += c;
            if rank < seen {
                return Ok(self.value(lo + k as i32));
            }
        }
        Ok(f64::INFINITY)
    }

    /// The representative of bin `i`, within a relative `a` of every value in it.
    fn value(&self, i: i32) -> f64 {
        2.0 * (i as f64 * self.ln_gamma).exp() / (self.gamma + 1.0)
    }

    #[cfg(feature = "mpi")]
    /// Appends the sketch as words: `[zero, +inf, -inf, NaN, then per store: first bin (i64
    /// bits), bins, counts..]` (the accuracy is the receiver's).
    pub(crate) fn write_words(&self, out: &mut Vec<u64>) {
        out.extend([self.zero, self.pos_inf, self.neg_inf, self.nan]);
        for store in [&self.positive, &self.negative] {
            let (lo, counts) = store.bins();
            out.extend([lo as i64 as u64, counts.len() as u64]);
            out.extend_from_slice(counts);
        }
    }

    #[cfg(feature = "mpi")]
    /// An empty sketch of this accuracy with the counts read from the front of `words` (as
    /// written by [`QuantileSketch::write_words`]), which is advanced past them.
    pub(crate) fn read_words(&self, words: &mut &[u64]) -> Result<QuantileSketch> {
        let short = || Error::Shape("quantile sketch message ends early".into());
        let mut take = |k: usize| -> Result<&[u64]> {
            let (head, rest) = words.split_at_checked(k).ok_or_else(short)?;
            *words = rest;
            Ok(head)
        };
        let mut out = QuantileSketch::new(self.accuracy)?;
        let head = take(4)?;
        (out.zero, out.pos_inf, out.neg_inf, out.nan) = (head[0], head[1], head[2], head[3]);
        for store in [&mut out.positive, &mut out.negative] {
            let head = take(2)?;
            let (lo, len) = (head[0] as i64 as i32, head[1] as usize);
            for (k, &c) in take(len)?.iter().enumerate() {
                if c > 0 {
                    store.add(lo + k as i32, c);
                }
            }
        }
        Ok(out)
    }
}

/// Counts of consecutive bins from `offset`; the last one is non-zero when any is.
#[derive(Clone, Debug, Default)]
struct Store {
    offset: i32,
    counts: Vec<u64>,
}

impl Store {
    /// Adds `c` to bin `i`, folding bins more than [`MAX_BINS`] below the highest into the
    /// lowest kept one.
    fn add(&mut self, i: i32, c: u64) {
        if self.counts.is_empty() {
            self.offset = i;
            self.counts.push(c);
            return;
        }
        let top = (self.offset + self.counts.len() as i32 - 1).max(i);
        let floor = top - (MAX_BINS as i32 - 1);
        let i = i.max(floor);
        if self.offset < floor {
            let k = ((floor - self.offset) as usize).min(self.counts.len());
            let folded: u64 = self.counts.drain(..k).sum();
            self.offset = floor;
            if self.counts.is_empty() {
                self.counts.push(0);
            }
            self.counts[0] += folded;
        } else if i < self.offset {
            // Grow downwards by at least the current length, so a descending stream of values
            // moves the counts only a logarithmic number of times.
            let need = (self.offset - i) as usize;
            let grow = need
                .max(self.counts.len())
                .min((self.offset - floor) as usize);
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset -= grow as i32;
        }
        if i >= self.offset + self.counts.len() as i32 {
            self.counts.resize((i - self.offset + 1) as usize, 0);
        }
        self.counts[(i - self.offset) as usize] += c;
    }

    fn merge(&mut self, other: &Store) {
        let (lo, counts) = other.bins();
        for (k, &c) in counts.iter().enumerate() {
            if c > 0 {
                self.add(lo + k as i32, c);
            }
        }
    }

    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The first non-empty bin and the counts from it to the last non-empty one.
    fn bins(&self) -> (i32, &[u64]) {
        let skip = self.counts.iter().take_while(|&&c| c == 0).count();
        (self.offset + skip as i32, &self.counts[skip..])
    }
}

/// Equal counts in every bin, however the storage grew.
impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        self.bins() == other.bins()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    fn exact(sorted: &[f64], q: f64) -> f64 {
        sorted[(q * (sorted.len() - 1) as f64).floor() as usize]
    }

    #[test]
    fn quantiles_are_within_the_relative_accuracy_of_exact_ones() {
        let mut rng = StdRng::seed_from_u64(1);
        // Spans of magnitudes (decades) within the bins kept at each accuracy.
        for (a, decades) in [(1e-2, 7.0), (1e-3, 7.0), (1e-4, 2.5)] {
            let mut sketch = QuantileSketch::new(a).unwrap();
            // Mixed signs over several decades, zeros and infinities.
            let mut xs: Vec<f64> = (0..20_000)
                .map(|_| {
                    let m = 10f64.powf(rng.random_range(-3.0..decades - 3.0));
                    if rng.random_bool(0.3) { -m } else { m }
                })
                .chain([0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY])
                .collect();
            for &x in &xs {
                sketch.add(x);
            }
            sketch.add(f64::NAN);
            xs.sort_by(f64::total_cmp);
            assert_eq!(sketch.count(), xs.len() as u64);
            assert_eq!(sketch.nan_count(), 1);
            for q in [0.0, 1e-4, 0.01, 0.05, 0.25, 0.3, 0.5, 0.7, 0.95, 0.999, 1.0] {
                let (got, want) = (sketch.quantile(q).unwrap(), exact(&xs, q));
                if want.is_finite() {
                    let err = (got - want).abs();
                    assert!(
                        err <= a * want.abs() * (1.0 + 1e-9),
                        "a {a} q {q}: {got} vs {want}"
                    );
                } else {
                    assert_eq!(got, want);
                }
            }
        }
    }

    #[test]
    fn merges_are_exact_and_order_free() {
        let mut rng = StdRng::seed_from_u64(2);
        let xs: Vec<f64> = (0..5000).map(|_| rng.random_range(-80.0..-0.01)).collect();
        let mut whole = QuantileSketch::new(1e-3).unwrap();
        xs.iter().for_each(|&x| whole.add(x));
        let mut reversed = QuantileSketch::new(1e-3).unwrap();
        xs.iter().rev().for_each(|&x| reversed.add(x));
        assert_eq!(whole, reversed);
        let mut parts = QuantileSketch::new(1e-3).unwrap();
        for piece in xs.chunks(777).rev() {
            let mut s = QuantileSketch::new(1e-3).unwrap();
            piece.iter().for_each(|&x| s.add(x));
            parts.merge(&s).unwrap();
        }
        assert_eq!(parts, whole);
        for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
            assert_eq!(parts.quantile(q).unwrap(), whole.quantile(q).unwrap());
        }
        let other = QuantileSketch::new(1e-2).unwrap();
        let e = parts.merge(&other).unwrap_err();
        assert!(e.to_string().contains("accuracy"), "{e}");
    }

    #[test]
    fn memory_is_bounded_and_folding_is_order_free() {
        // Magnitudes over 1e-300..1e300: more than MAX_BINS bins at 1e-3.
        let xs: Vec<f64> = (0..4000)
            .map(|k| 10f64.powf(-300.0 + 0.15 * k as f64))
            .collect();
        let mut up = QuantileSketch::new(1e-3).unwrap();
        xs.iter().for_each(|&x| up.add(x));
        let mut down = QuantileSketch::new(1e-3).unwrap();
        xs.iter().rev().for_each(|&x| down.add(x));
        assert_eq!(up, down);
        assert!(up.positive.counts.len() <= MAX_BINS);
        assert!(down.positive.counts.len() <= MAX_BINS);
        assert_eq!(up.count(), 4000);
        // The largest values keep their accuracy.
        let top = up.quantile(1.0).unwrap();
        assert!((top - xs[3999]).abs() <= 1e-3 * xs[3999] * (1.0 + 1e-9));
    }

    #[test]
    fn edge_cases() {
        let mut s = QuantileSketch::new(1e-3).unwrap();
        assert!(s.quantile(0.5).unwrap().is_nan());
        s.add(f64::NAN);
        assert_eq!(s.count(), 0);
        assert!(s.quantile(0.5).unwrap().is_nan());
        s.add(-0.0);
        assert_eq!(s.quantile(1.0).unwrap(), 0.0);
        s.add(3.0);
        assert!((s.quantile(1.0).unwrap() - 3.0).abs() <= 3e-3);
        for q in [-0.1, 1.5, f64::NAN] {
            let e = s.quantile(q).unwrap_err();
            assert!(e.to_string().contains("quantile in [0, 1]"), "{e}");
        }
        for a in [0.0, 1.0, 1e-9, f64::NAN] {
            let e = QuantileSketch::new(a).unwrap_err();
            assert!(e.to_string().contains("relative accuracy"), "{e}");
        }
    }

    #[cfg(feature = "mpi")]
    #[test]
    fn words_round_trip() {
        let mut s = QuantileSketch::new(1e-3).unwrap();
        for x in [-5.0, -0.5, 0.0, 2.0, 2.0, 1e9, f64::NAN, f64::INFINITY] {
            s.add(x);
        }
        let mut words = Vec::new();
        s.write_words(&mut words);
        s.write_words(&mut words);
        let mut rest = words.as_slice();
        assert_eq!(s.read_words(&mut rest).unwrap(), s);
        assert_eq!(s.read_words(&mut rest).unwrap(), s);
        assert!(rest.is_empty());
        assert!(s.read_words(&mut &words[..5]).is_err());
    }
}

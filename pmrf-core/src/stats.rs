//! Sample statistics shared by the sampler diagnostics and the plots' bands.

/// The values sorted ascending (NaN last, by `total_cmp`).
pub(crate) fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v
}

/// The `p`-quantile (`p` clamped to `[0, 1]`) of sorted values, linear between order statistics
/// (numpy's default, type 7 of Hyndman and Fan); exactly the extreme values at `p = 0` and
/// `p = 1`, NaN for no value.
pub(crate) fn quantile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = sorted([4.0, 1.0, 3.0, 2.0].into_iter());
        assert_eq!(v, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert_eq!(quantile(&v, 2.0), 4.0);
        assert_eq!(quantile(&[7.0], 0.3), 7.0);
        assert!(quantile(&[], 0.5).is_nan());
        // The top end is the largest value itself, not a rounded interpolation towards it.
        let w = [0.1, 0.7];
        assert_eq!(quantile(&w, 1.0), 0.7);
    }
}

//! Sample quantiles: plain ones for the sampler diagnostics and the plots' bands, weighted
//! ones for posterior summaries.

use ndarray::ArrayView1;

/// The values sorted ascending by `f64::total_cmp`.
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

/// The `probs`-quantiles of the draws `x` with normalised weights `w`: linear between the
/// sorted draws placed at the midpoints of their cumulative weight (Hazen's rule for equal
/// weights), the smallest or largest draw outside the first or last midpoint. Draws of zero
/// weight do not count; at least one weight must be positive.
pub(crate) fn weighted_quantiles(
    x: ArrayView1<f64>,
    w: ArrayView1<f64>,
    probs: &[f64],
) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).filter(|&i| w[i] > 0.0).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut mid = Vec::with_capacity(order.len());
    let mut cumulative = 0.0;
    for &i in &order {
        mid.push(cumulative + w[i] / 2.0);
        cumulative += w[i];
    }
    probs
        .iter()
        .map(|&p| {
            let k = mid.partition_point(|&m| m < p);
            if k == 0 {
                x[order[0]]
            } else if k == order.len() {
                x[order[k - 1]]
            } else {
                let (m0, m1) = (mid[k - 1], mid[k]);
                let (x0, x1) = (x[order[k - 1]], x[order[k]]);
                x0 + (p - m0) / (m1 - m0) * (x1 - x0)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

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

    #[test]
    fn weighted_quantiles_place_draws_at_their_weight_midpoints() {
        // Equal weights: Hazen, x_(k) at (k - 1/2) / n.
        let (x, w) = (array![3.0, 1.0, 2.0, 4.0], array![0.25, 0.25, 0.25, 0.25]);
        let q = weighted_quantiles(x.view(), w.view(), &[0.0, 0.125, 0.25, 0.5, 1.0]);
        assert_eq!(q, [1.0, 1.0, 1.5, 2.5, 4.0]);
        // A draw of zero weight is left out; a heavy one pulls the median to itself.
        let (x, w) = (array![1.0, 2.0, 100.0], array![0.25, 0.75, 0.0]);
        assert_eq!(
            weighted_quantiles(x.view(), w.view(), &[0.5, 1.0]),
            [1.75, 2.0]
        );
    }
}

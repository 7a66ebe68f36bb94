//! Posterior summaries: mean, standard deviation and quantiles of (weighted) draws.

use std::fmt;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::Diagnostics;
use crate::stats::weighted_quantiles;
use crate::units::{prefixed, significant, trimmed};
use crate::{Error, Result};

/// Mean, standard deviation and quantiles of every dimension of a set of (weighted) draws.
///
/// With weights `w_i` (normalised to sum to 1) the mean is `sum w_i x_i`, the variance
/// `sum w_i (x_i - mean)^2 / (1 - sum w_i^2)` (unbiased for reliability weights; `n / (n - 1)`
/// times the plain variance for equal weights), and the quantile `q(p)` interpolates linearly
/// between the sorted draws placed at the midpoints of their cumulative weight (for equal weights
/// this is Hazen's rule, `x_(k)` at `p = (k - 1/2) / n`; outside the first and last midpoint it is
/// the smallest or largest draw).
///
/// Printed (`Display`) it is a table, one row per dimension: name, unit, mean, standard
/// deviation, the quantiles, and R-hat and bulk ESS where known. Values are shown in each
/// dimension's display scale (`1e-9` with unit `H` prints `nH` and values in nH), as a model's
/// parameter table prints them; [`Summary::with_labels`] sets names, units and scales
/// (`Samples::summary` sets the declared ones), [`Summary::with_diagnostics`] the convergence
/// columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Name per dimension (`x[k]` unless labelled).
    pub names: Vec<String>,
    /// Unit per dimension (`""` if dimensionless or unknown).
    pub units: Vec<String>,
    /// Display scale per dimension (`1` unless labelled): the table prints `value / scale`
    /// with the prefixed unit.
    pub scales: Vec<f64>,
    /// Mean per dimension.
    pub mean: Array1<f64>,
    /// Standard deviation per dimension.
    pub sd: Array1<f64>,
    /// The probabilities of [`Summary::quantiles`].
    pub probs: Vec<f64>,
    /// Quantiles, `(dim, probs.len())`.
    pub quantiles: Array2<f64>,
    /// Rank-normalised split R-hat per dimension (Markov chains), if known.
    pub rhat: Option<Array1<f64>>,
    /// Bulk effective sample size per dimension, if known: for Markov chains from their
    /// autocorrelation, for weighted draws Kish's `1 / sum w_i^2` (the same for every
    /// dimension).
    pub ess: Option<Array1<f64>>,
}

impl Summary {
    /// The probabilities summaries use unless told otherwise: 5 %, 25 %, 50 %, 75 %, 95 %.
    pub const PROBS: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// Summarises `points` `(n, dim)`, weighted by `exp(log_weights)` if given (any
    /// normalisation; `-inf` for weight 0), at the probabilities `probs` (each in `[0, 1]`).
    ///
    /// Errors on no points, weights of the wrong length, a NaN or `+inf` log-weight, weights that
    /// are all zero, a non-finite point, or a probability outside `[0, 1]`.
    pub fn of(
        points: ArrayView2<f64>,
        log_weights: Option<ArrayView1<f64>>,
        probs: &[f64],
    ) -> Result<Summary> {
        let (n, dim) = points.dim();
        if n == 0 {
            return Err(Error::Sampling("cannot summarise zero draws".into()));
        }
        if let Some(p) = probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
            return Err(Error::Sampling(format!(
                "quantile probability {p} is outside [0, 1]"
            )));
        }
        if points.iter().any(|x| !x.is_finite()) {
            return Err(Error::Sampling("a draw is not finite".into()));
        }
        let weighted = log_weights.is_some();
        let weights = match log_weights {
            None => Array1::from_elem(n, 1.0 / n as f64),
            Some(lw) => normalised_weights(lw, n)?,
        };
        let sum_sq: f64 = weights.iter().map(|w| w * w).sum();
        let mean = points.t().dot(&weights);
        let sd = Array1::from_shape_fn(dim, |k| {
            let var: f64 = points
                .column(k)
                .iter()
                .zip(&weights)
                .map(|(x, w)| w * (x - mean[k]) * (x - mean[k]))
                .sum();
            if sum_sq < 1.0 {
                (var / (1.0 - sum_sq)).sqrt()
            } else {
                0.0
            }
        });
        let mut quantiles = Array2::zeros((dim, probs.len()));
        for (k, mut row) in quantiles.axis_iter_mut(Axis(0)).enumerate() {
            let q = weighted_quantiles(points.column(k), weights.view(), probs);
            row.assign(&Array1::from(q));
        }
        Ok(Summary {
            names: (0..dim).map(|k| format!("x[{k}]")).collect(),
            units: vec![String::new(); dim],
            scales: vec![1.0; dim],
            mean,
            sd,
            probs: probs.to_vec(),
            quantiles,
            rhat: None,
            ess: weighted.then(|| Array1::from_elem(dim, 1.0 / sum_sq)),
        })
    }

    /// With these names, units and display scales (one each per dimension).
    ///
    /// # Errors
    /// Lengths that differ from the dimension, or a scale that is not finite and positive.
    pub fn with_labels(
        self,
        names: Vec<String>,
        units: Vec<String>,
        scales: Vec<f64>,
    ) -> Result<Summary> {
        let dim = self.mean.len();
        for (what, len) in [
            ("names", names.len()),
            ("units", units.len()),
            ("scales", scales.len()),
        ] {
            if len != dim {
                return Err(Error::Shape(format!(
                    "{len} {what} for a summary of {dim} dimensions"
                )));
            }
        }
        if let Some(bad) = scales.iter().find(|s| !(s.is_finite() && **s > 0.0)) {
            return Err(Error::Sampling(format!(
                "display scale {bad}: scales must be finite and positive"
            )));
        }
        Ok(Summary {
            names,
            units,
            scales,
            ..self
        })
    }

    /// With the R-hat and bulk effective sample sizes of `diagnostics`.
    ///
    /// # Errors
    /// Diagnostics of another dimension.
    pub fn with_diagnostics(self, diagnostics: &Diagnostics) -> Result<Summary> {
        if diagnostics.rhat.len() != self.mean.len() {
            return Err(Error::Shape(format!(
                "diagnostics of {} dimensions for a summary of {}",
                diagnostics.rhat.len(),
                self.mean.len()
            )));
        }
        Ok(Summary {
            rhat: Some(diagnostics.rhat.clone()),
            ess: Some(diagnostics.ess_bulk.clone()),
            ..self
        })
    }
}

impl fmt::Display for Summary {
    /// One row per dimension: name, unit (prefixed by its scale), mean, sd, the quantiles in
    /// percent, then R-hat and ESS if known. Values are divided by the display scale.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.names.iter().map(String::len).max().unwrap_or(0).max(9);
        let units: Vec<String> = (self.units.iter().zip(&self.scales))
            .map(|(u, &s)| prefixed(s, u))
            .collect();
        let unit_width = units.iter().map(String::len).max().unwrap_or(0).max(4);
        write!(
            f,
            "{:width$}  {:unit_width$}  {:>11}  {:>10}",
            "parameter", "unit", "mean", "sd"
        )?;
        for p in &self.probs {
            write!(f, "  {:>11}", format!("{} %", trimmed(100.0 * p, 4)))?;
        }
        if self.rhat.is_some() {
            write!(f, "  {:>6}", "R-hat")?;
        }
        if self.ess.is_some() {
            write!(f, "  {:>7}", "ESS")?;
        }
        writeln!(f)?;
        for (k, (name, unit)) in self.names.iter().zip(&units).enumerate() {
            let scale = self.scales[k];
            write!(
                f,
                "{name:width$}  {unit:unit_width$}  {:>11}  {:>10}",
                significant(self.mean[k] / scale, 6),
                significant(self.sd[k] / scale, 3)
            )?;
            for q in self.quantiles.row(k) {
                write!(f, "  {:>11}", significant(q / scale, 6))?;
            }
            if let Some(rhat) = &self.rhat {
                write!(f, "  {:>6.3}", rhat[k])?;
            }
            if let Some(ess) = &self.ess {
                write!(f, "  {:>7.0}", ess[k])?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// `exp(lw - max)` normalised to sum 1; errors on a wrong length, NaN or `+inf`, or all `-inf`.
pub(crate) fn normalised_weights(lw: ArrayView1<f64>, n: usize) -> Result<Array1<f64>> {
    if lw.len() != n {
        return Err(Error::Shape(format!(
            "{} log-weights for {n} points",
            lw.len()
        )));
    }
    if lw.iter().any(|w| w.is_nan() || *w == f64::INFINITY) {
        return Err(Error::Sampling("a log-weight is NaN or +inf".into()));
    }
    let max = lw.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    if max == f64::NEG_INFINITY {
        return Err(Error::Sampling("every weight is zero".into()));
    }
    let w = lw.mapv(|v| (v - max).exp());
    let total = w.sum();
    Ok(w / total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn equal_weights_are_hazen_quantiles_and_unbiased_variance() {
        let x = array![[1.0], [2.0], [3.0], [4.0]];
        let s = Summary::of(x.view(), None, &[0.0, 0.125, 0.5, 0.3, 1.0]).unwrap();
        assert_eq!(s.mean[0], 2.5);
        assert!((s.sd[0] - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
        // Midpoints 1/8, 3/8, 5/8, 7/8.
        assert_eq!(s.quantiles.row(0).to_vec(), vec![1.0, 1.0, 2.5, 1.7, 4.0]);
    }

    #[test]
    fn weights_count_as_repetitions() {
        let x = array![[1.0], [2.0]];
        let lw = array![0.0, 2f64.ln()]; // 2 counts twice
        let s = Summary::of(x.view(), Some(lw.view()), &[0.5]).unwrap();
        assert!((s.mean[0] - 5.0 / 3.0).abs() < 1e-15);
        // Weights 1/3, 2/3: midpoints 1/6, 2/3; p = 1/2 is 1 + (1/2 - 1/6) / (1/2).
        assert!((s.quantiles[[0, 0]] - (1.0 + 2.0 / 3.0)).abs() < 1e-15);
    }

    #[test]
    fn the_table_prints_names_units_and_scaled_values() {
        let x = array![[1e-9, 10.0], [3e-9, 30.0]];
        let s = Summary::of(x.view(), None, &[0.05, 0.5, 0.975])
            .unwrap()
            .with_labels(
                vec!["l".into(), "r".into()],
                vec!["H".into(), "ohm".into()],
                vec![1e-9, 1.0],
            )
            .unwrap();
        let text = s.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].contains("unit") && lines[0].contains("97.5 %"),
            "{text}"
        );
        let l: Vec<&str> = lines[1].split_whitespace().collect();
        assert_eq!(&l[..3], ["l", "nH", "2.00000"], "{text}");
        let r: Vec<&str> = lines[2].split_whitespace().collect();
        assert_eq!(&r[..3], ["r", "ohm", "20.0000"], "{text}");
        assert!(!text.contains("R-hat"));
        assert!(s.clone().with_labels(vec![], vec![], vec![]).is_err());
        assert!(
            s.with_labels(vec!["a".into(); 2], vec![String::new(); 2], vec![0.0, 1.0])
                .is_err()
        );
        assert_eq!(significant(1.234e-7, 3), "1.23e-7");
        assert_eq!(significant(-0.5, 3), "-0.500");
    }

    #[test]
    fn bad_input_is_an_error() {
        let x = array![[1.0], [2.0]];
        assert!(Summary::of(x.view(), None, &[1.5]).is_err());
        let lw = array![f64::NEG_INFINITY, f64::NEG_INFINITY];
        assert!(Summary::of(x.view(), Some(lw.view()), &[0.5]).is_err());
        let lw = array![0.0];
        assert!(Summary::of(x.view(), Some(lw.view()), &[0.5]).is_err());
        let empty = Array2::<f64>::zeros((0, 1));
        assert!(Summary::of(empty.view(), None, &[0.5]).is_err());
    }
}

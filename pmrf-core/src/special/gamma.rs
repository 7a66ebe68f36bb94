//! The log-gamma function, for the normalising constants of likelihoods.

/// `ln Gamma(x)` for `x > 0` (Lanczos, g = 7, 9 terms; relative error ~1e-15).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection.
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let a = (1..9).fold(G[0], |acc, k| acc + G[k] / (x + k as f64));
    0.5 * std::f64::consts::TAU.ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials_and_half_integers() {
        // Gamma(n) = (n - 1)!, Gamma(1/2) = sqrt(pi), Gamma(3/2) = sqrt(pi) / 2.
        let sqrt_pi = std::f64::consts::PI.sqrt();
        for (x, want) in [
            (1.0, 0.0),
            (2.0, 0.0),
            (5.0, 24f64.ln()),
            (10.0, 362_880f64.ln()),
            (0.5, sqrt_pi.ln()),
            (1.5, (0.5 * sqrt_pi).ln()),
            (0.1, 9.513_507_698_668_732f64.ln()),
        ] {
            let got = ln_gamma(x);
            assert!(
                (got - want).abs() < 1e-13 * want.abs().max(1.0),
                "{x}: {got} vs {want}"
            );
        }
    }
}

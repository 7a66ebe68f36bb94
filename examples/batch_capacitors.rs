//! The batch example of the ParamRF documentation, in Rust: 10 random series capacitors of
//! 1-5 pF (seed 42), evaluated from 100 MHz to 1 GHz at 100 points.
//!
//! Run with `cargo run --release --example batch_capacitors`.

use pmrf::components::SeriesC;
use pmrf::prelude::*;

fn main() -> Result<(), Error> {
    // 1. A capacitor whose value is drawn uniformly from 1 to 5 pF.
    let capacitor = SeriesC::new(1e-12);
    let params = capacitor
        .params()?
        .with_prior("c", Prior::uniform(1e-12, 5e-12)?)?;

    // 2. A batch of 10 capacitors, reproducible with seed 42.
    let batch = Batch::sample(&params, &Filter::Free, 10, 42)?;

    // 3. S-parameters of the whole batch, evaluated in parallel.
    let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz)?;
    let s = batch.s(&freq)?;

    println!("batched S-parameters: shape {:?}", s.dim());
    for (i, c) in batch.values().column(0).iter().enumerate().take(3) {
        let (s11, s21) = (s[[i, 0, 0, 0]], s[[i, 0, 1, 0]]);
        println!(
            "capacitor {i}: C = {:.3} pF, at {:.0} MHz: S11 = {:.4}{:+.4}j, S21 = {:.4}{:+.4}j",
            c * 1e12,
            freq.hz()[0] / 1e6,
            s11.re,
            s11.im,
            s21.re,
            s21.im
        );
    }
    Ok(())
}

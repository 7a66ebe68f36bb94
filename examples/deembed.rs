//! De-embedding and time gating: a DUT measured in a test fixture, the fixture's halves
//! de-embedded, the DUT fitted with a parametric model, and the measurement seen in time, where
//! the fixture's launches and the DUT are separate reflections and a gate keeps the DUT's.
//!
//! The files in `examples/data/deembed/` are synthetic (see the README there): the fixture
//! halves are a 55 ohm, 180 ps trace and a launch (0.25 nH, 0.12 pF); the DUT is an L-C-L
//! T low-pass (3.3 nH, 1.5 pF, 3.3 nH); the measurement carries 1e-3 of noise.
//!
//! Run with `cargo run --release --example deembed --features plot -- [DIR]`; the pictures go to
//! DIR (or `$PMRF_PLOTS`, or `target/plots/`).

use pmrf::components::{SeriesL, ShuntC};
use pmrf::fit::{Fit, Objective, Term};
use pmrf::network::{Gate, GateMethod, TimeOptions, Window};
use pmrf::prelude::*;

/// Where the pictures go: `$PMRF_PLOTS`, else the first argument, else `target/plots/`.
fn plots_dir() -> pmrf::Result<std::path::PathBuf> {
    let dir = std::env::var_os("PMRF_PLOTS")
        .or_else(|| std::env::args_os().nth(1))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("target/plots"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| pmrf::Error::Plot(format!("cannot create `{}`: {e}", dir.display())))?;
    Ok(dir)
}

fn data(name: &str) -> pmrf::Result<Network> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/deembed/");
    Network::from_touchstone(format!("{dir}{name}"))
}

/// The times (s) of the largest local peaks of `|y|`, largest first.
fn peaks(t: &[f64], y: &[f64], count: usize) -> Vec<(f64, f64)> {
    let mut found: Vec<(f64, f64)> = (1..y.len() - 1)
        .filter(|&k| y[k] > y[k - 1] && y[k] >= y[k + 1])
        .map(|k| (t[k], y[k]))
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found.truncate(count);
    found
}

fn main() -> pmrf::Result<()> {
    let measured = data("dut_in_fixture.s2p")?.with_name("DUT in fixture");
    let (left, right) = (data("fixture_left.s2p")?, data("fixture_right.s2p")?);

    // 1. De-embed: left^-1 ** measured ** right^-1.
    let dut = measured
        .deembed(Some(&left), Some(&right))?
        .with_name("DUT, de-embedded");
    println!(
        "{} points, {:.0}-{:.0} GHz; |S21| at 5 GHz: in fixture {:.2} dB, de-embedded {:.2} dB",
        measured.len(),
        measured.frequency().hz()[0] / 1e9,
        measured.frequency().hz()[measured.len() - 1] / 1e9,
        measured.s_db()[[100, 1, 0]],
        dut.s_db()[[100, 1, 0]]
    );

    // 2. Fit an L-C-L T to the de-embedded DUT, from a start 30-50 % off.
    let model = Cascade::new((SeriesL::new(2e-9), ShuntC::new(1e-12), SeriesL::new(5e-9)));
    let params = model
        .params()?
        .bounded("stages[*].l", 0.1e-9..=20e-9)?
        .bounded("stages[1].c", 0.05e-12..=10e-12)?;
    let result = Fit::new(&params, Objective::new().term(Term::new(dut.clone())))?.run()?;
    let truth = [3.3e-9, 1.5e-12, 3.3e-9];
    let errors = result.std_errors().unwrap_or_default();
    println!("\nfit of the de-embedded DUT (loss {:.2e}):", result.loss());
    for (k, name) in result.names().iter().enumerate() {
        println!(
            "  {name:<12} {:>10.4e} +- {:.1e}   (truth {:.4e})",
            result.values()[k],
            errors.get(k).copied().unwrap_or(f64::NAN),
            truth[k]
        );
    }

    // 3. In time: the low-pass impulse of S11 (the grid starts at DC). The DUT's reflections
    //    arrive after the round trip through one fixture half (2 x 180 ps of trace, and the
    //    launch).
    let opts = TimeOptions::default();
    let raw = measured.impulse_response(0, 0, &opts)?;
    let (t, y): (Vec<f64>, Vec<f64>) = (raw.t.iter().copied())
        .zip(raw.y.iter().map(|v| v.re.abs()))
        .filter(|&(t, _)| t >= 0.0)
        .unzip();
    println!("\nlargest reflections in the measured S11 impulse:");
    let mut found = peaks(&t, &y, 3);
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (time, height) in &found {
        println!("  t = {:>6.0} ps   |h| = {height:.3}", time * 1e12);
    }

    // 4. Gate the measurement from 0.1 to 2.5 ns with a rectangular window: it removes the
    //    reflection at t = 0 of the 55 ohm trace at the port, and what rings on past 2.5 ns,
    //    and keeps the DUT's reflections. (scikit-rf's default Kaiser gate weights everything
    //    but the gate's centre down: it suits a gate centred on one reflection.)
    let gated = measured
        .time_gate(
            &Gate::start_stop(0.1e-9, 2.5e-9)
                .method(GateMethod::Rfft)
                .window(Window::Boxcar),
        )?
        .with_name("DUT in fixture, gated 0.1-2.5 ns");
    let gated_ir = gated.impulse_response(0, 0, &opts)?;
    let outside = (gated_ir.t.iter().zip(&gated_ir.y))
        .filter(|(t, _)| **t > 2.6e-9)
        .map(|(_, y)| y.norm())
        .fold(0.0, f64::max);
    println!("  after the gate, the largest response beyond 2.6 ns: {outside:.1e}");

    // The pictures: S21 in and out of the fixture, and S11 raw, gated and de-embedded.
    let dir = plots_dir()?;
    let path = pmrf::plot::Traces::new()
        .network(&measured)
        .network(&dut)
        .features(["s21_db"])
        .title("S21: in the fixture and de-embedded")
        .save(dir.join("deembed_s21.png"))?;
    println!("\nwrote {}", path.display());
    let path = pmrf::plot::Traces::new()
        .network(&measured)
        .network(&gated)
        .network(&dut)
        .features(["s11_db"])
        .title("S11: raw, time-gated, de-embedded")
        .save(dir.join("deembed_s11.png"))?;
    println!("wrote {}", path.display());
    Ok(())
}

//! A cable assembly: a 1 m coaxial cable (RG-58-like, from its dimensions and materials)
//! between two SMA-like connectors (a short 50 ohm line and the shunt capacitance of the
//! launch), its insertion loss in dB and group delay from 1 MHz to 6 GHz, and the exact
//! derivative of the insertion loss with respect to the dielectric's loss tangent.
//!
//! The connector and the assembly are structs of their own, so their parameters read
//! `cable.dielectric.tand` and `right.launch.c`; each evaluates as the library's [`Cascade`]
//! of its parts. The parts are `Copy` (a few numbers each), so `primary` builds the cascade
//! from copies of its fields, which the compiler keeps on the stack.
//!
//! Run with `cargo run --release --example cable --features plot -- [DIR]`; the pictures go
//! to DIR (or `$PMRF_PLOTS`, or `target/plots/`).

use pmrf::components::lines::{CoaxialLine, DelayLine};
use pmrf::components::materials::{BulkConductor, ConstantDielectric};
use pmrf::components::{Flipped, ShuntC};
use pmrf::network::domain;
use pmrf::prelude::*;

/// An SMA-like connector: a short 50 ohm line (its body) and the shunt capacitance of the
/// launch onto the cable.
#[derive(Model, Clone, Copy, Debug)]
struct Connector<T: Scalar = f64> {
    body: DelayLine<T>,
    launch: ShuntC<T>,
}

impl Connector {
    fn sma() -> Self {
        Connector {
            body: DelayLine::new(50.0, 35e-12),
            launch: ShuntC::new(0.08e-12),
        }
    }
}

impl<T: Scalar> Component<2> for Connector<T> {
    type Domain = domain::S;
    fn primary(&self, f: T) -> Mat<T, 2> {
        Cascade::new((self.body, self.launch)).primary(f)
    }
}

/// Connector, cable, connector (the right connector turned around): parameter names read
/// `cable.dielectric.tand`, `right.launch.c`.
#[derive(Model, Clone, Copy, Debug)]
struct Assembly<T: Scalar = f64> {
    left: Connector<T>,
    cable: CoaxialLine<T>,
    right: Connector<T>,
}

impl<T: Scalar> Component<2> for Assembly<T> {
    type Domain = domain::S;
    fn primary(&self, f: T) -> Mat<T, 2> {
        Cascade::new((self.left, self.cable, Flipped::new(self.right))).primary(f)
    }
}

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

fn main() -> pmrf::Result<()> {
    // RG-58-like: 0.91 mm copper inner conductor, 2.95 mm solid polyethylene, 1 m.
    let cable = CoaxialLine::new(
        0.91e-3,
        2.95e-3,
        0.2e-3,
        1.0,
        ConstantDielectric::new(2.3, 2e-4),
        BulkConductor::copper(),
    )?;
    let assembly = Assembly {
        left: Connector::sma(),
        cable,
        right: Connector::sma(),
    };
    println!("{}", assembly.params()?);

    let freq = Frequency::logspace(1e-3, 6.0, 301, FrequencyUnit::GHz)?;
    let network = assembly.network(&freq)?;
    let il = network.s_db().mapv(|v| -v);
    let delay = pmrf::diff::group_delay(&assembly, &freq, 1, 0)?;
    println!(
        "\n{:>10} {:>12} {:>12} {:>14}",
        "f (MHz)", "IL (dB)", "RL (dB)", "delay (ns)"
    );
    for k in (0..freq.len()).step_by(30) {
        println!(
            "{:>10.1} {:>12.4} {:>12.2} {:>14.5}",
            freq.hz()[k] / 1e6,
            il[[k, 1, 0]],
            -network.s_db()[[k, 0, 0]],
            delay[k] * 1e9
        );
    }

    // The pictures: insertion and return loss, group delay, on a fine linear grid: the return
    // loss ripples every ~100 MHz (1 m of cable), and the delay from the unwrapped phase needs
    // steps of well under half a period (0.1 ns at 5 ns); the log grid above is too coarse.
    let dir = plots_dir()?;
    let fine = Frequency::linspace(1.0, 6000.0, 2000, FrequencyUnit::MHz)?;
    let fine = assembly.network(&fine)?.with_name("RG-58-like, 1 m, SMA");
    let path = pmrf::plot::Traces::of(&fine)
        .features(["s21_db", "s11_db"])
        .title("Cable assembly: |S| in dB")
        .save(dir.join("cable_db.png"))?;
    println!("\nwrote {}", path.display());
    let path = pmrf::plot::Traces::of(&fine)
        .features(["s21_gd"])
        .title("Cable assembly: group delay")
        .save(dir.join("cable_delay.png"))?;
    println!("wrote {}", path.display());

    // d IL(3 GHz) / d tand: how much of the loss the dielectric is responsible for.
    let f = Grad::from(3e9);
    let params = assembly.params()?;
    let grad = gradient(&params, &Filter::glob("cable.dielectric.tand"), |m| {
        -(m.s_at(f)[1][0].norm_sqr().log10() * 10.0)
    })?;
    let tand = 2e-4;
    println!(
        "\nd IL / d tand at 3 GHz = {:.1} dB per unit loss tangent: the dielectric's share of \
         the loss is {:.3} dB (tand d IL / d tand)",
        grad[0],
        tand * grad[0]
    );
    Ok(())
}

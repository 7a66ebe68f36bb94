//! Every kind of plot pmrf draws, on a 5th-order 1 GHz Butterworth low-pass: |S| in dB and
//! the phase of S21, return loss against a goal, the band of |S21| over a Monte Carlo batch
//! of 5 % parts, a fit to a noisy measurement with its residual, the Smith chart and the
//! polar plot with markers, and the corner plot of a posterior (draws from a known normal,
//! with the truth marked). Each is written as PNG and SVG, and its layout is checked: no
//! label overlaps another or runs off the image: every picture is written, then the run fails
//! naming each one whose layout is wrong.
//!
//! Run with `cargo run --release --example gallery --features plot -- [output directory]`
//! (default `docs/gallery/`).

use std::path::{Path, PathBuf};

use pmrf::components::{SeriesL, ShuntC};
use pmrf::fit::{Fit, Objective, Term};
use pmrf::ndarray::{Array2, Array3};
use pmrf::plot::{BatchBand, Corner, Curves, FitPlot, Layout, Polar, SmithChart, Traces};
use pmrf::prelude::*;

type Butterworth = Cascade<(ShuntC, SeriesL, ShuntC, SeriesL, ShuntC)>;

/// The 5th-order Butterworth low-pass from its C1, L2, C3 (symmetric: C5 = C1, L4 = L2).
fn lowpass(c1: f64, l2: f64, c3: f64) -> Butterworth {
    Cascade::new((
        ShuntC::new(c1),
        SeriesL::new(l2),
        ShuntC::new(c3),
        SeriesL::new(l2),
        ShuntC::new(c1),
    ))
}

/// The design values for a 1 GHz cut-off in 50 Ω: g = 0.618, 1.618, 2.
const DESIGN: (f64, f64, f64) = (1.967e-12, 12.88e-9, 6.366e-12);

/// A seeded standard normal generator (xorshift64* and Box-Muller): the same pictures on
/// every run.
fn normal(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed.max(1);
    move || {
        let mut uniform = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            ((state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let (a, b) = (uniform(), uniform());
        (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
    }
}

/// The pictures written and the layout problems found.
struct Gallery {
    dir: PathBuf,
    problems: Vec<String>,
}

impl Gallery {
    /// Writes `name`.png and `name`.svg and checks the layout, noting a problem (the
    /// pictures are written anyway, to be looked at).
    fn write(
        &mut self,
        name: &str,
        layout: pmrf::Result<Layout>,
        save: impl Fn(&Path) -> pmrf::Result<PathBuf>,
    ) -> pmrf::Result<()> {
        for ext in ["png", "svg"] {
            let path = save(&self.dir.join(format!("{name}.{ext}")))?;
            println!("wrote {}", path.display());
        }
        if let Err(e) = layout?.check() {
            eprintln!("LAYOUT PROBLEM in `{name}`: {e}");
            self.problems.push(name.to_string());
        }
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "docs/gallery".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let mut gallery = Gallery {
        dir,
        problems: Vec::new(),
    };
    let (c1, l2, c3) = DESIGN;
    let freq = Frequency::linspace(10.0, 3000.0, 300, FrequencyUnit::MHz)?;
    let net = lowpass(c1, l2, c3).network(&freq)?.with_name("Butterworth");

    // Traces: |S| in dB, and the phase of S21.
    let db = Traces::of(&net)
        .features(["s21_db", "s11_db"])
        .title("5th-order Butterworth low-pass, 1 GHz")
        .y_range(-60.0, 5.0);
    gallery.write("traces_db", db.to_layout(), |p| db.save(p))?;
    let phase = Traces::of(&net).features(["s21_deg"]).title("Phase of S21");
    gallery.write("traces_phase", phase.to_layout(), |p| phase.save(p))?;

    // Curves with a limit: the return loss against a 10 dB goal.
    let return_loss: Vec<f64> = (0..freq.len())
        .map(|k| -20.0 * net.s()[[k, 0, 0]].norm().max(1e-12).log10())
        .collect();
    let curves = Curves::new(&freq)
        .curve("Return loss", &return_loss)
        .limit("goal", 10.0)
        .y_label("Return loss (dB)")
        .y_range(0.0, 60.0)
        .title("Return loss of the low-pass");
    gallery.write("curves", curves.to_layout(), |p| curves.save(p))?;

    // A Monte Carlo batch: parts within 5 % (normal, sd 2.5 %), 500 filters.
    let params = lowpass(c1, l2, c3)
        .params()?
        .with_prior("stages[0].c", Prior::normal(c1, 0.025 * c1)?)?
        .with_prior("stages[1].l", Prior::normal(l2, 0.025 * l2)?)?
        .with_prior("stages[2].c", Prior::normal(c3, 0.025 * c3)?)?
        .with_prior("stages[3].l", Prior::normal(l2, 0.025 * l2)?)?
        .with_prior("stages[4].c", Prior::normal(c1, 0.025 * c1)?)?;
    let batch = Batch::sample(&params, &Filter::Free, 500, 7)?;
    let s = batch.s::<2>(&freq)?;
    let band = BatchBand::new(&freq, s.view())
        .feature("s11_db")
        .title("Return loss over 500 filters with 5 % parts");
    gallery.write("batch_band", band.to_layout(), |p| band.save(p))?;

    // A fit: the model, started 20 % off, fitted to the design plus noise.
    let mut gauss = normal(11);
    let noise = Array3::from_shape_fn(net.s().dim(), |_| {
        Complex::new(3e-3 * gauss(), 3e-3 * gauss())
    });
    let measured = Network::from_s(freq.clone(), net.s() + &noise)?.with_name("measured");
    let start = lowpass(1.2 * c1, 0.8 * l2, 1.2 * c3)
        .params()?
        .tied("stages[3].l", "stages[1].l")?
        .tied("stages[4].c", "stages[0].c")?
        .bounded("stages[*].c", 0.1e-12..=20e-12)?
        .bounded("stages[*].l", 1e-9..=50e-9)?;
    let result = Fit::new(&start, Objective::new().term(Term::new(measured.clone())))?.run()?;
    let fitted = result.fitted(&measured)?.with_name("fitted");
    let fit = FitPlot::new(&measured, &fitted)
        .features(["s21_db", "s11_db"])
        .title("Fit to a noisy measurement");
    gallery.write("fit", fit.to_layout(), |p| fit.save(p))?;

    // The Smith chart and the polar plot, with markers.
    let markers = [0.5e9, 1.0e9, 1.5e9];
    let smith = SmithChart::of(&net)
        .entries(["s11"])
        .markers(markers)
        .title("S11 on the Smith chart");
    gallery.write("smith", smith.to_layout(), |p| smith.save(p))?;
    let polar = Polar::of(&net, "s21")
        .markers(markers)
        .title("S21 in the complex plane");
    gallery.write("polar", polar.to_layout(), |p| polar.save(p))?;

    // A posterior: 4000 draws of C1, L2 and C3 from a known correlated normal, truth marked.
    let mut gauss = normal(5);
    let draws = Array2::from_shape_fn((4000, 3), |_| gauss());
    let mut samples = Array2::zeros((4000, 3));
    for (mut row, z) in samples.rows_mut().into_iter().zip(draws.rows()) {
        row[0] = c1 * (1.0 + 0.02 * z[0]);
        row[1] = l2 * (1.0 + 0.015 * (0.8 * z[0] + 0.6 * z[1]));
        row[2] = c3 * (1.0 + 0.01 * z[2]);
    }
    let corner = Corner::new(&["c1", "l2", "c3"], &["F", "H", "F"], samples.view(), None)
        .truths(&[c1, l2, c3])
        .title("Posterior of the low-pass");
    gallery.write("corner", corner.to_layout(), |p| corner.save(p))?;

    if gallery.problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "labels overlap or are cut in: {}",
            gallery.problems.join(", ")
        )
        .into())
    }
}

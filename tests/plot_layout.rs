//! Every plot kind laid out at several sizes and on awkward data: no label overlaps another and
//! none runs off the image. The boxes come from [`pmrf::plot::Layout`], which records where
//! each text lands with the font metrics and anchors the PNG backend draws with.

use pmrf::Complex;
use pmrf::components::{SeriesL, ShuntC};
use pmrf::ndarray::{Array2, Array4};
use pmrf::plot::{BatchBand, Corner, Curves, FitPlot, Layout, Polar, SmithChart, Traces};
use pmrf::prelude::*;

/// The sizes every kind is checked at: small, the default, wide, and large.
const SIZES: [(u32, u32); 4] = [(480, 360), (900, 600), (1600, 500), (1800, 1200)];

fn ok(what: &str, size: (u32, u32), layout: pmrf::Result<Layout>) {
    let layout = layout.unwrap_or_else(|e| panic!("{what} at {size:?}: {e}"));
    if let Err(e) = layout.check() {
        panic!("{what} at {size:?}: {e}");
    }
}

/// The LC low-pass over `lo..hi` in `unit`, 201 points.
fn lowpass(lo: f64, hi: f64, unit: FrequencyUnit) -> Network {
    let freq = Frequency::linspace(lo, hi, 201, unit).unwrap();
    Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12)))
        .network(&freq)
        .unwrap()
        .with_name("LC low-pass")
}

/// Grids RF engineers use: MHz that read as GHz, kHz to GHz, a narrow band far from zero.
fn grids() -> Vec<Network> {
    vec![
        lowpass(0.1, 3.0, FrequencyUnit::GHz),
        lowpass(500.0, 6000.0, FrequencyUnit::MHz),
        lowpass(10.0, 20e6, FrequencyUnit::KHz),
        lowpass(2.400, 2.4835, FrequencyUnit::GHz),
    ]
}

#[test]
fn traces_never_overlap_or_cut_labels() {
    for net in grids() {
        for size in SIZES {
            for features in [&["s21_db", "s11_db"][..], &["s_deg"][..], &["s21_gd"][..]] {
                let plot = Traces::of(&net)
                    .features(features.iter().copied())
                    .title("A title as long as the ones people write for their reports")
                    .size(size.0, size.1);
                ok(
                    &format!("traces {features:?} on {}", net.frequency()),
                    size,
                    plot.to_layout(),
                );
            }
        }
    }
}

#[test]
fn curves_and_limits_never_overlap_or_cut_labels() {
    for net in grids() {
        let freq = net.frequency().clone();
        let nf: Vec<f64> = (0..freq.len()).map(|i| 1.0 + 1e-3 * i as f64).collect();
        for size in SIZES {
            let plot = Curves::new(&freq)
                .curve("NF", &nf)
                .curve("NFmin", nf.iter().map(|v| v - 0.2))
                .limit("goal", 1.2)
                .y_label("Noise figure (dB)")
                .size(size.0, size.1);
            ok("curves", size, plot.to_layout());
        }
    }
}

#[test]
fn fits_never_overlap_or_cut_labels() {
    for data in grids() {
        let model = data.clone();
        for size in SIZES {
            let plot = FitPlot::new(&data, &model)
                .features(["s21_db", "s11_db"])
                .size(size.0, size.1);
            ok("fit", size, plot.to_layout());
        }
    }
}

#[test]
fn batch_bands_never_overlap_or_cut_labels() {
    let freq = Frequency::linspace(0.5, 6.0, 101, FrequencyUnit::GHz).unwrap();
    let s = Array4::from_shape_fn((50, 101, 2, 2), |(m, k, i, j)| {
        let g = 0.5 + 0.004 * m as f64 + 0.002 * k as f64;
        if i == j {
            Complex::new(0.1 * g, 0.0)
        } else {
            Complex::new(g, 0.1)
        }
    });
    for size in SIZES {
        let plot = BatchBand::new(&freq, s.view())
            .feature("s21_db")
            .size(size.0, size.1);
        ok("batch band", size, plot.to_layout());
    }
}

#[test]
fn smith_and_polar_never_overlap_or_cut_labels() {
    for net in grids() {
        let markers = [net.frequency().hz()[50], net.frequency().hz()[150]];
        for size in SIZES {
            let smith = SmithChart::of(&net).markers(markers).size(size.0, size.1);
            ok("smith", size, smith.to_layout());
            let admittance = SmithChart::of(&net).admittance(true).size(size.0, size.1);
            ok("smith with admittance", size, admittance.to_layout());
            let polar = Polar::of(&net, "s21").markers(markers).size(size.0, size.1);
            ok("polar", size, polar.to_layout());
        }
    }
}

#[test]
fn corners_never_overlap_or_cut_labels() {
    for dim in [2usize, 3, 6] {
        let draws = Array2::from_shape_fn((400, dim), |(i, j)| {
            let u = ((i * 7919 + j * 104729) % 1000) as f64 / 1000.0;
            [10e-9, 2.2e-12, 47.0, 1e9, 0.02, 3.0][j] * (1.0 + 0.05 * (u - 0.5))
        });
        let names: Vec<String> = ["l1", "c1", "r_esr", "f0", "tand", "gain"][..dim]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let units: Vec<&str> = ["H", "F", "Ω", "Hz", "", "dB"][..dim].to_vec();
        let corner = Corner::new(&names, &units, draws.view(), None);
        ok(&format!("corner of {dim}"), (0, 0), corner.to_layout()); // its own size
        for size in [(500, 500), (1200, 1200)] {
            let corner = Corner::new(&names, &units, draws.view(), None).size(size.0, size.1);
            ok(&format!("corner of {dim}"), size, corner.to_layout());
        }
    }
}

/// The segments of `rgb` outside the legend box (drawn with its grey border) that leave
/// `x` by `y` (one pixel of tolerance for rounding at the edges).
fn escaping(
    layout: &Layout,
    rgb: [u8; 3],
    x: std::ops::Range<i32>,
    y: std::ops::Range<i32>,
) -> Vec<pmrf::plot::Segment> {
    let legend: Vec<&pmrf::plot::Segment> = layout
        .lines
        .iter()
        .filter(|s| s.rgb == [170, 170, 170])
        .collect();
    let in_legend = |p: (i32, i32)| {
        let xs = legend.iter().flat_map(|s| [s.from.0, s.to.0]);
        let ys = legend.iter().flat_map(|s| [s.from.1, s.to.1]);
        let (x0, x1) = (xs.clone().min(), xs.max());
        let (y0, y1) = (ys.clone().min(), ys.max());
        matches!((x0, x1, y0, y1), (Some(a), Some(b), Some(c), Some(d))
            if p.0 >= a && p.0 <= b && p.1 >= c && p.1 <= d)
    };
    let inside =
        |p: (i32, i32)| p.0 >= x.start - 1 && p.0 <= x.end && p.1 >= y.start - 1 && p.1 <= y.end;
    layout
        .lines
        .iter()
        .filter(|s| s.rgb == rgb && !(in_legend(s.from) && in_legend(s.to)))
        .filter(|s| !(inside(s.from) && inside(s.to)))
        .cloned()
        .collect()
}

#[test]
fn series_stay_inside_their_plotting_areas() {
    let blue = [68, 119, 170];
    let red = [238, 102, 119];
    // A fixed y range that cuts |S21| of the low-pass in two.
    let net = lowpass(0.1, 3.0, FrequencyUnit::GHz);
    let layout = Traces::of(&net)
        .features(["s21_db"])
        .y_range(-6.0, -1.0)
        .to_layout()
        .unwrap();
    let area = layout.area.clone();
    assert!(
        layout.lines.iter().any(|s| s.rgb == blue),
        "the trace is drawn"
    );
    let out = escaping(&layout, blue, area.x, area.y);
    assert!(out.is_empty(), "trace segments outside the area: {out:?}");

    // A fit whose residuals are large and noisy: the model inside the upper panel, the
    // residual inside the lower one (the second dark frame drawn).
    let data = lowpass(0.1, 3.0, FrequencyUnit::GHz);
    let model = Cascade::new((SeriesL::new(12e-9), ShuntC::new(3e-12)))
        .network(data.frequency())
        .unwrap();
    let layout = FitPlot::new(&data, &model).to_layout().unwrap();
    let area = layout.area.clone();
    let out = escaping(&layout, blue, area.x.clone(), area.y.clone());
    assert!(out.is_empty(), "model segments outside the area: {out:?}");
    let frames: Vec<&pmrf::plot::Segment> = layout
        .lines
        .iter()
        .filter(|s| s.rgb == [90, 90, 90])
        .collect();
    assert_eq!(frames.len(), 8, "two panels of four sides each");
    let lower = &frames[4..];
    let xs = lower.iter().flat_map(|s| [s.from.0, s.to.0]);
    let ys = lower.iter().flat_map(|s| [s.from.1, s.to.1]);
    let (x0, x1) = (xs.clone().min().unwrap(), xs.max().unwrap());
    let (y0, y1) = (ys.clone().min().unwrap(), ys.max().unwrap());
    assert!(y0 > area.y.end, "the residual panel is below the main one");
    assert!(
        layout.lines.iter().any(|s| s.rgb == red),
        "the residual is drawn"
    );
    let out = escaping(&layout, red, x0..x1, y0..y1);
    assert!(
        out.is_empty(),
        "residual segments outside their panel: {out:?}"
    );
}

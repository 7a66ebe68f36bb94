//! Plots (feature `plot`): every kind written to PNG and SVG, the SVG read back for what must be
//! in it, the PNG's pixels checked where a trace must land.
// The facade's dev-dependency on pmrf-core enables `plot`, so `cargo test` always runs these.

use std::path::PathBuf;

use pmrf::Complex;
use pmrf::components::{SeriesL, ShuntC};
use pmrf::ndarray::{Array3, Array4};
use pmrf::plot::{BatchBand, Corner, Curves, FitPlot, Polar, Raster, SmithChart, Theme, Traces};
use pmrf::prelude::*;

type C = Complex<f64>;

fn out_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pmrf-plot-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The LC low-pass the doc examples use, 2 ports, 0.1-3 GHz.
fn lowpass() -> Network {
    let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz).unwrap();
    Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12)))
        .network(&freq)
        .unwrap()
        .with_name("LC")
}

/// A 2-port whose entries are constant over 1-2 GHz: `S11 = S22 = s11`, `S21 = S12 = s21`.
fn constant(s11: C, s21: C) -> Network {
    let freq = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz).unwrap();
    let s = Array3::from_shape_fn((11, 2, 2), |(_, i, j)| if i == j { s11 } else { s21 });
    Network::from_s(freq, s).unwrap()
}

/// The PNG at `path`, decoded.
fn read_png(path: &std::path::Path) -> image::RgbImage {
    image::open(path).expect("decodable PNG").to_rgb8()
}

/// The rows (sorted, distinct) of pixels of exactly `color` in columns `cols`.
fn rows_of(img: &image::RgbImage, color: [u8; 3], cols: std::ops::Range<u32>) -> Vec<u32> {
    let mut rows: Vec<u32> = (0..img.height())
        .filter(|&y| cols.clone().any(|x| img.get_pixel(x, y).0 == color))
        .collect();
    rows.dedup();
    rows
}

fn count(svg: &str, what: &str) -> usize {
    svg.matches(what).count()
}

/// The `<polyline>` elements whose attributes contain `attr` (axes and ticks are black
/// polylines of width 1; traces are drawn 2 wide, grids and members in their own colours).
fn polylines(svg: &str, attr: &str) -> usize {
    svg.split("<polyline")
        .skip(1)
        .filter(|e| e.split('>').next().is_some_and(|a| a.contains(attr)))
        .count()
}

const TRACE: &str = "stroke-width=\"2\"";

const BLUE: [u8; 3] = [68, 119, 170]; // the first colour of Paul Tol's "bright"

#[test]
fn traces_to_png_and_svg() {
    let net = lowpass();
    let dir = out_dir("traces");
    let plot = Traces::of(&net)
        .features(["s21_db", "s11_db"])
        .title("LC low-pass");
    let png = plot.save(dir.join("lc.png")).unwrap();
    let svg_path = plot.save(dir.join("lc.SVG")).unwrap();
    let img = read_png(&png);
    assert_eq!((img.width(), img.height()), (900, 600));
    let svg = std::fs::read_to_string(svg_path).unwrap();
    assert!(svg.starts_with("<svg") || svg.contains("<svg"));
    // The family the PNG is drawn with comes first, so SVG viewers pick the same font.
    assert!(svg.contains("font-family=\"DejaVu Sans, sans-serif\""));
    // Quantities name the axes, tick labels carry the units (issue 24: was "Frequency (GHz)",
    // "|S| (dB)").
    for text in [
        "LC low-pass",
        "Frequency",
        "1 GHz",
        "|S|",
        "\u{2212}10 dB",
        "S21",
        "S11",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
    // One 2-pixel polyline per trace (the legend glyphs are <rect>s).
    assert_eq!(polylines(&svg, TRACE), 2);

    // Several networks: names prefix the entries; several transforms suffix them.
    let other = constant(C::new(0.1, 0.0), C::new(0.9, 0.0)).with_name("pad");
    let svg = Traces::new()
        .network(&net)
        .network(&other)
        .features(["s21_db", "s21_deg"])
        .to_svg()
        .unwrap();
    for text in ["LC: S21 db", "pad: S21 deg", "|S21| (dB), S21 phase (deg)"] {
        assert!(svg.contains(text), "missing {text}");
    }
    assert_eq!(polylines(&svg, TRACE), 4);

    // Every entry by default (the one-liner), group delay in an engineering unit.
    let path = net.plot_db(dir.join("all.svg")).unwrap();
    let svg = std::fs::read_to_string(path).unwrap();
    assert_eq!(polylines(&svg, TRACE), 4);
    for e in ["S11", "S12", "S21", "S22"] {
        assert!(svg.contains(e));
    }
    let svg = Traces::of(&net).features(["s21_gd"]).to_svg().unwrap();
    assert!(svg.contains("S21 group delay"));
    assert!(
        svg.contains(" ps<") || svg.contains(" ps\n"),
        "LC delays are tens of ps"
    );
    let path = net.plot_db(dir.join("all.png")).unwrap();
    assert_eq!(&std::fs::read(path).unwrap()[1..4], b"PNG");
}

#[test]
fn a_constant_trace_lands_on_its_row() {
    // |S21| = 0.5: -6.0206 dB, drawn on a y axis from -12.0412 to 0: the middle row.
    let net = constant(C::new(0.0, 0.0), C::new(0.5, 0.0));
    let v = 20.0 * 0.5f64.log10();
    let plot = Traces::of(&net).features(["s21_db"]).y_range(2.0 * v, 0.0);
    let raster: Raster = plot.to_raster().unwrap();
    let dir = out_dir("row");
    let img = read_png(&plot.save(dir.join("row.png")).unwrap());
    let (xr, yr) = (raster.area.x.clone(), raster.area.y.clone());
    // Same picture in memory and on disk.
    assert_eq!(img.as_raw(), &raster.pixels);
    let expected = f64::from(yr.start) + 0.5 * f64::from(yr.end - yr.start - 1);
    // Left half of the plotting area (the legend, in the same colour, is on the right).
    let cols = xr.start as u32 + 5..((xr.start + xr.end) / 2) as u32;
    let rows = rows_of(&img, BLUE, cols.clone());
    assert!(!rows.is_empty(), "the trace is drawn");
    for r in &rows {
        assert!(
            (f64::from(*r) - expected).abs() <= 2.0,
            "row {r}, expected {expected}"
        );
    }
    // And the line spans the columns: every column holds it.
    for x in cols {
        assert!(
            rows.iter().any(|&y| img.get_pixel(x, y).0 == BLUE),
            "column {x}"
        );
    }
    // Out of range values are clipped: nothing of the trace outside the plotting area.
    let raster = Traces::of(&net)
        .features(["s21_db"])
        .y_range(-3.0, 0.0)
        .to_raster()
        .unwrap();
    for y in 0..raster.height {
        for x in
            raster.area.x.start as u32 + 5..((raster.area.x.start + raster.area.x.end) / 2) as u32
        {
            assert_ne!(
                raster.pixel(x, y),
                Some(BLUE),
                "clipped trace drawn at ({x}, {y})"
            );
        }
    }
}

#[test]
fn smith_chart_grid_traces_and_markers() {
    let net = lowpass();
    let dir = out_dir("smith");
    let chart = SmithChart::of(&net).title("Smith");
    chart.save(dir.join("smith.png")).unwrap();
    let svg = std::fs::read_to_string(chart.save(dir.join("smith.svg")).unwrap()).unwrap();
    // 5 resistance circles and the rim, the legend's start/stop key and each trace's start and
    // stop dots; 10 reactance arcs and the real axis (grey); the 2 traces and their 2 legend
    // swatches.
    assert_eq!(count(&svg, "<circle"), 6 + 2 + 4);
    assert_eq!(polylines(&svg, "#AAAAAA"), 10 + 1);
    assert_eq!(polylines(&svg, TRACE), 2 + 2);
    for text in [
        "Smith",
        "S11",
        "S22",
        "+j1",
        "\u{2212}j0.5",
        "0.2",
        "∞",
        "start",
        "stop",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
    let svg = SmithChart::of(&net)
        .admittance(true)
        .markers([1e9, 2e9])
        .to_svg()
        .unwrap();
    // Both grids, the key and ends as above, and 2 markers (dot and ring) on each of 2 traces.
    assert_eq!(count(&svg, "<circle"), 12 + 5 + 8);
    assert!(svg.contains("1 GHz") && svg.contains("2 GHz"));

    // S11 = 0.5: a marker dot at Γ = 0.5, right of the centre by half the radius.
    let net = constant(C::new(0.5, 0.0), C::new(0.5, 0.0));
    let plot = SmithChart::of(&net).entries(["s11"]).markers([1.5e9]);
    let img = read_png(&plot.save(dir.join("half.png")).unwrap());
    let area = plot.to_raster().unwrap().area;
    let (x0, x1) = (f64::from(area.x.start), f64::from(area.x.end));
    let (y0, y1) = (f64::from(area.y.start), f64::from(area.y.end));
    let per_unit = (x1 - x0) / 2.0; // the area is the square around the rim
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let at = ((cx + 0.5 * per_unit).round() as u32, cy.round() as u32);
    // The dot has radius 7: its centre and neighbours are the trace's colour.
    for (dx, dy) in [(0i32, 0i32), (2, 0), (-2, 0), (0, 2), (0, -2)] {
        let p = img
            .get_pixel((at.0 as i32 + dx) as u32, (at.1 as i32 + dy) as u32)
            .0;
        assert_eq!(p, BLUE, "at {at:?} + ({dx}, {dy})");
    }
}

#[test]
fn polar_plot_of_an_entry() {
    let net = lowpass();
    let dir = out_dir("polar");
    let plot = Polar::of(&net, "s21").markers([1e9]);
    plot.save(dir.join("polar.png")).unwrap();
    let svg = std::fs::read_to_string(plot.save(dir.join("polar.svg")).unwrap()).unwrap();
    for text in [
        "S21",
        "0°",
        "90°",
        "\u{2212}90°",
        "180°",
        "1 GHz",
        "0.2",
        "0.8",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
    // 5 magnitude rings, the legend's start/stop key, the trace's start and stop dots and the
    // marker (dot and ring); 12 spokes; the trace and its legend swatch.
    assert_eq!(count(&svg, "<circle"), 5 + 2 + 2 + 2);
    assert_eq!(polylines(&svg, "#BEBEBE"), 12);
    assert_eq!(polylines(&svg, TRACE), 1 + 1);

    // A thru (S21 = j): a marker at the top of the unit ring.
    let net = constant(C::new(0.0, 0.0), C::new(0.0, 1.0));
    let plot = Polar::of(&net, "s21").markers([1.5e9]);
    let raster = plot.to_raster().unwrap();
    let (x0, x1) = (f64::from(raster.area.x.start), f64::from(raster.area.x.end));
    let (y0, y1) = (f64::from(raster.area.y.start), f64::from(raster.area.y.end));
    let per_unit = (x1 - x0) / 2.0; // the area is the square around the outer ring
    let at = (
        ((x0 + x1) / 2.0).round() as u32,
        ((y0 + y1) / 2.0 - per_unit).round() as u32,
    );
    assert_eq!(raster.pixel(at.0, at.1 + 3), Some(BLUE));
    assert_eq!(raster.pixel(at.0 + 3, at.1), Some(BLUE));
}

/// How many of `layout`'s texts read exactly `text`.
fn texts(layout: &pmrf::plot::Layout, text: &str) -> usize {
    layout.texts.iter().filter(|t| t.text == text).count()
}

/// The centre and radius (pixels) of a round plot's area, the square around its rim.
fn rim(area: &pmrf::plot::PixelArea) -> (f64, f64, f64) {
    assert_eq!(
        area.x.end - area.x.start,
        area.y.end - area.y.start,
        "a square"
    );
    let r = f64::from(area.x.end - area.x.start) / 2.0;
    (f64::from(area.x.start) + r, f64::from(area.y.start) + r, r)
}

#[test]
fn smith_chart_puts_a_known_impedance_at_its_pixel() {
    // 100 + j50 ohm at 50 ohm is z = 2 + j1: where the r = 2 circle (centre 2/3, radius 1/3)
    // meets the x = +1 arc (centre 1 + j, radius 1), at Γ = 0.4 + 0.2j.
    let freq = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz).unwrap();
    let net = pmrf::components::LoadZ::new(100.0, 50.0)
        .network(&freq)
        .unwrap();
    for size in [(900, 600), (480, 360)] {
        let plot = SmithChart::of(&net).markers([1.5e9]).size(size.0, size.1);
        let raster = plot.to_raster().unwrap();
        let (cx, cy, r) = rim(&raster.area);
        let at = ((cx + 0.4 * r).round() as i32, (cy - 0.2 * r).round() as i32);
        for (dx, dy) in [(0, 0), (2, 0), (-2, 0), (0, 2), (0, -2)] {
            let p = raster.pixel((at.0 + dx) as u32, (at.1 + dy) as u32);
            assert_eq!(p, Some(BLUE), "{size:?}: at {at:?} + ({dx}, {dy})");
        }
        assert_eq!(plot.to_layout().unwrap().area, raster.area);
    }
}

#[test]
fn smith_chart_vswr_circles_have_their_radius() {
    let net = lowpass();
    let layout = SmithChart::of(&net)
        .vswr([1.5, 2.0, 3.0])
        .markers([1e9, 2e9])
        .to_layout()
        .unwrap();
    layout.check().unwrap();
    let (cx, cy, r) = rim(&layout.area);
    // The dashes (dark grey) lie on |Γ| = (s - 1) / (s + 1): 0.2, 1/3 and 0.5 of the rim.
    let rhos = [0.2, 1.0 / 3.0, 0.5];
    let dists: Vec<f64> = (layout.lines.iter())
        .filter(|s| s.rgb == [70, 70, 70])
        .flat_map(|s| [s.from, s.to])
        .map(|(x, y)| (f64::from(x) - cx).hypot(f64::from(y) - cy) / r)
        .collect();
    assert!(dists.len() > 100, "{} dash ends", dists.len());
    for d in &dists {
        assert!(rhos.iter().any(|rho| (d - rho).abs() < 1.5 / r), "{d}");
    }
    for rho in rhos {
        assert!(
            dists.iter().any(|d| (d - rho).abs() < 1.5 / r),
            "no circle at {rho}"
        );
    }
    for text in ["VSWR 1.5", "VSWR 2", "VSWR 3"] {
        assert_eq!(texts(&layout, text), 1, "{text}");
    }
    for bad in [1.0, 0.5, f64::NAN, f64::INFINITY] {
        let msg = plot_error(SmithChart::of(&net).vswr([2.0, bad]).to_svg().unwrap_err());
        assert!(msg.contains(&format!("VSWR circle {bad}")), "{msg}");
        assert!(msg.contains("above 1"), "{msg}");
    }
}

#[test]
fn smith_chart_labels_every_grid_value() {
    let net = lowpass();
    let coarse = ["0.2", "0.5", "1", "2", "5"];
    let fine = [
        "0.1", "0.2", "0.3", "0.4", "0.5", "0.7", "1", "1.5", "2", "3", "5", "10",
    ];
    let small = SmithChart::of(&net).size(480, 360).to_layout().unwrap();
    let both = (SmithChart::of(&net).admittance(true).size(480, 360))
        .to_layout()
        .unwrap();
    for v in coarse {
        for (layout, n) in [(&small, 1), (&both, 2)] {
            assert_eq!(texts(layout, v), n, "r = {v}");
            assert_eq!(texts(layout, &format!("+j{v}")), n, "x = +{v}");
            assert_eq!(texts(layout, &format!("\u{2212}j{v}")), n, "x = -{v}");
        }
    }
    assert_eq!(texts(&small, "0"), 1);
    assert_eq!(texts(&both, "0"), 2);
    assert_eq!(texts(&small, "∞"), 1);
    assert_eq!(texts(&small, "0.3"), 0); // the finer grid is for large charts
    let large = SmithChart::of(&net).size(1800, 1200).to_layout().unwrap();
    large.check().unwrap();
    for v in fine {
        assert_eq!(texts(&large, v), 1, "r = {v}");
        assert_eq!(texts(&large, &format!("+j{v}")), 1, "x = +{v}");
        assert_eq!(texts(&large, &format!("\u{2212}j{v}")), 1, "x = -{v}");
    }
    // Text grows with the image.
    let height = |l: &pmrf::plot::Layout| {
        let t = l.texts.iter().find(|t| t.text == "+j1").unwrap();
        t.y.end - t.y.start
    };
    assert!(
        height(&large) >= 2 * height(&small) - 1,
        "{} {}",
        height(&large),
        height(&small)
    );
}

#[test]
fn polar_plot_labels_every_ring_and_spoke() {
    let layout = Polar::of(&lowpass(), "s21").to_layout().unwrap();
    layout.check().unwrap();
    let spokes = [
        "0°", "30°", "60°", "90°", "120°", "150°", "180°", "−150°", "−120°", "−90°", "−60°", "−30°",
    ];
    for t in spokes.iter().chain(&["0.2", "0.4", "0.6", "0.8", "1"]) {
        assert_eq!(texts(&layout, t), 1, "{t}");
    }
    // |S21| = 3: rings 1 to 5, the marker at 3/5 of the outer ring's radius.
    let amp = constant(C::new(0.0, 0.0), C::new(3.0, 0.0));
    let plot = Polar::of(&amp, "s21").markers([1.5e9]);
    let layout = plot.to_layout().unwrap();
    for t in ["1", "2", "3", "4", "5"] {
        assert_eq!(texts(&layout, t), 1, "{t}");
    }
    let raster = plot.to_raster().unwrap();
    let (cx, cy, r) = rim(&raster.area);
    let at = ((cx + 0.6 * r).round() as u32, cy.round() as u32);
    assert_eq!(raster.pixel(at.0, at.1), Some(BLUE));
    assert_eq!(raster.pixel(at.0 + 2, at.1 + 2), Some(BLUE));
}

#[test]
fn marker_labels_avoid_each_other_the_grid_labels_and_the_legend() {
    let net = lowpass();
    let hz = net.frequency().hz();
    let crowded = [hz[10], hz[11], hz[12], hz[13], hz[60]];
    for size in [(480, 360), (900, 600), (1800, 1200)] {
        let smith = SmithChart::of(&net)
            .admittance(true)
            .vswr([2.0])
            .markers(crowded)
            .size(size.0, size.1)
            .to_layout()
            .unwrap();
        smith.check().unwrap_or_else(|e| panic!("{size:?}: {e}"));
        let labels = smith
            .texts
            .iter()
            .filter(|t| t.text.ends_with("Hz"))
            .count();
        assert_eq!(labels, 2 * crowded.len(), "{size:?}");
        let polar = Polar::of(&net, "s21")
            .markers(crowded)
            .size(size.0, size.1)
            .to_layout()
            .unwrap();
        polar.check().unwrap_or_else(|e| panic!("{size:?}: {e}"));
    }
}

#[test]
fn smith_and_polar_draw_at_any_size_and_on_any_data() {
    // The smallest size, a tall one, and traces of NaN, zeros and |Γ| > 1: pictures, no panic.
    let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz).unwrap();
    let odd = Network::from_s(
        freq,
        Array3::from_shape_fn((3, 1, 1), |(k, _, _)| {
            [C::new(f64::NAN, 0.0), C::new(0.0, 0.0), C::new(3.0, 4.0)][k]
        }),
    )
    .unwrap();
    for net in [lowpass(), odd] {
        for (w, h) in [(100, 100), (300, 1200), (2000, 150)] {
            let smith = SmithChart::of(&net)
                .admittance(true)
                .vswr([2.0])
                .markers([1.5e9])
                .title("t")
                .size(w, h);
            assert!(smith.to_raster().is_ok() && smith.to_svg().is_ok());
            let polar = Polar::of(&net, "s11").markers([1.5e9]).size(w, h);
            assert!(polar.to_raster().is_ok() && polar.to_svg().is_ok());
        }
    }
}

#[test]
fn smith_and_polar_gallery() {
    // Written for looking at (the paths are printed); the layout tests check them.
    let dir = out_dir("gallery");
    let freq = Frequency::linspace(0.05, 4.0, 400, FrequencyUnit::GHz).unwrap();
    let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12)))
        .network(&freq)
        .unwrap()
        .with_name("LC low-pass");
    for (w, h) in [(480, 360), (900, 600), (1800, 1200)] {
        let path = SmithChart::of(&net)
            .admittance(true)
            .vswr([1.5, 2.0, 3.0])
            .markers([1e9, 2e9, 3e9])
            .title("LC low-pass")
            .size(w, h)
            .save(dir.join(format!("smith_{w}x{h}.png")))
            .unwrap();
        println!("{}", path.display());
        let path = Polar::of(&net, "s21")
            .markers([1e9, 2e9, 3e9])
            .title("LC low-pass: S21")
            .size(w, h)
            .save(dir.join(format!("polar_{w}x{h}.png")))
            .unwrap();
        println!("{}", path.display());
    }
}

/// A batch of `n` 2-ports with `S21 = 0.1 (k + 1)` over 1-2 GHz (k = 0..n), `S11 = 0`.
fn ramp_batch(n: usize) -> (Frequency, Array4<C>) {
    let freq = Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz).unwrap();
    let s = Array4::from_shape_fn((n, 11, 2, 2), |(k, _, i, j)| {
        if i == j {
            C::new(0.0, 0.0)
        } else {
            C::new(0.1 * (k + 1) as f64, 0.0)
        }
    });
    (freq, s)
}

#[test]
fn batch_band_median_and_members() {
    let (freq, s) = ramp_batch(9);
    let plot = BatchBand::new(&freq, s.view())
        .feature("s21_mag")
        .band(25.0, 75.0)
        .members(3)
        .title("batch");
    // The quantiles of 0.1, 0.2 ... 0.9 (linear rule): 0.3, 0.5, 0.7 at every frequency.
    let (lo, mid, hi) = plot.stats().unwrap();
    for k in 0..freq.len() {
        assert!((lo[k] - 0.3).abs() < 1e-12 && (mid[k] - 0.5).abs() < 1e-12);
        assert!((hi[k] - 0.7).abs() < 1e-12);
    }
    let dir = out_dir("batch");
    let png = plot.save(dir.join("batch.png")).unwrap();
    let svg = std::fs::read_to_string(plot.save(dir.join("batch.svg")).unwrap()).unwrap();
    for text in [
        "batch",
        "median",
        "25–75 %",
        "members (3 of 9)",
        "|S21|",
        "Frequency",
        "2 GHz",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
    assert_eq!(polylines(&svg, TRACE), 1);
    assert_eq!(polylines(&svg, "#787878"), 3);
    assert_eq!(count(&svg, "<polygon"), 1);

    // The median line at 0.5 on an axis 0..1: the middle row.
    let img = read_png(&png);
    let area = BatchBand::new(&freq, s.view())
        .feature("s21_mag")
        .band(25.0, 75.0)
        .members(0)
        .y_range(0.0, 1.0)
        .to_raster()
        .unwrap();
    let (xr, yr) = (area.area.x.clone(), area.area.y.clone());
    let expected = f64::from(yr.start) + 0.5 * f64::from(yr.end - yr.start - 1);
    let cols = xr.start as u32 + 5..((xr.start + xr.end) / 2) as u32;
    let mut rows: Vec<u32> = (0..area.height)
        .filter(|&y| cols.clone().any(|x| area.pixel(x, y) == Some(BLUE)))
        .collect();
    rows.dedup();
    assert!(!rows.is_empty());
    for r in rows {
        assert!(
            (f64::from(r) - expected).abs() <= 2.0,
            "row {r}, expected {expected}"
        );
    }
    assert_eq!((img.width(), img.height()), (900, 600));
}

#[test]
fn errors_are_values() {
    let net = lowpass();
    let dir = out_dir("errors");
    let is_plot = |e: Error| matches!(e, Error::Plot(_));
    assert!(is_plot(
        Traces::of(&net).save(dir.join("x.jpg")).unwrap_err()
    ));
    assert!(is_plot(
        Traces::of(&net).save(dir.join("noext")).unwrap_err()
    ));
    assert!(is_plot(Traces::new().to_svg().unwrap_err()));
    assert!(Traces::of(&net).features(["s21_phase"]).to_svg().is_err());
    assert!(is_plot(
        Traces::of(&net).features(["s21"]).to_svg().unwrap_err()
    ));
    assert!(Traces::of(&net).features(["s31_db"]).to_svg().is_err());
    assert!(is_plot(
        Traces::of(&net).y_range(1.0, -1.0).to_svg().unwrap_err()
    ));
    assert!(SmithChart::of(&net).entries(["s33"]).to_svg().is_err());
    assert!(is_plot(SmithChart::new().to_svg().unwrap_err()));
    assert!(Polar::of(&net, "x").to_svg().is_err());
    // A directory that does not exist.
    assert!(is_plot(
        Traces::of(&net)
            .save(dir.join("no/such/dir/x.svg"))
            .unwrap_err()
    ));
    assert!(is_plot(
        Traces::of(&net)
            .save(dir.join("no/such/dir/x.png"))
            .unwrap_err()
    ));
    let (freq, s) = ramp_batch(4);
    assert!(is_plot(
        BatchBand::new(&freq, s.view())
            .feature("s_db")
            .to_svg()
            .unwrap_err()
    ));
    assert!(is_plot(
        BatchBand::new(&freq, s.view())
            .band(50.0, 10.0)
            .to_svg()
            .unwrap_err()
    ));
    let other = Frequency::linspace(1.0, 2.0, 5, FrequencyUnit::GHz).unwrap();
    assert!(BatchBand::new(&other, s.view()).to_svg().is_err());
    let empty = Array4::<C>::zeros((0, 11, 2, 2));
    assert!(is_plot(
        BatchBand::new(&freq, empty.view()).to_svg().unwrap_err()
    ));
}

#[test]
fn fit_against_data_with_residuals() {
    let data = lowpass();
    let freq = data.frequency().clone();
    let model = Cascade::new((SeriesL::new(9.5e-9), ShuntC::new(4.2e-12)))
        .network(&freq)
        .unwrap();
    let plot = FitPlot::new(&data, &model)
        .features(["s21_db", "s11_deg"])
        .title("fit");
    let dir = out_dir("fit");
    plot.save(dir.join("fit.png")).unwrap();
    let svg = std::fs::read_to_string(plot.save(dir.join("fit.svg")).unwrap()).unwrap();
    for text in [
        "fit",
        "data",
        "model",
        "residual",
        "|S21|",
        "S11 phase",
        " deg",
        " dB",
        "Frequency",
        "1 GHz",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
    // Per feature: one model line (2 wide, the first colour), the residual (the second colour,
    // cut where it turns back sharply: issue 24), and a dot per data point (101) plus its
    // legend dot.
    assert_eq!(polylines(&svg, "stroke=\"#4477AA\" stroke-width=\"2\""), 2);
    assert!(polylines(&svg, "stroke=\"#EE6677\" stroke-width=\"2\"") >= 2);
    assert_eq!(count(&svg, "<circle"), 2 * (101 + 1));

    // The model on another grid is an error, as is a feature of every entry.
    let coarse = Frequency::linspace(0.1, 3.0, 11, FrequencyUnit::GHz).unwrap();
    let other = Cascade::new((SeriesL::new(9.5e-9), ShuntC::new(4.2e-12)))
        .network(&coarse)
        .unwrap();
    assert!(FitPlot::new(&data, &other).to_svg().is_err());
    assert!(
        FitPlot::new(&data, &model)
            .features(["s_db"])
            .to_svg()
            .is_err()
    );
}

/// The message of a plot error.
fn plot_error(e: Error) -> String {
    match e {
        Error::Plot(m) => m,
        other => panic!("not a plot error: {other:?}"),
    }
}

#[test]
fn sizes_the_backend_cannot_draw_are_errors() {
    // 65536 x 65537 pixels overflow plotters' 32-bit pixel count (before: a panic, or ~4 GB
    // allocated first); checked before anything is allocated, for every output.
    let net = lowpass();
    let dir = out_dir("sizes");
    for (w, h) in [(65_536, 65_537), (100_000, 100_000), (16_385, 100)] {
        let plot = Traces::of(&net).size(w, h);
        let msg = plot_error(plot.save(dir.join("x.png")).unwrap_err());
        assert!(
            msg.contains(&format!("{w} x {h}")) && msg.contains("16384"),
            "{msg}"
        );
        assert!(plot.save(dir.join("x.svg")).is_err());
        assert!(plot.to_svg().is_err() && plot.to_raster().is_err());
        let theme = Theme {
            size: (w, h),
            ..Theme::default()
        };
        assert!(SmithChart::of(&net).with_theme(theme).to_raster().is_err());
    }
    // The largest size is accepted (drawn as SVG: no pixels allocated).
    assert!(Traces::of(&net).size(16_384, 16_384).to_svg().is_ok());
}

#[test]
fn ranges_plotters_cannot_tick_are_errors() {
    // A y range whose width overflows to infinity sent plotters' tick search into an endless
    // loop; one narrower than f64 can resolve (1e-15 of its values) did the same.
    let net = lowpass();
    for (lo, hi) in [(-1e308, 1e308), (1.0, 1.0 + 1e-15), (1e10, 1e10 + 1e-5)] {
        let msg = plot_error(Traces::of(&net).y_range(lo, hi).to_svg().unwrap_err());
        assert!(msg.contains(&format!("y range [{lo:e}, {hi:e}]")), "{msg}");
        let (freq, s) = ramp_batch(4);
        let band = BatchBand::new(&freq, s.view()).y_range(lo, hi);
        assert!(plot_error(band.to_svg().unwrap_err()).contains("y range"));
    }
    // Narrow but resolvable is fine.
    assert!(Traces::of(&net).y_range(-1e-300, 1e-300).to_svg().is_ok());
    for (lo, hi) in [
        (1.0, 1.0 + 1e-9),
        (1.0, 1.0 + 1.5e-12),
        (1e10, 1e10 + 0.015),
        (-1.0 - 2e-12, -1.0),
    ] {
        assert!(
            Traces::of(&net).y_range(lo, hi).to_svg().is_ok(),
            "[{lo}, {hi}]"
        );
        assert!(
            Traces::of(&net)
                .y_range(lo, hi)
                .size(3000, 3000)
                .to_svg()
                .is_ok()
        );
    }
}

#[test]
fn data_spanning_more_than_f64_are_errors() {
    // Values of +-1e308: the automatic range's width overflows. Every plot kind says so.
    let freq = Frequency::linspace(1.0, 2.0, 3, FrequencyUnit::GHz).unwrap();
    let s = Array3::from_shape_fn((3, 1, 1), |(k, _, _)| {
        C::new(if k == 0 { -1e308 } else { 1e308 }, 1e308)
    });
    let huge = Network::from_s(freq.clone(), s).unwrap();
    let msg = plot_error(Traces::of(&huge).features(["s11_re"]).to_svg().unwrap_err());
    assert!(
        msg.contains("y range") && msg.contains("not finite"),
        "{msg}"
    );
    assert!(Polar::of(&huge, "s11").to_svg().is_err());
    let tiny = Network::from_s(freq, Array3::from_elem((3, 1, 1), C::new(0.0, 0.0))).unwrap();
    assert!(
        FitPlot::new(&huge, &tiny)
            .features(["s11_re"])
            .to_svg()
            .is_err()
    );
    // A corner plot scales each coordinate for display, so even these stay drawable.
    let samples = pmrf::ndarray::array![[-1e308, 0.0], [1e308, 1.0], [0.0, 0.5]];
    let corner = Corner::new(&["a", "b"], &["", ""], samples.view(), None);
    assert!(corner.to_svg().unwrap().contains("<circle"));
}

const ORANGE: [u8; 3] = [238, 102, 119]; // the second colour of "bright"

/// The 11-point grid over 1-2 GHz of [`constant`].
fn grid11() -> Frequency {
    Frequency::linspace(1.0, 2.0, 11, FrequencyUnit::GHz).unwrap()
}

#[test]
fn curves_named_against_frequency() {
    let freq = grid11();
    let nf: Vec<f64> = (0..11).map(|k| 0.5 + 0.1 * f64::from(k)).collect();
    let mut nfmin = nf.iter().map(|v| v - 0.2).collect::<Vec<_>>();
    nfmin[4] = f64::NAN; // a gap: the curve is drawn as two pieces
    let mu = pmrf::ndarray::Array1::from_elem(11, 1.2);
    let plot = Curves::new(&freq)
        .curve("NF", &nf)
        .curve("NF min", nfmin.as_slice())
        .curve("mu", mu) // an owned Array1, as `amplifier::sweep` returns
        .limit("mu = 1", 1.0)
        .y_label("Noise figure (dB)")
        .title("LNA");
    let svg = plot.to_svg().unwrap();
    for text in [
        "LNA",
        "Frequency",
        "Noise figure (dB)",
        "NF",
        "NF min",
        "mu",
        "mu = 1",
    ] {
        assert!(svg.lines().any(|l| l == text), "missing {text}");
    }
    // NF (blue) is one polyline, NF min (orange) two around the gap, mu (green) one.
    assert_eq!(polylines(&svg, "stroke=\"#4477AA\" stroke-width=\"2\""), 1);
    assert_eq!(polylines(&svg, "stroke=\"#EE6677\" stroke-width=\"2\""), 2);
    assert_eq!(polylines(&svg, "stroke=\"#228833\" stroke-width=\"2\""), 1);
    // The limit (the next colour) is dashed: many short pieces.
    assert!(polylines(&svg, "stroke=\"#CCBB44\" stroke-width=\"2\"") > 20);

    // Saved as PNG and SVG after the extension.
    let dir = out_dir("curves");
    let png = plot.save(dir.join("lna.png")).unwrap();
    let img = read_png(&png);
    assert_eq!((img.width(), img.height()), (900, 600));
    let svg = std::fs::read_to_string(plot.save(dir.join("lna.svg")).unwrap()).unwrap();
    assert!(svg.contains("NF min"));
    // Markers as in Traces: a dot and the value at 1.55 GHz, between 1.0 and 1.1.
    let svg = Curves::new(&freq)
        .curve("NF", &nf)
        .markers([1.55e9])
        .to_svg()
        .unwrap();
    assert_eq!(count(&svg, "<circle"), 1);
    assert!(svg.lines().any(|l| l == "1.05"), "marker value");
}

#[test]
fn a_constant_curve_and_a_limit_land_on_their_rows() {
    // A curve at 1 and a limit at 0.5 on a y axis from 0 to 2: the middle and 3/4 down.
    let freq = grid11();
    let plot = Curves::new(&freq)
        .curve("one", [1.0; 11])
        .limit("half", 0.5)
        .limit("off the chart", 5.0) // outside the fixed range: not drawn
        .y_range(0.0, 2.0);
    let raster = plot.to_raster().unwrap();
    let img = read_png(&plot.save(out_dir("curve-row").join("row.png")).unwrap());
    assert_eq!(img.as_raw(), &raster.pixels);
    let (xr, yr) = (raster.area.x.clone(), raster.area.y.clone());
    let at = |frac: f64| f64::from(yr.start) + frac * f64::from(yr.end - yr.start - 1);
    let cols = xr.start as u32 + 5..((xr.start + xr.end) / 2) as u32;
    let rows = rows_of(&img, BLUE, cols.clone());
    assert!(!rows.is_empty(), "the curve is drawn");
    for r in &rows {
        assert!((f64::from(*r) - at(0.5)).abs() <= 2.0, "curve row {r}");
    }
    let rows = rows_of(&img, ORANGE, cols.clone());
    assert!(!rows.is_empty(), "the limit is drawn");
    for r in &rows {
        assert!((f64::from(*r) - at(0.75)).abs() <= 2.0, "limit row {r}");
    }
    // Dashed: some columns of the left half hold no limit pixel.
    let gaps = cols
        .filter(|&x| rows.iter().all(|&y| img.get_pixel(x, y).0 != ORANGE))
        .count();
    assert!(gaps > 10, "{gaps} columns without the limit");
    // The limit outside the range takes no colour in the plotting area (the third colour).
    let green = [34, 136, 51];
    let inside = (xr.start as u32..((xr.start + xr.end) / 2) as u32)
        .flat_map(|x| (yr.start as u32..yr.end as u32).map(move |y| (x, y)))
        .filter(|&(x, y)| raster.pixel(x, y) == Some(green))
        .count();
    assert_eq!(inside, 0);
}

#[test]
fn curves_errors_are_values() {
    let freq = grid11();
    // A curve of the wrong length names the curve, its length and the grid's.
    let msg = plot_error(
        Curves::new(&freq)
            .curve("NF", [1.0; 11])
            .curve("gain", [1.0; 7])
            .to_svg()
            .unwrap_err(),
    );
    assert!(
        msg.contains("`gain`") && msg.contains("7 values") && msg.contains("11"),
        "{msg}"
    );
    let short = Curves::new(&freq).curve("gain", [1.0; 12]);
    assert!(short.save(out_dir("curve-errors").join("x.png")).is_err());
    assert!(short.to_raster().is_err());
    // No curves.
    let msg = plot_error(Curves::new(&freq).limit("goal", 1.0).to_svg().unwrap_err());
    assert!(msg.contains("nothing to plot"), "{msg}");
    // Ranges, sizes and extensions as every plot.
    let one = Curves::new(&freq).curve("NF", [1.0; 11]);
    assert!(plot_error(one.clone().y_range(1.0, -1.0).to_svg().unwrap_err()).contains("y range"));
    assert!(one.clone().size(20_000, 100).to_svg().is_err());
    assert!(one.save(out_dir("curve-errors").join("x.jpg")).is_err());
    // All NaN, or a single point: still drawn (an empty chart, a widened axis).
    assert!(
        Curves::new(&freq)
            .curve("none", [f64::NAN; 11])
            .to_svg()
            .is_ok()
    );
    let point = Frequency::linspace(1.0, 1.0, 1, FrequencyUnit::GHz).unwrap();
    assert!(Curves::new(&point).curve("p", [3.0]).to_svg().is_ok());
}

#[test]
fn log_frequency_axes_tick_decades() {
    let wide = Frequency::logspace(10.0, 10_000.0, 201, FrequencyUnit::MHz).unwrap();
    let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12)))
        .network(&wide)
        .unwrap();
    let svg = Traces::of(&net)
        .features(["s21_db"])
        .log_frequency(true)
        .to_svg()
        .unwrap();
    for text in ["10 MHz", "100 MHz", "1 GHz", "10 GHz"] {
        assert!(
            svg.contains(&format!(">{text}<")) || svg.contains(&format!("{text}\n")),
            "missing {text}"
        );
    }
    // A decade takes a third of the axis: 1 GHz sits two thirds along it.
    let layout = Traces::of(&net).log_frequency(true).to_layout().unwrap();
    layout.check().unwrap();
    let tick = layout.texts.iter().find(|t| t.text == "1 GHz").unwrap();
    let centre = f64::from(tick.x.start + tick.x.end) / 2.0;
    let (x0, x1) = (f64::from(layout.area.x.start), f64::from(layout.area.x.end));
    assert!(
        (centre - (x0 + 2.0 / 3.0 * (x1 - x0))).abs() < 3.0,
        "{centre} in {x0}..{x1}"
    );
    let freq = wide.clone();
    let ones = vec![1.0; freq.len()];
    assert!(
        Curves::new(&freq)
            .curve("one", &ones)
            .log_frequency(true)
            .to_svg()
            .is_ok()
    );
    assert!(
        FitPlot::new(&net, &net)
            .log_frequency(true)
            .to_svg()
            .is_ok()
    );

    // A grid from 0 Hz has no logarithm: an error naming the fix.
    let dc = Frequency::linspace(0.0, 1.0, 11, FrequencyUnit::GHz).unwrap();
    let net = Cascade::new((SeriesL::new(10e-9), ShuntC::new(4e-12)))
        .network(&dc)
        .unwrap();
    let msg = plot_error(Traces::of(&net).log_frequency(true).to_svg().unwrap_err());
    assert!(msg.contains("0 Hz") && msg.contains("linear"), "{msg}");
    assert!(Traces::of(&net).to_svg().is_ok());
}

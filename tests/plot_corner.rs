//! The corner plot of samples: SVG and PNG output, its panels, weighted histograms and errors.

use pmrf::ndarray::{Array1, Array2};
use pmrf::plot::Corner;

/// `n` deterministic 3-D draws from a linear congruential generator, correlated and on
/// very different scales (nH, pF, ohm).
fn draws(n: usize) -> Array2<f64> {
    let mut state: u64 = 12345;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = Array2::zeros((n, 3));
    for i in 0..n {
        let (a, b, c) = (next(), next(), next());
        out[[i, 0]] = 10e-9 * (1.0 + 0.1 * (a - 0.5));
        out[[i, 1]] = 4e-12 * (1.0 + 0.05 * (a - 0.5) + 0.05 * (b - 0.5));
        out[[i, 2]] = 0.5 + 0.2 * c;
    }
    out
}

fn names() -> Vec<String> {
    ["L1", "C1", "ESR"].iter().map(|s| s.to_string()).collect()
}

fn units() -> Vec<String> {
    ["H", "F", "Ω"].iter().map(|s| s.to_string()).collect()
}

#[test]
fn svg_and_png_with_three_histograms_and_three_scatters() {
    let n = 150;
    let samples = draws(n);
    let (names, units) = (names(), units());
    let corner = Corner::new(&names, &units, samples.view(), None).bins(12);
    let dir = tempfile::tempdir().unwrap();
    let svg_path = corner.save(dir.path().join("corner.svg")).unwrap();
    let png_path = corner.save(dir.path().join("corner.PNG")).unwrap();
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert_eq!(svg, corner.to_svg().unwrap());
    for label in ["L1 (nH)", "C1 (pF)", "ESR (mΩ)"] {
        assert!(svg.contains(label), "missing axis label {label}");
    }
    // One filled histogram per diagonal panel, one dot per draw in each of the 3 lower panels.
    assert_eq!(svg.matches("<polygon").count(), 3);
    assert_eq!(svg.matches("<circle").count(), 3 * n);
    // The PNG decodes to the themed size and is not blank.
    let img = image::open(&png_path).unwrap().to_rgb8();
    let raster = corner.to_raster().unwrap();
    assert_eq!((img.width(), img.height()), (raster.width, raster.height));
    assert!(img.pixels().any(|p| p.0 != [255, 255, 255]));
    // The plotting area covers the grid of panels.
    assert!(raster.area.x.start < raster.area.x.end && raster.area.y.start < raster.area.y.end);
    // The upper-right panel is empty (white), a lower-left one holds blue dots.
    let (w, h) = (raster.width, raster.height);
    let corner_px = raster.pixel(w - w / 8, h / 8).unwrap();
    assert_eq!(corner_px, [255, 255, 255]);
}

#[test]
fn histograms_are_weighted_and_normalised() {
    let n = 400;
    let samples = draws(n);
    let names = names();
    let units: [&str; 0] = [];
    let plain = Corner::new(&names, &units, samples.view(), None).bins(10);
    let (edges, heights) = plain.histogram(2).unwrap();
    assert_eq!((edges.len(), heights.len()), (11, 10));
    assert!((heights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // Counts by hand.
    let col = samples.column(2);
    for b in 0..10 {
        let count = col
            .iter()
            .filter(|&&v| v >= edges[b] && (v < edges[b + 1] || (b == 9 && v <= edges[10])))
            .count();
        assert!(
            (heights[b] - count as f64 / n as f64).abs() < 1e-12,
            "bin {b}"
        );
    }
    // Weights: all the weight on draws with ESR above the middle of its range.
    let mid = 0.5 * (edges[0] + edges[10]);
    let lw = Array1::from_iter(
        col.iter()
            .map(|&v| if v > mid { 0.0 } else { f64::NEG_INFINITY }),
    );
    let weighted = Corner::new(&names, &units, samples.view(), Some(lw.view())).bins(10);
    let (_, wh) = weighted.histogram(2).unwrap();
    assert!((wh.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(wh[..5].iter().all(|&v| v == 0.0));
    // Zero-weight draws are not drawn: fewer dots, and without units each label has a scale.
    let svg = weighted.to_svg().unwrap();
    let kept = col.iter().filter(|&&v| v > mid).count();
    assert_eq!(svg.matches("<circle").count(), 3 * kept);
    assert!(svg.contains("L1 (×1e-9)") && svg.contains("ESR"));
}

#[test]
fn bad_input_is_an_error() {
    let samples = draws(20);
    let (names, units) = (names(), units());
    let is_plot_err = |r: pmrf::Result<String>| matches!(r, Err(pmrf::Error::Plot(_)));
    // Two names for three coordinates.
    assert!(is_plot_err(
        Corner::new(&names[..2], &units, samples.view(), None).to_svg()
    ));
    // Two units for three coordinates.
    assert!(is_plot_err(
        Corner::new(&names, &units[..2], samples.view(), None).to_svg()
    ));
    // No samples.
    let empty = Array2::<f64>::zeros((0, 3));
    assert!(is_plot_err(
        Corner::new(&names, &units, empty.view(), None).to_svg()
    ));
    let dir = tempfile::tempdir().unwrap();
    assert!(
        Corner::new(&names, &units, empty.view(), None)
            .save(dir.path().join("x.svg"))
            .is_err()
    );
    // Log-weights of the wrong length, all zero weights, a NaN sample, a bad extension.
    let lw = Array1::zeros(19);
    assert!(is_plot_err(
        Corner::new(&names, &units, samples.view(), Some(lw.view())).to_svg()
    ));
    let lw = Array1::from_elem(20, f64::NEG_INFINITY);
    assert!(is_plot_err(
        Corner::new(&names, &units, samples.view(), Some(lw.view())).to_svg()
    ));
    let mut bad = samples.clone();
    bad[[3, 1]] = f64::NAN;
    assert!(is_plot_err(
        Corner::new(&names, &units, bad.view(), None).to_svg()
    ));
    assert!(
        Corner::new(&names, &units, samples.view(), None)
            .save(dir.path().join("x.pdf"))
            .is_err()
    );
    assert!(
        Corner::new(&names, &units, samples.view(), None)
            .histogram(3)
            .is_err()
    );
}

#[test]
fn axes_read_in_units_with_plain_tick_numbers() {
    let n = 200;
    let draws = Array2::from_shape_fn((n, 5), |(i, j)| {
        let u = ((i * 7919 + j * 104729) % 1000) as f64 / 1000.0;
        [10e-9, 2.2e-12, 47.0, 1e9, 0.5][j] * (1.0 + 0.05 * (u - 0.5))
    });
    let names = ["l1", "c1", "r", "f0", "k"];
    let units = ["H", "F", "ohm", "Hz", "1"];
    let layout = Corner::new(&names, &units, draws.view(), None)
        .to_layout()
        .unwrap();
    layout.check().unwrap();
    let texts: Vec<&str> = layout.texts.iter().map(|t| t.text.as_str()).collect();
    for label in ["l1 (nH)", "c1 (pF)", "r (Ω)", "f0 (GHz)", "k"] {
        assert!(texts.contains(&label), "no axis title {label} in {texts:?}");
    }
    // No scale factors anywhere; the histograms' titles carry the unit.
    assert!(texts.iter().all(|t| !t.contains('×') && !t.contains("e-")));
    let title = texts.iter().find(|t| t.starts_with("c1 =")).unwrap();
    assert!(
        title.starts_with("c1 = 2.2") && title.ends_with(" pF"),
        "{title}"
    );
    let title = texts.iter().find(|t| t.starts_with("f0 =")).unwrap();
    assert!(title.ends_with(" GHz"), "{title}");
    // Every other text is a plain tick number (a real minus sign, no unit).
    let ticks: Vec<f64> = texts
        .iter()
        .filter(|t| !t.contains('=') && !t.contains('(') && **t != "k")
        .map(|t| {
            t.replace('\u{2212}', "-")
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("tick label {t}"))
        })
        .collect();
    assert!(ticks.len() >= 10, "{texts:?}");
    // The tick numbers of the capacitance lie around 2.2 (pF), of the frequency around 1 (GHz).
    assert!(ticks.iter().any(|&v| (2.1..=2.3).contains(&v)));
    assert!(ticks.iter().any(|&v| (0.97..=1.03).contains(&v)));
    // A dimensionless coordinate far from 1 shows its factor instead.
    let small = Array2::from_shape_fn((50, 1), |(i, _)| 2e-3 + 1e-5 * i as f64);
    let svg = Corner::new(&["sigma"], &[""], small.view(), None)
        .to_svg()
        .unwrap();
    assert!(svg.contains("sigma (×1e-3)"));
}

#[test]
fn quantiles_are_marked_where_they_lie() {
    // 101 equally weighted draws 0, 1, ..., 100 pF: Hazen's quantiles 15.66, 50, 84.34 pF.
    let draws = Array2::from_shape_fn((101, 1), |(i, _)| i as f64 * 1e-12);
    let corner = Corner::new(&["c"], &["F"], draws.view(), None);
    let q = corner.quantiles(0).unwrap();
    for (got, want) in q.iter().zip([15.66e-12, 50e-12, 84.34e-12]) {
        assert!((got - want).abs() < 1e-16, "{got} vs {want}");
    }
    let layout = corner.to_layout().unwrap();
    layout.check().unwrap();
    assert!(
        layout
            .texts
            .iter()
            .any(|t| t.text == "c = 50 (+34 \u{2212}34) pF"),
        "{:?}",
        layout.texts
    );
    // The dashed marks: vertical segments in their own grey, at three columns.
    let mut xs: Vec<i32> = layout
        .lines
        .iter()
        .filter(|s| s.rgb == [68, 68, 68] && s.from.0 == s.to.0)
        .map(|s| s.from.0)
        .collect();
    xs.sort();
    xs.dedup();
    assert_eq!(xs.len(), 3, "{xs:?}");
    // The axis spans the values padded by 5 %: -5 to 105 pF over the plotting area.
    let area = &layout.area;
    let width = (area.x.end - area.x.start) as f64;
    for (x, v) in xs.iter().zip([15.66, 50.0, 84.34]) {
        let want = area.x.start as f64 + (v + 5.0) / 110.0 * width;
        assert!(
            (*x as f64 - want).abs() <= 2.0,
            "mark at {x}, expected {want}"
        );
    }
    // The dashes run over the panel's height (the last gap may fall at the foot).
    let rows: Vec<i32> = layout
        .lines
        .iter()
        .filter(|s| s.rgb == [68, 68, 68])
        .flat_map(|s| [s.from.1, s.to.1])
        .collect();
    let (top, foot) = (rows.iter().min().unwrap(), rows.iter().max().unwrap());
    assert!((top - area.y.start).abs() <= 2 && foot >= &(area.y.end - 16) && foot < &area.y.end);
}

#[test]
fn truths_are_lines_across_their_panels() {
    let samples = draws(100);
    let (names, units) = (names(), units());
    let truth = [10e-9, f64::NAN, 0.6];
    let layout = Corner::new(&names, &units, samples.view(), None)
        .truths(&truth)
        .to_layout()
        .unwrap();
    layout.check().unwrap();
    // Truths are drawn in the theme's second colour.
    let c = pmrf::plot::Theme::default().color(1);
    let second = [c.0, c.1, c.2];
    let truth_lines: Vec<_> = layout.lines.iter().filter(|s| s.rgb == second).collect();
    // L1: vertical in the 3 panels of column 0; ESR: vertical in its histogram, horizontal
    // in the 2 scatters of row 2; C1 (NaN): none.
    let vertical = truth_lines.iter().filter(|s| s.from.0 == s.to.0).count();
    let horizontal = truth_lines.iter().filter(|s| s.from.1 == s.to.1).count();
    assert_eq!((vertical, horizontal), (4, 2), "{truth_lines:?}");
    // Bad truths are errors.
    let is_plot_err = |r: pmrf::Result<String>| matches!(r, Err(pmrf::Error::Plot(_)));
    let corner = Corner::new(&names, &units, samples.view(), None);
    assert!(is_plot_err(corner.clone().truths(&[1e-8, 4e-12]).to_svg()));
    assert!(is_plot_err(
        corner.truths(&[1e-8, f64::INFINITY, 0.6]).to_svg()
    ));
}

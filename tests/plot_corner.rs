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

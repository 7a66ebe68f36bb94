//! One model fitted to many Touchstone files: each device recovered, a malformed file a row
//! with its error, the rows as CSV (read back exactly) and JSON.

use pmrf::components::{SeriesL, ShuntC};
use pmrf::fit::many::{self, DeviceFit};
use pmrf::fit::{Fit, Method, Objective, Options, Term};
use pmrf::io::touchstone::WriteOptions;
use pmrf::prelude::*;

type Device = Cascade<(SeriesL, ShuntC)>;

fn device(l: f64, c: f64) -> Device {
    Cascade::new((SeriesL::new(l), ShuntC::new(c)))
}

const DEVICES: [(f64, f64); 4] = [
    (4e-9, 1.5e-12),
    (5e-9, 2e-12),
    (6.5e-9, 1.2e-12),
    (8e-9, 2.7e-12),
];

/// Four generated devices and a malformed file (third, so rows must keep input order).
fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let freq = Frequency::linspace(0.1, 3.0, 41, FrequencyUnit::GHz).unwrap();
    let mut paths: Vec<_> = DEVICES
        .iter()
        .enumerate()
        .map(|(k, &(l, c))| {
            let path = dir.join(format!("dut{k}.s2p"));
            device(l, c)
                .network(&freq)
                .unwrap()
                .write_touchstone(&path, &WriteOptions::new())
                .unwrap();
            path
        })
        .collect();
    let bad = dir.join("broken.s2p");
    std::fs::write(&bad, "# GHz S RI R 50\n1.0 0.5 zero\n").unwrap();
    paths.insert(2, bad);
    paths
}

fn fit(paths: &[std::path::PathBuf]) -> Vec<DeviceFit> {
    let start = device(5e-9, 1.8e-12);
    many::fit_files::<_, _, 2>(paths, |data| {
        Fit::new(&start, Objective::new().term(Term::new(data.clone())))
    })
}

#[test]
fn every_device_is_recovered_and_a_malformed_file_is_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let paths = files(dir.path());
    let rows = fit(&paths);
    assert_eq!(rows.len(), 5);
    for (k, &(l, c)) in [0, 1, 3, 4].into_iter().zip(&DEVICES) {
        let row = &rows[k];
        assert!(row.is_ok(), "{row:?}");
        assert_eq!(row.file, paths[k].display().to_string());
        assert_eq!(row.names.len(), 2);
        for (got, want) in row.values.iter().zip([l, c]) {
            assert!(
                (got / want - 1.0).abs() < 1e-6,
                "{}: {got} vs {want}",
                row.file
            );
        }
        assert!(row.converged && row.loss.unwrap() < 1e-20, "{row:?}");
        assert!(row.termination.as_deref().unwrap().starts_with("converged"));
    }
    let bad = &rows[2];
    assert!(bad.file.ends_with("broken.s2p"));
    let error = bad.error.as_deref().unwrap();
    assert!(
        error.ends_with("broken.s2p:2: `zero` is not a number"),
        "{error}"
    );
    assert!(bad.values.is_empty() && bad.loss.is_none() && !bad.converged);
}

#[test]
fn rows_go_to_csv_and_back_and_to_json() {
    let dir = tempfile::tempdir().unwrap();
    let rows = fit(&files(dir.path()));
    let csv = many::to_csv(&rows);
    assert_eq!(csv.lines().count(), 6, "{csv}");
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(&format!(
            ",{0},{0} std error,{1},{1} std error",
            rows[0].names[0], rows[0].names[1]
        )),
        "{header}"
    );
    // The malformed file's line holds its (quoted if need be) error and empty values.
    let line = csv.lines().nth(3).unwrap();
    assert!(
        line.contains("broken.s2p") && line.ends_with(",,,,"),
        "{line}"
    );
    assert_eq!(many::from_csv(&csv).unwrap(), rows);

    let json = serde_json::to_string(&rows).unwrap();
    let back: Vec<DeviceFit> = serde_json::from_str(&json).unwrap();
    assert_eq!(back[1], rows[1]);
    assert_eq!(back[2].error, rows[2].error);
    assert_eq!(
        serde_json::to_value(&rows[1]).unwrap()["values"][0],
        rows[1].values[0]
    );
}

#[test]
fn an_objective_error_is_a_row_too() {
    let dir = tempfile::tempdir().unwrap();
    let paths = files(dir.path());
    let start = device(5e-9, 1.8e-12);
    let rows = many::fit_files::<_, _, 2>(&paths[..2], |data| {
        if data.name() == "dut1" {
            Err(Error::Fit("no reference for dut1".into()))
        } else {
            Fit::new(&start, Objective::new().term(Term::new(data.clone())))
        }
    });
    assert!(rows[0].is_ok());
    assert_eq!(rows[1].error.as_deref(), Some("fit: no reference for dut1"));
}

#[test]
fn every_file_runs_the_fit_the_closure_makes() {
    let dir = tempfile::tempdir().unwrap();
    let paths = files(dir.path());
    let start = device(5e-9, 1.8e-12);
    // One iteration of L-BFGS: no file converges, every row says so.
    let rows = many::fit_files::<_, _, 2>(&paths[..2], |data| {
        let fit = Fit::new(&start, Objective::new().term(Term::new(data.clone())))?;
        Ok(fit.method(Method::Lbfgs).options(Options {
            max_iterations: 1,
            ..Options::default()
        }))
    });
    for row in &rows {
        assert!(row.is_ok(), "{row:?}");
        assert!(row.iterations <= 1 && !row.converged, "{row:?}");
    }
}

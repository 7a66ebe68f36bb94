//! One model fitted to many measured devices across MPI ranks: rank 0 writes N generated
//! two-port devices (a series L and shunt C, each with its own values) and one malformed file
//! as Touchstone files, every rank fits its block of the files, and rank 0 gathers and prints
//! the rows as CSV in file order.
//!
//! Needs OpenMPI (`apt-get install libopenmpi-dev openmpi-bin libclang-dev`). Run with
//! `cargo build --release --example mpi_fit_many --features mpi`, then
//! `mpirun -np 2 target/release/examples/mpi_fit_many -- [N] [--dir D] [--check]` (add
//! `--allow-run-as-root --oversubscribe` as root or with more ranks than cores). Defaults:
//! N = 12, D a new directory in the temporary directory (give a shared one across machines).
//!
//! `--check` also fits every file in one process on rank 0 and exits non-zero unless those
//! rows equal the distributed ones, and every device is recovered to 1e-6.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pmrf::components::{SeriesL, ShuntC};
use pmrf::distributed;
use pmrf::distributed::mpi::traits::{Communicator, CommunicatorCollectives, Root};
use pmrf::fit::many::{self, DeviceFit};
use pmrf::fit::{Fit, Objective, Term};
use pmrf::io::touchstone::WriteOptions;
use pmrf::prelude::*;

fn device(l: f64, c: f64) -> Cascade<(SeriesL, ShuntC)> {
    Cascade::new((SeriesL::new(l), ShuntC::new(c)))
}

/// The values of device `k`.
fn values(k: usize) -> (f64, f64) {
    (
        (3.0 + 0.37 * k as f64) * 1e-9,
        (1.0 + 0.21 * (k % 7) as f64) * 1e-12,
    )
}

/// Writes the devices and, in the middle, a malformed file; returns the paths in order.
fn write_files(dir: &Path, n: usize) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Touchstone {
        file: Some(dir.to_path_buf()),
        line: 0,
        message: format!("cannot create the directory: {e}"),
    })?;
    let freq = Frequency::linspace(0.1, 3.0, 101, FrequencyUnit::GHz)?;
    let mut paths = Vec::new();
    for k in 0..n {
        let (l, c) = values(k);
        let path = dir.join(format!("dut{k:03}.s2p"));
        device(l, c)
            .network(&freq)?
            .write_touchstone(&path, &WriteOptions::new())?;
        paths.push(path);
    }
    let bad = dir.join("broken.s2p");
    std::fs::write(&bad, "# GHz S RI R 50\n1.0 0.5 zero\n").map_err(|e| Error::Touchstone {
        file: Some(bad.clone()),
        line: 0,
        message: format!("cannot write: {e}"),
    })?;
    paths.insert(n / 2, bad);
    Ok(paths)
}

/// Every file's fit: the same start and objective (Levenberg-Marquardt, chosen by default).
fn fit(data: &Network) -> Result<Fit<'static, Cascade<(SeriesL, ShuntC)>>, Error> {
    Fit::new(
        &device(5e-9, 1.8e-12),
        Objective::new().term(Term::new(data.clone())),
    )
}

/// Every generated device recovered to 1e-6 and the malformed file a row with its error.
fn recovered(rows: &[DeviceFit], n: usize) -> Result<(), String> {
    let mut k = 0;
    for row in rows {
        if row.file.ends_with("broken.s2p") {
            if row.error.is_none() {
                return Err("the malformed file has no error".into());
            }
            continue;
        }
        let (l, c) = values(k);
        k += 1;
        let close = |(got, want): (&f64, f64)| (got / want - 1.0).abs() < 1e-6;
        if row.values.len() != 2 || !row.values.iter().zip([l, c]).all(close) {
            return Err(format!(
                "{}: {:?} vs {:?} ({:?})",
                row.file,
                row.values,
                [l, c],
                row.error
            ));
        }
    }
    if k != n {
        return Err(format!("{k} devices in the rows, expected {n}"));
    }
    Ok(())
}

struct Args {
    n: usize,
    dir: Option<PathBuf>,
    check: bool,
}

fn parse_args() -> Result<Args, Error> {
    let mut args = Args {
        n: 12,
        dir: None,
        check: false,
    };
    let mut it = std::env::args().skip(1).filter(|a| a != "--");
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => args.check = true,
            "--dir" => args.dir = it.next().map(PathBuf::from),
            _ => {
                args.n = a.parse().map_err(|_| {
                    Error::Shape(format!("N: expected a non-negative integer, got `{a}`"))
                })?
            }
        }
    }
    Ok(args)
}

fn body(world: &impl Communicator) -> Result<bool, Error> {
    let args = parse_args()?;
    let (rank, size) = (world.rank(), world.size());
    let root = world.process_at_rank(0);
    // Every rank must name the same files: rank 0's process id names the directory.
    let mut id = std::process::id() as u64;
    root.broadcast_into(&mut id);
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("pmrf-mpi-fit-many-{id}")));
    let written = if rank == 0 {
        write_files(&dir, args.n)
    } else {
        Ok(Vec::new())
    };
    distributed::all_ok(world, written.map(|_| ()))?;
    let mut paths: Vec<PathBuf> = (0..args.n)
        .map(|k| dir.join(format!("dut{k:03}.s2p")))
        .collect();
    paths.insert(args.n / 2, dir.join("broken.s2p"));
    let rows = distributed::fit_files::<_, _, _, 2>(world, &paths, fit);
    // Rank 0 removes the files once every rank is done with them.
    world.barrier();
    if rank != 0 {
        return rows.map(|_| true);
    }
    let result = report(rows, &paths, args.n, args.check, size);
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

/// Rank 0: prints the rows and, with `check`, compares them with one process's.
fn report(
    rows: Result<Vec<DeviceFit>, Error>,
    paths: &[PathBuf],
    n: usize,
    check: bool,
    size: i32,
) -> Result<bool, Error> {
    let rows = rows?;
    print!("{}", many::to_csv(&rows));
    if check {
        let one = many::fit_files::<_, _, 2>(paths, fit);
        let (a, b) = (many::to_csv(&rows), many::to_csv(&one));
        if let Some((x, y)) = a.lines().zip(b.lines()).find(|(x, y)| x != y) {
            eprintln!("check FAILED: {size} rank(s) give\n  {x}\none process gives\n  {y}");
            return Ok(false);
        }
        if let Err(why) = recovered(&rows, n) {
            eprintln!("check FAILED: {why}");
            return Ok(false);
        }
        println!("check: {size} rank(s) agree with one process; every device recovered");
    }
    Ok(true)
}

fn main() -> ExitCode {
    distributed::launch(body)
}

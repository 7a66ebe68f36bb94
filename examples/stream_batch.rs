//! A batch larger than memory: the S-parameters of 10 million series capacitors (C uniform in
//! 1-5 pF, seed 42) at 100 points from 100 MHz to 1 GHz would take 64 GB; streamed in chunks
//! they take one chunk's buffer. Prints the spread of |S21| at 100 MHz over the batch, the wall
//! time and the peak resident memory (`VmHWM` of /proc/self/status, Linux).
//!
//! Run with `cargo run --release --example stream_batch -- [N] [CHUNK] [table]` (defaults
//! 10000000 and 1024). With `table`, the members are drawn up front into one parameter table
//! (`Batch::sample`, `N x 1` values) and only the output is streamed (`Batch::s_chunks`), for
//! comparison with drawing them chunk by chunk (`BatchSampler::s_chunks`, the default).

use std::time::Instant;

use pmrf::batch::BatchSampler;
use pmrf::components::SeriesC;
use pmrf::ndarray::ArrayView4;
use pmrf::num_complex::Complex64;
use pmrf::prelude::*;

fn arg(i: usize, default: usize) -> Result<usize, Error> {
    match std::env::args().nth(i) {
        Some(a) => a
            .parse()
            .map_err(|_| Error::Shape(format!("expected a positive integer, got `{a}`"))),
        None => Ok(default),
    }
}

/// Peak resident set size in kB, from `/proc/self/status` (Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Error> {
    let (n, chunk) = (arg(1, 10_000_000)?, arg(2, 1024)?);
    let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz)?;
    let params = SeriesC::new(1e-12)
        .params()?
        .with_prior("c", Prior::uniform(1e-12, 5e-12)?)?;

    let full_gb = (n * freq.len() * 4 * 16) as f64 / 1e9;
    println!(
        "{n} capacitors x {} points: {full_gb:.1} GB as one array; streamed {chunk} at a time",
        freq.len()
    );

    // |S21| at 100 MHz: minimum, maximum and mean over every member, one chunk at a time.
    let (mut lo, mut hi, mut sum) = (f64::INFINITY, 0.0f64, 0.0);
    let start = Instant::now();
    let mut summarise = |_offset: usize, s: ArrayView4<Complex64>| {
        for member in s.outer_iter() {
            let s21 = member[[0, 1, 0]].norm();
            lo = lo.min(s21);
            hi = hi.max(s21);
            sum += s21;
        }
        Ok::<(), Error>(())
    };
    if std::env::args().nth(3).as_deref() == Some("table") {
        let batch = Batch::sample(&params, &Filter::Free, n, 42)?.with_progress(false);
        println!(
            "table of {n} members drawn in {:.2} s",
            start.elapsed().as_secs_f64()
        );
        batch.s_chunks(&freq, chunk, &mut summarise)?;
    } else {
        let mut sampler = BatchSampler::new(&params, &Filter::Free, 42)?.with_progress(false);
        sampler.s_chunks(n, &freq, chunk, &mut summarise)?;
    }
    let secs = start.elapsed().as_secs_f64();

    println!(
        "|S21| at 100 MHz: min {lo:.6}, max {hi:.6}, mean {:.6}",
        sum / n as f64
    );
    println!(
        "wall time {secs:.2} s ({:.1} ns per member-point)",
        secs * 1e9 / (n * freq.len()) as f64
    );
    match peak_rss_kb() {
        Some(kb) => println!("peak RSS {:.1} MiB", kb as f64 / 1024.0),
        None => println!("peak RSS unavailable (no /proc/self/status)"),
    }
    Ok(())
}

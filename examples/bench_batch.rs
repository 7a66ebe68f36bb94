//! The speed workload shared with `scripts/bench_reference.py`: S-parameters of N series
//! capacitors (C uniform in 1-5 pF) at 100 points from 100 MHz to 1 GHz. Prints one JSON line
//! with the median time of 5 runs; `scripts/compare_speed.sh` runs both side by side.
//!
//! Run with `cargo run --release --example bench_batch -- [N]` (default 100000).

use std::time::Instant;

use pmrf::components::SeriesC;
use pmrf::ndarray::Array2;
use pmrf::prelude::*;

fn main() -> Result<(), Error> {
    let n: usize = match std::env::args().nth(1) {
        Some(arg) => arg
            .parse()
            .map_err(|_| Error::Shape(format!("N must be a positive integer, got `{arg}`")))?,
        None => 100_000,
    };
    let freq = Frequency::linspace(100.0, 1000.0, 100, FrequencyUnit::MHz)?;
    let c = Array2::from_shape_fn((n, 1), |(i, _)| 1e-12 + 4e-12 * (i as f64 + 0.5) / n as f64);
    let batch = Batch::from_values(&SeriesC::new(1e-12), c)?.with_progress(false);

    let _warm = batch.s(&freq)?;
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let s = batch.s(&freq)?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(s);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"workload\": \"S-params of {n} series capacitors at 100 pts\", \"n\": {n}, \"pmrf_ms\": {:.3}, \"threads\": {}}}",
        times[2],
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(())
}

//! Compile-time behaviour of `#[derive(Model)]`: every misuse has a pinned message
//! (`tests/ui/*.rs` + `.stderr`), and the supported forms compile and run (`tests/pass/*.rs`);
//! port indices out of range of the composites' const forms fail to build (`tests/ports/`);
//! every mistake in a static netlist of `#[derive(Circuit)]` has a pinned message
//! (`tests/circuit/`).
//!
//! The `.stderr` snapshots are rustc's output, which changes between compiler releases
//! (wording, notes, underline widths), so they are compared only on the pinned toolchain,
//! stable 1.95, and the test is ignored, with the reason, on any other; the pass cases run on
//! every compiler. Regenerate the snapshots on 1.95 with
//! `TRYBUILD=overwrite cargo test -p pmrf-test-ui` and review the diff.

#[test]
#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the .stderr snapshots are written by rustc 1.95; other compilers word errors differently"
)]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

/// Port indices out of range in `Connected::at` and `Terminated::at` fail in a const block,
/// which rustc evaluates only when it builds (monomorphises), not under `cargo check`; the
/// pass case beside them makes trybuild build the whole set.
#[test]
#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the .stderr snapshots are written by rustc 1.95; other compilers word errors differently"
)]
fn port_indices() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ports/*_out_of_range.rs");
    t.pass("tests/ports/in_range.rs");
}

/// Every mistake in a static netlist of `#[derive(Circuit)]` (`tests/circuit/*.rs`). A part's
/// port count is checked in a const block (like the port indices above), so the pass case
/// beside them makes trybuild build the whole set.
#[test]
#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the .stderr snapshots are written by rustc 1.95; other compilers word errors differently"
)]
fn circuit() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/circuit/*.rs");
    t.pass("tests/circuit/pass/*.rs");
}

#[test]
fn pass() {
    let t = trybuild::TestCases::new();
    t.pass("tests/pass/*.rs");
}

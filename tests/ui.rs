//! Compile-time behaviour of `#[derive(Model)]`: every misuse has a pinned message
//! (`tests/ui/*.rs` + `.stderr`), and the supported forms compile and run (`tests/pass/*.rs`).
//!
//! The `.stderr` snapshots are written by rustc 1.95 (the toolchain of this repo and its CI);
//! regenerate them with `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/pass/*.rs");
}

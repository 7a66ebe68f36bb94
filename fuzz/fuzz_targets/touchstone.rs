//! Arbitrary bytes into the Touchstone reader: it must never panic, only return a network or
//! an `Error::Touchstone`; what it reads must be writable (or refused with an error) and, once
//! written, read back to the same network.
//!
//! The first byte picks the port count given to the reader (none, or 1 to 4); the rest is the
//! file. Run with `cargo +nightly fuzz run touchstone` from the repository root (seed corpus:
//! `cp tests/data/touchstone/*.s*p tests/data/touchstone/*.ts fuzz/corpus/touchstone/`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pmrf_core::Error;
use pmrf_core::io::touchstone::{self, Version, WriteOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&first, text)) = data.split_first() else {
        return;
    };
    let ports = match first % 5 {
        0 => None,
        n => Some(usize::from(n)),
    };
    match touchstone::read_from(text, ports) {
        Ok(file) => {
            let net = file.network;
            let options = WriteOptions::new().version(Version::V2);
            if let Ok(out) = touchstone::to_string(&net, &options) {
                let back = touchstone::read_str(&out, None).expect("written text reads back");
                // In Hz: the unit may differ (THz is written as GHz).
                assert_eq!(back.network.frequency().hz(), net.frequency().hz());
                assert_eq!(back.network.z0(), net.z0());
                assert_eq!(back.network.s(), net.s());
            }
        }
        Err(Error::Touchstone { .. }) => {}
        Err(other) => panic!("not a Touchstone error: {other:?}"),
    }
});

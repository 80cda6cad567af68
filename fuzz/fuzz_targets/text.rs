//! Fuzz target: the plain-text article reader (header lines, datelines, bylines, view counters,
//! boilerplate) on arbitrary UTF-8.
#![no_main]

use dossier::ingest::formats::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = text::parse(s);
        let _ = text::derive_title(s);
    }
});

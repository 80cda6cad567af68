//! Fuzz target: the HTML reader (trafilatura extraction, metadata, the markup-to-text fallback).
#![no_main]

use dossier::ingest::formats::{html, markup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = html::parse(s);
        let _ = markup::to_text(s);
        let _ = markup::decode_entities(s);
    }
});

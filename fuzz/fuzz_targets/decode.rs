//! Fuzz target: bytes to text and format sniffing, the first things every file goes through.
//! gunzip gets a 1 MiB limit (not the real 256 MiB) so that a small gzip bomb is refused in
//! microseconds instead of filling memory; the limit check itself is what is exercised.
#![no_main]

use dossier::ingest::{decode, sniff};
use libfuzzer_sys::fuzz_target;

const FORMATS: [sniff::Format; 5] = [
    sniff::Format::Text,
    sniff::Format::Html,
    sniff::Format::Json,
    sniff::Format::Jsonl,
    sniff::Format::Feed,
];

fuzz_target!(|data: &[u8]| {
    let _ = decode::declared(data);
    let _ = decode::decode(data);
    let _ = decode::decode_markup(data);
    for f in FORMATS {
        let _ = sniff::confirm(f, data);
    }
    let _ = sniff::by_extension(&String::from_utf8_lossy(data));
    if sniff::is_gzip(data) {
        if let Ok(out) = sniff::gunzip(data, 1 << 20) {
            assert!(out.len() <= 1 << 20, "gunzip exceeded its limit");
        }
    }
});

//! Fuzz target: JSON and JSONL exports (one object, an array of objects, one object a line).
#![no_main]

use dossier::ingest::formats::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = json::parse_json(s);
        let _ = json::parse_jsonl(s);
        let _ = json::host(s);
    }
});

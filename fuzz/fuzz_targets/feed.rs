//! Fuzz target: RSS, Atom, RDF and JSON Feed files, read from raw bytes as the ingester does.
#![no_main]

use dossier::ingest::formats::feed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = feed::parse(data);
});

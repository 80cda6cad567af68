//! Fuzz target: the date finders run on every article's text and path, and the dateline reader.
#![no_main]

use dossier::ingest::{dates, metadata};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        for d in dates::find_dates(s) {
            // Spans index the text they were found in.
            assert!(s.get(d.span.clone()).is_some(), "bad span {:?}", d.span);
        }
        let _ = dates::yearless_at_start(s);
        let _ = dates::path_date(s);
        let _ = dates::path_year(s);
        let _ = metadata::dateline(s);
        let _ = metadata::place_and_outlet(s);
        let _ = metadata::byline(s);
        let _ = metadata::view_counter(s);
    }
});

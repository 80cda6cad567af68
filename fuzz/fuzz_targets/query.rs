//! Fuzz target: a user's search query, as `dossier search` takes it: prepare (field prefixes,
//! `date:` terms) with a fixed `now`, then tantivy's parser over the archive's schema, in an
//! empty in-memory archive built once.
#![no_main]

use std::sync::LazyLock;

use chrono::{TimeZone, Utc};
use dossier::archive::Archive;
use dossier::search::{build_query, query, SearchRequest};
use libfuzzer_sys::fuzz_target;

static ARCHIVE: LazyLock<Archive> =
    LazyLock::new(|| Archive::in_memory().expect("an in-memory archive"));

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let now = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
    if let Ok(p) = query::prepare(s, now) {
        let req = SearchRequest {
            query: p.text,
            from: p.from,
            to: p.to,
            limit: 10,
            ..SearchRequest::default()
        };
        let _ = build_query(&ARCHIVE, &ARCHIVE.reader().expect("reader").searcher(), &req);
    }
});

//! Fuzz target: the date bounds of `--from`, `--to`, `--since` and the query's `date:` terms,
//! with a fixed `now`. Whatever the input, a bound is a date or a usage error, never a panic.
#![no_main]

use chrono::{TimeZone, Utc};
use dossier::search::range;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let now = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
    let _ = range::from_bound(s);
    let _ = range::to_bound(s);
    let _ = range::since(s, now);
    let _ = range::take_date_terms(s, now);
    let _ = range::take_date_terms(&format!("date:{s}"), now);
});

//! Query latency: a fixed mix of five queries, timed in-process (the library's search API on an
//! archive opened once) and whole-process (`dossier --index DIR search ...`, as a user or a
//! script runs it), plus `rg -l` / `grep -rl` over the same folder as the no-index baseline.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use dossier::archive::Archive;
use dossier::search::{self, SearchRequest};

use crate::process;

/// One query of the mix, as CLI arguments and as a library request.
pub struct Query {
    pub label: &'static str,
    pub args: Vec<&'static str>,
    pub request: SearchRequest,
    /// The literal text `rg`/`grep` look for, when one fixed string stands for the query.
    pub grep: Option<&'static str>,
}

pub fn mix() -> Vec<Query> {
    let req = |q: &str| SearchRequest {
        query: q.to_string(),
        limit: 10,
        ..SearchRequest::default()
    };
    vec![
        Query {
            label: "single term (`ceasefire`)",
            args: vec!["ceasefire"],
            request: req("ceasefire"),
            grep: Some("ceasefire"),
        },
        Query {
            label: "two-term AND (`ceasefire drones`)",
            args: vec!["ceasefire drones"],
            request: req("ceasefire drones"),
            grep: None,
        },
        Query {
            label: "phrase (`\"security guarantees\"`)",
            args: vec!["\"security guarantees\""],
            request: req("\"security guarantees\""),
            grep: Some("security guarantees"),
        },
        Query {
            label: "term + date range (2023)",
            args: vec!["ceasefire", "--from", "2023-01-01", "--to", "2023-12-31"],
            request: SearchRequest {
                from: Some(Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap()),
                to: Some(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap()),
                ..req("ceasefire")
            },
            grep: None,
        },
        Query {
            label: "term + country (`--country FR`)",
            args: vec!["ceasefire", "--country", "FR"],
            request: SearchRequest {
                countries: vec!["FR".to_string()],
                ..req("ceasefire")
            },
            grep: None,
        },
    ]
}

/// Latency percentiles of one query.
pub struct Latency {
    pub p50: Duration,
    pub p99: Duration,
    pub hits: usize,
}

fn percentiles(mut t: Vec<Duration>) -> (Duration, Duration) {
    t.sort();
    let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize];
    (at(0.50), at(0.99))
}

/// `runs` searches through the library on an archive opened once (after 3 warm-up runs).
pub fn in_process(index: &Path, q: &Query, runs: usize) -> Latency {
    let archive = Archive::open(index).expect("open archive");
    let mut hits = 0;
    for _ in 0..3 {
        hits = search::search(&archive, &q.request).expect("search").total;
    }
    let times = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let r = search::search(&archive, &q.request).expect("search");
            std::hint::black_box(r);
            t.elapsed()
        })
        .collect();
    let (p50, p99) = percentiles(times);
    Latency { p50, p99, hits }
}

/// `runs` whole-process searches (after 3 warm-up runs, so the page cache holds the index, as
/// it does for someone searching an archive they use).
pub fn whole_process(bin: &str, index: &Path, q: &Query, runs: usize) -> Latency {
    let idx = index.to_str().expect("utf-8 path");
    let mut args = vec!["--index", idx, "search"];
    args.extend(q.args.iter().copied());
    for _ in 0..3 {
        process::run(bin, &args, None, false);
    }
    let times = (0..runs)
        .map(|_| process::run(bin, &args, None, false).wall)
        .collect();
    let (p50, p99) = percentiles(times);
    Latency { p50, p99, hits: 0 }
}

/// Median of `runs` runs of `rg -l -i` (or the `grep -rl -i` fallback) for `text` in `news`;
/// `None` when the tool is not installed.
pub fn scan(tool: &str, news: &Path, text: &str, runs: usize) -> Option<Duration> {
    if !process::installed(tool) {
        return None;
    }
    let dir = news.to_str().expect("utf-8 path");
    let args: Vec<&str> = match tool {
        "rg" => vec!["-l", "-i", "-F", text, dir],
        _ => vec!["-rl", "-i", "-F", text, dir],
    };
    process::run_any(tool, &args); // warm the page cache
    let mut times: Vec<Duration> = (0..runs).map(|_| process::run_any(tool, &args)).collect();
    times.sort();
    Some(times[times.len() / 2])
}

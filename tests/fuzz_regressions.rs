//! What the fuzz targets (fuzz/, scripts/fuzz.sh) found, kept as ordinary tests: every saved
//! input under fuzz/regressions/TARGET/ is replayed through the same calls as its target (so a
//! crash input panics here again if its fix is undone), and each finding has a test of what a
//! user sees once it is fixed. The fuzz crate needs cargo-fuzz and an instrumented build; these
//! need neither, so `cargo test` keeps the findings fixed.

mod common;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{TimeZone, Utc};
use common::{ndjson, Env};
use dossier::archive::Archive;
use dossier::ingest::{self, dates, decode, formats, metadata, sniff, SourceFile};
use dossier::search::{build_query, query, range, SearchRequest};

static ARCHIVE: LazyLock<Archive> = LazyLock::new(|| Archive::in_memory().unwrap());

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap()
}

/// What fuzz/fuzz_targets/TARGET.rs does with `data` (kept in step with those files by hand:
/// each is a few lines).
fn replay(target: &str, data: &[u8]) {
    let text = std::str::from_utf8(data).ok();
    match (target, text) {
        ("decode", _) => {
            let _ = decode::decode(data);
            let _ = decode::decode_markup(data);
            let _ = sniff::confirm(sniff::Format::Feed, data);
            if sniff::is_gzip(data) {
                let _ = sniff::gunzip(data, 1 << 20);
            }
        }
        ("text", Some(s)) => {
            let _ = formats::text::parse(s);
        }
        ("html", Some(s)) => {
            let _ = formats::html::parse(s);
            let _ = formats::markup::to_text(s);
        }
        ("json", Some(s)) => {
            let _ = formats::json::parse_json(s);
            let _ = formats::json::parse_jsonl(s);
        }
        ("feed", _) => {
            let _ = formats::feed::parse(data);
        }
        ("dates", Some(s)) => {
            let _ = dates::find_dates(s).count();
            let _ = dates::path_date(s);
            let _ = metadata::dateline(s);
        }
        ("query", Some(s)) => {
            if let Ok(p) = query::prepare(s, now()) {
                let req = SearchRequest {
                    query: p.text,
                    from: p.from,
                    to: p.to,
                    limit: 10,
                    ..SearchRequest::default()
                };
                let _ = build_query(
                    &ARCHIVE,
                    &ARCHIVE.reader().expect("reader").searcher(),
                    &req,
                );
            }
        }
        ("range", Some(s)) => {
            let _ = range::from_bound(s);
            let _ = range::to_bound(s);
            let _ = range::since(s, now());
            let _ = range::take_date_terms(s, now());
        }
        ("parse_bytes", _) => {
            // As fuzz/fuzz_targets/parse_bytes.rs picks them.
            const EXT: [&str; 19] = [
                "txt", "md", "html", "json", "jsonl", "rss", "atom", "xml", "txt.gz", "json.gz",
                "pdf", "docx", "odt", "epub", "eml", "mbox", "mhtml", "warc", "warc.gz",
            ];
            let Some((&pick, content)) = data.split_first() else {
                return;
            };
            let path = format!("news/2025/12/16/article.{}", EXT[pick as usize % EXT.len()]);
            let file = SourceFile {
                path: PathBuf::from(&path),
                key: path,
                size: content.len() as u64,
                mtime_ns: 1_765_000_000_000_000_000,
            };
            if let Ok(parsed) = ingest::parse_bytes(&file, content) {
                let fp = ingest::Fingerprint::of(content, file.mtime_ns);
                for d in &parsed.docs {
                    let like = dossier::archive::stories::similar::Likeness::of(&d.title, &d.body);
                    let _ = ARCHIVE.fields().to_tantivy(d, "news", &fp, &like);
                }
            }
        }
        (_, None) => {} // the target skips input that is not UTF-8
        (other, _) => panic!("fuzz/regressions/{other}: no such fuzz target"),
    }
}

#[test]
fn every_saved_fuzz_input_replays_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            eprintln!("replaying {}", f.display());
            replay(&target, &std::fs::read(&f).unwrap());
            n += 1;
        }
    }
    assert!(n > 0, "no inputs found under {}", root.display());
}

/// An archive of two dated articles (2025-12-16 and 2026-01-07) for date-range searches.
fn dated_archive() -> Env {
    let env = Env::new();
    let news = env.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(
        news.join("kyiv.txt"),
        "Italy pledges generators to Kyiv\n\nKYIV, Dec 16, 2025 (UNN) - Italy will send troops \
         of engineers and new generators to Ukraine, its foreign minister said on Tuesday.\n",
    )
    .unwrap();
    std::fs::write(
        news.join("geneva.txt"),
        "Ceasefire talks resume in Geneva\n\nGENEVA, Jan 7, 2026 (Reuters) - Negotiators met \
         again on Wednesday to discuss troops withdrawals along the line of contact.\n",
    )
    .unwrap();
    env.ok(&["index", news.to_str().unwrap(), "-q"]);
    env
}

fn hits(env: &Env, query: &str) -> Vec<String> {
    let out = env.ok(&["search", query, "--format", "paths"]);
    let mut names: Vec<String> = out
        .lines()
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// fuzz/regressions/query/date-range-year-1013: a date bound before 1677 or after 2262 did not
/// fit tantivy's nanosecond i64 and overflowed (a panic here, a wrapped date in release, which
/// made `date:..1500` match the 2025 articles). Bounds are clamped to what the index holds.
#[test]
fn date_bounds_outside_the_index_range_still_mean_before_and_after() {
    let env = dated_archive();
    assert_eq!(hits(&env, "troops date:1013.."), ["geneva.txt", "kyiv.txt"]);
    assert_eq!(hits(&env, "troops date:..1500"), Vec::<String>::new());
    // The fuzzer's own input: an empty range, which the command names as such.
    let out = env.run(&["search", "troops date:2024-12..1013-01"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the dates exclude each other"), "{err}");
    assert_eq!(hits(&env, "troops date:2026..9999"), ["geneva.txt"]);
    let out = env.ok(&[
        "search", "troops", "--from", "1600", "--to", "2999", "--format", "paths",
    ]);
    assert_eq!(out.lines().count(), 2, "{out}");
}

/// The same overflow when indexing: a reader's date the index cannot hold (a dateline's year
/// 0012, a JSON Unix time in year 3000) crashed `dossier index` in a debug build and stored a
/// wrapped date in release. Such a date is now ignored and the path's date used instead.
#[test]
fn a_date_the_index_cannot_hold_falls_back_to_the_path() {
    let env = Env::new();
    let dir = env.path().join("news/2025/12/16");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("dateline.txt"),
        "Talks in Kyiv\n\nKYIV, March 1, 0012 (UNN) - Ministers met in Kyiv on Monday.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("export.json"),
        r#"{"title": "Talks in Rome", "date": 32503680000, "text": "Ministers met in Rome on Monday to discuss energy."}"#,
    )
    .unwrap();
    let news = env.path().join("news");
    env.ok(&["index", news.to_str().unwrap(), "-q"]);
    let docs = ndjson(&env.ok(&["parse", news.to_str().unwrap()]));
    assert_eq!(docs.len(), 2);
    for d in &docs {
        assert!(
            d["date"].as_str().unwrap().starts_with("2025-12-16"),
            "{}",
            d["date"]
        );
        assert_eq!(d["date_source"], "path");
    }
    assert_eq!(
        hits(&env, "ministers date:2025-12-16"),
        ["dateline.txt", "export.json"]
    );
}

/// 10,000 `(` (or `(a ` or `title:(` repeated) overflowed the stack in tantivy's recursive
/// query parser and aborted `dossier search` (SIGABRT, no message). Nesting deeper than 100
/// levels is now refused as a query error; ordinary nesting still works.
#[test]
fn deeply_nested_parentheses_are_refused_not_a_stack_overflow() {
    let env = dated_archive();
    for deep in [
        "(".repeat(20_000),
        "(troops ".repeat(10_000),
        "title:(".repeat(10_000),
    ] {
        let out = env.run(&["search", &deep]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}", &err[..err.len().min(300)]);
        assert!(
            err.contains("deep; at most 100 levels"),
            "{}",
            &err[..err.len().min(300)]
        );
        replay("query", deep.as_bytes());
    }
    assert_eq!(
        hits(&env, "((troops AND (Geneva OR Kyiv)))"),
        ["geneva.txt", "kyiv.txt"]
    );
}

/// fuzz/regressions/parse_bytes/pdf-missing-object: a page whose content refers to an object
/// the file lacks makes pdf-extract panic (`missing object reference`, its lib.rs:177). The PDF
/// reader catches it (and in the binary the worker process would survive it anyway): the file
/// is a readable failure, not a crash.
#[test]
fn a_pdf_that_makes_the_pdf_crate_panic_is_a_failure() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions/parse_bytes/pdf-missing-object"),
    )
    .unwrap();
    let file = SourceFile {
        path: PathBuf::from("news/report.pdf"),
        key: "news/report.pdf".into(),
        size: data.len() as u64 - 1,
        mtime_ns: 0,
    };
    let err = ingest::parse_bytes(&file, &data[1..]).unwrap_err();
    assert!(
        err.reason.starts_with("not a readable PDF"),
        "{}",
        err.reason
    );
}

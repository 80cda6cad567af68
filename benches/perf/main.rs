//! Performance harness for dossier (issue 7): ingest throughput, peak memory and index size of
//! the release binary, a bare-tantivy baseline on the same documents, query latency in-process
//! and whole-process, `rg -l`/`grep -rl` over the same files, and incremental re-runs.
//!
//!     cargo bench --bench perf                                  # 10k and 100k documents
//!     DOSSIER_BENCH_SIZES=1000000 cargo bench --bench perf      # 1M, opt-in (~4 GB of files)
//!
//! DOSSIER_BENCH_CORPUS=DIR only writes the first size's articles into DIR (for profiling);
//! DOSSIER_BENCH_QUERIES_ON=ARCHIVE only times the query mix on an archive built before.
//! Other knobs: DOSSIER_BENCH_RUNS (whole-process searches per query, default 50; in-process
//! runs are 4x that), DOSSIER_BENCH_DIR (where the corpus and indexes are written, default the
//! system temp dir; deleted at the end). Results are markdown tables on stdout, progress on
//! stderr. The machine is usually shared, so every timing is the best (ingest, re-runs,
//! baseline) or the median (scans) of repeated runs: other work only adds noise upward.

mod baseline;
mod corpus;
mod process;
mod query;
mod report;
mod watch;

use std::path::Path;
use std::time::{Duration, Instant};

use report::{ExportRow, IngestRow, QueryRow, Row, UpdateRow};

/// Full ingests per size: the first also warms the page cache, the best of two is reported.
const INGEST_REPEATS: usize = 2;
/// Re-runs (no-op, +1%) and bare-tantivy runs per size, best reported.
const REPEATS: usize = 3;
/// Runs of each grep/rg scan, median reported.
const SCAN_RUNS: usize = 5;

fn main() {
    let env = |name: &str| std::env::var(name).ok();
    let sizes: Vec<usize> = env("DOSSIER_BENCH_SIZES")
        .unwrap_or_else(|| "10000,100000".to_string())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect();
    let runs: usize = env("DOSSIER_BENCH_RUNS")
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let bin = env!("CARGO_BIN_EXE_dossier");
    let names = corpus::Names::load();
    // Only write the corpus, for profiling `dossier index` or `parse` by hand.
    if let Some(dir) = env("DOSSIER_BENCH_CORPUS") {
        let n = sizes.first().copied().unwrap_or(10_000);
        // DOSSIER_BENCH_FIRST=N: articles from number N on, new (written now, another seed),
        // as the +1% re-run adds them.
        let first: usize = env("DOSSIER_BENCH_FIRST")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (seed, aged) = if first == 0 {
            (42, true)
        } else {
            (1000 + first as u64, false)
        };
        let raw = corpus::generate_dated(&names, Path::new(&dir), first, n, seed, aged);
        eprintln!("{n} articles, {:.1} MB, in {dir}", raw as f64 / 1e6);
        return;
    }
    // Only the query mix, on an archive built before (the 1M figures: its ingest takes 10 min).
    if let Some(dir) = env("DOSSIER_BENCH_QUERIES_ON") {
        println!("| query | hits | in-process p50 | p99 | whole process p50 | p99 |");
        println!("|---|---:|---:|---:|---:|---:|");
        for q in query::mix() {
            let inproc = query::in_process(Path::new(&dir), &q, runs * 4);
            let whole = query::whole_process(bin, Path::new(&dir), &q, runs);
            println!(
                "| {} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |",
                q.label,
                inproc.hits,
                inproc.p50.as_secs_f64() * 1e3,
                inproc.p99.as_secs_f64() * 1e3,
                whole.p50.as_secs_f64() * 1e3,
                whole.p99.as_secs_f64() * 1e3,
            );
        }
        return;
    }
    let mut rows = Vec::new();
    for &n in &sizes {
        let base = env("DOSSIER_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
        let dir = tempfile::tempdir_in(base).expect("temp dir");
        rows.push(bench_size(bin, &names, dir.path(), n, runs));
    }
    report::print(&rows, runs);
}

fn bench_size(bin: &str, names: &corpus::Names, dir: &Path, n: usize, runs: usize) -> Row {
    let news = dir.join("news");
    let t = Instant::now();
    let raw = corpus::generate_dated(names, &news, 0, n, 42, true);
    eprintln!(
        "[{n}] generated {:.1} MB in {:.1} s",
        raw as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let news_s = news.to_str().expect("utf-8 path");

    // Full ingest, whole process, into a fresh archive each time.
    let index = dir.join("index");
    let idx_s = index.to_str().expect("utf-8 path");
    let mut full = Duration::MAX;
    let mut rss = 0;
    for _ in 0..INGEST_REPEATS {
        let _ = std::fs::remove_dir_all(&index);
        let r = process::run(bin, &["--index", idx_s, "index", news_s, "-q"], None, true);
        eprintln!(
            "[{n}] full ingest {:.2} s, peak RSS {} MB",
            r.wall.as_secs_f64(),
            r.peak_rss >> 20
        );
        full = full.min(r.wall);
        rss = rss.max(r.peak_rss);
    }
    let index_bytes = process::du(&index);
    eprintln!("[{n}] {} segments after the full ingest", segments(&index));

    // Bare tantivy on the same documents, parsed (untimed) by the library.
    let t = Instant::now();
    let docs = baseline::prepare(&news);
    assert_eq!(docs.len(), n, "every generated file gives one document");
    eprintln!(
        "[{n}] parsed for the baseline in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let bare = |stem: bool, repeats: usize| {
        (0..repeats)
            .map(|i| {
                let d = dir.join(format!("bare-{stem}-{i}"));
                let took = baseline::index(docs.clone(), &d, stem);
                let _ = std::fs::remove_dir_all(&d);
                eprintln!(
                    "[{n}] bare tantivy (stemming {stem}) {:.2} s",
                    took.as_secs_f64()
                );
                took
            })
            .min()
            .expect("one run")
    };
    let bare_stem = bare(true, REPEATS);
    let bare_plain = bare(false, REPEATS);
    drop(docs);

    let ingest = IngestRow {
        docs: n,
        raw,
        full,
        rss,
        index_bytes,
        bare_stem,
        bare_plain,
    };

    // Queries: in-process and whole-process, then the scans.
    let queries = query::mix()
        .iter()
        .map(|q| {
            let inproc = query::in_process(&index, q, runs * 4);
            let whole = query::whole_process(bin, &index, q, runs);
            eprintln!("[{n}] query {}: {} hits", q.label, inproc.hits);
            let scans = q.grep.map(|text| {
                (
                    query::scan("rg", &news, text, SCAN_RUNS),
                    query::scan("grep", &news, text, SCAN_RUNS),
                )
            });
            QueryRow {
                label: q.label,
                inproc,
                whole,
                scans,
            }
        })
        .collect();

    // Export of the whole archive to each engine's files (best of 3), whole process.
    let exports: Vec<ExportRow> = ["quickwit", "opensearch"]
        .into_iter()
        .map(|target| export(bin, dir, idx_s, n, target))
        .collect();

    // Re-runs: nothing changed (after one run that reads the folders the ingest left
    // untrusted), then the same checking every file (`--verify`: the walk of dossier before
    // the folder cache), then 1% new files (a new folder each time).
    let rerun = |extra: &[&str]| {
        let mut args = vec!["--index", idx_s, "index", "-q"];
        args.extend_from_slice(extra);
        process::run(bin, &args, None, true).wall
    };
    rerun(&[]);
    let noop = (0..REPEATS).map(|_| rerun(&[])).min().expect("one run");
    let verify = (0..REPEATS)
        .map(|_| rerun(&["--verify"]))
        .min()
        .expect("one run");
    eprintln!(
        "[{n}] no-op {:.3} s, --verify {:.3} s",
        noop.as_secs_f64(),
        verify.as_secs_f64()
    );
    let extra = (n / 100).max(1);
    let mut plus = Duration::MAX;
    let mut plus_rss = 0;
    for r in 0..REPEATS {
        corpus::generate(
            names,
            &news.join(format!("new{r}")),
            n + r * extra,
            extra,
            1000 + r as u64,
        );
        let run = process::run(bin, &["--index", idx_s, "index", "-q"], None, true);
        eprintln!(
            "[{n}] +1% re-run {:.3} s, peak RSS {} MB, {} segments after",
            run.wall.as_secs_f64(),
            run.peak_rss >> 20,
            segments(&index)
        );
        plus = plus.min(run.wall);
        plus_rss = plus_rss.max(run.peak_rss);
    }
    // `index --watch` while 200 new files arrive.
    let watched = watch::latency(bin, &index, &news);
    eprintln!(
        "[{n}] watch: written -> searchable p50 {:.0} ms, p99 {:.0} ms, {} missed",
        watched.p50.as_secs_f64() * 1e3,
        watched.p99.as_secs_f64() * 1e3,
        watched.missed
    );

    // What the re-runs added, exported with --since-last against the full export above.
    let out = dir.join("export-opensearch");
    let out_s = out.to_str().expect("utf-8 path");
    let args = [
        "--index",
        idx_s,
        "export",
        "--to",
        "opensearch",
        out_s,
        "--since-last",
    ];
    let since = process::run(bin, &args, None, true);
    let delta = exported(&out);
    eprintln!(
        "[{n}] export --since-last: {} documents in {:.2} s",
        delta.0,
        since.wall.as_secs_f64()
    );
    Row {
        ingest,
        queries,
        exports,
        since_last: (since.wall, delta.0),
        watched,
        update: UpdateRow {
            docs: n,
            noop,
            verify,
            plus,
            plus_rss,
            extra,
        },
    }
}

/// `dossier export --to TARGET` of the whole archive: best of 3, its bytes and peak memory.
fn export(bin: &str, dir: &Path, idx: &str, n: usize, target: &'static str) -> ExportRow {
    let out = dir.join(format!("export-{target}"));
    let out_s = out.to_str().expect("utf-8 path");
    let mut best = Duration::MAX;
    let mut rss = 0;
    for _ in 0..REPEATS {
        let r = process::run(
            bin,
            &["--index", idx, "export", "--to", target, out_s],
            None,
            true,
        );
        eprintln!(
            "[{n}] export to {target} {:.2} s, peak RSS {} MB",
            r.wall.as_secs_f64(),
            r.peak_rss >> 20
        );
        best = best.min(r.wall);
        rss = rss.max(r.peak_rss);
    }
    let (docs, bytes, files) = exported(&out);
    assert_eq!(docs, n, "every document exported");
    ExportRow {
        docs,
        target,
        wall: best,
        bytes,
        files,
        rss,
    }
}

/// Documents, bytes and data files of an export, from its `export.json`.
fn exported(dir: &Path) -> (usize, u64, usize) {
    let manifest: serde_json::Value = std::fs::read_to_string(dir.join("export.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .expect("export.json");
    (
        manifest["documents"].as_u64().unwrap_or(0) as usize,
        manifest["bytes"].as_u64().unwrap_or(0),
        manifest["files"].as_array().map_or(0, Vec::len),
    )
}

/// Segments in the archive's last commit: a re-run that merges them rewrites the index, which
/// explains a slow or memory-hungry update.
fn segments(index: &Path) -> usize {
    std::fs::read_to_string(index.join("meta.json"))
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|m| m["segments"].as_array().map(Vec::len))
        .unwrap_or(0)
}

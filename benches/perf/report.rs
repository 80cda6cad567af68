//! The harness's results as markdown tables, ready for the README and the issue, with the
//! issue's goals checked beside the numbers they apply to.

use std::time::Duration;

use crate::query::Latency;

pub struct IngestRow {
    pub docs: usize,
    /// Bytes of the generated files.
    pub raw: u64,
    /// Best whole-process `dossier index` wall time.
    pub full: Duration,
    /// Largest peak RSS of those runs, bytes.
    pub rss: u64,
    pub index_bytes: u64,
    /// Best bare-tantivy time with the archive's schema (English stemming).
    pub bare_stem: Duration,
    /// Bare tantivy with the default tokenizer in place of `en_stem`.
    pub bare_plain: Duration,
}

pub struct QueryRow {
    pub label: &'static str,
    pub inproc: Latency,
    pub whole: Latency,
    /// Median (`rg -l`, `grep -rl`) times, when the query is one fixed string; `None` inside
    /// means the tool is not installed.
    pub scans: Option<(Option<Duration>, Option<Duration>)>,
}

pub struct UpdateRow {
    pub docs: usize,
    pub noop: Duration,
    /// The no-op with `--verify` (every file stat-ed, the whole catalog read).
    pub verify: Duration,
    pub plus: Duration,
    pub plus_rss: u64,
    pub extra: usize,
}

/// `dossier export` of the whole archive to one engine's files.
pub struct ExportRow {
    pub docs: usize,
    pub target: &'static str,
    /// Best whole-process wall time.
    pub wall: Duration,
    /// Bytes of the data files written.
    pub bytes: u64,
    pub files: usize,
    pub rss: u64,
}

pub struct Row {
    pub ingest: IngestRow,
    pub queries: Vec<QueryRow>,
    pub exports: Vec<ExportRow>,
    /// `export --since-last` after the re-runs: its wall time and the documents it wrote.
    pub since_last: (Duration, usize),
    pub watched: crate::watch::WatchLatency,
    pub update: UpdateRow,
}

fn mbps(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}

fn ms(t: Duration) -> String {
    format!("{:.1} ms", t.as_secs_f64() * 1e3)
}

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / (1 << 20) as f64)
}

pub fn print(rows: &[Row], runs: usize) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("\n### Ingest (`dossier index`, whole process, {cores} cores)\n");
    println!(
        "| docs | raw MB | full ingest | MB/s | docs/s | peak RSS | index / raw | bare tantivy, en_stem | bare tantivy, no stem | ingest / bare (en_stem) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows.iter().map(|r| &r.ingest) {
        println!(
            "| {} | {:.1} | {:.2} s | {:.1} | {:.0} | {} | {:.2}x | {:.1} MB/s ({:.2} s) | {:.1} MB/s ({:.2} s) | {:.2}x |",
            r.docs,
            r.raw as f64 / 1e6,
            r.full.as_secs_f64(),
            mbps(r.raw, r.full),
            r.docs as f64 / r.full.as_secs_f64(),
            mb(r.rss),
            r.index_bytes as f64 / r.raw as f64,
            mbps(r.raw, r.bare_stem),
            r.bare_stem.as_secs_f64(),
            mbps(r.raw, r.bare_plain),
            r.bare_plain.as_secs_f64(),
            r.bare_stem.as_secs_f64() / r.full.as_secs_f64(),
        );
    }
    println!(
        "\nMB/s: generated file bytes per second (the same bytes for dossier and the baseline). \
         Full ingest: best of 2, peak RSS: the larger. Bare tantivy: best of 3 each; \
         a ratio >= 1.00x means dossier ingests at least as fast as tantivy alone."
    );

    println!("\n### Search latency (top 10 with snippets)\n");
    println!(
        "| docs | query | hits | in-process p50 | p99 | whole process p50 | p99 | `rg -l` | `grep -rl` | grep / whole p50 |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        for q in &r.queries {
            let (rg, grep, ratio) = match q.scans {
                None => ("-".to_string(), "-".to_string(), "-".to_string()),
                Some((rg, grep)) => (
                    rg.map_or("not installed".to_string(), ms),
                    grep.map_or("not installed".to_string(), ms),
                    grep.map_or("-".to_string(), |g| {
                        format!("{:.0}x", g.as_secs_f64() / q.whole.p50.as_secs_f64())
                    }),
                ),
            };
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.ingest.docs,
                q.label,
                q.inproc.hits,
                ms(q.inproc.p50),
                ms(q.inproc.p99),
                ms(q.whole.p50),
                ms(q.whole.p99),
                rg,
                grep,
                ratio,
            );
        }
    }
    println!(
        "\nIn-process: `dossier::search::search` on an archive opened once, {} runs; whole \
         process: `dossier --index DIR search ...`, {runs} runs; both after 3 warm-up runs. \
         Scans: `rg -l -i -F` / `grep -rl -i -F` for the same text, median of 5, warm cache \
         (`grep` is the fallback baseline where ripgrep is not installed).",
        runs * 4
    );

    println!("\n### Export (`dossier export --to ...`, whole archive, whole process, best of 3)\n");
    println!("| docs | target | time | docs/s | MB/s written | files | peak RSS | `--since-last` after the re-runs |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        for e in &r.exports {
            println!(
                "| {} | {} | {:.2} s | {:.0} | {:.1} ({:.0} MB) | {} | {} | {} |",
                e.docs,
                e.target,
                e.wall.as_secs_f64(),
                e.docs as f64 / e.wall.as_secs_f64(),
                mbps(e.bytes, e.wall),
                e.bytes as f64 / 1e6,
                e.files,
                mb(e.rss),
                match e.target {
                    "opensearch" => format!(
                        "{:.2} s for {} documents",
                        r.since_last.0.as_secs_f64(),
                        r.since_last.1
                    ),
                    _ => "-".to_string(),
                },
            );
        }
    }

    println!("\n### Watch (`dossier index --watch`, a new file every 100 ms)\n");
    println!("| docs | files | written -> searchable p50 | p99 | never found |");
    println!("|---:|---:|---:|---:|---:|");
    for r in rows {
        let w = &r.watched;
        println!(
            "| {} | {} | {} | {} | {} |",
            r.ingest.docs,
            w.files,
            ms(w.p50),
            ms(w.p99),
            w.missed
        );
    }

    println!(
        "\n### Re-runs (`dossier index`, whole process, best of 3; files dated like their \
         articles, 2018-2025, new files written now)\n"
    );
    println!(
        "| docs | no-op re-run | no-op `--verify` | +1% new files | new files | +1% peak RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for r in rows.iter().map(|r| &r.update) {
        println!(
            "| {} | {:.3} s | {:.3} s | {:.3} s | {} | {} |",
            r.docs,
            r.noop.as_secs_f64(),
            r.verify.as_secs_f64(),
            r.plus.as_secs_f64(),
            r.extra,
            mb(r.plus_rss),
        );
    }
}

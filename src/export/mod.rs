//! `dossier export`: the archive (or the part a query selects) written as files a bigger engine
//! ingests: Quickwit (an index config and NDJSON files) or OpenSearch/Elasticsearch (an index
//! body and `_bulk` files), with the same fields, ids and meanings (see `fields`), and, with
//! `--since-last`, only what changed since the previous export to the same target (`cursor`).
//!
//! The export reads one commit of the archive through a reader (it never takes the writer's
//! lock, so it runs beside `dossier index`), in windows of documents rendered on every core
//! and written in order. Files stay under `file_bytes` (10 MB: Quickwit's ingest limit, and a
//! good `_bulk` size), a document and its action line never split across two files.

pub mod cursor;
pub mod fields;
mod files;
pub mod line;
pub mod opensearch;
pub mod quickwit;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use files::{write_file, Files};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::{DocAddress, TantivyDocument};

use crate::archive::sync::Progress;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::search::{self, SearchRequest};

/// Quickwit's REST ingest refuses bodies over 10 MiB; 10 MB leaves room.
pub const FILE_BYTES: usize = 10_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Quickwit,
    /// Elasticsearch reads the same files.
    OpenSearch,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Quickwit => "quickwit",
            Target::OpenSearch => "opensearch",
        }
    }

    /// The names `--to` takes.
    pub fn parse(s: &str) -> Option<Target> {
        match s.to_ascii_lowercase().as_str() {
            "quickwit" => Some(Target::Quickwit),
            "opensearch" | "elasticsearch" => Some(Target::OpenSearch),
            _ => None,
        }
    }

    fn data_prefix(self) -> &'static str {
        match self {
            Target::Quickwit => "docs-",
            Target::OpenSearch => "bulk-",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub target: Target,
    pub dir: PathBuf,
    /// The index's name in the engine (and the cursor's).
    pub name: String,
    /// Which documents: every copy of every story the query and filters match.
    pub request: SearchRequest,
    pub since_last: bool,
    pub file_bytes: usize,
}

/// What an export did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    /// Documents the query matched.
    pub matched: usize,
    /// Documents written: all of them, or with `--since-last` the added and changed ones.
    pub written: usize,
    pub added: usize,
    pub changed: usize,
    pub deleted: usize,
    /// `--since-last` found no earlier export of this target, so everything was written.
    pub first: bool,
    pub bytes: u64,
    pub files: Vec<String>,
    #[serde(skip)]
    pub elapsed: Duration,
    /// Stopped by Ctrl-C: the files are incomplete, the cursor did not move.
    pub interrupted: bool,
    /// `--since-last` against a cursor that selected other documents: what it selected (the
    /// documents it sent that this selection leaves out are deleted).
    pub other_selection: Option<String>,
}

/// Documents rendered between two writes: enough to keep both cores busy, few enough that
/// memory stays flat (4,096 lines of ~3 KB).
const WINDOW: usize = 4096;

pub fn export(
    archive: &Archive,
    opts: &ExportOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<ExportReport> {
    let started = Instant::now();
    let unwritable = |e: std::io::Error| Error::Input {
        path: opts.dir.clone(),
        reason: format!("cannot write the export there: {e}"),
    };
    std::fs::create_dir_all(&opts.dir).map_err(unwritable)?;
    clear_previous(&opts.dir, opts.target).map_err(unwritable)?;

    // The commit read (informational: a commit landing between the two calls makes it one
    // older than what the reader sees, never newer).
    let opstamp = archive.index().load_metas()?.opstamp;
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let (query, _) = search::build_query(archive, &searcher, &opts.request)?;
    let mut addresses: Vec<DocAddress> = searcher
        .search(&query, &DocSetCollector)?
        .into_iter()
        .collect();
    addresses.sort_unstable();

    let cursor_path = cursor::path(archive.dir(), opts.target.name(), &opts.name);
    let previous = if opts.since_last {
        Some(cursor::load(&cursor_path)?)
    } else {
        None
    };
    let mut report = ExportReport {
        matched: addresses.len(),
        first: previous.as_ref().is_some_and(|c| c.header.is_none()),
        ..ExportReport::default()
    };
    let selection = cursor::selection(&opts.request);
    report.other_selection = previous
        .as_ref()
        .and_then(|c| c.header.as_ref())
        .map(|h| h.selection.clone())
        .filter(|s| *s != selection);
    let base = previous.filter(|c| c.header.is_some()).map(|c| c.lines);

    let mut files = Files::new(&opts.dir, opts.target.data_prefix(), opts.file_bytes);
    let mut seen: Vec<(u64, u64)> = Vec::with_capacity(addresses.len());
    let mut changed_ids: Vec<String> = Vec::new();
    let f = archive.fields();
    let own_language = opts.target == Target::OpenSearch;
    progress.start(addresses.len() as u64);
    for window in addresses.chunks(WINDOW) {
        if cancel.load(Ordering::Relaxed) {
            report.interrupted = true;
            break;
        }
        let rendered = window
            .par_chunks(256)
            .map(|chunk| {
                chunk
                    .iter()
                    .map(|&addr| {
                        let t: TantivyDocument = searcher.doc(addr)?;
                        let doc = f.from_tantivy(&t);
                        let mut bytes = Vec::with_capacity(doc.body.len() + 1024);
                        line::render(&doc, own_language, &mut bytes)?;
                        Ok((doc.id, bytes))
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        for (id, bytes) in rendered.into_iter().flatten() {
            // Every id the archive makes is 16 hex digits; one that is not (never seen) is
            // still exported, but cannot be followed by the cursor.
            let key = cursor::id_key(&id);
            let hash = line::hash(&bytes);
            if let Some(key) = key {
                seen.push((key, hash));
            }
            match key.and_then(|k| base.as_ref().map(|b| b.get(&k))) {
                Some(Some(&old)) if old == hash => continue,
                Some(Some(_)) => {
                    report.changed += 1;
                    changed_ids.push(id.clone());
                }
                _ => report.added += 1,
            }
            report.written += 1;
            match opts.target {
                Target::Quickwit => files.write(&[&bytes])?,
                Target::OpenSearch => {
                    let action = opensearch::index_action(&opts.name, &id);
                    files.write(&[action.as_bytes(), &bytes])?
                }
            }
        }
        progress.advance(window.len() as u64);
    }
    progress.finish();

    let mut deleted: Vec<String> = Vec::new();
    if let Some(base) = &base {
        if !report.interrupted {
            let now: HashSet<u64> = seen.iter().map(|&(k, _)| k).collect();
            deleted = base
                .keys()
                .filter(|k| !now.contains(k))
                .map(|k| format!("{k:016x}"))
                .collect();
            deleted.sort();
        }
    }
    report.deleted = deleted.len();
    match opts.target {
        Target::OpenSearch => {
            for id in &deleted {
                files.write(&[opensearch::delete_action(&opts.name, id).as_bytes()])?;
            }
        }
        Target::Quickwit => {
            if !deleted.is_empty() {
                let mut list = deleted.join("\n");
                list.push('\n');
                write_file(&opts.dir.join("deletions.txt"), list.as_bytes())?;
            }
            // A changed document is deleted before its new version is ingested (see
            // `quickwit`): Quickwit would keep both.
            let mut gone = deleted.clone();
            gone.extend(changed_ids);
            gone.sort();
            if !gone.is_empty() {
                let tasks = quickwit::delete_tasks(&gone);
                write_file(&opts.dir.join("delete-tasks.ndjson"), tasks.as_bytes())?;
            }
        }
    }
    let (names, bytes) = files.finish()?;
    report.files = names;
    report.bytes = bytes;
    match opts.target {
        Target::Quickwit => write_file(
            &opts.dir.join("index-config.yaml"),
            quickwit::index_config(&opts.name).as_bytes(),
        )?,
        Target::OpenSearch => write_file(
            &opts.dir.join("mapping.json"),
            format!(
                "{}\n",
                serde_json::to_string_pretty(&opensearch::mapping())?
            )
            .as_bytes(),
        )?,
    }
    report.elapsed = started.elapsed();
    if report.interrupted {
        return Ok(report);
    }
    let header = cursor::Header {
        version: 1,
        target: opts.target.name().to_string(),
        name: opts.name.clone(),
        opstamp,
        exported_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        selection,
    };
    write_manifest(opts, &report, &header)?;
    cursor::save(&cursor_path, &header, &seen)?;
    Ok(report)
}

/// Remove what an earlier export wrote into `dir` (its data files, deletion lists, config and
/// manifest), so the folder holds exactly this export. Nothing else in it is touched.
fn clear_previous(dir: &Path, target: Target) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let data = name.starts_with(target.data_prefix())
            && name.ends_with(".ndjson")
            && name[target.data_prefix().len()..name.len() - ".ndjson".len()]
                .bytes()
                .all(|b| b.is_ascii_digit());
        let ours = matches!(
            &*name,
            "deletions.txt"
                | "delete-tasks.ndjson"
                | "export.json"
                | "index-config.yaml"
                | "mapping.json"
        );
        if data || ours {
            std::fs::remove_file(entry.path())?;
        }
    }
    // A probe, so an unwritable folder is reported before any work.
    let probe = dir.join(".dossier-export-probe");
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(probe)
}

/// `export.json`: what this export holds, for scripts and for the person running the ingest.
fn write_manifest(opts: &ExportOptions, r: &ExportReport, header: &cursor::Header) -> Result<()> {
    let manifest = serde_json::json!({
        "version": 1,
        "target": opts.target,
        "name": opts.name,
        "selection": header.selection,
        "since_last": opts.since_last,
        "archive_opstamp": header.opstamp,
        "exported_at": header.exported_at,
        "matched": r.matched,
        "documents": r.written,
        "added": r.added,
        "changed": r.changed,
        "deleted": r.deleted,
        "files": r.files,
        "bytes": r.bytes,
    });
    write_file(
        &opts.dir.join("export.json"),
        format!("{}\n", serde_json::to_string_pretty(&manifest)?).as_bytes(),
    )
}

//! `dossier index`: read the roots, parse their files in parallel, and replace each root's
//! documents in the archive, in one commit with the updated list of remembered roots.
//!
//! Each root's documents are deleted by its `root` term and its files added again: the archive
//! converges to what is on disk (no duplicates, no documents of deleted files) at the cost of
//! re-reading every file. A root that no longer exists keeps its documents: an unmounted drive
//! is not a deletion.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{Archive, ArchiveWriter};
use crate::error::{Error, Result};
use crate::ingest::{self, walk, Failure};

/// Files parsed per batch: enough to keep every core busy, few enough to bound memory.
const BATCH: usize = 512;

#[derive(Debug, Default)]
pub struct IndexReport {
    pub roots: Vec<PathBuf>,
    pub files: usize,
    pub documents: usize,
    /// Files (and folders) that could not be read, with reasons.
    pub failures: Vec<Failure>,
    /// Roots that do not exist any more; their documents were kept.
    pub missing_roots: Vec<PathBuf>,
    /// Every file read, when asked for (`-v`).
    pub read: Vec<PathBuf>,
    pub elapsed: Duration,
}

/// Index `roots` (or, when empty, every root the archive remembers).
pub fn index(archive: &Archive, roots: &[PathBuf], list_files: bool) -> Result<IndexReport> {
    let started = Instant::now();
    let mut state = archive.state()?;
    state.version = 1;
    let roots: Vec<PathBuf> = if roots.is_empty() {
        state.roots.iter().map(PathBuf::from).collect()
    } else {
        roots.iter().map(|r| walk::absolute(r)).collect()
    };
    if roots.is_empty() {
        return Err(Error::NoRoots);
    }
    let writer = ArchiveWriter::begin(archive, super::writer::DEFAULT_MEMORY)?;
    let mut report = IndexReport {
        roots: roots.clone(),
        ..IndexReport::default()
    };
    for root in &roots {
        let root_key = root.to_string_lossy().into_owned();
        if !state.roots.contains(&root_key) {
            state.roots.push(root_key.clone());
        }
        if !root.exists() {
            report.missing_roots.push(root.clone());
            continue;
        }
        let (files, failures) = walk::walk(root);
        report.failures.extend(failures);
        report.files += files.len();
        writer.clear_root(&root_key);
        for batch in files.chunks(BATCH) {
            for (file, parsed) in batch.iter().zip(ingest::parse_files(batch)) {
                if list_files {
                    report.read.push(file.path.clone());
                }
                match parsed {
                    Ok(docs) => {
                        for doc in &docs {
                            writer.upsert(doc, &root_key)?;
                            report.documents += 1;
                        }
                    }
                    Err(f) => report.failures.push(f),
                }
            }
        }
    }
    writer.commit(&state)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

//! What a `dossier index` run is asked to do and what it reports: the options, and the change
//! of each file. `plan` decides the changes and `sync` carries them out; both use these types,
//! which is why they live apart from either (plan and sync used to import each other).

use std::path::PathBuf;
use std::time::Duration;

use super::writer;
use crate::ingest::Failure;

#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Folders or files to sync; empty: every remembered root.
    pub roots: Vec<PathBuf>,
    /// Start from an empty archive.
    pub rebuild: bool,
    /// Classify only; write nothing.
    pub dry_run: bool,
    /// Remove the documents of roots that no longer exist (else they are kept).
    pub prune_missing_roots: bool,
    /// Report unchanged files too (`-v`).
    pub list_unchanged: bool,
    /// Commit after this many written documents...
    pub commit_every: usize,
    /// ...or after this long, whichever comes first.
    pub commit_interval: Duration,
    pub memory: usize,
    /// Files left as they are this run, as if not seen (the watcher's files still being
    /// written); their paths as stored.
    pub hold_back: std::collections::HashSet<String>,
    /// Stat every file and compare it with the whole catalog, trusting no folder's mtime
    /// (`--verify`; see `survey` for what the folder times can miss).
    pub verify: bool,
    /// Folders read again whatever their mtime: where the watcher saw events (an in-place
    /// edit does not change its folder).
    pub dirty: std::collections::HashSet<PathBuf>,
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        SyncOptions {
            roots: Vec::new(),
            rebuild: false,
            dry_run: false,
            prune_missing_roots: false,
            list_unchanged: false,
            // ~10 s of work on 2 cores; a commit costs ~50 ms, so under 1% overhead.
            commit_every: 20_000,
            commit_interval: Duration::from_secs(30),
            memory: writer::DEFAULT_MEMORY,
            hold_back: Default::default(),
            verify: false,
            dirty: Default::default(),
        }
    }
}

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    Moved,
    Removed,
    Unchanged,
}

/// A file and what happened to it; `from` is the old path of a moved file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub change: Change,
    pub path: PathBuf,
    pub from: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct SyncReport {
    pub added: usize,
    pub updated: usize,
    pub moved: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Documents written (several per file for multi-document formats).
    pub documents: usize,
    pub failures: Vec<Failure>,
    /// Roots that do not exist any more; their documents were kept.
    pub missing_roots: Vec<PathBuf>,
    /// Every change (unchanged files only when asked for).
    pub changes: Vec<FileChange>,
    /// Folders read from disk, and taken from the folder cache as unchanged.
    pub folders: (usize, usize),
    /// Stopped early by Ctrl-C: what was done is committed.
    pub interrupted: bool,
    pub elapsed: Duration,
}

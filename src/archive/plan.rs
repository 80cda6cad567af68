//! Planning an update: what a `dossier index` run will do, decided from the disk and the
//! archive's catalog before anything is written. `sync` then carries the plan out.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::catalog::{Catalog, CatalogEntry};
use super::run::{Change, FileChange, SyncOptions, SyncReport};
use super::{Archive, ArchiveState};
use crate::error::{Error, Result};
use crate::ingest::{walk, Failure, Fingerprint, SourceFile};

/// What to do with a file that had to be read.
pub(super) enum Action {
    /// Parse and store; `Change` is Added, Updated or Moved; the path is a moved file's old one.
    Parse(Change, Option<String>),
    /// Same content, new mtime: keep the stored documents, store the new fingerprint.
    Touch,
    /// Same content at a new path: re-key the stored documents of the old path.
    Move(String),
    Failed(Failure),
}

/// What a run will do, decided from the disk and the catalog before anything is written.
pub(super) struct Plan {
    /// Files that must be read (new, or size/mtime changed), with their root and catalog entry.
    pub to_read: Vec<(SourceFile, String, Option<CatalogEntry>)>,
    /// Catalogued files no longer on disk.
    pub gone: Vec<String>,
    pub catalog: Catalog,
    pub state: ArchiveState,
    pub report: SyncReport,
}

pub(super) fn plan(
    archive: &Archive,
    searcher: &tantivy::Searcher,
    opts: &SyncOptions,
) -> Result<Plan> {
    let mut state = archive.state()?;
    let roots: Vec<PathBuf> = if opts.roots.is_empty() {
        state.roots.iter().map(PathBuf::from).collect()
    } else {
        opts.roots.iter().map(|r| walk::absolute(r)).collect()
    };
    if roots.is_empty() {
        return Err(Error::NoRoots);
    }
    if opts.rebuild {
        state.roots.clear();
    }
    for root in &roots {
        let key = root_key(root);
        if !state.roots.contains(&key) {
            state.roots.push(key);
        }
    }
    let catalog = match opts.rebuild {
        true => Catalog::default(),
        false => Catalog::load(searcher)?,
    };
    let mut report = SyncReport::default();
    let (on_disk, gone) = survey(&roots, &catalog, opts, &mut report, &mut state);
    // Files whose size and mtime match are unchanged, decided without reading them.
    let mut to_read = Vec::new();
    for (file, root) in on_disk {
        // Empty but for the watcher's batches: a plain run pays no key or lookup per file.
        if !opts.hold_back.is_empty() && opts.hold_back.contains(&path_key(&file.path)) {
            continue;
        }
        match catalog.files.get(&path_key(&file.path)) {
            Some(e) if e.size == file.size && e.mtime_ns == file.mtime_ns => {
                report.unchanged += 1;
                if opts.list_unchanged {
                    report.changes.push(FileChange {
                        change: Change::Unchanged,
                        path: file.path,
                        from: None,
                    });
                }
            }
            entry => {
                let entry = entry.cloned();
                to_read.push((file, root, entry));
            }
        }
    }
    Ok(Plan {
        to_read,
        gone,
        catalog,
        state,
        report,
    })
}

/// Walk the roots: the files on disk (with their root's key) and the catalogued files that are
/// gone. A missing root keeps its documents unless pruning was asked for.
fn survey(
    roots: &[PathBuf],
    catalog: &Catalog,
    opts: &SyncOptions,
    report: &mut SyncReport,
    state: &mut ArchiveState,
) -> (Vec<(SourceFile, String)>, Vec<String>) {
    let mut on_disk = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut swept: Vec<&Path> = Vec::new();
    for root in roots {
        let key = root_key(root);
        if !root.exists() {
            if opts.prune_missing_roots {
                swept.push(root);
                state.roots.retain(|r| *r != key);
            } else {
                report.missing_roots.push(root.clone());
            }
            continue;
        }
        let (files, failures) = walk::walk(root);
        report.failures.extend(failures);
        swept.push(root);
        for f in files {
            seen.insert(path_key(&f.path));
            on_disk.push((f, key.clone()));
        }
    }
    let mut gone: Vec<String> = catalog
        .files
        .keys()
        .filter(|p| !seen.contains(*p) && swept.iter().any(|r| Path::new(p).starts_with(r)))
        .cloned()
        .collect();
    gone.sort();
    (on_disk, gone)
}

/// Decide what a read file needs, given what the archive holds for its path.
pub(super) fn decide(
    entry: Option<&CatalogEntry>,
    fp: &Fingerprint,
    catalog: &Catalog,
    vanished: &mut HashMap<&str, Vec<&str>>,
    consumed: &mut HashSet<String>,
) -> Action {
    match entry {
        Some(e) if e.hash == fp.hash && !e.date_from_file => Action::Touch,
        Some(_) => Action::Parse(Change::Updated, None),
        None => match vanished.get_mut(fp.hash.as_str()).and_then(|v| v.pop()) {
            Some(old) => {
                consumed.insert(old.to_string());
                if catalog.files.get(old).is_some_and(|e| e.date_from_file) {
                    Action::Parse(Change::Moved, Some(old.to_string()))
                } else {
                    Action::Move(old.to_string())
                }
            }
            None => Action::Parse(Change::Added, None),
        },
    }
}

/// How a root is remembered and stored: its absolute path.
pub(super) fn root_key(root: &Path) -> String {
    root.to_string_lossy().into_owned()
}

/// How a file's path is stored.
pub(super) fn path_key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

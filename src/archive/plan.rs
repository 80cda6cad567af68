//! Planning an update: what a `dossier index` run will do, decided from the disk and the
//! archive's catalog before anything is written. `sync` then carries the plan out.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::catalog::{Catalog, CatalogEntry};
use super::folders::{self, FolderCache};
use super::run::{Change, FileChange, SyncOptions, SyncReport};
use super::survey::{Survey, Surveyor};
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
    /// The catalog's entries for the files above (all of it when a root was walked whole).
    pub catalog: Catalog,
    pub state: ArchiveState,
    pub report: SyncReport,
    /// The folder cache for the next run: files read this run are settled once written.
    pub folders: FolderCache,
}

impl Plan {
    /// Whether carrying the plan out would write nothing: no file to read or remove, and the
    /// same state (roots, failures) as the last commit.
    pub fn is_noop(&self, archive: &Archive, opts: &SyncOptions) -> Result<bool> {
        if opts.rebuild || !self.to_read.is_empty() || !self.gone.is_empty() {
            return Ok(false);
        }
        let next = super::sync::final_state(self.state.clone(), &self.report);
        Ok(next == archive.state()?)
    }
}

/// More lookups than this and the whole catalog is read instead: one path's lookup costs
/// ~10 us in each segment, the whole catalog ~3 us per document.
const LOOKUP_LIMIT: usize = 5_000;

pub(super) fn plan(
    archive: &Archive,
    searcher: &tantivy::Searcher,
    opts: &SyncOptions,
) -> Result<Plan> {
    let mut state = archive.state()?;
    let remembered: Vec<String> = state.roots.clone();
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
    // The last run's folders, if they describe the commit planned on (see `folders`).
    // (An archive in memory, a dry run's stand-in, has no folder.)
    let old = match opts.rebuild || opts.verify || archive.dir().as_os_str().is_empty() {
        true => None,
        false => FolderCache::load(archive.dir(), &folders::commit_tag(archive.index())?),
    };
    let mut report = SyncReport::default();
    let mut surveyor = Surveyor::new(old.as_ref(), &opts.dirty, opts.list_unchanged);
    // Roots whose every catalogued file is gone (pruned) or must be compared with the catalog.
    let mut swept_whole: Vec<PathBuf> = Vec::new();
    for root in &roots {
        let key = root_key(root);
        if !root.exists() {
            if opts.prune_missing_roots {
                swept_whole.push(root.clone());
                state.roots.retain(|r| *r != key);
            } else {
                report.missing_roots.push(root.clone());
            }
        } else if root.is_file() {
            surveyor.file(root);
        } else {
            surveyor.root(root);
        }
    }
    let mut survey = surveyor.finish();
    swept_whole.extend(survey.uncached_roots.iter().cloned());
    report.failures = std::mem::take(&mut survey.failures);
    report.folders = (survey.folders_read, survey.folders_trusted);
    // Roots this run did not walk keep their folders in the cache: nothing below them changed.
    if let Some(old) = &old {
        for root in remembered
            .iter()
            .filter(|r| !roots.iter().any(|w| root_key(w) == **r))
        {
            survey.next.keep_below(old, root);
        }
    }

    let lookups = survey.candidates.len() + survey.vanished.len();
    let catalog = if opts.rebuild {
        Catalog::default()
    } else if !swept_whole.is_empty() || lookups > LOOKUP_LIMIT {
        Catalog::load(searcher)?
    } else {
        let paths = survey.candidates.iter().map(|(f, _)| path_key(&f.path));
        let paths: Vec<String> = paths.chain(survey.vanished.iter().cloned()).collect();
        Catalog::lookup(
            searcher,
            archive.fields().path,
            paths.iter().map(String::as_str),
        )?
    };
    let gone = gone_files(&catalog, &survey, &swept_whole);

    report.unchanged = survey.unchanged;
    let mut unchanged_paths = std::mem::take(&mut survey.unchanged_paths);
    let mut to_read = Vec::new();
    for (file, root) in std::mem::take(&mut survey.candidates) {
        // Empty but for the watcher's batches: a plain run pays no key or lookup per file.
        if !opts.hold_back.is_empty() && opts.hold_back.contains(&path_key(&file.path)) {
            continue;
        }
        match catalog.files.get(&path_key(&file.path)) {
            Some(e) if e.size == file.size && e.mtime_ns == file.mtime_ns => {
                report.unchanged += 1;
                survey.next.settle(&file.path, file.size, file.mtime_ns);
                if opts.list_unchanged {
                    unchanged_paths.push(file.path);
                }
            }
            entry => {
                let entry = entry.cloned();
                to_read.push((file, root, entry));
            }
        }
    }
    unchanged_paths.sort();
    report
        .changes
        .extend(unchanged_paths.into_iter().map(|path| FileChange {
            change: Change::Unchanged,
            path,
            from: None,
        }));
    Ok(Plan {
        to_read,
        gone,
        catalog,
        state,
        report,
        folders: survey.next,
    })
}

/// Catalogued files no longer on disk: those the folder cache listed that are gone, and in
/// roots walked whole (or pruned), every catalogued file the walk did not find.
fn gone_files(catalog: &Catalog, survey: &Survey, whole: &[PathBuf]) -> Vec<String> {
    let mut gone: Vec<String> = survey
        .vanished
        .iter()
        .filter(|p| catalog.files.contains_key(*p))
        .cloned()
        .collect();
    if !whole.is_empty() {
        let seen: HashSet<String> = survey
            .candidates
            .iter()
            .map(|(f, _)| path_key(&f.path))
            .collect();
        gone.extend(
            catalog
                .files
                .keys()
                .filter(|p| !seen.contains(*p) && whole.iter().any(|r| Path::new(p).starts_with(r)))
                .cloned(),
        );
    }
    gone.sort();
    gone.dedup();
    gone
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

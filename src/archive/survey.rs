//! The survey: which files of the roots a run must compare with the catalog, found without
//! stat-ing the files of folders that cannot have changed.
//!
//! A folder whose identity (device, inode, mtime, ctime) is the one the folder cache recorded
//! has the same entries as then: adding, removing or renaming an entry changes its mtime, and
//! editors that save through a temporary file rename it over the old one. Its files are taken
//! as they were, except:
//! - files that changed in the last week (`HOT`): a feed refreshed in place, a page fetched
//!   again, a note being written: in-place writes do not touch the folder, and they happen to
//!   files that changed recently, so those are stat-ed every run;
//! - files whose last read failed or was held back (not settled);
//! - a rolling re-check: each run reads again 1/32 of the folders (by files) in turn, so an
//!   in-place edit of an old file is found within 32 runs; `--verify` checks everything now.
//!
//! What this cannot see, until the re-check or `--verify` comes to it: an old file (unchanged for
//! a week) rewritten in place (`cp` over it, `curl -o` again, an editor that writes in place)
//! in a folder whose entries did not change. README says so.
//!
//! A folder that changed (or that the cache does not know) is read and all its files stat-ed;
//! files the cache listed that are gone are reported, with their sub-folders' files. A folder
//! whose mtime is within `RACY` of the walk is not trusted next time: an entry added after we
//! read it, within the clock's granularity, would leave the same mtime.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::folders::{FileRecord, Files, FolderCache, FolderId, FolderRecord};
use super::plan::path_key;
use crate::ingest::{walk, Failure, SourceFile};

/// Files changed this recently are stat-ed every run, whatever their folder says.
pub const HOT: Duration = Duration::from_secs(7 * 24 * 3600);
/// Each run re-checks this fraction of the folders (by files), in turn.
pub const SWEEP_PARTS: usize = 32;
/// A folder changed this close to the walk is read again next time (mtime granularity: ext4
/// ~4 ms, FAT 2 s).
const RACY: Duration = Duration::from_secs(2);

/// What the survey found.
#[derive(Default)]
pub(super) struct Survey {
    /// Files the catalog must decide on (new, not settled, size or mtime changed, or in a
    /// folder walked without the cache), with their root's key.
    pub candidates: Vec<(SourceFile, String)>,
    /// Files unchanged without asking the catalog: settled, same size and mtime.
    pub unchanged: usize,
    /// Their paths, when asked for (`-v`).
    pub unchanged_paths: Vec<PathBuf>,
    /// Files the cache listed that are no longer there.
    pub vanished: Vec<String>,
    /// Roots walked without the cache: their gone files come from the whole catalog.
    pub uncached_roots: Vec<PathBuf>,
    pub failures: Vec<Failure>,
    /// Folders read from disk / taken from the cache (for the report and the tests).
    pub folders_read: usize,
    pub folders_trusted: usize,
    /// The cache for the next run; candidates stay unsettled until the run settles them.
    pub next: FolderCache,
}

/// How a run surveys: with the last cache (None: everything is read), what to read again.
pub(super) struct Surveyor<'a> {
    old: Option<&'a FolderCache>,
    /// Folders to read again whatever their mtime (the watcher's events).
    dirty: &'a HashSet<PathBuf>,
    list_unchanged: bool,
    hot_since_ns: i64,
    racy_since_ns: i64,
    /// The folders this run re-checks in turn.
    sweep: HashSet<String>,
    out: Survey,
    /// Files to stat: (index in `records`, index in its files, path).
    jobs: Vec<(usize, usize, PathBuf)>,
    /// Records being built, with their key, the root and the root's name.
    records: Vec<(String, FolderRecord)>,
    /// Where the files of each record came from: (root, root name), for ids.
    roots: Vec<(PathBuf, String, String)>,
    record_root: Vec<usize>,
}

impl<'a> Surveyor<'a> {
    pub fn new(old: Option<&'a FolderCache>, dirty: &'a HashSet<PathBuf>, list: bool) -> Self {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        let ns = |d: Duration| d.as_nanos() as i64;
        let mut s = Surveyor {
            old,
            dirty,
            list_unchanged: list,
            hot_since_ns: ns(now.saturating_sub(HOT)),
            racy_since_ns: ns(now.saturating_sub(RACY)),
            sweep: HashSet::new(),
            out: Survey::default(),
            jobs: Vec::new(),
            records: Vec::new(),
            roots: Vec::new(),
            record_root: Vec::new(),
        };
        if let Some(old) = old {
            s.plan_sweep(old);
        }
        s
    }

    /// Choose the folders re-checked this run: from where the last run stopped, in path
    /// order, until 1/SWEEP_PARTS of the files (at least one folder).
    fn plan_sweep(&mut self, old: &FolderCache) {
        let mut keys: Vec<&String> = old.folders.keys().collect();
        keys.sort();
        let total: usize = old.folders.values().map(|f| f.files.count()).sum();
        let budget = total.div_ceil(SWEEP_PARTS).max(1);
        let start = keys.partition_point(|k| k.as_str() < old.sweep_from.as_str());
        let mut taken = 0;
        let mut next = String::new();
        for (i, key) in keys.iter().cycle().skip(start).take(keys.len()).enumerate() {
            if taken >= budget {
                next = (*key).clone();
                break;
            }
            // Folders without files cost a stat only: they come free.
            taken += old.folders[*key].files.count();
            self.sweep.insert((*key).clone());
            if i + 1 == keys.len() {
                next = String::new();
            }
        }
        self.out.next.sweep_from = next;
    }

    /// Survey one root folder, known to exist.
    pub fn root(&mut self, root: &Path) {
        let cached = self
            .old
            .is_some_and(|c| c.folders.contains_key(&path_key(root)));
        if !cached {
            self.out.uncached_roots.push(root.to_path_buf());
        }
        self.roots
            .push((root.to_path_buf(), path_key(root), walk::root_name(root)));
        let root_idx = self.roots.len() - 1;
        let mut ancestors = Vec::new();
        self.visit(root.to_path_buf(), root_idx, &mut ancestors, true);
    }

    /// A root that is a single file: looked at every run (one catalog lookup).
    pub fn file(&mut self, path: &Path) {
        if !walk::is_supported(path) {
            let reason = "not a format dossier reads";
            self.out.failures.push(Failure::skipped(path, reason));
            return;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let file = SourceFile::new(path.to_path_buf(), name.unwrap_or_default());
        self.out.candidates.push((file, path_key(path)));
    }

    fn visit(&mut self, dir: PathBuf, root: usize, ancestors: &mut Vec<(u64, u64)>, top: bool) {
        let key = path_key(&dir);
        let old = self.old.and_then(|c| c.folders.get(&key));
        let meta = match std::fs::metadata(&dir) {
            Ok(m) if m.is_dir() => m,
            // The root is a folder (checked by the caller); a sub-folder the cache knew may
            // have become a file only if its parent changed, which was then read instead.
            Ok(_) => return,
            Err(e) => {
                // A sub-folder the cache knew whose parent did not change: a followed link
                // whose target went away. Its files are gone, as the walk always found.
                self.out.failures.push(Failure::error(&dir, e.to_string()));
                if !top {
                    self.vanish(&key);
                }
                return;
            }
        };
        let id = folder_id(&meta);
        if ancestors.contains(&(id.dev, id.ino)) {
            let reason = "file system loop found: a link leads back to a folder above it";
            self.out.failures.push(Failure::error(&dir, reason));
            return;
        }
        let trusted = old.filter(|o| {
            o.trusted
                && o.id == id
                && id.ino != 0
                && !self.dirty.contains(&dir)
                && !self.sweep.contains(&key)
        });
        let cached = trusted.and_then(|o| Some((self.take_cached(&dir, o)?, o.subdirs.clone())));
        let (record, subdirs) = match cached {
            Some(c) => {
                self.out.folders_trusted += 1;
                c
            }
            None => {
                self.out.folders_read += 1;
                self.read(&dir, id, old)
            }
        };
        self.records.push((key, record));
        self.record_root.push(root);
        ancestors.push((id.dev, id.ino));
        for name in subdirs {
            self.visit(dir.join(name), root, ancestors, false);
        }
        ancestors.pop();
    }

    /// A trusted folder: its files as cached, the recent and unsettled ones stat-ed again;
    /// `None` if its files do not decode (then it is read from disk).
    fn take_cached(&mut self, dir: &Path, o: &FolderRecord) -> Option<FolderRecord> {
        let files = if !o.files.needs_look(self.hot_since_ns) && !self.list_unchanged {
            self.out.unchanged += o.files.count();
            o.files.clone()
        } else {
            let files = o.files.decode()?;
            let idx = self.records.len();
            for (i, f) in files.iter().enumerate() {
                let path = dir.join(&f.name);
                if !f.settled || f.mtime_ns >= self.hot_since_ns {
                    self.jobs.push((idx, i, path));
                } else {
                    self.out.unchanged += 1;
                    if self.list_unchanged {
                        self.out.unchanged_paths.push(path);
                    }
                }
            }
            Files::Decoded(files)
        };
        for name in &o.skipped {
            let path = dir.join(name);
            self.out
                .failures
                .push(Failure::skipped(&path, "not a format dossier reads"));
        }
        Some(FolderRecord {
            id: o.id,
            trusted: true,
            subdirs: o.subdirs.clone(),
            skipped: o.skipped.clone(),
            files,
        })
    }

    /// A folder read from disk: its entries, every file to be stat-ed; files and sub-folders
    /// the old record listed and the folder no longer has are gone.
    fn read(
        &mut self,
        dir: &Path,
        id: FolderId,
        old: Option<&FolderRecord>,
    ) -> (FolderRecord, Vec<String>) {
        let mut trusted = id.mtime_ns < self.racy_since_ns;
        let mut names: Vec<(String, std::fs::DirEntry)> = Vec::new();
        match std::fs::read_dir(dir) {
            Ok(entries) => {
                for e in entries {
                    match e {
                        Ok(e) => match e.file_name().into_string() {
                            Ok(name) if !name.starts_with('.') => names.push((name, e)),
                            Ok(_) => {}
                            // A name that is not UTF-8 is stored lossily, as the walk always
                            // did; the cache cannot hold it, so the folder is always read.
                            Err(os) => {
                                trusted = false;
                                names.push((os.to_string_lossy().into_owned(), e));
                            }
                        },
                        Err(err) => {
                            trusted = false;
                            self.out.failures.push(Failure::error(dir, err.to_string()));
                        }
                    }
                }
            }
            Err(err) => {
                self.out.failures.push(Failure::error(dir, err.to_string()));
                trusted = false;
            }
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        // What the cache knew of each file: compared with its stat below.
        let before: Vec<FileRecord> = match old.map(|o| o.files.decode()) {
            Some(Some(files)) => files,
            Some(None) => {
                trusted = false;
                Vec::new()
            }
            None => Vec::new(),
        };
        let mut subdirs = Vec::new();
        let mut skipped = Vec::new();
        let mut files = Vec::new();
        let idx = self.records.len();
        for (name, entry) in names {
            let path = entry.path();
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => std::fs::metadata(&path).map(|m| m.file_type()),
                other => other,
            };
            match kind {
                Ok(t) if t.is_dir() => subdirs.push(name),
                Ok(t) if t.is_file() && walk::is_supported(&path) => {
                    self.jobs.push((idx, files.len(), path));
                    let known = before.binary_search_by(|f| f.name.cmp(&name)).ok();
                    files.push(match known {
                        Some(i) => before[i].clone(),
                        None => FileRecord {
                            name,
                            size: 0,
                            mtime_ns: 0,
                            settled: false,
                        },
                    });
                }
                Ok(t) if t.is_file() => {
                    self.out
                        .failures
                        .push(Failure::skipped(&path, "not a format dossier reads"));
                    skipped.push(name);
                }
                Ok(_) => {}
                Err(err) => {
                    trusted = false;
                    self.out
                        .failures
                        .push(Failure::error(&path, err.to_string()));
                }
            }
        }
        if let Some(o) = old {
            let key = path_key(dir);
            for f in &before {
                if files.binary_search_by(|n| n.name.cmp(&f.name)).is_err() {
                    self.out.vanished.push(format!("{key}/{}", f.name));
                }
            }
            for sub in &o.subdirs {
                if subdirs.binary_search(sub).is_err() {
                    self.vanish(&format!("{key}/{sub}"));
                }
            }
        }
        let record = FolderRecord {
            id,
            trusted,
            subdirs: subdirs.clone(),
            skipped,
            files: Files::Decoded(files),
        };
        (record, subdirs)
    }

    /// Every file the cache knew below the folder `key`: gone.
    fn vanish(&mut self, key: &str) {
        let Some(old) = self.old.and_then(|c| c.folders.get(key)) else {
            return;
        };
        for f in old.files.decode().unwrap_or_default() {
            self.out.vanished.push(format!("{key}/{}", f.name));
        }
        for sub in &old.subdirs {
            self.vanish(&format!("{key}/{sub}"));
        }
    }

    /// Stat the files that need it (on all cores: this is most of a run over changed folders)
    /// and sort them into unchanged and candidates.
    pub fn finish(mut self) -> Survey {
        let jobs = std::mem::take(&mut self.jobs);
        let stats: Vec<Option<(u64, i64)>> = jobs
            .par_iter()
            .map(|(_, _, path)| std::fs::metadata(path).ok().map(|m| walk::stat(&m)))
            .collect();
        for ((idx, i, path), stat) in jobs.into_iter().zip(stats) {
            let Files::Decoded(files) = &mut self.records[idx].1.files else {
                unreachable!("stat jobs are made for decoded folders only");
            };
            // The record holds what the catalog holds for the file, if it is settled.
            let f = &mut files[i];
            let (size, mtime_ns) = stat.unwrap_or((0, 0));
            if stat.is_some() && f.settled && (f.size, f.mtime_ns) == (size, mtime_ns) {
                self.out.unchanged += 1;
                if self.list_unchanged {
                    self.out.unchanged_paths.push(path);
                }
                continue;
            }
            f.size = size;
            f.mtime_ns = mtime_ns;
            f.settled = false;
            let (root, _, root_name) = &self.roots[self.record_root[idx]];
            let inner = path.strip_prefix(root).unwrap_or(&path);
            let file = SourceFile {
                key: format!("{root_name}/{}", walk::slash_path(inner)),
                path,
                size,
                mtime_ns,
            };
            self.out
                .candidates
                .push((file, self.roots[self.record_root[idx]].1.clone()));
        }
        self.out.candidates.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        self.out.unchanged_paths.sort();
        self.out.vanished.sort();
        for (key, record) in self.records {
            self.out.next.folders.insert(key, record);
        }
        self.out
    }
}

impl FolderCache {
    /// Mark a file as holding, in the catalog, exactly this size and mtime (it was written,
    /// or found unchanged by the catalog).
    pub(super) fn settle(&mut self, path: &Path, size: u64, mtime_ns: i64) {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return;
        };
        let name = name.to_string_lossy();
        let Some(FolderRecord {
            files: Files::Decoded(files),
            ..
        }) = self.folders.get_mut(&path_key(dir))
        else {
            return;
        };
        if let Ok(i) = files.binary_search_by(|f| f.name.as_str().cmp(&name)) {
            files[i] = FileRecord {
                name: files[i].name.clone(),
                size,
                mtime_ns,
                settled: true,
            };
        }
    }

    /// Keep the records of folders below `root` from an older cache (roots this run did not
    /// walk: their files were not touched).
    pub(super) fn keep_below(&mut self, old: &FolderCache, root: &str) {
        for (key, record) in &old.folders {
            if Path::new(key).starts_with(root) {
                self.folders
                    .entry(key.clone())
                    .or_insert_with(|| record.clone());
            }
        }
    }
}

#[cfg(unix)]
fn folder_id(m: &std::fs::Metadata) -> FolderId {
    use std::os::unix::fs::MetadataExt;
    FolderId {
        dev: m.dev(),
        ino: m.ino(),
        mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
        ctime_ns: m.ctime() * 1_000_000_000 + m.ctime_nsec(),
    }
}

/// Without inode numbers a folder is never trusted (`ino` 0): every run reads everything.
#[cfg(not(unix))]
fn folder_id(m: &std::fs::Metadata) -> FolderId {
    let (_, mtime_ns) = walk::stat(m);
    FolderId {
        mtime_ns,
        ..FolderId::default()
    }
}

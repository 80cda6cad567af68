//! `dossier index --watch`: after the normal sync, follow the remembered folders' file events
//! (the `notify` crate: inotify on Linux, FSEvents/kqueue/ReadDirectoryChanges or polling
//! elsewhere) and bring the archive up to date in batches, one commit each.
//!
//! A batch is an ordinary sync of the remembered folders, not a replay of the events: events
//! only say *when* to look. That is what makes the usual traps harmless. An editor's temporary
//! file renamed over the original is, by the time the batch runs, just the original changed; a
//! move is recognised by content as `index` always does; a queue overflow (inotify drops events
//! past `max_queued_events`) loses nothing: it falls back to a `--verify` sync. A batch passes
//! the folders its events name as dirty, so it re-reads those and trusts the folder cache for
//! the rest: its cost follows the change, not the archive (a no-op batch at 100,000 files is
//! ~0.03 s on 2 cores).
//!
//! Timing: a batch starts once no event has come for [`Timing::quiet`] (250 ms), at most
//! [`Timing::max_wait`] (500 ms) after the first, so a burst is a few commits and a lone file lands
//! within about a second. A file still being written (its size or mtime changed since the last
//! look, or its mtime younger than [`Timing::settle`]) is left out of the batch, as if not yet
//! there (`SyncOptions::hold_back`), and waits for the next one; when such files are all there
//! is, no batch runs, up to [`Timing::max_settle`]. The writer lock is taken per batch, as
//! `dossier index` takes it, so a manual run meanwhile is safe (the next batch re-plans against
//! its commit). Events inside
//! the archive's own folder are ignored (the sync's writes would wake it again).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};

use super::run::{SyncOptions, SyncReport};
use super::sync::{self, Silent};
use super::Archive;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub quiet: Duration,
    pub max_wait: Duration,
    pub settle: Duration,
    pub max_settle: Duration,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            quiet: Duration::from_millis(250),
            max_wait: Duration::from_millis(500),
            settle: Duration::from_millis(250),
            max_settle: Duration::from_secs(60),
        }
    }
}

/// What the watcher tells its caller as it goes.
pub enum Note<'a> {
    /// Watching these folders.
    Watching(&'a [PathBuf]),
    /// A batch was synced.
    Synced(&'a SyncReport),
    /// The event queue overflowed: the next batch reads everything, as it always does.
    Overflow,
    /// A watched folder disappeared (unmounted, moved away); its documents are kept.
    RootGone(&'a Path),
    /// It came back: watched again and synced.
    RootBack(&'a Path),
    /// A batch failed (another writer, a full disk); it is tried again on the next event.
    Failed(&'a Error),
}

/// How often the loop wakes without events: Ctrl-C, vanished folders and due batches are
/// noticed within this.
const TICK: Duration = Duration::from_millis(100);
/// How often the remembered folders' existence is checked.
const ROOT_CHECK: Duration = Duration::from_millis(500);

/// Follow the archive's remembered folders until `cancel` is set.
pub fn watch(
    archive: &Archive,
    opts: &SyncOptions,
    timing: Timing,
    cancel: &AtomicBool,
    note: &mut dyn FnMut(Note) -> Result<()>,
) -> Result<()> {
    let roots: Vec<PathBuf> = archive.state()?.roots.iter().map(PathBuf::from).collect();
    if roots.is_empty() {
        return Err(Error::NoRoots);
    }
    let own = archive
        .dir()
        .canonicalize()
        .unwrap_or_else(|_| archive.dir().to_path_buf());
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| watch_error(&roots[0], e))?;
    let mut watched: HashSet<PathBuf> = HashSet::new();
    for root in &roots {
        if root.exists() {
            watcher
                .watch(root, RecursiveMode::Recursive)
                .map_err(|e| watch_error(root, e))?;
            watched.insert(root.clone());
        }
    }
    note(Note::Watching(&roots))?;
    let batch_opts = SyncOptions {
        roots: Vec::new(),
        rebuild: false,
        dry_run: false,
        ..opts.clone()
    };

    let mut pending = Pending::default();
    let mut last_root_check = Instant::now();
    while !cancel.load(Ordering::SeqCst) {
        match rx.recv_timeout(TICK) {
            Ok(Ok(event)) => {
                if event.need_rescan() {
                    note(Note::Overflow)?;
                    pending.mark(None);
                }
                // A root removed or renamed away loses its watch even if a folder of the same
                // name is back before the next check: let the check watch it again.
                if matches!(
                    event.kind,
                    EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                ) {
                    for p in &event.paths {
                        if watched.remove(p) {
                            let _ = watcher.unwatch(p);
                            note(Note::RootGone(p))?;
                            last_root_check = Instant::now()
                                .checked_sub(ROOT_CHECK)
                                .unwrap_or(last_root_check);
                        }
                    }
                }
                if relevant(&event.kind) {
                    for p in event.paths.into_iter().filter(|p| !p.starts_with(&own)) {
                        pending.mark(Some(p));
                    }
                }
            }
            // An error from the backend (inotify's queue overflowed, a watch lost): read it all.
            Ok(Err(_)) => {
                note(Note::Overflow)?;
                pending.mark(None);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if last_root_check.elapsed() >= ROOT_CHECK {
            last_root_check = Instant::now();
            for root in &roots {
                match (watched.contains(root), root.exists()) {
                    (true, false) => {
                        let _ = watcher.unwatch(root);
                        watched.remove(root);
                        note(Note::RootGone(root))?;
                    }
                    (false, true) if watcher.watch(root, RecursiveMode::Recursive).is_ok() => {
                        watched.insert(root.clone());
                        note(Note::RootBack(root))?;
                        pending.mark(None);
                    }
                    _ => {}
                }
            }
        }
        let Some(unsettled) = pending.due(&timing) else {
            continue;
        };
        let opts = SyncOptions {
            hold_back: unsettled
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            // The folders of the events are read again, whatever their mtime: a file written
            // in place does not change its folder. Lost events: check every file.
            dirty: pending.folders(),
            verify: pending.rescan,
            ..batch_opts.clone()
        };
        let report = sync::sync(archive, &opts, &Silent, cancel);
        match report {
            Ok(r) => {
                note(Note::Synced(&r))?;
                if r.interrupted {
                    break;
                }
                // Files held back wait for the next batch.
                pending = Pending::default();
                for p in unsettled {
                    pending.mark(Some(p));
                }
            }
            Err(e) => {
                note(Note::Failed(&e))?;
                // Try again after the next event (or in `max_wait`, for a lock held meanwhile).
                pending.first = Some(Instant::now());
                pending.last = Instant::now();
            }
        }
    }
    Ok(())
}

/// Events that can mean a file's content or place changed. Opening and reading a file (our own
/// sync does) is not one; closing it after writing is.
fn relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        reason: format!("cannot watch for changes: {e}"),
    }
}

/// Events seen since the last batch.
struct Pending {
    /// When the first of them came; `None`: nothing pending.
    first: Option<Instant>,
    last: Instant,
    /// Files named by events, with their size and mtime at the last look.
    paths: HashMap<PathBuf, Option<(u64, SystemTime)>>,
    /// Everything must be read again (overflow, a folder back): no file to wait for.
    rescan: bool,
}

impl Default for Pending {
    fn default() -> Pending {
        Pending {
            first: None,
            last: Instant::now(),
            paths: HashMap::new(),
            rescan: false,
        }
    }
}

impl Pending {
    fn mark(&mut self, path: Option<PathBuf>) {
        let now = Instant::now();
        self.first.get_or_insert(now);
        self.last = now;
        match path {
            Some(p) => {
                self.paths.entry(p).or_insert(None);
            }
            None => self.rescan = true,
        }
    }

    /// The folders events named (a file's folder; a folder itself).
    fn folders(&self) -> HashSet<PathBuf> {
        let mut out = HashSet::new();
        for p in self.paths.keys() {
            out.insert(p.clone());
            if let Some(parent) = p.parent() {
                out.insert(parent.to_path_buf());
            }
        }
        out
    }

    /// Whether a batch should run now: events have paused (or waited long enough). Then the
    /// files they name that are still being written, which the batch leaves for later; no
    /// batch while those are all there is (a stream of new files is not held up by the last
    /// one, a lone file written slowly is read once, whole).
    fn due(&mut self, t: &Timing) -> Option<Vec<PathBuf>> {
        let first = self.first?;
        let now = Instant::now();
        if now - self.last < t.quiet && now - first < t.max_wait {
            return None;
        }
        if now - first >= t.max_settle {
            return Some(Vec::new());
        }
        let mut unsettled = Vec::new();
        let mut settled = self.rescan;
        for (path, seen) in self.paths.iter_mut() {
            let Ok(meta) = std::fs::metadata(path) else {
                // Gone (deleted, moved away): the batch has that to do.
                settled = true;
                continue;
            };
            if !meta.is_file() {
                settled = true;
                continue;
            }
            let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            let look = Some((meta.len(), mtime));
            let young = SystemTime::now()
                .duration_since(mtime)
                .is_ok_and(|age| age < t.settle);
            if young || *seen != look {
                unsettled.push(path.clone());
            } else {
                settled = true;
            }
            *seen = look;
        }
        settled.then_some(unsettled)
    }
}

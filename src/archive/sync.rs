//! `dossier index`: bring the archive in line with the folders, touching only what changed.
//!
//! Each run compares the folders with the archive's catalog (read from the index itself, see
//! `catalog`). A file whose size and mtime match is unchanged and is not read. Other files are
//! read and hashed: same hash as before means only the mtime moved (the stored documents are
//! kept, with the new fingerprint); a new path whose hash matches a vanished file is a move (the
//! stored documents are re-keyed, not re-parsed); anything else is parsed. Vanished files are
//! removed. Updates are delete-by-path + add in the same commit, so no file is ever half
//! replaced, and intermediate commits every N documents or T seconds make a long first ingest
//! resumable: after a crash the catalog says what landed, and the next run does the rest.
//!
//! A file whose date came from its path or mtime is parsed again when moved or touched, since
//! its date changes: the archive must match what `--rebuild` would build.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::folders::FolderCache;
use super::plan::{decide, path_key, plan, Action, Plan};
pub use super::run::{Change, FileChange, SyncOptions, SyncReport};
use super::stories::similar::Likeness;
use super::stories::{self, StoryWriter};
use super::{Archive, ArchiveWriter};
use crate::document::Document;
use crate::error::Result;
use crate::ingest::{self, Fingerprint, SourceFile};

/// Files read per batch: enough to keep every core busy, few enough to bound memory and to
/// react to Ctrl-C within a fraction of a second.
const BATCH: usize = 256;

/// Progress of the files that must be read; the binary draws it, the library only reports.
pub trait Progress: Sync {
    fn start(&self, total: u64);
    fn advance(&self, n: u64);
    fn finish(&self);
}

/// No progress display.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

pub fn sync(
    archive: &Archive,
    opts: &SyncOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<SyncReport> {
    let started = Instant::now();
    let reader = archive.reader()?;
    // Plan against the last commit, then take the writer lock (a second run stops there), and
    // plan again if another run committed in between.
    let (plan, mut writer, plan_opstamp) = loop {
        let seen_opstamp = archive.index().load_metas()?.opstamp;
        reader.reload()?;
        let searcher = reader.searcher();
        let plan = plan(archive, &searcher, opts)?;
        // Nothing to write (the usual run): no writer and no commit, but still the single-writer
        // rule: beside a run that holds the lock (a watcher), say so rather than "unchanged".
        if opts.dry_run {
            break (plan, None, seen_opstamp);
        }
        if plan.is_noop(archive, opts)? {
            ArchiveWriter::check_free(archive)?;
            break (plan, None, seen_opstamp);
        }
        // One indexing thread for small updates: a thread's segment costs a flush and a dozen
        // fsyncs at commit (~30 ms). From 500 files on, indexing on one thread costs more
        // than that (~0.24 ms of CPU per 4 KB article: 1,000 new files in a 100,000-file
        // archive took 1.12-1.22 s with one thread, 0.93-1.10 s with two). Each thread needs
        // tantivy's 15 MB minimum; 32 MB each keeps segments reasonably big.
        let threads = match plan.to_read.len() {
            n if n < 500 => 1,
            _ => std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8)
                .min(opts.memory / (32 << 20))
                .max(1),
        };
        let writer = ArchiveWriter::begin(archive, opts.memory, threads)?;
        if archive.index().load_metas()?.opstamp == seen_opstamp {
            break (plan, Some(writer), seen_opstamp);
        }
    };
    let Plan {
        to_read,
        gone,
        catalog,
        state,
        mut report,
        mut folders,
    } = plan;
    if let (true, Some(w)) = (opts.rebuild, &writer) {
        FolderCache::remove(archive.dir());
        w.delete_all()?;
    }
    let mut stories = match writer {
        Some(_) => Some(StoryWriter::new(archive, opts.rebuild)?),
        None => None,
    };

    let mut vanished: HashMap<&str, Vec<&str>> = HashMap::new();
    for path in &gone {
        if let Some(e) = catalog.files.get(path).filter(|e| !e.hash.is_empty()) {
            vanished
                .entry(e.hash.as_str())
                .or_default()
                .push(path.as_str());
        }
    }
    let mut consumed: HashSet<String> = HashSet::new();
    // Per file read: documents written, and the size and mtime they were stored with.
    let mut outcomes: Vec<(usize, Option<(u64, i64)>)> = Vec::with_capacity(to_read.len());
    let mut since_commit = 0usize;
    let mut last_commit = Instant::now();
    progress.start(to_read.len() as u64);
    if !to_read.is_empty() {
        // Build the gazetteer and patterns on the side while the first files are read.
        rayon::spawn(crate::ingest::warm_up);
    }
    // Reading and parsing (on all cores) run one batch ahead of the writing (on this thread:
    // grouping stories, handing documents to tantivy, committing), so neither waits for the
    // other: done in turn, the cores idled while a batch was grouped and written (11% of the
    // core time of a 100,000-article ingest on 2 cores; 5% this way).
    let (tx, rx) = std::sync::mpsc::sync_channel::<ReadBatch>(1);
    let dry_run = opts.dry_run;
    let (catalog_ref, to_read_ref) = (&catalog, &to_read);
    let (consumed, interrupted) = std::thread::scope(|scope| -> Result<(HashSet<String>, bool)> {
        // Owned here: if writing fails, dropping it stops the reading thread.
        let rx = rx;
        let producer = scope.spawn(move || {
            let mut interrupted = false;
            for batch in to_read_ref.chunks(BATCH) {
                if cancel.load(Ordering::SeqCst) {
                    interrupted = true;
                    break;
                }
                let read = read_batch(batch, catalog_ref, &mut vanished, &mut consumed, dry_run);
                if tx.send(read).is_err() {
                    break;
                }
            }
            (consumed, interrupted)
        });
        for (
            batch,
            ReadBatch {
                read,
                actions,
                parsed,
            },
        ) in to_read.chunks(BATCH).zip(rx.iter())
        {
            for ((((file, root), r), action), parsed) in batch
                .iter()
                .map(|(f, r, _)| (f, r))
                .zip(read)
                .zip(actions)
                .zip(parsed)
            {
                let fp = r.as_ref().ok().map(|(_, fp)| fp.clone());
                let settled = fp.as_ref().map(|fp| (fp.size, fp.mtime_ns));
                let streamed = matches!(r, Ok((None, _)));
                let out = writer.as_ref().zip(stories.as_mut());
                if let (true, Action::Parse(change, from), false) =
                    (streamed, &action, opts.dry_run)
                {
                    let written = stream_into(
                        out,
                        file,
                        root,
                        fp.clone(),
                        (*change, from.as_deref()),
                        &mut report,
                    )?;
                    since_commit += written;
                    outcomes.push((written, settled));
                    continue;
                }
                let written = apply(out, file, root, fp, action, parsed, &mut report)?;
                since_commit += written;
                outcomes.push((written, settled));
            }
            progress.advance(batch.len() as u64);
            if let (Some(w), Some(s)) = (writer.as_mut(), stories.as_mut()) {
                s.settle(w)?;
                if since_commit >= opts.commit_every.max(1)
                    || last_commit.elapsed() >= opts.commit_interval
                    || s.heavy()
                {
                    w.commit(&state)?;
                    s.committed()?;
                    since_commit = 0;
                    last_commit = Instant::now();
                }
            }
        }
        Ok(producer.join().expect("the reading thread does not panic"))
    })?;
    report.interrupted = interrupted;
    progress.finish();

    if !report.interrupted {
        for path in gone.iter().filter(|p| !consumed.contains(*p)) {
            if let (Some(w), Some(s)) = (&writer, stories.as_mut()) {
                s.delete_path(w, path)?;
            }
            report.removed += 1;
            report.changes.push(FileChange {
                change: Change::Removed,
                path: PathBuf::from(path),
                from: None,
            });
        }
    }
    let state = final_state(state, &report);
    // The commit the folder cache will describe: ours, or (writing nothing) the one planned on.
    let mut expected = Some(plan_opstamp);
    if let (Some(w), Some(mut s)) = (writer, stories) {
        s.settle(&w)?;
        expected = Some(w.finish(&state)?);
    }
    // The folder cache for the next run, tagged with the commit just made. Not after an
    // interrupted run: the next one must look at what this one did not reach.
    if !opts.dry_run && !report.interrupted {
        for ((file, _, _), (written, settled)) in to_read.iter().zip(&outcomes) {
            if let (true, Some((size, mtime))) = (*written > 0, settled) {
                folders.settle(&file.path, *size, *mtime);
            }
        }
        // Another run that committed since (after our lock was released, or beside a run that
        // took none) leaves the cache to the next run's full walk.
        let tag = super::folders::commit_tag(archive.index())?;
        let same = Some(archive.index().load_metas()?.opstamp) == expected;
        if !same {
            FolderCache::remove(archive.dir());
        }
        // Written even when nothing else was (no commit, same tag): folders read again this
        // run become trusted, the re-check moves on. Only a cache: failing to write it costs
        // the next run a full walk, nothing more.
        if same {
            let _ = folders.save(archive.dir(), &tag);
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The state a run commits: its roots, and the files it could not read (for `stats`).
pub(super) fn final_state(
    mut state: super::ArchiveState,
    report: &SyncReport,
) -> super::ArchiveState {
    state.version = 1;
    state.failures = report
        .failures
        .iter()
        .filter(|f| !f.skipped)
        .map(|f| f.to_string())
        .collect();
    state
}

/// A batch of files as read: bytes and fingerprint (or why not), what to do with each, and
/// the parsed documents with their likeness where the action is to parse.
struct ReadBatch {
    read: Vec<FileRead>,
    actions: Vec<Action>,
    parsed: Vec<Parsed>,
}

type Parsed = Option<(ingest::ParseResult, Vec<Arc<Likeness>>)>;
/// A file's bytes (None: streamed from disk later) and fingerprint, or why it could not be read.
type FileRead = std::result::Result<(Option<Vec<u8>>, Fingerprint), ingest::Failure>;

/// Read, decide and parse one batch (the parts that need no writer), on all cores.
fn read_batch<'c>(
    batch: &[(SourceFile, String, Option<super::catalog::CatalogEntry>)],
    catalog: &'c super::catalog::Catalog,
    vanished: &mut HashMap<&'c str, Vec<&'c str>>,
    consumed: &mut HashSet<String>,
    dry_run: bool,
) -> ReadBatch {
    let read: Vec<_> = batch
        .par_iter()
        .map(|(f, _, _)| ingest::read_file(f))
        .collect();
    let actions: Vec<Action> = batch
        .iter()
        .zip(&read)
        .map(|((_, _, entry), r)| match r {
            Err(f) => Action::Failed(f.clone()),
            Ok((_, fp)) => decide(entry.as_ref(), fp, catalog, vanished, consumed),
        })
        .collect();
    // Parsing is the expensive part: on all cores, and only where needed (not in dry runs).
    let parsed: Vec<Parsed> = batch
        .par_iter()
        .zip(&read)
        .zip(&actions)
        .map(|(((file, _, _), r), action)| match (action, r) {
            (Action::Parse(..), Ok((Some(bytes), _))) if !dry_run => {
                let parsed = ingest::parse_bytes(file, bytes);
                // What stories compare documents by, here on all cores too.
                let likes = match &parsed {
                    Ok(p) => p.docs.iter().map(stories::likeness).collect(),
                    Err(_) => Vec::new(),
                };
                Some((parsed, likes))
            }
            _ => None,
        })
        .collect();
    ReadBatch {
        read,
        actions,
        parsed,
    }
}

/// Carry out one file's action; returns the documents written.
/// A container too big to hold, read from disk in chunks straight into the writer: its old
/// documents are deleted when the first new chunk arrives (so a file that no longer reads at
/// all keeps them), all in the batch's one commit.
fn stream_into(
    out: Option<(&ArchiveWriter, &mut StoryWriter)>,
    file: &SourceFile,
    root: &str,
    fp: Option<Fingerprint>,
    (change, from): (Change, Option<&str>),
    report: &mut SyncReport,
) -> Result<usize> {
    let (Some((w, stories)), Some(fp)) = (out, fp) else {
        return Ok(0);
    };
    let path = path_key(&file.path);
    let mut written = 0usize;
    let mut failed: Option<crate::error::Error> = None;
    let result = crate::ingest::guarded(&file.path, || {
        crate::ingest::stream::for_each_chunk(file, &mut |docs, problems| {
            report.failures.extend(problems);
            if failed.is_some() || docs.is_empty() {
                return;
            }
            let step = || -> Result<()> {
                if written == 0 {
                    stories.delete_path(w, &path)?;
                    if let Some(old) = from {
                        stories.delete_path(w, old)?;
                    }
                }
                written += docs.len();
                for d in docs {
                    stories.put(d, root, &fp, None);
                }
                stories.settle(w)?;
                Ok(())
            };
            if let Err(e) = step() {
                failed = Some(e);
            }
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    match result {
        Err(f) if written == 0 => report.failures.push(f),
        // Documents before a damaged part were stored; the damage is reported.
        Err(f) => {
            report.failures.push(f);
            note_change(report, file, change, from);
        }
        Ok(()) => note_change(report, file, change, from),
    }
    report.documents += written;
    Ok(written)
}

/// Count a file's change in the report, and list it unless it is unchanged.
fn note_change(report: &mut SyncReport, file: &SourceFile, change: Change, from: Option<&str>) {
    match change {
        Change::Added => report.added += 1,
        Change::Updated => report.updated += 1,
        Change::Moved => report.moved += 1,
        Change::Removed => report.removed += 1,
        Change::Unchanged => report.unchanged += 1,
    }
    if change != Change::Unchanged {
        report.changes.push(FileChange {
            change,
            path: file.path.clone(),
            from: from.map(PathBuf::from),
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn apply(
    out: Option<(&ArchiveWriter, &mut StoryWriter)>,
    file: &SourceFile,
    root: &str,
    fp: Option<Fingerprint>,
    action: Action,
    parsed: Option<(ingest::ParseResult, Vec<Arc<Likeness>>)>,
    report: &mut SyncReport,
) -> Result<usize> {
    let (parsed, likes) = match parsed {
        Some((p, l)) => (Some(p), l),
        None => (None, Vec::new()),
    };
    let path = path_key(&file.path);
    let note = |report: &mut SyncReport, change: Change, from: Option<&str>| {
        note_change(report, file, change, from)
    };
    let (Some(fp), false) = (fp, matches!(action, Action::Failed(_))) else {
        if let Action::Failed(f) = action {
            report.failures.push(f);
        }
        return Ok(0);
    };
    let docs = match &action {
        Action::Failed(_) => unreachable!("handled above"),
        Action::Parse(change, from) => {
            match parsed {
                // A dry run does not parse: it reports what would happen.
                None => {
                    note(report, *change, from.as_deref());
                    return Ok(0);
                }
                Some(Err(f)) => {
                    // An unreadable new version never costs the archive the old one.
                    report.failures.push(f);
                    return Ok(0);
                }
                Some(Ok(parsed)) => {
                    // Records that could not be read are reported; the others are stored.
                    report.failures.extend(parsed.problems);
                    note(report, *change, from.as_deref());
                    let Some((w, stories)) = out else {
                        return Ok(0);
                    };
                    // A new path has no documents in the last commit (the plan was made on
                    // it, under the writer lock): a first ingest need not pay a term query and
                    // a delete term (applied to every segment at commit) per file.
                    if *change != Change::Added || from.is_some() {
                        stories.delete_path(w, &path)?;
                    }
                    if let Some(old) = from {
                        stories.delete_path(w, old)?;
                    }
                    (parsed.docs, w, stories)
                }
            }
        }
        Action::Touch => {
            note(report, Change::Unchanged, None);
            let Some((w, stories)) = out else {
                return Ok(0);
            };
            let docs = stories.documents_at(&path)?;
            stories.delete_path(w, &path)?;
            (docs, w, stories)
        }
        Action::Move(old) => {
            note(report, Change::Moved, Some(old));
            let Some((w, stories)) = out else {
                return Ok(0);
            };
            let mut docs = stories.documents_at(old)?;
            for d in &mut docs {
                d.path = path.clone();
                d.id = Document::make_id(&file.key, d.record);
            }
            // The destination too: a plan from a stale catalog must not duplicate it.
            stories.delete_path(w, &path)?;
            stories.delete_path(w, old)?;
            (docs, w, stories)
        }
    };
    let (docs, _, stories) = docs;
    let n = docs.len();
    // Parsed documents come with their likeness; stored ones (touched, moved) get it here.
    let mut likes = likes.into_iter();
    for d in docs {
        stories.put(d, root, &fp, likes.next());
    }
    report.documents += n;
    Ok(n)
}

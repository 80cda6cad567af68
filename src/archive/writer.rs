//! Writing documents into the archive: one writer at a time (tantivy's lock file enforces it;
//! we add a note saying who holds it), update = delete by term + add, and each commit carries
//! the archive's state, so documents and bookkeeping land together, atomically.

use std::sync::atomic::{AtomicUsize, Ordering};

use tantivy::{Directory, IndexWriter, TantivyDocument, Term};

use super::stories::similar::Likeness;
use super::{Archive, ArchiveState};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::ingest::Fingerprint;

/// Default writer memory budget: ample for fast indexing on 2 cores, small for a laptop.
pub const DEFAULT_MEMORY: usize = 256 * 1024 * 1024;

/// The note beside the lock naming its holder.
const HOLDER_FILE: &str = "dossier-writer.txt";

pub struct ArchiveWriter<'a> {
    archive: &'a Archive,
    writer: IndexWriter<TantivyDocument>,
    /// Documents added by this run, to tell a big run from an update at the end.
    added: AtomicUsize,
}

/// A run that wrote this many documents tidies its segments at the end (see [`TidyAtEnd`]).
const BIG_RUN: usize = 10_000;

impl<'a> ArchiveWriter<'a> {
    /// Fail as `begin` would when another run holds the writer lock, without building a writer
    /// (a run with nothing to write takes the lock only for this check, ~0.1 ms): its "nothing
    /// changed" would otherwise be an answer about a commit that run is about to replace.
    pub fn check_free(archive: &Archive) -> Result<()> {
        let directory = archive.index().directory();
        match directory.acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK) {
            Ok(_released_on_drop) => Ok(()),
            Err(tantivy::directory::error::LockError::LockBusy) => Err(Self::locked(archive)),
            Err(e) => Err(tantivy::TantivyError::from(e).into()),
        }
    }

    fn locked(archive: &Archive) -> Error {
        let holder = std::fs::read_to_string(archive.dir().join(HOLDER_FILE))
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| "another process".to_string());
        Error::Locked {
            path: archive.dir().to_path_buf(),
            holder,
        }
    }

    /// Take the archive's writer lock, or say who holds it.
    /// `threads` indexing threads share the `memory` budget; each makes its own segment.
    pub fn begin(archive: &'a Archive, memory: usize, threads: usize) -> Result<ArchiveWriter<'a>> {
        let holder_path = archive.dir().join(HOLDER_FILE);
        let writer = match archive
            .index()
            .writer_with_num_threads(threads.max(1), memory)
        {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => return Err(Self::locked(archive)),
            Err(e) => return Err(e.into()),
        };
        let note = format!(
            "pid {} since {}",
            std::process::id(),
            chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
        );
        // Only informative: a failure to write it must not stop indexing.
        let _ = std::fs::write(&holder_path, note);
        Ok(ArchiveWriter {
            archive,
            writer,
            added: AtomicUsize::new(0),
        })
    }

    /// Remove every document (`--rebuild`).
    pub fn delete_all(&self) -> Result<()> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Remove every document of the file at `path` (all its records).
    pub fn delete_path(&self, path: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.archive.fields().path, path));
    }

    /// Remove every document found under `root`.
    pub fn delete_root(&self, root: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.archive.fields().root, root));
    }

    /// Remove the document with this id (before writing it again with another story).
    pub fn delete_id(&self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.archive.fields().id, id));
    }

    /// Add `doc`, read from the file `fp` under `root`, with its MinHash keys (`like`). Callers
    /// delete the file's old documents first (by path), in the same commit: `stories` does.
    pub fn add(&self, doc: &Document, root: &str, fp: &Fingerprint, like: &Likeness) -> Result<()> {
        let f = self.archive.fields();
        self.writer
            .add_document(f.to_tantivy(doc, root, fp, like))?;
        self.added.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Commit everything so far, with the archive's state, atomically; returns its opstamp.
    pub fn commit(&mut self, state: &ArchiveState) -> Result<u64> {
        let payload = serde_json::to_string(state)?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        Ok(prepared.commit()?)
    }

    /// Commit, let merges finish (so searches open few segments) and release the lock;
    /// returns the last commit's opstamp.
    pub fn finish(mut self, state: &ArchiveState) -> Result<u64> {
        if self.added.load(Ordering::Relaxed) >= BIG_RUN {
            self.writer.set_merge_policy(Box::new(TidyAtEnd::default()));
        }
        let opstamp = self.commit(state)?;
        self.writer.wait_merging_threads()?;
        let _ = std::fs::remove_file(self.archive.dir().join(HOLDER_FILE));
        Ok(opstamp)
    }
}

/// The merge policy of a big run's last commit: tantivy's `LogMergePolicy`, then one merge of
/// the segments small enough to share its lowest level with the segments of later small runs,
/// when together they are big enough to leave it.
///
/// Why: `LogMergePolicy` merges a level once it holds 8 segments, and segments under its
/// minimum layer (10,000 documents) all count as that size, so those up to 2^0.75 times it
/// (16,818 documents) share the lowest level with every small update's segments. A 100,000-file
/// ingest on 2 cores ends with 7 segments, six of them 829-8,613 documents; the first update
/// of 1,000 files (two 500-document segments) then made 8 and paid for merging 35,464
/// documents: 1.9-2.1 s instead of 0.5 s. A big run already waits for its merges, so it merges
/// those leftovers itself (1-2 s more of a 45 s ingest), and the updates after it merge only
/// their own small segments, 8 at a time.
#[derive(Debug, Default)]
struct TidyAtEnd {
    log: tantivy::merge_policy::LogMergePolicy,
}

/// 10,000 x 2^0.75: the largest segment in `LogMergePolicy`'s lowest level (its defaults).
const LOWEST_LEVEL_MAX_DOCS: u32 = 16_818;

impl tantivy::merge_policy::MergePolicy for TidyAtEnd {
    fn compute_merge_candidates(
        &self,
        segments: &[tantivy::SegmentMeta],
    ) -> Vec<tantivy::merge_policy::MergeCandidate> {
        let candidates = self.log.compute_merge_candidates(segments);
        if !candidates.is_empty() {
            return candidates;
        }
        let small: Vec<&tantivy::SegmentMeta> = segments
            .iter()
            .filter(|s| s.num_docs() < LOWEST_LEVEL_MAX_DOCS)
            .collect();
        // Merged, they must leave the lowest level, or later updates merge them all the same:
        // a 10,000-file ingest's two 5,000-document segments made one of 10,000, still in it,
        // for 0.3-0.5 s more of a 3 s ingest. (So one small segment alone is never merged.)
        let docs: u32 = small.iter().map(|s| s.num_docs()).sum();
        if docs < LOWEST_LEVEL_MAX_DOCS {
            return Vec::new();
        }
        vec![tantivy::merge_policy::MergeCandidate(
            small.iter().map(|s| s.id()).collect(),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::index::SegmentId;
    use tantivy::merge_policy::MergePolicy;

    fn metas(sizes: &[u32]) -> Vec<tantivy::SegmentMeta> {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn sizes_merged(policy: &TidyAtEnd, segments: &[tantivy::SegmentMeta]) -> Vec<Vec<u32>> {
        let size = |id: &SegmentId| segments.iter().find(|s| s.id() == *id).unwrap().num_docs();
        policy
            .compute_merge_candidates(segments)
            .iter()
            .map(|c| {
                let mut v: Vec<u32> = c.0.iter().map(size).collect();
                v.sort_unstable();
                v
            })
            .collect()
    }

    #[test]
    fn a_big_run_merges_the_leftovers_that_would_burden_the_next_update() {
        let policy = TidyAtEnd::default();
        // The segments a 100,000-file ingest on 2 cores ended with.
        let after_ingest = metas(&[65536, 8613, 8275, 8109, 7771, 867, 829]);
        assert_eq!(
            sizes_merged(&policy, &after_ingest),
            [vec![829, 867, 7771, 8109, 8275, 8613]]
        );
        // Nothing small to merge, or one small segment alone: nothing to do.
        assert!(sizes_merged(&policy, &metas(&[65536, 34464])).is_empty());
        assert!(sizes_merged(&policy, &metas(&[65536, 34464, 1696])).is_empty());
        // Small ones that would still be small merged (a 10,000-file ingest): left as they are.
        assert!(sizes_merged(&policy, &metas(&[4956, 5044])).is_empty());
        assert_eq!(
            sizes_merged(&policy, &metas(&[16960, 5000, 5000, 5000, 5000])),
            [vec![5000; 4]]
        );
        // A level LogMergePolicy would merge comes first, as it would.
        let full_level = metas(&[8000; 8]);
        assert_eq!(sizes_merged(&policy, &full_level), [vec![8000; 8]]);
    }
}

//! Writing documents into the archive: one writer at a time (tantivy's lock file enforces it;
//! we add a note saying who holds it), update = delete by term + add, and each commit carries
//! the archive's state, so documents and bookkeeping land together, atomically.

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
}

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
        Ok(ArchiveWriter { archive, writer })
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
        let opstamp = self.commit(state)?;
        self.writer.wait_merging_threads()?;
        let _ = std::fs::remove_file(self.archive.dir().join(HOLDER_FILE));
        Ok(opstamp)
    }
}

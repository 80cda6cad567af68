//! What the archive holds, file by file: path, size, mtime, content hash and how many
//! documents came from it, read from the fast columns of the last commit.
//!
//! This is the update's bookkeeping, and it lives in the index itself: a crash at any moment
//! leaves an index whose catalog says exactly what it contains, so the next run converges. Fast
//! columns are read without touching the document store: about 100 ns a document, so a
//! million-document archive is catalogued in a fraction of a second.

use std::collections::HashMap;

use tantivy::columnar::StrColumn;
use tantivy::Searcher;

use crate::document::DateSource;
use crate::error::Result;

/// One file as the archive knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: String,
    /// The documents' dates came from the path or the mtime: moving or touching the file
    /// changes them, so such a file is parsed again rather than copied.
    pub date_from_file: bool,
    /// Documents (records) of the file.
    pub docs: u32,
}

/// Every file of the archive, keyed by its stored path.
#[derive(Debug, Default)]
pub struct Catalog {
    pub files: HashMap<String, CatalogEntry>,
}

impl Catalog {
    pub fn load(searcher: &Searcher) -> Result<Catalog> {
        let mut files: HashMap<String, CatalogEntry> = HashMap::new();
        let (mut path, mut hash, mut source) = (String::new(), String::new(), String::new());
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let paths = ff.str("path")?;
            let hashes = ff.str("hash")?;
            let sources = ff.str("date_source")?;
            let sizes = ff.u64("size")?;
            let mtimes = ff.i64("mtime")?;
            let Some(paths) = paths else { continue };
            for doc in segment.doc_ids_alive() {
                if !first_str(&paths, doc, &mut path) {
                    continue;
                }
                let has_hash = hashes
                    .as_ref()
                    .is_some_and(|h| first_str(h, doc, &mut hash));
                let has_source = sources
                    .as_ref()
                    .is_some_and(|s| first_str(s, doc, &mut source));
                let from_file = has_source
                    && matches!(
                        DateSource::parse(&source),
                        Some(DateSource::Path | DateSource::Mtime)
                    );
                let entry = files.entry(path.clone()).or_insert_with(|| CatalogEntry {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime_ns: mtimes.first(doc).unwrap_or(0),
                    hash: if has_hash {
                        hash.clone()
                    } else {
                        String::new()
                    },
                    date_from_file: false,
                    docs: 0,
                });
                entry.docs += 1;
                entry.date_from_file |= from_file;
            }
        }
        Ok(Catalog { files })
    }

    /// Paths by content hash, for recognising moved files.
    pub fn by_hash(&self) -> HashMap<&str, Vec<&str>> {
        let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
        for (path, e) in &self.files {
            if !e.hash.is_empty() {
                out.entry(e.hash.as_str()).or_default().push(path.as_str());
            }
        }
        out
    }

    pub fn documents(&self) -> usize {
        self.files.values().map(|e| e.docs as usize).sum()
    }
}

/// The first value of a string column for `doc`, into `out`.
fn first_str(column: &StrColumn, doc: u32, out: &mut String) -> bool {
    out.clear();
    match column.term_ords(doc).next() {
        Some(ord) => column.ord_to_str(ord, out).unwrap_or(false),
        None => false,
    }
}

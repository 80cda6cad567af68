//! The archive: a tantivy index in a folder, plus what the archive remembers about itself (the
//! folders it was built from) in the commit payload, so index and bookkeeping are committed
//! together and cannot disagree after a crash.

pub mod catalog;
pub mod folders;
pub mod languages;
mod plan;
pub mod run;
pub mod schema;
pub mod spellings;
mod stem_cache;
pub mod stories;
mod survey;
pub mod sync;
pub mod tokenizer;
pub mod watch;
pub mod writer;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::document::Document;
use crate::error::{Error, Result};
pub use schema::Fields;
pub use writer::ArchiveWriter;

/// What the archive stores about itself in each commit's payload.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ArchiveState {
    /// Payload format version, for future migrations.
    pub version: u32,
    /// Absolute paths of the folders (or files) the archive was built from.
    pub roots: Vec<String>,
    /// Files (or records) the last `index` run could not read: `path: reason` (for `stats`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<String>,
}

/// An opened archive.
pub struct Archive {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    /// One reader for the process, made on first use: opening a reader opens every segment
    /// (about a millisecond), which a server answering many requests must not pay each time.
    reader: std::sync::OnceLock<IndexReader>,
}

impl Archive {
    /// Open an existing archive; a folder without one is [`Error::NoArchive`].
    pub fn open(dir: &Path) -> Result<Archive> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::NoArchive(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir)?;
        Self::wrap(dir, index)
    }

    /// Open the archive in `dir`, creating the folder and an empty archive if needed.
    pub fn open_or_create(dir: &Path) -> Result<Archive> {
        if dir.join("meta.json").is_file() {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir)?;
        let index = Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_dir(dir)?;
        Self::wrap(dir, index)
    }

    /// An empty archive in memory: what a dry run compares with when there is no archive yet.
    pub fn in_memory() -> Result<Archive> {
        Self::wrap(Path::new(""), Index::create_in_ram(schema::build()))
    }

    /// Replace an archive of another version's schema with an empty one that remembers the
    /// same folders (for `index --rebuild`). Only the index's own files are deleted: those
    /// tantivy lists in `.managed.json`, and its meta files.
    pub fn recreate(dir: &Path) -> Result<Archive> {
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json"))?)?;
        let state: ArchiveState = meta["payload"]
            .as_str()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        let managed: Vec<String> = std::fs::read_to_string(dir.join(".managed.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        folders::FolderCache::remove(dir);
        for name in managed
            .iter()
            .map(String::as_str)
            .chain(["meta.json", ".managed.json"])
        {
            match std::fs::remove_file(dir.join(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        let archive = Self::open_or_create(dir)?;
        let writer = ArchiveWriter::begin(&archive, writer::DEFAULT_MEMORY, 1)?;
        writer.finish(&state)?;
        Ok(archive)
    }

    fn wrap(dir: &Path, index: Index) -> Result<Archive> {
        schema::register_tokenizers(&index);
        // An index made with another schema (an older dossier) lacks fields this one needs, or
        // indexes one differently (`author` was one keyword, now it is words): both would give
        // wrong answers quietly, so any difference asks for `--rebuild`.
        let same =
            serde_json::to_value(index.schema()).ok() == serde_json::to_value(schema::build()).ok();
        let fields = Fields::of(&index.schema())
            .ok()
            .filter(|_| same)
            .ok_or_else(|| Error::Incompatible(dir.to_path_buf()))?;
        Ok(Archive {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader: std::sync::OnceLock::new(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The last committed state (roots); empty for a new archive.
    pub fn state(&self) -> Result<ArchiveState> {
        let meta = self.index.load_metas()?;
        Ok(meta
            .payload
            .and_then(|p| serde_json::from_str(&p).ok())
            .unwrap_or_default())
    }

    /// The archive's reader, on the commit it last loaded (the last one when first made;
    /// [`Archive::reload`] moves it on). Readers never take the writer's lock, so searching
    /// works while `dossier index` runs.
    pub fn reader(&self) -> Result<IndexReader> {
        if let Some(r) = self.reader.get() {
            return Ok(r.clone());
        }
        let r: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(self.reader.get_or_init(|| r).clone())
    }

    /// Move the reader on to the last commit (`serve` does before each request, so it sees
    /// every commit of a running `dossier index`).
    pub fn reload(&self) -> Result<()> {
        self.reader()?.reload()?;
        Ok(())
    }

    /// Every document stored for the file at `path` (one per record), in record order.
    pub fn documents_at(&self, searcher: &Searcher, path: &str) -> Result<Vec<Document>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.path, path),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1_000_000).order_by_score())?;
        let mut docs = top
            .into_iter()
            .map(|(_, addr)| {
                Ok(self
                    .fields
                    .from_tantivy(&searcher.doc::<TantivyDocument>(addr)?))
            })
            .collect::<Result<Vec<_>>>()?;
        docs.sort_by_key(|d| d.record);
        Ok(docs)
    }

    /// The document with this id, or else with this path (absolute or as stored).
    pub fn get(&self, searcher: &Searcher, id_or_path: &str) -> Result<Option<Document>> {
        let f = &self.fields;
        let mut candidates = vec![
            (f.id, id_or_path.to_string()),
            (f.path, id_or_path.to_string()),
        ];
        if let Ok(abs) = Path::new(id_or_path).canonicalize() {
            candidates.push((f.path, abs.to_string_lossy().into_owned()));
        }
        for (field, value) in candidates {
            let query = TermQuery::new(
                Term::from_field_text(field, &value),
                IndexRecordOption::Basic,
            );
            let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
            if let Some((_, addr)) = top.first() {
                let t: TantivyDocument = searcher.doc(*addr)?;
                return Ok(Some(f.from_tantivy(&t)));
            }
        }
        Ok(None)
    }
}

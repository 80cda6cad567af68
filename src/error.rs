//! The library's error type. The binary maps these to messages and exit codes; every variant
//! carries what a user needs to act (the file, the index folder, the offending input).

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no archive at {}: run `dossier index <FOLDER>` to build one", .0.display())]
    NoArchive(PathBuf),

    #[error("the archive at {} is being updated by another `dossier index` run ({holder}); wait for it to finish", .path.display())]
    Locked { path: PathBuf, holder: String },

    #[error("the archive at {} was built by another version of dossier: rebuild it with `dossier index --rebuild` (its folders are remembered)", .0.display())]
    Incompatible(PathBuf),

    #[error(
        "no folder to index: give one (`dossier index ~/news`); this archive remembers none yet"
    )]
    NoRoots,

    #[error("{}: {reason}", .path.display())]
    Input { path: PathBuf, reason: String },

    #[error("invalid query: {0}")]
    Query(String),

    #[error("{0}")]
    Usage(String),

    #[error("no document with id or path `{0}` in the archive")]
    NotFound(String),

    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),

    #[error(transparent)]
    Io(#[from] std::io::Error),

    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// True when output went to a pipe its reader closed (`dossier search | head`): not a
    /// failure of ours. JSON is written through serde_json, which wraps the io error.
    pub fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            Error::Io(e) => Some(e.kind()),
            Error::Json(e) => e.io_error_kind(),
            _ => None,
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    }
}

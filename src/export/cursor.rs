//! Where the last export of a target stopped: for each document it sent, its id and the hash of
//! its line. `--since-last` compares the archive's documents with it: a new id was added, a
//! known id with another hash changed, an id no longer there was deleted. Comparing content,
//! not dates or commit numbers, keeps it exact through `index --rebuild` (ids are hashes of
//! paths, so they survive), merges, and a story id that moves to an earlier copy.
//!
//! It lives in the archive folder (`exports/<target>-<name>.cursor`), 16 bytes a document
//! (16 MB for a million), and is replaced by a rename only after every export file is written
//! and synced: an export that fails or is interrupted leaves the old cursor, and the next
//! `--since-last` sends the same changes again (re-sending is idempotent by id in OpenSearch;
//! for Quickwit the delete tasks come first, see `quickwit`).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const MAGIC: &[u8] = b"dossier export cursor\n";

/// What the cursor says about the export that wrote it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Header {
    pub version: u32,
    pub target: String,
    pub name: String,
    /// The archive commit (tantivy opstamp) the export read.
    pub opstamp: u64,
    /// When it ran (RFC 3339).
    pub exported_at: String,
    /// What it selected (query and filters, dates resolved), see [`selection`].
    #[serde(default)]
    pub selection: String,
}

/// A request's selection as one line: query, date bounds and filters.
pub fn selection(r: &crate::search::SearchRequest) -> String {
    let day = |d: Option<chrono::DateTime<chrono::Utc>>| {
        d.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    let mut parts = vec![format!("query `{}`", r.query.trim())];
    if r.from.is_some() || r.to.is_some() {
        parts.push(format!("dates {}..{}", day(r.from), day(r.to)));
    }
    for (name, values) in [
        ("country", &r.countries),
        ("person", &r.people),
        ("org", &r.orgs),
        ("place", &r.places),
        ("source", &r.sources),
    ] {
        if !values.is_empty() {
            parts.push(format!("{name} {}", values.join(" + ")));
        }
    }
    parts.join(", ")
}

#[derive(Debug, Default)]
pub struct Cursor {
    pub header: Option<Header>,
    /// Document id (16 hex digits as u64) -> hash of its exported line.
    pub lines: HashMap<u64, u64>,
}

/// The cursor file of a target in an archive.
pub fn path(archive_dir: &Path, target: &str, name: &str) -> PathBuf {
    archive_dir
        .join("exports")
        .join(format!("{target}-{name}.cursor"))
}

/// The cursor at `path`; an empty one when there is none yet.
pub fn load(path: &Path) -> Result<Cursor> {
    let mut bytes = Vec::new();
    match std::fs::File::open(path) {
        Ok(mut f) => f.read_to_end(&mut bytes)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cursor::default()),
        Err(e) => return Err(e.into()),
    };
    let bad = |why: &str| Error::Input {
        path: path.to_path_buf(),
        reason: format!(
            "not a readable export cursor ({why}); delete it to export everything again"
        ),
    };
    let rest = bytes.strip_prefix(MAGIC).ok_or_else(|| bad("no header"))?;
    let end = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| bad("no header"))?;
    let header: Header = serde_json::from_slice(&rest[..end]).map_err(|_| bad("bad header"))?;
    let pairs = &rest[end + 1..];
    if pairs.len() % 16 != 0 {
        return Err(bad("truncated"));
    }
    let lines = pairs
        .chunks_exact(16)
        .map(|c| {
            let id = u64::from_le_bytes(c[..8].try_into().expect("8 bytes"));
            let hash = u64::from_le_bytes(c[8..].try_into().expect("8 bytes"));
            (id, hash)
        })
        .collect();
    Ok(Cursor {
        header: Some(header),
        lines,
    })
}

/// Write the cursor to `path` atomically (a temporary file, synced, renamed over the old one).
pub fn save(path: &Path, header: &Header, lines: &[(u64, u64)]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("cursor.tmp");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        f.write_all(MAGIC)?;
        serde_json::to_writer(&mut f, header)?;
        f.write_all(b"\n")?;
        let mut sorted = lines.to_vec();
        sorted.sort_unstable();
        for (id, hash) in sorted {
            f.write_all(&id.to_le_bytes())?;
            f.write_all(&hash.to_le_bytes())?;
        }
        f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// A document id as the cursor keys it.
pub fn id_key(id: &str) -> Option<u64> {
    u64::from_str_radix(id, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_cursor_loads_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path(), "opensearch", "dossier");
        assert!(load(&p).unwrap().header.is_none());
        let header = Header {
            version: 1,
            target: "opensearch".into(),
            name: "dossier".into(),
            opstamp: 7,
            exported_at: "2026-12-03T10:00:00Z".into(),
            selection: "query `*`".into(),
        };
        save(&p, &header, &[(3, 30), (1, 10)]).unwrap();
        let c = load(&p).unwrap();
        assert_eq!(c.header, Some(header));
        assert_eq!(c.lines, HashMap::from([(1, 10), (3, 30)]));
        std::fs::write(&p, b"garbage").unwrap();
        let e = load(&p).unwrap_err().to_string();
        assert!(
            e.contains("cursor") && e.contains(&p.display().to_string()),
            "{e}"
        );
    }
}

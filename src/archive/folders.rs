//! The folder cache: what each folder held at the last run, so a run can skip the folders that
//! cannot have changed (notmuch's directory-mtime rule) instead of stat-ing every file and
//! rebuilding the catalog of every document.
//!
//! One file in the archive folder, `folders.cache`, written after a run's last commit and
//! tagged with that commit (its opstamp and segments): a run trusts it only while the index is
//! exactly that commit. Any other commit (a crash after an intermediate commit, another run, a
//! rebuild) makes it stale and the next run walks everything, as dossier always did, and writes
//! a new one. A checksum catches a torn or damaged file the same way. Nothing in it is needed to
//! rebuild the archive: losing it costs one full walk.
//!
//! Per folder it keeps the folder's identity (device, inode, mtime, ctime: a folder replaced by
//! another of the same name, or whose entries changed, differs), its sub-folders, the names of
//! files of other formats (so the "skipped" report stays the same) and its files with the size
//! and mtime the catalog holds for them ("settled") or a mark that the catalog may differ
//! (failed to read, held back while being written). The files of a folder are kept as encoded
//! bytes until a run needs them: at 1M files a no-op must not decode a million names.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::Result;

const MAGIC: &[u8; 16] = b"dossier-folders\x01";
pub const FILE_NAME: &str = "folders.cache";

/// Which folder it is and when its entries last changed, from its `stat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FolderId {
    pub dev: u64,
    pub ino: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
}

/// A file of a folder as the last run left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRecord {
    pub name: String,
    pub size: u64,
    pub mtime_ns: i64,
    /// The catalog holds exactly this size and mtime for the file's documents.
    pub settled: bool,
}

/// A folder's files: still encoded (as loaded), or decoded (read or changed by this run).
#[derive(Debug, Clone)]
pub enum Files {
    Encoded {
        buf: Arc<Vec<u8>>,
        start: usize,
        end: usize,
        count: u32,
        /// The newest mtime among them, and how many are not settled: whether a run must
        /// look at them at all.
        newest_ns: i64,
        unsettled: u32,
    },
    Decoded(Vec<FileRecord>),
}

impl Files {
    pub fn count(&self) -> usize {
        match self {
            Files::Encoded { count, .. } => *count as usize,
            Files::Decoded(v) => v.len(),
        }
    }

    /// Whether some file is not settled or changed at or after `since_ns` (decoding nothing).
    pub fn needs_look(&self, since_ns: i64) -> bool {
        match self {
            Files::Encoded {
                newest_ns,
                unsettled,
                ..
            } => *unsettled > 0 || *newest_ns >= since_ns,
            Files::Decoded(v) => v.iter().any(|f| !f.settled || f.mtime_ns >= since_ns),
        }
    }

    /// The files; `None` if their bytes do not decode (then the folder is read again).
    pub fn decode(&self) -> Option<Vec<FileRecord>> {
        match self {
            Files::Encoded {
                buf, start, end, ..
            } => {
                let mut r = Reader {
                    buf: &buf[..*end],
                    at: *start,
                };
                let mut out = Vec::new();
                while r.at < *end {
                    out.push(FileRecord {
                        name: r.str()?,
                        size: r.u64()?,
                        mtime_ns: r.u64()? as i64,
                        settled: r.u8()? == 1,
                    });
                }
                Some(out)
            }
            Files::Decoded(v) => Some(v.clone()),
        }
    }
}

/// One folder as the last run saw it.
#[derive(Debug, Clone)]
pub struct FolderRecord {
    pub id: FolderId,
    /// False: read it again next time whatever its mtime (it changed within the clock's
    /// granularity of the walk, or reading it failed somewhere).
    pub trusted: bool,
    /// Names of its sub-folders (followed links included), sorted.
    pub subdirs: Vec<String>,
    /// Names of its files of formats dossier does not read, sorted.
    pub skipped: Vec<String>,
    pub files: Files,
}

/// Every folder of the archive's roots, keyed by its path as stored (`plan::path_key`).
#[derive(Debug, Default)]
pub struct FolderCache {
    pub folders: HashMap<String, FolderRecord>,
    /// The folder the rolling re-check (see `survey`) starts at next run.
    pub sweep_from: String,
}

/// What identifies the commit a cache belongs to: its opstamp and its segments (with their
/// deletes), so a re-created index that reaches the same opstamp is not mistaken for it.
pub fn commit_tag(index: &tantivy::Index) -> Result<[u8; 32]> {
    let metas = index.load_metas()?;
    let mut h = blake3::Hasher::new();
    h.update(&metas.opstamp.to_le_bytes());
    let mut segments: Vec<String> = metas
        .segments
        .iter()
        .map(|s| format!("{}:{}", s.id().uuid_string(), s.num_deleted_docs()))
        .collect();
    segments.sort();
    for s in segments {
        h.update(s.as_bytes());
        h.update(b"\n");
    }
    Ok(*h.finalize().as_bytes())
}

impl FolderCache {
    /// The cache in `dir` if it belongs to the commit `tag`; `None` if there is none, it is
    /// stale or damaged (the run then walks everything).
    pub fn load(dir: &Path, tag: &[u8; 32]) -> Option<FolderCache> {
        let bytes = std::fs::read(dir.join(FILE_NAME)).ok()?;
        if bytes.len() < MAGIC.len() + 32 + 32 || &bytes[..MAGIC.len()] != MAGIC {
            return None;
        }
        let (body, sum) = bytes.split_at(bytes.len() - 32);
        if blake3::hash(body).as_bytes() != sum || &body[MAGIC.len()..MAGIC.len() + 32] != tag {
            return None;
        }
        let len = body.len();
        let buf = Arc::new(bytes);
        Self::parse(&buf, MAGIC.len() + 32, len)
    }

    fn parse(buf: &Arc<Vec<u8>>, at: usize, end: usize) -> Option<FolderCache> {
        let mut r = Reader {
            buf: &buf[..end],
            at,
        };
        let sweep_from = r.str()?;
        let n = r.u32()? as usize;
        let mut folders = HashMap::with_capacity(n);
        for _ in 0..n {
            let key = r.str()?;
            let id = FolderId {
                dev: r.u64()?,
                ino: r.u64()?,
                mtime_ns: r.u64()? as i64,
                ctime_ns: r.u64()? as i64,
            };
            let trusted = r.u8()? == 1;
            let subdirs = r.strs()?;
            let skipped = r.strs()?;
            let count = r.u32()?;
            let newest_ns = r.u64()? as i64;
            let unsettled = r.u32()?;
            let len = r.u32()? as usize;
            let start = r.at;
            r.skip(len)?;
            let files = Files::Encoded {
                buf: buf.clone(),
                start,
                end: start + len,
                count,
                newest_ns,
                unsettled,
            };
            let record = FolderRecord {
                id,
                trusted,
                subdirs,
                skipped,
                files,
            };
            folders.insert(key, record);
        }
        Some(FolderCache {
            folders,
            sweep_from,
        })
    }

    /// Write the cache for the commit `tag`: to a temporary file, then renamed over the old one,
    /// so a reader sees the old cache or the new one, never half of one.
    pub fn save(&self, dir: &Path, tag: &[u8; 32]) -> Result<()> {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(tag);
        put_str(&mut out, &self.sweep_from);
        let mut keys: Vec<&String> = self.folders.keys().collect();
        keys.sort();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for key in keys {
            let f = &self.folders[key];
            put_str(&mut out, key);
            for v in [
                f.id.dev,
                f.id.ino,
                f.id.mtime_ns as u64,
                f.id.ctime_ns as u64,
            ] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.push(f.trusted as u8);
            put_strs(&mut out, &f.subdirs);
            put_strs(&mut out, &f.skipped);
            match &f.files {
                Files::Encoded {
                    buf,
                    start,
                    end,
                    count,
                    newest_ns,
                    unsettled,
                } => {
                    out.extend_from_slice(&count.to_le_bytes());
                    out.extend_from_slice(&newest_ns.to_le_bytes());
                    out.extend_from_slice(&unsettled.to_le_bytes());
                    out.extend_from_slice(&((end - start) as u32).to_le_bytes());
                    out.extend_from_slice(&buf[*start..*end]);
                }
                Files::Decoded(files) => {
                    let newest = files.iter().map(|f| f.mtime_ns).max().unwrap_or(i64::MIN);
                    let unsettled = files.iter().filter(|f| !f.settled).count() as u32;
                    let mut blob = Vec::with_capacity(files.len() * 48);
                    for file in files {
                        put_str(&mut blob, &file.name);
                        blob.extend_from_slice(&file.size.to_le_bytes());
                        blob.extend_from_slice(&file.mtime_ns.to_le_bytes());
                        blob.push(file.settled as u8);
                    }
                    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
                    out.extend_from_slice(&newest.to_le_bytes());
                    out.extend_from_slice(&unsettled.to_le_bytes());
                    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
                    out.extend_from_slice(&blob);
                }
            }
        }
        let sum = blake3::hash(&out);
        out.extend_from_slice(sum.as_bytes());
        let tmp = dir.join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, &out)?;
        std::fs::rename(&tmp, dir.join(FILE_NAME)).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
        Ok(())
    }

    /// Forget the cache (before a rebuild): the next run walks everything.
    pub fn remove(dir: &Path) {
        let _ = std::fs::remove_file(dir.join(FILE_NAME));
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_strs(out: &mut Vec<u8>, v: &[String]) {
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for s in v {
        put_str(out, s);
    }
}

/// Reads the little-endian encoding back; `None` past the end (a damaged file that passed the
/// checksum cannot happen, but a bug must not panic a run: the run walks everything instead).
struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.buf.len())?;
        let s = &self.buf[self.at..end];
        self.at = end;
        Some(s)
    }

    fn skip(&mut self, n: usize) -> Option<()> {
        self.take(n).map(|_| ())
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.u32()? as usize;
        (0..n).map(|_| self.str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> FolderCache {
        let mut c = FolderCache {
            sweep_from: "/news/b".into(),
            ..Default::default()
        };
        let file = |name: &str, settled| FileRecord {
            name: name.into(),
            size: 12,
            mtime_ns: 1_700_000_000_000_000_000,
            settled,
        };
        c.folders.insert(
            "/news".into(),
            FolderRecord {
                id: FolderId {
                    dev: 1,
                    ino: 2,
                    mtime_ns: 3,
                    ctime_ns: 4,
                },
                trusted: true,
                subdirs: vec!["b".into()],
                skipped: vec!["x.jpg".into()],
                files: Files::Decoded(vec![file("a.txt", true), file("é.txt", false)]),
            },
        );
        c
    }

    #[test]
    fn round_trip_and_stale_or_damaged_caches_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let tag = [7u8; 32];
        sample().save(dir.path(), &tag).unwrap();
        let back = FolderCache::load(dir.path(), &tag).expect("same commit");
        assert_eq!(back.sweep_from, "/news/b");
        let f = &back.folders["/news"];
        assert_eq!((f.id.ino, f.trusted, f.files.count()), (2, true, 2));
        assert_eq!(f.skipped, ["x.jpg"]);
        assert!(f.files.needs_look(i64::MAX), "one file is not settled");
        let files = f.files.decode().unwrap();
        assert_eq!(files[1].name, "é.txt");
        assert!(files[0].settled && !files[1].settled);
        // Saved again without decoding: the same bytes.
        let before = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        back.save(dir.path(), &tag).unwrap();
        assert_eq!(before, std::fs::read(dir.path().join(FILE_NAME)).unwrap());

        assert!(FolderCache::load(dir.path(), &[8u8; 32]).is_none(), "stale");
        let mut bytes = before.clone();
        bytes[40] ^= 1;
        std::fs::write(dir.path().join(FILE_NAME), &bytes).unwrap();
        assert!(FolderCache::load(dir.path(), &tag).is_none(), "damaged");
        std::fs::write(dir.path().join(FILE_NAME), &before[..30]).unwrap();
        assert!(FolderCache::load(dir.path(), &tag).is_none(), "torn");
    }
}

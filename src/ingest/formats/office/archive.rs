//! The zip container shared by DOCX, ODT and EPUB, opened so that no file can make us inflate
//! without bound: every entry is read through `take`, so a 1 GiB entry stored as 1 MiB of
//! deflate stops at the cap instead of filling memory, whatever size its header claims.

use std::cell::Cell;
use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

/// What one document may make us inflate and list.
#[derive(Clone, Copy)]
pub struct Limits {
    /// One part: the corpus' largest is a 1.1 MB document.xml (from a 225 KB DOCX); 64 MiB is
    /// fifty times that.
    pub entry: u64,
    /// All parts read for one document: the corpus' most is 1.6 MB of XML; 256 MiB is 150
    /// times that, room for a long book.
    pub total: u64,
    /// Entries in the zip: the corpus' most is 45 (a book); an illustrated book may have a few
    /// thousand, 50,000 is no document.
    pub entries: usize,
}

pub const LIMITS: Limits = Limits {
    entry: 64 << 20,
    total: 256 << 20,
    entries: 50_000,
};

/// The OLE compound-file magic: an encrypted OOXML file (and a .doc) is a CFB, not a zip.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    read_so_far: Cell<u64>,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        Self::open_with(bytes, LIMITS)
    }

    pub fn open_with(bytes: &'a [u8], limits: Limits) -> Result<Self, String> {
        if bytes.starts_with(&CFB_MAGIC[..4]) {
            return Err("encrypted or legacy Office file (not a zip)".into());
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            if bytes.starts_with(b"PK") {
                format!("truncated or damaged zip: {e}")
            } else {
                "not a zip file".to_string()
            }
        })?;
        if zip.len() > limits.entries {
            return Err(format!(
                "zip bomb: {} entries (more than {}), refused",
                zip.len(),
                limits.entries
            ));
        }
        Ok(Archive {
            zip,
            limits,
            read_so_far: Cell::new(0),
        })
    }

    /// Every entry name, in the zip's order.
    pub fn names(&self) -> Vec<String> {
        self.zip.file_names().map(str::to_string).collect()
    }

    /// The name as stored, found exactly or else ignoring ASCII case (EPUB manifests written
    /// on Windows often differ in case from the zip).
    fn find(&self, name: &str) -> Option<String> {
        if self.zip.index_for_name(name).is_some() {
            return Some(name.to_string());
        }
        self.zip
            .file_names()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(str::to_string)
    }

    /// The entry's bytes, `Ok(None)` when there is no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(stored) = self.find(name) else {
            return Ok(None);
        };
        let file = match self.zip.by_name(&stored) {
            Ok(f) => f,
            Err(ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
                return Err(format!("encrypted zip entry {name}"));
            }
            Err(e) => return Err(format!("truncated or damaged zip: {name}: {e}")),
        };
        let left = self.limits.total.saturating_sub(self.read_so_far.get());
        let cap = self.limits.entry.min(left);
        let total = cap < self.limits.entry;
        // The header's size is only a claim, checked here to refuse early; `take` enforces it.
        if file.size() > cap {
            return Err(bomb(name, cap, total));
        }
        let mut out = Vec::with_capacity(file.size().min(cap) as usize);
        let n = file
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("truncated or damaged zip: {name}: {e}"))?;
        if n as u64 > cap {
            return Err(bomb(name, cap, total));
        }
        self.read_so_far.set(self.read_so_far.get() + n as u64);
        Ok(Some(out))
    }

    /// The entry as text: UTF-8 (a BOM dropped) or UTF-16 with a BOM, which OOXML allows.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, String> {
        Ok(self.read(name)?.map(|b| to_utf8(&b)))
    }
}

fn bomb(name: &str, cap: u64, total: bool) -> String {
    if total {
        format!("zip bomb: the document inflates past its {cap} bytes left, refused")
    } else {
        format!("zip bomb: {name} inflates past {} MiB, refused", cap >> 20)
    }
}

pub fn to_utf8(b: &[u8]) -> String {
    let utf16 = |le: bool| {
        let units: Vec<u16> = b[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match b {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(b).into_owned(),
    }
}

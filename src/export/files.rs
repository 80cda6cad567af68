//! The files of an export: numbered data files that each stay under a byte budget (a
//! document and its action line never split across two), and whole small files (config,
//! manifest, deletion lists), each synced before the cursor moves.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::File::create(path).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        reason: format!("cannot write: {e}"),
    })?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// Numbered data files, each under a byte budget.
pub(super) struct Files {
    dir: PathBuf,
    prefix: &'static str,
    limit: usize,
    current: Option<(std::io::BufWriter<std::fs::File>, usize)>,
    names: Vec<String>,
    bytes: u64,
}

impl Files {
    pub(super) fn new(dir: &Path, prefix: &'static str, limit: usize) -> Files {
        Files {
            dir: dir.to_path_buf(),
            prefix,
            limit,
            current: None,
            names: Vec::new(),
            bytes: 0,
        }
    }

    /// Write `lines` (each gets its newline) together into the current file, or a new one if
    /// they would take it over the limit. A group larger than the limit gets a file alone.
    pub(super) fn write(&mut self, lines: &[&[u8]]) -> Result<()> {
        let size: usize = lines.iter().map(|l| l.len() + 1).sum();
        if self
            .current
            .as_ref()
            .is_some_and(|(_, used)| used + size > self.limit)
        {
            self.close()?;
        }
        if self.current.is_none() {
            let name = format!("{}{:05}.ndjson", self.prefix, self.names.len() + 1);
            let path = self.dir.join(&name);
            let file = std::fs::File::create(&path).map_err(|e| Error::Input {
                path: path.clone(),
                reason: format!("cannot write: {e}"),
            })?;
            self.names.push(name);
            self.current = Some((std::io::BufWriter::with_capacity(1 << 20, file), 0));
        }
        let (w, used) = self.current.as_mut().expect("opened above");
        for l in lines {
            w.write_all(l)?;
            w.write_all(b"\n")?;
        }
        *used += size;
        self.bytes += size as u64;
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        if let Some((w, _)) = self.current.take() {
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<(Vec<String>, u64)> {
        self.close()?;
        Ok((self.names, self.bytes))
    }
}

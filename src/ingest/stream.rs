//! Containers too big to hold in memory (an mbox of years of newsletters, a crawl's WARC) are
//! read from disk as a stream: the fingerprint is hashed as the bytes go by, and the documents
//! come out in chunks that the caller stores before the next chunk is read. Memory stays at a
//! chunk's documents plus the readers' buffers, whatever the file's size (a 210 MB mbox of
//! 61,000 messages: 6 MB of reader memory; a 1 GB WARC: 3.4 MB; see README, Performance).
//!
//! Below `STREAM_BYTES` the same files are read whole like every other format: one read and
//! one parallel pass are faster than a stream for the files most archives hold.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::time::SystemTime;

use flate2::bufread::MultiGzDecoder;
use rayon::prelude::*;

use super::dispatch::{message_records, Numbered};
use super::formats::mail::{self, mbox::Mbox};
use super::formats::warc;
use super::sniff::{self, Format};
use super::{normalize, Failure, Fingerprint, SourceFile};
use crate::document::Document;

/// Files of a container format larger than this are streamed (unless set otherwise): a 64 MB
/// mbox read whole costs 64 MB plus its documents, which two workers can afford anywhere.
pub const STREAM_BYTES: u64 = 64 << 20;

static THRESHOLD: std::sync::OnceLock<u64> = std::sync::OnceLock::new();

/// Stream containers above `bytes` for the rest of the run (set once, before the first file).
pub fn set_threshold(bytes: u64) {
    let _ = THRESHOLD.set(bytes);
}

/// Documents normalised (in parallel) and handed over at a time.
const CHUNK: usize = 512;

/// Whether `file` is read as a stream rather than whole.
pub fn is_streamed(file: &SourceFile) -> bool {
    file.size > *THRESHOLD.get().unwrap_or(&STREAM_BYTES)
        && matches!(format_of(file), Some(Format::Mbox | Format::Warc))
}

fn format_of(file: &SourceFile) -> Option<Format> {
    let name = file.path.file_name()?.to_string_lossy();
    sniff::by_extension(&name)
}

/// The file's fingerprint, hashed in 1 MiB reads.
pub fn fingerprint(file: &SourceFile) -> Result<Fingerprint, Failure> {
    let fail = |e: std::io::Error| Failure::error(&file.path, e.to_string());
    let mut hasher = blake3::Hasher::new();
    let mut reader = File::open(&file.path).map_err(fail)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok(Fingerprint {
        size,
        mtime_ns: file.mtime_ns,
        hash: hasher.finalize().to_hex()[..32].to_string(),
    })
}

/// Read `file` from disk, calling `each` with every chunk of documents and the records that
/// could not be read, in file order. `Err` when the file gives nothing at all.
pub fn for_each_chunk(
    file: &SourceFile,
    each: &mut dyn FnMut(Vec<Document>, Vec<Failure>),
) -> Result<(), Failure> {
    let fail = |reason: String| Failure::error(&file.path, reason);
    let opened = File::open(&file.path).map_err(|e| fail(e.to_string()))?;
    let mut input = BufReader::with_capacity(256 << 10, opened);
    let gzip = sniff::is_gzip(input.fill_buf().map_err(|e| fail(e.to_string()))?);
    let mtime =
        SystemTime::UNIX_EPOCH + std::time::Duration::from_nanos(file.mtime_ns.max(0) as u64);
    let mut pending: Vec<Numbered> = Vec::with_capacity(CHUNK);
    let mut any = false;
    let mut flush = |pending: &mut Vec<Numbered>| {
        let records = std::mem::take(pending);
        let (docs, problems): (Vec<_>, Vec<_>) = records
            .into_par_iter()
            .map(|(n, r)| match r {
                Ok(raw) => Ok(normalize(raw, file, n, mtime)),
                Err(reason) => Err(fail(reason)),
            })
            .partition(Result::is_ok);
        let docs: Vec<Document> = docs.into_iter().filter_map(Result::ok).collect();
        any |= !docs.is_empty();
        each(docs, problems.into_iter().filter_map(Result::err).collect());
    };
    let mut push = |r: Numbered, pending: &mut Vec<Numbered>| {
        pending.push(r);
        if pending.len() >= CHUNK {
            flush(pending);
        }
    };
    match format_of(file) {
        Some(Format::Warc) => {
            // The WARC reader recognises gzip itself.
            warc::for_each_record(input, 0, &mut |r| push(r, &mut pending)).map_err(fail)?;
        }
        Some(Format::Mbox) => {
            let input: Box<dyn BufRead> = if gzip {
                Box::new(BufReader::new(MultiGzDecoder::new(input)))
            } else {
                Box::new(input)
            };
            mbox(input, &mut |r| push(r, &mut pending)).map_err(fail)?;
        }
        _ => return Err(fail("not a format read as a stream".into())),
    }
    flush(&mut pending);
    if !any {
        return Err(fail("no articles found".into()));
    }
    Ok(())
}

/// The messages of an mbox stream and their attachments.
fn mbox(mut input: Box<dyn BufRead>, each: &mut dyn FnMut(Numbered)) -> Result<(), String> {
    if !input
        .fill_buf()
        .map_err(|e| e.to_string())?
        .starts_with(b"From ")
    {
        return Err("not an mbox: it does not start with a \"From \" line".into());
    }
    for (i, message) in Mbox::new(input).enumerate() {
        let i = i as u32;
        match message
            .map_err(|e| e.to_string())
            .and_then(|m| mail::read_message(&m))
        {
            Ok(m) => message_records(m, i, 0).into_iter().for_each(&mut *each),
            Err(e) => each((i, Err(format!("message {}: {e}", i + 1)))),
        }
    }
    Ok(())
}

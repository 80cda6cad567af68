//! From files to [`Document`]s.
//!
//! `walk` finds files, `decode` turns bytes into text, a reader in `formats` recognises the
//! article's parts, and [`normalize`] finishes the document the same way for every format:
//! the date is resolved (text, then path, then mtime), the source named canonically, the
//! language detected and the entities found. Files are parsed in parallel; a file that cannot
//! be read becomes a [`Failure`] with its path and reason and never stops the run.

pub mod boilerplate;
pub mod dates;
pub mod decode;
pub mod entities;
pub mod formats;
pub mod language;
pub mod metadata;
pub mod walk;

use std::path::PathBuf;
use std::time::SystemTime;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use rayon::prelude::*;

use crate::document::{DateSource, Document};
use formats::RawArticle;
pub use walk::SourceFile;

/// A file that could not be ingested, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What a parsed file yields: its documents, or why it has none.
pub type Parsed = Result<Vec<Document>, Failure>;

/// What identifies a file's content and version: the archive stores it with every document of
/// the file, so an update can tell unchanged, changed and moved files apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub size: u64,
    /// Nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
    /// BLAKE3 of the bytes, 32 hex digits (128 bits).
    pub hash: String,
}

impl Fingerprint {
    pub fn of(bytes: &[u8], mtime_ns: i64) -> Fingerprint {
        let hash = blake3::hash(bytes).to_hex()[..32].to_string();
        Fingerprint {
            size: bytes.len() as u64,
            mtime_ns,
            hash,
        }
    }
}

/// Build the process-wide gazetteer and patterns now (they are otherwise built by the first
/// document that needs them), so a caller can overlap this ~25 ms with its own I/O.
pub fn warm_up() {
    let _ = entities::gazetteer::GAZETTEER.country_code("");
    let _ = formats::text::parse(
        "Warm up\n\nLONDON, March 1 (Reuters) - Prime Minister Jane Doe said.\n",
    );
}

/// Parse many files on all cores, keeping their order.
pub fn parse_files(files: &[SourceFile]) -> Vec<Parsed> {
    files.par_iter().map(parse_file).collect()
}

/// Read a file's bytes and fingerprint them.
pub fn read_file(file: &SourceFile) -> Result<(Vec<u8>, Fingerprint), Failure> {
    let bytes = std::fs::read(&file.path).map_err(|e| Failure {
        path: file.path.clone(),
        reason: e.to_string(),
    })?;
    let fingerprint = Fingerprint::of(&bytes, file.mtime_ns);
    Ok((bytes, fingerprint))
}

/// Read, decode and normalize one file.
pub fn parse_file(file: &SourceFile) -> Parsed {
    let (bytes, _) = read_file(file)?;
    parse_bytes(file, &bytes)
}

/// Decode and normalize the bytes of `file`.
pub fn parse_bytes(file: &SourceFile, bytes: &[u8]) -> Parsed {
    let fail = |reason: String| Failure {
        path: file.path.clone(),
        reason,
    };
    let mtime =
        SystemTime::UNIX_EPOCH + std::time::Duration::from_nanos(file.mtime_ns.max(0) as u64);
    let text = decode::decode(bytes).map_err(|e| fail(e.to_string()))?;
    let raw = formats::text::parse(&text);
    if raw.body.trim().is_empty() && raw.title.is_none() {
        return Err(fail("no article text found".to_string()));
    }
    Ok(vec![normalize(raw, file, 0, mtime)])
}

/// Finish a format reader's article into a [`Document`].
pub fn normalize(raw: RawArticle, file: &SourceFile, record: u32, mtime: SystemTime) -> Document {
    let path = file.path.to_string_lossy().into_owned();
    // The whole path as found, not just the key: a file given alone still has its date folders.
    let (date, date_source) = resolve_date(&raw, &path, mtime);
    let title = raw.title.clone().unwrap_or_default();
    let source = raw.source.as_deref().map(canonical_source);
    let mut hints: Vec<&str> = Vec::new();
    if let Some(p) = raw.source_place.as_deref() {
        hints.push(p);
    }
    let mut entities = entities::extract(&title, &raw.body, &hints);
    // The publishing outlet is the source, not an organisation the article talks about (its
    // name in its own dateline or sign-off); outlets it cites stay.
    if let Some(s) = &source {
        entities.orgs.retain(|o| o != s);
        entities.mentions.remove(s);
    }
    Document {
        id: Document::make_id(&file.key, record),
        path,
        record,
        title,
        date: Some(date),
        date_source: Some(date_source),
        source,
        authors: raw.authors,
        language: language::detect(&raw.body),
        body: raw.body,
        entities,
    }
}

/// The publication date, first hit wins: a complete date in the header (or a dateline with a
/// year), a date in the path, a dateline's month and day with a year from the path or the
/// document's other dates, the file's mtime.
fn resolve_date(raw: &RawArticle, path: &str, mtime: SystemTime) -> (DateTime<Utc>, DateSource) {
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN));
    if let Some(d) = raw.date {
        return (d, DateSource::Text);
    }
    let dateline = raw
        .dateline
        .as_ref()
        .and_then(|d| d.month_day.map(|md| (md, d.year)));
    if let Some(((month, day), Some(year))) = dateline {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            return (midnight(d), DateSource::Text);
        }
    }
    if let Some(d) = dates::path_date(path) {
        return (d, DateSource::Path);
    }
    if let Some(((month, day), None)) = dateline {
        let year = dates::path_year(path)
            .or_else(|| dates::find_dates(&raw.body).map(|d| d.date.year()).next());
        if let Some(d) = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, day)) {
            return (midnight(d), DateSource::Text);
        }
    }
    (DateTime::<Utc>::from(mtime), DateSource::Mtime)
}

/// The canonical name of an outlet (`Reuter` -> `Reuters`), as the gazetteer knows it.
fn canonical_source(source: &str) -> String {
    entities::gazetteer::GAZETTEER
        .org(source)
        .map(str::to_string)
        .unwrap_or_else(|| source.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(key: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(key),
            key: key.to_string(),
            size: 0,
            mtime_ns: 0,
        }
    }

    fn date_of(text: &str, key: &str) -> (String, DateSource) {
        let raw = formats::text::parse(text);
        let mtime = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let (d, s) = resolve_date(&raw, key, mtime);
        (d.format("%F").to_string(), s)
    }

    #[test]
    fn date_cascade_text_then_dateline_then_path_then_mtime() {
        let text = "Talks\n\nJanuary 7, 2026\n\nMOSCOW, March 16 - Russia said.\n";
        assert_eq!(
            date_of(text, "a/2025/05/01/x.txt"),
            ("2026-01-07".into(), DateSource::Text)
        );
        let yearless_in_dated_path = "Talks resume\n\nMOSCOW, March 15 - Russia said.\n";
        assert_eq!(
            date_of(yearless_in_dated_path, "a/2024/03/15/x.txt"),
            ("2024-03-15".into(), DateSource::Path)
        );
        let yearless = "Talks resume\n\nMOSCOW, March 16 - Russia said.\n";
        assert_eq!(
            date_of(yearless, "a/2024/x.txt"),
            ("2024-03-16".into(), DateSource::Text)
        );
        let plain = "Talks resume\n\nRussia said it was ready for talks with everyone.\n";
        assert_eq!(
            date_of(plain, "a/2024/03/15/x.txt"),
            ("2024-03-15".into(), DateSource::Path)
        );
        assert_eq!(
            date_of(plain, "a/x.txt"),
            ("2023-11-14".into(), DateSource::Mtime)
        );
    }

    #[test]
    fn yearless_dateline_takes_year_from_body_dates() {
        let text = "Talks resume\n\nMOSCOW, March 16 - The deal signed on March 1, 2025 holds.\n";
        assert_eq!(
            date_of(text, "a/x.txt"),
            ("2025-03-16".into(), DateSource::Text)
        );
    }

    #[test]
    fn sources_are_canonical() {
        let doc = normalize(
            formats::text::parse(
                "Pound falls\n\nLONDON, March 9 (Reuter) - The pound fell, Reuters said.\n",
            ),
            &file("n/a.txt"),
            0,
            SystemTime::UNIX_EPOCH,
        );
        assert_eq!(doc.source.as_deref(), Some("Reuters"));
        assert!(
            !doc.entities.orgs.contains(&"Reuters".to_string()),
            "{:?}",
            doc.entities.orgs
        );
    }
}

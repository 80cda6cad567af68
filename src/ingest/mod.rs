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
pub mod dispatch;
pub mod entities;
pub mod fold;
pub mod formats;
pub mod isolate;
pub mod language;
pub mod metadata;
pub mod sniff;
pub mod stream;
pub mod walk;

use std::path::PathBuf;
use std::time::SystemTime;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use rayon::prelude::*;

use crate::document::{DateSource, Document};
use formats::RawArticle;
pub use walk::SourceFile;

/// A file (or a record of one) that gave no document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub reason: String,
    /// Not an error: the file's extension is not one dossier reads (`.jpg`, `.xlsx`). A file
    /// with an article's extension that cannot be read as one is an error, not skipped.
    pub skipped: bool,
}

impl Failure {
    pub fn error(path: &std::path::Path, reason: impl Into<String>) -> Failure {
        Failure {
            path: path.to_path_buf(),
            reason: reason.into(),
            skipped: false,
        }
    }

    pub fn skipped(path: &std::path::Path, reason: impl Into<String>) -> Failure {
        Failure {
            path: path.to_path_buf(),
            reason: reason.into(),
            skipped: true,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What a file yields: its documents, and the records that could not be read (a malformed line
/// of a JSONL export costs that line, not the file).
#[derive(Debug, Default)]
pub struct Parsed {
    pub docs: Vec<Document>,
    pub problems: Vec<Failure>,
}

/// A parsed file, or why it gave nothing.
pub type ParseResult = Result<Parsed, Failure>;

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
    // The lookups and the automaton (built on first scan) both.
    let _ = entities::gazetteer::ENGLISH.find("Italy");
    let _ = formats::text::parse(
        "Warm up\n\nLONDON, March 1 (Reuters) - Prime Minister Jane Doe said.\n",
    );
}

/// Parse many files on all cores, keeping their order.
pub fn parse_files(files: &[SourceFile]) -> Vec<ParseResult> {
    files.par_iter().map(parse_file).collect()
}

/// Read a file's bytes and fingerprint them; a container too big to hold (see [`stream`]) is
/// only fingerprinted, and its bytes are `None`: parse it with [`stream::for_each_chunk`].
pub fn read_file(file: &SourceFile) -> Result<(Option<Vec<u8>>, Fingerprint), Failure> {
    if stream::is_streamed(file) {
        return Ok((None, stream::fingerprint(file)?));
    }
    let bytes = std::fs::read(&file.path).map_err(|e| Failure::error(&file.path, e.to_string()))?;
    let fingerprint = Fingerprint::of(&bytes, file.mtime_ns);
    Ok((Some(bytes), fingerprint))
}

/// Read, decode and normalize one file (a streamed container's documents all gathered).
pub fn parse_file(file: &SourceFile) -> ParseResult {
    match read_file(file)? {
        (Some(bytes), _) => parse_bytes(file, &bytes),
        (None, _) => {
            let mut parsed = Parsed::default();
            guarded(&file.path, || {
                stream::for_each_chunk(file, &mut |docs, problems| {
                    parsed.docs.extend(docs);
                    parsed.problems.extend(problems);
                })
                .map(|()| Parsed::default())
            })?;
            Ok(parsed)
        }
    }
}

/// Unwrap, sniff, decode and read the bytes of `file`, then normalize each article. A panic in
/// a reader (a bug in dossier or a crate it uses, on some input nobody foresaw) costs that file,
/// reported as an error naming it, not the run: the others are still read and indexed.
pub fn parse_bytes(file: &SourceFile, bytes: &[u8]) -> ParseResult {
    guarded(&file.path, || read_bytes(file, bytes))
}

/// `read`, with a panic turned into the file's failure.
pub(crate) fn guarded<T>(
    path: &std::path::Path,
    read: impl FnOnce() -> Result<T, Failure>,
) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|panic| Err(Failure::error(path, internal_error(panic))))
}

/// What a caught panic says, as a file's reason (also the worker process's, `isolate`).
pub(crate) fn internal_error(panic: Box<dyn std::any::Any + Send>) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("internal error while reading this file (please report it): {what}")
}

fn read_bytes(file: &SourceFile, bytes: &[u8]) -> ParseResult {
    let fail = |reason: String| Failure::error(&file.path, reason);
    let name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let Some(expected) = sniff::by_extension(&name) else {
        return Err(Failure::skipped(&file.path, "not a format dossier reads"));
    };
    let unwrapped;
    // A web archive's reader unwraps gzip itself, record by record, as it streams.
    let data: &[u8] = if sniff::is_gzip(bytes) && expected != sniff::Format::Warc {
        unwrapped = sniff::gunzip(bytes, sniff::MAX_DECOMPRESSED).map_err(fail)?;
        &unwrapped
    } else if name.to_ascii_lowercase().ends_with(".gz") && !sniff::is_gzip(bytes) {
        return Err(fail("named .gz but not gzip data".into()));
    } else {
        bytes
    };
    let records = dispatch::records_of(expected, data, 0).map_err(fail)?;
    let mtime =
        SystemTime::UNIX_EPOCH + std::time::Duration::from_nanos(file.mtime_ns.max(0) as u64);
    let mut parsed = Parsed::default();
    for (number, r) in records {
        match r {
            Ok(raw) => parsed.docs.push(normalize(raw, file, number, mtime)),
            Err(reason) => parsed.problems.push(fail(reason)),
        }
    }
    // A file of one article that failed, or of records none of which could be read, failed.
    if parsed.docs.is_empty() {
        return Err(match parsed.problems.len() {
            1 => parsed.problems.remove(0),
            0 => fail("no articles found".into()),
            n => fail(format!(
                "none of its {n} records could be read: {}",
                parsed.problems[0].reason
            )),
        });
    }
    Ok(parsed)
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
    if let Some(d) = &raw.dateline {
        hints.push(&d.place);
        hints.extend(d.region.as_deref());
    }
    // Countries an export's metadata names are stated, as a dateline's are; by their English
    // name, which is what the gazetteer reads (`UA`, `ukrainian` -> `Ukraine`).
    let declared: Vec<&str> = raw
        .countries
        .iter()
        .filter_map(|c| entities::gazetteer::country_code(c))
        .filter_map(entities::gazetteer::country_name)
        .collect();
    hints.extend(declared);
    let language = raw
        .language
        .as_deref()
        .and_then(language::declared)
        .or_else(|| language::detect(&raw.body));
    // The language says which endings and clitics its names take (`Украины`, `وروسيا`).
    // Names are read by whatlang's guess when it is unsure (see `language::guess`).
    let names_language = language.clone().or_else(|| language::guess(&raw.body));
    let mut entities = entities::extract(&title, &raw.body, &hints, names_language.as_deref());
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
        language,
        body: raw.body,
        entities,
        url: raw.url,
        summary: raw.summary,
        tags: raw.tags,
        fields: raw.fields,
        story: None,
    }
}

/// The publication date, first hit wins: a complete date in the header (or a dateline with a
/// year), the file's metadata, a date in the path, a capture date, a dateline's month and day
/// with a year from the path or the document's other dates, the file's mtime.
fn resolve_date(raw: &RawArticle, path: &str, mtime: SystemTime) -> (DateTime<Utc>, DateSource) {
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN));
    // A date the index cannot hold (a feed's year 3000, a JSON Unix time in the far future, a
    // dateline's year 0012) is a broken field, not a publication date: fall through to the path.
    let fits = |d: &DateTime<Utc>| crate::archive::schema::DATE_SECS.contains(&d.timestamp());
    if let Some(d) = raw.date.filter(fits) {
        return (d, DateSource::Text);
    }
    let dateline = raw
        .dateline
        .as_ref()
        .and_then(|d| d.month_day.map(|md| (md, d.year)));
    if let Some(((month, day), Some(year))) = dateline {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day)
            .map(midnight)
            .filter(fits)
        {
            return (d, DateSource::Text);
        }
    }
    // The file's own record of when it was made (a PDF's `CreationDate`) is the document's;
    // a path's date is the user's filing, after that; a crawler's capture time only says the
    // page is at least that old, so the path's date comes first.
    let file_date = raw.file_date.filter(|(d, _)| fits(d));
    if let Some((d, s @ DateSource::Metadata)) = file_date {
        return (d, s);
    }
    if let Some(d) = dates::path_date(path) {
        return (d, DateSource::Path);
    }
    if let Some((d, s)) = file_date {
        return (d, s);
    }
    if let Some(((month, day), None)) = dateline {
        let year = dates::path_year(path)
            .or_else(|| dates::find_dates(&raw.body).map(|d| d.date.year()).next());
        let d = year.and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
        if let Some(d) = d.map(midnight).filter(fits) {
            return (d, DateSource::Text);
        }
    }
    (DateTime::<Utc>::from(mtime), DateSource::Mtime)
}

/// The canonical name of an outlet (`Reuter` -> `Reuters`), as the gazetteer knows it.
fn canonical_source(source: &str) -> String {
    entities::gazetteer::org(source)
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
    fn a_panicking_reader_costs_its_file_not_the_run() {
        let r: ParseResult = guarded(std::path::Path::new("news/odd.html"), || {
            let v: Vec<u8> = Vec::new();
            let _ = v[3];
            unreachable!()
        });
        let e = r.unwrap_err();
        assert_eq!(e.path, PathBuf::from("news/odd.html"));
        assert!(
            e.reason.starts_with(
                "internal error while reading this file (please report it): index out of bounds"
            ),
            "{}",
            e.reason
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

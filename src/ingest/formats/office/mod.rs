//! DOCX, ODT and EPUB readers: the three zip-packaged document formats an analyst keeps beside web
//! pages. Each reader opens the zip through [`archive`] (which caps what a hostile file may make us
//! inflate), walks the format's XML with quick-xml's streaming reader (no DOM: the corpus' 225 KB
//! DOCX inflates to a 1.1 MB document.xml, a long book to many MB of XHTML), and returns the body
//! as paragraphs separated by blank lines plus the metadata the package states.
//!
//! Dates: DOCX and ODT carry a creation and a last-save date. We take the last save
//! (`dcterms:modified`, `dc:date`) and fall back to the creation date, because the creation date is
//! inherited from the template a document was started from: 3 of the 25 office files of the shared
//! corpus carry the same creation stamp (2017-10-20T23:40:51) though they were written in 2021,
//! and the only dated ODT there (a manifest whose text says "version 1 of 27.09.2021") has that
//! day as `dc:date`. EPUB gives `dc:date` only when it is a full day (a bare "1865" is no date),
//! preferring the publication event over a conversion stamp.

mod archive;
mod docx;
mod epub;
mod lists;
mod odt;
mod text;
mod xhtml;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lists;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

/// What a DOCX, ODT or EPUB file says: its metadata and its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficeDoc {
    /// The stated title, or the first Title/Heading paragraph when that is missing or a
    /// placeholder ("Document1", "Untitled").
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<DateTime<FixedOffset>>,
    /// As written (`en-US`, `he`).
    pub language: Option<String>,
    /// Paragraphs separated by "\n\n"; table rows are one paragraph each, cells joined by " | ";
    /// list items start with their marker ("1. ", "b) ", "- "), images are "[alt text]".
    pub body: String,
}

/// A Word 2007+ document (`word/document.xml` and `docProps/core.xml`).
pub fn read_docx(bytes: &[u8]) -> Result<OfficeDoc, String> {
    docx::read(bytes)
}

/// An OpenDocument text (`content.xml` and `meta.xml`).
pub fn read_odt(bytes: &[u8]) -> Result<OfficeDoc, String> {
    odt::read(bytes)
}

/// One document per book: the spine's chapters in reading order.
pub fn read_epub(bytes: &[u8]) -> Result<OfficeDoc, String> {
    epub::read(bytes)
}

/// A metadata date: W3CDTF with or without offset (`2020-04-22T06:35:00Z`, ODF's
/// `2017-10-20T23:40:51.940000000`), or a bare full day. A time without offset is taken as UTC:
/// the day, which is what dossier keeps, is as written either way. Partial dates are no date.
fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let utc = FixedOffset::east_opt(0)?;
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return n.and_local_timezone(utc).single();
        }
    }
    let day = s
        .get(..10)
        .filter(|_| s.len() == 10 || s.as_bytes()[10] == b'T')?;
    let n = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    n.and_hms_opt(0, 0, 0)?.and_local_timezone(utc).single()
}

/// A stated title worth keeping: trimmed, whitespace collapsed, not a word processor's
/// placeholder.
fn clean_title(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = t.to_lowercase();
    let placeholder = t.is_empty()
        || ["title", "untitled", "no title", "document", "unknown"].contains(&lower.as_str())
        || (lower.starts_with("document") && lower[8..].trim().parse::<u32>().is_ok())
        || lower.starts_with("microsoft word - ");
    (!placeholder).then_some(t)
}

/// A heading to stand in for the title: one line, and short enough to be a heading rather than a
/// paragraph styled as one (the corpus' real headings are 1-17 words; 30 leaves room).
fn heading_title(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty() && t.split(' ').count() <= 30).then_some(t)
}

//! The normalized document: what every input format is reduced to, what the archive stores, and
//! what `parse`, `show` and `search --format ndjson` print. Field names here are the JSON names
//! the evaluation scripts and users' scripts read, so renaming one is a breaking change.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a document's date came from, from most to least trustworthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A date written in the article's header lines or dateline.
    Text,
    /// A date in the file's path (`2026/01/07/` or `2026-01-07-title.txt`).
    Path,
    /// The file's modification time: a last resort, often the download day.
    Mtime,
    /// The file's own metadata (a PDF's `CreationDate`, a Word file's `dcterms:created`), when
    /// the text states no date: when the file was made, usually the day it was published.
    Metadata,
    /// When a crawler captured the page (a WARC record's `WARC-Date`), when the page states no
    /// date: the article is at least that old.
    Capture,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Text => "text",
            DateSource::Path => "path",
            DateSource::Mtime => "mtime",
            DateSource::Metadata => "metadata",
            DateSource::Capture => "capture",
        }
    }

    pub fn parse(s: &str) -> Option<DateSource> {
        match s {
            "text" => Some(DateSource::Text),
            "path" => Some(DateSource::Path),
            "mtime" => Some(DateSource::Mtime),
            "metadata" => Some(DateSource::Metadata),
            "capture" => Some(DateSource::Capture),
            _ => None,
        }
    }
}

/// Named things an article is about. Each list is ordered by salience (mentions, then name);
/// `mentions` counts how often each value was found in the title and clean body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entities {
    /// ISO 3166-1 alpha-2 codes of the countries the article is *about* (dateline, headline,
    /// lead, share of mentions; see `ingest::entities::salience`), most salient first. Every
    /// country it merely mentions is still counted in `mentions`, keyed by code.
    pub countries: Vec<String>,
    /// Canonical full names.
    pub people: Vec<String>,
    /// Canonical organisation names (news agencies cited in the text included).
    pub orgs: Vec<String>,
    /// Canonical city and region names.
    pub places: Vec<String>,
    /// Mention counts keyed by the value as it appears in the lists above.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mentions: BTreeMap<String, u32>,
}

/// One article, normalized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: a hash of the path inside the archive root (and the record number).
    pub id: String,
    /// The file the document came from.
    pub path: String,
    /// Position of the document inside a file that holds several (0 for single documents).
    pub record: u32,
    pub title: String,
    pub date: Option<DateTime<Utc>>,
    pub date_source: Option<DateSource>,
    /// The outlet or agency that published the article (`UNN`, `Reuters`), when known.
    pub source: Option<String>,
    pub authors: Vec<String>,
    /// ISO 639-1 code when known (`en`), else ISO 639-3.
    pub language: Option<String>,
    pub body: String,
    pub entities: Entities,
    /// The article's address, when the file records it (exports, feeds, saved pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A summary or standfirst the file keeps beside the body (searched, not in the body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Keywords, tags, section and category labels the file gives, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Other metadata of the file, by its own field names (an export's `edition`, `wordcount`):
    /// kept out of the body and the index, listed by `show`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// The story the document belongs to in an archive: the id of the story's earliest member
    /// (itself when it has no copy). Absent outside an archive (`parse`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
}

impl Document {
    /// The id of record `record` of the file at `key` (the path inside the archive root, with
    /// `/` separators). 16 hex digits of BLAKE3: 64 bits, so a million-document archive has a
    /// collision chance around 3e-8.
    pub fn make_id(key: &str, record: u32) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(key.as_bytes());
        hasher.update(b"#");
        hasher.update(record.to_string().as_bytes());
        hasher.finalize().to_hex()[..16].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinguish_records() {
        let a = Document::make_id("news/2026/a.txt", 0);
        assert_eq!(a, Document::make_id("news/2026/a.txt", 0));
        assert_eq!(a.len(), 16);
        assert_ne!(a, Document::make_id("news/2026/a.txt", 1));
        assert_ne!(a, Document::make_id("news/2026/b.txt", 0));
    }

    #[test]
    fn date_source_serializes_lowercase() {
        assert_eq!(
            serde_json::to_string(&DateSource::Mtime).unwrap(),
            "\"mtime\""
        );
        assert_eq!(DateSource::parse("path"), Some(DateSource::Path));
    }
}

//! Format readers. Each turns decoded text into [`RawArticle`]s: what the file itself says,
//! before dates are resolved against the path and entities are found (that is shared, in
//! `ingest::normalize`).

pub mod feed;
pub mod html;
pub mod html_clues;
pub mod html_fallback;
pub mod html_title;
pub mod json;
pub mod json_fields;
pub mod mail;
pub mod markup;
pub mod office;
pub mod pdf;
pub mod text;
pub mod warc;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::metadata::Dateline;
use crate::document::DateSource;

/// One article as a format reader found it. Serialisable: the readers of risky binary formats
/// run in a worker process (`ingest::isolate`) and send their articles back as JSON.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RawArticle {
    /// The headline, when the file has one.
    pub title: Option<String>,
    /// The clean body, paragraphs separated by blank lines.
    pub body: String,
    /// A complete date from the header lines (or the format's own metadata).
    pub date: Option<DateTime<Utc>>,
    /// A date the file records about itself rather than states (a PDF's `CreationDate`, a
    /// WARC capture time), with what it is: used when the text and path give none.
    pub file_date: Option<(DateTime<Utc>, DateSource)>,
    pub dateline: Option<Dateline>,
    /// The outlet or agency as written (`UNN`, `Reuters`).
    pub source: Option<String>,
    /// A place named beside the source (`Kyiv` in `Kyiv • UNN`).
    pub source_place: Option<String>,
    pub authors: Vec<String>,
    /// The article's address, when the file records it (exports, feeds, pages).
    pub url: Option<String>,
    /// The language the file declares (`de`, `en-GB`, `German`), as written; checked and
    /// normalised in `ingest::normalize`, which falls back to detection.
    pub language: Option<String>,
    /// Countries the file's metadata names (`"country": "UA"` of an export), as written: they
    /// are stated like a dateline's place.
    pub countries: Vec<String>,
    /// A summary or standfirst kept beside the body (an export's `description` next to its
    /// `text`), searched but not part of the body.
    pub summary: Option<String>,
    /// Keywords, tags, section and category labels, as written.
    pub tags: Vec<String>,
    /// Metadata the reader has no place for, by field name: out of the body, but kept so `show`
    /// lists it.
    pub fields: BTreeMap<String, String>,
}

/// One record of a multi-document file: an article, or why it is not one.
pub type Record = Result<RawArticle, String>;

//! The field table of JSON exports: which of a scraper's field names mean which part of an
//! article, and how their values are read. Tools name the same thing differently (news-please
//! `maintext`, newspaper `text`, schema.org `articleBody`, HuffPost's dataset `short_description`,
//! Media Cloud `publish_date`); the first alias present wins. Every field the table does not name
//! is kept as written in [`fields`], so nothing an export holds is silently lost.
//!
//! | part | aliases |
//! |---|---|
//! | title | `title`, `headline`, `name` |
//! | date | `date`, `published`, `pubDate`, `date_publish`, `datePublished`, `isoDate`, `publication_date`, `published_at`, `date_published`, `publish_date` |
//! | body | `body`, `text`, `content`, `maintext`, `articleBody`, `article`, `full_text`, `story` (a string or a list of paragraphs); else the first summary field |
//! | summary | `summary`, `description`, `short_description`, `abstract`, `standfirst`, `subtitle`, `dek` (beside a body) |
//! | authors | `authors`, `author`, `byline`, `creator`, `writer` (a string, a list, or objects with `name`) |
//! | url | `url`, `link`, `canonical_url`, `permalink` |
//! | source | `source`, `source_domain`, `site_name`, `publisher`, `outlet`, `newspaper` (a string or an object with `name`) |
//! | agency | `agency`, `credit`, `wire`, `provider`: the source when no source field is given, else kept in `fields` |
//! | dateline | `dateline`, `location`, `place`, `city`: read as a dateline (`MOSCOW, March 16 (Reuters)`) or a place |
//! | language | `lang`, `language`, `inLanguage`, `locale` (`de`, `en-GB`, `German`) |
//! | countries | `country`, `countries` (codes or names; a string or a list) |
//! | tags | `keywords`, `tags`, `section`, `category`, `categories`, `topics`, `subjects` (a list, or a string split at `,` and `;`) |
//!
//! Other fields with a string, number or boolean value (or a list of them) go to `fields`;
//! objects are not flattened. A kept value longer than [`MAX_FIELD_CHARS`] is cut there with a
//! note: a scraper's raw `html` field would otherwise double the archive's size.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::ingest::formats::markup;

pub const TITLE: &[&str] = &["title", "headline", "name"];
pub const DATE: &[&str] = &[
    "date",
    "published",
    "pubDate",
    "date_publish",
    "datePublished",
    "isoDate",
    "publication_date",
    "published_at",
    "date_published",
    "publish_date",
];
pub const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "maintext",
    "articleBody",
    "article",
    "full_text",
    "story",
];
pub const SUMMARY: &[&str] = &[
    "summary",
    "description",
    "short_description",
    "abstract",
    "standfirst",
    "subtitle",
    "dek",
];
pub const AUTHORS: &[&str] = &["authors", "author", "byline", "creator", "writer"];
pub const URL: &[&str] = &["url", "link", "canonical_url", "permalink"];
pub const SOURCE: &[&str] = &[
    "source",
    "source_domain",
    "site_name",
    "publisher",
    "outlet",
    "newspaper",
];
pub const AGENCY: &[&str] = &["agency", "credit", "wire", "provider"];
pub const DATELINE: &[&str] = &["dateline", "location", "place", "city"];
pub const LANGUAGE: &[&str] = &["lang", "language", "inLanguage", "locale"];
pub const COUNTRIES: &[&str] = &["country", "countries"];
pub const TAGS: &[&str] = &[
    "keywords",
    "tags",
    "section",
    "category",
    "categories",
    "topics",
    "subjects",
];

/// Longest value kept of a field the table does not read (characters).
pub const MAX_FIELD_CHARS: usize = 16_384;

/// The first alias present with a non-null value, and its name.
pub fn first<'a>(
    o: &'a Map<String, Value>,
    keys: &[&'static str],
) -> Option<(&'static str, &'a Value)> {
    keys.iter()
        .filter_map(|k| o.get(*k).map(|v| (*k, v)))
        .find(|(_, v)| !v.is_null())
}

/// The first alias with a non-empty string value, entities decoded.
pub fn string(o: &Map<String, Value>, keys: &[&'static str]) -> Option<(&'static str, String)> {
    keys.iter()
        .filter_map(|k| o.get(*k).and_then(Value::as_str).map(|s| (*k, s)))
        .map(|(k, s)| (k, markup::decode_entities(s.trim())))
        .find(|(_, s)| !s.is_empty())
}

/// The first alias with text: a string, or a list of strings (paragraphs, as some scrapers
/// write a body) joined by blank lines.
pub fn text(o: &Map<String, Value>, keys: &[&'static str]) -> Option<(&'static str, String)> {
    keys.iter().find_map(|k| {
        let joined = match o.get(*k)? {
            Value::String(s) => markup::decode_entities(s.trim()),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|p| markup::decode_entities(p.trim()))
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
            _ => return None,
        };
        (!joined.is_empty()).then_some((*k, joined))
    })
}

/// A string, or an object's `name`.
pub fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(markup::decode_entities(s.trim())).filter(|s| !s.is_empty()),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| markup::decode_entities(s.trim()))
            .filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Labels from a list of strings (or named objects) or one string of `,`/`;`-separated ones,
/// trimmed, without repeats, in order.
pub fn labels(v: &Value) -> Vec<String> {
    let raw: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other)
            .map(|s| s.split([',', ';']).map(str::to_string).collect())
            .unwrap_or_default(),
    };
    let mut out: Vec<String> = Vec::new();
    for l in raw {
        let l = l.trim().to_string();
        if !l.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&l)) {
            out.push(l);
        }
    }
    out
}

/// Labels from every alias present (`section` and `keywords` both count as tags).
pub fn all_labels(o: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in keys.iter().filter_map(|k| o.get(*k)) {
        for l in labels(v) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&l)) {
                out.push(l);
            }
        }
    }
    out
}

/// The record's fields the table does not read, and the aliases it read but did not use (a
/// `headline` beside the `title`), as text.
pub fn fields(o: &Map<String, Value>, used: &[&str]) -> BTreeMap<String, String> {
    o.iter()
        .filter(|(k, _)| !used.contains(&k.as_str()) && !is_list_field(k))
        .filter_map(|(k, v)| scalar_text(v).map(|t| (k.clone(), capped(t))))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// Fields whose every alias is read (tags, countries): nothing of them is left over.
fn is_list_field(k: &str) -> bool {
    TAGS.contains(&k) || COUNTRIES.contains(&k)
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter(|i| !matches!(i, Value::Array(_) | Value::Object(_)))
                .filter_map(scalar_text)
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Null | Value::Object(_) => None,
    }
}

fn capped(text: String) -> String {
    let n = text.chars().count();
    if n <= MAX_FIELD_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_FIELD_CHARS).collect();
    format!(
        "{cut} [... {} more characters not kept]",
        n - MAX_FIELD_CHARS
    )
}

//! JSON exports of scrapers: one object, an array of objects, or JSONL/NDJSON (one object per
//! line). Field names differ between tools (news-please, newspaper, Media Cloud, HuffPost's
//! dataset, ...); the alias table below maps them, first match wins:
//!
//! | field | aliases |
//! |---|---|
//! | title | `title`, `headline`, `name` |
//! | date | `date`, `published`, `pubDate`, `date_publish`, `datePublished`, `isoDate`, `publication_date`, `published_at`, `date_published` |
//! | body | `body`, `text`, `content`, `maintext`, `articleBody`, `article`, `description`, `short_description`, `summary` |
//! | authors | `authors`, `author`, `byline`, `creator` (a string, a list, or objects with `name`) |
//! | url | `url`, `link` |
//! | source | `source`, `source_domain`, `site_name`, `publisher`, `agency` (a string or an object with `name`) |
//!
//! A body that is HTML is reduced to text. A malformed line of a JSONL file is reported with its
//! number; the other lines are kept.

use serde_json::{Map, Value};

use super::{markup, text, RawArticle, Record};
use crate::ingest::dates;

const TITLE: &[&str] = &["title", "headline", "name"];
const DATE: &[&str] = &[
    "date",
    "published",
    "pubDate",
    "date_publish",
    "datePublished",
    "isoDate",
    "publication_date",
    "published_at",
    "date_published",
];
const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "maintext",
    "articleBody",
    "article",
    "description",
    "short_description",
    "summary",
];
const AUTHORS: &[&str] = &["authors", "author", "byline", "creator"];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &[
    "source",
    "source_domain",
    "site_name",
    "publisher",
    "agency",
];

/// A `.json` file: one object or an array of them.
pub fn parse_json(text: &str) -> Result<Vec<Record>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    match value {
        Value::Array(items) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| record(v).map_err(|e| format!("item {i}: {e}")))
            .collect()),
        v @ Value::Object(_) => Ok(vec![record(&v)]),
        _ => Err("invalid JSON: neither an object nor an array of objects".into()),
    }
}

/// A `.jsonl` file: one record per non-blank line.
pub fn parse_jsonl(text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            let v: Value = serde_json::from_str(line)
                .map_err(|e| format!("line {}: invalid JSON: {e}", n + 1))?;
            record(&v).map_err(|e| format!("line {}: {e}", n + 1))
        })
        .collect()
}

fn record(v: &Value) -> Record {
    let Value::Object(o) = v else {
        return Err("not a JSON object".into());
    };
    let title = string(o, TITLE);
    let body = string(o, BODY)
        .map(|b| {
            if markup::is_html(&b) {
                markup::to_text(&b)
            } else {
                b.trim().to_string()
            }
        })
        .unwrap_or_default();
    if title.is_none() && body.is_empty() {
        return Err("no title or text field".into());
    }
    let url = string(o, URL);
    let source = first(o, SOURCE)
        .and_then(name_of)
        .map(|s| s.strip_prefix("www.").map(str::to_string).unwrap_or(s))
        .or_else(|| url.as_deref().and_then(host));
    Ok(RawArticle {
        title: title.or_else(|| text::derive_title(&body)),
        date: first(o, DATE).and_then(date),
        authors: first(o, AUTHORS).map(authors).unwrap_or_default(),
        source,
        url,
        body,
        ..RawArticle::default()
    })
}

fn first<'a>(o: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().filter_map(|k| o.get(*k)).find(|v| !v.is_null())
}

fn string(o: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|k| o.get(*k).and_then(Value::as_str))
        .map(|s| markup::decode_entities(s.trim()))
        .find(|s| !s.is_empty())
}

/// A string, or an object's `name`.
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        _ => None,
    }
}

/// `"Jane Doe and John Roe"`, `["Jane Doe"]`, `[{"name": "Jane Doe"}]`.
fn authors(v: &Value) -> Vec<String> {
    let names: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other).into_iter().collect(),
    };
    names
        .iter()
        .flat_map(|n| {
            n.trim_start_matches("By ")
                .trim_start_matches("by ")
                .split(" and ")
        })
        .flat_map(|n| n.split(", "))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// A date string in any form the text reader knows, or a Unix time in seconds or milliseconds.
fn date(v: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    match v {
        Value::String(s) => dates::find_date(s).map(|d| d.date),
        Value::Number(n) => {
            let n = n.as_i64()?;
            let secs = if n > 100_000_000_000 { n / 1000 } else { n };
            chrono::DateTime::from_timestamp(secs, 0)
        }
        _ => None,
    }
}

/// `https://www.huffpost.com/entry/...` -> `huffpost.com`: the outlet when no field names it.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.')).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_fields() {
        let r = parse_json(r#"{"headline": "Talks in Rome", "datePublished": "2025-03-04T10:00:00+01:00",
            "articleBody": "<p>Italy hosted talks.</p><p>More.</p>", "author": [{"name": "Jane Doe"}],
            "publisher": {"name": "ANSA"}, "url": "https://www.ansa.it/x"}"#).unwrap();
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("Talks in Rome"));
        assert_eq!(a.date.unwrap().to_rfc3339(), "2025-03-04T09:00:00+00:00");
        assert_eq!(a.body, "Italy hosted talks.\n\nMore.");
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.source.as_deref(), Some("ANSA"));
    }

    #[test]
    fn jsonl_keeps_good_lines_and_reports_bad_ones() {
        let text = "{\"headline\": \"A\", \"short_description\": \"x\", \"date\": \"2022-09-23\", \"link\": \"https://www.huffpost.com/entry/a\", \"authors\": \"Carla Johnson, AP\"}\n{broken\n\n{\"title\": \"C\", \"text\": \"y\"}\n";
        let r = parse_jsonl(text);
        assert_eq!(r.len(), 3);
        let a = r[0].as_ref().unwrap();
        assert_eq!(
            (a.source.as_deref(), a.authors.clone()),
            (
                Some("huffpost.com"),
                vec!["Carla Johnson".to_string(), "AP".to_string()]
            )
        );
        assert!(r[1]
            .as_ref()
            .unwrap_err()
            .starts_with("line 2: invalid JSON"));
        assert_eq!(r[2].as_ref().unwrap().title.as_deref(), Some("C"));
    }

    #[test]
    fn domains_as_sources_lose_www() {
        let r = parse_json(r#"{"title": "A", "source_domain": "www.rt.com"}"#).unwrap();
        assert_eq!(r[0].as_ref().unwrap().source.as_deref(), Some("rt.com"));
    }

    #[test]
    fn arrays_and_bad_files() {
        assert_eq!(
            parse_json(r#"[{"title": "A"}, {"title": "B"}, 3]"#)
                .unwrap()
                .len(),
            3
        );
        assert!(parse_json("{not json")
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert!(parse_json("42").is_err());
        assert_eq!(
            parse_json(r#"{"id": 1}"#).unwrap()[0].as_ref().unwrap_err(),
            "no title or text field"
        );
    }
}

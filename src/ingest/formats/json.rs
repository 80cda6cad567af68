//! JSON exports of scrapers: one object, an array of objects, or JSONL/NDJSON (one object per
//! line). Field names differ between tools (news-please, newspaper, Media Cloud, HuffPost's
//! dataset, ...); `json_fields` holds the alias table (title, date, body, summary, authors, url,
//! source, agency, dateline, language, countries, tags) and keeps every other field.
//!
//! A body that is HTML is reduced to text. A dateline, in its own field or opening the body, is
//! read by the same reader as a text file's, so the place it states counts for the countries as
//! it does in a wire story. A malformed line of a JSONL file is reported with its number; the
//! other lines are kept.

use serde_json::Value;

use super::json_fields::{self as f, first, name_of, string};
use super::{markup, text, RawArticle, Record};
use crate::ingest::{dates, metadata};

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
    // The aliases read, so that the other fields can be kept as they are.
    let mut used: Vec<&str> = Vec::new();
    let mut text_of = |found: Option<(&'static str, String)>| {
        found.map(|(k, s)| {
            used.push(k);
            s
        })
    };
    let title = text_of(string(o, f::TITLE));
    let body = text_of(f::text(o, f::BODY));
    let summary = text_of(string(o, f::SUMMARY));
    let url = text_of(string(o, f::URL));
    // Without a body, the summary is all the text there is (HuffPost's `short_description`).
    let (body, summary) = match body {
        Some(b) => (Some(b), summary),
        None => (summary, None),
    };
    let body = body.map(|b| as_text(&b)).unwrap_or_default();
    let summary = summary
        .map(|s| as_text(&s))
        .filter(|s| !s.is_empty() && *s != body);
    if title.is_none() && body.is_empty() {
        return Err("no title or text field".into());
    }
    let mut value = |keys: &[&'static str]| {
        first(o, keys).map(|(k, v)| {
            used.push(k);
            v
        })
    };
    let source = value(f::SOURCE)
        .and_then(name_of)
        .map(|s| s.strip_prefix("www.").map(str::to_string).unwrap_or(s));
    // An agency names the source only when nothing else does; beside a source it stays a field.
    let agency = match source {
        None => value(f::AGENCY).and_then(name_of),
        Some(_) => None,
    };
    let date = value(f::DATE).and_then(date);
    let authors = value(f::AUTHORS).map(authors).unwrap_or_default();
    let language = value(f::LANGUAGE).and_then(name_of);
    // The field's dateline first; else the body's first paragraph, as in a text file.
    let dateline = value(f::DATELINE)
        .and_then(name_of)
        .and_then(|d| metadata::dateline_field(&d))
        .or_else(|| body.split("\n\n").next().and_then(metadata::dateline));
    let source = source
        .or(agency)
        .or_else(|| dateline.as_ref().and_then(|d| d.agency.clone()))
        .or_else(|| url.as_deref().and_then(host));
    Ok(RawArticle {
        title: title.or_else(|| text::derive_title(&body)),
        date,
        authors,
        source,
        url,
        language,
        dateline,
        countries: f::all_labels(o, f::COUNTRIES),
        tags: f::all_labels(o, f::TAGS),
        fields: f::fields(o, &used),
        summary,
        body,
        ..RawArticle::default()
    })
}

/// An export's text: HTML reduced to paragraphs, plain text trimmed.
fn as_text(s: &str) -> String {
    if markup::is_html(s) {
        markup::to_text(s)
    } else {
        s.trim().to_string()
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
    fn a_body_given_as_paragraphs_is_joined() {
        let r = parse_json(r#"{"title": "A", "text": ["First paragraph.", "", "Second one."]}"#)
            .unwrap();
        assert_eq!(
            r[0].as_ref().unwrap().body,
            "First paragraph.\n\nSecond one."
        );
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

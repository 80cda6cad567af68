//! `show` and `parse`: a whole document, as a reader looks it over (metadata, entities with
//! mention counts, the file's other fields, summary, body) or as one JSON line.

use std::io::Write;

use super::{seen, Style};
use crate::document::Document;
use crate::error::Result;
use crate::search::collapse::Member;

/// A whole document for `show`: metadata, entities with mention counts, the clean body.
/// `marked`: the body with a query's words highlighted (`show --query`).
/// `story`: the members of its story when it has copies, earliest first.
pub fn document_text(
    d: &Document,
    marked: Option<&crate::search::Snippet>,
    story: &[Member],
    style: Style,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(out, "{}", style.bold(&d.title))?;
    let field = |out: &mut dyn Write, k: &str, v: &str| writeln!(out, "{:<12}{}", style.dim(k), v);
    field(out, "id", &d.id)?;
    field(out, "path", &d.path)?;
    if d.record > 0 {
        field(out, "record", &d.record.to_string())?;
    }
    if let Some(date) = d.date {
        let from = d.date_source.map(|s| s.as_str()).unwrap_or("?");
        field(
            out,
            "date",
            &format!("{} (from {from})", date.format("%Y-%m-%d %H:%M UTC")),
        )?;
    }
    field(out, "source", d.source.as_deref().unwrap_or("-"))?;
    if !d.authors.is_empty() {
        field(out, "authors", &d.authors.join(", "))?;
    }
    let language = match d.language.as_deref() {
        Some(code) => match crate::ingest::language::name(code) {
            Some(name) => format!("{code} ({name})"),
            None => code.to_string(),
        },
        None => "-".to_string(),
    };
    field(out, "language", &language)?;
    if let Some(u) = &d.url {
        field(out, "url", u)?;
    }
    if !d.tags.is_empty() {
        field(out, "tags", &d.tags.join(", "))?;
    }
    let e = &d.entities;
    for (k, list) in [
        ("countries", &e.countries),
        ("people", &e.people),
        ("orgs", &e.orgs),
        ("places", &e.places),
    ] {
        if list.is_empty() {
            continue;
        }
        let shown: Vec<String> = list
            .iter()
            .map(|v| match e.mentions.get(v) {
                Some(n) => format!("{v} ({n})"),
                None => v.clone(),
            })
            .collect();
        field(out, k, &shown.join(", "))?;
    }
    // The file's other metadata under its own names, one per line: what an export held that
    // has no place in the document (`edition`, `wordcount`) is still there to read.
    if !d.fields.is_empty() {
        writeln!(out, "{}", style.dim("fields"))?;
        for (k, v) in &d.fields {
            writeln!(out, "  {:<10}{}", style.dim(k), one_line(v))?;
        }
    }
    if !story.is_empty() {
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "story       {} articles, earliest first",
                story.len()
            ))
        )?;
        for m in story {
            let date = m
                .date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| "----------".into());
            let this = if m.id == d.id { "  <- this one" } else { "" };
            writeln!(
                out,
                "  {:<9} {date}  {}  {}  {}{this}",
                m.role,
                m.source.as_deref().unwrap_or("-"),
                m.title,
                style.dim(&format!("id {}", m.id)),
            )?;
        }
    }
    if let Some(s) = &d.summary {
        writeln!(out)?;
        writeln!(out, "{}", style.dim(s))?;
    }
    writeln!(out)?;
    match marked {
        Some(m) => writeln!(out, "{}", seen(m, style))?,
        None => writeln!(out, "{}", d.body)?,
    }
    Ok(())
}

/// A document as one JSON line (`parse --format ndjson`).
pub fn document_ndjson(d: &Document, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer(&mut *out, d)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A metadata value on one line: newlines and tabs become spaces.
fn one_line(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

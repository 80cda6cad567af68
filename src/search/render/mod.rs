//! Rendering documents and hits for people (text, with optional colour) and for programs
//! (JSON, NDJSON). Everything is written to a `Write` the caller passes in; the library prints
//! nothing itself.
//!
//! JSON shapes are stable: a search result line is the document as `parse` prints it plus
//! `rank`, `score` and `snippet` (`{text, highlights: [[start, end], ...]}`, character offsets)
//! and `copies`, `copy_sources` (see `hits`).

mod document;
mod hits;

use std::io::Write;

use super::collapse::Member;
use super::facets::{Bucket, Counted, Facet, Period};
use super::story_counts::Counting;
use crate::document::Document;
use crate::error::Result;
use crate::ingest::entities::gazetteer;

pub use document::{document_ndjson, document_text};
use hits::csv_cell;
pub(crate) use hits::seen;
pub use hits::{copies_line, csv, json, ndjson, paths, search_json, text};

/// Version of the JSON output formats; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// Terminal styling: ANSI sequences, or nothing when output is not a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Columns to wrap the `search` layout and scale charts to: the terminal's width (or
    /// `COLUMNS`); `None` when output goes to a pipe or file, where lines stay whole.
    pub width: Option<usize>,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub(super) fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub(super) fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub(super) fn highlight(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
}

/// `top --format json`: `{version, field, count, total, values}`.
pub fn top_json(
    field: Facet,
    count: Counting,
    total: usize,
    values: &[Counted],
) -> serde_json::Value {
    serde_json::json!({"version": JSON_VERSION, "field": field, "count": count, "total": total, "values": values})
}

/// `timeline --format json`: `{version, by, count, periods}`.
pub fn timeline_json(by: Period, count: Counting, periods: &[Bucket]) -> serde_json::Value {
    serde_json::json!({"version": JSON_VERSION, "by": by, "count": count, "periods": periods})
}

/// `stats --format json`: the stats with `version`.
pub fn stats_json(s: &crate::search::stats::Stats) -> Result<serde_json::Value> {
    let mut page = serde_json::to_value(s)?;
    page["version"] = JSON_VERSION.into();
    Ok(page)
}

/// `show --format json`: the document as `parse` prints it, plus its story's members.
pub fn document_json(d: &Document, story: &[Member]) -> Result<serde_json::Value> {
    let mut page = serde_json::to_value(d)?;
    if !story.is_empty() {
        page["story_members"] = serde_json::to_value(story)?;
    }
    Ok(page)
}

/// `IT  Italy  312` rows: value (with the country's name for codes) and count.
pub fn top_text(field: Facet, counts: &[Counted], style: Style, out: &mut dyn Write) -> Result<()> {
    let width = counts
        .iter()
        .map(|c| label(field, &c.value).chars().count())
        .max()
        .unwrap_or(0);
    for c in counts {
        let l = label(field, &c.value);
        let pad = " ".repeat(width - l.chars().count());
        writeln!(out, "{}{pad}  {:>7}", style.bold(&l), c.count)?;
    }
    Ok(())
}

pub fn top_csv(field: Facet, counts: &[Counted], out: &mut dyn Write) -> Result<()> {
    writeln!(out, "value,name,count")?;
    for c in counts {
        let name = name(field, &c.value);
        writeln!(out, "{},{},{}", csv_cell(&c.value), csv_cell(name), c.count)?;
    }
    Ok(())
}

fn label(field: Facet, value: &str) -> String {
    match name(field, value) {
        "" => value.to_string(),
        name => format!("{value} {name}"),
    }
}

/// The readable name of a counted code: a country's (`IT` Italy), a language's (`de` German).
fn name(field: Facet, value: &str) -> &'static str {
    match field {
        Facet::Country => gazetteer::country_name(value),
        Facet::Language => crate::ingest::language::name(value),
        _ => None,
    }
    .unwrap_or("")
}

/// A bar per period, drawn with Unicode eighth blocks and scaled to the terminal's width
/// (80 columns when output is not a terminal).
pub fn timeline_text(buckets: &[Bucket], style: Style, out: &mut dyn Write) -> Result<()> {
    let columns = style.width.unwrap_or(80);
    let label = buckets.iter().map(|b| b.period.len()).max().unwrap_or(0);
    let shares = buckets.iter().any(|b| b.share.is_some());
    let value = |b: &Bucket| b.share.unwrap_or(b.count as f64);
    let max = buckets.iter().map(value).fold(0.0, f64::max);
    let room = columns.saturating_sub(label + 12).max(10);
    for b in buckets {
        let eighths = if max > 0.0 {
            (value(b) / max * (room * 8) as f64).round() as usize
        } else {
            0
        };
        let mut bar = "█".repeat(eighths / 8);
        if eighths % 8 > 0 {
            bar.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8 - 1]);
        }
        let figure = match b.share {
            Some(s) if shares => format!("{:>5.1}%", s * 100.0),
            _ => format!("{:>6}", b.count),
        };
        writeln!(out, "{:<label$} {figure} {}", b.period, style.dim(&bar))?;
    }
    Ok(())
}

/// The archive at a glance, for `dossier stats`.
pub fn stats_text(
    s: &crate::search::stats::Stats,
    style: Style,
    out: &mut dyn Write,
) -> Result<()> {
    let span = match (&s.first_date, &s.last_date) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "-".into(),
    };
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} documents from {} files, {span}",
            s.documents, s.files
        ))
    )?;
    let sources: Vec<String> = s
        .date_sources
        .iter()
        .map(|c| format!("{} {}", c.value, c.count))
        .collect();
    writeln!(
        out,
        "stories: {} ({} documents are copies of another: syndicated, updated or saved twice)",
        s.stories, s.copies
    )?;
    writeln!(out, "dates from: {}", sources.join(", "))?;
    writeln!(
        out,
        "size on disk: {:.1} MB; folders: {}",
        s.size_bytes as f64 / 1e6,
        s.roots.join(", ")
    )?;
    writeln!(out, "\n{}", style.bold("documents per year"))?;
    timeline_text(&s.per_year, style, out)?;
    if !s.languages.is_empty() {
        writeln!(out, "\n{}", style.bold("languages"))?;
        top_text(Facet::Language, &s.languages, style, out)?;
    }
    for (title, field, list) in [
        ("sources", Facet::Source, &s.top_sources),
        ("countries", Facet::Country, &s.top_countries),
        ("people", Facet::Person, &s.top_people),
        ("organisations", Facet::Org, &s.top_orgs),
    ] {
        writeln!(out, "\n{}", style.bold(&format!("top {title}")))?;
        top_text(field, list, style, out)?;
    }
    if !s.failures.is_empty() {
        writeln!(
            out,
            "\n{}",
            style.bold(&format!("failed at the last run ({})", s.failures.len()))
        )?;
        for f in &s.failures {
            writeln!(out, "{f}")?;
        }
    }
    Ok(())
}

/// `period,count` rows after a header (`period,count,share` with --normalize).
pub fn timeline_csv(buckets: &[Bucket], out: &mut dyn Write) -> Result<()> {
    let shares = buckets.iter().any(|b| b.share.is_some());
    writeln!(
        out,
        "{}",
        if shares {
            "period,count,share"
        } else {
            "period,count"
        }
    )?;
    for b in buckets {
        match b.share {
            Some(s) => writeln!(out, "{},{},{s:.6}", b.period, b.count)?,
            None => writeln!(out, "{},{}", b.period, b.count)?,
        }
    }
    Ok(())
}

//! Rendering documents and hits for people (text, with optional colour) and for programs
//! (JSON, NDJSON). Everything is written to a `Write` the caller passes in; the library prints
//! nothing itself.
//!
//! JSON shapes are stable: a search result line is the document as `parse` prints it plus
//! `rank`, `score` and `snippet` (`{text, highlights: [[start, end], ...]}`, character offsets).

mod document;

use std::io::Write;

use serde::Serialize;

use super::facets::{Bucket, Counted, Facet};
use super::{wrap, Hit, Results};
use crate::document::Document;
use crate::error::Result;
use crate::ingest::entities::gazetteer;

pub use document::{document_ndjson, document_text};

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
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn highlight(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
}

#[derive(Serialize)]
struct HitLine<'a> {
    rank: usize,
    score: f32,
    #[serde(flatten)]
    doc: &'a Document,
    snippet: &'a super::Snippet,
}

fn hit_line(h: &Hit) -> HitLine<'_> {
    HitLine {
        rank: h.rank,
        score: h.score,
        doc: &h.doc,
        snippet: &h.snippet,
    }
}

/// One JSON object per hit, one per line.
pub fn ndjson(results: &Results, out: &mut dyn Write) -> Result<()> {
    for h in &results.hits {
        serde_json::to_writer(&mut *out, &hit_line(h))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The paths of the hits, one per line (for `xargs`, editors, `grep -l`-like use).
pub fn paths(results: &Results, out: &mut dyn Write) -> Result<()> {
    for h in &results.hits {
        writeln!(out, "{}", h.doc.path)?;
    }
    Ok(())
}

/// A header line, then `rank,date,source,title,countries,path,id` per hit (RFC 4180 quoting;
/// countries space-separated).
pub fn csv(results: &Results, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "rank,date,source,title,countries,path,id")?;
    for h in &results.hits {
        let d = &h.doc;
        let row = [
            h.rank.to_string(),
            d.date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            d.source.clone().unwrap_or_default(),
            d.title.clone(),
            d.entities.countries.join(" "),
            d.path.clone(),
            d.id.clone(),
        ];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
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

/// One JSON object: `{version, total, hits: [...]}`.
pub fn json(results: &Results, query: &str, out: &mut dyn Write) -> Result<()> {
    #[derive(Serialize)]
    struct Page<'a> {
        version: u32,
        query: &'a str,
        total: usize,
        hits: Vec<HitLine<'a>>,
    }
    let page = Page {
        version: JSON_VERSION,
        query,
        total: results.total,
        hits: results.hits.iter().map(hit_line).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &page)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The readable list: rank, date, source and title (bold); countries, path and id (dim); one or
/// two snippet lines with the query's words highlighted. On a terminal (`Style::width`) every
/// part is wrapped to its width under a hanging indent; elsewhere each part is one line, which
/// suits `grep` and logs.
pub fn text(results: &Results, style: Style, out: &mut dyn Write) -> Result<()> {
    const INDENT: &str = "     ";
    for h in &results.hits {
        let d = &h.doc;
        let date = d
            .date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "----------".into());
        let source = d.source.as_deref().unwrap_or("-");
        let lead = format!("{:>3}. {date}  ", h.rank);
        let mut meta = Vec::new();
        if !d.entities.countries.is_empty() {
            meta.push(
                d.entities
                    .countries
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        meta.push(d.path.clone());
        meta.push(format!("id {}", d.id));
        let Some(width) = style.width else {
            writeln!(out, "{lead}{}  {}", style.dim(source), style.bold(&d.title))?;
            writeln!(out, "{INDENT}{}", style.dim(&meta.join("  ·  ")))?;
            if !h.snippet.text.is_empty() {
                let all = seen(&h.snippet, style);
                writeln!(out, "{INDENT}{all}")?;
            }
            writeln!(out)?;
            continue;
        };
        let rest = width.saturating_sub(INDENT.len());
        // The source is short and goes first, as in the unwrapped layout; the title wraps.
        let head = format!("{lead}{source}  ");
        let head_cols = head.chars().count();
        let title: Vec<char> = d.title.chars().collect();
        for (i, r) in wrap::hanging(&d.title, width.saturating_sub(head_cols), rest)
            .into_iter()
            .enumerate()
        {
            let part: String = title[r].iter().collect();
            if i == 0 {
                writeln!(out, "{lead}{}  {}", style.dim(source), style.bold(&part))?;
            } else {
                writeln!(out, "{INDENT}{}", style.bold(&part))?;
            }
        }
        for line in wrap::packed(&meta, "  ·  ", rest) {
            writeln!(out, "{INDENT}{}", style.dim(&line))?;
        }
        if !h.snippet.text.is_empty() {
            // Wrap what will be seen: without colour the brackets take columns too. One
            // column is kept for the `…` that marks a cut.
            let shown_snippet = visible(&h.snippet, style);
            let lines = wrap::lines(&shown_snippet.text, rest.saturating_sub(1));
            let first_hit = shown_snippet.highlights.first().map(|&(s, _)| s);
            let shown = wrap::window(&lines, first_hit, 2);
            let cut_before = shown.start > 0;
            let cut_after = shown.end < lines.len();
            let last = shown.end - 1;
            for (i, r) in lines.iter().enumerate().take(shown.end).skip(shown.start) {
                let mut line = highlighted(&shown_snippet, r.clone(), style);
                if i == shown.start && cut_before {
                    line.insert(0, '…');
                }
                if i == last && cut_after {
                    line.push('…');
                }
                writeln!(out, "{INDENT}{line}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The snippet as it will be seen: unchanged with colour; without, its highlighted words put
/// `[in brackets]` in the text (the highlight ranges then cover the bracketed words).
fn visible(s: &super::Snippet, style: Style) -> super::Snippet {
    if style.color {
        return s.clone();
    }
    let chars: Vec<char> = s.text.chars().collect();
    let mut text = String::new();
    let mut highlights = Vec::new();
    let (mut pos, mut added) = (0, 0);
    for &(start, end) in &s.highlights {
        if start < pos || end > chars.len() {
            continue;
        }
        text.extend(&chars[pos..start]);
        text.push('[');
        text.extend(&chars[start..end]);
        text.push(']');
        highlights.push((start + added, end + added + 2));
        added += 2;
        pos = end;
    }
    text.extend(&chars[pos..]);
    super::Snippet { text, highlights }
}

/// A whole snippet as it is seen: highlighted words in colour, or `[in brackets]`.
pub(super) fn seen(s: &super::Snippet, style: Style) -> String {
    highlighted(&visible(s, style), 0..usize::MAX, style)
}

/// The characters `range` of a `visible` snippet, its highlighted words in colour (without
/// colour `visible` has bracketed them already, and `Style` paints nothing).
fn highlighted(s: &super::Snippet, range: std::ops::Range<usize>, style: Style) -> String {
    let chars: Vec<char> = s.text.chars().collect();
    let range = range.start.min(chars.len())..range.end.min(chars.len());
    let mut out = String::new();
    let mut pos = range.start;
    for &(start, end) in &s.highlights {
        // Clip each highlight to this line: a word cut by a hard break stays marked on both.
        let (start, end) = (start.max(range.start), end.min(range.end));
        if start < pos || start >= end {
            continue;
        }
        out.extend(&chars[pos..start]);
        let term: String = chars[start..end].iter().collect();
        out.push_str(&style.highlight(&term));
        pos = end;
    }
    out.extend(&chars[pos..range.end]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Snippet;

    fn whole(s: &Snippet, color: bool) -> String {
        seen(s, Style { color, width: None })
    }

    #[test]
    fn highlights_are_marked_with_or_without_colour() {
        let s = Snippet {
            text: "Italian troops in Ukraine".into(),
            highlights: vec![(8, 14)],
        };
        assert_eq!(whole(&s, false), "Italian [troops] in Ukraine");
        assert_eq!(
            whole(&s, true),
            "Italian \x1b[1;31mtroops\x1b[0m in Ukraine"
        );
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("Rome"), "Rome");
        assert_eq!(
            csv_cell("Meloni: \"no troops\", Rome says"),
            "\"Meloni: \"\"no troops\"\", Rome says\""
        );
    }

    #[test]
    fn highlights_use_character_offsets() {
        let s = Snippet {
            text: "Italy’s troops".into(),
            highlights: vec![(8, 14)],
        };
        assert_eq!(whole(&s, false), "Italy’s [troops]");
    }
}

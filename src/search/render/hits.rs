//! Search hits rendered: the readable list (`+N copies` under a hit that stands for a story),
//! JSON, NDJSON, CSV and paths. The JSON hit is the document as `parse` prints it plus `rank`,
//! `score`, `snippet`, `copies` (how many other members its story has) and `copy_sources`.

use std::io::Write;

use serde::Serialize;

use super::{Style, JSON_VERSION};
use crate::document::Document;
use crate::error::Result;
use crate::search::{wrap, Hit, Results};

#[derive(Serialize)]
struct HitLine<'a> {
    rank: usize,
    score: f32,
    #[serde(flatten)]
    doc: &'a Document,
    snippet: &'a crate::search::Snippet,
    copies: usize,
    copy_sources: &'a [String],
}

fn hit_line(h: &Hit) -> HitLine<'_> {
    HitLine {
        rank: h.rank,
        score: h.score,
        doc: &h.doc,
        snippet: &h.snippet,
        copies: h.copies,
        copy_sources: &h.copy_sources,
    }
}

/// `+3 copies: Reuters, AP, +1 more`: how many other members the hit's story has, and where
/// they ran (two sources named, the rest counted). None for an article without copies.
pub fn copies_line(h: &Hit) -> Option<String> {
    const NAMED: usize = 2;
    let noun = if h.copies == 1 { "copy" } else { "copies" };
    let mut line = match h.copies {
        0 => return None,
        n => format!("+{n} {noun}"),
    };
    let named: Vec<&str> = h
        .copy_sources
        .iter()
        .map(String::as_str)
        .take(NAMED)
        .collect();
    if !named.is_empty() {
        line.push_str(": ");
        line.push_str(&named.join(", "));
        if h.copy_sources.len() > NAMED {
            line.push_str(&format!(", +{} more", h.copy_sources.len() - NAMED));
        }
    }
    Some(line)
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

/// A header line, then `rank,date,source,title,countries,path,id,story,copies` per hit (RFC 4180 quoting;
/// countries space-separated).
pub fn csv(results: &Results, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "rank,date,source,title,countries,path,id,story,copies")?;
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
            d.story.clone().unwrap_or_default(),
            h.copies.to_string(),
        ];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

pub(super) fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One JSON object: `{version, query, total, stories, [stories_estimated,] hits: [...]}`.
pub fn json(results: &Results, query: &str, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, &search_json(results, query)?)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The `search --format json` object.
pub fn search_json(results: &Results, query: &str) -> Result<serde_json::Value> {
    #[derive(Serialize)]
    struct Page<'a> {
        version: u32,
        query: &'a str,
        total: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        stories: Option<usize>,
        /// Present (true) when `stories` is an estimate (`--exact` counts them).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        stories_estimated: bool,
        hits: Vec<HitLine<'a>>,
    }
    let page = Page {
        version: JSON_VERSION,
        query,
        total: results.total,
        stories: results.stories,
        stories_estimated: results.stories_estimated,
        hits: results.hits.iter().map(hit_line).collect(),
    };
    Ok(serde_json::to_value(&page)?)
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
        if let Some(c) = copies_line(h) {
            meta.push(c);
        }
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
fn visible(s: &crate::search::Snippet, style: Style) -> crate::search::Snippet {
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
    crate::search::Snippet { text, highlights }
}

/// A whole snippet as it is seen: highlighted words in colour, or `[in brackets]`.
pub(crate) fn seen(s: &crate::search::Snippet, style: Style) -> String {
    highlighted(&visible(s, style), 0..usize::MAX, style)
}

/// The characters `range` of a `visible` snippet, its highlighted words in colour (without
/// colour `visible` has bracketed them already, and `Style` paints nothing).
fn highlighted(s: &crate::search::Snippet, range: std::ops::Range<usize>, style: Style) -> String {
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

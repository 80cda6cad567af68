//! Plain-text articles (`.txt`, `.md`, `.text`): pages saved as text, wire stories, notes.
//!
//! The shape is read from the top: header lines (a date line, maybe with a price ticker, the
//! headline, a `Place • Outlet` line, a byline, a view counter) until the first line that reads
//! as running text. The rest is the body, cleaned by `boilerplate`. A file that opens with its
//! lead paragraph has no headline (seed 000); the title is then derived from its first sentence.

use crate::ingest::{boilerplate, dates, metadata};

use super::RawArticle;

/// How many non-blank lines the header may span before the body must have started.
const MAX_HEADER_LINES: usize = 8;

/// A derived title longer than this is cut at a word boundary: headlines run 60-120 characters.
const DERIVED_TITLE_CHARS: usize = 120;

pub fn parse(text: &str) -> RawArticle {
    let text = text.replace('\u{a0}', " ");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut article = RawArticle::default();

    let mut seen = 0;
    let mut body_start = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        seen += 1;
        if seen > MAX_HEADER_LINES {
            body_start = i;
            break;
        }
        if metadata::view_counter(t) {
            continue;
        }
        if article.date.is_none() {
            if let Some(date) = date_line(t) {
                article.date = Some(date);
                continue;
            }
        }
        if article.source.is_none() {
            if let Some((place, outlet)) = metadata::place_and_outlet(t) {
                article.source_place = Some(place);
                article.source = Some(outlet);
                continue;
            }
        }
        if article.authors.is_empty() {
            if let Some(names) = metadata::byline(t) {
                article.authors = names;
                continue;
            }
        }
        if article.title.is_none() {
            if let Some(h) = t.strip_prefix('#') {
                article.title = Some(h.trim_start_matches('#').trim().to_string());
                continue;
            }
            if is_headline(t, lines.get(i + 1).copied()) {
                article.title = Some(t.to_string());
                continue;
            }
        }
        body_start = i;
        break;
    }

    let kept = boilerplate::clean(&lines[body_start..], article.title.as_deref());
    // Header-like lines can follow the headline after blank lines (a late byline); they were
    // taken above only while the header lasted, so the body is exactly what is left.
    let body = paragraphs(&kept);
    if body.ends_with("Reuter")
        || lines
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim() == "Reuter" || l.trim() == "REUTER")
    {
        article.source.get_or_insert_with(|| "Reuters".to_string());
    }
    if let Some(first) = body.split("\n\n").next() {
        article.dateline = metadata::dateline(first);
        if let Some(agency) = article.dateline.as_ref().and_then(|d| d.agency.clone()) {
            article.source.get_or_insert(agency);
        }
    }
    if article.title.is_none() {
        article.title = derive_title(&body);
    }
    article.body = body;
    article
}

/// A header line that is a date and little else: ` date 2026-01-07 $42.420.13`,
/// `Published: March 4, 2025`, `7-JAN-2026 15:01:01`.
fn date_line(line: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if line.len() > 120 {
        return None;
    }
    let found = dates::find_date(line)?;
    let rest = format!("{} {}", &line[..found.span.start], &line[found.span.end..]);
    let leftover = rest
        .split_whitespace()
        .filter(|w| !is_date_furniture(w))
        .count();
    (leftover <= 2).then_some(found.date)
}

fn is_date_furniture(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    w.is_empty()
        || w.starts_with('$')
        || word.starts_with('$')
        || w.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ':' || c == ',')
        || matches!(
            w.as_str(),
            "date"
                | "published"
                | "updated"
                | "posted"
                | "on"
                | "at"
                | "am"
                | "pm"
                | "utc"
                | "gmt"
                | "edt"
                | "est"
                | "cet"
                | "cest"
                | "bst"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "mon"
                | "tue"
                | "wed"
                | "thu"
                | "fri"
                | "sat"
                | "sun"
                | "last"
                | "modified"
                | "time"
        )
}

/// A headline is short, and does not end like a sentence; a short line ending in a full stop
/// still counts when a blank line follows it (some sites end headlines with one).
fn is_headline(line: &str, next: Option<&str>) -> bool {
    let words = line.split_whitespace().count();
    if line.len() > 250 || words > 30 {
        return false;
    }
    if line.ends_with([',', ';', ':']) || first_sentence(line).len() < line.len() {
        return false;
    }
    if line.ends_with('.') && !line.ends_with("...") {
        let next_blank = next.is_none_or(|n| n.trim().is_empty());
        return words <= 12 && !line.contains(", ") && next_blank;
    }
    true
}

fn paragraphs(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(t);
        blank = false;
    }
    out
}

/// The first sentence of the body without its full stop, shortened to a headline's length.
pub fn derive_title(body: &str) -> Option<String> {
    let first = body.split("\n\n").next()?.lines().next()?;
    let sentence = first_sentence(first).trim().trim_end_matches('.');
    if sentence.is_empty() {
        return None;
    }
    if sentence.chars().count() <= DERIVED_TITLE_CHARS {
        return Some(sentence.to_string());
    }
    let cut: String = sentence.chars().take(DERIVED_TITLE_CHARS).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |p| &cut[..p]);
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':'])))
}

/// Up to the first full stop that ends a sentence: not after an abbreviation (`Mr.`, `Feb.`,
/// `U.S.`), and followed by a space and a capital letter or a quote.
pub fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let after = &text[i + 1..];
        let next_starts = after.starts_with(' ')
            && after[1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || "\"“‘'".contains(n));
        if !(after.is_empty() || next_starts) {
            continue;
        }
        let word_start = text[..i].rfind(' ').map_or(0, |p| p + 1);
        let word = &text[word_start..i];
        let abbreviation = c == '.'
            && (word.len() <= 3 && word.chars().next().is_some_and(char::is_uppercase)
                || word.contains('.')
                || word.len() == 1);
        if !abbreviation {
            let end = i + c.len_utf8();
            return &text[..end.min(bytes.len())];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNN: &str = " date 2026-01-07 $42.420.13\nItaly will not send troops - Meloni\n\nKyiv • UNN\n\n • 30 views\n\nItalian Prime Minister Giorgia Meloni stated that troops are not foreseen.\n\nItaly will not send troops - Meloni\n\nThe deployment is not foreseen, reports UNN.\n\nDetails\n\nMore text here.\n";

    #[test]
    fn site_page_header_is_read_and_removed() {
        let a = parse(UNN);
        assert_eq!(
            a.title.as_deref(),
            Some("Italy will not send troops - Meloni")
        );
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2026-01-07");
        assert_eq!(a.source.as_deref(), Some("UNN"));
        assert_eq!(a.source_place.as_deref(), Some("Kyiv"));
        assert!(a.body.starts_with("Italian Prime Minister"));
        for noise in ["$42", "views", "Details", "send troops - Meloni"] {
            assert!(!a.body.contains(noise), "{noise} left in body: {}", a.body);
        }
    }

    #[test]
    fn file_without_headline_gets_title_from_first_sentence() {
        let a = parse("Antonio Tajani, Italy’s deputy prime minister, announced that Rome is about to sign an agreement with Ukraine, ANSA reported. He spoke on Thursday.\n\nMore.\n");
        let short =
            parse("Italy and Ukraine signed a security agreement in Kyiv. More followed.\n");
        assert_eq!(
            short.title.as_deref(),
            Some("Italy and Ukraine signed a security agreement in Kyiv")
        );
        assert_eq!(
            a.title.as_deref(),
            Some("Antonio Tajani, Italy’s deputy prime minister, announced that Rome is about to sign an agreement with Ukraine, ANSA…")
        );
        assert!(a.body.starts_with("Antonio Tajani"));
    }

    #[test]
    fn wire_story_with_dateline() {
        let a = parse("STERLING OUTLOOK CLOUDED\n24-MAR-1987 13:07:40\n\nLONDON, March 24 - The pound fell, analysts said.\n\nMore text.\nReuter\n");
        assert_eq!(a.title.as_deref(), Some("STERLING OUTLOOK CLOUDED"));
        assert_eq!(
            a.date.unwrap().format("%F %T").to_string(),
            "1987-03-24 13:07:40"
        );
        assert_eq!(a.dateline.as_ref().unwrap().place, "LONDON");
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert!(!a.body.contains("Reuter\n") && !a.body.ends_with("Reuter"));
    }

    #[test]
    fn markdown_heading_and_byline() {
        let a = parse("# Talks in Warsaw\n\n*By Jane Doe and John Roe*\n\nPublished: 2025-03-04\n\nWARSAW, March 4 - Ministers met.\n");
        assert_eq!(a.title.as_deref(), Some("Talks in Warsaw"));
        assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2025-03-04");
        assert_eq!(a.dateline.unwrap().month_day, Some((3, 4)));
    }

    #[test]
    fn first_sentence_skips_abbreviations() {
        assert_eq!(
            first_sentence("Mr. Tajani met U.S. officials on Feb. 16 in Rome. Then he left."),
            "Mr. Tajani met U.S. officials on Feb. 16 in Rome."
        );
    }
}

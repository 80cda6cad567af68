//! Saved web pages: the article's main text and its metadata, through trafilatura-rs.
//!
//! Chosen by measurement over the shared corpora (135 news pages with gold body, title, date and
//! authors; 506 pages with strings the text must and must not contain). Crate alone, fundus
//! body F1: trafilatura-rs 0.926 (0.938 with its fallbacks), rs-trafilatura 0.914, dom_smoothie
//! 0.915; trafilatura-rs also had the best dates and authors. Its weak points are worked around
//! here: titles keep the site's name (cut off in `html_title`, which also prefers the page's
//! JSON-LD headline or `<h1>` when it agrees), the date is the page's newest (the declared
//! publication time is preferred), `content_text` is one line (paragraphs are rebuilt from
//! `content_html`), `<br>` is dropped without a space (line breaks are made explicit first),
//! markup sometimes survives as text (stripped; a body that is still no article falls back in
//! `html_fallback`), and deep nesting overflows its stack (refused first).
//!
//! In this pipeline (2 cores, AMD EPYC virtual; halves by `scripts/halves.py`, tuned on A):
//! fundus title 0.844 (A 0.795, B 0.903; 0.800 before html_title), date 0.956, body F1 0.940,
//! authors 0.849; trafilatura pages title 0.737 (A 0.711, B 0.760; 0.706 before), with F1
//! 0.905 (0.907 before: their gold keeps soft hyphens, which bodies now drop so that
//! `eingeführt` is one word for search). No shared page needs the body fallback once markup is
//! stripped (2 had markup bodies before, 0 now); the fixtures in tests/fixtures/html/ do.

use std::sync::LazyLock;

use chrono::{DateTime, TimeZone, Utc};
use regex::Regex;

use super::{html_clues, html_fallback, html_title, json, markup, text, RawArticle, Record};
use crate::ingest::dates;

/// Deeper nesting than this is refused: trafilatura's recursion overflows the stack (killing
/// the process) around 100,000 levels and takes seconds at 20,000; real pages stay under 100.
const MAX_NESTING: usize = 5_000;

pub fn parse(html: &str) -> Record {
    let depth = nesting(html);
    if depth > MAX_NESTING {
        return Err(format!(
            "elements nested {depth} deep: refused as malformed"
        ));
    }
    let prepared = separate_line_breaks(html);
    let mut options = trafilatura::Options::default();
    // Compare with its readability and justext fallbacks: +1.2 points of body F1 on the fundus
    // pages and no glued paragraphs, for half the speed (91 pages/s on this machine).
    options.enable_fallback = true;
    let result = trafilatura::extract(&prepared, &options)
        .map_err(|e| format!("no article found in the page: {e}"))?;
    let m = &result.metadata;
    let mut body = markup::to_text(&result.content_html);
    // Markup left as text (a `<noscript>` pixel, an escaped link) is stripped first; the body
    // is replaced only when what is left is still no article, and only by a longer one.
    if html_fallback::has_markup(&body) {
        body = markup::to_text(&body);
    }
    let page = || html_fallback::page_chars(html);
    if let Some(why) = html_fallback::poor(&body, &result.content_html, page) {
        if let Some(better) = fallback(&prepared, html) {
            if why.worthless() || better.chars().count() > body.chars().count() {
                body = better;
            }
        }
    }
    let source = nonempty(&m.sitename)
        .or_else(|| nonempty(&m.hostname))
        .or_else(|| nonempty(&m.url).and_then(|u| json::host(&u)));
    let host = nonempty(&m.hostname)
        .or_else(|| nonempty(&m.url).and_then(|u| json::host(&u)))
        .unwrap_or_default();
    let clues = html_clues::Clues::read(head(html));
    let extracted = nonempty(&m.title).map(|t| markup::decode_entities(&t));
    let title = html_clues::headline(&clues, extracted.as_deref(), &m.sitename, &host)
        .or_else(|| text::derive_title(&body));
    // The extracted text usually opens with the <h1>: the title, not body text.
    if let (Some(t), Some((first, rest))) = (&title, body.split_once("\n\n")) {
        if html_title::normalise(first) == *t {
            body = rest.to_string();
        }
    }
    if title.is_none() && body.is_empty() {
        return Err("no article text found in the page".into());
    }
    Ok(RawArticle {
        title,
        date: published(html).or_else(|| {
            m.date
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| Utc.from_utc_datetime(&d))
        }),
        authors: authors(&m.author),
        source,
        url: nonempty(&m.url),
        body,
        ..RawArticle::default()
    })
}

/// A body for a page whose extraction was no article: trafilatura favouring recall, else the
/// page's densest block of paragraphs; None when neither reads as an article either.
fn fallback(prepared: &str, html: &str) -> Option<String> {
    let options = trafilatura::Options::default()
        .with_fallback(true)
        .with_focus(trafilatura::ExtractionFocus::FavorRecall);
    let page = || html_fallback::page_chars(html);
    if let Ok(r) = trafilatura::extract(prepared, &options) {
        let body = markup::to_text(&markup::to_text(&r.content_html));
        if html_fallback::poor(&body, &r.content_html, page).is_none() {
            return Some(body);
        }
    }
    html_fallback::densest_block(html).filter(|b| html_fallback::poor(b, "", page).is_none())
}

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:"datePublished"\s*:\s*|(?:article:published_time|pubdate|publish[_-]?date|dc\.date\.issued)"\s+content=)"([^"]{10,40})""#)
        .expect("published regex")
});

/// The publication time the page declares (JSON-LD `datePublished`, `article:published_time`):
/// trafilatura's date is the page's newest, often the last modification.
fn published(html: &str) -> Option<DateTime<Utc>> {
    PUBLISHED
        .captures_iter(head(html))
        .find_map(|c| dates::find_date(&c[1]).map(|d| d.date))
}

/// Metadata sits near the top; 200 KB bounds the scan on huge pages.
fn head(html: &str) -> &str {
    let mut end = html.len().min(200_000);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    &html[..end]
}

/// The deepest element nesting of a page, counted from its tags (void elements and
/// self-closing tags do not nest). An estimate: unclosed `<p>`s count as nesting too.
fn nesting(html: &str) -> usize {
    const VOID: &[&str] = &[
        "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "param",
        "source", "track", "wbr", "p", "li", "option", "td", "tr", "th",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let (closing, name) = markup::tag_name(rest);
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|e| rest[..e].ends_with('/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

fn nonempty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `Jane Doe; John Roe` (trafilatura's joiner), `Jane Doe and John Roe`.
fn authors(joined: &str) -> Vec<String> {
    joined
        .split(';')
        .flat_map(|a| a.split(" and "))
        .map(|a| a.trim().trim_start_matches("By ").trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// A newline before every `<br>`, so the text on both sides stays apart after extraction.
fn separate_line_breaks(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let mut last = 0;
    let mut from = 0;
    while let Some(p) = html[from..].find('<') {
        let at = from + p;
        let is_br = bytes.len() > at + 3
            && bytes[at + 1].eq_ignore_ascii_case(&b'b')
            && bytes[at + 2].eq_ignore_ascii_case(&b'r')
            && matches!(bytes[at + 3], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r');
        if is_br {
            out.push_str(&html[last..at]);
            out.push('\n');
            last = at;
        }
        from = at + 1;
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_headline_and_publication_time_win() {
        let page = r#"<html><head><title>Talks end in Geneva | Alpine Post</title>
            <meta property="og:title" content="Talks end in Geneva">
            <meta property="article:published_time" content="2025-03-01T22:30:00-05:00">
            <meta property="article:modified_time" content="2025-03-09T10:00:00Z"></head>
            <body><article><p>Delegations left Geneva on Saturday after three days of talks on the exchange of prisoners, mediators said.</p>
            <p>Another round is planned for April, according to the Swiss foreign ministry.</p></article></body></html>"#;
        let a = parse(page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Talks end in Geneva"));
        assert_eq!(a.date.unwrap().to_rfc3339(), "2025-03-02T03:30:00+00:00");
    }

    #[test]
    fn pathological_nesting_is_refused_not_a_crash() {
        let page = format!(
            "<html><body>{}text{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        assert!(parse(&page).unwrap_err().contains("nested 20002 deep"));
        assert_eq!(
            nesting("<html><body><div><p>a<p>b<br><img src=x/></div></body></html>"),
            3
        );
    }

    #[test]
    fn line_breaks_are_made_explicit() {
        assert_eq!(
            separate_line_breaks("said.<br>The<BR/>end<br />x<b>y</b>"),
            "said.\n<br>The\n<BR/>end\n<br />x<b>y</b>"
        );
    }
}

//! When the article extractor returns no article: a body that is markup as text (a
//! `<noscript>` iframe tag), far too short for the page, mostly link text, or a cookie notice.
//! Such a body is detected here and replaced by the page's densest block of paragraphs, found
//! as readability does: every paragraph's text counts for the element holding it (half for
//! the one above), outside navigation, headers, footers, forms and consent or newsletter boxes.
//!
//! The thresholds below were set on half A of the shared HTML sets (`scripts/halves.py`) and
//! checked on half B; see the header of `html.rs` for the figures.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};

use super::markup;

/// Why an extracted body is no article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poor {
    Empty,
    Markup,
    ConsentNotice,
    TooShortForThePage,
    MostlyLinks,
}

impl Poor {
    /// No article at all: any usable body replaces it. A body that is merely short or
    /// link-heavy only gives way to a longer one.
    pub fn worthless(self) -> bool {
        matches!(self, Poor::Empty | Poor::Markup | Poor::ConsentNotice)
    }
}

/// Why an extracted body is no article, if it is not one.
pub fn poor(body: &str, content_html: &str, page_chars: impl Fn() -> usize) -> Option<Poor> {
    let chars = body.chars().count();
    if chars == 0 {
        return Some(Poor::Empty);
    }
    if has_markup(body) {
        return Some(Poor::Markup);
    }
    if chars < 1_000 && CONSENT.is_match(body) {
        return Some(Poor::ConsentNotice);
    }
    if chars < 400 && page_chars() > 20 * chars {
        return Some(Poor::TooShortForThePage);
    }
    let linked = link_chars(content_html);
    if chars >= 1 && linked * 10 > chars * 6 {
        return Some(Poor::MostlyLinks);
    }
    None
}

/// Whether a text holds markup as text: a tag that text never holds.
pub fn has_markup(text: &str) -> bool {
    MARKUP.is_match(text)
}

/// A tag that text never holds.
static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<\s*(?:iframe|img|div|span|script|a\s+href|/\s*(?:div|span|p|a|iframe)\s*>)|&lt;\s*(?:iframe|img|div)")
        .expect("markup regex")
});

/// Consent and cookie notices, in the languages of the shared pages.
static CONSENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcookies?\b|consent|datenschutz|einwilligung|zustimm|privacy (?:policy|settings)|gdpr|rgpd|accept all|alle akzeptieren|tout accepter|aceptar todo|javascript (?:is )?(?:disabled|required)|enable javascript|javascript aktivieren")
        .expect("consent regex")
});

static ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<a\b[^>]*>(.*?)</a>").expect("anchor regex"));

/// Characters of text inside links of an HTML fragment.
fn link_chars(html: &str) -> usize {
    ANCHOR
        .captures_iter(html)
        .map(|c| markup::to_text(&c[1]).chars().count())
        .sum()
}

/// Characters of the page's visible text: everything `to_text` keeps of the `<body>`.
pub fn page_chars(html: &str) -> usize {
    let start = html
        .as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"))
        .unwrap_or(0);
    markup::to_text(&html[start..]).chars().count()
}

/// Elements that hold no article text, by tag or by class/id.
const SKIPPED_TAGS: &[&str] = &[
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "figcaption",
];
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)cookie|consent|gdpr|privacy|banner|modal|popup|newsletter|subscribe|paywall|comment|related|share|social|promo|advert|sidebar|footer|menu")
        .expect("boilerplate regex")
});

/// Paragraph-like elements: their text is one paragraph of the result.
const PARAGRAPHS: &[&str] = &["p", "pre", "blockquote", "h2", "h3", "li"];

/// The page's densest block of paragraphs as text, or None when no block has 200 characters.
pub fn densest_block(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let mut paragraphs: Vec<(ElementRef, String)> = Vec::new();
    collect(doc.root_element(), &mut paragraphs);
    // Scores by element id: a paragraph's length for its parent, half for the grandparent.
    let mut scores = Vec::new();
    let mut add = |id, n: usize| match scores.iter_mut().find(|(i, _)| *i == id) {
        Some((_, s)) => *s += n,
        None => scores.push((id, n)),
    };
    for (p, text) in &paragraphs {
        let n = text.chars().count();
        if n < 25 {
            continue;
        }
        let Some(parent) = p.parent() else { continue };
        add(parent.id(), n);
        if let Some(grand) = parent.parent() {
            add(grand.id(), n / 2);
        }
    }
    let (best, score) = scores.into_iter().max_by_key(|(_, s)| *s)?;
    if score < 200 {
        return None;
    }
    let text: Vec<String> = paragraphs
        .into_iter()
        .filter(|(p, _)| p.ancestors().any(|a| a.id() == best))
        .map(|(_, t)| t)
        .collect();
    Some(text.join("\n\n"))
}

/// The paragraphs under `el` in document order, outside skipped elements, with little link text.
fn collect<'a>(el: ElementRef<'a>, out: &mut Vec<(ElementRef<'a>, String)>) {
    let name = el.value().name();
    if SKIPPED_TAGS.contains(&name) {
        return;
    }
    let marks = format!(
        "{} {}",
        el.value().attr("class").unwrap_or(""),
        el.value().attr("id").unwrap_or("")
    );
    if name != "body" && name != "html" && BOILERPLATE.is_match(&marks) {
        return;
    }
    if PARAGRAPHS.contains(&name) {
        let text = el.text().collect::<Vec<_>>().join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let linked: usize = el
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "a")
            .map(|a| a.text().map(|t| t.chars().count()).sum::<usize>())
            .sum();
        if !text.is_empty() && linked * 2 < text.chars().count() {
            out.push((el, text));
        }
        return;
    }
    // A `<div>` holding only text and inline elements is a paragraph too (pages without `<p>`).
    if name == "div" && el.child_elements().all(|c| !is_block(c)) {
        let text = el.text().collect::<Vec<_>>().join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() >= 25 {
            out.push((el, text));
        }
        return;
    }
    for child in el.child_elements() {
        collect(child, out);
    }
}

fn is_block(el: ElementRef) -> bool {
    const BLOCKS: &[&str] = &[
        "div",
        "p",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "form",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "pre",
        "figure",
        "main",
    ];
    BLOCKS.contains(&el.value().name())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = r#"<html><body>
        <nav><p><a href="/">Home</a> <a href="/world">World news and analysis from our desks</a></p></nav>
        <div id="cookie-banner"><p>We use cookies to measure traffic and to remember your privacy settings on this site.</p></div>
        <div class="story"><div class="txt">Dock workers returned to work on Thursday after their union accepted a wage offer.</div>
        <div class="txt">The agreement raises pay by 6 percent this year and adds a night-shift allowance, the ministry said.</div>
        <div class="txt">Shipping companies said it would take two weeks to clear the backlog of vessels at anchor.</div></div>
        <footer><p>Copyright Coastline Courier, all rights reserved, every day of the year.</p></footer></body></html>"#;

    #[test]
    fn markup_notices_short_and_linked_bodies_are_poor() {
        let page = || 5_000;
        let iframe = r#"<iframe src="https://tags.example.com/ns.html?id=GTM-1" height="0" width="0"></iframe>"#;
        assert_eq!(poor(iframe, "", page), Some(Poor::Markup));
        assert_eq!(poor("", "", page), Some(Poor::Empty));
        assert_eq!(
            poor(
                "We use cookies. Accept all or change your privacy settings.",
                "",
                page
            ),
            Some(Poor::ConsentNotice)
        );
        assert_eq!(
            poor("Read more in our archive.", "", page),
            Some(Poor::TooShortForThePage)
        );
        let links = "<p><a href=/a>Ministers meet in Rome on the budget</a> <a href=/b>Floods close the northern railway line</a></p>";
        assert_eq!(
            poor(&markup::to_text(links), links, || 100),
            Some(Poor::MostlyLinks)
        );
        let fine = "Dock workers returned to work on Thursday after their union accepted a wage offer that ends a nine-day strike at both ports.";
        assert_eq!(poor(fine, fine, || 1_000), None);
    }

    #[test]
    fn densest_block_is_the_article_not_the_banner_or_the_menus() {
        let text = densest_block(ARTICLE).unwrap();
        assert!(text.starts_with("Dock workers returned"), "{text}");
        assert!(text.ends_with("vessels at anchor."), "{text}");
        assert!(
            !text.contains("cookies") && !text.contains("Copyright"),
            "{text}"
        );
        assert_eq!(text.matches("\n\n").count(), 2);
        assert!(page_chars(ARTICLE) > text.chars().count());
        assert_eq!(
            densest_block("<html><body><p>Short.</p></body></html>"),
            None
        );
    }
}

//! The clues a page gives about its headline and its site (`<title>`, og:title, JSON-LD
//! `headline`, the first `<h1>`, og:site_name, application-name, front-page links), read with
//! regexes from its head part (no second DOM parse: this runs on every page), and the choice of
//! the headline from them. The cutting and comparing is in `html_title`.

use std::sync::LazyLock;

use regex::Regex;

use super::html_title::{agrees, normalise, site_words, without_site};

/// What a page says about its headline and its site, read from its markup.
#[derive(Debug, Default)]
pub struct Clues {
    pub title_tag: Option<String>,
    pub og_title: Option<String>,
    pub ld_headline: Option<String>,
    pub h1: Option<String>,
    /// og:site_name, application-name, twitter:site, front-page links' text.
    pub site_names: Vec<String>,
}

static META: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<meta\b[^>]*>").expect("meta"));
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)\b(property|name|content)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("attr")
});
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title\b[^>]*>(.*?)</title>").expect("title"));
static H1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<h1\b[^>]*>(.*?)</h1>").expect("h1"));
/// A link to the site's front page (`<a href="/">Outlet</a>`): its text names the site. Only
/// the relative `/`: absolute links often go to sister sites (`Trauer und Danksagung`).
static HOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<a\b[^>]*\bhref\s*=\s*["']/["'][^>]*>(.*?)</a>"#).expect("home link")
});
static LD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(headline|alternativeHeadline)"\s*:\s*"((?:[^"\\]|\\.){3,400})""#).expect("ld")
});

impl Clues {
    pub fn read(html: &str) -> Clues {
        let mut c = Clues::default();
        let text = |s: &str| -> Option<String> {
            let t = normalise(&super::markup::to_text(s));
            (!t.is_empty()).then_some(t)
        };
        for m in META.find_iter(html) {
            let (mut key, mut content) = (String::new(), None);
            for a in ATTR.captures_iter(m.as_str()) {
                let v = a.get(2).or(a.get(3)).map_or("", |v| v.as_str());
                if a[1].eq_ignore_ascii_case("content") {
                    content = Some(v.to_string());
                } else {
                    key = v.to_ascii_lowercase();
                }
            }
            let Some(value) = content.and_then(|v| text(&v)) else {
                continue;
            };
            match key.as_str() {
                "og:title" | "twitter:title" if c.og_title.is_none() => c.og_title = Some(value),
                "og:site_name" | "application-name" | "twitter:site" | "publisher" => {
                    c.site_names.push(value.trim_start_matches('@').to_string())
                }
                _ => {}
            }
        }
        // The first few front-page links with a short text (a logo's is often empty).
        let homes = HOME.captures_iter(html).filter_map(|h| text(&h[1]));
        c.site_names
            .extend(homes.filter(|t| t.split_whitespace().count() <= 4).take(3));
        c.title_tag = TITLE.captures(html).and_then(|t| text(&t[1]));
        c.h1 = H1.captures(html).and_then(|t| text(&t[1]));
        c.ld_headline = LD
            .captures_iter(html)
            .find(|l| &l[1] == "headline")
            .and_then(|l| {
                let raw = &l[2];
                serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
            })
            .and_then(|t| text(&t));
        c
    }
}

/// The page's headline. The title (trafilatura's, which is og:title when there is one, else the
/// `<title>`) without the site's name; then the page's own headline when it agrees with that:
/// JSON-LD `headline`, then the `<h1>`, which carry no site name and no section suffix.
pub fn headline(c: &Clues, extracted: Option<&str>, sitename: &str, host: &str) -> Option<String> {
    let mut names: Vec<&str> = c.site_names.iter().map(String::as_str).collect();
    names.push(sitename);
    let site = site_words(&names, host);
    let base = extracted
        .map(normalise)
        .filter(|t| !t.is_empty())
        .or_else(|| c.og_title.clone())
        .or_else(|| c.title_tag.clone())?;
    let cleaned = without_site(&base, &site);
    // Their own site suffix goes too: some pages copy the `<title>` into JSON-LD.
    for own in [&c.ld_headline, &c.h1].into_iter().flatten() {
        let own = without_site(own, &site);
        if agrees(&own, &cleaned) {
            return Some(own);
        }
    }
    Some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_headline_without_its_suffix_wins_when_it_agrees() {
        let page = r#"<html><head><title>Fähre nach Sylt fällt aus-Inseln | Nordbote</title>
            <meta content="Nordbote" property="og:site_name">
            <script type="application/ld+json">{"headline": "F\u00e4hre nach Sylt f\u00e4llt aus"}</script>
            </head><body><h1>Fähre nach <b>Sylt</b> fällt aus</h1></body></html>"#;
        let c = Clues::read(page);
        assert_eq!(c.site_names, ["Nordbote"]);
        assert_eq!(c.h1.as_deref(), Some("Fähre nach Sylt fällt aus"));
        assert_eq!(
            headline(&c, None, "", "nordbote.de").as_deref(),
            Some("Fähre nach Sylt fällt aus")
        );
        // JSON-LD that copies the `<title>`, suffix and all: the suffix goes there too.
        let copied = r#"<title>Hat Quantumscape genug Akkus gebaut? - Golem.de</title>
            <meta name="application-name" content="Golem.de">
            <script>{"headline":"Hat Quantumscape genug Akkus gebaut? - Golem.de"}</script>"#;
        let c = Clues::read(copied);
        assert_eq!(
            headline(&c, None, "", "").as_deref(),
            Some("Hat Quantumscape genug Akkus gebaut?")
        );
    }
}

//! RSS 0.9x/1.0/2.0, Atom and JSON Feed files, through feed-rs: one article per entry. Entry
//! HTML is reduced to text; the feed's title stands in for the source when an entry names none.
//! An entry's categories are its tags, its summary beside full content its summary, and the
//! feed's declared language its language (checked in `normalize`).
//! feed-rs reads the XML declaration's encoding itself, so it gets the raw bytes.

use super::{json, markup, text, RawArticle, Record};

/// Every entry of a feed, or why the file is not one.
pub fn parse(bytes: &[u8]) -> Result<Vec<Record>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a valid feed: {e}"))?;
    let feed_title = feed
        .title
        .as_ref()
        .map(|t| clean(&t.content))
        .filter(|t| !t.is_empty());
    let feed_host = feed.links.first().and_then(|l| json::host(&l.href));
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let html = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
            let body = clean(&html);
            let title = e
                .title
                .as_ref()
                .map(|t| clean(&t.content))
                .filter(|t| !t.is_empty());
            if title.is_none() && body.is_empty() {
                return Err(format!("entry {}: no title or text", e.id));
            }
            let url = e.links.first().map(|l| l.href.clone());
            // Beside full content, the entry's summary is its standfirst; alone, it was the body.
            let summary = e
                .content
                .as_ref()
                .and_then(|c| c.body.as_ref())
                .and(e.summary.as_ref())
                .map(|s| clean(&s.content))
                .filter(|s| !s.is_empty() && *s != body);
            let tags = e
                .categories
                .iter()
                .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
                .map(|t| clean(&t))
                .filter(|t| !t.is_empty())
                .collect();
            Ok(RawArticle {
                title: title.or_else(|| text::derive_title(&body)),
                date: e.published.or(e.updated),
                authors: e
                    .authors
                    .iter()
                    .filter_map(|p| p.name.clone())
                    .map(|n| clean(&n))
                    .collect(),
                source: feed_title.clone().or_else(|| feed_host.clone()),
                url,
                summary,
                tags,
                language: feed.language.clone(),
                body,
                ..RawArticle::default()
            })
        })
        .collect())
}

fn clean(s: &str) -> String {
    if markup::is_html(s) {
        markup::to_text(s)
    } else {
        markup::decode_entities(s.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_entries_become_articles() {
        let rss = br#"<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Caf\xE9 Diplomacy</title><link>https://example.org/</link>
<item><title>Rome and Kyiv sign deal</title><link>https://example.org/a</link>
<pubDate>Wed, 07 Jan 2026 10:15:00 +0000</pubDate>
<description>&lt;p&gt;Italy and Ukraine signed.&lt;/p&gt;&lt;p&gt;More.&lt;/p&gt;</description></item>
<item><description>Only text here. Second sentence.</description></item>
</channel></rss>"#;
        // The feed is Latin-1, as its declaration says: é is the single byte 0xE9.
        let rss: Vec<u8> = String::from_utf8_lossy(rss)
            .replace("\\xE9", "\u{1}")
            .bytes()
            .map(|b| if b == 1 { 0xE9 } else { b })
            .collect();
        let r = parse(&rss).unwrap();
        assert_eq!(r.len(), 2);
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("Rome and Kyiv sign deal"));
        assert_eq!(a.body, "Italy and Ukraine signed.\n\nMore.");
        assert_eq!(a.source.as_deref(), Some("Café Diplomacy"));
        assert_eq!(a.date.unwrap().to_rfc3339(), "2026-01-07T10:15:00+00:00");
        assert_eq!(
            r[1].as_ref().unwrap().title.as_deref(),
            Some("Only text here")
        );
    }

    #[test]
    fn an_html_error_page_is_not_a_feed() {
        assert!(
            parse(b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")
                .unwrap_err()
                .starts_with("not a valid feed")
        );
    }
}

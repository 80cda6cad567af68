//! MHTML web archives (.mhtml/.mht: Chrome's "Save page as... single file", Word's "Web
//! archive", Firefox add-ons): a MIME multipart/related message whose main part is the page.
//! We return that page decoded to UTF-8 for the HTML extractor, plus the saved URL and the
//! saving date. Parsing goes through mail-parser like e-mail (same charset tables: the corpus
//! has a GBK page saved by Word).

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, FixedOffset};
use mail_parser::{MessageParser, MessagePart, MimeHeaders, PartType};

use super::{looks_like_headers, message_date, part_text, MAX_MESSAGE_BYTES};

#[derive(Debug, Clone, PartialEq)]
pub struct Mhtml {
    /// The main text/html part, decoded to UTF-8.
    pub html: String,
    /// Snapshot-Content-Location (Chrome), else the page part's or the root's
    /// Content-Location; `file:` and `cid:` locations name no web page and are skipped.
    pub url: Option<String>,
    /// The Subject header (the page's `<title>` when the browser wrote it).
    pub subject: Option<String>,
    /// When the page was saved (the Date header), not when the article was published.
    pub saved: Option<DateTime<FixedOffset>>,
}

pub fn read_mhtml(bytes: &[u8]) -> Result<Mhtml, String> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(format!("MHTML file too large: {} MiB", bytes.len() >> 20));
    }
    if !looks_like_headers(bytes) {
        return Err("not an MHTML file: no MIME headers at the start".into());
    }
    catch_unwind(AssertUnwindSafe(|| {
        let m = MessageParser::default()
            .parse(bytes)
            .ok_or_else(|| "not an MHTML file: no MIME headers".to_string())?;
        convert(&m)
    }))
    .map_err(|_| "not an MHTML file: the MIME parser failed on it".to_string())?
}

fn convert(m: &mail_parser::Message<'_>) -> Result<Mhtml, String> {
    let snapshot = m
        .header_raw("Snapshot-Content-Location")
        .map(|s| s.trim().to_string())
        .filter(|s| web_location(s));
    let html_parts: Vec<&MessagePart<'_>> = m
        .parts
        .iter()
        .filter(|p| matches!(p.body, PartType::Html(_)))
        .collect();
    // The page is the part at the snapshot's location, else the first HTML part: Chrome and
    // Word write it first, and later text/html parts are iframes.
    let main = snapshot
        .as_deref()
        .and_then(|url| {
            html_parts
                .iter()
                .find(|p| p.content_location().map(str::trim) == Some(url))
        })
        .or(html_parts.first())
        .ok_or_else(|| "no HTML part in this MHTML file".to_string())?;
    let location = |p: &MessagePart<'_>| {
        p.content_location()
            .map(|s| s.trim().to_string())
            .filter(|s| web_location(s))
    };
    let url = snapshot
        .or_else(|| location(main))
        .or_else(|| m.parts.first().and_then(location));
    Ok(Mhtml {
        html: part_text(m, main),
        url,
        subject: m
            .subject()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        saved: message_date(m),
    })
}

fn web_location(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    !s.is_empty() && !lower.starts_with("file:") && !lower.starts_with("cid:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_style_page() {
        let m = read_mhtml(include_bytes!(
            "../../../../tests/fixtures/documents/mail/page.mhtml"
        ))
        .unwrap();
        assert_eq!(
            m.url.as_deref(),
            Some("https://news.example.com/2026/03/03/baltic-corridor")
        );
        assert_eq!(
            m.subject.as_deref(),
            Some("Ministers agree on a Baltic grain corridor – Harbour News")
        );
        assert_eq!(m.saved.unwrap().to_rfc3339(), "2026-03-04T07:12:09+00:00");
        assert!(
            m.html.contains("met in Gdańsk on Tuesday"),
            "QP + UTF-8 decoded"
        );
        assert!(!m.html.contains("=3D") && !m.html.contains("max-width"));
    }

    #[test]
    fn meta_charset_and_content_location_fallback() {
        // A Firefox-style archive: no Snapshot-Content-Location, no charset parameter, the
        // charset only in <meta>.
        let mut page = b"From: <Saved by Mozilla>\r\nSubject: Talks\r\nDate: Fri Mar 10 2006 13:40:00 GMT+0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"zz\"\r\n\r\n--zz\r\nContent-Type: text/html\r\nContent-Location: http://news.example.org/talks\r\n\r\n<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=windows-1251\"></head><body>".to_vec();
        page.extend_from_slice(b"\xcc\xe8\xed\xe8\xf1\xf2\xf0\xfb</body></html>\r\n--zz--\r\n");
        let m = read_mhtml(&page).unwrap();
        assert!(m.html.contains("<body>Министры</body>"), "{}", m.html);
        assert_eq!(m.url.as_deref(), Some("http://news.example.org/talks"));
        assert_eq!(
            m.saved.unwrap().format("%Y-%m-%d").to_string(),
            "2006-03-10"
        );
    }

    #[test]
    fn errors() {
        let no_html = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"q\"\r\n\r\n--q\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--q--\r\n";
        assert_eq!(
            read_mhtml(no_html).unwrap_err(),
            "no HTML part in this MHTML file"
        );
        assert!(read_mhtml(b"<html><body>just a page</body></html>")
            .unwrap_err()
            .starts_with("not an MHTML file"));
        let full = include_bytes!("../../../../tests/fixtures/documents/mail/page.mhtml");
        for cut in (1..full.len()).step_by(11) {
            let _ = read_mhtml(&full[..cut]);
        }
    }

    #[test]
    fn file_locations_are_not_urls() {
        let word = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"w\"\r\n\r\n--w\r\nContent-Location: file:///C:/X/page.htm\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n<p>\xd6\xd0\xce\xc4</p>\r\n--w--\r\n";
        let m = read_mhtml(word).unwrap();
        assert_eq!(m.url, None);
        assert!(m.html.contains("中文"), "{}", m.html);
    }
}

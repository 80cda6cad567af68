//! Which reader a file needs, and unwrapping gzip. The extension says what a file should be;
//! the first bytes confirm it, because archives hold `.xml` files that are gzip streams or HTML
//! error pages, and `.json` files that are JSON Feeds.

use std::io::Read;

use flate2::read::MultiGzDecoder;

/// Largest decompressed size accepted: far above any article or export we have seen (the
/// largest corpus file is 3 MB), far below what would hurt a 24 GiB machine with 2 workers.
pub const MAX_DECOMPRESSED: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    /// One object or an array of objects.
    Json,
    /// One object per line.
    Jsonl,
    /// RSS, Atom, RDF or JSON Feed.
    Feed,
    Pdf,
    /// Word (OOXML), a zip of XML parts.
    Docx,
    /// OpenDocument text, a zip of XML parts.
    Odt,
    Epub,
    /// One e-mail message (RFC 5322).
    Eml,
    /// Many messages, each after a `From ` line.
    Mbox,
    /// A page saved by a browser as one MIME file.
    Mhtml,
    /// A web archive of crawled records, plain or gzipped.
    Warc,
}

const ALL: [Format; 13] = [
    Format::Text,
    Format::Html,
    Format::Json,
    Format::Jsonl,
    Format::Feed,
    Format::Pdf,
    Format::Docx,
    Format::Odt,
    Format::Epub,
    Format::Eml,
    Format::Mbox,
    Format::Mhtml,
    Format::Warc,
];

impl Format {
    /// What a file of this format is, for messages: `binary data where a text article was
    /// expected`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Text => "a text article",
            Format::Html => "an HTML page",
            Format::Json => "a JSON export",
            Format::Jsonl => "a JSON Lines export",
            Format::Feed => "a feed",
            Format::Pdf => "a PDF",
            Format::Docx => "a Word document",
            Format::Odt => "an OpenDocument text",
            Format::Epub => "an EPUB book",
            Format::Eml => "an e-mail message",
            Format::Mbox => "an mbox mail folder",
            Format::Mhtml => "a saved web page (MHTML)",
            Format::Warc => "a web archive (WARC)",
        }
    }

    /// The format's short name, as the worker process is told it (`pdf`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Feed => "feed",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Epub => "epub",
            Format::Eml => "eml",
            Format::Mbox => "mbox",
            Format::Mhtml => "mhtml",
            Format::Warc => "warc",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Binary formats read from bytes, not decoded text: their readers take the bytes.
    pub fn is_binary(self) -> bool {
        matches!(
            self,
            Format::Pdf | Format::Docx | Format::Odt | Format::Epub | Format::Warc
        )
    }

    /// Formats whose readers are third-party parsers of untrusted binary data, which may loop,
    /// allocate without bound or overflow the stack on a hostile file: read in a worker process
    /// under a time and memory budget (`ingest::isolate`).
    pub fn is_risky(self) -> bool {
        matches!(
            self,
            Format::Pdf | Format::Docx | Format::Odt | Format::Epub
        )
    }
}

/// The format an extension names (`.gz` stripped first), or None for a file dossier skips.
pub fn by_extension(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let name = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "txt" | "text" | "md" => Format::Text,
        "html" | "htm" | "xhtml" => Format::Html,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::Jsonl,
        "rss" | "atom" | "xml" | "rdf" => Format::Feed,
        "pdf" => Format::Pdf,
        "docx" => Format::Docx,
        "odt" => Format::Odt,
        "epub" => Format::Epub,
        "eml" => Format::Eml,
        "mbox" | "mbx" => Format::Mbox,
        "mhtml" | "mht" => Format::Mhtml,
        "warc" => Format::Warc,
        _ => return None,
    })
}

/// Whether `bytes` start a gzip stream.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The decompressed bytes of a gzip stream (all members), refusing more than `limit` bytes so
/// that a gzip bomb is an error and not an out-of-memory.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not valid gzip: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "decompresses to more than {} MiB: refused",
            limit >> 20
        ));
    }
    Ok(out)
}

/// Confirm or correct the extension's format from the first bytes of the (decompressed) file.
pub fn confirm(expected: Format, bytes: &[u8]) -> Format {
    // A PDF saved under a web page's or text's name (a download without its extension fixed)
    // is still the PDF the user kept. The header may follow a little junk (the spec allows
    // 1 KB of it).
    let pdf = bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-");
    if pdf && matches!(expected, Format::Text | Format::Html) {
        return Format::Pdf;
    }
    if expected.is_binary() || matches!(expected, Format::Eml | Format::Mbox | Format::Mhtml) {
        return expected;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let markup = head.starts_with('<');
    let html = markup
        && (head.contains("<!doctype html")
            || head.contains("<html")
            || head.contains("<head")
            || head.contains("<body"));
    let feed =
        markup && (head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf"));
    match expected {
        Format::Feed if html && !feed => Format::Html,
        Format::Html if feed && !html => Format::Feed,
        Format::Json if head.starts_with('{') && head.contains("jsonfeed.org/version") => {
            Format::Feed
        }
        Format::Text if html => Format::Html,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn extensions() {
        assert_eq!(by_extension("a/b/page.html.gz"), Some(Format::Html));
        assert_eq!(by_extension("export.JSONL"), Some(Format::Jsonl));
        assert_eq!(by_extension("feed.xml"), Some(Format::Feed));
        assert_eq!(by_extension("notes.md"), Some(Format::Text));
        assert_eq!(by_extension("photo.jpg"), None);
        assert_eq!(by_extension("crawl.warc.gz"), Some(Format::Warc));
        assert_eq!(by_extension("Report.PDF"), Some(Format::Pdf));
        assert_eq!(by_extension("list.mbox"), Some(Format::Mbox));
        assert_eq!(by_extension("README"), None);
    }

    #[test]
    fn content_overrides_the_extension_where_it_must() {
        assert_eq!(
            confirm(Format::Feed, b"<!DOCTYPE html><html><body>502 Bad Gateway"),
            Format::Html
        );
        assert_eq!(
            confirm(
                Format::Feed,
                b"<?xml version=\"1.0\"?><rss version=\"2.0\">"
            ),
            Format::Feed
        );
        assert_eq!(
            confirm(
                Format::Json,
                br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#
            ),
            Format::Feed
        );
        assert_eq!(confirm(Format::Json, br#"{"title": "x"}"#), Format::Json);
        assert_eq!(confirm(Format::Html, b"%PDF-1.7\n%\xe2\xe3"), Format::Pdf);
    }

    #[test]
    fn gzip_roundtrip_and_bomb_refused() {
        let data = b"<html><body>hello</body></html>";
        assert!(is_gzip(&gz(data)));
        assert_eq!(gunzip(&gz(data), 1024).unwrap(), data);
        let bomb = gz(&vec![0u8; 2 * 1024 * 1024]);
        assert!(bomb.len() < 10_000);
        let err = gunzip(&bomb, 1024 * 1024).unwrap_err();
        assert!(err.contains("more than 1 MiB"), "{err}");
        assert!(gunzip(b"\x1f\x8bnot really gzip", 1024)
            .unwrap_err()
            .starts_with("not valid gzip"));
    }
}

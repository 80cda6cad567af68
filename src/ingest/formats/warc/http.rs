//! The HTTP layer inside a WARC `response` record: the status line, the few headers dossier needs,
//! and the body as a browser would see it (chunked transfer undone, gzip/deflate content-encoding
//! undone). Kept apart from `warc.rs` because WARC writers disagree here more than anywhere else:
//! some store the bytes as sent, some store them already de-chunked or decompressed but keep the
//! headers, and one writer in our corpus drops the `HTTP/1.1` prefix of the status line.

use std::io::{BufRead, Read};

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

/// One HTTP header line. Real ones stay under 8 KiB (long cookies); 64 KiB is past any of them
/// and still bounds what a garbage record can make us buffer per line.
pub(crate) const MAX_LINE: u64 = 64 << 10;
/// All HTTP header lines of one response together (real ones: 0.3-4 KiB).
const MAX_HEAD: usize = 256 << 10;

/// What the HTTP head says about the body.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpHead {
    pub status: u16,
    /// As sent, e.g. `text/html; charset=utf-8`.
    pub content_type: Option<String>,
    pub chunked: bool,
    /// Last content-coding, lowercased (`gzip`, `deflate`, `br`); `None` for identity.
    pub encoding: Option<String>,
}

/// Reads one line of at most `MAX_LINE` bytes into `buf` (cleared first); 0 means end of input.
pub(crate) fn read_line<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    buf.clear();
    r.take(MAX_LINE).read_until(b'\n', buf)
}

/// Trims the line ending (CRLF or a bare LF, which some writers use) and surrounding blanks.
pub(crate) fn trim_line(line: &[u8]) -> &[u8] {
    line.trim_ascii()
}

/// Status of a status line: `HTTP/1.1 200 OK`, or `200 OK` as one home-made writer stores it.
fn parse_status(line: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(line).ok()?;
    let mut words = text.split_ascii_whitespace();
    let first = words.next()?;
    let code = if first.len() >= 5 && first[..5].eq_ignore_ascii_case("http/") {
        words.next()?
    } else {
        first
    };
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    code.parse().ok()
}

/// Parses the status line and headers from the front of a record block, leaving `r` at the first
/// body byte. A block that ends inside the head is a response without body (a 301 often is).
pub fn parse_head<R: BufRead>(r: &mut R) -> Result<HttpHead, String> {
    let mut line = Vec::with_capacity(256);
    let n = read_line(r, &mut line).map_err(|e| e.to_string())?;
    let status = parse_status(trim_line(&line[..n]))
        .ok_or_else(|| "not an HTTP response (no status line)".to_string())?;
    let mut head = HttpHead {
        status,
        content_type: None,
        chunked: false,
        encoding: None,
    };
    let mut total = n;
    loop {
        let n = read_line(r, &mut line).map_err(|e| e.to_string())?;
        total += n;
        if n as u64 == MAX_LINE || total > MAX_HEAD {
            return Err("HTTP header too long".into());
        }
        let text = trim_line(&line);
        if text.is_empty() {
            break; // blank line (or end of block): the body follows
        }
        let Some(colon) = text.iter().position(|&b| b == b':') else {
            continue; // a folded or broken line: nothing we need is in it
        };
        let name = &text[..colon];
        let value = String::from_utf8_lossy(text[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-type") {
            head.content_type.get_or_insert_with(|| value.into_owned());
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            head.chunked |= value.to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case(b"content-encoding") {
            let last = value
                .rsplit(',')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            head.encoding = match last.as_str() {
                "" | "identity" | "none" => None,
                _ => Some(last),
            };
        }
    }
    Ok(head)
}

/// `64 MiB` for a cap in whole MiB, else in bytes (tests use small caps).
pub(crate) fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Formats dossier reads as articles: pages, PDFs, feeds, JSON exports, plain text.
pub fn is_article_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    [
        "text/html",
        "application/xhtml+xml",
        "application/pdf",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/plain",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "application/epub+zip",
    ]
    .iter()
    .any(|t| mime.eq_ignore_ascii_case(t))
}

/// Undoes chunked transfer-encoding. Returns `None` when `raw` does not start like a chunked body:
/// wget and warcio's capture proxy store some bodies already de-chunked but keep the header, so
/// the caller then keeps `raw` as it is. A body cut inside a chunk (WARC-Truncated) keeps what
/// arrived.
pub fn dechunk(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut pos = 0;
    let mut first = true;
    loop {
        let end = match raw[pos..].iter().position(|&b| b == b'\n') {
            Some(i) => pos + i,
            None if first => return None,
            None => break,
        };
        let size_text = trim_line(&raw[pos..end]);
        let size_text = size_text.split(|&b| b == b';').next().unwrap_or(b"");
        let size = std::str::from_utf8(size_text)
            .ok()
            .filter(|s| !s.is_empty() && s.len() <= 16)
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok());
        let Some(size) = size else {
            if first {
                return None;
            }
            break; // junk after some chunks: keep what was read
        };
        first = false;
        pos = end + 1;
        if size == 0 {
            break; // last chunk; trailers are not needed
        }
        let take = size.min(raw.len() - pos);
        out.extend_from_slice(&raw[pos..pos + take]);
        pos += take;
        if take < size {
            break;
        }
        // The CRLF after the chunk data.
        while pos < raw.len()
            && (raw[pos] == b'\r' || raw[pos] == b'\n')
            && pos < end + 1 + size + 2
        {
            pos += 1;
        }
    }
    Some(out)
}

/// Undoes gzip/deflate content-encoding, at most `cap` bytes out. Bodies that do not start like
/// the coding says were stored decoded by the crawler and are kept as they are; a stream cut short
/// keeps what decoded. `Err` only when the output would pass `cap` (a gzip bomb: 1 MB of zeros
/// gzips to 1 KB) or the coding is one we cannot undo (br, zstd).
pub fn decode(body: Vec<u8>, encoding: Option<&str>, cap: u64) -> Result<Vec<u8>, String> {
    let looks_gzip = body.starts_with(&[0x1f, 0x8b]);
    let looks_zlib = body.len() >= 2
        && body[0] & 0x0f == 8
        && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0;
    let src: &[u8] = &body;
    let reader: Box<dyn Read + '_> = match encoding {
        None => return Ok(body),
        // Some servers label gzip as x-gzip, or send deflate for gzip and the reverse.
        Some("gzip" | "x-gzip" | "deflate") if looks_gzip => Box::new(MultiGzDecoder::new(src)),
        Some("deflate" | "gzip" | "x-gzip") if looks_zlib => Box::new(ZlibDecoder::new(src)),
        Some("deflate") => Box::new(DeflateDecoder::new(src)),
        Some("gzip" | "x-gzip") => return Ok(body),
        Some(other) => return Err(format!("content-encoding {other} not supported")),
    };
    let mut out = Vec::with_capacity(body.len().saturating_mul(4).min(cap as usize));
    let result = reader.take(cap + 1).read_to_end(&mut out);
    if out.len() as u64 > cap {
        return Err(format!("decompressed body over {}", size_text(cap)));
    }
    match result {
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        // Not decodable at all (raw deflate guess was wrong): the bytes as stored.
        Err(_) => Ok(body),
    }
}

/// What a record's block gave.
pub(crate) enum Body {
    Quiet,
    Skip(String),
    Keep {
        status: u16,
        content_type: Option<String>,
        payload: Vec<u8>,
    },
}

pub(crate) fn response<R: BufRead>(
    block: &mut std::io::Take<R>,
    cap: u64,
) -> std::io::Result<Body> {
    let head = match parse_head(block) {
        Ok(head) => head,
        Err(reason) => return Ok(Body::Skip(reason)),
    };
    if head.status != 200 {
        return Ok(Body::Skip(format!("HTTP status {}", head.status)));
    }
    let content_type = head.content_type.clone();
    if !content_type.as_deref().is_some_and(is_article_type) {
        let shown = content_type.as_deref().unwrap_or("none");
        return Ok(Body::Skip(format!("content type {shown}")));
    }
    let Some(raw) = body(block, cap)? else {
        return Ok(Body::Skip(format!("body over {}", size_text(cap))));
    };
    let raw = if head.chunked {
        dechunk(&raw).unwrap_or(raw)
    } else {
        raw
    };
    Ok(match decode(raw, head.encoding.as_deref(), cap) {
        Ok(payload) => Body::Keep {
            status: head.status,
            content_type,
            payload,
        },
        Err(reason) => Body::Skip(reason),
    })
}

pub(crate) fn resource<R: BufRead>(
    block: &mut std::io::Take<R>,
    content_type: Option<String>,
    cap: u64,
) -> std::io::Result<Body> {
    if !content_type.as_deref().is_some_and(is_article_type) {
        let shown = content_type.as_deref().unwrap_or("none");
        return Ok(Body::Skip(format!("content type {shown}")));
    }
    Ok(match body(block, cap)? {
        Some(payload) => Body::Keep {
            status: 200,
            content_type,
            payload,
        },
        None => Body::Skip(format!("body over {}", size_text(cap))),
    })
}

/// The rest of the block, or `None` when it is over `cap` (then nothing is read).
fn body<R: BufRead>(block: &mut std::io::Take<R>, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    if block.limit() > cap {
        return Ok(None);
    }
    // Capacity from what Content-Length leaves (at most `cap` here): one allocation per page
    // instead of repeated doubling.
    let mut out = Vec::with_capacity(block.limit() as usize);
    block.read_to_end(&mut out)?;
    Ok(Some(out))
}

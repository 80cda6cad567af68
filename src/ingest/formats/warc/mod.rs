//! Web archives (`.warc`, `.warc.gz`): one document per captured page. `reader` streams the
//! records (see its header for why our own reader over flate2 and not a crate); here each
//! captured payload goes back through `dispatch` as the format its Content-Type names (an HTML
//! page, a PDF, a feed), and the document takes the capture's address as its URL and the
//! capture time as a date of last resort (`date_source: capture`): the page's own date comes
//! first, the crawl only says how old it is at least.
//!
//! Captures are numbered in file order among those read, so a page keeps its id while the
//! file is unchanged. Plain text and JSON captures (robots.txt, API answers a crawler fetched
//! on the way) and XML that is not a feed (sitemaps) are not articles and are passed over.

mod http;
mod reader;

use std::io::Read;

use super::RawArticle;
use crate::document::DateSource;
use crate::ingest::dispatch::{by_content_type, records_of, sub_record, Numbered};
use crate::ingest::sniff::Format;
use reader::{Capture, Item};

/// Calls `each` with every record of the web archive on `source`, in file order; returns how
/// many captures were read. `Err` when the file gives nothing at all (not a WARC; a WARC with
/// no article page: only redirects, revisits, requests).
pub fn for_each_record<'a>(
    source: impl Read + 'a,
    depth: u8,
    each: &mut dyn FnMut(Numbered),
) -> Result<u32, String> {
    let captures = reader::from_reader(source)?;
    let (mut read, mut records, mut passed) = (0u32, 0usize, 0usize);
    for item in captures {
        match item {
            Ok(Item::Capture(c)) => match article_format(&c) {
                Some(format) => {
                    for r in capture_records(c, format, read, depth) {
                        each(r);
                    }
                    read += 1;
                }
                None => passed += 1,
            },
            Ok(Item::Skipped { .. }) => passed += 1,
            // What came before a damaged record is kept; the damage is reported.
            Err(e) if read > 0 => {
                each((u32::MAX, Err(e)));
                break;
            }
            Err(e) => return Err(e),
        }
        records += 1;
    }
    if read == 0 {
        return Err(format!(
            "no article pages in this web archive ({} captures passed over: redirects, errors, \
             images, scripts)",
            passed.max(records)
        ));
    }
    Ok(read)
}

/// All records of a web archive held in memory.
pub fn records<'a>(source: impl Read + 'a, depth: u8) -> Result<Vec<Numbered>, String> {
    let mut out = Vec::new();
    for_each_record(source, depth, &mut |r| out.push(r))?;
    Ok(out)
}

/// The reader a capture's payload needs, or None for what is not an article. XML is a feed
/// only when it reads like one (a sitemap is XML too).
fn article_format(c: &Capture) -> Option<Format> {
    let content_type = c.content_type.as_deref().unwrap_or("");
    let xml = content_type.contains("/xml") || content_type.contains("+xml");
    match by_content_type(content_type) {
        Some(Format::Feed) | None if xml => looks_like_feed(&c.payload).then_some(Format::Feed),
        Some(Format::Text | Format::Json | Format::Eml) | None => None,
        Some(f) => Some(f),
    }
}

fn looks_like_feed(payload: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&payload[..payload.len().min(1024)]).to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

/// The documents of one capture: usually one page; a feed's items each.
fn capture_records(c: Capture, format: Format, number: u32, depth: u8) -> Vec<Numbered> {
    let url = c.target_uri.clone();
    let captured = c.date.map(|d| (d, DateSource::Capture));
    let place = url
        .clone()
        .unwrap_or_else(|| format!("record {}", c.index + 1));
    let records = match records_of(format, &c.payload, depth + 1) {
        Ok(r) => r,
        Err(e) => return vec![(number, Err(format!("{place}: {e}")))],
    };
    records
        .into_iter()
        .enumerate()
        .map(|(k, (_, r))| {
            let n = if k == 0 {
                number
            } else {
                sub_record(number, k as u32)
            };
            let r = r
                .map(|a| RawArticle {
                    // The address the page was captured from is where it was, whatever
                    // canonical address it claims; a feed's items keep their own.
                    url: if format == Format::Feed {
                        a.url.or_else(|| url.clone())
                    } else {
                        url.clone().or(a.url)
                    },
                    file_date: a.file_date.or(captured),
                    ..a
                })
                .map_err(|e| format!("{place}: {e}"));
            (n, r)
        })
        .collect()
}

//! From a file's bytes to its numbered records: the extension names the format, the first bytes
//! confirm it, and the bytes go to that format's reader. Containers (an e-mail with
//! attachments, an mbox, a web archive) hand the documents inside them back here, so a PDF
//! attached to a newsletter or an HTML page captured in a WARC is read by the same reader as a
//! PDF or a page on disk.
//!
//! Numbers are what keeps a record's id stable while its file is unchanged: a record's
//! position among the file's records (the message in an mbox, the page among a WARC's
//! captures), and for documents inside a record (a message's attachments) a number above every
//! top-level one, from its parent's and its own position: see [`sub_record`].

use std::io::Cursor;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

use super::formats::mail::{self, mbox::Mbox, mhtml, MailBody, Message};
use super::formats::{self, RawArticle, Record};
use super::sniff::{self, Format};
use super::{decode, isolate};
use crate::document::DateSource;

/// A record and its number within the file.
pub type Numbered = (u32, Record);

/// Documents inside documents deeper than this are not followed (a message attached to a
/// message attached to a message...): real mail goes two levels deep.
const MAX_DEPTH: u8 = 4;

/// How many documents one record may hold: above that, the rest are reported, not read.
const PER_PARENT: u32 = 1024;

/// The number of the `k`-th document (from 1) inside record `parent`: above 2^31, where no
/// file's own records reach, so adding an attachment never renumbers the messages.
pub fn sub_record(parent: u32, k: u32) -> u32 {
    (1u32 << 31)
        .saturating_add(parent.saturating_mul(PER_PARENT))
        .saturating_add(k)
}

/// The records of `data`, which the file's name says is `expected`. `Err` is the reason the
/// whole file gives nothing.
pub fn records_of(expected: Format, data: &[u8], depth: u8) -> Result<Vec<Numbered>, String> {
    let format = sniff::confirm(expected, data);
    if expected == Format::Feed && format == Format::Html {
        return Err("an HTML page where a feed was expected (a saved error page?)".into());
    }
    let numbered = |records: Vec<Record>| -> Vec<Numbered> {
        records
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i as u32, r))
            .collect()
    };
    Ok(match format {
        Format::Text => {
            let raw = formats::text::parse(&text(expected, data, false)?);
            if raw.body.trim().is_empty() && raw.title.is_none() {
                return Err("no article text found".into());
            }
            vec![(0, Ok(raw))]
        }
        Format::Html => vec![(0, formats::html::parse(&text(expected, data, true)?))],
        Format::Json => numbered(formats::json::parse_json(&text(expected, data, false)?)?),
        Format::Jsonl => numbered(formats::json::parse_jsonl(&text(expected, data, false)?)),
        Format::Feed => {
            if data.iter().all(u8::is_ascii_whitespace) {
                return Err("empty file".into());
            }
            numbered(formats::feed::parse(data)?)
        }
        Format::Pdf | Format::Docx | Format::Odt | Format::Epub => {
            numbered(isolate::read(format, data)?)
        }
        Format::Eml => message_records(mail::read_message(data)?, 0, depth),
        Format::Mbox => mbox_records(data, depth)?,
        Format::Mhtml => vec![(0, saved_page(data))],
        Format::Warc => formats::warc::records(Cursor::new(data), depth)?,
    })
}

/// What the risky readers give, run in the worker process (or in-process without one).
pub fn read_risky(format: Format, data: &[u8]) -> Result<Vec<Record>, String> {
    match format {
        Format::Pdf => formats::pdf::read(data).map(|d| {
            vec![Ok(document_article(
                d.title, d.authors, d.date, None, d.body, true,
            ))]
        }),
        Format::Docx => formats::office::read_docx(data).map(|d| vec![Ok(office(d, true))]),
        Format::Odt => formats::office::read_odt(data).map(|d| vec![Ok(office(d, true))]),
        // A book's opening dates are its story's, not its publication's.
        Format::Epub => formats::office::read_epub(data).map(|d| vec![Ok(office(d, false))]),
        other => Err(format!("{} is not read in a worker", other.describe())),
    }
}

/// A Word, OpenDocument or EPUB file as an article.
fn office(d: formats::office::OfficeDoc, dated_text: bool) -> RawArticle {
    document_article(d.title, d.authors, d.date, d.language, d.body, dated_text)
}

/// A document file's text and properties as an article. Its date: one its opening states (a
/// statement's `7 January 2026`, a report's `Updated April 9, 2026`), else the file's own
/// metadata, which says when the file was made or saved: close to, not always, the day it was
/// published (a template's creation stamp survives in files written years later).
pub fn document_article(
    title: Option<String>,
    authors: Vec<String>,
    made: Option<DateTime<FixedOffset>>,
    language: Option<String>,
    body: String,
    dated_text: bool,
) -> RawArticle {
    let date = if dated_text {
        opening_date(&body)
    } else {
        None
    };
    RawArticle {
        title,
        body,
        date,
        file_date: made.map(|d| (wall_clock(d), DateSource::Metadata)),
        authors,
        language,
        ..RawArticle::default()
    }
}

/// The first complete date in a document's opening (its first ~1,500 characters: a cover
/// page, a letterhead, a statement's first lines), where documents state their own date.
fn opening_date(body: &str) -> Option<DateTime<Utc>> {
    let end = body.char_indices().nth(1500).map_or(body.len(), |(i, _)| i);
    super::dates::find_date(&body[..end]).map(|f| f.date)
}

/// The bytes as text, or why they are not: binary data under a text format's name (a PNG
/// named `.txt`) is an error naming the file, like any file that could not be read.
fn text(expected: Format, data: &[u8], markup: bool) -> Result<String, String> {
    let decoded = if markup {
        decode::decode_markup(data)
    } else {
        decode::decode(data)
    };
    decoded.map_err(|e| match e {
        decode::DecodeError::Binary => {
            format!("binary data where {} was expected", expected.describe())
        }
        decode::DecodeError::Empty => e.to_string(),
    })
}

/// An mbox held in memory (files above `STREAM_BYTES` are streamed from disk instead: see
/// `ingest::stream`): one record per message, numbered by position; a message that cannot be
/// read costs that message.
fn mbox_records(data: &[u8], depth: u8) -> Result<Vec<Numbered>, String> {
    if !data.starts_with(b"From ") {
        return Err("not an mbox: it does not start with a \"From \" line".into());
    }
    let mut out = Vec::new();
    for (i, message) in Mbox::new(Cursor::new(data)).enumerate() {
        let i = i as u32;
        match message
            .map_err(|e| e.to_string())
            .and_then(|m| mail::read_message(&m))
        {
            Ok(m) => out.extend(message_records(m, i, depth)),
            Err(e) => out.push((i, Err(format!("message {}: {e}", i + 1)))),
        }
    }
    Ok(out)
}

/// One message's records: the message, then each attachment dossier reads (a PDF press
/// release, a forwarded message) as a document of its own.
pub fn message_records(mut m: Message, number: u32, depth: u8) -> Vec<Numbered> {
    let mut out = Vec::new();
    let sent = m.date.map(wall_clock);
    let source = m.source.clone();
    let attachments = readable(std::mem::take(&mut m.attachments));
    out.push((number, message_article(m)));
    if depth >= MAX_DEPTH {
        return out;
    }
    let mut k = 0;
    for (name, format, bytes) in attachments {
        let records = match records_of(format, &bytes, depth + 1) {
            Ok(r) => r,
            Err(e) => vec![(0, Err(e))],
        };
        for (_, r) in records {
            k += 1;
            if k >= PER_PARENT {
                break;
            }
            let r = r
                .map(|mut a| {
                    a.title = a.title.or_else(|| Some(name.clone()));
                    a.source = a.source.or_else(|| source.clone());
                    if a.file_date.is_none() {
                        a.file_date = sent.map(|d| (d, DateSource::Metadata));
                    }
                    a
                })
                .map_err(|e| format!("attachment {name}: {e}"));
            out.push((sub_record(number, k), r));
        }
    }
    out
}

/// The attachments a reader exists for, by file name or content type: (name, format, bytes).
fn readable(attachments: Vec<mail::Attachment>) -> Vec<(String, Format, Vec<u8>)> {
    attachments
        .into_iter()
        .filter_map(|a| {
            let by_name = a.filename.as_deref().and_then(sniff::by_extension);
            let format = by_name.or_else(|| by_content_type(&a.content_type))?;
            let name = a
                .filename
                .unwrap_or_else(|| format!("attachment.{}", format.name()));
            Some((name, format, a.bytes))
        })
        .collect()
}

/// The format of a MIME content type (`application/pdf`), for parts without a file name.
pub fn by_content_type(content_type: &str) -> Option<Format> {
    let t = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    Some(match t.as_str() {
        "application/pdf" => Format::Pdf,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Format::Docx,
        "application/vnd.oasis.opendocument.text" => Format::Odt,
        "application/epub+zip" => Format::Epub,
        "message/rfc822" => Format::Eml,
        "text/html" | "application/xhtml+xml" => Format::Html,
        "application/rss+xml" | "application/atom+xml" | "application/rdf+xml" => Format::Feed,
        "application/json" => Format::Json,
        "text/plain" => Format::Text,
        _ => return None,
    })
}

/// An e-mail as an article: the subject is the title, the sender the author, the list or
/// newsletter the source; the text part's quoted replies and footers are dropped, an HTML-only
/// message goes through the page extractor.
fn message_article(m: Message) -> Record {
    let body = match &m.body {
        Some(MailBody::Text(t)) => paragraphs(&mail::clean_text_body(t)),
        Some(MailBody::Html(h)) => match formats::html::parse(h) {
            Ok(page) if !page.body.trim().is_empty() => page.body,
            // A newsletter laid out in tables can defeat the article extractor: its text, then.
            _ => paragraphs(&mail::clean_text_body(&formats::markup::to_text(h))),
        },
        None => String::new(),
    };
    if body.trim().is_empty() && m.title.is_none() {
        return Err("an e-mail with neither a subject nor any text".into());
    }
    let mut raw = RawArticle {
        title: m.title,
        body,
        date: m.date.map(wall_clock),
        authors: m.authors,
        source: m.source,
        ..RawArticle::default()
    };
    if let Some(id) = m.message_id {
        raw.fields.insert("message_id".into(), id);
    }
    Ok(raw)
}

/// A date at its wall-clock time as written: an e-mail sent at 23:30 on 26 December in
/// California is of the 26th, as its reader saw it, not of the 27th in UTC.
pub fn wall_clock(d: DateTime<FixedOffset>) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.naive_local())
}

/// Plain text's paragraphs (blank-line separated) with their hard-wrapped lines joined.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A page saved by a browser as one MIME file: its HTML part through the page reader, the
/// address it was saved from as its URL, the saving day a date of last resort.
fn saved_page(data: &[u8]) -> Record {
    let page = mhtml::read_mhtml(data)?;
    let mut raw = formats::html::parse(&page.html)?;
    raw.url = raw.url.or(page.url);
    raw.title = raw.title.or(page.subject);
    raw.file_date = page.saved.map(|d| (wall_clock(d), DateSource::Capture));
    Ok(raw)
}

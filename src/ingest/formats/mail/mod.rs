//! E-mail messages (.eml, one mbox record, an attached message/rfc822) read through Stalwart's
//! `mail-parser`: subject, date with its offset as written, authors, the newsletter's name, the
//! body decoded to UTF-8 and the attachments. mail-parser was chosen over `mailparse` by measuring
//! the shared corpus (see REPORT.md): both got every subject, but mailparse's date helper returns
//! a UTC timestamp (4 of 27 dated messages move to another day), it reads the `UTF_8` label as
//! ASCII (U+FFFD), Chrome MHTML parts without a charset as Latin-1 (mojibake in 4 of 5 pages),
//! and drops the raw GBK bytes of a Word-saved page. mail-parser never panics by design; we
//! still wrap it in `catch_unwind`, because one message must not end an archive run.

mod charset;
mod clean;
mod headers;
pub mod mbox;
pub mod mhtml;

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, FixedOffset};
use mail_parser::{MessageParser, MessagePart, MimeHeaders, PartType};

use self::charset::redecode_text;
pub use self::clean::clean_text_body;
use self::headers::{authors, source};
pub(crate) use self::headers::{looks_like_headers, message_date};
pub use self::headers::{parse_date_text, strip_subject};

/// A message's body, decoded to UTF-8 (HTML is left as HTML for the page extractor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailBody {
    Text(String),
    Html(String),
}

/// An attached file, or a nested message (content type `message/rfc822`, bytes = that message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: Option<String>,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What a news archive keeps of one e-mail.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Message {
    /// The Subject header, RFC 2047 decoded, unfolded, trimmed.
    pub subject: Option<String>,
    /// The subject without reply/forward markers and `[list]` tags (see [`strip_subject`]).
    pub title: Option<String>,
    /// The Date header with the offset it was written in, so its calendar day is the sender's.
    pub date: Option<DateTime<FixedOffset>>,
    /// Display names from From (the address's local part where there is no name).
    pub authors: Vec<String>,
    /// The newsletter or list: List-Id's name or id, else the sender's name, else its domain.
    pub source: Option<String>,
    pub message_id: Option<String>,
    pub body: Option<MailBody>,
    pub attachments: Vec<Attachment>,
}

/// 128 MiB: far above any real message (the corpus's largest is 173 kB) but a bound on memory,
/// since mail-parser decodes every part at once.
pub const MAX_MESSAGE_BYTES: usize = 128 << 20;
/// Attachments above 32 MiB are dropped (a news archive has no use for disk images); text
/// bodies are cut there.
pub const MAX_PART_BYTES: usize = 32 << 20;
/// Nested message/rfc822 depth we follow; mail-parser itself decodes at most 3 levels of
/// encoded nested messages and walks multipart levels without recursion.
pub const MAX_DEPTH: usize = 20;

/// Parses one RFC 5322 message.
pub fn read_message(bytes: &[u8]) -> Result<Message, String> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(format!(
            "message too large: {} MiB (limit {} MiB)",
            bytes.len() >> 20,
            MAX_MESSAGE_BYTES >> 20
        ));
    }
    if !looks_like_headers(bytes) {
        return Err("not an e-mail message: no header lines at the start".into());
    }
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        MessageParser::default().parse(bytes).map(|m| convert(&m))
    }))
    .map_err(|_| "not an e-mail message: the MIME parser failed on it".to_string())?;
    parsed.ok_or_else(|| "not an e-mail message: no headers found".to_string())
}

fn convert(m: &mail_parser::Message<'_>) -> Message {
    let subject = m
        .subject()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let from = m.from();
    let mut out = Message {
        title: subject
            .as_deref()
            .map(strip_subject)
            .filter(|t| !t.is_empty()),
        subject,
        date: message_date(m),
        authors: from.map(authors).unwrap_or_default(),
        source: source(m),
        message_id: m.message_id().map(str::to_string),
        body: body(m),
        attachments: Vec::new(),
    };
    collect_attachments(m, 0, &mut out.attachments);
    out
}

/// The text/plain parts mail-parser picked as the body, joined; HTML only where no plain text
/// exists. mail-parser lists an HTML part among text bodies when there is no text/plain, so
/// the part type decides, not the list.
fn body(m: &mail_parser::Message<'_>) -> Option<MailBody> {
    let texts: Vec<String> = m
        .text_body
        .iter()
        .filter_map(|&i| m.parts.get(i as usize))
        .filter(|p| matches!(p.body, PartType::Text(_)))
        .map(|p| part_text(m, p))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !texts.is_empty() {
        return Some(MailBody::Text(truncate(texts.join("\n\n"))));
    }
    m.html_body
        .iter()
        .filter_map(|&i| m.parts.get(i as usize))
        .find(|p| matches!(p.body, PartType::Html(_)))
        .map(|p| MailBody::Html(truncate(part_text(m, p))))
}

/// A text part's string, re-decoded from the raw bytes when mail-parser had to guess the
/// charset and produced U+FFFD (no charset label, or an unknown one).
pub(crate) fn part_text(m: &mail_parser::Message<'_>, p: &MessagePart<'_>) -> String {
    let text = match &p.body {
        PartType::Text(t) | PartType::Html(t) => t.as_ref(),
        _ => return String::new(),
    };
    if text.contains('\u{FFFD}') && !charset::has_known_charset(p) {
        if let Some(better) = redecode_text(m.raw_message(), p) {
            return better;
        }
    }
    text.to_string()
}

fn truncate(mut s: String) -> String {
    if s.len() > MAX_PART_BYTES {
        let mut cut = MAX_PART_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

fn collect_attachments(m: &mail_parser::Message<'_>, depth: usize, out: &mut Vec<Attachment>) {
    if depth >= MAX_DEPTH {
        return;
    }
    for part in m.attachments() {
        let content_type = charset::content_type(part);
        let filename = part.attachment_name().map(str::to_string);
        let bytes: Vec<u8> = match &part.body {
            PartType::Message(nested) => nested.raw_message().to_vec(),
            PartType::Binary(b) | PartType::InlineBinary(b) => {
                // An image with a Content-ID and no name is part of the HTML, not a document.
                if filename.is_none() && content_type.starts_with("image/") {
                    continue;
                }
                charset::uudecode_if_needed(part, b)
            }
            PartType::Text(t) | PartType::Html(t) if filename.is_some() => t.as_bytes().to_vec(),
            _ => continue,
        };
        if bytes.len() > MAX_PART_BYTES {
            continue;
        }
        out.push(Attachment {
            filename,
            content_type,
            bytes,
        });
        if let PartType::Message(nested) = &part.body {
            collect_attachments(nested, depth + 1, out);
        }
    }
}

#[cfg(test)]
mod tests;

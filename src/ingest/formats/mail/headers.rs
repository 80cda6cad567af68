//! Header fields of a message as dossier wants them: is this a message at all, its date with
//! the sender's offset, a subject without reply markers, authors and the newsletter's name.

use chrono::{DateTime, FixedOffset, NaiveDate};
use mail_parser::Address;

/// A message starts with `Name: value` lines. mail-parser accepts almost anything (a PDF parses
/// as a message with no headers), so we check first: the leading lines, up to the blank line
/// (at most 200), must be header fields or their continuations, and one of them must be a field
/// every mail or MHTML file has. A JSON file or a text starting "Note: ..." fails that.
pub(crate) fn looks_like_headers(bytes: &[u8]) -> bool {
    const KNOWN: [&[u8]; 10] = [
        b"from",
        b"to",
        b"subject",
        b"date",
        b"message-id",
        b"mime-version",
        b"content-type",
        b"received",
        b"return-path",
        b"snapshot-content-location",
    ];
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut known = false;
    for (i, line) in bytes.split(|&b| b == b'\n').take(200).enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if i == 0 && line.starts_with(b"From ") {
            continue; // an mbox From_ line before the headers
        }
        if i > 0 && (line.starts_with(b" ") || line.starts_with(b"\t")) {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            // Chrome can write a broken folded Subject; tolerate odd lines after a good one.
            if i == 0 {
                return false;
            }
            continue;
        };
        let name = &line[..colon];
        let is_name = !name.is_empty()
            && name
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if !is_name {
            if i == 0 {
                return false;
            }
            continue;
        }
        known |= KNOWN.iter().any(|k| name.eq_ignore_ascii_case(k));
    }
    known
}

/// mail-parser's date, else chrono's RFC 2822 reader on the raw header, else the JavaScript
/// `Date.toString()` form Firefox's MHTML add-ons write ("Fri Mar 10 2006 13:40:00 GMT+0100").
pub(crate) fn message_date(m: &mail_parser::Message<'_>) -> Option<DateTime<FixedOffset>> {
    if let Some(d) = m.date() {
        if let Some(d) = to_chrono(d) {
            return Some(d);
        }
    }
    parse_date_text(m.header_raw("Date")?)
}

fn to_chrono(d: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    // mail-parser yields a zeroed DateTime for some garbage; year 0 is never a real mail date.
    if d.year < 1970 {
        return None;
    }
    let secs = i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60;
    let offset = FixedOffset::east_opt(if d.tz_before_gmt { -secs } else { secs })?;
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())?
        .and_hms_opt(d.hour.into(), d.minute.into(), d.second.into())?
        .and_local_timezone(offset)
        .single()
}

#[doc(hidden)]
pub fn parse_date_text(raw: &str) -> Option<DateTime<FixedOffset>> {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // Drop a trailing "(PDT)" comment, which chrono's RFC 2822 reader refuses.
    let bare = match raw.find(" (") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    DateTime::parse_from_rfc2822(bare)
        .ok()
        .or_else(|| {
            let js = bare.replace("GMT", "");
            DateTime::parse_from_str(js.trim(), "%a %b %d %Y %H:%M:%S %z").ok()
        })
        .or_else(|| DateTime::parse_from_rfc3339(bare).ok())
}

/// Removes reply and forward markers (English, German AW/WG, French TR, Dutch Antw, Nordic
/// SV/VS, Spanish RV, with counters like "Re[2]:" and the French space before the colon) and
/// bracketed list tags such as "[notmuch]", as often as they repeat, and collapses whitespace.
pub fn strip_subject(subject: &str) -> String {
    let mut s = subject.trim();
    loop {
        let before = s.len();
        if let Some(rest) = s.strip_prefix('[') {
            // A list tag is short; "[...]" spanning the whole subject is the title itself.
            match rest.find(']') {
                Some(end) if end <= 40 && !rest[end + 1..].trim().is_empty() => {
                    s = rest[end + 1..].trim_start();
                }
                _ => {}
            }
        }
        if let Some(rest) = strip_marker(s) {
            s = rest;
        }
        if s.len() == before {
            break;
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_marker(s: &str) -> Option<&str> {
    const MARKERS: [&str; 11] = [
        "re", "fwd", "fw", "aw", "wg", "tr", "sv", "vs", "antw", "rv", "ref",
    ];
    let word_end = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let word = &s[..word_end];
    if !MARKERS.iter().any(|m| word.eq_ignore_ascii_case(m)) {
        return None;
    }
    let mut rest = &s[word_end..];
    // "Re[2]:" / "Re(2):" counters.
    if rest.starts_with(['[', '(']) {
        let close = rest.find([']', ')'])?;
        if close > 4 || !rest[1..close].bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        rest = &rest[close + 1..];
    }
    let rest = rest.trim_start_matches(' ');
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some(rest.trim_start())
}

/// From's display names; Google Groups rewrites them as "'Name' via List", which we undo.
pub(crate) fn authors(from: &Address<'_>) -> Vec<String> {
    from.iter()
        .filter_map(|a| {
            let name = a
                .name
                .as_deref()
                .map(display_name)
                .filter(|n| !n.is_empty());
            name.or_else(|| {
                let addr = a.address.as_deref()?;
                Some(addr.split('@').next()?.to_string()).filter(|l| !l.is_empty())
            })
        })
        .collect()
}

fn display_name(name: &str) -> String {
    let name = name.trim().trim_matches(['"', '\'']);
    let name = match name.find("' via ") {
        Some(i) => &name[..i],
        None => name,
    };
    let name = name.trim().trim_matches(['"', '\'']).trim();
    // A "name" that is an address ("jane@example.org" <jane@example.org>) names nobody;
    // "The Batch @ DeepLearning.AI" does.
    if name.contains('@') && !name.contains(char::is_whitespace) {
        String::new()
    } else {
        name.to_string()
    }
}

pub(crate) fn source(m: &mail_parser::Message<'_>) -> Option<String> {
    if let Some(list) = m.list_id().as_address().and_then(|a| a.first()) {
        let name = list
            .name
            .as_deref()
            .map(display_name)
            .filter(|n| !n.is_empty());
        let id = list.address.as_deref().map(|a| a.trim().to_string());
        if let Some(s) = name.or(id).filter(|s| !s.is_empty()) {
            return Some(s);
        }
    }
    if let Some(raw) = m.header_raw("List-Id") {
        let raw = raw.trim().trim_matches(['<', '>']).trim();
        if !raw.is_empty() {
            return Some(raw.to_string());
        }
    }
    let sender = m.from().and_then(|a| a.first())?;
    let name = sender
        .name
        .as_deref()
        .map(display_name)
        .filter(|n| !n.is_empty());
    name.or_else(|| {
        let domain = sender.address.as_deref()?.rsplit_once('@')?.1.trim();
        Some(domain.to_ascii_lowercase()).filter(|d| !d.is_empty())
    })
}

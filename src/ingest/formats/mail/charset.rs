//! What mail-parser leaves to its caller: text parts without a usable charset label (it then
//! decodes as UTF-8 with U+FFFD), HTML whose charset is only in a `<meta>` tag (MHTML parts
//! saved by Chrome carry no charset parameter), and x-uuencode attachments (it returns the
//! encoded text as the attachment's bytes; the 2002 RTO West mail in the corpus has one).

use mail_parser::decoders::{base64::base64_decode, quoted_printable::quoted_printable_decode};
use mail_parser::{decoders::charsets::map::charset_decoder, Encoding, MessagePart, MimeHeaders};

/// `type/subtype` in lowercase, `application/octet-stream` when absent (RFC 2045 5.2 says
/// text/plain, but a part mail-parser files as an attachment without a type is binary).
pub(crate) fn content_type(p: &MessagePart<'_>) -> String {
    match p.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
            None => ct.ctype().to_ascii_lowercase(),
        },
        None if p.is_message() => "message/rfc822".into(),
        None => "application/octet-stream".into(),
    }
}

/// The part names a charset that mail-parser can decode, so its text is as good as it gets.
pub(crate) fn has_known_charset(p: &MessagePart<'_>) -> bool {
    p.content_type()
        .and_then(|ct| ct.attribute("charset"))
        .is_some_and(|c| charset_decoder(c.as_bytes()).is_some())
}

/// Decodes the part's raw bytes again: transfer encoding, then the charset of an HTML `<meta>`
/// (first 4 kB, where browsers look for it too) or of the label with `_` read as `-`, else
/// UTF-8 when valid, else windows-1252, what unlabelled 8-bit Western mail nearly always is.
pub(crate) fn redecode_text(raw: &[u8], p: &MessagePart<'_>) -> Option<String> {
    let body = raw.get(p.offset_body as usize..p.offset_end as usize)?;
    let bytes = match p.encoding {
        Encoding::QuotedPrintable => quoted_printable_decode(body)?,
        Encoding::Base64 => base64_decode(body)?,
        Encoding::None => body.to_vec(),
    };
    Some(decode_bytes(&bytes, label(p).as_deref(), p.is_text_html()))
}

fn label(p: &MessagePart<'_>) -> Option<String> {
    let c = p.content_type()?.attribute("charset")?;
    Some(c.trim().replace('_', "-"))
}

/// Bytes to text, with a declared label first, an HTML meta charset second.
pub(crate) fn decode_bytes(bytes: &[u8], label: Option<&str>, html: bool) -> String {
    let declared = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .or_else(|| {
            html.then(|| meta_charset(bytes))
                .flatten()
                .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        });
    if let Some(enc) = declared {
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// `charset=` inside the first 4 kB of an HTML document: `<meta charset="x">` and
/// `<meta http-equiv=Content-Type content="text/html; charset=x">` both match.
pub(crate) fn meta_charset(html: &[u8]) -> Option<String> {
    let head = &html[..html.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset=") {
            let value: String = tag[c + 8..]
                .iter()
                .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
                .take_while(|&&b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b))
                .map(|&b| b as char)
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes `begin 644 name` ... `end` when the part says x-uuencode; other bytes pass through.
pub(crate) fn uudecode_if_needed(p: &MessagePart<'_>, bytes: &[u8]) -> Vec<u8> {
    let uu = p
        .content_transfer_encoding()
        .is_some_and(|c| c.to_ascii_lowercase().contains("uuencode"));
    if uu {
        if let Some(decoded) = uudecode(bytes) {
            return decoded;
        }
    }
    bytes.to_vec()
}

/// Classic uuencoding: each line starts with a length character (32 + n), then groups of four
/// characters carrying 6 bits each (backquote counts as 0).
pub(crate) fn uudecode(text: &[u8]) -> Option<Vec<u8>> {
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    lines.by_ref().find(|l| l.starts_with(b"begin "))?;
    let mut out = Vec::new();
    for line in lines {
        if line == b"end" || line.is_empty() {
            break;
        }
        let n = usize::from(line[0].wrapping_sub(32) & 63);
        if n == 0 {
            continue;
        }
        let six = |b: &u8| b.wrapping_sub(32) & 63;
        let mut decoded = Vec::with_capacity(n + 2);
        for group in line[1..].chunks(4) {
            let mut c = [0u8; 4];
            for (dst, src) in c.iter_mut().zip(group) {
                *dst = six(src);
            }
            decoded.push((c[0] << 2) | (c[1] >> 4));
            decoded.push((c[1] << 4) | (c[2] >> 2));
            decoded.push((c[2] << 6) | c[3]);
        }
        decoded.truncate(n);
        out.extend_from_slice(&decoded);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uudecode_round_trip() {
        // "Cat" uuencoded is "#0V%T".
        let text = b"begin 644 cat.txt\n#0V%T\n`\nend\n";
        assert_eq!(uudecode(text).unwrap(), b"Cat");
        assert!(uudecode(b"no begin line here").is_none());
    }

    #[test]
    fn meta_charset_forms() {
        assert_eq!(
            meta_charset(b"<html><meta charset=\"gbk\">").as_deref(),
            Some("gbk")
        );
        let http = b"<META HTTP-EQUIV=Content-Type CONTENT=\"text/html; charset=windows-1251\">";
        assert_eq!(meta_charset(http).as_deref(), Some("windows-1251"));
        assert_eq!(meta_charset(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn decode_falls_back_to_windows_1252() {
        assert_eq!(decode_bytes(b"caf\xe9", None, false), "café");
        assert_eq!(decode_bytes("café".as_bytes(), None, false), "café");
        assert_eq!(decode_bytes(b"\xd7\xa9", Some("UTF-8"), false), "ש");
    }
}

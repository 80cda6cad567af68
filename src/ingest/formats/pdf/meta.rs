//! Document metadata: Info dictionary (Title, Author, CreationDate) and the XMP packet
//! (dc:title, dc:creator, xmp:CreateDate), with PDF text-string and date decoding.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use pdf_extract::{Dictionary, Document, Object};

#[derive(Debug, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<DateTime<FixedOffset>>,
}

/// Info first (what pdfinfo and most tools show), XMP fills what Info lacks.
pub fn read(doc: &Document) -> Meta {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let field = |k: &[u8]| {
        info.and_then(|d| info_string(doc, d, k))
            .filter(|s| !s.trim().is_empty())
    };
    let xmp = xmp_packet(doc).unwrap_or_default();
    let title = field(b"Title").or_else(|| xmp_first(&xmp, "dc:title"));
    let authors = match field(b"Author") {
        Some(a) => split_authors(&a),
        None => xmp_all(&xmp, "dc:creator")
            .iter()
            .flat_map(|a| split_authors(a))
            .collect(),
    };
    let date = field(b"CreationDate")
        .and_then(|d| parse_pdf_date(&d))
        .or_else(|| xmp_first(&xmp, "xmp:CreateDate").and_then(|d| parse_iso_date(&d)));
    Meta {
        title: title.map(|t| collapse(&t)),
        authors,
        date,
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn info_string(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    let o = d.get(key).ok()?;
    let (_, o) = doc.dereference(o).ok()?;
    match o {
        Object::String(b, _) => Some(decode_text_string(b)),
        Object::Name(b) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}

/// PDF text strings: UTF-16BE with a BOM, UTF-8 with a BOM (PDF 2.0), else PDFDocEncoding.
pub fn decode_text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units).replace('\0', "");
    }
    if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    // PDFDocEncoding equals Latin-1 except 0x80-0xA0 (PDF 1.7, Annex D.2).
    const HIGH: &str = "•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž\u{FFFD}€";
    let high: Vec<char> = HIGH.chars().collect();
    b.iter()
        .filter_map(|&c| match c {
            0x80..=0xA0 => high.get((c - 0x80) as usize).copied(),
            0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => None,
            _ => Some(c as char),
        })
        .collect()
}

fn xmp_packet(doc: &Document) -> Option<String> {
    let md = doc.catalog().ok()?.get(b"Metadata").ok()?;
    let (_, o) = doc.dereference(md).ok()?;
    let s = o.as_stream().ok()?;
    let bytes = s
        .decompressed_content()
        .unwrap_or_else(|_| s.content.clone());
    // Packets are a few KB; 4 MB is far past any real one.
    if bytes.len() > 4 << 20 {
        return None;
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Texts of the <rdf:li> items (or the element's own text) inside <tag>...</tag>.
fn xmp_all(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let Some(start) = xml.find(&open) else {
        // Attribute form: <rdf:Description xmp:CreateDate="...">
        let attr = format!("{tag}=\"");
        return xml
            .find(&attr)
            .and_then(|i| xml[i + attr.len()..].split('"').next())
            .map(|v| vec![unescape(v)])
            .unwrap_or_default();
    };
    let body_start = match xml[start..].find('>') {
        Some(i) if !xml[start..start + i].ends_with('/') => start + i + 1,
        _ => return Vec::new(),
    };
    let Some(end) = xml[body_start..].find(&close) else {
        return Vec::new();
    };
    let inner = &xml[body_start..body_start + end];
    let mut out = Vec::new();
    let mut rest = inner;
    while let Some(i) = rest.find("<rdf:li") {
        let Some(gt) = rest[i..].find('>') else { break };
        let from = i + gt + 1;
        let Some(e) = rest[from..].find("</rdf:li>") else {
            break;
        };
        out.push(unescape(&rest[from..from + e]));
        rest = &rest[from + e..];
    }
    if out.is_empty() && !inner.contains('<') {
        out.push(unescape(inner));
    }
    out.into_iter()
        .map(|s| collapse(&s))
        .filter(|s| !s.is_empty())
        .collect()
}

fn xmp_first(xml: &str, tag: &str) -> Option<String> {
    xmp_all(xml, tag).into_iter().next()
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(semi) = tail.find(';').filter(|&k| k <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let ent = &tail[1..semi];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=semi]),
        }
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// "A; B and C" -> [A, B, C]. Commas split too when every comma part has 2+ words
/// ("Ann Lee, Bo Park"), but not in "Lee, Ann" (surname first).
pub fn split_authors(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split(';') {
        for name in part.split(" and ") {
            let commas: Vec<&str> = name
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            if commas.len() > 1 && commas.iter().all(|p| p.split_whitespace().count() >= 2) {
                out.extend(commas.iter().map(|p| collapse(p)));
            } else {
                out.push(collapse(name.trim().trim_end_matches(',')));
            }
        }
    }
    out.retain(|a| !a.is_empty());
    out
}

/// `D:YYYYMMDDHHmmSSOHH'mm'` (PDF 1.7, 7.9.4); every part after the year is optional. A date
/// without offset is taken as UTC.
pub fn parse_pdf_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return parse_iso_date(s);
    }
    let num = |a: usize, b: usize, dflt: u32| {
        digits
            .get(a..b)
            .and_then(|x| x.parse().ok())
            .unwrap_or(dflt)
    };
    let year: i32 = digits[..4].parse().ok()?;
    let (mo, d, h, mi, se) = (
        num(4, 6, 1),
        num(6, 8, 1),
        num(8, 10, 0),
        num(10, 12, 0),
        num(12, 14, 0),
    );
    let rest = &s[digits.len()..];
    let mut offset = 0i32;
    if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
        let tz: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
        let oh: i32 = tz.get(..2).and_then(|x| x.parse().ok()).unwrap_or(0);
        let om: i32 = tz.get(2..4).and_then(|x| x.parse().ok()).unwrap_or(0);
        offset = (oh * 3600 + om * 60) * if sign == '-' { -1 } else { 1 };
    }
    let tz = FixedOffset::east_opt(offset).or_else(|| FixedOffset::east_opt(0))?;
    let naive = NaiveDate::from_ymd_opt(year, mo, d)?.and_hms_opt(h, mi, se.min(59))?;
    tz.from_local_datetime(&naive).single()
}

/// XMP dates: ISO 8601, full or cut after the year, month, day or minute.
pub fn parse_iso_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    for f in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%.f%:z"] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    let utc = FixedOffset::east_opt(0)?;
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return utc.from_local_datetime(&n).single();
        }
    }
    let date = s
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| {
            let y: i32 = s.get(..4)?.parse().ok()?;
            let m: u32 = s.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
            NaiveDate::from_ymd_opt(y, m, 1)
        })?;
    utc.from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .single()
}

/// Titles that say nothing: empty, "untitled", a file name ("Microsoft Word - x.docx",
/// "untitled.pdf", "report_v2.indd").
pub fn is_placeholder_title(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    if l.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return true;
    }
    const EXT: [&str; 14] = [
        ".pdf", ".doc", ".docx", ".rtf", ".txt", ".odt", ".indd", ".tex", ".dvi", ".ps", ".qxd",
        ".ppt", ".pptx", ".xls",
    ];
    l.starts_with("untitled")
        || l.starts_with("microsoft word -")
        || l.starts_with("microsoft powerpoint -")
        || matches!(
            l.as_str(),
            "title" | "document" | "no title" | "(anonymous)"
        )
        || EXT.iter().any(|e| l.ends_with(e))
}

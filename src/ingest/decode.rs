//! Bytes to text. Saved pages come in UTF-8 (with or without a BOM), UTF-16, and legacy
//! single-byte encodings (Windows-1252 is common in older English news; the BBC corpus has one).
//! Order: BOM, then strict UTF-8, then chardetng's guess. Binary files are refused, not guessed.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

/// Why a file's bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "empty file"),
            DecodeError::Binary => write!(f, "binary file, not text"),
        }
    }
}

/// The encoding a document declares in its first 2 KB: `<meta charset="...">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">` or
/// `<?xml version="1.0" encoding="...">`.
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    for key in ["charset=", "encoding="] {
        let mut rest = head.as_str();
        while let Some(i) = rest.find(key) {
            rest = &rest[i + key.len()..];
            let label: String = rest
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "-_:.".contains(*c))
                .collect();
            if let Some(e) = Encoding::for_label(label.as_bytes()) {
                return Some(e);
            }
        }
    }
    None
}

/// Decode markup (HTML, XML): BOM, then valid UTF-8, then the declared charset, then a guess.
/// Valid UTF-8 wins over the declaration: a page saved by a browser is re-encoded as UTF-8 but
/// keeps its old `<meta charset>`.
pub fn decode_markup(bytes: &[u8]) -> Result<String, DecodeError> {
    if Encoding::for_bom(bytes).is_none() && std::str::from_utf8(bytes).is_err() {
        if let Some(e) = declared(bytes) {
            if e != encoding_rs::UTF_8 {
                let (text, _) = e.decode_without_bom_handling(bytes);
                return Ok(text.into_owned());
            }
        }
    }
    decode(bytes)
}

/// Decode `bytes` to a String, choosing the encoding as described above.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    // A NUL byte in the first 8 KiB means a binary file (or BOM-less UTF-16, which no news
    // tool we know writes); both would decode to garbage.
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Kyiv • UNN".as_bytes()).unwrap(), "Kyiv • UNN");
        assert_eq!(decode(b"\xEF\xBB\xBFRome").unwrap(), "Rome");
    }

    #[test]
    fn windows_1252_quotes_and_accents_decode() {
        // "café ‘quoted’" in Windows-1252: é = E9, curly quotes = 91/92.
        let bytes = b"The caf\xE9 said \x91quoted\x92 words in a longer English sentence.";
        assert_eq!(
            decode(bytes).unwrap(),
            "The café said ‘quoted’ words in a longer English sentence."
        );
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Kyiv".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Kyiv");
    }

    #[test]
    fn declared_charsets_are_honoured_when_bytes_are_not_utf8() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        assert!(decode_markup(page).unwrap().contains("Привет"));
        let xml =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Caf\xe9</title></rss>";
        assert!(decode_markup(xml).unwrap().contains("Café"));
        // Valid UTF-8 wins over a stale declaration.
        let saved = "<meta charset=\"iso-8859-1\"><p>Kyiv • Київ</p>".as_bytes();
        assert!(decode_markup(saved).unwrap().contains("Київ"));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Err(DecodeError::Binary));
        assert_eq!(decode(b"  \n"), Err(DecodeError::Empty));
    }
}

//! HTML fragments to plain text: the bodies of feed entries and of JSON exports (`<p>...</p>`
//! inside a field). Whole pages go through the article extractor instead; fragments have no
//! navigation to remove, only tags to drop, paragraphs to keep and entities to decode.

/// Whether `s` looks like HTML rather than plain text.
pub fn is_html(s: &str) -> bool {
    let lower = s.get(..s.len().min(4096)).unwrap_or(s).to_ascii_lowercase();
    [
        "<p", "<br", "<div", "</", "<img", "<a ", "<ul", "<li", "<h1", "<h2", "<span", "<strong",
        "<em",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

/// Block elements: their boundaries are paragraph breaks.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "header",
    "footer",
];

/// Elements whose content is not text.
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "svg", "iframe"];

/// The text of an HTML fragment, paragraphs separated by blank lines.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skipping: Option<String> = None;
    // Once no `-->` is left, none will be: looking again for each `<!--` cost a scan of the rest
    // per comment, quadratic (100 KB of `<!--a>` took 3.1 s in a debug build).
    let mut comment_ends = true;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&decode_entities(&rest[..lt]));
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if tag.starts_with("!--") {
            // A comment may contain '>': skip to its real end.
            if comment_ends && !tag.ends_with("--") {
                match rest.find("-->") {
                    Some(end) => rest = &rest[end + 3..],
                    None => comment_ends = false,
                }
            }
            continue;
        }
        let (closing, name) = tag_name(tag);
        match &skipping {
            Some(s) if closing && *s == name => skipping = None,
            Some(_) => {}
            None if SKIPPED.contains(&name.as_str()) && !closing && !tag.ends_with('/') => {
                skipping = Some(name)
            }
            None if BLOCKS.contains(&name.as_str()) => out.push_str("\n\n"),
            None => {}
        }
    }
    if skipping.is_none() {
        out.push_str(&decode_entities(rest));
    }
    tidy(&out)
}

/// Whether a tag (the text after its `<`) closes an element, and the element's lowercase name
/// (empty for comments, doctypes and stray `<`).
pub fn tag_name(tag: &str) -> (bool, String) {
    let closing = tag.starts_with('/');
    let name = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (closing, name)
}

/// Collapse spaces inside paragraphs and blank lines between them; soft hyphens and
/// zero-width marks go (invisible on the page, they split words for search).
fn tidy(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .collect();
    s.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `&amp;`, `&#8217;`, `&#x2019;` and the named entities news pages use.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // Look for the `;` among the next 11 bytes only: searching the whole rest for each `&`
        // was quadratic (100 KB of `&` took 1.0 s in a debug build).
        let end = after.bytes().take(11).position(|b| b == b';');
        let decoded = end.and_then(|e| entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        // Soft hyphens and zero-width marks: decoded here, dropped by `tidy` (ZWJ stays: emoji).
        "shy" => '\u{AD}',
        "zwsp" => '\u{200B}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "thinsp" | "ensp" | "emsp" => ' ',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        "pound" => '£',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_entities_and_scripts() {
        let html = "<p>Italy &amp; Ukraine signed.</p><p>Rome&#8217;s <b>deal</b>&nbsp;holds.<script>var x = '<p>';</script></p><!-- <p>hidden</p> --><ul><li>One</li><li>Two</li></ul>";
        assert_eq!(
            to_text(html),
            "Italy & Ukraine signed.\n\nRome’s deal holds.\n\nOne\n\nTwo"
        );
    }

    #[test]
    fn plain_text_is_recognised() {
        assert!(!is_html("Italy & Ukraine signed a deal, 3 < 4."));
        assert!(is_html("Italy signed.<br/>More"));
        assert_eq!(
            decode_entities("AT&T and &bogus; &#x41;"),
            "AT&T and &bogus; A"
        );
    }

    #[test]
    fn many_ampersands_and_unclosed_comments_read_in_one_pass() {
        // Both were quadratic (a rescan of the rest per `&` or `<!--`); the output is the check.
        let amps = "&".repeat(100_000) + "&amp;&#x41;";
        assert!(decode_entities(&amps) == "&".repeat(100_001) + "A");
        // No `-->` anywhere: each `<!--a>` is a tag, and the text between them stays.
        let comments = "<!--a>x ".repeat(12_000) + "end";
        assert!(to_text(&comments) == "x ".repeat(12_000) + "end");
        assert_eq!(to_text("a<!-- <p>b --> c<!--d>e"), "a ce");
    }
}

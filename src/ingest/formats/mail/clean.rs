//! Plain-text clean-up for e-mail bodies before indexing: a reply's quoted history, the
//! signature and a newsletter's unsubscribe footer repeat in every message of a thread or an
//! issue, so they would dominate search hits and near-duplicate detection. Only the text the
//! sender wrote for this message is kept. Forwarded messages are kept: for a forwarded
//! newsletter the forwarded text is the content.

/// Phrases of a mailing footer, lowercase (English, German, French, Dutch).
const FOOTER: [&str; 33] = [
    "unsubscribe",
    "rather not receive",
    "want to receive these emails",
    "click here to opt out",
    "you are receiving this",
    "you received this",
    "you're receiving this",
    "view in browser",
    "view this email in your browser",
    "view it in your browser",
    "update your preferences",
    "manage your preferences",
    "email preferences",
    "mailman/listinfo",
    "abmelden",
    "abbestellen",
    "im browser ansehen",
    "im browser anzeigen",
    "sie erhalten diese",
    "einstellungen ändern",
    "désinscri",
    "désabonn",
    "desabonn",
    "voir la version en ligne",
    "vous recevez ce",
    "gérer vos préférences",
    "afmelden",
    "uitschrijven",
    "bekijk in je browser",
    "bekijk deze e-mail",
    "bekijk de online versie",
    "je ontvangt deze",
    "u ontvangt deze",
];

/// Lines that start an included original below a reply (Outlook and its translations).
const ORIGINAL: [&str; 6] = [
    "original message",
    "ursprüngliche nachricht",
    "message d'origine",
    "message original",
    "oorspronkelijk bericht",
    "origineel bericht",
];

/// Endings of the attribution line a client puts above a quote ("On Tue, Ann wrote:").
const WROTE: [&str; 6] = [
    "wrote:",
    "schrieb:",
    "a écrit :",
    "a écrit:",
    "schreef:",
    "geschreven:",
];

/// Drops quoted replies, the attribution above them, an included "Original Message", the
/// signature after "-- " and unsubscribe/footer blocks at the end; keeps everything else.
pub fn clean_text_body(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut lines: Vec<&str> = text.split('\n').collect();
    cut_original_and_signature(&mut lines);
    let lines = drop_quotes(&lines);
    let lines = drop_footer(lines);
    let lines = drop_view_in_browser(lines);
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn cut_original_and_signature(lines: &mut Vec<&str>) {
    let lower = |l: &str| l.trim().to_lowercase();
    let cut = lines.iter().enumerate().position(|(i, l)| {
        let t = lower(l);
        let dashed = t.starts_with("---") || t.starts_with("___");
        (dashed && ORIGINAL.iter().any(|o| t.contains(o)))
            // The sig delimiter "-- " (RFC 3676 4.3); a bare "--" only with at most 30 lines
            // after it (the corpus's longest, a 2002 list mail with a legal notice, has 29),
            // since clients strip the trailing space but "--" also draws a rule.
            || (i > 0 && *l == "-- ")
            || (i > 0 && *l == "--" && lines.len() - i <= 31)
            || outlook_header(&lines[i..])
    });
    if let Some(cut) = cut {
        lines.truncate(cut);
    }
}

/// Outlook's included original: "From: x" then "Sent:" (or "Date:") within 3 lines, often
/// after a line of underscores.
fn outlook_header(lines: &[&str]) -> bool {
    let first = lines[0].trim();
    let from = ["From:", "Von:", "De :", "De:", "Van:"];
    if !from.iter().any(|f| first.starts_with(f)) {
        return false;
    }
    let sent = [
        "Sent:",
        "Gesendet:",
        "Envoyé :",
        "Envoyé:",
        "Verzonden:",
        "Date:",
    ];
    let followed = lines
        .iter()
        .skip(1)
        .take(3)
        .any(|l| sent.iter().any(|s| l.trim().starts_with(s)));
    let has_subject = lines.iter().skip(1).take(5).any(|l| {
        let t = l.trim();
        t.starts_with("Subject:") || t.starts_with("Betreff:") || t.starts_with("Objet")
    });
    followed && has_subject
}

/// Removes "> " lines and the "On ... wrote:" line (or two, when a client wrapped it) above a
/// quote.
fn drop_quotes<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.starts_with('>') {
            continue;
        }
        if is_attribution(t) && next_is_quote_or_end(&lines[i + 1..]) {
            // A wrapped attribution: "On Tue, 17 Nov 2009, Ann Smith\n<ann@example.org> wrote:".
            if let Some(prev) = out.last() {
                let p = prev.trim_start();
                let starts = ["On ", "Am ", "Le ", "Op "];
                if !starts.iter().any(|s| t.starts_with(s))
                    && starts.iter().any(|s| p.starts_with(s))
                {
                    out.pop();
                }
            }
            continue;
        }
        out.push(line);
    }
    out
}

/// "... wrote:" / "... a écrit :", or German and Dutch clients' "Am ... schrieb Name <a@b>:"
/// and "Op ... schreef Name <a@b>:", where the verb comes before the name.
fn is_attribution(line: &str) -> bool {
    let lower = line.trim_end().to_lowercase();
    WROTE.iter().any(|w| lower.ends_with(w))
        || (lower.ends_with(':') && (lower.contains(" schrieb ") || lower.contains(" schreef ")))
}

fn next_is_quote_or_end(rest: &[&str]) -> bool {
    match rest.iter().find(|l| !l.trim().is_empty()) {
        Some(l) => l.trim_start().starts_with('>'),
        None => true,
    }
}

/// Cuts from the first paragraph that holds a footer phrase, if that paragraph lies in the last
/// 40% of the text or the last 12 lines (a short note above a long footer), never the first
/// paragraph (a news item may mention "unsubscribe" earlier), and from a separator line
/// ("----", "____") right above it.
fn drop_footer(mut lines: Vec<&str>) -> Vec<&str> {
    let total: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mut offset = 0;
    let mut para_start = 0;
    let mut para_offset = 0;
    let mut cut = None;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() || is_rule(line) {
            para_start = i + 1;
            para_offset = offset + line.len() + 1;
        } else if para_start > 0
            && (para_offset * 10 >= total * 6 || lines.len() - para_start <= 12)
        {
            let lower = line.to_lowercase();
            if FOOTER.iter().any(|f| lower.contains(f)) {
                cut = Some(para_start);
                break;
            }
        }
        offset += line.len() + 1;
    }
    let mut cut = cut.unwrap_or(lines.len());
    // Also drop rules and blank lines left at the end ("   _____" above a list footer).
    while cut > 0 && (lines[cut - 1].trim().is_empty() || is_rule(lines[cut - 1])) {
        cut -= 1;
    }
    lines.truncate(cut);
    lines
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 4 && t.chars().all(|c| "-_=*~".contains(c))
}

/// Newsletters open with a short "View this email in your browser" line: drop it when it is
/// among the first 5 non-empty lines and under 120 bytes.
fn drop_view_in_browser(mut lines: Vec<&str>) -> Vec<&str> {
    let views = [
        "view in browser",
        "view this email in your browser",
        "view it in your browser",
        "im browser ansehen",
        "im browser anzeigen",
        "voir la version en ligne",
        "bekijk in je browser",
        "bekijk de online versie",
    ];
    let mut seen = 0;
    let mut i = 0;
    while i < lines.len() && seen < 5 {
        let t = lines[i].trim();
        if !t.is_empty() {
            seen += 1;
            let lower = t.to_lowercase();
            if t.len() < 120 && views.iter().any(|v| lower.contains(v)) {
                lines.remove(i);
                continue;
            }
        }
        i += 1;
    }
    lines
}

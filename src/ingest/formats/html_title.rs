//! A web page's headline: its `<title>` or og:title without the site's name, or the page's own
//! headline (`<h1>`, JSON-LD `headline`) when the two agree.
//!
//! Pages name themselves in their titles in every script and with every separator:
//! `Headline | Outlet`, `Headline – Outlet – 01.02.2025`, `Outlet: Headline`, `标题_网站`,
//! `【网站】标题`. The title is cut into segments at those separators; segments at either end that
//! name the site (its og:site_name, sitename, host name parts, or a repeat of the same words) or
//! are a date are dropped, and what is left is the headline. Soft hyphens, zero-width characters
//! and odd spaces are normalised first: they hide separators and break comparisons.

use std::sync::LazyLock;

use regex::Regex;

/// Soft hyphens and zero-width characters go; non-breaking and other odd spaces become spaces.
pub fn normalise(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .map(|c| {
            if c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Separators written between spaces (`Headline | Outlet`), longest first so that ` :: ` is not
/// read as two colons. A bare `-` or `:` only counts with spaces around it: inside a headline
/// (`Covid-19`, `Ukraine: talks`) they are words' parts or the headline's own colon.
const SPACED: &[&str] = &[
    " :: ", " | ", " - ", " – ", " — ", " · ", " • ", " / ", " » ", " « ", " ~ ", " : ", " ‹ ",
    " › ",
];

/// Separators of CJK titles, written without spaces (`标题｜网站`, `标题_网站`, `标题－网站`).
const TIGHT: &[char] = &['｜', '|', '－', '—', '_', '：', '·', '丨', '–'];

/// A title cut at its separators: the segments, each trimmed.
fn segments(title: &str) -> Vec<String> {
    let mut parts = vec![title.to_string()];
    for sep in SPACED {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    if title.chars().any(is_cjk) {
        parts = parts
            .iter()
            .flat_map(|p| p.split(TIGHT).map(str::to_string).collect::<Vec<_>>())
            .collect();
        // `【网站】标题`, `[网站] 标题`: a bracketed part is a segment of its own.
        parts = parts.iter().flat_map(|p| brackets(p)).collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn brackets(p: &str) -> Vec<String> {
    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"【[^】]*】|\[[^\]]*\]|「[^」]*」").expect("brackets"));
    let mut out = Vec::new();
    let mut last = 0;
    for m in BRACKETED.find_iter(p) {
        out.push(p[last..m.start()].to_string());
        let inner = m.as_str().trim_matches(|c| "【】[]「」".contains(c));
        out.push(inner.to_string());
        last = m.end();
    }
    out.push(p[last..].to_string());
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

/// Lowercase words of letters and digits: what two names or headlines are compared by.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words that name the site: its declared names and its host name without `www` and the
/// top-level domain (`www.golem.de` -> `golem`), each also glued (`Global News` ->
/// `globalnews`, as hosts write it).
pub fn site_words(names: &[&str], host: &str) -> Vec<String> {
    let mut out = Vec::new();
    for n in names {
        let w = words(n);
        if w.len() > 1 {
            out.push(w.concat());
        }
        out.extend(
            w.into_iter()
                .filter(|w| w.chars().count() >= 3 || w.chars().any(is_cjk)),
        );
    }
    let host = host.trim_start_matches("www.");
    let labels: Vec<&str> = host.split('.').collect();
    for label in labels.iter().take(labels.len().saturating_sub(1)) {
        if label.len() >= 3 && !["com", "www", "news", "co"].contains(label) {
            out.push(label.to_lowercase());
        }
    }
    out.sort();
    out.dedup();
    out
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}\.? \p{L}+\.? \d{4})$")
        .expect("date regex")
});

/// Whether a segment names the site: its words, or the segment glued, are among the site's
/// words, or it is a date. A long segment (over 6 words) is the headline, whatever it shares.
fn names_site(segment: &str, site: &[String]) -> bool {
    if DATE.is_match(segment) {
        return true;
    }
    let w = words(segment);
    if w.is_empty() || w.len() > 6 {
        return false;
    }
    let glued = w.concat();
    if site.contains(&glued) {
        return true;
    }
    // `Outlet Section`, `Golem.de`: at least half the segment's words of 3 letters or more are
    // site words (one shared `und` is not enough). CJK segments have no spaces: a short
    // segment (12 characters at most, not a headline) must contain a CJK site name.
    let long: Vec<&String> = w.iter().filter(|x| x.chars().count() >= 3).collect();
    let shared = long.iter().filter(|x| site.contains(x)).count();
    shared * 2 >= long.len() && shared > 0
        || glued.chars().count() <= 12
            && site.iter().any(|s| {
                s.chars().any(is_cjk) && s.chars().count() >= 2 && glued.contains(s.as_str())
            })
}

/// The headline of a page title: the segments naming the site dropped from both ends, the
/// rest kept as written (a headline's own ` - ` stays). Nothing is cut when what would be left
/// is shorter than 3 words (or 4 CJK characters): a short title is more likely all headline.
pub fn without_site(title: &str, site: &[String]) -> String {
    let mut title = normalise(title);
    // `Outlet: Headline`: a colon after the site's whole name. Only the whole name: a
    // headline's own colon follows a topic (`Chemnitzer Hutfestival: Wann...`), and sharing a
    // word with the site cut 5 such topics off on the shared pages (2 of them in half A).
    if let Some((head, rest)) = title.split_once(": ") {
        if head.split_whitespace().count() <= 4
            && site.contains(&words(head).concat())
            && rest.split_whitespace().count() >= 3
        {
            title = rest.trim().to_string();
        }
    }
    let segs = segments(&title);
    if segs.len() < 2 {
        return title;
    }
    let (mut from, mut to) = (0, segs.len());
    while to > from + 1 && names_site(&segs[to - 1], site) {
        to -= 1;
    }
    while to > from + 1 && names_site(&segs[from], site) {
        from += 1;
    }
    if (from, to) == (0, segs.len()) {
        return title;
    }
    // Cut the title text itself between the kept segments' first and last characters, so the
    // headline keeps its own punctuation.
    let (Some(start), Some(end)) = (title.find(&segs[from]), title.rfind(&segs[to - 1])) else {
        return title;
    };
    let kept = title[start..end + segs[to - 1].len()].trim().to_string();
    let long_enough = if kept.chars().any(is_cjk) {
        kept.chars().count() >= 4
    } else {
        kept.split_whitespace().count() >= 3
    };
    if long_enough {
        kept
    } else {
        title
    }
}

/// Whether a page's own headline agrees with its title: the same words, or the headline's
/// words opening the title's (`Headline` in `Headline-Section`) or the other way round when the
/// title was cut short (`Long headline…`), the shorter one at least 3 words (CJK: 6
/// characters) and 60% of the longer, so that a kicker or a section label is not a match.
pub fn agrees(headline: &str, title: &str) -> bool {
    let (h, t) = (words(&normalise(headline)), words(&normalise(title)));
    if h.is_empty() || t.is_empty() {
        return false;
    }
    if h == t {
        return true;
    }
    let (h, t) = (h.join(" "), t.join(" "));
    let (short, long) = if h.len() <= t.len() {
        (&h, &t)
    } else {
        (&t, &h)
    };
    let size = |s: &str| -> usize {
        s.split(' ')
            .map(|w| {
                let cjk = w.chars().filter(|c| is_cjk(*c)).count();
                if cjk > 0 {
                    cjk.div_ceil(2)
                } else {
                    1
                }
            })
            .sum()
    };
    let Some(rest) = long.strip_prefix(short.as_str()) else {
        return false;
    };
    rest.chars().next().is_none_or(|c| c == ' ' || is_cjk(c))
        && size(short) >= 3
        && size(short) * 10 >= size(long) * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(title: &str, names: &[&str], host: &str) -> String {
        without_site(title, &site_words(names, host))
    }

    #[test]
    fn site_suffixes_and_prefixes_go_in_every_separator() {
        let cases = [
            (
                "Russia hits Kyiv with missiles | Global News",
                &["Global News"][..],
                "globalnews.ca",
                "Russia hits Kyiv with missiles",
            ),
            (
                "Hat Quantumscape genug Akkus gebaut? - Golem.de",
                &[][..],
                "www.golem.de",
                "Hat Quantumscape genug Akkus gebaut?",
            ),
            (
                "Regierung plant neue Abgabe – Kärntner Tagblatt – 03.02.2025",
                &["Kärntner Tagblatt"][..],
                "",
                "Regierung plant neue Abgabe",
            ),
            (
                "Le Sénat vote la réforme des retraites - Le Courrier Politique",
                &["Le Courrier"][..],
                "lecourrier.fr",
                "Le Sénat vote la réforme des retraites",
            ),
            (
                "Nordbote: Fähre nach Sylt fällt zwei Wochen aus",
                &["Nordbote"][..],
                "",
                "Fähre nach Sylt fällt zwei Wochen aus",
            ),
            (
                "El Gobierno aprueba el presupuesto · Diario del Sur",
                &[][..],
                "diariodelsur.es",
                "El Gobierno aprueba el presupuesto",
            ),
            (
                "Ministro visita Pequim — Folha Austral",
                &["Folha Austral"][..],
                "",
                "Ministro visita Pequim",
            ),
            (
                "Выборы в Раде перенесли на осень » Вечерний Дон",
                &["Вечерний Дон"][..],
                "",
                "Выборы в Раде перенесли на осень",
            ),
        ];
        for (title, names, host, want) in cases {
            assert_eq!(cut(title, names, host), want, "{title}");
        }
    }

    #[test]
    fn cjk_titles_lose_the_site_by_their_own_separators() {
        assert_eq!(
            cut("外交部长会见邻国代表团｜东方晨报", &["东方晨报"], ""),
            "外交部长会见邻国代表团"
        );
        assert_eq!(
            cut("外交部长会见邻国代表团_东方晨报网", &["东方晨报"], ""),
            "外交部长会见邻国代表团"
        );
        assert_eq!(
            cut("【东方晨报】外交部长会见邻国代表团", &["东方晨报"], ""),
            "外交部长会见邻国代表团"
        );
        assert_eq!(
            cut(
                "首相が新たな経済対策を発表 - 北海タイムス",
                &["北海タイムス"],
                ""
            ),
            "首相が新たな経済対策を発表"
        );
        assert_eq!(
            cut("정부, 새 예산안 발표 | 한빛일보", &["한빛일보"], ""),
            "정부, 새 예산안 발표"
        );
    }

    #[test]
    fn headline_separators_and_short_titles_stay() {
        assert_eq!(
            cut("Meloni: Italy will help - but no troops", &["UNN"], ""),
            "Meloni: Italy will help - but no troops"
        );
        assert_eq!(
            cut("Talks end | CBC", &["CBC News"], ""),
            "Talks end | CBC",
            "too short a headline to cut"
        );
        assert_eq!(
            cut("Covid-19 cases rise in Lombardy", &["Lombardy Post"], ""),
            "Covid-19 cases rise in Lombardy"
        );
    }

    #[test]
    fn soft_hyphens_zero_widths_and_odd_spaces_are_normalised() {
        assert_eq!(
            normalise("Bundes\u{AD}regierung\u{200B} plant\u{A0}neue\u{202F}Abgabe\u{FEFF}"),
            "Bundesregierung plant neue Abgabe"
        );
        // A non-breaking space hid the separator: it is found once normalised.
        assert_eq!(
            cut(
                "Fähre nach Sylt fällt aus\u{A0}|\u{A0}Nordbote",
                &["Nordbote"],
                ""
            ),
            "Fähre nach Sylt fällt aus"
        );
    }

    #[test]
    fn own_headline_wins_when_it_agrees() {
        assert!(agrees(
            "Fähre nach Sylt fällt aus",
            "Fähre nach Sylt fällt aus-Inseln"
        ));
        assert!(agrees(
            "Fähre nach Sylt fällt aus",
            "fähre nach sylt fällt aus!"
        ));
        assert!(
            !agrees("Sylt", "Sylt: Fähre fällt zwei Wochen aus"),
            "a kicker is not the headline"
        );
        assert!(!agrees(
            "Fähre nach Sylt",
            "Fähre nach Sylt fällt zwei Wochen aus wegen Sturm"
        ));
        assert!(agrees(
            "外交部长会见邻国代表团",
            "外交部长会见邻国代表团国际"
        ));
    }
}

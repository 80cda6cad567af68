//! What a web page adds around an article, recognised line by line in saved text: reader comments
//! (everything from the comment counter down), related-links blocks, correction prompts, view
//! counters, share and subscribe prompts, and section labels. Removing it keeps the comment
//! writers' words out of the index and out of the entities (a Beijing in a comment is not a
//! China mention of the article).
//!
//! English cues are the patterns below; the same furniture in 25 other languages (`Kommentare`,
//! `Читайте также`, `À lire aussi`, `اقرأ أيضا`, `相关新闻`, share and ad labels, error-report
//! prompts) comes from `data/boilerplate.tsv`, one phrase a line, turned into one pattern per kind.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::metadata;

/// Lines that start the reader-comment section. Everything from here down is dropped.
static COMMENTS_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:comments?\s*\(\s*\d+\s*\)|\d+\s+comments?|comments|reader comments|leave a (?:comment|reply)|add (?:a )?comment|show comments|join the (?:conversation|discussion)|discussion\s*\(\s*\d+\s*\))\s*:?\s*$")
        .expect("comments regex")
});

/// Lines that introduce a related-links block: it and the rest of the page are dropped.
static RELATED_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:other topics of interest|related (?:articles|news|stories|topics|content)|read also:?|read more:?|more on this topic|more from|you may also like|you might also like|recommended(?: for you)?|most (?:read|popular|viewed)|latest news|more stories|see also:?|popular now)\s*$")
        .expect("related regex")
});

/// Single lines of page furniture, dropped wherever they stand.
static NOISE_LINES: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)^\s*to suggest a correction",
        r"(?i)^\s*you can also highlight the text and press",
        r"(?i)^\s*(?:if you (?:notice|find|spot) an? (?:error|mistake|typo))",
        r"(?i)^\s*(?:advertisement|sponsored|share this (?:article|story)|share on \w+|subscribe(?: now| to our newsletter)?|sign up for our newsletter|click here to subscribe|print this article|follow us on .{1,40})\s*$",
        r"(?i)^\s*(?:details|recall|reference|also read|photo|video|listen to this article)\s*:?\s*$",
        r"(?i)^\s*this comment contains spoilers",
        r"^\s*Reuter\s*$",
        r"^\s*(?:REUTER|Reuters)\s*$",
    ])
    .expect("noise regex set")
});

/// The phrases of `data/boilerplate.tsv` of one kind, as a regex alternation (escaped, inner
/// spaces matching any run of spaces).
fn phrases(kind: &str) -> String {
    include_str!("data/boilerplate.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            (cols.next()? == kind).then(|| cols.nth(1))?
        })
        .map(|p| {
            p.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The other languages' cues: comment section starts (with an optional count before or in
/// parentheses after), related-block starts, furniture lines and error-report prompts.
static FOREIGN: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    let whole = |p: String| format!(r"(?i)^\s*(?:{p})\s*[:.!?]?\s*$");
    [
        format!(
            r"(?i)^\s*(?:\d+\s+)?(?:{})\s*(?:\(\s*\d+\s*\))?\s*:?\s*$",
            phrases("comments")
        ),
        whole(phrases("related")),
        whole(phrases("noise")),
        format!(r"(?i)^\s*(?:{})", phrases("prompt")),
    ]
    .map(|re| Regex::new(&re).expect("boilerplate phrases"))
});

/// The nouns of view counters in other languages (`Aufruf`, `просмотр`), matched with any ending.
pub fn view_nouns() -> String {
    phrases("views")
}

/// Longer lines are running text, never a whole-line cue: the longest phrase of the table is
/// ~70 bytes in UTF-8 (Arabic and Cyrillic take two bytes a letter), plus a count. Checking the
/// length first keeps the per-line cost of the table off every paragraph.
const MAX_CUE_LINE: usize = 120;

fn comments_start(line: &str) -> bool {
    line.len() <= MAX_CUE_LINE && (COMMENTS_START.is_match(line) || FOREIGN[0].is_match(line))
}

fn related_start(line: &str) -> bool {
    line.len() <= MAX_CUE_LINE && (RELATED_START.is_match(line) || FOREIGN[1].is_match(line))
}

fn noise(line: &str) -> bool {
    (line.len() <= MAX_CUE_LINE && FOREIGN[2].is_match(line))
        || NOISE_LINES.is_match(line)
        || FOREIGN[3].is_match(line)
}

/// Clean the body lines of an article: cut comments and related links, drop furniture and
/// repeats of the headline. Returns the kept lines (blank lines kept as paragraph breaks).
pub fn clean<'a>(lines: &[&'a str], title: Option<&str>) -> Vec<&'a str> {
    let mut end = lines
        .iter()
        .position(|l| comments_start(l))
        .unwrap_or(lines.len());
    // A related-links block only counts once the article has started: a first line reading
    // "Read more" is not a block.
    if let Some(start) = lines[..end]
        .iter()
        .enumerate()
        .position(|(i, l)| i > 0 && related_start(l) && has_paragraph(&lines[..i]))
    {
        end = start;
        // The block's first headline often stands just above the marker (seed 000).
        if let Some(prev) = lines[..end].iter().rposition(|l| !l.trim().is_empty()) {
            if looks_like_teaser_headline(lines[prev]) {
                end = prev;
            }
        }
    }
    let title_norm = title.map(normalize);
    lines[..end]
        .iter()
        .copied()
        .filter(|l| !noise(l) && !metadata::view_counter(l))
        .filter(|l| title_norm.as_deref() != Some(normalize(l).as_str()) || l.trim().is_empty())
        .collect()
}

/// A line of running text: twelve words, or (Chinese and Japanese write no spaces) 24
/// characters of those scripts, about as much text.
fn has_paragraph(lines: &[&str]) -> bool {
    lines.iter().any(|l| {
        l.split_whitespace().count() >= 12
            || l.chars().filter(|&c| super::language::is_cjk(c)).count() >= 24
    })
}

fn looks_like_teaser_headline(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (2..=20).contains(&words) && !t.ends_with(['.', ':', ';', ','])
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD_DE: &str = "Die Außenminister der Europäischen Union haben am Montag in Brüssel über neue Hilfen für die Ukraine beraten.";
    const LEAD_RU: &str = "Министры иностранных дел стран Евросоюза в понедельник обсудили в Брюсселе новую помощь Украине и санкции.";

    #[test]
    fn comments_and_related_blocks_in_other_languages_are_cut() {
        for (lead, marker, below) in [
            (LEAD_DE, "Kommentare (12)", "Leser Hans: Berlin soll zahlen"),
            (LEAD_DE, "Mehr zum Thema", "Kanzler reist nach Paris"),
            (LEAD_RU, "Комментарии", "Иван: Пекин тоже виноват"),
            (LEAD_RU, "Читайте также:", "Саммит в Вашингтоне перенесли"),
            (LEAD_RU, "3 комментария", "Пекин"),
            (LEAD_DE, "À lire aussi", "Macron à Berlin"),
            (LEAD_DE, "اقرأ أيضا", "قمة في القاهرة"),
            (LEAD_DE, "相关新闻", "北京会议"),
            (LEAD_DE, "Czytaj także", "Szczyt w Warszawie"),
        ] {
            let lines = [lead, "", marker, below];
            assert_eq!(clean(&lines, None), [lead, ""], "{marker}");
        }
    }

    #[test]
    fn furniture_lines_in_other_languages_are_dropped() {
        let lines = [
            "Teilen",
            LEAD_DE,
            "Anzeige",
            "1.234 Aufrufe",
            "Поделиться",
            "12 345 просмотров",
            "Если вы нашли ошибку, выделите её и нажмите Ctrl+Enter",
            "Fehler gefunden? Schreiben Sie uns.",
            "مشاركة",
            LEAD_RU,
        ];
        assert_eq!(clean(&lines, None), [LEAD_DE, LEAD_RU]);
    }

    #[test]
    fn the_same_words_inside_sentences_are_kept() {
        let lines = [
            LEAD_DE,
            "Die Kommentare der Minister fielen knapp aus, hieß es aus Diplomatenkreisen.",
            "Reklama w telewizji była tematem debaty w Sejmie w zeszłym tygodniu.",
        ];
        assert_eq!(clean(&lines, None), lines);
    }

    #[test]
    fn cuts_comments_and_everything_below() {
        let lines = [
            "Italy will sign the agreement, the minister said in a long statement to parliament.",
            "",
            "Comments ( 1)",
            "pauline marois",
            "submit to that mafia empires of beijing",
        ];
        let kept = clean(&lines, None);
        assert_eq!(kept.len(), 2);
        assert!(!kept.join(" ").contains("beijing"));
    }

    #[test]
    fn cuts_related_block_with_the_headline_above_it() {
        let lines = [
            "The talks will go on next week in Rome, the foreign ministry said on Thursday.",
            "",
            "Biden, Meloni Pushing for Further Support for Ukraine",
            "Other Topics of Interest",
            "",
            "Biden, Meloni Pushing for Further Support for Ukraine",
            "Ukraine aid has been blocked in the US House.",
        ];
        let kept = clean(&lines, None);
        assert_eq!(kept, [lines[0], ""]);
    }

    #[test]
    fn drops_prompts_counters_labels_and_repeated_headline() {
        let lines = [
            "Meloni rules out troops",
            " • 30 views",
            "Details",
            "The prime minister spoke after the meeting of the coalition in Paris on Tuesday.",
            "To suggest a correction or clarification, write to us here",
            "You can also highlight the text and press Ctrl + Enter",
        ];
        let kept = clean(&lines, Some("Meloni rules out  troops"));
        assert_eq!(kept, [lines[3]]);
    }
}

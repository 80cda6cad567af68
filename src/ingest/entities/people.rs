//! People found by how news names them: a title before the name (`Prime Minister Giorgia
//! Meloni`, `foreign minister Antonio Tajani`, `Mr. Tajani`), an office after it (`Antonio Tajani,
//! Italy's deputy prime minister`, `said Stephen Lewis, an analyst`). The curated list of
//! officials in `data/people.tsv` is matched by the gazetteer; this module finds everyone else
//! and resolves later surname-only mentions (`Tajani said`) to the full name.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Target, ENGLISH};

/// A capitalised name of one to four words, allowing initials and particles (`James A. Baker`,
/// `Ursula von der Leyen`).
///
/// Letters are Latin ones (accented included: `Ørsted`, `Özal`): names in English-language
/// news are in Latin script, and the full Unicode classes made these patterns take 17 ms to
/// compile, a third of the start-up of a small `dossier index` run.
const NAME: &str = r"((?:[A-ZÀ-ÖØ-ÞĀ-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’-]+|[A-ZÀ-ÖØ-Þ]\.)(?:\s+(?:[A-ZÀ-ÖØ-ÞĀ-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’-]+|[A-ZÀ-ÖØ-Þ]\.|von|van|der|den|de|du|dos|bin|al|el|da|di|del|la|le|ter)){0,3})";

/// A word boundary by ASCII letters. Unicode's `\b` stops the regex crate's fast DFA at the
/// first non-ASCII byte (a curly quote, an accented name), and the slow fallback (PikeVM) made
/// these three patterns nearly half of all ingest CPU in a profile of 100,000 articles. The
/// words the boundaries sit beside here (titles, `said`, `the`) are ASCII.
const B: &str = r"(?-u:\b)";

const TITLES: &str = r"(?:(?i:deputy\s+|vice\s+|acting\s+|former\s+|interim\s+)?(?i:prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|finance\s+minister|interior\s+minister|economy\s+minister|trade\s+minister|energy\s+minister|oil\s+minister|minister(?:\s+of\s+[A-Z][a-z]+(?:\s+(?:and|of)\s+[A-Z][a-z]+)*)?|president|chancellor|secretary\s+of\s+state|secretary[- ]general|treasury\s+secretary|secretary|ambassador|envoy|senator|governor|crown\s+prince|prince|king|queen|pope|sheikh|emir|admiral|mayor|speaker|spokes(?:man|woman|person)|chairman|chairwoman|commissioner|premier|analyst|economist|chief\s+executive|managing\s+director|(?:mission\s+)?chief|head|director|opposition\s+leader|leader|adviser|advisor|diplomat|lawmaker|judge|prosecutor)|(?:Mr|Mrs|Ms|Dr|Sen|Gen|Gov|Rep|Adm|Col|Lt)\.?)";

static TITLE_THEN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{B}(?P<title>{TITLES})\s+{NAME}")).expect("title regex")
});

/// Titles after which a single word is a surname (`Mr. Tajani`); after other cues a lone
/// capitalised word must recur to count (`Chairman Resigns` in a headline is no one).
static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:mr|mrs|ms|dr|sen|gen|gov|rep|adm|col|lt)\.?$|president|minister|chancellor|secretary|ambassador|premier|king|queen|pope|prince")
        .expect("honorific regex")
});

static NAME_THEN_OFFICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{NAME},\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][A-Za-zÀ-ÖØ-öø-ɏ.]+(?:'s|’s)\s+)?(?:(?:deputy|vice|former|acting|chief|senior|top|new|foreign|finance|defen[cs]e|prime)\s+)*(?i:prime\s+minister|minister|president|ambassador|secretary|chancellor|spokes(?:man|woman|person)|chairman|chief|head|director|governor|leader|envoy|analyst|economist|official|adviser|advisor|commissioner|diplomat){B}"
    ))
    .expect("office regex")
});

static SAID_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{B}said\s+{NAME},\s+(?:the|a|an){B}")).expect("said regex")
});

/// Lowercase words inside names: `Ursula von der Leyen`, `Barend du Plessis`.
const PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "du", "dos", "bin", "al", "el", "da", "di", "del", "la",
    "le", "ter",
];

/// Capitalised words that start sentences or name things, never people.
const NOT_NAME_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "For",
    "And",
    "But",
    "Or",
    "If",
    "As",
    "By",
    "From",
    "With",
    "To",
    "Of",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Last",
    "Next",
    "Meanwhile",
    "However",
    "According",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Office",
    "Ministry",
    "Government",
    "Minister",
    "President",
    "Secretary",
    "Parliament",
    "Council",
    "Committee",
    "Commission",
    "House",
    "Senate",
    "Party",
    "Department",
    "Inc",
    "Corp",
    "Ltd",
    "Co",
    "Group",
    "Bank",
    "Reuters",
    "Reuter",
    "Said",
    "Says",
    "Also",
    "Both",
    "Details",
    "Recall",
    "Article",
    "Alliance",
    "Coalition",
    "Forces",
    "Army",
    "Navy",
    "State",
    "States",
    "Republic",
    "Union",
    "Federal",
    "National",
    "General",
    "Foreign",
    "Prime",
    "Deputy",
    "Vice",
    "Chief",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    // Military and civil rank abbreviations: `Lt. Col. Oliver North`.
    "Col",
    "Gen",
    "Lt",
    "Sen",
    "Rep",
    "Adm",
    "Gov",
    "Sgt",
    "Capt",
    "Maj",
];

/// A person found by a cue: the name as written (possessive removed) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuedName {
    pub name: String,
    pub start: usize,
}

/// Names introduced by titles and offices in `text`.
pub fn cued_names(text: &str) -> Vec<CuedName> {
    let mut out = Vec::new();
    for re in [&*TITLE_THEN_NAME, &*NAME_THEN_OFFICE, &*SAID_NAME] {
        for c in re.captures_iter(text) {
            // The name is the last group: after the title, or the only one.
            let Some(m) = c.iter().flatten().last() else {
                continue;
            };
            let Some(name) = clean_name(m.as_str()) else {
                continue;
            };
            let honorific = c
                .name("title")
                .is_some_and(|t| HONORIFIC.is_match(t.as_str()));
            if name.contains(' ') || honorific || count_word(text, &name) >= 2 {
                out.push(CuedName {
                    name,
                    start: m.start(),
                });
            }
        }
    }
    out.sort_by_key(|c| c.start);
    out.dedup();
    out
}

/// Trim possessives and non-name words; refuse places, organisations and common words.
fn clean_name(raw: &str) -> Option<String> {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    // A possessive ends the name: `President Reagan's Council of Economic Advisers`.
    if let Some(i) = words
        .iter()
        .position(|w| w.ends_with("'s") || w.ends_with("’s") || w.ends_with(['\'', '’']))
    {
        words.truncate(i + 1);
        words[i] = words[i]
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches(['\'', '’']);
    }
    while words.first().is_some_and(|w| is_not_name(w)) {
        words.remove(0);
    }
    // A name ends at the first word that cannot be part of one; a particle (`von`, `du`) is
    // part of it when a capitalised word follows.
    if let Some(cut) = (0..words.len()).find(|&i| {
        let particle = PARTICLES.contains(&words[i])
            && words
                .get(i + 1)
                .is_some_and(|n| n.starts_with(char::is_uppercase));
        is_not_name(words[i]) && !particle
    }) {
        words.truncate(cut);
    }
    while words
        .last()
        .is_some_and(|w| w.len() <= 2 || !w.starts_with(char::is_uppercase))
    {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    let name = words.join(" ");
    // All-capital words are acronyms or wire headlines, not names.
    if name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
    {
        return None;
    }
    // A name the gazetteer knows as a place, country or organisation is not a person.
    let is_other = ENGLISH.find(&name).iter().any(|h| {
        h.end - h.start >= name.len().saturating_sub(3)
            && h.name
                .targets
                .iter()
                .any(|t| !matches!(t, Target::Person { .. }))
    }) || words.iter().any(|w| {
        ENGLISH.find(w).iter().any(|h| {
            h.name
                .targets
                .iter()
                .any(|t| matches!(t, Target::Country { .. } | Target::Demonym { .. }))
        })
    });
    (!is_other).then_some(name)
}

fn is_not_name(word: &str) -> bool {
    let initial =
        word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_uppercase());
    if initial {
        return false;
    }
    let w = word.trim_end_matches('.');
    NOT_NAME_WORDS.contains(&w) || w.chars().next().is_some_and(|c| !c.is_uppercase())
}

/// Occurrences of `surname` as a whole, capitalised word (possessives included).
pub fn count_word(text: &str, word: &str) -> usize {
    if word.is_empty() {
        return 0;
    }
    text.match_indices(word)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        cued_names(text).into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn titles_before_names() {
        assert_eq!(
            names("Italian Prime Minister Giorgia Meloni stated"),
            ["Giorgia Meloni"]
        );
        assert_eq!(
            names("said foreign minister Antonio Tajani."),
            ["Antonio Tajani"]
        );
        assert_eq!(
            names("President Volodymyr Zelensky's office"),
            ["Volodymyr Zelensky"]
        );
        assert_eq!(names("Mr. Lewis said"), ["Lewis"]);
        assert_eq!(
            names("Treasury Secretary James A. Baker said"),
            ["James A. Baker"]
        );
    }

    #[test]
    fn offices_after_names() {
        assert_eq!(
            names("Antonio Tajani, Italy’s deputy prime minister and foreign minister, announced"),
            ["Antonio Tajani"]
        );
        assert_eq!(
            names("and Pier Francesco Zazo, Ambassador of Italy to Ukraine"),
            ["Pier Francesco Zazo"]
        );
        assert_eq!(
            names("said Stephen Lewis, an analyst at the bank"),
            ["Stephen Lewis"]
        );
    }

    #[test]
    fn particles_stay_inside_names() {
        assert_eq!(
            names("West German President Richard von Weizsaecker said"),
            ["Richard von Weizsaecker"]
        );
        assert_eq!(
            names("Finance Minister Barend du Plessis said"),
            ["Barend du Plessis"]
        );
    }

    #[test]
    fn companies_and_treaties_after_general_are_not_people() {
        assert!(names("General Motors Corp said").is_empty());
        assert!(names("the General Agreement on Tariffs and Trade").is_empty());
        assert_eq!(names("Gen. Valerii Zaluzhnyi said"), ["Valerii Zaluzhnyi"]);
    }

    #[test]
    fn lone_words_after_weak_cues_must_recur() {
        assert!(names("Oshawa Chairman Resigns").is_empty());
        assert!(names("the official Tanjug news agency said").is_empty());
        assert_eq!(names("Mr. Lewis said"), ["Lewis"]);
        assert_eq!(names("chairman Icahn said. Icahn added"), ["Icahn"]);
    }

    #[test]
    fn places_months_and_sentence_starts_are_not_people() {
        assert!(names("President of Ukraine said").is_empty());
        assert!(names("the Prime Minister of Italy").is_empty());
        assert!(names("Minister Italy").is_empty());
        assert!(names("Governor The").is_empty());
    }

    #[test]
    fn counts_whole_words() {
        assert_eq!(
            count_word("Tajani said; Tajani's view; Tajanis", "Tajani"),
            2
        );
    }
}

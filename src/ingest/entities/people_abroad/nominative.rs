//! A surname back in its nominative, as the archive writes a person found in inflected text:
//! the case ending goes back by `data/surnames.tsv` when the word before the name is in an
//! oblique case (`Mateusza Morawieckiego` -> `Morawiecki`), preferring a form the article also
//! has; two words of an unknown name in the same case together (`Гордона Сондленда`); the
//! Czech feminine suffix off a foreign woman's name (`Merkelová`); patronymics recognised.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::super::people::count_word;
use super::{rows, GIVEN};

const SURNAMES: &str = include_str!("../data/surnames.tsv");

/// Surname endings: (lang, female) -> (oblique, nominative), in the table's order.
pub(super) type Endings = HashMap<(&'static str, bool), Vec<(&'static str, &'static str)>>;
pub(super) static SURNAME_ENDINGS: LazyLock<Endings> = LazyLock::new(|| {
    let mut m: Endings = HashMap::new();
    for r in rows(SURNAMES) {
        let (Some(lang), Some(g), Some(oblique)) = (r.first(), r.get(1), r.get(2)) else {
            continue;
        };
        let nominative = r.get(3).map_or("", |s| s.trim());
        m.entry((lang.trim(), g.trim() == "f"))
            .or_default()
            .push((oblique.trim(), nominative));
    }
    m
});

pub(super) fn is_patronymic(folded: &str) -> bool {
    [
        "ович",
        "евич",
        "овна",
        "евна",
        "ічна",
        "івна",
        "йович",
        "ьевич",
    ]
    .iter()
    .any(|p| {
        folded.contains(p) && folded.len() > p.len() + 4 && !folded.ends_with("вич")
            || folded.ends_with(p)
    })
}

/// The surname's nominative: by the table when the lead word is oblique, preferring a form
/// that also stands in `text` as a whole word.
pub(super) fn nominative(
    surname: &str,
    lang: &str,
    female: bool,
    case: Case,
    text: &str,
) -> String {
    let genders: &[bool] = match case {
        Case::Nominative => return surname.to_string(),
        Case::Oblique => &[female],
        Case::Unknown => &[false, true],
    };
    let mut best: Option<(usize, String)> = None;
    for g in genders {
        let Some(endings) = SURNAME_ENDINGS.get(&(lang, *g)) else {
            continue;
        };
        for &(obl, nom) in endings {
            let Some(stem) = surname.strip_suffix(obl) else {
                continue;
            };
            if stem.chars().count() < 2 {
                continue;
            }
            let candidate = format!("{stem}{nom}");
            let seen = count_word(text, &candidate);
            // With no word before it to tell the case, only a form the article also has.
            if case == Case::Unknown && seen == 0 {
                continue;
            }
            match &best {
                None => best = Some((seen, candidate)),
                Some((n, _)) if seen > *n => best = Some((seen, candidate)),
                _ => {}
            }
        }
    }
    best.map_or_else(|| surname.to_string(), |(_, c)| c)
}

/// Two words of an unknown name in the same oblique case (`Гордона Сондленда`, `Саджиду
/// Джавиду`, `Хафизом Саидом`) take the same masculine ending back from both; names in the
/// nominative, or in endings that differ (`Асию Биби`), are left as written.
pub(super) fn same_case_back(parts: &mut [String], lang: &str) {
    let Some(endings) = SURNAME_ENDINGS.get(&(lang, false)) else {
        return;
    };
    // The given name and the surname decide; a middle name in another declension (`Ларсом
    // Лекке Расмуссеном`, the Danish `Løkke` does not decline) keeps its form.
    let ends = |p: &String, obl: &str| p.strip_suffix(obl).is_some_and(|s| s.chars().count() >= 3);
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return;
    };
    let found = endings.iter().find(|(obl, _)| {
        !obl.is_empty() && parts.len() >= 2 && ends(first, obl) && ends(last, obl)
    });
    if let Some((obl, nom)) = found {
        for p in parts.iter_mut().filter(|p| ends(p, obl)) {
            let stem = &p[..p.len() - obl.len()];
            *p = format!("{stem}{nom}");
        }
    }
}

/// Czech and Slovak give a foreign woman's surname their feminine suffix (`Angela Merkelová`,
/// `Asia Bibiová`, `Brenda Schafferová`), in every case (`Merkelové`, `Merkelovou`, Slovak
/// `Merkelovej`, `Merkelovú`); the name she is known by has none. Taken off when her given name
/// is not one of the language's own (`given_names.tsv` says which languages use it), so `Jana
/// Nováková` stays as she is. After a given name the tables do not know (`pair`: `Asii Bibiové`,
/// the given name itself inflected), the suffix alone says she is a woman, and a foreign one:
/// the tables hold the Czech and Slovak women's names. Measured on the tuning half of the
/// multilingual set, with the two given-name rules of `given_name`: Czech people recall 0.648
/// -> 0.704 (the oblique forms of foreign women were a fifth of the Czech misses); 0.571 ->
/// 0.646 on the other half.
pub(super) fn foreign_woman_back(parts: &mut [String], lang: &str, female: bool, pair: bool) {
    if !(female || pair) || !matches!(lang, "cs" | "sk") || parts.len() < 2 {
        return;
    }
    let own = GIVEN_LANGS
        .get(parts[0].as_str())
        .is_some_and(|langs| langs.split('|').any(|l| l.trim() == lang));
    let last = parts.len() - 1;
    let stem = WOMAN_SUFFIXES
        .iter()
        .find_map(|s| parts[last].strip_suffix(s))
        .filter(|s| s.chars().count() >= 3)
        .map(str::to_string);
    if let Some(stem) = stem.filter(|_| !own) {
        parts[last] = stem;
    }
}

/// The Czech and Slovak feminine surname suffix in its cases.
const WOMAN_SUFFIXES: &[&str] = &["ová", "ové", "ovou", "ovej", "ovú"];

/// Whether a surname as written is a woman's by its suffix (`Hartleyovou`), whatever the table
/// says of the given name before it (`Rosalind` is listed for both).
pub(super) fn woman_suffix(surname: &str, lang: &str) -> bool {
    matches!(lang, "cs" | "sk")
        && WOMAN_SUFFIXES.iter().any(|s| {
            surname
                .strip_suffix(s)
                .is_some_and(|t| t.chars().count() >= 3)
        })
}

/// Languages whose nouns have no cases (Bulgarian and Macedonian lost them): a name stands as
/// written, `Ружа Любенова` is a woman in the nominative, not a man's genitive, and `Ники` is
/// Niki, not a stem of `Никита`.
pub(super) const CASELESS: &[&str] = &["bg", "mk"];

/// Given name -> the languages that use it (the table's third column).
pub(super) static GIVEN_LANGS: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| {
        rows(GIVEN)
            .filter_map(|r| Some((r.first()?.trim(), r.get(2).map_or("", |l| l.trim()))))
            .collect()
    });

/// What the word before a surname says of its case.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    Nominative,
    Oblique,
    Unknown,
}

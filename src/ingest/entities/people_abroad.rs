//! People in the news of other languages: a known given name before capitalised words
//! (`Дмитрий Леонов`, `Jacek Walczak`), or a title before a name (`президент Путин`,
//! `Bundeskanzler Friedrich Merz`, `le président Emmanuel Macron`). `people.rs` reads English
//! news by its titles and offices; this module reads the rest with three tables:
//! `data/given_names.tsv`, `data/titles.tsv` and `data/surnames.tsv`.
//!
//! A name comes out in its nominative (`Mateusza Morawieckiego` -> `Mateusz Morawiecki`): when
//! the given name or title before it is in an oblique case, the surname is too, and its ending
//! goes back by the table, unless the article also has the nominative form, which then wins.
//! Patronymics (`Владимирович`) are dropped, as English news drops them. A name in Cyrillic or
//! Greek is then written in Latin letters with any_ascii (`Дмитрий Леонов` -> `Dmitriy Leonov`)
//! unless the curated list knows the person (`Путин` -> `Vladimir Putin`). Abjads (Arabic,
//! Hebrew, Persian: no vowels written) and Chinese, Japanese and Korean are not romanised: a
//! transliteration of them spells no name a reader would know (`زيلينسكي` -> `zylynsky`,
//! `泽连斯基` -> `ZeLianSiJi`); there only the curated forms count.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use super::gazetteer::{Target, GAZETTEER};
use super::inflected::{fold_word, rule_count, rules_of, words, Affixes, Script, Word};
use super::people::{count_word, CuedName};

const GIVEN: &str = include_str!("data/given_names.tsv");
const TITLES: &str = include_str!("data/titles.tsv");
const SURNAMES: &str = include_str!("data/surnames.tsv");
const ROMANISE: &str = include_str!("data/romanise.tsv");

/// Per language: (letters, at a word's end only, Latin), longest first.
type Romanise = HashMap<&'static str, Vec<(Vec<char>, bool, &'static str)>>;
static ROMANISATIONS: LazyLock<Romanise> = LazyLock::new(|| {
    let mut m: Romanise = HashMap::new();
    for r in rows(ROMANISE) {
        let (Some(lang), Some(from)) = (r.first(), r.get(1)) else {
            continue;
        };
        let to = r.get(2).map_or("", |t| t.trim());
        let (from, end) = match from.strip_suffix('$') {
            Some(f) => (f, true),
            None => (*from, false),
        };
        m.entry(lang.trim())
            .or_default()
            .push((from.chars().collect(), end, to));
    }
    for v in m.values_mut() {
        v.sort_by_key(|(f, _, _)| std::cmp::Reverse(f.len()));
    }
    m
});

/// `name` in Latin letters: the language's own rules (`data/romanise.tsv`) first, any_ascii
/// for the rest. A capital stays a capital (`Гончаренко` -> `Honcharenko`).
fn romanise(name: &str, lang: &str) -> String {
    let rules = ROMANISATIONS.get(lang).map_or(&[][..], Vec::as_slice);
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        let hit = rules.iter().find(|(from, end, _)| {
            let n = from.len();
            i + n <= chars.len()
                && chars[i..i + n]
                    .iter()
                    .zip(from)
                    .all(|(c, f)| c.to_lowercase().eq(f.to_lowercase()))
                && (!end || chars.get(i + n).is_none_or(|c| !c.is_alphabetic()))
        });
        match hit {
            Some((from, _, to)) => {
                if chars[i].is_uppercase() {
                    let mut t = to.chars();
                    out.extend(t.next().into_iter().flat_map(char::to_uppercase));
                    out.extend(t);
                } else {
                    out.push_str(to);
                }
                i += from.len();
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    // any_ascii writes the soft sign as an apostrophe (`Naval'nyy`): news drops it.
    any_ascii::any_ascii(&out)
        .chars()
        .filter(|c| *c != '\'')
        .collect()
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// Given names and title words, by the candidate stems of one row of `affixes.tsv`.
struct Leads {
    /// Stem -> (given name as written, female, folded name).
    given: HashMap<String, (&'static str, bool, String)>,
    /// Stem -> folded title word.
    titles: HashMap<String, String>,
}

static LEADS: LazyLock<Vec<OnceLock<Leads>>> =
    LazyLock::new(|| (0..rule_count()).map(|_| OnceLock::new()).collect());

fn leads(rules: &Affixes, lang: &str) -> &'static Leads {
    LEADS[rules.id].get_or_init(|| {
        let mut buf = Vec::new();
        let mut given = HashMap::new();
        // The language's own names first (`Jacek` in Polish, whose `Jacka` would otherwise
        // meet the English `Jack`), then the rest; in each, whole names before stems.
        let mut rows_of: [Vec<(&'static str, bool, String)>; 2] = [Vec::new(), Vec::new()];
        for r in rows(GIVEN) {
            let Some(name) = r.first().map(|n| n.trim()) else {
                continue;
            };
            if name.chars().find_map(Script::of) != Some(rules.script) {
                continue;
            }
            let female = r.get(1).is_some_and(|g| g.trim() == "f");
            let own = r
                .get(2)
                .is_some_and(|ls| ls.split('|').any(|l| l.trim() == lang));
            rows_of[usize::from(!own)].push((name, female, fold_word(name)));
        }
        for group in &rows_of {
            for (name, female, folded) in group {
                given
                    .entry(folded.clone())
                    .or_insert((*name, *female, folded.clone()));
            }
            for (name, female, folded) in group {
                // Given names are short (`Анна`, `Jan`): stems of three letters still count,
                // as the word must also be capitalised and followed by another capitalised one.
                rules.cut(folded, 3, &mut buf);
                // Slavic given names drop the last syllable's `e` in their other cases (`Jacek`
                // -> `Jacka`, `Marek` -> `Marka`, `Павел` -> `Павла`): the stem without it is
                // theirs too. Slavic: the languages whose row lists adjective endings.
                if let Some(fleeting) = fleeting_e(folded).filter(|_| !rules.adjectives.is_empty())
                {
                    buf.push(fleeting);
                }
                for stem in &buf {
                    given
                        .entry(stem.clone())
                        .or_insert((*name, *female, folded.clone()));
                }
            }
        }
        let mut titles = HashMap::new();
        for r in rows(TITLES).filter(|r| r.first().map(|l| l.trim()) == Some(lang)) {
            for t in r.get(1).copied().unwrap_or("").split('|') {
                let Some(last) = t.split_whitespace().last() else {
                    continue;
                };
                let folded = fold_word(last);
                rules.cut(&folded, 4, &mut buf);
                for stem in &buf {
                    titles.entry(stem.clone()).or_insert(folded.clone());
                }
                titles.insert(folded.clone(), folded);
            }
        }
        Leads { given, titles }
    })
}

/// Surname endings: (lang, female) -> (oblique, nominative), in the table's order.
type Endings = HashMap<(&'static str, bool), Vec<(&'static str, &'static str)>>;
static SURNAME_ENDINGS: LazyLock<Endings> = LazyLock::new(|| {
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

/// What a word before a name says about it.
struct Lead {
    /// The given name's nominative, when the word is one.
    given: Option<&'static str>,
    female: bool,
    /// The word is not in its nominative: the surname after it is not either.
    oblique: bool,
    /// No given name or title known: two capitalised words in a row, in a language that
    /// capitalises only names (`Райан Рослански`, `Kathy Warden` in Polish).
    pair: bool,
}

/// The given name a text word is, meeting at a stem (`Дмитрия` is `Дмитрий`).
/// `oblique`: the word before is in an oblique case, so the given name is too, and a cut
/// form is tried first: after `речника` (of the spokesman), `Олександра` is Олександр's
/// genitive, not the woman's name Олександра.
fn given_name(
    word: &Word,
    rules: &Affixes,
    leads: &Leads,
    buf: &mut Vec<String>,
    oblique: bool,
) -> Option<Lead> {
    if !word.capitalised {
        return None;
    }
    rules.cut(&word.folded, 3, buf);
    // A given name's cases take short endings (`Дмитри-ем`, `Jack-a`, `Анн-ой`); a longer
    // one, or a surname's (`Петр-ов`, `Иван-ин`), makes the word a surname, not `Пётр`.
    let (whole, cuts) = buf.split_first()?;
    let short = |stem: &&String| {
        let cut = &word.folded[stem.len()..];
        cut.chars().count() <= 2 && !["ов", "ев", "ин", "ын", "ых", "их"].contains(&cut)
    };
    let cuts = cuts
        .iter()
        .filter(|s| word.folded.starts_with(s.as_str()))
        .filter(short);
    let order: Vec<&String> = if oblique {
        cuts.chain(std::iter::once(whole)).collect()
    } else {
        std::iter::once(whole).chain(cuts).collect()
    };
    order.into_iter().find_map(|stem| {
        leads.given.get(stem).map(|(name, female, folded)| Lead {
            given: Some(name),
            female: *female,
            oblique: *folded != word.folded,
            pair: false,
        })
    })
}

/// `jacek` -> `jack`, `павел` -> `павл`: a final `e` before one consonant, dropped.
fn fleeting_e(folded: &str) -> Option<String> {
    let chars: Vec<char> = folded.chars().collect();
    let n = chars.len();
    (n >= 4
        && matches!(chars[n - 2], 'e' | 'е')
        && !matches!(
            chars[n - 1],
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'й'
        ))
    .then(|| chars[..n - 2].iter().chain(&chars[n - 1..]).collect())
}

/// Whether a word is a title (`президента`, `Bundeskanzler`), and whether it is inflected.
fn title(word: &Word, rules: &Affixes, leads: &Leads, buf: &mut Vec<String>) -> Option<Lead> {
    rules.cut(&word.folded, 3, buf);
    buf.iter().find_map(|stem| {
        leads.titles.get(stem).map(|folded| Lead {
            given: None,
            female: false,
            oblique: *folded != word.folded,
            pair: false,
        })
    })
}

/// Whether a word of a text in `lang` is a country, place or organisation of the gazetteers.
fn names_other(word: &str, lang: &str) -> bool {
    GAZETTEER.find_in(word, Some(lang)).iter().any(|h| {
        h.end - h.start >= word.len() / 2
            && h.name
                .targets
                .iter()
                .any(|t| !matches!(t, Target::Person { .. }))
    })
}

fn is_patronymic(folded: &str) -> bool {
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
fn nominative(surname: &str, lang: &str, female: bool, case: Case, text: &str) -> String {
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
fn same_case_back(parts: &mut [String], lang: &str) {
    let Some(endings) = SURNAME_ENDINGS.get(&(lang, false)) else {
        return;
    };
    let found = endings.iter().find(|(obl, _)| {
        !obl.is_empty()
            && parts
                .iter()
                .all(|p| p.strip_suffix(obl).is_some_and(|s| s.chars().count() >= 3))
    });
    if let Some((obl, nom)) = found {
        for p in parts.iter_mut() {
            let stem = &p[..p.len() - obl.len()];
            *p = format!("{stem}{nom}");
        }
    }
}

/// Czech and Slovak give a foreign woman's surname their feminine suffix (`Angela Merkelová`,
/// `Asia Bibiová`, `Brenda Schafferová`); the name she is known by has none. Taken off when her
/// given name is not one of the language's own (`given_names.tsv` says which languages use it),
/// so `Jana Nováková` stays as she is.
fn foreign_woman_back(parts: &mut [String], lang: &str, female: bool) {
    if !female || !matches!(lang, "cs" | "sk") || parts.len() < 2 {
        return;
    }
    let own = GIVEN_LANGS
        .get(parts[0].as_str())
        .is_some_and(|langs| langs.split('|').any(|l| l.trim() == lang));
    let last = parts.len() - 1;
    if let Some(stem) = parts[last]
        .strip_suffix("ová")
        .filter(|s| s.chars().count() >= 3)
    {
        if !own {
            parts[last] = stem.to_string();
        }
    }
}

/// Given name -> the languages that use it (the table's third column).
static GIVEN_LANGS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    rows(GIVEN)
        .filter_map(|r| Some((r.first()?.trim(), r.get(2).map_or("", |l| l.trim()))))
        .collect()
});

/// What the word before a surname says of its case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Nominative,
    Oblique,
    Unknown,
}

/// Whether words `i` and `i + 1` are two capitalised words in a row that may be a name: in a
/// language whose row in `affixes.tsv` lists adjective endings (the Slavic ones, which
/// capitalise names but not nouns or adjectives), the first not an adjective, neither a
/// country, place or organisation.
fn pair_starts(text: &str, ws: &[Word], i: usize, rules: &Affixes) -> bool {
    let (Some(a), Some(b)) = (ws.get(i), ws.get(i + 1)) else {
        return false;
    };
    // At a sentence's start every word is capitalised (`Кто`, `Если Вы`, `Пилоты Ryanair`).
    let opens_sentence = text[..a.start]
        .trim_end_matches([' ', '\u{a0}', '«', '"', '„', '“', '(', '\''])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '—' | '-' | '…'));
    // There a name is taken when its last word comes back in the article (in any case:
    // `Расмуссен`, `Расмуссена`), as a surname does and `Если Вы` does not.
    let b_written = &text[b.start..b.end];
    let stem: String = {
        let n = b_written.chars().count();
        b_written.chars().take(n.saturating_sub(2).max(4)).collect()
    };
    let recurs = text.matches(stem.as_str()).count() >= 2;
    (!opens_sentence || recurs)
        && [a, b]
            .iter()
            .all(|w| w.folded.chars().find_map(Script::of) == Some(rules.script))
        && !rules.adjectives.is_empty()
        && a.capitalised
        && b.capitalised
        && a.folded.chars().count() >= 2
        && b.folded.chars().count() >= 2
        && text[a.start..a.end].chars().any(char::is_lowercase)
        && text[b.start..b.end].chars().any(char::is_lowercase)
        && text[a.end..b.start]
            .chars()
            .all(|c| c == ' ' || c == '\u{a0}')
        && ![a, b].iter().any(|w| {
            rules
                .adjectives
                .iter()
                .any(|e| w.folded.ends_with(e.as_str()))
        })
}

/// The name as an English reader would look it up: the curated person it is, or its Latin
/// spelling for alphabetic scripts.
fn canonical(name: &str, lang: &str) -> String {
    let g = &*GAZETTEER;
    let script = name.chars().find_map(Script::of);
    let latin = if matches!(script, Some(Script::Cyrillic | Script::Greek)) {
        romanise(name, lang)
    } else {
        name.to_string()
    };
    let surname = |n: &str| n.rsplit(' ').next().unwrap_or(n).to_string();
    // The full name as written or romanised, then the surname alone where the list has it as
    // a form that names the person by itself (`Merkel`, `Путин`): `Angelo Merkel`, the
    // Slovene accusative, is Angela Merkel.
    // As written in an oblique case the list still knows the name (`Barack Obamy`): the
    // gazetteers' own matching finds the person in it.
    let matched = || {
        let hits = g.find_in(name, Some(lang));
        let mut people = hits.iter().flat_map(|h| {
            h.name.targets.iter().filter_map(|t| match t {
                Target::Person { name, .. } if !h.name.ambiguous => Some(*name),
                _ => None,
            })
        });
        let one = people.next()?;
        people.all(|p| p == one).then_some(one)
    };
    [name, latin.as_str()]
        .iter()
        .find_map(|n| g.person(n))
        .or_else(matched)
        .or_else(|| {
            [surname(name), surname(&latin)]
                .iter()
                .find_map(|n| g.person_alone(n))
        })
        .map(str::to_string)
        .unwrap_or(latin)
}

/// People named in `text` (a document in `lang`) by a given name or a title before them.
pub fn cued_names(text: &str, lang: &str) -> Vec<CuedName> {
    let mut out = Vec::new();
    for rules in rules_of(lang) {
        let leads = leads(rules, lang);
        let ws = words(text);
        let mut buf = Vec::new();
        let mut i = 0;
        // The word after one skipped for standing before a given name.
        let mut given_next = usize::MAX;
        while i < ws.len() {
            let w = &ws[i];
            let in_script = w.folded.chars().find_map(Script::of) == Some(rules.script);
            if !in_script {
                i += 1;
                continue;
            }
            // A given name right after another capitalised word is inside a longer proper
            // name (`São Paulo`, `San Marino`, `Santa Maria`), not a person's.
            let after_capital = i > 0
                && i != given_next
                && ws[i - 1].capitalised
                && text[ws[i - 1].end..w.start].chars().all(|c| c == ' ');
            // `Олександра Малиновського`: a woman's name as written, but the surname after it
            // has a man's oblique ending (of two letters or more: `-ського`, `-ова`), so it is
            // Олександр's genitive.
            let male_oblique_next = ws.get(i + 1).is_some_and(|n| {
                SURNAME_ENDINGS.get(&(lang, false)).is_some_and(|e| {
                    e.iter().any(|(obl, _)| {
                        obl.chars().count() >= 2 && n.folded.ends_with(&fold_word(obl))
                    })
                })
            });
            let lead =
                given_name(w, rules, leads, &mut buf, male_oblique_next).filter(|_| !after_capital);
            let (lead, first) = match lead {
                Some(l) => (l, i),
                None => match title(w, rules, leads, &mut buf) {
                    Some(l)
                        if ws.get(i + 1).is_some_and(|n| {
                            text[w.end..n.start]
                                .chars()
                                .all(|c| c == ' ' || c == '\u{a0}')
                        }) =>
                    {
                        (l, i + 1)
                    }
                    Some(_) => {
                        i += 1;
                        continue;
                    }
                    // A capitalised word before a given name (`Když Jan Kodeš`, `Commerzbank
                    // Eugena Weinberga`) is not the name's start: the given name is.
                    None if ws.get(i + 1).is_some_and(|n| {
                        given_name(n, rules, leads, &mut buf, false).is_some()
                    }) =>
                    {
                        given_next = i + 1;
                        i += 1;
                        continue;
                    }
                    None if pair_starts(text, &ws, i, rules) => (
                        Lead {
                            given: None,
                            female: false,
                            oblique: false,
                            pair: true,
                        },
                        i,
                    ),
                    None => {
                        i += 1;
                        continue;
                    }
                },
            };
            // A title may stand before the country or body it belongs to: `президент
            // Пакистана Мамнун Хусейн`, `sekretar Nata Jens Stoltenberg`. Those are skipped.
            let mut first = first;
            while lead.given.is_none()
                && !lead.pair
                && first < ws.len()
                && first <= i + 2
                && ws[first].capitalised
                && (names_other(&text[ws[first].start..ws[first].end], lang)
                    || !text[ws[first].start..ws[first].end]
                        .chars()
                        .any(char::is_lowercase))
            {
                first += 1;
            }
            let script_of = |w: &Word| w.folded.chars().find_map(Script::of);
            let adjective = |w: &Word| {
                rules
                    .adjectives
                    .iter()
                    .any(|e| w.folded.ends_with(e.as_str()))
            };
            if first >= ws.len()
                || !ws[first].capitalised
                || first > i + 3
                || script_of(&ws[first]) != Some(rules.script)
                || (lead.given.is_none() && adjective(&ws[first]))
            {
                i += 1;
                continue;
            }
            // The capitalised words after the lead, next to each other on one line, up to a
            // word the gazetteers know as something else than a person (`Evropské unie`).
            let mut last = first;
            if lead.given.is_none() && names_other(&text[ws[first].start..ws[first].end], lang) {
                i += 1;
                continue;
            }
            while last + 1 < ws.len()
                && last + 1 - first < 3
                && ws[last + 1].capitalised
                && text[ws[last + 1].start..ws[last + 1].end]
                    .chars()
                    .any(char::is_lowercase)
                && text[ws[last].end..ws[last + 1].start]
                    .chars()
                    .all(|c| c == ' ' || c == '\u{a0}')
                && !names_other(&text[ws[last + 1].start..ws[last + 1].end], lang)
                && script_of(&ws[last + 1]) == Some(rules.script)
            {
                last += 1;
            }
            if (lead.given.is_some() || lead.pair) && last == first {
                i += 1;
                continue;
            }
            let mut parts: Vec<String> = Vec::new();
            let mut given_lead = lead.given;
            let (mut female, mut oblique) = (lead.female, lead.oblique);
            for (j, word) in ws.iter().enumerate().take(last + 1).skip(first) {
                let written = &text[word.start..word.end];
                if j == first {
                    // A title's name may start with its own given name: `президент Владимир Путин`.
                    if let Some(g) = given_lead.take().or_else(|| {
                        given_name(word, rules, leads, &mut buf, oblique).map(|l| {
                            female = l.female;
                            oblique |= l.oblique;
                            l.given.unwrap_or(written)
                        })
                    }) {
                        parts.push(g.to_string());
                        continue;
                    }
                }
                // A patronymic stands between the given name and the surname (`Михаил
                // Владимирович Мишустин`); last, `-ович` is a surname (`Яцек Чапутович`).
                if j != last && is_patronymic(&word.folded) {
                    continue;
                }
                if lead.pair {
                    parts.push(written.to_string());
                } else if j == last {
                    let case = match (lead.pair, oblique) {
                        (true, _) => Case::Unknown,
                        (false, true) => Case::Oblique,
                        (false, false) => Case::Nominative,
                    };
                    parts.push(nominative(written, lang, female, case, text));
                } else {
                    parts.push(written.to_string());
                }
            }
            if lead.pair {
                same_case_back(&mut parts, lang);
            }
            foreign_woman_back(&mut parts, lang, female);
            let name = parts.join(" ");
            let canonical = canonical(&name, lang);
            // A lone word after a title (`президент Путин`) is someone the curated list knows
            // or someone the article names again; a capitalised word after `глава` may be
            // anything (`глава Минобороны`).
            let lone = !name.contains(' ');
            let known = GAZETTEER.person(&canonical).is_some();
            let written = &text[ws[first].start..ws[first].end];
            let again = count_word(text, written) + count_word(text, &name) >= 2;
            if !name.is_empty() && (!lone || known || again) {
                out.push(CuedName {
                    name: canonical,
                    start: ws[first].start,
                });
            }
            i = last + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, lang: &str) -> Vec<String> {
        cued_names(text, lang).into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn given_names_and_titles_lead_to_people_in_their_nominative() {
        assert_eq!(
            names("Об этом сообщил Дмитрий Леонов.", "ru"),
            ["Dmitry Leonov"]
        );
        assert_eq!(
            names("Встреча с Дмитрием Леоновым прошла", "ru"),
            ["Dmitry Leonov"]
        );
        assert_eq!(
            names("spotkanie premiera Mateusza Morawieckiego z", "pl"),
            ["Mateusz Morawiecki"]
        );
        assert_eq!(
            names("sagte Bundeskanzler Friedrich Merz am", "de"),
            ["Friedrich Merz"]
        );
    }

    #[test]
    fn each_language_romanises_its_own_letters() {
        assert_eq!(
            romanise("Олександр Гончаренко", "uk"),
            "Oleksandr Honcharenko"
        );
        assert_eq!(romanise("Джон Съливан", "bg"), "Dzhon Salivan");
        assert_eq!(romanise("Алексей Навальный", "ru"), "Aleksey Navalny");
        assert_eq!(romanise("Александар Вучић", "sr"), "Aleksandar Vucic");
    }

    #[test]
    fn a_foreign_womans_czech_suffix_is_taken_off_a_czech_womans_kept() {
        assert_eq!(
            names("Podle Angely Merkelové je to chyba.", "cs"),
            ["Angela Merkel"]
        );
        assert_eq!(
            names("řekla Jana Nováková z ministerstva", "cs"),
            ["Jana Nováková"]
        );
    }

    #[test]
    fn patronymics_are_dropped() {
        assert_eq!(
            names("Михаил Владимирович Мишустин заявил", "ru"),
            ["Mikhail Mishustin"]
        );
    }
}

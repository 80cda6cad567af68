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

use super::gazetteer::{rows, Target, GAZETTEER};
use super::inflected::{
    fold_word, opens_sentence, rule_count, rules_of, words, Affixes, Script, Word,
};
use super::people::{count_word, CuedName};

mod heard;
mod nominative;
mod sounds_like;
mod spelling;

pub use heard::heard_names;
use nominative::{
    foreign_woman_back, is_patronymic, nominative, same_case_back, woman_suffix, Case, CASELESS,
    SURNAME_ENDINGS,
};

#[cfg(test)]
use spelling::romanise;
use spelling::{apostrophe_names, canonical, fleeting_e};

const GIVEN: &str = include_str!("../data/given_names.tsv");
const TITLES: &str = include_str!("../data/titles.tsv");

/// Given names and title words, by the candidate stems of one row of `affixes.tsv`.
struct Leads {
    /// Stem -> (given name as written, female, folded name).
    given: HashMap<String, (&'static str, bool, String)>,
    /// Folded name -> the same, for a word read as written: a word that is only the stem of a
    /// longer name is not that name (`Dan` is not `Danko`, `Ники` not `Никита`: Slavic names
    /// that end in a vowel keep an ending in every case), and `Jack` stays Jack though Polish
    /// `Jacka` is Jacek's.
    exact: HashMap<String, (&'static str, bool, String)>,
    /// The language has no noun cases (`CASELESS`): names stand as written.
    caseless: bool,
    /// Stem -> folded title word.
    titles: HashMap<String, String>,
}

static LEADS: LazyLock<Vec<OnceLock<Leads>>> =
    LazyLock::new(|| (0..rule_count()).map(|_| OnceLock::new()).collect());

fn leads(rules: &Affixes, lang: &str) -> &'static Leads {
    LEADS[rules.id].get_or_init(|| {
        let mut buf = Vec::new();
        let mut given = HashMap::new();
        let mut exact = HashMap::new();
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
                exact
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
        Leads {
            given,
            exact,
            caseless: CASELESS.contains(&lang),
            titles,
        }
    })
}

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
    // A language without noun cases (`CASELESS`) writes a given name as it is.
    let caseless = leads.caseless;
    let found = order
        .into_iter()
        .filter(|stem| !caseless || *stem == whole)
        .find_map(|stem| {
            let table = if stem == whole {
                &leads.exact
            } else {
                &leads.given
            };
            table.get(stem).map(|(name, female, folded)| Lead {
                given: Some(name),
                female: *female,
                oblique: *folded != word.folded,
                pair: false,
            })
        });
    // A word that is only the stem of a longer given name (`Dan` of `Danko`, `Christian` of
    // `Christiane`) is a given name the table lacks: it still leads a name, as written.
    found.or_else(|| {
        leads.given.contains_key(whole).then_some(Lead {
            given: None,
            female: false,
            oblique: false,
            pair: true,
        })
    })
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

/// Whether words `i` and `i + 1` are two capitalised words in a row that may be a name: in a
/// language whose row in `affixes.tsv` lists adjective endings (the Slavic ones, which
/// capitalise names but not nouns or adjectives), the first not an adjective, neither a
/// country, place or organisation.
fn pair_starts(text: &str, ws: &[Word], i: usize, rules: &Affixes) -> bool {
    let (Some(a), Some(b)) = (ws.get(i), ws.get(i + 1)) else {
        return false;
    };
    // At a sentence's start every word is capitalised (`Кто`, `Если Вы`, `Пилоты Ryanair`).
    // There a name is taken when its last word comes back in the article (in any case:
    // `Расмуссен`, `Расмуссена`), as a surname does and `Если Вы` does not. Counted only
    // there: it reads the whole text.
    let recurs = || {
        let b_written = &text[b.start..b.end];
        let n = b_written.chars().count();
        let stem: String = b_written.chars().take(n.saturating_sub(2).max(4)).collect();
        text.matches(stem.as_str()).count() >= 2
    };
    [a, b]
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
        && (!opens_sentence(text, a.start) || recurs())
}

/// People named in `text` (a document in `lang`) by a given name or a title before them.
pub fn cued_names(text: &str, lang: &str) -> Vec<CuedName> {
    let mut out = Vec::new();
    for rules in rules_of(lang) {
        let leads = leads(rules, lang);
        let ws = apostrophe_names(text, words(text));
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
                || (lead.given.is_none()
                    && adjective(&ws[first])
                    && given_name(&ws[first], rules, leads, &mut buf, false).is_none())
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
            // Without cases (`CASELESS`) no word before a name changes its ending.
            let (mut female, mut oblique) = (lead.female, lead.oblique && !leads.caseless);
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
                    female |= woman_suffix(written, lang);
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
            // A woman's surname by its suffix (`Hartleyovou`) is not in a man's case.
            let woman = parts.last().is_some_and(|p| woman_suffix(p, lang));
            if lead.pair && !leads.caseless && !woman {
                same_case_back(&mut parts, lang);
            }
            foreign_woman_back(&mut parts, lang, female, lead.pair);
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
mod tests;

//! How a person found in another language's text is written in the archive: the curated
//! person the name is (through the list's forms in every script, and the gazetteers' own
//! matching for oblique cases: `Barack Obamy`), or its Latin spelling: the language's own
//! romanisation first (`data/romanise.tsv`: Ukrainian `г` is `h`, Bulgarian `ъ` is `a`), any_ascii
//! for the rest. any_ascii was chosen over deunicode by trying both on names in seven scripts:
//! the same speed (~100 ns a name), better Greek (`Kyriakos Mitsotakis`, not `Kuriakos
//! Metsotakes`) and Serbian; both spell Chinese as pinyin syllables and Arabic as a consonant
//! skeleton, which is why those scripts are not romanised.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::super::gazetteer::{Target, GAZETTEER};
use super::super::inflected::Script;
use super::super::inflected::Word;
use super::rows;
use super::sounds_like::sounds_like;

const ROMANISE: &str = include_str!("../data/romanise.tsv");

/// Per language: (letters, at a word's end only, Latin), longest first.
type Romanise = HashMap<&'static str, Vec<(Vec<char>, bool, &'static str)>>;
pub(super) static ROMANISATIONS: LazyLock<Romanise> = LazyLock::new(|| {
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
pub(super) fn romanise(name: &str, lang: &str) -> String {
    let rules = ROMANISATIONS.get(lang).map_or(&[][..], Vec::as_slice);
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        // The apostrophe of an Irish name (`О'Лірі`) is kept, whatever the rules say of it.
        let irish = matches!(chars[i], '\'' | '\u{2019}')
            && i >= 1
            && chars[i - 1].is_uppercase()
            && (i == 1 || !chars[i - 2].is_alphabetic());
        let hit = rules.iter().filter(|_| !irish).find(|(from, end, _)| {
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
    // any_ascii writes the soft sign as an apostrophe (`Naval'nyy`): news drops it, but not
    // the apostrophe of an Irish name (`О'Лірі` -> `O'Liri`).
    let ascii = any_ascii::any_ascii(&out);
    let mut latin = String::with_capacity(ascii.len());
    let mut prev: [char; 2] = [' ', ' '];
    for c in ascii.chars() {
        let irish = prev[1].is_ascii_uppercase() && !prev[0].is_alphabetic();
        if c != '\'' || irish {
            latin.push(c);
        }
        prev = [prev[1], c];
    }
    latin
}

/// The name as an English reader would look it up: the curated person it is, or its Latin
/// spelling for alphabetic scripts.
pub(super) fn canonical(name: &str, lang: &str) -> String {
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
        .or_else(|| sounds_like(&latin))
        .map(str::to_string)
        .unwrap_or(latin)
}

/// `jacek` -> `jack`, `павел` -> `павл`: a final `e` before one consonant, dropped.
pub(super) fn fleeting_e(folded: &str) -> Option<String> {
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

/// Irish and Italian surnames with an apostrophe after one capital (`O'Leary`, `О'Лірі`,
/// `D'Alema`) are one word of a name; elsewhere the apostrophe splits words, so that `d'Ukraine`
/// and `l'Iran` still name countries.
pub(super) fn apostrophe_names(text: &str, ws: Vec<Word>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(ws.len());
    for w in ws {
        if let Some(prev) = out.last_mut() {
            let one_capital = prev.capitalised && text[prev.start..prev.end].chars().count() == 1;
            let gap = &text[prev.end..w.start];
            if one_capital && w.capitalised && matches!(gap, "'" | "\u{2019}") {
                prev.folded = format!("{}{gap}{}", prev.folded, w.folded);
                prev.end = w.end;
                continue;
            }
        }
        out.push(w);
    }
    out
}

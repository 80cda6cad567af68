//! Curated people named in another language's spelling that the list does not hold: most of
//! the list's people have their English spelling only (`Günther Oettinger`), and a Russian
//! article writes `Гюнтера Эттингера`, a Czech one `Günthera Oettingera`. A pair of
//! capitalised words is heard as a name: each word back in its nominative (by
//! `data/surnames.tsv`), written in Latin letters, and compared by sound with the curated
//! people (`sounds_like`): given name and surname must both fit, and one person only. A lone
//! capitalised word inside a sentence counts only when the list says that surname names its
//! person alone (`Kasyanov`, not `~Blair`) and the skeleton has four sounds or more.
//!
//! Measured on the multilingual set (issue 12): the annotated people that are curated but were
//! not found were 11% of all on the tuning half; see README for what this pass recovers on both
//! halves.

use super::super::gazetteer::GAZETTEER;
use super::super::inflected::{words, Script};
use super::super::people::CuedName;
use super::nominative::GIVEN_LANGS;
use super::nominative::SURNAME_ENDINGS;
use super::sounds_like::{sounds, sounds_like_with};
use super::spelling::romanise;

/// Curated people `text` (a document in `lang`) names by a spelling the list lacks.
pub fn heard_names(text: &str, lang: &str) -> Vec<CuedName> {
    let ws = super::spelling::apostrophe_names(text, words(text));
    let mut out = Vec::new();
    let written = |i: usize| &text[ws[i].start..ws[i].end];
    let name_word = |i: usize| {
        let w = written(i);
        ws[i].capitalised
            && w.chars().count() >= 2
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '\u{2019}')
    };
    let mut i = 0;
    while i < ws.len() {
        if !name_word(i) {
            i += 1;
            continue;
        }
        let next_is_name = i + 1 < ws.len()
            && name_word(i + 1)
            && text[ws[i].end..ws[i + 1].start]
                .chars()
                .all(|c| c == ' ' || c == '\u{a0}');
        if next_is_name {
            // A given name the tables know, or one of three sounds: `Jet Airplane` is not
            // Jutta Urpilainen (`t` + `rpln`).
            let given_forms: Vec<String> = forms(written(i), lang)
                .into_iter()
                .filter(|g| {
                    GIVEN_LANGS.contains_key(g.as_str())
                        || GAZETTEER.is_given_name(g)
                        || sounds(g) >= 3
                })
                .collect();
            let surnames = if given_forms.is_empty() {
                Vec::new()
            } else {
                forms(written(i + 1), lang)
            };
            let pair = given_forms.iter().find_map(|given| {
                surnames
                    .iter()
                    .find_map(|surname| sounds_like_with(&format!("{given} {surname}"), 3))
            });
            if let Some(name) = pair {
                out.push(CuedName {
                    name: name.to_string(),
                    start: ws[i].start,
                });
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A word as written and back in its nominative by each ending the language's surnames take
/// (`Эттингера` -> `Эттингер`), in Latin letters.
fn forms(word: &str, lang: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    for female in [false, true] {
        for &(oblique, nominative) in SURNAME_ENDINGS.get(&(lang, female)).into_iter().flatten() {
            if oblique.is_empty() {
                continue;
            }
            if let Some(stem) = word.strip_suffix(oblique) {
                if stem.chars().count() >= 3 {
                    out.push(format!("{stem}{nominative}"));
                }
            }
        }
    }
    out.dedup();
    let script = word.chars().find_map(Script::of);
    if matches!(script, Some(Script::Cyrillic | Script::Greek)) {
        out.iter_mut().for_each(|w| *w = romanise(w, lang));
    }
    out
}

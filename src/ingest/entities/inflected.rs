//! Gazetteer names in inflected languages: `Украина` in the table finds `Украины`, `Украине`,
//! `Украиной` in a Russian article, `российский` finds `российских`, `Ukraina` finds `Ukrainy`
//! and `Ukrainie` in a Polish one, `روسيا` finds `وروسيا` and `بروسيا` (Arabic writes `and`, `in`
//! and `the` onto the word).
//!
//! The exact matcher (`gazetteer::find`) reads names as printed; this one reads words. For a
//! document whose language has a row in `data/affixes.tsv`, every word of the text and every
//! word of the gazetteer forms of the same script is cut into candidate stems: the word, the word
//! less each ending that fits, less each clitic prefix, and both. A text word matches a form
//! word when they share a candidate; a name of several words matches word by word. Both sides are
//! cut, so an ending that replaces the base's own (`Украин-а` / `Украин-ы`) meets at the stem.
//! Stems shorter than the row's `min_stem` are no candidates on the gazetteer side, so short
//! names only match whole (`Мали` is not `мало`).
//!
//! Why endings and not a stemmer: rust-stemmers has Russian but no Ukrainian, Polish, Czech,
//! Bulgarian, Serbian or Slovene, and a stemmer's rules for verbs and common nouns are not what
//! names need; the endings of nouns and adjectives are a short table a grammar states. Stem
//! changes (`Polska` -> `Polsce`, `Niemcy` -> `Niemiec`) are listed as forms in the gazetteers.
//!
//! Cost: the index of one language is built on its first document (the forms of one script:
//! ~30 ms for Latin, the largest), and a text costs a handful of hash lookups per word.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use crate::ingest::fold::fold;

use super::gazetteer::{rows, Name};

const AFFIXES: &str = include_str!("data/affixes.tsv");

/// The writing systems whose words the table cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
}

impl Script {
    fn parse(s: &str) -> Option<Script> {
        Some(match s {
            "Latn" => Script::Latin,
            "Cyrl" => Script::Cyrillic,
            "Grek" => Script::Greek,
            "Arab" => Script::Arabic,
            "Hebr" => Script::Hebrew,
            _ => return None,
        })
    }

    /// The script of a letter, if one of those above.
    pub fn of(c: char) -> Option<Script> {
        Some(match c as u32 {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
            0x400..=0x52F => Script::Cyrillic,
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
            0x590..=0x5FF => Script::Hebrew,
            _ => return None,
        })
    }
}

/// One row of the table.
pub struct Affixes {
    /// The row's place in the table, for caches per row.
    pub id: usize,
    lang: &'static str,
    pub script: Script,
    pub min_stem: usize,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    /// Endings that make a capitalised word an adjective (`Государственной`), not a name.
    pub adjectives: Vec<String>,
}

static RULES: LazyLock<Vec<Affixes>> = LazyLock::new(|| {
    let list = |s: Option<&&str>| -> Vec<String> {
        let mut v: Vec<String> = s
            .copied()
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(fold_word)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    rows(AFFIXES)
        .filter_map(|cols| {
            Some(Affixes {
                id: 0,
                lang: cols.first()?,
                script: Script::parse(cols.get(1)?)?,
                min_stem: cols.get(2)?.parse().ok()?,
                prefixes: list(cols.get(3)),
                suffixes: list(cols.get(4)),
                adjectives: list(cols.get(5)),
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .enumerate()
        .map(|(id, r)| Affixes { id, ..r })
        .collect()
});

/// The number of rows of the table.
pub fn rule_count() -> usize {
    RULES.len()
}

/// The rows of the table for `lang` (Serbian has one per script).
pub fn rules_of(lang: &str) -> impl Iterator<Item = &'static Affixes> + '_ {
    RULES.iter().filter(move |r| r.lang == lang)
}

impl Affixes {
    /// See [`candidates`].
    pub fn cut(&self, word: &str, min: usize, out: &mut Vec<String>) {
        candidates(word, self, min, out)
    }
}

/// A word lowercased and folded as the index folds it (`ё` -> `е`, Arabic letter variants).
pub fn fold_word(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .filter_map(fold)
        .collect()
}

/// The candidate stems of a folded word: itself, less each prefix, less each suffix, less both.
/// `min` is the shortest cut stem kept, in characters.
fn candidates(word: &str, rules: &Affixes, min: usize, out: &mut Vec<String>) {
    out.clear();
    out.push(word.to_string());
    let long_enough = |s: &str| s.chars().count() >= min;
    let push = |s: &str, out: &mut Vec<String>| {
        if long_enough(s) && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    for p in std::iter::once("").chain(rules.prefixes.iter().map(String::as_str)) {
        let Some(rest) = word.strip_prefix(p) else {
            continue;
        };
        if !p.is_empty() {
            push(rest, out);
        }
        for s in &rules.suffixes {
            if let Some(stem) = rest.strip_suffix(s.as_str()) {
                push(stem, out);
            }
        }
    }
}

/// A word of a text: its byte range and folded form.
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub folded: String,
    pub capitalised: bool,
}

/// Letters, digits, combining marks (Arabic vowel signs, Hebrew points, which fold away) and the
/// zero-width joiners inside Persian words; hyphens and apostrophes cut words (`Нью-Йорка` is two,
/// as `Нью-Йорк` in the table is; `Rusya'nın` is `Rusya` and its case ending).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || fold(c).is_none() || c == '\u{200C}' || c == '\u{200D}'
}

pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_word_char(c) && i < text.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = &text[s..i];
                out.push(Word {
                    start: s,
                    end: i,
                    folded: fold_word(w),
                    capitalised: w.chars().next().is_some_and(char::is_uppercase),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether the word at byte `start` opens a sentence (or a line, a quote, a clause after a
/// colon or dash), where every word is capitalised whatever it is.
pub fn opens_sentence(text: &str, start: usize) -> bool {
    text[..start]
        .trim_end_matches([' ', '\u{a0}', '«', '"', '„', '“', '(', '\''])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '—' | '-' | '…'))
}

/// The forms of one script, by candidate keys, for one language's affixes.
pub struct WordIndex {
    rules: usize,
    /// Candidate stems of all words of a form joined by spaces -> names (index into the
    /// gazetteer's list) and how the text must be written to match.
    keys: HashMap<String, Vec<(u32, Shape)>>,
    /// Candidate stems of first words -> the most words a form starting there has.
    first: HashMap<String, usize>,
}

/// How a form is written, which the text's word must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    /// Capitalised: the text's word must be too (`Украина`, not `украина`).
    capital: bool,
    /// Lowercase (a demonym: `немцы`): the text's word is lowercase too, but for the first
    /// word of a sentence; `Немцов` mid-sentence is a surname, not the genitive of `немцы`.
    lower: bool,
    /// In capitals (`НАТО`, `ЦАР`): only the same word in capitals, never a stem (`Царя`).
    acronym: bool,
    /// The key is the form itself, uncut: only such keys match a text's uncut word, so
    /// `Герман` (a name) is not `Германия` cut to its stem.
    whole: bool,
}

/// At most this many keys per form or per text n-gram: a name of four words with five
/// candidates each would otherwise be 625.
const MAX_COMBOS: usize = 64;

fn combos(parts: &[Vec<String>]) -> Vec<String> {
    let mut out = vec![String::new()];
    for (i, p) in parts.iter().enumerate() {
        let mut next = Vec::with_capacity(out.len() * p.len());
        for prefix in &out {
            for c in p {
                if next.len() >= MAX_COMBOS {
                    break;
                }
                let mut k = String::with_capacity(prefix.len() + c.len() + 1);
                k.push_str(prefix);
                if i > 0 {
                    k.push(' ');
                }
                k.push_str(c);
                next.push(k);
            }
        }
        out = next;
    }
    out
}

impl WordIndex {
    fn build(rules: usize, names: &[Name]) -> WordIndex {
        let r = &RULES[rules];
        let mut keys: HashMap<String, Vec<(u32, Shape)>> = HashMap::new();
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut buf = Vec::new();
        // A language with rows of its own reads its own forms and the English ones (Polish
        // text has `Kijów`, and `NATO`); one without (Lithuanian, Belarusian) reads every form
        // of its script. Each index is then a fifth of all Latin forms, and a Polish `Kijowa`
        // is not met by a Czech or Slovene form of something else.
        let own = names.iter().any(|n| n.langs.contains(&r.lang));
        for (i, name) in names.iter().enumerate() {
            let script = name.surface.chars().find_map(Script::of);
            if script != Some(r.script) {
                continue;
            }
            if own && !name.langs.iter().any(|l| *l == r.lang || *l == "en") {
                continue;
            }
            let ws = words(name.surface);
            if ws.is_empty() || ws.len() > 6 {
                continue;
            }
            // Abjads write the clitics and endings onto the word, and a short consonant
            // skeleton less two letters is often another word (`لبنان` less `ان` is `لبن`,
            // milk; `מצרים` less `מ` is `צרים`): their forms are taken whole, and only the
            // text's words are cut.
            let whole = matches!(r.script, Script::Arabic | Script::Hebrew);
            let acronym = |w: &Word| {
                let written = &name.surface[w.start..w.end];
                // Scripts without case (Arabic, Hebrew) have no acronyms by this test.
                written.chars().filter(|c| c.is_uppercase()).count() >= 2
                    && !written.chars().any(char::is_lowercase)
            };
            let parts: Vec<Vec<String>> = ws
                .iter()
                .map(|w| {
                    if whole || acronym(w) {
                        vec![w.folded.clone()]
                    } else {
                        // In a name of several words the others must match too, so each
                        // word may be cut shorter (`Unia Europejska` / `Unii Europejskiej`).
                        let min = if ws.len() > 1 {
                            r.min_stem.min(3)
                        } else {
                            r.min_stem
                        };
                        candidates(&w.folded, r, min, &mut buf);
                        buf.clone()
                    }
                })
                .collect();
            for c in &parts[0] {
                let e = first.entry(c.clone()).or_insert(0);
                *e = (*e).max(ws.len());
            }
            let shape = Shape {
                capital: ws[0].capitalised,
                lower: !ws[0].capitalised
                    && name.surface.chars().next().is_some_and(char::is_lowercase),
                acronym: ws.iter().any(acronym),
                whole: false,
            };
            let exact: String = ws
                .iter()
                .map(|w| w.folded.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            for k in combos(&parts) {
                let shape = Shape {
                    whole: k == exact,
                    ..shape
                };
                let v = keys.entry(k).or_default();
                if !v.iter().any(|(n, s)| *n == i as u32 && *s == shape) {
                    v.push((i as u32, shape));
                }
            }
        }
        WordIndex { rules, keys, first }
    }

    /// Names found in `text`: (name index, byte start, byte end), leftmost, longest first.
    fn find(&self, text: &str, out: &mut Vec<(u32, usize, usize)>) {
        let r = &RULES[self.rules];
        let ws = words(text);
        let text_min = r.min_stem.min(3);
        let mut cands: Vec<Option<Vec<String>>> = (0..ws.len()).map(|_| None).collect();
        let mut buf = Vec::new();
        let mut cand = |j: usize, cands: &mut Vec<Option<Vec<String>>>| {
            if cands[j].is_none() {
                candidates(&ws[j].folded, r, text_min, &mut buf);
                cands[j] = Some(buf.clone());
            }
        };
        let mut i = 0;
        while i < ws.len() {
            if ws[i].folded.chars().all(|c| c.is_numeric()) {
                i += 1;
                continue;
            }
            cand(i, &mut cands);
            let most = cands[i]
                .as_ref()
                .map(|cs| cs.iter().filter_map(|c| self.first.get(c)).max())
                .unwrap_or_default()
                .copied()
                .unwrap_or(0);
            let mut matched = None;
            // Longest first: `Южной Кореи` before `Кореи`.
            let mut n = most.min(ws.len() - i);
            while n >= 1 && matched.is_none() {
                let adjacent = (i..i + n - 1).all(|j| {
                    text[ws[j].end..ws[j + 1].start]
                        .chars()
                        .all(|c| c == ' ' || c == '-' || c == '\u{a0}')
                });
                if adjacent {
                    for j in i..i + n {
                        cand(j, &mut cands);
                    }
                    let parts: Vec<Vec<String>> = (i..i + n)
                        .map(|j| cands[j].clone().unwrap_or_default())
                        .collect();
                    let exact: String = (i..i + n)
                        .map(|j| ws[j].folded.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let mut best: Option<u32> = None;
                    let opens_sentence = opens_sentence(text, ws[i].start);
                    let upper =
                        |j: usize| !text[ws[j].start..ws[j].end].chars().any(char::is_lowercase);
                    for k in combos(&parts) {
                        let Some(found) = self.keys.get(&k) else {
                            continue;
                        };
                        let text_whole = k == exact;
                        for &(name, shape) in found {
                            let fits = (!shape.capital || ws[i].capitalised)
                                && (!shape.lower || !ws[i].capitalised || opens_sentence)
                                && (!shape.acronym || (text_whole && (i..i + n).all(upper)))
                                && (!text_whole || shape.whole);
                            if !fits {
                                continue;
                            }
                            // The whole form as written beats one met at a stem.
                            if text_whole {
                                best = Some(name);
                                break;
                            }
                            best.get_or_insert(name);
                        }
                        if best.is_some() && text_whole {
                            break;
                        }
                    }
                    if let Some(name) = best {
                        matched = Some((name, n));
                    }
                }
                n -= 1;
            }
            match matched {
                Some((name, n)) => {
                    out.push((name, ws[i].start, ws[i + n - 1].end));
                    i += n;
                }
                None => i += 1,
            }
        }
    }
}

/// The word indexes of a gazetteer, one per row of the table, built on first use.
pub struct Inflected {
    indexes: Vec<OnceLock<WordIndex>>,
}

impl Default for Inflected {
    fn default() -> Self {
        Inflected {
            indexes: RULES.iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

impl Inflected {
    /// Whether the table has endings for `lang`.
    pub fn knows(lang: &str) -> bool {
        RULES.iter().any(|r| r.lang == lang)
    }

    /// Names of `names` found in `text` by their inflected forms, for a text in `lang`.
    pub fn find(&self, names: &[Name], text: &str, lang: &str) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        for (i, r) in RULES.iter().enumerate() {
            if r.lang != lang {
                continue;
            }
            self.indexes[i]
                .get_or_init(|| WordIndex::build(i, names))
                .find(text, &mut out);
        }
        out.sort_by_key(|&(_, s, e)| (s, std::cmp::Reverse(e)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(word: &str, lang: &str, min: usize) -> Vec<String> {
        let r = RULES.iter().find(|r| r.lang == lang).unwrap();
        let mut out = Vec::new();
        candidates(&fold_word(word), r, min, &mut out);
        out
    }

    #[test]
    fn base_and_case_forms_meet_at_a_stem() {
        let base = cands("Украина", "ru", 4);
        for form in ["Украины", "Украине", "Украину", "Украиной"] {
            assert!(
                cands(form, "ru", 3).iter().any(|c| base.contains(c)),
                "{form}"
            );
        }
        let base = cands("Ukraina", "pl", 4);
        assert!(cands("Ukrainy", "pl", 3).iter().any(|c| base.contains(c)));
        // Short names match whole only.
        assert!(!cands("мало", "ru", 3)
            .iter()
            .any(|c| cands("Мали", "ru", 4).contains(c)));
    }

    #[test]
    fn clitics_are_cut_and_letters_folded() {
        let c = cands("وروسيا", "ar", 3);
        assert!(c.contains(&"روسيا".to_string()), "{c:?}");
        let c = cands("بالصين", "ar", 3);
        assert!(c.contains(&"الصين".to_string()), "{c:?}");
        assert_eq!(fold_word("Ёлкин"), "елкин");
        assert_eq!(fold_word("الأمم"), "الامم");
    }

    #[test]
    fn words_keep_offsets_and_cut_at_hyphens() {
        let ws = words("в Нью-Йорке, «США»");
        let got: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(got, ["в", "нью", "йорке", "сша"]);
        assert_eq!(&"в Нью-Йорке, «США»"[ws[2].start..ws[2].end], "Йорке");
    }
}

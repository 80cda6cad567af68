//! The gazetteers (data files beside this module, compiled in) and the automata that find
//! their names in text.
//!
//! All names of all kinds go into one leftmost-longest Aho-Corasick automaton, so the longest
//! name wins where names nest: `Bank of England` (an organisation) over `England`, `New Mexico`
//! (a US state) over `Mexico`, `South China Sea` (a stop form) over `China`. There are two: the
//! English rows' 8,000 forms for English documents, every language's 50,000 for the others
//! (with `inflected` for the forms the text inflects). The automaton is case-insensitive for
//! speed; case is checked per match (`US` is not `us`), and word boundaries too (aho-corasick
//! knows nothing of words). Each is built once per process, when a document first needs it:
//! ~20 ms for the English one on this machine.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::inflected::Inflected;
use crate::ingest::language::is_cjk;

const COUNTRIES: &str = include_str!("data/countries.tsv");
const PLACES: &str = include_str!("data/places.tsv");
const ORGS: &str = include_str!("data/orgs.tsv");
const PEOPLE: &str = include_str!("data/people.tsv");
const STOPLIST: &str = include_str!("data/stoplist.tsv");

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Country {
        code: &'static str,
    },
    /// `demonym` marks `Italian`-like forms, which say less about place than names do.
    Demonym {
        code: &'static str,
    },
    Place {
        name: &'static str,
        code: &'static str,
    },
    Org {
        name: &'static str,
        agency: bool,
        code: Option<&'static str>,
    },
    Person {
        name: &'static str,
        code: Option<&'static str>,
    },
    /// A form that shadows shorter names and means nothing itself.
    Stop,
}

impl Target {
    /// The country this target is evidence for, if any.
    pub fn country(&self) -> Option<&'static str> {
        match self {
            Target::Country { code } | Target::Demonym { code } | Target::Place { code, .. } => {
                Some(code)
            }
            Target::Org {
                code,
                agency: false,
                ..
            } => *code,
            _ => None,
        }
    }
}

/// One surface form and the things it may refer to.
#[derive(Debug)]
pub struct Name {
    pub surface: &'static str,
    pub targets: Vec<Target>,
    /// Marked `~` in the data, or naming different countries: counts only with support.
    pub ambiguous: bool,
    /// The languages whose rows give the form (`en` for the English rows).
    pub langs: Vec<&'static str>,
}

pub struct Gazetteer {
    /// The English rows' forms, for English documents (and those of no known language): an
    /// English archive is read as it was before other languages' rows existed, and at the
    /// speed it was (8,000 patterns, not 50,000: the scan was a fifth of ingest CPU).
    english: Matcher,
    /// Every form of every language, for documents in other languages.
    all: Matcher,
    names: Vec<Name>,
    countries: Vec<Country>,
    /// Lowercased code, name, alias or demonym -> index into `countries` (for filters).
    country_lookup: HashMap<String, usize>,
    /// First words of the people list's names.
    given_names: HashSet<&'static str>,
    /// Lowercased surface form -> index into `names` (canonicalising filters and cued names).
    by_surface: HashMap<String, usize>,
    /// The word matcher for inflected languages, one index per language, built on first use.
    inflected: Inflected,
}

/// One automaton over a set of names. Built on the first scan of a text: lookups
/// (`country_code`, `person`, ...) do not need it.
struct Matcher {
    automaton: OnceLock<AhoCorasick>,
    /// The automaton's patterns (ASCII-lowercased surfaces) -> the names written so.
    patterns: Vec<Vec<u32>>,
}

impl Matcher {
    /// The names `keep` takes, grouped by ASCII-lowercased surface: forms that differ only in
    /// case are one pattern, and the case check picks among them.
    fn new(names: &[Name], keep: impl Fn(&Name) -> bool) -> Matcher {
        let mut pattern_of: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Vec<u32>> = Vec::new();
        for (i, n) in names.iter().enumerate().filter(|(_, n)| keep(n)) {
            let p = *pattern_of
                .entry(n.surface.to_ascii_lowercase())
                .or_insert_with(|| {
                    patterns.push(Vec::new());
                    patterns.len() - 1
                });
            patterns[p].push(i as u32);
        }
        Matcher {
            automaton: OnceLock::new(),
            patterns,
        }
    }

    fn automaton(&self, names: &[Name]) -> &AhoCorasick {
        self.automaton.get_or_init(|| {
            // Case-insensitive by matching lowercased patterns in a lowercased copy of the
            // text (ASCII lowercasing keeps byte offsets): half the build time of the
            // automaton's own `ascii_case_insensitive`, which doubles the transitions to
            // compute. A DFA was measured too: no faster on 2 KB articles, 125 ms to build.
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(
                    self.patterns
                        .iter()
                        .map(|p| names[p[0] as usize].surface.to_ascii_lowercase()),
                )
                .expect("gazetteer automaton")
        })
    }
}

/// A country row, for resolving user input and showing names.
#[derive(Debug)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
}

/// A name found in text.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'g> {
    pub name: &'g Name,
    pub start: usize,
    pub end: usize,
}

/// Every language's names: for documents in other languages, and lookups the English names
/// do not answer (`--person Путин`).
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::build(false));

/// The English rows alone, for English documents (and those of no known language): an English
/// archive is read as it was before other languages' rows existed, and at the cost it was:
/// building all 50,000 forms takes ~150 ms, which every `dossier index` run that parses a file
/// would pay (a +1% update of 10,000 documents went from 0.16 s to 0.41 s).
pub static ENGLISH: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::build(true));

/// The gazetteer for a document in `lang`.
pub fn for_lang(lang: Option<&str>) -> &'static Gazetteer {
    match lang {
        None | Some("en") => &ENGLISH,
        Some(_) => &GAZETTEER,
    }
}

/// The person a filter names (`Meloni`, `Путин`): the English names first, which need not
/// build every language's.
pub fn person(input: &str) -> Option<&'static str> {
    ENGLISH.person(input).or_else(|| GAZETTEER.person(input))
}

/// The organisation a filter names (`NATO`, `НАТО`), as [`person`].
pub fn org(input: &str) -> Option<&'static str> {
    ENGLISH.org(input).or_else(|| GAZETTEER.org(input))
}

/// The place a filter names (`Kyiv`, `Киев`), as [`person`].
pub fn place(input: &str) -> Option<&'static str> {
    ENGLISH.place(input).or_else(|| GAZETTEER.place(input))
}

/// Codes, English names, aliases and demonyms of the countries (the English rows only), without
/// building the gazetteer: a `--country FR` search or a `top` table of countries needs only
/// these, and building every form of every language (50,000) takes ~80 ms on this machine,
/// most of such a search. Lowercased key -> (code, English name).
static COUNTRY_CODES: LazyLock<HashMap<String, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        let mut m = HashMap::new();
        for r in rows(COUNTRIES).filter(|r| r.get(4).is_none_or(|l| l.is_empty())) {
            let (Some(&code), Some(&name)) = (r.first(), r.get(1)) else {
                continue;
            };
            m.insert(code.to_ascii_lowercase(), (code, name));
            let forms = std::iter::once(name)
                .chain(list(r.get(2)))
                .chain(list(r.get(3)))
                .map(|f| f.trim_start_matches('~'));
            for f in forms {
                m.entry(f.to_lowercase()).or_insert((code, name));
            }
        }
        m
    });

/// Resolve user input (`IT`, `Italy`, `italian`, and names in other languages: `Италия`,
/// `Niemcy`) to an ISO code. English names and codes without building the gazetteer.
pub fn country_code(input: &str) -> Option<&'static str> {
    let key = input.trim().to_lowercase();
    match COUNTRY_CODES.get(&key) {
        Some(&(code, _)) => Some(code),
        None => ENGLISH
            .country_code(input)
            .or_else(|| GAZETTEER.country_code(input)),
    }
}

/// The common English name of a country code.
pub fn country_name(code: &str) -> Option<&'static str> {
    // By hash, not a scan of 250 rows: the index asks once per mentioned country of every
    // document. The table also holds names and demonyms, hence the check of the code.
    COUNTRY_CODES
        .get(&code.to_ascii_lowercase())
        .filter(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|&(_, name)| name)
}

/// The rows of a data table: comment and blank lines skipped, columns trimmed.
pub(super) fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn list(col: Option<&&'static str>) -> impl Iterator<Item = &'static str> {
    col.copied()
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Gazetteer {
    /// `english_only`: the English rows alone (see [`ENGLISH`]).
    fn build(english_only: bool) -> Gazetteer {
        let wanted = |r: &Vec<&'static str>| {
            !english_only || r.get(4).is_none_or(|l| l.is_empty() || *l == "en")
        };
        let mut forms: Vec<(&'static str, Target, bool)> = Vec::new();
        let mut countries = Vec::new();
        let mut country_lookup = HashMap::new();
        // Surfaces written by an English row (no `lang` column): a form only another language's
        // row has, in Latin letters (`Niemcy`, `Indie`, `Chile`... `Alemania`), is not looked for
        // in English text, which must answer as it did before those rows existed.
        let mut english: HashSet<String> = HashSet::new();
        // Per form: the language of the row that gave it.
        let mut form_lang: Vec<&'static str> = Vec::new();
        let mut mark =
            |forms: &Vec<(&'static str, Target, bool)>, from: usize, r: &[&'static str]| {
                let lang = r.get(4).copied().filter(|l| !l.is_empty()).unwrap_or("en");
                if lang == "en" {
                    english.extend(forms[from..].iter().map(|f| f.0.to_lowercase()));
                }
                form_lang.resize(forms.len(), lang);
            };
        // A `~alias` equal to the row's own name marks the name itself ambiguous.
        fn push_row(
            forms: &mut Vec<(&'static str, Target, bool)>,
            name: &'static str,
            aliases: impl Iterator<Item = &'static str>,
            target: impl Fn(bool) -> Target,
        ) -> Vec<&'static str> {
            let aliases: Vec<&'static str> = aliases.collect();
            let name_ambiguous = aliases.iter().any(|a| a.strip_prefix('~') == Some(name));
            forms.push((name, target(false), name_ambiguous));
            let mut all = vec![name];
            for a in aliases {
                let (surface, amb) = match a.strip_prefix('~') {
                    Some(s) => (s, true),
                    None => (a, false),
                };
                if surface != name {
                    forms.push((surface, target(false), amb));
                    all.push(surface);
                }
            }
            all
        }
        for r in rows(COUNTRIES).filter(wanted) {
            let (Some(&code), Some(&name)) = (r.first(), r.get(1)) else {
                continue;
            };
            // A code's later rows give its names in other languages; the first, the English
            // one, stays the canonical name.
            let idx = match country_lookup.get(&code.to_ascii_lowercase()) {
                Some(&i) => i,
                None => {
                    countries.push(Country { code, name });
                    countries.len() - 1
                }
            };
            let from = forms.len();
            let all = push_row(&mut forms, name, list(r.get(2)), |_| Target::Country {
                code,
            });
            let demonyms = push_demonyms(&mut forms, list(r.get(3)), code);
            mark(&forms, from, &r);
            country_lookup.insert(code.to_ascii_lowercase(), idx);
            for s in all.into_iter().chain(demonyms) {
                country_lookup.entry(s.to_lowercase()).or_insert(idx);
            }
        }
        for r in rows(PLACES).filter(wanted) {
            let (Some(&name), Some(&code)) = (r.first(), r.get(1)) else {
                continue;
            };
            let from = forms.len();
            push_row(&mut forms, name, list(r.get(3)), |_| Target::Place {
                name,
                code,
            });
            mark(&forms, from, &r);
        }
        for r in rows(ORGS).filter(wanted) {
            let Some(&name) = r.first() else { continue };
            let agency = r.get(1) == Some(&"agency");
            let code = r.get(3).copied().filter(|c| c.len() == 2);
            let from = forms.len();
            push_row(&mut forms, name, list(r.get(2)), |_| Target::Org {
                name,
                agency,
                code,
            });
            mark(&forms, from, &r);
        }
        let mut given_names = HashSet::new();
        for r in rows(PEOPLE).filter(wanted) {
            let Some(&name) = r.first() else { continue };
            if let Some((first, _)) = name.split_once(' ') {
                if first.chars().count() >= 3 && !first.ends_with('.') {
                    given_names.insert(first);
                }
            }
            let code = r.get(1).copied().filter(|c| c.len() == 2);
            let from = forms.len();
            push_row(&mut forms, name, list(r.get(3)), |_| Target::Person {
                name,
                code,
            });
            mark(&forms, from, &r);
        }
        for r in rows(STOPLIST) {
            if let Some(&s) = r.first() {
                english.insert(s.to_lowercase());
                forms.push((s, Target::Stop, false));
            }
        }

        form_lang.resize(forms.len(), "en");
        // Merge forms by surface as written. Forms that differ only in case stay apart (`NATO`
        // and the Italian `Nato`, `India` and the Spanish demonym `india`): each has its own
        // case check; the automaton sees them as one pattern (see `patterns`).
        let mut exact: HashMap<&'static str, usize> = HashMap::new();
        let mut by_surface: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<Name> = Vec::new();
        // An English row's form means what that row says in every document: another
        // language's row with the same spelling (`Mexico` for Mexico City somewhere) adds
        // nothing to it, so English text is read as it was before those rows.
        let english_forms: HashSet<&'static str> = forms
            .iter()
            .zip(&form_lang)
            .filter(|(_, l)| **l == "en")
            .map(|(f, _)| f.0)
            .collect();
        for ((surface, target, amb), lang) in forms.into_iter().zip(form_lang) {
            let en = lang == "en";
            if !en && english_forms.contains(surface) {
                continue;
            }
            let i = *exact.entry(surface).or_insert_with(|| {
                names.push(Name {
                    surface,
                    targets: Vec::new(),
                    ambiguous: false,
                    langs: Vec::new(),
                });
                names.len() - 1
            });
            by_surface.entry(surface.to_lowercase()).or_insert(i);
            let n = &mut names[i];
            if !n.langs.contains(&lang) {
                n.langs.push(lang);
            }
            // Another language's `~` (the Italian `~America`, also Latin America) does not
            // make an English row's form ambiguous in English.
            n.ambiguous |= amb && (en || !english.contains(&surface.to_lowercase()));
            if !n.targets.contains(&target) {
                n.targets.push(target);
            }
        }
        for n in &mut names {
            if n.targets.contains(&Target::Stop) {
                n.targets.retain(|t| *t == Target::Stop);
                n.ambiguous = false;
                continue;
            }
            let mut codes: Vec<_> = n.targets.iter().filter_map(Target::country).collect();
            codes.sort();
            codes.dedup();
            n.ambiguous |= codes.len() > 1;
        }
        Gazetteer {
            english: Matcher::new(&names, |n| n.langs.contains(&"en")),
            all: Matcher::new(&names, |_| true),
            names,
            countries,
            country_lookup,
            given_names,
            by_surface,
            inflected: Inflected::default(),
        }
    }

    /// Every gazetteer name in `text` written in `lang`: the names as printed (`find`), and
    /// where the language inflects names or writes clitics onto them (`data/affixes.tsv`), their
    /// inflected forms too (`Украины`, `Ukrainie`, `وروسيا`). In reading order.
    pub fn find_in<'g>(&'g self, text: &str, lang: Option<&str>) -> Vec<Hit<'g>> {
        let foreign = lang.is_some_and(|l| l != "en");
        let mut hits = self.scan(text, foreign);
        let Some(lang) = lang.filter(|l| Inflected::knows(l)) else {
            return hits;
        };
        let more = self.inflected.find(&self.names, text, lang);
        if more.is_empty() {
            return hits;
        }
        // A name found as printed wins where the two overlap. Exact hits are in order and do
        // not overlap, so the first one ending after a start is the only one to check.
        let exact: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
        for (name, start, end) in more {
            let i = exact.partition_point(|&(_, e)| e <= start);
            if exact.get(i).is_none_or(|&(s, _)| s >= end) {
                hits.push(Hit {
                    name: &self.names[name as usize],
                    start,
                    end,
                });
            }
        }
        hits.sort_by_key(|h| h.start);
        hits
    }

    /// Every gazetteer name in `text`, whole words only, with case checked. When the longest
    /// name at a place is refused (wrong case, inside a word), the search goes on from the next
    /// character, so names inside it are still found.
    pub fn find<'g>(&'g self, text: &str) -> Vec<Hit<'g>> {
        self.scan(text, false)
    }

    /// [`find`](Self::find), with every language's forms when `foreign`.
    fn scan<'g>(&'g self, text: &str, foreign: bool) -> Vec<Hit<'g>> {
        let mut hits = Vec::new();
        let mut pos = 0;
        let lower = text.to_ascii_lowercase();
        let matcher = if foreign { &self.all } else { &self.english };
        let automaton = matcher.automaton(&self.names);
        while let Some(m) = automaton.find(aho_corasick::Input::new(&lower).range(pos..)) {
            let found = &text[m.start()..m.end()];
            let fits = matcher.patterns[m.pattern().as_usize()]
                .iter()
                .map(|&i| &self.names[i as usize])
                .find(|n| case_fits(n.surface, found));
            if let Some(name) = fits.filter(|_| whole_word(text, m.start(), m.end())) {
                hits.push(Hit {
                    name,
                    start: m.start(),
                    end: m.end(),
                });
                pos = m.end();
            } else if text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
            {
                // Inside a word (`us` in `status`, `oman` in `woman`): every name starting
                // before the word ends is inside it too, so go on from its end. Common short
                // names inside words made these restarts a third of the scan.
                pos = text[m.start()..]
                    .find(|c: char| !c.is_alphanumeric())
                    .map_or(text.len(), |i| m.start() + i);
            } else {
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        hits
    }

    /// Whether `word` is the given name of someone in the people list (`Michael`, `Giorgia`):
    /// a capitalised word before an ambiguous place name that makes it a person's name.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    /// Resolve user input in any language (`IT`, `Italy`, `italian`, `Италия`) to an ISO code.
    pub fn country_code(&self, input: &str) -> Option<&'static str> {
        let key = input.trim().to_lowercase();
        self.country_lookup
            .get(&key)
            .map(|&i| self.countries[i].code)
    }

    /// Every name of a person, keyed by the lowercase surface, for canonicalising filters.
    pub fn person(&self, input: &str) -> Option<&'static str> {
        self.canonical(input, |t| match t {
            Target::Person { name, .. } => Some(*name),
            _ => None,
        })
    }

    /// The one person a form names alone (`Merkel`, `Путин`), not one marked ambiguous
    /// (`~Sánchez`) or shared.
    pub fn person_alone(&self, input: &str) -> Option<&'static str> {
        let &i = self.by_surface.get(&input.trim().to_lowercase())?;
        let n = &self.names[i];
        let mut people = n.targets.iter().filter_map(|t| match t {
            Target::Person { name, .. } => Some(*name),
            _ => None,
        });
        let one = people.next().filter(|_| !n.ambiguous)?;
        people.next().is_none().then_some(one)
    }

    /// The canonical organisation (or agency) a surface form names.
    pub fn org(&self, input: &str) -> Option<&'static str> {
        self.canonical(input, |t| match t {
            Target::Org { name, .. } => Some(*name),
            _ => None,
        })
    }

    /// The canonical place a surface form names.
    pub fn place(&self, input: &str) -> Option<&'static str> {
        self.canonical(input, |t| match t {
            Target::Place { name, .. } => Some(*name),
            _ => None,
        })
    }

    fn canonical(
        &self,
        input: &str,
        pick: impl Fn(&Target) -> Option<&'static str>,
    ) -> Option<&'static str> {
        // A hash lookup, not a scan: this runs for every cue-found name of every document.
        let &i = self.by_surface.get(&input.trim().to_lowercase())?;
        self.names[i].targets.iter().find_map(pick)
    }
}

fn push_demonyms(
    forms: &mut Vec<(&'static str, Target, bool)>,
    demonyms: impl Iterator<Item = &'static str>,
    code: &'static str,
) -> Vec<&'static str> {
    let mut all = Vec::new();
    for d in demonyms {
        let (surface, amb) = match d.strip_prefix('~') {
            Some(s) => (s, true),
            None => (d, false),
        };
        forms.push((surface, Target::Demonym { code }, amb));
        all.push(surface);
    }
    all
}

/// The text has the form as written, or all in capitals (wire headlines: `ITALY`). Short forms
/// (`US`, `UN`, `Fed`) must match exactly, so the pronoun `us` and the word `fed` stay out.
fn case_fits(surface: &str, found: &str) -> bool {
    if surface == found {
        return true;
    }
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    let found_upper = !found.chars().any(|c| c.is_lowercase());
    if letters >= 4 && found_upper && surface.chars().any(|c| c.is_lowercase()) {
        return true;
    }
    // Several words: the first as written (or in capitals), the rest in any case, as news
    // writes `UN refugee agency` for `UN Refugee Agency`.
    let (Some((s_first, s_rest)), Some((f_first, f_rest))) =
        (surface.split_once(' '), found.split_once(' '))
    else {
        return false;
    };
    let first_fits = s_first == f_first
        || (f_first.chars().all(|c| !c.is_lowercase()) && s_first.eq_ignore_ascii_case(f_first));
    first_fits && s_rest.eq_ignore_ascii_case(f_rest)
}

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    // Chinese and Japanese have no spaces between words, and Korean writes its particles onto
    // the name (`러시아는`): beside a character of those scripts there is no boundary to check.
    let ok = |c: Option<char>, edge: Option<char>| {
        c.is_none_or(|c| !c.is_alphanumeric() || is_cjk(c) || edge.is_some_and(is_cjk))
    };
    // `U.S.` ends with a dot; `U.S.-led` and `Italy-based` are still whole words.
    ok(before, first) && ok(after, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&'static str> {
        GAZETTEER
            .find(text)
            .iter()
            .map(|h| h.name.surface)
            .collect()
    }

    #[test]
    fn longest_name_wins_and_stop_forms_shadow() {
        assert_eq!(found("the Bank of England said"), ["Bank of England"]);
        assert_eq!(found("in the South China Sea"), ["South China Sea"]);
    }

    #[test]
    fn case_and_word_boundaries_are_respected() {
        assert_eq!(found("let us go, said the US envoy"), ["US"]);
        assert_eq!(found("ITALY AND UKRAINE SIGN PACT"), ["Italy", "Ukraine"]);
        assert!(found("Italyx and Romeo").is_empty());
        assert!(found("a turkey dinner").is_empty());
        assert_eq!(found("the UN refugee agency said"), ["UN Refugee Agency"]);
        // A refused long name does not hide the short one inside it.
        assert_eq!(found("the un refugee agency and the UN"), ["UN"]);
    }

    #[test]
    fn ambiguous_forms_are_marked() {
        let g = &*GAZETTEER;
        let hit = g.find("in Georgia today");
        assert!(hit[0].name.ambiguous);
        let hit = g.find("in Italy today");
        assert!(!hit[0].name.ambiguous);
    }

    #[test]
    fn user_input_resolves_to_codes() {
        let g = &*GAZETTEER;
        assert_eq!(g.country_code("IT"), Some("IT"));
        assert_eq!(g.country_code("italy"), Some("IT"));
        assert_eq!(g.country_code("Italian"), Some("IT"));
        assert_eq!(g.country_code("Britain"), Some("GB"));
        assert_eq!(g.country_code("Atlantis"), None);
        assert_eq!(country_name("UA"), Some("Ukraine"));
        assert_eq!(country_code("Италия"), Some("IT"));
        assert_eq!(country_code("fr"), Some("FR"));
    }
}

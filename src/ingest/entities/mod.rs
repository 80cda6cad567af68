//! Entities: the countries, places, organisations and people an article names.
//!
//! Gazetteer names (see `gazetteer`) and cue-found people (see `people`) are counted over the
//! title and the clean body only, so comments never contribute. Ambiguous names (`Georgia`,
//! `Jordan`, `Washington`) count only when the article has unambiguous evidence for the same
//! country: a Georgia story names Tbilisi or Georgians; an Atlanta story names the US.

pub mod gazetteer;
pub mod inflected;
pub mod people;
pub mod people_abroad;
pub mod regions;
pub mod salience;

#[cfg(test)]
mod newsprint_tests;
#[cfg(test)]
mod salience_tests;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::document::Entities;

use gazetteer::{Gazetteer, Target};

/// Counts per value, with the first position for stable, reading-order ties.
#[derive(Default)]
struct Tally(HashMap<String, (u32, usize)>);

impl Tally {
    fn add(&mut self, value: &str, pos: usize, n: u32) {
        let e = self.0.entry(value.to_string()).or_insert((0, pos));
        e.0 += n;
        e.1 = e.1.min(pos);
    }

    fn contains(&self, value: &str) -> bool {
        self.0.contains_key(value)
    }

    /// Values by mentions (descending), then first position.
    fn ranked(&self) -> Vec<(String, u32)> {
        let mut v: Vec<_> = self
            .0
            .iter()
            .map(|(k, &(n, p))| (k.clone(), n, p))
            .collect();
        // The name last: values at the same place (a stated dateline) must not come out in
        // the hash map's order, which changes from run to run.
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)));
        v.into_iter().map(|(k, n, _)| (k, n)).collect()
    }
}

/// The tallies of one article.
#[derive(Default)]
struct Found {
    countries: Tally,
    places: Tally,
    orgs: Tally,
    people: Tally,
    /// Byte range of the lead in the title-and-body text, and the countries named in it.
    lead: std::ops::Range<usize>,
    in_lead: HashSet<&'static str>,
}

impl Found {
    fn country(&mut self, code: &'static str, pos: usize) {
        self.countries.add(code, pos, 1);
        if self.lead.contains(&pos) {
            self.in_lead.insert(code);
        }
    }

    fn apply(&mut self, t: &Target, pos: usize) {
        match t {
            Target::Country { code } | Target::Demonym { code } => self.country(code, pos),
            Target::Place { name, code } => {
                self.places.add(name, pos, 1);
                self.country(code, pos);
            }
            Target::Org { name, agency, code } => {
                self.orgs.add(name, pos, 1);
                if let (false, Some(code)) = (agency, code) {
                    self.country(code, pos);
                }
            }
            Target::Person { name, .. } => self.people.add(name, pos, 1),
            Target::Stop => {}
        }
    }
}

/// Find the entities of an article. `hints` are the places its dateline or a place line
/// states (`Kyiv` of `Kyiv • UNN`, `DENVER` and `Colo.` of `DENVER, Colo., March 2 -`): evidence
/// for their country, and a sign of what the article is about.
pub fn extract(title: &str, body: &str, hints: &[&str], lang: Option<&str>) -> Entities {
    let text = format!("{title}\n\n{body}");
    let g = gazetteer::for_lang(lang);
    let hits = g.find_in(&text, lang);

    let offset = text.len() - body.len();
    let lead_len = body.find("\n\n").unwrap_or(body.len());
    let mut found = Found {
        lead: offset..offset + floor_char_boundary(body, lead_len.min(salience::LEAD_CHARS)),
        ..Found::default()
    };
    let mut pending = Vec::new();
    for h in &hits {
        if h.name.ambiguous {
            pending.push(h);
        } else {
            for t in &h.name.targets {
                found.apply(t, h.start);
            }
        }
    }
    // Stated places count once each, unless the body names them too. A name that may mean
    // two countries (`GEORGIA`) states neither; a state abbreviation (`Pa.`) states its country.
    let mut stated: HashSet<&'static str> = HashSet::new();
    for hint in hints {
        let named = g.find(hint);
        if named.is_empty() {
            if let Some((name, code)) = regions::dateline_region(hint) {
                stated.insert(code);
                found.apply(&Target::Place { name, code }, text.len());
            }
        }
        for h in named.iter().filter(|h| single_country(h.name)) {
            let in_body = hits.iter().any(|b| std::ptr::eq(b.name, h.name));
            for t in &h.name.targets {
                let Some(code) = t.country() else { continue };
                stated.insert(code);
                if !in_body {
                    found.apply(t, text.len());
                }
            }
        }
    }
    let mut support: HashSet<String> = stated.iter().map(|c| c.to_string()).collect();
    support.extend(found.countries.0.keys().cloned());
    // Cues are read in the body only: Title-Case headlines (`Oshawa Chairman Resigns`) look
    // like titles before names everywhere. Offsets are shifted to `text`'s.
    let mut cued = people::cued_names(body);
    // News in other languages names people by their given names and its own titles.
    if let Some(lang) = lang.filter(|l| *l != "en") {
        cued.extend(people_abroad::cued_names(body, lang));
        cued.extend(people_abroad::heard_names(body, lang));
        cued.sort_by_key(|c| c.start);
    }
    let cued: Vec<people::CuedName> = cued
        .into_iter()
        .map(|c| people::CuedName {
            start: c.start + offset,
            ..c
        })
        .collect();
    for h in pending {
        let chosen = h.name.targets.iter().find(|t| match t {
            Target::Person { name, .. } => {
                found.people.contains(name) || cued.iter().any(|c| c.name == *name)
            }
            t => {
                t.country().is_some_and(|c| support.contains(c))
                    || (single_country(h.name) && !inside_proper_name(g, &text, h.start, h.end))
            }
        });
        if let Some(t) = chosen {
            found.apply(t, h.start);
        }
    }
    let Found {
        countries,
        places,
        orgs,
        mut people,
        in_lead,
        ..
    } = found;

    add_cued_people(g, &text, &cued, &mut people);

    let mut mentions = BTreeMap::new();
    let evidence: Vec<salience::Evidence> = countries
        .ranked()
        .into_iter()
        .map(|(code, n)| salience::Evidence {
            in_title: countries.0[&code].1 < title.len(),
            in_lead: in_lead.contains(code.as_str()),
            // A place line over a page with no story text is page chrome (a site's default
            // desk), not a dateline: it is counted, but says nothing of what the story is about.
            stated: stated.contains(code.as_str()) && !body.trim().is_empty(),
            // Stated places the text does not name are counted at its end.
            in_text: countries.0[&code].1 < text.len(),
            mentions: n,
            code,
        })
        .collect();
    for e in &evidence {
        mentions.insert(e.code.clone(), e.mentions);
    }
    let mut list = |t: &Tally| {
        t.ranked()
            .into_iter()
            .map(|(k, n)| {
                mentions.insert(k.clone(), n);
                k
            })
            .collect::<Vec<_>>()
    };
    Entities {
        countries: salience::about(&evidence, !body.trim().is_empty()),
        people: list(&people),
        orgs: list(&orgs),
        places: list(&places),
        mentions,
    }
}

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether every target of `name` is evidence for the same one country (`Washington`, `Chad`),
/// unlike `Georgia` (GE, or the US state).
fn single_country(name: &gazetteer::Name) -> bool {
    let mut codes = name.targets.iter().map(Target::country);
    let first = codes.next().flatten();
    first.is_some() && codes.all(|c| c == first)
}

/// Whether the name at `start..end` is part of a longer capitalised name: `Michael Jordan`,
/// `Jordan Bardella`, `Denzel Washington`. A capitalised word that opens a sentence (`Neighbouring
/// Chad`) does not count.
fn inside_proper_name(g: &Gazetteer, text: &str, start: usize, end: usize) -> bool {
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let before = text[..start].trim_end_matches([' ', '\t']);
    let prev_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .filter(|_| !before.ends_with(['\n', '.', '!', '?', ',', ';', ':', '"', '“', '(']))
        .unwrap_or("");
    let prev_opens_sentence = {
        let head = before[..before.len() - prev_word.len()].trim_end_matches([' ', '\t']);
        head.is_empty() || head.ends_with(['\n', '.', '!', '?', '"', '“'])
    };
    let after = text[end..].trim_start_matches([' ', '-']);
    let next_word = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next_joined = text[end..].starts_with([' ', '-']);
    let given_name = g.is_given_name(prev_word.trim_end_matches(['\'', '’']));
    (capitalised(prev_word) && (!prev_opens_sentence || given_name))
        || (next_joined && capitalised(next_word))
}

/// Merge cue-found names into the people tally: canonicalise through the curated list, resolve
/// single surnames to a full name found elsewhere in the article, and count surname mentions.
fn add_cued_people(g: &Gazetteer, text: &str, cued: &[people::CuedName], people: &mut Tally) {
    let mut full: Vec<(String, usize)> = Vec::new();
    let mut single: Vec<(String, usize)> = Vec::new();
    for c in cued {
        let canonical = g
            .person(&c.name)
            .map(str::to_string)
            .unwrap_or_else(|| c.name.clone());
        if people.contains(&canonical) {
            continue;
        }
        if canonical.contains(' ') {
            if !full.iter().any(|(n, _)| *n == canonical) {
                full.push((canonical, c.start));
            }
        } else {
            single.push((canonical, c.start));
        }
    }
    for (name, pos) in &full {
        let surname = name.rsplit(' ').next().unwrap_or(name);
        let n = people::count_word(text, surname).max(1) as u32;
        people.add(name, *pos, n);
    }
    // Known people: the gazetteer already counted their surname mentions.
    let known: Vec<String> = people.0.keys().cloned().collect();
    for (name, pos) in single {
        let resolved = known
            .iter()
            .chain(full.iter().map(|(n, _)| n))
            .any(|k| k.rsplit(' ').next() == Some(name.as_str()));
        if !resolved && !people.contains(&name) {
            let n = people::count_word(text, &name).max(1) as u32;
            people.add(&name, pos, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_from_names_demonyms_capitals_and_hints() {
        let e = extract(
            "Italy will not send troops",
            "Italian troops will not go, Rome said. Washington and the United States agreed.",
            &["Kyiv"],
            None,
        );
        // Italy (headline, named again) and Ukraine (the dateline) are what it is about; the
        // US, twice in the lead, is found but not salient (a lead country needs three).
        assert_eq!(e.countries, ["IT", "UA"]);
        assert!(e.places.contains(&"Rome".to_string()));
        assert_eq!(e.mentions["IT"], 3);
        assert_eq!(e.mentions["US"], 2);
    }

    #[test]
    fn ambiguous_names_need_support() {
        let e = extract(
            "Storm hits Georgia",
            "Residents of Atlanta said the storm was the worst.",
            &[],
            None,
        );
        assert_eq!(e.countries, ["US"]);
        let e = extract(
            "Talks in Georgia",
            "Georgian officials met in Tbilisi.",
            &[],
            None,
        );
        assert_eq!(e.countries, ["GE"]);
        let e = extract(
            "Michael Jordan retires",
            "The player said goodbye.",
            &[],
            None,
        );
        assert!(e.countries.is_empty(), "{:?}", e.countries);
        let e = extract(
            "Bardella speaks",
            "Jordan Bardella said France would vote.",
            &[],
            None,
        );
        assert_eq!(e.countries, ["FR"]);
    }

    #[test]
    fn single_country_ambiguous_names_count_outside_person_names() {
        let e = extract(
            "Talks",
            "In Washington, officials said they would study it.",
            &[],
            None,
        );
        assert_eq!(e.countries, ["US"]);
        let e = extract(
            "Sahel",
            "Neighbouring Chad has also deepened cooperation.",
            &[],
            None,
        );
        assert_eq!(e.countries, ["TD"]);
        let e = extract("Film", "The actor Denzel Washington arrived.", &[], None);
        assert!(e.countries.is_empty(), "{:?}", e.countries);
    }

    #[test]
    fn countries_are_those_the_story_is_about_mentions_keep_the_rest() {
        let e = extract(
            "Toyota lifts car exports",
            "TOKYO, March 2 - Toyota Motor Corp said exports rose 12 pct. Japanese makers \
             shipped more to Europe. Japan's trade surplus also widened.\n\n\
             Sales in Britain were flat, the company said.",
            &["TOKYO"],
            None,
        );
        assert_eq!(e.countries, ["JP"]);
        assert_eq!(e.mentions["GB"], 1);
    }

    #[test]
    fn a_dateline_state_abbreviation_names_the_country() {
        let e = extract(
            "Donegal Group raises dividend",
            "MARIETTA, Pa., March 6 - Donegal Group Inc raised its quarterly dividend.",
            &["MARIETTA", "Pa."],
            None,
        );
        assert_eq!(e.countries, ["US"]);
        assert!(e.places.contains(&"Pennsylvania".to_string()));
    }

    #[test]
    fn people_with_cues_and_surname_coreference() {
        let e = extract(
            "Tajani in Kyiv",
            "Foreign Minister Antonio Tajani met officials. Later Tajani said the deal was close. Mr. Tajani left.",
            &[], None);
        assert_eq!(e.people, ["Antonio Tajani"]);
        assert_eq!(e.mentions["Antonio Tajani"], 4);
    }
}

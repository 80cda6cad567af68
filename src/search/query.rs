//! The user's query before tantivy sees it: `date:` ranges are taken out (see `range`), entity
//! prefixes are resolved as the filters are (`country:Italy` = `country:Italian` =
//! `country:IT`; `person:Meloni` = `person:"Giorgia Meloni"`), `lang:` names the language field,
//! and an unknown prefix is an error that suggests the field meant.

use chrono::{DateTime, Utc};

use super::range::{self, Bound};
use crate::error::{Error, Result};
use crate::ingest::entities::gazetteer;

/// The query language as `dossier help query` and `dossier search --help` print it. README's
/// "Query language" section says the same with examples that tests run.
pub const QUERY_LANGUAGE: &str = "\
Query language (search, top and timeline take the same queries)

Words       troops Meloni              all words must match, as in notmuch and mu;
                                       words are stemmed: troop finds troops
Phrase      \"security guarantees\"      these words in this order
Boolean     Italy OR France            either word; AND is the default
            sanctions NOT Russia       also written: sanctions -Russia
            (Italy OR France) AND troops
Everything  *                          every document (to list by date, count or chart)

Fields      title:ceasefire            in the headline; body: searches the text only
            source:Reuters             the outlet or agency
            author:Marsh               a byline name
            lang:en                    the language (ISO 639-1)
            tag:Politics               a keyword, section or category the file gives
Entities    country:IT                 a code, name or demonym:
                                       country:Italy = country:Italian = country:IT
            person:Meloni              a full name or a known surname
            org:NATO  org:\"European Union\"  place:Kyiv
            -country:RU                excludes articles naming RU

Dates       date:2024                  the whole year (UTC)
            date:2024-02..2024-03      1 February to 31 March: partial dates round outward
            date:..2023-12-31          up to the end of that day
            date:2024-01-15..          from that day on
            date:7d..  date:3m..       the last 7 days, 3 months (also w for weeks, y for years)
            date:today  date:yesterday..today
            The flags --from 2024-02 --to 2024-03 and --since 30d mean the same; query
            dates and flags narrow each other.

Filters     --country, --person, --org, --place (repeatable; all must match) and --source
            (repeatable; any of them) take the same names as the prefixes.
Explain     --explain prints how the query was understood on stderr: the rewritten query,
            stemmed words, fields, and the date range in UTC.

Mistakes are errors that point at the part to fix (exit status 2):
  dossier: invalid query: unknown field 'contry' (did you mean 'country'?)
  dossier: date:2024-13 is not a date: use date:YYYY[-MM[-DD]], ...
";

/// Field prefixes users may write, and the index field each one searches.
const FIELDS: &[(&str, &str)] = &[
    ("title", "title"),
    ("body", "body"),
    ("source", "source"),
    ("author", "author"),
    ("lang", "language"),
    ("language", "language"),
    ("country", "country"),
    ("person", "person"),
    ("org", "org"),
    ("place", "place"),
    ("tag", "tag"),
];

/// A query ready for tantivy's parser, and the date range its `date:` terms asked for.
#[derive(Debug, PartialEq)]
pub struct Prepared {
    pub text: String,
    pub from: Bound,
    pub to: Bound,
}

pub fn prepare(query: &str, now: DateTime<Utc>) -> Result<Prepared> {
    let mut kept = Vec::new();
    let mut dates = Vec::new();
    for word in words(query) {
        match field_of(word) {
            Some(("date", _)) => dates.push(word),
            Some((name, value)) => kept.push(resolve(word, name, value)?),
            None => kept.push(word.to_string()),
        }
    }
    let (_, from, to) = range::take_date_terms(&dates.join(" "), now)?;
    Ok(Prepared {
        text: kept.join(" "),
        from,
        to,
    })
}

/// The words of a query, a quoted phrase (with an optional prefix: `person:"Giorgia Meloni"`)
/// counting as one.
fn words(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in query.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if let Some(s) = start.take() {
                    out.push(&query[s..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        out.push(&query[s..]);
    }
    out
}

/// `country:IT` -> ("country", "IT"); a leading `-`, `+` or `(` is kept out of the name. Words
/// like `https://...` or `10:30` are not prefixes.
fn field_of(word: &str) -> Option<(&str, &str)> {
    let w = word.trim_start_matches(['-', '+', '(']);
    let (name, value) = w.split_once(':')?;
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    (is_name && !value.is_empty() && !value.starts_with("//")).then_some((name, value))
}

fn resolve(word: &str, name: &str, value: &str) -> Result<String> {
    let Some(&(_, field)) = FIELDS.iter().find(|(n, _)| *n == name) else {
        let known: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).chain(["date"]).collect();
        let near = known
            .iter()
            .min_by_key(|k| distance(k, name))
            .filter(|k| distance(k, name) <= 2);
        return Err(Error::Query(match near {
            Some(k) => format!("unknown field '{name}' (did you mean '{k}'?)"),
            None => format!("unknown field '{name}': fields are {}", known.join(", ")),
        }));
    };
    let prefix = &word[..word.len() - word.trim_start_matches(['-', '+', '(']).len()];
    let bare = value.trim_matches(|c| c == '"' || c == ')');
    let closing = &value[value.trim_end_matches(')').len()..];
    let canonical = match field {
        "country" => Some(
            gazetteer::country_code(bare)
                .map(str::to_string)
                .ok_or_else(|| {
                    Error::Query(format!(
                        "country:{bare}: unknown country (give a code, name or demonym)"
                    ))
                })?,
        ),
        "person" => gazetteer::person(bare).map(str::to_string),
        "org" => gazetteer::org(bare).map(str::to_string),
        "place" => gazetteer::place(bare).map(str::to_string),
        _ => None,
    };
    Ok(match canonical {
        Some(c) => format!("{prefix}{field}:\"{c}\"{closing}"),
        None if field != name => format!("{prefix}{field}:{value}"),
        None => word.to_string(),
    })
}

/// Edit distance, for suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(q: &str) -> String {
        prepare(q, Utc::now()).unwrap().text
    }

    #[test]
    fn entity_prefixes_resolve_like_filters() {
        assert_eq!(text("troops country:Italy"), "troops country:\"IT\"");
        assert_eq!(
            text("country:italian -country:UA"),
            "country:\"IT\" -country:\"UA\""
        );
        assert_eq!(text("person:Meloni"), "person:\"Giorgia Meloni\"");
        assert_eq!(
            text("person:\"Giorgia Meloni\" org:EU"),
            "person:\"Giorgia Meloni\" org:\"European Union\""
        );
        assert_eq!(text("lang:en source:UNN"), "language:en source:UNN");
        assert_eq!(
            text("\"security guarantees\" https://example.org 10:30"),
            "\"security guarantees\" https://example.org 10:30"
        );
    }

    #[test]
    fn dates_are_taken_out() {
        let p = prepare("Meloni date:2025-12..2026-01 troops", Utc::now()).unwrap();
        assert_eq!(p.text, "Meloni troops");
        assert_eq!(p.from.unwrap().format("%F").to_string(), "2025-12-01");
        assert_eq!(p.to.unwrap().format("%F").to_string(), "2026-02-01");
    }

    #[test]
    fn unknown_fields_suggest_the_meant_one() {
        let e = prepare("contry:IT", Utc::now()).unwrap_err().to_string();
        assert!(
            e.contains("unknown field 'contry' (did you mean 'country'?)"),
            "{e}"
        );
        let e = prepare("zzzzzz:x", Utc::now()).unwrap_err().to_string();
        assert!(e.contains("fields are title, body"), "{e}");
        let e = prepare("country:Atlantis", Utc::now())
            .unwrap_err()
            .to_string();
        assert!(e.contains("country:Atlantis: unknown country"), "{e}");
    }
}

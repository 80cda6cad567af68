//! Every fixture article parsed by `dossier parse` against what its writer says it holds
//! (tests/fixtures/archive_expected.json): title, date and where it came from, source, authors,
//! entities that must and must not be found (countries: mentioned; the salient list a subset of
//! them, led by one the writer lists), text the clean body must and must not contain.

mod common;

use std::collections::HashMap;

use common::{fixtures, ndjson, strings, Env};
use dossier::ingest::entities::gazetteer::{self, GAZETTEER};
use serde_json::Value;

fn parsed() -> HashMap<String, Value> {
    let env = Env::new();
    let out = env.ok(&["parse", fixtures().to_str().unwrap()]);
    let root = fixtures().to_string_lossy().into_owned() + "/";
    ndjson(&out)
        .into_iter()
        .map(|d| {
            (
                d["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches(&root)
                    .to_string(),
                d,
            )
        })
        .collect()
}

fn expected() -> Vec<Value> {
    let p = fixtures().with_file_name("archive_expected.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// The gazetteer's canonical spelling, so `EU` in the expectations matches `European Union`.
fn org(name: &str) -> String {
    GAZETTEER.org(name).unwrap_or(name).to_string()
}

fn person(name: &str) -> String {
    GAZETTEER.person(name).unwrap_or(name).to_string()
}

#[test]
fn every_fixture_parses_as_its_writer_expects() {
    let docs = parsed();
    let mut problems = Vec::new();
    for exp in expected() {
        let path = exp["path"].as_str().unwrap();
        let Some(doc) = docs.get(path) else {
            problems.push(format!("{path}: not parsed"));
            continue;
        };
        let mut check = |ok: bool, what: String| {
            if !ok {
                problems.push(format!("{path}: {what}"));
            }
        };
        check(
            doc["title"] == exp["title"],
            format!("title {} != {}", doc["title"], exp["title"]),
        );
        if let Some(date) = exp["date"].as_str() {
            check(
                doc["date"].as_str().unwrap_or("").starts_with(date),
                format!("date {} != {date}", doc["date"]),
            );
        }
        check(
            doc["date_source"] == exp["date_source"],
            format!(
                "date_source {} != {}",
                doc["date_source"], exp["date_source"]
            ),
        );
        check(
            doc["source"] == exp["source"],
            format!("source {} != {}", doc["source"], exp["source"]),
        );
        check(
            doc["authors"] == exp["authors"],
            format!("authors {} != {}", doc["authors"], exp["authors"]),
        );
        let ents = &doc["entities"];
        // `countries` in the expectations are the countries the article mentions (kept in
        // `mentions` by code); the listed, salient ones must be among them.
        let about = strings(&ents["countries"]);
        let mentioned: Vec<String> = ents["mentions"]
            .as_object()
            .map(|m| {
                m.keys()
                    .filter(|k| gazetteer::country_name(k).is_some())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let expected_countries = strings(&exp["countries"]);
        for c in &expected_countries {
            check(
                mentioned.contains(c),
                format!("country {c} not mentioned in {mentioned:?}"),
            );
        }
        // The most salient country is one the writer lists (a dateline's `Brussels` may add
        // Belgium after it, which the writers of EU stories did not list).
        if let Some(top) = about.first() {
            check(
                expected_countries.contains(top),
                format!("most salient country {top} is not one the writer lists: {about:?}"),
            );
        }
        for c in strings(&exp["not_countries"]) {
            check(
                !mentioned.contains(&c),
                format!("country {c} must not be in {mentioned:?}"),
            );
        }
        let people = strings(&ents["people"]);
        for p in strings(&exp["people"]) {
            check(
                people.contains(&person(&p)),
                format!("person {p} missing from {people:?}"),
            );
        }
        for p in strings(&exp["not_people"]) {
            check(
                !people.iter().any(|x| x.contains(&p)),
                format!("person {p} must not be in {people:?}"),
            );
        }
        let orgs = strings(&ents["orgs"]);
        for o in strings(&exp["orgs"]) {
            check(
                orgs.contains(&org(&o)),
                format!("org {o} missing from {orgs:?}"),
            );
        }
        let body = doc["body"].as_str().unwrap();
        for s in strings(&exp["body_includes"]) {
            check(body.contains(&s), format!("body lacks {s:?}"));
        }
        for s in strings(&exp["body_excludes"]) {
            check(!body.contains(&s), format!("body keeps {s:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn record_and_language_are_set() {
    for doc in parsed().values() {
        assert_eq!(doc["record"], 0);
        assert_eq!(doc["language"], "en", "{}", doc["path"]);
        assert_eq!(doc["id"].as_str().unwrap().len(), 16);
    }
}

//! Checks on the real articles in `../shared` (the seeds and the Reuters corpus). They skip,
//! saying so, on a machine without `../shared`. Never copy these texts into the repository.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{ndjson, shared, strings, Env};

macro_rules! require_shared {
    () => {
        match shared() {
            Some(p) => p,
            None => {
                eprintln!("SKIPPED: ../shared is absent on this machine; the real-data checks did not run");
                return;
            }
        }
    };
}

fn parse_one(path: &std::path::Path) -> serde_json::Value {
    let env = Env::new();
    let mut docs = ndjson(&env.ok(&["parse", path.to_str().unwrap()]));
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

fn seed(dir: &std::path::Path, prefix: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

#[test]
fn seed_003_unn_page() {
    let shared = require_shared!();
    let d = parse_one(&seed(&shared, "003_"));
    assert_eq!(
        d["title"],
        "Italy will not send troops to Ukraine as part of security guarantees - Meloni"
    );
    assert!(d["date"].as_str().unwrap().starts_with("2026-01-07"));
    assert_eq!(d["date_source"], "text");
    assert_eq!(d["source"], "UNN");
    // Every country named is in `mentions`; the salient list leads with the story's own.
    let countries = mentioned(&d);
    let mut about = strings(&d["entities"]["countries"]);
    about.truncate(2);
    about.sort();
    assert_eq!(about, ["IT", "UA"]);
    for c in ["IT", "UA", "US", "GB", "FR"] {
        assert!(
            countries.contains(&c.to_string()),
            "{c} missing: {countries:?}"
        );
    }
    let people = strings(&d["entities"]["people"]);
    for p in ["Giorgia Meloni", "Keir Starmer"] {
        assert!(people.contains(&p.to_string()), "{p} missing: {people:?}");
    }
    assert!(strings(&d["entities"]["orgs"]).contains(&"NATO".to_string()));
    let body = d["body"].as_str().unwrap();
    for noise in ["$42.420.13", "30 views", "Kyiv • UNN"] {
        assert!(!body.contains(noise), "{noise} left in body");
    }
    // The headline is repeated in the page; the body keeps it no more.
    assert!(!body
        .contains("Italy will not send troops to Ukraine as part of security guarantees - Meloni"));
}

#[test]
fn seed_000_page_without_headline_and_with_comments() {
    let shared = require_shared!();
    let d = parse_one(&seed(&shared, "000_"));
    let title = d["title"].as_str().unwrap();
    assert!(
        title.starts_with("Antonio Tajani, Italy’s deputy prime minister"),
        "{title}"
    );
    assert!(title.chars().count() <= 121, "a short title: {title}");
    let body = d["body"].as_str().unwrap();
    for gone in [
        "pauline marois",
        "kanate remains",
        "Other Topics of Interest",
        "To suggest a correction",
        "Ctrl + Enter",
        "Comments ( 1)",
    ] {
        assert!(!body.contains(gone), "{gone} left in body");
    }
    assert!(body.contains("Pier Francesco Zazo"));
    let people = strings(&d["entities"]["people"]);
    for p in ["Antonio Tajani", "Andriy Yermak", "Volodymyr Zelensky"] {
        assert!(people.contains(&p.to_string()), "{p} missing: {people:?}");
    }
    let countries = mentioned(&d);
    for c in ["IT", "UA", "RU"] {
        assert!(
            countries.contains(&c.to_string()),
            "{c} missing: {countries:?}"
        );
    }
    assert!(
        !countries.contains(&"CN".to_string()),
        "Beijing is only in the comment: {countries:?}"
    );
    assert_eq!(
        d["source"],
        serde_json::Value::Null,
        "ANSA is cited, not the source"
    );
    assert!(strings(&d["entities"]["orgs"]).contains(&"ANSA".to_string()));
}

/// A corpus set's gold records (`../shared/corpora/SET/gold.jsonl`).
fn gold(corpora: &Path, set: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(corpora.join(set).join("gold.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `dossier parse SET` run from the corpora folder, as score.py expects: the documents keyed by
/// `path#record`, and what was said on stderr (never a panic).
fn parse_set(corpora: &Path, set: &str) -> (HashMap<String, serde_json::Value>, String) {
    let env = Env::new();
    let out = env
        .cmd(&["parse", set])
        .current_dir(corpora)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    let docs = ndjson(&String::from_utf8(out.stdout).unwrap())
        .into_iter()
        .map(|d| {
            (
                format!("{}#{}", d["path"].as_str().unwrap(), d["record"]),
                d,
            )
        })
        .collect();
    (docs, err)
}

/// The document of a gold record (single-document files: record 0).
fn doc<'a>(
    docs: &'a HashMap<String, serde_json::Value>,
    g: &serde_json::Value,
) -> &'a serde_json::Value {
    &docs[&format!("{}#0", g["file"].as_str().unwrap())]
}

/// The words of a title, lowercased: how score.py compares titles.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a document's title and day match a gold record's.
fn title_matches(d: &serde_json::Value, g: &serde_json::Value) -> bool {
    words(d["title"].as_str().unwrap_or("")) == words(g["title"].as_str().unwrap_or(""))
}

fn day_matches(d: &serde_json::Value, g: &serde_json::Value) -> bool {
    g["date"]
        .as_str()
        .is_some_and(|day| d["date"].as_str().unwrap_or("").starts_with(day))
}

/// The whole Reuters corpus (10,944 stories in four layouts) against its gold, with the
/// measures of `../shared/eval/score.py`: the targets are floors here, so a regression
/// in titles, dates or countries fails the build.
#[test]
fn reuters_titles_dates_and_countries_reach_the_targets() {
    let shared = require_shared!();
    let corpora = shared.join("corpora");
    let gold = gold(&corpora, "reuters");
    let (docs, err) = parse_set(&corpora, "reuters");
    assert!(err.is_empty(), "{err}");
    let (mut titles, mut dates, mut tp, mut fp, mut fneg) = (0, 0, 0, 0, 0);
    for g in &gold {
        let d = doc(&docs, g);
        titles += title_matches(d, g) as usize;
        dates += day_matches(d, g) as usize;
        let want = strings(&g["countries"]);
        let got = strings(&d["entities"]["countries"]);
        tp += got.iter().filter(|c| want.contains(c)).count();
        fp += got.iter().filter(|c| !want.contains(c)).count();
        fneg += want.iter().filter(|c| !got.contains(c)).count();
    }
    let n = gold.len() as f64;
    let (p, r) = (
        tp as f64 / (tp + fp).max(1) as f64,
        tp as f64 / (tp + fneg).max(1) as f64,
    );
    let f1 = 2.0 * p * r / (p + r).max(1e-9);
    let (title_acc, date_acc) = (titles as f64 / n, dates as f64 / n);
    eprintln!("reuters {n} stories: title_acc {title_acc:.4} date_acc {date_acc:.4} country p {p:.4} r {r:.4} f1 {f1:.4}");
    // The issue-5 targets; measured 0.999 / 0.9975 / p 0.875 / f1 0.896 when they were set.
    // Country floors raised with the salience rules re-derived on a split (issue 11, item 5):
    // p 0.915, f1 0.913 measured (0.918 / 0.913 on the half B they were not tuned on).
    assert!(title_acc >= 0.98, "title accuracy {title_acc}");
    assert!(date_acc >= 0.98, "date accuracy {date_acc}");
    assert!(p >= 0.90, "country precision {p}");
    assert!(f1 >= 0.90, "country f1 {f1}");
}

/// The country codes a document mentions (its `mentions` keys that are country codes).
fn mentioned(d: &serde_json::Value) -> Vec<String> {
    d["entities"]["mentions"]
        .as_object()
        .map(|m| {
            m.keys()
                .filter(|k| k.len() == 2 && k.chars().all(|c| c.is_ascii_uppercase()))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Real news pages (fundus: 135 pages from ~130 publishers, gold title and date) through the
/// HTML reader: floors under the figures measured with score.py (title 0.80, date 0.956).
#[test]
fn real_news_pages_titles_and_dates() {
    let shared = require_shared!();
    let corpora = shared.join("corpora");
    let gold = gold(&corpora, "html/fundus");
    let (docs, _) = parse_set(&corpora, "html/fundus");
    let dated = gold.iter().filter(|g| g["date"].is_string()).count();
    let titles = gold
        .iter()
        .filter(|g| title_matches(doc(&docs, g), g))
        .count();
    let dates = gold
        .iter()
        .filter(|g| day_matches(doc(&docs, g), g))
        .count();
    let (t, dt) = (
        titles as f64 / gold.len() as f64,
        dates as f64 / dated.max(1) as f64,
    );
    eprintln!(
        "fundus {} pages: title_acc {t:.4} date_acc {dt:.4}",
        gold.len()
    );
    assert!(t >= 0.75, "title accuracy {t}");
    assert!(dt >= 0.9, "date accuracy {dt}");
}

/// Every feed of the corpus (RSS 0.9x-2.0, Atom, JSON Feed, legacy encodings, gzip, broken
/// ones): read without a panic, broken files reported by name.
#[test]
fn real_feeds_are_read_or_reported() {
    let shared = require_shared!();
    let (docs, err) = parse_set(&shared.join("corpora"), "feeds");
    assert!(docs.len() >= 1500, "{} entries", docs.len());
    assert!(err.lines().all(|l| l.starts_with("error: feeds/")), "{err}");
}

//! Entities in every script, end to end: articles written for these tests in twelve languages
//! (`tests/fixtures/multilingual-entities/`) are parsed by the real binary, and the countries,
//! places, organisations and people a reader sees in each are what `parse` reports: names in
//! their inflected forms (`Украины`, `Ukrainy`, `Spojených států`), with clitics (`وقطر`), inside
//! unspaced text (`俄罗斯外长`), and people canonicalised to the curated English name
//! (`Зеленский` -> Volodymyr Zelensky) or romanised in their nominative (`Дмитрий Леонов`).
//! Then `search --country` and `top` over the same files, as an analyst would use them.

mod common;

use std::path::{Path, PathBuf};

use common::{ndjson, Env};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multilingual-entities")
}

fn parsed(env: &Env, name: &str) -> serde_json::Value {
    let path = dir().join(name);
    let out = env.ok(&["parse", path.to_str().unwrap(), "--format", "ndjson"]);
    ndjson(&out).remove(0)
}

fn list(doc: &serde_json::Value, kind: &str) -> Vec<String> {
    doc["entities"][kind]
        .as_array()
        .unwrap_or_else(|| panic!("no entities.{kind} in {doc}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Every country the document mentions (the salient ones and the rest).
fn mentioned(doc: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = doc["entities"]["mentions"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.len() == 2 && k.chars().all(|c| c.is_ascii_uppercase()))
        .cloned()
        .collect();
    v.sort();
    v
}

struct Expect {
    file: &'static str,
    lang: &'static str,
    date: &'static str,
    countries: &'static [&'static str],
    people: &'static [&'static str],
    orgs: &'static [&'static str],
    places: &'static [&'static str],
}

const EXPECTED: &[Expect] = &[
    Expect {
        file: "ru-kiev.txt",
        lang: "ru",
        date: "2026-03-12",
        countries: &["CN", "RU", "TR", "UA"],
        people: &["Sergei Lavrov", "Volodymyr Zelensky", "Dmitry Leonov"],
        orgs: &["NATO", "United Nations"],
        places: &["Moscow", "Kyiv", "Istanbul"],
    },
    Expect {
        file: "uk-kyiv.txt",
        lang: "uk",
        date: "2026-03-12",
        countries: &["DE", "PL", "RU", "UA", "US"],
        people: &["Volodymyr Zelensky", "Oleksandr Bondarenko"],
        orgs: &["NATO"],
        places: &["Kyiv", "Kharkiv", "Odesa"],
    },
    Expect {
        file: "pl-warszawa.txt",
        lang: "pl",
        date: "2026-03-12",
        countries: &["DE", "PL", "RU", "UA"],
        people: &["Donald Tusk", "Jacek Walczak"],
        orgs: &["NATO", "European Union"],
        places: &["Warsaw"],
    },
    Expect {
        file: "cs-praha.txt",
        lang: "cs",
        date: "2026-03-12",
        countries: &["BE", "CZ", "DK", "NL", "RU", "UA", "US"],
        people: &["Tomáš Horák"],
        orgs: &["European Union"],
        places: &["Prague", "Brussels"],
    },
    Expect {
        file: "fr-paris.txt",
        lang: "fr",
        date: "2026-03-12",
        countries: &["BE", "DE", "FR", "RU", "UA"],
        people: &["Emmanuel Macron", "Claire Martin"],
        orgs: &["NATO", "United Nations", "European Union"],
        places: &["Paris", "Moscow", "Brussels"],
    },
    Expect {
        file: "es-madrid.txt",
        lang: "es",
        date: "2026-03-12",
        countries: &["DZ", "ES", "MA"],
        people: &["Pedro Sánchez", "Javier Morales"],
        orgs: &["United Nations", "European Union"],
        places: &["Rabat"],
    },
    Expect {
        file: "it-roma.txt",
        lang: "it",
        date: "2026-03-12",
        countries: &["CA", "CN", "IT", "UA", "US"],
        people: &["Giorgia Meloni", "Marco Bianchi"],
        orgs: &["NATO", "G7"],
        places: &["Rome"],
    },
    Expect {
        file: "bg-sofia.txt",
        lang: "bg",
        date: "2026-03-12",
        countries: &["BE", "BG", "GR", "RU"],
        people: &["Nikolay Petrov"],
        orgs: &["NATO", "European Union"],
        places: &["Sofia", "Brussels"],
    },
    Expect {
        file: "ar-ghaza.txt",
        lang: "ar",
        date: "2026-03-12",
        countries: &["EG", "IL", "PS", "QA", "TR", "US"],
        people: &[],
        orgs: &["United Nations"],
        places: &["Cairo", "Rafah"],
    },
    Expect {
        file: "zh-beijing.txt",
        lang: "zh",
        date: "2026-03-12",
        countries: &["CN", "KP", "RU", "UA"],
        people: &["Wang Yi", "Sergei Lavrov"],
        orgs: &["United Nations", "Shanghai Cooperation Organisation"],
        places: &["Beijing"],
    },
    Expect {
        file: "ja-tokyo.txt",
        lang: "ja",
        date: "2026-03-12",
        countries: &["CN", "JP", "KP", "KR", "UA", "US"],
        people: &["Marco Rubio"],
        orgs: &["NATO"],
        places: &["Tokyo"],
    },
    Expect {
        file: "ko-seoul.txt",
        lang: "ko",
        date: "2026-03-12",
        countries: &["CN", "JP", "KP", "KR", "RU", "UA", "US"],
        people: &[],
        orgs: &["United Nations Security Council"],
        places: &["Seoul"],
    },
];

#[test]
fn countries_places_organisations_and_people_are_found_in_every_script() {
    let env = Env::new();
    let mut failures = Vec::new();
    for e in EXPECTED {
        let doc = parsed(&env, e.file);
        assert_eq!(doc["language"], e.lang, "{}", e.file);
        assert!(
            doc["date"].as_str().unwrap().starts_with(e.date),
            "{}: {}",
            e.file,
            doc["date"]
        );
        let countries = mentioned(&doc);
        if countries != e.countries {
            failures.push(format!("{}: countries {countries:?}", e.file));
        }
        for (kind, want) in [("people", e.people), ("orgs", e.orgs), ("places", e.places)] {
            let got = list(&doc, kind);
            let missing: Vec<_> = want
                .iter()
                .filter(|w| !got.iter().any(|g| g == *w))
                .collect();
            if !missing.is_empty() {
                failures.push(format!("{}: {kind} {got:?} lacks {missing:?}", e.file));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_country_filter_finds_it_in_every_language_and_top_counts_it_across_them() {
    let env = Env::new();
    common::copy_dir(&dir(), &env.path().join("press"));
    env.ok(&["index", env.path().join("press").to_str().unwrap()]);
    let docs = ndjson(&env.ok(&["search", "*", "--country", "Ukraine", "--format", "ndjson"]));
    let mut langs: Vec<String> = docs
        .iter()
        .map(|d| d["language"].as_str().unwrap().to_string())
        .collect();
    langs.sort();
    let mut about_ukraine: Vec<&str> = EXPECTED
        .iter()
        .filter(|e| e.countries.contains(&"UA"))
        .map(|e| e.lang)
        .collect();
    about_ukraine.sort();
    assert_eq!(langs, about_ukraine);
    // A filter typed in another language's name resolves to the same code.
    let by_name = ndjson(&env.ok(&["search", "*", "--country", "Украина", "--format", "ndjson"]));
    assert_eq!(by_name.len(), docs.len());
    let people = env.ok(&["top", "*", "--field", "person"]);
    assert!(people.contains("Volodymyr Zelensky"), "{people}");
}

//! Every input format and broken case end to end through `dossier parse` (and `index` for
//! record ids): JSON, JSONL, RSS, Atom, JSON Feed, HTML, gzip, legacy encodings. The fixtures in
//! tests/fixtures/formats/ are the project's own; gzip and legacy-encoded variants are made here.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{ndjson, strings, Env};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// `dossier parse PATH`: the documents, the stderr text and the exit code.
fn parse(env: &Env, path: &Path) -> (Vec<serde_json::Value>, String, Option<i32>) {
    let out = env.run(&["parse", path.to_str().unwrap()]);
    (
        ndjson(&String::from_utf8(out.stdout).unwrap()),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

/// A fresh archive of one fixture, copied into `exports/`. A file with bad records still
/// indexes its good ones (the run's exit status says some failed).
fn indexed(name: &str) -> Env {
    let env = Env::new();
    let dir = env.path().join("exports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture(name), dir.join(name)).unwrap();
    env.run(&["index", dir.to_str().unwrap()]);
    env
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn json_array_gives_one_document_per_object_with_records() {
    let env = Env::new();
    let (docs, err, code) = parse(&env, &fixture("export.json"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (docs[0]["record"].as_u64(), docs[1]["record"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        docs[0]["title"],
        "Kenya and Ethiopia agree on power line expansion"
    );
    assert!(docs[0]["date"]
        .as_str()
        .unwrap()
        .starts_with("2024-08-19T06:00:00"));
    assert_eq!(docs[0]["date_source"], "text");
    assert_eq!(strings(&docs[0]["authors"]), ["Grace Wanjiru"]);
    assert_eq!(docs[0]["source"], "East Africa Desk");
    assert_eq!(docs[0]["body"], "Kenya and Ethiopia agreed on Monday to expand the power line that links their grids, officials in Nairobi said.\n\nThe expansion is financed by the African Development Bank.");
    assert_eq!(
        strings(&docs[1]["authors"]),
        ["Kwame Mensah", "Aisha Bello"]
    );
    assert!(strings(&docs[1]["entities"]["countries"]).contains(&"GH".to_string()));
    assert_ne!(docs[0]["id"], docs[1]["id"]);
}

#[test]
fn single_json_object_and_its_aliases() {
    let env = Env::new();
    let (docs, _, _) = parse(&env, &fixture("single.json"));
    assert_eq!(docs.len(), 1);
    assert!(
        docs[0]["date"]
            .as_str()
            .unwrap()
            .starts_with("2025-01-14T01:00:00"),
        "+0800 to UTC: {}",
        docs[0]["date"]
    );
    assert_eq!(docs[0]["source"], "steppe-news.example");
    assert!(docs[0]["body"]
        .as_str()
        .unwrap()
        .starts_with("Mongolia and China signed"));
}

#[test]
fn jsonl_keeps_good_lines_and_names_the_bad_one() {
    let env = Env::new();
    let (docs, err, code) = parse(&env, &fixture("export.jsonl"));
    assert_eq!(code, Some(1));
    assert!(err.contains("export.jsonl: line 2: invalid JSON"), "{err}");
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (docs[0]["record"].as_u64(), docs[1]["record"].as_u64()),
        (Some(0), Some(2)),
        "records keep their place in the file"
    );
    assert_eq!(
        docs[0]["source"], "asiawire.example",
        "the URL's host when no field names the outlet"
    );
    assert!(docs[1]["authors"].as_array().unwrap().is_empty());
}

#[test]
fn record_ids_are_stable_across_runs() {
    let env = indexed("export.jsonl");
    let ids = |env: &Env| {
        let mut v: Vec<String> = ndjson(&env.ok(&["search", "*", "--format", "ndjson"]))
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let first = ids(&env);
    assert_eq!(first.len(), 2);
    env.run(&["index", "--rebuild"]);
    assert_eq!(ids(&env), first);
}

#[test]
fn feeds_rss_atom_and_json_feed() {
    let env = Env::new();
    let (rss, err, code) = parse(&env, &fixture("feed.rss"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(rss.len(), 2);
    assert_eq!(
        rss[0]["title"],
        "Norway and Sweden agree on joint air policing"
    );
    assert_eq!(
        rss[0]["source"], "Nordic Affairs Daily",
        "the feed's title stands in for the source"
    );
    assert!(rss[0]["date"]
        .as_str()
        .unwrap()
        .starts_with("2025-03-03T06:45:00"));
    assert!(rss[0]["body"]
        .as_str()
        .unwrap()
        .starts_with("Norway and Sweden agreed on Monday"));
    assert!(!rss[0]["body"].as_str().unwrap().contains("<p>"));
    assert_eq!(
        (rss[0]["record"].as_u64(), rss[1]["record"].as_u64()),
        (Some(0), Some(1))
    );

    let (atom, _, _) = parse(&env, &fixture("feed.atom"));
    assert_eq!(atom.len(), 1);
    assert_eq!(strings(&atom[0]["authors"]), ["Lucia Quispe"]);
    assert!(
        atom[0]["date"]
            .as_str()
            .unwrap()
            .starts_with("2025-06-01T15:00:00"),
        "published, not updated"
    );
    assert!(strings(&atom[0]["entities"]["countries"]).contains(&"BO".to_string()));

    let (jf, _, _) = parse(&env, &fixture("feed.json"));
    assert_eq!(jf.len(), 1, "a .json that is a JSON Feed");
    assert_eq!(jf[0]["source"], "Caucasus Brief");
    assert_eq!(
        jf[0]["title"],
        "Armenia and Azerbaijan hold border commission meeting"
    );
}

#[test]
fn broken_files_get_clear_errors() {
    let env = Env::new();
    for (name, message) in [
        ("invalid.json", "invalid.json: invalid JSON: "),
        (
            "error-page.xml",
            "error-page.xml: an HTML page where a feed was expected",
        ),
        ("not-a-feed.rss", "not-a-feed.rss: not a valid feed"),
        ("fake.txt.gz", "fake.txt.gz: named .gz but not gzip data"),
        ("empty.txt", "empty.txt: empty file"),
    ] {
        let (docs, err, code) = parse(&env, &fixture(name));
        assert!(docs.is_empty(), "{name}");
        assert_eq!(code, Some(1), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn gzip_is_read_transparently_whatever_the_name() {
    let env = Env::new();
    let dir = env.path().join("gz");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("export.jsonl.gz"),
        gzip(&std::fs::read(fixture("export.jsonl")).unwrap()),
    )
    .unwrap();
    // A .xml file that is really a gzip stream of a feed.
    std::fs::write(
        dir.join("feed.xml"),
        gzip(&std::fs::read(fixture("feed.rss")).unwrap()),
    )
    .unwrap();
    let (docs, _, _) = parse(&env, &dir.join("export.jsonl.gz"));
    assert_eq!(docs.len(), 2);
    let (docs, err, _) = parse(&env, &dir.join("feed.xml"));
    assert_eq!(docs.len(), 2, "{err}");
}

#[test]
fn legacy_encodings_decode() {
    let env = Env::new();
    let dir = env.path().join("enc");
    std::fs::create_dir_all(&dir).unwrap();
    // Windows-1251 HTML declared by <meta charset>.
    let html = "<html><head><meta charset=\"windows-1251\"><title>Україна і Польща</title></head><body><article><p>Україна і Польща підписали угоду про транзит зерна в Києві в понеділок, повідомили в уряді.</p><p>Угода діятиме три роки.</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
    std::fs::write(dir.join("uk.html"), &bytes).unwrap();
    // ISO-8859-1 RSS declared in the XML declaration.
    let rss = std::fs::read_to_string(fixture("feed.rss"))
        .unwrap()
        .replace("UTF-8", "ISO-8859-1")
        .replace("Nordic Affairs Daily", "Nordic Affairs Café");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&rss);
    std::fs::write(dir.join("latin1.rss"), &bytes).unwrap();
    // UTF-16 text with a BOM.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in
        "Greece and Cyprus talks\n\nMarch 3, 2025\n\nAthens and Nicosia held talks on energy.\n"
            .encode_utf16()
    {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.join("utf16.txt"), utf16).unwrap();
    // Declared UTF-8 but not valid UTF-8: decoded by a guess, not refused.
    std::fs::write(dir.join("lying.html"), b"<html><head><meta charset=\"utf-8\"><title>Caf\xe9 talks</title></head><body><article><p>Ministers met at the caf\xe9 in Paris on Monday to discuss the budget of the new agency.</p></article></body></html>").unwrap();

    let (docs, err, _) = parse(&env, &dir);
    let by_path = |name: &str| {
        docs.iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing: {err}"))
    };
    assert!(by_path("uk.html")["body"]
        .as_str()
        .unwrap()
        .contains("Україна і Польща підписали угоду"));
    assert_eq!(by_path("latin1.rss")["source"], "Nordic Affairs Café");
    assert_eq!(by_path("utf16.txt")["title"], "Greece and Cyprus talks");
    assert!(
        by_path("lying.html")["body"]
            .as_str()
            .unwrap()
            .contains("café"),
        "{}",
        by_path("lying.html")["body"]
    );
}

#[test]
fn html_page_keeps_the_article_and_its_metadata_and_drops_the_page() {
    let env = Env::new();
    let (docs, err, code) = parse(&env, &fixture("page.html"));
    assert_eq!(code, Some(0), "{err}");
    let d = &docs[0];
    assert_eq!(d["title"], "Poland and Lithuania open new border crossing");
    assert!(
        d["date"]
            .as_str()
            .unwrap()
            .starts_with("2025-05-14T06:30:00"),
        "{}",
        d["date"]
    );
    assert_eq!(strings(&d["authors"]), ["Marta Kowalczyk"]);
    assert_eq!(d["source"], "Baltic Wire");
    let body = d["body"].as_str().unwrap();
    assert!(
        body.contains("Poland and Lithuania opened a new road crossing"),
        "{body}"
    );
    assert!(body.contains("eastern flank of NATO"), "{body}");
    for noise in [
        "Subscribe now",
        "Accept all cookies",
        "Share on Facebook",
        "Estonia expands rail link",
        "gdansk_sailor",
        "ferries to Sweden",
        "All rights reserved",
    ] {
        assert!(!body.contains(noise), "{noise} left in: {body}");
    }
    let countries = strings(&d["entities"]["countries"]);
    assert!(
        countries.contains(&"PL".to_string()) && countries.contains(&"LT".to_string()),
        "{countries:?}"
    );
    assert!(
        !countries.contains(&"SE".to_string()) && !countries.contains(&"BY".to_string()),
        "comments only: {countries:?}"
    );
}

#[test]
fn html_paragraphs_stay_apart_and_truncated_pages_still_read() {
    let env = Env::new();
    let (docs, _, _) = parse(&env, &fixture("minified.html"));
    let body = docs[0]["body"].as_str().unwrap();
    assert!(
        !body.contains("said.The meeting"),
        "paragraphs glued: {body}"
    );
    assert!(body.contains("said.\n\nThe meeting"), "{body}");
    assert!(docs[0]["date"].as_str().unwrap().starts_with("2024-11-02"));
    let (docs, err, _) = parse(&env, &fixture("truncated.html"));
    assert_eq!(docs.len(), 1, "{err}");
    assert_eq!(docs[0]["title"], "Talks stall in Geneva");
    assert!(docs[0]["body"]
        .as_str()
        .unwrap()
        .contains("Delegations from both sides left Geneva"));
}

#[test]
fn export_metadata_fields_are_mapped_and_the_rest_kept() {
    let env = Env::new();
    let (docs, err, code) = parse(&env, &fixture("export-fields.jsonl"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(docs.len(), 4);
    let countries = |d: &serde_json::Value| strings(&d["entities"]["countries"]);

    // A dateline in its own field states the story's country, as a wire dateline does: the
    // body names no country at all.
    let kyiv = &docs[0];
    assert_eq!(countries(kyiv), ["UA"]);
    assert_eq!(strings(&kyiv["entities"]["places"]), ["Kyiv"]);
    assert_eq!(kyiv["source"], "Wire Desk");
    assert_eq!(kyiv["language"], "en");
    assert_eq!(
        strings(&kyiv["tags"]),
        ["grain", "shipping", "Black Sea", "World"]
    );
    assert_eq!(
        kyiv["summary"],
        "Underwriters are invited to next week's meeting as well."
    );
    assert!(!kyiv["body"].as_str().unwrap().contains("Underwriters"));
    // What no table names is kept under its own name, the credit beside a source too.
    assert_eq!(
        kyiv["fields"],
        serde_json::json!({"credit": "Reuters", "edition": "Europe", "id": "wd-2025-0303-17", "wordcount": "41"})
    );

    // `location` with a province abbreviation; a declared country; an agency as the source
    // when no source field is given; a language given by name.
    let windsor = &docs[1];
    assert_eq!(countries(windsor), ["CA"]);
    assert_eq!(windsor["source"], "Maple Wire");
    assert_eq!(windsor["language"], "en");
    assert_eq!(strings(&windsor["tags"]), ["Defence", "Budget"]);

    // `place` in a German record; `lang: de-DE` is the language `de`.
    let berlin = &docs[2];
    assert_eq!(countries(berlin), ["DE"]);
    assert_eq!(berlin["language"], "de");
    assert_eq!(strings(&berlin["tags"]), ["Politik"]);

    // A dateline opening an export's body is read as in a text file.
    let nairobi = &docs[3];
    assert_eq!(countries(nairobi), ["KE"]);
    assert_eq!(nairobi["source"], "Associated Press");
    assert_eq!(nairobi["url"], "https://news.example/drought-talks");
}

#[test]
fn export_summaries_and_tags_are_searched_and_show_lists_the_other_fields() {
    let env = indexed("export-fields.jsonl");
    let titles = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["search"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--format", "ndjson"]);
        ndjson(&env.ok(&a))
            .iter()
            .map(|d| d["title"].as_str().unwrap().to_string())
            .collect()
    };
    // A word of the summary only; a tag; a country stated by a `place` field.
    assert_eq!(
        titles(&["underwriters"]),
        ["Grain corridor talks to resume next week"]
    );
    assert_eq!(
        titles(&["tag:Politik"]),
        ["Regierung berät über den Haushalt"]
    );
    assert_eq!(
        titles(&["*", "--country", "UA"]),
        ["Grain corridor talks to resume next week"]
    );
    let top = env.ok(&["top", "*", "--field", "tag", "--format", "csv"]);
    assert!(top.contains("Black Sea,,1"), "{top}");
    let hit = &ndjson(&env.ok(&["search", "underwriters", "--format", "ndjson"]))[0];
    let shown = env.ok(&["show", hit["id"].as_str().unwrap()]);
    for line in [
        "edition   Europe",
        "wordcount 41",
        "credit    Reuters",
        "tags",
    ] {
        assert!(shown.contains(line), "{line:?} missing from:\n{shown}");
    }
    assert!(shown.contains("Underwriters are invited"), "{shown}");
}

#[test]
fn languages_are_counted_by_top_and_stats_and_named_by_show() {
    let env = indexed("export-fields.jsonl");
    assert_eq!(
        env.ok(&["top", "*", "--field", "language", "--format", "csv"]),
        "value,name,count\nen,English,3\nde,German,1\n"
    );
    let stats = env.ok(&["stats"]);
    let languages = stats.split("\nlanguages\n").nth(1).expect(&stats);
    assert!(
        languages.starts_with("en English") && languages.contains("de German"),
        "{stats}"
    );
    let hit = &ndjson(&env.ok(&["search", "lang:de", "--format", "ndjson"]))[0];
    let shown = env.ok(&["show", hit["id"].as_str().unwrap()]);
    assert!(shown.contains("de (German)"), "{shown}");
}

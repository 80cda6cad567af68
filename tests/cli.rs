//! End-to-end tests of the `dossier` commands over the fixture archive: index, search with every
//! filter and format, show, errors, and the archive remembering its folders.

mod common;

use common::{fixtures, ndjson, strings, Env};
use predicates::prelude::*;

#[test]
fn index_then_search_prints_ranked_results_with_snippets() {
    let env = Env::with_fixtures();
    let out = env.ok(&["search", "security agreement"]);
    // Rank, date, source, title; then countries, path, id; then the highlighted snippet.
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("  1. 20"), "{out}");
    assert!(
        out.contains("[security]") && out.contains("[agreement]"),
        "{out}"
    );
    assert!(!out.contains("\x1b["), "no colour when piped: {out}");
    let hits = ndjson(&env.ok(&["search", "security agreement", "--format", "ndjson"]));
    assert!(hits.len() >= 3, "{hits:?}");
    // The best hit is about the Italy-Ukraine security agreement.
    let top = &hits[0];
    assert!(strings(&top["entities"]["countries"]).contains(&"IT".to_string()));
    assert_eq!(top["rank"], 1);
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "ranked by score: {scores:?}"
    );
}

#[test]
fn summary_reports_documents_and_files() {
    let env = Env::new();
    env.cmd(&["index", fixtures().to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "added 29, updated 0, moved 0, removed 0, unchanged 0 in",
        ));
}

#[test]
fn date_range_filters_by_publication_date() {
    let env = Env::with_fixtures();
    let hits = ndjson(&env.ok(&[
        "search",
        "Meloni troops",
        "--from",
        "2025-12-01",
        "--to",
        "2026-01-31",
        "--format",
        "ndjson",
    ]));
    let dates: Vec<String> = hits
        .iter()
        .map(|h| h["date"].as_str().unwrap()[..10].to_string())
        .collect();
    assert_eq!(
        dates.len(),
        3,
        "three Meloni/troops articles in the window: {dates:?}"
    );
    assert!(
        dates
            .iter()
            .all(|d| d.as_str() >= "2025-12-01" && d.as_str() <= "2026-01-31"),
        "{dates:?}"
    );
    // A partial --to covers its whole month: the 2026-01-08 article is in `--to 2026-01`.
    let partial = ndjson(&env.ok(&[
        "search",
        "Meloni troops",
        "--from",
        "2025-12",
        "--to",
        "2026-01",
        "--format",
        "ndjson",
    ]));
    assert_eq!(partial.len(), 3);
    let none = ndjson(&env.ok(&[
        "search",
        "Meloni troops",
        "--to",
        "2023",
        "--format",
        "ndjson",
    ]));
    assert!(none.is_empty());
}

#[test]
fn entity_and_source_filters() {
    let env = Env::with_fixtures();
    let hits = ndjson(&env.ok(&[
        "search",
        "Ukraine",
        "--country",
        "IT",
        "--person",
        "Giorgia Meloni",
        "--source",
        "UNN",
        "--limit",
        "5",
        "--format",
        "ndjson",
    ]));
    assert!(!hits.is_empty());
    for h in &hits {
        assert_eq!(h["source"], "UNN");
        assert!(strings(&h["entities"]["countries"]).contains(&"IT".into()));
        assert!(strings(&h["entities"]["people"]).contains(&"Giorgia Meloni".into()));
    }
    // A country by code, name or demonym is the same filter; names ignore case.
    let by = |args: &[&str]| {
        let mut a = vec!["search", "*", "--limit", "100", "--format", "ndjson"];
        a.extend_from_slice(args);
        let mut ids: Vec<String> = ndjson(&env.ok(&a))
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    // The filter matches every article that names Italy, not only those about it.
    let it = by(&["--country", "IT"]);
    assert!(it.len() >= 8, "{it:?}");
    assert_eq!(it, by(&["--country", "Italy"]));
    assert_eq!(it, by(&["--country", "italian"]));
    assert_eq!(
        by(&["--person", "Giorgia Meloni"]),
        by(&["--person", "giorgia meloni"])
    );
    assert_eq!(
        by(&["--person", "Giorgia Meloni"]),
        by(&["--person", "Meloni"])
    );
    // Two countries: both must be named, so the pair narrows to the intersection.
    let both = by(&["--country", "IT", "--country", "UA"]);
    let ua = by(&["--country", "UA"]);
    assert!(!both.is_empty() && both.len() < it.len());
    assert!(both.iter().all(|id| it.contains(id) && ua.contains(id)));
    env.cmd(&["search", "x", "--country", "Atlantis"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown country `Atlantis`"));
}

#[test]
fn sort_by_date_puts_newest_first_and_star_matches_everything() {
    let env = Env::with_fixtures();
    let hits = ndjson(&env.ok(&[
        "search", "*", "--sort", "date", "--limit", "100", "--format", "ndjson",
    ]));
    assert_eq!(hits.len(), 29);
    let dates: Vec<&str> = hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn json_output_carries_highlight_ranges() {
    let env = Env::with_fixtures();
    let out = env.ok(&["search", "troops", "--format", "json", "--limit", "3"]);
    let page: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(page["version"], 1);
    assert!(page["total"].as_u64().unwrap() >= 3);
    for hit in page["hits"].as_array().unwrap() {
        let text: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
        let ranges = hit["snippet"]["highlights"].as_array().unwrap();
        assert!(!ranges.is_empty());
        for r in ranges {
            let (s, e) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            let word: String = text[s..e].iter().collect();
            assert!(
                word.to_lowercase().starts_with("troop"),
                "highlighted {word:?}"
            );
        }
    }
}

#[test]
fn colour_follows_the_flag() {
    let env = Env::with_fixtures();
    let out = env.ok(&["--color", "always", "search", "troops", "--limit", "1"]);
    assert!(
        out.contains("\x1b[1;31mtroops\x1b[0m") || out.contains("\x1b[1;31mTroops\x1b[0m"),
        "{out}"
    );
    let out = env.ok(&["--color", "never", "search", "troops", "--limit", "1"]);
    assert!(!out.contains("\x1b["));
}

#[test]
fn results_wrap_to_the_terminal_width() {
    let env = Env::with_fixtures();
    let one_line = env.ok(&["search", "security guarantees", "--limit", "3"]);
    // Piped: one line per part, however long.
    assert!(
        one_line.lines().any(|l| l.chars().count() > 100),
        "{one_line}"
    );
    let out = env
        .cmd(&["search", "security guarantees", "--limit", "3"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let wrapped = String::from_utf8(out.stdout).unwrap();
    for line in wrapped.lines() {
        assert!(
            line.chars().count() <= 60,
            "{line:?} is wider than 60 columns"
        );
    }
    // Nothing lost but the snippet's tail: titles, paths and ids are all there, re-joined.
    let joined = wrapped.replace("\n     ", " ");
    for hit in ndjson(&env.ok(&[
        "search",
        "security guarantees",
        "--limit",
        "3",
        "--format",
        "ndjson",
    ])) {
        assert!(joined.contains(hit["title"].as_str().unwrap()), "{joined}");
        assert!(wrapped.contains(hit["id"].as_str().unwrap()));
    }
    // Each hit: a title of one or more lines, meta lines, at most two snippet lines, a gap.
    for block in wrapped.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let snippet_lines = block.lines().filter(|l| l.contains('[')).count();
        assert!((1..=2).contains(&snippet_lines), "{block}");
    }
    // With colour, the escape sequences do not count towards the width.
    let out = env
        .cmd(&[
            "--color",
            "always",
            "search",
            "security guarantees",
            "--limit",
            "3",
        ])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let coloured = String::from_utf8(out.stdout).unwrap();
    let plain = coloured
        .replace("\x1b[0m", "")
        .replace("\x1b[1;31m", "")
        .replace("\x1b[1m", "")
        .replace("\x1b[2m", "");
    assert!(plain.lines().all(|l| l.chars().count() <= 60), "{plain}");
}

#[test]
fn a_closed_pipe_is_not_an_error_in_any_format() {
    let env = Env::with_fixtures();
    let bin = env!("CARGO_BIN_EXE_dossier");
    for format in ["text", "json", "ndjson", "csv"] {
        // 29 whole documents are more than a pipe holds, so dossier writes into a closed pipe.
        let script = format!(
            "'{bin}' --index '{}' search '*' --limit 30 --format {format} | head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}",
            env.index_dir().display()
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("dossier:"), "{format}: {stderr}");
    }
}

#[test]
fn show_prints_the_normalized_document() {
    let env = Env::with_fixtures();
    let hits = ndjson(&env.ok(&["search", "Tbilisi", "--format", "ndjson", "--limit", "1"]));
    let id = hits[0]["id"].as_str().unwrap();
    let out = env.ok(&["show", id]);
    assert!(out.contains(hits[0]["title"].as_str().unwrap()));
    assert!(out.contains("countries") && out.contains("GE ("), "{out}");
    assert!(
        !out.contains("US ("),
        "Georgia the country is not the US state: {out}"
    );
    // By path too, and as JSON equal to the search hit's document.
    let path = hits[0]["path"].as_str().unwrap();
    let doc: serde_json::Value =
        serde_json::from_str(&env.ok(&["show", path, "--format", "json"])).unwrap();
    assert_eq!(doc["id"], hits[0]["id"]);
    assert_eq!(doc["body"], hits[0]["body"]);
    env.cmd(&["show", "0000000000000000"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no document with id or path `0000000000000000`",
        ));
}

#[test]
fn missing_archive_is_a_one_line_error_saying_what_to_run() {
    let env = Env::new();
    for args in [&["search", "x"][..], &["show", "abc"]] {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("no archive at") && err.contains("dossier index"),
            "{err}"
        );
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn malformed_query_is_an_error_not_a_panic() {
    let env = Env::with_fixtures();
    let out = env.run(&["search", "contry:IT"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("invalid query") && err.contains("contry"),
        "{err}"
    );
    let out = env.run(&["search", "x", "--from", "2024-13"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("`2024-13` is not a date"));
}

#[test]
fn apostrophes_are_words_and_unclosed_brackets_or_quotes_are_errors() {
    let env = Env::with_fixtures();
    // `'` was read as a phrase quote: `Italy's troops` was a syntax error.
    let hits = ndjson(&env.ok(&["search", "Italy's troops", "--format", "ndjson"]));
    assert!(!hits.is_empty());
    for bad in ["(Italy OR France troops", "Italy) troops", "troops \"Italy"] {
        let out = env.run(&["search", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("unbalanced parentheses or quotes") && err.contains(bad),
            "{err}"
        );
    }
}

#[test]
fn query_syntax_phrases_boolean_and_negation() {
    let env = Env::with_fixtures();
    let count =
        |q: &str| ndjson(&env.ok(&["search", q, "--limit", "100", "--format", "ndjson"])).len();
    let phrase = count("\"security guarantees\"");
    let words = count("security guarantees");
    assert!(phrase >= 1 && phrase <= words, "{phrase} {words}");
    assert!(count("Tbilisi OR Atlanta") >= 2);
    assert_eq!(count("Tbilisi Atlanta"), 0, "words are ANDed by default");
    assert_eq!(
        count("Meloni -troops") + count("Meloni AND troops"),
        count("Meloni")
    );
}

#[test]
fn index_location_from_env_and_remembered_roots() {
    let env = Env::new();
    let news = env.path().join("news");
    env.write(
        "news/2026/01/05/a.txt",
        "Rome and Kyiv talk\n\nROME, Jan 5 (ANSA) - Italy and Ukraine held talks on energy aid.\n",
    );
    let arch = env.path().join("custom");
    let mut c = assert_cmd::Command::cargo_bin("dossier").unwrap();
    c.current_dir(env.path())
        .env("DOSSIER_INDEX", &arch)
        .args(["index", news.to_str().unwrap()]);
    c.assert().success();
    assert!(
        arch.join("meta.json").is_file(),
        "archive written where DOSSIER_INDEX says"
    );
    // A bare `dossier index` re-reads the remembered folder and sees the new file.
    env.write(
        "news/2026/01/06/b.txt",
        "Warsaw hosts ministers\n\nWARSAW, Jan 6 (Reuters) - Poland hosted a meeting.\n",
    );
    let mut c = assert_cmd::Command::cargo_bin("dossier").unwrap();
    c.current_dir(env.path())
        .env("DOSSIER_INDEX", &arch)
        .args(["index"]);
    c.assert().success().stderr(predicate::str::contains(
        "added 1, updated 0, moved 0, removed 0, unchanged 1 in",
    ));
    let mut c = assert_cmd::Command::cargo_bin("dossier").unwrap();
    let out = c
        .current_dir(env.path())
        .env("DOSSIER_INDEX", &arch)
        .args(["search", "Poland", "--format", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(ndjson(&String::from_utf8(out.stdout).unwrap()).len(), 1);
}

#[test]
fn bare_index_without_remembered_roots_explains() {
    let env = Env::new();
    env.cmd(&["index"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no folder to index"));
}

#[test]
fn reindexing_neither_duplicates_nor_keeps_deleted_files() {
    let env = Env::new();
    let a = env.write(
        "news/a.txt",
        "Talks in Rome\n\nJanuary 3, 2025\n\nItaly hosted talks with Ukraine on reconstruction.\n",
    );
    env.write(
        "news/b.txt",
        "Talks in Paris\n\nJanuary 4, 2025\n\nFrance hosted talks with Ukraine on air defence.\n",
    );
    let news = env.path().join("news");
    env.ok(&["index", news.to_str().unwrap()]);
    env.ok(&["index", news.to_str().unwrap()]);
    let all = |env: &Env| ndjson(&env.ok(&["search", "*", "--format", "ndjson", "--limit", "100"]));
    assert_eq!(all(&env).len(), 2);
    std::fs::remove_file(a).unwrap();
    env.ok(&["index"]);
    let left = all(&env);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["title"], "Talks in Paris");
}

#[test]
fn broken_files_are_reported_and_do_not_stop_the_run() {
    let env = Env::new();
    env.write(
        "news/good.txt",
        "Talks in Rome\n\nJanuary 3, 2025\n\nItaly hosted talks with Ukraine on reconstruction.\n",
    );
    let bin = env.path().join("news/broken.txt");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        env.path().join("news/report.html"),
        b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary stream\x00\x00",
    )
    .unwrap();
    env.write("news/empty.txt", "");
    env.write("news/photo.jpg", "not an article");
    let news = env.path().join("news");
    let out = env.run(&["index", news.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a file failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("empty.txt: empty file"), "{err}");
    // Binary bytes under an article's extension: the user expected an article there, so the
    // file is named with its reason, without -v, and counted as failed.
    assert!(
        err.contains("broken.txt: binary data where a text article was expected"),
        "{err}"
    );
    // A PDF saved under a page's name is read as the PDF it is (here a broken one).
    assert!(err.contains("report.html: not a readable PDF"), "{err}");
    // An extension dossier does not read is only counted.
    assert!(!err.contains("photo.jpg"), "{err}");
    assert!(
        err.contains("added 1, updated 0, moved 0, removed 0, unchanged 0, failed 3 (see above), skipped 1 (not articles; -v lists them) in"),
        "{err}"
    );
    assert_eq!(
        ndjson(&env.ok(&["search", "*", "--format", "ndjson"])).len(),
        1
    );
    let out = env.run(&["index", "-v"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("photo.jpg: not a format dossier reads"),
        "{err}"
    );
}

#[test]
fn since_counts_back_from_today() {
    let env = Env::new();
    // No date in text or path: the mtime decides.
    let old = env.write(
        "news/old.txt",
        "Old talks\n\nDiplomats met again to discuss the same topics.\n",
    );
    env.write(
        "news/new.txt",
        "New talks\n\nDiplomats met once more to discuss the same topics.\n",
    );
    let year_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(400 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(year_ago)
        .unwrap();
    env.ok(&["index", env.path().join("news").to_str().unwrap()]);
    let titles = |period: &str| -> Vec<String> {
        ndjson(&env.ok(&[
            "search",
            "diplomats",
            "--since",
            period,
            "--format",
            "ndjson",
        ]))
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect()
    };
    assert_eq!(titles("30d"), ["New talks"]);
    assert_eq!(titles("2y").len(), 2);
    let doc = &ndjson(&env.ok(&["search", "Old", "--format", "ndjson"]))[0];
    assert_eq!(doc["date_source"], "mtime");
}

#[test]
fn search_works_while_another_index_run_holds_the_writer() {
    let env = Env::with_fixtures();
    // Hold the writer lock as a running `dossier index` would.
    let index = tantivy::Index::open_in_dir(env.index_dir()).unwrap();
    let _writer: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    assert!(!ndjson(&env.ok(&["search", "Meloni", "--format", "ndjson"])).is_empty());
    env.cmd(&["index"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is being updated by another `dossier index` run",
        ));
}

#[test]
fn default_archive_location_is_index_in_the_working_folder() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        "Talks in Rome\n\nJanuary 3, 2025\n\nItaly hosted talks with Ukraine on reconstruction.\n",
    );
    let mut c = assert_cmd::Command::cargo_bin("dossier").unwrap();
    c.current_dir(env.path())
        .env_remove("DOSSIER_INDEX")
        .args(["index", "news"]);
    c.assert().success();
    assert!(env.path().join("index/meta.json").is_file());
    let mut c = assert_cmd::Command::cargo_bin("dossier").unwrap();
    let out = c
        .current_dir(env.path())
        .env_remove("DOSSIER_INDEX")
        .args(["search", "reconstruction"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Talks in Rome"));
}

#[test]
fn a_word_in_the_headline_outranks_the_same_word_in_the_body() {
    let env = Env::new();
    let filler =
        "Ministers met again on Tuesday to review the agenda of the coming weeks. ".repeat(3);
    env.write(
        "news/body.txt",
        &format!(
            "Ministers review agenda\n\nMarch 2, 2025\n\n{filler}They also discussed sanctions.\n"
        ),
    );
    env.write(
        "news/title.txt",
        &format!(
            "Sanctions on the agenda\n\nMarch 3, 2025\n\n{filler}They also discussed sanctions.\n"
        ),
    );
    env.ok(&["index", env.path().join("news").to_str().unwrap()]);
    // The two bodies are the same: one story, whose best-ranked member is the one shown.
    let hits = ndjson(&env.ok(&["search", "sanctions", "--format", "ndjson"]));
    assert_eq!(hits[0]["title"], "Sanctions on the agenda");
    assert_eq!((hits.len(), hits[0]["copies"].as_u64()), (1, Some(1)));
    let hits = ndjson(&env.ok(&["search", "sanctions", "--copies", "--format", "ndjson"]));
    assert_eq!(hits[0]["title"], "Sanctions on the agenda");
    assert_eq!(hits.len(), 2);
}

#[test]
fn reader_comments_never_reach_the_index_or_the_entities() {
    let env = Env::with_fixtures();
    // Words that appear only in the comments under fixture articles.
    for q in [
        "gianni_from_turin",
        "\"Beijing will be watching\"",
        "\"Greetings to everyone from Lisbon\"",
    ] {
        let hits = ndjson(&env.ok(&["search", q, "--format", "ndjson"]));
        assert!(hits.is_empty(), "{q} found in {hits:?}");
    }
    let pact = ndjson(&env.ok(&[
        "search",
        "*",
        "--person",
        "Celso Amorim",
        "--format",
        "ndjson",
    ]));
    assert!(pact.is_empty());
}

#[test]
fn legacy_encoded_files_are_decoded() {
    let env = Env::new();
    // Windows-1252: curly quotes 0x93/0x94, e-acute 0xE9.
    let mut bytes =
        b"Macron says \x93no d\xE9tente\x94 with Moscow yet\n\nMarch 5, 2025\n\n".to_vec();
    bytes.extend_from_slice(b"French President Emmanuel Macron said there would be no d\xE9tente with Russia before a ceasefire.\n");
    std::fs::create_dir_all(env.path().join("news")).unwrap();
    std::fs::write(env.path().join("news/cp1252.txt"), bytes).unwrap();
    let docs = ndjson(&env.ok(&["parse", env.path().join("news").to_str().unwrap()]));
    assert_eq!(docs[0]["title"], "Macron says “no détente” with Moscow yet");
    assert!(strings(&docs[0]["entities"]["people"]).contains(&"Emmanuel Macron".to_string()));
}

#[test]
fn parse_reports_missing_and_unsupported_paths_and_keeps_going() {
    let env = Env::new();
    let good = env.write(
        "a.txt",
        "Talks in Rome\n\nJanuary 3, 2025\n\nItaly hosted talks with Ukraine on reconstruction.\n",
    );
    let pdf = env.write("b.pdf", "%PDF-1.4");
    let out = env.run(&[
        "parse",
        "nowhere.txt",
        pdf.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("nowhere.txt: no such file or folder"), "{err}");
    assert!(err.contains("b.pdf: not a readable PDF"), "{err}");
    assert_eq!(ndjson(&String::from_utf8(out.stdout).unwrap()).len(), 1);
}

#[test]
fn name_filters_ignore_accents() {
    let env = Env::new();
    // A name the gazetteer does not know, found by its title cue.
    env.write("news/a.txt", "Danish bonds rise\n\nMarch 11, 2026\n\nCOPENHAGEN, March 11 - Deputy Minister Jørgen Sørbø Ørsted said the government was ready.\n");
    env.ok(&["index", env.path().join("news").to_str().unwrap()]);
    for name in [
        "Jørgen Sørbø Ørsted",
        "Jorgen Sorbo Orsted",
        "jorgen sorbo orsted",
    ] {
        let hits = ndjson(&env.ok(&["search", "*", "--person", name, "--format", "ndjson"]));
        assert_eq!(hits.len(), 1, "{name}");
    }
}

#[test]
fn date_ranges_inside_the_query_as_in_notmuch() {
    let env = Env::with_fixtures();
    let dates = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["search"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--limit", "100", "--format", "ndjson"]);
        ndjson(&env.ok(&a))
            .iter()
            .map(|h| h["date"].as_str().unwrap()[..10].to_string())
            .collect()
    };
    let in_query = dates(&["Meloni troops date:2025-12..2026-01"]);
    assert_eq!(in_query.len(), 3, "{in_query:?}");
    let mut by_flags = dates(&["Meloni troops", "--from", "2025-12", "--to", "2026-01"]);
    let mut sorted = in_query.clone();
    sorted.sort();
    by_flags.sort();
    assert_eq!(sorted, by_flags);
    // The query's range and the flags narrow each other.
    assert!(dates(&["Meloni troops date:2026", "--from", "2025-12"])
        .iter()
        .all(|d| d.starts_with("2026")));
    assert!(dates(&["* date:..2023-12-31"])
        .iter()
        .all(|d| d.as_str() <= "2023-12-31"));
    assert!(
        !dates(&["* date:2024"]).is_empty()
            && dates(&["* date:2024"])
                .iter()
                .all(|d| d.starts_with("2024"))
    );
    let out = env.run(&["search", "nato date:2024-13"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("date:2024-13 is not a date"));
}

#[test]
fn field_prefixes_resolve_names_like_the_filters() {
    let env = Env::with_fixtures();
    let ids = |q: &str, extra: &[&str]| {
        let mut a = vec!["search", q, "--limit", "100", "--format", "ndjson"];
        a.extend_from_slice(extra);
        let mut v: Vec<String> = ndjson(&env.ok(&a))
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let by_prefix = ids("troops country:Italy", &[]);
    assert!(!by_prefix.is_empty());
    assert_eq!(by_prefix, ids("troops country:IT", &[]));
    assert_eq!(by_prefix, ids("troops", &["--country", "Italian"]));
    assert_eq!(
        ids("person:Meloni", &[]),
        ids("*", &["--person", "Giorgia Meloni"])
    );
    assert_eq!(ids("org:EU", &[]), ids("*", &["--org", "European Union"]));
    let all = ids("Ukraine", &[]);
    let without_it = ids("Ukraine -country:italian", &[]);
    assert!(without_it.len() < all.len() && !without_it.is_empty());
    let out = env.run(&["search", "contry:IT"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("unknown field 'contry' (did you mean 'country'?)"));
}

#[test]
fn paths_and_csv_formats_offset_and_oldest_first() {
    let env = Env::with_fixtures();
    let paths = env.ok(&[
        "search", "*", "--sort", "oldest", "--limit", "100", "--format", "paths",
    ]);
    let lines: Vec<&str> = paths.lines().collect();
    assert_eq!(lines.len(), 29);
    assert!(
        lines.iter().all(|p| std::path::Path::new(p).is_file()),
        "{paths}"
    );
    let dates = |sort: &str| -> Vec<String> {
        ndjson(&env.ok(&[
            "search", "*", "--sort", sort, "--limit", "100", "--format", "ndjson",
        ]))
        .iter()
        .map(|h| h["date"].as_str().unwrap().to_string())
        .collect()
    };
    let (oldest, newest) = (dates("oldest"), dates("newest"));
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");

    let csv = env.ok(&["search", "troops", "--format", "csv", "--limit", "3"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "rank,date,source,title,countries,path,id,story,copies"
    );
    assert_eq!(rows.len(), 4);
    assert!(rows[1].starts_with("1,20"), "{csv}");

    // Page 2 starts where page 1 ended.
    let page = |offset: &str| {
        ndjson(&env.ok(&[
            "search", "troops", "--limit", "2", "--offset", offset, "--format", "ndjson",
        ]))
    };
    let (p1, p2) = (page("0"), page("2"));
    assert_eq!(p2[0]["rank"], 3);
    let all = ndjson(&env.ok(&["search", "troops", "--limit", "4", "--format", "ndjson"]));
    assert_eq!(p1[1]["id"], all[1]["id"]);
    assert_eq!(p2[0]["id"], all[2]["id"]);
    let out = env.run(&["show", "x", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let script = env.ok(&["completions", shell]);
        // fish writes long options as `-l country`.
        for word in ["index", "search", "country", "sort"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let man = env.ok(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH dossier 1"),
        "{man}"
    );
    assert!(man.contains("search") && man.contains("index"));
}

#[test]
fn top_counts_match_a_direct_count() {
    let env = Env::with_fixtures();
    let csv = env.ok(&[
        "top", "*", "--field", "country", "--limit", "5", "--format", "csv",
    ]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "value,name,count");
    assert_eq!(rows.len(), 6);
    for row in &rows[1..] {
        let cells: Vec<&str> = row.split(',').collect();
        let direct = ndjson(&env.ok(&[
            "search",
            "*",
            "--country",
            cells[0],
            "--limit",
            "1000",
            "--format",
            "ndjson",
        ]))
        .len();
        assert_eq!(cells[2].parse::<usize>().unwrap(), direct, "{row}");
    }
    assert!(
        rows[1..].iter().any(|r| r.starts_with("IT,Italy,")),
        "{csv}"
    );
    // Filters narrow what is counted; the text layout names countries.
    let text = env.ok(&["top", "troops", "--field", "person", "--country", "IT"]);
    assert!(text.contains("Giorgia Meloni"), "{text}");
    let text = env.ok(&["top", "*", "--limit", "3"]);
    assert!(text.lines().any(|l| l.starts_with("IT Italy")), "{text}");
}

#[test]
fn timeline_counts_match_a_direct_count_and_draw_bars() {
    let env = Env::with_fixtures();
    let csv = env.ok(&["timeline", "Ukraine", "--by", "year", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("period,count"));
    let hits = ndjson(&env.ok(&["search", "Ukraine", "--limit", "1000", "--format", "ndjson"]));
    let mut total = 0;
    for line in lines {
        let (year, count) = line.split_once(',').unwrap();
        let direct = hits
            .iter()
            .filter(|h| h["date"].as_str().unwrap().starts_with(year))
            .count();
        assert_eq!(count.parse::<usize>().unwrap(), direct, "{line}");
        total += direct;
    }
    assert_eq!(total, hits.len());
    // Months with no match are listed, so a chart shows the gaps.
    let months = env.ok(&["timeline", "Meloni", "--by", "month", "--format", "csv"]);
    assert!(months.lines().any(|l| l.ends_with(",0")), "{months}");
    let normalized = env.ok(&[
        "timeline",
        "*",
        "--by",
        "year",
        "--normalize",
        "--format",
        "csv",
    ]);
    assert!(
        normalized.lines().skip(1).all(|l| l.ends_with(",1.000000")),
        "everything is 100% of everything: {normalized}"
    );
    let chart = env.ok(&["timeline", "*", "--by", "year"]);
    assert!(chart.contains('█') && chart.lines().count() >= 3, "{chart}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["timeline", "*", "--format", "json"])).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["by"], "month");
}

#[test]
fn stats_describe_the_archive_and_its_last_failures() {
    let env = Env::new();
    let news = env.path().join("news");
    env.write(
        "news/a.txt",
        "Talks in Rome\n\nJanuary 3, 2025\n\nItaly hosted talks with Ukraine on reconstruction.\n",
    );
    env.write(
        "news/2024/05/06/b.txt",
        "Talks in Paris\n\nFrance hosted talks with Poland on air defence, officials said.\n",
    );
    env.write("news/empty.txt", "");
    env.run(&["index", news.to_str().unwrap()]);
    let s: serde_json::Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(s["documents"], 2);
    assert_eq!(s["files"], 2);
    assert_eq!(
        (s["first_date"].as_str(), s["last_date"].as_str()),
        (Some("2024-05-06"), Some("2025-01-03"))
    );
    let sources: Vec<(String, u64)> = s["date_sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["value"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        sources.contains(&("text".into(), 1)) && sources.contains(&("path".into(), 1)),
        "{sources:?}"
    );
    assert_eq!(s["failures"].as_array().unwrap().len(), 1);
    assert!(s["failures"][0]
        .as_str()
        .unwrap()
        .contains("empty.txt: empty file"));
    let text = env.ok(&["stats"]);
    assert!(
        text.starts_with("2 documents from 2 files, 2024-05-06 to 2025-01-03"),
        "{text}"
    );
    assert!(
        text.contains("failed at the last run (1)") && text.contains("IT Italy"),
        "{text}"
    );
}

#[test]
fn explain_shows_how_the_query_was_understood() {
    let env = Env::with_fixtures();
    let out = env.run(&[
        "search",
        "Meloni troops date:2025-12..2026-01 country:Italy",
        "--explain",
        "--person",
        "Meloni",
    ]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    for part in [
        "query: Meloni troops country:\"IT\"",
        "troops -> troop",
        "title (weight 2), body",
        "dates (UTC): from 2025-12-01T00:00:00+00:00 up to, not including, 2026-02-01T00:00:00+00:00",
        "people: Giorgia Meloni",
    ] {
        assert!(err.contains(part), "{part} missing from {err}");
    }
    assert!(
        String::from_utf8(out.stdout).unwrap().starts_with("  1. "),
        "results still follow"
    );
}

#[test]
fn show_highlights_a_query_in_the_whole_body() {
    let env = Env::with_fixtures();
    let hit = &ndjson(&env.ok(&[
        "search",
        "Meloni troops",
        "--format",
        "ndjson",
        "--limit",
        "1",
    ]))[0];
    let body = hit["body"].as_str().unwrap();
    let out = env.ok(&[
        "show",
        hit["id"].as_str().unwrap(),
        "--query",
        "troops Meloni",
    ]);
    let marked = out.matches("[Meloni]").count() + out.matches("[troops]").count();
    let expected = body.matches("Meloni").count() + body.matches("troops").count();
    assert_eq!(marked, expected, "{out}");
    assert_eq!(
        out.replace(['[', ']'], "")
            .matches(body.lines().last().unwrap())
            .count(),
        1,
        "the whole body is shown"
    );
}

#[test]
fn the_writer_memory_budget_is_a_checked_flag() {
    let env = Env::new();
    let root = fixtures();
    let out = env.run(&["index", root.to_str().unwrap(), "--memory", "10"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--memory 10: give between 30 and 8000 (MB)")
    );
    assert!(
        !env.index_dir().join("meta.json").exists(),
        "nothing written on a usage error"
    );
    env.ok(&["index", root.to_str().unwrap(), "--memory", "40", "-q"]);
    assert_eq!(
        ndjson(&env.ok(&["search", "*", "--format", "ndjson", "-n", "50"])).len(),
        29
    );
}

#[test]
fn a_country_filter_ranks_articles_about_the_country_first() {
    let env = Env::with_fixtures();
    let hits = ndjson(&env.ok(&[
        "search",
        "*",
        "--country",
        "Italy",
        "--format",
        "ndjson",
        "-n",
        "50",
    ]));
    // Every article that names Italy matches, however briefly...
    let all = ndjson(&env.ok(&["parse", fixtures().to_str().unwrap()]));
    let naming: Vec<&serde_json::Value> = all
        .iter()
        .filter(|d| d["entities"]["mentions"]["IT"].as_u64().is_some())
        .collect();
    assert_eq!(hits.len(), naming.len());
    // ...ranked by how much it is about Italy: mentions (up to 10), more when Italy is one of
    // the countries the article is about.
    let weight = |d: &serde_json::Value| {
        let n = d["entities"]["mentions"]["IT"].as_u64().unwrap().min(10);
        let about = strings(&d["entities"]["countries"]).contains(&"IT".to_string());
        n + if about { 3 } else { 0 }
    };
    let weights: Vec<u64> = hits.iter().map(weight).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    assert!(weights[0] > *weights.last().unwrap(), "{weights:?}");
    // The count `top` gives is the number of articles the filter matches.
    let top = env.ok(&[
        "top", "*", "--field", "country", "--format", "csv", "-n", "50",
    ]);
    let row = top.lines().find(|l| l.starts_with("IT,")).unwrap();
    assert_eq!(row, format!("IT,Italy,{}", hits.len()));
}

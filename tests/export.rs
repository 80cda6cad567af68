//! `dossier export`: the Quickwit index config and the OpenSearch mapping checked field by field
//! against the archive's schema, every exported line against them, `_bulk` files' shape, ids
//! stable across exports and rebuilds, `--since-last` exactly the added, changed and deleted
//! documents, a subset equal to `search --format ndjson`, files under their size limit, and the
//! errors a user meets.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{ndjson, Env};
use dossier::export::fields::{Kind, EXPORTED, INTERNAL};
use serde_json::Value;

/// The tokenizers every Quickwit build registers (quickwit-query's default tokenizer manager).
/// (`en_stem` is not one: Quickwit 0.9 dropped it with its `multilang` feature.)
const QUICKWIT_TOKENIZERS: &[&str] = &["raw", "lowercase", "default"];
/// Built-in OpenSearch language analyzers the mapping may name.
const OPENSEARCH_ANALYZERS: &[&str] = &[
    "arabic",
    "danish",
    "german",
    "greek",
    "spanish",
    "finnish",
    "french",
    "hungarian",
    "italian",
    "norwegian",
    "dutch",
    "portuguese",
    "romanian",
    "russian",
    "swedish",
    "turkish",
];

/// The data files of an export folder, in order, with their text.
fn data_files(dir: &Path, prefix: &str) -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".ndjson"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap();
            (n, text)
        })
        .collect()
}

/// The documents of a Quickwit export, keyed by id.
fn quickwit_docs(dir: &Path) -> BTreeMap<String, Value> {
    data_files(dir, "docs-")
        .iter()
        .flat_map(|(_, text)| ndjson(text))
        .map(|d| (d["id"].as_str().unwrap().to_string(), d))
        .collect()
}

/// A `_bulk` export: the documents indexed (by id) and the ids deleted.
fn bulk(dir: &Path, index: &str) -> (BTreeMap<String, Value>, BTreeSet<String>) {
    let (mut indexed, mut deleted) = (BTreeMap::new(), BTreeSet::new());
    for (name, text) in data_files(dir, "bulk-") {
        assert!(text.ends_with('\n'), "{name} must end with a newline");
        let mut lines = text.lines();
        while let Some(action) = lines.next() {
            let action: Value = serde_json::from_str(action).unwrap();
            if let Some(a) = action.get("index") {
                assert_eq!(a["_index"], index, "{action}");
                let source: Value = serde_json::from_str(lines.next().expect("a source line"))
                    .expect("the line after an index action is the document");
                assert_eq!(a["_id"], source["id"], "_id is the document's id");
                indexed.insert(source["id"].as_str().unwrap().to_string(), source);
            } else if let Some(a) = action.get("delete") {
                assert_eq!(a["_index"], index);
                deleted.insert(a["_id"].as_str().unwrap().to_string());
            } else {
                panic!("{name}: not an action line: {action}");
            }
        }
    }
    (indexed, deleted)
}

/// A line's value at an exported path (`entities.people`).
fn at<'a>(doc: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(doc, |v, k| &v[k])
}

/// Every exported line carries the fields a bigger engine needs, in the formats it reads.
fn check_line(doc: &Value) {
    let id = doc["id"].as_str().expect("an id");
    assert!(
        id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    let story = doc["story"].as_str().expect("a story id");
    assert_eq!(story.len(), 16, "{story}");
    if let Some(date) = doc["date"].as_str() {
        chrono::DateTime::parse_from_rfc3339(date).unwrap_or_else(|e| panic!("{date}: {e}"));
    }
    for f in EXPORTED {
        let v = at(doc, f.path);
        // Empty lists of a file's own keywords are left out, as `parse` leaves them out.
        if f.array {
            assert!(
                v.is_array() || v.is_null(),
                "{} is an array in {doc}",
                f.path
            );
        }
    }
    assert!(doc["country"].is_array() && doc["entities"].is_object());
    // No field the config does not map (text_<lang> only goes to OpenSearch).
    for key in doc.as_object().unwrap().keys() {
        let mapped = EXPORTED
            .iter()
            .any(|f| f.path.split('.').next() == Some(key));
        assert!(mapped || key.starts_with("text_"), "unmapped field {key}");
    }
}

fn fixture_env() -> Env {
    let env = Env::with_fixtures();
    // German, French and Russian articles, so the language fields are exercised.
    let multilingual = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multilingual");
    env.ok(&["index", multilingual.to_str().unwrap()]);
    env
}

#[test]
fn the_quickwit_config_maps_every_field_of_the_schema_and_every_line_fits_it() {
    let env = fixture_env();
    let out = env.path().join("qw");
    let run = env.run(&["export", "--to", "quickwit", out.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = String::from_utf8_lossy(&run.stderr);
    assert!(
        summary.contains("exported") && summary.contains("for quickwit"),
        "{summary}"
    );

    let yaml = std::fs::read_to_string(out.join("index-config.yaml")).unwrap();
    let config: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(config["index_id"].as_str(), Some("dossier"));
    let mapping = &config["doc_mapping"];
    assert_eq!(mapping["timestamp_field"].as_str(), Some("date"));
    // Every mapped field by its path.
    let mut mapped: BTreeMap<String, serde_yaml::Value> = BTreeMap::new();
    for f in mapping["field_mappings"].as_sequence().unwrap() {
        let name = f["name"].as_str().unwrap().to_string();
        match f["field_mappings"].as_sequence() {
            Some(inner) => {
                assert_eq!(f["type"].as_str(), Some("object"));
                for g in inner {
                    mapped.insert(format!("{name}.{}", g["name"].as_str().unwrap()), g.clone());
                }
            }
            None => {
                mapped.insert(name, f.clone());
            }
        }
    }
    assert_eq!(
        mapped.keys().cloned().collect::<BTreeSet<_>>(),
        EXPORTED.iter().map(|f| f.path.to_string()).collect(),
        "the config maps exactly the exported fields"
    );
    for f in EXPORTED {
        let m = &mapped[f.path];
        let ty = m["type"].as_str().unwrap();
        let base = ty
            .strip_prefix("array<")
            .map_or(ty, |t| t.trim_end_matches('>'));
        assert_eq!(ty.starts_with("array<"), f.array, "{}: {ty}", f.path);
        let tokenizer = m["tokenizer"].as_str();
        if let Some(t) = tokenizer {
            assert!(
                QUICKWIT_TOKENIZERS.contains(&t),
                "{}: tokenizer {t}",
                f.path
            );
        }
        let (want_type, want_tokenizer) = match f.kind {
            Kind::Exact => ("text", Some("raw")),
            Kind::Text => ("text", Some("default")),
            Kind::Name => ("text", Some("default")),
            Kind::Keyword => ("text", Some("lowercase")),
            Kind::Date => ("datetime", None),
            Kind::Number => ("u64", None),
            Kind::Object => ("json", None),
            Kind::Stored => ("text", None),
        };
        assert_eq!((base, tokenizer), (want_type, want_tokenizer), "{}", f.path);
        if f.kind == Kind::Text {
            assert_eq!(
                m["record"].as_str(),
                Some("position"),
                "{}: phrases",
                f.path
            );
        }
        if matches!(f.kind, Kind::Object | Kind::Stored) {
            assert_eq!(m["indexed"].as_bool(), Some(false), "{}", f.path);
        }
    }
    let date = &mapped["date"];
    assert_eq!(
        date["fast"].as_bool(),
        Some(true),
        "the timestamp field is fast"
    );
    assert_eq!(date["input_formats"][0].as_str(), Some("rfc3339"));
    let defaults: Vec<&str> = config["search_settings"]["default_search_fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(defaults, ["title", "body", "summary"]);

    // Every schema field is carried, or stays behind for a stated reason.
    let schema = dossier::archive::schema::build();
    for (_, entry) in schema.fields() {
        let name = entry.name();
        assert!(
            EXPORTED.iter().any(|f| f.from.contains(&name))
                || INTERNAL.iter().any(|(n, _)| *n == name)
                || name.starts_with("text_"),
            "{name}"
        );
    }

    let docs = quickwit_docs(&out);
    let all = common::all_documents(&env, &env.index_dir());
    assert_eq!(docs.len(), all.len(), "every document, copies included");
    for (name, text) in data_files(&out, "docs-") {
        assert!(text.len() <= 10_000_000, "{name}");
        assert!(text.ends_with('\n'));
    }
    for d in docs.values() {
        check_line(d);
        assert!(
            d.get("text_de").is_none(),
            "language fields are OpenSearch's"
        );
    }
    // `country` is what dossier's country filter matches: every country mentioned.
    let italy = env.ok(&[
        "search",
        "*",
        "--country",
        "IT",
        "--copies",
        "--limit",
        "1000",
        "--format",
        "ndjson",
    ]);
    let with_it: BTreeSet<String> = docs
        .values()
        .filter(|d| common::strings(&d["country"]).contains(&"IT".to_string()))
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let found: BTreeSet<String> = ndjson(&italy)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!found.is_empty());
    assert_eq!(with_it, found);
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("export.json")).unwrap()).unwrap();
    assert_eq!(manifest["documents"], all.len());
}

#[test]
fn the_opensearch_mapping_and_bulk_files_fit_the_schema() {
    let env = fixture_env();
    let out = env.path().join("os");
    env.ok(&[
        "export",
        "--to",
        "opensearch",
        out.to_str().unwrap(),
        "--name",
        "news",
    ]);
    let body: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("mapping.json")).unwrap()).unwrap();
    let analysis = &body["settings"]["analysis"];
    let props = &body["mappings"]["properties"];
    for f in EXPORTED {
        let (outer, inner) = dossier::export::fields::split(f.path);
        let m = match inner {
            Some(inner) => &props[outer]["properties"][inner],
            None => &props[outer],
        };
        let want = match f.kind {
            Kind::Exact | Kind::Keyword | Kind::Stored => "keyword",
            Kind::Text | Kind::Name => "text",
            Kind::Date => "date",
            Kind::Number => "long",
            Kind::Object => "object",
        };
        assert_eq!(m["type"], want, "{}: {m}", f.path);
        match f.kind {
            Kind::Keyword => assert_eq!(m["normalizer"], "dossier_keyword", "{}", f.path),
            Kind::Text => assert_eq!(m["analyzer"], "dossier_text", "{}", f.path),
            Kind::Object => assert_eq!(m["enabled"], false, "{}", f.path),
            Kind::Date => assert_eq!(m["format"], "strict_date_optional_time"),
            _ => {}
        }
    }
    assert!(analysis["normalizer"]["dossier_keyword"].is_object());
    // Every analyzer a field names exists: defined here, or built into OpenSearch.
    for (name, m) in props.as_object().unwrap() {
        if let Some(a) = m["analyzer"].as_str() {
            assert!(
                analysis["analyzer"][a].is_object() || OPENSEARCH_ANALYZERS.contains(&a),
                "{name}: analyzer {a}"
            );
        }
    }
    assert_eq!(props["text_de"]["analyzer"], "german");
    assert_eq!(body["mappings"]["_source"]["excludes"][0], "text_*");

    let (indexed, deleted) = bulk(&out, "news");
    assert!(deleted.is_empty());
    assert_eq!(
        indexed.len(),
        common::all_documents(&env, &env.index_dir()).len()
    );
    let mut german = 0;
    for d in indexed.values() {
        check_line(d);
        if d["language"] == "de" {
            let text = d["text_de"].as_str().expect("a German article's text_de");
            assert!(text.contains(d["body"].as_str().unwrap()));
            german += 1;
        }
    }
    assert!(german > 0, "the fixtures hold German articles");
}

#[test]
fn ids_are_the_same_across_exports_and_rebuilds_of_an_unchanged_archive() {
    let env = Env::new();
    common::generate(&env.path().join("news"), 30, 7);
    env.ok(&["index", "news"]);
    env.ok(&["export", "--to", "quickwit", "a"]);
    env.ok(&["export", "--to", "quickwit", "b"]);
    env.ok(&["index", "--rebuild"]);
    env.ok(&["export", "--to", "quickwit", "c"]);
    let (a, b, c) = (
        quickwit_docs(&env.path().join("a")),
        quickwit_docs(&env.path().join("b")),
        quickwit_docs(&env.path().join("c")),
    );
    assert_eq!(a.len(), 30);
    assert_eq!(a, b, "two exports of one archive are the same");
    assert_eq!(a, c, "a rebuilt archive exports the same ids and documents");
    // After a rebuild nothing changed for the cursor either.
    let err = String::from_utf8(
        env.run(&["export", "--to", "quickwit", "d", "--since-last"])
            .stderr,
    )
    .unwrap();
    assert!(
        err.contains("0 added, 0 changed, 0 deleted, 30 unchanged"),
        "{err}"
    );
}

/// The id of each document of the archive, by the file name its path ends with.
fn ids_by_file(env: &Env) -> BTreeMap<String, String> {
    common::all_documents(env, &env.index_dir())
        .into_iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let file = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (file, d["id"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn since_last_writes_exactly_what_was_added_changed_and_deleted() {
    let env = Env::new();
    let news = env.path().join("news");
    common::generate(&news, 40, 3);
    env.ok(&["index", "news"]);
    env.ok(&["export", "--to", "opensearch", "os"]);
    env.ok(&["export", "--to", "quickwit", "qw"]);
    let before = ids_by_file(&env);

    // One new file, one changed, one deleted.
    env.write(
        "news/13/new.txt",
        "Chile and Peru sign a lithium accord\n\n2025-05-05\n\nChile and Peru signed an accord on lithium mining.\n",
    );
    let mut files: Vec<_> = walkdir::WalkDir::new(&news)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| !p.ends_with("new.txt"))
        .collect();
    files.sort();
    let (changed, gone) = (&files[0], &files[1]);
    let text = std::fs::read_to_string(changed).unwrap();
    std::fs::write(changed, text.replace("would continue", "will resume")).unwrap();
    std::fs::remove_file(gone).unwrap();
    env.ok(&["index"]);
    let after = ids_by_file(&env);
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let (new_id, changed_id, gone_id) = (
        after["new.txt"].clone(),
        after[&name(changed)].clone(),
        before[&name(gone)].clone(),
    );

    let run = env.run(&["export", "--to", "opensearch", "os", "--since-last"]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("1 added, 1 changed, 1 deleted, 38 unchanged"),
        "{err}"
    );
    let (indexed, deleted) = bulk(&env.path().join("os"), "dossier");
    assert_eq!(
        indexed.keys().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from([new_id.clone(), changed_id.clone()])
    );
    assert!(indexed[&changed_id]["body"]
        .as_str()
        .unwrap()
        .contains("will resume"));
    assert_eq!(deleted, BTreeSet::from([gone_id.clone()]));

    env.ok(&["export", "--to", "quickwit", "qw", "--since-last"]);
    let qw = env.path().join("qw");
    let docs = quickwit_docs(&qw);
    assert_eq!(
        docs.keys().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from([new_id.clone(), changed_id.clone()])
    );
    assert_eq!(
        std::fs::read_to_string(qw.join("deletions.txt")).unwrap(),
        format!("{gone_id}\n")
    );
    // The delete tasks remove the deleted document and the old version of the changed one.
    let tasks = ndjson(&std::fs::read_to_string(qw.join("delete-tasks.ndjson")).unwrap());
    let query = tasks[0]["query"].as_str().unwrap();
    let mut ids: Vec<&str> = query
        .split(" OR ")
        .map(|t| t.trim_start_matches("id:"))
        .collect();
    ids.sort();
    let mut want = vec![gone_id.as_str(), changed_id.as_str()];
    want.sort();
    assert_eq!(ids, want);

    // Nothing changed since: nothing to send, and the old files are gone from the folder.
    let err = String::from_utf8(
        env.run(&["export", "--to", "quickwit", "qw", "--since-last"])
            .stderr,
    )
    .unwrap();
    assert!(
        err.contains("0 added, 0 changed, 0 deleted, 40 unchanged"),
        "{err}"
    );
    assert!(quickwit_docs(&qw).is_empty());
    assert!(!qw.join("deletions.txt").exists() && !qw.join("delete-tasks.ndjson").exists());
}

#[test]
fn a_subset_export_is_what_search_finds_for_the_same_query() {
    let env = fixture_env();
    let query = [
        "--query",
        "ministers OR talks OR troops",
        "--country",
        "UA",
        "--from",
        "2024",
    ];
    let out = env.path().join("sub");
    let mut args = vec!["export", "--to", "quickwit", out.to_str().unwrap()];
    args.extend(query);
    env.ok(&args);
    let exported: BTreeMap<String, Value> = quickwit_docs(&out)
        .into_iter()
        .map(|(id, mut d)| {
            d.as_object_mut().unwrap().remove("country");
            (id, d)
        })
        .collect();
    let found = env.ok(&[
        "search",
        "ministers OR talks OR troops",
        "--country",
        "UA",
        "--from",
        "2024",
        "--copies",
        "--limit",
        "100000",
        "--format",
        "ndjson",
    ]);
    let searched: BTreeMap<String, Value> = ndjson(&found)
        .into_iter()
        .map(|mut d| {
            let o = d.as_object_mut().unwrap();
            for k in ["rank", "score", "snippet", "copies", "copy_sources"] {
                o.remove(k);
            }
            (d["id"].as_str().unwrap().to_string(), d)
        })
        .collect();
    assert!(
        searched.len() >= 2,
        "the query finds something: {}",
        searched.len()
    );
    assert!(searched.len() < common::all_documents(&env, &env.index_dir()).len());
    assert_eq!(exported, searched);
}

#[test]
fn files_stay_under_their_limit_and_split_between_documents() {
    let env = Env::with_fixtures();
    env.ok(&["export", "--to", "opensearch", "whole"]);
    env.ok(&["export", "--to", "opensearch", "parts", "--file-mb", "0.02"]);
    let whole = data_files(&env.path().join("whole"), "bulk-");
    let parts = data_files(&env.path().join("parts"), "bulk-");
    assert_eq!(whole.len(), 1);
    assert!(parts.len() > 3, "{} files", parts.len());
    for (name, text) in &parts {
        // A pair over the limit would be alone in its file.
        assert!(
            text.len() <= 20_000 || text.lines().count() == 2,
            "{name}: {}",
            text.len()
        );
        assert_eq!(
            text.lines().count() % 2,
            0,
            "{name}: an action and its document together"
        );
    }
    let joined: String = parts.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(joined, whole[0].1);
}

#[test]
fn bad_targets_and_flags_are_clear_errors() {
    let env = Env::with_fixtures();
    std::fs::write(env.path().join("file.txt"), "not a folder").unwrap();
    let target = env.path().join("file.txt/export");
    let run = env.run(&["export", "--to", "quickwit", target.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains(target.to_str().unwrap()) && err.contains("cannot write"),
        "{err}"
    );

    for (args, says) in [
        (vec!["export", "out"], "--to"),
        (
            vec!["export", "--to", "solr", "out"],
            "--to quickwit or --to opensearch",
        ),
        (
            vec!["export", "--to", "quickwit", "--to", "opensearch", "out"],
            "one engine",
        ),
        (
            vec!["export", "--to", "quickwit", "out", "--name", "A b"],
            "--name",
        ),
        (
            vec!["export", "--to", "quickwit", "out", "--to", "2024-13"],
            "2024-13",
        ),
    ] {
        let run = env.run(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // `--to` is also the end date, as in search.
    env.ok(&["export", "--to", "elasticsearch", "es", "--to", "2024-06"]);
    let (indexed, _) = bulk(&env.path().join("es"), "dossier");
    assert!(!indexed.is_empty());
    assert!(indexed
        .values()
        .all(|d| d["date"].as_str().is_some_and(|s| s < "2024-07")));
}

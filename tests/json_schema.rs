//! Every JSON output of the CLI, checked against the documented schema `docs/output.schema.json`
//! (JSON Schema 2020-12): scripts written against the schema keep working as long as these pass.

mod common;

use common::{fixtures, ndjson, Env};
use serde_json::Value;

/// The schema with its root pointed at one of its `$defs`.
fn validator(def: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/output.schema.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    schema["$ref"] = Value::String(format!("#/$defs/{def}"));
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(def: &str, value: &Value, what: &str) {
    let errors: Vec<String> = validator(def)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} breaks $defs/{def}: {errors:#?}");
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn search_pages_and_hit_lines_follow_the_schema() {
    let env = Env::with_fixtures();
    for query in [
        "ceasefire",
        "\"security guarantees\"",
        "*",
        "nosuchwordanywhere",
    ] {
        let page = json(&env.ok(&["search", query, "--format", "json", "-n", "30"]));
        assert_valid("search", &page, &format!("search {query} --format json"));
        assert_eq!(page["version"], 1);
        let lines = ndjson(&env.ok(&["search", query, "--format", "ndjson", "-n", "30"]));
        assert_eq!(lines.len(), page["hits"].as_array().unwrap().len());
        for line in &lines {
            assert_valid("hit", line, &format!("search {query} --format ndjson"));
        }
    }
    // A page with hits really has them, so the checks above covered hit objects.
    let page = json(&env.ok(&["search", "*", "--format", "json", "-n", "30"]));
    assert_eq!(page["hits"].as_array().unwrap().len(), 29);
}

#[test]
fn documents_of_parse_and_show_follow_the_schema() {
    let env = Env::with_fixtures();
    let docs = ndjson(&env.ok(&["parse", fixtures().to_str().unwrap()]));
    assert_eq!(docs.len(), 29);
    for d in &docs {
        assert_valid("document", d, &format!("parse {}", d["path"]));
    }
    let id = docs[0]["id"].as_str().unwrap();
    let shown = json(&env.ok(&["show", id, "--format", "json"]));
    assert_valid("document", &shown, "show --format json");
}

#[test]
fn top_timeline_and_stats_follow_the_schema() {
    let env = Env::with_fixtures();
    for field in ["country", "person", "org", "place", "source"] {
        let page = json(&env.ok(&["top", "*", "--field", field, "--format", "json"]));
        assert_valid("top", &page, &format!("top --field {field}"));
        assert!(!page["values"].as_array().unwrap().is_empty(), "{field}");
    }
    for by in ["day", "week", "month", "year"] {
        for normalize in [false, true] {
            let mut args = vec!["timeline", "ceasefire", "--by", by, "--format", "json"];
            if normalize {
                args.push("--normalize");
            }
            let page = json(&env.ok(&args));
            assert_valid("timeline", &page, &args.join(" "));
        }
    }
    let stats = json(&env.ok(&["stats", "--format", "json"]));
    assert_valid("stats", &stats, "stats --format json");
}

#[test]
fn the_schema_rejects_what_scripts_would_trip_on() {
    // The schema is no rubber stamp: a wrong version, a missing field or a wrong type fails.
    let env = Env::with_fixtures();
    let page = json(&env.ok(&["search", "ceasefire", "--format", "json"]));
    let mut bumped = page.clone();
    bumped["version"] = 2.into();
    let mut untitled = page.clone();
    untitled["hits"][0].as_object_mut().unwrap().remove("title");
    let mut bad_code = page.clone();
    bad_code["hits"][0]["entities"]["countries"][0] = "Italy".into();
    let mut bad_range = page;
    bad_range["hits"][0]["snippet"]["highlights"][0] = serde_json::json!([1]);
    for broken in [bumped, untitled, bad_code, bad_range] {
        assert!(!validator("search").is_valid(&broken));
    }
}

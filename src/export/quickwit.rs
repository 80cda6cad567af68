//! Quickwit: the index config (`index-config.yaml`) generated from the field table, and the
//! delete tasks of an incremental export.
//!
//! Analysis with the tokenizers every Quickwit build registers (`raw`, `lowercase`,
//! `default`): article text gets `default` (words, lowercased) with positions for phrases. Not
//! `en_stem`: it only existed in builds with the optional `multilang` feature, which Quickwit
//! removed in February 2026 (0.9 refuses a config naming it: `unknown tokenizer en_stem`,
//! seen when this config was created in a Quickwit 0.9.0 built from its source). So Quickwit
//! matches exact words, `troop` does not find `troops` there, and neither accents are folded
//! nor Chinese/Japanese/Korean cut into bigrams: `Schlüter` must be typed with its accent.
//! Entities, sources and tags get `lowercase` (the whole value, lowercased: `country:it` =
//! `country:IT`), ids and paths `raw`.
//!
//! Quickwit cannot replace or delete a document by id in an ingest: a re-sent document is a
//! second copy. So an incremental export lists the ids of deleted *and changed* documents as
//! delete tasks (`POST /api/v1/<index>/delete-tasks`, one query of up to
//! [`IDS_PER_TASK`] ids each), to run before ingesting the changed documents again: a delete
//! task removes only documents published before it was created, and only from *mature*
//! splits (48 h old by default: `maturation_period`, which the config written here shows how
//! to shorten), so a deleted or changed document stays findable (a changed one twice) for up
//! to that long. Quickwit itself says deletes are meant for a few a day. The cost: each task makes
//! Quickwit rewrite the splits holding those ids in the background, so frequent small
//! incremental exports of an archive that changes everywhere are expensive; batching them
//! (daily rather than hourly) keeps the number of tasks down.

use std::fmt::Write as _;

use super::fields::{split, ExportField, Kind, EXPORTED};

/// Ids in one delete-task query: a 1,000-term OR query is ~23 KB, well under request limits,
/// and fewer tasks mean fewer split rewrites.
pub const IDS_PER_TASK: usize = 1000;

/// The `index-config.yaml` for an index named `index_id`.
pub fn index_config(index_id: &str) -> String {
    let mut y = String::new();
    y.push_str(
        "# Quickwit index config written by `dossier export --to quickwit`: every field of an\n\
         # exported line, analysed as near to dossier's analysis as a stock Quickwit allows.\n\
         # quickwit index create --index-config index-config.yaml\n",
    );
    y.push_str("version: 0.8\n");
    let _ = writeln!(y, "index_id: {index_id}");
    y.push_str("doc_mapping:\n");
    // Lenient: a field a later dossier adds is kept in the document, not refused.
    y.push_str("  mode: lenient\n");
    y.push_str("  field_mappings:\n");
    let mut objects_done: Vec<&str> = Vec::new();
    for f in EXPORTED {
        match split(f.path) {
            (name, None) => field_yaml(&mut y, name, f, 4),
            (outer, Some(_)) => {
                if objects_done.contains(&outer) {
                    continue;
                }
                objects_done.push(outer);
                let _ = writeln!(
                    y,
                    "    - name: {outer}\n      type: object\n      field_mappings:"
                );
                for inner in EXPORTED.iter().filter(|g| split(g.path).0 == outer) {
                    field_yaml(&mut y, split(inner.path).1.unwrap_or_default(), inner, 8);
                }
            }
        }
    }
    y.push_str("  timestamp_field: date\n");
    y.push_str("search_settings:\n  default_search_fields: [title, body, summary]\n");
    y.push_str(
        "# The delete tasks of `dossier export --since-last` reach a split only once it is mature\n\
         # (it merges no more): 48 h after it was written, by default. To apply them within an\n\
         # hour, at the cost of fewer merges (more, smaller splits), uncomment:\n\
         # indexing_settings:\n\
         #   merge_policy:\n\
         #     type: stable_log\n\
         #     maturation_period: 1h\n",
    );
    y
}

fn field_yaml(y: &mut String, name: &str, f: &ExportField, indent: usize) {
    let pad = " ".repeat(indent);
    let ty = |t: &str| {
        if f.array {
            format!("array<{t}>")
        } else {
            t.to_string()
        }
    };
    let _ = writeln!(y, "{pad}- name: {name}");
    let pad = " ".repeat(indent + 2);
    let lines: Vec<String> = match f.kind {
        Kind::Exact => vec![
            format!("type: {}", ty("text")),
            "tokenizer: raw".into(),
            "record: basic".into(),
            "fast: true".into(),
        ],
        Kind::Text => vec![
            format!("type: {}", ty("text")),
            "tokenizer: default".into(),
            "record: position".into(),
            "fieldnorms: true".into(),
        ],
        Kind::Name => vec![
            format!("type: {}", ty("text")),
            "tokenizer: default".into(),
            "record: position".into(),
        ],
        Kind::Keyword => vec![
            format!("type: {}", ty("text")),
            "tokenizer: lowercase".into(),
            "record: basic".into(),
            "fast: true".into(),
        ],
        Kind::Date => vec![
            format!("type: {}", ty("datetime")),
            "input_formats: [rfc3339]".into(),
            "output_format: rfc3339".into(),
            "fast_precision: seconds".into(),
            "fast: true".into(),
        ],
        Kind::Number => vec![format!("type: {}", ty("u64")), "fast: true".into()],
        Kind::Object => vec![
            format!("type: {}", ty("json")),
            "indexed: false".into(),
            "stored: true".into(),
        ],
        Kind::Stored => vec![
            format!("type: {}", ty("text")),
            "indexed: false".into(),
            "stored: true".into(),
        ],
    };
    for l in lines {
        let _ = writeln!(y, "{pad}{l}");
    }
}

/// The bodies of the delete tasks removing `ids`, one JSON object a line.
pub fn delete_tasks(ids: &[String]) -> String {
    let mut out = String::new();
    for chunk in ids.chunks(IDS_PER_TASK) {
        let query = chunk
            .iter()
            .map(|id| format!("id:{id}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        // The query names its field, so no `search_field` is needed.
        let body = serde_json::json!({ "query": query });
        out.push_str(&body.to_string());
        out.push('\n');
    }
    out
}

//! OpenSearch (and Elasticsearch, which reads the same files): `mapping.json`, the body of the
//! request that creates the index (its analysis settings and its mappings), and the `_bulk`
//! action lines.
//!
//! Why the index-creation body and not a bare `_mapping`: analyzers and normalizers live in an
//! index's settings, which can only be given when it is created, and the mapping refers to
//! them. `curl -XPUT host:9200/dossier --data-binary @mapping.json` creates both.
//!
//! Analysis, built from stock components so any OpenSearch or Elasticsearch takes it:
//! * `dossier_text` (title, body, summary): the standard tokenizer, `cjk_bigram` (Chinese,
//!   Japanese and Korean as character bigrams, as our tokenizer does), tokens over 40
//!   characters dropped, lowercase, `asciifolding`, English stemming with the `porter2`
//!   (Snowball English) stemmer, the one tantivy's `en_stem` uses;
//! * `text_de`, `text_fr`, ...: the document's text once more for a document in a language
//!   dossier stems, with the engine's analyzer for that language (the same Snowball stemmers,
//!   plus stop words); they are indexed, not kept in `_source`;
//! * `dossier_name` (authors): standard tokenizer, lowercase, asciifolding, not stemmed;
//! * the `dossier_keyword` normalizer (entities, sources, tags, language): the whole value,
//!   lowercased and folded, so `Schluter` finds `Schlüter` and `it` finds `IT`, as in dossier.

use serde_json::{json, Map, Value};

use super::fields::{split, Kind, EXPORTED};
use crate::archive::languages::STEMMED;

/// OpenSearch's analyzer for each language dossier stems. Tamil has none in a stock
/// OpenSearch or Elasticsearch: it gets the folded words of `dossier_text` without stemming.
fn language_analyzer(code: &str) -> &'static str {
    match code {
        "ar" => "arabic",
        "da" => "danish",
        "de" => "german",
        "el" => "greek",
        "es" => "spanish",
        "fi" => "finnish",
        "fr" => "french",
        "hu" => "hungarian",
        "it" => "italian",
        "nb" => "norwegian",
        "nl" => "dutch",
        "pt" => "portuguese",
        "ro" => "romanian",
        "ru" => "russian",
        "sv" => "swedish",
        "tr" => "turkish",
        _ => "dossier_folded",
    }
}

/// The body of `PUT /<index>`: settings (analysis) and mappings.
pub fn mapping() -> Value {
    let mut properties = Map::new();
    for f in EXPORTED {
        let spec = field_mapping(f.kind);
        match split(f.path) {
            (name, None) => {
                properties.insert(name.to_string(), spec);
            }
            (outer, Some(inner)) => {
                let object = properties
                    .entry(outer.to_string())
                    .or_insert_with(|| json!({ "type": "object", "properties": {} }));
                object["properties"][inner] = spec;
            }
        }
    }
    for (code, name, _) in STEMMED {
        properties.insert(
            name.to_string(),
            json!({ "type": "text", "analyzer": language_analyzer(code) }),
        );
    }
    json!({
        "settings": {
            "analysis": {
                "filter": {
                    "dossier_long": { "type": "length", "max": 40 },
                    "dossier_stem": { "type": "stemmer", "language": "porter2" }
                },
                "analyzer": {
                    "dossier_text": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["cjk_bigram", "dossier_long", "lowercase", "asciifolding", "dossier_stem"]
                    },
                    "dossier_folded": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["cjk_bigram", "dossier_long", "lowercase", "asciifolding"]
                    },
                    "dossier_name": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"]
                    }
                },
                "normalizer": {
                    "dossier_keyword": {
                        "type": "custom",
                        "filter": ["lowercase", "asciifolding"]
                    }
                }
            }
        },
        "mappings": {
            // Unknown fields (a later dossier's) are kept in _source, not mapped.
            "dynamic": false,
            "_source": { "excludes": ["text_*"] },
            "properties": properties
        }
    })
}

fn field_mapping(kind: Kind) -> Value {
    match kind {
        Kind::Exact => json!({ "type": "keyword" }),
        Kind::Text => json!({ "type": "text", "analyzer": "dossier_text" }),
        Kind::Name => json!({
            "type": "text",
            "analyzer": "dossier_name",
            "fields": { "keyword": { "type": "keyword" } }
        }),
        Kind::Keyword => json!({ "type": "keyword", "normalizer": "dossier_keyword" }),
        Kind::Date => json!({ "type": "date", "format": "strict_date_optional_time" }),
        Kind::Number => json!({ "type": "long" }),
        Kind::Object => json!({ "type": "object", "enabled": false }),
        Kind::Stored => json!({ "type": "keyword", "index": false }),
    }
}

/// The action line that indexes (adds or replaces) the document `id` in `index`.
pub fn index_action(index: &str, id: &str) -> String {
    json!({ "index": { "_index": index, "_id": id } }).to_string()
}

/// The action line that deletes the document `id` from `index` (no source line follows).
pub fn delete_action(index: &str, id: &str) -> String {
    json!({ "delete": { "_index": index, "_id": id } }).to_string()
}

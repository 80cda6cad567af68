//! The exported fields: one table saying, for every field of an exported line, what it holds,
//! which archive fields (`archive::schema`) it carries and how it is analysed. Quickwit's index
//! config and OpenSearch's mapping are both generated from this table, and a test checks that
//! every schema field is either carried by one of these or listed in [`INTERNAL`] with the
//! reason it stays behind; so a field added to the schema cannot be forgotten by the export.

/// How a field is indexed, in terms both engines can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Exact value, case kept (ids, paths): Quickwit `raw`, OpenSearch `keyword`.
    Exact,
    /// Article text with positions (phrases): our `text` analyzer (words, lowercased, folded,
    /// English stemming) as near as each engine's stock analysis comes.
    Text,
    /// Byline names: words, lowercased, folded, not stemmed (`author:Hollis`).
    Name,
    /// A whole value, lowercased and folded (entities, sources, tags, language codes): what
    /// our `keyword` tokenizer does, so `country:it` and `country:IT` both match.
    Keyword,
    /// An instant in RFC 3339 (UTC), the publication date.
    Date,
    /// A whole number.
    Number,
    /// Kept with the document, not searchable: a JSON object of arbitrary keys (mention counts
    /// keyed by names, a file's own metadata) would add one engine field per key.
    Object,
    /// Kept with the document, not searchable (the article's address).
    Stored,
}

/// One field of an exported line.
#[derive(Debug, Clone, Copy)]
pub struct ExportField {
    /// Its path in the line (`entities.people` is `people` inside the `entities` object).
    pub path: &'static str,
    pub kind: Kind,
    /// Holds several values.
    pub array: bool,
    /// The archive's schema fields whose content it carries.
    pub from: &'static [&'static str],
}

const fn field(
    path: &'static str,
    kind: Kind,
    array: bool,
    from: &'static [&'static str],
) -> ExportField {
    ExportField {
        path,
        kind,
        array,
        from,
    }
}

/// Every field of an exported line, in line order. The line is the document as `parse` and
/// `search --format ndjson` print it (see `document.rs`), plus `country`.
pub const EXPORTED: &[ExportField] = &[
    field("id", Kind::Exact, false, &["id"]),
    field("path", Kind::Exact, false, &["path"]),
    field("record", Kind::Number, false, &["record"]),
    field("title", Kind::Text, false, &["title"]),
    field("date", Kind::Date, false, &["date"]),
    field("date_source", Kind::Keyword, false, &["date_source"]),
    field("source", Kind::Keyword, false, &["source"]),
    field("authors", Kind::Name, true, &["author"]),
    field("language", Kind::Keyword, false, &["language"]),
    field("body", Kind::Text, false, &["body"]),
    field("entities.countries", Kind::Keyword, true, &["countries"]),
    field("entities.people", Kind::Keyword, true, &["person"]),
    field("entities.orgs", Kind::Keyword, true, &["org"]),
    field("entities.places", Kind::Keyword, true, &["place"]),
    field("entities.mentions", Kind::Object, false, &["mentions"]),
    field("url", Kind::Stored, false, &["url"]),
    field("summary", Kind::Text, false, &["summary"]),
    field("tags", Kind::Keyword, true, &["tag"]),
    field("fields", Kind::Object, false, &["fields"]),
    field("story", Kind::Exact, false, &["story"]),
    // What `country:IT` and `--country IT` match in dossier: every country the article
    // mentions, not only the ones it is about (`entities.countries`).
    field("country", Kind::Keyword, true, &["country", "country_seen"]),
];

/// Schema fields no exported field carries, and why.
pub const INTERNAL: &[(&str, &str)] = &[
    (
        "root",
        "the local folder a file was found under: meaningless on another machine",
    ),
    (
        "size",
        "file fingerprint for `dossier index`'s change detection",
    ),
    (
        "mtime",
        "file fingerprint for `dossier index`'s change detection",
    ),
    (
        "hash",
        "file fingerprint for `dossier index`'s change detection",
    ),
    (
        "band32",
        "MinHash band keys that find a new article's copies; `story` carries the result",
    ),
    (
        "sig",
        "MinHash signature that judges copies; `story` carries the result",
    ),
];

/// The archive's per-language text fields (`text_de`, ...) are carried by the `text_<code>`
/// fields of OpenSearch lines (see `opensearch`); Quickwit has no stemmers but English.
pub fn is_language_field(name: &str) -> bool {
    crate::archive::languages::STEMMED
        .iter()
        .any(|(_, n, _)| *n == name)
}

/// The top-level name of an exported path and, for `entities.people`, the inner one.
pub fn split(path: &str) -> (&str, Option<&str>) {
    match path.split_once('.') {
        Some((outer, inner)) => (outer, Some(inner)),
        None => (path, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_field_is_exported_or_said_to_be_internal() {
        let schema = crate::archive::schema::build();
        for (_, entry) in schema.fields() {
            let name = entry.name();
            let carried = EXPORTED.iter().any(|f| f.from.contains(&name));
            let internal = INTERNAL.iter().any(|(n, _)| *n == name);
            assert!(
                carried || internal || is_language_field(name),
                "schema field `{name}` is neither exported nor listed as internal"
            );
            assert!(
                !(carried && internal),
                "`{name}` is both exported and internal"
            );
        }
        for f in EXPORTED {
            for from in f.from {
                assert!(
                    schema.get_field(from).is_ok(),
                    "{} carries unknown {from}",
                    f.path
                );
            }
        }
    }
}

//! One exported document as a JSON line: the document exactly as `parse` and
//! `search --format ndjson` print it (same field names, the same RFC 3339 dates, the stable
//! `id` and the `story` id), plus `country` (every country the article mentions: what dossier's
//! country filter matches) and, for OpenSearch, its text once more under `text_<language>` for
//! that language's analyzer.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::archive::{languages, schema};
use crate::document::Document;
use crate::error::Result;

#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    doc: &'a Document,
    country: Vec<&'a str>,
    #[serde(flatten)]
    own_language: BTreeMap<&'static str, String>,
}

/// The line of `doc` (without its newline). `own_language`: add the `text_<code>` field that
/// OpenSearch analyses with the document's language's stemmer (when dossier has one).
pub fn render(doc: &Document, own_language: bool, out: &mut Vec<u8>) -> Result<()> {
    let mut own = BTreeMap::new();
    if own_language {
        if let Some(i) = doc.language.as_deref().and_then(languages::stemmed) {
            let (code, _, _) = languages::STEMMED[i];
            let mut text = doc.title.clone();
            for part in doc.summary.iter().chain([&doc.body]) {
                text.push_str("\n\n");
                text.push_str(part);
            }
            own.insert(field_name(code), text);
        }
    }
    let line = Line {
        doc,
        country: schema::mentioned_countries(&doc.entities),
        own_language: own,
    };
    serde_json::to_writer(&mut *out, &line)?;
    Ok(())
}

/// `text_de` for `de`: the same names as the archive's language fields.
pub fn field_name(code: &str) -> &'static str {
    languages::STEMMED
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("text", |(_, name, _)| name)
}

/// What the cursor remembers of a line: 64 bits of its BLAKE3 hash. A changed title, body,
/// entity, date or story id changes the line and so the hash.
pub fn hash(line: &[u8]) -> u64 {
    let h = blake3::hash(line);
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

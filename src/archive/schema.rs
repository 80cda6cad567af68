//! The tantivy schema: the one place the archive's fields are defined, and the only code that
//! converts between [`Document`] and tantivy documents.
//!
//! * `id`: raw, for delete-by-term on update; `root`: raw, the folder the file was found under.
//! * `path`, `size`, `mtime`, `hash`, `date_source`: the file's fingerprint, fast columns, so
//!   an update reads what the archive holds from the index itself (see `catalog`): the index
//!   and its bookkeeping are one commit and cannot disagree after a crash.
//! * `title`, `body`: the `text` analyzer (tantivy's `en_stem`, with Chinese, Japanese and
//!   Korean cut into character bigrams, see `tokenizer`, and spelling variants and accents
//!   folded, see `spellings`) with positions for phrases; title is boosted at query time.
//! * `date`: indexed, stored and fast (range filters, sorting, timelines).
//! * `author`: the `name` tokenizer (words, lowercased, accents folded), so `author:Hollis` and
//!   `author:"Clara Hollis"` both find Clara Hollis's articles, as a byline search should.
//! * Countries, three ways: `country` is searched (filters and `country:` queries match every
//!   country an article mentions), its code repeated once per mention (at most 10) plus 3 when
//!   the article is *about* the country, so BM25 ranks an article about Italy above one that
//!   names it once; `country_seen` is the fast column `top` and `stats` count (each mentioned
//!   country once, so counts agree with the filter); `countries` stores the about-countries a
//!   `Document` lists.
//! * `source`, `person`, `org`, `place`, `language`: the `keyword` tokenizer (the
//!   whole value, lowercased, accents folded) so filters ignore case and accents (`Poul
//!   Schluter` finds `Poul Schlüter`), and a raw fast column that keeps the canonical spelling
//!   for counting and display.
//! * `summary`: stemmed like the body, searched with it (an export's standfirst); `tag`: the
//!   file's keywords, sections and categories, `keyword`-tokenized with a raw fast column
//!   (`tag:`, `top --field tag`); `url` stored; `fields`: the file's other metadata as a JSON
//!   object, stored only (`show` lists it).
//! * `text_de`, `text_fr`, ... (see `languages`): the text of documents in a language tantivy
//!   has a stemmer for, stemmed by its rules; indexed only.
//! * `story`: the story the document belongs to (the id of its earliest member, as a u64),
//!   indexed (a story's members are a term query), stored and fast (collapsing hits, counting
//!   stories); `band`: the document's MinHash band keys (see `stories`), indexed only, so a new
//!   document's candidate copies are a term query against the last commit; `sig`: the low
//!   bytes of its MinHash values (72 bytes as 12 u64), a fast column, so a candidate is judged
//!   without reading the stored document.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{DateTime, Index, IndexSettings, TantivyDocument};

use super::languages;
use super::stories::similar::{sig_to_values, Likeness};
use crate::document::{DateSource, Document, Entities};
use crate::ingest::Fingerprint;

/// Name of the analyzer of the text fields (title, body, summary): words, and CJK text as
/// character bigrams (`tokenizer`), long tokens dropped, lowercased, spellings and accents
/// folded (`spellings`), English stemming.
pub const TEXT: &str = "text";
/// Name of the whole-value tokenizer (lowercased, accents folded) of entity and source fields.
pub const KEYWORD: &str = "keyword";
/// Name of the word tokenizer of author names: words, lowercased, accents folded, not stemmed.
pub const NAME: &str = "name";

/// Field handles, looked up once per opened index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub root: Field,
    pub path: Field,
    pub size: Field,
    pub mtime: Field,
    pub hash: Field,
    pub record: Field,
    pub title: Field,
    pub body: Field,
    pub date: Field,
    pub date_source: Field,
    pub source: Field,
    pub author: Field,
    pub language: Field,
    pub country: Field,
    pub country_seen: Field,
    pub countries: Field,
    pub person: Field,
    pub org: Field,
    pub place: Field,
    /// JSON object of mention counts, stored only.
    pub mentions: Field,
    pub url: Field,
    pub summary: Field,
    pub tag: Field,
    /// JSON object of the file's other metadata, stored only.
    pub fields: Field,
    pub story: Field,
    pub band: Field,
    pub sig: Field,
    /// `text_de`, `text_fr`, ...: title, summary and body stemmed in the document's language,
    /// in the order of `languages::STEMMED`.
    pub stemmed: [Field; languages::STEMMED.len()],
}

/// Build the schema for a new archive.
/// The instants the index can hold: tantivy keeps a date as nanoseconds in an i64, so from
/// 1677-09-21 to 2262-04-11. Outside, `DateTime::from_timestamp_secs` overflows (a panic in a
/// debug build, a wrapped, wrong date in release): found by fuzzing `date:2024-12..1013-01`.
pub const DATE_SECS: std::ops::RangeInclusive<i64> =
    (i64::MIN / 1_000_000_000)..=(i64::MAX / 1_000_000_000);

/// `d` as the index's date value, clamped to [`DATE_SECS`]: a query bound of year 1013 means
/// "since the earliest date there is", which the clamped bound still says.
pub fn date_value(d: chrono::DateTime<chrono::Utc>) -> DateTime {
    DateTime::from_timestamp_secs(d.timestamp().clamp(*DATE_SECS.start(), *DATE_SECS.end()))
}

pub fn build() -> Schema {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = TextOptions::default()
        .set_stored()
        .set_fast("raw")
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
    let raw_fast = (STRING | STORED).set_fast("raw");
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("root", STRING | STORED);
    b.add_text_field("path", raw_fast.clone());
    b.add_u64_field("size", STORED | FAST);
    b.add_i64_field("mtime", STORED | FAST);
    b.add_text_field("hash", raw_fast.clone());
    b.add_u64_field("record", STORED);
    b.add_text_field("title", stemmed.clone());
    b.add_text_field("body", stemmed.clone());
    b.add_text_field("summary", stemmed);
    b.add_date_field(
        "date",
        DateOptions::from(INDEXED)
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field("date_source", raw_fast);
    b.add_text_field(
        "author",
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    for name in ["source", "language", "person", "org", "place", "tag"] {
        b.add_text_field(name, keyword.clone());
    }
    // Term frequency is the weight; field length must not dilute it (an article naming twenty
    // countries is not less about each of them than its mention counts say).
    b.add_text_field(
        "country",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        ),
    );
    b.add_text_field("country_seen", TextOptions::default().set_fast("raw"));
    b.add_text_field("countries", STORED);
    b.add_text_field("mentions", STORED);
    b.add_text_field("url", STORED);
    b.add_text_field("fields", STORED);
    b.add_u64_field("story", INDEXED | STORED | FAST);
    b.add_u64_field("band32", INDEXED);
    b.add_u64_field("sig", FAST);
    languages::add_fields(&mut b);
    b.build()
}

/// Settings of a new archive: the document store (title, body and metadata, most of an
/// archive's size) compressed with zstd level 3 in 64 KB blocks instead of lz4 in 16 KB ones.
/// Measured on the 10,944 Reuters files (12.2 MB of text; 2 cores): lz4/16 KB 15.7 MB of index
/// (1.29x the text), zstd/16 KB 13.2 MB, zstd/64 KB 12.6 MB (1.04x), level 9 only 2% smaller
/// and slower to write. Fetching a hit decompresses one 64 KB block: tens of microseconds.
pub fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 64 * 1024,
        ..IndexSettings::default()
    }
}

/// Register the tokenizers the schema names. Must run on every opened index.
pub fn register_tokenizers(index: &Index) {
    languages::register(index);
    // tantivy's `en_stem` with CJK bigrams, and the spellings readers type differently from
    // print folded (`spellings`, then Latin accents and `ß`) before the English stemmer, which
    // sees only ASCII words as before.
    index.tokenizers().register(
        TEXT,
        TextAnalyzer::builder(super::tokenizer::WordsAndBigrams::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(super::spellings::FoldSpellings)
            .filter(AsciiFoldingFilter)
            .filter(super::stem_cache::CachedStemmer::new(
                frostem::Algorithm::English,
            ))
            .build(),
    );
    index.tokenizers().register(
        KEYWORD,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    index.tokenizers().register(
        NAME,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

impl Fields {
    pub fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f("id")?,
            root: f("root")?,
            path: f("path")?,
            size: f("size")?,
            mtime: f("mtime")?,
            hash: f("hash")?,
            record: f("record")?,
            title: f("title")?,
            body: f("body")?,
            date: f("date")?,
            date_source: f("date_source")?,
            source: f("source")?,
            author: f("author")?,
            language: f("language")?,
            country: f("country")?,
            country_seen: f("country_seen")?,
            countries: f("countries")?,
            person: f("person")?,
            org: f("org")?,
            place: f("place")?,
            mentions: f("mentions")?,
            url: f("url")?,
            summary: f("summary")?,
            tag: f("tag")?,
            fields: f("fields")?,
            story: f("story")?,
            band: f("band32")?,
            sig: f("sig")?,
            stemmed: {
                let mut out = [Field::from_field_id(0); languages::STEMMED.len()];
                for (slot, (_, name, _)) in out.iter_mut().zip(languages::STEMMED) {
                    *slot = f(name)?;
                }
                out
            },
        })
    }

    /// The tantivy document of `doc`, from the file `fp` under archive root `root`, with its
    /// MinHash band keys and signature.
    pub fn to_tantivy(
        &self,
        doc: &Document,
        root: &str,
        fp: &Fingerprint,
        like: &Likeness,
    ) -> TantivyDocument {
        let mut t = TantivyDocument::default();
        if let Some(story) = doc.story.as_deref().and_then(story_key) {
            t.add_u64(self.story, story);
        }
        for &b in &like.bands {
            t.add_u64(self.band, b);
        }
        for v in sig_to_values(&like.sig) {
            t.add_u64(self.sig, v);
        }
        t.add_text(self.id, &doc.id);
        t.add_text(self.root, root);
        t.add_text(self.path, &doc.path);
        t.add_u64(self.size, fp.size);
        t.add_i64(self.mtime, fp.mtime_ns);
        t.add_text(self.hash, &fp.hash);
        t.add_u64(self.record, u64::from(doc.record));
        t.add_text(self.title, &doc.title);
        t.add_text(self.body, &doc.body);
        if let Some(d) = doc.date {
            t.add_date(self.date, date_value(d));
        }
        if let Some(s) = doc.date_source {
            t.add_text(self.date_source, s.as_str());
        }
        if let Some(s) = &doc.source {
            t.add_text(self.source, s);
        }
        if let Some(l) = &doc.language {
            t.add_text(self.language, l);
        }
        for a in &doc.authors {
            t.add_text(self.author, a);
        }
        let e = &doc.entities;
        for c in &e.countries {
            t.add_text(self.countries, c);
        }
        for (code, weight) in country_weights(e) {
            t.add_text(self.country_seen, code);
            for _ in 0..weight {
                t.add_text(self.country, code);
            }
        }
        for (field, values) in [
            (self.person, &e.people),
            (self.org, &e.orgs),
            (self.place, &e.places),
        ] {
            for v in values {
                t.add_text(field, v);
            }
        }
        if !e.mentions.is_empty() {
            t.add_text(
                self.mentions,
                serde_json::to_string(&e.mentions).unwrap_or_default(),
            );
        }
        if let Some(u) = &doc.url {
            t.add_text(self.url, u);
        }
        if let Some(i) = doc.language.as_deref().and_then(languages::stemmed) {
            let field = self.stemmed[i];
            t.add_text(field, &doc.title);
            if let Some(s) = &doc.summary {
                t.add_text(field, s);
            }
            t.add_text(field, &doc.body);
        }
        if let Some(s) = &doc.summary {
            t.add_text(self.summary, s);
        }
        for tag in &doc.tags {
            t.add_text(self.tag, tag);
        }
        if !doc.fields.is_empty() {
            t.add_text(
                self.fields,
                serde_json::to_string(&doc.fields).unwrap_or_default(),
            );
        }
        t
    }

    /// Rebuild the [`Document`] stored in `t`.
    pub fn from_tantivy(&self, t: &TantivyDocument) -> Document {
        let text = |f: Field| t.get_first(f).and_then(|v| v.as_str()).map(str::to_string);
        let all = |f: Field| -> Vec<String> {
            t.get_all(f)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let date = t
            .get_first(self.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0));
        let record = t
            .get_first(self.record)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        let mentions = text(self.mentions)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let fields = text(self.fields)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        Document {
            story: t
                .get_first(self.story)
                .and_then(|v| v.as_u64())
                .map(story_id),
            id: text(self.id).unwrap_or_default(),
            path: text(self.path).unwrap_or_default(),
            record: record as u32,
            title: text(self.title).unwrap_or_default(),
            date,
            date_source: text(self.date_source)
                .as_deref()
                .and_then(DateSource::parse),
            source: text(self.source),
            authors: all(self.author),
            language: text(self.language),
            body: text(self.body).unwrap_or_default(),
            entities: Entities {
                countries: all(self.countries),
                people: all(self.person),
                orgs: all(self.org),
                places: all(self.place),
                mentions,
            },
            url: text(self.url),
            summary: text(self.summary),
            tags: all(self.tag),
            fields,
        }
    }

    /// The root and file fingerprint stored with `t` (to write a stored document again).
    pub fn stored_file(&self, t: &TantivyDocument) -> (String, Fingerprint) {
        let text = |f: Field| {
            t.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let fp = Fingerprint {
            size: t.get_first(self.size).and_then(|v| v.as_u64()).unwrap_or(0),
            mtime_ns: t
                .get_first(self.mtime)
                .and_then(|v| v.as_i64())
                .unwrap_or(0),
            hash: text(self.hash),
        };
        (text(self.root), fp)
    }
}

/// A story id (a document id: 16 hex digits) as the u64 the index holds.
pub fn story_key(id: &str) -> Option<u64> {
    u64::from_str_radix(id, 16).ok()
}

/// The story id of an indexed story key.
pub fn story_id(key: u64) -> String {
    format!("{key:016x}")
}

/// Extra weight of a country the article is about, over its mention count.
const ABOUT_BONUS: u32 = 3;
/// Mentions beyond this add nothing: a long article is not more about a country than a short
/// one that names it as often relative to its length.
const MENTION_CAP: u32 = 10;

/// Every country an article mentions (what `country:` and `--country` match), the ones it is
/// about first: the export's `country` field.
pub fn mentioned_countries(e: &Entities) -> Vec<&str> {
    country_weights(e).into_iter().map(|(c, _)| c).collect()
}

/// Every country an article mentions, with its search weight: mentions (capped) plus a bonus
/// when it is one of the countries the article is about. Mention counts are keyed by code among
/// other entities' names; a key counts when it is a known country code.
fn country_weights(e: &Entities) -> Vec<(&str, u32)> {
    use crate::ingest::entities::gazetteer;
    let mut out: Vec<(&str, u32)> = e
        .countries
        .iter()
        .map(|c| {
            let n = e
                .mentions
                .get(c)
                .copied()
                .unwrap_or(1)
                .clamp(1, MENTION_CAP);
            (c.as_str(), n + ABOUT_BONUS)
        })
        .collect();
    for (key, &n) in &e.mentions {
        let is_code = key.len() == 2 && key.bytes().all(|b| b.is_ascii_uppercase());
        if is_code && !e.countries.contains(key) && gazetteer::country_name(key).is_some() {
            out.push((key.as_str(), n.clamp(1, MENTION_CAP)));
        }
    }
    out
}

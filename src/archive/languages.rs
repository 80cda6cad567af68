//! Stemming in the document's own language. tantivy sets an analyzer per field, not per
//! document, so each language tantivy has a Snowball stemmer for gets a field of its own,
//! `text_de`, `text_fr`, ...: indexed with positions, not stored, holding the title, summary
//! and body of the documents detected (or declared) in that language, stemmed by its rules.
//! The stored `title` and `body` stay as they are for every document (English analysis, exact
//! words of every language still match there).
//!
//! A query is parsed twice, over the English fields and over the language fields the archive
//! holds, and the two are joined by a disjunction-max: a German article matching `Verhandlung`
//! through `text_de` (`Verhandlungen`) or the word `Zelensky` in both its body and `text_de`
//! scores the better of the two, never their sum, so articles in other languages do not rank
//! above English ones for matching twice. An archive with no such documents parses once, as
//! before. Cost: each document in these languages is analysed twice at ingest (English and its
//! own); English documents not at all. Languages without a tantivy stemmer (Ukrainian, Polish,
//! Czech, Bulgarian, Persian, Hebrew, ...) are searched by their lowercased, folded words.

use frostem::Algorithm;
use tantivy::schema::{IndexRecordOption, SchemaBuilder, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::Index;

use super::stem_cache::CachedStemmer;

use super::spellings::FoldSpellings;
use super::tokenizer::WordsAndBigrams;

/// Language code (as `ingest::language` gives it), field and analyzer name, stemmer.
pub const STEMMED: [(&str, &str, Algorithm); 17] = [
    ("ar", "text_ar", Algorithm::Arabic),
    ("da", "text_da", Algorithm::Danish),
    ("de", "text_de", Algorithm::German),
    ("el", "text_el", Algorithm::Greek),
    ("es", "text_es", Algorithm::Spanish),
    ("fi", "text_fi", Algorithm::Finnish),
    ("fr", "text_fr", Algorithm::French),
    ("hu", "text_hu", Algorithm::Hungarian),
    ("it", "text_it", Algorithm::Italian),
    ("nb", "text_nb", Algorithm::Norwegian),
    ("nl", "text_nl", Algorithm::Dutch),
    ("pt", "text_pt", Algorithm::Portuguese),
    ("ro", "text_ro", Algorithm::Romanian),
    ("ru", "text_ru", Algorithm::Russian),
    ("sv", "text_sv", Algorithm::Swedish),
    ("ta", "text_ta", Algorithm::Tamil),
    ("tr", "text_tr", Algorithm::Turkish),
];

/// The position in [`STEMMED`] of a language code.
pub fn stemmed(code: &str) -> Option<usize> {
    STEMMED.iter().position(|(c, _, _)| *c == code)
}

/// Add the language fields to a new schema.
pub fn add_fields(b: &mut SchemaBuilder) {
    for (_, name, _) in STEMMED {
        b.add_text_field(
            name,
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(name)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        );
    }
}

/// Register each language field's analyzer: the `text` analyzer's steps with the language's
/// stemmer, which runs before accents are folded (French and Spanish suffix rules read them).
pub fn register(index: &Index) {
    for (_, name, language) in STEMMED {
        index.tokenizers().register(
            name,
            TextAnalyzer::builder(WordsAndBigrams::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(FoldSpellings)
                .filter(CachedStemmer::new(language))
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
}

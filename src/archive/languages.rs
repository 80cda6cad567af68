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

use tantivy::schema::{IndexRecordOption, SchemaBuilder, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer,
};
use tantivy::Index;

use super::spellings::FoldSpellings;
use super::tokenizer::WordsAndBigrams;

/// Language code (as `ingest::language` gives it), field and analyzer name, stemmer.
pub const STEMMED: [(&str, &str, Language); 17] = [
    ("ar", "text_ar", Language::Arabic),
    ("da", "text_da", Language::Danish),
    ("de", "text_de", Language::German),
    ("el", "text_el", Language::Greek),
    ("es", "text_es", Language::Spanish),
    ("fi", "text_fi", Language::Finnish),
    ("fr", "text_fr", Language::French),
    ("hu", "text_hu", Language::Hungarian),
    ("it", "text_it", Language::Italian),
    ("nb", "text_nb", Language::Norwegian),
    ("nl", "text_nl", Language::Dutch),
    ("pt", "text_pt", Language::Portuguese),
    ("ro", "text_ro", Language::Romanian),
    ("ru", "text_ru", Language::Russian),
    ("sv", "text_sv", Language::Swedish),
    ("ta", "text_ta", Language::Tamil),
    ("tr", "text_tr", Language::Turkish),
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
                .filter(Stemmer::new(language))
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
}

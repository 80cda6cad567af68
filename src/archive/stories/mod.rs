//! Stories: copies of one article (syndicated wire copy, updates, a page saved twice) grouped
//! at ingest, so search can show one hit per story and attention counts are not inflated.
//!
//! * `similar`: when two documents are copies (shingles, MinHash band keys, the exact check).
//! * `grouping`: keeping every document's `story` right as files come and go, in the same
//!   commits as the documents.
//!
//! A story is a connected group of documents linked by the copy test, and its id is the id of
//! its earliest member (by date, ties broken by document id). Both are functions of the set of
//! documents alone, not of the order files were read in: whatever sequence of runs (or kills)
//! built an archive, its stories are those `index --rebuild` builds.

mod bands;
mod grouping;
pub mod similar;

pub use grouping::{likeness, StoryWriter};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, TantivyDocument, Term};

use super::schema::story_key;
use super::Archive;
use crate::document::Document;
use crate::error::Result;

/// Every member of `story`, earliest first.
pub fn members(archive: &Archive, searcher: &Searcher, story: &str) -> Result<Vec<Document>> {
    let Some(key) = story_key(story) else {
        return Ok(Vec::new());
    };
    let f = archive.fields();
    let query = TermQuery::new(Term::from_field_u64(f.story, key), IndexRecordOption::Basic);
    let top = searcher.search(&query, &TopDocs::with_limit(100_000).order_by_score())?;
    let mut docs = top
        .into_iter()
        .map(|(_, a)| Ok(f.from_tantivy(&searcher.doc::<TantivyDocument>(a)?)))
        .collect::<Result<Vec<_>>>()?;
    docs.sort_by(|a, b| earliest_key(a).cmp(&earliest_key(b)));
    Ok(docs)
}

/// How many documents `story` has.
pub fn size(archive: &Archive, searcher: &Searcher, story: &str) -> Result<usize> {
    let Some(key) = story_key(story) else {
        return Ok(0);
    };
    let query = TermQuery::new(
        Term::from_field_u64(archive.fields().story, key),
        IndexRecordOption::Basic,
    );
    Ok(searcher.search(&query, &Count)?)
}

/// The order that makes a story's first member its original: dated before undated, earlier
/// first, then by id.
pub fn earliest_key(d: &Document) -> (bool, Option<i64>, &str) {
    (
        d.date.is_none(),
        d.date.map(|d| d.timestamp()),
        d.id.as_str(),
    )
}

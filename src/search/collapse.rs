//! One hit per story: the best-ranked member stands for its copies, with how many there are
//! and where they ran (`+3 copies: Reuters, AP, +1 more`), and how many stories match.
//!
//! Everything here reads the `story` fast column (a u64 per document) and, for the few hits
//! shown, the `source` fast column of their story's members: no stored document is opened
//! beyond the hits themselves.

use std::collections::BTreeSet;

use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::archive::Archive;
use crate::error::Result;

/// The story key of each address (None for a document without one).
pub fn story_keys(searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<Option<u64>>> {
    let mut columns: Vec<Option<Column<u64>>> = Vec::new();
    for segment in searcher.segment_readers() {
        columns.push(segment.fast_fields().u64("story").ok());
    }
    Ok(addresses
        .iter()
        .map(|a| {
            columns
                .get(a.segment_ord as usize)
                .and_then(Option::as_ref)
                .and_then(|c| c.first(a.doc_id))
        })
        .collect())
}

/// How many stories these story keys (of the matching documents) name.
pub fn distinct(mut keys: Vec<u64>) -> usize {
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

/// The other members of the story `key`: how many, and their distinct sources (at most
/// `max_sources`, in order of first appearance by source name).
pub fn copies(
    archive: &Archive,
    searcher: &Searcher,
    key: u64,
    own: DocAddress,
) -> Result<(usize, Vec<String>)> {
    let query = TermQuery::new(
        Term::from_field_u64(archive.fields().story, key),
        IndexRecordOption::Basic,
    );
    let members = searcher.search(&query, &DocSetCollector)?;
    let mut sources = BTreeSet::new();
    let mut n = 0;
    for addr in members.into_iter().filter(|a| *a != own) {
        n += 1;
        let segment = searcher.segment_reader(addr.segment_ord);
        if let Ok(Some(column)) = segment.fast_fields().str("source") {
            if let Some(ord) = column.term_ords(addr.doc_id).next() {
                let mut s = String::new();
                if column.ord_to_str(ord, &mut s).unwrap_or(false) {
                    sources.insert(s);
                }
            }
        }
    }
    Ok((n, sources.into_iter().collect()))
}

/// Collects the story key of every matching document.
pub struct StoryKeys;

pub struct SegmentKeys {
    column: Option<Column<u64>>,
    keys: Vec<u64>,
}

impl Collector for StoryKeys {
    type Fruit = Vec<u64>;
    type Child = SegmentKeys;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentKeys> {
        Ok(SegmentKeys {
            column: segment.fast_fields().u64("story").ok(),
            keys: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentKeys {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(k) = self.column.as_ref().and_then(|c| c.first(doc)) {
            self.keys.push(k);
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.keys
    }
}

/// A member of a story as `show` lists it.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct Member {
    pub id: String,
    pub date: Option<chrono::DateTime<chrono::Utc>>,
    pub source: Option<String>,
    pub title: String,
    pub path: String,
    /// `original` (the earliest), `update` (a later version from a source that already ran
    /// it, or a wire `UPDATE n-` headline) or `copy`.
    pub role: &'static str,
}

/// The members of `doc`'s story, earliest first (empty when it has no copies).
pub fn story_members(archive: &Archive, doc: &crate::document::Document) -> Result<Vec<Member>> {
    let Some(story) = &doc.story else {
        return Ok(Vec::new());
    };
    let reader = archive.reader()?;
    let docs = crate::archive::stories::members(archive, &reader.searcher(), story)?;
    if docs.len() < 2 {
        return Ok(Vec::new());
    }
    let mut seen_sources: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let wire_update = d
            .title
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("update"));
        let again = d
            .source
            .as_deref()
            .is_some_and(|s| seen_sources.contains(&s));
        let role = match (i, again || wire_update) {
            (0, _) => "original",
            (_, true) => "update",
            _ => "copy",
        };
        seen_sources.extend(d.source.as_deref());
        out.push(Member {
            id: d.id.clone(),
            date: d.date,
            source: d.source.clone(),
            title: d.title.clone(),
            path: d.path.clone(),
            role,
        });
    }
    Ok(out)
}

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

/// Of the story keys, those kept for an estimate: 1 in `SAMPLE` keys by a hash of the key, so
/// a story is in or out of the sample whichever of its members matched (a sample of documents
/// would count a story of many copies many times).
const SAMPLE: u64 = 16;

fn sampled(key: u64) -> bool {
    key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60 == 0
}

/// The stories the matching documents belong to: counted exactly up to `exact_up_to` matching
/// documents, estimated above (sorting 650,000 keys to count them was 8% of a phrase search at
/// 1,000,000 documents; the estimate's error is ~1/sqrt(matches/16): 0.5% at 650,000).
pub struct StoryKeys {
    pub exact_up_to: usize,
}

/// How many stories match, and whether that is an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryCount {
    pub stories: usize,
    pub estimated: bool,
}

pub struct SegmentKeys {
    column: Option<Column<u64>>,
    exact_up_to: usize,
    /// Every key, until there are more than `exact_up_to` (then emptied for good).
    keys: Option<Vec<u64>>,
    sample: Vec<u64>,
    matched: usize,
}

/// A segment's keys: all of them (when few enough), the sample, and how many documents.
pub struct SegmentFruit {
    keys: Option<Vec<u64>>,
    sample: Vec<u64>,
    matched: usize,
}

impl Collector for StoryKeys {
    type Fruit = StoryCount;
    type Child = SegmentKeys;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentKeys> {
        Ok(SegmentKeys {
            column: segment.fast_fields().u64("story").ok(),
            exact_up_to: self.exact_up_to,
            keys: Some(Vec::new()),
            sample: Vec::new(),
            matched: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<StoryCount> {
        let matched: usize = fruits.iter().map(|f| f.matched).sum();
        let exact = matched <= self.exact_up_to && fruits.iter().all(|f| f.keys.is_some());
        if exact {
            let keys = fruits.into_iter().flat_map(|f| f.keys.unwrap_or_default());
            return Ok(StoryCount {
                stories: distinct(keys.collect()),
                estimated: false,
            });
        }
        let sample = fruits.into_iter().flat_map(|f| f.sample).collect();
        let estimate = distinct(sample) * SAMPLE as usize;
        Ok(StoryCount {
            // Never more stories than matching documents.
            stories: estimate.min(matched).max(1),
            estimated: true,
        })
    }
}

impl SegmentCollector for SegmentKeys {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(k) = self.column.as_ref().and_then(|c| c.first(doc)) else {
            return;
        };
        self.matched += 1;
        if let Some(keys) = &mut self.keys {
            if keys.len() < self.exact_up_to {
                keys.push(k);
            } else {
                self.keys = None;
            }
        }
        if sampled(k) {
            self.sample.push(k);
        }
    }

    fn harvest(self) -> SegmentFruit {
        SegmentFruit {
            keys: self.keys,
            sample: self.sample,
            matched: self.matched,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Segments' fruits as `collect` would leave them for these keys.
    fn fruits(segments: &[Vec<u64>], exact_up_to: usize) -> Vec<SegmentFruit> {
        segments
            .iter()
            .map(|keys| {
                let mut s = SegmentKeys {
                    column: None,
                    exact_up_to,
                    keys: Some(Vec::new()),
                    sample: Vec::new(),
                    matched: 0,
                };
                for &k in keys {
                    s.matched += 1;
                    if let Some(all) = &mut s.keys {
                        if all.len() < exact_up_to {
                            all.push(k);
                        } else {
                            s.keys = None;
                        }
                    }
                    if sampled(k) {
                        s.sample.push(k);
                    }
                }
                s.harvest()
            })
            .collect()
    }

    #[test]
    fn stories_are_exact_up_to_the_limit_and_estimated_within_two_percent_above() {
        // 300,000 documents in 150,000 stories of 1-3 members (keys spread as ids are).
        let key = |i: u64| {
            blake3::hash(&i.to_le_bytes()).as_bytes()[..8]
                .iter()
                .fold(0u64, |a, &b| a << 8 | b as u64)
        };
        let mut docs = Vec::new();
        for story in 0..150_000u64 {
            for _ in 0..[1, 2, 3][(story % 3) as usize] {
                docs.push(key(story));
            }
        }
        assert_eq!(docs.len(), 300_000);
        let segments: Vec<Vec<u64>> = docs.chunks(70_000).map(<[u64]>::to_vec).collect();
        let exact = StoryKeys {
            exact_up_to: usize::MAX,
        };
        let c = exact.merge_fruits(fruits(&segments, usize::MAX)).unwrap();
        assert_eq!(
            c,
            StoryCount {
                stories: 150_000,
                estimated: false
            }
        );

        let limited = StoryKeys {
            exact_up_to: 100_000,
        };
        let c = limited.merge_fruits(fruits(&segments, 100_000)).unwrap();
        assert!(c.estimated);
        let error = (c.stories as f64 - 150_000.0).abs() / 150_000.0;
        assert!(error < 0.02, "estimate {} for 150,000", c.stories);

        // Few matches: exact even with the limit.
        let few = vec![docs[..5_000].to_vec()];
        let c = limited.merge_fruits(fruits(&few, 100_000)).unwrap();
        assert!(!c.estimated);
        assert_eq!(c.stories, distinct(docs[..5_000].to_vec()));
    }
}

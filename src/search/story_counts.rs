//! `top` and `timeline` counting stories instead of articles (`--count stories`, the default):
//! twenty outlets running one wire story are one story, so syndication does not inflate
//! attention, as Media Cloud's and GDELT's users ask.
//!
//! A story counts once per value it names (any matching member naming it counts), and once in
//! the timeline, in the period of its earliest matching member. Both read only fast columns:
//! the value's term ordinals, `story` and `date`.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use tantivy::collector::DocSetCollector;
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

use super::facets::{Counted, Period};
use crate::error::Result;

/// What `top` and `timeline` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Counting {
    /// Each story once, however many copies of it there are.
    #[default]
    Stories,
    /// Each article.
    Articles,
}

impl Counting {
    pub fn noun(self) -> &'static str {
        match self {
            Counting::Stories => "stories",
            Counting::Articles => "articles",
        }
    }
}

/// The matching documents, by segment.
fn by_segment(searcher: &Searcher, query: &dyn Query) -> Result<BTreeMap<u32, Vec<u32>>> {
    let mut out: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for DocAddress {
        segment_ord,
        doc_id,
    } in searcher.search(query, &DocSetCollector)?
    {
        out.entry(segment_ord).or_default().push(doc_id);
    }
    Ok(out)
}

/// A document's story key; one without (an archive written before stories) is its own story.
fn key_of(stories: Option<&tantivy::columnar::Column<u64>>, segment: u32, doc: u32) -> u64 {
    stories
        .and_then(|c| c.first(doc))
        .unwrap_or(1 << 63 | u64::from(segment) << 32 | u64::from(doc))
}

/// The `limit` values of the string fast column `field` named by the most stories matching
/// `query`, and how many stories match.
pub fn top_stories(
    searcher: &Searcher,
    query: &dyn Query,
    field: &str,
    limit: usize,
) -> Result<(usize, Vec<Counted>)> {
    let mut per_value: HashMap<String, HashSet<u64>> = HashMap::new();
    let mut all: HashSet<u64> = HashSet::new();
    for (segment, docs) in by_segment(searcher, query)? {
        let ff = searcher.segment_reader(segment).fast_fields();
        let stories = ff.u64("story").ok();
        let Some(values) = ff.str(field)? else {
            for doc in docs {
                all.insert(key_of(stories.as_ref(), segment, doc));
            }
            continue;
        };
        let mut by_ord: HashMap<u64, Vec<u64>> = HashMap::new();
        for doc in docs {
            let key = key_of(stories.as_ref(), segment, doc);
            all.insert(key);
            for ord in values.term_ords(doc) {
                by_ord.entry(ord).or_default().push(key);
            }
        }
        for (ord, keys) in by_ord {
            let mut value = String::new();
            if values.ord_to_str(ord, &mut value)? {
                per_value.entry(value).or_default().extend(keys);
            }
        }
    }
    let mut counts: Vec<Counted> = per_value
        .into_iter()
        .map(|(value, keys)| Counted {
            value,
            count: keys.len() as u64,
        })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    counts.truncate(limit.max(1));
    Ok((all.len(), counts))
}

/// Stories matching `query` per period, each in the period of its earliest matching member.
pub fn stories_per_period(
    searcher: &Searcher,
    query: &dyn Query,
    by: Period,
) -> Result<BTreeMap<String, u64>> {
    let mut first: HashMap<u64, i64> = HashMap::new();
    for (segment, docs) in by_segment(searcher, query)? {
        let ff = searcher.segment_reader(segment).fast_fields();
        let stories = ff.u64("story").ok();
        let dates = ff.date("date")?;
        for doc in docs {
            let Some(d) = dates.first(doc) else { continue };
            let secs = d.into_timestamp_secs();
            let e = first
                .entry(key_of(stories.as_ref(), segment, doc))
                .or_insert(secs);
            *e = (*e).min(secs);
        }
    }
    let mut counts = BTreeMap::new();
    for secs in first.into_values() {
        let d = DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default();
        *counts.entry(by.label(d)).or_insert(0) += 1;
    }
    Ok(counts)
}

//! `dossier stats`: what the archive holds, read from its columns and commit payload without
//! touching the document store: documents and files, the date span and how dates were found,
//! documents per year and per language, the most frequent sources and entities, what failed at
//! the last run, and the size on disk. It counts with the same aggregations as `top` and
//! `timeline`, so it lives in `search` (it was in `archive`, which then depended on `search`).

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::AllQuery;

use super::facets::{self, Bucket, Counted, Facet, Period};
use super::story_counts::Counting;
use super::SearchRequest;
use crate::archive::catalog::Catalog;
use crate::archive::Archive;
use crate::error::Result;

#[derive(Debug, Serialize)]
pub struct Stats {
    pub documents: u64,
    /// Stories the documents form, and how many documents are copies (documents - stories).
    pub stories: usize,
    pub copies: usize,
    pub files: usize,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Documents by where their date came from: text, path, mtime.
    pub date_sources: Vec<Counted>,
    pub per_year: Vec<Bucket>,
    /// Documents per language (ISO 639-1), most first.
    pub languages: Vec<Counted>,
    pub top_sources: Vec<Counted>,
    pub top_countries: Vec<Counted>,
    pub top_people: Vec<Counted>,
    pub top_orgs: Vec<Counted>,
    pub roots: Vec<String>,
    pub failures: Vec<String>,
    pub size_bytes: u64,
}

pub fn stats(archive: &Archive, top: usize) -> Result<Stats> {
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let all = SearchRequest {
        query: "*".into(),
        ..SearchRequest::default()
    };
    let per_year = facets::timeline(archive, &all, Period::Year, false, Counting::Articles)?;
    let exact = crate::search::collapse::StoryKeys {
        exact_up_to: usize::MAX,
    };
    let stories = searcher.search(&AllQuery, &exact)?.stories;
    let request: Aggregations = serde_json::from_value(serde_json::json!({
        "sources": {"terms": {"field": "date_source", "size": 5}}
    }))?;
    let result = serde_json::to_value(searcher.search(
        &AllQuery,
        &AggregationCollector::from_aggs(request, Default::default()),
    )?)?;
    let date_sources = facets::buckets(&result["sources"]);
    // The span from each segment's date column bounds (no document is read); deleted documents
    // may widen it until their segment is merged.
    let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
    for segment in searcher.segment_readers() {
        if segment.num_docs() == 0 {
            continue;
        }
        let dates = segment.fast_fields().date("date")?;
        let (lo, hi) = (
            dates.min_value().into_timestamp_secs(),
            dates.max_value().into_timestamp_secs(),
        );
        first = Some(first.map_or(lo, |f| f.min(lo)));
        last = Some(last.map_or(hi, |l| l.max(hi)));
    }
    let day = |t: Option<i64>| {
        t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.format("%Y-%m-%d").to_string())
    };
    let count = |facet| facets::top(archive, &all, facet, top, Counting::Articles).map(|(_, c)| c);
    let state = archive.state()?;
    let size_bytes = std::fs::read_dir(archive.dir())
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    let documents = searcher.num_docs();
    Ok(Stats {
        documents,
        stories,
        copies: (documents as usize).saturating_sub(stories),
        files: Catalog::load(&searcher)?.files.len(),
        first_date: day(first),
        last_date: day(last),
        date_sources,
        per_year,
        languages: count(Facet::Language)?,
        top_sources: count(Facet::Source)?,
        top_countries: count(Facet::Country)?,
        top_people: count(Facet::Person)?,
        top_orgs: count(Facet::Org)?,
        roots: state.roots,
        failures: state.failures,
        size_bytes,
    })
}

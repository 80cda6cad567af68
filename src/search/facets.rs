//! Counting instead of ranking: which entities or sources the matching documents name most
//! (`dossier top`, a terms aggregation over the raw fast columns), and how many match per day,
//! week, month or year (`dossier timeline`, as Media Cloud and GDELT chart attention).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::AllQuery;

use super::story_counts::{self, Counting};
use super::{build_query, SearchRequest};
use crate::archive::Archive;
use crate::error::{Error, Result};

/// The fields `top` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    Country,
    Person,
    Org,
    Place,
    Source,
    /// The file's own keywords, sections and categories.
    Tag,
    /// The document's language (ISO 639-1).
    Language,
}

impl Facet {
    fn field(self) -> &'static str {
        match self {
            Facet::Country => "country_seen",
            Facet::Person => "person",
            Facet::Org => "org",
            Facet::Place => "place",
            Facet::Source => "source",
            Facet::Tag => "tag",
            Facet::Language => "language",
        }
    }
}

/// One counted value; `total` is the number of matching documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counted {
    pub value: String,
    pub count: u64,
}

/// The `limit` most frequent values of `facet` among the documents matching `req`.
/// The total is of matching stories or articles, as `counting` says.
pub fn top(
    archive: &Archive,
    req: &SearchRequest,
    facet: Facet,
    limit: usize,
    counting: Counting,
) -> Result<(usize, Vec<Counted>)> {
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let (query, _) = build_query(archive, &searcher, req)?;
    if counting == Counting::Stories {
        return story_counts::top_stories(&searcher, &query, facet.field(), limit);
    }
    let request: Aggregations = serde_json::from_value(serde_json::json!({
        "top": {"terms": {"field": facet.field(), "size": limit.max(1)}}
    }))?;
    let (result, total) = searcher.search(
        &query,
        &(
            AggregationCollector::from_aggs(request, Default::default()),
            Count,
        ),
    )?;
    let json = serde_json::to_value(result)?;
    Ok((total, buckets(&json["top"])))
}

/// The `{key, doc_count}` buckets of a terms aggregation's result.
pub fn buckets(result: &serde_json::Value) -> Vec<Counted> {
    result["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| {
            Some(Counted {
                value: b["key"].as_str()?.to_string(),
                count: b["doc_count"].as_u64()?,
            })
        })
        .collect()
}

/// Calendar periods of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// ISO weeks, labelled by their Monday.
    Week,
    Month,
    Year,
}

impl Period {
    /// The label of the period `d` falls in: `2024-03-05`, `2024-03-04` (its Monday),
    /// `2024-03`, `2024`.
    pub fn label(self, d: DateTime<Utc>) -> String {
        let day = d.date_naive();
        match self {
            Period::Day => day.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let monday =
                    day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
                monday.format("%Y-%m-%d").to_string()
            }
            Period::Month => day.format("%Y-%m").to_string(),
            Period::Year => day.year().to_string(),
        }
    }
}

/// A timeline row: matching documents in the period, and (when asked) all documents in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    pub period: String,
    pub count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

/// Matching documents per period, oldest first, empty periods between the first and last
/// included (so a chart shows gaps); `normalize` adds each period's share of all documents.
/// Stories are counted in the period of their earliest matching member, and `normalize`
/// divides by all stories of the period.
pub fn timeline(
    archive: &Archive,
    req: &SearchRequest,
    by: Period,
    normalize: bool,
    counting: Counting,
) -> Result<Vec<Bucket>> {
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let (query, _) = build_query(archive, &searcher, req)?;
    let count = |q: &dyn tantivy::query::Query| match counting {
        Counting::Stories => story_counts::stories_per_period(&searcher, q, by),
        Counting::Articles => per_period(archive, q, by),
    };
    let matching = count(&query)?;
    let all = if normalize {
        Some(count(&AllQuery)?)
    } else {
        None
    };
    let (Some(first), Some(last)) = (matching.keys().next(), matching.keys().next_back()) else {
        return Ok(Vec::new());
    };
    let labels = all_labels(first, last, by)?;
    Ok(labels
        .into_iter()
        .map(|period| {
            let count = matching.get(&period).copied().unwrap_or(0);
            let share = all.as_ref().map(|a| {
                let n = a.get(&period).copied().unwrap_or(0);
                if n == 0 {
                    0.0
                } else {
                    count as f64 / n as f64
                }
            });
            Bucket {
                period,
                count,
                share,
            }
        })
        .collect())
}

fn per_period(
    archive: &Archive,
    query: &dyn tantivy::query::Query,
    by: Period,
) -> Result<BTreeMap<String, u64>> {
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let docs = searcher.search(query, &DocSetCollector)?;
    let mut by_segment: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for addr in docs {
        by_segment
            .entry(addr.segment_ord)
            .or_default()
            .push(addr.doc_id);
    }
    let mut counts = BTreeMap::new();
    for (segment, ids) in by_segment {
        let dates = searcher
            .segment_reader(segment)
            .fast_fields()
            .date("date")?;
        for id in ids {
            if let Some(d) = dates.first(id) {
                let d =
                    DateTime::<Utc>::from_timestamp(d.into_timestamp_secs(), 0).unwrap_or_default();
                *counts.entry(by.label(d)).or_insert(0) += 1;
            }
        }
    }
    Ok(counts)
}

/// Every period label from `first` to `last`.
fn all_labels(first: &str, last: &str, by: Period) -> Result<Vec<String>> {
    let parse = |s: &str| -> Result<chrono::NaiveDate> {
        let full = match by {
            Period::Year => format!("{s}-01-01"),
            Period::Month => format!("{s}-01"),
            _ => s.to_string(),
        };
        chrono::NaiveDate::parse_from_str(&full, "%Y-%m-%d")
            .map_err(|e| Error::Usage(e.to_string()))
    };
    let (mut d, end) = (parse(first)?, parse(last)?);
    let mut out = Vec::new();
    while d <= end && out.len() < 100_000 {
        out.push(by.label(DateTime::<Utc>::from_naive_utc_and_offset(
            d.and_hms_opt(0, 0, 0).unwrap_or_default(),
            Utc,
        )));
        d = match by {
            Period::Day => d.succ_opt(),
            Period::Week => d.checked_add_signed(chrono::Duration::days(7)),
            Period::Month => d.checked_add_months(chrono::Months::new(1)),
            Period::Year => d.checked_add_months(chrono::Months::new(12)),
        }
        .ok_or_else(|| Error::Usage("date out of range".into()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn period_labels() {
        let d = Utc.with_ymd_and_hms(2024, 3, 7, 10, 0, 0).unwrap();
        assert_eq!(Period::Day.label(d), "2024-03-07");
        assert_eq!(Period::Week.label(d), "2024-03-04");
        assert_eq!(Period::Month.label(d), "2024-03");
        assert_eq!(Period::Year.label(d), "2024");
        assert_eq!(
            all_labels("2023-11", "2024-02", Period::Month).unwrap(),
            ["2023-11", "2023-12", "2024-01", "2024-02"]
        );
        assert_eq!(
            all_labels("2022", "2024", Period::Year).unwrap(),
            ["2022", "2023", "2024"]
        );
    }
}

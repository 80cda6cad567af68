//! Searching the archive: a user's query and filters become one tantivy query; hits come back
//! ranked (BM25, title boosted, or newest first) with a highlighted snippet of the body.

pub mod collapse;
pub mod facets;
pub mod query;
pub mod range;
pub mod render;
pub mod stats;
pub mod story_counts;
pub mod wrap;

use std::ops::Bound;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, DisjunctionMaxQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::archive::{languages, schema, Archive};
use crate::document::Document;
use crate::error::{Error, Result};

/// How a title match weighs against a body match: a query word in the headline says more about
/// what the article is about than one in its eighth paragraph.
const TITLE_BOOST: f32 = 2.0;

/// Snippet length in characters: two terminal lines.
const SNIPPET_CHARS: usize = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (BM25, headline words weigh double).
    #[default]
    Relevance,
    /// Newest first (`date` is accepted too).
    #[value(alias = "date")]
    Newest,
    /// Oldest first.
    Oldest,
}

/// A checked search: every value already resolved (country codes, canonical names, UTC bounds).
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Free text for tantivy's query parser; `*` or empty matches every document.
    pub query: String,
    /// Inclusive start.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive end.
    pub to: Option<DateTime<Utc>>,
    /// Each must be present (AND).
    pub countries: Vec<String>,
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub places: Vec<String>,
    /// Any of them (OR): a document has one source.
    pub sources: Vec<String>,
    pub limit: usize,
    /// Hits to pass over first (paging).
    pub offset: usize,
    pub sort: Sort,
    /// Every article (`--copies`), instead of one hit per story.
    pub copies: bool,
    /// Count the stories exactly however many match (`--exact`).
    pub exact: bool,
}

/// Up to this many matching documents the stories are counted exactly (sorting their keys
/// costs ~2 ms); above, estimated unless `exact` is asked.
pub const EXACT_STORIES_UP_TO: usize = 100_000;

/// A highlighted excerpt: `highlights` are character ranges (start, end) of `text`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub doc: Document,
    pub snippet: Snippet,
    /// The other members of the hit's story (copies, updates), and their distinct sources.
    pub copies: usize,
    pub copy_sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Results {
    /// Matching documents in the whole archive.
    pub total: usize,
    /// The stories they belong to, when hits are collapsed to one per story.
    pub stories: Option<usize>,
    /// `stories` is an estimate (more than `EXACT_STORIES_UP_TO` matches, `exact` not asked).
    pub stories_estimated: bool,
    pub hits: Vec<Hit>,
}

/// Run `req` on the archive's last commit.
pub fn search(archive: &Archive, req: &SearchRequest) -> Result<Results> {
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let f = archive.fields();
    let (query, text_query) = build_query(archive, &searcher, req)?;

    let window = req.offset + req.limit.max(1);
    // Collapsed, the first `window` stories may need more documents than `window`: read twice
    // as many (and 20 more), four times more again when copies fill them.
    let mut wanted = if req.copies { window } else { 2 * window + 20 };
    // Collapsed, how many stories match is counted in the same pass as the ranking: a second
    // pass over a phrase matching 65% of 100,000 documents cost 20 ms.
    let mut stories: Option<collapse::StoryCount> = None;
    let exact_up_to = match req.exact {
        true => usize::MAX,
        false => EXACT_STORIES_UP_TO,
    };
    let (addresses, total) = loop {
        let keys = (!req.copies && stories.is_none()).then_some(exact_up_to);
        let (ranked, total, keys) = ranked(&searcher, &query, req.sort, wanted, keys)?;
        if let Some(keys) = keys {
            stories = Some(keys);
        }
        if req.copies {
            break (
                ranked.into_iter().skip(req.offset).collect::<Vec<_>>(),
                total,
            );
        }
        let keys =
            collapse::story_keys(&searcher, &ranked.iter().map(|r| r.1).collect::<Vec<_>>())?;
        let mut seen = std::collections::HashSet::new();
        let firsts: Vec<(f32, DocAddress, Option<u64>)> = ranked
            .iter()
            .zip(keys)
            .filter(|(_, k)| k.is_none_or(|k| seen.insert(k)))
            .map(|(&(score, addr), k)| (score, addr, k))
            .collect();
        if firsts.len() >= window || ranked.len() >= total {
            break (
                firsts
                    .into_iter()
                    .skip(req.offset)
                    .map(|(s, a, _)| (s, a))
                    .collect(),
                total,
            );
        }
        wanted *= 4;
    };
    let addresses: Vec<(f32, DocAddress)> = addresses.into_iter().take(req.limit.max(1)).collect();

    let mut generator = SnippetGenerator::create(&searcher, &*text_query, f.body)?;
    generator.set_max_num_chars(SNIPPET_CHARS);
    // A hit in a stemmed language is highlighted with its language's analysis (`Verhandlungen`
    // for `Verhandlung`); one generator per language met among the hits.
    let mut own: Vec<Option<SnippetGenerator>> = (0..f.stemmed.len()).map(|_| None).collect();
    let hits = addresses
        .into_iter()
        .enumerate()
        .map(|(i, (score, addr))| {
            let t: TantivyDocument = searcher.doc(addr)?;
            let doc = f.from_tantivy(&t);
            let language = doc.language.as_deref().and_then(languages::stemmed);
            let mut snippet = snippet(&generator, &t, &doc);
            if let Some(l) = language.filter(|_| snippet.highlights.is_empty()) {
                if own[l].is_none() {
                    let mut g = SnippetGenerator::create(&searcher, &*text_query, f.stemmed[l])?;
                    g.set_max_num_chars(SNIPPET_CHARS);
                    own[l] = Some(g);
                }
                if let Some(g) = &own[l] {
                    let s = g.snippet(&doc.body);
                    if !s.highlighted().is_empty() {
                        snippet = compact(s.fragment(), s.highlighted());
                    }
                }
            }
            let (copies, copy_sources) = match doc.story.as_deref().and_then(schema::story_key) {
                Some(key) => collapse::copies(archive, &searcher, key, addr)?,
                None => (0, Vec::new()),
            };
            Ok(Hit {
                rank: req.offset + i + 1,
                score,
                doc,
                snippet,
                copies,
                copy_sources,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Results {
        total,
        stories: stories.map(|s| s.stories),
        stories_estimated: stories.is_some_and(|s| s.estimated),
        hits,
    })
}

/// The first `n` matches of `query` in `sort` order, with their scores, how many match, and
/// (`keys`: counted exactly up to that many matches) how many stories they belong to.
type Ranked = (Vec<(f32, DocAddress)>, usize, Option<collapse::StoryCount>);

fn ranked(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    n: usize,
    keys: Option<usize>,
) -> Result<Ranked> {
    let top = TopDocs::with_limit(n.max(1));
    let keys = keys.map(|exact_up_to| collapse::StoryKeys { exact_up_to });
    let scoring = tantivy::query::EnableScoring::enabled_from_searcher(searcher);
    let run = |collector| searcher.search_with_executor(query, collector, executor(), scoring);
    Ok(match sort {
        Sort::Relevance => searcher.search_with_executor(
            query,
            &(top.order_by_score(), Count, keys),
            executor(),
            scoring,
        )?,
        Sort::Newest | Sort::Oldest => {
            let order = if sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let by_date = top.order_by_fast_field::<tantivy::DateTime>("date", order);
            let (hits, n, keys) = run(&(by_date, Count, keys))?;
            (hits.into_iter().map(|(_, a)| (0.0, a)).collect(), n, keys)
        }
    })
}

/// The searches that rank and count run on every core, one segment per task: a phrase that
/// matches 65% of 1,000,000 documents is scored in each of its 12 segments, and on 2 cores the
/// work halves (the largest segment holds half the documents). Made once per process (a
/// server answers many searches); one thread where a pool cannot be made.
fn executor() -> &'static tantivy::Executor {
    static POOL: std::sync::OnceLock<tantivy::Executor> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let n = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        match n {
            1 => tantivy::Executor::single_thread(),
            _ => tantivy::Executor::multi_thread(n, "dossier-search-")
                .unwrap_or_else(|_| tantivy::Executor::single_thread()),
        }
    })
}

/// The whole body of `doc` with the words of `query` highlighted (`show --query`); paragraph
/// breaks are kept.
pub fn highlight_body(archive: &Archive, doc: &Document, query: &str) -> Result<Snippet> {
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let text_query = parse_text(archive, &searcher, query)?;
    let mut generator = SnippetGenerator::create(&searcher, &*text_query, archive.fields().body)?;
    generator.set_max_num_chars(doc.body.len() + 1);
    let s = generator.snippet(&doc.body);
    // Highlights are relative to the fragment, which starts at a word of the body.
    let base = s.fragment_range().start;
    let char_at = |byte: usize| {
        doc.body[..(base + byte).min(doc.body.len())]
            .chars()
            .count()
    };
    let highlights = s
        .highlighted()
        .iter()
        .map(|r| (char_at(r.start), char_at(r.end)))
        .collect();
    Ok(Snippet {
        text: doc.body.clone(),
        highlights,
    })
}

/// How a request is understood, for `search --explain` (as mu's `--analyze`): the query after
/// rewriting, its words after stemming, the fields searched, the date range in UTC, the filters.
pub fn explain(archive: &Archive, req: &SearchRequest) -> Result<String> {
    let mut lines = vec![format!(
        "query: {}",
        if req.query.trim().is_empty() {
            "*"
        } else {
            req.query.trim()
        }
    )];
    let mut analyzer = archive
        .index()
        .tokenizers()
        .get(crate::archive::schema::TEXT)
        .ok_or_else(|| Error::Query("no text tokenizer".into()))?;
    let mut words = Vec::new();
    for word in req
        .query
        .split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT" | "*") && !w.contains(':'))
    {
        let mut stream = analyzer.token_stream(word);
        let mut stems = Vec::new();
        while stream.advance() {
            stems.push(stream.token().text.clone());
        }
        if !stems.is_empty() {
            words.push(format!(
                "{} -> {}",
                word.trim_matches(|c: char| !c.is_alphanumeric()),
                stems.join(" ")
            ));
        }
    }
    if !words.is_empty() {
        lines.push(format!("words (stemmed): {}", words.join(", ")));
        lines.push(format!("searched in: title (weight {TITLE_BOOST}), body, summary; all words must match unless OR is written"));
    }
    let day = |d: Option<DateTime<Utc>>| d.map_or("open".to_string(), |d| d.to_rfc3339());
    if req.from.is_some() || req.to.is_some() {
        lines.push(format!(
            "dates (UTC): from {} up to, not including, {}",
            day(req.from),
            day(req.to)
        ));
    }
    for (name, values, joiner) in [
        ("countries", &req.countries, " and "),
        ("people", &req.people, " and "),
        ("organisations", &req.orgs, " and "),
        ("places", &req.places, " and "),
        ("sources", &req.sources, " or "),
    ] {
        if !values.is_empty() {
            lines.push(format!("{name}: {}", values.join(joiner)));
        }
    }
    lines.push(
        format!(
            "order: {:?}, {} results from {}",
            req.sort,
            req.limit,
            req.offset + 1
        )
        .to_lowercase(),
    );
    Ok(lines.join("\n"))
}

/// The whole query of a request (text, dates, entities, sources), and its text part alone
/// (what snippets highlight).
pub fn build_query(
    archive: &Archive,
    searcher: &Searcher,
    req: &SearchRequest,
) -> Result<(BooleanQuery, Box<dyn Query>)> {
    let f = archive.fields();
    let text_query = parse_text(archive, searcher, &req.query)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
    if req.from.is_some() || req.to.is_some() {
        let bound = |d: Option<DateTime<Utc>>, inclusive: bool| match d {
            None => Bound::Unbounded,
            Some(d) => {
                let t = Term::from_field_date(f.date, schema::date_value(d));
                if inclusive {
                    Bound::Included(t)
                } else {
                    Bound::Excluded(t)
                }
            }
        };
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(bound(req.from, true), bound(req.to, false))),
        ));
    }
    for (field, values) in [
        (f.country, &req.countries),
        (f.person, &req.people),
        (f.org, &req.orgs),
        (f.place, &req.places),
    ] {
        for v in values {
            clauses.push((Occur::Must, keyword_query(archive, field, v)?));
        }
    }
    if !req.sources.is_empty() {
        let any = req
            .sources
            .iter()
            .map(|s| Ok((Occur::Should, keyword_query(archive, f.source, s)?)))
            .collect::<Result<_>>()?;
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    Ok((BooleanQuery::new(clauses), text_query))
}

/// Deepest nesting of parentheses a query may have. tantivy's query grammar recurses once per
/// level: 10,000 `(` overflowed the 8 MiB main stack and aborted `dossier search` (5,000 did
/// not; found by fuzzing the query target). Real queries nest two or three levels.
const MAX_NESTING: usize = 100;

/// How deep the parentheses of `q` nest, outside quoted phrases (unclosed ones count), and
/// whether every parenthesis and quote is closed.
fn nesting(q: &str) -> (usize, bool) {
    let (mut depth, mut deepest, mut quoted, mut stray) = (0usize, 0, false, false);
    let mut chars = q.chars();
    while let Some(c) = chars.next() {
        match c {
            // `\"` and `\(` are escaped: the parser reads them as characters of a word.
            '\\' => {
                chars.next();
            }
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => stray = true,
            },
            _ => {}
        }
    }
    (deepest, depth == 0 && !stray && !quoted)
}

fn parse_text(archive: &Archive, searcher: &Searcher, query: &str) -> Result<Box<dyn Query>> {
    let q = query.trim();
    if q.is_empty() || q == "*" {
        return Ok(Box::new(AllQuery));
    }
    let (depth, balanced) = nesting(q);
    if depth > MAX_NESTING {
        return Err(Error::Query(format!(
            "parentheses nested {depth} deep; at most {MAX_NESTING} levels are allowed"
        )));
    }
    // tantivy refuses them too, but its grammar backtracks first: 62 unclosed `(` after an
    // unclosed `"` took 1.08 s to be refused (found by fuzzing,
    // fuzz/regressions/query/slow-unclosed-parens).
    if !balanced {
        return Err(Error::Query(format!(
            "unbalanced parentheses or quotes in `{q}`: every ( needs its ), every \" its \""
        )));
    }
    let f = archive.fields();
    // The summary (an export's standfirst) is the article's text too: searched like the body.
    let mut parser = QueryParser::for_index(archive.index(), vec![f.title, f.body, f.summary]);
    parser.set_field_boost(f.title, TITLE_BOOST);
    // Like notmuch and mu: every word must match unless the user writes OR.
    parser.set_conjunction_by_default();
    // tantivy's grammar reads `'` as a phrase quote, so `Italy's troops` was a syntax error; an
    // apostrophe is part of the word (the analyzer splits `italy` `s`, a phrase).
    let shown = q;
    let escaped = q.replace('\'', "\\'");
    let q = escaped.as_str();
    let english = parser
        .parse_query(q)
        .map_err(|e| Error::Query(format!("{e} in `{shown}`")))?;
    // The same query in each language the archive holds documents of (`archive::languages`),
    // joined to the English one by a disjunction-max: the better match counts, not the sum.
    let present = stemmed_present(archive, searcher)?;
    if present.is_empty() {
        return Ok(english);
    }
    let mut parser = QueryParser::for_index(archive.index(), present);
    parser.set_conjunction_by_default();
    let own = parser
        .parse_query(q)
        .map_err(|e| Error::Query(format!("{e} in `{shown}`")))?;
    Ok(Box::new(DisjunctionMaxQuery::new(vec![english, own])))
}

/// The language fields that hold terms in some segment: the languages the archive has
/// documents in. A term dictionary per field and segment is opened, not read.
fn stemmed_present(archive: &Archive, searcher: &Searcher) -> Result<Vec<Field>> {
    let mut present = Vec::new();
    for &field in &archive.fields().stemmed {
        for segment in searcher.segment_readers() {
            if segment.inverted_index(field)?.terms().num_terms() > 0 {
                present.push(field);
                break;
            }
        }
    }
    Ok(present)
}

/// Exact match on a keyword field: the value goes through the field's own analyzer (lowercase,
/// accents folded), as it did when indexed.
fn keyword_query(archive: &Archive, field: Field, value: &str) -> Result<Box<dyn Query>> {
    let mut analyzer = archive.index().tokenizer_for_field(field)?;
    let mut stream = analyzer.token_stream(value);
    let text = if stream.advance() {
        stream.token().text.clone()
    } else {
        String::new()
    };
    // With frequencies: the `country` field repeats a code by how much an article is about
    // the country, and the filter's score carries that into the ranking.
    Ok(Box::new(TermQuery::new(
        Term::from_field_text(field, &text),
        IndexRecordOption::WithFreqs,
    )))
}

/// The snippet for a hit; the body's opening when the query has no body terms (`*`, a title
/// match, filters only).
fn snippet(generator: &SnippetGenerator, t: &TantivyDocument, doc: &Document) -> Snippet {
    let s = generator.snippet_from_doc(t);
    let fragment = s.fragment();
    if fragment.is_empty() || s.highlighted().is_empty() {
        let text: String = doc.body.chars().take(SNIPPET_CHARS).collect();
        let text = match text.rfind(' ') {
            Some(p) if text.len() < doc.body.len() => format!("{}…", &text[..p]),
            _ => text,
        };
        return Snippet {
            text: one_line(&text),
            highlights: Vec::new(),
        };
    }
    compact(fragment, s.highlighted())
}

/// The fragment on one line (runs of whitespace, paragraph breaks included, become one space),
/// with the highlighted byte ranges turned into character ranges of the compacted text.
fn compact(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> Snippet {
    let mut text = String::with_capacity(fragment.len());
    // Character offset in `text` of each byte offset of `fragment` that starts a character.
    let mut at = vec![0usize; fragment.len() + 1];
    let mut chars = 0;
    let mut in_space = false;
    for (i, c) in fragment.char_indices() {
        at[i] = chars;
        if c.is_whitespace() {
            if !in_space {
                text.push(' ');
                chars += 1;
            }
            in_space = true;
        } else {
            text.push(c);
            chars += 1;
            in_space = false;
        }
    }
    at[fragment.len()] = chars;
    let highlights = highlighted
        .iter()
        .map(|r| (at[r.start], at[r.end]))
        .collect();
    Snippet { text, highlights }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The document with this id or path, from the last commit (`dossier show`).
pub fn get(archive: &Archive, id_or_path: &str) -> Result<Document> {
    let reader = archive.reader()?;
    let searcher: Searcher = reader.searcher();
    archive
        .get(&searcher, id_or_path)?
        .ok_or_else(|| Error::NotFound(id_or_path.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_one_line_with_ranges_kept() {
        let fragment = "Italy’s  troops\n\nin Ukraine";
        let troops = fragment.find("troops").unwrap();
        let ukraine = fragment.find("Ukraine").unwrap();
        let s = compact(fragment, &[troops..troops + 6, ukraine..ukraine + 7]);
        assert_eq!(s.text, "Italy’s troops in Ukraine");
        let words: Vec<String> = s
            .highlights
            .iter()
            .map(|&(a, b)| s.text.chars().skip(a).take(b - a).collect())
            .collect();
        assert_eq!(words, ["troops", "Ukraine"]);
    }
}

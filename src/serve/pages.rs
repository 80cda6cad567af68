//! The web pages, rendered on the server with maud (every `(value)` is HTML-escaped, so a
//! title like `<script>alert(1)</script>` from a hostile page shows as text): the search page
//! (box, filters as chips, facets, the attention chart, collapsed results, paging) and the
//! document page (metadata, entities linking to their filters, the body with the query's
//! words marked, the story's other members). The URL holds the whole state.

use maud::{html, Markup, DOCTYPE};

use super::api::{by_id, search_request};
use super::chart;
use super::params::Params;
use super::{status_of, Reply};
use crate::archive::Archive;
use crate::document::Document;
use crate::error::Result;
use crate::search::facets::{self, Counted, Facet, Period};
use crate::search::story_counts::Counting;
use crate::search::{self, Results, Snippet};

/// Hits per page.
const PAGE: usize = 10;
/// Values per facet.
const FACET_VALUES: usize = 8;

/// The facets column: the URL parameter each adds, and its heading.
const FACETS: [(Facet, &str, &str); 5] = [
    (Facet::Country, "country", "Countries"),
    (Facet::Person, "person", "People"),
    (Facet::Org, "org", "Organisations"),
    (Facet::Source, "source", "Sources"),
    (Facet::Language, "lang", "Languages"),
];

/// Parameters that narrow a search (kept when paging, shown as chips).
const FILTERS: [&str; 9] = [
    "country", "person", "org", "place", "source", "lang", "from", "to", "since",
];

pub fn search_page(archive: &Archive, params: &Params) -> Reply {
    let q = params.get("q").unwrap_or("").to_string();
    let body = match search_parts(archive, params) {
        Ok(parts) => parts,
        Err(e) => {
            let page = layout(
                &q,
                "dossier",
                params,
                html! {
                    main { section.results { p.error { (e.to_string()) } } }
                },
            );
            return Reply::html(status_of(&e), page);
        }
    };
    Reply::html(200, layout(&q, &title_of(&q), params, body))
}

fn title_of(q: &str) -> String {
    match q.trim() {
        "" | "*" => "dossier".into(),
        q => format!("{q} - dossier"),
    }
}

fn search_parts(archive: &Archive, params: &Params) -> Result<Markup> {
    let req = search_request(params, PAGE)?;
    let results = search::search(archive, &req)?;
    let mut columns = Vec::new();
    for (facet, name, heading) in FACETS {
        let (_, values) = facets::top(archive, &req, facet, FACET_VALUES, Counting::Stories)?;
        columns.push((name, heading, values));
    }
    // The chart's period from the span the matching stories cover.
    let days = facets::timeline(archive, &req, Period::Day, false, Counting::Stories)?;
    let by = chart::period_for(days.len() as i64);
    let buckets = match by {
        Period::Day => days,
        _ => facets::timeline(archive, &req, by, false, Counting::Stories)?,
    };
    let range = |from: &str, to: &str| {
        with(
            params,
            &[
                ("from", Some(from)),
                ("to", Some(to)),
                ("since", None),
                ("offset", None),
            ],
        )
    };
    Ok(html! {
        main {
            aside.facets {
                @for (name, heading, values) in &columns {
                    @if !values.is_empty() {
                        h3 { (heading) }
                        ul { @for v in values { li { (facet_link(params, name, v)) } } }
                    }
                }
            }
            section.results {
                (chips(params))
                @if !buckets.is_empty() { (chart::svg(&buckets, by, "stories", &range)) }
                (summary(&results, &req))
                @for h in &results.hits { (hit(h, params)) }
                (paging(params, &results, &req))
            }
        }
    })
}

fn summary(results: &Results, req: &search::SearchRequest) -> Markup {
    let shown = results.hits.len();
    let first = if shown == 0 { 0 } else { req.offset + 1 };
    html! {
        p.summary {
            @match results.stories {
                Some(stories) => {
                    (first) "-" (req.offset + shown) " of "
                    @if results.stories_estimated { "about " }
                    (stories) " stories (" (results.total) " articles)"
                }
                None => { (first) "-" (req.offset + shown) " of " (results.total) " articles" }
            }
        }
    }
}

fn hit(h: &search::Hit, params: &Params) -> Markup {
    let d = &h.doc;
    let q = params.get("q").unwrap_or("");
    let doc_link = format!("/doc/{}?{}", d.id, encode(&[("q", q)]));
    html! {
        article.hit {
            h2 { a href=(doc_link) { (d.title) } }
            p.meta {
                (date_of(d)) " · " (d.source.as_deref().unwrap_or("-"))
                @for c in d.entities.countries.iter().take(6) {
                    " · " a href=(with(params, &[("country", Some(c.as_str())), ("offset", None)])) { (c) }
                }
                @if let Some(c) = crate::search::render::copies_line(h) { " · " (c) }
            }
            p.snippet { (marked(&h.snippet)) }
        }
    }
}

fn paging(params: &Params, results: &Results, req: &search::SearchRequest) -> Markup {
    let total = results.stories.unwrap_or(results.total);
    let prev = req.offset.checked_sub(req.limit).map(|o| o.to_string());
    let next = (req.offset + req.limit < total).then(|| (req.offset + req.limit).to_string());
    html! {
        p.paging {
            @if let Some(o) = &prev { a rel="prev" href=(with(params, &[("offset", Some(o.as_str()))])) { "← newer page" } }
            @if let Some(o) = &next { a rel="next" href=(with(params, &[("offset", Some(o.as_str()))])) { "next page →" } }
        }
    }
}

/// A facet value: a link that adds it as a filter, or removes it when it is on.
fn facet_link(params: &Params, name: &str, v: &Counted) -> Markup {
    let on = params
        .all(name)
        .iter()
        .any(|x| x.eq_ignore_ascii_case(&v.value));
    let href = if on {
        without(params, name, &v.value)
    } else {
        adding(params, name, &v.value)
    };
    let label = match name {
        "country" => format!(
            "{} {}",
            v.value,
            crate::ingest::entities::gazetteer::country_name(&v.value).unwrap_or("")
        ),
        "lang" => format!(
            "{} {}",
            v.value,
            crate::ingest::language::name(&v.value).unwrap_or("")
        ),
        _ => v.value.clone(),
    };
    html! { a.on[on] href=(href) data-facet=(name) { span { (label.trim()) } span.count { (v.count) } } }
}

/// The active filters, each a chip that removes it.
fn chips(params: &Params) -> Markup {
    html! {
        p.chips {
            @for (k, v) in params.0.iter().filter(|(k, v)| FILTERS.contains(&k.as_str()) && !v.is_empty()) {
                a href=(without(params, k, v)) title="remove this filter" { (k) ": " (v) " ×" }
            }
        }
    }
}

pub fn document_page(archive: &Archive, id: &str, params: &Params) -> Reply {
    let doc = match by_id(archive, id) {
        Ok(d) => d,
        Err(e) => {
            let page = layout(
                "",
                "not found - dossier",
                params,
                html! {
                    main { section.results { p.error { (e.to_string()) } } }
                },
            );
            return Reply::html(status_of(&e), page);
        }
    };
    let q = params.get("q").unwrap_or("");
    let body = match q.trim() {
        "" | "*" => None,
        q => search::highlight_body(archive, &doc, q).ok(),
    };
    let story = search::collapse::story_members(archive, &doc).unwrap_or_default();
    let e = &doc.entities;
    let entity_rows: [(&str, &str, &Vec<String>); 4] = [
        ("countries", "country", &e.countries),
        ("people", "person", &e.people),
        ("organisations", "org", &e.orgs),
        ("places", "place", &e.places),
    ];
    let page = layout(
        q,
        &format!("{} - dossier", doc.title),
        params,
        html! {
            main.doc {
                h1 { (doc.title) }
                dl {
                    dt { "date" } dd { (date_of(&doc)) }
                    dt { "source" } dd { (doc.source.as_deref().unwrap_or("-")) }
                    @if !doc.authors.is_empty() { dt { "authors" } dd { (doc.authors.join(", ")) } }
                    dt { "language" } dd { (doc.language.as_deref().unwrap_or("-")) }
                    @if let Some(u) = &doc.url { dt { "url" } dd { (u) } }
                    dt { "id" } dd { (doc.id) }
                    @for (label, name, list) in entity_rows {
                        @if !list.is_empty() {
                            dt { (label) }
                            dd { @for (i, v) in list.iter().enumerate() {
                                @if i > 0 { ", " }
                                a href=(format!("/?{}", encode(&[(name, v.as_str())]))) { (v) }
                            } }
                        }
                    }
                }
                @if !story.is_empty() {
                    h2 { "Story: " (story.len()) " articles, earliest first" }
                    ul.story { @for m in &story {
                        li {
                            (m.role) " · " (m.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default())
                            " · " (m.source.as_deref().unwrap_or("-")) " · "
                            @if m.id == doc.id { strong { (m.title) } } @else { a href=(format!("/doc/{}", m.id)) { (m.title) } }
                        }
                    } }
                }
                div.body {
                    @match &body { Some(s) => { (marked(s)) } None => { (doc.body) } }
                }
            }
        },
    );
    Reply::html(200, page)
}

pub fn not_found() -> Reply {
    let page = layout(
        "",
        "not found - dossier",
        &Params::default(),
        html! {
            main { section.results { p.error { "No such page." } } }
        },
    );
    Reply::html(404, page)
}

/// The frame of every page: the search box (with the current query and sort) and the filters
/// kept as hidden fields, so a new query keeps them.
fn layout(q: &str, title: &str, params: &Params, content: Markup) -> String {
    let sort = params.get("sort").unwrap_or("relevance");
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header {
                    a href="/" { "dossier" }
                    form.search method="get" action="/" {
                        input #q type="search" name="q" value=(q) placeholder="Search (press /)" aria-label="search";
                        @for (k, v) in params.0.iter().filter(|(k, _)| FILTERS.contains(&k.as_str())) {
                            input type="hidden" name=(k) value=(v);
                        }
                        select name="sort" aria-label="sort" {
                            @for s in ["relevance", "newest", "oldest"] {
                                option value=(s) selected[s == sort] { (s) }
                            }
                        }
                        label { input type="checkbox" name="copies" value="1" checked[params.flag("copies")]; " every copy" }
                        button type="submit" { "Search" }
                    }
                }
                (content)
            }
        }
    }
    .into_string()
}

/// A snippet with its highlighted characters in `<mark>`.
fn marked(s: &Snippet) -> Markup {
    let chars: Vec<char> = s.text.chars().collect();
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut pos = 0;
    for &(start, end) in &s.highlights {
        if start < pos || end > chars.len() || start >= end {
            continue;
        }
        parts.push((false, chars[pos..start].iter().collect()));
        parts.push((true, chars[start..end].iter().collect()));
        pos = end;
    }
    parts.push((false, chars[pos..].iter().collect()));
    html! { @for (hl, text) in &parts { @if *hl { mark { (text) } } @else { (text) } } }
}

fn date_of(d: &Document) -> String {
    d.date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into())
}

/// The current URL with some parameters set (`Some`) or dropped (`None`).
fn with(params: &Params, changes: &[(&str, Option<&str>)]) -> String {
    let mut kept: Vec<(String, String)> = params
        .0
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k) && k != "token")
        .cloned()
        .collect();
    for (k, v) in changes {
        if let Some(v) = v {
            kept.push((k.to_string(), v.to_string()));
        }
    }
    let pairs: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    format!("/?{}", encode(&pairs))
}

/// The current URL with one more value of a repeatable filter, back on the first page.
fn adding(params: &Params, name: &str, value: &str) -> String {
    let mut p = params.clone();
    p.0.retain(|(k, _)| k != "offset" && k != "token");
    p.0.push((name.to_string(), value.to_string()));
    with(&p, &[])
}

/// The current URL without one value of a filter, back on the first page.
fn without(params: &Params, name: &str, value: &str) -> String {
    let mut p = params.clone();
    p.0.retain(|(k, v)| {
        !(k == name && v.eq_ignore_ascii_case(value)) && k != "offset" && k != "token"
    });
    with(&p, &[])
}

fn encode(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()))
        .finish()
}

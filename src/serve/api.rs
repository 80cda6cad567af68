//! `/api/v1/...`: the CLI's JSON over HTTP, the same shapes (`docs/output.schema.json`),
//! described by `docs/openapi.json` (served at `/api/v1/openapi.json`). Bad parameters answer
//! 400 with `{"error": "..."}` naming the problem, as the CLI's message does; unknown ids 404.

use super::params::{Params, MAX_LIMIT};
use super::{status_of, Reply};
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::search::facets::{Facet, Period};
use crate::search::story_counts::Counting;
use crate::search::{self, render, Sort};

/// The OpenAPI 3.1 description of these endpoints, kept in the repository.
pub const OPENAPI: &str = include_str!("../../docs/openapi.json");
/// The JSON Schema of the outputs, which the OpenAPI document refers to.
pub const SCHEMA: &str = include_str!("../../docs/output.schema.json");

/// Deepest page: `offset` beyond this is refused (a search engine's deep pages cost more and
/// no reader goes there).
const MAX_OFFSET: usize = 10_000;

pub fn error(message: &str) -> serde_json::Value {
    serde_json::json!({ "error": message })
}

pub fn answer(archive: &Archive, endpoint: &str, params: &Params) -> Reply {
    let result = match endpoint {
        "search" => search_json(archive, params),
        "top" => top(archive, params),
        "timeline" => timeline(archive, params),
        "stats" => search::stats::stats(archive, 10).and_then(|s| render::stats_json(&s)),
        "openapi.json" => serde_json::from_str(OPENAPI).map_err(Error::from),
        "output.schema.json" => serde_json::from_str(SCHEMA).map_err(Error::from),
        e if e.starts_with("documents/") => document(archive, &e["documents/".len()..]),
        _ => Err(Error::NotFound(format!("/api/v1/{endpoint}"))),
    };
    match result {
        Ok(v) => Reply::json(200, &v),
        Err(Error::NotFound(what)) => Reply::json(404, &error(&format!("not found: {what}"))),
        Err(e) => Reply::json(status_of(&e), &error(&e.to_string())),
    }
}

/// The checked search request of `params`, paging and sort included.
pub fn search_request(params: &Params, default_limit: usize) -> Result<search::SearchRequest> {
    Ok(search::SearchRequest {
        limit: params.number("limit", default_limit, MAX_LIMIT)?.max(1),
        offset: params.number("offset", 0, MAX_OFFSET)?,
        sort: params.choice("sort", Sort::Relevance)?,
        copies: params.flag("copies"),
        exact: params.flag("exact"),
        ..params.request()?
    })
}

fn search_json(archive: &Archive, params: &Params) -> Result<serde_json::Value> {
    let req = search_request(params, 10)?;
    let results = search::search(archive, &req)?;
    render::search_json(&results, &req.query)
}

fn top(archive: &Archive, params: &Params) -> Result<serde_json::Value> {
    let req = params.request()?;
    let field = params.choice("field", Facet::Country)?;
    let count = params.choice("count", Counting::Stories)?;
    let limit = params.number("limit", 20, MAX_LIMIT)?;
    let (total, values) = search::facets::top(archive, &req, field, limit, count)?;
    Ok(render::top_json(field, count, total, &values))
}

fn timeline(archive: &Archive, params: &Params) -> Result<serde_json::Value> {
    let req = params.request()?;
    let by = params.choice("by", Period::Month)?;
    let count = params.choice("count", Counting::Stories)?;
    let periods = search::facets::timeline(archive, &req, by, params.flag("normalize"), count)?;
    Ok(render::timeline_json(by, count, &periods))
}

fn document(archive: &Archive, id: &str) -> Result<serde_json::Value> {
    let doc = by_id(archive, id)?;
    let story = search::collapse::story_members(archive, &doc)?;
    render::document_json(&doc, &story)
}

/// The document with this id: ids only (16 hex digits), never a path from a request.
pub fn by_id(archive: &Archive, id: &str) -> Result<crate::document::Document> {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::NotFound(format!("document {id}")));
    }
    search::get(archive, id)
}

//! `dossier serve` over real HTTP: the binary started on port 0 in a temporary archive, asked
//! by a plain HTTP/1.1 client. Every endpoint, every error, the JSON against the schema, the
//! OpenAPI document against the routes, a commit seen without restart, the loopback default
//! and the token rule, and hostile titles rendered as text.

mod common;

use common::served::{get, hostile_archive, request, serve};
use common::{fixtures, Env};
use serde_json::Value;

fn assert_valid(def: &str, value: &Value, what: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/output.schema.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    schema["$ref"] = Value::String(format!("#/$defs/{def}"));
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what} breaks $defs/{def}: {errors:#?}");
}

#[test]
fn every_endpoint_answers_the_cli_json_and_follows_the_schema() {
    let env = Env::with_fixtures();
    let s = serve(&env, &[]);
    let page = get(s.port, "/api/v1/search?q=ceasefire&limit=5");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("application/json"));
    let json = page.json();
    assert_valid("search", &json, "/api/v1/search");
    // The same shape and hits as the CLI's.
    let cli: Value =
        serde_json::from_str(&env.ok(&["search", "ceasefire", "-n", "5", "--format", "json"]))
            .unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!ids(&json).is_empty());
    assert_eq!(ids(&json), ids(&cli));
    assert_eq!(json["total"], cli["total"]);

    let top = get(s.port, "/api/v1/top?q=*&field=person&count=articles").json();
    assert_valid("top", &top, "/api/v1/top");
    assert_eq!(top["field"], "person");
    let timeline = get(s.port, "/api/v1/timeline?q=*&by=year&country=IT").json();
    assert_valid("timeline", &timeline, "/api/v1/timeline");
    let stats = get(s.port, "/api/v1/stats").json();
    assert_valid("stats", &stats, "/api/v1/stats");
    assert_eq!(stats["documents"], 29);
    let id = ids(&json)[0].clone();
    let doc = get(s.port, &format!("/api/v1/documents/{id}"));
    assert_eq!(doc.status, 200);
    assert_valid("document", &doc.json(), "/api/v1/documents/{id}");
    assert_eq!(doc.json()["id"], id.as_str());
}

#[test]
fn bad_requests_are_400_naming_the_problem_and_unknown_ids_404() {
    let env = Env::with_fixtures();
    let s = serve(&env, &[]);
    for (target, says) in [
        ("/api/v1/search?q=country:Atlantis", "Atlantis"),
        ("/api/v1/search?q=x&sort=sideways", "sort: 'sideways'"),
        ("/api/v1/search?q=x&limit=5000", "limit: at most 100"),
        (
            "/api/v1/search?q=x&limit=ten",
            "limit: 'ten' is not a number",
        ),
        ("/api/v1/search?from=2026-13", "2026-13"),
        ("/api/v1/top?field=colour", "field: 'colour'"),
        ("/api/v1/timeline?by=decade", "by: 'decade'"),
        ("/api/v1/search?q=x&from=2026&since=1y", "from or since"),
    ] {
        let r = get(s.port, target);
        assert_eq!(r.status, 400, "{target}: {}", r.body);
        let message = r.json()["error"].as_str().unwrap().to_string();
        assert!(message.contains(says), "{target}: {message}");
    }
    let long = format!("/api/v1/search?q={}", "a".repeat(1_200));
    assert_eq!(get(s.port, &long).status, 400);
    for target in [
        "/api/v1/documents/0123456789abcdef",
        "/api/v1/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/documents/%2Fetc%2Fpasswd",
        "/api/v1/nothing",
        "/no/such/page",
    ] {
        assert_eq!(get(s.port, target).status, 404, "{target}");
    }
    // Nothing over HTTP writes.
    assert_eq!(request(s.port, "POST", "/api/v1/search", &[]).status, 405);
    assert_eq!(
        request(s.port, "DELETE", "/api/v1/documents/0123456789abcdef", &[]).status,
        405
    );
}

#[test]
fn the_openapi_document_is_valid_and_matches_the_routes() {
    let env = Env::with_fixtures();
    let s = serve(&env, &[]);
    let api = get(s.port, "/api/v1/openapi.json").json();
    let kept: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        api, kept,
        "the served document is the one in the repository"
    );
    assert_eq!(api["openapi"], "3.1.0");
    let id = get(s.port, "/api/v1/search?q=*&limit=1").json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let paths = api["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 7);
    for (path, item) in paths {
        let target = format!("/api/v1{}", path.replace("{id}", &id));
        let r = get(s.port, &target);
        assert_eq!(
            r.status, 200,
            "{target} is described but answers {}",
            r.status
        );
        // Every response it names has a description; every $ref resolves.
        for (code, resp) in item["get"]["responses"].as_object().unwrap() {
            assert!(resp["description"].is_string(), "{path} {code}");
            if let Some(r) = resp["content"]["application/json"]["schema"]["$ref"].as_str() {
                let (file, pointer) = r.split_once('#').unwrap();
                let doc = if file.is_empty() {
                    api.clone()
                } else {
                    get(s.port, &format!("/api/v1/{file}")).json()
                };
                assert!(
                    doc.pointer(pointer).is_some(),
                    "{path} {code}: {r} does not resolve"
                );
            }
        }
    }
}

#[test]
fn a_commit_of_a_later_index_run_is_seen_without_restart() {
    let env = Env::with_fixtures();
    let s = serve(&env, &[]);
    let count = || {
        get(s.port, "/api/v1/search?q=zanzibarine").json()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count(), 0);
    // Asked again on the same commit: the kept answer, byte for byte (the token is no part of
    // what is kept: it says who asks).
    let first = get(s.port, "/api/v1/search?q=clove");
    let again = get(s.port, "/api/v1/search?q=clove");
    assert_eq!(first.header("x-dossier-cache"), Some("miss"));
    assert_eq!(again.header("x-dossier-cache"), Some("hit"));
    assert_eq!(first.body, again.body);
    let news = env.write(
        "more/zanzibar.txt",
        "Zanzibarine clove growers meet\n\nMarch 3, 2026\n\nZanzibarine clove growers met the \
         trade minister on Tuesday to ask for lower export duties.\n",
    );
    env.ok(&["index", "-q", news.parent().unwrap().to_str().unwrap()]);
    // The reader looks for commits every 100 ms; the run above took longer than that.
    std::thread::sleep(std::time::Duration::from_millis(150));
    assert_eq!(count(), 1);
    // A new commit: nothing kept from before it is served.
    let after = get(s.port, "/api/v1/search?q=clove");
    assert_eq!(after.header("x-dossier-cache"), Some("miss"));
    assert_ne!(after.body, first.body, "the new clove article is found");
}

#[test]
fn loopback_by_default_another_address_needs_a_token_or_public() {
    let env = Env::with_fixtures();
    let out = env.run(&["serve", "--bind", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--token") && err.contains("--public"), "{err}");

    let s = serve(&env, &["--token", "s3cret"]);
    let denied = get(s.port, "/api/v1/stats");
    assert_eq!(denied.status, 401);
    assert!(denied.json()["error"].as_str().unwrap().contains("token"));
    assert_eq!(
        request(
            s.port,
            "GET",
            "/api/v1/stats",
            &["Authorization: Bearer s3cret"]
        )
        .status,
        200
    );
    assert_eq!(
        request(
            s.port,
            "GET",
            "/api/v1/stats",
            &["Authorization: Bearer wrong"]
        )
        .status,
        401
    );
    // Opened once with ?token=, the browser keeps it in a cookie for the page's links.
    let first = get(s.port, "/?q=ceasefire&token=s3cret");
    assert_eq!(first.status, 200);
    let cookie = first
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(cookie, "dossier_token=s3cret");
    assert!(
        !first.body.contains("token=s3cret"),
        "links do not repeat the token"
    );
    let next = request(
        s.port,
        "GET",
        "/?q=ceasefire",
        &[&format!("Cookie: {cookie}")],
    );
    assert_eq!(next.status, 200);
}

#[test]
fn hostile_titles_and_bodies_render_as_text_under_a_strict_policy() {
    let env = hostile_archive();
    let s = serve(&env, &[]);
    let page = get(s.port, "/?q=hostile");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    for raw in ["<script>alert", "<img src=x", "<svg onload", "<b>bold"] {
        assert!(!page.body.contains(raw), "{raw} reached the page raw");
    }
    assert!(page
        .body
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; Hostile headline"));
    // The only script is our own file.
    assert_eq!(page.body.matches("<script").count(), 1);
    assert!(page
        .body
        .contains("<script src=\"/assets/app.js\" defer></script>"));
    let id = get(s.port, "/api/v1/search?q=hostile&copies=true").json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let doc = get(s.port, &format!("/doc/{id}?q=hostile"));
    assert_eq!(doc.status, 200);
    for raw in ["<script>alert", "<img src=x", "<svg onload", "<b>bold"] {
        assert!(
            !doc.body.contains(raw),
            "{raw} reached the document page raw"
        );
    }
}

#[test]
fn the_search_page_shows_results_facets_chart_and_document_pages() {
    let env = Env::new();
    let dir = env.path().join("news");
    common::copy_dir(&fixtures(), &dir);
    env.ok(&["index", "-q", dir.to_str().unwrap()]);
    let s = serve(&env, &[]);
    let page = get(s.port, "/?q=ceasefire");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<svg id=\"chart\""),
        "the attention chart"
    );
    assert!(page.body.contains("class=\"hit\""));
    assert!(page.body.contains("<mark>"), "highlighted snippets");
    // A country facet link adds the filter; the filtered page has it as a chip and fewer hits.
    let facet = page
        .body
        .split("data-facet=\"country\"")
        .next()
        .and_then(|b| b.rsplit("href=\"").next())
        .map(|h| h.split('"').next().unwrap().replace("&amp;", "&"))
        .unwrap();
    assert!(facet.contains("country="), "{facet}");
    let filtered = get(s.port, &facet);
    assert_eq!(filtered.status, 200);
    assert!(filtered.body.contains("title=\"remove this filter\""));
    // A query error shows the CLI's message, with status 400.
    let bad = get(s.port, "/?q=country:Atlantis");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("Atlantis"));
    // The document page, with the query's words marked.
    let id = get(s.port, "/api/v1/search?q=ceasefire&limit=1").json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let doc = get(s.port, &format!("/doc/{id}?q=ceasefire"));
    assert_eq!(doc.status, 200);
    assert!(doc.body.contains("<mark>"));
    assert_eq!(get(s.port, "/assets/app.js").status, 200);
    assert_eq!(get(s.port, "/doc/zzz").status, 404);
}

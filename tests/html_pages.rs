//! Saved web pages end to end through `dossier parse`: headlines without the site's name in
//! each form pages write it (pipe, en dash with a date, site + section, section glued with a
//! hyphen, site as a prefix, CJK separators, soft hyphens and zero-width characters), and bodies
//! rescued when the extractor returns a consent notice. The pages in tests/fixtures/html/ are
//! the project's own, invented news.

mod common;

use std::path::{Path, PathBuf};

use common::{ndjson, Env};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name)
}

/// `dossier parse PAGE`: its one document.
fn page(name: &str) -> serde_json::Value {
    let env = Env::new();
    let out = env.run(&["parse", fixture(name).to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut docs = ndjson(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

fn title(name: &str) -> String {
    page(name)["title"].as_str().unwrap_or_default().to_string()
}

#[test]
fn site_names_leave_the_titles_in_every_form() {
    let cases = [
        (
            "pipe-suffix.html",
            "Fisheries deal agreed after two years of talks",
        ),
        (
            "endash-date.html",
            "Regierung einigt sich auf neues Fischereiabkommen",
        ),
        (
            "site-section.html",
            "Accord sur la pêche signé après deux ans de négociations",
        ),
        (
            "section-hyphen.html",
            "Acuerdo pesquero firmado tras dos años de negociaciones",
        ),
        (
            "prefix-site.html",
            "Fisheries deal agreed after two years of talks",
        ),
        ("cjk.html", "两国签署渔业协定 谈判历时近两年"),
    ];
    for (file, want) in cases {
        assert_eq!(title(file), want, "{file}");
    }
}

#[test]
fn soft_hyphens_and_zero_width_spaces_vanish_from_titles() {
    let doc = page("soft-hyphen.html");
    assert_eq!(
        doc["title"].as_str(),
        Some("Bundesregierung beschließt Fischereiabkommen")
    );
    let body = doc["body"].as_str().unwrap();
    assert!(
        body.contains("Fischereiabkommen mit dem Nachbarland"),
        "{body}"
    );
}

#[test]
fn the_article_replaces_a_cookie_banner_extracted_as_the_body() {
    let doc = page("cookie-banner.html");
    let body = doc["body"].as_str().unwrap();
    assert!(
        body.contains("Parliament approved stricter checks at the northern border"),
        "{body}"
    );
    assert!(body.contains("reviewed after six months"), "{body}");
    assert!(
        !body.contains("cookies"),
        "the consent notice stays out: {body}"
    );
}

#[test]
fn a_noscript_iframe_is_no_part_of_the_body() {
    let doc = page("noscript-iframe.html");
    let body = doc["body"].as_str().unwrap();
    assert!(
        body.starts_with("Dock workers at the country's two largest"),
        "{body}"
    );
    assert!(
        body.contains("compensation for cargo that spoiled"),
        "{body}"
    );
    assert!(!body.contains("iframe") && !body.contains("GTM-"), "{body}");
    assert_eq!(
        doc["title"].as_str(),
        Some("Port workers end strike after wage deal")
    );
}

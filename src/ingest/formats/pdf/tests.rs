//! Tests on the hand-made fixtures (fixtures/make.py, invented text) and on damaged input.

use super::*;
use chrono::Datelike;

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents/pdf")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn paras(d: &PdfDoc) -> Vec<&str> {
    d.body.split("\n\n").collect()
}

#[test]
fn article_body_hyphenation_and_furniture() {
    let d = read(&fixture("article.pdf")).expect("article reads");
    assert_eq!(d.pages, 2);
    // "negoti-" + "ations" joined; "post-war" in mid-line kept.
    assert!(
        d.body.contains("two days of negotiations that officials"),
        "{}",
        d.body
    );
    assert!(
        d.body.contains("the post-war fishing accords"),
        "{}",
        d.body
    );
    assert!(!d.body.contains("negoti-"));
    // The running header (both pages) and the page numbers are gone.
    assert!(!d.body.contains("Harbour Ledger"), "{}", d.body);
    assert!(paras(&d).iter().all(|p| p.trim() != "1" && p.trim() != "2"));
    // Title, then 2 paragraphs on page 1 and 2 on page 2; lines joined with single spaces.
    let p = paras(&d);
    assert_eq!(p.len(), 5, "{p:#?}");
    assert_eq!(
        p[0],
        "Ministers agree on a shared patrol plan for the Kessel Strait"
    );
    assert!(p[1].starts_with(
        "Foreign ministers from five coastal states met in Port Avell on Tuesday and agreed"
    ));
    assert!(p[2].ends_with("the cost of the ships."));
    assert!(p[3].starts_with("The host minister, Dara Velk,"));
    assert!(p[4].ends_with("in the autumn."));
    assert!(!d.body.contains('\n') || d.body.split("\n\n").all(|p| !p.contains('\n')));
}

#[test]
fn placeholder_info_title_falls_back_to_heading() {
    // Info Title is "Microsoft Word - patrol.docx".
    let d = read(&fixture("article.pdf")).expect("article reads");
    assert_eq!(
        d.title.as_deref(),
        Some("Ministers agree on a shared patrol plan for the Kessel Strait")
    );
    assert!(d.authors.is_empty());
    assert_eq!(d.date, None);
}

#[test]
fn info_title_authors_and_date() {
    let d = read(&fixture("meta.pdf")).expect("meta reads");
    assert_eq!(
        d.title.as_deref(),
        Some("Coastal States Plan Joint Patrols")
    );
    assert_eq!(d.authors, ["Ana Ruiz", "Tomas Berg", "Lena Okafor"]);
    let date = d.date.expect("CreationDate parsed");
    assert_eq!(date.to_rfc3339(), "2026-04-09T12:00:00-04:00");
    assert_eq!(d.pages, 1);
}

#[test]
fn xmp_metadata_and_interleaved_two_columns() {
    let d = read(&fixture("twocol.pdf")).expect("twocol reads");
    assert_eq!(
        d.title.as_deref(),
        Some("River Treaty Talks Resume in Lorn")
    );
    assert_eq!(d.authors, ["Ines Marlow", "Piet Advani"]);
    let date = d.date.expect("xmp:CreateDate parsed");
    assert_eq!((date.year(), date.month(), date.day()), (2026, 3, 2));
    assert_eq!(date.offset().local_minus_utc(), 3600);
    // The stream zig-zags between columns; the left column must be read first, whole.
    let p = paras(&d);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert_eq!(p[0], "Left column opens the report on the river treaty talks held in Lorn and ends its first paragraph here.");
    assert_eq!(
        p[1], "A second left paragraph follows with the delegates' list of demands.",
        "{p:#?}"
    );
    assert_eq!(
        p[1],
        "A second left paragraph follows with the delegates' list of demands."
    );
    assert_eq!(p[2], "Right column continues with the reaction of the upstream towns and closes the short report.");
}

#[test]
fn image_only_page_has_no_text_layer() {
    assert_eq!(
        read(&fixture("notext.pdf")),
        Err("no text layer (scanned image?)".to_string())
    );
}

#[test]
fn encrypted_with_user_password_is_refused() {
    assert_eq!(
        read(&fixture("encrypted.pdf")),
        Err("encrypted PDF".to_string())
    );
}

#[test]
fn encrypted_with_empty_user_password_is_read() {
    let d = read(&fixture("encrypted-open.pdf")).expect("opens with the empty password");
    assert!(
        d.body
            .contains("The host minister, Dara Velk, told reporters"),
        "{}",
        d.body
    );
}

#[test]
fn truncated_and_garbage_are_not_readable() {
    let e = read(&fixture("truncated.pdf")).expect_err("truncated");
    assert!(e.starts_with("not a readable PDF: "), "{e}");
    assert_eq!(
        read(b""),
        Err("not a readable PDF: no %PDF header".to_string())
    );
    assert_eq!(
        read(b"PK\x03\x04 a zip file"),
        Err("not a readable PDF: no %PDF header".to_string())
    );
    let e = read(b"%PDF-1.7\nnothing else here").expect_err("header only");
    assert!(e.starts_with("not a readable PDF: "), "{e}");
}

/// Every cut of a valid file and 200 files with 8 flipped bytes each: always a value, never a
/// panic out of `read` (pdf-extract unwraps on missing MediaBox or content streams).
#[test]
fn damaged_files_never_panic() {
    let good = fixture("article.pdf");
    for cut in (0..good.len()).step_by(97) {
        let _ = read(&good[..cut]);
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..200 {
        let mut b = good.clone();
        for _ in 0..8 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let i = (seed >> 33) as usize % b.len();
            b[i] = (seed >> 17) as u8;
        }
        if let Ok(d) = read(&b) {
            assert!(d.pages >= 1);
        }
    }
}

#[test]
fn hyphen_joining_rules() {
    let mut s = String::from("two days of negoti-");
    text::join(&mut s, "ations began");
    assert_eq!(s, "two days of negotiations began");
    let mut s = String::from("Then-");
    text::join(&mut s, "President Trump");
    assert_eq!(s, "Then-President Trump");
    let mut s = String::from("uranium-");
    text::join(&mut s, "235 isotope");
    assert_eq!(s, "uranium-235 isotope");
    let mut s = String::from("of balance-of-");
    text::join(&mut s, "payments deficits");
    assert_eq!(s, "of balance-of-payments deficits");
    let mut s = String::from("post\u{2010}war pre\u{2010}");
    text::join(&mut s, "treaty");
    assert_eq!(s, "post\u{2010}war pretreaty");
    let mut s = String::from("in 1990 -");
    text::join(&mut s, "and later");
    assert_eq!(s, "in 1990 - and later");
    let mut s = String::from("soft\u{AD}");
    text::join(&mut s, "ware");
    assert_eq!(s, "software");
}

#[test]
fn metadata_parsers() {
    let d = meta::parse_pdf_date("D:20260409120000-04'00'").expect("full");
    assert_eq!(d.to_rfc3339(), "2026-04-09T12:00:00-04:00");
    let d = meta::parse_pdf_date("D:20091231").expect("date only");
    assert_eq!(d.to_rfc3339(), "2009-12-31T00:00:00+00:00");
    assert_eq!(
        meta::parse_pdf_date("D:20261340").map(|d| d.to_rfc3339()),
        None
    );
    assert_eq!(
        meta::parse_pdf_date("D:2026"),
        meta::parse_iso_date("2026-01-01")
    );
    let d = meta::parse_pdf_date("D:20100219221200Z").expect("Z");
    assert_eq!(d.to_rfc3339(), "2010-02-19T22:12:00+00:00");
    assert_eq!(
        meta::parse_iso_date("2026-03-02T08:30+01:00")
            .map(|d| d.to_rfc3339())
            .as_deref(),
        Some("2026-03-02T08:30:00+01:00")
    );
    assert_eq!(meta::split_authors("Lee, Ann"), ["Lee, Ann"]);
    assert_eq!(
        meta::split_authors("Ann Lee, Bo Park and Cy Ng"),
        ["Ann Lee", "Bo Park", "Cy Ng"]
    );
    for t in [
        "",
        "  ",
        "untitled",
        "Untitled.pdf",
        "Microsoft Word - notes.docx",
        "report_v2.indd",
    ] {
        assert!(meta::is_placeholder_title(t), "{t:?}");
    }
    assert!(!meta::is_placeholder_title("Russia’s Nuclear Weapons"));
    assert_eq!(
        meta::decode_text_string(b"\xFE\xFF\x00R\x00\xE9\x20\x19\x00s"),
        "Ré’s"
    );
    assert_eq!(meta::decode_text_string(b"Caf\xE9 \x90x\x90"), "Café ’x’");
}

#[test]
fn page_number_shapes() {
    for s in ["3", "- 4 -", "Page 7", "page 2 of 9", "12 / 40", "xiv"] {
        assert!(text::is_page_number(s), "{s:?}");
    }
    for s in ["Page Seven", "3 ministers", "CRS", "12345"] {
        assert!(!text::is_page_number(s), "{s:?}");
    }
}

//! Fixtures in `fixtures/` are written by `fixtures/make.py` (invented text); the hostile inputs
//! that need no zip writer are built here.

use std::time::Instant;

use super::archive::{Archive, Limits};
use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/documents/office/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn day(d: &OfficeDoc) -> String {
    d.date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[test]
fn docx_text_metadata_and_layout() {
    let d = read_docx(&fixture("sample.docx")).unwrap();
    assert_eq!(d.title.as_deref(), Some("Grain corridor to reopen"));
    assert_eq!(d.authors, ["Desk Writer"]);
    assert_eq!(d.language.as_deref(), Some("en-GB"));
    // The last save, not the template's creation stamp (2017-10-20), in its own offset.
    assert_eq!(day(&d), "2025-03-04");
    assert_eq!(d.date.unwrap().offset().local_minus_utc(), 7200);
    let paras: Vec<&str> = d.body.split("\n\n").collect();
    assert_eq!(paras[0], "Ministers agree on grain corridor");
    assert_eq!(paras[1], "Talks in Harbourton");
    // Runs join without a gap; the footnote is cited as [1] and appended at the end.
    assert!(paras[2].starts_with("The foreign ministers of Norland and Vestria met in Harbourton"));
    assert!(paras[2].ends_with("closed since March.[1]"));
    assert!(!d.body.contains("withdrawn words"), "deleted text left out");
    assert_eq!(paras[4], "Quote:\t\"first step\"\nsecond line");
    assert_eq!(paras[5], "Crossing | Opens");
    assert_eq!(paras[6], "Eastgate | Monday at noon");
    assert_eq!(
        d.body.matches("Box text once").count(),
        1,
        "VML fallback skipped"
    );
    assert_eq!(
        paras.last().copied(),
        Some("[1] The corridor carried a third of the region's grain.")
    );
    assert!(!d.body.contains("\n\n\n"));
}

#[test]
fn docx_placeholder_title_gives_way_to_title_style() {
    // core.xml says "Document1": the paragraph styled "Title" (style id "Titre") stands in.
    let d = read_docx(&fixture("untitled.docx")).unwrap();
    assert_eq!(
        d.title.as_deref(),
        Some("Ministers agree on grain corridor")
    );
    assert_eq!(clean_title("  Untitled "), None);
    assert_eq!(clean_title(" Grain\n talks "), Some("Grain talks".into()));
}

#[test]
fn odt_text_metadata_and_layout() {
    let d = read_odt(&fixture("sample.odt")).unwrap();
    // dc:title is empty: the centred bold opening paragraph is the title.
    assert_eq!(d.title.as_deref(), Some("Corridor talks end in agreement"));
    assert_eq!(d.authors, ["Desk Writer", "Copy Editor"]);
    assert_eq!(day(&d), "2025-03-04");
    assert_eq!(d.language.as_deref(), Some("en-GB"));
    let paras: Vec<&str> = d.body.split("\n\n").collect();
    assert_eq!(paras[1], "Talks in Harbourton");
    assert!(paras[2].ends_with("closed since March.[1]"));
    assert!(!d.body.contains("editor: check"), "annotations left out");
    assert_eq!(paras[4], "Two   spaces\tand a tab\nnext line");
    assert_eq!(paras[5], "Eastgate opens on Monday");
    assert_eq!(paras[7], "Crossing | Opens");
    assert_eq!(paras[8], "Eastgate | Monday");
    assert_eq!(
        paras.last().copied(),
        Some("[1] The corridor carried a third of the region's grain.")
    );
}

#[test]
fn epub_follows_the_spine_not_the_zip() {
    let d = read_epub(&fixture("sample.epub")).unwrap();
    assert_eq!(d.title.as_deref(), Some("The Corridor Papers"));
    assert_eq!(d.authors, ["Desk Writer", "Copy Editor"]);
    assert_eq!(d.language.as_deref(), Some("en"));
    // The publication event wins over the later conversion stamp.
    assert_eq!(day(&d), "2024-06-30");
    let one = d.body.find("Chapter One").unwrap();
    let two = d.body.find("Chapter Two").unwrap();
    assert!(
        one < two,
        "spine order a, b although the zip stores b first"
    );
    assert!(d.body.starts_with("Chapter One\n\nThe foreign ministers"));
    for hidden in ["Head title", "color: red", "script text"] {
        assert!(!d.body.contains(hidden), "{hidden}");
    }
    assert!(
        d.body.contains("\n\nMinister Alva Rensk said"),
        "white space collapsed"
    );
    assert!(d
        .body
        .contains("Caf\u{e9}\u{a0}talks & more\u{2026}\nafter a break"));
    assert!(d.body.ends_with("Eastgate | Monday"));
}

#[test]
fn epub_partial_dates_are_no_date() {
    assert!(parse_date("1865").is_none());
    assert!(parse_date("2004-08").is_none());
    assert_eq!(
        parse_date("2004-08-11").unwrap().to_rfc3339(),
        "2004-08-11T00:00:00+00:00"
    );
    assert_eq!(
        parse_date("2025-03-03T11:55:47.0000000Z")
            .unwrap()
            .to_rfc3339(),
        "2025-03-03T11:55:47+00:00"
    );
    assert_eq!(
        parse_date("2015-03-01T17:26:12.31")
            .unwrap()
            .format("%F %T")
            .to_string(),
        "2015-03-01 17:26:12"
    );
}

#[test]
fn zip_bomb_is_refused_quickly() {
    let t = Instant::now();
    let e = read_docx(&fixture("bomb.docx")).unwrap_err();
    assert!(e.starts_with("zip bomb:") && e.ends_with("refused"), "{e}");
    // Refused from the stated size, before inflating anything.
    assert!(t.elapsed().as_secs() < 5);
}

#[test]
fn lying_zip_bomb_is_stopped_by_take() {
    // The headers claim 1,000 bytes: only the cap on what is read stops the 100 MiB.
    let small = Limits {
        entry: 1 << 20,
        total: 4 << 20,
        entries: 100,
    };
    let bytes = fixture("bomb-lying.docx");
    let mut zip = Archive::open_with(&bytes, small).unwrap();
    let e = zip.read("word/document.xml").unwrap_err();
    assert_eq!(
        e,
        "zip bomb: word/document.xml inflates past 1 MiB, refused"
    );
    // With the real 64 MiB cap, the 100 MiB are refused too.
    let e = read_docx(&bytes).unwrap_err();
    assert!(e.starts_with("zip bomb:"), "{e}");
}

#[test]
fn total_and_entry_count_caps() {
    let bytes = fixture("sample.epub");
    let few = Limits {
        entry: 1 << 20,
        total: 1 << 20,
        entries: 3,
    };
    let e = Archive::open_with(&bytes, few).err().unwrap();
    assert_eq!(e, "zip bomb: 6 entries (more than 3), refused");
    let tight = Limits {
        entry: 1 << 20,
        total: 900,
        entries: 100,
    };
    let mut zip = Archive::open_with(&bytes, tight).unwrap();
    zip.read("META-INF/container.xml").unwrap().unwrap();
    let e = zip.read("OEBPS/content.opf").unwrap_err();
    assert!(e.starts_with("zip bomb: the document inflates past"), "{e}");
}

#[test]
fn damaged_and_foreign_files_are_errors() {
    let e = read_docx(&fixture("truncated.docx")).unwrap_err();
    assert!(e.starts_with("truncated or damaged zip"), "{e}");
    let e = read_docx(&fixture("sample.odt")).unwrap_err();
    assert_eq!(e, "not a DOCX file: no word/document.xml");
    let e = read_odt(&fixture("sample.docx")).unwrap_err();
    assert_eq!(e, "not an ODT file: no content.xml");
    let e = read_epub(&fixture("sample.docx")).unwrap_err();
    assert_eq!(e, "not an EPUB file: no META-INF/container.xml");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    for read in [read_docx, read_odt, read_epub] {
        assert_eq!(
            read(&cfb).unwrap_err(),
            "encrypted or legacy Office file (not a zip)"
        );
        assert_eq!(read(b"").unwrap_err(), "not a zip file");
        assert_eq!(
            read(b"<html>not a zip</html>").unwrap_err(),
            "not a zip file"
        );
    }
}

/// Every prefix and a spread of single-byte corruptions of each fixture: an answer each time,
/// never a panic, and quickly.
#[test]
fn no_panic_on_cut_or_corrupted_input() {
    let t = Instant::now();
    for name in ["sample.docx", "untitled.docx", "sample.odt", "sample.epub"] {
        let good = fixture(name);
        for cut in (0..good.len()).step_by(7) {
            for read in [read_docx, read_odt, read_epub] {
                let _ = read(&good[..cut]);
            }
        }
        for pos in (0..good.len()).step_by(5) {
            let mut bad = good.clone();
            bad[pos] ^= 0x5A;
            for read in [read_docx, read_odt, read_epub] {
                let _ = read(&bad);
            }
        }
    }
    assert!(t.elapsed().as_secs() < 60);
}

#[test]
fn malformed_xhtml_keeps_what_it_read() {
    let paras = xhtml::to_paras("<html><body><p>One<br>two</p><p>Three &bogus; <td>cell</p></dd>");
    // The unclosed cell still reaches the text, as its own row.
    assert_eq!(paras, ["One\ntwo", "Three &bogus;", "cell"]);
}

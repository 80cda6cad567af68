//! List markers, alt text and table captions (added by helper office2). The inputs are built
//! here as small zips of self-written XML (an invented briefing on Norland-Vestria talks).

use std::io::Write;

use super::lists::{Delim, Format, Level};
use super::*;

/// A stored zip of the given parts.
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn paras(body: &str) -> Vec<&str> {
    body.split("\n\n").collect()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

/// A numbered paragraph: list `num`, level `lvl`, optional style.
fn li(num: &str, lvl: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn docx(body: &str) -> Vec<u8> {
    let numbering = format!(
        r#"<w:numbering {W}>
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
 <w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
 <w:lvl w:ilvl="3"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="(%4)"/></w:lvl>
 <w:lvl w:ilvl="4"><w:numFmt w:val="none"/><w:lvlText w:val=""/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#
    );
    let styles = format!(
        r#"<w:styles {W}>
<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Steps"><w:name w:val="List Number"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Steps2"><w:name w:val="List Number 2"/><w:basedOn w:val="Steps"/></w:style>
</w:styles>"#
    );
    let doc = format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#);
    zip_of(&[
        ("word/document.xml", &doc),
        ("word/numbering.xml", &numbering),
        ("word/styles.xml", &styles),
    ])
}

#[test]
fn markers_by_format_and_delimiter() {
    let l = |format, delim| Level {
        format,
        start: None,
        delim,
    };
    assert_eq!(l(Format::Decimal, Delim::Period).marker(12).unwrap(), "12.");
    assert_eq!(l(Format::LowerAlpha, Delim::Paren).marker(2).unwrap(), "b)");
    assert_eq!(
        l(Format::LowerAlpha, Delim::Period).marker(27).unwrap(),
        "aa."
    );
    assert_eq!(
        l(Format::UpperRoman, Delim::Parens).marker(14).unwrap(),
        "(XIV)"
    );
    assert_eq!(
        l(Format::LowerRoman, Delim::Period).marker(4).unwrap(),
        "iv."
    );
    assert_eq!(l(Format::Bullet, Delim::Period).marker(3).unwrap(), "-");
    assert_eq!(l(Format::Hidden, Delim::Period).marker(3), None);
    assert_eq!(Level::delim_from("(", ")"), Delim::Parens);
    assert_eq!(Level::delim_from("Article ", "."), Delim::Period);
    // Huge counters stay short.
    assert!(
        l(Format::UpperAlpha, Delim::Period)
            .marker(u32::MAX)
            .unwrap()
            .len()
            <= 9
    );
}

#[test]
fn docx_numbered_paragraphs_get_pandoc_markers() {
    let body = [
        li("1", 0, "Ministers meet in Harbourton"),
        li("1", 1, "Grain corridor"),
        li("1", 1, "Border observers"),
        li("1", 2, "Two per crossing"),
        li("1", 0, "Joint statement"),
        // A deeper level restarts after a shallower item.
        li("1", 1, "Wording agreed"),
        styled("Normal", "Reporters waited outside."),
        // The list continues after a plain paragraph, and a style can number a paragraph,
        // through its parent too.
        li("1", 0, "Press conference"),
        styled("Steps", "Questions from the floor"),
        styled("Steps2", "Closing remarks"),
        // An override restarts list 2 at 5; numId 0 switches numbering off.
        li("2", 0, "Annex on tariffs"),
        li("0", 0, "Not numbered"),
        // A numbered heading style keeps its heading unnumbered; roman and hidden levels.
        styled("Kop1", "Outcome"),
        li("1", 3, "Roman item"),
        li("1", 4, "Hidden number"),
        // An empty numbered paragraph leaves no stray marker.
        li("1", 0, ""),
        styled("Normal", "End of briefing."),
    ]
    .concat();
    let d = read_docx(&docx(&body)).unwrap();
    assert_eq!(
        paras(&d.body),
        [
            "1. Ministers meet in Harbourton",
            "a) Grain corridor",
            "b) Border observers",
            "- Two per crossing",
            "2. Joint statement",
            "a) Wording agreed",
            "Reporters waited outside.",
            "3. Press conference",
            "4. Questions from the floor",
            "5. Closing remarks",
            "5. Annex on tariffs",
            "Not numbered",
            "Outcome",
            "(I) Roman item",
            "Hidden number",
            "End of briefing.",
        ]
    );
}

#[test]
fn docx_alt_text_captions_and_numbered_cells() {
    let inline = r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="Ministers shaking
hands"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="p.jpg" descr="C:\photos\p.jpg"/></pic:nvPicPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t>Caption: the meeting.</w:t></w:r></w:p>"#;
    // pandoc reads no alt text of anchored (floating) pictures.
    let anchor = r#"<w:p><w:r><w:drawing><wp:anchor><wp:docPr id="2" name="Logo" descr="Ministry logo"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><pic:pic/></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r><w:r><w:t>Logo above.</w:t></w:r></w:p>"#;
    let cell = |p: &str, merge: &str| format!("<w:tc><w:tcPr>{merge}</w:tcPr>{p}</w:tc>");
    let empty_item = li("1", 0, "");
    let table = format!(
        r#"<w:tbl><w:tblPr><w:tblCaption w:val="Crossings and dates"/></w:tblPr>
<w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>"#,
        cell(&empty_item, r#"<w:vMerge w:val="restart"/>"#),
        cell(&styled("Normal", "Eastgate"), ""),
        cell(&empty_item, "<w:vMerge/>"),
        cell(&styled("Normal", "Eastgate annex"), ""),
        cell(&empty_item, ""),
        cell(&styled("Normal", "Westgate"), ""),
    );
    let d = read_docx(&docx(&[inline, anchor, &table].concat())).unwrap();
    assert_eq!(
        paras(&d.body),
        [
            "[Ministers shaking hands]Caption: the meeting.",
            "Logo above.",
            // A cell holding only a number shows it; a merged-away cell shows nothing and
            // is not counted.
            "1. | Eastgate",
            "Eastgate annex",
            "2. | Westgate",
            "Crossings and dates",
        ]
    );
}

fn odt(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0">
<office:automatic-styles>
<text:list-style style:name="L1">
 <text:list-level-style-number text:level="1" style:num-suffix=")" style:num-format="1"/>
 <text:list-level-style-bullet text:level="2" text:bullet-char="•"/>
 <text:list-level-style-number text:level="3" style:num-prefix="(" style:num-suffix=")" style:num-format="a" text:start-value="3"/>
</text:list-style>
</office:automatic-styles>
<office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    // A named list style, as LibreOffice keeps "Numbering 123" in styles.xml.
    let styles = r#"<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:styles>
<text:list-style style:name="Numbering_20_123"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="I"/></text:list-style>
</office:styles></office:document-styles>"#;
    zip_of(&[("content.xml", &content), ("styles.xml", styles)])
}

#[test]
fn odt_list_styles_give_markers() {
    let item = |t: &str| format!("<text:list-item><text:p>{t}</text:p></text:list-item>");
    let body = format!(
        r#"<text:list text:style-name="L1">{}{}<text:list-item><text:p>Observers</text:p><text:list><text:list-item><text:p>Two per crossing</text:p><text:list>{}{}</text:list></text:list-item></text:list></text:list-item><text:list-item><text:list>{}</text:list></text:list-item></text:list>
<text:p>Talks resume on Friday.</text:p>
<text:list text:style-name="Numbering_20_123">{}<text:list-item text:start-value="7"><text:p>Seventh point</text:p></text:list-item></text:list>
<text:list>{}</text:list>"#,
        item("Grain corridor"),
        item("Tariffs"),
        item("Eastgate"),
        item("Westgate"),
        item("Nested at once"),
        item("Roman one"),
        item("Unstyled list item"),
    );
    let d = read_odt(&odt(&body)).unwrap();
    assert_eq!(
        paras(&d.body),
        [
            "1) Grain corridor",
            "2) Tariffs",
            "3) Observers",
            // Level 2 is a bullet; level 3 counts from its start value, in brackets.
            "- Two per crossing",
            "(c) Eastgate",
            "(d) Westgate",
            // An item whose first child is a list carries both markers, as pandoc writes.
            "4) - Nested at once",
            "Talks resume on Friday.",
            "I. Roman one",
            "VII. Seventh point",
            // A list with no list style shows no labels.
            "Unstyled list item",
        ]
    );
}

#[test]
fn xhtml_lists_and_alt_text() {
    let html = r#"<html><body>
<p><img src="cover.jpg" alt="Cover: Harbourton
talks"/></p>
<ol type="a" start="3"><li>Grain corridor</li><li><p>Tariffs</p><p>second paragraph</p></li>
<li></li><li value="9">Ninth</li></ol>
<ul><li>Observers<ol><li>Two per crossing</li></ol></li><li><ul><li>Nested at once</li></ul></li></ul>
<figure><img src="map.png" alt="map"/><figcaption>Map of the crossings</figcaption></figure>
<p>Closing <img src="x.png" alt=""/>remarks.</p>
</body></html>"#;
    assert_eq!(
        xhtml::to_paras(html),
        [
            "[Cover: Harbourton talks]",
            "c. Grain corridor",
            "d. Tariffs",
            "second paragraph",
            // The empty item counts but shows nothing.
            "i. Ninth",
            "- Observers",
            "1. Two per crossing",
            "- - Nested at once",
            // In a figure the caption stands for the image.
            "Map of the crossings",
            "Closing remarks.",
        ]
    );
}

#[test]
fn no_panic_on_cut_or_corrupted_lists() {
    let body = [li("1", 0, "One"), li("1", 8, "Deep"), li("2", 0, "Two")].concat();
    let docx = docx(&body);
    let odt = odt(
        r#"<text:list text:style-name="L1"><text:list-item text:start-value="0"><text:p>x</text:p></text:list-item></text:list>"#,
    );
    for bytes in [&docx, &odt] {
        for cut in (0..bytes.len()).step_by(11) {
            let _ = read_docx(&bytes[..cut]);
            let _ = read_odt(&bytes[..cut]);
        }
        for pos in (0..bytes.len()).step_by(7) {
            let mut b = bytes.clone();
            b[pos] ^= 0x5a;
            let _ = read_docx(&b);
            let _ = read_odt(&b);
        }
    }
    // Definitions that make no sense still give sane markers.
    let odd = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="300"><w:start w:val="4294967295"/></w:lvl><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperLetter"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="9"/></w:num></w:numbering>"#
    );
    let defs = super::lists::Numbering::parse(&odd);
    let mut c = super::lists::Counters::default();
    assert!(c.next(&defs, "1", 0).unwrap().len() <= 9);
    assert!(c.next(&defs, "1", 0).unwrap().len() <= 9);
    assert_eq!(c.next(&defs, "3", 0), None, "dangling abstractNumId");
    assert_eq!(c.next(&defs, "7", 0), None, "unknown numId");
}

//! One EPUB chapter (XHTML) to paragraphs: block elements end a paragraph, `br` breaks a line,
//! `head`, `script`, `style` and embedded SVG/MathML annotations are left out, entities decoded.
//! Chapters are often HTML that is not quite XML (`<br>` unclosed, undeclared `&nbsp;`), so the
//! reader does not check end names and keeps the text read before a syntax error.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::text::{entity, Paras};

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "caption",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "address",
    "hr",
    "body",
    "main",
    "center",
];

const SKIPPED: &[&str] = &["head", "script", "style", "template", "noscript"];

/// The chapter's paragraphs. Each chapter starts afresh, so one left with a table cell open
/// does not run into the next.
pub fn to_paras(xml: &str) -> Vec<String> {
    let mut paras = Paras::default();
    let out = &mut paras;
    let mut r = Reader::from_str(xml);
    let cfg = r.config_mut();
    cfg.check_end_names = false;
    cfg.allow_unmatched_ends = true;
    cfg.allow_dangling_amp = true;
    let mut skip = 0usize;
    let mut pre = 0usize;
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) => {
                let name = lower(e.local_name().as_ref());
                if skip > 0 || SKIPPED.contains(&name.as_str()) {
                    // `<br>` and `<img>` never close in HTML: not counted while skipping.
                    if !is_void(&name) {
                        skip += 1;
                    }
                    continue;
                }
                open(&name, out, &mut pre);
            }
            Event::Empty(e) if skip == 0 => {
                let name = lower(e.local_name().as_ref());
                if name == "br" {
                    out.line_break();
                } else if BLOCKS.contains(&name.as_str()) {
                    out.end_para();
                }
            }
            Event::End(e) => {
                let name = lower(e.local_name().as_ref());
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match name.as_str() {
                    "td" | "th" => out.end_cell(),
                    "tr" => out.end_row(),
                    "pre" => {
                        pre = pre.saturating_sub(1);
                        out.end_para();
                    }
                    n if BLOCKS.contains(&n) => out.end_para(),
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 => {
                if pre > 0 {
                    out.push(&t);
                } else {
                    out.push_collapsed(&t);
                }
            }
            Event::CData(t) if skip == 0 => out.push_collapsed(&t),
            Event::GeneralRef(g) if skip == 0 => out.push(&entity(&g)),
            Event::Eof => break,
            _ => {}
        }
    }
    paras.finish()
}

fn open(name: &str, out: &mut Paras, pre: &mut usize) {
    match name {
        "br" => out.line_break(),
        "td" | "th" => out.start_cell(),
        "pre" => {
            *pre += 1;
            out.end_para();
        }
        n if BLOCKS.contains(&n) => out.end_para(),
        _ => {}
    }
}

fn is_void(name: &str) -> bool {
    matches!(name, "br" | "img" | "hr" | "meta" | "link" | "input")
}

fn lower(b: &str) -> String {
    b.to_ascii_lowercase()
}

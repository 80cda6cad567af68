//! One EPUB chapter (XHTML) to paragraphs: block elements end a paragraph, `br` breaks a line,
//! `head`, `script`, `style` and embedded SVG/MathML annotations are left out, entities decoded.
//! Chapters are often HTML that is not quite XML (`<br>` unclosed, undeclared `&nbsp;`), so the
//! reader does not check end names and keeps the text read before a syntax error.
//! List items get their markers ("1.", "b.", "-") and images their alt text as "[alt]", as
//! pandoc writes them (a book that is one cover image has its alt text as its only text).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::lists::{Format, Level};
use super::text::{attr, entity, Paras};

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
    let mut st = State::default();
    let mut r = Reader::from_str(xml);
    let cfg = r.config_mut();
    cfg.check_end_names = false;
    cfg.allow_unmatched_ends = true;
    cfg.allow_dangling_amp = true;
    let mut skip = 0usize;
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
                st.open(&name, &e);
            }
            Event::Empty(e) if skip == 0 => {
                let name = lower(e.local_name().as_ref());
                match name.as_str() {
                    "br" => st.out.line_break(),
                    "img" => st.image(&e),
                    n if BLOCKS.contains(&n) => st.out.end_para(),
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = lower(e.local_name().as_ref());
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                st.close(&name);
            }
            Event::Text(t) if skip == 0 => {
                if st.pre > 0 {
                    st.out.push(&t);
                } else {
                    st.out.push_collapsed(&t);
                }
            }
            Event::CData(t) if skip == 0 => st.out.push_collapsed(&t),
            Event::GeneralRef(g) if skip == 0 => st.out.push(&entity(&g)),
            Event::Eof => break,
            _ => {}
        }
    }
    st.out.finish()
}

#[derive(Default)]
struct State {
    out: Paras,
    pre: usize,
    /// Open `ol` / `ul`: the level's format and the last number given. At most 100 are kept,
    /// so that unclosed lists in broken HTML cannot grow the stack without bound.
    lists: Vec<(Level, u32)>,
    /// Open `figure`s: their `figcaption` is the text, pandoc writes no alt text there.
    figure: usize,
}

impl State {
    fn open(&mut self, name: &str, e: &BytesStart) {
        match name {
            "br" => self.out.line_break(),
            "img" => self.image(e),
            "td" | "th" => self.out.start_cell(),
            "figure" => {
                self.figure += 1;
                self.out.end_para();
            }
            "pre" => {
                self.pre += 1;
                self.out.end_para();
            }
            "ol" | "ul" => {
                self.out.end_para();
                if self.lists.len() < 100 {
                    self.lists.push(list_level(name, e));
                }
            }
            "li" => {
                self.out.end_para();
                if let Some((level, n)) = self.lists.last_mut() {
                    let value = attr(e.attributes(), "value").and_then(|v| v.parse().ok());
                    *n = value.unwrap_or(n.saturating_add(1));
                    if let Some(m) = level.marker(*n) {
                        self.out.mark(&m);
                    }
                }
            }
            n if BLOCKS.contains(&n) => self.out.end_para(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "td" | "th" => self.out.end_cell(),
            "tr" => self.out.end_row(),
            "figure" => {
                self.figure = self.figure.saturating_sub(1);
                self.out.end_para();
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.out.end_para();
            }
            "ol" | "ul" => {
                self.lists.pop();
                self.out.end_para();
            }
            "li" => {
                self.out.drop_marker();
                self.out.end_para();
            }
            n if BLOCKS.contains(&n) => self.out.end_para(),
            _ => {}
        }
    }

    /// An image is its alt text in brackets, inline where it stands; no alt, no text. In a
    /// `figure` the caption stands for it.
    fn image(&mut self, e: &BytesStart) {
        if self.figure > 0 {
            return;
        }
        let alt = attr(e.attributes(), "alt").unwrap_or_default();
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        if !alt.is_empty() {
            self.out.push(&format!("[{alt}]"));
        }
    }
}

/// `ol type="a" start="3"` and `ul`; the counter holds the number before the first item.
fn list_level(name: &str, e: &BytesStart) -> (Level, u32) {
    let format = if name == "ul" {
        Format::Bullet
    } else {
        match attr(e.attributes(), "type").as_deref() {
            Some("a") => Format::LowerAlpha,
            Some("A") => Format::UpperAlpha,
            Some("i") => Format::LowerRoman,
            Some("I") => Format::UpperRoman,
            _ => Format::Decimal,
        }
    };
    let start: u32 = attr(e.attributes(), "start")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let level = Level {
        format,
        ..Level::default()
    };
    (level, start.saturating_sub(1))
}

fn is_void(name: &str) -> bool {
    matches!(name, "br" | "img" | "hr" | "meta" | "link" | "input")
}

fn lower(b: &str) -> String {
    b.to_ascii_lowercase()
}

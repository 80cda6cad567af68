//! The body being built: paragraphs, and within a table row the cells of that row, so that all
//! three readers lay text out alike ("\n\n" between paragraphs, " | " between cells).

use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesRef, Event};
use quick_xml::XmlVersion;

#[derive(Default)]
pub struct Paras {
    done: Vec<String>,
    cur: String,
    /// Cells finished in the open table row.
    cells: Vec<String>,
    /// Open table cells (nested tables count too): inside one, a paragraph's end is a space.
    cell_depth: usize,
    /// List markers ("1. ", "- ") waiting for the item's first text, so that an empty item
    /// leaves no stray "3." and an HTML `<li><p>` gives "1. text", not "1." and "text".
    marker: String,
}

impl Paras {
    /// Text as written (DOCX `w:t`, ODF spans keep their spaces).
    pub fn push(&mut self, s: &str) {
        self.flush_marker(s);
        self.cur.push_str(s);
    }

    /// A list item starts: its marker goes before its first text. Nested items that start
    /// before any text add theirs ("1. - text").
    pub fn mark(&mut self, m: &str) {
        self.marker.push_str(m);
        self.marker.push(' ');
    }

    /// An item without text whose marker still shows: Word draws the number of an empty
    /// numbered paragraph, and tables use that to number their rows (a cell holding only "1.").
    pub fn keep_marker(&mut self) {
        let m = std::mem::take(&mut self.marker);
        self.flush_marker_text(m.trim_end());
    }

    fn flush_marker_text(&mut self, m: &str) {
        if !m.is_empty() {
            self.cur.push_str(m);
        }
    }

    /// The item ended (or its paragraph did) without text: its marker is dropped.
    pub fn drop_marker(&mut self) {
        self.marker.clear();
    }

    fn flush_marker(&mut self, s: &str) {
        if !self.marker.is_empty() && !s.trim().is_empty() {
            if !self.cur.is_empty() && !self.cur.ends_with([' ', '\n', '\t']) {
                self.cur.push(' ');
            }
            let m = std::mem::take(&mut self.marker);
            self.cur.push_str(&m);
        }
    }

    /// HTML text: runs of white space are one space, as a browser shows them.
    pub fn push_collapsed(&mut self, s: &str) {
        self.flush_marker(s);
        for (i, part) in s.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if i > 0 && !self.cur.ends_with([' ', '\n']) && !self.cur.is_empty() {
                self.cur.push(' ');
            }
            self.cur.push_str(part);
        }
    }

    pub fn line_break(&mut self) {
        self.cur.push('\n');
    }

    /// The paragraph ends: inside a table cell it only leaves a space before the next.
    pub fn end_para(&mut self) {
        if self.cell_depth > 0 {
            if !self.cur.is_empty() && !self.cur.ends_with(' ') {
                self.cur.push(' ');
            }
            return;
        }
        let p = tidy(&self.cur);
        self.cur.clear();
        if !p.is_empty() {
            self.done.push(p);
        }
    }

    pub fn start_cell(&mut self) {
        if self.cell_depth == 0 {
            self.end_para();
        }
        self.cell_depth += 1;
    }

    pub fn end_cell(&mut self) {
        self.cell_depth = self.cell_depth.saturating_sub(1);
        if self.cell_depth == 0 {
            let c = tidy(&self.cur).replace('\n', " ");
            self.cur.clear();
            if !c.is_empty() {
                self.cells.push(c);
            }
        }
    }

    /// A row ends: its non-empty cells become one paragraph (a nested table's row stays inside
    /// the outer cell).
    pub fn end_row(&mut self) {
        if self.cell_depth > 0 {
            self.end_para();
            return;
        }
        let row = std::mem::take(&mut self.cells).join(" | ");
        if !row.is_empty() {
            self.done.push(row);
        }
    }

    pub fn in_cell(&self) -> bool {
        self.cell_depth > 0
    }

    /// The text of the paragraph still open, for a heading's title.
    pub fn current(&self) -> String {
        tidy(&self.cur)
    }

    pub fn finish(mut self) -> Vec<String> {
        self.cell_depth = 0;
        if !self.cells.is_empty() {
            self.end_row();
        }
        self.end_para();
        self.done
    }
}

/// Each line trimmed, blank lines dropped, so a paragraph never holds "\n\n".
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// An attribute's value by local name (`w:val`, `text:style-name`): prefixes vary by writer.
pub fn attr(attrs: Attributes, local: &str) -> Option<String> {
    attrs.flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// `&amp;`, `&#8217;` and the HTML names XHTML chapters use without declaring them.
pub fn entity(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = r;
    let s = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "hellip" => "\u{2026}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201c}",
        "rdquo" => "\u{201d}",
        "laquo" => "\u{ab}",
        "raquo" => "\u{bb}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "trade" => "\u{2122}",
        "deg" => "\u{b0}",
        "middot" => "\u{b7}",
        "bull" => "\u{2022}",
        "eacute" => "\u{e9}",
        "egrave" => "\u{e8}",
        "aacute" => "\u{e1}",
        "agrave" => "\u{e0}",
        "ouml" => "\u{f6}",
        "uuml" => "\u{fc}",
        "auml" => "\u{e4}",
        "szlig" => "\u{df}",
        "ccedil" => "\u{e7}",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        _ => return format!("&{name};"),
    };
    s.to_string()
}

/// Every element's direct text with its local name, in document order: the shape of
/// `core.xml` and `meta.xml`, where each field is one element.
pub fn leaf_texts(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut r = quick_xml::Reader::from_str(xml);
    let mut open: Option<(String, String)> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                open = Some((e.local_name().as_ref().to_string(), String::new()))
            }
            Ok(Event::Text(t)) => {
                if let Some(f) = open.as_mut() {
                    f.1.push_str(&t);
                }
            }
            Ok(Event::GeneralRef(g)) => {
                if let Some(f) = open.as_mut() {
                    f.1.push_str(&entity(&g));
                }
            }
            Ok(Event::End(_)) => out.extend(open.take()),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

//! ODT: `content.xml`'s `office:text` in order: `text:p` and `text:h` (inside lists and frames
//! too), tables row by row, notes numbered `[1]`... where cited and appended at the end as
//! pandoc does; `meta.xml` for the metadata. Annotations, tracked deletions and the citation
//! marks the writer stored (we number our own) are left out. List items get the markers of
//! their `text:list-style` ("1)", "a.", "-"), from content.xml or styles.xml.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::archive::Archive;
use super::docx::prefer_heading;
use super::lists::{odf_level, Level};
use super::text::{attr, entity, leaf_texts, Paras};
use super::{clean_title, heading_title, parse_date, OfficeDoc};

pub fn read(bytes: &[u8]) -> Result<OfficeDoc, String> {
    let mut zip = Archive::open(bytes)?;
    let manifest = zip.read_text("META-INF/manifest.xml")?.unwrap_or_default();
    if manifest.contains("encryption-data") {
        return Err("encrypted OpenDocument file".into());
    }
    let xml = zip
        .read_text("content.xml")?
        .ok_or("not an ODT file: no content.xml")?;
    let mut w = Walk::default();
    // Named list styles ("Numbering 123") live in styles.xml, automatic ones in content.xml.
    if let Some(styles) = zip.read_text("styles.xml")? {
        w.list_styles = list_styles(&styles);
    }
    w.run(&xml)
        .map_err(|e| format!("damaged XML in content.xml: {e}"))?;
    let mut paras = std::mem::take(&mut w.paras).finish();
    for (n, note) in w.notes.iter().enumerate() {
        if !note.is_empty() {
            paras.push(format!("[{}] {note}", n + 1));
        }
    }

    let meta = zip.read_text("meta.xml")?.unwrap_or_default();
    let (mut title, mut authors, mut language) = (None, Vec::<String>::new(), None);
    let (mut created, mut modified) = (None, None);
    for (name, v) in leaf_texts(&meta) {
        let v = v.trim().to_string();
        match name.as_str() {
            "title" if title.is_none() => title = clean_title(&v),
            "initial-creator" | "creator" if !v.is_empty() && !authors.contains(&v) => {
                authors.push(v)
            }
            "language" if language.is_none() && !v.is_empty() => language = Some(v),
            "creation-date" => created = parse_date(&v),
            "date" => modified = parse_date(&v),
            _ => {}
        }
    }
    Ok(OfficeDoc {
        title: {
            let fallback = w.title.or(w.banner).or(w.heading);
            match title {
                Some(t) if prefer_heading(&t, &fallback, &paras) => fallback,
                t => t.or(fallback),
            }
        },
        authors,
        date: modified.or(created),
        language,
        body: paras.join("\n\n"),
    })
}

#[derive(Default)]
struct Walk {
    paras: Paras,
    /// Inside `office:text`: the automatic styles before it hold no text.
    in_body: bool,
    /// Depth inside a subtree left out.
    skip: usize,
    /// The notes' bodies, in citation order, and the body's paragraphs while one is read.
    notes: Vec<String>,
    outer: Vec<Paras>,
    /// Automatic paragraph styles (`P1`) to their parent (`Title`).
    parents: HashMap<String, String>,
    style: String,
    is_h: bool,
    /// The automatic style being defined, and those that centre and embolden (or enlarge).
    defining: String,
    centered: Vec<String>,
    emph: Vec<String>,
    /// Non-empty paragraphs ended so far, outside tables.
    seen: usize,
    title: Option<String>,
    /// As in DOCX: the first centred, emphasised paragraph among the first ten.
    banner: Option<String>,
    heading: Option<String>,
    /// List style name to its levels (1-based), and the one being defined.
    list_styles: HashMap<String, HashMap<u8, Level>>,
    defining_list: String,
    /// The open `text:list`s, outermost first.
    lists: Vec<List>,
}

/// An open `text:list`: its style (inherited by nested lists that name none), the last number
/// given, and whether its open item still waits for its marker (written before the item's
/// first paragraph, so a list nested at once in an item gives "- - text", as pandoc does).
struct List {
    style: String,
    n: Option<u32>,
    pending: bool,
}

/// Every `text:list-style` of a styles part.
fn list_styles(xml: &str) -> HashMap<String, HashMap<u8, Level>> {
    let mut out: HashMap<String, HashMap<u8, Level>> = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut name = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => list_style_event(&e, &mut name, &mut out),
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
    }
}

fn list_style_event(
    e: &BytesStart,
    name: &mut String,
    out: &mut HashMap<String, HashMap<u8, Level>>,
) {
    let local = e.local_name();
    match local.as_ref() {
        "list-style" => *name = attr(e.attributes(), "name").unwrap_or_default(),
        l @ ("list-level-style-number" | "list-level-style-bullet" | "list-level-style-image") => {
            let level = attr(e.attributes(), "level").and_then(|v| v.parse().ok());
            if let Some(level) = level {
                let def = odf_level(l, e.attributes());
                out.entry(name.clone()).or_default().insert(level, def);
            }
        }
        _ => {}
    }
}

impl Walk {
    fn run(&mut self, xml: &str) -> Result<(), quick_xml::Error> {
        let mut r = Reader::from_str(xml);
        r.config_mut().check_end_names = false;
        loop {
            match r.read_event()? {
                Event::Start(e) => {
                    if self.skip > 0 || self.left_out(&e) {
                        self.skip += 1;
                    } else {
                        self.start(&e, false);
                    }
                }
                Event::Empty(e) if self.skip == 0 => self.start(&e, true),
                Event::End(e) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                    } else if e.name().as_ref() == "office:text" {
                        self.in_body = false;
                    } else {
                        self.end(e.local_name().as_ref());
                    }
                }
                Event::Text(t) if self.in_body && self.skip == 0 => self.paras.push(&t),
                Event::GeneralRef(g) if self.in_body && self.skip == 0 => {
                    self.paras.push(&entity(&g))
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn left_out(&self, e: &BytesStart) -> bool {
        let name = e.local_name();
        // An index's `*-source` holds its entry templates, not text.
        matches!(
            name.as_ref(),
            "annotation" | "tracked-changes" | "note-citation" | "sequence-decls" | "forms"
        ) || name.as_ref().ends_with("-source")
            || matches!(e.name().as_ref(), "svg:desc" | "svg:title")
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        if !self.in_body {
            list_style_event(e, &mut self.defining_list, &mut self.list_styles);
        }
        match e.local_name().as_ref() {
            "list" if !empty && self.in_body => {
                let style = attr(e.attributes(), "style-name")
                    .or_else(|| self.lists.last().map(|l| l.style.clone()))
                    .unwrap_or_default();
                self.lists.push(List {
                    style,
                    n: None,
                    pending: false,
                });
            }
            "list-item" if !empty => {
                if let Some(l) = self.lists.last_mut() {
                    l.pending = true;
                    // An item may restart the count.
                    let start = attr(e.attributes(), "start-value");
                    if let Some(s) = start.and_then(|v| v.parse::<u32>().ok()) {
                        l.n = Some(s.saturating_sub(1));
                    }
                }
            }
            "text" if !empty && e.name().as_ref() == "office:text" => self.in_body = true,
            "style" => {
                self.defining = attr(e.attributes(), "name").unwrap_or_default();
                if let Some(p) = attr(e.attributes(), "parent-style-name") {
                    self.parents.insert(self.defining.clone(), p);
                }
            }
            "paragraph-properties"
                if !self.in_body
                    && attr(e.attributes(), "text-align").as_deref() == Some("center") =>
            {
                self.centered.push(self.defining.clone());
            }
            "text-properties" if !self.in_body => {
                let bold = attr(e.attributes(), "font-weight").is_some_and(|w| w == "bold");
                let size = attr(e.attributes(), "font-size")
                    .and_then(|s| s.strip_suffix("pt")?.parse::<f32>().ok())
                    .unwrap_or(0.0);
                if bold || size >= 14.0 {
                    self.emph.push(self.defining.clone());
                }
            }
            "p" | "h" if !empty => {
                self.paras.end_para();
                self.list_markers();
                self.style = attr(e.attributes(), "style-name").unwrap_or_default();
                self.is_h = e.local_name().as_ref() == "h";
            }
            "s" => {
                let n: usize = attr(e.attributes(), "c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1);
                self.paras.push(&" ".repeat(n.min(100)));
            }
            "tab" => self.paras.push("\t"),
            "line-break" => self.paras.line_break(),
            "table-cell" if !empty => self.paras.start_cell(),
            "note" if !empty && self.in_body => {
                self.notes.push(String::new());
                self.paras.push(&format!("[{}]", self.notes.len()));
                self.outer.push(std::mem::take(&mut self.paras));
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" | "h" => {
                if self.outer.is_empty() {
                    self.title_candidate();
                }
                self.paras.drop_marker();
                self.paras.end_para();
            }
            "table-cell" => self.paras.end_cell(),
            "list" => {
                self.lists.pop();
            }
            "table-row" => self.paras.end_row(),
            "note" => {
                if let Some(outer) = self.outer.pop() {
                    let note = std::mem::replace(&mut self.paras, outer).finish();
                    if let Some(last) = self.notes.last_mut() {
                        *last = note.join(" ");
                    }
                }
            }
            _ => {}
        }
    }

    /// The markers of the list items whose first paragraph this is ("1. ", "a) ", "- ").
    fn list_markers(&mut self) {
        for (depth, l) in self.lists.iter_mut().enumerate() {
            if !std::mem::take(&mut l.pending) {
                continue;
            }
            let def = self
                .list_styles
                .get(&l.style)
                .and_then(|levels| levels.get(&(depth as u8 + 1)));
            let n = match l.n {
                Some(n) => n.saturating_add(1),
                None => def.and_then(|d| d.start).unwrap_or(1),
            };
            l.n = Some(n);
            // A list with no list style has no labels (LibreOffice draws none either).
            if let Some(m) = def.and_then(|d| d.marker(n)) {
                self.paras.mark(&m);
            }
        }
    }

    /// The first heading, and the first paragraph styled Title (directly or through an
    /// automatic style), stand in for a missing `dc:title`.
    fn title_candidate(&mut self) {
        let mut style = self.style.as_str();
        for _ in 0..8 {
            if style == "Title" && self.title.is_none() {
                self.title = heading_title(&self.paras.current());
            }
            match self.parents.get(style) {
                Some(p) => style = p,
                None => break,
            }
        }
        let heading = self.is_h || style.starts_with("Heading");
        let text = self.paras.current();
        if heading && self.heading.is_none() {
            self.heading = heading_title(&text);
        }
        let direct = &self.style;
        if self.banner.is_none()
            && self.seen < 10
            && self.centered.contains(direct)
            && self.emph.contains(direct)
        {
            self.banner = heading_title(&text);
        }
        if !text.is_empty() && !self.paras.in_cell() {
            self.seen += 1;
        }
    }
}

//! DOCX: the main part's paragraphs in order (`w:t` text, `w:tab`, `w:br`), tables row by row,
//! foot- and endnotes numbered `[1]`, `[2]`... where they are cited and appended at the end, as
//! pandoc lays them out; metadata from `docProps/core.xml`. Numbered and bulleted paragraphs
//! get their markers from `word/numbering.xml` ([`lists`](super::lists)), inline pictures
//! their alt text as "[descr]", and a table its `w:tblCaption` after it, as pandoc writes them.
//! Headers, footers, comments, deleted text, field codes and the VML fallback copy of each
//! text box (`mc:Fallback`) are left out. Text boxes themselves are kept, though pandoc drops
//! them: they hold text a reader sees (a pull quote, a mission statement).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::archive::Archive;
use super::lists::{Counters, Numbering};
use super::text::{attr, entity, leaf_texts, Paras};
use super::{clean_title, heading_title, parse_date, OfficeDoc};

const NOT_DOCX: &str = "not a DOCX file: no word/document.xml";

pub fn read(bytes: &[u8]) -> Result<OfficeDoc, String> {
    let mut zip = Archive::open(bytes)?;
    let part = main_part(&mut zip)?;
    let xml = zip.read_text(&part)?.ok_or(NOT_DOCX)?;
    let styles = match zip.read_text("word/styles.xml")? {
        Some(s) => Styles::parse(&s),
        None => Styles::default(),
    };
    let numbering = match zip.read_text("word/numbering.xml")? {
        Some(s) => Numbering::parse(&s),
        None => Numbering::default(),
    };
    let mut main = Walk::new(&styles, &numbering);
    main.run(&xml)
        .map_err(|e| format!("damaged XML in {part}: {e}"))?;
    let mut paras = std::mem::take(&mut main.paras).finish();

    // Notes are appended in the order they are cited, as "[n] text".
    if !main.cited.is_empty() {
        let mut notes = HashMap::new();
        for (kind, file) in [
            (Note::Foot, "word/footnotes.xml"),
            (Note::End, "word/endnotes.xml"),
        ] {
            if let Some(x) = zip.read_text(file)? {
                let mut w = Walk::new(&styles, &numbering);
                // A damaged notes part loses only the notes.
                if w.run(&x).is_ok() {
                    notes.extend(w.notes.into_iter().map(|(id, t)| ((kind, id), t)));
                }
            }
        }
        for (n, key) in main.cited.iter().enumerate() {
            if let Some(t) = notes.get(key).filter(|t| !t.is_empty()) {
                paras.push(format!("[{}] {t}", n + 1));
            }
        }
    }

    let core = match zip.read_text("docProps/core.xml")? {
        Some(x) => Core::parse(&x),
        None => Core::default(),
    };
    let fallback = main.title.or(main.banner).or(main.heading);
    let title = match core.title.as_deref().and_then(clean_title) {
        Some(t) if prefer_heading(&t, &fallback, &paras) => fallback,
        Some(t) => Some(t),
        None => fallback,
    };
    Ok(OfficeDoc {
        title,
        authors: core.creator.into_iter().collect(),
        date: core.modified.or(core.created),
        // Not styles.xml's default `w:lang`: that is the editor's proofing language (en-US in the
        // corpus' Arabic and Vietnamese files), and dossier detects the language itself.
        language: core.language,
        body: paras.join("\n\n"),
    })
}

/// Word proposes a document's opening words as its title: a stated title that is the start of
/// a longer body paragraph among the first ten (not the heading itself) was filled in that
/// way, not chosen, and the heading is the better title.
pub(super) fn prefer_heading(title: &str, heading: &Option<String>, paras: &[String]) -> bool {
    let Some(heading) = heading else {
        return false;
    };
    paras.iter().take(10).any(|p| {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        p.len() > title.len() && p.starts_with(title) && p != *heading
    })
}

/// The officeDocument target of `_rels/.rels` (`word/document.xml` unless a tool renamed it).
fn main_part(zip: &mut Archive) -> Result<String, String> {
    let rels = zip.read_text("_rels/.rels")?.unwrap_or_default();
    let mut r = Reader::from_str(&rels);
    loop {
        match r.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(e.attributes(), "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    if let Some(t) = attr(e.attributes(), "Target") {
                        return Ok(t.trim_start_matches('/').to_string());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok("word/document.xml".into()),
            _ => {}
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Note {
    Foot,
    End,
}

/// Paragraph styles that make a title: by style name ("Title", "heading 1"), which is the same in
/// every language, unlike the style id ("Titre", "Berschrift1").
/// Also the numbering a style carries (`w:numPr` in "List Number"), and each style's parent.
#[derive(Default)]
struct Styles {
    title: Vec<String>,
    heading: Vec<String>,
    num: HashMap<String, (String, u8)>,
    parent: HashMap<String, String>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut s = Styles::default();
        let mut r = Reader::from_str(xml);
        let mut id = String::new();
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                    "style" => id = attr(e.attributes(), "styleId").unwrap_or_default(),
                    "basedOn" if !id.is_empty() => {
                        let p = attr(e.attributes(), "val").unwrap_or_default();
                        s.parent.insert(id.clone(), p);
                    }
                    "numId" if !id.is_empty() => {
                        let n = attr(e.attributes(), "val").unwrap_or_default();
                        s.num.entry(id.clone()).or_default().0 = n;
                    }
                    "ilvl" if !id.is_empty() => {
                        let l = attr(e.attributes(), "val").and_then(|v| v.parse().ok());
                        s.num.entry(id.clone()).or_default().1 = l.unwrap_or(0);
                    }
                    "name" if !id.is_empty() => {
                        let name = attr(e.attributes(), "val")
                            .unwrap_or_default()
                            .to_lowercase();
                        if name == "title" {
                            s.title.push(id.clone());
                        } else if name.starts_with("heading") {
                            s.heading.push(id.clone());
                        }
                    }
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        s
    }

    fn is_title(&self, id: &str) -> bool {
        self.title.iter().any(|t| t == id) || id == "Title"
    }

    fn is_heading(&self, id: &str) -> bool {
        self.heading.iter().any(|t| t == id) || id.starts_with("Heading")
    }

    /// The list a paragraph style numbers its paragraphs in, through at most 10 parents.
    fn numbering<'a>(&'a self, mut id: &'a str) -> Option<&'a (String, u8)> {
        for _ in 0..10 {
            if let Some(n) = self.num.get(id) {
                return Some(n);
            }
            id = self.parent.get(id)?;
        }
        None
    }
}

/// One pass over document.xml (or footnotes.xml, whose `w:footnote` elements it collects).
struct Walk<'s> {
    styles: &'s Styles,
    numbering: &'s Numbering,
    counters: Counters,
    /// The open paragraph's own `w:numPr`.
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// Inside `wp:inline`, and the `descr` of its `wp:docPr`, written as "[descr]" once the
    /// picture is seen (pandoc reads alt text of inline pictures only, not of anchored ones).
    inline: bool,
    alt: Option<String>,
    /// The `w:tblCaption` of each open table.
    captions: Vec<Option<String>>,
    /// The open cell continues a vertical merge: Word shows nothing of it, not even the
    /// number of its empty list paragraph, and pandoc does not count that item.
    merged: bool,
    paras: Paras,
    in_t: bool,
    runs: usize,
    /// Depth inside a subtree left out (`mc:Fallback`, `w:del`).
    skip: usize,
    style: String,
    outline: bool,
    /// The open paragraph is centred, and some run of it bold or 14 pt and over.
    centered: bool,
    emph: bool,
    /// Non-empty paragraphs ended so far, outside tables.
    seen: usize,
    title: Option<String>,
    /// The first centred, emphasised paragraph among the first ten: the title of documents that
    /// use no styles (2 of the corpus' 14 DOCX, both Russian official texts).
    banner: Option<String>,
    heading: Option<String>,
    cited: Vec<(Note, String)>,
    note_id: Option<String>,
    notes: Vec<(String, String)>,
}

impl<'s> Walk<'s> {
    fn new(styles: &'s Styles, numbering: &'s Numbering) -> Self {
        Walk {
            styles,
            numbering,
            counters: Counters::default(),
            num_id: None,
            ilvl: None,
            inline: false,
            alt: None,
            captions: Vec::new(),
            merged: false,
            paras: Paras::default(),
            in_t: false,
            runs: 0,
            skip: 0,
            style: String::new(),
            outline: false,
            centered: false,
            emph: false,
            seen: 0,
            title: None,
            banner: None,
            heading: None,
            cited: Vec::new(),
            note_id: None,
            notes: Vec::new(),
        }
    }

    fn run(&mut self, xml: &str) -> Result<(), quick_xml::Error> {
        let mut r = Reader::from_str(xml);
        r.config_mut().check_end_names = false;
        loop {
            match r.read_event()? {
                Event::Start(e) => {
                    if self.skip > 0
                        || matches!(
                            e.local_name().as_ref(),
                            // A tracked change's old properties would renumber the paragraph.
                            "Fallback" | "del" | "pPrChange" | "rPrChange"
                        )
                    {
                        self.skip += 1;
                    } else {
                        self.start(&e, false);
                    }
                }
                Event::Empty(e) if self.skip == 0 => self.start(&e, true),
                Event::End(e) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                    } else {
                        self.end(e.local_name().as_ref());
                    }
                }
                Event::Text(t) if self.in_t && self.skip == 0 => self.paras.push(&t),
                Event::CData(t) if self.in_t && self.skip == 0 => self.paras.push(&t),
                Event::GeneralRef(g) if self.in_t && self.skip == 0 => self.paras.push(&entity(&g)),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.local_name().as_ref() {
            "p" if !empty => {
                // A text box's paragraphs sit inside the paragraph that anchors it.
                self.paras.end_para();
                self.paras.drop_marker();
                self.style.clear();
                self.outline = false;
                self.centered = false;
                self.emph = false;
                self.num_id = None;
                self.ilvl = None;
            }
            "numId" if self.runs == 0 => self.num_id = attr(e.attributes(), "val"),
            "ilvl" if self.runs == 0 => {
                self.ilvl = attr(e.attributes(), "val").and_then(|v| v.parse().ok())
            }
            "inline" if !empty => self.inline = true,
            "docPr" if self.inline => {
                let d = attr(e.attributes(), "descr").unwrap_or_default();
                let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
                self.alt = (!d.is_empty()).then_some(d);
            }
            "tbl" if !empty => self.captions.push(None),
            "tblCaption" => {
                if let Some(c) = self.captions.last_mut() {
                    *c = attr(e.attributes(), "val").filter(|v| !v.trim().is_empty());
                }
            }
            "jc" if self.runs == 0 => {
                self.centered = attr(e.attributes(), "val").as_deref() == Some("center")
            }
            "b" if self.runs > 0 => {
                let v = attr(e.attributes(), "val");
                self.emph |= !matches!(v.as_deref(), Some("0" | "false" | "off"));
            }
            "sz" if self.runs > 0 => {
                let half_points: u32 = attr(e.attributes(), "val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                self.emph |= half_points >= 28;
            }
            "pStyle" => self.style = attr(e.attributes(), "val").unwrap_or_default(),
            "outlineLvl" => self.outline = true,
            "r" if !empty => self.runs += 1,
            "t" if !empty => self.in_t = true,
            "tab" | "ptab" if self.runs > 0 => self.paras.push("\t"),
            "br" | "cr" if self.runs > 0 => self.paras.line_break(),
            "noBreakHyphen" => self.paras.push("-"),
            "tc" if !empty => {
                self.merged = false;
                self.paras.start_cell();
            }
            "vMerge" => self.merged = attr(e.attributes(), "val").is_none_or(|v| v != "restart"),
            "footnoteReference" | "endnoteReference" => {
                let kind = if e.local_name().as_ref() == "footnoteReference" {
                    Note::Foot
                } else {
                    Note::End
                };
                if let Some(id) = attr(e.attributes(), "id") {
                    self.cited.push((kind, id));
                    self.paras.push(&format!("[{}]", self.cited.len()));
                }
            }
            "footnote" | "endnote" if !empty => {
                self.paras = Paras::default();
                self.note_id = attr(e.attributes(), "id");
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => {
                if self.title.is_none() && self.styles.is_title(&self.style) {
                    self.title = heading_title(&self.paras.current());
                }
                let heading = self.outline || self.styles.is_heading(&self.style);
                if self.heading.is_none() && heading {
                    self.heading = heading_title(&self.paras.current());
                }
                let text = self.paras.current();
                if self.banner.is_none() && self.centered && self.emph && self.seen < 10 {
                    self.banner = heading_title(&text);
                }
                if !text.is_empty() && !self.paras.in_cell() {
                    self.seen += 1;
                }
                if self.paras.in_cell() {
                    self.paras.keep_marker();
                }
                self.paras.drop_marker();
                self.paras.end_para();
                self.style.clear();
            }
            "pPr" if self.runs == 0 => self.list_marker(),
            "inline" => {
                self.inline = false;
                self.alt = None;
            }
            "pic" => {
                if let Some(a) = self.alt.take() {
                    self.paras.push(&format!("[{a}]"));
                }
            }
            // pandoc writes a table's caption after it.
            "tbl" => {
                if let Some(c) = self.captions.pop().flatten() {
                    if self.paras.in_cell() {
                        self.paras.push(&format!(" {c} "));
                    } else {
                        self.paras.push(c.trim());
                        self.paras.end_para();
                    }
                }
            }
            "r" => self.runs = self.runs.saturating_sub(1),
            "t" => self.in_t = false,
            "tc" => {
                self.merged = false;
                self.paras.end_cell();
            }
            "tr" => self.paras.end_row(),
            "footnote" | "endnote" => {
                let text = std::mem::take(&mut self.paras).finish().join(" ");
                if let Some(id) = self.note_id.take() {
                    self.notes.push((id, text));
                }
            }
            _ => {}
        }
    }
}

impl Walk<'_> {
    /// The paragraph's properties are read: a list item gets its marker ("1. ", "- ") before
    /// its text. Numbering comes from the paragraph's `w:numPr`, else from its style's; a
    /// heading is never numbered (pandoc keeps it a heading).
    fn list_marker(&mut self) {
        if self.merged || self.styles.is_heading(&self.style) {
            return;
        }
        let (num_id, ilvl) = match (&self.num_id, self.styles.numbering(&self.style)) {
            (Some(n), _) => (n.clone(), self.ilvl.unwrap_or(0)),
            (None, Some((n, l))) => (n.clone(), self.ilvl.unwrap_or(*l)),
            (None, None) => return,
        };
        if let Some(m) = self.counters.next(self.numbering, &num_id, ilvl) {
            self.paras.mark(&m);
        }
    }
}

/// `docProps/core.xml`: Dublin Core title, creator, language and the W3CDTF dates.
#[derive(Default)]
struct Core {
    title: Option<String>,
    creator: Option<String>,
    language: Option<String>,
    created: Option<chrono::DateTime<chrono::FixedOffset>>,
    modified: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl Core {
    fn parse(xml: &str) -> Core {
        let mut c = Core::default();
        for (name, value) in leaf_texts(xml) {
            let v = value.trim().to_string();
            match name.as_str() {
                "title" if c.title.is_none() => c.title = Some(v),
                "creator" if c.creator.is_none() && !v.is_empty() => c.creator = Some(v),
                "language" if c.language.is_none() && !v.is_empty() => c.language = Some(v),
                "created" => c.created = parse_date(&v),
                "modified" => c.modified = parse_date(&v),
                _ => {}
            }
        }
        c
    }
}

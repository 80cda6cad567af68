//! EPUB 2 and 3: `META-INF/container.xml` names the package (OPF); its metadata gives title,
//! authors, language and date, its spine the chapters in reading order (which need not be the
//! zip's order), each converted by [`xhtml`](super::xhtml). One book is one document.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::archive::Archive;
use super::text::{attr, entity};
use super::{clean_title, parse_date, xhtml, OfficeDoc};

pub fn read(bytes: &[u8]) -> Result<OfficeDoc, String> {
    let mut zip = Archive::open(bytes)?;
    let opf_path = match zip.read_text("META-INF/container.xml")? {
        Some(c) => rootfile(&c),
        None => None,
    }
    .or_else(|| zip.names().into_iter().find(|n| n.ends_with(".opf")))
    .ok_or("not an EPUB file: no META-INF/container.xml")?;
    let opf = zip
        .read_text(&opf_path)?
        .ok_or_else(|| format!("damaged EPUB: no package file {opf_path}"))?;
    let pkg = Package::parse(&opf);
    let base = match opf_path.rfind('/') {
        Some(i) => &opf_path[..=i],
        None => "",
    };
    let protected = match zip.read_text("META-INF/encryption.xml")? {
        Some(x) => cipher_refs(&x),
        None => Vec::new(),
    };

    let mut paras = Vec::new();
    for idref in &pkg.spine {
        let Some((href, media)) = pkg.items.get(idref) else {
            continue;
        };
        let html = media.contains("html") || href.ends_with("html") || href.ends_with(".htm");
        if !html {
            continue;
        }
        let path = resolve(base, href);
        // Font obfuscation also lists files here; only a listed chapter is DRM.
        if protected.contains(&path) {
            return Err("DRM-protected EPUB: chapters are encrypted".into());
        }
        if let Some(x) = zip.read_text(&path)? {
            paras.extend(xhtml::to_paras(&x));
        }
    }
    Ok(OfficeDoc {
        title: pkg.title.as_deref().and_then(clean_title),
        authors: pkg.creators,
        date: pkg.date,
        language: pkg.language,
        body: paras.join("\n\n"),
    })
}

fn rootfile(container: &str) -> Option<String> {
    let mut r = Reader::from_str(container);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "rootfile" => {
                let media = attr(e.attributes(), "media-type").unwrap_or_default();
                if media.is_empty() || media.contains("oebps-package") {
                    return attr(e.attributes(), "full-path").map(|p| decode_href(&p));
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

fn cipher_refs(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "CipherReference" =>
            {
                if let Some(u) = attr(e.attributes(), "URI") {
                    out.push(resolve("", &u));
                }
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
    }
}

#[derive(Default)]
struct Package {
    title: Option<String>,
    creators: Vec<String>,
    language: Option<String>,
    date: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Manifest id to (href, media type).
    items: HashMap<String, (String, String)>,
    spine: Vec<String>,
}

impl Package {
    fn parse(opf: &str) -> Package {
        let mut p = Package::default();
        let mut r = Reader::from_str(opf);
        r.config_mut().check_end_names = false;
        // The dc element being read, its text, and its opf:event.
        let mut field: Option<(String, String, String)> = None;
        // A dc:date with rank: publication 0, no event 1, any other event (conversion) 2.
        let mut best_date: Option<(u8, chrono::DateTime<chrono::FixedOffset>)> = None;
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) => {
                    let name = e.local_name().as_ref().to_string();
                    if matches!(name.as_str(), "title" | "creator" | "language" | "date") {
                        let event = attr(e.attributes(), "event").unwrap_or_default();
                        field = Some((name, String::new(), event));
                    } else {
                        p.item(&e);
                    }
                }
                Ok(Event::Empty(e)) => p.item(&e),
                Ok(Event::Text(t)) => {
                    if let Some(f) = field.as_mut() {
                        f.1.push_str(&t);
                    }
                }
                Ok(Event::GeneralRef(g)) => {
                    if let Some(f) = field.as_mut() {
                        f.1.push_str(&entity(&g));
                    }
                }
                Ok(Event::End(_)) => {
                    let Some((name, text, event)) = field.take() else {
                        continue;
                    };
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    match name.as_str() {
                        "title" if p.title.is_none() => p.title = Some(text),
                        "creator" if !text.is_empty() && !p.creators.contains(&text) => {
                            p.creators.push(text)
                        }
                        "language" if p.language.is_none() && !text.is_empty() => {
                            p.language = Some(text)
                        }
                        "date" => {
                            let rank = match event.as_str() {
                                "publication" => 0,
                                "" => 1,
                                _ => 2,
                            };
                            if let Some(d) = parse_date(&text) {
                                if best_date.is_none_or(|(r, _)| rank < r) {
                                    best_date = Some((rank, d));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        p.date = best_date.map(|(_, d)| d);
        p
    }

    fn item(&mut self, e: &quick_xml::events::BytesStart) {
        match e.local_name().as_ref() {
            "item" => {
                if let (Some(id), Some(href)) =
                    (attr(e.attributes(), "id"), attr(e.attributes(), "href"))
                {
                    let media = attr(e.attributes(), "media-type").unwrap_or_default();
                    self.items.insert(id, (href, media));
                }
            }
            "itemref" => {
                if let Some(id) = attr(e.attributes(), "idref") {
                    self.spine.push(id);
                }
            }
            _ => {}
        }
    }
}

/// A manifest href as a zip path: relative to the OPF's folder, `..` resolved, `%20` decoded,
/// the fragment dropped.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let full = if href.starts_with('/') {
        href.trim_start_matches('/').to_string()
    } else {
        format!("{base}{href}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    decode_href(&parts.join("/"))
}

fn decode_href(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

//! Documents beyond web pages end to end through `index`, `search` and `parse`: PDF, Word,
//! OpenDocument, EPUB, e-mail, mbox, MHTML and WARC, and every broken case (encrypted, no text
//! layer, truncated, not that format, zip bomb, a file over its time or memory budget). The
//! fixtures in tests/fixtures/documents/ are the project's own (invented articles, written by
//! the `make.py` beside them); hostile files are built here.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{ndjson, Env};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(rel)
}

/// A folder `news/` of copies of the fixtures `rels`.
fn news(env: &Env, rels: &[&str]) -> PathBuf {
    let dir = env.path().join("news");
    std::fs::create_dir_all(&dir).unwrap();
    for rel in rels {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(fixture(rel), dir.join(name)).unwrap();
    }
    dir
}

/// `search QUERY --format ndjson`: the file names of the hits, sorted.
/// The files holding `query`'s words: every article, copies too (`--copies`).
fn hits(env: &Env, query: &str) -> Vec<String> {
    let out = env.ok(&[
        "search", query, "--copies", "--format", "ndjson", "--limit", "1000",
    ]);
    let mut names: Vec<String> = ndjson(&out)
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn parse(env: &Env, path: &Path, extra: &[&str]) -> (Vec<serde_json::Value>, String) {
    let mut args = vec!["parse", path.to_str().unwrap(), "--format", "ndjson"];
    args.extend(extra);
    let out = env.run(&args);
    (
        ndjson(&String::from_utf8(out.stdout).unwrap()),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_document_format_is_indexed_and_searchable() {
    let env = Env::new();
    let dir = news(
        &env,
        &[
            "pdf/article.pdf",
            "pdf/meta.pdf",
            "office/sample.docx",
            "office/sample.odt",
            "office/sample.epub",
            "mail/newsletter.eml",
            "mail/html-only.eml",
            "mail/three.mbox",
            "mail/page.mhtml",
            "warc/sample.warc.gz",
        ],
    );
    let out = env.run(&["index", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("added 10, updated 0"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    // Words each format's text holds, found in the files that hold them.
    assert_eq!(hits(&env, "Kessel"), ["article.pdf"]);
    assert_eq!(hits(&env, "Velk"), ["article.pdf", "meta.pdf"]);
    assert_eq!(
        hits(&env, "Harbourton"),
        ["sample.docx", "sample.epub", "sample.odt"]
    );
    assert_eq!(hits(&env, "Klaipeda"), ["html-only.eml", "newsletter.eml"]);
    assert!(hits(&env, "Gdańsk").contains(&"page.mhtml".to_string()));
    assert_eq!(hits(&env, "Tessin"), ["sample.warc.gz"]);
    assert_eq!(hits(&env, "Korvik"), ["sample.warc.gz"]);
    // A newsletter's unsubscribe footer is not its text.
    assert_eq!(hits(&env, "preferences"), Vec::<String>::new());
}

#[test]
fn metadata_of_documents_and_messages() {
    let env = Env::new();
    let (docs, err) = parse(&env, &fixture("mail/newsletter.eml"), &[]);
    assert!(err.is_empty(), "{err}");
    let d = &docs[0];
    // The subject without its list tag; the day as the sender wrote it (23:40 at -05:00 is
    // still the 3rd), the list as the source, the sender as author.
    assert_eq!(d["title"], "Ministers agree on a Baltic grain corridor");
    assert_eq!(&d["date"].as_str().unwrap()[..10], "2026-03-03");
    assert_eq!(d["source"], "Harbour Policy Briefing");
    let (docs, _) = parse(&env, &fixture("pdf/meta.pdf"), &[]);
    assert_eq!(docs[0]["title"], "Coastal States Plan Joint Patrols");
    assert_eq!(docs[0]["date_source"], "metadata");
    let (docs, _) = parse(&env, &fixture("mail/page.mhtml"), &[]);
    assert_eq!(
        docs[0]["url"],
        "https://news.example.com/2026/03/03/baltic-corridor"
    );
    // A WARC page: its address from the capture; its own date first, else the capture's.
    let (docs, err) = parse(&env, &fixture("warc/sample.warc"), &[]);
    assert!(err.is_empty(), "{err}");
    let seen: Vec<(u64, &str, &str)> = docs
        .iter()
        .map(|d| {
            (
                d["record"].as_u64().unwrap(),
                d["url"].as_str().unwrap(),
                d["date_source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                0,
                "https://news.example.org/2024/03/14/water-commission",
                "text"
            ),
            (1, "https://news.example.org/border-talks", "capture"),
            (
                2,
                "https://news.example.org/files/water-commission-statement.pdf",
                "text"
            ),
        ],
        "a redirect, a revisit, a request and the warcinfo are no documents"
    );
}

#[test]
fn broken_files_are_reported_with_their_reason_and_the_run_goes_on() {
    let env = Env::new();
    let dir = news(
        &env,
        &[
            "pdf/article.pdf",
            "pdf/encrypted.pdf",
            "pdf/notext.pdf",
            "pdf/truncated.pdf",
            "office/bomb.docx",
            "office/truncated.docx",
            "mail/not-mail.eml",
            "warc/truncated.warc.gz",
        ],
    );
    std::fs::write(
        dir.join("notes.pdf"),
        "Just some notes, not a PDF at all.\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.mbox"), "Subject: nothing\n\nno From line\n").unwrap();
    let out = env.run(&["index", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for (file, reason) in [
        ("encrypted.pdf", "encrypted PDF"),
        ("notext.pdf", "no text layer (scanned image?)"),
        ("truncated.pdf", "not a readable PDF"),
        ("notes.pdf", "not a readable PDF"),
        ("bomb.docx", "zip bomb"),
        ("truncated.docx", "truncated or damaged zip"),
        ("not-mail.eml", "not an e-mail message"),
        ("empty.mbox", "not an mbox"),
        ("truncated.warc.gz", "truncated WARC record"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(&format!("{file}: {reason}"))),
            "{file}: {reason} not in\n{err}"
        );
    }
    // What could be read is in the archive: the good PDF and the pages before the WARC's
    // damaged record.
    assert_eq!(hits(&env, "Kessel"), ["article.pdf"]);
    assert_eq!(hits(&env, "Tessin"), ["truncated.warc.gz"]);
}

/// A PDF whose one content stream inflates to 400 MB: 400 KB on disk.
fn pdf_bomb() -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..400 {
        z.write_all(&block).unwrap();
    }
    let stream = z.finish().unwrap();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
    ];
    let mut content = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        stream.len()
    )
    .into_bytes();
    content.extend(&stream);
    content.extend(b"\nendstream");
    objects.push(content);
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).bytes());
        pdf.extend(o);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

#[test]
fn a_file_over_its_memory_or_time_budget_is_stopped_and_reported() {
    let env = Env::new();
    let bomb = env.path().join("bomb.pdf");
    std::fs::write(&bomb, pdf_bomb()).unwrap();
    let (docs, err) = parse(&env, &bomb, &["--reader-memory", "128"]);
    assert!(docs.is_empty());
    assert!(
        err.contains("bomb.pdf: needed more than 128 MB of memory: stopped"),
        "{err}"
    );
    // Inflating 400 MB takes the reader ~0.7 s on this machine: stopped at 0.2 s.
    let (docs, err) = parse(&env, &bomb, &["--reader-timeout", "0.2"]);
    assert!(docs.is_empty());
    assert!(
        err.contains("bomb.pdf: reading took longer than 0.2 s: stopped"),
        "{err}"
    );
    // Within its budget the same file reads.
    let (docs, err) = parse(&env, &fixture("pdf/article.pdf"), &[]);
    assert_eq!(docs.len(), 1, "{err}");
}

/// A message with `pdf` attached as `communique.pdf`, and a picture dossier does not read.
fn message_with_attachment(pdf: &[u8]) -> String {
    let b64 = |bytes: &[u8]| {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for c in bytes.chunks(3) {
            let n = c.iter().fold(0u32, |n, b| n << 8 | *b as u32) << (8 * (3 - c.len()));
            for i in 0..4 {
                s.push(if i <= c.len() {
                    A[(n >> (18 - 6 * i) & 63) as usize] as char
                } else {
                    '='
                });
            }
        }
        s.as_bytes()
            .chunks(76)
            .map(|l| String::from_utf8(l.to_vec()).unwrap())
            .collect::<Vec<_>>()
            .join("\r\n")
    };
    format!(
        "From: Ministry Press Office <press@ministry.example.org>\r\n\
         Subject: Fwd: Patrol plan communique\r\n\
         Date: Wed, 4 Mar 2026 09:15:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Please find the communique on the Kessel Strait patrols attached.\r\n\
         --b1\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"communique.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --b1\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"logo.png\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n",
        b64(pdf)
    )
}

#[test]
fn an_attached_pdf_is_a_document_of_its_own() {
    let env = Env::new();
    let pdf = std::fs::read(fixture("pdf/article.pdf")).unwrap();
    let mail = env.write("news/press.eml", &message_with_attachment(&pdf));
    let (docs, err) = parse(&env, &mail, &[]);
    assert!(err.is_empty(), "{err}");
    let got: Vec<(u64, &str)> = docs
        .iter()
        .map(|d| (d["record"].as_u64().unwrap(), d["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (0, "Patrol plan communique"),
            (
                (1 << 31) + 1,
                "Ministers agree on a shared patrol plan for the Kessel Strait"
            )
        ]
    );
    // The attachment has the message's sender as its source and the sending day as its date.
    assert_eq!(docs[1]["source"], "Ministry Press Office");
    assert_eq!(&docs[1]["date"].as_str().unwrap()[..10], "2026-03-04");
}

#[test]
fn mbox_records_keep_their_ids_and_a_big_one_is_streamed_with_the_same_result() {
    let env = Env::new();
    let dir = news(&env, &["mail/three.mbox"]);
    let one = std::fs::read_to_string(fixture("mail/three.mbox")).unwrap();
    // Messages of an mbox are separated by a blank line before each `From ` line.
    std::fs::write(dir.join("big.mbox"), format!("{one}\n").repeat(400)).unwrap();
    let ids = |extra: &[&str]| {
        let (docs, err) = parse(&env, &dir.join("big.mbox"), extra);
        assert!(err.is_empty(), "{err}");
        docs.iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().to_string(),
                    d["record"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let whole = ids(&[]);
    assert_eq!(whole.len(), 1200);
    assert_eq!(whole[1199].1, 1199);
    // The same file above the streaming threshold (here 1 MB): the same documents, the same ids.
    let mut streamed = env.cmd(&[
        "parse",
        dir.join("big.mbox").to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    let out = streamed.env("DOSSIER_STREAM_MB", "0").output().unwrap();
    let docs = ndjson(&String::from_utf8(out.stdout).unwrap());
    let streamed: Vec<_> = docs
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["record"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(streamed, whole);
    // Indexed as a stream, then again unchanged: nothing is re-read.
    let mut index = env.cmd(&["index", dir.to_str().unwrap()]);
    let out = index.env("DOSSIER_STREAM_MB", "0").output().unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("added 2,"), "{text}");
    let again = env.run(&["index", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&again.stderr);
    assert!(text.contains("unchanged 2"), "{text}");
    assert_eq!(hits(&env, "tankers").len(), 401);
    // The 400 repeats of the message streamed in are copies of the one in three.mbox.
    let collapsed = ndjson(&env.ok(&["search", "tankers", "--format", "ndjson"]));
    assert_eq!(collapsed.len(), 1);
    assert_eq!(collapsed[0]["copies"], 400);
}

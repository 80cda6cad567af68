//! Fuzz target: a whole file through `ingest::parse_bytes` (gunzip, sniff, decode, the reader,
//! the documents inside containers,
//! then normalize: dates, language, entities). The first byte picks the file's extension, the
//! rest is its content; the path carries a date folder so path dates are exercised too. Each
//! document is then turned into the tantivy document the archive would write (dates, entity
//! columns), in an in-memory archive built once.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use dossier::archive::Archive;
use dossier::ingest::{parse_bytes, Fingerprint, SourceFile};
use libfuzzer_sys::fuzz_target;

static ARCHIVE: LazyLock<Archive> =
    LazyLock::new(|| Archive::in_memory().expect("an in-memory archive"));

// The documents' readers (PDF, Office, EPUB, mail, MHTML, WARC) run in-process here: no
// worker process, so a file that exhausts memory or loops shows up as libFuzzer's OOM or
// timeout, which is what the worker's budget guards against in the binary.
const EXTENSIONS: [&str; 19] = [
    "txt", "md", "html", "json", "jsonl", "rss", "atom", "xml", "txt.gz", "json.gz", "pdf",
    "docx", "odt", "epub", "eml", "mbox", "mhtml", "warc", "warc.gz",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[pick as usize % EXTENSIONS.len()];
    let file = SourceFile {
        path: PathBuf::from(format!("news/2025/12/16/article.{ext}")),
        key: format!("news/2025/12/16/article.{ext}"),
        size: content.len() as u64,
        mtime_ns: 1_765_000_000_000_000_000,
    };
    if let Ok(parsed) = parse_bytes(&file, content) {
        let fp = Fingerprint::of(content, file.mtime_ns);
        for doc in &parsed.docs {
            let like = dossier::archive::stories::similar::Likeness::of(&doc.title, &doc.body);
            let t = ARCHIVE.fields().to_tantivy(doc, "news", &fp, &like);
            let _ = ARCHIVE.fields().from_tantivy(&t);
        }
    }
});

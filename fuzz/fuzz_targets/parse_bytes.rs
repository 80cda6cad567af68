//! Fuzz target: a whole file through `ingest::parse_bytes` (gunzip, sniff, decode, the reader,
//! then normalize: dates, language, entities). The first byte picks the file's extension, the
//! rest is its content; the path carries a date folder so path dates are exercised too.
#![no_main]

use std::path::PathBuf;

use dossier::ingest::{parse_bytes, SourceFile};
use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 10] = [
    "txt", "md", "html", "json", "jsonl", "rss", "atom", "xml", "txt.gz", "json.gz",
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
    let _ = parse_bytes(&file, content);
});

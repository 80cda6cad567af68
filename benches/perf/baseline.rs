//! The bare tantivy baseline: what tantivy alone costs on the same documents, so dossier's
//! ingest can be stated as a ratio to it.
//!
//! The files are parsed with the library first (untimed) and converted with the crate's own
//! schema and conversion (`dossier::archive::schema`), so the indexed fields, stored values and
//! tokenizers are exactly the archive's. Timed: one feeding thread calling `add_document`, two
//! indexing threads sharing the archive's writer budget (`writer::DEFAULT_MEMORY`), one commit,
//! and the merges that commit starts (dossier's `index` waits for those too before it exits).

use std::path::Path;
use std::time::{Duration, Instant};

use dossier::archive::stories::similar::Likeness;
use dossier::archive::{schema, writer, Fields};
use dossier::ingest::{self, walk};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};
use tantivy::{Index, TantivyDocument};

/// Parse every file below `news` with the library and convert it to tantivy documents.
pub fn prepare(news: &Path) -> Vec<TantivyDocument> {
    let root = walk::absolute(news);
    let root_str = root.to_string_lossy().into_owned();
    let (files, _) = walk::walk(&root);
    let fields = Fields::of(&schema::build()).expect("fields");
    use rayon::prelude::*;
    files
        .par_iter()
        .flat_map_iter(|f| {
            // The generated corpus is text, read whole (never streamed).
            let (bytes, fp) = ingest::read_file(f).expect("read");
            let bytes = bytes.expect("a small file is read whole");
            let parsed = ingest::parse_bytes(f, &bytes).expect("parse");
            parsed
                .docs
                .iter()
                .map(|d| {
                    // With its band keys, as the archive stores it.
                    let like = Likeness::of(&d.title, &d.body);
                    fields.to_tantivy(d, &root_str, &fp, &like)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Index `docs` into a new index in `dir`; `stem` false swaps the body/title tokenizer for
/// tantivy's default (no stemming), the issue's ~23 MB/s reference. `docs` is moved in, so the
/// timed loop copies nothing.
pub fn index(docs: Vec<TantivyDocument>, dir: &Path, stem: bool) -> Duration {
    std::fs::create_dir_all(dir).expect("mkdir");
    // The archive's own settings (zstd document store), so only the ingest work differs.
    let idx = Index::builder()
        .schema(schema::build())
        .settings(schema::settings())
        .create_in_dir(dir)
        .expect("create index");
    schema::register_tokenizers(&idx);
    if !stem {
        idx.tokenizers().register(
            schema::TEXT,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .build(),
        );
    }
    let t = Instant::now();
    let mut w = idx
        .writer_with_num_threads::<TantivyDocument>(2, writer::DEFAULT_MEMORY)
        .expect("writer");
    for d in docs {
        w.add_document(d).expect("add");
    }
    w.commit().expect("commit");
    w.wait_merging_threads().expect("merge");
    t.elapsed()
}

//! Benchmark of the text analyzer (`schema::TEXT`: words and CJK bigrams, spellings and accents
//! folded, English stemming) against tantivy's `en_stem`, which it replaced, over the same
//! generated English news text, one thread: the cost of the CJK tokenizer and the folding
//! filters on the archive's common case. Also the analyzer alone on Japanese text.
//!
//!     cargo bench --bench analyzer
//!
//! Each figure is the best of `REPEATS` passes (other work on the machine only adds noise).

use std::time::{Duration, Instant};

use dossier::archive::schema;
use tantivy::schema::Schema;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

const REPEATS: usize = 7;

const ENGLISH: &str = "Foreign ministers of the Group of Seven met in Charlevoix on Tuesday to \
discuss a ceasefire in Ukraine, security guarantees and the use of frozen Russian assets. \
Italy's Antonio Tajani said the talks had been \"constructive\", while officials in Kyiv \
welcomed the statement. The meeting, which ran for 3 hours, ended with a joint communique \
on sanctions, energy infrastructure and drones. ";
const JAPANESE: &str = "外務省は7日、東京で各国の大使と会談し、ウクライナの復興支援について\
協議したと発表した。会談では、エネルギー施設の修復と地雷除去への協力が主な議題となった。";

fn tokens_per_pass(analyzer: &mut TextAnalyzer, text: &str) -> (usize, Duration) {
    let mut best = Duration::MAX;
    let mut count = 0;
    for _ in 0..REPEATS {
        let t = Instant::now();
        let mut stream = analyzer.token_stream(text);
        count = 0;
        while stream.advance() {
            count += stream.token().text.len() & 1;
        }
        best = best.min(t.elapsed());
    }
    (count, best)
}

fn main() {
    let index = Index::create_in_ram(Schema::builder().build());
    schema::register_tokenizers(&index);
    let english = ENGLISH.repeat(20_000);
    let japanese = JAPANESE.repeat(20_000);
    println!("text analyzer benchmark, one thread, 2 cores on the machine");
    println!("| analyzer | text | MB | MB/s |");
    println!("|---|---|---:|---:|");
    for (name, label, input) in [
        ("en_stem", "English", &english),
        (schema::TEXT, "English", &english),
        (schema::TEXT, "Japanese", &japanese),
    ] {
        let mut analyzer = index.tokenizers().get(name).expect("analyzer");
        let (_, d) = tokens_per_pass(&mut analyzer, input);
        println!(
            "| {name} | {label} | {:.1} | {:.1} |",
            input.len() as f64 / 1e6,
            input.len() as f64 / 1e6 / d.as_secs_f64()
        );
    }
}

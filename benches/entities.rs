//! Benchmark of entity extraction's share of ingest time, in process, one thread: over generated
//! articles (wire stories with datelines, web pages with a place line and view counter, plain
//! prose; 1.5-6 KB, written here from templates, no third-party text), the per-document time of
//! the library's parse path (`ingest::parse_bytes`: decoding, format reading, boilerplate,
//! dates, language, entities) and of `entities::extract` alone on the same titles and bodies.
//!
//!     cargo bench --bench entities
//!     DOSSIER_BENCH_DOCS=5000 cargo bench --bench entities
//!
//! The goal (issue 5) is that entities add at most 30% to the rest of ingest. Each figure is
//! the best of `REPEATS` passes: other work on the machine only adds noise upward.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dossier::ingest::{self, entities, SourceFile};

const REPEATS: usize = 5;

const COUNTRIES: [&str; 14] = [
    "Italy", "Ukraine", "France", "Poland", "Japan", "Brazil", "Egypt", "Canada", "India",
    "Turkey", "Germany", "Kenya", "Georgia", "Jordan",
];
const DATELINES: [&str; 8] = [
    "ROME",
    "KYIV",
    "PARIS",
    "WARSAW",
    "TOKYO",
    "CAIRO",
    "DENVER, Colo.",
    "NEW YORK",
];
const PEOPLE: [&str; 8] = [
    "Prime Minister Giorgia Meloni",
    "President Volodymyr Zelensky",
    "Foreign Minister Antonio Tajani",
    "Chancellor Friedrich Merz",
    "Dr. Maria Keller, the agency's chief economist,",
    "Mr. John Hartley",
    "Secretary of State Marco Rubio",
    "Ambassador Ana Torres",
];
const ORGS: [&str; 8] = [
    "NATO",
    "the European Union",
    "the IMF",
    "the World Bank",
    "OPEC",
    "the Bank of England",
    "ASEAN",
    "the G7",
];
const TOPICS: [&str; 6] = ["energy", "trade", "security", "grain", "debt", "climate"];

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_DOCS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let docs = generate(n, 7);
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    ingest::warm_up();

    let mut parsed = Vec::new();
    let ingest_time = best(|| {
        parsed.clear();
        for (file, text) in &docs {
            let p = ingest::parse_bytes(file, text.as_bytes()).expect("generated article parses");
            parsed.extend(p.docs);
        }
    });
    let inputs: Vec<(String, String, Option<String>, Option<String>)> = parsed
        .iter()
        .map(|d| {
            let place = d.body.split([',', ' ']).next().map(str::to_string);
            (d.title.clone(), d.body.clone(), place, d.language.clone())
        })
        .collect();
    let mut found = 0;
    let entity_time = best(|| {
        found = 0;
        for (title, body, place, lang) in &inputs {
            let hints: Vec<&str> = place.iter().map(String::as_str).collect();
            let e = entities::extract(title, body, &hints, lang.as_deref());
            found += e.mentions.len();
        }
    });
    // The automaton scan alone: the part of extraction that grows with the gazetteer.
    let mut hits = 0;
    let scan_time = best(|| {
        hits = 0;
        for (title, body, _, _) in &inputs {
            hits += entities::gazetteer::ENGLISH
                .find(&format!("{title}\n\n{body}"))
                .len();
        }
    });
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    let rest = ingest_time.saturating_sub(entity_time);
    println!(
        "entities benchmark, {n} generated articles ({:.1} KB mean), one thread, {} cores on the machine",
        bytes as f64 / n as f64 / 1024.0,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| per document | µs |");
    println!("|---|---:|");
    println!(
        "| ingest (parse_bytes, entities included) | {:.1} |",
        per(ingest_time)
    );
    println!("| entities::extract alone | {:.1} |", per(entity_time));
    println!("| ingest without entities | {:.1} |", per(rest));
    println!(
        "| extract's gazetteer scan alone ({hits} hits) | {:.1} |",
        per(scan_time)
    );
    println!(
        "entity share of ingest time: {:.1}%; entities add {:.1}% to the rest of ingest ({found} mentions found)",
        100.0 * entity_time.as_secs_f64() / ingest_time.as_secs_f64(),
        100.0 * entity_time.as_secs_f64() / rest.as_secs_f64().max(1e-9),
    );
}

/// Best wall time of `REPEATS` runs of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..REPEATS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// `n` articles in three shapes, from a fixed seed so runs compare.
fn generate(n: usize, seed: u64) -> Vec<(SourceFile, String)> {
    let mut x = seed.wrapping_mul(6364136223846793005) | 1;
    let mut next = move |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let (a, b) = (COUNTRIES[next(14)], COUNTRIES[next(14)]);
            let topic = TOPICS[next(6)];
            let day = 1 + next(28);
            let dateline = DATELINES[next(8)];
            let mut text = match i % 3 {
                0 => format!(
                    "{} AND {} OPEN {} TALKS\n{day}-MAR-2026 15:01:01\n\n{dateline}, March {day} - ",
                    a.to_uppercase(),
                    b.to_uppercase(),
                    topic.to_uppercase()
                ),
                1 => format!(
                    " date 2026-03-{day:02} $42.420.13\n{a} and {b} open {topic} talks\n\n\
                     {} • UNN\n\n • 30 views\n\n",
                    dateline.split(',').next().unwrap()
                ),
                _ => format!("{a} and {b} open {topic} talks\n\nMarch {day}, 2026\n\n"),
            };
            for p in 0..3 + next(8) {
                text.push_str(&format!(
                    "{} said on Tuesday that {a} and {b} would deepen {topic} cooperation, and \
                     that {} would review the plan. Officials from both sides called the talks \
                     constructive; Italians and Canadians in the delegation agreed, and traders \
                     in London and New York watched the {topic} markets (paragraph {p}).\n\n",
                    PEOPLE[next(8)],
                    ORGS[next(8)],
                ));
            }
            if i % 3 == 0 {
                text.push_str("Reuter\n");
            }
            let key = format!("bench/2026/03/{i:06}.txt");
            let file = SourceFile {
                path: PathBuf::from(&key),
                key,
                size: text.len() as u64,
                mtime_ns: 1_772_000_000_000_000_000,
            };
            (file, text)
        })
        .collect()
}

//! Benchmark of `dossier index` updates, whole process (the release binary, as users run it):
//! for archives of 10,000 and 100,000 generated article files, the time of a full ingest, of a
//! no-op re-run, and of a re-run after adding 1% new files.
//!
//!     cargo bench --bench incremental                       # 10k and 100k
//!     DOSSIER_BENCH_SIZES=10000 cargo bench --bench incremental
//!
//! Files are generated from a fixed seed into a temporary folder (1-3 KB each: headline, date
//! line, dateline, paragraphs naming countries, people and organisations), so runs compare.
//! Each timing is the best of `REPEATS` runs: the machine's other work only adds noise upward.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const REPEATS: usize = 3;

fn main() {
    let sizes: Vec<usize> = std::env::var("DOSSIER_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let bin = env!("CARGO_BIN_EXE_dossier");
    println!(
        "dossier index, whole process, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| files | raw MB | full ingest | files/s | no-op re-run | +1% re-run | +1% / full |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let news = dir.path().join("news");
        let bytes = generate(&news, 0, n, 42);
        let index = dir.path().join("index");
        let full = time(bin, &index, &["index", news.to_str().unwrap()]);
        let noop = (0..REPEATS)
            .map(|_| time(bin, &index, &["index"]))
            .min()
            .unwrap();
        let extra = n / 100;
        let mut plus = Duration::MAX;
        for r in 0..REPEATS {
            generate(
                &news.join(format!("new{r}")),
                n + r * extra,
                extra,
                1000 + r as u64,
            );
            plus = plus.min(time(bin, &index, &["index"]));
        }
        println!(
            "| {n} | {:.1} | {:.2} s | {:.0} | {:.3} s | {:.3} s | {:.1}% |",
            bytes as f64 / 1e6,
            full.as_secs_f64(),
            n as f64 / full.as_secs_f64(),
            noop.as_secs_f64(),
            plus.as_secs_f64(),
            100.0 * plus.as_secs_f64() / full.as_secs_f64(),
        );
    }
}

fn time(bin: &str, index: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = Command::new(bin)
        .arg("--index")
        .arg(index)
        .args(args)
        .arg("-q")
        .output()
        .expect("run dossier");
    let took = t.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

const COUNTRIES: [&str; 12] = [
    "Italy", "Ukraine", "France", "Poland", "Japan", "Brazil", "Egypt", "Canada", "India",
    "Turkey", "Germany", "Kenya",
];
const CAPITALS: [&str; 6] = ["ROME", "KYIV", "PARIS", "WARSAW", "TOKYO", "CAIRO"];
const PEOPLE: [&str; 6] = [
    "Prime Minister Giorgia Meloni",
    "President Volodymyr Zelensky",
    "Foreign Minister Antonio Tajani",
    "President Emmanuel Macron",
    "Chancellor Friedrich Merz",
    "Secretary of State Marco Rubio",
];
const ORGS: [&str; 5] = [
    "NATO",
    "the European Union",
    "the IMF",
    "the United Nations",
    "the G7",
];
const TOPICS: [&str; 6] = ["energy", "trade", "security", "grain", "debt", "climate"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Write `n` articles numbered from `first` below `dir`; returns the bytes written.
fn generate(dir: &Path, first: usize, n: usize, seed: u64) -> usize {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        | 1;
    let mut next = move |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    let mut total = 0;
    for i in first..first + n {
        let (a, b) = (COUNTRIES[next(12)], COUNTRIES[next(12)]);
        let topic = TOPICS[next(6)];
        let (year, month, day) = (2020 + next(7), next(12), 1 + next(28));
        let mut text =
            format!(
            "{a} and {b} open {topic} talks ({i})\n\n{} {day}, {year}\n\n{}, {} {day} (Reuters) - ",
            MONTHS[month], CAPITALS[next(6)], MONTHS[month]
        );
        for p in 0..2 + next(5) {
            text.push_str(&format!(
                "{} said on {} that {a} and {b} would deepen {topic} cooperation, and that {} would \
                 review the plan at its next meeting. Officials from both sides described the talks \
                 as constructive, adding that a joint statement on {topic} was expected soon. \
                 Paragraph {p} of report {i}.\n\n",
                PEOPLE[next(6)],
                ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][next(5)],
                ORGS[next(5)],
            ));
        }
        let path = dir.join(format!("{year}/{:02}/{i:07}.txt", month + 1));
        std::fs::create_dir_all(path.parent().unwrap()).expect("mkdir");
        std::fs::write(&path, &text).expect("write");
        total += text.len();
    }
    total
}

//! The benchmark corpus: article files of realistic shape, generated from a fixed seed so every
//! run (and every machine) indexes the same bytes.
//!
//! Each file is 2-6 KB of plain text in the wire layout the text reader recognises (headline,
//! date line, `CITY, Month D (Reuters) - ` dateline, paragraphs). The names in it are the
//! project's own gazetteer entries (`src/ingest/entities/data/*.tsv`, read at bench time), so
//! entity tagging does the work it does on real news, and the country filter of the query mix
//! has matches.

use std::path::Path;

/// Where the gazetteer files live: read at run time, never copied into the harness.
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ingest/entities/data");

/// A small deterministic PRNG (SplitMix64): no dependency, identical output everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Skewed towards the front of `0..n` (news names a few countries and people far more
    /// often than the rest): the cube of a uniform number puts half the picks in the first 12%.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize
    }

    pub fn pick<'a, T: AsRef<str>>(&mut self, items: &'a [T]) -> &'a str {
        items[self.below(items.len())].as_ref()
    }
}

/// Names read from the gazetteer: what the articles talk about.
pub struct Names {
    countries: Vec<String>,
    /// (name, role)
    people: Vec<(String, String)>,
    orgs: Vec<String>,
    /// Capitals, upper-cased as datelines write them.
    capitals: Vec<String>,
    /// Lower-case words of the templates, offices and organisation names (~1,500): one
    /// sentence of them per paragraph keeps the text from being 30 sentences repeated, which
    /// would compress (and index) unrealistically well.
    words: Vec<String>,
}

impl Names {
    pub fn load() -> Names {
        let rows = |file: &str| -> Vec<Vec<String>> {
            let path = format!("{DATA}/{file}");
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect()
        };
        let mut rng = Rng::new(7);
        // Shuffle once (fixed seed) so the skewed picks do not favour the alphabet's start.
        let mut shuffle = |mut v: Vec<Vec<String>>| {
            for i in (1..v.len()).rev() {
                v.swap(i, rng.below(i + 1));
            }
            v
        };
        let countries = shuffle(rows("countries.tsv"));
        let people = shuffle(rows("people.tsv"));
        let orgs = shuffle(rows("orgs.tsv"));
        let places = rows("places.tsv");
        let mut words: Vec<String> = SENTENCES
            .iter()
            .map(|s| s.to_string())
            .chain(people.iter().filter_map(|r| r.get(2).cloned()))
            .chain(orgs.iter().map(|r| r[0].clone()))
            .flat_map(|s| {
                s.split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.len() >= 4)
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        words.sort();
        words.dedup();
        Names {
            words,
            countries: countries.iter().map(|r| r[1].clone()).collect(),
            people: people
                .iter()
                .map(|r| (r[0].clone(), r.get(2).cloned().unwrap_or_default()))
                .collect(),
            orgs: orgs
                .iter()
                .filter(|r| r.get(1).map(String::as_str) == Some("org"))
                .map(|r| r[0].clone())
                .collect(),
            capitals: places
                .iter()
                .filter(|r| r.get(2).map(String::as_str) == Some("capital"))
                .map(|r| r[0].to_uppercase())
                .collect(),
        }
    }
}

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
const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TOPICS: [&str; 16] = [
    "sanctions",
    "trade",
    "energy",
    "security",
    "grain",
    "debt",
    "climate",
    "migration",
    "ceasefire",
    "tariffs",
    "defence",
    "elections",
    "nuclear",
    "aid",
    "investment",
    "border",
];
/// Sentence templates: `{P}` person (with role), `{A}`/`{B}` countries, `{O}` organisation,
/// `{T}` topic, `{D}` weekday, `{N}` a number. About 30 shapes keep the vocabulary varied.
const SENTENCES: [&str; 30] = [
    "{P} said on {D} that {A} and {B} would deepen {T} cooperation.",
    "Officials from both sides described the talks as constructive, adding that a joint statement on {T} was expected soon.",
    "{O} will review the plan at its next meeting, according to a draft seen by reporters.",
    "The agreement covers {N} projects worth an estimated {N} billion dollars over five years.",
    "{A} has long argued that {T} must not be separated from questions of regional stability.",
    "Critics in {B} said the deal offered too little, too late, and called for a parliamentary vote.",
    "\"We are ready to work with every partner who respects our sovereignty,\" {P} told a news conference.",
    "Diplomats said the dispute over {T} had delayed the summit by at least {N} weeks.",
    "Markets reacted calmly, with the currency little changed and bond yields down {N} basis points.",
    "{O} estimated that {N} percent of the population would be affected by the new measures.",
    "The foreign ministry in {A} summoned the ambassador of {B} to protest against the remarks.",
    "Analysts expect negotiations on {T} to resume after the holiday, although no date has been set.",
    "{P} is due to travel to {B} later this month for talks with counterparts from {O}.",
    "A spokesperson declined to comment on reports that the sides were close to a compromise.",
    "The opposition accused the government of {A} of mishandling the {T} crisis for months.",
    "Humanitarian groups warned that {N} thousand people remained without shelter near the border.",
    "Under the proposal, {A} would cut duties on {N} categories of goods imported from {B}.",
    "Lawmakers approved the package by {N} votes to {N}, ending weeks of uncertainty.",
    "{O} said in a statement that it welcomed the progress but urged both parties to keep talking.",
    "The ministry of defence said it had intercepted {N} drones overnight and that nobody was hurt.",
    "Energy prices rose {N} percent after the announcement, the steepest increase since the spring.",
    "Previous rounds of talks on {T} collapsed over verification and the sequencing of concessions.",
    "{P} added that {A} would not accept conditions imposed from outside.",
    "The central bank of {B} left interest rates unchanged at {N} percent, citing uncertainty over {T}.",
    "Negotiators worked through the night on the wording of the final communique.",
    "Observers from {O} are expected to monitor the implementation of the agreement.",
    "Farmers protested in the capital of {A}, blocking roads with tractors for a second day.",
    "The envoy said the humanitarian corridor would reopen once security guarantees were in place.",
    "Several European governments signalled support, while {B} remained sceptical about {T}.",
    "It was not immediately clear whether the measures would require approval from {O}.",
];

/// One article of 2-6 KB; returns (relative path, text).
fn article(names: &Names, rng: &mut Rng, i: usize) -> (String, String) {
    let a = &names.countries[rng.skewed(names.countries.len())];
    let b = &names.countries[rng.skewed(names.countries.len())];
    let topic = rng.pick(&TOPICS);
    let (year, month, day) = (2018 + rng.below(8), rng.below(12), 1 + rng.below(28));
    let target = 2000 + rng.below(4000);
    let mut text = format!(
        "{a} and {b} hold {topic} talks as {} {} ({i})\n\n{} {day}, {year}\n\n{}, {} {day} (Reuters) - ",
        names.orgs[rng.skewed(names.orgs.len())],
        rng.pick(&["weighs options", "meets", "presses ahead", "faces deadline"]),
        MONTHS[month],
        names.capitals[rng.below(names.capitals.len())],
        MONTHS[month],
    );
    while text.len() < target {
        for _ in 0..3 + rng.below(4) {
            let template = rng.pick(&SENTENCES);
            let mut s = String::with_capacity(template.len() + 40);
            let mut rest = template;
            while let Some(open) = rest.find('{') {
                s.push_str(&rest[..open]);
                let slot = &rest[open + 1..open + 2];
                match slot {
                    "P" => {
                        let (name, role) = &names.people[rng.skewed(names.people.len())];
                        let role = role.split(" (").next().unwrap_or_default();
                        if role.is_empty() {
                            s.push_str(name);
                        } else {
                            s.push_str(&format!("{role} {name}"));
                        }
                    }
                    "A" => s.push_str(a),
                    "B" => s.push_str(b),
                    "O" => s.push_str(&names.orgs[rng.skewed(names.orgs.len())]),
                    "T" => s.push_str(topic),
                    "D" => s.push_str(rng.pick(&DAYS)),
                    _ => s.push_str(&(2 + rng.below(998)).to_string()),
                }
                rest = &rest[open + 3..];
            }
            s.push_str(rest);
            text.push_str(&s);
            text.push(' ');
        }
        let len = 8 + rng.below(12);
        for k in 0..len {
            let w = &names.words[rng.below(names.words.len())];
            if k == 0 {
                let mut c = w.chars();
                text.extend(c.next().map(|c| c.to_ascii_uppercase()));
                text.push_str(c.as_str());
            } else {
                text.push_str(w);
            }
            text.push_str(if k + 1 == len { "." } else { " " });
        }
        text.push_str("\n\n");
    }
    let path = format!("{year}/{:02}/{i:07}.txt", month + 1);
    (path, text)
}

/// Write `n` articles numbered from `first` below `dir`; returns the bytes written.
///
/// `aged`: each file gets the mtime of its month folder (`YYYY/MM`, the middle of the month)
/// and each folder the end of its month, as in a folder filled over the years; new arrivals
/// (`aged` false) are written now. A re-run's cost depends on it: dossier stats every run the
/// files changed in the last week, and trusts old folders whose entries did not change.
pub fn generate(names: &Names, dir: &Path, first: usize, n: usize, seed: u64) -> u64 {
    generate_dated(names, dir, first, n, seed, false)
}

pub fn generate_dated(
    names: &Names,
    dir: &Path,
    first: usize,
    n: usize,
    seed: u64,
    aged: bool,
) -> u64 {
    use std::io::Write;
    let mut rng = Rng::new(seed);
    let mut total = 0u64;
    let mut folders = std::collections::BTreeSet::new();
    for i in first..first + n {
        let (rel, text) = article(names, &mut rng, i);
        let path = dir.join(&rel);
        let parent = path.parent().expect("parent").to_path_buf();
        if folders.insert(parent.clone()) {
            std::fs::create_dir_all(&parent).expect("mkdir");
        }
        let mut f = std::fs::File::create(&path).expect("write");
        f.write_all(text.as_bytes()).expect("write");
        if aged {
            f.set_modified(month_time(&rel, 15)).expect("mtime");
        }
        total += text.len() as u64;
    }
    if aged {
        // Deepest first: setting a folder's time after its children were written.
        for folder in folders.iter().rev() {
            let rel = folder.strip_prefix(dir).unwrap_or(folder).to_string_lossy();
            let when = month_time(&format!("{rel}/x"), 28);
            let f = std::fs::File::open(folder).expect("folder");
            f.set_modified(when).expect("folder mtime");
            if let Some(year) = folder.parent().filter(|p| p != &dir) {
                let _ = std::fs::File::open(year).and_then(|f| f.set_modified(when));
            }
        }
    }
    total
}

/// Noon UTC on `day` of the month of a `YYYY/MM/...` path.
fn month_time(rel: &str, day: u32) -> std::time::SystemTime {
    let mut parts = rel.split('/');
    let year: i32 = parts.next().and_then(|y| y.parse().ok()).unwrap_or(2020);
    let month: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(1);
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    let secs = date
        .and_hms_opt(12, 0, 0)
        .expect("noon")
        .and_utc()
        .timestamp();
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64)
}

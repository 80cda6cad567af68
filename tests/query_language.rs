//! README's "Query language" table, executed: every `dossier ...` example in it runs, through a
//! shell as a user would paste it, against a fresh archive of the sample articles, and must find
//! exactly the documents listed here (or fail with the error the table shows). An example added
//! to the README without an expectation here, or an expectation whose example left the README,
//! fails the test, so the documentation cannot drift from what dossier does.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{copy_dir, fixtures, Env};

/// What an example must do.
enum Expect {
    /// Exactly these documents (paths below the sample archive), in any order.
    Finds(&'static [&'static str]),
    /// These documents in this order (examples that sort).
    InOrder(&'static [&'static str]),
    /// Exit status 2 with this message on stderr.
    Fails(&'static str),
}
use Expect::*;

const MELONI_UNN: &str = "unn/meloni-ceasefire-monitoring-no-italian-soldiers.txt";
const MELONI_ROME: &str = "ukrinform/meloni-zelensky-rome-palazzo-chigi.txt";
const TAJANI_KYIV: &str = "ukrinform/tajani-kyiv-visit-energy-equipment.txt";
const TAJANI_RUBIO: &str = "ansa/tajani-rubio-phone-call-ukraine-lebanon.txt";
const CHARLEVOIX: &str = "features/g7-foreign-ministers-charlevoix-ceasefire.md";
const WEIMAR: &str = "prose/weimar-triangle-ministers-warsaw.txt";
const PACT: &str = "web/2024/02/24/italy-ukraine-security-pact-signed-kyiv.txt";
const DOHA: &str = "web/2025/01/16/gaza-ceasefire-announced-doha.txt";
const SHARM: &str = "prose/sharm-el-sheikh-summit-gaza-ceasefire.txt";
const VILNIUS: &str = "2023/07/12/nato-ukraine-council-first-meeting-vilnius.txt";
const BLETCHLEY: &str = "2023/2023-11-02-bletchley-ai-safety-summit-closes.txt";
const TBILISI: &str = "prose/tbilisi-forum-middle-corridor-transit.txt";
const GRID: &str = "ansa/rome-kyiv-energy-grid-memorandum.txt";
const APULIA: &str = "g7/g7-apulia-loan-for-ukraine-russian-assets.txt";
const WASHINGTON: &str = "prose/nato-leaders-washington-75th-anniversary-summit.txt";
const IMF: &str = "unn/ukraine-imf-staff-level-agreement.txt";
/// Undated in its text and path: dated by its file's mtime, i.e. today in a fresh copy.
const GENEVA: &str = "misc/switzerland-offers-geneva-humanitarian-talks.txt";
const ITALY: &[&str] = &[
    GRID,
    TAJANI_KYIV,
    MELONI_UNN,
    TAJANI_RUBIO,
    MELONI_ROME,
    BLETCHLEY,
    WASHINGTON,
    "wire/10588.txt",
    APULIA,
    SHARM,
    PACT,
    CHARLEVOIX,
    VILNIUS,
];

fn expectations() -> BTreeMap<&'static str, Expect> {
    BTreeMap::from([
        (
            "dossier search 'troops Meloni'",
            Finds(&[MELONI_ROME, MELONI_UNN, TAJANI_KYIV]),
        ),
        (
            "dossier search 'troop'",
            Finds(&[MELONI_UNN, TAJANI_RUBIO, MELONI_ROME, TAJANI_KYIV]),
        ),
        (
            "dossier search '\"security guarantees\"'",
            Finds(&[MELONI_ROME, TAJANI_KYIV, MELONI_UNN, CHARLEVOIX, PACT]),
        ),
        (
            "dossier search 'Doha OR Amman'",
            Finds(&[DOHA, "wire/10907.txt"]),
        ),
        (
            "dossier search 'ceasefire NOT Gaza'",
            Finds(&[CHARLEVOIX, MELONI_UNN, WEIMAR, TAJANI_RUBIO]),
        ),
        (
            "dossier search 'ceasefire -Gaza'",
            Finds(&[CHARLEVOIX, MELONI_UNN, WEIMAR, TAJANI_RUBIO]),
        ),
        (
            "dossier search '(Italy OR France) AND troops'",
            Finds(&[MELONI_UNN, TAJANI_KYIV, MELONI_ROME, TAJANI_RUBIO]),
        ),
        (
            "dossier search '*' --sort oldest --limit 3",
            InOrder(&[VILNIUS, TBILISI, BLETCHLEY]),
        ),
        (
            "dossier search 'title:ceasefire'",
            Finds(&[SHARM, CHARLEVOIX, MELONI_UNN, DOHA]),
        ),
        ("dossier search 'body:Kananaskis'", Finds(&[CHARLEVOIX])),
        (
            "dossier search 'source:Reuters ceasefire'",
            Finds(&[WEIMAR]),
        ),
        ("dossier search 'author:Hollis'", Finds(&[CHARLEVOIX])),
        ("dossier search 'lang:en Charlevoix'", Finds(&[CHARLEVOIX])),
        ("dossier search 'country:IT'", Finds(ITALY)),
        ("dossier search 'country:Italy'", Finds(ITALY)),
        ("dossier search 'country:Italian'", Finds(ITALY)),
        (
            "dossier search 'ceasefire -country:PS'",
            Finds(&[CHARLEVOIX, MELONI_UNN, WEIMAR, TAJANI_RUBIO]),
        ),
        (
            "dossier search 'person:Zelenskyy'",
            Finds(&[
                GRID,
                MELONI_ROME,
                MELONI_UNN,
                WASHINGTON,
                "reuters-site/eu-18th-sanctions-package-slovakia.txt",
                TAJANI_KYIV,
                "wire/10412.txt",
                VILNIUS,
                APULIA,
                PACT,
            ]),
        ),
        (
            "dossier search 'org:\"European Union\" country:HU'",
            Finds(&["wire/10588.txt", TBILISI]),
        ),
        (
            "dossier search 'person:\"Volodymyr Zelensky\" place:Rome'",
            Finds(&[GRID, TAJANI_KYIV, MELONI_ROME, MELONI_UNN, PACT]),
        ),
        (
            "dossier search 'date:2024'",
            Finds(&[
                "2024/03/15/rosatom-iaea-zaporizhzhia-contacts.txt",
                APULIA,
                WASHINGTON,
                PACT,
                "web/2024/11/19/g20-rio-leaders-declaration-hunger.txt",
                "wire/10733.txt",
            ]),
        ),
        (
            "dossier search 'ceasefire date:2025-01..2025-03'",
            Finds(&[CHARLEVOIX, DOHA]),
        ),
        (
            "dossier search 'date:..2023-12-31'",
            Finds(&[VILNIUS, BLETCHLEY, TBILISI]),
        ),
        (
            "dossier search 'date:2025-10-13..'",
            Finds(&[
                TAJANI_RUBIO,
                GENEVA,
                SHARM,
                MELONI_ROME,
                TAJANI_KYIV,
                MELONI_UNN,
                IMF,
                "wire/10588.txt",
                "wire/10907.txt",
            ]),
        ),
        (
            "dossier search 'date:2025-10-13..2025-12-31'",
            Finds(&[SHARM, MELONI_ROME, TAJANI_KYIV, IMF]),
        ),
        ("dossier search 'date:7d..'", Finds(&[GENEVA])),
        ("dossier search 'date:today'", Finds(&[GENEVA])),
        (
            "dossier search troops --from 2025-12 --to 2026-01",
            Finds(&[MELONI_UNN, TAJANI_RUBIO, MELONI_ROME, TAJANI_KYIV]),
        ),
        (
            "dossier search Ukraine --country IT --person Meloni --source UNN",
            Finds(&[MELONI_UNN]),
        ),
        (
            "dossier search 'troops date:2025' --explain",
            Finds(&[MELONI_ROME, TAJANI_KYIV]),
        ),
        (
            "dossier search 'contry:Italy'",
            Fails("dossier: invalid query: unknown field 'contry' (did you mean 'country'?)"),
        ),
        (
            "dossier search 'date:2024-13'",
            Fails("dossier: date:2024-13 is not a date: use date:YYYY[-MM[-DD]], "),
        ),
    ])
}

/// The README section between `## Query language` and the next `## ` heading.
fn section() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("\n## Query language")
        .expect("README has a Query language section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    rest[..end].to_string()
}

/// The example commands of the section's table: the second cell, when it is `` `dossier ...` ``.
fn examples(section: &str) -> Vec<String> {
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" | ").nth(1))
        .filter_map(|cell| {
            cell.strip_prefix("`dossier ")
                .and_then(|c| c.strip_suffix('`'))
        })
        .map(|c| format!("dossier {c}"))
        .collect()
}

/// Run an example through `sh`, with `dossier` on PATH and the archive from DOSSIER_INDEX.
fn run(env: &Env, example: &str, archive: &Path) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_dossier")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let extra = if example.contains("--limit") {
        " --format paths"
    } else {
        " --format paths --limit 100"
    };
    Command::new("sh")
        .arg("-c")
        .arg(format!("{example}{extra}"))
        .current_dir(env.path())
        .env("PATH", path)
        .env("DOSSIER_INDEX", archive)
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn every_query_language_example_finds_what_it_says() {
    let env = Env::new();
    // A copy, so the undated article's mtime (its date) is today whatever the checkout's age.
    let news = env.path().join("news");
    copy_dir(&fixtures(), &news);
    env.ok(&["index", news.to_str().unwrap(), "-q"]);
    let archive = env.index_dir();

    let section = section();
    let examples = examples(&section);
    let mut expected = expectations();
    assert!(
        examples.len() >= 30,
        "the table lost its examples: {examples:#?}"
    );
    for example in &examples {
        let want = expected.remove(example.as_str()).unwrap_or_else(|| {
            panic!("README example without an expectation in this test: {example}")
        });
        let out = run(&env, example, &archive);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        let found: Vec<String> = stdout
            .lines()
            .map(|l| {
                l.strip_prefix(&format!("{}/", news.display()))
                    .unwrap_or(l)
                    .to_string()
            })
            .collect();
        match want {
            Finds(docs) => {
                assert!(out.status.success(), "{example}: {stderr}");
                let mut found = found.clone();
                let mut docs: Vec<&str> = docs.to_vec();
                found.sort();
                docs.sort();
                assert_eq!(found, docs, "{example}");
            }
            InOrder(docs) => {
                assert!(out.status.success(), "{example}: {stderr}");
                assert_eq!(found, docs, "{example}");
            }
            Fails(message) => {
                assert_eq!(out.status.code(), Some(2), "{example}: {stdout}");
                assert!(stderr.starts_with(message), "{example}: {stderr}");
                // The README shows the same message.
                let shown = message.trim_end_matches([' ', ',']);
                assert!(section.contains(shown), "README does not show: {shown}");
            }
        }
    }
    let stale: Vec<&str> = expected.keys().copied().collect();
    assert!(
        stale.is_empty(),
        "expectations whose example left the README: {stale:#?}"
    );
}

#[test]
fn the_explain_example_prints_what_the_readme_shows() {
    let env = Env::with_fixtures();
    let section = section();
    let block = section
        .split("```\n$ dossier search 'troops date:2025' --explain\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("README shows the --explain output");
    let out = env.run(&["search", "troops date:2025", "--explain"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in block.lines() {
        assert!(
            stderr.lines().any(|l| l == line),
            "--explain no longer prints {line:?}:\n{stderr}"
        );
    }
}

#[test]
fn help_query_prints_the_language_and_search_help_includes_it() {
    let env = Env::new();
    let help = env.ok(&["help", "query"]);
    for element in [
        "\"security guarantees\"",
        "OR",
        "NOT",
        "title:",
        "country:Italy",
        "person:",
        "org:",
        "place:",
        "author:",
        "lang:",
        "date:2024-02..2024-03",
        "date:..2023-12-31",
        "date:7d..",
        "yesterday",
        "--explain",
        "did you mean",
    ] {
        assert!(help.contains(element), "help query lacks {element}");
    }
    assert!(env
        .ok(&["search", "--help"])
        .contains(help.lines().next().unwrap()));
    assert!(env
        .ok(&["help", "search"])
        .contains("Usage: dossier search"));
    let out = env.run(&["help", "contry"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no help on 'contry'"));
}

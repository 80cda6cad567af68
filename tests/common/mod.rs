//! Shared helpers of the end-to-end tests: run the real `dossier` binary in a temporary folder
//! with its own archive, as a user would (after ripgrep's tests/util.rs).
#![allow(dead_code)]

pub mod served;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The sample archive written for these tests.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive")
}

/// `../shared` beside the repository, when this machine has it.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.is_dir().then_some(p)
}

/// A temporary working folder with its own archive location.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("archive")
    }

    /// `dossier ARGS` with `--index` pointing into this environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("dossier").unwrap();
        c.current_dir(self.path())
            .env_remove("DOSSIER_INDEX")
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .arg("--index")
            .arg(self.index_dir())
            .args(args);
        c
    }

    /// `dossier --index INDEX ARGS`: a command on another archive of this environment.
    pub fn cmd_at(&self, index: &Path, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("dossier").unwrap();
        c.current_dir(self.path())
            .env_remove("DOSSIER_INDEX")
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .arg("--index")
            .arg(index)
            .args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Run and require success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "dossier {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// An environment whose archive holds the fixture archive.
    pub fn with_fixtures() -> Env {
        let env = Env::new();
        env.ok(&["index", fixtures().to_str().unwrap()]);
        env
    }

    /// Write a file below the environment (creating folders).
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

/// Copy a folder tree (files get fresh modification times, as after a `git clone`).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Parse NDJSON output into JSON values.
pub fn ndjson(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad json line {l}: {e}")))
        .collect()
}

/// A JSON array of strings as a Vec.
pub fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Write `n` small generated articles below `dir` (deterministic for a seed): a headline, a
/// date line and a few sentences naming countries and people, in dated subfolders.
pub fn generate(dir: &Path, n: usize, seed: u64) {
    const PLACES: [&str; 8] = [
        "Italy", "Ukraine", "France", "Poland", "Japan", "Brazil", "Egypt", "Canada",
    ];
    const TOPICS: [&str; 6] = ["energy", "trade", "security", "grain", "debt", "climate"];
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..n {
        let (a, b) = (PLACES[(next() % 8) as usize], PLACES[(next() % 8) as usize]);
        let topic = TOPICS[(next() % 6) as usize];
        let (month, day) = (1 + next() % 12, 1 + next() % 28);
        let text = format!(
            "{a} and {b} hold {topic} talks, round {i}\n\n2025-{month:02}-{day:02}\n\n\
             Officials from {a} and {b} met on {topic} for the {i}th time. \
             The ministers said the {topic} talks would continue next month in {b}.\n"
        );
        let p = dir.join(format!("{:02}/{i:05}.txt", month));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// Every document of an archive, without search-only fields, sorted: what two archives must
/// agree on to be the same.
pub fn all_documents(env: &Env, index: &Path) -> Vec<serde_json::Value> {
    let out = env
        .cmd_at(
            index,
            &[
                "search", "*", "--copies", "--limit", "1000000", "--format", "ndjson",
            ],
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut docs: Vec<serde_json::Value> = ndjson(&String::from_utf8(out.stdout).unwrap())
        .into_iter()
        .map(|mut d| {
            let o = d.as_object_mut().unwrap();
            for k in ["rank", "score", "snippet"] {
                o.remove(k);
            }
            d
        })
        .collect();
    docs.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    docs
}

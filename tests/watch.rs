//! `dossier index --watch`: a running watcher applies each kind of file event (new, changed,
//! moved, deleted), survives an editor's temp-file-and-rename, waits for a file written slowly,
//! keeps the documents of a folder that vanishes and follows it when it comes back, and stops
//! on Ctrl-C with every change committed (exit 130).

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Env;

/// A running `dossier index news --watch` and the lines it has written on stderr.
struct Watcher {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Watcher {
    fn start(env: &Env) -> Watcher {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .current_dir(env.path())
            .env_remove("DOSSIER_INDEX")
            .arg("--index")
            .arg(env.index_dir())
            .args(["index", "news", "--watch"])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let w = Watcher { child, lines };
        w.wait_for_line("watching ");
        w
    }

    fn wait_for_line(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(l) = self.lines.lock().unwrap().iter().find(|l| l.contains(text)) {
                return l.clone();
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no line with `{text}` in {:?}",
                self.lines.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn interrupt(mut self) -> (Option<i32>, Vec<String>) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let status = self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let lines = self.lines.lock().unwrap().clone();
        (status.code(), lines)
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The archived paths (relative to `news/`) whose documents match `query`.
fn found(env: &Env, query: &str) -> Vec<String> {
    let out = env.ok(&[
        "search", query, "--copies", "--limit", "1000", "--format", "paths",
    ]);
    let news = env.path().join("news").canonicalize().unwrap();
    let mut paths: Vec<String> = out
        .lines()
        .map(|p| {
            Path::new(p)
                .strip_prefix(&news)
                .map(|r| r.display().to_string())
                .unwrap_or_else(|_| p.to_string())
        })
        .collect();
    paths.sort();
    paths
}

/// Wait until `query` finds exactly `want`; how long it took.
fn until_found(env: &Env, query: &str, want: &[&str]) -> Duration {
    let started = Instant::now();
    loop {
        let now = found(env, query);
        if now == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "`{query}` still finds {now:?}, not {want:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n2025-03-04\n\n{body}\n")
}

#[test]
fn each_kind_of_event_lands_within_seconds() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        &article(
            "Italy and France talk",
            "Officials from Italy met France on grain.",
        ),
    );
    let w = Watcher::start(&env);

    env.write(
        "news/b.txt",
        &article(
            "Chile signs lithium pact",
            "Chile and Peru signed a lithium pact.",
        ),
    );
    let took = until_found(&env, "lithium", &["b.txt"]);
    assert!(took < Duration::from_secs(5), "a new file took {took:?}");

    env.write(
        "news/a.txt",
        &article(
            "Italy and France talk",
            "Officials from Italy met France on cobalt.",
        ),
    );
    until_found(&env, "cobalt", &["a.txt"]);
    assert!(found(&env, "grain").is_empty(), "the old text is gone");

    std::fs::create_dir_all(env.path().join("news/moved")).unwrap();
    std::fs::rename(
        env.path().join("news/b.txt"),
        env.path().join("news/moved/b.txt"),
    )
    .unwrap();
    until_found(&env, "lithium", &["moved/b.txt"]);

    std::fs::remove_file(env.path().join("news/a.txt")).unwrap();
    until_found(&env, "cobalt", &[]);
    w.wait_for_line("moved 1");
    let (code, lines) = w.interrupt();
    assert_eq!(code, Some(130), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("stopped watching")),
        "{lines:?}"
    );
}

#[test]
fn an_editors_temporary_file_renamed_over_the_original_is_one_update() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        &article("Japan trade", "Japan and Egypt discussed trade tariffs."),
    );
    let w = Watcher::start(&env);
    // What vim and many editors do: write a new file beside, then rename it over the old one.
    let tmp = env.write(
        "news/.a.txt.swp",
        &article(
            "Japan trade",
            "Japan and Egypt discussed trade and shipping.",
        ),
    );
    std::fs::rename(&tmp, env.path().join("news/a.txt")).unwrap();
    until_found(&env, "shipping", &["a.txt"]);
    assert!(found(&env, "tariffs").is_empty());
    assert_eq!(
        found(&env, "*"),
        ["a.txt"],
        "no document of the temporary file"
    );
    let (code, lines) = w.interrupt();
    assert_eq!(code, Some(130));
    assert!(!lines.iter().any(|l| l.starts_with("error")), "{lines:?}");
}

#[test]
fn a_file_written_slowly_is_read_once_it_is_complete() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        &article("Italy and France talk", "Officials met."),
    );
    let w = Watcher::start(&env);
    let path = env.path().join("news/slow.txt");
    let text = article(
        "Brazil and Canada sign a deal",
        "Brazil and Canada signed a fisheries deal after long talks. The ministers praised the accord.",
    );
    // Written in pieces over ~0.9 s, each pause (50 ms) far shorter than the settle time
    // (250 ms, so a loaded machine has room) but the whole longer than the 500 ms after which
    // a batch runs anyway: without the hold-back, half the file would be read.
    let mut f = std::fs::File::create(&path).unwrap();
    for chunk in text.as_bytes().chunks(7) {
        use std::io::Write;
        f.write_all(chunk).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(f);
    until_found(&env, "accord", &["slow.txt"]);
    std::thread::sleep(Duration::from_millis(1500));
    let (_, lines) = w.interrupt();
    let batches: Vec<&String> = lines.iter().filter(|l| l.contains(" added ")).collect();
    // One batch read it, whole: no earlier half-written version was added and then updated.
    assert_eq!(batches.len(), 1, "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("updated 1")), "{lines:?}");
}

#[test]
fn a_folder_that_vanishes_keeps_its_documents_and_is_followed_when_it_returns() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        &article("Poland grain", "Poland and Ukraine discussed grain."),
    );
    let w = Watcher::start(&env);
    let (news, away) = (env.path().join("news"), env.path().join("away"));
    std::fs::rename(&news, &away).unwrap();
    w.wait_for_line("disappeared");
    assert_eq!(found_raw(&env, "grain").len(), 1, "its documents are kept");
    std::fs::rename(&away, &news).unwrap();
    w.wait_for_line("is back");
    env.write(
        "news/b.txt",
        &article("Egypt canal", "Egypt reported canal revenue."),
    );
    until_found(&env, "canal", &["b.txt"]);
    let (code, _) = w.interrupt();
    assert_eq!(code, Some(130));
}

/// Paths as stored, for when `news/` does not exist.
fn found_raw(env: &Env, query: &str) -> Vec<String> {
    env.ok(&["search", query, "--copies", "--format", "paths"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn ctrl_c_during_a_batch_commits_it_and_exits_130() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        &article("Poland grain", "Poland and Ukraine discussed grain."),
    );
    let w = Watcher::start(&env);
    common::generate(&env.path().join("news/many"), 300, 5);
    std::thread::sleep(Duration::from_millis(400));
    let (code, lines) = w.interrupt();
    assert_eq!(code, Some(130), "{lines:?}");
    // What was committed is whole, and a plain run finishes the rest.
    let after = env.ok(&["index"]);
    let _ = after;
    assert_eq!(found(&env, "*").len(), 301);
}

#[test]
fn serve_watch_answers_with_files_added_while_it_runs() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        &article("Poland grain", "Poland and Ukraine discussed grain."),
    );
    env.ok(&["index", "-q", "news"]);
    let served = common::served::serve(&env, &["--watch"]);
    let count = |q: &str| {
        common::served::get(served.port, &format!("/api/v1/search?q={q}")).json()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("drought"), 0);
    env.write(
        "news/k.txt",
        &article("Kenya drought", "Kenya reported drought in the north."),
    );
    let started = Instant::now();
    while count("drought") == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "never seen by the server"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_folder_replaced_at_once_by_another_of_the_same_name_is_followed() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        &article("Poland grain", "Poland and Ukraine discussed grain."),
    );
    let w = Watcher::start(&env);
    // Gone and back well within the half-second check of the folders' existence.
    let news = env.path().join("news");
    std::fs::rename(&news, env.path().join("old")).unwrap();
    std::fs::create_dir(&news).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    env.write(
        "news/b.txt",
        &article("Egypt canal", "Egypt reported canal revenue."),
    );
    until_found(&env, "canal", &["b.txt"]);
    let (code, _) = w.interrupt();
    assert_eq!(code, Some(130));
}

#[test]
fn an_old_file_rewritten_in_place_is_seen_although_its_folder_did_not_change() {
    // Folder and file from a month ago: a plain run would trust the folder (see
    // tests/fastpath.rs); the watcher reads again the folders its events name.
    let env = Env::new();
    let path = env.write(
        "news/old/a.txt",
        &article("Port talks", "Officials discussed the harbour of Gdansk."),
    );
    // Forty folders before it in path order, so the rolling re-check does not reach it.
    let mut aged = vec![path.clone(), path.parent().unwrap().to_path_buf()];
    for i in 0..40 {
        let p = env.write(
            &format!("news/a{i:02}/x.txt"),
            &article(&format!("Note {i}"), "Officials met again."),
        );
        aged.push(p.parent().unwrap().to_path_buf());
        aged.insert(0, p);
    }
    let month_ago = std::time::SystemTime::now() - Duration::from_secs(30 * 24 * 3600);
    for p in aged {
        std::fs::File::open(&p)
            .unwrap()
            .set_modified(month_ago)
            .unwrap();
    }
    let w = Watcher::start(&env);
    until_found(&env, "Gdansk", &["old/a.txt"]);
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        f.write_all(
            article("Port talks", "Officials discussed the harbour of Klaipeda.").as_bytes(),
        )
        .unwrap();
    }
    until_found(&env, "Klaipeda", &["old/a.txt"]);
    assert!(found(&env, "Gdansk").is_empty());
    drop(w);
}

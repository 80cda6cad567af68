//! End-to-end tests of updating an archive: every kind of change on disk, dry runs, rebuilds,
//! vanished folders, concurrent runs, Ctrl-C, and SIGKILL at many points of a large run, each
//! compared with what `--rebuild` builds from the same files.

mod common;

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use common::{all_documents, generate, ndjson, Env};

const ARTICLE: &str = "Rome and Kyiv sign grain deal\n\nMarch 3, 2025\n\nItaly and Ukraine signed a grain corridor agreement in Rome on Monday.\n";

/// Run `index` and return its summary line (the last line of stderr).
fn index(env: &Env, args: &[&str]) -> String {
    let mut a = vec!["index"];
    a.extend_from_slice(args);
    let out = env.run(&a);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{a:?}: {err}");
    err.lines().last().unwrap_or("").to_string()
}

/// The paths the archive lists, sorted.
fn paths(env: &Env) -> Vec<String> {
    let mut p: Vec<String> =
        ndjson(&env.ok(&["search", "*", "--limit", "100000", "--format", "ndjson"]))
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
    p.sort();
    p
}

/// The supported files on disk below `dir`, as absolute paths, sorted: what `paths` must equal.
fn files_on_disk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir.canonicalize().unwrap()) {
        let e = e.unwrap();
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt") {
            out.push(e.path().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

/// The summary starts as expected (numbers compared without thousands separators).
fn starts(summary: &str, expected: &str) {
    let chars: Vec<char> = summary.chars().collect();
    let plain: String = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            let digit = |j: Option<&char>| j.is_some_and(char::is_ascii_digit);
            !(c == ',' && i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1)))
        })
        .map(|(_, c)| c)
        .collect();
    assert!(
        plain.starts_with(expected),
        "summary `{summary}` does not start with `{expected}`"
    );
}

#[test]
fn add_change_touch_delete_each_touch_only_their_file() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 20, 1);
    starts(
        &index(&env, &[news.to_str().unwrap()]),
        "added 20, updated 0, moved 0, removed 0, unchanged 0",
    );
    starts(
        &index(&env, &[]),
        "added 0, updated 0, moved 0, removed 0, unchanged 20",
    );

    env.write("news/new/a.txt", ARTICLE);
    starts(
        &index(&env, &[]),
        "added 1, updated 0, moved 0, removed 0, unchanged 20",
    );
    assert_eq!(paths(&env), files_on_disk(&news));

    // Content change: re-ingested, old text gone.
    env.write(
        "news/new/a.txt",
        &ARTICLE.replace("grain corridor", "fertiliser export"),
    );
    starts(
        &index(&env, &[]),
        "added 0, updated 1, moved 0, removed 0, unchanged 20",
    );
    assert_eq!(
        ndjson(&env.ok(&["search", "fertiliser", "--format", "ndjson"])).len(),
        1
    );
    assert!(ndjson(&env.ok(&["search", "corridor", "--format", "ndjson"])).is_empty());

    // mtime-only change: read and hashed, not re-ingested.
    let a = news.join("new/a.txt");
    std::fs::File::options()
        .write(true)
        .open(&a)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    starts(
        &index(&env, &[]),
        "added 0, updated 0, moved 0, removed 0, unchanged 21",
    );
    starts(
        &index(&env, &[]),
        "added 0, updated 0, moved 0, removed 0, unchanged 21",
    );

    std::fs::remove_file(&a).unwrap();
    starts(
        &index(&env, &[]),
        "added 0, updated 0, moved 0, removed 1, unchanged 20",
    );
    assert_eq!(paths(&env), files_on_disk(&news));
}

#[test]
fn renames_and_moves_are_recognised_by_content() {
    let env = Env::new();
    let news = env.path().join("news");
    env.write("news/inbox/a.txt", ARTICLE);
    generate(&news.join("gen"), 5, 2);
    index(&env, &[news.to_str().unwrap()]);
    let before = ndjson(&env.ok(&["search", "grain", "--format", "ndjson"]));

    std::fs::rename(news.join("inbox/a.txt"), news.join("inbox/b.txt")).unwrap();
    let out = env.run(&["index", "-v"]);
    let err = String::from_utf8(out.stderr).unwrap();
    starts(
        err.lines().last().unwrap(),
        "added 0, updated 0, moved 1, removed 0, unchanged 5",
    );
    // -v lists every file and what happened to it.
    let a = news.canonicalize().unwrap().join("inbox/a.txt");
    assert!(
        err.contains(&format!(
            "move      {} -> {}",
            a.display(),
            a.with_file_name("b.txt").display()
        )),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("unchanged ")).count(),
        5,
        "{err}"
    );
    std::fs::create_dir_all(news.join("archive/2025")).unwrap();
    std::fs::rename(news.join("inbox/b.txt"), news.join("archive/2025/b.txt")).unwrap();
    starts(
        &index(&env, &[]),
        "added 0, updated 0, moved 1, removed 0, unchanged 5",
    );

    let after = ndjson(&env.ok(&["search", "grain", "--format", "ndjson"]));
    assert_eq!(after.len(), 1);
    assert!(after[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("archive/2025/b.txt"));
    assert_ne!(after[0]["id"], before[0]["id"], "the id follows the path");
    assert_eq!(after[0]["body"], before[0]["body"]);
    assert_eq!(paths(&env), files_on_disk(&news));
    // Exactly what a rebuild makes of the same files.
    let rebuilt = env.path().join("rebuilt");
    env.cmd_at(&rebuilt, &["index", news.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        all_documents(&env, &env.index_dir()),
        all_documents(&env, &rebuilt)
    );
}

#[test]
fn a_moved_file_dated_by_its_path_is_read_again() {
    let env = Env::new();
    let news = env.path().join("news");
    let undated = "Talks resume\n\nDiplomats met again in Geneva to discuss the ceasefire.\n";
    env.write("news/2024/03/15/talks.txt", undated);
    index(&env, &[news.to_str().unwrap()]);
    std::fs::create_dir_all(news.join("2025/06/01")).unwrap();
    std::fs::rename(
        news.join("2024/03/15/talks.txt"),
        news.join("2025/06/01/talks.txt"),
    )
    .unwrap();
    starts(
        &index(&env, &[]),
        "added 0, updated 0, moved 1, removed 0, unchanged 0",
    );
    let doc = &ndjson(&env.ok(&["search", "Geneva", "--format", "ndjson"]))[0];
    assert!(
        doc["date"].as_str().unwrap().starts_with("2025-06-01"),
        "{}",
        doc["date"]
    );
}

#[test]
fn a_file_replaced_by_a_folder() {
    let env = Env::new();
    let news = env.path().join("news");
    env.write("news/x.txt", ARTICLE);
    env.write(
        "news/other.txt",
        &ARTICLE.replace("Rome and Kyiv", "Paris and Warsaw"),
    );
    index(&env, &[news.to_str().unwrap()]);
    std::fs::remove_file(news.join("x.txt")).unwrap();
    generate(&news.join("x.txt"), 3, 3);
    starts(
        &index(&env, &[]),
        "added 3, updated 0, moved 0, removed 1, unchanged 1",
    );
    assert_eq!(paths(&env), files_on_disk(&news));
}

#[test]
fn a_vanished_folder_keeps_its_documents_unless_pruned() {
    let env = Env::new();
    let (a, b) = (env.path().join("a"), env.path().join("b"));
    generate(&a, 4, 4);
    generate(&b, 3, 5);
    index(&env, &[a.to_str().unwrap(), b.to_str().unwrap()]);
    let moved_away = env.path().join("b-unmounted");
    std::fs::rename(&b, &moved_away).unwrap();
    let out = env.run(&["index"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("does not exist (unmounted?); its documents are kept"),
        "{err}"
    );
    starts(
        err.lines().last().unwrap(),
        "added 0, updated 0, moved 0, removed 0, unchanged 4",
    );
    assert_eq!(paths(&env).len(), 7);
    starts(
        &index(&env, &["--prune-missing-roots"]),
        "added 0, updated 0, moved 0, removed 3, unchanged 4",
    );
    assert_eq!(paths(&env), files_on_disk(&a));
    // The pruned folder is forgotten: it is not warned about again.
    let out = env.run(&["index"]);
    assert!(!String::from_utf8(out.stderr)
        .unwrap()
        .contains("does not exist"));
}

#[test]
fn dry_run_lists_changes_and_writes_nothing() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 5, 6);
    // On a folder without an archive: nothing is created.
    let out = env.ok(&["index", "--dry-run", news.to_str().unwrap()]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("add ")).count(),
        5,
        "{out}"
    );
    assert!(!env.index_dir().join("meta.json").exists());
    index(&env, &[news.to_str().unwrap()]);
    env.write("news/new.txt", ARTICLE);
    std::fs::remove_file(
        news.join("01")
            .read_dir()
            .map(|mut d| d.next().unwrap().unwrap().path())
            .unwrap_or_else(|_| {
                std::fs::read_dir(&news)
                    .unwrap()
                    .find_map(|e| {
                        let p = e.unwrap().path();
                        p.is_dir().then(|| {
                            std::fs::read_dir(p)
                                .unwrap()
                                .next()
                                .unwrap()
                                .unwrap()
                                .path()
                        })
                    })
                    .unwrap()
            }),
    )
    .unwrap();
    let before = all_documents(&env, &env.index_dir());
    let out = env.run(&["index", "--dry-run"]);
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("add ") && l.ends_with("new.txt")),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("remove ")).count(),
        1,
        "{stdout}"
    );
    assert!(stderr.contains("dry run, nothing written: would have added 1, updated 0, moved 0, removed 1, unchanged 4"), "{stderr}");
    assert_eq!(all_documents(&env, &env.index_dir()), before);
}

#[test]
fn rebuild_starts_from_empty_and_gives_the_same_archive() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 30, 7);
    index(&env, &[news.to_str().unwrap()]);
    let first = all_documents(&env, &env.index_dir());
    starts(
        &index(&env, &["--rebuild"]),
        "added 30, updated 0, moved 0, removed 0, unchanged 0",
    );
    assert_eq!(all_documents(&env, &env.index_dir()), first);
}

/// Spawn `dossier index` on the environment's archive.
fn spawn_index(env: &Env, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .current_dir(env.path())
        .arg("--index")
        .arg(env.index_dir())
        .arg("index")
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait until the running `index` holds the writer lock (its note names it).
fn wait_for_lock(env: &Env) {
    let note = env.index_dir().join("dossier-writer.txt");
    let t = Instant::now();
    while !note.exists() {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "index never took the lock"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_run_stops_at_once_naming_the_first_and_searches_never_wait() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 300, 8);
    index(&env, &[news.to_str().unwrap()]);
    generate(&news.join("more"), 4000, 9);
    let mut first = spawn_index(&env, &["--commit-every", "200"]);
    wait_for_lock(&env);
    let t = Instant::now();
    let second = env.run(&["index"]);
    let err = String::from_utf8(second.stderr).unwrap();
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(
        err.contains("is being updated by another `dossier index` run (pid"),
        "{err}"
    );
    assert!(err.contains(&format!("pid {}", first.id())), "{err}");
    // A search during the run answers from the last commit.
    let hits = ndjson(&env.ok(&["search", "*", "--limit", "100000", "--format", "ndjson"]));
    assert!(hits.len() >= 300, "{}", hits.len());
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(first.wait().unwrap().success());
    assert_eq!(paths(&env), files_on_disk(&news));
}

#[test]
fn ctrl_c_commits_what_is_done_and_the_next_run_finishes() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 4000, 10);
    let rebuilt = env.path().join("rebuilt");
    env.cmd_at(&rebuilt, &["index", news.to_str().unwrap()])
        .assert()
        .success();

    let mut child = spawn_index(&env, &["--commit-every", "500", news.to_str().unwrap()]);
    wait_for_lock(&env);
    // Signal once a first commit is visible, so the test does not depend on the machine's speed.
    let t = Instant::now();
    while all_documents(&env, &env.index_dir()).is_empty() {
        assert!(t.elapsed() < Duration::from_secs(60), "no commit seen");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(
        !err.contains('\r') && !err.contains("\x1b["),
        "no progress bar when piped: {err:?}"
    );
    assert!(
        err.contains("interrupted: what was done is committed"),
        "{err}"
    );
    let committed = all_documents(&env, &env.index_dir()).len();
    assert!(
        committed > 0 && committed < 4000,
        "a part is committed: {committed}"
    );
    starts(&index(&env, &[]), &format!("added {}, ", 4000 - committed));
    assert_eq!(
        all_documents(&env, &env.index_dir()),
        all_documents(&env, &rebuilt)
    );
}

/// Kill `dossier index -9` at several points of a large first ingest and of a large update;
/// each time the next run must converge to exactly what `--rebuild` builds.
#[test]
fn sigkill_at_any_point_then_the_next_run_converges() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 3000, 11);
    // Every ninth article saved twice more, so the archive has stories to get right: 334
    // stories of three, whose members a kill may leave in different commits.
    for (i, f) in files_on_disk(&news)
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 9 == 0)
    {
        for copy in ["copies", "again"] {
            let to = news.join(copy).join(format!("{i:05}.txt"));
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(f, to).unwrap();
        }
    }
    let reference = |env: &Env, name: &str| {
        let dir = env.path().join(name);
        env.cmd_at(&dir, &["index", "--rebuild", news.to_str().unwrap()])
            .assert()
            .success();
        all_documents(env, &dir)
    };
    let full = reference(&env, "ref-full");
    let stories: std::collections::HashSet<&str> =
        full.iter().map(|d| d["story"].as_str().unwrap()).collect();
    assert_eq!(
        full.len() - stories.len(),
        2 * 334,
        "each copy is in its article's story"
    );
    // How long a full run takes here, to spread the kills over it.
    let t = Instant::now();
    env.cmd_at(
        &env.path().join("timing"),
        &["index", news.to_str().unwrap()],
    )
    .assert()
    .success();
    let run = t.elapsed();

    let mut partial = 0;
    for (round, fraction) in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95].into_iter().enumerate() {
        let _ = std::fs::remove_dir_all(env.index_dir());
        let mut child = spawn_index(&env, &["--commit-every", "250", news.to_str().unwrap()]);
        std::thread::sleep(run.mul_f64(fraction));
        child.kill().unwrap();
        child.wait().unwrap();
        // What the killed run left: nothing, a part, or (rarely) all of it.
        if env.index_dir().join("meta.json").exists() {
            let left = all_documents(&env, &env.index_dir()).len();
            eprintln!(
                "killed at {fraction}: {left} of {} documents committed",
                full.len()
            );
            partial += usize::from(left > 0 && left < full.len());
        }
        // A fresh process, as after a crash.
        index(&env, &["--commit-every", "250", news.to_str().unwrap()]);
        assert_eq!(
            all_documents(&env, &env.index_dir()),
            full,
            "first ingest killed at {fraction} (round {round})"
        );
    }
    assert!(
        partial >= 2,
        "the kills must land mid-run, after some commits: {partial} did"
    );

    // Now an update: changed, moved, deleted and new files, killed at several points.
    let base = env.path().join("base");
    std::fs::rename(env.index_dir(), &base).unwrap();
    let mut files = files_on_disk(&news);
    files.truncate(600);
    for (i, f) in files.iter().enumerate() {
        match i % 4 {
            0 => std::fs::write(
                f,
                format!(
                    "Updated story {i}\n\n2025-02-02\n\nPoland and Japan agreed on trade rules.\n"
                ),
            )
            .unwrap(),
            1 => std::fs::rename(f, format!("{f}.moved.txt")).unwrap(),
            2 => std::fs::remove_file(f).unwrap(),
            _ => {}
        }
    }
    generate(&news.join("fresh"), 400, 12);
    let updated = reference(&env, "ref-updated");
    for fraction in [0.02, 0.1, 0.25, 0.5] {
        copy_dir(&base, &env.index_dir());
        let mut child = spawn_index(&env, &["--commit-every", "50"]);
        std::thread::sleep(run.mul_f64(fraction));
        child.kill().unwrap();
        child.wait().unwrap();
        index(&env, &[]);
        assert_eq!(
            all_documents(&env, &env.index_dir()),
            updated,
            "update killed at {fraction}"
        );
        std::fs::remove_dir_all(env.index_dir()).unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn an_archive_of_another_schema_asks_for_a_rebuild_and_rebuild_keeps_its_folders() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 3, 13);
    // An archive whose schema lacks this version's fields, remembering `news`.
    {
        let mut b = tantivy::schema::Schema::builder();
        b.add_text_field("id", tantivy::schema::STRING);
        let index = tantivy::Index::create_in_dir(
            {
                std::fs::create_dir_all(env.index_dir()).unwrap();
                env.index_dir()
            },
            b.build(),
        )
        .unwrap();
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let mut c = w.prepare_commit().unwrap();
        let roots = serde_json::json!({"version": 1, "roots": [news.canonicalize().unwrap()]});
        c.set_payload(&roots.to_string());
        c.commit().unwrap();
    }
    std::fs::write(env.index_dir().join("README.md"), "mine").unwrap();
    for args in [&["search", "x"][..], &["index"]] {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("built by another version of dossier") && err.contains("--rebuild"),
            "{err}"
        );
    }
    starts(
        &index(&env, &["--rebuild"]),
        "added 3, updated 0, moved 0, removed 0, unchanged 0",
    );
    assert_eq!(paths(&env), files_on_disk(&news));
    assert_eq!(
        std::fs::read_to_string(env.index_dir().join("README.md")).unwrap(),
        "mine"
    );
}

//! End-to-end tests of the folder fast path (`archive/survey.rs`): on folders and files older
//! than the last run, every change that touches a folder's entries is found by a plain run that
//! reads only the changed folders; an old file rewritten in place is missed until the rolling
//! re-check reaches its folder or `--verify` runs; recent files are checked every run; a damaged
//! cache only costs a full walk. Each archive is compared with what `--rebuild` builds.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{all_documents, generate, Env};

/// Set the mtime of every file and folder below `dir` (and `dir`) to `days` ago, deepest
/// first: what a folder filled over past weeks looks like. (ctime stays now: only the mtime is
/// compared with the clock.)
fn age(dir: &Path, days: u64) {
    let when = SystemTime::now() - Duration::from_secs(days * 24 * 3600);
    let mut entries: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    entries.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for p in entries {
        let f = std::fs::File::open(&p).unwrap();
        f.set_modified(when).unwrap();
    }
}

/// Rewrite a file in place (same inode, so its folder does not change), as `cp` over it or
/// `curl -o` again would.
fn rewrite_in_place(path: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

fn folders_on_disk(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_dir())
        .count()
}

/// `index ARGS`: its stderr (summary last), asserting success.
fn index(env: &Env, args: &[&str]) -> String {
    let mut a = vec!["index"];
    a.extend_from_slice(args);
    let out = env.run(&a);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{a:?}: {err}");
    err
}

/// The numbers of a summary line: added, updated, moved, removed, unchanged.
fn counts(stderr: &str) -> [usize; 5] {
    let line = stderr.lines().last().unwrap();
    let mut out = [0; 5];
    for (i, word) in ["added", "updated", "moved", "removed", "unchanged"]
        .iter()
        .enumerate()
    {
        let rest = &line[line.find(word).unwrap() + word.len() + 1..];
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect();
        out[i] = n.parse().unwrap();
    }
    out
}

/// `folders: R read, T unchanged ...` of a `-v` run.
fn folders(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("folders: "))
        .unwrap_or_else(|| panic!("no folders line in {stderr}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1])
}

/// The archive equals what `--rebuild` builds from the same folders.
fn same_as_rebuild(env: &Env) {
    let incremental = all_documents(env, &env.index_dir());
    let fresh = env.path().join("fresh");
    common::copy_dir(&env.index_dir(), &fresh);
    let out = env
        .cmd_at(&fresh, &["index", "--rebuild", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(incremental, all_documents(env, &fresh));
    std::fs::remove_dir_all(&fresh).unwrap();
}

const TEXT: &str = "Talks in Rome\n\n2025-03-02\n\nItaly and Ukraine met in Rome on grain.\n";

#[test]
fn changes_to_folder_entries_are_found_reading_only_the_changed_folders() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 60, 3); // 12 month folders
    std::fs::create_dir_all(news.join("old/deep")).unwrap();
    env.write("news/old/deep/kept.txt", TEXT);
    env.write("news/old/deep/gone.txt", &TEXT.replace("Rome", "Milan"));
    age(&news, 30);
    index(&env, &[news.to_str().unwrap(), "-q"]);
    // Nothing changed: every folder taken from the cache.
    let err = index(&env, &["-v"]);
    assert_eq!(counts(&err), [0, 0, 0, 0, 62]);
    let (read, trusted) = folders(&err);
    assert!(read <= 2, "at most the re-check's folders are read: {err}");
    assert_eq!(read + trusted, folders_on_disk(&news));

    // Each kind of change to a folder's entries, at once.
    let month = |m: u32| news.join(format!("{m:02}"));
    let first = |dir: &Path| {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v[0].clone()
    };
    let added = month(1).join("new.txt");
    std::fs::write(&added, TEXT.replace("grain", "energy")).unwrap();
    let deleted = first(&month(2));
    std::fs::remove_file(&deleted).unwrap();
    let moved = first(&month(3));
    std::fs::rename(&moved, month(4).join("moved-here.txt")).unwrap();
    // An editor's save: a temporary file renamed over the old one.
    let edited = first(&month(5));
    std::fs::write(month(5).join(".edit.tmp"), TEXT.replace("grain", "debt")).unwrap();
    std::fs::rename(month(5).join(".edit.tmp"), &edited).unwrap();
    // A folder removed, one added, and a whole folder replaced by another of the same name.
    std::fs::remove_dir_all(news.join("old/deep")).unwrap();
    std::fs::create_dir_all(news.join("fresh/sub")).unwrap();
    std::fs::write(news.join("fresh/sub/a.txt"), TEXT.replace("Rome", "Kyiv")).unwrap();
    let six = month(6);
    let replacement = env.path().join("replacement");
    std::fs::create_dir_all(&replacement).unwrap();
    std::fs::write(replacement.join("only.txt"), TEXT.replace("Rome", "Lviv")).unwrap();
    age(&replacement, 40);
    let six_before = std::fs::read_dir(&six).unwrap().count();
    std::fs::remove_dir_all(&six).unwrap();
    std::fs::rename(&replacement, &six).unwrap();

    let err = index(&env, &["-v"]);
    let [a, u, m, r, _] = counts(&err);
    assert_eq!((a, u, m), (3, 1, 1), "{err}");
    assert_eq!(r, 1 + 2 + six_before, "{err}");
    let (read, trusted) = folders(&err);
    // Read: news, 01 to 06, old, fresh, fresh/sub, and the re-check's turn.
    assert!(read <= 11, "{err}");
    assert!(trusted >= 5, "unchanged month folders are not read: {err}");
    assert_eq!(read + trusted, folders_on_disk(&news));
    same_as_rebuild(&env);
}

#[test]
fn an_old_file_rewritten_in_place_waits_for_its_turn_or_verify() {
    let env = Env::new();
    let news = env.path().join("news");
    // 64 folders of one old file each: the re-check reads 2 folders a run (1/32 of the files).
    let file = |i: usize| news.join(format!("f{i:02}/a.txt"));
    for i in 0..64 {
        let p = file(i);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, TEXT.replace("grain", &format!("grain {i}"))).unwrap();
    }
    age(&news, 30);
    index(&env, &[news.to_str().unwrap(), "-q"]);

    let rewrite_all = |round: usize| {
        for i in 0..64 {
            let text = TEXT.replace("grain", &format!("wheat {i} round {round}"));
            rewrite_in_place(&file(i), &text);
        }
        // Old again, as if written long ago with the mtime preserved (rsync -t, cp -p): only
        // the size says they changed, and only to a run that looks at them.
        for i in 0..64 {
            let when = SystemTime::now() - Duration::from_secs(20 * 24 * 3600);
            std::fs::File::open(file(i))
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
    };
    rewrite_all(1);
    let [_, updated, ..] = counts(&index(&env, &[]));
    assert!(
        (1..=3).contains(&updated),
        "a plain run finds only the re-checked folders' edits, found {updated}"
    );
    let [_, rest, ..] = counts(&index(&env, &["--verify"]));
    assert_eq!(updated + rest, 64, "--verify finds every other edit");
    same_as_rebuild(&env);

    // Without --verify, 32 runs find them all.
    rewrite_all(2);
    let found: usize = (0..32).map(|_| counts(&index(&env, &[]))[1]).sum();
    assert_eq!(found, 64);
    let [_, after, ..] = counts(&index(&env, &["--verify"]));
    assert_eq!(after, 0, "nothing left for --verify");
}

#[test]
fn a_recent_file_rewritten_in_place_is_found_by_the_next_run() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 20, 5);
    // A feed refreshed in place: written an hour ago, in an old folder (last in path order:
    // the re-check does not come to it in the next run).
    let feed = env.write("news/zz/today.txt", TEXT);
    age(&news, 30);
    std::fs::File::open(&feed)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    index(&env, &[news.to_str().unwrap(), "-q"]);
    rewrite_in_place(&feed, &TEXT.replace("grain", "gas and oil"));
    let err = index(&env, &["-v"]);
    assert_eq!(counts(&err)[1], 1, "{err}");
    same_as_rebuild(&env);
}

#[test]
fn a_damaged_or_missing_cache_costs_only_a_full_walk() {
    let env = Env::new();
    let news = env.path().join("news");
    generate(&news, 30, 9);
    age(&news, 30);
    index(&env, &[news.to_str().unwrap(), "-q"]);
    let cache = env.index_dir().join("folders.cache");
    let mut bytes = std::fs::read(&cache).expect("the run leaves a folder cache");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&cache, &bytes).unwrap();
    // A change the damaged cache cannot describe.
    env.write("news/02/added.txt", TEXT);
    let err = index(&env, &["-v"]);
    assert_eq!(counts(&err), [1, 0, 0, 0, 30], "{err}");
    assert_eq!(
        folders(&err).1,
        0,
        "nothing trusted from a damaged cache: {err}"
    );
    std::fs::remove_file(&cache).unwrap();
    let err = index(&env, &["-v"]);
    assert_eq!(counts(&err), [0, 0, 0, 0, 31], "{err}");
    // And a cache of another commit (this one's, after another run changed the archive) is
    // not trusted either.
    let saved = std::fs::read(&cache).unwrap();
    std::fs::remove_file(news.join("02/added.txt")).unwrap();
    index(&env, &["-q"]);
    std::fs::write(&cache, saved).unwrap();
    let err = index(&env, &["-v"]);
    assert_eq!(folders(&err).1, 0, "a stale cache is not trusted: {err}");
    assert_eq!(counts(&err), [0, 0, 0, 0, 30], "{err}");
    same_as_rebuild(&env);
}

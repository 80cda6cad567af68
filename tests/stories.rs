//! Stories end to end: a wire story and its republications grouped into one story, templated
//! notices and daily reports kept apart, search collapsing copies, `show` listing a story's
//! members, `top`/`timeline` counting stories, and the grouping staying what `--rebuild` builds
//! through added, deleted, changed and moved files. The fixtures (tests/fixtures/stories) are
//! articles written for these tests.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{all_documents, copy_dir, ndjson, Env};

/// The fixture articles copied into `news/` of a fresh environment, indexed.
fn stories_env() -> (Env, PathBuf) {
    let env = Env::new();
    let news = env.path().join("news");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories"),
        &news,
    );
    env.ok(&["index", "-q", news.to_str().unwrap()]);
    (env, news)
}

/// File name -> story id, over every document of the archive at `index`.
fn stories_at(env: &Env, index: &Path) -> BTreeMap<String, String> {
    all_documents(env, index)
        .iter()
        .map(|d| {
            let name = Path::new(d["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, d["story"].as_str().unwrap().to_string())
        })
        .collect()
}

/// The groups of file names sharing a story, sorted, singletons left out.
fn groups(stories: &BTreeMap<String, String>) -> Vec<Vec<String>> {
    let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, story) in stories {
        by.entry(story).or_default().push(name.clone());
    }
    let mut out: Vec<Vec<String>> = by.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

/// What `index --rebuild` of `news` builds, as file name -> story.
fn rebuilt(env: &Env, news: &Path, name: &str) -> BTreeMap<String, String> {
    let dir = env.path().join(name);
    env.cmd_at(&dir, &["index", "-q", "--rebuild", news.to_str().unwrap()])
        .assert()
        .success();
    stories_at(env, &dir)
}

const WIRE: [&str; 5] = [
    "ap.txt",
    "herald.txt",
    "trimmed.txt",
    "update.txt",
    "wire.txt",
];

#[test]
fn republications_form_one_story_and_templated_news_stays_apart() {
    let (env, _) = stories_env();
    let stories = stories_at(&env, &env.index_dir());
    // Only the wire story and its four republications are grouped: not the two earnings
    // notices of different companies, not the two days' market reports, not the other story
    // of the same day.
    assert_eq!(groups(&stories), vec![WIRE.map(String::from).to_vec()]);
    // The story's id is its earliest member's: four are dated 10 February, the update the
    // 11th; ties go to the smallest document id.
    let docs = all_documents(&env, &env.index_dir());
    let earliest = docs
        .iter()
        .filter(|d| d["date"].as_str().unwrap().starts_with("2026-02-10"))
        .filter(|d| d["title"].as_str().unwrap().contains("grid"))
        .map(|d| d["id"].as_str().unwrap())
        .min()
        .unwrap();
    assert_eq!(stories["wire.txt"], earliest);
    for single in [
        "nordvik.txt",
        "halden.txt",
        "bourse-monday.txt",
        "other.txt",
    ] {
        let d = docs
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(single))
            .unwrap();
        assert_eq!(d["story"], d["id"], "{single} is its own story");
    }
}

#[test]
fn search_shows_one_hit_per_story_with_its_copies_and_every_article_with_copies_flag() {
    let (env, _) = stories_env();
    let hits = ndjson(&env.ok(&["search", "Baltic grid cable", "--format", "ndjson"]));
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0]["copies"], 4);
    let all = ndjson(&env.ok(&[
        "search",
        "Baltic grid cable",
        "--copies",
        "--format",
        "ndjson",
    ]));
    assert_eq!(all.len(), 5);
    // The sources of the other four, named once each.
    let mut others: Vec<&str> = all
        .iter()
        .filter(|h| h["id"] != hits[0]["id"])
        .filter_map(|h| h["source"].as_str())
        .collect();
    others.sort();
    others.dedup();
    assert_eq!(hits[0]["copy_sources"], serde_json::json!(others));
    assert!(all
        .iter()
        .all(|h| h["story"] == hits[0]["story"] && h["copies"] == 4));

    // The readable list says how many copies and where they ran; stderr counts both.
    let out = env.cmd(&["search", "grid"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("+4 copies: "), "{text}");
    assert_eq!(text.matches("+4 copies").count(), 1, "{text}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("1 of 1 stories (5 matching documents"),
        "{err}"
    );

    // Paging counts stories: page 2 of one story per page is the next story.
    let first = ndjson(&env.ok(&[
        "search", "*", "-n", "1", "--sort", "oldest", "--format", "ndjson",
    ]));
    let second = ndjson(&env.ok(&[
        "search", "*", "-n", "1", "--offset", "1", "--sort", "oldest", "--format", "ndjson",
    ]));
    assert_ne!(first[0]["story"], second[0]["story"]);
    let every = ndjson(&env.ok(&["search", "*", "-n", "100", "--format", "ndjson"]));
    assert_eq!(every.len(), 6, "10 articles, 6 stories");

    // Templated notices are two hits.
    let notices = ndjson(&env.ok(&["search", "first quarter net profit", "--format", "ndjson"]));
    assert_eq!(notices.len(), 2);
}

#[test]
fn show_lists_the_story_earliest_first_marking_the_original_and_the_update() {
    let (env, _) = stories_env();
    let docs = all_documents(&env, &env.index_dir());
    let update = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("update.txt"))
        .unwrap();
    let text = env.ok(&["show", update["id"].as_str().unwrap()]);
    assert!(
        text.contains("story       5 articles, earliest first"),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(rows.len(), 5, "{text}");
    assert!(
        rows[0].trim_start().starts_with("original  2026-02-10"),
        "{text}"
    );
    assert!(
        rows[4].trim_start().starts_with("update    2026-02-11"),
        "{text}"
    );
    assert!(rows[4].contains("UPDATE 1-Baltic") && rows[4].ends_with("<- this one"));
    let json: serde_json::Value = serde_json::from_str(&env.ok(&[
        "show",
        update["id"].as_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    let members = json["story_members"].as_array().unwrap();
    assert_eq!(members.len(), 5);
    assert_eq!(members[0]["id"], json["story"]);
    // A story of one lists nothing.
    let other = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("other.txt"))
        .unwrap();
    assert!(!env
        .ok(&["show", other["id"].as_str().unwrap()])
        .contains("story "));
}

#[test]
fn top_and_timeline_count_stories_unless_asked_for_articles() {
    let (env, _) = stories_env();
    let top = |count: &str| -> serde_json::Value {
        serde_json::from_str(&env.ok(&[
            "top", "*", "--field", "country", "--count", count, "--format", "json",
        ]))
        .unwrap()
    };
    let value = |page: &serde_json::Value, code: &str| {
        page["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["value"] == code)
            .map(|v| v["count"].as_u64().unwrap())
    };
    let (stories, articles) = (top("stories"), top("articles"));
    assert_eq!(stories["count"], "stories");
    assert_eq!(value(&stories, "LT"), Some(1), "{stories}");
    assert_eq!(value(&articles, "LT"), Some(5), "{articles}");
    assert_eq!(
        (stories["total"].as_u64(), articles["total"].as_u64()),
        (Some(6), Some(10))
    );
    // The default is stories, and the text says so.
    let out = env
        .cmd(&["top", "*", "--field", "country"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("among 6 matching stories"), "{err}");

    let timeline = |count: &str| -> serde_json::Value {
        serde_json::from_str(&env.ok(&[
            "timeline", "grid", "--by", "day", "--count", count, "--format", "json",
        ]))
        .unwrap()
    };
    let days = |t: &serde_json::Value| -> Vec<(String, u64)> {
        t["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["period"].as_str().unwrap().into(),
                    p["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // The story counts once, on the day of its earliest article; the update's day is empty.
    assert_eq!(days(&timeline("stories")), [("2026-02-10".into(), 1)]);
    assert_eq!(
        days(&timeline("articles")),
        [("2026-02-10".into(), 4), ("2026-02-11".into(), 1)]
    );

    let stats: serde_json::Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(
        (stats["stories"].as_u64(), stats["copies"].as_u64()),
        (Some(6), Some(4))
    );
    assert!(env
        .ok(&["stats"])
        .contains("stories: 6 (4 documents are copies"));
}

#[test]
fn stories_follow_added_deleted_changed_and_moved_files_as_a_rebuild_would() {
    let (env, news) = stories_env();
    let check = |step: &str| {
        let now = stories_at(&env, &env.index_dir());
        assert_eq!(
            now,
            rebuilt(&env, &news, &format!("ref-{step}")),
            "after {step}"
        );
        now
    };
    // Start without the wire's original and the update; add them later.
    let hold = env.path().join("hold");
    std::fs::create_dir_all(&hold).unwrap();
    for f in ["wire.txt", "ap.txt"] {
        std::fs::rename(news.join(f), hold.join(f)).unwrap();
    }
    env.ok(&["index", "-q"]);
    let before = check("without-original");
    assert_eq!(groups(&before).len(), 1);
    for f in ["wire.txt", "ap.txt"] {
        std::fs::rename(hold.join(f), news.join(f)).unwrap();
    }
    env.ok(&["index", "-q"]);
    let joined = check("added-later");
    assert_eq!(groups(&joined), vec![WIRE.map(String::from).to_vec()]);
    let head = joined["wire.txt"].clone();

    // Delete the story's earliest member: the story takes the next earliest one's id.
    let earliest = all_documents(&env, &env.index_dir())
        .into_iter()
        .find(|d| d["id"] == head.as_str())
        .unwrap();
    std::fs::remove_file(earliest["path"].as_str().unwrap()).unwrap();
    env.ok(&["index", "-q"]);
    let after = check("original-deleted");
    assert_eq!(groups(&after)[0].len(), 4);
    assert_ne!(after["update.txt"], head);

    // Change a copy so it no longer matches: it leaves the story.
    std::fs::write(
        news.join("herald.txt"),
        "Herald opens a new printing plant\n\nFebruary 10, 2026\n\nThe Herald opened a printing \
         plant on Tuesday in the harbour district, the newspaper said, creating forty jobs.\n",
    )
    .unwrap();
    env.ok(&["index", "-q"]);
    let changed = check("copy-changed");
    assert_eq!(groups(&changed)[0].len(), 3);
    assert_eq!(changed["herald.txt"].len(), 16);

    // Move the files of the story into another folder: new ids, the same story.
    let moved = news.join("moved");
    std::fs::create_dir_all(&moved).unwrap();
    for f in ["trimmed.txt", "update.txt"] {
        std::fs::rename(news.join(f), moved.join(f)).unwrap();
    }
    env.ok(&["index", "-q"]);
    let after_move = check("moved");
    assert_eq!(groups(&after_move)[0].len(), 3);
}

//! The world's press end to end: articles written for these tests in Japanese, Chinese, German
//! and Russian (`tests/fixtures/multilingual/`) are indexed and searched as a reader would:
//! words inside unspaced CJK text, dates written out in each language, page furniture in each
//! language kept out of the body.

mod common;

use std::path::Path;

use common::{ndjson, Env};

fn archive() -> Env {
    let env = Env::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multilingual");
    common::copy_dir(&dir, &env.path().join("press"));
    env.ok(&["index", env.path().join("press").to_str().unwrap()]);
    env
}

fn hits(env: &Env, query: &str) -> Vec<serde_json::Value> {
    ndjson(&env.ok(&["search", query, "--format", "ndjson"]))
}

fn titles(env: &Env, query: &str) -> Vec<String> {
    hits(env, query)
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn words_inside_chinese_and_japanese_text_are_found_and_highlighted() {
    let env = archive();
    // A ministry's name in the middle of a Japanese sentence, and in a headline.
    assert_eq!(titles(&env, "外務省"), ["外務大臣、ウクライナ支援で会談"]);
    assert_eq!(
        titles(&env, "ウクライナ"),
        ["外務大臣、ウクライナ支援で会談"]
    );
    // 外交部 (the Chinese foreign ministry) is not 外務省: the characters must stand together.
    assert_eq!(titles(&env, "外交部"), ["外交部发言人就中东局势答记者问"]);
    assert_eq!(titles(&env, "记者会"), ["外交部发言人就中东局势答记者问"]);
    assert!(titles(&env, "外交省").is_empty());
    // The snippet highlights the matched characters, not the whole sentence.
    let hit = &hits(&env, "会談")[0];
    let snippet = &hit["snippet"];
    let text: Vec<char> = snippet["text"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = snippet["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (a, b) = (h[0].as_u64().unwrap(), h[1].as_u64().unwrap());
            text[a as usize..b as usize].iter().collect()
        })
        .collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|m| m == "会談"),
        "{marked:?}"
    );
}

#[test]
fn dates_written_out_in_each_language_date_the_articles() {
    let env = archive();
    let docs = hits(&env, "*");
    let date_of = |prefix: &str| -> String {
        let d = docs
            .iter()
            .find(|d| d["path"].as_str().unwrap().contains(prefix))
            .unwrap();
        assert_eq!(d["date_source"], "text", "{prefix}");
        d["date"].as_str().unwrap()[..10].to_string()
    };
    assert_eq!(date_of("de-haushalt"), "2026-01-07");
    assert_eq!(date_of("ru-peregovory"), "2026-01-07");
    assert_eq!(date_of("ja-gaimusho"), "2026-01-07");
    assert_eq!(date_of("zh-waijiaobu"), "2026-02-03");
    assert_eq!(
        titles(&env, "date:2026-02"),
        ["外交部发言人就中东局势答记者问"]
    );
}

#[test]
fn comments_related_blocks_and_share_labels_in_other_languages_leave_the_body() {
    let env = archive();
    let body = |query: &str| hits(&env, query)[0]["body"].as_str().unwrap().to_string();
    let de = body("Verteidigungshaushalt");
    assert!(de.contains("Debatte im Parlament"), "{de}");
    for gone in ["Teilen", "Kommentare", "Hamburg", "Peking"] {
        assert!(!de.contains(gone), "{gone} in {de}");
    }
    let ru = body("переговоров");
    assert!(ru.contains("запланирована на февраль"), "{ru}");
    assert!(!ru.contains("Пекине") && !ru.contains("Читайте"), "{ru}");
    let zh = body("外交部");
    assert!(!zh.contains("相关新闻") && !zh.contains("另一篇"), "{zh}");
    // The comment writer's Peking/Paris are no entities of the article.
    assert!(
        hits(&env, "Verteidigungshaushalt")[0]["entities"]["countries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c != "CN" && c != "FR")
    );
}

#[test]
fn spellings_readers_type_differently_from_print_find_the_printed_ones() {
    let env = archive();
    let ru = "Министры обсудили новые переговоры";
    let ar = "وزير الخارجية يلتقي نظيره في القاهرة";
    let tr = "Dışişleri Bakanı İstanbul'da mevkidaşıyla görüştü";
    for (typed, title) in [
        // Russian without the dots of ё; German ss for ß.
        ("Семенов", ru),
        ("Семёнов", ru),
        (
            "Wilhelmstrasse",
            "Koalition einigt sich auf Verteidigungshaushalt",
        ),
        // Arabic without hamza, with ه for ة.
        ("الامم", ar),
        ("القاهره", ar),
        // Turkish dotted capital and dotless i typed as plain i.
        ("istanbul", tr),
        ("diyarbakir", tr),
        // Full-width letters in Japanese text, typed as ASCII.
        ("NATO", "外務大臣、ウクライナ支援で会談"),
    ] {
        assert_eq!(titles(&env, typed), [title], "{typed}");
    }
    // Dates in Arabic and Turkish too.
    assert_eq!(
        titles(&env, "date:2026-01-07").len(),
        5,
        "{:?}",
        titles(&env, "date:2026-01-07")
    );
}

#[test]
fn inflected_forms_are_found_in_each_documents_own_language() {
    let env = archive();
    let de = "Koalition einigt sich auf Verteidigungshaushalt";
    let ru = "Министры обсудили новые переговоры";
    // The German body says `Verhandlungen`, the Russian `переговоров`; English stemming finds
    // neither from these forms.
    assert_eq!(titles(&env, "Verhandlung"), [de]);
    assert_eq!(titles(&env, "переговорах"), [ru]);
    assert_eq!(titles(&env, "lang:de Verhandlung"), [de]);
    assert!(titles(&env, "lang:ru Verhandlung").is_empty());
    // Exact words still match, in every language.
    assert_eq!(titles(&env, "Verhandlungen"), [de]);
    // The snippet marks the inflected form the article uses.
    let hit = &hits(&env, "Verhandlung")[0];
    let text: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
    let h = &hit["snippet"]["highlights"][0];
    let marked: String = text[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert_eq!(marked, "Verhandlungen");
}

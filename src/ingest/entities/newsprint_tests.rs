//! Tests of entity extraction on sentences a newspaper would print: each ambiguous name
//! (`Georgia`, `Jordan`, `Turkey`, `Chad`, `Washington`...), historical names, people's cues and
//! the organisations foreign news names. Kept apart from `mod.rs` to keep that file readable.

use super::extract;

/// Countries mentioned (the `mentions` keys that are country codes).
fn mentioned(title: &str, body: &str) -> Vec<String> {
    let e = extract(title, body, &[], None);
    let mut v: Vec<String> = e
        .mentions
        .keys()
        .filter(|k| k.len() == 2 && k.chars().all(|c| c.is_ascii_uppercase()))
        .cloned()
        .collect();
    v.sort();
    v
}

fn has(title: &str, body: &str, code: &str) -> bool {
    mentioned(title, body).iter().any(|c| c == code)
}

#[test]
fn georgia_the_country_and_the_state() {
    assert!(has(
        "Talks",
        "Georgia's parliament in Tbilisi passed the law.",
        "GE"
    ));
    assert!(!has(
        "Storm",
        "Atlanta, Georgia, was hit by a storm, US officials said.",
        "GE"
    ));
}

#[test]
fn jordan_the_country_and_the_person() {
    assert!(has(
        "Aid",
        "Jordan hosts more than a million refugees, Amman said.",
        "JO"
    ));
    assert!(!has("Sport", "Michael Jordan won six titles.", "JO"));
}

#[test]
fn turkey_the_country_and_the_bird() {
    assert!(has(
        "Talks",
        "Turkey said it would host the talks in Ankara.",
        "TR"
    ));
    assert!(!has(
        "Holiday",
        "Families roasted a turkey for Thanksgiving.",
        "TR"
    ));
}

#[test]
fn chad_the_country_and_the_first_name() {
    assert!(has("Sahel", "Troops left Chad last year.", "TD"));
    assert!(!has(
        "Local",
        "Chad Smith, a local farmer, said prices fell.",
        "TD"
    ));
}

#[test]
fn niger_and_the_guineas() {
    assert!(has(
        "Coup",
        "Soldiers in Niger detained the president.",
        "NE"
    ));
    assert!(!has(
        "Coup",
        "Soldiers in Nigeria detained the governor.",
        "NE"
    ));
    assert!(has("Vote", "Guinea held a referendum on Sunday.", "GN"));
    for (text, code) in [
        ("Guinea-Bissau held elections.", "GW"),
        ("Equatorial Guinea exports oil.", "GQ"),
        ("Papua New Guinea was hit by a quake.", "PG"),
    ] {
        let m = mentioned("News", text);
        assert_eq!(m, [code], "{text}");
    }
}

#[test]
fn china_inside_the_south_china_sea() {
    assert!(mentioned("Patrol", "A patrol sailed through the South China Sea.").is_empty());
    assert!(has("Patrol", "China protested the patrol.", "CN"));
}

#[test]
fn washington_city_government_and_name() {
    assert!(has(
        "Talks",
        "Officials in Washington said they would study the offer.",
        "US"
    ));
    assert!(has(
        "Trade",
        "Washington imposed new tariffs on Friday.",
        "US"
    ));
    assert!(!has(
        "Film",
        "The actor Denzel Washington arrived in the city.",
        "US"
    ));
}

#[test]
fn us_the_country_and_us_the_pronoun() {
    assert!(has("Trade", "The US raised tariffs.", "US"));
    assert!(!has("Letter", "Write to us with your questions.", "US"));
}

#[test]
fn national_bodies_count_for_their_country() {
    assert!(has("Rates", "The Bank of England held rates.", "GB"));
    assert!(has(
        "Politics",
        "South Africa's ANC lost its majority.",
        "ZA"
    ));
}

#[test]
fn historical_names_map_to_successor_states() {
    for (text, code) in [
        ("The Soviet Union signed the treaty.", "RU"),
        ("The USSR signed the treaty.", "RU"),
        ("Soviet officials signed the treaty.", "RU"),
        ("West Germany signed the treaty.", "DE"),
        ("Burma signed the treaty.", "MM"),
        ("Zaire signed the treaty.", "CD"),
        ("The Republic of Korea signed the treaty.", "KR"),
        ("The U.K. signed the treaty.", "GB"),
        ("Great Britain signed the treaty.", "GB"),
        ("America signed the treaty.", "US"),
    ] {
        assert_eq!(mentioned("Treaty", text), [code], "{text}");
    }
}

#[test]
fn kyiv_in_both_spellings_and_demonym_plurals() {
    assert!(has("War", "Missiles struck Kyiv overnight.", "UA"));
    assert!(has("War", "Missiles struck Kiev overnight.", "UA"));
    assert!(has("Vote", "Italians voted on Sunday.", "IT"));
}

fn people(body: &str) -> Vec<String> {
    extract("News", body, &[], None).people
}

#[test]
fn people_found_by_their_titles() {
    for (text, name) in [
        ("President Emmanuel Macron spoke.", "Emmanuel Macron"),
        ("Prime Minister Keir Starmer spoke.", "Keir Starmer"),
        ("Foreign Minister Antonio Tajani spoke.", "Antonio Tajani"),
        ("Chancellor Olaf Scholz spoke.", "Olaf Scholz"),
        ("Secretary of State George Shultz spoke.", "George Shultz"),
        ("Ambassador Linda Cole spoke.", "Linda Cole"),
        ("Minister of Finance Ana Ruiz spoke.", "Ana Ruiz"),
        ("Mr. Peter Hall spoke.", "Peter Hall"),
        ("Dr. Sara Lind spoke.", "Sara Lind"),
        (
            "\"We will act,\" said Tom Brand, the central bank's governor.",
            "Tom Brand",
        ),
    ] {
        let p = people(text);
        assert!(
            p.iter()
                .any(|x| x == name || x.ends_with(name.rsplit(' ').next().unwrap())),
            "{name} missing from {p:?} in {text}"
        );
    }
}

#[test]
fn curated_leaders_by_bare_surname() {
    for (text, surname) in [
        ("Reagan vetoed the bill.", "Reagan"),
        ("Putin met the envoy.", "Putin"),
        ("Zelensky met the envoy.", "Zelensky"),
        ("Zelenskyy met the envoy.", "Zelensky"),
    ] {
        let p = people(text);
        assert!(p.iter().any(|x| x.contains(surname)), "{surname}: {p:?}");
    }
}

#[test]
fn no_people_from_places_months_orgs_or_sentence_openers() {
    for text in [
        "President of France said March was busy.",
        "Officials said NATO and the European Union agreed.",
        "Meanwhile the talks went on. However nothing changed.",
        "Minister said in Paris on Monday that Berlin agreed.",
    ] {
        let p = people(text);
        assert!(p.is_empty(), "{text}: {p:?}");
    }
}

#[test]
fn international_organisations() {
    for (text, org) in [
        ("NATO met.", "NATO"),
        ("The EU met.", "European Union"),
        ("The G7 met.", "G7"),
        ("The G20 met.", "G20"),
        ("BRICS met.", "BRICS"),
        ("ASEAN met.", "ASEAN"),
        ("The African Union met.", "African Union"),
        ("The OSCE met.", "OSCE"),
        ("The IAEA met.", "International Atomic Energy Agency"),
        ("The ICC met.", "International Criminal Court"),
        ("The WHO met.", "World Health Organization"),
        ("The IMF met.", "International Monetary Fund"),
        ("The World Bank met.", "World Bank"),
        ("OPEC met.", "OPEC"),
        ("GATT met.", "General Agreement on Tariffs and Trade"),
        ("The EEC met.", "European Community"),
        ("The European Community met.", "European Community"),
    ] {
        let e = extract("Meeting", text, &[], None);
        assert!(e.orgs.iter().any(|o| o == org), "{org}: {:?}", e.orgs);
    }
}

#[test]
fn news_agencies_are_kept_apart_from_countries() {
    // An agency cited in the text is an organisation, but not evidence for its home country.
    let e = extract(
        "Talks",
        "Officials met in Cairo, the Associated Press reported.",
        &[],
        None,
    );
    assert!(
        e.orgs.iter().any(|o| o == "Associated Press"),
        "{:?}",
        e.orgs
    );
    assert_eq!(e.countries, ["EG"]);
}

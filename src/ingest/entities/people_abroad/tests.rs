//! Unit tests of people found in other languages, by given name, title and pair.
use super::*;

fn names(text: &str, lang: &str) -> Vec<String> {
    cued_names(text, lang).into_iter().map(|c| c.name).collect()
}

#[test]
fn given_names_and_titles_lead_to_people_in_their_nominative() {
    assert_eq!(
        names("Об этом сообщил Дмитрий Леонов.", "ru"),
        ["Dmitry Leonov"]
    );
    assert_eq!(
        names("Встреча с Дмитрием Леоновым прошла", "ru"),
        ["Dmitry Leonov"]
    );
    assert_eq!(
        names("spotkanie premiera Mateusza Morawieckiego z", "pl"),
        ["Mateusz Morawiecki"]
    );
    assert_eq!(
        names("sagte Bundeskanzler Friedrich Merz am", "de"),
        ["Friedrich Merz"]
    );
}

#[test]
fn each_language_romanises_its_own_letters() {
    assert_eq!(
        romanise("Олександр Гончаренко", "uk"),
        "Oleksandr Honcharenko"
    );
    assert_eq!(romanise("Джон Съливан", "bg"), "Dzhon Salivan");
    assert_eq!(romanise("Алексей Навальный", "ru"), "Aleksey Navalny");
    assert_eq!(romanise("Александар Вучић", "sr"), "Aleksandar Vucic");
}

#[test]
fn a_foreign_womans_czech_suffix_is_taken_off_a_czech_womans_kept() {
    assert_eq!(
        names("Podle Angely Merkelové je to chyba.", "cs"),
        ["Angela Merkel"]
    );
    assert_eq!(
        names("řekla Jana Nováková z ministerstva", "cs"),
        ["Jana Nováková"]
    );
}

#[test]
fn patronymics_are_dropped() {
    assert_eq!(
        names("Михаил Владимирович Мишустин заявил", "ru"),
        ["Mikhail Mishustin"]
    );
}

#[test]
fn an_irish_apostrophe_stays_in_the_name() {
    assert_eq!(
        names("Dyrektor Michael O'Leary powiedział, że", "pl"),
        ["Michael O'Leary"]
    );
    assert_eq!(romanise("Майкл О’Лірі", "uk"), "Maykl O'Liri");
    // ... which then sounds like the curated person's English spelling.
    assert_eq!(names("заявив Майкл О’Лірі, що", "uk"), ["Michael O'Leary"]);
    // A middle name that does not decline keeps its form; the others go back, and the
    // curated person sounds the same.
    assert_eq!(
        names("зустрівся з Ларсом Лекке Расмуссеном у", "uk"),
        ["Lars Løkke Rasmussen"]
    );
}

#[test]
fn curated_people_are_heard_in_spellings_the_list_lacks() {
    let heard = |text: &str, lang: &str| -> Vec<String> {
        heard_names(text, lang)
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    assert_eq!(
        heard("Встреча с Гюнтером Эттингером прошла в Брюсселе.", "ru"),
        ["Günther Oettinger"]
    );
    assert_eq!(
        heard("Setkání s Güntherem Oettingerem proběhlo v Bruselu.", "cs"),
        ["Günther Oettinger"]
    );
    assert_eq!(heard("Марк Цукерберг заявил", "ru"), ["Mark Zuckerberg"]);
    // Capitalised pairs that only sound alike in part are no one.
    assert!(heard("И если о Польше Россия может говорить", "ru").is_empty());
    assert!(heard("Summary of Commercial Jet Airplane Accidents", "de").is_empty());
}

#[test]
fn a_foreign_womans_czech_suffix_goes_in_every_case_and_after_an_unknown_given_name() {
    // An unknown given name, itself inflected: the suffix says she is a woman, and foreign.
    let found = names(
        "Soud včera vyslechl Rosalindu Hartleyovou kvůli sporu.",
        "cs",
    );
    assert!(found.iter().any(|n| n.ends_with(" Hartley")), "{found:?}");
    // A Czech woman's name keeps its suffix, back in the nominative.
    assert_eq!(
        names("Soud včera vyslechl Markétu Novákovou kvůli sporu.", "cs"),
        ["Markéta Nováková"]
    );
}

#[test]
fn bulgarian_names_stand_as_written() {
    // No cases: both words in `-а` are a woman's nominative, not a man's genitive.
    assert_eq!(
        names("Заявлението на Ружа Любенова беше ясно.", "bg"),
        ["Ruzha Lyubenova"]
    );
}

#[test]
fn the_bare_stem_of_a_longer_given_name_is_a_given_name_as_written() {
    // `Dan` is no case form of `Danko`: the name is Dan's.
    assert_eq!(
        names("Podle ministra řekl Dan Hollister z ministerstva", "cs"),
        ["Dan Hollister"]
    );
}

#[test]
fn possessive_adjectives_and_religious_figures_name_curated_people() {
    let people = |title: &str, body: &str, lang: &str| {
        super::super::extract(title, body, &[], Some(lang)).people
    };
    // Czech `Trumpův` (Trump's) is Donald Trump.
    let found = people(
        "Cla",
        "Nová cla ohlásil Donald Trump v pondělí. Trumpův plán kritizovali v Bruselu.",
        "cs",
    );
    assert!(found.contains(&"Donald Trump".to_string()), "{found:?}");
    // The prophet by his title, then by his name alone.
    let found = people(
        "Protesty",
        "Karikatury proroka Mohameda vyvolaly protesty. Demonstranti nesli Mohamedova jména.",
        "cs",
    );
    assert!(found.contains(&"Prophet Muhammad".to_string()), "{found:?}");
    let found = people(
        "Протесты",
        "Карикатуры на пророка Мухаммеда вызвали протесты в нескольких странах.",
        "ru",
    );
    assert!(found.contains(&"Prophet Muhammad".to_string()), "{found:?}");
    // A bare name alone, with no title in the article, is no one in particular.
    let found = people(
        "Volby",
        "Starostou se stal Mohamed Novák. Mohamed slíbil nové chodníky.",
        "cs",
    );
    assert!(
        !found.contains(&"Prophet Muhammad".to_string()),
        "{found:?}"
    );
}

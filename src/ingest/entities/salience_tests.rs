//! Tests of the salience rules (which countries an article is *about*, see `salience`) on
//! stories written for them, one per rule, through the whole extraction: what a reader sees
//! as a document's `countries`, while every named country stays in `mentions`.

use super::extract;

#[test]
fn a_headline_country_the_story_never_names_again_is_only_mentioned() {
    // The headline's `Swiss` is the currency of the bonds; the story is a Chicago company's.
    let e = extract(
        "Alder Chemical to sell Swiss franc bonds",
        "CHICAGO, May 4 - Alder Chemical Co said it would sell 200 mln francs of eight-year \
         bonds to European investors to refinance its debt.\n\n\
         The company said the issue would be led by two banks.",
        &["CHICAGO"],
        None,
    );
    assert_eq!(e.countries, ["US"]);
    assert_eq!(e.mentions["CH"], 1);
    // Named again in the story, the headline country is what the story is about.
    let e = extract(
        "Norway to cut oil output",
        "OSLO, May 4 - Norway will cut its oil output by 7.5 pct from June, the oil ministry \
         said.\n\nNorwegian producers were told last week.",
        &["OSLO"],
        None,
    );
    assert_eq!(e.countries, ["NO"]);
}

#[test]
fn a_headline_alone_keeps_its_countries() {
    // A flash with no text under it: the headline is the whole story.
    let e = extract(
        "French jobless rate rises to 11.2 pct in March",
        "",
        &[],
        None,
    );
    assert_eq!(e.countries, ["FR"]);
    let e = extract("Canada, Mexico sign grain pact", "", &[], None);
    let mut c = e.countries.clone();
    c.sort();
    assert_eq!(c, ["CA", "MX"]);
}

#[test]
fn a_lead_country_needs_three_mentions() {
    // Canada, once in the lead, is one market among others of a Japanese exporter.
    let e = extract(
        "Kanda Motor exports rise",
        "TOKYO, April 2 - Kanda Motor Co said its car exports rose 8.2 pct in March, led by \
         sales to Canada and Australia.\n\n\
         Shipments to Europe were flat, the company said.",
        &["TOKYO"],
        None,
    );
    assert_eq!(e.countries, ["JP"]);
    assert_eq!(e.mentions["CA"], 1);
    // Brazil, in the lead and twice more, is what a London coffee story is about.
    let e = extract(
        "Coffee prices firm",
        "LONDON, April 2 - Coffee futures rose on reports that Brazil would hold back its \
         exports until quota talks resume.\n\n\
         Brazilian officials denied the reports. Traders said Brazil had sold little this month.",
        &["LONDON"],
        None,
    );
    let mut c = e.countries.clone();
    c.sort();
    assert_eq!(c, ["BR", "GB"]);
}

#[test]
fn a_country_the_story_keeps_returning_to_is_kept_and_a_few_mentions_are_not() {
    // Filed in Washington, about Japan: named six times, never in the headline or lead.
    let body = "WASHINGTON, June 9 - The Commerce Department said the trade deficit narrowed \
                to 10.2 billion dlrs in April from 12.1 billion in March.\n\n\
                The deficit with Japan fell to 4.1 billion dlrs. Imports from Japan dropped \
                sharply, and Japanese car sales slowed. Officials said Japan had opened its \
                markets further, and Tokyo had promised more. Japan's exports of chips also fell.\n\n\
                The deficit with Mexico was little changed, and trade with Mexico grew.";
    let e = extract(
        "U.S. trade deficit narrows in April",
        body,
        &["WASHINGTON"],
        None,
    );
    assert_eq!(e.countries, ["US", "JP"]);
    assert_eq!(e.mentions["MX"], 2);
}

#[test]
fn a_place_line_over_an_empty_page_is_not_what_it_is_about() {
    // `London • Reuters` above a page whose story did not load: the site's desk, not the news.
    let e = extract("Walgreen February sales up 18.8 pct", "", &["London"], None);
    assert!(e.countries.is_empty(), "{:?}", e.countries);
    assert_eq!(e.mentions["GB"], 1);
}

#[test]
fn with_nothing_salient_the_first_of_the_most_mentioned_is_kept() {
    let e = extract(
        "Coffee talks stall",
        "Delegates from Brazil and Colombia failed to agree on quotas.\n\n\
         Brazil wants a larger share. Colombia says the old shares should stand.",
        &[],
        None,
    );
    assert_eq!(e.countries, ["BR"]);
    assert_eq!(e.mentions["CO"], 2);
}

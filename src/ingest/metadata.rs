//! Metadata written in an article's own lines: the dateline (`LONDON, March 9 (Reuters) -`), the
//! place-and-outlet line of news sites (`Kyiv • UNN`), bylines (`By Jane Doe and John Roe`) and
//! view counters. Each reader takes one line (or a paragraph's start) and says what it holds, so
//! every format can use them.

use std::sync::LazyLock;

use regex::Regex;

use super::dates;

/// `LONDON, March 9 (Reuters) - ...`: place, optional year-less or full date, optional agency.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Dateline {
    pub place: String,
    /// (month, day) when the dateline has a date.
    pub month_day: Option<(u32, u32)>,
    pub year: Option<i32>,
    /// The state or country written between place and date (`Colo.` in `DENVER, Colo., March 2`).
    pub region: Option<String>,
    /// The agency in parentheses, as written (`Reuters`).
    pub agency: Option<String>,
}

static DATELINE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    // A capitalised place of 1-4 words: `NEW YORK`, `St. Louis`, `Kyiv`, `BORGO EGNAZIA`.
    Regex::new(r"^\s*([A-Z][A-Za-z\u00C0-\u017F'’.-]*(?:\s+[A-Z][A-Za-z\u00C0-\u017F'’.-]*){0,3})")
        .expect("dateline regex")
});

static REGION: LazyLock<Regex> = LazyLock::new(|| {
    // `Colo.`, `Italy`, `N.J.`: a state or country after the place, before the date.
    Regex::new(r"^,\s*([A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)").expect("region regex")
});

static DATELINE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,?\s*(\d{4}))?\s*(?:\(([^()]{2,40})\))?\s*(?:-{1,2}|–|—)\s+")
        .expect("tail regex")
});

/// Read a dateline at the start of a paragraph: `PLACE[, Region], Month Day[, Year] [(Agency)] -`
/// or `PLACE (Agency) -`.
pub fn dateline(paragraph: &str) -> Option<Dateline> {
    let head = DATELINE_PLACE.captures(paragraph)?;
    let place = head.get(1)?.as_str().trim().to_string();
    let mut rest = &paragraph[head.get(0)?.end()..];
    let mut month_day = None;
    let mut region = None;
    // Try the date right after the place, then after a region (`DENVER, Colo., March 2`).
    let after_region = REGION
        .captures(rest)
        .map(|r| &rest[r.get(0).map_or(0, |m| m.end())..]);
    let region_text = REGION
        .captures(rest)
        .and_then(|r| r.get(1))
        .map(|m| m.as_str().to_string());
    for (i, candidate) in std::iter::once(rest).chain(after_region).enumerate() {
        let Some(after_comma) = candidate.strip_prefix(',') else {
            continue;
        };
        let after_comma = after_comma.trim_start();
        if let Some(md) = dates::yearless_at_start(after_comma) {
            month_day = Some(md);
            if i == 1 {
                region = region_text.clone();
            }
            let skip = after_comma.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            let digits = after_comma[skip..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(0);
            rest = &after_comma[skip + digits..];
            break;
        }
    }
    if month_day.is_none() {
        // `KYIV (Reuters) -`: without a date, the agency must follow the place.
        rest = rest.trim_start();
        if !rest.starts_with('(') {
            return None;
        }
    }
    let tail = DATELINE_TAIL.captures(rest)?;
    let agency = tail.get(2).map(|m| m.as_str().trim().to_string());
    let year = tail.get(1).and_then(|m| m.as_str().parse().ok());
    Some(Dateline {
        place,
        month_day,
        year,
        region,
        agency,
    })
}

/// A dateline an export keeps in a field of its own (`"dateline": "MOSCOW, March 16 (Reuters)"`,
/// `"location": "Windsor, Ont."`, `"place": "Київ"`): read as the body's first line would be
/// when it has the dateline's shape, else taken as a place with an optional region after its
/// first comma. The field says what it is, so a bare place (any script) is enough; a value too
/// long to be a place (a sentence put in the wrong field) is refused.
pub fn dateline_field(value: &str) -> Option<Dateline> {
    let value = value.trim().trim_end_matches(['-', '–', '—', ':', ' ']);
    if value.is_empty() {
        return None;
    }
    if let Some(d) = dateline(&format!("{value} - ")) {
        return Some(d);
    }
    let (place, region) = match value.split_once(',') {
        Some((p, r)) => (p.trim(), Some(r.trim()).filter(|r| !r.is_empty())),
        None => (value, None),
    };
    let words = |s: &str| s.split_whitespace().count();
    if place.is_empty() || words(place) > 5 || region.is_some_and(|r| words(r) > 4) {
        return None;
    }
    Some(Dateline {
        place: place.to_string(),
        month_day: None,
        year: None,
        region: region.map(str::to_string),
        agency: None,
    })
}

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([^•|·]{2,40}?)\s*[•|·]\s*([^•|·]{2,60}?)\s*$").expect("source line regex")
});

/// `Kyiv • UNN` -> (`Kyiv`, `UNN`): the place and outlet line of many news sites.
pub fn place_and_outlet(line: &str) -> Option<(String, String)> {
    if view_counter(line) {
        return None;
    }
    let c = SOURCE_LINE.captures(line)?;
    let (place, outlet) = (c[1].trim(), c[2].trim());
    let words = |s: &str| s.split_whitespace().count();
    let capitalised = |s: &str| s.chars().next().is_some_and(|c| c.is_uppercase());
    (words(place) <= 4 && words(outlet) <= 6 && capitalised(place) && capitalised(outlet))
        .then(|| (place.to_string(), outlet.to_string()))
}

static VIEWS: LazyLock<Regex> = LazyLock::new(|| {
    // English here; the other languages' nouns from `data/boilerplate.tsv` (`1.234 Aufrufe`).
    Regex::new(&format!(
        r"(?i)^\s*[•·|]?\s*[\d.,\s]*\d\s*[kmKM]?\s*(?:views?|reads?|(?:{})\w*)\s*$",
        super::boilerplate::view_nouns()
    ))
    .expect("views regex")
});

/// ` • 30 views`: a page's view counter.
pub fn view_counter(line: &str) -> bool {
    // A counter is a short line; a paragraph is not worth running the pattern over.
    line.len() <= 80 && VIEWS.is_match(line)
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*[*_]{0,2}\s*(?i:by|written by|author:|authors:)\s+([^*_]{3,120}?)\s*[*_]{0,2}\s*$",
    )
    .expect("byline regex")
});

/// `By Jane Doe and John Roe` -> [`Jane Doe`, `John Roe`]. Only names: each part must be two to
/// four capitalised words, so `By the end of the week` is not a byline.
pub fn byline(line: &str) -> Option<Vec<String>> {
    let c = BYLINE.captures(line)?;
    let list = c[1].trim().trim_end_matches(['.', ',']);
    let names: Vec<String> = list
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let is_name = |n: &String| {
        let words: Vec<&str> = n.split_whitespace().collect();
        (2..=4).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(|c| c.is_uppercase())
                    || matches!(
                        *w,
                        "de" | "van" | "von" | "der" | "da" | "di" | "la" | "le" | "bin"
                    )
            })
    };
    (!names.is_empty() && names.iter().all(is_name)).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dateline_fields_of_exports() {
        let d = dateline_field("MOSCOW, March 16 (Reuters)").unwrap();
        assert_eq!(
            (d.place.as_str(), d.month_day, d.agency.as_deref()),
            ("MOSCOW", Some((3, 16)), Some("Reuters"))
        );
        let d = dateline_field("Windsor, Ont.").unwrap();
        assert_eq!(
            (d.place.as_str(), d.region.as_deref()),
            ("Windsor", Some("Ont."))
        );
        // A bare place in any script: the field says it is a place.
        assert_eq!(dateline_field("Київ").unwrap().place, "Київ");
        assert_eq!(dateline_field("BERLIN -").unwrap().place, "BERLIN");
        // A sentence put in the wrong field is not a place.
        assert_eq!(
            dateline_field("Officials met in the capital on Monday to talk"),
            None
        );
        assert_eq!(dateline_field("  "), None);
    }

    #[test]
    fn agency_datelines() {
        let d = dateline("LONDON, March 9 (Reuters) - The pound rose.").unwrap();
        assert_eq!(d.place, "LONDON");
        assert_eq!(d.month_day, Some((3, 9)));
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        let d = dateline("TORONTO, March 23 - <Principal Neo-Tech Inc> said").unwrap();
        assert_eq!((d.place.as_str(), d.agency), ("TORONTO", None));
        let d = dateline("NEW YORK, Jan. 7, 2026 (AP) — Stocks fell.").unwrap();
        assert_eq!((d.place.as_str(), d.year), ("NEW YORK", Some(2026)));
        let d = dateline("DENVER, Colo., March 2 - The company said").unwrap();
        assert_eq!(d.place, "DENVER");
        assert_eq!(d.region.as_deref(), Some("Colo."));
        let d = dateline("LONDON, March 9 (Reuters) - The pound rose.").unwrap();
        assert_eq!(d.region, None);
        let d = dateline("KYIV (Reuters) - Ukraine said").unwrap();
        assert_eq!((d.place.as_str(), d.month_day), ("KYIV", None));
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert_eq!(
            dateline("Italy will not send troops, Meloni said - again."),
            None
        );
        assert_eq!(
            dateline("Ukraine has been keen to shore up its security."),
            None
        );
        assert_eq!(dateline("Kyiv - the capital"), None);
    }

    #[test]
    fn place_and_outlet_lines() {
        assert_eq!(
            place_and_outlet("Kyiv • UNN"),
            Some(("Kyiv".into(), "UNN".into()))
        );
        assert_eq!(place_and_outlet(" • 30 views"), None);
        assert_eq!(
            place_and_outlet("a long sentence • with a bullet in the middle of it all"),
            None
        );
    }

    #[test]
    fn view_counters() {
        assert!(view_counter(" • 30 views"));
        assert!(view_counter("• 1,204 views"));
        assert!(!view_counter("30 views of the city"));
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Jane Doe").unwrap(), ["Jane Doe"]);
        assert_eq!(
            byline("*By Jane Doe and John Roe*").unwrap(),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(byline("By the end of the week talks resumed"), None);
    }
}

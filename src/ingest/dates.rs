//! Finding publication dates in text and paths.
//!
//! News pages write dates in many forms; these are the ones seen in the seeds, the Reuters
//! layouts and common scrapers: ISO (`2026-01-07`, `2026-01-07T10:00:00+02:00`), `January 7, 2026`,
//! `Jan. 7, 2026`, `7 January 2026`, `07.01.2026` (day first, as in European pages),
//! `7-JAN-2026 15:01:01` (Reuters wire), RFC 2822 (`Wed, 07 Jan 2026 10:15:00 +0000`). A date with a
//! UTC offset is converted to UTC, so its day can move; a date without a time is midnight UTC.
//! Slash dates (`01/07/2026`) are not read: month-first and day-first are both common and a wrong
//! guess is worse than falling back to the path or mtime.
//!
//! Other languages: day, month name, year in the 30-odd languages of `data/months.tsv`
//! (`7. Januar 2026`, `7 janvier 2026`, `7 de enero de 2026`, `7 января 2026`, `7 stycznia 2026`,
//! `7 Ocak 2026`, `7 يناير 2026`, `7 בינואר 2026`), Hungarian year first (`2026. január 7.`), and
//! the Chinese, Japanese and Korean `2026年1月7日` / `2026년 1월 7일`. Digits may be Arabic-Indic,
//! Persian or full-width (`٧ يناير ٢٠٢٦`). Solar Hijri and other calendars are not converted.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use regex::Regex;

const MONTH: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// The date forms, each with how to read its captures. Tried together; the leftmost match wins.
static FORMS: LazyLock<Vec<(Form, Regex)>> = LazyLock::new(|| {
    let m = MONTH;
    let src = [
        (Form::Rfc2822, format!(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+\d{{1,2}}\s+{m}\s+\d{{4}}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:[+-]\d{{4}}|GMT|UTC?|[ECMP][SD]T|Z)?")),
        (Form::Iso, r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\b".to_string()),
        (Form::MonthDayYear, format!(r"\b({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")),
        (Form::DayMonthYear, format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})\.?,?\s+(\d{{4}})\b")),
        (Form::Wire, format!(r"\b(\d{{1,2}})-({m})-(\d{{4}})(?:\s+(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?(?:\.\d+)?)?")),
        (Form::Dotted, r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b".to_string()),
        (Form::Named, format!(r"(?i)\b(\d{{1,2}})\.?\s+(?:de\s+|ב-?)?({n})\.?,?\s+(?:de\s+|del\s+|năm\s+)?(\d{{4}})\b", n = FOREIGN.1)),
        (Form::YearNamed, format!(r"(?i)\b(\d{{4}})\.\s+({n})\s+(\d{{1,2}})\b", n = FOREIGN.1)),
        (Form::Cjk, r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]".to_string()),
    ];
    src.into_iter()
        .map(|(form, re)| (form, Regex::new(&re).expect("date regex")))
        .collect()
});

/// The month table of other languages: every form (lowercase) to its month, and the forms as a
/// regex alternation, longest first so `ژانویهٔ` is tried before `ژانویه`.
static FOREIGN: LazyLock<(HashMap<String, u32>, String)> = LazyLock::new(|| {
    let mut months = HashMap::new();
    for line in include_str!("data/months.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        for (i, forms) in line.split('\t').skip(1).enumerate() {
            for form in forms.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                months.insert(form.to_lowercase(), i as u32 + 1);
            }
        }
    }
    let mut forms: Vec<&String> = months.keys().collect();
    forms.sort_by_key(|f| (std::cmp::Reverse(f.chars().count()), f.to_string()));
    let alternation = forms
        .iter()
        .map(|f| regex::escape(f))
        .collect::<Vec<_>>()
        .join("|");
    (months, alternation)
});

static YEARLESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")).expect("yearless regex")
});

static PATH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/\\_.-])((?:19|20)\d{2})[/\\_-](\d{2})[/\\_-](\d{2})(?:$|[/\\_.-])")
        .expect("path date regex")
});

static PATH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/\\_.-])((?:19|20)\d{2})(?:$|[/\\_.-])").expect("year regex")
});

#[derive(Debug, Clone, Copy)]
enum Form {
    Rfc2822,
    Iso,
    MonthDayYear,
    DayMonthYear,
    Wire,
    Dotted,
    /// Day, month name, year in another language (`7 января 2026`).
    Named,
    /// Year, month name, day (`2026. január 7.`).
    YearNamed,
    /// `2026年1月7日`, `2026년 1월 7일`.
    Cjk,
}

/// A date found in text, with the byte range it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    pub date: DateTime<Utc>,
    pub span: Range<usize>,
}

/// The leftmost complete date (with a year) in `text`.
pub fn find_date(text: &str) -> Option<FoundDate> {
    find_dates(text).next()
}

/// Every complete date in `text`, in order, non-overlapping.
pub fn find_dates(text: &str) -> impl Iterator<Item = FoundDate> + '_ {
    // Every form has a four-digit year: a text without four digits in a row (most header lines:
    // headlines, bylines) is passed over without running the patterns.
    let dated = has_year_digits(text);
    let mut pos = 0;
    // Each form's next match at or after `pos`, kept until `pos` passes its start (searching
    // from `pos` again would find the same match). Searching every form again after each
    // candidate cost one scan of the rest of the text per rejected candidate: 8,000
    // `2026-13-45` followed by one `07.01.2026` (88 KB) took 2.6 s, quadratic; now each form
    // scans the text about once. `captures_at` searches the whole text from `pos`, so `\b`
    // sees the character before `pos` (a slice would make its start a word boundary).
    let mut next: Vec<Option<regex::Captures<'_>>> = Vec::new();
    std::iter::from_fn(move || loop {
        if !dated {
            return None;
        }
        if next.is_empty() {
            next = FORMS
                .iter()
                .map(|(_, re)| re.captures_at(text, 0))
                .collect();
        }
        for (i, (_, re)) in FORMS.iter().enumerate() {
            let stale = next[i]
                .as_ref()
                .is_some_and(|c| c.get(0).is_none_or(|m| m.start() < pos));
            if stale {
                next[i] = re.captures_at(text, pos);
            }
        }
        // Leftmost start wins; on a tie, the earlier (more specific) form.
        let start =
            |c: &Option<regex::Captures>| c.as_ref().and_then(|c| c.get(0)).map(|m| m.start());
        let i = (0..FORMS.len())
            .filter(|&i| start(&next[i]).is_some())
            .min_by_key(|&i| start(&next[i]))?;
        let caps = next[i].take()?;
        let whole = caps.get(0)?;
        let span = whole.start()..whole.end();
        pos = span.end;
        // The taken form searches again from the new `pos` on the next round.
        next[i] = FORMS[i].1.captures_at(text, pos);
        if let Some(date) = read(FORMS[i].0, &caps) {
            return Some(FoundDate { date, span });
        }
    })
}

fn read(form: Form, c: &regex::Captures) -> Option<DateTime<Utc>> {
    let num = |i: usize| c.get(i).and_then(|m| digits(m.as_str()));
    let year = |i: usize| c.get(i).and_then(|m| digits(m.as_str())).map(|y| y as i32);
    let month = |i: usize| c.get(i).and_then(|m| month_number(m.as_str()));
    let named = |i: usize| {
        c.get(i)
            .and_then(|m| FOREIGN.0.get(&m.as_str().to_lowercase()).copied())
    };
    let (y, mo, d, time) = match form {
        Form::Rfc2822 => {
            let s = c.get(0)?.as_str();
            return DateTime::parse_from_rfc2822(s)
                .ok()
                .map(|d| d.with_timezone(&Utc))
                .filter(|d| plausible_year(chrono::Datelike::year(d)))
                .or_else(|| {
                    // Without a zone RFC 2822 parsing fails; read the date part alone.
                    let m = FORMS[3].1.captures(s)?;
                    read(Form::DayMonthYear, &m)
                });
        }
        Form::Iso => {
            let time = hms(num(4), num(5), num(6));
            if let (Some(t), Some(zone)) = (time, c.get(7)) {
                let date = NaiveDate::from_ymd_opt(year(1)?, num(2)?, num(3)?)?;
                return with_offset(date.and_time(t), zone.as_str());
            }
            (year(1)?, num(2)?, num(3)?, time)
        }
        Form::MonthDayYear => (year(3)?, month(1)?, num(2)?, None),
        Form::DayMonthYear => (year(3)?, month(2)?, num(1)?, None),
        Form::Wire => (year(3)?, month(2)?, num(1)?, hms(num(4), num(5), num(6))),
        Form::Dotted => (year(3)?, num(2)?, num(1)?, None),
        Form::Named => (year(3)?, named(2)?, num(1)?, None),
        Form::YearNamed => (year(1)?, named(2)?, num(3)?, None),
        Form::Cjk => (year(1)?, num(2)?, num(3)?, None),
    };
    if !plausible_year(y) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, mo, d)?;
    Some(Utc.from_utc_datetime(&date.and_time(time.unwrap_or(NaiveTime::MIN))))
}

/// Whether `text` has four digits in a row (of the scripts [`digits`] reads).
fn has_year_digits(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if digit(c).is_some() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The value of a run of decimal digits of any script the patterns' `\d` matches that news
/// uses: ASCII, Arabic-Indic (`٢٠٢٦`), Persian (`۲۰۲۶`), full-width (`２０２６`).
fn digits(s: &str) -> Option<u32> {
    s.chars()
        .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(digit(c)?))
}

/// One decimal digit of those scripts.
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => c as u32 - '0' as u32,
        '\u{660}'..='\u{669}' => c as u32 - 0x660,
        '\u{6F0}'..='\u{6F9}' => c as u32 - 0x6F0,
        '\u{FF10}'..='\u{FF19}' => c as u32 - 0xFF10,
        _ => return None,
    })
}

fn hms(h: Option<u32>, m: Option<u32>, s: Option<u32>) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h?, m?, s.unwrap_or(0))
}

fn with_offset(t: NaiveDateTime, zone: &str) -> Option<DateTime<Utc>> {
    if zone.eq_ignore_ascii_case("z") {
        return Some(Utc.from_utc_datetime(&t));
    }
    let digits: String = zone.chars().filter(|c| c.is_ascii_digit()).collect();
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..4).unwrap_or("0").parse().ok()?;
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let offset = chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60))?;
    offset
        .from_local_datetime(&t)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

fn plausible_year(y: i32) -> bool {
    (1900..=2100).contains(&y)
}

/// `Jan`, `January`, `Sept.` -> 1..=12.
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    NAMES
        .iter()
        .position(|n| lower.starts_with(n))
        .map(|i| i as u32 + 1)
}

/// A month and day without a year at the start of `text` (`March 16`, `Jan. 7`): datelines.
pub fn yearless_at_start(text: &str) -> Option<(u32, u32)> {
    let c = YEARLESS.captures(text)?;
    let month = month_number(c.get(1)?.as_str())?;
    let day: u32 = c.get(2)?.as_str().parse().ok()?;
    (1..=31).contains(&day).then_some((month, day))
}

/// A date written in a path: `2026/01/07/`, `2026-01-07-title.txt`, `2026_01_07`.
pub fn path_date(path: &str) -> Option<DateTime<Utc>> {
    PATH_DATE.captures_iter(path).find_map(|c| {
        let date =
            NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
    })
}

/// A year folder or year in a file name (`2024/`, `report-2024.txt`): a hint for year-less dates.
pub fn path_year(path: &str) -> Option<i32> {
    PATH_YEAR
        .captures_iter(path)
        .filter_map(|c| c[1].parse().ok())
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(text: &str) -> Option<String> {
        find_date(text).map(|d| d.date.format("%F").to_string())
    }

    #[test]
    fn dates_written_out_in_other_languages() {
        for text in [
            "Berlin, 7. Januar 2026",
            "Wien, am 7. Jänner 2026",
            "Paris, le 7 janvier 2026",
            "Madrid, 7 de enero de 2026",
            "Lisboa, 7 de janeiro de 2026",
            "Roma, 7 gennaio 2026",
            "Amsterdam, 7 januari 2026",
            "Москва, 7 января 2026 года",
            "Київ, 7 січня 2026 року",
            "София, 7 януари 2026 г.",
            "Warszawa, 7 stycznia 2026 r.",
            "Praha 7. ledna 2026",
            "Beograd, 7. januar 2026.",
            "Ankara, 7 Ocak 2026",
            "Αθήνα, 7 Ιανουαρίου 2026",
            "Helsinki 7. tammikuuta 2026",
            "Budapest, 2026. január 7.",
            "القاهرة، 7 يناير 2026",
            "بيروت، ٧ كانون الثاني ٢٠٢٦",
            "תל אביב, 7 בינואר 2026",
            "تهران، ۷ ژانویه ۲۰۲۶",
            "北京 2026年1月7日 电",
            "東京 ２０２６年１月７日",
            "서울 2026년 1월 7일",
        ] {
            assert_eq!(ymd(text).as_deref(), Some("2026-01-07"), "{text}");
        }
        // Genitive and nominative forms, other months.
        assert_eq!(ymd("2 listopada 2025").as_deref(), Some("2025-11-02"));
        assert_eq!(ymd("28 июня 2024").as_deref(), Some("2024-06-28"));
        assert_eq!(ymd("3 července 2024").as_deref(), Some("2024-07-03"));
        assert_eq!(ymd("15 août 2023").as_deref(), Some("2023-08-15"));
        assert_eq!(ymd("1 Aralık 2025").as_deref(), Some("2025-12-01"));
    }

    #[test]
    fn month_forms_mean_one_month_in_every_language() {
        // A form listed by two languages must name the same month in both (the table's
        // documented exclusions are what keeps this true).
        let mut seen: HashMap<String, (u32, String)> = HashMap::new();
        for line in include_str!("data/months.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let lang = line.split('\t').next().unwrap().to_string();
            for (i, forms) in line.split('\t').skip(1).enumerate() {
                for f in forms.split(',').filter(|f| !f.is_empty()) {
                    let month = i as u32 + 1;
                    if let Some((m, other)) = seen.insert(f.to_lowercase(), (month, lang.clone())) {
                        assert_eq!(m, month, "{f}: {other} says {m}, {lang} says {month}");
                    }
                }
            }
        }
        assert!(seen.len() > 400, "{}", seen.len());
    }

    #[test]
    fn foreign_words_without_a_day_and_year_are_no_dates() {
        assert_eq!(ymd("Die Regierung tagte im Januar in Berlin."), None);
        assert_eq!(ymd("La réunion de mars a été annulée."), None);
        assert_eq!(ymd("Встреча 7 января"), None);
    }

    fn day(s: &str) -> String {
        find_date(s)
            .map(|d| d.date.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }

    #[test]
    fn reads_every_common_form() {
        assert_eq!(day(" date 2026-01-07 $42.420.13"), "2026-01-07 00:00");
        assert_eq!(day("January 7, 2026"), "2026-01-07 00:00");
        assert_eq!(day("7 January 2026"), "2026-01-07 00:00");
        assert_eq!(day("Jan. 7, 2026"), "2026-01-07 00:00");
        assert_eq!(day("Sept. 30, 2025"), "2025-09-30 00:00");
        assert_eq!(day("07.01.2026"), "2026-01-07 00:00");
        assert_eq!(day("7-JAN-2026 15:01:01"), "2026-01-07 15:01");
        assert_eq!(day("26-FEB-1987 15:01:01.79"), "1987-02-26 15:01");
        assert_eq!(day("Wed, 07 Jan 2026 10:15:00 +0000"), "2026-01-07 10:15");
        assert_eq!(
            day("Published: 2025-03-04T23:30:00-02:00"),
            "2025-03-05 01:30"
        );
        assert_eq!(day("on the 3rd of March 2024"), "2024-03-03 00:00");
    }

    #[test]
    fn rejects_impossible_dates_and_non_dates() {
        assert_eq!(day("2026-13-45"), "");
        assert_eq!(day("31.02.2026"), "");
        assert_eq!(day("Revs 3.53 billion vs 3.10 billion"), "");
        assert_eq!(day("May 5 people said"), "");
    }

    #[test]
    fn finds_all_dates_in_order() {
        let text = "Talks began on March 2, 2024 and ended 2024-03-09.";
        let found: Vec<_> = find_dates(text)
            .map(|d| d.date.format("%F").to_string())
            .collect();
        assert_eq!(found, ["2024-03-02", "2024-03-09"]);
    }

    #[test]
    fn many_rejected_candidates_do_not_hide_a_later_date() {
        // Scanned once per form, not once per rejected candidate (was quadratic: 2.6 s).
        let mut text = "2026-13-45 ".repeat(8000);
        text.push_str("07.01.2026 and 2024-03-09");
        let found: Vec<_> = find_dates(&text)
            .map(|d| (d.date.format("%F").to_string(), d.span.start))
            .collect();
        assert_eq!(
            found,
            [
                ("2026-01-07".to_string(), 88_000),
                ("2024-03-09".to_string(), 88_015)
            ]
        );
    }

    #[test]
    fn yearless_dateline_dates() {
        assert_eq!(yearless_at_start("March 16 - Russia said"), Some((3, 16)));
        assert_eq!(yearless_at_start("Jan. 7 (Reuters)"), Some((1, 7)));
        assert_eq!(yearless_at_start("Mayor said"), None);
    }

    #[test]
    fn dates_in_paths() {
        let d = |p: &str| path_date(p).map(|d| d.format("%F").to_string());
        assert_eq!(
            d("news/2026/01/07/story.txt").as_deref(),
            Some("2026-01-07")
        );
        assert_eq!(
            d("news/2026-01-07-title.txt").as_deref(),
            Some("2026-01-07")
        );
        assert_eq!(d("reuters/wire/08884.txt"), None);
        assert_eq!(d("x/2026/13/40/a.txt"), None);
        assert_eq!(path_year("archive/2024/moscow.txt"), Some(2024));
        assert_eq!(path_year("wire/08884.txt"), None);
    }
}

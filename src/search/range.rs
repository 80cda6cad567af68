//! Date bounds as users write them on the command line: `--from 2025-12`, `--to 2026`,
//! `--since 30d`. Partial dates round outward, as notmuch does: `--from 2025-12` starts on
//! 1 December, `--to 2026-01` ends with 31 January (we store the exclusive end, 1 February).

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Result};

/// Which end of a period a partial date stands for.
#[derive(Clone, Copy)]
enum End {
    Start,
    /// The first instant after the period (exclusive bound).
    After,
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` -> the first instant of that period.
pub fn from_bound(input: &str) -> Result<DateTime<Utc>> {
    period(input, End::Start)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` -> the first instant after that period.
pub fn to_bound(input: &str) -> Result<DateTime<Utc>> {
    period(input, End::After)
}

fn period(input: &str, end: End) -> Result<DateTime<Utc>> {
    let bad = || {
        Error::Usage(format!(
            "`{input}` is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2026-01-31)"
        ))
    };
    let parts: Vec<&str> = input.trim().split('-').collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (start, step) = match parts.as_slice() {
        [y] if y.len() == 4 => (ymd(num(y)? as i32, 1, 1), Step::Year),
        [y, m] if y.len() == 4 => (ymd(num(y)? as i32, num(m)?, 1), Step::Month),
        [y, m, d] if y.len() == 4 => (ymd(num(y)? as i32, num(m)?, num(d)?), Step::Day),
        _ => return Err(bad()),
    };
    let start = start.ok_or_else(bad)?;
    let date = match end {
        End::Start => start,
        End::After => match step {
            Step::Year => start.with_year(start.year() + 1).ok_or_else(bad)?,
            Step::Month => start.checked_add_months(Months::new(1)).ok_or_else(bad)?,
            Step::Day => start.succ_opt().ok_or_else(bad)?,
        },
    };
    Ok(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).ok_or_else(bad)?))
}

enum Step {
    Year,
    Month,
    Day,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `30d`, `6w`, `3m`, `1y` -> that long before `now`.
pub fn since(input: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let bad = || {
        Error::Usage(format!(
            "`{input}` is not a period: use a number and d, w, m or y (30d, 6w, 3m, 1y)"
        ))
    };
    let input = input.trim();
    let unit = input.chars().last().ok_or_else(bad)?;
    let n: u32 = input[..input.len() - unit.len_utf8()]
        .parse()
        .map_err(|_| bad())?;
    let earlier = match unit {
        'd' => now.checked_sub_signed(Duration::days(n.into())),
        'w' => now.checked_sub_signed(Duration::weeks(n.into())),
        'm' => now.checked_sub_months(Months::new(n)),
        'y' => now.checked_sub_months(Months::new(n.saturating_mul(12))),
        _ => None,
    };
    earlier.ok_or_else(bad)
}

/// One end of a date range; `None` leaves that end open.
pub type Bound = Option<DateTime<Utc>>;

/// One end of a `date:` range: a calendar period, `today`, `yesterday`, or a period back from
/// now (`7d`, `3m`), as notmuch and mu write them.
fn bound(input: &str, end: End, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let today = now.date_naive();
    let day = match input {
        "today" => Some(today),
        "yesterday" => today.pred_opt(),
        _ => None,
    };
    if let Some(d) = day {
        let d = match end {
            End::Start => d,
            End::After => d.succ_opt().unwrap_or(d),
        };
        return Ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    if input.ends_with(['d', 'w', 'm', 'y'])
        && input[..input.len() - 1].chars().all(|c| c.is_ascii_digit())
    {
        return since(input, now);
    }
    period(input, end)
}

/// Take the `date:` terms out of a query (`troops date:2025-12..2026-01`): the rest of the query
/// and the range they give, [from, to). Several `date:` terms narrow each other.
pub fn take_date_terms(query: &str, now: DateTime<Utc>) -> Result<(String, Bound, Bound)> {
    let mut rest = Vec::new();
    let (mut from, mut to): (Bound, Bound) = (None, None);
    for word in query.split_whitespace() {
        let Some(value) = word.strip_prefix("date:") else {
            rest.push(word);
            continue;
        };
        let bad = |e: Error| {
            match e {
            Error::Usage(_) => Error::Usage(format!(
                "date:{value} is not a date: use date:YYYY[-MM[-DD]], a range date:A..B (either end may be left out), today, yesterday or 7d, 3m"
            )),
            other => other,
        }
        };
        let (a, b) = match value.split_once("..") {
            Some((a, b)) => (a, b),
            None => (value, value),
        };
        if a.is_empty() && b.is_empty() {
            return Err(bad(Error::Usage(String::new())));
        }
        if !a.is_empty() {
            let f = bound(a, End::Start, now).map_err(bad)?;
            from = Some(from.map_or(f, |x| x.max(f)));
        }
        if !b.is_empty() {
            let t = bound(b, End::After, now).map_err(bad)?;
            to = Some(to.map_or(t, |x| x.min(t)));
        }
    }
    Ok((rest.join(" "), from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: DateTime<Utc>) -> String {
        d.format("%F").to_string()
    }

    #[test]
    fn partial_dates_round_outward() {
        assert_eq!(day(from_bound("2025").unwrap()), "2025-01-01");
        assert_eq!(day(from_bound("2025-12").unwrap()), "2025-12-01");
        assert_eq!(day(to_bound("2026-01").unwrap()), "2026-02-01");
        assert_eq!(day(to_bound("2026").unwrap()), "2027-01-01");
        assert_eq!(day(to_bound("2026-01-31").unwrap()), "2026-02-01");
        assert_eq!(day(to_bound("2024-02").unwrap()), "2024-03-01");
    }

    #[test]
    fn bad_dates_are_explained() {
        let e = from_bound("2024-13").unwrap_err().to_string();
        assert!(e.contains("`2024-13` is not a date"), "{e}");
        assert!(from_bound("24-01-01").is_err());
        assert!(to_bound("yesterday").is_err());
    }

    #[test]
    fn date_terms_in_queries() {
        let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
        let take = |q: &str| {
            let (rest, f, t) = take_date_terms(q, now).unwrap();
            (rest, f.map(day), t.map(day))
        };
        // Partial dates round outward: February to the end of March.
        assert_eq!(
            take("troops date:2024-02..2024-03"),
            (
                "troops".into(),
                Some("2024-02-01".into()),
                Some("2024-04-01".into())
            )
        );
        assert_eq!(
            take("date:2024 nato"),
            (
                "nato".into(),
                Some("2024-01-01".into()),
                Some("2025-01-01".into())
            )
        );
        assert_eq!(
            take("date:..2023-12-31"),
            ("".into(), None, Some("2024-01-01".into()))
        );
        assert_eq!(
            take("date:2024-01-15.."),
            ("".into(), Some("2024-01-15".into()), None)
        );
        assert_eq!(
            take("date:7d.."),
            ("".into(), Some("2026-03-24".into()), None)
        );
        assert_eq!(
            take("date:3m.."),
            ("".into(), Some("2025-12-31".into()), None)
        );
        assert_eq!(
            take("date:yesterday..today"),
            (
                "".into(),
                Some("2026-03-30".into()),
                Some("2026-04-01".into())
            )
        );
        // Two terms narrow each other.
        assert_eq!(
            take("date:2024 date:2024-06.."),
            (
                "".into(),
                Some("2024-06-01".into()),
                Some("2025-01-01".into())
            )
        );
        let e = take_date_terms("date:2024-13", now)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("date:2024-13 is not a date"), "{e}");
        assert!(take_date_terms("date:..", now).is_err());
    }

    #[test]
    fn since_periods() {
        let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
        assert_eq!(day(since("30d", now).unwrap()), "2026-03-01");
        assert_eq!(day(since("2w", now).unwrap()), "2026-03-17");
        assert_eq!(day(since("1m", now).unwrap()), "2026-02-28");
        assert_eq!(day(since("1y", now).unwrap()), "2025-03-31");
        assert!(since("3q", now).is_err());
        assert!(since("d", now).is_err());
    }
}

//! The attention-over-time chart of the search page: an SVG of bars rendered on the server.
//! Each bar links to its own period (so the chart works without script) and carries its
//! period's first and last day, from which `assets/app.js` makes the range a drag covers.

use maud::{html, Markup};

use crate::search::facets::{Bucket, Period};

/// Drawing size in SVG units; the stylesheet scales it to the column's width.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 120.0;

/// The period that gives a readable number of bars for a span of `days`: days up to three
/// months, weeks up to two years, months beyond.
pub fn period_for(days: i64) -> Period {
    match days {
        d if d <= 92 => Period::Day,
        d if d <= 731 => Period::Week,
        _ => Period::Month,
    }
}

/// The first and last day (`YYYY-MM-DD` / `YYYY-MM`, as `--from`/`--to` read them) of a
/// period label.
pub fn bounds(label: &str, by: Period) -> (String, String) {
    match by {
        Period::Week => {
            let end = chrono::NaiveDate::parse_from_str(label, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(6)))
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| label.to_string());
            (label.to_string(), end)
        }
        _ => (label.to_string(), label.to_string()),
    }
}

/// The chart; `link(from, to)` is the URL of the search narrowed to a range.
pub fn svg(
    buckets: &[Bucket],
    by: Period,
    noun: &str,
    link: &dyn Fn(&str, &str) -> String,
) -> Markup {
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let step = WIDTH / buckets.len().max(1) as f64;
    let gap = if step > 4.0 { 1.0 } else { 0.0 };
    let first = buckets.first().map(|b| b.period.as_str()).unwrap_or("");
    let last = buckets.last().map(|b| b.period.as_str()).unwrap_or("");
    html! {
        figure.chart {
            svg #chart viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) preserveAspectRatio="none"
                role="img" aria-label=(format!("{noun} per {}", period_name(by))) {
                @for (i, b) in buckets.iter().enumerate() {
                    @let h = (b.count as f64 / max * (HEIGHT - 2.0)).max(if b.count > 0 { 1.0 } else { 0.0 });
                    @let (from, to) = bounds(&b.period, by);
                    a href=(link(&from, &to)) {
                        rect.bar x=(format!("{:.2}", i as f64 * step)) y=(format!("{:.2}", HEIGHT - h))
                            width=(format!("{:.2}", (step - gap).max(0.5))) height=(format!("{h:.2}"))
                            data-from=(from) data-to=(to) {
                            title { (b.period) ": " (b.count) " " (noun) }
                        }
                    }
                }
            }
            figcaption {
                (first) " to " (last) " · " (noun) " per " (period_name(by))
                " · drag across the bars to narrow the dates"
            }
        }
    }
}

fn period_name(by: Period) -> &'static str {
    match by {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Year => "year",
    }
}

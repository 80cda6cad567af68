//! From ordered lines to body text: drops running headers, footers and page numbers, joins the
//! lines of a paragraph (mending hyphenated line ends) and finds the first heading of page 1.

use super::layout::{Line, Page};
use std::collections::HashMap;

/// Lines whose baseline is in the top or bottom 12% of the page may be furniture: US Letter
/// margins are ~72 pt of 792 (9%), and headers sit inside them.
const BAND: f64 = 0.12;

/// Key under which a header/footer repeats: lowercased, digits folded to '#', so "Page 3 of 9"
/// and "Page 4 of 9" match, as do bare page numbers.
fn furniture_key(s: &str) -> String {
    let mut k = String::new();
    let mut last_digit = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_digit() {
            if !last_digit {
                k.push('#');
            }
            last_digit = true;
        } else if !c.is_whitespace() {
            k.push(c);
            last_digit = false;
        }
    }
    k
}

fn in_band(l: &Line, p: &Page) -> bool {
    p.height > 0.0 && (l.y < p.height * BAND || l.y > p.height * (1.0 - BAND))
}

pub(super) fn is_page_number(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    let t = t.strip_prefix("page").unwrap_or(&t).trim();
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c == ' ');
    let mut parts = t
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|w| !w.is_empty() && *w != "of");
    let num = |w: &str| w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit());
    let roman = |w: &str| w.len() <= 6 && w.chars().all(|c| "ivxlc".contains(c));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), None, _) => num(a) || roman(a),
        (Some(a), Some(b), None) => num(a) && num(b),
        _ => false,
    }
}

/// Removes lines in the top/bottom band that repeat (same key) on at least half of the pages
/// (and on 2 or more), plus lone page numbers there when the document has 2+ pages.
pub fn drop_furniture(pages: &mut [Page]) {
    if pages.len() < 2 {
        return;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        let mut keys: Vec<String> = p
            .lines
            .iter()
            .filter(|l| in_band(l, p))
            .map(|l| furniture_key(&l.text))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let need = pages.len().div_ceil(2).max(2);
    for p in pages.iter_mut() {
        let (w, h) = (p.width, p.height);
        let probe = Page {
            width: w,
            height: h,
            lines: Vec::new(),
        };
        p.lines.retain(|l| {
            if !in_band(l, &probe) {
                return true;
            }
            let repeated = seen.get(&furniture_key(&l.text)).copied().unwrap_or(0) >= need;
            !(repeated || is_page_number(&l.text))
        });
    }
}

/// Median of the sizes of all lines weighted by their length: the body text size.
pub fn body_size(pages: &[Page]) -> f64 {
    let mut v: Vec<(f64, usize)> = pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .map(|l| (l.size, l.text.len()))
        .collect();
    if v.is_empty() {
        return 10.0;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = v.iter().map(|x| x.1).sum();
    let mut acc = 0;
    for (s, n) in &v {
        acc += n;
        if acc * 2 >= total {
            return *s;
        }
    }
    v[v.len() - 1].0
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '\u{201D}', ')'])
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Appends `next` to a paragraph. A letter + "-" line end followed by a lowercase letter is a
/// hyphenated word ("negoti-" + "ations"); before a capital or a digit the hyphen is real
/// ("Then-" + "President", "uranium-" + "235", "balance-of-" + "payments") and stays, but no
/// space is added. A soft hyphen
/// (U+00AD) at the end always goes.
pub(super) fn join(par: &mut String, next: &str) {
    if par.is_empty() {
        par.push_str(next);
        return;
    }
    if let Some(stem) = par.strip_suffix('\u{AD}') {
        let n = stem.len();
        par.truncate(n);
        par.push_str(next);
        return;
    }
    let mut rev = par.chars().rev();
    let hyphen = matches!(rev.next(), Some('-' | '\u{2010}'));
    let letter_before = rev.next().is_some_and(char::is_alphabetic);
    if hyphen && letter_before {
        // In a compound already hyphenated ("balance-of-" + "payments") the break is at a
        // real hyphen.
        let word = par.rsplit(char::is_whitespace).next().unwrap_or("");
        let compound = word
            .trim_end_matches(['-', '\u{2010}'])
            .contains(['-', '\u{2010}']);
        if starts_lower(next) && !compound {
            par.pop();
        }
        par.push_str(next);
    } else {
        par.push(' ');
        par.push_str(next);
    }
}

/// Joins lines into paragraphs separated by "\n\n". A paragraph ends at a vertical gap over
/// 1.45x the usual line spacing, at a change of font size over 12% (headings), at a first-line
/// indent over 1.5 em, or after a short line ending a sentence. It continues across a column
/// or page break when the text so far does not end a sentence and the next line starts in
/// lowercase.
pub fn paragraphs(pages: &[Page]) -> String {
    let body = body_size(pages);
    let usual = usual_leading(pages);
    let mut pars: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<&Line> = None;
    let mut col_right = 0.0f64;
    for p in pages {
        for l in &p.lines {
            let text = l.text.trim();
            let brk = match prev {
                None => true,
                Some(q) => {
                    let dy = l.y - q.y;
                    // Leading grows with the type: a 20 pt title's lines sit twice as far apart.
                    let leading = usual * (q.size / body).max(1.0);
                    let same_row = dy.abs() < 0.3 * q.size && l.x0 >= q.x1;
                    let moved = !(0.0..=3.0 * leading.max(q.size)).contains(&dy) || l.x0 > q.x1;
                    if same_row {
                        // Table cells and tab stops on one baseline: one line of text.
                        false
                    } else if moved {
                        // New column or page: keep going only mid-sentence into lowercase.
                        ends_sentence(&cur) || !starts_lower(text)
                    } else {
                        let size_change = (l.size - q.size).abs() > 0.12 * q.size.max(l.size);
                        let gap = dy > 1.45 * leading.max(0.8 * q.size);
                        let indent =
                            l.x0 > q.x0 + 1.5 * l.size && l.x1 > q.x0 + 0.6 * (col_right - q.x0);
                        let short =
                            q.x1 < col_right - 0.15 * (col_right - q.x0) && ends_sentence(&q.text);
                        size_change || gap || indent || short
                    }
                }
            };
            if brk {
                if !cur.is_empty() {
                    pars.push(std::mem::take(&mut cur));
                }
                col_right = l.x1;
            }
            col_right = col_right.max(l.x1);
            join(&mut cur, text);
            prev = Some(l);
        }
    }
    if !cur.is_empty() {
        pars.push(cur);
    }
    pars.join("\n\n")
}

/// The most common baseline-to-baseline distance between consecutive lines of equal size,
/// in 0.5 pt buckets.
fn usual_leading(pages: &[Page]) -> f64 {
    let mut hist: HashMap<i64, usize> = HashMap::new();
    for p in pages {
        for w in p.lines.windows(2) {
            let dy = w[1].y - w[0].y;
            if dy > 0.0 && dy < 3.0 * w[0].size && (w[0].size - w[1].size).abs() < 0.5 {
                *hist.entry((dy * 2.0).round() as i64).or_default() += 1;
            }
        }
    }
    hist.into_iter()
        .max_by_key(|&(k, n)| (n, -k))
        .map(|(k, _)| k as f64 / 2.0)
        .unwrap_or(12.0)
}

fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// The first heading-like line(s) of page 1: the largest text in the top two thirds when it is
/// at least 15% above the body size (up to 4 consecutive lines of that size, for titles that
/// wrap); otherwise the first short line (2-15 words) not ending in a full stop.
pub fn first_heading(page: &Page, body: f64) -> Option<String> {
    let top = |l: &&Line| page.height <= 0.0 || l.y < page.height * 2.0 / 3.0;
    let cand: Vec<&Line> = page
        .lines
        .iter()
        .filter(top)
        .filter(|l| words(&l.text) >= 2)
        .collect();
    let max = cand.iter().map(|l| l.size).fold(0.0, f64::max);
    if max >= 1.15 * body {
        let start = cand.iter().position(|l| l.size >= 0.95 * max)?;
        let mut title = String::new();
        let mut prev: Option<&Line> = None;
        for l in cand[start..].iter().take(4) {
            if let Some(q) = prev {
                let dy = l.y - q.y;
                if (l.size - q.size).abs() > 0.05 * q.size || !(0.0..=2.0 * q.size).contains(&dy) {
                    break;
                }
            }
            join(&mut title, l.text.trim());
            prev = Some(l);
        }
        return Some(title);
    }
    cand.iter()
        .find(|l| (2..=15).contains(&words(&l.text)) && !l.text.trim_end().ends_with('.'))
        .map(|l| l.text.trim().to_string())
}

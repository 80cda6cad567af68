//! Word wrapping for the terminal layout of `search`: a text is cut into lines of at most a
//! given display width (CJK characters count two columns), at spaces where it can, inside a word
//! only when the word alone is wider than a line (a long path). Lines are returned as character
//! ranges so that highlight ranges, also in characters, can be painted line by line.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// The character ranges of `text`'s lines when wrapped at `width` columns. Spaces at a break are
/// dropped; an empty text is one empty line.
pub fn lines(text: &str, width: usize) -> Vec<Range<usize>> {
    hanging(text, width, width)
}

/// As `lines`, with a first line of `first` columns (the rest of a line that starts with other
/// text, such as a hit's rank and date) and further lines of `rest`.
pub fn hanging(text: &str, first: usize, rest: usize) -> Vec<Range<usize>> {
    let (first, rest) = (first.max(8), rest.max(8));
    let chars: Vec<char> = text.chars().collect();
    let cols = |c: char| c.width().unwrap_or(0);
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        // Skip the spaces a break leaves at the start of a line.
        while start < chars.len() && chars[start] == ' ' && !out.is_empty() {
            start += 1;
        }
        let width = if out.is_empty() { first } else { rest };
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        while end < chars.len() && used + cols(chars[end]) <= width {
            if chars[end] == ' ' {
                last_space = Some(end);
            }
            used += cols(chars[end]);
            end += 1;
        }
        if end < chars.len() {
            // The line is full: break at its last space, unless that leaves it empty.
            if chars[end] != ' ' {
                if let Some(s) = last_space.filter(|&s| s > start) {
                    end = s;
                }
            }
            if end == start {
                end = start + 1;
            }
        }
        let mut trimmed = end;
        while trimmed > start && chars[trimmed - 1] == ' ' {
            trimmed -= 1;
        }
        out.push(start..trimmed);
        start = end;
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// Short parts (countries, a path, an id) joined by `sep` into lines of `width` columns, a line
/// breaking between parts rather than inside one; a part wider than a line is wrapped alone.
pub fn packed(parts: &[String], sep: &str, width: usize) -> Vec<String> {
    let cols = |s: &str| s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        if !line.is_empty() && cols(&line) + cols(sep) + cols(part) <= width {
            line.push_str(sep);
            line.push_str(part);
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        let chars: Vec<char> = part.chars().collect();
        let mut pieces: Vec<String> = lines(part, width)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect();
        line = pieces.pop().unwrap_or_default();
        out.extend(pieces);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// At most `max` consecutive lines of `lines`, chosen to include the line holding `anchor` (the
/// first highlighted character), so that a cut snippet still shows why it matched.
pub fn window(lines: &[Range<usize>], anchor: Option<usize>, max: usize) -> Range<usize> {
    if lines.len() <= max {
        return 0..lines.len();
    }
    let at = anchor
        .and_then(|a| lines.iter().position(|l| l.end > a))
        .unwrap_or(0);
    let first = at.min(lines.len() - max);
    first..first + max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        lines(text, width)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn breaks_at_spaces_and_never_exceeds_the_width() {
        let text = "Italy and Ukraine signed a bilateral security agreement in Kyiv on Saturday";
        let got = wrapped(text, 20);
        assert_eq!(
            got,
            [
                "Italy and Ukraine",
                "signed a bilateral",
                "security agreement",
                "in Kyiv on Saturday"
            ]
        );
        assert!(got.iter().all(|l| l.chars().count() <= 20));
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let got = wrapped(
            "see /home/me/news/2024/02/24/a-very-long-file-name.txt now",
            16,
        );
        assert_eq!(got[0], "see");
        assert!(got.iter().all(|l| l.chars().count() <= 16));
        assert_eq!(
            got.concat().replace(' ', ""),
            "see/home/me/news/2024/02/24/a-very-long-file-name.txtnow"
        );
    }

    #[test]
    fn parts_are_packed_whole_when_they_fit() {
        let parts: Vec<String> = ["IT UA", "/news/a.txt", "id 0123456789abcdef"]
            .map(String::from)
            .into();
        assert_eq!(
            packed(&parts, " · ", 80),
            ["IT UA · /news/a.txt · id 0123456789abcdef"]
        );
        assert_eq!(
            packed(&parts, " · ", 20),
            ["IT UA · /news/a.txt", "id 0123456789abcdef"]
        );
        let long: Vec<String> = vec!["IT".into(), "/home/me/news/2024/02/24/long-name.txt".into()];
        assert_eq!(
            packed(&long, " · ", 20),
            ["IT", "/home/me/news/2024/0", "2/24/long-name.txt"]
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let got = wrapped("東京 大阪 名古屋 札幌", 10);
        assert_eq!(got, ["東京 大阪", "名古屋", "札幌"]);
    }

    #[test]
    fn the_window_keeps_the_highlighted_line() {
        let l = lines("one two three four five six seven eight nine ten", 10);
        assert_eq!(l.len(), 6); // one two | three four | five six | seven | eight nine | ten
        let anchor = "one two three four five six seven".find("seven");
        let w = window(&l, anchor, 2);
        assert!(l[w.clone()].iter().any(|r| r.contains(&anchor.unwrap())));
        assert_eq!(w.len(), 2);
        assert_eq!(window(&l, None, 2), 0..2);
    }
}

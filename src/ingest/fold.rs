//! Spellings readers type differently from print, folded to one form: Cyrillic `ё` -> `е`,
//! Turkish dotless `ı` -> `i` (and the combining dot lowercasing leaves after `İ`), Arabic and
//! Persian letter variants and diacritics, Hebrew points, Greek tonos and final sigma, full-width
//! ASCII. Run on lowercased text, before (or instead of) Latin accent folding.
//!
//! Two users: the index's token filter (`archive::spellings`), so either spelling finds both,
//! and the gazetteers' word matcher (`entities::inflected`), so `الأمم` in print is `الامم` in
//! the table and `Семёнов` is `Семенов`.

/// The folded form of one (lowercased) character: `None` drops it.
pub fn fold(c: char) -> Option<char> {
    Some(match c {
        'ё' => 'е',
        'ı' => 'i',
        '\u{307}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        'ة' => 'ه',
        '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{640}' => return None,
        '\u{591}'..='\u{5BD}'
        | '\u{5BF}'
        | '\u{5C1}'
        | '\u{5C2}'
        | '\u{5C4}'
        | '\u{5C5}'
        | '\u{5C7}' => return None,
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        'ς' => 'σ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
        c => c,
    })
}

/// `text` folded, or `None` when nothing changes (no copy for the common case).
pub fn folded(text: &str) -> Option<String> {
    if text.is_ascii() || text.chars().all(|c| fold(c) == Some(c)) {
        return None;
    }
    Some(text.chars().filter_map(fold).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_fold_to_one_form() {
        for (a, b) in [
            ("семёнов", "семенов"),
            ("diyarbakır", "diyarbakir"),
            ("i\u{307}stanbul", "istanbul"),
            ("الأمم", "الامم"),
            ("إيران", "ايران"),
            ("القاهرة", "القاهره"),
            ("مُحَمَّد", "محمد"),
            ("ایران", "ايران"),
            ("ἀθήνα", "ἀθηνα"),
            ("αθήνας", "αθηνασ"),
            ("ｎａｔｏ", "nato"),
            ("שָׁלוֹם", "שלום"),
        ] {
            assert_eq!(folded(a).as_deref(), Some(b), "{a}");
        }
        assert_eq!(folded("ceasefire"), None);
        assert_eq!(folded("переговоры"), None);
    }
}

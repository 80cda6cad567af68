//! A token filter for the spellings readers type differently from print, run after lowercasing
//! and before tantivy's ASCII folding (which takes Latin accents and `ß` -> `ss`):
//!
//! * Cyrillic `ё` -> `е` (Russian print mostly omits the dots: `Семёнов` is typed `Семенов`);
//! * Turkish dotless `ı` -> `i`, and the combining dot that lowercasing leaves after `İ`;
//! * Arabic hamza and madda forms of alif -> `ا`, `ى` -> `ي`, `ة` -> `ه`, Persian `ی` `ک` -> the
//!   Arabic letters, diacritics (tashkeel, superscript alif) and tatweel dropped;
//! * Hebrew points (niqqud, cantillation) dropped;
//! * Greek tonos and dialytika dropped, final `ς` -> `σ`;
//! * full-width ASCII (`ＮＡＴＯ`) -> ASCII.
//!
//! Indexed and query text go through the same filter, so either spelling finds both. ASCII
//! tokens (most of an English archive) are passed over untouched.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// See the module comment.
#[derive(Clone)]
pub struct FoldSpellings;

impl TokenFilter for FoldSpellings {
    type Tokenizer<T: Tokenizer> = FoldSpellingsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldSpellingsFilter<T> {
        FoldSpellingsFilter {
            tokenizer,
            buffer: String::new(),
        }
    }
}

#[derive(Clone)]
pub struct FoldSpellingsFilter<T> {
    tokenizer: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for FoldSpellingsFilter<T> {
    type TokenStream<'a> = FoldSpellingsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldSpellingsStream {
            tail: self.tokenizer.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

pub struct FoldSpellingsStream<'a, T> {
    buffer: &'a mut String,
    tail: T,
}

/// The folded form of one (lowercased) character: `None` drops it.
fn fold(c: char) -> Option<char> {
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

impl<T: TokenStream> TokenStream for FoldSpellingsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(f) = folded(&self.tail.token().text) {
            *self.buffer = f;
            mem::swap(&mut self.tail.token_mut().text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
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

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
//! The character rules live in `ingest::fold`, shared with the gazetteers' matching of names.
//! Indexed and query text go through the same filter, so either spelling finds both. ASCII
//! tokens (most of an English archive) are passed over untouched.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::ingest::fold::folded;

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

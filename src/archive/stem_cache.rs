//! tantivy's Snowball stemmer with a memo of the words it has stemmed.
//!
//! Stemming was 13% of the CPU of reading and indexing new articles (perf, 1,000 new files in
//! a 100,000-file archive): every occurrence of every word runs the Snowball algorithm, while
//! news prose repeats a small vocabulary (the harness's 100,000 articles: ~40,000 distinct
//! words for ~60 M tokens). A hash lookup per token instead gives the same stems (the same
//! frostem algorithm tantivy's `Stemmer` uses, so an index built either way matches the same
//! queries) at a fraction of the cost. Each analyzer (one per indexing thread and field) keeps
//! its own memo, so there is no lock; it is emptied when it reaches `MAX_WORDS`, which bounds
//! its memory (~10 MB) on archives whose vocabulary never stops growing (names, numbers, typos).

use std::collections::HashMap;

use frostem::Algorithm;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per analyzer before the memo starts again.
const MAX_WORDS: usize = 100_000;

#[derive(Clone)]
pub struct CachedStemmer {
    algorithm: Algorithm,
}

impl CachedStemmer {
    pub fn new(algorithm: Algorithm) -> CachedStemmer {
        CachedStemmer { algorithm }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            algorithm: self.algorithm,
            memo: HashMap::new(),
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    algorithm: Algorithm,
    memo: HashMap<String, String>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() >= MAX_WORDS {
            self.memo.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.algorithm),
            memo: &mut self.memo,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    memo: &'a mut HashMap<String, String>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.memo.get(token.text.as_str()) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => {
                let stem = self.stemmer.stem(&token.text).into_owned();
                self.memo
                    .insert(std::mem::take(&mut token.text), stem.clone());
                token.text = stem;
            }
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
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn same_stems_as_tantivys_stemmer_every_time() {
        let text = "negotiations negotiated negotiating ceasefire talks talked running \
                    negotiations Verhandlungen generously generously";
        for (alg, lang) in [
            (Algorithm::English, Language::English),
            (Algorithm::German, Language::German),
        ] {
            let plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(Stemmer::new(lang))
                .build();
            let cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(CachedStemmer::new(alg))
                .build();
            let want = tokens(plain, text);
            // Twice through the same analyzer: from the algorithm, then from the memo.
            let mut a = cached.clone();
            let mut s = a.token_stream(text);
            let mut first = Vec::new();
            while s.advance() {
                first.push(s.token().text.clone());
            }
            drop(s);
            let mut s = a.token_stream(text);
            let mut second = Vec::new();
            while s.advance() {
                second.push(s.token().text.clone());
            }
            assert_eq!(first, want);
            assert_eq!(second, want);
        }
    }
}

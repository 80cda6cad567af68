//! The word tokenizer of the text fields: tantivy's `SimpleTokenizer` (runs of letters and
//! digits), except that Chinese, Japanese and Korean text is cut into overlapping character
//! bigrams, as Lucene's CJK analyzer does.
//!
//! Why: those scripts write no spaces between words, so a run of letters is a whole clause;
//! as one token it could never be found by a word inside it (and the 40-byte long-token filter
//! dropped it altogether: 14 CJK characters). With bigrams, `外務省` is indexed as `外務` `務省`,
//! and the query parser turns a query word of several tokens into a phrase of them, so
//! searching `外務省` finds exactly the pages where the three characters stand together, and
//! snippets highlight those characters. A dictionary segmenter (lindera, jieba-rs) gives fewer,
//! better tokens but ships 15-50 MB of dictionaries per language and still misses names it does
//! not know; bigrams need no data and find every substring of two or more characters. A lone
//! CJK character between other scripts is one token.
//!
//! Text without CJK characters gives exactly `SimpleTokenizer`'s tokens, so English (and every
//! other spaced script) is analysed as before.

use std::iter::Peekable;
use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::ingest::language::is_cjk;

/// See the module comment.
#[derive(Clone, Default)]
pub struct WordsAndBigrams {
    token: Token,
}

impl Tokenizer for WordsAndBigrams {
    type TokenStream<'a> = WordsAndBigramsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndBigramsStream<'a> {
        self.token.reset();
        self.token.position = usize::MAX;
        WordsAndBigramsStream {
            text,
            chars: text.char_indices().peekable(),
            run: None,
            token: &mut self.token,
        }
    }
}

pub struct WordsAndBigramsStream<'a> {
    text: &'a str,
    chars: Peekable<CharIndices<'a>>,
    /// Inside a CJK run: the last character's offset and whether a bigram ended at it.
    run: Option<(usize, bool)>,
    token: &'a mut Token,
}

impl WordsAndBigramsStream<'_> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }
}

impl TokenStream for WordsAndBigramsStream<'_> {
    fn advance(&mut self) -> bool {
        // Inside a CJK run: a bigram with the next character, or the run's end.
        if let Some((prev, paired)) = self.run {
            match self.chars.peek().copied() {
                Some((i, c)) if is_cjk(c) => {
                    self.chars.next();
                    self.run = Some((i, true));
                    return self.emit(prev, i + c.len_utf8());
                }
                _ => {
                    self.run = None;
                    if !paired {
                        let len = self.text[prev..].chars().next().map_or(0, char::len_utf8);
                        return self.emit(prev, prev + len);
                    }
                }
            }
        }
        while let Some((start, c)) = self.chars.next() {
            if !c.is_ascii() && is_cjk(c) {
                self.run = Some((start, false));
                return self.advance();
            }
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = self.chars.peek() {
                // ASCII first: most words of most archives are ASCII letters.
                let word = c.is_ascii_alphanumeric()
                    || (!c.is_ascii() && c.is_alphanumeric() && !is_cjk(c));
                if !word {
                    break;
                }
                end = i + c.len_utf8();
                self.chars.next();
            }
            return self.emit(start, end);
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::SimpleTokenizer;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut t = WordsAndBigrams::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let k = s.token();
            out.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
        }
        out
    }

    #[test]
    fn spaced_scripts_are_tokenized_as_simple_tokenizer_does() {
        for text in [
            "Italy's minister, Antonio Tajani, met 3 envoys in Kyiv on 2025-01-07.",
            "Министр заявил: «переговоры продолжатся»",
            "  ",
            "",
            "Zürich—Genève…ok",
        ] {
            let mut simple = SimpleTokenizer::default();
            let mut s = simple.token_stream(text);
            let mut expected = Vec::new();
            while s.advance() {
                let k = s.token();
                expected.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
            }
            assert_eq!(tokens(text), expected, "{text}");
        }
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams_between_words() {
        let words: Vec<String> = tokens("日本の外務省は3日、G7会合で")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            words,
            [
                "日本", "本の", "の外", "外務", "務省", "省は", "3", "日", "G7", "会合", "合で"
            ]
        );
        // Positions follow one another, so a query word's bigrams form a phrase.
        let positions: Vec<usize> = tokens("外務省").iter().map(|t| t.1).collect();
        assert_eq!(positions, [0, 1]);
        // Korean between spaces; offsets are bytes of the original text.
        assert_eq!(
            tokens("외교부 장관"),
            [
                ("외교".into(), 0, 0, 6),
                ("교부".into(), 1, 3, 9),
                ("장관".into(), 2, 10, 16)
            ]
        );
        assert_eq!(tokens("中"), [("中".into(), 0, 0, 3)]);
    }
}

//! When are two articles the same story? Word shingles, MinHash band keys, and the exact check.
//!
//! A story's copies (wire copy under another headline, a lead trimmed, a paragraph added,
//! boilerplate around it, an update) keep most of their word sequence; different stories do
//! not. Each body becomes the set of its word 4-grams (lowercased; numbers kept whole, `1.25`),
//! and two documents are copies when the shared shingles are at least [`MIN_SHARE`] of the
//! larger set: trimming 20% of an article leaves 0.8, the same article in two outlets with
//! their own 10% of boilerplate 0.82, an update adding a paragraph to a five-paragraph story
//! 0.83. The numbers that chose the thresholds are in README (Stories).
//!
//! Finding candidates without comparing every pair: a MinHash signature of [`HASHES`] values
//! (one-permutation hashing); the first [`BANDS`] x [`ROWS`] of them make band keys, each one
//! u64 indexed as a raw term, so a new document's candidates are term lookups. Two documents
//! with Jaccard similarity J share a band with probability 1 - (1 - J^2)^10: 0.997 at J = 0.67
//! (what a share of 0.8 implies at worst), 0.97 at 0.54 (a share of 0.7 at worst), 0.33 at 0.2.
//! A candidate is then judged by its whole signature (72 bytes, [`signatures_agree`], cheap)
//! and, if that passes, exactly. 24 bands of 3 found the same pairs on the Reuters sets (the
//! same precision and recall to four digits) and cost more to index: each key is a term, and
//! 24 terms a document were a fifth of the indexing threads' work on the perf corpus.
//!
//! The hard case is templated news: daily market reports, earnings notices, results tables
//! share their wording and differ in numbers and names. Numbers are kept whole, so every
//! shingle near a figure differs; and two documents whose figures mostly differ are not copies
//! however much wording they share ([`same_figures`]). A body too short to say much (a dividend
//! notice of 15 words) is compared with its headline, where such notices name the company.

/// Words per shingle: 4-grams are specific enough that unrelated articles share almost none,
/// short enough that one edited word costs only 4 of them.
const SHINGLE: usize = 4;
/// MinHash values per document.
pub const HASHES: usize = 72;
/// Band keys per document (each an indexed term), besides the key of the whole signature.
pub const BANDS: usize = 10;
/// Values per band: two, so that a copy at the share threshold shares 2.9 keys on average
/// (10 J^2), and the signature test, not the key, keeps candidates few.
const ROWS: usize = 2;
/// Shared shingles, as a share of the larger document's, that make two documents copies.
/// On the Reuters stories set (README, Stories; seed 1 to tune, seed 2 held out), pair
/// precision / recall / templated merges: 0.5 gives 0.991 / 0.995 / 29 (0.992 / 0.993 / 29),
/// 0.6 gives 0.9998 / 0.994 / 0 (0.9998 / 0.993 / 0), 0.7 gives 1.0 / 0.994 / 0 on both, 0.8
/// the same with recall 0.0016 lower on seed 2: 0.7 loses no copy and merges nothing wrong.
pub const MIN_SHARE: f64 = 0.7;
/// Bodies shorter than this (words) are compared together with their headline, and must agree
/// word for word, or nearly ([`MIN_SHARE_SHORT`]: one edit in 20 shingles) and figure for figure: a flash headline
/// (`BANK OF MONTREAL CUTS PRIME RATE TO 8-3/4 PCT`) shares most of its words with the next
/// bank's, and only the name tells them apart.
const SHORT_BODY: usize = 25;
/// The share a short text needs.
const MIN_SHARE_SHORT: f64 = 0.95;
/// Of the [`HASHES`] signature bytes, how many two documents must have equal before their
/// shingles are compared: the quick test that keeps candidates cheap. Equal bytes estimate the
/// Jaccard similarity J (a byte is equal with probability J + (1 - J) / 256); 25 of 72 is
/// J = 0.345. A copy at the share threshold (J >= 0.54 at worst) falls under it with
/// probability 0.0005, one sharing 80% (J >= 0.67) never in practice; two articles of one
/// template (the perf harness's generated news: J 0.11 on median, 0.20 at most over 45,000
/// pairs) pass it with probability under 0.001. Without it, such an archive spent 98% of its
/// ingest comparing shingles (10,000 articles: 164 s instead of ~3 s).
const MIN_AGREE: usize = 25;

/// What a document is compared by.
#[derive(Debug, Clone, Default)]
pub struct Likeness {
    /// Sorted, distinct 32-bit shingle hashes (32 bits: two 700-word articles have a chance of
    /// 1 in 10,000 of one spurious common shingle, which moves no decision).
    shingles: Vec<u32>,
    /// Sorted, distinct hashes of the figures.
    figures: Vec<u32>,
    /// The band keys, empty when the text has no words.
    pub bands: Vec<u64>,
    /// The low byte of each MinHash value ([`HASHES`] bytes; empty when the text has no
    /// words), stored in a fast column so a committed candidate is judged without reading it.
    pub sig: Vec<u8>,
    /// The body was short, and the headline is compared with it.
    short: bool,
}

impl Likeness {
    pub fn of(title: &str, body: &str) -> Likeness {
        // Each word as its hash, and whether it is a figure (holds a digit).
        let hashed = |text: &str| {
            let mut out: Vec<(u64, bool)> = Vec::new();
            each_word(text, &mut |w| {
                out.push((fnv(w.as_bytes()), w.bytes().any(|b| b.is_ascii_digit())));
            });
            out
        };
        let mut words = hashed(body);
        let short = words.len() < SHORT_BODY;
        if short {
            let mut with_title = hashed(title);
            with_title.extend(words);
            words = with_title;
        }
        if words.is_empty() {
            return Likeness::default();
        }
        let hashes: Vec<u64> = words.iter().map(|&(h, _)| h).collect();
        let mut shingles: Vec<u32> = hashes
            .windows(SHINGLE.min(hashes.len()))
            .map(|w| w.iter().fold(0u64, |acc, &h| mix(acc ^ h)) as u32)
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        let mut figures: Vec<u32> = words
            .iter()
            .filter(|&&(_, figure)| figure)
            .map(|&(h, _)| h as u32)
            .collect();
        figures.sort_unstable();
        figures.dedup();
        let mins = one_permutation_mins(&shingles);
        let mut bands: Vec<u64> = mins[..BANDS * ROWS]
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                rows.iter()
                    .fold(mix(band as u64 + 1), |acc, &v| mix(acc ^ v))
            })
            .collect();
        // One more key of all the values: only exact and nearly exact copies share it, so it is
        // rare even where templated text makes every 2-value key common, and an exact copy is
        // always found through it (the kill test's generated news lost 11 of 334 without it).
        bands.push(mins.iter().fold(mix(0), |acc, &v| mix(acc ^ v)));
        for b in &mut bands {
            *b >>= 64 - KEY_BITS;
        }
        Likeness {
            shingles,
            figures,
            bands,
            sig: mins.iter().map(|&m| m as u8).collect(),
            short,
        }
    }

    /// How many distinct shingles the text has.
    pub fn shingles(&self) -> usize {
        self.shingles.len()
    }

    /// Whether the two share a band key (the candidate test; symmetric).
    pub fn shares_band(&self, other: &Likeness) -> bool {
        self.bands.iter().zip(&other.bands).any(|(a, b)| a == b)
    }

    /// Shared shingles over the larger set's.
    pub fn share(&self, other: &Likeness) -> f64 {
        let larger = self.shingles.len().max(other.shingles.len());
        if larger == 0 {
            return 0.0;
        }
        common(&self.shingles, &other.shingles) as f64 / larger as f64
    }

    /// The copy test: a shared band, enough shared text, and the same figures. Symmetric and
    /// a function of the two texts alone, so the stories it makes do not depend on the order
    /// files are read in.
    pub fn is_copy_of(&self, other: &Likeness) -> bool {
        if !self.shares_band(other) || !signatures_agree(&self.sig, &other.sig) {
            return false;
        }
        let both = common(&self.figures, &other.figures);
        let differ = self.figures.len() + other.figures.len() - 2 * both;
        if self.short || other.short {
            return differ == 0 && self.share(other) >= MIN_SHARE_SHORT;
        }
        self.share(other) >= MIN_SHARE && figures_agree(both, differ)
    }
}

/// Signature bytes per stored value: the top byte of each u64 says which six bytes it holds,
/// so the values may come back from the index in any order.
const SIG_BYTES_PER_VALUE: usize = 6;

/// Bits of a band key. 32 are plenty for finding candidates (two unrelated documents share a
/// given key with odds of one in 4 billion: 12 chance pairs among 100,000 documents, each
/// dropped by the signature check), and half the width of a u64 makes the band dictionary
/// cheaper to build: sorted 8-byte keys whose first 4 bytes are zero share most of their
/// path in the term dictionary.
pub const KEY_BITS: u32 = 32;

/// A signature as the u64 values of the `sig` fast column.
pub fn sig_to_values(sig: &[u8]) -> Vec<u64> {
    sig.chunks(SIG_BYTES_PER_VALUE)
        .enumerate()
        .map(|(i, chunk)| {
            chunk
                .iter()
                .enumerate()
                .fold((i as u64) << 56, |v, (j, &b)| v | u64::from(b) << (8 * j))
        })
        .collect()
}

/// The signature back from the `sig` column's values (empty if they are not a whole one).
pub fn sig_from_values(values: impl Iterator<Item = u64>) -> Vec<u8> {
    let mut sig = vec![0u8; HASHES];
    let mut seen = 0usize;
    for v in values {
        let at = (v >> 56) as usize * SIG_BYTES_PER_VALUE;
        for j in 0..SIG_BYTES_PER_VALUE {
            if let Some(b) = sig.get_mut(at + j) {
                *b = (v >> (8 * j)) as u8;
            }
        }
        seen += 1;
    }
    if seen * SIG_BYTES_PER_VALUE < HASHES {
        sig.clear();
    }
    sig
}

/// The quick test of two signatures ([`Likeness::sig`]): could they be copies at all?
pub fn signatures_agree(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    // Eight bytes at a time: the zero bytes of a ^ b are the equal ones, counted exactly by
    // setting each zero byte's top bit (it is run for every candidate of every new document).
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut equal = 0;
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    for (x, y) in ca.clone().zip(cb.clone()) {
        let d =
            u64::from_le_bytes(x.try_into().unwrap()) ^ u64::from_le_bytes(y.try_into().unwrap());
        equal += (!(((d & LOW7) + LOW7) | d | LOW7)).count_ones() as usize;
    }
    equal += ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .filter(|(x, y)| x == y)
        .count();
    equal >= MIN_AGREE
}

/// The [`HASHES`] MinHash values of a shingle set by one-permutation hashing: each shingle is
/// hashed once, the hash's top bits choose one of [`HASHES`] bins and the rest is its value,
/// each bin keeps its minimum; an empty bin (a short text has fewer shingles than bins) takes
/// the next non-empty bin's value, changed by its distance (Shrivastava and Li's
/// densification, 2014). Two sets' values agree with probability their Jaccard similarity,
/// as with one hash function a value, at 1/72 of the cost: 72 hashes of every shingle were
/// 9% of a whole ingest's CPU time.
fn one_permutation_mins(shingles: &[u32]) -> [u64; HASHES] {
    let mut mins = [u64::MAX; HASHES];
    for &s in shingles {
        let h = mix(u64::from(s) ^ 0x2545_f491_4f6c_dd1d);
        let bin = ((h >> 32) * HASHES as u64) >> 32;
        let v = &mut mins[bin as usize];
        *v = (*v).min(h & 0xffff_ffff);
    }
    if shingles.is_empty() {
        return mins;
    }
    let filled = mins;
    for (i, m) in mins.iter_mut().enumerate() {
        if *m != u64::MAX {
            continue;
        }
        let (distance, value) = (1..HASHES)
            .map(|d| (d, filled[(i + d) % HASHES]))
            .find(|(_, v)| *v != u64::MAX)
            .expect("a non-empty set fills a bin");
        *m = mix(value ^ distance as u64);
    }
    mins
}

/// Whether two long documents' figures agree enough: fewer than 3 figures that only one of
/// them holds, or at least as many shared as not. Without this test the Reuters stories set
/// has 11 (seed 1) and 12 (seed 2) merges of different templated stories, with it none, for
/// 0.5% of recall. An update that changes a death toll (or a
/// copy dated a day later) differs in two figures; the next day's market report, or another
/// company's earnings notice, in nearly all of them.
fn figures_agree(both: usize, differ: usize) -> bool {
    differ < 3 || both >= differ
}

/// Size of the intersection of two sorted, distinct lists.
fn common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Each lowercased word of `text`, in one reused buffer (a word's allocation per word was a
/// tenth of the grouping's cost); a figure stays whole (`1.25`, `3,400`); each Chinese,
/// Japanese or Korean character is a word, as text without spaces has no other boundary.
fn each_word(text: &str, f: &mut dyn FnMut(&str)) {
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && crate::ingest::language::is_cjk(c) {
            if !word.is_empty() {
                f(&word);
                word.clear();
            }
            let mut one = [0u8; 4];
            f(c.encode_utf8(&mut one));
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if matches!(c, '.' | ',')
            && word.ends_with(|p: char| p.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            word.push(c);
        } else if !word.is_empty() {
            f(&word);
            word.clear();
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// FNV-1a, 64 bits: stable across versions and machines, as stored band keys must be.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's finaliser: a cheap, well-mixed bijection of u64.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "GENEVA, May 4 - Foreign ministers of the two countries met in Geneva on \
        Monday and agreed to reopen the border crossing closed since the spring floods, officials \
        said after the talks.\n\nThe crossing will open to freight on June 1 and to travellers a \
        week later, the joint statement said. Customs officers from both sides will share one \
        building at the bridge.\n\nThe ministers also agreed to meet again in the autumn to \
        discuss the water treaty, which both governments say needs new rules for dry years.";

    fn like(title: &str, body: &str) -> Likeness {
        Likeness::of(title, body)
    }

    #[test]
    fn a_republished_copy_with_another_headline_and_boilerplate_is_a_copy() {
        let a = like("Ministers agree to reopen border", STORY);
        let copy = format!(
            "{}\n\nShare this article\nRelated: more from Europe\n",
            STORY.replace("GENEVA, May 4 - ", "GENEVA (AP) - ")
        );
        let b = like("Border crossing to reopen in June", &copy);
        assert!(a.share(&b) > 0.8, "{}", a.share(&b));
        assert!(a.is_copy_of(&b) && b.is_copy_of(&a));
    }

    #[test]
    fn a_trimmed_copy_and_an_update_are_copies() {
        let a = like("t", STORY);
        let trimmed = STORY.rsplit_once("\n\n").unwrap().0;
        assert!(a.is_copy_of(&like("t", trimmed)));
        let update = format!(
            "{STORY}\n\nLater on Monday the two presidents welcomed the agreement in a phone call."
        )
        .replace("June 1", "June 3");
        assert!(a.is_copy_of(&like("UPDATE 1-t", &update)));
    }

    #[test]
    fn different_stories_are_not_copies() {
        let a = like("t", STORY);
        let other = like(
            "t",
            "KYIV, May 4 - The central bank kept its main rate unchanged on Thursday, citing \
             slower inflation and a stable currency, and said it expected to cut rates later in \
             the year if harvests are good and energy prices stay low.",
        );
        assert!(!a.is_copy_of(&other));
    }

    /// Two earnings notices of one template: the same words, other figures and names.
    #[test]
    fn templated_notices_of_different_companies_are_not_copies() {
        let notice = |name: &str, figures: [&str; 6]| {
            format!(
                "{name} said on Tuesday its first quarter net profit was {} mln crowns, or {} \
                 crowns a share, compared with {} mln crowns, or {} crowns a share, a year \
                 earlier. Revenue was {} mln crowns against {} mln crowns. The company said \
                 orders in the quarter were in line with its forecast for the year and it kept \
                 its dividend plan unchanged.",
                figures[0], figures[1], figures[2], figures[3], figures[4], figures[5]
            )
        };
        let a = like(
            "Nordvik Shipping 1st qtr net",
            &notice(
                "Nordvik Shipping",
                ["12.4", "1.05", "9.8", "0.83", "310", "284"],
            ),
        );
        let b = like(
            "Halden Paper 1st qtr net",
            &notice("Halden Paper", ["3.1", "0.22", "4.7", "0.35", "96", "101"]),
        );
        assert!(!a.is_copy_of(&b), "share {}", a.share(&b));
    }

    #[test]
    fn flash_headlines_of_different_banks_are_not_copies_but_the_same_flash_is() {
        let a = like("NORTH BANK CUTS PRIME RATE TO 7-1/2 PCT FROM 7-3/4 PCT", "");
        let b = like(
            "HARBOUR BANK CUTS PRIME RATE TO 7-1/2 PCT FROM 7-3/4 PCT",
            "",
        );
        assert!(!a.is_copy_of(&b));
        let c = like("North Bank cuts prime rate to 7-1/2 pct from 7-3/4 pct", "");
        assert!(a.is_copy_of(&c));
        let d = like("NORTH BANK CUTS PRIME RATE TO 7-1/4 PCT FROM 7-3/4 PCT", "");
        assert!(!a.is_copy_of(&d), "another figure is another flash");
    }

    #[test]
    fn figures_stay_whole_and_cjk_characters_are_words() {
        let tokens = |text: &str| {
            let mut out: Vec<String> = Vec::new();
            each_word(text, &mut |w| out.push(w.to_string()));
            out
        };
        assert_eq!(
            tokens("Up 1.25 pct, to 3,400."),
            ["up", "1.25", "pct", "to", "3,400"]
        );
        assert_eq!(tokens("外務省 said"), ["外", "務", "省", "said"]);
        assert!(Likeness::of("", "").bands.is_empty());
    }

    #[test]
    fn signatures_estimate_similarity() {
        let a = like("t", STORY);
        assert_eq!(a.sig.len(), HASHES);
        let trimmed = STORY.rsplit_once("\n\n").unwrap().0;
        assert!(signatures_agree(&a.sig, &like("t", trimmed).sig));
        let other = like(
            "t",
            "KYIV, May 4 - The central bank kept its main rate unchanged on Thursday, citing \
             slower inflation and a stable currency, and said it expected to cut rates later in \
             the year if harvests are good and energy prices stay low.",
        );
        assert!(!signatures_agree(&a.sig, &other.sig));
        assert!(!signatures_agree(&a.sig, &[]));
        // The word-wise count is the byte-wise one.
        let mut b = a.sig.clone();
        for (i, x) in b.iter_mut().enumerate() {
            if i % 3 != 0 {
                *x ^= 0x80 >> (i % 8);
            }
        }
        let same = a.sig.iter().zip(&b).filter(|(x, y)| x == y).count();
        assert_eq!(same, 24);
        assert!(!signatures_agree(&a.sig, &b));
        b[1] = a.sig[1];
        assert!(signatures_agree(&a.sig, &b));
        let mut values = sig_to_values(&a.sig);
        values.reverse();
        assert_eq!(sig_from_values(values.into_iter()), a.sig);
    }
}

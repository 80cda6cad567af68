//! Committed documents by band key, cheaply at any archive size.
//!
//! A new document's committed candidates are the documents holding one of its band keys. Asked
//! of tantivy, that is one term lookup per key in every segment (about a microsecond each):
//! 16 keys times a dozen segments for each of 100,000 new documents made a first ingest spend
//! 17 s in lookups. So each segment answers by direct lookups only while few are asked of it;
//! once it has been asked half as many times as it has documents, its whole band dictionary is
//! read into a sorted list of (key, document) pairs (12 bytes a key, and one more for the
//! bucket table: 21 MB for 100,000 documents; a segment's list is built about once, in time
//! proportional to its size). Keys are hashes, spread evenly, so a table of where each range
//! of keys starts finds a key in two memory reads; a binary search over the list took 21, and
//! its cache misses were 12 s of a 100,000-article ingest. Segments are immutable, so a list
//! stays right for as long as its segment lives; deletions are checked against the segment's
//! alive set.

use std::collections::HashMap;

use tantivy::index::SegmentId;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::similar::{sig_from_values, HASHES, KEY_BITS};
use crate::error::Result;

/// What is known of the segments of the searchers a run has seen.
#[derive(Default)]
pub struct BandIndex {
    segments: HashMap<SegmentId, SegmentBands>,
}

#[derive(Default)]
struct SegmentBands {
    lookups: usize,
    /// Every (key, document) pair of the segment, once built.
    pairs: Option<Pairs>,
    /// Every document's signature, read with the pairs (a column read is 12 values: reading
    /// them for every candidate was half of what finding candidates cost).
    sigs: Vec<u8>,
}

/// (key, document) pairs sorted by key, with where each range of keys starts.
struct Pairs {
    pairs: Vec<(u64, DocId)>,
    /// `starts[b]`: the first pair whose key's top bits are `b` or more.
    starts: Vec<u32>,
    /// Shift that leaves a key's top bits.
    shift: u32,
}

impl Pairs {
    fn new(pairs: Vec<(u64, DocId)>) -> Pairs {
        // About four pairs a bucket.
        let bits = (pairs.len() / 4)
            .max(2)
            .next_power_of_two()
            .trailing_zeros();
        let shift = KEY_BITS.saturating_sub(bits);
        let mut starts = vec![0u32; (1 << bits) + 1];
        let last = (1usize << bits) - 1;
        for &(k, _) in &pairs {
            starts[((k >> shift) as usize).min(last) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        Pairs {
            pairs,
            starts,
            shift,
        }
    }

    /// The documents holding `key`.
    fn docs(&self, key: u64) -> impl Iterator<Item = DocId> + '_ {
        // (A key wider than KEY_BITS, which no archive of this schema holds, lands in the last
        // bucket rather than out of the table.)
        let b = ((key >> self.shift) as usize).min(self.starts.len() - 2);
        let range = self.starts[b] as usize..self.starts[b + 1] as usize;
        self.pairs[range]
            .iter()
            .filter(move |&&(k, _)| k == key)
            .map(|&(_, doc)| doc)
    }
}

impl BandIndex {
    /// Forget the segments `searcher` no longer has (merged away).
    pub fn retain(&mut self, searcher: &Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.segments.retain(|id, _| live.contains(id));
    }

    /// The signature of `doc` in `segment`, when the segment's signatures are held.
    pub fn sig(&self, segment: &SegmentReader, doc: DocId) -> Option<&[u8]> {
        let known = self.segments.get(&segment.segment_id())?;
        let at = doc as usize * HASHES;
        known.sigs.get(at..at + HASHES)
    }

    /// Up to `limit` live documents of `segment` holding band key `key`, appended to `out`.
    pub fn docs(
        &mut self,
        segment: &SegmentReader,
        field: Field,
        key: u64,
        limit: usize,
        out: &mut Vec<DocId>,
    ) -> Result<()> {
        let alive = segment.alive_bitset();
        let live = |doc: DocId| alive.is_none_or(|a| a.is_alive(doc));
        let known = self.segments.entry(segment.segment_id()).or_default();
        if known.pairs.is_none() && known.lookups >= segment.max_doc() as usize / 2 {
            known.pairs = Some(Pairs::new(all_pairs(segment, field)?));
            if let Ok(column) = segment.fast_fields().u64("sig") {
                known.sigs = (0..segment.max_doc())
                    .flat_map(|doc| {
                        let mut sig = sig_from_values(column.values_for_doc(doc));
                        sig.resize(HASHES, 0);
                        sig
                    })
                    .collect();
            }
        }
        let before = out.len();
        if let Some(pairs) = &known.pairs {
            for doc in pairs.docs(key) {
                if out.len() - before == limit {
                    break;
                }
                if live(doc) {
                    out.push(doc);
                }
            }
            return Ok(());
        }
        known.lookups += 1;
        let index = segment.inverted_index(field)?;
        let term = Term::from_field_u64(field, key);
        let Some(mut postings) = index.read_postings(&term, IndexRecordOption::Basic)? else {
            return Ok(());
        };
        let mut doc = postings.doc();
        while doc != TERMINATED && out.len() - before < limit {
            if live(doc) {
                out.push(doc);
            }
            doc = postings.advance();
        }
        Ok(())
    }
}

/// Every (key, document) pair of a segment's band field, sorted by key (the dictionary holds
/// u64 keys as 8 big-endian bytes, so its order is the keys' order).
fn all_pairs(segment: &SegmentReader, field: Field) -> Result<Vec<(u64, DocId)>> {
    let index = segment.inverted_index(field)?;
    let mut pairs = Vec::with_capacity(index.terms().num_terms());
    let mut terms = index.terms().stream()?;
    while terms.advance() {
        let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) else {
            continue;
        };
        let key = u64::from_be_bytes(bytes);
        let mut postings =
            index.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            pairs.push((key, doc));
            doc = postings.advance();
        }
    }
    debug_assert!(pairs.windows(2).all(|w| w[0] <= w[1]));
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_table_finds_every_key_and_only_it() {
        let mut pairs: Vec<(u64, DocId)> = (0..1000u64)
            .map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32, i as DocId))
            .collect();
        pairs.push((pairs[7].0, 5000));
        pairs.sort_unstable();
        let table = Pairs::new(pairs.clone());
        for &(k, _) in &pairs {
            let want: Vec<DocId> = pairs.iter().filter(|p| p.0 == k).map(|p| p.1).collect();
            assert_eq!(table.docs(k).collect::<Vec<_>>(), want);
        }
        assert_eq!(table.docs(12345).count(), 0);
        assert_eq!(table.docs(u64::MAX).count(), 0);
        assert_eq!(Pairs::new(Vec::new()).docs(3).count(), 0);
    }
}

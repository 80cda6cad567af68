//! Answers kept for the commit they were computed on, so a desk asking the same things (the
//! page reloaded, a link passed round, paging back, a facet clicked and unclicked) is answered
//! from memory while the archive has not changed.
//!
//! A search at 100k documents is 5-18 ms of CPU on this machine (README Performance); on 2
//! cores, 16 clients asking at once wait behind each other's searches (wrk's mix: p50 22 ms,
//! p99 84 ms without this cache; 0.45 ms and 6.7 ms with it). A kept answer is the bytes of the
//! response.
//!
//! Correctness rests on the key: the request's path and parameters (the token left out), and
//! the commit the answer was computed on, named by the set of segments the reader sees and
//! their deletions. Every commit of `dossier index` changes that set, so an answer computed
//! before a commit is never served after it: the cache is emptied as soon as a request sees
//! a new commit. Only successful answers are kept (errors are cheap and say something about
//! the request, not the archive). Memory is bounded: past the budget, the oldest answers go
//! first (first in, first out: simple, and a repeated question is re-cached on its next ask).

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use tantivy::Searcher;

use super::params::Params;

/// A response body and its type, as computed once.
pub struct Cached {
    pub content_type: &'static str,
    pub body: Arc<Vec<u8>>,
}

pub struct AnswerCache {
    budget: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The commit the held answers belong to.
    commit: u64,
    bytes: usize,
    answers: HashMap<String, (&'static str, Arc<Vec<u8>>)>,
    order: VecDeque<String>,
}

impl AnswerCache {
    /// A cache holding at most `budget` bytes of answers (0: none kept).
    pub fn new(budget: usize) -> AnswerCache {
        AnswerCache {
            budget,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The answer to `key` computed on `commit`, if held.
    pub fn get(&self, commit: u64, key: &str) -> Option<Cached> {
        if self.budget == 0 {
            return None;
        }
        let mut inner = self.inner.lock().ok()?;
        if inner.commit != commit {
            inner.clear(commit);
            return None;
        }
        inner.answers.get(key).map(|(t, b)| Cached {
            content_type: t,
            body: Arc::clone(b),
        })
    }

    /// Keep `body` as the answer to `key` on `commit`.
    pub fn put(&self, commit: u64, key: String, content_type: &'static str, body: Arc<Vec<u8>>) {
        // One answer may take at most a quarter of the budget: a huge export-like page must not
        // push out everything else.
        if self.budget == 0 || body.len() > self.budget / 4 {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        // Every request asks `get` for its commit before it computes, which makes that commit
        // the held one; if another has moved on since, this answer is of an older commit
        // (readers only move forward) and is not kept.
        if inner.commit != commit {
            return;
        }
        let size = body.len() + key.len();
        if inner.answers.contains_key(&key) {
            return;
        }
        while inner.bytes + size > self.budget {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some((_, b)) = inner.answers.remove(&old) {
                inner.bytes -= b.len() + old.len();
            }
        }
        inner.bytes += size;
        inner.order.push_back(key.clone());
        inner.answers.insert(key, (content_type, body));
    }
}

impl Inner {
    fn clear(&mut self, commit: u64) {
        self.commit = commit;
        self.bytes = 0;
        self.answers.clear();
        self.order.clear();
    }
}

/// What names the commit `searcher` sees: its segments and each one's deletions.
pub fn commit_of(searcher: &Searcher) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for segment in searcher.segment_readers() {
        segment.segment_id().hash(&mut h);
        segment.num_deleted_docs().hash(&mut h);
        segment.max_doc().hash(&mut h);
    }
    h.finish()
}

/// The cache key of a request: its path and parameters in a fixed order, without the token
/// (which says who asks, not what).
pub fn key_of(path: &str, params: &Params) -> String {
    let mut key = String::from(path);
    for (name, value) in params.sorted() {
        if name != "token" {
            key.push('\u{1}');
            key.push_str(name);
            key.push('=');
            key.push_str(value);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(s: &str) -> Arc<Vec<u8>> {
        Arc::new(s.as_bytes().to_vec())
    }

    #[test]
    fn an_answer_is_served_only_on_the_commit_it_was_computed_on() {
        let cache = AnswerCache::new(1 << 20);
        assert!(cache.get(1, "q=a").is_none());
        cache.put(1, "q=a".into(), "application/json", body("one"));
        assert_eq!(cache.get(1, "q=a").unwrap().body.as_slice(), b"one");
        assert!(cache.get(1, "q=b").is_none());
        // A new commit: the old answer is gone, even if the old commit is asked again.
        assert!(cache.get(2, "q=a").is_none());
        // An answer computed on the old commit, finishing after a request saw the new one, is
        // not kept.
        cache.put(1, "q=a".into(), "application/json", body("stale"));
        assert!(cache.get(2, "q=a").is_none());
    }

    #[test]
    fn the_oldest_answers_go_first_past_the_budget_and_none_are_kept_at_zero() {
        let cache = AnswerCache::new(400);
        // As the server does: a request asks before it computes, which makes 7 the commit held.
        assert!(cache.get(7, "k0").is_none());
        for i in 0..10 {
            cache.put(7, format!("k{i}"), "text/html", body(&"x".repeat(90)));
        }
        assert!(cache.get(7, "k0").is_none());
        assert!(cache.get(7, "k9").is_some());
        let held = (0..10).filter(|i| cache.get(7, &format!("k{i}")).is_some());
        assert_eq!(held.count(), 4);
        // Too big for a quarter of the budget: not kept.
        cache.put(7, "big".into(), "text/html", body(&"x".repeat(200)));
        assert!(cache.get(7, "big").is_none());
        let off = AnswerCache::new(0);
        off.put(1, "k".into(), "text/html", body("x"));
        assert!(off.get(1, "k").is_none());
    }

    #[test]
    fn the_token_is_not_part_of_the_key_and_parameter_order_does_not_matter() {
        let a = Params::parse("q=ceasefire&country=FR&token=s3cret");
        let b = Params::parse("country=FR&q=ceasefire");
        assert_eq!(key_of("/api/v1/search", &a), key_of("/api/v1/search", &b));
        let c = Params::parse("q=ceasefire&country=DE");
        assert_ne!(key_of("/api/v1/search", &a), key_of("/api/v1/search", &c));
        assert_ne!(key_of("/api/v1/search", &b), key_of("/", &b));
    }
}

//! Keeping stories right while files come and go: every write of a sync run goes through
//! [`StoryWriter`], which groups new documents with their copies and rewrites the members whose
//! story changed, in the same commit as the documents that changed it.
//!
//! The archive a run sees is the last commit (the searcher) overlaid with what the run wrote
//! since (`pending`, by id) minus what it deleted (`gone`): tantivy shows nothing uncommitted,
//! and a later batch's copy may belong to a story an earlier batch started. Pending documents
//! are kept whole until the commit, because a later copy may change their story and a tantivy
//! document is rewritten, not edited; [`StoryWriter::heavy`] asks for an early commit when they
//! grow past [`PENDING_BYTES`].
//!
//! Each settle does, in order: (1) every story that lost a member is split into the groups
//! its remaining members form, each named after its earliest member; (2) each new document
//! joins the stories of the copies the band keys find (merging them when it links several),
//! the story taking the earliest member's id. Both steps give what grouping all documents
//! from scratch would, so incremental runs and `--rebuild` agree.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument, Term};

use super::bands::BandIndex;
use super::earliest_key;
use super::similar::{sig_from_values, signatures_agree, Likeness};
use crate::archive::schema::{story_id, story_key};
use crate::archive::{Archive, ArchiveWriter};
use crate::document::Document;
use crate::error::Result;
use crate::ingest::Fingerprint;

/// Documents looked at per band key of a new document (in each committed segment, and among
/// the pending ones). A copy shares a few of its 10 keys with its original (2.9 on average at
/// the share threshold, 4.5 at a share of 0.8), and most keys are shared by few documents.
/// Templated text makes some keys common: in the perf harness's generated news one key (of 24
/// bands of 3) was shared by 23% of all articles, and reading all of them for each new article
/// made a 10,000-article ingest 164 s instead of 3 s. A key's first 4 documents are enough: a
/// copy is found through any of the rarer keys it shares, and a key common because one story
/// has many copies leads to that story through any of them. The price: a copy that shares with
/// its story only keys more than 4 other documents hold is missed (16 and 4 give the same
/// pairs on both Reuters sets; 4 made the 100,000-article ingest 7 s faster than 16).
const PER_KEY: usize = 4;
/// Text held for pending documents before an early commit is asked for. Held documents cost
/// 2.5-3 times their text: at 128 MB a 100,000-file ingest peaked at 596-675 MB of heap
/// (`RssAnon`), 32 MB brings it to 364-370 MB, within the writer's 256 MB and the 150 MB
/// allowed for parsing, in the same time (40.1-40.6 s against 41.8-41.9 s on 2 cores; at
/// 1,000,000 files 464 s against 444 s, runs an hour apart on a machine that drifts by more).
const PENDING_BYTES: usize = 32 << 20;

/// A document written since the last commit, in its current version.
struct Pending {
    doc: Document,
    root: String,
    fp: Fingerprint,
    like: Arc<Likeness>,
    /// Already handed to the tantivy writer (a story change then means delete and add again).
    written: bool,
}

/// A document as the grouping needs it.
struct Member {
    id: String,
    order: (bool, Option<i64>, String),
    story: u64,
    like: Arc<Likeness>,
    /// Where a committed document is stored (None: pending).
    stored: Option<DocAddress>,
}

pub struct StoryWriter<'a> {
    archive: &'a Archive,
    reader: IndexReader,
    searcher: Searcher,
    /// The `sig` column of each of the searcher's segments.
    sigs: Vec<Option<Column<u64>>>,
    /// Committed documents by band key.
    bands: BandIndex,
    pending: HashMap<String, Pending>,
    by_path: HashMap<String, Vec<String>>,
    by_band: HashMap<u64, Vec<String>>,
    by_story: HashMap<u64, HashSet<String>>,
    /// Committed documents deleted (or replaced by a pending version) since the last commit.
    gone: HashSet<String>,
    /// Stories that lost a member since the last settle.
    broken: BTreeSet<u64>,
    /// New documents to group, in arrival order.
    fresh: Vec<String>,
    bytes: usize,
    /// The last commit counts for nothing (`--rebuild` deleted it all, uncommitted).
    blank: bool,
}

impl<'a> StoryWriter<'a> {
    /// `blank`: the run deleted every document (`--rebuild`), so the last commit's documents
    /// are neither candidates nor members.
    pub fn new(archive: &'a Archive, blank: bool) -> Result<StoryWriter<'a>> {
        let reader = archive.reader()?;
        let searcher = reader.searcher();
        Ok(StoryWriter {
            archive,
            reader,
            sigs: sig_columns(&searcher)?,
            bands: BandIndex::default(),
            searcher,
            pending: HashMap::new(),
            by_path: HashMap::new(),
            by_band: HashMap::new(),
            by_story: HashMap::new(),
            gone: HashSet::new(),
            broken: BTreeSet::new(),
            fresh: Vec::new(),
            bytes: 0,
            blank,
        })
    }

    /// The documents of the file at `path` as they stand now, in record order.
    pub fn documents_at(&self, path: &str) -> Result<Vec<Document>> {
        let mut docs: Vec<Document> = self
            .archive
            .documents_at(&self.searcher, path)?
            .into_iter()
            .filter(|d| self.visible(&d.id))
            .collect();
        for id in self.by_path.get(path).into_iter().flatten() {
            if let Some(p) = self.pending.get(id) {
                docs.push(p.doc.clone());
            }
        }
        docs.sort_by_key(|d| d.record);
        Ok(docs)
    }

    /// Remove every document of the file at `path`.
    pub fn delete_path(&mut self, w: &ArchiveWriter, path: &str) -> Result<()> {
        for d in self.archive.documents_at(&self.searcher, path)? {
            if self.visible(&d.id) {
                self.gone.insert(d.id.clone());
                self.broken.extend(d.story.as_deref().and_then(story_key));
            }
        }
        for id in self.by_path.remove(path).unwrap_or_default() {
            if let Some(p) = self.pending.remove(&id) {
                self.bytes -= weight(&p);
                if let Some(s) = p.doc.story.as_deref().and_then(story_key) {
                    self.unlink(s, &id);
                    self.broken.insert(s);
                }
            }
        }
        w.delete_path(path);
        Ok(())
    }

    /// Store `doc` (new, changed, moved or touched): it is grouped at the next settle. Callers
    /// delete the file's old documents first.
    /// `like`: its [`likeness`] when the caller computed it already (on all cores, as parsing).
    pub fn put(
        &mut self,
        mut doc: Document,
        root: &str,
        fp: &Fingerprint,
        like: Option<Arc<Likeness>>,
    ) {
        doc.story = None;
        let like = like.unwrap_or_else(|| likeness(&doc));
        let id = doc.id.clone();
        self.gone.insert(id.clone());
        self.fresh.push(id.clone());
        self.insert(
            Pending {
                doc,
                root: root.to_string(),
                fp: fp.clone(),
                like,
                written: false,
            },
            None,
        );
    }

    /// Whether pending documents hold enough text that the run should commit now.
    pub fn heavy(&self) -> bool {
        self.bytes > PENDING_BYTES
    }

    /// Group what changed since the last settle and hand every new or changed document to the
    /// writer. Returns how many documents were written.
    pub fn settle(&mut self, w: &ArchiveWriter) -> Result<usize> {
        for story in std::mem::take(&mut self.broken) {
            self.regroup(w, story)?;
        }
        for id in std::mem::take(&mut self.fresh) {
            self.join(w, &id)?;
        }
        let mut written = 0;
        for p in self.pending.values_mut().filter(|p| !p.written) {
            w.add(&p.doc, &p.root, &p.fp, &p.like)?;
            p.written = true;
            written += 1;
        }
        Ok(written)
    }

    /// After a commit: the searcher sees everything written so far.
    pub fn committed(&mut self) -> Result<()> {
        self.reader.reload()?;
        self.searcher = self.reader.searcher();
        self.sigs = sig_columns(&self.searcher)?;
        self.bands.retain(&self.searcher);
        self.pending.clear();
        self.by_path.clear();
        self.by_band.clear();
        self.by_story.clear();
        self.gone.clear();
        self.bytes = 0;
        self.blank = false;
        Ok(())
    }

    /// A story that lost members: its remaining members split into the groups they form.
    fn regroup(&mut self, w: &ArchiveWriter, story: u64) -> Result<()> {
        let members = self.members(story)?;
        let mut group: Vec<usize> = (0..members.len()).collect();
        fn root(group: &mut [usize], mut i: usize) -> usize {
            while group[i] != i {
                group[i] = group[group[i]];
                i = group[i];
            }
            i
        }
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                if members[i].like.is_copy_of(&members[j].like) {
                    let (a, b) = (root(&mut group, i), root(&mut group, j));
                    group[a.max(b)] = a.min(b);
                }
            }
        }
        let mut head: HashMap<usize, usize> = HashMap::new();
        for i in 0..members.len() {
            let r = root(&mut group, i);
            let h = head.entry(r).or_insert(i);
            if members[i].order < members[*h].order {
                *h = i;
            }
        }
        for i in 0..members.len() {
            let h = head[&root(&mut group, i)];
            let new = story_key(&members[h].id).unwrap_or(0);
            if members[i].story != new {
                self.restory(w, &members[i], new)?;
            }
        }
        Ok(())
    }

    /// A new document joins the stories of its copies; several are merged into one.
    fn join(&mut self, w: &ArchiveWriter, id: &str) -> Result<()> {
        let Some(p) = self.pending.get(id).filter(|p| p.doc.story.is_none()) else {
            return Ok(());
        };
        let like = p.like.clone();
        let mine = order_of(&p.doc);
        let stories: BTreeSet<u64> = self
            .candidates(&like, id)?
            .into_iter()
            .filter(|c| like.is_copy_of(&c.like))
            .map(|c| c.story)
            .collect();
        let mut best = (mine, story_key(id).unwrap_or(0));
        for &s in &stories {
            if let Some(order) = self.head_order(s)? {
                best = best.min((order, s));
            }
        }
        let new = best.1;
        self.set_story(id, new);
        for s in stories.into_iter().filter(|&s| s != new) {
            for m in self.members(s)? {
                self.restory(w, &m, new)?;
            }
        }
        Ok(())
    }

    /// Give member `m` the story `new`: a pending one is changed (and written again if it had
    /// been written), a committed one is read back and rewritten.
    fn restory(&mut self, w: &ArchiveWriter, m: &Member, new: u64) -> Result<()> {
        match m.stored {
            None => {
                if let Some(p) = self.pending.get_mut(&m.id) {
                    if p.written {
                        w.delete_id(&m.id);
                        p.written = false;
                    }
                }
                self.set_story(&m.id, new);
            }
            Some(addr) => {
                let t: TantivyDocument = self.searcher.doc(addr)?;
                let f = self.archive.fields();
                let mut doc = f.from_tantivy(&t);
                let (root, fp) = f.stored_file(&t);
                doc.story = None;
                self.gone.insert(m.id.clone());
                w.delete_id(&m.id);
                let p = Pending {
                    doc,
                    root,
                    fp,
                    like: m.like.clone(),
                    written: false,
                };
                self.insert(p, Some(new));
            }
        }
        Ok(())
    }

    /// Settled documents sharing a band key with `like` (at most [`PER_KEY`] a key) whose
    /// signatures agree with it, other than `id`.
    fn candidates(&mut self, like: &Likeness, id: &str) -> Result<Vec<Member>> {
        let mut out = Vec::new();
        if like.bands.is_empty() {
            return Ok(out);
        }
        let f = self.archive.fields();
        let mut looked: Vec<DocAddress> = Vec::new();
        if !self.blank {
            let mut docs = Vec::new();
            for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
                docs.clear();
                for &b in &like.bands {
                    self.bands.docs(segment, f.band, b, PER_KEY, &mut docs)?;
                }
                docs.sort_unstable();
                docs.dedup();
                for &doc in &docs {
                    let agree = match self.bands.sig(segment, doc) {
                        Some(sig) => signatures_agree(&like.sig, sig),
                        None => self.sigs[ord].as_ref().is_some_and(|c| {
                            signatures_agree(&like.sig, &sig_from_values(c.values_for_doc(doc)))
                        }),
                    };
                    // Most candidates of templated news fail here, unread.
                    if agree {
                        looked.push(DocAddress::new(ord as u32, doc));
                    }
                }
            }
        }
        for addr in looked {
            out.extend(self.committed_member(addr)?);
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for b in &like.bands {
            for other in self.by_band.get(b).into_iter().flatten().take(PER_KEY + 1) {
                let Some(p) = self.pending.get(other) else {
                    continue;
                };
                if other == id
                    || !p.like.bands.contains(b)
                    || !signatures_agree(&like.sig, &p.like.sig)
                    || !seen.insert(other.as_str())
                {
                    continue;
                }
                if let Some(story) = p.doc.story.as_deref().and_then(story_key) {
                    out.push(pending_member(p, story));
                }
            }
        }
        Ok(out)
    }

    /// Every current member of `story`.
    fn members(&self, story: u64) -> Result<Vec<Member>> {
        let f = self.archive.fields();
        let query = TermQuery::new(
            Term::from_field_u64(f.story, story),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1_000_000).order_by_score())?;
        let mut out = Vec::new();
        for (_, addr) in top {
            out.extend(self.committed_member(addr)?);
        }
        for id in self.by_story.get(&story).into_iter().flatten() {
            if let Some(p) = self.pending.get(id) {
                out.push(pending_member(p, story));
            }
        }
        out.sort_by(|a, b| a.order.cmp(&b.order));
        Ok(out)
    }

    /// The order key of `story`'s head (its earliest member, whose id the story bears).
    fn head_order(&self, story: u64) -> Result<Option<(bool, Option<i64>, String)>> {
        let id = story_id(story);
        if let Some(p) = self.pending.get(&id) {
            return Ok(Some(order_of(&p.doc)));
        }
        if self.visible(&id) {
            if let Some(d) = self.archive.get(&self.searcher, &id)? {
                return Ok(Some(order_of(&d)));
            }
        }
        // The head left in this very settle: the earliest remaining member stands for it.
        Ok(self.members(story)?.into_iter().next().map(|m| m.order))
    }

    /// The committed document at `addr`, unless deleted or replaced since the last commit.
    fn committed_member(&self, addr: DocAddress) -> Result<Option<Member>> {
        let t: TantivyDocument = self.searcher.doc(addr)?;
        let doc = self.archive.fields().from_tantivy(&t);
        if !self.visible(&doc.id) {
            return Ok(None);
        }
        let Some(story) = doc.story.as_deref().and_then(story_key) else {
            return Ok(None);
        };
        Ok(Some(Member {
            order: order_of(&doc),
            like: Arc::new(Likeness::of(&doc.title, &doc.body)),
            id: doc.id,
            story,
            stored: Some(addr),
        }))
    }

    /// Whether the committed document `id` is still current (not deleted, not pending anew).
    fn visible(&self, id: &str) -> bool {
        !self.blank && !self.gone.contains(id) && !self.pending.contains_key(id)
    }

    fn insert(&mut self, p: Pending, story: Option<u64>) {
        let id = p.doc.id.clone();
        if let Some(old) = self.pending.remove(&id) {
            self.bytes -= weight(&old);
            if let Some(s) = old.doc.story.as_deref().and_then(story_key) {
                self.unlink(s, &id);
            }
        }
        self.bytes += weight(&p);
        let ids = self.by_path.entry(p.doc.path.clone()).or_default();
        if !ids.contains(&id) {
            ids.push(id.clone());
        }
        for &b in &p.like.bands {
            self.by_band.entry(b).or_default().push(id.clone());
        }
        self.pending.insert(id.clone(), p);
        if let Some(s) = story {
            self.set_story(&id, s);
        }
    }

    fn set_story(&mut self, id: &str, story: u64) {
        let Some(p) = self.pending.get_mut(id) else {
            return;
        };
        let old = p.doc.story.as_deref().and_then(story_key);
        p.doc.story = Some(story_id(story));
        if let Some(o) = old {
            self.unlink(o, id);
        }
        self.by_story
            .entry(story)
            .or_default()
            .insert(id.to_string());
    }

    fn unlink(&mut self, story: u64, id: &str) {
        if let Some(ids) = self.by_story.get_mut(&story) {
            ids.remove(id);
        }
    }
}

/// What a document is compared by (see `similar`).
pub fn likeness(doc: &Document) -> Arc<Likeness> {
    Arc::new(Likeness::of(&doc.title, &doc.body))
}

/// The `sig` fast column of every segment (None for a segment without one).
fn sig_columns(searcher: &Searcher) -> Result<Vec<Option<Column<u64>>>> {
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
        out.push(segment.fast_fields().u64("sig").ok());
    }
    Ok(out)
}

/// What a pending document holds in memory, roughly: its text, its shingles, and the
/// bookkeeping around them (entities, ids in the maps: about 2 KB).
fn weight(p: &Pending) -> usize {
    p.doc.body.len() + p.doc.title.len() + 4 * p.like.shingles() + 2048
}

fn order_of(d: &Document) -> (bool, Option<i64>, String) {
    let (undated, date, id) = earliest_key(d);
    (undated, date, id.to_string())
}

fn pending_member(p: &Pending, story: u64) -> Member {
    Member {
        id: p.doc.id.clone(),
        order: order_of(&p.doc),
        story,
        like: p.like.clone(),
        stored: None,
    }
}

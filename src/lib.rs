//! dossier: a searchable local archive of foreign-policy news.
//!
//! The data flows one way, and each stage is a module:
//!
//! ```text
//! files --ingest--> Document --archive--> tantivy index --search--> hits --render--> writer
//! ```
//!
//! * [`ingest`] walks folders, decodes bytes to text, recognises the article's title, date,
//!   source and authors, strips what a web page adds around the article (view counters,
//!   correction prompts, related links, reader comments) and finds entities with gazetteers.
//! * [`document`] holds the normalized [`Document`] every format is reduced to.
//! * [`archive`] owns the tantivy schema (the one place fields are defined) and writes documents.
//! * [`search`] turns a user's query and filters into a tantivy query, and renders ranked hits
//!   with highlighted snippets as text or JSON.
//!
//! The library never prints: output goes through a `std::io::Write` passed in, and nothing below
//! `main.rs` exits the process.

pub mod app;
pub mod archive;
pub mod cli;
pub mod config;
pub mod document;
pub mod error;
pub mod export;
pub mod ingest;
pub mod search;
pub mod serve;

pub use document::{DateSource, Document, Entities};
pub use error::{Error, Result};

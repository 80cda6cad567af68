//! Raw command-line flags turned into one checked configuration (as fd does), before any work
//! starts: the index folder resolved, dates parsed to UTC bounds, countries resolved to codes,
//! names to their canonical spelling, colour decided. A bad value fails here with a message
//! naming it, not halfway through a run.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::Utc;

use crate::archive::sync::SyncOptions;
use crate::cli::{Cli, ColorChoice, Command, EntityFilters, Filters, Format};
use crate::error::{Error, Result};
use crate::ingest::entities::gazetteer;
use crate::search::facets::{Facet, Period};
use crate::search::render::Style;
use crate::search::story_counts::Counting;
use crate::search::{range, SearchRequest};

/// Where the archive lives when neither `--index` nor `DOSSIER_INDEX` says.
pub const DEFAULT_INDEX_DIR: &str = "index";

#[derive(Debug)]
pub struct Config {
    pub index_dir: PathBuf,
    pub style: Style,
    /// What reading one risky file (PDF, Office, EPUB) may cost.
    pub reader_budget: crate::ingest::isolate::Budget,
    /// Containers (mbox, WARC) above this many bytes are streamed from disk.
    pub stream_bytes: u64,
    pub task: Task,
}

#[derive(Debug)]
pub enum Task {
    Index {
        options: SyncOptions,
        quiet: bool,
        verbose: bool,
        /// Keep following the folders after the sync.
        watch: bool,
    },
    Search {
        request: SearchRequest,
        format: Format,
        /// Print how the query was understood (stderr).
        explain: bool,
    },
    Top {
        request: SearchRequest,
        field: Facet,
        limit: usize,
        count: Counting,
        format: Format,
    },
    Timeline {
        request: SearchRequest,
        by: Period,
        normalize: bool,
        count: Counting,
        format: Format,
    },
    Serve {
        options: crate::serve::ServeOptions,
        /// Sync and follow the remembered folders while serving.
        watch: bool,
    },
    Export(crate::export::ExportOptions),
    Show {
        id: String,
        query: Option<String>,
        format: Format,
    },
    Parse {
        paths: Vec<PathBuf>,
        format: Format,
    },
    Completions {
        shell: clap_complete::Shell,
    },
    Man,
    Help {
        topic: HelpTopic,
    },
    Stats {
        limit: usize,
        format: Format,
    },
}

impl Config {
    /// Whether the user asked for silence (`index -q`): no summary, no progress bar.
    pub fn quiet(&self) -> bool {
        matches!(self.task, Task::Index { quiet: true, .. })
    }

    pub fn from_cli(cli: Cli) -> Result<Config> {
        let index_dir = cli
            .index
            .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR));
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = terminal_width();
        if !(cli.reader_timeout > 0.0 && cli.reader_timeout <= 86_400.0) {
            return Err(Error::Usage(format!(
                "--reader-timeout {}: give seconds between 0 and 86400",
                cli.reader_timeout
            )));
        }
        if !(64..=1_048_576).contains(&cli.reader_memory) {
            return Err(Error::Usage(format!(
                "--reader-memory {}: give between 64 and 1048576 (MB)",
                cli.reader_memory
            )));
        }
        let reader_budget = crate::ingest::isolate::Budget {
            time: std::time::Duration::from_secs_f64(cli.reader_timeout),
            memory_bytes: cli.reader_memory << 20,
        };
        let task = match cli.command {
            Command::Index {
                roots,
                dry_run,
                rebuild,
                prune_missing_roots,
                verify,
                quiet,
                verbose,
                watch,
                memory,
                commit_every,
            } => {
                // tantivy needs 15 MB per indexing thread (two on big ingests) and takes less
                // than 4 GB per thread.
                if !(30..=8000).contains(&memory) {
                    return Err(Error::Usage(format!(
                        "--memory {memory}: give between 30 and 8000 (MB)"
                    )));
                }
                if dry_run && rebuild {
                    return Err(Error::Usage(
                        "--dry-run and --rebuild do not go together".into(),
                    ));
                }
                let options = SyncOptions {
                    roots,
                    rebuild,
                    dry_run,
                    prune_missing_roots,
                    verify,
                    list_unchanged: verbose,
                    commit_every: commit_every.max(1),
                    memory: memory * 1024 * 1024,
                    ..SyncOptions::default()
                };
                Task::Index {
                    options,
                    quiet,
                    verbose,
                    watch,
                }
            }
            Command::Completions { shell } => Task::Completions { shell },
            Command::Man => Task::Man,
            Command::Help { topic } => Task::Help {
                topic: help_topic(topic.as_deref())?,
            },
            Command::Stats { limit, format } => Task::Stats { limit, format },
            Command::Serve {
                bind,
                token,
                public,
                cache,
                watch,
            } => Task::Serve {
                options: serve_options(&bind, token, public, cache)?,
                watch,
            },
            Command::Export {
                to,
                dir,
                query,
                since_last,
                name,
                from,
                since,
                entities,
                file_mb,
            } => {
                let (target, to) = export_target(to)?;
                if !valid_index_name(&name) {
                    return Err(Error::Usage(format!(
                        "--name {name}: an index name is 3 to 100 characters of a-z, 0-9, - and _, starting with a letter (Quickwit and OpenSearch both take it)"
                    )));
                }
                if !(file_mb > 0.0 && file_mb <= 1024.0) {
                    return Err(Error::Usage(format!(
                        "--file-mb {file_mb}: give between 0 and 1024"
                    )));
                }
                let filters = Filters {
                    from,
                    to,
                    since,
                    entities,
                };
                Task::Export(crate::export::ExportOptions {
                    target,
                    dir,
                    name,
                    request: request(&query, filters)?,
                    since_last,
                    file_bytes: (file_mb * 1e6) as usize,
                })
            }
            Command::Show { id, query, format } => Task::Show {
                id,
                query,
                format: document_format(format)?,
            },
            Command::Parse { paths, format } => Task::Parse {
                paths,
                format: document_format(format)?,
            },
            Command::Search {
                query,
                filters,
                limit,
                offset,
                explain,
                sort,
                copies,
                exact,
                format,
            } => {
                let request = SearchRequest {
                    limit,
                    offset,
                    sort,
                    copies,
                    exact,
                    ..request(&query, filters)?
                };
                Task::Search {
                    request,
                    format,
                    explain,
                }
            }
            Command::Top {
                query,
                field,
                filters,
                limit,
                count,
                format,
            } => Task::Top {
                request: request(&query, filters)?,
                field,
                limit,
                count,
                format: table_format(format)?,
            },
            Command::Timeline {
                query,
                by,
                normalize,
                filters,
                count,
                format,
            } => Task::Timeline {
                request: request(&query, filters)?,
                by,
                normalize,
                count,
                format: table_format(format)?,
            },
        };
        Ok(Config {
            index_dir,
            style: Style { color, width },
            reader_budget,
            stream_bytes: cli.stream_mb.saturating_mul(1 << 20),
            task,
        })
    }
}

/// What `dossier help` was asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpTopic {
    /// The whole command line.
    Overview,
    /// The query language of `search`, `top` and `timeline`.
    Query,
    /// One command's long help.
    Command(String),
}

fn help_topic(topic: Option<&str>) -> Result<HelpTopic> {
    let commands = <crate::cli::Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = commands.get_subcommands().map(|c| c.get_name()).collect();
    match topic {
        None => Ok(HelpTopic::Overview),
        Some("query" | "queries" | "syntax") => Ok(HelpTopic::Query),
        Some(t) if names.contains(&t) => Ok(HelpTopic::Command(t.to_string())),
        Some(t) => Err(Error::Usage(format!(
            "no help on '{t}': ask for `query` (the query language) or a command ({})",
            names.join(", ")
        ))),
    }
}

/// The width to lay `search` out in: `COLUMNS` when set (as `ls` and `git` honour it), else the
/// terminal's when standard output is one; `None` for pipes and files, so scripts get whole lines.
fn terminal_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    columns
        .or_else(|| terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0 as usize))
        .filter(|&w| w > 0)
}

/// A checked request from a query and the filter flags: dates resolved to UTC bounds (the
/// query's `date:` terms and the flags narrow each other), entity names to canonical ones.
/// `serve` checks its URL parameters with it too, so both speak one query language.
pub fn request(query: &str, filters: Filters) -> Result<SearchRequest> {
    let Filters {
        from,
        to,
        since,
        entities:
            EntityFilters {
                country,
                person,
                org,
                place,
                source,
            },
    } = filters;
    let now = Utc::now();
    let flag_from = match (from, since) {
        (Some(f), _) => Some(range::from_bound(&f)?),
        (None, Some(s)) => Some(range::since(&s, now)?),
        (None, None) => None,
    };
    let flag_to = to.map(|t| range::to_bound(&t)).transpose()?;
    let prepared = crate::search::query::prepare(query, now)?;
    let from = flag_from.into_iter().chain(prepared.from).max();
    let to = flag_to.into_iter().chain(prepared.to).min();
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            return Err(Error::Usage(format!(
                "the dates exclude each other (from {} to before {}): no article can match",
                f.format("%Y-%m-%d"),
                t.format("%Y-%m-%d")
            )));
        }
    }
    Ok(SearchRequest {
        query: prepared.text,
        from,
        to,
        countries: country
            .iter()
            .map(|c| country_code(c))
            .collect::<Result<_>>()?,
        people: canonical(person, gazetteer::person),
        orgs: canonical(org, gazetteer::org),
        places: canonical(place, gazetteer::place),
        sources: canonical(source, gazetteer::org),
        limit: 10,
        offset: 0,
        sort: Default::default(),
        copies: false,
        exact: false,
    })
}

/// Where and for whom `serve` listens: loopback by default; any other address only with a
/// token, or with `--public` said out loud.
fn serve_options(
    bind: &str,
    token: Option<String>,
    public: bool,
    cache_mb: usize,
) -> Result<crate::serve::ServeOptions> {
    let addr: std::net::SocketAddr = bind.parse().map_err(|_| {
        Error::Usage(format!(
            "--bind {bind}: give an address and port, e.g. 127.0.0.1:7300"
        ))
    })?;
    let token = token.filter(|t| !t.is_empty());
    if !addr.ip().is_loopback() && token.is_none() && !public {
        return Err(Error::Usage(format!(
            "--bind {bind} would let anyone who can reach this machine read the archive: give --token T (requests then carry it) or --public"
        )));
    }
    Ok(crate::serve::ServeOptions {
        bind: addr,
        token,
        public,
        cache_bytes: cache_mb.saturating_mul(1 << 20),
    })
}

/// `export --to` names the engine, and may also end the date range as in `search`: a value
/// that is an engine's name is the target, any other is a date.
fn export_target(values: Vec<String>) -> Result<(crate::export::Target, Option<String>)> {
    let (targets, dates): (Vec<String>, Vec<String>) = values
        .into_iter()
        .partition(|v| crate::export::Target::parse(v).is_some());
    let target = match targets.as_slice() {
        [t] => crate::export::Target::parse(t).expect("partitioned on it"),
        [] => {
            return Err(Error::Usage(
                "export needs --to quickwit or --to opensearch (or elasticsearch)".into(),
            ))
        }
        _ => {
            return Err(Error::Usage(format!(
                "--to {}: one engine per export",
                targets.join(", --to ")
            )))
        }
    };
    if dates.len() > 1 {
        return Err(Error::Usage(format!(
            "--to {}: one end date (the other --to names the engine)",
            dates.join(", --to ")
        )));
    }
    Ok((target, dates.into_iter().next()))
}

/// An index name both engines accept: Quickwit wants 3+ characters starting with a letter,
/// OpenSearch lowercase without `/\\*?\"<>| ,#:`.
fn valid_index_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    (3..=100).contains(&name.len())
        && bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// `top` and `timeline` print tables: text, json or csv.
fn table_format(format: Format) -> Result<Format> {
    match format {
        Format::Text | Format::Json | Format::Csv => Ok(format),
        _ => Err(Error::Usage(
            "--format: tables print as text, json or csv".into(),
        )),
    }
}

/// `show` and `parse` print documents: text, json or ndjson; paths and csv are lists of hits.
fn document_format(format: Format) -> Result<Format> {
    match format {
        Format::Paths | Format::Csv => Err(Error::Usage(
            "--format paths and csv list search hits; documents print as text, json or ndjson"
                .into(),
        )),
        f => Ok(f),
    }
}

fn country_code(input: &str) -> Result<String> {
    gazetteer::country_code(input)
        .map(str::to_string)
        .ok_or_else(|| {
            Error::Usage(format!(
                "unknown country `{input}`: give an ISO code (IT), a name (Italy) or a demonym (Italian)"
            ))
        })
}

/// The gazetteer's spelling of each value when it knows one, else the value as given.
fn canonical(values: Vec<String>, lookup: impl Fn(&str) -> Option<&'static str>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| lookup(&v).map(str::to_string).unwrap_or(v))
        .collect()
}

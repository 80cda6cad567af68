//! Command-line types (clap derive). Raw flags only: `config` checks them and turns them into
//! one resolved configuration before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::search::facets::{Facet, Period};
use crate::search::story_counts::Counting;
use crate::search::Sort;

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    // Our own `help` also knows topics that are not commands: `dossier help query`.
    disable_help_subcommand = true,
    version,
    about = "A searchable local archive of foreign-policy news.",
    long_about = "A searchable local archive of foreign-policy news.\n\n\
        `dossier index FOLDER` reads the article files below FOLDER \
        (text, HTML, JSON, JSONL and feeds, gzipped or not), \
        recognises each article's title, date, source, authors and clean body, finds the \
        countries, people, organisations and places it names, and stores it all in a \
        full-text archive. `dossier search` then answers questions with ranked results and \
        highlighted snippets, filtered by date, entity and source. `dossier help query` \
        describes the query language.",
    after_help = "Examples:\n  \
        dossier index ~/news\n  \
        dossier search \"security agreement\"\n  \
        dossier search 'Meloni troops' --from 2025-12-01 --to 2026-01-31\n  \
        dossier search Ukraine --country IT --person \"Giorgia Meloni\" --source UNN --limit 5\n  \
        dossier show 3f9a0c2b7d1e4a56\n  \
        dossier parse ~/news/2026 some/article.txt --format ndjson"
)]
pub struct Cli {
    /// Archive folder [default: $DOSSIER_INDEX, else ./index]
    #[arg(long, global = true, value_name = "DIR", env = "DOSSIER_INDEX")]
    pub index: Option<PathBuf>,

    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Seconds one PDF, Word, OpenDocument or EPUB file may take to read before it is stopped
    /// and reported (these are read in a worker process)
    #[arg(
        long,
        global = true,
        value_name = "SECS",
        env = "DOSSIER_READER_TIMEOUT",
        default_value_t = 60.0
    )]
    pub reader_timeout: f64,

    /// Memory (MB) the worker reading one such file may use before it is stopped
    #[arg(
        long,
        global = true,
        value_name = "MB",
        env = "DOSSIER_READER_MEMORY",
        default_value_t = 2048
    )]
    pub reader_memory: u64,

    /// mbox and WARC files above this size (MB) are read from disk as a stream instead of
    /// whole (for tests and small machines)
    #[arg(
        long,
        global = true,
        hide = true,
        value_name = "MB",
        env = "DOSSIER_STREAM_MB",
        default_value_t = 64
    )]
    pub stream_mb: u64,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the archive from folders of articles (read recursively)
    #[command(
        after_help = "Only new, changed, moved and deleted files are touched: unchanged \
        files are recognised by size and mtime without being read, moved ones by their content \
        hash. Ctrl-C commits what is done; run again to finish. A second Ctrl-C stops at once \
        (the archive stays as of its last commit).\n\n\
        Examples:\n  dossier index ~/news            # add a folder; it is remembered\n  \
        dossier index                   # sync every remembered folder\n  \
        dossier index --dry-run         # what would change\n  \
        dossier index --verify          # check every file, not only changed folders\n  \
        dossier index --watch           # sync, then follow changes until Ctrl-C\n  \
        dossier --index /data/arch index ~/news ~/clips"
    )]
    Index {
        /// Folders or files to read; without any, the folders the archive remembers
        #[arg(value_name = "FOLDER")]
        roots: Vec<PathBuf>,
        /// Print what would be added, updated, moved and removed, and write nothing
        #[arg(short = 'n', long)]
        dry_run: bool,
        /// Start from an empty archive and read everything again
        #[arg(long)]
        rebuild: bool,
        /// Remove the documents of remembered folders that no longer exist (by default an
        /// unmounted drive keeps its documents)
        #[arg(long)]
        prune_missing_roots: bool,
        /// Stat every file instead of trusting unchanged folders: finds an old file edited
        /// in place (same folder entries), which a plain run finds only in its turn
        #[arg(long)]
        verify: bool,
        /// Print nothing but errors
        #[arg(short, long)]
        quiet: bool,
        /// List every file and what happened to it
        #[arg(short, long)]
        verbose: bool,
        /// Memory for the index writer, in MB, shared by its threads (peak use is about this
        /// plus ~150 MB of parsing)
        #[arg(long, value_name = "MB", default_value_t = 256)]
        memory: usize,
        /// After syncing, keep running: follow the folders' file events and apply new,
        /// changed, moved and deleted files within about a second, until Ctrl-C
        #[arg(short, long, conflicts_with = "dry_run")]
        watch: bool,
        /// Commit after this many documents, so an interrupted first ingest resumes
        #[arg(long, value_name = "N", default_value_t = 20_000, hide = true)]
        commit_every: usize,
    },

    /// Search the archive: ranked results with highlighted snippets
    #[command(
        after_help = "Query syntax: all words match; \"phrase\", OR, NOT/-word, (groups), \
        title: body: source: author: lang: country: person: org: place:, date:2024-02..2024-03, \
        date:7d.., * for everything. `dossier help query` (or --help) has it all.\n\n\
        Examples:\n  dossier search \"security agreement\"\n  \
        dossier search 'Meloni troops' --from 2025-12-01 --to 2026-01-31\n  \
        dossier search '\"security guarantees\" -Russia' --since 6m --sort newest\n  \
        dossier search 'Ukraine country:IT person:Meloni source:UNN' --limit 5\n  \
        dossier search '*' --country Italian --format ndjson | jq .title",
        after_long_help = crate::search::query::QUERY_LANGUAGE
    )]
    Search {
        /// What to look for
        query: String,
        #[command(flatten)]
        filters: Filters,
        /// How many results to show
        #[arg(short = 'n', long, default_value_t = 10)]
        limit: usize,
        /// Pass over this many results first (for paging: --offset 10 --limit 10 is page 2)
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Also print (on stderr) how the query was understood: stemmed words, fields, dates in UTC
        #[arg(long)]
        explain: bool,
        /// Order of results
        #[arg(long, value_enum, default_value_t = Sort::Relevance)]
        sort: Sort,
        /// Show every article; by default copies of one story (syndicated, updated, saved
        /// twice) are one hit, the best-ranked, with `+N copies`
        #[arg(long)]
        copies: bool,
        /// Count the matching stories exactly; above 100,000 matching articles the story count
        /// is otherwise estimated (`about 598,000 stories`, within ~1%)
        #[arg(long)]
        exact: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// Count what the matching stories (or articles) name most: countries, people, organisations, places, sources
    #[command(
        after_help = "Examples:\n  dossier top '*' --field country --since 1y\n  \
        dossier top sanctions --field person --country RU --limit 10\n  \
        dossier top Ukraine --field source --format csv"
    )]
    Top {
        /// Which documents to count (the search query; * for all)
        query: String,
        /// What to count
        #[arg(long, value_enum, default_value_t = Facet::Country)]
        field: Facet,
        #[command(flatten)]
        filters: Filters,
        /// How many values to show
        #[arg(short = 'n', long, default_value_t = 20)]
        limit: usize,
        /// Count stories (copies of one story once: syndication does not inflate attention) or
        /// articles (each copy)
        #[arg(long, value_enum, default_value_t = Counting::Stories)]
        count: Counting,
        /// Output format (text, json or csv)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// How many stories (or articles) match per day, week, month or year, as a bar chart
    #[command(
        after_help = "Examples:\n  dossier timeline 'Meloni troops' --by month\n  \
        dossier timeline '*' --country UA --by week --since 1y\n  \
        dossier timeline ceasefire --by month --normalize --format csv > ceasefire.csv"
    )]
    Timeline {
        /// Which documents to count (the search query; * for all)
        query: String,
        /// Period of each bar
        #[arg(long, value_enum, default_value_t = Period::Month)]
        by: Period,
        /// Also give each period's share of all documents in it (as Media Cloud does)
        #[arg(long)]
        normalize: bool,
        /// Count stories (copies of one story once: syndication does not inflate attention) or
        /// articles (each copy)
        #[arg(long, value_enum, default_value_t = Counting::Stories)]
        count: Counting,
        #[command(flatten)]
        filters: Filters,
        /// Output format (text, json or csv)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// What the archive holds: documents, dates, sources, top entities, last failures, size
    Stats {
        /// How many values in each top list
        #[arg(short = 'n', long, default_value_t = 10)]
        limit: usize,
        /// Output format (text or json)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// Open the archive in a browser and over HTTP (`/api/v1/...`), read-only, until Ctrl-C
    #[command(
        after_help = "Examples:\n  dossier serve                              # http://127.0.0.1:7300/\n  \
        dossier serve --bind 0.0.0.0:7300 --token s3cret   # the desk's LAN, with a token"
    )]
    Serve {
        /// Address and port to listen on; another address than loopback needs --token or --public
        #[arg(long, default_value = "127.0.0.1:7300", value_name = "ADDR:PORT")]
        bind: String,
        /// Every request must carry this token (`?token=T` once in the browser, or the header
        /// `Authorization: Bearer T`)
        #[arg(long, value_name = "T", env = "DOSSIER_TOKEN")]
        token: Option<String>,
        /// Serve a non-loopback address without a token: anyone who can reach it reads the archive
        #[arg(long)]
        public: bool,
        /// Megabytes of answers kept until the next commit (0: compute every request)
        #[arg(long, default_value_t = 64, value_name = "MB")]
        cache: usize,
        /// Sync the archive's folders first, then keep following their changes while serving
        /// (as `index --watch`); pages and the API see each batch at once
        #[arg(short, long)]
        watch: bool,
    },

    /// Write the archive (or what a query selects) as files Quickwit or OpenSearch/Elasticsearch ingest
    #[command(
        after_help = "Writes into DIR: for Quickwit `index-config.yaml` and `docs-NNNNN.ndjson` \
        (at most 10 MB each); for OpenSearch `mapping.json` (the index-creation body) and \
        `bulk-NNNNN.ndjson` (_bulk files). Also `export.json`, what the export holds. Files an \
        earlier export wrote there are replaced; nothing else in DIR is touched. Every copy of \
        a story is exported, with its story id. --since-last writes only what changed since \
        the previous export to the same target and --name (the archive keeps a cursor per \
        target), deletions included. README, Scaling out, has the commands that create the \
        index and ingest the files.\n\n\
        Examples:\n  dossier export --to quickwit /tmp/qw\n  \
        dossier export --to opensearch /tmp/os --since-last\n  \
        dossier export --to opensearch /tmp/ua --query Ukraine --country UA --from 2024 --to 2024-06"
    )]
    Export {
        /// The engine (quickwit, opensearch or elasticsearch); given a date instead (YYYY,
        /// YYYY-MM, YYYY-MM-DD), `--to` ends the date range as in `search`
        #[arg(long = "to", value_name = "TARGET|DATE", required = true)]
        to: Vec<String>,
        /// The folder to write into (created if needed)
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Which documents (the search query; * for all)
        #[arg(short, long, default_value = "*")]
        query: String,
        /// Only what was added, changed or deleted since the last export to this target
        #[arg(long)]
        since_last: bool,
        /// The index's name in the engine (and of this target's cursor)
        #[arg(long, default_value = "dossier", value_name = "NAME")]
        name: String,
        /// Only articles on or after this date: YYYY, YYYY-MM or YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Only articles of the last period: 30d, 6w, 3m, 1y
        #[arg(long, value_name = "PERIOD", conflicts_with = "from")]
        since: Option<String>,
        #[command(flatten)]
        entities: EntityFilters,
        /// Largest data file in MB
        #[arg(long, value_name = "MB", default_value_t = 10.0, hide = true)]
        file_mb: f64,
    },

    /// Show one archived document: metadata, entities with mention counts, clean body
    Show {
        /// The document's id (from search results) or its file path
        id: String,
        /// Highlight this query's words in the body
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// Print a shell completion script (e.g. `dossier completions bash > ~/.local/share/bash-completion/completions/dossier`)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), e.g. `dossier man | man -l -`
    Man,

    /// Print help for a command, or for a topic: `dossier help query` (the query language)
    Help {
        /// A command (index, search, ...) or `query`
        topic: Option<String>,
    },

    /// Normalize files and folders without indexing, one JSON object per document
    #[command(after_help = "Examples:\n  dossier parse article.txt\n  \
        dossier parse ~/news/2026 --format text\n  \
        cd corpora && dossier parse reuters > /tmp/reuters.ndjson")]
    Parse {
        /// Files or folders (read recursively)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Ndjson)]
        format: Format,
    },
}

/// The filters `search`, `top` and `timeline` share.
#[derive(Debug, Clone, Default, Args)]
pub struct Filters {
    /// Only articles on or after this date: YYYY, YYYY-MM or YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles on or before this date: YYYY, YYYY-MM (the whole month) or YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only articles of the last period: 30d, 6w, 3m, 1y
    #[arg(long, value_name = "PERIOD", conflicts_with = "from")]
    pub since: Option<String>,
    #[command(flatten)]
    pub entities: EntityFilters,
}

/// The entity and source filters, shared by `Filters` and `export` (whose `--to` also names
/// the engine, so it cannot flatten `Filters` whole).
#[derive(Debug, Clone, Default, Args)]
pub struct EntityFilters {
    /// Only articles naming this country: code, name or demonym (IT, Italy, Italian); repeatable
    #[arg(long, value_name = "COUNTRY")]
    pub country: Vec<String>,
    /// Only articles naming this person ("Giorgia Meloni"; a known surname works too); repeatable
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Only articles naming this organisation (NATO, EU, IMF); repeatable
    #[arg(long, value_name = "ORG")]
    pub org: Vec<String>,
    /// Only articles naming this city or region (Kyiv, Crimea); repeatable
    #[arg(long, value_name = "PLACE")]
    pub place: Vec<String>,
    /// Only articles from this outlet or agency (UNN, Reuters); repeat for any of several
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable, for a terminal
    Text,
    /// One JSON document
    Json,
    /// One JSON object per line
    Ndjson,
    /// Paths of the matching files, one per line (`search` only)
    Paths,
    /// A header line, then one row per hit: rank,date,source,title,countries,path,id,story,copies (`search` only)
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

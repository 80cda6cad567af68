//! Carrying out a checked [`Config`]: one function per command, each writing its results to
//! `out` and its messages (summaries, warnings, per-file errors) to `err`.

use std::io::Write;
use std::path::PathBuf;

use crate::archive::{sync, Archive};
use crate::cli::Format;
use crate::config::{Config, Task};
use crate::error::Result;
use crate::ingest::{self, walk};
use crate::search::{self, render};

/// What a finished command tells the binary about its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The command ran, but some input files could not be read (reported on `err`).
    SomeFilesFailed,
}

pub fn run(config: Config, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let style = config.style;
    match config.task {
        Task::Index {
            roots,
            quiet,
            verbose,
        } => index(&config.index_dir, &roots, quiet, verbose, err),
        Task::Search { request, format } => {
            let archive = Archive::open(&config.index_dir)?;
            let results = search::search(&archive, &request)?;
            match format {
                Format::Text => {
                    render::text(&results, style, out)?;
                    let shown = results.hits.len();
                    writeln!(err, "{shown} of {} matching documents", results.total)?;
                }
                Format::Json => render::json(&results, &request.query, out)?,
                Format::Ndjson => render::ndjson(&results, out)?,
            }
            Ok(Outcome::Success)
        }
        Task::Show { id, format } => {
            let archive = Archive::open(&config.index_dir)?;
            let doc = search::get(&archive, &id)?;
            match format {
                Format::Text => render::document_text(&doc, style, out)?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut *out, &doc)?;
                    writeln!(out)?;
                }
                Format::Ndjson => render::document_ndjson(&doc, out)?,
            }
            Ok(Outcome::Success)
        }
        Task::Parse { paths, format } => parse(&paths, format, style, out, err),
    }
}

fn index(
    dir: &std::path::Path,
    roots: &[PathBuf],
    quiet: bool,
    verbose: bool,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let archive = Archive::open_or_create(dir)?;
    let report = sync::index(&archive, roots, verbose)?;
    if verbose {
        for p in &report.read {
            writeln!(err, "read {}", p.display())?;
        }
    }
    for root in &report.missing_roots {
        writeln!(
            err,
            "warning: {} does not exist (unmounted?); its documents are kept",
            root.display()
        )?;
    }
    for f in &report.failures {
        writeln!(err, "error: {f}")?;
    }
    if !quiet {
        let failed = if report.failures.is_empty() {
            String::new()
        } else {
            format!(", failed {} (see above)", report.failures.len())
        };
        writeln!(
            err,
            "indexed {} documents from {} files{failed} in {:.1} s into {}",
            report.documents,
            report.files,
            report.elapsed.as_secs_f64(),
            archive.dir().display()
        )?;
    }
    Ok(if report.failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::SomeFilesFailed
    })
}

fn parse(
    paths: &[PathBuf],
    format: Format,
    style: render::Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let mut failed = false;
    let mut all = Vec::new();
    for path in paths {
        if !path.exists() {
            writeln!(err, "error: {}: no such file or folder", path.display())?;
            failed = true;
            continue;
        }
        let (files, failures) = walk::walk(path);
        for f in failures {
            writeln!(err, "error: {f}")?;
            failed = true;
        }
        if path.is_file() && files.is_empty() {
            writeln!(
                err,
                "error: {}: not a format dossier reads (.txt, .md, .text)",
                path.display()
            )?;
            failed = true;
        }
        // Batches bound memory on big folders; output keeps the files' order.
        for batch in files.chunks(1024) {
            for parsed in ingest::parse_files(batch) {
                match parsed {
                    Ok(docs) => match format {
                        Format::Json => all.extend(docs),
                        Format::Ndjson => docs
                            .iter()
                            .try_for_each(|d| render::document_ndjson(d, out))?,
                        Format::Text => docs.iter().try_for_each(|d| {
                            render::document_text(d, style, out)?;
                            writeln!(out, "\n---\n").map_err(crate::error::Error::from)
                        })?,
                    },
                    Err(f) => {
                        writeln!(err, "error: {f}")?;
                        failed = true;
                    }
                }
            }
        }
    }
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
    }
    Ok(if failed {
        Outcome::SomeFilesFailed
    } else {
        Outcome::Success
    })
}

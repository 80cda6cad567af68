//! Carrying out a checked [`Config`]: one function per command, each writing its results to
//! `out` and its messages (summaries, warnings, per-file errors) to `err`.

use std::io::Write;
use std::path::PathBuf;

use std::sync::atomic::AtomicBool;

use crate::archive::sync::{self, Change, Progress, SyncOptions, SyncReport};
use crate::archive::Archive;
use crate::cli::Format;
use crate::config::{Config, HelpTopic, Task};
use crate::error::{Error, Result};
use crate::ingest::{self, walk};
use crate::search::story_counts::Counting;
use crate::search::{self, render};

mod export;
mod follow;
use export::export_summary;
use follow::follow;

/// What a finished command tells the binary about its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The command ran, but some input files could not be read (reported on `err`).
    SomeFilesFailed,
    /// Stopped by Ctrl-C after committing what was done.
    Interrupted,
}

/// What the terminal lends a command: a progress display and the Ctrl-C flag.
pub struct Ui<'a> {
    pub progress: &'a dyn Progress,
    pub cancel: &'a AtomicBool,
}

pub fn run(config: Config, ui: &Ui, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let style = config.style;
    crate::ingest::isolate::set_budget(config.reader_budget);
    crate::ingest::stream::set_threshold(config.stream_bytes);
    match config.task {
        Task::Index {
            options,
            quiet,
            verbose,
            watch,
        } => {
            let outcome = index(&config.index_dir, &options, quiet, verbose, ui, out, err)?;
            if !watch || outcome == Outcome::Interrupted {
                return Ok(outcome);
            }
            follow(&config.index_dir, &options, quiet, ui, err)
        }
        Task::Search {
            request,
            format,
            explain,
        } => {
            let started = std::time::Instant::now();
            let archive = Archive::open(&config.index_dir)?;
            if explain {
                writeln!(err, "{}\n", search::explain(&archive, &request)?)?;
            }
            let results = search::search(&archive, &request)?;
            match format {
                Format::Text => {
                    render::text(&results, style, out)?;
                    let shown = results.hits.len();
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    match results.stories {
                        Some(stories) => writeln!(
                            err,
                            "{shown} of {}{stories} stories ({} matching documents; --copies shows each) in {ms:.0} ms",
                            if results.stories_estimated { "about " } else { "" },
                            results.total
                        )?,
                        None => writeln!(
                            err,
                            "{shown} of {} matching documents in {ms:.0} ms",
                            results.total
                        )?,
                    }
                }
                Format::Json => render::json(&results, &request.query, out)?,
                Format::Ndjson => render::ndjson(&results, out)?,
                Format::Paths => render::paths(&results, out)?,
                Format::Csv => render::csv(&results, out)?,
            }
            Ok(Outcome::Success)
        }
        Task::Top {
            request,
            field,
            limit,
            count,
            format,
        } => {
            let archive = Archive::open(&config.index_dir)?;
            let (total, counts) = search::facets::top(&archive, &request, field, limit, count)?;
            match format {
                Format::Json => {
                    let page = render::top_json(field, count, total, &counts);
                    writeln!(out, "{}", serde_json::to_string_pretty(&page)?)?;
                }
                Format::Csv => render::top_csv(field, &counts, out)?,
                _ => {
                    render::top_text(field, &counts, style, out)?;
                    writeln!(
                        err,
                        "{} values among {total} matching {}{}",
                        counts.len(),
                        count.noun(),
                        match count {
                            Counting::Stories =>
                                " (copies of a story count once; --count articles counts each)",
                            Counting::Articles => "",
                        }
                    )?;
                }
            }
            Ok(Outcome::Success)
        }
        Task::Timeline {
            request,
            by,
            normalize,
            count,
            format,
        } => {
            let archive = Archive::open(&config.index_dir)?;
            let buckets = search::facets::timeline(&archive, &request, by, normalize, count)?;
            match format {
                Format::Json => {
                    let page = render::timeline_json(by, count, &buckets);
                    writeln!(out, "{}", serde_json::to_string_pretty(&page)?)?;
                }
                Format::Csv => render::timeline_csv(&buckets, out)?,
                _ => {
                    render::timeline_text(&buckets, style, out)?;
                    let total: u64 = buckets.iter().map(|b| b.count).sum();
                    writeln!(
                        err,
                        "{total} {} per {}{}",
                        count.noun(),
                        serde_json::to_value(by)?.as_str().unwrap_or("period"),
                        match count {
                            Counting::Stories => ", each in the period of its earliest article (--count articles counts each)",
                            Counting::Articles => "",
                        }
                    )?;
                }
            }
            Ok(Outcome::Success)
        }
        Task::Stats { limit, format } => {
            let archive = Archive::open(&config.index_dir)?;
            let stats = crate::search::stats::stats(&archive, limit)?;
            match format {
                Format::Json => {
                    let page = render::stats_json(&stats)?;
                    writeln!(out, "{}", serde_json::to_string_pretty(&page)?)?;
                }
                _ => render::stats_text(&stats, style, out)?,
            }
            Ok(Outcome::Success)
        }
        Task::Export(options) => {
            let archive = Archive::open(&config.index_dir)?;
            let report = crate::export::export(&archive, &options, ui.progress, ui.cancel)?;
            if report.interrupted {
                writeln!(
                    err,
                    "interrupted: the files in {} are incomplete and the cursor did not move; run the export again",
                    options.dir.display()
                )?;
                return Ok(Outcome::Interrupted);
            }
            if let Some(before) = &report.other_selection {
                writeln!(
                    err,
                    "note: the last export to {} `{}` selected {before}; the documents it sent that this one leaves out are deleted (--name keeps a separate index)",
                    options.target.name(),
                    options.name
                )?;
            }
            writeln!(err, "{}", export_summary(&options, &report))?;
            Ok(Outcome::Success)
        }
        Task::Serve { options, watch } => {
            let sync_options = SyncOptions::default();
            if watch {
                let first = index(&config.index_dir, &sync_options, false, false, ui, out, err)?;
                if first == Outcome::Interrupted {
                    return Ok(first);
                }
            }
            let archive = Archive::open(&config.index_dir)?;
            let server = crate::serve::Server::bind(archive, options)?;
            writeln!(out, "{}", server.banner())?;
            out.flush()?;
            // Two threads a core: a request waits on the socket as well as on the CPU.
            let threads = std::thread::available_parallelism().map_or(2, |n| 2 * n.get());
            if !watch {
                server.run(threads, ui.cancel)?;
                return Ok(Outcome::Success);
            }
            // The server answers on its threads while this one follows the folders; Ctrl-C
            // ends both. The server's reader looks for commits every 100 ms.
            std::thread::scope(|scope| -> Result<Outcome> {
                let serving = scope.spawn(|| server.run(threads, ui.cancel));
                let followed = follow(&config.index_dir, &sync_options, false, ui, err);
                ui.cancel.store(true, std::sync::atomic::Ordering::SeqCst);
                serving
                    .join()
                    .map_err(|_| Error::Usage("the server stopped".into()))??;
                followed.map(|_| Outcome::Success)
            })
        }
        Task::Show { id, query, format } => {
            let archive = Archive::open(&config.index_dir)?;
            let doc = search::get(&archive, &id)?;
            let marked = query
                .map(|q| search::highlight_body(&archive, &doc, &q))
                .transpose()?;
            let story = search::collapse::story_members(&archive, &doc)?;
            match format {
                Format::Text => render::document_text(&doc, marked.as_ref(), &story, style, out)?,
                Format::Json => {
                    let page = render::document_json(&doc, &story)?;
                    serde_json::to_writer_pretty(&mut *out, &page)?;
                    writeln!(out)?;
                }
                Format::Ndjson | Format::Paths | Format::Csv => render::document_ndjson(&doc, out)?,
            }
            Ok(Outcome::Success)
        }
        Task::Parse { paths, format } => parse(&paths, format, style, out, err),
        Task::Completions { shell } => {
            let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "dossier", out);
            Ok(Outcome::Success)
        }
        Task::Man => {
            let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(out)?;
            Ok(Outcome::Success)
        }
        Task::Help { topic } => {
            let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            // `build` gives subcommands their full names (`dossier search`) in usage lines.
            cmd.build();
            let help = match topic {
                HelpTopic::Overview => cmd.render_long_help(),
                HelpTopic::Query => crate::search::query::QUERY_LANGUAGE.into(),
                HelpTopic::Command(name) => match cmd.find_subcommand_mut(&name) {
                    Some(sub) => sub.render_long_help(),
                    None => return Err(Error::Usage(format!("no command '{name}'"))),
                },
            };
            write!(out, "{help}")?;
            Ok(Outcome::Success)
        }
    }
}

fn index(
    dir: &std::path::Path,
    options: &SyncOptions,
    quiet: bool,
    verbose: bool,
    ui: &Ui,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let archive = match options.dry_run {
        // A dry run on a folder without an archive compares with an empty one, creating nothing.
        true if !dir.join("meta.json").is_file() => Archive::in_memory()?,
        true => Archive::open(dir)?,
        false => match Archive::open_or_create(dir) {
            Err(Error::Incompatible(_)) if options.rebuild => Archive::recreate(dir)?,
            other => other?,
        },
    };
    let report = sync::sync(&archive, options, ui.progress, ui.cancel)?;
    for root in &report.missing_roots {
        writeln!(
            err,
            "warning: {} does not exist (unmounted?); its documents are kept (--prune-missing-roots removes them)",
            root.display()
        )?;
    }
    if options.dry_run || verbose {
        // A dry run's list is its result (stdout); -v's is commentary (stderr).
        let list: &mut dyn Write = if options.dry_run { out } else { &mut *err };
        for c in &report.changes {
            let verb = match c.change {
                Change::Added => "add",
                Change::Updated => "update",
                Change::Moved => "move",
                Change::Removed => "remove",
                Change::Unchanged => "unchanged",
            };
            match &c.from {
                Some(from) => {
                    writeln!(list, "{verb:<9} {} -> {}", from.display(), c.path.display())?
                }
                None => writeln!(list, "{verb:<9} {}", c.path.display())?,
            }
        }
    }
    for f in &report.failures {
        match f.skipped {
            true if verbose => writeln!(err, "skipped   {f}")?,
            true => {}
            false => writeln!(err, "error: {f}")?,
        }
    }
    if report.interrupted {
        writeln!(
            err,
            "interrupted: what was done is committed; run `dossier index` again to finish"
        )?;
    }
    if verbose {
        let (read, trusted) = report.folders;
        writeln!(
            err,
            "folders: {} read, {} unchanged since the last run (--verify checks every file)",
            thousands(read),
            thousands(trusted)
        )?;
    }
    if !quiet {
        writeln!(err, "{}", summary(&report, options.dry_run))?;
    }
    Ok(if report.interrupted {
        Outcome::Interrupted
    } else if report.failures.iter().all(|f| f.skipped) {
        Outcome::Success
    } else {
        Outcome::SomeFilesFailed
    })
}

/// `added 120, updated 3, moved 2, removed 5, unchanged 99,870, failed 1 (see above) in 2.4 s`
fn summary(r: &SyncReport, dry_run: bool) -> String {
    let mut parts = vec![
        format!("added {}", thousands(r.added)),
        format!("updated {}", thousands(r.updated)),
        format!("moved {}", thousands(r.moved)),
        format!("removed {}", thousands(r.removed)),
        format!("unchanged {}", thousands(r.unchanged)),
    ];
    let skipped = r.failures.iter().filter(|f| f.skipped).count();
    let failed = r.failures.len() - skipped;
    if failed > 0 {
        parts.push(format!("failed {} (see above)", thousands(failed)));
    }
    if skipped > 0 {
        parts.push(format!(
            "skipped {} (not articles; -v lists them)",
            thousands(skipped)
        ));
    }
    let line = format!("{} in {:.1} s", parts.join(", "), r.elapsed.as_secs_f64());
    if dry_run {
        format!("dry run, nothing written: would have {line}")
    } else {
        line
    }
}

/// 99870 -> `99,870`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
            // Inside a folder, files of other formats are passed over; named alone, they are
            // reported.
            if f.skipped && !path.is_file() {
                continue;
            }
            writeln!(err, "error: {f}")?;
            failed = true;
        }
        // Batches bound memory on big folders; output keeps the files' order.
        for batch in files.chunks(1024) {
            for parsed in ingest::parse_files(batch) {
                let parsed = match parsed {
                    Ok(p) => p,
                    Err(f) if f.skipped && !path.is_file() => continue,
                    Err(f) => {
                        writeln!(err, "error: {f}")?;
                        failed = true;
                        continue;
                    }
                };
                for f in &parsed.problems {
                    writeln!(err, "error: {f}")?;
                    failed = true;
                }
                match format {
                    Format::Json => all.extend(parsed.docs),
                    Format::Ndjson | Format::Paths | Format::Csv => parsed
                        .docs
                        .iter()
                        .try_for_each(|d| render::document_ndjson(d, out))?,
                    Format::Text => parsed.docs.iter().try_for_each(|d| {
                        render::document_text(d, None, &[], style, out)?;
                        writeln!(out, "\n---\n").map_err(crate::error::Error::from)
                    })?,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(99_870), "99,870");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}

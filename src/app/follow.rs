//! `index --watch` and `serve --watch` after their first sync: the watcher's notes as lines on
//! stderr, one per batch that changed something, until Ctrl-C.

use std::io::Write;

use super::{summary, Outcome, Ui};
use crate::archive::sync::SyncOptions;
use crate::archive::Archive;
use crate::error::Result;

/// `index --watch` after its first sync: one line per batch that changed something, until Ctrl-C.
pub(super) fn follow(
    dir: &std::path::Path,
    options: &SyncOptions,
    quiet: bool,
    ui: &Ui,
    err: &mut dyn Write,
) -> Result<Outcome> {
    use crate::archive::watch::{self, Note};
    let archive = Archive::open(dir)?;
    let clock = || chrono::Local::now().format("%H:%M:%S");
    watch::watch(
        &archive,
        options,
        watch::Timing::default(),
        ui.cancel,
        &mut |note| {
            match note {
                Note::Watching(roots) if !quiet => writeln!(
                    err,
                    "watching {} for changes (Ctrl-C to stop)",
                    roots
                        .iter()
                        .map(|r| r.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )?,
                Note::Synced(r) => {
                    for f in r.failures.iter().filter(|f| !f.skipped) {
                        writeln!(err, "error: {f}")?;
                    }
                    let changed = r.added + r.updated + r.moved + r.removed > 0;
                    if !quiet && (changed || !r.failures.is_empty()) {
                        writeln!(err, "{} {}", clock(), summary(r, false))?;
                    }
                }
                Note::Overflow => writeln!(
                    err,
                    "{} the event queue overflowed: reading every folder again",
                    clock()
                )?,
                Note::RootGone(root) => writeln!(
                    err,
                    "warning: {} disappeared (unmounted?); its documents are kept, and it is watched for again",
                    root.display()
                )?,
                Note::RootBack(root) if !quiet => {
                    writeln!(err, "{} {} is back: syncing it", clock(), root.display())?
                }
                Note::Failed(e) => writeln!(
                    err,
                    "error: {e}; trying again on the next change"
                )?,
                _ => {}
            }
            Ok(())
        },
    )?;
    if !quiet {
        writeln!(err, "stopped watching; every change seen is committed")?;
    }
    Ok(Outcome::Interrupted)
}

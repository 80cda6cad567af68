//! What only the binary does with the terminal: draw the progress bar on stderr, and turn
//! Ctrl-C (SIGINT, SIGTERM) into a flag the library checks between batches. This module is
//! part of the binary, not the library, which never prints and never exits.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use dossier::archive::sync::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Set on the first Ctrl-C; the second one ends the process at once.
pub static CANCEL: AtomicBool = AtomicBool::new(false);

/// Exit status after a second Ctrl-C: 128 + SIGINT, as shells report it.
const ABORTED: i32 = 130;

/// Install the Ctrl-C handler. The first signal asks the running command to commit what it
/// has and stop; the archive is crash-safe, so the second may simply end the process.
pub fn catch_interrupts() {
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            std::process::exit(ABORTED);
        }
        eprintln!("\ninterrupting: committing what is done (Ctrl-C again to stop at once)");
    });
}

/// A progress bar on stderr that appears only when stderr is a terminal and the run has
/// lasted more than a second (short runs stay quiet, piped output stays clean).
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
    enabled: bool,
}

impl Bar {
    pub fn new(enabled: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {pos}/{len} files {wide_bar} {per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            enabled: enabled && std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
        if self.enabled
            && self.started.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::SeqCst)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

//! The `dossier` binary: parse arguments, check them into a config, run, map the outcome to an
//! exit code. Everything else lives in the library (and terminal drawing in `terminal`).

mod terminal;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use dossier::app::{self, Outcome, Ui};
use dossier::ingest::isolate;
use dossier::{cli::Cli, config::Config, Error};

fn main() -> ExitCode {
    // `dossier __extract FORMAT MEMORY`: this process is a worker reading one risky file (see
    // `ingest::isolate`), not a command a user types.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(isolate::WORKER_COMMAND) {
        let (mut input, mut output) = (std::io::stdin().lock(), std::io::stdout().lock());
        return match isolate::serve(&args[1..], &mut input, &mut output) {
            true => ExitCode::SUCCESS,
            false => ExitCode::from(2),
        };
    }
    if let Ok(exe) = std::env::current_exe() {
        isolate::use_worker(exe);
    }
    let cli = Cli::parse();
    terminal::catch_interrupts();
    // stdout is locked for speed; stderr is not (it is unbuffered anyway): a panic message from
    // a parsing thread takes stderr's lock, and holding it here for the whole run deadlocked
    // the process instead of reporting the file.
    let stdout = std::io::stdout();
    let (mut out, mut err) = (stdout.lock(), std::io::stderr());
    let result = Config::from_cli(cli).and_then(|config| {
        let bar = terminal::Bar::new(!config.quiet());
        let ui = Ui {
            progress: &bar,
            cancel: &terminal::CANCEL,
        };
        app::run(config, &ui, &mut out, &mut err)
    });
    let _ = out.flush();
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFilesFailed) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        // `dossier search ... | head` closes the pipe early: not an error.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "dossier: {e}");
            ExitCode::from(if matches!(e, Error::Usage(_) | Error::Query(_)) {
                2
            } else {
                1
            })
        }
    }
}

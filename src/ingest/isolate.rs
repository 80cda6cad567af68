//! Readers of untrusted binary formats (PDF, Word, OpenDocument, EPUB) run in a worker process
//! under a time and memory budget. Their parsers are third-party crates that can loop on a
//! hostile file, allocate without bound (a zip bomb, a PDF stream that claims 4 GB) or
//! overflow the stack on deep nesting, and neither a thread nor `catch_unwind` survives the
//! last two: a stack overflow aborts the whole process. A child process can be killed when it
//! runs over time, is refused memory beyond its limit, and dies alone.
//!
//! The worker is the dossier binary itself (`dossier __extract FORMAT`, which `main.rs`
//! answers before parsing arguments): it reads the file's bytes on stdin and writes the
//! records as JSON on stdout. Without a worker (the library's own tests, a program embedding
//! the library) the readers run in-process, still behind the caller's `catch_unwind`.
//!
//! Cost, measured on the 2-core machine: starting the worker and passing the bytes is about
//! 3 ms wall (4.3 ms CPU) a file, 2.8 ms of it starting the binary (see README, Performance),
//! against 20-70 ms of parsing a real PDF; text formats (text, HTML, JSON, feeds, e-mail) stay
//! in-process, where a file costs tens of microseconds.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::formats::Record;
use super::sniff::Format;

/// The first argument that makes the dossier binary a worker.
pub const WORKER_COMMAND: &str = "__extract";

/// How long and how much memory one file's reader may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub time: Duration,
    pub memory_bytes: u64,
}

impl Default for Budget {
    /// 60 s: the slowest PDF of the shared corpus takes 68 ms, so this stops only what loops.
    /// 2 GiB of address space: the corpus's files need under 100 MB; a PDF whose one stream
    /// inflates to 400 MB peaked at 890 MB and was read (and found to hold no text).
    fn default() -> Budget {
        Budget {
            time: Duration::from_secs(60),
            memory_bytes: 2 << 30,
        }
    }
}

static WORKER: OnceLock<PathBuf> = OnceLock::new();
static BUDGET: OnceLock<Budget> = OnceLock::new();

/// Run risky readers in `exe` (the dossier binary) from now on. Set once, by `main`.
pub fn use_worker(exe: PathBuf) {
    let _ = WORKER.set(exe);
}

/// The budget for every file of this run (the default unless set before the first file).
pub fn set_budget(budget: Budget) {
    let _ = BUDGET.set(budget);
}

fn budget() -> Budget {
    BUDGET.get().copied().unwrap_or_default()
}

/// The records of `data`, a file of a risky `format`: in the worker when there is one.
pub fn read(format: Format, data: &[u8]) -> Result<Vec<Record>, String> {
    match WORKER.get() {
        Some(exe) => in_worker(exe, format, data, budget()),
        None => super::dispatch::read_risky(format, data),
    }
}

fn in_worker(
    exe: &PathBuf,
    format: Format,
    data: &[u8],
    budget: Budget,
) -> Result<Vec<Record>, String> {
    let mut child = Command::new(exe)
        .arg(WORKER_COMMAND)
        .arg(format.name())
        .arg(budget.memory_bytes.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start a reader process: {e}"))?;
    let (mut stdin, mut stdout, mut stderr) = (
        child.stdin.take().expect("piped"),
        child.stdout.take().expect("piped"),
        child.stderr.take().expect("piped"),
    );
    std::thread::scope(|s| {
        // The pipes are drained on their own threads, so a worker that writes a lot before it
        // has read everything (or never reads) cannot block this one.
        s.spawn(move || {
            let _ = stdin.write_all(data);
        });
        let out = s.spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let err = s.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            buf
        });
        let started = Instant::now();
        let mut pause = Duration::from_micros(200);
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > budget.time => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "reading took longer than {} s: stopped (a damaged or hostile file? \
                         --reader-timeout sets the limit)",
                        budget.time.as_secs_f64()
                    ));
                }
                Ok(None) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(e) => return Err(format!("lost the reader process: {e}")),
            }
        };
        let out = out.join().unwrap_or_default();
        let err = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
        if !status.success() {
            return Err(crash_reason(&err, budget));
        }
        serde_json::from_slice::<Vec<Record>>(&out)
            .map_err(|e| format!("the reader process answered nonsense: {e}"))
    })
}

/// Why a worker died, from what it left on stderr.
fn crash_reason(stderr: &str, budget: Budget) -> String {
    if stderr.contains("memory allocation") {
        format!(
            "needed more than {} MB of memory: stopped (a damaged or hostile file? \
             --reader-memory sets the limit)",
            budget.memory_bytes >> 20
        )
    } else if stderr.contains("stack overflow") {
        "the reader overflowed its stack (nesting too deep?): stopped".to_string()
    } else {
        let last = stderr.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        format!("the reader process crashed: {}", last.trim())
    }
}

/// The worker's side: `dossier __extract FORMAT MEMORY` reads a file on `input` and writes its
/// records to `output` as JSON. Returns false when the format is unknown.
pub fn serve(args: &[String], input: &mut dyn Read, output: &mut dyn Write) -> bool {
    let Some(format) = args.first().and_then(|f| Format::from_name(f)) else {
        return false;
    };
    let memory = args.get(1).and_then(|m| m.parse::<u64>().ok());
    if let Some(limit) = memory {
        limit_memory(limit);
    }
    let mut data = Vec::new();
    if input.read_to_end(&mut data).is_err() {
        return false;
    }
    let records = std::panic::catch_unwind(|| super::dispatch::read_risky(format, &data))
        .unwrap_or_else(|panic| Err(super::internal_error(panic)));
    let records: Vec<Record> = records.unwrap_or_else(|e| vec![Err(e)]);
    serde_json::to_writer(&mut *output, &records).is_ok() && output.flush().is_ok()
}

/// Cap the worker's address space, so an allocation beyond the budget fails (and the worker
/// aborts with a message the parent reads) instead of the machine swapping.
#[cfg(unix)]
fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64) {}

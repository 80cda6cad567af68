//! Running the release binary as users do, one whole process per measurement, and reading its
//! wall time and peak resident set size.
//!
//! Peak RSS comes from `wait4` on that one child (its own `ru_maxrss`), not from
//! `getrusage(RUSAGE_CHILDREN)`, which keeps the maximum over every child reaped so far and
//! would report the ingest's peak for every later, smaller run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run cost.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set size in bytes.
    pub peak_rss: u64,
}

/// Run `program args`, wait for it, and fail the bench loudly if it fails.
/// Output goes to a pipe drained by the OS (`/dev/null`): the bench measures the work, not a
/// terminal's drawing speed.
// The child is reaped by `wait4` (for its rusage), which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn run(program: &str, args: &[&str], cwd: Option<&Path>) -> Run {
    let mut cmd = Command::new(program);
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let t = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("run {program}: {e}"));
    let (status, usage) = wait(child.id());
    let wall = t.elapsed();
    if !status_ok(status) {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        panic!("{program} {args:?} failed: {err}");
    }
    Run {
        wall,
        // Linux reports ru_maxrss in KiB.
        peak_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// Like [`run`] but a non-zero exit is an answer, not a failure (`grep -l` exits 1 when nothing
/// matches).
#[allow(clippy::zombie_processes)] // reaped by `wait4`, as in `run`
pub fn run_any(program: &str, args: &[&str]) -> Duration {
    let t = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    let _ = wait(child.id());
    t.elapsed()
}

/// Whether `program` can be found on PATH.
pub fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn wait(pid: u32) -> (libc::c_int, libc::rusage) {
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for the child we spawned and own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(
        r,
        pid as libc::pid_t,
        "wait4: {}",
        std::io::Error::last_os_error()
    );
    (status, usage)
}

fn status_ok(status: libc::c_int) -> bool {
    libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0
}

/// Total size in bytes of the files below `dir`.
pub fn du(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let m = e.metadata().expect("metadata");
            if m.is_dir() {
                stack.push(e.path());
            } else {
                total += m.len();
            }
        }
    }
    total
}

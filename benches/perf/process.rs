//! Running the release binary as users do, one whole process per measurement, and reading its
//! wall time and peak resident set size.
//!
//! Peak RSS is the child's `VmHWM` (high-water resident set of its own address space) read
//! from `/proc/PID/status` every 2 ms while it runs. Not `ru_maxrss`: Linux seeds a child's
//! `ru_maxrss` with the RSS of the image it replaced at `exec`, which for a `posix_spawn`ed
//! child is this harness itself; after the baseline the harness holds ~2 GB of freed heap, and
//! a first version of this bench reported 2,007 MB for a `+1%` re-run that peaks at ~90 MB
//! (checked with `/usr/bin/time -f %M`). `getrusage(RUSAGE_CHILDREN)` has the same flaw and
//! also keeps the maximum over every child reaped so far.

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
/// `watch` polls the child's peak RSS (for `index` runs); searches leave it off, so the
/// 2 ms polling cannot round their latency.
pub fn run(program: &str, args: &[&str], cwd: Option<&Path>, watch: bool) -> Run {
    let mut cmd = Command::new(program);
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let t = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("run {program}: {e}"));
    let mut peak_rss = 0;
    if watch {
        while !exited(child.id()) {
            peak_rss = peak_rss.max(hwm(child.id()));
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let (status, _) = wait(child.id());
    let wall = t.elapsed();
    if !status_ok(status) {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        panic!("{program} {args:?} failed: {err}");
    }
    Run { wall, peak_rss }
}

/// Whether the child has exited, without reaping it (`waitid` with `WNOWAIT`), so `/proc` can
/// still be read until the last moment and `wait4` reaps it after.
fn exited(pid: u32) -> bool {
    // SAFETY: siginfo_t is plain old data, filled by waitid for our own child.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
    let r = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) };
    r == 0 && unsafe { info.si_pid() } != 0
}

/// The child's peak resident set so far (`VmHWM`, reported in kB), 0 if unreadable.
fn hwm(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
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

//! Watch latency: `dossier index --watch` running on the harness's archive while 200 new files
//! arrive, one every 100 ms (a feed being saved); for each, the time from its write to the
//! moment a search in another process's view (the library on the same folder, reloaded every
//! 20 ms) finds it. p50 and p99 over the 200.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier::archive::Archive;
use dossier::search::{self, SearchRequest};

pub struct WatchLatency {
    pub files: usize,
    pub p50: Duration,
    pub p99: Duration,
    /// Files never found within the deadline.
    pub missed: usize,
}

const FILES: usize = 200;
const EVERY: Duration = Duration::from_millis(100);
const POLL: Duration = Duration::from_millis(20);

pub fn latency(bin: &str, index: &Path, news: &Path) -> WatchLatency {
    let mut child = Command::new(bin)
        .arg("--index")
        .arg(index)
        .args(["index", "--watch"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("dossier index --watch");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    for line in lines.by_ref() {
        if line.expect("a line").starts_with("watching ") {
            break;
        }
    }
    // Keep reading its stderr so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});

    let archive = Archive::open(index).expect("archive");
    let dir = news.join("watched");
    std::fs::create_dir_all(&dir).expect("folder");
    let started = Instant::now();
    let writer = std::thread::spawn(move || {
        let mut written = Vec::with_capacity(FILES);
        for i in 0..FILES {
            let text = format!(
                "Watch probe {i} reaches the archive\n\n2026-12-03\n\n\
                 The watchprobe article number wp{i} names Italy and France.\n"
            );
            std::fs::write(dir.join(format!("probe-{i:03}.txt")), text).expect("write");
            written.push(Instant::now());
            std::thread::sleep(EVERY);
        }
        written
    });
    let request = SearchRequest {
        query: "watchprobe".into(),
        limit: FILES,
        copies: true,
        ..SearchRequest::default()
    };
    let mut found_at: Vec<Option<Instant>> = vec![None; FILES];
    let deadline = EVERY * FILES as u32 + Duration::from_secs(30);
    while found_at.iter().any(Option::is_none) && started.elapsed() < deadline {
        std::thread::sleep(POLL);
        archive.reload().expect("reload");
        let now = Instant::now();
        let results = search::search(&archive, &request).expect("search");
        for hit in results.hits {
            let number = hit
                .doc
                .path
                .rsplit("probe-")
                .next()
                .and_then(|r| r.trim_end_matches(".txt").parse::<usize>().ok());
            if let Some(slot) = number.and_then(|i| found_at.get_mut(i)) {
                slot.get_or_insert(now);
            }
        }
    }
    let written = writer.join().expect("writer");
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let mut took: Vec<Duration> = written
        .iter()
        .zip(&found_at)
        .filter_map(|(w, f)| f.map(|f| f.saturating_duration_since(*w)))
        .collect();
    took.sort();
    let pick = |q: f64| {
        took.get(((took.len() as f64 * q) as usize).min(took.len().saturating_sub(1)))
            .copied()
            .unwrap_or(Duration::MAX)
    };
    WatchLatency {
        files: FILES,
        p50: pick(0.5),
        p99: pick(0.99),
        missed: FILES - took.len(),
    }
}

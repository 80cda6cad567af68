//! A `dossier serve` started on port 0 for a test, and a plain HTTP/1.1 client for it (no
//! client crate: a request is a few lines, and the test sees the exact bytes served).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use super::Env;

/// A running `dossier serve`, killed when dropped.
pub struct Served {
    child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(env: &Env, extra: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--index")
        .arg(env.index_dir())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // `dossier serve: http://127.0.0.1:PORT/ (...)`
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in the startup line: {line:?}"));
    Served { child, port }
}

/// One response: status, headers (lowercased names), body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub fn request(port: u16, method: &str, target: &str, headers: &[&str]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for h in headers {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

pub fn get(port: u16, target: &str) -> Response {
    request(port, "GET", target, &[])
}

/// An archive of two articles whose titles and bodies are markup meant to run as script.
pub fn hostile_archive() -> Env {
    let env = Env::new();
    let news = env.path().join("news");
    env.write(
        "news/a.txt",
        "<script>alert(1)</script> Hostile headline\n\nMarch 3, 2026\n\nA report on hostile \
         markup: <b>bold</b> and <script>alert('body')</script> in the body, about Italy.\n",
    );
    env.write(
        "news/b.txt",
        "\"><img src=x onerror=alert(1)> Another hostile headline\n\nMarch 4, 2026\n\nThe second \
         hostile report names France and '\"><svg onload=alert(2)>.\n",
    );
    env.ok(&["index", "-q", news.to_str().unwrap()]);
    env
}

//! `dossier serve`: the archive in a browser and over HTTP, for the colleagues of a desk.
//!
//! One process, read-only: a pool of threads takes requests from one listener (tiny_http, a
//! synchronous server: a search is a few milliseconds of CPU, so threads serve as well as an
//! async runtime here and build in a fraction of the time, see README), reloads the archive's
//! reader (so each commit of a running `dossier index` shows at once; the writer lock is never
//! taken) and answers from the same library calls as the CLI: the API with the CLI's JSON
//! (`api`), the pages as HTML rendered on the server (`pages`, with `chart`'s SVG), and the
//! stylesheet and the one small script embedded in the binary (`assets/`).
//!
//! Safe by default: loopback only, unless `--token` (every request carries it) or `--public`
//! says otherwise; nothing is written; every document string is escaped by the templates; a
//! strict Content-Security-Policy; documents are looked up by id, never by a path.

mod api;
mod cache;
mod chart;
mod pages;
pub mod params;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::archive::Archive;
use crate::error::{Error, Result};

/// How the server is reached.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: SocketAddr,
    /// Required of every request when set (header `Authorization: Bearer T`, `?token=T`, or
    /// the cookie a page sets).
    pub token: Option<String>,
    /// Serve a non-loopback address without a token, on purpose.
    pub public: bool,
    /// Bytes of answers kept for the commit they were computed on (0: every request computed).
    pub cache_bytes: usize,
}

/// A response before it is sent.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Set the token cookie (the page was opened with `?token=`).
    pub set_token: Option<String>,
    /// Served from the answer cache (said in the `X-Dossier-Cache` header).
    pub cached: bool,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            body,
            set_token: None,
            cached: false,
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Reply {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Reply::new(status, "application/json", body)
    }

    pub fn html(status: u16, page: String) -> Reply {
        Reply::new(status, "text/html; charset=utf-8", page.into_bytes())
    }
}

/// The HTTP status of a library error: the user's mistake (400), an unknown id (404), ours
/// (500).
pub fn status_of(e: &Error) -> u16 {
    match e {
        Error::Query(_) | Error::Usage(_) => 400,
        Error::NotFound(_) => 404,
        _ => 500,
    }
}

/// A bound server, not yet serving (so a caller can print its address first).
pub struct Server {
    http: Arc<tiny_http::Server>,
    archive: Arc<Archive>,
    opts: ServeOptions,
    cache: cache::AnswerCache,
    started: Instant,
    /// When the reader last looked for a new commit (milliseconds since `started`).
    reloaded: AtomicU64,
}

/// How often the reader looks for a new commit. Reloading opens the archive's segments again,
/// which costs more than a kept answer; a commit is seen at most this late.
const RELOAD_EVERY: Duration = Duration::from_millis(100);

impl Server {
    pub fn bind(archive: Archive, opts: ServeOptions) -> Result<Server> {
        let http = listen(opts.bind)
            .and_then(|l| tiny_http::Server::from_listener(l, None))
            .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", opts.bind)))?;
        Ok(Server {
            http: Arc::new(http),
            archive: Arc::new(archive),
            cache: cache::AnswerCache::new(opts.cache_bytes),
            opts,
            started: Instant::now(),
            reloaded: AtomicU64::new(0),
        })
    }

    /// The address it listens on (the real port when bound to port 0).
    pub fn addr(&self) -> SocketAddr {
        self.http.server_addr().to_ip().unwrap_or(self.opts.bind)
    }

    /// What the startup line says: the URL, and who can read the archive.
    pub fn banner(&self) -> String {
        let addr = self.addr();
        let url = format!("http://{addr}/");
        match (&self.opts.token, self.opts.public, addr.ip().is_loopback()) {
            (_, _, true) => format!("dossier serve: {url} (this machine only; Ctrl-C stops)"),
            (Some(_), _, false) => format!(
                "dossier serve: {url}?token=... (requests must carry the token; Ctrl-C stops)"
            ),
            (None, _, false) => format!(
                "dossier serve: {url} -- PUBLIC: the archive is readable by anyone who can reach this address (Ctrl-C stops)"
            ),
        }
    }

    /// Serve until `cancel` is set; `threads` take requests in parallel.
    pub fn run(self, threads: usize, cancel: &AtomicBool) -> Result<()> {
        std::thread::scope(|scope| {
            for _ in 0..threads.max(1) {
                scope.spawn(|| {
                    while !cancel.load(Ordering::SeqCst) {
                        match self.http.recv_timeout(Duration::from_millis(200)) {
                            Ok(Some(request)) => self.answer(request),
                            Ok(None) => {}
                            Err(_) => std::thread::sleep(Duration::from_millis(10)),
                        }
                    }
                });
            }
        });
        Ok(())
    }

    fn answer(&self, request: tiny_http::Request) {
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let params = params::Params::parse(query);
        let reply = if !matches!(
            request.method(),
            tiny_http::Method::Get | tiny_http::Method::Head
        ) {
            Reply::json(
                405,
                &api::error("only GET: the archive is read-only over HTTP"),
            )
        } else if !self.allowed(&request, &params) {
            Reply::json(
                401,
                &api::error("a token is required: add ?token=... to the URL"),
            )
        } else {
            self.reload_if_due();
            let commit = self
                .archive
                .reader()
                .map_or(0, |r| cache::commit_of(&r.searcher()));
            let key = cache::key_of(path, &params);
            let mut reply = match self.cache.get(commit, &key) {
                Some(hit) => Reply {
                    cached: true,
                    ..Reply::new(200, hit.content_type, hit.body.to_vec())
                },
                None => self.compute(path, &params, commit, key),
            };
            if let (Some(t), Some(_)) = (&self.opts.token, params.get("token")) {
                reply.set_token = Some(t.clone());
            }
            reply
        };
        let _ = request.respond(response(reply));
    }

    /// Look for a new commit, unless the reader looked less than [`RELOAD_EVERY`] ago.
    fn reload_if_due(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        let last = self.reloaded.load(Ordering::Relaxed);
        let due = now >= last + RELOAD_EVERY.as_millis() as u64 || last == 0;
        if due
            && self
                .reloaded
                .compare_exchange(last, now.max(1), Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            // A failed reload (an index being replaced) still answers from the last commit.
            let _ = self.archive.reload();
        }
    }

    /// Answer a request the cache does not hold, and keep a successful answer for `commit`.
    fn compute(&self, path: &str, params: &params::Params, commit: u64, key: String) -> Reply {
        let archive = Arc::clone(&self.archive);
        let (path, asked) = (path.to_string(), params.clone());
        let reply =
            within(REQUEST_TIME, move || route(&archive, &path, &asked)).unwrap_or_else(|| {
                Reply::json(
                    503,
                    &api::error(&format!(
                        "the request took longer than {} s: narrow the query or the dates",
                        REQUEST_TIME.as_secs()
                    )),
                )
            });
        if reply.status == 200 {
            let body = Arc::new(reply.body);
            self.cache
                .put(commit, key, reply.content_type, Arc::clone(&body));
            return Reply::new(200, reply.content_type, body.to_vec());
        }
        reply
    }

    fn allowed(&self, request: &tiny_http::Request, params: &params::Params) -> bool {
        let Some(token) = &self.opts.token else {
            return true;
        };
        let bearer = format!("Bearer {token}");
        let cookie = format!("dossier_token={token}");
        params.get("token") == Some(token.as_str())
            || request.headers().iter().any(|h| {
                let v = h.value.as_str();
                (h.field.equiv("Authorization") && v == bearer)
                    || (h.field.equiv("Cookie") && v.split(';').any(|c| c.trim() == cookie))
            })
    }
}

/// The listening socket, with Nagle's algorithm off (accepted connections inherit it on Linux).
/// tiny_http writes a response's head and body separately; with Nagle on, the body's last
/// segment waited for the client's delayed ACK: every answer took 40 ms more (measured under
/// wrk: kept answers 44 ms p50 with Nagle on, 0.45 ms with it off).
fn listen(
    addr: SocketAddr,
) -> std::result::Result<std::net::TcpListener, Box<dyn std::error::Error + Send + Sync>> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// Longest a client waits for an answer. The limits on query length, page size and depth keep
/// a request to milliseconds on 100k documents (README Performance); this bounds the rest
/// (a pathological query on a huge archive): the client is told, the pool thread is free.
const REQUEST_TIME: Duration = Duration::from_secs(10);

/// `work`'s result if it ends within `limit`. It runs on a thread of its own, which a search
/// that cannot be interrupted finishes after the client has its 503.
fn within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(limit).ok()
}

/// Which page or endpoint a path is.
fn route(archive: &Archive, path: &str, params: &params::Params) -> Reply {
    match path {
        "/" => pages::search_page(archive, params),
        "/assets/style.css" => asset("text/css; charset=utf-8", include_str!("assets/style.css")),
        "/assets/app.js" => asset(
            "text/javascript; charset=utf-8",
            include_str!("assets/app.js"),
        ),
        p if p.starts_with("/doc/") => pages::document_page(archive, &p[5..], params),
        p if p.starts_with("/api/v1/") => api::answer(archive, &p[8..], params),
        _ => pages::not_found(),
    }
}

fn asset(content_type: &'static str, text: &'static str) -> Reply {
    Reply::new(200, content_type, text.as_bytes().to_vec())
}

/// The response with the headers every answer carries: no script but ours, no framing, no
/// sniffing, no referrer leaving with a query in it.
fn response(reply: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    // One Content-Length answer, never chunked (tiny_http chunks bodies over 32 KB; a search
    // answer is ~52 KB).
    let mut r = tiny_http::Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_chunked_threshold(usize::MAX);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Content-Security-Policy", CSP.to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("X-Frame-Options", "DENY".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("Cache-Control", "no-store".to_string()),
        (
            "X-Dossier-Cache",
            if reply.cached { "hit" } else { "miss" }.to_string(),
        ),
    ];
    if let Some(t) = reply.set_token {
        headers.push((
            "Set-Cookie",
            format!("dossier_token={t}; Path=/; HttpOnly; SameSite=Strict"),
        ));
    }
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            r.add_header(h);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_longer_than_the_limit_is_given_up() {
        assert_eq!(within(Duration::from_secs(5), || 7), Some(7));
        let slow = within(Duration::from_millis(20), || {
            std::thread::sleep(Duration::from_millis(500));
            7
        });
        assert_eq!(slow, None);
    }
}

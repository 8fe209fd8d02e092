//! `docgen serve`: the site served from memory, rebuilt incrementally on save, with pages that
//! reload themselves (server-sent events) and an error overlay while a file is broken.
//!
//! What is served is in [`served`]: the files the site holds, and its pages rendered when
//! asked for; a request can only reach one of those, so no request path can escape the site.
//! Files copied from the static and content folders are read through their real path and
//! must stay inside those folders, so a symlink pointing out of the site is not served either.

mod served;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::build::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::incremental::{LiveSite, Update};
pub(crate) use served::Served;
use served::{Found, is_search_file};

const EVENTS_PATH: &str = "/__docgen/events";
const SCRIPT_PATH: &str = "/__docgen/live.js";
const LIVE_SCRIPT: &str = include_str!("live.js");

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub host: String,
    pub port: u16,
    pub watch: bool,
    pub open: bool,
}

/// Runs the server until the process is stopped.
pub fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let listener = bind(&options.host, options.port)?;
    let address = listener.local_addr()?;
    let served = initial_build(&options.build);
    let searchable = served.with_site(LiveSite::searchable).unwrap_or(true);
    served.start_search(searchable);
    served.start_checks();
    let url = format!("http://{}/", display_addr(address));
    println!("Serving the site at {url}");
    // Watching stops when this is dropped, that is when the server stops.
    let _watcher = match options.watch {
        true => {
            let watcher = watch(options.build.clone(), served.clone())?;
            println!("Watching for changes; press Ctrl+C to stop");
            Some(watcher)
        }
        false => None,
    };
    if options.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router(served, &options.host)).await
    })?;
    Ok(())
}

fn display_addr(address: SocketAddr) -> String {
    match address {
        SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
        SocketAddr::V4(v4) => v4.to_string(),
    }
}

/// Binds the port, with a message that says what to do when it is taken.
pub(crate) fn bind(host: &str, port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind((host, port)).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "port {port} on {host} is already in use; choose another with --port, or --port 0 to take any free port"
        ),
        std::io::ErrorKind::AddrNotAvailable => anyhow::anyhow!("cannot listen on {host}: no such local address"),
        _ => anyhow::anyhow!("cannot listen on {host}:{port}: {e}"),
    })
}

/// Loads the site and renders the files it holds (its pages are rendered when asked for); a
/// broken site still serves (with the overlay) so the author can fix it while watching.
fn initial_build(options: &BuildOptions) -> Arc<Served> {
    let served = Arc::new(Served::new());
    match LiveSite::build(options) {
        Ok((site, files, warnings)) => {
            report(&warnings);
            let mut live = served.site_mut();
            served.replace_all(files);
            *live = Some(site);
        }
        Err(failed) => {
            report(&failed.diagnostics);
            served.set_errors(Some(overlay_text(&failed.diagnostics)));
        }
    }
    served
}

fn report(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}\n");
    }
}

fn overlay_text(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Applies a batch of changed paths; returns the message sent to open pages.
fn rebuild(
    live: &mut Option<LiveSite>,
    served: &Served,
    options: &BuildOptions,
    changed: &[PathBuf],
) -> String {
    let started = Instant::now();
    let result = match live {
        Some(site) => {
            let collect = site.collector();
            site.apply(changed, &collect)
                .map(|update| (update, collect.take()))
        }
        None => LiveSite::build(options).map(|(site, files, warnings)| {
            report(&warnings);
            *live = Some(site);
            let update = Update {
                full: true,
                ..Update::default()
            };
            (update, files)
        }),
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok((update, files)) => {
            let count = update.written.len();
            if update.full {
                served.replace_all(files);
            } else {
                served.merge(files);
            }
            served.set_errors(None);
            if update.full {
                served.check_again();
            }
            let kind = if update.css_only { "css" } else { "reload" };
            println!(
                "Rebuilt {count} file(s) in {ms:.1} ms{}",
                if update.full { " (full rebuild)" } else { "" }
            );
            let written: Vec<String> = update
                .written
                .iter()
                .map(|w| format!("\"{}\"", json_escape(w)))
                .collect();
            format!(
                "{{\"type\":\"{kind}\",\"full\":{},\"files\":[{}]}}",
                update.full,
                written.join(",")
            )
        }
        Err(failed) => {
            report(&failed.diagnostics);
            let text = overlay_text(&failed.diagnostics);
            println!("Rebuild failed after {ms:.1} ms; still serving the last good version");
            served.set_errors(Some(text.clone()));
            error_message(&text)
        }
    }
}

/// The event that shows `text` in the overlay of open pages.
fn error_message(text: &str) -> String {
    format!(
        "{{\"type\":\"error\",\"message\":\"{}\"}}",
        json_escape(text)
    )
}

fn json_escape(text: &str) -> String {
    serde_json::to_string(text)
        .map(|s| s[1..s.len() - 1].to_string())
        .unwrap_or_default()
}

/// Editor droppings that must not trigger a rebuild.
pub(crate) fn is_ignored(path: &Path, output: &Path) -> bool {
    if path.starts_with(output) {
        return true;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let hidden_dir = path.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c == ".git" || c == "target" || c == "node_modules" || c.starts_with(".public.docgen-")
    });
    hidden_dir
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
}

/// Watches the site folder; a burst of events becomes one rebuild. Reads (access events, which
/// the rebuild itself causes) are not changes.
fn watch(options: BuildOptions, served: Arc<Served>) -> anyhow::Result<notify::RecommendedWatcher> {
    use notify::{EventKind, RecursiveMode, Watcher};
    let root = std::path::absolute(&options.root)?;
    let output = served
        .with_site(|site| {
            let out = site.output();
            std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf())
        })
        .unwrap_or_else(|| root.join("public"));
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            return;
        }
        for path in event.paths {
            if !is_ignored(&path, &output) {
                let _ = tx.send(path);
            }
        }
    })?;
    watcher.watch(&root, RecursiveMode::Recursive)?;
    // A docs folder beside the site's (`path: '../docs'`) is the site's too.
    let outside = served
        .with_site(LiveSite::outside_sources)
        .unwrap_or_default();
    for folder in outside {
        if let Err(e) = watcher.watch(&folder, RecursiveMode::Recursive) {
            eprintln!("warning: cannot watch {}: {e}", folder.display());
        }
    }
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut changed = vec![first];
            // Editors save in several steps (write a temp file, rename, touch): wait for quiet.
            while let Ok(path) = rx.recv_timeout(Duration::from_millis(DEBOUNCE_MS)) {
                changed.push(path);
            }
            changed.sort();
            changed.dedup();
            let message = rebuild(&mut served.site_mut(), &served, &options, &changed);
            served.notify(message);
            served.poke_search();
        }
    });
    Ok(watcher)
}

/// Quiet time that ends a burst of file events.
const DEBOUNCE_MS: u64 = 20;

fn open_browser(url: &str) {
    for opener in ["xdg-open", "open"] {
        if std::process::Command::new(opener)
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .is_ok()
        {
            return;
        }
    }
    eprintln!("could not open a browser; visit {url}");
}

pub(crate) fn router(served: Arc<Served>, bound_host: &str) -> Router {
    let bound = bound_host.to_string();
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(live_script))
        .fallback(file)
        .with_state(served)
        .layer(axum::middleware::from_fn(
            move |request: Request, next: axum::middleware::Next| {
                let allowed = host_allowed(request.headers(), &bound);
                async move {
                    match allowed {
                        true => next.run(request).await,
                        false => forbidden_host(),
                    }
                }
            },
        ))
}

/// A page of another site in the same browser can reach a local server through a name that
/// resolves to it (DNS rebinding). Only requests addressed to a loopback name, an IP address or
/// the address given with `--host` are answered.
fn host_allowed(headers: &HeaderMap, bound_host: &str) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::IpAddr>().is_ok()
        || name == bound_host.to_ascii_lowercase()
}

fn forbidden_host() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "docgen serve answers only requests to localhost or an IP address; to reach it by another name, start it with --host NAME\n",
    )
        .into_response()
}

async fn live_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_SCRIPT,
    )
}

async fn events(State(served): State<Arc<Served>>) -> Response {
    let Some(rx) = served.subscribe() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let first = match served.errors() {
        Some(text) => format!(
            "{{\"type\":\"error\",\"message\":\"{}\"}}",
            json_escape(&text)
        ),
        None => "{\"type\":\"ok\"}".to_string(),
    };
    let initial = tokio_stream::once(Ok::<Event, std::convert::Infallible>(
        Event::default().data(first),
    ));
    let updates = BroadcastStream::new(rx)
        .filter_map(|m| m.ok())
        .map(|m| Ok(Event::default().data(m)));
    Sse::new(initial.chain(updates))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathError {
    BadRequest,
}

/// Turns a request path into an output key (`a/b/index.html`), refusing anything that tries to
/// leave the site: `..` (also percent-encoded), backslashes, NUL bytes, drive letters.
pub(crate) fn output_key(path: &str) -> Result<String, PathError> {
    let decoded = percent_decode(path).ok_or(PathError::BadRequest)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(PathError::BadRequest);
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(PathError::BadRequest),
            p if p.contains(':') && parts.is_empty() => return Err(PathError::BadRequest),
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn file(State(served): State<Arc<Served>>, request: Request) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let Ok(key) = output_key(request.uri().path()) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let found = match is_search_file(&key) {
        true => served.search_file(&key).await.map(|b| Found::File(key, b)),
        // Rendering a page takes a few milliseconds, and waits while an edit is applied.
        false => {
            let served = served.clone();
            tokio::task::spawn_blocking(move || served.find(&key))
                .await
                .ok()
                .flatten()
        }
    };
    let (key, body, status) = match found {
        Some(Found::File(key, bytes)) => (key, bytes, StatusCode::OK),
        Some(Found::Broken(why)) => {
            let page = format!(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>docgen: error</title></head><body><pre>{}</pre></body></html>",
                crate::html::escape(&why)
            );
            (
                "500.html".to_string(),
                Arc::from(page.into_bytes()),
                StatusCode::INTERNAL_SERVER_ERROR,
            )
        }
        None => match served.get("404.html") {
            Some(b) => ("404.html".to_string(), b, StatusCode::NOT_FOUND),
            None => (
                "404.txt".to_string(),
                Arc::from(&b"not found"[..]),
                StatusCode::NOT_FOUND,
            ),
        },
    };
    let content_type = content_type(&key);
    let body: Vec<u8> = if content_type.starts_with("text/html") {
        inject_live_script(&body)
    } else {
        body.to_vec()
    };
    respond(
        status,
        content_type,
        body,
        request.headers(),
        method == Method::HEAD,
    )
}

fn inject_live_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// A full or partial (`Range: bytes=a-b`) response.
fn respond(
    status: StatusCode,
    content_type: &str,
    body: Vec<u8>,
    headers: &HeaderMap,
    head: bool,
) -> Response {
    let total = body.len();
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .filter(|_| status == StatusCode::OK)
        .map(|r| parse_range(r, total));
    let (status, slice, content_range) = match range {
        None => (status, body, None),
        Some(Some((start, end))) => (
            StatusCode::PARTIAL_CONTENT,
            body[start..=end].to_vec(),
            Some(format!("bytes {start}-{end}/{total}")),
        ),
        Some(None) => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            Vec::new(),
            Some(format!("bytes */{total}")),
        ),
    };
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, slice.len())
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "no-cache");
    if let Some(cr) = content_range {
        response = response.header(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&cr).unwrap_or(HeaderValue::from_static("bytes */0")),
        );
    }
    let body = if head {
        Body::empty()
    } else {
        Body::from(slice)
    };
    response
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `bytes=a-b`, `bytes=a-`, `bytes=-n` → inclusive byte range within `total`.
pub(crate) fn parse_range(header: &str, total: usize) -> Option<(usize, usize)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || total == 0 {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = match (start.trim(), end.trim()) {
        ("", suffix) => {
            let n: usize = suffix.parse().ok()?;
            (total.checked_sub(n.min(total))?, total - 1)
        }
        (s, "") => (s.parse().ok()?, total - 1),
        (s, e) => (s.parse().ok()?, e.parse::<usize>().ok()?.min(total - 1)),
    };
    (start <= end && start < total).then_some((start, end))
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_cannot_leave_the_site() {
        assert_eq!(output_key("/").unwrap(), "index.html");
        assert_eq!(output_key("/a/b/").unwrap(), "a/b/index.html");
        assert_eq!(output_key("/a/b/index.html").unwrap(), "a/b/index.html");
        assert_eq!(output_key("/img/a%20b.png").unwrap(), "img/a b.png");
        for bad in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e%2e/%2e%2e/x",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/C:/windows/win.ini",
            "/a%00.html",
            "/%zz",
        ] {
            assert_eq!(output_key(bad), Err(PathError::BadRequest), "{bad}");
        }
        assert_eq!(
            output_key("//etc/passwd").unwrap(),
            "etc/passwd",
            "stays a key inside the site"
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-3", 10), Some((0, 3)));
        assert_eq!(parse_range("bytes=5-", 10), Some((5, 9)));
        assert_eq!(parse_range("bytes=-4", 10), Some((6, 9)));
        assert_eq!(parse_range("bytes=8-100", 10), Some((8, 9)));
        assert_eq!(parse_range("bytes=10-12", 10), None);
        assert_eq!(parse_range("bytes=3-1", 10), None);
        assert_eq!(parse_range("items=0-1", 10), None);
    }

    #[test]
    fn editor_droppings_are_ignored() {
        let out = Path::new("/site/public");
        for p in [
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/.#a.md",
            "/site/content/4913",
            "/site/public/x.html",
            "/site/.git/index",
            "/site/content/#a.md#",
        ] {
            assert!(is_ignored(Path::new(p), out), "{p}");
        }
        assert!(!is_ignored(Path::new("/site/content/a.md"), out));
    }
}

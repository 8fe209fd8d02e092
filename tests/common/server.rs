//! A small static file server for browser tests: serves a built site under a sub-path, the way
//! a static host would, and answers unknown paths with the site's `404.html`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;

pub struct StaticServer {
    pub base: String,
}

impl StaticServer {
    /// Serves `dir` at `http://127.0.0.1:<port><prefix>` (prefix like `/docs/handbook/`).
    pub fn start(dir: &Path, prefix: &str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("addr").port();
        let dir = dir.to_path_buf();
        let prefix_owned = prefix.to_string();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                let prefix = prefix_owned.clone();
                thread::spawn(move || {
                    let _ = handle(stream, &dir, &prefix);
                });
            }
        });
        StaticServer {
            base: format!("http://127.0.0.1:{port}{prefix}"),
        }
    }
}

fn handle(mut stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let (status, file) = match resolve(dir, prefix, path) {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", dir.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !request_line.starts_with("HEAD") {
        stream.write_all(&body)?;
    }
    stream.flush()
}

fn resolve(dir: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let rel = path
        .strip_prefix(prefix)
        .or_else(|| (path.to_string() + "/" == prefix).then_some(""))?;
    let mut file = dir.to_path_buf();
    for part in rel.split('/') {
        let part = part.replace("%20", " ");
        match part.as_str() {
            "" | "." => {}
            ".." => return None,
            p => file.push(p),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xml" => "application/xml",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

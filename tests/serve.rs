//! `docgen serve` as a user runs it: what the server refuses to serve, and a busy port. (What an
//! edit re-renders is tested beside the code, in `src/incremental/tests.rs`.)

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::*;

/// `docgen serve --port 0` on `root`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(root: &Path, port: u16) -> Result<Server, String> {
        Server::start_with(root, port, &[])
    }

    fn start_with(root: &Path, port: u16, flags: &[&str]) -> Result<Server, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docgen"))
            .args(["serve", "--port", &port.to_string()])
            .args(flags)
            .arg("--root")
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start docgen serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let Some(Ok(first)) = lines.next() else {
            let mut err = String::new();
            child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut err)
                .ok();
            let status = child.wait().expect("wait");
            return Err(format!("{status}: {err}"));
        };
        std::thread::spawn(move || for _ in lines {});
        let port = first
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {first:?}"));
        Ok(Server { child, port })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A raw HTTP/1.1 request to the served site (no client library, so nothing normalises the path).
fn raw_request(port: u16, method: &str, path: &str, extra: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap_or_default();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

fn raw_get(port: u16, path: &str, extra: &str) -> (u16, String) {
    raw_request(port, "GET", path, extra)
}

#[test]
fn the_server_never_serves_a_file_outside_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("basic"), &site);
    std::fs::write(tmp.path().join("secret.txt"), "TOP-SECRET").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), site.join("static/leak.txt"))
        .unwrap();
    let server = Server::start(&site, 0).expect("serve starts");
    let port = server.port;
    let (status, body) = raw_get(port, "/Panduan/Memulai/", "");
    assert_eq!(status, 200);
    assert!(body.contains("text/html; charset=utf-8"));
    assert!(
        body.contains("/__docgen/live.js"),
        "live reload injected when serving"
    );
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/C:/secret.txt",
        "/leak.txt",
        "//secret.txt",
    ] {
        let (status, body) = raw_get(port, bad, "");
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(!body.contains("TOP-SECRET"), "{bad} leaked the file");
    }
    let (status, body) = raw_get(port, "/nope/", "");
    assert_eq!(status, 404);
    assert!(
        body.contains("Halaman tidak ditemukan"),
        "the site's 404 page"
    );
    let (status, body) = raw_get(port, "/img/diagram.png", "Range: bytes=1-3\r\n");
    assert_eq!(status, 206);
    assert!(
        body.contains("content-range: bytes 1-3/7655") && body.ends_with("PNG"),
        "{body}"
    );
    let (_, head) = raw_request(port, "HEAD", "/theme/docgen.css", "");
    assert!(
        head.starts_with("HTTP/1.1 200") && head.contains("text/css"),
        "{head}"
    );
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body");
}

#[test]
fn a_busy_port_gets_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic"), tmp.path());
    let err = match Server::start(tmp.path(), port) {
        Ok(_) => panic!("serve started on a busy port"),
        Err(e) => e,
    };
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
    assert!(err.contains("--port 0"), "{err}");
    assert!(
        err.contains("exit status: 2"),
        "a problem outside the site: {err}"
    );
}

#[test]
fn requests_for_another_host_name_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic"), tmp.path());
    let server = Server::start(tmp.path(), 0).expect("serve starts");
    let ask = |host: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(
            stream,
            "GET /__docgen/events HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        // The event stream stays open: the status line is enough.
        let mut buf = [0u8; 512];
        let n = stream.read(&mut buf).unwrap_or(0);
        response.extend_from_slice(&buf[..n]);
        String::from_utf8_lossy(&response).into_owned()
    };
    let foreign = ask("attacker.example:80");
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    let (status, body) = raw_get(server.port, "/", "");
    assert_eq!(status, 200);
    assert!(
        !body
            .to_ascii_lowercase()
            .contains("access-control-allow-origin")
    );
    let (status, body) = raw_request(server.port, "GET", "/", "");
    assert_eq!(status, 200, "{body}");
    let rebinding = {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap_or_default();
        text
    };
    assert!(rebinding.starts_with("HTTP/1.1 403"), "{rebinding}");
    assert!(rebinding.contains("--host"), "{rebinding}");
    assert!(ask("127.0.0.1:3000").starts_with("HTTP/1.1 200"));
}

/// The body of a 200 response, parsed as JSON; `None` for any other answer.
fn get_json(port: u16, path: &str) -> Option<serde_json::Value> {
    let (status, response) = raw_get(port, path, "");
    let body = response.split_once("\r\n\r\n")?.1;
    (status == 200).then(|| serde_json::from_str(body).ok())?
}

fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_search_index_is_built_when_first_asked_for_and_follows_edits() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic"), tmp.path());
    let server = Server::start_with(tmp.path(), 0, &["--watch"]).expect("serve starts");
    let port = server.port;
    let count = |entry: &serde_json::Value| {
        let languages = entry["languages"].as_object()?;
        languages.values().next()?["page_count"].as_u64()
    };
    // The first request for the index has it built, and waits for it.
    let first =
        get_json(port, "/pagefind/pagefind-entry.json").expect("the index, built on demand");
    let pages = count(&first).expect("a page count");
    assert!(pages > 0, "{first}");
    std::fs::write(
        tmp.path().join("content/baru.md"),
        "# Halaman Baru\n\nKata unik.\n",
    )
    .unwrap();
    // The page is served at once; the index catches up after the edits settle.
    wait_for("the new page", || {
        (raw_get(port, "/baru/", "").0 == 200).then_some(())
    });
    wait_for("the index with the new page", || {
        let entry = get_json(port, "/pagefind/pagefind-entry.json")?;
        (count(&entry)? == pages + 1).then_some(())
    });
}

/// The first event the live-reload stream sends a page that connects now: `ok`, or the errors
/// the overlay shows.
fn first_event(port: u16) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__docgen/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut lines = BufReader::new(stream).lines();
    lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("data:").map(|d| d.trim().to_string()))
        .unwrap_or_default()
}

#[test]
fn pages_are_served_at_once_and_checked_in_the_background_like_a_build() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic"), tmp.path());
    std::fs::write(
        tmp.path().join("content/rusak.md"),
        "# Rusak\n\nLihat [bagian yang hilang](./intro.md#tidak-ada).\n",
    )
    .unwrap();
    let server = Server::start(tmp.path(), 0).expect("serve starts");
    // The broken page is served: only its link is wrong.
    let (status, page) = raw_get(server.port, "/rusak/", "");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("bagian yang hilang"), "{page}");
    // The check the build makes finds the link, and open pages show it.
    let event = wait_for("the check's error", || {
        let event = first_event(server.port);
        event.contains("\"error\"").then_some(event)
    });
    assert!(
        event.contains("content/rusak.md:3:") && event.contains("tidak-ada"),
        "{event}"
    );
}

#[test]
fn an_edit_in_a_docs_folder_outside_the_site_folder_is_followed() {
    let tmp = site_from(&[
        (
            "site/docgen.toml",
            b"title = \"Luar\"\nlanguage = \"id\"\ncontent_dir = \"../docs\"\n",
        ),
        ("docs/a.md", b"# A\n\nIsi pertama.\n"),
    ]);
    let server = Server::start_with(&tmp.path().join("site"), 0, &["--watch"]).expect("starts");
    let port = server.port;
    let (status, page) = raw_get(port, "/a/", "");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Isi pertama."), "{page}");
    std::fs::write(tmp.path().join("docs/a.md"), "# A\n\nIsi kedua.\n").unwrap();
    wait_for("the edited page", || {
        raw_get(port, "/a/", "")
            .1
            .contains("Isi kedua.")
            .then_some(())
    });
}

//! Helpers shared by the integration tests: build a fixture site into a temp dir and read
//! the produced HTML with a real HTML parser.
#![allow(dead_code)]

pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub struct Built {
    pub tmp: TempDir,
    pub out: PathBuf,
}

impl Built {
    pub fn page(&self, rel: &str) -> Html {
        let path = self.out.join(rel);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Html::parse_document(&text)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).exists()
    }
}

/// Builds a site folder through the library, panicking with the diagnostics on failure.
pub fn build_site(root: &Path) -> Built {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let options = docgen::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        ..Default::default()
    };
    if let Err(failed) = docgen::build(&options) {
        let text: Vec<String> = failed.diagnostics.iter().map(ToString::to_string).collect();
        panic!("build of {} failed:\n{}", root.display(), text.join("\n"));
    }
    Built { tmp, out }
}

pub fn build_fixture(name: &str) -> Built {
    build_site(&fixture(name))
}

/// Builds `root` with the binary into a temp dir; panics with the log when the build fails,
/// else returns the output and everything docgen printed.
pub fn build_with_log(root: &Path) -> (Built, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let output = docgen(
        &[
            "build",
            "--root",
            root.to_str().expect("UTF-8 path"),
            "--out",
            out.to_str().expect("UTF-8 path"),
        ],
        root,
    );
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(output.status.success(), "{log}");
    (Built { tmp, out }, log)
}

/// Builds `root` with the binary into `root/public`, for a site expected to fail: says
/// whether the build succeeded, with everything docgen printed and the output folder.
pub fn build_failing(root: &Path) -> (bool, String, PathBuf) {
    let out = root.join("public");
    let output = docgen(
        &[
            "build",
            "--root",
            root.to_str().expect("UTF-8 path"),
            "--out",
            out.to_str().expect("UTF-8 path"),
        ],
        root,
    );
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    (output.status.success(), log, out)
}

/// Builds `root` with the binary and extra environment variables (the search bundle size).
pub fn build_with_env(root: &Path, env: &[(&str, &str)]) -> Built {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_docgen"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .expect("run docgen");
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Built { tmp, out }
}

/// Runs the docgen binary.
pub fn docgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run docgen")
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

pub fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = all(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

pub fn text(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    all(doc, css).into_iter().map(text).collect()
}

pub fn attr(el: ElementRef<'_>, name: &str) -> String {
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no attribute {name} on {:?}", el.value()))
        .to_string()
}

/// Writes files (path → contents) under a fresh temp dir, for sites made inside a test.
pub fn site_from(files: &[(&str, &[u8])]) -> TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (path, contents) in files {
        let full = tmp.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, contents).expect("write");
    }
    tmp
}

/// Every file under `dir` with its bytes, to compare an output folder before and after.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Resolves a relative URL found in `page` (a path inside the output) to a file of the output.
pub fn resolve(out: &Path, page: &Path, url: &str) -> PathBuf {
    let url = url.split(['#', '?']).next().unwrap_or("");
    let mut path = page.parent().unwrap_or(Path::new("")).to_path_buf();
    for part in url.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            p => path.push(p.replace("%20", " ")),
        }
    }
    let full = out.join(path);
    if full.is_dir() {
        full.join("index.html")
    } else {
        full
    }
}

/// Every relative `href`/`src` of every HTML page must lead to a file in the output.
pub fn assert_internal_links_resolve(out: &Path) -> usize {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Some(rel) = entry.path().strip_prefix(out).ok() else {
            continue;
        };
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html")
            // Served for any missing URL, so its links start from the site's path.
            || rel.file_name() == Some(std::ffi::OsStr::new("404.html"))
        {
            continue;
        }
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        for el in all(&doc, "a[href], img[src], link[href], script[src]") {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
            if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            assert!(
                !url.starts_with('/'),
                "{}: absolute URL {url} breaks sub-path hosting",
                rel.display()
            );
            let target = resolve(out, rel, url);
            assert!(
                target.is_file(),
                "{}: `{url}` leads nowhere ({})",
                rel.display(),
                target.display()
            );
            checked += 1;
        }
    }
    checked
}

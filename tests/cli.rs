//! The `docgen` command: exit codes, the summary line, and error reports that name the file,
//! line and column while leaving the previous output untouched.

mod common;

use common::*;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn version_and_help() {
    let here = std::env::temp_dir();
    let v = docgen(&["--version"], &here);
    assert!(v.status.success());
    assert_eq!(
        stdout(&v).trim(),
        format!("docgen {}", env!("CARGO_PKG_VERSION"))
    );
    let h = docgen(&["build", "--help"], &here);
    assert!(h.status.success());
    for flag in ["--root", "--out", "--base-url", "--drafts"] {
        assert!(stdout(&h).contains(flag), "help lacks {flag}");
    }
}

#[test]
fn build_prints_one_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = fixture("basic");
    let o = docgen(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = stdout(&o);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        // The theme's stylesheet, its two scripts (pages, search) and the fixture's image.
        lines[0].starts_with("Built 8 pages and 4 assets into "),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(" s"), "{}", lines[0]);
    assert!(out.join("index.html").is_file());
}

#[test]
fn default_output_is_public_in_the_root() {
    let site = site_from(&[("content/a.md", b"# A\n")]);
    let o = docgen(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path().join("public/a/index.html").is_file());
    let o = docgen(&["build", "--base-url", "https://x.org/d/"], site.path());
    assert!(o.status.success());
    let sitemap = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://x.org/d/a/</loc>"),
        "{sitemap}"
    );
}

/// Builds `files` once successfully-shaped output exists, then asserts the build fails with
/// each of `expected` in its messages and the old output left byte for byte.
fn assert_fails(files: &[(&str, &[u8])], expected: &[&str]) -> String {
    let site = site_from(files);
    let out = site.path().join("public");
    std::fs::create_dir_all(out.join("old")).unwrap();
    std::fs::write(out.join("old/index.html"), "previous build").unwrap();
    let before = snapshot(&out);
    let o = docgen(&["build"], site.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(
        err.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("Build failed: "),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().contains("docgen-staging")),
        "{leftovers:?}"
    );
    err
}

#[test]
fn broken_link_names_file_line_and_column() {
    let err = assert_fails(
        &[
            (
                "content/a.md",
                b"# A\n\nSee [b](./b.md) and [c](./c.md#nope).\n\nLagi [c](./c.md#hilang).\n",
            ),
            ("content/c.md", b"# C\n\n## Ada\n"),
        ],
        &[
            "content/a.md:3:5: broken link: `./b.md`",
            "content/a.md:3:21: broken anchor: `#nope`",
            "content/a.md:5:6: broken anchor: `#hilang`",
        ],
    );
    assert!(
        err.contains("3 | See [b](./b.md)"),
        "shows the source line:\n{err}"
    );
    // Anchors are checked once every page is written, the page's text long gone: the line
    // was kept with the link.
    assert!(
        err.contains("5 | Lagi [c](./c.md#hilang)"),
        "shows the anchor's source line:\n{err}"
    );
}

#[test]
fn broken_yaml_and_wrong_types() {
    assert_fails(
        &[
            ("content/a.md", b"---\ntitle: [unclosed\n---\n# A\n"),
            (
                "content/b.md",
                b"---\ntitle: B\nsidebar_position: abc\n---\n",
            ),
        ],
        &["content/a.md:", "invalid front matter", "content/b.md:3:"],
    );
}

#[test]
fn missing_image_suggests_the_right_letter_case() {
    assert_fails(
        &[
            ("content/a.md", b"import useBaseUrl from '@docusaurus/useBaseUrl';\n\n<img src={useBaseUrl('img/new.pic.jpg')} />\n"),
            ("static/img/new.pic.JPG", b"not really a jpeg"),
        ],
        &["content/a.md:3:10: file not found: `static/img/new.pic.jpg`", "did you mean `static/img/new.pic.JPG`?"],
    );
}

#[test]
fn unclosed_admonition_and_unknown_type() {
    assert_fails(
        &[("content/a.md", b"# A\n\n:::tip\nisi\n\n:::bogus\nx\n")],
        &[
            "content/a.md:3:1: this admonition is never closed",
            "content/a.md:6:1: unknown admonition type `bogus`",
        ],
    );
}

#[test]
fn non_utf8_file_is_reported_with_position() {
    assert_fails(
        &[("content/a.md", b"# A\n\nok \xff\xfe bad\n")],
        &["content/a.md:3:4: the file is not valid UTF-8"],
    );
}

#[test]
fn two_pages_claiming_one_route() {
    assert_fails(
        &[
            ("content/a.md", b"# A\n"),
            ("content/b.md", b"---\nslug: /a\n---\n# B\n"),
        ],
        &["two pages claim the route `a`"],
    );
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    assert_fails(
        &[("content/a.md", b"# A\n"), ("templates/page.html", b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n")],
        &["templates/page.html:", "template error"],
    );
    assert_fails(
        &[("content/a.md", b"# A\n"), ("templates/page.html", b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.nope }}\n{% endblock content %}\n")],
        &["templates/page.html:3:", "nope"],
    );
}

#[test]
fn bad_config_and_category_files() {
    assert_fails(
        &[
            ("docgen.toml", b"title = \"x\"\ntitel = 1\n"),
            ("content/a.md", b"# A\n"),
        ],
        &["docgen.toml:2:1:", "titel"],
    );
    assert_fails(
        &[
            (
                "content/g/_category_.json",
                b"{\"label\": \"G\",\n \"position\": \"x\"}",
            ),
            ("content/g/a.md", b"# A\n"),
        ],
        &["content/g/_category_.json:2:", "invalid category file"],
    );
}

#[test]
fn every_error_of_every_page_is_reported_in_one_run() {
    let err = assert_fails(
        &[
            ("content/b.md", b"[x](./nope.md)\n"),
            (
                "content/a.md",
                b"[y](./nope.md)\n\n![z](/img/missing.png)\n",
            ),
        ],
        &[
            "content/a.md:1:1",
            "content/a.md:3:1",
            "content/b.md:1:1",
            "Build failed: 3 errors",
        ],
    );
    let a = err.find("content/a.md:1:1").unwrap();
    let b = err.find("content/b.md:1:1").unwrap();
    assert!(a < b, "sorted by file");
}

#[test]
fn warnings_do_not_fail_the_build() {
    let site = site_from(&[("content/a.md", b"# A\n\n<Kartu>\nx\n</Kartu>\n")]);
    let o = docgen(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning[component]: content/a.md:3:1: unknown component `<Kartu>`"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains(", 1 warning"));
}

#[test]
fn a_slow_build_on_a_terminal_shows_its_progress_and_clears_it() {
    // `script` gives docgen a terminal; the delay before the bar shows is set to nothing.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    for i in 0..300 {
        let page = site.join(format!("content/bagian-{}/halaman-{i}.md", i % 10));
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(
            &page,
            format!("# Halaman {i}\n\nIsi halaman.\n\n## Bagian\n\nTeks.\n"),
        )
        .unwrap();
    }
    let log = tmp.path().join("tty.log");
    let command = format!(
        "{} build --no-search --root {} --out {}",
        env!("CARGO_BIN_EXE_docgen"),
        site.display(),
        tmp.path().join("out").display()
    );
    let status = std::process::Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .env("DOCGEN_PROGRESS_AFTER_MS", "0")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run script(1)");
    assert!(status.success());
    let shown = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(shown.contains("/300 pages"), "{shown}");
    // The bar is cleared before the summary: the summary starts its own line.
    let summary_at = shown
        .find("Built 301 pages")
        .expect("the summary (300 pages and the home page)");
    assert!(
        shown[..summary_at].ends_with("\u{1b}[2K") || shown[..summary_at].ends_with('\r'),
        "{:?}",
        &shown[summary_at.saturating_sub(40)..summary_at]
    );
}

#[test]
fn without_a_terminal_there_is_no_progress_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(["build", "--root"])
        .arg(fixture("basic"))
        .arg("--out")
        .arg(tmp.path().join("out"))
        .env("DOCGEN_PROGRESS_AFTER_MS", "0")
        .output()
        .expect("run docgen");
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        !stderr.contains("pages") && !stderr.contains('\r'),
        "{stderr:?}"
    );
}

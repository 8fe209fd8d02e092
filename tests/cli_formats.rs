//! docgen in the terminal and in CI: `init`, the JSON and GitHub message formats, exit codes,
//! `explain` and shell completions — all through the binary.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_makes_a_site_that_builds_at_once_and_never_overwrites() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("situs");
    let o = docgen(
        &[
            "init",
            "situs",
            "--title",
            "Catatan Tim",
            "--language",
            "id",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for file in [
        "docgen.toml",
        "content/intro.md",
        "content/01-panduan/_category_.json",
        "static/img/logo.svg",
        "static/img/favicon.svg",
        "templates/README.md",
        ".gitignore",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let o = docgen(&["build", "--strict"], &site);
    assert!(o.status.success(), "{}", stderr(&o));
    let intro = std::fs::read_to_string(site.join("public/intro/index.html")).expect("page");
    assert!(intro.contains("Catatan Tim"));
    assert!(
        intro.contains("docgen serve --watch"),
        "the page says what to do next"
    );

    // A second init names what it would overwrite and changes nothing.
    std::fs::write(site.join("docgen.toml"), "title = \"Punyaku\"\n").expect("write");
    let o = docgen(&["init", "situs"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("docgen.toml, content/intro.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(site.join("docgen.toml")).expect("read"),
        "title = \"Punyaku\"\n"
    );
}

/// Runs `docgen check` on a bad-input case with `--message-format json`.
fn json_lines(case: &str) -> (Option<i32>, Vec<Value>) {
    let o = docgen(
        &["check", "--message-format", "json"],
        &fixture(&format!("bad/{case}")),
    );
    let lines = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    (o.status.code(), lines)
}

#[test]
fn the_json_format_is_one_object_per_diagnostic_and_a_summary() {
    let (code, lines) = json_lines("link-missing-route");
    assert_eq!(code, Some(1));
    let d = &lines[0];
    assert_eq!(d["type"], "diagnostic");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "broken-link");
    assert_eq!(d["file"], "content/a.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 6);
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("broken link: `/bab/tidak-ada`")
    );
    assert!(d["hint"].is_string());
    let summary = lines.last().expect("summary");
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["success"], false);
    assert_eq!(summary["errors"], 1);
    assert_eq!(summary["command"], "check");

    let (_, lines) = json_lines("yaml-syntax");
    assert_eq!(lines[0]["code"], "yaml");
    assert_eq!(lines[0]["line"], 2);
    let (_, lines) = json_lines("image-missing-markdown-relative");
    assert_eq!(lines[0]["code"], "missing-image");
    assert_eq!(lines[0]["file"], "content/bab/a.md");
    assert_eq!(
        (lines[0]["line"].clone(), lines[0]["column"].clone()),
        (3.into(), 7.into())
    );
}

#[test]
fn the_github_format_annotates_the_lines() {
    let o = docgen(
        &["check", "--message-format", "github"],
        &fixture("bad/link-missing-route"),
    );
    let out = stdout(&o);
    let first = out.lines().next().expect("a line");
    assert_eq!(
        first,
        "::error file=content/a.md,line=3,col=6,title=docgen broken-link::broken link: `/bab/tidak-ada` does not lead to a page or file%0Ahint: link to a page by its file (`./other.md`, `../dir/page.md`) or by its route (`/dir/page`)"
    );
}

#[test]
fn exit_codes_tell_site_errors_from_problems_outside_the_site() {
    let good = fixture("basic");
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let o = docgen(&["build", "--out", out.to_str().expect("utf-8")], &good);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = docgen(&["check"], &fixture("bad/link-missing-route"));
    assert_eq!(o.status.code(), Some(1));
    // The output folder cannot be made (its parent is a file): outside the site.
    let blocker = tmp.path().join("file");
    std::fs::write(&blocker, "x").expect("write");
    let o = docgen(
        &[
            "build",
            "--out",
            blocker.join("out").to_str().expect("utf-8"),
        ],
        &good,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = docgen(&["build", "--no-such-flag"], &good);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn quiet_prints_nothing_on_success_and_codes_are_explained() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let o = docgen(
        &["build", "--quiet", "--out", out.to_str().expect("utf-8")],
        &fixture("basic"),
    );
    assert!(o.status.success());
    assert_eq!(stdout(&o), "");
    let o = docgen(&["explain", "broken-anchor"], Path::new("."));
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("broken-anchor: A link names a `#fragment`"));
    let o = docgen(&["explain", "no-such-code"], Path::new("."));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("broken-link"), "lists the codes");
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef docgen"),
        ("fish", "complete -c docgen"),
    ] {
        let o = docgen(&["completions", shell], Path::new("."));
        assert!(o.status.success(), "{shell}");
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("explain"), "{shell} knows the subcommands");
    }
}

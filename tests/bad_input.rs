//! The bad-input suite: every case in `tests/fixtures/bad/` is a small site with one kind of
//! mistake. Each must fail the build with the messages listed in its `expect.txt` (file, line,
//! column and problem), and leave a previous output folder byte for byte as it was.

mod common;

use std::path::Path;

use common::*;

/// Copies a case into a temp dir, keeping symlinks as symlinks (some cases are symlink loops).
fn copy_case(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        let kind = entry.file_type();
        if kind.is_symlink() {
            let target = std::fs::read_link(entry.path()).expect("read link");
            std::os::unix::fs::symlink(target, &dest).expect("symlink");
        } else if kind.is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Runs one case; returns what went wrong, if anything.
fn run_case(case: &Path) -> Option<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    copy_case(case, &site);
    let expected: Vec<String> = std::fs::read_to_string(site.join("expect.txt"))
        .expect("expect.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let args: Vec<String> = std::fs::read_to_string(site.join("args.txt"))
        .map(|a| a.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let out = site.join("public");
    std::fs::create_dir_all(out.join("old")).unwrap();
    std::fs::write(
        out.join("old/index.html"),
        format!("previous build of {name}"),
    )
    .unwrap();
    std::fs::write(out.join("sitemap.xml"), "<urlset/>").unwrap();
    let before = snapshot(&out);

    let mut command = vec!["build"];
    command.extend(args.iter().map(String::as_str));
    let o = docgen(&command, &site);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let mut problems = Vec::new();
    if o.status.code() != Some(1) {
        problems.push(format!("exit status {:?}, expected 1", o.status.code()));
    }
    for e in &expected {
        if !stderr.contains(e.as_str()) {
            problems.push(format!("missing `{e}`"));
        }
    }
    if !stderr
        .trim_end()
        .lines()
        .last()
        .unwrap_or("")
        .starts_with("Build failed: ")
    {
        problems.push("no `Build failed` summary line".into());
    }
    if stderr.contains("panicked") {
        problems.push("panicked".into());
    }
    if snapshot(&out) != before {
        problems.push("previous output changed".into());
    }
    let leftovers: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".docgen-"))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("left behind {leftovers:?}"));
    }
    (!problems.is_empty())
        .then(|| format!("{name}: {}\n--- stderr ---\n{stderr}", problems.join("; ")))
}

#[test]
fn every_bad_input_case_fails_cleanly_with_its_messages() {
    let root = fixture("bad");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("bad fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn policies_can_lower_broken_links_and_missing_images_to_warnings() {
    let site = site_from(&[
        (
            "docgen.toml",
            b"on_broken_links = \"warn\"\non_missing_images = \"ignore\"\n",
        ),
        (
            "content/a.md",
            b"# A\n\n[x](./hilang.md) [y](#tidak-ada) ![g](/img/hilang.png)\n",
        ),
    ]);
    let o = docgen(&["build"], site.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning[broken-markdown-link]: content/a.md:3:1: broken link"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[broken-anchor]: content/a.md:3:18: broken anchor"),
        "{stderr}"
    );
    assert!(!stderr.contains("image"), "ignored: {stderr}");
    let strict = docgen(&["build", "--strict"], site.path());
    assert_eq!(
        strict.status.code(),
        Some(1),
        "--strict raises the warnings"
    );
}

#[test]
fn check_reports_the_same_problems_and_writes_nothing() {
    let site = site_from(&[("content/a.md", b"# A\n\n[x](./hilang.md)\n")]);
    let o = docgen(&["check"], site.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("content/a.md:3:1: broken link"), "{stderr}");
    assert!(stderr.trim_end().ends_with("s"), "{stderr}");
    assert!(stderr.contains("Check failed: 1 error"), "{stderr}");
    assert!(!site.path().join("public").exists());
    std::fs::write(site.path().join("content/a.md"), "# A\n").unwrap();
    let o = docgen(&["check"], site.path());
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("Checked 2 pages"));
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn huge_pages_and_deep_folders_are_refused_with_a_message() {
    let big = vec![b'a'; 9 * 1024 * 1024];
    let deep = format!("content/{}a.md", "d/".repeat(14));
    let site = site_from(&[("content/big.md", &big), (deep.as_str(), b"# Deep\n")]);
    let o = docgen(&["build"], site.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/big.md: the page is 9 MiB; pages may be at most 8 MiB"),
        "{stderr}"
    );
    assert!(
        stderr.contains("folders nest more than 12 levels deep"),
        "{stderr}"
    );
}

#[test]
fn deep_nesting_long_lines_and_junk_do_not_crash() {
    let quotes = ">".repeat(20_000) + " deep\n";
    let lists: String = (0..3_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let brackets = "[".repeat(50_000) + "\n";
    let long_line = "kata ".repeat(200_000) + "\n";
    let admonitions = ":::note\n".repeat(5_000) + &":::\n".repeat(5_000);
    let tags = "<div>".repeat(20_000) + &"</div>".repeat(20_000) + "\n";
    let junk: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 128) as u8).collect();
    let site = site_from(&[
        ("content/quotes.md", quotes.as_bytes()),
        ("content/lists.md", lists.as_bytes()),
        ("content/brackets.md", brackets.as_bytes()),
        ("content/long.md", long_line.as_bytes()),
        ("content/admonitions.md", admonitions.as_bytes()),
        ("content/tags.md", tags.as_bytes()),
        ("content/junk.md", &junk),
    ]);
    let o = docgen(&["build"], site.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "{stderr}"
    );
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "crashed: {:?}\n{stderr}",
        o.status
    );
}

/// mobxjs/mobx's website is Docusaurus 1: the message says so instead of only that a content
/// folder is missing.
#[test]
fn a_docusaurus_1_site_is_named_as_such() {
    let tmp = site_from(&[
        ("siteConfig.js", b"module.exports = {title: 'Lama'};\n"),
        ("sidebars.json", b"{}\n"),
    ]);
    let (ok, log, _) = build_failing(tmp.path());
    assert!(!ok, "{log}");
    assert!(log.contains("content folder does not exist"), "{log}");
    assert!(log.contains("Docusaurus 1 site"), "{log}");
}

//! Docusaurus' own starter site, as `npm init docusaurus` creates it (the `create-docusaurus`
//! package: `templates/shared` overlaid with `templates/classic`), built unchanged with
//! `--strict`: not one warning about its content.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// Pinned so the test sees the same site every run.
const PACKAGE: &str = "create-docusaurus@3.10.2";

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().expect("run command");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn create_docusaurus_starter_builds_with_only_what_needs_javascript_warned() {
    if Command::new("npm").arg("--version").output().is_err() {
        eprintln!("skipped: npm is not installed");
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let work = tmp.path();
    run(Command::new("npm")
        .args(["pack", PACKAGE, "--silent"])
        .current_dir(work));
    let tarball = std::fs::read_dir(work)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .expect("npm pack wrote a tarball");
    run(Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .current_dir(work));
    let site = work.join("site");
    std::fs::create_dir(&site).expect("mkdir");
    for part in ["shared", "classic"] {
        let from = work.join("package/templates").join(part);
        run(Command::new("cp")
            .arg("-r")
            .arg(format!("{}/.", from.display()))
            .arg(&site));
    }
    assert!(site.join("docusaurus.config.js").is_file());
    assert!(!site.join("docgen.toml").exists());

    let out = work.join("public");
    let output = docgen(
        &[
            "build",
            "--root",
            site.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        Path::new("."),
    );
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(output.status.success(), "{log}");
    // Now that the blog and src/pages are built, exactly the two things only JavaScript can do
    // are warnings with their places: the blog post's `onClick` handler and the React home page.
    assert_eq!(log.matches("warning[").count(), 2, "{log}");
    assert!(
        log.contains("blog/2021-08-01-mdx-blog-post.mdx:24:17: unsupported JSX expression"),
        "{log}"
    );
    assert!(
        log.contains("src/pages/index.js: 1 React page cannot be built"),
        "{log}"
    );
    assert!(!log.contains("error["), "{log}");

    let built = Built {
        tmp: tempfile::tempdir().expect("temp dir"),
        out,
    };
    assert!(assert_internal_links_resolve(&built.out) > 100);
    let intro = built.page("docs/intro/index.html");
    assert_eq!(text(one(&intro, "h1")), "Tutorial Intro");
    assert_eq!(text(one(&intro, ".brand-title")), "My Site");
    let features = built.page("docs/tutorial-basics/markdown-features/index.html");
    assert_eq!(all(&features, "h2#my-heading-id").len(), 1);
    assert_eq!(all(&features, "h3#my-custom-id").len(), 1);
    let highlights = all(&features, ".markdown p > span[style]");
    assert_eq!(highlights.len(), 2);
    assert!(attr(highlights[0], "style").contains("background-color: #25c2a0"));
    let basics = built.page("docs/category/tutorial---basics/index.html");
    assert_eq!(all(&basics, ".card").len(), 6);
}

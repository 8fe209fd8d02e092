//! The no-change rebuild: a second `docgen build` with nothing changed writes nothing and says
//! so, repeats the warnings, and any change (a page, the output folder) builds again.

mod common;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::*;

fn site() -> tempfile::TempDir {
    let long_line = "x".repeat(3_100);
    site_from(&[
        ("docgen.toml", b"title = \"Cache\"\nlanguage = \"id\"\n"),
        ("content/a.md", b"# A\n\nIsi pertama.\n"),
        (
            "content/b.md",
            format!("# B\n\n```js\nconst s = \"{long_line}\";\n```\n").as_bytes(),
        ),
        ("static/img/x.txt", b"x"),
    ])
}

fn build(root: &Path, out: &Path, no_cache: bool) -> docgen::BuildSummary {
    let options = docgen::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        no_cache,
        ..Default::default()
    };
    docgen::build(&options).unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
}

fn times(out: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut found: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().expect("meta").modified().expect("mtime"),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn nothing_changed_means_nothing_written_and_the_same_warnings() {
    let tmp = site();
    let out = tmp.path().join("public");
    let first = build(tmp.path(), &out, false);
    assert!(!first.unchanged);
    assert_eq!(first.warnings.len(), 1, "{:?}", first.warnings);
    let files = snapshot(&out);
    let written = times(&out);

    let second = build(tmp.path(), &out, false);
    assert!(second.unchanged, "nothing changed");
    assert_eq!((second.pages, second.assets), (first.pages, first.assets));
    assert_eq!(second.warnings, first.warnings, "warnings are repeated");
    assert_eq!(snapshot(&out), files);
    assert_eq!(times(&out), written, "no file was rewritten");

    // The cached output is what a clean build writes.
    let clean = tmp.path().join("clean");
    build(tmp.path(), &clean, true);
    assert_eq!(snapshot(&clean), files);
}

#[test]
fn a_changed_page_an_altered_output_or_no_cache_builds_again() {
    let tmp = site();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, false);

    // Sizes and times are the fingerprint: a different size is always seen.
    std::fs::write(
        tmp.path().join("content/a.md"),
        "# A\n\nIsi kedua yang lain.\n",
    )
    .unwrap();
    let after_edit = build(tmp.path(), &out, false);
    assert!(!after_edit.unchanged);
    let page = std::fs::read_to_string(out.join("a/index.html")).unwrap();
    assert!(page.contains("Isi kedua yang lain."));

    std::fs::remove_file(out.join("404.html")).unwrap();
    assert!(
        !build(tmp.path(), &out, false).unchanged,
        "an output file went missing"
    );
    assert!(out.join("404.html").is_file());

    assert!(build(tmp.path(), &out, false).unchanged);
    assert!(!build(tmp.path(), &out, true).unchanged, "--no-cache");

    // A new file anywhere in the site counts, a static file too.
    std::fs::write(tmp.path().join("static/img/y.txt"), "y").unwrap();
    assert!(!build(tmp.path(), &out, false).unchanged);
    assert!(out.join("img/y.txt").is_file());
}

/// Each output file's inode, by its path in the output.
fn inodes(out: &Path) -> std::collections::BTreeMap<PathBuf, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).expect("prefix").to_path_buf();
            (rel, e.metadata().expect("meta").ino())
        })
        .collect()
}

#[test]
fn after_an_edit_only_the_files_whose_bytes_changed_are_written_again() {
    let tmp = site();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, false);
    let before: std::collections::BTreeMap<_, _> = snapshot(&out).into_iter().collect();
    let inodes_before = inodes(&out);

    std::fs::write(tmp.path().join("content/a.md"), "# A\n\nIsi yang diubah.\n").unwrap();
    build(tmp.path(), &out, false);
    let after = snapshot(&out);
    let inodes_after = inodes(&out);

    let mut kept = Vec::new();
    for (rel, bytes) in &after {
        let same_bytes = before.get(rel) == Some(bytes);
        let same_inode = inodes_before.get(rel) == inodes_after.get(rel);
        assert_eq!(same_inode, same_bytes, "{}", rel.display());
        if same_inode {
            kept.push(rel.clone());
        }
    }
    for rel in ["b/index.html", "img/x.txt", "theme/docgen.css"] {
        assert!(kept.contains(&PathBuf::from(rel)), "{rel} kept: {kept:?}");
    }
    assert!(!kept.contains(&PathBuf::from("a/index.html")));

    let clean = tmp.path().join("clean");
    build(tmp.path(), &clean, true);
    assert_eq!(snapshot(&clean), after, "the same bytes as a clean build");
}

/// Builds with the cache, then into a fresh folder without it: the two must agree on every
/// file and every warning. Returns how many pages the cached build kept.
fn build_and_compare(root: &Path, out: &Path, step: &str) -> usize {
    let cached = build(root, out, false);
    // Outside the site: another folder in it would be a change of the site.
    let elsewhere = tempfile::tempdir().unwrap();
    let clean_out = elsewhere.path().join(step);
    let clean = build(root, &clean_out, true);
    assert_eq!(
        snapshot(out),
        snapshot(&clean_out),
        "{step}: same files as a clean build"
    );
    assert_eq!(cached.warnings, clean.warnings, "{step}: same warnings");
    assert_eq!(clean.kept_pages, 0);
    cached.kept_pages
}

#[test]
fn a_body_edit_renders_that_page_alone_and_any_other_change_renders_every_page() {
    let tmp = site_from(&[
        (
            "docgen.toml",
            b"title = \"Kept\"\nlanguage = \"id\"\non_broken_anchors = \"warn\"\n",
        ),
        ("content/a.md", b"# A\n\n## Bagian\n\nIsi A.\n"),
        (
            "content/b.md",
            b"# B\n\nimport Catatan from './_catatan.md';\n\nLihat [bagian A](a.md#bagian).\n\n<Catatan />\n\n<Entah />\n",
        ),
        ("content/_catatan.md", b"Catatan pertama.\n"),
        ("content/c.md", b"---\ntitle: C\n---\n\nIsi C.\n"),
        ("static/img/x.txt", b"x"),
    ]);
    let root = tmp.path();
    let out = root.join("public");
    let edit = |file: &str, text: &str| std::fs::write(root.join(file), text).unwrap();
    assert_eq!(build_and_compare(root, &out, "first"), 0);
    let warnings = build(root, &out, false).warnings;
    assert!(
        warnings.iter().any(|w| w.to_string().contains("Entah")),
        "b's own warning: {warnings:?}"
    );

    edit("content/a.md", "# A\n\n## Bagian\n\nIsi A yang diubah.\n");
    assert_eq!(build_and_compare(root, &out, "body"), 2, "b and c kept");
    let page = std::fs::read_to_string(out.join("a/index.html")).unwrap();
    assert!(page.contains("Isi A yang diubah."));

    // b is kept, and its link to the heading a no longer has is still found.
    edit("content/a.md", "# A\n\nTanpa bagian.\n");
    assert_eq!(build_and_compare(root, &out, "anchor"), 2);
    let warnings = build(root, &out, false).warnings;
    assert!(
        warnings.iter().any(|w| w.to_string().contains("bagian")),
        "the broken anchor: {warnings:?}"
    );

    // Anything other pages show, or anything besides the pages, renders every page.
    edit("content/c.md", "---\ntitle: C baru\n---\n\nIsi C.\n");
    assert_eq!(build_and_compare(root, &out, "title"), 0);
    edit("content/a.md", "# A yang lain\n\nTanpa bagian.\n");
    assert_eq!(build_and_compare(root, &out, "heading"), 0);
    edit("content/_catatan.md", "Catatan kedua.\n");
    assert_eq!(build_and_compare(root, &out, "partial"), 0);
    let b = std::fs::read_to_string(out.join("b/index.html")).unwrap();
    assert!(b.contains("Catatan kedua."));
    edit("static/img/x.txt", "xy");
    assert_eq!(build_and_compare(root, &out, "static"), 0);

    // A page file touched without a change, or its output altered, is rendered again.
    edit("content/c.md", "---\ntitle: C baru\n---\n\nIsi C.\n");
    assert_eq!(build_and_compare(root, &out, "touched"), 2);
    edit("content/a.md", "# A yang lain\n\nTanpa bagian lagi.\n");
    std::fs::write(out.join("b/index.html"), "rusak").unwrap();
    assert_eq!(build_and_compare(root, &out, "altered"), 1, "only c kept");
}

#[test]
fn cache_folders_and_broken_links_do_not_defeat_the_check() {
    let tmp = site();
    let out = tmp.path().join("public");
    // A Cargo-style build cache beside the docs, and a dangling symbolic link.
    let target = tmp.path().join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(
        target.join("CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), tmp.path().join("dangling")).unwrap();
    build(tmp.path(), &out, false);
    std::fs::write(target.join("artifact.bin"), "changes all the time").unwrap();
    assert!(build(tmp.path(), &out, false).unchanged);
}

#[test]
fn code_highlighted_by_the_last_build_gives_the_same_pages_and_warnings() {
    let tmp = site();
    std::fs::write(
        tmp.path().join("content/c.md"),
        "# C\n\n```rust\nfn main() {\n    println!(\"halo\");\n}\n```\n",
    )
    .expect("write");
    let out = tmp.path().join("public");
    let first = build(tmp.path(), &out, false);
    let kept = tmp.path().join(".docgen-cache/code-blocks.bin");
    assert!(kept.is_file(), "the highlighted blocks are kept");

    // A page changes: the site is built again, its code taken from what was kept.
    std::fs::write(tmp.path().join("content/a.md"), "# A\n\nIsi kedua.\n").expect("write");
    let second = build(tmp.path(), &out, false);
    assert!(!second.unchanged);
    assert_eq!(
        second.warnings, first.warnings,
        "the long line's warning comes back with its block"
    );
    let fresh = tmp.path().join("fresh");
    build(tmp.path(), &fresh, true);
    let (cached, clean) = (snapshot(&out), snapshot(&fresh));
    assert!(cached.len() > 5, "{} files", cached.len());
    assert!(
        cached == clean,
        "a cached build writes what a clean build writes"
    );
}

#[test]
fn pages_read_from_outside_the_site_folder_are_part_of_the_fingerprint() {
    let tmp = site_from(&[
        (
            "site/docgen.toml",
            b"title = \"Luar\"\nlanguage = \"id\"\ncontent_dir = \"../docs\"\n",
        ),
        ("docs/a.md", b"# A\n\nIsi A.\n"),
        ("docs/b.md", b"# B\n\nIsi B.\n"),
    ]);
    let root = tmp.path().join("site");
    let out = root.join("public");
    assert!(!build(&root, &out, false).unchanged);
    assert!(build(&root, &out, false).unchanged, "nothing changed");

    std::fs::write(tmp.path().join("docs/a.md"), "# A\n\nIsi A yang diubah.\n").unwrap();
    let rebuilt = build(&root, &out, false);
    assert!(
        !rebuilt.unchanged,
        "an edit outside the site folder is a change"
    );
    assert_eq!(rebuilt.kept_pages, 1, "b is kept, a is rendered");
    let page = std::fs::read_to_string(out.join("a/index.html")).unwrap();
    assert!(page.contains("Isi A yang diubah."), "{page}");
    std::fs::write(tmp.path().join("docs/b.md"), "# B\n\nIsi B yang lain.\n").unwrap();
    assert_eq!(build_and_compare(&root, &out, "second"), 1, "a is kept");
    // `build_and_compare`'s `--no-cache` build went elsewhere: this output's record stays.
    assert!(build(&root, &out, false).unchanged, "nothing changed since");
}

#[test]
fn a_translated_site_keeps_the_pages_of_every_locale_nothing_changed_for() {
    let config = br#"module.exports = {
  title: 'Dwibahasa',
  url: 'https://dwi.example.org',
  baseUrl: '/',
  i18n: {defaultLocale: 'id', locales: ['id', 'en']},
  presets: [['classic', {docs: {}, blog: false}]],
};
"#;
    let tmp = site_from(&[
        ("docusaurus.config.js", config),
        (
            "docs/pengantar.md",
            b"# Pengantar\n\nSelamat datang. Lanjut ke [memasang](./memasang.md).\n",
        ),
        ("docs/memasang.md", b"# Memasang\n\nBelum diterjemahkan.\n"),
        ("docs/lain.md", b"# Lain\n\nIsi lain.\n"),
        (
            "i18n/en/docusaurus-plugin-content-docs/current/pengantar.md",
            b"# Introduction\n\nWelcome.\n",
        ),
    ]);
    let root = tmp.path();
    let out = root.join("build");
    let edit = |file: &str, text: &str| std::fs::write(root.join(file), text).unwrap();
    assert_eq!(build_and_compare(root, &out, "first"), 0);
    build(root, &out, false);

    // Three docs in two locales: the default's `lain` and its fallback in `en` follow the edit.
    edit("docs/lain.md", "# Lain\n\nIsi lain yang diubah.\n");
    assert_eq!(build_and_compare(root, &out, "default body"), 4);
    let fallback = std::fs::read_to_string(out.join("en/docs/lain/index.html")).unwrap();
    assert!(fallback.contains("Isi lain yang diubah."), "{fallback}");

    // A translation's text is its page's alone.
    edit(
        "i18n/en/docusaurus-plugin-content-docs/current/pengantar.md",
        "# Introduction\n\nWelcome, reader.\n",
    );
    assert_eq!(build_and_compare(root, &out, "translation body"), 5);
    // The default text of a translated page is not what the translation is made from.
    edit(
        "docs/pengantar.md",
        "# Pengantar\n\nSelamat datang! Lanjut ke [memasang](./memasang.md).\n",
    );
    assert_eq!(build_and_compare(root, &out, "translated default body"), 5);

    // A translated title is in every page of its locale (sidebar, pagination): all of them
    // are rendered; the default locale's three do not show it.
    edit(
        "i18n/en/docusaurus-plugin-content-docs/current/pengantar.md",
        "# Getting started\n\nWelcome, reader.\n",
    );
    assert_eq!(build_and_compare(root, &out, "translation title"), 3);
    // A default title is in the translation's pages too.
    edit("docs/lain.md", "# Lain lagi\n\nIsi lain yang diubah.\n");
    assert_eq!(build_and_compare(root, &out, "default title"), 0);
    let en = std::fs::read_to_string(out.join("en/docs/lain/index.html")).unwrap();
    assert!(en.contains("Getting started"), "the sidebar: {en}");
}

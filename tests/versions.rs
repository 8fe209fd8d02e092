//! Versioned docs (tests/fixtures/docusaurus-versions: `versions.json` with 2.0 and 1.0, their
//! folders and sidebars, the current docs): routes, banners, badges, the version dropdown and
//! canonical URLs, as Docusaurus lays them out.

mod common;

use common::*;

fn hrefs(doc: &scraper::Html, css: &str) -> Vec<String> {
    all(doc, css).into_iter().map(|a| attr(a, "href")).collect()
}

#[test]
fn the_last_version_is_at_the_docs_route_and_the_current_docs_at_next() {
    let (site, log) = build_with_log(&fixture("docusaurus-versions"));
    assert!(!log.contains("warning["), "{log}");
    for page in [
        "docs/pengantar/index.html",
        "docs/lanjut/index.html",
        "docs/1.0/pengantar/index.html",
        "docs/next/pengantar/index.html",
        "docs/next/baru/index.html",
    ] {
        assert!(site.exists(page), "{page}");
    }
    assert!(!site.exists("docs/1.0/lanjut/index.html"));
    // Each version has its own text, sidebar and relative links.
    let v2 = site.page("docs/pengantar/index.html");
    assert!(text(one(&v2, ".markdown")).contains("Versi 2.0"));
    assert_eq!(
        texts(&v2, ".sidebar .sidebar-list a"),
        ["Pengantar", "Lanjutan"]
    );
    assert_eq!(hrefs(&v2, ".markdown a"), ["../../docs/lanjut/index.html"]);
    let next = site.page("docs/next/pengantar/index.html");
    assert_eq!(
        hrefs(&next, ".markdown a"),
        ["../../../docs/next/baru/index.html"]
    );
    assert_eq!(
        texts(&next, ".sidebar .sidebar-list a"),
        ["Pengantar", "Fitur baru"]
    );
}

#[test]
fn banners_badges_and_canonical_urls_point_at_the_last_version() {
    let (site, _) = build_with_log(&fixture("docusaurus-versions"));
    let v2 = site.page("docs/pengantar/index.html");
    assert!(
        all(&v2, ".version-banner").is_empty(),
        "the last version has no banner"
    );
    assert_eq!(text(one(&v2, ".version-badge")), "Versi: 2.0");
    let old = site.page("docs/1.0/pengantar/index.html");
    let banner = text(one(&old, ".version-banner"));
    assert!(
        banner.contains("1.0 (lama)") && banner.contains("tidak lagi"),
        "{banner}"
    );
    assert_eq!(
        hrefs(&old, ".version-banner a"),
        ["../../../docs/pengantar/index.html"]
    );
    assert_eq!(
        attr(one(&old, "link[rel=canonical]"), "href"),
        "https://alat.example.org/docs/pengantar/"
    );
    // An unreleased page with no counterpart in the last version leads to that version's start.
    let new = site.page("docs/next/baru/index.html");
    assert!(text(one(&new, ".version-banner")).contains("belum dirilis"));
    assert_eq!(
        hrefs(&new, ".version-banner a"),
        ["../../../docs/pengantar/index.html"]
    );
    assert_eq!(
        attr(one(&new, "link[rel=canonical]"), "href"),
        "https://alat.example.org/docs/next/baru/"
    );
    // Search results can be kept to the reader's version.
    assert_eq!(
        attr(one(&old, "article"), "data-pagefind-filter"),
        "version:1.0 (lama)"
    );
}

#[test]
fn the_version_dropdown_keeps_the_reader_on_the_same_page() {
    let (site, _) = build_with_log(&fixture("docusaurus-versions"));
    let menu = ".navbar-right .versions-dropdown";
    let old = site.page("docs/1.0/pengantar/index.html");
    assert_eq!(
        text(one(&old, &format!("{menu} .dropdown-toggle"))),
        "1.0 (lama)"
    );
    assert_eq!(
        texts(&old, &format!("{menu} .dropdown-menu a")),
        ["Next", "2.0", "1.0 (lama)"]
    );
    assert_eq!(
        hrefs(&old, &format!("{menu} .dropdown-menu a")),
        [
            "../../../docs/next/pengantar/index.html",
            "../../../docs/pengantar/index.html",
            "../../../docs/1.0/pengantar/index.html"
        ]
    );
    assert_eq!(
        attr(one(&old, &format!("{menu} a[aria-current=page]")), "href"),
        "../../../docs/1.0/pengantar/index.html"
    );
    // A page only one version has: the others open on their first page.
    let only_v2 = site.page("docs/lanjut/index.html");
    assert_eq!(
        hrefs(&only_v2, &format!("{menu} .dropdown-menu a")),
        [
            "../../docs/next/pengantar/index.html",
            "../../docs/lanjut/index.html",
            "../../docs/1.0/pengantar/index.html"
        ]
    );
    // `docId` items lead to the last version.
    assert_eq!(
        hrefs(
            &site.page("docs/next/baru/index.html"),
            ".navbar-left > a.navbar-link"
        ),
        ["../../../docs/pengantar/index.html"]
    );
    assert_internal_links_resolve(&site.out);
}

#[test]
fn a_version_without_its_folder_is_an_error_in_versions_json() {
    let tmp = site_from(&[
        (
            "docusaurus.config.js",
            b"module.exports = {title: 'x', url: 'https://x.org', baseUrl: '/'};\n",
        ),
        ("docs/intro.md", b"# Intro\n"),
        ("versions.json", b"[\n  \"3.0\",\n  \"2.0\"\n]\n"),
        ("versioned_docs/version-3.0/intro.md", b"# Intro 3\n"),
    ]);
    let (ok, log, out) = build_failing(tmp.path());
    assert!(!ok, "{log}");
    assert!(
        log.contains("versions.json:3:3: version `2.0` has no folder versioned_docs/version-2.0"),
        "{log}"
    );
    assert!(
        log.contains(
            "versions.json:2:3: version `3.0` has no versioned_sidebars/version-3.0-sidebars.json"
        ),
        "{log}"
    );
    assert!(!out.exists());
}

#[test]
fn the_sitemap_lists_each_page_once_at_its_canonical_url() {
    let (site, _) = build_with_log(&fixture("docusaurus-versions"));
    let sitemap = std::fs::read_to_string(site.out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap XML");
    let mut urls: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    urls.sort_unstable();
    assert_eq!(
        urls,
        [
            "https://alat.example.org/docs/lanjut/",
            "https://alat.example.org/docs/next/baru/",
            "https://alat.example.org/docs/pengantar/",
        ]
    );
}

//! A translated site (tests/fixtures/docusaurus-i18n: locales `id` and `en`, one page
//! translated and one not, navbar, footer, sidebar and theme labels translated): each locale
//! at its URL, the untranslated page falling back to the default locale's text, `hreflang`
//! links and the locale dropdown keeping the reader on the same page.

mod common;

use common::*;

fn hrefs(doc: &scraper::Html, css: &str) -> Vec<String> {
    all(doc, css).into_iter().map(|a| attr(a, "href")).collect()
}

#[test]
fn each_locale_is_built_at_its_url_with_its_translations_and_fallbacks() {
    let (site, log) = build_with_log(&fixture("docusaurus-i18n"));
    // `i18n/fr` is not a locale of the site: said, not built.
    assert!(
        log.contains("warning[translations]: i18n/fr: the locale `fr` is not in `i18n.locales`"),
        "{log}"
    );
    assert!(!site.exists("fr/index.html"));
    let id = site.page("docs/pengantar/index.html");
    assert_eq!(attr(one(&id, "html"), "lang"), "id");
    assert_eq!(text(one(&id, "h1")), "Pengantar");
    let en = site.page("en/docs/pengantar/index.html");
    assert_eq!(attr(one(&en, "html"), "lang"), "en-US");
    assert_eq!(attr(one(&en, "html"), "dir"), "ltr");
    assert_eq!(text(one(&en, "h1")), "Introduction");
    // A page with no translation shows the default locale's text at the locale's URL.
    let fallback = site.page("en/docs/panduan/memasang/index.html");
    assert!(text(one(&fallback, ".markdown")).contains("belum diterjemahkan"));
    // Labels from navbar.json, footer.json, current.json and code.json; the theme's own
    // strings in the locale's language.
    assert_eq!(text(one(&en, ".brand-title")), "Bilingual");
    assert_eq!(texts(&en, ".navbar-left > a.navbar-link"), ["Docs"]);
    assert_eq!(texts(&en, ".footer-title"), ["Community"]);
    assert_eq!(texts(&en, ".sidebar summary"), ["Guides"]);
    assert_eq!(texts(&id, ".sidebar summary"), ["Panduan"]);
    assert!(text(one(&en, ".pagination-next")).contains("Onwards"));
    assert_eq!(text(one(&en, ".skip-link")), "Skip to main content");
    // Links stay inside the locale; search reads the one index at the site's root.
    assert_eq!(
        hrefs(&en, ".markdown a"),
        ["../../docs/panduan/memasang/index.html"]
    );
    assert_eq!(attr(one(&en, ".search-button"), "data-root"), "../../../");
    assert_internal_links_resolve(&site.out);
}

#[test]
fn hreflang_links_and_the_locale_dropdown_lead_to_the_same_page() {
    let (site, _) = build_with_log(&fixture("docusaurus-i18n"));
    let en = site.page("en/docs/pengantar/index.html");
    let alternates: Vec<(String, String)> = all(&en, "link[rel=alternate][hreflang]")
        .into_iter()
        .map(|l| (attr(l, "hreflang"), attr(l, "href")))
        .collect();
    let want = |lang: &str, href: &str| (lang.to_string(), href.to_string());
    assert_eq!(
        alternates,
        [
            want("id", "https://dwi.example.org/situs/docs/pengantar/"),
            want("en-US", "https://dwi.example.org/situs/en/docs/pengantar/"),
            want("x-default", "https://dwi.example.org/situs/docs/pengantar/"),
        ]
    );
    assert_eq!(
        attr(one(&en, "link[rel=canonical]"), "href"),
        "https://dwi.example.org/situs/en/docs/pengantar/"
    );
    let id = site.page("docs/panduan/memasang/index.html");
    assert_eq!(
        text(one(&id, ".navbar-right .locales-dropdown .dropdown-toggle")),
        "Bahasa Indonesia"
    );
    assert_eq!(
        hrefs(&id, ".navbar-right .locales-dropdown .dropdown-menu a"),
        [
            "../../../docs/panduan/memasang/index.html",
            "../../../en/docs/panduan/memasang/index.html"
        ]
    );
    assert_eq!(
        text(one(&en, ".navbar-right .locales-dropdown .dropdown-toggle")),
        "English"
    );
    assert_eq!(
        hrefs(&en, ".navbar-right .locales-dropdown .dropdown-menu a"),
        [
            "../../../docs/pengantar/index.html",
            "../../../en/docs/pengantar/index.html"
        ]
    );
}

#[test]
fn one_locale_alone_and_bad_translation_files() {
    let root = fixture("docusaurus-i18n");
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let args = |locale: &str| {
        vec![
            "build".to_string(),
            "--locale".into(),
            locale.into(),
            "--root".into(),
            root.to_string_lossy().into_owned(),
            "--out".into(),
            out.to_string_lossy().into_owned(),
        ]
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        docgen(&a, &root)
    };
    let output = run(args("en"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.join("en/docs/pengantar/index.html").is_file());
    assert!(
        !out.join("docs/pengantar/index.html").exists(),
        "only the locale asked for"
    );
    let output = run(args("de"));
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("--locale de: the site's locales are id, en")
    );

    let broken = site_from(&[
        (
            "docusaurus.config.js",
            b"module.exports = {title: 'x', url: 'https://x.org', baseUrl: '/', i18n: {defaultLocale: 'id', locales: ['id', 'en']}};\n",
        ),
        ("docs/a.md", b"# A\n"),
        ("i18n/en/code.json", b"{\n  \"x\": {\"message\": \"y\"},\n  oops\n}\n"),
    ]);
    let (ok, log, out) = build_failing(broken.path());
    assert!(!ok, "{log}");
    assert!(
        log.contains("i18n/en/code.json:3:3: is not valid JSON"),
        "{log}"
    );
    assert!(!out.exists(), "nothing is written when a locale fails");
}

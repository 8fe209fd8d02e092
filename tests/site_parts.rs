//! The parts of a Docusaurus site around its docs (tests/fixtures/docusaurus-full): the navbar
//! and footer from `themeConfig`, Markdown pages in `src/pages`, and the blog with its
//! authors, tags, list pages and feeds.

mod common;

use common::*;

fn build() -> (Built, String) {
    build_with_log(&fixture("docusaurus-full"))
}

fn hrefs(doc: &scraper::Html, css: &str) -> Vec<String> {
    all(doc, css).into_iter().map(|a| attr(a, "href")).collect()
}

#[test]
fn the_navbar_and_footer_come_from_the_theme_config() {
    let (site, _) = build();
    let page = site.page("docs/pengantar/index.html");
    // Left items in order: a doc (its own label), a docSidebar (the sidebar's first doc),
    // a route, and a dropdown.
    let left = texts(
        &page,
        ".navbar-left > .navbar-link, .navbar-left > .navbar-dropdown > .dropdown-toggle",
    );
    assert_eq!(left, ["Dokumentasi", "API", "Blog", "Komunitas"]);
    assert_eq!(
        hrefs(&page, ".navbar-left > a.navbar-link"),
        [
            "../../docs/pengantar/index.html",
            "../../docs/api-referensi/index.html",
            "../../blog/index.html"
        ]
    );
    // The doc item is the current page; the docSidebar item is another sidebar's.
    let doc_item = all(&page, ".navbar-left > a.navbar-link")[0];
    assert_eq!(attr(doc_item, "aria-current"), "page");
    assert!(attr(doc_item, "class").contains("is-active"));
    let on_api = site.page("docs/api-referensi/index.html");
    let api_classes: Vec<String> = all(&on_api, ".navbar-left > a.navbar-link")
        .into_iter()
        .map(|a| attr(a, "class"))
        .collect();
    assert!(!api_classes[0].contains("is-active") && api_classes[1].contains("is-active"));
    // A doc item without a label takes the doc's title; an external link opens a new tab.
    let dropdown = texts(&page, ".navbar-left .dropdown-menu .navbar-link");
    assert_eq!(dropdown, ["Tentang kami", "Memasang alat", "Forum"]);
    assert_eq!(
        all(&page, ".navbar-left .dropdown-menu hr.dropdown-separator").len(),
        1
    );
    let github = one(&page, ".navbar-right a.navbar-external");
    assert_eq!(attr(github, "href"), "https://github.com/contoh/lengkap");
    assert_eq!(attr(github, "target"), "_blank");
    // The drawer holds the same items for narrow screens.
    assert_eq!(
        texts(&page, ".drawer-navbar .navbar-link:not(.dropdown-toggle)").len(),
        3 + 3 + 1
    );
    // Logo for both modes, announcement bar, dark by default.
    assert_eq!(
        hrefs(&page, ".brand"),
        ["../../index.html"],
        "the logo leads home"
    );
    assert_eq!(
        attr(one(&page, ".brand img.logo-dark"), "src"),
        "../../img/logo-gelap.svg"
    );
    assert_eq!(attr(one(&page, ".announcement"), "data-id"), "rilis-3");
    assert!(text(one(&page, ".announcement-content")).contains("Versi 3 sudah rilis!"));
    let script = text(one(&page, "head script"));
    assert!(script.contains("t=\"dark\""), "{script}");
    assert!(!script.contains("prefers-color-scheme"), "{script}");
    // Footer: two titled columns, an HTML item, copyright written as HTML.
    assert_eq!(texts(&page, ".footer-title"), ["Dokumentasi", "Lainnya"]);
    assert_eq!(
        hrefs(&page, ".footer-column a"),
        [
            "../../docs/pengantar/index.html",
            "../../blog/index.html",
            "https://example.org/status"
        ]
    );
    assert!(attr(one(&page, "footer"), "class").contains("footer-dark"));
    assert_eq!(text(one(&page, ".footer-copyright b")), "Lengkap");
    assert_internal_links_resolve(&site.out);
}

#[test]
fn markdown_pages_are_built_and_react_pages_are_named_in_one_warning() {
    let (site, log) = build();
    let about = site.page("tentang/index.html");
    assert_eq!(text(one(&about, "h1")), "Tentang kami");
    assert_eq!(
        all(&about, ".admonition").len(),
        1,
        "admonitions work in src/pages"
    );
    assert_eq!(
        all(&about, ".sidebar-list li").len(),
        0,
        "a page has no docs sidebar"
    );
    assert_eq!(
        hrefs(&about, ".markdown a"),
        ["../docs/pengantar/index.html"]
    );
    assert_eq!(log.matches("React page").count(), 1, "{log}");
    assert!(
        log.contains("2 React pages cannot be built without running JavaScript and are left out: src/pages/index.js, src/pages/pameran.tsx"),
        "{log}"
    );
    // docgen's home page stands in for src/pages/index.js.
    assert!(site.exists("index.html"));
}

#[test]
fn blog_posts_lists_tags_authors_and_archive() {
    let (site, log) = build();
    // Five posts, two a page, newest first; the dates come from front matter, folder and file
    // names.
    let first = site.page("blog/index.html");
    assert_eq!(text(one(&first, "h1")), "Kabar Tim");
    assert_eq!(
        texts(&first, ".post-title"),
        ["Catatan Mei", "Catatan April"]
    );
    assert_eq!(
        texts(&site.page("blog/page/2/index.html"), ".post-title"),
        ["Rilis kedua", "Tips pipeline CI"]
    );
    let last = site.page("blog/page/3/index.html");
    assert_eq!(texts(&last, ".post-title"), ["Selamat datang di blog"]);
    assert_eq!(
        hrefs(&last, ".pagination a"),
        ["../../../blog/page/2/index.html"]
    );
    assert!(!site.exists("blog/page/4/index.html"));
    // The summary stops at the truncate marker, in both spellings, with "read more".
    let summary = text(one(&last, ".post-summary .markdown"));
    assert!(summary.contains("Ringkasannya berhenti di sini"));
    assert!(!summary.contains("Bagian lanjutan"), "{summary}");
    assert_eq!(texts(&last, ".read-more a"), ["Baca selengkapnya"]);
    let second = site.page("blog/page/2/index.html");
    let ci = &all(&second, ".post-summary")[1];
    assert!(!text(*ci).contains("Simpan cache"));
    // The post itself has everything, its authors (from authors.yml and inline), tags and
    // the neighbouring posts.
    let post = site.page("blog/2026/02/14/tips-ci/index.html");
    assert!(text(one(&post, ".markdown")).contains("Simpan cache"));
    assert_eq!(
        texts(&post, ".post-author .author-name"),
        ["Budi Santoso", "Tamu Undangan"]
    );
    assert_eq!(
        hrefs(&post, ".post-author a.author-name"),
        [
            "../../../../../blog/authors/budi/index.html",
            "https://example.org/tamu"
        ]
    );
    assert_eq!(
        texts(&post, ".post-tags .tag"),
        ["Integrasi Berkelanjutan", "Umum"]
    );
    assert_eq!(text(one(&post, ".reading-time")), "1 menit baca");
    assert_eq!(text(one(&post, "time")), "14 Februari 2026");
    assert_eq!(
        texts(&post, ".pagination .pagination-label"),
        ["Rilis kedua", "Selamat datang di blog"]
    );
    // A link to another post by its file resolves to its route.
    assert!(
        hrefs(&post, ".markdown a")
            .contains(&"../../../../../blog/2026/01/05/selamat-datang/index.html".to_string())
    );
    // The recent-posts sidebar holds blogSidebarCount (3) posts.
    assert_eq!(all(&post, ".sidebar .sidebar-list a").len(), 3);
    // An image beside a post in its folder is published.
    let release = site.page("blog/2026/03/10/rilis-kedua/index.html");
    let img = attr(one(&release, ".markdown img"), "src");
    assert!(
        resolve(
            &site.out,
            std::path::Path::new("blog/2026/03/10/rilis-kedua/index.html"),
            &img
        )
        .is_file(),
        "{img}"
    );
    // Tags: tags.yml labels and permalinks; an undescribed tag warns (onInlineTags).
    let umum = site.page("blog/tags/umum/index.html");
    assert_eq!(text(one(&umum, "h1")), "2 tulisan dengan tag “Umum”");
    assert_eq!(text(one(&umum, ".blog-description")), "Kabar umum dari tim");
    assert!(site.exists("blog/tags/ci/index.html"));
    assert!(
        log.contains("blog/2026-03-10-rilis-kedua/index.md:4:1: the tag `rilis` is not described"),
        "{log}"
    );
    let tags = site.page("blog/tags/index.html");
    assert_eq!(texts(&tags, ".blog-index a").len(), 3);
    // Author pages only for `page: true`, paginated like the blog.
    assert_eq!(
        texts(&site.page("blog/authors/budi/index.html"), ".post-title"),
        ["Catatan April", "Tips pipeline CI"]
    );
    assert!(site.exists("blog/authors/budi/page/2/index.html"));
    assert!(!site.exists("blog/authors/sari/index.html"));
    // The archive, by year.
    let archive = site.page("blog/archive/index.html");
    assert_eq!(texts(&archive, ".archive-year h2"), ["2026"]);
    assert_eq!(all(&archive, ".archive-year li").len(), 5);
    // Posts and lists are in the sitemap.
    let sitemap = std::fs::read_to_string(site.out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://contoh.example.org/lengkap/blog/page/2/"));
    assert!(sitemap.contains("https://contoh.example.org/lengkap/blog/catatan-khusus/"));
}

#[test]
fn the_feeds_parse_and_list_the_posts_newest_first() {
    let (site, _) = build();
    let rss = std::fs::read_to_string(site.out.join("blog/rss.xml")).unwrap();
    let rss = roxmltree::Document::parse(&rss).expect("RSS is well-formed XML");
    let titles: Vec<&str> = rss
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .filter_map(|item| item.children().find(|c| c.has_tag_name("title"))?.text())
        .collect();
    assert_eq!(
        titles,
        [
            "Catatan Mei",
            "Catatan April",
            "Rilis kedua",
            "Tips pipeline CI",
            "Selamat datang di blog"
        ]
    );
    let link = rss
        .descendants()
        .find(|n| n.has_tag_name("link"))
        .and_then(|n| n.text());
    assert_eq!(link, Some("https://contoh.example.org/lengkap/blog/"));

    let atom = std::fs::read_to_string(site.out.join("blog/atom.xml")).unwrap();
    let atom = roxmltree::Document::parse(&atom).expect("Atom is well-formed XML");
    let entries: Vec<_> = atom
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 5);
    let ci = entries
        .iter()
        .find(|e| {
            e.children()
                .any(|c| c.has_tag_name("title") && c.text() == Some("Tips pipeline CI"))
        })
        .expect("the CI post");
    let content = ci
        .children()
        .find(|c| c.has_tag_name("content"))
        .and_then(|c| c.text())
        .unwrap_or_default();
    // Feed readers get the whole post, with links made absolute.
    assert!(content.contains("Simpan cache"), "{content}");
    assert!(
        content.contains(
            "href=\"https://contoh.example.org/lengkap/blog/2026/01/05/selamat-datang/index.html\""
        ),
        "{content}"
    );
    let authors: Vec<&str> = ci
        .descendants()
        .filter(|n| n.has_tag_name("name"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(authors, ["Budi Santoso", "Tamu Undangan"]);

    // `feedOptions.type: 'all'` adds the JSON feed.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.out.join("blog/feed.json")).unwrap())
            .expect("JSON feed");
    assert_eq!(json["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["items"][0]["title"], "Catatan Mei");
    assert_eq!(json["items"][0]["date_published"], "2026-05-02T10:00:00Z");
}

#[test]
fn a_blog_with_a_bad_date_or_an_unknown_author_fails_with_places_and_writes_nothing() {
    let tmp = site_from(&[
        (
            "docusaurus.config.js",
            b"module.exports = {title: 'x', url: 'https://x.org', baseUrl: '/'};\n",
        ),
        ("docs/intro.md", b"# Intro\n"),
        ("blog/authors.yml", b"ani:\n  name: Ani\n"),
        (
            "blog/2026-01-01-baik.md",
            b"---\ntitle: Baik\nauthors: ani\n---\nIsi.\n",
        ),
        (
            "blog/salah-tanggal.md",
            b"---\ntitle: Salah\ndate: 2026-02-30\n---\nIsi.\n",
        ),
        (
            "blog/2026-01-02-tamu.md",
            b"---\ntitle: Tamu\ntags: [x]\nauthors: [ani, joko]\n---\nIsi.\n",
        ),
    ]);
    let (ok, log, out) = build_failing(tmp.path());
    assert!(!ok, "{log}");
    assert!(
        log.contains("blog/salah-tanggal.md:3:1: the post's date `2026-02-30` cannot be read"),
        "{log}"
    );
    assert!(
        log.contains("blog/2026-01-02-tamu.md:4:1: the author `joko` is not in blog/authors.yml"),
        "{log}"
    );
    assert!(log.contains("the authors file has: ani"), "{log}");
    assert!(!out.exists(), "nothing is written when the build fails");
}

#[test]
fn toc_inline_lists_the_pages_headings() {
    let (site, log) = build();
    assert!(!log.contains("TOCInline"), "{log}");
    let page = site.page("docs/panduan/memasang/index.html");
    // `toc.slice(1)` leaves the first heading out; h3 sits inside its h2.
    assert_eq!(texts(&page, ".toc-inline > ul > li > a"), ["Unduh"]);
    assert_eq!(hrefs(&page, ".toc-inline ul ul a"), ["#memeriksa-unduhan"]);
}

#[test]
fn a_blog_without_docs_is_a_site_of_its_own() {
    let tmp = site_from(&[
        (
            "docusaurus.config.js",
            b"module.exports = {title: 'Blog saja', url: 'https://b.example.org', baseUrl: '/', presets: [['classic', {docs: false, blog: {routeBasePath: '/'}}]]};\n",
        ),
        ("blog/2026-01-01-halo.md", b"---\ntitle: Halo\n---\nIsi pertama.\n"),
        ("static/img/a.png", b"not really a png"),
    ]);
    let (site, log) = build_with_log(tmp.path());
    assert!(!log.contains("warning["), "{log}");
    // The blog's list is the home page; no generated home page replaces it.
    let home = site.page("index.html");
    assert_eq!(texts(&home, ".post-title"), ["Halo"]);
    assert!(site.exists("2026/01/01/halo/index.html"));
    assert!(
        site.exists("img/a.png"),
        "the static folder is published without docs"
    );
}

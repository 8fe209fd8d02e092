//! `docgen build` end to end: fixture sites built into temp dirs, output parsed as HTML.

mod common;

use std::path::Path;

use common::*;

#[test]
fn seed_page_renders_like_docusaurus_from_a_nested_route() {
    let seed = fixture("seed");
    let page = std::fs::read(seed.join("content/devops-fundamentals.md")).unwrap();
    let jpg = std::fs::read(seed.join("static/img/docs/new.pic.jpg")).unwrap();
    let png = std::fs::read(seed.join("static/img/docs/image-1.png")).unwrap();
    let site = site_from(&[
        ("content/01-bab/02-bagian/devops-fundamentals.md", &page),
        ("static/img/docs/new.pic.jpg", &jpg),
        ("static/img/docs/image-1.png", &png),
    ]);
    let built = build_site(site.path());
    let doc = built.page("bab/bagian/devops-fundamentals/index.html");

    assert_eq!(text(one(&doc, "h1.doc-title")), "1. Fundamental DevOps");
    assert!(text(one(&doc, "title")).starts_with("1. Fundamental DevOps"));
    let body = one(&doc, ".markdown");
    assert!(
        all(&doc, ".markdown h1").is_empty(),
        "the H1 became the title and is not repeated"
    );
    let body_text = text(body);
    for residue in [
        "import",
        "useBaseUrl",
        "@docusaurus",
        "{",
        "}",
        "</center>",
        "<img",
    ] {
        assert!(
            !body_text.contains(residue),
            "MDX residue `{residue}` in page text"
        );
    }
    let images = all(&doc, ".markdown center > img");
    assert_eq!(images.len(), 2);
    assert_eq!(attr(images[0], "src"), "../../../img/docs/new.pic.jpg");
    assert_eq!(attr(images[0], "height"), "200px");
    assert_eq!(attr(images[0], "alt"), "image1");
    assert_eq!(attr(images[1], "src"), "../../../img/docs/image-1.png");
    assert_eq!(attr(images[1], "height"), "300px");
    for img in images {
        let target = resolve(
            &built.out,
            Path::new("bab/bagian/devops-fundamentals/index.html"),
            &attr(img, "src"),
        );
        assert!(target.is_file(), "{} missing", target.display());
    }
    let items = texts(&doc, ".markdown ol > li");
    assert_eq!(items.len(), 8, "the ordered list stays one list of 8 steps");
    assert!(items[0].starts_with("Plan :"), "{}", items[0]);
    assert!(items[7].starts_with("Monitor :"), "{}", items[7]);
    assert_eq!(
        one(&doc, ".markdown ol").value().attr("start"),
        None,
        "numbering starts at 1"
    );
    assert_internal_links_resolve(&built.out);
}

#[test]
fn a_site_without_config_or_templates_builds_with_the_embedded_theme() {
    let built = build_fixture("seed");
    for file in [
        "index.html",
        "404.html",
        "devops-fundamentals/index.html",
        "theme/docgen.css",
        "theme/docgen.js",
    ] {
        assert!(built.exists(file), "{file} missing");
    }
    assert!(!built.exists("sitemap.xml"), "no sitemap without base_url");
    let css = std::fs::read_to_string(built.out.join("theme/docgen.css")).unwrap();
    assert!(
        css.contains("--dg-bg:") && css.contains(".hl-code span { color: var(--hl); }"),
        "one stylesheet: theme and code colours"
    );
    let doc = built.page("devops-fundamentals/index.html");
    assert_eq!(attr(one(&doc, "html"), "lang"), "en");
    assert_eq!(
        texts(&doc, ".sidebar a[aria-current=page]"),
        vec!["1. Fundamental DevOps"]
    );
    let home = built.page("index.html");
    assert_eq!(text(one(&home, ".hero-title")), "Documentation");
    assert_eq!(
        attr(one(&home, ".hero a.button"), "href"),
        "devops-fundamentals/index.html"
    );
}

#[test]
fn sidebar_follows_positions_and_category_files() {
    let built = build_fixture("basic");
    let doc = built.page("index.html");
    let top: Vec<String> = all(&doc, ".sidebar > .sidebar-list > li")
        .into_iter()
        .map(|li| text(li.select(&sel("a, summary")).next().unwrap()))
        .collect();
    assert_eq!(top, vec!["Beranda Uji", "Referensi", "Panduan"]);
    let categories = all(&doc, "#sidebar li:has(> details)");
    assert_eq!(categories.len(), 2);
    assert!(
        categories[0].select(&sel("details[open]")).next().is_none(),
        "Referensi is collapsed"
    );
    assert!(
        categories[1].select(&sel("details[open]")).next().is_some(),
        "Panduan has collapsed: false"
    );
    let panduan: Vec<String> = texts(&doc, "#sidebar > ul > li:nth-child(3) li a");
    assert_eq!(
        panduan,
        vec!["Lanjutan", "Memulai"],
        "sidebar_position 0.5 comes before number prefix 1"
    );
    let referensi = texts(&doc, "#sidebar > ul > li:nth-child(2) li a");
    assert_eq!(
        referensi,
        vec!["Admonisi", "Kode", "Rilis Bertanggal", "Versi"]
    );

    // Inside the collapsed category, the path to the current page is open.
    let code = built.page("Referensi/code/index.html");
    let open = all(&code, "#sidebar li.is-active-path > details[open]");
    assert_eq!(open.len(), 1);
    assert_eq!(texts(&code, ".sidebar a[aria-current=page]"), vec!["Kode"]);
    assert_eq!(
        texts(&code, ".breadcrumbs li"),
        vec!["Beranda", "Referensi", "Kode"]
    );
}

#[test]
fn prev_next_walk_the_sidebar_order() {
    let built = build_fixture("basic");
    let mut page = "index.html".to_string();
    let mut visited = vec![];
    for _ in 0..20 {
        let doc = built.page(&page);
        visited.push(text(one(&doc, "h1")));
        let next = all(&doc, "a[rel=next]");
        let Some(next) = next.first() else { break };
        page = resolve(&built.out, Path::new(&page), &attr(*next, "href"))
            .strip_prefix(&built.out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
    }
    assert_eq!(
        visited,
        vec![
            "Beranda Uji",
            "Admonisi",
            "Kode",
            "Rilis Bertanggal",
            "Versi",
            "Panduan",
            "Lanjutan",
            "Memulai"
        ]
    );
}

#[test]
fn number_prefixes_are_stripped_and_drafts_and_partials_skipped() {
    let built = build_fixture("basic");
    for route in [
        "Panduan/Memulai",
        "Panduan/Lanjut",
        "Referensi/2024-01-01-rilis",
        "Referensi/1.2-versi",
        "category/panduan",
    ] {
        assert!(
            built.exists(&format!("{route}/index.html")),
            "{route} missing"
        );
    }
    assert!(!built.exists("draft/index.html"));
    assert!(!built.exists("_partial/index.html") && !built.exists("partial/index.html"));
    assert!(!built.exists("01-Panduan"));

    let tmp = tempfile::tempdir().unwrap();
    let options = docgen::BuildOptions {
        root: fixture("basic"),
        output: Some(tmp.path().join("out")),
        drafts: true,
        ..Default::default()
    };
    docgen::build(&options).unwrap();
    assert!(
        tmp.path().join("out/draft/index.html").is_file(),
        "--drafts builds drafts"
    );
}

#[test]
fn links_to_pages_are_rewritten_with_their_anchors() {
    let built = build_fixture("basic");
    let doc = built.page("Panduan/Memulai/index.html");
    let hrefs: Vec<String> = all(&doc, ".markdown a:not(.hash-link)")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        hrefs,
        vec![
            "../../Panduan/Lanjut/index.html#bagian-dua",
            "../../Panduan/Lanjut/index.html",
            "../../Panduan/Lanjut/index.html#bagian-dua",
            "../../Panduan/Lanjut/index.html",
            "../../Referensi/admonitions/index.html#contoh-admonisi",
            "#di-bawah",
        ]
    );
    let target = built.page("Panduan/Lanjut/index.html");
    assert_eq!(
        all(&target, "h2#bagian-dua").len(),
        1,
        "the anchor exists on the target"
    );
    let md_img = one(&doc, ".markdown p img");
    assert_eq!(attr(md_img, "src"), "../../img/diagram.png");
    let checked = assert_internal_links_resolve(&built.out);
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn headings_have_ids_and_anchor_links() {
    let built = build_fixture("basic");
    let doc = built.page("Panduan/Lanjut/index.html");
    assert_eq!(text(one(&doc, "h1.doc-title")), "Lanjutan");
    for h in all(&doc, ".markdown h2") {
        let id = attr(h, "id");
        let anchor = h.select(&sel("a.hash-link")).next().expect("anchor link");
        assert_eq!(attr(anchor, "href"), format!("#{id}"));
    }
    assert_eq!(texts(&doc, ".toc a"), vec!["Bagian Satu", "Bagian Dua"]);
}

#[test]
fn admonitions_in_every_form() {
    let built = build_fixture("basic");
    let doc = built.page("Referensi/admonitions/index.html");
    for kind in ["note", "tip", "warning", "info", "caution", "danger"] {
        assert!(
            !all(&doc, &format!(".admonition.admonition-{kind}")).is_empty(),
            "no {kind}"
        );
    }
    let titles = texts(&doc, ".admonition-heading");
    assert_eq!(
        titles,
        vec![
            "Catatan",
            "Tip Berjudul",
            "Judul Kurung",
            "Info",
            "Hati-hati",
            "Bahaya",
            "Luar",
            "Dalam"
        ]
    );
    assert_eq!(
        text(one(&doc, ".admonition-note .admonition-content strong")),
        "polos"
    );
    assert_eq!(text(one(&doc, ".admonition-warning code")), "kode");
    let nested = one(&doc, ".admonition-note .admonition-tip");
    assert_eq!(
        text(nested.select(&sel(".admonition-content")).next().unwrap()),
        "Teks dalam."
    );
    assert!(!text(one(&doc, ".markdown")).contains(":::"));
}

#[test]
fn code_is_highlighted_with_classes_titles_and_marked_lines() {
    let built = build_fixture("basic");
    let doc = built.page("Referensi/code/index.html");
    let blocks = all(&doc, ".code-block");
    assert_eq!(blocks.len(), 5);
    assert_eq!(texts(&doc, ".code-title"), vec!["app.py", "magic.js"]);
    let magic: Vec<bool> = blocks[4]
        .select(&sel(".line"))
        .map(|l| l.value().classes().any(|c| c == "highlighted"))
        .collect();
    assert_eq!(
        magic,
        vec![false, true, true, true],
        "Docusaurus magic comments mark lines and disappear"
    );
    assert!(!text(blocks[4]).contains("highlight-"));
    let python_lines: Vec<_> = blocks[0].select(&sel(".line")).collect();
    assert_eq!(python_lines.len(), 5);
    let marked: Vec<usize> = python_lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.value().classes().any(|c| c == "highlighted"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(marked, vec![1, 3, 4]);
    assert!(
        blocks[0]
            .select(&sel(".line > span[class]"))
            .next()
            .is_some(),
        "python tokens classed"
    );
    assert!(all(&doc, "[style*=color]").is_empty(), "no inline colours");
    assert_eq!(all(&doc, "pre.line-numbers").len(), 1);
    assert_eq!(
        text(blocks[2].select(&sel("code")).next().unwrap()),
        "<tidak> & dikenal"
    );
    assert!(
        blocks[2]
            .select(&sel("code span:not(.line)"))
            .next()
            .is_none(),
        "unknown language stays plain"
    );
    assert!(
        blocks[3]
            .select(&sel("code span:not(.line)"))
            .next()
            .is_some(),
        "TOML comes from two-face"
    );
    let css = std::fs::read_to_string(built.out.join("theme/docgen.css")).unwrap();
    assert!(css.contains("html[data-theme=\"dark\"] .hl-code span { color: var(--hd); }"));
}

#[test]
fn a_site_template_overrides_the_builtin_one_file_by_file() {
    let built = build_fixture("override");
    let doc = built.page("kedua/index.html");
    let section = one(&doc, "section#custom-page");
    assert_eq!(attr(section, "data-route"), "kedua");
    assert_eq!(text(one(&doc, "section#custom-page h1")), "Kedua");
    assert_eq!(
        all(&doc, "header.navbar").len(),
        1,
        "base.html still comes from the built-in theme"
    );
    assert!(all(&doc, ".toc").is_empty());
    let home = built.page("index.html");
    assert_eq!(attr(one(&home, "section#custom-page"), "data-route"), "");
}

#[test]
fn base_url_adds_sitemap_and_canonical_links() {
    let built = build_fixture("basic");
    let sitemap = std::fs::read_to_string(built.out.join("sitemap.xml")).unwrap();
    let doc = scraper::Html::parse_document(&sitemap);
    let locs = texts(&doc, "loc");
    assert!(
        locs.contains(&"https://example.com/docs/handbook/Panduan/Memulai/".to_string()),
        "{locs:?}"
    );
    assert_eq!(locs.len(), 8);
    let page = built.page("Panduan/Memulai/index.html");
    assert_eq!(
        attr(one(&page, "link[rel=canonical]"), "href"),
        "https://example.com/docs/handbook/Panduan/Memulai/"
    );
    assert_eq!(
        attr(one(&page, "meta[name=description]"), "content"),
        "Langkah pertama."
    );
    let not_found = built.page("404.html");
    assert_eq!(
        attr(
            one(&not_found, "link[rel=stylesheet][href$='docgen.css']"),
            "href"
        ),
        "/docs/handbook/theme/docgen.css"
    );
}

#[test]
fn the_demo_site_builds_and_every_internal_link_resolves() {
    let built = build_site(Path::new(env!("CARGO_MANIFEST_DIR")));
    let pages = walkdir::WalkDir::new(&built.out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert!(pages >= 12, "demo has {pages} pages");
    assert!(assert_internal_links_resolve(&built.out) > 500);
    let doc = built.page("index.html");
    assert_eq!(attr(one(&doc, "html"), "lang"), "id");
    for entry in walkdir::WalkDir::new(&built.out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                !html.contains("__docgen"),
                "live reload leaked into build output: {}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn front_matter_hides_title_toc_and_overrides_pagination() {
    let site = site_from(&[
        ("docgen.toml", b"edit_url = \"https://git.example.com/repo/edit/main/\"\nlanguage = \"en\"\n"),
        ("content/a.md", b"---\nsidebar_position: 1\nhide_title: true\nhide_table_of_contents: true\npagination_next: c\n---\n# A\n\n## One\n\n## Two\n"),
        ("content/b.md", b"---\nsidebar_position: 2\npagination_prev: null\n---\n# B\n\n## Three\n"),
        ("content/c.md", b"---\nsidebar_position: 3\ntoc_min_heading_level: 3\ntoc_max_heading_level: 3\n---\n# C\n\n## Four\n\n### Five\n"),
    ]);
    let built = build_site(site.path());
    let a = built.page("a/index.html");
    assert!(all(&a, "h1.doc-title").is_empty(), "hide_title");
    assert!(all(&a, ".toc").is_empty(), "hide_table_of_contents");
    assert_eq!(
        attr(one(&a, "a[rel=next]"), "href"),
        "../c/index.html",
        "pagination_next"
    );
    assert_eq!(
        attr(one(&a, "a.edit-link"), "href"),
        "https://git.example.com/repo/edit/main/content/a.md"
    );
    assert_eq!(text(one(&a, "a.edit-link")), "✎ Edit this page");
    let b = built.page("b/index.html");
    assert!(all(&b, "a[rel=prev]").is_empty(), "pagination_prev: null");
    assert_eq!(attr(one(&b, "a[rel=next]"), "href"), "../c/index.html");
    let c = built.page("c/index.html");
    assert_eq!(
        texts(&c, ".toc a"),
        vec!["Five"],
        "toc levels from front matter"
    );
    assert_eq!(
        texts(&c, ".toc-title"),
        vec!["On this page"],
        "English strings"
    );
}

#[test]
fn last_updated_comes_from_git_history() {
    let site = site_from(&[("content/a.md", b"# A\n"), ("content/b.md", b"# B\n")]);
    let git = |args: &[&str], date: &str| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(site.path())
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .expect("git");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"], "2024-03-05T10:00:00Z");
    git(&["add", "content"], "2024-03-05T10:00:00Z");
    git(&["commit", "-qm", "one"], "2024-03-05T10:00:00Z");
    std::fs::write(site.path().join("content/b.md"), "# B\n\nchanged\n").unwrap();
    git(&["commit", "-qam", "two"], "2025-07-09T10:00:00Z");
    let built = build_site(site.path());
    let a = built.page("a/index.html");
    assert_eq!(
        attr(one(&a, ".last-updated time"), "datetime"),
        "2024-03-05"
    );
    assert_eq!(text(one(&a, ".last-updated time")), "March 5, 2024");
    let b = built.page("b/index.html");
    assert_eq!(
        attr(one(&b, ".last-updated time"), "datetime"),
        "2025-07-09"
    );
}

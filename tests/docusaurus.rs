//! A Docusaurus project (tests/fixtures/docusaurus: docusaurus.config.ts, sidebars.ts, MDX with
//! components, partials and imports, no docgen.toml) built as it is.

mod common;

use common::*;

fn build() -> (Built, String) {
    build_with_log(&fixture("docusaurus"))
}

#[test]
fn config_and_sidebars_are_read_without_running_javascript() {
    let (site, log) = build();
    // The two authoring mistakes Docusaurus tolerates are tolerated, and an unknown component
    // is shown without its wrapper: warnings naming the place.
    assert_eq!(
        log.matches("\nwarning[").count() + usize::from(log.starts_with("warning[")),
        3,
        "{log}"
    );
    assert!(
        log.contains("docs/referensi.md:12:1: unknown component `<Tidakdikenal>`"),
        "{log}"
    );
    assert!(
        log.contains("docs/panduan/1-memasang.mdx:52:1: this admonition is never closed"),
        "{log}"
    );
    assert!(
        log.contains(
            "docs/panduan/2-menulis.mdx:56:1: `:::note` closes the admonition opened on line 52"
        ),
        "{log}"
    );

    // routeBasePath `dok`, `slug: /` on the intro, generated index from sidebars.ts.
    assert!(site.exists("index.html"));
    let intro = site.page("dok/index.html");
    assert_eq!(attr(one(&intro, "html"), "lang"), "id");
    assert_eq!(text(one(&intro, ".brand-title")), "Contoh");
    assert!(text(one(&intro, "footer")).contains(&format!("© {} Tim Contoh", this_year())));
    assert_eq!(
        attr(one(&intro, "link[rel=canonical]"), "href"),
        "https://contoh.example/situs/dok/"
    );
    // Sidebars, cards, pagination, components and partials: every link leads to a file.
    assert!(assert_internal_links_resolve(&site.out) > 50);
    let index = site.page("dok/category/panduan/index.html");
    assert_eq!(text(one(&index, "h1")), "Semua panduan");

    // The intro's sidebar is `utama`: intro, the category, an external link.
    let labels = texts(&intro, "#sidebar .sidebar-list a");
    assert_eq!(
        labels,
        vec!["Pengantar", "Panduan", "Memasang", "Menulis", "Situs resmi"]
    );
    let external = one(&intro, "#sidebar a[href='https://docusaurus.io']");
    assert_eq!(text(external), "Situs resmi");
    // The second sidebar holds only the reference page, which has no neighbours.
    let reference = site.page("dok/referensi/index.html");
    assert_eq!(
        texts(&reference, "#sidebar .sidebar-list a"),
        vec!["Referensi API"]
    );
    assert!(all(&reference, ".pagination a").is_empty());
}

/// The year as the system's `date` tells it (not docgen's own calendar code).
fn this_year() -> i64 {
    let out = std::process::Command::new("date")
        .args(["-u", "+%Y"])
        .output()
        .expect("run date");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a year")
}

#[test]
fn tabs_details_admonitions_and_partials() {
    let (site, _) = build();
    let page = site.page("dok/panduan/memasang/index.html");

    // The partial renders first, its link and image resolved from its own folder.
    let first = all(&page, ".markdown > p")[0];
    assert!(text(first).starts_with("Sebelum mulai, siapkan Git"));
    assert_eq!(
        attr(all(&page, ".markdown > p a")[0], "href"),
        "../../../dok/index.html"
    );
    assert_eq!(
        attr(one(&page, ".markdown img[alt=Arsitektur]"), "src"),
        "../../../assets/panduan/img/arsitektur.svg"
    );

    let tabs = all(&page, ".tabs");
    assert_eq!(tabs.len(), 2);
    assert_eq!(attr(tabs[0], "data-group-id"), "os");
    assert_eq!(attr(tabs[0], "data-query-string"), "os");
    let buttons = texts(&page, ".tabs-tab");
    assert_eq!(
        buttons,
        vec!["Linux", "macOS", "Linux", "macOS"],
        "labels from `values`"
    );
    let panels = all(&page, ".tabs-panel");
    assert!(panels[0].value().attr("hidden").is_none());
    assert!(panels[1].value().attr("hidden").is_some());
    // Indented content inside JSX is Markdown, not a code block.
    assert_eq!(text(one(&page, ".tabs-panel ul li")), "langkah satu");
    assert!(all(&page, ".tabs-panel pre").is_empty());

    let details = one(&page, "details.details");
    assert_eq!(
        text(one(&page, "details.details > summary")),
        "Detail tambahan"
    );
    assert!(text(details).contains("Isi tersembunyi"));
    assert_eq!(
        text(one(&page, ".admonition-tip .admonition-heading")),
        "Kiat"
    );
    assert_eq!(
        attr(one(&page, "img[alt=logo]"), "src"),
        "../../../img/logo.svg"
    );
    let warning = one(&page, ".admonition-warning .admonition-content");
    assert!(text(warning).contains("tetap tampil"));
}

#[test]
fn page_components_figures_code_and_diagrams() {
    let (site, _) = build();
    let page = site.page("dok/panduan/menulis/index.html");

    let span = one(&page, ".markdown p span");
    assert_eq!(text(span), "hijau");
    assert_eq!(
        attr(span, "style"),
        "background-color: #25c2a0; padding: 2px"
    );
    assert!(span.value().attr("onclick").is_none());
    // A site template in templates/shortcodes/ renders `<Kustom>`.
    assert_eq!(attr(one(&page, "aside.kustom"), "data-nama"), "x");

    assert_eq!(all(&page, "figure.figure").len(), 1);
    assert_eq!(text(one(&page, "figure figcaption")), "Arsitektur sistem");
    assert_eq!(
        attr(one(&page, "figure img"), "src"),
        "../../../assets/panduan/img/arsitektur.svg"
    );
    assert_eq!(attr(one(&page, "figure img"), "loading"), "lazy");

    // Raster images get their real size, whichever way they are written.
    for alt in ["Alur kerja", "Alur lama"] {
        let img = one(&page, &format!("img[alt='{alt}']"));
        assert_eq!(attr(img, "src"), "../../../assets/panduan/img/alur.png");
        assert_eq!(
            (attr(img, "width"), attr(img, "height")),
            ("64".into(), "32".into())
        );
    }
    assert_eq!(
        attr(one(&page, ".markdown > a.doc-card"), "href"),
        "../../../dok/referensi/index.html"
    );
    // `:::note` closing the inner admonition leaves the outer `<Admonition>` intact.
    let info = one(&page, ".admonition-info > .admonition-content");
    assert_eq!(all(&page, ".admonition-info .admonition-note").len(), 1);
    assert!(text(info).contains("Tulisan."));

    let video = one(&page, ".youtube");
    assert_eq!(attr(video, "data-youtube-id"), "dQw4w9WgXcQ");
    assert!(
        all(&page, "iframe").is_empty(),
        "nothing loads from YouTube before a click"
    );

    let themed: Vec<String> = all(&page, "img.themed-image")
        .iter()
        .map(|i| attr(*i, "src"))
        .collect();
    assert_eq!(
        themed,
        vec!["../../../img/terang.svg", "../../../img/gelap.svg"]
    );

    let titles = texts(&page, ".code-title");
    assert_eq!(titles, vec!["contoh.js", "pasang.sh"]);
    assert_eq!(all(&page, ".code-block .line.highlighted").len(), 1);
    assert_eq!(
        attr(one(&page, "pre.line-numbers"), "style"),
        "counter-reset: line 4"
    );
    let bash = text(all(&page, ".code-block code")[1]);
    assert_eq!(
        bash, "echo pasang echo selesai",
        "no template-literal residue"
    );

    let diagrams = texts(&page, "pre.mermaid");
    assert_eq!(diagrams, vec!["graph TD; A-->B;", "graph LR; X-->Y;"]);
    let script = one(&page, "script[src$='mermaid.min.js']");
    assert_eq!(attr(script, "src"), "../../../theme/mermaid.min.js");
    assert!(site.exists("theme/mermaid.min.js"));
    // Pages without diagrams load no Mermaid.
    assert!(
        all(
            &site.page("dok/index.html"),
            "script[src$='mermaid.min.js']"
        )
        .is_empty()
    );

    assert_eq!(attr(one(&page, "h2#daftar-isi"), "id"), "daftar-isi");
    let cards = texts(&page, ".doc-card-list .doc-card-title");
    assert_eq!(cards, vec!["Memasang", "Menulis"]);
}

#[test]
fn docusaurus_markdown_habits() {
    let (site, _) = build();
    let intro = site.page("dok/index.html");
    assert_eq!(attr(one(&intro, "h2#judul-khusus"), "id"), "judul-khusus");
    let prose = text(all(&intro, ".markdown p")[1]);
    assert!(prose.contains("{kurung}"), "{prose}");
    assert!(prose.contains("<escape>"), "{prose}");
    assert_eq!(all(&intro, ".markdown p br").len(), 1);

    // CRLF line ends; `<Link to="/route">` becomes a link relative to the page.
    let reference = site.page("dok/referensi/index.html");
    assert_eq!(text(one(&reference, "details.details > summary")), "Lihat");
    assert!(text(one(&reference, "details.details")).contains("Isi CRLF."));
    let kept = all(&reference, ".markdown p")
        .into_iter()
        .map(text)
        .find(|t| t.contains("tampil"));
    assert_eq!(kept.as_deref(), Some("Isi tetap tampil."));
    assert!(all(&reference, "tidakdikenal").is_empty());
    let link = one(&reference, ".markdown p a");
    assert_eq!(text(link), "panduan memasang");
    assert_eq!(attr(link, "href"), "../../dok/panduan/memasang/index.html");
}

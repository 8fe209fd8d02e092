//! Markdown rendering: headings and anchors, links and images, code, alerts.

use super::*;

fn render_md(md: &str, links: &LinkIndex) -> RenderedMarkdown {
    let assets = AssetIndex::new(&["img/a.png".into()], &["guide/pic.png".into()]);
    render_with(md, links, &assets)
}

fn render_with(md: &str, links: &LinkIndex, assets: &AssetIndex) -> RenderedMarkdown {
    let hl = Highlighter::new();
    let map: Vec<usize> = (1..=md.lines().count() + 1).collect();
    let titles = |k: &str| k.to_uppercase();
    let ctx = MarkdownContext {
        file: Path::new("content/guide/x.md"),
        source: md,
        line_map: &map,
        page_dir: "guide",
        page_route: "guide/x",
        root_prefix: "../../",
        assets,
        links,
        highlighter: &hl,
        anchor_label: "link",
        alert_titles: &titles,
        toc_levels: (2, 3),
        take_h1: true,
        instance: 0,
    };
    render(md, &ctx)
}

#[test]
fn headings_get_unique_ids_and_toc() {
    let out = render_md(
        "# Judul\n\n## Satu\n\n### Dua\n\n## Satu\n\n## Custom {#mine}\n",
        &LinkIndex::default(),
    );
    assert_eq!(out.h1.as_deref(), Some("Judul"));
    assert!(!out.html.contains("<h1"));
    assert!(
        out.html
            .contains("<h2 id=\"satu\">Satu<a class=\"hash-link\" href=\"#satu\"")
    );
    assert!(out.html.contains("id=\"satu-1\""));
    assert!(out.html.contains("id=\"mine\""));
    assert_eq!(out.toc.len(), 3);
    assert_eq!(out.toc[0].children[0].id, "dua");
}

#[test]
fn h1_after_content_is_kept() {
    let out = render_md("intro\n\n# Later\n", &LinkIndex::default());
    assert_eq!(out.h1, None);
    assert!(out.html.contains("<h1 id=\"later\">"));
}

#[test]
fn links_to_pages_are_rewritten() {
    let mut links = LinkIndex::default();
    links.insert("guide/1-setup.md", "guide/setup");
    links.insert("02-ops/deploy.mdx", "ops/deploy");
    let out = render_md(
        "[a](./1-setup.md#step) [b](../02-ops/deploy) [c](/ops/deploy) [d](/02-ops/deploy#x) [e](https://x.org) [f](#local)\n",
        &links,
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html
            .contains("href=\"../../guide/setup/index.html#step\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("href=\"../../ops/deploy/index.html\""));
    assert!(out.html.contains("href=\"../../ops/deploy/index.html#x\""));
    assert!(out.html.contains("href=\"https://x.org\""));
    assert_eq!(out.anchor_refs.len(), 3);
    assert_eq!(out.anchor_refs[0].route, "guide/setup");
    assert_eq!(out.anchor_refs[2].route, "guide/x");
}

#[test]
fn broken_links_and_images_are_errors() {
    let out = render_md(
        "text\n\n[a](./nope.md) ![i](/img/b.png) ![ok](./pic.png)\n",
        &LinkIndex::default(),
    );
    assert_eq!(out.diagnostics.len(), 2, "{:?}", out.diagnostics);
    assert_eq!(out.diagnostics[0].line, 3);
    assert!(out.html.contains("src=\"../../assets/guide/pic.png\""));
}

#[test]
fn images_get_sizes_and_lazy_loading() {
    let mut assets = AssetIndex::new(&["img/a.png".into()], &[]);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("img")).unwrap();
    // 1x1 PNG header is enough for imagesize: signature + IHDR with 3x2.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x03\x00\x00\x00\x02\x08\x02\x00\x00\x00";
    std::fs::write(tmp.path().join("img/a.png"), png).unwrap();
    assets.measure_images(tmp.path(), tmp.path());
    let md = "![first](/img/a.png)\n\n<img src=\"../../img/a.png\" alt=\"x\"/>\n\n<img src=\"../../img/a.png\" height=\"9px\">\n";
    let out = render_with(md, &LinkIndex::default(), &assets);
    assert!(
        out.html
            .contains("<img src=\"../../img/a.png\" alt=\"first\" width=\"3\" height=\"2\" />"),
        "{}",
        out.html
    );
    assert!(
        out.html.contains(
            "<img src=\"../../img/a.png\" alt=\"x\" width=\"3\" height=\"2\" loading=\"lazy\" />"
        ),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<img src=\"../../img/a.png\" height=\"9px\" loading=\"lazy\">"),
        "{}",
        out.html
    );
}

#[test]
fn code_and_alerts() {
    let out = render_md(
        "```python title=\"a.py\" {1}\nprint(1)\n```\n\n> [!WARNING]\n> hati\n",
        &LinkIndex::default(),
    );
    assert!(out.html.contains("<div class=\"code-title\">a.py</div>"));
    assert!(out.html.contains("line highlighted"));
    assert!(out.html.contains("admonition-warning"));
    assert!(out.html.contains("<p>WARNING</p>"));
}

#[test]
fn a_code_block_with_a_very_long_line_is_shown_plain_with_a_warning() {
    let long = "x".repeat(crate::highlight::MAX_HIGHLIGHT_LINE + 1);
    let md = format!(
        "Teks.\n\n```js\nconst a = 1;\nconst b = \"{long}\";\n```\n\n```js\nconst c = 2;\n```\n"
    );
    let out = render_md(&md, &LinkIndex::default());
    let warnings: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code() == Code::NotHighlighted)
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", out.diagnostics);
    assert!(!warnings[0].is_error());
    assert_eq!(warnings[0].line, 3, "the fence's own line");
    assert!(
        warnings[0].message.contains("line 2"),
        "{}",
        warnings[0].message
    );
    // The first block keeps all its text, without highlight spans; the second is coloured.
    let first_end = out.html.find("</pre>").expect("a code block");
    let first = &out.html[..first_end];
    assert!(first.contains(&long));
    assert!(!first.contains("<span class="), "{first}");
    assert!(out.html[first_end..].contains("<span class="));
}

#[test]
fn the_leading_h1_found_without_rendering_is_the_one_rendering_takes() {
    let cases = [
        "# Judul\n\nTeks.\n",
        "# Judul *miring* dan `kode`\n",
        "Judul Setext\n============\n\nTeks.\n",
        "Paragraf dulu.\n\n# Bukan judul halaman\n",
        "<!-- komentar -->\n\n# Setelah HTML\n",
        "## Dua dulu\n\n# Satu\n",
        "---\n\n# Setelah garis\n",
        "[ref]: /x\n\n# [Tautan][ref] di judul\n",
        "> kutipan\n\n# Judul\n",
        "```sh\nls\n```\n\n# Setelah kode\n",
        "# Judul {#custom-id}\n",
        "",
        "Teks saja.\n",
    ];
    for md in cases {
        let rendered = render_md(md, &LinkIndex::default());
        assert_eq!(leading_h1(md), rendered.h1, "for {md:?}");
    }
    // The cases cover both answers.
    assert_eq!(leading_h1("# Judul\n").as_deref(), Some("Judul"));
    assert_eq!(leading_h1("Teks.\n\n# Judul\n"), None);
}

//! The MDX stage on small page bodies.

use super::*;

fn run(body: &str) -> Expanded {
    let assets = AssetIndex::new(
        &["img/docs/a.png".into(), "img/Big.PNG".into()],
        &["guide/local.png".into()],
    );
    let strings = crate::i18n::strings("id", &BTreeMap::new());
    let shortcodes: HashSet<String> = ["Tabs", "TabItem", "details"].map(String::from).into();
    let partials: HashSet<String> = ["guide/_part.md".to_string()].into();
    let links = crate::links::LinkIndex::default();
    let ctx = MdxContext {
        links: &links,
        shortcodes: &shortcodes,
        content_dir: "content",
        admonition_keywords: &[],
        docusaurus_major: None,
        modules: &std::collections::HashMap::new(),
        front_matter: &serde_json::Map::new(),
        partials: &partials,
        file: Path::new("content/guide/page.md"),
        source: body,
        line_offset: 0,
        page_dir: "guide",
        root_prefix: "../../",
        assets: &assets,
        strings: &strings,
        is_mdx: true,
    };
    expand(body, &ctx)
}

#[test]
fn imports_are_removed_and_lines_kept() {
    let out = run("# T\nimport useBaseUrl from '@docusaurus/useBaseUrl';\ntext\n");
    assert_eq!(out.markdown, "# T\n\ntext\n\n");
    assert_eq!(out.line_map, vec![1, 2, 3, 4]);
}

#[test]
fn multiline_imports_and_exports_are_removed() {
    let out = run("import {\n  a,\n  b,\n} from 'x';\nexport const meta = {\n  a: 1,\n};\nbody\n");
    assert_eq!(out.markdown.trim(), "body");
    assert!(out.diagnostics.is_empty());
}

#[test]
fn prose_starting_with_import_stays() {
    let out = run("import the data first\n");
    assert_eq!(out.markdown.trim(), "import the data first");
}

#[test]
fn use_base_url_in_attribute_becomes_relative_url() {
    let out = run("<img alt=\"x\" src={useBaseUrl('img/docs/a.png')} height=\"200px\"/>\n");
    assert_eq!(
        out.markdown.trim(),
        "<img alt=\"x\" src=\"../../img/docs/a.png\" height=\"200px\"/>"
    );
}

#[test]
fn require_and_literals_and_comments() {
    let out = run("<img src={require('./local.png').default} />\n{/* hidden */}a {'<b>'} c\n");
    assert!(
        out.markdown
            .contains("src=\"../../assets/guide/local.png\""),
        "{}",
        out.markdown
    );
    assert!(out.markdown.contains("a &lt;b&gt; c"), "{}", out.markdown);
    assert!(!out.markdown.contains("hidden"));
    let out = run("<img src={require('@site/static/img/docs/a.png').default} />\n");
    assert!(
        out.markdown.contains("src=\"../../img/docs/a.png\""),
        "{}",
        out.markdown
    );
}

#[test]
fn missing_image_is_an_error_with_case_hint() {
    let out = run("text\n<img src={useBaseUrl('/img/big.png')} />\n");
    assert_eq!(out.diagnostics.len(), 1);
    let d = &out.diagnostics[0];
    assert_eq!((d.line, d.column), (2, 10));
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("static/img/Big.PNG")
    );
}

#[test]
fn code_is_left_alone() {
    let body = "```js\nimport x from 'y';\n{useBaseUrl('nope')}\n:::tip\n```\nuse `{useBaseUrl('nope')}` here\n";
    let out = run(body);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert!(out.markdown.contains("import x from 'y';"));
    assert!(out.markdown.contains("`{useBaseUrl('nope')}`"));
}

#[test]
fn admonitions_become_html_with_titles() {
    let out = run(":::tip[Judul **tebal**]\nisi\n:::\n:::note\nx\n:::\n");
    let md = &out.markdown;
    assert!(md.contains("<div class=\"admonition admonition-tip\">"));
    assert!(md.contains("\nJudul **tebal**\n"));
    assert!(
        md.contains("\nCatatan\n"),
        "default title from strings: {md}"
    );
    assert_eq!(md.matches("</div></div>").count(), 2);
    assert_eq!(out.line_map.len(), md.lines().count());
}

#[test]
fn unclosed_admonitions_warn_and_unknown_ones_are_errors() {
    let out = run("text\n:::tip\nbody\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].line, 2);
    assert!(!out.diagnostics[0].is_error(), "Docusaurus tolerates it");
    assert!(out.markdown.contains("body"));
    let out = run(":::nope\nx\n:::\n");
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.message.contains("unknown admonition type `nope`"))
    );
}

#[test]
fn a_repeated_type_closes_the_admonition_with_a_warning() {
    let out = run(":::warning\nawas\n:::warning\n\nsesudahnya\n");
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(!out.diagnostics[0].is_error());
    assert_eq!(out.diagnostics[0].line, 3);
    let after = out.markdown.find("sesudahnya").unwrap();
    assert!(out.markdown[..after].contains("</div></div>"));
}

#[test]
fn jsx_attributes_become_html() {
    let out = run("<div className=\"box\" style={{marginTop: 8, width: '50%'}}>x</div>\n");
    assert_eq!(
        out.markdown.trim(),
        "<div class=\"box\" style=\"margin-top: 8px; width: 50%\">x</div>"
    );
}

#[test]
fn unclosed_fences_tags_and_stray_closing_tags_are_errors() {
    let out = run("text\n\n```js\nlet a;\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!((out.diagnostics[0].line, out.diagnostics[0].column), (3, 1));
    let out = run(
        "<center>\n<img src=\"x\"/>\n\ntext <b>bold</b> and <br> ok\n\n<details>\n<summary>s</summary>\n",
    );
    let mut found: Vec<(usize, &str)> = out
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (1, "`<center>` is never closed"),
            (6, "`<details>` is never closed")
        ],
    );
    let out = run("a </div> b\n");
    assert!(
        out.diagnostics[0]
            .message
            .contains("`</div>` has no opening tag")
    );
    let out = run("<https://example.com> and <!-- <div>\nstill comment --> done\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn unclosed_brace_is_an_error_only_in_mdx() {
    assert_eq!(run("a { b\n").diagnostics.len(), 1);
}

#[test]
fn generic_types_in_prose_are_not_components() {
    let out = run("Gunakan Vec<T> atau HashMap<K, V> atau List<int>; H<sub>2</sub>O.\n");
    assert!(out.components.is_empty());
    assert!(
        out.markdown
            .contains("Vec&lt;T> atau HashMap&lt;K, V> atau List&lt;int>; H<sub>2</sub>O."),
        "{}",
        out.markdown
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn braces_in_prose_stay_text() {
    let out = run("gunakan {nama} di sini\n");
    assert_eq!(out.markdown.trim(), "gunakan {nama} di sini");
    assert!(out.diagnostics.is_empty());
}

/// Found by the `page` fuzz target (kept as `tests/fixtures/fuzz/page-line-map.mdx`): a tag
/// whose quotes never close put a line break inside one emitted line.
#[test]
fn every_output_line_maps_to_a_line_of_the_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/page-line-map.mdx");
    let body = String::from_utf8_lossy(&std::fs::read(path).expect("fixture")).into_owned();
    let out = run(&body);
    assert_eq!(out.line_map.len(), out.markdown.matches('\n').count());
    assert!(
        out.line_map
            .iter()
            .all(|&l| l >= 1 && l <= body.lines().count() + 1)
    );
}

/// Found on apache/answer-website (`community/team.mdx`): JSX mapped from imported data, over
/// many lines. MDX takes it; docgen cannot run it, says so once with its place, and renders
/// the rest of the page.
#[test]
fn an_expression_block_over_lines_is_left_out_with_a_warning() {
    let body = "<div className=\"row\">\n  {\n    Data.users.map(u => {\n      return (\n        <div key={u.name}>{u.name}</div>\n      )\n    })\n  }\n</div>\n\nSesudahnya.\n";
    let out = run(body);
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let d = &out.diagnostics[0];
    assert_eq!(d.kind, Some(Kind::NeedsJavaScript));
    let shown = d.to_string();
    assert!(shown.contains(":2:3:"), "at the opening brace: {shown}");
    assert!(shown.contains("lines 2–8"), "{shown}");
    assert!(!out.markdown.contains("map("), "{}", out.markdown);
    assert!(out.markdown.contains("Sesudahnya."), "{}", out.markdown);
    assert_eq!(out.line_map.len(), out.markdown.matches('\n').count());

    // A comment over lines goes without a word; a brace that never closes is an error.
    let out = run("{/*\n  catatan\n*/}\nTeks.\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.markdown.trim(), "Teks.");
    let out = run("{\n  tidak pernah ditutup\n");
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].is_error());
    assert!(out.diagnostics[0].to_string().contains("never closed"));
}

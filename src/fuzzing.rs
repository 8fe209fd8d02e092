//! Entry points for the fuzz targets in `fuzz/` (built with `--cfg fuzzing` by cargo-fuzz):
//! each runs one stage on arbitrary input and asserts its invariants. Not part of the API.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::assets::AssetIndex;
use crate::frontmatter;
use crate::highlight::Highlighter;
use crate::links::LinkIndex;
use crate::markdown::{self, MarkdownContext};
use crate::mdx::{self, MdxContext};
use crate::shortcodes;
use crate::theme::Theme;

struct World {
    highlighter: Highlighter,
    assets: AssetIndex,
    links: LinkIndex,
    strings: BTreeMap<String, String>,
    theme: Theme,
    shortcodes: HashSet<String>,
    partials: HashSet<String>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let mut links = LinkIndex::default();
        links.insert("guide/1-setup.md", "guide/setup");
        links.insert("intro.md", "");
        let theme = Theme::load(Path::new("/nonexistent"), Path::new("/")).ok();
        let theme = theme.expect("built-in theme");
        World {
            highlighter: Highlighter::new(),
            assets: AssetIndex::new(&["img/a.png".into()], &["guide/pic.png".into()]),
            links,
            strings: crate::i18n::strings("id", &BTreeMap::new()),
            shortcodes: theme.shortcode_names(),
            theme,
            partials: ["guide/_part.md".to_string()].into_iter().collect(),
        }
    })
}

/// Any bytes as a page: decoding, front matter, MDX expansion, Markdown rendering and the
/// components' templates must never panic, and every diagnostic must point inside the file.
pub fn page(data: &[u8]) {
    let w = world();
    let display = PathBuf::from("content/guide/page.mdx");
    let Ok(text) = crate::page::decode(data.to_vec(), &display) else {
        return;
    };
    let Ok(Some(page)) = crate::page::parse("guide/page.mdx".into(), display.clone(), text, true)
    else {
        return;
    };
    let lines = page.text.lines().count() + 1;
    let ctx = MdxContext {
        file: Path::new("content/guide/page.mdx"),
        source: &page.text,
        line_offset: page.body_line_offset,
        page_dir: "guide",
        root_prefix: "../../",
        assets: &w.assets,
        strings: &w.strings,
        is_mdx: true,
        shortcodes: &w.shortcodes,
        partials: &w.partials,
        content_dir: "content",
        admonition_keywords: &[],
        docusaurus_major: None,
        modules: &std::collections::HashMap::new(),
        front_matter: &serde_json::Map::new(),
        links: &w.links,
    };
    let expanded = mdx::expand(page.body(), &ctx);
    // One map entry per output line, each naming a line of the file.
    assert_eq!(
        expanded.line_map.len(),
        expanded.markdown.matches('\n').count()
    );
    assert!(
        expanded.line_map.iter().all(|&l| l >= 1 && l <= lines),
        "line map past the file"
    );
    let titles = |k: &str| k.to_string();
    let md = MarkdownContext {
        file: Path::new("content/guide/page.mdx"),
        source: &page.text,
        line_map: &expanded.line_map,
        page_dir: "guide",
        page_route: &page.route,
        root_prefix: "../../",
        assets: &w.assets,
        links: &w.links,
        highlighter: &w.highlighter,
        anchor_label: "#",
        alert_titles: &titles,
        toc_levels: (2, 3),
        take_h1: true,
        instance: 0,
    };
    let rendered = markdown::render(&expanded.markdown, &md);
    let page_ctx = shortcodes::PageContext {
        file: Path::new("content/guide/page.mdx"),
        source: &page.text,
        root: "../../",
        theme: &w.theme,
        locals: &expanded.locals,
        partials: &[],
    };
    let (_html, component_diags) =
        shortcodes::expand(rendered.html.clone(), &expanded.components, &page_ctx);
    for d in expanded
        .diagnostics
        .iter()
        .chain(&rendered.diagnostics)
        .chain(&component_diags)
    {
        assert!(
            d.line <= lines,
            "diagnostic line {} past the end ({lines}): {d}",
            d.line
        );
        let _ = d.to_string();
    }
}

/// Any text as front matter: splitting and YAML parsing must never panic, and errors must
/// point inside the file.
pub fn front_matter(data: &str) {
    let text = format!("---\n{data}\n---\nbody\n");
    let split = frontmatter::split(&text);
    if let Some(yaml) = split.yaml {
        if let Err(d) = frontmatter::parse(yaml, Path::new("a.md"), &text) {
            assert!(
                d.line >= 1 && d.line <= text.lines().count() + 1,
                "line {} out of range: {d}",
                d.line
            );
            let _ = d.to_string();
        }
    }
    let _ = frontmatter::split(data);
}

/// A scratch folder of this process for the readers that take files.
fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("docgen-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}

/// Any text as `docusaurus.config.js`: the JS evaluator must end (no panic, no endless
/// recursion) and every diagnostic must point inside the file.
pub fn docusaurus_config(data: &str) {
    let dir = scratch();
    let path = dir.join("docusaurus.config.js");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let lines = data.lines().count() + 1;
    match crate::docusaurus::load_config(&path, dir) {
        Ok(imported) => {
            for d in &imported.warnings {
                assert!(d.line <= lines, "warning past the end: {d}");
            }
        }
        Err(d) => assert!(d.line <= lines, "error past the end: {d}"),
    }
}

/// Any text as a sidebars file, JavaScript and JSON.
pub fn sidebars(data: &str) {
    let dir = scratch();
    for name in ["sidebars.js", "sidebars.json"] {
        let path = dir.join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        let _ = crate::docusaurus::load_sidebars(&path, dir);
    }
}

/// Any link from any page: resolution must not panic, and a page it finds must exist.
pub fn links(data: &str) {
    let mut parts = data.splitn(3, '\n');
    let (route, dir, link) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let mut index = LinkIndex::default().with_site("docs", "/base/");
    index.insert("guide/setup.md", "docs/guide/setup");
    index.insert("intro.md", "docs/intro");
    index.insert_elsewhere("blog/");
    index.content_roots = vec![String::new(), "../community".into()];
    index.up_to_site = "..".into();
    let known = ["docs/guide/setup", "docs/intro"];
    for instance in [0, 1, 7] {
        if let Some(found) = index.markdown_file(dir, link, instance) {
            assert!(known.contains(&found.as_str()), "{found}");
        }
    }
    if let Some(crate::links::Target::Page(found)) = index.url(route, link) {
        assert!(known.contains(&found.as_str()), "{found}");
    }
    let _ = index.absolute(link);
    let _ = crate::routes::percent_decode(link);
    let _ = crate::discover::import_key(dir, link, "docs");
    let _ = crate::discover::import_dir(link, "../docs");
}

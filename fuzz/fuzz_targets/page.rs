//! Any bytes as a page: decoding, front matter, MDX expansion, Markdown rendering and the
//! components' templates must never panic, and every diagnostic must point inside the file.
#![no_main]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use docgen::assets::AssetIndex;
use docgen::highlight::Highlighter;
use docgen::markdown::{self, LinkIndex, MarkdownContext};
use docgen::mdx::{self, MdxContext};
use docgen::render::Theme;
use docgen::shortcodes;
use libfuzzer_sys::fuzz_target;

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
            strings: docgen::i18n::strings("id", &BTreeMap::new()),
            shortcodes: theme.shortcode_names(),
            theme,
            partials: ["guide/_part.md".to_string()].into_iter().collect(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let w = world();
    let display = PathBuf::from("content/guide/page.mdx");
    let Ok(text) = docgen::page::decode(data.to_vec(), &display) else { return };
    let Ok(Some(page)) = docgen::page::parse("guide/page.mdx".into(), display.clone(), text, true) else {
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
        links: &w.links,
    };
    let expanded = mdx::expand(page.body(), &ctx);
    // One map entry per output line, each naming a line of the file.
    assert_eq!(expanded.line_map.len(), expanded.markdown.matches('\n').count());
    assert!(expanded.line_map.iter().all(|&l| l >= 1 && l <= lines), "line map past the file");
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
        assert!(d.line <= lines, "diagnostic line {} past the end ({lines}): {d}", d.line);
        let _ = d.to_string();
    }
});

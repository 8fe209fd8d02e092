//! The content stage: every page's body through MDX expansion, Markdown (with highlighting)
//! and components, in parallel; then the checks that need every page (anchors) and the
//! navigation built from them. Takes the loaded [`Site`] and its pages, returns [`Content`].

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::assets::AssetIndex;
use crate::chrome;
use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::links::{self, LinkIndex};
use crate::markdown::{self, MarkdownContext, RenderedMarkdown};
use crate::markers::{Instance, Renderer};
use crate::mdx::{self, MdxContext};
use crate::nav::{self, GeneratedIndex, NavPage, Navigation};
use crate::page::SourcePage;
use crate::progress::Stage;
use crate::routes::root_prefix;
use crate::shortcodes;
use crate::site::{Partials, Site};
use crate::theme::Theme;

/// A page after its Markdown is rendered, with its entry for navigation.
pub(crate) struct Doc {
    pub source: SourcePage,
    /// `<title>`: front matter `title`, else the H1, else the file name.
    pub title: String,
    /// The `<h1>` shown: the H1 written in the page, else the title.
    pub heading: String,
    pub rendered: RenderedMarkdown,
    pub nav: NavPage,
}

/// The rendered pages, where links can lead, and the navigation over them.
pub(crate) struct Content {
    pub docs: Vec<Doc>,
    pub links: LinkIndex,
    pub generated: Vec<GeneratedIndex>,
    pub nav: Navigation,
    /// The navbar and footer links, resolved against the pages.
    pub chrome: chrome::Resolved,
}

/// Renders every page and builds the navigation; every problem found is in the diagnostics.
pub(crate) fn render(
    site: &Site,
    theme: Option<&Theme>,
    pages: Vec<SourcePage>,
) -> (Content, Vec<Diagnostic>) {
    let mut generated = nav::generated_index_routes(
        &site.tree.folders,
        &site.config.route_base_path,
        site.sidebars.as_ref(),
    );
    for instance in &site.instances {
        generated.extend(nav::generated_index_routes(
            &instance.folders,
            &instance.route_base,
            instance.sidebars.as_ref(),
        ));
    }
    let mut links = link_index(&pages, &generated).with_site(
        &site.paths.content_rel,
        &site.config.base_path().unwrap_or_default(),
    );
    for route in &site.elsewhere.routes {
        links.insert_elsewhere(route);
    }
    for route in site.blog.iter().flat_map(crate::blog::Blog::routes) {
        links.insert_route(&route);
    }
    if let Some(project) = &site.config.docusaurus {
        links.local_plugins = project.local_plugins.clone();
    }
    links.up_to_site = crate::site::folder_path(&site.paths.content, &site.paths.root);
    links.content_roots =
        std::iter::once(String::new())
            .chain(site.instances.iter().map(|i| {
                crate::site::folder_path(&site.paths.content, &site.paths.root.join(&i.path))
            }))
            .collect();
    let shortcode_names = theme.map(Theme::shortcode_names).unwrap_or_default();
    let env = RenderEnv::new(site, theme, &links, &shortcode_names);
    let progress = &site.options.progress;
    progress.start(Stage::Render, pages.len());
    let docs: Vec<Doc> = pages
        .into_par_iter()
        .map(|p| {
            let doc = render_page(p, &env);
            progress.advance();
            doc
        })
        .collect();
    let mut diags: Vec<Diagnostic> = docs
        .iter()
        .flat_map(|d| d.rendered.diagnostics.iter().cloned())
        .collect();
    diags.extend(check_anchors(&docs, &generated));
    let (nav, nav_diags) = navigation(site, &docs);
    diags.extend(nav_diags);
    let (chrome, chrome_diags) = site_chrome(site, &docs, &nav, &links);
    diags.extend(chrome_diags);
    let content = Content {
        docs,
        links,
        generated,
        nav,
        chrome,
    };
    (content, diags)
}

/// Links to `page#anchor` name ids their pages have.
pub(crate) fn check_anchors(docs: &[Doc], generated: &[GeneratedIndex]) -> Vec<Diagnostic> {
    let pages: Vec<links::PageAnchors<'_>> = docs
        .iter()
        .map(|d| links::PageAnchors {
            route: &d.source.route,
            display: &d.source.display,
            text: &d.source.text,
            anchors: &d.rendered.anchors,
            refs: &d.rendered.anchor_refs,
        })
        .collect();
    let unchecked: HashSet<&str> = generated.iter().map(|g| g.route.as_str()).collect();
    links::check_anchors(&pages, &unchecked)
}

/// The sidebars and reading order over the rendered pages: the default docs instance's,
/// then each other instance's.
pub(crate) fn navigation(site: &Site, docs: &[Doc]) -> (Navigation, Vec<Diagnostic>) {
    let pages_of = |instance: usize| -> Vec<&NavPage> {
        docs.iter()
            .filter(|d| d.source.instance == instance)
            .map(|d| &d.nav)
            .collect()
    };
    let (mut navigation, mut diags) = nav::build(
        &pages_of(0),
        &site.tree.folders,
        &site.config.content_dir.to_string_lossy(),
        &site.config.route_base_path,
        site.sidebars.as_ref(),
    );
    let current_id = site.instance_id(0);
    for (name, _) in &mut navigation.sidebar_names {
        name.clone_from(&current_id);
    }
    let labels = &site.translations.sidebar;
    if !labels.is_empty() {
        let names = navigation.sidebar_names.iter().map(|(_, n)| n.as_str());
        for (sidebar, name) in navigation.sidebars.iter_mut().zip(names) {
            crate::locales::translate_sidebar(sidebar, name, labels);
        }
    }
    for (index, instance) in site.instances.iter().enumerate() {
        if instance.kind != crate::page::PageKind::Doc {
            continue;
        }
        let (other, more) = nav::build(
            &pages_of(index + 1),
            &instance.folders,
            &instance.path,
            &instance.route_base,
            instance.sidebars.as_ref(),
        );
        navigation.merge(other, &instance.id);
        diags.extend(more);
    }
    (navigation, diags)
}

/// The navbar and footer of the site's settings, their targets checked against the pages.
pub(crate) fn site_chrome(
    site: &Site,
    docs: &[Doc],
    nav: &Navigation,
    links: &LinkIndex,
) -> (chrome::Resolved, Vec<Diagnostic>) {
    let by_id = docs
        .iter()
        .map(|d| {
            let key = (site.instance_id(d.source.instance), d.source.id.clone());
            (key, (d.source.route.clone(), d.nav.label.clone()))
        })
        .collect();
    // Each version opens on the first page of its first sidebar, else at its route.
    let versions: Vec<(String, String)> = site
        .versions
        .iter()
        .map(|v| {
            let instance = match v.name.as_str() {
                "current" => site.instance_id(0),
                _ => crate::site::version_instance_id(v),
            };
            let home = nav
                .sidebar_names
                .iter()
                .position(|(i, _)| *i == instance)
                .and_then(|i| chrome::first_route(&nav.sidebars[i]))
                .unwrap_or_else(|| v.route_base.clone());
            (v.label.clone(), home)
        })
        .collect();
    let targets = chrome::Targets {
        links,
        nav,
        docs: &by_id,
        settings_file: &site.settings_file,
        versions: &versions,
        last_version: site.versions.iter().position(|v| v.is_last).unwrap_or(0),
        translated: !site.locales.is_empty(),
    };
    chrome::resolve(&site.config.navbar, &site.config.footer_links, &targets)
}

fn link_index(pages: &[SourcePage], generated: &[GeneratedIndex]) -> LinkIndex {
    let mut links = LinkIndex::default();
    for p in pages {
        // Pages of other instances are known by their path from the default content folder.
        match p.instance {
            0 => links.insert(&p.rel, &p.route),
            _ => {
                let name = p.rel.rsplit('/').next().unwrap_or(&p.rel);
                links.insert(&format!("{}/{name}", p.link_dir), &p.route);
            }
        }
    }
    for g in generated {
        links.insert_route(&g.route);
    }
    links
}

/// What rendering a page's Markdown needs from the site, gathered once.
pub(crate) struct RenderEnv<'a> {
    pub assets: &'a AssetIndex,
    pub links: &'a LinkIndex,
    pub highlighter: &'a Highlighter,
    pub strings: &'a BTreeMap<String, String>,
    /// Without a theme (it failed to load) components render as their content.
    pub theme: Option<&'a Theme>,
    pub shortcodes: &'a HashSet<String>,
    pub partials: &'a Partials,
    pub content_dir: &'a str,
    pub admonition_keywords: &'a [String],
    pub docusaurus_major: Option<u32>,
    pub modules: &'a std::collections::HashMap<String, serde_json::Value>,
}

impl<'a> RenderEnv<'a> {
    pub fn new(
        site: &'a Site,
        theme: Option<&'a Theme>,
        links: &'a LinkIndex,
        shortcodes: &'a HashSet<String>,
    ) -> RenderEnv<'a> {
        RenderEnv {
            assets: &site.assets,
            links,
            highlighter: &site.highlighter,
            strings: &site.strings,
            theme,
            shortcodes,
            partials: &site.partials,
            content_dir: &site.paths.content_rel,
            admonition_keywords: &site.config.admonition_keywords,
            docusaurus_major: site.config.docusaurus.as_ref().map(|d| d.major()),
            modules: &site.modules,
        }
    }
}

/// Partials may import partials; deeper than this is taken for a cycle.
const MAX_PARTIAL_DEPTH: usize = 8;

/// One Markdown document to render: a page's body or a partial.
struct Fragment<'a> {
    file: &'a Path,
    text: &'a str,
    body: &'a str,
    line_offset: usize,
    dir: &'a str,
    route: &'a str,
    is_mdx: bool,
    toc_levels: (u8, u8),
    take_h1: bool,
    /// The docs instance of the page (Markdown links look in its folder first).
    instance: usize,
    front_matter: &'a serde_json::Map<String, serde_json::Value>,
}

/// One page: MDX → Markdown → components, then its title and navigation entry.
pub(crate) fn render_page(source: SourcePage, env: &RenderEnv<'_>) -> Doc {
    let fm = &source.front;
    let front_matter = match serde_json::to_value(fm) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let fragment = Fragment {
        file: &source.display,
        text: &source.text,
        body: source.body(),
        line_offset: source.body_line_offset,
        dir: &source.link_dir,
        instance: source.instance,
        route: &source.route,
        is_mdx: source.rel.ends_with(".mdx"),
        toc_levels: (
            fm.toc_min_heading_level.unwrap_or(2),
            fm.toc_max_heading_level.unwrap_or(3),
        ),
        take_h1: true,
        front_matter: &front_matter,
    };
    let rendered = render_fragment(&fragment, env, 0);
    let title = fm
        .title
        .clone()
        .or_else(|| rendered.h1.clone())
        .unwrap_or_else(|| source.stem.clone());
    let heading = rendered.h1.clone().unwrap_or_else(|| title.clone());
    let nav = nav_page(&source, &title);
    Doc {
        source,
        title,
        heading,
        rendered,
        nav,
    }
}

/// MDX expansion, Markdown, then components (partials rendered first, from their own folder).
fn render_fragment(f: &Fragment<'_>, env: &RenderEnv<'_>, depth: usize) -> RenderedMarkdown {
    let prefix = root_prefix(f.route);
    let mdx_ctx = MdxContext {
        front_matter: f.front_matter,
        file: f.file,
        source: f.text,
        line_offset: f.line_offset,
        page_dir: f.dir,
        root_prefix: &prefix,
        assets: env.assets,
        strings: env.strings,
        is_mdx: f.is_mdx,
        shortcodes: env.shortcodes,
        partials: &env.partials.names,
        content_dir: env.content_dir,
        admonition_keywords: env.admonition_keywords,
        docusaurus_major: env.docusaurus_major,
        modules: env.modules,
        links: env.links,
    };
    let expanded = mdx::expand(f.body, &mdx_ctx);
    let alert_titles = |kind: &str| {
        env.strings
            .get(&format!("admonition_{kind}"))
            .cloned()
            .unwrap_or_else(|| kind.to_string())
    };
    let md_ctx = MarkdownContext {
        file: f.file,
        source: f.text,
        line_map: &expanded.line_map,
        page_dir: f.dir,
        page_route: f.route,
        root_prefix: &prefix,
        assets: env.assets,
        links: env.links,
        highlighter: env.highlighter,
        anchor_label: env.strings.get("anchor_label").map_or("#", String::as_str),
        alert_titles: &alert_titles,
        toc_levels: f.toc_levels,
        take_h1: f.take_h1,
        instance: f.instance,
    };
    let mut rendered = markdown::render(&expanded.markdown, &md_ctx);
    let mut diagnostics = expanded.diagnostics;
    diagnostics.append(&mut rendered.diagnostics);
    // `<details id="x">`, `<Link id="x"/>`: ids a `#x` link may point at.
    for instance in &expanded.components {
        if let Some(serde_json::Value::String(id)) = instance.attrs.get("id") {
            rendered.anchors.insert(id.clone());
        }
    }
    if let Some(theme) = env.theme.filter(|_| !expanded.components.is_empty()) {
        let mut partial_html = Vec::new();
        for (index, instance) in expanded.components.iter().enumerate() {
            if let Renderer::Partial(rel) = &instance.renderer {
                let partial = render_partial(rel, f, instance, env, depth);
                diagnostics.extend(partial.diagnostics);
                // The partial's headings are the page's headings.
                rendered.anchors.extend(partial.anchors);
                partial_html.push((index, partial.html));
            }
        }
        let page = shortcodes::PageContext {
            file: f.file,
            source: f.text,
            root: &prefix,
            theme,
            locals: &expanded.locals,
            partials: &partial_html,
        };
        let (html, diags) = shortcodes::expand(
            std::mem::take(&mut rendered.html),
            &expanded.components,
            &page,
        );
        rendered.html = html;
        diagnostics.extend(diags);
    }
    if rendered.html.contains(crate::markers::TOC_INLINE) {
        rendered.html = inline_tocs(&rendered.html, &rendered.toc);
    }
    rendered.diagnostics = diagnostics;
    rendered.mermaid = rendered.html.contains(markdown::MERMAID_CLASS);
    rendered
}

/// Each `<TOCInline>` marker replaced by the page's headings: the first SKIP left out, the
/// levels from MIN to MAX, nested as the headings are.
fn inline_tocs(html: &str, toc: &[markdown::TocEntry]) -> String {
    fn flatten<'t>(entries: &'t [markdown::TocEntry], out: &mut Vec<&'t markdown::TocEntry>) {
        for e in entries {
            out.push(e);
            flatten(&e.children, out);
        }
    }
    let mut flat = Vec::new();
    flatten(toc, &mut flat);
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(crate::markers::TOC_INLINE) {
        out.push_str(&rest[..start]);
        let after = &rest[start + crate::markers::TOC_INLINE.len()..];
        let Some(end) = after.find("-->") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let numbers: Vec<usize> = after[..end]
            .split([' ', '-'])
            .filter_map(|v| v.parse().ok())
            .collect();
        let (skip, min, max) = match numbers[..] {
            [skip, min, max] => (skip, min as u8, max as u8),
            _ => (0, 2, 3),
        };
        let chosen: Vec<&markdown::TocEntry> = flat
            .iter()
            .skip(skip)
            .filter(|e| (min..=max).contains(&e.level))
            .copied()
            .collect();
        out.push_str("<div class=\"toc-inline\">");
        write_toc_list(&chosen, &mut out);
        out.push_str("</div>");
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

/// Headings in document order as nested lists, a deeper level inside the one before it.
fn write_toc_list(entries: &[&markdown::TocEntry], out: &mut String) {
    // The levels of the lists still open, outermost first.
    let mut open: Vec<u8> = Vec::new();
    for e in entries {
        while open.last().is_some_and(|&l| l > e.level) {
            out.push_str("</li></ul>");
            open.pop();
        }
        match open.last() {
            Some(&l) if l == e.level => out.push_str("</li>"),
            _ => {
                out.push_str("<ul>");
                open.push(e.level);
            }
        }
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a>",
            crate::html::escape(&e.id),
            crate::html::escape(&e.title)
        ));
    }
    for _ in &open {
        out.push_str("</li></ul>");
    }
}

fn render_partial(
    rel: &str,
    host: &Fragment<'_>,
    instance: &Instance,
    env: &RenderEnv<'_>,
    depth: usize,
) -> RenderedMarkdown {
    let Some((display, text)) = env.partials.texts.get(rel) else {
        return RenderedMarkdown::default();
    };
    if depth >= MAX_PARTIAL_DEPTH {
        let d = Diagnostic::error(
            host.file,
            format!(
                "partial `{rel}` is imported inside itself (more than {MAX_PARTIAL_DEPTH} levels)"
            ),
        )
        .with_code(crate::codes::Code::Component)
        .at(host.text, instance.line, instance.column);
        return RenderedMarkdown {
            diagnostics: vec![d],
            ..RenderedMarkdown::default()
        };
    }
    let split = crate::frontmatter::split(text);
    let dir = crate::discover::import_dir(rel, env.content_dir);
    let fragment = Fragment {
        file: display,
        text,
        body: split.body,
        line_offset: split.body_line_offset,
        dir: &dir,
        route: host.route,
        is_mdx: rel.ends_with(".mdx"),
        toc_levels: host.toc_levels,
        take_h1: false,
        instance: host.instance,
        front_matter: host.front_matter,
    };
    render_fragment(&fragment, env, depth + 1)
}

fn nav_page(source: &SourcePage, title: &str) -> NavPage {
    let fm = &source.front;
    NavPage {
        id: source.id.clone(),
        route: source.route.clone(),
        dir: source.dir.clone(),
        file_stem: source.rel.rsplit('/').next().unwrap_or("").to_string(),
        label: fm
            .sidebar_label
            .clone()
            .unwrap_or_else(|| title.to_string()),
        position: fm.sidebar_position.or(source.number_prefix.map(f64::from)),
        description: fm.description.clone(),
        is_folder_index: source.is_folder_index,
        pagination_prev: fm.pagination_prev.clone(),
        pagination_next: fm.pagination_next.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_tables_of_contents_skip_choose_levels_and_nest() {
        let entry = |level: u8, id: &str| markdown::TocEntry {
            level,
            id: id.into(),
            title: format!("Judul {id}"),
            children: Vec::new(),
        };
        let mut satu = entry(2, "satu");
        satu.children.push(entry(3, "dua"));
        let toc = vec![entry(2, "awal"), satu, entry(2, "tiga")];
        let html = inline_tocs("<p>a</p><!--dgc-toc:1 2 3--><p>b</p>", &toc);
        assert_eq!(
            html,
            "<p>a</p><div class=\"toc-inline\"><ul><li><a href=\"#satu\">Judul satu</a><ul><li><a href=\"#dua\">Judul dua</a></li></ul></li><li><a href=\"#tiga\">Judul tiga</a></li></ul></div><p>b</p>"
        );
        let only_h2 = inline_tocs("<!--dgc-toc:0 2 2-->", &toc);
        assert!(
            !only_h2.contains("dua") && only_h2.contains("awal"),
            "{only_h2}"
        );
    }
}

//! The content stage: every page's body through MDX expansion, Markdown (with highlighting)
//! and components, in parallel; then the checks that need every page (anchors) and the
//! navigation built from them. Takes the loaded [`Site`] and its pages, returns [`Content`].

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::assets::AssetIndex;
use crate::chrome;
use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::links::{self, AnchorRef, LinkIndex};
use crate::markdown::{self, MarkdownContext, RenderedMarkdown};
use crate::markers::{Instance, Renderer};
use crate::mdx::{self, MdxContext};
use crate::nav::{self, GeneratedIndex, NavPage, Navigation};
use crate::page::{PageKind, SourcePage};
use crate::progress::Stage;
use crate::routes::root_prefix;
use crate::shortcodes;
use crate::site::{Partials, Site};
use crate::theme::Theme;

/// A page with its title and navigation entry, and its body when that is kept.
pub(crate) struct Doc {
    /// Its text is empty when the body is [`Body::Streamed`].
    pub source: SourcePage,
    /// `<title>`: front matter `title`, else the H1, else the file name.
    pub title: String,
    pub body: Body,
    pub nav: NavPage,
}

impl Doc {
    /// The rendered body, when it is kept.
    pub fn kept(&self) -> Option<&RenderedMarkdown> {
        match &self.body {
            Body::Kept(rendered) => Some(rendered),
            Body::Streamed => None,
        }
    }

    /// Drops the kept body of a page that is not a blog post (which lists show), keeping what
    /// the checks need of it: `serve` holds an edited page as it holds the others.
    pub fn stream(&mut self) -> Option<PageFacts> {
        if self.source.kind == PageKind::Post {
            return None;
        }
        let Body::Kept(rendered) = std::mem::replace(&mut self.body, Body::Streamed) else {
            return None;
        };
        self.source.let_go();
        Some(PageFacts::of(self, rendered))
    }
}

/// A page's rendered body.
pub(crate) enum Body {
    /// Rendered with every other page and kept: blog posts (their lists show them).
    Kept(RenderedMarkdown),
    /// Rendered from its file, read again, when the page is written (or, in `serve`, asked
    /// for), and dropped then: what docgen holds stays flat however many pages the site has.
    Streamed,
}

/// The pages, where links can lead, and the navigation over them.
pub(crate) struct Content {
    pub docs: Vec<Doc>,
    pub links: LinkIndex,
    pub generated: Vec<GeneratedIndex>,
    pub nav: Navigation,
    /// The navbar and footer links, resolved against the pages.
    pub chrome: chrome::Resolved,
    /// The theme's component names, which a page's Markdown may use.
    pub shortcodes: HashSet<String>,
}

impl Content {
    /// Some page kept so far draws a Mermaid diagram.
    pub fn kept_mermaid(&self) -> bool {
        self.docs.iter().filter_map(Doc::kept).any(|r| r.mermaid)
    }
}

/// What the checks after the templates need of a page rendered while it was written (kept by
/// `cache::PageCache` for a page the next build does not render again).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct PageFacts {
    pub route: String,
    pub display: PathBuf,
    pub anchors: HashSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
    pub diagnostics: Vec<Diagnostic>,
    pub mermaid: bool,
}

impl PageFacts {
    /// Renders a streamed page's body for its facts alone (`serve` checks its pages so); a page
    /// that cannot be read has that problem as its facts. `None` for a kept page.
    pub fn render(doc: &Doc, env: &RenderEnv<'_>) -> Option<PageFacts> {
        Some(match body(doc, env) {
            Ok(PageBody::Fresh(rendered)) => PageFacts::of(doc, rendered),
            Ok(PageBody::Kept(_)) => return None,
            Err(d) => PageFacts {
                route: doc.source.route.clone(),
                display: doc.source.display.clone(),
                anchors: HashSet::new(),
                anchor_refs: Vec::new(),
                diagnostics: vec![d],
                mermaid: false,
            },
        })
    }

    pub fn of(doc: &Doc, rendered: RenderedMarkdown) -> PageFacts {
        PageFacts {
            route: doc.source.route.clone(),
            display: doc.source.display.clone(),
            anchors: rendered.anchors,
            anchor_refs: rendered.anchor_refs,
            diagnostics: rendered.diagnostics,
            mermaid: rendered.mermaid,
        }
    }
}

/// Outlines every page (blog posts are rendered: their lists show them) and builds the
/// navigation; every problem found is in the diagnostics.
pub(crate) fn render(
    site: &Site,
    theme: Option<&Theme>,
    pages: Vec<SourcePage>,
) -> (Content, Vec<Diagnostic>) {
    let generated = generated_routes(site);
    let links = site_links(site, &pages, &generated);
    let shortcodes = theme.map(Theme::shortcode_names).unwrap_or_default();
    let env = RenderEnv::new(site, theme, &links, &shortcodes);
    let progress = &site.options.progress;
    progress.start(Stage::Render, pages.len());
    let docs: Vec<Doc> = pages
        .into_par_iter()
        .map(|p| {
            let doc = match p.kind == PageKind::Post {
                true => render_page(p, &env),
                false => outline_page(p, &env),
            };
            progress.advance();
            doc
        })
        .collect();
    let mut diags: Vec<Diagnostic> = docs
        .iter()
        .filter_map(Doc::kept)
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    if docs.iter().all(|d| d.kept().is_some()) {
        diags.extend(check_anchors(&docs, [], &generated));
    }
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
        shortcodes,
    };
    (content, diags)
}

/// The generated category pages of every docs instance.
fn generated_routes(site: &Site) -> Vec<GeneratedIndex> {
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
    generated
}

/// Where the site's links can lead: its pages, generated pages, blog and other routes.
fn site_links(site: &Site, pages: &[SourcePage], generated: &[GeneratedIndex]) -> LinkIndex {
    let mut links = link_index(pages, generated).with_site(
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
    links
}

/// What pages rendered while they were written found, once they all are: their own problems,
/// and the anchor check over every page, kept or not. Nothing when no page was streamed.
pub(crate) fn check_streamed(content: &Content, streamed: Vec<PageFacts>) -> Vec<Diagnostic> {
    if streamed.is_empty() {
        return Vec::new();
    }
    let mut diags = check_anchors(&content.docs, &streamed, &content.generated);
    diags.extend(streamed.into_iter().flat_map(|f| f.diagnostics));
    diags
}

/// Links to `page#anchor` name ids their pages have: over the kept `docs` and the `streamed`.
pub(crate) fn check_anchors<'f>(
    docs: &[Doc],
    streamed: impl IntoIterator<Item = &'f PageFacts>,
    generated: &[GeneratedIndex],
) -> Vec<Diagnostic> {
    let kept = docs.iter().filter_map(|d| {
        let rendered = d.kept()?;
        Some(links::PageAnchors {
            route: &d.source.route,
            display: &d.source.display,
            anchors: &rendered.anchors,
            refs: &rendered.anchor_refs,
        })
    });
    let pages: Vec<links::PageAnchors<'_>> = kept
        .chain(streamed.into_iter().map(|f| links::PageAnchors {
            route: &f.route,
            display: &f.display,
            anchors: &f.anchors,
            refs: &f.anchor_refs,
        }))
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
        site.config
            .docusaurus
            .as_ref()
            .map(|d| d.categories)
            .unwrap_or_default(),
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
            instance.categories,
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
    /// The site folder, which page paths in messages are relative to.
    pub root: &'a Path,
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
            root: &site.paths.root,
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

/// One page rendered and kept: MDX → Markdown → components, then its title and navigation
/// entry.
pub(crate) fn render_page(source: SourcePage, env: &RenderEnv<'_>) -> Doc {
    let rendered = match page_text(&source, env) {
        Ok((text, at)) => render_source(&source, &text, at, env),
        Err(d) => RenderedMarkdown {
            diagnostics: vec![d],
            ..RenderedMarkdown::default()
        },
    };
    let title = source
        .front
        .title
        .clone()
        .or_else(|| rendered.h1.clone())
        .unwrap_or_else(|| source.stem.clone());
    let nav = nav_page(&source, &title);
    Doc {
        source,
        title,
        body: Body::Kept(rendered),
        nav,
    }
}

/// One page's title and navigation entry, its body left to be rendered when the page is
/// written ([`body`]). The title is the one [`render_page`] gives: the H1 is looked for in the
/// page's Markdown after MDX expansion, without rendering it.
fn outline_page(mut source: SourcePage, env: &RenderEnv<'_>) -> Doc {
    let title = source.front.title.clone().or_else(|| {
        // A page that cannot be read now is reported when it is rendered.
        let (text, at) = page_text(&source, env).ok()?;
        let front_matter = front_matter_map(&source);
        let fragment = page_fragment(&source, &text, at, &front_matter);
        let prefix = root_prefix(fragment.route);
        let expanded = mdx::expand(fragment.body, &mdx_context(&fragment, env, &prefix));
        markdown::leading_h1(&expanded.markdown)
    });
    let title = title.unwrap_or_else(|| source.stem.clone());
    source.let_go();
    let nav = nav_page(&source, &title);
    Doc {
        source,
        title,
        body: Body::Streamed,
        nav,
    }
}

/// The page's rendered body: the kept one, or else rendered now from its file.
pub(crate) fn body<'d>(doc: &'d Doc, env: &RenderEnv<'_>) -> Result<PageBody<'d>, Diagnostic> {
    if let Body::Kept(rendered) = &doc.body {
        return Ok(PageBody::Kept(rendered));
    }
    let (text, at) = page_text(&doc.source, env)?;
    Ok(PageBody::Fresh(render_source(&doc.source, &text, at, env)))
}

/// The page's text and where its body starts: the one read, or, once that was let go
/// ([`SourcePage::let_go`]), the file read again. A file edited since it was first read is
/// rendered as it is now, its front matter split again.
fn page_text<'s>(
    source: &'s SourcePage,
    env: &RenderEnv<'_>,
) -> Result<(Cow<'s, str>, BodyAt), Diagnostic> {
    if !source.text_let_go {
        return Ok((Cow::Borrowed(&source.text), BodyAt::of(source)));
    }
    let text = crate::page::read_text(&env.root.join(&source.display), &source.display)?;
    let split = crate::frontmatter::split(&text);
    let at = BodyAt {
        start: text.len() - split.body.len(),
        line_offset: split.body_line_offset,
    };
    Ok((Cow::Owned(text), at))
}

/// A page's rendered body, as [`body`] gives it.
pub(crate) enum PageBody<'d> {
    Kept(&'d RenderedMarkdown),
    /// Rendered just now: dropped once the page is written.
    Fresh(RenderedMarkdown),
}

impl std::ops::Deref for PageBody<'_> {
    type Target = RenderedMarkdown;

    fn deref(&self) -> &RenderedMarkdown {
        match self {
            PageBody::Kept(rendered) => rendered,
            PageBody::Fresh(rendered) => rendered,
        }
    }
}

/// Where a page's body starts in its text: byte offset and lines before it.
#[derive(Clone, Copy)]
struct BodyAt {
    start: usize,
    line_offset: usize,
}

impl BodyAt {
    fn of(source: &SourcePage) -> BodyAt {
        BodyAt {
            start: source.body_start,
            line_offset: source.body_line_offset,
        }
    }
}

/// Renders the body of `source`, whose text is `text`.
fn render_source(
    source: &SourcePage,
    text: &str,
    body: BodyAt,
    env: &RenderEnv<'_>,
) -> RenderedMarkdown {
    let front_matter = front_matter_map(source);
    render_fragment(&page_fragment(source, text, body, &front_matter), env, 0)
}

/// The page's front matter as the values MDX expressions read (`frontMatter.title`).
fn front_matter_map(source: &SourcePage) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(&source.front) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// The page's body, from its `text`, as the document to render.
fn page_fragment<'a>(
    source: &'a SourcePage,
    text: &'a str,
    body: BodyAt,
    front_matter: &'a serde_json::Map<String, serde_json::Value>,
) -> Fragment<'a> {
    let fm = &source.front;
    Fragment {
        file: &source.display,
        text,
        body: text.get(body.start..).unwrap_or(""),
        line_offset: body.line_offset,
        dir: &source.link_dir,
        instance: source.instance,
        route: &source.route,
        is_mdx: source.rel.ends_with(".mdx"),
        toc_levels: (
            fm.toc_min_heading_level.unwrap_or(2),
            fm.toc_max_heading_level.unwrap_or(3),
        ),
        take_h1: true,
        front_matter,
    }
}

/// MDX expansion, Markdown, then components (partials rendered first, from their own folder).
fn render_fragment(f: &Fragment<'_>, env: &RenderEnv<'_>, depth: usize) -> RenderedMarkdown {
    let prefix = root_prefix(f.route);
    let expanded = mdx::expand(f.body, &mdx_context(f, env, &prefix));
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

/// What MDX expansion needs to expand `f`.
fn mdx_context<'c>(f: &'c Fragment<'_>, env: &'c RenderEnv<'_>, prefix: &'c str) -> MdxContext<'c> {
    MdxContext {
        front_matter: f.front_matter,
        file: f.file,
        source: f.text,
        line_offset: f.line_offset,
        page_dir: f.dir,
        root_prefix: prefix,
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
    }
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

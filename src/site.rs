//! The build: runs the stages in order and writes the result.
//!
//! discover → front matter (`page`) → MDX expansion (`mdx`) → Markdown (`markdown`) →
//! navigation (`nav`) → templates (`render`) → output (`output`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::AssetIndex;
use crate::config::{Config, Policy};
use crate::diagnostics::{Diagnostic, Kind, Severity};
use crate::discover::{self, SourceTree};
use crate::docusaurus::{self, SidebarSpec};
use crate::highlight::{self, Highlighter};
use crate::markdown::{self, LinkIndex, MarkdownContext, RenderedMarkdown};
use crate::mdx::{self, MdxContext};
use crate::nav::{self, NavPage, Navigation};
use crate::output::{Discard, Staging};
use crate::page::{self, SourcePage};
use crate::render::Theme;
use crate::routes::root_prefix;
use crate::shortcodes::{self, Instance, Renderer};

/// The theme's stylesheet in the output.
pub(crate) const THEME_CSS: &str = "theme/docgen.css";

/// Sidebars with more items than this are trimmed per page (collapsed branches left out).
pub(crate) const FULL_SIDEBAR_LIMIT: usize = 400;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Every warning is an error.
    pub strict: bool,
    /// Check everything the build checks, but write nothing (`docgen check`).
    pub check_only: bool,
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub assets: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// The build failed: every diagnostic found, errors and warnings, sorted by file and line.
#[derive(Debug, thiserror::Error)]
#[error("the build found {} error(s)", self.errors())]
pub struct BuildFailed {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailed {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// A page after Markdown rendering, with what navigation and templates need.
pub(crate) struct DocPage {
    pub(crate) source: SourcePage,
    pub(crate) title: String,
    pub(crate) heading: String,
    pub(crate) rendered: RenderedMarkdown,
}

/// Builds the site described by `options` into its output folder (or only checks it).
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailed> {
    let started = Instant::now();
    let project = Project::load(options, None)?;
    let mut diags = project.warnings.clone();
    let finish = |mut diags: Vec<Diagnostic>, pages: usize, assets: usize| {
        apply_policies(&mut diags, &project.config, options.strict);
        sort_and_dedup(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(BuildFailed { diagnostics: diags });
        }
        Ok((diags, pages, assets))
    };
    if options.check_only {
        // Templates still render, so their mistakes are found; nothing is written.
        let (pages, render_diags) = project.render_pages(&Discard, None);
        diags.extend(render_diags);
        let assets = project.tree.static_files.len() + project.tree.content_assets.len();
        let (warnings, pages, assets) = finish(diags, pages, assets)?;
        return Ok(BuildSummary {
            pages,
            assets,
            output: project.output.clone(),
            warnings,
            elapsed: started.elapsed(),
        });
    }
    let fail = |d: Diagnostic| BuildFailed {
        diagnostics: vec![d],
    };
    let timer = Timings::start();
    let staging = Staging::create(&project.output).map_err(fail)?;
    let (pages, render_diags) = project.render_pages(&staging, None);
    timer.mark("templates and writing pages");
    let (assets, asset_diags) = project.write_assets(&staging);
    timer.mark("assets");
    diags.extend(render_diags);
    diags.extend(asset_diags);
    let (warnings, pages, assets) = finish(diags, pages, assets)?;
    staging.commit().map_err(fail)?;
    timer.mark("swap the output in place");
    Ok(BuildSummary {
        pages,
        assets,
        output: project.output.clone(),
        warnings,
        elapsed: started.elapsed(),
    })
}

/// Everything a build learns about a site: `docgen build` uses it once, `docgen serve` keeps
/// it between edits and redoes only what an edit affects.
pub struct Project {
    pub options: BuildOptions,
    pub config: Config,
    pub output: PathBuf,
    pub content_dir: PathBuf,
    pub static_dir: PathBuf,
    pub templates_dir: PathBuf,
    pub(crate) strings: BTreeMap<String, String>,
    pub(crate) tree: SourceTree,
    pub(crate) assets: AssetIndex,
    pub(crate) links: LinkIndex,
    pub(crate) generated: Vec<nav::GeneratedIndex>,
    pub(crate) highlighter: Arc<Highlighter>,
    pub(crate) theme: Theme,
    pub(crate) theme_css: String,
    /// Content-relative path → time of its last commit.
    pub(crate) history: HashMap<String, i64>,
    pub(crate) docs: Vec<DocPage>,
    pub(crate) nav_pages: Vec<NavPage>,
    pub(crate) nav: Navigation,
    pub(crate) sidebars: Option<SidebarSpec>,
    pub(crate) partials: Partials,
    pub(crate) shortcodes: HashSet<String>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl Project {
    /// Reads, expands and renders every page's Markdown and builds the navigation; stops with
    /// every error found. `highlighter` lets a rebuild reuse the loaded grammars.
    pub fn load(
        options: &BuildOptions,
        highlighter: Option<Arc<Highlighter>>,
    ) -> Result<Project, BuildFailed> {
        let mut diags = Vec::new();
        let fail = |mut diags: Vec<Diagnostic>| {
            sort_and_dedup(&mut diags);
            BuildFailed { diagnostics: diags }
        };
        let root = &options.root;
        let (mut config, sidebars, config_warnings) =
            load_config(root).map_err(|d| fail(vec![d]))?;
        diags.extend(config_warnings);
        if let Some(url) = &options.base_url {
            config.base_url = Some(url.clone());
        }
        let output = options
            .output
            .clone()
            .unwrap_or_else(|| root.join(&config.output_dir));
        let content_dir = root.join(&config.content_dir);
        let static_dir = root.join(&config.static_dir);
        let templates_dir = root.join(&config.templates_dir);
        let strings = crate::i18n::strings(&config.language, &config.strings);

        let timer = Timings::start();
        let (tree, found) = discover::discover(&content_dir, &static_dir, root);
        timer.mark("discover");
        diags.extend(found);
        let mut assets = AssetIndex::new(&tree.static_files, &tree.content_assets);

        // Grammars, templates, image sizes and git history load while pages are read.
        let ((highlighter, theme), (loaded, history)) = rayon::join(
            || {
                rayon::join(
                    || highlighter.unwrap_or_else(|| Arc::new(Highlighter::new())),
                    || Theme::load(&templates_dir, root),
                )
            },
            || {
                rayon::join(
                    || {
                        assets.measure_images(&static_dir, &content_dir);
                        load_pages(&tree, root, options.drafts, &config.route_base_path)
                    },
                    || match config.last_updated {
                        true => crate::history::last_commit_times(&content_dir),
                        false => HashMap::new(),
                    },
                )
            },
        );
        let theme = match theme {
            Ok(t) => Some(t),
            Err(d) => {
                diags.extend(d);
                None
            }
        };
        let (pages, load_diags) = loaded;
        diags.extend(load_diags);
        diags.extend(duplicate_routes(&pages));

        timer.mark("read pages, grammars, templates, image sizes, git history");
        let generated =
            nav::generated_index_routes(&tree.folders, &config.route_base_path, sidebars.as_ref());
        let links = link_index(&pages, &generated);
        let (partials, partial_diags) = Partials::load(&tree, root);
        diags.extend(partial_diags);
        let shortcodes = theme
            .as_ref()
            .map(Theme::shortcode_names)
            .unwrap_or_default();
        let env = RenderEnv {
            assets: &assets,
            links: &links,
            highlighter: &highlighter,
            strings: &strings,
            theme: theme.as_ref(),
            shortcodes: &shortcodes,
            partials: &partials,
        };
        let docs: Vec<DocPage> = pages
            .into_par_iter()
            .map(|p| render_markdown(p, &env))
            .collect();
        for d in &docs {
            diags.extend(d.rendered.diagnostics.iter().cloned());
        }
        diags.extend(check_anchors(&docs, &generated));

        let content_label = config.content_dir.to_string_lossy().into_owned();
        let nav_pages: Vec<NavPage> = docs.iter().map(nav_page).collect();
        timer.mark("MDX, Markdown, highlighting");
        let (nav, nav_diags) = nav::build(
            &nav_pages,
            &tree.folders,
            &content_label,
            &config.route_base_path,
            sidebars.as_ref(),
        );
        timer.mark("navigation");
        diags.extend(nav_diags);

        let theme_css = match syntax_stylesheet(&config) {
            Ok(css) => css,
            Err(d) => {
                diags.push(d);
                String::new()
            }
        };
        apply_policies(&mut diags, &config, options.strict);
        let Some(theme) = theme.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
            return Err(fail(diags));
        };
        Ok(Project {
            options: options.clone(),
            config,
            output,
            content_dir,
            static_dir,
            templates_dir,
            strings,
            tree,
            assets,
            links,
            generated,
            highlighter,
            theme,
            theme_css,
            history,
            docs,
            nav_pages,
            nav,
            sidebars,
            partials,
            shortcodes,
            warnings: diags,
        })
    }
}

pub(crate) fn link_index(pages: &[SourcePage], generated: &[nav::GeneratedIndex]) -> LinkIndex {
    let mut links = LinkIndex::default();
    for p in pages {
        links.insert(&p.rel, &p.route);
    }
    for g in generated {
        links.insert_route(&g.route);
    }
    links
}

/// Stage durations on stderr when `DOCGEN_TIMINGS` is set, to see where a build spends time.
struct Timings {
    last: std::cell::Cell<Instant>,
    on: bool,
}

impl Timings {
    fn start() -> Timings {
        Timings {
            last: std::cell::Cell::new(Instant::now()),
            on: std::env::var_os("DOCGEN_TIMINGS").is_some(),
        }
    }

    fn mark(&self, stage: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "timing: {stage}: {:.0} ms",
                (now - self.last.get()).as_secs_f64() * 1000.0
            );
            self.last.set(now);
        }
    }
}

/// Applies `on_broken_links` / `on_missing_images`, then `--strict` (every warning an error).
pub(crate) fn apply_policies(diags: &mut Vec<Diagnostic>, config: &Config, strict: bool) {
    diags.retain_mut(|d| {
        let policy = match d.kind {
            Some(Kind::BrokenLink) => Some(config.on_broken_links),
            Some(Kind::MissingImage) => Some(config.on_missing_images),
            None => None,
        };
        match policy {
            Some(Policy::Ignore) => return false,
            Some(Policy::Warn) => d.severity = Severity::Warning,
            Some(Policy::Error) => d.severity = Severity::Error,
            None => {}
        }
        if strict {
            d.severity = Severity::Error;
        }
        true
    });
}

pub(crate) fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diags.dedup();
}

/// `docgen.toml`, or else a Docusaurus project's `docusaurus.config.*`; with the sidebars
/// file either names.
fn load_config(root: &Path) -> Result<(Config, Option<SidebarSpec>, Vec<Diagnostic>), Diagnostic> {
    let docusaurus = docusaurus::find_config(root);
    let (config, sidebars_file, mut warnings) = match docusaurus {
        Some(path) if !root.join(crate::config::CONFIG_FILE).exists() => {
            let imported = docusaurus::load_config(&path, root)?;
            (imported.config, imported.sidebars, imported.warnings)
        }
        _ => {
            let config = Config::load(root)?;
            let sidebars = config.sidebars.as_ref().map(|p| root.join(p));
            (config, sidebars, Vec::new())
        }
    };
    let sidebars = match sidebars_file {
        Some(file) => {
            let (spec, more) = docusaurus::load_sidebars(&file, root)?;
            warnings.extend(more);
            Some(spec)
        }
        None => None,
    };
    Ok((config, sidebars, warnings))
}

fn load_pages(
    tree: &SourceTree,
    root: &Path,
    drafts: bool,
    base: &str,
) -> (Vec<SourcePage>, Vec<Diagnostic>) {
    let results: Vec<_> = tree
        .pages
        .par_iter()
        .map(|f| {
            let display = f.abs.strip_prefix(root).unwrap_or(&f.abs).to_path_buf();
            page::load(f, display, drafts, base)
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    (pages, diags)
}

fn duplicate_routes(pages: &[SourcePage]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &SourcePage> = HashMap::new();
    let mut diags = Vec::new();
    for p in pages {
        if let Some(first) = seen.insert(&p.route, p) {
            let route = if p.route.is_empty() { "/" } else { &p.route };
            diags.push(
                Diagnostic::error(
                    &p.display,
                    format!(
                        "two pages claim the route `{route}`: this one and {}",
                        first.display.display()
                    ),
                )
                .with_hint("give one of them another `slug` or `id` in its front matter"),
            );
            seen.insert(&first.route, first);
        }
    }
    diags
}

/// What rendering a page's Markdown needs from the site, loaded once.
pub(crate) struct RenderEnv<'a> {
    pub assets: &'a AssetIndex,
    pub links: &'a LinkIndex,
    pub highlighter: &'a Highlighter,
    pub strings: &'a BTreeMap<String, String>,
    /// Without a theme (it failed to load) components render as their content.
    pub theme: Option<&'a Theme>,
    pub shortcodes: &'a HashSet<String>,
    pub partials: &'a Partials,
}

/// The partials of the content folder (`_shared.md`), read once.
#[derive(Default)]
pub struct Partials {
    pub names: HashSet<String>,
    /// Content-relative path → (path shown in messages, text).
    pub texts: HashMap<String, (PathBuf, String)>,
}

impl Partials {
    fn load(tree: &SourceTree, root: &Path) -> (Partials, Vec<Diagnostic>) {
        let mut partials = Partials::default();
        let mut diags = Vec::new();
        for file in &tree.partials {
            let display = file
                .abs
                .strip_prefix(root)
                .unwrap_or(&file.abs)
                .to_path_buf();
            let text = std::fs::read(&file.abs)
                .map_err(|e| Diagnostic::error(&display, format!("cannot read: {e}")))
                .and_then(|bytes| page::decode(bytes, &display));
            match text {
                Ok(text) => {
                    partials.names.insert(file.rel.clone());
                    partials.texts.insert(file.rel.clone(), (display, text));
                }
                Err(d) => diags.push(d),
            }
        }
        (partials, diags)
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
}

pub(crate) fn render_markdown(source: SourcePage, env: &RenderEnv<'_>) -> DocPage {
    let fm = &source.front;
    let fragment = Fragment {
        file: &source.display,
        text: &source.text,
        body: source.body(),
        line_offset: source.body_line_offset,
        dir: &source.dir,
        route: &source.route,
        is_mdx: source.rel.ends_with(".mdx"),
        toc_levels: (
            fm.toc_min_heading_level.unwrap_or(2),
            fm.toc_max_heading_level.unwrap_or(3),
        ),
        take_h1: true,
    };
    let rendered = render_fragment(&fragment, env, 0);
    let title = fm
        .title
        .clone()
        .or_else(|| rendered.h1.clone())
        .unwrap_or_else(|| source.stem.clone());
    let heading = rendered.h1.clone().unwrap_or_else(|| title.clone());
    DocPage {
        source,
        title,
        heading,
        rendered,
    }
}

/// MDX expansion, Markdown, then components (partials rendered first, from their own folder).
fn render_fragment(f: &Fragment<'_>, env: &RenderEnv<'_>, depth: usize) -> RenderedMarkdown {
    let prefix = root_prefix(f.route);
    let mdx_ctx = MdxContext {
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
    };
    let mut rendered = markdown::render(&expanded.markdown, &md_ctx);
    let mut diagnostics = expanded.diagnostics;
    diagnostics.append(&mut rendered.diagnostics);
    if let Some(theme) = env.theme.filter(|_| !expanded.components.is_empty()) {
        let mut partial_html = Vec::new();
        for (index, instance) in expanded.components.iter().enumerate() {
            if let Renderer::Partial(rel) = &instance.renderer {
                let (html, diags) = render_partial(rel, f, instance, env, depth);
                diagnostics.extend(diags);
                partial_html.push((index, html));
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
    rendered.diagnostics = diagnostics;
    rendered.mermaid = rendered.html.contains(markdown::MERMAID_CLASS);
    rendered
}

fn render_partial(
    rel: &str,
    host: &Fragment<'_>,
    instance: &Instance,
    env: &RenderEnv<'_>,
    depth: usize,
) -> (String, Vec<Diagnostic>) {
    let Some((display, text)) = env.partials.texts.get(rel) else {
        return (String::new(), Vec::new());
    };
    if depth >= MAX_PARTIAL_DEPTH {
        let d = Diagnostic::error(
            host.file,
            format!(
                "partial `{rel}` is imported inside itself (more than {MAX_PARTIAL_DEPTH} levels)"
            ),
        )
        .at(host.text, instance.line, instance.column);
        return (String::new(), vec![d]);
    }
    let split = crate::frontmatter::split(text);
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let fragment = Fragment {
        file: display,
        text,
        body: split.body,
        line_offset: split.body_line_offset,
        dir,
        route: host.route,
        is_mdx: rel.ends_with(".mdx"),
        toc_levels: host.toc_levels,
        take_h1: false,
    };
    let rendered = render_fragment(&fragment, env, depth + 1);
    (rendered.html, rendered.diagnostics)
}

/// Links to `page#anchor` must name an id that page has.
pub(crate) fn check_anchors(
    docs: &[DocPage],
    generated: &[nav::GeneratedIndex],
) -> Vec<Diagnostic> {
    let by_route: HashMap<&str, &HashSet<String>> = docs
        .iter()
        .map(|d| (d.source.route.as_str(), &d.rendered.anchors))
        .collect();
    let generated: HashSet<&str> = generated.iter().map(|g| g.route.as_str()).collect();
    let mut diags = Vec::new();
    for doc in docs {
        for r in &doc.rendered.anchor_refs {
            let Some(anchors) = by_route.get(r.route.as_str()) else {
                continue;
            };
            if anchors.contains(&r.anchor) || generated.contains(r.route.as_str()) {
                continue;
            }
            let target = if r.route == doc.source.route {
                "this page".to_string()
            } else {
                format!("page `/{}`", r.route)
            };
            let mut known: Vec<&String> = anchors.iter().collect();
            known.sort();
            let close: Vec<&str> = known
                .iter()
                .filter(|a| a.starts_with(r.anchor.get(..3).unwrap_or(&r.anchor)))
                .take(3)
                .map(|a| a.as_str())
                .collect();
            let mut d = Diagnostic::error(
                &doc.source.display,
                format!(
                    "broken anchor: `#{}` is not a heading id on {target}",
                    r.anchor
                ),
            )
            .at(&doc.source.text, r.line, r.column)
            .with_kind(Kind::BrokenLink);
            if !close.is_empty() {
                d.hint = Some(format!("ids on that page include: {}", close.join(", ")));
            }
            diags.push(d);
        }
    }
    diags
}

pub(crate) fn nav_page(doc: &DocPage) -> NavPage {
    let fm = &doc.source.front;
    NavPage {
        id: doc.source.id.clone(),
        route: doc.source.route.clone(),
        dir: doc.source.dir.clone(),
        file_stem: doc.source.rel.rsplit('/').next().unwrap_or("").to_string(),
        label: fm
            .sidebar_label
            .clone()
            .unwrap_or_else(|| doc.title.clone()),
        position: fm
            .sidebar_position
            .or(doc.source.number_prefix.map(f64::from)),
        description: fm.description.clone(),
        is_folder_index: doc.source.is_folder_index,
        pagination_prev: fm.pagination_prev.clone(),
        pagination_next: fm.pagination_next.clone(),
    }
}

fn syntax_stylesheet(config: &Config) -> Result<String, Diagnostic> {
    let find = |name: &str, key: &str| {
        highlight::find_theme(name).ok_or_else(|| {
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!("unknown highlight theme `{name}` in `{key}`"),
            )
            .with_hint(format!(
                "choose one of: {}",
                highlight::theme_names().join(", ")
            ))
        })
    };
    let light = find(&config.highlight_theme, "highlight_theme")?;
    let dark = find(&config.highlight_theme_dark, "highlight_theme_dark")?;
    highlight::stylesheet(&light, &dark).map_err(|e| {
        Diagnostic::error(
            crate::config::CONFIG_FILE,
            format!("cannot make the highlight stylesheet: {e}"),
        )
    })
}

pub use crate::incremental::{Collect, Update};

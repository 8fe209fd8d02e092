//! The build: runs the stages in order and writes the result.
//!
//! discover → front matter (`page`) → MDX expansion (`mdx`) → Markdown (`markdown`) →
//! navigation (`nav`) → templates (`render`) → output (`output`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::assets::{AssetIndex, CONTENT_ASSETS_DIR};
use crate::config::{Config, Policy};
use crate::diagnostics::{Diagnostic, Kind, Severity};
use crate::discover::{self, SourceTree};
use crate::highlight::{self, Highlighter};
use crate::markdown::{self, LinkIndex, MarkdownContext, RenderedMarkdown, TocEntry};
use crate::mdx::{self, MdxContext};
use crate::nav::{self, NavLink, NavPage, Navigation, SidebarNode};
use crate::output::{Discard, Sink, Staging};
use crate::page::{self, SourcePage};
use crate::render::{self, BUILTIN_ASSETS, Theme};
use crate::routes::{page_href, root_prefix};

/// The theme's stylesheet in the output.
const THEME_CSS: &str = "theme/docgen.css";

/// Sidebars with more items than this are trimmed per page (collapsed branches left out).
const FULL_SIDEBAR_LIMIT: usize = 400;

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
struct DocPage {
    source: SourcePage,
    title: String,
    heading: String,
    rendered: RenderedMarkdown,
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
    let staging = Staging::create(&project.output).map_err(fail)?;
    let (pages, render_diags) = project.render_pages(&staging, None);
    let (assets, asset_diags) = project.write_assets(&staging);
    diags.extend(render_diags);
    diags.extend(asset_diags);
    let (warnings, pages, assets) = finish(diags, pages, assets)?;
    staging.commit().map_err(fail)?;
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
    strings: BTreeMap<String, String>,
    tree: SourceTree,
    assets: AssetIndex,
    links: LinkIndex,
    generated: Vec<nav::GeneratedIndex>,
    highlighter: Arc<Highlighter>,
    theme: Theme,
    theme_css: String,
    /// Content-relative path → time of its last commit.
    history: HashMap<String, i64>,
    docs: Vec<DocPage>,
    nav_pages: Vec<NavPage>,
    nav: Navigation,
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
        let mut config = Config::load(root).map_err(|d| fail(vec![d]))?;
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

        let (tree, found) = discover::discover(&content_dir, &static_dir, root);
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
                        load_pages(&tree, root, options.drafts)
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

        let generated = nav::generated_index_routes(&tree.folders);
        let links = link_index(&pages, &generated);
        let docs: Vec<DocPage> = pages
            .into_par_iter()
            .map(|p| render_markdown(p, &assets, &links, &highlighter, &strings))
            .collect();
        for d in &docs {
            diags.extend(d.rendered.diagnostics.iter().cloned());
        }
        diags.extend(check_anchors(&docs, &generated));

        let content_label = config.content_dir.to_string_lossy().into_owned();
        let nav_pages: Vec<NavPage> = docs.iter().map(nav_page).collect();
        let (nav, nav_diags) = nav::build(&nav_pages, &tree.folders, &content_label);
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
            warnings: diags,
        })
    }
}

fn link_index(pages: &[SourcePage], generated: &[nav::GeneratedIndex]) -> LinkIndex {
    let mut links = LinkIndex::default();
    for p in pages {
        links.insert(&p.rel, &p.route);
    }
    for g in generated {
        links.insert_route(&g.route);
    }
    links
}

/// Applies `on_broken_links` / `on_missing_images`, then `--strict` (every warning an error).
fn apply_policies(diags: &mut Vec<Diagnostic>, config: &Config, strict: bool) {
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

fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diags.dedup();
}

fn load_pages(tree: &SourceTree, root: &Path, drafts: bool) -> (Vec<SourcePage>, Vec<Diagnostic>) {
    let results: Vec<_> = tree
        .pages
        .par_iter()
        .map(|f| {
            let display = f.abs.strip_prefix(root).unwrap_or(&f.abs).to_path_buf();
            page::load(f, display, drafts)
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

fn render_markdown(
    source: SourcePage,
    assets: &AssetIndex,
    links: &LinkIndex,
    highlighter: &Highlighter,
    strings: &BTreeMap<String, String>,
) -> DocPage {
    let prefix = root_prefix(&source.route);
    let mdx_ctx = MdxContext {
        file: &source.display,
        source: &source.text,
        line_offset: source.body_line_offset,
        page_dir: &source.dir,
        root_prefix: &prefix,
        assets,
        strings,
        is_mdx: source.rel.ends_with(".mdx"),
    };
    let expanded = mdx::expand(source.body(), &mdx_ctx);
    let alert_titles = |kind: &str| {
        strings
            .get(&format!("admonition_{kind}"))
            .cloned()
            .unwrap_or_else(|| kind.to_string())
    };
    let fm = &source.front;
    let md_ctx = MarkdownContext {
        file: &source.display,
        source: &source.text,
        line_map: &expanded.line_map,
        page_dir: &source.dir,
        page_route: &source.route,
        root_prefix: &prefix,
        assets,
        links,
        highlighter,
        anchor_label: strings.get("anchor_label").map_or("#", String::as_str),
        alert_titles: &alert_titles,
        toc_levels: (
            fm.toc_min_heading_level.unwrap_or(2),
            fm.toc_max_heading_level.unwrap_or(3),
        ),
        take_h1: true,
    };
    let mut rendered = markdown::render(&expanded.markdown, &md_ctx);
    let mut diagnostics = expanded.diagnostics;
    diagnostics.append(&mut rendered.diagnostics);
    rendered.diagnostics = diagnostics;
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

/// Links to `page#anchor` must name an id that page has.
fn check_anchors(docs: &[DocPage], generated: &[nav::GeneratedIndex]) -> Vec<Diagnostic> {
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

fn nav_page(doc: &DocPage) -> NavPage {
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

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    tagline: &'a str,
    language: &'a str,
    base_url: Option<String>,
    logo: Option<&'a str>,
    favicon: Option<&'a str>,
    footer: Option<&'a str>,
    custom_css: &'a [String],
    strings: &'a BTreeMap<String, String>,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Default)]
struct PageView<'a> {
    kind: &'static str,
    id: &'a str,
    route: &'a str,
    href: String,
    permalink: Option<String>,
    title: &'a str,
    heading: &'a str,
    description: Option<&'a str>,
    content: &'a str,
    toc: &'a [TocEntry],
    tags: &'a [String],
    keywords: &'a [String],
    image: Option<&'a str>,
    hide_title: bool,
    hide_table_of_contents: bool,
    source: &'a str,
    edit_url: Option<String>,
    last_updated: Option<String>,
    last_updated_iso: Option<String>,
    ancestors: &'a [String],
    extra: Option<&'a BTreeMap<String, serde_json::Value>>,
}

impl Project {
    /// Renders the pages through the templates into `sink`: all of them, or only the docs whose
    /// routes are in `only` (then category pages, home, 404 and sitemap are left alone).
    pub fn render_pages(
        &self,
        staging: &dyn Sink,
        only: Option<&HashSet<String>>,
    ) -> (usize, Vec<Diagnostic>) {
        let shared = match self.shared_values() {
            Ok(v) => v,
            Err(d) => return (0, vec![d]),
        };
        let by_id: HashMap<&str, NavLink> = self
            .docs
            .iter()
            .map(|d| {
                let link = NavLink {
                    label: d.title.clone(),
                    route: d.source.route.clone(),
                    href: page_href(&d.source.route),
                };
                (d.source.id.as_str(), link)
            })
            .collect();
        let lookup = |id: &str| by_id.get(id).cloned();
        let mut results: Vec<Result<(), Diagnostic>> = self
            .docs
            .par_iter()
            .zip(self.nav_pages.par_iter())
            .filter(|(doc, _)| only.is_none_or(|o| o.contains(&doc.source.route)))
            .map(|(doc, np)| {
                let (prev, next) = self.nav.neighbours(&doc.source.route, Some(np), &lookup);
                let ancestors = self.ancestors(&doc.source.route);
                let fm = &doc.source.front;
                let view = PageView {
                    kind: "doc",
                    id: &doc.source.id,
                    route: &doc.source.route,
                    title: &doc.title,
                    heading: &doc.heading,
                    description: fm.description.as_deref(),
                    content: &doc.rendered.html,
                    toc: &doc.rendered.toc,
                    tags: &fm.tags,
                    keywords: &fm.keywords,
                    image: fm.image.as_deref(),
                    hide_title: fm.hide_title,
                    hide_table_of_contents: fm.hide_table_of_contents,
                    source: &doc.source.rel,
                    edit_url: self.config.edit_url.as_ref().map(|base| {
                        let content = self.config.content_dir.to_string_lossy();
                        format!(
                            "{}/{content}/{}",
                            base.trim_end_matches('/'),
                            doc.source.rel
                        )
                    }),
                    last_updated: self
                        .history
                        .get(&doc.source.rel)
                        .map(|t| crate::i18n::format_date(*t, &self.strings)),
                    last_updated_iso: self
                        .history
                        .get(&doc.source.rel)
                        .map(|t| crate::history::iso_date(*t)),
                    ancestors,
                    extra: Some(&fm.extra),
                    ..PageView::default()
                };
                let items = self
                    .nav
                    .category_of_route
                    .get(&doc.source.route)
                    .map(|key| self.nav.category_items(key))
                    .unwrap_or_default();
                self.render_to(staging, "page.html", view, &shared, (prev, next), &items)
            })
            .collect();
        let category_results: Vec<Result<(), Diagnostic>> = self
            .nav
            .category_pages
            .par_iter()
            .filter(|g| only.is_none_or(|o| o.contains(&g.route)))
            .map(|g| {
                let (prev, next) = self.nav.neighbours(&g.route, None, &lookup);
                let items = self.nav.category_items(&g.category_key);
                let view = PageView {
                    kind: "category",
                    id: &g.category_key,
                    route: &g.route,
                    title: &g.title,
                    heading: &g.title,
                    description: g.description.as_deref(),
                    ancestors: self.ancestors(&g.route),
                    hide_table_of_contents: true,
                    ..PageView::default()
                };
                self.render_to(
                    staging,
                    "category.html",
                    view,
                    &shared,
                    (prev, next),
                    &items,
                )
            })
            .collect();
        results.extend(category_results);
        let home_wanted = only.is_none_or(|o| o.contains(""));
        if home_wanted && !self.docs.iter().any(|d| d.source.route.is_empty()) {
            let view = PageView {
                kind: "home",
                title: &self.config.title,
                heading: &self.config.title,
                description: Some(&self.config.tagline)
                    .filter(|t| !t.is_empty())
                    .map(String::as_str),
                hide_table_of_contents: true,
                ..PageView::default()
            };
            let first = self.nav.order.first().cloned();
            results.push(self.render_to(
                staging,
                "home.html",
                view,
                &shared,
                (None, first),
                &self.nav.sidebar,
            ));
        }
        let pages = results.len();
        if only.is_none() {
            results.push(self.render_special(staging, "404.html", &shared));
            if self.config.base_url.is_some() {
                results.push(self.render_special(staging, "sitemap.xml", &shared));
            }
        }
        let diags: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        (pages, diags)
    }

    fn ancestors(&self, route: &str) -> &[String] {
        self.nav.ancestors.get(route).map_or(&[], Vec::as_slice)
    }

    fn shared_values(&self) -> Result<SharedValues, Diagnostic> {
        let site = SiteView {
            title: &self.config.title,
            tagline: &self.config.tagline,
            language: &self.config.language,
            base_url: self.config.base_url_slash(),
            logo: self.config.logo.as_deref(),
            favicon: self.config.favicon.as_deref(),
            footer: self.config.footer.as_deref(),
            custom_css: &self.config.custom_css,
            strings: &self.strings,
            extra: &self.config.extra,
        };
        let full = self.nav.total_items <= FULL_SIDEBAR_LIMIT;
        Ok(SharedValues {
            site: render::to_value(&site)?,
            sidebar: if full {
                Some(render::to_value(&self.nav.sidebar)?)
            } else {
                None
            },
        })
    }

    fn render_to(
        &self,
        staging: &dyn Sink,
        template: &str,
        mut view: PageView<'_>,
        shared: &SharedValues,
        (prev, next): (Option<NavLink>, Option<NavLink>),
        items: &[SidebarNode],
    ) -> Result<(), Diagnostic> {
        let route = view.route;
        view.href = page_href(route);
        view.permalink = self.config.base_url_slash().map(|b| {
            if route.is_empty() {
                b
            } else {
                format!("{b}{route}/")
            }
        });
        let sidebar = match &shared.sidebar {
            Some(v) => v.clone(),
            None => render::to_value(&self.nav.sidebar_for(view.ancestors, false))?,
        };
        let mut ctx = Context::new();
        ctx.insert_value("site", shared.site.clone());
        ctx.insert_value("sidebar", sidebar);
        ctx.insert_value("page", render::to_value(&view)?);
        ctx.insert_value(
            "breadcrumbs",
            render::to_value(&self.nav.breadcrumbs(route))?,
        );
        ctx.insert_value("prev", render::to_value(&prev)?);
        ctx.insert_value("next", render::to_value(&next)?);
        ctx.insert_value("items", render::to_value(items)?);
        ctx.insert("root", &root_prefix(route));
        let html = self.theme.render(template, &ctx)?;
        staging.write(&page_href(route), html.as_bytes())
    }

    /// `404.html` and `sitemap.xml`: served from anywhere, so links start from the base path.
    fn render_special(
        &self,
        staging: &dyn Sink,
        template: &str,
        shared: &SharedValues,
    ) -> Result<(), Diagnostic> {
        let base = self.config.base_url_slash();
        let urls: Vec<String> = match &base {
            Some(b) => {
                let mut routes: Vec<&str> =
                    self.nav.order.iter().map(|l| l.route.as_str()).collect();
                routes.extend(self.docs.iter().map(|d| d.source.route.as_str()));
                routes.sort_unstable();
                routes.dedup();
                routes
                    .iter()
                    .map(|r| {
                        if r.is_empty() {
                            b.clone()
                        } else {
                            format!("{b}{r}/")
                        }
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let view = PageView {
            kind: "404",
            title: self
                .strings
                .get("not_found_title")
                .map_or("404", String::as_str),
            heading: self
                .strings
                .get("not_found_title")
                .map_or("404", String::as_str),
            hide_table_of_contents: true,
            ..PageView::default()
        };
        let mut ctx = Context::new();
        ctx.insert_value("site", shared.site.clone());
        let sidebar = match &shared.sidebar {
            Some(v) => v.clone(),
            None => render::to_value(&self.nav.sidebar_for(&[], false))?,
        };
        ctx.insert_value("sidebar", sidebar);
        ctx.insert_value("page", render::to_value(&view)?);
        ctx.insert_value("breadcrumbs", Value::from(Vec::<Value>::new()));
        ctx.insert_value("prev", Value::none());
        ctx.insert_value("next", Value::none());
        ctx.insert_value("items", Value::from(Vec::<Value>::new()));
        ctx.insert("urls", &urls);
        ctx.insert(
            "root",
            &self.config.base_path().unwrap_or_else(|| "/".to_string()),
        );
        let out = self.theme.render(template, &ctx)?;
        staging.write(template, out.as_bytes())
    }
}

struct SharedValues {
    site: Value,
    /// The whole sidebar, when it is small enough to give every page all of it.
    sidebar: Option<Value>,
}

/// Copies the static folder and the content folder's images, and writes the theme's files.
impl Project {
    /// Writes the theme's files and copies the static folder and the content's images.
    pub fn write_assets(&self, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
        write_assets(
            sink,
            &self.tree,
            &self.content_dir,
            &self.static_dir,
            &self.theme_css,
        )
    }
}

fn write_assets(
    staging: &dyn Sink,
    tree: &SourceTree,
    content_dir: &Path,
    static_dir: &Path,
    syntax_css: &str,
) -> (usize, Vec<Diagnostic>) {
    let static_set: HashSet<&str> = tree.static_files.iter().map(String::as_str).collect();
    let mut results: Vec<Result<(), Diagnostic>> = BUILTIN_ASSETS
        .iter()
        .filter(|(name, _)| *name != THEME_CSS && !static_set.contains(name))
        .map(|(name, text)| staging.write(name, text.as_bytes()))
        .collect();
    // One stylesheet: the theme's (or the site's replacement) followed by the code colours.
    let theme_css = match static_set.contains(THEME_CSS) {
        true => std::fs::read_to_string(static_dir.join(THEME_CSS)).map_err(|e| {
            Diagnostic::error(static_dir.join(THEME_CSS), format!("cannot read: {e}"))
        }),
        false => Ok(BUILTIN_ASSETS
            .iter()
            .find(|(n, _)| *n == THEME_CSS)
            .map_or("", |(_, t)| t)
            .to_string()),
    };
    results.push(
        theme_css
            .and_then(|css| staging.write(THEME_CSS, format!("{css}\n{syntax_css}").as_bytes())),
    );
    let copies: Vec<(String, PathBuf)> = tree
        .static_files
        .iter()
        .filter(|f| f.as_str() != THEME_CSS)
        .map(|f| (f.clone(), static_dir.join(f)))
        .chain(
            tree.content_assets
                .iter()
                .map(|f| (format!("{CONTENT_ASSETS_DIR}/{f}"), content_dir.join(f))),
        )
        .collect();
    results.par_extend(copies.par_iter().map(|(to, from)| staging.copy(to, from)));
    let count = results.len();
    (count, results.into_iter().filter_map(Result::err).collect())
}

/// What an edit changed in the site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Update {
    /// Output paths rewritten (`a/b/index.html`, `theme/docgen.css`, ...).
    pub written: Vec<String>,
    /// The whole site was rebuilt (configuration, a page added or removed, folder changes).
    pub full: bool,
    /// Only stylesheets changed: open pages can swap them without reloading.
    pub css_only: bool,
}

/// How one changed path affects the site.
#[derive(Debug, PartialEq, Eq)]
enum Effect {
    Nothing,
    Full,
    Templates,
    Static(String),
    Page(String),
}

impl Project {
    /// Applies edits of `changed` files (absolute paths) to the kept state and renders what they
    /// affect into `sink`. On error the state and the served site stay as they were; a new call
    /// with the fixed file picks up from there.
    pub fn apply(&mut self, changed: &[PathBuf], sink: &dyn Sink) -> Result<Update, BuildFailed> {
        let effects: Vec<Effect> = changed.iter().map(|p| self.effect_of(p)).collect();
        if effects.contains(&Effect::Full) {
            return self.rebuild(sink);
        }
        let mut update = Update::default();
        let mut rerender_all = effects.contains(&Effect::Templates);
        if rerender_all {
            self.theme = Theme::load(&self.templates_dir, &self.options.root)
                .map_err(|d| BuildFailed { diagnostics: d })?;
        }
        let mut pages = HashSet::new();
        for effect in &effects {
            if let Effect::Page(rel) = effect {
                match self.update_page(rel)? {
                    PageChange::Body(route) => {
                        pages.insert(route);
                    }
                    PageChange::Navigation(None) => rerender_all = true,
                    PageChange::Navigation(Some(routes)) => pages.extend(routes),
                    PageChange::Structure => return self.rebuild(sink),
                }
            }
        }
        let statics: Vec<&String> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Static(rel) => Some(rel),
                _ => None,
            })
            .collect();
        for rel in &statics {
            if rel.as_str() == THEME_CSS {
                let base =
                    std::fs::read_to_string(self.static_dir.join(THEME_CSS)).unwrap_or_default();
                sink.write(THEME_CSS, format!("{base}\n{}", self.theme_css).as_bytes())
                    .map_err(one)?;
            } else {
                sink.copy(rel, &self.static_dir.join(rel)).map_err(one)?;
            }
            update.written.push(rel.to_string());
        }
        update.css_only = !statics.is_empty()
            && !rerender_all
            && pages.is_empty()
            && statics.iter().all(|r| r.ends_with(".css"));
        if rerender_all || !pages.is_empty() {
            let only = (!rerender_all).then_some(&pages);
            let collect = Collect::default();
            let (_, diags) = self.render_pages(&collect, only);
            if diags.iter().any(Diagnostic::is_error) {
                return Err(BuildFailed { diagnostics: diags });
            }
            for (path, bytes) in collect.take() {
                sink.write(&path, &bytes).map_err(one)?;
                update.written.push(path);
            }
        }
        update.written.sort();
        Ok(update)
    }

    fn rebuild(&mut self, sink: &dyn Sink) -> Result<Update, BuildFailed> {
        let fresh = Project::load(&self.options, Some(self.highlighter.clone()))?;
        let collect = fresh.collector();
        let (_, mut diags) = fresh.render_pages(&collect, None);
        diags.extend(fresh.write_assets(&collect).1);
        apply_policies(&mut diags, &fresh.config, self.options.strict);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(BuildFailed { diagnostics: diags });
        }
        *self = fresh;
        let mut written = Vec::new();
        for (path, bytes) in collect.take() {
            sink.write(&path, &bytes).map_err(one)?;
            written.push(path);
        }
        written.sort();
        Ok(Update {
            written,
            full: true,
            css_only: false,
        })
    }

    fn effect_of(&self, path: &Path) -> Effect {
        let inside = |dir: &Path| {
            let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
            path.strip_prefix(&dir).ok().map(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
        };
        let root =
            std::path::absolute(&self.options.root).unwrap_or_else(|_| self.options.root.clone());
        if path == root.join(crate::config::CONFIG_FILE) {
            return Effect::Full;
        }
        if inside(&self.templates_dir).is_some() {
            return Effect::Templates;
        }
        if let Some(rel) = inside(&self.static_dir) {
            let known = self.tree.static_files.contains(&rel);
            return match (known, path.is_file()) {
                (true, true) => Effect::Static(rel),
                (false, false) => Effect::Nothing,
                _ => Effect::Full,
            };
        }
        if let Some(rel) = inside(&self.content_dir) {
            let known = self.docs.iter().any(|d| d.source.rel == rel);
            // A page edited in place is cheap; anything else (new or removed pages, category
            // files, images, partials) changes the site's structure.
            return match (known, path.is_file()) {
                (true, true) => Effect::Page(rel),
                // An editor's temporary file, already renamed or removed.
                (false, false) if !path.exists() => Effect::Nothing,
                _ => Effect::Full,
            };
        }
        Effect::Nothing
    }

    /// Re-reads one page and re-renders its Markdown; says what else must follow.
    fn update_page(&mut self, rel: &str) -> Result<PageChange, BuildFailed> {
        let Some(index) = self.docs.iter().position(|d| d.source.rel == rel) else {
            return Ok(PageChange::Structure);
        };
        let file = discover::PageFile {
            rel: rel.to_string(),
            abs: self.content_dir.join(rel),
        };
        let display = self.docs[index].source.display.clone();
        let source = match page::load(&file, display, self.options.drafts) {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(PageChange::Structure),
            Err(d) => {
                return Err(BuildFailed {
                    diagnostics: vec![d],
                });
            }
        };
        let old = &self.docs[index].source;
        if source.route != old.route || source.id != old.id {
            return Ok(PageChange::Structure);
        }
        let doc = render_markdown(
            source,
            &self.assets,
            &self.links,
            &self.highlighter,
            &self.strings,
        );
        let mut diags = doc.rendered.diagnostics.clone();
        let new_nav = nav_page(&doc);
        let old_doc = std::mem::replace(&mut self.docs[index], doc);
        diags.extend(check_anchors(&self.docs, &self.generated));
        apply_policies(&mut diags, &self.config, self.options.strict);
        if diags.iter().any(Diagnostic::is_error) {
            self.docs[index] = old_doc;
            sort_and_dedup(&mut diags);
            return Err(BuildFailed { diagnostics: diags });
        }
        let old_nav = &self.nav_pages[index];
        let same_nav = old_nav.label == new_nav.label
            && old_nav.position == new_nav.position
            && old_nav.description == new_nav.description
            && old_nav.pagination_prev == new_nav.pagination_prev
            && old_nav.pagination_next == new_nav.pagination_next
            && old_doc.title == self.docs[index].title;
        if same_nav {
            return Ok(PageChange::Body(self.docs[index].source.route.clone()));
        }
        let route = self.docs[index].source.route.clone();
        let id = self.docs[index].source.id.clone();
        let neighbours_before = self.neighbour_routes(&route);
        self.nav_pages[index] = new_nav;
        let content_label = self.config.content_dir.to_string_lossy().into_owned();
        let (nav, nav_diags) = nav::build(&self.nav_pages, &self.tree.folders, &content_label);
        if nav_diags.iter().any(Diagnostic::is_error) {
            return Err(BuildFailed {
                diagnostics: nav_diags,
            });
        }
        self.nav = nav;
        let affected = self.pages_showing(&route, &id).map(|mut routes| {
            routes.extend(neighbours_before);
            routes.extend(self.neighbour_routes(&route));
            routes.insert(route);
            routes
        });
        Ok(PageChange::Navigation(affected))
    }

    /// Routes just before and after `route` in reading order.
    fn neighbour_routes(&self, route: &str) -> Vec<String> {
        let Some(&i) = self.nav.order_index.get(route) else {
            return Vec::new();
        };
        [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| self.nav.order.get(j).map(|l| l.route.clone()))
            .collect()
    }

    /// The pages whose sidebar, cards or pagination show the item at `route`; `None` when the
    /// sidebar is small enough that every page shows all of it.
    fn pages_showing(&self, route: &str, id: &str) -> Option<HashSet<String>> {
        if self.nav.total_items <= FULL_SIDEBAR_LIMIT {
            return None;
        }
        let item_path = self.nav.ancestors.get(route)?;
        let collapsed = self.nav.collapsed_categories();
        let visible_from = |ancestors: &[String]| {
            item_path
                .iter()
                .all(|c| ancestors.contains(c) || !collapsed.contains(c.as_str()))
        };
        let mut routes: HashSet<String> = self
            .nav
            .ancestors
            .iter()
            .filter(|(_, ancestors)| visible_from(ancestors))
            .map(|(r, _)| r.clone())
            .collect();
        if visible_from(&[]) {
            routes.insert(String::new());
        }
        for (doc, np) in self.docs.iter().zip(&self.nav_pages) {
            let points_here =
                |o: &Option<Option<String>>| o.as_ref().and_then(|x| x.as_deref()) == Some(id);
            if points_here(&np.pagination_prev) || points_here(&np.pagination_next) {
                routes.insert(doc.source.route.clone());
            }
        }
        Some(routes)
    }
}

enum PageChange {
    /// Only the page itself shows the change.
    Body(String),
    /// Its title, label, position or description changed: these routes show it (all when None).
    Navigation(Option<HashSet<String>>),
    /// Its route changed, it became a draft...: rebuild.
    Structure,
}

fn one(d: Diagnostic) -> BuildFailed {
    BuildFailed {
        diagnostics: vec![d],
    }
}

/// Keeps rendered files in memory, for `docgen serve` and for all-or-nothing updates.
#[derive(Default)]
pub struct Collect {
    files: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
    /// When set, copied files must really live in one of these folders: a symlink leading out
    /// of the site is not picked up.
    within: Option<Vec<PathBuf>>,
}

impl Project {
    /// A collector that refuses files outside the static and content folders.
    pub fn collector(&self) -> Collect {
        let roots = [&self.static_dir, &self.content_dir];
        Collect {
            within: Some(roots.iter().filter_map(|r| r.canonicalize().ok()).collect()),
            ..Collect::default()
        }
    }
}

impl Collect {
    pub fn take(&self) -> Vec<(String, Vec<u8>)> {
        std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Sink for Collect {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), contents.to_vec()));
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let cannot = |e: std::io::Error| Diagnostic::error(from, format!("cannot read: {e}"));
        let real = from.canonicalize().map_err(cannot)?;
        if let Some(roots) = &self.within
            && !roots.iter().any(|root| real.starts_with(root))
        {
            return Ok(());
        }
        let bytes = std::fs::read(&real).map_err(cannot)?;
        self.write(rel, &bytes)
    }
}

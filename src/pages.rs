//! The template pass: every page of a [`Project`] through the theme's templates, and the
//! theme's and the site's files, into a [`Sink`] (the staging folder, memory, or nowhere).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::assets::CONTENT_ASSETS_DIR;
use crate::diagnostics::Diagnostic;
use crate::discover::SourceTree;
use crate::markdown::TocEntry;
use crate::nav::{NavLink, Navigation, SidebarNode};
use crate::output::Sink;
use crate::render::{self, BUILTIN_ASSETS, MERMAID_JS};
use crate::routes::{page_href, root_prefix};
use crate::shortcodes::{DOC_CARD_LIST_MARKER, DOC_CARD_LIST_TEMPLATE};
use crate::site::{FULL_SIDEBAR_LIMIT, Project, THEME_CSS};

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    /// Title in the header (Docusaurus' `navbar.title`), the site title by default.
    header_title: &'a str,
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
    /// The page shows a Mermaid diagram: load the renderer.
    mermaid: bool,
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
                let mut items = self
                    .nav
                    .category_of_route
                    .get(&doc.source.route)
                    .map(|key| self.nav.category_items(key))
                    .unwrap_or_default();
                let with_cards;
                let content = if doc.rendered.html.contains(DOC_CARD_LIST_MARKER) {
                    // `<DocCardList/>` lists the page's category, or else the one it is in.
                    let cards = match (items.is_empty(), ancestors.last()) {
                        (true, Some(key)) => self.nav.category_items(key),
                        _ => std::mem::take(&mut items),
                    };
                    let html = self.render_cards(&cards, &root_prefix(&doc.source.route))?;
                    with_cards = doc.rendered.html.replace(DOC_CARD_LIST_MARKER, &html);
                    with_cards.as_str()
                } else {
                    doc.rendered.html.as_str()
                };
                let view = PageView {
                    kind: "doc",
                    id: &doc.source.id,
                    route: &doc.source.route,
                    title: &doc.title,
                    heading: &doc.heading,
                    description: fm.description.as_deref(),
                    mermaid: doc.rendered.mermaid,
                    content,
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
                self.nav.sidebars.first().map_or(&[][..], Vec::as_slice),
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

    fn render_cards(&self, items: &[SidebarNode], root: &str) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert_value("items", render::to_value(items)?);
        ctx.insert("root", root);
        self.theme.render(DOC_CARD_LIST_TEMPLATE, &ctx)
    }

    fn ancestors(&self, route: &str) -> &[String] {
        self.nav.ancestors.get(route).map_or(&[], Vec::as_slice)
    }

    fn shared_values(&self) -> Result<SharedValues, Diagnostic> {
        let site = SiteView {
            title: &self.config.title,
            header_title: self
                .config
                .navbar_title
                .as_deref()
                .unwrap_or(&self.config.title),
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
            sidebars: if full {
                let values: Result<Vec<Value>, Diagnostic> =
                    self.nav.sidebars.iter().map(render::to_value).collect();
                Some(values?)
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
        let index = match view.kind {
            "home" => self.nav.sidebar_index(None),
            _ => self.nav.sidebar_index(Some(route)),
        };
        let sidebar = shared.sidebar(&self.nav, index, view.ancestors)?;
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
        let sidebar = shared.sidebar(&self.nav, self.nav.sidebar_index(None), &[])?;
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
    /// Every sidebar whole, when they are small enough to give every page all of its own.
    sidebars: Option<Vec<Value>>,
}

impl SharedValues {
    fn sidebar(
        &self,
        nav: &Navigation,
        index: Option<usize>,
        ancestors: &[String],
    ) -> Result<Value, Diagnostic> {
        match (&self.sidebars, index) {
            (Some(all), Some(i)) if i < all.len() => Ok(all[i].clone()),
            _ => render::to_value(&nav.sidebar_for(index, ancestors, false)),
        }
    }
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
            self.docs.iter().any(|d| d.rendered.mermaid),
        )
    }
}

fn write_assets(
    staging: &dyn Sink,
    tree: &SourceTree,
    content_dir: &Path,
    static_dir: &Path,
    syntax_css: &str,
    mermaid: bool,
) -> (usize, Vec<Diagnostic>) {
    let static_set: HashSet<&str> = tree.static_files.iter().map(String::as_str).collect();
    let mut results: Vec<Result<(), Diagnostic>> = BUILTIN_ASSETS
        .iter()
        .filter(|(name, _)| *name != THEME_CSS && !static_set.contains(name))
        .filter(|(name, _)| *name != MERMAID_JS || mermaid)
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

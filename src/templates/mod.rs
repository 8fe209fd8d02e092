//! The template stage: every page of the rendered [`Content`] through the theme's templates —
//! docs, generated category pages, the home page, `404.html` and `sitemap.xml` — into a
//! [`Sink`] (the staging folder, memory, or nowhere).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::chrome;
use crate::content::{self, Content, Doc, PageBody, PageFacts, RenderEnv};
use crate::diagnostics::Diagnostic;
use crate::links::{LinkIndex, Target, is_external};
use crate::markdown::RenderedMarkdown;
use crate::markdown::TocEntry;
use crate::nav::{GeneratedIndex, NavLink, Navigation, SidebarNode, SidebarPart};
use crate::output::Sink;
use crate::page::PageKind;
use crate::progress::Stage;
use crate::routes::{page_href, root_prefix};
use crate::shortcodes::{DOC_CARD_LIST_MARKER, DOC_CARD_LIST_TEMPLATE};
use crate::site::Site;
use crate::theme::{self, Theme};

mod blog;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    /// Title in the header (Docusaurus' `navbar.title`), the site title by default.
    header_title: &'a str,
    tagline: &'a str,
    /// `<html lang>`.
    language: &'a str,
    /// `<html dir>`: `ltr` or `rtl`.
    direction: &'a str,
    /// The site's locales, each with the way to its root from this locale's root (`fr/`,
    /// `../`) and its public address; empty when the site is not translated.
    locales: Vec<LocaleLink<'a>>,
    /// The current locale's label, for the locale dropdown.
    locale_label: &'a str,
    /// From this locale's root to the site's root, where the search index is (`../`).
    locale_up: &'static str,
    /// Every version's label: pages outside the docs (posts, Markdown pages) carry them all,
    /// so a search kept to one version still finds them.
    version_labels: Vec<&'a str>,
    /// The last version's label: what a search from a page outside the docs is kept to.
    last_version: Option<&'a str>,
    base_url: Option<String>,
    logo: Option<&'a str>,
    favicon: Option<&'a str>,
    footer: Option<&'a str>,
    logo_dark: Option<&'a str>,
    logo_alt: &'a str,
    /// Where the logo leads: a page of the site (relative to the root) or a URL.
    logo_path: String,
    logo_url: Option<&'a str>,
    hide_on_scroll: bool,
    footer_columns: &'a [chrome::FooterColumn],
    footer_row: &'a [chrome::ChromeLink],
    footer_style: Option<&'a str>,
    footer_logo: Option<&'a str>,
    announcement: Option<&'a chrome::Announcement>,
    color_mode: &'a chrome::ColorMode,
    custom_css: &'a [String],
    /// The search box and index are on.
    search: bool,
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
    /// The id of the page's `<h1>` (from the H1 written in the page).
    heading_id: Option<&'a str>,
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
    /// The page is indexed for search.
    search: bool,
    source: &'a str,
    edit_url: Option<String>,
    last_updated: Option<String>,
    last_updated_iso: Option<String>,
    ancestors: &'a [String],
    extra: Option<&'a BTreeMap<String, serde_json::Value>>,
    /// The page's version of the docs, when they are versioned.
    version: Option<VersionView>,
    /// Its index among the site's versions.
    #[serde(skip)]
    version_index: Option<usize>,
    /// The page whose URL is canonical for this one (the same page in the last version).
    #[serde(skip)]
    canonical_route: Option<&'a str>,
}

/// What a versioned page shows of its version.
#[derive(Serialize, Default)]
struct VersionView {
    name: String,
    label: String,
    /// `Version: 2.0`, when the version shows a badge.
    badge: Option<String>,
    /// The banner's sentence, on unreleased and unmaintained versions.
    banner: Option<String>,
    /// The same page in the last version, or that version's first page.
    latest_path: String,
    latest_text: String,
}

/// Which pages to render.
#[derive(Clone, Copy)]
pub(crate) enum Only<'a> {
    /// Every page, with `404.html` and `sitemap.xml`.
    All,
    /// The pages at these routes (a generated category page or the home page too, when its
    /// route is listed).
    Routes(&'a HashSet<String>),
    /// This one page alone (one `serve` renders on request).
    Doc(&'a Doc),
    /// Every page but those whose bodies are streamed, with `404.html` and `sitemap.xml`: what
    /// `serve` holds, which renders the others when they are asked for.
    Held,
}

/// Where the parts of trimmed sidebars go, in the output (see [`SidebarPart`]).
const SIDEBAR_PARTS: &str = "theme/sidebar/";

/// Up to this many pages, a pass renders them on the calling thread.
const FEW_PAGES: usize = 16;

impl Only<'_> {
    fn wants(&self, route: &str) -> bool {
        match self {
            Only::All | Only::Held => true,
            Only::Routes(routes) => routes.contains(route),
            Only::Doc(_) => false,
        }
    }

    fn wants_doc(&self, doc: &Doc) -> bool {
        match self {
            Only::Held => doc.kept().is_some(),
            Only::Doc(one) => std::ptr::eq(*one, doc),
            _ => self.wants(&doc.source.route),
        }
    }

    /// `f` over the wanted `items`: in parallel for a pass over the site, on this thread for a
    /// few pages (a page `serve` renders on request should not wait for the pool's threads,
    /// which may be busy).
    fn map<'i, T: Sync, R: Send>(
        &self,
        items: &'i [T],
        wanted: impl Fn(&T) -> bool + Sync + Send,
        f: impl Fn(&'i T) -> R + Sync + Send,
    ) -> Vec<R> {
        let few = match self {
            Only::Doc(_) => true,
            Only::Routes(routes) => routes.len() <= FEW_PAGES,
            Only::All | Only::Held => false,
        };
        match few {
            true => items.iter().filter(|i| wanted(i)).map(f).collect(),
            false => items.par_iter().filter(|i| wanted(i)).map(f).collect(),
        }
    }

    /// The site-wide files too: `404.html`, the sitemap, the feeds.
    fn whole_site(&self) -> bool {
        matches!(self, Only::All | Only::Held)
    }
}

/// What a template pass wrote.
pub(crate) struct Written {
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// What the pages rendered while they were written found, for the checks over every page.
    pub streamed: Vec<PageFacts>,
}

/// What the last build left of its pages (`cache::PageCache`): a pass over the whole site takes
/// a page from there instead of rendering it when nothing it is made from changed.
pub(crate) trait KeptPages: Sync {
    /// The facts of `doc` when the last output's file at `out_rel` is still what it would
    /// render, once `sink` has taken that file; `None` means render it.
    fn kept(&self, doc: &Doc, out_rel: &str, sink: &dyn Sink) -> Option<PageFacts>;
    /// A page rendered and written now, for the next build.
    fn rendered(&self, doc: &Doc, out_rel: &str, facts: &PageFacts);
}

/// Renders the pages through the templates into `sink`: each page whose body is not kept is
/// rendered here (or taken from `kept`), written, and dropped.
pub(crate) fn render(
    site: &Site,
    theme: &Theme,
    content: &Content,
    sink: &dyn Sink,
    only: Only<'_>,
    kept: Option<&dyn KeptPages>,
) -> Written {
    let version_pages = match site.versions.is_empty() {
        true => HashMap::new(),
        false => content
            .docs
            .iter()
            .filter_map(|d| {
                let (version, _) = site.version_of(d.source.instance)?;
                Some(((version, d.source.id.as_str()), d.source.route.as_str()))
            })
            .collect(),
    };
    let pass = Pass {
        site,
        theme,
        content,
        nav: &content.nav,
        version_pages,
        kept,
    };
    pass.render_pages(sink, only)
}

/// The parts of trimmed sidebars (see [`SidebarPart`]) that may show one of `routes`, rendered
/// into `sink`: after a title edit, `serve` renders them again with the pages that show it.
pub(crate) fn render_sidebar_parts_showing(
    site: &Site,
    theme: &Theme,
    content: &Content,
    sink: &dyn Sink,
    routes: &HashSet<String>,
) -> Vec<Diagnostic> {
    let pass = Pass {
        site,
        theme,
        content,
        nav: &content.nav,
        version_pages: HashMap::new(),
        kept: None,
    };
    let written = pass.render_sidebar_parts(sink, Only::Routes(routes));
    written.into_iter().filter_map(Result::err).collect()
}

/// One template pass over the site: what every page is rendered from.
struct Pass<'a> {
    site: &'a Site,
    theme: &'a Theme,
    content: &'a Content,
    nav: &'a Navigation,
    /// (version, doc id) → route, for the same page in another version.
    version_pages: HashMap<(usize, &'a str), &'a str>,
    kept: Option<&'a dyn KeptPages>,
}

impl Pass<'_> {
    fn render_pages(&self, staging: &dyn Sink, only: Only<'_>) -> Written {
        let shared = match self.shared_values() {
            Ok(v) => v,
            Err(d) => {
                return Written {
                    pages: 0,
                    diagnostics: vec![d],
                    streamed: Vec::new(),
                };
            }
        };
        let env = RenderEnv::new(
            self.site,
            Some(self.theme),
            &self.content.links,
            &self.content.shortcodes,
        );
        // Doc ids are per docs instance: `pagination_next: intro` stays in the page's own.
        // Built when a page first names another by id (few do).
        let by_id: OnceLock<HashMap<(usize, &str), NavLink>> = OnceLock::new();
        let by_id = |instance: usize, id: &str| {
            let map = by_id.get_or_init(|| {
                let docs = self.content.docs.iter();
                docs.map(|d| {
                    let link = NavLink {
                        label: d.title.clone(),
                        route: d.source.route.clone(),
                        href: page_href(&d.source.route),
                    };
                    ((d.source.instance, d.source.id.as_str()), link)
                })
                .collect()
            });
            map.get(&(instance, id)).cloned()
        };
        if matches!(only, Only::All) {
            let progress = &self.site.options.progress;
            progress.start(Stage::Write, self.content.docs.len());
        }
        let write_doc = |doc: &Doc| {
            let out_rel = page_href(&doc.source.route);
            if let Some(facts) = self.kept.and_then(|k| k.kept(doc, &out_rel, staging)) {
                self.site.options.progress.advance();
                return (Ok(()), Some(facts));
            }
            let body = match content::body(doc, &env) {
                Ok(body) => body,
                Err(d) => return (Err(d), None),
            };
            let written = self.render_doc(staging, doc, &body, &shared, &by_id);
            self.site.options.progress.advance();
            let facts = match body {
                PageBody::Fresh(rendered) => Some(PageFacts::of(doc, rendered)),
                PageBody::Kept(_) => None,
            };
            if let (Ok(()), Some(facts), Some(kept)) = (&written, &facts, self.kept) {
                kept.rendered(doc, &out_rel, facts);
            }
            (written, facts)
        };
        let (mut results, streamed): (Vec<Result<(), Diagnostic>>, Vec<Option<PageFacts>>) = only
            .map(&self.content.docs, |doc| only.wants_doc(doc), write_doc)
            .into_iter()
            .unzip();
        let write_category = |g: &GeneratedIndex| {
            let (prev, next) = self.nav.neighbours(&g.route, None, &|_| None);
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
                Vec::new(),
            )
        };
        let category_results = only.map(
            &self.nav.category_pages,
            |g| only.wants(&g.route),
            write_category,
        );
        results.extend(category_results);
        let home_wanted = only.wants("");
        // A page at the root (a doc, `src/pages/index.md`, a blog at `/`) is the home page.
        let blog_at_root = self.site.blog.as_ref().is_some_and(|b| b.base().is_empty());
        let root_taken =
            blog_at_root || self.content.docs.iter().any(|d| d.source.route.is_empty());
        if home_wanted && !root_taken {
            let view = PageView {
                kind: "home",
                title: &self.site.config.title,
                heading: &self.site.config.title,
                description: Some(&self.site.config.tagline)
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
                Vec::new(),
            ));
        }
        if self.site.blog.is_some() {
            results.extend(self.render_blog(staging, only, &shared));
        }
        let pages = results.len();
        if only.whole_site() {
            results.extend(self.render_sidebar_parts(staging, only));
            results.push(self.render_special(staging, "404.html", &shared));
            if self.site.config.base_url.is_some() {
                results.push(self.render_special(staging, "sitemap.xml", &shared));
            }
        }
        Written {
            pages,
            diagnostics: results.into_iter().filter_map(Result::err).collect(),
            streamed: streamed.into_iter().flatten().collect(),
        }
    }

    /// One page through its template into `staging`, with its rendered `body`.
    fn render_doc(
        &self,
        staging: &dyn Sink,
        doc: &Doc,
        body: &RenderedMarkdown,
        shared: &SharedValues,
        by_id: &dyn Fn(usize, &str) -> Option<NavLink>,
    ) -> Result<(), Diagnostic> {
        let instance = doc.source.instance;
        let lookup = |id: &str| by_id(instance, id);
        // Git dates are read for the default docs folder.
        let last_commit = match instance {
            0 => self.site.history.get(&doc.source.rel),
            _ => None,
        };
        let (prev, next) = self
            .nav
            .neighbours(&doc.source.route, Some(&doc.nav), &lookup);
        let ancestors = self.ancestors(&doc.source.route);
        let fm = &doc.source.front;
        let mut items = self
            .nav
            .category_of_route
            .get(&doc.source.route)
            .map(|key| self.nav.category_items(key))
            .unwrap_or_default();
        let with_cards;
        let content = if body.html.contains(DOC_CARD_LIST_MARKER) {
            // `<DocCardList/>` lists the page's category, or else the one it is in.
            let cards = match (items.is_empty(), ancestors.last()) {
                (true, Some(key)) => self.nav.category_items(key),
                _ => std::mem::take(&mut items),
            };
            let html = self.render_cards(&cards, &root_prefix(&doc.source.route))?;
            with_cards = body.html.replace(DOC_CARD_LIST_MARKER, &html);
            with_cards.as_str()
        } else {
            body.html.as_str()
        };
        let view = PageView {
            kind: "doc",
            id: &doc.source.id,
            route: &doc.source.route,
            title: &doc.title,
            heading: body.h1.as_deref().unwrap_or(&doc.title),
            heading_id: body.h1_id.as_deref(),
            description: fm.description.as_deref(),
            mermaid: body.mermaid,
            content,
            toc: &body.toc,
            tags: &fm.tags,
            keywords: &fm.keywords,
            image: fm.image.as_deref(),
            hide_title: fm.hide_title,
            hide_table_of_contents: fm.hide_table_of_contents,
            search: self.site.config.search && fm.search.or(fm.pagefind).unwrap_or(true),
            source: &doc.source.rel,
            edit_url: self.site.config.edit_url.as_ref().map(|base| {
                let content = match doc.source.instance {
                    0 => self.site.config.content_dir.to_string_lossy().into_owned(),
                    i => self.site.instances[i - 1].path.clone(),
                };
                format!(
                    "{}/{content}/{}",
                    base.trim_end_matches('/'),
                    doc.source.rel
                )
            }),
            last_updated: last_commit.map(|t| crate::i18n::format_date(*t, &self.site.strings)),
            last_updated_iso: last_commit.map(|t| crate::date::iso_date(*t)),
            ancestors,
            extra: Some(&fm.extra),
            ..PageView::default()
        };
        let view = self.with_version(view, doc);
        match doc.source.kind {
            PageKind::Doc => self.render_to(
                staging,
                "page.html",
                view,
                shared,
                (prev, next),
                &items,
                Vec::new(),
            ),
            PageKind::Page => {
                let view = PageView {
                    kind: "page",
                    ancestors: &[],
                    ..view
                };
                let no_sidebar = vec![("sidebar", Value::from(Vec::<Value>::new()))];
                self.render_to(
                    staging,
                    "mdpage.html",
                    view,
                    shared,
                    (None, None),
                    &[],
                    no_sidebar,
                )
            }
            PageKind::Post => self.render_post(staging, doc, view, shared),
        }
    }

    /// The page's version: its badge and banner, and the same page in the last version as
    /// its canonical URL.
    fn with_version<'v>(
        &'v self,
        mut view: PageView<'v>,
        doc: &'v crate::content::Doc,
    ) -> PageView<'v> {
        let Some((index, version)) = self.site.version_of(doc.source.instance) else {
            return view;
        };
        let last_index = self.site.versions.iter().position(|v| v.is_last);
        let last = last_index.and_then(|i| self.site.versions.get(i));
        let latest = last_index.and_then(|l| self.version_pages.get(&(l, doc.source.id.as_str())));
        let strings = &self.site.strings;
        let fill = |key: &str, v: &str| {
            strings
                .get(key)
                .map(|s| {
                    s.replace("{site}", &self.site.config.title)
                        .replace("{version}", v)
                })
                .unwrap_or_default()
        };
        let banner = match version.banner {
            crate::versions::Banner::None => None,
            crate::versions::Banner::Unreleased => Some(fill("version_unreleased", &version.label)),
            crate::versions::Banner::Unmaintained => {
                Some(fill("version_unmaintained", &version.label))
            }
        };
        let last_label = last.map_or("", |l| l.label.as_str());
        view.version = Some(VersionView {
            name: version.name.clone(),
            label: version.label.clone(),
            badge: version.badge.then(|| fill("version_badge", &version.label)),
            banner,
            latest_path: match (latest, last_index) {
                (Some(route), _) => page_href(route),
                (None, Some(l)) => {
                    let homes = &self.content.chrome.version_homes;
                    page_href(homes.get(l).map_or("", String::as_str))
                }
                (None, None) => page_href(""),
            },
            latest_text: fill("version_latest_link", last_label),
        });
        view.version_index = Some(index);
        view.canonical_route = latest.copied();
        view
    }

    fn render_cards(&self, items: &[SidebarNode], root: &str) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert_value("items", theme::to_value(items)?);
        ctx.insert("root", root);
        self.theme.render(DOC_CARD_LIST_TEMPLATE, &ctx)
    }

    fn ancestors(&self, route: &str) -> &[String] {
        self.nav.ancestors.get(route).map_or(&[], Vec::as_slice)
    }

    fn shared_values(&self) -> Result<SharedValues, Diagnostic> {
        let config = &self.site.config;
        let site = SiteView {
            title: &self.site.config.title,
            header_title: self
                .site
                .config
                .navbar_title
                .as_deref()
                .unwrap_or(&self.site.config.title),
            tagline: &self.site.config.tagline,
            language: self.site.locale.as_ref().map_or_else(
                || {
                    self.site
                        .locales
                        .first()
                        .map_or(config.language.as_str(), |l| l.html_lang.as_str())
                },
                |l| l.html_lang.as_str(),
            ),
            direction: self
                .site
                .locale
                .as_ref()
                .or(self.site.locales.first())
                .map_or("ltr", |l| l.direction.as_str()),
            locales: self.locale_links(),
            locale_label: self
                .site
                .locale
                .as_ref()
                .or(self.site.locales.first())
                .map_or("", |l| l.label.as_str()),
            locale_up: if self.site.locale.is_some() {
                "../"
            } else {
                ""
            },
            version_labels: self
                .site
                .versions
                .iter()
                .map(|v| v.label.as_str())
                .collect(),
            last_version: self
                .site
                .versions
                .iter()
                .find(|v| v.is_last)
                .map(|v| v.label.as_str()),
            base_url: self.site.config.base_url_slash(),
            logo: self.site.config.logo.as_deref(),
            favicon: self.site.config.favicon.as_deref(),
            footer: self.site.config.footer.as_deref(),
            logo_dark: config.logo_dark.as_deref(),
            logo_alt: config.logo_alt.as_deref().unwrap_or(""),
            logo_path: logo_path(config.logo_href.as_deref(), &self.content.links),
            logo_url: config.logo_href.as_deref().filter(|h| is_external(h)),
            hide_on_scroll: config.navbar_hide_on_scroll,
            footer_columns: &self.content.chrome.footer_columns,
            footer_row: &self.content.chrome.footer_row,
            footer_style: config.footer_style.as_deref(),
            footer_logo: config.footer_logo.as_deref(),
            announcement: config.announcement.as_ref(),
            color_mode: &config.color_mode,
            custom_css: &self.site.config.custom_css,
            search: self.site.config.search,
            strings: &self.site.strings,
            extra: &self.site.config.extra,
        };
        let full = !self.nav.trims_sidebars();
        Ok(SharedValues {
            site: theme::to_value(&site)?,
            sidebars: if full {
                let values: Result<Vec<Value>, Diagnostic> =
                    self.nav.sidebars.iter().map(theme::to_value).collect();
                Some(values?)
            } else {
                None
            },
        })
    }

    // One call renders any kind of page; its parts are what every template receives.
    #[allow(clippy::too_many_arguments)]
    fn render_to(
        &self,
        staging: &dyn Sink,
        template: &str,
        mut view: PageView<'_>,
        shared: &SharedValues,
        (prev, next): (Option<NavLink>, Option<NavLink>),
        items: &[SidebarNode],
        extra: Vec<(&'static str, Value)>,
    ) -> Result<(), Diagnostic> {
        let route = view.route;
        view.href = page_href(route);
        let canonical = view.canonical_route.unwrap_or(route);
        view.permalink = self.site.config.base_url_slash().map(|b| {
            if canonical.is_empty() {
                b
            } else {
                format!("{b}{canonical}/")
            }
        });
        let index = match view.kind {
            "home" => self.nav.sidebar_index(None),
            _ => self.nav.sidebar_index(Some(route)),
        };
        let sidebar = shared.sidebar(self.nav, index, view.ancestors)?;
        let mut ctx = Context::new();
        ctx.insert_value("site", shared.site.clone());
        ctx.insert_value("sidebar", sidebar);
        ctx.insert("sidebar_parts", &self.sidebar_parts(index));
        let mut navbar = chrome::for_page(&self.content.chrome.navbar, route, index);
        if !self.site.versions.is_empty() {
            let id = view.id;
            let same_page = |i: usize| {
                let found = view.version_index.and(self.version_pages.get(&(i, id)));
                found.map(|r| r.to_string())
            };
            chrome::with_version(&mut navbar, view.version_index, &same_page);
        }
        ctx.insert_value("navbar", theme::to_value(&navbar)?);
        ctx.insert_value("page", theme::to_value(&view)?);
        ctx.insert_value(
            "breadcrumbs",
            theme::to_value(&self.nav.breadcrumbs(route))?,
        );
        ctx.insert_value("prev", theme::to_value(&prev)?);
        ctx.insert_value("next", theme::to_value(&next)?);
        ctx.insert_value("items", theme::to_value(items)?);
        ctx.insert("root", &root_prefix(route));
        for (name, value) in extra {
            ctx.insert_value(name, value);
        }
        let html = self.theme.render(template, &ctx)?;
        staging.write(&page_href(route), html.as_bytes())
    }

    /// The folder of a trimmed sidebar's parts (see [`SidebarPart`]), from the site root.
    fn sidebar_parts(&self, sidebar: Option<usize>) -> Option<String> {
        let sidebar = sidebar.filter(|_| self.nav.trims_sidebars())?;
        Some(format!("{SIDEBAR_PARTS}{sidebar}/"))
    }

    /// The items of the collapsed categories a trimmed sidebar leaves out, a script each, which
    /// the page loads when such a category is opened (a script and not a fetch, so that it
    /// also works from disk): every part in a pass over the whole site, else those that may
    /// show one of `routes` (the parts of their collapsed ancestors).
    fn render_sidebar_parts(&self, sink: &dyn Sink, only: Only<'_>) -> Vec<Result<(), Diagnostic>> {
        if !self.nav.trims_sidebars() {
            return Vec::new();
        }
        let showing: HashSet<&str> = match only {
            Only::All | Only::Held => HashSet::new(),
            Only::Doc(_) => return Vec::new(),
            Only::Routes(routes) => routes
                .iter()
                .flat_map(|r| self.ancestors(r))
                .map(String::as_str)
                .collect(),
        };
        let parts = self.nav.folded_parts();
        only.map(
            &parts,
            |part| only.whole_site() || showing.contains(part.category.key.as_str()),
            |part| self.render_sidebar_part(sink, part),
        )
    }

    fn render_sidebar_part(
        &self,
        sink: &dyn Sink,
        part: &SidebarPart<'_>,
    ) -> Result<(), Diagnostic> {
        // The part's links lead from its own folder, where the page resolves them.
        let folder = format!("{SIDEBAR_PARTS}{}", part.sidebar);
        let place = part.place();
        let mut ctx = Context::new();
        ctx.insert_value("items", theme::to_value(&part.items())?);
        ctx.insert("at", &folder);
        ctx.insert("root", &root_prefix(&folder));
        let html = self.theme.render("sidebar-part.html", &ctx)?;
        let script = format!(
            "docgenSidebarPart({},{});\n",
            serde_json::to_string(&place).unwrap_or_default(),
            serde_json::to_string(html.trim()).unwrap_or_default()
        );
        let file = format!("{folder}/{place}.js");
        sink.write(&file, script.as_bytes())
    }

    /// `404.html` and `sitemap.xml`: served from anywhere, so links start from the base path.
    fn render_special(
        &self,
        staging: &dyn Sink,
        template: &str,
        shared: &SharedValues,
    ) -> Result<(), Diagnostic> {
        let base = self.site.config.base_url_slash();
        let urls: Vec<String> = match &base {
            Some(b) => {
                // An older version's page whose canonical URL is the last version's is left
                // to that one.
                let last = self.site.versions.iter().position(|v| v.is_last);
                let superseded: HashSet<&str> = self
                    .content
                    .docs
                    .iter()
                    .filter(|d| {
                        let old = self.site.version_of(d.source.instance);
                        old.is_some_and(|(_, v)| !v.is_last)
                            && last.is_some_and(|l| {
                                self.version_pages.contains_key(&(l, d.source.id.as_str()))
                            })
                    })
                    .map(|d| d.source.route.as_str())
                    .collect();
                let mut routes: Vec<&str> =
                    self.nav.order.iter().map(|l| l.route.as_str()).collect();
                routes.extend(self.content.docs.iter().map(|d| d.source.route.as_str()));
                routes.retain(|r| !superseded.contains(r));
                let blog_routes = self
                    .site
                    .blog
                    .as_ref()
                    .map(|b| b.routes())
                    .unwrap_or_default();
                routes.extend(blog_routes.iter().map(String::as_str));
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
                .site
                .strings
                .get("not_found_title")
                .map_or("404", String::as_str),
            heading: self
                .site
                .strings
                .get("not_found_title")
                .map_or("404", String::as_str),
            hide_table_of_contents: true,
            ..PageView::default()
        };
        let mut ctx = Context::new();
        ctx.insert_value("site", shared.site.clone());
        let index = self.nav.sidebar_index(None);
        let sidebar = shared.sidebar(self.nav, index, &[])?;
        ctx.insert_value("sidebar", sidebar);
        ctx.insert("sidebar_parts", &self.sidebar_parts(index));
        let navbar = chrome::for_page(&self.content.chrome.navbar, "404", None);
        ctx.insert_value("navbar", theme::to_value(&navbar)?);
        ctx.insert_value("page", theme::to_value(&view)?);
        ctx.insert_value("breadcrumbs", Value::from(Vec::<Value>::new()));
        ctx.insert_value("prev", Value::none());
        ctx.insert_value("next", Value::none());
        ctx.insert_value("items", Value::from(Vec::<Value>::new()));
        ctx.insert("urls", &urls);
        ctx.insert(
            "root",
            &self
                .site
                .config
                .base_path()
                .unwrap_or_else(|| "/".to_string()),
        );
        let out = self.theme.render(template, &ctx)?;
        staging.write(template, out.as_bytes())
    }
}

/// The page the logo leads to: `logo.href` when it is a route of the site, else the home page.
fn logo_path(href: Option<&str>, links: &LinkIndex) -> String {
    match href
        .filter(|h| !is_external(h))
        .and_then(|h| links.absolute(h))
    {
        Some(Target::Page(route)) => page_href(&route),
        _ => page_href(""),
    }
}

/// Another locale's root, for the locale dropdown and `hreflang` links.
#[derive(Serialize)]
struct LocaleLink<'a> {
    code: &'a str,
    label: &'a str,
    html_lang: &'a str,
    /// From this locale's root to that one's.
    rel: String,
    /// Its public address, when the site has one.
    base_url: Option<String>,
    current: bool,
}

impl Pass<'_> {
    fn locale_links(&self) -> Vec<LocaleLink<'_>> {
        let here = self.site.locale.as_ref().map(|l| l.code.as_str());
        let up = if here.is_some() { "../" } else { "" };
        // The site's address without this locale's folder.
        let root_url = self
            .site
            .config
            .base_url_slash()
            .map(|b| match &self.site.locale {
                Some(l) => b
                    .strip_suffix(&format!("{}/", l.path))
                    .map_or(b.clone(), str::to_string),
                None => b,
            });
        self.site
            .locales
            .iter()
            .map(|l| {
                let folder = match l.path.is_empty() {
                    true => String::new(),
                    false => format!("{}/", l.path),
                };
                LocaleLink {
                    code: &l.code,
                    label: &l.label,
                    html_lang: &l.html_lang,
                    rel: format!("{up}{folder}"),
                    base_url: root_url.as_ref().map(|b| format!("{b}{folder}")),
                    current: here.map_or(l.path.is_empty(), |h| h == l.code),
                }
            })
            .collect()
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
            _ => theme::to_value(&nav.sidebar_for(index, ancestors, false)),
        }
    }
}

//! Incremental rebuilds for `docgen serve`: which part of the site an edited file affects, and
//! redoing only that on the kept [`LiveSite`]. Every step is one of the build's own stages
//! ([`build::load`], [`content::render_page`], [`templates::render`]); this module only
//! decides which of them an edit needs.
//!
//! The live site holds what `docgen build` holds: every page's outline, the bodies of blog
//! posts, and the few files made from the whole site (category pages, lists, `404.html`, the
//! sitemap, the assets). A page is rendered when it is asked for ([`LiveSite::page`]), so the
//! preview of a big site is ready as soon as it is loaded and its memory stays flat. What the
//! build's checks need of every page (its problems, ids and `#anchor` links) is gathered a part
//! at a time in the background ([`LiveSite::check_routes`]) and kept current by edits.

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::build::{self, BuildFailed, BuildOptions, Loaded};
use crate::content::{self, PageFacts, RenderEnv};
use crate::diagnostics::{self, Diagnostic};
use crate::discover;
use crate::output::{Collect, Sink};
use crate::page;
use crate::routes::output_path;
use crate::static_files;
use crate::templates::{self, Only, Written};
use crate::theme::{THEME_CSS, Theme};

/// Output files in memory: path inside the output → contents.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The site as last loaded, kept between edits.
pub(crate) struct LiveSite {
    loaded: Loaded,
    /// Output path → index in the docs of each page rendered when asked for.
    streamed: HashMap<String, usize>,
    /// What rendering each of those pages found, by route: from the check over the whole site
    /// ([`LiveSite::add_checked`]) and from edits since.
    facts: HashMap<String, PageFacts>,
    /// Every page has its facts: the anchor check over the whole site can run.
    checked: bool,
    /// Counts loads: what a check over an earlier load found is stale.
    generation: u64,
    /// An edit changed the state while the site had errors, so its files were not published:
    /// the next good update renders every held file again.
    unpublished: bool,
}

/// What an edit changed in the site.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Update {
    /// Output paths that changed (`a/b/index.html`, `theme/docgen.css`, ...): the held files
    /// among them were written, the pages rendered on request are rendered anew when asked for.
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

impl LiveSite {
    /// Loads the site and renders the files it holds (not its pages, which are rendered when
    /// asked for): the first build of `serve`, and the rebuild after a file was broken.
    /// Returns the site, its files and its warnings.
    pub fn build(
        options: &BuildOptions,
    ) -> Result<(LiveSite, Files, Vec<Diagnostic>), BuildFailed> {
        let built = build::load(options, None).map(|(loaded, mut diags)| {
            let collect = collector(&loaded);
            write_held(&loaded, &collect, &mut diags);
            (loaded, collect, diags)
        });
        options.progress.finish();
        let (loaded, collect, diags) = built?;
        let warnings = build::finish(diags, &loaded.site)?;
        Ok((LiveSite::new(loaded, 0), collect.take(), warnings))
    }

    fn new(loaded: Loaded, load: u64) -> LiveSite {
        let streamed = loaded
            .content
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kept().is_none())
            .map(|(i, d)| (output_path(&d.source.route), i))
            .collect();
        LiveSite {
            loaded,
            streamed,
            facts: HashMap::new(),
            checked: false,
            generation: load,
            unpublished: false,
        }
    }

    /// The site has search on (its index is built beside the pages).
    pub fn searchable(&self) -> bool {
        self.loaded.site.config.search
    }

    /// Where `docgen build` would write this site (`serve` ignores changes there).
    pub fn output(&self) -> &Path {
        &self.loaded.site.paths.output
    }

    /// The source folders outside the site folder (`path: '../docs'`), as absolute paths in
    /// the form the change detection compares with.
    pub fn outside_sources(&self) -> Vec<PathBuf> {
        let root = &self.loaded.site.paths.root;
        build::outside_sources(&self.loaded.site)
            .into_iter()
            .map(|rel| {
                let path = root.join(rel);
                std::path::absolute(&path).unwrap_or(path)
            })
            .collect()
    }

    /// A collector for this site's files.
    pub fn collector(&self) -> Collect {
        collector(&self.loaded)
    }

    /// The page at output path `key`, rendered now from its file; `None` when no page is
    /// rendered on request there (the held files are served as they are).
    pub fn page(&self, key: &str) -> Option<Result<Vec<u8>, Vec<Diagnostic>>> {
        let doc = &self.loaded.content.docs[*self.streamed.get(key)?];
        let collect = Collect::default();
        let written = self.render(&collect, Only::Doc(doc));
        if !written.diagnostics.is_empty() {
            return Some(Err(written.diagnostics));
        }
        let (_, page) = collect.take().into_iter().find(|(path, _)| path == key)?;
        Some(Ok(page))
    }

    /// Which load of the site this is, and the routes of its pages rendered on request: for
    /// work over every page done a part at a time ([`LiveSite::check_routes`],
    /// [`LiveSite::render_routes`]), so that edits get in between the parts.
    pub fn streamed_routes(&self) -> (u64, Vec<String>) {
        let docs = &self.loaded.content.docs;
        let mut routes: Vec<(usize, String)> = self
            .streamed
            .values()
            .map(|&i| (i, docs[i].source.route.clone()))
            .collect();
        routes.sort_unstable();
        (
            self.generation,
            routes.into_iter().map(|(_, r)| r).collect(),
        )
    }

    /// Which load of the site this is (see [`LiveSite::streamed_routes`]).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The pages at `routes` through the templates into `sink` (for the search index).
    pub fn render_routes(&self, routes: &HashSet<String>, sink: &dyn Sink) -> Vec<Diagnostic> {
        self.render(sink, Only::Routes(routes)).diagnostics
    }

    /// Renders the bodies of the pages at `routes` for what the checks need of them.
    pub fn check_routes(&self, routes: &[String]) -> Vec<PageFacts> {
        let Loaded {
            site,
            theme,
            content,
        } = &self.loaded;
        let env = RenderEnv::new(site, Some(theme), &content.links, &content.shortcodes);
        routes
            .par_iter()
            .filter_map(|r| self.streamed.get(&output_path(r)))
            .filter_map(|&i| PageFacts::render(&content.docs[i], &env))
            .collect()
    }

    /// Takes what a check over load `load` found, once it went over every page, and returns
    /// the site's problems; `None` when the site was loaded again since (check it again). Pages
    /// edited during the check keep the facts their edit found.
    pub fn add_checked(&mut self, load: u64, facts: Vec<PageFacts>) -> Option<Vec<Diagnostic>> {
        if load != self.generation {
            return None;
        }
        for f in facts {
            self.facts.entry(f.route.clone()).or_insert(f);
        }
        self.checked = true;
        Some(self.problems())
    }

    /// Every problem the site has now, its policies applied: what its pages' rendering found
    /// (the posts' and the checked pages') and, once every page was checked, the anchor check.
    fn problems(&self) -> Vec<Diagnostic> {
        let Loaded { site, content, .. } = &self.loaded;
        let kept = content.docs.iter().filter_map(content::Doc::kept);
        let mut diags: Vec<Diagnostic> = kept
            .flat_map(|r| r.diagnostics.iter().cloned())
            .chain(
                self.facts
                    .values()
                    .flat_map(|f| f.diagnostics.iter().cloned()),
            )
            .collect();
        if self.checked {
            diags.extend(content::check_anchors(
                &content.docs,
                self.facts.values(),
                &content.generated,
            ));
        }
        site.config.apply_policies(&mut diags, site.options.strict);
        diagnostics::sort_and_dedup(&mut diags);
        diags
    }

    fn render(&self, sink: &dyn Sink, only: Only<'_>) -> Written {
        let Loaded {
            site,
            theme,
            content,
        } = &self.loaded;
        templates::render(site, theme, content, sink, only, None)
    }

    /// Applies edits of `changed` files (absolute paths) to the kept state and renders the held
    /// files they affect into `sink`. A file that cannot be loaded leaves the state as it was;
    /// when the site has errors after the edits, nothing is written and the errors are
    /// returned. A new call with the fixed file picks up from there.
    pub fn apply(&mut self, changed: &[PathBuf], sink: &dyn Sink) -> Result<Update, BuildFailed> {
        let effects: Vec<Effect> = changed.iter().map(|p| self.effect_of(p)).collect();
        if effects.contains(&Effect::Full) {
            return self.rebuild(sink);
        }
        let mut rerender_all = effects.contains(&Effect::Templates);
        if rerender_all {
            let paths = &self.loaded.site.paths;
            self.loaded.theme = Theme::load(&paths.templates, &paths.root)
                .map_err(|d| BuildFailed { diagnostics: d })?;
        }
        let mut routes = HashSet::new();
        for effect in &effects {
            if let Effect::Page(rel) = effect {
                let change = self
                    .update_page(rel)
                    .inspect_err(|_| self.unpublished = true)?;
                match change {
                    PageChange::Body(route) => {
                        routes.insert(route);
                    }
                    PageChange::Navigation(None) => rerender_all = true,
                    PageChange::Navigation(Some(shown)) => routes.extend(shown),
                    PageChange::Structure => return self.rebuild(sink),
                }
            }
        }
        let problems = self.problems();
        if problems.iter().any(Diagnostic::is_error) {
            self.unpublished = true;
            return Err(BuildFailed {
                diagnostics: problems,
            });
        }
        rerender_all |= std::mem::take(&mut self.unpublished);
        let mut update = self.write_statics(&effects, sink)?;
        update.css_only = !update.written.is_empty()
            && !rerender_all
            && routes.is_empty()
            && update.written.iter().all(|r| r.ends_with(".css"));
        if rerender_all || !routes.is_empty() {
            update
                .written
                .extend(self.rerender(&routes, rerender_all, sink)?);
        }
        update.written.sort();
        Ok(update)
    }

    /// The edited files of `static/` into `sink`.
    fn write_statics(&self, effects: &[Effect], sink: &dyn Sink) -> Result<Update, BuildFailed> {
        let site = &self.loaded.site;
        let mut update = Update::default();
        for effect in effects {
            let Effect::Static(rel) = effect else {
                continue;
            };
            if rel.as_str() == THEME_CSS {
                let base =
                    std::fs::read_to_string(site.paths.statics.join(THEME_CSS)).unwrap_or_default();
                sink.write(THEME_CSS, format!("{base}\n{}", site.syntax_css).as_bytes())
                    .map_err(BuildFailed::one)?;
            } else {
                sink.copy(rel, &site.paths.statics.join(rel))
                    .map_err(BuildFailed::one)?;
            }
            update.written.push(rel.to_string());
        }
        Ok(update)
    }

    /// The held files at `routes` (all of them when `all`) rendered again into `sink`; returns
    /// the paths written and those of the pages at `routes` rendered on request.
    fn rerender(
        &self,
        routes: &HashSet<String>,
        all: bool,
        sink: &dyn Sink,
    ) -> Result<Vec<String>, BuildFailed> {
        let held: HashSet<String> = routes
            .iter()
            .filter(|r| !self.streamed.contains_key(&output_path(r)))
            .cloned()
            .collect();
        let only = match all {
            true => Only::Held,
            false => Only::Routes(&held),
        };
        let collect = Collect::default();
        if all || !held.is_empty() {
            let written = self.render(&collect, only);
            build::finish(written.diagnostics, &self.loaded.site)?;
        }
        if !all {
            let Loaded {
                site,
                theme,
                content,
            } = &self.loaded;
            let failed =
                templates::render_sidebar_parts_showing(site, theme, content, &collect, routes);
            build::finish(failed, site)?;
        }
        let mut paths = Vec::new();
        for (path, bytes) in collect.take() {
            // A full template pass also renders 404.html and the sitemap.
            sink.write(&path, &bytes).map_err(BuildFailed::one)?;
            paths.push(path);
        }
        let streamed = self.streamed.keys();
        match all {
            true => paths.extend(streamed.cloned()),
            false => paths.extend(
                routes
                    .iter()
                    .map(|r| output_path(r))
                    .filter(|p| self.streamed.contains_key(p)),
            ),
        }
        Ok(paths)
    }

    fn rebuild(&mut self, sink: &dyn Sink) -> Result<Update, BuildFailed> {
        let site = &self.loaded.site;
        let (fresh, mut diags) = build::load(&site.options, Some(site.highlighter.clone()))?;
        let collect = collector(&fresh);
        write_held(&fresh, &collect, &mut diags);
        build::finish(diags, &fresh.site)?;
        *self = LiveSite::new(fresh, self.generation + 1);
        let mut written: Vec<String> = self.streamed.keys().cloned().collect();
        for (path, bytes) in collect.take() {
            sink.write(&path, &bytes).map_err(BuildFailed::one)?;
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
        let site = &self.loaded.site;
        if site.settings_files().iter().any(|f| f == path) {
            return Effect::Full;
        }
        if let Some(rel) = inside(&site.paths.templates) {
            // Shortcodes are rendered with the Markdown, before the page templates.
            return match rel.starts_with(crate::theme::SHORTCODE_DIR) {
                true => Effect::Full,
                false => Effect::Templates,
            };
        }
        if let Some(rel) = inside(&site.paths.statics) {
            let known = site.tree.static_files.contains(&rel);
            return match (known, path.is_file()) {
                (true, true) => Effect::Static(rel),
                (false, false) => Effect::Nothing,
                _ => Effect::Full,
            };
        }
        if let Some(rel) = inside(&site.paths.content) {
            let known = self
                .loaded
                .content
                .docs
                .iter()
                .any(|d| d.source.rel == rel && d.source.instance == 0);
            // Another page shows this one's text (it imports it): both must follow.
            let imported = site.partials.names.contains(&rel);
            // A page edited in place is cheap; anything else (new or removed pages, category
            // files, images, partials) changes the site's structure.
            return match (known && !imported, path.is_file()) {
                (true, true) => Effect::Page(rel),
                // An editor's temporary file, already renamed or removed.
                (false, false) if !path.exists() => Effect::Nothing,
                _ => Effect::Full,
            };
        }
        // Other docs instances, versions, files pages import from elsewhere, JS modules: any
        // edit of what the site is made of rebuilds it.
        let watched = ["md", "mdx", "js", "jsx", "ts", "tsx", "json", "yml", "yaml"];
        let source_like = path
            .extension()
            .is_some_and(|e| watched.iter().any(|w| e.eq_ignore_ascii_case(w)));
        if source_like && inside(&site.paths.root).is_some() {
            return Effect::Full;
        }
        Effect::Nothing
    }

    /// Re-reads one page and renders its Markdown again, for its facts; says what else must
    /// follow. A page that cannot be loaded leaves the state as it was.
    fn update_page(&mut self, rel: &str) -> Result<PageChange, BuildFailed> {
        let Loaded {
            site,
            theme,
            content,
        } = &mut self.loaded;
        let Some(index) = content.docs.iter().position(|d| d.source.rel == rel) else {
            return Ok(PageChange::Structure);
        };
        let file = discover::PageFile {
            rel: rel.to_string(),
            abs: site.paths.content.join(rel),
        };
        let display = content.docs[index].source.display.clone();
        let source = match page::load(
            &file,
            display,
            site.options.drafts,
            &site.config.route_base_path,
        ) {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(PageChange::Structure),
            Err(d) => return Err(BuildFailed::one(d)),
        };
        let old = &content.docs[index].source;
        if source.route != old.route || source.id != old.id {
            return Ok(PageChange::Structure);
        }
        let env = RenderEnv::new(site, Some(theme), &content.links, &content.shortcodes);
        let mut doc = content::render_page(source, &env);
        if let Some(facts) = doc.stream() {
            self.facts.insert(facts.route.clone(), facts);
        }
        let old_doc = std::mem::replace(&mut content.docs[index], doc);
        let (old_nav, new) = (&old_doc.nav, &content.docs[index]);
        let same_nav = old_nav.label == new.nav.label
            && old_nav.position == new.nav.position
            && old_nav.description == new.nav.description
            && old_nav.pagination_prev == new.nav.pagination_prev
            && old_nav.pagination_next == new.nav.pagination_next
            && old_doc.title == new.title;
        let route = new.source.route.clone();
        if same_nav {
            return Ok(PageChange::Body(route));
        }
        let id = new.source.id.clone();
        let neighbours_before = self.neighbour_routes(&route);
        let (nav, nav_diags) = content::navigation(&self.loaded.site, &self.loaded.content.docs);
        if nav_diags.iter().any(Diagnostic::is_error) {
            return Err(BuildFailed {
                diagnostics: nav_diags,
            });
        }
        self.loaded.content.nav = nav;
        let content = &self.loaded.content;
        let (chrome, _) = content::site_chrome(
            &self.loaded.site,
            &content.docs,
            &content.nav,
            &content.links,
        );
        if chrome != content.chrome {
            // A navbar label taken from this page's title: every page shows it.
            self.loaded.content.chrome = chrome;
            return Ok(PageChange::Navigation(None));
        }
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
        let nav = &self.loaded.content.nav;
        let Some(&i) = nav.order_index.get(route) else {
            return Vec::new();
        };
        [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| nav.order.get(j).map(|l| l.route.clone()))
            .collect()
    }

    /// The pages whose sidebar, cards or pagination show the item at `route`; `None` when the
    /// sidebar is small enough that every page shows all of it.
    fn pages_showing(&self, route: &str, id: &str) -> Option<HashSet<String>> {
        let nav = &self.loaded.content.nav;
        if !nav.trims_sidebars() {
            return None;
        }
        let item_path = nav.ancestors.get(route)?;
        let collapsed = nav.collapsed_categories();
        let visible_from = |ancestors: &[String]| {
            item_path
                .iter()
                .all(|c| ancestors.contains(c) || !collapsed.contains(c.as_str()))
        };
        let mut routes: HashSet<String> = nav
            .ancestors
            .iter()
            .filter(|(_, ancestors)| visible_from(ancestors))
            .map(|(r, _)| r.clone())
            .collect();
        if visible_from(&[]) {
            routes.insert(String::new());
        }
        for doc in &self.loaded.content.docs {
            let points_here =
                |o: &Option<Option<String>>| o.as_ref().and_then(|x| x.as_deref()) == Some(id);
            if points_here(&doc.nav.pagination_prev) || points_here(&doc.nav.pagination_next) {
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

/// A collector that refuses files copied from outside the static and content folders.
fn collector(loaded: &Loaded) -> Collect {
    let paths = &loaded.site.paths;
    Collect::within(&[&paths.statics, &paths.content, &paths.root])
}

/// The files the live site holds into `sink`: every page but those rendered on request, the
/// site-wide files and the assets.
fn write_held(loaded: &Loaded, sink: &dyn Sink, diags: &mut Vec<Diagnostic>) {
    let Loaded {
        site,
        theme,
        content,
    } = loaded;
    let written = templates::render(site, theme, content, sink, Only::Held, None);
    diags.extend(written.diagnostics);
    // Whether a page draws a Mermaid diagram is known once it is rendered: its script is there.
    let (_, asset_diags) = static_files::write(site, true, sink);
    diags.extend(asset_diags);
}

//! Incremental rebuilds for `docgen serve`: which part of the site an edited file affects, and
//! redoing only that on the kept [`LiveSite`]. Every step is one of the build's own stages
//! ([`build::load`], [`content::render_page`], [`templates::render`]); this module only
//! decides which of them an edit needs.

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::build::{self, BuildFailed, BuildOptions, Loaded};
use crate::content::{self, Keep, RenderEnv};
use crate::diagnostics::{self, Diagnostic};
use crate::discover;
use crate::nav::FULL_SIDEBAR_LIMIT;
use crate::output::{Collect, Sink};
use crate::page;
use crate::templates::{self, Only};
use crate::theme::{THEME_CSS, Theme};

/// Output files in memory: path inside the output → contents.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The site as last built, kept between edits.
pub(crate) struct LiveSite {
    loaded: Loaded,
}

/// What an edit changed in the site.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Update {
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

impl LiveSite {
    /// Loads and renders the whole site into memory: the first build of `serve`, and the
    /// rebuild after a file was broken. Returns the site, its files and its warnings.
    pub fn build(
        options: &BuildOptions,
    ) -> Result<(LiveSite, Files, Vec<Diagnostic>), BuildFailed> {
        let built = build::load(options, None, Keep::All).map(|(loaded, mut diags)| {
            let collect = collector(&loaded);
            build::write(&loaded, &collect, &mut diags);
            (loaded, collect, diags)
        });
        options.progress.finish();
        let (loaded, collect, diags) = built?;
        let warnings = build::finish(diags, &loaded.site)?;
        Ok((LiveSite { loaded }, collect.take(), warnings))
    }

    /// The site has search on (its index is built beside the pages).
    pub fn searchable(&self) -> bool {
        self.loaded.site.config.search
    }

    /// Where `docgen build` would write this site (`serve` ignores changes there).
    pub fn output(&self) -> &Path {
        &self.loaded.site.paths.output
    }

    /// A collector for this site's files.
    pub fn collector(&self) -> Collect {
        collector(&self.loaded)
    }

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
            let paths = &self.loaded.site.paths;
            self.loaded.theme = Theme::load(&paths.templates, &paths.root)
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
        let site = &self.loaded.site;
        for rel in &statics {
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
        update.css_only = !statics.is_empty()
            && !rerender_all
            && pages.is_empty()
            && statics.iter().all(|r| r.ends_with(".css"));
        if rerender_all || !pages.is_empty() {
            let only = match rerender_all {
                true => Only::All,
                false => Only::Routes(&pages),
            };
            let collect = Collect::default();
            let written = templates::render(
                site,
                &self.loaded.theme,
                &self.loaded.content,
                &collect,
                only,
            );
            build::finish(written.diagnostics, site)?;
            for (path, bytes) in collect.take() {
                // A full template pass also renders 404.html and the sitemap.
                sink.write(&path, &bytes).map_err(BuildFailed::one)?;
                update.written.push(path);
            }
        }
        update.written.sort();
        Ok(update)
    }

    fn rebuild(&mut self, sink: &dyn Sink) -> Result<Update, BuildFailed> {
        let site = &self.loaded.site;
        let (fresh, mut diags) =
            build::load(&site.options, Some(site.highlighter.clone()), Keep::All)?;
        let collect = collector(&fresh);
        build::write(&fresh, &collect, &mut diags);
        build::finish(diags, &fresh.site)?;
        self.loaded = fresh;
        let mut written = Vec::new();
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

    /// Re-reads one page and re-renders its Markdown; says what else must follow.
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
        let shortcodes = theme.shortcode_names();
        let env = RenderEnv::new(site, Some(theme), &content.links, &shortcodes);
        let doc = content::render_page(source, &env);
        let mut diags = doc
            .kept()
            .map(|r| r.diagnostics.clone())
            .unwrap_or_default();
        let old_doc = std::mem::replace(&mut content.docs[index], doc);
        diags.extend(content::check_anchors(
            &content.docs,
            &[],
            &content.generated,
        ));
        site.config.apply_policies(&mut diags, site.options.strict);
        if diags.iter().any(Diagnostic::is_error) {
            content.docs[index] = old_doc;
            diagnostics::sort_and_dedup(&mut diags);
            return Err(BuildFailed { diagnostics: diags });
        }
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
        if nav.total_items <= FULL_SIDEBAR_LIMIT {
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

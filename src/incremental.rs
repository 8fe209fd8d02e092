//! Incremental rebuilds for `docgen serve`: which part of the site an edited file affects, and
//! redoing only that on the kept [`Project`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::discover;
use crate::nav;
use crate::output::Sink;
use crate::page;
use crate::render::Theme;
use crate::site::{
    BuildFailed, FULL_SIDEBAR_LIMIT, Project, THEME_CSS, apply_policies, check_anchors, nav_page,
    render_markdown, sort_and_dedup,
};

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
        let config_files = std::iter::once(crate::config::CONFIG_FILE)
            .chain(crate::docusaurus::CONFIG_FILES)
            .map(|name| root.join(name));
        let sidebars_file = self.sidebars.as_ref().map(|s| root.join(&s.file));
        if config_files.chain(sidebars_file).any(|f| f == path) {
            return Effect::Full;
        }
        if let Some(rel) = inside(&self.templates_dir) {
            // Shortcodes are rendered with the Markdown, before the page templates.
            return match rel.starts_with(crate::shortcodes::TEMPLATE_DIR) {
                true => Effect::Full,
                false => Effect::Templates,
            };
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
        let source = match page::load(
            &file,
            display,
            self.options.drafts,
            &self.config.route_base_path,
        ) {
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
        let env = crate::site::RenderEnv {
            assets: &self.assets,
            links: &self.links,
            highlighter: &self.highlighter,
            strings: &self.strings,
            theme: Some(&self.theme),
            shortcodes: &self.shortcodes,
            partials: &self.partials,
        };
        let doc = render_markdown(source, &env);
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
        let (nav, nav_diags) = nav::build(
            &self.nav_pages,
            &self.tree.folders,
            &content_label,
            &self.config.route_base_path,
            self.sidebars.as_ref(),
        );
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

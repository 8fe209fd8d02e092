//! Link resolution: where every page can be reached (by source file, by route), what counts
//! as an external URL, and the check that `page#anchor` links name a real heading. Used by
//! the MDX stage (component `href`s), the Markdown stage (links) and the build (anchors).

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Kind};
use crate::routes::{normalize_route, strip_number_prefix};

/// Where every page can be reached: by source file, by route and by doc id.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Content-relative source path without `.md`/`.mdx` → route.
    by_source: HashMap<String, String>,
    routes: HashSet<String>,
    /// Lower-cased route → real route: Docusaurus' router ignores letter case.
    routes_lowercase: HashMap<String, String>,
    /// Routes of the site that docgen does not render (a blog, React pages, other versions):
    /// links to them are kept as written and not reported.
    elsewhere: HashSet<String>,
    /// Route prefixes owned by such content (`blog/tags/`): anything below exists.
    elsewhere_prefixes: Vec<String>,
    /// The content folder relative to the site folder, for Markdown links by site path.
    content_rel: String,
    /// The path part of the site's base URL without slashes (`docs` for `/docs/`).
    base_path: String,
    /// The project's own plugins, which may add routes docgen cannot see.
    pub local_plugins: Vec<String>,
    /// Each docs instance's folder, from the default content folder (`""`, `../community`):
    /// a Markdown link is tried in its page's own.
    pub content_roots: Vec<String>,
    /// The site folder, from the default content folder (`..` for `docs`; `../website` for
    /// docs kept beside the site folder).
    pub up_to_site: String,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A page docgen renders, by route.
    Page(String),
    /// A route of the site that docgen does not render.
    Elsewhere,
}

impl LinkIndex {
    pub fn insert(&mut self, source_rel: &str, route: &str) {
        self.by_source
            .insert(strip_page_ext(source_rel).to_string(), route.to_string());
        self.routes.insert(route.to_string());
        self.routes_lowercase
            .insert(route.to_lowercase(), route.to_string());
    }

    /// Adds a route that has no source file (generated category pages).
    pub fn insert_route(&mut self, route: &str) {
        self.routes.insert(route.to_string());
        self.routes_lowercase
            .insert(route.to_lowercase(), route.to_string());
    }

    pub(crate) fn source(&self, rel: &str) -> Option<&String> {
        self.by_source.get(strip_page_ext(rel))
    }

    /// A route (or a prefix ending in `/`) of content docgen does not render.
    pub fn insert_elsewhere(&mut self, route: &str) {
        match route.ends_with('/') {
            true => self.elsewhere_prefixes.push(route.to_lowercase()),
            false => {
                self.elsewhere.insert(normalize_route(route).to_lowercase());
            }
        }
    }

    /// Where the content folder and the base URL are, for the lookups that need them.
    pub fn with_site(mut self, content_rel: &str, base_path: &str) -> Self {
        self.content_rel = crate::routes::normalize_site_path(content_rel);
        self.base_path = base_path.trim_matches('/').to_string();
        self
    }

    /// A Markdown link (`x.md`, `../a/b.mdx`) from a page in `page_dir`, looked up as Docusaurus
    /// does: `./` and `../` relative to the file only; anything else in the content folder,
    /// then from the site folder, then (without a leading `/`) next to the file.
    pub fn markdown_file(&self, page_dir: &str, path: &str, instance: usize) -> Option<String> {
        let decoded = crate::routes::percent_decode(path);
        let path = decoded.as_ref();
        if let Some(site_path) = path.strip_prefix("@site/") {
            return self.source(&self.content_path_of(site_path)).cloned();
        }
        let relative = |dir: &str| crate::routes::normalize_site_path(&format!("{dir}/{path}"));
        let root = self.content_roots.get(instance).map_or("", String::as_str);
        let candidates: Vec<String> = if path.starts_with("./") || path.starts_with("../") {
            vec![relative(page_dir)]
        } else if let Some(abs) = path.strip_prefix('/') {
            vec![
                crate::routes::normalize_site_path(&format!("{root}/{abs}")),
                self.content_path_of(abs),
            ]
        } else {
            vec![
                relative(root),
                self.content_path_of(path),
                relative(page_dir),
            ]
        };
        candidates.iter().find_map(|rel| self.source(rel).cloned())
    }

    fn content_path_of(&self, site_path: &str) -> String {
        let site_path = crate::routes::normalize_site_path(site_path);
        match site_path.strip_prefix(&format!("{}/", self.content_rel)) {
            Some(rel) => rel.to_string(),
            None => crate::routes::normalize_site_path(&format!("{}/{site_path}", self.up_to_site)),
        }
    }

    /// A root path (`/docs/x`, as `<Link to>` and `useBaseUrl` take them), matched as the router
    /// would.
    pub fn absolute(&self, path: &str) -> Option<Target> {
        self.url("", &format!("/{}", path.trim_start_matches('/')))
    }

    /// A URL-style link (`/docs/x`, `../other`, `configuration`) from the page at `page_route`:
    /// resolved against the page's URL and matched against every route, ignoring letter case
    /// and a trailing slash, as Docusaurus' router does. An absolute link may carry the base
    /// URL's path.
    pub fn url(&self, page_route: &str, path: &str) -> Option<Target> {
        let decoded = crate::routes::percent_decode(path);
        let path = decoded.as_ref();
        let mut candidates = Vec::new();
        if let Some(abs) = path.strip_prefix('/') {
            candidates.push(abs.to_string());
            if !self.base_path.is_empty()
                && let Some(rest) = abs.strip_prefix(&self.base_path)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                candidates.push(rest.to_string());
            }
        } else {
            // The page's URL has no trailing slash: `x` next to `/docs/a/b` is `/docs/a/x`.
            let parent = page_route.rsplit_once('/').map_or("", |(p, _)| p);
            candidates.push(crate::routes::normalize_site_path(&format!(
                "{parent}/{path}"
            )));
            // With `trailingSlash` (and for docgen's own sites), relative to the page itself.
            candidates.push(crate::routes::normalize_site_path(&format!(
                "{page_route}/{path}"
            )));
        }
        for candidate in &candidates {
            if candidate.starts_with("..") {
                continue;
            }
            if let Some(route) = self.route(candidate) {
                return Some(Target::Page(route));
            }
            let lower = normalize_route(candidate).to_lowercase();
            if let Some(route) = self.routes_lowercase.get(&lower) {
                return Some(Target::Page(route.clone()));
            }
            if self.elsewhere.contains(&lower)
                || self
                    .elsewhere_prefixes
                    .iter()
                    .any(|p| format!("{lower}/").starts_with(p.as_str()))
            {
                return Some(Target::Elsewhere);
            }
        }
        None
    }

    /// `/Category/1-Page` → the route of that page, number prefixes stripped.
    pub fn route(&self, path: &str) -> Option<String> {
        let normal = normalize_route(path);
        if self.routes.contains(&normal) {
            return Some(normal);
        }
        let stripped: Vec<&str> = normal
            .split('/')
            .map(|s| strip_number_prefix(s).1)
            .collect();
        let stripped = stripped.join("/");
        self.routes.contains(&stripped).then_some(stripped)
    }
}

fn strip_page_ext(path: &str) -> &str {
    path.strip_suffix(".mdx")
        .or_else(|| path.strip_suffix(".md"))
        .unwrap_or(path)
}

/// A URL with a scheme (`https:`, `mailto:`, `data:`) or protocol-relative (`//host`): it leaves
/// the site, so docgen neither resolves nor checks it.
pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// A link to another page's heading, checked once every page is rendered.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AnchorRef {
    pub route: String,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
    /// The line of the page the link is on, for the message: the check runs after the page's
    /// text is gone.
    pub source_line: Option<String>,
}

/// What the anchor check needs of one rendered page.
pub(crate) struct PageAnchors<'a> {
    pub route: &'a str,
    /// The file shown in messages.
    pub display: &'a std::path::Path,
    /// Every id on the page.
    pub anchors: &'a HashSet<String>,
    /// The `page#anchor` links the page makes.
    pub refs: &'a [AnchorRef],
}

/// Links to `page#anchor` must name an id that page has. Pages at `unchecked` routes (generated
/// category pages, whose ids come from their template) accept any anchor.
pub(crate) fn check_anchors(
    pages: &[PageAnchors<'_>],
    unchecked: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let by_route: HashMap<&str, &HashSet<String>> =
        pages.iter().map(|p| (p.route, p.anchors)).collect();
    let mut diags = Vec::new();
    for doc in pages {
        for r in doc.refs {
            let Some(anchors) = by_route.get(r.route.as_str()) else {
                continue;
            };
            if anchors.contains(&r.anchor) || unchecked.contains(r.route.as_str()) {
                continue;
            }
            let target = if r.route == doc.route {
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
                doc.display,
                format!(
                    "broken anchor: `#{}` is not a heading id on {target}",
                    r.anchor
                ),
            )
            .with_code(crate::codes::Code::BrokenAnchor)
            .at_line(r.line, r.column, r.source_line.clone())
            .with_kind(Kind::BrokenAnchor);
            if !close.is_empty() {
                d.hint = Some(format!("ids on that page include: {}", close.join(", ")));
            }
            diags.push(d);
        }
    }
    diags
}

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
    /// Lower-cased route → real route, for hints.
    routes_lowercase: HashMap<String, String>,
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
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorRef {
    pub route: String,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// What the anchor check needs of one rendered page.
pub(crate) struct PageAnchors<'a> {
    pub route: &'a str,
    /// The file shown in messages, and its text (for the source line).
    pub display: &'a std::path::Path,
    pub text: &'a str,
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
            .at(doc.text, r.line, r.column)
            .with_kind(Kind::BrokenLink);
            if !close.is_empty() {
                d.hint = Some(format!("ids on that page include: {}", close.join(", ")));
            }
            diags.push(d);
        }
    }
    diags
}

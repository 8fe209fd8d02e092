//! Navigation: the sidebar tree (from folders, `_category_` files and positions), the reading
//! order behind previous/next, and breadcrumbs.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

mod spec;
#[cfg(test)]
mod tests;

use crate::diagnostics::Diagnostic;
use crate::discover::{CategoryFolder, CategoryLink};
use crate::routes::{
    join_route, normalize_route, page_href, slugify, strip_number_prefix, url_slug,
};
use crate::sidebar_spec::{Position, SidebarSpec, SpecItem, SpecLink};
use spec::SpecConverter;

/// What navigation needs to know about one page.
#[derive(Debug, Clone)]
pub struct NavPage {
    pub id: String,
    pub route: String,
    /// Content-relative folder of the source file.
    pub dir: String,
    pub file_stem: String,
    pub label: String,
    pub position: Option<f64>,
    pub description: Option<String>,
    /// `index.md`, `README.md` or a file named like its folder: the folder's own page.
    pub is_folder_index: bool,
    pub pagination_prev: Option<Option<String>>,
    pub pagination_next: Option<Option<String>>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Doc,
    Category,
    /// An external link from `sidebars.js`.
    Link,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SidebarNode {
    pub kind: NodeKind,
    /// Doc id, or `category:<folder>` for categories.
    pub key: String,
    pub label: String,
    /// Route of the page this item opens, if any.
    pub route: Option<String>,
    /// URL relative to the site root.
    pub href: Option<String>,
    pub collapsed: bool,
    pub collapsible: bool,
    pub description: Option<String>,
    pub children: Vec<SidebarNode>,
    #[serde(skip)]
    position: Option<f64>,
    #[serde(skip)]
    sort_name: String,
}

/// A category page generated from `link: {type: generated-index}`.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedIndex {
    pub route: String,
    pub title: String,
    pub description: Option<String>,
    pub category_key: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NavLink {
    pub label: String,
    pub route: String,
    pub href: String,
}

/// Sidebars with more items than this are trimmed per page (collapsed branches left out).
pub(crate) const FULL_SIDEBAR_LIMIT: usize = 400;

#[derive(Debug, Default)]
pub struct Navigation {
    /// One or more sidebars (`sidebars.js` may define several); the first is the default.
    pub sidebars: Vec<Vec<SidebarNode>>,
    /// (docs instance id, sidebar name) of each sidebar, for navbar `docSidebar` items.
    pub sidebar_names: Vec<(String, String)>,
    /// Route → the sidebar it belongs to (the first that lists it).
    pub sidebar_of_route: HashMap<String, usize>,
    /// Every routed item in reading order (docs and category pages), sidebar after sidebar.
    pub order: Vec<NavLink>,
    /// For each entry of `order`, its sidebar: previous/next never cross sidebars.
    pub order_sidebar: Vec<usize>,
    /// Route → position in `order`.
    pub order_index: HashMap<String, usize>,
    /// Route of a category's own page (generated or a doc) → the category's key.
    pub category_of_route: HashMap<String, String>,
    /// Route → category keys from the top of the sidebar down to the item.
    pub ancestors: HashMap<String, Vec<String>>,
    pub category_pages: Vec<GeneratedIndex>,
    pub total_items: usize,
}

/// Routes of the generated category pages, known before any page is rendered so links can
/// point at them.
pub fn generated_index_routes(
    folders: &[CategoryFolder],
    base: &str,
    spec: Option<&SidebarSpec>,
) -> Vec<GeneratedIndex> {
    let mut out: Vec<GeneratedIndex> = folders
        .iter()
        .filter(|f| !f.rel.is_empty())
        .filter_map(|f| match &f.meta.link {
            Some(CategoryLink::GeneratedIndex {
                title,
                description,
                slug,
                ..
            }) => {
                let label = category_label(f);
                Some(GeneratedIndex {
                    route: generated_route(base, slug.as_deref(), &label),
                    title: title.clone().unwrap_or(label),
                    description: description.clone().or_else(|| f.meta.description.clone()),
                    category_key: category_key(&f.rel),
                    source: f.rel.clone(),
                })
            }
            _ => None,
        })
        .collect();
    if let Some(spec) = spec {
        for (name, items) in &spec.sidebars {
            spec_generated(items, &format!("category:@{name}"), base, &mut out);
        }
    }
    // Two categories with the same label: Docusaurus numbers the later ones (`guides-1`).
    let mut seen: HashMap<String, usize> = HashMap::new();
    for g in &mut out {
        let count = seen.entry(g.route.clone()).or_insert(0);
        if *count > 0 {
            g.route = format!("{}-{count}", g.route);
        }
        *count += 1;
    }
    out
}

fn generated_route(base: &str, slug: Option<&str>, label: &str) -> String {
    match slug {
        Some(s) => join_route(&[base, &normalize_route(s)]),
        // github-slugger, as Docusaurus: "Tutorial - Basics" → `tutorial---basics`.
        None => {
            let slug = match slugify(label) {
                s if s.trim_matches('-').is_empty() => url_slug(label),
                s => s,
            };
            join_route(&[base, "category", &slug])
        }
    }
}

/// Generated-index pages of the categories written in `sidebars.js`.
fn spec_generated(items: &[SpecItem], parent: &str, base: &str, out: &mut Vec<GeneratedIndex>) {
    for item in items {
        if let SpecItem::Category {
            label,
            items,
            link,
            description,
            ..
        } = item
        {
            let key = format!("{parent}/{label}");
            if let Some(SpecLink::GeneratedIndex {
                title,
                description: d,
                slug,
            }) = link
                && !out.iter().any(|g| g.category_key == key)
            {
                out.push(GeneratedIndex {
                    route: generated_route(base, slug.as_deref(), label),
                    title: title.clone().unwrap_or_else(|| label.clone()),
                    description: d.clone().or_else(|| description.clone()),
                    category_key: key.clone(),
                    source: String::new(),
                });
            }
            spec_generated(items, &key, base, out);
        }
    }
}

pub fn category_key(rel: &str) -> String {
    format!("category:{rel}")
}

fn category_label(folder: &CategoryFolder) -> String {
    folder.meta.label.clone().unwrap_or_else(|| {
        let name = folder.rel.rsplit('/').next().unwrap_or(&folder.rel);
        strip_number_prefix(name).1.to_string()
    })
}

/// A doc by id, as a category link names it: the full id, or (as Docusaurus allows) the id
/// local to the category's folder, or the only doc whose id ends with it.
fn find_doc<'p>(
    by_id: &HashMap<&str, &'p NavPage>,
    folder_rel: &str,
    id: &str,
) -> Option<&'p NavPage> {
    if let Some(page) = by_id.get(id) {
        return Some(page);
    }
    let local = join_route(&[&crate::page::route_of_dir(folder_rel), id]);
    if let Some(page) = by_id.get(local.as_str()) {
        return Some(page);
    }
    let suffix = format!("/{id}");
    let mut matches = by_id.values().filter(|p| p.id.ends_with(&suffix));
    match (matches.next(), matches.next()) {
        (Some(page), None) => Some(page),
        _ => None,
    }
}

/// What a category that does not say starts as: Docusaurus' docs options `sidebarCollapsed`
/// and `sidebarCollapsible` (both `true` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryDefaults {
    pub collapsed: bool,
    pub collapsible: bool,
}

impl Default for CategoryDefaults {
    fn default() -> Self {
        CategoryDefaults {
            collapsed: true,
            collapsible: true,
        }
    }
}

/// Builds the sidebars and the reading order. Diagnostics concern `_category_` files and
/// `sidebars.js`.
pub fn build(
    pages: &[&NavPage],
    folders: &[CategoryFolder],
    content_label: &str,
    base: &str,
    spec: Option<&SidebarSpec>,
    defaults: CategoryDefaults,
) -> (Navigation, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let generated = generated_index_routes(folders, base, spec);
    let auto = autogenerated(
        pages,
        folders,
        &generated,
        content_label,
        defaults,
        &mut diags,
    );
    let names: Vec<(String, String)> = match spec {
        None => vec![("default".into(), "defaultSidebar".into())],
        Some(spec) => spec
            .sidebars
            .iter()
            .map(|(name, _)| ("default".into(), name.clone()))
            .collect(),
    };
    let sidebars = match spec {
        None => vec![auto],
        Some(spec) => {
            let by_id: HashMap<&str, &NavPage> =
                pages.iter().map(|p| (p.id.as_str(), *p)).collect();
            let mut conv = SpecConverter {
                spec,
                by_id,
                auto: &auto,
                generated: &generated,
                defaults,
                diags: &mut diags,
            };
            spec.sidebars
                .iter()
                .map(|(name, items)| conv.convert(items, &format!("category:@{name}")))
                .collect()
        }
    };
    let mut nav = Navigation {
        category_pages: generated,
        sidebar_names: names,
        ..Navigation::default()
    };
    for (index, sidebar) in sidebars.iter().enumerate() {
        let mut path = Vec::new();
        walk(sidebar, index, &mut path, &mut nav);
    }
    nav.sidebars = sidebars;
    (nav, diags)
}

/// The sidebar Docusaurus generates from the folders (`type: 'autogenerated'`).
fn autogenerated(
    pages: &[&NavPage],
    folders: &[CategoryFolder],
    generated: &[GeneratedIndex],
    content_label: &str,
    defaults: CategoryDefaults,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SidebarNode> {
    let by_id: HashMap<&str, &NavPage> = pages.iter().map(|p| (p.id.as_str(), *p)).collect();
    let folder_meta: HashMap<&str, &CategoryFolder> =
        folders.iter().map(|f| (f.rel.as_str(), f)).collect();

    let mut children_of: HashMap<String, Vec<SidebarNode>> = HashMap::new();
    let mut folder_index: HashMap<&str, &NavPage> = HashMap::new();
    for &page in pages {
        if page.is_folder_index
            && !page.dir.is_empty()
            && !folder_index.contains_key(page.dir.as_str())
        {
            folder_index.insert(page.dir.as_str(), page);
            continue;
        }
        children_of
            .entry(page.dir.clone())
            .or_default()
            .push(doc_node(page));
    }

    // Deepest folders first, so each category is complete before its parent takes it.
    let mut rels: Vec<&str> = folders
        .iter()
        .map(|f| f.rel.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    rels.sort_by_key(|r| std::cmp::Reverse(r.matches('/').count()));
    for rel in rels {
        let folder = folder_meta[rel];
        let mut children = children_of.remove(rel).unwrap_or_default();
        sort_nodes(&mut children);
        let (route, description) = category_target(
            folder,
            generated,
            &by_id,
            folder_index.get(rel).copied(),
            content_label,
            diags,
        );
        if children.is_empty() && route.is_none() {
            continue;
        }
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let (prefix, _) = strip_number_prefix(name);
        let node = SidebarNode {
            kind: NodeKind::Category,
            key: category_key(rel),
            label: category_label(folder),
            href: route.as_deref().map(page_href),
            route,
            collapsed: folder.meta.collapsed.unwrap_or(defaults.collapsed),
            collapsible: folder.meta.collapsible.unwrap_or(defaults.collapsible),
            description,
            children,
            position: folder.meta.position.or(prefix.map(f64::from)),
            sort_name: name.to_string(),
        };
        let parent = rel.rsplit_once('/').map_or("", |(p, _)| p);
        children_of
            .entry(parent.to_string())
            .or_default()
            .push(node);
    }
    let mut sidebar = children_of.remove("").unwrap_or_default();
    sort_nodes(&mut sidebar);
    sidebar
}

fn empty_node() -> SidebarNode {
    SidebarNode {
        kind: NodeKind::Doc,
        key: String::new(),
        label: String::new(),
        route: None,
        href: None,
        collapsed: false,
        collapsible: false,
        description: None,
        children: Vec::new(),
        position: None,
        sort_name: String::new(),
    }
}

fn find_node<'n>(nodes: &'n [SidebarNode], key: &str) -> Option<&'n SidebarNode> {
    nodes.iter().find_map(|n| {
        if n.key == key {
            Some(n)
        } else {
            find_node(&n.children, key)
        }
    })
}

fn doc_node(page: &NavPage) -> SidebarNode {
    SidebarNode {
        kind: NodeKind::Doc,
        key: page.id.clone(),
        label: page.label.clone(),
        route: Some(page.route.clone()),
        href: Some(page_href(&page.route)),
        collapsed: false,
        collapsible: false,
        description: page.description.clone(),
        children: Vec::new(),
        position: page.position,
        sort_name: page.file_stem.clone(),
    }
}

/// The page a category opens: its generated index, a doc named in `link`, or its index page.
fn category_target(
    folder: &CategoryFolder,
    generated: &[GeneratedIndex],
    by_id: &HashMap<&str, &NavPage>,
    index_page: Option<&NavPage>,
    content_label: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<String>) {
    let description = folder.meta.description.clone();
    match &folder.meta.link {
        Some(CategoryLink::GeneratedIndex { .. }) => {
            let g = generated.iter().find(|g| g.source == folder.rel);
            (
                g.map(|g| g.route.clone()),
                g.and_then(|g| g.description.clone()).or(description),
            )
        }
        Some(CategoryLink::Doc { id }) => match find_doc(by_id, &folder.rel, id) {
            Some(page) => (
                Some(page.route.clone()),
                description.or_else(|| page.description.clone()),
            ),
            None => {
                diags.push(
                    Diagnostic::error(
                        format!(
                            "{content_label}/{}/{}",
                            folder.rel,
                            folder.meta.file.as_deref().unwrap_or("_category_.json")
                        ),
                        format!("category link points to doc id `{id}`, which does not exist"),
                    )
.with_code(crate::codes::Code::CategoryFile)
                    .with_hint("a doc id is the file path without number prefixes or extension, or the `id` in its front matter"),
                );
                (None, description)
            }
        },
        None => (
            index_page.map(|p| p.route.clone()),
            description.or_else(|| index_page.and_then(|p| p.description.clone())),
        ),
    }
}

/// Docusaurus order: items with a position first (ascending), then the rest by file name.
fn sort_nodes(nodes: &mut [SidebarNode]) {
    nodes.sort_by(|a, b| match (a.position, b.position) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.sort_name.cmp(&b.sort_name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.sort_name.cmp(&b.sort_name),
    });
}

fn walk(nodes: &[SidebarNode], sidebar: usize, path: &mut Vec<String>, nav: &mut Navigation) {
    for node in nodes {
        nav.total_items += 1;
        if let (Some(route), Some(href)) = (&node.route, &node.href)
            && !nav.order_index.contains_key(route)
        {
            nav.sidebar_of_route.insert(route.clone(), sidebar);
            nav.order_sidebar.push(sidebar);
            nav.order_index.insert(route.clone(), nav.order.len());
            nav.order.push(NavLink {
                label: node.label.clone(),
                route: route.clone(),
                href: href.clone(),
            });
            let mut ancestors = path.clone();
            if node.kind == NodeKind::Category {
                ancestors.push(node.key.clone());
            }
            nav.ancestors.insert(route.clone(), ancestors);
        }
        if let (NodeKind::Category, Some(route)) = (node.kind, &node.route) {
            nav.category_of_route
                .entry(route.clone())
                .or_insert_with(|| node.key.clone());
        }
        if node.kind == NodeKind::Category {
            path.push(node.key.clone());
            walk(&node.children, sidebar, path, nav);
            path.pop();
        }
    }
}

impl Navigation {
    /// Adds another docs instance's navigation: its sidebars after these (previous/next never
    /// cross them), its category keys tagged with the instance so they stay unique.
    pub fn merge(&mut self, mut other: Navigation, instance: &str) {
        other.tag_categories(instance);
        let sidebars = self.sidebars.len();
        let order = self.order.len();
        self.sidebars.extend(other.sidebars);
        self.sidebar_names.extend(
            other
                .sidebar_names
                .into_iter()
                .map(|(_, name)| (instance.to_string(), name)),
        );
        self.sidebar_of_route.extend(
            other
                .sidebar_of_route
                .into_iter()
                .map(|(r, i)| (r, i + sidebars)),
        );
        self.order.extend(other.order);
        self.order_sidebar
            .extend(other.order_sidebar.into_iter().map(|i| i + sidebars));
        self.order_index
            .extend(other.order_index.into_iter().map(|(r, i)| (r, i + order)));
        self.category_of_route.extend(other.category_of_route);
        self.ancestors.extend(other.ancestors);
        self.category_pages.extend(other.category_pages);
        self.total_items += other.total_items;
    }

    fn tag_categories(&mut self, instance: &str) {
        let tag = |key: &mut String| {
            if let Some(rest) = key.strip_prefix("category:") {
                *key = format!("category:@{instance}/{rest}");
            }
        };
        fn walk(nodes: &mut [SidebarNode], tag: &dyn Fn(&mut String)) {
            for node in nodes {
                tag(&mut node.key);
                walk(&mut node.children, tag);
            }
        }
        for sidebar in &mut self.sidebars {
            walk(sidebar, &tag);
        }
        self.category_of_route.values_mut().for_each(tag);
        self.ancestors.values_mut().flatten().for_each(tag);
        self.category_pages
            .iter_mut()
            .for_each(|g| tag(&mut g.category_key));
    }

    /// Previous and next items of a route in reading order, honouring front matter overrides.
    pub fn neighbours(
        &self,
        route: &str,
        page: Option<&NavPage>,
        by_id: &dyn Fn(&str) -> Option<NavLink>,
    ) -> (Option<NavLink>, Option<NavLink>) {
        let pos = self.order_index.get(route).copied();
        let same_sidebar = |i: &usize| {
            pos.is_some_and(|p| self.order_sidebar.get(*i) == self.order_sidebar.get(p))
        };
        let mut prev = pos
            .and_then(|i| i.checked_sub(1))
            .filter(same_sidebar)
            .map(|i| self.order[i].clone());
        let mut next = pos
            .map(|i| i + 1)
            .filter(same_sidebar)
            .and_then(|i| self.order.get(i))
            .cloned();
        if let Some(page) = page {
            if let Some(over) = &page.pagination_prev {
                prev = over.as_deref().and_then(by_id);
            }
            if let Some(over) = &page.pagination_next {
                next = over.as_deref().and_then(by_id);
            }
        }
        (prev, next)
    }

    /// The sidebar as one page sees it: categories on the way to the page are expanded.
    /// Children of other collapsed categories are left out on big sites to keep pages small
    /// (see [`Navigation::trims_sidebars`]); the page loads them when one is opened.
    pub fn sidebar_for(
        &self,
        sidebar: Option<usize>,
        ancestors: &[String],
        keep_all: bool,
    ) -> Vec<SidebarNode> {
        let Some(nodes) = sidebar.and_then(|i| self.sidebars.get(i)) else {
            return Vec::new();
        };
        if keep_all {
            nodes.clone()
        } else {
            trimmed(nodes, ancestors)
        }
    }

    /// Whether pages show their sidebar trimmed: past [`FULL_SIDEBAR_LIMIT`] items, a page
    /// leaves out the items of the collapsed categories it is not in.
    pub fn trims_sidebars(&self) -> bool {
        self.total_items > FULL_SIDEBAR_LIMIT
    }

    /// Every collapsed category with items, which a trimmed sidebar shows without them.
    pub fn folded_parts(&self) -> Vec<SidebarPart<'_>> {
        fn walk<'n>(
            sidebar: usize,
            nodes: &'n [SidebarNode],
            path: &mut Vec<usize>,
            out: &mut Vec<SidebarPart<'n>>,
        ) {
            for (i, node) in nodes.iter().enumerate() {
                if node.kind != NodeKind::Category || node.children.is_empty() {
                    continue;
                }
                path.push(i);
                if node.collapsed {
                    out.push(SidebarPart {
                        sidebar,
                        path: path.clone(),
                        category: node,
                    });
                }
                walk(sidebar, &node.children, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        for (sidebar, nodes) in self.sidebars.iter().enumerate() {
            walk(sidebar, nodes, &mut Vec::new(), &mut out);
        }
        out
    }

    /// The sidebar a page shows: the one listing it; pages in none show none, as in
    /// Docusaurus. Pages outside every sidebar (home, 404) show the first.
    pub fn sidebar_index(&self, route: Option<&str>) -> Option<usize> {
        match route {
            Some(r) => self.sidebar_of_route.get(r).copied(),
            None => (!self.sidebars.is_empty()).then_some(0),
        }
    }

    /// Items of a category, for category pages (cards).
    pub fn category_items(&self, key: &str) -> Vec<SidebarNode> {
        self.sidebars
            .iter()
            .find_map(|s| find_node(s, key))
            .map(|n| n.children.iter().map(SidebarNode::clone_shallow).collect())
            .unwrap_or_default()
    }

    /// Keys of the categories that start folded.
    pub fn collapsed_categories(&self) -> HashSet<&str> {
        fn walk<'n>(nodes: &'n [SidebarNode], out: &mut HashSet<&'n str>) {
            for n in nodes {
                if n.kind == NodeKind::Category {
                    if n.collapsed {
                        out.insert(n.key.as_str());
                    }
                    walk(&n.children, out);
                }
            }
        }
        let mut out = HashSet::new();
        for sidebar in &self.sidebars {
            walk(sidebar, &mut out);
        }
        out
    }

    /// Breadcrumb trail (categories) for a route.
    pub fn breadcrumbs(&self, route: &str) -> Vec<NavLink> {
        let Some(keys) = self.ancestors.get(route) else {
            return Vec::new();
        };
        let mut crumbs = Vec::new();
        let Some(mut level) = self
            .sidebar_of_route
            .get(route)
            .and_then(|&i| self.sidebars.get(i))
            .map(Vec::as_slice)
        else {
            return crumbs;
        };
        for key in keys {
            let Some(node) = level.iter().find(|n| &n.key == key) else {
                break;
            };
            crumbs.push(NavLink {
                label: node.label.clone(),
                route: node.route.clone().unwrap_or_default(),
                href: node.href.clone().unwrap_or_default(),
            });
            level = &node.children;
        }
        crumbs
    }
}

/// A collapsed category's items, as a trimmed sidebar loads them when the category is opened
/// (`theme/sidebar/<sidebar>/<place>.js`).
pub struct SidebarPart<'n> {
    /// The sidebar's index in [`Navigation::sidebars`].
    pub sidebar: usize,
    /// The category's place: its index among its siblings, from the top of the sidebar down.
    /// A trimmed sidebar keeps every item of the levels it shows, so a page finds the same
    /// place from its own list.
    pub path: Vec<usize>,
    pub category: &'n SidebarNode,
}

impl SidebarPart<'_> {
    /// The items as the opened category shows them: collapsed categories among them folded.
    pub fn items(&self) -> Vec<SidebarNode> {
        trimmed(&self.category.children, &[])
    }

    /// The place as the page names it (`3-1`), which is also the file's name.
    pub fn place(&self) -> String {
        let path: Vec<String> = self.path.iter().map(usize::to_string).collect();
        path.join("-")
    }
}

/// `nodes` with the items of collapsed categories left out, but for the categories in
/// `ancestors` (on the way to the page), which stay open.
fn trimmed(nodes: &[SidebarNode], ancestors: &[String]) -> Vec<SidebarNode> {
    nodes
        .iter()
        .map(|n| {
            let open = ancestors.contains(&n.key) || !n.collapsed;
            SidebarNode {
                children: if open {
                    trimmed(&n.children, ancestors)
                } else {
                    Vec::new()
                },
                ..n.clone_shallow()
            }
        })
        .collect()
}

impl SidebarNode {
    fn clone_shallow(&self) -> SidebarNode {
        SidebarNode {
            kind: self.kind,
            key: self.key.clone(),
            label: self.label.clone(),
            route: self.route.clone(),
            href: self.href.clone(),
            collapsed: self.collapsed,
            collapsible: self.collapsible,
            description: self.description.clone(),
            children: Vec::new(),
            position: self.position,
            sort_name: self.sort_name.clone(),
        }
    }
}

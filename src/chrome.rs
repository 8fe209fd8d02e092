//! The furniture around every page: the navbar's items, the footer's link columns, the
//! announcement bar and the colour mode, as a project configures them (Docusaurus'
//! `themeConfig`, or `docgen.toml`'s `[[navbar]]`, `[[footer_links]]`, ...). `resolve` turns
//! them into links the templates can write, checking each target once for the whole site;
//! `for_page` marks what is active on one page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Kind};
use crate::links::{LinkIndex, Target, is_external};
use crate::nav::{Navigation, SidebarNode};
use crate::routes::{normalize_route, page_href};

/// One navbar item as written (Docusaurus' `themeConfig.navbar.items[]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct NavbarItem {
    /// `doc`, `docSidebar`, `dropdown`, `docsVersionDropdown`, `docsVersion`,
    /// `localeDropdown`, `search`, `html`; a plain link when absent.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub label: Option<String>,
    /// A route of the site (`/docs/intro`).
    pub to: Option<String>,
    /// A URL kept as written (another site, a file).
    pub href: Option<String>,
    #[serde(alias = "docId")]
    pub doc_id: Option<String>,
    #[serde(alias = "sidebarId")]
    pub sidebar_id: Option<String>,
    #[serde(alias = "docsPluginId")]
    pub docs_plugin_id: Option<String>,
    /// `left` (default) or `right`.
    pub position: Option<String>,
    /// A dropdown's items.
    pub items: Vec<NavbarItem>,
    /// An `html` item's markup.
    pub value: Option<String>,
    /// A footer item's markup.
    pub html: Option<String>,
    /// The item is active on every page under this route.
    #[serde(alias = "activeBasePath")]
    pub active_base_path: Option<String>,
    /// Where the item is written: (line, column) in the settings file.
    #[serde(skip)]
    pub at: Option<(usize, usize)>,
}

/// A footer column (`title` + `items`), or one link of a single-row footer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct FooterEntry {
    pub title: Option<String>,
    pub items: Vec<NavbarItem>,
    pub label: Option<String>,
    pub to: Option<String>,
    pub href: Option<String>,
    pub html: Option<String>,
    #[serde(skip)]
    pub at: Option<(usize, usize)>,
}

/// `themeConfig.announcementBar`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Announcement {
    /// Remembered when the reader closes the bar; a new id shows it again.
    pub id: String,
    /// HTML.
    pub content: String,
    #[serde(alias = "backgroundColor")]
    pub background_color: Option<String>,
    #[serde(alias = "textColor")]
    pub text_color: Option<String>,
    #[serde(alias = "isCloseable")]
    pub is_closeable: Option<bool>,
}

/// `themeConfig.colorMode`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ColorMode {
    /// `light` or `dark`: the mode before the reader chooses.
    #[serde(alias = "defaultMode")]
    pub default_mode: String,
    /// Hide the light/dark switch.
    #[serde(alias = "disableSwitch")]
    pub disable_switch: bool,
    /// Follow the system's preference until the reader chooses.
    #[serde(alias = "respectPrefersColorScheme")]
    pub respect_prefers_color_scheme: bool,
}

impl Default for ColorMode {
    fn default() -> Self {
        ColorMode {
            default_mode: "light".into(),
            disable_switch: false,
            respect_prefers_color_scheme: true,
        }
    }
}

/// A navbar or footer link ready for the templates.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct ChromeLink {
    /// `link`, `dropdown`, `html`, `search`, `versions` or `locales`.
    pub kind: &'static str,
    pub label: String,
    /// A page of the site, relative to the site root (`docs/intro/index.html`).
    pub path: Option<String>,
    /// Any other URL, as written.
    pub href: Option<String>,
    /// Opens another site: a new tab, with the external-link mark.
    pub external: bool,
    pub html: Option<String>,
    pub right: bool,
    pub items: Vec<ChromeLink>,
    /// Set by [`for_page`]: the reader is on this item's page or under it.
    pub active: bool,
    /// Set by [`for_page`]: the reader is on this item's page.
    pub current: bool,
    #[serde(skip)]
    active_route: Option<String>,
    #[serde(skip)]
    active_prefix: Option<String>,
    #[serde(skip)]
    sidebar: Option<usize>,
}

/// A footer column ready for the templates.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct FooterColumn {
    pub title: Option<String>,
    pub items: Vec<ChromeLink>,
}

/// Everything [`resolve`] made, shared by every page.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Resolved {
    pub navbar: Vec<ChromeLink>,
    pub footer_columns: Vec<FooterColumn>,
    /// A footer of single links (no titles) is one row.
    pub footer_row: Vec<ChromeLink>,
    /// The route each version of the docs opens on, in the order of `Targets::versions`.
    #[serde(skip)]
    pub version_homes: Vec<String>,
}

/// What the links are checked against: the site's routes, its docs and sidebars.
pub struct Targets<'a> {
    pub links: &'a LinkIndex,
    pub nav: &'a Navigation,
    /// (docs instance id, doc id) → (route, label in the sidebar).
    pub docs: &'a HashMap<(String, String), (String, String)>,
    /// The file the items are written in, for messages.
    pub settings_file: &'a Path,
    /// The docs' versions, newest first: (label, route of its first page); empty when the
    /// docs are not versioned.
    pub versions: &'a [(String, String)],
    /// Index in `versions` of the last released version.
    pub last_version: usize,
    /// The site has more than one locale (a `localeDropdown` lists them).
    pub translated: bool,
}

/// Resolves the navbar and footer once for the whole site.
pub fn resolve(
    navbar: &[NavbarItem],
    footer: &[FooterEntry],
    targets: &Targets<'_>,
) -> (Resolved, Vec<Diagnostic>) {
    let mut resolver = Resolver {
        targets,
        diags: Vec::new(),
    };
    let navbar = navbar
        .iter()
        .filter_map(|item| resolver.item(item, "navbar"))
        .collect();
    let mut out = Resolved {
        navbar,
        version_homes: targets.versions.iter().map(|(_, r)| r.clone()).collect(),
        ..Resolved::default()
    };
    for entry in footer {
        if entry.title.is_some() || !entry.items.is_empty() {
            let items = entry
                .items
                .iter()
                .filter_map(|i| resolver.item(i, "footer"))
                .collect();
            out.footer_columns.push(FooterColumn {
                title: entry.title.clone(),
                items,
            });
        } else {
            let as_item = NavbarItem {
                label: entry.label.clone(),
                to: entry.to.clone(),
                href: entry.href.clone(),
                value: entry.html.clone(),
                kind: entry.html.as_ref().map(|_| "html".to_string()),
                at: entry.at,
                ..NavbarItem::default()
            };
            out.footer_row.extend(resolver.item(&as_item, "footer"));
        }
    }
    (out, resolver.diags)
}

struct Resolver<'t, 'a> {
    targets: &'t Targets<'a>,
    diags: Vec<Diagnostic>,
}

impl Resolver<'_, '_> {
    fn item(&mut self, item: &NavbarItem, place: &str) -> Option<ChromeLink> {
        let right = item.position.as_deref() == Some("right");
        let label = item.label.clone().unwrap_or_default();
        let mut link = ChromeLink {
            kind: "link",
            label,
            right,
            ..ChromeLink::default()
        };
        // Footer links have no `type` in Docusaurus, which ignores one (redux's footer has
        // `{label, type: 'doc', to}`): there, `to`, `href` and `html` decide.
        let kind = item.kind.as_deref().filter(|_| place != "footer");
        match kind {
            Some("html") => {
                link.kind = "html";
                link.html = Some(item.value.clone().unwrap_or_default());
            }
            Some("search") => link.kind = "search",
            Some("docsVersionDropdown") => {
                if self.targets.versions.is_empty() {
                    return None;
                }
                link.kind = "versions";
                link.items = self
                    .targets
                    .versions
                    .iter()
                    .map(|(label, route)| ChromeLink {
                        kind: "link",
                        label: label.clone(),
                        path: Some(page_href(route)),
                        ..ChromeLink::default()
                    })
                    .collect();
                let last = self.targets.versions.get(self.targets.last_version);
                if let Some((label, _)) = last.filter(|_| link.label.is_empty()) {
                    link.label = label.clone();
                }
            }
            Some("docsVersion") => {
                let (label, route) = self.targets.versions.get(self.targets.last_version)?;
                if link.label.is_empty() {
                    link.label = label.clone();
                }
                link.path = Some(page_href(route));
                link.active_prefix = Some(route.clone());
            }
            Some("localeDropdown") => {
                if !self.targets.translated {
                    return None;
                }
                link.kind = "locales";
            }
            Some("doc") => self.doc(item, &mut link)?,
            Some("docSidebar") => self.doc_sidebar(item, &mut link)?,
            Some("dropdown") | None if !item.items.is_empty() => {
                link.kind = "dropdown";
                link.items = item
                    .items
                    .iter()
                    .filter_map(|child| self.item(child, place))
                    .collect();
                if let Some(to) = &item.to {
                    self.target(item, to, &mut link, place);
                }
            }
            Some("dropdown") => link.kind = "dropdown",
            None | Some("default") => {
                if let Some(href) = &item.href {
                    link.external = is_external(href);
                    link.href = Some(href.clone());
                } else if let Some(to) = &item.to {
                    self.target(item, to, &mut link, place);
                } else if let Some(html) = item.value.as_ref().or(item.html.as_ref()) {
                    link.kind = "html";
                    link.html = Some(html.clone());
                }
                if let Some(base) = &item.active_base_path {
                    link.active_prefix = Some(normalize_route(base));
                }
            }
            // Docusaurus' custom item types are React components of the project
            // (`src/theme/NavbarItem/ComponentTypes`), named `custom-…`.
            Some(custom) if custom.starts_with("custom-") => {
                let mut d = self.diagnostic(
                    item,
                    format!("{place} item type `{custom}` is a React component of the project; it is left out"),
                );
                d.kind = Some(crate::diagnostics::Kind::NeedsJavaScript);
                d.hint = Some("docgen does not run the project's React components; a `href` or `to` item renders a plain link".into());
                self.diags.push(d);
                return None;
            }
            Some(other) => {
                self.diags.push(
                    self.diagnostic(item, format!("unknown {place} item type `{other}`; it is left out"))
                        .with_hint("docgen knows the types doc, docSidebar, dropdown, html, search, docsVersionDropdown and localeDropdown"),
                );
                return None;
            }
        }
        Some(link)
    }

    fn doc(&mut self, item: &NavbarItem, link: &mut ChromeLink) -> Option<()> {
        let Some(id) = &item.doc_id else {
            let d = self.diagnostic(item, "a `doc` item needs a `docId`; it is left out");
            self.diags.push(d);
            return None;
        };
        let instance = item.docs_plugin_id.as_deref().unwrap_or("default");
        let key = (instance.to_string(), id.trim_start_matches('/').to_string());
        let Some((route, label)) = self.targets.docs.get(&key) else {
            let message = format!(
                "no doc has the id `{id}` (docs plugin `{instance}`); the item is left out"
            );
            let d = self.diagnostic(item, message)
                .with_code(crate::codes::Code::BrokenLink)
                .with_hint("a doc's id is its path in the docs folder without the extension (and number prefixes), or its front matter `id`");
            self.diags.push(d);
            return None;
        };
        if link.label.is_empty() {
            link.label = label.clone();
        }
        link.path = Some(page_href(route));
        link.active_route = Some(route.clone());
        link.sidebar = self.targets.nav.sidebar_of_route.get(route).copied();
        Some(())
    }

    fn doc_sidebar(&mut self, item: &NavbarItem, link: &mut ChromeLink) -> Option<()> {
        let name = item.sidebar_id.as_deref().unwrap_or_default();
        let instance = item.docs_plugin_id.as_deref().unwrap_or("default");
        let nav = self.targets.nav;
        let index = nav
            .sidebar_names
            .iter()
            .position(|(i, n)| i == instance && n == name);
        let first = index.and_then(|i| first_route(&nav.sidebars[i]));
        let (Some(index), Some(route)) = (index, first) else {
            let known: Vec<&str> = nav
                .sidebar_names
                .iter()
                .filter(|(i, _)| i == instance)
                .map(|(_, n)| n.as_str())
                .collect();
            let d = self
                .diagnostic(
                    item,
                    format!("no sidebar `{name}` with a page in it; the item is left out"),
                )
                .with_code(crate::codes::Code::BrokenLink)
                .with_hint(format!("the sidebars are: {}", known.join(", ")));
            self.diags.push(d);
            return None;
        };
        link.path = Some(page_href(&route));
        link.sidebar = Some(index);
        Some(())
    }

    /// `to: '/docs/intro#part'`: a route of the site, checked like a page's link.
    fn target(&mut self, item: &NavbarItem, to: &str, link: &mut ChromeLink, place: &str) {
        if is_external(to) {
            link.external = true;
            link.href = Some(to.to_string());
            return;
        }
        let (path, fragment) = match to.find(['#', '?']) {
            Some(i) => to.split_at(i),
            None => (to, ""),
        };
        match self.targets.links.absolute(path) {
            Some(Target::Page(route)) => {
                link.path = Some(format!("{}{fragment}", page_href(&route)));
                link.active_route = Some(route.clone());
                link.active_prefix = Some(route);
            }
            Some(Target::Elsewhere) => {
                let route = normalize_route(path);
                link.path = Some(format!("{}{fragment}", page_href(&route)));
            }
            _ => {
                link.href = Some(to.to_string());
                let d = self
                    .diagnostic(
                        item,
                        format!("{place} link to `{to}`: no page has this route"),
                    )
                    .with_code(crate::codes::Code::BrokenLink)
                    .with_kind(Kind::BrokenLink);
                self.diags.push(d);
            }
        }
    }

    fn diagnostic(&self, item: &NavbarItem, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(PathBuf::from(self.targets.settings_file), message)
            .with_code(crate::codes::Code::DocusaurusConfig);
        if let Some((line, column)) = item.at {
            d.line = line;
            d.column = column;
        }
        d
    }
}

/// The first page a sidebar opens (Docusaurus' `docSidebar` target).
pub fn first_route(nodes: &[SidebarNode]) -> Option<String> {
    nodes.iter().find_map(|n| {
        n.route
            .clone()
            .filter(|_| n.kind != crate::nav::NodeKind::Link)
            .or_else(|| first_route(&n.children))
    })
}

/// On a page of version `version`, the versions dropdown shows that version and leads to
/// the same page in the others (`same_page(i)`, when version `i` has it).
pub fn with_version(
    items: &mut [ChromeLink],
    version: Option<usize>,
    same_page: &dyn Fn(usize) -> Option<String>,
) {
    for item in items.iter_mut().filter(|i| i.kind == "versions") {
        for (i, child) in item.items.iter_mut().enumerate() {
            if let Some(route) = same_page(i) {
                child.path = Some(page_href(&route));
            }
            child.active = Some(i) == version;
            child.current = child.active;
        }
        if let Some(v) = version.and_then(|v| item.items.get(v)) {
            item.label = v.label.clone();
            item.active = true;
        }
    }
}

/// The navbar with the items of the page at `route` (in `sidebar`) marked active.
pub fn for_page(items: &[ChromeLink], route: &str, sidebar: Option<usize>) -> Vec<ChromeLink> {
    items
        .iter()
        .map(|item| {
            let mut item = item.clone();
            item.items = for_page(&item.items, route, sidebar);
            item.current = item.active_route.as_deref() == Some(route);
            item.active = is_active(&item, route, sidebar) || item.items.iter().any(|i| i.active);
            item
        })
        .collect()
}

fn is_active(item: &ChromeLink, route: &str, sidebar: Option<usize>) -> bool {
    if item.active_route.as_deref() == Some(route) {
        return true;
    }
    if let (Some(mine), Some(theirs)) = (item.sidebar, sidebar) {
        return mine == theirs;
    }
    item.active_prefix
        .as_deref()
        .is_some_and(|p| !p.is_empty() && route.starts_with(p) && route[p.len()..].starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets<'a>(
        links: &'a LinkIndex,
        nav: &'a Navigation,
        docs: &'a HashMap<(String, String), (String, String)>,
    ) -> Targets<'a> {
        Targets {
            links,
            nav,
            docs,
            settings_file: Path::new("docusaurus.config.js"),
            versions: &[],
            last_version: 0,
            translated: false,
        }
    }

    fn item(kind: Option<&str>) -> NavbarItem {
        NavbarItem {
            kind: kind.map(str::to_string),
            ..NavbarItem::default()
        }
    }

    #[test]
    fn doc_items_take_the_docs_route_and_label_and_unknown_ids_are_errors() {
        let mut links = LinkIndex::default();
        links.insert("intro.md", "docs/intro");
        let nav = Navigation::default();
        let mut docs = HashMap::new();
        docs.insert(
            ("default".to_string(), "intro".to_string()),
            ("docs/intro".to_string(), "Pengantar".to_string()),
        );
        let good = NavbarItem {
            doc_id: Some("intro".into()),
            ..item(Some("doc"))
        };
        let bad = NavbarItem {
            doc_id: Some("missing".into()),
            at: Some((7, 9)),
            ..item(Some("doc"))
        };
        let (out, diags) = resolve(&[good, bad], &[], &targets(&links, &nav, &docs));
        assert_eq!(out.navbar.len(), 1);
        assert_eq!(out.navbar[0].label, "Pengantar");
        assert_eq!(out.navbar[0].path.as_deref(), Some("docs/intro/index.html"));
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (7, 9));
        assert!(diags[0].message.contains("missing"), "{}", diags[0].message);
        assert!(diags[0].is_error());
    }

    #[test]
    fn to_links_are_checked_and_keep_their_fragment() {
        let mut links = LinkIndex::default();
        links.insert("guide.md", "docs/guide");
        let nav = Navigation::default();
        let docs = HashMap::new();
        let good = NavbarItem {
            label: Some("Panduan".into()),
            to: Some("/docs/guide#mulai".into()),
            ..item(None)
        };
        let broken = NavbarItem {
            label: Some("Hilang".into()),
            to: Some("/docs/nowhere".into()),
            ..item(None)
        };
        let outside = NavbarItem {
            label: Some("GitHub".into()),
            href: Some("https://github.com/x/y".into()),
            position: Some("right".into()),
            ..item(None)
        };
        let (out, diags) = resolve(&[good, broken, outside], &[], &targets(&links, &nav, &docs));
        assert_eq!(
            out.navbar[0].path.as_deref(),
            Some("docs/guide/index.html#mulai")
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].kind, Some(Kind::BrokenLink));
        assert!(out.navbar[2].external && out.navbar[2].right);
        let on_guide = for_page(&out.navbar, "docs/guide", None);
        assert!(on_guide[0].active && on_guide[0].current);
        assert!(!on_guide[2].active);
        assert!(!for_page(&out.navbar, "docs/other", None)[0].active);
    }

    #[test]
    fn footer_columns_and_single_rows_are_told_apart() {
        let links = LinkIndex::default();
        let nav = Navigation::default();
        let docs = HashMap::new();
        let column = FooterEntry {
            title: Some("Komunitas".into()),
            items: vec![NavbarItem {
                label: Some("Forum".into()),
                href: Some("https://forum.example.org".into()),
                ..item(None)
            }],
            ..FooterEntry::default()
        };
        let single = FooterEntry {
            label: Some("Blog".into()),
            href: Some("https://blog.example.org".into()),
            ..FooterEntry::default()
        };
        let (out, diags) = resolve(&[], &[column, single], &targets(&links, &nav, &docs));
        assert!(diags.is_empty());
        assert_eq!(out.footer_columns.len(), 1);
        assert_eq!(out.footer_columns[0].items[0].label, "Forum");
        assert_eq!(out.footer_row.len(), 1);
    }

    /// opentofu.org's navbar: `{type: 'custom-social-icon-link-navbar-item', …}`.
    #[test]
    fn a_custom_navbar_item_type_is_left_out_as_needing_javascript() {
        let links = LinkIndex::default();
        let nav = Navigation::default();
        let docs = HashMap::new();
        let custom = item(Some("custom-social-icon-link-navbar-item"));
        let unknown = item(Some("sosial"));
        let (out, diags) = resolve(&[custom, unknown], &[], &targets(&links, &nav, &docs));
        assert!(out.navbar.is_empty());
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].kind, Some(Kind::NeedsJavaScript));
        assert!(
            diags[0].message.contains("React component"),
            "{}",
            diags[0].message
        );
        assert_eq!(
            diags[1].kind, None,
            "a type that is not custom stays an error"
        );
        assert!(diags[1].is_error());
    }

    /// reduxjs/redux's footer: `{label: 'Usage Guide', type: 'doc', to: 'usage'}`.
    /// Docusaurus ignores `type` in footer links; so does docgen.
    #[test]
    fn a_footer_link_type_is_ignored_as_docusaurus_ignores_it() {
        let mut links = LinkIndex::default();
        links.insert("usage.md", "docs/usage");
        let nav = Navigation::default();
        let docs = HashMap::new();
        let column = FooterEntry {
            title: Some("Docs".into()),
            items: vec![NavbarItem {
                label: Some("Usage Guide".into()),
                to: Some("/docs/usage".into()),
                ..item(Some("doc"))
            }],
            ..FooterEntry::default()
        };
        let (out, diags) = resolve(&[], &[column], &targets(&links, &nav, &docs));
        assert!(diags.is_empty(), "{diags:?}");
        let link = &out.footer_columns[0].items[0];
        assert_eq!(link.path.as_deref(), Some("docs/usage/index.html"));
    }
}

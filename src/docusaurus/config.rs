//! `docusaurus.config.*` → docgen's [`Config`]: the site's title, URL, policies and the docs
//! plugin's options, read from the exported object literal.

use std::path::{Path, PathBuf};

use oxc_allocator::Allocator;
use oxc_ast::ast::Expression;
use oxc_span::GetSpan;
use serde_json::Value;

use crate::blog::BlogOptions;
use crate::chrome::{ColorMode, FooterEntry, NavbarItem};
use crate::config::{Config, DocsInstance, Docusaurus, Policy};
use crate::diagnostics::Diagnostic;
use crate::versions::VersionOptions;

use super::{Module, Source, exported};

/// What docgen takes from a Docusaurus project.
pub struct Imported {
    pub config: Config,
    /// The sidebars file named by the docs plugin, if any.
    pub sidebars: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads `docusaurus.config.*` into docgen's configuration.
pub fn load_config(path: &Path, root: &Path) -> Result<Imported, Diagnostic> {
    let source = Source::read(path, root)?;
    let allocator = Allocator::default();
    let program = source.parse(&allocator)?;
    let mut module = Module::new(&program);
    let version = docusaurus_version(root);
    let mut config = Config {
        content_dir: "docs".into(),
        route_base_path: "docs".into(),
        // Docusaurus' defaults: broken links throw, broken anchors (checked since 3.1) and
        // Markdown links to missing files warn, `useBaseUrl` targets are not checked.
        on_broken_anchors: Some(match version >= (3, 1) {
            true => Policy::Warn,
            false => Policy::Ignore,
        }),
        on_broken_markdown_links: Some(Policy::Warn),
        on_missing_url_targets: Policy::Warn,
        on_needs_javascript: Policy::Warn,
        docusaurus: Some(Docusaurus {
            version,
            ..Docusaurus::default()
        }),
        ..Config::default()
    };
    let exported = exported(&program, &mut module.consts).map(|e| module.resolve(e));
    let Some(exported) = exported.filter(|e| matches!(e, Expression::ObjectExpression(_))) else {
        let offset = exported.map_or(0, |e| e.span().start as usize);
        let warning = source
            .warning(
                offset,
                "no configuration object found; docgen builds the site with Docusaurus' defaults",
            )
            .with_hint("docgen reads `export default {...}`, `module.exports = {...}`, or the object a function in this file returns");
        return Ok(Imported {
            config,
            sidebars: None,
            warnings: vec![warning],
        });
    };
    let mut reader = ConfigReader {
        module: &module,
        source: &source,
        root: exported,
        warnings: Vec::new(),
    };
    if let Some(title) = reader.string(&["title"]) {
        config.title = title;
    }
    if let Some(tagline) = reader.string(&["tagline"]) {
        config.tagline = tagline;
    }
    let url = reader.string(&["url"]);
    let base = reader.string(&["baseUrl"]).unwrap_or_else(|| "/".into());
    if let Some(url) = url {
        config.base_url = Some(format!("{}{}", url.trim_end_matches('/'), base));
    }
    config.favicon = reader.string(&["favicon"]).map(strip_slash);
    config.navbar_title = reader.string(&["themeConfig", "navbar", "title"]);
    config.logo = reader
        .string(&["themeConfig", "navbar", "logo", "src"])
        .map(strip_slash);
    config.footer = reader.string(&["themeConfig", "footer", "copyright"]);
    reader.chrome(&mut config);
    config.docs = !matches!(
        reader.plugin_options("docs", "content-docs"),
        PluginOptions::Disabled
    );
    config.blog = reader
        .blog_options()
        .filter(|b| root.join(&b.path).is_dir());
    if root.join("src/pages").is_dir() {
        config.pages_dir = Some("src/pages".into());
    }
    if let Some(locale) = reader.string(&["i18n", "defaultLocale"]) {
        config.language = locale;
    }
    if let Some(Value::Array(list)) = reader.value(&["i18n", "locales"]) {
        config.locales = list
            .iter()
            .filter_map(|l| l.as_str().map(str::to_string))
            .collect();
    }
    if let Some(expr) = module.path(exported, &["i18n", "localeConfigs"])
        && let Some(value) = reader.value(&["i18n", "localeConfigs"])
        && let Some(map) = reader.typed(value, expr)
    {
        config.locale_configs = map;
    }
    if let Some(policy) = reader.policy(&["onBrokenLinks"]) {
        config.on_broken_links = policy;
    }
    if let Some(policy) = reader.policy(&["onBrokenAnchors"]) {
        config.on_broken_anchors = Some(policy);
    }
    let markdown_links = reader
        .policy(&["markdown", "hooks", "onBrokenMarkdownLinks"])
        .or_else(|| reader.policy(&["onBrokenMarkdownLinks"]));
    if let Some(policy) = markdown_links {
        config.on_broken_markdown_links = Some(policy);
    }
    if let Some(dirs) = reader.value(&["staticDirectories"]) {
        match dirs
            .as_array()
            .and_then(|a| a.first())
            .and_then(Value::as_str)
        {
            Some(first) => config.static_dir = first.into(),
            None => config.static_dir = "static".into(),
        }
    }
    let mut sidebars = None;
    if let Some(docs) = reader.docs_options() {
        if let Some(p) = reader.string_at(docs, "path") {
            config.content_dir = p.into();
        }
        if let Some(r) = reader.string_at(docs, "routeBasePath") {
            config.route_base_path = r.trim_matches('/').to_string();
        }
        config.versions = reader.version_options(docs);
        let flag = |value: Option<Value>| match value {
            Some(Value::Bool(b)) => Some(b),
            _ => None,
        };
        let collapsed = flag(reader.value_at(docs, "sidebarCollapsed"));
        let collapsible = flag(reader.value_at(docs, "sidebarCollapsible"));
        if let Some(d) = config.docusaurus.as_mut() {
            let defaults = &mut d.categories;
            defaults.collapsed = collapsed.unwrap_or(defaults.collapsed);
            defaults.collapsible = collapsible.unwrap_or(defaults.collapsible);
        }
        if let Some(e) = reader.string_at(docs, "editUrl") {
            config.edit_url = Some(e);
        }
        let globs = |value: Option<Value>| -> Vec<String> {
            match value {
                Some(Value::Array(globs)) => globs
                    .iter()
                    .filter_map(|g| g.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            }
        };
        config.exclude = globs(reader.value_at(docs, "exclude"));
        config.include = globs(reader.value_at(docs, "include"))
            .into_iter()
            .filter(|g| g != "**/*.{md,mdx}")
            .collect();
        if let Some(admonitions) = reader.module.get(docs, "admonitions")
            && let Some(Value::Array(words)) = reader.value_at(admonitions, "keywords")
        {
            config.admonition_keywords = words
                .iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect();
        }
        if let Some(expr) = reader.module.get(docs, "numberPrefixParser") {
            reader.warnings.push(source.warning(
                expr.span().start as usize,
                "`numberPrefixParser` is not supported: docgen always strips number prefixes the way Docusaurus does by default",
            ));
        }
        match reader.value_at(docs, "sidebarPath") {
            Some(Value::String(s)) => sidebars = Some(root.join(s.trim_start_matches("./"))),
            Some(Value::Bool(false)) | None => {}
            Some(_) => {}
        }
    }
    let others = reader.other_docs_instances();
    let (plugin_routes, local_plugins) = reader.other_plugins();
    if let Some(d) = config.docusaurus.as_mut() {
        d.other_docs = others;
        d.plugin_routes = plugin_routes;
        d.local_plugins = local_plugins;
    }
    let warnings = reader.warnings;
    Ok(Imported {
        config,
        sidebars,
        warnings,
    })
}

fn strip_slash(path: String) -> String {
    path.trim_start_matches('/').to_string()
}

struct ConfigReader<'m, 'a> {
    module: &'m Module<'a>,
    source: &'m Source,
    root: &'a Expression<'a>,
    warnings: Vec<Diagnostic>,
}

impl<'a> ConfigReader<'_, 'a> {
    fn value(&mut self, path: &[&str]) -> Option<Value> {
        let expr = self.module.path(self.root, path)?;
        self.evaluate(expr, &path.join("."))
    }

    fn value_at(&mut self, object: &'a Expression<'a>, key: &str) -> Option<Value> {
        let expr = self.module.get(object, key)?;
        self.evaluate(expr, key)
    }

    fn evaluate(&mut self, expr: &'a Expression<'a>, what: &str) -> Option<Value> {
        match self.module.eval(expr) {
            Ok(v) => Some(v),
            Err(u) => {
                self.warnings.push(self.source.warning(
                    u.offset.max(expr.span().start as usize),
                    format!("`{what}` cannot be read without running JavaScript ({}); docgen uses its default", u.message),
                ));
                None
            }
        }
    }

    /// A policy (`'throw'`, `'warn'`, `'log'`, `'ignore'`); an unknown name warns.
    fn policy(&mut self, path: &[&str]) -> Option<Policy> {
        let name = self.string(path)?;
        let policy = Policy::from_docusaurus(&name);
        if policy.is_none() {
            let at = self
                .module
                .path(self.root, path)
                .map_or(0, |e| e.span().start as usize);
            self.warnings.push(self.source.warning(
                at,
                format!("`{}` should be 'throw', 'warn', 'log' or 'ignore', found '{name}'; docgen uses Docusaurus' default", path.join(".")),
            ));
        }
        policy
    }

    fn string(&mut self, path: &[&str]) -> Option<String> {
        self.value(path)
            .and_then(|v| self.expect_string(v, &path.join(".")))
    }

    fn string_at(&mut self, object: &'a Expression<'a>, key: &str) -> Option<String> {
        self.value_at(object, key)
            .and_then(|v| self.expect_string(v, key))
    }

    fn expect_string(&mut self, value: Value, what: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                self.warnings.push(
                    Diagnostic::warning(
                        &self.source.display,
                        format!(
                            "`{what}` should be a string, found `{other}`; docgen uses its default"
                        ),
                    )
                    .with_code(crate::codes::Code::DocusaurusConfig),
                );
                None
            }
        }
    }

    /// The navbar, footer, announcement bar and colour mode of `themeConfig`.
    fn chrome(&mut self, config: &mut Config) {
        config.navbar = self.items(&["themeConfig", "navbar", "items"]);
        config.logo_dark = self
            .string(&["themeConfig", "navbar", "logo", "srcDark"])
            .map(strip_slash);
        config.logo_href = self.string(&["themeConfig", "navbar", "logo", "href"]);
        config.logo_alt = self.string(&["themeConfig", "navbar", "logo", "alt"]);
        config.navbar_hide_on_scroll = self
            .value(&["themeConfig", "navbar", "hideOnScroll"])
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        config.footer_style = self.string(&["themeConfig", "footer", "style"]);
        config.footer_logo = self
            .string(&["themeConfig", "footer", "logo", "src"])
            .map(strip_slash);
        if let Some(links) = self
            .module
            .path(self.root, &["themeConfig", "footer", "links"])
        {
            for entry in self.module.elements(links) {
                let Some(value) = self.evaluate(entry, "themeConfig.footer.links") else {
                    continue;
                };
                let Some(mut column) = self.typed::<FooterEntry>(value, entry) else {
                    continue;
                };
                column.at = Some(self.position(entry));
                if let Some(items) = self.module.get(entry, "items") {
                    column.items = self.items_of(items);
                }
                config.footer_links.push(column);
            }
        }
        if let Some(expr) = self
            .module
            .path(self.root, &["themeConfig", "announcementBar"])
            && let Some(value) = self.evaluate(expr, "themeConfig.announcementBar")
        {
            config.announcement = self.typed(value, expr);
        }
        // Docusaurus' defaults differ from docgen's own: light, system preference ignored.
        let mut mode = ColorMode {
            respect_prefers_color_scheme: false,
            ..ColorMode::default()
        };
        if let Some(expr) = self.module.path(self.root, &["themeConfig", "colorMode"])
            && let Some(value) = self.evaluate(expr, "themeConfig.colorMode")
            && let Some(read) = self.typed::<serde_json::Map<String, Value>>(value, expr)
        {
            let flag = |key: &str| read.get(key).and_then(Value::as_bool);
            if let Some(m) = read.get("defaultMode").and_then(Value::as_str) {
                mode.default_mode = m.to_string();
            }
            mode.disable_switch = flag("disableSwitch").unwrap_or(false);
            mode.respect_prefers_color_scheme = flag("respectPrefersColorScheme").unwrap_or(false);
        }
        config.color_mode = mode;
    }

    fn items(&mut self, path: &[&str]) -> Vec<NavbarItem> {
        match self.module.path(self.root, path) {
            Some(list) => self.items_of(list),
            None => Vec::new(),
        }
    }

    /// Each item of a navbar or footer list on its own: one that cannot be read is left out
    /// with a warning at its place, the others are kept.
    fn items_of(&mut self, list: &'a Expression<'a>) -> Vec<NavbarItem> {
        let mut out = Vec::new();
        for expr in self.module.elements(list) {
            let Some(value) = self.known_keys(expr, NAVBAR_KEYS, "navbar item") else {
                continue;
            };
            let Some(mut item) = self.typed::<NavbarItem>(value, expr) else {
                continue;
            };
            item.at = Some(self.position(expr));
            if let Some(children) = self.module.get(expr, "items") {
                item.items = self.items_of(children);
            }
            out.push(item);
        }
        out
    }

    /// The keys docgen uses of an object literal, each evaluated on its own: one computed
    /// key docgen does not need (`dropdownItemsAfter: [...list.map(...)]`) does not lose the
    /// rest. Anything but an object literal is evaluated whole.
    fn known_keys(&mut self, expr: &'a Expression<'a>, keys: &[&str], what: &str) -> Option<Value> {
        if !matches!(self.module.resolve(expr), Expression::ObjectExpression(_)) {
            return self.evaluate(expr, what);
        }
        let mut object = serde_json::Map::new();
        for key in keys {
            if *key == "items" {
                continue;
            }
            if let Some(value) = self.value_at(expr, key) {
                object.insert((*key).to_string(), value);
            }
        }
        Some(Value::Object(object))
    }

    fn typed<T: serde::de::DeserializeOwned>(
        &mut self,
        value: Value,
        expr: &'a Expression<'a>,
    ) -> Option<T> {
        match serde_json::from_value(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.warnings.push(self.source.warning(
                    expr.span().start as usize,
                    format!("this value cannot be read ({e}); docgen leaves it out"),
                ));
                None
            }
        }
    }

    fn position(&self, expr: &'a Expression<'a>) -> (usize, usize) {
        crate::diagnostics::line_column(&self.source.text, expr.span().start as usize)
    }

    /// Route bases of plugins other than docs (`routeBasePath` of a second blog), and the names
    /// of the project's own plugins (paths starting with `.`).
    fn other_plugins(&mut self) -> (Vec<String>, Vec<String>) {
        let module = self.module;
        let plugins = module
            .get(self.root, "plugins")
            .map(|list| module.elements(list))
            .unwrap_or_default();
        let (mut routes, mut local) = (Vec::new(), Vec::new());
        for plugin in plugins {
            let parts = match module.resolve(plugin) {
                Expression::ArrayExpression(_) => module.elements(plugin),
                _ => vec![plugin],
            };
            let name = parts.first().and_then(|n| module.eval(n).ok());
            let name = name.as_ref().and_then(Value::as_str).unwrap_or("");
            if name.starts_with('.') || name.starts_with('/') {
                local.push(name.to_string());
            }
            if name.contains("content-docs") {
                continue;
            }
            if let Some(options) = parts.get(1)
                && let Some(base) = module.get(options, "routeBasePath")
                && let Ok(Value::String(base)) = module.eval(base)
            {
                routes.push(base.trim_matches('/').to_string());
            }
        }
        (routes, local)
    }

    /// The docs plugins with an `id` other than `default`: (id, path, routeBasePath).
    fn other_docs_instances(&mut self) -> Vec<DocsInstance> {
        let module = self.module;
        let plugins = module
            .get(self.root, "plugins")
            .map(|list| module.elements(list))
            .unwrap_or_default();
        let mut out = Vec::new();
        for plugin in plugins {
            let parts = module.elements(plugin);
            let (Some(name), Some(options)) = (parts.first(), parts.get(1)) else {
                continue;
            };
            let name = module.eval(name).ok();
            if !name
                .as_ref()
                .and_then(Value::as_str)
                .is_some_and(|n| n.contains("content-docs"))
            {
                continue;
            }
            let text = |key: &str| {
                module
                    .get(options, key)
                    .and_then(|e| module.eval(e).ok())
                    .and_then(|v| v.as_str().map(str::to_string))
            };
            let Some(id) = text("id").filter(|id| id != "default") else {
                continue;
            };
            let path = text("path").unwrap_or_else(|| id.clone());
            let base = text("routeBasePath").unwrap_or_else(|| id.clone());
            out.push(DocsInstance {
                id,
                path: path.trim_start_matches("./").to_string(),
                route_base_path: base.trim_matches('/').to_string(),
                sidebar_path: text("sidebarPath").map(|p| p.trim_start_matches("./").to_string()),
                categories: crate::nav::CategoryDefaults::default(),
            });
        }
        out
    }

    /// Options of the default docs plugin: from the classic preset or a docs plugin entry.
    fn docs_options(&mut self) -> Option<&'a Expression<'a>> {
        match self.plugin_options("docs", "content-docs") {
            PluginOptions::Given(options) => Some(options),
            PluginOptions::Default | PluginOptions::Disabled => None,
        }
    }

    /// The default instance of a content plugin: its options in a preset (`docs: {...}`,
    /// `blog: false`) or in a `plugins` entry whose name contains `plugin`.
    fn plugin_options(&mut self, preset_key: &str, plugin: &str) -> PluginOptions<'a> {
        let module = self.module;
        let entries = |key: &str| {
            module
                .get(self.root, key)
                .map(|list| module.elements(list))
                .unwrap_or_default()
        };
        let name_and_options =
            |entry: &'a Expression<'a>| -> Option<(String, Option<&'a Expression<'a>>)> {
                match module.resolve(entry) {
                    Expression::StringLiteral(s) => Some((s.value.to_string(), None)),
                    Expression::ArrayExpression(_) => {
                        let parts = module.elements(entry);
                        let name = module.eval(parts.first()?).ok()?;
                        Some((name.as_str()?.to_string(), parts.get(1).copied()))
                    }
                    _ => None,
                }
            };
        // Any preset whose options have the key configures the plugin (the classic one,
        // `'classic'`, or a company's own preset wrapping it).
        for preset in entries("presets") {
            if let Some((_, Some(options))) = name_and_options(preset)
                && let Some(given) = module.get(options, preset_key)
            {
                return match module.resolve(given) {
                    Expression::BooleanLiteral(b) if !b.value => PluginOptions::Disabled,
                    Expression::BooleanLiteral(_) => PluginOptions::Default,
                    _ => PluginOptions::Given(given),
                };
            }
        }
        for entry in entries("plugins") {
            if let Some((name, options)) = name_and_options(entry)
                && name.contains(plugin)
            {
                let Some(options) = options else {
                    return PluginOptions::Default;
                };
                let id = module.get(options, "id").and_then(|e| module.eval(e).ok());
                if id.is_none() || id.as_ref().and_then(Value::as_str) == Some("default") {
                    return PluginOptions::Given(options);
                }
            }
        }
        PluginOptions::Default
    }

    /// `lastVersion`, `includeCurrentVersion`, `onlyIncludeVersions` and `versions` of the
    /// docs plugin.
    fn version_options(&mut self, docs: &'a Expression<'a>) -> VersionOptions {
        let mut options = VersionOptions {
            last_version: self.string_at(docs, "lastVersion"),
            ..VersionOptions::default()
        };
        if let Some(Value::Bool(b)) = self.value_at(docs, "includeCurrentVersion") {
            options.include_current_version = b;
        }
        if let Some(Value::Array(list)) = self.value_at(docs, "onlyIncludeVersions") {
            let names = list.iter().filter_map(|v| v.as_str().map(str::to_string));
            options.only_include_versions = Some(names.collect());
        }
        if let Some(expr) = self.module.get(docs, "versions")
            && let Some(value) = self.evaluate(expr, "versions")
            && let Some(map) = self.typed(value, expr)
        {
            options.versions = map;
        }
        options
    }

    /// The blog plugin's options; `None` when the project turns the blog off.
    fn blog_options(&mut self) -> Option<BlogOptions> {
        let options = match self.plugin_options("blog", "content-blog") {
            PluginOptions::Disabled => return None,
            PluginOptions::Default => return Some(BlogOptions::default()),
            PluginOptions::Given(options) => options,
        };
        let mut blog = BlogOptions::default();
        let text = |r: &mut Self, key: &str| r.string_at(options, key);
        if let Some(p) = text(self, "path") {
            blog.path = p.trim_start_matches("./").trim_end_matches('/').to_string();
        }
        if let Some(r) = text(self, "routeBasePath") {
            blog.route_base_path = r.trim_matches('/').to_string();
        }
        if let Some(t) = text(self, "blogTitle") {
            blog.blog_title = t;
        }
        if let Some(t) = text(self, "blogDescription") {
            blog.blog_description = t;
        }
        blog.blog_sidebar_title = text(self, "blogSidebarTitle");
        if let Some(a) = text(self, "authorsMapPath") {
            blog.authors_map_path = a;
        }
        if let Some(a) = text(self, "archiveBasePath") {
            blog.archive_base_path = a.trim_matches('/').to_string();
        }
        match self.value_at(options, "tags") {
            Some(Value::String(t)) => blog.tags = Some(t),
            Some(Value::Bool(false)) | Some(Value::Null) => blog.tags = None,
            _ => {}
        }
        let number = |v: Option<Value>| v.and_then(|v| v.as_u64()).map(|n| n as usize);
        match self.value_at(options, "postsPerPage") {
            Some(Value::String(s)) if s == "ALL" => blog.posts_per_page = usize::MAX,
            v => {
                if let Some(n) = number(v) {
                    blog.posts_per_page = n.max(1);
                }
            }
        }
        match self.value_at(options, "blogSidebarCount") {
            Some(Value::String(s)) if s == "ALL" => blog.blog_sidebar_count = usize::MAX,
            v => {
                if let Some(n) = number(v) {
                    blog.blog_sidebar_count = n;
                }
            }
        }
        if let Some(Value::Bool(b)) = self.value_at(options, "showReadingTime") {
            blog.show_reading_time = b;
        }
        if let Some(policy) = self.string_at(options, "onInlineTags") {
            blog.on_inline_tags = Policy::from_docusaurus(&policy).unwrap_or(Policy::Warn);
        }
        if let Some(policy) = self.string_at(options, "onInlineAuthors") {
            blog.on_inline_authors = Policy::from_docusaurus(&policy).unwrap_or(Policy::Warn);
        }
        if let Some(feed) = self.module.get(options, "feedOptions") {
            match self.value_at(feed, "type") {
                Some(Value::String(t)) => blog.feed_types = vec![t],
                Some(Value::Array(list)) => {
                    blog.feed_types = list
                        .iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect();
                }
                Some(Value::Null) | Some(Value::Bool(false)) => blog.feed_types.clear(),
                _ => {}
            }
            if let Some(n) = number(self.value_at(feed, "limit")) {
                blog.feed_limit = n;
            }
        }
        Some(blog)
    }
}

/// What docgen reads of a navbar or footer item (`items` is read item by item).
const NAVBAR_KEYS: &[&str] = &[
    "type",
    "label",
    "to",
    "href",
    "docId",
    "sidebarId",
    "docsPluginId",
    "position",
    "items",
    "value",
    "html",
    "activeBasePath",
];

/// How a project sets up one of the content plugins.
enum PluginOptions<'a> {
    Disabled,
    Default,
    Given(&'a Expression<'a>),
}

/// `@docusaurus/core`'s version in the project's `package.json` (or the nearest one above it,
/// for sites kept in a `website/` folder); 3.x when it cannot be read.
fn docusaurus_version(root: &Path) -> (u32, u32) {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    root.ancestors()
        .take(3)
        .find_map(|dir| {
            let text = std::fs::read_to_string(dir.join("package.json")).ok()?;
            let json: Value = serde_json::from_str(&text).ok()?;
            ["dependencies", "devDependencies"].iter().find_map(|key| {
                let spec = json.get(key)?.get("@docusaurus/core")?.as_str()?;
                parse_version(spec)
            })
        })
        .unwrap_or(DEFAULT_VERSION)
}

const DEFAULT_VERSION: (u32, u32) = (3, 10);

/// `^3.5.1`, `~2.4.3`, `2.0.0-beta.9` → (major, minor).
fn parse_version(spec: &str) -> Option<(u32, u32)> {
    let digits = spec.trim_start_matches(|c: char| !c.is_ascii_digit());
    let mut parts = digits.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    Some((major, minor))
}

//! `docgen.toml`: the site's settings. Every key is optional; a folder without the file
//! builds with the defaults below.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Kind, Severity};

pub const CONFIG_FILE: &str = "docgen.toml";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and in every `<title>`.
    pub title: String,
    /// One line under the title on the home page.
    pub tagline: String,
    /// Language of the site (`<html lang>`, UI strings): `id` or `en`.
    pub language: String,
    /// Public address of the site, e.g. `https://example.com/docs/`. Enables `sitemap.xml`.
    pub base_url: Option<String>,
    /// Logo shown in the header, a path inside the static folder (e.g. `img/logo.svg`).
    pub logo: Option<String>,
    /// Favicon, a path inside the static folder (e.g. `img/favicon.svg`).
    pub favicon: Option<String>,
    /// Text of the page footer.
    pub footer: Option<String>,
    /// Start of the "edit this page" link; the page's path from the site root is appended,
    /// e.g. `https://github.com/org/repo/edit/main/docs/` + `content/intro.md`.
    pub edit_url: Option<String>,
    /// Show when each page last changed, from git history (when the site is in a git repository).
    pub last_updated: bool,
    /// What a link to a missing page or heading is: `error` (default), `warn` or `ignore`
    /// (Docusaurus' `onBrokenLinks`; `throw` and `log` are accepted too).
    pub on_broken_links: Policy,
    /// What a link to a missing heading (`page#anchor`) is: `error` (default), `warn` or
    /// `ignore` (Docusaurus' `onBrokenAnchors`).
    /// `on_broken_links` when not set.
    pub on_broken_anchors: Option<Policy>,
    /// What a link to a missing `.md`/`.mdx` file is (Docusaurus' `onBrokenMarkdownLinks`);
    /// `on_broken_links` when not set.
    pub on_broken_markdown_links: Option<Policy>,
    /// What a reference to a missing image or file is: `error` (default), `warn` or `ignore`.
    pub on_missing_images: Policy,
    /// What a missing file behind a `useBaseUrl('…')` URL or a plain `src="…"` is (Docusaurus
    /// does not check these; its projects get `warn`).
    pub on_missing_url_targets: Policy,
    /// What markup only JavaScript could render is (an attribute computed at run time, a
    /// `{…}` expression, an npm package's content): `error` (default) or `warn` (Docusaurus
    /// projects), in which case docgen renders what it can and says what it left out.
    pub on_needs_javascript: Policy,
    /// Glob patterns (relative to the content folder) of the Markdown files that are pages;
    /// every `.md`/`.mdx` file when empty (Docusaurus' `include`).
    pub include: Vec<String>,
    /// Glob patterns (relative to the content folder) of Markdown files that are not pages.
    pub exclude: Vec<String>,
    /// Admonition types beyond the built-in ones (Docusaurus' `admonitions.keywords`).
    pub admonition_keywords: Vec<String>,
    /// Routes that exist on the site without a page docgen builds (React pages, other
    /// plugins): links to them are not broken.
    pub extra_routes: Vec<String>,
    /// Full-text search (a Pagefind index and the header's search box); `false` leaves both
    /// out. A page opts out with `search: false` in its front matter.
    pub search: bool,
    /// Extra stylesheets (paths inside the static folder) loaded after the theme's, to override
    /// its custom properties.
    pub custom_css: Vec<String>,
    /// Folder of Markdown pages, relative to the site root.
    pub content_dir: PathBuf,
    /// Folder copied as-is into the output (images, favicon, extra CSS).
    pub static_dir: PathBuf,
    /// Folder of Tera templates overriding the built-in theme file by file.
    pub templates_dir: PathBuf,
    /// Where `docgen build` writes the site.
    pub output_dir: PathBuf,
    /// Route under which the pages live (`docs` puts `intro.md` at `docs/intro/`); empty for
    /// the site root. Docusaurus' `routeBasePath`.
    pub route_base_path: String,
    /// A Docusaurus `sidebars.js`/`.ts` file defining the sidebars; without it one sidebar is
    /// generated from the folders.
    pub sidebars: Option<PathBuf>,
    /// Title shown in the header, when it differs from `title`.
    pub navbar_title: Option<String>,
    /// Navbar items (Docusaurus' `themeConfig.navbar.items`): `[[navbar]]` tables with a
    /// `label` and `to` (a route) or `href` (a URL), or `type = "doc"` with `doc_id`,
    /// `type = "docSidebar"` with `sidebar_id`, `items` for a dropdown, `position = "right"`.
    pub navbar: Vec<crate::chrome::NavbarItem>,
    /// Hide the navbar while the reader scrolls down (`navbar.hideOnScroll`).
    pub navbar_hide_on_scroll: bool,
    /// Logo for dark mode (`navbar.logo.srcDark`), a path inside the static folder.
    pub logo_dark: Option<String>,
    /// Where the logo leads: a route or a URL; the home page by default.
    pub logo_href: Option<String>,
    /// The logo's alternative text.
    pub logo_alt: Option<String>,
    /// Footer links (`themeConfig.footer.links`): `[[footer_links]]` columns with a `title`
    /// and `items`, or single links with `label` and `to`/`href`.
    pub footer_links: Vec<crate::chrome::FooterEntry>,
    /// `dark` or `light` (the default).
    pub footer_style: Option<String>,
    /// A logo in the footer, a path inside the static folder.
    pub footer_logo: Option<String>,
    /// A bar above the navbar (`themeConfig.announcementBar`): `id`, `content` (HTML),
    /// `background_color`, `text_color`, `is_closeable`.
    pub announcement: Option<crate::chrome::Announcement>,
    /// Light and dark mode (`themeConfig.colorMode`): `default_mode`, `disable_switch`,
    /// `respect_prefers_color_scheme`.
    pub color_mode: crate::chrome::ColorMode,
    /// Syntax highlighting theme for light mode (a name from the two-face theme set).
    pub highlight_theme: String,
    /// Syntax highlighting theme for dark mode.
    pub highlight_theme_dark: String,
    /// Overrides of the theme's UI strings (`on_this_page`, `next`, ...), see `src/i18n.rs`.
    pub strings: BTreeMap<String, String>,
    /// Free-form values handed to templates as `site.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The blog (`[blog]`: `path`, `route_base_path`, `posts_per_page`, `blog_title`, ...);
    /// none without the table.
    pub blog: Option<crate::blog::BlogOptions>,
    /// Versions of the docs beside `versions.json` (Docusaurus' `lastVersion`,
    /// `includeCurrentVersion`, `onlyIncludeVersions`, `versions`).
    pub versions: crate::versions::VersionOptions,
    /// The site has docs (Docusaurus' `docs: false` turns them off, for a blog alone).
    pub docs: bool,
    /// The site's locales (Docusaurus' `i18n.locales`); the default one is `language`. Each
    /// other locale is built at `/<locale>/`, its pages read from `i18n/<locale>/` where
    /// translated and from the default locale's files where not.
    pub locales: Vec<String>,
    /// Per locale: `label`, `direction` (`ltr`/`rtl`), `html_lang`, `path`.
    pub locale_configs: BTreeMap<String, LocaleConfig>,
    /// A folder of Markdown pages published at their paths (Docusaurus' `src/pages`).
    pub pages_dir: Option<PathBuf>,
    /// Set when the site is a Docusaurus project read from its own config.
    #[serde(skip)]
    pub docusaurus: Option<Docusaurus>,
}

/// What docgen knows of a Docusaurus project beyond the common settings: the rules that
/// changed between its versions follow the version it is written for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docusaurus {
    /// Major and minor version of `@docusaurus/core` in `package.json`; 3.x when unknown.
    pub version: (u32, u32),
    /// Docs plugin instances besides the default one.
    pub other_docs: Vec<DocsInstance>,
    /// `routeBasePath` of the other plugins (a second blog, a pages instance): their routes.
    pub plugin_routes: Vec<String>,
    /// The project's own plugins (`./src/plugins/x`), which may add routes docgen cannot know.
    pub local_plugins: Vec<String>,
    /// The default docs instance's `sidebarCollapsed` and `sidebarCollapsible`: what a
    /// category that does not say starts as.
    pub categories: crate::nav::CategoryDefaults,
}

/// A docs plugin instance of its own (`@docusaurus/plugin-content-docs` with an `id`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocsInstance {
    pub id: String,
    /// Its folder, relative to the site folder.
    pub path: String,
    pub route_base_path: String,
    /// Its sidebars file, relative to the site folder.
    pub sidebar_path: Option<String>,
    /// How its categories start (a version's are the docs plugin's).
    pub categories: crate::nav::CategoryDefaults,
}

impl Docusaurus {
    pub fn major(&self) -> u32 {
        self.version.0
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Documentation".into(),
            tagline: String::new(),
            language: "en".into(),
            base_url: None,
            logo: None,
            favicon: None,
            footer: None,
            edit_url: None,
            last_updated: true,
            search: true,
            custom_css: Vec::new(),
            on_broken_links: Policy::Error,
            on_broken_anchors: None,
            on_broken_markdown_links: None,
            on_missing_images: Policy::Error,
            on_missing_url_targets: Policy::Error,
            on_needs_javascript: Policy::Error,
            include: Vec::new(),
            exclude: Vec::new(),
            admonition_keywords: Vec::new(),
            extra_routes: Vec::new(),
            docusaurus: None,
            blog: None,
            docs: true,
            locales: Vec::new(),
            locale_configs: BTreeMap::new(),
            versions: crate::versions::VersionOptions::default(),
            pages_dir: None,
            content_dir: "content".into(),
            static_dir: "static".into(),
            templates_dir: "templates".into(),
            output_dir: "public".into(),
            route_base_path: String::new(),
            sidebars: None,
            navbar_title: None,
            navbar: Vec::new(),
            navbar_hide_on_scroll: false,
            logo_dark: None,
            logo_href: None,
            logo_alt: None,
            footer_links: Vec::new(),
            footer_style: None,
            footer_logo: None,
            announcement: None,
            color_mode: crate::chrome::ColorMode::default(),
            highlight_theme: crate::highlight::DEFAULT_THEMES.0.into(),
            highlight_theme_dark: crate::highlight::DEFAULT_THEMES.1.into(),
            strings: BTreeMap::new(),
            extra: BTreeMap::new(),
        }
    }
}

impl Policy {
    /// Docusaurus' policy names: `throw`, `warn`/`log`, `ignore`.
    pub fn from_docusaurus(name: &str) -> Option<Policy> {
        match name {
            "throw" => Some(Policy::Error),
            "warn" | "log" => Some(Policy::Warn),
            "ignore" => Some(Policy::Ignore),
            _ => None,
        }
    }
}

/// `i18n.localeConfigs.X`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct LocaleConfig {
    pub label: Option<String>,
    pub direction: Option<String>,
    #[serde(alias = "htmlLang")]
    pub html_lang: Option<String>,
    pub path: Option<String>,
}

/// How seriously to take a kind of problem.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    #[serde(alias = "throw")]
    Error,
    #[serde(alias = "warning", alias = "log")]
    Warn,
    Ignore,
}

impl Config {
    /// Reads `docgen.toml` from `root`, or returns the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    Diagnostic::error(CONFIG_FILE, "the file is not valid UTF-8")
                        .with_code(crate::codes::Code::Config)
                        .at_offset(
                            &String::from_utf8_lossy(e.as_bytes()),
                            e.utf8_error().valid_up_to(),
                        )
                })?;
                Config::parse(&text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Diagnostic::error(CONFIG_FILE, format!("cannot read: {e}"))
                .with_code(crate::codes::Code::Config)),
        }
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        toml::from_str::<Config>(text).map_err(|e| {
            let diag = Diagnostic::error(CONFIG_FILE, e.message().to_string())
                .with_code(crate::codes::Code::Config);
            match e.span() {
                Some(span) => diag.at_offset(text, span.start),
                None => diag,
            }
        })
    }

    /// The path part of `base_url` with a trailing slash (`/docs/` for `https://x.org/docs`).
    pub fn base_path(&self) -> Option<String> {
        let url = self.base_url.as_deref()?;
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        Some(format!("{}/", path.trim_end_matches('/')))
    }

    /// Applies `on_broken_links` / `on_missing_images`, then `--strict` (every warning an error):
    /// the one place where the site's policies decide what a diagnostic is.
    pub(crate) fn apply_policies(&self, diags: &mut Vec<Diagnostic>, strict: bool) {
        diags.retain_mut(|d| {
            let policy = match d.kind {
                Some(Kind::BrokenLink) => Some(self.on_broken_links),
                Some(Kind::BrokenAnchor) => {
                    Some(self.on_broken_anchors.unwrap_or(self.on_broken_links))
                }
                Some(Kind::BrokenMarkdownLink) => Some(
                    self.on_broken_markdown_links
                        .unwrap_or(self.on_broken_links),
                ),
                Some(Kind::MissingImage) => Some(self.on_missing_images),
                Some(Kind::MissingUrlTarget) => Some(self.on_missing_url_targets),
                Some(Kind::NeedsJavaScript) => Some(self.on_needs_javascript),
                None => None,
            };
            match policy {
                Some(Policy::Ignore) => return false,
                Some(Policy::Warn) => d.severity = Severity::Warning,
                Some(Policy::Error) => d.severity = Severity::Error,
                None => {}
            }
            if strict && d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
            true
        });
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url_slash(&self) -> Option<String> {
        self.base_url
            .as_deref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_is_reported_with_position() {
        let err = Config::parse("title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn wrong_type_is_reported() {
        let err = Config::parse("title = 3\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn policies_accept_docusaurus_words() {
        let c =
            Config::parse("on_broken_links = \"throw\"\non_missing_images = \"warn\"\n").unwrap();
        assert_eq!(c.on_broken_links, Policy::Error);
        assert_eq!(c.on_missing_images, Policy::Warn);
        assert!(Config::parse("on_broken_links = \"maybe\"\n").is_err());
    }

    #[test]
    fn base_path_is_taken_from_base_url() {
        let mut c = Config {
            base_url: Some("https://example.com/docs/handbook".into()),
            ..Config::default()
        };
        assert_eq!(c.base_path().as_deref(), Some("/docs/handbook/"));
        c.base_url = Some("https://example.com".into());
        assert_eq!(c.base_path().as_deref(), Some("/"));
    }
}

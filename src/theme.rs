//! Templates: the built-in theme (embedded in the binary) overlaid file by file with the
//! site's own `templates/` folder, rendered with Tera 2.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use crate::diagnostics::Diagnostic;

/// The default theme, compiled in so a site without templates still builds.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    (
        "components.html",
        include_str!("../templates/components.html"),
    ),
    ("page.html", include_str!("../templates/page.html")),
    ("category.html", include_str!("../templates/category.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    (
        "sidebar-part.html",
        include_str!("../templates/sidebar-part.html"),
    ),
    ("mdpage.html", include_str!("../templates/mdpage.html")),
    (
        "blog-post.html",
        include_str!("../templates/blog-post.html"),
    ),
    (
        "blog-list.html",
        include_str!("../templates/blog-list.html"),
    ),
    (
        "blog-tags.html",
        include_str!("../templates/blog-tags.html"),
    ),
    (
        "blog-archive.html",
        include_str!("../templates/blog-archive.html"),
    ),
    ("blog-rss.xml", include_str!("../templates/blog-rss.xml")),
    ("blog-atom.xml", include_str!("../templates/blog-atom.xml")),
    (
        "shortcodes/Admonition.html",
        include_str!("../templates/shortcodes/Admonition.html"),
    ),
    (
        "shortcodes/DocCard.html",
        include_str!("../templates/shortcodes/DocCard.html"),
    ),
    (
        "shortcodes/DocCardList.html",
        include_str!("../templates/shortcodes/DocCardList.html"),
    ),
    (
        "shortcodes/Figure.html",
        include_str!("../templates/shortcodes/Figure.html"),
    ),
    (
        "shortcodes/Image.html",
        include_str!("../templates/shortcodes/Image.html"),
    ),
    (
        "shortcodes/Link.html",
        include_str!("../templates/shortcodes/Link.html"),
    ),
    (
        "shortcodes/Mermaid.html",
        include_str!("../templates/shortcodes/Mermaid.html"),
    ),
    (
        "shortcodes/TabItem.html",
        include_str!("../templates/shortcodes/TabItem.html"),
    ),
    (
        "shortcodes/Tabs.html",
        include_str!("../templates/shortcodes/Tabs.html"),
    ),
    (
        "shortcodes/ThemedImage.html",
        include_str!("../templates/shortcodes/ThemedImage.html"),
    ),
    (
        "shortcodes/YouTube.html",
        include_str!("../templates/shortcodes/YouTube.html"),
    ),
    (
        "shortcodes/details.html",
        include_str!("../templates/shortcodes/details.html"),
    ),
];

/// Theme files written next to the pages; a site's `static/` may replace any of them.
pub const BUILTIN_ASSETS: &[(&str, &str)] = &[
    (
        "theme/docgen.css",
        include_str!("../static/theme/docgen.css"),
    ),
    (THEME_JS, include_str!("../static/theme/docgen.js")),
    (SEARCH_JS, include_str!("../static/theme/search.js")),
    // Mermaid 11.17.2 (MIT, see static/theme/mermaid.LICENSE.txt), written only for sites
    // that draw diagrams.
    (MERMAID_JS, include_str!("../static/theme/mermaid.min.js")),
];

pub const MERMAID_JS: &str = "theme/mermaid.min.js";

/// The search dialog's script, written only for sites with search on.
pub const SEARCH_JS: &str = "theme/search.js";

/// Folder of the shortcode (component) templates inside a theme.
pub const SHORTCODE_DIR: &str = "shortcodes/";

/// The theme's script in the output (the site's UI strings are put first).
pub const THEME_JS: &str = "theme/docgen.js";

/// The theme's stylesheet in the output.
pub const THEME_CSS: &str = "theme/docgen.css";

pub struct Theme {
    tera: Tera,
    /// Template name → its text, to show the offending line in messages.
    sources: BTreeMap<String, String>,
    /// Template name → file it came from, for messages.
    origins: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// Loads the built-in templates and the site's overrides from `dir` (if it exists).
    pub fn load(dir: &Path, display_root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, String> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut origins: BTreeMap<String, PathBuf> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, _)| {
                (
                    n.to_string(),
                    PathBuf::from(format!("<built-in theme>/{n}")),
                )
            })
            .collect();
        let mut diags = Vec::new();
        if dir.is_dir() {
            let project = crate::discover::ProjectFolders::new(display_root, [dir.to_path_buf()]);
            for entry in walkdir::WalkDir::new(dir)
                .follow_links(true)
                .sort_by_file_name()
            {
                let shown = |p: &Path| p.strip_prefix(display_root).unwrap_or(p).to_path_buf();
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(
                            Diagnostic::error(
                                e.path().map(shown).unwrap_or_default(),
                                format!("cannot read: {e}"),
                            )
                            .with_code(crate::codes::Code::Template),
                        );
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                // The same rule as for pages: nothing from outside the site is read.
                if !project.holds(entry.path()) {
                    diags.push(
                        Diagnostic::error(
                            shown(entry.path()),
                            "this template leads outside the site (a symbolic link); docgen does not read it",
                        )
                        .with_code(crate::codes::Code::Template),
                    );
                    continue;
                }
                let name = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(entry.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                match std::fs::read(entry.path()).map(String::from_utf8) {
                    Ok(Ok(text)) => {
                        sources.insert(name.clone(), text);
                        origins.insert(name, shown(entry.path()));
                    }
                    Ok(Err(_)) => diags.push(
                        Diagnostic::error(shown(entry.path()), "the template is not valid UTF-8")
                            .with_code(crate::codes::Code::Template),
                    ),
                    Err(e) => diags.push(
                        Diagnostic::error(shown(entry.path()), format!("cannot read: {e}"))
                            .with_code(crate::codes::Code::Template),
                    ),
                }
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut tera = new_tera();
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            return Err(every_template_error(&e, &sources, &origins));
        }
        Ok(Theme {
            tera,
            sources,
            origins,
        })
    }

    /// Names of the components with a template in `shortcodes/` (`Tabs` for `shortcodes/Tabs.html`).
    pub fn shortcode_names(&self) -> std::collections::HashSet<String> {
        self.sources
            .keys()
            .filter_map(|n| n.strip_prefix(SHORTCODE_DIR)?.strip_suffix(".html"))
            .map(str::to_string)
            .collect()
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            let mut d = template_error(&e, &self.origins, &self.sources);
            if d.line == 0 {
                d.message = format!("while rendering `{name}`: {}", d.message);
            }
            d
        })
    }
}

/// A Tera with docgen's filters.
fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.register_filter("relative", relative);
    tera
}

/// `{{ item.href | relative(root=root, at=page.route) }}`: a URL from the site root as the
/// shortest URL from the page at `at` (see [`crate::routes::href_from`]). It gives what
/// `root ~ href` gives when the way is not a plain one: `root` is absolute (`404.html`, served
/// from anywhere) or does not lead back from `at`, or `href` is not a path from the root;
/// an external URL is given as it is.
fn relative(href: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    if crate::links::is_external(href) {
        return Ok(href.to_string());
    }
    let root = kwargs.get::<&str>("root")?.unwrap_or_default();
    let at = kwargs.get::<&str>("at")?;
    let shortest = at
        .filter(|at| crate::routes::root_prefix(at) == root)
        .and_then(|at| crate::routes::href_from(at, href));
    Ok(shortest.unwrap_or_else(|| format!("{root}{href}")))
}

/// Turns a Tera error into a diagnostic naming the template file, line and column.
/// Tera stops at the first broken template; each site override is compiled again on its own
/// (with the built-in theme) so that every override's mistake is named, not only the first.
fn every_template_error(
    first: &tera::Error,
    sources: &BTreeMap<String, String>,
    origins: &BTreeMap<String, PathBuf>,
) -> Vec<Diagnostic> {
    let builtin: BTreeMap<String, String> = BUILTIN_TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let overrides = sources
        .iter()
        .filter(|(name, text)| builtin.get(*name) != Some(*text));
    let mut diags: Vec<Diagnostic> = Vec::new();
    for (name, text) in overrides {
        // Its own mistakes first: the template compiled by itself (a missing parent aside).
        let own: BTreeMap<String, String> = [(name.clone(), text.clone())].into();
        if let Err(e) =
            new_tera().add_raw_templates(own.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            let d = template_error(&e, origins, &own);
            if d.line > 0 && origins.get(name) == Some(&d.file) {
                diags.push(d);
                continue;
            }
        }
        let mut alone = builtin.clone();
        alone.insert(name.clone(), text.clone());
        if let Err(e) =
            new_tera().add_raw_templates(alone.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            let mut d = template_error(&e, origins, &alone);
            if d.file.to_string_lossy().starts_with("<built-in theme>") {
                d.hint = Some(format!(
                    "the built-in template extends or includes your `{name}`; keep the blocks it uses"
                ));
            }
            diags.push(d);
        }
    }
    if diags.is_empty() {
        diags.push(template_error(first, origins, sources));
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
    diags
}

fn template_error(
    e: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
) -> Diagnostic {
    let text = e.to_string();
    let message = text
        .lines()
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or_else(|| text.lines().next().unwrap_or("template error"))
        .to_string();
    let location = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .and_then(|loc| {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next()?.trim().parse::<usize>().ok()?;
            let line = parts.next()?.trim().parse::<usize>().ok()?;
            Some((parts.next()?.to_string(), line, col))
        });
    match location {
        Some((name, line, col)) => {
            let file = origins
                .get(&name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(&name));
            let d = Diagnostic::error(file, format!("template error: {message}"))
                .with_code(crate::codes::Code::Template);
            match sources.get(&name) {
                Some(src) => d.at(src, line, col),
                None => Diagnostic {
                    line,
                    column: col,
                    ..d
                },
            }
        }
        None => Diagnostic::error("templates", format!("template error: {}", text.trim()))
            .with_code(crate::codes::Code::Template),
    }
}

/// Converts data shared by many renders once; cloning a `Value` afterwards is cheap.
pub fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> Result<Value, Diagnostic> {
    Value::try_from_serializable(value).map_err(|e| {
        Diagnostic::error("templates", format!("cannot pass data to templates: {e}"))
            .with_code(crate::codes::Code::Template)
    })
}

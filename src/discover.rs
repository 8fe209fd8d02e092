//! First stage: find the pages, category files and assets under the content folder, and the
//! files of the static folder. Nothing here reads page contents.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::routes::normalize_site_path;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A Markdown page on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFile {
    /// Relative to the content folder, with `/` separators.
    pub rel: String,
    pub abs: PathBuf,
}

/// What a folder's `_category_.json` / `_category_.yml` says about it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct CategoryMeta {
    pub label: Option<String>,
    pub position: Option<f64>,
    pub collapsed: Option<bool>,
    pub collapsible: Option<bool>,
    pub class_name: Option<String>,
    pub description: Option<String>,
    pub link: Option<CategoryLink>,
    pub custom_props: Option<serde_json::Value>,
    pub key: Option<String>,
    /// The file it was read from (`_category_.yml`), for messages.
    #[serde(skip)]
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum CategoryLink {
    /// A page of its own listing the category's items.
    #[serde(rename_all = "camelCase")]
    GeneratedIndex {
        title: Option<String>,
        description: Option<String>,
        slug: Option<String>,
        keywords: Option<Vec<String>>,
        image: Option<String>,
    },
    /// One of the category's docs, by id.
    Doc { id: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryFolder {
    /// Relative to the content folder; "" is the content folder itself.
    pub rel: String,
    pub meta: CategoryMeta,
}

#[derive(Debug, Default)]
pub struct SourceTree {
    pub pages: Vec<PageFile>,
    /// Every folder that holds pages (directly or below), with its category metadata.
    pub folders: Vec<CategoryFolder>,
    /// Markdown files that are not pages (`_shared.md`, `_parts/x.mdx`): imported by pages.
    pub partials: Vec<PageFile>,
    /// Non-page files inside the content folder (images next to pages), relative paths.
    pub content_assets: Vec<String>,
    /// Files of the static folder, relative paths.
    pub static_files: Vec<String>,
    /// Files elsewhere in the project that pages name by `@site/…`, site-relative paths.
    pub site_files: Vec<String>,
}

/// Deepest folder level that can hold pages (the sidebar renders categories recursively).
pub const MAX_DEPTH: usize = 12;

const CATEGORY_FILES: [&str; 3] = ["_category_.json", "_category_.yml", "_category_.yaml"];

/// Which Markdown files of a content folder are pages: the settings' `include` (all when
/// empty) less their `exclude`, as glob patterns on content-relative paths.
#[derive(Debug, Default)]
pub struct PageFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl PageFilter {
    /// A bad pattern is reported and left out.
    pub fn new(
        include: &[String],
        exclude: &[String],
        settings_file: &Path,
    ) -> (PageFilter, Vec<Diagnostic>) {
        let (include_set, mut diags) = glob_set(include, "include", settings_file);
        let (exclude, more) = glob_set(exclude, "exclude", settings_file);
        diags.extend(more);
        let include = (!include.is_empty()).then_some(include_set);
        (PageFilter { include, exclude }, diags)
    }

    fn is_page(&self, rel: &str) -> bool {
        self.include.as_ref().is_none_or(|i| i.is_match(rel)) && !self.exclude.is_match(rel)
    }
}

fn glob_set(patterns: &[String], key: &str, settings_file: &Path) -> (GlobSet, Vec<Diagnostic>) {
    let mut builder = GlobSetBuilder::new();
    let mut diags = Vec::new();
    for pattern in patterns {
        // As Docusaurus' matcher: `*` does not cross a `/`.
        match GlobBuilder::new(pattern).literal_separator(true).build() {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => diags.push(
                Diagnostic::error(
                    settings_file,
                    format!("`{key}` pattern `{pattern}` is not a valid glob: {e}"),
                )
                .with_code(crate::codes::Code::Config),
            ),
        }
    }
    (builder.build().unwrap_or_else(|_| GlobSet::empty()), diags)
}

/// The folders of the project, by their real paths: what docgen may read. A symbolic link or a
/// `..` path that leads anywhere else is not followed — one rule for pages, static files,
/// imports and modules, so that a pull request cannot publish the machine's files.
pub struct ProjectFolders {
    pub root: PathBuf,
    real: Vec<PathBuf>,
}

impl ProjectFolders {
    /// The site folder, `folders` (docs folders kept elsewhere) and, for a monorepo, the git
    /// work tree holding the site (`@site/../CONTRIBUTING.md`).
    pub fn new(root: &Path, folders: impl IntoIterator<Item = PathBuf>) -> ProjectFolders {
        let work_tree = std::path::absolute(root).ok().and_then(|abs| {
            abs.ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf)
        });
        let all = std::iter::once(root.to_path_buf())
            .chain(folders)
            .chain(work_tree);
        ProjectFolders {
            root: root.to_path_buf(),
            real: all.filter_map(|f| f.canonicalize().ok()).collect(),
        }
    }

    /// Whether `path` really (symlinks followed) is inside the project.
    pub fn holds(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|real| self.real.iter().any(|f| real.starts_with(f)))
    }
}

/// Walks the content and static folders; paths in messages are relative to the project root.
/// `content` is `None` for a site without docs (a blog alone).
pub fn discover(
    content: Option<&Path>,
    static_dir: &Path,
    project: &ProjectFolders,
    filter: &PageFilter,
) -> (SourceTree, Vec<Diagnostic>) {
    let display_root = project.root.as_path();
    let mut tree = SourceTree::default();
    let mut diags = Vec::new();
    let outside = std::cell::RefCell::new(Vec::new());
    let shown = |p: &Path| p.strip_prefix(display_root).unwrap_or(p).to_path_buf();

    let content = match content {
        Some(dir) if !dir.is_dir() => {
            // Docusaurus 1 (mobx's website) keeps its settings in `siteConfig.js`.
            let hint = match project.root.join("siteConfig.js").is_file() {
                true => {
                    "`siteConfig.js` is a Docusaurus 1 site, which docgen does not read; docgen reads Docusaurus 2 and 3 projects (`docusaurus.config.js`) and its own `docgen.toml`"
                }
                false => "create it, or set `content_dir` in docgen.toml",
            };
            diags.push(
                Diagnostic::error(shown(dir), "the content folder does not exist")
                    .with_code(crate::codes::Code::Folder)
                    .with_hint(hint),
            );
            return (tree, diags);
        }
        Some(dir) => dir,
        None => Path::new(""),
    };
    let pages = if content.as_os_str().is_empty() {
        Vec::new()
    } else {
        walk(content, project, &outside).collect()
    };
    for entry in pages {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(&e, &shown));
                continue;
            }
        };
        let rel = rel_string(entry.path(), content);
        if entry.depth() > MAX_DEPTH {
            if entry.file_type().is_dir() && entry.depth() == MAX_DEPTH + 1 {
                diags.push(
                    Diagnostic::error(shown(entry.path()), format!("folders nest more than {MAX_DEPTH} levels deep"))
.with_code(crate::codes::Code::Folder)
                        .with_hint("the sidebar cannot show categories this deep; flatten the folder structure"),
                );
            }
            continue;
        }
        if entry.file_type().is_dir() {
            let (meta, diag) = read_category(entry.path(), &shown, project);
            diags.extend(diag);
            tree.folders.push(CategoryFolder { rel, meta });
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if CATEGORY_FILES.contains(&name.as_ref()) {
            continue;
        }
        if is_page_file(&name) && !is_partial(&rel) && !filter.is_page(&rel) {
            // Not a page, but pages may still import it.
            tree.partials.push(PageFile {
                rel,
                abs: entry.path().to_path_buf(),
            });
            continue;
        }
        if is_page_file(&name) {
            let file = PageFile {
                rel,
                abs: entry.path().to_path_buf(),
            };
            if is_partial(&file.rel) {
                tree.partials.push(file);
            } else {
                tree.pages.push(file);
            }
        } else {
            tree.content_assets.push(rel);
        }
    }
    if static_dir.is_dir() {
        for entry in walk(static_dir, project, &outside) {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    tree.static_files.push(rel_string(e.path(), static_dir))
                }
                Ok(_) => {}
                Err(e) => diags.push(walk_error(&e, &shown)),
            }
        }
    }
    for (link, target) in outside.into_inner() {
        diags.push(
            Diagnostic::warning(
                shown(&link),
                format!(
                    "this symbolic link points outside the site (to {}); docgen leaves it out",
                    target.display()
                ),
            )
            .with_code(crate::codes::Code::Folder)
            .with_hint("copy the file into the site, or link to a place inside it"),
        );
    }
    tree.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    (tree, diags)
}

/// The entries of `dir`, hidden ones left out; a symbolic link leading out of the project is
/// left out too and noted in `outside` (with where it points).
fn walk<'a>(
    dir: &Path,
    project: &'a ProjectFolders,
    outside: &'a std::cell::RefCell<Vec<(PathBuf, PathBuf)>>,
) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> + 'a {
    WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            // A dangling link or a loop is reported by the walk itself.
            if e.path_is_symlink() && e.path().canonicalize().is_ok() && !project.holds(e.path()) {
                let target = std::fs::read_link(e.path()).unwrap_or_default();
                outside.borrow_mut().push((e.path().to_path_buf(), target));
                return false;
            }
            true
        })
}

fn walk_error(e: &walkdir::Error, shown: &dyn Fn(&Path) -> PathBuf) -> Diagnostic {
    let path = e.path().map(shown).unwrap_or_default();
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::error(
            path,
            format!(
                "symbolic link loop: it points back to {}",
                shown(ancestor).display()
            ),
        )
        .with_code(crate::codes::Code::Folder);
    }
    Diagnostic::error(
        path,
        format!(
            "cannot read: {}",
            e.io_error().map_or(e.to_string(), |io| io.to_string())
        ),
    )
    .with_code(crate::codes::Code::Folder)
}

fn rel_string(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn is_page_file(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".mdx")
}

/// Files and folders whose names start with `_` are partials, included by pages, not pages.
pub fn is_partial(rel: &str) -> bool {
    rel.split('/').any(|part| part.starts_with('_'))
}

fn read_category(
    dir: &Path,
    shown: &dyn Fn(&Path) -> PathBuf,
    project: &ProjectFolders,
) -> (CategoryMeta, Option<Diagnostic>) {
    for name in CATEGORY_FILES {
        let path = dir.join(name);
        if path.exists() && !project.holds(&path) {
            let d = Diagnostic::warning(
                shown(&path),
                "this category file is a symbolic link leading outside the site; docgen leaves it out",
            )
            .with_code(crate::codes::Code::CategoryFile);
            return (CategoryMeta::default(), Some(d));
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let file = shown(&path);
        let Ok(text) = String::from_utf8(bytes) else {
            return (
                CategoryMeta::default(),
                Some(
                    Diagnostic::error(file, "the file is not valid UTF-8")
                        .with_code(crate::codes::Code::CategoryFile),
                ),
            );
        };
        let parsed = if name.ends_with(".json") {
            serde_json::from_str::<CategoryMeta>(&text).map_err(|e| {
                Diagnostic::error(&file, format!("invalid category file: {e}"))
                    .with_code(crate::codes::Code::CategoryFile)
                    .at(&text, e.line(), e.column())
            })
        } else {
            serde_saphyr::from_str::<CategoryMeta>(&text).map_err(|e| {
                let d = Diagnostic::error(
                    &file,
                    format!(
                        "invalid category file: {}",
                        e.to_string().lines().next().unwrap_or("")
                    ),
                )
                .with_code(crate::codes::Code::CategoryFile);
                match e.location() {
                    Some(l) => d.at(&text, l.line() as usize, l.column() as usize),
                    None => d,
                }
            })
        };
        return match parsed {
            Ok(meta) => (
                CategoryMeta {
                    file: Some(name.to_string()),
                    ..meta
                },
                None,
            ),
            Err(d) => (CategoryMeta::default(), Some(d)),
        };
    }
    (CategoryMeta::default(), None)
}

/// Where an `import`ed file lives, by its key in the site's partials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportKey {
    /// Inside the content folder: its content-relative path.
    Content(String),
    /// Elsewhere in the project (`@site/src/x.md`, `../../shared/x.md`): its path relative
    /// to the site folder (it may start with `../` for docs kept beside the site folder).
    Site(String),
    /// From an npm package (`@ionic-internal/api/props.md`): not in the project.
    Package(String),
}

impl ImportKey {
    /// The key in the partials map: content paths as they are, the others `@site/`-prefixed.
    pub fn as_key(&self) -> String {
        match self {
            ImportKey::Content(rel) => rel.clone(),
            ImportKey::Site(rel) => format!("@site/{rel}"),
            ImportKey::Package(name) => name.clone(),
        }
    }
}

/// The folder of an imported file as a content-relative path (`../static/usage` for a file of
/// `static/usage/` when the content folder is `docs`), so that its own relative imports, links
/// and images resolve from where it is.
pub fn import_dir(key: &str, content_dir: &str) -> String {
    let dir_of = |p: &str| {
        p.rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string())
    };
    let Some(site_rel) = key.strip_prefix("@site/") else {
        return dir_of(key);
    };
    relative_path(
        &normalize_site_path(content_dir),
        &dir_of(&normalize_site_path(site_rel)),
    )
}

/// The path from folder `from` to folder `to`, both relative to the site folder (`../docs` to
/// `../architecture` is `../architecture`); "" when it cannot be told (`from` climbs out of a
/// folder `to` does not share).
fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if from[common..].contains(&"..") {
        return String::new();
    }
    let ups = std::iter::repeat_n("..", from.len() - common);
    ups.chain(to[common..].iter().copied())
        .collect::<Vec<_>>()
        .join("/")
}

/// Resolves the module of an `import` in a page of folder `page_dir` (content-relative);
/// `content_dir` is the content folder relative to the site folder.
pub fn import_key(page_dir: &str, specifier: &str, content_dir: &str) -> ImportKey {
    let content_dir = normalize_site_path(content_dir);
    let in_content = |site_rel: String| match site_rel.strip_prefix(&format!("{content_dir}/")) {
        Some(rel) if !content_dir.is_empty() => ImportKey::Content(rel.to_string()),
        _ if content_dir.is_empty() && !site_rel.starts_with("../") => ImportKey::Content(site_rel),
        _ => ImportKey::Site(site_rel),
    };
    if let Some(rest) = specifier.strip_prefix("@site/") {
        return in_content(normalize_site_path(rest));
    }
    if let Some(rest) = specifier.strip_prefix('/') {
        return in_content(normalize_site_path(rest));
    }
    if specifier.starts_with("./") || specifier.starts_with("../") {
        return in_content(normalize_site_path(&format!(
            "{content_dir}/{page_dir}/{specifier}"
        )));
    }
    ImportKey::Package(specifier.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partials_are_recognised() {
        assert!(is_partial("_shared/x.md"));
        assert!(is_partial("a/_x.md"));
        assert!(!is_partial("a/b.md"));
    }

    #[test]
    fn category_json_parses_links() {
        let meta: CategoryMeta = serde_json::from_str(
            r#"{"label":"A","position":2,"collapsed":false,"link":{"type":"generated-index","description":"d"}}"#,
        )
        .unwrap();
        assert_eq!(meta.label.as_deref(), Some("A"));
        assert!(matches!(
            meta.link,
            Some(CategoryLink::GeneratedIndex { .. })
        ));
        let meta: CategoryMeta =
            serde_json::from_str(r#"{"link":{"type":"doc","id":"x/y"}}"#).unwrap();
        assert_eq!(meta.link, Some(CategoryLink::Doc { id: "x/y".into() }));
    }

    #[test]
    fn imports_resolve_to_the_content_folder_the_project_or_a_package() {
        use super::ImportKey::*;
        assert_eq!(
            import_key("guide", "./_part.md", "docs"),
            Content("guide/_part.md".into())
        );
        assert_eq!(
            import_key("guide", "../intro.mdx", "docs"),
            Content("intro.mdx".into())
        );
        assert_eq!(
            import_key("a", "@site/docs/b/c.md", "docs"),
            Content("b/c.md".into())
        );
        assert_eq!(
            import_key("a", "@site/static/usage/index.md", "docs"),
            Site("static/usage/index.md".into())
        );
        assert_eq!(
            import_key("a/b", "../../../shared/x.md", "docs"),
            Site("shared/x.md".into())
        );
        assert_eq!(
            import_key("a", "./x.md", "../docs"),
            Content("a/x.md".into())
        );
        assert_eq!(import_key("", "../x.md", "../docs"), Site("../x.md".into()));
        assert_eq!(
            import_key("a", "@scope/pkg/props.md", "docs"),
            Package("@scope/pkg/props.md".into())
        );
    }

    #[test]
    fn imported_files_resolve_from_their_own_folder() {
        assert_eq!(import_dir("guide/_a.md", "docs"), "guide");
        assert_eq!(
            import_dir("@site/static/usage/x/index.md", "docs"),
            "../static/usage/x"
        );
        assert_eq!(
            import_dir("@site/../architecture/_w.mdx", "../docs"),
            "../architecture"
        );
        assert_eq!(import_dir("@site/community/_w.mdx", "../docs"), "");
    }
}

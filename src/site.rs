//! The loaded site: settings, the files found, and what every page is rendered with (assets,
//! partials, grammars, templates, git dates). Loaded once per build; the stages after it only
//! read it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::BuildOptions;
use crate::assets::AssetIndex;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discover::{self, ProjectFolders, SourceTree};
use crate::docusaurus;
use crate::elsewhere::Elsewhere;
use crate::highlight::{self, Highlighter};
use crate::page::{self, PageKind, SourcePage};
use crate::progress::{ProgressHandle, Stage};
use crate::sidebar_spec::SidebarSpec;
use crate::theme::Theme;

/// The folders a site is made of, resolved against its root.
pub(crate) struct Paths {
    pub root: PathBuf,
    pub output: PathBuf,
    pub content: PathBuf,
    /// The content folder as the settings name it, relative to the root (`docs`, `../docs`).
    pub content_rel: String,
    pub statics: PathBuf,
    pub templates: PathBuf,
}

/// Everything the stages read about the site; nothing in it changes while pages render.
pub(crate) struct Site {
    pub options: BuildOptions,
    pub config: Config,
    pub paths: Paths,
    /// The theme's UI strings in the site's language, with the site's overrides.
    pub strings: BTreeMap<String, String>,
    pub tree: SourceTree,
    pub assets: AssetIndex,
    pub partials: Partials,
    /// Content-relative path → time of its last commit.
    pub history: HashMap<String, i64>,
    pub sidebars: Option<SidebarSpec>,
    pub highlighter: Arc<Highlighter>,
    /// Code colours for the light and dark modes, appended to the theme's stylesheet.
    pub syntax_css: String,
    /// Routes of the site docgen does not render (a Docusaurus blog, other versions).
    pub elsewhere: Elsewhere,
    /// What the project's own JS modules imported by pages export, by import key.
    pub modules: HashMap<String, serde_json::Value>,
    /// Docs instances besides the default one (`SourcePage::instance` 1, 2, …).
    pub instances: Vec<Instance>,
    /// `docgen.toml` or the Docusaurus config, as messages name it.
    pub settings_file: PathBuf,
    /// The blog's posts placed, with its list, tag and author pages.
    pub blog: Option<crate::blog::Blog>,
    /// The versions of the docs, the current one first; empty without `versions.json`.
    pub versions: Vec<crate::versions::DocsVersion>,
    /// The site's locales, the default first; empty when it is not translated.
    pub locales: Vec<crate::locales::Locale>,
    /// The locale this build makes, when it is not the default one.
    pub locale: Option<crate::locales::Locale>,
    /// That locale's translation files.
    pub translations: crate::locales::Translations,
}

/// Another content folder: a docs plugin instance (its own folder, route and sidebars), the
/// Markdown pages of `src/pages`, or the blog.
pub(crate) struct Instance {
    pub kind: PageKind,
    pub id: String,
    /// Its folder relative to the site folder (`community`).
    pub path: String,
    pub route_base: String,
    pub folders: Vec<discover::CategoryFolder>,
    pub sidebars: Option<SidebarSpec>,
    pub categories: crate::nav::CategoryDefaults,
}

/// What loading read: the site, its templates (`None` when they failed to load; the pages are
/// still read so that all their mistakes are reported too) and its pages.
pub(crate) struct LoadedSite {
    pub site: Site,
    pub theme: Option<Theme>,
    pub pages: Vec<SourcePage>,
}

impl Site {
    /// Reads the settings, finds the files and reads every page, the templates, image sizes and
    /// git history (in parallel). `Err` only when the settings cannot be read; every other
    /// problem is in the returned diagnostics. `highlighter` lets a rebuild keep its grammars.
    pub fn load(
        options: &BuildOptions,
        highlighter: Option<Arc<Highlighter>>,
    ) -> Result<(LoadedSite, Vec<Diagnostic>), Diagnostic> {
        let root = &options.root;
        let (mut config, sidebars, mut diags) = load_config(root)?;
        if let Some(url) = &options.base_url {
            config.base_url = Some(url.clone());
        }
        if options.no_search {
            config.search = false;
        }
        let locales = crate::locales::locales(&config);
        let locale = options
            .locale
            .as_ref()
            .and_then(|code| {
                locales
                    .iter()
                    .find(|l| &l.code == code && !l.path.is_empty())
            })
            .cloned();
        let translations = match &locale {
            Some(l) => {
                let (t, d) = read_translations(root, &l.code);
                diags.extend(d);
                crate::locales::translate_config(&mut config, &t);
                config.strings.extend(crate::locales::code_strings(&t.code));
                config.language = l.code.clone();
                config.base_url = config
                    .base_url
                    .as_ref()
                    .map(|b| format!("{}/{}/", b.trim_end_matches('/'), l.path));
                t
            }
            None => {
                diags.extend(unlisted_locale_folders(root, &config));
                crate::locales::Translations::default()
            }
        };
        let (versions, version_diags) = read_versions(&config, root);
        diags.extend(version_diags);
        let current = versions.iter().find(|v| v.name == "current");
        if let Some(current) = current {
            config.route_base_path = current.route_base.clone();
        }
        let skip_current = !versions.is_empty() && current.is_none();
        // Without the current docs, their sidebars name pages that are not built.
        let sidebars = sidebars.filter(|_| !skip_current);
        let paths = Paths {
            root: root.clone(),
            output: options
                .output
                .clone()
                .unwrap_or_else(|| root.join(&config.output_dir)),
            content: root.join(&config.content_dir),
            content_rel: config.content_dir.to_string_lossy().replace('\\', "/"),
            statics: root.join(&config.static_dir),
            templates: root.join(&config.templates_dir),
        };
        let strings = crate::i18n::strings(&config.language, &config.strings);

        let settings_file = docusaurus::find_config(root)
            .filter(|_| config.docusaurus.is_some())
            .map_or_else(
                || PathBuf::from(crate::config::CONFIG_FILE),
                |p| p.strip_prefix(root).unwrap_or(&p).to_path_buf(),
            );
        let (exclude, exclude_diags) =
            discover::PageFilter::new(&config.include, &config.exclude, &settings_file);
        diags.extend(exclude_diags);
        let project = ProjectFolders::new(
            root,
            [paths.content.clone(), paths.statics.clone()]
                .into_iter()
                .chain(
                    config
                        .docusaurus
                        .iter()
                        .flat_map(|d| d.other_docs.iter().map(|i| root.join(&i.path))),
                )
                .chain(config.blog.iter().map(|b| root.join(&b.path)))
                .chain(config.pages_dir.iter().map(|p| root.join(p))),
        );
        // `docs: false`: a blog or pages alone.
        let docs_folder = Some(paths.content.as_path()).filter(|_| config.docs);
        let (mut tree, found) = discover::discover(docs_folder, &paths.statics, &project, &exclude);
        diags.extend(found);
        if skip_current {
            // `includeCurrentVersion: false`: the docs folder is only the next version's draft.
            tree.pages.clear();
        }
        if let Some(l) = &locale {
            let folder = crate::locales::plugin_folder(PageKind::Doc, "default", None);
            localize(
                &mut tree.pages,
                &root.join("i18n").join(&l.code).join(folder),
            );
        }
        let mut assets = AssetIndex::new(&tree.static_files, &tree.content_assets).with_folders(
            &paths.content_rel,
            &config.static_dir.to_string_lossy(),
            &folder_path(&paths.content, root),
        );
        let (elsewhere, elsewhere_diags) =
            Elsewhere::find(&config, root, &settings_file, !versions.is_empty());
        diags.extend(elsewhere_diags);

        let colours = code_colours(&config).map_err(|d| diags.push(d)).ok();
        // Grammars, templates, image sizes and git history load while pages are read.
        let ((highlighter, theme), ((pages, page_diags), history)) = rayon::join(
            || {
                rayon::join(
                    || {
                        // Grammars are kept from the last build (`serve`); colours follow the config.
                        match (highlighter, colours) {
                            (Some(kept), Some(colours)) => Arc::new(kept.with_colours(colours)),
                            (Some(kept), None) => kept,
                            (None, Some(colours)) => Arc::new(Highlighter::load(colours)),
                            (None, None) => Arc::new(Highlighter::new()),
                        }
                    },
                    || Theme::load(&paths.templates, root),
                )
            },
            || {
                rayon::join(
                    || {
                        assets.measure_images(&paths.statics, &paths.content);
                        options.progress.start(Stage::Read, tree.pages.len());
                        let read = (options.drafts, &options.progress);
                        read_pages(&tree, root, read, (&config.route_base_path, PageKind::Doc))
                    },
                    || match config.last_updated {
                        true => crate::history::last_commit_times(&paths.content),
                        false => HashMap::new(),
                    },
                )
            },
        );
        let theme = theme.map_err(|d| diags.extend(d)).ok();
        // Each distinct code block is highlighted once: versions repeat most of their pages,
        // and sites repeat their install commands and snippets.
        highlighter.cache_blocks();
        diags.extend(page_diags);
        let mut pages = pages;
        let mut specs: Vec<(crate::config::DocsInstance, PageKind)> = config
            .docusaurus
            .iter()
            .flat_map(|d| d.other_docs.iter().map(|i| (i.clone(), PageKind::Doc)))
            .collect();
        for version in versions.iter().filter(|v| v.folder.is_some()) {
            specs.push((
                crate::config::DocsInstance {
                    id: version_instance_id(version),
                    path: version.folder.clone().unwrap_or_default(),
                    route_base_path: version.route_base.clone(),
                    sidebar_path: version.sidebars.clone(),
                    categories: config
                        .docusaurus
                        .as_ref()
                        .map(|d| d.categories)
                        .unwrap_or_default(),
                },
                PageKind::Doc,
            ));
        }
        if let Some(dir) = &config.pages_dir {
            specs.push((
                crate::config::DocsInstance {
                    id: "pages".into(),
                    path: dir.to_string_lossy().into_owned(),
                    route_base_path: String::new(),
                    sidebar_path: None,
                    ..Default::default()
                },
                PageKind::Page,
            ));
        }
        if let Some(blog) = &config.blog {
            specs.push((
                crate::config::DocsInstance {
                    id: "blog".into(),
                    path: blog.path.clone(),
                    route_base_path: blog.route_base_path.clone(),
                    sidebar_path: None,
                    ..Default::default()
                },
                PageKind::Post,
            ));
        }
        let (blog_files, blog_diags) = match &config.blog {
            Some(blog) => crate::blog::read_files(blog, &root.join(&blog.path), root),
            None => Default::default(),
        };
        diags.extend(blog_diags);
        let instances = match specs.is_empty() {
            false => load_instances(
                &specs,
                &mut LoadInstances {
                    root,
                    project: &project,
                    paths: &paths,
                    exclude: &exclude,
                    drafts: options.drafts,
                    locale: locale.as_ref().map(|l| root.join("i18n").join(&l.code)),
                    pages: &mut pages,
                    tree: &mut tree,
                    diags: &mut diags,
                },
            ),
            true => Vec::new(),
        };
        tree.site_files
            .extend(site_references(&pages, root, &paths));
        tree.site_files.sort();
        tree.site_files.dedup();
        let assets = assets.with_site_files(&tree.site_files);
        diags.extend(duplicate_routes(&pages));
        let blog = config.blog.as_ref().map(|options| {
            let posts: Vec<&SourcePage> =
                pages.iter().filter(|p| p.kind == PageKind::Post).collect();
            let file_time = |p: &SourcePage| file_time(&root.join(&p.display));
            let (blog, blog_diags) = crate::blog::plan(options, &blog_files, &posts, &file_time);
            diags.extend(blog_diags);
            blog
        });
        let content_dir = config.content_dir.to_string_lossy();
        let (modules, module_diags) = js_modules(&pages, &project, &paths, &content_dir);
        diags.extend(module_diags);
        let (partials, partial_diags) = Partials::load(&tree, &pages, &project, &content_dir);
        diags.extend(partial_diags);
        let syntax_css = highlighter.stylesheet();
        let site = Site {
            options: options.clone(),
            config,
            paths,
            strings,
            tree,
            assets,
            partials,
            history,
            sidebars,
            highlighter,
            syntax_css,
            elsewhere,
            modules,
            instances,
            settings_file,
            blog,
            versions,
            locales,
            locale,
            translations,
        };
        Ok((LoadedSite { site, theme, pages }, diags))
    }

    /// The version of the docs a page of `instance` belongs to, when the docs are versioned.
    pub fn version_of(&self, instance: usize) -> Option<(usize, &crate::versions::DocsVersion)> {
        let wanted = match instance {
            0 => Some("current"),
            i => match self.instances.get(i - 1)?.id.as_str() {
                "default" => None,
                id => Some(id.strip_prefix("default@")?),
            },
        };
        self.versions
            .iter()
            .enumerate()
            .find(|(_, v)| match wanted {
                Some(name) => v.name == name,
                None => v.is_last,
            })
    }

    /// The docs instance id of the page's instance, as navbar items name it.
    pub fn instance_id(&self, instance: usize) -> String {
        match instance {
            0 if self
                .versions
                .iter()
                .any(|v| v.is_last && v.name != "current") =>
            {
                "default@current".into()
            }
            0 => "default".into(),
            n => self
                .instances
                .get(n - 1)
                .map_or_else(String::new, |i| i.id.clone()),
        }
    }

    /// The folders the site is made of, which an output folder must never touch.
    pub fn source_folders(&self) -> Vec<PathBuf> {
        let mut folders = vec![
            self.paths.content.clone(),
            self.paths.statics.clone(),
            self.paths.templates.clone(),
        ];
        folders.extend(self.instances.iter().map(|i| self.paths.root.join(&i.path)));
        for extra in [
            "i18n",
            "blog",
            "src",
            "versioned_docs",
            "versioned_sidebars",
        ] {
            folders.push(self.paths.root.join(extra));
        }
        folders
    }

    /// The configuration and sidebars files: an edit to one of them changes the whole site.
    pub fn settings_files(&self) -> Vec<PathBuf> {
        let root =
            std::path::absolute(&self.paths.root).unwrap_or_else(|_| self.paths.root.clone());
        std::iter::once(crate::config::CONFIG_FILE)
            .chain(docusaurus::CONFIG_FILES)
            .map(|name| root.join(name))
            .chain(self.sidebars.as_ref().map(|s| root.join(&s.file)))
            .collect()
    }
}

/// Where the other instances' pages go while they are read.
struct LoadInstances<'a> {
    root: &'a Path,
    project: &'a ProjectFolders,
    paths: &'a Paths,
    exclude: &'a discover::PageFilter,
    drafts: bool,
    /// `i18n/<locale>/` when building a translation.
    locale: Option<PathBuf>,
    pages: &'a mut Vec<SourcePage>,
    tree: &'a mut SourceTree,
    diags: &'a mut Vec<Diagnostic>,
}

/// Reads the pages of the other docs instances: each page knows its instance and resolves its
/// links from where its file is; their images are published like `@site/` files and their
/// partials are importable by their `@site/` path.
fn load_instances(
    specs: &[(crate::config::DocsInstance, PageKind)],
    out: &mut LoadInstances<'_>,
) -> Vec<Instance> {
    let mut instances = Vec::new();
    for (index, (spec, kind)) in specs.iter().enumerate() {
        let kind = *kind;
        let dir = out.root.join(&spec.path);
        let (mut tree, found) =
            discover::discover(Some(&dir), Path::new(""), out.project, out.exclude);
        out.diags.extend(found);
        if let Some(locale_dir) = &out.locale {
            let version = spec
                .id
                .strip_prefix("default@")
                .or_else(|| spec.path.rsplit_once("version-").map(|(_, v)| v));
            let instance = match spec.id.starts_with("default") {
                true => "default",
                false => spec.id.as_str(),
            };
            let folder = crate::locales::plugin_folder(kind, instance, version);
            localize(&mut tree.pages, &locale_dir.join(folder));
        }
        // How the instance's folder is reached from the default content folder.
        let prefix = folder_path(&out.paths.content, &dir);
        let read = (out.drafts, &ProgressHandle::default());
        let (pages, diags) = read_pages(&tree, out.root, read, (&spec.route_base_path, kind));
        out.diags.extend(diags);
        out.pages.extend(pages.into_iter().map(|mut p| {
            p.instance = index + 1;
            p.link_dir = crate::routes::normalize_site_path(&format!("{prefix}/{}", p.dir));
            p.kind = kind;
            if kind == PageKind::Post {
                as_blog_post(&mut p, &spec.route_base_path);
            }
            p
        }));
        // Its images and partials, by the paths its pages name them with.
        let site_rel = |rel: &str| {
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            let dir = crate::routes::normalize_site_path(&format!("{prefix}/{dir}"));
            discover::import_key(&dir, &format!("./{name}"), &out.paths.content_rel)
                .as_key()
                .trim_start_matches("@site/")
                .to_string()
        };
        // A React page's own scripts and styles are not files of the site.
        let code = [
            ".js", ".jsx", ".ts", ".tsx", ".css", ".scss", ".sass", ".json",
        ];
        out.tree.site_files.extend(
            tree.content_assets
                .iter()
                .filter(|a| kind != PageKind::Page || !code.iter().any(|e| a.ends_with(e)))
                .map(|a| site_rel(a)),
        );
        out.tree
            .partials
            .extend(tree.partials.iter().map(|f| discover::PageFile {
                rel: format!("@site/{}", site_rel(&f.rel)),
                abs: f.abs.clone(),
            }));
        let sidebars =
            spec.sidebar_path.as_ref().and_then(|file| {
                match docusaurus::load_sidebars(&out.root.join(file), out.root) {
                    Ok((spec, warnings)) => {
                        out.diags.extend(warnings);
                        Some(spec)
                    }
                    Err(d) => {
                        out.diags.push(d);
                        None
                    }
                }
            });
        instances.push(Instance {
            kind,
            id: spec.id.clone(),
            path: spec.path.clone(),
            route_base: spec.route_base_path.clone(),
            folders: tree.folders,
            sidebars,
            categories: spec.categories,
        });
    }
    instances
}

/// Pages translated in `dir` (same path as in the default locale's folder) are read from
/// there; the others stay the default locale's, as Docusaurus falls back.
fn localize(pages: &mut [discover::PageFile], dir: &Path) {
    if !dir.is_dir() {
        return;
    }
    for page in pages {
        let translated = dir.join(&page.rel);
        if translated.is_file() {
            page.abs = translated;
        }
    }
}

/// `i18n/<locale>/*.json`: the labels of the navbar, footer, sidebars and theme.
fn read_translations(root: &Path, code: &str) -> (crate::locales::Translations, Vec<Diagnostic>) {
    let dir = root.join("i18n").join(code);
    let mut diags = Vec::new();
    let mut read = |rel: &str| -> HashMap<String, String> {
        let path = dir.join(rel);
        let Ok(bytes) = std::fs::read(&path) else {
            return HashMap::new();
        };
        let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let parsed = page::decode(bytes, &display)
            .and_then(|text| crate::locales::parse_messages(&text, &display));
        parsed.unwrap_or_else(|d| {
            diags.push(d);
            HashMap::new()
        })
    };
    let t = crate::locales::Translations {
        code: read("code.json"),
        navbar: read("docusaurus-theme-classic/navbar.json"),
        footer: read("docusaurus-theme-classic/footer.json"),
        sidebar: read("docusaurus-plugin-content-docs/current.json"),
    };
    (t, diags)
}

/// Folders of `i18n/` for locales `i18n.locales` does not list: never built, so said.
fn unlisted_locale_folders(root: &Path, config: &Config) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(root.join("i18n")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !config.locales.contains(n) && *n != config.language)
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            Diagnostic::warning(
                format!("i18n/{n}"),
                format!(
                    "the locale `{n}` is not in `i18n.locales`: its translations are not built"
                ),
            )
            .with_code(crate::codes::Code::Translations)
            .with_hint("add it to `i18n.locales` in the config, or remove the folder")
        })
        .collect()
}

/// `versions.json` of a Docusaurus project, planned.
fn read_versions(
    config: &Config,
    root: &Path,
) -> (Vec<crate::versions::DocsVersion>, Vec<Diagnostic>) {
    let path = crate::versions::versions_file(root);
    if config.docusaurus.is_none() || !path.is_file() {
        return (Vec::new(), Vec::new());
    }
    let display = PathBuf::from("versions.json");
    let text = match std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| page::decode(b, &display).map_err(|d| d.message))
    {
        Ok(text) => text,
        Err(e) => {
            let d = Diagnostic::error(&display, format!("cannot read: {e}"))
                .with_code(crate::codes::Code::Versions);
            return (Vec::new(), vec![d]);
        }
    };
    let files = crate::versions::VersionFiles {
        versions_json: Some((&display, &text)),
        folder_exists: &|f: &str| root.join(f).is_dir(),
        file_exists: &|f: &str| root.join(f).is_file(),
    };
    let base = config.route_base_path.clone();
    crate::versions::plan(&config.versions, &base, &files)
}

/// The docs instance id of a released version: the last one is what `docId` items and
/// `docsPluginId: 'default'` mean (`default`); the others are `default@X`.
pub(crate) fn version_instance_id(version: &crate::versions::DocsVersion) -> String {
    match version.is_last {
        true => "default".into(),
        false => format!("default@{}", version.name),
    }
}

/// A file's modification time (Unix seconds); 0 when it cannot be read.
fn file_time(path: &Path) -> i64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64)
}

/// A blog post's route (from its dated name or slug, under the blog's base) and its
/// `{/* truncate */}` marker written as the HTML comment the Markdown keeps.
fn as_blog_post(page: &mut SourcePage, base: &str) {
    let route = crate::blog::post_route(&page.rel, page.front.slug.as_deref());
    page.route = crate::routes::join_route(&[base, &route]);
    if page.body().contains("{/* truncate */}") {
        let body = page
            .body()
            .replacen("{/* truncate */}", "<!-- truncate -->", 1);
        page.text.truncate(page.body_start);
        page.text.push_str(&body);
    }
}

/// The path from folder `from` to folder `to` (`../community` from `docs`), by their absolute
/// paths: it may climb above the site folder and come back (`../website/community`).
pub(crate) fn folder_path(from: &Path, to: &Path) -> String {
    let parts = |p: &Path| -> Vec<String> {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                std::path::Component::ParentDir => Some("..".into()),
                _ => None,
            })
            .collect()
    };
    let normal = |p: &Path| parts(p).join("/");
    let (from, to) = (
        crate::routes::normalize_site_path(&normal(from)),
        crate::routes::normalize_site_path(&normal(to)),
    );
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    std::iter::repeat_n("..", from.len() - common)
        .chain(to[common..].iter().copied())
        .collect::<Vec<_>>()
        .join("/")
}

/// The project's own JS/TS modules pages import (not Markdown, not assets, not packages),
/// evaluated statically once: import key → what they export.
fn js_modules(
    pages: &[SourcePage],
    project: &ProjectFolders,
    paths: &Paths,
    content_dir: &str,
) -> (HashMap<String, serde_json::Value>, Vec<Diagnostic>) {
    const EXTENSIONS: [&str; 6] = ["js", "jsx", "ts", "tsx", "mjs", "cjs"];
    let mut modules = HashMap::new();
    let mut diags = Vec::new();
    for page in pages.iter().filter(|p| p.text.contains("import ")) {
        for spec in module_imports(&page.text) {
            let root = &project.root;
            let key = discover::import_key(&page.link_dir, &spec, content_dir);
            let base = match &key {
                discover::ImportKey::Content(rel) => paths.content.join(rel),
                discover::ImportKey::Site(rel) => root.join(rel),
                discover::ImportKey::Package(_) => continue,
            };
            let name = key.as_key();
            if modules.contains_key(&name) {
                continue;
            }
            let file = EXTENSIONS
                .iter()
                .map(|e| base.with_extension(e))
                .chain(EXTENSIONS.iter().map(|e| base.join(format!("index.{e}"))))
                .find(|f| f.is_file() && project.holds(f));
            if let Some((value, warnings)) = file.and_then(|f| docusaurus::module_exports(&f, root))
            {
                modules.insert(name, value);
                diags.extend(warnings);
            }
        }
    }
    (modules, diags)
}

/// Specifiers of `import … from '…'` lines that name a module without an extension.
fn module_imports(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.trim_start().starts_with("import "))
        .flat_map(|l| l.split(" from ").skip(1))
        .filter_map(|rest| {
            let rest = rest.trim_start();
            let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let value = &rest[1..1 + rest[1..].find(quote)?];
            let last = value.rsplit('/').next().unwrap_or(value);
            let local = value.starts_with("@site/") || value.starts_with('.');
            (local && !last.contains('.')).then(|| value.to_string())
        })
        .collect()
}

/// Files of the project outside the static and content folders that pages name with
/// `@site/…` (an image kept beside a blog post): they are published too.
fn site_references(pages: &[SourcePage], root: &Path, paths: &Paths) -> Vec<String> {
    let statics = std::path::absolute(&paths.statics).unwrap_or_else(|_| paths.statics.clone());
    let content = std::path::absolute(&paths.content).unwrap_or_else(|_| paths.content.clone());
    let elsewhere = |rel: String| {
        let abs = std::path::absolute(root.join(&rel)).ok()?;
        let elsewhere = !abs.starts_with(&statics) && !abs.starts_with(&content);
        (elsewhere && !rel.starts_with("..") && abs.is_file()).then_some(rel)
    };
    // Every page's text is scanned: in parallel, as the rest of the load is.
    let mut found: Vec<String> = pages
        .par_iter()
        .flat_map_iter(|p| {
            let by_site_path = p
                .text
                .match_indices("@site/")
                .filter_map(|(i, _)| path_at(&p.text[i + 6..]))
                .map(crate::routes::normalize_site_path);
            let dir = p.display.parent().map(|d| d.to_string_lossy().into_owned());
            let dir = dir.unwrap_or_default().replace('\\', "/");
            let relative = relative_references(&p.text)
                .map(move |rel| crate::routes::normalize_site_path(&format!("{dir}/{rel}")));
            by_site_path.chain(relative).filter_map(elsewhere)
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The path a reference starts with, up to where it ends.
fn path_at(rest: &str) -> Option<&str> {
    let end = rest.find(['\'', '"', ')', ' ', '`', '\n', '?', '#'])?;
    Some(&rest[..end])
}

/// Files a page names by a path relative to itself that leaves its folder (`![](../images/x.png)`,
/// `require('../z.png')`): Docusaurus takes any file of the project that way, not only the
/// static and content folders'. (A plain `src="…"` is a URL, and stays one.)
fn relative_references(text: &str) -> impl Iterator<Item = &str> {
    ["](", "require('", "require(\""]
        .into_iter()
        .flat_map(move |opener| {
            text.match_indices(opener)
                .filter_map(move |(i, _)| path_at(&text[i + opener.len()..]))
        })
        .filter(|path| {
            path.starts_with("../")
                && !path.ends_with(".md")
                && !path.ends_with(".mdx")
                && !crate::links::is_external(path)
        })
}

/// Where a build with `options` writes, without loading the site (the settings only); `None`
/// when they cannot be read (the build will say why).
pub(crate) fn output_folder(options: &BuildOptions) -> Option<PathBuf> {
    if let Some(output) = &options.output {
        return Some(output.clone());
    }
    let (config, _, _) = load_config(&options.root).ok()?;
    Some(options.root.join(&config.output_dir))
}

/// `docgen.toml`, or else a Docusaurus project's `docusaurus.config.*`; with the sidebars
/// file either names.
fn load_config(root: &Path) -> Result<(Config, Option<SidebarSpec>, Vec<Diagnostic>), Diagnostic> {
    // Settings files are read only inside the site (or its git work tree), like everything.
    let project = ProjectFolders::new(root, []);
    let inside = |file: &Path| {
        if file.exists() && !project.holds(file) {
            return Err(Diagnostic::error(
                file.strip_prefix(root).unwrap_or(file),
                "this settings file leads outside the site (a symbolic link); docgen does not read it",
            )
            .with_code(crate::codes::Code::Config));
        }
        Ok(())
    };
    inside(&root.join(crate::config::CONFIG_FILE))?;
    let docusaurus = docusaurus::find_config(root);
    if let Some(path) = &docusaurus {
        inside(path)?;
    }
    let (config, sidebars_file, mut warnings) = match docusaurus {
        Some(path) if !root.join(crate::config::CONFIG_FILE).exists() => {
            let imported = docusaurus::load_config(&path, root)?;
            (imported.config, imported.sidebars, imported.warnings)
        }
        _ => {
            let config = Config::load(root)?;
            let sidebars = config.sidebars.as_ref().map(|p| root.join(p));
            (config, sidebars, Vec::new())
        }
    };
    let sidebars = match sidebars_file {
        Some(file) => {
            inside(&file)?;
            let (spec, more) = docusaurus::load_sidebars(&file, root)?;
            warnings.extend(more);
            Some(spec)
        }
        None => None,
    };
    Ok((config, sidebars, warnings))
}

/// Reads the pages of `tree`, of `kind`. The text of a page is let go at once unless loading
/// needs it (`text_needed_by_load`): the site never holds every page's text.
fn read_pages(
    tree: &SourceTree,
    root: &Path,
    (drafts, progress): (bool, &ProgressHandle),
    (base, kind): (&str, PageKind),
) -> (Vec<SourcePage>, Vec<Diagnostic>) {
    let results: Vec<_> = tree
        .pages
        .par_iter()
        .map(|f| {
            let display = f.abs.strip_prefix(root).unwrap_or(&f.abs).to_path_buf();
            let page = page::load(f, display, drafts, base).map(|page| {
                page.map(|mut page| {
                    page.kind = kind;
                    if !text_needed_by_load(&page) {
                        page.let_go();
                    }
                    page
                })
            });
            progress.advance();
            page
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    (pages, diags)
}

/// Whether loading the site still needs a page's text after reading it: a post's (the blog
/// reads and changes it), a page's without a front matter title (its H1 is its title), or one
/// that names files the site reads (imports, `@site/` paths), by the same scans that read them.
fn text_needed_by_load(page: &SourcePage) -> bool {
    page.kind == PageKind::Post
        || page.front.title.is_none()
        || page.text.contains("@site/")
        || !md_imports(&page.text).is_empty()
        || (page.text.contains("import ") && !module_imports(&page.text).is_empty())
}

fn duplicate_routes(pages: &[SourcePage]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &SourcePage> = HashMap::new();
    let mut diags = Vec::new();
    for p in pages {
        if let Some(first) = seen.insert(&p.route, p) {
            let route = if p.route.is_empty() { "/" } else { &p.route };
            diags.push(
                Diagnostic::error(
                    &p.display,
                    format!(
                        "two pages claim the route `{route}`: this one and {}",
                        first.display.display()
                    ),
                )
                .with_code(crate::codes::Code::DuplicateRoute)
                .with_hint("give one of them another `slug` or `id` in its front matter"),
            );
            seen.insert(&first.route, first);
        }
    }
    diags
}

/// The Markdown files pages import as components, read once: the partials of the content
/// folder (`_shared.md`), and any page or project file (`@site/…`) a page imports.
#[derive(Default)]
pub(crate) struct Partials {
    /// Keys of every importable file (see [`discover::ImportKey::as_key`]).
    pub names: HashSet<String>,
    /// Key → (path shown in messages, text).
    pub texts: HashMap<String, (PathBuf, String)>,
}

impl Partials {
    fn load(
        tree: &SourceTree,
        pages: &[SourcePage],
        project: &ProjectFolders,
        content_dir: &str,
    ) -> (Partials, Vec<Diagnostic>) {
        let root = &project.root;
        let mut partials = Partials::default();
        let mut diags = Vec::new();
        for file in &tree.partials {
            let display = file
                .abs
                .strip_prefix(root)
                .unwrap_or(&file.abs)
                .to_path_buf();
            let text = std::fs::read(&file.abs)
                .map_err(|e| {
                    Diagnostic::error(&display, format!("cannot read: {e}"))
                        .with_code(crate::codes::Code::PageFile)
                })
                .and_then(|bytes| page::decode(bytes, &display));
            match text {
                Ok(text) => {
                    partials.names.insert(file.rel.clone());
                    partials.texts.insert(file.rel.clone(), (display, text));
                }
                Err(d) => diags.push(d),
            }
        }
        diags.extend(partials.add_imported(pages, project, content_dir));
        (partials, diags)
    }

    /// Adds the files pages and partials import that are not `_` partials: other pages (their
    /// text is already read) and files elsewhere in the project, following nested imports.
    fn add_imported(
        &mut self,
        pages: &[SourcePage],
        project: &ProjectFolders,
        content_dir: &str,
    ) -> Vec<Diagnostic> {
        let root = &project.root;
        let mut diags = Vec::new();
        let by_rel: HashMap<&str, &SourcePage> = pages
            .iter()
            .filter(|p| p.instance == 0)
            .map(|p| (p.rel.as_str(), p))
            .collect();
        let mut todo: Vec<(String, String)> = pages
            .iter()
            .flat_map(|p| {
                md_imports(&p.text)
                    .into_iter()
                    .map(|s| (p.link_dir.clone(), s))
            })
            .collect();
        for (key, (_, text)) in &self.texts {
            let dir = discover::import_dir(key, content_dir);
            todo.extend(md_imports(text).into_iter().map(|s| (dir.clone(), s)));
        }
        let mut rounds = 0;
        while let Some((dir, spec)) = todo.pop() {
            let key = discover::import_key(&dir, &spec, content_dir);
            let name = key.as_key();
            if self.names.contains(&name) || rounds > 10_000 {
                continue;
            }
            rounds += 1;
            let (display, text) = match &key {
                discover::ImportKey::Content(rel) => match by_rel.get(rel.as_str()) {
                    Some(page) if page.text_let_go => {
                        let Ok(text) = std::fs::read_to_string(root.join(&page.display)) else {
                            continue;
                        };
                        (page.display.clone(), text)
                    }
                    Some(page) => (page.display.clone(), page.text.clone()),
                    None => continue,
                },
                discover::ImportKey::Site(rel) => {
                    let path = root.join(rel);
                    if !path.is_file() {
                        continue;
                    }
                    if !project.holds(&path) {
                        diags.push(
                            Diagnostic::warning(rel, "this file is outside the site, so docgen does not read it; pages that import it show nothing")
                                .with_code(crate::codes::Code::Import),
                        );
                        continue;
                    }
                    match std::fs::read(&path).map(|b| page::decode(b, Path::new(rel))) {
                        Ok(Ok(text)) => (PathBuf::from(rel), text),
                        Ok(Err(d)) => {
                            diags.push(d);
                            continue;
                        }
                        Err(e) => {
                            diags.push(
                                Diagnostic::error(rel, format!("cannot read: {e}"))
                                    .with_code(crate::codes::Code::PageFile),
                            );
                            continue;
                        }
                    }
                }
                discover::ImportKey::Package(_) => continue,
            };
            let own_dir = discover::import_dir(&name, content_dir);
            todo.extend(md_imports(&text).into_iter().map(|s| (own_dir.clone(), s)));
            self.names.insert(name.clone());
            self.texts.insert(name, (display, text));
        }
        diags
    }
}

/// The `.md`/`.mdx` modules named on a page's `import` lines (a quick scan: the MDX stage
/// reads the statements properly).
fn md_imports(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.contains("import") || l.contains("from"))
    {
        let mut rest = line;
        while let Some(start) = rest.find(['\'', '"']) {
            let quote = rest.as_bytes()[start];
            let after = &rest[start + 1..];
            let Some(end) = after.find(quote as char) else {
                break;
            };
            let value = after[..end].replace('\\', "");
            let lower = value.to_ascii_lowercase();
            if lower.ends_with(".md") || lower.ends_with(".mdx") {
                out.push(value);
            }
            rest = &after[end + 1..];
        }
    }
    out
}

/// The code colours of the site's two highlight themes.
fn code_colours(config: &Config) -> Result<highlight::CodeColours, Diagnostic> {
    let find = |name: &str, key: &str| {
        highlight::find_theme(name).ok_or_else(|| {
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!("unknown highlight theme `{name}` in `{key}`"),
            )
            .with_code(crate::codes::Code::Config)
            .with_hint(format!(
                "choose one of: {}",
                highlight::theme_names().join(", ")
            ))
        })
    };
    let light = find(&config.highlight_theme, "highlight_theme")?;
    let dark = find(&config.highlight_theme_dark, "highlight_theme_dark")?;
    Ok(highlight::CodeColours::new(light, dark))
}

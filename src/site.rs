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
use crate::discover::{self, SourceTree};
use crate::docusaurus;
use crate::highlight::{self, Highlighter};
use crate::page::{self, SourcePage};
use crate::sidebar_spec::SidebarSpec;
use crate::theme::Theme;

/// The folders a site is made of, resolved against its root.
pub(crate) struct Paths {
    pub root: PathBuf,
    pub output: PathBuf,
    pub content: PathBuf,
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
        let paths = Paths {
            root: root.clone(),
            output: options
                .output
                .clone()
                .unwrap_or_else(|| root.join(&config.output_dir)),
            content: root.join(&config.content_dir),
            statics: root.join(&config.static_dir),
            templates: root.join(&config.templates_dir),
        };
        let strings = crate::i18n::strings(&config.language, &config.strings);

        let (tree, found) = discover::discover(&paths.content, &paths.statics, root);
        diags.extend(found);
        let mut assets = AssetIndex::new(&tree.static_files, &tree.content_assets);

        // Grammars, templates, image sizes and git history load while pages are read.
        let ((highlighter, theme), ((pages, page_diags), history)) = rayon::join(
            || {
                rayon::join(
                    || highlighter.unwrap_or_else(|| Arc::new(Highlighter::new())),
                    || Theme::load(&paths.templates, root),
                )
            },
            || {
                rayon::join(
                    || {
                        assets.measure_images(&paths.statics, &paths.content);
                        read_pages(&tree, root, options.drafts, &config.route_base_path)
                    },
                    || match config.last_updated {
                        true => crate::history::last_commit_times(&paths.content),
                        false => HashMap::new(),
                    },
                )
            },
        );
        let theme = theme.map_err(|d| diags.extend(d)).ok();
        diags.extend(page_diags);
        diags.extend(duplicate_routes(&pages));
        let (partials, partial_diags) = Partials::load(&tree, root);
        diags.extend(partial_diags);
        let syntax_css = syntax_stylesheet(&config).unwrap_or_else(|d| {
            diags.push(d);
            String::new()
        });
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
        };
        Ok((LoadedSite { site, theme, pages }, diags))
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

/// `docgen.toml`, or else a Docusaurus project's `docusaurus.config.*`; with the sidebars
/// file either names.
fn load_config(root: &Path) -> Result<(Config, Option<SidebarSpec>, Vec<Diagnostic>), Diagnostic> {
    let docusaurus = docusaurus::find_config(root);
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
            let (spec, more) = docusaurus::load_sidebars(&file, root)?;
            warnings.extend(more);
            Some(spec)
        }
        None => None,
    };
    Ok((config, sidebars, warnings))
}

fn read_pages(
    tree: &SourceTree,
    root: &Path,
    drafts: bool,
    base: &str,
) -> (Vec<SourcePage>, Vec<Diagnostic>) {
    let results: Vec<_> = tree
        .pages
        .par_iter()
        .map(|f| {
            let display = f.abs.strip_prefix(root).unwrap_or(&f.abs).to_path_buf();
            page::load(f, display, drafts, base)
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
                .with_hint("give one of them another `slug` or `id` in its front matter"),
            );
            seen.insert(&first.route, first);
        }
    }
    diags
}

/// The partials of the content folder (`_shared.md`), read once.
#[derive(Default)]
pub(crate) struct Partials {
    pub names: HashSet<String>,
    /// Content-relative path → (path shown in messages, text).
    pub texts: HashMap<String, (PathBuf, String)>,
}

impl Partials {
    fn load(tree: &SourceTree, root: &Path) -> (Partials, Vec<Diagnostic>) {
        let mut partials = Partials::default();
        let mut diags = Vec::new();
        for file in &tree.partials {
            let display = file
                .abs
                .strip_prefix(root)
                .unwrap_or(&file.abs)
                .to_path_buf();
            let text = std::fs::read(&file.abs)
                .map_err(|e| Diagnostic::error(&display, format!("cannot read: {e}")))
                .and_then(|bytes| page::decode(bytes, &display));
            match text {
                Ok(text) => {
                    partials.names.insert(file.rel.clone());
                    partials.texts.insert(file.rel.clone(), (display, text));
                }
                Err(d) => diags.push(d),
            }
        }
        (partials, diags)
    }
}

fn syntax_stylesheet(config: &Config) -> Result<String, Diagnostic> {
    let find = |name: &str, key: &str| {
        highlight::find_theme(name).ok_or_else(|| {
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!("unknown highlight theme `{name}` in `{key}`"),
            )
            .with_hint(format!(
                "choose one of: {}",
                highlight::theme_names().join(", ")
            ))
        })
    };
    let light = find(&config.highlight_theme, "highlight_theme")?;
    let dark = find(&config.highlight_theme_dark, "highlight_theme_dark")?;
    highlight::stylesheet(&light, &dark).map_err(|e| {
        Diagnostic::error(
            crate::config::CONFIG_FILE,
            format!("cannot make the highlight stylesheet: {e}"),
        )
    })
}

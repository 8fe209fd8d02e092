//! The build, top to bottom. Every command goes through the same three steps:
//!
//! 1. [`load`]: settings and files ([`Site::load`]), then every page's title and navigation
//!    entry, and the navigation ([`content::render`]); `serve` renders and keeps every page's
//!    body here, `build` and `check` only blog posts';
//! 2. [`write`]: every page rendered (unless kept), through the templates and dropped, then the
//!    anchor check and the theme's and the site's files, into a [`Sink`] (the staging folder,
//!    memory for `serve`, or nowhere for `check`), and for `docgen build` the search index of
//!    what was written;
//! 3. [`finish`]: the site's policies and `--strict` decide which diagnostics are errors.
//!
//! `docgen build` and `check` run them once; `docgen serve` keeps the [`Loaded`] site and
//! redoes parts of it on each edit (the `incremental` module).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::cache;
use crate::content::{self, Content};
use crate::diagnostics::{self, Diagnostic};
use crate::highlight::Highlighter;
use crate::output::{Discard, Sink, Staging};
use crate::progress::{ProgressHandle, Stage};
use crate::site::{LoadedSite, Site};
use crate::static_files;
use crate::templates::{self, KeptPages, Only};
use crate::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Every warning is an error.
    pub strict: bool,
    /// Check everything the build checks, but write nothing (`docgen check`).
    pub check_only: bool,
    /// Replace an existing output folder docgen did not write.
    pub force: bool,
    /// No search index and no search box, whatever the site's settings say.
    pub no_search: bool,
    /// Where to report how far the build is (the CLI's progress bar).
    pub progress: ProgressHandle,
    /// Build even when nothing changed since the last build, and without the code blocks it
    /// highlighted (see the `cache` module).
    pub no_cache: bool,
    /// Build only this locale of a translated site (`--locale`).
    pub only_locale: Option<String>,
    /// The locale this load builds; `None` is the default locale. Set by `build` for each
    /// locale of a translated site.
    pub locale: Option<String>,
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub assets: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Nothing changed since the last build: the output was left as it was.
    pub unchanged: bool,
    /// Pages nothing they are made from changed for: taken from the last output, not rendered.
    pub kept_pages: usize,
    /// The inputs as the build saw them once the site was loaded, when they differ from the
    /// fingerprint taken before (the first build to read a folder outside the site folder).
    pub(crate) inputs: Option<cache::Inputs>,
}

/// The build failed: every diagnostic found, errors and warnings, sorted by file and line.
#[derive(Debug, thiserror::Error)]
#[error("the build found {} error(s)", self.errors())]
pub struct BuildFailed {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailed {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub(crate) fn one(d: Diagnostic) -> BuildFailed {
        BuildFailed {
            diagnostics: vec![d],
        }
    }
}

/// A site loaded and its content rendered: what the templates need. `serve` keeps it.
pub(crate) struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub content: Content,
}

/// Builds the site described by `options` into its output folder (or only checks it).
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailed> {
    let result = build_steps(options);
    options.progress.finish();
    result
}

fn build_steps(options: &BuildOptions) -> Result<BuildSummary, BuildFailed> {
    let started = Instant::now();
    let last = match options.check_only {
        true => None,
        false => cache::last_build(&options.root),
    };
    let shortcut = (!options.check_only && !options.no_cache)
        .then(|| fingerprinted(options, last.as_ref()))
        .flatten();
    if let Some((inputs, output)) = &shortcut
        && let Some(last) = last
            .as_ref()
            .filter(|l| cache::unchanged(l, &inputs.fingerprint, output))
    {
        let mut summary = summary(
            (last.pages, last.assets),
            output.clone(),
            last.warnings.clone(),
            started,
        );
        summary.unchanged = true;
        return Ok(summary);
    }
    if !options.check_only {
        let output = shortcut.as_ref().map(|(_, output)| output.clone());
        let output = output.or_else(|| output_path(options));
        cache::forget(&options.root, last.as_ref(), output.as_deref());
    }
    let built = build_fully(
        options,
        started,
        shortcut
            .as_ref()
            .map(|(inputs, output)| (inputs, output.as_path())),
    )?;
    if let Some((inputs, output)) = shortcut {
        let counts = (built.pages, built.assets);
        let inputs = built.inputs.as_ref().unwrap_or(&inputs);
        cache::save(
            &options.root,
            inputs.fingerprint.clone(),
            &output,
            counts,
            &built.warnings,
            inputs.outside.clone(),
        );
    }
    Ok(built)
}

/// The build's output folder, absolute, when it can be had.
fn output_path(options: &BuildOptions) -> Option<PathBuf> {
    std::path::absolute(crate::site::output_folder(options)?).ok()
}

/// The build's output folder and the fingerprint of its inputs, when both can be had.
fn fingerprinted(
    options: &BuildOptions,
    last: Option<&cache::Record>,
) -> Option<(cache::Inputs, PathBuf)> {
    let output = output_path(options)?;
    let outside = last.map_or(&[][..], cache::Record::outside);
    Some((cache::fingerprint(options, &output, outside).ok()?, output))
}

fn build_fully(
    options: &BuildOptions,
    started: Instant,
    inputs: Option<(&cache::Inputs, &Path)>,
) -> Result<BuildSummary, BuildFailed> {
    let timer = Timings::start();
    let (loaded, mut diags) = load(options, None)?;
    let refreshed =
        inputs.and_then(|(inputs, output)| refreshed(options, inputs, &loaded.site, output));
    let inputs = refreshed.as_ref().or(inputs.map(|(inputs, _)| inputs));
    let translated = translated_locales(&loaded.site, options)?;
    if !translated.is_empty() {
        let mut summary = build_locales(options, loaded, diags, &translated, (started, inputs))?;
        summary.inputs = refreshed;
        return Ok(summary);
    }
    timer.mark("load and render the content");
    let output = loaded.site.paths.output.clone();
    let (pages, assets) = if options.check_only {
        // Templates still render, so their mistakes are found; nothing is written.
        let (pages, _) = write_pages(&loaded, &Discard, None, &mut diags);
        let tree = &loaded.site.tree;
        (pages, tree.static_files.len() + tree.content_assets.len())
    } else {
        let sources = loaded.site.source_folders();
        crate::output::check_target(&output, &loaded.site.paths.root, &sources)
            .map_err(BuildFailed::one)?;
        let staging = Staging::create(&output).map_err(BuildFailed::one)?;
        staging
            .write(crate::output::OUTPUT_MARKER, b"written by docgen\n")
            .map_err(BuildFailed::one)?;
        // Pages nothing changed for are taken from the last output instead of rendered.
        let kept_pages =
            inputs.map(|i| cache::PageCache::new(&loaded.site, i, &output, &loaded.content));
        let kept = kept_pages.as_ref().map(|k| k as &dyn KeptPages);
        let spool = spool(&loaded.site, &staging);
        let indexed = crate::search::Indexed {
            inner: &staging,
            spool: spool.as_ref(),
        };
        let counts = write(&loaded, &indexed, kept, &mut diags);
        timer.mark("templates, assets and writing");
        // The pages are written: their sources make room for the search index's bundles. (A
        // `let Loaded { site, .. } = loaded` would keep them until the end of the function: the
        // fields a pattern leaves out stay where they are. At 100,000 pages that was 0.4 GB.)
        let Loaded {
            site,
            theme,
            content,
        } = loaded;
        drop((theme, content));
        let kept_index =
            spool.and_then(|spool| write_search_index(&site, spool, &staging, &mut diags));
        timer.mark("search index");
        let warnings = finish(diags, &site)?;
        crate::output::check_replaceable(&output, options.force).map_err(BuildFailed::one)?;
        staging.commit().map_err(BuildFailed::one)?;
        timer.mark("swap the output in place");
        if let Some(kept) = kept_index {
            kept.commit();
        }
        let kept_count = kept_pages.as_ref().map_or(0, cache::PageCache::kept_count);
        if let Some(kept) = kept_pages {
            cache::PageCache::save(vec![kept]);
        }
        if !options.no_cache {
            let highlighter = &site.highlighter;
            let blocks = highlighter.cached_blocks();
            cache::save_blocks(&options.root, &highlighter.identity(), &blocks);
            timer.mark("keep the highlighted code for the next build");
        }
        let mut summary = summary(counts, output, warnings, started);
        summary.kept_pages = kept_count;
        summary.inputs = refreshed;
        return Ok(summary);
    };
    let warnings = finish(diags, &loaded.site)?;
    Ok(summary((pages, assets), output, warnings, started))
}

/// The locales to build besides the default one (all, or the one `--locale` names).
fn translated_locales(site: &Site, options: &BuildOptions) -> Result<Vec<String>, BuildFailed> {
    let others: Vec<String> = site
        .locales
        .iter()
        .filter(|l| !l.path.is_empty())
        .map(|l| l.code.clone())
        .collect();
    match &options.only_locale {
        None => Ok(others),
        Some(code) if site.locales.iter().any(|l| &l.code == code) => {
            Ok(others.into_iter().filter(|l| l == code).collect())
        }
        Some(code) => {
            let known: Vec<&str> = site.locales.iter().map(|l| l.code.as_str()).collect();
            let message = match known.is_empty() {
                true => format!("--locale {code}: the site is not translated (no `i18n.locales`)"),
                false => format!(
                    "--locale {code}: the site's locales are {}",
                    known.join(", ")
                ),
            };
            Err(BuildFailed::one(
                Diagnostic::error(&site.settings_file, message)
                    .with_code(crate::codes::Code::Translations),
            ))
        }
    }
}

/// A translated site: the default locale at the root (unless `--locale` names another), each
/// other locale in its folder, all into one staging folder, swapped in only when every locale
/// built; the errors of every locale are reported together.
fn build_locales(
    options: &BuildOptions,
    default: Loaded,
    mut diags: Vec<Diagnostic>,
    locales: &[String],
    (started, inputs): (Instant, Option<&cache::Inputs>),
) -> Result<BuildSummary, BuildFailed> {
    let output = default.site.paths.output.clone();
    let sources = default.site.source_folders();
    let staging = match options.check_only {
        true => None,
        false => {
            crate::output::check_target(&output, &default.site.paths.root, &sources)
                .map_err(BuildFailed::one)?;
            let staging = Staging::create(&output).map_err(BuildFailed::one)?;
            staging
                .write(crate::output::OUTPUT_MARKER, b"written by docgen\n")
                .map_err(BuildFailed::one)?;
            Some(staging)
        }
    };
    let spool = staging
        .as_ref()
        .and_then(|staging| spool(&default.site, staging));
    let indexed = staging.as_ref().map(|staging| crate::search::Indexed {
        inner: staging,
        spool: spool.as_ref(),
    });
    let sink: &dyn Sink = match &indexed {
        Some(sink) => sink,
        None => &Discard,
    };
    let mut counts = (0, 0);
    let default_wanted = options
        .only_locale
        .as_ref()
        .is_none_or(|l| *l == default.site.config.language);
    // Pages nothing changed for are taken from the last output, in every locale.
    let default_kept = inputs
        .filter(|_| staging.is_some())
        .map(|i| cache::PageCache::new(&default.site, i, &output, &default.content));
    if default_wanted {
        let kept = default_kept.as_ref().map(|k| k as &dyn KeptPages);
        counts = write(&default, sink, kept, &mut diags);
    }
    // The default locale's pages are written: their sources make room for the other locales'.
    drop((default.theme, default.content));
    let mut locale_kept = Vec::new();
    let highlighter = default.site.highlighter.clone();
    let mut failed = Vec::new();
    for code in locales {
        let locale_options = BuildOptions {
            locale: Some(code.clone()),
            ..options.clone()
        };
        match load(&locale_options, Some(highlighter.clone())) {
            Ok((loaded, locale_diags)) => {
                diags.extend(locale_diags);
                let folder = loaded
                    .site
                    .locale
                    .as_ref()
                    .map_or(code.clone(), |l| l.path.clone());
                let prefix = format!("{folder}/");
                let kept = default_kept.as_ref().zip(inputs).map(|(default, inputs)| {
                    default.for_locale(&loaded.site, inputs, &loaded.content, &prefix)
                });
                let sink = crate::output::Prefixed {
                    inner: sink,
                    prefix,
                };
                let as_kept = kept.as_ref().map(|k| k as &dyn KeptPages);
                let (pages, assets) = write(&loaded, &sink, as_kept, &mut diags);
                counts = (counts.0 + pages, counts.1 + assets);
                locale_kept.extend(kept);
            }
            Err(e) => failed.extend(e.diagnostics),
        }
    }
    diags.extend(failed);
    let kept_index = staging
        .as_ref()
        .zip(spool)
        .and_then(|(staging, spool)| write_search_index(&default.site, spool, staging, &mut diags));
    let warnings = finish(diags, &default.site)?;
    if let Some(staging) = staging {
        crate::output::check_replaceable(&output, options.force).map_err(BuildFailed::one)?;
        staging.commit().map_err(BuildFailed::one)?;
        if let Some(kept) = kept_index {
            kept.commit();
        }
    }
    let caches: Vec<cache::PageCache> = default_kept.into_iter().chain(locale_kept).collect();
    let kept_count = caches.iter().map(cache::PageCache::kept_count).sum();
    cache::PageCache::save(caches);
    let mut summary = summary(counts, output, warnings, started);
    summary.kept_pages = kept_count;
    Ok(summary)
}

/// The build's inputs taken again, when the loaded site reads sources outside the site folder
/// that `inputs` does not cover (the first build of such a site, or one whose docs moved). It
/// is taken before any page is rendered, so an edit made while the build runs is still seen
/// by the next one.
fn refreshed(
    options: &BuildOptions,
    inputs: &cache::Inputs,
    site: &Site,
    output: &Path,
) -> Option<cache::Inputs> {
    let outside = outside_sources(site);
    if outside == inputs.outside {
        return None;
    }
    cache::fingerprint(options, output, &outside).ok()
}

/// The folders and files outside the site folder the site is read from (a Docusaurus docs
/// folder at `../docs`), relative to it where they can be.
pub(crate) fn outside_sources(site: &Site) -> Vec<PathBuf> {
    let root = &site.paths.root;
    let Ok(real_root) = std::fs::canonicalize(root) else {
        return Vec::new();
    };
    let partials = site.partials.texts.values().map(|(shown, _)| shown.clone());
    let mut outside: Vec<PathBuf> = site
        .source_folders()
        .into_iter()
        .chain(partials)
        .filter(|path| {
            std::fs::canonicalize(root.join(path)).is_ok_and(|real| !real.starts_with(&real_root))
        })
        .map(|path| {
            path.strip_prefix(root)
                .map_or(path.clone(), Path::to_path_buf)
        })
        .collect();
    outside.sort();
    outside.dedup();
    // A partial inside an outside folder is walked with it.
    let folders = outside.clone();
    outside.retain(|path| !folders.iter().any(|f| f != path && path.starts_with(f)));
    outside
}

fn summary(
    (pages, assets): (usize, usize),
    output: PathBuf,
    warnings: Vec<Diagnostic>,
    started: Instant,
) -> BuildSummary {
    BuildSummary {
        pages,
        assets,
        output,
        warnings,
        elapsed: started.elapsed(),
        unchanged: false,
        kept_pages: 0,
        inputs: None,
    }
}

/// Loads the site and the outline of its content: every page's title and navigation entry,
/// and the bodies of blog posts (the other pages are rendered while they are written). Stops before the templates when anything so far
/// is an error under the site's policies; otherwise returns the warnings with the site.
pub(crate) fn load(
    options: &BuildOptions,
    highlighter: Option<Arc<Highlighter>>,
) -> Result<(Loaded, Vec<Diagnostic>), BuildFailed> {
    // A highlighter kept from an earlier load (`serve`'s rebuilds) has its blocks already.
    let fresh_highlighter = highlighter.is_none();
    let fail = |mut diags: Vec<Diagnostic>| {
        diagnostics::sort_and_dedup(&mut diags);
        BuildFailed { diagnostics: diags }
    };
    let (LoadedSite { site, theme, pages }, mut diags) =
        Site::load(options, highlighter).map_err(|d| fail(vec![d]))?;
    if fresh_highlighter && !options.no_cache {
        let highlighter = &site.highlighter;
        highlighter.add_cached_blocks(cache::load_blocks(&options.root, &highlighter.identity()));
    }
    let (content, content_diags) = content::render(&site, theme.as_ref(), pages);
    diags.extend(content_diags);
    site.config.apply_policies(&mut diags, options.strict);
    match theme {
        Some(theme) if !diags.iter().any(Diagnostic::is_error) => Ok((
            Loaded {
                site,
                theme,
                content,
            },
            diags,
        )),
        _ => Err(fail(diags)),
    }
}

/// Every page through the templates and every asset into `sink`: the one render path of
/// `build`, the first `serve` build and its full rebuilds. Returns the pages and files written.
pub(crate) fn write(
    loaded: &Loaded,
    sink: &dyn Sink,
    kept: Option<&dyn KeptPages>,
    diags: &mut Vec<Diagnostic>,
) -> (usize, usize) {
    let (pages, mermaid) = write_pages(loaded, sink, kept, diags);
    let (assets, asset_diags) = static_files::write(&loaded.site, mermaid, sink);
    diags.extend(asset_diags);
    (pages, assets)
}

/// Every page through the templates into `sink`, and the checks that wait for every page to
/// be rendered. Returns the pages written, and whether one draws a Mermaid diagram.
fn write_pages(
    loaded: &Loaded,
    sink: &dyn Sink,
    kept: Option<&dyn KeptPages>,
    diags: &mut Vec<Diagnostic>,
) -> (usize, bool) {
    let content = &loaded.content;
    let (site, theme) = (&loaded.site, &loaded.theme);
    let written = templates::render(site, theme, content, sink, Only::All, kept);
    diags.extend(written.diagnostics);
    let mermaid = content.kept_mermaid() || written.streamed.iter().any(|f| f.mermaid);
    diags.extend(content::check_streamed(content, written.streamed));
    (written.pages, mermaid)
}

/// Where what the search indexer reads of the pages is kept while they are written into
/// `staging`, when the site has search on.
fn spool(site: &Site, staging: &Staging) -> Option<crate::search::Spool> {
    site.config
        .search
        .then(|| crate::search::Spool::new(staging.folder()))
}

/// The search index of the pages written into `staging`, written beside them. Returns the
/// bundles to keep for the next build, which the caller commits once the output is in place
/// (see [`cache::KeptIndex`]).
fn write_search_index(
    site: &Site,
    spool: crate::search::Spool,
    staging: &Staging,
    diags: &mut Vec<Diagnostic>,
) -> Option<cache::KeptIndex> {
    site.options.progress.start(Stage::Search, 0);
    let kept = (!site.options.no_cache).then(|| cache::KeptIndex::new(&site.options.root));
    let earlier = kept.as_ref().map(|k| k as &dyn crate::search::KeptBundles);
    match crate::search::index_staged(spool, earlier, staging) {
        Ok(problems) => {
            diags.extend(problems);
            kept
        }
        Err(errors) => {
            diags.extend(errors);
            None
        }
    }
}

/// Applies the site's policies and `--strict`, sorts; `Err` when any diagnostic is an error.
pub(crate) fn finish(
    mut diags: Vec<Diagnostic>,
    site: &Site,
) -> Result<Vec<Diagnostic>, BuildFailed> {
    site.config.apply_policies(&mut diags, site.options.strict);
    diagnostics::sort_and_dedup(&mut diags);
    match diags.iter().any(Diagnostic::is_error) {
        true => Err(BuildFailed { diagnostics: diags }),
        false => Ok(diags),
    }
}

/// Stage durations on stderr when `DOCGEN_TIMINGS` is set, to see where a build spends time.
struct Timings {
    last: std::cell::Cell<Instant>,
    on: bool,
}

impl Timings {
    fn start() -> Timings {
        Timings {
            last: std::cell::Cell::new(Instant::now()),
            on: std::env::var_os("DOCGEN_TIMINGS").is_some(),
        }
    }

    fn mark(&self, stage: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "timing: {stage}: {:.0} ms{}",
                (now - self.last.get()).as_secs_f64() * 1000.0,
                resident_mib().map_or(String::new(), |m| format!(" (resident {m} MiB)"))
            );
            self.last.set(now);
        }
    }
}

/// The process's resident memory now, where the system tells it (Linux).
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

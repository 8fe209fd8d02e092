//! Full-text search: a Pagefind index of the built pages, made in-process.
//!
//! Pages that mark their article with `data-pagefind-body` (the theme's `page.html` does,
//! unless the page says `search: false`) are indexed; the others are skipped by Pagefind.
//! `docgen build` writes its pages through [`Indexed`], which appends to a [`Spool`] in the
//! staging folder the part Pagefind reads of each (the article without its code, the language
//! and the metadata; see `input`); [`index_staged`] then gives those to Pagefind in bundles of
//! a bounded size on a large site (see `shards`), two bundles at a time, and removes the spool.
//! [`index_pages`] indexes pages held in memory ([`SearchInput`]), for `serve`, where [`Refresher`] keeps the
//! index current in the background. Both return the bundle's files (under `pagefind/`) for
//! the caller's sink, so the index shares the build's all-or-nothing output. Pagefind splits
//! the index in chunks (a query downloads a few of them) and makes one index per
//! `<html lang>`, stemmed for that language.

mod input;
mod refresh;
mod shards;

use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::codes::Code;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;

use input::SpoolReader;
pub use input::{Indexed, SearchInput, Spool};
pub use refresh::{Refresher, Snapshot};
use shards::Bundle;

/// The folder of the index in the output, which the theme's `search.js` loads from.
pub const BUNDLE_DIR: &str = "pagefind";

/// Left out of the index inside an indexed article: code blocks (as Docusaurus' DocSearch
/// does: prose and headings name what the code does, and code is a third of a typical page's
/// words and of the index's cost), heading anchors' "#", and whatever an author marks with
/// the class `search-ignore` (Pagefind's own `data-pagefind-ignore` works too).
const IGNORED: &[&str] = &[".code-block", ".hash-link", ".search-ignore"];

/// Files of Pagefind's bundle the theme does not use (Pagefind's own UIs and playground).
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// The index's files: paths inside the output (`pagefind/…`) and contents.
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// One bundle's files as Pagefind names them (inside the bundle), and their contents.
pub type BundleFiles = Vec<(String, Vec<u8>)>;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("cannot start the search indexer: {0}")]
    Start(String),
    #[error("cannot index {page} for search: {reason}")]
    Page { page: String, reason: String },
    #[error("cannot build the search index: {0}")]
    Build(String),
}

impl SearchError {
    fn diagnostic(&self) -> Diagnostic {
        let file = match self {
            SearchError::Page { page, .. } => page.as_str(),
            _ => BUNDLE_DIR,
        };
        Diagnostic::error(file, self.to_string()).with_code(Code::Output)
    }
}

/// Indexes the pages [`Indexed`] appended to `spool`, and removes the spool's files; writes
/// the index's files to `out`. Returns the warnings (pages Pagefind could not read) and the
/// errors of files `out` refused.
/// With `kept`, a bundle whose pages gave the indexer the same input as in an earlier build is
/// taken from there, not indexed again.
pub fn index_staged(
    spool: Spool,
    kept: Option<&dyn KeptBundles>,
    out: &dyn Sink,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let (input, pages) = spool.finish();
    if pages.is_empty() {
        let files = index_pages(Vec::new(), None)?;
        return Ok(write_all(out, files));
    }
    let bundles = shards::plan(pages, shard_pages());
    let indexed = index_bundles(&bundles, &input, kept, out);
    match std::fs::remove_dir_all(&input) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            let message = format!("cannot remove the search indexer's input: {e}");
            Err(vec![
                Diagnostic::error(input, message).with_code(Code::Output),
            ])
        }
        _ => indexed,
    }
}

/// Pages of a language per bundle: [`shards::SHARD_PAGES`], or `DOCGEN_SEARCH_SHARD_PAGES`
/// (to try other sizes, and for tests to make bundles of a small site).
fn shard_pages() -> usize {
    std::env::var("DOCGEN_SEARCH_SHARD_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(shards::SHARD_PAGES)
}

/// Bundles of earlier builds, by [`BundleKey`]. Pagefind builds a bundle mostly on one core
/// and compresses every page's fragment at its strongest level, so indexing is most of a build
/// with search; after an edit, only the bundles whose pages changed are built again.
pub trait KeptBundles: Sync {
    /// The files of the bundle made from `key`'s input, if it was kept.
    fn get(&self, key: &BundleKey) -> Option<BundleFiles>;
    /// Keeps a bundle's files (named inside the bundle) for later builds.
    fn put(&self, key: &BundleKey, files: &BundleFiles);
}

/// A hash of everything a bundle is made from: its place, what docgen leaves out of pages, and
/// each page's path and searchable part.
pub type BundleKey = [u8; 32];

/// Bundles built at once. Pagefind parses the pages given to it one at a time and builds its
/// index on one core, so a bundle keeps one core busy: with two at a time both cores of a
/// small machine do. Memory then holds two bundles' pages, which [`shards::SHARD_PAGES`] is
/// sized for; more at once would cost more memory than a bigger machine saves in time.
const BUNDLES_AT_ONCE: usize = 2;

/// Builds the bundles, [`BUNDLES_AT_ONCE`] at a time, and writes each to `out` once built: only
/// those bundles' pages and files are in memory at once (the index of 100,000 pages is over
/// 500 MB). Returns the warnings (pages Pagefind could not read) and the files `out` refused,
/// in the bundles' order; after an error, no further bundle is started.
fn index_bundles(
    bundles: &[Bundle],
    spool: &Path,
    kept: Option<&dyn KeptBundles>,
    out: &dyn Sink,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let manifest = (
        format!("{BUNDLE_DIR}/{}", shards::MANIFEST),
        shards::manifest(shards::secondary(bundles)),
    );
    let mut warnings = write_all(out, [manifest]);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let n = next.fetch_add(1, Ordering::Relaxed);
            let Some(bundle) = bundles.get(n) else { break };
            let outcome = index_and_write(bundle, spool, kept, out);
            failed.fetch_or(outcome.is_err(), Ordering::Relaxed);
            done.push((n, outcome));
        }
        done
    };
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..BUNDLES_AT_ONCE.min(bundles.len()))
            .map(|_| scope.spawn(work))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    outcomes.sort_by_key(|(n, _)| *n);
    let mut first_error = None;
    for (_, outcome) in outcomes {
        match outcome {
            Ok(bundle_warnings) => warnings.extend(bundle_warnings),
            Err(errors) => {
                first_error.get_or_insert(errors);
            }
        }
    }
    match first_error {
        Some(errors) => Err(errors),
        None => Ok(warnings),
    }
}

/// A bundle written, with its warnings.
type Outcome = Result<Vec<Diagnostic>, Vec<Diagnostic>>;

/// Takes one bundle from `kept`, or builds it from `spool` (and keeps it there), and writes
/// its files.
fn index_and_write(
    bundle: &Bundle,
    spool: &Path,
    kept: Option<&dyn KeptBundles>,
    out: &dyn Sink,
) -> Outcome {
    let key = bundle_key(bundle);
    let earlier = kept.and_then(|kept| kept.get(&key));
    let fresh = earlier.is_none();
    let (built, read) = match earlier {
        Some(built) => (built, bundle.pages.len()),
        None => index_bundle(bundle, spool)?,
    };
    let mut warnings = Vec::new();
    if read < bundle.pages.len() {
        warnings.push(unread(bundle, read));
    } else if let Some(kept) = kept.filter(|_| fresh) {
        // Only whole bundles: a page the indexer could not read is tried again.
        kept.put(&key, &built);
    }
    warnings.extend(write_all(out, bundle_files(built, &bundle.dir)));
    Ok(warnings)
}

/// Writes `files` to `out`; returns what it refused.
fn write_all(
    out: &dyn Sink,
    files: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> Vec<Diagnostic> {
    files
        .into_iter()
        .filter_map(|(rel, bytes)| out.write(&rel, &bytes).err())
        .collect()
}

/// A [`BundleKey`]'s hasher, started with what every bundle's key holds: the kind of key, what
/// docgen leaves out of pages, and the bundle's folder inside `pagefind/`.
fn key_hasher(kind: &[u8], dir: &str) -> blake3::Hasher {
    let mut hasher = blake3::Hasher::new();
    hasher.update(kind).update(b"\0");
    for ignored in IGNORED {
        hasher.update(ignored.as_bytes()).update(b"\0");
    }
    hasher.update(dir.as_bytes()).update(b"\0");
    hasher
}

/// The [`BundleKey`] of a bundle: its pages' paths and the hashes of what the indexer reads of
/// them.
fn bundle_key(bundle: &Bundle) -> BundleKey {
    let mut hasher = key_hasher(b"docgen search bundle 2", &bundle.dir);
    for page in &bundle.pages {
        hasher.update(page.rel.as_bytes()).update(b"\0");
        hasher.update(&page.hash);
    }
    *hasher.finalize().as_bytes()
}

fn unread(bundle: &Bundle, read: usize) -> Diagnostic {
    let message = format!(
        "{} of {} pages could not be read by the search indexer and cannot be found by search",
        bundle.pages.len() - read,
        bundle.pages.len()
    );
    Diagnostic::warning(format!("{BUNDLE_DIR}/{}", bundle.dir), message).with_code(Code::Output)
}

/// Builds one bundle from the spool's folder; returns its files and how many of its pages
/// Pagefind read (those it could not read or parse are left out, and warned of).
fn index_bundle(bundle: &Bundle, spool: &Path) -> Result<(BundleFiles, usize), Vec<Diagnostic>> {
    let pages = &bundle.pages;
    with_index(move |mut index| async move {
        let mut reader = SpoolReader::new(spool);
        let mut read = 0;
        for page in pages {
            let Ok(part) = reader.read(page) else {
                continue;
            };
            let html = String::from_utf8_lossy(&part).into_owned();
            if index
                .add_html_file(Some(page.rel.clone()), None, html)
                .await
                .is_ok()
            {
                read += 1;
            }
        }
        (index, Ok(read))
    })
}

/// A bundle's files under `pagefind/<dir>`: the primary bundle without the ones the theme does
/// not use, a secondary one without Pagefind's scripts and WebAssembly (the primary's serve).
fn bundle_files(files: BundleFiles, dir: &str) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
    files.into_iter().filter_map(move |(name, contents)| {
        let unused = UNUSED.contains(&name.as_str()) || name.starts_with("playground/");
        let script = name.ends_with(".js") || name.ends_with(".css") || name.starts_with("wasm.");
        let keep = !unused && (dir.is_empty() || !script);
        keep.then(|| (format!("{BUNDLE_DIR}/{dir}{name}"), contents))
    })
}

/// Indexes pages held in memory, as [`SearchInput`] keeps them (`serve` renders its pages so),
/// in bundles of at most [`shard_pages`] pages of a language built one after another, as
/// [`index_staged`] does: Pagefind never holds more pages than that at once.
/// With `kept`, a bundle of the same pages as in an earlier index is taken from there.
pub fn index_pages(
    pages: Vec<(String, Vec<u8>)>,
    kept: Option<&dyn KeptBundles>,
) -> Result<IndexFiles, Vec<Diagnostic>> {
    index_pages_per(pages, shard_pages(), kept)
}

fn index_pages_per(
    pages: Vec<(String, Vec<u8>)>,
    per: usize,
    kept: Option<&dyn KeptBundles>,
) -> Result<IndexFiles, Vec<Diagnostic>> {
    let per = per.max(1);
    let mut by_language: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    for (rel, html) in pages {
        let language = input::page_language(&html);
        by_language.entry(language).or_default().push((rel, html));
    }
    let mut primary = Vec::new();
    let mut secondary = Vec::new();
    for (language, mut pages) in by_language {
        // In path order, so that a site's bundles are the same from one index to the next.
        pages.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rest = pages.split_off(per.min(pages.len()));
        primary.extend(pages);
        for n in 1.. {
            if rest.is_empty() {
                break;
            }
            let tail = rest.split_off(per.min(rest.len()));
            let dir = format!("shard-{language}-{n}/");
            secondary.push((language.clone(), dir, std::mem::replace(&mut rest, tail)));
        }
    }
    let manifest = shards::manifest(secondary.iter().map(|(l, d, _)| (l.as_str(), d.as_str())));
    let mut files = vec![(format!("{BUNDLE_DIR}/{}", shards::MANIFEST), manifest)];
    files.extend(bundle_files(index_or_keep("", primary, kept)?, ""));
    for (_, dir, pages) in secondary {
        files.extend(bundle_files(index_or_keep(&dir, pages, kept)?, &dir));
    }
    Ok(files)
}

/// One bundle of pages held in memory (`dir` inside `pagefind/`), taken from `kept` when the
/// same pages made it before.
fn index_or_keep(
    dir: &str,
    pages: Vec<(String, Vec<u8>)>,
    kept: Option<&dyn KeptBundles>,
) -> Result<BundleFiles, Vec<Diagnostic>> {
    let Some(kept) = kept else {
        return index_in_memory(pages);
    };
    let key = memory_key(dir, &pages);
    if let Some(files) = kept.get(&key) {
        return Ok(files);
    }
    let files = index_in_memory(pages)?;
    kept.put(&key, &files);
    Ok(files)
}

/// The [`BundleKey`] of a bundle of pages held in memory.
fn memory_key(dir: &str, pages: &[(String, Vec<u8>)]) -> BundleKey {
    let mut hasher = key_hasher(b"docgen search bundle in memory 1", dir);
    for (rel, html) in pages {
        hasher.update(rel.as_bytes()).update(b"\0");
        hasher.update(&(html.len() as u64).to_le_bytes());
        hasher.update(html);
    }
    *hasher.finalize().as_bytes()
}

/// One bundle of pages held in memory.
fn index_in_memory(pages: Vec<(String, Vec<u8>)>) -> Result<BundleFiles, Vec<Diagnostic>> {
    let (built, ()) = with_index(move |mut index| async move {
        let mut errors = Vec::new();
        for (rel, html) in pages {
            let html = String::from_utf8_lossy(&html).into_owned();
            if let Err(e) = index.add_html_file(Some(rel.clone()), None, html).await {
                errors.push(SearchError::Page {
                    page: rel,
                    reason: e.to_string(),
                });
            }
        }
        let result = if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        };
        (index, result)
    })?;
    Ok(built)
}

/// Runs `add` on a fresh index (Pagefind's API is async: on a runtime of its own), then
/// builds the index and returns its files (named inside the bundle) and what `add` returned.
fn with_index<T, F, Fut>(add: F) -> Result<(BundleFiles, T), Vec<Diagnostic>>
where
    F: FnOnce(PagefindIndex) -> Fut,
    Fut: Future<Output = (PagefindIndex, Result<T, Vec<SearchError>>)>,
{
    let report = |errors: Vec<SearchError>| -> Vec<Diagnostic> {
        errors.iter().map(SearchError::diagnostic).collect()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| report(vec![SearchError::Start(e.to_string())]))?;
    let timing = std::env::var_os("DOCGEN_TIMINGS").is_some();
    let started = Instant::now();
    let built = runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .exclude_selectors(IGNORED.iter().map(|s| s.to_string()).collect())
            .build();
        let index = PagefindIndex::new(Some(config))
            .map_err(|e| vec![SearchError::Start(e.to_string())])?;
        let (mut index, added) = add(index).await;
        let added = added?;
        if timing {
            eprintln!("timing: search: pages read {:.0} ms", ms(started));
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| vec![SearchError::Build(e.to_string())])?;
        Ok((files, added))
    });
    if timing {
        eprintln!("timing: search: index built {:.0} ms", ms(started));
    }
    let (files, added) = built.map_err(report)?;
    let files = files
        .into_iter()
        .map(|file| {
            (
                file.filename.to_string_lossy().replace('\\', "/"),
                file.contents,
            )
        })
        .collect();
    Ok((files, added))
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, word: &str) -> Vec<u8> {
        format!(
            "<html lang=\"{lang}\"><head></head><body><article data-pagefind-body><h1>{word}</h1><p>{word} teks</p></article></body></html>"
        )
        .into_bytes()
    }

    /// `serve`'s index of pages held in memory is cut in bundles as the build's is.
    #[test]
    fn pages_in_memory_are_indexed_in_bundles_of_a_language_each() {
        let input = SearchInput::default();
        for (i, word) in ["satu", "dua", "tiga", "empat", "lima"].iter().enumerate() {
            input.add(&format!("id/{i}/index.html"), &page("id", word));
        }
        input.add("en/index.html", &page("en", "one"));
        let files = index_pages_per(input.take(), 2, None).unwrap_or_else(|d| panic!("{d:?}"));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let manifest = files
            .iter()
            .find(|(n, _)| n.ends_with(shards::MANIFEST))
            .map(|(_, b)| serde_json::from_slice::<serde_json::Value>(b).expect("json"))
            .expect("a manifest");
        assert_eq!(
            manifest,
            serde_json::json!({"id": ["shard-id-1/", "shard-id-2/"]}),
            "five pages of `id`, two a bundle; one of `en`"
        );
        for bundle in ["pagefind/shard-id-1/", "pagefind/shard-id-2/"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(bundle) && n.ends_with(".pf_meta")),
                "{bundle}: {names:?}"
            );
        }
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("pagefind/shard-") && n.ends_with(".js")),
            "the scripts are the primary bundle's only"
        );
    }
}

//! Full-text search: a Pagefind index of the built pages, made in-process.
//!
//! Pages that mark their article with `data-pagefind-body` (the theme's `page.html` does,
//! unless the page says `search: false`) are indexed; the others are skipped by Pagefind.
//! `docgen build` writes its pages through [`Indexed`], which keeps beside each page, inside
//! the staging folder, the part Pagefind reads (the article without its code, the language
//! and the metadata; see `input`); [`index_staged`] then lets Pagefind parse those in
//! parallel, in bundles of a bounded size on a large site (see `shards`), and removes them.
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
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Instant;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::codes::Code;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;

pub use input::{Indexed, SearchInput};
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

/// Indexes the pages [`Indexed`] kept in the staging folder `staged`, and removes them; writes
/// the index's files to `out`. Returns the warnings (pages Pagefind could not read) and the
/// errors of files `out` refused.
/// With `kept`, a bundle whose pages gave the indexer the same input as in an earlier build is
/// taken from there, not indexed again.
pub fn index_staged(
    staged: &Path,
    kept: Option<&dyn KeptBundles>,
    out: &dyn Sink,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let input = staged.join(input::INPUT_DIR);
    if !input.is_dir() {
        let files = index_pages(Vec::new(), None)?;
        return Ok(write_all(out, files));
    }
    let indexed = shards::plan(&input, shard_pages())
        .map_err(|e| vec![e])
        .and_then(|bundles| index_bundles(bundles, kept, out));
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
pub trait KeptBundles {
    /// The files of the bundle made from `key`'s input, if it was kept.
    fn get(&self, key: &BundleKey) -> Option<BundleFiles>;
    /// Keeps a bundle's files (named inside the bundle) for later builds.
    fn put(&self, key: &BundleKey, files: &BundleFiles);
}

/// A hash of everything a bundle is made from: its place, what docgen leaves out of pages, and
/// each page's path and searchable part.
pub type BundleKey = [u8; 32];

/// Builds the bundles one after another and writes each to `out` once built: one bundle's
/// pages and files in memory at a time (the index of 100,000 pages is over 500 MB). Returns
/// the warnings (pages Pagefind could not read) and the files `out` refused.
fn index_bundles(
    bundles: Vec<Bundle>,
    kept: Option<&dyn KeptBundles>,
    out: &dyn Sink,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let manifest = (
        format!("{BUNDLE_DIR}/{}", shards::MANIFEST),
        shards::manifest(&bundles),
    );
    let mut warnings = write_all(out, [manifest]);
    let mut removals = Vec::new();
    let mut failed = None;
    for bundle in &bundles {
        let key = kept.and_then(|_| bundle_key(bundle));
        let earlier = kept.zip(key.as_ref()).and_then(|(kept, key)| kept.get(key));
        let fresh = earlier.is_none();
        let built = match earlier {
            Some(built) => Ok((built, bundle.pages, remove_folders(bundle.inputs.clone()))),
            None => index_bundle(bundle),
        };
        match built {
            Ok((built, read, removal)) => {
                removals.push(removal);
                if read < bundle.pages {
                    warnings.push(unread(bundle, read));
                } else if let Some((kept, key)) = kept.zip(key.as_ref()).filter(|_| fresh) {
                    // Only whole bundles: a page the indexer could not read is tried again.
                    kept.put(key, &built);
                }
                warnings.extend(write_all(out, bundle_files(built, &bundle.dir)));
            }
            Err(errors) => {
                failed = Some(errors);
                break;
            }
        }
    }
    for removal in removals {
        let _ = removal.join();
    }
    match failed {
        Some(errors) => Err(errors),
        None => Ok(warnings),
    }
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

/// The [`BundleKey`] of a bundle; `None` when a page cannot be read (the bundle is then built).
fn bundle_key(bundle: &Bundle) -> Option<BundleKey> {
    let mut hasher = key_hasher(b"docgen search bundle 1", &bundle.dir);
    for folder in &bundle.inputs {
        // The folder's name is the language (`pages/id`) or the bundle's number (`shards/id/1`).
        let name = folder.file_name()?.to_string_lossy();
        hasher.update(name.as_bytes()).update(b"\0");
        for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
            let entry = entry.ok()?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(folder).ok()?.to_string_lossy();
            let contents = std::fs::read(entry.path()).ok()?;
            hasher.update(rel.as_bytes()).update(b"\0");
            hasher.update(&(contents.len() as u64).to_le_bytes());
            hasher.update(&contents);
        }
    }
    Some(*hasher.finalize().as_bytes())
}

fn unread(bundle: &Bundle, read: usize) -> Diagnostic {
    let message = format!(
        "{} of {} pages could not be read by the search indexer and cannot be found by search",
        bundle.pages - read,
        bundle.pages
    );
    Diagnostic::warning(format!("{BUNDLE_DIR}/{}", bundle.dir), message).with_code(Code::Output)
}

type Built = (BundleFiles, usize, JoinHandle<()>);

/// Builds one bundle from its folders; returns its files, the pages read, and the removal
/// of its folders, started as soon as Pagefind has read them.
fn index_bundle(bundle: &Bundle) -> Result<Built, Vec<Diagnostic>> {
    let inputs: Vec<PathBuf> = bundle.inputs.clone();
    let (files, (read, removal)) = with_index(move |mut index| async move {
        let mut read = 0;
        for folder in &inputs {
            let folder = folder.to_string_lossy().into_owned();
            match index.add_directory(folder, Some("**/*.html".into())).await {
                Ok(pages) => read += pages,
                Err(e) => return (index, Err(vec![SearchError::Build(e.to_string())])),
            }
        }
        // Pagefind has read every file: they are removed while it builds the index, which
        // keeps one core busy (unlinking ten thousand files takes seconds on a virtual disk).
        (index, Ok((read, remove_folders(inputs))))
    })?;
    Ok((files, read, removal))
}

/// Removes a bundle's input folders in the background. What is left when the build ends is
/// removed with the whole input folder.
fn remove_folders(inputs: Vec<PathBuf>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for folder in inputs {
            let _ = std::fs::remove_dir_all(folder);
        }
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
            let bundle = Bundle {
                dir: format!("shard-{language}-{n}/"),
                language: Some(language.clone()),
                inputs: Vec::new(),
                pages: rest.len(),
            };
            secondary.push((bundle, std::mem::replace(&mut rest, tail)));
        }
    }
    let bundles: Vec<&Bundle> = secondary.iter().map(|(b, _)| b).collect();
    let manifest = shards::manifest(bundles.iter().copied());
    let mut files = vec![(format!("{BUNDLE_DIR}/{}", shards::MANIFEST), manifest)];
    files.extend(bundle_files(index_or_keep("", primary, kept)?, ""));
    for (bundle, pages) in secondary {
        files.extend(bundle_files(
            index_or_keep(&bundle.dir, pages, kept)?,
            &bundle.dir,
        ));
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

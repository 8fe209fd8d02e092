//! Full-text search: a Pagefind index of the built pages, made in-process.
//!
//! Pages that mark their article with `data-pagefind-body` (the theme's `page.html` does,
//! unless the page says `search: false`) are indexed; the others are skipped by Pagefind.
//! `docgen build` writes its pages through [`Indexed`], which keeps beside each page, inside
//! the staging folder, the part Pagefind reads ([`searchable_part`]: the article without its
//! code, the language and the metadata); [`index_staged`] then lets Pagefind parse those in
//! parallel and removes them. [`index_files`] indexes pages held in memory, for `serve`, where
//! [`Refresher`] keeps the index current in the background. Both return the bundle's files
//! (under `pagefind/`) for the caller's sink, so the index shares the build's all-or-nothing
//! output. Pagefind splits the index in chunks (a query downloads a few of them) and makes one
//! index per `<html lang>`, stemmed for that language.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::time::{Duration, Instant};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::codes::Code;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;

/// The folder of the index in the output, which the theme's `search.js` loads from.
pub const BUNDLE_DIR: &str = "pagefind";

/// The attribute that marks what of a page is indexed.
const BODY_MARK: &[u8] = b"data-pagefind-body";

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

/// The folder, inside the staging folder, of the pages as [`Indexed`] keeps them for the
/// indexer; [`index_staged`] removes it before the staging folder can be committed.
const INPUT_DIR: &str = ".search-input";

/// A sink that writes every page to `inner` and keeps, under [`INPUT_DIR`] in the same sink,
/// what of it the indexer reads. Parsing a tenth of the page (no sidebar, no highlighted code)
/// took Pagefind's reading of a 10,000-page site from 10 s to a few.
pub struct Indexed<'a> {
    pub inner: &'a dyn Sink,
    /// Off when the site has no search: the sink is then `inner` alone.
    pub keep: bool,
}

impl Sink for Indexed<'_> {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.inner.write(rel, contents)?;
        if !self.keep || !is_searchable(rel, contents) {
            return Ok(());
        }
        self.inner
            .write(&format!("{INPUT_DIR}/{rel}"), &searchable_part(contents))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }
}

/// Indexes the pages [`Indexed`] kept in the staging folder `staged`, and removes them.
pub fn index_staged(staged: &Path) -> Result<IndexFiles, Vec<Diagnostic>> {
    let input = staged.join(INPUT_DIR);
    if !input.is_dir() {
        return index_files(std::iter::empty());
    }
    let (removed, removal) = channel();
    let folder = input.to_string_lossy().into_owned();
    let read_input = input.clone();
    let result = with_index(move |mut index| async move {
        let added = index
            .add_directory(folder, Some("**/*.html".into()))
            .await
            .map(|_| ())
            .map_err(|e| vec![SearchError::Build(e.to_string())]);
        // Pagefind has read every file: they are removed while it builds the index, which
        // keeps one core busy (unlinking ten thousand files takes seconds on a virtual disk).
        std::thread::spawn(move || removed.send(std::fs::remove_dir_all(&read_input)));
        (index, added)
    });
    // No answer: the indexer failed before reading, and the files are removed here.
    let removed = removal
        .recv()
        .unwrap_or_else(|_| std::fs::remove_dir_all(&input));
    match removed {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            let message = format!("cannot remove the search indexer's input: {e}");
            Err(vec![
                Diagnostic::error(input, message).with_code(Code::Output),
            ])
        }
        _ => result,
    }
}

/// Indexes rendered files held in memory (`serve` keeps its site there).
pub fn index_files<'f>(
    files: impl Iterator<Item = (&'f str, &'f [u8])>,
) -> Result<IndexFiles, Vec<Diagnostic>> {
    let pages: Vec<(String, Vec<u8>)> = files
        .filter(|(rel, bytes)| is_searchable(rel, bytes))
        .map(|(rel, bytes)| (rel.to_string(), searchable_part(bytes)))
        .collect();
    with_index(move |mut index| async move {
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
    })
}

/// Runs `add` on a fresh index (Pagefind's API is async: on a runtime of its own), then
/// builds the index and returns its files, without the ones the theme does not use.
fn with_index<F, Fut>(add: F) -> Result<IndexFiles, Vec<Diagnostic>>
where
    F: FnOnce(PagefindIndex) -> Fut,
    Fut: Future<Output = (PagefindIndex, Result<(), Vec<SearchError>>)>,
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
        added?;
        if timing {
            eprintln!("timing: search: pages read {:.0} ms", ms(started));
        }
        index
            .get_files()
            .await
            .map_err(|e| vec![SearchError::Build(e.to_string())])
    });
    if timing {
        eprintln!("timing: search: index built {:.0} ms", ms(started));
    }
    let files = built.map_err(report)?;
    Ok(files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let unused = UNUSED.contains(&name.as_str()) || name.starts_with("playground/");
            (!unused).then(|| (format!("{BUNDLE_DIR}/{name}"), file.contents))
        })
        .collect())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn is_searchable(rel: &str, contents: &[u8]) -> bool {
    rel.ends_with(".html") && find(contents, BODY_MARK).is_some()
}

/// What Pagefind needs of a page: its `<html>` tag (the language), the
/// metadata tags and the marked article, sparing it the sidebar and header around them. A page
/// whose marked element is not an `<article>` is sent whole.
fn searchable_part(page: &[u8]) -> Vec<u8> {
    let Some(part) = marked_article(page) else {
        return page.to_vec();
    };
    let html_tag = find(page, b"<html")
        .and_then(|start| Some(&page[start..start + find(&page[start..], b">")? + 1]))
        .unwrap_or(b"<html>");
    let mut slim = Vec::with_capacity(part.len() + 512);
    slim.extend_from_slice(html_tag);
    slim.extend_from_slice(b"<head>");
    let head_end = find(page, b"</head>").unwrap_or(0);
    let mut rest = &page[..head_end];
    while let Some(start) = find(rest, b"<meta ") {
        let end = find(&rest[start..], b">").map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        if find(tag, b"data-pagefind-meta").is_some() {
            slim.extend_from_slice(tag);
        }
        rest = &rest[end..];
    }
    slim.extend_from_slice(b"</head><body>");
    push_without_code(&mut slim, part);
    slim.extend_from_slice(b"</body></html>");
    slim
}

/// Code blocks are not indexed (see `IGNORED`); cutting them out here, as the highlighter
/// wrote them, spares Pagefind's parser their thousands of spans.
fn push_without_code(out: &mut Vec<u8>, mut html: &[u8]) {
    const OPEN: &[u8] = b"<div class=\"code-block\"";
    const CLOSE: &[u8] = b"</code></pre></div>";
    while let Some(start) = find(html, OPEN) {
        let Some(len) = find(&html[start..], CLOSE) else {
            break;
        };
        out.extend_from_slice(&html[..start]);
        html = &html[start + len + CLOSE.len()..];
    }
    out.extend_from_slice(html);
}

/// `<article … data-pagefind-body …>` to the last `</article>`.
fn marked_article(page: &[u8]) -> Option<&[u8]> {
    let mark = find(page, BODY_MARK)?;
    let start = memchr::memmem::rfind(&page[..mark], b"<article")?;
    if find(&page[start..mark], b">").is_some() {
        return None;
    }
    let end = memchr::memmem::rfind(page, b"</article>")? + 10;
    (end > mark).then(|| &page[start..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// How long the site must stay unchanged before `serve` rebuilds the index: typing does not
/// start a rebuild per keystroke.
pub const REFRESH_DELAY: Duration = Duration::from_millis(1500);

/// The served site's pages, taken when a refresh starts.
pub type Snapshot = Vec<(String, Arc<[u8]>)>;

enum Wake {
    /// The site changed.
    Changed,
    /// A reader asked for the index.
    Wanted,
}

/// Keeps `serve`'s index current in a background thread. Nothing is indexed until a reader
/// first opens the search box ([`Refresher::want`]): a preview where nobody searches costs
/// nothing. From then on, the index is rebuilt after [`Refresher::poke`] once nothing changed
/// for [`REFRESH_DELAY`]. `snapshot` gives the pages, `publish` swaps the new index in. It runs
/// on a one-thread pool of its own, so the rendering of the next edit never queues behind it.
pub struct Refresher {
    wakes: Sender<Wake>,
}

impl Refresher {
    pub fn start(
        snapshot: impl Fn() -> Snapshot + Send + 'static,
        publish: impl Fn(Result<IndexFiles, Vec<Diagnostic>>) + Send + 'static,
    ) -> std::io::Result<Refresher> {
        let (wakes, woken) = channel::<Wake>();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "docgen-search-index".into())
            .build()
            .map_err(std::io::Error::other)?;
        std::thread::Builder::new()
            .name("docgen-search-refresh".into())
            .spawn(move || {
                let (mut wanted, mut stale) = (false, true);
                loop {
                    if wanted && stale {
                        let pages = snapshot();
                        let pages = pages.iter().map(|(rel, bytes)| (rel.as_str(), &**bytes));
                        publish(pool.install(|| index_files(pages)));
                        stale = false;
                    }
                    match woken.recv() {
                        Err(_) => return,
                        Ok(Wake::Wanted) => wanted = true,
                        Ok(Wake::Changed) => {
                            stale = true;
                            // Edits come in bursts: wait until none came for a while (readers
                            // asking for the index meanwhile do not prolong the wait).
                            let mut quiet_from = Instant::now();
                            while let Some(left) = REFRESH_DELAY.checked_sub(quiet_from.elapsed()) {
                                match woken.recv_timeout(left) {
                                    Ok(Wake::Changed) => quiet_from = Instant::now(),
                                    Ok(Wake::Wanted) => wanted = true,
                                    Err(_) => break,
                                }
                            }
                        }
                    }
                }
            })?;
        Ok(Refresher { wakes })
    }

    /// The site changed: rebuild the index once it stays unchanged for a moment.
    pub fn poke(&self) {
        let _ = self.wakes.send(Wake::Changed);
    }

    /// A reader wants to search: build the index if it is not built yet.
    pub fn want(&self) {
        let _ = self.wakes.send(Wake::Wanted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indexed_sink_keeps_the_searchable_part_of_marked_pages_only() {
        let page = br#"<html lang="id"><head></head><body><nav>Menu</nav><article data-pagefind-body><p>Isi.</p></article></body></html>"#;
        let unmarked = b"<html><body><p>Tanpa tanda</p></body></html>";
        let collect = crate::output::Collect::default();
        let indexed = Indexed {
            inner: &collect,
            keep: true,
        };
        indexed.write("a/index.html", page).expect("write");
        indexed.write("b/index.html", unmarked).expect("write");
        indexed.write("c/style.css", b"p{}").expect("write");
        let files: std::collections::BTreeMap<String, Vec<u8>> =
            collect.take().into_iter().collect();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                ".search-input/a/index.html",
                "a/index.html",
                "b/index.html",
                "c/style.css"
            ]
        );
        assert_eq!(files["a/index.html"], page.to_vec());
        let kept = String::from_utf8_lossy(&files[".search-input/a/index.html"]).into_owned();
        assert!(
            kept.contains("<p>Isi.</p>") && !kept.contains("Menu"),
            "{kept}"
        );

        let off = crate::output::Collect::default();
        let plain = Indexed {
            inner: &off,
            keep: false,
        };
        plain.write("a/index.html", page).expect("write");
        assert_eq!(off.take().len(), 1);
    }

    #[test]
    fn the_searchable_part_keeps_language_metadata_and_article_but_not_code() {
        let page = br#"<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta name="description" content="Ringkas" data-pagefind-meta="description[content]"></head><body><nav class="sidebar">Menu samping</nav><article class="doc" data-pagefind-body><h1>Judul</h1><p>Isi.</p><div class="code-block" data-lang="sh"><pre class="hl-code"><code><span class="line">echo rahasia
</span></code></pre></div><p>Sesudah kode.</p></article><footer>Kaki</footer></body></html>"#;
        let slim = String::from_utf8(searchable_part(page)).expect("utf-8");
        assert!(
            slim.starts_with(r#"<html lang="id"><head><meta name="description""#),
            "{slim}"
        );
        assert!(
            slim.contains("<h1>Judul</h1><p>Isi.</p><p>Sesudah kode.</p></article>"),
            "{slim}"
        );
        for gone in ["Menu samping", "echo rahasia", "Kaki", "charset"] {
            assert!(!slim.contains(gone), "{gone} in {slim}");
        }
        // Without a marked article the page goes whole.
        let other = b"<html><body><main data-pagefind-body>x</main></body></html>";
        assert_eq!(searchable_part(other), other.to_vec());
    }
}

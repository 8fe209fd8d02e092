//! Full-text search: a Pagefind index of the pages, made in-process while they are written.
//!
//! [`Indexing`] is a [`Sink`] in front of the real one: every page that marks its article with
//! `data-pagefind-body` (the theme's `page.html` does, unless the page says `search: false`)
//! is passed on unchanged and also handed to an indexer thread. [`Indexing::finish`] builds the
//! index and returns its files (under `pagefind/`), which the build writes into the same sink:
//! they share its all-or-nothing output. Pagefind splits the index in chunks (a query downloads a few
//! of them) and makes one index per `<html lang>`, stemmed for that language.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::codes::Code;
use crate::diagnostics::Diagnostic;
use crate::output::{Discard, Sink};

/// The folder of the index in the output, which the theme's `search.js` loads from.
pub const BUNDLE_DIR: &str = "pagefind";

/// The attribute that marks what of a page is indexed.
const BODY_MARK: &[u8] = b"data-pagefind-body";

/// Left out of the index inside an indexed article: code blocks (as Docusaurus' DocSearch
/// does: prose and headings name what the code does, and code is a third of a typical page's
/// words and of the index's cost), heading anchors' "#", and whatever an author marks with
/// the class `search-ignore` (Pagefind's own `data-pagefind-ignore` works too).
const IGNORED: &[&str] = &[".code-block", ".hash-link", ".search-ignore"];

/// Pages waiting for the indexer; a bound keeps memory flat when the indexer falls behind.
const QUEUE: usize = 64;

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

/// What the indexer thread was sent: a page, or the request to build and hand back the files.
type Page = (String, Vec<u8>);
type BuiltFiles = Result<Vec<(String, Vec<u8>)>, Vec<SearchError>>;

/// A sink that also feeds every searchable page to the search index.
pub struct Indexing<'a> {
    inner: &'a dyn Sink,
    queue: Mutex<Option<SyncSender<Page>>>,
    indexer: JoinHandle<BuiltFiles>,
}

impl<'a> Indexing<'a> {
    /// Starts the indexer in front of `inner`.
    pub fn start(inner: &'a dyn Sink) -> Result<Indexing<'a>, Diagnostic> {
        let (sender, receiver) = sync_channel::<Page>(QUEUE);
        let indexer = std::thread::Builder::new()
            .name("docgen-search".into())
            .spawn(move || index_pages(receiver))
            .map_err(|e| SearchError::Start(e.to_string()).diagnostic())?;
        Ok(Indexing {
            inner,
            queue: Mutex::new(Some(sender)),
            indexer,
        })
    }

    /// Builds the index from every page written so far: its files, paths inside the output
    /// (`pagefind/…`), for the caller to write.
    pub fn finish(self) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
        // Closing the queue tells the indexer that every page is in.
        drop(self.queue.lock().unwrap_or_else(|e| e.into_inner()).take());
        let files = self
            .indexer
            .join()
            .map_err(|_| vec![SearchError::Build("the indexer stopped".into()).diagnostic()])?
            .map_err(|errors| {
                errors
                    .iter()
                    .map(SearchError::diagnostic)
                    .collect::<Vec<_>>()
            })?;
        Ok(files
            .into_iter()
            .map(|(name, bytes)| (format!("{BUNDLE_DIR}/{name}"), bytes))
            .collect())
    }
}

/// The index of already rendered files (`serve` keeps them in memory): the same as a build's.
pub fn index_files<'f>(
    files: impl Iterator<Item = (&'f str, &'f [u8])>,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let indexing = Indexing::start(&Discard).map_err(|d| vec![d])?;
    for (rel, bytes) in files {
        indexing.write(rel, bytes).map_err(|d| vec![d])?;
    }
    indexing.finish()
}

impl Sink for Indexing<'_> {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.inner.write(rel, contents)?;
        if is_searchable(rel, contents) {
            let sender = self.queue.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if let Some(sender) = sender {
                // The indexer only hangs up after a failure it reports itself.
                let _ = sender.send((rel.to_string(), searchable_part(contents)));
            }
        }
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }
}

fn is_searchable(rel: &str, contents: &[u8]) -> bool {
    rel.ends_with(".html") && contents.windows(BODY_MARK.len()).any(|w| w == BODY_MARK)
}

/// What Pagefind needs of a page: its `<html>` tag (the language), the metadata tags and the
/// marked article. Parsing only that, not the sidebar and header around it, is most of the
/// indexing time saved. A page whose marked element is not an `<article>` is sent whole.
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
    let start = page[..mark].windows(8).rposition(|w| w == b"<article")?;
    if find(&page[start..mark], b">").is_some() {
        return None;
    }
    let end = page.windows(10).rposition(|w| w == b"</article>")? + 10;
    (end > mark).then(|| &page[start..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The indexer thread: pages in until the queue closes, then the built index's files out.
fn index_pages(pages: Receiver<Page>) -> BuiltFiles {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| vec![SearchError::Start(e.to_string())])?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .exclude_selectors(IGNORED.iter().map(|s| s.to_string()).collect())
            .build();
        let mut index = PagefindIndex::new(Some(config))
            .map_err(|e| vec![SearchError::Start(e.to_string())])?;
        let mut errors = Vec::new();
        let timing = std::env::var_os("DOCGEN_TIMINGS").is_some();
        let mut busy = Duration::ZERO;
        while let Ok((rel, html)) = pages.recv() {
            let started = std::time::Instant::now();
            let html = String::from_utf8_lossy(&html).into_owned();
            if let Err(e) = index.add_html_file(Some(rel.clone()), None, html).await {
                errors.push(SearchError::Page {
                    page: rel,
                    reason: e.to_string(),
                });
            }
            busy += started.elapsed();
        }
        let started = std::time::Instant::now();
        if !errors.is_empty() {
            return Err(errors);
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| vec![SearchError::Build(e.to_string())])?;
        if timing {
            eprintln!(
                "timing: search: pages {:.0} ms, index {:.0} ms",
                busy.as_secs_f64() * 1000.0,
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        Ok(files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                let unused = UNUSED.contains(&name.as_str()) || name.starts_with("playground/");
                (!unused).then_some((name, file.contents))
            })
            .collect())
    })
}

/// How long the site must stay unchanged before `serve` rebuilds the index: typing does not
/// start a rebuild per keystroke.
pub const REFRESH_DELAY: Duration = Duration::from_millis(1500);

/// The served site's pages, taken when a refresh starts.
pub type Snapshot = Vec<(String, Arc<[u8]>)>;

/// Keeps `serve`'s index current in a background thread: built once at the start, then again
/// after [`Refresher::poke`] once nothing changed for [`REFRESH_DELAY`]. `snapshot` gives the
/// pages, `publish` swaps the new index in. Neither the start nor an edit waits for it.
pub struct Refresher {
    pokes: Sender<()>,
}

impl Refresher {
    pub fn start(
        snapshot: impl Fn() -> Snapshot + Send + 'static,
        publish: impl Fn(Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>>) + Send + 'static,
    ) -> std::io::Result<Refresher> {
        let (pokes, poked) = channel::<()>();
        std::thread::Builder::new()
            .name("docgen-search-refresh".into())
            .spawn(move || {
                // The first index is built at once; later ones wait for the edits to settle.
                loop {
                    let pages = snapshot();
                    let pages = pages.iter().map(|(rel, bytes)| (rel.as_str(), &**bytes));
                    publish(index_files(pages));
                    if poked.recv().is_err() {
                        return;
                    }
                    while poked.recv_timeout(REFRESH_DELAY).is_ok() {}
                }
            })?;
        Ok(Refresher { pokes })
    }

    /// The site changed: rebuild the index once it stays unchanged for a moment.
    pub fn poke(&self) {
        let _ = self.pokes.send(());
    }
}

//! What `serve` serves: the files the live site holds, in a map from output path to bytes, and
//! its pages, rendered when they are asked for and kept a while. A request can only ever reach
//! a key of that map or a page of the site, so no request path can escape it.
//!
//! Two kinds of work go over every page, in the background and a part at a time, so that an
//! edit waits for one part at most: the check, which renders each page once for the problems
//! `docgen build` would report (started with the server and after each full rebuild), and the
//! search index, built when a reader first searches (see [`search::Refresher`]).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::incremental::LiveSite;
use crate::search;

/// Rendered pages kept for the next request at most; past that, the oldest go.
const KEPT_PAGES: usize = 256;

/// Pages rendered in one part of the background work: an edit waits for one part at most
/// (a few milliseconds a page).
const PART: usize = 8;

/// How long the first search request waits for the index (a 10,000-page site takes ~30 s).
const SEARCH_WAIT: Duration = Duration::from_secs(120);

/// The served site.
#[derive(Default)]
pub(crate) struct Served {
    /// The files the live site holds (and the search index): output path → contents.
    files: RwLock<HashMap<String, Arc<[u8]>>>,
    /// The site as last loaded; `None` while it does not load. The background work takes it
    /// again right after each part, so its lock must let a waiting edit in first: `std`'s does
    /// not promise that (an edit waited for a whole check), `parking_lot`'s is task-fair.
    live: parking_lot::RwLock<Option<LiveSite>>,
    /// Pages rendered lately. Forgotten whenever the site changes.
    pages: Mutex<KeptPages>,
    /// Problems of the last failed rebuild or check, shown as an overlay until fixed.
    errors: RwLock<Option<String>>,
    events: Option<broadcast::Sender<String>>,
    /// The background search indexer, when the site has search on.
    search: OnceLock<search::Refresher>,
    /// A search index has been published (requests for its files need not wait any more).
    search_ready: AtomicBool,
    /// Asks the background check to go over the site again.
    checks: OnceLock<Sender<()>>,
}

#[derive(Default)]
struct KeptPages {
    by_key: HashMap<String, Arc<[u8]>>,
    order: VecDeque<String>,
}

/// What a request found.
pub(crate) enum Found {
    /// A file or page, under its output path.
    File(String, Arc<[u8]>),
    /// A page that could not be rendered, with why.
    Broken(String),
}

impl Served {
    pub fn new() -> Served {
        let (tx, _) = broadcast::channel(64);
        Served {
            events: Some(tx),
            ..Served::default()
        }
    }

    /// A held file, as it is in the map.
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        read(&self.files).get(path).cloned()
    }

    /// What the request for output path `key` (or `key/index.html`) gets: a held file, or a
    /// page rendered now (or lately).
    pub fn find(&self, key: &str) -> Option<Found> {
        let dir = format!("{key}/index.html");
        for key in [key, dir.as_str()] {
            if let Some(bytes) = self.get(key) {
                return Some(Found::File(key.to_string(), bytes));
            }
            if let Some(found) = self.page(key) {
                return Some(found);
            }
        }
        None
    }

    fn page(&self, key: &str) -> Option<Found> {
        let kept = lock(&self.pages).by_key.get(key).cloned();
        if let Some(bytes) = kept {
            return Some(Found::File(key.to_string(), bytes));
        }
        let live = self.live.read();
        match live.as_ref()?.page(key)? {
            Ok(bytes) => {
                let bytes: Arc<[u8]> = Arc::from(bytes);
                // Kept while the site cannot change: an edit forgets it under the write lock.
                lock(&self.pages).keep(key, bytes.clone());
                Some(Found::File(key.to_string(), bytes))
            }
            Err(diags) => {
                super::report(&diags);
                let text = diags.iter().map(ToString::to_string).collect::<Vec<_>>();
                Some(Found::Broken(text.join("\n\n")))
            }
        }
    }

    /// The live site, for an edit: requests wait until it is done.
    pub fn site_mut(&self) -> parking_lot::RwLockWriteGuard<'_, Option<LiveSite>> {
        self.live.write()
    }

    /// Runs `f` on the live site, when it loads.
    pub fn with_site<R>(&self, f: impl FnOnce(&LiveSite) -> R) -> Option<R> {
        self.live.read().as_ref().map(f)
    }

    /// Replaces every held file (after a full rebuild, so removed pages disappear) but the
    /// search index, which the background refresh replaces; forgets the rendered pages. Called
    /// with the site's write lock held ([`Served::site_mut`]).
    pub fn replace_all(&self, files: Vec<(String, Vec<u8>)>) {
        let mut map: HashMap<String, Arc<[u8]>> =
            files.into_iter().map(|(k, v)| (k, Arc::from(v))).collect();
        let mut old = self.files.write().unwrap_or_else(|e| e.into_inner());
        for (k, v) in old.drain() {
            if is_search_file(&k) {
                map.entry(k).or_insert(v);
            }
        }
        *old = map;
        self.forget_pages();
    }

    /// Adds or replaces held files (after an incremental rebuild); forgets the rendered pages,
    /// whose sidebars or links may show what changed. Called with the site's write lock held.
    pub fn merge(&self, files: Vec<(String, Vec<u8>)>) {
        let mut map = self.files.write().unwrap_or_else(|e| e.into_inner());
        for (k, v) in files {
            map.insert(k, Arc::from(v));
        }
        self.forget_pages();
    }

    fn forget_pages(&self) {
        *lock(&self.pages) = KeptPages::default();
    }

    pub fn set_errors(&self, errors: Option<String>) {
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
    }

    pub fn errors(&self) -> Option<String> {
        read(&self.errors).clone()
    }

    pub fn notify(&self, message: String) {
        if let Some(tx) = &self.events {
            let _ = tx.send(message);
        }
    }

    pub fn subscribe(&self) -> Option<broadcast::Receiver<String>> {
        self.events.as_ref().map(broadcast::Sender::subscribe)
    }
}

impl KeptPages {
    fn keep(&mut self, key: &str, bytes: Arc<[u8]>) {
        if self.by_key.insert(key.to_string(), bytes).is_none() {
            self.order.push_back(key.to_string());
        }
        while self.order.len() > KEPT_PAGES {
            if let Some(oldest) = self.order.pop_front() {
                self.by_key.remove(&oldest);
            }
        }
    }
}

/// The background check.
impl Served {
    /// Starts the background check and its first run over the site.
    pub fn start_checks(self: &Arc<Self>) {
        let (tx, rx) = channel::<()>();
        let served: Weak<Served> = Arc::downgrade(self);
        let spawned = std::thread::Builder::new()
            .name("docgen-check".into())
            .spawn(move || {
                let Ok(pool) = background_pool("docgen-check-pages") else {
                    return;
                };
                while rx.recv().is_ok() {
                    // Several requests while one run went: one more run does for all.
                    while rx.try_recv().is_ok() {}
                    let Some(served) = served.upgrade() else {
                        return;
                    };
                    served.check(&pool);
                }
            });
        match spawned {
            Ok(_) => {
                let _ = tx.send(());
                let _ = self.checks.set(tx);
            }
            Err(e) => eprintln!("warning: the pages are not checked: cannot start the check: {e}"),
        }
    }

    /// The site was loaded again: check it again.
    pub fn check_again(&self) {
        if let Some(tx) = self.checks.get() {
            let _ = tx.send(());
        }
    }

    /// Renders every page, a part at a time, for what the checks need of it; reports the
    /// site's problems and shows its errors. Stops when the site is loaded again meanwhile (the
    /// new load is checked next).
    fn check(&self, pool: &rayon::ThreadPool) {
        let started = Instant::now();
        let Some((load, routes)) = self.with_site(LiveSite::streamed_routes) else {
            return;
        };
        let mut facts = Vec::with_capacity(routes.len());
        let whole = self.in_parts(load, &routes, |site, part| {
            facts.extend(pool.install(|| site.check_routes(part)));
        });
        if !whole {
            return;
        }
        let problems = self
            .site_mut()
            .as_mut()
            .and_then(|s| s.add_checked(load, facts));
        let Some(problems) = problems else {
            return;
        };
        super::report(&problems);
        let errors = problems.iter().filter(|d| d.is_error()).count();
        println!(
            "Checked {} page(s) in {:.1} s: {errors} error(s), {} warning(s)",
            routes.len(),
            started.elapsed().as_secs_f64(),
            problems.len() - errors
        );
        if errors > 0 {
            let text = super::overlay_text(&problems);
            self.set_errors(Some(text.clone()));
            self.notify(super::error_message(&text));
        }
    }
}

/// The search index.
impl Served {
    /// Starts the background search indexer (when the site has search on): it builds the
    /// index once a reader first searches, and again after edits; the site is served meanwhile.
    pub fn start_search(self: &Arc<Self>, searchable: bool) {
        if !searchable {
            return;
        }
        let source = Arc::downgrade(self);
        let target = Arc::downgrade(self);
        let started = search::Refresher::start(
            move || {
                source
                    .upgrade()
                    .map(|s| s.search_input())
                    .unwrap_or_default()
            },
            move |index| match (index, target.upgrade()) {
                (Ok(index), Some(served)) => served.replace_search_index(index),
                (Err(diags), _) => super::report(&diags),
                _ => {}
            },
        );
        match started {
            Ok(refresher) => {
                let _ = self.search.set(refresher);
            }
            Err(e) => eprintln!("warning: search is off: cannot start its indexer: {e}"),
        }
    }

    /// The site changed: index it again once it stays unchanged a moment.
    pub fn poke_search(&self) {
        if let Some(search) = self.search.get() {
            search.poke();
        }
    }

    /// What the indexer reads of every page: the held ones, and the others rendered a part at
    /// a time. A site loaded again meanwhile is indexed again after it (it pokes the indexer).
    fn search_input(&self) -> search::Snapshot {
        let input = search::SearchInput::default();
        for (key, bytes) in read(&self.files).iter() {
            input.add(key, bytes);
        }
        let Some((load, routes)) = self.with_site(LiveSite::streamed_routes) else {
            return input.take();
        };
        self.in_parts(load, &routes, |site, part| {
            let part: HashSet<String> = part.iter().cloned().collect();
            super::report(&site.render_routes(&part, &input));
        });
        input.take()
    }

    /// Puts a freshly built search index in place of the old one.
    fn replace_search_index(&self, index: Vec<(String, Vec<u8>)>) {
        let mut map = self.files.write().unwrap_or_else(|e| e.into_inner());
        map.retain(|k, _| !is_search_file(k));
        for (k, v) in index {
            map.insert(k, Arc::from(v));
        }
        self.search_ready.store(true, Ordering::Release);
    }

    /// A file of the search index: the first request has the index built and waits for it
    /// (up to `SEARCH_WAIT`), so a preview where nobody searches never pays for indexing.
    pub async fn search_file(&self, key: &str) -> Option<Arc<[u8]>> {
        let refresher = self.search.get()?;
        refresher.want();
        let deadline = Instant::now() + SEARCH_WAIT;
        while !self.search_ready.load(Ordering::Acquire) && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.get(key)
    }
}

impl Served {
    /// Runs `f` over `routes` of load `load` of the site, [`PART`] at a time, each part under
    /// the read lock, so that an edit waits for one part at most. Stops, returning false, when
    /// the site was loaded again (or failed to) meanwhile.
    fn in_parts(
        &self,
        load: u64,
        routes: &[String],
        mut f: impl FnMut(&LiveSite, &[String]),
    ) -> bool {
        for part in routes.chunks(PART) {
            let done = self.with_site(|site| (site.generation() == load).then(|| f(site, part)));
            if done.flatten().is_none() {
                return false;
            }
        }
        true
    }
}

pub(crate) fn is_search_file(path: &str) -> bool {
    path.starts_with(search::BUNDLE_DIR) && path[search::BUNDLE_DIR.len()..].starts_with('/')
}

/// A one-thread pool for background work over every page: the other core stays free for
/// the requests and edits, whose rendering never queues behind it.
fn background_pool(name: &'static str) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(move |_| name.into())
        .build()
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

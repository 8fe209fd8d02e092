//! `serve`'s search index, rebuilt in the background after edits.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc::{Sender, channel};
use std::time::{Duration, Instant};

use super::{BundleFiles, BundleKey, IndexFiles, KeptBundles, index_pages};
use crate::diagnostics::Diagnostic;

/// How long the site must stay unchanged before `serve` rebuilds the index: typing does not
/// start a rebuild per keystroke.
pub const REFRESH_DELAY: Duration = Duration::from_millis(1500);

/// What the indexer reads of the served site's pages ([`super::SearchInput`]), taken when a
/// refresh starts.
pub type Snapshot = Vec<(String, Vec<u8>)>;

enum Wake {
    /// The site changed.
    Changed,
    /// A reader asked for the index.
    Wanted,
}

/// Keeps `serve`'s index current in a background thread. Nothing is indexed until a reader
/// first opens the search box ([`Refresher::want`]): a preview where nobody searches costs
/// nothing. From then on, the index is rebuilt after [`Refresher::poke`] once nothing changed
/// for [`REFRESH_DELAY`]. `snapshot` gives the pages, `publish` swaps the new index in. Both the
/// snapshot (which may render the pages) and the indexing run on a one-thread pool of its own,
/// so the rendering of the next edit or request never queues behind them.
pub struct Refresher {
    wakes: Sender<Wake>,
}

impl Refresher {
    pub fn start(
        snapshot: impl Fn() -> Snapshot + Send + Sync + 'static,
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
                let last = LastBundles::default();
                loop {
                    if wanted && stale {
                        publish(pool.install(|| index_pages(snapshot(), Some(&last))));
                        last.forget_unused();
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

/// The bundles of the last index: a refresh after an edit indexes again only the bundles
/// whose pages changed (a large site's index is in bundles of 1,250 pages).
#[derive(Default)]
struct LastBundles {
    /// Those of the last index.
    kept: Mutex<HashMap<BundleKey, BundleFiles>>,
    /// Those this index used or made, which replace `kept` when it is done.
    used: Mutex<HashMap<BundleKey, BundleFiles>>,
}

impl LastBundles {
    fn forget_unused(&self) {
        let used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = used;
    }
}

impl KeptBundles for LastBundles {
    fn get(&self, key: &BundleKey) -> Option<BundleFiles> {
        // Moved, not copied, from the last index to this one: one copy is kept, one published.
        let files = self
            .kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key)?;
        self.put(key, &files);
        Some(files)
    }

    fn put(&self, key: &BundleKey, files: &BundleFiles) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        used.insert(*key, files.clone());
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::super::{SearchInput, index_pages_per};
    use super::*;

    /// Counts the bundles taken from the last index.
    struct Counted<'a> {
        inner: &'a LastBundles,
        taken: AtomicUsize,
    }

    impl KeptBundles for Counted<'_> {
        fn get(&self, key: &BundleKey) -> Option<BundleFiles> {
            let found = self.inner.get(key);
            if found.is_some() {
                self.taken.fetch_add(1, Ordering::Relaxed);
            }
            found
        }

        fn put(&self, key: &BundleKey, files: &BundleFiles) {
            self.inner.put(key, files);
        }
    }

    fn pages(last_word: &str) -> Vec<(String, Vec<u8>)> {
        let input = SearchInput::default();
        for (i, word) in ["satu", "dua", "tiga", "empat", last_word]
            .iter()
            .enumerate()
        {
            let html = format!(
                "<html lang=\"id\"><body><article data-pagefind-body><h1>{word}</h1><p>{word} teks</p></article></body></html>"
            );
            input.add(&format!("p{i}/index.html"), html.as_bytes());
        }
        input.take()
    }

    fn keys(last: &LastBundles) -> HashSet<BundleKey> {
        last.kept.lock().expect("lock").keys().copied().collect()
    }

    #[test]
    fn a_refresh_after_an_edit_indexes_only_the_bundle_of_the_edited_page() {
        let last = LastBundles::default();
        let counted = Counted {
            inner: &last,
            taken: AtomicUsize::new(0),
        };
        let first = index_pages_per(pages("lima"), 2, Some(&counted)).expect("index");
        last.forget_unused();
        let before = keys(&last);
        assert_eq!(before.len(), 3, "five pages, two a bundle");
        assert_eq!(counted.taken.load(Ordering::Relaxed), 0);

        let second = index_pages_per(pages("enam"), 2, Some(&counted)).expect("index");
        last.forget_unused();
        assert_eq!(
            counted.taken.load(Ordering::Relaxed),
            2,
            "the two bundles without the edited page are taken as they were"
        );
        let after = keys(&last);
        assert_eq!(
            after.len(),
            3,
            "the edited bundle's old version is forgotten"
        );
        assert_eq!(before.intersection(&after).count(), 2);

        let fresh = index_pages_per(pages("enam"), 2, None).expect("index");
        assert!(second == fresh, "the same index as one made from nothing");
        assert!(first != second, "the edit is in the index");
    }
}

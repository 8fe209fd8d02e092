//! `serve`'s search index, rebuilt in the background after edits.

use std::sync::mpsc::{Sender, channel};
use std::time::{Duration, Instant};

use super::{IndexFiles, index_pages};
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
                loop {
                    if wanted && stale {
                        publish(pool.install(|| index_pages(snapshot())));
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

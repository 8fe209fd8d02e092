//! Pages a build does not render again. `pages.json` records, for every page the last build
//! rendered, the key it was rendered under, its output file's size and time, and its
//! [`PageFacts`] (anchors, links to anchors, problems). The next build takes a page's file from
//! the last output (a hard link, see [`crate::output::Staging`]) and its facts from the record
//! when its key is the same and the file is still the one written.
//!
//! A page's key is a hash of the site's *shape* and the page's own file (size and time, as the
//! no-change fingerprint sees files). The shape is everything a page is made from besides its
//! own text: docgen's binary and options, every other file of the site (configuration,
//! sidebars, templates, partials, images, blog posts, git state), and every page's outline —
//! file, route, id, title, front matter and navigation entry — since the sidebar,
//! breadcrumbs, previous/next links, cards and resolved links of every page come from those.
//! Editing a page's body therefore renders that page alone; editing a title, a front matter or
//! any other file renders every page.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::{CACHE_DIR, Inputs, modified_nanos, write_aside};
use crate::content::{Content, Doc, PageFacts};
use crate::output::Sink;
use crate::site::Site;
use crate::templates::KeptPages;

const PAGES: &str = "pages.json";

/// The pages of one build, by output path, and the output they were written to.
#[derive(Serialize, Deserialize, Default)]
struct Record {
    output: PathBuf,
    pages: HashMap<String, Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    size: u64,
    modified: u128,
    facts: PageFacts,
}

/// The last build's pages, and this build's as they are rendered or kept.
pub(crate) struct PageCache {
    root: PathBuf,
    output: PathBuf,
    shape: blake3::Hash,
    /// Site-relative path → (size, time) of the pages' own files.
    own: HashMap<String, (u64, u128)>,
    last: Record,
    now: Mutex<Vec<(String, String, PageFacts)>>,
    kept: AtomicUsize,
}

impl PageCache {
    pub fn new(site: &Site, inputs: &Inputs, output: &Path, content: &Content) -> PageCache {
        let root = &site.paths.root;
        let own_files: HashSet<String> = content
            .docs
            .iter()
            .filter(|d| d.kept().is_none())
            .map(|d| d.source.display.to_string_lossy().into_owned())
            .collect();
        let mut shape = blake3::Hasher::new();
        shape.update(inputs.head.as_bytes());
        let mut own = HashMap::new();
        for (name, size, modified) in &inputs.stamps {
            if own_files.contains(name) {
                own.insert(name.clone(), (*size, *modified));
            } else {
                shape.update(name.as_bytes());
                shape.update(&size.to_le_bytes());
                shape.update(&modified.to_le_bytes());
            }
        }
        // The settings as evaluated, not only their files: a footer's `new Date().getFullYear()`
        // changes with the year.
        shape.update(format!("{:?}", site.config).as_bytes());
        // And the partials pages import, wherever they are.
        let mut partials: Vec<_> = site.partials.texts.iter().collect();
        partials.sort_unstable_by_key(|(key, _)| *key);
        for (key, (_, text)) in partials {
            shape.update(key.as_bytes());
            shape.update(&[0]);
            shape.update(text.as_bytes());
            shape.update(&[0]);
        }
        for doc in &content.docs {
            shape.update(outline(doc).as_bytes());
        }
        let last = fs::read(root.join(CACHE_DIR).join(PAGES))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
            .filter(|r| r.output == output)
            .unwrap_or_default();
        PageCache {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            shape: shape.finalize(),
            own,
            last,
            now: Mutex::new(Vec::new()),
            kept: AtomicUsize::new(0),
        }
    }

    /// The key `doc` is rendered under; `None` for a page whose file the cache does not see
    /// (outside the site folder) or whose body is kept in memory (a blog post).
    fn key(&self, doc: &Doc) -> Option<String> {
        if doc.kept().is_some() {
            return None;
        }
        let (size, modified) = self.own.get(doc.source.display.to_str()?)?;
        let mut key = blake3::Hasher::new();
        key.update(self.shape.as_bytes());
        key.update(doc.source.display.as_os_str().as_encoded_bytes());
        key.update(&size.to_le_bytes());
        key.update(&modified.to_le_bytes());
        Some(key.finalize().to_hex().to_string())
    }

    fn note(&self, out_rel: &str, key: String, facts: PageFacts) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        now.push((out_rel.to_string(), key, facts));
    }

    /// How many pages this build took from the last output.
    pub fn kept_count(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Records this build's pages for the next one, once the output is in place. A record
    /// that cannot be written costs the next build time only.
    pub fn save(self) {
        let now = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        let pages = now
            .into_iter()
            .filter_map(|(out_rel, key, facts)| {
                let meta = fs::metadata(self.output.join(&out_rel)).ok()?;
                let entry = Entry {
                    key,
                    size: meta.len(),
                    modified: modified_nanos(&meta),
                    facts,
                };
                Some((out_rel, entry))
            })
            .collect();
        let record = Record {
            output: self.output,
            pages,
        };
        if let Ok(json) = serde_json::to_vec(&record) {
            write_aside(&self.root.join(CACHE_DIR), PAGES, &json);
        }
    }
}

impl KeptPages for PageCache {
    fn kept(&self, doc: &Doc, out_rel: &str, sink: &dyn Sink) -> Option<PageFacts> {
        let key = self.key(doc)?;
        let entry = self.last.pages.get(out_rel).filter(|e| e.key == key)?;
        // The file must still be the one written: not replaced or touched since.
        let meta = fs::symlink_metadata(self.output.join(out_rel)).ok()?;
        let same = meta.is_file() && meta.len() == entry.size;
        if !same || modified_nanos(&meta) != entry.modified || !sink.keep(out_rel) {
            return None;
        }
        self.note(out_rel, key, entry.facts.clone());
        self.kept.fetch_add(1, Ordering::Relaxed);
        Some(entry.facts.clone())
    }

    fn rendered(&self, doc: &Doc, out_rel: &str, facts: &PageFacts) {
        if let Some(key) = self.key(doc) {
            self.note(out_rel, key, facts.clone());
        }
    }
}

/// What other pages are made from of `doc`: everything but its text.
fn outline(doc: &Doc) -> String {
    let source = &doc.source;
    format!(
        "{:?}|{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}\n",
        source.display,
        source.rel,
        source.route,
        source.id,
        source.instance,
        source.kind,
        source.link_dir,
        doc.title,
        source.front,
        doc.nav,
    )
}

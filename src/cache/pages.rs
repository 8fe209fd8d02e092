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
//!
//! A translated site has a cache per locale ([`PageCache::for_locale`]), whose shape starts
//! from the default locale's and leaves out the page files of other locales and every
//! translated doc (`i18n/<locale>/docusaurus-plugin-content-docs…`): a translation's text
//! renders its page alone, a title renders its locale's pages. One `pages.json` holds all.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{CACHE_DIR, Inputs, modified_nanos, write_aside_with};
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

/// A page as recorded. Its facts stay JSON text until the page is kept (and are written as
/// such for a page rendered now): a hundred thousand pages' facts as Rust values were a
/// quarter of a build's memory, twice over (the last build's and this one's).
#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    size: u64,
    modified: u128,
    facts: Box<RawValue>,
}

/// The last build's pages, and this build's as they are rendered or kept, for the pages of one
/// locale (a translated site has one per locale, see [`PageCache::for_locale`]).
pub(crate) struct PageCache {
    root: PathBuf,
    output: PathBuf,
    /// The locale's folder in the output (`en/`); empty for the default locale.
    prefix: String,
    shape: blake3::Hash,
    /// Site-relative path → (size, time) of the pages' own files.
    own: HashMap<String, (u64, u128)>,
    last: Arc<Record>,
    now: Mutex<Vec<(String, blake3::Hash, Box<RawValue>)>>,
    kept: AtomicUsize,
}

impl PageCache {
    /// The cache of the default locale's pages (a site's only ones when it is not translated).
    pub fn new(site: &Site, inputs: &Inputs, output: &Path, content: &Content) -> PageCache {
        let root = &site.paths.root;
        let last = fs::read(root.join(CACHE_DIR).join(PAGES))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
            .filter(|r| r.output == output)
            .unwrap_or_default();
        let seed = blake3::Hasher::new();
        let last = Arc::new(last);
        let no_others = HashSet::new();
        PageCache::of(
            site,
            inputs,
            (content, &no_others),
            seed,
            (String::new(), last),
            output,
        )
    }

    /// The cache of another locale's pages, written under `prefix` (`en/`). Their shape holds
    /// the default locale's: its outline gives the translation's fallbacks and links.
    pub fn for_locale(
        &self,
        site: &Site,
        inputs: &Inputs,
        content: &Content,
        prefix: &str,
    ) -> PageCache {
        let mut seed = blake3::Hasher::new();
        seed.update(self.shape.as_bytes());
        seed.update(prefix.as_bytes());
        // The default locale's page files: the translation's fallbacks are read from them (and
        // are its own), its translated pages are not made from them.
        let default_pages: HashSet<&str> = self.own.keys().map(String::as_str).collect();
        let prefixed = (prefix.to_string(), self.last.clone());
        PageCache::of(
            site,
            inputs,
            (content, &default_pages),
            seed,
            prefixed,
            &self.output,
        )
    }

    /// The cache of `content`'s pages. Left out of their shape: their own files, `others`
    /// (other locales' pages) and every locale's translated docs.
    fn of(
        site: &Site,
        inputs: &Inputs,
        (content, others): (&Content, &HashSet<&str>),
        mut shape: blake3::Hasher,
        (prefix, last): (String, Arc<Record>),
        output: &Path,
    ) -> PageCache {
        let own_files: HashSet<String> = content
            .docs
            .iter()
            .filter(|d| d.kept().is_none())
            .map(|d| d.source.display.to_string_lossy().into_owned())
            .collect();
        shape.update(inputs.head.as_bytes());
        let mut own = HashMap::new();
        for (name, size, modified) in &inputs.stamps {
            if own_files.contains(name) {
                own.insert(name.clone(), (*size, *modified));
            } else if !others.contains(name.as_str()) && !is_translated_doc(name) {
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
        PageCache {
            root: site.paths.root.clone(),
            output: output.to_path_buf(),
            prefix,
            shape: shape.finalize(),
            own,
            last,
            now: Mutex::new(Vec::new()),
            kept: AtomicUsize::new(0),
        }
    }

    /// The key `doc` is rendered under; `None` for a page whose file the cache does not see
    /// (outside the site folder) or whose body is kept in memory (a blog post).
    fn key(&self, doc: &Doc) -> Option<blake3::Hash> {
        if doc.kept().is_some() {
            return None;
        }
        let (size, modified) = self.own.get(doc.source.display.to_str()?)?;
        let mut key = blake3::Hasher::new();
        key.update(self.shape.as_bytes());
        key.update(doc.source.display.as_os_str().as_encoded_bytes());
        key.update(&size.to_le_bytes());
        key.update(&modified.to_le_bytes());
        Some(key.finalize())
    }

    fn note(&self, out_rel: &str, key: blake3::Hash, facts: Box<RawValue>) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        now.push((format!("{}{out_rel}", self.prefix), key, facts));
    }

    /// How many pages this build took from the last output.
    pub fn kept_count(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Records this build's pages, of every locale's cache, for the next one, once the output
    /// is in place. A record that cannot be written costs the next build time only.
    pub fn save(caches: Vec<PageCache>) {
        let Some(first) = caches.first() else {
            return;
        };
        let (root, output) = (first.root.clone(), first.output.clone());
        let mut record = Record {
            output,
            ..Record::default()
        };
        for cache in caches {
            let now = cache.now.into_inner().unwrap_or_else(|e| e.into_inner());
            for (out_rel, key, facts) in now {
                let Ok(meta) = fs::metadata(record.output.join(&out_rel)) else {
                    continue;
                };
                let entry = Entry {
                    key: key.to_hex().to_string(),
                    size: meta.len(),
                    modified: modified_nanos(&meta),
                    facts,
                };
                record.pages.insert(out_rel, entry);
            }
        }
        write_aside_with(&root.join(CACHE_DIR), PAGES, |out| {
            serde_json::to_writer(out, &record).map_err(std::io::Error::other)
        });
    }
}

impl KeptPages for PageCache {
    fn kept(&self, doc: &Doc, out_rel: &str, sink: &dyn Sink) -> Option<PageFacts> {
        let key = self.key(doc)?;
        let in_output = format!("{}{out_rel}", self.prefix);
        let entry = self
            .last
            .pages
            .get(&in_output)
            .filter(|e| e.key == key.to_hex().as_str())?;
        // The file must still be the one written: not replaced or touched since. (`sink` puts
        // the locale's prefix itself.)
        let meta = fs::symlink_metadata(self.output.join(&in_output)).ok()?;
        let same = meta.is_file() && meta.len() == entry.size;
        if !same || modified_nanos(&meta) != entry.modified {
            return None;
        }
        let facts = serde_json::from_str::<PageFacts>(entry.facts.get()).ok()?;
        if !sink.keep(out_rel) {
            return None;
        }
        self.note(out_rel, key, entry.facts.clone());
        self.kept.fetch_add(1, Ordering::Relaxed);
        Some(facts)
    }

    fn rendered(&self, doc: &Doc, out_rel: &str, facts: &PageFacts) {
        let Some(key) = self.key(doc) else {
            return;
        };
        if let Ok(facts) = serde_json::value::to_raw_value(facts) {
            self.note(out_rel, key, facts);
        }
    }
}

/// A translated doc (`i18n/<locale>/docusaurus-plugin-content-docs…/…/page.md`): the page of
/// its locale alone is made from it; partials there are in the shape by their text.
fn is_translated_doc(name: &str) -> bool {
    let mut parts = name.split(['/', '\\']);
    let in_docs = parts.next() == Some("i18n")
        && parts.next().is_some()
        && parts
            .next()
            .is_some_and(|p| p.starts_with("docusaurus-plugin-content-docs"));
    in_docs && (name.ends_with(".md") || name.ends_with(".mdx"))
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

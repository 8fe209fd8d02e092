//! A large site's index in bundles. Pagefind holds every page of an index in memory until the
//! index is built (about a quarter of a megabyte a page), so past [`SHARD_PAGES`] pages of one
//! language the pages are indexed in bundles of that many, two at a time, and the
//! browser merges them (`mergeIndex` in the theme's `search.js`, which finds them in
//! [`MANIFEST`]). Memory then stays flat as the site grows; a query fetches a chunk of each
//! bundle of the reader's language.

use std::collections::BTreeMap;

use super::input::SpooledPage;

/// Pages of one language in one bundle. Two bundles are built at once (`BUNDLES_AT_ONCE`), so
/// memory holds twice this many pages. Measured on the 10,000-page corpus (2 cores): one at a
/// time, bundles of 5,000 peaked at 1.48 GB, of 2,500 at 0.79 GB; two at a time, bundles of
/// 2,500 peaked at 1.2–1.35 GB, of 1,250 at 0.64–0.71 GB, in 18.5–20 s where one bundle of
/// 2,500 at a time took 20–27.5 s. A query then fetches an index chunk from each of 8 bundles
/// (about 20 KB each) instead of 4.
pub(super) const SHARD_PAGES: usize = 1250;

/// The list of secondary bundles, by language, inside `pagefind/`:
/// `{"id": ["shard-id-1/", …]}`. Always written (empty for most sites).
pub(super) const MANIFEST: &str = "docgen-shards.json";

/// One index bundle to build.
#[derive(Debug)]
pub(super) struct Bundle {
    /// Its folder inside `pagefind/`: empty for the primary bundle, which holds the first pages
    /// of every language and Pagefind's scripts; `shard-<language>-<n>/` for the others.
    pub dir: String,
    /// The language of a secondary bundle.
    pub language: Option<String>,
    /// Its pages, in path order.
    pub pages: Vec<SpooledPage>,
}

/// The bundles of `pages`, at most `per` pages of a language each: the first `per` of every
/// language in the primary bundle, the next ones in bundles of their language. In path order,
/// so that a site's bundles are the same from build to build. A page spooled twice (written
/// again after it could not be kept) is indexed once, as it was written last.
pub(super) fn plan(pages: Vec<SpooledPage>, per: usize) -> Vec<Bundle> {
    let per = per.max(1);
    let mut by_language: BTreeMap<String, BTreeMap<String, SpooledPage>> = BTreeMap::new();
    for page in pages {
        let language = by_language.entry(page.language.clone()).or_default();
        language.insert(page.rel.clone(), page);
    }
    let mut primary = Bundle {
        dir: String::new(),
        language: None,
        pages: Vec::new(),
    };
    let mut secondary = Vec::new();
    for (language, pages) in by_language {
        let mut pages = pages.into_values();
        primary.pages.extend(pages.by_ref().take(per));
        let rest: Vec<SpooledPage> = pages.collect();
        for (n, chunk) in rest.chunks(per).enumerate() {
            secondary.push(Bundle {
                dir: format!("shard-{language}-{}/", n + 1),
                language: Some(language.clone()),
                pages: chunk.to_vec(),
            });
        }
    }
    std::iter::once(primary).chain(secondary).collect()
}

/// The manifest (see [`MANIFEST`]) of the secondary bundles, given as language and folder.
pub(super) fn manifest<'b>(bundles: impl IntoIterator<Item = (&'b str, &'b str)>) -> Vec<u8> {
    let mut by_language: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (language, dir) in bundles {
        by_language.entry(language).or_default().push(dir);
    }
    serde_json::to_vec(&by_language).unwrap_or_else(|_| b"{}".to_vec())
}

/// The language and folder of each secondary bundle, for [`manifest`].
pub(super) fn secondary(bundles: &[Bundle]) -> impl Iterator<Item = (&str, &str)> {
    bundles
        .iter()
        .filter_map(|b| Some((b.language.as_deref()?, b.dir.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(language: &str, rel: &str) -> SpooledPage {
        SpooledPage {
            language: language.to_string(),
            rel: rel.to_string(),
            file: 0,
            offset: 0,
            len: rel.len(),
            hash: *blake3::hash(rel.as_bytes()).as_bytes(),
        }
    }

    fn rels(bundle: &Bundle) -> Vec<&str> {
        bundle.pages.iter().map(|p| p.rel.as_str()).collect()
    }

    #[test]
    fn pages_past_the_bundle_size_go_to_bundles_of_their_language() {
        // Spooled in the order the pages were rendered, not in path order.
        let pages = vec![
            page("id", "e.html"),
            page("id", "c/index.html"),
            page("en", "a/index.html"),
            page("id", "a/index.html"),
            page("id", "d/x/index.html"),
            page("id", "b/index.html"),
        ];
        let bundles = plan(pages, 2);
        let summary: Vec<(&str, Vec<&str>)> =
            bundles.iter().map(|b| (b.dir.as_str(), rels(b))).collect();
        assert_eq!(
            summary,
            [
                ("", vec!["a/index.html", "a/index.html", "b/index.html"]),
                ("shard-id-1/", vec!["c/index.html", "d/x/index.html"]),
                ("shard-id-2/", vec!["e.html"]),
            ]
        );
        assert_eq!(bundles[0].pages[0].language, "en");
        let manifest: serde_json::Value =
            serde_json::from_slice(&manifest(secondary(&bundles))).expect("json");
        assert_eq!(
            manifest,
            serde_json::json!({"id": ["shard-id-1/", "shard-id-2/"]})
        );
    }

    #[test]
    fn a_small_site_is_one_bundle_and_a_page_spooled_twice_is_indexed_once() {
        let mut again = page("id", "a/index.html");
        again.offset = 99;
        let bundles = plan(vec![page("id", "a/index.html"), again], SHARD_PAGES);
        assert_eq!(bundles.len(), 1);
        assert_eq!(rels(&bundles[0]), ["a/index.html"]);
        assert_eq!(bundles[0].pages[0].offset, 99, "the last one written");
        assert_eq!(manifest(secondary(&bundles)), b"{}");
    }
}

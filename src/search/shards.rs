//! A large site's index in bundles. Pagefind holds every page of an index in memory until the
//! index is built (about a quarter of a megabyte a page), so past [`SHARD_PAGES`] pages of one
//! language the pages are indexed in bundles of that many, one after another, and the
//! browser merges them (`mergeIndex` in the theme's `search.js`, which finds them in
//! [`MANIFEST`]). Memory then stays flat as the site grows; a query fetches a chunk of each
//! bundle of the reader's language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::input::PAGES_DIR;
use crate::codes::Code;
use crate::diagnostics::Diagnostic;

/// Pages of one language in one bundle. Measured on the 10,000-page corpus: bundles of 5,000
/// peaked at 1.48 GB, of 2,500 at 0.83 GB, in no more time; a query then fetches one index
/// chunk from each of twice as many bundles (4 of about 33 KB instead of 2 of 40 KB).
pub(super) const SHARD_PAGES: usize = 2500;

/// The list of secondary bundles, by language, inside `pagefind/`:
/// `{"id": ["shard-id-1/", …]}`. Always written (empty for most sites).
pub(super) const MANIFEST: &str = "docgen-shards.json";

/// Where [`plan`] moves the pages of secondary bundles, inside the indexer's input folder.
const SHARDS_DIR: &str = "shards";

/// One index bundle to build.
#[derive(Debug)]
pub(super) struct Bundle {
    /// Its folder inside `pagefind/`: empty for the primary bundle, which holds the first pages
    /// of every language and Pagefind's scripts; `shard-<language>-<n>/` for the others.
    pub dir: String,
    /// The language of a secondary bundle.
    pub language: Option<String>,
    /// The folders Pagefind reads, each the root its pages' URLs are relative to.
    pub inputs: Vec<PathBuf>,
    /// How many pages `inputs` hold.
    pub pages: usize,
}

/// The bundles of the pages kept in `input` (`pages/<language>/…`), at most `per` pages of
/// a language each. Pages past the first `per` of a language, in path order (so a site's
/// bundles are the same from build to build), are moved to a folder of their bundle's own.
pub(super) fn plan(input: &Path, per: usize) -> Result<Vec<Bundle>, Diagnostic> {
    let mut primary = Bundle {
        dir: String::new(),
        language: None,
        inputs: Vec::new(),
        pages: 0,
    };
    let mut secondary = Vec::new();
    for (language, folder) in languages(&input.join(PAGES_DIR))? {
        let pages = pages_in(&folder)?;
        primary.inputs.push(folder.clone());
        primary.pages += pages.len().min(per);
        for (n, chunk) in pages.chunks(per.max(1)).enumerate().skip(1) {
            let to = input.join(SHARDS_DIR).join(&language).join(n.to_string());
            for page in chunk {
                move_page(&folder.join(page), &to.join(page))?;
            }
            secondary.push(Bundle {
                dir: format!("shard-{language}-{n}/"),
                language: Some(language.clone()),
                inputs: vec![to],
                pages: chunk.len(),
            });
        }
    }
    Ok(std::iter::once(primary).chain(secondary).collect())
}

/// The manifest of `bundles` (see [`MANIFEST`]).
pub(super) fn manifest<'b>(bundles: impl IntoIterator<Item = &'b Bundle>) -> Vec<u8> {
    let mut by_language: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for bundle in bundles {
        if let Some(language) = &bundle.language {
            by_language.entry(language).or_default().push(&bundle.dir);
        }
    }
    serde_json::to_vec(&by_language).unwrap_or_else(|_| b"{}".to_vec())
}

fn languages(pages: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let entries = match std::fs::read_dir(pages) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(pages, "read", e)),
    };
    let mut languages = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(pages, "read", e))?;
        languages.push((
            entry.file_name().to_string_lossy().into_owned(),
            entry.path(),
        ));
    }
    languages.sort();
    Ok(languages)
}

/// The pages under `folder`, as paths relative to it, sorted.
fn pages_in(folder: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut pages = Vec::new();
    for entry in WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(folder).to_path_buf();
            Diagnostic::error(path, format!("cannot read the search indexer's input: {e}"))
                .with_code(Code::Output)
        })?;
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(folder)
        {
            pages.push(rel.to_path_buf());
        }
    }
    Ok(pages)
}

fn move_page(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", e))?;
    }
    std::fs::rename(from, to).map_err(|e| io_error(from, "move", e))
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("cannot {what} the search indexer's input: {e}"),
    )
    .with_code(Code::Output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, rel).expect("write");
    }

    #[test]
    fn pages_past_the_bundle_size_move_to_bundles_of_their_language() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path();
        for rel in [
            "a/index.html",
            "b/index.html",
            "c/index.html",
            "d/x/index.html",
            "e.html",
        ] {
            write(input, &format!("pages/id/{rel}"));
        }
        write(input, "pages/en/a/index.html");

        let bundles = plan(input, 2).expect("plan");
        let summary: Vec<(&str, usize, Vec<String>)> = bundles
            .iter()
            .map(|b| {
                let inputs = b.inputs.iter().map(|i| {
                    i.strip_prefix(input)
                        .expect("inside")
                        .to_string_lossy()
                        .into_owned()
                });
                (b.dir.as_str(), b.pages, inputs.collect())
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("", 3, vec!["pages/en".to_string(), "pages/id".to_string()]),
                ("shard-id-1/", 2, vec!["shards/id/1".to_string()]),
                ("shard-id-2/", 1, vec!["shards/id/2".to_string()]),
            ]
        );
        // In path order: a and b stay, c and d move to the first shard, e to the second.
        assert!(input.join("pages/id/b/index.html").is_file());
        assert!(!input.join("pages/id/c/index.html").exists());
        assert!(input.join("shards/id/1/c/index.html").is_file());
        assert!(input.join("shards/id/1/d/x/index.html").is_file());
        assert!(input.join("shards/id/2/e.html").is_file());
        let manifest: serde_json::Value =
            serde_json::from_slice(&manifest(&bundles)).expect("json");
        assert_eq!(
            manifest,
            serde_json::json!({"id": ["shard-id-1/", "shard-id-2/"]})
        );
    }

    #[test]
    fn a_small_site_is_one_bundle_and_moves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "pages/id/a/index.html");
        let bundles = plan(dir.path(), SHARD_PAGES).expect("plan");
        assert_eq!(bundles.len(), 1);
        assert_eq!(bundles[0].pages, 1);
        assert_eq!(manifest(&bundles), b"{}");
        assert!(!dir.path().join(SHARDS_DIR).exists());
    }
}

//! What the indexer reads of a page: [`Indexed`] keeps it beside the written pages, sorted by
//! language, and [`searchable_part`] cuts it out of the page.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::output::Sink;

/// The folder, inside the staging folder, of the pages as [`Indexed`] keeps them for the
/// indexer; `index_staged` removes it before the staging folder can be committed.
pub(super) const INPUT_DIR: &str = ".search-input";

/// Inside [`INPUT_DIR`]: one folder per language (`pages/id/…`), as [`Indexed`] writes them.
pub(super) const PAGES_DIR: &str = "pages";

/// The attribute that marks what of a page is indexed.
const BODY_MARK: &[u8] = b"data-pagefind-body";

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
        let language = page_language(contents);
        self.inner.write(
            &format!("{INPUT_DIR}/{PAGES_DIR}/{language}/{rel}"),
            &searchable_part(contents),
        )
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }

    /// A kept page is read back for what the indexer reads of it, as if it had been written.
    fn keep(&self, rel: &str) -> bool {
        if !self.inner.keep(rel) {
            return false;
        }
        if !self.keep {
            return true;
        }
        let Some(contents) = self.inner.read_back(rel) else {
            return false;
        };
        if !is_searchable(rel, &contents) {
            return true;
        }
        let language = page_language(&contents);
        let input = format!("{INPUT_DIR}/{PAGES_DIR}/{language}/{rel}");
        self.inner
            .write(&input, &searchable_part(&contents))
            .is_ok()
    }
}

/// What the indexer reads of each searchable page written to it, kept in memory: `serve`'s
/// pages, given to [`super::index_pages`].
#[derive(Default)]
pub struct SearchInput {
    pages: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
}

impl SearchInput {
    /// Keeps what the indexer reads of `contents`, when it is a searchable page.
    pub fn add(&self, rel: &str, contents: &[u8]) {
        if is_searchable(rel, contents) {
            let part = searchable_part(contents);
            let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
            pages.push((rel.to_string(), part));
        }
    }

    pub fn take(self) -> Vec<(String, Vec<u8>)> {
        self.pages.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for SearchInput {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.add(rel, contents);
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}

pub(super) fn is_searchable(rel: &str, contents: &[u8]) -> bool {
    rel.ends_with(".html") && find(contents, BODY_MARK).is_some()
}

/// The page's `<html lang>`, lower-cased, as a folder name (`unknown` when missing or odd).
pub(super) fn page_language(page: &[u8]) -> String {
    let value = html_tag(page).and_then(|tag| {
        let start = find(tag, b" lang=\"")? + 7;
        let len = memchr::memchr(b'"', &tag[start..])?;
        Some(&tag[start..start + len])
    });
    match value {
        Some(v) if !v.is_empty() && v.len() <= 35 => {
            let ok = v.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-');
            let lang = String::from_utf8_lossy(v).to_ascii_lowercase();
            if ok { lang } else { "unknown".into() }
        }
        _ => "unknown".into(),
    }
}

fn html_tag(page: &[u8]) -> Option<&[u8]> {
    let start = find(page, b"<html")?;
    Some(&page[start..start + find(&page[start..], b">")? + 1])
}

/// What Pagefind needs of a page: its `<html>` tag (the language), the
/// metadata tags and the marked article, sparing it the sidebar and header around them. A page
/// whose marked element is not an `<article>` is sent whole.
pub(super) fn searchable_part(page: &[u8]) -> Vec<u8> {
    let Some(part) = marked_article(page) else {
        return page.to_vec();
    };
    let html_tag = html_tag(page).unwrap_or(b"<html>");
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

/// Code blocks are not indexed (see `IGNORED` in the parent module); cutting them out here, as the highlighter
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
                ".search-input/pages/id/a/index.html",
                "a/index.html",
                "b/index.html",
                "c/style.css"
            ]
        );
        assert_eq!(files["a/index.html"], page.to_vec());
        let kept =
            String::from_utf8_lossy(&files[".search-input/pages/id/a/index.html"]).into_owned();
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
    fn the_page_language_is_a_safe_folder_name() {
        assert_eq!(
            page_language(br#"<!DOCTYPE html><html lang="pt-BR" dir="ltr">"#),
            "pt-br"
        );
        assert_eq!(page_language(b"<html><body>"), "unknown");
        assert_eq!(page_language(br#"<html lang="../x">"#), "unknown");
        assert_eq!(page_language(br#"<html lang="">"#), "unknown");
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

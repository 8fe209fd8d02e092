//! What the indexer reads of a page: [`Indexed`] appends it to a [`Spool`] in the staging
//! folder as the pages are written, and [`searchable_part`] cuts it out of the page.

use parking_lot::Mutex;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::codes::Code;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;

/// The folder, inside the staging folder, of the [`Spool`]'s files; `index_staged` removes it
/// before the staging folder can be committed.
pub(super) const INPUT_DIR: &str = ".search-input";

/// The attribute that marks what of a page is indexed.
const BODY_MARK: &[u8] = b"data-pagefind-body";

/// What the indexer reads of the pages written so far, appended to a few files (one per
/// writing thread at most) instead of one file per page. Ten thousand small files written and
/// removed in every build cost more than their bytes: on a file system without a journal,
/// ext4 steps over every inode freed in the last minutes on each file it creates, which was a
/// third of a 10,000-page build's time on the benchmark machine.
pub struct Spool {
    dir: PathBuf,
    /// Files no writer holds now, with their number and length.
    free: Mutex<Vec<(usize, File, u64)>>,
    /// How many files were made.
    made: Mutex<usize>,
    pages: Mutex<Vec<SpooledPage>>,
}

/// Where a page's searchable part is in a [`Spool`], and what it is.
#[derive(Debug, Clone)]
pub(super) struct SpooledPage {
    /// Its `<html lang>` (see [`page_language`]).
    pub language: String,
    /// Its path inside the output, which Pagefind makes its URL from.
    pub rel: String,
    pub file: usize,
    pub offset: u64,
    pub len: usize,
    /// A hash of the part: bundles of the same parts are kept from an earlier build.
    pub hash: [u8; 32],
}

impl Spool {
    /// A spool in `staging`'s [`INPUT_DIR`], made when the first page is added.
    pub fn new(staging: &Path) -> Spool {
        Spool {
            dir: staging.join(INPUT_DIR),
            free: Mutex::default(),
            made: Mutex::default(),
            pages: Mutex::default(),
        }
    }

    /// Appends what the indexer reads of `contents`, when it is a searchable page.
    fn add(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        if !is_searchable(rel, contents) {
            return Ok(());
        }
        let part = searchable_part(contents);
        let (n, mut file, offset) = self.take_file()?;
        let written = file.write_all(&part);
        let fail = |e: std::io::Error| {
            let message = format!("cannot keep the page for the search indexer: {e}");
            Diagnostic::error(rel, message).with_code(Code::Output)
        };
        // A failed write leaves the file's end unknown: it is not used again.
        written.map_err(fail)?;
        self.free.lock().push((n, file, offset + part.len() as u64));
        self.pages.lock().push(SpooledPage {
            language: page_language(contents),
            rel: rel.to_string(),
            file: n,
            offset,
            len: part.len(),
            hash: *blake3::hash(&part).as_bytes(),
        });
        Ok(())
    }

    fn take_file(&self) -> Result<(usize, File, u64), Diagnostic> {
        if let Some(free) = self.free.lock().pop() {
            return Ok(free);
        }
        let mut made = self.made.lock();
        let path = file_path(&self.dir, *made);
        let created = std::fs::create_dir_all(&self.dir).and_then(|()| File::create(&path));
        let file = created.map_err(|e| {
            let message = format!("cannot keep pages for the search indexer: {e}");
            Diagnostic::error(&path, message).with_code(Code::Output)
        })?;
        *made += 1;
        Ok((*made - 1, file, 0))
    }

    /// The spool's folder and its pages, once every page is written.
    pub(super) fn finish(self) -> (PathBuf, Vec<SpooledPage>) {
        let pages = self.pages.into_inner();
        (self.dir, pages)
    }
}

fn file_path(dir: &Path, n: usize) -> PathBuf {
    dir.join(format!("pages-{n}"))
}

/// Reads pages back from a finished [`Spool`]'s folder, opening each of its files once.
pub(super) struct SpoolReader<'d> {
    dir: &'d Path,
    open: Vec<Option<File>>,
}

impl<'d> SpoolReader<'d> {
    pub fn new(dir: &'d Path) -> Self {
        SpoolReader {
            dir,
            open: Vec::new(),
        }
    }

    pub fn read(&mut self, page: &SpooledPage) -> std::io::Result<Vec<u8>> {
        if self.open.len() <= page.file {
            self.open.resize_with(page.file + 1, || None);
        }
        let file = match &mut self.open[page.file] {
            Some(file) => file,
            slot => slot.insert(File::open(file_path(self.dir, page.file))?),
        };
        file.seek(SeekFrom::Start(page.offset))?;
        let mut part = vec![0; page.len];
        file.read_exact(&mut part)?;
        Ok(part)
    }
}

/// A sink that writes every page to `inner` and appends to `spool` what of it the indexer
/// reads. Parsing a tenth of the page (no sidebar, no highlighted code) took Pagefind's
/// reading of a 10,000-page site from 10 s to a few.
pub struct Indexed<'a> {
    pub inner: &'a dyn Sink,
    /// `None` when the site has no search: the sink is then `inner` alone.
    pub spool: Option<&'a Spool>,
}

impl Sink for Indexed<'_> {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.inner.write(rel, contents)?;
        match self.spool {
            Some(spool) => spool.add(rel, contents),
            None => Ok(()),
        }
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }

    /// A kept page is read back for what the indexer reads of it, as if it had been written.
    fn keep(&self, rel: &str) -> bool {
        if !self.inner.keep(rel) {
            return false;
        }
        let Some(spool) = self.spool else {
            return true;
        };
        let Some(contents) = self.inner.read_back(rel) else {
            return false;
        };
        spool.add(rel, &contents).is_ok()
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
    fn the_indexed_sink_spools_the_searchable_part_of_marked_pages_only() {
        let page = br#"<html lang="id"><head></head><body><nav>Menu</nav><article data-pagefind-body><p>Isi.</p></article></body></html>"#;
        let other = br#"<html lang="en"><head></head><body><article data-pagefind-body><p>Other.</p></article></body></html>"#;
        let unmarked = b"<html><body><p>Tanpa tanda</p></body></html>";
        let dir = tempfile::tempdir().expect("tempdir");
        let spool = Spool::new(dir.path());
        let collect = crate::output::Collect::default();
        let indexed = Indexed {
            inner: &collect,
            spool: Some(&spool),
        };
        indexed.write("a/index.html", page).expect("write");
        indexed.write("b/index.html", unmarked).expect("write");
        indexed.write("c/style.css", b"p{}").expect("write");
        indexed.write("en/index.html", other).expect("write");
        let files: std::collections::BTreeMap<String, Vec<u8>> =
            collect.take().into_iter().collect();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "a/index.html",
                "b/index.html",
                "c/style.css",
                "en/index.html"
            ],
            "the pages go to the sink untouched, and nothing else"
        );
        assert_eq!(files["a/index.html"], page.to_vec());

        let (folder, pages) = spool.finish();
        assert_eq!(folder, dir.path().join(INPUT_DIR));
        let spooled: Vec<(&str, &str)> = pages
            .iter()
            .map(|p| (p.rel.as_str(), p.language.as_str()))
            .collect();
        assert_eq!(spooled, [("a/index.html", "id"), ("en/index.html", "en")]);
        let mut reader = SpoolReader::new(&folder);
        let first = String::from_utf8(reader.read(&pages[0]).expect("read")).expect("utf-8");
        assert!(
            first.contains("<p>Isi.</p>") && !first.contains("Menu"),
            "{first}"
        );
        let second = String::from_utf8(reader.read(&pages[1]).expect("read")).expect("utf-8");
        assert!(
            second.contains("<p>Other.</p>") && !second.contains("Isi"),
            "{second}"
        );
        assert_eq!(
            std::fs::read_dir(&folder).expect("spool folder").count(),
            1,
            "one writer, one file"
        );

        let off = crate::output::Collect::default();
        let plain = Indexed {
            inner: &off,
            spool: None,
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

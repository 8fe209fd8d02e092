//! Second stage: read each page file, check it is UTF-8, parse its front matter and work out
//! its doc id and route.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::discover::PageFile;
use crate::frontmatter::{self, FrontMatter};
use crate::routes::{join_route, normalize_route, strip_number_prefix};

/// What a page file is: a doc, a Markdown page of `src/pages`, or a blog post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PageKind {
    #[default]
    Doc,
    Page,
    Post,
}

/// A page whose front matter is read, not yet rendered.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Relative to the content folder.
    pub rel: String,
    /// Shown in messages (relative to the site root).
    pub display: PathBuf,
    pub text: String,
    pub body_start: usize,
    pub body_line_offset: usize,
    pub front: FrontMatter,
    pub id: String,
    pub route: String,
    /// Content-relative folder of the file, as on disk.
    pub dir: String,
    /// The docs instance the page belongs to (0: the default one).
    pub instance: usize,
    /// The folder as links, images and imports resolve from it: relative to the default
    /// instance's content folder (`../community/guides` for another instance's page).
    pub link_dir: String,
    /// File name without extension and number prefix.
    pub stem: String,
    pub number_prefix: Option<u32>,
    pub is_folder_index: bool,
    pub kind: PageKind,
    /// `text` was let go once nothing before the rendering needed it (see [`SourcePage::let_go`]):
    /// whoever renders the page reads the file again.
    pub text_let_go: bool,
}

impl SourcePage {
    /// The text after the front matter (empty once the text is let go).
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }

    /// Drops the text, so that a large site does not hold every page's text at once.
    pub fn let_go(&mut self) {
        self.text = String::new();
        self.text_let_go = true;
    }
}

/// Pages larger than this are refused: they are generated junk or a mistake, and rendering
/// them would take the build down with them.
pub const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a page file as text: at most [`MAX_PAGE_BYTES`], UTF-8, without a BOM.
pub fn read_text(abs: &Path, display: &Path) -> Result<String, Diagnostic> {
    let cannot_read = |e: std::io::Error| {
        Diagnostic::error(display, format!("cannot read: {e}"))
            .with_code(crate::codes::Code::PageFile)
    };
    let size = std::fs::metadata(abs).map_err(cannot_read)?.len();
    if size > MAX_PAGE_BYTES {
        let mib = |n: u64| n / (1024 * 1024);
        return Err(Diagnostic::error(
            display,
            format!(
                "the page is {} MiB; pages may be at most {} MiB",
                mib(size),
                mib(MAX_PAGE_BYTES)
            ),
        )
        .with_code(crate::codes::Code::PageFile)
        .with_hint(
            "split it into several pages, or move generated data out of the content folder",
        ));
    }
    let bytes = std::fs::read(abs).map_err(cannot_read)?;
    decode(bytes, display)
}

/// Reads and parses one page. `Ok(None)` for drafts when drafts are not wanted.
pub fn load(
    file: &PageFile,
    display: PathBuf,
    drafts: bool,
    route_base: &str,
) -> Result<Option<SourcePage>, Diagnostic> {
    let text = read_text(&file.abs, &display)?;
    let mut page = parse(file.rel.clone(), display, text, drafts)?;
    if let Some(p) = page.as_mut().filter(|_| !route_base.is_empty()) {
        p.route = join_route(&[route_base, &p.route]);
    }
    Ok(page)
}

/// UTF-8 check with the position of the first bad byte; a BOM is dropped.
pub fn decode(bytes: Vec<u8>, display: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            Err(Diagnostic::error(display, "the file is not valid UTF-8")
                .with_code(crate::codes::Code::PageFile)
                .at_offset(&lossy, prefix.len())
                .with_hint("save the file as UTF-8 (most editors offer \"Save with encoding\")"))
        }
    }
}

pub fn parse(
    rel: String,
    display: PathBuf,
    text: String,
    drafts: bool,
) -> Result<Option<SourcePage>, Diagnostic> {
    let split = frontmatter::split(&text);
    let front = match split.yaml {
        Some(yaml) => frontmatter::parse(yaml, &display, &text)?,
        None => FrontMatter::default(),
    };
    if front.draft && !drafts {
        return Ok(None);
    }
    let body_start = text.len() - split.body.len();
    let body_line_offset = split.body_line_offset;
    let (dir, file_name) = rel.rsplit_once('/').unwrap_or(("", rel.as_str()));
    let raw_stem = file_name
        .strip_suffix(".mdx")
        .or_else(|| file_name.strip_suffix(".md"))
        .unwrap_or(file_name);
    let (number_prefix, stem) = strip_number_prefix(raw_stem);
    let dir_route = route_of_dir(dir);
    // Docusaurus compares raw names, number prefixes included: `2-Setup/2-Setup.md` is its
    // folder's page, `2-Setup/1-Setup.md` and `01-index.md` are not.
    let raw_folder = dir.rsplit('/').next().unwrap_or("");
    let is_folder_index = ["index", "readme"].contains(&raw_stem.to_lowercase().as_str())
        || (!raw_folder.is_empty() && raw_stem.eq_ignore_ascii_case(raw_folder));
    let last = front.id.as_deref().unwrap_or(stem);
    let id = join_route(&[&dir_route, last]);
    let route = match front.slug.as_deref() {
        Some(slug) if slug.starts_with('/') => normalize_route(slug),
        Some(slug) => normalize_route(&format!("{dir_route}/{slug}")),
        // As Docusaurus' `getSlug`: an `id` does not stop a folder's page from taking the
        // folder's route (prettier's `docs/index.md` has `id: index` and is `/docs/`).
        None if is_folder_index => dir_route.clone(),
        None => id.clone(),
    };
    Ok(Some(SourcePage {
        stem: stem.to_string(),
        dir: dir.to_string(),
        instance: 0,
        link_dir: dir.to_string(),
        rel,
        display,
        front,
        id,
        route,
        number_prefix,
        is_folder_index,
        kind: PageKind::Doc,
        text_let_go: false,
        body_start,
        body_line_offset,
        text,
    }))
}

/// `01-basics/02_setup` → `basics/setup`.
pub fn route_of_dir(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| strip_number_prefix(s).1)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, text: &str) -> SourcePage {
        parse(rel.into(), rel.into(), text.into(), false)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn routes_strip_number_prefixes_and_honour_slug_and_id() {
        assert_eq!(page("01-Dasar/2-Intro.md", "").route, "Dasar/Intro");
        assert_eq!(page("01-Dasar/2-Intro.md", "").id, "Dasar/Intro");
        assert_eq!(page("01-Dasar/2-Intro.md", "").number_prefix, Some(2));
        assert_eq!(page("a/b.md", "---\nslug: /x/y\n---\n").route, "x/y");
        assert_eq!(page("a/b.md", "---\nslug: y\n---\n").route, "a/y");
        assert_eq!(page("a/b.md", "---\nid: c\n---\n").route, "a/c");
        assert_eq!(page("a/b.md", "---\nid: c\n---\n").id, "a/c");
        assert_eq!(page("intro.md", "---\nslug: /\n---\n").route, "");
        assert_eq!(page("2024-01-01-x.md", "").route, "2024-01-01-x");
    }

    #[test]
    fn folder_index_pages_take_the_folder_route() {
        assert_eq!(page("01-guide/index.md", "").route, "guide");
        assert_eq!(page("guide/README.md", "").route, "guide");
        assert!(page("guide/guide.md", "").is_folder_index);
        assert!(page("2-Medium/2-Medium.md", "").is_folder_index);
        // Raw names are compared: a different number prefix, or one on `index`, is a page.
        assert!(!page("2-Medium/1-Medium.md", "").is_folder_index);
        assert_eq!(page("2-Medium/1-Medium.md", "").route, "Medium/Medium");
        assert!(!page("guide/01-index.md", "").is_folder_index);
        let with_id = page("guide/index.md", "---\nid: ringkasan\n---\n");
        assert_eq!(
            (with_id.route.as_str(), with_id.id.as_str()),
            ("guide", "guide/ringkasan"),
            "the id names the page, the folder still gives the route"
        );
        assert_eq!(page("index.md", "---\nid: index\n---\n").route, "");
    }

    #[test]
    fn drafts_are_skipped_unless_asked() {
        let text = "---\ndraft: true\n---\n";
        assert!(
            parse("a.md".into(), "a.md".into(), text.into(), false)
                .unwrap()
                .is_none()
        );
        assert!(
            parse("a.md".into(), "a.md".into(), text.into(), true)
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode(b"ok\nab\xffc".to_vec(), Path::new("a.md")).unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
    }
}

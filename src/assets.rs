//! Which images and files exist, so pages can point at them by URL and be told when they don't.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::routes::{normalize_route, normalize_site_path};

/// Where content assets (images next to pages) are published in the output.
pub const CONTENT_ASSETS_DIR: &str = "assets";

/// Where files of the project that pages name by `@site/…` (outside the static and content
/// folders) are published.
pub const SITE_ASSETS_DIR: &str = "site-assets";

/// Where a project file named by its site path is published (`../docs/x.png`, for docs kept
/// beside the site folder, goes to `site-assets/_/docs/x.png`).
pub fn site_asset_path(site_path: &str) -> String {
    let parts: Vec<&str> = site_path
        .split('/')
        .map(|p| if p == ".." { "_" } else { p })
        .collect();
    format!("{SITE_ASSETS_DIR}/{}", parts.join("/"))
}

#[derive(Debug, Default)]
pub struct AssetIndex {
    static_files: HashSet<String>,
    content_files: HashSet<String>,
    /// Lower-cased path → real path, for "did you mean" hints when only the case differs.
    by_lowercase: HashMap<String, String>,
    /// Root-relative URL of an image → its width and height in pixels.
    sizes: HashMap<String, (u32, u32)>,
    /// The content and static folders relative to the site folder (`docs`, `static`), to find
    /// files named by a path that leaves the content folder (`../../static/img/x.png`).
    content_rel: String,
    static_rel: String,
    /// The site folder from the content folder (`..` for `docs`, `../website` for docs kept
    /// beside the site folder): a path that leaves the content folder is read from there.
    up_to_site: String,
    /// Files elsewhere in the project that pages name (`@site/blog/x/img.png`), site-relative.
    site_files: HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetLookup {
    /// URL relative to the site root.
    Found(String),
    Missing {
        wanted: String,
        suggestion: Option<String>,
    },
}

impl AssetIndex {
    pub fn new(static_files: &[String], content_files: &[String]) -> Self {
        let mut by_lowercase = HashMap::new();
        for f in static_files {
            by_lowercase.insert(
                format!("static/{}", f.to_lowercase()),
                format!("static/{f}"),
            );
        }
        for f in content_files {
            by_lowercase.insert(
                format!("content/{}", f.to_lowercase()),
                format!("content/{f}"),
            );
        }
        AssetIndex {
            static_files: static_files.iter().cloned().collect(),
            content_files: content_files.iter().cloned().collect(),
            by_lowercase,
            sizes: HashMap::new(),
            content_rel: "content".into(),
            static_rel: "static".into(),
            up_to_site: "..".into(),
            site_files: HashSet::new(),
        }
    }

    /// Files elsewhere in the project that pages name by `@site/…`.
    pub fn with_site_files(mut self, files: &[String]) -> Self {
        self.site_files = files.iter().cloned().collect();
        self
    }

    /// Where the content and static folders are, relative to the site folder, and the site
    /// folder from the content folder ([`crate::site::folder_path`]).
    pub fn with_folders(mut self, content_rel: &str, static_rel: &str, up_to_site: &str) -> Self {
        self.content_rel = normalize_site_path(content_rel);
        self.static_rel = normalize_site_path(static_rel);
        self.up_to_site = normalize_site_path(up_to_site);
        self
    }

    /// A file named relative to a page, from the site folder (`@site/static/x.png`), or by a
    /// root path (`/img/x.png`, in the static folder): the lookups Docusaurus makes for Markdown
    /// images and `require()`.
    pub fn file(&self, page_dir: &str, path: &str) -> AssetLookup {
        if let Some(rest) = path.strip_prefix("@site/") {
            return self.site_file(rest);
        }
        if let Some(rest) = path.strip_prefix('/') {
            return self.static_file(rest);
        }
        self.content_file(page_dir, path)
    }

    /// A path relative to the site folder, in the static or the content folder.
    fn site_file(&self, site_path: &str) -> AssetLookup {
        let (path, suffix) = split_suffix(site_path);
        let path = normalize_site_path(path);
        // A path above the site folder is nowhere docgen looks (and `content_file` would send
        // it straight back here).
        let inside = |root: &str| match root.is_empty() {
            true => (!path.starts_with("..")).then(|| path.clone()),
            false => path.strip_prefix(&format!("{root}/")).map(str::to_string),
        };
        if let Some(rel) = inside(&self.static_rel) {
            return self.static_file(&format!("{rel}{suffix}"));
        }
        if let Some(rel) = inside(&self.content_rel) {
            return self.content_file("", &format!("{rel}{suffix}"));
        }
        if self.site_files.contains(&path) {
            return AssetLookup::Found(format!("{}{suffix}", encode_path(&site_asset_path(&path))));
        }
        self.missing(path)
    }

    /// Reads the width and height of every image (headers only, in parallel).
    pub fn measure_images(&mut self, static_dir: &Path, content_dir: &Path) {
        let files: Vec<(String, PathBuf)> = self
            .static_files
            .iter()
            .filter(|f| is_measurable(f))
            .map(|f| (encode_path(f), static_dir.join(f)))
            .chain(
                self.content_files
                    .iter()
                    .filter(|f| is_measurable(f))
                    .map(|f| {
                        (
                            format!("{CONTENT_ASSETS_DIR}/{}", encode_path(f)),
                            content_dir.join(f),
                        )
                    }),
            )
            .collect();
        self.sizes = files
            .par_iter()
            .filter_map(|(url, path)| {
                let size = imagesize::size(path).ok()?;
                Some((
                    url.clone(),
                    (
                        u32::try_from(size.width).ok()?,
                        u32::try_from(size.height).ok()?,
                    ),
                ))
            })
            .collect();
    }

    /// Width and height of the image at a root-relative URL, when known.
    pub fn image_size(&self, url: &str) -> Option<(u32, u32)> {
        self.sizes.get(url).copied()
    }

    /// A path inside the static folder, as `useBaseUrl('img/x.png')` or `/img/x.png` name it.
    pub fn static_file(&self, path: &str) -> AssetLookup {
        let (path, suffix) = split_suffix(path);
        let rel = normalize_route(path);
        if self.static_files.contains(&rel) {
            return AssetLookup::Found(format!("{}{suffix}", encode_path(&rel)));
        }
        self.missing(format!("static/{rel}"))
    }

    /// A file next to a page: `./img/x.png` from a page in `page_dir`.
    pub fn content_file(&self, page_dir: &str, path: &str) -> AssetLookup {
        let (path, suffix) = split_suffix(path);
        let joined = normalize_site_path(&format!("{page_dir}/{path}"));
        if joined.starts_with("../") {
            // It leaves the content folder: look for it from the site folder. With the docs
            // beside the site folder (`../docs`), `../website/static/x.png` from the content
            // folder is `static/x.png`: the way back into the site folder goes.
            let back_in = format!("{}/", self.up_to_site);
            let site = match joined.strip_prefix(&back_in) {
                Some(inside) if self.up_to_site.starts_with("..") => inside.to_string(),
                _ => format!("{}/{joined}", self.content_rel),
            };
            return self.site_file(&format!("{site}{suffix}"));
        }
        let rel = normalize_route(&joined);
        if self.content_files.contains(&rel) {
            return AssetLookup::Found(format!(
                "{CONTENT_ASSETS_DIR}/{}{suffix}",
                encode_path(&rel)
            ));
        }
        self.missing(format!("content/{rel}"))
    }

    /// The URL of a file named in a "did you mean" suggestion (`static/img/X.JPG`).
    pub fn suggestion_url(&self, suggestion: &str) -> Option<String> {
        if let Some(rel) = suggestion.strip_prefix("static/") {
            return Some(encode_path(rel));
        }
        let rel = suggestion.strip_prefix("content/")?;
        Some(format!("{CONTENT_ASSETS_DIR}/{}", encode_path(rel)))
    }

    fn missing(&self, wanted: String) -> AssetLookup {
        let suggestion = self.by_lowercase.get(&wanted.to_lowercase()).cloned();
        AssetLookup::Missing { wanted, suggestion }
    }
}

fn is_measurable(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".avif", ".ico",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

fn split_suffix(path: &str) -> (&str, &str) {
    match path.find(['?', '#']) {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    }
}

/// Percent-encodes what may not stand raw in a URL path (spaces, quotes, non-ASCII stays as is).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_static_and_content_files() {
        let idx = AssetIndex::new(&["img/a b.png".into()], &["guide/pic.png".into()]);
        assert_eq!(
            idx.static_file("/img/a b.png"),
            AssetLookup::Found("img/a%20b.png".into())
        );
        assert_eq!(
            idx.content_file("guide/sub", "../pic.png"),
            AssetLookup::Found("assets/guide/pic.png".into())
        );
    }

    /// facebook/react-native-website: docs in `../docs`, a blog post in `website/blog` naming
    /// `../static/blog/assets/x.gif`. From the content folder that is
    /// `../website/static/blog/assets/x.gif`, which is the site's `static/blog/assets/x.gif`.
    #[test]
    fn a_path_out_of_a_content_folder_beside_the_site_folder_comes_back_in() {
        let idx = AssetIndex::new(&["blog/assets/x.gif".into()], &[]).with_folders(
            "../docs",
            "static",
            "../website",
        );
        assert_eq!(
            idx.content_file("../website/blog", "../static/blog/assets/x.gif"),
            AssetLookup::Found("blog/assets/x.gif".into())
        );
        // A doc there naming the site's static folder by its way out and back in.
        assert_eq!(
            idx.content_file("guide", "../../website/static/blog/assets/x.gif"),
            AssetLookup::Found("blog/assets/x.gif".into())
        );
        // Above both, nothing is found.
        assert!(matches!(
            idx.content_file("guide", "../../static/blog/assets/x.gif"),
            AssetLookup::Missing { .. }
        ));
        // The usual layout still works: `docs` inside the site folder.
        let inside =
            AssetIndex::new(&["img/a.png".into()], &[]).with_folders("docs", "static", "..");
        assert_eq!(
            inside.content_file("guide", "../../static/img/a.png"),
            AssetLookup::Found("img/a.png".into())
        );
    }

    #[test]
    fn suggests_when_only_case_differs() {
        let idx = AssetIndex::new(&["img/new.pic.JPG".into()], &[]);
        assert_eq!(
            idx.static_file("img/new.pic.jpg"),
            AssetLookup::Missing {
                wanted: "static/img/new.pic.jpg".into(),
                suggestion: Some("static/img/new.pic.JPG".into())
            }
        );
    }
}

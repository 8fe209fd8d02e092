//! The routes of a Docusaurus project that docgen does not render yet — its blog, its React
//! and Markdown pages in `src/pages/`, older versions of the docs, other docs instances — so
//! that links to them are not reported as broken, and one warning says what was left out
//! (nothing is dropped silently).

use std::path::Path;

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discover::{is_page_file, is_partial};
use crate::page;
use crate::routes::{join_route, normalize_route};

/// Routes and route prefixes (ending in `/`) that exist on the site without a docgen page.
#[derive(Debug, Default)]
pub(crate) struct Elsewhere {
    pub routes: Vec<String>,
    /// What is left out, for the warning: ("the blog", number of pages).
    left_out: Vec<(String, usize)>,
}

impl Elsewhere {
    /// Finds them for `config` (a Docusaurus project; the `extra_routes` of any site).
    /// `versions_built`: docgen builds the versions of `versions.json` itself.
    pub fn find(
        config: &Config,
        root: &Path,
        config_file: &Path,
        versions_built: bool,
    ) -> (Elsewhere, Vec<Diagnostic>) {
        let mut found = Elsewhere {
            routes: config
                .extra_routes
                .iter()
                .map(|r| normalize_route(r))
                .collect(),
            left_out: Vec::new(),
        };
        let Some(project) = &config.docusaurus else {
            return (found, Vec::new());
        };
        if config.blog.is_none() {
            found.blog(root);
        }
        let react = found.pages(root, config.pages_dir.is_some());
        if !versions_built {
            found.versions(root, &config.route_base_path);
        }
        // Preset-classic's debug plugin, other plugins' route bases.
        found.routes.push("__docusaurus/debug/".into());
        for base in &project.plugin_routes {
            found.routes.push(base.clone());
            found.routes.push(format!("{base}/"));
        }
        let mut diags = match found.left_out.is_empty() {
            true => Vec::new(),
            false => vec![found.warning(config_file)],
        };
        if !react.is_empty() {
            diags.push(react_pages_warning(&react));
        }
        (found, diags)
    }

    fn note(&mut self, what: String, routes: Vec<String>) {
        if !routes.is_empty() {
            self.left_out.push((what, routes.len()));
            self.routes.extend(routes);
        }
    }

    fn warning(&self, config_file: &Path) -> Diagnostic {
        let parts: Vec<String> = self
            .left_out
            .iter()
            .map(|(what, n)| format!("{what}: {n} page{}", if *n == 1 { "" } else { "s" }))
            .collect();
        let mut note = Diagnostic::warning(
            config_file,
            format!(
                "docgen does not build this part of the site yet: {}",
                parts.join("; ")
            ),
        )
        .with_code(crate::codes::Code::NotBuilt)
        .with_hint("links to these pages are kept as written and not checked");
        note.severity = crate::diagnostics::Severity::Note;
        note
    }

    /// `blog/`: posts at `blog/YYYY/MM/DD/slug` (from `YYYY-MM-DD-slug.md`, a folder of that
    /// name, or `YYYY/MM/DD/slug.md`) or at their front matter `slug`; list, tag and author pages.
    fn blog(&mut self, root: &Path) {
        let dir = root.join("blog");
        if !dir.is_dir() {
            return;
        }
        let mut routes = Vec::new();
        for (rel, text) in markdown_files(&dir) {
            if let Some(route) = blog_post_route(&rel, &text) {
                routes.push(join_route(&["blog", &route]));
            }
        }
        let count = routes.len();
        routes.extend(["blog".into(), "blog/archive".into()]);
        routes.extend(["blog/tags/", "blog/authors/", "blog/page/"].map(String::from));
        self.left_out.push(("the blog".into(), count));
        self.routes.extend(routes);
    }

    /// `src/pages/`: every page file at its path (`index` is its folder's route). When docgen
    /// builds the Markdown ones (`markdown_built`), only the React ones are noted here, and
    /// returned for the warning that lists them.
    fn pages(&mut self, root: &Path, markdown_built: bool) -> Vec<String> {
        let dir = root.join("src/pages");
        if !dir.is_dir() {
            return Vec::new();
        }
        let mut routes = Vec::new();
        let mut react = Vec::new();
        for entry in WalkDir::new(&dir).into_iter().filter_map(Result::ok) {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            let page_like = [".js", ".jsx", ".ts", ".tsx", ".md", ".mdx"]
                .iter()
                .any(|e| rel.ends_with(e));
            if !entry.file_type().is_file()
                || !page_like
                || is_partial(&rel)
                || rel.contains(".test.")
                || rel.contains("__tests__")
            {
                continue;
            }
            let markdown = rel.ends_with(".md") || rel.ends_with(".mdx");
            if markdown && markdown_built {
                continue;
            }
            let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
            let route = match stem {
                "index" => "",
                s => s.strip_suffix("/index").unwrap_or(s),
            };
            if markdown_built {
                react.push(format!("src/pages/{rel}"));
                self.routes.push(normalize_route(route));
            } else {
                routes.push(normalize_route(route));
            }
        }
        self.note("pages in src/pages".into(), routes);
        react.sort();
        react
    }

    /// `versions.json`: the current docs are at `<base>/next`, the newest version at `<base>`,
    /// the others at `<base>/<version>`.
    fn versions(&mut self, root: &Path, base: &str) {
        let Ok(text) = std::fs::read_to_string(root.join("versions.json")) else {
            return;
        };
        let Ok(versions) = serde_json::from_str::<Vec<String>>(&text) else {
            return;
        };
        for (i, version) in versions.iter().enumerate() {
            let at = match i {
                0 => base.to_string(),
                _ => join_route(&[base, version]),
            };
            let dir = root.join(format!("versioned_docs/version-{version}"));
            let routes = docs_routes(&dir, &at);
            self.note(format!("version {version}"), routes);
        }
        // Links written for the unreleased docs.
        self.routes
            .push(format!("{}/", join_route(&[base, "next"])));
    }
}

/// React pages run only in a browser with Docusaurus' bundle: docgen says which it leaves
/// out (their routes stay link targets; docgen's home page stands in for `index`).
fn react_pages_warning(files: &[String]) -> Diagnostic {
    const SHOWN: usize = 8;
    let mut list = files
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > SHOWN {
        list.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    let n = files.len();
    Diagnostic::warning(
        &files[0],
        format!(
            "{n} React page{} cannot be built without running JavaScript and {} left out: {list}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" }
        ),
    )
    .with_code(crate::codes::Code::NotBuilt)
    .with_hint("links to them are kept as written; docgen's generated home page stands in for src/pages/index; a page written in Markdown (.md/.mdx) is built")
}

/// Routes of the docs in `dir` published under `base`.
fn docs_routes(dir: &Path, base: &str) -> Vec<String> {
    markdown_files(dir)
        .into_iter()
        .filter_map(|(rel, text)| {
            let page = page::parse(rel, "".into(), text, true).ok().flatten()?;
            Some(join_route(&[base, &page.route]))
        })
        .collect()
}

/// The Markdown pages below `dir` (not partials): content-relative path and text.
fn markdown_files(dir: &Path) -> Vec<(String, String)> {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_page_file(&e.file_name().to_string_lossy()))
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            if is_partial(&rel) {
                return None;
            }
            Some((rel, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect()
}

/// The route of a blog post below the blog's base.
fn blog_post_route(rel: &str, text: &str) -> Option<String> {
    if let Some(slug) = front_matter_value(text, "slug") {
        return Some(normalize_route(&slug));
    }
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    let parts: Vec<&str> = stem.split('/').collect();
    let last = parts.last()?;
    // `2024-05-01-name` in the file or folder name.
    let date_name = |s: &str| -> Option<String> {
        let b = s.as_bytes();
        let dated = b.len() > 11
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'-';
        dated.then(|| format!("{}/{}/{}/{}", &s[..4], &s[5..7], &s[8..10], &s[11..]))
    };
    if let Some(route) = date_name(last) {
        let dir = &parts[..parts.len() - 1];
        return Some(normalize_route(&format!("{}/{route}", dir.join("/"))));
    }
    Some(normalize_route(stem))
}

/// A top-level `key: value` of the front matter, read without the full parser (blog posts
/// have keys docgen's page front matter does not know).
fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let body = text.strip_prefix("---")?;
    let end = body.find("\n---")?;
    body[..end].lines().find_map(|line| {
        let value = line.strip_prefix(key)?.strip_prefix(':')?.trim();
        let value = value.trim_matches(['"', '\'']);
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blog_posts_take_their_date_from_the_file_or_folder_name_or_their_slug() {
        assert_eq!(
            blog_post_route("2021-08-26-welcome/index.md", "").as_deref(),
            Some("2021/08/26/welcome")
        );
        assert_eq!(
            blog_post_route("2019-05-28-first-blog-post.md", "").as_deref(),
            Some("2019/05/28/first-blog-post")
        );
        assert_eq!(
            blog_post_route("releases/3.0.md", "").as_deref(),
            Some("releases/3.0")
        );
        assert_eq!(
            blog_post_route("2019-05-28-x.md", "---\nslug: long-post\n---\n").as_deref(),
            Some("long-post")
        );
    }
}

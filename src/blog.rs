//! The blog, as Docusaurus' blog plugin lays it out: each post's date (from its file or folder
//! name, or front matter) and route, its authors (from `authors.yml` or written inline) and
//! tags (described in `tags.yml` or not), and the pages made from them — the paginated list,
//! tag pages, author pages, the archive — and the feeds. [`plan`] works from the posts' front
//! matter alone, before any Markdown is rendered, so every page can link to these routes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Policy;
use crate::diagnostics::Diagnostic;
use crate::page::SourcePage;
use crate::routes::{join_route, normalize_route, url_slug};

/// The blog plugin's options (Docusaurus' `presets[…].blog`, or `[blog]` in docgen.toml).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BlogOptions {
    /// Folder of the posts, relative to the site root.
    pub path: String,
    pub route_base_path: String,
    pub posts_per_page: usize,
    pub blog_title: String,
    pub blog_description: String,
    /// Posts in the sidebar of recent posts (0: no sidebar).
    pub blog_sidebar_count: usize,
    pub blog_sidebar_title: Option<String>,
    pub show_reading_time: bool,
    /// Feeds to write: `rss`, `atom`, `json` (`all` is all three).
    pub feed_types: Vec<String>,
    /// Posts in each feed.
    pub feed_limit: usize,
    pub authors_map_path: String,
    pub tags: Option<String>,
    /// What a tag missing from `tags.yml` is (Docusaurus' `onInlineTags`).
    pub on_inline_tags: Policy,
    /// What an author written in the post instead of `authors.yml` is (`onInlineAuthors`).
    pub on_inline_authors: Policy,
    pub archive_base_path: String,
}

impl Default for BlogOptions {
    fn default() -> Self {
        BlogOptions {
            path: "blog".into(),
            route_base_path: "blog".into(),
            posts_per_page: 10,
            blog_title: "Blog".into(),
            blog_description: "Blog".into(),
            blog_sidebar_count: 5,
            blog_sidebar_title: None,
            show_reading_time: true,
            feed_types: vec!["rss".into(), "atom".into()],
            feed_limit: 20,
            authors_map_path: "authors.yml".into(),
            tags: Some("tags.yml".into()),
            on_inline_tags: Policy::Warn,
            on_inline_authors: Policy::Warn,
            archive_base_path: "archive".into(),
        }
    }
}

/// An author as `authors.yml` or a post describes them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Author {
    pub name: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    #[serde(alias = "imageURL", alias = "image_URL")]
    pub image_url: Option<String>,
    pub email: Option<String>,
    pub socials: BTreeMap<String, String>,
    /// `authors.yml` asks for a page listing the author's posts.
    #[serde(deserialize_with = "page_flag")]
    pub page: bool,
    /// Set by [`plan`]: the author's page.
    #[serde(skip_deserializing)]
    pub route: Option<String>,
    #[serde(skip_deserializing)]
    pub key: Option<String>,
}

fn page_flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    // `page: true`, or `page: {permalink: …}`.
    Ok(!matches!(
        serde_json::Value::deserialize(d)?,
        serde_json::Value::Bool(false) | serde_json::Value::Null
    ))
}

/// A tag as `tags.yml` describes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TagInfo {
    pub label: Option<String>,
    pub description: Option<String>,
    pub permalink: Option<String>,
}

/// `authors.yml` and `tags.yml`, read by `site`.
#[derive(Debug, Clone, Default)]
pub struct BlogFiles {
    pub authors: HashMap<String, Author>,
    pub tags: Option<HashMap<String, TagInfo>>,
    pub authors_file: Option<std::path::PathBuf>,
}

/// One post, placed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Post {
    /// The post's page, by which its rendered content is found.
    pub route: String,
    pub date: i64,
    pub authors: Vec<Author>,
    /// Indexes into [`Blog::tags`].
    pub tags: Vec<usize>,
    pub reading_minutes: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tag {
    pub label: String,
    pub route: String,
    pub description: Option<String>,
    /// Indexes into [`Blog::posts`], newest first.
    pub posts: Vec<usize>,
}

/// A page listing posts: the blog's own pages, a tag's or an author's.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListPage {
    pub route: String,
    pub posts: Vec<usize>,
    /// 1-based.
    pub number: usize,
    pub total: usize,
    pub newer: Option<String>,
    pub older: Option<String>,
}

/// The whole blog.
#[derive(Debug, Clone, Default)]
pub struct Blog {
    pub options: BlogOptions,
    /// Newest first.
    pub posts: Vec<Post>,
    pub tags: Vec<Tag>,
    /// Authors with a page: (author, their posts).
    pub authors: Vec<(Author, Vec<usize>)>,
    pub lists: Vec<ListPage>,
    /// Tag → its list pages.
    pub tag_lists: Vec<Vec<ListPage>>,
    pub author_lists: Vec<Vec<ListPage>>,
}

impl Blog {
    pub fn base(&self) -> &str {
        &self.options.route_base_path
    }

    pub fn tags_route(&self) -> String {
        join_route(&[self.base(), "tags"])
    }

    pub fn authors_route(&self) -> String {
        join_route(&[self.base(), "authors"])
    }

    pub fn archive_route(&self) -> String {
        join_route(&[self.base(), &self.options.archive_base_path])
    }

    /// Every route the blog makes besides its posts.
    pub fn routes(&self) -> Vec<String> {
        let mut routes = vec![self.tags_route(), self.archive_route()];
        if !self.authors.is_empty() {
            routes.push(self.authors_route());
        }
        let lists = self
            .lists
            .iter()
            .chain(self.tag_lists.iter().flatten())
            .chain(self.author_lists.iter().flatten());
        routes.extend(lists.map(|l| l.route.clone()));
        if self.lists.is_empty() {
            routes.push(normalize_route(self.base()));
        }
        routes
    }

    /// The feeds asked for: `rss`, `atom`, `json`.
    pub fn feeds(&self) -> Vec<&'static str> {
        let all = self.options.feed_types.iter().any(|t| t == "all");
        ["rss", "atom", "json"]
            .into_iter()
            .filter(|f| all || self.options.feed_types.iter().any(|t| t == f))
            .collect()
    }
}

/// A post's route below the blog's base, as Docusaurus makes it: the front matter `slug`,
/// else `YYYY/MM/DD/name` from a dated file or folder name, else the file's path.
pub fn post_route(rel: &str, slug: Option<&str>) -> String {
    if let Some(slug) = slug {
        return normalize_route(slug);
    }
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    let (dir, last) = stem.rsplit_once('/').unwrap_or(("", stem));
    match dated_name(last) {
        Some((y, m, d, name)) => normalize_route(&format!("{dir}/{y}/{m}/{d}/{name}")),
        None => normalize_route(stem),
    }
}

/// `2024-05-01-name` → (`2024`, `05`, `01`, `name`).
fn dated_name(s: &str) -> Option<(&str, &str, &str, &str)> {
    let b = s.as_bytes();
    let dated = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-';
    dated.then(|| (&s[..4], &s[5..7], &s[8..10], &s[11..]))
}

/// The date a post's path gives: a dated file or folder name, or `YYYY/MM/DD/` folders.
fn path_date(rel: &str) -> Option<i64> {
    let parts: Vec<&str> = rel.split('/').collect();
    for part in parts.iter().rev() {
        if let Some((y, m, d, _)) = dated_name(part) {
            return crate::date::parse_datetime(&format!("{y}-{m}-{d}"));
        }
    }
    parts.windows(3).find_map(|w| {
        let all_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        (all_digits(w[0], 4) && all_digits(w[1], 2) && all_digits(w[2], 2))
            .then(|| crate::date::parse_datetime(&format!("{}-{}-{}", w[0], w[1], w[2])))
            .flatten()
    })
}

/// Where `key:` is written in a page's front matter, for messages.
fn key_line(page: &SourcePage, key: &str) -> (usize, usize) {
    let front = &page.text[..page.body_start];
    front
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with(&format!("{key}:")))
        .map_or((1, 1), |(i, _)| (i + 1, 1))
}

fn at(page: &SourcePage, key: &str, d: Diagnostic) -> Diagnostic {
    let (line, column) = key_line(page, key);
    d.at(&page.text, line, column)
}

/// Lays the blog out from its posts; `file_time` is the date of a post that names none (its
/// file's time).
pub fn plan(
    options: &BlogOptions,
    files: &BlogFiles,
    pages: &[&SourcePage],
    file_time: &dyn Fn(&SourcePage) -> i64,
) -> (Blog, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut tags: Vec<Tag> = Vec::new();
    let mut tag_index: HashMap<String, usize> = HashMap::new();
    let mut posts = Vec::new();
    for page in pages {
        let Some(date) = post_date(page, file_time, &mut diags) else {
            continue;
        };
        let authors = post_authors(page, options, files, &mut diags);
        let mut post_tags = Vec::new();
        for name in &page.front.tags {
            let known = files.tags.as_ref().map(|t| t.get(name));
            if let Some(None) = known
                && options.on_inline_tags != Policy::Ignore
            {
                let mut d = at(
                    page,
                    "tags",
                    Diagnostic::warning(
                        &page.display,
                        format!("the tag `{name}` is not described in the blog's tags file"),
                    ),
                )
                .with_code(crate::codes::Code::Blog)
                .with_hint("add it to tags.yml, or set the blog's `onInlineTags: 'ignore'`");
                if options.on_inline_tags == Policy::Error {
                    d.severity = crate::diagnostics::Severity::Error;
                }
                diags.push(d);
            }
            let info = known.flatten();
            let key = url_slug(name);
            let i = *tag_index.entry(key.clone()).or_insert_with(|| {
                let permalink = info
                    .and_then(|t| t.permalink.clone())
                    .unwrap_or_else(|| key.clone());
                tags.push(Tag {
                    label: info
                        .and_then(|t| t.label.clone())
                        .unwrap_or_else(|| name.clone()),
                    route: join_route(&[&options.route_base_path, "tags", &permalink]),
                    description: info.and_then(|t| t.description.clone()),
                    posts: Vec::new(),
                });
                tags.len() - 1
            });
            if !post_tags.contains(&i) {
                post_tags.push(i);
            }
        }
        posts.push(Post {
            route: page.route.clone(),
            date,
            authors,
            tags: post_tags,
            reading_minutes: reading_minutes(page.body()),
        });
    }
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.route.cmp(&b.route)));
    for (i, post) in posts.iter().enumerate() {
        for &t in &post.tags {
            tags[t].posts.push(i);
        }
    }
    let mut authors: Vec<(Author, Vec<usize>)> = Vec::new();
    for (i, post) in posts.iter().enumerate() {
        for a in post.authors.iter().filter(|a| a.route.is_some()) {
            match authors.iter_mut().find(|(x, _)| x.key == a.key) {
                Some((_, list)) => list.push(i),
                None => authors.push((a.clone(), vec![i])),
            }
        }
    }
    let per_page = options.posts_per_page.max(1);
    let all: Vec<usize> = (0..posts.len()).collect();
    let lists = paginate(&options.route_base_path, &all, per_page);
    let tag_lists = tags
        .iter()
        .map(|t| paginate(&t.route, &t.posts, per_page))
        .collect();
    let author_lists = authors
        .iter()
        .filter_map(|(a, list)| Some(paginate(a.route.as_ref()?, list, per_page)))
        .collect();
    let blog = Blog {
        options: options.clone(),
        posts,
        tags,
        authors,
        lists,
        tag_lists,
        author_lists,
    };
    (blog, diags)
}

fn post_date(
    page: &SourcePage,
    file_time: &dyn Fn(&SourcePage) -> i64,
    diags: &mut Vec<Diagnostic>,
) -> Option<i64> {
    match page.front.extra.get("date") {
        Some(serde_json::Value::String(text)) => match crate::date::parse_datetime(text) {
            Some(date) => Some(date),
            None => {
                diags.push(
                    at(
                        page,
                        "date",
                        Diagnostic::error(
                            &page.display,
                            format!("the post's date `{text}` cannot be read"),
                        ),
                    )
                    .with_code(crate::codes::Code::Blog)
                    .with_hint(
                        "write it as YYYY-MM-DD, optionally with a time: 2026-05-02T10:00:00Z",
                    ),
                );
                None
            }
        },
        Some(other) => {
            diags.push(
                at(
                    page,
                    "date",
                    Diagnostic::error(
                        &page.display,
                        format!("the post's date should be a date, found `{other}`"),
                    ),
                )
                .with_code(crate::codes::Code::Blog)
                .with_hint("write it as YYYY-MM-DD"),
            );
            None
        }
        None => Some(path_date(&page.rel).unwrap_or_else(|| file_time(page))),
    }
}

/// The post's authors: keys of `authors.yml`, inline objects, or the older `author*` keys.
fn post_authors(
    page: &SourcePage,
    options: &BlogOptions,
    files: &BlogFiles,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Author> {
    let extra = &page.front.extra;
    let listed: Vec<serde_json::Value> = match extra.get("authors") {
        Some(serde_json::Value::Array(list)) => list.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for entry in listed {
        match entry {
            serde_json::Value::String(key) => match files.authors.get(&key) {
                Some(author) => {
                    let mut author = author.clone();
                    author.key = Some(key.clone());
                    if author.page {
                        author.route = Some(join_route(&[
                            &options.route_base_path,
                            "authors",
                            &url_slug(&key),
                        ]));
                    }
                    out.push(author);
                }
                None => {
                    let file = files.authors_file.as_deref().map_or_else(
                        || options.authors_map_path.clone(),
                        |p| p.display().to_string(),
                    );
                    diags.push(
                        at(
                            page,
                            "authors",
                            Diagnostic::error(
                                &page.display,
                                format!("the author `{key}` is not in {file}"),
                            ),
                        )
                        .with_code(crate::codes::Code::Blog)
                        .with_hint(known_keys(&files.authors)),
                    );
                }
            },
            value @ serde_json::Value::Object(_) => match serde_json::from_value::<Author>(value) {
                Ok(mut author) => {
                    author.page = false;
                    if options.on_inline_authors == Policy::Error {
                        let message =
                            "authors must be keys of the authors file (`onInlineAuthors: 'throw'`)";
                        let d = Diagnostic::error(&page.display, message)
                            .with_code(crate::codes::Code::Blog);
                        diags.push(at(page, "authors", d));
                    }
                    out.push(author);
                }
                Err(e) => diags.push(at(
                    page,
                    "authors",
                    Diagnostic::error(&page.display, format!("an author cannot be read: {e}"))
                        .with_code(crate::codes::Code::Blog),
                )),
            },
            other => diags.push(at(
                page,
                "authors",
                Diagnostic::error(
                    &page.display,
                    format!("an author should be a key or an object, found `{other}`"),
                )
                .with_code(crate::codes::Code::Blog),
            )),
        }
    }
    if out.is_empty()
        && let Some(serde_json::Value::String(name)) = extra.get("author")
    {
        let text = |k: &str| extra.get(k).and_then(|v| v.as_str()).map(str::to_string);
        out.push(Author {
            name: Some(name.clone()),
            title: text("author_title"),
            url: text("author_url"),
            image_url: text("author_image_url"),
            ..Author::default()
        });
    }
    out
}

fn known_keys(authors: &HashMap<String, Author>) -> String {
    let mut keys: Vec<&str> = authors.keys().map(String::as_str).collect();
    keys.sort_unstable();
    match keys.is_empty() {
        true => {
            "the blog has no authors file; add the author to authors.yml beside the posts".into()
        }
        false => format!("the authors file has: {}", keys.join(", ")),
    }
}

/// Minutes to read, at 200 words a minute (Docusaurus' default), at least one.
fn reading_minutes(body: &str) -> u32 {
    let words = body.split_whitespace().count();
    (words.div_ceil(200)).max(1) as u32
}

/// `base`, `base/page/2`, … with `per_page` posts each; one empty page for an empty list.
fn paginate(base: &str, posts: &[usize], per_page: usize) -> Vec<ListPage> {
    let chunks: Vec<&[usize]> = match posts.is_empty() {
        true => vec![&[]],
        false => posts.chunks(per_page).collect(),
    };
    let total = chunks.len();
    let route = |n: usize| match n {
        1 => normalize_route(base),
        n => join_route(&[base, "page", &n.to_string()]),
    };
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let number = i + 1;
            ListPage {
                route: route(number),
                posts: chunk.to_vec(),
                number,
                total,
                newer: (number > 1).then(|| route(number - 1)),
                older: (number < total).then(|| route(number + 1)),
            }
        })
        .collect()
}

/// Reads `authors.yml` (or `.json`) and `tags.yml` beside the posts.
pub fn read_files(
    options: &BlogOptions,
    blog_dir: &Path,
    root: &Path,
) -> (BlogFiles, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files = BlogFiles::default();
    let authors_path = blog_dir.join(&options.authors_map_path);
    if let Some((display, text)) = read_optional(&authors_path, root, &mut diags) {
        match parse_yaml::<HashMap<String, Author>>(&text, &display) {
            Ok(map) => files.authors = map,
            Err(d) => diags.push(d),
        }
        files.authors_file = Some(display);
    }
    if let Some(tags) = &options.tags
        && let Some((display, text)) = read_optional(&blog_dir.join(tags), root, &mut diags)
    {
        match parse_yaml::<HashMap<String, Option<TagInfo>>>(&text, &display) {
            Ok(map) => {
                let map = map
                    .into_iter()
                    .map(|(k, v)| (k, v.unwrap_or_default()))
                    .collect();
                files.tags = Some(map);
            }
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}

fn read_optional(
    path: &Path,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<(std::path::PathBuf, String)> {
    let display = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    match std::fs::read(path) {
        Ok(bytes) => match crate::page::decode(bytes, &display) {
            Ok(text) => Some((display, text)),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            diags.push(
                Diagnostic::error(&display, format!("cannot read: {e}"))
                    .with_code(crate::codes::Code::Blog),
            );
            None
        }
    }
}

fn parse_yaml<T: serde::de::DeserializeOwned + Default>(
    text: &str,
    display: &Path,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let message = e.to_string();
        let first = message.lines().next().unwrap_or("invalid YAML");
        let d = Diagnostic::error(display, format!("cannot be read: {first}"))
            .with_code(crate::codes::Code::Blog);
        match e.location() {
            Some(loc) if loc.line() > 0 => {
                d.at(text, loc.line() as usize, loc.column().max(1) as usize)
            }
            _ => d,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_routes_follow_dated_names_and_slugs() {
        assert_eq!(post_route("2026-01-05-halo.md", None), "2026/01/05/halo");
        assert_eq!(
            post_route("2026-03-10-rilis/index.md", None),
            "2026/03/10/rilis"
        );
        assert_eq!(post_route("2026/04/01/april.md", None), "2026/04/01/april");
        assert_eq!(post_route("catatan.md", Some("/khusus")), "khusus");
        assert_eq!(post_route("catatan.mdx", None), "catatan");
    }

    #[test]
    fn dates_come_from_file_and_folder_names() {
        assert_eq!(
            path_date("2026-01-05-halo.md"),
            crate::date::parse_datetime("2026-01-05")
        );
        assert_eq!(
            path_date("2026/04/01/april.md"),
            crate::date::parse_datetime("2026-04-01")
        );
        assert_eq!(path_date("2026-02-30-tidak-ada.md"), None);
        assert_eq!(path_date("catatan.md"), None);
    }

    #[test]
    fn lists_are_paginated_with_links_both_ways() {
        let pages = paginate("blog", &[0, 1, 2, 3, 4], 2);
        let routes: Vec<&str> = pages.iter().map(|p| p.route.as_str()).collect();
        assert_eq!(routes, ["blog", "blog/page/2", "blog/page/3"]);
        assert_eq!(pages[0].older.as_deref(), Some("blog/page/2"));
        assert_eq!(pages[0].newer, None);
        assert_eq!(pages[2].posts, [4]);
        assert_eq!(pages[2].newer.as_deref(), Some("blog/page/2"));
        assert_eq!(paginate("blog", &[], 2).len(), 1);
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes("satu dua"), 1);
        assert_eq!(reading_minutes(&"kata ".repeat(401)), 3);
    }
}

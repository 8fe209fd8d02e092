//! The blog's pages through the templates: each post (`blog-post.html`), the paginated lists
//! of the blog, of each tag and each author (`blog-list.html`), the tags and authors indexes
//! (`blog-tags.html`), the archive (`blog-archive.html`), and the feeds (`blog-rss.xml`,
//! `blog-atom.xml`, and `feed.json` written here).

use std::collections::HashMap;

use serde::Serialize;
use serde_json::json;
use tera::{Context, Value};

use super::{Only, PageView, Pass, SharedValues};
use crate::blog::{Author, Blog, ListPage, Post};
use crate::content::Doc;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::routes::{page_href, root_prefix};
use crate::theme;

/// What the templates know of a post.
#[derive(Serialize)]
struct PostView<'a> {
    title: &'a str,
    route: &'a str,
    /// Relative to the site root.
    path: String,
    date: String,
    date_iso: String,
    authors: &'a [Author],
    tags: Vec<serde_json::Value>,
    reading_time: Option<String>,
    description: Option<&'a str>,
    /// The part before `<!-- truncate -->`, or the whole post.
    summary: &'a str,
    truncated: bool,
}

/// A blog page other than a post, for [`Pass::render_blog_page`].
struct BlogPage<'a> {
    template: &'static str,
    kind: &'static str,
    route: &'a str,
    title: &'a str,
    heading: &'a str,
    description: Option<&'a str>,
    sidebar: Value,
    /// What the template shows besides the page: `posts`, `entries`, `years`.
    vars: Vec<(&'static str, Value)>,
}

fn no_sidebar() -> Value {
    Value::from(Vec::<Value>::new())
}

/// Where a post's summary ends.
const TRUNCATE: &str = "<!-- truncate -->";

impl Pass<'_> {
    fn blog(&self) -> Option<&Blog> {
        self.site.blog.as_ref()
    }

    fn post_docs(&self) -> HashMap<&str, &Doc> {
        self.content
            .docs
            .iter()
            .filter(|d| d.source.kind == crate::page::PageKind::Post)
            .map(|d| (d.source.route.as_str(), d))
            .collect()
    }

    fn post_view<'a>(&'a self, blog: &'a Blog, post: &'a Post, doc: &'a Doc) -> PostView<'a> {
        // Posts are always kept (`content::Body::Kept`): their lists show them.
        let html = post_html(doc);
        let (summary, truncated) = match html.find(TRUNCATE) {
            Some(i) => (&html[..i], true),
            None => (html, false),
        };
        let strings = &self.site.strings;
        PostView {
            title: &doc.title,
            route: &post.route,
            path: page_href(&post.route),
            date: crate::i18n::format_date(post.date, strings),
            date_iso: crate::date::iso_date(post.date),
            authors: &post.authors,
            tags: post
                .tags
                .iter()
                .map(|&t| {
                    let tag = &blog.tags[t];
                    json!({"label": tag.label, "path": page_href(&tag.route)})
                })
                .collect(),
            reading_time: blog.options.show_reading_time.then(|| {
                strings
                    .get("reading_time")
                    .map_or("{minutes} min", String::as_str)
                    .replace("{minutes}", &post.reading_minutes.to_string())
            }),
            description: doc.source.front.description.as_deref(),
            summary,
            truncated,
        }
    }

    /// The recent posts, as sidebar items.
    fn recent_posts(&self, blog: &Blog, docs: &HashMap<&str, &Doc>) -> Value {
        let items: Vec<serde_json::Value> = blog
            .posts
            .iter()
            .take(blog.options.blog_sidebar_count)
            .filter_map(|p| {
                let doc = docs.get(p.route.as_str())?;
                Some(json!({
                    "kind": "doc", "key": p.route, "label": doc.title, "route": p.route,
                    "href": page_href(&p.route), "collapsed": false, "collapsible": false,
                    "children": [],
                }))
            })
            .collect();
        Value::from_serializable(&items)
    }

    /// One post's page, with the newer and older post.
    pub(super) fn render_post(
        &self,
        staging: &dyn Sink,
        doc: &Doc,
        view: PageView<'_>,
        shared: &SharedValues,
    ) -> Result<(), Diagnostic> {
        let Some(blog) = self.blog() else {
            return Ok(());
        };
        let docs = self.post_docs();
        let Some(index) = blog.posts.iter().position(|p| p.route == doc.source.route) else {
            // A post whose date could not be read is reported, and not published.
            return Ok(());
        };
        let post = &blog.posts[index];
        let link = |i: usize| {
            let p = blog.posts.get(i)?;
            let d = docs.get(p.route.as_str())?;
            Some(crate::nav::NavLink {
                label: d.title.clone(),
                route: p.route.clone(),
                href: page_href(&p.route),
            })
        };
        let newer = index.checked_sub(1).and_then(link);
        let older = link(index + 1);
        let view = PageView {
            kind: "post",
            ancestors: &[],
            ..view
        };
        let extra = vec![
            ("sidebar", self.recent_posts(blog, &docs)),
            ("post", theme::to_value(&self.post_view(blog, post, doc))?),
            ("blog", self.blog_value(blog)),
        ];
        self.render_to(
            staging,
            "blog-post.html",
            view,
            shared,
            (newer, older),
            &[],
            extra,
        )
    }

    fn blog_value(&self, blog: &Blog) -> Value {
        let feed = |kind: &str| {
            let file = match kind {
                "rss" => "rss.xml",
                "atom" => "atom.xml",
                _ => "feed.json",
            };
            format!("{}/{file}", blog.base())
        };
        Value::from_serializable(&json!({
            "title": blog.options.blog_title,
            "description": blog.options.blog_description,
            "path": page_href(blog.base()),
            "tags_path": page_href(&blog.tags_route()),
            "archive_path": page_href(&blog.archive_route()),
            "sidebar_title": blog.options.blog_sidebar_title.clone()
                .or_else(|| self.site.strings.get("recent_posts").cloned()),
            "rss": blog.feeds().contains(&"rss").then(|| feed("rss")),
            "atom": blog.feeds().contains(&"atom").then(|| feed("atom")),
        }))
    }

    /// Every list, index, archive page and feed of the blog.
    pub(super) fn render_blog(
        &self,
        staging: &dyn Sink,
        only: Only<'_>,
        shared: &SharedValues,
    ) -> Vec<Result<(), Diagnostic>> {
        let Some(blog) = self.blog() else {
            return Vec::new();
        };
        let docs = self.post_docs();
        let mut results = Vec::new();
        let title = blog.options.blog_title.as_str();
        for list in &blog.lists {
            if only.wants(&list.route) {
                let plain = (None, false);
                results.push(self.render_list(staging, shared, (blog, &docs), list, title, plain));
            }
        }
        for (tag, lists) in blog.tags.iter().zip(&blog.tag_lists) {
            let heading = self.count_heading(tag.posts.len(), &tag.label);
            for list in lists.iter().filter(|l| only.wants(&l.route)) {
                let description = (tag.description.as_deref(), true);
                results.push(self.render_list(
                    staging,
                    shared,
                    (blog, &docs),
                    list,
                    &heading,
                    description,
                ));
            }
        }
        for ((author, _), lists) in blog.authors.iter().zip(&blog.author_lists) {
            let name = author.name.as_deref().unwrap_or_default();
            let heading = self
                .site
                .strings
                .get("posts_by")
                .map_or_else(|| name.to_string(), |s| s.replace("{author}", name));
            for list in lists.iter().filter(|l| only.wants(&l.route)) {
                let description = (author.title.as_deref(), false);
                results.push(self.render_list(
                    staging,
                    shared,
                    (blog, &docs),
                    list,
                    &heading,
                    description,
                ));
            }
        }
        if only.wants(&blog.tags_route()) {
            let entries: Vec<serde_json::Value> = blog
                .tags
                .iter()
                .map(|t| json!({"label": t.label, "path": page_href(&t.route), "count": t.posts.len()}))
                .collect();
            let heading = self.string("tags", "Tags");
            results.push(self.render_index(
                staging,
                shared,
                blog,
                &blog.tags_route(),
                &heading,
                entries,
            ));
        }
        if !blog.authors.is_empty() && only.wants(&blog.authors_route()) {
            let entries: Vec<serde_json::Value> = blog
                .authors
                .iter()
                .filter_map(|(a, posts)| {
                    Some(json!({"label": a.name, "path": page_href(a.route.as_ref()?), "count": posts.len(), "description": a.title}))
                })
                .collect();
            let heading = self.string("authors", "Authors");
            results.push(self.render_index(
                staging,
                shared,
                blog,
                &blog.authors_route(),
                &heading,
                entries,
            ));
        }
        if only.wants(&blog.archive_route()) {
            results.push(self.render_archive(staging, shared, blog, &docs));
        }
        if only.whole_site() {
            results.extend(self.write_feeds(staging, blog, &docs));
        }
        results
    }

    fn string(&self, key: &str, default: &str) -> String {
        self.site
            .strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }

    /// "3 posts tagged with “ci”".
    fn count_heading(&self, count: usize, tag: &str) -> String {
        let template = match count {
            1 => self.string("one_post_tagged", "One post tagged with “{tag}”"),
            _ => self.string("posts_tagged", "{count} posts tagged with “{tag}”"),
        };
        template
            .replace("{count}", &count.to_string())
            .replace("{tag}", tag)
    }

    fn render_list(
        &self,
        staging: &dyn Sink,
        shared: &SharedValues,
        (blog, docs): (&Blog, &HashMap<&str, &Doc>),
        list: &ListPage,
        heading: &str,
        (description, tag_page): (Option<&str>, bool),
    ) -> Result<(), Diagnostic> {
        let posts: Vec<PostView<'_>> = list
            .posts
            .iter()
            .filter_map(|&i| {
                let post = &blog.posts[i];
                Some(self.post_view(blog, post, docs.get(post.route.as_str())?))
            })
            .collect();
        let title = match list.number {
            1 => heading.to_string(),
            n => format!(
                "{heading} – {}",
                self.string("page_n", "Page {n}")
                    .replace("{n}", &n.to_string())
            ),
        };
        let pages = json!({
            "number": list.number, "total": list.total, "tag": tag_page,
            "newer": list.newer.as_deref().map(page_href),
            "older": list.older.as_deref().map(page_href),
        });
        let page = BlogPage {
            template: "blog-list.html",
            kind: "blog-list",
            route: &list.route,
            title: &title,
            heading,
            description,
            sidebar: self.recent_posts(blog, docs),
            vars: vec![
                ("posts", theme::to_value(&posts)?),
                ("list", Value::from_serializable(&pages)),
            ],
        };
        self.render_blog_page(staging, shared, blog, page)
    }

    fn render_index(
        &self,
        staging: &dyn Sink,
        shared: &SharedValues,
        blog: &Blog,
        route: &str,
        heading: &str,
        entries: Vec<serde_json::Value>,
    ) -> Result<(), Diagnostic> {
        let page = BlogPage {
            template: "blog-tags.html",
            kind: "blog-index",
            route,
            title: heading,
            heading,
            description: None,
            sidebar: no_sidebar(),
            vars: vec![("entries", Value::from_serializable(&entries))],
        };
        self.render_blog_page(staging, shared, blog, page)
    }

    fn render_archive(
        &self,
        staging: &dyn Sink,
        shared: &SharedValues,
        blog: &Blog,
        docs: &HashMap<&str, &Doc>,
    ) -> Result<(), Diagnostic> {
        let mut years: Vec<(i64, Vec<serde_json::Value>)> = Vec::new();
        for post in &blog.posts {
            let Some(doc) = docs.get(post.route.as_str()) else {
                continue;
            };
            let year = crate::date::civil_from_unix(post.date).0;
            let entry = json!({
                "title": doc.title, "path": page_href(&post.route),
                "date": crate::i18n::format_date(post.date, &self.site.strings),
                "date_iso": crate::date::iso_date(post.date),
            });
            match years.last_mut() {
                Some((y, list)) if *y == year => list.push(entry),
                _ => years.push((year, vec![entry])),
            }
        }
        let years: Vec<serde_json::Value> = years
            .into_iter()
            .map(|(year, posts)| json!({"year": year, "posts": posts}))
            .collect();
        let heading = self.string("archive", "Archive");
        let route = blog.archive_route();
        let page = BlogPage {
            template: "blog-archive.html",
            kind: "blog-archive",
            route: &route,
            title: &heading,
            heading: &heading,
            description: None,
            sidebar: no_sidebar(),
            vars: vec![("years", Value::from_serializable(&years))],
        };
        self.render_blog_page(staging, shared, blog, page)
    }

    /// A page of the blog that is not a post: a list, an index or the archive.
    fn render_blog_page(
        &self,
        staging: &dyn Sink,
        shared: &SharedValues,
        blog: &Blog,
        page: BlogPage<'_>,
    ) -> Result<(), Diagnostic> {
        let view = PageView {
            kind: page.kind,
            route: page.route,
            title: page.title,
            heading: page.heading,
            description: page.description,
            hide_table_of_contents: true,
            ..PageView::default()
        };
        let mut extra = vec![("sidebar", page.sidebar), ("blog", self.blog_value(blog))];
        extra.extend(page.vars);
        self.render_to(
            staging,
            page.template,
            view,
            shared,
            (None, None),
            &[],
            extra,
        )
    }

    /// RSS and Atom through their templates, JSON Feed directly; absolute URLs need the
    /// site's `url`, so a site without one gets no feeds.
    fn write_feeds(
        &self,
        staging: &dyn Sink,
        blog: &Blog,
        docs: &HashMap<&str, &Doc>,
    ) -> Vec<Result<(), Diagnostic>> {
        let Some(base) = self.site.config.base_url_slash() else {
            return Vec::new();
        };
        let url = |route: &str| match route {
            "" => base.clone(),
            r => format!("{base}{r}/"),
        };
        let items: Vec<serde_json::Value> = blog
            .posts
            .iter()
            .take(blog.options.feed_limit)
            .filter_map(|post| {
                let doc = docs.get(post.route.as_str())?;
                // Links inside a post are relative to its page; a feed reader needs them whole.
                let html = absolute_links(post_html(doc), &url(&post.route), &root_prefix(&post.route));
                Some(json!({
                    "title": doc.title, "url": url(&post.route),
                    "date_rfc822": crate::date::rfc822(post.date),
                    "date_rfc3339": crate::date::rfc3339(post.date),
                    "description": doc.source.front.description,
                    "content": html.replace(TRUNCATE, ""),
                    "authors": post.authors,
                    "tags": post.tags.iter().map(|&t| blog.tags[t].label.clone()).collect::<Vec<_>>(),
                }))
            })
            .collect();
        let updated = blog.posts.first().map_or(0, |p| p.date);
        let feed = json!({
            "title": blog.options.blog_title,
            "description": blog.options.blog_description,
            "link": url(blog.base()),
            "self_rss": format!("{}rss.xml", url(blog.base())),
            "self_atom": format!("{}atom.xml", url(blog.base())),
            "language": self.site.config.language,
            "updated_rfc822": crate::date::rfc822(updated),
            "updated_rfc3339": crate::date::rfc3339(updated),
            "items": items,
        });
        let mut results = Vec::new();
        for kind in blog.feeds() {
            let written = match kind {
                "json" => self.json_feed(staging, blog, &feed),
                kind => {
                    let (template, file) = match kind {
                        "rss" => ("blog-rss.xml", "rss.xml"),
                        _ => ("blog-atom.xml", "atom.xml"),
                    };
                    let mut ctx = Context::new();
                    ctx.insert_value("feed", Value::from_serializable(&feed));
                    self.theme.render(template, &ctx).and_then(|xml| {
                        staging.write(&format!("{}/{file}", blog.base()), xml.as_bytes())
                    })
                }
            };
            results.push(written);
        }
        results
    }

    fn json_feed(
        &self,
        staging: &dyn Sink,
        blog: &Blog,
        feed: &serde_json::Value,
    ) -> Result<(), Diagnostic> {
        let items: Vec<serde_json::Value> = feed["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| {
                        json!({
                            "id": i["url"], "url": i["url"], "title": i["title"],
                            "content_html": i["content"], "summary": i["description"],
                            "date_modified": i["date_rfc3339"], "date_published": i["date_rfc3339"],
                            "authors": i["authors"].as_array().map(|a| a.iter().map(|a| json!({"name": a["name"], "url": a["url"]})).collect::<Vec<_>>()),
                            "tags": i["tags"],
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let out = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"], "home_page_url": feed["link"],
            "feed_url": format!("{}feed.json", feed["link"].as_str().unwrap_or_default()),
            "description": feed["description"], "language": feed["language"],
            "items": items,
        });
        let text = serde_json::to_string_pretty(&out).unwrap_or_default();
        staging.write(&format!("{}/feed.json", blog.base()), text.as_bytes())
    }
}

/// `href="../../x/index.html"` and `src="img.png"` in a post's HTML made absolute from the
/// post's URL, for feed readers.
fn absolute_links(html: &str, page_url: &str, _root: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find([' ', '\n']) {
        let (head, tail) = rest.split_at(i + 1);
        out.push_str(head);
        rest = tail;
        for attr in ["href=\"", "src=\""] {
            if let Some(value) = rest.strip_prefix(attr) {
                let end = value.find('"').unwrap_or(value.len());
                let target = &value[..end];
                out.push_str(attr);
                out.push_str(&resolve(page_url, target));
                rest = &value[end..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL written on the page at `page_url` (ending in `/`), made absolute.
fn resolve(page_url: &str, target: &str) -> String {
    if target.starts_with('#')
        || target.starts_with('/')
        || crate::links::is_external(target)
        || target.is_empty()
    {
        return target.to_string();
    }
    let (origin, path) = match page_url
        .find("://")
        .and_then(|i| page_url[i + 3..].find('/').map(|j| i + 3 + j))
    {
        Some(i) => page_url.split_at(i),
        None => return target.to_string(),
    };
    let mut parts: Vec<&str> = path
        .trim_end_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    format!("{origin}/{}", parts.join("/"))
}

/// A post's rendered HTML.
fn post_html(doc: &Doc) -> &str {
    doc.kept().map_or("", |r| r.html.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_in_feeds_become_absolute() {
        let page = "https://contoh.org/situs/blog/2026/01/05/halo/";
        assert_eq!(
            resolve(page, "../../../../../docs/x/index.html#a"),
            "https://contoh.org/situs/docs/x/index.html#a"
        );
        assert_eq!(
            resolve(page, "grafik.svg"),
            "https://contoh.org/situs/blog/2026/01/05/halo/grafik.svg"
        );
        assert_eq!(resolve(page, "#bagian"), "#bagian");
        assert_eq!(resolve(page, "https://x.org/"), "https://x.org/");
        let html = absolute_links(
            "<a href=\"../a/index.html\">x</a> <img src=\"b.png\">",
            page,
            "",
        );
        assert!(
            html.contains("href=\"https://contoh.org/situs/blog/2026/01/05/a/index.html\""),
            "{html}"
        );
        assert!(
            html.contains("src=\"https://contoh.org/situs/blog/2026/01/05/halo/b.png\""),
            "{html}"
        );
    }
}

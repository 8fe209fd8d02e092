//! Markdown to HTML with pulldown-cmark: heading ids and anchors, the table of contents,
//! highlighted code, GFM alerts, and links and images rewritten to the site's output.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

#[cfg(test)]
mod tests;

use crate::assets::{AssetIndex, AssetLookup};
use crate::codes::Code;
use crate::diagnostics::{Diagnostic, Kind};
use crate::highlight::{Highlighter, Unhighlighted, parse_fence_info};
use crate::html;
use crate::links::{AnchorRef, LinkIndex, Target, is_external};
use crate::routes::{SlugCounter, normalize_route, page_href, slugify};

/// What the renderer needs besides the Markdown.
pub struct MarkdownContext<'a> {
    pub file: &'a Path,
    pub source: &'a str,
    pub line_map: &'a [usize],
    pub page_dir: &'a str,
    pub page_route: &'a str,
    pub root_prefix: &'a str,
    pub assets: &'a AssetIndex,
    pub links: &'a LinkIndex,
    pub highlighter: &'a Highlighter,
    pub anchor_label: &'a str,
    /// Admonition titles for GFM alerts (`> [!NOTE]`), by kind.
    pub alert_titles: &'a dyn Fn(&str) -> String,
    pub toc_levels: (u8, u8),
    /// Take a leading `# H1` out of the body (it becomes the page heading).
    pub take_h1: bool,
    /// The page's docs instance: its folder is where Markdown links look first.
    pub instance: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    /// Text of the leading H1, when it was taken out.
    pub h1: Option<String>,
    /// Its id, which the page's `<h1>` carries.
    pub h1_id: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Every id in the page that a `#fragment` may point at.
    pub anchors: HashSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
    pub diagnostics: Vec<Diagnostic>,
    /// The page draws a Mermaid diagram (set once components are rendered).
    pub mermaid: bool,
}

/// Code blocks and `<Mermaid>` diagrams carry this class; pages with one load Mermaid.
pub const MERMAID_CLASS: &str = "<pre class=\"mermaid\"";

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

struct Renderer<'a, 'c> {
    ctx: &'c MarkdownContext<'a>,
    markdown: &'c str,
    out: RenderedMarkdown,
    slugs: SlugCounter,
    headings: Vec<(u8, String, String)>,
    seen_block: bool,
    images_seen: usize,
}

pub fn render(markdown: &str, ctx: &MarkdownContext<'_>) -> RenderedMarkdown {
    let mut r = Renderer {
        ctx,
        markdown,
        out: RenderedMarkdown::default(),
        slugs: SlugCounter::default(),
        headings: Vec::new(),
        seen_block: false,
        images_seen: 0,
    };
    let events = r.transform(Parser::new_ext(markdown, options()).into_offset_iter());
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    r.out.html = html;
    r.out.toc = build_toc(&r.headings, ctx.toc_levels);
    r.out
}

/// The page heading [`render`] would take from `markdown`: an H1 that comes before any other
/// block. Found without rendering, for the navigation to know every title before the pages are
/// rendered one by one.
pub fn leading_h1(markdown: &str) -> Option<String> {
    let mut events = Parser::new_ext(markdown, options());
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                let inner: Vec<Event<'_>> = events
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .collect();
                return Some(plain_text(&inner));
            }
            Event::Start(tag) if is_block(&tag) => return None,
            Event::Html(_) | Event::Rule => return None,
            _ => {}
        }
    }
    None
}

impl<'a> Renderer<'a, '_> {
    fn transform<'e>(
        &mut self,
        iter: impl Iterator<Item = (Event<'e>, Range<usize>)>,
    ) -> Vec<Event<'e>> {
        let mut events = Vec::new();
        let mut iter = iter.peekable();
        let mut alert_stack: Vec<bool> = Vec::new();
        while let Some((event, range)) = iter.next() {
            let is_block_start = matches!(&event, Event::Start(tag) if is_block(tag))
                || matches!(event, Event::Html(_) | Event::Rule);
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let mut inner = Vec::new();
                    for (e, _) in iter.by_ref() {
                        if matches!(e, Event::End(TagEnd::Heading(_))) {
                            break;
                        }
                        inner.push(e);
                    }
                    let html = self.heading(level, id, &classes, &attrs, inner);
                    if let Some(html) = html {
                        events.push(Event::Html(html.into()));
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let block_range = range.clone();
                    let mut code = String::new();
                    for (e, _) in iter.by_ref() {
                        match e {
                            Event::Text(t) => code.push_str(&t),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    let info = match &kind {
                        CodeBlockKind::Fenced(info) => parse_fence_info(info),
                        CodeBlockKind::Indented => Default::default(),
                    };
                    // Diagrams are drawn in the browser by the Mermaid script docgen ships.
                    let html = if info.lang == "mermaid" {
                        format!("<pre class=\"mermaid\">{}</pre>\n", html::escape(&code))
                    } else {
                        let (html, unhighlighted) = self.ctx.highlighter.render(&code, &info);
                        if let Some(reason) = unhighlighted {
                            self.warn_unhighlighted(&block_range, &info.lang, &reason);
                        }
                        html
                    };
                    events.push(Event::Html(html.into()));
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    alert_stack.push(kind.is_some());
                    match kind {
                        Some(kind) => events.push(Event::Html(self.alert_open(kind).into())),
                        None => events.push(Event::Start(Tag::BlockQuote(None))),
                    }
                }
                Event::End(TagEnd::BlockQuote(kind)) => {
                    if alert_stack.pop().unwrap_or(false) {
                        events.push(Event::Html("</div></div>\n".into()));
                    } else {
                        events.push(Event::End(TagEnd::BlockQuote(kind)));
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.link(dest_url, &range);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let dest_url = self.image(dest_url, &range);
                    let mut alt = Vec::new();
                    let mut depth = 0usize;
                    for (e, _) in iter.by_ref() {
                        match e {
                            Event::End(TagEnd::Image) if depth == 0 => break,
                            Event::Start(Tag::Image { .. }) => depth += 1,
                            Event::End(TagEnd::Image) => depth -= 1,
                            _ => {}
                        }
                        alt.push(e);
                    }
                    let tag = self.img_tag(&dest_url, &plain_text(&alt), &title);
                    events.push(Event::InlineHtml(tag.into()));
                }
                Event::Html(html) => {
                    collect_html_ids(&html, &mut self.out.anchors);
                    events.push(Event::Html(self.enrich_img_tags(html)));
                }
                Event::InlineHtml(html) => {
                    collect_html_ids(&html, &mut self.out.anchors);
                    events.push(Event::InlineHtml(self.enrich_img_tags(html)));
                }
                other => events.push(other),
            }
            if is_block_start {
                self.seen_block = true;
            }
        }
        events
    }

    fn position(&self, range: &Range<usize>) -> (usize, usize) {
        let (line, column) = crate::diagnostics::line_column(self.markdown, range.start);
        let file_line = self.ctx.line_map.get(line - 1).copied().unwrap_or(line);
        (file_line, column)
    }

    fn error(&mut self, range: &Range<usize>, kind: Kind, message: String, hint: Option<String>) {
        let (line, column) = self.position(range);
        let mut d = Diagnostic::error(self.ctx.file, message)
            .at(self.ctx.source, line, column)
            .with_kind(kind);
        d.hint = hint;
        self.out.diagnostics.push(d);
    }

    fn warn_unhighlighted(&mut self, range: &Range<usize>, lang: &str, reason: &Unhighlighted) {
        let (line, column) = self.position(range);
        let d = Diagnostic::warning(self.ctx.file, reason.describe(lang))
            .at(self.ctx.source, line, column)
            .with_code(Code::NotHighlighted)
            .with_hint(
                "break the long line, or mark the block ```text to show it plain on purpose",
            );
        self.out.diagnostics.push(d);
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'_>>,
        classes: &[CowStr<'_>],
        attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
        inner: Vec<Event<'_>>,
    ) -> Option<String> {
        let text = plain_text(&inner);
        let level_num = level as u8;
        if level_num == 1 && self.ctx.take_h1 && !self.seen_block && self.out.h1.is_none() {
            // The H1 becomes the page heading and keeps its id: `#that-heading` links work.
            let id = match &id {
                Some(id) => self.slugs.unique(id),
                None => self.slugs.unique(&slugify(&text)),
            };
            self.out.anchors.insert(id.clone());
            self.out.h1_id = Some(id);
            self.out.h1 = Some(text);
            return None;
        }
        self.seen_block = true;
        let id = match id {
            Some(id) => self.slugs.unique(&id),
            None => self.slugs.unique(&slugify(&text)),
        };
        self.out.anchors.insert(id.clone());
        self.headings.push((level_num, id.clone(), text));
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
        let mut html = format!("<h{level_num} id=\"{}\"", html::escape(&id));
        if !classes.is_empty() {
            let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            html.push_str(&format!(" class=\"{}\"", html::escape(&classes.join(" "))));
        }
        for (name, value) in attrs {
            html.push_str(&format!(
                " {}=\"{}\"",
                html::escape(name),
                html::escape(value.as_deref().unwrap_or(""))
            ));
        }
        html.push_str(&format!(
            ">{inner_html}<a class=\"hash-link\" href=\"#{id}\" aria-label=\"{label}\">#</a></h{level_num}>\n",
            id = html::escape(&id),
            label = html::escape(self.ctx.anchor_label),
        ));
        Some(html)
    }

    fn alert_open(&self, kind: BlockQuoteKind) -> String {
        let name = match kind {
            BlockQuoteKind::Note => "note",
            BlockQuoteKind::Tip => "tip",
            BlockQuoteKind::Important => "important",
            BlockQuoteKind::Warning => "warning",
            BlockQuoteKind::Caution => "caution",
        };
        format!(
            "<div class=\"admonition admonition-{name}\"><div class=\"admonition-heading\"><p>{}</p></div><div class=\"admonition-content\">\n",
            html::escape(&(self.ctx.alert_titles)(name))
        )
    }

    /// Rewrites a link to a page source or route into a relative URL to the page's output.
    fn link<'e>(&mut self, dest: CowStr<'e>, range: &Range<usize>) -> CowStr<'e> {
        if dest.is_empty() || is_external(&dest) {
            return dest;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest.as_ref(), None),
        };
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, format!("?{q}")),
            None => (path, String::new()),
        };
        if path.is_empty() {
            if let Some(anchor) = fragment.filter(|a| !a.is_empty()) {
                self.anchor_ref(self.ctx.page_route.to_string(), anchor, range);
            }
            return dest;
        }
        let lower = path.to_ascii_lowercase();
        let markdown_file = lower.ends_with(".md") || lower.ends_with(".mdx");
        let links = self.ctx.links;
        let target = if markdown_file {
            links
                .markdown_file(self.ctx.page_dir, path, self.ctx.instance)
                .map(Target::Page)
        } else {
            // A source file without its extension, from the page's folder (docgen's own rule);
            // else a URL, resolved as Docusaurus' router would.
            let rel = normalize_route(&format!("{}/{}", self.ctx.page_dir, path));
            links
                .source(&rel)
                .cloned()
                .map(Target::Page)
                .or_else(|| links.url(self.ctx.page_route, path))
        };
        match target {
            Some(Target::Page(route)) => {
                if let Some(anchor) = fragment.filter(|a| !a.is_empty()) {
                    self.anchor_ref(route.clone(), anchor, range);
                }
                let mut url = format!("{}{}{query}", self.ctx.root_prefix, page_href(&route));
                if let Some(f) = fragment {
                    url.push('#');
                    url.push_str(f);
                }
                return url.into();
            }
            Some(Target::Elsewhere) => return dest,
            None => {}
        }
        // Not a page: maybe a file (a PDF, an image) next to the page or in static/.
        let decoded = crate::routes::percent_decode(path);
        match self.ctx.assets.file(self.ctx.page_dir, &decoded) {
            AssetLookup::Found(url) => {
                let mut url = format!("{}{url}{query}", self.ctx.root_prefix);
                if let Some(f) = fragment {
                    url.push('#');
                    url.push_str(f);
                }
                url.into()
            }
            AssetLookup::Missing { .. }
                if path.starts_with('/') && !markdown_file && !links.local_plugins.is_empty() =>
            {
                self.error(
                    range,
                    Kind::NeedsJavaScript,
                    format!("`{dest}` is not a page docgen knows; it may be a route of the site's own plugins ({})", links.local_plugins.join(", ")),
                    Some("docgen cannot run plugins; check the link by hand".into()),
                );
                dest
            }
            AssetLookup::Missing { .. } => {
                let kind = match markdown_file {
                    true => Kind::BrokenMarkdownLink,
                    false => Kind::BrokenLink,
                };
                self.error(
                    range,
                    kind,
                    format!("broken link: `{dest}` does not lead to a page or file"),
                    Some("link to a page by its file (`./other.md`, `../dir/page.md`) or by its route (`/dir/page`)".into()),
                );
                dest
            }
        }
    }

    fn anchor_ref(&mut self, route: String, anchor: &str, range: &Range<usize>) {
        let (line, column) = self.position(range);
        self.out.anchor_refs.push(AnchorRef {
            route,
            anchor: anchor.to_string(),
            line,
            column,
            source_line: crate::diagnostics::source_line(self.ctx.source, line),
        });
    }

    /// `<img>` for a Markdown image, with its size and lazy loading below the first image.
    fn img_tag(&mut self, src: &str, alt: &str, title: &str) -> String {
        let mut tag = format!(
            "<img src=\"{}\" alt=\"{}\"",
            html::escape(src),
            html::escape(alt)
        );
        if !title.is_empty() {
            tag.push_str(&format!(" title=\"{}\"", html::escape(title)));
        }
        tag.push_str(&self.image_attributes(src, false, false));
        tag.push_str(" />");
        tag
    }

    /// Attributes docgen adds to an image: `width`/`height` from the file when the author gave
    /// neither (so the page does not jump while loading), `loading="lazy"` after the first.
    fn image_attributes(&mut self, src: &str, has_size: bool, has_loading: bool) -> String {
        self.images_seen += 1;
        let mut attrs = String::new();
        if !has_size {
            let size = src
                .strip_prefix(self.ctx.root_prefix)
                .and_then(|url| self.ctx.assets.image_size(url));
            if let Some((w, h)) = size {
                attrs.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
            }
        }
        if !has_loading && self.images_seen > 1 {
            attrs.push_str(" loading=\"lazy\"");
        }
        attrs
    }

    /// Adds size and loading attributes to the `<img>` tags of raw HTML.
    fn enrich_img_tags<'e>(&mut self, html: CowStr<'e>) -> CowStr<'e> {
        if !html.contains("<img") {
            return html;
        }
        let mut out = String::with_capacity(html.len() + 64);
        let mut rest: &str = &html;
        while let Some(start) = rest.find("<img") {
            let after = &rest[start + 4..];
            if !after.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
                out.push_str(&rest[..start + 4]);
                rest = after;
                continue;
            }
            let Some(end) = tag_end(after) else { break };
            let attrs = parse_attributes(&after[..end]);
            let has = |n: &str| attrs.iter().any(|(k, _)| k.eq_ignore_ascii_case(n));
            let src = attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("src"))
                .map_or("", |(_, v)| v.as_str());
            let added = self.image_attributes(src, has("width") || has("height"), has("loading"));
            let body = &after[..end];
            let (body, self_closing) = match body.strip_suffix('/') {
                Some(b) => (b.trim_end(), true),
                None => (body.trim_end(), false),
            };
            out.push_str(&rest[..start + 4]);
            out.push_str(body);
            out.push_str(&added);
            out.push_str(if self_closing { " />" } else { ">" });
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out.into()
    }

    fn image<'e>(&mut self, dest: CowStr<'e>, range: &Range<usize>) -> CowStr<'e> {
        if dest.is_empty() || is_external(&dest) {
            return dest;
        }
        let decoded = crate::routes::percent_decode(&dest);
        match self.ctx.assets.file(self.ctx.page_dir, &decoded) {
            AssetLookup::Found(url) => format!("{}{url}", self.ctx.root_prefix).into(),
            AssetLookup::Missing { wanted, suggestion } => {
                let hint = suggestion
                    .map(|s| format!("did you mean `{s}`? Letter case matters on most web hosts"));
                self.error(
                    range,
                    Kind::MissingImage,
                    format!("image not found: `{wanted}`"),
                    hint,
                );
                dest
            }
        }
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Index of the `>` closing a tag whose attributes start `text`, outside quoted values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in text.bytes().enumerate() {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `name="value"` pairs of a tag's attribute text.
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if name_len == 0 {
            rest = rest[1..].trim_start();
            continue;
        }
        let name = rest[..name_len].to_string();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    value = after[1..end].to_string();
                    rest = after.get(end + 1..).unwrap_or("");
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = after[..end].to_string();
                    rest = &after[end..];
                }
            }
        }
        attrs.push((name, value));
        rest = rest.trim_start();
    }
    attrs
}

/// Picks up `id="..."` attributes from raw HTML so links to them are valid.
fn collect_html_ids(html: &str, ids: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(pos) = rest.find("id=") {
        let before_ok = pos == 0 || rest.as_bytes()[pos - 1].is_ascii_whitespace();
        rest = &rest[pos + 3..];
        if !before_ok {
            continue;
        }
        if let Some(q @ ('"' | '\'')) = rest.chars().next()
            && let Some(end) = rest[1..].find(q)
        {
            ids.insert(rest[1..end + 1].to_string());
        }
    }
}

/// Nests the headings within `levels` into a tree (h3 under the preceding h2...).
fn build_toc(headings: &[(u8, String, String)], levels: (u8, u8)) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings
        .iter()
        .filter(|(l, _, _)| (levels.0..=levels.1).contains(l))
    {
        let entry = TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

//! JSX components in MDX: finding component tags in a line, reading their attributes with oxc,
//! and replacing them with the markers the shortcodes stage renders.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::Value as JsValue;

use super::scan::{copy_code_span, scan_js, tag_name};
use super::{Expander, Import, MdxContext, OpenComponent, TagSpan, is_external};
use crate::assets::AssetLookup;
use crate::diagnostics::{Code, Diagnostic, Kind};
use crate::js;
use crate::links::Target;
use crate::markers::{self, Instance, Renderer};
use crate::theme::SHORTCODE_DIR;

/// Components: tags whose name has a shortcode template, a local definition or an import,
/// and every capitalised tag (an unknown one warns and shows its content).
impl Expander<'_, '_> {
    fn is_component(&self, name: &str) -> bool {
        name.starts_with(|c: char| c.is_ascii_uppercase())
            || self.ctx.shortcodes.contains(name)
            || self.locals.contains_key(name)
            || matches!(
                self.imports.get(name),
                Some(Import::Partial(_) | Import::Missing)
            )
    }

    /// Component tags in a line, outside code spans and comments.
    pub(super) fn component_tags(&self, line: &str) -> Vec<TagSpan> {
        let bytes = line.as_bytes();
        let mut tags = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'`' => {
                    let mut sink = String::new();
                    i = copy_code_span(&mut sink, line, i);
                }
                b'<' if line[i..].starts_with("<!--") => match line[i..].find("-->") {
                    Some(e) => i += e + 3,
                    None => break,
                },
                // `Vec<T>`, `List<String>`: a type in prose, not a tag.
                b'<' if i > 0
                    && bytes[i - 1].is_ascii_alphanumeric()
                    && bytes.get(i + 1) != Some(&b'/') =>
                {
                    i += 1
                }
                b'<' => {
                    let Some((closing, name)) = tag_name(&line[i + 1..]) else {
                        i += 1;
                        continue;
                    };
                    if !self.is_component(name) {
                        i += 1;
                        continue;
                    }
                    let end = tag_end(line, i);
                    tags.push(TagSpan {
                        start: i,
                        end,
                        closing,
                        name: name.to_string(),
                    });
                    match end {
                        Some(e) => i = e,
                        None => break,
                    }
                }
                _ => i += 1,
            }
        }
        tags
    }

    pub(super) fn component_line(&mut self, line: &str, n: usize, mut tags: Vec<TagSpan>) {
        if let Some(last) = tags.last().filter(|t| t.end.is_none()) {
            let start = last.start;
            let column = line[..start].chars().count() + 1;
            tags.pop();
            if !line[..start].trim().is_empty() {
                self.component_line_complete(&line[..start], n, tags);
            }
            self.pending_tag = Some((line[start..].to_string(), n, column));
            return;
        }
        self.component_line_complete(line, n, tags);
    }

    /// Attributes continue: add the line, and go on once the tag's `>` is found.
    pub(super) fn continue_tag(&mut self, line: &str, n: usize) {
        let Some((mut text, start_line, column)) = self.pending_tag.take() else {
            return;
        };
        let offset = text.len() + 1;
        text.push('\n');
        text.push_str(line);
        // JSX inside an attribute (`text={<>It's here</>}`) is not JavaScript text, so the
        // quick scan can lose its way; then a `>` where the tag parses as JSX ends it.
        let end = tag_end(&text, 0)
            .filter(|&e| e >= offset)
            .or_else(|| jsx_tag_end(&text, offset));
        match end {
            Some(end) if end >= offset => {
                let rest = &text[end..];
                if !rest.trim().is_empty() {
                    self.warning(
                        Code::Component,
                        n,
                        end - offset + 1,
                        "text after a tag that spans lines is ignored",
                    );
                }
                let closing = text.starts_with("</");
                let tag = text[..end].to_string();
                let is_code_block = tag_name(&tag[1..]).is_some_and(|(_, nm)| nm == "CodeBlock");
                if !closing && is_code_block && self.code_block_open(&tag, &text[end..], n) {
                    return;
                }
                let marker = if closing {
                    let name = tag_name(&tag[1..])
                        .map(|(_, nm)| nm.to_string())
                        .unwrap_or_default();
                    self.close_component(&name, start_line, column, true)
                } else {
                    self.open_component(&tag, start_line, column, true, false)
                };
                for m in marker.split('\n').filter(|m| !m.is_empty()) {
                    self.emit(m, n);
                }
            }
            _ if text.matches('\n').count() > 200 => {
                self.error(
                    Code::Component,
                    start_line,
                    column,
                    "this tag is never closed with `>`",
                );
            }
            _ => self.pending_tag = Some((text, start_line, column)),
        }
    }

    /// `<CodeBlock language="js" title="x">{`code`}</CodeBlock>` becomes a fenced code block,
    /// so it is highlighted like any other.
    fn code_block(&mut self, line: &str, n: usize, tag: &TagSpan) -> bool {
        let Some(end) = tag.end.filter(|_| tag.name == "CodeBlock" && !tag.closing) else {
            return false;
        };
        self.code_block_open(&line[tag.start..end], &line[end..], n)
    }

    /// Opens the fence for `<CodeBlock …>` (its tag text, which may span lines) with the text
    /// after the tag as the first code line.
    fn code_block_open(&mut self, text: &str, after: &str, n: usize) -> bool {
        let attrs = match js::parse_tag(text, &js::NoEnv) {
            Ok(t) => t.attrs,
            Err(_) => return false,
        };
        let get = |k: &str| {
            attrs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| js::to_text(v))
        };
        let mut info = get("language").unwrap_or_default();
        if let Some(title) = get("title") {
            info.push_str(&format!(" title=\"{}\"", title.replace('"', "'")));
        }
        if attrs.iter().any(|(k, _)| k == "showLineNumbers") {
            info.push_str(" showLineNumbers");
        }
        self.emit("", n);
        self.emit(&format!("````{info}"), n);
        let rest = after.trim();
        let rest = rest.strip_prefix("{`").unwrap_or(rest);
        self.code_block = true;
        self.code_block_start = true;
        if !rest.is_empty() {
            self.code_line(rest, n);
        }
        true
    }

    /// A line inside a `<CodeBlock>`; `</CodeBlock>` (with a template literal's end) closes it.
    pub(super) fn code_line(&mut self, line: &str, n: usize) {
        let trimmed = line.trim_end();
        if let Some(before) = trimmed.strip_suffix("</CodeBlock>") {
            let before = before.trim_end();
            let before = before.strip_suffix("`}").unwrap_or(before);
            if !before.trim().is_empty() {
                self.emit(before, n);
            }
            self.code_block = false;
            self.emit("````", n);
            return self.emit("", n);
        }
        let line = match line.trim_start().strip_prefix("{`") {
            Some(rest) if self.code_block_start => rest,
            _ => line,
        };
        self.code_block_start = false;
        // The template literal's end, `` `} ``, closes the code (the tag follows).
        match line.trim_end().strip_suffix("`}") {
            Some(code) if !code.trim().is_empty() => self.emit(code, n),
            Some(_) => {}
            None => self.emit(line, n),
        }
    }

    fn component_line_complete(&mut self, line: &str, n: usize, tags: Vec<TagSpan>) {
        if tags.len() == 1
            && line[..tags[0].start].trim().is_empty()
            && self.code_block(line, n, &tags[0])
        {
            return;
        }
        let ends: Vec<usize> = tags.iter().map(|t| t.end.unwrap_or(line.len())).collect();
        let mut gaps = vec![&line[..tags.first().map_or(line.len(), |t| t.start)]];
        for (i, t) in tags.iter().enumerate().skip(1) {
            gaps.push(&line[ends[i - 1]..t.start]);
        }
        gaps.push(&line[ends.last().copied().unwrap_or(0)..]);
        if gaps.iter().all(|g| g.trim().is_empty()) {
            for (t, end) in tags.iter().zip(&ends) {
                let marker = self.tag_marker(line, t, *end, n, true, false);
                for m in marker.split('\n').filter(|m| !m.is_empty()) {
                    self.emit(m, n);
                }
            }
            return;
        }
        let whole_element = tags.len() == 2
            && !tags[0].closing
            && tags[1].closing
            && tags[0].name == tags[1].name
            && gaps[0].trim().is_empty()
            && gaps[2].trim().is_empty()
            && !line[tags[0].start..ends[0]].trim_end().ends_with("/>");
        if whole_element {
            let open = self.tag_marker(line, &tags[0], ends[0], n, true, true);
            self.emit(&open, n);
            let inner = self.expand_inline(gaps[1], n);
            self.emit(&inner, n);
            let close = self.tag_marker(line, &tags[1], ends[1], n, true, false);
            return self.emit(&close, n);
        }
        let mut out = self.expand_inline(gaps[0], n);
        for (i, t) in tags.iter().enumerate() {
            let marker = self.tag_marker(line, t, ends[i], n, false, false);
            out.push_str(&marker);
            let gap = self.expand_inline(gaps[i + 1], n);
            out.push_str(&gap);
        }
        self.emit(&out, n);
    }

    /// The marker(s) for the tag `tag` of `line`, which ends at byte `end`.
    fn tag_marker(
        &mut self,
        line: &str,
        tag: &TagSpan,
        end: usize,
        n: usize,
        block: bool,
        unwrap: bool,
    ) -> String {
        let text = &line[tag.start..end];
        let column = line[..tag.start].chars().count() + 1;
        if tag.closing {
            self.close_component(&tag.name, n, column, block)
        } else {
            self.open_component(text, n, column, block, unwrap)
        }
    }

    /// Records an instance for an opening (or self-closing) tag; returns its marker(s).
    fn open_component(
        &mut self,
        text: &str,
        n: usize,
        column: usize,
        block: bool,
        unwrap: bool,
    ) -> String {
        if tag_name(&text[1..]).is_some_and(|(_, name)| name == "TOCInline")
            && !self.ctx.shortcodes.contains("TOCInline")
        {
            return self.toc_inline(text, n, column);
        }
        let env = MdxEnv {
            ctx: self.ctx,
            imports: &self.imports,
            missing: RefCell::new(Vec::new()),
            resolved: RefCell::new(HashSet::new()),
        };
        let parsed = js::parse_tag(text, &env);
        let missing = env.missing.into_inner();
        let resolved = env.resolved.into_inner();
        for (wanted, suggestion, url_only) in missing {
            let d = self.error(
                Code::Component,
                n,
                column,
                format!("file not found: `{wanted}`"),
            );
            d.kind = Some(match url_only {
                true => Kind::MissingUrlTarget,
                false => Kind::MissingImage,
            });
            d.hint = suggestion
                .map(|s| format!("did you mean `{s}`? Letter case matters on most web hosts"));
        }
        let name = tag_name(&text[1..])
            .map(|(_, nm)| nm.to_string())
            .unwrap_or_default();
        let (attrs, self_closing) = match parsed {
            Ok(tag) => {
                for (key, why) in &tag.dropped {
                    let (line, col) = position_in(text, why.offset, n, column);
                    let d = self.error(Code::Component, line, col, format!("`{key}` of `<{name}>` needs JavaScript to compute ({}); docgen leaves it out", why.message));
                    d.severity = crate::diagnostics::Severity::Warning;
                    d.kind = Some(Kind::NeedsJavaScript);
                }
                (tag.attrs.into_iter().collect(), tag.self_closing)
            }
            Err(e) => {
                let before = &text[..e.offset.min(text.len())];
                let line = n + before.matches('\n').count();
                let col = match before.rfind('\n') {
                    Some(nl) => before[nl + 1..].chars().count() + 1,
                    None => column + before.chars().count(),
                };
                self.error(Code::Component, line, col, format!("cannot read the attributes of `<{name}>`: {}", e.message))
                    .hint = Some("attribute values must be strings, numbers, booleans, literal arrays or objects, imports, useBaseUrl('...') or require('...')".into());
                (serde_json::Map::new(), text.trim_end().ends_with("/>"))
            }
        };
        let mut attrs = attrs;
        self.resolve_src(&mut attrs, &resolved, n, column);
        self.resolve_links(&mut attrs, n, column);
        if let Some(JsValue::Object(mut item)) = attrs.remove("item") {
            self.resolve_links(&mut item, n, column);
            attrs.insert("item".into(), JsValue::Object(item));
        }
        let renderer = self.renderer(&name, n, column);
        let index = self.out.components.len();
        self.out.components.push(Instance {
            name: name.clone(),
            attrs,
            renderer,
            unwrap,
            line: n,
            column,
        });
        let open = markers::open_marker(index, block);
        if self_closing {
            let close = markers::close_marker(index, block);
            return if block {
                format!("{open}\n{close}")
            } else {
                open + &close
            };
        }
        self.components.push(OpenComponent {
            index,
            name,
            block,
            indent: None,
            html_depth: self.open_tags.len(),
            line: n,
            column,
        });
        open
    }

    /// A `src` written as a path (`./img/x.png`, `/img/x.png`) becomes the file's URL, and an
    /// image gets its real `width` and `height` unless the author gave them.
    fn resolve_src(
        &mut self,
        attrs: &mut serde_json::Map<String, JsValue>,
        resolved: &HashSet<String>,
        n: usize,
        column: usize,
    ) {
        let Some(JsValue::String(src)) = attrs.get("src").cloned() else {
            return;
        };
        if src.is_empty() || is_external(&src) {
            return;
        }
        let site_url = if resolved.contains(&src) {
            src.strip_prefix(self.ctx.root_prefix)
                .unwrap_or(&src)
                .to_string()
        } else {
            let lookup = match src.strip_prefix('/') {
                Some(p) => self.ctx.assets.static_file(p),
                None => self.ctx.assets.content_file(self.ctx.page_dir, &src),
            };
            match lookup {
                AssetLookup::Found(url) => url,
                // A plain string is a URL, not a file reference (Docusaurus leaves it alone).
                missing => {
                    let url = self.url_only(&src, missing, n, column);
                    let site_url = url.strip_prefix(self.ctx.root_prefix).unwrap_or(&url);
                    site_url.to_string()
                }
            }
        };
        attrs.insert(
            "src".into(),
            JsValue::String(format!("{}{site_url}", self.ctx.root_prefix)),
        );
        if let Some((w, h)) = self.ctx.assets.image_size(&site_url)
            && !attrs.contains_key("width")
            && !attrs.contains_key("height")
        {
            attrs.insert("width".into(), w.into());
            attrs.insert("height".into(), h.into());
        }
    }

    /// `<TOCInline toc={toc} />` (Docusaurus' inline table of contents): a marker the
    /// content stage fills with the page's headings once they are known. `toc.slice(N)` drops
    /// the first N headings; `minHeadingLevel`/`maxHeadingLevel` choose the levels.
    fn toc_inline(&mut self, text: &str, n: usize, column: usize) -> String {
        let attr = |key: &str| -> Option<&str> {
            let start = text.find(&format!("{key}={{"))? + key.len() + 2;
            let end = start + text[start..].find('}')?;
            Some(text[start..end].trim())
        };
        let level = |key: &str, default: u8| {
            attr(key)
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|l| (2..=6).contains(l))
                .unwrap_or(default)
        };
        let skip = match attr("toc") {
            Some("toc") | None => 0,
            Some(expr) => match expr
                .strip_prefix("toc.slice(")
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|v| v.trim().parse::<usize>().ok())
            {
                Some(skip) => skip,
                None => {
                    let d = self.error(
                        Code::Component,
                        n,
                        column,
                        format!("`<TOCInline toc={{{expr}}}>` needs JavaScript to compute; docgen shows the whole table of contents"),
                    );
                    d.severity = crate::diagnostics::Severity::Warning;
                    d.kind = Some(Kind::NeedsJavaScript);
                    0
                }
            },
        };
        format!(
            "{}{skip} {} {}-->",
            crate::markers::TOC_INLINE,
            level("minHeadingLevel", 2),
            level("maxHeadingLevel", 3)
        )
    }

    fn renderer(&mut self, name: &str, n: usize, column: usize) -> Renderer {
        if let Some(&i) = self.locals.get(name) {
            return Renderer::Local(i);
        }
        match self.imports.get(name) {
            Some(Import::Partial(rel)) => return Renderer::Partial(rel.clone()),
            Some(Import::Missing) => return Renderer::Unknown,
            _ => {}
        }
        if self.ctx.shortcodes.contains(name) {
            return Renderer::Template(format!("{}{name}.html", SHORTCODE_DIR));
        }
        let d = Diagnostic::warning(
            self.ctx.file,
            format!("unknown component `<{name}>`: only its content is shown"),
        )
        .with_code(Code::Component)
        .at(self.ctx.source, n, column)
        .with_hint(format!(
            "add a template `templates/{}{name}.html` to render it, or import it from a partial",
            SHORTCODE_DIR
        ));
        self.out.diagnostics.push(d);
        Renderer::Unknown
    }

    fn close_component(&mut self, name: &str, n: usize, column: usize, block: bool) -> String {
        let Some(pos) = self.components.iter().rposition(|c| c.name == name) else {
            self.error(
                Code::Component,
                n,
                column,
                format!("closing tag `</{name}>` has no opening tag"),
            )
            .hint = Some("remove it, or add the opening tag it belongs to".into());
            return String::new();
        };
        let mut markers = Vec::new();
        for open in self
            .components
            .drain(pos + 1..)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            self.error(
                Code::Component,
                open.line,
                open.column,
                format!(
                    "`<{}>` is never closed (`</{name}>` comes first)",
                    open.name
                ),
            )
            .hint = Some(format!("add `</{}>` before `</{name}>`", open.name));
            markers.push(markers::close_marker(open.index, block));
        }
        if let Some(open) = self.components.pop() {
            let inner = self
                .open_tags
                .drain(open.html_depth.min(self.open_tags.len())..)
                .collect::<Vec<_>>();
            for tag in inner {
                self.unclosed_tag(&tag, Some(name));
            }
            markers.push(markers::close_marker(open.index, block));
        }
        markers.join(if block { "\n" } else { "" })
    }
}

impl Expander<'_, '_> {
    /// A site-absolute `href` or `to` (`/docs/intro`) must name a page; it becomes a URL
    /// relative to this page, so the site works under any sub-path.
    fn resolve_links(
        &mut self,
        attrs: &mut serde_json::Map<String, JsValue>,
        n: usize,
        column: usize,
    ) {
        for key in ["href", "to"] {
            let Some(JsValue::String(href)) = attrs.get(key) else {
                continue;
            };
            let Some(path) = href.strip_prefix('/').filter(|p| !p.starts_with('/')) else {
                continue;
            };
            let (path, fragment) = path.split_once('#').map_or((path, ""), |(p, f)| (p, f));
            let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            let url = if last.contains('.') {
                format!("{}{path}", self.ctx.root_prefix)
            } else {
                match self.ctx.links.absolute(path) {
                    Some(Target::Page(route)) => format!(
                        "{}{}",
                        self.ctx.root_prefix,
                        crate::routes::page_href(&route)
                    ),
                    // A route docgen does not build (the blog): kept as written.
                    Some(Target::Elsewhere) => continue,
                    None => {
                        let d = self.error(
                            Code::Component,
                            n,
                            column,
                            format!("broken link: `{href}` is not a page of this site"),
                        );
                        d.kind = Some(Kind::BrokenLink);
                        continue;
                    }
                }
            };
            let url = match fragment {
                "" => url,
                f => format!("{url}#{f}"),
            };
            attrs.insert(key.into(), JsValue::String(url));
        }
    }
}

/// Byte after the `>` ending the tag that starts at `start`, skipping quoted strings and
/// `{...}` expressions.
fn tag_end(text: &str, start: usize) -> Option<usize> {
    scan_js(text, start + 1, false, |c, depth| c == b'>' && depth <= 0).map(|i| i + 1)
}

/// The end of a tag spanning lines, found by parsing: the first `>` at or after `from` up to
/// which the text is a well-formed JSX opening tag.
fn jsx_tag_end(text: &str, from: usize) -> Option<usize> {
    text[from..]
        .match_indices('>')
        .map(|(i, _)| from + i + 1)
        .find(|&end| js::parse_tag(&text[..end], &js::NoEnv).is_ok())
}

/// Line and column in the file of byte `offset` of a tag's text that starts at (`n`, `column`).
fn position_in(text: &str, offset: usize, n: usize, column: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = n + before.matches('\n').count();
    let col = match before.rfind('\n') {
        Some(nl) => before[nl + 1..].chars().count() + 1,
        None => column + before.chars().count(),
    };
    (line, col)
}

/// Evaluates JSX attributes: imports, `useBaseUrl`, `require`; notes missing files.
struct MdxEnv<'x, 'a> {
    ctx: &'x MdxContext<'a>,
    imports: &'x HashMap<String, Import>,
    /// Files not found: wanted, suggestion, and whether the reference was only a URL.
    missing: RefCell<Vec<(String, Option<String>, bool)>>,
    /// URLs produced here (already final).
    resolved: RefCell<HashSet<String>>,
}

impl MdxEnv<'_, '_> {
    /// `useBaseUrl('/docs/x#y')` naming a page: its URL, the fragment kept.
    fn route_url(&self, path: &str) -> Option<String> {
        let (route_part, rest) = path.split_at(path.find(['#', '?']).unwrap_or(path.len()));
        match self.ctx.links.absolute(route_part)? {
            Target::Page(route) => Some(format!(
                "{}{}{rest}",
                self.ctx.root_prefix,
                crate::routes::page_href(&route)
            )),
            Target::Elsewhere => Some(path.to_string()),
        }
    }
}

impl js::Env for MdxEnv<'_, '_> {
    fn ident(&self, name: &str) -> Option<JsValue> {
        match self.imports.get(name)? {
            Import::Url(url) => Some(JsValue::String(url.clone())),
            Import::Value(v) => Some(v.clone()),
            Import::Partial(_) | Import::Missing => None,
        }
    }

    fn call(&self, callee: &str, args: &[JsValue]) -> Option<Result<JsValue, String>> {
        if callee == "useCurrentSidebarCategory" {
            // `<DocCardList items={useCurrentSidebarCategory().items}/>`: the cards come from
            // the sidebar when the page is rendered.
            return Some(Ok(serde_json::json!({ "items": null })));
        }
        if !matches!(callee, "useBaseUrl" | "require" | "require.resolve") {
            return None;
        }
        let Some(path) = args.first().and_then(JsValue::as_str) else {
            return Some(Err(format!("`{callee}` needs a string argument")));
        };
        let module = [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".json"];
        if callee != "useBaseUrl" && module.iter().any(|e| path.ends_with(e)) {
            return Some(Err(format!("`{path}` is a JavaScript module")));
        }
        if is_external(path) {
            return Some(Ok(JsValue::String(path.to_string())));
        }
        let lookup = match callee {
            "useBaseUrl" => self.ctx.assets.static_file(path),
            _ => self.ctx.assets.file(self.ctx.page_dir, path),
        };
        let url_only = callee == "useBaseUrl";
        Some(Ok(JsValue::String(match lookup {
            AssetLookup::Found(url) => {
                let url = format!("{}{url}", self.ctx.root_prefix);
                self.resolved.borrow_mut().insert(url.clone());
                url
            }
            AssetLookup::Missing { .. } if url_only && self.route_url(path).is_some() => {
                let url = self.route_url(path).unwrap_or_default();
                self.resolved.borrow_mut().insert(url.clone());
                url
            }
            AssetLookup::Missing { wanted, suggestion } => {
                let real = suggestion
                    .as_deref()
                    .and_then(|s| self.ctx.assets.suggestion_url(s));
                self.missing
                    .borrow_mut()
                    .push((wanted, suggestion, url_only));
                match (url_only, real) {
                    (true, Some(url)) => format!("{}{url}", self.ctx.root_prefix),
                    (true, None) => {
                        format!("{}{}", self.ctx.root_prefix, path.trim_start_matches('/'))
                    }
                    (false, _) => String::new(),
                }
            }
        })))
    }
}

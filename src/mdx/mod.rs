//! MDX expansion: turns the MDX-isms of a Docusaurus page into plain Markdown + HTML that
//! pulldown-cmark understands.
//!
//! - `import` / `export` statements are dropped;
//! - `{useBaseUrl('img/x.png')}`, `{require('./x.png').default}`, `{'text'}` are evaluated to
//!   URLs and strings, relative to the page that uses them; `{/* comments */}` disappear;
//! - JSX attributes become HTML ones (`className` → `class`, `style={{...}}` → `style="..."`);
//! - `:::note` ... `:::` admonitions become HTML wrappers around Markdown.
//!
//! The work is line-based and skips fenced code and inline code spans. Lines are never merged,
//! and the output carries a map from its lines back to the lines of the page file so that later
//! stages can report positions in the file the author edits.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

mod components;

use crate::assets::{AssetIndex, AssetLookup};
use crate::diagnostics::{Diagnostic, Kind};
use crate::js::{self, LocalComponent};
use crate::links::is_external;
use crate::shortcodes::{self, Instance};

pub const ADMONITION_KINDS: [&str; 8] = [
    "note",
    "tip",
    "info",
    "warning",
    "caution",
    "danger",
    "important",
    "success",
];

/// What the expansion needs to know about the page and the site.
pub struct MdxContext<'a> {
    /// File name shown in messages.
    pub file: &'a Path,
    /// The whole page file, for the source lines shown in messages.
    pub source: &'a str,
    /// Lines of the file before the body (front matter).
    pub line_offset: usize,
    /// Folder of the page, relative to the content folder.
    pub page_dir: &'a str,
    /// Relative path from the page's output back to the site root (`../../`).
    pub root_prefix: &'a str,
    pub assets: &'a AssetIndex,
    pub strings: &'a BTreeMap<String, String>,
    /// An `.mdx` file: a `{` in prose always starts an expression, so an unclosed one is an error.
    pub is_mdx: bool,
    /// Names of the components the theme has a shortcode template for.
    pub shortcodes: &'a HashSet<String>,
    /// Content-relative paths of the partials (`_shared.md`) a page may import.
    pub partials: &'a HashSet<String>,
    /// Routes, to check the `href`/`to` of components such as `<Link to="/docs/x">`.
    pub links: &'a crate::links::LinkIndex,
}

#[derive(Debug, Default)]
pub struct Expanded {
    pub markdown: String,
    /// For each line of `markdown`, the 1-based line of the page file it came from.
    pub line_map: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
    /// Components used in the page, in order; markers in `markdown` refer to them by index.
    pub components: Vec<Instance>,
    /// Components the page defines itself (`export const X = () => <jsx/>`).
    pub locals: Vec<LocalComponent>,
}

/// What an `import` brings into the page.
enum Import {
    /// A Markdown partial, by content-relative path.
    Partial(String),
    /// An asset's URL (`import img from './x.png'`).
    Url(String),
    /// An import whose file is missing (already reported): its uses show their content.
    Missing,
    /// A constant the page exports (`export const os = [...]`), usable in attributes.
    Value(serde_json::Value),
}

/// A component opened and not closed yet.
struct OpenComponent {
    index: usize,
    name: String,
    /// Shown as a block: its content lines are dedented by the indent of the first one.
    block: bool,
    indent: Option<usize>,
    /// HTML elements open when the component opened; ones opened inside must close inside.
    html_depth: usize,
    line: usize,
    column: usize,
}

/// A component tag found in a line.
struct TagSpan {
    start: usize,
    /// Byte after the closing `>`; `None` when the tag continues on the next line.
    end: Option<usize>,
    closing: bool,
    name: String,
}

struct Fence {
    marker: u8,
    len: usize,
    line: usize,
    column: usize,
}

/// A JSX/HTML element opened and not yet closed.
struct OpenTag {
    name: String,
    line: usize,
    column: usize,
}

/// The tag being read (its attributes may continue on the next lines).
struct TagState {
    name: String,
    closing: bool,
    line: usize,
    column: usize,
}

/// Elements that never have a closing tag.
const VOID_ELEMENTS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

struct OpenAdmonition {
    kind: String,
    colons: usize,
    line: usize,
    column: usize,
}

struct Expander<'a, 'c> {
    ctx: &'c MdxContext<'a>,
    out: Expanded,
    fence: Option<Fence>,
    admonitions: Vec<OpenAdmonition>,
    /// Elements opened and not closed yet, innermost last.
    open_tags: Vec<OpenTag>,
    /// Inside a tag whose attributes continue on the next line.
    tag: Option<TagState>,
    /// Inside an HTML comment spanning lines.
    in_comment: bool,
    /// Inside an `export` statement spanning lines (brace depth).
    esm_depth: Option<i32>,
    /// Inside an `import` statement spanning lines.
    in_import: bool,
    /// Text of the `import`/`export` statement being read.
    esm_text: String,
    imports: HashMap<String, Import>,
    locals: HashMap<String, usize>,
    components: Vec<OpenComponent>,
    /// A component tag whose attributes continue on the next lines: text so far, line, column.
    pending_tag: Option<(String, usize, usize)>,
    /// Inside `<CodeBlock>`.
    code_block: bool,
    /// The next `<CodeBlock>` line is its first (where a template literal may open).
    code_block_start: bool,
}

/// Expands the MDX syntax of a page body.
pub fn expand(body: &str, ctx: &MdxContext<'_>) -> Expanded {
    let mut ex = Expander {
        ctx,
        out: Expanded {
            markdown: String::with_capacity(body.len() + body.len() / 8),
            ..Expanded::default()
        },
        fence: None,
        admonitions: Vec::new(),
        open_tags: Vec::new(),
        tag: None,
        in_comment: false,
        esm_depth: None,
        in_import: false,
        esm_text: String::new(),
        imports: HashMap::new(),
        locals: HashMap::new(),
        components: Vec::new(),
        pending_tag: None,
        code_block: false,
        code_block_start: false,
    };
    for (index, line) in body.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = shortcodes::defuse_markers(line);
        ex.line(&line, ctx.line_offset + index + 1);
    }
    ex.finish()
}

impl Expander<'_, '_> {
    fn emit(&mut self, text: &str, file_line: usize) {
        self.out.markdown.push_str(text);
        self.out.markdown.push('\n');
        self.out.line_map.push(file_line);
    }

    fn error(&mut self, line: usize, column: usize, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(self.ctx.file, message).at(self.ctx.source, line, column);
        self.out.diagnostics.push(d);
        self.out.diagnostics.last_mut().expect("just pushed")
    }

    fn warning(&mut self, line: usize, column: usize, message: impl Into<String>) {
        let d = Diagnostic::warning(self.ctx.file, message).at(self.ctx.source, line, column);
        self.out.diagnostics.push(d);
    }

    fn line(&mut self, line: &str, n: usize) {
        let line = self.dedent(line);
        if self.pending_tag.is_some() {
            return self.continue_tag(line, n);
        }
        if self.code_block {
            return self.code_line(line, n);
        }
        if let Some(fence) = &self.fence {
            if closes_fence(line, fence) {
                self.fence = None;
            }
            return self.emit(line, n);
        }
        if self.in_comment {
            if let Some(end) = line.find("-->") {
                self.in_comment = false;
                let rest = self.expand_inline(&line[end + 3..], n);
                return self.emit(&format!("{}{rest}", &line[..end + 3]), n);
            }
            return self.emit(line, n);
        }
        if self.continue_esm(line) {
            self.esm_text.push('\n');
            self.esm_text.push_str(line);
            if !self.in_import && self.esm_depth.is_none() {
                self.esm_done(n);
            }
            return self.emit("", n);
        }
        let trimmed = line.trim_start();
        if let Some(mut fence) = opens_fence(trimmed) {
            fence.line = n;
            fence.column = line.len() - trimmed.len() + 1;
            self.fence = Some(fence);
            return self.emit(line, n);
        }
        if trimmed.is_empty() {
            self.tag = None;
            return self.emit(line, n);
        }
        if line.len() == trimmed.len() && self.starts_esm(line) {
            self.esm_text = line.to_string();
            if !self.in_import && self.esm_depth.is_none() {
                self.esm_done(n);
            }
            return self.emit("", n);
        }
        if trimmed.starts_with(":::") && self.admonition(line, n) {
            return;
        }
        let tags = self.component_tags(line);
        if !tags.is_empty() {
            return self.component_line(line, n, tags);
        }
        let line = heading_comment_id(line);
        let expanded = self.expand_inline(&line, n);
        self.emit(&expanded, n);
    }

    /// Removes the indentation of open block components' content, so that JSX indentation
    /// does not turn Markdown into code blocks (MDX has no indented code).
    fn dedent<'l>(&mut self, line: &'l str) -> &'l str {
        let mut line = line;
        for open in self.components.iter_mut().filter(|c| c.block) {
            let spaces = line.len() - line.trim_start_matches([' ', '\t']).len();
            if line.trim().is_empty() {
                return "";
            }
            let indent = *open.indent.get_or_insert(spaces);
            line = &line[spaces.min(indent)..];
        }
        line
    }

    /// A whole `import`/`export` statement has been read: remember what it brings in.
    fn esm_done(&mut self, n: usize) {
        let text = std::mem::take(&mut self.esm_text);
        if text.starts_with("import") {
            self.import(&text, n);
        } else if exported_component_name(&text).is_none() && text.starts_with("export const") {
            for (name, value) in js::exported_constants(&text, &js::NoEnv) {
                self.imports.insert(name, Import::Value(value));
            }
        } else if let Some(name) = exported_component_name(&text) {
            match js::compile_component(&text) {
                Ok(component) => {
                    self.locals
                        .insert(component.name.clone(), self.out.locals.len());
                    self.out.locals.push(component);
                }
                Err(e) => {
                    let line = n + 1 - text.lines().count().max(1)
                        + text[..e.offset.min(text.len())].matches('\n').count();
                    self.warning(line, 1, format!("component `{name}` cannot be rendered without running JavaScript ({}); its uses show their content only", e.message));
                }
            }
        }
    }

    /// `import Foo from './_foo.md'` (a partial) or `import img from './x.png'` (an asset URL).
    fn import(&mut self, text: &str, n: usize) {
        let Some((name, path)) = default_import(text) else {
            return;
        };
        let line = n + 1 - text.lines().count().max(1);
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".mdx") {
            let rel = join_content_path(self.ctx.page_dir, &path);
            if rel
                .as_deref()
                .is_some_and(|r| self.ctx.partials.contains(r))
            {
                self.imports
                    .insert(name, Import::Partial(rel.unwrap_or_default()));
            } else {
                self.imports.insert(name, Import::Missing);
                let d = self.error(line, 1, format!("imported file not found: `{path}`"));
                d.kind = Some(Kind::MissingImage);
                d.hint = Some("partials are Markdown files whose name starts with `_`, inside the content folder".into());
            }
            return;
        }
        if path.starts_with('@') && !path.starts_with("@site/") {
            return; // `@theme/Tabs`, `@docusaurus/...`: provided by docgen's shortcodes
        }
        if !ASSET_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
            return;
        }
        if let Value::Text(url) = self.required_url(&path, line, 1) {
            self.imports.insert(name, Import::Url(url));
        }
    }

    /// Recognises the first line of an `import` or `export` statement.
    fn starts_esm(&mut self, line: &str) -> bool {
        if let Some(rest) = line.strip_prefix("import") {
            let is_import = rest.starts_with([' ', '{', '*', '\'', '"']);
            if !is_import
                || !(rest.contains(" from ")
                    || rest.contains("from'")
                    || rest.trim_start().starts_with(['{', '*', '\'', '"'])
                    || rest.trim_end().ends_with(','))
            {
                return false;
            }
            self.in_import = !ends_import(line);
            return true;
        }
        if let Some(rest) = line.strip_prefix("export ") {
            let known = [
                "const ",
                "let ",
                "var ",
                "function ",
                "default ",
                "class ",
                "{",
                "async ",
            ];
            if !known.iter().any(|k| rest.starts_with(k)) {
                return false;
            }
            let depth = brace_delta(line);
            if depth > 0 || line.trim_end().ends_with(['=', ',', '(']) {
                self.esm_depth = Some(depth.max(1));
            }
            return true;
        }
        false
    }

    fn continue_esm(&mut self, line: &str) -> bool {
        if self.in_import {
            self.in_import = !ends_import(line);
            return true;
        }
        if let Some(depth) = self.esm_depth {
            let depth = depth + brace_delta(line);
            self.esm_depth = (depth > 0).then_some(depth);
            return true;
        }
        false
    }

    /// Opens or closes an admonition; false when the line is not one.
    fn admonition(&mut self, line: &str, n: usize) -> bool {
        let indent = &line[..line.len() - line.trim_start().len()];
        let trimmed = line.trim();
        let colons = trimmed.bytes().take_while(|&b| b == b':').count();
        let rest = trimmed[colons..].trim_start();
        let column = indent.chars().count() + 1;
        if rest.is_empty() {
            if self.admonitions.pop().is_none() {
                self.error(n, column, "`:::` closes an admonition, but none is open")
                    .hint =
                    Some("remove this line, or open an admonition above it with `:::note`".into());
                return true;
            }
            self.emit("", n);
            self.emit(&format!("{indent}</div></div>"), n);
            self.emit("", n);
            return true;
        }
        let kind_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let mut kind = rest[..kind_len].to_ascii_lowercase();
        // `:::warning` written where `:::` was meant: a bare repeat of the open admonition's
        // type closes it, as the author intended, with a warning.
        if kind_len == rest.len()
            && let Some(open) = self.admonitions.last()
            && open.kind == kind
        {
            let opened = open.line;
            self.admonitions.pop();
            self.warning_with_hint(
                n,
                column,
                &format!("`:::{kind}` closes the admonition opened on line {opened}"),
                format!("write `{}` to close an admonition", ":".repeat(colons)),
            );
            self.emit("", n);
            self.emit(&format!("{indent}</div></div>"), n);
            self.emit("", n);
            return true;
        }
        if !ADMONITION_KINDS.contains(&kind.as_str()) {
            self.error(
                n,
                column,
                format!("unknown admonition type `{}`", &rest[..kind_len]),
            )
            .hint = Some(format!("use one of: {}", ADMONITION_KINDS[..6].join(", ")));
            // Still opened, so that its closing `:::` does not count as a second mistake.
            kind = "note".into();
        }
        let title = parse_admonition_title(rest[kind_len..].trim());
        let title = match title {
            Some(t) => self.expand_inline(t, n),
            None => self
                .ctx
                .strings
                .get(&format!("admonition_{kind}"))
                .map(|s| s.replace(['\n', '\r'], " "))
                .unwrap_or_else(|| kind.clone()),
        };
        self.admonitions.push(OpenAdmonition {
            kind: kind.clone(),
            colons,
            line: n,
            column,
        });
        self.emit("", n);
        self.emit(&format!("{indent}<div class=\"admonition admonition-{kind}\"><div class=\"admonition-heading\">"), n);
        self.emit("", n);
        self.emit(&format!("{indent}{title}"), n);
        self.emit("", n);
        self.emit(
            &format!("{indent}</div><div class=\"admonition-content\">"),
            n,
        );
        self.emit("", n);
        true
    }

    /// Evaluates `{...}` expressions and JSX attributes in one line, outside code spans.
    fn expand_inline(&mut self, line: &str, n: usize) -> String {
        let mut out = String::with_capacity(line.len());
        let bytes = line.as_bytes();
        let mut i = 0;
        let mut quote: Option<u8> = None;
        while i < bytes.len() {
            let c = bytes[i];
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                i = push_char(&mut out, line, i);
                continue;
            }
            let in_tag = self.tag.is_some();
            match c {
                b'\\' if !in_tag => {
                    i = push_char(&mut out, line, i);
                    if i < bytes.len() {
                        i = push_char(&mut out, line, i);
                    }
                }
                b'`' if !in_tag => i = copy_code_span(&mut out, line, i),
                b'<' if !in_tag && line[i..].starts_with("<!--") => match line[i..].find("-->") {
                    Some(e) => {
                        out.push_str(&line[i..i + e + 3]);
                        i += e + 3;
                    }
                    None => {
                        self.in_comment = true;
                        out.push_str(&line[i..]);
                        i = line.len();
                    }
                },
                // `Vec<T>`: a generic type in prose, shown as written rather than parsed as a tag.
                b'<' if !in_tag
                    && i > 0
                    && bytes[i - 1].is_ascii_alphanumeric()
                    && is_generic_type(&line[i + 1..]) =>
                {
                    out.push_str("&lt;");
                    i += 1;
                }
                b'<' if !in_tag && tag_name(&line[i + 1..]).is_some() => {
                    let (closing, name) = tag_name(&line[i + 1..]).unwrap_or_default();
                    let column = line[..i].chars().count() + 1;
                    let end = i + 1 + usize::from(closing) + name.len();
                    self.tag = Some(TagState {
                        name: name.to_string(),
                        closing,
                        line: n,
                        column,
                    });
                    out.push_str(&line[i..end]);
                    i = end;
                }
                b'>' if in_tag => {
                    let self_closing = out.trim_end().ends_with('/');
                    if let Some(tag) = self.tag.take() {
                        self.tag_finished(tag, self_closing);
                    }
                    out.push('>');
                    i += 1;
                }
                b'"' | b'\'' if in_tag => {
                    quote = Some(c);
                    out.push(c as char);
                    i += 1;
                }
                b'c' if in_tag
                    && line[i..].starts_with("className=")
                    && !prev_is_word(bytes, i) =>
                {
                    out.push_str("class=");
                    i += "className=".len();
                }
                b'{' => i = self.expression(&mut out, line, i, n),
                _ => i = push_char(&mut out, line, i),
            }
        }
        out
    }

    /// Keeps the stack of open elements up to date once a tag's `>` is read.
    fn tag_finished(&mut self, tag: TagState, self_closing: bool) {
        let void = VOID_ELEMENTS
            .iter()
            .any(|v| v.eq_ignore_ascii_case(&tag.name));
        if !tag.closing {
            if !self_closing && !void {
                self.open_tags.push(OpenTag {
                    name: tag.name,
                    line: tag.line,
                    column: tag.column,
                });
            }
            return;
        }
        if void {
            return;
        }
        match self
            .open_tags
            .iter()
            .rposition(|t| t.name.eq_ignore_ascii_case(&tag.name))
        {
            Some(index) => {
                for unclosed in self.open_tags.drain(index + 1..).collect::<Vec<_>>() {
                    self.unclosed_tag(&unclosed, Some(&tag.name));
                }
                self.open_tags.pop();
            }
            None => {
                self.error(
                    tag.line,
                    tag.column,
                    format!("closing tag `</{}>` has no opening tag", tag.name),
                )
                .hint = Some("remove it, or add the opening tag it belongs to".into());
            }
        }
    }

    fn unclosed_tag(&mut self, tag: &OpenTag, closed_by: Option<&str>) {
        let message = match closed_by {
            Some(outer) => format!(
                "`<{}>` is never closed (`</{outer}>` comes first)",
                tag.name
            ),
            None => format!("`<{}>` is never closed", tag.name),
        };
        self.error(tag.line, tag.column, message).hint = Some(format!(
            "add `</{}>`, or write `<{} />` if it has no content",
            tag.name, tag.name
        ));
    }

    /// Handles the `{...}` starting at byte `start`; returns where scanning continues.
    fn expression(&mut self, out: &mut String, line: &str, start: usize, n: usize) -> usize {
        let column = line[..start].chars().count() + 1;
        let in_tag = self.tag.is_some();
        let in_attribute = in_tag && out.trim_end().ends_with('=');
        let Some(end) = matching_brace(line, start) else {
            if in_tag {
                self.error(n, column, "this `{` expression is never closed on its line")
                    .hint =
                    Some("JSX expressions in attributes must be closed on the same line".into());
                return line.len();
            }
            if self.ctx.is_mdx {
                self.error(n, column, "this `{` expression is never closed on its line").hint = Some(
                    "in .mdx files `{` starts a JavaScript expression; write `\\{` for a literal brace".into(),
                );
            }
            out.push('{');
            return start + 1;
        };
        let inner = line[start + 1..end].trim();
        let attr_name = in_attribute.then(|| attribute_name(out)).flatten();
        let value = if attr_name.as_deref() == Some("style") && inner.starts_with('{') {
            Ok(Value::Text(style_object_to_css(&inner[1..inner.len() - 1])))
        } else {
            self.evaluate(inner, n, column)
        };
        match value {
            Ok(Value::Nothing) => {}
            Ok(Value::Text(text)) if in_attribute => {
                out.push('"');
                out.push_str(&text.replace('&', "&amp;").replace('"', "&quot;"));
                out.push('"');
            }
            Ok(Value::Text(text)) => out.push_str(&crate::html::escape(&text)),
            Err(()) if in_attribute || in_tag => {
                self.error(n, column, format!("unsupported JSX expression `{{{inner}}}`"))
                    .hint = Some("docgen evaluates string literals, useBaseUrl('...') and require('...').default; other JavaScript cannot run at build time".into());
                if in_attribute {
                    out.push_str("\"\"");
                }
            }
            // Braces in prose that are not an expression docgen knows stay text, as in CommonMark.
            Err(()) => out.push_str(&line[start..=end]),
        }
        end + 1
    }

    /// Evaluates the expressions docgen supports; `Err` for anything else.
    fn evaluate(&mut self, expr: &str, n: usize, column: usize) -> Result<Value, ()> {
        if expr.is_empty() || (expr.starts_with("/*") && expr.ends_with("*/")) {
            return Ok(Value::Nothing);
        }
        if let Some(lit) = string_literal(expr) {
            return Ok(Value::Text(lit));
        }
        match self.imports.get(expr) {
            Some(Import::Url(url)) => return Ok(Value::Text(url.clone())),
            Some(Import::Value(v)) if !v.is_object() && !v.is_array() => {
                return Ok(Value::Text(js::to_text(v)));
            }
            _ => {}
        }
        if let Some(args) = call_args(expr, "useBaseUrl") {
            let path = string_literal(first_arg(args)).ok_or(())?;
            return Ok(self.static_url(&path, n, column));
        }
        let required = call_args(expr, "require").or_else(|| {
            expr.strip_suffix(".default")
                .and_then(|e| call_args(e, "require"))
        });
        if let Some(args) = required {
            let path = string_literal(first_arg(args)).ok_or(())?;
            return Ok(self.required_url(&path, n, column));
        }
        Err(())
    }

    fn static_url(&mut self, path: &str, n: usize, column: usize) -> Value {
        if is_external(path) {
            return Value::Text(path.to_string());
        }
        let lookup = self.ctx.assets.static_file(path);
        self.asset_url(lookup, n, column)
    }

    fn required_url(&mut self, path: &str, n: usize, column: usize) -> Value {
        let lookup = if let Some(p) = path.strip_prefix("@site/static/") {
            self.ctx.assets.static_file(p)
        } else {
            self.ctx.assets.content_file(self.ctx.page_dir, path)
        };
        self.asset_url(lookup, n, column)
    }

    fn asset_url(&mut self, lookup: AssetLookup, n: usize, column: usize) -> Value {
        match lookup {
            AssetLookup::Found(url) => Value::Text(format!("{}{url}", self.ctx.root_prefix)),
            AssetLookup::Missing { wanted, suggestion } => {
                let d = self.error(n, column, format!("file not found: `{wanted}`"));
                d.kind = Some(Kind::MissingImage);
                if let Some(s) = suggestion {
                    d.hint = Some(format!(
                        "did you mean `{s}`? Letter case matters on most web hosts"
                    ));
                }
                Value::Text(String::new())
            }
        }
    }

    fn finish(mut self) -> Expanded {
        if let Some((_, line, column)) = self.pending_tag.take() {
            self.error(line, column, "this tag is never closed with `>`");
        }
        // Docusaurus renders an unclosed fence or admonition to the end of the page; so does
        // docgen, with a warning.
        if let Some(fence) = self.fence.take() {
            let marker = (fence.marker as char).to_string().repeat(fence.len);
            self.warning_with_hint(
                fence.line,
                fence.column,
                "this code block is never closed; it runs to the end of the page",
                format!("add a line `{marker}` where the code ends"),
            );
        }
        while let Some(open) = self.components.pop() {
            self.error(
                open.line,
                open.column,
                format!("`<{}>` is never closed", open.name),
            )
            .hint = Some(format!(
                "add `</{}>`, or write `<{} />` if it has no content",
                open.name, open.name
            ));
            let last = self.out.line_map.last().copied().unwrap_or(open.line);
            self.emit(&shortcodes::close_marker(open.index, true), last);
        }
        for tag in std::mem::take(&mut self.open_tags) {
            self.unclosed_tag(&tag, None);
        }
        while let Some(open) = self.admonitions.pop() {
            let colons = ":".repeat(open.colons);
            self.warning_with_hint(
                open.line,
                open.column,
                "this admonition is never closed; it runs to the end of the page",
                format!("add a line `{colons}` where it ends"),
            );
            let last = self.out.line_map.last().copied().unwrap_or(open.line);
            self.emit("", last);
            self.emit("</div></div>", last);
        }
        self.out.components.shrink_to_fit();
        self.out
    }

    fn warning_with_hint(&mut self, line: usize, column: usize, message: &str, hint: String) {
        let d = Diagnostic::warning(self.ctx.file, message)
            .at(self.ctx.source, line, column)
            .with_hint(hint);
        self.out.diagnostics.push(d);
    }
}

const ASSET_EXTENSIONS: [&str; 12] = [
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".pdf", ".mp4", ".webm",
    ".zip",
];

/// `import Name from 'path'` → (Name, path).
fn default_import(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix("import")?.trim_start();
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$')
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let from = rest[name_len..].trim_start().strip_prefix("from")?.trim();
    let path = string_literal(from.trim_end_matches(';').trim())?;
    Some((name.to_string(), path))
}

/// `export const Name = ...` / `export function Name` with a capitalised name.
fn exported_component_name(text: &str) -> Option<String> {
    let rest = text
        .strip_prefix("export const ")
        .or_else(|| text.strip_prefix("export function "))?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    name.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some(name)
}

/// A path relative to the page's folder, as a content-relative path (`None` when it leaves
/// the content folder).
fn join_content_path(page_dir: &str, path: &str) -> Option<String> {
    let path = path.strip_prefix("@site/docs/").unwrap_or(path);
    let mut parts: Vec<&str> = if path.starts_with('.') {
        page_dir.split('/').filter(|p| !p.is_empty()).collect()
    } else {
        Vec::new()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `## Title {/* #custom-id */}` (Docusaurus 3's MDX-safe form) → `## Title {#custom-id}`.
fn heading_comment_id(line: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = line.trim_start();
    if !trimmed.starts_with('#') {
        return line.into();
    }
    let Some(start) = line.rfind("{/*") else {
        return line.into();
    };
    let inner = line[start + 3..].trim_end();
    match inner.strip_suffix("*/}").map(str::trim) {
        Some(id) if id.starts_with('#') && !id.contains(char::is_whitespace) => {
            format!("{}{{{id}}}", &line[..start]).into()
        }
        _ => line.into(),
    }
}

enum Value {
    Nothing,
    Text(String),
}

fn push_char(out: &mut String, line: &str, i: usize) -> usize {
    let ch = line[i..].chars().next().unwrap_or(' ');
    out.push(ch);
    i + ch.len_utf8()
}

fn prev_is_word(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'-')
}

/// The tag after a `<`: whether it is a closing tag and its name. A name must be followed by
/// a space, `/`, `>` or the line end, so autolinks like `<https://x>` are not tags.
fn tag_name(after: &str) -> Option<(bool, &str)> {
    let (closing, rest) = match after.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        .count();
    let next = rest[len..].chars().next();
    next.is_none_or(|c| c.is_whitespace() || c == '/' || c == '>')
        .then_some((closing, &rest[..len]))
}

/// After a word, `<T>` or `<int>` is a type parameter; `H<sub>2</sub>O` is still HTML.
fn is_generic_type(after: &str) -> bool {
    const INLINE_ELEMENTS: [&str; 27] = [
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i",
        "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
        "u", "wbr",
    ];
    match tag_name(after) {
        Some((false, name)) => !INLINE_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()),
        Some((true, _)) => false,
        // `Map<K, V>`: the name ends at the comma, which no tag allows.
        None => after.starts_with(|c: char| c.is_ascii_alphabetic()),
    }
}

/// Copies an inline code span (or a lone backtick run) unchanged.
fn copy_code_span(out: &mut String, line: &str, start: usize) -> usize {
    let run = line[start..].bytes().take_while(|&b| b == b'`').count();
    let ticks = &line[start..start + run];
    let mut search = start + run;
    while let Some(pos) = line[search..].find(ticks) {
        let at = search + pos;
        let close_run = line[at..].bytes().take_while(|&b| b == b'`').count();
        if close_run == run {
            out.push_str(&line[start..at + run]);
            return at + run;
        }
        search = at + close_run;
    }
    out.push_str(ticks);
    start + run
}

/// Byte index of the `}` matching the `{` at `start`, on the same line.
fn matching_brace(line: &str, start: usize) -> Option<usize> {
    scan_js(line, start, true, |c, depth| c == b'}' && depth == 1)
}

/// Walks JavaScript-like text from `start`, skipping quoted strings, to the first byte where
/// `stop(byte, depth)` holds (`depth`: `{` nesting before that byte). Backticks quote only
/// inside braces unless `backticks_at_top` (in a JSX tag, a bare backtick is just text).
fn scan_js(
    text: &str,
    start: usize,
    backticks_at_top: bool,
    stop: impl Fn(u8, i32) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if stop(c, depth) => return Some(i),
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'`' if depth > 0 || backticks_at_top => quote = Some(c),
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// The attribute name just before `=` at the end of `out` (`src` in `<img src=`).
fn attribute_name(out: &str) -> Option<String> {
    let before = out.trim_end().strip_suffix('=')?.trim_end();
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        .collect();
    Some(name.chars().rev().collect())
}

/// `'text'`, `"text"` or `` `text` `` (without `${}`) as its value.
fn string_literal(expr: &str) -> Option<String> {
    let expr = expr.trim();
    let quote = expr.chars().next()?;
    if !matches!(quote, '\'' | '"' | '`') || expr.len() < 2 || !expr.ends_with(quote) {
        return None;
    }
    let inner = &expr[1..expr.len() - 1];
    if quote == '`' && inner.contains("${") {
        return None;
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == quote {
            return None; // two literals, e.g. 'a' + 'b'
        }
        if c == '\\' {
            match chars.next() {
                // A line break would shift every later line against the file; a space renders alike.
                Some('n') | Some('t') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The argument text of `name(...)` when `expr` is exactly such a call.
fn call_args<'e>(expr: &'e str, name: &str) -> Option<&'e str> {
    let rest = expr.strip_prefix(name)?.trim_start();
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    Some(inner)
}

/// The first argument of a call, ignoring options such as `useBaseUrl('x', {absolute: true})`.
fn first_arg(args: &str) -> &str {
    let args = args.trim();
    let Some(q) = args
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))
    else {
        return args;
    };
    match args[1..].find(q) {
        Some(end) => &args[..end + 2],
        None => args,
    }
}

/// `{width: '50%', marginTop: 8}` → `width: 50%; margin-top: 8px`.
fn style_object_to_css(object: &str) -> String {
    let mut rules = Vec::new();
    for pair in split_top_level(object, ',') {
        let Some((key, value)) = pair.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['\'', '"']);
        let value = value.trim();
        let css_value = match (string_literal(value), value.parse::<f64>()) {
            (Some(text), _) => text,
            (None, Ok(n)) => js::css_value(key, &js::number(n)),
            (None, Err(_)) => value.to_string(),
        };
        rules.push(format!("{}: {css_value}", js::kebab_case(key)));
    }
    rules.join("; ")
}

fn split_top_level(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '{' | '[') => depth += 1,
            (None, ')' | '}' | ']') => depth -= 1,
            (None, c) if c == sep && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(&text[start..]);
    }
    parts
}

fn parse_admonition_title(rest: &str) -> Option<&str> {
    let rest = rest.trim();
    if let Some(bracketed) = rest.strip_prefix('[') {
        let end = bracketed.rfind(']')?;
        let title = bracketed[..end].trim();
        return (!title.is_empty()).then_some(title);
    }
    // `:::tip{title="x"}` — the directive-attribute form
    if let Some(attrs) = rest.strip_prefix('{') {
        let start = attrs.find("title=")? + "title=".len();
        let value = attrs[start..].trim_start_matches(['"', '\'']);
        let end = value.find(['"', '\''])?;
        return Some(&value[..end]);
    }
    (!rest.is_empty()).then_some(rest)
}

fn opens_fence(trimmed: &str) -> Option<Fence> {
    let marker = *trimmed.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|&b| b == marker).count();
    if len < 3 || (marker == b'`' && trimmed[len..].contains('`')) {
        return None;
    }
    Some(Fence {
        marker,
        len,
        line: 0,
        column: 0,
    })
}

fn closes_fence(line: &str, fence: &Fence) -> bool {
    let trimmed = line.trim();
    let len = trimmed.bytes().take_while(|&b| b == fence.marker).count();
    len >= fence.len && len == trimmed.len()
}

fn ends_import(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches(';').trim_end();
    t.ends_with('\'') || t.ends_with('"')
}

fn brace_delta(line: &str) -> i32 {
    line.bytes().fold(0, |d, b| match b {
        b'{' | b'(' | b'[' => d + 1,
        b'}' | b')' | b']' => d - 1,
        _ => d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> Expanded {
        let assets = AssetIndex::new(
            &["img/docs/a.png".into(), "img/Big.PNG".into()],
            &["guide/local.png".into()],
        );
        let strings = crate::i18n::strings("id", &BTreeMap::new());
        let shortcodes: HashSet<String> = ["Tabs", "TabItem", "details"].map(String::from).into();
        let partials: HashSet<String> = ["guide/_part.md".to_string()].into();
        let links = crate::links::LinkIndex::default();
        let ctx = MdxContext {
            links: &links,
            shortcodes: &shortcodes,
            partials: &partials,
            file: Path::new("content/guide/page.md"),
            source: body,
            line_offset: 0,
            page_dir: "guide",
            root_prefix: "../../",
            assets: &assets,
            strings: &strings,
            is_mdx: true,
        };
        expand(body, &ctx)
    }

    #[test]
    fn imports_are_removed_and_lines_kept() {
        let out = run("# T\nimport useBaseUrl from '@docusaurus/useBaseUrl';\ntext\n");
        assert_eq!(out.markdown, "# T\n\ntext\n\n");
        assert_eq!(out.line_map, vec![1, 2, 3, 4]);
    }

    #[test]
    fn multiline_imports_and_exports_are_removed() {
        let out =
            run("import {\n  a,\n  b,\n} from 'x';\nexport const meta = {\n  a: 1,\n};\nbody\n");
        assert_eq!(out.markdown.trim(), "body");
        assert!(out.diagnostics.is_empty());
    }

    #[test]
    fn prose_starting_with_import_stays() {
        let out = run("import the data first\n");
        assert_eq!(out.markdown.trim(), "import the data first");
    }

    #[test]
    fn use_base_url_in_attribute_becomes_relative_url() {
        let out = run("<img alt=\"x\" src={useBaseUrl('img/docs/a.png')} height=\"200px\"/>\n");
        assert_eq!(
            out.markdown.trim(),
            "<img alt=\"x\" src=\"../../img/docs/a.png\" height=\"200px\"/>"
        );
    }

    #[test]
    fn require_and_literals_and_comments() {
        let out = run("<img src={require('./local.png').default} />\n{/* hidden */}a {'<b>'} c\n");
        assert!(
            out.markdown
                .contains("src=\"../../assets/guide/local.png\""),
            "{}",
            out.markdown
        );
        assert!(out.markdown.contains("a &lt;b&gt; c"), "{}", out.markdown);
        assert!(!out.markdown.contains("hidden"));
        let out = run("<img src={require('@site/static/img/docs/a.png').default} />\n");
        assert!(
            out.markdown.contains("src=\"../../img/docs/a.png\""),
            "{}",
            out.markdown
        );
    }

    #[test]
    fn missing_image_is_an_error_with_case_hint() {
        let out = run("text\n<img src={useBaseUrl('/img/big.png')} />\n");
        assert_eq!(out.diagnostics.len(), 1);
        let d = &out.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 10));
        assert!(
            d.hint
                .as_deref()
                .unwrap_or("")
                .contains("static/img/Big.PNG")
        );
    }

    #[test]
    fn code_is_left_alone() {
        let body = "```js\nimport x from 'y';\n{useBaseUrl('nope')}\n:::tip\n```\nuse `{useBaseUrl('nope')}` here\n";
        let out = run(body);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(out.markdown.contains("import x from 'y';"));
        assert!(out.markdown.contains("`{useBaseUrl('nope')}`"));
    }

    #[test]
    fn admonitions_become_html_with_titles() {
        let out = run(":::tip[Judul **tebal**]\nisi\n:::\n:::note\nx\n:::\n");
        let md = &out.markdown;
        assert!(md.contains("<div class=\"admonition admonition-tip\">"));
        assert!(md.contains("\nJudul **tebal**\n"));
        assert!(
            md.contains("\nCatatan\n"),
            "default title from strings: {md}"
        );
        assert_eq!(md.matches("</div></div>").count(), 2);
        assert_eq!(out.line_map.len(), md.lines().count());
    }

    #[test]
    fn unclosed_admonitions_warn_and_unknown_ones_are_errors() {
        let out = run("text\n:::tip\nbody\n");
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(out.diagnostics[0].line, 2);
        assert!(!out.diagnostics[0].is_error(), "Docusaurus tolerates it");
        assert!(out.markdown.contains("body"));
        let out = run(":::nope\nx\n:::\n");
        assert!(
            out.diagnostics
                .iter()
                .any(|d| d.message.contains("unknown admonition type `nope`"))
        );
    }

    #[test]
    fn a_repeated_type_closes_the_admonition_with_a_warning() {
        let out = run(":::warning\nawas\n:::warning\n\nsesudahnya\n");
        assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
        assert!(!out.diagnostics[0].is_error());
        assert_eq!(out.diagnostics[0].line, 3);
        let after = out.markdown.find("sesudahnya").unwrap();
        assert!(out.markdown[..after].contains("</div></div>"));
    }

    #[test]
    fn jsx_attributes_become_html() {
        let out = run("<div className=\"box\" style={{marginTop: 8, width: '50%'}}>x</div>\n");
        assert_eq!(
            out.markdown.trim(),
            "<div class=\"box\" style=\"margin-top: 8px; width: 50%\">x</div>"
        );
    }

    #[test]
    fn unclosed_fences_tags_and_stray_closing_tags_are_errors() {
        let out = run("text\n\n```js\nlet a;\n");
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!((out.diagnostics[0].line, out.diagnostics[0].column), (3, 1));
        let out = run(
            "<center>\n<img src=\"x\"/>\n\ntext <b>bold</b> and <br> ok\n\n<details>\n<summary>s</summary>\n",
        );
        let mut found: Vec<(usize, &str)> = out
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                (1, "`<center>` is never closed"),
                (6, "`<details>` is never closed")
            ],
        );
        let out = run("a </div> b\n");
        assert!(
            out.diagnostics[0]
                .message
                .contains("`</div>` has no opening tag")
        );
        let out = run("<https://example.com> and <!-- <div>\nstill comment --> done\n");
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }

    #[test]
    fn unclosed_brace_is_an_error_only_in_mdx() {
        assert_eq!(run("a { b\n").diagnostics.len(), 1);
    }

    #[test]
    fn generic_types_in_prose_are_not_components() {
        let out = run("Gunakan Vec<T> atau HashMap<K, V> atau List<int>; H<sub>2</sub>O.\n");
        assert!(out.components.is_empty());
        assert!(
            out.markdown
                .contains("Vec&lt;T> atau HashMap&lt;K, V> atau List&lt;int>; H<sub>2</sub>O."),
            "{}",
            out.markdown
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }

    #[test]
    fn braces_in_prose_stay_text() {
        let out = run("gunakan {nama} di sini\n");
        assert_eq!(out.markdown.trim(), "gunakan {nama} di sini");
        assert!(out.diagnostics.is_empty());
    }
}

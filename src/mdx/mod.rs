//! MDX expansion: turns the MDX-isms of a Docusaurus page into plain Markdown + HTML that
//! pulldown-cmark understands.
//!
//! - `import` / `export` statements are dropped;
//! - `{useBaseUrl('img/x.png')}`, `{require('./x.png').default}`, `{'text'}` are evaluated to
//!   URLs and strings, relative to the page that uses them; `{/* comments */}` disappear;
//! - JSX attributes become HTML ones (`className` → `class`, `style={{...}}` → `style="..."`);
//! - `:::note` ... `:::` admonitions become HTML wrappers around Markdown.
//!
//! The work is line-based and skips fenced code and inline code spans. Lines are merged only
//! where JSX itself spans them (a tag's attributes, an attribute's `{…}` value), and the output
//! carries a map from its lines back to the lines of the page file so that later stages can
//! report positions in the file the author edits.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

mod admonitions;
mod components;
mod esm;
mod inline;
mod scan;
#[cfg(test)]
mod tests;

use crate::assets::{AssetIndex, AssetLookup};
use crate::diagnostics::{Code, Diagnostic, Kind};
use crate::discover;
use crate::js::{self, LocalComponent};
use crate::links::is_external;
use crate::markers::{self, Instance};

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
    /// Keys of the Markdown files a page may import (see `discover::ImportKey`).
    pub partials: &'a HashSet<String>,
    /// What the project's own JS modules export, by import key (see `discover::ImportKey`).
    pub modules: &'a HashMap<String, serde_json::Value>,
    /// The page's front matter, for `{frontMatter.title}`.
    pub front_matter: &'a serde_json::Map<String, serde_json::Value>,
    /// Admonition types beyond the built-in ones (the docs plugin's `admonitions.keywords`).
    pub admonition_keywords: &'a [String],
    /// The Docusaurus major version of a Docusaurus project, whose rules differ by version;
    /// `None` for docgen's own sites.
    pub docusaurus_major: Option<u32>,
    /// The content folder relative to the site folder, to resolve `@site/` imports.
    pub content_dir: &'a str,
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
    /// An unknown directive (Docusaurus 3): shown as text, closed by a `:::` shown as text.
    text_only: bool,
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
    /// An attribute expression spanning lines inside an HTML tag: its text so far, first line.
    pending_expression: Option<(String, usize)>,
    /// A `{…}` expression block spanning lines (`{items.map(i => (` …): text so far, and where
    /// it starts (line, column).
    pending_block: Option<(String, usize, usize)>,
    /// Inside a ```` ```mdx-code-block ```` fence, whose content is MDX.
    unwrap_fence: Option<Fence>,
    /// The next `<CodeBlock>` line is its first (where a template literal may open).
    code_block_start: bool,
}

/// Lines an expression block may span before it is taken for a `{` that never closes.
const MAX_BLOCK_LINES: usize = 500;

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
        unwrap_fence: None,
        pending_expression: None,
        pending_block: None,
    };
    for (index, line) in body.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = markers::defuse_markers(line);
        ex.line(&line, ctx.line_offset + index + 1);
    }
    ex.finish()
}

impl Expander<'_, '_> {
    fn emit(&mut self, text: &str, file_line: usize) {
        self.out.markdown.push_str(text);
        self.out.markdown.push('\n');
        // Text may hold line breaks of its own (a tag whose quotes never close carries the
        // lines after it): every output line maps to a line of the file.
        let lines = 1 + text.matches('\n').count();
        self.out
            .line_map
            .extend(std::iter::repeat_n(file_line, lines));
    }

    fn error(
        &mut self,
        code: Code,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(self.ctx.file, message)
            .with_code(code)
            .at(self.ctx.source, line, column);
        self.out.diagnostics.push(d);
        self.out.diagnostics.last_mut().expect("just pushed")
    }

    fn warning(&mut self, code: Code, line: usize, column: usize, message: impl Into<String>) {
        let d = Diagnostic::warning(self.ctx.file, message)
            .with_code(code)
            .at(self.ctx.source, line, column);
        self.out.diagnostics.push(d);
    }

    fn line(&mut self, line: &str, n: usize) {
        let line = self.dedent(line);
        if self.pending_tag.is_some() {
            return self.continue_tag(line, n);
        }
        if self.pending_block.is_some() {
            return self.continue_block(line, n);
        }
        if let Some((mut text, first)) = self.pending_expression.take() {
            text.push(' ');
            text.push_str(line.trim());
            if scan::open_braces(&text) > 0 && n - first < 100 {
                self.pending_expression = Some((text, first));
                return;
            }
            // The attribute is complete: the tag's lines go out as one, at its first line.
            let expanded = self.expand_inline(&text, first);
            return self.emit(&expanded, first);
        }
        // Inside an HTML tag, an attribute value `{…}` may span lines (`style={{` …`}}`).
        if self.tag.is_some()
            && !self.code_block
            && self.fence.is_none()
            && scan::open_braces(line) > 0
        {
            self.pending_expression = Some((line.to_string(), n));
            return;
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
        if let Some(fence) = &self.unwrap_fence
            && closes_fence(line, fence)
        {
            self.unwrap_fence = None;
            return self.emit("", n);
        }
        let trimmed = line.trim_start();
        // In MDX, a line that opens `{` without closing it starts an expression block that
        // runs until its braces close (JSX mapped from data, a comment over lines).
        if self.ctx.is_mdx
            && self.tag.is_none()
            && trimmed.starts_with('{')
            && scan::open_braces(trimmed) > 0
        {
            let column = line.len() - trimmed.len() + 1;
            self.pending_block = Some((trimmed.to_string(), n, column));
            return self.emit("", n);
        }
        // A fence may open a list item or a quote (`- ```sh`): it is still a fence.
        let fenced = strip_container_markers(trimmed);
        if let Some(mut fence) = opens_fence(fenced) {
            // ```` ```mdx-code-block ```` wraps MDX meant to be rendered: the fence goes, the
            // content stays.
            if fenced[fence.len..].trim() == "mdx-code-block" {
                self.unwrap_fence = Some(fence);
                return self.emit("", n);
            }
            fence.line = n;
            fence.column = line.len() - fenced.len() + 1;
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

    /// A line of an expression block; at its closing brace, the block is done: a comment
    /// goes, other JavaScript is left out with a warning (it cannot run at build time).
    fn continue_block(&mut self, line: &str, n: usize) {
        let Some((mut text, first, column)) = self.pending_block.take() else {
            return;
        };
        text.push('\n');
        text.push_str(line);
        self.emit("", n);
        if scan::open_braces(&text) > 0 {
            if n - first < MAX_BLOCK_LINES {
                self.pending_block = Some((text, first, column));
            } else {
                self.unclosed_block(first, column);
            }
            return;
        }
        let inner = text
            .trim()
            .trim_start_matches('{')
            .trim_end_matches('}')
            .trim();
        if inner.starts_with("/*") && inner.ends_with("*/") {
            return;
        }
        let d = self.error(
            Code::Jsx,
            first,
            column,
            format!(
                "this JavaScript expression (lines {first}–{n}) cannot run at build time; it is left out"
            ),
        );
        d.kind = Some(Kind::NeedsJavaScript);
        d.hint = Some("docgen evaluates literals, exported constants, frontMatter.x, useBaseUrl('...') and require('...').default; write the content out in Markdown or JSX to have it in the page".into());
    }

    fn unclosed_block(&mut self, line: usize, column: usize) {
        self.error(
            Code::Expression,
            line,
            column,
            "this `{` expression is never closed",
        )
        .hint = Some(
            "in .mdx files `{` starts a JavaScript expression; close it, or write `\\{` for a literal brace".into(),
        );
    }

    fn finish(mut self) -> Expanded {
        if let Some((_, line, column)) = self.pending_block.take() {
            self.unclosed_block(line, column);
        }
        if let Some((text, first)) = self.pending_expression.take() {
            self.error(
                Code::Expression,
                first,
                1,
                "this attribute's `{` expression is never closed",
            )
            .hint = Some("close the braces of the attribute value".into());
            let last = self.out.line_map.last().copied().unwrap_or(first);
            self.emit(&text, last.max(first));
        }
        if let Some((_, line, column)) = self.pending_tag.take() {
            self.error(Code::Jsx, line, column, "this tag is never closed with `>`");
        }
        // Docusaurus renders an unclosed fence or admonition to the end of the page; so does
        // docgen, with a warning.
        if let Some(fence) = self.fence.take() {
            let marker = (fence.marker as char).to_string().repeat(fence.len);
            self.warning_with_hint(
                Code::Fence,
                fence.line,
                fence.column,
                "this code block is never closed; it runs to the end of the page",
                format!("add a line `{marker}` where the code ends"),
            );
        }
        while let Some(open) = self.components.pop() {
            self.error(
                Code::Component,
                open.line,
                open.column,
                format!("`<{}>` is never closed", open.name),
            )
            .hint = Some(format!(
                "add `</{}>`, or write `<{} />` if it has no content",
                open.name, open.name
            ));
            let last = self.out.line_map.last().copied().unwrap_or(open.line);
            self.emit(&markers::close_marker(open.index, true), last);
        }
        for tag in std::mem::take(&mut self.open_tags) {
            self.unclosed_tag(&tag, None);
        }
        while let Some(open) = self.admonitions.pop() {
            let colons = ":".repeat(open.colons);
            self.warning_with_hint(
                Code::Admonition,
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

    fn warning_with_hint(
        &mut self,
        code: Code,
        line: usize,
        column: usize,
        message: &str,
        hint: String,
    ) {
        let d = Diagnostic::warning(self.ctx.file, message)
            .with_code(code)
            .at(self.ctx.source, line, column)
            .with_hint(hint);
        self.out.diagnostics.push(d);
    }
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

/// `- `, `* `, `+ `, `1. ` and `> ` before a line's content.
fn strip_container_markers(mut line: &str) -> &str {
    loop {
        let rest = if let Some(r) = line.strip_prefix("> ") {
            r
        } else if let Some(r) = ["- ", "* ", "+ "].iter().find_map(|m| line.strip_prefix(m)) {
            r
        } else {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            match (digits, line.get(digits..digits + 2)) {
                (1..=9, Some(". ") | Some(") ")) => &line[digits + 2..],
                _ => return line,
            }
        };
        line = rest.trim_start();
    }
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

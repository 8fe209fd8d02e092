//! The hand-off between the MDX stage and the components stage. MDX replaces each component
//! tag with a marker (an HTML comment on its own line for block use, private-use characters
//! inline) and records an [`Instance`]; Markdown passes markers through untouched; the
//! components stage (`shortcodes`) finds them again and renders each instance.

use serde_json::{Map, Value};

/// How an instance is rendered.
#[derive(Debug, Clone, PartialEq)]
pub enum Renderer {
    /// A template `shortcodes/<name>.html`.
    Template(String),
    /// A component the page defines with `export const Name = ...`.
    Local(usize),
    /// A partial (`import Foo from './_foo.md'`), rendered to HTML beforehand.
    Partial(String),
    /// An unknown component: only its children are shown.
    Unknown,
}

/// One use of a component in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    pub attrs: Map<String, Value>,
    pub renderer: Renderer,
    /// The component and its content were on one line: the paragraph Markdown wraps around the
    /// content is removed, as MDX does.
    pub unwrap: bool,
    pub line: usize,
    pub column: usize,
}

/// `<TOCInline>`: `<!--dgc-toc:SKIP MIN MAX-->`, filled by the content stage with the page's
/// headings.
pub const TOC_INLINE: &str = "<!--dgc-toc:";

const BLOCK_OPEN: &str = "<!--dgc:";
const BLOCK_CLOSE: &str = "<!--/dgc:";
const BLOCK_END: &str = "-->";
const INLINE_OPEN: char = '\u{F8F0}';
const INLINE_CLOSE: char = '\u{F8F1}';
const INLINE_END: char = '\u{F8F2}';
const INLINE_END_STR: &str = "\u{F8F2}";

/// Text that could be mistaken for a marker is defused before Markdown sees the page, so an
/// author cannot forge (or stumble on) one.
pub fn defuse_markers(line: &str) -> std::borrow::Cow<'_, str> {
    let suspicious =
        line.contains("dgc:") || line.contains([INLINE_OPEN, INLINE_CLOSE, INLINE_END]);
    if !suspicious {
        return line.into();
    }
    line.replace(BLOCK_OPEN, "<!-- dgc:")
        .replace(BLOCK_CLOSE, "<!-- /dgc:")
        .replace([INLINE_OPEN, INLINE_CLOSE, INLINE_END], "\u{FFFD}")
        .into()
}

/// Marker for an opening tag; a block marker stands on a line of its own.
pub fn open_marker(index: usize, block: bool) -> String {
    if block {
        format!("{BLOCK_OPEN}{index}{BLOCK_END}")
    } else {
        format!("{INLINE_OPEN}{index}{INLINE_END}")
    }
}

pub fn close_marker(index: usize, block: bool) -> String {
    if block {
        format!("{BLOCK_CLOSE}{index}{BLOCK_END}")
    } else {
        format!("{INLINE_CLOSE}{index}{INLINE_END}")
    }
}

pub(crate) enum Marker {
    Open(usize),
    Close(usize),
}

/// The next well-formed marker naming an existing instance: text before it, the marker, and
/// the text after it. Anything marker-like that is not well-formed stays text.
pub(crate) fn next_marker(text: &str, count: usize) -> Option<(&str, Marker, &str)> {
    let mut from = 0;
    loop {
        let rel = text[from..].find(['<', INLINE_OPEN, INLINE_CLOSE])?;
        let at = from + rel;
        let rest = &text[at..];
        let parsed = if let Some(r) = rest.strip_prefix(BLOCK_OPEN) {
            number_then(r, BLOCK_END).map(|(n, len)| (Marker::Open(n), BLOCK_OPEN.len() + len))
        } else if let Some(r) = rest.strip_prefix(BLOCK_CLOSE) {
            number_then(r, BLOCK_END).map(|(n, len)| (Marker::Close(n), BLOCK_CLOSE.len() + len))
        } else if let Some(r) = rest.strip_prefix(INLINE_OPEN) {
            number_then(r, INLINE_END_STR)
                .map(|(n, len)| (Marker::Open(n), INLINE_OPEN.len_utf8() + len))
        } else if let Some(r) = rest.strip_prefix(INLINE_CLOSE) {
            number_then(r, INLINE_END_STR)
                .map(|(n, len)| (Marker::Close(n), INLINE_CLOSE.len_utf8() + len))
        } else {
            None
        };
        match parsed {
            Some((marker, len)) if matches!(marker, Marker::Open(n) | Marker::Close(n) if n < count) =>
            {
                // A block marker's line break belongs to it.
                let mut end = at + len;
                if text[end..].starts_with('\n') && text[at..].starts_with('<') {
                    end += 1;
                }
                return Some((&text[..at], marker, &text[end..]));
            }
            _ => from = at + rest.chars().next().map_or(1, char::len_utf8),
        }
    }
}

fn number_then(text: &str, end: &str) -> Option<(usize, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 || !text[digits..].starts_with(end) {
        return None;
    }
    Some((text[..digits].parse().ok()?, digits + end.len()))
}

//! Build problems reported to the user: every one names a file, a line and a column.
//!
//! Stages never print; they return `Diagnostic`s and the build collects them all, so a
//! single run shows every mistake in the site instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::codes::Code;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// What docgen itself leaves out (a part of a Docusaurus site it does not build yet): said
    /// once, never an error, not even with `--strict`.
    Note,
    Warning,
    Error,
}

/// Serialisable so that a build skipped as unchanged can repeat its warnings (`cache`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user should see it (relative to the site root where possible).
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// The offending source line, shown with a marker under the column.
    pub source_line: Option<String>,
    pub hint: Option<String>,
    /// What kind of problem, for problems whose severity the site can choose.
    pub kind: Option<Kind>,
    /// Its stable code, where the kind does not already say it.
    pub code: Option<Code>,
}

/// Problems whose severity the site's policies decide (see `Config::apply_policies`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// A link to a route no page has (`on_broken_links`, Docusaurus' `onBrokenLinks`).
    BrokenLink,
    /// A `#fragment` no heading or element on the target page has (`onBrokenAnchors`).
    BrokenAnchor,
    /// A link to a `.md`/`.mdx` file that does not exist (`onBrokenMarkdownLinks`).
    BrokenMarkdownLink,
    /// A Markdown image, `require()` or import whose file is missing (`on_missing_images`).
    MissingImage,
    /// A URL built with `useBaseUrl()` or written as a plain `src` whose file is missing:
    /// Docusaurus never checks these (`on_missing_url_targets`).
    MissingUrlTarget,
    /// Something only JavaScript could render (a value computed at run time, an npm package's
    /// content); shown statically as well as docgen can (`on_needs_javascript`).
    NeedsJavaScript,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: None,
            hint: None,
            kind: None,
            code: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the diagnostic at a 1-based line and column of `source`, keeping that line for display.
    pub fn at(self, source: &str, line: usize, column: usize) -> Self {
        self.at_line(line, column, source_line(source, line))
    }

    /// Places the diagnostic at `line` and `column`, showing `source_line`.
    pub fn at_line(mut self, line: usize, column: usize, source_line: Option<String>) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = source_line;
        self
    }

    /// Places the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column)
    }

    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// The stable code of this kind of problem (`broken-link`, `yaml`, …).
    pub fn code(&self) -> Code {
        match self.kind {
            Some(Kind::BrokenLink) => Code::BrokenLink,
            Some(Kind::BrokenAnchor) => Code::BrokenAnchor,
            Some(Kind::BrokenMarkdownLink) => Code::BrokenMarkdownLink,
            Some(Kind::MissingImage) => Code::MissingImage,
            Some(Kind::MissingUrlTarget) => Code::MissingUrlTarget,
            Some(Kind::NeedsJavaScript) => Code::NeedsJavascript,
            None => self.code.unwrap_or(Code::PageFile),
        }
    }

    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: by file, then position, so output reads top to bottom.
    pub fn sort_key(&self) -> (&Path, usize, usize) {
        (&self.file, self.line, self.column)
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(
            f,
            "{label}[{}]: {}",
            self.code().as_str(),
            self.file.display()
        )?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            write!(f, "\n {pad} |\n {number} | {src}")?;
            if self.column > 0 {
                let marker: String = src
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {pad} | {marker}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Sorts by file, line and column, and drops repeats (a partial used twice reports once).
pub(crate) fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diags.dedup();
}

/// Line `line` (1-based) of `source`, without its line ending.
pub fn source_line(source: &str, line: usize) -> Option<String> {
    source
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.trim_end_matches('\r').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let src = "satu\ndua é x\n";
        let off = src.find('x').unwrap();
        assert_eq!(line_column(src, off), (2, 7));
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 10_000), (3, 1));
    }

    #[test]
    fn display_shows_source_line_and_marker() {
        let d = Diagnostic::error("content/a.md", "bad thing")
            .with_code(Code::Yaml)
            .at("line one\nline two\n", 2, 6)
            .with_hint("fix it");
        let text = d.to_string();
        assert!(text.starts_with("error[yaml]: content/a.md:2:6: bad thing"));
        assert!(text.contains("2 | line two"));
        assert!(text.contains("|      ^"));
        assert!(text.ends_with("= hint: fix it"));
    }
}

//! `import` and `export` statements: read whole (they may span lines), then remembered for the
//! rest of the page — partials and asset URLs by name, exported constants as values, exported
//! components compiled to templates. The statements themselves leave no output.

use super::inline::Value;
use super::scan::*;
use super::*;

impl Expander<'_, '_> {
    /// A whole `import`/`export` statement has been read: remember what it brings in.
    pub(super) fn esm_done(&mut self, n: usize) {
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
    pub(super) fn import(&mut self, text: &str, n: usize) {
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
    pub(super) fn starts_esm(&mut self, line: &str) -> bool {
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

    pub(super) fn continue_esm(&mut self, line: &str) -> bool {
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
}

pub(super) const ASSET_EXTENSIONS: [&str; 12] = [
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".pdf", ".mp4", ".webm",
    ".zip",
];

/// `import Name from 'path'` → (Name, path).
pub(super) fn default_import(text: &str) -> Option<(String, String)> {
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
pub(super) fn exported_component_name(text: &str) -> Option<String> {
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
pub(super) fn join_content_path(page_dir: &str, path: &str) -> Option<String> {
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

pub(super) fn ends_import(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches(';').trim_end();
    t.ends_with('\'') || t.ends_with('"')
}

pub(super) fn brace_delta(line: &str) -> i32 {
    line.bytes().fold(0, |d, b| match b {
        b'{' | b'(' | b'[' => d + 1,
        b'}' | b')' | b']' => d - 1,
        _ => d,
    })
}

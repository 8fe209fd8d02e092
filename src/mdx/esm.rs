//! `import` and `export` statements: read whole (they may span lines), then remembered for the
//! rest of the page — partials and asset URLs by name, exported constants as values, exported
//! components compiled to templates. The statements themselves leave no output.

use super::inline::Value;

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
                    self.warning(Code::Import, line, 1, format!("component `{name}` cannot be rendered without running JavaScript ({}); its uses show their content only", e.message));
                }
            }
        }
    }

    /// `import Foo from './_foo.md'` (any Markdown file: a component), `import img from
    /// './x.png'` (an asset URL); several statements may share the text.
    pub(super) fn import(&mut self, text: &str, n: usize) {
        let first_line = n + 1 - text.lines().count().max(1);
        let bindings = match js::imports(text) {
            Ok(b) => b,
            Err(e) => {
                let line = first_line + text[..e.offset.min(text.len())].matches('\n').count();
                self.warning(
                    Code::Import,
                    line,
                    1,
                    format!(
                        "this import cannot be read ({}); what it imports shows nothing",
                        e.message
                    ),
                );
                return;
            }
        };
        for binding in bindings {
            let line = first_line
                + text[..text.find(&binding.source).unwrap_or(0)]
                    .matches('\n')
                    .count();
            self.import_binding(binding, line);
        }
    }

    fn import_binding(&mut self, binding: js::ImportBinding, line: usize) {
        let (name, path) = (binding.local, binding.source);
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".mdx") {
            let key = discover::import_key(self.ctx.page_dir, &path, self.ctx.content_dir);
            let found = key.as_key();
            if self.ctx.partials.contains(&found) {
                self.imports.insert(name, Import::Partial(found));
                return;
            }
            self.imports.insert(name, Import::Missing);
            if let discover::ImportKey::Package(_) = key {
                let d = self.error(Code::Import, line, 1, format!("`{path}` comes from an npm package, which docgen does not install; its content is left out"));
                d.severity = crate::diagnostics::Severity::Warning;
                d.kind = Some(Kind::NeedsJavaScript);
                return;
            }
            let d = self.error(
                Code::Import,
                line,
                1,
                format!("imported file not found: `{path}`"),
            );
            d.kind = Some(Kind::MissingImage);
            d.hint = Some("import a Markdown file by its path from this page (`./_part.md`) or from the site folder (`@site/docs/x.md`)".into());
            return;
        }
        if path.starts_with('@') && !path.starts_with("@site/") {
            return; // `@theme/Tabs`, `@docusaurus/...`: provided by docgen's shortcodes
        }
        let module = discover::import_key(self.ctx.page_dir, &path, self.ctx.content_dir);
        if let Some(exports) = self.ctx.modules.get(&module.as_key()) {
            let value = match binding.imported.as_str() {
                "*" => Some(exports.clone()),
                name => exports.get(name).cloned(),
            };
            if let Some(value) = value {
                self.imports.insert(name, Import::Value(value));
            }
            return;
        }
        if binding.imported != "default" || !ASSET_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
            return;
        }
        if let Value::Text(url) = self.required_url(&path, line, 1) {
            self.imports.insert(name, Import::Url(url));
        }
    }

    /// Recognises the first line of an `import` or `export` statement.
    pub(super) fn starts_esm(&mut self, line: &str) -> bool {
        if let Some(rest) = line.strip_prefix("import") {
            // `import` alone: a formatter split the statement after the keyword.
            if rest.trim().is_empty() {
                self.in_import = true;
                return true;
            }
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

//! Inside a line: `{…}` expressions (`useBaseUrl`, `require`, literals, comments), JSX
//! attributes turned into HTML ones, and the stack of open HTML elements that reports tags
//! never closed.

use super::scan::*;
use super::*;

impl Expander<'_, '_> {
    /// Evaluates `{...}` expressions and JSX attributes in one line, outside code spans.
    pub(super) fn expand_inline(&mut self, line: &str, n: usize) -> String {
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
    pub(super) fn tag_finished(&mut self, tag: TagState, self_closing: bool) {
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
                    Code::Jsx,
                    tag.line,
                    tag.column,
                    format!("closing tag `</{}>` has no opening tag", tag.name),
                )
                .hint = Some("remove it, or add the opening tag it belongs to".into());
            }
        }
    }

    pub(super) fn unclosed_tag(&mut self, tag: &OpenTag, closed_by: Option<&str>) {
        let message = match closed_by {
            Some(outer) => format!(
                "`<{}>` is never closed (`</{outer}>` comes first)",
                tag.name
            ),
            None => format!("`<{}>` is never closed", tag.name),
        };
        self.error(Code::Jsx, tag.line, tag.column, message).hint = Some(format!(
            "add `</{}>`, or write `<{} />` if it has no content",
            tag.name, tag.name
        ));
    }

    /// Handles the `{...}` starting at byte `start`; returns where scanning continues.
    pub(super) fn expression(
        &mut self,
        out: &mut String,
        line: &str,
        start: usize,
        n: usize,
    ) -> usize {
        let column = line[..start].chars().count() + 1;
        let in_tag = self.tag.is_some();
        let in_attribute = in_tag && out.trim_end().ends_with('=');
        let Some(end) = matching_brace(line, start) else {
            if in_tag {
                self.error(
                    Code::Expression,
                    n,
                    column,
                    "this `{` expression is never closed on its line",
                )
                .hint =
                    Some("JSX expressions in attributes must be closed on the same line".into());
                return line.len();
            }
            if self.ctx.is_mdx {
                self.error(Code::Expression, n, column, "this `{` expression is never closed on its line").hint = Some(
                    "in .mdx files `{` starts a JavaScript expression; write `\\{` for a literal brace".into(),
                );
            }
            out.push('{');
            return start + 1;
        };
        let inner = line[start + 1..end].trim();
        let attr_name = in_attribute.then(|| attribute_name(out)).flatten();
        let style_object = inner.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
        let value = if attr_name.as_deref() == Some("style")
            && let Some(object) = style_object
        {
            Ok(Value::Text(style_object_to_css(object)))
        } else if attr_name.as_deref() == Some("style")
            && let Some(Import::Value(serde_json::Value::Object(style))) = self.imports.get(inner)
        {
            // `style={imgStyle}` with `export const imgStyle = {maxWidth: 600}`.
            let rules: Vec<String> = style
                .iter()
                .map(|(k, v)| format!("{}: {}", js::kebab_case(k), js::css_value(k, v)))
                .collect();
            Ok(Value::Text(rules.join("; ")))
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
                let d = self.error(
                    Code::Jsx,
                    n,
                    column,
                    format!("unsupported JSX expression `{{{inner}}}`"),
                );
                d.kind = Some(Kind::NeedsJavaScript);
                d.hint = Some("docgen evaluates literals, exported constants, frontMatter.x, useBaseUrl('...') and require('...').default; other JavaScript cannot run at build time, so the attribute is left out".into());
                if let Some(name) = attr_name.filter(|_| in_attribute) {
                    // Leave the attribute out: the element still renders.
                    let kept = out.trim_end().strip_suffix('=').unwrap_or(out).trim_end();
                    let kept_len = kept.len().saturating_sub(name.len());
                    out.truncate(kept_len);
                }
            }
            // Braces in prose that are not an expression docgen knows stay text, as in CommonMark.
            Err(()) => out.push_str(&line[start..=end]),
        }
        end + 1
    }

    /// Evaluates the expressions docgen supports; `Err` for anything else.
    pub(super) fn evaluate(&mut self, expr: &str, n: usize, column: usize) -> Result<Value, ()> {
        if expr.is_empty() || (expr.starts_with("/*") && expr.ends_with("*/")) {
            return Ok(Value::Nothing);
        }
        if let Some(lit) = string_literal(expr) {
            return Ok(Value::Text(lit));
        }
        if let Ok(number) = expr.parse::<f64>()
            && number.is_finite()
        {
            return Ok(Value::Text(js::to_text(&js::number(number))));
        }
        if let Some(key) = expr.strip_prefix("frontMatter.") {
            return match self.ctx.front_matter.get(key) {
                Some(v) if !v.is_object() && !v.is_array() && !v.is_null() => {
                    Ok(Value::Text(js::to_text(v)))
                }
                _ => Err(()),
            };
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
        // `require('@docusaurus/useBaseUrl').default('x')`: useBaseUrl written out.
        if let Some(args) = expr
            .strip_prefix("require('@docusaurus/useBaseUrl').default")
            .and_then(|rest| call_args(rest.trim_start(), ""))
        {
            let path = string_literal(first_arg(args)).ok_or(())?;
            return Ok(self.static_url(&path, n, column));
        }
        let required = call_args(expr, "require").or_else(|| {
            expr.strip_suffix(".default")
                .and_then(|e| call_args(e, "require"))
        });
        if let Some(args) = required {
            let path = string_literal(first_arg(args)).ok_or(())?;
            let local = ["./", "../", "/", "@site/"]
                .iter()
                .any(|p| path.starts_with(p));
            if !local {
                return Err(()); // a package: JavaScript, not a file
            }
            return Ok(self.required_url(&path, n, column));
        }
        Err(())
    }

    /// `useBaseUrl('…')`: a URL, not a file reference. A file of the static folder, else a
    /// page's route; when neither exists the URL is kept as written (Docusaurus never checks
    /// it) with a warning, and a file that differs only in letter case is linked for real.
    pub(super) fn static_url(&mut self, path: &str, n: usize, column: usize) -> Value {
        if is_external(path) {
            return Value::Text(path.to_string());
        }
        Value::Text(self.url_only(path, self.ctx.assets.static_file(path), n, column))
    }

    /// The URL for a reference that is only a URL (`useBaseUrl`, a plain `src="…"`).
    pub(super) fn url_only(
        &mut self,
        path: &str,
        lookup: AssetLookup,
        n: usize,
        column: usize,
    ) -> String {
        let prefix = self.ctx.root_prefix;
        let (wanted, suggestion) = match lookup {
            AssetLookup::Found(url) => return format!("{prefix}{url}"),
            AssetLookup::Missing { wanted, suggestion } => (wanted, suggestion),
        };
        let (route_part, rest) = path.split_at(path.find(['#', '?']).unwrap_or(path.len()));
        match self.ctx.links.absolute(route_part) {
            Some(crate::links::Target::Page(route)) => {
                return format!("{prefix}{}{rest}", crate::routes::page_href(&route));
            }
            Some(crate::links::Target::Elsewhere) => return path.to_string(),
            None => {}
        }
        let assets = self.ctx.assets;
        let real = suggestion.as_deref().and_then(|s| assets.suggestion_url(s));
        let d = self.error(Code::Jsx, n, column, format!("file not found: `{wanted}`"));
        d.kind = Some(Kind::MissingUrlTarget);
        if let Some(s) = &suggestion {
            d.hint = Some(format!(
                "did you mean `{s}`? Letter case matters on most web hosts; docgen links to that file"
            ));
        }
        match real {
            Some(url) => format!("{prefix}{url}"),
            None => format!("{prefix}{}", path.trim_start_matches('/')),
        }
    }

    /// `require('…')` / `import x from '…'`: a file next to the page, from the site folder
    /// (`@site/…`), or by root path in the static folder.
    pub(super) fn required_url(&mut self, path: &str, n: usize, column: usize) -> Value {
        let lookup = self.ctx.assets.file(self.ctx.page_dir, path);
        self.asset_url(lookup, n, column)
    }

    pub(super) fn asset_url(&mut self, lookup: AssetLookup, n: usize, column: usize) -> Value {
        match lookup {
            AssetLookup::Found(url) => Value::Text(format!("{}{url}", self.ctx.root_prefix)),
            AssetLookup::Missing { wanted, suggestion } => {
                let d = self.error(Code::Jsx, n, column, format!("file not found: `{wanted}`"));
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
}

pub(super) enum Value {
    Nothing,
    Text(String),
}

//! `:::note` … `:::` admonitions: opened and closed line by line, with their titles, into the
//! HTML wrappers the theme styles; the Markdown inside stays Markdown.

use super::*;

impl Expander<'_, '_> {
    /// Opens or closes an admonition; false when the line is not one.
    pub(super) fn admonition(&mut self, line: &str, n: usize) -> bool {
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
}

pub(super) fn parse_admonition_title(rest: &str) -> Option<&str> {
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

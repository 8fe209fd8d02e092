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
            let Some(open) = self.admonitions.pop() else {
                self.error(
                    Code::Admonition,
                    n,
                    column,
                    "`:::` closes an admonition, but none is open",
                )
                .hint =
                    Some("remove this line, or open an admonition above it with `:::note`".into());
                return true;
            };
            if open.text_only {
                return false; // closes an unknown directive, shown as text
            }
            self.emit("", n);
            self.emit(&format!("{indent}</div></div>"), n);
            self.emit("", n);
            return true;
        }
        let word_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
            .count();
        let word = rest[..word_len].to_ascii_lowercase();
        let (mut kind, kind_len) = match self.admonition_keyword(&word) {
            Some(k) => (k.clone(), k.len()),
            None => (word.clone(), word_len),
        };
        // `:::warning` written where `:::` was meant: a bare repeat of the open admonition's
        // type closes it, as the author intended, with a warning.
        if kind_len == rest.len()
            && let Some(open) = self.admonitions.last()
            && open.kind == kind
        {
            let opened = open.line;
            self.admonitions.pop();
            self.warning_with_hint(
                Code::Admonition,
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
        if !self.is_admonition_keyword(&kind) && self.ctx.docusaurus_major.is_some() {
            // Docusaurus 3: an unknown directive is not an admonition; it stays text.
            self.warning_with_hint(
                Code::Admonition,
                n,
                column,
                &format!(
                    "unknown admonition type `{}`; the line is shown as text",
                    &rest[..word_len]
                ),
                format!(
                    "use one of: {}, or list it in the docs plugin's `admonitions.keywords`",
                    ADMONITION_KINDS[..6].join(", ")
                ),
            );
            self.admonitions.push(OpenAdmonition {
                kind,
                colons,
                line: n,
                column,
                text_only: true,
            });
            return false;
        }
        if !self.is_admonition_keyword(&kind) {
            self.error(
                Code::Admonition,
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
            text_only: false,
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

impl Expander<'_, '_> {
    fn is_admonition_keyword(&self, word: &str) -> bool {
        ADMONITION_KINDS.contains(&word)
            || self.ctx.admonition_keywords.iter().any(|k| k == word)
            || (self.ctx.docusaurus_major.is_some() && word == "secondary")
    }

    /// The admonition type a directive word names: the word itself, or — in Docusaurus 2,
    /// which matched keywords as prefixes (`:::warningAttention`) — the keyword it starts with.
    fn admonition_keyword(&self, word: &str) -> Option<String> {
        if self.is_admonition_keyword(word) {
            return Some(word.to_string());
        }
        if self.ctx.docusaurus_major != Some(2) {
            return None;
        }
        let mut keywords: Vec<&str> = ADMONITION_KINDS
            .iter()
            .copied()
            .chain(self.ctx.admonition_keywords.iter().map(String::as_str))
            .chain(["secondary"])
            .collect();
        keywords.sort_by_key(|k| std::cmp::Reverse(k.len()));
        keywords
            .into_iter()
            .find(|k| word.starts_with(k))
            .map(str::to_string)
    }
}

//! Escaping text for HTML: the one place every stage that writes HTML by hand goes through.

/// Escapes `&`, `<`, `>` and `"`: safe in element content and in double-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    escaped(text, true)
}

/// Escapes `&`, `<` and `>`: enough in element content, where a quote means nothing (code is
/// full of them, and `&quot;` is five bytes for one).
pub(crate) fn escape_text(text: &str) -> String {
    escaped(text, false)
}

fn escaped(text: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape(r#"<a href="x">R&D</a>"#),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;"
        );
    }

    #[test]
    fn text_keeps_its_quotes() {
        assert_eq!(
            super::escape_text(r#"<a href="x">R&D's</a>"#),
            r#"&lt;a href="x"&gt;R&amp;D's&lt;/a&gt;"#
        );
    }
}

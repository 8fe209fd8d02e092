//! YAML front matter: the block between `---` lines at the top of a page.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// The Docusaurus front matter keys docgen understands; anything else lands in `extra`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct FrontMatter {
    pub id: Option<String>,
    pub title: Option<String>,
    pub sidebar_label: Option<String>,
    pub sidebar_position: Option<f64>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub hide_title: bool,
    pub hide_table_of_contents: bool,
    /// `Some(None)` is an explicit `null`: no link at all.
    #[serde(deserialize_with = "explicit_null")]
    pub pagination_prev: Option<Option<String>>,
    #[serde(deserialize_with = "explicit_null")]
    pub pagination_next: Option<Option<String>>,
    pub image: Option<String>,
    pub toc_min_heading_level: Option<u8>,
    pub toc_max_heading_level: Option<u8>,
    /// `false` leaves the page out of the search index (`pagefind: false` is read too).
    pub search: Option<bool>,
    pub pagefind: Option<bool>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

fn explicit_null<'de, D>(d: D) -> Result<Option<Option<String>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    Option::<String>::deserialize(d).map(Some)
}

/// A page split into its front matter and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// Lines before the body (front matter and its fences), to map body lines back to the file.
    pub body_line_offset: usize,
}

/// Separates `---\n...\n---` from the rest; a page without it is all body.
pub fn split(source: &str) -> Split<'_> {
    let no_front = Split {
        yaml: None,
        body: source,
        body_line_offset: 0,
    };
    let Some(after_open) = strip_fence_line(source) else {
        return no_front;
    };
    let mut offset = source.len() - after_open.len();
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &source[source.len() - after_open.len()..offset];
            let body_start = offset + line.len();
            return Split {
                yaml: Some(yaml),
                body: &source[body_start..],
                body_line_offset: source[..body_start].matches('\n').count(),
            };
        }
        offset += line.len();
    }
    no_front
}

fn strip_fence_line(source: &str) -> Option<&str> {
    let first_end = source.find('\n')?;
    (source[..first_end].trim_end() == "---").then(|| &source[first_end + 1..])
}

/// Parses the YAML; errors point at the line in the page file (the YAML starts on line 2).
pub fn parse(
    yaml: &str,
    file: &std::path::Path,
    page_source: &str,
) -> Result<FrontMatter, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_saphyr::from_str::<FrontMatter>(yaml).map_err(|e| {
        let text = e.to_string();
        let reason = strip_position(first_line(&text));
        // The parser's guard against alias bombs speaks of its own budget.
        let (message, hint) = match reason.contains("budget") {
            true => (
                "invalid front matter: it expands to too much data (aliases referring to aliases); docgen stops at 250,000 nodes".to_string(),
                Some("write the values out instead of building them from many `*alias` references"),
            ),
            false => (format!("invalid front matter: {reason}"), None),
        };
        let mut diag = Diagnostic::error(file, message).with_code(crate::codes::Code::Yaml);
        diag.hint = hint.map(str::to_string);
        // YAML also breaks lines at a lone `\r`, so its line numbers can run past the file's;
        // such a position is pulled back to the front matter's last line.
        let yaml_lines = yaml.matches('\n').count().max(1);
        match e.location() {
            Some(loc) if loc.line() > 0 => {
                let line = (loc.line() as usize).min(yaml_lines);
                diag.at(page_source, line + 1, loc.column().max(1) as usize)
            }
            _ => diag.at(page_source, 1, 1),
        }
    })
}

/// serde-saphyr prefixes `error: line N column M: `, counted inside the YAML block; the
/// diagnostic carries the position in the page file instead.
fn strip_position(message: &str) -> &str {
    let rest = message.strip_prefix("error: ").unwrap_or(message);
    match rest.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((position, tail)) if position.contains("column") => tail,
        _ => rest,
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn splits_front_matter_from_body() {
        let src = "---\ntitle: A\n---\n# Body\n";
        let s = split(src);
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn no_front_matter_and_unclosed_fence_are_body() {
        assert_eq!(split("# x\n").yaml, None);
        assert_eq!(split("---\ntitle: x\n").yaml, None);
        assert_eq!(split("").yaml, None);
    }

    #[test]
    fn crlf_front_matter() {
        let s = split("---\r\ntitle: A\r\n---\r\nbody");
        assert_eq!(s.yaml, Some("title: A\r\n"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn parses_known_and_extra_keys() {
        let yaml =
            "title: Hai\nsidebar_position: 2\ntags: [a, b]\npagination_next: null\ncustom: 5\n";
        let fm = parse(yaml, Path::new("a.md"), yaml).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Hai"));
        assert_eq!(fm.sidebar_position, Some(2.0));
        assert_eq!(fm.tags, vec!["a", "b"]);
        assert_eq!(fm.pagination_next, Some(None));
        assert_eq!(fm.pagination_prev, None);
        assert_eq!(fm.extra.get("custom"), Some(&serde_json::json!(5)));
    }

    #[test]
    fn wrong_type_is_located() {
        let page = "---\ntitle: x\nsidebar_position: abc\n---\n";
        let yaml = split(page).yaml.unwrap();
        let err = parse(yaml, Path::new("a.md"), page).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn positions_stay_inside_the_file_with_carriage_returns() {
        // Found by the `frontmatter` fuzz target.
        let page = "---\n\r\r[\r\r[\n---\nbody\n";
        let yaml = split(page).yaml.unwrap();
        let err = parse(yaml, Path::new("a.md"), page).unwrap_err();
        assert!(err.line == 2, "line {} of a 4-line file", err.line);
        assert!(err.source_line.is_some());
    }

    #[test]
    fn broken_yaml_is_located() {
        let page = "---\ntitle: [x\n---\n";
        let yaml = split(page).yaml.unwrap();
        let err = parse(yaml, Path::new("a.md"), page).unwrap_err();
        assert!(err.line >= 2, "{err}");
        assert!(err.message.starts_with("invalid front matter"));
        assert!(
            !err.message.contains("line 1"),
            "YAML-relative position removed: {}",
            err.message
        );
    }

    #[test]
    fn an_alias_bomb_is_stopped_with_words_a_person_understands() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f"][i];
            yaml.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let page = format!("---\n{yaml}---\n");
        let err = parse(&yaml, Path::new("a.md"), &page).unwrap_err();
        assert!(
            err.message.contains("expands to too much data"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("Nodes"), "{}", err.message);
    }
}

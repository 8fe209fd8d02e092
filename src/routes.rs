//! Where a page lives in the output: Docusaurus' number prefixes, ids, slugs and the
//! relative URLs between pages.

/// Splits a Docusaurus number prefix off a file or folder name: `02_setup` → (Some(2), "setup").
///
/// Follows Docusaurus' parser: `^\d+\s*[-_.]+\s*(suffix)`, where the suffix must not start with a
/// separator or a space, and names that look like a date or a version (`^\d+[-_.]\d+`, as in
/// `2024-01-01-x` or `1.2-x`) keep their digits.
pub fn strip_number_prefix(name: &str) -> (Option<u32>, &str) {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return (None, name);
    }
    let rest = &name[digits..];
    let is_sep = |c: char| matches!(c, '-' | '_' | '.');
    let mut after_first_sep = rest.chars();
    if after_first_sep.next().is_some_and(is_sep)
        && after_first_sep.next().is_some_and(|c| c.is_ascii_digit())
    {
        return (None, name);
    }
    let trimmed = rest.trim_start_matches(char::is_whitespace);
    let after_sep = trimmed.trim_start_matches(is_sep);
    if after_sep.len() == trimmed.len() {
        return (None, name);
    }
    let suffix = after_sep.trim_start_matches(char::is_whitespace);
    if suffix.chars().next().is_none_or(is_sep) {
        return (None, name);
    }
    (name[..digits].parse().ok(), suffix)
}

/// Joins route segments; the root route is the empty string.
pub fn join_route(parts: &[&str]) -> String {
    parts
        .iter()
        .flat_map(|p| p.split('/'))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// Normalises a user-written route (`/a/b/`, `a/./b`) to the internal form (`a/b`).
pub fn normalize_route(route: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in route.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The output file of a route, relative to the output folder.
pub fn output_path(route: &str) -> String {
    if route.is_empty() {
        "index.html".into()
    } else {
        format!("{route}/index.html")
    }
}

/// The prefix that leads from a page at `route` back to the site root: `""`, `"../"`, ...
pub fn root_prefix(route: &str) -> String {
    let depth = route.split('/').filter(|s| !s.is_empty()).count();
    "../".repeat(depth)
}

/// `href`, a URL from the site root (as [`page_href`] makes them), as the shortest URL that
/// leads to it from the page at `route`: `../b/index.html` from `a/c` rather than
/// `../../a/b/index.html`. Pages link to dozens of their neighbours (sidebar, breadcrumbs,
/// pagination), so the common folders are a good part of a page's bytes. `None` for what is not
/// a plain path from the root (`..`, empty segments), which the caller leaves as it is.
pub fn href_from(route: &str, href: &str) -> Option<String> {
    let cut = href.find(['#', '?']).unwrap_or(href.len());
    let (path, rest) = href.split_at(cut);
    let mut folders: Vec<&str> = path.split('/').collect();
    let file = folders.pop().unwrap_or_default();
    let plain = |s: &&str| !s.is_empty() && *s != "." && *s != "..";
    if path.starts_with('/') || path.contains("://") || !folders.iter().all(plain) {
        return None;
    }
    let here: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
    let common = here
        .iter()
        .zip(&folders)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(here.len() - common);
    for folder in &folders[common..] {
        out.push_str(folder);
        out.push('/');
    }
    out.push_str(file);
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(rest);
    Some(out)
}

/// URL of a page, relative to the site root; ends in `index.html` so that the site also
/// works when opened straight from disk.
pub fn page_href(route: &str) -> String {
    output_path(route)
}

/// GitHub-style heading slug, as Docusaurus (github-slugger) makes it.
pub fn slugify(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// A tidy URL segment: lower case, runs of anything but letters and digits become one `-`.
pub fn url_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Keeps heading ids unique within a page: `intro`, `intro-1`, `intro-2`...
#[derive(Default)]
pub struct SlugCounter {
    seen: std::collections::HashMap<String, usize>,
}

impl SlugCounter {
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut candidate = base.to_string();
        while let Some(count) = self.seen.get_mut(&candidate) {
            *count += 1;
            candidate = format!("{base}-{}", *count - 1);
        }
        self.seen.insert(candidate.clone(), 1);
        candidate
    }
}

/// `a/./b/../c` → `a/c`; leading `..` are kept (`../docs/x`).
pub fn normalize_site_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `doc%202.mdx` → `doc 2.mdx`: links are percent-decoded before they are looked up.
pub fn percent_decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_or_else(|_| text.into(), Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_prefixes_are_stripped_like_docusaurus() {
        assert_eq!(strip_number_prefix("1-Intro"), (Some(1), "Intro"));
        assert_eq!(strip_number_prefix("02_setup"), (Some(2), "setup"));
        assert_eq!(strip_number_prefix("3.Guide"), (Some(3), "Guide"));
        assert_eq!(strip_number_prefix("10 - Deep"), (Some(10), "Deep"));
        assert_eq!(strip_number_prefix("intro"), (None, "intro"));
        assert_eq!(strip_number_prefix("2024-01-01-x"), (None, "2024-01-01-x"));
        assert_eq!(strip_number_prefix("2024_01_01"), (None, "2024_01_01"));
        assert_eq!(strip_number_prefix("1.2-x"), (None, "1.2-x"));
        assert_eq!(strip_number_prefix("1.2.3"), (None, "1.2.3"));
        assert_eq!(strip_number_prefix("123"), (None, "123"));
        assert_eq!(strip_number_prefix("1-"), (None, "1-"));
        assert_eq!(strip_number_prefix("1--x"), (Some(1), "x"));
    }

    #[test]
    fn routes_are_normalised() {
        assert_eq!(normalize_route("/a/b/"), "a/b");
        assert_eq!(normalize_route("a/./c/../b"), "a/b");
        assert_eq!(normalize_route("/"), "");
        assert_eq!(join_route(&["a", "", "b/c"]), "a/b/c");
    }

    #[test]
    fn relative_prefixes() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("a"), "../");
        assert_eq!(root_prefix("a/b"), "../../");
        assert_eq!(page_href(""), "index.html");
        assert_eq!(page_href("a/b"), "a/b/index.html");
    }

    #[test]
    fn links_between_pages_take_the_shortest_way() {
        let from = |route, href| href_from(route, href);
        assert_eq!(
            from("a/b/c", "a/b/d/index.html").as_deref(),
            Some("../d/index.html")
        );
        assert_eq!(
            from("a/b", "a/b/c/index.html").as_deref(),
            Some("c/index.html")
        );
        assert_eq!(
            from("a/b", "x/index.html").as_deref(),
            Some("../../x/index.html")
        );
        assert_eq!(
            from("a/b", "index.html").as_deref(),
            Some("../../index.html")
        );
        assert_eq!(from("", "a/index.html").as_deref(), Some("a/index.html"));
        assert_eq!(
            from("a", "a/index.html#top").as_deref(),
            Some("index.html#top")
        );
        assert_eq!(from("a/b", "a/").as_deref(), Some("../"));
        assert_eq!(from("a", "a/").as_deref(), Some("./"));
        assert_eq!(
            from("a/b", "a/b/img/x.png?v=1").as_deref(),
            Some("img/x.png?v=1")
        );
        // `a` is a folder of the target only when followed by `/`: `ab/` is not under `a/`.
        assert_eq!(
            from("a", "ab/index.html").as_deref(),
            Some("../ab/index.html")
        );
        for odd in [
            "/a/index.html",
            "a/../b/index.html",
            "a//b/index.html",
            "https://x.org/a",
        ] {
            assert_eq!(from("a", odd), None, "{odd}");
        }
    }

    #[test]
    fn slugs_match_github() {
        assert_eq!(slugify("Apa itu CI?"), "apa-itu-ci");
        assert_eq!(slugify("1. Fundamental DevOps"), "1-fundamental-devops");
        assert_eq!(slugify("Héllo  World_x"), "héllo--world_x");
        assert_eq!(url_slug(" Kontainer & Orkestrasi "), "kontainer-orkestrasi");
        let mut c = SlugCounter::default();
        assert_eq!(c.unique("a"), "a");
        assert_eq!(c.unique("a"), "a-1");
        assert_eq!(c.unique("a"), "a-2");
        assert_eq!(c.unique("a-1"), "a-1-1");
    }
}

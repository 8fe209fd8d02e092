//! The JS-aware text scanner the other parts share: quoted strings, braces, code spans, tag
//! names and string literals, without parsing JavaScript.

use crate::js;

pub(super) fn push_char(out: &mut String, line: &str, i: usize) -> usize {
    let ch = line[i..].chars().next().unwrap_or(' ');
    out.push(ch);
    i + ch.len_utf8()
}

pub(super) fn prev_is_word(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'-')
}

/// The tag after a `<`: whether it is a closing tag and its name. A name must be followed by
/// a space, `/`, `>` or the line end, so autolinks like `<https://x>` are not tags.
pub(super) fn tag_name(after: &str) -> Option<(bool, &str)> {
    let (closing, rest) = match after.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        .count();
    let next = rest[len..].chars().next();
    next.is_none_or(|c| c.is_whitespace() || c == '/' || c == '>')
        .then_some((closing, &rest[..len]))
}

/// After a word, `<T>` or `<int>` is a type parameter; `H<sub>2</sub>O` is still HTML.
pub(super) fn is_generic_type(after: &str) -> bool {
    // HTML elements: after a word they are still tags (`bundle<div>iOS</div>` in a table).
    const HTML_ELEMENTS: [&str; 71] = [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "button",
        "caption",
        "center",
        "cite",
        "code",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "video",
        "wbr",
    ];

    match tag_name(after) {
        Some((false, name)) => !HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()),
        Some((true, _)) => false,
        // `Map<K, V>`: the name ends at the comma, which no tag allows.
        None => after.starts_with(|c: char| c.is_ascii_alphabetic()),
    }
}

/// Copies an inline code span (or a lone backtick run) unchanged.
pub(super) fn copy_code_span(out: &mut String, line: &str, start: usize) -> usize {
    let run = line[start..].bytes().take_while(|&b| b == b'`').count();
    let ticks = &line[start..start + run];
    let mut search = start + run;
    while let Some(pos) = line[search..].find(ticks) {
        let at = search + pos;
        let close_run = line[at..].bytes().take_while(|&b| b == b'`').count();
        if close_run == run {
            out.push_str(&line[start..at + run]);
            return at + run;
        }
        search = at + close_run;
    }
    out.push_str(ticks);
    start + run
}

/// Byte index of the `}` matching the `{` at `start`, on the same line.
pub(super) fn matching_brace(line: &str, start: usize) -> Option<usize> {
    scan_js(line, start, true, |c, depth| c == b'}' && depth == 1)
}

/// Walks JavaScript-like text from `start`, skipping quoted strings, to the first byte where
/// `stop(byte, depth)` holds (`depth`: `{` nesting before that byte). Backticks quote only
/// inside braces unless `backticks_at_top` (in a JSX tag, a bare backtick is just text).
pub(super) fn scan_js(
    text: &str,
    start: usize,
    backticks_at_top: bool,
    stop: impl Fn(u8, i32) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if stop(c, depth) => return Some(i),
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'`' if depth > 0 || backticks_at_top => quote = Some(c),
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// The attribute name just before `=` at the end of `out` (`src` in `<img src=`).
pub(super) fn attribute_name(out: &str) -> Option<String> {
    let before = out.trim_end().strip_suffix('=')?.trim_end();
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        .collect();
    Some(name.chars().rev().collect())
}

/// `'text'`, `"text"` or `` `text` `` (without `${}`) as its value.
pub(super) fn string_literal(expr: &str) -> Option<String> {
    let expr = expr.trim();
    let quote = expr.chars().next()?;
    if !matches!(quote, '\'' | '"' | '`') || expr.len() < 2 || !expr.ends_with(quote) {
        return None;
    }
    let inner = &expr[1..expr.len() - 1];
    if quote == '`' && inner.contains("${") {
        return None;
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == quote {
            return None; // two literals, e.g. 'a' + 'b'
        }
        if c == '\\' {
            match chars.next() {
                // A line break would shift every later line against the file; a space renders alike.
                Some('n') | Some('t') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The argument text of `name(...)` when `expr` is exactly such a call.
pub(super) fn call_args<'e>(expr: &'e str, name: &str) -> Option<&'e str> {
    let rest = expr.strip_prefix(name)?.trim_start();
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    Some(inner)
}

/// The first argument of a call, ignoring options such as `useBaseUrl('x', {absolute: true})`.
pub(super) fn first_arg(args: &str) -> &str {
    let args = args.trim();
    let Some(q) = args
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))
    else {
        return args;
    };
    match args[1..].find(q) {
        Some(end) => &args[..end + 2],
        None => args,
    }
}

/// `{width: '50%', marginTop: 8}` → `width: 50%; margin-top: 8px`.
pub(super) fn style_object_to_css(object: &str) -> String {
    let mut rules = Vec::new();
    for pair in split_top_level(object, ',') {
        let Some((key, value)) = pair.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['\'', '"']);
        let value = value.trim();
        let css_value = match (string_literal(value), value.parse::<f64>()) {
            (Some(text), _) => text,
            (None, Ok(n)) => js::css_value(key, &js::number(n)),
            (None, Err(_)) => value.to_string(),
        };
        rules.push(format!("{}: {css_value}", js::kebab_case(key)));
    }
    rules.join("; ")
}

pub(super) fn split_top_level(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '{' | '[') => depth += 1,
            (None, ')' | '}' | ']') => depth -= 1,
            (None, c) if c == sep && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(&text[start..]);
    }
    parts
}

/// How many `{` of `text` are still open at its end (quoted strings skipped).
pub(super) fn open_braces(text: &str) -> i32 {
    let depth = std::cell::Cell::new(0);
    let _ = scan_js(text, 0, true, |c, d| {
        depth.set(
            d + match c {
                b'{' => 1,
                b'}' => -1,
                _ => 0,
            },
        );
        false
    });
    depth.get()
}

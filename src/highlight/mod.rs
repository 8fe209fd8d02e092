//! Code blocks: syntect highlighting at build time, emitting short CSS classes resolved from
//! the light and the dark theme (`colours`), so one stylesheet serves both modes.

mod colours;

pub use colours::CodeColours;

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use syntect::highlighting::Theme;
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedLazyThemeSet;

use crate::html;

/// The themes a site gets without choosing (`highlight_theme`, `highlight_theme_dark`).
pub const DEFAULT_THEMES: (&str, &str) = ("github", "onehalfdark");

/// What a fence's info string says: ```` ```python title="app.py" {1,3-5} showLineNumbers ````.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FenceInfo {
    pub lang: String,
    pub title: Option<String>,
    pub highlighted: BTreeSet<usize>,
    /// First line number when line numbers are shown.
    pub line_numbers: Option<usize>,
}

pub fn parse_fence_info(info: &str) -> FenceInfo {
    let info = info.trim();
    let lang_end = info
        .find(|c: char| c.is_whitespace() || c == '{')
        .unwrap_or(info.len());
    let mut fence = FenceInfo {
        lang: info[..lang_end].to_string(),
        ..FenceInfo::default()
    };
    let mut rest = &info[lang_end..];
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix('{') {
            let end = after.find('}').unwrap_or(after.len());
            fence.highlighted.extend(parse_line_ranges(&after[..end]));
            rest = after.get(end + 1..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix("title=") {
            let (value, remaining) = quoted_value(after);
            fence.title = Some(value.to_string());
            rest = remaining;
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            if word == "showLineNumbers" {
                fence.line_numbers = Some(1);
            } else if let Some(n) = word.strip_prefix("showLineNumbers=") {
                fence.line_numbers = Some(n.parse().unwrap_or(1));
            }
            rest = &rest[end..];
        }
    }
    fence
}

fn quoted_value(text: &str) -> (&str, &str) {
    match text.chars().next() {
        Some(q @ ('"' | '\'')) => match text[1..].find(q) {
            Some(end) => (&text[1..end + 1], &text[end + 2..]),
            None => (&text[1..], ""),
        },
        _ => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            (&text[..end], &text[end..])
        }
    }
}

/// `1,3-5` → {1, 3, 4, 5}; malformed parts are ignored, ranges are capped.
pub fn parse_line_ranges(spec: &str) -> BTreeSet<usize> {
    let mut lines = BTreeSet::new();
    for part in spec.split(',').map(str::trim) {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.trim().parse::<usize>(), b.trim().parse::<usize>()) {
                    lines.extend(a..=b.min(a.saturating_add(10_000)));
                }
            }
            None => lines.extend(part.parse::<usize>()),
        }
    }
    lines
}

/// Lines longer than this are not highlighted (Vim's `synmaxcol` default): grammar regexes
/// scan ahead on each token, so one minified line can cost seconds.
pub const MAX_HIGHLIGHT_LINE: usize = 3_000;

/// Wall time one code block may spend in the grammar before the rest of it is shown plain.
/// A safety valve for pathological input; real blocks take well under a millisecond a line.
const HIGHLIGHT_BUDGET: Duration = Duration::from_secs(2);

/// Why a code block was shown without colours although its language is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unhighlighted {
    /// Line `line` (1-based, in the block) has `length` bytes, over `MAX_HIGHLIGHT_LINE`.
    LongLine { line: usize, length: usize },
    /// The grammar took longer than the budget; lines from `line` on are plain.
    TooSlow { line: usize },
}

impl Unhighlighted {
    /// The sentence for a warning.
    pub fn describe(&self, lang: &str) -> String {
        match self {
            Unhighlighted::LongLine { line, length } => format!(
                "code block (`{lang}`) shown without highlighting: its line {line} has {length} characters, over the limit of {MAX_HIGHLIGHT_LINE}"
            ),
            Unhighlighted::TooSlow { line } => format!(
                "code block (`{lang}`) shown without highlighting from its line {line}: the `{lang}` grammar took over {} s",
                HIGHLIGHT_BUDGET.as_secs()
            ),
        }
    }
}

pub struct Highlighter {
    /// The grammars, the costly part: loaded once per process, shared by `with_colours`.
    syntaxes: Arc<SyntaxSet>,
    colours: CodeColours,
    /// Blocks already rendered, by a hash of their fence and text: versions of the docs repeat
    /// most of their pages, and a block is highlighted once for all of them.
    blocks: BlockCache,
}

/// Rendered blocks by content hash, up to `BLOCK_CACHE_BYTES` of HTML; on once a site turns it
/// on, and kept between builds in the site's cache folder (`cache::load_blocks`).
#[derive(Default)]
struct BlockCache {
    enabled: std::sync::atomic::AtomicBool,
    map: std::sync::Mutex<(usize, HashMap<[u8; 32], Rendered>)>,
}

type Rendered = (Arc<str>, Option<Unhighlighted>);

/// A rendered block as it is kept between builds: its key (a hash of its fence and text), its
/// HTML, and why it is not highlighted, when it is not.
pub type CachedBlock = ([u8; 32], Arc<str>, Option<Unhighlighted>);

/// What the block cache may hold, in bytes of HTML: the blocks of tens of thousands of pages,
/// well under what a build of 100,000 pages may hold.
const BLOCK_CACHE_BYTES: usize = 64 * 1024 * 1024;

impl BlockCache {
    fn key(code: &str, info: &FenceInfo) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(info.lang.as_bytes());
        hasher.update(&[0]);
        hasher.update(info.title.as_deref().unwrap_or("\0none").as_bytes());
        hasher.update(&[0]);
        for line in &info.highlighted {
            hasher.update(&line.to_le_bytes());
        }
        hasher.update(&[0]);
        hasher.update(&info.line_numbers.map_or(0, |n| n + 1).to_le_bytes());
        hasher.update(code.as_bytes());
        *hasher.finalize().as_bytes()
    }

    fn get(&self, key: &[u8; 32]) -> Option<Rendered> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.1.get(key).cloned()
    }

    fn put(&self, key: [u8; 32], rendered: Rendered) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.0 + rendered.0.len() <= BLOCK_CACHE_BYTES {
            map.0 += rendered.0.len();
            map.1.insert(key, rendered);
        }
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// Loads syntect's grammars plus the ones two-face adds (TOML, Dockerfile, TypeScript...),
    /// with the default themes.
    pub fn new() -> Self {
        let theme = |name| find_theme(name).unwrap_or_default();
        Self::load(CodeColours::new(
            theme(DEFAULT_THEMES.0),
            theme(DEFAULT_THEMES.1),
        ))
    }

    /// Loads the grammars, with `colours`.
    pub fn load(colours: CodeColours) -> Self {
        Highlighter {
            syntaxes: Arc::new(two_face::syntax::extra_newlines()),
            colours,
            blocks: BlockCache::default(),
        }
    }

    /// The same grammars with other colours.
    pub fn with_colours(&self, colours: CodeColours) -> Self {
        Highlighter {
            syntaxes: self.syntaxes.clone(),
            colours,
            blocks: BlockCache::default(),
        }
    }

    /// The stylesheet of the classes `render` writes.
    pub fn stylesheet(&self) -> String {
        self.colours.stylesheet()
    }

    pub fn find_syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.to_ascii_lowercase();
        let token = match lang.as_str() {
            "" | "text" | "txt" | "plain" | "plaintext" | "none" => return None,
            "sh" | "shell" | "console" | "zsh" | "shellsession" | "terminal" => "bash",
            "yml" => "yaml",
            "ts" => "typescript",
            "js" | "mjs" | "cjs" => "javascript",
            "jsx" => "javascript",
            "py" => "python",
            "rs" => "rust",
            "docker" | "containerfile" => "dockerfile",
            "golang" => "go",
            "hcl" | "tf" | "terraform" => "terraform",
            "ps" | "ps1" | "pwsh" => "powershell",
            "md" | "mdx" => "markdown",
            "conf" | "cfg" => "ini",
            other => other,
        };
        self.syntaxes
            .find_syntax_by_token(token)
            .or_else(|| self.syntaxes.find_syntax_by_name(token))
    }

    /// What identifies this highlighter's output besides a block itself: a block cached by
    /// another one (other colours, or a cache left by another docgen) is not used.
    pub fn identity(&self) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(self.stylesheet().as_bytes());
        hasher.finalize().to_hex().to_string()
    }

    /// The blocks cached so far, for the next build: those whose rendering does not depend on
    /// time (a block cut short by the grammar's time budget may well finish next time).
    pub fn cached_blocks(&self) -> Vec<CachedBlock> {
        let map = self.blocks.map.lock().unwrap_or_else(|e| e.into_inner());
        map.1
            .iter()
            .filter(|(_, (_, why))| !matches!(why, Some(Unhighlighted::TooSlow { .. })))
            .map(|(key, (html, why))| (*key, html.clone(), why.clone()))
            .collect()
    }

    /// Takes blocks a build before cached ([`Highlighter::cached_blocks`]); turns the cache on.
    pub fn add_cached_blocks(&self, blocks: Vec<CachedBlock>) {
        self.cache_blocks();
        for (key, html, why) in blocks {
            self.blocks.put(key, (html, why));
        }
    }

    /// Remember rendered blocks from now on (each site does: blocks repeat, across pages and
    /// across versions).
    pub fn cache_blocks(&self) {
        self.blocks
            .enabled
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Renders a fenced code block to HTML, and says why it is not highlighted when its
    /// language is known but the block is too costly to colour.
    pub fn render(&self, code: &str, info: &FenceInfo) -> (String, Option<Unhighlighted>) {
        if !self
            .blocks
            .enabled
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            return self.render_block(code, info);
        }
        let key = BlockCache::key(code, info);
        if let Some((html, why)) = self.blocks.get(&key) {
            return (html.to_string(), why);
        }
        let (html, why) = self.render_block(code, info);
        self.blocks
            .put(key, (Arc::from(html.as_str()), why.clone()));
        (html, why)
    }

    fn render_block(&self, code: &str, info: &FenceInfo) -> (String, Option<Unhighlighted>) {
        let mut html = String::with_capacity(code.len() * 3 + 200);
        let lang_attr = html::escape(&info.lang);
        html.push_str("<div class=\"code-block\"");
        if !info.lang.is_empty() {
            let _ = write!(html, " data-lang=\"{lang_attr}\"");
        }
        html.push('>');
        if let Some(title) = &info.title {
            let _ = write!(
                html,
                "<div class=\"code-title\">{}</div>",
                html::escape(title)
            );
        }
        html.push_str("<pre class=\"hl-code");
        if info.line_numbers.is_some() {
            html.push_str(" line-numbers");
        }
        html.push('"');
        if let Some(start) = info.line_numbers.filter(|&s| s != 1) {
            let _ = write!(
                html,
                " style=\"counter-reset: line {}\"",
                start.saturating_sub(1)
            );
        }
        html.push_str(" tabindex=\"0\"><code");
        if !info.lang.is_empty() {
            let _ = write!(html, " class=\"language-{lang_attr}\"");
        }
        html.push('>');
        let (code, marked) = strip_highlight_comments(code.strip_suffix('\n').unwrap_or(code));
        let (lines, unhighlighted) = match self.find_syntax(&info.lang) {
            Some(syntax) => self.bounded_lines(&code, syntax),
            None => (plain_lines(&code), None),
        };
        // A box per line only where a line needs one (highlighted, or numbered): most blocks
        // have neither, and the boxes were a twentieth of a page's bytes.
        let boxed =
            info.line_numbers.is_some() || !info.highlighted.is_empty() || !marked.is_empty();
        for (index, line) in lines.iter().enumerate() {
            if !boxed {
                html.push_str(line);
                html.push('\n');
                continue;
            }
            let class = if info.highlighted.contains(&(index + 1)) || marked.contains(&(index + 1))
            {
                "line highlighted"
            } else {
                "line"
            };
            // The line break stays inside the line's box: outside it, `<pre>` would show an
            // empty line between block-level lines; inside, copied text keeps its newlines.
            let _ = write!(html, "<span class=\"{class}\">{line}\n</span>");
        }
        html.push_str("</code></pre></div>\n");
        (html, unhighlighted)
    }

    /// Highlighted lines, or plain ones past a line too long or a grammar too slow.
    fn bounded_lines(
        &self,
        code: &str,
        syntax: &SyntaxReference,
    ) -> (Vec<String>, Option<Unhighlighted>) {
        let long = code
            .split('\n')
            .enumerate()
            .find(|(_, line)| line.len() > MAX_HIGHLIGHT_LINE);
        if let Some((index, line)) = long {
            let reason = Unhighlighted::LongLine {
                line: index + 1,
                length: line.chars().count(),
            };
            return (plain_lines(code), Some(reason));
        }
        let deadline = Instant::now() + HIGHLIGHT_BUDGET;
        match self.classed_lines(code, syntax, deadline) {
            Some((lines, false)) => (lines, None),
            Some((mut lines, true)) => {
                let done = lines.len();
                let rest = LinesWithEndings::from(code).skip(done);
                lines.extend(rest.map(|l| html::escape_text(l.strip_suffix('\n').unwrap_or(l))));
                (lines, Some(Unhighlighted::TooSlow { line: done + 1 }))
            }
            None => (plain_lines(code), None),
        }
    }

    /// One HTML fragment per line, each token in a span of its classes (tokens of the same
    /// classes side by side share one). Stops early, with the lines done so far, once
    /// `deadline` has passed.
    fn classed_lines(
        &self,
        code: &str,
        syntax: &SyntaxReference,
        deadline: Instant,
    ) -> Option<(Vec<String>, bool)> {
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut lines = Vec::new();
        for line in LinesWithEndings::from(code) {
            if Instant::now() > deadline {
                return Some((lines, true));
            }
            let ops = state.parse_line(line, &self.syntaxes).ok()?;
            let text = line.strip_suffix('\n').unwrap_or(line);
            let mut html = Spans::default();
            let mut last = 0;
            for (at, op) in ops {
                let at = at.min(text.len());
                if at > last {
                    html.push(&text[last..at], self.colours.style(stack.as_slice()));
                    last = at;
                }
                stack.apply(&op).ok()?;
            }
            html.push(&text[last..], self.colours.style(stack.as_slice()));
            lines.push(html.finish());
        }
        Some((lines, false))
    }
}

/// One line's HTML being written: the open span's classes, merged with the next token's when
/// they are the same.
#[derive(Default)]
struct Spans {
    html: String,
    open: Option<colours::TokenStyle>,
}

impl Spans {
    fn push(&mut self, text: &str, style: colours::TokenStyle) {
        if text.is_empty() {
            return;
        }
        let wanted = (!style.is_plain()).then_some(style);
        if wanted != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(style) = wanted {
                self.html.push_str("<span class=\"");
                style.push_classes(&mut self.html);
                self.html.push_str("\">");
            }
            self.open = wanted;
        }
        self.html.push_str(&html::escape_text(text));
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// Docusaurus' magic comments: `// highlight-next-line`, `// highlight-start` …
/// `// highlight-end` (also with `#`, `--`, `;`, `/* */` and `<!-- -->`). The comment lines are
/// removed; the lines they mark are returned, numbered after the removal.
pub fn strip_highlight_comments(code: &str) -> (String, BTreeSet<usize>) {
    let directive = |line: &str| {
        let t = line.trim();
        let body = ["//", "#", "--", ";", "/*", "<!--"]
            .iter()
            .find_map(|open| t.strip_prefix(open))?
            .trim()
            .trim_end_matches("*/")
            .trim_end_matches("-->")
            .trim();
        ["highlight-next-line", "highlight-start", "highlight-end"]
            .into_iter()
            .find(|d| *d == body)
    };
    if !code.contains("highlight-") {
        return (code.to_string(), BTreeSet::new());
    }
    let mut kept = Vec::new();
    let mut marked = BTreeSet::new();
    let mut next = false;
    let mut in_range = false;
    for line in code.split('\n') {
        match directive(line) {
            Some("highlight-next-line") => next = true,
            Some("highlight-start") => in_range = true,
            Some(_) => in_range = false,
            None => {
                kept.push(line);
                if next || in_range {
                    marked.insert(kept.len());
                }
                next = false;
            }
        }
    }
    (kept.join("\n"), marked)
}

fn plain_lines(code: &str) -> Vec<String> {
    code.split('\n').map(html::escape_text).collect()
}

/// Finds a two-face theme by a forgiving name (`github`, `OneHalfDark`, `one-half-dark`).
pub fn find_theme(name: &str) -> Option<Theme> {
    let simplify = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    };
    let wanted = simplify(name);
    let name = EmbeddedLazyThemeSet::theme_names()
        .iter()
        .find(|t| simplify(t.as_name()) == wanted)?;
    Some(two_face::theme::extra().get(*name).clone())
}

/// Names accepted by `find_theme`, for error messages.
pub fn theme_names() -> Vec<&'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|t| t.as_name())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn cached_blocks_are_the_blocks_rendered_afresh() {
        let fresh = Highlighter::new();
        let cached = Highlighter::new();
        cached.cache_blocks();
        let code = "fn main() {\n    println!(\"halo\");\n}\n";
        let a = parse_fence_info("rust {2}");
        let b = parse_fence_info("rust title=\"main.rs\"");
        for info in [&a, &b, &a, &b] {
            assert_eq!(cached.render(code, info), fresh.render(code, info));
        }
        // Two fences over the same text are two entries, not one.
        assert_ne!(cached.render(code, &a).0, cached.render(code, &b).0);
        assert_eq!(cached.blocks.map.lock().unwrap().1.len(), 2);
    }

    use super::*;

    #[test]
    fn blocks_kept_for_the_next_build_render_as_fresh_ones() {
        let first = Highlighter::new();
        first.cache_blocks();
        let code = "let x = 1;\n";
        let long = format!("let y = \"{}\";\n", "a".repeat(MAX_HIGHLIGHT_LINE + 10));
        let info = parse_fence_info("rust");
        let rendered = [first.render(code, &info), first.render(&long, &info)];
        assert!(rendered[1].1.is_some(), "the long line is not highlighted");
        let kept = first.cached_blocks();
        assert_eq!(kept.len(), 2);

        let next = Highlighter::new();
        next.add_cached_blocks(kept);
        assert_eq!(next.blocks.map.lock().unwrap().1.len(), 2);
        assert_eq!(next.render(code, &info), rendered[0]);
        assert_eq!(next.render(&long, &info), rendered[1], "with its reason");
        assert_ne!(
            next.identity(),
            Highlighter::load(CodeColours::new(
                find_theme("Nord").unwrap_or_default(),
                find_theme("Nord").unwrap_or_default(),
            ))
            .identity(),
            "other colours, another cache"
        );
    }

    #[test]
    fn fence_info_is_parsed() {
        let f = parse_fence_info("python title=\"app.py\" {1,3-5} showLineNumbers");
        assert_eq!(f.lang, "python");
        assert_eq!(f.title.as_deref(), Some("app.py"));
        assert_eq!(
            f.highlighted.iter().copied().collect::<Vec<_>>(),
            vec![1, 3, 4, 5]
        );
        assert_eq!(f.line_numbers, Some(1));
        let f = parse_fence_info("js{2} title='a b.js' showLineNumbers=5");
        assert_eq!(f.lang, "js");
        assert_eq!(f.title.as_deref(), Some("a b.js"));
        assert!(f.highlighted.contains(&2));
        assert_eq!(f.line_numbers, Some(5));
        assert_eq!(parse_fence_info("").lang, "");
    }

    #[test]
    fn aliases_and_extra_grammars_resolve() {
        let h = Highlighter::new();
        for lang in [
            "sh",
            "console",
            "yml",
            "ts",
            "toml",
            "dockerfile",
            "rust",
            "go",
            "json",
            "python",
            "jsx",
        ] {
            assert!(h.find_syntax(lang).is_some(), "no syntax for {lang}");
        }
        assert!(h.find_syntax("klingon").is_none());
    }

    #[test]
    fn lines_are_wrapped_and_marked() {
        let h = Highlighter::new();
        let info = parse_fence_info("rust {2}");
        let (html, _) = h.render("fn main() {\n    let s = \"a\nb\";\n}\n", &info);
        assert_eq!(html.matches("<span class=\"line").count(), 4);
        assert_eq!(html.matches("<span class=\"line highlighted\">").count(), 1);
        // `fn` is coloured as the GitHub theme colours storage keywords (#a71d5d), and as One Half
        // Dark does (#c678dd) in dark mode.
        let classes = html
            .split("\">fn</span>")
            .next()
            .and_then(|before| before.rsplit("<span class=\"").next())
            .expect("a span around fn");
        // One class for the pair of colours, defined once for both modes.
        assert!(!classes.contains(' '), "{classes}");
        let css = h.stylesheet();
        let rule = css
            .lines()
            .find(|l| l.starts_with(&format!(".hl-code .{classes} {{")))
            .unwrap_or_else(|| panic!("no rule for {classes}"));
        assert!(
            rule.contains("--hl: #a71d5d;") && rule.contains("--hd: #c678dd;"),
            "{rule}"
        );
        // every line closes what it opens
        for chunk in html.split("<span class=\"line").skip(1) {
            let chunk = chunk.split("</code>").next().unwrap();
            assert_eq!(
                chunk.matches("<span").count() + 1,
                chunk.matches("</span>").count(),
                "{chunk}"
            );
            assert!(chunk.ends_with("\n</span>"), "{chunk}");
        }
    }

    #[test]
    fn magic_comments_mark_lines_and_disappear() {
        let code = "a\n// highlight-next-line\nb\nc\n# highlight-start\nd\ne\n# highlight-end\nf\n<!-- highlight-next-line -->\ng";
        let (kept, marked) = strip_highlight_comments(code);
        assert_eq!(kept, "a\nb\nc\nd\ne\nf\ng");
        assert_eq!(marked.into_iter().collect::<Vec<_>>(), vec![2, 4, 5, 7]);
        let (html, _) = Highlighter::new().render(
            "x = 1\n// highlight-next-line\ny = 2\n",
            &parse_fence_info("js"),
        );
        assert!(!html.contains("highlight-next-line"));
        assert_eq!(html.matches("line highlighted").count(), 1);
        let (same, none) = strip_highlight_comments("let a = \"highlight-start\";");
        assert_eq!(same, "let a = \"highlight-start\";");
        assert!(none.is_empty());
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let h = Highlighter::new();
        let (html, _) = h.render("<b>&</b>\n", &parse_fence_info("klingon"));
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(!html.contains("<span class=\"c"), "{html}");
    }

    #[test]
    fn dark_css_is_scoped() {
        let css = Highlighter::new().stylesheet();
        assert!(css.contains(".hl-code span { color: var(--hl); }"));
        assert!(css.contains("html[data-theme=\"dark\"] .hl-code span { color: var(--hd); }"));
        assert!(
            css.contains("html:not([data-theme=\"light\"]) .hl-code span { color: var(--hd); }")
        );
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        // Font styles of one mode are undone in the other.
        assert!(css.contains("html[data-theme=\"dark\"] .hl-code .cb { font-weight: inherit; }"));
    }

    #[test]
    fn quotes_in_code_are_not_escaped() {
        let (html, _) =
            Highlighter::new().render("echo \"a < b\" 'c'\n", &parse_fence_info("bash"));
        assert!(!html.contains("&quot;"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
        assert!(html.contains("'c'"), "{html}");
    }

    #[test]
    fn a_large_palette_pair_falls_back_to_a_class_per_theme() {
        // A theme with more colours than MAX_PAIRS allows paired with itself.
        let mut theme = find_theme("github").expect("github");
        let base = theme.scopes[0].clone();
        for i in 0..40u8 {
            let mut item = base.clone();
            item.style.foreground = Some(syntect::highlighting::Color {
                r: i,
                g: 1,
                b: 2,
                a: 255,
            });
            theme.scopes.push(item);
        }
        let h = Highlighter::new().with_colours(CodeColours::new(theme.clone(), theme));
        let css = h.stylesheet();
        assert!(css.contains(".hl-code .c1 {"), "colour classes per theme");
        assert!(css.contains("html[data-theme=\"dark\"] .hl-code .k1 {"));
        assert!(!css.contains("--hl"), "no pair rules");
        let (html, _) = h.render("fn main() {}\n", &parse_fence_info("rust"));
        assert!(html.contains("<span class=\"c"), "{html}");
        assert!(html.contains(" k"), "{html}");
    }
}

//! Code colours: every token gets one short class for its pair of colours (`Jc`: the light
//! theme's colour number 9, the dark theme's number 2), resolved at build time from the two
//! themes, plus `cb`/`ki`… for the rare bold, italic or underlined token; one stylesheet defines
//! them. Before, a token carried a class per theme (`c9 k2`), and before that a class per scope
//! of its scope stack (`hl-string hl-quoted hl-double hl-yaml`, nested), which made code two
//! thirds of a typical page's bytes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use syntect::highlighting::{Color, FontStyle, Highlighter as Resolver, Theme};
use syntect::parsing::Scope;

/// Above this many colour pairs (light palette × dark palette) the stylesheet would hold too
/// many rules: tokens then carry a class per theme (`c9 k2`) instead of one per pair.
const MAX_PAIRS: usize = 1024;

/// The light and the dark theme, with their palettes: each distinct foreground colour of a
/// theme has an index, and index 0 is the theme's default text colour.
pub struct CodeColours {
    light: Palette,
    dark: Palette,
    /// Whether tokens get one class per colour pair (see [`MAX_PAIRS`]).
    paired: bool,
    /// Tells the per-thread cache which `CodeColours` its entries belong to.
    id: u64,
}

struct Palette {
    theme: Theme,
    colours: Vec<Color>,
    prefix: char,
}

/// A token's colours and font styles, in the light and the dark theme.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct TokenStyle {
    light: (u16, FontStyle),
    dark: (u16, FontStyle),
    paired: bool,
}

impl TokenStyle {
    /// Default colours and no font style in both themes: the token needs no span.
    pub fn is_plain(&self) -> bool {
        self.light == (0, FontStyle::empty()) && self.dark == (0, FontStyle::empty())
    }

    /// The value of the token's `class` attribute.
    pub fn push_classes(&self, out: &mut String) {
        if self.paired {
            push_pair(out, self.light.0, self.dark.0);
            push_fonts(out, 'c', self.light.1);
            push_fonts(out, 'k', self.dark.1);
        } else {
            let _ = write!(out, "c{}", self.light.0);
            push_fonts(out, 'c', self.light.1);
            let _ = write!(out, " k{}", self.dark.0);
            push_fonts(out, 'k', self.dark.1);
        }
    }
}

/// The class of a colour pair: the light colour's number in capital letters, the dark one's in
/// small letters (bijective base 26: `A` is 0, `Z` 25, `AA` 26), so that no pair class is a
/// font class (`cb`, `ki`…) and the two numbers never run together.
fn push_pair(out: &mut String, light: u16, dark: u16) {
    push_letters(out, light, b'A');
    push_letters(out, dark, b'a');
}

fn push_letters(out: &mut String, n: u16, first: u8) {
    let mut n = usize::from(n) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(first + (n % 26) as u8));
        n /= 26;
    }
    out.extend(letters.iter().rev());
}

fn push_fonts(out: &mut String, prefix: char, font: FontStyle) {
    for (flag, letter) in FONT_FLAGS {
        if font.contains(*flag) {
            let _ = write!(out, " {prefix}{letter}");
        }
    }
}

const FONT_FLAGS: &[(FontStyle, char)] = &[
    (FontStyle::BOLD, 'b'),
    (FontStyle::ITALIC, 'i'),
    (FontStyle::UNDERLINE, 'u'),
];

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Scope stack → classes, per thread: stacks repeat endlessly within a language, and
    /// resolving one against a theme's selectors costs microseconds.
    static RESOLVED: RefCell<(u64, HashMap<Vec<Scope>, TokenStyle>)> =
        RefCell::new((0, HashMap::new()));
}

impl CodeColours {
    pub fn new(light: Theme, dark: Theme) -> CodeColours {
        let light = Palette::new(light, 'c');
        let dark = Palette::new(dark, 'k');
        CodeColours {
            paired: light.colours.len() * dark.colours.len() <= MAX_PAIRS,
            light,
            dark,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The classes of a token whose scope stack is `stack`.
    pub(super) fn style(&self, stack: &[Scope]) -> TokenStyle {
        RESOLVED.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != self.id {
                *cache = (self.id, HashMap::new());
            }
            if let Some(style) = cache.1.get(stack) {
                return *style;
            }
            let style = TokenStyle {
                light: self.light.resolve(stack),
                dark: self.dark.resolve(stack),
                paired: self.paired,
            };
            cache.1.insert(stack.to_vec(), style);
            style
        })
    }

    /// The rules for every class, light by default, dark under `[data-theme=dark]` and under
    /// the system's dark preference when the reader has not picked a theme.
    pub fn stylesheet(&self) -> String {
        const DARK: &str = "html[data-theme=\"dark\"] ";
        const SYSTEM_DARK: &str = "html:not([data-theme=\"light\"]) ";
        let mut css = String::from("/* Generated by docgen from syntect themes. */\n");
        self.light.rules(&mut css, "", !self.paired);
        self.dark.rules(&mut css, DARK, !self.paired);
        if self.paired {
            self.pair_rules(&mut css, DARK);
        }
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        self.dark.rules(&mut css, SYSTEM_DARK, !self.paired);
        if self.paired {
            let _ = writeln!(css, "{SYSTEM_DARK}.hl-code span {{ color: var(--hd); }}");
        }
        css.push_str("}\n");
        css
    }

    /// A rule per colour pair, every pair of the two palettes (the pairs a site uses are not
    /// known when a page kept from an earlier build still uses them): the pair's colours as
    /// custom properties, which the token takes in either mode.
    fn pair_rules(&self, css: &mut String, dark_scope: &str) {
        for (l, light) in self.light.colours.iter().enumerate() {
            for (d, dark) in self.dark.colours.iter().enumerate() {
                let mut class = String::new();
                push_pair(&mut class, index(l), index(d));
                let _ = writeln!(
                    css,
                    ".hl-code .{class} {{ --hl: {}; --hd: {}; }}",
                    hex(*light),
                    hex(*dark)
                );
            }
        }
        css.push_str(".hl-code span { color: var(--hl); }\n");
        let _ = writeln!(css, "{dark_scope}.hl-code span {{ color: var(--hd); }}");
    }
}

fn index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

impl Palette {
    fn new(theme: Theme, prefix: char) -> Palette {
        let default = theme.settings.foreground.unwrap_or(Color::BLACK);
        let mut colours = vec![default];
        for item in &theme.scopes {
            if let Some(c) = item.style.foreground
                && !colours.contains(&c)
            {
                colours.push(c);
            }
        }
        colours[1..].sort_by_key(|c| (c.r, c.g, c.b, c.a));
        Palette {
            theme,
            colours,
            prefix,
        }
    }

    fn resolve(&self, stack: &[Scope]) -> (u16, FontStyle) {
        let style = Resolver::new(&self.theme).style_for_stack(stack);
        let index = self
            .colours
            .iter()
            .position(|c| *c == style.foreground)
            .unwrap_or(0);
        (u16::try_from(index).unwrap_or(0), style.font_style)
    }

    /// This theme's rules, each selector behind `scope` (empty for the light theme), with a
    /// class per colour when tokens are not classed by pair. The font-style classes of the
    /// other theme are reset first, so a token bold only in light mode is not bold in dark mode.
    fn rules(&self, css: &mut String, scope: &str, colour_classes: bool) {
        let p = self.prefix;
        let settings = &self.theme.settings;
        let _ = write!(css, "{scope}.hl-code {{");
        if let Some(fg) = settings.foreground {
            let _ = write!(css, " color: {};", hex(fg));
        }
        if let Some(bg) = settings.background {
            let _ = write!(css, " background-color: {};", hex(bg));
        }
        css.push_str(" }\n");
        if colour_classes {
            for (i, colour) in self.colours.iter().enumerate() {
                let _ = writeln!(
                    css,
                    "{scope}.hl-code .{p}{i} {{ color: {}; }}",
                    hex(*colour)
                );
            }
        }
        let other = if p == 'c' { 'k' } else { 'c' };
        if !scope.is_empty() {
            let _ = writeln!(
                css,
                "{scope}.hl-code .{other}b {{ font-weight: inherit; }} {scope}.hl-code .{other}i {{ font-style: inherit; }} {scope}.hl-code .{other}u {{ text-decoration: inherit; }}"
            );
        }
        let _ = writeln!(
            css,
            "{scope}.hl-code .{p}b {{ font-weight: bold; }} {scope}.hl-code .{p}i {{ font-style: italic; }} {scope}.hl-code .{p}u {{ text-decoration: underline; }}"
        );
    }
}

fn hex(c: Color) -> String {
    match c.a {
        255 => format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b),
        a => format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_class_names_both_colour_numbers_in_letters() {
        let class = |l, d| {
            let mut out = String::new();
            push_pair(&mut out, l, d);
            out
        };
        assert_eq!(class(0, 0), "Aa");
        assert_eq!(class(9, 2), "Jc");
        assert_eq!(class(25, 25), "Zz");
        assert_eq!(class(26, 27), "AAab");
        assert_eq!(class(27, 701), "ABzz");
        assert_eq!(class(702, 0), "AAAa");
    }
}

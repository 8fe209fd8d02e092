//! The files beside the pages: the theme's built-in assets (its stylesheet joined with the code
//! colours, scripts, Mermaid when a page draws a diagram), the site's static folder and the
//! images next to pages, into a [`Sink`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::assets::{CONTENT_ASSETS_DIR, site_asset_path};
use crate::diagnostics::Diagnostic;
use crate::discover::SourceTree;
use crate::output::Sink;
use crate::site::Site;
use crate::theme::{BUILTIN_ASSETS, MERMAID_JS, SEARCH_JS, THEME_CSS, THEME_JS};

/// The theme files written joined with what the build makes (code colours, UI strings).
const JOINED: [&str; 2] = [THEME_CSS, THEME_JS];

/// The UI strings the theme's scripts show (copy button, search dialog), in the site's
/// language, as the first line of `theme/docgen.js`; the scripts fall back to English.
fn script_strings(strings: &BTreeMap<String, String>) -> String {
    const SHOWN: &[&str] = &[
        "copy",
        "copied",
        "search",
        "search_placeholder",
        "search_results",
        "close",
        "search_no_results",
        "search_unavailable",
        "search_unavailable_file",
    ];
    let shown: BTreeMap<&str, &str> = SHOWN
        .iter()
        .filter_map(|k| strings.get(*k).map(|v| (*k, v.as_str())))
        .collect();
    let json = serde_json::to_string(&shown).unwrap_or_else(|_| "{}".into());
    // `</` would end an inline script; the file is not inline, but keep it safe to inline.
    format!("window.docgenStrings = {};\n", json.replace("</", "<\\/"))
}

/// Writes the theme's files and copies the static folder and the content's images; returns
/// how many files were written, and the problems.
pub(crate) fn write(site: &Site, mermaid: bool, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    write_files(
        sink,
        &site.tree,
        &site.paths.content,
        &site.paths.statics,
        &site.paths.root,
        Generated {
            code_colours: &site.syntax_css,
            ui_strings: script_strings(&site.strings),
        },
        OptionalAssets {
            mermaid,
            search: site.config.search,
        },
    )
}

/// What the build adds to the theme's files: the code colours to the stylesheet, the UI strings
/// to the script.
struct Generated<'a> {
    code_colours: &'a str,
    ui_strings: String,
}

/// Built-in scripts only some sites need.
struct OptionalAssets {
    mermaid: bool,
    search: bool,
}

impl OptionalAssets {
    fn wanted(&self, name: &str) -> bool {
        match name {
            MERMAID_JS => self.mermaid,
            SEARCH_JS => self.search,
            _ => true,
        }
    }
}

fn write_files(
    staging: &dyn Sink,
    tree: &SourceTree,
    content_dir: &Path,
    static_dir: &Path,
    root: &Path,
    generated: Generated,
    optional: OptionalAssets,
) -> (usize, Vec<Diagnostic>) {
    let static_set: HashSet<&str> = tree.static_files.iter().map(String::as_str).collect();
    let mut results: Vec<Result<(), Diagnostic>> = BUILTIN_ASSETS
        .iter()
        .filter(|(name, _)| !JOINED.contains(name) && !static_set.contains(name))
        .filter(|(name, _)| optional.wanted(name))
        .map(|(name, text)| staging.write(name, text.as_bytes()))
        .collect();
    // One stylesheet: the theme's (or the site's replacement) followed by the code colours.
    // One script: the UI strings its dialogs and buttons show, then the theme's script (or
    // the site's), so that no page has to carry them.
    let theme_file = |name: &str| match static_set.contains(name) {
        true => std::fs::read_to_string(static_dir.join(name)).map_err(|e| {
            Diagnostic::error(static_dir.join(name), format!("cannot read: {e}"))
                .with_code(crate::codes::Code::Output)
        }),
        false => Ok(BUILTIN_ASSETS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, t)| t)
            .to_string()),
    };
    results.push(theme_file(THEME_CSS).and_then(|css| {
        staging.write(
            THEME_CSS,
            format!("{css}\n{}", generated.code_colours).as_bytes(),
        )
    }));
    results.push(theme_file(THEME_JS).and_then(|js| {
        staging.write(THEME_JS, format!("{}{js}", generated.ui_strings).as_bytes())
    }));
    let copies: Vec<(String, PathBuf)> = tree
        .static_files
        .iter()
        .filter(|f| !JOINED.contains(&f.as_str()))
        .map(|f| (f.clone(), static_dir.join(f)))
        .chain(
            tree.content_assets
                .iter()
                .map(|f| (format!("{CONTENT_ASSETS_DIR}/{f}"), content_dir.join(f))),
        )
        .chain(
            tree.site_files
                .iter()
                .map(|f| (site_asset_path(f), root.join(f))),
        )
        .collect();
    results.par_extend(copies.par_iter().map(|(to, from)| staging.copy(to, from)));
    let count = results.len();
    (count, results.into_iter().filter_map(Result::err).collect())
}

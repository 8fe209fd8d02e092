//! The files beside the pages: the theme's built-in assets (its stylesheet joined with the code
//! colours, scripts, Mermaid when a page draws a diagram), the site's static folder and the
//! images next to pages, into a [`Sink`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::assets::{CONTENT_ASSETS_DIR, site_asset_path};
use crate::diagnostics::Diagnostic;
use crate::discover::SourceTree;
use crate::output::Sink;
use crate::site::Site;
use crate::theme::{BUILTIN_ASSETS, MERMAID_JS, SEARCH_JS, THEME_CSS};

/// Writes the theme's files and copies the static folder and the content's images; returns
/// how many files were written, and the problems.
pub(crate) fn write(site: &Site, mermaid: bool, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    write_files(
        sink,
        &site.tree,
        &site.paths.content,
        &site.paths.statics,
        &site.paths.root,
        &site.syntax_css,
        OptionalAssets {
            mermaid,
            search: site.config.search,
        },
    )
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
    syntax_css: &str,
    optional: OptionalAssets,
) -> (usize, Vec<Diagnostic>) {
    let static_set: HashSet<&str> = tree.static_files.iter().map(String::as_str).collect();
    let mut results: Vec<Result<(), Diagnostic>> = BUILTIN_ASSETS
        .iter()
        .filter(|(name, _)| *name != THEME_CSS && !static_set.contains(name))
        .filter(|(name, _)| optional.wanted(name))
        .map(|(name, text)| staging.write(name, text.as_bytes()))
        .collect();
    // One stylesheet: the theme's (or the site's replacement) followed by the code colours.
    let theme_css = match static_set.contains(THEME_CSS) {
        true => std::fs::read_to_string(static_dir.join(THEME_CSS)).map_err(|e| {
            Diagnostic::error(static_dir.join(THEME_CSS), format!("cannot read: {e}"))
                .with_code(crate::codes::Code::Output)
        }),
        false => Ok(BUILTIN_ASSETS
            .iter()
            .find(|(n, _)| *n == THEME_CSS)
            .map_or("", |(_, t)| t)
            .to_string()),
    };
    results.push(
        theme_css
            .and_then(|css| staging.write(THEME_CSS, format!("{css}\n{syntax_css}").as_bytes())),
    );
    let copies: Vec<(String, PathBuf)> = tree
        .static_files
        .iter()
        .filter(|f| f.as_str() != THEME_CSS)
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

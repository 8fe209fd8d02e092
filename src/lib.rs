//! docgen: a static documentation site generator for Docusaurus-style Markdown.
//!
//! The library is what the `docgen` binary runs: [`build`] (also `docgen check`, with
//! [`BuildOptions::check_only`]), [`serve::serve`], [`init::init`], and [`report`] for the
//! message formats. Everything else is internal; the
//! modules follow the pipeline, and `ARCHITECTURE.md` walks through them.

// Loading the site.
mod config;
mod discover;
mod docusaurus;
mod elsewhere;
mod frontmatter;
mod history;
mod locales;
mod page;
mod sidebar_spec;
mod site;
mod versions;
// Rendering the content, page by page.
mod codes;
mod content;
mod highlight;
mod js;
mod markdown;
mod markers;
mod mdx;
mod shortcodes;
// Across pages.
mod blog;
mod chrome;
mod links;
mod nav;
// Templates and output.
mod output;
mod search;
mod static_files;
mod templates;
mod theme;
// The pipeline, and the dev server beside it.
mod build;
mod incremental;
pub mod serve;
// Shared helpers.
mod assets;
mod cache;
mod date;
mod diagnostics;
mod html;
mod i18n;
mod progress;
mod routes;

#[cfg(fuzzing)]
pub mod fuzzing;

// The CLI's own library: starting a site, printing diagnostics.
pub mod init;
pub mod report;

pub use build::{BuildFailed, BuildOptions, BuildSummary, build};
pub use codes::Code;
pub use diagnostics::{Diagnostic, Severity};
pub use progress::{Progress, ProgressHandle, Stage};

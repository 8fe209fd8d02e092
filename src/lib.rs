//! docgen: a static documentation site generator for Docusaurus-style Markdown.
//!
//! The modules follow the build pipeline, each stage taking plain data in and giving plain
//! data out:
//!
//! 1. [`discover`] — find pages, `_category_` files and assets;
//! 2. [`page`] / [`frontmatter`] — read each page, parse its YAML front matter, work out its route;
//! 3. [`mdx`] — expand MDX-isms (imports, `useBaseUrl`, JSX attributes, admonitions);
//! 4. [`markdown`] / [`highlight`] — Markdown to HTML, with highlighted code;
//! 5. [`nav`] — sidebar, reading order, breadcrumbs;
//! 6. [`render`] / [`pages`] — Tera templates, every page through them;
//! 7. [`output`] — write the site atomically.
//!
//! [`site`] runs them in order; [`incremental`] redoes only what an edit affects, for
//! [`serve`].

pub mod assets;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod docusaurus;
pub mod frontmatter;
pub mod highlight;
pub mod history;
pub mod i18n;
pub mod incremental;
pub mod js;
pub mod markdown;
pub mod mdx;
pub mod nav;
pub mod output;
pub mod page;
pub mod pages;
pub mod render;
pub mod routes;
pub mod serve;
pub mod shortcodes;
pub mod site;

pub use site::{BuildFailed, BuildOptions, BuildSummary, build};

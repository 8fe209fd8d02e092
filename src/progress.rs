//! How far a build is, for the CLI to show: the library reports stages and pages done through a
//! [`Progress`] the caller passes in [`BuildOptions::progress`](crate::BuildOptions), and never
//! draws anything itself.

use std::fmt;
use std::sync::Arc;

/// A part of the build that reports its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the pages and their front matter.
    Read,
    /// MDX, Markdown, highlighting and components, page by page.
    Render,
    /// Templates and writing.
    Write,
    /// The search index (one step: Pagefind reports no pages).
    Search,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Read => "reading",
            Stage::Render => "rendering",
            Stage::Write => "writing",
            Stage::Search => "search index",
        }
    }
}

/// Receives a build's progress; called from many threads at once.
pub trait Progress: Send + Sync {
    /// A stage begins with `total` pages to do (0 when it cannot count them).
    fn start(&self, stage: Stage, total: usize);
    /// One more page of the current stage is done.
    fn advance(&self);
    /// The build is over (successful or not).
    fn finish(&self);
}

/// The progress receiver of a build, or none.
#[derive(Clone, Default)]
pub struct ProgressHandle(Option<Arc<dyn Progress>>);

impl ProgressHandle {
    pub fn new(progress: Arc<dyn Progress>) -> ProgressHandle {
        ProgressHandle(Some(progress))
    }

    pub(crate) fn start(&self, stage: Stage, total: usize) {
        if let Some(p) = &self.0 {
            p.start(stage, total);
        }
    }

    pub(crate) fn advance(&self) {
        if let Some(p) = &self.0 {
            p.advance();
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(p) = &self.0 {
            p.finish();
        }
    }
}

impl fmt::Debug for ProgressHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "ProgressHandle(on)"
        } else {
            "ProgressHandle(off)"
        })
    }
}

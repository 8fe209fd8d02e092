//! Writing the site: everything goes into a staging folder beside the output folder, which
//! replaces the output only when the whole build succeeded. A failed or interrupted build leaves
//! the previous output exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

const STAGING_MARK: &str = ".docgen-staging-";
const OLD_MARK: &str = ".docgen-old-";

/// Where the build puts its files.
pub trait Sink: Sync {
    /// Writes `contents` at `rel`, a `/`-separated path inside the output.
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic>;
    /// Copies a source file to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic>;
    /// Takes the last output's file at `rel` as it is, when this sink can (a build's staging
    /// folder); `false` means it did not, and the caller writes the file.
    fn keep(&self, _rel: &str) -> bool {
        false
    }
    /// The bytes of a file this sink already holds at `rel`, when it can read them back.
    fn read_back(&self, _rel: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Writes into another sink under a folder: a locale of a translated site into `fr/`.
pub struct Prefixed<'a> {
    pub inner: &'a dyn Sink,
    pub prefix: String,
}

impl Sink for Prefixed<'_> {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.inner.write(&format!("{}{rel}", self.prefix), contents)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(&format!("{}{rel}", self.prefix), from)
    }

    fn keep(&self, rel: &str) -> bool {
        self.inner.keep(&format!("{}{rel}", self.prefix))
    }

    fn read_back(&self, rel: &str) -> Option<Vec<u8>> {
        self.inner.read_back(&format!("{}{rel}", self.prefix))
    }
}

/// Writes nothing: `docgen check` renders every page and throws the result away.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _contents: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Keeps rendered files in memory, for `docgen serve` and for all-or-nothing updates.
#[derive(Default)]
pub(crate) struct Collect {
    files: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
    /// When set, copied files must really live in one of these folders: a symlink leading out
    /// of the site is not picked up.
    within: Option<Vec<PathBuf>>,
}

impl Collect {
    /// A collector that refuses copies from outside `roots` (the static and content folders).
    pub fn within(roots: &[&Path]) -> Collect {
        Collect {
            within: Some(roots.iter().filter_map(|r| r.canonicalize().ok()).collect()),
            ..Collect::default()
        }
    }

    pub fn take(&self) -> Vec<(String, Vec<u8>)> {
        std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Sink for Collect {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), contents.to_vec()));
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let cannot = |e: std::io::Error| {
            Diagnostic::error(from, format!("cannot read: {e}"))
                .with_code(crate::codes::Code::Output)
        };
        let real = from.canonicalize().map_err(cannot)?;
        if let Some(roots) = &self.within
            && !roots.iter().any(|root| real.starts_with(root))
        {
            return Ok(());
        }
        let bytes = std::fs::read(&real).map_err(cannot)?;
        self.write(rel, &bytes)
    }
}

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`, clearing leftovers of killed builds.
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let fail = |what: &str, e: io::Error| {
            Diagnostic::error(target, format!("cannot {what}: {e}"))
                .with_code(crate::codes::Code::Output)
        };
        fs::create_dir_all(parent).map_err(|e| fail("create the output's parent folder", e))?;
        remove_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| fail("clear the staging folder", e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| fail("create the staging folder", e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    fn safe_join(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        self.safe_join_in(&self.dir, rel)
    }

    fn safe_join_in(&self, folder: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
        let mut path = folder.to_path_buf();
        for part in rel.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    return Err(Diagnostic::error(
                        rel,
                        "refusing to write outside the output folder",
                    )
                    .with_code(crate::codes::Code::Output));
                }
                p => path.push(p),
            }
        }
        Ok(path)
    }

    fn io_error(&self, rel: &str, e: io::Error) -> Diagnostic {
        Diagnostic::error(self.target.join(rel), format!("cannot write: {e}"))
            .with_code(crate::codes::Code::Output)
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        let path = self.staged_path(rel)?;
        if self.keep_unchanged(rel, &path, |old| same_bytes(old, contents)) {
            return Ok(());
        }
        write_new(&path, contents).map_err(|e| self.io_error(rel, e))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.staged_path(rel)?;
        if self.keep_unchanged(rel, &path, |old| same_file_bytes(old, from)) {
            return Ok(());
        }
        let cannot = |e: io::Error| {
            Diagnostic::error(from, format!("cannot copy to the output: {e}"))
                .with_code(crate::codes::Code::Output)
        };
        remove_if_there(&path).map_err(cannot)?;
        fs::copy(from, &path).map(|_| ()).map_err(cannot)
    }

    fn keep(&self, rel: &str) -> bool {
        let Ok(path) = self.staged_path(rel) else {
            return false;
        };
        self.keep_unchanged(rel, &path, |old| {
            fs::symlink_metadata(old).is_ok_and(|m| m.is_file())
        })
    }

    fn read_back(&self, rel: &str) -> Option<Vec<u8>> {
        fs::read(self.safe_join(rel).ok()?).ok()
    }
}

impl Staging {
    /// The file's place in the staging folder, its folders created.
    fn staged_path(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = self.safe_join(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| self.io_error(rel, e))?;
        }
        Ok(path)
    }

    /// An output file the last build wrote with the same bytes is not written again: the staged
    /// file becomes a second name of the old one (a hard link), so its inode and modification time
    /// stay and deploy tools that compare times (rsync, `make`) see it unchanged. The old output is
    /// only read here, never written; anything unexpected means an ordinary write.
    fn keep_unchanged(&self, rel: &str, staged: &Path, same: impl Fn(&Path) -> bool) -> bool {
        let Ok(old) = self.safe_join_in(&self.target, rel) else {
            return false;
        };
        same(&old) && fs::hard_link(&old, staged).is_ok()
    }
}

/// Writes a new file (a new inode): a staged path that is already a hard link to the old output
/// must never be written through, or the old output would change under a build that may fail.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let create = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            create()?
        }
        file => file?,
    };
    file.write_all(contents)
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether the regular file at `old` holds exactly `contents` (its size is compared first).
fn same_bytes(old: &Path, contents: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(old) else {
        return false;
    };
    meta.is_file()
        && meta.len() == contents.len() as u64
        && fs::read(old).is_ok_and(|bytes| bytes == contents)
}

fn same_file_bytes(old: &Path, from: &Path) -> bool {
    let (Ok(a), Ok(b)) = (fs::symlink_metadata(old), fs::metadata(from)) else {
        return false;
    };
    a.is_file()
        && a.len() == b.len()
        && matches!((fs::read(old), fs::read(from)), (Ok(x), Ok(y)) if x == y)
}

impl Staging {
    /// Puts the staged site in place of the output folder.
    /// The staging folder itself, for readers of what was written (the search indexer).
    pub fn folder(&self) -> &Path {
        &self.dir
    }

    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let parent = self.dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}{OLD_MARK}{}", std::process::id()));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(|e| {
                Diagnostic::error(
                    &self.target,
                    format!("cannot move the old output aside: {e}"),
                )
                .with_code(crate::codes::Code::Output)
            })?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(Diagnostic::error(
                &self.target,
                format!("cannot move the new output in place: {e}"),
            )
            .with_code(crate::codes::Code::Output));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Deletes a folder tree, files in parallel: a big site's old output has tens of thousands of
/// files, and deleting them one by one was the slowest step of a rebuild.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    let _ = fs::remove_dir_all(dir);
}

/// Removes staging and old-output folders that a killed build left behind.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}{STAGING_MARK}"),
        format!(".{name}{OLD_MARK}"),
    ];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The file docgen leaves in every output folder it writes, so that it knows which folders it
/// may replace.
pub(crate) const OUTPUT_MARKER: &str = ".docgen-output";

/// The output folder must be docgen's alone: not the site folder, not one that holds it, not
/// one of the site's source folders or inside one. Checked before anything is written.
pub(crate) fn check_target(
    target: &Path,
    root: &Path,
    sources: &[PathBuf],
) -> Result<(), Diagnostic> {
    let real = |p: &Path| {
        p.canonicalize()
            .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
    };
    let out = real(target);
    let refuse = |why: String| {
        Diagnostic::error(target, why)
            .with_code(crate::codes::Code::Output)
            .with_hint("choose another folder with --out (the default is public/ in the site)")
    };
    let site = real(root);
    if out == site || site.starts_with(&out) {
        return Err(refuse(
            "the output folder would replace the site folder itself; nothing was written".into(),
        ));
    }
    for source in sources.iter().filter(|s| s.exists()) {
        let source_real = real(source);
        if out == source_real || source_real.starts_with(&out) || out.starts_with(&source_real) {
            return Err(refuse(format!(
                "the output folder would overwrite the site's sources in {}; nothing was written",
                source.display()
            )));
        }
    }
    Ok(())
}

/// An existing folder with files is replaced only when docgen wrote it (or with `--force`).
/// Checked once the new site is complete, before it is swapped in.
pub(crate) fn check_replaceable(target: &Path, force: bool) -> Result<(), Diagnostic> {
    let has_files = fs::read_dir(target).is_ok_and(|mut entries| entries.next().is_some());
    // Sites built before the marker existed are recognised by the theme's stylesheet.
    let docgens = target.join(OUTPUT_MARKER).exists() || target.join("theme/docgen.css").exists();
    if has_files && !docgens && !force {
        return Err(Diagnostic::error(
            target,
            "the output folder holds files docgen did not write; nothing was written",
        )
        .with_code(crate::codes::Code::Output)
        .with_hint("pass --force to replace it anyway, or choose another folder with --out"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("old.txt"), "old").unwrap();

        let staging = Staging::create(&out).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("old.txt")).unwrap(), "old");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "staging folder removed"
        );

        let staging = Staging::create(&out).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        assert!(staging.write("../escape", b"x").is_err());
        staging.commit().unwrap();
        assert!(!out.join("old.txt").exists());
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_keep_their_inode_and_the_old_output_is_never_written_through() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let asset = tmp.path().join("logo.svg");
        fs::write(&asset, "<svg/>").unwrap();
        let staging = Staging::create(&out).unwrap();
        staging.write("a/index.html", b"same").unwrap();
        staging.write("b/index.html", b"old!").unwrap();
        staging.write("c/index.html", b"gone").unwrap();
        staging.copy("logo.svg", &asset).unwrap();
        staging.commit().unwrap();
        let ino = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
        let before = [ino("a/index.html"), ino("b/index.html"), ino("logo.svg")];

        let staging = Staging::create(&out).unwrap();
        staging.write("a/index.html", b"same").unwrap();
        // Same size, other bytes: written anew.
        staging.write("b/index.html", b"new!").unwrap();
        staging.copy("logo.svg", &asset).unwrap();
        // Written twice: the second write must not go through the link into the old output.
        staging.write("c/index.html", b"gone").unwrap();
        staging.write("c/index.html", b"changed").unwrap();
        assert_eq!(
            fs::read_to_string(out.join("c/index.html")).unwrap(),
            "gone"
        );
        staging.commit().unwrap();

        assert_eq!(ino("a/index.html"), before[0], "unchanged page kept");
        assert_eq!(ino("logo.svg"), before[2], "unchanged copy kept");
        assert_ne!(ino("b/index.html"), before[1]);
        assert_eq!(
            fs::read_to_string(out.join("b/index.html")).unwrap(),
            "new!"
        );
        assert_eq!(
            fs::read_to_string(out.join("c/index.html")).unwrap(),
            "changed"
        );
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().nlink(), 1);
    }
}

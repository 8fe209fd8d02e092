//! The no-change rebuild. After a successful build, `.docgen-cache/last-build.json` in the site
//! folder records a fingerprint of everything the build depended on, the files it wrote
//! (with their sizes and times) and its warnings. The next `docgen build` computes the
//! fingerprint again; when it is the same and the output folder still holds exactly what was
//! written, nothing is rendered or written, and the recorded warnings are reported again.
//!
//! The fingerprint covers: docgen's own binary (its size and time, so a rebuilt docgen is a
//! change), the options that change the output, every file under the site folder (path, size
//! and modification time; not the output, this cache, `node_modules`, hidden entries or folders
//! tagged as caches with `CACHEDIR.TAG`), the same for the folders outside the site folder the
//! last build read its sources from (`path: '../docs'`), and
//! the git state behind "last updated" dates. Anything else changes nothing docgen writes.
//!
//! When something did change, `code-blocks.bin` beside it gives the build the code blocks the
//! last one highlighted (most of a build's work), keyed by a hash of each block's fence and
//! text and valid for the same highlighter and docgen binary only. `search/` keeps the search
//! index's bundles ([`KeptIndex`]), keyed by what their pages gave the indexer.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::build::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::highlight::{CachedBlock, Unhighlighted};
use crate::search::{BundleFiles, BundleKey, KeptBundles};

mod pages;
pub(crate) use pages::PageCache;

/// The cache folder inside the site folder (`docgen init` puts it in `.gitignore`).
pub const CACHE_DIR: &str = ".docgen-cache";
const RECORD: &str = "last-build.json";

/// What a successful build leaves for the next one.
#[derive(Serialize, Deserialize)]
pub(crate) struct Record {
    fingerprint: String,
    output: PathBuf,
    /// Every file of the output: path inside it, size, modification time (ns).
    files: Vec<(String, u64, u128)>,
    pub pages: usize,
    pub assets: usize,
    pub warnings: Vec<Diagnostic>,
    /// Folders and files outside the site folder the build read (`path: '../docs'`): the next
    /// fingerprint walks them too.
    #[serde(default)]
    outside: Vec<PathBuf>,
}

/// A build's inputs as the cache sees them.
#[derive(Debug)]
pub(crate) struct Inputs {
    /// Of everything below: the same fingerprint means nothing changed.
    pub fingerprint: String,
    /// docgen's binary and version and the options: what every output file depends on.
    head: blake3::Hash,
    /// Every file the fingerprint covers: its name (site-relative, or a git file's path), size
    /// and modification time.
    stamps: Vec<(String, u64, u128)>,
    /// The sources outside the site folder it covers.
    pub outside: Vec<PathBuf>,
}

/// The record of the last successful build, read once per build (it lists every output
/// file: tens of megabytes for a large site).
pub(crate) fn last_build(root: &Path) -> Option<Record> {
    let text = fs::read(root.join(CACHE_DIR).join(RECORD)).ok()?;
    serde_json::from_slice(&text).ok()
}

impl Record {
    /// The folders and files outside the site folder that build read (see [`save`]).
    pub fn outside(&self) -> &[PathBuf] {
        &self.outside
    }
}

/// The fingerprint of a build's inputs: the site folder and `outside`, the sources outside it
/// the last build read. (A build that starts reading a new folder outside changed a file
/// inside to do so, so it is never taken for unchanged.)
pub(crate) fn fingerprint(
    options: &BuildOptions,
    output: &Path,
    outside: &[PathBuf],
) -> io::Result<Inputs> {
    let mut head = blake3::Hasher::new();
    let exe = std::env::current_exe()?;
    hash_metadata(&mut head, "docgen", &fs::metadata(exe)?);
    head.update(env!("CARGO_PKG_VERSION").as_bytes());
    let flags = format!(
        "{:?}|{}|{}|{}|{:?}|{}",
        options.base_url,
        options.drafts,
        options.strict,
        options.no_search,
        options.only_locale,
        output.display()
    );
    head.update(flags.as_bytes());
    let mut hasher = head.clone();
    let mut stamps = Vec::new();
    let root = &options.root;
    let output = fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf());
    // Outside files are named as pages name them: `../docs/intro.md`.
    let tops = std::iter::once(root.clone()).chain(outside.iter().map(|o| root.join(o)));
    for top in tops {
        walk_stamps(root, &top, &output, &mut hasher, &mut stamps)?;
    }
    for git_file in git_state_files(root) {
        if let Ok(meta) = fs::metadata(&git_file) {
            let name = git_file.to_string_lossy().into_owned();
            stamp(&mut hasher, &mut stamps, name, &meta);
        }
    }
    Ok(Inputs {
        fingerprint: hasher.finalize().to_hex().to_string(),
        head: head.finalize(),
        stamps,
        outside: outside.to_vec(),
    })
}

/// Stamps every file under `top` (or `top` itself), named by its path relative to `root`.
fn walk_stamps(
    root: &Path,
    top: &Path,
    output: &Path,
    hasher: &mut blake3::Hasher,
    stamps: &mut Vec<(String, u64, u128)>,
) -> io::Result<()> {
    let walker = walkdir::WalkDir::new(top)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skipped(e, output));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                let name = rel.to_string_lossy().into_owned();
                stamp(hasher, stamps, name, &entry.metadata()?);
            }
            Ok(_) => {}
            // A broken link or a loop is part of the state: the same one gives the same hash.
            // So is a missing outside folder.
            Err(e) => {
                hasher.update(e.to_string().as_bytes());
                stamps.push((e.to_string(), 0, 0));
            }
        }
    }
    Ok(())
}

/// Whether `record` is of a build whose fingerprint is `fingerprint` and whose `output` still
/// holds exactly the files it wrote.
pub(crate) fn unchanged(record: &Record, fingerprint: &str, output: &Path) -> bool {
    record.fingerprint == fingerprint
        && record.output == output
        && output_files(output).is_ok_and(|files| files == record.files)
}

/// Records a successful build. A cache that cannot be written only costs the next build its
/// shortcut, so failures are ignored.
pub(crate) fn save(
    root: &Path,
    fingerprint: String,
    output: &Path,
    (pages, assets): (usize, usize),
    warnings: &[Diagnostic],
    outside: Vec<PathBuf>,
) {
    let Ok(files) = output_files(output) else {
        return;
    };
    let record = Record {
        fingerprint,
        output: output.to_path_buf(),
        files,
        pages,
        assets,
        warnings: warnings.to_vec(),
        outside,
    };
    write_aside_with(&root.join(CACHE_DIR), RECORD, |out| {
        serde_json::to_writer(out, &record).map_err(std::io::Error::other)
    });
}

/// Writes `name` in `dir` (a folder of the cache) aside and renames it: a killed build never
/// leaves half a file. A failure only costs the next build time, so it is ignored.
fn write_aside(dir: &Path, name: &str, contents: &[u8]) {
    write_aside_with(dir, name, |out| out.write_all(contents));
}

/// [`write_aside`] of what `write` writes, streamed: a large site's records are tens of
/// megabytes, which need not be held twice.
fn write_aside_with(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> std::io::Result<()>,
) {
    let partial = dir.join(format!("{name}.{}", std::process::id()));
    let written = fs::create_dir_all(dir)
        .and_then(|()| fs::File::create(&partial))
        .and_then(|file| {
            let mut out = std::io::BufWriter::new(file);
            write(&mut out)?;
            out.into_inner().map(drop).map_err(|e| e.into_error())
        })
        .and_then(|()| fs::rename(&partial, dir.join(name)));
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
}

/// Forgets the last build, before a build that will replace its output. A record of another
/// output folder stays: a `--no-cache` build elsewhere (to compare) does not touch it.
pub(crate) fn forget(root: &Path, last: Option<&Record>, output: Option<&Path>) {
    let other_output = last
        .zip(output)
        .is_some_and(|(last, output)| last.output != output);
    if !other_output {
        let _ = fs::remove_file(root.join(CACHE_DIR).join(RECORD));
    }
}

/// The highlighted code blocks of the last build (see [`save_blocks`]).
const BLOCKS: &str = "code-blocks.bin";
const BLOCKS_MAGIC: &[u8] = b"docgen code blocks 1\n";

/// The code blocks the last build highlighted, when they were highlighted by a highlighter of
/// the same `identity` ([`crate::highlight::Highlighter::identity`]) and the same docgen
/// binary; else none. A
/// damaged file is as good as none.
pub(crate) fn load_blocks(root: &Path, identity: &str) -> Vec<CachedBlock> {
    let Ok(bytes) = fs::read(root.join(CACHE_DIR).join(BLOCKS)) else {
        return Vec::new();
    };
    let mut reader = BlockReader { rest: &bytes };
    let header = blocks_header(identity);
    match reader.take(header.len()) {
        Some(h) if h == header.as_slice() => reader.blocks().unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Keeps the code blocks a build highlighted for the next one: each block is highlighted once
/// across builds too.
pub(crate) fn save_blocks(root: &Path, identity: &str, blocks: &[CachedBlock]) {
    let kept: Vec<(&CachedBlock, u8, usize, usize)> = blocks
        .iter()
        .filter_map(|block| match block.2 {
            None => Some((block, 0, 0, 0)),
            Some(Unhighlighted::LongLine { line, length }) => Some((block, 1, line, length)),
            // Not kept (see `Highlighter::cached_blocks`).
            Some(Unhighlighted::TooSlow { .. }) => None,
        })
        .collect();
    write_aside_with(&root.join(CACHE_DIR), BLOCKS, |out| {
        out.write_all(&blocks_header(identity))?;
        out.write_all(&(kept.len() as u64).to_le_bytes())?;
        for ((key, html, _), tag, line, length) in kept {
            out.write_all(key)?;
            out.write_all(&[tag])?;
            out.write_all(&(line as u64).to_le_bytes())?;
            out.write_all(&(length as u64).to_le_bytes())?;
            out.write_all(&(html.len() as u64).to_le_bytes())?;
            out.write_all(html.as_bytes())?;
        }
        Ok(())
    });
}

/// What a blocks file starts with: the format, the highlighter and the docgen binary.
fn blocks_header(identity: &str) -> Vec<u8> {
    binary_header(BLOCKS_MAGIC, identity)
}

/// `magic`, then a hash of `identity` and of the docgen binary: a file written by another
/// docgen (or for another highlighter) is not read.
fn binary_header(magic: &[u8], identity: &str) -> Vec<u8> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(identity.as_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|e| fs::metadata(e).ok())
    {
        hash_metadata(&mut hasher, "docgen", &meta);
    }
    let mut header = magic.to_vec();
    header.extend_from_slice(hasher.finalize().as_bytes());
    header
}

/// The search index's bundles, a file each in `.docgen-cache/search/`, named by their
/// [`BundleKey`] and valid for the same docgen binary (Pagefind is part of it). The bundles a
/// build makes are written beside that folder and moved in by [`KeptIndex::commit`] once the
/// build's output is in place, which also drops the bundles the build did not use (the folder
/// holds one index, not every index ever built). A failed build leaves nothing: dropped
/// uncommitted, its bundles are removed, and so is the cache folder if this made it.
pub(crate) struct KeptIndex {
    root: PathBuf,
    dir: PathBuf,
    pending: PathBuf,
    header: Vec<u8>,
    used: Mutex<HashSet<String>>,
    cache_existed: bool,
}

const SEARCH_DIR: &str = "search";
const BUNDLE_MAGIC: &[u8] = b"docgen search bundle 1\n";

impl KeptIndex {
    pub(crate) fn new(root: &Path) -> KeptIndex {
        let cache = root.join(CACHE_DIR);
        KeptIndex {
            root: root.to_path_buf(),
            dir: cache.join(SEARCH_DIR),
            pending: cache.join(format!("{SEARCH_DIR}.{}.new", std::process::id())),
            header: binary_header(BUNDLE_MAGIC, ""),
            used: Mutex::new(HashSet::new()),
            cache_existed: cache.exists(),
        }
    }

    fn name(key: &BundleKey) -> String {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.bin")
    }

    /// Keeps the bundles this build used or made, and only those.
    pub(crate) fn commit(self) {
        let mut keep = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        if let Ok(made) = fs::read_dir(&self.pending) {
            let _ = fs::create_dir_all(&self.dir);
            for entry in made.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if fs::rename(entry.path(), self.dir.join(&name)).is_ok() {
                    keep.insert(name);
                }
            }
        }
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            if !keep.contains(entry.file_name().to_string_lossy().as_ref()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

impl Drop for KeptIndex {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.pending);
        if !self.cache_existed {
            // Only when empty: a failed build leaves no cache folder it did not find.
            let _ = fs::remove_dir(self.root.join(CACHE_DIR));
        }
    }
}

impl KeptBundles for KeptIndex {
    fn get(&self, key: &BundleKey) -> Option<BundleFiles> {
        let name = Self::name(key);
        let bytes = fs::read(self.dir.join(&name)).ok()?;
        let mut reader = BlockReader { rest: &bytes };
        if reader.take(self.header.len())? != self.header.as_slice() {
            return None;
        }
        let files = reader.files()?;
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name);
        Some(files)
    }

    fn put(&self, key: &BundleKey, files: &BundleFiles) {
        let mut bytes = self.header.clone();
        bytes.extend_from_slice(&(files.len() as u64).to_le_bytes());
        for (file, contents) in files {
            bytes.extend_from_slice(&(file.len() as u64).to_le_bytes());
            bytes.extend_from_slice(file.as_bytes());
            bytes.extend_from_slice(&(contents.len() as u64).to_le_bytes());
            bytes.extend_from_slice(contents);
        }
        write_aside(&self.pending, &Self::name(key), &bytes);
    }
}

struct BlockReader<'b> {
    rest: &'b [u8],
}

impl<'b> BlockReader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        if self.rest.len() < n {
            return None;
        }
        let (taken, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(taken)
    }

    fn number(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count, then each file's name and contents, each after its length; nothing after.
    fn files(&mut self) -> Option<BundleFiles> {
        let count = self.number()?;
        let mut files = Vec::new();
        for _ in 0..count {
            let len = usize::try_from(self.number()?).ok()?;
            let name = std::str::from_utf8(self.take(len)?).ok()?.to_string();
            let len = usize::try_from(self.number()?).ok()?;
            files.push((name, self.take(len)?.to_vec()));
        }
        self.rest.is_empty().then_some(files)
    }

    fn blocks(&mut self) -> Option<Vec<CachedBlock>> {
        let count = self.number()?;
        let mut blocks = Vec::new();
        for _ in 0..count {
            let key: [u8; 32] = self.take(32)?.try_into().ok()?;
            let tag = *self.take(1)?.first()?;
            let (line, length) = (self.number()? as usize, self.number()? as usize);
            let len = usize::try_from(self.number()?).ok()?;
            let html = std::str::from_utf8(self.take(len)?).ok()?;
            let why = match tag {
                0 => None,
                1 => Some(Unhighlighted::LongLine { line, length }),
                _ => return None,
            };
            blocks.push((key, Arc::from(html), why));
        }
        self.rest.is_empty().then_some(blocks)
    }
}

fn skipped(entry: &walkdir::DirEntry, output: &Path) -> bool {
    let name = entry.file_name().to_string_lossy();
    if entry.depth() == 0 {
        return false;
    }
    let dir = entry.file_type().is_dir();
    name.starts_with('.')
        || name == "node_modules"
        // Build caches mark themselves (Cargo's `target/` does): https://bford.info/cachedir/
        || (dir && entry.path().join("CACHEDIR.TAG").is_file())
        || (dir && fs::canonicalize(entry.path()).is_ok_and(|real| real == output))
}

fn stamp(
    hasher: &mut blake3::Hasher,
    stamps: &mut Vec<(String, u64, u128)>,
    name: String,
    meta: &fs::Metadata,
) {
    hash_metadata(hasher, &name, meta);
    stamps.push((name, meta.len(), modified_nanos(meta)));
}

fn hash_metadata(hasher: &mut blake3::Hasher, name: &str, meta: &fs::Metadata) {
    hasher.update(name.as_bytes());
    hasher.update(&[0]);
    hasher.update(&meta.len().to_le_bytes());
    hasher.update(&modified_nanos(meta).to_le_bytes());
}

/// Modification time in nanoseconds since 1970; 0 where the system has none.
fn modified_nanos(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Files that change with every commit or checkout of the repository holding `root`.
fn git_state_files(root: &Path) -> Vec<PathBuf> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let Some(git) = root
        .ancestors()
        .map(|a| a.join(".git"))
        .find(|g| g.exists())
    else {
        return Vec::new();
    };
    ["HEAD", "index", "logs/HEAD", "packed-refs"]
        .iter()
        .map(|f| git.join(f))
        .collect()
}

fn output_files(output: &Path) -> io::Result<Vec<(String, u64, u128)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let meta = entry.metadata()?;
            let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
            files.push((
                rel.to_string_lossy().into_owned(),
                meta.len(),
                modified_nanos(&meta),
            ));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_bundles_come_back_whole_and_only_the_used_ones_stay() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files: BundleFiles = vec![
            ("pagefind-entry.json".into(), b"{}".to_vec()),
            ("fragment/x.pf_fragment".into(), vec![0, 1, 2, 255]),
        ];
        let kept = KeptIndex::new(dir.path());
        kept.put(&[1; 32], &files);
        kept.put(&[2; 32], &files);
        kept.commit();

        let next = KeptIndex::new(dir.path());
        assert_eq!(next.get(&[1; 32]), Some(files.clone()));
        assert_eq!(next.get(&[3; 32]), None, "never kept");
        next.commit();
        let search = dir.path().join(CACHE_DIR).join(SEARCH_DIR);
        let left: Vec<String> = fs::read_dir(&search)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left,
            [KeptIndex::name(&[1; 32])],
            "the unused bundle is gone"
        );

        // A build that fails drops its index uncommitted: what it made is not kept, and a cache
        // folder it made is not left behind.
        let failed = tempfile::tempdir().expect("tempdir");
        let kept = KeptIndex::new(failed.path());
        kept.put(&[4; 32], &files);
        drop(kept);
        assert!(!failed.path().join(CACHE_DIR).exists());
        let again = KeptIndex::new(dir.path());
        again.put(&[5; 32], &files);
        drop(again);
        assert_eq!(KeptIndex::new(dir.path()).get(&[5; 32]), None);
        assert!(KeptIndex::new(dir.path()).get(&[1; 32]).is_some());

        let file = search.join(KeptIndex::name(&[1; 32]));
        let bytes = fs::read(&file).expect("read");
        fs::write(&file, &bytes[..bytes.len() - 1]).expect("truncate");
        assert_eq!(KeptIndex::new(dir.path()).get(&[1; 32]), None, "cut short");
    }

    #[test]
    fn kept_blocks_come_back_only_for_the_same_highlighter_and_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocks: Vec<CachedBlock> = vec![
            ([1; 32], Arc::from("<pre>a</pre>"), None),
            (
                [2; 32],
                Arc::from("<pre>bé</pre>"),
                Some(Unhighlighted::LongLine {
                    line: 3,
                    length: 4000,
                }),
            ),
            (
                [3; 32],
                Arc::from("<pre>c</pre>"),
                Some(Unhighlighted::TooSlow { line: 1 }),
            ),
        ];
        save_blocks(dir.path(), "sorot", &blocks);
        let back = load_blocks(dir.path(), "sorot");
        assert_eq!(
            back,
            blocks[..2].to_vec(),
            "all but the one cut short by time"
        );
        assert!(
            load_blocks(dir.path(), "lain").is_empty(),
            "another highlighter's"
        );
        let file = dir.path().join(CACHE_DIR).join(BLOCKS);
        let bytes = fs::read(&file).expect("read");
        fs::write(&file, &bytes[..bytes.len() - 3]).expect("write");
        assert!(
            load_blocks(dir.path(), "sorot").is_empty(),
            "a damaged file"
        );
    }
}

//! When each page last changed, from git history: one `git log` for the whole site, never one
//! process per page. Outside a git repository (or without git) pages simply have no date.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Path relative to `dir` (with `/`) → Unix time of the last commit touching it.
pub fn last_commit_times(dir: &Path) -> HashMap<String, i64> {
    let Ok(dir) = dir.canonicalize() else {
        return HashMap::new();
    };
    let Some(top) = git(&dir, &["rev-parse", "--show-toplevel"]) else {
        return HashMap::new();
    };
    let top = PathBuf::from(top.trim());
    let args = [
        "-c",
        "core.quotePath=false",
        "log",
        "--format=%x01%ct",
        "--name-only",
        "--no-renames",
        "--",
        ".",
    ];
    let Some(log) = git(&dir, &args) else {
        return HashMap::new();
    };
    parse_log(&log, &top)
        .into_iter()
        .filter_map(|(path, time)| {
            let rel = path.strip_prefix(&dir).ok()?;
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            Some((rel.join("/"), time))
        })
        .collect()
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Newest commits come first, so the first time a file appears is its last change.
fn parse_log(log: &str, top: &Path) -> HashMap<PathBuf, i64> {
    let mut times = HashMap::new();
    let mut current: Option<i64> = None;
    for line in log.lines() {
        if let Some(stamp) = line.strip_prefix('\u{1}') {
            current = stamp.trim().parse().ok();
        } else if let (Some(time), false) = (current, line.trim().is_empty()) {
            times.entry(top.join(line)).or_insert(time);
        }
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins() {
        let log = "\u{1}200\n\ncontent/a.md\n\n\u{1}100\n\ncontent/a.md\ncontent/b.md\n";
        let times = parse_log(log, Path::new("/repo"));
        assert_eq!(times[Path::new("/repo/content/a.md")], 200);
        assert_eq!(times[Path::new("/repo/content/b.md")], 100);
    }

    #[test]
    fn outside_a_repository_there_are_no_dates() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(last_commit_times(tmp.path()).is_empty());
    }
}

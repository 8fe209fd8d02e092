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

/// `2026-11-28` for a Unix time (UTC).
pub fn iso_date(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_unix_time() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_795_827_600), "2026-11-28");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
    }

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

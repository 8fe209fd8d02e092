//! Calendar dates from Unix times (UTC), without a date crate: what the footer year, the
//! "last updated" line and the sitemap need.

/// `2026-11-28` for a Unix time (UTC).
pub(crate) fn iso_date(unix: i64) -> String {
    let (y, m, d) = civil_from_unix(unix);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Year, month (1–12) and day of a Unix time (UTC).
pub(crate) fn civil_from_unix(unix: i64) -> (i64, u32, u32) {
    civil_from_days(unix.div_euclid(86_400))
}

/// The calendar year now (UTC): `new Date().getFullYear()` in a Docusaurus config.
pub(crate) fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    civil_from_unix(secs).0
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
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
        assert_eq!(iso_date(-86_400), "1969-12-31");
    }

    #[test]
    fn the_current_year_is_after_this_code_was_written() {
        assert!(current_year() >= 2026);
    }
}

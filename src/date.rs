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

/// Days since 1970-01-01 of a civil date (the inverse of `civil_from_days`).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date as YAML and file names write it — `2026-05-02`, `2026-05-02 10:00`,
/// `2026-05-02T10:00:00Z`, `2026-05-02T10:00:00+07:00` — as a Unix time; `None` when it is
/// not a real date.
pub(crate) fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = text.get(..10)?;
    let b = date.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date[..4].parse().ok()?;
    let m: u32 = date[5..7].parse().ok()?;
    let d: u32 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    let rest = text[10..].trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(secs);
    }
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut parts = clock.trim().split(':');
    let hour: i64 = parts.next()?.parse().ok()?;
    let minute: i64 = parts.next().unwrap_or("0").parse().ok()?;
    let second: f64 = parts.next().unwrap_or("0").parse().ok()?;
    if hour > 23 || minute > 59 || !(0.0..61.0).contains(&second) {
        return None;
    }
    secs += hour * 3600 + minute * 60 + second as i64;
    let zone = zone.trim();
    if let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        let (h, mi) = digits.split_at(digits.len().min(2));
        let offset = h.parse::<i64>().ok()? * 3600 + mi.parse::<i64>().unwrap_or(0) * 60;
        secs -= if sign == '+' { offset } else { -offset };
    }
    Some(secs)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `2026-11-28T10:00:00Z` (RFC 3339, UTC), for feeds.
pub(crate) fn rfc3339(unix: i64) -> String {
    let (y, m, d) = civil_from_unix(unix);
    let s = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// `Sat, 28 Nov 2026 10:00:00 GMT` (RFC 822, as RSS wants it).
pub(crate) fn rfc822(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil_from_unix(unix);
    let weekday = DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize];
    let s = unix.rem_euclid(86_400);
    format!(
        "{weekday}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        MONTHS[m as usize - 1],
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
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
    fn dates_as_written_are_read_and_impossible_ones_refused() {
        assert_eq!(parse_datetime("2026-11-28"), Some(1_795_824_000));
        assert_eq!(parse_datetime("2026-11-28T01:00:00Z"), Some(1_795_827_600));
        assert_eq!(
            parse_datetime("2026-11-28 08:00:00+07:00"),
            Some(1_795_827_600)
        );
        assert_eq!(parse_datetime("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_datetime("2023-02-29"), None);
        assert_eq!(parse_datetime("2026-13-01"), None);
        assert_eq!(parse_datetime("kemarin"), None);
        assert_eq!(parse_datetime("2026-1-1"), None);
        assert_eq!(rfc3339(1_795_827_600), "2026-11-28T01:00:00Z");
        assert_eq!(rfc822(1_795_827_600), "Sat, 28 Nov 2026 01:00:00 GMT");
    }

    #[test]
    fn the_current_year_is_after_this_code_was_written() {
        assert!(current_year() >= 2026);
    }
}

//! Built-in UI strings of the default theme, by site language. `docgen.toml` can override any
//! of them under `[strings]`.

use std::collections::BTreeMap;

const ID: &[(&str, &str)] = &[
    ("on_this_page", "Di halaman ini"),
    ("previous", "Sebelumnya"),
    ("next", "Berikutnya"),
    ("edit_this_page", "Sunting halaman ini"),
    ("last_updated", "Terakhir diperbarui"),
    ("search", "Cari"),
    ("search_placeholder", "Cari di dokumentasi"),
    ("search_results", "Hasil pencarian"),
    ("search_no_results", "Tidak ada hasil untuk “{query}”."),
    ("search_unavailable", "Pencarian tidak dapat dimuat."),
    (
        "search_unavailable_file",
        "Pencarian hanya berjalan bila situs dibuka lewat server web (http://), bukan langsung dari berkas.",
    ),
    ("copy", "Salin"),
    ("copied", "Tersalin"),
    ("menu", "Menu"),
    ("close", "Tutup"),
    ("toggle_theme", "Ganti tema terang/gelap"),
    ("skip_to_content", "Langsung ke konten"),
    ("home", "Beranda"),
    ("not_found_title", "Halaman tidak ditemukan"),
    ("not_found_text", "Maaf, halaman yang Anda cari tidak ada."),
    ("back_home", "Kembali ke beranda"),
    ("start_reading", "Mulai membaca"),
    ("docs_pages", "halaman"),
    ("anchor_label", "Tautan langsung ke judul ini"),
    ("admonition_note", "Catatan"),
    ("admonition_tip", "Tips"),
    ("admonition_info", "Info"),
    ("admonition_warning", "Peringatan"),
    ("admonition_caution", "Hati-hati"),
    ("admonition_danger", "Bahaya"),
    ("admonition_important", "Penting"),
    (
        "months",
        "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    ),
];

const EN: &[(&str, &str)] = &[
    ("on_this_page", "On this page"),
    ("previous", "Previous"),
    ("next", "Next"),
    ("edit_this_page", "Edit this page"),
    ("last_updated", "Last updated"),
    ("search", "Search"),
    ("search_placeholder", "Search the docs"),
    ("search_results", "Search results"),
    ("search_no_results", "No results for “{query}”."),
    ("search_unavailable", "Search could not be loaded."),
    (
        "search_unavailable_file",
        "Search works when the site is served over HTTP, not opened from files on disk.",
    ),
    ("copy", "Copy"),
    ("copied", "Copied"),
    ("menu", "Menu"),
    ("close", "Close"),
    ("toggle_theme", "Switch between dark and light mode"),
    ("skip_to_content", "Skip to main content"),
    ("home", "Home"),
    ("not_found_title", "Page not found"),
    (
        "not_found_text",
        "Sorry, the page you are looking for does not exist.",
    ),
    ("back_home", "Back to the home page"),
    ("start_reading", "Start reading"),
    ("docs_pages", "pages"),
    ("anchor_label", "Direct link to this heading"),
    ("admonition_note", "Note"),
    ("admonition_tip", "Tip"),
    ("admonition_info", "Info"),
    ("admonition_warning", "Warning"),
    ("admonition_caution", "Caution"),
    ("admonition_danger", "Danger"),
    ("admonition_important", "Important"),
    (
        "months",
        "January February March April May June July August September October November December",
    ),
];

/// The strings for `language` (English when it has no table), with `overrides` applied.
pub fn strings(language: &str, overrides: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let primary = language.split(['-', '_']).next().unwrap_or("en");
    let table = match primary {
        "id" | "in" => ID,
        _ => EN,
    };
    let mut out: BTreeMap<String, String> = table
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    out
}

/// `28 November 2026` in the site's language.
pub fn format_date(unix: i64, strings: &BTreeMap<String, String>) -> String {
    let (y, m, d) = crate::date::civil_from_unix(unix);
    let month = strings
        .get("months")
        .and_then(|names| names.split_whitespace().nth(m as usize - 1))
        .map_or_else(|| format!("{m:02}"), str::to_string);
    format!("{d} {month} {y}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_have_the_same_keys() {
        let id: Vec<_> = ID.iter().map(|(k, _)| k).collect();
        let en: Vec<_> = EN.iter().map(|(k, _)| k).collect();
        assert_eq!(id, en);
    }

    #[test]
    fn language_selects_table_and_overrides_win() {
        let mut o = BTreeMap::new();
        o.insert("next".to_string(), "Lanjut".to_string());
        let s = strings("id-ID", &o);
        assert_eq!(s["previous"], "Sebelumnya");
        assert_eq!(s["next"], "Lanjut");
        assert_eq!(strings("fr", &BTreeMap::new())["next"], "Next");
        assert_eq!(format_date(1_795_827_600, &s), "28 November 2026");
        assert_eq!(
            format_date(0, &strings("id", &BTreeMap::new())),
            "1 Januari 1970"
        );
    }
}

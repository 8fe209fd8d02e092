//! Built-in UI strings of the default theme, by site language. `docgen.toml` can override any
//! of them under `[strings]`. The tables themselves are in `tables.rs`.

mod tables;

use std::collections::BTreeMap;

use tables::{DE, EN, ES, FR, ID, JA, KO, PT_BR, RU, Table, ZH_HANS, ZH_HANT};

/// The table of `language`, a BCP 47 tag in any case and with `-` or `_` (`pt-BR`, `zh_hant`,
/// `de-AT`), or `None` when it has none of its own.
fn table(language: &str) -> Option<Table> {
    let tag = language.trim().to_ascii_lowercase().replace('_', "-");
    let mut subtags = tag.split('-');
    let table = match subtags.next().unwrap_or_default() {
        "en" => EN,
        // `in` is Indonesian's code before 1989.
        "id" | "in" => ID,
        "zh" => {
            let rest: Vec<&str> = subtags.collect();
            // The script decides when it is given; else Taiwan, Hong Kong and Macau write
            // Traditional Chinese, everyone else Simplified.
            let traditional = !rest.contains(&"hans")
                && rest
                    .iter()
                    .any(|s| matches!(*s, "hant" | "tw" | "hk" | "mo"));
            if traditional { ZH_HANT } else { ZH_HANS }
        }
        "ja" => JA,
        "ko" => KO,
        "fr" => FR,
        "es" => ES,
        "pt" => PT_BR,
        "de" => DE,
        "ru" => RU,
        _ => return None,
    };
    Some(table)
}

/// The strings for `language` (English when it has no table), with `overrides` applied.
pub fn strings(language: &str, overrides: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = table(language)
        .unwrap_or(EN)
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    out
}

/// `28 November 2026` in the site's language: its `date_format` with `{d}`, `{m}` (the month's
/// number), `{month}` (its name from `months`) and `{y}`.
pub fn format_date(unix: i64, strings: &BTreeMap<String, String>) -> String {
    let (y, m, d) = crate::date::civil_from_unix(unix);
    let month = strings
        .get("months")
        .and_then(|names| names.split_whitespace().nth(m as usize - 1))
        .map_or_else(|| format!("{m:02}"), str::to_string);
    let pattern = strings
        .get("date_format")
        .map_or("{d} {month} {y}", String::as_str);
    // `{m}` is not part of `{month}`, and the name goes in last so that nothing in it is
    // taken for a placeholder.
    pattern
        .replace("{d}", &d.to_string())
        .replace("{m}", &m.to_string())
        .replace("{y}", &y.to_string())
        .replace("{month}", &month)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const TABLES: &[(&str, Table)] = &[
        ("id", ID),
        ("en", EN),
        ("zh-Hans", ZH_HANS),
        ("zh-Hant", ZH_HANT),
        ("ja", JA),
        ("ko", KO),
        ("fr", FR),
        ("es", ES),
        ("pt-BR", PT_BR),
        ("de", DE),
        ("ru", RU),
    ];

    fn map(table: Table) -> BTreeMap<String, String> {
        table
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn text(table: Table, key: &str) -> Option<&'static str> {
        table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// The `{name}`s in `text`.
    fn placeholders(text: &str) -> BTreeSet<&str> {
        let mut found = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let Some(close) = rest.find('}') else { break };
            found.insert(&rest[..close]);
            rest = &rest[close + 1..];
        }
        found
    }

    #[test]
    fn every_table_has_the_keys_of_en() {
        let en: BTreeSet<&str> = EN.iter().map(|(k, _)| *k).collect();
        assert_eq!(en.len(), EN.len(), "a key appears twice in en");
        for (name, table) in TABLES {
            let keys: BTreeSet<&str> = table.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys.len(), table.len(), "a key appears twice in {name}");
            let missing: Vec<_> = en.difference(&keys).collect();
            let extra: Vec<_> = keys.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{name} lacks {missing:?} and has {extra:?}, which en has not"
            );
            for (key, value) in *table {
                assert!(!value.trim().is_empty(), "{name}: {key} is empty");
            }
        }
    }

    #[test]
    fn every_text_has_the_placeholders_of_en() {
        for (name, table) in TABLES {
            for (key, value) in *table {
                let found = placeholders(value);
                if *key == "date_format" {
                    let known = BTreeSet::from(["d", "m", "month", "y"]);
                    assert!(found.is_subset(&known), "{name}: date_format {value:?}");
                    assert!(
                        found.contains("d")
                            && found.contains("y")
                            && (found.contains("m") || found.contains("month")),
                        "{name}: date_format {value:?} lacks a day, month or year"
                    );
                } else if let Some(english) = text(EN, key) {
                    assert_eq!(found, placeholders(english), "{name}: {key} = {value:?}");
                }
            }
        }
    }

    #[test]
    fn every_table_names_twelve_months() {
        for (name, table) in TABLES {
            let months = text(table, "months").unwrap_or_default();
            assert_eq!(months.split_whitespace().count(), 12, "{name}: {months:?}");
        }
    }

    #[test]
    fn the_language_tag_selects_the_table() {
        let none = BTreeMap::new();
        let cases: &[(&str, Table)] = &[
            ("id", ID),
            ("id-ID", ID),
            ("in", ID),
            ("en", EN),
            ("en-GB", EN),
            ("zh", ZH_HANS),
            ("zh-Hans", ZH_HANS),
            ("zh-hans", ZH_HANS),
            ("zh_CN", ZH_HANS),
            ("zh-CN", ZH_HANS),
            ("zh-SG", ZH_HANS),
            ("zh-Hans-HK", ZH_HANS),
            ("zh-Hant", ZH_HANT),
            ("ZH-hant", ZH_HANT),
            ("zh-TW", ZH_HANT),
            ("zh_hk", ZH_HANT),
            ("zh-Hant-CN", ZH_HANT),
            ("ja", JA),
            ("JA-jp", JA),
            ("ko-KR", KO),
            ("fr", FR),
            ("fr-CA", FR),
            ("es-419", ES),
            ("pt", PT_BR),
            ("pt-BR", PT_BR),
            ("pt_PT", PT_BR),
            ("de", DE),
            ("de-AT", DE),
            ("ru-RU", RU),
            ("xx", EN),
            ("", EN),
            ("english", EN),
        ];
        for (tag, expected) in cases {
            assert_eq!(strings(tag, &none), map(expected), "{tag}");
        }
        assert_ne!(map(ZH_HANS), map(ZH_HANT));
        assert!(table("en-US").is_some() && table("zh_TW").is_some() && table("PT").is_some());
        assert!(table("xx").is_none() && table("").is_none() && table("nl").is_none());
    }

    #[test]
    fn language_selects_table_and_overrides_win() {
        let mut o = BTreeMap::new();
        o.insert("next".to_string(), "Lanjut".to_string());
        let s = strings("id-ID", &o);
        assert_eq!(s["previous"], "Sebelumnya");
        assert_eq!(s["next"], "Lanjut");
        assert_eq!(strings("fr", &BTreeMap::new())["next"], "Suivant");
        assert_eq!(strings("xx", &BTreeMap::new())["next"], "Next");
        assert_eq!(format_date(1_795_827_600, &s), "28 November 2026");
        assert_eq!(
            format_date(0, &strings("id", &BTreeMap::new())),
            "1 Januari 1970"
        );
    }

    #[test]
    fn dates_follow_the_language() {
        let cases = [
            ("en", "November 28, 2026"),
            ("id", "28 November 2026"),
            ("ja", "2026年11月28日"),
            ("zh-CN", "2026年11月28日"),
            ("ko", "2026년 11월 28일"),
            ("fr", "28 novembre 2026"),
            ("es", "28 de noviembre de 2026"),
            ("pt-BR", "28 de novembro de 2026"),
            ("de", "28. November 2026"),
            ("ru", "28 ноября 2026 г."),
        ];
        for (language, expected) in cases {
            let s = strings(language, &BTreeMap::new());
            assert_eq!(format_date(1_795_827_600, &s), expected, "{language}");
        }
    }

    #[test]
    fn a_date_without_a_format_or_month_names_still_reads() {
        let mut s = BTreeMap::new();
        assert_eq!(format_date(1_795_827_600, &s), "28 11 2026");
        let months = text(EN, "months").unwrap_or_default();
        s.insert("months".to_string(), months.to_string());
        assert_eq!(format_date(1_795_827_600, &s), "28 November 2026");
        s.insert(
            "date_format".to_string(),
            "{y}-{m}-{d} ({month})".to_string(),
        );
        assert_eq!(format_date(1_795_827_600, &s), "2026-11-28 (November)");
    }
}

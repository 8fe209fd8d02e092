//! Translated sites as Docusaurus lays them out: every locale of `i18n.locales` but the default
//! one is built at `/<locale>/`, its pages read from `i18n/<locale>/<plugin folder>/` where a
//! translation exists and from the default locale's files where not; `navbar.json`,
//! `footer.json`, `current.json` (sidebar category labels) and `code.json` translate labels.
//! Everything here is plain data: `site` reads the files.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::chrome::{FooterEntry, NavbarItem};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::nav::{NodeKind, SidebarNode};

/// One locale of the site.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Locale {
    pub code: String,
    pub label: String,
    /// `<html lang>`.
    pub html_lang: String,
    /// `ltr` or `rtl`.
    pub direction: String,
    /// Its folder in the output (`fr`); empty for the default locale.
    pub path: String,
}

/// The site's locales, the default one first; empty when the site is not translated.
pub fn locales(config: &Config) -> Vec<Locale> {
    let default = config.language.as_str();
    if config.locales.len() < 2 && config.locales.iter().all(|l| l == default) {
        return Vec::new();
    }
    let mut codes: Vec<&str> = vec![default];
    codes.extend(
        config
            .locales
            .iter()
            .map(String::as_str)
            .filter(|l| *l != default),
    );
    codes
        .into_iter()
        .map(|code| {
            let c = config.locale_configs.get(code).cloned().unwrap_or_default();
            Locale {
                code: code.to_string(),
                label: c.label.unwrap_or_else(|| default_label(code)),
                html_lang: c.html_lang.unwrap_or_else(|| code.to_string()),
                direction: c.direction.unwrap_or_else(|| direction_of(code).into()),
                path: match code == default {
                    true => String::new(),
                    false => c.path.unwrap_or_else(|| code.to_string()),
                },
            }
        })
        .collect()
}

/// A locale's name in its own language, for the locale dropdown.
fn default_label(code: &str) -> String {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_lowercase();
    let name = match (primary.as_str(), code.to_lowercase().as_str()) {
        (_, "zh-hant" | "zh-tw" | "zh-hk") => "繁體中文",
        ("zh", _) => "简体中文",
        (_, "pt-br") => "Português (Brasil)",
        ("en", _) => "English",
        ("id", _) => "Bahasa Indonesia",
        ("ja", _) => "日本語",
        ("ko", _) => "한국어",
        ("fr", _) => "Français",
        ("es", _) => "Español",
        ("pt", _) => "Português",
        ("de", _) => "Deutsch",
        ("ru", _) => "Русский",
        ("ar", _) => "العربية",
        ("fa", _) => "فارسی",
        ("he", _) => "עברית",
        _ => return code.to_string(),
    };
    name.to_string()
}

fn direction_of(code: &str) -> &'static str {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_lowercase();
    match primary.as_str() {
        "ar" | "fa" | "he" | "ur" | "yi" | "ps" => "rtl",
        _ => "ltr",
    }
}

/// The folder under `i18n/<locale>/` that holds a content plugin's translated files.
pub fn plugin_folder(kind: crate::page::PageKind, instance: &str, version: Option<&str>) -> String {
    use crate::page::PageKind;
    match kind {
        PageKind::Post => "docusaurus-plugin-content-blog".into(),
        PageKind::Page => "docusaurus-plugin-content-pages".into(),
        PageKind::Doc => {
            let plugin = match instance {
                "default" => "docusaurus-plugin-content-docs".to_string(),
                id => format!("docusaurus-plugin-content-docs-{id}"),
            };
            match version {
                Some(v) if v != "current" => format!("{plugin}/version-{v}"),
                _ => format!("{plugin}/current"),
            }
        }
    }
}

/// The translation files of one locale: each `{"key": {"message": "…"}}` flattened to
/// key → message.
#[derive(Debug, Default, Clone)]
pub struct Translations {
    pub code: HashMap<String, String>,
    pub navbar: HashMap<String, String>,
    pub footer: HashMap<String, String>,
    /// `current.json` (and `version-X.json`) of the default docs: sidebar labels.
    pub sidebar: HashMap<String, String>,
}

/// Reads one translation file's text; a file that is not valid JSON is an error at its line.
pub fn parse_messages(text: &str, display: &Path) -> Result<HashMap<String, String>, Diagnostic> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(display, format!("is not valid JSON: {e}"))
            .with_code(crate::codes::Code::Translations)
            .at(text, e.line().max(1), e.column().max(1))
    })?;
    let Some(object) = value.as_object() else {
        return Err(Diagnostic::error(
            display,
            "should be an object of `\"key\": {\"message\": \"…\"}` entries",
        )
        .with_code(crate::codes::Code::Translations));
    };
    Ok(object
        .iter()
        .filter_map(|(key, entry)| {
            let message = match entry {
                serde_json::Value::String(s) => s.clone(),
                other => other.get("message")?.as_str()?.to_string(),
            };
            Some((key.clone(), message))
        })
        .collect())
}

/// The navbar's and footer's labels in the locale (`navbar.json`, `footer.json`).
pub fn translate_config(config: &mut Config, t: &Translations) {
    if let Some(title) = t.navbar.get("title") {
        config.navbar_title = Some(title.clone());
    }
    if let Some(alt) = t.navbar.get("logo.alt") {
        config.logo_alt = Some(alt.clone());
    }
    translate_items(&mut config.navbar, &t.navbar, "item.label.");
    for entry in &mut config.footer_links {
        translate_footer(entry, &t.footer);
    }
    if let Some(copyright) = t.footer.get("copyright") {
        config.footer = Some(copyright.clone());
    }
}

fn translate_items(items: &mut [NavbarItem], messages: &HashMap<String, String>, prefix: &str) {
    for item in items {
        if let Some(label) = &item.label
            && let Some(message) = messages.get(&format!("{prefix}{label}"))
        {
            item.label = Some(message.clone());
        }
        translate_items(&mut item.items, messages, prefix);
    }
}

fn translate_footer(entry: &mut FooterEntry, messages: &HashMap<String, String>) {
    if let Some(title) = &entry.title
        && let Some(message) = messages.get(&format!("link.title.{title}"))
    {
        entry.title = Some(message.clone());
    }
    if let Some(label) = &entry.label
        && let Some(message) = messages.get(&format!("link.item.label.{label}"))
    {
        entry.label = Some(message.clone());
    }
    translate_items(&mut entry.items, messages, "link.item.label.");
}

/// Sidebar category labels from `current.json`: `sidebar.<sidebar>.category.<label>`.
pub fn translate_sidebar(
    nodes: &mut [SidebarNode],
    sidebar: &str,
    messages: &HashMap<String, String>,
) {
    for node in nodes {
        if node.kind == NodeKind::Category
            && let Some(message) =
                messages.get(&format!("sidebar.{sidebar}.category.{}", node.label))
        {
            node.label = message.clone();
        }
        if node.kind == NodeKind::Link
            && let Some(message) = messages.get(&format!("sidebar.{sidebar}.link.{}", node.label))
        {
            node.label = message.clone();
        }
        translate_sidebar(&mut node.children, sidebar, messages);
    }
}

/// The theme strings `code.json` translates, under docgen's own keys.
pub fn code_strings(code: &HashMap<String, String>) -> BTreeMap<String, String> {
    const KEYS: &[(&str, &str)] = &[
        ("theme.docs.paginator.previous", "previous"),
        ("theme.docs.paginator.next", "next"),
        ("theme.TOCCollapsible.toggleButtonLabel", "on_this_page"),
        ("theme.common.editThisPage", "edit_this_page"),
        ("theme.lastUpdated.lastUpdatedAtBy", "last_updated"),
        ("theme.common.skipToMainContent", "skip_to_content"),
        ("theme.NotFound.title", "not_found_title"),
        ("theme.blog.post.readMore", "read_more"),
        ("theme.blog.paginator.newerEntries", "newer_posts"),
        ("theme.blog.paginator.olderEntries", "older_posts"),
        ("theme.blog.post.paginator.newerPost", "newer_post"),
        ("theme.blog.post.paginator.olderPost", "older_post"),
        ("theme.tags.tagsPageTitle", "tags"),
        ("theme.blog.archive.title", "archive"),
        ("theme.SearchBar.label", "search"),
        ("theme.docs.versionBadge.label", "version_badge"),
    ];
    KEYS.iter()
        .filter_map(|(theirs, ours)| {
            let message = code.get(*theirs)?;
            // Docusaurus' placeholders are `{name}` too; keep only those docgen fills.
            (!message.contains('{') || ours == &"version_badge")
                .then(|| (ours.to_string(), message.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_locale_comes_first_at_the_root() {
        let config = Config {
            language: "id".into(),
            locales: vec!["id".into(), "en".into(), "ar".into()],
            ..Config::default()
        };
        let all = locales(&config);
        let codes: Vec<(&str, &str, &str)> = all
            .iter()
            .map(|l| (l.code.as_str(), l.path.as_str(), l.direction.as_str()))
            .collect();
        assert_eq!(
            codes,
            [("id", "", "ltr"), ("en", "en", "ltr"), ("ar", "ar", "rtl")]
        );
        assert_eq!(all[1].label, "English");
        let single = Config {
            language: "id".into(),
            locales: vec!["id".into()],
            ..Config::default()
        };
        assert!(locales(&single).is_empty());
    }

    #[test]
    fn translation_files_flatten_and_bad_json_is_located() {
        let m = parse_messages(
            "{\"title\": {\"message\": \"Situs\", \"description\": \"x\"}}",
            Path::new("navbar.json"),
        )
        .unwrap();
        assert_eq!(m["title"], "Situs");
        let e = parse_messages(
            "{\n  \"a\": {\"message\": \"x\"},\n  oops\n}",
            Path::new("i18n/en/code.json"),
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn navbar_and_footer_labels_are_translated() {
        let mut config = Config {
            navbar: vec![NavbarItem {
                label: Some("Dokumentasi".into()),
                ..NavbarItem::default()
            }],
            footer_links: vec![FooterEntry {
                title: Some("Komunitas".into()),
                ..FooterEntry::default()
            }],
            ..Config::default()
        };
        let t = Translations {
            navbar: [("item.label.Dokumentasi".to_string(), "Docs".to_string())].into(),
            footer: [("link.title.Komunitas".to_string(), "Community".to_string())].into(),
            ..Translations::default()
        };
        translate_config(&mut config, &t);
        assert_eq!(config.navbar[0].label.as_deref(), Some("Docs"));
        assert_eq!(config.footer_links[0].title.as_deref(), Some("Community"));
    }
}

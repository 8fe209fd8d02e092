//! Versioned docs as Docusaurus lays them out: `versions.json` (newest first), each version's
//! pages in `versioned_docs/version-X/` with its sidebars in
//! `versioned_sidebars/version-X-sidebars.json`; the last version at the docs' route, the
//! current docs at `next` ("Next"), older versions at their name. `plan` reads no files: `site`
//! gives it `versions.json`'s text and says which folders exist.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::routes::join_route;

/// The docs plugin's version options (`lastVersion`, `includeCurrentVersion`,
/// `onlyIncludeVersions`, `versions`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct VersionOptions {
    pub last_version: Option<String>,
    pub include_current_version: bool,
    pub only_include_versions: Option<Vec<String>>,
    pub versions: BTreeMap<String, VersionMeta>,
}

impl Default for VersionOptions {
    fn default() -> Self {
        VersionOptions {
            last_version: None,
            include_current_version: true,
            only_include_versions: None,
            versions: BTreeMap::new(),
        }
    }
}

/// `versions.X` in the docs plugin's options.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct VersionMeta {
    pub label: Option<String>,
    pub path: Option<String>,
    /// `none`, `unreleased` or `unmaintained`.
    pub banner: Option<String>,
    pub badge: Option<bool>,
}

/// The banner over a version's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Banner {
    None,
    Unreleased,
    Unmaintained,
}

/// One version of the docs, placed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocsVersion {
    /// `current`, or the name in `versions.json`.
    pub name: String,
    pub label: String,
    pub route_base: String,
    /// The pages' folder, relative to the site root; `None` for the current docs (the docs
    /// plugin's own `path`).
    pub folder: Option<String>,
    /// `versioned_sidebars/version-X-sidebars.json`, when it exists.
    pub sidebars: Option<String>,
    pub banner: Banner,
    pub badge: bool,
    pub is_last: bool,
}

/// What `plan` needs to know of the files.
pub struct VersionFiles<'a> {
    /// `versions.json` as shown in messages, and its text.
    pub versions_json: Option<(&'a Path, &'a str)>,
    pub folder_exists: &'a dyn Fn(&str) -> bool,
    pub file_exists: &'a dyn Fn(&str) -> bool,
}

/// The versions to build, newest first after the current docs; an empty list when the project
/// has no `versions.json`. Problems are reported with their place in `versions.json`.
pub fn plan(
    options: &VersionOptions,
    base: &str,
    files: &VersionFiles<'_>,
) -> (Vec<DocsVersion>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some((json_path, text)) = files.versions_json else {
        return (Vec::new(), diags);
    };
    let names: Vec<String> = match serde_json::from_str(text) {
        Ok(names) => names,
        Err(e) => {
            let d = Diagnostic::error(
                json_path,
                format!("is not a JSON list of version names: {e}"),
            )
            .with_code(crate::codes::Code::Versions)
            .at(text, e.line().max(1), e.column().max(1));
            return (Vec::new(), vec![d]);
        }
    };
    let mut released = Vec::new();
    for name in &names {
        let folder = format!("versioned_docs/version-{name}");
        if !(files.folder_exists)(&folder) {
            let offset = text.find(&format!("\"{name}\"")).unwrap_or(0);
            diags.push(
                Diagnostic::error(json_path, format!("version `{name}` has no folder {folder}"))
                    .with_code(crate::codes::Code::Versions)
                    .at_offset(text, offset)
                    .with_hint("`docusaurus docs:version X` makes it; or remove the version from versions.json"),
            );
            continue;
        }
        let sidebars = format!("versioned_sidebars/version-{name}-sidebars.json");
        let sidebars = match (files.file_exists)(&sidebars) {
            true => Some(sidebars),
            false => {
                let offset = text.find(&format!("\"{name}\"")).unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        json_path,
                        format!("version `{name}` has no {sidebars}; its sidebar is generated from its folders"),
                    )
                    .with_code(crate::codes::Code::Versions)
                    .at_offset(text, offset),
                );
                None
            }
        };
        released.push((name.clone(), folder, sidebars));
    }
    let last = options
        .last_version
        .clone()
        .filter(|v| v != "current")
        .or_else(|| names.first().cloned());
    let last_is_current = options.last_version.as_deref() == Some("current") || names.is_empty();
    let wanted = |name: &str| {
        options
            .only_include_versions
            .as_ref()
            .is_none_or(|only| only.iter().any(|o| o == name))
    };
    let meta = |name: &str| options.versions.get(name).cloned().unwrap_or_default();
    let mut out = Vec::new();
    if options.include_current_version && wanted("current") {
        let m = meta("current");
        let path = m.path.clone().unwrap_or_else(|| "next".into());
        let route_base = match last_is_current {
            true => base.to_string(),
            false => join_route(&[base, &path]),
        };
        out.push(DocsVersion {
            name: "current".into(),
            label: m.label.clone().unwrap_or_else(|| "Next".into()),
            route_base,
            folder: None,
            sidebars: None,
            banner: banner(m.banner.as_deref(), Banner::Unreleased, last_is_current),
            badge: m.badge.unwrap_or(!released.is_empty()),
            is_last: last_is_current,
        });
    }
    let last_index = released
        .iter()
        .position(|(n, _, _)| Some(n) == last.as_ref());
    for (i, (name, folder, sidebars)) in released.into_iter().enumerate() {
        if !wanted(&name) {
            continue;
        }
        let m = meta(&name);
        let is_last = !last_is_current && Some(i) == last_index;
        let newer_than_last = last_index.is_some_and(|l| i < l);
        let route_base = match (is_last, &m.path) {
            (true, _) => base.to_string(),
            (false, Some(p)) => join_route(&[base, p]),
            (false, None) => join_route(&[base, &name]),
        };
        let default = match newer_than_last {
            true => Banner::Unreleased,
            false => Banner::Unmaintained,
        };
        out.push(DocsVersion {
            label: m.label.clone().unwrap_or_else(|| name.clone()),
            name,
            route_base,
            folder: Some(folder),
            sidebars,
            banner: banner(m.banner.as_deref(), default, is_last),
            badge: m.badge.unwrap_or(true),
            is_last,
        });
    }
    (out, diags)
}

fn banner(written: Option<&str>, default: Banner, is_last: bool) -> Banner {
    match written {
        Some("unreleased") => Banner::Unreleased,
        Some("unmaintained") => Banner::Unmaintained,
        Some(_) => Banner::None,
        None if is_last => Banner::None,
        None => default,
    }
}

/// `versions.json` beside the site's config, when there is one.
pub fn versions_file(root: &Path) -> PathBuf {
    root.join("versions.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        options: &VersionOptions,
        json: &str,
        folders: &[&str],
    ) -> (Vec<DocsVersion>, Vec<Diagnostic>) {
        let exists = |f: &str| folders.iter().any(|d| f.contains(d));
        let files = VersionFiles {
            versions_json: Some((Path::new("versions.json"), json)),
            folder_exists: &exists,
            file_exists: &exists,
        };
        plan(options, "docs", &files)
    }

    #[test]
    fn the_last_version_is_at_the_base_and_the_current_docs_at_next() {
        let (v, diags) = run(
            &VersionOptions::default(),
            "[\"2.0\", \"1.0\"]",
            &["2.0", "1.0"],
        );
        assert!(diags.is_empty(), "{diags:?}");
        let routes: Vec<(&str, &str, Banner)> = v
            .iter()
            .map(|v| (v.name.as_str(), v.route_base.as_str(), v.banner))
            .collect();
        assert_eq!(
            routes,
            [
                ("current", "docs/next", Banner::Unreleased),
                ("2.0", "docs", Banner::None),
                ("1.0", "docs/1.0", Banner::Unmaintained)
            ]
        );
        assert_eq!(v[0].label, "Next");
        assert!(v[1].is_last);
    }

    #[test]
    fn options_move_the_last_version_and_rename_paths() {
        let mut options = VersionOptions {
            last_version: Some("1.0".into()),
            ..VersionOptions::default()
        };
        options.versions.insert(
            "current".into(),
            VersionMeta {
                label: Some("Canary".into()),
                path: Some("canary".into()),
                ..VersionMeta::default()
            },
        );
        let (v, _) = run(&options, "[\"2.0\", \"1.0\"]", &["2.0", "1.0"]);
        let routes: Vec<(&str, &str, Banner)> = v
            .iter()
            .map(|v| (v.label.as_str(), v.route_base.as_str(), v.banner))
            .collect();
        assert_eq!(
            routes,
            [
                ("Canary", "docs/canary", Banner::Unreleased),
                ("2.0", "docs/2.0", Banner::Unreleased),
                ("1.0", "docs", Banner::None)
            ]
        );
        options.only_include_versions = Some(vec!["current".into(), "1.0".into()]);
        options.include_current_version = false;
        let (v, _) = run(&options, "[\"2.0\", \"1.0\"]", &["2.0", "1.0"]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].name, "1.0");
    }

    #[test]
    fn a_version_without_its_folder_is_an_error_at_its_place_and_a_missing_sidebar_warns() {
        let json = "[\n  \"2.0\",\n  \"1.0\"\n]\n";
        let exists =
            |f: &str| f == "versioned_docs/version-2.0" || f == "versioned_docs/version-1.0";
        let no_sidebar = |_: &str| false;
        let files = VersionFiles {
            versions_json: Some((Path::new("versions.json"), json)),
            folder_exists: &|f: &str| f.ends_with("2.0") && exists(f),
            file_exists: &no_sidebar,
        };
        let (v, diags) = plan(&VersionOptions::default(), "docs", &files);
        assert_eq!(v.len(), 2, "current and 2.0");
        let error = diags.iter().find(|d| d.is_error()).expect("an error");
        assert_eq!((error.line, error.column), (3, 3));
        assert!(error.message.contains("`1.0`"), "{}", error.message);
        assert_eq!(diags.iter().filter(|d| !d.is_error()).count(), 1);
        let (_, diags) = run(&VersionOptions::default(), "{\"a\": 1}", &[]);
        assert!(diags[0].message.contains("not a JSON list"));
    }
}

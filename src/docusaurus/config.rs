//! `docusaurus.config.*` → docgen's [`Config`]: the site's title, URL, policies and the docs
//! plugin's options, read from the exported object literal.

use std::path::{Path, PathBuf};

use oxc_allocator::Allocator;
use oxc_ast::ast::Expression;
use oxc_span::GetSpan;
use serde_json::Value;

use crate::config::{Config, Policy};
use crate::diagnostics::Diagnostic;

use super::{Module, Source, exported};

/// What docgen takes from a Docusaurus project.
pub struct Imported {
    pub config: Config,
    /// The sidebars file named by the docs plugin, if any.
    pub sidebars: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads `docusaurus.config.*` into docgen's configuration.
pub fn load_config(path: &Path, root: &Path) -> Result<Imported, Diagnostic> {
    let source = Source::read(path, root)?;
    let allocator = Allocator::default();
    let program = source.parse(&allocator)?;
    let mut module = Module::new(&program);
    let Some(exported) = exported(&program, &mut module.consts) else {
        return Err(
            Diagnostic::error(&source.display, "no exported configuration object found")
                .with_hint("docgen reads `export default {...}` or `module.exports = {...}`"),
        );
    };
    let mut reader = ConfigReader {
        module: &module,
        source: &source,
        root: exported,
        warnings: Vec::new(),
    };
    let mut config = Config {
        content_dir: "docs".into(),
        route_base_path: "docs".into(),
        ..Config::default()
    };
    if let Some(title) = reader.string(&["title"]) {
        config.title = title;
    }
    if let Some(tagline) = reader.string(&["tagline"]) {
        config.tagline = tagline;
    }
    let url = reader.string(&["url"]);
    let base = reader.string(&["baseUrl"]).unwrap_or_else(|| "/".into());
    if let Some(url) = url {
        config.base_url = Some(format!("{}{}", url.trim_end_matches('/'), base));
    }
    config.favicon = reader.string(&["favicon"]).map(strip_slash);
    config.navbar_title = reader.string(&["themeConfig", "navbar", "title"]);
    config.logo = reader
        .string(&["themeConfig", "navbar", "logo", "src"])
        .map(strip_slash);
    config.footer = reader.string(&["themeConfig", "footer", "copyright"]);
    if let Some(locale) = reader.string(&["i18n", "defaultLocale"]) {
        config.language = locale;
    }
    if let Some(policy) = reader.string(&["onBrokenLinks"]) {
        config.on_broken_links = match policy.as_str() {
            "warn" | "log" => Policy::Warn,
            "ignore" => Policy::Ignore,
            _ => Policy::Error,
        };
    }
    if let Some(dirs) = reader.value(&["staticDirectories"]) {
        match dirs
            .as_array()
            .and_then(|a| a.first())
            .and_then(Value::as_str)
        {
            Some(first) => config.static_dir = first.into(),
            None => config.static_dir = "static".into(),
        }
    }
    let mut sidebars = None;
    if let Some(docs) = reader.docs_options() {
        if let Some(p) = reader.string_at(docs, "path") {
            config.content_dir = p.into();
        }
        if let Some(r) = reader.string_at(docs, "routeBasePath") {
            config.route_base_path = r.trim_matches('/').to_string();
        }
        if let Some(e) = reader.string_at(docs, "editUrl") {
            config.edit_url = Some(e);
        }
        if let Some(expr) = reader.module.get(docs, "numberPrefixParser") {
            reader.warnings.push(source.warning(
                expr.span().start as usize,
                "`numberPrefixParser` is not supported: docgen always strips number prefixes the way Docusaurus does by default",
            ));
        }
        match reader.value_at(docs, "sidebarPath") {
            Some(Value::String(s)) => sidebars = Some(root.join(s.trim_start_matches("./"))),
            Some(Value::Bool(false)) | None => {}
            Some(_) => {}
        }
    }
    let warnings = reader.warnings;
    Ok(Imported {
        config,
        sidebars,
        warnings,
    })
}

fn strip_slash(path: String) -> String {
    path.trim_start_matches('/').to_string()
}

struct ConfigReader<'m, 'a> {
    module: &'m Module<'a>,
    source: &'m Source,
    root: &'a Expression<'a>,
    warnings: Vec<Diagnostic>,
}

impl<'a> ConfigReader<'_, 'a> {
    fn value(&mut self, path: &[&str]) -> Option<Value> {
        let expr = self.module.path(self.root, path)?;
        self.evaluate(expr, &path.join("."))
    }

    fn value_at(&mut self, object: &'a Expression<'a>, key: &str) -> Option<Value> {
        let expr = self.module.get(object, key)?;
        self.evaluate(expr, key)
    }

    fn evaluate(&mut self, expr: &'a Expression<'a>, what: &str) -> Option<Value> {
        match self.module.eval(expr) {
            Ok(v) => Some(v),
            Err(u) => {
                self.warnings.push(self.source.warning(
                    u.offset.max(expr.span().start as usize),
                    format!("`{what}` cannot be read without running JavaScript ({}); docgen uses its default", u.message),
                ));
                None
            }
        }
    }

    fn string(&mut self, path: &[&str]) -> Option<String> {
        self.value(path)
            .and_then(|v| self.expect_string(v, &path.join(".")))
    }

    fn string_at(&mut self, object: &'a Expression<'a>, key: &str) -> Option<String> {
        self.value_at(object, key)
            .and_then(|v| self.expect_string(v, key))
    }

    fn expect_string(&mut self, value: Value, what: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                self.warnings.push(Diagnostic::warning(
                    &self.source.display,
                    format!(
                        "`{what}` should be a string, found `{other}`; docgen uses its default"
                    ),
                ));
                None
            }
        }
    }

    /// Options of the default docs plugin: from the classic preset or a docs plugin entry.
    fn docs_options(&mut self) -> Option<&'a Expression<'a>> {
        let module = self.module;
        let entries = |key: &str| {
            module
                .get(self.root, key)
                .map(|list| module.elements(list))
                .unwrap_or_default()
        };
        let name_and_options =
            |entry: &'a Expression<'a>| -> Option<(String, Option<&'a Expression<'a>>)> {
                match module.resolve(entry) {
                    Expression::StringLiteral(s) => Some((s.value.to_string(), None)),
                    Expression::ArrayExpression(_) => {
                        let parts = module.elements(entry);
                        let name = module.eval(parts.first()?).ok()?;
                        Some((name.as_str()?.to_string(), parts.get(1).copied()))
                    }
                    _ => None,
                }
            };
        for preset in entries("presets") {
            if let Some((name, Some(options))) = name_and_options(preset)
                && name.contains("classic")
                && let Some(docs) = module.get(options, "docs")
            {
                return match module.resolve(docs) {
                    Expression::BooleanLiteral(_) => None,
                    _ => Some(docs),
                };
            }
        }
        for plugin in entries("plugins") {
            if let Some((name, Some(options))) = name_and_options(plugin)
                && name.contains("content-docs")
            {
                let id = module.get(options, "id").and_then(|e| module.eval(e).ok());
                if id.is_none() || id.as_ref().and_then(Value::as_str) == Some("default") {
                    return Some(options);
                }
            }
        }
        None
    }
}

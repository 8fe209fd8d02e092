//! Reading a Docusaurus project as it is: `docusaurus.config.{js,ts,mjs,cjs}` becomes a
//! [`Config`], `sidebars.{js,ts}` a [`SidebarSpec`]. Both are parsed with oxc and only their
//! literal values are taken; nothing is executed. A value that JavaScript computes gets a
//! warning naming file, line and column, and the default is used.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    ArrayExpressionElement, AssignmentTarget, BindingPatternKind, ExportDefaultDeclarationKind,
    Expression, ObjectPropertyKind, Program, Statement,
};
use oxc_parser::Parser;
use oxc_span::GetSpan;
use serde_json::Value;

use crate::config::{Config, Policy};
use crate::diagnostics::Diagnostic;
use crate::js::{self, Env, Evaluator, Unsupported};

pub const CONFIG_FILES: [&str; 4] = [
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
];

/// The Docusaurus configuration file in `root`, if there is one.
pub fn find_config(root: &Path) -> Option<PathBuf> {
    CONFIG_FILES
        .iter()
        .map(|name| root.join(name))
        .find(|p| p.is_file())
}

/// A parsed JS/TS module: its top-level constants, for resolving identifiers.
struct Module<'a> {
    consts: HashMap<&'a str, &'a Expression<'a>>,
    depth: Cell<usize>,
}

impl Env for Module<'_> {
    fn ident(&self, name: &str) -> Option<Value> {
        if name == "__dirname" {
            return Some(Value::String(".".into()));
        }
        let expr = self.consts.get(name)?;
        if self.depth.get() > 16 {
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        let value = Evaluator::new(self).eval(expr).ok();
        self.depth.set(self.depth.get() - 1);
        value
    }

    /// Paths written with `require.resolve('./sidebars.js')` or
    /// `path.resolve(__dirname, 'sidebars.js')` are the paths themselves.
    fn call(&self, callee: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if !matches!(callee, "require.resolve" | "path.resolve" | "path.join") {
            return None;
        }
        let parts: Option<Vec<&str>> = args.iter().map(Value::as_str).collect();
        let Some(parts) = parts else {
            return Some(Err(format!("`{callee}` needs string arguments")));
        };
        let joined = parts
            .iter()
            .filter(|p| !p.is_empty() && **p != ".")
            .map(|p| p.trim_start_matches("./").trim_end_matches('/'))
            .collect::<Vec<_>>()
            .join("/");
        Some(Ok(Value::String(joined)))
    }
}

impl<'a> Module<'a> {
    fn new(program: &'a Program<'a>) -> Self {
        let mut consts = HashMap::new();
        collect_consts(&program.body, &mut consts);
        Module {
            consts,
            depth: Cell::new(0),
        }
    }

    /// Follows parentheses, type assertions and constant names to the expression they stand for.
    fn resolve(&self, mut expr: &'a Expression<'a>) -> &'a Expression<'a> {
        for _ in 0..16 {
            expr = expr.get_inner_expression();
            match expr {
                Expression::Identifier(id) => match self.consts.get(id.name.as_str()) {
                    Some(e) => expr = e,
                    None => return expr,
                },
                _ => return expr,
            }
        }
        expr
    }

    fn get(&self, object: &'a Expression<'a>, key: &str) -> Option<&'a Expression<'a>> {
        let Expression::ObjectExpression(o) = self.resolve(object) else {
            return None;
        };
        o.properties.iter().rev().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p)
                if js::property_key(&p.key).as_deref() == Some(key) =>
            {
                Some(&p.value)
            }
            _ => None,
        })
    }

    fn path(&self, object: &'a Expression<'a>, path: &[&str]) -> Option<&'a Expression<'a>> {
        path.iter()
            .try_fold(object, |current, key| self.get(current, key))
    }

    fn elements(&self, expr: &'a Expression<'a>) -> Vec<&'a Expression<'a>> {
        match self.resolve(expr) {
            Expression::ArrayExpression(a) => a
                .elements
                .iter()
                .flat_map(|el| match el {
                    ArrayExpressionElement::SpreadElement(s) => self.elements(&s.argument),
                    other => other.as_expression().into_iter().collect(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn eval(&self, expr: &'a Expression<'a>) -> Result<Value, Unsupported> {
        Evaluator::new(self).eval(expr)
    }
}

fn collect_consts<'a>(
    statements: &'a [Statement<'a>],
    out: &mut HashMap<&'a str, &'a Expression<'a>>,
) {
    for statement in statements {
        let declaration = match statement {
            Statement::VariableDeclaration(v) => Some(&**v),
            Statement::ExportNamedDeclaration(e) => match &e.declaration {
                Some(oxc_ast::ast::Declaration::VariableDeclaration(v)) => Some(&**v),
                _ => None,
            },
            _ => None,
        };
        for d in declaration.into_iter().flat_map(|v| v.declarations.iter()) {
            if let (BindingPatternKind::BindingIdentifier(id), Some(init)) = (&d.id.kind, &d.init) {
                out.insert(id.name.as_str(), init);
            }
        }
    }
}

/// The module's exported value: `export default X`, `module.exports = X`, or the object a
/// default-exported (async) function returns.
fn exported<'a>(
    program: &'a Program<'a>,
    consts: &mut HashMap<&'a str, &'a Expression<'a>>,
) -> Option<&'a Expression<'a>> {
    for statement in &program.body {
        match statement {
            Statement::ExportDefaultDeclaration(e) => {
                return match &e.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        let body = f.body.as_ref()?;
                        returned(&body.statements, consts)
                    }
                    other => {
                        let expr = other.as_expression()?;
                        match expr.get_inner_expression() {
                            Expression::ArrowFunctionExpression(a) => {
                                returned(&a.body.statements, consts)
                            }
                            Expression::FunctionExpression(f) => {
                                returned(&f.body.as_ref()?.statements, consts)
                            }
                            _ => Some(expr),
                        }
                    }
                };
            }
            Statement::ExpressionStatement(s) => {
                if let Expression::AssignmentExpression(a) = &s.expression
                    && let AssignmentTarget::StaticMemberExpression(m) = &a.left
                    && m.property.name == "exports"
                    && m.object.is_specific_id("module")
                {
                    return Some(&a.right);
                }
            }
            _ => {}
        }
    }
    None
}

fn returned<'a>(
    statements: &'a [Statement<'a>],
    consts: &mut HashMap<&'a str, &'a Expression<'a>>,
) -> Option<&'a Expression<'a>> {
    collect_consts(statements, consts);
    statements.iter().rev().find_map(|s| match s {
        Statement::ReturnStatement(r) => r.argument.as_ref(),
        Statement::ExpressionStatement(e) => Some(&e.expression),
        _ => None,
    })
}

/// A JS file read for its exported value.
struct Source {
    display: PathBuf,
    text: String,
}

impl Source {
    fn read(path: &Path, root: &Path) -> Result<Source, Diagnostic> {
        let display = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let bytes = std::fs::read(path)
            .map_err(|e| Diagnostic::error(&display, format!("cannot read: {e}")))?;
        let text = crate::page::decode(bytes, &display)?;
        Ok(Source { display, text })
    }

    fn warning(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(&self.display, message).at_offset(&self.text, offset)
    }

    fn parse<'a>(&'a self, allocator: &'a Allocator) -> Result<Program<'a>, Diagnostic> {
        let name = self.display.to_string_lossy();
        let parsed = Parser::new(allocator, &self.text, js::source_type(&name)).parse();
        if let Some(e) = parsed.errors.first() {
            let offset = e
                .labels
                .as_ref()
                .and_then(|l| l.first())
                .map_or(0, |l| l.offset());
            return Err(Diagnostic::error(
                &self.display,
                format!("JavaScript syntax error: {}", e.message),
            )
            .at_offset(&self.text, offset));
        }
        Ok(parsed.program)
    }
}

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

/// One entry of a sidebar in `sidebars.js`.
#[derive(Debug, Clone, PartialEq)]
pub enum SpecItem {
    Doc {
        id: String,
        label: Option<String>,
        at: Position,
    },
    Category {
        label: String,
        items: Vec<SpecItem>,
        link: Option<SpecLink>,
        collapsed: Option<bool>,
        collapsible: Option<bool>,
        description: Option<String>,
        at: Position,
    },
    Link {
        label: String,
        href: String,
    },
    Autogenerated {
        dir: String,
        at: Position,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum SpecLink {
    Doc {
        id: String,
        at: Position,
    },
    GeneratedIndex {
        title: Option<String>,
        description: Option<String>,
        slug: Option<String>,
    },
}

/// Where an item is written in the sidebars file, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Position {
    pub offset: usize,
}

/// The sidebars of a `sidebars.js`, in file order.
#[derive(Debug, Clone, Default)]
pub struct SidebarSpec {
    pub file: PathBuf,
    pub source: String,
    pub sidebars: Vec<(String, Vec<SpecItem>)>,
}

impl SidebarSpec {
    pub fn error(&self, at: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file, message).at_offset(&self.source, at.offset)
    }
}

/// Reads a `sidebars.{js,ts}` file.
pub fn load_sidebars(
    path: &Path,
    root: &Path,
) -> Result<(SidebarSpec, Vec<Diagnostic>), Diagnostic> {
    let path = if path.is_file() {
        path.to_path_buf()
    } else {
        ["js", "ts", "mjs", "cjs", "json"]
            .iter()
            .map(|ext| path.with_extension(ext))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                Diagnostic::error(
                    path.strip_prefix(root).unwrap_or(path),
                    "the sidebars file named by `sidebarPath` does not exist",
                )
            })?
    };
    let source = Source::read(&path, root)?;
    let allocator = Allocator::default();
    let program = source.parse(&allocator)?;
    let mut module = Module::new(&program);
    let exported = exported(&program, &mut module.consts)
        .ok_or_else(|| Diagnostic::error(&source.display, "no exported sidebars object found"))?;
    let mut reader = SidebarReader {
        module: &module,
        source: &source,
        warnings: Vec::new(),
    };
    let mut spec = SidebarSpec {
        file: source.display.clone(),
        source: source.text.clone(),
        sidebars: Vec::new(),
    };
    if let Expression::ObjectExpression(o) = module.resolve(exported) {
        for prop in &o.properties {
            if let ObjectPropertyKind::ObjectProperty(p) = prop
                && let Some(name) = js::property_key(&p.key)
            {
                let items = reader.items(&p.value);
                spec.sidebars.push((name, items));
            }
        }
    }
    Ok((spec, reader.warnings))
}

struct SidebarReader<'m, 'a> {
    module: &'m Module<'a>,
    source: &'m Source,
    warnings: Vec<Diagnostic>,
}

impl<'a> SidebarReader<'_, 'a> {
    /// An item list: an array, or the shorthand `{ 'Category label': [items] }`.
    fn items(&mut self, expr: &'a Expression<'a>) -> Vec<SpecItem> {
        match self.module.resolve(expr) {
            Expression::ArrayExpression(_) => self
                .module
                .elements(expr)
                .into_iter()
                .filter_map(|e| self.item(e))
                .collect(),
            Expression::ObjectExpression(o) => o
                .properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) => Some(SpecItem::Category {
                        label: js::property_key(&p.key)?,
                        items: self.items(&p.value),
                        link: None,
                        collapsed: None,
                        collapsible: None,
                        description: None,
                        at: position(&p.value),
                    }),
                    _ => None,
                })
                .collect(),
            other => {
                self.skip(other, "a sidebar must be an array of items");
                Vec::new()
            }
        }
    }

    fn item(&mut self, expr: &'a Expression<'a>) -> Option<SpecItem> {
        let resolved = self.module.resolve(expr);
        let at = position(resolved);
        if let Expression::StringLiteral(s) = resolved {
            return Some(SpecItem::Doc {
                id: s.value.to_string(),
                label: None,
                at,
            });
        }
        let Expression::ObjectExpression(_) = resolved else {
            self.skip(
                resolved,
                "this sidebar item cannot be read without running JavaScript",
            );
            return None;
        };
        let kind = self.text(resolved, "type");
        let Some(kind) = kind else {
            // `{ 'Label': [items] }` inside a list is a shorthand category.
            return self.items(resolved).into_iter().next();
        };
        match kind.as_str() {
            "doc" | "ref" => Some(SpecItem::Doc {
                id: self.text(resolved, "id")?,
                label: self.text(resolved, "label"),
                at,
            }),
            "link" => Some(SpecItem::Link {
                label: self.text(resolved, "label").unwrap_or_default(),
                href: self.text(resolved, "href")?,
            }),
            "autogenerated" => Some(SpecItem::Autogenerated {
                dir: self.text(resolved, "dirName").unwrap_or_else(|| ".".into()),
                at,
            }),
            "category" => {
                let items = self
                    .module
                    .get(resolved, "items")
                    .map(|i| self.items(i))
                    .unwrap_or_default();
                let link = self.module.get(resolved, "link").and_then(|l| self.link(l));
                Some(SpecItem::Category {
                    label: self.text(resolved, "label").unwrap_or_default(),
                    items,
                    link,
                    collapsed: self.flag(resolved, "collapsed"),
                    collapsible: self.flag(resolved, "collapsible"),
                    description: self.text(resolved, "description"),
                    at,
                })
            }
            "html" => None,
            other => {
                self.skip(resolved, &format!("unknown sidebar item type `{other}`"));
                None
            }
        }
    }

    fn link(&mut self, expr: &'a Expression<'a>) -> Option<SpecLink> {
        match self.text(expr, "type")?.as_str() {
            "doc" => Some(SpecLink::Doc {
                id: self.text(expr, "id")?,
                at: position(self.module.resolve(expr)),
            }),
            "generated-index" => Some(SpecLink::GeneratedIndex {
                title: self.text(expr, "title"),
                description: self.text(expr, "description"),
                slug: self.text(expr, "slug"),
            }),
            _ => None,
        }
    }

    fn text(&mut self, object: &'a Expression<'a>, key: &str) -> Option<String> {
        let expr = self.module.get(object, key)?;
        match self.module.eval(expr) {
            Ok(Value::String(s)) => Some(s),
            Ok(_) => None,
            Err(u) => {
                self.warnings.push(self.source.warning(
                    u.offset,
                    format!(
                        "`{key}` cannot be read without running JavaScript ({})",
                        u.message
                    ),
                ));
                None
            }
        }
    }

    fn flag(&mut self, object: &'a Expression<'a>, key: &str) -> Option<bool> {
        let expr = self.module.get(object, key)?;
        self.module.eval(expr).ok()?.as_bool()
    }

    fn skip(&mut self, expr: &Expression<'_>, message: &str) {
        self.warnings.push(self.source.warning(
            expr.span().start as usize,
            format!("{message}; the item is left out"),
        ));
    }
}

fn position(expr: &Expression<'_>) -> Position {
    Position {
        offset: expr.span().start as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn reads_the_classic_preset_config() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "docusaurus.config.ts",
            r#"import type {Config} from '@docusaurus/types';
import {themes as prismThemes} from 'prism-react-renderer';
const baseUrl = process.env.BASE_URL ?? '/proj/';
const config: Config = {
  title: 'Situs',
  tagline: `Dino ${'keren'}`,
  url: 'https://example.com',
  baseUrl,
  favicon: 'img/favicon.ico',
  onBrokenLinks: 'warn',
  i18n: {defaultLocale: 'id', locales: ['id']},
  staticDirectories: ['public', 'static'],
  presets: [
    ['classic', {
      docs: {path: 'dokumen', routeBasePath: '/', sidebarPath: require.resolve('./sidebars.ts'), numberPrefixParser: false},
      theme: {customCss: './src/css/custom.css'},
    } satisfies Preset.Options],
  ],
  themeConfig: {
    navbar: {title: 'Navbar', logo: {src: 'img/logo.svg'}},
    footer: {copyright: `© ${new Date().getFullYear()} Kami`},
    prism: {theme: prismThemes.github},
    announcementBar: {content: makeIt()},
  },
};
export default config;
"#,
        );
        let imported = load_config(&path, dir.path()).unwrap();
        let c = &imported.config;
        assert_eq!(c.title, "Situs");
        assert_eq!(c.tagline, "Dino keren");
        assert_eq!(c.base_url.as_deref(), Some("https://example.com/proj/"));
        assert_eq!(c.language, "id");
        assert_eq!(c.content_dir, PathBuf::from("dokumen"));
        assert_eq!(c.route_base_path, "");
        assert_eq!(c.static_dir, PathBuf::from("public"));
        assert_eq!(c.logo.as_deref(), Some("img/logo.svg"));
        assert_eq!(c.navbar_title.as_deref(), Some("Navbar"));
        assert!(
            c.footer
                .as_deref()
                .unwrap()
                .contains(&js::current_year().to_string())
        );
        assert_eq!(c.on_broken_links, Policy::Warn);
        assert!(imported.sidebars.unwrap().ends_with("sidebars.ts"));
        // Values docgen never reads (prism, announcementBar) give no warnings.
        assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
        assert!(imported.warnings[0].message.contains("numberPrefixParser"));
    }

    #[test]
    fn computed_values_warn_with_position_and_keep_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "docusaurus.config.js",
            "module.exports = {\n  title: getTitle(),\n  presets: [['@docusaurus/preset-classic', {docs: {routeBasePath: 'guide'}}]],\n};\n",
        );
        let imported = load_config(&path, dir.path()).unwrap();
        assert_eq!(imported.config.title, Config::default().title);
        assert_eq!(imported.config.route_base_path, "guide");
        assert_eq!(imported.warnings.len(), 1);
        let w = &imported.warnings[0];
        assert_eq!((w.line, w.column), (2, 10));
        assert!(w.message.contains("`title`"), "{}", w.message);
    }

    #[test]
    fn reads_sidebars_of_every_form() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "sidebars.js",
            r#"const extra = ['c'];
export default {
  main: [
    'intro',
    {type: 'doc', id: 'guide/a', label: 'A!'},
    {type: 'category', label: 'Guide', link: {type: 'generated-index', title: 'All'}, collapsed: false,
     items: ['guide/b', {type: 'autogenerated', dirName: 'guide/more'}, ...extra]},
    {type: 'link', label: 'Site', href: 'https://example.com'},
    {'Short': ['x', 'y']},
  ],
  api: {Reference: ['api/one']},
};
"#,
        );
        let (spec, warnings) = load_sidebars(&path, dir.path()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(spec.sidebars.len(), 2);
        let main = &spec.sidebars[0].1;
        assert_eq!(main.len(), 5);
        assert!(matches!(&main[1], SpecItem::Doc { label: Some(l), .. } if l == "A!"));
        let SpecItem::Category {
            items,
            link,
            collapsed,
            ..
        } = &main[2]
        else {
            panic!("{:?}", main[2]);
        };
        assert_eq!(items.len(), 3, "a spread constant is read: {items:?}");
        assert!(
            matches!(link, Some(SpecLink::GeneratedIndex { title: Some(t), .. }) if t == "All")
        );
        assert_eq!(*collapsed, Some(false));
        assert!(matches!(&main[4], SpecItem::Category { label, .. } if label == "Short"));
        assert!(
            matches!(&spec.sidebars[1].1[0], SpecItem::Category { label, .. } if label == "Reference")
        );
    }
}

//! Reading a Docusaurus project as it is: `docusaurus.config.{js,ts,mjs,cjs}` becomes a
//! [`Config`], `sidebars.{js,ts}` a [`SidebarSpec`]. Both are parsed with oxc and only their
//! literal values are taken; nothing is executed. A value that JavaScript computes gets a
//! warning naming file, line and column, and the default is used.
//!
//! [`config`] reads the configuration, [`sidebars`] the sidebars; this module holds what both
//! share: finding and parsing a JS/TS module and resolving its top-level constants.

mod config;
mod sidebars;
#[cfg(test)]
mod tests;

pub(crate) use config::load_config;
pub(crate) use sidebars::load_sidebars;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    ArrayExpressionElement, AssignmentTarget, BindingPatternKind, ExportDefaultDeclarationKind,
    Expression, ObjectPropertyKind, Program, Statement,
};
use oxc_parser::Parser;
use serde_json::Value;

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

/// A parsed JS/TS module: its top-level constants and functions, for resolving identifiers
/// and calls of the module's own functions (`export default createConfig()`).
struct Module<'a> {
    consts: HashMap<&'a str, &'a Expression<'a>>,
    /// Functions declared in the module → the value they return.
    functions: HashMap<&'a str, &'a Expression<'a>>,
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
        let mut module = Module::empty();
        collect_consts(&program.body, &mut module.consts);
        collect_functions(&program.body, &mut module.consts, &mut module.functions);
        module
    }

    /// A module with no declarations (a JSON file).
    fn empty() -> Self {
        Module {
            consts: HashMap::new(),
            functions: HashMap::new(),
            depth: Cell::new(0),
        }
    }

    /// Follows parentheses, type assertions, `await`, constant names and calls of the module's
    /// own functions to the expression they stand for.
    fn resolve(&self, mut expr: &'a Expression<'a>) -> &'a Expression<'a> {
        for _ in 0..16 {
            expr = expr.get_inner_expression();
            let next = match expr {
                Expression::Identifier(id) => self.consts.get(id.name.as_str()).copied(),
                Expression::AwaitExpression(a) => Some(&a.argument),
                Expression::CallExpression(call) => match call.callee.get_inner_expression() {
                    Expression::Identifier(id) => {
                        self.functions.get(id.name.as_str()).copied().or_else(|| {
                            self.consts
                                .get(id.name.as_str())
                                .and_then(|e| returned_by(e))
                        })
                    }
                    _ => None,
                },
                _ => None,
            };
            match next {
                Some(e) => expr = e,
                None => return expr,
            }
        }
        expr
    }

    fn get(&self, object: &'a Expression<'a>, key: &str) -> Option<&'a Expression<'a>> {
        let Expression::ObjectExpression(o) = self.resolve(object) else {
            return None;
        };
        // Later properties win, a spread (`{...base, markdown}`) counts with its own keys.
        o.properties.iter().rev().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p)
                if js::property_key(&p.key).as_deref() == Some(key) =>
            {
                Some(&p.value)
            }
            ObjectPropertyKind::SpreadProperty(s) if self.depth.get() < 16 => {
                self.depth.set(self.depth.get() + 1);
                let found = self.get(&s.argument, key);
                self.depth.set(self.depth.get() - 1);
                found
            }
            _ => None,
        })
    }

    fn path(&self, object: &'a Expression<'a>, path: &[&str]) -> Option<&'a Expression<'a>> {
        path.iter()
            .try_fold(object, |current, key| self.get(current, key))
    }

    fn elements(&self, expr: &'a Expression<'a>) -> Vec<&'a Expression<'a>> {
        self.nested(|| match self.resolve(expr) {
            Expression::ArrayExpression(a) => a
                .elements
                .iter()
                .flat_map(|el| match el {
                    ArrayExpressionElement::SpreadElement(s) => self.elements(&s.argument),
                    other => other.as_expression().into_iter().collect(),
                })
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default()
    }

    /// Runs `f` one level deeper; `None` past the limit, so that a value defined in terms of
    /// itself (`const a = [...a]`) ends instead of recursing forever.
    fn nested<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        if self.depth.get() > 32 {
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        let out = f();
        self.depth.set(self.depth.get() - 1);
        Some(out)
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

/// Top-level functions (`function f() {...}`, `const f = async () => ({...})`) and what
/// they return; their own constants join the module's.
fn collect_functions<'a>(
    statements: &'a [Statement<'a>],
    consts: &mut HashMap<&'a str, &'a Expression<'a>>,
    functions: &mut HashMap<&'a str, &'a Expression<'a>>,
) {
    for statement in statements {
        let function = match statement {
            Statement::FunctionDeclaration(f) => Some(&**f),
            Statement::ExportNamedDeclaration(e) => match &e.declaration {
                Some(oxc_ast::ast::Declaration::FunctionDeclaration(f)) => Some(&**f),
                _ => None,
            },
            _ => None,
        };
        if let Some(f) = function
            && let (Some(id), Some(body)) = (&f.id, &f.body)
            && let Some(value) = returned(&body.statements, consts)
        {
            functions.insert(id.name.as_str(), value);
        }
    }
}

/// What a function expression returns (`() => ({...})`, `async function () { return {...} }`).
fn returned_by<'a>(expr: &'a Expression<'a>) -> Option<&'a Expression<'a>> {
    match expr.get_inner_expression() {
        Expression::ArrowFunctionExpression(a) if a.expression => {
            match a.body.statements.first()? {
                Statement::ExpressionStatement(e) => Some(&e.expression),
                _ => None,
            }
        }
        Expression::ArrowFunctionExpression(a) => returned_in(&a.body.statements),
        Expression::FunctionExpression(f) => returned_in(&f.body.as_ref()?.statements),
        _ => None,
    }
}

fn returned_in<'a>(statements: &'a [Statement<'a>]) -> Option<&'a Expression<'a>> {
    statements.iter().rev().find_map(|s| match s {
        Statement::ReturnStatement(r) => r.argument.as_ref(),
        _ => None,
    })
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
                    other => called(other.as_expression()?, consts),
                };
            }
            Statement::ExpressionStatement(s) => {
                if let Expression::AssignmentExpression(a) = &s.expression
                    && let AssignmentTarget::StaticMemberExpression(m) = &a.left
                    && m.property.name == "exports"
                    && m.object.is_specific_id("module")
                {
                    return called(&a.right, consts);
                }
            }
            _ => {}
        }
    }
    None
}

/// The exported value, or what the exported function returns: Docusaurus calls a config
/// that is a function, async or not (`module.exports = async () => { …; return {…}; }`, as
/// facebook/flow's website does).
fn called<'a>(
    expr: &'a Expression<'a>,
    consts: &mut HashMap<&'a str, &'a Expression<'a>>,
) -> Option<&'a Expression<'a>> {
    match expr.get_inner_expression() {
        Expression::ArrowFunctionExpression(a) => returned(&a.body.statements, consts),
        Expression::FunctionExpression(f) => returned(&f.body.as_ref()?.statements, consts),
        _ => Some(expr),
    }
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
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::error(&display, format!("cannot read: {e}"))
                .with_code(crate::codes::Code::DocusaurusConfig)
        })?;
        let text = crate::page::decode(bytes, &display)?;
        Ok(Source { display, text })
    }

    fn warning(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(&self.display, message)
            .with_code(self.code())
            .at_offset(&self.text, offset)
    }

    /// Problems of a sidebars file are `sidebars`, of anything else `docusaurus-config`.
    fn code(&self) -> crate::codes::Code {
        match self.display.to_string_lossy().contains("sidebars") {
            true => crate::codes::Code::Sidebars,
            false => crate::codes::Code::DocusaurusConfig,
        }
    }

    /// The file as one expression (a JSON file).
    fn parse_expression<'a>(
        &'a self,
        allocator: &'a Allocator,
    ) -> Result<Expression<'a>, Diagnostic> {
        let source_type = oxc_span::SourceType::default().with_module(true);
        Parser::new(allocator, &self.text, source_type)
            .parse_expression()
            .map_err(|errors| self.syntax_error(&errors))
    }

    fn syntax_error(&self, errors: &[oxc_diagnostics::OxcDiagnostic]) -> Diagnostic {
        let Some(e) = errors.first() else {
            return Diagnostic::error(&self.display, "JavaScript syntax error")
                .with_code(crate::codes::Code::DocusaurusConfig);
        };
        let offset = e
            .labels
            .as_ref()
            .and_then(|l| l.first())
            .map_or(0, |l| l.offset());
        Diagnostic::error(&self.display, format!("syntax error: {}", e.message))
            .with_code(crate::codes::Code::DocusaurusConfig)
            .at_offset(&self.text, offset)
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
            .with_code(crate::codes::Code::DocusaurusConfig)
            .at_offset(&self.text, offset));
        }
        Ok(parsed.program)
    }
}

/// The values a project's own JS/TS module exports (`export default {…}`, `export const x`),
/// for pages that import it (`import constants from '@site/core/TabsConstants'`). Only what
/// evaluates without running code is kept: an entry computed at run time is left out.
pub(crate) fn module_exports(path: &Path, root: &Path) -> Option<(Value, Vec<Diagnostic>)> {
    let source = Source::read(path, root).ok()?;
    let allocator = Allocator::default();
    let program = source.parse(&allocator).ok()?;
    let mut module = Module::new(&program);
    let mut exports = serde_json::Map::new();
    for (name, expr) in module
        .consts
        .iter()
        .filter(|(n, _)| exported_const(&program, n))
    {
        if let Ok(v) = module.eval(expr) {
            exports.insert((*name).to_string(), v);
        }
    }
    let mut diags = Vec::new();
    if let Some(default) = exported(&program, &mut module.consts) {
        exports.insert(
            "default".into(),
            module.lenient(default, &source, &mut diags),
        );
    }
    Some((Value::Object(exports), diags))
}

fn exported_const(program: &Program<'_>, name: &str) -> bool {
    program.body.iter().any(|s| match s {
        Statement::ExportNamedDeclaration(e) => match &e.declaration {
            Some(oxc_ast::ast::Declaration::VariableDeclaration(v)) => v.declarations.iter().any(
                |d| matches!(&d.id.kind, BindingPatternKind::BindingIdentifier(id) if id.name == name),
            ),
            _ => false,
        },
        _ => false,
    })
}

impl<'a> Module<'a> {
    /// An object's entries one by one, leaving out those that need running code.
    fn lenient(
        &self,
        expr: &'a Expression<'a>,
        source: &Source,
        diags: &mut Vec<Diagnostic>,
    ) -> Value {
        let Expression::ObjectExpression(o) = self.resolve(expr) else {
            return self.eval(expr).unwrap_or(Value::Null);
        };
        let mut map = serde_json::Map::new();
        for prop in &o.properties {
            let ObjectPropertyKind::ObjectProperty(p) = prop else {
                continue;
            };
            let Some(key) = js::property_key(&p.key) else {
                continue;
            };
            match self.eval(&p.value) {
                Ok(value) => {
                    map.insert(key, value);
                }
                Err(e) => {
                    let mut d = source.warning(
                        e.offset.max(p.span.start as usize),
                        format!(
                            "`{key}` is computed by JavaScript ({}); pages that use it get nothing",
                            e.message
                        ),
                    );
                    d.kind = Some(crate::diagnostics::Kind::NeedsJavaScript);
                    diags.push(d);
                }
            }
        }
        Value::Object(map)
    }
}

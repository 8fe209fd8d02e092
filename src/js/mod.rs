//! Static JavaScript: the literal values docgen reads from `docusaurus.config.js`, `sidebars.js`
//! and JSX attributes, parsed with oxc and evaluated without running any code.
//!
//! Evaluation covers what configuration and MDX attributes use in practice: literals, arrays,
//! objects, template strings, `+`, `||`/`??`, references to constants, a few known calls
//! (`useBaseUrl`, `require`) supplied by the caller, and `new Date().getFullYear()`.
//! Anything else is `Unsupported` with the offset of the expression, so the caller can say
//! where and fall back to a default.

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Argument, ArrayExpressionElement, BinaryOperator, BindingPatternKind, Expression,
    JSXAttributeItem, JSXAttributeName, JSXAttributeValue, JSXChild, JSXElement, JSXElementName,
    JSXExpression, LogicalOperator, ObjectPropertyKind, PropertyKey, Statement, UnaryOperator,
};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};
use serde_json::{Map, Number, Value};

mod component;
#[cfg(test)]
mod tests;

pub use component::{LocalComponent, compile_component, css_value, kebab_case};

/// Why a value could not be read; `offset` is a byte offset into the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported {
    pub offset: usize,
    pub message: String,
}

impl Unsupported {
    fn at(offset: u32, message: impl Into<String>) -> Unsupported {
        Unsupported {
            offset: offset as usize,
            message: message.into(),
        }
    }
}

/// What identifiers and calls mean where an expression is evaluated.
pub trait Env {
    /// Value of a free identifier (an import, a constant, a prop).
    fn ident(&self, _name: &str) -> Option<Value> {
        None
    }
    /// Value of a call such as `useBaseUrl('img/x.png')`; `Some(Err)` when the call is known
    /// but its arguments are wrong (a missing file, say).
    fn call(&self, _callee: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        None
    }
}

/// An environment where only literals mean something.
pub struct NoEnv;
impl Env for NoEnv {}

const MAX_DEPTH: usize = 64;

/// Source type for a file name: TypeScript for `.ts`/`.tsx`, JSX allowed everywhere.
pub fn source_type(name: &str) -> SourceType {
    if name.ends_with(".ts") || name.ends_with(".mts") || name.ends_with(".cts") {
        SourceType::ts()
    } else if name.ends_with(".tsx") {
        SourceType::tsx()
    } else {
        SourceType::mjs().with_jsx(true)
    }
}

/// Parses and evaluates one expression.
#[cfg(test)]
pub fn eval_source(text: &str, env: &dyn Env) -> Result<Value, Unsupported> {
    let allocator = Allocator::default();
    let expr = Parser::new(&allocator, text, SourceType::tsx())
        .parse_expression()
        .map_err(|errors| syntax_error(&errors))?;
    Evaluator { env, depth: 0 }.eval(&expr)
}

fn syntax_error(errors: &[oxc_diagnostics::OxcDiagnostic]) -> Unsupported {
    let first = errors.first();
    let offset = first
        .and_then(|e| e.labels.as_ref())
        .and_then(|l| l.first())
        .map_or(0, |l| l.offset());
    Unsupported {
        offset,
        message: first.map_or_else(|| "syntax error".to_string(), |e| e.message.to_string()),
    }
}

pub struct Evaluator<'e> {
    pub env: &'e dyn Env,
    depth: usize,
}

impl<'e> Evaluator<'e> {
    pub fn new(env: &'e dyn Env) -> Self {
        Evaluator { env, depth: 0 }
    }

    pub fn eval(&mut self, expr: &Expression<'_>) -> Result<Value, Unsupported> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(Unsupported::at(
                expr.span().start,
                "expression nests too deeply",
            ))
        } else {
            self.eval_inner(expr.get_inner_expression())
        };
        self.depth -= 1;
        result
    }

    fn eval_inner(&mut self, expr: &Expression<'_>) -> Result<Value, Unsupported> {
        let span = expr.span();
        let unsupported = || {
            Unsupported::at(
                span.start,
                "this value is computed by JavaScript, which docgen does not run",
            )
        };
        Ok(match expr {
            Expression::StringLiteral(s) => Value::String(s.value.to_string()),
            Expression::NumericLiteral(n) => number(n.value),
            Expression::BooleanLiteral(b) => Value::Bool(b.value),
            Expression::NullLiteral(_) => Value::Null,
            Expression::TemplateLiteral(t) => {
                let mut out = String::new();
                for (i, quasi) in t.quasis.iter().enumerate() {
                    out.push_str(quasi.value.cooked.as_deref().unwrap_or(&quasi.value.raw));
                    if let Some(e) = t.expressions.get(i) {
                        out.push_str(&to_text(&self.eval(e)?));
                    }
                }
                Value::String(out)
            }
            Expression::ArrayExpression(a) => {
                let mut items = Vec::with_capacity(a.elements.len());
                for el in &a.elements {
                    match el {
                        ArrayExpressionElement::SpreadElement(s) => {
                            match self.eval(&s.argument)? {
                                Value::Array(more) => items.extend(more),
                                _ => return Err(unsupported()),
                            }
                        }
                        ArrayExpressionElement::Elision(_) => items.push(Value::Null),
                        other => match other.as_expression() {
                            Some(e) => items.push(self.eval(e)?),
                            None => return Err(unsupported()),
                        },
                    }
                }
                Value::Array(items)
            }
            Expression::ObjectExpression(o) => {
                let mut map = Map::new();
                for prop in &o.properties {
                    match prop {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            let key = property_key(&p.key).ok_or_else(unsupported)?;
                            map.insert(key, self.eval(&p.value)?);
                        }
                        ObjectPropertyKind::SpreadProperty(s) => match self.eval(&s.argument)? {
                            Value::Object(more) => map.extend(more),
                            Value::Null => {}
                            _ => return Err(unsupported()),
                        },
                    }
                }
                Value::Object(map)
            }
            Expression::Identifier(id) => match id.name.as_str() {
                "undefined" => Value::Null,
                name => self.env.ident(name).ok_or_else(|| {
                    Unsupported::at(
                        span.start,
                        format!(
                            "`{name}` is not a value docgen can read without running JavaScript"
                        ),
                    )
                })?,
            },
            Expression::UnaryExpression(u) => {
                let v = self.eval(&u.argument)?;
                match (u.operator, v) {
                    (UnaryOperator::UnaryNegation, Value::Number(n)) => {
                        number(-n.as_f64().unwrap_or(0.0))
                    }
                    (UnaryOperator::LogicalNot, v) => Value::Bool(!truthy(&v)),
                    _ => return Err(unsupported()),
                }
            }
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                match (self.eval(&b.left)?, self.eval(&b.right)?) {
                    (Value::Number(x), Value::Number(y)) => {
                        number(x.as_f64().unwrap_or(0.0) + y.as_f64().unwrap_or(0.0))
                    }
                    (x, y) => Value::String(to_text(&x) + &to_text(&y)),
                }
            }
            Expression::LogicalExpression(l) => {
                let left = self.eval(&l.left)?;
                let take_left = match l.operator {
                    LogicalOperator::Or => truthy(&left),
                    LogicalOperator::Coalesce => !left.is_null(),
                    LogicalOperator::And => !truthy(&left),
                };
                if take_left {
                    left
                } else {
                    self.eval(&l.right)?
                }
            }
            Expression::StaticMemberExpression(m) => {
                if is_process_env(&m.object) {
                    // Environment variables are unknown at build time: `process.env.X || 'default'`
                    // takes the default, as a fresh shell would.
                    return Ok(Value::Null);
                }
                let object = self.eval(&m.object)?;
                match (&object, m.property.name.as_str()) {
                    // `require('./x.png').default` is the URL itself.
                    (Value::String(_), "default") => object,
                    (Value::Object(map), key) => map.get(key).cloned().unwrap_or(Value::Null),
                    _ => return Err(unsupported()),
                }
            }
            Expression::CallExpression(c) => {
                if is_current_year(expr) {
                    return Ok(number(crate::date::current_year() as f64));
                }
                let callee = callee_name(&c.callee).ok_or_else(unsupported)?;
                let mut args = Vec::with_capacity(c.arguments.len());
                for arg in &c.arguments {
                    match arg {
                        Argument::SpreadElement(_) => return Err(unsupported()),
                        other => match other.as_expression() {
                            Some(e) => args.push(self.eval(e)?),
                            None => return Err(unsupported()),
                        },
                    }
                }
                match self.env.call(&callee, &args) {
                    Some(Ok(v)) => v,
                    Some(Err(message)) => return Err(Unsupported::at(span.start, message)),
                    None => {
                        return Err(Unsupported::at(
                            span.start,
                            format!(
                                "`{callee}(...)` cannot be evaluated without running JavaScript"
                            ),
                        ));
                    }
                }
            }
            _ => return Err(unsupported()),
        })
    }
}

/// A JavaScript number as JSON: integers stay integers (`8`, not `8.0`).
pub fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::Number(Number::from(value as i64))
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

/// How JavaScript turns a value into a string (`${x}`, `'a' + x`).
pub fn to_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "undefined".into(),
        Value::Array(items) => items.iter().map(to_text).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".into(),
        other => other.to_string(),
    }
}

pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

pub fn property_key(key: &PropertyKey<'_>) -> Option<String> {
    match key {
        PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
        PropertyKey::StringLiteral(s) => Some(s.value.to_string()),
        PropertyKey::NumericLiteral(n) => Some(to_text(&number(n.value))),
        _ => None,
    }
}

/// `useBaseUrl`, `require`, `require.resolve`: a dotted name for a callee.
fn callee_name(callee: &Expression<'_>) -> Option<String> {
    match callee.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::StaticMemberExpression(m) => {
            Some(format!("{}.{}", callee_name(&m.object)?, m.property.name))
        }
        _ => None,
    }
}

fn is_process_env(expr: &Expression<'_>) -> bool {
    matches!(expr.get_inner_expression(), Expression::StaticMemberExpression(m)
        if m.property.name == "env" && m.object.is_specific_id("process"))
}

/// `new Date().getFullYear()`, the one computed value every footer uses.
fn is_current_year(expr: &Expression<'_>) -> bool {
    let Expression::CallExpression(call) = expr else {
        return false;
    };
    let Expression::StaticMemberExpression(m) = call.callee.get_inner_expression() else {
        return false;
    };
    m.property.name == "getFullYear"
        && matches!(m.object.get_inner_expression(), Expression::NewExpression(n)
            if n.callee.is_specific_id("Date") && n.arguments.is_empty())
}

/// The constants an `export const a = ..., b = ...;` statement defines, for those whose value
/// can be read; the others are left out (they only matter if something uses them).
pub fn exported_constants(statement: &str, env: &dyn Env) -> Vec<(String, Value)> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, statement, SourceType::tsx()).parse();
    let mut out = Vec::new();
    for s in &parsed.program.body {
        let Statement::ExportNamedDeclaration(e) = s else {
            continue;
        };
        let Some(oxc_ast::ast::Declaration::VariableDeclaration(v)) = &e.declaration else {
            continue;
        };
        for d in &v.declarations {
            if let (BindingPatternKind::BindingIdentifier(id), Some(init)) = (&d.id.kind, &d.init)
                && let Ok(value) = Evaluator::new(env).eval(init)
            {
                out.push((id.name.to_string(), value));
            }
        }
    }
    out
}

/// What one `import` brings in: the local name and the module it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportBinding {
    /// `Foo` in `import Foo from 'x'`, `import * as Foo from 'x'` or `import {Foo} from 'x'`.
    pub local: String,
    /// The name imported (`default` for a default import, `*` for a namespace).
    pub imported: String,
    pub source: String,
}

/// The bindings of the `import` statements in `text` (several may share a line or one may span
/// lines, as a formatter leaves them). `Err` when the text is not JavaScript.
pub fn imports(text: &str) -> Result<Vec<ImportBinding>, Unsupported> {
    use oxc_ast::ast::{ImportDeclarationSpecifier, ModuleExportName};
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::tsx()).parse();
    if !parsed.errors.is_empty() {
        return Err(syntax_error(&parsed.errors));
    }
    let mut out = Vec::new();
    for s in &parsed.program.body {
        let Statement::ImportDeclaration(decl) = s else {
            continue;
        };
        let source = decl.source.value.to_string();
        for spec in decl.specifiers.iter().flatten() {
            let (local, imported) = match spec {
                ImportDeclarationSpecifier::ImportDefaultSpecifier(d) => {
                    (d.local.name.to_string(), "default".to_string())
                }
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(n) => {
                    (n.local.name.to_string(), "*".to_string())
                }
                ImportDeclarationSpecifier::ImportSpecifier(i) => {
                    let imported = match &i.imported {
                        ModuleExportName::IdentifierName(n) => n.name.to_string(),
                        ModuleExportName::IdentifierReference(n) => n.name.to_string(),
                        ModuleExportName::StringLiteral(s) => s.value.to_string(),
                    };
                    (i.local.name.to_string(), imported)
                }
            };
            out.push(ImportBinding {
                local,
                imported,
                source: source.clone(),
            });
        }
    }
    Ok(out)
}

/// One JSX opening tag read from MDX: its name and evaluated attributes, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, Value)>,
    pub self_closing: bool,
    /// Attributes whose value only JavaScript can compute, with why: left out.
    pub dropped: Vec<(String, Unsupported)>,
}

/// Parses the text of one opening tag (`<Tabs groupId="os" values={[...]}>`, possibly over
/// several lines) and evaluates its attributes. A bare attribute is `true`.
pub fn parse_tag(text: &str, env: &dyn Env) -> Result<Tag, Unsupported> {
    let self_closing = text.trim_end().ends_with("/>");
    let source = if self_closing {
        text.to_string()
    } else {
        format!("{text}</{}>", tag_name_of(text).unwrap_or_default())
    };
    let allocator = Allocator::default();
    match Parser::new(&allocator, &source, SourceType::tsx()).parse_expression() {
        Ok(Expression::JSXElement(el)) => read_tag(&el, env, self_closing),
        Ok(other) => Err(Unsupported::at(other.span().start, "not a JSX tag")),
        Err(errors) => Err(syntax_error(&errors)),
    }
}

fn tag_name_of(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix('<')?;
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'))
        .count();
    Some(rest[..len].to_string())
}

fn read_tag(el: &JSXElement<'_>, env: &dyn Env, self_closing: bool) -> Result<Tag, Unsupported> {
    let name = element_name(&el.opening_element.name);
    let mut attrs = Vec::new();
    let mut dropped = Vec::new();
    let mut ev = Evaluator::new(env);
    for item in &el.opening_element.attributes {
        match item {
            JSXAttributeItem::Attribute(a) => {
                let key = match &a.name {
                    JSXAttributeName::Identifier(id) => id.name.to_string(),
                    JSXAttributeName::NamespacedName(n) => {
                        format!("{}:{}", n.namespace.name, n.name.name)
                    }
                };
                let value = match &a.value {
                    None => Ok(Value::Bool(true)),
                    Some(JSXAttributeValue::StringLiteral(s)) => {
                        Ok(Value::String(s.value.to_string()))
                    }
                    Some(JSXAttributeValue::ExpressionContainer(c)) => match &c.expression {
                        JSXExpression::EmptyExpression(_) => continue,
                        other => match other.as_expression() {
                            Some(e) => ev.eval(e),
                            None => continue,
                        },
                    },
                    Some(other) => Err(Unsupported::at(
                        other.span().start,
                        "a JSX element as an attribute value needs JavaScript",
                    )),
                };
                // An attribute only JavaScript can compute is left out; the tag still renders.
                match value {
                    Ok(value) => attrs.push((key, value)),
                    Err(e) => dropped.push((key, e)),
                }
            }
            JSXAttributeItem::SpreadAttribute(s) => match ev.eval(&s.argument) {
                Ok(Value::Object(map)) => attrs.extend(map),
                Ok(_) => dropped.push((
                    "...".into(),
                    Unsupported::at(s.span.start, "only objects can be spread into attributes"),
                )),
                Err(e) => dropped.push(("...".into(), e)),
            },
        }
    }
    Ok(Tag {
        name,
        attrs,
        self_closing,
        dropped,
    })
}

fn element_name(name: &JSXElementName<'_>) -> String {
    match name {
        JSXElementName::Identifier(id) => id.name.to_string(),
        JSXElementName::IdentifierReference(id) => id.name.to_string(),
        JSXElementName::NamespacedName(n) => format!("{}:{}", n.namespace.name, n.name.name),
        JSXElementName::MemberExpression(m) => m.to_string(),
        JSXElementName::ThisExpression(_) => "this".into(),
    }
}

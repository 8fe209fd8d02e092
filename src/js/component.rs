//! Components a page defines itself (`export const Highlight = ({children, color}) => …`),
//! compiled once into HTML pieces with holes for their props, so they render without running
//! JavaScript; and the CSS helpers JSX `style={{…}}` objects need.

use super::*;

/// A component defined in the page itself (`export const Highlight = ({children, color}) =>
/// (<span style={{color}}>{children}</span>)`), compiled to HTML pieces so it renders without
/// running JavaScript. Event handlers are dropped: the page is static.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalComponent {
    pub name: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Html(String),
    /// An attribute whose value depends on props: `name="..."`.
    Attr(String, AttrValue),
    /// `{prop}` in children, escaped.
    Text(String),
    Children,
}

#[derive(Debug, Clone, PartialEq)]
enum AttrValue {
    Expr(String),
    Style(Vec<(String, StyleValue)>),
}

#[derive(Debug, Clone, PartialEq)]
enum StyleValue {
    Literal(String),
    Prop(String),
}

/// Reads `export const Name = (props) => <jsx/>` (or a function returning JSX).
pub fn compile_component(statement: &str) -> Result<LocalComponent, Unsupported> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, statement, SourceType::tsx()).parse();
    if let Some(e) = parsed.errors.first() {
        return Err(syntax_error(std::slice::from_ref(e)));
    }
    let not_component = || Unsupported::at(0, "not a component definition");
    let declaration = parsed
        .program
        .body
        .iter()
        .find_map(|s| match s {
            Statement::ExportNamedDeclaration(e) => match &e.declaration {
                Some(oxc_ast::ast::Declaration::VariableDeclaration(v)) => v.declarations.first(),
                _ => None,
            },
            Statement::VariableDeclaration(v) => v.declarations.first(),
            _ => None,
        })
        .ok_or_else(not_component)?;
    let BindingPatternKind::BindingIdentifier(id) = &declaration.id.kind else {
        return Err(not_component());
    };
    let init = declaration
        .init
        .as_ref()
        .ok_or_else(not_component)?
        .get_inner_expression();
    let Expression::ArrowFunctionExpression(arrow) = init else {
        return Err(not_component());
    };
    let returned = arrow
        .body
        .statements
        .iter()
        .find_map(|s| match s {
            Statement::ExpressionStatement(e) if arrow.expression => Some(&e.expression),
            Statement::ReturnStatement(r) => r.argument.as_ref(),
            _ => None,
        })
        .ok_or_else(not_component)?;
    let Expression::JSXElement(element) = returned.get_inner_expression() else {
        return Err(Unsupported::at(
            returned.span().start,
            "the component does not return a JSX element",
        ));
    };
    let mut pieces = Vec::new();
    compile_element(element, &mut pieces)?;
    Ok(LocalComponent {
        name: id.name.to_string(),
        pieces: merge_html(pieces),
    })
}

fn compile_element(el: &JSXElement<'_>, out: &mut Vec<Piece>) -> Result<(), Unsupported> {
    let name = element_name(&el.opening_element.name);
    if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Err(Unsupported::at(
            el.span.start,
            format!("`<{name}>` inside a page component is not supported"),
        ));
    }
    out.push(Piece::Html(format!("<{name}")));
    for item in &el.opening_element.attributes {
        let JSXAttributeItem::Attribute(a) = item else {
            return Err(Unsupported::at(item.span().start, "spread attributes"));
        };
        let JSXAttributeName::Identifier(key) = &a.name else {
            continue;
        };
        let key = match key.name.as_str() {
            "className" => "class".to_string(),
            k if k.starts_with("on") => continue, // event handlers need a browser runtime
            k => k.to_string(),
        };
        match &a.value {
            None => out.push(Piece::Html(format!(" {key}"))),
            Some(JSXAttributeValue::StringLiteral(s)) => out.push(Piece::Html(format!(
                " {key}=\"{}\"",
                crate::html::escape(&s.value)
            ))),
            Some(JSXAttributeValue::ExpressionContainer(c)) => {
                let Some(expr) = c.expression.as_expression() else {
                    continue;
                };
                let value = match (key.as_str(), expr.get_inner_expression()) {
                    ("style", Expression::ObjectExpression(o)) => {
                        AttrValue::Style(compile_style(o)?)
                    }
                    _ => AttrValue::Expr(expression_source(expr, c.span.start)?),
                };
                out.push(Piece::Attr(key, value));
            }
            Some(other) => return Err(Unsupported::at(other.span().start, "attribute value")),
        }
    }
    out.push(Piece::Html(">".into()));
    for child in &el.children {
        match child {
            JSXChild::Text(t) => {
                let text = collapse_jsx_text(&t.value);
                if !text.is_empty() {
                    out.push(Piece::Html(crate::html::escape(&text)));
                }
            }
            JSXChild::Element(e) => compile_element(e, out)?,
            JSXChild::ExpressionContainer(c) => match c.expression.as_expression() {
                Some(Expression::Identifier(id)) if id.name == "children" => {
                    out.push(Piece::Children)
                }
                Some(Expression::Identifier(id)) => out.push(Piece::Text(id.name.to_string())),
                Some(other) => {
                    return Err(Unsupported::at(
                        other.span().start,
                        "only `{children}` and `{prop}` are supported in a page component's body",
                    ));
                }
                None => {}
            },
            other => return Err(Unsupported::at(other.span().start, "fragments and spreads")),
        }
    }
    out.push(Piece::Html(format!("</{name}>")));
    Ok(())
}

/// Props are plain identifiers; a literal is kept as its text so `render` can re-evaluate it.
fn expression_source(expr: &Expression<'_>, offset: u32) -> Result<String, Unsupported> {
    match expr.get_inner_expression() {
        Expression::Identifier(id) => Ok(id.name.to_string()),
        Expression::StringLiteral(s) => Ok(format!("'{}'", s.value.replace('\'', "\\'"))),
        Expression::NumericLiteral(n) => Ok(to_text(&number(n.value))),
        _ => Err(Unsupported::at(
            offset,
            "only props and literals are supported in a page component's attributes",
        )),
    }
}

fn compile_style(
    object: &oxc_ast::ast::ObjectExpression<'_>,
) -> Result<Vec<(String, StyleValue)>, Unsupported> {
    let mut rules = Vec::new();
    for prop in &object.properties {
        let ObjectPropertyKind::ObjectProperty(p) = prop else {
            return Err(Unsupported::at(prop.span().start, "spread in style"));
        };
        let key = property_key(&p.key)
            .ok_or_else(|| Unsupported::at(p.span.start, "computed style key"))?;
        let value = match p.value.get_inner_expression() {
            Expression::Identifier(id) => StyleValue::Prop(id.name.to_string()),
            other => StyleValue::Literal(css_value(&key, &Evaluator::new(&NoEnv).eval(other)?)),
        };
        rules.push((kebab_case(&key), value));
    }
    Ok(rules)
}

impl LocalComponent {
    /// The component's HTML for these props and this (already rendered) body.
    pub fn render(&self, props: &Map<String, Value>, children: &str) -> String {
        let prop_text = |name: &str| {
            props
                .get(name)
                .map(|v| match v {
                    Value::Null => String::new(),
                    v => to_text(v),
                })
                .unwrap_or_default()
        };
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Html(h) => out.push_str(h),
                Piece::Children => out.push_str(children),
                Piece::Text(name) => out.push_str(&crate::html::escape(&prop_text(name))),
                Piece::Attr(key, AttrValue::Expr(src)) => {
                    let value = match string_literal_source(src) {
                        Some(lit) => lit,
                        None => prop_text(src),
                    };
                    out.push_str(&format!(" {key}=\"{}\"", crate::html::escape(&value)));
                }
                Piece::Attr(key, AttrValue::Style(rules)) => {
                    let css: Vec<String> = rules
                        .iter()
                        .filter_map(|(k, v)| {
                            let value = match v {
                                StyleValue::Literal(l) => l.clone(),
                                StyleValue::Prop(p) => props
                                    .get(p)
                                    .map(|v| css_value(p, v))
                                    .filter(|s| !s.is_empty())?,
                            };
                            Some(format!("{k}: {value}"))
                        })
                        .collect();
                    out.push_str(&format!(
                        " {key}=\"{}\"",
                        crate::html::escape(&css.join("; "))
                    ));
                }
            }
        }
        out
    }
}

fn string_literal_source(src: &str) -> Option<String> {
    let inner = src.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("\\'", "'"))
}

fn merge_html(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Html(prev)), Piece::Html(next)) => prev.push_str(&next),
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// JSX text: lines are trimmed and joined with a space, blank lines vanish (React's rule).
fn collapse_jsx_text(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A CSS value from a style object entry: numbers get `px` unless the property is unitless.
pub fn css_value(key: &str, value: &Value) -> String {
    const UNITLESS: [&str; 8] = [
        "opacity",
        "zIndex",
        "fontWeight",
        "lineHeight",
        "flex",
        "flexGrow",
        "flexShrink",
        "order",
    ];
    match value {
        Value::Number(n) if !UNITLESS.contains(&key) && n.as_f64() != Some(0.0) => {
            format!("{n}px")
        }
        Value::Null => String::new(),
        v => to_text(v),
    }
}

pub fn kebab_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

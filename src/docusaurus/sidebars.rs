//! `sidebars.{js,ts,json}` → a [`SidebarSpec`], the sidebars as written, for navigation to
//! resolve against the pages.

use std::path::Path;

use oxc_allocator::Allocator;
use oxc_ast::ast::{Expression, ObjectPropertyKind};
use oxc_span::GetSpan;
use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::js::{self};

use super::{Module, Source, exported};
use crate::sidebar_spec::{Position, SidebarSpec, SpecItem, SpecLink};

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
                .with_code(crate::codes::Code::Sidebars)
            })?
    };
    let source = Source::read(&path, root)?;
    let allocator = Allocator::default();
    let program;
    let (module, exported) = if path.extension().is_some_and(|e| e == "json") {
        // `sidebars.json` (and every `versioned_sidebars/*.json`) is one JSON value.
        let value = source.parse_expression(&allocator)?;
        (Module::empty(), &*allocator.alloc(value))
    } else {
        program = source.parse(&allocator)?;
        let mut module = Module::new(&program);
        let exported = exported(&program, &mut module.consts).ok_or_else(|| {
            Diagnostic::error(&source.display, "no exported sidebars object found")
                .with_code(crate::codes::Code::Sidebars)
        })?;
        (module, exported)
    };
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
        if self.module.depth.get() > 32 {
            return Vec::new();
        }
        self.module.depth.set(self.module.depth.get() + 1);
        let items = self.items_here(expr);
        self.module.depth.set(self.module.depth.get() - 1);
        items
    }

    fn items_here(&mut self, expr: &'a Expression<'a>) -> Vec<SpecItem> {
        match self.module.resolve(expr) {
            // A nested array is a slice of items spliced in place (Docusaurus flattens them).
            Expression::ArrayExpression(_) => self
                .module
                .elements(expr)
                .into_iter()
                .flat_map(|e| match self.module.resolve(e) {
                    Expression::ArrayExpression(_) => self.items(e),
                    // `{ 'A': [...], 'B': [...] }` in a list: every key is a category.
                    Expression::ObjectExpression(_) if self.module.get(e, "type").is_none() => {
                        self.items(e)
                    }
                    _ => self.item(e).into_iter().collect(),
                })
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
            "html" => {
                self.skip(resolved, "`html` sidebar items are not shown by docgen");
                None
            }
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

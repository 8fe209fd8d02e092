//! Shortcodes: JSX-style components in Markdown (`<Tabs>`, `<Figure src=".."/>`), rendered by
//! Tera templates named after the tag (`templates/shortcodes/Tabs.html`).
//!
//! The MDX stage replaces each component tag with a marker and records an [`Instance`] (its
//! name and evaluated attributes). Markdown renders the text between markers as usual; this
//! stage then replaces every marker pair, innermost first, with the component's output, the
//! rendered HTML between the markers being its `body`.

use serde::Serialize;
use serde_json::{Map, Value};
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::js::LocalComponent;
use crate::markers::{Instance, Marker, Renderer, next_marker};
use crate::theme::Theme;

pub const DOC_CARD_LIST_TEMPLATE: &str = "shortcodes/DocCardList.html";
/// Stands for `<DocCardList/>` until the page is rendered.
pub const DOC_CARD_LIST_MARKER: &str = "<!--docgen:doc-card-list-->";

/// A component nested directly in another, as its template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Child {
    pub name: String,
    pub attrs: Map<String, Value>,
    /// The child's rendered content.
    pub body: String,
    /// The child's own output.
    pub html: String,
    /// `value` attribute (tabs and similar choosers).
    pub value: String,
    /// `label` attribute, else the label given in the parent's `values`, else the value.
    pub label: String,
    /// The one child chosen first: the parent's `defaultValue`, else the child marked
    /// `default`, else the first.
    pub selected: bool,
}

/// What rendering needs besides the instances.
pub struct PageContext<'a> {
    pub file: &'a std::path::Path,
    pub source: &'a str,
    /// Relative path from the page to the site root.
    pub root: &'a str,
    pub theme: &'a Theme,
    pub locals: &'a [LocalComponent],
    /// Output of each partial instance, by instance index.
    pub partials: &'a [(usize, String)],
}

struct Frame {
    index: Option<usize>,
    buf: String,
    children: Vec<Child>,
}

/// Replaces the markers in `html` with the components' output.
pub fn expand(
    html: String,
    instances: &[Instance],
    page: &PageContext<'_>,
) -> (String, Vec<Diagnostic>) {
    if instances.is_empty() {
        return (html, Vec::new());
    }
    let mut diags = Vec::new();
    let mut stack = vec![Frame {
        index: None,
        buf: String::with_capacity(html.len()),
        children: Vec::new(),
    }];
    let mut rest = html.as_str();
    while let Some((before, marker, after)) = next_marker(rest, instances.len()) {
        top(&mut stack).buf.push_str(before);
        rest = after;
        match marker {
            Marker::Open(i) => stack.push(Frame {
                index: Some(i),
                buf: String::new(),
                children: Vec::new(),
            }),
            Marker::Close(i) => {
                if !stack.iter().any(|f| f.index == Some(i)) {
                    continue;
                }
                while let Some(frame) = stack.pop() {
                    let done = frame.index == Some(i);
                    finish(frame, &mut stack, instances, page, &mut diags);
                    if done {
                        break;
                    }
                }
            }
        }
    }
    top(&mut stack).buf.push_str(rest);
    while stack.len() > 1 {
        if let Some(frame) = stack.pop() {
            finish(frame, &mut stack, instances, page, &mut diags);
        }
    }
    let out = stack.pop().map(|f| f.buf).unwrap_or_default();
    (out, diags)
}

fn top(stack: &mut Vec<Frame>) -> &mut Frame {
    if stack.is_empty() {
        stack.push(Frame {
            index: None,
            buf: String::new(),
            children: Vec::new(),
        });
    }
    let last = stack.len() - 1;
    &mut stack[last]
}

fn finish(
    frame: Frame,
    stack: &mut Vec<Frame>,
    instances: &[Instance],
    page: &PageContext<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(index) = frame.index else {
        return;
    };
    let instance = &instances[index];
    let body = if instance.unwrap {
        unwrap_paragraph(&frame.buf).to_string()
    } else {
        frame.buf
    };
    let html = match render(index, instance, &body, frame.children, page) {
        Ok(html) => html,
        Err(d) => {
            diags.push(d);
            body.clone()
        }
    };
    let parent = top(stack);
    parent.buf.push_str(&html);
    parent.children.push(Child {
        name: instance.name.clone(),
        attrs: instance.attrs.clone(),
        value: text_attr(&instance.attrs, "value"),
        label: text_attr(&instance.attrs, "label"),
        selected: false,
        body,
        html,
    });
}

fn render(
    index: usize,
    instance: &Instance,
    body: &str,
    mut children: Vec<Child>,
    page: &PageContext<'_>,
) -> Result<String, Diagnostic> {
    match &instance.renderer {
        Renderer::Unknown => Ok(body.to_string()),
        Renderer::Partial(_) => Ok(page
            .partials
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, html)| html.clone())
            .unwrap_or_default()),
        Renderer::Local(l) => Ok(page
            .locals
            .get(*l)
            .map(|c| c.render(&instance.attrs, body))
            .unwrap_or_default()),
        // The cards come from the sidebar, which exists only once every page is read: the
        // template is rendered with the page (see `pages.rs`).
        Renderer::Template(template) if template == DOC_CARD_LIST_TEMPLATE => {
            Ok(DOC_CARD_LIST_MARKER.to_string())
        }
        Renderer::Template(template) => {
            choose(&instance.attrs, &mut children);
            let mut ctx = Context::new();
            for (key, value) in &instance.attrs {
                ctx.insert(key.clone(), value);
            }
            ctx.insert("attrs", &instance.attrs);
            ctx.insert("body", body);
            ctx.insert("children", &children);
            ctx.insert("root", page.root);
            // Unique in the page, for ids and ARIA references.
            ctx.insert("uid", &format!("dgc-{index}"));
            let rendered = page
                .theme
                .render(template, &ctx)
                .map(|h| h.trim_end().to_string());
            rendered.map_err(|d| {
                Diagnostic::error(
                    page.file,
                    format!(
                        "component `<{}>` failed to render: {}",
                        instance.name, d.message
                    ),
                )
                .with_code(crate::codes::Code::Component)
                .at(page.source, instance.line, instance.column)
                .with_hint(match d.line {
                    0 => format!("the template is {}", d.file.display()),
                    line => format!("in {}:{line}:{}", d.file.display(), d.column),
                })
                // In a Docusaurus project the component is often the project's own, with other
                // props than docgen's template of that name: its content is shown instead.
                .with_kind(crate::diagnostics::Kind::NeedsJavaScript)
            })
        }
    }
}

/// Labels from the parent's `values` and the first selection (see [`Child`]).
fn choose(attrs: &Map<String, Value>, children: &mut [Child]) {
    if let Some(Value::Array(values)) = attrs.get("values") {
        for child in children.iter_mut() {
            let given = values.iter().find(|v| {
                v.get("value").map(crate::js::to_text).as_deref() == Some(child.value.as_str())
            });
            if child.label.is_empty()
                && let Some(label) = given.and_then(|v| v.get("label"))
            {
                child.label = crate::js::to_text(label);
            }
        }
    }
    for child in children.iter_mut() {
        if child.label.is_empty() {
            child.label = child.value.clone();
        }
    }
    let wanted = attrs.get("defaultValue").map(crate::js::to_text);
    let index = wanted
        .and_then(|w| children.iter().position(|c| c.value == w))
        .or_else(|| {
            children
                .iter()
                .position(|c| c.attrs.get("default").is_some_and(crate::js::truthy))
        })
        .unwrap_or(0);
    if let Some(child) = children.get_mut(index) {
        child.selected = true;
    }
}

fn text_attr(attrs: &Map<String, Value>, key: &str) -> String {
    attrs.get(key).map(crate::js::to_text).unwrap_or_default()
}

fn unwrap_paragraph(html: &str) -> &str {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markers::{close_marker, defuse_markers, open_marker};
    use serde_json::json;

    fn instance(name: &str, attrs: Value, renderer: Renderer) -> Instance {
        Instance {
            name: name.into(),
            attrs: attrs.as_object().cloned().unwrap_or_default(),
            renderer,
            unwrap: false,
            line: 1,
            column: 1,
        }
    }

    fn theme(dir: &std::path::Path, templates: &[(&str, &str)]) -> Theme {
        for (name, text) in templates {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Theme::load(dir, dir).unwrap()
    }

    #[test]
    fn nested_markers_render_innermost_first_with_children() {
        let dir = tempfile::tempdir().unwrap();
        let theme = theme(
            dir.path(),
            &[(
                "shortcodes/Box.html",
                "<box n=\"{{ children | length }}\"{% for c in children %} c{{ loop.index }}=\"{{ c.label }}{% if c.selected %}*{% endif %}\"{% endfor %}>{{ body | safe }}</box>",
            )],
        );
        let instances = vec![
            instance(
                "Box",
                json!({"defaultValue": "b"}),
                Renderer::Template("shortcodes/Box.html".into()),
            ),
            instance("Item", json!({"value": "a"}), Renderer::Unknown),
            instance(
                "Item",
                json!({"value": "b", "label": "Bee"}),
                Renderer::Unknown,
            ),
        ];
        let html = format!(
            "<p>x</p>\n{}\n{}\n<p>one</p>\n{}\n{}\n<p>two</p>\n{}\n{}\n",
            open_marker(0, true),
            open_marker(1, true),
            close_marker(1, true),
            open_marker(2, true),
            close_marker(2, true),
            close_marker(0, true)
        );
        let page = PageContext {
            file: std::path::Path::new("p.md"),
            source: "",
            root: "../",
            theme: &theme,
            locals: &[],
            partials: &[],
        };
        let (out, diags) = expand(html, &instances, &page);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "<p>x</p>\n<box n=\"2\" c1=\"a\" c2=\"Bee*\"><p>one</p>\n<p>two</p>\n</box>"
        );
    }

    #[test]
    fn marker_look_alikes_are_defused() {
        assert_eq!(defuse_markers("plain <!-- note -->"), "plain <!-- note -->");
        let forged = format!("{} x {}", open_marker(0, true), close_marker(3, false));
        let defused = defuse_markers(&forged);
        assert!(next_marker(&defused, 10).is_none(), "{defused}");
    }

    #[test]
    fn inline_markers_unknown_components_and_stray_markers() {
        let dir = tempfile::tempdir().unwrap();
        let theme = theme(dir.path(), &[]);
        let instances = vec![instance("Nope", json!({}), Renderer::Unknown)];
        let html = format!(
            "<p>a {}b{} c \u{F8F0}7\u{F8F2} <!--dgc:x--></p>",
            open_marker(0, false),
            close_marker(0, false)
        );
        let page = PageContext {
            file: std::path::Path::new("p.md"),
            source: "",
            root: "",
            theme: &theme,
            locals: &[],
            partials: &[],
        };
        let (out, _) = expand(html, &instances, &page);
        assert_eq!(out, "<p>a b c \u{F8F0}7\u{F8F2} <!--dgc:x--></p>");
    }
}

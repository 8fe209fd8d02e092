//! Static evaluation of JavaScript literals, tags and page components.

use super::*;
use serde_json::json;

struct Props;
impl Env for Props {
    fn ident(&self, name: &str) -> Option<Value> {
        (name == "img").then(|| json!("../img/x.png"))
    }
    fn call(&self, callee: &str, args: &[Value]) -> Option<Result<Value, String>> {
        (callee == "useBaseUrl").then(|| Ok(json!(format!("/base/{}", to_text(&args[0])))))
    }
}

#[test]
fn literals_arrays_objects_and_templates() {
    let v = eval_source(
        "[{label: 'A', value: \"a\"}, {'label': `B${1 + 1}`, value: 2.5, ok: !false}]",
        &NoEnv,
    )
    .unwrap();
    assert_eq!(
        v,
        json!([{"label": "A", "value": "a"}, {"label": "B2", "value": 2.5, "ok": true}])
    );
    assert_eq!(
        eval_source("process.env.BASE_URL || '/x/'", &NoEnv).unwrap(),
        json!("/x/")
    );
    let year = eval_source("`© ${new Date().getFullYear()} Me`", &NoEnv).unwrap();
    assert_eq!(year, json!(format!("© {} Me", crate::date::current_year())));
    assert!(crate::date::current_year() >= 2026);
}

#[test]
fn unknown_identifiers_and_calls_are_unsupported_with_offset() {
    let err = eval_source("{a: 1, b: compute()}", &NoEnv).unwrap_err();
    assert_eq!(err.offset, 10);
    assert!(err.message.contains("compute"));
    assert_eq!(
        eval_source("require('x').default", &Props)
            .unwrap_err()
            .offset,
        0
    );
}

#[test]
fn tags_are_parsed_with_typed_attributes() {
    let tag = parse_tag(
        "<Tabs groupId=\"os\" defaultValue='a' lazy count={3}\n  values={[\n    {label: 'A', value: 'a'},\n  ]} src={useBaseUrl('img/y.png')} pic={img}>",
        &Props,
    )
    .unwrap();
    assert_eq!(tag.name, "Tabs");
    assert!(!tag.self_closing);
    let attrs: Map<String, Value> = tag.attrs.into_iter().collect();
    assert_eq!(attrs["groupId"], json!("os"));
    assert_eq!(attrs["lazy"], json!(true));
    assert_eq!(attrs["count"], json!(3));
    assert_eq!(attrs["values"], json!([{"label": "A", "value": "a"}]));
    assert_eq!(attrs["src"], json!("/base/img/y.png"));
    assert_eq!(attrs["pic"], json!("../img/x.png"));
    let tag = parse_tag("<YouTube id=\"abc\" />", &NoEnv).unwrap();
    assert!(tag.self_closing);
    assert!(parse_tag("<Broken a={>", &NoEnv).is_err());
}

#[test]
fn exported_constants_are_read_when_literal() {
    let found = exported_constants(
        "export const tabs = [{label: 'A', value: 'a'}], n = 2, f = () => 1;",
        &NoEnv,
    );
    assert_eq!(
        found,
        vec![
            ("tabs".to_string(), json!([{"label": "A", "value": "a"}])),
            ("n".to_string(), json!(2)),
        ]
    );
}

#[test]
fn page_components_compile_to_html() {
    let c = compile_component(
        "export const Highlight = ({children, color}) => (\n  <span\n    style={{\n      backgroundColor: color,\n      padding: '10px',\n      borderRadius: 20,\n    }}\n    onClick={() => { alert(`x ${color}`); }}>\n    {children}\n  </span>\n);",
    )
    .unwrap();
    assert_eq!(c.name, "Highlight");
    let props: Map<String, Value> = [("color".to_string(), json!("#25c2a0"))]
        .into_iter()
        .collect();
    assert_eq!(
        c.render(&props, "<em>hi</em>"),
        "<span style=\"background-color: #25c2a0; padding: 10px; border-radius: 20px\"><em>hi</em></span>"
    );
    assert!(compile_component("export const x = 5;").is_err());
}

//! Sidebars, reading order and category pages from small page sets.

use super::*;
use crate::discover::CategoryMeta;

fn page(id: &str, dir: &str, pos: Option<f64>) -> NavPage {
    NavPage {
        id: id.into(),
        route: id.into(),
        dir: dir.into(),
        file_stem: id.rsplit('/').next().unwrap().into(),
        label: id.into(),
        position: pos,
        description: None,
        is_folder_index: false,
        pagination_prev: None,
        pagination_next: None,
    }
}

fn folder(rel: &str, label: &str, pos: Option<f64>) -> CategoryFolder {
    CategoryFolder {
        rel: rel.into(),
        meta: CategoryMeta {
            label: Some(label.into()),
            position: pos,
            ..CategoryMeta::default()
        },
    }
}

#[test]
fn sorts_by_position_then_name() {
    let pages = [
        page("b", "", None),
        page("a", "", None),
        page("z", "", Some(1.0)),
        page("g/x", "g", Some(2.0)),
        page("g/y", "g", Some(1.0)),
    ];
    let folders = vec![folder("", "", None), folder("g", "Grup", Some(2.0))];
    let (nav, diags) = build(
        &pages.iter().collect::<Vec<_>>(),
        &folders,
        "content",
        "",
        None,
        CategoryDefaults::default(),
    );
    assert!(diags.is_empty());
    let labels: Vec<&str> = nav.sidebars[0].iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, vec!["z", "Grup", "a", "b"]);
    let order: Vec<&str> = nav.order.iter().map(|l| l.route.as_str()).collect();
    assert_eq!(order, vec!["z", "g/y", "g/x", "a", "b"]);
    assert_eq!(nav.breadcrumbs("g/x")[0].label, "Grup");
    let (prev, next) = nav.neighbours("g/x", None, &|_| None);
    assert_eq!(prev.unwrap().route, "g/y");
    assert_eq!(next.unwrap().route, "a");
}

#[test]
fn generated_index_and_missing_doc_link() {
    let mut f = folder("g", "Grup Satu", None);
    f.meta.link = Some(CategoryLink::GeneratedIndex {
        title: None,
        description: Some("d".into()),
        slug: None,
        keywords: None,
        image: None,
    });
    let mut bad = folder("h", "H", None);
    bad.meta.link = Some(CategoryLink::Doc { id: "nope".into() });
    let pages = [page("g/x", "g", None), page("h/y", "h", None)];
    let (nav, diags) = build(
        &pages.iter().collect::<Vec<_>>(),
        &[folder("", "", None), f, bad],
        "content",
        "",
        None,
        CategoryDefaults::default(),
    );
    assert_eq!(nav.category_pages[0].route, "category/grup-satu");
    assert_eq!(nav.order[0].route, "category/grup-satu");
    assert_eq!(diags.len(), 1);
    assert!(diags[0].message.contains("`nope`"));
}

#[test]
fn pruned_sidebar_keeps_the_path_to_the_page() {
    let pages = [page("g/x", "g", None), page("h/y", "h", None)];
    let (nav, _) = build(
        &pages.iter().collect::<Vec<_>>(),
        &[
            folder("", "", None),
            folder("g", "G", None),
            folder("h", "H", None),
        ],
        "c",
        "",
        None,
        CategoryDefaults::default(),
    );
    let view = nav.sidebar_for(Some(0), &["category:g".to_string()], false);
    assert_eq!(view[0].children.len(), 1);
    assert!(view[1].children.is_empty());
    assert_eq!(nav.sidebar_for(Some(0), &[], true)[1].children.len(), 1);
}

#[test]
fn generated_index_pages_with_the_same_label_are_numbered() {
    let generated_folder = |rel: &str| CategoryFolder {
        rel: rel.into(),
        meta: CategoryMeta {
            label: Some("Panduan".into()),
            link: Some(CategoryLink::GeneratedIndex {
                title: None,
                description: None,
                slug: None,
                keywords: None,
                image: None,
            }),
            ..CategoryMeta::default()
        },
    };
    let routes: Vec<String> = generated_index_routes(
        &[generated_folder("a"), generated_folder("b")],
        "docs",
        None,
    )
    .into_iter()
    .map(|g| g.route)
    .collect();
    assert_eq!(routes, ["docs/category/panduan", "docs/category/panduan-1"]);
}

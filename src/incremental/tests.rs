//! What an edit re-renders (dependency tracking) on a kept site, and that a broken edit keeps
//! the last good state.

use std::path::{Path, PathBuf};

use super::{LiveSite, Update};
use crate::build::BuildOptions;
use crate::output::Collect;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(options: &BuildOptions) -> LiveSite {
    match LiveSite::build(options) {
        Ok((site, _, _)) => site,
        Err(f) => panic!("{:?}", f.diagnostics),
    }
}

/// A copy of the `basic` fixture in a temp dir, loaded as a project.
struct Fixture {
    tmp: tempfile::TempDir,
    site: LiveSite,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&fixture("basic"), tmp.path());
        let options = BuildOptions {
            root: tmp.path().to_path_buf(),
            ..BuildOptions::default()
        };
        Fixture {
            tmp,
            site: load(&options),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn edit(&self, rel: &str, f: impl Fn(String) -> String) -> PathBuf {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, f(text)).unwrap();
        path
    }

    fn apply(&mut self, changed: &[PathBuf]) -> (Update, Vec<(String, Vec<u8>)>) {
        let collect = Collect::default();
        let update = self.site.apply(changed, &collect).unwrap_or_else(|f| {
            panic!(
                "{}",
                f.diagnostics
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let files = published(&self.site, &update, collect);
        (update, files)
    }
}

/// What serving the site after `update` shows of the paths it changed: the held files written
/// into `collect`, and the pages rendered on request as a request renders them now.
fn published(site: &LiveSite, update: &Update, collect: Collect) -> Vec<(String, Vec<u8>)> {
    let mut files = collect.take();
    for key in &update.written {
        if !files.iter().any(|(path, _)| path == key) {
            let page = site
                .page(key)
                .map(|p| p.unwrap_or_else(|d| panic!("{key}: {d:?}")));
            files.push((
                key.clone(),
                page.unwrap_or_else(|| panic!("{key} is served")),
            ));
        }
    }
    files.sort();
    files
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

const ALL_PAGES: [&str; 10] = [
    "404.html",
    "Panduan/Lanjut/index.html",
    "Panduan/Memulai/index.html",
    "Referensi/1.2-versi/index.html",
    "Referensi/2024-01-01-rilis/index.html",
    "Referensi/admonitions/index.html",
    "Referensi/code/index.html",
    "category/panduan/index.html",
    "index.html",
    "sitemap.xml",
];

#[test]
fn a_body_edit_rerenders_only_that_page() {
    let mut f = Fixture::new();
    let path = f.edit("content/01-Panduan/1-Memulai.md", |t| {
        t.replace("Selesai.", "Selesai, kali ini sungguhan.")
    });
    let (update, files) = f.apply(&[path]);
    assert_eq!(update.written, vec!["Panduan/Memulai/index.html"]);
    assert!(!update.full && !update.css_only);
    let html = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(html.contains("Selesai, kali ini sungguhan."));
}

#[test]
fn a_title_change_rerenders_the_pages_that_show_it() {
    let mut f = Fixture::new();
    let path = f.edit("content/01-Panduan/1-Memulai.md", |t| {
        t.replace("title: Memulai", "title: Mulai Di Sini")
    });
    let (update, files) = f.apply(&[path]);
    assert!(!update.full);
    assert_eq!(update.written, ALL_PAGES, "every sidebar shows the title");
    let lanjut = files
        .iter()
        .find(|(p, _)| p == "Panduan/Lanjut/index.html")
        .unwrap();
    assert!(
        String::from_utf8_lossy(&lanjut.1).contains("Mulai Di Sini"),
        "next link and sidebar updated"
    );
}

#[test]
fn a_template_edit_rerenders_every_page_and_a_stylesheet_edit_swaps_css() {
    let mut f = Fixture::new();
    let template = f.edit("templates/page.html", |_| {
        "{% extends \"base.html\" %}{% block content %}<p id=\"x\">{{ page.title }}</p>{% endblock content %}".into()
    });
    let (update, files) = f.apply(&[template]);
    assert_eq!(update.written, ALL_PAGES);
    assert!(
        String::from_utf8_lossy(
            &files
                .iter()
                .find(|(p, _)| p == "Referensi/code/index.html")
                .unwrap()
                .1
        )
        .contains("<p id=\"x\">Kode</p>")
    );

    let mut f = Fixture::new();
    let css = f.edit("static/theme/docgen.css", |_| {
        ":root { --dg-bg: #fff; }".into()
    });
    let (update, _) = f.apply(std::slice::from_ref(&css));
    assert!(
        update.full,
        "a new file in static/ changes the site's structure"
    );
    let css = f.edit("static/theme/docgen.css", |_| {
        ":root { --dg-bg: #eee; }".into()
    });
    let (update, files) = f.apply(&[css]);
    assert!(update.css_only, "{update:?}");
    assert_eq!(update.written, vec!["theme/docgen.css"]);
    assert!(String::from_utf8_lossy(&files[0].1).starts_with(":root { --dg-bg: #eee; }"));
}

#[test]
fn shortcode_templates_and_partials_rebuild_the_pages_that_use_them() {
    let mut f = Fixture::new();
    let page = f.edit("content/02-Referensi/code.md", |t| {
        format!("{t}\n\n<Sapa nama=\"Budi\">hai</Sapa>\n")
    });
    let template = f.edit("templates/shortcodes/Sapa.html", |_| {
        "<b class=\"sapa\">{{ nama }}: {{ body | safe }}</b>".into()
    });
    let (update, files) = f.apply(&[page, template]);
    assert!(update.full, "a new shortcode changes how Markdown renders");
    let code = |files: &[(String, Vec<u8>)]| {
        String::from_utf8_lossy(
            &files
                .iter()
                .find(|(p, _)| p == "Referensi/code/index.html")
                .expect("page written")
                .1,
        )
        .into_owned()
    };
    assert!(code(&files).contains("<b class=\"sapa\">Budi: hai</b>"));

    let template = f.edit("templates/shortcodes/Sapa.html", |t| {
        t.replace("<b", "<i").replace("</b>", "</i>")
    });
    let (update, files) = f.apply(&[template]);
    assert!(update.full);
    assert!(code(&files).contains("<i class=\"sapa\">Budi: hai</i>"));
}

#[test]
fn docusaurus_config_and_sidebars_edits_rebuild_everything() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("docusaurus"), tmp.path());
    let options = BuildOptions {
        root: tmp.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut project = load(&options);
    let apply = |project: &mut LiveSite, path: &Path| {
        let collect = Collect::default();
        let update = project
            .apply(&[path.to_path_buf()], &collect)
            .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        let files = published(project, &update, collect);
        (update, files)
    };
    let page = |files: &[(String, Vec<u8>)], rel: &str| {
        String::from_utf8_lossy(&files.iter().find(|(p, _)| p == rel).expect(rel).1).into_owned()
    };

    let sidebars = tmp.path().join("sidebars.ts");
    let text = std::fs::read_to_string(&sidebars).unwrap();
    std::fs::write(&sidebars, text.replace("Referensi API", "Rujukan API")).unwrap();
    let (update, files) = apply(&mut project, &sidebars);
    assert!(update.full);
    assert!(page(&files, "dok/referensi/index.html").contains("Rujukan API"));

    let config = tmp.path().join("docusaurus.config.ts");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("title: 'Contoh'", "title: 'Contoh Baru'"),
    )
    .unwrap();
    let (update, files) = apply(&mut project, &config);
    assert!(update.full);
    assert!(page(&files, "dok/index.html").contains("Contoh Baru"));
}

#[test]
fn config_changes_and_removed_pages_rebuild_everything() {
    let mut f = Fixture::new();
    let config = f.edit("docgen.toml", |t| t.replace("Situs Uji", "Situs Baru"));
    let (update, files) = f.apply(&[config]);
    assert!(update.full);
    assert!(
        String::from_utf8_lossy(&files.iter().find(|(p, _)| p == "index.html").unwrap().1)
            .contains("Situs Baru")
    );

    let page = f.path("content/02-Referensi/code.md");
    std::fs::remove_file(&page).unwrap();
    let (update, files) = f.apply(&[page]);
    assert!(update.full);
    assert!(
        !files.iter().any(|(p, _)| p.starts_with("Referensi/code")),
        "removed page is gone"
    );
    let home = String::from_utf8_lossy(&files.iter().find(|(p, _)| p == "index.html").unwrap().1)
        .into_owned();
    assert!(
        !home.contains("Referensi/code"),
        "and gone from the sidebar"
    );
}

#[test]
fn editor_temp_files_do_nothing_and_broken_edits_keep_the_last_good_state() {
    let mut f = Fixture::new();
    let (update, files) = f.apply(&[f.path("content/01-Panduan/.1-Memulai.md.swp-gone")]);
    assert_eq!(update, Update::default());
    assert!(files.is_empty());

    let path = f.edit("content/01-Panduan/1-Memulai.md", |t| {
        t.replace("title: Memulai", "title: [rusak")
    });
    let collect = Collect::default();
    let failed = f
        .site
        .apply(std::slice::from_ref(&path), &collect)
        .unwrap_err();
    assert!(
        failed.diagnostics[0]
            .to_string()
            .contains("content/01-Panduan/1-Memulai.md:2:"),
        "{:?}",
        failed.diagnostics
    );
    assert!(collect.take().is_empty(), "nothing published");

    let path = f.edit("content/01-Panduan/1-Memulai.md", |t| {
        t.replace("title: [rusak", "title: Memulai lagi")
    });
    let (update, _) = f.apply(&[path]);
    assert!(
        update
            .written
            .contains(&"Panduan/Memulai/index.html".to_string())
    );
}

#[test]
fn on_a_big_site_a_title_change_rerenders_only_the_pages_that_show_it() {
    let tmp = tempfile::tempdir().unwrap();
    for cat in ["a", "b", "c"] {
        for i in 0..150 {
            let path = tmp.path().join(format!("content/{cat}/p{i:03}.md"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(
                &path,
                format!("---\nsidebar_position: {i}\n---\n# {cat} {i}\n\nteks\n"),
            )
            .unwrap();
        }
    }
    let options = BuildOptions {
        root: tmp.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut project = load(&options);
    let page = tmp.path().join("content/b/p010.md");
    std::fs::write(
        &page,
        "---\nsidebar_position: 10\n---\n# Judul Baru\n\nteks\n",
    )
    .unwrap();
    let collect = Collect::default();
    let update = project
        .apply(&[page], &collect)
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(!update.full);
    let written = update.written;
    assert!(written.contains(&"b/p010/index.html".to_string()));
    assert!(
        written.contains(&"b/p149/index.html".to_string()),
        "pages of the same (open) category show it"
    );
    assert!(
        !written
            .iter()
            .any(|w| w.starts_with("a/") || w.starts_with("c/")),
        "folded categories elsewhere do not"
    );
    // The pages, and the part pages outside `b` load when `b` is opened (the second item of
    // the sidebar).
    assert!(written.contains(&"theme/sidebar/0/1.js".to_string()));
    assert_eq!(written.len(), 151, "{written:?}");
    let files = published(&project, &Update { written, ..update }, collect);
    let file = |path: &str| {
        let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
        String::from_utf8_lossy(bytes).into_owned()
    };
    assert!(
        file("b/p011/index.html").contains("Judul Baru"),
        "the next page's sidebar and prev link updated"
    );
    assert!(file("theme/sidebar/0/1.js").contains("Judul Baru"));
}

/// `docgen build` renders most pages while it writes them and drops them (`content::Body`);
/// `serve` holds a few files and renders the other pages when they are asked for. Both must
/// show the same pages, titles taken from H1s and sidebars included.
#[test]
fn serve_shows_every_page_the_build_writes_as_the_build_writes_it() {
    for name in ["basic", "docusaurus-full"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixture(name), &root);
        let out = tmp.path().join("out");
        let options = BuildOptions {
            root: root.clone(),
            output: Some(out.clone()),
            ..BuildOptions::default()
        };
        let (site, held) = match LiveSite::build(&options) {
            Ok((site, files, _)) => (site, files),
            Err(f) => panic!("{name}: {:?}", f.diagnostics),
        };
        if let Err(f) = crate::build::build(&options) {
            panic!("{name}: {:?}", f.diagnostics);
        }
        let mut on_request = 0;
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            let path = entry.path().strip_prefix(&out).unwrap().to_string_lossy();
            if !path.ends_with(".html") {
                continue;
            }
            let built = std::fs::read(entry.path()).unwrap();
            let served = match held.iter().find(|(p, _)| *p == path) {
                Some((_, bytes)) => bytes.clone(),
                None => {
                    on_request += 1;
                    let page = site.page(&path).unwrap_or_else(|| panic!("{name}: {path}"));
                    page.unwrap_or_else(|d| panic!("{name}: {path}: {d:?}"))
                }
            };
            assert!(
                built == served,
                "{name}: {path} differs between build and serve"
            );
        }
        assert!(
            on_request >= 4,
            "{name}: {on_request} pages rendered on request"
        );
    }
}

/// The live site renders its pages on request, so the anchor check over every page waits for
/// the background check; from then on, an edit that breaks another page's link is refused.
#[test]
fn the_check_over_every_page_makes_edits_answer_for_links_from_other_pages() {
    let mut f = Fixture::new();
    let lanjut = "content/01-Panduan/2-Lanjut.md";
    let broken = f.edit(lanjut, |t| t.replace("{#bagian-dua}", "{#bagian-2}"));
    let (update, _) = f.apply(std::slice::from_ref(&broken));
    assert_eq!(
        update.written,
        ["Panduan/Lanjut/index.html"],
        "unchecked, only the page's own problems count"
    );

    let (load, routes) = f.site.streamed_routes();
    assert!(routes.len() >= 6, "{routes:?}");
    let facts = f.site.check_routes(&routes);
    assert_eq!(facts.len(), routes.len());
    let problems = f.site.add_checked(load, facts).expect("the same load");
    let error = problems
        .iter()
        .find(|d| d.is_error())
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(
        error.contains("content/01-Panduan/1-Memulai.md:8:36") && error.contains("bagian-dua"),
        "{problems:?}"
    );

    // Still broken: refused, with the link that breaks.
    let body_edit = f.edit(lanjut, |t| t.replace("Bagian Satu", "Bagian Kesatu"));
    let collect = Collect::default();
    let failed = f.site.apply(&[body_edit], &collect).unwrap_err();
    assert!(
        failed
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.to_string().contains("bagian-dua")),
        "{:?}",
        failed.diagnostics
    );
    assert!(collect.take().is_empty(), "nothing published");

    let fixed = f.edit(lanjut, |t| t.replace("{#bagian-2}", "{#bagian-dua}"));
    let (update, files) = f.apply(&[fixed]);
    let page = files
        .iter()
        .find(|(p, _)| p == "Panduan/Lanjut/index.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    assert!(
        page.contains("Bagian Kesatu"),
        "the refused edit shows once fixed"
    );
    assert!(!update.full);

    // A check over an earlier load of the site is stale.
    let config = f.edit("docgen.toml", |t| t.replace("Situs Uji", "Situs Baru"));
    let (update, _) = f.apply(&[config]);
    assert!(update.full);
    assert_eq!(f.site.add_checked(load, Vec::new()), None);
}

//! The rules a real Docusaurus project relies on, one small project each: built with the
//! binary, asserted on the parsed HTML and on the exact diagnostics (text and place).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use scraper::Html;

/// A Docusaurus project: `docusaurus.config.js` plus the given files.
struct Project {
    dir: tempfile::TempDir,
}

struct Run {
    _dir: tempfile::TempDir,
    ok: bool,
    stderr: String,
    out: PathBuf,
}

impl Project {
    fn new(config: &str, files: &[(&str, &str)]) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("docusaurus.config.js", config);
        for (rel, text) in files {
            write(rel, text);
        }
        Project { dir }
    }

    fn build(self) -> Run {
        let out = self.dir.path().join("build");
        let o = docgen(
            &["build", "--out", out.to_str().expect("utf-8")],
            self.dir.path(),
        );
        Run {
            _dir: self.dir,
            ok: o.status.success(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            out,
        }
    }
}

impl Run {
    fn page(&self, rel: &str) -> Html {
        let path = self.out.join(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), self.stderr));
        Html::parse_document(&text)
    }

    fn has(&self, rel: &str) -> bool {
        self.out.join(rel).exists()
    }

    /// The diagnostics, one line each (`warning: file:line:col: message`).
    fn lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| {
                ["warning[", "error[", "note["]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .collect()
    }

    fn assert_line(&self, expected: &str) {
        assert!(
            self.lines().contains(&expected),
            "expected the line\n  {expected}\nin\n{}",
            self.stderr
        );
    }
}

const CLASSIC: &str = "module.exports = { title: 'Uji', url: 'https://contoh.id', baseUrl: '/', presets: [['classic', { docs: { sidebarPath: false } }]] };";

fn classic_with(files: &[(&str, &str)]) -> Run {
    Project::new(CLASSIC, files).build()
}

#[test]
fn config_spreads_functions_presets_of_any_name_and_json_sidebars() {
    let config = r#"
const base = { title: 'Situs Uji', url: 'https://contoh.id', baseUrl: '/' };
const docs = { routeBasePath: 'panduan', sidebarPath: require.resolve('./sidebars.json') };
function createConfig() {
  return { ...base, presets: [[require.resolve('./preset-perusahaan'), { docs: { ...docs } }]] };
}
export default createConfig();
"#;
    let run = Project::new(
        config,
        &[
            ("docs/intro.md", "# Pengantar\n\nHalo.\n"),
            ("docs/b.md", "# Bagian B\n"),
            (
                "sidebars.json",
                r#"{ "utama": ["intro", [{ "type": "category", "label": "Bab", "items": ["b"] }]] }"#,
            ),
        ],
    )
    .build();
    assert!(run.ok, "{}", run.stderr);
    let intro = run.page("panduan/intro/index.html");
    assert!(text(one(&intro, "title")).contains("Situs Uji"));
    // The nested array is spliced into the sidebar.
    assert_eq!(
        texts(&intro, "#sidebar .sidebar-list a"),
        ["Pengantar", "Bagian B"]
    );
    assert!(
        text(one(&intro, "#sidebar")).contains("Bab"),
        "the category of the nested array"
    );
}

#[test]
fn a_config_without_an_object_warns_and_builds_with_the_defaults() {
    let run = Project::new(
        "module.exports = makeConfig();\n",
        &[("docs/a.md", "# A\n")],
    )
    .build();
    assert!(run.ok, "{}", run.stderr);
    run.assert_line("warning[docusaurus-config]: docusaurus.config.js:1:18: no configuration object found; docgen builds the site with Docusaurus' defaults");
    assert!(run.has("docs/a/index.html"));
}

#[test]
fn broken_anchors_follow_on_broken_anchors_and_the_docusaurus_version() {
    let page = (
        "docs/a.md",
        "# Ekosistem\n\n[atas](#ekosistem) dan [hilang](#tidak-ada)\n",
    );
    let version = |v: &str| {
        (
            "package.json",
            format!(r#"{{"dependencies": {{"@docusaurus/core": "{v}"}}}}"#),
        )
    };
    // 3.1 and later: a warning by default; the H1 keeps its id.
    let (pkg, json) = version("^3.5.2");
    let run = classic_with(&[page, (pkg, &json)]);
    assert!(run.ok, "{}", run.stderr);
    run.assert_line(
        "warning[broken-anchor]: docs/a.md:3:24: broken anchor: `#tidak-ada` is not a heading id on this page",
    );
    assert_eq!(run.lines().len(), 1, "{}", run.stderr);
    // Before 3.1 Docusaurus did not check anchors.
    let (pkg, json) = version("2.4.3");
    let run = classic_with(&[page, (pkg, &json)]);
    assert!(run.ok && run.lines().is_empty(), "{}", run.stderr);
    // The project's own policy decides.
    let config = CLASSIC.replace("baseUrl: '/',", "baseUrl: '/', onBrokenAnchors: 'throw',");
    let run = Project::new(&config, &[page]).build();
    assert!(!run.ok);
    run.assert_line(
        "error[broken-anchor]: docs/a.md:3:24: broken anchor: `#tidak-ada` is not a heading id on this page",
    );
}

#[test]
fn javascript_that_cannot_run_is_left_out_with_a_warning() {
    let page = r#"import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
import konstanta from '@site/src/konstanta';

<Tabs groupId="os" values={konstanta.sistem}>
<TabItem value="linux" label="Linux">

Pakai apt.

</TabItem>
<TabItem value="mac">

Pakai brew.

</TabItem>
</Tabs>

<a href={`https://contoh.id/${versi}`} title="tautan">rilis</a>
"#;
    let run = classic_with(&[("docs/a.mdx", page)]);
    assert!(run.ok, "{}", run.stderr);
    run.assert_line("warning[needs-javascript]: docs/a.mdx:5:28: `values` of `<Tabs>` needs JavaScript to compute (`konstanta` is not a value docgen can read without running JavaScript); docgen leaves it out");
    run.assert_line(
        "warning[needs-javascript]: docs/a.mdx:18:9: unsupported JSX expression `{`https://contoh.id/${versi}`}`",
    );
    let html = run.page("docs/a/index.html");
    // The tabs come from their items: value, label or else the value.
    assert_eq!(texts(&html, "[role=tab]"), ["Linux", "mac"]);
    let link = one(&html, "a[title=tautan]");
    assert_eq!(text(link), "rilis");
    assert!(
        link.value().attr("href").is_none(),
        "the attribute is left out"
    );
}

#[test]
fn numbers_front_matter_and_exported_styles_in_attributes() {
    let page = "---\ntitle: Logo\nwarna: biru\n---\nexport const gaya = {maxWidth: 600, display: 'block'};\n\n<img src=\"/img/logo.png\" width={300} style={gaya} alt={frontMatter.warna} />\n\nJudul: {frontMatter.title}\n";
    let run = classic_with(&[("docs/a.mdx", page), ("static/img/logo.png", "png")]);
    assert!(run.ok, "{}", run.stderr);
    let html = run.page("docs/a/index.html");
    let img = one(&html, ".markdown img");
    assert_eq!(attr(img, "width"), "300");
    assert_eq!(attr(img, "style"), "display: block; max-width: 600px");
    assert_eq!(attr(img, "alt"), "biru");
    assert!(text(one(&html, ".markdown")).contains("Judul: Logo"));
}

#[test]
fn use_base_url_gives_urls_and_mends_letter_case() {
    let page = "import useBaseUrl from '@docusaurus/useBaseUrl';\n\n<img src={useBaseUrl('img/Foto.PNG')} alt=\"foto\" />\n\n<a href={useBaseUrl('/docs/b')}>ke B</a>\n\n<img src={useBaseUrl('img/nanti.png')} alt=\"nanti\" />\n";
    let run = classic_with(&[
        ("docs/a.mdx", page),
        ("docs/b.md", "# B\n"),
        ("static/img/foto.png", "png"),
    ]);
    assert!(run.ok, "{}", run.stderr);
    run.assert_line(
        "warning[missing-url-target]: docs/a.mdx:3:10: file not found: `static/img/Foto.PNG`",
    );
    run.assert_line(
        "warning[missing-url-target]: docs/a.mdx:7:10: file not found: `static/img/nanti.png`",
    );
    assert!(run.stderr.contains("did you mean `static/img/foto.png`?"));
    let html = run.page("docs/a/index.html");
    assert_eq!(
        attr(one(&html, "img[alt=foto]"), "src"),
        "../../img/foto.png"
    );
    assert_eq!(
        attr(one(&html, "img[alt=nanti]"), "src"),
        "../../img/nanti.png"
    );
    assert_eq!(
        attr(one(&html, ".markdown a"), "href"),
        "../../docs/b/index.html"
    );
}

#[test]
fn an_html_tag_right_after_a_word_is_still_html() {
    let page = "| nama | jenis |\n| --- | --- |\n| bundle<div className=\"label\">iOS</div> | teks |\n\nVec<T> tetap teks.\n";
    let run = classic_with(&[("docs/a.mdx", page)]);
    assert!(run.ok, "{}", run.stderr);
    let html = run.page("docs/a/index.html");
    assert_eq!(text(one(&html, "td div.label")), "iOS");
    assert!(text(one(&html, ".markdown p")).contains("Vec<T> tetap teks."));
}

#[test]
fn markdown_links_are_looked_up_as_docusaurus_does() {
    let page = "[dari akar](api/store.md) [relatif](./api/store.md) [situs](/docs/api/store.md) [@site](@site/docs/api/store.md)\n";
    let run = classic_with(&[
        ("docs/guide/a.md", page),
        ("docs/api/store.md", "# Store\n"),
    ]);
    assert!(run.ok, "{}", run.stderr);
    // `./api/store.md` is relative to the file only: Docusaurus' default policy warns.
    run.assert_line("warning[broken-markdown-link]: docs/guide/a.md:1:27: broken link: `./api/store.md` does not lead to a page or file");
    let html = run.page("docs/guide/a/index.html");
    let hrefs: Vec<String> = all(&html, ".markdown a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(hrefs[0], "../../../docs/api/store/index.html");
    assert_eq!(hrefs[1], "./api/store.md");
    assert_eq!(hrefs[2], "../../../docs/api/store/index.html");
    assert_eq!(hrefs[3], "../../../docs/api/store/index.html");
}

#[test]
fn site_paths_and_paths_leaving_the_docs_folder_find_their_files() {
    let page = "![satu](@site/static/img/a.png)\n\n![dua](../../static/img/a.png)\n";
    let run = classic_with(&[("docs/x/y.md", page), ("static/img/a.png", "png")]);
    assert!(run.ok, "{}", run.stderr);
    let html = run.page("docs/x/y/index.html");
    assert_eq!(
        attr(one(&html, "img[alt=satu]"), "src"),
        "../../../img/a.png"
    );
    assert_eq!(
        attr(one(&html, "img[alt=dua]"), "src"),
        "../../../img/a.png"
    );
}

/// microsoft/playwright.dev: `![…](../images/getting-started/x.png)` names a folder of the
/// project beside `docs`, neither static nor content. Docusaurus takes any file that way.
#[test]
fn a_relative_path_to_any_folder_of_the_project_finds_its_file() {
    let page = "![satu](../images/a.png)\n";
    let run = classic_with(&[
        ("docs/x.md", page),
        ("docs/sub/y.md", "![satu](../../images/a.png)\n"),
        ("images/a.png", "png"),
    ]);
    assert!(run.ok, "{}", run.stderr);
    for (rel, up) in [
        ("docs/x/index.html", "../../"),
        ("docs/sub/y/index.html", "../../../"),
    ] {
        let html = run.page(rel);
        let src = attr(one(&html, "img[alt=satu]"), "src");
        let file = src
            .strip_prefix(up)
            .unwrap_or_else(|| panic!("{rel}: {src}"));
        assert!(run.has(file), "{rel}: {src} is in the output");
        assert_eq!(std::fs::read(run.out.join(file)).unwrap(), b"png");
    }
}

#[test]
fn a_category_index_is_found_by_its_raw_name() {
    let run = classic_with(&[
        ("docs/2-Medium/1-Medium.md", "# Medium satu\n"),
        ("docs/3-Besar/3-Besar.md", "# Besar\n"),
        (
            "docs/intro.md",
            "[m](/docs/Medium/Medium) [b](/docs/Besar)\n",
        ),
    ]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.has("docs/Medium/Medium/index.html"));
    assert!(run.has("docs/Besar/index.html"));
}

#[test]
fn any_markdown_file_can_be_imported_in_any_statement_shape() {
    let page = "import Tabs from '@theme/Tabs'; import Lain from './lain.md';\nimport\n  Bagian from './\\_bagian.mdx';\nimport Judul from './berjudul.md';\n\n<Lain />\n\n<Bagian />\n\n<Judul />\n";
    let run = classic_with(&[
        ("docs/a.mdx", page),
        ("docs/lain.md", "Isi halaman lain.\n"),
        // A page with a title and no imports of its own: its text is let go once read, and
        // read again for the page that shows it.
        (
            "docs/berjudul.md",
            "---\ntitle: Berjudul\n---\nIsi halaman berjudul.\n",
        ),
        ("docs/_bagian.mdx", "## Dari bagian\n\nIsi bagian.\n"),
        ("docs/b.md", "[ke bagian](./a.mdx#dari-bagian)\n"),
    ]);
    assert!(run.ok, "{}", run.stderr);
    let html = run.page("docs/a/index.html");
    let body = text(one(&html, ".markdown"));
    assert!(body.contains("Isi halaman lain."), "{body}");
    assert!(body.contains("Isi bagian."), "{body}");
    assert!(body.contains("Isi halaman berjudul."), "{body}");
    // An imported page is still a page of its own.
    assert!(run.has("docs/lain/index.html"));
    assert!(run.lines().is_empty(), "{}", run.stderr);
}

#[test]
fn url_links_match_routes_by_id_case_trailing_slash_and_base_url() {
    let config = CLASSIC.replace("baseUrl: '/'", "baseUrl: '/situs/'");
    let run = Project::new(
        &config,
        &[
            ("docs/Configuration.md", "---\nid: configuration\n---\n# Konfigurasi\n\n## Proyek\n"),
            ("docs/cli.md", "[a](configuration#proyek) [b](/docs/CONFIGURATION/) [c](/situs/docs/configuration)\n"),
        ],
    )
    .build();
    assert!(run.ok, "{}", run.stderr);
    assert!(run.lines().is_empty(), "{}", run.stderr);
    let html = run.page("docs/cli/index.html");
    for a in all(&html, ".markdown a") {
        assert!(
            attr(a, "href").starts_with("../../docs/configuration/index.html"),
            "{}",
            attr(a, "href")
        );
    }
}

#[test]
fn routes_of_the_blog_pages_versions_and_other_instances_are_link_targets() {
    let config = r#"module.exports = {
  title: 'Uji', url: 'https://contoh.id', baseUrl: '/',
  presets: [['classic', { docs: { sidebarPath: false } }]],
  plugins: [['@docusaurus/plugin-content-docs', { id: 'komunitas', path: 'komunitas', routeBasePath: 'komunitas' }]],
};"#;
    let links = "[b](/blog/2024/01/02/halo) [t](/blog/tags/rilis) [p](/tentang) [v](/docs/lama) [n](/docs/next/intro) [k](/komunitas/dukungan)\n";
    let run = Project::new(
        config,
        &[
            ("docs/intro.md", links),
            (
                "blog/2024-01-02-halo.md",
                "---\ntitle: Halo\ntags: [rilis]\n---\nIsi.\n",
            ),
            ("src/pages/tentang.js", "export default () => null;\n"),
            ("versions.json", "[\"1.0\"]"),
            ("versioned_docs/version-1.0/lama.md", "# Lama\n"),
            (
                "versioned_sidebars/version-1.0-sidebars.json",
                "{\"dok\": [\"lama\"]}",
            ),
            ("komunitas/dukungan.md", "# Dukungan\n"),
        ],
    )
    .build();
    assert!(run.ok, "{}", run.stderr);
    run.assert_line("warning[not-built]: src/pages/tentang.js: 1 React page cannot be built without running JavaScript and is left out: src/pages/tentang.js");
    assert_eq!(run.lines().len(), 1, "{}", run.stderr);
    // The current docs are at `next` (1.0 is the last version); the blog and the versions are
    // built now: their pages are pages of the site.
    let html = run.page("docs/next/intro/index.html");
    let hrefs: Vec<String> = all(&html, ".markdown a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(hrefs[0], "../../../blog/2024/01/02/halo/index.html");
    assert_eq!(hrefs[1], "../../../blog/tags/rilis/index.html");
    assert_eq!(hrefs[2], "/tentang");
    assert_eq!(hrefs[3], "../../../docs/lama/index.html");
    assert_eq!(hrefs[4], "../../../docs/next/intro/index.html");
}

#[test]
fn admonition_keywords_follow_the_docusaurus_version() {
    let page = ":::warningPerhatian\n\nHati-hati.\n\n:::\n\n:::rahasia\n\nTeks.\n\n:::\n\n:::tanda\n\nKhusus.\n\n:::\n";
    let v2 = (
        "package.json",
        r#"{"dependencies": {"@docusaurus/core": "2.0.0-beta.9"}}"#,
    );
    let config = CLASSIC.replace(
        "sidebarPath: false",
        "sidebarPath: false, admonitions: { keywords: ['tanda'] }",
    );
    // Docusaurus 2 matched keywords as prefixes.
    let run = Project::new(&config, &[("docs/a.md", page), v2]).build();
    let html = run.page("docs/a/index.html");
    let warning = one(&html, ".admonition-warning");
    assert_eq!(
        text(one(&html, ".admonition-warning .admonition-heading")),
        "Perhatian"
    );
    assert!(text(warning).contains("Hati-hati."));
    assert!(text(one(&html, ".admonition-tanda")).contains("Khusus."));
    // Docusaurus 3: an unknown directive is text, with a warning.
    let run = Project::new(&config, &[("docs/a.md", page)]).build();
    assert!(run.ok, "{}", run.stderr);
    run.assert_line(
        "warning[admonition]: docs/a.md:7:1: unknown admonition type `rahasia`; the line is shown as text",
    );
    let html = run.page("docs/a/index.html");
    assert!(text(one(&html, ".markdown")).contains(":::rahasia"));
    assert!(
        all(&html, ".admonition-warning").is_empty(),
        "no prefix matching in 3"
    );
}

#[test]
fn excluded_files_are_not_pages_and_fences_unwrap_and_close_in_lists() {
    let config = CLASSIC.replace(
        "sidebarPath: false",
        "sidebarPath: false, exclude: ['**/README.md']",
    );
    let page = "- ```shell\n    chown saya berkas\n  ```\n  keterangan: mengubah pemilik.\n\n```mdx-code-block\n<details><summary>Lagi</summary>\n\nIsi **tebal**.\n\n</details>\n```\n";
    let run = Project::new(
        &config,
        &[("docs/a.mdx", page), ("docs/README.md", "[x](/scripts)\n")],
    )
    .build();
    assert!(run.ok, "{}", run.stderr);
    assert!(!run.has("docs/README/index.html"));
    assert!(run.lines().is_empty(), "{}", run.stderr);
    let html = run.page("docs/a/index.html");
    assert!(text(one(&html, ".markdown li")).contains("keterangan: mengubah pemilik."));
    assert_eq!(all(&html, "pre").len(), 1, "one code block");
    assert_eq!(text(one(&html, "details strong")), "tebal");
}

#[test]
fn ids_of_elements_and_headings_of_imported_files_are_anchors() {
    let run = classic_with(&[
        (
            "docs/a.mdx",
            "import Bagian from './_bagian.md';\n\n[x](#khusus) [y](#dari-bagian)\n\n<details id=\"khusus\"><summary>S</summary>\n\nIsi.\n\n</details>\n\n<Bagian />\n",
        ),
        ("docs/_bagian.md", "## Dari bagian\n"),
        (
            "package.json",
            r#"{"dependencies": {"@docusaurus/core": "3.6.0"}}"#,
        ),
    ]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.lines().is_empty(), "{}", run.stderr);
}

#[test]
fn a_category_link_may_name_a_local_doc_id() {
    let run = classic_with(&[
        (
            "docs/api/themes/_category_.yml",
            "link:\n  type: doc\n  id: ringkasan\n",
        ),
        (
            "docs/api/themes/overview.md",
            "---\nid: ringkasan\n---\n# Ringkasan\n",
        ),
        ("docs/api/themes/klasik.md", "# Klasik\n"),
    ]);
    assert!(run.ok, "{}", run.stderr);
    let html = run.page("docs/api/themes/klasik/index.html");
    let links: Vec<String> = all(&html, "#sidebar a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert!(
        links.iter().any(|h| h == "../ringkasan/index.html"),
        "from docs/api/themes/klasik/: {links:?}"
    );
}

/// As in Docusaurus (prettier's `docs/index.md` is `id: index` and is linked as `/docs`): a
/// folder's `index.md` takes the folder's route whatever its `id`, and links to the folder find it.
#[test]
fn an_index_page_with_an_id_still_takes_its_folders_route() {
    let run = classic_with(&[
        (
            "docs/panduan/index.md",
            "---\nid: ringkasan\ntitle: Ringkasan Panduan\n---\n\nIsi ringkasan.\n",
        ),
        (
            "docs/intro.md",
            "# Pengantar\n\nBaca [panduan](/docs/panduan) dan [lagi](./panduan/index.md).\n",
        ),
    ]);
    assert!(run.ok, "{}", run.stderr);
    let index = run.page("docs/panduan/index.html");
    assert_eq!(text(one(&index, "h1")), "Ringkasan Panduan");
    let intro = run.page("docs/intro/index.html");
    let links: Vec<String> = all(&intro, ".markdown a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    let folder = "../../docs/panduan/index.html";
    assert_eq!(links, [folder, folder], "from docs/intro/");
}

/// The docs options `sidebarCollapsed` and `sidebarCollapsible` (prettier's site says
/// `sidebarCollapsed: false`) decide how the categories that do not say start.
#[test]
fn the_docs_options_decide_whether_categories_start_folded() {
    let files = [
        ("docs/a.md", "# A\n"),
        ("docs/bab/b.md", "# B\n"),
        ("docs/lain/c.md", "# C\n"),
    ];
    let open_on_a = |config: &str| -> usize {
        let run = Project::new(config, &files).build();
        assert!(run.ok, "{}", run.stderr);
        let page = run.page("docs/a/index.html");
        all(&page, "#sidebar details[open]").len()
    };
    let with = |option: &str| {
        CLASSIC.replace(
            "sidebarPath: false",
            &format!("sidebarPath: false, {option}"),
        )
    };
    assert_eq!(open_on_a(CLASSIC), 0, "folded by default");
    assert_eq!(open_on_a(&with("sidebarCollapsed: false")), 2);
    assert_eq!(
        open_on_a(&with("sidebarCollapsible: false")),
        2,
        "what cannot fold is open"
    );
}

/// The fixture projects in `tests/fixtures/` were never Docusaurus projects: keep them strict.
#[test]
fn a_docgen_site_keeps_its_strict_defaults() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root: &Path = tmp.path();
    std::fs::create_dir_all(root.join("content")).expect("mkdir");
    std::fs::write(
        root.join("content/a.mdx"),
        "# A\n\n[x](#tidak-ada)\n\n<img src={useBaseUrl('img/hilang.png')} />\n",
    )
    .expect("write");
    let o = docgen(&["check"], root);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("error[broken-anchor]: content/a.mdx:3:1: broken anchor: `#tidak-ada`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error[missing-url-target]: content/a.mdx:5:10: file not found: `static/img/hilang.png`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_projects_own_js_module_is_read_for_its_literal_exports() {
    let page = r#"import Tabs from '@theme/Tabs'; import TabItem from '@theme/TabItem'; import konstanta from '@site/src/konstanta';

<Tabs groupId="os" defaultValue={konstanta.bawaan} values={konstanta.sistem}>
<TabItem value="linux">

Pakai apt.

</TabItem>
<TabItem value="mac">

Pakai brew.

</TabItem>
</Tabs>
"#;
    let module = "const sistem = [{label: 'Linux', value: 'linux'}, {label: 'macOS', value: 'mac'}];\nconst bawaan = navigator.platform.startsWith('Mac') ? 'mac' : 'linux';\nexport default { sistem, bawaan };\n";
    let run = classic_with(&[("docs/a.mdx", page), ("src/konstanta.ts", module)]);
    assert!(run.ok, "{}", run.stderr);
    let html = run.page("docs/a/index.html");
    assert_eq!(texts(&html, "[role=tab]"), ["Linux", "macOS"]);
    // The entry computed at run time is left out, and said so.
    run.assert_line("warning[needs-javascript]: src/konstanta.ts:3:26: `bawaan` is computed by JavaScript (`bawaan` is not a value docgen can read without running JavaScript); pages that use it get nothing");
    assert_eq!(run.lines().len(), 1, "{}", run.stderr);
}

#[test]
fn several_docs_instances_are_built_with_their_own_sidebars_and_link_each_other() {
    let config = r#"module.exports = {
  title: 'Uji', url: 'https://contoh.id', baseUrl: '/',
  presets: [['classic', { docs: { sidebarPath: false } }]],
  plugins: [['@docusaurus/plugin-content-docs', {
    id: 'komunitas', path: 'komunitas', routeBasePath: 'komunitas',
    sidebarPath: require.resolve('./sidebars-komunitas.js'),
  }]],
};"#;
    let run = Project::new(
        config,
        &[
            ("docs/intro.md", "# Pengantar\n\n[dukungan](/komunitas/dukungan) dan [berkas](../komunitas/dukungan.md)\n"),
            ("komunitas/dukungan.md", "# Dukungan\n\n![logo](./img/logo.png)\n\n[kembali](/docs/intro)\n"),
            ("komunitas/rilis.md", "# Rilis\n\n[dukungan](dukungan.md)\n"),
            ("komunitas/img/logo.png", "png"),
            ("sidebars-komunitas.js", "module.exports = { komunitas: ['rilis', 'dukungan'] };\n"),
        ],
    )
    .build();
    assert!(run.ok, "{}", run.stderr);
    assert!(run.lines().is_empty(), "{}", run.stderr);
    let support = run.page("komunitas/dukungan/index.html");
    // Its own sidebar, in the order its sidebars file gives.
    assert_eq!(
        texts(&support, "#sidebar .sidebar-list a"),
        ["Rilis", "Dukungan"]
    );
    assert_eq!(
        attr(one(&support, ".markdown a"), "href"),
        "../../docs/intro/index.html"
    );
    let logo = attr(one(&support, ".markdown img"), "src");
    assert!(
        run.out.join("komunitas/dukungan").join(&logo).is_file(),
        "{logo}"
    );
    let intro = run.page("docs/intro/index.html");
    let hrefs: Vec<String> = all(&intro, ".markdown a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../../komunitas/dukungan/index.html",
            "../../komunitas/dukungan/index.html"
        ]
    );
    assert_eq!(texts(&intro, "#sidebar .sidebar-list a"), ["Pengantar"]);
}

#[test]
fn only_included_files_are_pages() {
    let config = CLASSIC.replace(
        "sidebarPath: false",
        "sidebarPath: false, include: ['panduan/**/*.md']",
    );
    let run = Project::new(
        &config,
        &[
            ("docs/panduan/a.md", "# A\n"),
            ("docs/catatan.md", "# Catatan\n"),
        ],
    )
    .build();
    assert!(run.ok, "{}", run.stderr);
    assert!(run.has("docs/panduan/a/index.html"));
    assert!(!run.has("docs/catatan/index.html"));
}

/// Inputs that once crashed or looped: each builds or fails with a message, never a panic.
#[test]
fn hostile_inputs_end_with_a_message() {
    // A sidebar defined in terms of itself.
    let run = Project::new(
        "module.exports = { title: 'Uji', presets: [['classic', { docs: { sidebarPath: './sidebars.js' } }]] };",
        &[
            ("docs/a.md", "# A\n"),
            ("sidebars.js", "var a = ['a', a];\nconst b = [...b];\nmodule.exports = { s: a, t: b };\n"),
        ],
    )
    .build();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // A style object followed by a multi-byte character, and a path above the site folder.
    let run = classic_with(&[(
        "docs/a.mdx",
        "<div style={{color: 'red'}é}>x</div>\n\n[a](@site/../x.png) ![b](../../../x.png)\n\n<div\n  data={{a: 1}\n",
    )]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains("never closed"), "{}", run.stderr);
}

#[test]
fn an_import_that_leaves_the_site_is_not_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("rahasia.md"), "RAHASIA\n").expect("write");
    let run = Project::new(
        CLASSIC,
        &[(
            "docs/a.mdx",
            &format!(
                "import R from '@site/../{}/rahasia.md';\n\n<R />\n",
                outside
                    .path()
                    .file_name()
                    .and_then(|n| n.to_str())
                    .expect("name")
            ),
        )],
    )
    .build();
    let html = std::fs::read_to_string(run.out.join("docs/a/index.html")).unwrap_or_default();
    assert!(!html.contains("RAHASIA"), "{}", run.stderr);
}

//! What goes into the search index: a small site is built and the Pagefind bundle it produced
//! is read back. Each page's fragment (`pagefind/fragment/*.pf_fragment`, gzip'd JSON after a
//! `pagefind_dcd` signature) holds the text Pagefind indexed for it, its metadata and anchors.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;
use serde_json::Value;

const SIGNATURE: &[u8] = b"pagefind_dcd";

/// Every page's fragment in the bundle under `out`, by URL.
fn fragments(out: &Path) -> Vec<Value> {
    fragments_in(&out.join("pagefind"))
}

fn fragments_in(bundle: &Path) -> Vec<Value> {
    let dir = bundle.join("fragment");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path).expect("open fragment"))
            .read_to_end(&mut json)
            .expect("gunzip fragment");
        let json = json.strip_prefix(SIGNATURE).expect("fragment signature");
        found.push(serde_json::from_slice(json).expect("fragment JSON"));
    }
    found
}

fn fragment<'a>(all: &'a [Value], url: &str) -> &'a Value {
    all.iter()
        .find(|f| f["url"] == url)
        .unwrap_or_else(|| panic!("no fragment for {url}: {:?}", urls(all)))
}

fn urls(all: &[Value]) -> Vec<&str> {
    all.iter().filter_map(|f| f["url"].as_str()).collect()
}

fn site() -> tempfile::TempDir {
    site_from(&[
        (
            "docgen.toml",
            "title = \"Situs Penanda Navbar\"\nlanguage = \"id\"\nfooter = \"Catatan kaki penanda\"\n"
                .as_bytes(),
        ),
        (
            "content/1-alfa.md",
            "---\ntitle: Halaman Alfa\ndescription: Ringkasan alfa yang singkat\nkeywords: [katakuncikhusus]\n---\n\nParagraf pembuka tentang perencanaan.\n\n## Bagian Kedua\n\nIsi bagian kedua.\n\n```bash\necho perintahdalamkode\n```\n\n<div class=\"search-ignore\">teksyangdisembunyikan</div>\n"
                .as_bytes(),
        ),
        (
            "content/2-beta.md",
            b"---\ntitle: Halaman Beta\nsearch: false\n---\n\nKata tidakdicari ada di sini.\n",
        ),
        (
            "content/3-gamma.md",
            b"---\ntitle: Halaman Gamma\npagefind: false\n---\n\nKata gammatersembunyi.\n",
        ),
        (
            "content/4-delta.md",
            b"---\ntitle: Halaman Delta\n---\n\nIsi delta.\n",
        ),
    ])
}

#[test]
fn the_article_is_indexed_and_the_page_furniture_is_not() {
    let tmp = site();
    let built = build_site(tmp.path());
    let all = fragments(&built.out);
    // What the indexer read was kept aside while building and is gone from the output.
    assert!(!built.out.join(".search-input").exists());
    assert!(
        urls(&all).iter().all(|u| !u.contains("search-input")),
        "{:?}",
        urls(&all)
    );
    let alfa = fragment(&all, "/alfa/");
    let content = alfa["content"].as_str().expect("content");
    for wanted in [
        "Halaman Alfa",
        "perencanaan",
        "Bagian Kedua",
        "Isi bagian kedua",
    ] {
        assert!(content.contains(wanted), "{wanted:?} not in {content:?}");
    }
    // The navbar title, the sidebar and pagination (other pages' titles), the table of
    // contents' title, the footer, code blocks (as DocSearch does) and the marked region are
    // left out.
    for unwanted in [
        "perintahdalamkode",
        "Situs Penanda Navbar",
        "Halaman Delta",
        "Di halaman ini",
        "Catatan kaki penanda",
        "teksyangdisembunyikan",
        "Berikutnya",
    ] {
        assert!(!content.contains(unwanted), "{unwanted:?} in {content:?}");
    }
    assert_eq!(alfa["meta"]["title"], "Halaman Alfa");
    assert_eq!(alfa["meta"]["description"], "Ringkasan alfa yang singkat");
    assert_eq!(alfa["meta"]["keywords"], "katakuncikhusus");
    let anchors: Vec<&str> = alfa["anchors"]
        .as_array()
        .expect("anchors")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(anchors.contains(&"bagian-kedua"), "{anchors:?}");
}

#[test]
fn pages_that_opt_out_are_not_indexed() {
    let tmp = site();
    let built = build_site(tmp.path());
    let all = fragments(&built.out);
    let found = urls(&all);
    assert!(found.contains(&"/delta/"), "{found:?}");
    assert!(!found.contains(&"/beta/"), "search: false: {found:?}");
    assert!(!found.contains(&"/gamma/"), "pagefind: false: {found:?}");
    let everything: String = all.iter().map(|f| f["content"].to_string()).collect();
    assert!(!everything.contains("tidakdicari"));
    assert!(!everything.contains("gammatersembunyi"));
    // The pages themselves are still built.
    assert!(built.exists("beta/index.html"));
}

#[test]
fn the_index_is_made_for_the_site_language() {
    let tmp = site();
    let built = build_site(tmp.path());
    let entry: Value = serde_json::from_slice(
        &std::fs::read(built.out.join("pagefind/pagefind-entry.json")).expect("entry file"),
    )
    .expect("entry JSON");
    let languages: Vec<&String> = entry["languages"]
        .as_object()
        .expect("languages")
        .keys()
        .collect();
    assert_eq!(languages, ["id"]);
    assert_eq!(entry["languages"]["id"]["page_count"], 2);
    assert!(built.exists("pagefind/pagefind.js"));
    assert!(built.exists("pagefind/wasm.id.pagefind"));
    // Pagefind's own UIs are not shipped: the theme has its own.
    assert!(!built.exists("pagefind/pagefind-ui.js"));
    let page = built.page("alfa/index.html");
    assert_eq!(all(&page, ".search-button").len(), 1);
    assert_eq!(attr(one(&page, "html"), "lang"), "id");
}

#[test]
fn a_large_site_is_indexed_in_bundles_the_first_one_lists() {
    let tmp = site();
    let built = build_with_env(tmp.path(), &[("DOCGEN_SEARCH_SHARD_PAGES", "1")]);
    let read = |rel: &str| -> Value {
        let path = built.out.join(rel);
        serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}")))
            .expect("JSON")
    };
    // Two searchable pages, one a bundle: the second in a bundle of its own.
    assert_eq!(
        read("pagefind/docgen-shards.json"),
        serde_json::json!({"id": ["shard-id-1/"]})
    );
    assert_eq!(
        read("pagefind/pagefind-entry.json")["languages"]["id"]["page_count"],
        1
    );
    let shard = read("pagefind/shard-id-1/pagefind-entry.json");
    assert_eq!(shard["languages"]["id"]["page_count"], 1);
    // The shard is only data: the browser runs it with the first bundle's scripts.
    assert!(built.exists("pagefind/pagefind.js"));
    assert!(!built.exists("pagefind/shard-id-1/pagefind.js"));
    assert!(!built.exists("pagefind/shard-id-1/wasm.id.pagefind"));
    assert!(!built.exists(".search-input"));
    let first = urls(&fragments(&built.out)).join(" ");
    let second = urls(&fragments_in(&built.out.join("pagefind/shard-id-1"))).join(" ");
    // Pages go to bundles in path order, with their URLs from the site's root.
    assert_eq!((first.as_str(), second.as_str()), ("/alfa/", "/delta/"));

    // Without the variable the same site is one bundle with an empty list.
    let whole = build_site(tmp.path());
    assert_eq!(
        std::fs::read(whole.out.join("pagefind/docgen-shards.json")).expect("list"),
        b"{}"
    );
    assert!(!whole.exists("pagefind/shard-id-1"));
}

/// Bundles are built two at a time; the index is still the same from one clean build to the
/// next, and every page is in exactly one bundle, in path order.
#[test]
fn bundles_built_at_once_make_the_same_index_every_time() {
    let names = ["a", "b", "c", "d", "e", "f", "g"];
    let pages: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| {
            let body = format!("---\ntitle: Halaman {n}\n---\n\nIsi halaman kata{n}.\n");
            (format!("content/{n}.md"), body.into_bytes())
        })
        .collect();
    let mut files: Vec<(&str, &[u8])> =
        vec![("docgen.toml", b"title = \"Bundel\"\nlanguage = \"id\"\n")];
    files.extend(pages.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let tmp = site_from(&files);
    let env = [("DOCGEN_SEARCH_SHARD_PAGES", "2")];
    let first = build_with_env(tmp.path(), &env);
    let _ = std::fs::remove_dir_all(tmp.path().join(".docgen-cache"));
    let second = build_with_env(tmp.path(), &env);
    let index = |out: &Path| snapshot(&out.join("pagefind"));
    assert!(
        index(&first.out) == index(&second.out),
        "two clean builds made different indexes"
    );

    let manifest: Value = serde_json::from_slice(
        &std::fs::read(first.out.join("pagefind/docgen-shards.json")).expect("manifest"),
    )
    .expect("JSON");
    assert_eq!(
        manifest,
        serde_json::json!({"id": ["shard-id-1/", "shard-id-2/", "shard-id-3/"]})
    );
    let mut per_bundle = vec![urls(&fragments(&first.out)).join(" ")];
    for n in 1..=3 {
        let bundle = first.out.join(format!("pagefind/shard-id-{n}"));
        let mut found: Vec<String> = urls(&fragments_in(&bundle))
            .into_iter()
            .map(String::from)
            .collect();
        found.sort();
        per_bundle.push(found.join(" "));
    }
    // Seven searchable pages (the home page is not one), two a bundle in path order.
    let mut primary: Vec<&str> = per_bundle[0].split(' ').collect();
    primary.sort();
    assert_eq!(primary, ["/a/", "/b/"], "{per_bundle:?}");
    assert_eq!(&per_bundle[1..], ["/c/ /d/", "/e/ /f/", "/g/"]);
    assert!(!first.exists(".search-input"));
}

#[test]
fn search_can_be_turned_off() {
    let tmp = site();
    let config = tmp.path().join("docgen.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, format!("{text}search = false\n")).expect("write config");
    let built = build_site(tmp.path());
    assert!(!built.exists("pagefind"));
    assert!(!built.exists("theme/search.js"));
    let page = built.page("alfa/index.html");
    assert!(
        all(
            &page,
            ".search-button, .search-dialog, [data-pagefind-body]"
        )
        .is_empty()
    );
}

#[test]
fn versioned_pages_carry_their_version_for_search_to_keep_to() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let options = docgen::BuildOptions {
        root: common::fixture("docusaurus-versions"),
        output: Some(out.clone()),
        no_cache: true,
        ..Default::default()
    };
    docgen::build(&options).expect("build");
    let all = fragments(&out);
    let version = |url: &str| fragment(&all, url)["filters"]["version"].clone();
    assert_eq!(
        version("/docs/1.0/pengantar/"),
        serde_json::json!(["1.0 (lama)"])
    );
    assert_eq!(version("/docs/pengantar/"), serde_json::json!(["2.0"]));
    assert_eq!(version("/docs/next/baru/"), serde_json::json!(["Next"]));
    // The search box asks for the reader's version.
    let page = std::fs::read_to_string(out.join("docs/1.0/pengantar/index.html")).unwrap();
    assert!(
        page.contains("data-version=\"1.0 (lama)\""),
        "the search button names the version"
    );
}

/// A rebuild after an edit takes the bundles whose pages did not change from the last build
/// (`.docgen-cache/search/`) and indexes only the others; the index is the one a build without
/// the cache makes.
#[test]
fn after_an_edit_only_the_bundle_of_the_edited_page_is_indexed_again() {
    let tmp = site();
    let build = |out: &Path, extra: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_docgen"))
            .arg("build")
            .arg("--root")
            .arg(tmp.path())
            .arg("--out")
            .arg(out)
            .args(extra)
            .env("DOCGEN_SEARCH_SHARD_PAGES", "1")
            .env("NO_COLOR", "1")
            .output()
            .expect("run docgen");
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{log}");
    };
    let kept = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut found: Vec<_> = std::fs::read_dir(dir)
            .expect("the bundles are kept")
            .map(|e| e.expect("entry"))
            .map(|e| {
                let modified = e.metadata().and_then(|m| m.modified()).expect("mtime");
                (e.file_name().to_string_lossy().into_owned(), modified)
            })
            .collect();
        found.sort();
        found
    };
    let out = tmp.path().join("public");
    let kept_dir = tmp.path().join(".docgen-cache/search");
    build(&out, &[]);
    let before = kept(&kept_dir);
    assert_eq!(before.len(), 2, "alfa's bundle and delta's: {before:?}");

    std::fs::write(
        tmp.path().join("content/4-delta.md"),
        "---\ntitle: Halaman Delta\n---\n\nIsi delta yang diperbarui.\n",
    )
    .expect("write");
    build(&out, &[]);
    let after = kept(&kept_dir);
    assert_eq!(after.len(), 2, "the old delta bundle is gone: {after:?}");
    let untouched: Vec<_> = after.iter().filter(|f| before.contains(f)).collect();
    assert_eq!(
        untouched.len(),
        1,
        "alfa's bundle is taken as it was kept, not written again: {before:?} → {after:?}"
    );

    let fresh = tmp.path().join("fresh");
    build(&fresh, &["--no-cache"]);
    let (reused, clean) = (
        snapshot(&out.join("pagefind")),
        snapshot(&fresh.join("pagefind")),
    );
    assert!(reused.len() > 5, "{} files", reused.len());
    assert!(reused == clean, "the index is the one a clean build makes");
    let delta = urls(&fragments_in(&out.join("pagefind/shard-id-1"))).join(" ");
    assert_eq!(delta, "/delta/");
}

//! The output folder is docgen's alone: careless `--out` values are refused before anything is
//! touched, and a folder docgen did not write is replaced only with `--force`.

mod common;

use std::path::Path;

use common::*;

fn site() -> tempfile::TempDir {
    site_from(&[
        ("docgen.toml", b"title = \"Aman\"\n"),
        ("content/a.md", b"# A\n\nIsi.\n"),
        ("static/img/x.txt", b"x"),
    ])
}

fn refused(root: &Path, out: &str, expected: &str) {
    let before = snapshot(root);
    let o = docgen(&["build", "--out", out], root);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "--out {out}: {stderr}");
    assert!(stderr.contains(expected), "--out {out}: {stderr}");
    assert_eq!(snapshot(root), before, "--out {out} touched the site");
}

#[test]
fn source_folders_and_the_site_itself_are_never_the_output() {
    let tmp = site();
    let root = tmp.path();
    refused(root, "content", "would overwrite the site's sources in");
    refused(
        root,
        "content/deep",
        "would overwrite the site's sources in",
    );
    refused(root, "static", "would overwrite the site's sources in");
    refused(root, ".", "would replace the site folder itself");
    refused(root, "..", "would replace the site folder itself");
}

#[test]
fn a_folder_docgen_did_not_write_is_replaced_only_with_force() {
    let tmp = site();
    let root = tmp.path();
    let other = root.join("skripsi");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(other.join("bab1.docx"), "tesis").expect("write");
    refused(root, "skripsi", "holds files docgen did not write");
    assert_eq!(
        std::fs::read_to_string(other.join("bab1.docx")).expect("kept"),
        "tesis"
    );

    // Its own output is replaced without asking, build after build.
    for _ in 0..2 {
        let o = docgen(&["build", "--out", "situs"], root);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(root.join("situs/.docgen-output").is_file());

    let o = docgen(&["build", "--out", "skripsi", "--force"], root);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(root.join("skripsi/a/index.html").is_file());
    assert!(!other.join("bab1.docx").exists(), "--force replaces it");
}

#[test]
fn symbolic_links_leading_out_of_the_site_are_left_out() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("rahasia.md"), "# RAHASIA-HALAMAN\n").expect("write");
    std::fs::create_dir_all(outside.path().join("berkas")).expect("mkdir");
    std::fs::write(outside.path().join("berkas/token.txt"), "RAHASIA-TOKEN").expect("write");
    let tmp = site();
    let root = tmp.path();
    let link = std::os::unix::fs::symlink;
    link(
        outside.path().join("rahasia.md"),
        root.join("content/bocor.md"),
    )
    .expect("link");
    link(outside.path().join("berkas"), root.join("static/berkas")).expect("link");
    // Links inside the site work as before.
    link(root.join("content/a.md"), root.join("content/salinan.md")).expect("link");
    let o = docgen(&["build", "--out", "public"], root);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning[folder]: content/bocor.md: this symbolic link points outside the site"
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("warning[folder]: static/berkas: this symbolic link points outside the site"),
        "{stderr}"
    );
    assert!(root.join("public/salinan/index.html").is_file());
    let published: Vec<_> = walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        !published.iter().any(|t| t.contains("RAHASIA")),
        "nothing from outside is published"
    );
    let strict = docgen(&["build", "--strict", "--out", "public"], root);
    assert_eq!(strict.status.code(), Some(1), "an error under --strict");
}

#[test]
fn a_settings_file_leading_outside_the_site_is_not_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("rahasia.toml"), "RAHASIA = [").expect("write");
    let tmp = site();
    let root = tmp.path();
    std::fs::remove_file(root.join("docgen.toml")).expect("remove");
    std::os::unix::fs::symlink(
        outside.path().join("rahasia.toml"),
        root.join("docgen.toml"),
    )
    .expect("link");
    let o = docgen(&["check"], root);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[config]: docgen.toml: this settings file leads outside the site"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("RAHASIA"),
        "its text is never shown: {stderr}"
    );
}

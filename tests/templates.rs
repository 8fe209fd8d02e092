//! Template overrides: every mistake is reported with its own template file and line.

mod common;

use common::*;

#[test]
fn every_broken_override_is_named_with_its_place() {
    let site = site_from(&[
        ("content/a.md", b"# A\n"),
        (
            "templates/base.html",
            b"<html>\n<body>\n{{ site.title | tidak_ada }}\n</body>\n</html>\n",
        ),
        (
            "templates/page.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | juga_tidak_ada }}\n{% endblock content %}\n",
        ),
    ]);
    let o = docgen(&["check"], site.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[template]: templates/base.html:3:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[template]: templates/page.html:3:"),
        "{stderr}"
    );
}

#[test]
fn an_override_that_breaks_a_built_in_template_says_so() {
    let site = site_from(&[
        ("content/a.md", b"# A\n"),
        (
            "templates/base.html",
            b"<html><body>tanpa blok</body></html>\n",
        ),
    ]);
    let o = docgen(&["check"], site.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("<built-in theme>/"), "{stderr}");
    assert!(
        stderr.contains("the built-in template extends or includes your `base.html`"),
        "{stderr}"
    );
}

#[test]
fn a_template_linked_from_outside_the_site_is_not_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("page.html"), "RAHASIA {{ page.title }}").expect("write");
    let site = site_from(&[("content/a.md", b"# A\n")]);
    std::fs::create_dir_all(site.path().join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(
        outside.path().join("page.html"),
        site.path().join("templates/page.html"),
    )
    .expect("link");
    let o = docgen(&["build", "--out", "public"], site.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("templates/page.html: this template leads outside the site"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists(), "nothing published");
}

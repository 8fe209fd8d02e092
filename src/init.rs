//! `docgen init [DIR]`: a working site in a new or empty folder — settings with the common
//! keys explained, a first page and a category, a logo and a favicon, an empty templates
//! folder with a note on overriding, and a `.gitignore`. It never overwrites a file.

use std::path::{Path, PathBuf};

/// What `init` writes, and in which language its pages are.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub title: String,
    /// `id` or `en` (the pages' text); other languages get the English text.
    pub language: String,
}

/// Why `init` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("these files already exist, so nothing was written: {}", .0.join(", "))]
    WouldOverwrite(Vec<String>),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#2e7d6b"/><path d="M18 16h16a14 14 0 0 1 0 28H18z" fill="none" stroke="#fff" stroke-width="6"/><path d="M18 50h28" stroke="#fff" stroke-width="6" stroke-linecap="round"/></svg>
"##;

/// Writes the starter site; returns the files written, relative to the folder.
pub fn init(options: &InitOptions) -> Result<Vec<String>, InitError> {
    let files = starter_files(options);
    let existing: Vec<String> = files
        .iter()
        .filter(|(rel, _)| options.dir.join(rel).exists())
        .map(|(rel, _)| rel.clone())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::WouldOverwrite(existing));
    }
    for (rel, text) in &files {
        write(&options.dir.join(rel), text)?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

fn write(path: &Path, text: &str) -> Result<(), InitError> {
    let io = |source| InitError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, text).map_err(io)
}

fn starter_files(o: &InitOptions) -> Vec<(String, String)> {
    let id = o.language.starts_with("id");
    let t = |indonesian: &str, english: &str| match id {
        true => indonesian.to_string(),
        false => english.to_string(),
    };
    let title = o.title.replace('"', "'");
    vec![
        ("docgen.toml".into(), settings(&title, &o.language)),
        (
            "content/intro.md".into(),
            t(
                "---\ntitle: Mulai di sini\nsidebar_position: 1\n---\n\nSitus ini dibuat dengan `docgen init`. Halaman ini ada di `content/intro.md`: ubah, simpan, lalu lihat hasilnya.\n\n## Langkah berikutnya\n\n- Pratinjau sambil menulis: `docgen serve --watch`, lalu buka <http://127.0.0.1:3000/>.\n- Terbitkan: `docgen build` menulis situs ke `public/`.\n- Periksa tautan dan gambar tanpa menulis apa pun: `docgen check`.\n- Tambah halaman di `content/`; setiap folder menjadi kategori di sidebar.\n\n:::tip\n\nLihat [halaman pertama kategori](./01-panduan/langkah-pertama.md) untuk contoh kode dan gambar.\n\n:::\n",
                "---\ntitle: Start here\nsidebar_position: 1\n---\n\nThis site was made by `docgen init`. This page is `content/intro.md`: edit it, save, and see the result.\n\n## Next steps\n\n- Preview while you write: `docgen serve --watch`, then open <http://127.0.0.1:3000/>.\n- Publish: `docgen build` writes the site into `public/`.\n- Check links and images without writing anything: `docgen check`.\n- Add pages in `content/`; every folder becomes a sidebar category.\n\n:::tip\n\nSee [the category's first page](./01-guide/first-steps.md) for a code block and an image.\n\n:::\n",
            ),
        ),
        (
            t("content/01-panduan/_category_.json", "content/01-guide/_category_.json"),
            t(
                "{\n  \"label\": \"Panduan\",\n  \"position\": 2\n}\n",
                "{\n  \"label\": \"Guide\",\n  \"position\": 2\n}\n",
            ),
        ),
        (
            t("content/01-panduan/langkah-pertama.md", "content/01-guide/first-steps.md"),
            t(
                "# Langkah pertama\n\nKode diberi warna menurut bahasanya:\n\n```bash title=\"terminal\"\ndocgen build\n```\n\nGambar dari folder `static/`:\n\n![Logo](/img/logo.svg)\n",
                "# First steps\n\nCode is highlighted by its language:\n\n```bash title=\"terminal\"\ndocgen build\n```\n\nAn image from the `static/` folder:\n\n![Logo](/img/logo.svg)\n",
            ),
        ),
        ("static/img/logo.svg".into(), LOGO.into()),
        ("static/img/favicon.svg".into(), LOGO.into()),
        (
            "templates/README.md".into(),
            "Put a file here to override the built-in theme file of the same name, for example\n`page.html` or `base.html`; `shortcodes/Name.html` renders the component `<Name>`.\nFiles you do not add come from the theme built into docgen.\n".into(),
        ),
        (".gitignore".into(), "/public/\n/.docgen-cache/\n".into()),
    ]
}

fn settings(title: &str, language: &str) -> String {
    format!(
        r#"# docgen settings. Every key is optional; the commented ones show their defaults.

title = "{title}"
language = "{language}"
logo = "img/logo.svg"
favicon = "img/favicon.svg"

# Public address of the site: enables sitemap.xml and canonical links.
# base_url = "https://example.com/docs/"

# What a broken link, a missing heading or a missing image is: "error", "warn" or "ignore".
# on_broken_links = "error"
# on_missing_images = "error"

# Start of the "edit this page" link; the page's path is appended.
# edit_url = "https://github.com/you/repo/edit/main/"

# Folders, relative to this file.
# content_dir = "content"
# static_dir = "static"
# templates_dir = "templates"
# output_dir = "public"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_refuses_to_overwrite_and_names_the_files() {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::write(tmp.path().join("docgen.toml"), "title = 'mine'").expect("write");
        let options = InitOptions {
            dir: tmp.path().to_path_buf(),
            title: "Situs".into(),
            language: "id".into(),
        };
        match init(&options) {
            Err(InitError::WouldOverwrite(files)) => assert_eq!(files, ["docgen.toml"]),
            other => panic!("{other:?}"),
        }
        let kept = std::fs::read_to_string(tmp.path().join("docgen.toml")).expect("read");
        assert_eq!(kept, "title = 'mine'");
        assert!(!tmp.path().join("content").exists(), "nothing written");
    }
}

//! Any text as front matter: splitting and YAML parsing must never panic, and errors must
//! point inside the file.
#![no_main]

use std::path::Path;

use docgen::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let text = format!("---\n{data}\n---\nbody\n");
    let split = frontmatter::split(&text);
    if let Some(yaml) = split.yaml {
        if let Err(d) = frontmatter::parse(yaml, Path::new("a.md"), &text) {
            assert!(d.line >= 1 && d.line <= text.lines().count() + 1, "line {} out of range: {d}", d.line);
            let _ = d.to_string();
        }
    }
    let _ = frontmatter::split(data);
});

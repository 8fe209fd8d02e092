//! Any text as front matter (see `docgen::fuzzing::front_matter`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| docgen::fuzzing::front_matter(data));

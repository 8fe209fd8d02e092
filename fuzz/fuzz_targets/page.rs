//! Any bytes as a page through MDX, Markdown and components (see `docgen::fuzzing::page`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| docgen::fuzzing::page(data));

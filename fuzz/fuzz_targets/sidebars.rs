//! Any text through `docgen::fuzzing::sidebars`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| docgen::fuzzing::sidebars(data));

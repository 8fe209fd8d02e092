//! Any text through `docgen::fuzzing::links`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| docgen::fuzzing::links(data));

//! Any text through `docgen::fuzzing::docusaurus_config`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| docgen::fuzzing::docusaurus_config(data));

//! Any text through `validate` with auto-detection: every format's parser and adapter, then every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        fargate_guard_fuzz::check(text, None);
    }
});

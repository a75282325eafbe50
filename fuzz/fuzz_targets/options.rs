#![no_main]

#[allow(unused_imports)]
use fargate_guard::input::Format;
use fargate_guard_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check_options(text);
    }
});

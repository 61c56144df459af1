//! The `generated_validate_json` target: see `gbg_go_fuzz_checks::generated_validate_json` (fuzz/checks/src/), the
//! check that the replay test also runs on stable.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gbg_go_fuzz_checks::generated_validate_json(data));

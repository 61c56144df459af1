//! The `schema_load` target: see `gbg_go_fuzz_checks::schema_load` (fuzz/checks/src/), the
//! check that the replay test also runs on stable.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gbg_go_fuzz_checks::schema_load(data));

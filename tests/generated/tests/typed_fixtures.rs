//! Issue 11's figure for the typed form: every valid fixture payload, written as the
//! literal of `gbg_go::prefill!(schema = …, module = …, { … })` from this crate (not
//! the modules' own), compiles and equals `serde_json::from_str` of the same file.
//! The fixtures include 2020-12 (`kyc-2020`: `$defs`, `dependentRequired`,
//! `if`/`then`) and a schema split across files (`split-address`). The tests are
//! written by build.rs, one per payload.

include!(concat!(env!("OUT_DIR"), "/typed_fixtures.rs"));

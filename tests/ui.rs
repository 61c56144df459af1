//! trybuild UI tests for the macros: every diagnostic we write, one mistake per file.
//!
//! The `.stderr` files are tied to the toolchain installed here (1.95): on another
//! compiler this test does not exist (rustversion), since rustc's output format moves.
//! Regenerate with `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[rustversion::stable(1.95)]
#[test]
fn ui() {
    // trybuild compiles the cases in a crate of its own; relative schema paths must
    // still resolve against this crate (see `gbg_go::prefill!`).
    std::env::set_var("GBG_GO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/prefill/*.rs");
    t.compile_fail("tests/ui/derive/*.rs");
    t.compile_fail("tests/ui/generated/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
